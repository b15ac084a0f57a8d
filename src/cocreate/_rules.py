"""The rules: net value, win-win, win-win-win, classification and profile.

Every function here is pure: it reads an :class:`~cocreate.Initiative` and
returns frozen results. What does not depend on the rules (each
stakeholder's sums) is computed once per initiative, in one pass over its
contributions and one over its values, and cached on the initiative.
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import attrs

from cocreate._model import (
    VOICE_RESOURCES,
    Goal,
    Initiative,
    Process,
    Resource,
    Stakeholder,
    _to_float,
    _WordEnum,
)
from cocreate.exceptions import CocreateError, Fault, InvalidModelError

__all__ = [
    "Classification",
    "Criterion",
    "Kind",
    "Ledger",
    "LedgerEntry",
    "PartyCheck",
    "Profile",
    "ProfileRow",
    "Rules",
    "WinCheck",
    "classify",
    "co_creators",
    "is_win_win",
    "is_win_win_win",
    "ledger",
    "net_value",
    "profile",
    "win_win",
    "win_win_win",
    "wins",
]

#: How many names a sentence lists before it says how many more there are.
_MAX_NAMES = 5


class Kind(_WordEnum):
    """The kinds an initiative is classified as, strongest first.

    Examples
    --------
    >>> Kind.CO_CREATION.label
    'co-creation'
    >>> [kind.label for kind in Kind]
    ['co-creation', 'customer-focused innovation', 'collaboration', 'unclassified']
    """

    CO_CREATION = "co_creation"
    CUSTOMER_FOCUSED_INNOVATION = "customer_focused_innovation"
    COLLABORATION = "collaboration"
    UNCLASSIFIED = "unclassified"

    @property
    def label(self) -> str:
        """The kind in words, as a sentence would use it."""
        return _LABELS[self]


_LABELS = {
    Kind.CO_CREATION: "co-creation",
    Kind.CUSTOMER_FOCUSED_INNOVATION: "customer-focused innovation",
    Kind.COLLABORATION: "collaboration",
    Kind.UNCLASSIFIED: "unclassified",
}


def _to_resources(value: Iterable[Resource | str]) -> frozenset[Resource]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # reported by the check
    out: list[Any] = []
    for item in value:
        try:
            out.append(Resource(item))
        except (ValueError, TypeError):
            out.append(item)  # reported by the check
    try:
        return frozenset(out)
    except TypeError:  # an unhashable item
        return out  # type: ignore[return-value]  # reported by the check


@attrs.frozen
class Rules:
    """The parameters of the rules, with the source texts' values as defaults.

    Parameters
    ----------
    win_threshold
        A stakeholder wins when its net value is greater than this.
    voice_resources
        The resources that count as voice (ideas, input, feedback); every
        other resource is substantive.
    min_contributors
        How many distinct contributors make a collaboration.

    Examples
    --------
    >>> from cocreate import classify
    >>> from cocreate.examples import nike_plus
    >>> Rules().win_threshold, Rules().min_contributors
    (0.0, 2)
    >>> classify(nike_plus(), rules=Rules(win_threshold=100)).kind
    <Kind.COLLABORATION: 'collaboration'>
    >>> broad = Rules(voice_resources={"ideas", "input", "feedback", "data"})
    >>> broad.is_voice(Resource.DATA)
    True
    """

    win_threshold: float = attrs.field(default=0.0, converter=_to_float)
    voice_resources: frozenset[Resource] = attrs.field(
        default=VOICE_RESOURCES, converter=_to_resources
    )
    min_contributors: int = 2

    def __attrs_post_init__(self) -> None:
        faults = []
        if not isinstance(self.win_threshold, float) or not math.isfinite(self.win_threshold):
            faults.append(
                Fault("win_threshold", f"must be a finite number, got {self.win_threshold!r}")
            )
        if not isinstance(self.voice_resources, frozenset) or not all(
            isinstance(r, Resource) for r in self.voice_resources
        ):
            words = ", ".join(repr(w) for w in Resource.words())
            faults.append(Fault("voice_resources", f"must be a set of Resource ({words})"))
        if (
            isinstance(self.min_contributors, bool)
            or not isinstance(self.min_contributors, int)
            or self.min_contributors < 1
        ):
            faults.append(
                Fault(
                    "min_contributors",
                    f"must be a whole number >= 1, got {self.min_contributors!r}",
                )
            )
        if faults:
            raise InvalidModelError("Rules", faults)

    def is_voice(self, resource: Resource) -> bool:
        """Whether ``resource`` is a voice resource under these rules."""
        return resource in self.voice_resources


_DEFAULT_RULES = Rules()


def _rules(rules: Rules | None) -> Rules:
    if rules is None:
        return _DEFAULT_RULES
    if not isinstance(rules, Rules):
        msg = f"rules must be a cocreate.Rules or None, got {type(rules).__name__}"
        raise CocreateError(msg)
    return rules


def _num(value: float) -> str:
    return repr(float(value))


def _who(initiative: Initiative, ids: Sequence[str]) -> str:
    names = [repr(initiative.stakeholder(i).name) for i in ids[:_MAX_NAMES]]
    if len(ids) > _MAX_NAMES:
        names.append(f"and {len(ids) - _MAX_NAMES} more")
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------
# The sums behind every rule, computed once per initiative.


class _Account(NamedTuple):
    contributions: int
    cost: float
    values: int
    received: float
    net_value: float
    resources: frozenset[Resource]


_SOURCE = operator.attrgetter("source")
_COST = operator.attrgetter("cost")
# The word, not the member: members hash in Python (``Enum.__hash__``), words in C.
_RESOURCE_WORD = operator.attrgetter("resource._value_")
_BENEFICIARY = operator.attrgetter("beneficiary")
_AMOUNT = operator.attrgetter("amount")


def _accounts(initiative: Initiative) -> dict[str, _Account]:
    cache = initiative._cache  # noqa: SLF001
    accounts: dict[str, _Account] | None = cache.get("accounts")
    if accounts is not None:
        return accounts
    contributions = initiative.contributions
    values = initiative.values
    ids = [person.id for person in initiative.stakeholders]
    # Each stakeholder's costs, resources and amounts, gathered in one pass
    # over the contributions and one over the values. The passes are chains
    # of ``map`` over C functions (``any`` only drives them: ``list.append``
    # and ``set.add`` return None), so no bytecode runs per contribution.
    costs: dict[str, list[float]] = {key: [] for key in ids}
    words: dict[str, set[str]] = {key: set() for key in ids}
    sources = list(map(_SOURCE, contributions))
    any(map(list.append, map(costs.__getitem__, sources), map(_COST, contributions)))
    any(map(set.add, map(words.__getitem__, sources), map(_RESOURCE_WORD, contributions)))
    del sources
    amounts: dict[str, list[float]] = {key: [] for key in ids}
    any(map(list.append, map(amounts.__getitem__, map(_BENEFICIARY, values)), map(_AMOUNT, values)))
    member = {resource.value: resource for resource in Resource}.__getitem__
    resources: dict[frozenset[str], frozenset[Resource]] = {}
    accounts = {}
    fsum = math.fsum
    neg = operator.neg
    new = tuple.__new__
    for key in ids:
        paid = costs[key]
        got = amounts[key]
        cost = fsum(paid)
        received = fsum(got)
        # The exactly rounded sum of everything, so that the order in which
        # the collections were given can never change a net value.
        net = received - cost if not (paid and got) else fsum([*got, *map(neg, paid)])
        given = frozenset(words[key])
        kinds = resources.get(given)
        if kinds is None:
            kinds = resources[given] = frozenset(map(member, given))
        accounts[key] = new(_Account, (len(paid), cost, len(got), received, net, kinds))
    cache["accounts"] = accounts
    return accounts


def _account(initiative: Initiative, stakeholder: str | Stakeholder) -> _Account:
    return _accounts(initiative)[initiative.stakeholder(stakeholder).id]


def net_value(initiative: Initiative, stakeholder: str | Stakeholder) -> float:
    """Return what a stakeholder receives minus what its contributions cost it.

    The sum is exactly rounded, so it does not depend on the order in which
    the values and contributions were given.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> net_value(nike_plus(), "apple")
    3.0
    """
    return _account(initiative, stakeholder).net_value


def wins(
    initiative: Initiative, stakeholder: str | Stakeholder, *, rules: Rules | None = None
) -> bool:
    """Whether the stakeholder's net value is greater than the win threshold.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> wins(nike_plus(), "apple"), wins(nike_plus(), "apple", rules=Rules(win_threshold=3))
    (True, False)
    """
    return _account(initiative, stakeholder).net_value > _rules(rules).win_threshold


# --------------------------------------------------------------------------
# The ledger.


@attrs.frozen
class LedgerEntry:
    """One stakeholder's line in the :class:`Ledger`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> entry = ledger(nike_plus())["runners"]
    >>> entry.contributions, entry.cost, entry.received, entry.net_value, entry.wins
    (2, 1.0, 4.0, 3.0, True)
    """

    #: The stakeholder.
    stakeholder: Stakeholder
    #: How many contributions it gives.
    contributions: int
    #: What they cost it in all.
    cost: float
    #: How many values it receives.
    values: int
    #: What it receives in all.
    received: float
    #: ``received - cost``, exactly rounded.
    net_value: float
    #: Whether ``net_value`` is greater than the win threshold.
    wins: bool
    #: Whether it is internal to the focal organization.
    internal: bool

    def as_row(self) -> dict[str, Any]:
        """Return the entry as a plain dict of str, int, float and bool."""
        return {
            "id": self.stakeholder.id,
            "name": self.stakeholder.name,
            "role": self.stakeholder.role.value,
            "internal": self.internal,
            "contributions": self.contributions,
            "cost": self.cost,
            "values": self.values,
            "received": self.received,
            "net_value": self.net_value,
            "wins": self.wins,
        }


@attrs.frozen
class Ledger:
    """For every stakeholder: what it gives, what it gets, whether it wins.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> book = ledger(nike_plus())
    >>> book["apple"].net_value, book["apple"].wins
    (3.0, True)
    >>> [entry.stakeholder.id for entry in book.winners]
    ['nike', 'apple', 'runners']
    """

    #: The initiative's name.
    initiative: str
    #: The win threshold the entries were judged by.
    threshold: float
    #: One entry per stakeholder, in the order the stakeholders were given.
    entries: tuple[LedgerEntry, ...]
    _by_id: dict[str, LedgerEntry] = attrs.field(init=False, repr=False, eq=False, alias="_by_id")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.stakeholder.id: e for e in self.entries})

    def __getitem__(self, stakeholder: str | Stakeholder) -> LedgerEntry:
        """Return the entry of a stakeholder, by id or object."""
        key = stakeholder.id if isinstance(stakeholder, Stakeholder) else stakeholder
        try:
            return self._by_id[key]
        except KeyError:
            from cocreate.exceptions import UnknownStakeholderError

            msg = f"no ledger entry for {key!r} in initiative {self.initiative!r}"
            raise UnknownStakeholderError(msg) from None

    def __len__(self) -> int:
        """Return the number of entries."""
        return len(self.entries)

    def __iter__(self) -> Any:
        """Iterate over the entries."""
        return iter(self.entries)

    @property
    def winners(self) -> tuple[LedgerEntry, ...]:
        """The entries that win."""
        return tuple(e for e in self.entries if e.wins)

    @property
    def losers(self) -> tuple[LedgerEntry, ...]:
        """The entries that do not win."""
        return tuple(e for e in self.entries if not e.wins)

    def net_values(self) -> dict[str, float]:
        """Return a dict from stakeholder id to net value."""
        return {e.stakeholder.id: e.net_value for e in self.entries}

    def rows(self) -> list[dict[str, Any]]:
        """Return the entries as plain dicts, one per stakeholder."""
        return [e.as_row() for e in self.entries]

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html import to_html

        return to_html(self)

    def __str__(self) -> str:
        """Return the ledger as a plain-text table."""
        header = ("stakeholder", "role", "gives", "cost", "gets", "received", "net", "wins")
        lines = [header]
        lines.extend(
            (
                e.stakeholder.name,
                e.stakeholder.role.value,
                str(e.contributions),
                _num(e.cost),
                str(e.values),
                _num(e.received),
                _num(e.net_value),
                "yes" if e.wins else "no",
            )
            for e in self.entries
        )
        widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in lines
        )


def ledger(initiative: Initiative, *, rules: Rules | None = None) -> Ledger:
    """Return every stakeholder's contributions, receipts, net value and verdict.

    Computed in one pass over the contributions and one over the values.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> print(ledger(nike_plus()))
    stakeholder  role      gives  cost  gets  received  net  wins
    Nike         firm      2      5.0   1     10.0      5.0  yes
    Apple        firm      1      2.0   1     5.0       3.0  yes
    runners      customer  2      1.0   1     4.0       3.0  yes
    """
    threshold = _rules(rules).win_threshold
    accounts = _accounts(initiative)
    internal = initiative.internal
    return Ledger(
        initiative.name,
        threshold,
        tuple(
            LedgerEntry(
                person,
                account.contributions,
                account.cost,
                account.values,
                account.received,
                account.net_value,
                account.net_value > threshold,
                person.id in internal,
            )
            for person in initiative.stakeholders
            for account in (accounts[person.id],)
        ),
    )


# --------------------------------------------------------------------------
# Groups.


def co_creators(initiative: Initiative, *, rules: Rules | None = None) -> tuple[str, ...]:
    """Return the ids of the external stakeholders that give a substantive resource.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> co_creators(nike_plus())
    ('apple', 'runners')
    >>> co_creators(nike_plus(), rules=Rules(voice_resources=set(Resource) - {Resource.TECHNOLOGY}))
    ('apple',)
    """
    voice = _rules(rules).voice_resources
    accounts = _accounts(initiative)
    external = initiative.external
    return tuple(
        person.id
        for person in initiative.stakeholders
        if person.id in external and accounts[person.id].resources - voice
    )


# --------------------------------------------------------------------------
# The win conditions, with their evidence.


@attrs.frozen
class PartyCheck:
    """Whether one party to a win condition wins, and by how much.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> firm = win_win(nike_plus()).parties[0]
    >>> firm.part, firm.stakeholder, firm.net_value, firm.margin
    ('focal firm', 'nike', 5.0, 5.0)
    >>> firm.sentence(0.0)
    "focal firm 'Nike' has net value 5.0 and wins"
    """

    #: The stakeholder's id.
    stakeholder: str
    #: Its display name.
    name: str
    #: The part it plays: ``"focal firm"``, ``"co-creator"``, ``"customer"``, ``"party"``.
    part: str
    #: Its net value.
    net_value: float
    #: Whether it wins.
    wins: bool
    #: How far its net value is from the threshold (negative: below).
    margin: float

    def sentence(self, threshold: float) -> str:
        """Say in words whether the party wins."""
        if self.wins:
            return f"{self.part} {self.name!r} has net value {_num(self.net_value)} and wins"
        return (
            f"{self.part} {self.name!r} has net value {_num(self.net_value)} and must win "
            f"(more than {_num(threshold)}; short by {_num(-self.margin)})"
            if self.margin < 0
            else f"{self.part} {self.name!r} has net value {_num(self.net_value)} and must win "
            f"(more than {_num(threshold)}, not equal to it)"
        )


@attrs.frozen
class WinCheck:
    """The evidence behind :func:`is_win_win` or :func:`is_win_win_win`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> check = win_win_win(nike_plus())
    >>> check.holds
    True
    >>> [(p.part, p.stakeholder) for p in check.parties]
    [('focal firm', 'nike'), ('co-creator', 'apple'), ('co-creator', 'runners'),
     ('customer', 'runners')]
    """

    #: ``"win-win"`` or ``"win-win-win"``.
    condition: str
    #: Whether the condition holds.
    holds: bool
    #: Every party checked, with its net value and verdict.
    parties: tuple[PartyCheck, ...]
    #: Sentences that say why the condition holds or fails.
    reasons: tuple[str, ...]
    #: The win threshold used.
    threshold: float

    @property
    def losers(self) -> tuple[PartyCheck, ...]:
        """The parties checked that do not win."""
        return tuple(p for p in self.parties if not p.wins)

    def __str__(self) -> str:
        """Return the verdict and the reasons."""
        verdict = "holds" if self.holds else "does not hold"
        return f"{self.condition} {verdict}: " + "; ".join(self.reasons) + "."


def _party(initiative: Initiative, stakeholder: str, part: str, threshold: float) -> PartyCheck:
    person = initiative.stakeholder(stakeholder)
    net = _accounts(initiative)[person.id].net_value
    return PartyCheck(person.id, person.name, part, net, net > threshold, net - threshold)


def _checks(
    initiative: Initiative, threshold: float, groups: Sequence[tuple[str, Sequence[str]]]
) -> list[PartyCheck]:
    return [
        _party(initiative, member, part, threshold)
        for part, members in groups
        for member in members
    ]


def win_win(
    initiative: Initiative,
    a: str | Stakeholder | None = None,
    b: str | Stakeholder | None = None,
    *,
    rules: Rules | None = None,
) -> WinCheck:
    """Return the evidence for :func:`is_win_win`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> print(win_win(nike_plus()))
    win-win holds: focal firm 'Nike' has net value 5.0 and wins;
    customer 'runners' has net value 3.0 and wins.
    """
    threshold = _rules(rules).win_threshold
    if (a is None) != (b is None):
        msg = "is_win_win takes two stakeholders or none; got only one"
        raise CocreateError(msg)
    if a is not None and b is not None:
        parties = _checks(
            initiative,
            threshold,
            [("party", [initiative.stakeholder(a).id, initiative.stakeholder(b).id])],
        )
        reasons = [p.sentence(threshold) for p in parties]
        return WinCheck(
            "win-win", all(p.wins for p in parties), tuple(parties), tuple(reasons), threshold
        )
    customers = [c.id for c in initiative.customers]
    parties = _checks(
        initiative, threshold, [("focal firm", [initiative.focal]), ("customer", customers)]
    )
    reasons = [p.sentence(threshold) for p in parties]
    if not customers:
        reasons.append("there are no customers (stakeholders with role 'customer')")
    holds = bool(customers) and all(p.wins for p in parties)
    return WinCheck("win-win", holds, tuple(parties), tuple(reasons), threshold)


def is_win_win(
    initiative: Initiative,
    a: str | Stakeholder | None = None,
    b: str | Stakeholder | None = None,
    *,
    rules: Rules | None = None,
) -> bool:
    """Whether the firm and its customers both gain.

    With no ``a`` and ``b``: the focal firm wins, there is at least one
    customer, and every customer wins. With ``a`` and ``b``: both win.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> is_win_win(my_starbucks_idea())
    True
    >>> is_win_win(my_starbucks_idea(), "starbucks", "customers")
    True
    """
    return win_win(initiative, a, b, rules=rules).holds


def win_win_win(initiative: Initiative, *, rules: Rules | None = None) -> WinCheck:
    """Return the evidence for :func:`is_win_win_win`.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> check = win_win_win(my_starbucks_idea())
    >>> check.holds, check.reasons[-1]
    (False, 'there are no co-creators (external stakeholders giving a substantive resource)')
    """
    rules = _rules(rules)
    threshold = rules.win_threshold
    partners = list(co_creators(initiative, rules=rules))
    customers = [c.id for c in initiative.customers]
    parties = _checks(
        initiative,
        threshold,
        [("focal firm", [initiative.focal]), ("co-creator", partners), ("customer", customers)],
    )
    reasons = [p.sentence(threshold) for p in parties]
    if not partners:
        reasons.append(
            "there are no co-creators (external stakeholders giving a substantive resource)"
        )
    if not customers:
        reasons.append("there are no customers (stakeholders with role 'customer')")
    distinct = _distinct_pair(partners, customers)
    if partners and customers and distinct is None:
        reasons.append(
            "every co-creator is also the only customer, so fewer than three distinct parties win"
        )
    holds = distinct is not None and all(p.wins for p in parties)
    return WinCheck("win-win-win", holds, tuple(parties), tuple(reasons), threshold)


def _distinct_pair(partners: Sequence[str], customers: Sequence[str]) -> tuple[str, str] | None:
    """Return some co-creator and some customer that are different, if any."""
    if not partners or not customers:
        return None
    for partner in partners[:2]:
        for customer in customers[:2]:
            if partner != customer:
                return partner, customer
    return None


def is_win_win_win(initiative: Initiative, *, rules: Rules | None = None) -> bool:
    """Whether the firm, its co-creating partners and its customers all gain.

    The focal firm wins, there is at least one co-creator and every
    co-creator wins, there is at least one customer and every customer
    wins, and some co-creator and some customer are different stakeholders.

    Examples
    --------
    >>> from cocreate.examples import nike_plus, my_starbucks_idea
    >>> is_win_win_win(nike_plus()), is_win_win_win(my_starbucks_idea())
    (True, False)
    """
    return win_win_win(initiative, rules=rules).holds


# --------------------------------------------------------------------------
# Classification.


@attrs.frozen
class Criterion:
    """One criterion that :func:`classify` checked, and what it found.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> failed = classify(my_starbucks_idea()).failed(Kind.CO_CREATION)[0]
    >>> failed.name, failed.holds, failed.stakeholders
    ('co_creators', False, ('customers',))
    >>> print(failed)
    ✗ an external stakeholder gives a resource beyond feedback, ideas, input:
    no external stakeholder gives a substantive resource; only feedback, ideas,
    input from 'customers'
    """

    #: The kind the criterion belongs to.
    kind: Kind
    #: A short name: ``"goal"``, ``"co_creators"``, ``"focal_wins"``, ...
    name: str
    #: What the criterion requires, in words.
    requirement: str
    #: Whether it held.
    holds: bool
    #: The evidence, in a sentence that names stakeholders and numbers.
    evidence: str
    #: Ids of the stakeholders the evidence is about.
    stakeholders: tuple[str, ...] = ()
    #: Whether it held only because something was not stated.
    assumed: bool = False

    def __str__(self) -> str:
        """Return a check mark or cross, the requirement and the evidence."""
        mark = "✓" if self.holds else "✗"
        return f"{mark} {self.requirement}: {self.evidence}"


@attrs.frozen
class Classification:
    """The kind of an initiative, with every criterion checked and the reasons.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> result = classify(nike_plus())
    >>> result.kind
    <Kind.CO_CREATION: 'co_creation'>
    >>> print(result.sentences[0])
    'Nike+' is co-creation: the goal is a new offering; substantive resources from
    'Apple' and 'runners', outside 'Nike'; the focal firm, every co-creator and
    every customer win.
    """

    #: The kind: the first in :class:`Kind` order whose criteria all hold.
    kind: Kind
    #: The initiative's name.
    initiative: str
    #: Every criterion checked, strongest kind first.
    criteria: tuple[Criterion, ...]
    #: The explanation, one sentence per item.
    sentences: tuple[str, ...]
    #: What was assumed because it was not stated.
    assumptions: tuple[str, ...]
    #: The rules applied.
    rules: Rules

    @property
    def explanation(self) -> str:
        """The explanation as one text, one sentence per line."""
        return "\n".join(self.sentences)

    def criteria_for(self, kind: Kind) -> tuple[Criterion, ...]:
        """Return the criteria checked for ``kind``."""
        return tuple(c for c in self.criteria if c.kind is kind)

    def failed(self, kind: Kind | None = None) -> tuple[Criterion, ...]:
        """Return the criteria that did not hold, for ``kind`` or for all kinds."""
        return tuple(c for c in self.criteria if not c.holds and (kind is None or c.kind is kind))

    def as_dict(self) -> dict[str, Any]:
        """Return the classification as JSON-ready plain data."""
        return {
            "initiative": self.initiative,
            "kind": self.kind.value,
            "label": self.kind.label,
            "explanation": list(self.sentences),
            "assumptions": list(self.assumptions),
            "criteria": [
                {
                    "kind": c.kind.value,
                    "name": c.name,
                    "requirement": c.requirement,
                    "holds": c.holds,
                    "evidence": c.evidence,
                    "stakeholders": list(c.stakeholders),
                    "assumed": c.assumed,
                }
                for c in self.criteria
            ],
            "rules": {
                "win_threshold": self.rules.win_threshold,
                "voice_resources": sorted(r.value for r in self.rules.voice_resources),
                "min_contributors": self.rules.min_contributors,
            },
        }

    def __str__(self) -> str:
        """Return the verdict and the explanation."""
        return f"{self.initiative}: {self.kind.label}\n{self.explanation}"

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html import to_html

        return to_html(self)


class _Facts:
    """What the criteria of every kind are judged on, gathered once."""

    def __init__(self, initiative: Initiative, rules: Rules) -> None:
        self.initiative = initiative
        self.rules = rules
        self.threshold = rules.win_threshold
        self.accounts = _accounts(initiative)
        self.focal = initiative.focal_stakeholder
        self.partners = list(co_creators(initiative, rules=rules))
        self.customers = [c.id for c in initiative.customers]
        self.contributors = [
            p.id for p in initiative.stakeholders if self.accounts[p.id].contributions
        ]

    def name(self, ids: Sequence[str]) -> str:
        return _who(self.initiative, ids)

    def net(self, stakeholder: str) -> float:
        return self.accounts[stakeholder].net_value

    def party(self, stakeholder: str, part: str) -> PartyCheck:
        return _party(self.initiative, stakeholder, part, self.threshold)


def _goal_criterion(facts: _Facts, kind: Kind) -> Criterion:
    goal = facts.initiative.goal
    requirement = "the goal is not a specific outcome"
    if goal is None:
        return Criterion(
            kind,
            "goal",
            requirement,
            True,
            "the goal is not stated; assumed not to be a specific outcome",
            assumed=True,
        )
    if goal is Goal.SPECIFIC_OUTCOME:
        return Criterion(kind, "goal", requirement, False, "the goal is a specific outcome")
    return Criterion(kind, "goal", requirement, True, "the goal is a new offering")


def _all_win_criterion(
    facts: _Facts, kind: Kind, name: str, part: str, members: Sequence[str]
) -> Criterion:
    requirement = f"every {part} wins"
    if not members:
        return Criterion(kind, name, requirement, True, f"there is no {part} to check")
    # Only the parties a sentence names get a PartyCheck: with a hundred
    # thousand customers, the rest are judged on their net values alone.
    net = facts.net
    threshold = facts.threshold
    losers = [m for m in members if not net(m) > threshold]
    if losers:
        sentences = [facts.party(m, part).sentence(threshold) for m in losers[:_MAX_NAMES]]
        if len(losers) > _MAX_NAMES:
            sentences.append(f"{len(losers) - _MAX_NAMES} more {part}s do not win")
        return Criterion(kind, name, requirement, False, "; ".join(sentences), tuple(losers))
    lowest = facts.party(min(members, key=net), part)
    evidence = (
        f"{len(members)} {part}{'s' if len(members) != 1 else ''} win; the lowest net value "
        f"is {_num(lowest.net_value)} (of {lowest.name!r}), more than {_num(threshold)}"
        if len(members) > 1
        else lowest.sentence(threshold)
    )
    return Criterion(kind, name, requirement, True, evidence, tuple(members))


def _focal_criterion(facts: _Facts, kind: Kind) -> Criterion:
    check = facts.party(facts.focal.id, "focal firm")
    return Criterion(
        kind,
        "focal_wins",
        "the focal firm wins",
        check.wins,
        check.sentence(facts.threshold),
        (facts.focal.id,),
    )


def _customers_exist(facts: _Facts, kind: Kind) -> Criterion:
    requirement = "there is at least one customer"
    if facts.customers:
        return Criterion(
            kind,
            "customers",
            requirement,
            True,
            f"customers: {facts.name(facts.customers)}",
            tuple(facts.customers),
        )
    return Criterion(
        kind,
        "customers",
        requirement,
        False,
        "there are no customers (stakeholders with role 'customer')",
    )


def _co_creation(facts: _Facts) -> list[Criterion]:
    kind = Kind.CO_CREATION
    voice_words = ", ".join(sorted(r.value for r in facts.rules.voice_resources))
    criteria = [_goal_criterion(facts, kind)]
    requirement = f"an external stakeholder gives a resource beyond {voice_words}"
    if facts.partners:
        given = []
        for partner in facts.partners[:_MAX_NAMES]:
            substantive = sorted(
                r.value for r in facts.accounts[partner].resources - facts.rules.voice_resources
            )
            given.append(
                f"{facts.initiative.stakeholder(partner).name!r} ({', '.join(substantive)})"
            )
        more = len(facts.partners) - _MAX_NAMES
        evidence = "co-creators: " + ", ".join(given) + (f" and {more} more" if more > 0 else "")
        criteria.append(
            Criterion(kind, "co_creators", requirement, True, evidence, tuple(facts.partners))
        )
    else:
        external_voices = [c for c in facts.contributors if c in facts.initiative.external]
        evidence = "no external stakeholder gives a substantive resource" + (
            f"; only {voice_words} from {facts.name(external_voices)}" if external_voices else ""
        )
        criteria.append(
            Criterion(kind, "co_creators", requirement, False, evidence, tuple(external_voices))
        )
    criteria.append(_focal_criterion(facts, kind))
    criteria.append(
        _all_win_criterion(facts, kind, "co_creators_win", "co-creator", facts.partners)
    )
    criteria.append(_customers_exist(facts, kind))
    criteria.append(_all_win_criterion(facts, kind, "customers_win", "customer", facts.customers))
    pair = _distinct_pair(facts.partners, facts.customers)
    requirement = "some co-creator and some customer are different stakeholders"
    if pair is not None:
        evidence = (
            f"co-creator {facts.name([pair[0]])} and customer {facts.name([pair[1]])} "
            "are different parties, so at least three parties win"
        )
        criteria.append(Criterion(kind, "three_parties", requirement, True, evidence, pair))
    else:
        evidence = (
            "there must be a co-creator and a customer"
            if not (facts.partners and facts.customers)
            else f"the only co-creator, {facts.name(facts.partners)}, is also the only "
            "customer: a win-win, not a win-win-win"
        )
        criteria.append(Criterion(kind, "three_parties", requirement, False, evidence))
    return criteria


def _customer_focused(facts: _Facts) -> list[Criterion]:
    kind = Kind.CUSTOMER_FOCUSED_INNOVATION
    voice = facts.rules.voice_resources
    voice_words = ", ".join(sorted(r.value for r in voice))
    criteria = [_goal_criterion(facts, kind)]
    giving = [c for c in facts.customers if facts.accounts[c].contributions]
    requirement = "at least one customer contributes"
    if giving:
        count = sum(facts.accounts[c].contributions for c in giving)
        criteria.append(
            Criterion(
                kind,
                "customer_contributes",
                requirement,
                True,
                f"{count} contribution{'s' if count != 1 else ''} from {facts.name(giving)}",
                tuple(giving),
            )
        )
    else:
        criteria.append(
            Criterion(kind, "customer_contributes", requirement, False, "no customer contributes")
        )
    substantive = [c for c in giving if facts.accounts[c].resources - voice]
    requirement = f"every customer contribution is {voice_words}"
    if substantive:
        parts = []
        for customer in substantive[:_MAX_NAMES]:
            extra = sorted(r.value for r in facts.accounts[customer].resources - voice)
            parts.append(f"customer {facts.name([customer])} gives {', '.join(extra)}")
        evidence = "; ".join(parts) + f"; customers may give only {voice_words}"
        criteria.append(
            Criterion(kind, "voice_only", requirement, False, evidence, tuple(substantive))
        )
    else:
        evidence = f"customers give only {voice_words}" if giving else "no customer contributes"
        criteria.append(Criterion(kind, "voice_only", requirement, True, evidence, tuple(giving)))
    criteria.append(_focal_criterion(facts, kind))
    criteria.append(_customers_exist(facts, kind))
    criteria.append(_all_win_criterion(facts, kind, "customers_win", "customer", facts.customers))
    return criteria


def _collaboration(facts: _Facts) -> list[Criterion]:
    kind = Kind.COLLABORATION
    needed = facts.rules.min_contributors
    requirement = f"at least {needed} distinct stakeholders contribute"
    count = len(facts.contributors)
    if count >= needed:
        internal = facts.initiative.internal
        inside = sum(1 for c in facts.contributors if c in internal)
        evidence = (
            f"{count} stakeholders contribute: {facts.name(facts.contributors)} "
            f"({inside} internal, {count - inside} external)"
        )
        return [
            Criterion(kind, "contributors", requirement, True, evidence, tuple(facts.contributors))
        ]
    evidence = (
        "no stakeholder contributes"
        if count == 0
        else f"only {facts.name(facts.contributors)} contributes"
    )
    return [
        Criterion(kind, "contributors", requirement, False, evidence, tuple(facts.contributors))
    ]


_CHECKS = (
    (Kind.CO_CREATION, _co_creation),
    (Kind.CUSTOMER_FOCUSED_INNOVATION, _customer_focused),
    (Kind.COLLABORATION, _collaboration),
)


def _verdict(facts: _Facts, kind: Kind, criteria: Sequence[Criterion]) -> str:
    title = repr(facts.initiative.name)
    focal = facts.focal.name
    if kind is Kind.CO_CREATION:
        return (
            f"{title} is co-creation: {_goal_phrase(facts)}; "
            f"substantive resources from {facts.name(facts.partners)}, outside {focal!r}; "
            "the focal firm, every co-creator and every customer win."
        )
    if kind is Kind.CUSTOMER_FOCUSED_INNOVATION:
        giving = next(c for c in criteria if c.name == "customer_contributes")
        return (
            f"{title} is customer-focused innovation: {_goal_phrase(facts)}; "
            f"{giving.evidence}, all of them voice; {focal!r} and every customer win."
        )
    if kind is Kind.COLLABORATION:
        return f"{title} is collaboration: {criteria[0].evidence}."
    return (
        f"{title} is unclassified: it is not co-creation, customer-focused innovation "
        "or collaboration (there is no joint work)."
    )


def _goal_phrase(facts: _Facts) -> str:
    goal = facts.initiative.goal
    return "the goal is not stated" if goal is None else "the goal is a new offering"


def classify(initiative: Initiative, *, rules: Rules | None = None) -> Classification:
    """Classify an initiative and explain why.

    The kinds are tried strongest first; the first whose criteria all hold
    is the kind. Every criterion of every kind is checked and kept, so the
    explanation can say which criterion of a stronger kind failed, for whom,
    and by how much.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> from cocreate import Value
    >>> nike = nike_plus()
    >>> classify(nike).kind.label
    'co-creation'
    >>> # Apple now loses on the deal: the verdict and its reasons change.
    >>> apple_loses = nike.evolve(
    ...     values=[v for v in nike.values if v.beneficiary != "apple"] + [Value("apple", 0)]
    ... )
    >>> result = classify(apple_loses)
    >>> result.kind.label
    'collaboration'
    >>> print(result.sentences[1])
    Not co-creation: co-creator 'Apple' has net value -2.0 and must win
    (more than 0.0; short by 2.0).
    """
    if not isinstance(initiative, Initiative):
        msg = f"classify needs an Initiative, got {type(initiative).__name__}"
        raise CocreateError(msg)
    rules = _rules(rules)
    facts = _Facts(initiative, rules)
    criteria: list[Criterion] = []
    failures: list[str] = []
    kind = Kind.UNCLASSIFIED
    matched: list[Criterion] = []
    for candidate, check in _CHECKS:
        found = check(facts)
        criteria.extend(found)
        if all(c.holds for c in found):
            kind, matched = candidate, found
            break
        failed = "; ".join(c.evidence for c in found if not c.holds)
        failures.append(f"Not {candidate.label}: {failed}.")
    assumptions = []
    if initiative.goal is None:
        assumptions.append(
            "The goal is not stated; it was assumed not to be a specific outcome, "
            "so it blocked no kind."
        )
    if initiative.process is None:
        assumptions.append(
            "The process is not stated; the rules do not depend on it (see the profile)."
        )
    sentences = (_verdict(facts, kind, matched), *failures, *assumptions)
    return Classification(
        kind, initiative.name, tuple(criteria), sentences, tuple(assumptions), rules
    )


# --------------------------------------------------------------------------
# The profile against the comparison table of the first source text.


class Column(enum.Enum):
    """Which column of the comparison table an attribute matches.

    Examples
    --------
    >>> from cocreate.examples import cross_team_project
    >>> profile(cross_team_project())["focus"].column
    <Column.COLLABORATION: 'collaboration'>
    """

    CO_CREATION = "co-creation"
    COLLABORATION = "collaboration"
    BOTH = "both"
    NEITHER = "neither"


#: The comparison table of the first source text: attribute, co-creation
#: column, collaboration column.
COMPARISON_TABLE: tuple[tuple[str, str, str], ...] = (
    (
        "definition",
        "Jointly creating value with customers or other stakeholders",
        "Working together towards a common goal",
    ),
    (
        "partnership",
        "Often involves external partners such as customers, suppliers, etc.",
        "Can involve internal or external partners",
    ),
    (
        "focus",
        "Focuses on creating new products, services, or experiences",
        "Focuses on achieving a specific goal or outcome",
    ),
    (
        "process",
        "Iterative process involving multiple stakeholders",
        "Structured process with defined roles and responsibilities",
    ),
    ("outcome", "Value co-created by all participants", "Shared achievement of goals"),
)


@attrs.frozen
class ProfileRow:
    """One attribute of the comparison table, and which column the initiative matches.

    Examples
    --------
    >>> from cocreate.examples import solo_development
    >>> row = profile(solo_development())["process"]
    >>> row.co_creation, row.collaboration, row.column.value
    (True, True, 'both')
    >>> row.reason
    'the process is not stated, so both fit'
    """

    #: ``definition``, ``partnership``, ``focus``, ``process`` or ``outcome``.
    attribute: str
    #: Whether the co-creation column fits.
    co_creation: bool
    #: Whether the collaboration column fits.
    collaboration: bool
    #: Why, in a sentence.
    reason: str

    @property
    def column(self) -> Column:
        """The column matched: co-creation, collaboration, both or neither."""
        if self.co_creation and self.collaboration:
            return Column.BOTH
        if self.co_creation:
            return Column.CO_CREATION
        if self.collaboration:
            return Column.COLLABORATION
        return Column.NEITHER

    def as_row(self) -> dict[str, Any]:
        """Return the row as a plain dict."""
        return {
            "attribute": self.attribute,
            "matches": self.column.value,
            "co_creation": self.co_creation,
            "collaboration": self.collaboration,
            "reason": self.reason,
        }


@attrs.frozen
class Profile:
    """The initiative against the comparison table of co-creation and collaboration.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> for row in profile(nike_plus()).rows:
    ...     print(row.attribute, row.column.value)
    definition both
    partnership both
    focus co-creation
    process co-creation
    outcome both
    """

    #: The initiative's name.
    initiative: str
    #: One row per attribute, in the table's order.
    rows: tuple[ProfileRow, ...]

    def __getitem__(self, attribute: str) -> ProfileRow:
        """Return the row of an attribute."""
        for row in self.rows:
            if row.attribute == attribute:
                return row
        names = ", ".join(repr(r.attribute) for r in self.rows)
        msg = f"no profile attribute {attribute!r}; attributes: {names}"
        raise CocreateError(msg)

    def as_rows(self) -> list[dict[str, Any]]:
        """Return the rows as plain dicts."""
        return [row.as_row() for row in self.rows]

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        from cocreate._html import to_html

        return to_html(self)

    def __str__(self) -> str:
        """Return the profile as plain text, one attribute per line."""
        return "\n".join(
            f"{row.attribute:<12} {row.column.value:<14} {row.reason}" for row in self.rows
        )


def profile(initiative: Initiative, *, rules: Rules | None = None) -> Profile:
    """Match the initiative against each row of the first source's comparison table.

    For each attribute (definition, partnership, focus, process, outcome)
    the profile says whether the co-creation column, the collaboration
    column, both or neither fit, and why. See ``docs/rules.md`` for how each
    row is judged.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> print(profile(my_starbucks_idea())["partnership"].reason)
    external contributors: 'customers'; 2 contributors in all
    """
    rules = _rules(rules)
    facts = _Facts(initiative, rules)
    external = initiative.external
    outside = [c for c in facts.contributors if c in external]
    together = len(facts.contributors) >= rules.min_contributors
    winners = [p.id for p in initiative.stakeholders if facts.net(p.id) > facts.threshold]
    outside_winners = [w for w in winners if w in external]
    rows = []

    # Definition: jointly creating value with others / working together.
    joint = bool(outside) and bool(outside_winners) and len(winners) >= 2
    rows.append(
        ProfileRow(
            "definition",
            joint,
            together,
            (
                f"{len(facts.contributors)} contributors "
                f"({len(outside)} external); {len(winners)} stakeholders gain, "
                f"{len(outside_winners)} of them external"
            ),
        )
    )
    # Partnership: external partners / internal or external partners.
    rows.append(
        ProfileRow(
            "partnership",
            bool(outside),
            together,
            (
                f"external contributors: {facts.name(outside)}"
                if outside
                else "no external stakeholder contributes"
            )
            + f"; {len(facts.contributors)} contributors in all",
        )
    )
    # Focus: new offering / specific outcome.
    goal = initiative.goal
    rows.append(
        ProfileRow(
            "focus",
            goal is not Goal.SPECIFIC_OUTCOME,
            goal is not Goal.NEW_OFFERING,
            "the goal is not stated, so both fit"
            if goal is None
            else f"the goal is a {goal.value.replace('_', ' ')}",
        )
    )
    # Process: iterative / structured.
    process = initiative.process
    rows.append(
        ProfileRow(
            "process",
            process is not Process.STRUCTURED,
            process is not Process.ITERATIVE,
            "the process is not stated, so both fit"
            if process is None
            else f"the process is {process.value}",
        )
    )
    # Outcome: value co-created by all participants / shared achievement.
    participants = list(dict.fromkeys([*facts.contributors, *facts.customers]))
    losing = [p for p in participants if facts.net(p) <= facts.threshold]
    all_gain = together and not losing
    rows.append(
        ProfileRow(
            "outcome",
            all_gain,
            together,
            (
                f"all {len(participants)} participants (contributors and customers) gain"
                if not losing
                else f"no gain for {facts.name(losing)}"
            )
            + (
                f"; {len(facts.contributors)} contributors share the work"
                if together
                else "; there is no joint work"
            ),
        )
    )
    return Profile(initiative.name, tuple(rows))
