"""The words of the model: roles, resources, kinds of value, goals and processes.

Each is an enum whose values are lower-case words, also accepted as input.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = [
    "VOICE_RESOURCES",
    "Goal",
    "Process",
    "Resource",
    "Role",
    "ValueKind",
    "WordEnum",
]


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


#: The public name of the base of every word enum.
WordEnum = _WordEnum
