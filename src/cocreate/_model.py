"""The domain model: who contributes what to whom in an innovation initiative.

Everything here is an immutable value object. The model knows nothing of the
rules, of files or of rendering; those modules read it.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from cocreate.exceptions import Fault, InvalidModelError, UnknownStakeholderError

if TYPE_CHECKING:
    from typing import Self

    import networkx as nx

__all__ = [
    "Contribution",
    "Goal",
    "Initiative",
    "Process",
    "Resource",
    "Role",
    "Stakeholder",
    "Value",
    "ValueKind",
]

_E = TypeVar("_E", bound=enum.Enum)


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
# Conversion and checking helpers. Converters make friendly input canonical
# and pass anything they do not understand through unchanged; the checks in
# each class's ``__attrs_post_init__`` then report every fault at once.


def _quote_list(ids: Iterable[str], limit: int = 10) -> str:
    ordered = sorted(ids)
    shown = ", ".join(repr(i) for i in ordered[:limit])
    if len(ordered) > limit:
        shown += f", ... ({len(ordered) - limit} more)"
    return shown or "none"


def _describe(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _to_id(value: str | Stakeholder) -> str:
    if isinstance(value, Stakeholder):
        return value.id
    return value


def _to_name(value: str | None) -> str:
    return "" if value is None else value


def _to_optional_id(value: str | Stakeholder | None) -> str | None:
    if isinstance(value, Stakeholder):
        return value.id
    return value


def _to_ids(value: Iterable[str | Stakeholder]) -> frozenset[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # reported by the check
    items = [_to_id(item) for item in value]
    try:
        return frozenset(items)
    except TypeError:  # an unhashable item: keep the list, for the check to report
        return items  # type: ignore[return-value]


def _to_float(value: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            return math.inf
    return value


def _member(cls: type[_E], value: Any) -> Any:
    """Return the member a word names; anything else unchanged, for the checks."""
    if type(value) is cls or not isinstance(value, str):
        return value
    try:
        return cls(value)
    except ValueError:
        return value


def _to_role(value: Role | str) -> Role:
    return _member(Role, value)  # type: ignore[no-any-return]


def _to_resource(value: Resource | str) -> Resource:
    return _member(Resource, value)  # type: ignore[no-any-return]


def _to_kind(value: ValueKind | str) -> ValueKind:
    return _member(ValueKind, value)  # type: ignore[no-any-return]


def _to_goal(value: Goal | str | None) -> Goal | None:
    return _member(Goal, value)  # type: ignore[no-any-return]


def _to_process(value: Process | str | None) -> Process | None:
    return _member(Process, value)  # type: ignore[no-any-return]


def _check_id(faults: list[Fault], field: str, value: object, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        what = "a stakeholder id (str), a Stakeholder"
        if optional:
            what += " or None"
        faults.append(Fault(field, f"must be {what}, got {_describe(value)}"))
    elif not value:
        faults.append(Fault(field, "must be a non-empty stakeholder id"))


def _check_enum(
    faults: list[Fault], field: str, value: object, cls: type[_WordEnum], *, optional: bool = False
) -> None:
    if isinstance(value, cls) or (value is None and optional):
        return
    words = ", ".join(repr(w) for w in cls.words())
    none = " or None" if optional else ""
    faults.append(Fault(field, f"must be a {cls.__name__} ({words}){none}, got {_describe(value)}"))


def _check_text(faults: list[Fault], field: str, value: object) -> None:
    if not isinstance(value, str):
        faults.append(Fault(field, f"must be a str, got {_describe(value)}"))


def _check_number(faults: list[Fault], field: str, value: object, *, non_negative: bool) -> None:
    bound = " >= 0" if non_negative else ""
    if not isinstance(value, float):
        faults.append(Fault(field, f"must be a finite number{bound}, got {_describe(value)}"))
    elif not math.isfinite(value) or (non_negative and value < 0):
        faults.append(Fault(field, f"must be a finite number{bound}, got {value!r}"))


def _raise_if(faults: list[Fault], what: str) -> None:
    if faults:
        raise InvalidModelError(what, faults)


# --------------------------------------------------------------------------


@attrs.frozen
class Stakeholder:
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

    Examples
    --------
    >>> runners = Stakeholder("runners", Role.CUSTOMER, customer_of=["nike", "apple"])
    >>> runners.name, sorted(runners.customer_of)
    ('runners', ['apple', 'nike'])
    >>> Stakeholder("nike", "firm", name="Nike").role
    <Role.FIRM: 'firm'>
    >>> Stakeholder("a", Role.FIRM) == Stakeholder("a", Role.FIRM, name="a")
    True
    """

    id: str
    role: Role = attrs.field(converter=_to_role)
    name: str = attrs.field(default=None, kw_only=True, converter=_to_name)
    organization: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    customer_of: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_to_ids)

    def __attrs_post_init__(self) -> None:
        faults: list[Fault] = []
        _check_id(faults, "id", self.id, optional=False)
        _check_enum(faults, "role", self.role, Role)
        if self.name == "":
            object.__setattr__(self, "name", self.id)
        else:
            _check_text(faults, "name", self.name)
        _check_id(faults, "organization", self.organization, optional=True)
        if isinstance(self.customer_of, frozenset):
            for org in sorted(self.customer_of, key=repr):
                _check_id(faults, "customer_of[]", org, optional=False)
        elif isinstance(self.customer_of, list):
            for index, org in enumerate(self.customer_of):
                _check_id(faults, f"customer_of[{index}]", org, optional=False)
        else:
            faults.append(
                Fault(
                    "customer_of",
                    "must be an iterable of stakeholder ids (not a single str), "
                    f"got {_describe(self.customer_of)}",
                )
            )
        _raise_if(faults, f"Stakeholder {self.id!r}")

    def __str__(self) -> str:
        """Return ``name (role)``, the way a person would say it."""
        label = self.name if self.name == self.id else f"{self.name} [{self.id}]"
        return f"{label} ({self.role.value})"

    @property
    def is_organization(self) -> bool:
        """Whether this stakeholder is an organization (firm, supplier, partner)."""
        return self.role.is_organization


