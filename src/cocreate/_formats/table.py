"""Many initiatives as four tables, classified by columns: :func:`classify_table`.

The rules are the ones :func:`cocreate.classify` applies, in their columnar
forms beside the row forms: :func:`cocreate._params.beats_column` beside
``beats``, :meth:`cocreate._rules.Facts.structure_columns` beside
``Facts.structure``, and :func:`cocreate._params.judge_columns`, which puts
each distinct set of verdicts through ``decide`` once. What is here is the
plumbing: the joins and group-bys that find, for every initiative at once,
who is a party, who gives what and each party's net value, all as numpy
arrays of integer codes, never a Python object per row.

pandas (and numpy) are imported inside the functions, so ``import cocreate``
never needs them; polars, pyarrow and Dask only when given their frames.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from cocreate._model.fast import sums
from cocreate._model.text import needs_extra
from cocreate._model.types import (
    FIELD_KINDS,
    Goal,
    Process,
    Resource,
    Role,
    ValueKind,
)
from cocreate._model.validate import decimal_sum, describe, exact_sum
from cocreate._rules.facts import Classification, Counts, Facts, classify
from cocreate._rules.params import Check, Outcome, Rules, beats_column, judge_columns, rules_arg
from cocreate.exceptions import ArgumentError, Fault, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from decimal import Decimal

    import numpy as np
    import pandas as pd
    from numpy.typing import NDArray

__all__ = ["RESULT_COLUMNS", "TABLES", "TABLE_COLUMNS", "classify_table", "explain_row"]

#: The four tables, in the order :func:`classify_table` takes them.
TABLES: Final = ("initiatives", "stakeholders", "contributions", "values")

#: The columns of each table: ``initiative`` first, then the fields of
#: :func:`cocreate.to_pandas` and :func:`cocreate.write_csv`.
TABLE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "initiatives": ("initiative", "focal", "goal", "process"),
    "stakeholders": ("initiative", *(name for name, _ in FIELD_KINDS["Stakeholder"])),
    "contributions": ("initiative", *(name for name, _ in FIELD_KINDS["Contribution"])),
    "values": ("initiative", *(name for name, _ in FIELD_KINDS["Value"])),
}

#: The columns every table must have; the others have the model's defaults.
_REQUIRED: Final = {
    "initiatives": ("initiative", "focal"),
    "stakeholders": ("initiative", "id", "role"),
    "contributions": ("initiative", "source", "resource"),
    "values": ("initiative", "beneficiary", "amount"),
}

#: The columns of the result, one row per initiative.
RESULT_COLUMNS: Final = (
    "initiative",
    "kind",
    "structure",
    "outcome",
    "net_value",
    "co_creators",
    "customers",
    "win_win",
    "win_win_win",
    "failed",
)

#: How many faults of one sort are listed before the rest are counted.
_LISTED: Final = 5

#: How far, per term and relative to the sum of the terms' sizes, a net
#: value summed by ``numpy.bincount`` (in row order) may stand from the
#: exact sum of the decimals written: each term within half an ulp of its
#: decimal, each of the ``n`` additions within half an ulp of the sum of
#: sizes. Twice that, for room: the rows within it are recounted as the row
#: form counts them (see :func:`cocreate._params.beats_column`).
_ULP: Final = 2.0**-51
_TINY: Final = 1e-300
#: Terms that are multiples of 1/256 below 2**20 are their decimals, and
#: fewer than 2**25 of them add up exactly in a double (``_model._SHORT``).
_SHORT: Final = 2.0**20
_STEPS: Final = 256.0
_EXACT_COUNT: Final = 2**25

_IMPORT_MESSAGE: Final = needs_extra("cocreate.classify_table", "pandas", "pandas")


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - pandas is in the test extra
        raise ImportError(_IMPORT_MESSAGE) from error
    return pd


# --------------------------------------------------------------------------
# Which library the tables come from, and back.


def _library(frame: object) -> str:
    """``"pandas"``, ``"polars"``, ``"arrow"`` or ``"dask"``, by the frame's type; else refuse."""
    module = type(frame).__module__.split(".")[0]
    name = type(frame).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name in {"DataFrame", "LazyFrame"}:
        return "polars"
    if module == "pyarrow" and name == "Table":
        return "arrow"
    if module in {"dask", "dask_expr"} and name == "DataFrame":
        return "dask"
    msg = (
        "classify_table takes pandas or polars DataFrames, pyarrow Tables or Dask "
        f"DataFrames, got {describe(frame).split(' ')[0]}"
    )
    raise ArgumentError(msg)


def _same_library(frames: Sequence[object]) -> str:
    kinds = [_library(frame) for frame in frames]
    if len(set(kinds)) != 1:
        listed = ", ".join(f"{table} {kind}" for table, kind in zip(TABLES, kinds, strict=True))
        msg = f"classify_table needs four tables of one library, got {listed}"
        raise ArgumentError(msg)
    return kinds[0]


def _as_pandas(frame: Any, library: str) -> pd.DataFrame:
    if library == "polars":
        if type(frame).__name__ == "LazyFrame":
            frame = frame.collect()
        return frame.to_pandas()  # type: ignore[no-any-return]
    if library == "arrow":
        return frame.to_pandas()  # type: ignore[no-any-return]
    return frame  # type: ignore[no-any-return]


def _back(result: pd.DataFrame, library: str) -> Any:
    if library == "polars":
        import polars as pl

        return pl.from_pandas(result)
    if library == "arrow":
        import pyarrow as pa

        return pa.Table.from_pandas(result, preserve_index=False)
    return result


# --------------------------------------------------------------------------
# The public functions.


