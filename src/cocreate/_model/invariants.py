"""The rules between the fields of one item, stated once, in a row form and a column form.

A field's kind says what the field alone accepts; the rules here say what
fields of one item must agree on: a contribution goes to someone other than
its source, a range holds its estimate, only a gain may require others, and
an empty name is the id. Each rule has two forms:

- the *row* form checks one object (the constructors run it in
  ``__attrs_post_init__``, after the field kinds) and returns its faults;
- the *column* form checks the same fields of many items at once, as
  columns by field name (the fast path of :mod:`cocreate._model.records`
  runs it on each chunk), and says only whether every row passes: where one
  does not, the careful path builds the rows with the constructors, which
  say what is wrong.

``tests/test_invariants.py`` checks that the two forms agree on any rows.
The rules between items (unique ids, known references, linked items that
agree, groups) are in :mod:`cocreate._model.references`, which both paths
call as they are.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._model.validate import describe, in_range
from cocreate.exceptions import Fault

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["RULES", "Rule", "columns_pass", "label", "row_faults", "rules_for"]

#: Columns by field name, every value already made canonical by its field's kind;
#: where a rule runs ``before`` the kinds, as given, and ``None`` for a field no
#: row gives.
Columns = dict[str, Any]


@attrs.frozen
class Rule:
    """One rule between the fields of an item of one class."""

    #: The class it applies to, by name.
    cls: str
    #: What it says, in a line.
    says: str
    #: The fields it reads.
    reads: tuple[str, ...]
    #: The row form: the faults of one object (it may make the object canonical).
    row: Callable[[Any], list[Fault]]
    #: The column form: whether every row passes (it may make the columns canonical).
    column: Callable[[Columns], bool]
    #: Whether it runs before the field kinds (it fills a field in) rather than after.
    before: bool = False


def label(value: object) -> str:
    """A short label for what failed: the id if it is one, else its description."""
    return repr(value) if type(value) is str and len(value) <= 40 else describe(value)


# -- an empty name means the id ----------------------------------------------


def _name_row(item: Any) -> list[Fault]:
    if item.name is None or item.name == "":
        # A bad id is reported once, as the id.
        object.__setattr__(item, "name", item.id if isinstance(item.id, str) else "")
    return []


def _name_column(columns: Columns) -> bool:
    ids, labels = columns["id"], columns["name"]
    if ids is None:
        return False  # no row gives an id: the constructors say so
    if labels is None or labels.count(None) == len(labels):
        # No row names itself (``None``: no row gives the field): the names
        # are the ids. The common case in a document, which leaves out a
        # name equal to its id; taken only where every id is a str.
        if set(map(type, ids)) <= {str}:
            columns["name"] = ids
            return True
        labels = [None] * len(ids)
    columns["name"] = [
        (key if isinstance(key, str) else "") if label is None or label == "" else label
        for label, key in zip(labels, ids, strict=True)
    ]
    return True


# -- no contribution to its own source ----------------------------------------


def _self_row(item: Any) -> list[Fault]:
    if item.target is not None and item.target == item.source:
        msg = (
            f"{label(item.source)} cannot contribute to itself; give another "
            "stakeholder, or None for the initiative"
        )
        return [Fault("target", msg)]
    return []


def _self_column(columns: Columns) -> bool:
    return not any(map(operator.eq, columns["source"], columns["target"]))


# -- a range holds its estimate -----------------------------------------------


def range_faults(item: Any, estimate: str) -> list[Fault]:
    """Return the fault of a range that does not hold its estimate, if any."""
    low, value, high = item.low, getattr(item, estimate), item.high
    if low is None and high is None:
        return []
    if not isinstance(value, float) or not all(
        bound is None or isinstance(bound, float) for bound in (low, high)
    ):
        return []  # a wrong type is reported where it is
    if in_range(low, value, high):
        return []
    return [
        Fault(
            "low" if low is not None and low > value else "high",
            f"the range must hold the {estimate}: low <= {estimate} <= high, "
            f"got low={low!r}, {estimate}={value!r}, high={high!r}",
        )
    ]


def _range_column(estimate: str) -> Callable[[Columns], bool]:
    def holds(columns: Columns) -> bool:
        lows, highs = columns["low"], columns["high"]
        if lows.count(None) == len(lows) and highs.count(None) == len(highs):
            return True  # no ranges: the common case, counted in C
        return all(map(in_range, lows, columns[estimate], highs))

    return holds


# -- only a gain requires others ----------------------------------------------


def requires_faults(requires: object, amount: object, low: object) -> list[Fault]:
    """A value that requires others must be a gain: neither its amount nor its low negative."""
    if not requires or not isinstance(requires, frozenset):
        return []
    negative = [
        (name, bound)
        for name, bound in (("amount", amount), ("low", low))
        if isinstance(bound, float) and bound < 0
    ]
    if not negative:
        return []
    name, bound = negative[0]
    return [
        Fault(
            "requires",
            f"only a gain can require others, but the {name} is {bound!r}; a loss is "
            "borne by its beneficiary alone: leave requires empty",
        )
    ]


def _gain_column(columns: Columns) -> bool:
    amounts, lows, requires = columns["amount"], columns["low"], columns["requires"]
    if not any(requires):
        return True  # no value requires anyone: the common case, tested in C
    return not any(
        amounts[index] < 0 or (lows[index] is not None and lows[index] < 0)
        for index, ids in enumerate(requires)
        if ids
    )


#: Every rule between the fields of one item, for every way in.
RULES: tuple[Rule, ...] = (
    Rule(
        "Stakeholder",
        "an empty name (None or '') means the id",
        ("id", "name"),
        _name_row,
        _name_column,
        before=True,
    ),
    Rule(
        "Contribution",
        "a contribution goes to another stakeholder or to the initiative, never to its source",
        ("source", "target"),
        _self_row,
        _self_column,
    ),
    Rule(
        "Contribution",
        "the range holds the cost: low <= cost <= high",
        ("cost", "low", "high"),
        lambda item: range_faults(item, "cost"),
        _range_column("cost"),
    ),
    Rule(
        "Value",
        "the range holds the amount: low <= amount <= high",
        ("amount", "low", "high"),
        lambda item: range_faults(item, "amount"),
        _range_column("amount"),
    ),
    Rule(
        "Value",
        "only a gain can require others: neither amount nor low negative where requires is given",
        ("requires", "amount", "low"),
        lambda item: requires_faults(item.requires, item.amount, item.low),
        _gain_column,
    ),
)


def rules_for(cls: str, *, before: bool) -> tuple[Rule, ...]:
    """The rules of one class that run before (or after) the field kinds."""
    return _BY_CLASS.get((cls, before), ())


_BY_CLASS: dict[tuple[str, bool], tuple[Rule, ...]] = {}
for _rule in RULES:
    _BY_CLASS[_rule.cls, _rule.before] = (*_BY_CLASS.get((_rule.cls, _rule.before), ()), _rule)


def row_faults(item: object, *, before: bool = False) -> list[Fault]:
    """Run the row form of every rule of the item's class; return the faults found."""
    faults: list[Fault] = []
    for rule in rules_for(type(item).__name__, before=before):
        faults.extend(rule.row(item))
    return faults


def columns_pass(cls: str, columns: Mapping[str, list[Any]], *, before: bool = False) -> bool:
    """Run the column form of every rule of ``cls``: whether every row passes them all."""
    work: Any = columns
    return all(rule.column(work) for rule in rules_for(cls, before=before))