@attrs.frozen
class Contribution:
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

    Examples
    --------
    >>> c = Contribution("apple", Resource.TECHNOLOGY, cost=2)
    >>> c.cost, c.target, c.resource.is_voice
    (2.0, None, False)
    >>> print(c)
    apple gives technology to the initiative (cost 2.0)
    """

    source: str = attrs.field(converter=_to_id)
    resource: Resource = attrs.field(converter=_to_resource)
    target: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    cost: float = attrs.field(default=0.0, kw_only=True, converter=_to_float)
    description: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        faults: list[Fault] = []
        _check_id(faults, "source", self.source, optional=False)
        _check_enum(faults, "resource", self.resource, Resource)
        _check_id(faults, "target", self.target, optional=True)
        _check_number(faults, "cost", self.cost, non_negative=True)
        _check_text(faults, "description", self.description)
        if self.target is not None and self.target == self.source:
            faults.append(
                Fault(
                    "target",
                    f"{self.source!r} cannot contribute to itself; give another "
                    "stakeholder, or None for the initiative",
                )
            )
        _raise_if(faults, f"Contribution (source {self.source!r})")

    def __str__(self) -> str:
        """Return a one-line sentence describing the contribution."""
        to = "the initiative" if self.target is None else repr(self.target)
        to = to.strip("'")
        cost = f" (cost {self.cost})" if self.cost else ""
        return f"{self.source} gives {self.resource.value} to {to}{cost}"


def _default_kind() -> ValueKind:
    return ValueKind.OTHER


@attrs.frozen
class Value:
    """A stakeholder receives a benefit, from another stakeholder or the initiative.

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

    Examples
    --------
    >>> v = Value("runners", 3, kind="experience")
    >>> v.amount, v.kind
    (3.0, <ValueKind.EXPERIENCE: 'experience'>)
    >>> print(v)
    runners receives 3.0 (experience) from the initiative
    """

    beneficiary: str = attrs.field(converter=_to_id)
    amount: float = attrs.field(converter=_to_float)
    provider: str | None = attrs.field(default=None, kw_only=True, converter=_to_optional_id)
    kind: ValueKind = attrs.field(
        default=attrs.Factory(_default_kind), kw_only=True, converter=_to_kind
    )
    description: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        faults: list[Fault] = []
        _check_id(faults, "beneficiary", self.beneficiary, optional=False)
        _check_number(faults, "amount", self.amount, non_negative=False)
        _check_id(faults, "provider", self.provider, optional=True)
        _check_enum(faults, "kind", self.kind, ValueKind)
        _check_text(faults, "description", self.description)
        _raise_if(faults, f"Value (beneficiary {self.beneficiary!r})")

    def __str__(self) -> str:
        """Return a one-line sentence describing the value."""
        by = "the initiative" if self.provider is None else self.provider
        return f"{self.beneficiary} receives {self.amount} ({self.kind.value}) from {by}"


# --------------------------------------------------------------------------


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # reported by the check
    return tuple(value)


def _to_stakeholders(value: Iterable[Stakeholder]) -> tuple[Stakeholder, ...]:
    return _to_tuple(value)


def _to_contributions(value: Iterable[Contribution]) -> tuple[Contribution, ...]:
    return _to_tuple(value)


def _to_values(value: Iterable[Value]) -> tuple[Value, ...]:
    return _to_tuple(value)


@attrs.frozen(eq=False)
class Initiative:
    """An innovation initiative: a graph of who contributes what to whom.

    Its nodes are the stakeholders and the initiative itself; its edges are
    contributions and values. The collections may be given as any iterable
    and in any order: two initiatives with the same stakeholders and the
    same multisets of contributions and values are equal and hash alike.
    Nothing given is dropped: two equal contributions are two contributions.

    Construction checks the whole model and reports every fault at once in
    an :class:`~cocreate.exceptions.InvalidModelError`. Lookups build their
    indexes once, on first use, in one pass; every lookup after that costs
    time in proportion to its answer.

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
    ['apple gives technology to the initiative (cost 2.0)']
    >>> sorted(initiative.external)
    ['apple', 'runners']
    """

    name: str
    focal: str = attrs.field(converter=_to_id)
    stakeholders: tuple[Stakeholder, ...] = attrs.field(converter=_to_stakeholders)
    contributions: tuple[Contribution, ...] = attrs.field(default=(), converter=_to_contributions)
    values: tuple[Value, ...] = attrs.field(default=(), converter=_to_values)
    goal: Goal | None = attrs.field(default=None, kw_only=True, converter=_to_goal)
    process: Process | None = attrs.field(default=None, kw_only=True, converter=_to_process)
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, alias="_cache")

    def __attrs_post_init__(self) -> None:
        faults = _initiative_faults(self)
        if faults:
            msg = f"Initiative {self.name!r}"
            raise InvalidModelError(msg, faults)

    # -- identity ----------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        key = self._cache.get("key")
        if key is None:
            key = (
                self.name,
                self.focal,
                self.goal,
                self.process,
                frozenset(self.stakeholders),
                Counter(self.contributions),
                Counter(self.values),
            )
            self._cache["key"] = key
        return key

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
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        """Return the opposite of ``==``."""
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        """Hash by value, whatever the order the collections were given in."""
        cached = self._cache.get("hash")
        if cached is None:
            name, focal, goal, process, people, contributions, values = self._key()
            cached = hash(
                (
                    name,
                    focal,
                    goal,
                    process,
                    people,
                    frozenset(contributions.items()),
                    frozenset(values.items()),
                )
            )
            self._cache["hash"] = cached
        return cached

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fields only; caches are rebuilt on demand."""
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(type(self))
            if field.name != "_cache"
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore from :meth:`__getstate__`, with empty caches."""
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_cache", {})

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
        from cocreate._html import to_html

        return to_html(self)

    def evolve(self, **changes: Any) -> Self:
        """Return a copy with some fields changed, checked like a new one.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> nike_plus().evolve(goal=None).goal is None
        True
        """
        return attrs.evolve(self, **changes)

    # -- lookups -------------------------------------------------------------

    def _index(self, name: str) -> Any:
        cache = self._cache
        if name not in cache:
            _build_index(self, name)
        return cache[name]

    @property
    def stakeholder_ids(self) -> frozenset[str]:
        """The ids of all stakeholders."""
        return frozenset(self._index("by_id"))

    def __contains__(self, item: object) -> bool:
        """Whether a stakeholder (or stakeholder id) belongs to the initiative."""
        if isinstance(item, Stakeholder):
            return bool(self._index("by_id").get(item.id) == item)
        return isinstance(item, str) and item in self._index("by_id")

    def stakeholder(self, id: str | Stakeholder) -> Stakeholder:  # noqa: A002
        """Return the stakeholder with this id.

        Raises
        ------
        UnknownStakeholderError
            If there is none; it is also a :class:`KeyError`.
        """
        key = _to_id(id)
        try:
            return self._index("by_id")[key]  # type: ignore[no-any-return]
        except (KeyError, TypeError):
            msg = (
                f"unknown stakeholder {key!r} in initiative {self.name!r}; "
                f"known: {_quote_list(self._index('by_id'))}"
            )
            raise UnknownStakeholderError(msg) from None

    @property
    def focal_stakeholder(self) -> Stakeholder:
        """The focal organization as a :class:`Stakeholder`."""
        return self.stakeholder(self.focal)

    def contributions_by(self, stakeholder: str | Stakeholder) -> tuple[Contribution, ...]:
        """Return the contributions the stakeholder gives, in the order given."""
        key = self.stakeholder(stakeholder).id
        return tuple(self._index("by_source").get(key, ()))

    def contributions_to(self, stakeholder: str | Stakeholder | None) -> tuple[Contribution, ...]:
        """Return the contributions given to the stakeholder (``None``: to the initiative)."""
        key = None if stakeholder is None else self.stakeholder(stakeholder).id
        return tuple(self._index("by_target").get(key, ()))

    def values_to(self, stakeholder: str | Stakeholder) -> tuple[Value, ...]:
        """Return the values the stakeholder receives, in the order given."""
        key = self.stakeholder(stakeholder).id
        return tuple(self._index("by_beneficiary").get(key, ()))

    def values_from(self, stakeholder: str | Stakeholder | None) -> tuple[Value, ...]:
        """Return the values the stakeholder provides (``None``: the initiative)."""
        key = None if stakeholder is None else self.stakeholder(stakeholder).id
        return tuple(self._index("by_provider").get(key, ()))

    def members_of(self, organization: str | Stakeholder) -> tuple[Stakeholder, ...]:
        """Return the stakeholders whose ``organization`` is this one."""
        key = self.stakeholder(organization).id
        return tuple(self._index("members").get(key, ()))

    @property
    def internal(self) -> frozenset[str]:
        """Ids of the focal organization and every stakeholder whose organization it is."""
        return self._index("internal")  # type: ignore[no-any-return]

    @property
    def external(self) -> frozenset[str]:
        """Ids of every stakeholder that is not internal."""
        return self._index("external")  # type: ignore[no-any-return]

    def is_internal(self, stakeholder: str | Stakeholder) -> bool:
        """Whether the stakeholder is internal to the focal organization."""
        return self.stakeholder(stakeholder).id in self.internal

    @property
    def customers(self) -> tuple[Stakeholder, ...]:
        """The stakeholders whose role is ``CUSTOMER``, in the order given."""
        return self._index("customers")  # type: ignore[no-any-return]

    @property
    def contributors(self) -> frozenset[str]:
        """Ids of the stakeholders that give at least one contribution."""
        return frozenset(self._index("by_source"))

    # -- conversions (implemented on top of the model, imported lazily) -----

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict that :meth:`from_dict` turns back into this.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = nike_plus().to_dict()
        >>> data["format"], data["focal"]
        ('cocreate', 'nike')
        >>> Initiative.from_dict(data) == nike_plus()
        True
        """
        from cocreate._dict import initiative_to_dict

        return initiative_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Initiative:
        """Build an initiative from the dict form that :meth:`to_dict` writes.

        Every fault in the document is reported at once, each with the path
        to it (``contributions[2].source``), in an
        :class:`~cocreate.exceptions.InvalidModelError`.
        """
        from cocreate._dict import initiative_from_dict

        return initiative_from_dict(data)

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
        from cocreate._graph import initiative_to_networkx

        return initiative_to_networkx(self)

    @classmethod
    def from_networkx(cls, graph: Any) -> Initiative:
        """Build an initiative from a graph that :meth:`to_networkx` made.

        A graph that is not a valid initiative raises
        :class:`~cocreate.exceptions.InvalidModelError`.
        """
        from cocreate._graph import initiative_from_networkx

        return initiative_from_networkx(graph)