def classify_table(
    initiatives: Any,
    stakeholders: Any,
    contributions: Any,
    values: Any,
    *,
    rules: Rules | None = None,
) -> Any:
    """Classify many initiatives laid out as four tables, by columns.

    ``initiatives`` has one row per initiative, with the columns
    ``initiative`` (its id, which names it), ``focal``, and optionally
    ``goal`` and ``process``. The other three tables have an ``initiative``
    column and the item fields, with the names that
    :func:`cocreate.to_pandas` and :func:`cocreate.write_csv` use:
    ``id``, ``role``, ``organization``, ``customer_of``, ``group`` ...;
    ``source``, ``resource``, ``target``, ``cost``, ``exchange`` ...;
    ``beneficiary``, ``amount``, ``provider``, ``requires`` ....
    ``customer_of`` and ``requires`` may hold lists of ids or text with
    the ids separated by ``;`` or ``,``. A missing column has the model's
    default (no target, cost 0, not an exchange, no group).

    The rules are those of :func:`cocreate.classify`, through the same
    :class:`~cocreate.Rules`, and every initiative gets the kind,
    structure and outcome that ``classify`` gives it; the work is done by
    joins and group-bys over columns. Net values are summed as floats and,
    where one lies within rounding distance of the threshold (or of 0),
    recounted exactly as ``classify`` counts it, so the verdicts are exact;
    elsewhere ``net_value`` may differ from ``classify``'s exactly rounded
    sum in its last bits.

    Parameters
    ----------
    initiatives, stakeholders, contributions, values
        The four tables: all pandas DataFrames, all polars DataFrames, all
        pyarrow Tables, or all Dask DataFrames (see :doc:`dask`).
    rules
        The rules; ``None`` for the defaults.

    Returns
    -------
    DataFrame
        A frame of the same library as the input, one row per initiative
        in the order of ``initiatives``, with the columns ``initiative``,
        ``kind``, ``structure``, ``outcome`` (the enum values, as words),
        ``net_value`` (the focal organization's), ``co_creators`` and
        ``customers`` (how many, as the rules judge parties), ``win_win``,
        ``win_win_win``, and ``failed``: the first criterion that failed, in
        the order ``classify`` lists them (a :class:`~cocreate.Check` value),
        or ``None`` for co-creation.

    Raises
    ------
    InvalidModelError
        If a table is not valid: a missing column, an unknown role or
        resource, a focal organization that is not listed, a reference to an
        unknown stakeholder, a negative cost, a NaN. Every fault names its
        table, row (counted from 0) and initiative; nothing is dropped.
    ArgumentError
        If the tables are not frames of one supported library.

    Examples
    --------
    >>> import pandas as pd
    >>> initiatives = pd.DataFrame({"initiative": ["forum", "solo"], "focal": ["acme", "acme"]})
    >>> stakeholders = pd.DataFrame({
    ...     "initiative": ["forum", "forum", "solo"],
    ...     "id": ["acme", "fans", "acme"],
    ...     "role": ["firm", "customer", "firm"],
    ... })
    >>> contributions = pd.DataFrame({
    ...     "initiative": ["forum", "forum"], "source": ["fans", "acme"],
    ...     "resource": ["ideas", "labor"], "cost": [1.0, 2.0],
    ... })
    >>> values = pd.DataFrame({
    ...     "initiative": ["forum", "forum"], "beneficiary": ["fans", "acme"],
    ...     "amount": [3.0, 5.0],
    ... })
    >>> table = classify_table(initiatives, stakeholders, contributions, values)
    >>> table[["initiative", "kind", "net_value", "failed"]]
      initiative                         kind  net_value        failed
    0      forum  customer_focused_innovation        3.0   co_creators
    1       solo                 unclassified        0.0   co_creators
    """
    rules = rules_arg(rules)
    frames = (initiatives, stakeholders, contributions, values)
    library = _same_library(frames)
    if library == "dask":
        from cocreate._formats.table_dask import classify_dask

        return classify_dask(frames, rules, _classify_pandas)
    result = _classify_pandas([_as_pandas(frame, library) for frame in frames], rules)
    return _back(result, library)


def explain_row(
    tables: Sequence[Any], initiative: object, *, rules: Rules | None = None
) -> Classification:
    """Build one initiative of four tables; return its full :class:`~cocreate.Classification`.

    For the rows of :func:`classify_table` a person wants to read: the
    initiative's rows are taken from each table and built into an
    :class:`~cocreate.Initiative` (every field checked, as everywhere), and
    :func:`cocreate.classify` gives the classification with its criteria
    and sentences.

    Parameters
    ----------
    tables
        The four tables, as given to :func:`classify_table` (or as
        :func:`cocreate.read_tables` returns them).
    initiative
        The initiative's id, as in the ``initiative`` column.
    rules
        The rules; ``None`` for the defaults.

    Examples
    --------
    >>> import pandas as pd
    >>> tables = (
    ...     pd.DataFrame({"initiative": ["forum"], "focal": ["acme"]}),
    ...     pd.DataFrame({"initiative": ["forum"] * 2, "id": ["acme", "fans"],
    ...                   "role": ["firm", "customer"]}),
    ...     pd.DataFrame({"initiative": ["forum"], "source": ["fans"], "resource": ["ideas"]}),
    ...     pd.DataFrame({"initiative": ["forum"] * 2, "beneficiary": ["fans", "acme"],
    ...                   "amount": [1.0, 2.0]}),
    ... )
    >>> print(explain_row(tables, "forum").sentences[0])
    'forum' is customer-focused innovation: the goal is not stated; 1 contribution
    from 'fans', all of them voice; 'acme' and every customer win.
    """
    from cocreate._formats.csv import from_pandas

    rules = rules_arg(rules)
    frames = tuple(tables)
    if len(frames) != len(TABLES):
        msg = f"explain_row needs the four tables ({', '.join(TABLES)}), got {len(frames)}"
        raise ArgumentError(msg)
    library = _same_library(frames)
    if library == "dask":
        frames = tuple(frame[frame["initiative"] == initiative].compute() for frame in frames)
        library = "pandas"
    head, people, given, got = (_as_pandas(frame, library) for frame in frames)
    rows = head[head["initiative"] == initiative]
    if len(rows) != 1:
        found = "no row" if rows.empty else f"{len(rows)} rows"
        msg = f"initiatives has {found} for initiative {initiative!r}; explain_row needs one"
        raise ArgumentError(msg)
    header = rows.iloc[0]

    def part(frame: pd.DataFrame) -> pd.DataFrame:
        mine = frame[frame["initiative"] == initiative].drop(columns="initiative")
        for column in ("customer_of", "requires"):
            if column in mine.columns:
                mine = mine.copy()
                mine[column] = [_ids_of(cell) for cell in mine[column]]
        return mine.reset_index(drop=True)

    built = from_pandas(
        str(initiative),
        header["focal"],
        part(people),
        part(given),
        part(got),
        goal=_cell(header, "goal"),
        process=_cell(header, "process"),
    )
    return classify(built, rules=rules)


