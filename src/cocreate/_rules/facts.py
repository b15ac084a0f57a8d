"""The win conditions and the classification, as structured results.

Every function here is pure: it reads an :class:`~cocreate.Initiative` (and
its derived sums) and returns frozen results made of enum members, ids and
numbers. Each result holds all that its words show (names, margins,
resources, rules), as data that takes part in equality; the sentences are
written from that data by :mod:`cocreate._words.rules` when first read, so
that a caller who only wants the kind pays nothing for words.

Evidence is in a canonical order, so that equal initiatives give equal
results whatever order their collections were given in: stakeholders by id;
losers by net value, lowest first, ties by id; "the lowest net value" names
every stakeholder at the minimum.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from cocreate._model.hooks import Slot, explain, to_html
from cocreate._model.text import many
from cocreate._model.types import (
    TALLY_DOUBT,
    TALLY_NET,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    givers_of_anything,
)
from cocreate._rules.params import (
    KIND_CHECKS,
    Check,
    Kind,
    Outcome,
    Rules,
    beats,
    decide,
    initiative_arg,
    outcome_of,
    rules_arg,
    structure_of,
)
from cocreate.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Classification",
    "Criterion",
    "Findings",
    "PartyCheck",
    "WinCheck",
    "check_win_win",
    "check_win_win_win",
    "classify",
    "co_creators",
    "is_win_win",
    "is_win_win_win",
]

#: The words of a party's check, of a criterion and of a classification's
#: assumptions: filled in by the words layer (:mod:`cocreate._words.rules`).
SENTENCE: Slot[[PartyCheck, float], str] = Slot("PartyCheck.sentence")
REQUIREMENT: Slot[[Criterion], str] = Slot("Criterion.requirement")
EVIDENCE: Slot[[Criterion], str] = Slot("Criterion.evidence")
ASSUMPTIONS: Slot[[Classification], tuple[str, ...]] = Slot("Classification.assumptions")


def paid_suppliers(facts: Facts) -> tuple[Stakeholder, ...]:
    """Co-creators with role supplier that the focal organization pays (an exchange to them), by id.

    Such a supplier may be a vendor selling a service rather than a
    co-creator; the explanation says so, and how to model it.
    """
    initiative = facts.initiative
    partners = set(facts.partners)
    keys = {
        c.target
        for c in initiative.contributions_by(initiative.focal)
        if c.exchange
        and c.target in partners
        and initiative.stakeholder(c.target).role is Role.SUPPLIER
    }
    return tuple(initiative.stakeholder(key) for key in sorted(keys))


def findings(initiative: Initiative, rules: Rules, kind: Kind) -> Findings:
    """Gather what :func:`classify` found for ``kind``: every criterion, and the facts shown.

    ``initiative`` is judged as the rules see it (under ``groups="together"``
    each crowd is one stakeholder) before anything is gathered.
    """
    facts = Facts(initiative, rules)
    verdicts = facts.holds()
    criteria: list[Criterion] = []
    for candidate, checks in KIND_CHECKS:
        criteria.extend(facts.criterion(candidate, check, verdicts[check]) for check in checks)
        if candidate is kind:
            break
    judged = facts.initiative
    return Findings(
        tuple(criteria),
        judged.focal_stakeholder,
        judged.goal,
        judged.process,
        judged.assumptions,
        paid_suppliers(facts),
    )


def findings_later(make: Callable[[], Initiative], rules: Rules, kind: Kind) -> Findings:
    """:func:`findings` of the initiative that ``make`` builds: built only when first read."""
    return findings(make(), rules, kind)


def co_creators(initiative: Initiative, *, rules: Rules | None = None) -> tuple[str, ...]:
    """Return the ids of the external stakeholders that give a substantive resource, by id.

    Examples
    --------
    >>> from cocreate import Resource
    >>> from cocreate.examples import nike_plus
    >>> co_creators(nike_plus())
    ('apple', 'runners')
    >>> co_creators(nike_plus(), rules=Rules(voice_resources=set(Resource) - {Resource.TECHNOLOGY}))
    ('apple',)
    """
    initiative = initiative_arg(initiative, "co_creators")
    return Facts(initiative, rules_arg(rules)).partners


def _substantive_givers(initiative: Initiative, voice: frozenset[Resource]) -> set[str]:
    """Ids of the stakeholders that give some resource that is not voice."""
    givers = initiative._givers  # noqa: SLF001 - who gives each resource
    return set().union(*[ids for resource, ids in givers.items() if resource not in voice])


def _co_creators(initiative: Initiative, givers: set[str]) -> tuple[str, ...]:
    """The co-creators, by id, of the givers of substantive resources."""
    return tuple(sorted(givers & initiative.external))


# --------------------------------------------------------------------------
# The win conditions, with their evidence.


@attrs.frozen
class PartyCheck:
    """Whether one party to a win condition wins, and by how much.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> firm = check_win_win(nike_plus()).parties[0]
    >>> firm.part, firm.stakeholder.id, firm.name, firm.net_value, firm.margin
    ('focal firm', 'nike', 'Nike', 5.0, 5.0)
    >>> firm.sentence(0.0)
    "focal firm 'Nike' has net value 5 and wins"
    """

    #: The stakeholder, as the rules judge it (a crowd under ``groups="together"``).
    stakeholder: Stakeholder
    #: The part it plays: ``"focal firm"`` (or supplier, partner), ``"co-creator"``,
    #: ``"customer"``, ``"party"``.
    part: str
    #: Its net value.
    net_value: float
    #: Whether it wins.
    wins: bool
    #: How far its net value is from the threshold (negative: below).
    margin: float

    @property
    def name(self) -> str:
        """The stakeholder's display name."""
        return self.stakeholder.name

    def sentence(self, threshold: float) -> str:
        """Say in words whether the party wins."""
        return SENTENCE(self, threshold)