def _initiative_faults(initiative: Initiative) -> list[Fault]:
    """Check a whole initiative and return every fault, building the id index."""
    faults: list[Fault] = []
    if not isinstance(initiative.name, str):
        faults.append(Fault("name", f"must be a str, got {_describe(initiative.name)}"))
    _check_enum(faults, "goal", initiative.goal, Goal, optional=True)
    _check_enum(faults, "process", initiative.process, Process, optional=True)

    by_id: dict[str, Stakeholder] = {}
    first_index: dict[str, int] = {}
    collections = (
        ("stakeholders", initiative.stakeholders, Stakeholder),
        ("contributions", initiative.contributions, Contribution),
        ("values", initiative.values, Value),
    )
    for field, items, cls in collections:
        if not isinstance(items, tuple):
            faults.append(
                Fault(field, f"must be an iterable of {cls.__name__}, got {_describe(items)}")
            )
            object.__setattr__(initiative, field, ())
            continue
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                faults.append(
                    Fault(f"{field}[{index}]", f"must be a {cls.__name__}, got {_describe(item)}")
                )
    stakeholders = initiative.stakeholders
    contributions = initiative.contributions
    values = initiative.values
    for index, person in enumerate(stakeholders):
        if not isinstance(person, Stakeholder):
            continue
        if person.id in by_id:
            faults.append(
                Fault(
                    f"stakeholders[{index}].id",
                    f"duplicate id {person.id!r} (also stakeholders"
                    f"[{first_index[person.id]}]); ids must be unique",
                )
            )
            continue
        by_id[person.id] = person
        first_index[person.id] = index

    def unknown(path: str, ref: str) -> None:
        faults.append(Fault(path, f"unknown stakeholder {ref!r}; known: {_quote_list(by_id)}"))

    focal = initiative.focal
    if not isinstance(focal, str) or not focal:
        faults.append(Fault("focal", f"must be a non-empty stakeholder id, got {_describe(focal)}"))
    elif focal not in by_id:
        unknown("focal", focal)
    elif not by_id[focal].is_organization:
        faults.append(
            Fault(
                "focal",
                f"{focal!r} has role {by_id[focal].role.value!r}; the focal stakeholder "
                "must be an organization (role 'firm', 'supplier' or 'partner')",
            )
        )
    for index, person in enumerate(stakeholders):
        if not isinstance(person, Stakeholder) or by_id.get(person.id) is not person:
            continue
        if person.organization is not None and person.organization not in by_id:
            unknown(f"stakeholders[{index}].organization", person.organization)
        for org in sorted(person.customer_of):
            if org not in by_id:
                unknown(f"stakeholders[{index}].customer_of", org)
    for index, contribution in enumerate(contributions):
        if not isinstance(contribution, Contribution):
            continue
        if contribution.source not in by_id:
            unknown(f"contributions[{index}].source", contribution.source)
        if contribution.target is not None and contribution.target not in by_id:
            unknown(f"contributions[{index}].target", contribution.target)
    for index, value in enumerate(values):
        if not isinstance(value, Value):
            continue
        if value.beneficiary not in by_id:
            unknown(f"values[{index}].beneficiary", value.beneficiary)
        if value.provider is not None and value.provider not in by_id:
            unknown(f"values[{index}].provider", value.provider)
    if not faults:
        initiative._cache["by_id"] = by_id  # noqa: SLF001
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


