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

from cocreate._model import (
    FIELD_KINDS,
    Goal,
    Process,
    Resource,
    Role,
    ValueKind,
    _sums,
    exact_sum,
)
from cocreate._params import Check, Rules, beats_column, judge_columns, rules_arg
from cocreate._rules import Classification, Counts, Facts, classify
from cocreate._validate import decimal_sum, describe
from cocreate.exceptions import ArgumentError, Fault, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
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

_IMPORT_MESSAGE: Final = (
    'cocreate.classify_table needs pandas; install it with: pip install "cocreate[pandas]"'
)


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
        from cocreate._table_dask import classify_dask

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
    'forum' is customer-focused innovation: customers give ideas and input only,
    ...
    """
    from cocreate._bulk import from_pandas

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
                mine = mine.assign(**{column: [_ids_of(cell) for cell in mine[column]]})
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
        initiative: Sequence[Any],
        message: Callable[[int], str],
    ) -> None:
        """Add a fault for each row where ``bad`` holds (the first few, then how many more)."""
        where = bad.nonzero()[0]
        for row in where[:_LISTED].tolist():
            self.found.append(
                Fault(f"{table}[{row}].{column}", f"initiative {initiative[row]!r}: {message(row)}")
            )
        if len(where) > _LISTED:
            self.found.append(
                Fault(f"{table}.{column}", f"... and {len(where) - _LISTED} more rows like these")
            )

    def raise_any(self) -> None:
        if self.found:
            raise InvalidModelError("tables", self.found)


def _columns(frame: Any, table: str, faults: _Faults) -> None:
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):  # pragma: no cover - _library checked the type
        msg = f"{table} must be a DataFrame, got {describe(frame)}"
        raise ArgumentError(msg)
    missing = [name for name in _REQUIRED[table] if name not in frame.columns]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        faults.found.append(
            Fault(table, f"has no column {names}; it needs {', '.join(_REQUIRED[table])}")
        )


def _words(
    column: pd.Series[Any], cls: Any, *, optional: bool = False
) -> tuple[list[Any], NDArray[np.intp]]:
    """Each distinct cell of an enum column as its member (``None`` where not one), and each row's.

    The words are read as the model reads them (``Role("Firm")``), once per
    distinct word.
    """
    pd = _pandas()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    members: list[Any] = []
    for word in uniques.tolist():
        try:
            members.append(cls(word))
        except ValueError:
            members.append(None)
    members.append(None if optional else _MISSING)  # code -1: an empty cell
    return members, codes


#: An empty cell where a word is needed.
_MISSING: Final = object()


def _numbers(frame: pd.DataFrame, column: str, default: float | None) -> NDArray[np.float64]:
    pd = _pandas()
    if column not in frame.columns:
        return _np().full(len(frame), default if default is not None else math.nan)
    series = frame[column]
    return pd.to_numeric(series, errors="coerce").to_numpy(  # type: ignore[no-any-return]
        dtype="float64", na_value=math.nan
    )


def _np() -> Any:
    import numpy as np

    return np


def _flags(frame: pd.DataFrame, column: str, table: str, faults: _Faults) -> NDArray[np.bool_]:
    """A column of booleans: bools, 0 and 1, or the words ``true`` and ``false``; empty is false."""
    np = _np()
    pd = _pandas()
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)  # type: ignore[no-any-return]
    series = frame[column]
    if series.dtype == bool:
        return series.to_numpy()  # type: ignore[no-any-return]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    meaning = []
    for cell in uniques.tolist():
        word = str(cell).strip().lower()
        meaning.append(
            {"true": 1, "1": 1, "1.0": 1, "yes": 1, "false": 0, "0": 0, "0.0": 0, "no": 0}.get(
                word, -1
            )
        )
    meaning.append(0)
    read = np.asarray(meaning)[codes]
    initiative = frame["initiative"].tolist()
    faults.rows(
        table,
        column,
        read < 0,
        initiative,
        lambda row: f"{series.iloc[row]!r} is not true or false",
    )
    return read > 0  # type: ignore[no-any-return]


def _texts(frame: pd.DataFrame, column: str) -> pd.Series[Any]:
    """A column of optional ids as object cells, ``None`` where empty."""
    pd = _pandas()
    if column not in frame.columns:
        return pd.Series([None] * len(frame), dtype=object)
    series = frame[column]
    return series.astype(object).where(series.notna(), None)


def _exploded(frame: pd.DataFrame, column: str) -> tuple[NDArray[np.intp], list[Any]]:
    """The ids of a list column (``customer_of``, ``requires``): each id with its row."""
    pd = _pandas()
    np = _np()
    if column not in frame.columns or frame.empty:
        return np.zeros(0, dtype=np.intp), []
    series = frame[column].reset_index(drop=True)
    if pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}:
        series = series.str.replace(";", ",", regex=False).str.split(",")
    else:
        series = series.map(_ids_of, na_action="ignore")
    ids = series.explode()
    ids = ids[ids.notna()]
    if ids.empty:
        return np.zeros(0, dtype=np.intp), []
    ids = ids.astype(str).str.strip()
    ids = ids[ids != ""]
    return ids.index.to_numpy(dtype=np.intp), ids.tolist()


class _Index(NamedTuple):
    """Where each (initiative, id) pair is: ids as codes, and the lookup from pair to row."""

    #: Each stakeholder row's initiative, as a row of the initiatives table.
    home: NDArray[np.intp]
    #: The distinct ids (and group labels), whose positions are their codes.
    names: Any
    #: The pairs (initiative row, id code) of the stakeholder rows, as one number each.
    keys: Any


def _codes(names: Any, cells: Any) -> NDArray[np.intp]:
    """Each cell's code among ``names`` (-1: not there, or empty)."""
    return names.get_indexer(cells)  # type: ignore[no-any-return]