@attrs.frozen
class WinCheck:
    """The evidence behind :func:`is_win_win` or :func:`is_win_win_win`.

    Parties come in a canonical order: the focal organization, then each
    group (co-creators, customers) by id.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> check = check_win_win_win(nike_plus())
    >>> check.holds
    True
    >>> [(p.part, p.stakeholder.id) for p in check.parties]
    [('focal firm', 'nike'), ('co-creator', 'apple'), ('co-creator', 'runners'),
     ('customer', 'runners')]
    """

    #: ``"win-win"`` or ``"win-win-win"``.
    condition: str
    #: Whether the condition holds.
    holds: bool
    #: Every party checked, with its net value and verdict.
    parties: tuple[PartyCheck, ...]
    #: The win threshold used.
    threshold: float
    #: What is missing for the condition, beyond parties that do not win:
    #: ``"no_customers"``, ``"no_co_creators"``, ``"no_third_party"``.
    missing: tuple[str, ...] = ()

    @property
    def losers(self) -> tuple[PartyCheck, ...]:
        """The parties checked that do not win."""
        return tuple(p for p in self.parties if not p.wins)

    @functools.cached_property
    def reasons(self) -> tuple[str, ...]:
        """Sentences that say why the condition holds or fails."""
        return explain(self)

    def __str__(self) -> str:
        """Return the verdict and the reasons."""
        verdict = "holds" if self.holds else "does not hold"
        return f"{self.condition} {verdict}: " + "; ".join(self.reasons) + "."

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks: the verdict, the reasons, a table of parties."""
        return to_html(self)


def focal_part(initiative: Initiative) -> str:
    """The part the focal stakeholder plays, in words: ``focal firm``, ``focal partner``, ..."""
    return f"focal {initiative.focal_stakeholder.role.value}"


def _parties(facts: Facts, groups: Sequence[tuple[str, Sequence[str]]]) -> tuple[PartyCheck, ...]:
    """Each member of each group, with its net value and whether it wins, as the rules judge it."""
    tallies = facts.tallies
    initiative = facts.initiative
    threshold = facts.threshold
    out = []
    for part, members in groups:
        for member in members:
            net = tallies[member][_NET]
            person = initiative.stakeholder(member)
            out.append(PartyCheck(person, part, net, facts.wins(member), net - threshold))
    return tuple(out)


def check_win_win(
    initiative: Initiative,
    a: str | Stakeholder | None = None,
    b: str | Stakeholder | None = None,
    *,
    rules: Rules | None = None,
) -> WinCheck:
    """Return the evidence for :func:`is_win_win`: each party's net value and verdict.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> print(check_win_win(nike_plus()))
    win-win holds: focal firm 'Nike' has net value 5 and wins;
    customer 'runners' has net value 3 and wins.
    """
    initiative = initiative_arg(initiative, "check_win_win")
    rules = rules_arg(rules)
    threshold = rules.win_threshold
    if (a is None) != (b is None):
        msg = "is_win_win takes two stakeholders or none; got only one"
        raise ArgumentError(msg)
    if a is not None and b is not None:
        # Two given stakeholders are judged each on its own.
        pair = [initiative.stakeholder(a).id, initiative.stakeholder(b).id]
        parties = _parties(Facts(initiative, attrs.evolve(rules, groups="each")), [("party", pair)])
        return WinCheck("win-win", all(p.wins for p in parties), parties, threshold)
    facts = Facts(initiative, rules)
    judged = facts.initiative
    customers = facts.customers
    parties = _parties(facts, [(focal_part(judged), [judged.focal]), ("customer", customers)])
    missing = () if customers else ("no_customers",)
    holds = bool(customers) and all(p.wins for p in parties)
    return WinCheck("win-win", holds, parties, threshold, missing)


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
    initiative = initiative_arg(initiative, "is_win_win")
    return check_win_win(initiative, a, b, rules=rules).holds


def check_win_win_win(initiative: Initiative, *, rules: Rules | None = None) -> WinCheck:
    """Return the evidence for :func:`is_win_win_win`.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> check = check_win_win_win(my_starbucks_idea())
    >>> check.holds, check.missing
    (False, ('no_co_creators',))
    >>> check.reasons[-1]
    'there are no co-creators (external stakeholders giving a substantive resource)'
    """
    initiative = initiative_arg(initiative, "check_win_win_win")
    rules = rules_arg(rules)
    facts = Facts(initiative, rules)
    judged = facts.initiative
    partners, customers = facts.partners, facts.customers
    parties = _parties(
        facts,
        [
            (focal_part(judged), [judged.focal]),
            ("co-creator", partners),
            ("customer", customers),
        ],
    )
    missing = []
    if not partners:
        missing.append("no_co_creators")
    if not customers:
        missing.append("no_customers")
    three = facts.structure()[Check.THREE_PARTIES]
    if partners and customers and not three:
        missing.append("no_third_party")
    holds = three and all(p.wins for p in parties)
    return WinCheck("win-win-win", holds, parties, rules.win_threshold, tuple(missing))


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
    initiative = initiative_arg(initiative, "is_win_win_win")
    return check_win_win_win(initiative, rules=rules).holds


def distinct_pair(partners: Sequence[str], customers: Sequence[str]) -> tuple[str, str] | None:
    """Return the first (co-creator, customer) pair of different stakeholders, by id.

    Both sequences are sorted by id; the pair is the smallest in that order.
    """
    for partner in partners[:2]:
        for customer in customers[:2]:
            if partner != customer:
                return partner, customer
    return None


def _customers(initiative: Initiative) -> tuple[str, ...]:
    return tuple(sorted([c.id for c in initiative.customers]))


# --------------------------------------------------------------------------
# Classification.


@attrs.frozen
class Criterion:
    """One criterion that :func:`classify` checked, and what it found, as data.

    ``stakeholders`` are the ids the evidence is about, in the canonical
    order of ``docs/rules.md``; ``names``, and ``net_values`` and ``margins``
    where the check is about winning, go with them. A criterion holds all
    that its words show, as data: two criteria are equal exactly when they
    say the same. :attr:`requirement` and :attr:`evidence` put it in words,
    when first read.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> failed = classify(my_starbucks_idea()).failed(Kind.CO_CREATION)[0]
    >>> failed.check, failed.holds, failed.stakeholders
    (<Check.CO_CREATORS: 'co_creators'>, False, ('customers',))
    >>> print(failed)
    ✗ an external stakeholder gives a resource beyond feedback, ideas and input:
    no external stakeholder gives a substantive resource; 'customers' give only
    feedback, ideas and input
    """

    #: The kind the criterion belongs to.
    kind: Kind
    #: What was checked.
    check: Check
    #: Whether it held.
    holds: bool
    #: Ids of the stakeholders the evidence is about.
    stakeholders: tuple[str, ...] = ()
    #: Their net values, where the check is about winning.
    net_values: tuple[float, ...] = ()
    #: How many there are in all (members of a group, or contributions).
    count: int = 0
    #: Whether it held only because something was not stated.
    assumed: bool = False
    #: What is missing for the check, where it needs parties that are not there:
    #: ``"no_co_creators"``, ``"no_customers"``.
    missing: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    #: The display names of :attr:`stakeholders`, in the same order.
    names: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    #: Where the check is about winning: each net value less the win
    #: threshold (negative: short of it), in the order of :attr:`net_values`.
    margins: tuple[float, ...] = attrs.field(default=(), kw_only=True)
    #: Where the check is about what stakeholders give (co-creators, voice
    #: only): the resources each gives as inputs, by word.
    given: tuple[tuple[Resource, ...], ...] = attrs.field(default=(), kw_only=True)
    #: The part of :attr:`given` that is substantive (not voice) under the rules.
    substantive: tuple[tuple[Resource, ...], ...] = attrs.field(default=(), kw_only=True)
    #: Where the check counts contributors: how many of them are internal.
    internal: int = attrs.field(default=0, kw_only=True)
    #: Whether each of :attr:`stakeholders` reads as many ("'runners' give"), by
    #: the rule of :func:`cocreate._model.text.many`: a segment, a crowd, or
    #: a customer or employee with a plural-looking name.
    many: tuple[bool, ...] = attrs.field(default=(), kw_only=True)
    #: The role of the focal organization (its win check says "the focal firm").
    role: Role = attrs.field(kw_only=True)
    #: The rules the check applied (its voice resources, threshold, contributors needed).
    rules: Rules = attrs.field(kw_only=True)

    @property
    def name(self) -> str:
        """The check's word: ``"goal"``, ``"co_creators"``, ``"focal_wins"``, ..."""
        return str(self.check.value)

    @functools.cached_property
    def requirement(self) -> str:
        """What the criterion requires, in words."""
        return REQUIREMENT(self)

    @functools.cached_property
    def evidence(self) -> str:
        """The evidence, in a sentence that names stakeholders and numbers."""
        return EVIDENCE(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the criterion as JSON-ready plain data, with exact values."""
        return {
            "kind": self.kind.value,
            "check": self.check.value,
            "holds": self.holds,
            "stakeholders": list(self.stakeholders),
            "net_values": list(self.net_values),
            "count": self.count,
            "assumed": self.assumed,
            "missing": list(self.missing),
            "requirement": self.requirement,
            "evidence": self.evidence,
        }

    def __str__(self) -> str:
        """Return a check mark or cross, the requirement and the evidence."""
        mark = "✓" if self.holds else "✗"
        return f"{mark} {self.requirement}: {self.evidence}"


@attrs.frozen
class Findings:
    """What :func:`classify` found besides the kind: every criterion and the facts its words show.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> found = classify(nike_plus()).findings
    >>> found.focal.name, found.goal, found.process, found.suppliers_paid
    ('Nike', <Goal.NEW_OFFERING: 'new_offering'>, <Process.ITERATIVE: 'iterative'>, ())
    >>> [c.check.value for c in found.criteria][:3]
    ['goal', 'co_creators', 'focal_wins']
    """

    #: Every criterion checked, strongest kind first, up to the kind found.
    criteria: tuple[Criterion, ...]
    #: The focal organization, as the rules judge the initiative.
    focal: Stakeholder
    #: The initiative's goal (``None``: not stated, assumed not a specific outcome).
    goal: Goal | None
    #: The initiative's process (``None``: not stated).
    process: Process | None
    #: What the model assumes that its items do not say (:attr:`Initiative.assumptions`).
    assumptions: tuple[str, ...] = ()
    #: Co-creators with role supplier whom the focal organization pays (it may be
    #: buying a service from a vendor), by id.
    suppliers_paid: tuple[Stakeholder, ...] = ()


@attrs.frozen(eq=False, repr=False)
class Classification:
    """The kind of an initiative, with every criterion checked and the reasons.

    Everything its words show is data of the result: the kind, the
    initiative's name, the rules, and the :attr:`findings` (the criteria,
    with the names, net values and resources they cite; the focal
    organization; the goal and process; what was assumed). The findings are
    gathered when first read, so a caller who only wants the :attr:`kind`
    pays nothing for them. Two classifications are equal exactly when all
    of this is, so equal classifications say the same.

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
    _findings: Findings | None = attrs.field(alias="findings")
    #: The rules applied.
    rules: Rules
    #: The kind the structural criteria alone give (goal, co-creators,
    #: customers' inputs, contributors), as if every win check held.
    structure: Kind = attrs.field(kw_only=True)
    #: The strongest win condition that holds.
    outcome: Outcome = attrs.field(kw_only=True)
    # How to gather the findings when first read, where they were not given:
    # a deferred computation of the public field above, never read otherwise.
    _gather: Callable[[], Findings] | None = attrs.field(default=None, kw_only=True, alias="gather")

    @property
    def findings(self) -> Findings:
        """Every criterion checked and the facts the words show (gathered when first read)."""
        found = self._findings
        if found is None:
            gather = self._gather
            if gather is None:
                msg = "a Classification needs its findings, or a way to gather them"
                raise ArgumentError(msg)
            found = gather()
            object.__setattr__(self, "_findings", found)
            object.__setattr__(self, "_gather", None)
        return found

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion checked, strongest kind first."""
        return self.findings.criteria

    def _key(self) -> tuple[Kind, Kind, Outcome, str, Findings, Rules]:
        return (self.kind, self.structure, self.outcome, self.initiative, self.findings, self.rules)

    def __eq__(self, other: object) -> bool:
        """Compare kind, structure, outcome, name, findings and rules: all that it shows."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        """Return the opposite of ``==``."""
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        """Hash what ``==`` compares."""
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the public data, the findings gathered, at any protocol."""
        return (
            _classification,
            (self.kind, self.initiative, self.findings, self.rules, self.structure, self.outcome),
        )

    def __repr__(self) -> str:
        """Return the fields, the findings included."""
        return (
            f"Classification(kind={self.kind!r}, structure={self.structure!r}, "
            f"outcome={self.outcome!r}, initiative={self.initiative!r}, "
            f"findings={self.findings!r}, rules={self.rules!r})"
        )

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """The explanation: the verdict, why each stronger kind failed, what was assumed."""
        return explain(self)

    @functools.cached_property
    def assumptions(self) -> tuple[str, ...]:
        """What was assumed because it was not stated, in sentences."""
        return ASSUMPTIONS(self)

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

    def to_dict(self) -> dict[str, Any]:
        """Return the classification as JSON-ready plain data, with exact values.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = classify(nike_plus()).to_dict()
        >>> data["kind"], data["label"], data["criteria"][0]["check"]
        ('co_creation', 'co-creation', 'goal')
        """
        return {
            "initiative": self.initiative,
            "kind": self.kind.value,
            "label": self.kind.label,
            "structure": self.structure.value,
            "outcome": self.outcome.value,
            "explanation": list(self.sentences),
            "assumptions": list(self.assumptions),
            "criteria": [c.to_dict() for c in self.criteria],
            "rules": self.rules.to_dict(),
        }

    def __str__(self) -> str:
        """Return the verdict and the explanation."""
        return f"{self.initiative}: {self.kind.label}\n{self.explanation}"

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def _classification(
    kind: Kind, name: str, found: Findings, rules: Rules, structure: Kind, outcome: Outcome
) -> Classification:
    """Rebuild a pickled classification."""
    return Classification(kind, name, found, rules, structure=structure, outcome=outcome)