def _cell(row: pd.Series[Any], column: str) -> Any:
    if column not in row.index:
        return None
    value = row[column]
    return None if _pandas().isna(value) else value


def _at(column: pd.Series[Any], row: int) -> str:
    """A cell as plain Python, for a message: ``-2.0``, not ``np.float64(-2.0)``."""
    cell = column.iloc[row]
    item = getattr(cell, "item", None)
    return repr(item() if callable(item) else cell)


def _ids_of(cell: object) -> list[str]:
    """The ids in a ``customer_of`` or ``requires`` cell: a list, or text split at ``;``/``,``."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    if isinstance(cell, str):
        return [part.strip() for part in cell.replace(";", ",").split(",") if part.strip()]
    return [str(item) for item in cell]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# The columnar work.


class _Faults:
    """The faults found so far, a few of each sort listed and the rest counted."""

    def __init__(self) -> None:
        self.found: list[Fault] = []

    def rows(
        self,
        table: str,
        column: str,
        bad: NDArray[np.bool_],
        initiative: pd.Series[Any],
        message: Callable[[int], str],
    ) -> None:
        """Add a fault for each row where ``bad`` holds (the first few, then how many more)."""
        if not bad.any():
            return
        where = bad.nonzero()[0]
        for row in where[:_LISTED].tolist():
            self.found.append(
                Fault(
                    f"{table}[{row}].{column}",
                    f"initiative {_at(initiative, row)}: {message(row)}",
                )
            )
        if len(where) > _LISTED:
            self.found.append(
                Fault(f"{table}.{column}", f"... and {len(where) - _LISTED} more rows like these")
            )

    def raise_any(self) -> None:
        """Raise one error with every fault found, if there is any."""
        if self.found:
            raise InvalidModelError("tables", self.found)


def _columns(frame: Any, table: str, faults: _Faults) -> None:
    missing = [name for name in _REQUIRED[table] if name not in frame.columns]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        faults.found.append(
            Fault(table, f"has no column {names}; it needs {', '.join(_REQUIRED[table])}")
        )


#: An empty cell where a word is needed.
_MISSING: Final = object()


def _words(
    column: pd.Series[Any], cls: Any, *, optional: bool = False
) -> tuple[list[Any], NDArray[np.intp]]:
    """Each distinct cell of an enum column as its member, and each row's index into them.

    The words are read as the model reads them (``Role("Firm")``), once per
    distinct word; ``None`` stands for a word that is not one, and the last
    entry for an empty cell (``None`` if ``optional``).
    """
    codes, uniques = _pandas().factorize(column, use_na_sentinel=True)
    members: list[Any] = []
    for word in uniques.tolist():
        try:
            members.append(cls(word))
        except ValueError:
            members.append(None)
    members.append(None if optional else _MISSING)  # code -1: an empty cell
    return members, codes


def _unknown_word(
    faults: _Faults,
    table: str,
    column: pd.Series[Any],
    cls: Any,
    words: tuple[list[Any], NDArray[np.intp]],
    initiative: pd.Series[Any],
) -> None:
    members, code = words
    bad = _np().asarray([m is None or m is _MISSING for m in members[:-1]] + [False])
    if members[-1] is _MISSING:
        bad[-1] = True
    faults.rows(
        table,
        str(column.name),
        bad[code],
        initiative,
        lambda row: f"{column.name} {_at(column, row)} is not one of {', '.join(cls.words())}",
    )


def _numbers(frame: pd.DataFrame, column: str, default: float | None) -> NDArray[np.float64]:
    if column not in frame.columns:
        nothing: NDArray[np.float64] = _np().full(
            len(frame), math.nan if default is None else default
        )
        return nothing
    numbers: NDArray[np.float64] = (
        _pandas().to_numeric(frame[column], errors="coerce").to_numpy("float64", na_value=math.nan)
    )
    return numbers


def _np() -> Any:
    import numpy as np

    return np


#: The words a flag cell may hold, as read by the CSV form.
_FLAG_WORDS: Final = {"true": 1, "1": 1, "1.0": 1, "false": 0, "0": 0, "0.0": 0}


def _flags(frame: pd.DataFrame, column: str, table: str, faults: _Faults) -> NDArray[np.bool_]:
    """A column of booleans: bools, 0 and 1, or the words ``true`` and ``false``; empty is false."""
    np = _np()
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)  # type: ignore[no-any-return]
    series = frame[column]
    if series.dtype == bool:
        return series.to_numpy()
    codes, uniques = _pandas().factorize(series, use_na_sentinel=True)
    meaning = [_FLAG_WORDS.get(str(cell).strip().lower(), -1) for cell in uniques.tolist()]
    read = np.asarray([*meaning, 0])[codes]
    faults.rows(
        table,
        column,
        read < 0,
        frame["initiative"],
        lambda row: f"{_at(series, row)} is not true or false",
    )
    return read > 0  # type: ignore[no-any-return]


def _exploded(frame: pd.DataFrame, column: str) -> tuple[NDArray[np.intp], pd.Series[Any]]:
    """The ids of a list column (``customer_of``, ``requires``): each id with its row.

    The slow way, a list per cell: for lists of ids, and text without pyarrow.
    """
    pd = _pandas()
    np = _np()
    nothing = (np.zeros(0, dtype=np.intp), pd.Series([], dtype=object))
    if column not in frame.columns or frame.empty:
        return nothing
    series = frame[column]
    series = series[series.notna()]
    if series.empty:
        return nothing
    ids = series.map(_ids_of).explode()
    ids = ids[ids.notna()].astype(str).str.strip()
    ids = ids[ids != ""]
    return ids.index.to_numpy(dtype=np.intp), ids


def _list_codes(
    frame: pd.DataFrame, column: str, uniques: Any
) -> tuple[NDArray[np.intp], NDArray[np.intp], Callable[[int], str]]:
    """Each id of a list column: its row, its code among ``uniques`` (-1: none), and the ids.

    Text cells (``"a;b"``) are split by Arrow where pyarrow is installed:
    split, flatten and look up without a Python object per id (3.5x faster
    than pandas' ``str.split`` and ``explode`` on 600k cells); lists, and
    text without pyarrow, go through pandas.
    """
    pd = _pandas()
    np = _np()
    if column not in frame.columns or frame.empty:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), str
    series = frame[column]
    if pd.api.types.infer_dtype(series, skipna=True) == "string":
        try:
            import pyarrow as pa
            import pyarrow.compute as pc
        except ImportError:  # pragma: no cover - pyarrow is in the test extra
            pass
        else:
            text = pa.array(series, from_pandas=True).cast(pa.large_string())
            lists = pc.split_pattern(pc.replace_substring(text, ";", ","), ",")
            rows = pc.list_parent_indices(lists)
            flat = pc.utf8_trim_whitespace(pc.list_flatten(lists))
            keep = pc.not_equal(flat, "")
            flat = pc.filter(flat, keep)
            known = pa.array(uniques, from_pandas=True).cast(pa.large_string())
            code = pc.fill_null(pc.index_in(flat, value_set=known), -1)
            return (
                pc.filter(rows, keep).to_numpy().astype(np.intp),
                code.to_numpy().astype(np.intp),
                lambda at: str(flat[at].as_py()),
            )
    rows, ids = _exploded(frame, column)
    code = pd.Index(uniques).get_indexer(ids.to_numpy(dtype=object))
    return rows, code, lambda at: str(ids.iloc[at])


def _together(columns: Sequence[pd.Series[Any]]) -> tuple[list[NDArray[np.intp]], Any]:
    """One code per distinct cell across ``columns`` (-1: empty), and the distinct cells.

    Columns are joined in the type of the first that holds something, so
    that Arrow strings are hashed by Arrow, each once; a column with
    nothing in it is left out.
    """
    pd = _pandas()
    np = _np()
    full = [len(c) > 0 and bool(c.notna().any()) for c in columns]
    kept = [c for c, keep in zip(columns, full, strict=True) if keep]
    if not kept:
        return [np.full(len(c), -1, dtype=np.intp) for c in columns], pd.Index([])
    kind = kept[0].dtype
    try:
        same = [c.astype(kind) if c.dtype != kind else c for c in kept]
    except (TypeError, ValueError):  # ids of mixed types: compared as they are
        same = [c.astype(object) for c in kept]
    joined = pd.concat(same, ignore_index=True)
    codes, uniques = pd.factorize(joined, use_na_sentinel=True)
    out = []
    start = 0
    for column, keep in zip(columns, full, strict=True):
        if keep:
            out.append(codes[start : start + len(column)])
            start += len(column)
        else:
            out.append(np.full(len(column), -1, dtype=np.intp))
    return out, uniques


class _Codes:
    """Every id and group label of the four tables as one code, every initiative as its row.

    Strings are hashed once each, in one ``factorize`` per namespace (the
    initiatives; the stakeholder ids and group labels); all that follows
    compares and joins integers.
    """

    def __init__(self, head: pd.DataFrame, parts: Sequence[pd.DataFrame]) -> None:
        pd = _pandas()
        np = _np()
        codes, _ = _together([head["initiative"], *(part["initiative"] for part in parts)])
        top = max((int(c.max()) for c in codes if len(c)), default=-1) + 2
        row_of = np.full(top, -1, dtype=np.intp)
        # Each initiative code to its first row in ``head``; -1 (empty) stays unknown.
        first = ~pd.Series(codes[0]).duplicated(keep="first").to_numpy() & (codes[0] >= 0)
        row_of[codes[0][first] + 1] = np.arange(len(head))[first]
        #: Each row of the other tables as a row of ``head`` (-1: not there).
        self.homes = [row_of[c + 1] for c in codes[1:]]
        #: Which rows of ``head`` repeat an initiative listed above, or have none.
        self.repeated = (row_of[codes[0] + 1] != np.arange(len(head))) | (codes[0] < 0)
        people, given, got = parts
        cells = {
            "id": people["id"],
            "group": _column(people, "group"),
            "organization": _column(people, "organization"),
            "focal": head["focal"],
            "source": given["source"],
            "target": _column(given, "target"),
            "beneficiary": got["beneficiary"],
            "provider": _column(got, "provider"),
        }
        found, self.uniques = _together(list(cells.values()))
        #: Each id column's codes, by column name.
        self.names = dict(zip(cells, found, strict=True))
        self.width = len(self.uniques) + 1
        self.keys = pd.Index(self.homes[0].astype(np.int64) * self.width + self.names["id"])

    def key(self, home: NDArray[np.intp], code: NDArray[np.intp]) -> NDArray[np.int64]:
        """Each (initiative row, code) pair as one number."""
        return home.astype(_np().int64) * self.width + code

    def lookup(self, home: NDArray[np.intp], code: NDArray[np.intp]) -> NDArray[np.intp]:
        """The stakeholder row of each (initiative row, id code) pair; -1 where there is none."""
        found = self.keys.get_indexer(self.key(home, code))
        found[(code < 0) | (home < 0)] = -1
        return found  # type: ignore[no-any-return]


def _column(frame: pd.DataFrame, name: str) -> pd.Series[Any]:
    """A column, or an empty one where the table has none."""
    if name in frame.columns:
        return frame[name]
    empty: pd.Series[Any] = _pandas().Series([None] * len(frame), dtype=object, name=name)
    return empty


class _People(NamedTuple):
    """What the rules read of the stakeholders, as the rules judge parties."""

    #: Each stakeholder row's party (itself, or its crowd), numbered from 0.
    party: NDArray[np.intp]
    #: Each party's initiative, as a row of the initiatives table.
    party_home: NDArray[np.intp]
    #: Which parties are customers.
    customer: NDArray[np.bool_]
    #: Which parties are inside the focal organization.
    internal: NDArray[np.bool_]
    #: Each initiative's focal stakeholder row (-1: not listed).
    focal_row: NDArray[np.intp]


def _check_head(
    head: pd.DataFrame, tables: Sequence[pd.DataFrame], codes: _Codes, faults: _Faults
) -> NDArray[np.bool_]:
    """Check the initiatives, and that every row is of one; return where the goal is specific."""
    np = _np()
    pd = _pandas()
    where = head["initiative"]
    faults.rows(
        "initiatives",
        "initiative",
        codes.repeated,
        where,
        lambda row: (
            "the id is empty"
            if pd.isna(where.iloc[row])
            else "listed twice; give each initiative one row"
        ),
    )
    specific = np.zeros(len(head), dtype=bool)
    for column, cls in (("goal", Goal), ("process", Process)):
        if column in head.columns:
            words = _words(head[column], cls, optional=True)
            _unknown_word(faults, "initiatives", head[column], cls, words, where)
            if cls is Goal:
                members, code = words
                specific = np.asarray([m is Goal.SPECIFIC_OUTCOME for m in members])[code]
    for table, home, frame in zip(TABLES[1:], codes.homes, tables, strict=True):
        faults.rows(
            table,
            "initiative",
            home < 0,
            frame["initiative"],
            lambda _: "is not in the initiatives table",
        )
    return specific  # type: ignore[no-any-return]


def _people(
    head: pd.DataFrame, people: pd.DataFrame, codes: _Codes, rules: Rules, faults: _Faults
) -> _People:
    """Check the stakeholders and the focal organizations; find each party and its sides."""
    np = _np()
    pd = _pandas()
    where = people["initiative"]
    home = codes.homes[0]
    ids = people["id"]
    id_code = codes.names["id"]
    empty = (id_code < 0) | (ids == "").fillna(value=False).to_numpy(dtype=bool)
    faults.rows("stakeholders", "id", empty, where, lambda _: "the id is empty")
    twice = np.asarray(codes.keys.duplicated(keep="first")) & ~empty
    faults.rows(
        "stakeholders",
        "id",
        twice,
        where,
        lambda row: f"stakeholder {_at(ids, row)} is listed twice",
    )
    faults.raise_any()  # the lookups below need each (initiative, id) once

    words = _words(people["role"], Role)
    _unknown_word(faults, "stakeholders", people["role"], Role, words, where)
    members, role_code = words
    is_customer = np.asarray([m is Role.CUSTOMER for m in members])[role_code]
    is_organization = np.asarray([isinstance(m, Role) and m.is_organization for m in members])[
        role_code
    ]

    organization = _column(people, "organization")
    org_row = codes.lookup(home, codes.names["organization"])
    faults.rows(
        "stakeholders",
        "organization",
        (org_row < 0) & organization.notna().to_numpy(),
        where,
        lambda row: f"unknown stakeholder {_at(organization, row)}",
    )
    _id_lists(faults, people, "stakeholders", "customer_of", codes, home)
    if "size" in people.columns:
        size = _numbers(people, "size", 1.0)
        faults.rows(
            "stakeholders",
            "size",
            ~(size >= 1) | (size != np.floor(size)),
            where,
            lambda row: f"size must be a whole number >= 1, got {_at(people['size'], row)}",
        )

    focal = head["focal"]
    focal_row = codes.lookup(np.arange(len(head)), codes.names["focal"])
    listed = focal_row >= 0
    faults.rows(
        "initiatives",
        "focal",
        ~listed,
        head["initiative"],
        lambda row: f"the focal organization {_at(focal, row)} is not in the stakeholders table",
    )
    faults.rows(
        "initiatives",
        "focal",
        listed & ~is_organization[np.where(listed, focal_row, 0)],
        head["initiative"],
        lambda row: (
            f"the focal stakeholder {_at(focal, row)} must be an organization "
            "(firm, supplier or partner)"
        ),
    )

    # Inside: the focal organization and its members (``organization`` is it).
    focal_code = np.where(listed, codes.names["focal"], -2)[home]
    inside = (id_code == focal_code) | (codes.names["organization"] == focal_code)
    label = codes.names["group"]
    segment = label >= 0
    if segment.any():
        _check_groups(faults, people, codes, segment, inside, focal_code)
    # A party: each stakeholder, or under groups="together" each crowd. Ids
    # and labels share codes, and a label is never an id (checked above).
    together = rules.groups == "together" and bool(segment.any())
    party_code = np.where(segment, label, id_code) if together else id_code
    party, _ = pd.factorize(codes.key(home, party_code))
    parties = int(party.max()) + 1 if len(party) else 0
    party_home = np.zeros(parties, dtype=np.intp)
    party_home[party] = home
    return _People(
        party,
        party_home,
        _any_of(party, is_customer, parties),
        _any_of(party, inside, parties),
        focal_row,
    )


def _any_of(party: NDArray[np.intp], flag: NDArray[np.bool_], parties: int) -> NDArray[np.bool_]:
    """Per party: whether the flag holds for any of its rows."""
    return _np().bincount(party[flag], minlength=parties) > 0  # type: ignore[no-any-return]


def _check_groups(
    faults: _Faults,
    people: pd.DataFrame,
    codes: _Codes,
    segment: NDArray[np.bool_],
    inside: NDArray[np.bool_],
    focal_code: NDArray[np.intp],
) -> None:
    """A crowd: named apart from every stakeholder, without the focal organization, one side."""
    np = _np()
    pd = _pandas()
    where = people["initiative"]
    home = codes.homes[0]
    label = codes.names["group"]
    labels = people["group"]
    crowd = codes.key(home, label)
    faults.rows(
        "stakeholders",
        "group",
        segment & np.asarray(pd.Index(crowd).isin(codes.keys)),
        where,
        lambda row: f"group {_at(labels, row)} is also a stakeholder's id; name it apart",
    )
    faults.rows(
        "stakeholders",
        "group",
        segment & (codes.names["id"] == focal_code),
        where,
        lambda _: "the focal organization runs the initiative; it cannot be in a group",
    )
    sides = pd.Series(inside[segment]).groupby(crowd[segment]).transform("nunique")
    mixed = np.zeros(len(people), dtype=bool)
    mixed[segment] = sides.to_numpy() > 1
    faults.rows(
        "stakeholders",
        "group",
        mixed,
        where,
        lambda row: (
            f"group {_at(labels, row)} has segments inside the focal organization and "
            "outside it; a crowd is one party, wholly inside or outside"
        ),
    )


def _id_lists(
    faults: _Faults,
    frame: pd.DataFrame,
    table: str,
    column: str,
    codes: _Codes,
    home: NDArray[np.intp],
) -> NDArray[np.intp]:
    """Check that every id of a list column is a stakeholder; return the rows that list any."""
    rows, code, id_at = _list_codes(frame, column, codes.uniques)
    if len(rows):
        found = codes.lookup(home[rows], code)
        unknown = _np().zeros(len(frame), dtype=bool)
        unknown[rows[found < 0]] = True
        first: dict[int, str] = {}
        for at in (found < 0).nonzero()[0][: _LISTED * 4].tolist():
            first.setdefault(int(rows[at]), id_at(at))
        faults.rows(
            table,
            column,
            unknown,
            frame["initiative"],
            lambda row: f"unknown stakeholder {first.get(row, '?')!r}",
        )
    return rows


class _Items(NamedTuple):
    """What the rules read of the contributions and values."""

    #: Each contribution's giving party, and whether it is an input, and a substantive one.
    giver: NDArray[np.intp]
    inputs: NDArray[np.bool_]
    substantive: NDArray[np.bool_]
    #: Each contribution's cost, each value's amount, and each value's receiving party.
    cost: NDArray[np.float64]
    amount: NDArray[np.float64]
    taker: NDArray[np.intp]


def _items(
    given: pd.DataFrame,
    got: pd.DataFrame,
    codes: _Codes,
    party: NDArray[np.intp],
    rules: Rules,
    faults: _Faults,
) -> _Items:
    """Check the contributions and the values; return who gives and gets what."""
    np = _np()
    where = given["initiative"]
    home = codes.homes[1]
    source_row = codes.lookup(home, codes.names["source"])
    source = given["source"]
    faults.rows(
        "contributions",
        "source",
        source_row < 0,
        where,
        lambda row: f"unknown stakeholder {_at(source, row)}",
    )
    target = _column(given, "target")
    target_row = codes.lookup(home, codes.names["target"])
    has_target = target.notna().to_numpy()
    faults.rows(
        "contributions",
        "target",
        (target_row < 0) & has_target,
        where,
        lambda row: f"unknown stakeholder {_at(target, row)}",
    )
    faults.rows(
        "contributions",
        "target",
        has_target & (target_row == source_row) & (source_row >= 0),
        where,
        lambda row: f"{_at(source, row)} gives to itself; a contribution goes to another",
    )
    words = _words(given["resource"], Resource)
    _unknown_word(faults, "contributions", given["resource"], Resource, words, where)
    members, resource_code = words
    voice = np.asarray([m in rules.voice_resources for m in members])[resource_code]
    cost = _numbers(given, "cost", 0.0)
    faults.rows(
        "contributions",
        "cost",
        ~np.isfinite(cost) | (cost < 0),
        where,
        lambda row: f"cost must be a finite number >= 0, got {_at(_column(given, 'cost'), row)}",
    )
    inputs = ~_flags(given, "exchange", "contributions", faults)
    _range_faults(faults, given, "contributions", "cost", cost, non_negative=True)

    where = got["initiative"]
    home = codes.homes[2]
    beneficiary = got["beneficiary"]
    beneficiary_row = codes.lookup(home, codes.names["beneficiary"])
    faults.rows(
        "values",
        "beneficiary",
        beneficiary_row < 0,
        where,
        lambda row: f"unknown stakeholder {_at(beneficiary, row)}",
    )
    provider = _column(got, "provider")
    faults.rows(
        "values",
        "provider",
        (codes.lookup(home, codes.names["provider"]) < 0) & provider.notna().to_numpy(),
        where,
        lambda row: f"unknown stakeholder {_at(provider, row)}",
    )
    amount = _numbers(got, "amount", None)
    faults.rows(
        "values",
        "amount",
        ~np.isfinite(amount),
        where,
        lambda row: f"amount must be a finite number, got {_at(got['amount'], row)}",
    )
    low = _range_faults(faults, got, "values", "amount", amount, non_negative=False)
    if "kind" in got.columns:
        words = _words(got["kind"], ValueKind, optional=True)
        _unknown_word(faults, "values", got["kind"], ValueKind, words, where)
    rows = _id_lists(faults, got, "values", "requires", codes, home)
    if len(rows):
        loss = np.zeros(len(got), dtype=bool)
        loss[rows] = True
        faults.rows(
            "values",
            "requires",
            loss & ((amount < 0) | (low < 0)),
            where,
            lambda _: "requires is only for gains; a loss is borne by its beneficiary alone",
        )
    _link_faults(faults, given, got, cost, amount)
    faults.raise_any()
    giver = party[source_row]
    return _Items(giver, inputs, inputs & ~voice, cost, amount, party[beneficiary_row])


#: The columns of each table that hold ids or labels: text, or empty.
_TEXT_COLUMNS: Final = {
    "initiatives": ("focal",),
    "stakeholders": ("id", "organization", "group"),
    "contributions": ("source", "target"),
    "values": ("beneficiary", "provider"),
}


def _text_faults(frames: Sequence[pd.DataFrame], faults: _Faults) -> None:
    """Ids and labels are text: refuse a number or anything else where an id is expected."""
    pd = _pandas()
    for table, frame in zip(TABLES, frames, strict=True):
        for column in _TEXT_COLUMNS[table]:
            if column not in frame.columns:
                continue
            cells = frame[column]
            if pd.api.types.infer_dtype(cells, skipna=True) in {"string", "empty"}:
                continue  # checked in C: the common case
            text = cells.map(lambda cell: isinstance(cell, str)).to_numpy(dtype=bool)
            faults.rows(
                table,
                column,
                cells.notna().to_numpy() & ~text,
                frame["initiative"],
                lambda row, cells=cells: (  # type: ignore[misc]
                    f"must be text (a stakeholder id), got {_at(cells, row)}"
                ),
            )


def _classify_pandas(frames: Sequence[pd.DataFrame], rules: Rules) -> pd.DataFrame:
    """:func:`classify_table` on four pandas frames."""
    numpy = _np()
    faults = _Faults()
    for frame, table in zip(frames, TABLES, strict=True):
        _columns(frame, table, faults)
    faults.raise_any()
    head, people, given, got = (frame.reset_index(drop=True) for frame in frames)
    _text_faults((head, people, given, got), faults)
    faults.raise_any()
    codes = _Codes(head, (people, given, got))
    specific = _check_head(head, (people, given, got), codes, faults)
    faults.raise_any()  # every row of every table belongs to one initiative
    parties = _people(head, people, codes, rules, faults)
    items = _items(given, got, codes, parties.party, rules, faults)

    count = len(parties.party_home)
    contributor = _any_of(items.giver, items.inputs, count)
    substance = _any_of(items.giver, items.substantive, count)
    partner = substance & ~parties.internal
    customer = parties.customer
    net, wins, recount, doubt = _wins(items, count, rules.win_threshold)
    focal_party = parties.party[parties.focal_row]
    focal_net = net[focal_party] + 0.0
    # Near 0 the row form reports the exact sum rounded once: so does this.
    for at in ((abs(focal_net) <= doubt[focal_party]) & (doubt[focal_party] > 0)).nonzero()[0]:
        focal_net[at] = recount.tally(int(focal_party[at]))[0]

    def per_initiative(flag: NDArray[np.bool_]) -> NDArray[np.int64]:
        return numpy.bincount(parties.party_home[flag], minlength=len(head))  # type: ignore[no-any-return]

    counts = Counts(
        specific,
        per_initiative(partner),
        per_initiative(customer),
        per_initiative(partner & customer),
        per_initiative(contributor),
        per_initiative(customer & contributor),
        per_initiative(customer & substance),
    )
    holds = Facts.structure_columns(counts, rules)
    holds[Check.FOCAL_WINS] = wins[focal_party]
    holds[Check.CO_CREATORS_WIN] = per_initiative(partner & ~wins) == 0
    holds[Check.CUSTOMERS_WIN] = per_initiative(customer & ~wins) == 0
    return _result(head, holds, counts, focal_net)


def _wins(
    items: _Items, parties: int, threshold: float
) -> tuple[NDArray[np.float64], NDArray[np.bool_], _Recount, NDArray[np.float64]]:
    """Each party's net value, whether it wins, the recount of the few in doubt, and the doubt."""
    np = _np()
    # A sum beyond the float range is infinite here and recounted (its doubt
    # is infinite): numpy need not warn of it.
    with np.errstate(over="ignore", invalid="ignore"):
        return _sum_and_judge(items, parties, threshold)


def _sum_and_judge(
    items: _Items, parties: int, threshold: float
) -> tuple[NDArray[np.float64], NDArray[np.bool_], _Recount, NDArray[np.float64]]:
    np = _np()
    # Net values: the costs negated and the amounts, summed per party.
    term_party = np.concatenate([items.giver, items.taker])
    terms = np.concatenate([-items.cost, items.amount])
    net = np.bincount(term_party, weights=terms, minlength=parties)
    sizes = np.abs(terms)
    size = np.bincount(term_party, weights=sizes, minlength=parties)
    count = np.bincount(term_party, minlength=parties)
    doubt = (count + 2) * _ULP * size + _TINY
    # Where every term is a short binary fraction (whole numbers, halves:
    # see ``_model._as_written``), each is its decimal and the float sum is
    # exact: no doubt, and nothing to recount.
    scaled = sizes * _STEPS
    long = (sizes >= _SHORT) | (scaled != np.floor(scaled))
    exact = (np.bincount(term_party[long], minlength=parties) == 0) & (count < _EXACT_COUNT)
    doubt[exact] = 0.0
    doubt[~np.isfinite(net) | ~np.isfinite(size)] = math.inf
    wanted = ((abs(net - threshold) <= doubt) | (abs(net) <= doubt)) & (doubt > 0)
    recount = _Recount(wanted, -items.cost, items.giver, items.amount, items.taker)
    return net, beats_column(net, threshold, doubt, recount.tally), recount, doubt


def _result(
    head: pd.DataFrame,
    holds: Mapping[Check, NDArray[np.bool_]],
    counts: Counts,
    focal_net: NDArray[np.float64],
) -> pd.DataFrame:
    """The result frame: one row per initiative."""
    numpy = _np()
    pandas = _pandas()
    kinds, structures, outcomes, failed, row = judge_columns(holds)

    def words(members: Sequence[Any]) -> pd.Series[Any]:
        cells = numpy.asarray([None if m is None else m.value for m in members], dtype=object)
        column: pd.Series[Any] = pandas.Series(cells[row] if len(row) else cells[:0], dtype=object)
        return column

    win_win = holds[Check.FOCAL_WINS] & holds[Check.CUSTOMERS] & holds[Check.CUSTOMERS_WIN]
    three = numpy.asarray([o is Outcome.WIN_WIN_WIN for o in outcomes], dtype=bool)
    result: pd.DataFrame = pandas.DataFrame(
        {
            "initiative": head["initiative"],
            "kind": words(kinds),
            "structure": words(structures),
            "outcome": words(outcomes),
            "net_value": focal_net,
            "co_creators": counts.partners,
            "customers": counts.customers,
            "win_win": win_win,
            "win_win_win": three[row] if len(row) else three[:0],
            "failed": words(failed),
        }
    )
    return result


def _range_faults(
    faults: _Faults,
    frame: pd.DataFrame,
    table: str,
    estimate: str,
    value: NDArray[np.float64],
    *,
    non_negative: bool,
) -> NDArray[np.float64]:
    """Check ``low <= estimate <= high`` where given; return the lows (NaN where none)."""
    np = _np()
    initiative = frame["initiative"]
    low = _numbers(frame, "low", None)
    high = _numbers(frame, "high", None)
    for name, bound in (("low", low), ("high", high)):
        if name not in frame.columns:
            continue
        cells = frame[name]
        given = cells.notna().to_numpy()
        bad = given & (~np.isfinite(bound) | ((bound < 0) if non_negative else False))
        faults.rows(
            table,
            name,
            bad,
            initiative,
            lambda row, cells=cells: f"must be a finite number, got {_at(cells, row)}",  # type: ignore[misc]
        )
    outside = (low > value) | (high < value)
    faults.rows(
        table,
        estimate,
        outside,
        initiative,
        lambda row: f"{estimate} {value[row]!r} is outside its range [{low[row]!r}, {high[row]!r}]",
    )
    return low


def _link_faults(
    faults: _Faults,
    given: pd.DataFrame,
    got: pd.DataFrame,
    cost: NDArray[np.float64],
    amount: NDArray[np.float64],
) -> None:
    """Items of one initiative sharing a link are one quantity: the same estimate and range."""
    pd = _pandas()
    np = _np()
    parts = []
    for name, table, value in (("contributions", given, cost), ("values", got, amount)):
        if "link" not in table.columns:
            continue
        linked = table["link"].notna().to_numpy()
        if not linked.any():
            continue
        parts.append(
            pd.DataFrame(
                {
                    "initiative": table["initiative"].to_numpy()[linked],
                    "link": table["link"].to_numpy()[linked],
                    "value": value[linked],
                    "low": _numbers(table, "low", None)[linked],
                    "high": _numbers(table, "high", None)[linked],
                    "table": name,
                    "row": linked.nonzero()[0],
                }
            )
        )
    if not parts:
        return
    linked_items = pd.concat(parts, ignore_index=True)
    # One quantity: one estimate, one low, one high (no bound counts as -inf).
    keys = [linked_items["initiative"], linked_items["link"]]
    differ = np.zeros(len(linked_items), dtype=bool)
    for column in ("value", "low", "high"):
        counted = linked_items[column].fillna(-math.inf).groupby(keys).transform("nunique")
        differ |= counted.to_numpy() > 1
    for name, initiative in (
        ("contributions", given["initiative"]),
        ("values", got["initiative"]),
    ):
        mine = (linked_items["table"] == name).to_numpy() & differ
        bad = np.zeros(len(initiative), dtype=bool)
        bad[linked_items["row"].to_numpy()[mine]] = True
        faults.rows(
            name,
            "link",
            bad,
            initiative,
            lambda _: "items sharing this link must have the same amount and range",
        )


class _Recount:
    """A party's net value as the row form counts it, for the few parties in doubt.

    The terms of the ``wanted`` parties are picked out of the columns at
    once, and only theirs are read in Python; each party's tally is made by
    the row form's own ``sums`` (exactly rounded, recounted in decimal
    near zero).
    """

    def __init__(
        self,
        wanted: NDArray[np.bool_],
        paid: NDArray[np.float64],
        payer: NDArray[np.intp],
        got: NDArray[np.float64],
        taker: NDArray[np.intp],
    ) -> None:
        gathered: defaultdict[int, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        for side, (terms, owner) in enumerate(((paid, payer), (got, taker))):
            mine = wanted[owner]
            for key, term in zip(owner[mine].tolist(), terms[mine].tolist(), strict=True):
                gathered[key][side].append(term)
        self._by_party = gathered
        self._found: dict[int, tuple[float, float, Callable[[str], Decimal]]] = {}

    def tally(self, party: int) -> tuple[float, float, Callable[[str], Decimal]]:
        """The party's net value and doubt as the row form finds them, and its exact sum."""
        found = self._found.get(party)
        if found is None:
            paid, got = self._by_party.get(party, ([], []))
            account = sums(["p"], {"p": paid}, {"p": got}, [], _fsum_or_exact)["p"]
            everything = [*paid, *got]
            found = (account[4], account[5], lambda _key: decimal_sum(everything))
            self._found[party] = found
        return found


def _fsum_or_exact(terms: list[float]) -> float:
    """``math.fsum``, as the row form sums, or the exact sum where fsum overflows."""
    try:
        return math.fsum(terms)
    except OverflowError:
        return exact_sum(terms)
