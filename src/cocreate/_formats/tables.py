"""Many initiatives as four tables in files: :func:`read_tables` and :func:`write_tables`.

The four tables of :func:`cocreate.classify_table` (``initiatives``,
``stakeholders``, ``contributions``, ``values``) live in a folder, one
Parquet or CSV file each (``initiatives.parquet`` or ``initiatives.csv``,
...), or in one ``.xlsx`` workbook with a sheet each.

Reading takes untrusted files: each file may be at most ``max_bytes``, a
Parquet file may unpack to at most a few times that, and a workbook goes
through the checks of :func:`cocreate.read_excel` (a zip archive of bounded
parts) before it is parsed. Writing is all or nothing: every file is made
in memory first, then the files replace the old ones together
(``cocreate._files.write_files``), or the workbook replaces the old one.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from cocreate._formats.csv import _FORMULA_STARTS as FORMULA_STARTS
from cocreate._formats.files import Problem, check_path, read_bytes, shown, write_file, write_files
from cocreate._formats.table import TABLES, _as_pandas, _ids_of, _pandas, _same_library
from cocreate.exceptions import ArgumentError, CocreateError, Fault, FormatError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_BYTES", "read_tables", "write_tables"]

#: The most bytes one file of the tables may have, by default.
MAX_BYTES: Final = 256 * 1024 * 1024
#: How many times ``max_bytes`` a Parquet file's columns may unpack to (at
#: least 8 bytes a cell, whatever the encoding).
UNPACKED_RATIO: Final = 8
#: The suffixes of a table's file in a folder, and the formats they name.
FORMATS: Final = {".parquet": "parquet", ".csv": "csv"}
#: The columns that hold numbers; every other column of a CSV file is read as text.
_NUMBERS: Final = ("cost", "amount", "low", "high", "size")
#: The columns that hold lists of ids, written as ids separated by ``;`` in CSV and Excel.
_LISTS: Final = ("customer_of", "requires")


def read_tables(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read the four tables of many initiatives: a folder of Parquet or CSV files, or a workbook.

    A folder holds ``initiatives``, ``stakeholders``, ``contributions`` and
    ``values``, each as ``.parquet`` or ``.csv`` (one of the two per table);
    an ``.xlsx`` workbook holds them as four sheets of those names. The
    tables come back as pandas DataFrames, in that order, ready for
    :func:`cocreate.classify_table` and :func:`cocreate.explain_row`.

    Parameters
    ----------
    path
        The folder, or the ``.xlsx`` file.
    max_bytes
        The most bytes each file may have (a Parquet file's columns may
        unpack to 8 times that; a workbook is checked as
        :func:`cocreate.read_excel` checks it).

    Raises
    ------
    FormatError
        If a table is missing, given twice, too large, or not readable; the
        message names the file.
    ArgumentError
        If ``path`` is not a str or :class:`os.PathLike`, or ``max_bytes``
        is not a positive whole number.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from cocreate import classify_table, read_tables, write_tables
    >>> tables = (
    ...     pd.DataFrame({"initiative": ["forum"], "focal": ["acme"]}),
    ...     pd.DataFrame({"initiative": ["forum"] * 2, "id": ["acme", "fans"],
    ...                   "role": ["firm", "customer"]}),
    ...     pd.DataFrame({"initiative": ["forum"], "source": ["fans"], "resource": ["ideas"],
    ...                   "cost": [1.0]}),
    ...     pd.DataFrame({"initiative": ["forum"] * 2, "beneficiary": ["fans", "acme"],
    ...                   "amount": [2.0, 3.0]}),
    ... )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_tables(*tables, folder, format="csv")
    ...     back = read_tables(folder)
    >>> list(classify_table(*back)["kind"])
    ['customer_focused_innovation']
    """
    name = check_path(path)
    limit = _limit(max_bytes)
    if name.lower().endswith(".xlsx"):
        return _read_workbook(name, limit)
    folder = Path(name)
    if not folder.is_dir():
        raise _error(name, "not a folder of tables, nor an .xlsx workbook")
    frames = [_read_one(folder, table, limit) for table in TABLES]
    return frames[0], frames[1], frames[2], frames[3]


