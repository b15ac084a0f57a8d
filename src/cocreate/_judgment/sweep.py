"""The inverse question: the values of one amount at which the verdict changes.

:func:`sweep` moves one amount (a contribution's cost, a value's amount, or
a link, all its items together) over every valid value, every other amount
at its estimate. Each stakeholder's net value is then linear in it,
``net(x) = net(0) + a x``, with ``a`` the number of the amount's items that
count for it (values in, costs out). So each stakeholder wins on one side
of one exact breakpoint, ``(threshold - net(0)) / a``, and the kind is
constant between breakpoints: deciding it there and at each breakpoint
covers every value. Numbers are exact rationals of the decimals written,
as the win test reads them.
"""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._judgment.links import exact
from cocreate._model.dicts import item_fields
from cocreate._model.hooks import explain, to_html
from cocreate._model.pickling import ReadOnlyMappings
from cocreate._model.text import many
from cocreate._model.types import Contribution, Initiative, Value
from cocreate._model.validate import describe
from cocreate._rules.facts import Facts
from cocreate._rules.params import WIN_CHECKS, Kind, Rules, decide, initiative_arg, rules_arg
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["Sweep", "sweep"]

Interval = tuple[float | None, float | None, Kind]


@attrs.frozen
class Sweep(ReadOnlyMappings):
    """The kind for every value of one amount, the others at their estimates.

    Made by :func:`sweep`. :attr:`intervals` covers every valid value of the
    amount, in increasing order; :attr:`closed` says, for each interval,
    whether its low and its high end belong to it (a net value equal to the
    win threshold does not win, so at a breakpoint the kind is decided as
    just below it or just above it, or, rarely, is a third one). It holds
    all its words show, who pays whom and their display names among them,
    so equal sweeps say the same.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> apple = next(v for v in nike_plus().values if v.beneficiary == "apple")
    >>> result = sweep(nike_plus(), apple)
    >>> [(low, high, kind.label) for low, high, kind in result.intervals]
    [(0.0, 2.0, 'collaboration'), (2.0, None, 'co-creation')]
    >>> result.closed
    ((True, True), (False, False))
    >>> print(result)
    Co-creation while 'Apple' receives more than 2; collaboration from 0 to 2.
    At the estimate (5) it is co-creation; the verdict changes at 2.
    """

    #: The initiative's name.
    initiative: str
    #: The link swept, when the amount is a link (given by name or by one of its items).
    link: str | None
    #: The item swept, when it is a single item without a link.
    item: Contribution | Value | None
    #: The amount's estimate.
    estimate: float
    #: The kind at the estimate.
    kind: Kind
    #: ``(low, high, kind)`` for every stretch of values with one kind, in increasing
    #: order, covering every valid value (a cost from 0 up); ``None`` is an open end.
    intervals: tuple[Interval, ...]
    #: For each interval, whether its low end and its high end belong to it.
    closed: tuple[tuple[bool, bool], ...]
    #: The rules applied.
    rules: Rules
    #: ``(payer, payee)`` by id, when the link swept is one cost and one value (a
    #: payment, as :func:`~cocreate.transfer` makes); else ``None``.
    payment: tuple[str, str] | None = attrs.field(default=None, kw_only=True)
    #: The display name of each stakeholder the words name (the item's
    #: stakeholder, or the payer and payee), by id; read-only.
    names: Mapping[str, str] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False, kw_only=True
    )
    #: Those of them whose names read as many ("'buyers' pay"), by id.
    many: frozenset[str] = attrs.field(factory=frozenset, repr=False, kw_only=True)

    @property
    def breakpoints(self) -> tuple[float, ...]:
        """The values at which the kind changes, in increasing order."""
        return tuple(high for _, high, _ in self.intervals[:-1] if high is not None)

    def kind_at(self, value: float) -> Kind:
        """The kind at one value of the amount, read from the intervals.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> apple = next(v for v in nike_plus().values if v.beneficiary == "apple")
        >>> sweep(nike_plus(), apple).kind_at(2.0).label
        'collaboration'
        """
        for (low, high, kind), (low_in, high_in) in zip(self.intervals, self.closed, strict=True):
            above = low is None or value > low or (value == low and low_in)
            below = high is None or value < high or (value == high and high_in)
            if above and below:
                return kind
        msg = f"{value!r} is not a valid value of the amount swept"
        raise CocreateError(msg)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Which kind holds where, and where the verdict changes."""
        return explain(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready plain data.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> apple = next(v for v in nike_plus().values if v.beneficiary == "apple")
        >>> sweep(nike_plus(), apple).to_dict()["intervals"][1]
        {'low': 2.0, 'high': None, 'kind': 'co_creation', 'low_closed': False, 'high_closed': False}
        """
        return {
            "initiative": self.initiative,
            "link": self.link,
            "item": None if self.item is None else item_fields(self.item),
            "estimate": self.estimate,
            "kind": self.kind.value,
            "intervals": [
                {"low": low, "high": high, "kind": kind.value, "low_closed": a, "high_closed": b}
                for (low, high, kind), (a, b) in zip(self.intervals, self.closed, strict=True)
            ],
            "breakpoints": list(self.breakpoints),
            "explanation": list(self.sentences),
            "rules": self.rules.to_dict(),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def _items(
    initiative: Initiative, item: object
) -> tuple[str | None, Contribution | Value | None, list[Contribution | Value]]:
    """The link and the item swept, and every item that moves with it."""
    everything: list[Contribution | Value] = [*initiative.contributions, *initiative.values]
    if isinstance(item, str):
        moved = [i for i in everything if i.link == item]
        if not moved:
            links = sorted({i.link for i in everything if i.link is not None})
            known = ", ".join(map(repr, links)) or "none"
            msg = f"{initiative.name!r} has no link {item!r}; its links: {known}"
            raise CocreateError(msg)
        return item, None, moved
    if not isinstance(item, Contribution | Value):
        msg = f"sweep needs a Contribution, a Value or a link name, got {describe(item)}"
        raise ArgumentError(msg)
    if item not in (
        initiative.contributions if isinstance(item, Contribution) else initiative.values
    ):
        msg = f"{initiative.name!r} has no such {type(item).__name__.lower()}: {item!r}"
        raise CocreateError(msg)
    if item.link is not None:
        return item.link, None, [i for i in everything if i.link == item.link]
    return None, item, [item]


def _at(initiative: Initiative, moved: Sequence[Contribution | Value], value: float) -> Initiative:
    """The initiative with the amount at ``value`` and the moved items' ranges dropped."""
    targets = {id(i) for i in moved}
    single = len(moved) == 1 and moved[0].link is None

    def change(thing: Any) -> Any:
        if single and thing != moved[0]:
            return thing
        if not single and id(thing) not in targets:
            return thing
        field = "cost" if isinstance(thing, Contribution) else "amount"
        return attrs.evolve(thing, **{field: value, "low": None, "high": None})

    if single:
        # Equal items are one multiset: move just one of them.
        contributions, values = list(initiative.contributions), list(initiative.values)
        pool: list[Any] = contributions if isinstance(moved[0], Contribution) else values
        index = pool.index(moved[0])
        pool[index] = change(pool[index])
        return initiative.evolve(contributions=contributions, values=values)
    return initiative.evolve(
        contributions=[change(c) for c in initiative.contributions],
        values=[change(v) for v in initiative.values],
    )


def sweep(
    initiative: Initiative, item: Contribution | Value | str, *, rules: Rules | None = None
) -> Sweep:
    """Return the kind for every value of one amount, every other amount at its estimate.

    Parameters
    ----------
    initiative
        The initiative.
    item
        The amount: a :class:`~cocreate.Contribution` (its cost) or a
        :class:`~cocreate.Value` (its amount) of the initiative, or a link's
        name. An item with a link moves with every item of its link.
    rules
        The rules to apply; the defaults if ``None``.

    Returns
    -------
    Sweep
        The intervals of values with one kind each, and the breakpoints,
        found exactly. A cost (and a value that requires co-creators) is
        swept from 0 up; any other amount over every number. Ranges of the
        items swept are ignored; other items stay at their estimates.

    Examples
    --------
    >>> from cocreate import Contribution, Initiative, Stakeholder, Value, transfer
    >>> people = [Stakeholder("firm", "firm"), Stakeholder("fans", "customer")]
    >>> pay, paid = transfer("fans", "firm", "capital", 10, low=6, high=14, link="price")
    >>> shop = Initiative("Shop", "firm", people,
    ...     [pay, Contribution("firm", "product", cost=8), Contribution("fans", "ideas")],
    ...     [paid, Value("fans", 12)])
    >>> result = sweep(shop, "price")
    >>> result.breakpoints
    (8.0, 12.0)
    >>> print(result.sentences[0])
    Customer-focused innovation while 'fans' pay 'firm' more than 8 and less than 12;
    collaboration from 0 to 8 or at least 12.
    """
    initiative = initiative_arg(initiative, "sweep")
    rules = rules_arg(rules)
    link, single, moved = _items(initiative, item)
    first = moved[0]
    estimate = first.cost if isinstance(first, Contribution) else first.amount
    floor = any(isinstance(i, Contribution) or i.requires for i in moved)
    at_zero = rules.judged(_at(initiative, moved, 0.0))
    at_one = rules.judged(_at(initiative, moved, 1.0))
    facts = Facts(at_zero, rules)
    structure = facts.structure()
    groups = facts.groups()
    threshold = exact(rules.win_threshold)
    members = sorted({m for check in WIN_CHECKS for m in groups[check]})
    lines = {}
    for key in members:
        base = Fraction(at_zero.exact_net(key))
        lines[key] = (base, Fraction(at_one.exact_net(key)) - base)

    def kind_at(x: Fraction) -> Kind:
        wins = {key: base + slope * x > threshold for key, (base, slope) in lines.items()}
        holds = {check: all(wins[m] for m in groups[check]) for check in WIN_CHECKS}
        return decide({**structure, **holds})

    low = Fraction(0) if floor else None
    cuts = sorted(
        {
            (threshold - base) / slope
            for base, slope in lines.values()
            if slope and (low is None or (threshold - base) / slope > low)
        }
    )
    pieces: list[tuple[Fraction | None, Fraction | None, bool, bool, Kind]] = []
    if low is not None:
        pieces.append((low, low, True, True, kind_at(low)))
    ends: list[Fraction | None] = [low, *cuts, None]
    for left, right in itertools.pairwise(ends):
        if left is None:
            middle = Fraction(0) if right is None else right - 1
        elif right is None:
            middle = left + 1
        else:
            middle = (left + right) / 2
        pieces.append((left, right, False, False, kind_at(middle)))
        if right is not None:
            pieces.append((right, right, True, True, kind_at(right)))
    merged: list[list[Any]] = []
    for left, right, left_in, right_in, kind in pieces:
        if merged and merged[-1][4] is kind:
            merged[-1][1], merged[-1][3] = right, right_in
        else:
            merged.append([left, right, left_in, right_in, kind])
    intervals = tuple(
        (None if a is None else float(a), None if b is None else float(b), kind)
        for a, b, _, _, kind in merged
    )
    closed = tuple((bool(a_in), bool(b_in)) for _, _, a_in, b_in, _ in merged)
    payment = None if single is not None else _payment(moved)
    if single is not None:
        named = [single.source if isinstance(single, Contribution) else single.beneficiary]
    else:
        named = [] if payment is None else list(payment)
    return Sweep(
        initiative.name,
        link,
        single,
        estimate,
        kind_at(exact(estimate)),
        intervals,
        closed,
        rules,
        payment=payment,
        names=MappingProxyType({key: initiative.stakeholder(key).name for key in sorted(named)}),
        many=frozenset(key for key in named if many(initiative.stakeholder(key))),
    )


def _payment(moved: Sequence[Contribution | Value]) -> tuple[str, str] | None:
    """Payer and payee, when the link's items are one cost and one value (a transfer)."""
    given = [i for i in moved if isinstance(i, Contribution)]
    got = [i for i in moved if isinstance(i, Value)]
    if len(given) == 1 and len(got) == 1:
        return given[0].source, got[0].beneficiary
    return None
