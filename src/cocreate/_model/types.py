"""The domain model: who contributes what to whom in an innovation initiative.

Everything here is an immutable value object. The model knows nothing of the
rules, of files or of rendering; those modules read it.
"""

from __future__ import annotations

import enum
import functools
import math
import operator
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain, repeat, starmap
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from cocreate._model.hooks import Slot, to_html
from cocreate._model.text import number
from cocreate._model.validate import (
    COUNT,
    ENUM,
    FLAG,
    ID,
    IDS,
    LABEL,
    NUMBER,
    OPTIONAL_ID,
    TEXT,
    TEXTS,
    Bad,
    FieldKind,
    decimal_sum,
    describe,
    exact_sum,
    in_range,
    rounded,
)
from cocreate.exceptions import (
    ArgumentError,
    Fault,
    InvalidModelError,
    UnknownStakeholderError,
)

if TYPE_CHECKING:
    import decimal
    from typing import Self

    import networkx as nx

__all__ = [
    "Account",
    "Contribution",
    "Goal",
    "Initiative",
    "Process",
    "Resource",
    "Role",
    "Stakeholder",
    "Value",
    "ValueKind",
    "initiative_arg",
]

#: The plain forms of an initiative, filled in by the modules that write them
#: (:mod:`cocreate._model.dicts`, :mod:`cocreate._model.graph`).
TO_DICT: Slot[[Initiative], dict[str, Any]] = Slot("Initiative.to_dict")
FROM_DICT: Slot[[Mapping[str, Any]], Initiative] = Slot("Initiative.from_dict")
TO_NETWORKX: Slot[[Initiative], nx.MultiDiGraph[Any]] = Slot("Initiative.to_networkx")
FROM_NETWORKX: Slot[[Any], Initiative] = Slot("Initiative.from_networkx")

_T = TypeVar("_T")


class _WordEnum(enum.Enum):
    """An enum whose values are lower-case words, also accepted as input.

    ``Role("firm")``, ``Role("FIRM")`` and ``Role("Firm")`` are all
    ``Role.FIRM``; a hyphen may stand for the underscore.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            word = value.strip().lower().replace("-", "_").replace(" ", "_")
            for member in cls:
                if member.value == word:
                    return member
        return None

    @classmethod
    def words(cls) -> tuple[str, ...]:
        """Return the words this enum accepts, in definition order."""
        return tuple(member.value for member in cls)

    def __str__(self) -> str:
        return str(self.value)

    # Members are singletons compared by identity, so the identity hash agrees
    # with ``==``; unlike Enum's own ``__hash__`` it runs in C, which matters
    # where the rules key dicts and sets by members many times per initiative.
    __hash__ = object.__hash__


class Role(_WordEnum):
    """What a stakeholder is.

    An *organization* is a stakeholder whose role is ``FIRM``, ``SUPPLIER`` or
    ``PARTNER``; see :attr:`is_organization`.

    Examples
    --------
    >>> Role("firm") is Role.FIRM
    True
    >>> [role.value for role in Role if role.is_organization]
    ['firm', 'supplier', 'partner']
    """

    #: A company or other organization that offers something.
    FIRM = "firm"
    #: A customer, end user, or a group of them.
    CUSTOMER = "customer"
    #: An organization that supplies the firm.
    SUPPLIER = "supplier"
    #: Another organization: university, NGO, agency, community body.
    PARTNER = "partner"
    #: A person or team inside an organization.
    EMPLOYEE = "employee"

    @property
    def is_organization(self) -> bool:
        """Whether a stakeholder with this role is an organization."""
        return self in _ORGANIZATION_ROLES


_ORGANIZATION_ROLES = frozenset({Role.FIRM, Role.SUPPLIER, Role.PARTNER})


class Resource(_WordEnum):
    """What a contribution gives.

    *Voice* resources are ideas, input and feedback; every other resource is
    *substantive*. :class:`cocreate.Rules` can draw that line elsewhere.

    Examples
    --------
    >>> Resource.IDEAS.is_voice, Resource.TECHNOLOGY.is_voice
    (True, False)
    >>> sorted(r.value for r in Resource if r.is_voice)
    ['feedback', 'ideas', 'input']
    """

    #: Ideas and suggestions.
    IDEAS = "ideas"
    #: Opinions, votes, requirements.
    INPUT = "input"
    #: Reactions to what was made.
    FEEDBACK = "feedback"
    #: Technology, know-how, components of a technical kind.
    TECHNOLOGY = "technology"
    #: Money.
    CAPITAL = "capital"
    #: Time, effort and skills.
    LABOR = "labor"
    #: Designs, content, IP the contributor made.
    DESIGN = "design"
    #: Data.
    DATA = "data"
    #: Infrastructure and tools.
    PLATFORM = "platform"
    #: Channels and market access.
    DISTRIBUTION = "distribution"
    #: A brand and its reputation.
    BRAND = "brand"
    #: Products or components.
    PRODUCT = "product"

    @property
    def is_voice(self) -> bool:
        """Whether this is a voice resource (ideas, input or feedback)."""
        return self in VOICE_RESOURCES


#: The voice resources of the source texts: "ideas, input, and feedback".
VOICE_RESOURCES: frozenset[Resource] = frozenset(
    {Resource.IDEAS, Resource.INPUT, Resource.FEEDBACK}
)


class ValueKind(_WordEnum):
    """What kind of benefit a value is. Descriptive only: rules ignore it.

    Examples
    --------
    >>> ValueKind("revenue")
    <ValueKind.REVENUE: 'revenue'>
    """

    REVENUE = "revenue"
    PRODUCT = "product"
    SERVICE = "service"
    EXPERIENCE = "experience"
    KNOWLEDGE = "knowledge"
    REPUTATION = "reputation"
    DATA = "data"
    LOYALTY = "loyalty"
    COST_SAVING = "cost_saving"
    #: The default, for a benefit not described further.
    OTHER = "other"


class Goal(_WordEnum):
    """What an initiative sets out to do.

    Examples
    --------
    >>> Goal("new-offering")
    <Goal.NEW_OFFERING: 'new_offering'>
    """

    #: A new product, service or experience.
    NEW_OFFERING = "new_offering"
    #: Complete a project, reach a decision.
    SPECIFIC_OUTCOME = "specific_outcome"


class Process(_WordEnum):
    """How an initiative works.

    Examples
    --------
    >>> Process("iterative")
    <Process.ITERATIVE: 'iterative'>
    """

    #: Open-ended and experimental.
    ITERATIVE = "iterative"
    #: Defined roles and responsibilities, a set timeframe.
    STRUCTURED = "structured"


# --------------------------------------------------------------------------
# Each class states its fields' kinds once, in a table that the constructor
# and the bulk path (``cocreate._formats.csv``) both read.

_ROLE = ENUM(Role)
_RESOURCE = ENUM(Resource)
_VALUE_KIND = ENUM(ValueKind)
_COST = NUMBER(non_negative=True)
_BOUND_COST = NUMBER(non_negative=True, optional=True)
_AMOUNT = NUMBER()
_BOUND = NUMBER(optional=True)

#: The kind of each field, in field order, by class name.
FIELD_KINDS: dict[str, tuple[tuple[str, FieldKind[Any]], ...]] = {
    "Stakeholder": (
        ("id", ID),
        ("role", _ROLE),
        ("name", TEXT),
        ("organization", OPTIONAL_ID),
        ("customer_of", IDS),
        ("size", COUNT),
        ("group", LABEL),
    ),
    "Contribution": (
        ("source", ID),
        ("resource", _RESOURCE),
        ("target", OPTIONAL_ID),
        ("cost", _COST),
        ("description", TEXT),
        ("low", _BOUND_COST),
        ("high", _BOUND_COST),
        ("exchange", FLAG),
        ("link", LABEL),
    ),
    "Value": (
        ("beneficiary", ID),
        ("amount", _AMOUNT),
        ("provider", OPTIONAL_ID),
        ("kind", _VALUE_KIND),
        ("description", TEXT),
        ("low", _BOUND),
        ("high", _BOUND),
        ("link", LABEL),
        ("requires", IDS),
    ),
    "Initiative": (
        ("name", TEXT),
        ("focal", ID),
        ("goal", ENUM(Goal, optional=True)),
        ("process", ENUM(Process, optional=True)),
        ("assumptions", TEXTS),
    ),
}


def _quote_list(ids: Iterable[str], limit: int = 10) -> str:
    ordered = sorted(ids)
    shown = ", ".join(repr(i) for i in ordered[:limit])
    if len(ordered) > limit:
        shown += f", ... ({len(ordered) - limit} more)"
    return shown or "none"


def _closest(key: str, known: Iterable[str]) -> str:
    """Say which known ids a mistyped id may have meant."""
    import difflib

    ids = sorted(known)
    close = difflib.get_close_matches(key, ids, n=3, cutoff=0.6) if len(key) <= 200 else []
    if close:
        return "did you mean " + " or ".join(repr(i) for i in close) + "?"
    return f"known: {_quote_list(ids)}"


def _to_id(value: str | Stakeholder) -> str:
    """Accept a :class:`Stakeholder` where an id is expected."""
    return value.id if isinstance(value, Stakeholder) else value


def _to_optional_id(value: str | Stakeholder | None) -> str | None:
    """Accept a :class:`Stakeholder` where an id or ``None`` is expected."""
    return value.id if isinstance(value, Stakeholder) else value


def _to_ids(value: Iterable[str | Stakeholder]) -> frozenset[str]:
    """Accept stakeholders among ids; anything else is left for the field kind to judge."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    if isinstance(value, frozenset) and not any(isinstance(i, Stakeholder) for i in value):
        return value
    return [_to_id(item) for item in value]  # type: ignore[return-value]


