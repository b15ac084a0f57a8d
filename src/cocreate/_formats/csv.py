"""Initiatives in tables: CSV files and pandas frames.

Rows go in through :func:`cocreate.from_records` (the one way in for rows)
and come out through :func:`cocreate.to_records`, in the canonical order.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import stat
from collections import deque
from typing import TYPE_CHECKING, Any

from cocreate._formats.files import (
    MAX_BYTES,
    Problem,
    check_max_bytes,
    check_path,
    check_timeout,
    journal_problem,
    name_problem,
    open_text,
    os_reason,
    printable,
    shown,
    write_files,
)
from cocreate._model.cells import NUMBER_FIELDS, read_row, write_text
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
from cocreate._model.types import Initiative, initiative_arg
from cocreate._model.validate import closest_word, describe
from cocreate.exceptions import ArgumentError, CocreateError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence

    import pandas as pd

    from cocreate._model.types import Goal, Process

__all__ = [
    "CSV_FILES",
    "from_pandas",
    "read_csv",
    "write_csv",
]

#: The file names of the CSV form, by part.
CSV_FILES = {
    "initiative": "initiative.csv",
    "stakeholders": "stakeholders.csv",
    "contributions": "contributions.csv",
    "values": "values.csv",
}

_FIELDS = {
    "stakeholders": STAKEHOLDER_FIELDS,
    "contributions": CONTRIBUTION_FIELDS,
    "values": VALUE_FIELDS,
}

#: The most characters one CSV cell may hold, as written: what Python's csv
#: module reads (its default ``field_size_limit``). :func:`write_csv` refuses
#: a longer cell, which :func:`read_csv` could not read back.
MAX_CELL = 131_072

#: The first characters that make a spreadsheet read a cell as a formula
#: (``=``, ``+``, ``-``, ``@``, tab, carriage return), and the quote that
#: marks a text cell as neutralised. A text cell that starts with one of them
#: is written with a ``'`` before it, and read back without that ``'``.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _neutral(text: str) -> str:
    """Return a text cell as written: a ``'`` before what a spreadsheet would run as a formula.

    Examples
    --------
    >>> _neutral("=HYPERLINK(1)"), _neutral("'quoted"), _neutral("plain")
    ("'=HYPERLINK(1)", "''quoted", 'plain')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _text_columns(names: Sequence[str]) -> list[bool]:
    """Which columns hold text (neutralised on write), not numbers (written as they are)."""
    return [name not in NUMBER_FIELDS for name in names]


# --------------------------------------------------------------------------
# CSV.


def _read_table(
    path: str,
    part: str,
    names: tuple[str, ...],
    faults: list[Fault],
    max_bytes: int,
    timeout: float | None = None,
) -> Generator[dict[str, Any], None, None]:
    """Yield one CSV file's rows as dicts of fields, as they are read; empty cells are left out.

    The file is opened when the first row is asked for. What is wrong with
    the file (it cannot be read, its header, a row with too many cells) is
    added to ``faults`` as it is found; the rows read before a file turns out
    unreadable have been yielded already, so a caller must not use them if
    ``faults`` has any.
    """
    try:
        with open_text(path, max_bytes, timeout=timeout) as stream:
            yield from _table_rows(csv.reader(stream), path, part, names, faults)
    except Problem as problem:
        reason = problem.reason
    except OSError as error:
        reason = os_reason(error)
    except UnicodeDecodeError as error:
        byte = error.object[error.start] if error.start < len(error.object) else 0
        reason = f"it is not UTF-8: byte {byte:#04x} cannot be decoded; save it as UTF-8"
    except csv.Error as error:
        detail = str(error)
        if "field larger than field limit" in detail:
            detail = f"a cell holds more than {csv.field_size_limit()} characters"
        reason = printable(f"not valid CSV: {detail}")
    else:
        return
    faults.append(Fault(part, f"cannot read {shown(path)}: {reason}"))


