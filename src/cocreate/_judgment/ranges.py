"""How sure a verdict is: ranges, robustness, stability and simulation.

Amounts and costs are estimates. Each may carry a range (``low``, ``high``);
``spread=s`` gives every amount ``a`` without one the range
``[a - s|a|, a + s|a|]`` and every cost ``c`` without one
``[max(0, c - s c), c + s c]``. An item with a range keeps it whatever the
spread; a bound it leaves out (``None``) is its estimate.

An unlinked amount counts for exactly one stakeholder (a value for its
beneficiary, a cost for its contributor), so each stakeholder without links
has a net value ranging over an interval, independently of the others: its
lowest is the exactly rounded sum of its values' lows minus its costs'
highs, its highest the other way round. Exact rounding is monotone, so no
valuation within the ranges gives a net value outside that interval, and
both ends are reached.

The checks that do not depend on amounts (:meth:`Facts.structure`) are
fixed; the three win checks depend only on their groups' net values. So the
kinds reachable within the ranges are found exactly by trying the eight
verdicts of the win checks, and handing each feasible one to
:func:`cocreate._params.decide`, the one statement of the order of the
kinds. Without links each verdict is judged feasible from the intervals
alone. Items that share a ``link`` are one quantity (the two sides of a
payment): the stakeholders they tie are judged together, each verdict by a
small linear feasibility problem (:mod:`cocreate._judgment.links`, solved exactly by
:mod:`cocreate._judgment.linear`).

Each bound is computed term by term, in one place (:func:`item_bounds`),
and every result here (net ranges, witnesses, stability, draws) uses it, so
they agree to the last bit. :func:`robustness` settles most stakeholders'
verdicts from their accounts alone, only where rounding cannot matter (see
:func:`outlook`).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import operator
import random
import struct
import sys
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs

from cocreate._judgment.links import Coupling, Plan, exact, linked_items, owner
from cocreate._judgment.scale import Scale, has_stated_ranges, range_scale, stretched, too_linked
from cocreate._model.fast import net_sum
from cocreate._model.hooks import explain, to_html
from cocreate._model.pickling import ReadOnlyMappings
from cocreate._model.text import many
from cocreate._model.types import TALLY_DOUBT, TALLY_NET
from cocreate._model.validate import describe, exact_sum, whole_number
from cocreate._rules.facts import Facts
from cocreate._rules.params import (
    WIN_CHECKS,
    Check,
    Kind,
    Rules,
    beats,
    decide,
    initiative_arg,
    rules_arg,
)
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
    from fractions import Fraction

    from cocreate._judgment.linear import Number
    from cocreate._model.types import Account, Contribution, Initiative, Value

__all__ = [
    "Robustness",
    "Simulation",
    "Stability",
    "explain_stability",
    "item_bounds",
    "robustness",
    "simulate",
    "stability",
]

#: The win checks, in the order a verdict of them is written: (focal, co-creators, customers).
#: The distributions :func:`simulate` draws from.
DISTRIBUTIONS: Final = ("uniform", "triangular")
#: The most valuations :func:`simulate` draws: its memory and time grow with ``n``.
MAX_DRAWS: Final = 10**7

_LARGEST = sys.float_info.max
_INF = math.inf
_LOW = operator.attrgetter("low")
_HIGH = operator.attrgetter("high")
_SOURCE = operator.attrgetter("source")
_BENEFICIARY = operator.attrgetter("beneficiary")
_AMOUNT = operator.attrgetter("amount")

Combo = tuple[bool, ...]


# --------------------------------------------------------------------------
# Arguments.


def spread_arg(spread: object) -> float:
    """Return ``spread`` as a float if it is a finite number >= 0; else raise."""
    if isinstance(spread, bool) or not isinstance(spread, int | float):
        msg = f"spread must be a finite number >= 0, got {describe(spread)}"
        raise ArgumentError(msg)
    try:
        value = float(spread)
    except OverflowError:
        value = _INF
    if not 0.0 <= value <= _LARGEST:  # NaN fails both comparisons
        msg = f"spread must be a finite number >= 0, got {describe(spread)}"
        raise CocreateError(msg)
    return value


def _count_arg(n: object) -> int:
    return int(whole_number("n", n, most=MAX_DRAWS))


def _distribution_arg(distribution: object) -> str:
    if distribution not in DISTRIBUTIONS:
        msg = f"distribution must be 'uniform' or 'triangular', got {describe(distribution)}"
        raise CocreateError(msg)
    return str(distribution)


def _rng(seed: object) -> random.Random:
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str | bytes)):
        msg = f"seed must be None, an int, a str or bytes, got {describe(seed)}"
        raise ArgumentError(msg)
    return random.Random(seed)  # noqa: S311 - a simulation, not cryptography


# --------------------------------------------------------------------------
# Each term's bounds: the one place they are computed.


def _clamp(values: list[float]) -> list[float]:
    """Keep bounds that overflowed within the float range, so that a witness can hold them."""
    return [min(max(x, -_LARGEST), _LARGEST) for x in values]


def spread_bounds(
    estimates: list[float], spread: float, *, cost: bool
) -> tuple[list[float], list[float]]:
    """Return each estimate's lowest and highest at ``spread``, as new lists in order.

    Written as ``map`` chains over C functions, so that no bytecode runs per
    term when a million terms are summed (see ``benchmarks/judgment.py``).
    """
    if spread == 0.0:
        return list(estimates), list(estimates)
    magnitudes = estimates if cost else map(abs, estimates)
    widths = list(map(spread.__mul__, magnitudes))
    lows = list(map(float.__sub__, estimates, widths))
    highs = list(map(float.__add__, estimates, widths))
    if cost and spread > 1.0:
        # Only then can c - s*c fall below 0: s*c <= c while s <= 1.
        lows = list(map(max, itertools.repeat(0.0), lows))
    if _INF in highs or -_INF in lows:
        lows, highs = _clamp(lows), _clamp(highs)
    return lows, highs


def _explicit(
    items: Sequence[Contribution] | Sequence[Value],
    estimates: list[float],
    lows: list[float],
    highs: list[float],
) -> bool:
    """Put the given ranges in place of the spread's; return whether there were any."""
    given_low = list(map(_LOW, items))
    given_high = list(map(_HIGH, items))
    size = len(items)
    if given_low.count(None) == size and given_high.count(None) == size:
        return False
    none = itertools.repeat(None)
    marked = set(itertools.compress(range(size), map(operator.is_not, given_low, none)))
    marked.update(itertools.compress(range(size), map(operator.is_not, given_high, none)))
    for index in marked:
        low, high = given_low[index], given_high[index]
        lows[index] = estimates[index] if low is None else low
        highs[index] = estimates[index] if high is None else high
    return True


def item_bounds(
    items: Sequence[Contribution] | Sequence[Value], spread: float, *, cost: bool
) -> tuple[list[float], list[float], bool]:
    """Return each item's lowest and highest cost (or amount), and whether any had a range.

    An item with a range (``low`` or ``high`` given) keeps it; a bound it
    leaves out is its estimate. Every other item gets the spread's range.
    """
    estimates: list[float] = list(map(operator.attrgetter("cost" if cost else "amount"), items))
    lows, highs = spread_bounds(estimates, spread, cost=cost)
    given = _explicit(items, estimates, lows, highs)
    return lows, highs, given


def _has_ranges(items: Sequence[Contribution] | Sequence[Value]) -> bool:
    size = len(items)
    return list(map(_LOW, items)).count(None) != size or list(map(_HIGH, items)).count(None) != size


def _positions(ids: Iterable[str], keys: Iterable[str]) -> dict[str, list[int]]:
    """Each stakeholder's id to the positions of the items keyed to it, in one pass."""
    buckets: dict[str, list[int]] = {key: [] for key in ids}
    any(map(list.append, map(buckets.__getitem__, keys), itertools.count()))
    return buckets