#: Resources in the order of their words, as the sentences list them.
_WORD = operator.attrgetter("value")

#: Where the net value is in a tally (``Initiative._tallies``), as in :class:`~cocreate.Account`,
#: and how far its float sum may stand from the exact decimal sum.
_NET, _DOUBT = TALLY_NET, TALLY_DOUBT


class Counts(NamedTuple):
    """Per initiative, what :meth:`Facts.structure_columns` judges: one array each."""

    #: Whether the goal is a specific outcome.
    specific: NDArray[np.bool_]
    #: How many co-creators.
    partners: NDArray[np.int64]
    #: How many customers.
    customers: NDArray[np.int64]
    #: How many parties are both.
    shared: NDArray[np.int64]
    #: How many contributors.
    contributors: NDArray[np.int64]
    #: How many customers give an input.
    giving: NDArray[np.int64]
    #: How many customers give a substantive input.
    substantive: NDArray[np.int64]


class Facts:
    """What every criterion is judged on, gathered once per classification.

    The checks that do not depend on who wins are decided here; the win
    checks read the groups' net values. ``cocreate.robustness`` uses the
    same facts to decide which kinds other valuations could reach.
    """

    __slots__ = (
        "_groups",
        "contributors",
        "customers",
        "giving",
        "initiative",
        "partners",
        "rules",
        "substantive",
        "tallies",
        "threshold",
    )

    def __init__(self, initiative: Initiative, rules: Rules) -> None:
        # Judged as the rules see it: under ``groups="together"`` each crowd
        # is one stakeholder (``Initiative.crowds``).
        self.initiative = initiative = rules.judged(initiative)
        self.rules = rules
        self.threshold = rules.win_threshold
        self.tallies = initiative._tallies  # noqa: SLF001 - the plain form of accounts
        # Two kinds of giver: of anything, and of something that is not voice.
        substance = _substantive_givers(initiative, rules.voice_resources)
        self.partners = partners = _co_creators(initiative, substance)
        self.customers = customers = _customers(initiative)
        self.contributors = contributors = givers_of_anything(initiative)
        self.giving = giving = tuple([c for c in customers if c in contributors])
        self.substantive = tuple([c for c in giving if c in substance])
        self._groups = {
            Check.FOCAL_WINS: (initiative.focal,),
            Check.CO_CREATORS_WIN: partners,
            Check.CUSTOMERS_WIN: customers,
        }

    def structure(self) -> dict[Check, bool]:
        """Each check that does not depend on who wins, and whether it holds."""
        return {
            Check.GOAL: self.initiative.goal is not Goal.SPECIFIC_OUTCOME,
            Check.CO_CREATORS: bool(self.partners),
            Check.CUSTOMERS: bool(self.customers),
            Check.THREE_PARTIES: self._three_parties(),
            Check.CUSTOMER_CONTRIBUTES: bool(self.giving),
            Check.VOICE_ONLY: not self.substantive,
            Check.CONTRIBUTORS: len(self.contributors) >= self.rules.min_contributors,
        }

    def _three_parties(self) -> bool:
        """Some co-creator and some customer differ; where customers may co-create, both exist."""
        if self.rules.customers_co_create:
            return bool(self.partners) and bool(self.customers)
        return distinct_pair(self.partners, self.customers) is not None

    @staticmethod
    def structure_columns(counts: Counts, rules: Rules) -> dict[Check, NDArray[np.bool_]]:
        """:meth:`structure` over columns, one row per initiative: its columnar twin.

        ``counts`` holds, per initiative, whether the goal is a specific
        outcome and how many parties (as the rules judge them) are
        co-creators, customers, both, contributors, contributing customers
        and customers giving something substantive. "Some co-creator and some
        customer differ" fails only where the one co-creator is the one
        customer (:func:`distinct_pair`).

        Examples
        --------
        >>> import numpy as np
        >>> one = np.array([1])
        >>> counts = Counts(np.array([False]), one, one, one, one * 2, one, one * 0)
        >>> verdicts = Facts.structure_columns(counts, Rules())
        >>> bool(verdicts[Check.THREE_PARTIES][0]), bool(verdicts[Check.CONTRIBUTORS][0])
        (False, True)
        >>> bool(Facts.structure_columns(counts, Rules(customers_co_create=True))[
        ...     Check.THREE_PARTIES][0])
        True
        """
        both = (counts.partners > 0) & (counts.customers > 0)
        if not rules.customers_co_create:
            alone = (counts.partners == 1) & (counts.customers == 1) & (counts.shared == 1)
            both &= ~alone
        return {
            Check.GOAL: ~counts.specific,
            Check.CO_CREATORS: counts.partners > 0,
            Check.CUSTOMERS: counts.customers > 0,
            Check.THREE_PARTIES: both,
            Check.CUSTOMER_CONTRIBUTES: counts.giving > 0,
            Check.VOICE_ONLY: counts.substantive == 0,
            Check.CONTRIBUTORS: counts.contributors >= rules.min_contributors,
        }

    def groups(self) -> dict[Check, tuple[str, ...]]:
        """The stakeholders each win check is about (the same dict each time: do not change it)."""
        return self._groups

    def wins(self, key: str) -> bool:
        """Whether a stakeholder wins; near the threshold, in exact decimal."""
        tally = self.tallies[key]
        return beats(tally[_NET], self.threshold, tally[_DOUBT], self.initiative.exact_net, key)

    def criterion(self, kind: Kind, check: Check, holds: bool) -> Criterion:
        """Return the criterion of ``check`` for ``kind``, with its evidence as data."""
        group = self._groups.get(check)
        if group is not None:
            return self._wins(kind, check, group)
        people: tuple[str, ...] = ()
        count = 0
        missing: tuple[str, ...] = ()
        assumed = check is Check.GOAL and self.initiative.goal is None
        if check is Check.CO_CREATORS:
            external = self.initiative.external
            people = self.partners or tuple(sorted(self.contributors & external))
        elif check is Check.CUSTOMERS:
            people, count = self.customers, len(self.customers)
        elif check is Check.THREE_PARTIES:
            # The pair that differs; else whoever is both co-creator and customer.
            pair = distinct_pair(self.partners, self.customers)
            people = pair or tuple(p for p in self.partners if p in self.customers)
            missing = tuple(
                word
                for word, found in (
                    ("no_co_creators", self.partners),
                    ("no_customers", self.customers),
                )
                if not found
            )
            count = len(self.customers)
            assumed = self.rules.customers_co_create and not pair and bool(people)
        elif check is Check.CUSTOMER_CONTRIBUTES:
            people = self.giving
            initiative = self.initiative
            # Inputs only: a customer's purchases are exchanges, not inputs.
            count = sum(
                1
                for c in self.giving
                for item in initiative.contributions_by(c)
                if not item.exchange
            )
        elif check is Check.VOICE_ONLY:
            people = self.substantive or self.giving
        elif check is Check.CONTRIBUTORS:
            people, count = tuple(sorted(self.contributors)), len(self.contributors)
        return self._criterion(kind, check, holds, people, count, assumed, missing)

    def _criterion(
        self,
        kind: Kind,
        check: Check,
        holds: bool,
        people: tuple[str, ...],
        count: int,
        assumed: bool,
        missing: tuple[str, ...] = (),
        nets: tuple[float, ...] = (),
    ) -> Criterion:
        """A criterion with the facts its words cite: names, resources, margins, rules."""
        initiative = self.initiative
        given: tuple[tuple[Resource, ...], ...] = ()
        substantive: tuple[tuple[Resource, ...], ...] = ()
        if check in {Check.CO_CREATORS, Check.VOICE_ONLY}:
            resources = initiative.resources_given
            voice = self.rules.voice_resources
            given = tuple(tuple(sorted(resources.get(key, ()), key=_WORD)) for key in people)
            substantive = tuple(tuple(r for r in each if r not in voice) for each in given)
        internal = (
            sum(1 for key in people if key in initiative.internal)
            if check is Check.CONTRIBUTORS
            else 0
        )
        return Criterion(
            kind,
            check,
            holds,
            people,
            nets,
            count,
            assumed,
            missing=missing,
            names=tuple(initiative.stakeholder(key).name for key in people),
            many=tuple(many(initiative.stakeholder(key)) for key in people),
            margins=tuple(net - self.threshold for net in nets),
            given=given,
            substantive=substantive,
            internal=internal,
            role=initiative.focal_stakeholder.role,
            rules=self.rules,
        )

    def _wins(self, kind: Kind, check: Check, members: Sequence[str]) -> Criterion:
        """A win check: the losers (lowest first), or everyone at the lowest net value."""
        tallies = self.tallies
        nets = [(tallies[m][_NET], m) for m in members]
        losers = sorted(pair for pair in nets if not self.wins(pair[1]))
        if losers:
            chosen = losers
        elif nets:
            lowest = min(nets)[0]
            chosen = sorted(pair for pair in nets if pair[0] == lowest)
        else:
            chosen = []
        return self._criterion(
            kind,
            check,
            not losers,
            tuple(m for _, m in chosen),
            len(members),
            False,
            nets=tuple(n for n, _ in chosen),
        )

    def holds(self) -> dict[Check, bool]:
        """Every check's verdict at the estimates."""
        verdicts = self.structure()
        # beats called directly, not through self.wins: one call per member
        # fewer, on the path every classification takes.
        tallies, threshold, exact = self.tallies, self.threshold, self.initiative.exact_net
        for check, members in self._groups.items():
            holds = True
            for member in members:
                tally = tallies[member]
                if not beats(tally[_NET], threshold, tally[_DOUBT], exact, member):
                    holds = False
                    break
            verdicts[check] = holds
        return verdicts