def write_tables(
    initiatives: Any,
    stakeholders: Any,
    contributions: Any,
    values: Any,
    path: str | os.PathLike[str],
    *,
    format: str = "parquet",  # noqa: A002 - the word users know
) -> None:
    """Write the four tables of many initiatives: a folder of Parquet or CSV files, or a workbook.

    A ``path`` ending in ``.xlsx`` is written as one workbook with four
    sheets; any other is a folder (made if missing), with one file per
    table in ``format``: ``"parquet"`` (the default; needs pyarrow) or
    ``"csv"``. Lists of ids (``customer_of``, ``requires``) are written as
    ids separated by ``;`` in CSV and Excel; in CSV, a text cell that a
    spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` ...) is
    written with a ``'`` before it, as :func:`cocreate.write_csv` writes it,
    and :func:`read_tables` removes it. The tables may be pandas or
    polars DataFrames or pyarrow Tables, as :func:`cocreate.classify_table`
    takes them.

    The write is all or nothing: every file is made in memory first, then
    the files replace the old ones together; if that fails, the old ones
    are left.

    Raises
    ------
    CocreateError
        If a file cannot be written, or a table cannot be put in the format.
    ArgumentError
        If the tables are not frames of one supported library, or
        ``format`` is neither ``"parquet"`` nor ``"csv"``.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> tables = [pd.DataFrame({"initiative": []}) for _ in range(4)]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_tables(*tables, folder, format="csv")
    ...     sorted(os.listdir(folder))
    ['contributions.csv', 'initiatives.csv', 'stakeholders.csv', 'values.csv']
    """
    name = check_path(path)
    frames = (initiatives, stakeholders, contributions, values)
    library = _same_library(frames)
    if library == "dask":
        msg = "write_tables takes frames in memory; for Dask, use each frame's to_parquet"
        raise ArgumentError(msg)
    pandas_frames = [_as_pandas(frame, library) for frame in frames]
    if name.lower().endswith(".xlsx"):
        write_file(name, _workbook_bytes(pandas_frames, name))
        return
    if format not in FORMATS.values():
        msg = f"format must be 'parquet' or 'csv', got {format!r}"
        raise ArgumentError(msg)
    files = {
        f"{table}.{format}": _file_bytes(frame, format, os.path.join(name, f"{table}.{format}"))  # noqa: PTH118
        for table, frame in zip(TABLES, pandas_frames, strict=True)
    }
    write_files(name, files)


def _limit(max_bytes: object) -> int:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        msg = f"max_bytes must be a whole number of bytes, at least 1; got {max_bytes!r}"
        raise ArgumentError(msg)
    return max_bytes


def _error(where: str, reason: str) -> FormatError:
    return FormatError(f"tables {shown(where)}", [Fault("", reason)])


def _read_one(folder: Path, table: str, limit: int) -> pd.DataFrame:
    """Read one table from the folder, from the one file of its name."""
    found = [
        folder / f"{table}{suffix}" for suffix in FORMATS if (folder / f"{table}{suffix}").exists()
    ]
    if not found:
        listed = " or ".join(f"{table}{suffix}" for suffix in FORMATS)
        raise _error(str(folder), f"has no {listed}")
    if len(found) > 1:
        raise _error(
            str(folder), f"has {table} twice ({', '.join(p.name for p in found)}); keep one"
        )
    where = str(found[0])
    try:
        data = read_bytes(where, limit)
    except Problem as problem:
        raise _error(where, f"cannot read the file: {problem.reason}") from None
    try:
        if found[0].suffix == ".csv":
            return _from_csv(data)
        return _from_parquet(data, limit, where)
    except CocreateError:
        raise
    except Exception as error:  # noqa: BLE001 - the parsers raise many kinds on a damaged file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise _error(where, f"not a readable {found[0].suffix[1:]} table ({reason})") from None