def _lookup(index: _Index, home: NDArray[np.intp], cells: Any) -> NDArray[np.intp]:
    """The stakeholder row of each (initiative row, id) pair; -1 where there is none."""
    np = _np()
    code = _codes(index.names, cells)
    width = len(index.names) + 1
    found = index.keys.get_indexer(home.astype(np.int64) * width + code)
    found[(code < 0) | (home < 0)] = -1
    return found  # type: ignore[no-any-return]


def _classify_pandas(frames: Sequence[pd.DataFrame], rules: Rules) -> pd.DataFrame:  # noqa: C901, PLR0915
    """:func:`classify_table` on four pandas frames."""
    pd = _pandas()
    np = _np()
    faults = _Faults()
    for frame, table in zip(frames, TABLES, strict=True):
        _columns(frame, table, faults)
    faults.raise_any()
    head, people, given, got = (frame.reset_index(drop=True) for frame in frames)

    # Which initiative each row belongs to, as a row of ``head``.
    inits = pd.Index(head["initiative"])
    repeated = inits.duplicated(keep="first")
    head_ids = head["initiative"].tolist()
    faults.rows(
        "initiatives",
        "initiative",
        np.asarray(repeated),
        head_ids,
        lambda _: "listed twice; give each initiative one row",
    )
    faults.rows(
        "initiatives",
        "initiative",
        np.asarray(head["initiative"].isna()),
        head_ids,
        lambda _: "the id is empty",
    )
    faults.raise_any()
    homes = {}
    for frame, table in zip((people, given, got), TABLES[1:], strict=True):
        home = inits.get_indexer(frame["initiative"])
        homes[table] = home
        faults.rows(
            table,
            "initiative",
            home < 0,
            frame["initiative"].tolist(),
            lambda _: "is not in the initiatives table",
        )
    faults.raise_any()

    # Stakeholders: ids and group labels share one set of codes, so that a
    # party is one (initiative, code) pair whether it is one stakeholder or
    # a crowd.
    people_home = homes["stakeholders"]
    people_init = people["initiative"].tolist()
    ids = _texts(people, "id")
    labels = _texts(people, "group")
    names = pd.Index(pd.unique(pd.concat([ids, labels], ignore_index=True).dropna()))
    id_code = _codes(names, ids)
    width = len(names) + 1
    keys = pd.Index(people_home.astype(np.int64) * width + id_code)
    empty = (id_code < 0) | np.asarray(ids.map(lambda cell: cell == "", na_action="ignore") == True)  # noqa: E712
    faults.rows("stakeholders", "id", empty, people_init, lambda _: "the id is empty")
    twice = np.asarray(keys.duplicated(keep="first")) & ~empty
    faults.rows(
        "stakeholders",
        "id",
        twice,
        people_init,
        lambda row: f"stakeholder {ids[row]!r} is listed twice",
    )
    faults.raise_any()
    index = _Index(people_home, names, keys)

    roles, role_code = _words(people["role"], Role)
    role_of = np.asarray([member is Role.CUSTOMER for member in roles])[role_code]
    organization_roles = np.asarray(
        [
            member is not None and member is not _MISSING and member.is_organization
            for member in roles
        ]
    )[role_code]
    faults.rows(
        "stakeholders",
        "role",
        np.asarray([member is None or member is _MISSING for member in roles])[role_code],
        people_init,
        lambda row: f"role {people['role'].iloc[row]!r} is not one of {', '.join(Role.words())}",
    )
    organization = _texts(people, "organization")
    org_row = _lookup(index, people_home, organization)
    faults.rows(
        "stakeholders",
        "organization",
        (org_row < 0) & organization.notna().to_numpy(),
        people_init,
        lambda row: f"unknown stakeholder {organization[row]!r}",
    )
    for column in ("customer_of",):
        rows, cells = _exploded(people, column)
        found = _lookup(index, people_home[rows], pd.Index(cells, dtype=object))
        faults.rows(
            "stakeholders",
            column,
            found < 0,
            [people_init[row] for row in rows.tolist()],
            lambda i, cells=cells: f"unknown stakeholder {cells[i]!r}",  # type: ignore[misc]
        )
    if "size" in people.columns:
        size = _numbers(people, "size", 1.0)
        faults.rows(
            "stakeholders",
            "size",
            ~(size >= 1) | (size != np.floor(size)),
            people_init,
            lambda row: f"size must be a whole number >= 1, got {people['size'].iloc[row]!r}",
        )

    # The initiatives: the focal organization, the goal.
    focal = _texts(head, "focal")
    focal_row = _lookup(index, np.arange(len(head)), focal)
    faults.rows(
        "initiatives",
        "focal",
        focal_row < 0,
        head_ids,
        lambda row: f"the focal organization {focal[row]!r} is not in the stakeholders table",
    )
    listed = focal_row >= 0
    faults.rows(
        "initiatives",
        "focal",
        listed & ~organization_roles[np.where(listed, focal_row, 0)],
        head_ids,
        lambda row: (
            f"the focal stakeholder {focal[row]!r} must be an organization "
            "(firm, supplier or partner)"
        ),
    )
    specific = np.zeros(len(head), dtype=bool)
    for column, cls in (("goal", Goal), ("process", Process)):
        if column in head.columns:
            members, code = _words(head[column], cls, optional=True)
            unknown = np.asarray([member is None for member in members[:-1]] + [False])[code]
            faults.rows(
                "initiatives",
                column,
                unknown,
                head_ids,
                lambda row, column=column, cls=cls: (  # type: ignore[misc]
                    f"{column} {head[column].iloc[row]!r} is not one of {', '.join(cls.words())}"
                ),
            )
            if cls is Goal:
                specific = np.asarray([member is Goal.SPECIFIC_OUTCOME for member in members])[code]

    # Who is inside the focal organization; who is a segment of which crowd.
    focal_code = np.where(listed, id_code[np.where(listed, focal_row, 0)], -2)
    inside = (id_code == focal_code[people_home]) | (
        (org_row >= 0) & (id_code[np.where(org_row >= 0, org_row, 0)] == focal_code[people_home])
    )
    label_code = _codes(names, labels)
    segment = label_code >= 0
    if segment.any():
        label_is_id = pd.Index(people_home[segment].astype(np.int64) * width + label_code[segment])
        clash = np.zeros(len(people), dtype=bool)
        clash[segment] = label_is_id.isin(keys)
        faults.rows(
            "stakeholders",
            "group",
            clash,
            people_init,
            lambda row: f"group {labels[row]!r} is also a stakeholder's id; name it apart",
        )
        faults.rows(
            "stakeholders",
            "group",
            segment & (id_code == focal_code[people_home]),
            people_init,
            lambda _: "the focal organization runs the initiative; it cannot be in a group",
        )
        crowd = people_home.astype(np.int64) * width + label_code
        mixed = (
            pd.Series(inside[segment]).groupby(crowd[segment]).transform("nunique").to_numpy() > 1
        )
        bad = np.zeros(len(people), dtype=bool)
        bad[segment] = mixed
        faults.rows(
            "stakeholders",
            "group",
            bad,
            people_init,
            lambda row: (
                f"group {labels[row]!r} has segments inside the focal organization and "
                "outside it; a crowd is one party, wholly inside or outside"
            ),
        )

    # Contributions and values: who gives and gets, what, at what cost.
    given_home = homes["contributions"]
    given_init = given["initiative"].tolist()
    source = _texts(given, "source")
    source_row = _lookup(index, given_home, source)
    faults.rows(
        "contributions",
        "source",
        source_row < 0,
        given_init,
        lambda row: f"unknown stakeholder {source[row]!r}",
    )
    target = _texts(given, "target")
    target_row = _lookup(index, given_home, target)
    has_target = target.notna().to_numpy()
    faults.rows(
        "contributions",
        "target",
        (target_row < 0) & has_target,
        given_init,
        lambda row: f"unknown stakeholder {target[row]!r}",
    )
    faults.rows(
        "contributions",
        "target",
        has_target & (target_row == source_row) & (source_row >= 0),
        given_init,
        lambda row: f"{source[row]!r} gives to itself; a contribution goes to another",
    )
    resources, resource_code = _words(given["resource"], Resource)
    faults.rows(
        "contributions",
        "resource",
        np.asarray([member is None or member is _MISSING for member in resources])[resource_code],
        given_init,
        lambda row: (
            f"resource {given['resource'].iloc[row]!r} is not one of {', '.join(Resource.words())}"
        ),
    )
    voice = np.asarray([member in rules.voice_resources for member in resources])[resource_code]
    cost = _numbers(given, "cost", 0.0)
    faults.rows(
        "contributions",
        "cost",
        ~np.isfinite(cost) | (cost < 0),
        given_init,
        lambda row: f"cost must be a finite number >= 0, got {given['cost'].iloc[row]!r}",
    )
    exchange = _flags(given, "exchange", "contributions", faults)
    _range_faults(faults, given, "contributions", "cost", cost, given_init, non_negative=True)

    got_home = homes["values"]
    got_init = got["initiative"].tolist()
    beneficiary = _texts(got, "beneficiary")
    beneficiary_row = _lookup(index, got_home, beneficiary)
    faults.rows(
        "values",
        "beneficiary",
        beneficiary_row < 0,
        got_init,
        lambda row: f"unknown stakeholder {beneficiary[row]!r}",
    )
    provider = _texts(got, "provider")
    provider_row = _lookup(index, got_home, provider)
    faults.rows(
        "values",
        "provider",
        (provider_row < 0) & provider.notna().to_numpy(),
        got_init,
        lambda row: f"unknown stakeholder {provider[row]!r}",
    )
    amount = _numbers(got, "amount", None)
    faults.rows(
        "values",
        "amount",
        ~np.isfinite(amount),
        got_init,
        lambda row: f"amount must be a finite number, got {got['amount'].iloc[row]!r}",
    )
    low = _range_faults(faults, got, "values", "amount", amount, got_init, non_negative=False)
    if "kind" in got.columns:
        kinds, kind_code = _words(got["kind"], ValueKind, optional=True)
        faults.rows(
            "values",
            "kind",
            np.asarray([member is None for member in kinds[:-1]] + [False])[kind_code],
            got_init,
            lambda row: (
                f"kind {got['kind'].iloc[row]!r} is not one of {', '.join(ValueKind.words())}"
            ),
        )
    rows, cells = _exploded(got, "requires")
    if cells:
        found = _lookup(index, got_home[rows], pd.Index(cells, dtype=object))
        faults.rows(
            "values",
            "requires",
            found < 0,
            [got_init[row] for row in rows.tolist()],
            lambda i: f"unknown stakeholder {cells[i]!r}",
        )
        loss = np.zeros(len(got), dtype=bool)
        loss[rows] = True
        loss &= (amount < 0) | (low < 0)
        faults.rows(
            "values",
            "requires",
            loss,
            got_init,
            lambda _: "requires is only for gains; a loss is borne by its beneficiary alone",
        )
    _link_faults(faults, given, got, cost, amount, given_init, got_init)
    faults.raise_any()

    # Parties: each stakeholder, or each crowd under groups="together".
    if rules.groups == "together" and segment.any():
        party_code = np.where(segment, label_code, id_code)
    else:
        party_code = id_code
    party_of, _ = pd.factorize(people_home.astype(np.int64) * width + party_code)
    parties = int(party_of.max()) + 1 if len(party_of) else 0
    party_home = np.zeros(parties, dtype=np.intp)
    party_home[party_of] = people_home

    def any_of(rows_party: NDArray[np.intp], flag: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.bincount(rows_party[flag], minlength=parties) > 0  # type: ignore[no-any-return]

    customer = any_of(party_of, role_of)
    internal = any_of(party_of, inside)
    giver = party_of[source_row]
    inputs = ~exchange
    contributor = any_of(giver, inputs)
    substance = any_of(giver, inputs & ~voice)
    partner = substance & ~internal

    # Net values: the costs negated and the amounts, summed per party.
    taker = party_of[beneficiary_row]
    term_party = np.concatenate([giver, taker])
    terms = np.concatenate([-cost, amount])
    net = np.bincount(term_party, weights=terms, minlength=parties)
    size = np.bincount(term_party, weights=np.abs(terms), minlength=parties)
    count = np.bincount(term_party, minlength=parties)
    doubt = (count + 2) * _ULP * size + _TINY
    # Where every term is a short binary fraction (whole numbers, halves:
    # see ``_model._as_written``), each is its decimal and the float sum is
    # exact: no doubt. Only a few parties are then recounted.
    scaled = np.abs(terms) * _STEPS
    long = (np.abs(terms) >= _SHORT) | (scaled != np.floor(scaled))
    exact = (np.bincount(term_party[long], minlength=parties) == 0) & (count < _EXACT_COUNT)
    doubt[exact] = 0.0
    doubt[~np.isfinite(net) | ~np.isfinite(size)] = math.inf
    threshold = rules.win_threshold
    wanted = ((abs(net - threshold) <= doubt) | (abs(net) <= doubt)) & (doubt > 0)
    recount = _Recount(wanted, -cost, giver, amount, taker)
    wins = beats_column(net, threshold, doubt, recount.tally)

    # The focal party's net value, as classify reports it where it is in doubt.
    focal_party = party_of[np.where(listed, focal_row, 0)]
    focal_net = net[focal_party] + 0.0
    for at in (wanted[focal_party] & (abs(focal_net) <= doubt[focal_party])).nonzero()[0].tolist():
        focal_net[at] = recount.tally(int(focal_party[at]))[0]

    def per_initiative(flag: NDArray[np.bool_]) -> NDArray[np.int64]:
        return np.bincount(party_home[flag], minlength=len(head))  # type: ignore[no-any-return]

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
    kinds_found, structures, outcomes, failed, row = judge_columns(holds)

    def words(members: Iterable[Any]) -> Any:
        cells = np.asarray([None if m is None else m.value for m in members], dtype=object)
        return pd.Series(cells[row], dtype=object if any(m is None for m in cells) else "str")

    win_win = holds[Check.FOCAL_WINS] & holds[Check.CUSTOMERS] & holds[Check.CUSTOMERS_WIN]
    return pd.DataFrame(
        {
            "initiative": head["initiative"],
            "kind": words(kinds_found),
            "structure": words(structures),
            "outcome": words(outcomes),
            "net_value": focal_net,
            "co_creators": counts.partners,
            "customers": counts.customers,
            "win_win": win_win,
            "win_win_win": np.asarray([o.value == "win_win_win" for o in outcomes])[row],
            "failed": words(failed),
        }
    )


def _range_faults(
    faults: _Faults,
    frame: pd.DataFrame,
    table: str,
    estimate: str,
    value: NDArray[np.float64],
    initiative: Sequence[Any],
    *,
    non_negative: bool,
) -> NDArray[np.float64]:
    """Check ``low <= estimate <= high`` where given; return the lows (NaN where none)."""
    np = _np()
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
            lambda row, cells=cells: f"must be a finite number, got {cells.iloc[row]!r}",  # type: ignore[misc]
        )
    outside = (low > value) | (high < value)
    faults.rows(
        table,
        estimate,
        outside,
        initiative,
        lambda row: f"{estimate} {value[row]!r} is outside its range [{low[row]!r}, {high[row]!r}]",
    )
    return low  # type: ignore[no-any-return]


