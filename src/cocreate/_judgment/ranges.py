"""How sure a verdict is: ranges, robustness, stability and simulation.

Amounts and costs are estimates. Each may carry a range (``low``, ``high``);
``spread=s`` gives every amount ``a`` without one the range
``[a - s|a|, a + s|a|]`` and every cost ``c`` without one
``[max(0, c - s c), c + s c]``. An item with a range keeps it whatever the
spread; a bound it leaves out (``None``) is its estimate.

Every amount counts for exactly one stakeholder (a value for its
beneficiary, a cost for its contributor), so each stakeholder's net value
ranges over an interval, independently of the others: its lowest is the
exactly rounded sum of its values' lows minus its costs' highs, its highest
the other way round. Exact rounding is monotone, so no valuation within the
ranges gives a net value outside that interval, and both ends are reached.

The checks that do not depend on amounts (:meth:`Facts.structure`) are
fixed; the three win checks depend only on their groups' intervals. So the
kinds reachable within the ranges are found exactly by trying the eight
verdicts of the win checks, each judged feasible from the intervals alone,
and handing each feasible one to :func:`cocreate._rules.params.decide`, the one
statement of the order of the kinds.

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

from cocreate._model.fast import net_sum
from cocreate._model.hooks import explain, to_html
from cocreate._model.pickling import ReadOnlyMappings
from cocreate._model.validate import describe, exact_sum, whole_number
from cocreate._rules.facts import Facts
from cocreate._rules.params import (
    WIN_CHECKS,
    Check,
    Kind,
    Rules,
    decide,
    initiative_arg,
    rules_arg,
)
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

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
    accounts = initiative.accounts
    if spread == 0.0 and not _has_any_ranges(initiative):
        can_win = {key: a.net_value > threshold for key, a in accounts.items()}
        return can_win, {key: not wins for key, wins in can_win.items()}
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
    """What a robustness result keeps to write words and build witnesses. Not compared."""

    __slots__ = ("initiative", "reached", "rules", "spread", "verdicts")

    def __init__(
        self,
        initiative: Initiative,
        rules: Rules,
        spread: float,
        verdicts: Verdicts,
        reached: dict[Combo, Kind],
    ) -> None:
        self.initiative = initiative
        self.rules = rules
        self.spread = spread
        self.verdicts = verdicts
        self.reached = reached

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the fields, at any protocol (slots alone pickle only from protocol 2)."""
        return _Judged, (self.initiative, self.rules, self.spread, self.verdicts, self.reached)


