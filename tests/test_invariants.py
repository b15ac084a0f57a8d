"""The rules between an item's fields: the row form and the column form agree."""

from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given

from cocreate import Contribution, Resource, Stakeholder, Value, ValueKind
from cocreate._model import fast
from cocreate._model.fields import names
from cocreate._model.invariants import RULES, columns_pass, row_faults, rules_for

IDS = st.sampled_from(["a", "b", "c"])
COSTS = st.floats(min_value=0, max_value=10, allow_nan=False)
AMOUNTS = st.floats(min_value=-10, max_value=10, allow_nan=False)


def _rows(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Lists of rows of canonical field values, as the field kinds give them."""
    return st.lists(st.fixed_dictionaries(fields), max_size=6)


CONTRIBUTIONS = _rows(
    {
        "source": IDS,
        "resource": st.sampled_from(list(Resource)),
        "target": st.none() | IDS,
        "cost": COSTS,
        "description": st.just(""),
        "low": st.none() | COSTS,
        "high": st.none() | COSTS,
        "exchange": st.booleans(),
        "link": st.none(),
    },
)
VALUES = _rows(
    {
        "beneficiary": IDS,
        "amount": AMOUNTS,
        "provider": st.none() | IDS,
        "kind": st.sampled_from(list(ValueKind)),
        "description": st.just(""),
        "low": st.none() | AMOUNTS,
        "high": st.none() | AMOUNTS,
        "link": st.none(),
        "requires": st.frozensets(IDS, max_size=2),
    },
)


def _unchecked(cls: type[Any], row: dict[str, Any]) -> Any:
    """An object with these fields, made without its constructor's checks."""
    return fast.build(cls, {name: [value] for name, value in row.items()})[0]


def _columns(cls: type[Any], rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names(cls)}


class TestRules:
    def test_every_rule_names_fields_of_its_class(self) -> None:
        """Each rule reads only fields its class has."""
        classes = {"Stakeholder": Stakeholder, "Contribution": Contribution, "Value": Value}
        for rule in RULES:
            assert set(rule.reads) <= set(names(classes[rule.cls])), rule.says

    @given(CONTRIBUTIONS)
    def test_the_forms_agree_on_contributions(self, rows: list[dict[str, Any]]) -> None:
        """The column form passes exactly when the row form finds no fault in any row."""
        rows_pass = not any(row_faults(_unchecked(Contribution, row)) for row in rows)
        assert columns_pass("Contribution", _columns(Contribution, rows)) == rows_pass

    @given(VALUES)
    def test_the_forms_agree_on_values(self, rows: list[dict[str, Any]]) -> None:
        """The column form passes exactly when the row form finds no fault in any row."""
        rows_pass = not any(row_faults(_unchecked(Value, row)) for row in rows)
        assert columns_pass("Value", _columns(Value, rows)) == rows_pass

    @given(st.lists(st.tuples(IDS, st.none() | st.sampled_from(["", "Name"])), max_size=6))
    def test_the_forms_fill_an_empty_name_in_alike(self, pairs: list[tuple[str, Any]]) -> None:
        """An empty name becomes the id, one row at a time or a column at a time."""
        columns: dict[str, list[Any]] = {
            "id": [key for key, _ in pairs],
            "name": [name for _, name in pairs],
        }
        assert columns_pass("Stakeholder", columns, before=True)
        unnamed: dict[str, Any] = {"id": [key for key, _ in pairs], "name": None}
        assert columns_pass("Stakeholder", unnamed, before=True)
        assert unnamed["name"] == unnamed["id"]
        for index, (key, name) in enumerate(pairs):
            row = {f: getattr(Stakeholder("x", "firm"), f) for f in names(Stakeholder)}
            person = _unchecked(Stakeholder, {**row, "id": key, "name": name})
            assert row_faults(person, before=True) == []
            assert person.name == columns["name"][index]

    def test_a_constructor_runs_the_same_rules(self) -> None:
        """What the table refuses, the constructor refuses, with the row form's message."""
        bad = {"source": "a", "resource": Resource.IDEAS, "target": "a"}
        made = _unchecked(Contribution, {**_defaults(Contribution), **bad})
        (fault,) = row_faults(made)
        with pytest.raises(ValueError, match="cannot contribute to itself") as caught:
            Contribution("a", "ideas", target="a")
        assert fault.message in str(caught.value)
        assert rules_for("Contribution", before=False)


def _defaults(cls: type[Any]) -> dict[str, Any]:
    sample = {
        Contribution: Contribution("a", "ideas"),
        Value: Value("a", 1.0),
    }[cls]
    return {name: getattr(sample, name) for name in names(cls)}