def _build_index(initiative: Initiative, name: str) -> None:
    cache = initiative._cache  # noqa: SLF001
    if name == "by_id":
        cache[name] = {s.id: s for s in initiative.stakeholders}
    elif name == "by_source":
        cache[name] = _group(initiative.contributions, "source")
    elif name == "by_target":
        cache[name] = _group(initiative.contributions, "target")
    elif name == "by_beneficiary":
        cache[name] = _group(initiative.values, "beneficiary")
    elif name == "by_provider":
        cache[name] = _group(initiative.values, "provider")
    elif name == "members":
        cache[name] = _group(
            (s for s in initiative.stakeholders if s.organization is not None),
            "organization",
        )
    elif name in {"internal", "external"}:
        focal = initiative.focal
        internal = frozenset(
            s.id for s in initiative.stakeholders if focal in (s.id, s.organization)
        )
        cache["internal"] = internal
        cache["external"] = frozenset(s.id for s in initiative.stakeholders if s.id not in internal)
    elif name == "customers":
        cache[name] = tuple(s for s in initiative.stakeholders if s.role is Role.CUSTOMER)
    else:  # pragma: no cover - a typo in this module
        msg = f"no index named {name!r}"
        raise AssertionError(msg)


# --------------------------------------------------------------------------
# The bulk path (``cocreate._bulk``) builds model objects from fields it has
# already checked exactly as construction checks them, without running the
# converters and checks once more per object.


def _slot_setters(cls: type[Any]) -> tuple[Any, ...]:
    """Return the setters of a frozen model class's fields, in field order.

    Calling them bypasses ``__init__`` and the frozen ``__setattr__``: only
    for objects that nobody else has seen yet, with fields already checked.
    """
    return tuple(cls.__dict__[field.name].__set__ for field in attrs.fields(cls))


def _trusted_initiative(
    name: str,
    focal: str,
    stakeholders: tuple[Stakeholder, ...],
    contributions: tuple[Contribution, ...],
    values: tuple[Value, ...],
    goal: Goal | None,
    process: Process | None,
    by_id: dict[str, Stakeholder],
) -> Initiative:
    """Build an initiative whose fields the caller has checked as construction would.

    ``by_id`` is the index from id to stakeholder, in the order given, as
    :func:`_initiative_faults` would have built it.
    """
    initiative: Initiative = object.__new__(Initiative)
    state = {
        "name": name,
        "focal": focal,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
        "goal": goal,
        "process": process,
    }
    for key, value in state.items():
        object.__setattr__(initiative, key, value)
    object.__setattr__(initiative, "_cache", {"by_id": by_id})
    return initiative
