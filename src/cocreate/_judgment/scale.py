"""The range scale: how far the user's own ranges may stretch with the verdict still certain.

Stretching every stated range by a factor ``k`` about its estimate gives an
item with estimate ``e`` and range ``[low, high]`` the range
``[e - k (e - low), e + k (high - e)]`` (a cost never below 0); items
without a range stay at their estimates. The scale is the least ``k`` at
which a verdict of the win checks of another kind becomes reachable: the
supremum of the factors under which the verdict is certain.

Each end of a net value is linear in ``k`` and in the linked quantities,
except where a cost stops at 0, which one more variable bounded below by 0
and by ``e - k (e - low)`` states exactly. So for each verdict of another
kind the least ``k`` is the lower end of ``k``'s interval once every other
variable is eliminated (:func:`cocreate._linear.least`), in rational
numbers. Stakeholders without links depend on ``k`` alone: each gives its
own least ``k``, and a group needs its largest (to win) or one member's
smallest (to fail).
"""

from __future__ import annotations

import itertools
import math
import operator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from cocreate._judgment.linear import FAR, Bound, Number, Row, least
from cocreate._judgment.links import Coupling, exact, linked_items, owner
from cocreate._rules.facts import Facts
from cocreate._rules.params import WIN_CHECKS, Rules, decide

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from cocreate._model.types import Contribution, Initiative, Value
    from cocreate._rules.params import Check

__all__ = ["EXACT_LIMIT", "Scale", "has_stated_ranges", "range_scale", "stretched", "too_linked"]

#: Up to this many stakeholders tied by links, the range scale is found by
#: elimination with the scale as a variable; beyond, by searching the
#: floats with the exact judgment (see :func:`too_linked`).
EXACT_LIMIT = 12

_K = 0
_ZERO = Fraction(0)


class Scale(NamedTuple):
    """The range scale and the stakeholders whose verdict changes there."""

    #: The supremum of the factors under which the verdict is certain (``inf``: any factor).
    scale: float
    #: The stakeholders that change at that factor, by id.
    first: tuple[str, ...]


def too_linked(initiative: Initiative) -> bool:
    """Whether so many stakeholders are tied by links that the scale is best searched for.

    Elimination with the scale as one more variable pairs every quantity's
    two bounds with every row it is in, and a group that may fail has as
    many loser choices as members: measured at 200 stakeholders all linked
    to one firm, minutes. :func:`cocreate._judgment.explain_stability`
    then searches the floats instead, each step one exact judgment of the
    stretched ranges, so the scale is found to the float.
    """
    links = linked_items(initiative)
    if not links:
        return False
    tied = {owner(item)[0] for items in links.values() for item in items}
    return len(tied) > EXACT_LIMIT


def stretched(initiative: Initiative, k: float) -> Initiative:
    """The initiative with every stated range stretched by ``k`` about its estimate.

    A cost's range, and a range linked to a cost's, stops at 0.

    Examples
    --------
    >>> from cocreate import Initiative, Stakeholder, Value
    >>> gain = Value("f", 4, low=2, high=5)
    >>> one = Initiative("x", "f", [Stakeholder("f", "firm")], values=[gain])
    >>> got = stretched(one, 2.0).values[0]
    >>> got.low, got.high
    (0.0, 6.0)
    """
    floors = {c.link for c in initiative.contributions if c.link is not None}

    def one(item: Any, *, cost: bool) -> Any:
        if item.low is None and item.high is None:
            return item
        estimate = item.cost if cost else item.amount
        low = estimate - k * (estimate - (estimate if item.low is None else item.low))
        high = estimate + k * ((estimate if item.high is None else item.high) - estimate)
        if cost or item.link in floors:
            low = max(0.0, low)
        return attrs.evolve(item, low=min(low, estimate), high=max(high, estimate))

    return initiative.evolve(
        contributions=[one(c, cost=True) for c in initiative.contributions],
        values=[one(v, cost=False) for v in initiative.values],
    )


def has_stated_ranges(initiative: Initiative) -> bool:
    """Whether any amount or cost has a range of its own, found with no bytecode per item."""
    for items in (initiative.contributions, initiative.values):
        size = len(items)
        for bound in ("low", "high"):
            if list(map(operator.attrgetter(bound), items)).count(None) != size:
                return True
    return False