def net_ranges(
    initiative: Initiative, spread: float, keys: Collection[str] | None = None
) -> dict[str, tuple[float, float]]:
    """Each stakeholder's lowest and highest net value within the ranges, exactly rounded.

    With ``keys``, only those stakeholders'. The items are grouped by
    stakeholder once, by position, and each end of each range is read by
    position.
    """
    contributions: Sequence[Contribution] = initiative.contributions
    values: Sequence[Value] = initiative.values
    accounts = initiative.accounts
    ids = accounts if keys is None else keys
    if spread == 0.0 and not (_has_ranges(contributions) or _has_ranges(values)):
        return {key: (accounts[key].net_value, accounts[key].net_value) for key in ids}
    if keys is not None:
        mine = keys.__contains__
        contributions = list(
            itertools.compress(contributions, map(mine, map(_SOURCE, contributions)))
        )
        values = list(itertools.compress(values, map(mine, map(_BENEFICIARY, values))))
    cost_low, cost_high, _ = item_bounds(contributions, spread, cost=True)
    amount_low, amount_high, _ = item_bounds(values, spread, cost=False)
    paid = _positions(ids, map(_SOURCE, contributions))
    got = _positions(ids, map(_BENEFICIARY, values))
    lose_most = list(map(operator.neg, cost_high)).__getitem__
    lose_least = list(map(operator.neg, cost_low)).__getitem__
    get_low, get_high = amount_low.__getitem__, amount_high.__getitem__
    ranges = {}
    for key in ids:
        mine_got, given = got[key], paid[key]
        ranges[key] = (
            net_sum([*map(get_low, mine_got), *map(lose_most, given)]),
            net_sum([*map(get_high, mine_got), *map(lose_least, given)]),
        )
    return ranges


# --------------------------------------------------------------------------
# Who can win and who can lose, mostly from the accounts alone.
#
# Grouping a million terms by stakeholder once more would double the cost of
# classify, which has just grouped them for the accounts. In exact
# arithmetic the ends of a stakeholder's net range follow from a few sums:
# with n its net value, A the sum of the sizes |a| of its amounts and C the
# sum of its costs (items with a range of their own left out, and their
# ends added as they are), the lowest is n - s (A + C), and the highest
# n + s (A + C) while s <= 1, or what it receives plus s A beyond (costs
# stop at 0). The accounts hold n, what it receives and C; only the items
# with a range and the negative amounts are grouped, to take them out.
#
# Rounding each term's bound, the sums and the steps here moves either end
# by less than 40 u M (u = 2**-53, M the sum of the sizes of everything
# involved, times 1 + s) plus one subnormal step per operation. Where the
# estimate is farther than 256 u M from the threshold the verdict is
# settled; the others are summed term by term, as :func:`net_ranges` does.

_UNIT = 2.0**-53
_BAND = 256 * _UNIT
_TINY = 2.0**-1074
_SAFE_SCALE = _LARGEST / 1024


class _Special(NamedTuple):
    """A stakeholder's items that its account cannot speak for, summed one by one."""

    #: Estimates of its values with a range, and of its contributions' costs with one.
    values: float = 0.0
    costs: float = 0.0
    #: Their lowest and highest contribution to its net value.
    low: float = 0.0
    high: float = 0.0
    #: The sum of the sizes of their estimates and bounds, and of its negative amounts.
    size: float = 0.0
    #: The sum of its negative amounts without a range.
    negative: float = 0.0
    #: How many such items (plain sums of k terms are off by at most (k - 1) u size).
    items: int = 0


_PLAIN = _Special()


def _with_ranges(items: Sequence[Any]) -> list[Any]:
    none = itertools.repeat(None)
    flags = map(
        operator.or_,
        map(operator.is_not, map(_LOW, items), none),
        map(operator.is_not, map(_HIGH, items), none),
    )
    return list(itertools.compress(items, flags))


def _specials(initiative: Initiative) -> dict[str, _Special]:
    """Each stakeholder's items with a range, and its negative amounts, summed.

    Only those items are visited, once each, in Python; plain sums are
    enough, since :func:`_settled` allows for their rounding.
    """
    sums: dict[str, list[float]] = {}

    def add(key: str, slots: tuple[float, float, float, float, float, float]) -> None:
        total = sums.get(key)
        if total is None:
            sums[key] = [*slots, 1.0]
        else:
            for index, term in enumerate(slots):
                total[index] += term
            total[6] += 1.0

    contributions, values = initiative.contributions, initiative.values
    for v in _with_ranges(values) if _has_ranges(values) else ():
        a = v.amount
        low, high = a if v.low is None else v.low, a if v.high is None else v.high
        add(v.beneficiary, (a, 0.0, low, high, abs(a) + abs(low) + abs(high), 0.0))
    for c in _with_ranges(contributions) if _has_ranges(contributions) else ():
        cost = c.cost
        low, high = cost if c.low is None else c.low, cost if c.high is None else c.high
        add(c.source, (0.0, cost, -high, -low, cost + low + high, 0.0))
    amounts = list(map(_AMOUNT, values))
    if amounts and min(amounts) < 0:
        below = map(float.__lt__, amounts, itertools.repeat(0.0))
        for v in itertools.compress(values, below):
            if v.low is None and v.high is None:
                add(v.beneficiary, (0.0, 0.0, 0.0, 0.0, -v.amount, v.amount))
    return {key: _Special(t[0], t[1], t[2], t[3], t[4], t[5], int(t[6])) for key, t in sums.items()}


def _settled(
    account: Account, special: _Special, spread: float, threshold: float
) -> tuple[bool, bool] | None:
    """Whether a stakeholder can win and can lose, if the sums settle both; else None."""
    received = account.received - special.values
    cost = account.cost - special.costs
    net = received - cost
    absolute = received - 2.0 * special.negative
    weight = absolute + cost
    size = (1.0 + spread) * (
        abs(account.received) + account.cost + abs(account.net_value) + abs(special.values)
    )
    size += (1.0 + spread) * (abs(weight) + 2.0 * abs(special.negative)) + special.size
    if not size < _SAFE_SCALE:  # also NaN and inf
        return None
    band = _BAND * size + 4 * _UNIT * special.items * special.size
    band += (account.contributions + account.values + 64) * _TINY
    lowest = net - spread * weight + special.low
    highest = net + spread * weight if spread <= 1.0 else received + spread * absolute
    highest += special.high
    if lowest - band > threshold:
        can_lose = False
    elif lowest + band <= threshold:
        can_lose = True
    else:
        return None
    if highest - band > threshold:
        return True, can_lose
    if highest + band <= threshold:
        return False, can_lose
    return None


def outlook(
    initiative: Initiative, spread: float, threshold: float
) -> tuple[dict[str, bool], dict[str, bool]]:
    """Whether each stakeholder can win, and whether it can lose, within the ranges."""
    if spread == 0.0 and not _has_any_ranges(initiative):
        # Nothing varies: the verdicts are classify's, by the one win test.
        recount = initiative.exact_net
        can_win = {
            key: beats(tally[TALLY_NET], threshold, tally[TALLY_DOUBT], recount, key)
            for key, tally in initiative._tallies.items()  # noqa: SLF001 - the model's own sums
        }
        return can_win, {key: not wins for key, wins in can_win.items()}
    accounts = initiative.accounts
    specials = _specials(initiative)
    can_win, can_lose = {}, {}
    exact = set()
    for key, account in accounts.items():
        settled = _settled(account, specials.get(key, _PLAIN), spread, threshold)
        if settled is None:
            exact.add(key)
        else:
            can_win[key], can_lose[key] = settled
    for key, (low, high) in net_ranges(initiative, spread, exact).items():
        can_win[key], can_lose[key] = high > threshold, not low > threshold
    return can_win, can_lose


def _has_any_ranges(initiative: Initiative) -> bool:
    return _has_ranges(initiative.contributions) or _has_ranges(initiative.values)


def _member_range(initiative: Initiative, key: str, spread: float) -> tuple[float, float]:
    """One stakeholder's net range, computed as :func:`net_ranges` computes it."""
    cost_low, cost_high, _ = item_bounds(initiative.contributions_by(key), spread, cost=True)
    amount_low, amount_high, _ = item_bounds(initiative.values_to(key), spread, cost=False)
    return (
        net_sum([*amount_low, *map(operator.neg, cost_high)]),
        net_sum([*amount_high, *map(operator.neg, cost_low)]),
    )


# --------------------------------------------------------------------------
# Which verdicts of the win checks are reachable.


