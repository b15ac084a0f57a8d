"""Results carry their own evidence: equal results say the same, and the words decide nothing."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    Check,
    Criterion,
    Initiative,
    Kind,
    PartyCheck,
    Role,
    Rules,
    Stakeholder,
    balance,
    check_win_win_win,
    classify,
    compare,
    defections,
    explain,
    fair_split,
    ledger,
    strategies,
    to_html,
    without,
)
from cocreate.examples import nike_plus

if TYPE_CHECKING:
    from collections.abc import Callable

SRC = Path(cocreate.__file__).parent


def renamed(initiative: Initiative, key: str, name: str) -> Initiative:
    """The initiative with one stakeholder's display name changed, and nothing else."""
    return initiative.evolve(
        stakeholders=[
            attrs.evolve(s, name=name) if s.id == key else s for s in initiative.stakeholders
        ]
    )


#: Every result that names stakeholders, made from an initiative (and rules).
RESULTS: dict[str, Callable[[Initiative, Rules], Any]] = {
    "classify": lambda i, r: classify(i, rules=r),
    "criteria": lambda i, r: classify(i, rules=r).criteria,
    "check_win_win_win": lambda i, r: check_win_win_win(i, rules=r),
    "ledger": lambda i, r: ledger(i, rules=r),
    "balance": lambda i, _: balance(i),
    "fair_split": lambda i, _: fair_split(i),
    "defections": lambda i, r: defections(i, rules=r),
}


def sentences(result: object) -> tuple[str, ...]:
    """The words of a result, or of each result in a tuple."""
    if isinstance(result, tuple) and result and isinstance(result[0], Criterion):
        return tuple(f"{c.requirement}: {c.evidence}" for c in result)
    return explain(result) if not isinstance(result, tuple) or result else ()


class TestOneDisplayName:
    @pytest.mark.parametrize("name", sorted(RESULTS))
    def test_a_display_name_makes_results_unequal(self, name: str) -> None:
        """Initiatives differing only in Nike's display name give unequal results."""
        make = RESULTS[name]
        before = make(nike_plus(), Rules())
        after = make(renamed(nike_plus(), "nike", "Nike Inc."), Rules())
        assert before != after
        assert sentences(before) != sentences(after)
        assert any("Nike Inc." in line for line in sentences(after))

    def test_classifications_hash_apart(self) -> None:
        """The two classifications also hash apart, so a set keeps both."""
        one = classify(nike_plus())
        other = classify(renamed(nike_plus(), "apple", "Apple Inc."))
        assert one.kind is other.kind
        assert len({one, other}) == 2
        assert one.findings.criteria != other.findings.criteria

    def test_comparisons_hold_the_names(self) -> None:
        """A comparison says the names it holds; a rename on one side makes it unequal."""
        nike = nike_plus()
        one = compare(nike, without(nike, "apple"))
        other = compare(renamed(nike, "apple", "Apple Inc."), without(nike, "apple"))
        assert one.names["apple"] == "Apple"
        assert other.names["apple"] == "Apple Inc."
        assert one != other
        assert "'Apple Inc.' gone (was 3)" in other.sentences[1]


@st.composite
def twins(draw: st.DrawFn) -> tuple[Initiative, Initiative, Rules]:
    """An initiative, and it again with one stakeholder renamed (maybe to its own name)."""
    initiative = draw(strategies.initiatives())
    person = draw(st.sampled_from(sorted(initiative.stakeholders, key=lambda s: s.id)))
    name = draw(st.sampled_from([person.name, person.name + " ", "Another name"]))
    return initiative, renamed(initiative, person.id, name), draw(strategies.rules())