def _spec(item: Contribution | Value, *, cost: bool) -> tuple[Fraction, Fraction, Fraction]:
    """An item's estimate and how far below and above it its stated range reaches."""
    estimate = exact(item.cost if cost else item.amount)  # type: ignore[union-attr]
    low = estimate if item.low is None else exact(item.low)
    high = estimate if item.high is None else exact(item.high)
    return estimate, estimate - low, high - estimate


def _no_ends(item: Contribution | Value, cost: bool) -> tuple[Fraction, Fraction]:  # noqa: ARG001
    """The coupling's ranges are not read here: each row states its own, in ``k``."""
    return _ZERO, _ZERO


class _Forms:
    """Each stakeholder's net value at scale ``k``: rows over k, the links and a few helpers."""

    def __init__(self, initiative: Initiative, threshold: float) -> None:
        self.initiative = initiative
        self.threshold = exact(threshold)
        links = linked_items(initiative)
        self.coupling = Coupling(initiative, threshold, _no_ends, links)
        self.links = links
        self.specs: dict[str, tuple[Fraction, Fraction, Fraction, bool]] = {}
        for link, items in links.items():
            estimate, below, above = _spec(items[0], cost=hasattr(items[0], "source"))
            floor = any(hasattr(item, "source") for item in items)
            self.specs[link] = (estimate, below, above, floor)
        #: Variable 0 is k; then the coupling quantities.
        self.boxes = [Bound(_ZERO, FAR)]
        self.base: list[Row] = []
        self.var = {}
        for link in self.coupling.coupling:
            estimate, below, above, floor = self.specs[link]
            var = len(self.boxes)
            self.var[link] = var
            self.boxes.append(Bound(_ZERO if floor else -FAR, FAR))
            one = Fraction(1)
            # q >= e - k below;  q <= e + k above
            self.base.append(Row({var: -one, _K: -below}, -estimate, False))
            self.base.append(Row({var: one, _K: -above}, estimate, False))

    def terms(self, key: str) -> Iterable[tuple[int, Fraction, Fraction, Fraction, bool]]:
        """A stakeholder's uncertain terms: (sign or coefficient, estimate, below, above, floor)."""
        links = self.links
        for c in self.initiative.contributions_by(key):
            if c.link not in links and (c.low is not None or c.high is not None):
                yield (-1, *_spec(c, cost=True), True)
        for v in self.initiative.values_to(key):
            if v.link not in links and (v.low is not None or v.high is not None):
                yield (1, *_spec(v, cost=False), False)
        for link, (holder, sign) in self.coupling.folded.items():
            if holder == key:
                yield (sign, *self.specs[link])

    def rows(self, key: str, *, win: bool, boxes: list[Bound]) -> list[Row]:
        """The rows that make ``key`` win (or lose) at some scale; new variables go on ``boxes``."""
        const = Fraction(self.initiative.exact_net(key))
        coefficients: dict[int, Fraction] = {}
        extra: list[Row] = []

        def add(var: int, value: Fraction) -> None:
            coefficients[var] = coefficients.get(var, _ZERO) + value

        for c, estimate, below, above, floor in self.terms(key):
            if (c > 0) == win:  # the high end: e + k above
                add(_K, c * above)
            elif floor and below > 0:  # the low end of a cost: max(0, e - k below)
                aux = len(boxes)
                boxes.append(Bound(_ZERO, FAR))
                extra.append(Row({aux: Fraction(-1), _K: -below}, -estimate, False))
                const -= c * estimate
                add(aux, Fraction(c))
            else:
                add(_K, -c * below)
        for var, c in self.coupling.forms.get(key, {}).items():
            link = self.coupling.coupling[var]
            const -= c * self.specs[link][0]
            add(self.var[link], Fraction(c))
        if win:
            row = Row({v: -a for v, a in coefficients.items()}, const - self.threshold, True)
        else:
            row = Row(dict(coefficients), self.threshold - const, False)
        return [row, *extra]

    def least_alone(self, key: str, *, win: bool) -> Number | None:
        """The least scale at which a stakeholder without links can win (or lose); None: never."""
        boxes = [self.boxes[_K]]
        found = least(boxes, self.rows(key, win=win, boxes=boxes), _K)
        return None if found is None else found.low

    def least_together(
        self, winners: Sequence[str], losers: Sequence[str], floor: Number
    ) -> Number | None:
        """The least scale (at least ``floor``) at which the linked ones win and lose together."""
        boxes = list(self.boxes)
        rows = list(self.base)
        for key in winners:
            rows.extend(self.rows(key, win=True, boxes=boxes))
        for key in losers:
            rows.extend(self.rows(key, win=False, boxes=boxes))
        rows.append(Row({_K: Fraction(-1)}, -floor, False))
        found = least(boxes, rows, _K)
        return None if found is None else found.low