def _table_rows(
    lines: Iterator[list[str]], path: str, part: str, names: tuple[str, ...], faults: list[Fault]
) -> Iterator[dict[str, Any]]:
    header = next(lines, None)
    if header is None:
        faults.append(Fault(part, f"{shown(path)} is empty; it needs a header row"))
        return
    unknown = [column for column in header if column not in names]
    if unknown or len(set(header)) != len(header):
        allowed = ", ".join(names)
        meant = [
            f"did you mean {close!r} for {column!r}?"
            for column in unknown
            if (close := closest_word(column, names)) is not None
        ]
        faults.append(
            Fault(
                part,
                f"{shown(path)} has columns {', '.join(map(repr, header))}; "
                f"columns must be distinct, from: {allowed}" + "".join(f"; {m}" for m in meant),
            )
        )
        return
    index = 0
    texts = _text_columns(header)
    for cells in lines:
        if cells:
            yield _csv_record(part, header, cells, index, faults, texts)
            index += 1


def _csv_record(
    part: str,
    header: list[str],
    cells: list[str],
    index: int,
    faults: list[Fault],
    texts: list[bool],
) -> dict[str, object]:
    if len(cells) > len(header):
        faults.append(
            Fault(
                f"{part}[{index}]",
                f"has {len(cells)} cells; the header has {len(header)} columns",
            )
        )
    # A text cell neutralised on writing (see _neutral) loses its first quote.
    restored = [
        cell[1:] if text and cell[:1] == "'" else cell
        for cell, text in zip(cells, texts, strict=False)
    ]
    # The cell rules every table shares (cocreate._model.cells); an initiative's
    # name may be empty, so its empty cell is the empty name.
    record = read_row(header, restored)
    if part == "initiative" and "name" in header and "name" not in record:
        record["name"] = ""
    for column in REQUIRED_FIELDS[part]:
        record.setdefault(column, None)
    return record


def _csv_paths(
    base: str | None, given: Mapping[str, str | None], faults: list[Fault]
) -> dict[str, str | None]:
    """Say which file to read for each part; ``None`` for an optional part that is missing."""
    paths: dict[str, str | None] = {}
    for part, file_name in CSV_FILES.items():
        explicit = given[part]
        if explicit is not None:
            paths[part] = explicit
        elif base is not None:
            path = os.path.join(base, file_name)  # noqa: PTH118 - paths are str here
            optional = part in {"contributions", "values"}
            paths[part] = None if optional and not os.path.lexists(path) else path
        else:
            faults.append(Fault(part, "no file given: give a directory or this file's path"))
    return paths


def _directory_fault(base: str) -> Fault | None:
    """Say why ``base`` cannot be read as a directory of CSV files, if it cannot."""
    reason = name_problem(base)
    if reason is None:
        try:
            if not stat.S_ISDIR(os.stat(base).st_mode):  # noqa: PTH116 - paths are str here
                reason = "it is not a directory"
        except FileNotFoundError:
            there = os.path.lexists(base)
            reason = "it is not a directory" if there else "there is no such directory"
        except OSError as error:  # a name too long, a loop of links, no permission
            reason = os_reason(error)
    return None if reason is None else Fault("", f"cannot read {shown(base)}: {reason}")


def _mixed_fault(base: str, given: Mapping[str, str | None]) -> Fault | None:
    """Return a fault if the directory's own files are a mix of two writes."""
    folder = os.path.realpath(base)
    own = {
        name: os.path.join(folder, name)  # noqa: PTH118 - paths are str here
        for part, name in CSV_FILES.items()
        if given[part] is None
    }
    problem = journal_problem(folder, own)
    return None if problem is None else Fault("", f"cannot read {shown(base)}: {problem}")


