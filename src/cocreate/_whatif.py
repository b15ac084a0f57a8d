"""What would change the verdict: without, compare, defections and balance.

Pure functions of initiatives, returning frozen results; the sentences that
explain them are written by ``_explain_judgment`` when first read.
"""

from __future__ import annotations

import decimal
import functools
import math
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._model import Initiative, Stakeholder
from cocreate._params import Check, Kind, Rules, initiative_arg, rules_arg
from cocreate._rules import Classification, Facts, classify
from cocreate._validate import as_written, decimal_sum, exact_sum, rounded
from cocreate.exceptions import CocreateError, UnknownStakeholderError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

#: Enough digits to divide two floats written as decimals and round once.
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation])

__all__ = [
    "Balance",
    "BalanceEntry",
    "Comparison",
    "Defection",
    "balance",
    "compare",
    "defections",
    "without",
]


def without(initiative: Initiative, *stakeholders: str | Stakeholder) -> Initiative:
    """Return the initiative without some stakeholders and everything that involves them.

    Removed with each stakeholder: every contribution it gives or receives,
    every value it receives or provides, and every value that requires it
    (:attr:`Value.requires`): a value is not created without those it
    requires, so its beneficiary loses it. Other stakeholders that belong to
    it (``organization``) belong to no organization afterwards, and those
    that were its customers (``customer_of``) no longer are.

    Raises
    ------
    UnknownStakeholderError
        If a stakeholder is not in the initiative.
    CocreateError
        If asked to remove the focal organization: an initiative needs one.

    Examples
    --------
    >>> from cocreate import classify
    >>> from cocreate.examples import nike_plus
    >>> alone = without(nike_plus(), "apple")
    >>> print(alone)
    Initiative 'Nike+' with 2 stakeholders, 4 contributions, 0 values
    >>> classify(alone).kind.label
    'collaboration'

    Nike's shoe sales and the runners' experience require Apple's sensor,
    so they go with it; a value that requires no one stays:

    >>> [v.description for v in nike_plus().values if "apple" not in v.requires]
    ['iPod sales']
    """
    initiative = initiative_arg(initiative, "without")
    removed = {initiative.stakeholder(s).id for s in stakeholders}
    if initiative.focal in removed:
        msg = (
            f"cannot remove the focal organization {initiative.focal!r} from "
            f"{initiative.name!r}: an initiative needs one"
        )
        raise CocreateError(msg)
    if not removed:
        return initiative
    return initiative.evolve(
        stakeholders=[
            _unlinked(s, removed) for s in initiative.stakeholders if s.id not in removed
        ],
        contributions=[
            c
            for c in initiative.contributions
            if c.source not in removed and c.target not in removed
        ],
        values=[
            v
            for v in initiative.values
            if v.beneficiary not in removed
            and v.provider not in removed
            and removed.isdisjoint(v.requires)
        ],
    )


def _unlinked(person: Stakeholder, removed: set[str]) -> Stakeholder:
    organization = None if person.organization in removed else person.organization
    customer_of = person.customer_of - removed
    if organization == person.organization and customer_of == person.customer_of:
        return person
    return attrs.evolve(person, organization=organization, customer_of=customer_of)


# --------------------------------------------------------------------------
# Comparison.


