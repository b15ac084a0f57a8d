"""The domain model: who contributes what to whom in an innovation initiative.

Everything here is an immutable value object. The model knows nothing of the
rules, of files or of rendering; those modules read it.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat, starmap
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from cocreate._model import fast
from cocreate._model.enums import (
    VOICE_RESOURCES,
    Goal,
    Process,
    Resource,
    Role,
    ValueKind,
)
from cocreate._model.enums import _WordEnum as _WordEnum  # noqa: PLC0414 - re-exported for the rules' enums
from cocreate._model.fast import TALLY_DOUBT, TALLY_NET, Tally
from cocreate._model.fields import kinds, meta
from cocreate._model.hooks import Slot, to_html
from cocreate._model.invariants import label as _label
from cocreate._model.invariants import row_faults
from cocreate._model.references import (
    closest,
    collection_faults,
    has_groups,
    only,
    reference_faults,
)
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
    "FIELD_KINDS",
    "TALLY_DOUBT",
    "TALLY_NET",
    "VOICE_RESOURCES",
    "Account",
    "Contribution",
    "Goal",
    "Initiative",
    "Process",
    "Resource",
    "Role",
    "Stakeholder",
    "Tally",
    "Value",
    "ValueKind",
    "canonical_key",
    "check_fields",
    "givers_of_anything",
    "has_groups",
    "initiative_arg",
    "reference_faults",
]

#: The plain forms of an initiative, filled in by the modules that write them
#: (:mod:`cocreate._model.dicts`, :mod:`cocreate._model.graph`).
TO_DICT: Slot[[Initiative], dict[str, Any]] = Slot("Initiative.to_dict")
FROM_DICT: Slot[[Mapping[str, Any]], Initiative] = Slot("Initiative.from_dict")
TO_NETWORKX: Slot[[Initiative], nx.MultiDiGraph[Any]] = Slot("Initiative.to_networkx")
FROM_NETWORKX: Slot[[Any], Initiative] = Slot("Initiative.from_networkx")


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


def check_fields(obj: object, table: tuple[tuple[str, FieldKind[Any]], ...]) -> list[Fault]:
    """Make every field of a new object canonical, and return the faults found."""
    faults = []
    for name, field_kind in table:
        try:
            value = field_kind.convert(getattr(obj, name))
        except Bad as bad:
            faults.append(bad.fault(name))
        else:
            object.__setattr__(obj, name, value)
    return faults


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


def _validate(item: object, what: str) -> None:
    """Check a new item: the rules that fill fields in, its fields' kinds, then the other rules.

    Every fault is reported at once, in an :class:`InvalidModelError` about ``what``.
    """
    faults = row_faults(item, before=True)
    faults.extend(check_fields(item, kinds(type(item))))
    faults.extend(row_faults(item))
    if faults:
        raise InvalidModelError(what, faults)


# --------------------------------------------------------------------------
# Each field states its kind once, in its metadata; every reader, writer and
# builder reads the fields from ``attrs.fields`` (see ``fields.py``).

_ROLE = ENUM(Role)
_RESOURCE = ENUM(Resource)
_VALUE_KIND = ENUM(ValueKind)
_COST = NUMBER(non_negative=True)
_BOUND_COST = NUMBER(non_negative=True, optional=True)
_AMOUNT = NUMBER()
_BOUND = NUMBER(optional=True)


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

    id: str = attrs.field(metadata=meta(ID))
    role: Role = attrs.field(converter=_role_in, metadata=meta(_ROLE))
    name: str = attrs.field(default=None, kw_only=True, converter=_name_in, metadata=meta(TEXT))
    organization: str | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_id, metadata=meta(OPTIONAL_ID)
    )
    customer_of: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_ids, metadata=meta(IDS)
    )
    size: int = attrs.field(default=1, kw_only=True, metadata=meta(COUNT))
    group: str | None = attrs.field(default=None, kw_only=True, metadata=meta(LABEL))

    def __attrs_post_init__(self) -> None:
        _validate(self, f"Stakeholder {_label(self.id)}")

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

    source: str = attrs.field(converter=_to_id, metadata=meta(ID))
    resource: Resource = attrs.field(converter=_resource_in, metadata=meta(_RESOURCE))
    target: str | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_id, metadata=meta(OPTIONAL_ID)
    )
    cost: float = attrs.field(default=0.0, kw_only=True, metadata=meta(_COST))
    description: str = attrs.field(default="", kw_only=True, metadata=meta(TEXT))
    low: float | None = attrs.field(default=None, kw_only=True, metadata=meta(_BOUND_COST))
    high: float | None = attrs.field(default=None, kw_only=True, metadata=meta(_BOUND_COST))
    exchange: bool = attrs.field(default=False, kw_only=True, metadata=meta(FLAG))
    link: str | None = attrs.field(default=None, kw_only=True, metadata=meta(LABEL))

    def __attrs_post_init__(self) -> None:
        _validate(self, f"Contribution (source {_label(self.source)})")

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

    beneficiary: str = attrs.field(converter=_to_id, metadata=meta(ID))
    amount: float = attrs.field(metadata=meta(_AMOUNT))
    provider: str | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_id, metadata=meta(OPTIONAL_ID)
    )
    kind: ValueKind = attrs.field(
        default=attrs.Factory(_default_kind),
        kw_only=True,
        converter=_kind_in,
        metadata=meta(_VALUE_KIND),
    )
    description: str = attrs.field(default="", kw_only=True, metadata=meta(TEXT))
    low: float | None = attrs.field(default=None, kw_only=True, metadata=meta(_BOUND))
    high: float | None = attrs.field(default=None, kw_only=True, metadata=meta(_BOUND))
    link: str | None = attrs.field(default=None, kw_only=True, metadata=meta(LABEL))
    requires: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_ids, metadata=meta(IDS)
    )

    def __attrs_post_init__(self) -> None:
        _validate(self, f"Value (beneficiary {_label(self.beneficiary)})")

    def __str__(self) -> str:
        """Return a one-line sentence describing the value."""
        by = "the initiative" if self.provider is None else self.provider
        return f"{self.beneficiary} receives {number(self.amount)} ({self.kind.value}) from {by}"


# --------------------------------------------------------------------------


def _to_tuple(value: Any) -> Any:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # reported by the check
    return tuple(value)


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

    name: str = attrs.field(metadata=meta(TEXT))
    focal: str = attrs.field(converter=_to_id, metadata=meta(ID))
    stakeholders: tuple[Stakeholder, ...] = attrs.field(converter=_to_tuple)
    contributions: tuple[Contribution, ...] = attrs.field(default=(), converter=_to_tuple)
    values: tuple[Value, ...] = attrs.field(default=(), converter=_to_tuple)
    goal: Goal | None = attrs.field(
        default=None, kw_only=True, converter=_goal_in, metadata=meta(ENUM(Goal, optional=True))
    )
    process: Process | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_process_in,
        metadata=meta(ENUM(Process, optional=True)),
    )
    assumptions: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_lines_in, metadata=meta(TEXTS)
    )

    def __attrs_post_init__(self) -> None:
        faults = check_fields(self, kinds(Initiative))
        faults.extend(collection_faults(self, _ITEM_CLASSES))
        by_id, more = reference_faults(
            self.focal,
            only(self.stakeholders, Stakeholder),
            only(self.contributions, Contribution),
            only(self.values, Value),
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
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(Initiative)}
        return fast.assemble(type(self), fields)

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
        # Gathered by resource rather than by giver: a pass that finds its set
        # among a handful, not among every contributor, took about half the
        # time at 1M contributions. Kept as tuples, not sets: the cyclic
        # collector soon leaves a tuple of strings alone, and a set never.
        givers: defaultdict[Resource, set[str]] = defaultdict(set)
        for contribution in self.contributions:
            # An exchange (a purchase, a vendor's paid service) is no input: it
            # counts in net values and for nothing else.
            if not contribution.exchange:
                givers[contribution.resource].add(contribution.source)
        return {resource: tuple(ids) for resource, ids in givers.items()}

    @functools.cached_property
    def _tallies(self) -> dict[str, Tally]:
        """Each stakeholder's account as a plain tuple, in the order of :class:`Account`'s fields.

        What :func:`cocreate.classify` reads. Plain tuples of numbers, unlike
        ``Account`` objects, are left alone by the cyclic garbage collector
        once it has seen them, which matters when many results are kept.
        """
        return fast.tallies(self)

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
        return MappingProxyType(fast.resource_sets(self))

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
            tuple(sorted(self.contributions, key=fast.sort_key(Contribution))),
            tuple(sorted(self.values, key=fast.sort_key(Value))),
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
            where = closest(key, self._by_id) if type(key) is str else "ids are str"
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
    return fast.sort_key(type(item))(item)


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
    fields = {}
    for name, value in state.items():
        cls = _ITEM_CLASSES.get(name)
        fields[name] = value if cls is None else tuple(starmap(fast.builder(cls), value))
    return fast.assemble(Initiative, fields)


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


def initiative_arg(initiative: object, function: str) -> Initiative:
    """Return ``initiative`` if it is one; else raise an :class:`ArgumentError`."""
    if not isinstance(initiative, Initiative):
        msg = f"{function} needs an Initiative, got {describe(initiative).split(' ')[0]}"
        raise ArgumentError(msg)
    return initiative


def givers_of_anything(initiative: Initiative) -> frozenset[str]:
    """Ids of those who give anything: what :attr:`Initiative.contributors` holds, made anew.

    The union, in C, of those who give each resource, which classify
    gathers anyway; the rules call this rather than fill the cache.
    """
    return frozenset().union(*initiative._givers.values())  # noqa: SLF001


#: A tally's first five fields: an :class:`Account`'s.
_ACCOUNT = operator.itemgetter(0, 1, 2, 3, 4)

#: The kind of each field, in field order, by class name: read from each
#: class's ``attrs.fields`` (see :func:`cocreate._model.fields.kinds`).
FIELD_KINDS: dict[str, tuple[tuple[str, FieldKind[Any]], ...]] = {
    cls.__name__: kinds(cls) for cls in (Stakeholder, Contribution, Value, Initiative)
}