# Friendly input, as the type checker should see it: the field kinds do the
# converting and checking in ``__attrs_post_init__``; these only widen the
# types that ``__init__`` accepts.


def _role_in(value: Role | str) -> Role:
    return value  # type: ignore[return-value]


def _name_in(value: str | None) -> str:
    return value  # type: ignore[return-value]


def _resource_in(value: Resource | str) -> Resource:
    return value  # type: ignore[return-value]


def _kind_in(value: ValueKind | str) -> ValueKind:
    return value  # type: ignore[return-value]


def _goal_in(value: Goal | str | None) -> Goal | None:
    return value  # type: ignore[return-value]


def _process_in(value: Process | str | None) -> Process | None:
    return value  # type: ignore[return-value]


def _lines_in(value: Iterable[str] | None) -> tuple[str, ...]:
    return value  # type: ignore[return-value]


def check_fields(obj: object, kinds: tuple[tuple[str, FieldKind[Any]], ...]) -> list[Fault]:
    """Make every field of a new object canonical, and return the faults found."""
    faults = []
    for name, kind in kinds:
        try:
            value = kind.convert(getattr(obj, name))
        except Bad as bad:
            faults.append(bad.fault(name))
        else:
            object.__setattr__(obj, name, value)
    return faults


def range_faults(obj: Any, estimate: str) -> list[Fault]:
    """Return the fault of a range that does not hold its estimate, if any."""
    low, value, high = obj.low, getattr(obj, estimate), obj.high
    if low is None and high is None:
        return []
    if not isinstance(value, float) or not all(
        bound is None or isinstance(bound, float) for bound in (low, high)
    ):
        return []  # a wrong type is reported where it is
    if in_range(low, value, high):
        return []
    return [
        Fault(
            "low" if low is not None and low > value else "high",
            f"the range must hold the {estimate}: low <= {estimate} <= high, "
            f"got low={low!r}, {estimate}={value!r}, high={high!r}",
        )
    ]


class _Once:
    """A frozen object's ``__init__`` runs once: a second call would change it."""

    __slots__ = ()

    def __attrs_pre_init__(self) -> None:
        first = attrs.fields(type(self))[0].name  # type: ignore[arg-type]
        try:
            object.__getattribute__(self, first)
        except AttributeError:
            return
        msg = f"{type(self).__name__} is immutable: __init__ cannot be called again"
        raise ArgumentError(msg)


def _raise_if(faults: list[Fault], what: str) -> None:
    if faults:
        raise InvalidModelError(what, faults)


def _label(value: object) -> str:
    """A short label for what failed: the id if it is one, else its description."""
    return repr(value) if type(value) is str and len(value) <= 40 else describe(value)


# --------------------------------------------------------------------------


@attrs.frozen(weakref_slot=False)  # no weak references: 8 bytes less per object
class Stakeholder(_Once):
    """A party to an initiative: a firm, a customer group, a partner, a team.

    Parameters
    ----------
    id
        Unique key within an initiative, and the node in its graph.
    role
        What the stakeholder is: a :class:`Role`, or its word (``"firm"``).
    name
        Display label; ``None`` or empty means the ``id``.
    organization
        Id (or :class:`Stakeholder`) of the organization this stakeholder
        belongs to: an employee's firm, a team's business unit.
    customer_of
        Ids (or stakeholders) of the organizations whose customer this is.
    size
        How many people or organizations this stakeholder stands for (a
        segment of customers, a crowd of entrants), at least 1; its amounts
        are the segment's totals.
    group
        The crowd this segment belongs to, a free label (not a stakeholder
        id): segments of one group are judged as one party under
        ``Rules(groups="together")``, the default.

    Examples
    --------
    >>> runners = Stakeholder("runners", Role.CUSTOMER, customer_of=["nike", "apple"])
    >>> runners.name, sorted(runners.customer_of)
    ('runners', ['apple', 'nike'])
    >>> Stakeholder("nike", "firm", name="Nike").role
    <Role.FIRM: 'firm'>
    >>> Stakeholder("a", Role.FIRM) == Stakeholder("a", Role.FIRM, name="a")
    True
    >>> Stakeholder("picked", "customer", size=12, group="entrants").size
    12
    """

    id: str
    role: Role = attrs.field(converter=_role_in)
    name: str = attrs.field(default=None, kw_only=True, converter=_name_in)
    organization: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    customer_of: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_to_ids)
    size: int = attrs.field(default=1, kw_only=True)
    group: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.name is None or self.name == "":
            # The name defaults to the id; a bad id is reported once, as the id.
            object.__setattr__(self, "name", self.id if isinstance(self.id, str) else "")
        faults = check_fields(self, FIELD_KINDS["Stakeholder"])
        _raise_if(faults, f"Stakeholder {_label(self.id)}")

    def __str__(self) -> str:
        """Return ``name (role)``, the way a person would say it."""
        label = self.name if self.name == self.id else f"{self.name} [{self.id}]"
        return f"{label} ({self.role.value})"

    @property
    def is_organization(self) -> bool:
        """Whether this stakeholder is an organization (firm, supplier, partner)."""
        return self.role.is_organization


@attrs.frozen(weakref_slot=False)  # no weak references: 8 bytes less per object
class Contribution(_Once):
    """A stakeholder gives a resource to another stakeholder, or to the initiative.

    Parameters
    ----------
    source
        Who gives: a stakeholder id or :class:`Stakeholder`.
    resource
        What is given: a :class:`Resource` or its word.
    target
        To whom; ``None`` (the default) means to the initiative itself.
    cost
        What giving it costs the source, a finite number >= 0.
    description
        Free text.
    low, high
        The range the cost may lie in (``0 <= low <= cost <= high``);
        ``None`` means the cost itself. See :func:`cocreate.robustness`.
    exchange
        ``True`` for an exchange, not an input to the innovation: paying for
        the offering, a fee paid to a vendor for its service, data collected
        in passing. Its cost counts in net values, and it counts for
        nothing else: it never makes its source a contributor or a
        co-creator.
    link
        A name shared by items (contributions and values) that are one
        uncertain quantity, such as the two sides of a payment: they must
        have the same amount and range. :func:`cocreate.transfer` links the
        two items it makes.

    Examples
    --------
    >>> c = Contribution("apple", Resource.TECHNOLOGY, cost=2)
    >>> c.cost, c.target, c.resource.is_voice
    (2.0, None, False)
    >>> print(c)
    apple gives technology to the initiative (cost 2)
    >>> Contribution("apple", "technology", cost=2, low=1, high=4).high
    4.0
    >>> Contribution("runners", "capital", target="nike", cost=9, exchange=True).exchange
    True
    """

    source: str = attrs.field(converter=_to_id)
    resource: Resource = attrs.field(converter=_resource_in)
    target: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    cost: float = attrs.field(default=0.0, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)
    low: float | None = attrs.field(default=None, kw_only=True)
    high: float | None = attrs.field(default=None, kw_only=True)
    exchange: bool = attrs.field(default=False, kw_only=True)
    link: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        faults = check_fields(self, FIELD_KINDS["Contribution"])
        if self.target is not None and self.target == self.source:
            faults.append(
                Fault(
                    "target",
                    f"{_label(self.source)} cannot contribute to itself; give another "
                    "stakeholder, or None for the initiative",
                )
            )
        faults.extend(range_faults(self, "cost"))
        _raise_if(faults, f"Contribution (source {_label(self.source)})")

    def __str__(self) -> str:
        """Return a one-line sentence describing the contribution."""
        to = "the initiative" if self.target is None else self.target
        cost = f" (cost {number(self.cost)})" if self.cost else ""
        verb = "pays with" if self.exchange else "gives"
        return f"{self.source} {verb} {self.resource.value} to {to}{cost}"


