"""Results and initiatives as pandas DataFrames (the ``pandas`` extra).

pandas is imported inside :func:`to_pandas`, so ``import cocreate`` never
needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cocreate._bulk import (
    CONTRIBUTION_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    contribution_records,
    stakeholder_records,
    value_records,
)
from cocreate._model import Initiative
from cocreate._rules import Classification, Ledger, Profile
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pandas as pd

__all__ = ["INITIATIVE_TABLES", "to_pandas"]

#: The tables :func:`to_pandas` makes of an initiative, the first the default.
INITIATIVE_TABLES = ("stakeholders", "contributions", "values")

_IMPORT_MESSAGE = 'cocreate.to_pandas needs pandas; install it with: pip install "cocreate[pandas]"'

_COLUMNS = {
    "stakeholders": ("id", "name", "role", "organization", "customer_of"),
    "contributions": ("source", "resource", "target", "cost", "description"),
    "values": ("beneficiary", "amount", "provider", "kind", "description"),
    "ledger": (
        "id",
        "name",
        "role",
        "internal",
        "contributions",
        "cost",
        "values",
        "received",
        "net_value",
        "wins",
    ),
    "profile": ("attribute", "matches", "co_creation", "collaboration", "reason"),
    "criteria": ("kind", "name", "requirement", "holds", "evidence", "stakeholders", "assumed"),
}


#: Each table of an initiative: its record fields, and the function giving its records.
_RECORDS: dict[str, tuple[tuple[str, ...], Callable[[Initiative], Sequence[tuple[Any, ...]]]]] = {
    "stakeholders": (STAKEHOLDER_FIELDS, stakeholder_records),
    "contributions": (CONTRIBUTION_FIELDS, contribution_records),
    "values": (VALUE_FIELDS, value_records),
}

#: Columns whose cells may be ``None``, kept as Python objects.
_OPTIONAL_IDS = frozenset({"organization", "target", "provider"})


def _initiative_columns(initiative: Initiative, table: str) -> dict[str, list[Any]]:
    fields, records = _RECORDS[table]
    rows = records(initiative)
    cells = dict(zip(fields, map(list, zip(*rows, strict=True)), strict=True)) if rows else {}
    return {column: cells.get(column, []) for column in _COLUMNS[table]}


def _columns(
    obj: Initiative | Classification | Ledger | Profile, table: str | None
) -> tuple[str, dict[str, list[Any]]]:
    if isinstance(obj, Initiative):
        name = "stakeholders" if table is None else table
        if name not in INITIATIVE_TABLES:
            tables = ", ".join(repr(t) for t in INITIATIVE_TABLES)
            msg = f"table must be one of {tables} or None, got {table!r}"
            raise CocreateError(msg)
        return name, _initiative_columns(obj, name)
    if table is not None:
        msg = (
            f"table is only for an Initiative ({', '.join(INITIATIVE_TABLES)}); "
            f"a {type(obj).__name__} has one table, so leave table=None"
        )
        raise CocreateError(msg)
    if isinstance(obj, Ledger):
        rows = obj.rows()
        name = "ledger"
    elif isinstance(obj, Profile):
        rows = obj.as_rows()
        name = "profile"
    elif isinstance(obj, Classification):
        rows = obj.as_dict()["criteria"]
        for row in rows:
            row["stakeholders"] = tuple(row["stakeholders"])
        name = "criteria"
    else:
        msg = (
            "to_pandas takes an Initiative, Classification, Ledger or Profile, "
            f"got {type(obj).__name__}"
        )
        raise CocreateError(msg)
    return name, {column: [row[column] for row in rows] for column in _COLUMNS[name]}


def to_pandas(
    obj: Initiative | Classification | Ledger | Profile, *, table: str | None = None
) -> pd.DataFrame:
    """Return an initiative or a result as a pandas DataFrame.

    Each row is one item, each column one plain field (str, float, bool,
    ``None`` or a tuple of ids), with a default integer index:

    - a :class:`~cocreate.Ledger`: one row per stakeholder, the columns of
      :meth:`Ledger.rows() <cocreate.Ledger.rows>` (``id``, ``name``,
      ``role``, ``internal``, ``contributions``, ``cost``, ``values``,
      ``received``, ``net_value``, ``wins``);
    - a :class:`~cocreate.Profile`: one row per attribute of the comparison
      table (``attribute``, ``matches``, ``co_creation``, ``collaboration``,
      ``reason``);
    - a :class:`~cocreate.Classification`: one row per criterion checked
      (``kind``, ``name``, ``requirement``, ``holds``, ``evidence``,
      ``stakeholders``, ``assumed``);
    - an :class:`~cocreate.Initiative`: one of three tables, chosen by
      ``table``: ``"stakeholders"`` (the default; ``id``, ``name``, ``role``,
      ``organization``, ``customer_of``), ``"contributions"`` (``source``,
      ``resource``, ``target``, ``cost``, ``description``) or ``"values"``
      (``beneficiary``, ``amount``, ``provider``, ``kind``, ``description``).
      A ``target`` or ``provider`` of ``None`` (kept as ``None``, in a
      column of Python objects) means the initiative itself.

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
    CocreateError
        If ``obj`` is none of these types, or ``table`` is not valid for it.

    Examples
    --------
    >>> from cocreate import ledger
    >>> from cocreate.examples import nike_plus
    >>> frame = to_pandas(ledger(nike_plus()))
    >>> frame[["id", "net_value", "wins"]]
            id  net_value  wins
    0     nike        5.0  True
    1    apple        3.0  True
    2  runners        3.0  True
    >>> to_pandas(nike_plus(), table="contributions").shape
    (5, 5)
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
            column: pd.Series(cells, dtype=object) if column in _OPTIONAL_IDS else cells
            for column, cells in columns.items()
        }
    )
