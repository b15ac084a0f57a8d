"""Cells of tables: how a cell becomes a field value, and a field value a cell.

Every tabular reader (:func:`cocreate.read_csv`, :func:`cocreate.read_excel`,
:func:`cocreate.from_pandas`) reads its cells here, and every tabular writer
makes its cells here, so that a cell means the same in a CSV file, a
spreadsheet and a DataFrame:

- an empty cell (``""``, ``None``, ``NaN``, pandas' ``NA`` and ``NaT``) is a
  field not given: the default applies;
- ``customer_of`` and ``requires`` are ids separated by ``;`` (``"acme; bigco"``: spaces
  around an id and empty items are dropped), a list or tuple of ids, a JSON
  array of ids (``["a;b"]``, for ids that hold a ``;``), or the text pandas
  writes for a tuple or list of ids (``('a', 'b')``);
- ``cost``, ``amount``, ``low`` and ``high`` are numbers, or text that is
  a finite decimal number (``"3"``, ``" 2.5 "``, ``"1e3"``); other text
  (``"3 apples"``, ``"nan"``, ``"inf"``) is passed on as it is, so that the
  validator reports it with its usual message;
- ``size`` is a whole number, or text that is one (``"3000"``);
- ``exchange`` is a bool, or the text ``true``/``false`` (also ``yes``/``no``,
  ``1``/``0``, in any case);
- ``assumptions`` is text with one assumption per line;
- numpy scalars become Python values; anything else is passed on as it is.

JSON and TOML documents do not come through here: their values have types,
and a string where a number belongs is refused.

Examples
--------
>>> read_cell("customer_of", "acme; bigco")
['acme', 'bigco']
>>> read_cell("cost", " 2.5 "), read_cell("cost", "3 apples"), read_cell("cost", "")
(2.5, '3 apples', None)
>>> write_text("customer_of", ("a;b", "c")), write_text("cost", 0.1), write_text("low", None)
('["a;b", "c"]', '0.1', '')
"""

from __future__ import annotations

import ast
import json
import math
import re
import sys
from typing import TYPE_CHECKING, Final

from cocreate._model.fields import kinds
from cocreate._model.types import Contribution, Initiative, Stakeholder, Value

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "COUNT_FIELDS",
    "FLAG_FIELDS",
    "IDS_FIELDS",
    "LINES_FIELDS",
    "NUMBER_FIELDS",
    "read_cell",
    "read_row",
    "write_cell",
    "write_text",
]


def _cells(cell: str) -> frozenset[str]:
    """The fields, of any model class, whose kind reads a cell this way."""
    found: dict[str, set[str]] = {}
    for cls in (Initiative, Stakeholder, Contribution, Value):
        for name, kind in kinds(cls):
            found.setdefault(name, set()).add(kind.cell)
    # A cell is read by its column's name, so a name means one way of reading it.
    clashes = sorted(name for name, ways in found.items() if len(ways) > 1)
    if clashes:
        msg = f"fields of one name read their cells in different ways: {clashes}"
        raise TypeError(msg)
    return frozenset(name for name, ways in found.items() if cell in ways)


#: The fields that hold a number.
NUMBER_FIELDS: Final = _cells("number")
#: The fields that hold a set of stakeholder ids.
IDS_FIELDS: Final = _cells("ids")
#: The fields that hold a whole number.
COUNT_FIELDS: Final = _cells("count")
#: The fields that hold lines of text, one per line of the cell.
LINES_FIELDS: Final = _cells("lines")
#: The fields that hold true or false.
FLAG_FIELDS: Final = _cells("flag")

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})

#: A finite or infinite decimal number, in ASCII digits (no ``_``, no ``nan``).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: An escape that ``repr`` writes in a str.
_ESCAPE = r"""\\(?:[\\'"nrt]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})"""
#: A Python string literal without a prefix, as ``repr`` writes it.
_QUOTED = rf"""(?:'(?:[^'\\\n]|{_ESCAPE})*'|"(?:[^"\\\n]|{_ESCAPE})*")"""
#: A flat tuple or list of string literals: what pandas writes for a tuple of ids.
_SEQUENCE = re.compile(rf"[(\[]\s*(?:{_QUOTED}\s*,\s*)*(?:{_QUOTED}\s*)?[)\]]")