def read_csv(
    directory: str | os.PathLike[str] | None = None,
    *,
    initiative: str | os.PathLike[str] | None = None,
    stakeholders: str | os.PathLike[str] | None = None,
    contributions: str | os.PathLike[str] | None = None,
    values: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_BYTES,
    pipe_timeout: float | None = None,
) -> Initiative:
    """Read an initiative from the CSV files that :func:`write_csv` writes.

    A directory holds four UTF-8 CSV files, each with a header row:

    ``initiative.csv``
        one row: ``name``, ``focal``, ``goal``, ``process``;
    ``stakeholders.csv``
        ``id``, ``role``, ``name``, ``organization``, ``customer_of``;
    ``contributions.csv``
        ``source``, ``resource``, ``target``, ``cost``, ``description``;
    ``values.csv``
        ``beneficiary``, ``amount``, ``provider``, ``kind``, ``description``.

    Columns may come in any order, and optional columns may be left out.
    An empty cell means the field was not given (the default applies: to
    the initiative, cost 0, no description, ...). ``customer_of`` lists ids
    separated by ``;``, or is a JSON array. ``contributions.csv`` and
    ``values.csv`` may be missing: none were given. A UTF-8 byte order mark
    at the start of a file is skipped. A text cell that starts with ``'``
    is read without that quote: :func:`write_csv` puts one before text that
    a spreadsheet would run as a formula (``=1+2`` is written ``'=1+2``), and
    before text that starts with ``'``; number cells are read as they are.

    Rows are read as the initiative is built, a chunk at a time, so memory
    grows with the initiative, not with the text of the files. If
    :func:`write_csv` was interrupted while it replaced the files (its
    journal remains), the files must all be old or all be new; a mix of the
    two is refused.

    Parameters
    ----------
    directory
        The directory that holds the four files.
    initiative, stakeholders, contributions, values
        Paths of single files, to use instead of the file of that name in
        ``directory`` (or without a directory).
    max_bytes
        The most bytes to read from each file: a larger file is refused
        once this many bytes have been read; 256 MiB by default.
    pipe_timeout
        The most seconds to wait for a file that is a named pipe to reach
        its end (``None``: 60 seconds, as for :func:`cocreate.load`).

    Returns
    -------
    Initiative
        The initiative, built by :func:`from_records`.

    Raises
    ------
    FormatError
        If the directory or a file cannot be read, a file is larger than
        ``max_bytes``, has unknown columns, or the files are a mix of two
        writes.
    InvalidModelError
        With every fault in the rows; ``contributions[2].cost`` is the
        ``cost`` cell of the third row of data in ``contributions.csv``.
    ArgumentError
        If a path is not a str or :class:`os.PathLike`, or ``max_bytes`` is
        not a whole number.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import read_csv, write_csv
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(nike_plus(), folder)
    ...     print(Path(folder, "stakeholders.csv").read_text().strip())
    ...     read_csv(folder) == nike_plus()
    id,role,name,organization,customer_of,size,group
    apple,firm,Apple,,,1,
    nike,firm,Nike,,,1,
    runners,customer,runners,,apple;nike,1,
    True
    """
    limit = check_max_bytes(max_bytes)
    timeout = check_timeout(pipe_timeout)
    base = None if directory is None else check_path(directory, "the directory")
    arguments = {
        "initiative": initiative,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
    }
    given = {p: None if v is None else check_path(v, f"the {p} file") for p, v in arguments.items()}
    fault = None if base is None else _directory_fault(base)
    if fault is not None:
        raise FormatError("CSV initiative", [fault])
    faults: list[Fault] = []
    tables = _csv_tables(base, given, limit, faults, timeout)
    try:
        header = list(tables.pop("initiative", _no_rows()))
        result: Initiative | InvalidModelError | None = None
        if not faults and len(header) == 1:
            result = _from_rows(header[0], tables)
        # from_records has read every row as it built; the rows of any file it
        # was not given are read here for the faults of the file alone.
        for rows in tables.values():
            deque(rows, maxlen=0)
    finally:
        for rows in tables.values():
            rows.close()
    if not faults and len(header) != 1:
        faults.append(Fault("initiative", f"must have one row of data, got {len(header)}"))
    # What is wrong with a file is reported instead of what is wrong with its
    # rows, which may be misread: an initiative is only built from files that
    # were read whole and well.
    if faults:
        raise FormatError("CSV initiative", faults)
    if isinstance(result, InvalidModelError):
        raise result
    assert result is not None  # noqa: S101 - built from the one header row
    return result


def _from_rows(
    top: Any, tables: Mapping[str, Iterator[dict[str, Any]]]
) -> Initiative | InvalidModelError:
    """Build the initiative as the rows are read; return it, or the error that says what is wrong.

    The error is returned, not raised, for the caller to report the faults
    of the files first, if the rest of the rows have any.
    """
    try:
        return from_records(
            top.get("name", ""),
            top.get("focal"),
            tables["stakeholders"],
            tables["contributions"],
            tables["values"],
            goal=top.get("goal"),
            process=top.get("process"),
            assumptions=top.get("assumptions") or (),
        )
    except InvalidModelError as error:
        return error


