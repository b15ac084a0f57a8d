"""The words: every sentence cocreate writes reads right, for any initiative."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    Initiative,
    Resource,
    Role,
    Rules,
    Stakeholder,
    classify,
    ledger,
    profile,
)
from cocreate._model.text import number, plural, series, who
from cocreate.examples import nike_plus
from cocreate.strategies import initiatives

#: A number then a plural noun, or "1" then a plural noun.
_ONE_PLURAL = re.compile(
    r"(?<![\d.])1 (stakeholders|contributions|contributors|customers|"
    r"co-creators|participants|parties|values|more customers)\b"
)
_MANY_SINGULAR = re.compile(
    r"(?<![\d.e+-])([02-9]|\d{2,}) (stakeholder|contribution|contributor|"
    r"customer|co-creator|participant|party)\b(?! (?:is|gives|'))"
)
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])-?(\d+\.\d+)(?:e[+-]\d+)?")


def _float_noise(text: str) -> bool:
    """Whether a number in the text has more than six significant digits."""
    for match in _NUMBER.finditer(text):
        digits = match.group(1).replace(".", "").lstrip("0")
        if len(digits) > 6:
            return True
    return False


def _with_focal_role(initiative: Initiative, role: Role) -> Initiative:
    """The same initiative, with the focal organization given another organization role."""
    people = [
        Stakeholder(s.id, role, name=s.name, organization=s.organization, customer_of=s.customer_of)
        if s.id == initiative.focal
        else s
        for s in initiative.stakeholders
    ]
    return initiative.evolve(stakeholders=people)


def _everything_said(initiative: Initiative, rules: Rules | None = None) -> list[str]:
    result = classify(initiative, rules=rules)
    said = [*result.sentences, *(str(c) for c in result.criteria)]
    said.append(str(ledger(initiative, rules=rules)))
    said.extend(row.reason for row in profile(initiative, rules=rules).rows)
    return said


def _check_grammar(text: str, focal_role: Role) -> None:
    assert not _DOUBLED.search(text), text
    assert not _ONE_PLURAL.search(text), text
    assert not _float_noise(text), text
    assert "-0 " not in text, text
    assert not text.endswith("-0"), text
    if focal_role is not Role.FIRM:
        assert "focal firm" not in text, text


class TestSentences:
    @settings(max_examples=150, deadline=None, database=None)
    @given(
        initiative=initiatives(max_stakeholders=12),
        role=st.sampled_from([Role.FIRM, Role.SUPPLIER, Role.PARTNER]),
    )
    def test_grammar_holds_for_any_initiative(self, initiative: Initiative, role: Role) -> None:
        """No doubled words, counts agree with nouns, no float noise, the focal role is right."""
        subject = _with_focal_role(initiative, role)
        for text in _everything_said(subject):
            _check_grammar(text, role)

    def test_many_names_read_as_a_list(self) -> None:
        """More than five names end in "and N more", never "and and"."""
        ids = [f"p{i}" for i in range(8)]
        assert who(None, ids) == "'p0', 'p1', 'p2', 'p3', 'p4' and 3 more"
        assert "and and" not in who(None, ids)

    def test_voice_evidence_names_what_was_given(self) -> None:
        """A broad voice set does not list resources nobody gave, nor a stray clause."""
        rules = Rules(voice_resources={"ideas", "input", "feedback", "design", "platform"})
        people = [
            Stakeholder("acme", "firm"),
            Stakeholder("fans", "customer", customer_of=["acme"]),
        ]
        from cocreate import Contribution, Value

        initiative = Initiative(
            "x",
            "acme",
            people,
            [Contribution("fans", Resource.DESIGN), Contribution("acme", "labor")],
            [Value("acme", 1.0), Value("fans", 1.0)],
        )
        failed = classify(initiative, rules=rules).failed()
        text = " ".join(c.evidence for c in failed)
        assert "'fans' give only design" in text
        assert "ideas" not in text
        assert "there must be a co-creator and a customer" not in text


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (0.1 + 0.2, "0.3"),
            (-0.10000000000000009, "-0.1"),
            (1250000.0, "1.25e+06"),
            (-0.0, "0"),
            (0.0, "0"),
            (5.0, "5"),
            (1e-12, "1e-12"),
        ],
    )
    def test_short_for_people(self, value: float, shown: str) -> None:
        """Numbers people read have at most six significant digits and no -0."""
        assert number(value) == shown

    @settings(max_examples=300, database=None)
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_close_to_the_value(self, value: float) -> None:
        """The short form is within a relative 1e-5 of the exact value."""
        assert abs(float(number(value)) - value) <= 1e-5 * abs(value)

    def test_short_by_a_tiny_margin_is_not_short_by_zero(self) -> None:
        """A net value just below the threshold says how far below, not "short by 0"."""
        nike = nike_plus()
        result = classify(nike, rules=Rules(win_threshold=3.000000000001))
        text = " ".join(result.sentences)
        assert re.search(r"short by 1(\.\d+)?e-12\)", text), text
        assert "short by 0)" not in text

    def test_data_keeps_exact_values(self) -> None:
        """to_dict keeps the exact float where sentences show a short one."""
        from cocreate import Contribution, Value

        initiative = Initiative(
            "x",
            "f",
            [Stakeholder("f", "firm"), Stakeholder("p", "partner")],
            [Contribution("p", "labor", cost=0.1)],
            [Value("p", 0.2), Value("f", 1.0)],
        )
        entry = ledger(initiative)["p"]
        assert entry.to_dict()["net_value"] == 0.2 - 0.1
        assert "0.1" in str(ledger(initiative))
        assert "0.1000000" not in str(ledger(initiative))


class TestHelpers:
    @settings(max_examples=100, database=None)
    @given(st.integers(0, 10**6), st.sampled_from(["stakeholder", "party", "day"]))
    def test_plural_agrees(self, count: int, noun: str) -> None:
        """One takes the singular, any other count the plural."""
        text = plural(count, noun)
        word = text.split(" ", 1)[1]
        assert (word == noun) is (count == 1)

    @settings(max_examples=100, database=None)
    @given(st.lists(st.text(alphabet="abc", min_size=1, max_size=3), max_size=6))
    def test_series_joins_with_one_and(self, words: list[str]) -> None:
        """A series has every word, and one "and" before the last when there are two or more."""
        text = series(words)
        if len(words) >= 2:
            assert text.endswith(f" and {words[-1]}")
            assert text.count(" and ") == 1
        else:
            assert text == "".join(words)
