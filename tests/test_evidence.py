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
    Contribution,
    Criterion,
    Initiative,
    Kind,
    PartyCheck,
    Role,
    Rules,
    Stakeholder,
    Value,
    balance,
    check_win_win_win,
    classify,
    compare,
    defections,
    explain,
    explain_stability,
    fair_split,
    ledger,
    robustness,
    simulate,
    strategies,
    sweep,
    to_html,
    transfer,
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


def swept(initiative: Initiative) -> Contribution | Value:
    """An amount to sweep: a value the focal organization receives, else the first item."""
    mine = [v for v in initiative.values if v.beneficiary == initiative.focal]
    items: list[Contribution | Value] = [*mine, *initiative.values, *initiative.contributions]
    return items[0]


#: Every result that names stakeholders, made from an initiative (and rules).
RESULTS: dict[str, Callable[[Initiative, Rules], Any]] = {
    "classify": lambda i, r: classify(i, rules=r),
    "criteria": lambda i, r: classify(i, rules=r).criteria,
    "check_win_win_win": lambda i, r: check_win_win_win(i, rules=r),
    "ledger": lambda i, r: ledger(i, rules=r),
    "balance": lambda i, _: balance(i),
    "fair_split": lambda i, _: fair_split(i),
    "defections": lambda i, r: defections(i, rules=r),
    # Spread enough that Nike+ turns on Nike: the sentences name it.
    "robustness": lambda i, r: robustness(i, rules=r, spread=0.4),
    "explain_stability": lambda i, r: explain_stability(i, rules=r),
    "simulate": lambda i, r: simulate(i, rules=r, n=200, seed=1, spread=0.5),
    "sweep": lambda i, r: sweep(i, swept(i), rules=r),
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

    def test_a_swept_payment_holds_its_payer_and_payee(self) -> None:
        """A sweep of a price says who pays whom from its own data; a rename makes it unequal."""
        pay, paid = transfer("fans", "firm", "capital", 10, low=6, high=14, link="price")
        shop = Initiative(
            "Shop",
            "firm",
            [Stakeholder("firm", "firm"), Stakeholder("fans", "customer")],
            [pay, Contribution("firm", "product", cost=8), Contribution("fans", "ideas")],
            [paid, Value("fans", 12)],
        )
        one = sweep(shop, "price")
        other = sweep(renamed(shop, "fans", "Fans"), "price")
        assert one.payment == other.payment == ("fans", "firm")
        assert dict(other.names) == {"fans": "Fans", "firm": "firm"}
        assert one != other
        assert "while 'Fans' pay 'firm' more than 8" in other.sentences[0]


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
        "path",
        sorted((SRC / "_words").glob("*.py")) + sorted((SRC / "_views").glob("*.py")),
        ids=lambda path: f"{path.parent.name}/{path.name}",
    )
    def test_no_comparison_with_a_threshold(self, path: Path) -> None:
        """No words or views module compares anything with a win threshold: results say who wins.

        Nor does one call the win test (``beats``) or the rules' deciding
        functions itself: a view that did would decide who can win.
        """
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Compare)
            and isinstance(node.ops[0], ast.Gt | ast.GtE | ast.Lt | ast.LtE)
            and any("threshold" in ast.unparse(side) for side in [node.left, *node.comparators])
        ]
        deciders = {
            "beats",
            "beats_column",
            "decide",
            "first_failed",
            "judge_columns",
            "outcome_of",
            "structure_of",
        }
        found += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in deciders)
                or (isinstance(node.func, ast.Attribute) and node.func.attr in deciders)
            )
        ]
        found += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module == "cocreate._rules.params"
            and any(alias.name in deciders for alias in node.names)
        ]
        assert found == []

    def test_the_robustness_view_shows_the_recorded_verdicts(self) -> None:
        """Who can win and who can lose is read from the result, whatever its net ranges."""
        result = robustness(nike_plus(), spread=0.4)
        assert dict(result.can_win).keys() == dict(result.net_ranges).keys()
        assert result.can_win["nike"]
        assert result.can_lose["nike"]
        flipped = attrs.evolve(
            result,
            can_win={**result.can_win, "apple": False},
            can_lose={**result.can_lose, "apple": True},
        )
        assert flipped != result
        # Apple's net range (0.2 to 5.8) is above 0, yet the view says what
        # the result recorded.
        row = next(r for r in to_html(flipped).split("<tr") if "Apple" in r)
        assert "always loses" in row
        assert "always wins" not in row
        original = next(r for r in to_html(result).split("<tr") if "Apple" in r)
        assert "always wins" in original

    @pytest.mark.parametrize(
        "path",
        [
            SRC / "_rules" / "facts.py",
            SRC / "_judgment" / "whatif.py",
            SRC / "_judgment" / "fair.py",
            SRC / "_judgment" / "ranges.py",
            SRC / "_judgment" / "sweep.py",
            *sorted((SRC / "_words").glob("*.py")),
            *sorted((SRC / "_views").glob("*.py")),
        ],
        ids=lambda path: f"{path.parent.name}/{path.name}",
    )
    def test_no_hidden_context(self, path: Path) -> None:
        """Results hold no _context, and the words and views read none."""
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        readers = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and re.search(r"\._context\b", ast.unparse(node))
        ]
        assert readers == []
        # Nor a field, an alias or a keyword of that name.
        assert re.findall(r"\b_context\b", text) == []

    @pytest.mark.parametrize("name", ["Robustness", "Stability", "Simulation", "Sweep"])
    def test_results_of_judgment_hold_their_names(self, name: str) -> None:
        """Each result of how sure a verdict is keeps the display names it shows, compared."""
        cls = getattr(cocreate, name)
        fields = {field.name: field for field in attrs.fields(cls)}
        assert "names" in fields
        assert fields["names"].eq
        assert not any(field.name.startswith("_") for field in fields.values())
