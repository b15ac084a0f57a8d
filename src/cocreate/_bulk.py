"""Initiatives in tables: CSV files and pandas frames.

Rows go in through :func:`cocreate.from_records` (the one way in for rows)
and come out through :func:`cocreate.to_records`, in the canonical order.
"""

from __future__ import annotations

import csv
import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocreate._cells import read_row
from cocreate._records import (
    CONTRIBUTION_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    from_records,
    to_records,
)
from cocreate._validate import describe
from cocreate.exceptions import ArgumentError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    import pandas as pd

    from cocreate._model import Goal, Initiative, Process

__all__ = [
    "CSV_FILES",
    "from_pandas",
    "read_csv",
    "records_from_pandas",
    "to_pandas_records",
    "write_csv",
]
#: The fields of the header file of the CSV form.
HEADER_FIELDS = ("name", "focal", "goal", "process")

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
_REQUIRED = 2


# --------------------------------------------------------------------------
# CSV.


def _split_ids(cell: str) -> object:
    if cell.startswith("["):
        try:
            return json.loads(cell)
        except ValueError:
            return cell
    return [item.strip() for item in cell.split(";")]


def _join_ids(ids: Iterable[str]) -> str:
    ordered = sorted(ids)
    if any(";" in i or i != i.strip() or i.startswith("[") for i in ordered):
        return json.dumps(ordered, ensure_ascii=False)
    return ";".join(ordered)


def _parse_number(cell: str) -> object:
    try:
        return float(cell)
    except ValueError:
        return cell


_NUMBERS = {"cost", "amount", "low", "high"}


def _read_table(path: Path, part: str, names: tuple[str, ...], faults: list[Fault]) -> list[Any]:
    """Read one CSV file into dicts of fields; empty cells are left out."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            lines = list(csv.reader(stream))
    except (OSError, UnicodeError, csv.Error) as error:
        faults.append(Fault(part, f"cannot read {os.fspath(path)!r}: {error}"))
        return []
    if not lines:
        faults.append(Fault(part, f"{os.fspath(path)!r} is empty; it needs a header row"))
        return []
    header, *body = lines
    unknown = [column for column in header if column not in names]
    if unknown or len(set(header)) != len(header):
        allowed = ", ".join(names)
        faults.append(
            Fault(
                part,
                f"{os.fspath(path)!r} has columns {', '.join(map(repr, header))}; "
                f"columns must be distinct, from: {allowed}",
            )
        )
        return []
    rows: list[Any] = []
    for cells in body:
        if not cells:
            continue
        if len(cells) > len(header):
            faults.append(
                Fault(
                    f"{part}[{len(rows)}]",
                    f"has {len(cells)} cells; the header has {len(header)} columns",
                )
            )
        record: dict[str, object] = {}
        for column, cell in zip(header, cells, strict=False):
            if cell == "" and (part, column) != ("initiative", "name"):
                continue  # an empty cell: not given (an initiative's name may be empty)
            if column in _NUMBERS:
                record[column] = _parse_number(cell)
            elif column == "customer_of":
                record[column] = _split_ids(cell)
            else:
                record[column] = cell
        for column in names[:_REQUIRED]:
            record.setdefault(column, None)
        rows.append(record)
    return rows


def read_csv(
    directory: str | os.PathLike[str] | None = None,
    *,
    initiative: str | os.PathLike[str] | None = None,
    stakeholders: str | os.PathLike[str] | None = None,
    contributions: str | os.PathLike[str] | None = None,
    values: str | os.PathLike[str] | None = None,
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
    ``values.csv`` may be missing: none were given.

    Parameters
    ----------
    directory
        The directory that holds the four files.
    initiative, stakeholders, contributions, values
        Paths of single files, to use instead of the file of that name in
        ``directory`` (or without a directory).

    Returns
    -------
    Initiative
        The initiative, built by :func:`from_records`.

    Raises
    ------
    FormatError
        If a file cannot be read, or has unknown columns.
    InvalidModelError
        With every fault in the rows; ``contributions[2].cost`` is the
        ``cost`` cell of the third row of data in ``contributions.csv``.

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
    id,role,name,organization,customer_of
    apple,firm,Apple,,
    nike,firm,Nike,,
    runners,customer,runners,,apple;nike
    True
    """
    base = None if directory is None else Path(directory)
    given = {
        "initiative": initiative,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
    }
    faults: list[Fault] = []
    tables: dict[str, list[Any]] = {}
    for part, file_name in CSV_FILES.items():
        explicit = given[part]
        if explicit is not None:
            path = Path(explicit)
        elif base is not None:
            path = base / file_name
            if part in {"contributions", "values"} and not path.exists():
                tables[part] = []
                continue
        else:
            faults.append(Fault(part, "no file given: give a directory or this file's path"))
            continue
        names = HEADER_FIELDS if part == "initiative" else _FIELDS[part]
        tables[part] = _read_table(path, part, names, faults)
    header = tables.get("initiative", [])
    if not faults and len(header) != 1:
        faults.append(Fault("initiative", f"must have one row of data, got {len(header)}"))
    if faults:
        raise FormatError("CSV initiative", faults)
    top = header[0]
    return from_records(
        top.get("name", ""),
        top.get("focal"),
        tables["stakeholders"],
        tables["contributions"],
        tables["values"],
        goal=top.get("goal"),
        process=top.get("process"),
    )


