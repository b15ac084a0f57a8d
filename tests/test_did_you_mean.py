"""A misspelt key, header or word gets a "did you mean", in every reader."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import openpyxl
import pytest

import cocreate
from cocreate import examples
from cocreate._model.validate import closest_word, did_you_mean
from cocreate.exceptions import FormatError, InvalidModelError

if TYPE_CHECKING:
    from pathlib import Path

BENEFICIARY = "did you mean 'beneficiary'?"
TECHNOLOGY = "did you mean 'technology'?"


def _faults(error: pytest.ExceptionInfo[InvalidModelError]) -> list[str]:
    return [str(fault) for fault in error.value.faults]


def _document() -> dict[str, object]:
    data = examples.nike_plus().to_dict()
    assert isinstance(data, dict)
    return data


class TestClosestWord:
    def test_close_words(self) -> None:
        """Case, spaces and hyphens aside; nothing for a word far from every choice."""
        assert closest_word("Benificiary", ["beneficiary", "amount"]) == "beneficiary"
        assert closest_word("cost-saving", ["cost_saving", "other"]) == "cost_saving"
        assert closest_word("stakeholder", ["stakeholders", "values"]) == "stakeholders"
        assert closest_word("colour", ["beneficiary", "amount"]) is None
        assert did_you_mean("zzz", ["ideas"]) == ""

    def test_not_a_word(self) -> None:
        """A number, or a text too long to be a typo, gets no guess."""
        assert closest_word(3, ["3"]) is None
        assert closest_word("beneficiary" * 10, ["beneficiary"]) is None


class TestDocuments:
    def test_a_misspelt_key(self) -> None:
        """JSON: a misspelt key says what it means, and its field is not also 'missing'."""
        data = _document()
        values = data["values"]
        assert isinstance(values, list)
        values[0] = {"benificiary": "apple", "amount": 5}
        with pytest.raises(InvalidModelError) as info:
            cocreate.loads(json.dumps(data))
        assert _faults(info) == [f"values[0].benificiary: unknown field; {BENEFICIARY}"]

    def test_a_misspelt_word(self) -> None:
        """JSON: a misspelt resource keeps the list of words, and adds the one it means."""
        data = _document()
        contributions = data["contributions"]
        assert isinstance(contributions, list)
        contributions[0] = {"source": "apple", "resource": "technolgy"}
        with pytest.raises(InvalidModelError) as info:
            cocreate.loads(json.dumps(data))
        (fault,) = _faults(info)
        assert fault.startswith("contributions[0].resource: must be a Resource ('ideas', ")
        assert fault.endswith(f"got str 'technolgy'; {TECHNOLOGY}")

    def test_a_misspelt_table_in_toml(self) -> None:
        """TOML: [[stakeholder]] for [[stakeholders]] says so, not 'stakeholders: missing'."""
        text = cocreate.dumps(examples.nike_plus(), "toml").replace(
            "[[stakeholders]]", "[[stakeholder]]"
        )
        with pytest.raises(InvalidModelError) as info:
            cocreate.loads(text, "toml")
        faults = _faults(info)
        assert faults[0] == "stakeholder: unknown field; did you mean 'stakeholders'?"
        assert not any(fault.startswith("stakeholders: missing") for fault in faults)

    def test_an_unknown_key_far_from_every_field(self) -> None:
        """No guess: the allowed keys are listed, as before."""
        data = _document()
        data["colour"] = "red"
        with pytest.raises(InvalidModelError) as info:
            cocreate.loads(json.dumps(data))
        assert _faults(info)[0].startswith("colour: unknown field; allowed: format, version")


class TestRecords:
    def test_a_misspelt_key_and_word(self) -> None:
        """from_records: the same hints as a document."""
        with pytest.raises(InvalidModelError) as info:
            cocreate.from_records(
                "x",
                "acme",
                [{"id": "acme", "role": "frim"}],
                [{"source": "acme", "resource": "technolgy"}],
                [{"benificiary": "acme", "amount": 1}],
            )
        assert _faults(info) == [
            (
                "stakeholders[0].role: must be a Role ('firm', 'customer', 'supplier', 'partner', "
                "'employee'), got str 'frim'; did you mean 'firm'?"
            ),
            (
                "contributions[0].resource: must be a Resource ('ideas', 'input', 'feedback', "
                "'technology', 'capital', 'labor', 'design', 'data', 'platform', 'distribution', "
                f"'brand', 'product'), got str 'technolgy'; {TECHNOLOGY}"
            ),
            f"values[0].benificiary: unknown field; {BENEFICIARY}",
        ]


class TestCsv:
    def test_a_misspelt_header(self, tmp_path: Path) -> None:
        """read_csv: a misspelt column name says which column it means."""
        cocreate.write_csv(examples.nike_plus(), tmp_path)
        path = tmp_path / "values.csv"
        path.write_text(path.read_text().replace("beneficiary", "benificiary", 1))
        with pytest.raises(FormatError) as info:
            cocreate.read_csv(tmp_path)
        (fault,) = _faults(info)
        assert fault.endswith("; did you mean 'beneficiary' for 'benificiary'?")

    def test_a_misspelt_word(self, tmp_path: Path) -> None:
        """read_csv: a misspelt word in a cell, as from_records says it."""
        cocreate.write_csv(examples.nike_plus(), tmp_path)
        path = tmp_path / "contributions.csv"
        path.write_text(path.read_text().replace("technology", "technolgy"))
        with pytest.raises(InvalidModelError) as info:
            cocreate.read_csv(tmp_path)
        assert _faults(info)[0].endswith(TECHNOLOGY)


class TestExcel:
    def test_a_misspelt_header_and_word(self, tmp_path: Path) -> None:
        """read_excel: the header cell and the word's cell, each with its hint."""
        path = tmp_path / "nike.xlsx"
        cocreate.write_excel(examples.nike_plus(), path)
        book = openpyxl.load_workbook(path)
        book["values"]["A1"] = "Benificiary"
        book["contributions"]["B2"] = "Technolgy"
        book.save(path)
        with pytest.raises(FormatError) as info:
            cocreate.read_excel(path)
        faults = _faults(info)
        assert faults[0] == (
            "values sheet, cell A1: unknown column 'Benificiary'; "
            f"{BENEFICIARY} (its cells were checked as 'beneficiary')"
        )
        assert faults[1].startswith("contributions sheet, cell B2: must be a Resource")
        assert faults[1].endswith(f"got 'Technolgy'; {TECHNOLOGY}")
        assert len(faults) == 2