def _default_kind() -> ValueKind:
    return ValueKind.OTHER


@attrs.frozen(weakref_slot=False)  # no weak references: 8 bytes less per object
class Value(_Once):
    """A stakeholder receives a benefit, from another stakeholder or the initiative.

    ``provider`` says where the benefit comes from; it is descriptive and is
    *not* subtracted from the provider's net value. To record a payment or a
    delivery that counts on both sides, use :func:`cocreate.transfer`, or add
    the giver's :class:`Contribution` yourself.

    Parameters
    ----------
    beneficiary
        Who receives: a stakeholder id or :class:`Stakeholder`.
    amount
        The benefit as the beneficiary perceives it, a finite number;
        negative is a loss.
    provider
        From whom; ``None`` (the default) means from the initiative itself.
    kind
        A :class:`ValueKind`, descriptive only; ``ValueKind.OTHER`` by default.
    description
        Free text.
    low, high
        The range the amount may lie in (``low <= amount <= high``);
        ``None`` means the amount itself. See :func:`cocreate.robustness`.
    link
        A name shared by items that are one uncertain quantity (see
        :class:`Contribution`).
    requires
        Ids (or stakeholders) of those without whom this value is not
        created: the co-creators the offering depends on. Empty (the
        default): the value does not depend on anyone's taking part. Only
        on gains: refused where ``amount`` or ``low`` is negative, since a
        loss is borne by its beneficiary alone. :func:`cocreate.without`
        drops a value that requires a stakeholder it removes, and
        :func:`cocreate.fair_split` reads it as the coalition that creates
        the value.

    Examples
    --------
    >>> v = Value("runners", 3, kind="experience")
    >>> v.amount, v.kind
    (3.0, <ValueKind.EXPERIENCE: 'experience'>)
    >>> print(v)
    runners receives 3 (experience) from the initiative
    >>> sorted(Value("nike", 10, requires=["apple"]).requires)
    ['apple']
    """

    beneficiary: str = attrs.field(converter=_to_id)
    amount: float
    provider: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    kind: ValueKind = attrs.field(
        default=attrs.Factory(_default_kind), kw_only=True, converter=_kind_in
    )
    description: str = attrs.field(default="", kw_only=True)
    low: float | None = attrs.field(default=None, kw_only=True)
    high: float | None = attrs.field(default=None, kw_only=True)
    link: str | None = attrs.field(default=None, kw_only=True)
    requires: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_to_ids)

    def __attrs_post_init__(self) -> None:
        faults = check_fields(self, FIELD_KINDS["Value"])
        faults.extend(range_faults(self, "amount"))
        faults.extend(requires_faults(self.requires, self.amount, self.low))
        _raise_if(faults, f"Value (beneficiary {_label(self.beneficiary)})")

    def __str__(self) -> str:
        """Return a one-line sentence describing the value."""
        by = "the initiative" if self.provider is None else self.provider
        return f"{self.beneficiary} receives {number(self.amount)} ({self.kind.value}) from {by}"


def requires_faults(requires: object, amount: object, low: object) -> list[Fault]:
    """A value that requires others must be a gain: neither its amount nor its low negative."""
    if not requires or not isinstance(requires, frozenset):
        return []
    negative = [
        (name, bound)
        for name, bound in (("amount", amount), ("low", low))
        if isinstance(bound, float) and bound < 0
    ]
    if not negative:
        return []
    name, bound = negative[0]
    return [
        Fault(
            "requires",
            f"only a gain can require others, but the {name} is {bound!r}; a loss is "
            "borne by its beneficiary alone: leave requires empty",
        )
    ]


# --------------------------------------------------------------------------


def _to_tuple(value: Any) -> Any:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # reported by the check
    return tuple(value)


#: An account as a plain tuple: contributions, cost, values, received, net
#: value, and how far the net value's float sum may stand from its exact
#: decimal sum (see ``_sums``).
Tally = tuple[int, float, int, float, float, float]
#: Where a tally holds the net value, and its doubt.
TALLY_NET, TALLY_DOUBT = 4, 5


class Account(NamedTuple):
    """What one stakeholder gives and gets in an initiative; see :attr:`Initiative.accounts`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> nike_plus().accounts["apple"]
    Account(contributions=1, cost=2.0, values=1, received=5.0, net_value=3.0)
    """

    #: How many contributions it gives.
    contributions: int
    #: What they cost it in all, exactly rounded.
    cost: float
    #: How many values it receives.
    values: int
    #: What it receives in all, exactly rounded.
    received: float
    #: ``received - cost``, exactly rounded from every term.
    net_value: float