def _csv_tables(
    base: str | None,
    given: Mapping[str, str | None],
    max_bytes: int,
    faults: list[Fault],
    timeout: float | None = None,
) -> dict[str, Generator[dict[str, Any], None, None]]:
    """Return each part's rows, to be read as they are asked for; faults go to ``faults``."""
    paths = _csv_paths(base, given, faults)
    if base is not None and not faults:
        fault = _mixed_fault(base, given)
        faults.extend([] if fault is None else [fault])
    tables = {}
    for part, path in paths.items():
        names = HEADER_FIELDS if part == "initiative" else _FIELDS[part]
        tables[part] = (
            _no_rows()
            if path is None
            else _read_table(path, part, names, faults, max_bytes, timeout)
        )
    return tables


def _no_rows() -> Generator[dict[str, Any], None, None]:
    """The rows of an optional file that is not there: none."""
    yield from ()


def _csv_bytes(
    path: str,
    part: str,
    names: Sequence[str],
    rows: Callable[[], Iterable[Sequence[str]]],
) -> bytes:
    """Return one CSV file as UTF-8 bytes, built in memory before anything is written.

    ``rows`` gives the rows, as the texts of their cells; it is called again
    to find the cell too long for :func:`read_csv`, if the file is long
    enough to hold one.
    """
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(names)
    writer.writerows(rows())
    text = stream.getvalue()
    if len(text) > MAX_CELL:  # only then can a cell be too long
        _check_cells(path, part, names, rows())
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        near = text[max(0, error.start - 20) : error.end + 20]
        msg = (
            f"cannot write {shown(path)}: it would hold {bad!r} (in {near!r}), a lone "
            "surrogate code point that UTF-8 cannot encode; remove it, or write JSON, "
            "which escapes it"
        )
        raise CocreateError(msg) from None


