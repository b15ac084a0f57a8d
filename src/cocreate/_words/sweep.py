"""The words for a :class:`~cocreate.Sweep`: which kind holds for which values of one amount.

Written from the sweep's intervals alone; nothing here compares a net
value with a threshold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cocreate._judgment.sweep import Sweep
from cocreate._model.hooks import explain
from cocreate._model.text import named, number, series, verb
from cocreate._model.types import Contribution

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["span", "subject", "sweep_sentences"]


def subject(result: Sweep) -> str:
    """What is swept, as the subject of "... is more than 2"."""
    names = result.names
    item = result.item
    if item is not None:
        if isinstance(item, Contribution):
            gives = _verb(result, item.source, "gives", "give")
            return f"{_who(names, item.source)} {gives} {item.resource} at a cost of"
        receives = _verb(result, item.beneficiary, "receives", "receive")
        return f"{_who(names, item.beneficiary)} {receives}"
    link = result.link or ""
    if result.payment is not None:
        payer, payee = result.payment
        return f"{_who(names, payer)} {_verb(result, payer, 'pays', 'pay')} {_who(names, payee)}"
    return f"the linked amount {link!r} is"


def _verb(result: Sweep, key: str, one: str, more: str) -> str:
    """The verb for one stakeholder the sweep names, by whether its name reads as many."""
    return verb([key in result.many], one, more)


def _who(names: Mapping[str, str], key: str) -> str:
    """One stakeholder by the sweep's own display name (its id where it has none)."""
    return named([names.get(key, key)])


def span(low: float | None, high: float | None, closed: tuple[bool, bool]) -> str:
    """An interval in words: "more than 2", "from 0 to 8", "exactly 3", "any amount".

    Examples
    --------
    >>> span(2.0, None, (False, False)), span(0.0, 8.0, (True, True))
    ('more than 2', 'from 0 to 8')
    >>> span(8.0, 12.0, (False, False)), span(None, 2.0, (False, True))
    ('more than 8 and less than 12', 'at most 2')
    """
    low_in, high_in = closed
    if low is None and high is None:
        return "any amount"
    if low is None:
        return f"{'at most' if high_in else 'less than'} {number(high or 0.0)}"
    if high is None:
        return f"{'at least' if low_in else 'more than'} {number(low)}"
    if low == high:
        return f"exactly {number(low)}"
    if low_in and high_in:
        return f"from {number(low)} to {number(high)}"
    left = f"{'at least' if low_in else 'more than'} {number(low)}"
    right = f"{'at most' if high_in else 'less than'} {number(high)}"
    return f"{left} and {right}"


def sweep_sentences(result: Sweep) -> tuple[str, ...]:
    """Which kind holds for which values, the estimate's first; then where it changes."""
    what = subject(result)
    spans: dict[str, list[str]] = {}
    order = [result.kind.label]
    for index, ((low, high, kind), closed) in enumerate(
        zip(result.intervals, result.closed, strict=True)
    ):
        floor = index == 0 and low == 0 and closed == (True, False)
        # From the floor of a cost, "less than 8" says it.
        spans.setdefault(kind.label, []).append(span(None if floor else low, high, closed))
        if kind.label not in order:
            order.append(kind.label)
    if len(order) == 1:
        (everything,) = spans[result.kind.label]
        return (
            (
                f"{result.initiative!r} is {result.kind.label} for every value of the amount "
                f"({what} {everything}), every other amount at its estimate."
            ),
        )
    first, *rest = order
    head = f"{first[:1].upper()}{first[1:]} while {what} {series(spans[first], 'or')}"
    others = [f"{label} {series(spans[label], 'or')}" for label in rest]
    said = [f"{head}; {'; '.join(others)}."]
    said.append(
        f"At the estimate ({number(result.estimate)}) it is {result.kind.label}; the verdict "
        f"changes at {series([number(b) for b in result.breakpoints])}."
    )
    return tuple(said)


explain.register(Sweep)(sweep_sentences)