class Verdicts:
    """The facts of an initiative and which verdicts of its win checks each interval allows.

    The three groups (the focal organization, the co-creators, the
    customers) are split into regions: the focal one, co-creators only,
    customers only, and both (the focal organization is neither a co-creator
    nor a customer). A verdict is feasible when every member of each group
    that wins can win, and each group that fails has a member that can lose
    and that no winning group needs; counting, per region, who cannot win
    and who can lose is enough to tell.
    """

    def __init__(
        self, facts: Facts, can_win: Mapping[str, bool], can_lose: Mapping[str, bool]
    ) -> None:
        self.structure = facts.structure()
        self.groups = facts.groups()
        focal, partners, customers = (set(self.groups[check]) for check in WIN_CHECKS)
        self.regions = {
            "focal": focal,
            "partners": partners - customers - focal,
            "customers": customers - partners - focal,
            "both": (partners & customers) - focal,
        }
        self.region = {m: name for name, members in self.regions.items() for m in members}
        self.can_win = dict(can_win)
        self.can_lose = dict(can_lose)
        #: Per region, how many members cannot win, and how many can lose.
        self.cannot_win_count = dict.fromkeys(self.regions, 0)
        self.can_lose_count = dict.fromkeys(self.regions, 0)
        for member, name in self.region.items():
            self.cannot_win_count[name] += not can_win.get(member, True)
            self.can_lose_count[name] += can_lose.get(member, False)

    def loosen(self, member: str, *, was_winning: bool) -> None:
        """Let a member that was sure to win (or to lose) go either way."""
        self.can_win[member] = self.can_lose[member] = True
        name = self.region.get(member)
        if name is None:
            return
        if was_winning:
            self.can_lose_count[name] += 1
        else:
            self.cannot_win_count[name] -= 1

    def winners(self, combo: Combo) -> set[str]:
        """The stakeholders a verdict needs to win: every member of each group that wins."""
        needed: set[str] = set()
        for check, holds in zip(WIN_CHECKS, combo, strict=True):
            if holds:
                needed.update(self.groups[check])
        return needed

    def feasible(self, combo: Combo) -> bool:
        """Whether some valuation within the ranges gives this verdict of the win checks."""
        focal, partners, customers = combo
        needed = [("focal", focal), ("partners", partners), ("customers", customers)]
        needed.append(("both", partners or customers))
        if any(holds and self.cannot_win_count[name] for name, holds in needed):
            return False
        lose = self.can_lose_count
        return (
            (focal or lose["focal"] > 0)
            and (partners or lose["partners"] > 0 or (not customers and lose["both"] > 0))
            and (customers or lose["customers"] > 0 or (not partners and lose["both"] > 0))
        )

    def kind(self, combo: Combo) -> Kind:
        """The kind a verdict of the win checks gives, with the fixed checks."""
        return decide({**self.structure, **dict(zip(WIN_CHECKS, combo, strict=True))})

    def reachable(self) -> dict[Combo, Kind]:
        """Every feasible verdict of the win checks, and the kind it gives."""
        combos = itertools.product((True, False), repeat=len(WIN_CHECKS))
        return {combo: self.kind(combo) for combo in combos if self.feasible(combo)}

    def matter(self) -> tuple[Check, ...]:
        """The win checks that a kind whose fixed checks all hold needs."""
        from cocreate._rules.params import KIND_CHECKS

        needed = {
            check
            for _, checks in KIND_CHECKS
            if all(self.structure.get(c, True) for c in checks)
            for check in checks
        }
        return tuple(check for check in WIN_CHECKS if check in needed)


def _decisive(reached: Mapping[Combo, Kind]) -> set[Check]:
    """The win checks that differ between two reachable verdicts of different kinds."""
    out: set[Check] = set()
    for (a, kind_a), (b, kind_b) in itertools.combinations(reached.items(), 2):
        if kind_a is not kind_b:
            out.update(c for c, x, y in zip(WIN_CHECKS, a, b, strict=True) if x != y)
    return out


# --------------------------------------------------------------------------
# Robustness.


class _Judged:
    """What judging an initiative found beyond the result: verdicts, plans, the coupling.

    A robustness result keeps it to build witnesses; it is worked out again
    from the result's public fields (:attr:`Robustness.judged`, its rules
    and spread) where it is missing, as after unpickling.
    """

    __slots__ = ("coupling", "initiative", "plans", "reached", "rules", "spread", "verdicts")

    def __init__(
        self,
        initiative: Initiative,
        rules: Rules,
        spread: float,
        verdicts: Verdicts,
        reached: dict[Combo, Kind],
        coupling: Coupling | None = None,
        plans: dict[Combo, Plan] | None = None,
    ) -> None:
        self.initiative = initiative
        self.rules = rules
        self.spread = spread
        self.verdicts = verdicts
        self.reached = reached
        self.coupling = coupling
        self.plans = plans