def classify(initiative: Initiative, *, rules: Rules | None = None) -> Classification:
    """Classify an initiative and explain why.

    The kinds are tried strongest first; the first whose criteria all hold
    is the kind. The criteria of every kind tried are kept, so the
    explanation can say which criterion of a stronger kind failed, for whom,
    and by how much. The sentences are written when first read.

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
    Not co-creation: co-creator 'Apple' has net value -2 and must win (more than 0;
    short by 2).
    """
    initiative = initiative_arg(initiative, "classify")
    rules = rules_arg(rules)
    facts = Facts(initiative, rules)
    holds = facts.holds()
    # The facts are not kept: criteria, if ever read, gather them again from
    # the initiative's cached sums, and fewer objects kept alive per result
    # means less work for the cyclic collector when results pile up.
    kind = decide(holds)
    return Classification(
        kind,
        initiative.name,
        None,
        rules,
        structure=structure_of(holds),
        outcome=outcome_of(holds),
        gather=functools.partial(findings, facts.initiative, rules, kind),
    )


def known(
    initiative: Initiative, rules: Rules, kind: Kind, structure: Kind, outcome: Outcome
) -> Classification:
    """Return the classification of an initiative whose kind was found elsewhere.

    For :func:`cocreate.classify_many`: a worker process sends back only
    the kind, and this process, which holds the same initiative, gives the
    full result. The worker sends the kind, structure and outcome; the
    criteria are gathered here, from the same initiative and rules, when
    first read, so they are those :func:`classify` finds.
    """
    return Classification(
        kind,
        initiative.name,
        None,
        rules,
        structure=structure,
        outcome=outcome,
        gather=functools.partial(findings, initiative, rules, kind),
    )
