"""Linked amounts in the judgment: one uncertain quantity that counts for several stakeholders.

Items that share a ``link`` are one quantity (a payment is its payer's cost
and its payee's value, the same number). A stakeholder's net value is then

    rest + sum(coefficient * quantity)

where ``rest`` sums its unlinked items (each independent, so only its ends
matter) and each coefficient counts the linked items it receives minus
those it gives. A quantity whose coefficients are all 0 but one counts for
one stakeholder only and is folded into its ``rest``; the others *couple*
stakeholders: whether they can win together is a linear feasibility
problem over the coupling quantities, which :func:`cocreate._linear.solve`
decides exactly.

Every number here is the rational number of the decimal written
(:func:`cocreate._validate.as_written`), and a stakeholder wins when its sum
exceeds the threshold's: the win test of :func:`cocreate._params.beats`
where it matters, in exact decimal.

:class:`Coupling` answers, for a verdict of the win checks, whether some
valuation gives it (a :class:`Plan`: who wins, who loses), and, when a
witness is asked for, with which quantities; :mod:`cocreate._judgment.ranges`
builds the witness from them.
"""

from __future__ import annotations

import functools
import math
import operator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from cocreate._judgment.linear import Bound, Number, Row, feasible, solve
from cocreate._model.types import Contribution
from cocreate._model.validate import as_written

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from cocreate._model.types import Initiative, Value
    from cocreate._rules.params import Check

__all__ = ["Coupling", "Plan", "exact", "linked_items", "owner"]


@functools.lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """The rational number of the decimal a float was written as (amounts repeat: cached)."""
    return Fraction(as_written(value))


_LINK = operator.attrgetter("link")


def linked_items(initiative: Initiative) -> dict[str, list[Contribution | Value]]:
    """Each link that two or more items share, to its items (contributions first).

    Most initiatives have no link at all: that is found over C functions
    (``map`` and ``list.count``), with no bytecode per item.
    """
    given = list(map(_LINK, initiative.contributions))
    got = list(map(_LINK, initiative.values))
    if given.count(None) == len(given) and got.count(None) == len(got):
        return {}
    found: dict[str, list[Contribution | Value]] = {}
    everything: list[Contribution | Value] = [*initiative.contributions, *initiative.values]
    for item in everything:
        if item.link is not None:
            found.setdefault(item.link, []).append(item)
    return {link: items for link, items in found.items() if len(items) > 1}


def owner(item: Contribution | Value) -> tuple[str, int]:
    """Whose net value an item counts in, and with which sign."""
    source = getattr(item, "source", None)
    if source is not None:
        return source, -1
    return item.beneficiary, 1  # type: ignore[union-attr]


class Plan(NamedTuple):
    """How a verdict of the win checks is reached: who must win and who loses.

    :meth:`Coupling.solve` finds the quantities, when a witness needs them.
    """

    winners: frozenset[str]
    losers: frozenset[str]