@attrs.frozen
class Robustness(ReadOnlyMappings):
    """Which kinds an initiative could be, with every amount and cost within its range.

    Made by :func:`robustness`. :attr:`net_ranges` has each stakeholder's
    lowest and highest net value, :attr:`can_win` and :attr:`can_lose` the
    verdicts robustness found for each; :meth:`witness` builds, for each
    reachable kind, an initiative with every amount within its range that
    classifies as that kind, from :attr:`judged`. Everything the words and
    views show is data of the result (or, for the net ranges, worked out
    from it when first read), so equal results say the same.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> sure = robustness(nike_plus(), spread=0.1)
    >>> sure.certain, sure.net_ranges["apple"]
    (True, (2.3, 3.7))
    >>> unsure = robustness(nike_plus(), spread=0.5)
    >>> sorted(kind.label for kind in unsure.kinds)
    ['co-creation', 'collaboration']
    """

    #: The initiative's name.
    initiative: str
    #: The kind at the estimates: ``classify(initiative, rules=rules).kind``.
    kind: Kind
    #: Every kind some valuation within the ranges gives.
    kinds: frozenset[Kind]
    #: The stakeholders the verdict turns on: in a win check that decides
    #: between reachable kinds, able both to win and to lose; by id.
    pivotal: tuple[str, ...]
    #: The spread applied to estimates without a range.
    spread: float
    #: The rules applied.
    rules: Rules
    #: Each stakeholder's id to whether some valuation within the ranges makes it
    #: win, as robustness decided it (by the one win test); read-only.
    can_win: Mapping[str, bool] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False, kw_only=True
    )
    #: Each stakeholder's id to whether some valuation within the ranges makes it
    #: lose; read-only.
    can_lose: Mapping[str, bool] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False, kw_only=True
    )
    #: Each stakeholder's id to its display name; read-only. Every stakeholder,
    #: since the view lists each one's net range.
    names: Mapping[str, str] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False, kw_only=True
    )
    #: The initiative judged, its crowds taken as the rules say, with its estimates
    #: and ranges: what :attr:`net_ranges` sums and :meth:`witness` moves. Compared,
    #: not hashed.
    judged: Initiative = attrs.field(hash=False, repr=False, kw_only=True)

    @functools.cached_property
    def _judgment(self) -> _Judged:
        # The verdicts and plans behind the kinds, to build witnesses: set by
        # robustness, else judged again from the public fields above.
        return _judge(self.judged, self.rules, self.spread)[1]

    @functools.cached_property
    def net_ranges(self) -> Mapping[str, tuple[float, float]]:
        """Each stakeholder's id to its (lowest, highest) net value, exactly rounded; read-only.

        Summed term by term from :attr:`judged` and :attr:`spread` when first
        read (:func:`robustness` settles most verdicts from the accounts alone).
        """
        ranges = net_ranges(self.judged, self.spread)
        coupling = self._judgment.coupling
        if coupling is not None:
            ranges.update(linked_ranges(coupling))
        return MappingProxyType(ranges)

    @property
    def certain(self) -> bool:
        """Whether only one kind is reachable: no valuation within the ranges changes it."""
        return len(self.kinds) == 1

    def witness(self, kind: Kind) -> Initiative:
        """Return an initiative, every amount and cost within its range, that is ``kind``.

        It has the same stakeholders, contributions and values; only the
        stakeholders whose win or loss the kind needs are moved, each to one
        end of its range (all its values at their lows and costs at their
        highs, or the reverse); the others stay at their estimates. The
        verdict of the win checks chosen is the reachable one closest to the
        estimates'.

        Raises
        ------
        CocreateError
            If ``kind`` is not reachable within the ranges.

        Examples
        --------
        >>> from cocreate import classify, net_value
        >>> from cocreate.examples import nike_plus
        >>> unsure = robustness(nike_plus(), spread=0.5)
        >>> other = unsure.witness(Kind.COLLABORATION)
        >>> classify(other).kind.label, net_value(other, "apple")
        ('collaboration', -0.5)
        """
        if not isinstance(kind, Kind) or kind not in self.kinds:
            reachable = ", ".join(k.label for k in Kind if k in self.kinds)
            msg = (
                f"no valuation within the ranges makes {self.initiative!r} {describe(kind)}; "
                f"reachable: {reachable}"
            )
            raise CocreateError(msg)
        return _witness(self._judgment, kind)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Which kinds are reachable, and whose net value the verdict turns on."""
        return explain(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = robustness(nike_plus(), spread=0.5).to_dict()
        >>> data["kinds"], data["net_ranges"]["apple"]
        (['co_creation', 'collaboration'], [-0.5, 6.5])
        """
        return {
            "initiative": self.initiative,
            "kind": self.kind.value,
            "kinds": [k.value for k in Kind if k in self.kinds],
            "certain": self.certain,
            "spread": self.spread,
            "pivotal": list(self.pivotal),
            "net_ranges": {key: list(pair) for key, pair in sorted(self.net_ranges.items())},
            "explanation": list(self.sentences),
            "rules": self.rules.to_dict(),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def _judge(initiative: Initiative, rules: Rules, spread: float) -> tuple[Robustness, _Judged]:
    can_win, can_lose = outlook(initiative, spread, rules.win_threshold)
    facts = Facts(initiative, rules)
    coupling = coupling_at(initiative, spread, rules.win_threshold)
    plans = None
    if coupling is None:
        verdicts = Verdicts(facts, can_win, can_lose)
        reached = verdicts.reachable()
    else:
        for member in coupling.members:
            can_win[member] = coupling.can_win(member)
            can_lose[member] = coupling.can_lose(member)
        verdicts = Verdicts(facts, can_win, can_lose)
        plans = linked_plans(coupling, verdicts, initiative, rules.win_threshold)
        reached = {combo: verdicts.kind(combo) for combo in plans}
    decisive = _decisive(reached)
    pivotal = sorted(
        {m for check in decisive for m in verdicts.groups[check] if can_win[m] and can_lose[m]}
    )
    context = _Judged(initiative, rules, spread, verdicts, reached, coupling, plans)
    result = Robustness(
        initiative.name,
        decide(facts.holds()),
        frozenset(reached.values()),
        tuple(pivotal),
        spread,
        rules,
        can_win=MappingProxyType(can_win),
        can_lose=MappingProxyType(can_lose),
        names=MappingProxyType({person.id: person.name for person in initiative.stakeholders}),
        judged=initiative,
    )
    # Found already: the witnesses need not judge the initiative again.
    object.__setattr__(result, "_judgment", context)
    return result, context


def coupling_at(initiative: Initiative, spread: float, threshold: float) -> Coupling | None:
    """The linked stakeholders at ``spread``, each item's range as :func:`item_bounds` gives it.

    None when no two items share a link: every amount is then independent.
    """
    links = linked_items(initiative)
    if not links:
        return None
    members = sorted({owner(i)[0] for items in links.values() for i in items})
    given = [c for m in members for c in initiative.contributions_by(m)]
    got = [v for m in members for v in initiative.values_to(m)]
    table: dict[int, tuple[Fraction, Fraction]] = {}
    for items, cost in ((given, True), (got, False)):
        lows, highs, _ = item_bounds(items, spread, cost=cost)
        for item, low, high in zip(items, lows, highs, strict=True):
            table[id(item)] = (exact(low), exact(high))
    coupling = Coupling(initiative, threshold, lambda item, _cost: table[id(item)], links)
    coupling.remake = (coupling_at, (initiative, spread, threshold))
    return coupling


def linked_plans(
    coupling: Coupling, verdicts: Verdicts, initiative: Initiative, threshold: float
) -> dict[Combo, Plan]:
    """Every verdict of the win checks some valuation gives, with a plan that reaches it."""
    accounts = initiative.accounts

    def losing(member: str) -> bool:
        return not accounts[member].net_value > threshold

    plans = {}
    for combo in itertools.product((True, False), repeat=len(WIN_CHECKS)):
        if not verdicts.feasible(combo):  # each stakeholder alone already rules it out
            continue
        plan = coupling.plan(
            verdicts.groups,
            list(zip(WIN_CHECKS, combo, strict=True)),
            verdicts.can_win,
            verdicts.can_lose,
            losing,
        )
        if plan is not None:
            plans[combo] = plan
    return plans


def linked_ranges(coupling: Coupling) -> dict[str, tuple[float, float]]:
    """Each linked stakeholder's net range, from its exact ends rounded once."""
    return {key: _rounded(coupling.net_range(key)) for key in coupling.members}


def _rounded(pair: tuple[Fraction, Fraction]) -> tuple[float, float]:
    """Both ends rounded once to the nearest float (a Fraction's float is)."""
    return float(pair[0]) + 0.0, float(pair[1]) + 0.0


def robustness(
    initiative: Initiative, *, rules: Rules | None = None, spread: float = 0.0
) -> Robustness:
    """Return which kinds the initiative could be, with its estimates within their ranges.

    Each amount or cost with a ``low`` or ``high`` keeps its own range (a
    bound left out is the estimate); every other one ranges over its
    estimate plus or minus ``spread`` times its size (a cost never below 0).
    Items that share a ``link`` are one quantity: they take one value
    together. The kinds reachable are found exactly: without links, in time
    linear in the size of the initiative, each stakeholder's net value
    ranging over an interval of its own; with links, each verdict of the win
    checks by an exact linear feasibility problem over the linked
    quantities. Every witness has its linked items equal and is checked with
    :func:`~cocreate.classify` before it is returned.

    Parameters
    ----------
    initiative
        The initiative.
    rules
        The rules to apply; the defaults if ``None``.
    spread
        How far estimates without a range may be off, as a fraction of their
        size: a finite number >= 0. ``0.5`` is plus or minus 50%.

    Returns
    -------
    Robustness
        The kind at the estimates, the reachable kinds, each stakeholder's
        net range, the stakeholders the verdict turns on, and a witness for
        each reachable kind.

    Raises
    ------
    CocreateError
        If ``spread`` is not a finite number >= 0, or ``rules`` or
        ``initiative`` is not one.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = robustness(nike_plus(), spread=0.4)
    >>> result.kind.label, result.certain, result.pivotal
    ('co-creation', False, ('nike',))
    >>> print(result.sentences[0])
    Co-creation or collaboration: it turns on whether 'Nike' nets more than 0
    (its net value ranges from -1 to 11).
    """
    initiative = initiative_arg(initiative, "robustness")
    rules = rules_arg(rules)
    return _judge(rules.judged(initiative), rules, spread_arg(spread))[0]


# --------------------------------------------------------------------------
# Witnesses.


def _distance(combo: Combo, reference: Combo) -> int:
    return sum(a != b for a, b in zip(combo, reference, strict=True))


def _moves(context: _Judged, combo: Combo) -> dict[str, bool]:
    """Which stakeholders to move to their highest (True) or lowest (False) net value."""
    verdicts = context.verdicts
    threshold = context.rules.win_threshold
    accounts = context.initiative.accounts
    needed = verdicts.winners(combo)
    moves = {m: True for m in sorted(needed) if not accounts[m].net_value > threshold}

    def loses(member: str) -> bool:
        moved = moves.get(member)
        return not accounts[member].net_value > threshold if moved is None else not moved

    for check, holds in zip(WIN_CHECKS, combo, strict=True):
        free = [m for m in verdicts.groups[check] if m not in needed]
        if holds or any(map(loses, free)):
            continue
        moves[next(m for m in free if verdicts.can_lose[m])] = False
    return moves


def _witness(context: _Judged, kind: Kind) -> Initiative:
    """A witness of ``kind``, checked with :func:`cocreate.classify` before it is returned."""
    from cocreate._rules.facts import classify

    initiative = context.initiative
    estimates = tuple(_holds_at_estimates(context))
    combo = min(
        (c for c, k in context.reached.items() if k is kind),
        key=lambda c: _distance(c, estimates),
    )
    if combo == estimates:
        found = initiative
    elif context.plans is not None and context.coupling is not None:
        found = _linked_witness(context, context.coupling, context.plans[combo])
    else:
        found = _plain_witness(context, combo)
    got = classify(found, rules=context.rules).kind
    if got is not kind:  # a bug, never a user's fault: say so rather than return a wrong witness
        msg = f"the witness built for {kind.label} classifies as {got.label}; please report this"
        raise CocreateError(msg)
    return found


def _plain_witness(context: _Judged, combo: Combo) -> Initiative:
    initiative = context.initiative
    moves = _moves(context, combo)
    if not moves:
        return initiative
    spread = context.spread
    contributions = [
        _moved(c, spread, cost=True, to_high=not moves[c.source]) if c.source in moves else c
        for c in initiative.contributions
    ]
    values = [
        _moved(v, spread, cost=False, to_high=moves[v.beneficiary]) if v.beneficiary in moves else v
        for v in initiative.values
    ]
    return initiative.evolve(contributions=contributions, values=values)


def _linked_moves(context: _Judged, coupling: Coupling, plan: Plan) -> dict[str, bool]:
    """Who goes to the top (True) or the bottom (False) of its range ; see _linked_witness."""
    threshold = context.rules.win_threshold
    accounts = context.initiative.accounts
    members = set(coupling.members)
    moves: dict[str, bool] = {}
    for member in sorted(plan.winners):
        if member in members or not accounts[member].net_value > threshold:
            moves[member] = True
    for member in sorted(plan.losers):
        if member in members or accounts[member].net_value > threshold:
            moves[member] = False
    return moves


def _linked_witness(context: _Judged, coupling: Coupling, plan: Plan) -> Initiative:
    """Linked quantities at the plan's values; each member the plan needs at one end of the rest.

    A linked stakeholder that must win has its other items at their best
    ends (and a link it alone counts in at its best end), one that must
    lose at their worst; a stakeholder without links is moved only if its
    estimate is on the wrong side, as :func:`_moves` does.
    """
    initiative = context.initiative
    moves = _linked_moves(context, coupling, plan)
    quantities: dict[str, Number] = {}
    if plan.winners or plan.losers:
        found = coupling.solve(plan.winners, plan.losers)
        if found is None:  # cannot happen: the plan was found feasible
            msg = "the linked amounts of a reachable verdict have no solution; please report this"
            raise CocreateError(msg)
        quantities.update(found)
    for link, (holder, sign) in coupling.folded.items():
        if holder in moves:
            box = coupling.boxes[link]
            quantities[link] = box.high if moves[holder] == (sign > 0) else box.low
    spread = context.spread

    def item(thing: Any, *, cost: bool, owner: str) -> Any:
        link = thing.link
        if link in coupling.links:
            if link not in quantities:
                return thing
            value = float(quantities[link]) + 0.0
            if cost:
                return attrs.evolve(thing, cost=value)
            if value < 0 and thing.requires:
                return attrs.evolve(thing, amount=value, requires=())
            return attrs.evolve(thing, amount=value)
        if owner not in moves:
            return thing
        to_high = moves[owner] != cost
        return _moved(thing, spread, cost=cost, to_high=to_high)

    contributions = [item(c, cost=True, owner=c.source) for c in initiative.contributions]
    values = [item(v, cost=False, owner=v.beneficiary) for v in initiative.values]
    return initiative.evolve(contributions=contributions, values=values)


def _holds_at_estimates(context: _Judged) -> Iterable[bool]:
    threshold = context.rules.win_threshold
    accounts = context.initiative.accounts
    for check in WIN_CHECKS:
        yield all(accounts[m].net_value > threshold for m in context.verdicts.groups[check])


def _moved(item: Any, spread: float, *, cost: bool, to_high: bool) -> Any:
    lows, highs, _ = item_bounds([item], spread, cost=cost)
    bound = highs[0] if to_high else lows[0]
    if not cost and bound < 0 and item.requires:
        # Spread far enough, a gain becomes a loss, and a loss is borne by
        # its beneficiary alone: it requires no one (see Value.requires).
        return attrs.evolve(item, amount=bound, requires=())
    return attrs.evolve(item, **{"cost" if cost else "amount": bound})


# --------------------------------------------------------------------------
# Stability.


def _bits(value: float) -> int:
    """The position of a float >= 0 among the floats: adjacent floats are adjacent ints."""
    return int(struct.unpack("<q", struct.pack("<d", value))[0])


def _from_bits(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<q", bits))[0])


def _least_true(test: Callable[[float], bool], guess: float) -> float:
    """Return the least float >= 0 where ``test`` (monotone, False at 0) holds; inf if none.

    It gallops from the guess, doubling its steps, then halves the interval
    left: a good guess costs a few tests.
    """
    top = _bits(_LARGEST)
    start = _bits(min(guess, _LARGEST)) if guess >= 0 else _bits(1.0)  # NaN: no guess
    step = 1
    if test(_from_bits(start)):
        low, high = 0, start  # test(low) is False, test(high) is True
        while high - step > low and test(_from_bits(high - step)):
            high, step = high - step, step * 2
        low = max(low, high - step)
    else:
        low = start
        while True:
            probe = min(low + step, top)
            if test(_from_bits(probe)):
                high = probe
                break
            if probe == top:
                return _INF
            low, step = probe, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        if test(_from_bits(middle)):
            high = middle
        else:
            low = middle
    return _from_bits(high)


def _guess(net: float, threshold: float, absolute: float, costs: float) -> float:
    """Where, in exact arithmetic, a stakeholder's verdict first can change with the spread.

    At spread s its lowest net value is ``net - s (A + C)`` and, while s <= 1,
    its highest is ``net + s (A + C)``; beyond 1 its costs stop at 0, so its
    highest is ``net + C + s A`` (A: the sum of the sizes of its amounts,
    C: the sum of its costs).
    """
    weight = absolute + costs
    if weight == 0:
        return _INF
    if net > threshold:
        return (net - threshold) / weight
    below = (threshold - net) / weight
    if below <= 1.0:
        return below
    return (threshold - net - costs) / absolute if absolute > 0 else _INF


@attrs.frozen
class _Edge:
    """Where one stakeholder's verdict first can change: the float spread, and the exact guess."""

    spread: float
    guess: float
    member: str
    winning: bool


def _closed_form(
    account: Account, special: _Special, threshold: float
) -> tuple[float, float, bool]:
    """Return a stakeholder's edge in exact arithmetic, a floor, and whether it is at the threshold.

    The floor is a float spread its computed edge is not below; at the
    threshold any spread can make it win. The floor allows for every
    rounding (see the band of :func:`_settled`, divided by the rate
    ``A + C`` at which an end moves with the spread).
    """
    net, cost = account.net_value, account.cost
    absolute = account.received - 2.0 * special.negative
    weight = absolute + cost
    terms = account.contributions + account.values
    if not terms:
        return _INF, _INF, False
    if not weight > 0:
        return _guess(net, threshold, absolute, cost), 0.0, False
    guess = _guess(net, threshold, absolute, cost)
    if net == threshold and weight > 0:
        return 0.0, 0.0, True
    if not guess <= _LARGEST / 4:  # also NaN and inf: the edge is beyond any float, or near
        return guess, _LARGEST / 8, False  # only found if nothing before it changes the kind
    size = abs(account.received) + cost + abs(net) + 2.0 * abs(special.negative) + weight
    slack = 4 * _BAND * (2.0 + 2.0 * guess) * size / weight + 8 * _UNIT * guess
    slack += (terms + 64) * _TINY / weight
    return guess, max(0.0, guess - slack), False


def _edge(initiative: Initiative, member: str, threshold: float, guess: float) -> _Edge:
    """The least float spread at which the member's verdict can change, found to the bit."""
    winning = initiative.accounts[member].net_value > threshold

    def flips(spread: float) -> bool:
        low, high = _member_range(initiative, member, spread)
        return not low > threshold if winning else high > threshold

    return _Edge(_least_true(flips, guess), guess, member, winning)


@attrs.frozen
class Stability(ReadOnlyMappings):
    """How far every estimate may be off before the verdict can change.

    Made by :func:`explain_stability`; :func:`stability` returns its
    :attr:`spread`. It holds all its words show, the display names of the
    stakeholders it mentions among them, so equal results say the same.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = explain_stability(nike_plus())
    >>> result.spread, result.first
    (0.3333333333333333, ('nike',))
    >>> print(result.sentences[0])
    The verdict (co-creation) holds while every estimate is within ±33.3% of its
    value; 'Nike' is the first to stop winning.
    """

    #: The initiative's name.
    initiative: str
    #: The kind at the estimates.
    kind: Kind
    #: The supremum of the spreads under which the verdict is certain
    #: (``0.0``: any spread can change it; ``inf``: none can).
    spread: float
    #: The stakeholders whose verdict first can change, by id.
    first: tuple[str, ...]
    #: Of those, the ones that win at the estimates (they could stop winning).
    stop_winning: tuple[str, ...]
    #: The rules applied.
    rules: Rules
    #: The largest factor by which every stated range can be stretched (or must be
    #: shrunk) about its estimate with the verdict still certain, amounts without a
    #: range held at their estimates; 1 is exactly the stated ranges, ``inf`` any
    #: factor. ``None`` when no amount or cost has a range of its own.
    range_scale: float | None = None
    #: The stakeholders whose verdict changes at :attr:`range_scale`, by id.
    range_first: tuple[str, ...] = ()
    #: Stakeholders in the checks the verdict needs whose own verdict could change at
    #: a smaller spread than :attr:`spread` without changing the kind (others of
    #: their group still decide it), by id.
    earlier: tuple[str, ...] = ()
    #: The display name of each stakeholder named above, by id; read-only.
    names: Mapping[str, str] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False, kw_only=True
    )
    #: Those of them whose names read as many ("'runners' are"), by id.
    many: frozenset[str] = attrs.field(factory=frozenset, repr=False, kw_only=True)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """How far the estimates may move, and who is first to change."""
        return explain(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> explain_stability(nike_plus()).to_dict()["first"]
        ['nike']
        """
        return {
            "initiative": self.initiative,
            "kind": self.kind.value,
            "spread": self.spread,
            "first": list(self.first),
            "stop_winning": list(self.stop_winning),
            "range_scale": self.range_scale,
            "range_first": list(self.range_first),
            "earlier": list(self.earlier),
            "explanation": list(self.sentences),
            "rules": self.rules.to_dict(),
        }

    def __float__(self) -> float:
        """Return :attr:`spread`."""
        return self.spread

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def _point(initiative: Initiative) -> Initiative:
    """The initiative without the ranges its items carry."""
    contributions, values = initiative.contributions, initiative.values
    if not any(c.low is not None or c.high is not None for c in contributions) and not any(
        v.low is not None or v.high is not None for v in values
    ):
        return initiative
    return initiative.evolve(
        contributions=[attrs.evolve(c, low=None, high=None) for c in contributions],
        values=[attrs.evolve(v, low=None, high=None) for v in values],
    )


class _Edges:
    """The members' edges in increasing order, each found to the bit only when it may be next."""

    def __init__(self, point: Initiative, members: Iterable[str], threshold: float) -> None:
        self.point = point
        self.threshold = threshold
        specials = _specials(point)
        floors = []
        self.known: list[tuple[float, str, _Edge]] = []
        for member in members:
            account = point.accounts[member]
            guess, floor, even = _closed_form(account, specials.get(member, _PLAIN), threshold)
            if even:
                self.known.append((0.0, member, _Edge(0.0, 0.0, member, winning=False)))
            elif floor < _INF:  # an infinite floor: nothing it has can move
                floors.append((floor, member, guess))
        floors.sort()
        self.floors = floors
        heapq.heapify(self.known)
        self.next = 0

    def _settle(self) -> None:
        """Find every edge whose floor is not above the least edge found so far."""
        floors = self.floors
        while self.next < len(floors) and (
            not self.known or floors[self.next][0] <= self.known[0][0]
        ):
            _, member, guess = floors[self.next]
            edge = _edge(self.point, member, self.threshold, guess)
            heapq.heappush(self.known, (edge.spread, member, edge))
            self.next += 1

    def pop(self) -> list[_Edge]:
        """The members with the least edge not popped yet (none once every edge is inf)."""
        self._settle()
        if not self.known or math.isinf(self.known[0][0]):
            return []
        spread = self.known[0][0]
        crossed = []
        while self.known and self.known[0][0] == spread:
            crossed.append(heapq.heappop(self.known)[2])
        return crossed


def _first_edge(
    point: Initiative, rules: Rules, edges: _Edges
) -> tuple[float, list[_Edge], list[str]]:
    """The least spread at which more than one kind is reachable, its edges, and earlier ones.

    The earlier ones are the members whose verdict could change before it
    without changing the kind.

    With linked items, each stakeholder's own interval overstates what the
    others allow together, so the first such edge is only a lower bound: it
    is taken if :func:`_judge`, which decides the links exactly, finds more
    than one kind there; else the least float spread at which it does is
    searched for from there (the exact judgment is monotone in the spread),
    and the members whose edges come last before it decide.
    """
    threshold = rules.win_threshold
    can_win = {key: a.net_value > threshold for key, a in point.accounts.items()}
    can_lose = {key: not wins for key, wins in can_win.items()}
    verdicts = Verdicts(Facts(point, rules), can_win, can_lose)
    earlier: list[str] = []
    while crossed := edges.pop():
        for edge in crossed:
            verdicts.loosen(edge.member, was_winning=edge.winning)
        if len(set(verdicts.reachable().values())) > 1:
            break
        earlier.extend(edge.member for edge in crossed)
    else:
        return _INF, [], earlier
    if not linked_items(point):
        return crossed[0].spread, crossed, earlier
    spread = crossed[0].spread

    def uncertain(at: float) -> bool:
        return not _judge(point, rules, at)[0].certain

    if uncertain(spread):
        return spread, crossed, earlier
    spread = _least_true(uncertain, spread)
    if math.isinf(spread):
        return _INF, [], [*earlier, *(edge.member for edge in crossed)]
    while (more := edges.pop()) and more[0].spread <= spread:
        earlier.extend(edge.member for edge in crossed)
        crossed = more
    return spread, crossed, earlier


def _search_scale(initiative: Initiative, rules: Rules) -> Scale | None:
    """The range scale found to the float, by the exact judgment of the stretched ranges.

    The least factor at which another kind is reachable (see
    :func:`cocreate._scale.too_linked`).
    """
    if not has_stated_ranges(initiative):
        return None

    def uncertain(k: float) -> bool:
        return not _judge(stretched(initiative, k), rules, 0.0)[0].certain

    found = _least_true(uncertain, 1.0)
    if math.isinf(found):
        return Scale(_INF, ())
    return Scale(found, _judge(stretched(initiative, found), rules, 0.0)[0].pivotal)


def explain_stability(initiative: Initiative, *, rules: Rules | None = None) -> Stability:
    """Return how far every estimate may be off before the verdict can change, and who moves first.

    The estimates' own ranges are dropped; every amount and cost gets the
    same spread (see :func:`robustness`). For each stakeholder in a win check
    that some kind needs, the least spread at which its verdict can change
    is found in closed form, then to the last bit with the same arithmetic
    as :func:`robustness`; the first at which more than one kind is
    reachable is the result.

    ``spread`` is the supremum: every smaller spread leaves the verdict
    certain and every larger one does not (at the spread itself, either may
    hold). It is ``0.0`` when a stakeholder the verdict needs is exactly at
    the win threshold: any spread, however small, lets it win (a spread too
    small to change any float, below about 1e-16, changes nothing). It is
    ``inf`` when no spread can change the verdict.

    Examples
    --------
    >>> from cocreate.examples import nike_plus, my_starbucks_idea
    >>> explain_stability(my_starbucks_idea()).first
    ('starbucks',)
    >>> print(explain_stability(my_starbucks_idea()))
    The verdict (customer-focused innovation) holds while every estimate is
    within ±23.1% of its value; 'Starbucks' is the first to stop winning.
    """
    initiative = initiative_arg(initiative, "explain_stability")
    rules = rules_arg(rules)
    initiative = rules.judged(initiative)
    point = _point(initiative)
    facts = Facts(point, rules)
    verdicts = Verdicts(facts, {}, {})
    members = sorted({m for check in verdicts.matter() for m in verdicts.groups[check]})
    spread, crossed, earlier = _first_edge(
        point, rules, _Edges(point, members, rules.win_threshold)
    )
    if crossed and spread > 0:
        # Both the last float before the edge and the edge itself bound the
        # certain spreads; report the one nearer the exact answer.
        before = math.nextafter(spread, 0.0)
        guess = crossed[0].guess
        spread = before if abs(before - guess) <= abs(spread - guess) else spread
    first = tuple(e.member for e in crossed)
    scale = _search_scale(initiative, rules) if too_linked(initiative) else None
    scale = scale or range_scale(initiative, rules)
    range_first = () if scale is None else scale.first
    before_first = tuple(sorted(set(earlier) - set(first)))
    return Stability(
        initiative.name,
        decide(facts.holds()),
        spread,
        first,
        tuple(e.member for e in crossed if e.winning),
        rules,
        range_scale=None if scale is None else scale.scale,
        range_first=range_first,
        earlier=before_first,
        names=_names(initiative, (*first, *range_first, *before_first)),
        many=_many(initiative, (*first, *range_first, *before_first)),
    )


def _names(initiative: Initiative, ids: Iterable[str]) -> Mapping[str, str]:
    """The display names of just these stakeholders, by id, in order of id; read-only."""
    return MappingProxyType({key: initiative.stakeholder(key).name for key in sorted(set(ids))})


def _many(initiative: Initiative, ids: Iterable[str]) -> frozenset[str]:
    """Those of these stakeholders whose names read as many (a plural verb)."""
    return frozenset(key for key in ids if many(initiative.stakeholder(key)))


def stability(initiative: Initiative, *, rules: Rules | None = None) -> float:
    """Return the supremum of the spreads under which the verdict is certain.

    The spread a verdict survives: with every estimate (its own range
    dropped) anywhere within plus or minus that fraction of its size, the
    kind stays the same. ``0.0`` if any spread can change the verdict,
    ``inf`` if none can. :func:`explain_stability` says who changes first.

    Examples
    --------
    >>> from cocreate.examples import nike_plus, cross_team_project
    >>> stability(nike_plus())
    0.3333333333333333
    >>> robustness(nike_plus(), spread=0.33).certain, robustness(nike_plus(), spread=0.34).certain
    (True, False)
    >>> stability(cross_team_project())
    inf
    """
    initiative_arg(initiative, "stability")
    return explain_stability(initiative, rules=rules).spread


# --------------------------------------------------------------------------
# Simulation.


@attrs.frozen
class Simulation(ReadOnlyMappings):
    """The share of random valuations within the ranges that gives each kind.

    Made by :func:`simulate`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = simulate(nike_plus(), n=1000, seed=1, spread=0.5)
    >>> result.probabilities[Kind.CO_CREATION], result.probabilities[Kind.COLLABORATION]
    (0.935, 0.065)
    >>> result.wins["nike"], result.wins["apple"], result.wins["runners"]
    (0.95, 0.985, 1.0)
    """

    #: The initiative's name.
    initiative: str
    #: The kind at the estimates.
    kind: Kind
    #: How many valuations were drawn.
    n: int
    #: Each kind, in :class:`Kind` order, to the share of draws that gave it.
    probabilities: Mapping[Kind, float] = attrs.field(hash=False)
    #: Each stakeholder's id to the share of draws in which it wins.
    wins: Mapping[str, float] = attrs.field(hash=False, repr=False)
    #: The stakeholders the verdict turns on (see :attr:`Robustness.pivotal`).
    pivotal: tuple[str, ...]
    #: ``"uniform"`` or ``"triangular"``.
    distribution: str
    #: The spread applied to estimates without a range.
    spread: float
    #: The seed, as given.
    seed: int | str | bytes | None
    #: The rules applied.
    rules: Rules
    #: Each win check with members (the focal organization wins, every co-creator
    #: wins, every customer wins) to the share of draws in which it holds.
    checks: Mapping[Check, float] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False
    )
    #: The stakeholders most likely to lose, least often winning first (at most
    #: five, only those that lose in some draw and that a win check is about).
    losers: tuple[str, ...] = attrs.field(default=(), repr=False)
    #: Each of those win checks to the stakeholders it is about, by id.
    groups: Mapping[Check, tuple[str, ...]] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False
    )
    #: Each kind to a 95% interval of its share (Wilson's, from the draws).
    intervals: Mapping[Kind, tuple[float, float]] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False
    )
    #: The display name of each stakeholder the words and view name (those the
    #: verdict turns on, the likeliest losers, the one member of a win check),
    #: by id; read-only.
    names: Mapping[str, str] = attrs.field(
        factory=lambda: MappingProxyType({}), hash=False, repr=False
    )
    #: Those of them whose names read as many ("'runners' win"), by id.
    many: frozenset[str] = attrs.field(factory=frozenset, repr=False, kw_only=True)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """The share of each kind drawn, and how often each pivotal stakeholder wins."""
        return explain(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> simulate(nike_plus(), n=10, seed=1).to_dict()["probabilities"]["co_creation"]
        1.0
        """
        return {
            "initiative": self.initiative,
            "kind": self.kind.value,
            "n": self.n,
            "probabilities": {k.value: p for k, p in self.probabilities.items()},
            "wins": dict(sorted(self.wins.items())),
            "pivotal": list(self.pivotal),
            "distribution": self.distribution,
            "spread": self.spread,
            "seed": self.seed if not isinstance(self.seed, bytes) else self.seed.hex(),
            "checks": {check.value: share for check, share in self.checks.items()},
            "losers": list(self.losers),
            "groups": {check.value: list(members) for check, members in self.groups.items()},
            "intervals": {k.value: list(pair) for k, pair in self.intervals.items()},
            "explanation": list(self.sentences),
            "rules": self.rules.to_dict(),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def _terms(initiative: Initiative, key: str, spread: float) -> list[tuple[float, float, float]]:
    """A stakeholder's terms as (low, high, estimate), costs negated, in a canonical order."""
    given = initiative.contributions_by(key)
    cost_low, cost_high, _ = item_bounds(given, spread, cost=True)
    got = initiative.values_to(key)
    amount_low, amount_high, _ = item_bounds(got, spread, cost=False)
    terms = list(zip(amount_low, amount_high, (v.amount for v in got), strict=True))
    terms.extend(
        zip(
            map(operator.neg, cost_high),
            map(operator.neg, cost_low),
            (-c.cost for c in given),
            strict=True,
        )
    )
    terms.sort()
    return terms


def _uniform(ranged: list[tuple[float, float, float]]) -> Callable[[random.Random], list[float]]:
    lows = [low for low, _, _ in ranged]
    highs = [high for _, high, _ in ranged]
    widths = list(map(float.__sub__, highs, lows))
    size = len(ranged)
    add, mul, mix = operator.add, operator.mul, _mix
    if _INF in widths:
        return lambda rng: list(map(mix, lows, highs, [rng.random() for _ in range(size)]))
    # A chain of maps over C functions: one draw of every term, no bytecode per term.
    return lambda rng: list(
        map(add, lows, map(mul, widths, itertools.starmap(rng.random, itertools.repeat((), size))))
    )


def _mix(low: float, high: float, share: float) -> float:
    return low * (1.0 - share) + high * share


def _place(low: float, high: float, mode: float) -> float:
    """Where ``mode`` lies in ``[low, high]``, from 0 to 1; 0.5 for a range of no width."""
    width = high / 2 - low / 2
    if not width > 0:
        return 0.5
    return min(1.0, max(0.0, (mode / 2 - low / 2) / width))


def _triangular(ranged: list[tuple[float, float, float]]) -> Callable[[random.Random], list[float]]:
    # The mode's place within the range, from halves so that no difference
    # overflows; a range too narrow for its halves to differ is a point.
    shapes = [(low, high, _place(low, high, mode)) for low, high, mode in ranged]
    sqrt = math.sqrt

    def draw(rng: random.Random) -> list[float]:
        out = []
        for low, high, mode in shapes:
            u = rng.random()
            share = sqrt(u * mode) if u < mode else 1.0 - sqrt((1.0 - u) * (1.0 - mode))
            out.append(low * (1.0 - share) + high * share)
        return out

    return draw


def _draw_nets(
    terms: list[tuple[float, float, float]],
    bounds: tuple[float, float],
    n: int,
    rng: random.Random,
    distribution: str,
) -> list[float]:
    """``n`` draws of a stakeholder's net value, each term drawn independently."""
    ranged = [t for t in terms if t[0] < t[1]]
    fixed = exact_sum([t[0] for t in terms if not t[0] < t[1]])
    draw = (_uniform if distribution == "uniform" else _triangular)(ranged)
    low, high = bounds
    nets = []
    for _ in range(n):
        total = exact_sum([fixed, *draw(rng)])
        # Rounding in a draw may leave the range by an ulp; the range is exact.
        nets.append(min(max(total, low), high))
    return nets


def _column(
    low: float, high: float, mode: float, n: int, rng: random.Random, shape: str
) -> list[float]:
    """``n`` draws of one quantity in ``[low, high]``, uniform or triangular with its mode.

    A list comprehension: measured faster than a chain of maps here, since
    the draws are clamped only when rounding left the range (by an ulp).
    """
    if not low < high:
        return [low] * n
    draw = rng.random
    if shape == "uniform":
        width = high - low
        drawn = [low + width * draw() for _ in range(n)]
    else:
        place = _place(low, high, mode)
        sqrt = math.sqrt
        shares = [
            sqrt(u * place) if u < place else 1.0 - sqrt((1.0 - u) * (1.0 - place))
            for u in [draw() for _ in range(n)]
        ]
        drawn = [low * (1.0 - share) + high * share for share in shares]
    if min(drawn) < low or max(drawn) > high:
        drawn = [min(max(x, low), high) for x in drawn]
    return drawn


class _Shared(dict[str, list[float]]):
    """The coupling quantities' draws, each drawn when first needed, in the order needed."""

    def __init__(self, coupling: Coupling, n: int, rng: random.Random, distribution: str) -> None:
        super().__init__()
        self.coupling, self.n, self.rng, self.distribution = coupling, n, rng, distribution

    def __missing__(self, link: str) -> list[float]:
        box = self.coupling.boxes[link]
        low, high = float(box.low), float(box.high)
        mode = float(self.coupling.estimates[link])
        drawn = self[link] = _column(low, high, mode, self.n, self.rng, self.distribution)
        return drawn


def _draw_linked(
    coupling: Coupling,
    key: str,
    drawn: Mapping[str, list[float]],
    bounds: tuple[float, float],
    n: int,
    rng: random.Random,
    distribution: str,
) -> list[float]:
    """``n`` draws of a linked stakeholder's net value: its other items drawn, its links shared.

    Column by column: each term's ``n`` draws, then each draw's exactly
    rounded sum (``math.fsum`` over the columns zipped), so that no bytecode
    runs per term and draw.
    """
    initiative = coupling.initiative
    links = coupling.links
    given = [c for c in initiative.contributions_by(key) if c.link not in links]
    got = [v for v in initiative.values_to(key) if v.link not in links]
    terms = []
    for items, cost in ((given, True), (got, False)):
        for item in items:
            low, high = coupling.ends(item, cost)
            estimate = exact(item.cost if cost else item.amount)  # type: ignore[union-attr]
            if cost:
                low, high, estimate = -high, -low, -estimate
            terms.append((float(low), float(high), float(estimate)))
    for link, (holder, sign) in coupling.folded.items():
        if holder == key:
            box, estimate = coupling.boxes[link], coupling.estimates[link]
            pair = sorted((sign * box.low, sign * box.high))
            terms.append((float(pair[0]), float(pair[1]), float(sign * estimate)))
    terms.sort()
    fixed = math.fsum(t[0] for t in terms if not t[0] < t[1])
    columns = [[fixed] * n]
    columns += [_column(*t, n, rng, distribution) for t in terms if t[0] < t[1]]
    for var, c in sorted(coupling.forms[key].items()):
        shared = drawn[coupling.coupling[var]]
        columns.append(shared if c == 1 else list(map(float(c).__mul__, shared)))
    least, most = bounds
    sums = map(math.fsum, zip(*columns, strict=True))
    return list(map(min, map(max, sums, itertools.repeat(least)), itertools.repeat(most)))


def wilson(count: int, n: int) -> tuple[float, float]:
    """Wilson's 95% interval for a share of ``count`` in ``n`` draws.

    Examples
    --------
    >>> low, high = wilson(5000, 10_000)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.5098)
    >>> wilson(0, 100)[0], wilson(100, 100)[1]
    (0.0, 1.0)
    """
    z = 1.959963984540054
    share = count / n
    scale = 1 + z * z / n
    middle = (share + z * z / (2 * n)) / scale
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / scale
    low = 0.0 if count == 0 else max(0.0, middle - half)
    high = 1.0 if count == n else min(1.0, middle + half)
    return low, high


_BITS = bytes.maketrans(b"\x00\x01", b"01")


def _above(nets: list[float], threshold: float) -> int:
    """The draws as bits of an int: bit i set when draw i is above the threshold.

    Written over C functions (``bytes`` of the comparisons, translated to
    digits), a few times faster than a generator of flags per draw.
    """
    flags = bytes(map(float(threshold).__lt__, nets))
    return int(flags.translate(_BITS)[::-1] or b"0", 2)


def _kind_counts(verdicts: Verdicts, masks: Mapping[str, int], full: int) -> dict[Kind, int]:
    groups = {}
    for check in WIN_CHECKS:
        mask = full
        for member in verdicts.groups[check]:
            mask &= masks[member]
        groups[check] = mask
    counts = dict.fromkeys(Kind, 0)
    for combo in itertools.product((True, False), repeat=len(WIN_CHECKS)):
        mask = full
        for check, holds in zip(WIN_CHECKS, combo, strict=True):
            mask &= groups[check] if holds else full ^ groups[check]
        if mask:
            counts[verdicts.kind(combo)] += mask.bit_count()
    return counts


def simulate(
    initiative: Initiative,
    *,
    n: int = 10_000,
    seed: int | str | bytes | None = None,
    rules: Rules | None = None,
    spread: float = 0.0,
    distribution: str = "uniform",
) -> Simulation:
    """Draw valuations within the ranges and return the share that gives each kind.

    Each amount and cost with a range (its own, or the spread's; see
    :func:`robustness`) is drawn independently, uniformly or from a
    triangular distribution with its mode at the estimate; items that share
    a link are one number per draw. Only the
    stakeholders whose net value can fall on either side of the win
    threshold are drawn; the others win in every draw or in none. A draw
    never gives a kind that :func:`robustness` finds unreachable.

    Parameters
    ----------
    initiative
        The initiative.
    n
        How many valuations to draw, from 1 to :data:`MAX_DRAWS` (10**7):
        memory and time grow with ``n``, so a larger ``n`` is refused.
    seed
        Seed of the :class:`random.Random` that draws them: the same seed
        gives the same result. ``None`` draws a fresh seed from the system.
    rules
        The rules to apply; the defaults if ``None``.
    spread
        The spread for estimates without a range, a finite number >= 0.
    distribution
        ``"uniform"`` or ``"triangular"``.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = simulate(nike_plus(), n=2000, seed=7, spread=0.5, distribution="triangular")
    >>> {k.label: p for k, p in result.probabilities.items() if p}
    {'co-creation': 0.9975, 'collaboration': 0.0025}
    >>> print(result)
    In 2000 draws (triangular within the ranges), 'Nike+' is co-creation in 99.8% of
    them and collaboration in 0.25%.
    'Apple' wins in 100% of the draws and 'Nike' in 99.8%.
    The co-creators win in 100% of draws; 'runners' in 100%; the firm 'Nike' in 99.8%.
    """
    initiative = initiative_arg(initiative, "simulate")
    n, rng = _count_arg(n), _rng(seed)
    distribution = _distribution_arg(distribution)
    rules = rules_arg(rules)
    initiative = rules.judged(initiative)
    judged, context = _judge(initiative, rules, spread_arg(spread))
    threshold = judged.rules.win_threshold
    full = (1 << n) - 1
    masks, wins = {}, {}
    coupling = context.coupling
    drawn = {} if coupling is None else _Shared(coupling, n, rng, distribution)
    for key, (low, high) in sorted(judged.net_ranges.items()):
        if low > threshold or not high > threshold:
            masks[key] = full if low > threshold else 0
        else:
            if coupling is not None and key in coupling.forms:
                nets = _draw_linked(coupling, key, drawn, (low, high), n, rng, distribution)
            else:
                nets = _draw_nets(
                    _terms(initiative, key, judged.spread), (low, high), n, rng, distribution
                )
            masks[key] = _above(nets, threshold)
        wins[key] = masks[key].bit_count() / n
    counts = _kind_counts(context.verdicts, masks, full)
    groups = context.verdicts.groups
    checks = {}
    for check in WIN_CHECKS:
        if groups[check]:
            mask = full
            for member in groups[check]:
                mask &= masks[member]
            checks[check] = mask.bit_count() / n
    members = {m for check in WIN_CHECKS for m in groups[check]}
    losers = sorted((wins[m], m) for m in members if wins[m] < 1)[:5]
    alone = [groups[check][0] for check in checks if len(groups[check]) == 1]
    named = [*judged.pivotal, *(m for _, m in losers), *alone]
    return Simulation(
        initiative.name,
        judged.kind,
        n,
        MappingProxyType({kind: count / n for kind, count in counts.items()}),
        MappingProxyType(wins),
        judged.pivotal,
        distribution,
        judged.spread,
        seed,
        judged.rules,
        MappingProxyType(checks),
        tuple(m for _, m in losers),
        MappingProxyType({check: tuple(groups[check]) for check in checks}),
        MappingProxyType({kind: wilson(count, n) for kind, count in counts.items()}),
        _names(initiative, named),
        many=_many(initiative, named),
    )