@attrs.frozen
class Robustness:
    """Which kinds an initiative could be, with every amount and cost within its range.

    Made by :func:`robustness`. :attr:`net_ranges` has each stakeholder's
    lowest and highest net value; :meth:`witness` builds, for each reachable
    kind, an initiative with every amount within its range that classifies
    as that kind.

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
    _context: _Judged | None = attrs.field(default=None, eq=False, repr=False, alias="_context")

    @functools.cached_property
    def net_ranges(self) -> Mapping[str, tuple[float, float]]:
        """Each stakeholder's id to its (lowest, highest) net value, exactly rounded; read-only.

        Summed term by term when first read (:func:`robustness` settles most
        verdicts from the accounts alone).
        """
        context = self._context
        if context is None:
            return MappingProxyType({})
        return MappingProxyType(net_ranges(context.initiative, context.spread))

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
        context = self._context
        if not isinstance(kind, Kind) or kind not in self.kinds or context is None:
            reachable = ", ".join(k.label for k in Kind if k in self.kinds)
            msg = (
                f"no valuation within the ranges makes {self.initiative!r} {describe(kind)}; "
                f"reachable: {reachable}"
            )
            raise CocreateError(msg)
        return _witness(context, kind)

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
    verdicts = Verdicts(facts, can_win, can_lose)
    reached = verdicts.reachable()
    decisive = _decisive(reached)
    pivotal = sorted(
        {m for check in decisive for m in verdicts.groups[check] if can_win[m] and can_lose[m]}
    )
    context = _Judged(initiative, rules, spread, verdicts, reached)
    result = Robustness(
        initiative.name,
        decide(facts.holds()),
        frozenset(reached.values()),
        tuple(pivotal),
        spread,
        rules,
        context,
    )
    return result, context


def robustness(
    initiative: Initiative, *, rules: Rules | None = None, spread: float = 0.0
) -> Robustness:
    """Return which kinds the initiative could be, with its estimates within their ranges.

    Each amount or cost with a ``low`` or ``high`` keeps its own range (a
    bound left out is the estimate); every other one ranges over its
    estimate plus or minus ``spread`` times its size (a cost never below 0).
    Each stakeholder's net value then ranges over an interval, independently
    of the others, and the kinds reachable are found exactly, in time linear
    in the size of the initiative.

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
    initiative = context.initiative
    estimates = tuple(_holds_at_estimates(context))
    combo = min(
        (c for c, k in context.reached.items() if k is kind),
        key=lambda c: _distance(c, estimates),
    )
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
class Stability:
    """How far every estimate may be off before the verdict can change.

    Made by :func:`explain_stability`; :func:`stability` returns its
    :attr:`spread`.

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
    _context: Initiative | None = attrs.field(default=None, eq=False, repr=False, alias="_context")

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


def _first_edge(point: Initiative, rules: Rules, edges: _Edges) -> tuple[float, list[_Edge]]:
    """The least spread at which more than one kind is reachable, and the edges it crosses."""
    threshold = rules.win_threshold
    can_win = {key: a.net_value > threshold for key, a in point.accounts.items()}
    can_lose = {key: not wins for key, wins in can_win.items()}
    verdicts = Verdicts(Facts(point, rules), can_win, can_lose)
    while crossed := edges.pop():
        for edge in crossed:
            verdicts.loosen(edge.member, was_winning=edge.winning)
        if len(set(verdicts.reachable().values())) > 1:
            return crossed[0].spread, crossed
    return _INF, []


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
    initiative = initiative_arg(initiative, "stability")
    rules = rules_arg(rules)
    initiative = rules.judged(initiative)
    point = _point(initiative)
    facts = Facts(point, rules)
    verdicts = Verdicts(facts, {}, {})
    members = sorted({m for check in verdicts.matter() for m in verdicts.groups[check]})
    spread, crossed = _first_edge(point, rules, _Edges(point, members, rules.win_threshold))
    if crossed and spread > 0:
        # Both the last float before the edge and the edge itself bound the
        # certain spreads; report the one nearer the exact answer.
        before = math.nextafter(spread, 0.0)
        guess = crossed[0].guess
        spread = before if abs(before - guess) <= abs(spread - guess) else spread
    first = tuple(e.member for e in crossed)
    return Stability(
        initiative.name,
        decide(facts.holds()),
        spread,
        first,
        tuple(e.member for e in crossed if e.winning),
        rules,
        initiative,
    )


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
    _context: Initiative | None = attrs.field(default=None, eq=False, repr=False, alias="_context")

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


def _mask(flags: Iterable[bool]) -> int:
    """The draws as bits of an int: bit i set when draw i has the flag."""
    return int("".join("1" if flag else "0" for flag in flags)[::-1] or "0", 2)


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
    triangular distribution with its mode at the estimate. Only the
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
    for key, (low, high) in sorted(judged.net_ranges.items()):
        if low > threshold or not high > threshold:
            masks[key] = full if low > threshold else 0
        else:
            nets = _draw_nets(
                _terms(initiative, key, judged.spread), (low, high), n, rng, distribution
            )
            masks[key] = _mask(net > threshold for net in nets)
        wins[key] = masks[key].bit_count() / n
    counts = _kind_counts(context.verdicts, masks, full)
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
        initiative,
    )
