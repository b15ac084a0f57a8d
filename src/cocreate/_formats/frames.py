"""Results and initiatives as pandas DataFrames (the ``pandas`` extra).

pandas is imported inside :func:`to_pandas`, so ``import cocreate`` never
needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cocreate._model.records import (
    CONTRIBUTION_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    to_records,
)
from cocreate._model.text import needs_extra
from cocreate._model.types import FIELD_KINDS, Initiative
from cocreate._model.validate import describe
from cocreate._rules.facts import Classification
from cocreate._rules.profile import Profile
from cocreate._rules.sums import LEDGER_COLUMNS, Ledger
from cocreate.exceptions import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INITIATIVE_TABLES", "to_pandas"]

#: The tables :func:`to_pandas` makes of an initiative, the first the default.
INITIATIVE_TABLES = ("stakeholders", "contributions", "values")

_IMPORT_MESSAGE = needs_extra("cocreate.to_pandas", "pandas", "pandas")

_COLUMNS = {
    "stakeholders": STAKEHOLDER_FIELDS,
    "contributions": CONTRIBUTION_FIELDS,
    "values": VALUE_FIELDS,
    "ledger": LEDGER_COLUMNS,
    "profile": ("attribute", "matches", "co_creation", "collaboration", "reason"),
    "criteria": (
        "kind",
        "check",
        "holds",
        "stakeholders",
        "net_values",
        "count",
        "assumed",
        "requirement",
        "evidence",
    ),
}

#: Columns whose cells may be ``None``, kept as Python objects: the optional fields.
_OPTIONAL = frozenset(
    name for fields in FIELD_KINDS.values() for name, kind in fields if kind.optional
)


def _initiative_columns(initiative: Initiative, table: str) -> dict[str, list[Any]]:
    rows = to_records(initiative)[INITIATIVE_TABLES.index(table)]
    fields = _COLUMNS[table]
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in fields]
    return dict(zip(fields, columns, strict=True))


def _columns(
    obj: Initiative | Classification | Ledger | Profile, table: str | None
) -> tuple[str, dict[str, list[Any]]]:
    if isinstance(obj, Initiative):
        name = "stakeholders" if table is None else table
        if name not in INITIATIVE_TABLES:
            tables = ", ".join(repr(t) for t in INITIATIVE_TABLES)
            msg = f"table must be one of {tables} or None, got {describe(table)}"
            raise ArgumentError(msg)
        return name, _initiative_columns(obj, name)
    if table is not None:
        msg = (
            f"table is only for an Initiative ({', '.join(INITIATIVE_TABLES)}); "
            f"a {type(obj).__name__} has one table, so leave table=None"
        )
        raise ArgumentError(msg)
    if isinstance(obj, Ledger):
        rows = obj.to_dict()["entries"]
        name = "ledger"
    elif isinstance(obj, Profile):
        rows = obj.to_dict()["rows"]
        name = "profile"
    elif isinstance(obj, Classification):
        rows = [c.to_dict() for c in obj.criteria]
        for row in rows:
            row["stakeholders"] = tuple(row["stakeholders"])
            row["net_values"] = tuple(row["net_values"])
        name = "criteria"
    else:
        msg = (
            "to_pandas takes an Initiative, Classification, Ledger or Profile, "
            f"got {describe(obj).split(' ')[0]}"
        )
        raise ArgumentError(msg)
    return name, {column: [row[column] for row in rows] for column in _COLUMNS[name]}


def to_pandas(
    obj: Initiative | Classification | Ledger | Profile, *, table: str | None = None
) -> pd.DataFrame:
    """Return an initiative or a result as a pandas DataFrame.

    Each row is one item, each column one plain field (str, float, bool,
    ``None`` or a tuple of ids), with a default integer index:

    - a :class:`~cocreate.Ledger`: one row per stakeholder, the columns of
      :meth:`Ledger.to_dict() <cocreate.Ledger.to_dict>` (``id``, ``name``,
      ``role``, ``internal``, ``contribution_count``, ``cost``, ``value_count``,
      ``received``, ``net_value``, ``wins``);
    - a :class:`~cocreate.Profile`: one row per attribute of the comparison
      table (``attribute``, ``matches``, ``co_creation``, ``collaboration``,
      ``reason``);
    - a :class:`~cocreate.Classification`: one row per criterion checked
      (``kind``, ``check``, ``holds``, ``stakeholders``, ``net_values``,
      ``count``, ``assumed``, ``requirement``, ``evidence``);
    - an :class:`~cocreate.Initiative`: one of three tables, chosen by
      ``table``: ``"stakeholders"`` (the default; ``id``, ``role``, ``name``,
      ``organization``, ``customer_of``), ``"contributions"`` (``source``,
      ``resource``, ``target``, ``cost``, ``description``, ``low``,
      ``high``) or ``"values"`` (``beneficiary``, ``amount``, ``provider``,
      ``kind``, ``description``, ``low``, ``high``): the columns and the
      canonical row order of :func:`cocreate.to_records`, so that
      :func:`cocreate.from_pandas` reads them back. A ``target`` or
      ``provider`` of ``None`` (kept as ``None``, in a column of Python
      objects) means the initiative itself.

    Enum fields are given as their words (``"firm"``, ``"technology"``).

    Parameters
    ----------
    obj
        What to tabulate.
    table
        For an initiative only: ``"stakeholders"``, ``"contributions"`` or
        ``"values"``; ``None`` means ``"stakeholders"``.

    Returns
    -------
    pandas.DataFrame
        The table.

    Raises
    ------
    ImportError
        If pandas is not installed (``pip install "cocreate[pandas]"``).
    ArgumentError
        If ``obj`` is none of these types, or ``table`` is not valid for it.

    Examples
    --------
    >>> from cocreate import ledger
    >>> from cocreate.examples import nike_plus
    >>> frame = to_pandas(ledger(nike_plus()))
    >>> frame[["id", "net_value", "wins"]]
            id  net_value  wins
    0    apple        3.0  True
    1     nike        5.0  True
    2  runners        3.0  True
    >>> to_pandas(nike_plus(), table="contributions").shape
    (5, 9)
    """
    _, columns = _columns(obj, table)
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - the pandas extra is a test dependency
        raise ImportError(_IMPORT_MESSAGE) from error
    # Optional ids keep ``None`` (the initiative itself, or no organization)
    # rather than becoming NaN in a string column.
    return pd.DataFrame(
        {
            column: pd.Series(cells, dtype=object) if column in _OPTIONAL else cells
            for column, cells in columns.items()
        }
    )