def _link_faults(
    faults: _Faults,
    given: pd.DataFrame,
    got: pd.DataFrame,
    cost: NDArray[np.float64],
    amount: NDArray[np.float64],
    given_init: Sequence[Any],
    got_init: Sequence[Any],
) -> None:
    """Items of one initiative sharing a link are one quantity: the same estimate and range."""
    pd = _pandas()
    np = _np()
    parts = []
    for frame, table, value in (("contributions", given, cost), ("values", got, amount)):
        del frame
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
                    "table": "contributions" if table is given else "values",
                    "row": linked.nonzero()[0],
                }
            )
        )
    if not parts:
        return
    linked_items = pd.concat(parts, ignore_index=True)
    grouped = linked_items.groupby(["initiative", "link"], sort=False, dropna=False)
    differ = np.zeros(len(linked_items), dtype=bool)
    for column in ("value", "low", "high"):
        filled = linked_items[column].fillna(-math.inf)
        differ |= (grouped[column].transform("nunique", dropna=False) > 1).to_numpy() | (
            filled.groupby([linked_items["initiative"], linked_items["link"]], dropna=False)
            .transform("nunique")
            .to_numpy()
            > 1
        )
    for table, initiative in (("contributions", given_init), ("values", got_init)):
        mine = (linked_items["table"] == table).to_numpy() & differ
        bad = np.zeros(len(initiative), dtype=bool)
        bad[linked_items["row"].to_numpy()[mine]] = True
        faults.rows(
            table,
            "link",
            bad,
            initiative,
            lambda _: "items sharing this link must have the same amount and range",
        )


class _Recount:
    """A party's net value as the row form counts it, for the few parties in doubt.

    The terms of the ``wanted`` parties are picked out of the columns at
    once, and only theirs are read in Python; each party's tally is made by
    the row form's own ``_sums`` (exactly rounded, recounted in decimal
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
            account = _sums(["p"], {"p": paid}, {"p": got}, [], _fsum_or_exact)["p"]
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