def read_cell(field: str, cell: object) -> object:  # noqa: PLR0911 - one return per kind of cell
    """Return the value a table's cell gives a field; ``None`` for an empty cell.

    Examples
    --------
    >>> read_cell("customer_of", '["a;b"]'), read_cell("customer_of", "('lego',)")
    (['a;b'], ['lego'])
    >>> read_cell("amount", "1e3"), read_cell("amount", "nan"), read_cell("role", "firm")
    (1000.0, 'nan', 'firm')
    """
    if type(cell).__module__ == "numpy":
        cell = cell.tolist()  # type: ignore[attr-defined]
    if _is_empty(cell):
        return None
    if isinstance(cell, str):
        if field in NUMBER_FIELDS:
            return _number(cell)
        if field in IDS_FIELDS:
            return _ids(cell)
        if field in LINES_FIELDS:
            return [line for line in cell.splitlines() if line.strip()]
        if field in COUNT_FIELDS and cell.strip().isdecimal() and cell.strip().isascii():
            return int(cell.strip())
        if field in FLAG_FIELDS:
            word = cell.strip().lower()
            return True if word in _TRUE else False if word in _FALSE else cell
    elif field in COUNT_FIELDS and isinstance(cell, float) and cell.is_integer():
        return int(cell)  # a spreadsheet's or a DataFrame's whole number
    elif field in FLAG_FIELDS and type(cell) is int and cell in {0, 1}:
        return bool(cell)
    return cell


def read_row(columns: Sequence[str], cells: Iterable[object]) -> dict[str, object]:
    """Return a row's fields by column name, leaving out the empty cells.

    Cells beyond the last column are not read.

    Examples
    --------
    >>> read_row(("source", "resource", "target", "cost"), ["bob", "ideas", "", "3"])
    {'source': 'bob', 'resource': 'ideas', 'cost': 3.0}
    """
    record: dict[str, object] = {}
    for column, cell in zip(columns, cells, strict=False):
        value = read_cell(column, cell)
        if value is not None:
            record[column] = value
    return record


def write_cell(field: str, value: object) -> object:
    """Return a field value as a cell of a typed table (a spreadsheet, a DataFrame).

    ``customer_of`` becomes text that :func:`read_cell` reads back; every
    other value (numbers, text, ``None`` for an empty cell) is the cell.

    Examples
    --------
    >>> write_cell("customer_of", ("nike", "apple")), write_cell("cost", 2.0)
    ('apple;nike', 2.0)
    """
    if field in IDS_FIELDS and value is not None:
        return _ids_text(value)  # type: ignore[arg-type]
    if field in LINES_FIELDS and value is not None:
        return "\n".join(value) or None  # type: ignore[arg-type]
    return value


def write_text(field: str, value: object) -> str:
    """Return a field value as the text of a cell (a CSV file): what :func:`read_cell` reads back.

    Numbers are written exactly (``repr``), ``None`` as the empty cell,
    ``customer_of`` as ids separated by ``;``, or as a JSON array where an
    id would not read back so (it holds a ``;``, starts or ends with a
    space, or starts with ``[``).

    Examples
    --------
    >>> write_text("customer_of", ["nike", "apple"]), write_text("customer_of", [" x"])
    ('apple;nike', '[" x"]')
    >>> write_text("amount", 0.30000000000000004), write_text("target", None)
    ('0.30000000000000004', '')
    """
    if value is None:
        return ""
    if field in IDS_FIELDS:
        return _ids_text(value)  # type: ignore[arg-type]
    if field in LINES_FIELDS:
        return "\n".join(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# --------------------------------------------------------------------------
# The parts.


def _is_empty(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell
    if isinstance(cell, float):
        return math.isnan(cell)
    # pandas' missing values exist only where pandas was imported.
    pandas = sys.modules.get("pandas")
    return pandas is not None and (cell is pandas.NA or cell is pandas.NaT)


def _number(text: str) -> object:
    stripped = text.strip()
    if _DECIMAL.fullmatch(stripped):
        number = float(stripped)
        if math.isfinite(number):
            return number
    return text


def _ids(text: str) -> object:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            return json.loads(stripped)
        except (ValueError, RecursionError):
            pass
    if _SEQUENCE.fullmatch(stripped) and stripped[0] + stripped[-1] in {"()", "[]"}:
        return _python_ids(stripped, text)
    if stripped.startswith("["):
        return text  # not a list of ids: the validator says what it must be
    return [item.strip() for item in text.split(";") if item.strip()]


def _python_ids(literal: str, text: str) -> object:
    """Read a flat tuple or list of string literals; ``text`` if it is not one after all."""
    try:
        # Only string literals with the escapes repr writes, as checked by
        # the caller: nothing here can nest, run or warn.
        ids = ast.literal_eval(literal)
    except (ValueError, SyntaxError):  # an escape past U+10FFFF, say
        return text
    return [ids] if isinstance(ids, str) else list(ids)


def _ids_text(ids: Iterable[str]) -> str:
    ordered = sorted(ids)
    text = ";".join(ordered)
    if not ordered or _ids(text) == ordered:
        return text
    return json.dumps(ordered, ensure_ascii=False)