def _from_csv(data: bytes) -> pd.DataFrame:
    pd = _pandas()
    header = pd.read_csv(io.BytesIO(data), nrows=0).columns
    types = {column: (float if column in _NUMBERS else str) for column in header}
    frame = pd.read_csv(io.BytesIO(data), dtype=types, keep_default_na=False, na_values=[""])
    for column in header:
        if column not in _NUMBERS:
            # A text cell written with a ' before it, against spreadsheet
            # formulas (see _neutral), is read without it.
            cells = frame[column]
            quoted = cells.str.startswith("'").fillna(value=False).astype(bool)
            frame[column] = cells.where(~quoted, cells.str[1:])
    if "exchange" in frame.columns:
        frame["exchange"] = frame["exchange"].astype(object)
    return frame  # type: ignore[no-any-return]


def _neutral(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells as CSV writes them: a ``'`` before what a spreadsheet would run as a formula.

    As :func:`cocreate.write_csv` writes them; :func:`read_tables` removes the ``'``.
    """
    frame = frame.copy()
    for column in frame.columns:
        cells = frame[column]
        if column in _NUMBERS or _pandas().api.types.infer_dtype(cells, skipna=True) != "string":
            continue
        risky = cells.str.startswith(FORMULA_STARTS).fillna(value=False).astype(bool)
        frame[column] = cells.where(~risky, "'" + cells)
    return frame


def _from_parquet(data: bytes, limit: int, where: str) -> pd.DataFrame:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(io.BytesIO(data))
    meta = handle.metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    # Dictionary and run-length encoding pack repeated cells below their
    # encoded size: in memory, each cell takes at least 8 bytes.
    unpacked = max(unpacked, meta.num_rows * max(meta.num_columns, 1) * 8)
    if unpacked > limit * UNPACKED_RATIO:
        reason = (
            f"its columns unpack to {unpacked} bytes, more than {UNPACKED_RATIO} times "
            f"max_bytes={limit}"
        )
        raise _error(where, reason)
    return handle.read().to_pandas()  # type: ignore[no-any-return]


def _read_workbook(
    name: str, limit: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from cocreate._formats.excel import _check_archive, _open

    pd = _pandas()
    where = f"Excel file {shown(name)}"
    with _open(Path(name), limit, where) as handle:
        _check_archive(handle, limit, where)
        handle.seek(0)
        try:
            sheets = pd.read_excel(handle, sheet_name=None, engine="openpyxl")
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise _error(name, f"not a readable .xlsx workbook ({reason})") from None
    missing = [table for table in TABLES if table not in sheets]
    if missing:
        raise _error(name, f"has no sheet {', '.join(missing)}; it needs {', '.join(TABLES)}")
    frames = []
    for table in TABLES:
        frame = sheets[table]
        for column in frame.columns:
            if column not in _NUMBERS and frame[column].dtype != bool:
                cells = frame[column].astype(object)
                frame[column] = cells.where(cells.notna(), None).map(
                    lambda cell: cell if cell is None else str(cell)
                )
        frames.append(frame)
    return frames[0], frames[1], frames[2], frames[3]


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists of ids as text, ids separated by ``;``, for CSV and Excel."""
    for column in _LISTS:
        if column in frame.columns and frame[column].dtype == object:
            frame = frame.copy()
            frame[column] = [
                cell if isinstance(cell, str) or cell is None else ";".join(_ids_of(cell))
                for cell in frame[column]
            ]
    return frame


def _file_bytes(frame: pd.DataFrame, format: str, where: str) -> bytes:  # noqa: A002
    try:
        if format == "csv":
            return _neutral(_flat(frame)).to_csv(index=False).encode("utf-8")
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    except Exception as error:  # noqa: BLE001 - the writers raise many kinds
        msg = (
            f"cannot write {shown(where)}: {str(error).splitlines()[0] if str(error) else error!r}"
        )
        raise CocreateError(msg) from None


def _workbook_bytes(frames: list[pd.DataFrame], where: str) -> bytes:
    pd = _pandas()
    buffer = io.BytesIO()
    try:
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for table, frame in zip(TABLES, frames, strict=True):
                _flat(frame).to_excel(writer, sheet_name=table, index=False)
    except Exception as error:  # noqa: BLE001 - the writer raises many kinds
        msg = (
            f"cannot write {shown(where)}: {str(error).splitlines()[0] if str(error) else error!r}"
        )
        raise CocreateError(msg) from None
    return buffer.getvalue()
