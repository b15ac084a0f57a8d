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
import io
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cocreate._formats.files import check_path, open_binary, os_reason, printable, shown, write_file
from cocreate._model.cells import read_row, write_cell
from cocreate._model.records import (
    CONTRIBUTION_FIELDS,
    HEADER_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    from_records,
    header_record,
    to_records,
)
from cocreate._model.text import needs_extra
from cocreate._model.validate import describe
from cocreate._rules.params import initiative_arg
from cocreate.exceptions import ArgumentError, CocreateError, Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from types import ModuleType

    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from cocreate._model.types import Initiative

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "SHEETS", "UNPACKED_RATIO", "read_excel", "write_excel"]

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

#: The columns a sheet must have.
_REQUIRED = {part: fields[:2] for part, fields in SHEETS.items()} | {"initiative": ("focal",)}
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
        not; one fault for each, with the sheet as its path.
    InvalidModelError
        With every fault in the rows; ``contributions[2].cost`` is the
        ``cost`` cell of the third row of data of the ``contributions``
        sheet.
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
    tables = _read_workbook(Path(name), limit, f"Excel file {shown(name)}", openpyxl)
    top = tables["initiative"][0]
    return from_records(
        top.get("name", ""),  # type: ignore[arg-type]
        top.get("focal"),  # type: ignore[arg-type]
        tables["stakeholders"],
        tables["contributions"],
        tables["values"],
        goal=top.get("goal"),  # type: ignore[arg-type]
        process=top.get("process"),  # type: ignore[arg-type]
        assumptions=top.get("assumptions") or (),  # type: ignore[arg-type]
    )


def write_excel(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write an initiative as an ``.xlsx`` workbook; see :func:`read_excel`.

    The workbook has the sheets ``initiative``, ``stakeholders``,
    ``contributions`` and ``values``, each a header row of field names and
    one row per item, in the canonical order of :func:`to_records`.
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
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        msg = f"max_bytes must be a whole number of bytes, at least 1; got {describe(max_bytes)}"
        raise ArgumentError(msg)
    return max_bytes


def _error(where: str, reason: str, part: str = "") -> FormatError:
    return FormatError(where, [Fault(part, reason)])


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# --------------------------------------------------------------------------
# Reading: the file, the archive, the sheets, the rows.


def _read_workbook(
    path: Path, limit: int, where: str, openpyxl: ModuleType
) -> dict[str, list[dict[str, object]]]:
    """Return each sheet's rows as records, or raise a :class:`FormatError`."""
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


def _read_sheets(book: Workbook, where: str) -> dict[str, list[dict[str, object]]]:
    titles: dict[str, list[str]] = {}
    for title in book.sheetnames:
        titles.setdefault(title.strip().casefold(), []).append(title)
    faults: list[Fault] = []
    tables: dict[str, list[dict[str, object]]] = {}
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
        tables[part] = _read_sheet(sheet, part, fields, faults)
    if not faults and len(tables["initiative"]) != 1:
        got = len(tables["initiative"])
        faults.append(Fault("initiative", f"must have one row of data, got {got}"))
    if faults:
        raise FormatError(where, faults)
    return tables


def _rows(sheet: ReadOnlyWorksheet, part: str, faults: list[Fault]) -> Iterator[tuple[Any, ...]]:
    """Yield the sheet's rows that are not empty, each up to :data:`MAX_COLUMNS` cells."""
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
            yield cells


def _read_sheet(
    sheet: ReadOnlyWorksheet, part: str, fields: tuple[str, ...], faults: list[Fault]
) -> list[dict[str, object]]:
    """Return the rows of one sheet as records; an empty sheet has none."""
    rows = _rows(sheet, part, faults)
    first = next(rows, None)
    if first is None:
        return []
    columns = _header(first, part, fields, faults)
    width = len(columns)
    records: list[dict[str, object]] = []
    for cells in rows:
        rest = cells[width:]
        if rest.count(None) + rest.count("") < len(rest):
            extra = width + next(index for index, cell in enumerate(rest) if _given(cell))
            where = f"{part}[{len(records)}]"
            faults.append(Fault(where, f"has a value in column {_letter(extra)}, past the header"))
        records.append(read_row(columns, map(_plain, cells[:width])))
    return records


def _header(
    cells: Sequence[Any], part: str, fields: tuple[str, ...], faults: list[Fault]
) -> list[str]:
    """Return a header row's column names, with a fault for each that is not a field."""
    width = max(index for index, cell in enumerate(cells) if _given(cell)) + 1
    names = [_plain(cell) for cell in cells[:width]]
    columns = [name.strip().casefold() if isinstance(name, str) else "" for name in names]
    allowed = ", ".join(fields)
    for index, (name, column) in enumerate(zip(names, columns, strict=True)):
        if column not in fields or columns.index(column) != index:
            shown = "no name" if name is None else f"the name {describe(name)}"
            reason = (
                f"column {_letter(index)} has {shown}; columns must be distinct, from: {allowed}"
            )
            faults.append(Fault(part, reason))
    faults.extend(
        Fault(part, f"no column {name!r}; it is required")
        for name in _REQUIRED[part]
        if name not in columns
    )
    return columns


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
    """Return the workbook's bytes, with a fixed time wherever it holds one."""
    book = openpyxl.Workbook(write_only=True)
    for part, rows in tables.items():
        fields = SHEETS[part]
        sheet = book.create_sheet(part)
        # openpyxl states a sheet's size where the sheet can tell it; a stated
        # size spares a reader (openpyxl's among them) a pass through the
        # whole sheet when it opens the workbook.
        size = f"A1:{_letter(len(fields) - 1)}{len(rows) + 1}"
        sheet.calculate_dimension = lambda size=size: size
        sheet.append(fields)
        for row in rows:
            sheet.append([_cell(sheet, f, v) for f, v in zip(fields, row, strict=True)])
    book.properties.created = _WHEN
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_fixed_times(buffer.getvalue(), book)


def _cell(sheet: WriteOnlyWorksheet, field: str, value: object) -> object:
    """Return what to append for one field: a value, or a cell with its type set."""
    from openpyxl.cell import WriteOnlyCell

    value = write_cell(field, value)
    if isinstance(value, float):
        # openpyxl writes a number with 16 digits; its repr has every digit.
        cell = WriteOnlyCell(sheet, repr(value))
        cell.data_type = "n"
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