class TestEqualResultsSayTheSame:
    @given(twins(), st.sampled_from(sorted(RESULTS)))
    @settings(max_examples=60, deadline=None)
    def test_equal_results_print_identical_words(
        self, case: tuple[Initiative, Initiative, Rules], name: str
    ) -> None:
        """Two results that compare equal print the same sentences and HTML, even after a pickle."""
        one_initiative, other_initiative, rules = case
        one = RESULTS[name](one_initiative, rules)
        other = RESULTS[name](other_initiative, rules)
        if one == other:
            assert sentences(one) == sentences(other)
            if not isinstance(one, tuple) or (one and not isinstance(one[0], Criterion)):
                assert to_html(one) == to_html(other)
        again = pickle.loads(pickle.dumps(one))  # noqa: S301 - our own pickle
        assert again == one
        assert sentences(again) == sentences(one)


class TestTheWordsDecideNothing:
    def test_a_recorded_win_is_said_whatever_the_numbers(self) -> None:
        """A party the rules found winning is said to win, though its net is below the threshold."""
        person = Stakeholder("p", Role.PARTNER, name="P")
        odd = PartyCheck(person, "co-creator", -5.0, True, -5.0)
        assert odd.sentence(0.0) == "co-creator 'P' has net value -5 and wins"
        loses = PartyCheck(person, "co-creator", 5.0, False, 0.0)
        assert "must win" in loses.sentence(0.0)
        assert "short by" not in loses.sentence(0.0)

    def test_a_recorded_criterion_is_said_as_recorded(self) -> None:
        """A win criterion is said from its verdict and margin, not from net and threshold."""
        held = Criterion(
            Kind.CO_CREATION,
            Check.FOCAL_WINS,
            True,
            ("f",),
            (-3.0,),
            1,
            names=("Firm",),
            margins=(-3.0,),
            role=Role.FIRM,
            rules=Rules(win_threshold=0.0),
        )
        assert held.evidence == "focal firm 'Firm' has net value -3 and wins"
        failed = attrs.evolve(held, holds=False, net_values=(7.0,), margins=(-2.0,))
        assert failed.evidence.endswith("(more than 0; short by 2)")

    def test_the_rules_parameters_come_from_the_result(self) -> None:
        """The requirement names the result's own rules: no default is written in the words."""
        # Nobody can win at 100: every kind's criteria are checked.
        rules = Rules(win_threshold=100, min_contributors=5, voice_resources={"ideas"})
        criteria = {c.check: c for c in classify(nike_plus(), rules=rules).criteria}
        assert criteria[Check.CONTRIBUTORS].requirement == (
            "at least 5 distinct stakeholders contribute"
        )
        assert criteria[Check.CO_CREATORS].requirement.endswith("beyond ideas")
        found = criteria[Check.CO_CREATORS]
        substantive = dict(zip(found.stakeholders, found.substantive, strict=True))
        assert [r.value for r in substantive["runners"]] == ["data", "feedback"]

    @pytest.mark.parametrize(
        "path", sorted((SRC / "_words").glob("*.py")) + sorted((SRC / "_views").glob("*.py"))
    )
    def test_no_comparison_with_a_threshold(self, path: Path) -> None:
        """No words or views module compares anything with a win threshold: results say who wins."""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Compare)
            and isinstance(node.ops[0], ast.Gt | ast.GtE | ast.Lt | ast.LtE)
            and any("threshold" in ast.unparse(side) for side in [node.left, *node.comparators])
        ]
        assert found == []

    @pytest.mark.parametrize(
        "path",
        [
            SRC / "_rules" / "facts.py",
            SRC / "_judgment" / "whatif.py",
            SRC / "_judgment" / "fair.py",
            *sorted((SRC / "_words").glob("*.py")),
            *sorted((SRC / "_views").glob("*.py")),
        ],
    )
    def test_no_hidden_context(self, path: Path) -> None:
        """Results hold no _context, and the words and views read none.

        The one exception left: the results of ``_judgment/ranges.py``
        (robustness, stability, simulation), whose module is being rewritten.
        """
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        readers = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and re.search(r"\._context\b", ast.unparse(node))
            and not re.search(r"robustness|stability|simulation", node.name)
        ]
        assert readers == []