def _check_cells(path: str, part: str, names: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Refuse a cell longer than :data:`MAX_CELL`, which :func:`read_csv` could not read back."""
    for index, row in enumerate(rows):
        for name, cell in zip(names, row, strict=True):
            if len(cell) > MAX_CELL:
                where = part if part == "initiative" else f"{part}[{index}]"
                msg = (
                    f"cannot write {shown(path)}: {where}.{name} holds {len(cell)} characters, "
                    f"more than the {MAX_CELL} a CSV cell may hold to be read back; "
                    "shorten it, or write JSON, which has no such limit"
                )
                raise CocreateError(msg)


def write_csv(initiative: Initiative, directory: str | os.PathLike[str]) -> None:
    """Write an initiative as four CSV files in a directory; see :func:`read_csv`.

    The directory is made if it does not exist; files of the same names
    are replaced. Numbers are written exactly (``repr``), so reading the
    files back gives an equal initiative.

    A text cell (not a number) that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return, which a spreadsheet program would run as a
    formula, is written with a ``'`` before it, and so is one that starts
    with ``'``; :func:`read_csv` removes that ``'``, so the text reads back
    exactly. Numbers (``-3.0``) are written as they are. A cell may hold at
    most :data:`MAX_CELL` (131 072) characters, as written, the most
    :func:`read_csv` reads in one cell.

    The write is all or nothing: the four files are built in memory first
    (a string CSV cannot hold fails here, with nothing touched), written to
    temporary files beside them, and only then moved over the old files.
    If that fails, the old files are put back. While the files are being
    replaced, a journal (``.cocreate-journal.json``) records the old and
    new content of each; if the process is killed in that moment, the
    journal remains and :func:`read_csv` refuses a mix of old and new
    files instead of reading a different initiative. The next write
    removes the journal and any temporary files a killed write left.

    Raises
    ------
    CocreateError
        If a string cannot be written in UTF-8 (a lone surrogate), a cell
        would hold more than :data:`MAX_CELL` characters (the message names
        its field, ``contributions[0].description``), or a file cannot be
        written (one line, ``cannot write 'path': reason``).
    ArgumentError
        If ``initiative`` is not an :class:`~cocreate.Initiative`, or
        ``directory`` is not a str or :class:`os.PathLike`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import write_csv
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(nike_plus(), folder)
    ...     print(Path(folder, "initiative.csv").read_text().strip())
    name,focal,goal,process,assumptions
    Nike+,nike,new_offering,iterative,
    """
    initiative = initiative_arg(initiative, "write_csv")
    folder = check_path(directory, "the directory")
    people, contributions, values = to_records(initiative)
    tables: dict[str, tuple[tuple[str, ...], Sequence[Sequence[object]]]] = {
        "initiative": (HEADER_FIELDS, [header_record(initiative)]),
        "stakeholders": (STAKEHOLDER_FIELDS, people),
        "contributions": (CONTRIBUTION_FIELDS, contributions),
        "values": (VALUE_FIELDS, values),
    }
    files = {
        CSV_FILES[part]: _csv_bytes(
            os.path.join(folder, CSV_FILES[part]),  # noqa: PTH118 - paths are str here
            part,
            names,
            functools.partial(_texts, names, records),
        )
        for part, (names, records) in tables.items()
    }
    write_files(folder, files)


def _texts(
    names: tuple[str, ...], records: Iterable[Sequence[object]]
) -> Iterator[tuple[str, ...]]:
    """Each record as the texts of its cells, by the cell rules every table shares.

    Text cells are neutralised (:func:`_neutral`) against spreadsheet formulas.
    """
    columns = list(zip(names, _text_columns(names), strict=True))
    for record in records:
        yield tuple(
            _neutral(write_text(name, value)) if text else write_text(name, value)
            for (name, text), value in zip(columns, record, strict=True)
        )


# --------------------------------------------------------------------------
# pandas.


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - pandas is in the test extra
        msg = needs_extra("reading a data frame", "pandas", "pandas")
        raise ImportError(msg) from error
    return pd


def _records_of(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Yield a frame's rows as dicts, its cells read as every table's are (see ``_cells``).

    Missing cells are left out; numpy values are made plain; ``customer_of``
    may be ``a;b`` text (as a spreadsheet holds it) and numbers may be text.
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        msg = f"expected a pandas DataFrame, got {describe(frame)}"
        raise ArgumentError(msg)
    columns = [str(column) for column in frame.columns]
    if len(set(columns)) != len(columns):
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        msg = f"a DataFrame's columns must be distinct; repeated: {', '.join(repeated)}"
        raise InvalidModelError("DataFrame", [Fault("columns", msg)])
    for row in frame.itertuples(index=False, name=None):
        yield read_row(columns, row)


def from_pandas(
    name: str,
    focal: str,
    stakeholders: pd.DataFrame,
    contributions: pd.DataFrame | None = None,
    values: pd.DataFrame | None = None,
    *,
    goal: Goal | str | None = None,
    process: Process | str | None = None,
    assumptions: Iterable[str] = (),
) -> Initiative:
    """Build an initiative from pandas DataFrames, one per collection.

    Columns are the field names (as :func:`cocreate.to_pandas` writes them);
    missing cells (``NaN``, ``None``, ``NA``) are left out, so the defaults
    apply; numpy numbers become Python numbers. The rows go through
    :func:`cocreate.from_records`, so faults read as they do everywhere.

    Examples
    --------
    >>> import pandas as pd
    >>> from cocreate import from_pandas, to_pandas
    >>> from cocreate.examples import nike_plus
    >>> people = pd.DataFrame({"id": ["acme", "bob"], "role": ["firm", "customer"]})
    >>> given = pd.DataFrame({"source": ["bob"], "resource": ["ideas"], "cost": [1.5]})
    >>> got = pd.DataFrame({"beneficiary": ["bob", "acme"], "amount": [2, 3]})
    >>> from_pandas("Forum", "acme", people, given, got).values[0].amount
    2.0
    >>> nike = nike_plus()
    >>> tables = [to_pandas(nike, table=t) for t in ("stakeholders", "contributions", "values")]
    >>> from_pandas(nike.name, nike.focal, *tables, goal="new_offering",
    ...             process="iterative") == nike
    True
    """
    return from_records(
        name,
        focal,
        list(_records_of(stakeholders)),
        [] if contributions is None else list(_records_of(contributions)),
        [] if values is None else list(_records_of(values)),
        goal=goal,
        process=process,
        assumptions=assumptions,
    )
