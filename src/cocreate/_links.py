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
valuation gives it, and with which quantities; :mod:`cocreate._judgment`
builds witnesses from that plan.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from cocreate._linear import Bound, Row, solve
from cocreate._model import Contribution
from cocreate._validate import as_written

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from cocreate._model import Initiative, Value
    from cocreate._params import Check

__all__ = ["Coupling", "Plan", "exact", "linked_items", "owner"]

#: How an item's lowest and highest are found: (item, is a cost) -> (low, high).
_ZERO = Fraction(0)


def exact(value: float) -> Fraction:
    """The rational number of the decimal a float was written as."""
    return Fraction(as_written(value))


def linked_items(initiative: Initiative) -> dict[str, list[Contribution | Value]]:
    """Each link that two or more items share, to its items (contributions first)."""
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
    """How a verdict of the win checks is reached: who must win, who loses, the quantities."""

    winners: frozenset[str]
    losers: frozenset[str]
    #: Each coupling quantity's link to its value.
    values: Mapping[str, Fraction]


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
            low, high = ends(items[0], hasattr(items[0], "source"))
            for item in items[1:]:
                other_low, other_high = ends(item, hasattr(item, "source"))
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
        rest = {key: [_ZERO, _ZERO, _ZERO] for key in self.members}
        for link, per in coefficients.items():
            box, estimate = self.boxes[link], self.estimates[link]
            for key, c in per.items():
                if link in self.index:
                    self.forms[key][self.index[link]] = c
                else:
                    low, high = (box.low, box.high) if c > 0 else (box.high, box.low)
                    rest[key][0] += c * low
                    rest[key][1] += c * high
                    rest[key][2] += c * estimate
        linked = {id(item) for items in links.values() for item in items}
        for key in self.members:
            total = rest[key]
            for given in initiative.contributions_by(key):
                if id(given) not in linked:
                    least, most = ends(given, True)
                    total[0] -= most
                    total[1] -= least
                    total[2] -= exact(given.cost)
            for got in initiative.values_to(key):
                if id(got) not in linked:
                    least, most = ends(got, False)
                    total[0] += least
                    total[1] += most
                    total[2] += exact(got.amount)
        self.rest = {key: (t[0], t[1], t[2]) for key, t in rest.items()}
        self.coupled = frozenset(key for key, form in self.forms.items() if form)
        self.component = self._components()

    def _components(self) -> dict[str, int]:
        """Each coupled stakeholder's component: those that share quantities, however indirectly."""
        parent = list(range(len(self.coupling)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for form in self.forms.values():
            first, *others = form or (None,)
            for other in others:
                parent[find(other)] = find(first)  # type: ignore[arg-type]
        return {key: find(next(iter(form))) for key, form in self.forms.items() if form}

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

    def net_range(self, key: str) -> tuple[Fraction, Fraction]:
        """A member's lowest and highest net value, exactly."""
        low, high, _ = self.rest[key]
        for var, c in self.forms[key].items():
            box = self.boxes[self.coupling[var]]
            low += c * (box.low if c > 0 else box.high)
            high += c * (box.high if c > 0 else box.low)
        return low, high

    def estimate(self, key: str) -> Fraction:
        """A member's net value at the estimates, exactly."""
        net = self.rest[key][2]
        for var, c in self.forms[key].items():
            net += c * self.estimates[self.coupling[var]]
        return net

    def can_win(self, key: str) -> bool:
        """Whether some valuation makes the member win."""
        return self.net_range(key)[1] > self.threshold

    def can_lose(self, key: str) -> bool:
        """Whether some valuation makes the member lose."""
        return not self.net_range(key)[0] > self.threshold

    def _win_row(self, key: str, local: Mapping[int, int]) -> Row:
        form = self.forms[key]
        bound = self.rest[key][1] - self.threshold
        return Row({local[v]: Fraction(-c) for v, c in form.items()}, bound, True)

    def _lose_row(self, key: str, local: Mapping[int, int]) -> Row:
        form = self.forms[key]
        bound = self.threshold - self.rest[key][0]
        return Row({local[v]: Fraction(c) for v, c in form.items()}, bound, False)

    # ------------------------------------------------------------------
    # A verdict of the win checks.

    def solve(self, winners: Iterable[str], losers: Iterable[str]) -> dict[str, Fraction] | None:
        """Quantities that make every coupled winner win and every coupled loser lose, or None."""
        by_component: dict[int, tuple[list[str], list[str]]] = {}
        for key in winners:
            if key in self.coupled:
                by_component.setdefault(self.component[key], ([], []))[0].append(key)
        for key in losers:
            if key in self.coupled:
                by_component.setdefault(self.component[key], ([], []))[1].append(key)
        values: dict[str, Fraction] = {}
        for win, lose in by_component.values():
            found = self._solve_component(win, lose)
            if found is None:
                return None
            values.update(found)
        return values

    def _solve_component(self, win: list[str], lose: list[str]) -> dict[str, Fraction] | None:
        used = sorted({v for key in (*win, *lose) for v in self.forms[key]})
        local = {v: n for n, v in enumerate(used)}
        rows = [self._win_row(key, local) for key in win]
        rows += [self._lose_row(key, local) for key in lose]
        links = [self.coupling[v] for v in used]
        point = solve(
            [self.boxes[link] for link in links], rows, [self.estimates[link] for link in links]
        )
        if point is None:
            return None
        return dict(zip(links, point, strict=True))

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
        are decided together, per component, trying losers in order of how
        near they are to losing.
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
            candidates.sort(key=lambda m: (self.estimate(m) - self.threshold, m))
            open_groups.append(candidates)
        if self.solve(winners, ()) is None:
            return None
        for losers in self._choices(winners, open_groups):
            values = self.solve(winners, losers)
            if values is not None:
                return Plan(winners, frozenset((*chosen, *losers)), values)
        return None

    def _choices(
        self, winners: frozenset[str], open_groups: list[list[str]]
    ) -> Iterator[tuple[str, ...]]:
        """Loser choices for the groups left to fail: one member each, nearest to losing first.

        With one group, every candidate in turn. With more, only candidates
        that can lose on their own beside the winners (found once each), and
        first the choices that lie in different components, which need no
        joint check.
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
                alone[member] = self.solve(winners, (member,)) is not None
            return alone[member]

        seen: set[frozenset[str]] = set()
        for choice in itertools.product(*([m for m in group if fits(m)] for group in open_groups)):
            key = frozenset(choice)
            if key not in seen:
                seen.add(key)
                yield tuple(sorted(key))