@attrs.frozen(eq=False)
class Initiative(_Once):
    """An innovation initiative: a graph of who contributes what to whom.

    Its nodes are the stakeholders and the initiative itself; its edges are
    contributions and values. The collections may be given as any iterable
    and in any order: two initiatives with the same stakeholders and the
    same multisets of contributions and values are equal and hash alike.
    Nothing given is dropped: two equal contributions are two contributions.

    Construction checks the whole model and reports every fault at once in
    an :class:`~cocreate.exceptions.InvalidModelError`. What is derived from
    the model (indexes, each stakeholder's sums) is computed once, on first
    use, and kept on the immutable object.

    Parameters
    ----------
    name
        The initiative's name.
    focal
        Id (or :class:`Stakeholder`) of the organization that runs it.
    stakeholders
        The :class:`Stakeholder` objects.
    contributions
        The :class:`Contribution` objects.
    values
        The :class:`Value` objects.
    goal
        A :class:`Goal`, or ``None`` when not stated.
    process
        A :class:`Process`, or ``None`` when not stated.
    assumptions
        What the model assumes that its items do not say, one line each (an
        importer's defaults, a modeller's choices); kept sorted.
        :func:`cocreate.classify` lists them among its assumptions.

    Examples
    --------
    >>> nike = Stakeholder("nike", Role.FIRM, name="Nike")
    >>> apple = Stakeholder("apple", Role.FIRM, name="Apple")
    >>> runners = Stakeholder("runners", Role.CUSTOMER, customer_of={"nike", "apple"})
    >>> initiative = Initiative(
    ...     "Nike+",
    ...     nike,
    ...     [nike, apple, runners],
    ...     [Contribution(apple, Resource.TECHNOLOGY, cost=2)],
    ...     [Value(apple, 5), Value(nike, 4), Value(runners, 3)],
    ...     goal=Goal.NEW_OFFERING,
    ... )
    >>> print(initiative)
    Initiative 'Nike+' with 3 stakeholders, 1 contribution, 3 values
    >>> initiative.stakeholder("apple").name
    'Apple'
    >>> [str(c) for c in initiative.contributions_by("apple")]
    ['apple gives technology to the initiative (cost 2)']
    >>> sorted(initiative.external)
    ['apple', 'runners']
    """

    name: str
    focal: str = attrs.field(converter=_to_id)
    stakeholders: tuple[Stakeholder, ...] = attrs.field(converter=_to_tuple)
    contributions: tuple[Contribution, ...] = attrs.field(default=(), converter=_to_tuple)
    values: tuple[Value, ...] = attrs.field(default=(), converter=_to_tuple)
    goal: Goal | None = attrs.field(default=None, kw_only=True, converter=_goal_in)
    process: Process | None = attrs.field(default=None, kw_only=True, converter=_process_in)
    assumptions: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_lines_in)

    def __attrs_post_init__(self) -> None:
        faults = check_fields(self, FIELD_KINDS["Initiative"])
        faults.extend(_collection_faults(self))
        by_id, more = reference_faults(
            self.focal,
            _only(self.stakeholders, Stakeholder),
            _only(self.contributions, Contribution),
            _only(self.values, Value),
        )
        faults.extend(more)
        if faults:
            what = f"Initiative {_label(self.name)}"
            raise InvalidModelError(what, faults)
        _set_cache(self, "_by_id", by_id)

    # -- identity ----------------------------------------------------------

    @functools.cached_property
    def _key(self) -> tuple[Any, ...]:
        return (
            self.name,
            self.focal,
            self.goal,
            self.process,
            self.assumptions,
            frozenset(self.stakeholders),
            frozenset(Counter(self.contributions).items()),
            frozenset(Counter(self.values).items()),
        )

    @functools.cached_property
    def _hash(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        """Compare by value, whatever the order the collections were given in."""
        if not isinstance(other, Initiative):
            return NotImplemented
        if self is other:
            return True
        if (
            len(self.stakeholders) != len(other.stakeholders)
            or len(self.contributions) != len(other.contributions)
            or len(self.values) != len(other.values)
        ):
            return False
        return self._key == other._key

    def __ne__(self, other: object) -> bool:
        """Return the opposite of ``==``."""
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        """Hash by value, whatever the order the collections were given in."""
        return self._hash

    def __str__(self) -> str:
        """Return a one-line summary."""

        def count(n: int, noun: str) -> str:
            return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

        return (
            f"Initiative {self.name!r} with "
            f"{count(len(self.stakeholders), 'stakeholder')}, "
            f"{count(len(self.contributions), 'contribution')}, "
            f"{count(len(self.values), 'value')}"
        )

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the fields, each item as a plain row of its field values; no caches.

        Rows pickle and unpickle several times faster than objects one by
        one, which is what :func:`cocreate.classify_many` sends to and from
        worker processes. A pickle is trusted data (unpickling can run any
        code), so the items are rebuilt without being checked again.
        """
        state = {}
        for field in attrs.fields(Initiative):
            value = getattr(self, field.name)
            cls = _ITEM_CLASSES.get(field.name)
            state[field.name] = value if cls is None else list(map(_field_values(cls), value))
        return _unpickle, (state,)

    def __copy__(self) -> Self:
        """Return a copy that shares the items, with empty caches."""
        twin = object.__new__(type(self))
        for field in attrs.fields(Initiative):
            object.__setattr__(twin, field.name, getattr(self, field.name))
        return twin

    def evolve(self, **changes: Any) -> Self:
        """Return a copy with some fields changed, checked like a new one.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> nike_plus().evolve(goal=None).goal is None
        True
        """
        return attrs.evolve(self, **changes)

    # -- derived data: computed once, on first use -------------------------

    @functools.cached_property
    def _by_id(self) -> dict[str, Stakeholder]:
        return {s.id: s for s in self.stakeholders}

    @functools.cached_property
    def _by_source(self) -> dict[str, list[Contribution]]:
        return _group(self.contributions, "source")

    @functools.cached_property
    def _by_target(self) -> dict[str | None, list[Contribution]]:
        return _group(self.contributions, "target")

    @functools.cached_property
    def _by_beneficiary(self) -> dict[str, list[Value]]:
        return _group(self.values, "beneficiary")

    @functools.cached_property
    def _by_provider(self) -> dict[str | None, list[Value]]:
        return _group(self.values, "provider")

    @functools.cached_property
    def _members(self) -> dict[str, list[Stakeholder]]:
        return _group((s for s in self.stakeholders if s.organization is not None), "organization")

    @functools.cached_property
    def _sides(self) -> tuple[frozenset[str], frozenset[str], tuple[Stakeholder, ...]]:
        """The internal ids, the external ids and the customers, in one pass."""
        focal = self.focal
        customer = Role.CUSTOMER
        inside = []
        outside = []
        customers = []
        for person in self.stakeholders:
            key = person.id
            # Two comparisons, not ``focal in (key, person.organization)``,
            # which builds a tuple per stakeholder.
            if key == focal or person.organization == focal:  # noqa: PLR1714
                inside.append(key)
            else:
                outside.append(key)
            if person.role is customer:
                customers.append(person)
        return frozenset(inside), frozenset(outside), tuple(customers)

    @property
    def internal(self) -> frozenset[str]:
        """Ids of the focal organization and every stakeholder whose organization it is."""
        return self._sides[0]

    @property
    def external(self) -> frozenset[str]:
        """Ids of every stakeholder that is not internal."""
        return self._sides[1]

    @property
    def customers(self) -> tuple[Stakeholder, ...]:
        """The stakeholders whose role is ``CUSTOMER``, in the order given."""
        return self._sides[2]

    @functools.cached_property
    def contributors(self) -> frozenset[str]:
        """Ids of the stakeholders that give at least one input (a contribution not an exchange)."""
        return givers_of_anything(self)

    @functools.cached_property
    def _givers(self) -> dict[Resource, tuple[str, ...]]:
        """Each resource given, to the ids of those who give it, each once; what the rules read."""
        return _givers(self)

    @functools.cached_property
    def _tallies(self) -> dict[str, Tally]:
        """Each stakeholder's account as a plain tuple, in the order of :class:`Account`'s fields.

        What :func:`cocreate.classify` reads. Plain tuples of numbers, unlike
        ``Account`` objects, are left alone by the cyclic garbage collector
        once it has seen them, which matters when many results are kept.
        """
        return _accounts(self)

    @functools.cached_property
    def groups(self) -> Mapping[str, tuple[str, ...]]:
        """Each group's label to the ids of its segments, by id; read-only.

        Examples
        --------
        >>> people = [Stakeholder("lego", "firm"), Stakeholder("picked", "customer", group="fans"),
        ...           Stakeholder("others", "customer", group="fans")]
        >>> dict(Initiative("LEGO Ideas", "lego", people).groups)
        {'fans': ('others', 'picked')}
        """
        found: defaultdict[str, list[str]] = defaultdict(list)
        for person in self.stakeholders:
            if person.group is not None:
                found[person.group].append(person.id)
        return MappingProxyType({label: tuple(sorted(ids)) for label, ids in sorted(found.items())})

    @functools.cached_property
    def crowds(self) -> Initiative:
        """The initiative with each group as one stakeholder: how ``groups="together"`` judges it.

        A group's segments become one stakeholder whose id is the group's
        label: a customer if any segment is, of the focal organization if
        its segments are, standing for all their members (``size``). What
        the segments give, receive and provide is the crowd's; what one
        segment gives another goes to the initiative. Without groups, the
        initiative itself.

        Examples
        --------
        >>> people = [Stakeholder("lego", "firm"),
        ...           Stakeholder("picked", "customer", size=10, group="fans"),
        ...           Stakeholder("others", "customer", size=990, group="fans")]
        >>> lego = Initiative("LEGO Ideas", "lego", people,
        ...                   values=[Value("picked", 50), Value("others", -20)])
        >>> lego.crowds.stakeholder("fans").size, lego.crowds.accounts["fans"].net_value
        (1000, 30.0)
        """
        if not has_groups(self):
            return self
        party = {key: label for label, ids in self.groups.items() for key in ids}

        def one(key: str | None) -> str | None:
            return None if key is None else party.get(key, key)

        def home(key: str | None, own: str) -> str | None:
            found = one(key)
            return None if found == own else found  # a segment of its own crowd: none

        people = [
            attrs.evolve(
                s,
                organization=home(s.organization, s.id),
                customer_of=frozenset(map(party.get, s.customer_of, s.customer_of)) - {s.id},
            )
            if s.organization in party or not party.keys().isdisjoint(s.customer_of)
            else s
            for s in self.stakeholders
            if s.group is None
        ]
        for label, ids in self.groups.items():
            segments = [self._by_id[key] for key in ids]
            roles = {s.role for s in segments}
            role = Role.CUSTOMER if Role.CUSTOMER in roles else segments[0].role
            homes = {home(s.organization, label) for s in segments}
            people.append(
                Stakeholder(
                    label,
                    role,
                    organization=homes.pop() if len(homes) == 1 else None,
                    customer_of=frozenset(
                        party.get(org, org) for s in segments for org in s.customer_of
                    )
                    - {label},
                    size=sum(s.size for s in segments),
                )
            )

        given = []
        for c in self.contributions:
            source, target = party.get(c.source, c.source), one(c.target)
            if (source, target) != (c.source, c.target):
                target = None if target == source else target
                c = attrs.evolve(c, source=source, target=target)  # noqa: PLW2901
            given.append(c)
        got = []
        for v in self.values:
            beneficiary, provider = party.get(v.beneficiary, v.beneficiary), one(v.provider)
            requires = frozenset(map(party.get, v.requires, v.requires))
            if (beneficiary, provider, requires) != (v.beneficiary, v.provider, v.requires):
                v = attrs.evolve(  # noqa: PLW2901
                    v, beneficiary=beneficiary, provider=provider, requires=requires
                )
            got.append(v)
        return Initiative(
            self.name,
            self.focal,
            people,
            given,
            got,
            goal=self.goal,
            process=self.process,
            assumptions=self.assumptions,
        )

    def exact_net(self, stakeholder: str | Stakeholder) -> decimal.Decimal:
        """A stakeholder's net value summed exactly, every amount and cost as the decimal written.

        :attr:`accounts` holds the net value rounded to a float; this is the
        sum before rounding, which the win test reads where a float net
        value lies within rounding distance of a threshold.

        Examples
        --------
        >>> people = [Stakeholder("f", "firm")]
        >>> Initiative("x", "f", people, values=[Value("f", 0.1), Value("f", 0.2)]).exact_net("f")
        Decimal('0.3')
        """
        key = self.stakeholder(stakeholder).id
        terms = [-c.cost for c in self._by_source.get(key, ())]
        terms += [v.amount for v in self._by_beneficiary.get(key, ())]
        return decimal_sum(terms)

    @functools.cached_property
    def accounts(self) -> Mapping[str, Account]:
        """Each stakeholder's :class:`Account`: counts, cost, received, net value.

        Read-only; computed in one pass over the contributions and one over
        the values, on first use. Sums are exactly rounded, so they do not
        depend on the order in which the collections were given.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> nike_plus().accounts["runners"].net_value
        3.0
        """
        tallies = self._tallies
        return MappingProxyType(
            dict(
                zip(
                    tallies,
                    map(tuple.__new__, repeat(Account), map(_ACCOUNT, tallies.values())),
                    strict=True,
                )
            )
        )

    @functools.cached_property
    def resources_given(self) -> Mapping[str, frozenset[Resource]]:
        """Each contributor's id to the set of resources it gives as inputs; read-only.

        Exchanges (purchases, vendors' paid services) are not inputs and are
        not listed.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> sorted(r.value for r in nike_plus().resources_given["runners"])
        ['data', 'feedback']
        """
        return MappingProxyType(_resources_given(self))

    @functools.cached_property
    def ordered(
        self,
    ) -> tuple[tuple[Stakeholder, ...], tuple[Contribution, ...], tuple[Value, ...]]:
        """The stakeholders, contributions and values in the canonical order.

        Stakeholders by id; contributions and values by their fields in field
        order (enums by their words, an empty field before any other). Equal
        initiatives have equal ``ordered`` collections, whatever order they
        were given in: every output (files, tables, HTML) uses this order.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> people, given, got = nike_plus().ordered
        >>> [p.id for p in people], given[0].source
        (['apple', 'nike', 'runners'], 'apple')
        """
        return (
            tuple(sorted(self.stakeholders, key=operator.attrgetter("id"))),
            tuple(sorted(self.contributions, key=_canonical_key_of(Contribution))),
            tuple(sorted(self.values, key=_canonical_key_of(Value))),
        )

    # -- lookups -------------------------------------------------------------

    @property
    def stakeholder_ids(self) -> frozenset[str]:
        """The ids of all stakeholders."""
        return frozenset(self._by_id)

    def __contains__(self, item: object) -> bool:
        """Whether a stakeholder (or stakeholder id) belongs to the initiative."""
        if isinstance(item, Stakeholder):
            return bool(self._by_id.get(item.id) == item)
        return type(item) is str and item in self._by_id

    def stakeholder(self, id: str | Stakeholder) -> Stakeholder:  # noqa: A002
        """Return the stakeholder with this id.

        Raises
        ------
        UnknownStakeholderError
            If there is none; it is also a :class:`KeyError`.
        """
        key = _to_id(id)
        found = self._by_id.get(key) if type(key) is str else None
        if found is None:
            where = _closest(key, self._by_id) if type(key) is str else "ids are str"
            msg = f"unknown stakeholder {_label(key)} in initiative {_label(self.name)}; {where}"
            raise UnknownStakeholderError(msg)
        return found

    @property
    def focal_stakeholder(self) -> Stakeholder:
        """The focal organization as a :class:`Stakeholder`."""
        return self._by_id[self.focal]

    def contributions_by(self, stakeholder: str | Stakeholder) -> tuple[Contribution, ...]:
        """Return the contributions the stakeholder gives, in the order given."""
        key = self.stakeholder(stakeholder).id
        return tuple(self._by_source.get(key, ()))

    def contributions_to(self, stakeholder: str | Stakeholder | None) -> tuple[Contribution, ...]:
        """Return the contributions given to the stakeholder (``None``: to the initiative)."""
        key = None if stakeholder is None else self.stakeholder(stakeholder).id
        return tuple(self._by_target.get(key, ()))

    def values_to(self, stakeholder: str | Stakeholder) -> tuple[Value, ...]:
        """Return the values the stakeholder receives, in the order given."""
        key = self.stakeholder(stakeholder).id
        return tuple(self._by_beneficiary.get(key, ()))

    def values_from(self, stakeholder: str | Stakeholder | None) -> tuple[Value, ...]:
        """Return the values the stakeholder provides (``None``: the initiative)."""
        key = None if stakeholder is None else self.stakeholder(stakeholder).id
        return tuple(self._by_provider.get(key, ()))

    def members_of(self, organization: str | Stakeholder) -> tuple[Stakeholder, ...]:
        """Return the stakeholders whose ``organization`` is this one."""
        key = self.stakeholder(organization).id
        return tuple(self._members.get(key, ()))

    def is_internal(self, stakeholder: str | Stakeholder) -> bool:
        """Whether the stakeholder is internal to the focal organization."""
        return self.stakeholder(stakeholder).id in self.internal

    # -- conversions (implemented on top of the model, imported lazily) -----

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict that :meth:`from_dict` turns back into this.

        Stakeholders, contributions and values are written in the canonical
        order (see ``docs/files-and-cli.md``), so equal initiatives give
        equal dicts.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = nike_plus().to_dict()
        >>> data["format"], data["focal"]
        ('cocreate', 'nike')
        >>> Initiative.from_dict(data) == nike_plus()
        True
        """
        return TO_DICT(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Initiative:
        """Build an initiative from the dict form that :meth:`to_dict` writes.

        Every fault in the document is reported at once, each with the path
        to it (``contributions[2].source``), in an
        :class:`~cocreate.exceptions.InvalidModelError`.
        """
        return FROM_DICT(data)

    def to_networkx(self) -> nx.MultiDiGraph[Any]:
        """Return the initiative as a :class:`networkx.MultiDiGraph`.

        Nodes are the stakeholders and one node for the initiative itself
        (``node_type`` tells them apart); edges are contributions
        (source to target) and values (provider to beneficiary), told apart
        by ``edge_type``. Every field is kept, so :meth:`from_networkx`
        gives back an equal initiative.

        Examples
        --------
        >>> import networkx as nx
        >>> from cocreate.examples import nike_plus
        >>> graph = nike_plus().to_networkx()
        >>> graph.nodes["apple"]["role"]
        'firm'
        >>> nx.is_weakly_connected(graph)
        True
        >>> Initiative.from_networkx(graph) == nike_plus()
        True
        """
        return TO_NETWORKX(self)

    @classmethod
    def from_networkx(cls, graph: Any) -> Initiative:
        """Build an initiative from a graph that :meth:`to_networkx` made.

        A graph that is not a valid initiative raises
        :class:`~cocreate.exceptions.InvalidModelError`.
        """
        return FROM_NETWORKX(graph)


def canonical_key(item: Contribution | Value) -> tuple[Any, ...]:
    """Sort key of the canonical order: the fields in order, enums as words, None first.

    :attr:`Initiative.ordered` sorts by it; a view that shows only the first
    rows may take them with ``heapq.nsmallest(k, items, key=canonical_key)``.
    """
    cls: Any = type(item)
    return _canonical_key_of(cls)(item)  # type: ignore[no-any-return]


@functools.cache
def _canonical_key_of(cls: type[Any]) -> Any:
    """Return the sort key of the canonical order for items of ``cls``, written out from its fields.

    The key is one flat tuple: each field in field order, a word enum's
    member as its word, and before each field that may be ``None`` whether
    it is given, so that ``None`` comes first and is never compared with a
    value. That orders items as comparing one ``(given, value)`` pair per
    field would (a field that is never ``None`` needs no flag), but the
    sort then compares plain strings and numbers first: at 1M contributions
    it sorted in a quarter of the time, from keys made in a ninth.
    """
    terms = []
    for name, kind in FIELD_KINDS[cls.__name__]:
        value = f"item.{name}"
        if kind.optional:
            terms.append(f"{value} is not None")
        if kind.words:
            word = f"{value}._value_"
            value = f"(None if {value} is None else {word})" if kind.optional else word
        terms.append(value)
    source = f"def key(item):\n    return ({', '.join(terms)},)\n"
    scope: dict[str, Any] = {}
    exec(source, scope)  # noqa: S102 - the source is made from the field names only
    return scope["key"]


def _set_cache(initiative: Initiative, name: str, value: object) -> None:
    """Fill a cached property of a new initiative with what construction already has."""
    object.__setattr__(initiative, name, value)


#: The initiative's collections and the class of their items.
_ITEM_CLASSES: dict[str, Any] = {
    "stakeholders": Stakeholder,
    "contributions": Contribution,
    "values": Value,
}


@functools.cache
def _field_values(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """Return a function that gives an item's field values as a tuple, in field order."""
    return operator.attrgetter(*(field.name for field in attrs.fields(cls)))


def _unpickle(state: dict[str, Any]) -> Initiative:
    """Rebuild a pickled initiative (see ``Initiative.__reduce__``)."""
    initiative: Initiative = object.__new__(Initiative)
    for name, value in state.items():
        cls = _ITEM_CLASSES.get(name)
        object.__setattr__(
            initiative, name, value if cls is None else tuple(starmap(_builder(cls), value))
        )
    return initiative


def _collection_faults(initiative: Initiative) -> list[Fault]:
    faults = []
    for field, cls in _ITEM_CLASSES.items():
        items = getattr(initiative, field)
        if not isinstance(items, tuple):
            faults.append(
                Fault(field, f"must be an iterable of {cls.__name__}, got {describe(items)}")
            )
            object.__setattr__(initiative, field, ())
            continue
        if set(map(type, items)) <= {cls}:
            continue
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                faults.append(
                    Fault(f"{field}[{index}]", f"must be a {cls.__name__}, got {describe(item)}")
                )
    return faults


class _Nothing:
    """Stands, in the reference checks, for an item of the wrong type (reported already)."""

    id = role = organization = source = target = beneficiary = provider = group = link = None
    customer_of: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()


def _only(items: tuple[Any, ...], cls: type[Any]) -> tuple[Any, ...]:
    """The items, with each one that is not a ``cls`` replaced by a :class:`_Nothing`."""
    if set(map(type, items)) <= {cls}:
        return items
    return tuple(item if isinstance(item, cls) else _Nothing() for item in items)


def _plain_id(value: object) -> str | None:
    return value if type(value) is str and value else None


def reference_faults(
    focal: object,
    stakeholders: Iterable[Any],
    contributions: Sequence[Any],
    values: Sequence[Any],
    held: Mapping[str, AbstractSet[object]] | None = None,
) -> tuple[dict[str, Any], list[Fault]]:
    """Check what the items refer to; return the index from id to stakeholder, and the faults.

    Items may be model objects, or stand-ins with the same attribute names
    for items that could not be built (their faults are reported where they
    were found): this is the one place that states the rules between items
    (unique ids, known references, an organization as the focal stakeholder),
    for every way in.

    ``held`` may give, for a reference field (``"contributions.source"``,
    say), the set of the values its items hold, gathered while they were
    built, so that a million items need not be read again; the items are
    then read only to say where an unknown reference is.
    """
    people = list(stakeholders)
    by_id, faults = _id_index(people)
    faults.extend(_focal_faults(focal, by_id))
    faults.extend(_membership_faults(people, by_id))
    given = held or {}
    for part, items, fields in (
        ("contributions", contributions, ("source", "target")),
        ("values", values, ("beneficiary", "provider")),
    ):
        for field in fields:
            refs = given.get(f"{part}.{field}")
            if refs is None:
                try:
                    refs = set(map(operator.attrgetter(field), items))
                except AttributeError:
                    # An item that is not a model object (reported where the
                    # collection is checked) refers to no one.
                    refs = {getattr(item, field, None) for item in items}
            if by_id.keys() >= refs - {None}:
                continue  # the common case, checked in one pass in C
            for index, item in enumerate(items):
                key = _plain_id(getattr(item, field, None))
                if key is not None and key not in by_id:
                    faults.append(_unknown(f"{part}[{index}].{field}", key, by_id))
    faults.extend(_requires_faults(values, by_id, given.get("values.requires")))
    faults.extend(_group_faults(focal, people, by_id))
    links = (given.get("contributions.link"), given.get("values.link"))
    if links[0] is None or links[1] is None or not {*links[0], *links[1]} <= {None}:
        faults.extend(_link_faults(contributions, values))
    return by_id, faults


_LINK = operator.attrgetter("link")
_REQUIRES = operator.attrgetter("requires")


def _requires_faults(
    values: Sequence[Any], by_id: Mapping[str, Any], held: AbstractSet[object] | None
) -> list[Fault]:
    """Every id a value requires must name a stakeholder."""
    named = held
    if named is None:
        try:
            named = set().union(*map(_REQUIRES, values))
        except (AttributeError, TypeError):
            named = None
    if named is not None and by_id.keys() >= named:
        return []  # the common case, checked in C
    faults: list[Fault] = []
    for index, item in enumerate(values):
        requires: object = getattr(item, "requires", frozenset())
        if not isinstance(requires, frozenset):
            continue  # a wrong type is reported with the field
        faults.extend(
            _unknown(f"values[{index}].requires", ref, by_id)
            for ref in sorted(filter(_plain_id, requires))
            if ref not in by_id
        )
    return faults


_GROUP = operator.attrgetter("group")


def has_groups(initiative: Initiative) -> bool:
    """Whether some stakeholder is a segment of a group: one pass in C, nothing cached."""
    return any(map(_GROUP, initiative.stakeholders))


def _group_faults(focal: object, people: list[Any], by_id: Mapping[str, Any]) -> list[Fault]:
    """A group is one party: named apart from every stakeholder, wholly inside or outside.

    Its label must not be a stakeholder's id, so that a party's name says
    which it is; the focal organization runs the initiative and is no
    segment of a crowd; and a crowd's segments are all internal (members
    of the focal organization) or all external.
    """
    try:
        labels = set(map(_GROUP, people))
    except AttributeError:
        labels = {getattr(person, "group", None) for person in people}
    labels.discard(None)
    if not labels:
        return []  # the common case, checked in C
    faults = []
    inside: dict[str, tuple[bool, int]] = {}
    for index, person in enumerate(people):
        label = getattr(person, "group", None)
        if type(label) is not str:
            continue
        path = f"stakeholders[{index}].group"
        key = getattr(person, "id", None)
        if label in by_id:
            faults.append(
                Fault(
                    path,
                    f"group {label!r} is also a stakeholder's id; name the group apart "
                    "from every stakeholder",
                )
            )
        if key == focal:
            faults.append(
                Fault(path, "the focal organization runs the initiative; it cannot be in a group")
            )
            continue
        internal = getattr(person, "organization", None) == focal
        seen = inside.setdefault(label, (internal, index))
        if seen[0] != internal:
            faults.append(
                Fault(
                    path,
                    f"group {label!r} has segments inside the focal organization "
                    f"(stakeholders[{seen[1] if seen[0] else index}]) and outside it "
                    f"(stakeholders[{index if seen[0] else seen[1]}]); a crowd is one party, "
                    "wholly inside or outside",
                )
            )
    return faults


def _link_faults(contributions: Sequence[Any], values: Sequence[Any]) -> list[Fault]:
    """Items that share a link are one quantity: the same estimate and the same range."""
    try:
        named = set(map(_LINK, contributions)) | set(map(_LINK, values))
    except AttributeError:
        named = {getattr(item, "link", None) for item in (*contributions, *values)}
    if named <= {None}:
        return []  # the common case, checked in C
    first: dict[str, tuple[str, tuple[object, ...]]] = {}
    faults = []
    for part, items, estimate in (
        ("contributions", contributions, "cost"),
        ("values", values, "amount"),
    ):
        for index, item in enumerate(items):
            link = getattr(item, "link", None)
            if type(link) is not str:
                continue
            quantity = tuple(getattr(item, name, None) for name in (estimate, "low", "high"))
            where = f"{part}[{index}]"
            seen = first.setdefault(link, (where, quantity))
            if seen[1] != quantity:
                faults.append(
                    Fault(
                        f"{where}.link",
                        f"linked by {link!r} to {seen[0]}, whose {_quantity(seen[1])}, "
                        f"but this item's {_quantity(quantity)}; linked items are one "
                        "quantity: give them the same amount and range",
                    )
                )
    return faults


def _quantity(quantity: tuple[object, ...]) -> str:
    estimate, low, high = quantity
    if low is None and high is None:
        return f"amount is {estimate!r}"
    return f"amount is {estimate!r} in [{low!r}, {high!r}]"


def _unknown(path: str, ref: str, by_id: Mapping[str, Any]) -> Fault:
    return Fault(path, f"unknown stakeholder {_label(ref)}; {_closest(ref, by_id)}")


def _id_index(people: list[Any]) -> tuple[dict[str, Any], list[Fault]]:
    """Index the stakeholders by id, with a fault for each duplicate."""
    faults = []
    by_id: dict[str, Any] = {}
    first: dict[str, int] = {}
    for index, person in enumerate(people):
        key = _plain_id(getattr(person, "id", None))
        if key is None:
            continue
        if key in by_id:
            faults.append(
                Fault(
                    f"stakeholders[{index}].id",
                    f"duplicate id {key!r} (also stakeholders[{first[key]}]); ids must be unique",
                )
            )
            continue
        by_id[key] = person
        first[key] = index
    return by_id, faults


def _focal_faults(focal: object, by_id: Mapping[str, Any]) -> list[Fault]:
    """The focal stakeholder must be known and an organization."""
    key = _plain_id(focal)
    if key is None:
        return []  # a wrong type is reported with the field
    runner = by_id.get(key)
    if runner is None:
        return [_unknown("focal", key, by_id)]
    if isinstance(runner.role, Role) and not runner.role.is_organization:
        return [
            Fault(
                "focal",
                f"{key!r} has role {runner.role.value!r}; the focal stakeholder "
                "must be an organization (role 'firm', 'supplier' or 'partner')",
            )
        ]
    return []


_ORGANIZATION = operator.attrgetter("organization")
_CUSTOMER_OF = operator.attrgetter("customer_of")


def _membership_faults(people: list[Any], by_id: Mapping[str, Any]) -> list[Fault]:
    """Each stakeholder's organization and the organizations it is a customer of must be known."""
    try:
        named = set(map(_ORGANIZATION, people)).union(*map(_CUSTOMER_OF, people))
    except (AttributeError, TypeError):  # not model objects: checked one by one below
        pass
    else:
        named.discard(None)
        if by_id.keys() >= named:
            return []  # the common case, checked in C
    faults = []
    for index, person in enumerate(people):
        if by_id.get(getattr(person, "id", None)) is not person:  # type: ignore[arg-type]
            continue  # a duplicate, or no id: reported already
        org = _plain_id(getattr(person, "organization", None))
        if org is not None and org not in by_id:
            faults.append(_unknown(f"stakeholders[{index}].organization", org, by_id))
        customer_of = getattr(person, "customer_of", ())
        if isinstance(customer_of, frozenset):
            faults.extend(
                _unknown(f"stakeholders[{index}].customer_of", ref, by_id)
                for ref in sorted(filter(_plain_id, customer_of))
                if ref not in by_id
            )
    return faults


def _group(items: Iterable[Any], attribute: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        key = getattr(item, attribute)
        group = groups.get(key)
        if group is None:
            groups[key] = [item]
        else:
            group.append(item)
    return groups


#: From how many contributions and values on the terms of each stakeholder's
#: sums are gathered into arrays of doubles rather than lists of floats.
#: Measured in one process, the two taking turns (CPU time), arrays made
#: the sums 15-25% faster at 30k, 300k and 1M contributions: ``math.fsum``
#: then reads each stakeholder's terms from one block of memory instead of
#: following a pointer per term to floats scattered over the heap. At 3k
#: they were no faster, and for a small initiative an array is dearer to
#: make than a list.
_ARRAYS_FROM = 4096

#: The terms of a sum: a list of floats or an array of doubles.
_Terms = TypeVar("_Terms", list[float], "array[float]")

#: An empty list of floats, and an empty array of doubles, made in C.
_FLOATS: Callable[[], list[float]] = list
_DOUBLES: Callable[[], array[float]] = array("d").__copy__


def _accounts(initiative: Initiative) -> dict[str, Tally]:
    """Each stakeholder's sums, in one pass over the contributions and one over the values."""
    if len(initiative.contributions) + len(initiative.values) < _ARRAYS_FROM:
        return _tally(initiative, _FLOATS)
    return _tally(initiative, _DOUBLES)


def _tally(initiative: Initiative, terms: Callable[[], _Terms]) -> dict[str, Tally]:
    """Each stakeholder's sums, with its terms gathered in containers that ``terms`` makes."""
    # Plain loops into a defaultdict: a container is made only for a
    # stakeholder with a term. Measured against ``map`` chains over
    # ``attrgetter`` and ``dict.__getitem__``, they were faster at 20 items
    # and at a million (benchmarks/run.py, rows "ledger (fresh)" and
    # "classify per initiative"). Costs are gathered negated, so that a net
    # value is the sum of one concatenation.
    costs: defaultdict[str, _Terms] = defaultdict(terms)
    for contribution in initiative.contributions:
        costs[contribution.source].append(-contribution.cost)
    amounts: defaultdict[str, _Terms] = defaultdict(terms)
    for value in initiative.values:
        amounts[value.beneficiary].append(value.amount)
    ids = [person.id for person in initiative.stakeholders]
    # ``math.fsum`` is exactly rounded; only a sum beyond the float range
    # needs exact_sum's slower way.
    try:
        return _sums(ids, costs, amounts, terms(), math.fsum)
    except OverflowError:
        return _sums(ids, costs, amounts, terms(), exact_sum)


#: How far, relative to the sum of its terms' sizes, a float sum may stand
#: from the sum of the same terms read as the decimals they were written as:
#: each term is within half an ulp (2**-53 of its size) of its decimal, and
#: the float sum within half an ulp of the exact sum. Twice that, for room.
_DOUBT = 2.0**-51
#: Below every subnormal step: a sum of tiny terms is always recounted.
_TINY = 1e-300


#: Terms that are multiples of 1/256 smaller than 2**20 are written with at
#: most 15 significant digits, so each float is exactly the decimal written
#: and their float sum is exact too.
_SHORT = 2.0**20
_STEPS = 256.0


def _as_written(net: float, terms: Iterable[float]) -> float:
    """The net value as the exact sum of the decimals written, rounded once.

    Where every term is a short binary fraction (halves, quarters, cents
    are not: 0.01 is not; whole numbers and halves are), the float sum
    ``net`` is that already, and the slower decimal sum is skipped:
    measured on 3,000 small initiatives of whole and half amounts
    (``benchmarks/small.py``), whose net values are often exactly 0, the
    decimal recount alone took a third of ``classify``'s time.
    """
    listed = list(terms)
    if all(abs(t) < _SHORT and (t * _STEPS).is_integer() for t in listed):
        return net + 0.0
    return rounded(decimal_sum(listed))


def net_sum(terms: Sequence[float]) -> float:
    """Add the terms of a net value as :attr:`Initiative.accounts` does: the one rule for it.

    Exactly rounded whatever the order; within rounding distance of zero,
    the exact sum of the decimals written, rounded once. The judgment's net
    ranges add their bounds with it, so a range holds its estimate.

    Examples
    --------
    >>> net_sum([0.1, 0.2, -0.3]), net_sum([1e308, 1e308])
    (0.0, inf)
    """
    total = exact_sum(terms)
    doubt = exact_sum([abs(t) for t in terms]) * _DOUBT + _TINY
    if -doubt <= total <= doubt:
        return _as_written(total, terms)
    return total


def _sums(
    ids: list[str],
    costs: Mapping[str, _Terms],
    amounts: Mapping[str, _Terms],
    nothing: _Terms,
    total: Callable[[_Terms], float],
) -> dict[str, Tally]:
    """Each stakeholder's account from its negated costs and its amounts; ``nothing`` is empty.

    A net value is the float sum of its terms, except where that sum lies
    within rounding distance (the tally's last field, the *doubt*) of zero:
    there the terms are added again as the decimals they were written as,
    and that exact sum is rounded once, so that 0.1 + 0.2 - 0.3 is 0 and
    break-even never wins by rounding noise. A doubt of 0 says the net
    value is its decimal sum rounded once (a single term, or recounted), so
    that comparing it with a threshold as floats is exact.
    """
    accounts = {}
    for key in ids:
        paid = costs.get(key, nothing)
        got = amounts.get(key, nothing)
        given = len(paid)
        gotten = len(got)
        if given < 2 and gotten < 2:
            # Most stakeholders give once and receive once: a single term is
            # its own exactly rounded sum (``0.0 -`` and ``+ 0.0`` make -0.0
            # 0.0, as fsum does), and so is the difference of two; the sign
            # of that difference is the sign of the decimals' difference,
            # since distinct floats are written as distinct decimals.
            cost = 0.0 - paid[0] if given else 0.0
            received = got[0] + 0.0 if gotten else 0.0
            net = received - cost
            doubt = (cost + (received if received > 0 else -received)) * _DOUBT
            if not (given and gotten):
                doubt = 0.0  # one term: the float is the decimal as written
            elif -doubt <= net <= doubt:
                net, doubt = _as_written(net, (received, -cost)), 0.0
            accounts[key] = (given, cost, gotten, received, net, doubt)
            continue
        cost = 0.0 - total(paid)
        received = total(got)
        # The exactly rounded sum of every term, so that the order in which
        # the collections were given can never change a net value. With
        # terms on one side only, the difference is exact.
        net = total(got + paid) if given and gotten else received - cost
        size = max(abs(max(got)), abs(min(got))) * gotten if gotten else 0.0
        doubt = (cost + size) * _DOUBT + _TINY
        if -doubt <= net <= doubt:
            net, doubt = _as_written(net, chain(got, paid)), 0.0
        accounts[key] = (given, cost, gotten, received, net, doubt)
    return accounts


def _givers(initiative: Initiative) -> dict[Resource, tuple[str, ...]]:
    """Each resource given, to the ids of those who give it, in one pass over the contributions."""
    # Gathered by resource rather than by giver: a pass that finds its set
    # among a handful, not among every contributor, took about half the
    # time at 1M contributions. Kept as tuples, not sets: the cyclic
    # collector soon leaves a tuple of strings alone, and a set never.
    givers: defaultdict[Resource, set[str]] = defaultdict(set)
    for contribution in initiative.contributions:
        # An exchange (a purchase, a vendor's paid service) is no input: it
        # counts in net values and for nothing else.
        if not contribution.exchange:
            givers[contribution.resource].add(contribution.source)
    return {resource: tuple(ids) for resource, ids in givers.items()}


def givers_of_anything(initiative: Initiative) -> frozenset[str]:
    """Ids of those who give anything: what :attr:`Initiative.contributors` holds, made anew.

    The union, in C, of those who give each resource, which classify
    gathers anyway; the rules call this rather than fill the cache.
    """
    return frozenset().union(*initiative._givers.values())  # noqa: SLF001


def _resources_given(initiative: Initiative) -> dict[str, frozenset[Resource]]:
    """Each contributor's set of resources, in the order of its first contribution."""
    givers = list(initiative._givers.items())  # noqa: SLF001
    # Each contributor's resources as the bits of an int: one small-int
    # update per (giver, resource) pair, then one set per distinct mask.
    masks = dict.fromkeys([c.source for c in initiative.contributions if not c.exchange], 0)
    for bit, (_, ids) in enumerate(givers):
        flag = 1 << bit
        for source in ids:
            masks[source] |= flag
    # Contributors who give the same resources share one frozenset, across
    # initiatives too: there are at most 2 ** len(Resource) of them, and
    # fewer new objects kept alive means less work for the cyclic collector.
    share = _RESOURCE_SETS.setdefault
    sets = {}
    for mask in set(masks.values()):
        kinds = frozenset([resource for bit, (resource, _) in enumerate(givers) if mask >> bit & 1])
        sets[mask] = share(kinds, kinds)
    return dict(zip(masks, map(sets.__getitem__, masks.values()), strict=True))


#: A tally's first five fields: an :class:`Account`'s.
_ACCOUNT = operator.itemgetter(0, 1, 2, 3, 4)


#: Every set of resources some contributor gave, as one shared frozenset each.
_RESOURCE_SETS: dict[frozenset[Resource], frozenset[Resource]] = {}


# --------------------------------------------------------------------------
# The bulk path (``cocreate._formats.csv``) builds model objects from columns it has
# already checked with the same field kinds, without converting each field
# once more per object.


def trusted(cls: type[_T], columns: list[list[Any]]) -> list[_T]:
    """Build objects of a model class from checked, canonical columns in field order.

    Only for columns that :data:`FIELD_KINDS` and the cross-field rules
    accepted: the objects are made without ``__init__`` by a builder that
    sets each slot directly (see :func:`_builder`).
    """
    return list(map(_builder(cls), *columns))  # type: ignore[arg-type]


@functools.cache
def _builder(cls: type[Any]) -> Any:
    """Return a function that makes one object of ``cls`` from its fields, bypassing ``__init__``.

    The function is written out from the class's own field list and ``map``
    drives it from C. It fills an object of an open twin of ``cls`` (the
    same base and the same slots, in the same order, but no frozen
    ``__setattr__``), where a plain assignment sets a slot directly, then
    makes the object a ``cls`` by assigning ``__class__``, which Python
    allows between classes of the same layout and checks on every
    assignment. Measured against calling each slot's setter (benchmarks
    "from_records" and "from_dict + classify" in benchmarks/run.py), this
    builds an object in about half the time.
    """
    names = [field.name for field in attrs.fields(cls)]
    open_twin = type(f"_Open{cls.__name__}", cls.__bases__, {"__slots__": cls.__slots__})
    scope = {"new": object.__new__, "open_twin": open_twin, "cls": cls}
    body = "".join(f"    item.{name} = {name}\n" for name in names)
    source = (
        f"def build({', '.join(names)}):\n    item = new(open_twin)\n{body}"
        "    item.__class__ = cls\n    return item\n"
    )
    exec(source, scope)  # noqa: S102 - the source is made from attrs field names only
    return scope["build"]


def trusted_initiative(
    header: Mapping[str, Any],
    stakeholders: tuple[Stakeholder, ...],
    contributions: tuple[Contribution, ...],
    values: tuple[Value, ...],
    by_id: dict[str, Stakeholder],
) -> Initiative:
    """Build an initiative whose fields and references :func:`reference_faults` accepted."""
    initiative: Initiative = object.__new__(Initiative)
    state = {
        **header,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
    }
    for key, value in state.items():
        object.__setattr__(initiative, key, value)
    _set_cache(initiative, "_by_id", by_id)
    return initiative


def initiative_arg(initiative: object, function: str) -> Initiative:
    """Return ``initiative`` if it is one; else raise an :class:`ArgumentError`."""
    if not isinstance(initiative, Initiative):
        msg = f"{function} needs an Initiative, got {describe(initiative).split(' ')[0]}"
        raise ArgumentError(msg)
    return initiative
