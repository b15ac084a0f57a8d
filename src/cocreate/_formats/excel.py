"""Initiatives in Excel workbooks (the ``excel`` extra).

One ``.xlsx`` workbook holds an initiative in four sheets, each a header row
of field names and one row per item, in the canonical order of
:func:`cocreate.to_records`; cells are read and written by ``_cells``, as
every table's are. openpyxl is imported inside :func:`read_excel` and
:func:`write_excel`, so ``import cocreate`` never needs it.

Reading takes untrusted files: the file may be at most ``max_bytes`` (64 MiB
by default) and unpack to at most :data:`UNPACKED_RATIO` times that, no
part more than 100 times its packed size (a zip bomb's XML); the
workbook is opened read-only, without formulas or external links, and its
rows are streamed, at most as many as a worksheet holds, each read up to
its :data:`MAX_COLUMNS`-th column. Whatever is wrong with the file comes
out as one :class:`~cocreate.exceptions.FormatError` with a one-line fault
for each thing wrong; what is wrong with the model, as the
:class:`~cocreate.exceptions.InvalidModelError` of :func:`cocreate.from_records`.

Text is kept exactly: characters a worksheet cannot hold as they are
(control characters, a carriage return, which XML reads as a line feed)
are written with the ``_xHHHH_`` escapes Excel itself uses, and read back;
text that starts with ``=`` or ``#`` is written as text, never as a
formula or an error value. Numbers are written with every digit
(``repr``), which openpyxl alone would round to 16.

Writing is all or nothing, and deterministic: the same initiative gives the
same bytes, because every date in the file is fixed.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from cocreate._formats.files import check_path, open_binary, os_reason, printable, shown, write_file
from cocreate._model.cells import FLAG_FIELDS, NUMBER_FIELDS, read_row, write_cell
from cocreate._model.records import (
    CONTRIBUTION_FIELDS,
    HEADER_FIELDS,
    REQUIRED_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    from_records,
    header_record,
    to_records,
)
from cocreate._model.text import needs_extra
from cocreate._model.types import Goal, Process, Resource, Role, ValueKind
from cocreate._model.validate import closest_word, describe, whole_number
from cocreate._rules.params import initiative_arg
from cocreate.exceptions import CocreateError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from types import ModuleType

    from openpyxl.styles import Alignment
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from cocreate._model.types import Initiative

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "NOTES",
    "SHEETS",
    "UNPACKED_RATIO",
    "read_excel",
    "write_excel",
]

#: The sheets of a workbook, in order, and the columns of each.
SHEETS: dict[str, tuple[str, ...]] = {
    "initiative": HEADER_FIELDS,
    "stakeholders": STAKEHOLDER_FIELDS,
    "contributions": CONTRIBUTION_FIELDS,
    "values": VALUE_FIELDS,
}
#: The largest file :func:`read_excel` reads by default, in bytes (64 MiB).
MAX_BYTES = 64 * 1024 * 1024
#: How many times ``max_bytes`` the parts of a workbook may unpack to, together.
UNPACKED_RATIO = 16
#: How many columns of a sheet are read; cells to the right are not looked at.
MAX_COLUMNS = 64

#: The sheet of notes that :func:`write_excel` adds, and :func:`read_excel` does not read.
NOTES = "notes"

#: The columns that hold words, by sheet: a drop-down list offers them.
_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "initiative": {"goal": Goal.words(), "process": Process.words()},
    "stakeholders": {"role": Role.words()},
    "contributions": {"resource": Resource.words(), "exchange": ("true", "false")},
    "values": {"kind": ValueKind.words()},
}

#: What each column holds, for the sheet of notes.
_NOTES: dict[str, dict[str, str]] = {
    "initiative": {
        "name": "The initiative's name.",
        "focal": "Required. The id of the organization that runs it (a stakeholder).",
        "goal": "new_offering or specific_outcome; empty if not stated.",
        "process": "iterative or structured; empty if not stated.",
        "assumptions": "What the numbers assume, one assumption per line.",
    },
    "stakeholders": {
        "id": "Required. A short id, unique; the other sheets name stakeholders by it.",
        "role": "Required. firm, customer, supplier, partner or employee.",
        "name": "The name to show; empty means the id.",
        "organization": "The id of the organization it belongs to (an employee's firm).",
        "customer_of": "The ids of the organizations it is a customer of, separated by ;",
        "size": "How many people or organizations it stands for; 1 if empty.",
        "group": "A label: segments of one group are judged as one party.",
    },
    "contributions": {
        "source": "Required. The id of the stakeholder that gives.",
        "resource": "Required. What it gives: ideas, input, feedback, technology, ...",
        "target": "The id of the stakeholder it gives to; empty: to the initiative.",
        "cost": "What giving costs the source, a number of at least 0; 0 if empty.",
        "description": "Free text.",
        "low": "The least the cost may be, if it is uncertain; empty: the cost itself.",
        "high": "The most the cost may be, if it is uncertain; empty: the cost itself.",
        "exchange": "true for a payment or a fee, not an input to the innovation.",
        "link": "A name shared by items that are one uncertain quantity.",
    },
    "values": {
        "beneficiary": "Required. The id of the stakeholder that gains (or loses).",
        "amount": "Required. What it gains, a number; negative is a loss.",
        "provider": "The id of the stakeholder it comes from; empty: the initiative.",
        "kind": "revenue, product, experience, ...; other if empty.",
        "description": "Free text.",
        "low": "The least the amount may be, if it is uncertain; empty: the amount itself.",
        "high": "The most the amount may be, if it is uncertain; empty: the amount itself.",
        "link": "A name shared by items that are one uncertain quantity.",
        "requires": "The ids of those without whom the value is not created, separated by ;",
    },
}
#: The narrowest and widest a column is made, in characters.
_WIDTHS = (8, 50)
#: How many rows of a sheet set its columns' widths.
_MEASURED = 1000

#: The columns a sheet must have.
_REQUIRED = REQUIRED_FIELDS | {"initiative": ("focal",)}
#: The most parts an .xlsx archive may have (a workbook written here has 9).
_MAX_PARTS = 10_000
#: How many times its packed size a part larger than :data:`_GRACE` may
#: unpack to. A worksheet packs some ten to twenty times, a zip bomb a
#: thousand: a 76 KB file of empty cells unpacks to 64 MB of XML, every cell
#: of which openpyxl parses (those past :data:`MAX_COLUMNS` too, for a row
#: is parsed whole), which takes a minute. With this bound, the XML read is
#: at most this many times the file's size.
_PART_RATIO = 100
#: Parts that unpack to no more than this, in bytes, may pack as tightly as they do.
_GRACE = 1024 * 1024
#: The most rows a worksheet holds (Excel's own limit), the header row included.
_MAX_ROWS = 1_048_576
#: The most characters a cell holds (Excel's own limit); openpyxl would cut the rest.
_MAX_TEXT = 32_767
#: The time written everywhere a workbook holds one: the earliest a zip archive can hold.
_WHEN = dt.datetime(1980, 1, 1)  # noqa: DTZ001 - a workbook's dates are naive UTC
#: How an OLE2 file begins: an old .xls workbook, or an encrypted .xlsx.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What a worksheet cannot hold as it is, and ``_`` before ``x`` (so that
#: every ``_x`` in a cell starts an escape, and reading back is unambiguous).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
#: A str of this many characters or fewer fits a cell even with every character escaped.
_SURELY_FITS = _MAX_TEXT // len("_x0000_")


def read_excel(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Initiative:
    """Read an initiative from an ``.xlsx`` workbook, such as :func:`write_excel` writes.

    The workbook has four sheets (names in any case), each with a header
    row of field names (in any order and case; optional columns may be
    left out), then one row per item:

    ``initiative``
        one row: ``name``, ``focal``, ``goal``, ``process``;
    ``stakeholders``
        ``id``, ``role``, ``name``, ``organization``, ``customer_of``;
    ``contributions``
        ``source``, ``resource``, ``target``, ``cost``, ``description``,
        ``low``, ``high``;
    ``values``
        ``beneficiary``, ``amount``, ``provider``, ``kind``,
        ``description``, ``low``, ``high``.

    Other sheets are not read. Empty rows are skipped; an empty cell means
    the field was not given (the default applies). ``customer_of`` lists
    ids separated by ``;`` (``acme; bigco``), or is a JSON array
    (``["a;b"]``) for ids that hold a ``;``. Numbers may be typed as text
    (``'3``). Formulas are read as the values Excel last computed.

    Parameters
    ----------
    path
        The workbook.
    max_bytes
        The largest file to read, in bytes; 64 MiB by default. Its parts
        may unpack to at most 16 times as much, together, and each part
        larger than 1 MiB to at most 100 times its packed size.

    Returns
    -------
    Initiative
        The initiative, built by :func:`from_records`.

    Raises
    ------
    FormatError
        If the file cannot be read, is too large, is not an ``.xlsx``
        workbook, lacks a sheet or a required column, has two sheets of one
        name (case and spaces aside), or has a column or a cell it should
        not; one fault for each, at its sheet or cell. The faults of the
        cells come with them, in the same round: a misspelt column that
        surely means a field is read as that field.
    InvalidModelError
        With every fault in the rows, each at its cell:
        ``contributions sheet, cell D4`` is the ``cost`` of the third row of
        data. A value is shown as typed (``got '3,5'``), and a number with
        a decimal comma gets a hint.
    CocreateError
        If openpyxl is not installed (``pip install "cocreate[excel]"``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import read_excel, write_excel
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "nike.xlsx")
    ...     write_excel(nike_plus(), path)
    ...     read_excel(path) == nike_plus()
    True
    """
    name = check_path(path)
    limit = _limit(max_bytes)
    openpyxl = _openpyxl()
    where = f"Excel file {shown(name)}"
    sheets, layout = _read_workbook(Path(name), limit, where, openpyxl)
    top = sheets["initiative"].records[0]
    try:
        initiative = from_records(
            top.get("name", ""),  # type: ignore[arg-type]
            top.get("focal"),  # type: ignore[arg-type]
            sheets["stakeholders"].records,
            sheets["contributions"].records,
            sheets["values"].records,
            goal=top.get("goal"),  # type: ignore[arg-type]
            process=top.get("process"),  # type: ignore[arg-type]
            assumptions=top.get("assumptions") or (),  # type: ignore[arg-type]
        )
    except InvalidModelError as error:
        # The faults of the header and of the cells, in one round: a misspelt
        # header hides no cell's fault, and a cell's is not told twice.
        cells = [_at_cell(fault, sheets) for fault in error.faults if not _told(fault, sheets)]
        if layout:
            raise FormatError(where, layout + cells) from None
        msg = f"{error.what} in {where}"
        raise InvalidModelError(msg, cells) from None
    if layout:
        raise FormatError(where, layout)
    return initiative


def write_excel(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write an initiative as an ``.xlsx`` workbook; see :func:`read_excel`.

    The workbook has the sheets ``initiative``, ``stakeholders``,
    ``contributions`` and ``values``, each a header row of field names and
    one row per item, in the canonical order of :func:`to_records`, then a
    sheet of ``notes`` that says what every column holds. Each header row is
    bold and frozen, each column as wide as its text (up to 50 characters),
    and each column of words offers them in a drop-down list.
    ``customer_of`` is written as ids separated by ``;``, numbers as
    numbers with every digit, text exactly as it is. The same initiative
    always gives the same bytes: the dates in the file are fixed (1 January
    1980).

    The workbook is built before the file is touched, then written to a
    temporary file in the same directory that replaces ``path``: if
    anything fails, ``path`` is left as it was.

    Raises
    ------
    CocreateError
        If a table has more rows than a worksheet holds (1,048,575 below
        the header), a text more characters than a cell holds (32,767),
        the file cannot be written, or openpyxl is not installed
        (``pip install "cocreate[excel]"``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import write_excel
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "nike.xlsx")
    ...     write_excel(nike_plus(), path)
    ...     path.read_bytes()[:2]
    b'PK'
    """
    name = check_path(path)
    initiative = initiative_arg(initiative, "write_excel")
    openpyxl = _openpyxl()
    tables = _tables(initiative)
    _check_fits(tables)
    write_file(name, _workbook_bytes(tables, openpyxl))


# --------------------------------------------------------------------------
# Arguments and the extra.


def _openpyxl() -> ModuleType:
    try:
        import openpyxl
    except ImportError:
        msg = needs_extra("reading and writing Excel files", "openpyxl", "excel")
        raise CocreateError(msg) from None
    return openpyxl


def _limit(max_bytes: object) -> int:
    return int(whole_number("max_bytes", max_bytes))


def _error(where: str, reason: str, part: str = "") -> FormatError:
    return FormatError(where, [Fault(part, reason)])


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# --------------------------------------------------------------------------
# Reading: the file, the archive, the sheets, the rows.


@attrs.define
class _Sheet:
    """One sheet as read: its title, its columns, and its records with the row each came from."""

    title: str
    #: The columns' field names, from column A; ``""`` for a column that is not read.
    columns: list[str] = attrs.Factory(list)
    records: list[dict[str, object]] = attrs.Factory(list)
    #: The row number (from 1, as Excel shows it) of each record.
    rows: list[int] = attrs.Factory(list)
    #: The required fields the header lacks: their per-row faults are told once, by the header.
    lacking: frozenset[str] = frozenset()

    def cell(self, index: int, field: str) -> str:
        """Say where a record's field is: ``values sheet, cell B4``, or its row."""
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        if row is None:
            return f"{self.title} sheet"
        if field in self.columns:
            return f"{self.title} sheet, cell {_letter(self.columns.index(field))}{row}"
        return f"{self.title} sheet, row {row}"


def _read_workbook(
    path: Path, limit: int, where: str, openpyxl: ModuleType
) -> tuple[dict[str, _Sheet], list[Fault]]:
    """Return each sheet, and the faults of its header and its layout.

    A fault that leaves nothing to build from (a missing sheet, an unreadable
    file) raises a :class:`FormatError` here, with the header faults found.
    """
    with _open(path, limit, where) as handle:
        _check_archive(handle, limit, where)
        handle.seek(0)
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
            raise _error(where, f"not a readable .xlsx workbook ({_one_line(error)})") from None
        try:
            return _read_sheets(book, where)
        except CocreateError:
            raise
        except Exception as error:  # noqa: BLE001 - as above, while the rows are streamed
            raise _error(where, f"a damaged worksheet ({_one_line(error)})") from None
        finally:
            book.close()


def _open(path: Path, limit: int, where: str) -> IO[bytes]:
    """Open a regular file of at most ``limit`` bytes."""
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
        # Only a regular file is opened: opening a FIFO would wait for a writer.
        handle = open_binary(os.fspath(path)) if regular else None
    except (OSError, ValueError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else printable(str(error))
        raise _error(where, f"cannot read the file: {reason}") from None
    if handle is None:
        raise _error(where, "cannot read the file: it is not a regular file")
    size = os.fstat(handle.fileno()).st_size
    if size > limit:
        handle.close()
        reason = f"the file has {size} bytes, more than max_bytes={limit}"
        raise _error(where, reason)
    return handle


def _check_archive(handle: IO[bytes], limit: int, where: str) -> None:
    """Refuse a file that is not a zip archive, or would unpack to too much."""
    if not zipfile.is_zipfile(handle):
        handle.seek(0)
        if handle.read(len(_OLE)) == _OLE:
            reason = (
                "an old .xls workbook or an encrypted one, not an .xlsx workbook; "
                "save it as .xlsx, without a password"
            )
        else:
            reason = "not an .xlsx workbook (an .xlsx file is a zip archive)"
        raise _error(where, reason)
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except Exception as error:  # noqa: BLE001 - zipfile raises many kinds on a damaged archive
        raise _error(where, f"a damaged zip archive ({_one_line(error)})") from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _MAX_PARTS or unpacked > limit * UNPACKED_RATIO:
        reason = (
            f"the archive has {len(parts)} parts that unpack to {unpacked} bytes; "
            f"at most {_MAX_PARTS} parts and {UNPACKED_RATIO} times max_bytes={limit} are read"
        )
        raise _error(where, reason)
    for part in parts:
        if part.file_size > max(_GRACE, _PART_RATIO * part.compress_size):
            reason = (
                f"the part {shown(part.filename)} unpacks to {part.file_size} bytes from "
                f"{part.compress_size}, more than {_PART_RATIO} times; a workbook never "
                "packs so tightly, a zip bomb does"
            )
            raise _error(where, reason)


def _read_sheets(book: Workbook, where: str) -> tuple[dict[str, _Sheet], list[Fault]]:
    titles: dict[str, list[str]] = {}
    for title in book.sheetnames:
        titles.setdefault(title.strip().casefold(), []).append(title)
    faults: list[Fault] = []  # nothing can be built
    layout: list[Fault] = []  # the initiative can be built, and its cells checked
    tables: dict[str, _Sheet] = {}
    for part, fields in SHEETS.items():
        found = titles.get(part, [])
        if not found:
            shown = ", ".join(map(repr, book.sheetnames[:10])) or "none"
            faults.append(Fault(part, f"no sheet named {part!r}; the workbook has {shown}"))
            continue
        if len(found) > 1:
            # Which one holds the data is anyone's guess: neither is read.
            shown = " and ".join(map(repr, found[:10]))
            reason = f"the sheets {shown} are all named {part!r} (case and spaces aside); keep one"
            faults.append(Fault(part, reason))
            continue
        sheet: ReadOnlyWorksheet = book[found[0]]
        tables[part] = _read_sheet(sheet, part, fields, faults, layout)
    if not faults and len(tables["initiative"].records) != 1:
        got = len(tables["initiative"].records)
        faults.append(Fault("initiative", f"must have one row of data, got {got}"))
    if faults:
        raise FormatError(where, faults + layout)
    return tables, layout


def _rows(
    sheet: ReadOnlyWorksheet, part: str, faults: list[Fault]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield the sheet's rows that are not empty, numbered, each up to :data:`MAX_COLUMNS` cells."""
    # The size a sheet states may be wrong (some writers never update it):
    # forget it, and read every row there is, up to a worksheet's limit.
    sheet.reset_dimensions()
    # The stubs type iter_rows for a Worksheet only; a ReadOnlyWorksheet shares it.
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)  # type: ignore[misc]
    for number, cells in enumerate(rows, start=1):
        if number > _MAX_ROWS:
            faults.append(Fault(part, f"has more than {_MAX_ROWS} rows, the most a sheet holds"))
            return
        if cells.count(None) + cells.count("") < len(cells):
            yield number, cells


def _read_sheet(
    sheet: ReadOnlyWorksheet,
    part: str,
    fields: tuple[str, ...],
    faults: list[Fault],
    layout: list[Fault],
) -> _Sheet:
    """Return one sheet with its rows as records; an empty sheet has none.

    A column the header does not name as a field is not read; its fault goes
    to ``layout``, with the faults of values past the header.
    """
    rows = _rows(sheet, part, faults)
    first = next(rows, None)
    title = sheet.title
    if first is None:
        return _Sheet(title)
    number, cells = first
    columns = _header(cells, title, number, part, fields, layout)
    width = len(columns)
    read = [index for index, column in enumerate(columns) if column]
    named = [columns[index] for index in read]
    table = _Sheet(title, columns, lacking=frozenset(_REQUIRED[part]) - set(columns))
    for number, cells in rows:
        rest = cells[width:]
        if rest.count(None) + rest.count("") < len(rest):
            extra = width + next(index for index, cell in enumerate(rest) if _given(cell))
            where = f"{title} sheet, cell {_letter(extra)}{number}"
            layout.append(Fault(where, "a value past the header; give its column a name"))
        padded = cells + (None,) * (width - len(cells))
        table.records.append(read_row(named, (_plain(padded[index]) for index in read)))
        table.rows.append(number)
    return table


def _header(
    cells: Sequence[Any],
    title: str,
    number: int,
    part: str,
    fields: tuple[str, ...],
    faults: list[Fault],
) -> list[str]:
    """Return a header row's field names; ``""``, and a fault, for a column that is no field."""
    width = max(index for index, cell in enumerate(cells) if _given(cell)) + 1
    names = [_plain(cell) for cell in cells[:width]]
    columns = [name.strip().casefold() if isinstance(name, str) else "" for name in names]
    allowed = ", ".join(fields)
    for index, (name, column) in enumerate(zip(names, columns, strict=True)):
        where = f"{title} sheet, cell {_letter(index)}{number}"
        if column in fields and columns.index(column) != index:
            first = f"{_letter(columns.index(column))}{number}"
            faults.append(
                Fault(where, f"a second column {_spoken(name)} (the first is {first}); keep one")
            )
        elif column not in fields:
            close = closest_word(name, fields)
            shown = (
                "a column without a name" if not _given(name) else f"unknown column {_spoken(name)}"
            )
            if close is not None and close not in columns:
                # Its cells are checked as the column it surely means, so
                # that they need no second round once the header is fixed.
                hint = f"did you mean {close!r}? (its cells were checked as {close!r})"
                faults.append(Fault(where, f"{shown}; {hint}"))
                columns[index] = close
                continue
            faults.append(Fault(where, f"{shown}; the columns are: {allowed}"))
        else:
            continue
        columns[index] = ""
    faults.extend(
        Fault(f"{title} sheet", f"no column {name!r}; it is required")
        for name in _REQUIRED[part]
        if name not in columns
    )
    return columns


def _spoken(value: object) -> str:
    """Return a cell's value for a message, as a person typed it: ``'3,5'``, ``3.5``, ``TRUE``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str | int | float):
        return describe(value).split(" ", 1)[1]
    return describe(value)


#: A fault's path into a table: the part, the row's index, the field and what is inside it.
_PATH = re.compile(r"(stakeholders|contributions|values)\[([0-9]+)\](?:\.([a-z_]+))?.*", re.DOTALL)
#: What a message says of a value's Python type: ``got str '3,5'``, ``got float 1.5``.
_TYPED = re.compile(r"\bgot (?:str|int|float) (?=['\-0-9])")
#: A number written with a decimal comma, as many locales write it: ``'3,5'``, ``'1.234,5'``.
_DECIMAL_COMMA = re.compile(r"got '([+-]?[0-9][0-9.]*,[0-9]+)'")


def _at_cell(fault: Fault, sheets: dict[str, _Sheet]) -> Fault:
    """Return a fault of :func:`from_records` located at its cell, in the words of a spreadsheet."""
    match = _PATH.fullmatch(fault.path)
    if match is not None:
        part, index, field = match[1], int(match[2]), match[3] or ""
    else:
        part, index, field = "initiative", 0, re.split(r"[.\[]", fault.path, maxsplit=1)[0]
        if field not in sheets["initiative"].columns and field not in HEADER_FIELDS:
            return fault
    message = _TYPED.sub("got ", fault.message)
    comma = _DECIMAL_COMMA.search(message)
    if comma is not None:
        number = comma[1].replace(".", "").replace(",", ".")
        message += f"; write the decimal point as a point ({number}), or make the cell a number"
    return Fault(sheets[part].cell(index, field), message)


def _told(fault: Fault, sheets: dict[str, _Sheet]) -> bool:
    """Whether a row's fault is one the header told already: a required column it lacks."""
    match = _PATH.fullmatch(fault.path)
    return (
        match is not None
        and match[3] in sheets[match[1]].lacking
        and fault.message == "missing; this field is required"
    )


def _given(cell: object) -> bool:
    return cell is not None and cell != ""


def _plain(cell: object) -> object:
    """Return a cell's value, with Excel's escapes in text undone.

    openpyxl itself drops every ``x005F_`` from text in the shared strings
    (where Excel puts text), so that text which holds an escape's letters
    (``_x0041_``), rare as it is, reads as the escape from a file that Excel
    saved; files written here hold no shared strings, and read back exactly.
    """
    if isinstance(cell, str) and "_x" in cell:
        return _ESCAPED.sub(_unescaped, cell)
    return cell


def _unescaped(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _letter(index: int) -> str:
    """Return the letters of the column at ``index`` (from 0), up to ``ZZ``."""
    first, second = divmod(index, 26)
    return (chr(64 + first) if first else "") + chr(65 + second)


# --------------------------------------------------------------------------
# Writing.


def _tables(initiative: Initiative) -> dict[str, list[tuple[Any, ...]]]:
    people, contributions, values = to_records(initiative)
    return {
        "initiative": [header_record(initiative)],
        "stakeholders": people,
        "contributions": contributions,
        "values": values,
    }


def _check_fits(tables: dict[str, list[tuple[Any, ...]]]) -> None:
    """Refuse, before anything is written, a table or a text a worksheet cannot hold."""
    for part, rows in tables.items():
        if len(rows) >= _MAX_ROWS:
            msg = (
                f"cannot write {len(rows)} {part} to a worksheet; "
                f"it holds {_MAX_ROWS - 1} rows below its header"
            )
            raise CocreateError(msg)
        for index, row in enumerate(rows):
            for field, value in zip(SHEETS[part], row, strict=True):
                text = write_cell(field, value)
                if isinstance(text, str) and len(text) > _SURELY_FITS:
                    size = len(_escape(text))
                    if size > _MAX_TEXT:
                        msg = (
                            f"cannot write {part}[{index}].{field}: {size} characters, "
                            f"more than a cell holds ({_MAX_TEXT})"
                        )
                        raise CocreateError(msg)


def _workbook_bytes(tables: dict[str, list[tuple[Any, ...]]], openpyxl: ModuleType) -> bytes:
    """Return the workbook's bytes, with a fixed time wherever it holds one.

    Each sheet is made for people: a bold header row that stays in view,
    columns wide enough for their header and most of their text, and a
    drop-down list on every column of words. A last sheet explains the columns.
    """
    book = openpyxl.Workbook(write_only=True)
    for part, rows in tables.items():
        fields = SHEETS[part]
        sheet = book.create_sheet(part)
        # openpyxl states a sheet's size where the sheet can tell it; a stated
        # size spares a reader (openpyxl's among them) a pass through the
        # whole sheet when it opens the workbook.
        size = f"A1:{_letter(len(fields) - 1)}{len(rows) + 1}"
        sheet.calculate_dimension = lambda size=size: size
        _lay_out(sheet, fields, rows, [len(field) for field in fields])
        _add_choices(sheet, part, fields)
        sheet.append([_header_cell(sheet, field) for field in fields])
        for row in rows:
            sheet.append([_cell(sheet, f, v) for f, v in zip(fields, row, strict=True)])
    _add_notes(book)
    book.properties.created = _WHEN
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_fixed_times(buffer.getvalue(), book)


def _lay_out(
    sheet: WriteOnlyWorksheet,
    fields: Sequence[str],
    rows: Sequence[Sequence[object]],
    headers: list[int],
) -> None:
    """Make each column as wide as its header and its text, within bounds; keep the header in view.

    Set before the first row is appended: a write-only sheet writes its
    columns' widths and its view ahead of its rows.
    """
    # A header is bold, so a character wider than its letters. The widths
    # are those of the first rows' text: a look, not a bound, and a pass
    # through a million rows would cost a tenth of the write.
    widths = [size + 1 for size in headers]
    for row in rows[:_MEASURED]:
        for index, (field, value) in enumerate(zip(fields, row, strict=True)):
            cell = write_cell(field, value)
            if cell is not None:
                widths[index] = max(widths[index], min(_shown_width(cell), _WIDTHS[1]))
    for index, width in enumerate(widths):
        # Two characters more: the indent of a number, or the drop-down
        # arrow, and some air. A write-only sheet has the dimensions a sheet
        # has (set up by Worksheet._setup); the stubs leave them out.
        dimension = sheet.column_dimensions[_letter(index)]  # type: ignore[attr-defined]
        dimension.width = max(_WIDTHS[0], width + 2)
    sheet.freeze_panes = "A2"
    # Printed, each sheet is as wide as a landscape page, with the header on every page.
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup  # type: ignore[attr-defined]
    setup.orientation, setup.fitToWidth, setup.fitToHeight = "landscape", 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]


def _shown_width(cell: object) -> int:
    """Return about how many characters a cell shows: a number as Excel's General shows it."""
    if isinstance(cell, str):
        return max(map(len, cell.splitlines()), default=0)
    if isinstance(cell, float):
        return len(f"{cell:.10g}")
    return len(str(cell))


def _add_choices(sheet: WriteOnlyWorksheet, part: str, fields: Sequence[str]) -> None:
    """Offer the words of each column of words in a drop-down list, below the header."""
    from openpyxl.worksheet.datavalidation import DataValidation

    for field, words in _CHOICES[part].items():
        if field not in fields:
            continue
        column = _letter(fields.index(field))
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(words) + '"',
            allow_blank=True,
            showErrorMessage=True,
            # A warning, not a stop: cocreate reads the words in any case too.
            errorStyle="warning",
            errorTitle=f"Not a {field} cocreate knows",
            error=f"cocreate reads: {', '.join(words)}"[:255],
        )
        choice.add(f"{column}2:{column}{_MAX_ROWS}")
        sheet.data_validations.append(choice)  # type: ignore[attr-defined]


def _header_cell(sheet: WriteOnlyWorksheet, field: str) -> object:
    """Return a header cell: bold on a pale band, right-aligned over a column of numbers."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cell = WriteOnlyCell(sheet, field)
    cell.font = Font(name="Calibri", size=11, bold=True)
    cell.fill = PatternFill("solid", fgColor="E8EEF4")
    if field in NUMBER_FIELDS:
        cell.alignment = _number_alignment()
    return cell


@functools.cache
def _number_alignment() -> Alignment:
    from openpyxl.styles import Alignment

    return Alignment(horizontal="right", indent=1)


def _add_notes(book: Workbook) -> None:
    """Add the sheet that says what every column holds; the reader does not read it."""
    sheet = book.create_sheet(NOTES)
    rows = [
        (part, field, _NOTES[part].get(field, ""), ", ".join(_CHOICES[part].get(field, ())))
        for part, fields in SHEETS.items()
        for field in fields
    ]
    header = ("sheet", "column", "what it holds", "words")
    _lay_out(sheet, header, [], [14, 14, 75, 95])
    sheet.append([_header_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append(list(row))


def _cell(sheet: WriteOnlyWorksheet, field: str, value: object) -> object:
    """Return what to append for one field: a value, or a cell with its type set."""
    from openpyxl.cell import WriteOnlyCell

    value = write_cell(field, value)
    if value is False and field in FLAG_FIELDS:
        return None  # the default: an empty cell reads as false, and shows nothing
    if isinstance(value, float):
        # openpyxl writes a number with 16 digits; its repr has every digit.
        cell = WriteOnlyCell(sheet, repr(value))
        cell.data_type = "n"
        # A space to its right: a number ends where the next column's text begins.
        cell.alignment = _number_alignment()
        return cell
    if isinstance(value, str):
        text = _escape(value)
        if text[:1] in {"=", "#"}:
            # openpyxl takes such text for a formula or an error value.
            cell = WriteOnlyCell(sheet, text)
            cell.data_type = "s"
            return cell
        return text or None
    return value


def _escape(text: str) -> str:
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _with_fixed_times(data: bytes, book: Workbook) -> bytes:
    """Return the archive again, with the same time on every part and in its properties."""
    from openpyxl.xml.functions import tostring

    book.properties.created = book.properties.modified = _WHEN
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = core if info.filename == "docProps/core.xml" else source.read(info)
            part = zipfile.ZipInfo(info.filename, date_time=_WHEN.timetuple()[:6])
            part.compress_type = zipfile.ZIP_DEFLATED
            part.create_system = 0  # the same bytes on every system
            target.writestr(part, content)
    return out.getvalue()