@attrs.frozen
class Comparison:
    """What changed between two initiatives: the kind, net values, criteria.

    Made by :func:`compare`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = compare(nike_plus(), without(nike_plus(), "apple"))
    >>> result.changed, dict(result.net_changes)
    (True, {'apple': (3.0, None), 'nike': (5.0, -5.0), 'runners': (3.0, -1.0)})
    >>> [check.value for check in result.flipped]
    ['focal_wins', 'co_creators_win', 'customers_win', 'three_parties']
    """

    #: The classification of the first initiative.
    before: Classification
    #: The classification of the second.
    after: Classification
    #: Each stakeholder whose net value differs, or that is on one side only,
    #: to its net value before and after (``None`` where it is absent); by id.
    net_changes: Mapping[str, tuple[float | None, float | None]] = attrs.field(hash=False)
    #: Each check whose verdict differs, in :class:`Check` order, to (before, after).
    flipped: Mapping[Check, tuple[bool, bool]] = attrs.field(hash=False)
    _context: tuple[Initiative, Initiative] | None = attrs.field(
        default=None, eq=False, repr=False, alias="_context"
    )

    @property
    def changed(self) -> bool:
        """Whether the kind differs."""
        return self.before.kind is not self.after.kind

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Whether the kind changed, whose net values changed, which criteria flipped."""
        from cocreate._explain_judgment import comparison_sentences

        return comparison_sentences(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = compare(nike_plus(), without(nike_plus(), "apple")).to_dict()
        >>> data["before"], data["after"]
        ('co_creation', 'collaboration')
        >>> data["net_changes"]
        {'apple': [3.0, None], 'nike': [5.0, -5.0], 'runners': [3.0, -1.0]}
        """
        return {
            "initiatives": [self.before.initiative, self.after.initiative],
            "before": self.before.kind.value,
            "after": self.after.kind.value,
            "changed": self.changed,
            "net_changes": {key: list(pair) for key, pair in self.net_changes.items()},
            "flipped": {check.value: list(pair) for check, pair in self.flipped.items()},
            "explanation": list(self.sentences),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html_judgment import render

        return render(self)


def _net_changes(
    before: Initiative, after: Initiative
) -> dict[str, tuple[float | None, float | None]]:
    old, new = before.accounts, after.accounts
    changes: dict[str, tuple[float | None, float | None]] = {}
    for key in sorted(old.keys() | new.keys()):
        was = old[key].net_value if key in old else None
        now = new[key].net_value if key in new else None
        if was != now:
            changes[key] = (was, now)
    return changes


def compare(before: Initiative, after: Initiative, *, rules: Rules | None = None) -> Comparison:
    """Return what changed from one initiative to another: kind, net values, criteria.

    Examples
    --------
    >>> from cocreate import Value
    >>> from cocreate.examples import nike_plus
    >>> nike = nike_plus()
    >>> poorer = nike.evolve(values=[*nike.values, Value("apple", -4)])
    >>> print(compare(nike, poorer))
    'Nike+' changes from co-creation to collaboration.
    Net values: 'Apple' from 3 to -1.
    Criteria that flipped: every co-creator wins (held, now fails).
    >>> compare(nike, nike).changed, dict(compare(nike, nike).net_changes)
    (False, {})
    """
    before = initiative_arg(before, "compare")
    after = initiative_arg(after, "compare")
    rules = rules_arg(rules)
    was, now = Facts(before, rules).holds(), Facts(after, rules).holds()
    return Comparison(
        classify(before, rules=rules),
        classify(after, rules=rules),
        MappingProxyType(_net_changes(before, after)),
        MappingProxyType({c: (was[c], now[c]) for c in Check if was[c] != now[c]}),
        (before, after),
    )


@attrs.frozen
class Defection:
    """The verdict without one external contributor. Made by :func:`defections`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> apple = defections(nike_plus())[0]
    >>> apple.stakeholder, apple.kind.label, apple.changed
    ('apple', 'collaboration', True)
    >>> print(apple.sentences[0])
    Co-creation depends on 'Apple': without it, 'Nike+' would be collaboration.
    >>> dict(apple.lost)
    {'nike': 10.0, 'runners': 4.0}
    >>> print(apple.sentences[1])
    Without 'Apple', 'Nike' loses 10 and 'runners' 4 of the value they receive.
    """

    #: The id of the stakeholder left out.
    stakeholder: str
    #: The kind without it.
    kind: Kind
    #: The initiative compared with itself without the stakeholder.
    comparison: Comparison
    #: What each other stakeholder no longer receives without it: the values
    #: it provided and the values that require it, exactly summed per
    #: beneficiary, by id; a beneficiary that loses nothing is left out.
    lost: Mapping[str, float] = attrs.field(factory=lambda: MappingProxyType({}), hash=False)

    @property
    def changed(self) -> bool:
        """Whether the kind without the stakeholder differs."""
        return self.comparison.changed

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """What the verdict would be without the stakeholder, then what else changes."""
        from cocreate._explain_judgment import defection_sentences

        return defection_sentences(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the defection as JSON-ready plain data.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> [d.to_dict()["kind"] for d in defections(nike_plus())]
        ['collaboration', 'collaboration']
        """
        return {
            "stakeholder": self.stakeholder,
            "kind": self.kind.value,
            "changed": self.changed,
            "lost": dict(self.lost),
            "comparison": self.comparison.to_dict(),
            "explanation": list(self.sentences),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html_judgment import render

        return render(self)


def defections(initiative: Initiative, *, rules: Rules | None = None) -> tuple[Defection, ...]:
    """Return the verdict without each external contributor in turn, by id.

    An external contributor is a stakeholder outside the focal organization
    that gives at least one contribution. Each :class:`Defection` compares
    the initiative with :func:`without` that stakeholder.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> for defection in defections(nike_plus()):
    ...     print(defection.sentences[0])
    Co-creation depends on 'Apple': without it, 'Nike+' would be collaboration.
    Co-creation depends on 'runners': without it, 'Nike+' would be collaboration.
    """
    initiative = initiative_arg(initiative, "defections")
    rules = rules_arg(rules)
    out = []
    for key in sorted(initiative.contributors & initiative.external):
        comparison = compare(initiative, without(initiative, key), rules=rules)
        lost = MappingProxyType(_lost(initiative, key))
        out.append(Defection(key, comparison.after.kind, comparison, lost))
    return tuple(out)


def _lost(initiative: Initiative, key: str) -> dict[str, float]:
    """What each other stakeholder no longer receives without ``key``, by id."""
    amounts: dict[str, list[float]] = {}
    for value in initiative.values:
        if value.beneficiary != key and (value.provider == key or key in value.requires):
            amounts.setdefault(value.beneficiary, []).append(value.amount)
    return {
        beneficiary: rounded(decimal_sum(amounts[beneficiary]))
        for beneficiary in sorted(amounts)
        if rounded(decimal_sum(amounts[beneficiary])) != 0
    }


# --------------------------------------------------------------------------
# Balance.


@attrs.frozen
class BalanceEntry:
    """One stakeholder's share of what is given and what is gained. See :func:`balance`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> entry = balance(nike_plus())["apple"]
    >>> entry.cost, entry.cost_share, entry.received, entry.value_share
    (2.0, 0.25, 5.0, 0.2631578947368421)
    >>> entry.net_value, entry.net_share, entry.ratio, entry.loses
    (3.0, 0.2727272727272727, 2.5, False)
    """

    #: The stakeholder's id.
    stakeholder: str
    #: How many contributions it gives.
    contributions: int
    #: What they cost it in all.
    cost: float
    #: Its share of all costs (0 when nothing costs anything).
    cost_share: float
    #: What it receives in all (negative: a loss).
    received: float
    #: Its share of all value gained: ``max(received, 0)`` over the sum of
    #: that over every stakeholder (0 when nobody gains). Gross: a
    #: stakeholder may receive most of the value and still lose.
    value_share: float
    #: Its net value: what it receives less what it gives.
    net_value: float
    #: Its share of all net value gained: ``max(net_value, 0)`` over the sum
    #: of that over every stakeholder (0 when it loses or nobody gains).
    net_share: float
    #: ``received / cost``: value received per unit of cost given; ``None``
    #: where it gives nothing that costs anything.
    ratio: float | None

    @property
    def loses(self) -> bool:
        """Whether its net value is negative."""
        return self.net_value < 0

    @property
    def gives_without_gaining(self) -> bool:
        """Whether it gives at least one contribution and receives nothing positive in all."""
        return self.contributions > 0 and not self.received > 0

    @property
    def gains_without_giving(self) -> bool:
        """Whether it receives something positive in all and gives no contribution."""
        return self.contributions == 0 and self.received > 0

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a plain dict (exact values).

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> balance(nike_plus())["nike"].to_dict()["cost_share"]
        0.625
        """
        return {
            "id": self.stakeholder,
            "contributions": self.contributions,
            "cost": self.cost,
            "cost_share": self.cost_share,
            "received": self.received,
            "value_share": self.value_share,
            "net_value": self.net_value,
            "net_share": self.net_share,
            "ratio": self.ratio,
            "loses": self.loses,
            "gives_without_gaining": self.gives_without_gaining,
            "gains_without_giving": self.gains_without_giving,
        }


@attrs.frozen
class Balance:
    """Who bears the costs and who gets the value. Made by :func:`balance`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = balance(nike_plus())
    >>> result.total_cost, result.total_gained, result.total_net_gained
    (8.0, 19.0, 11.0)
    >>> print(result)
    Of all costs (8), 'Nike' bears the most: 62.5%.
    Of all net value gained (11), 'Nike' gains the most: 45.5%.
    Per unit of cost given, 'runners' receives the most: 4.
    Everyone who gives also receives some value, and everyone who receives value also gives.
    """

    #: The initiative's name.
    initiative: str
    #: One entry per stakeholder, by id.
    entries: tuple[BalanceEntry, ...]
    #: All costs, exactly rounded.
    total_cost: float
    #: All value gained: the sum of every positive ``received``, exactly rounded.
    total_gained: float
    #: All net value gained: the sum of every positive net value, exactly rounded.
    total_net_gained: float
    _context: Initiative | None = attrs.field(default=None, eq=False, repr=False, alias="_context")

    @functools.cached_property
    def _by_id(self) -> dict[str, BalanceEntry]:
        return {entry.stakeholder: entry for entry in self.entries}

    def __getitem__(self, stakeholder: str | Stakeholder) -> BalanceEntry:
        """Return the entry of a stakeholder, by id or object."""
        key = stakeholder.id if isinstance(stakeholder, Stakeholder) else stakeholder
        found = self._by_id.get(key) if isinstance(key, str) else None
        if found is not None:
            return found
        msg = f"no balance entry for {key!r} in initiative {self.initiative!r}"
        raise UnknownStakeholderError(msg)

    def __iter__(self) -> Iterator[BalanceEntry]:
        """Iterate over the entries."""
        return iter(self.entries)

    def __len__(self) -> int:
        """Return the number of entries."""
        return len(self.entries)

    @property
    def gives_without_gaining(self) -> tuple[str, ...]:
        """Ids of the stakeholders that give but gain nothing, by id."""
        return tuple(e.stakeholder for e in self.entries if e.gives_without_gaining)

    @property
    def gains_without_giving(self) -> tuple[str, ...]:
        """Ids of the stakeholders that gain but give nothing, by id."""
        return tuple(e.stakeholder for e in self.entries if e.gains_without_giving)

    @property
    def losers(self) -> tuple[str, ...]:
        """Ids of the stakeholders whose net value is negative, by id."""
        return tuple(e.stakeholder for e in self.entries if e.loses)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Who bears the most cost, gains the most net value and per unit given; who loses."""
        from cocreate._explain_judgment import balance_sentences

        return balance_sentences(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the balance as JSON-ready plain data.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> balance(nike_plus()).to_dict()["gains_without_giving"]
        []
        """
        return {
            "initiative": self.initiative,
            "total_cost": self.total_cost,
            "total_gained": self.total_gained,
            "total_net_gained": self.total_net_gained,
            "entries": [e.to_dict() for e in self.entries],
            "losers": list(self.losers),
            "gives_without_gaining": list(self.gives_without_gaining),
            "gains_without_giving": list(self.gains_without_giving),
            "explanation": list(self.sentences),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html_judgment import render

        return render(self)


def _shares(parts: Sequence[float]) -> tuple[float, list[float]]:
    """The exactly rounded total of ``parts`` (all >= 0), and each one's share of it.

    A total beyond the float range is scaled down first, so that shares stay
    finite; with a total of 0 every share is 0.
    """
    total = exact_sum(list(parts))
    if total == 0:
        return total, [0.0] * len(parts)
    scaled, whole = list(parts), total
    if math.isinf(total):
        infinite = sum(map(math.isinf, parts))
        if infinite:  # a stakeholder's own sum overflowed: it holds all of it
            return total, [1 / infinite if math.isinf(p) else 0.0 for p in parts]
        scaled = [math.ldexp(p, -64) for p in parts]
        whole = exact_sum(scaled)
    return total, [p / whole for p in scaled]


def balance(initiative: Initiative) -> Balance:
    """Return each stakeholder's share of all costs (its effort) and of all net value gained.

    Costs are never negative, so the cost shares are of the total cost. A
    stakeholder's net share is of the net value it gains,
    ``max(net_value, 0)``, over what every stakeholder gains net, so shares
    are between 0 and 1 and a stakeholder that loses has a share of 0; the
    gross value share (``max(received, 0)`` over its sum) is kept too, but
    the sentences speak of net value, so that a stakeholder that receives
    most and still loses is said to lose. Where a total is 0, every share
    of it is 0; otherwise the shares sum to 1 (up to rounding). Each
    entry's ``ratio`` is what it receives per unit of cost it gives.

    A stakeholder *gives* when it makes at least one contribution, whatever
    it costs, and *gains* when what it receives is positive in all.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> result = balance(my_starbucks_idea())
    >>> [(e.stakeholder, e.cost_share) for e in result]
    [('customers', 0.2857142857142857), ('starbucks', 0.7142857142857143)]
    >>> result.gives_without_gaining, result.gains_without_giving
    ((), ())
    """
    initiative = initiative_arg(initiative, "balance")
    accounts = initiative.accounts
    keys = sorted(accounts)
    total_cost, cost_shares = _shares([accounts[k].cost for k in keys])
    total_gained, value_shares = _shares([max(accounts[k].received, 0.0) for k in keys])
    total_net, net_shares = _shares([max(accounts[k].net_value, 0.0) for k in keys])
    entries = tuple(
        BalanceEntry(
            key,
            accounts[key].contributions,
            accounts[key].cost,
            cost_share,
            accounts[key].received,
            value_share,
            accounts[key].net_value,
            net_share,
            received_per_cost(accounts[key].received, accounts[key].cost),
        )
        for key, cost_share, value_share, net_share in zip(
            keys, cost_shares, value_shares, net_shares, strict=True
        )
    )
    return Balance(initiative.name, entries, total_cost, total_gained, total_net, initiative)


def received_per_cost(received: float, cost: float) -> float | None:
    """``received / cost`` from the decimals as written, rounded once; ``None`` where cost is 0.

    Examples
    --------
    >>> received_per_cost(0.3, 0.1), received_per_cost(5.0, 0.0)
    (3.0, None)
    """
    if not cost:
        return None
    with decimal.localcontext(_EXACT):
        return rounded(as_written(received) / as_written(cost))
