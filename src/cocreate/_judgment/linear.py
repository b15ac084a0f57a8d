"""Exact feasibility of a few linear inequalities over a box, in rational numbers.

Linked amounts make net values share quantities, so whether a verdict of
the win checks is reachable becomes a small linear feasibility problem:
some quantities, each within a closed range, and inequalities ``a . x < b``
(a win) or ``a . x <= b`` (a loss). :func:`solve` decides it by
Fourier-Motzkin elimination in :class:`fractions.Fraction`, so no rounding
can make it wrong, and returns a point when there is one.

Why not a floating-point solver: the win test is exact (a net value equal
to the threshold does not win), so a solver working to a tolerance would
answer the questions that matter, those at the edge, wrongly. And the
problems are small and sparse: a payment links its payer and its payee, so
most quantities appear in one or two inequalities, and elimination removes
each of those in one step (an inequality with one quantity is a bound; a
quantity in one inequality is replaced by its best end). The callers
state their problems in whole numbers where they can (decimals times one
common denominator), and :func:`_div` keeps them whole where the
coefficients are 1 and -1, so most steps add ints. Measured with
``benchmarks/judgment.py --links``: a firm linked by a price or a royalty to
each of 1,000 stakeholders, robustness in 0.04 s, 16x ``classify`` (see
docs/performance.md). Elimination can grow the system on densely linked
models; :data:`MAX_ROWS` bounds that.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Final, NamedTuple

from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Container, Iterable, Mapping, Sequence

__all__ = ["FAR", "MAX_ROWS", "Bound", "Row", "feasible", "least", "nice", "solve"]

#: The most inequalities elimination may hold at once before it gives up.
MAX_ROWS: Final = 200_000


Number = int | Fraction


class Row(NamedTuple):
    """``sum(coefficient * x[var]) < bound`` if ``strict``, else ``<=``."""

    coefficients: Mapping[int, Number]
    bound: Number
    strict: bool


class Bound(NamedTuple):
    """An interval of one quantity; each end may be open."""

    low: Number
    high: Number
    low_open: bool = False
    high_open: bool = False

    def empty(self) -> bool:
        """Whether no number lies within it."""
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))

    def holds(self, x: Number) -> bool:
        """Whether ``x`` lies within it."""
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def tighten(self, other: Bound) -> Bound:
        """The intersection of two intervals."""
        low, low_open = self.low, self.low_open
        if other.low > low or (other.low == low and other.low_open):
            low, low_open = other.low, other.low_open
        high, high_open = self.high, self.high_open
        if other.high < high or (other.high == high and other.high_open):
            high, high_open = other.high, other.high_open
        return Bound(low, high, low_open, high_open)


FAR: Final = 10**400


def _div(x: Number, a: Number) -> Number:
    """``x / a`` exactly, an int where it is one: the problems here are mostly of ones and ints."""
    if a == 1:
        return x
    if a == -1:
        return -x
    return Fraction(x) / a


def _bound_of(row: Row, var: int) -> Bound:
    """The interval a row with one quantity allows it."""
    a = row.coefficients[var]
    end = _div(row.bound, a)
    if a > 0:
        return Bound(-FAR, end, False, row.strict)
    return Bound(end, FAR, row.strict, False)


def _combine(upper: Row, lower: Row, var: int) -> Row:
    """The row that ``upper`` (positive on ``var``) and ``lower`` (negative) imply without it."""
    a, b = upper.coefficients[var], -lower.coefficients[var]
    out: dict[int, Number] = {}
    for key, value in upper.coefficients.items():
        if key != var:
            out[key] = _div(value, a)
    for key, value in lower.coefficients.items():
        if key != var:
            total = out.get(key, 0) + _div(value, b)
            if total:
                out[key] = total
            else:
                out.pop(key, None)
    return Row(out, _div(upper.bound, a) + _div(lower.bound, b), upper.strict or lower.strict)


def _at(row: Row, var: int, value: Number, *, strict: bool) -> Row:
    """The row with ``var`` replaced by ``value``."""
    a = row.coefficients[var]
    rest = {k: c for k, c in row.coefficients.items() if k != var}
    return Row(rest, row.bound - a * value, row.strict or strict)


class _Elimination(NamedTuple):
    """One quantity eliminated by pairing its upper and lower rows."""

    var: int
    box: Bound
    upper: list[Row]
    lower: list[Row]


class _Substitution(NamedTuple):
    """Quantities that appeared in one row only, each replaced by its easiest end at once."""

    row: Row
    vars: tuple[int, ...]
    boxes: tuple[Bound, ...]


def _rest(row: Row, values: Mapping[int, Number], skip: Container[int]) -> Number:
    total: Number = 0
    for k, c in row.coefficients.items():
        if k not in skip:
            total += c * values[k]
    return total


def _interval(step: _Elimination, values: Mapping[int, Number]) -> Bound:
    """The interval of an eliminated quantity, given every quantity eliminated after it."""
    box = step.box
    var = step.var
    for row in (*step.upper, *step.lower):
        alone = Row({var: row.coefficients[var]}, row.bound - _rest(row, values, {var}), row.strict)
        box = box.tighten(_bound_of(alone, var))
    return box


def _easiest(a: Number, box: Bound) -> Number:
    return box.low if a > 0 else box.high


def _substitute(step: _Substitution, values: dict[int, Number], prefer: Sequence[Number]) -> None:
    """Choose the substituted quantities one by one, the later ones still at their easiest ends."""
    row = step.row
    skip = set(step.vars)
    bound = row.bound - _rest(row, values, skip)
    easiest = [
        row.coefficients[v] * _easiest(row.coefficients[v], b)
        for v, b in zip(step.vars, step.boxes, strict=True)
    ]
    later: Number = sum(easiest, 0)
    for index, (var, box) in enumerate(zip(step.vars, step.boxes, strict=True)):
        later -= easiest[index]
        a = row.coefficients[var]
        alone = Row({var: a}, bound - later, row.strict)
        value = nice(box.tighten(_bound_of(alone, var)), prefer[var])
        values[var] = value
        bound -= a * value


def nice(box: Bound, prefer: Number) -> Number:
    """A point of a non-empty interval: ``prefer`` if it lies within, else a short decimal near it.

    The point is a decimal of as few digits as the interval allows, so that
    the float that holds it is read back as the same decimal (see
    :func:`cocreate._validate.as_written`).

    Examples
    --------
    >>> nice(Bound(Fraction(8), Fraction(12), True, True), Fraction(14))
    Fraction(11, 1)
    """
    if box.holds(prefer):
        return prefer
    near_low = prefer < box.low
    end = box.low if near_low else box.high
    if box.holds(end) and _short(end):
        return end
    width = box.high - box.low
    for digits in range(-20, 40):
        scale = Fraction(10) ** digits
        if width * scale < 1 and box.low != box.high:
            continue
        candidate: Number
        if near_low:
            candidate = Fraction(math.floor(box.low * scale) + 1, 1) / scale
            if box.holds(box.low) and box.low * scale == math.floor(box.low * scale):
                candidate = box.low
        else:
            candidate = Fraction(math.ceil(box.high * scale) - 1, 1) / scale
            if box.holds(box.high) and box.high * scale == math.ceil(box.high * scale):
                candidate = box.high
        if box.holds(candidate) and _short(candidate):
            return candidate
    return Fraction(box.low + box.high) / 2


def _short(value: Number) -> bool:
    """Whether the float nearest ``value`` is read back as ``value``."""
    from cocreate._model.validate import as_written

    as_float = float(value)
    return math.isfinite(as_float) and Fraction(as_written(as_float)) == value


def solve(
    boxes: Sequence[Bound], rows: Iterable[Row], prefer: Sequence[Number]
) -> list[Number] | None:
    """Return a point within ``boxes`` meeting every row, or None if there is none.

    Exact: a point is returned if and only if one exists. Each quantity of
    the point is ``prefer``'s where the rows allow, else a short decimal
    near it.

    Raises
    ------
    CocreateError
        If elimination would hold more than :data:`MAX_ROWS` inequalities.

    Examples
    --------
    >>> one, eight, twelve = Fraction(1), Fraction(8), Fraction(12)
    >>> price = [Bound(Fraction(6), Fraction(14))]
    >>> firm_wins = Row({0: -one}, -eight, True)        # price - 8 > 0
    >>> customers_win = Row({0: one}, twelve, True)      # 12 - price > 0
    >>> solve(price, [firm_wins, customers_win], [Fraction(14)])
    [Fraction(11, 1)]
    >>> solve(price, [firm_wins, Row({0: one}, eight, False)], [Fraction(10)]) is None
    True
    """
    box = list(boxes)
    steps = _eliminate(box, rows, None)
    return None if steps is None else _back(box, steps, prefer)


def feasible(boxes: Sequence[Bound], rows: Iterable[Row]) -> bool:
    """Whether some point within ``boxes`` meets every row: :func:`solve` without the point.

    Examples
    --------
    >>> feasible([Bound(0, 10)], [Row({0: 1}, 0, True)]), feasible([Bound(0, 10)], [])
    (False, True)
    """
    return _eliminate(list(boxes), rows, None) is not None


def least(boxes: Sequence[Bound], rows: Iterable[Row], keep: int) -> Bound | None:
    """Return the interval of quantity ``keep`` over every point meeting the rows; None if none.

    Every other quantity is eliminated; what is left bounds ``keep`` alone.

    Examples
    --------
    >>> k, q = 0, 1  # the scale and a price 10 ± 4k must lie between 8 and 12
    >>> rows = [Row({q: Fraction(1), k: Fraction(-4)}, Fraction(10), False),
    ...         Row({q: Fraction(-1), k: Fraction(-4)}, Fraction(-10), False),
    ...         Row({q: Fraction(1)}, Fraction(8), False)]    # the price at most 8
    >>> least([Bound(Fraction(0), FAR), Bound(-FAR, FAR)], rows, k).low
    Fraction(1, 2)
    """
    box = list(boxes)
    steps = _eliminate(box, rows, keep)
    return None if steps is None else box[keep]


def _eliminate(
    box: list[Bound], rows: Iterable[Row], keep: int | None
) -> list[_Elimination | _Substitution] | None:
    """Eliminate every quantity but ``keep``, tightening ``box``; None if the rows cannot hold."""
    live: list[Row] = []
    for row in rows:
        if not _admit(row, box, live):
            return None
    steps: list[_Elimination | _Substitution] = []
    while live:
        seen: dict[int, int] = {}
        for row in live:
            for var in row.coefficients:
                seen[var] = seen.get(var, 0) + 1
        seen.pop(keep, None)  # type: ignore[arg-type]
        once = {var for var, count in seen.items() if count == 1}
        if once:
            rest, made = _substitute_once(live, once, box, steps)
        else:
            rest, made = _eliminate_one(_pick(seen, live), live, box, steps)
        live = rest
        for row in made:
            if not _admit(row, box, live):
                return None
    return steps


def _substitute_once(
    live: list[Row], once: set[int], box: list[Bound], steps: list[_Elimination | _Substitution]
) -> tuple[list[Row], list[Row]]:
    """Replace each quantity found in one row only by its easiest end: the rows kept, and made."""
    made = []
    rest = []
    for row in live:
        alone = tuple(sorted(v for v in row.coefficients if v in once))
        if not alone:
            rest.append(row)
            continue
        boxes_now = tuple(box[v] for v in alone)
        steps.append(_Substitution(row, alone, boxes_now))
        shift: Number = 0
        strict = row.strict
        for var, here in zip(alone, boxes_now, strict=True):
            a = row.coefficients[var]
            shift += a * _easiest(a, here)
            strict = strict or (here.low_open if a > 0 else here.high_open)
        kept = {k: c for k, c in row.coefficients.items() if k not in once}
        made.append(Row(kept, row.bound - shift, strict))
    return rest, made


def _eliminate_one(
    var: int, live: list[Row], box: list[Bound], steps: list[_Elimination | _Substitution]
) -> tuple[list[Row], list[Row]]:
    """Eliminate one quantity, pairing its upper and lower rows: the rows kept, and made."""
    upper = [r for r in live if r.coefficients.get(var, 0) > 0]
    lower = [r for r in live if r.coefficients.get(var, 0) < 0]
    rest = [r for r in live if var not in r.coefficients]
    steps.append(_Elimination(var, box[var], upper, lower))
    here = box[var]
    made = [_at(r, var, here.low, strict=here.low_open) for r in upper]
    made += [_at(r, var, here.high, strict=here.high_open) for r in lower]
    made += [_combine(u, low, var) for u in upper for low in lower]
    if len(rest) + len(made) > MAX_ROWS:
        msg = (
            "the linked amounts are too densely tied to decide exactly "
            f"(more than {MAX_ROWS} inequalities)"
        )
        raise CocreateError(msg)
    return rest, made


def _back(
    box: Sequence[Bound], steps: Sequence[_Elimination | _Substitution], prefer: Sequence[Number]
) -> list[Number] | None:
    """Choose each quantity, the last eliminated first, within what the earlier choices leave."""
    values: dict[int, Number] = {}
    eliminated = {
        v for step in steps for v in (step.vars if isinstance(step, _Substitution) else (step.var,))
    }
    for var, bound in enumerate(box):
        if var not in eliminated:
            values[var] = nice(bound, prefer[var])
    for step in reversed(steps):
        if isinstance(step, _Substitution):
            _substitute(step, values, prefer)
            continue
        interval = _interval(step, values)
        if interval.empty():  # cannot happen: elimination kept every implied row
            return None
        values[step.var] = nice(interval, prefer[step.var])
    return [values[var] for var in range(len(box))]


def _admit(row: Row, box: list[Bound], live: list[Row]) -> bool:
    """Add a row: a check with no quantity, a bound with one, else a live row; False: infeasible."""
    coefficients = row.coefficients
    if 0 in coefficients.values():  # rarely: most rows are made without zeros
        coefficients = {k: c for k, c in coefficients.items() if c}
    if not coefficients:
        return row.bound > 0 if row.strict else row.bound >= 0
    if len(coefficients) == 1:
        (var,) = coefficients
        clean = (
            row if coefficients is row.coefficients else Row(coefficients, row.bound, row.strict)
        )
        box[var] = box[var].tighten(_bound_of(clean, var))
        return not box[var].empty()
    live.append(
        row if coefficients is row.coefficients else Row(coefficients, row.bound, row.strict)
    )
    return True


def _pick(seen: Mapping[int, int], live: Sequence[Row]) -> int:
    """The quantity whose elimination adds the fewest rows."""
    up: dict[int, int] = dict.fromkeys(seen, 0)
    for row in live:
        for var, c in row.coefficients.items():
            if c > 0:
                up[var] += 1
    return min(seen, key=lambda v: (up[v] * (seen[v] - up[v]) - seen[v], v))