def range_scale(initiative: Initiative, rules: Rules) -> Scale | None:
    """The range scale of a judged initiative and who changes there; None without stated ranges."""
    if not has_stated_ranges(initiative):
        return None
    facts = Facts(initiative, rules)
    structure = facts.structure()
    groups = facts.groups()
    kind = decide(facts.holds())
    forms = _Forms(initiative, rules.win_threshold)
    coupled = forms.coupling.coupled
    alone: dict[tuple[str, bool], Number | None] = {}

    def alone_at(key: str, *, win: bool) -> Number | None:
        if (key, win) not in alone:
            alone[(key, win)] = forms.least_alone(key, win=win)
        return alone[(key, win)]

    best: tuple[Number, tuple[str, ...]] | None = None
    for combo in itertools.product((True, False), repeat=len(WIN_CHECKS)):
        if decide({**structure, **dict(zip(WIN_CHECKS, combo, strict=True))}) is kind:
            continue
        found = _least_for(combo, groups, forms, coupled, alone_at)
        if found is None:
            continue
        if best is None or found[0] < best[0]:
            best = found
        elif found[0] == best[0]:
            best = (best[0], tuple(sorted({*best[1], *found[1]})))
    if best is None:
        return Scale(math.inf, ())
    value = float(best[0]) if best[0] < FAR else math.inf
    return Scale(value, best[1])


def _loser_options(
    combo: Sequence[bool],
    groups: Mapping[Check, Sequence[str]],
    winners: Sequence[str],
    coupled: frozenset[str],
    alone_at: Callable[..., Number | None],
) -> list[list[tuple[str, Number | None]]] | None:
    """For each group that fails, who may lose: the earliest without links, then each linked one.

    With a scale for one without links, ``None`` for a linked one (decided
    with the links); None if some group has no one who can lose.
    """
    options = []
    for check, holds in zip(WIN_CHECKS, combo, strict=True):
        if holds:
            continue
        free = [m for m in groups[check] if m not in winners]
        plain = [(m, alone_at(m, win=False)) for m in free if m not in coupled]
        reachable = [(m, k) for m, k in plain if k is not None]
        choices: list[tuple[str, Number | None]] = []
        if reachable:
            choices.append(min(reachable, key=lambda pair: (pair[1], pair[0])))
        choices.extend((m, None) for m in free if m in coupled)
        if not choices:
            return None
        options.append(choices)
    return options


def _least_for(
    combo: Sequence[bool],
    groups: Mapping[Check, Sequence[str]],
    forms: _Forms,
    coupled: frozenset[str],
    alone_at: Callable[..., Number | None],
) -> tuple[Number, tuple[str, ...]] | None:
    """The least scale giving one verdict of the win checks, and who changes there; None: never.

    Who changes: the members without links whose own least scale is the
    result, and the linked ones the verdict needs to change side.
    """
    threshold = forms.threshold
    winners = sorted(
        {m for check, holds in zip(WIN_CHECKS, combo, strict=True) if holds for m in groups[check]}
    )
    own: dict[str, Number] = {}
    for key in winners:
        if key not in coupled:
            k = alone_at(key, win=True)
            if k is None:
                return None
            own[key] = k
    floor = max(own.values(), default=_ZERO)
    options = _loser_options(combo, groups, winners, coupled, alone_at)
    if options is None:
        return None
    linked_winners = [m for m in winners if m in coupled]
    best: tuple[Number, tuple[tuple[str, Number | None], ...]] | None = None
    for choice in itertools.product(*options):
        low = max((k for _, k in choice if k is not None), default=_ZERO)
        low = max(low, floor)
        if best is not None and low >= best[0]:
            continue
        losers = [m for m, k in choice if k is None]
        if losers or linked_winners:
            k = forms.least_together(linked_winners, losers, low)
            if k is None:
                continue
            low = max(low, k)
        if best is None or low < best[0]:
            best = (low, tuple(choice))
    if best is None:
        return None
    value, choice = best
    first = {m for m, k in own.items() if k == value}
    first.update(m for m, k in choice if k is None or k == value)
    first.update(m for m in linked_winners if not forms.coupling.estimate(m) > threshold)
    return value, tuple(sorted(first))
