"""Tests for spreadsheets: Excel workbooks, and table cells read alike everywhere."""

# ruff: noqa: PD011 - ``.values`` here is Initiative.values, not pandas

from __future__ import annotations

import math
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hypothesis.strategies as st
import numpy as np
import openpyxl
import openpyxl.utils
import pandas as pd
import pytest
from hypothesis import given, settings

from cocreate import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
    examples,
    from_pandas,
    read_excel,
    to_pandas,
    write_excel,
)
from cocreate._formats import excel
from cocreate._model.cells import read_cell, read_row, write_cell, write_text
from cocreate.exceptions import ArgumentError, CocreateError, FormatError, InvalidModelError
from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from collections.abc import Callable

PARTS = ("stakeholders", "contributions", "values")

#: Text that a spreadsheet, or the ``a;b`` form, could get wrong.
_AWKWARD = st.sampled_from(
    [
        "_x0041_",
        "_x005F_",
        "x005F_",
        "_x",
        "=1+2",
        "#N/A",
        " lead",
        "trail ",
        "a;b",
        "[x",
        "('a',)",
        "a\r\nb",
        "\r",
        "\x01\x1f",
        "\ud800",
        "\ufffe",
        "1e3",
        "3",
        "TRUE",
    ]
)
_TEXT = st.text(max_size=8) | _AWKWARD
_IDS = st.text(min_size=1, max_size=8) | _AWKWARD


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook by hand, as a consultant would type it, with openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def typed(path: Path, **changes: list[list[Any]]) -> Path:
    """Write Nike+ by hand, with some sheets replaced by ``changes``."""
    sheets: dict[str, list[list[Any]]] = {
        "initiative": [["name", "focal", "goal", "process"], ["Nike+", "nike", "new_offering"]],
        "stakeholders": [
            ["id", "role", "name", "customer_of"],
            ["nike", "firm", "Nike"],
            ["apple", "firm", "Apple"],
            ["runners", "customer", None, "nike; apple"],
        ],
        "contributions": [["source", "resource", "cost"], ["apple", "technology", 2]],
        "values": [["beneficiary", "amount"], ["apple", 5]],
    }
    for title, rows in changes.items():
        sheets.pop(title.casefold(), None)
        sheets[title] = rows
    return workbook(path, sheets)


