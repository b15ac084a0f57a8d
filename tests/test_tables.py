"""Tests for the pandas tables of initiatives and results."""

from __future__ import annotations

import builtins
import sys
from typing import Any

import pandas as pd
import pytest

from cocreate import Value, classify, ledger, profile
from cocreate._formats.frames import INITIATIVE_TABLES, to_pandas
from cocreate.examples import cross_team_project, nike_plus
from cocreate.exceptions import CocreateError


class TestToPandas:
    def test_ledger(self) -> None:
        """A ledger gives one row per stakeholder, by id, the entries of Ledger.to_dict()."""
        book = ledger(nike_plus())
        frame = to_pandas(book)
        entries = book.to_dict()["entries"]
        assert frame.shape == (3, 13)
        assert list(frame.columns) == list(entries[0])
        assert frame.to_dict("records") == entries
        assert list(frame["id"]) == ["apple", "nike", "runners"]

    def test_profile(self) -> None:
        """A profile gives one row per attribute of the comparison table."""
        result = profile(nike_plus())
        frame = to_pandas(result)
        assert frame.shape == (5, 5)
        assert frame.to_dict("records") == result.to_dict()["rows"]

    def test_classification(self) -> None:
        """A classification gives one row per criterion checked."""
        nike = nike_plus()
        kept = [v for v in nike.values if v.beneficiary != "apple"]  # noqa: PD011
        loses = nike.evolve(values=[*kept, Value("apple", 0)])
        result = classify(loses)
        frame = to_pandas(result)
        assert frame.shape == (len(result.criteria), 9)
        assert list(frame.columns) == [
            "kind", "check", "holds", "stakeholders", "net_values", "count", "assumed",
            "requirement", "evidence",
        ]  # fmt: skip
        failed = frame[~frame["holds"]]
        assert list(failed["check"]) == [c.name for c in result.failed()]
        assert failed["stakeholders"].iloc[0] == ("apple",)
        assert failed["net_values"].iloc[0] == (-2.0,)

    @pytest.mark.parametrize(
        ("table", "columns"),
        [
            (None, ["id", "role", "name", "organization", "customer_of", "size", "group"]),
            (
                "stakeholders",
                ["id", "role", "name", "organization", "customer_of", "size", "group"],
            ),
            (
                "contributions",
                [
                    "source",
                    "resource",
                    "target",
                    "cost",
                    "description",
                    "low",
                    "high",
                    "exchange",
                    "link",
                ],
            ),
            (
                "values",
                [
                    "beneficiary",
                    "amount",
                    "provider",
                    "kind",
                    "description",
                    "low",
                    "high",
                    "link",
                    "requires",
                ],
            ),
        ],
    )
    def test_initiative(self, table: str | None, columns: list[str]) -> None:
        """An initiative gives the table asked for, stakeholders by default."""
        initiative = cross_team_project()
        frame = to_pandas(initiative, table=table)
        size = len(getattr(initiative, table or "stakeholders"))
        assert frame.shape == (size, len(columns))
        assert list(frame.columns) == columns

    def test_initiative_cells(self) -> None:
        """Cells are plain: enum words, floats, None for the initiative, tuples of ids."""
        nike = nike_plus()
        people = to_pandas(nike)
        assert people.loc[2, "customer_of"] == ("apple", "nike")
        assert people.loc[0, "organization"] is None
        given = to_pandas(nike, table="contributions")
        assert given["target"].tolist() == [None] * 5
        assert given["cost"].sum() == 8.0
        received = to_pandas(nike, table="values")
        assert received["provider"].tolist() == ["runners", "runners", None]
        assert received["kind"].tolist() == ["revenue", "revenue", "experience"]
        assert INITIATIVE_TABLES == ("stakeholders", "contributions", "values")

    def test_returns_dataframes(self) -> None:
        """Every result is a DataFrame."""
        nike = nike_plus()
        for obj in (nike, ledger(nike), profile(nike), classify(nike)):
            assert isinstance(to_pandas(obj), pd.DataFrame)

    def test_unknown_table(self) -> None:
        """An unknown table name lists the valid ones."""
        with pytest.raises(CocreateError, match="'stakeholders', 'contributions', 'values'"):
            to_pandas(nike_plus(), table="people")

    def test_table_only_for_initiatives(self) -> None:
        """table is refused for results, which have one table each."""
        with pytest.raises(CocreateError, match="leave table=None"):
            to_pandas(ledger(nike_plus()), table="stakeholders")

    def test_not_tabular(self) -> None:
        """Anything else is refused with a message naming what is accepted."""
        with pytest.raises(CocreateError, match="Initiative, Classification, Ledger or Profile"):
            to_pandas([1, 2])  # type: ignore[arg-type]

    def test_without_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas the error says which extra to install."""
        real_import = builtins.__import__

        def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
            if name == "pandas" or name.startswith("pandas."):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.delitem(sys.modules, "pandas")
        monkeypatch.setattr(builtins, "__import__", fake_import)
        with pytest.raises(ImportError, match=r'pip install "cocreate\[pandas\]"'):
            to_pandas(ledger(nike_plus()))