class Coupling:
    """The linked stakeholders of an initiative: their forms, their rests, the quantities' ranges.

    ``ends(item, cost)`` gives each item's lowest and highest as rationals
    (its range, the spread's, or a scaled one).
    """

    def __init__(
        self,
        initiative: Initiative,
        threshold: float,
        ends: Callable[[Contribution | Value, bool], tuple[Fraction, Fraction]],
        links: Mapping[str, Sequence[Contribution | Value]] | None = None,
    ) -> None:
        self.initiative = initiative
        self.threshold = exact(threshold)
        self.ends = ends
        links = linked_items(initiative) if links is None else links
        self.links = links
        #: Each link's range: the intersection of its items' (a cost is never below 0).
        self.boxes: dict[str, Bound] = {}
        self.estimates: dict[str, Fraction] = {}
        coefficients: dict[str, dict[str, int]] = {}
        for link, items in links.items():
            low, high = ends(items[0], isinstance(items[0], Contribution))
            for item in items[1:]:
                other_low, other_high = ends(item, isinstance(item, Contribution))
                low, high = max(low, other_low), min(high, other_high)
            self.boxes[link] = Bound(low, high)
            first = items[0]
            self.estimates[link] = exact(
                first.cost if isinstance(first, Contribution) else first.amount
            )
            per: dict[str, int] = {}
            for item in items:
                key, sign = owner(item)
                per[key] = per.get(key, 0) + sign
            coefficients[link] = {k: c for k, c in per.items() if c}
        self.coupling = sorted(link for link, per in coefficients.items() if len(per) > 1)
        #: Each link that counts for one stakeholder only: its owner and coefficient.
        self.folded = {
            link: next(iter(per.items())) for link, per in coefficients.items() if len(per) == 1
        }
        self.index = {link: n for n, link in enumerate(self.coupling)}
        #: The stakeholders with a linked item: their net values are computed here.
        self.members = sorted({owner(item)[0] for items in links.values() for item in items})
        self.forms: dict[str, dict[int, int]] = {key: {} for key in self.members}
        for link in self.coupling:
            for key, c in coefficients[link].items():
                self.forms[key][self.index[link]] = c
        self.coupled = frozenset(key for key, form in self.forms.items() if form)
        self._whole(self._terms())

    def _terms(self) -> dict[str, list[tuple[int, Number, Number, Number]]]:
        """Each member's terms outside the coupling: (sign, low, high, estimate)."""
        linked = {id(item) for items in self.links.values() for item in items}
        terms: dict[str, list[tuple[int, Number, Number, Number]]] = {
            key: [] for key in self.members
        }
        for link, (key, c) in self.folded.items():
            box = self.boxes[link]
            terms[key].append((c, box.low, box.high, self.estimates[link]))
        initiative = self.initiative
        for key in self.members:
            mine = terms[key]
            for given in initiative.contributions_by(key):
                if id(given) not in linked:
                    least, most = self.ends(given, True)
                    mine.append((-1, least, most, exact(given.cost)))
            for got in initiative.values_to(key):
                if id(got) not in linked:
                    least, most = self.ends(got, False)
                    mine.append((1, least, most, exact(got.amount)))
        return terms

    def _whole(self, terms: Mapping[str, list[tuple[int, Number, Number, Number]]]) -> None:
        """State the problem in whole numbers: every number times one common denominator.

        The numbers are decimals and a payment's coefficients are 1 and -1,
        so elimination then adds and subtracts ints, much faster than
        fractions (see :mod:`cocreate._judgment.linear`).
        """
        denominators = {self.threshold.denominator}
        for box in self.boxes.values():
            denominators.update((box.low.denominator, box.high.denominator))
        denominators.update(x.denominator for x in self.estimates.values())
        for mine in terms.values():
            for _, low, high, estimate in mine:
                denominators.update((low.denominator, high.denominator, estimate.denominator))
        scale = math.lcm(*denominators)
        self.scale = scale

        def whole(x: Number) -> int:
            return x.numerator * (scale // x.denominator)

        self._threshold = whole(self.threshold)
        self._box = {link: (whole(box.low), whole(box.high)) for link, box in self.boxes.items()}
        self._estimate = {link: whole(x) for link, x in self.estimates.items()}
        #: Each member's rest: lowest, highest and estimate, in whole units.
        self._rest: dict[str, tuple[int, int, int]] = {}
        for key, mine in terms.items():
            bottom = top = middle = 0
            for sign, least, most, guess in mine:
                if sign > 0:
                    bottom, top = bottom + sign * whole(least), top + sign * whole(most)
                else:
                    bottom, top = bottom + sign * whole(most), top + sign * whole(least)
                middle += sign * whole(guess)
            self._rest[key] = (bottom, top, middle)
        self._boxes = [Bound(*self._box[link]) for link in self.coupling]
        self._prefer: list[Number] = [self._estimate[link] for link in self.coupling]
        self._win: dict[str, Row] = {}
        self._lose: dict[str, Row] = {}
        threshold = self._threshold
        for key in self.coupled:
            form = self.forms[key]
            bottom, top, _ = self._rest[key]
            self._win[key] = Row({v: -c for v, c in form.items()}, top - threshold, True)
            self._lose[key] = Row(dict(form), threshold - bottom, False)

    #: How to make this coupling again in another process: (function, arguments).
    remake: tuple[Any, tuple[Any, ...]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the call that made it: ``ends`` is a function, often a closure."""
        if self.remake is None:
            msg = "this coupling cannot be pickled"
            raise TypeError(msg)
        return self.remake

    # ------------------------------------------------------------------
    # One stakeholder.

    def _range(self, key: str) -> tuple[int, int]:
        low, high, _ = self._rest[key]
        for var, c in self.forms[key].items():
            box_low, box_high = self._box[self.coupling[var]]
            low += c * (box_low if c > 0 else box_high)
            high += c * (box_high if c > 0 else box_low)
        return low, high

    def net_range(self, key: str) -> tuple[Fraction, Fraction]:
        """A member's lowest and highest net value, exactly."""
        low, high = self._range(key)
        return Fraction(low, self.scale), Fraction(high, self.scale)

    def _estimated(self, key: str) -> int:
        net = self._rest[key][2]
        for var, c in self.forms[key].items():
            net += c * self._estimate[self.coupling[var]]
        return net

    def estimate(self, key: str) -> Fraction:
        """A member's net value at the estimates, exactly."""
        return Fraction(self._estimated(key), self.scale)

    def can_win(self, key: str) -> bool:
        """Whether some valuation makes the member win."""
        return self._range(key)[1] > self._threshold

    def can_lose(self, key: str) -> bool:
        """Whether some valuation makes the member lose."""
        return not self._range(key)[0] > self._threshold

    # ------------------------------------------------------------------
    # A verdict of the win checks.

    def _rows(self, winners: Iterable[str], losers: Iterable[str]) -> list[Row]:
        rows = [self._win[key] for key in winners if key in self.coupled]
        rows += [self._lose[key] for key in losers if key in self.coupled]
        return rows

    def feasible(self, winners: Iterable[str], losers: Iterable[str]) -> bool:
        """Whether some quantities make every coupled winner win and every coupled loser lose."""
        return feasible(self._boxes, self._rows(winners, losers))

    def solve(self, winners: Iterable[str], losers: Iterable[str]) -> dict[str, Fraction] | None:
        """Such quantities, each link to its value (the estimate where free), or None."""
        point = solve(self._boxes, self._rows(winners, losers), self._prefer)
        if point is None:
            return None
        scale = self.scale
        return {
            link: Fraction(value) / scale for link, value in zip(self.coupling, point, strict=True)
        }

    def plan(
        self,
        groups: Mapping[Check, Sequence[str]],
        combo: Sequence[tuple[Check, bool]],
        can_win: Mapping[str, bool],
        can_lose: Mapping[str, bool],
        losing: Callable[[str], bool],
    ) -> Plan | None:
        """How to reach a verdict of the win checks, or None if no valuation gives it.

        Every member of a group that wins must win; each group that fails
        needs one member, not needed to win, that loses. Uncoupled members
        are independent: ``can_win``/``can_lose`` settle them, and a
        failing group with an uncoupled member that can lose needs nothing
        more (``losing`` prefers one losing at the estimates). Coupled ones
        are decided together, trying losers in order of how near they are to
        losing; elimination keeps apart what no quantity ties.
        """
        winners = frozenset(m for check, holds in combo if holds for m in groups[check])
        if any(not can_win[m] for m in winners):
            return None
        chosen: list[str] = []
        open_groups: list[list[str]] = []
        for check, holds in combo:
            if holds:
                continue
            free = [m for m in groups[check] if m not in winners]
            plain = [m for m in free if m not in self.coupled and can_lose[m]]
            if plain:
                chosen.append(next((m for m in plain if losing(m)), plain[0]))
                continue
            candidates = [m for m in free if m in self.coupled and can_lose[m]]
            if not candidates:
                return None
            candidates.sort(key=lambda m: (self._estimated(m), m))
            open_groups.append(candidates)
        if not self.feasible(winners, ()):
            return None
        for losers in self._choices(winners, open_groups):
            if self.feasible(winners, losers):
                return Plan(winners, frozenset((*chosen, *losers)))
        return None

    def _choices(
        self, winners: frozenset[str], open_groups: list[list[str]]
    ) -> Iterator[tuple[str, ...]]:
        """Loser choices for the groups left to fail: one member each, nearest to losing first.

        With one group, every candidate in turn. With more, only candidates
        that can lose on their own beside the winners (each checked once,
        when first reached), lazily: the first choices usually do.
        """
        if not open_groups:
            yield ()
            return
        if len(open_groups) == 1:
            yield from ((m,) for group in open_groups for m in group)
            return
        alone: dict[str, bool] = {}

        def fits(member: str) -> bool:
            if member not in alone:
                alone[member] = self.feasible(winners, (member,))
            return alone[member]

        seen: set[frozenset[str]] = set()

        def pick(index: int, taken: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
            # Lazily, so that the first choices, usually enough, cost a few checks.
            if index == len(open_groups):
                key = frozenset(taken)
                if key not in seen:
                    seen.add(key)
                    yield tuple(sorted(key))
                return
            for member in open_groups[index]:
                if fits(member):
                    yield from pick(index + 1, (*taken, member))

        yield from pick(0, ())