def rewrite(path: Path, changes: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Rewrite parts of a zip archive in place; a part not there yet is made from b''."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


def format_faults(path: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(FormatError) as info:
        read_excel(path, **kwargs)
    faults = [str(fault) for fault in info.value.faults]
    assert all("\n" not in fault for fault in faults)
    return faults


def round_trip(initiative: Initiative) -> Initiative:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "model.xlsx")
        write_excel(initiative, path)
        return read_excel(path)


class TestWriteExcel:
    @pytest.mark.parametrize("name", examples.names())
    def test_examples_read_back(self, name: str) -> None:
        """Every built-in example comes back equal through a real .xlsx file."""
        assert round_trip(examples.get(name)) == examples.get(name)

    @settings(max_examples=40, deadline=None, database=None)
    @given(initiatives(ids=_IDS, names=_TEXT, descriptions=_TEXT, ranges=True))
    def test_drawn_initiatives_read_back(self, initiative: Initiative) -> None:
        """Drawn initiatives, with awkward text and every float, come back equal."""
        assert round_trip(initiative) == initiative

    def test_sheets_rows_and_cells(self, tmp_path: Path) -> None:
        """Four sheets, a header row of field names, ids as a;b text, numbers as numbers."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [*excel.SHEETS, excel.NOTES]
        for title, fields in excel.SHEETS.items():
            assert next(book[title].iter_rows(values_only=True)) == fields
        runners = list(book["stakeholders"].iter_rows(values_only=True))[3]
        assert runners == ("runners", "customer", "runners", None, "apple;nike", 1, None)
        cost = book["contributions"]["D2"]
        assert (cost.value, cost.data_type) == (2, "n")
        stated = openpyxl.load_workbook(path, read_only=True)
        assert [stated[title].calculate_dimension() for title in excel.SHEETS] == [
            book[title].calculate_dimension() for title in excel.SHEETS
        ]
        stated.close()

    def test_the_same_initiative_gives_the_same_bytes(self, tmp_path: Path) -> None:
        """Two writes give the same bytes, because every date in the file is fixed."""
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        write_excel(examples.nike_plus(), first)
        write_excel(examples.nike_plus(), second)
        assert first.read_bytes() == second.read_bytes()
        with zipfile.ZipFile(first) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert core.count("1980-01-01T00:00:00Z") == 2

    def test_numbers_keep_every_digit(self) -> None:
        """A float that needs 17 digits comes back exactly (openpyxl alone writes 16)."""
        initiative = examples.nike_plus()
        cost = 0.1 + 0.2
        changed = initiative.evolve(
            contributions=[
                Contribution("apple", "technology", cost=cost),
                Contribution("nike", "capital"),
            ]
        )
        assert round_trip(changed).contributions_by("apple")[0].cost == cost

    def test_text_is_never_a_formula(self, tmp_path: Path) -> None:
        """Text starting with = or # is written as text, and control characters as escapes."""
        described = [Value("apple", 1, description=d) for d in ("=1+2", "#N/A", "a\rb\x01_x0041_")]
        initiative = examples.nike_plus().evolve(values=described)
        path = tmp_path / "text.xlsx"
        write_excel(initiative, path)
        cells = list(openpyxl.load_workbook(path)["values"].iter_rows(values_only=True))
        assert [row[4] for row in cells[1:]] == [
            "#N/A",
            "=1+2",
            "a_x000D_b_x0001__x005F_x0041_",
        ]
        assert read_excel(path) == initiative

    def test_too_long_text_is_refused_and_nothing_is_written(self, tmp_path: Path) -> None:
        """Text longer than a cell holds is refused with its path; the file is left as it was."""
        path = tmp_path / "model.xlsx"
        path.write_bytes(b"before")
        long = examples.nike_plus().evolve(values=[Value("apple", 1, description="\x01" * 5000)])
        with pytest.raises(CocreateError, match=r"values\[0\]\.description: 35000 characters"):
            write_excel(long, path)
        assert path.read_bytes() == b"before"
        assert [p.name for p in tmp_path.iterdir()] == ["model.xlsx"]

    def test_long_text_that_fits(self) -> None:
        """Text up to a cell's 32767 characters, escapes included, is written and read back."""
        long = examples.nike_plus().evolve(values=[Value("apple", 1, description="x\r" * 4000)])
        assert round_trip(long) == long

    def test_too_many_rows_are_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A table with more rows than a worksheet holds is refused before anything is written."""
        monkeypatch.setattr(excel, "_MAX_ROWS", 3)
        with pytest.raises(CocreateError, match="cannot write 3 stakeholders"):
            write_excel(examples.nike_plus(), tmp_path / "model.xlsx")
        assert not any(tmp_path.iterdir())

    def test_bad_arguments(self, tmp_path: Path) -> None:
        """A non-initiative, a bad path type or a directory is refused with a CocreateError."""
        with pytest.raises(ArgumentError, match="write_excel needs an Initiative, got str"):
            write_excel("nike", tmp_path / "x.xlsx")  # type: ignore[arg-type]
        with pytest.raises(CocreateError, match=r"must be a str or os\.PathLike"):
            write_excel(examples.nike_plus(), 3)  # type: ignore[arg-type]
        with pytest.raises(CocreateError, match="it is a directory"):
            write_excel(examples.nike_plus(), tmp_path)

    def test_missing_openpyxl_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl, both functions say which extra to install."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(CocreateError, match=r'pip install "cocreate\[excel\]"'):
            write_excel(examples.nike_plus(), "never-written.xlsx")
        with pytest.raises(CocreateError, match=r'pip install "cocreate\[excel\]"'):
            read_excel("never-read.xlsx")


class TestWorkbookForPeople:
    def test_headers_are_bold_frozen_and_fit(self, tmp_path: Path) -> None:
        """Each sheet's header row is bold, stays in view, and no column is narrower than it."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        book = openpyxl.load_workbook(path)
        for title, fields in excel.SHEETS.items():
            sheet = book[title]
            assert sheet.freeze_panes == "A2"
            for index, field in enumerate(fields, start=1):
                header = sheet.cell(1, index)
                assert header.font.b, (title, field)
                letter = openpyxl.utils.get_column_letter(index)
                assert sheet.column_dimensions[letter].width >= len(field) + 2, (title, field)

    def test_columns_fit_their_text(self, tmp_path: Path) -> None:
        """A column is as wide as its longest text, up to a bound."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        sheet = openpyxl.load_workbook(path)["contributions"]
        longest = max(len(c.description) for c in examples.nike_plus().contributions)
        assert sheet.column_dimensions["E"].width >= longest
        assert all(d.width <= 52 for d in sheet.column_dimensions.values())

    def test_drop_down_lists_for_every_column_of_words(self, tmp_path: Path) -> None:
        """Role, resource, value kind, goal, process and exchange offer their words."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        book = openpyxl.load_workbook(path)
        found = {}
        for title in excel.SHEETS:
            for rule in book[title].data_validations.dataValidation:
                assert rule.type == "list"
                column = str(rule.sqref).split(":")[0].rstrip("0123456789")
                field = excel.SHEETS[title][openpyxl.utils.column_index_from_string(column) - 1]
                found[title, field] = rule.formula1.strip('"').split(",")
        assert found == {
            ("initiative", "goal"): list(Goal.words()),
            ("initiative", "process"): list(Process.words()),
            ("stakeholders", "role"): list(Role.words()),
            ("contributions", "resource"): list(Resource.words()),
            ("contributions", "exchange"): ["true", "false"],
            ("values", "kind"): list(ValueKind.words()),
        }

    def test_a_sheet_of_notes_explains_every_column(self, tmp_path: Path) -> None:
        """The notes sheet has a line for every column of every sheet, and is not read back."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        rows = list(openpyxl.load_workbook(path)[excel.NOTES].iter_rows(values_only=True))
        assert rows[0] == ("sheet", "column", "what it holds", "words")
        assert [(sheet, column) for sheet, column, *_ in rows[1:]] == [
            (title, field) for title, fields in excel.SHEETS.items() for field in fields
        ]
        assert all(note for _, _, note, _ in rows[1:])
        assert read_excel(path) == examples.nike_plus()

    def test_false_flags_are_empty_cells(self, tmp_path: Path) -> None:
        """exchange is written only where it is true; an empty cell reads back as false."""
        path = tmp_path / "nike.xlsx"
        nike = examples.nike_plus()
        paid = Initiative(
            nike.name,
            nike.focal,
            nike.stakeholders,
            [
                *nike.contributions,
                Contribution("runners", "capital", target="nike", cost=1, exchange=True),
            ],
            nike.values,
            goal=nike.goal,
            process=nike.process,
        )
        write_excel(paid, path)
        column = [row[7] for row in openpyxl.load_workbook(path)["contributions"].values][1:]
        assert sorted(column, key=str) == [None] * 5 + [True]
        assert read_excel(path) == paid


class TestFaultsAtCells:
    def test_a_decimal_comma_gets_a_hint(self, tmp_path: Path) -> None:
        """'3,5' in a number cell: the cell, the text as typed, and what to write instead."""
        path = typed(
            tmp_path / "typed.xlsx",
            contributions=[["source", "resource", "cost"], ["apple", "technology", "3,5"]],
            values=[["beneficiary", "amount"], ["apple", "1.234,5"]],
        )
        with pytest.raises(InvalidModelError) as info:
            read_excel(path)
        assert [str(f) for f in info.value.faults] == [
            (
                "contributions sheet, cell C2: must be a finite number >= 0, got '3,5'; write the "
                "decimal point as a point (3.5), or make the cell a number"
            ),
            (
                "values sheet, cell B2: must be a finite number, got '1.234,5'; write the "
                "decimal point as a point (1234.5), or make the cell a number"
            ),
        ]
        assert "str" not in str(info.value)

    def test_header_and_cell_faults_in_one_round(self, tmp_path: Path) -> None:
        """A misspelt header is read as the column it means: its cells are checked too."""
        path = typed(
            tmp_path / "typed.xlsx",
            Values=[
                ["benificiary", "amount", "kind"],
                ["apple", 5, "revenue"],
                [None],
                ["aple", 1, "revnue"],
            ],
        )
        assert format_faults(path) == [
            (
                "Values sheet, cell A1: unknown column 'benificiary'; did you mean 'beneficiary'? "
                "(its cells were checked as 'beneficiary')"
            ),
            (
                "Values sheet, cell C4: must be a ValueKind ('revenue', 'product', 'service', "
                "'experience', 'knowledge', 'reputation', 'data', 'loyalty', 'cost_saving', "
                "'other'), got 'revnue'; did you mean 'revenue'?"
            ),
            "Values sheet, cell A4: unknown stakeholder 'aple'; did you mean 'apple'?",
        ]

    def test_a_missing_required_column_is_told_once(self, tmp_path: Path) -> None:
        """No 'role' column: one fault for the header, none for each row."""
        path = typed(
            tmp_path / "typed.xlsx",
            stakeholders=[["id", "name"], ["nike", "Nike"], ["apple", "Apple"]],
        )
        faults = format_faults(path)
        assert faults[0] == "stakeholders sheet: no column 'role'; it is required"
        assert not any("missing" in fault for fault in faults)

    def test_the_initiative_sheet_is_a_row_too(self, tmp_path: Path) -> None:
        """A fault of the initiative's own fields names its cell on the initiative sheet."""
        path = typed(
            tmp_path / "typed.xlsx",
            initiative=[["name", "focal", "goal"], ["Nike+", "nike", "new offerring"]],
        )
        with pytest.raises(InvalidModelError) as info:
            read_excel(path)
        assert [f.path for f in info.value.faults] == ["initiative sheet, cell C2"]
        assert info.value.faults[0].message.endswith("did you mean 'new_offering'?")


class TestReadExcel:
    def test_hand_typed_cells(self, tmp_path: Path) -> None:
        """Ids as 'a; b' or one id, numbers as text, empty cells, any case: what was meant."""
        path = typed(
            tmp_path / "typed.xlsx",
            Initiative=[["Focal", "Name", "Goal"], ["nike", "Nike+", "New-Offering"]],
            Stakeholders=[
                [" id ", "role", "name", "customer_of"],
                ["nike", "firm", "Nike", ""],
                [None],
                ["apple", "firm", "Apple", None],
                ["runners", "customer", None, " apple ;; nike "],
                ["walkers", "customer", None, "nike"],
            ],
            contributions=[
                ["source", "resource", "cost", "description", "low", "high"],
                ["apple", "technology", "3", None, " 2.5 ", "1e3"],
                ["runners", "data"],
            ],
            notes=[["not read"]],
        )
        expected = Initiative(
            "Nike+",
            "nike",
            [
                Stakeholder("nike", "firm", name="Nike"),
                Stakeholder("apple", "firm", name="Apple"),
                Stakeholder("runners", "customer", customer_of=["apple", "nike"]),
                Stakeholder("walkers", "customer", customer_of=["nike"]),
            ],
            [
                Contribution("apple", "technology", cost=3, low=2.5, high=1000),
                Contribution("runners", "data"),
            ],
            [Value("apple", 5)],
            goal=Goal.NEW_OFFERING,
        )
        assert read_excel(path) == expected

    @pytest.mark.parametrize("cell", ["3 apples", "nan", "inf", "1_000", "", True])
    def test_text_that_is_not_a_number(self, tmp_path: Path, cell: object) -> None:
        """A cell that is not a number gets the validator's own message and path."""
        path = typed(
            tmp_path / "typed.xlsx",
            contributions=[
                ["source", "resource", "cost"],
                ["apple", "ideas", 1],
                ["apple", "data", cell],
            ],
        )
        if cell == "":  # an empty cell: the default cost
            assert read_excel(path).contributions_by("apple")[1].cost == 0
            return
        with pytest.raises(InvalidModelError) as info:
            read_excel(path)
        shown = repr(cell) if isinstance(cell, str) else str(cell)
        assert [str(f) for f in info.value.faults] == [
            f"contributions sheet, cell C3: must be a finite number >= 0, got {shown}"
        ]

    def test_a_model_fault_has_its_row(self, tmp_path: Path) -> None:
        """An unknown id is reported at its row, with the model's message."""
        path = typed(
            tmp_path / "typed.xlsx",
            values=[["beneficiary", "amount"], ["apple", 5], ["aple", 1]],
        )
        with pytest.raises(InvalidModelError) as info:
            read_excel(path)
        assert not isinstance(info.value, FormatError)
        assert [str(f) for f in info.value.faults] == [
            "values sheet, cell A3: unknown stakeholder 'aple'; did you mean 'apple'?"
        ]
        assert info.value.what.endswith(f"in Excel file {str(path)!r}")

    def test_excel_shared_strings_rich_text_and_escapes(self, tmp_path: Path) -> None:
        """Text as Excel saves it (shared strings, rich text, _xHHHH_ escapes) reads exactly."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        strings = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<si><r><rPr><b/></rPr><t>Sensor</t></r><r><t>_x000D_ and _x005F_x</t></r></si>"
            b"</sst>"
        )
        override = (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        )
        first_description = rb'(<c r="E2") t="inlineStr"><is><t>[^<]*</t></is>'
        rewrite(
            path,
            {
                "xl/sharedStrings.xml": lambda _: strings,
                "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", override),
                "xl/worksheets/sheet3.xml": lambda xml: re.sub(
                    first_description, rb'\1 t="s"><v>0</v>', xml
                ),
            },
        )
        apple = read_excel(path).contributions_by("apple")[0]
        assert apple.description == "Sensor\r and _x"

    def test_an_empty_sheet_has_no_rows(self, tmp_path: Path) -> None:
        """An empty contributions sheet means no contributions; empty rows are skipped."""
        path = typed(tmp_path / "typed.xlsx", contributions=[], values=[[None], [], ["", None]])
        initiative = read_excel(path)
        assert (len(initiative.contributions), len(initiative.values)) == (0, 0)

    def test_missing_sheets(self, tmp_path: Path) -> None:
        """Each missing sheet is one fault, naming the sheets there are."""
        path = workbook(tmp_path / "few.xlsx", {"initiative": [["focal"], ["nike"]], "Sheet": []})
        assert format_faults(path) == [
            f"{part}: no sheet named {part!r}; the workbook has 'initiative', 'Sheet'"
            for part in PARTS
        ]

    def test_bad_columns(self, tmp_path: Path) -> None:
        """Unknown, unnamed, repeated and missing required columns are each one fault."""
        path = typed(
            tmp_path / "typed.xlsx",
            stakeholders=[["id", "notes", None, "ID", "name"], ["nike", "x", None, None, "Nike"]],
        )
        allowed = "the columns are: id, role, name, organization, customer_of, size, group"
        assert format_faults(path) == [
            f"stakeholders sheet, cell B1: unknown column 'notes'; {allowed}",
            f"stakeholders sheet, cell C1: a column without a name; {allowed}",
            "stakeholders sheet, cell D1: a second column 'ID' (the first is A1); keep one",
            "stakeholders sheet: no column 'role'; it is required",
            # The cells are checked in the same round: apple is not on the sheet.
            "contributions sheet, cell A2: unknown stakeholder 'apple'; known: 'nike'",
            "values sheet, cell A2: unknown stakeholder 'apple'; known: 'nike'",
        ]

    def test_a_value_past_the_header(self, tmp_path: Path) -> None:
        """A value in a column with no header is a fault at its row."""
        path = typed(
            tmp_path / "typed.xlsx",
            values=[["beneficiary", "amount"], ["apple", 5], ["apple", 1, None, "stray"]],
        )
        assert format_faults(path) == [
            "values sheet, cell D3: a value past the header; give its column a name"
        ]

    def test_one_initiative_row(self, tmp_path: Path) -> None:
        """The initiative sheet must have exactly one row of data."""
        path = typed(tmp_path / "typed.xlsx", initiative=[["focal"], ["nike"], ["apple"]])
        assert format_faults(path) == ["initiative: must have one row of data, got 2"]

    def test_too_many_rows(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Rows past a worksheet's limit are a fault, not read."""
        monkeypatch.setattr(excel, "_MAX_ROWS", 3)
        path = typed(tmp_path / "typed.xlsx")
        assert format_faults(path) == ["stakeholders: has more than 3 rows, the most a sheet holds"]

    def test_not_a_file(self, tmp_path: Path) -> None:
        """A missing path or a directory cannot be read."""
        assert format_faults(tmp_path / "missing.xlsx") == [
            "cannot read the file: No such file or directory"
        ]
        assert format_faults(tmp_path) == ["cannot read the file: it is not a regular file"]

    def test_not_a_zip_archive(self, tmp_path: Path) -> None:
        """Text, an old .xls file and a zip archive that is not a workbook are refused."""
        text = tmp_path / "model.xlsx"
        text.write_text("id,role\nnike,firm\n")
        assert format_faults(text) == ["not an .xlsx workbook (an .xlsx file is a zip archive)"]
        old = tmp_path / "old.xls"
        old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
        assert "an old .xls workbook or an encrypted one" in format_faults(old)[0]
        other = tmp_path / "other.xlsx"
        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("readme.txt", "hello")
        assert format_faults(other)[0].startswith("not a readable .xlsx workbook (")

    def test_damaged_files(self, tmp_path: Path) -> None:
        """A cut-off archive or a broken worksheet is a FormatError with one line."""
        whole = tmp_path / "whole.xlsx"
        write_excel(examples.nike_plus(), whole)
        cut = tmp_path / "cut.xlsx"
        cut.write_bytes(whole.read_bytes()[:3000])
        assert len(format_faults(cut)) == 1
        rewrite(whole, {"xl/worksheets/sheet2.xml": lambda xml: xml[: len(xml) // 2]})
        assert len(format_faults(whole)) == 1

    def test_damaged_central_directory(self, tmp_path: Path) -> None:
        """An archive whose table of contents is broken is a damaged zip archive."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        path.write_bytes(path.read_bytes().replace(b"PK\x01\x02", b"XX\x01\x02", 1))
        assert format_faults(path)[0].startswith("a damaged zip archive (BadZipFile: ")

    def test_damaged_rows(self, tmp_path: Path) -> None:
        """A worksheet that breaks off while its rows are read is a damaged worksheet."""
        many = [["apple", index, None, None, "words " * 5] for index in range(3000)]
        path = typed(tmp_path / "many.xlsx", values=[list(excel.SHEETS["values"]), *many])
        # A sheet that states its size is not read through when the workbook opens.
        rewrite(path, {"xl/worksheets/sheet4.xml": lambda xml: xml[: len(xml) - 5000]})
        assert format_faults(path)[0].startswith("a damaged worksheet (ParseError: ")

    def test_entity_expansion(self, tmp_path: Path) -> None:
        """A worksheet that expands entities a billion times is refused, not expanded."""
        path = tmp_path / "laughs.xlsx"
        write_excel(examples.nike_plus(), path)
        entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
        bomb = (
            f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row>'
            "</sheetData></worksheet>"
        ).encode()
        rewrite(path, {"xl/worksheets/sheet2.xml": lambda _: bomb})
        assert format_faults(path)[0].startswith("not a readable .xlsx workbook (")

    def test_too_large(self, tmp_path: Path) -> None:
        """A file over max_bytes, or whose parts unpack to too much, is not read."""
        path = tmp_path / "nike.xlsx"
        write_excel(examples.nike_plus(), path)
        size = path.stat().st_size
        assert format_faults(path, max_bytes=100) == [
            f"the file has {size} bytes, more than max_bytes=100"
        ]
        bomb = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/padding.bin", bytes(10_000_000))
        assert bomb.stat().st_size < 100_000
        assert format_faults(bomb, max_bytes=100_000) == [
            (
                "the archive has 1 parts that unpack to 10000000 bytes; "
                "at most 10000 parts and 16 times max_bytes=100000 are read"
            )
        ]

    def test_bad_arguments(self, tmp_path: Path) -> None:
        """A bad max_bytes or path type is refused with a CocreateError."""
        with pytest.raises(CocreateError, match="max_bytes must be a whole number >= 1"):
            read_excel(tmp_path / "x.xlsx", max_bytes=0)
        with pytest.raises(ArgumentError, match="max_bytes must be a whole number"):
            read_excel(tmp_path / "x.xlsx", max_bytes=True)
        with pytest.raises(CocreateError, match=r"must be a str or os\.PathLike"):
            read_excel(None)  # type: ignore[arg-type]


class TestFromPandas:
    @pytest.mark.parametrize("name", examples.names())
    def test_pandas_excel_pandas(self, name: str, tmp_path: Path) -> None:
        """to_pandas, DataFrame.to_excel, pandas.read_excel and from_pandas give it back."""
        initiative = examples.get(name)
        path = tmp_path / "frames.xlsx"
        with pd.ExcelWriter(path) as writer:
            for table in PARTS:
                to_pandas(initiative, table=table).to_excel(writer, sheet_name=table, index=False)
        frames = [pd.read_excel(path, sheet_name=table) for table in PARTS]
        back = from_pandas(
            initiative.name,
            initiative.focal,
            *frames,
            goal=None if initiative.goal is None else initiative.goal.value,
            process=None if initiative.process is None else initiative.process.value,
        )
        assert back == initiative

    def test_pandas_reads_write_excel(self, tmp_path: Path) -> None:
        """pandas reads the sheets write_excel writes, and from_pandas builds the initiative."""
        initiative = examples.nike_plus()
        path = tmp_path / "nike.xlsx"
        write_excel(initiative, path)
        frames = [pd.read_excel(path, sheet_name=table) for table in PARTS]
        back = from_pandas(
            initiative.name, initiative.focal, *frames, goal="new_offering", process="iterative"
        )
        assert back == initiative

    def test_hand_typed_cells(self) -> None:
        """A DataFrame of text reads as a spreadsheet of text does: 'a; b', '3', empty cells."""
        people = pd.DataFrame(
            {
                "id": ["acme", "bob", "eve"],
                "role": ["firm", "customer", "customer"],
                "customer_of": ["", "acme", " acme ; "],
            }
        )
        given_ = pd.DataFrame({"source": ["bob"], "resource": ["ideas"], "cost": ["3"]})
        got = pd.DataFrame({"beneficiary": ["bob"], "amount": ["-1.5"], "provider": [pd.NA]})
        initiative = from_pandas("x", "acme", people, given_, got)
        assert initiative.stakeholder("eve").customer_of == frozenset({"acme"})
        assert initiative.contributions[0].cost == 3.0
        assert initiative.values[0] == Value("bob", -1.5)

    def test_same_as_a_workbook(self, tmp_path: Path) -> None:
        """The same hand-typed cells in a workbook and in DataFrames give the same initiative."""
        from_workbook = read_excel(typed(tmp_path / "typed.xlsx"))
        people = {
            "id": ["nike", "apple", "runners"],
            "role": ["firm", "firm", "customer"],
            "name": ["Nike", "Apple", None],
            "customer_of": [None, None, "nike; apple"],
        }
        frames = [
            pd.DataFrame(people),
            pd.DataFrame({"source": ["apple"], "resource": ["technology"], "cost": [2]}),
            pd.DataFrame({"beneficiary": ["apple"], "amount": ["5"]}),
        ]
        assert from_pandas("Nike+", "nike", *frames, goal="new_offering") == from_workbook


class TestCells:
    @settings(max_examples=200, deadline=None, database=None)
    @given(st.lists(_IDS, unique=True, max_size=5))
    def test_ids_read_back(self, ids: list[str]) -> None:
        """Ids written as a cell (text or typed) read back as the same ids."""
        expected = sorted(ids) or None
        assert read_cell("customer_of", write_text("customer_of", ids)) == expected
        assert read_cell("customer_of", write_cell("customer_of", tuple(ids))) == expected

    @settings(max_examples=200, deadline=None, database=None)
    @given(st.floats(allow_nan=False, allow_infinity=False) | st.none())
    def test_numbers_read_back(self, number: float | None) -> None:
        """Numbers written as a cell (text, typed or numpy) read back exactly; None as empty."""
        assert read_cell("amount", write_text("amount", number)) == number
        assert read_cell("amount", write_cell("amount", number)) == number
        if number is not None:
            numpy_number = read_cell("amount", np.float64(number))
            assert (type(numpy_number), numpy_number) == (float, number)

    @pytest.mark.parametrize(
        ("field", "cell", "value"),
        [
            ("customer_of", "acme", ["acme"]),
            ("customer_of", " a; b ;", ["a", "b"]),
            ("customer_of", '["a;b"]', ["a;b"]),
            ("customer_of", "('a', 'b')", ["a", "b"]),
            ("customer_of", "['a']", ["a"]),
            ("customer_of", "()", []),
            ("customer_of", ("a", "b"), ("a", "b")),
            ("customer_of", np.array(["a", "b"]), ["a", "b"]),
            ("customer_of", "[x", "[x"),
            ("customer_of", "('\\U00110000',)", "('\\U00110000',)"),
            ("cost", "3", 3.0),
            ("cost", " 2.5 ", 2.5),
            ("cost", "-1e3", -1000.0),
            ("cost", 3, 3),
            ("cost", np.int64(3), 3),
            ("cost", np.float32(2.5), 2.5),
            ("cost", "3 apples", "3 apples"),
            ("cost", "nan", "nan"),
            ("cost", "inf", "inf"),
            ("cost", "1e999", "1e999"),
            ("cost", "1_000", "1_000"),
            ("description", " as typed ", " as typed "),
            ("id", 42, 42),
        ],
    )
    def test_cell_forms(self, field: str, cell: object, value: object) -> None:
        """CSV text, spreadsheet values and pandas values read to the same field values."""
        assert read_cell(field, cell) == value

    @pytest.mark.parametrize("cell", ["", None, math.nan, np.nan, np.float32("nan"), pd.NA, pd.NaT])
    def test_empty_cells(self, cell: object) -> None:
        """Every kind of empty cell is a field not given."""
        assert read_cell("cost", cell) is None
        assert read_row(("source", "cost"), ["bob", cell]) == {"source": "bob"}

    def test_write_text(self) -> None:
        """Text cells: ids as a;b or JSON where a;b would not read back, numbers exactly."""
        assert write_text("customer_of", ("b", "a")) == "a;b"
        assert write_text("customer_of", ("a;b",)) == '["a;b"]'
        assert write_text("customer_of", ("('a',)",)) == "[\"('a',)\"]"
        assert write_text("customer_of", ()) == ""
        assert write_text("cost", 1e-7) == "1e-07"
        assert write_text("description", "as is") == "as is"
        assert write_text("high", None) == ""
