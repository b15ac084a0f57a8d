"""What would change the verdict: without, compare, defections and balance.

Pure functions of initiatives, returning frozen results that hold all their
words show (the stakeholders' names among them); the sentences are written
from that data by :mod:`cocreate._words.judgment` when first read.
"""

from __future__ import annotations

import decimal
import functools
import math
from collections import Counter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._model.fast import TALLY_DOUBT, TALLY_NET, Tally, sums
from cocreate._model.hooks import explain, to_html
from cocreate._model.pickling import ReadOnlyMappings
from cocreate._model.records import trusted_initiative
from cocreate._model.text import many
from cocreate._model.types import Initiative, Stakeholder, Value
from cocreate._model.validate import as_written, decimal_sum, exact_sum, rounded
from cocreate._rules.facts import Classification, Facts, classify, findings_later
from cocreate._rules.params import (
    Check,
    Kind,
    Rules,
    beats,
    decide,
    initiative_arg,
    outcome_of,
    rules_arg,
    structure_of,
)
from cocreate._rules.sums import Sums
from cocreate.exceptions import CocreateError, UnknownStakeholderError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from collections.abc import Set as AbstractSet
    from decimal import Decimal

#: Enough digits to divide two floats written as decimals and round once.
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation])

__all__ = [
    "Balance",
    "BalanceEntry",
    "Comparison",
    "Defection",
    "Defections",
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
    if type(initiative) is not Initiative:  # a subclass: built and checked as it builds itself
        return initiative.evolve(
            stakeholders=[
                _unlinked(s, removed) for s in initiative.stakeholders if s.id not in removed
            ],
            contributions=_kept_contributions(initiative, removed),
            values=_kept_values(initiative, removed),
        )
    return _without(initiative, removed)


def _kept_contributions(initiative: Initiative, removed: AbstractSet[str]) -> tuple[Any, ...]:
    return tuple(
        [c for c in initiative.contributions if c.source not in removed and c.target not in removed]
    )


def _kept_values(initiative: Initiative, removed: AbstractSet[str]) -> tuple[Any, ...]:
    return tuple(
        [
            v
            for v in initiative.values
            if v.beneficiary not in removed
            and v.provider not in removed
            and removed.isdisjoint(v.requires)
        ]
    )


def _without(initiative: Initiative, removed: AbstractSet[str]) -> Initiative:
    """The initiative without ``removed`` (never the focal organization), its items reused.

    Leaving stakeholders out cannot make a valid initiative invalid: ids stay
    unique, nothing kept refers to a stakeholder removed (references to an
    organization or a seller removed are dropped), the focal organization
    and the groups' labels and sides stay, and linked items stay alike. So
    the items kept are not checked again, as :meth:`Initiative.evolve` would.
    """
    people = tuple([_unlinked(s, removed) for s in initiative.stakeholders if s.id not in removed])
    header = {
        "name": initiative.name,
        "focal": initiative.focal,
        "goal": initiative.goal,
        "process": initiative.process,
        "assumptions": initiative.assumptions,
    }
    return trusted_initiative(
        header,
        people,
        _kept_contributions(initiative, removed),
        _kept_values(initiative, removed),
        {s.id: s for s in people},
    )


def _unlinked(person: Stakeholder, removed: AbstractSet[str]) -> Stakeholder:
    organization = None if person.organization in removed else person.organization
    customer_of = person.customer_of - removed
    if organization == person.organization and customer_of == person.customer_of:
        return person
    return attrs.evolve(person, organization=organization, customer_of=customer_of)


# --------------------------------------------------------------------------
# Comparison.


@attrs.frozen
class Comparison(ReadOnlyMappings):
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
    #: The display name of each stakeholder of either initiative, by id (the
    #: first initiative's name where both have it).
    names: Mapping[str, str] = attrs.field(hash=False)
    #: The ids of the stakeholders whose names read as many ("'runners' give"),
    #: by the rule of :func:`cocreate._model.text.many`.
    many: frozenset[str] = attrs.field(factory=frozenset, kw_only=True)

    @property
    def changed(self) -> bool:
        """Whether the kind differs."""
        return self.before.kind is not self.after.kind

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Whether the kind changed, whose net values changed, which criteria flipped."""
        return explain(self)

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
        return to_html(self)


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
        MappingProxyType({**_names(after), **_names(before)}),
        many=_many(before) | _many(after),
    )


def _names(initiative: Initiative) -> dict[str, str]:
    """Each stakeholder's display name, by id."""
    return {person.id: person.name for person in initiative.ordered[0]}


def _many(initiative: Initiative) -> frozenset[str]:
    """The ids of the stakeholders whose names read as many."""
    return frozenset(person.id for person in initiative.stakeholders if many(person))


@attrs.frozen
class Defection(ReadOnlyMappings):
    """The verdict without one external contributor. Made by :func:`defections`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> apple = defections(nike_plus())[0]
    >>> apple.stakeholder, apple.name, apple.kind.label, apple.changed
    ('apple', 'Apple', 'collaboration', True)
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

    @property
    def name(self) -> str:
        """The display name of the stakeholder left out."""
        return self.comparison.names[self.stakeholder]

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """What the verdict would be without the stakeholder, then what else changes."""
        return explain(self)

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
        return to_html(self)


#: How many defections a repr names.
_SHOWN = 5


class Defections(tuple[Defection, ...]):
    """The defections :func:`defections` returns: a tuple, with words and a view of its own.

    It is a tuple in every way (equal to the plain tuple of the same
    defections, indexed, unpacked, compared); only its ``str``, ``repr``
    and notebook view are its own, so that a notebook shows sentences and
    a table, not the reprs of every comparison inside.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> found = defections(nike_plus())
    >>> found
    Defections('Nike+': without 'Apple' collaboration, without 'runners' collaboration)
    >>> found == tuple(found), len(found), found[0].name
    (True, 2, 'Apple')
    >>> print(found.sentences[0])
    Co-creation depends on 'Apple': without it, 'Nike+' would be collaboration.
    """

    __slots__ = ()

    @property
    def sentences(self) -> tuple[str, ...]:
        """The sentences of each defection in turn (see :attr:`Defection.sentences`)."""
        return explain(self)

    def __str__(self) -> str:
        """Return each defection's sentences, a blank line between two defections."""
        return "\n\n".join(map(str, self)) if self else "\n".join(self.sentences)

    def __repr__(self) -> str:
        """Return who leaves and the kind without each, not every comparison's repr."""
        if not self:
            return "Defections()"
        title = self[0].comparison.before.initiative
        shown = ", ".join(f"without {d.name!r} {d.kind.label}" for d in self[:_SHOWN])
        more = f", and {len(self) - _SHOWN} more" if len(self) > _SHOWN else ""
        return f"Defections({title!r}: {shown}{more})"

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks: a table, one row per defection; escaped."""
        return to_html(self)


def defections(initiative: Initiative, *, rules: Rules | None = None) -> Defections:
    """Return the verdict without each external contributor in turn, by id.

    An external contributor is a stakeholder outside the focal organization
    that gives at least one contribution. Each :class:`Defection` compares
    the initiative with :func:`without` that stakeholder. The result is a
    :class:`Defections`, a tuple of them that shows itself in words and,
    in a notebook, as a table.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> for defection in defections(nike_plus()):
    ...     print(defection.sentences[0])
    Co-creation depends on 'Apple': without it, 'Nike+' would be collaboration.
    Co-creation depends on 'runners': without them, 'Nike+' would be collaboration.
    """
    initiative = initiative_arg(initiative, "defections")
    rules = rules_arg(rules)
    leavers = sorted(initiative.contributors & initiative.external)
    if not leavers:
        return Defections()
    # Each verdict is worked out from the initiative's own sums: leaving
    # changes only what the leaver touches. The initiative without it is
    # built only if its criteria or words are read.
    before = classify(initiative, rules=rules)
    raw = _Sums(initiative)
    judged = rules.judged(initiative)
    facts = _Leaving(judged, rules)
    # Leaving renames no one: one table of names serves every comparison.
    names = MappingProxyType(_names(initiative))
    plurals = _many(initiative)
    out = []
    for key in leavers:
        make = functools.partial(_without, initiative, frozenset([key]))
        if judged is not initiative and initiative.stakeholder(key).group is not None:
            # A segment of a crowd: the crowd itself changes; judge it afresh.
            holds = Facts(make(), rules).holds()
        else:
            holds = facts.holds_without(key)
        kind = decide(holds)
        after = Classification(
            kind,
            initiative.name,
            None,
            rules,
            structure=structure_of(holds),
            outcome=outcome_of(holds),
            gather=functools.partial(findings_later, make, rules, kind),
        )
        was = facts.holds
        comparison = Comparison(
            before,
            after,
            MappingProxyType(raw.net_changes(key)),
            MappingProxyType({c: (was[c], holds[c]) for c in Check if was[c] != holds[c]}),
            names,
            many=plurals,
        )
        out.append(Defection(key, after.kind, comparison, MappingProxyType(_lost(initiative, key))))
    return Defections(out)


_NET, _DOUBT = TALLY_NET, TALLY_DOUBT


def _summed(terms: Sequence[float]) -> Callable[[str], Decimal]:
    """The exact decimal sum of ``terms``, for :func:`beats`, whoever it is asked for."""

    def exact(_key: str) -> Decimal:
        return decimal_sum(terms)

    return exact


class _Sums:
    """An initiative's sums, and each stakeholder's without one other."""

    __slots__ = ("initiative", "needing", "tallies")

    def __init__(self, initiative: Initiative) -> None:
        self.initiative = initiative
        self.tallies = initiative._tallies  # noqa: SLF001 - the plain form of accounts
        #: The values that require each stakeholder (they go when it goes).
        self.needing: dict[str, list[Value]] = {}
        for value in initiative.values:
            for key in value.requires:
                self.needing.setdefault(key, []).append(value)

    def touched(self, gone: str) -> set[str]:
        """Whose sums change when ``gone`` leaves, besides its own.

        A stakeholder's sums are its contributions' costs and its values'
        amounts: they change if it gives to ``gone``, if ``gone`` provides
        one of its values, or if one of its values requires ``gone``.
        """
        initiative = self.initiative
        found = {c.source for c in initiative._by_target.get(gone, ())}  # noqa: SLF001
        found.update(v.beneficiary for v in initiative._by_provider.get(gone, ()))  # noqa: SLF001
        found.update(v.beneficiary for v in self.needing.get(gone, ()))
        found.discard(gone)
        return found

    def without(self, key: str, gone: str) -> tuple[Tally, list[float]]:
        """The sums of ``key`` once ``gone`` has left, and their terms (costs negated).

        Summed as ``Initiative._tallies`` sums them (exactly rounded, so in
        any order), from the terms that do not involve ``gone``.
        """
        initiative = self.initiative
        paid = [-c.cost for c in initiative._by_source.get(key, ()) if c.target != gone]  # noqa: SLF001
        got = [
            v.amount
            for v in initiative._by_beneficiary.get(key, ())  # noqa: SLF001
            if v.provider != gone and gone not in v.requires
        ]
        tally = sums([key], {key: paid}, {key: got}, [], exact_sum)[key]
        return tally, got + paid

    def net_changes(self, gone: str) -> dict[str, tuple[float | None, float | None]]:
        """What :func:`compare` finds between the initiative and itself without ``gone``."""
        tallies = self.tallies
        changes: dict[str, tuple[float | None, float | None]] = {gone: (tallies[gone][_NET], None)}
        for key in self.touched(gone):
            was, now = tallies[key][_NET], self.without(key, gone)[0][_NET]
            if was != now:
                changes[key] = (was, now)
        return dict(sorted(changes.items()))


class _Leaving(_Sums):
    """The facts of an initiative as the rules judge it, and the verdicts without each one.

    Without a stakeholder, every check is decided from what changes: who
    stops giving (all its inputs went to the leaver), whose net values
    change (see :meth:`_Sums.touched`), and counts of the groups the checks
    read, so that each verdict costs what the leaver touches.
    """

    __slots__ = (
        "contributors",
        "customers",
        "facts",
        "gives",
        "giving",
        "holds",
        "losing_customers",
        "losing_partners",
        "partners",
        "rules",
        "substance",
        "substantive",
    )

    def __init__(self, initiative: Initiative, rules: Rules) -> None:
        super().__init__(initiative)
        self.rules = rules
        self.facts = facts = Facts(initiative, rules)
        self.holds = facts.holds()
        voice = rules.voice_resources
        #: How many inputs each stakeholder gives, and how many are substantive.
        self.gives: Counter[str] = Counter()
        self.substance: Counter[str] = Counter()
        for c in initiative.contributions:
            if not c.exchange:
                self.gives[c.source] += 1
                if c.resource not in voice:
                    self.substance[c.source] += 1
        self.partners = frozenset(facts.partners)
        self.customers = frozenset(facts.customers)
        self.contributors = facts.contributors
        self.giving = frozenset(facts.giving)
        self.substantive = frozenset(facts.substantive)
        self.losing_partners = frozenset([p for p in facts.partners if not facts.wins(p)])
        self.losing_customers = frozenset([c for c in facts.customers if not facts.wins(c)])

    def _stops(self, gone: str) -> tuple[set[str], set[str]]:
        """Who stops giving anything, and anything substantive, once ``gone`` leaves (and it)."""
        voice = self.rules.voice_resources
        lost: Counter[str] = Counter()
        lost_substance: Counter[str] = Counter()
        for c in self.initiative._by_target.get(gone, ()):  # noqa: SLF001
            if not c.exchange and c.source != gone:
                lost[c.source] += 1
                if c.resource not in voice:
                    lost_substance[c.source] += 1
        stops = {key for key, n in lost.items() if n == self.gives[key]}
        stops_substance = {key for key, n in lost_substance.items() if n == self.substance[key]}
        return stops | {gone}, stops_substance | {gone}

    def holds_without(self, gone: str) -> dict[Check, bool]:
        """Every check's verdict without ``gone``: ``Facts(without(...)).holds()``, worked out."""
        facts, rules, was = self.facts, self.rules, self.holds
        stops, stops_substance = self._stops(gone)
        partners_gone = stops_substance & self.partners
        customers_gone = {gone} & self.customers
        partners = len(self.partners) - len(partners_gone)
        customers = len(self.customers) - len(customers_gone)
        holds = {
            Check.GOAL: was[Check.GOAL],
            Check.CO_CREATORS: partners > 0,
            Check.CUSTOMERS: customers > 0,
            Check.CUSTOMER_CONTRIBUTES: len(self.giving) > len(stops & self.giving),
            Check.VOICE_ONLY: len(self.substantive) == len(stops_substance & self.substantive),
            Check.CONTRIBUTORS: (
                len(self.contributors) - len(stops & self.contributors) >= rules.min_contributors
            ),
        }
        if rules.customers_co_create or not (partners == 1 and customers == 1):
            holds[Check.THREE_PARTIES] = partners > 0 and customers > 0
        else:
            # One of each left: they must differ (few to look through, as
            # only one of each was not removed).
            partner = next(p for p in facts.partners if p not in partners_gone)
            customer = next(c for c in facts.customers if c not in customers_gone)
            holds[Check.THREE_PARTIES] = partner != customer
        # Who wins: the same as before, but for those whose sums change.
        threshold = rules.win_threshold
        wins = {}
        for key in self.touched(gone):
            tally, terms = self.without(key, gone)
            wins[key] = beats(tally[_NET], threshold, tally[_DOUBT], _summed(terms), key)
        focal = self.initiative.focal
        holds[Check.FOCAL_WINS] = wins.get(focal, was[Check.FOCAL_WINS])
        holds[Check.CO_CREATORS_WIN] = not _losers(
            self.losing_partners, self.partners, partners_gone, wins
        )
        holds[Check.CUSTOMERS_WIN] = not _losers(
            self.losing_customers, self.customers, customers_gone, wins
        )
        return holds


def _losers(
    losing: frozenset[str], members: frozenset[str], gone: AbstractSet[str], wins: dict[str, bool]
) -> int:
    """How many members lose: those who lost and are unchanged, and those changed who now lose."""
    unchanged = len(losing) - len(losing & (gone | wins.keys()))
    changed = sum(1 for key, won in wins.items() if not won and key in members and key not in gone)
    return unchanged + changed


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
class BalanceEntry(Sums):
    """A stakeholder's :class:`Sums` and its shares of all costs and value; see :func:`balance`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> entry = balance(nike_plus())["apple"]
    >>> entry.stakeholder.name, entry.contributions, entry.values
    ('Apple', 1, 1)
    >>> entry.cost, entry.cost_share, entry.received, entry.value_share
    (2.0, 0.25, 5.0, 0.2631578947368421)
    >>> entry.net_value, entry.net_share, entry.ratio, entry.loses
    (3.0, 0.2727272727272727, 2.5, False)
    """

    #: Its share of all costs (0 when nothing costs anything).
    cost_share: float
    #: Its share of all value gained: ``max(received, 0)`` over the sum of
    #: that over every stakeholder (0 when nobody gains). Gross: a
    #: stakeholder may receive most of the value and still lose.
    value_share: float
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
            "id": self.stakeholder.id,
            "contribution_count": self.contributions,
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
    Per unit of cost given, 'runners' receive the most: 4.
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

    @functools.cached_property
    def _by_id(self) -> dict[str, BalanceEntry]:
        return {entry.stakeholder.id: entry for entry in self.entries}

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
        return tuple(e.stakeholder.id for e in self.entries if e.gives_without_gaining)

    @property
    def gains_without_giving(self) -> tuple[str, ...]:
        """Ids of the stakeholders that gain but give nothing, by id."""
        return tuple(e.stakeholder.id for e in self.entries if e.gains_without_giving)

    @property
    def losers(self) -> tuple[str, ...]:
        """Ids of the stakeholders whose net value is negative, by id."""
        return tuple(e.stakeholder.id for e in self.entries if e.loses)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Who bears the most cost, gains the most net value and per unit given; who loses."""
        return explain(self)

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
        return to_html(self)


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
    >>> [(e.stakeholder.id, e.cost_share) for e in result]
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
            initiative.stakeholder(key),
            *accounts[key],
            cost_share=cost_share,
            value_share=value_share,
            net_share=net_share,
            ratio=received_per_cost(accounts[key].received, accounts[key].cost),
        )
        for key, cost_share, value_share, net_share in zip(
            keys, cost_shares, value_shares, net_shares, strict=True
        )
    )
    return Balance(initiative.name, entries, total_cost, total_gained, total_net)


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