def write_csv(initiative: Initiative, directory: str | os.PathLike[str]) -> None:
    """Write an initiative as four CSV files in a directory; see :func:`read_csv`.

    The directory is made if it does not exist; files of the same names
    are replaced. Numbers are written exactly (``repr``), so reading the
    files back gives an equal initiative.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import write_csv
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(nike_plus(), folder)
    ...     print(Path(folder, "initiative.csv").read_text().strip())
    name,focal,goal,process
    Nike+,nike,new_offering,iterative
    """
    base = Path(directory)
    base.mkdir(parents=True, exist_ok=True)
    people, contributions, values = to_records(initiative)
    header = (
        initiative.name,
        initiative.focal,
        "" if initiative.goal is None else initiative.goal.value,
        "" if initiative.process is None else initiative.process.value,
    )
    tables: dict[str, tuple[tuple[str, ...], Iterable[Sequence[object]]]] = {
        "initiative": (HEADER_FIELDS, [header]),
        "stakeholders": (
            STAKEHOLDER_FIELDS,
            ((i, r, n, o, _join_ids(c)) for i, r, n, o, c in people),
        ),
        "contributions": (
            CONTRIBUTION_FIELDS,
            (
                (s, r, t, repr(c), d, _cell(lo), _cell(hi))
                for s, r, t, c, d, lo, hi in contributions
            ),
        ),
        "values": (
            VALUE_FIELDS,
            ((b, repr(a), p, k, d, _cell(lo), _cell(hi)) for b, a, p, k, d, lo, hi in values),
        ),
    }
    for part, (names, rows) in tables.items():
        with (base / CSV_FILES[part]).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(names)
            writer.writerows(rows)


def _cell(number: float | None) -> str:
    """Write an optional number exactly, or an empty cell for ``None``."""
    return "" if number is None else repr(number)


# --------------------------------------------------------------------------
# pandas.


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - pandas is in the test extra
        msg = 'this needs pandas: pip install "cocreate[pandas]"'
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
    )


def records_from_pandas(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Deprecated: use :func:`cocreate.from_pandas`."""
    warnings.warn(
        "records_from_pandas is deprecated and will be removed in cocreate 0.3; "
        "use cocreate.from_pandas",
        DeprecationWarning,
        stacklevel=2,
    )
    return _records_of(frame)


def to_pandas_records(
    initiative: Initiative,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Deprecated: use ``cocreate.to_pandas(initiative, table=...)``."""
    warnings.warn(
        "to_pandas_records is deprecated and will be removed in cocreate 0.3; "
        "use cocreate.to_pandas(initiative, table=...)",
        DeprecationWarning,
        stacklevel=2,
    )
    from cocreate._tables import to_pandas

    return (
        to_pandas(initiative, table="stakeholders"),
        to_pandas(initiative, table="contributions"),
        to_pandas(initiative, table="values"),
    )
