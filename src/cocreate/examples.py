"""Built-in example initiatives, from the source texts and of our own.

Each function returns a new :class:`~cocreate.Initiative`. The amounts are
illustrative, in one notional value unit per initiative: the source texts
say who gives what and who gains, not how much, so the numbers are chosen
only so that each party gains or loses as the sources describe.

Examples
--------
>>> from cocreate import classify, examples
>>> for name in examples.names():
...     print(f"{name}: {classify(examples.get(name)).kind.label}")
nike-plus: co-creation
my-starbucks-idea: customer-focused innovation
dell-ideastorm: customer-focused innovation
cross-team-project: collaboration
solo-development: unclassified
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cocreate._model.types import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
)
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "cross_team_project",
    "dell_ideastorm",
    "get",
    "my_starbucks_idea",
    "names",
    "nike_plus",
    "solo_development",
]


def nike_plus() -> Initiative:
    """Nike+: Nike and Apple create a new running experience for runners.

    The source: "A great example of this is Nike Plus, where Nike and Apple
    partnered together to create the new running experience", where
    co-creation "involves other resources (beyond ideas and input)" and
    "must result in a win-win-win. Both companies win and their respective
    customers win."

    Apple gives technology (the sensor and its link to the iPod), Nike gives
    the shoes and the website, runners give their run data and feedback.
    Nike and Apple gain revenue; runners gain the experience. Without
    Apple's sensor there are no Nike+ shoe sales and no running experience,
    and without Nike's shoes no iPod sales for the kit: each value says whom
    it ``requires``.

    Examples
    --------
    >>> from cocreate import classify
    >>> classify(nike_plus()).kind.label
    'co-creation'
    """
    nike = Stakeholder("nike", Role.FIRM, name="Nike")
    apple = Stakeholder("apple", Role.FIRM, name="Apple")
    runners = Stakeholder("runners", Role.CUSTOMER, customer_of={"nike", "apple"})
    return Initiative(
        "Nike+",
        nike,
        [nike, apple, runners],
        [
            Contribution(nike, Resource.PRODUCT, cost=3, description="Shoes with a sensor pocket"),
            Contribution(
                nike, Resource.PLATFORM, cost=2, description="The website where runs are shared"
            ),
            Contribution(
                apple, Resource.TECHNOLOGY, cost=2, description="The sensor and its iPod link"
            ),
            Contribution(runners, Resource.DATA, cost=0.5, description="Their run data"),
            Contribution(
                runners, Resource.FEEDBACK, cost=0.5, description="Feedback on the experience"
            ),
        ],
        [
            Value(
                nike,
                10,
                provider=runners,
                kind=ValueKind.REVENUE,
                description="Shoe sales",
                requires={apple},
            ),
            Value(
                apple,
                5,
                provider=runners,
                kind=ValueKind.REVENUE,
                description="iPod sales",
                requires={nike},
            ),
            Value(
                runners,
                4,
                kind=ValueKind.EXPERIENCE,
                description="A new running experience",
                requires={apple},
            ),
        ],
        goal=Goal.NEW_OFFERING,
        process=Process.ITERATIVE,
    )


def _ideas_platform(name: str, firm_id: str, firm_name: str, platform: str) -> Initiative:
    firm = Stakeholder(firm_id, Role.FIRM, name=firm_name)
    customers = Stakeholder("customers", Role.CUSTOMER, customer_of={firm_id})
    return Initiative(
        name,
        firm,
        [firm, customers],
        [
            Contribution(customers, Resource.IDEAS, cost=1, description="Ideas they post"),
            Contribution(customers, Resource.INPUT, cost=0.5, description="Votes on ideas"),
            Contribution(customers, Resource.FEEDBACK, cost=0.5, description="Comments on ideas"),
            Contribution(firm, Resource.PLATFORM, cost=2, description=platform),
            Contribution(
                firm, Resource.LABOR, cost=3, description="Staff who review and build ideas"
            ),
        ],
        [
            Value(firm, 8, provider=customers, kind=ValueKind.REVENUE, description="Sales"),
            Value(
                customers,
                4,
                provider=firm,
                kind=ValueKind.PRODUCT,
                description="Products and services they asked for",
            ),
        ],
        goal=Goal.NEW_OFFERING,
        process=Process.ITERATIVE,
    )


def my_starbucks_idea() -> Initiative:
    """My Starbucks Idea: customers give ideas, votes and feedback only.

    The source: "customer-focused innovation is about listening to customers
    throughout the innovation process in order to produce something new
    that results in a win-win. In this scenario, the customer contributes
    ideas, input, and feedback, but they do not contribute other resources
    [...] Two great examples of this can be seen with My Starbucks Ideas and
    Dell Ideastorm."

    Examples
    --------
    >>> from cocreate import classify
    >>> classify(my_starbucks_idea()).kind.label
    'customer-focused innovation'
    """
    return _ideas_platform(
        "My Starbucks Idea", "starbucks", "Starbucks", "The website where ideas are posted"
    )


def dell_ideastorm() -> Initiative:
    """Dell IdeaStorm: the same shape as My Starbucks Idea.

    The source names it beside My Starbucks Idea as an example of
    customer-focused innovation: customers contribute "ideas, input, and
    feedback", the company builds what they want, and both win.

    Examples
    --------
    >>> from cocreate import classify
    >>> classify(dell_ideastorm()).kind.label
    'customer-focused innovation'
    """
    return _ideas_platform(
        "Dell IdeaStorm", "dell", "Dell", "The IdeaStorm website for ideas and votes"
    )


def cross_team_project() -> Initiative:
    """Two teams inside one firm finish a defined project together.

    After the first source: collaboration "is focused on achieving a
    specific goal or outcome, such as completing a project or reaching a
    decision", "tends to be more structured", and "focuses on teamwork
    within an organization". Everyone involved is internal to Acme.

    Examples
    --------
    >>> from cocreate import classify
    >>> classify(cross_team_project()).kind.label
    'collaboration'
    """
    acme = Stakeholder("acme", Role.FIRM, name="Acme")
    engineering = Stakeholder("engineering", Role.EMPLOYEE, name="Engineering", organization=acme)
    marketing = Stakeholder("marketing", Role.EMPLOYEE, name="Marketing", organization=acme)
    return Initiative(
        "Acme product launch",
        acme,
        [acme, engineering, marketing],
        [
            Contribution(acme, Resource.CAPITAL, cost=4, description="The project budget"),
            Contribution(engineering, Resource.LABOR, cost=3, description="Building the release"),
            Contribution(
                marketing,
                Resource.LABOR,
                target=engineering,
                cost=2,
                description="Launch requirements for the engineers",
            ),
        ],
        [
            Value(acme, 10, kind=ValueKind.REVENUE, description="The launch, on time"),
            Value(engineering, 3.5, kind=ValueKind.KNOWLEDGE, description="Shipped work"),
            Value(marketing, 2.5, kind=ValueKind.REPUTATION, description="A launch to promote"),
        ],
        goal=Goal.SPECIFIC_OUTCOME,
        process=Process.STRUCTURED,
    )


def solo_development() -> Initiative:
    """Return a firm that develops a product alone and sells it: no joint work.

    Only Acme contributes; its customers buy and gain, but give nothing,
    so none of the three kinds applies.

    Examples
    --------
    >>> from cocreate import classify
    >>> classify(solo_development()).kind.label
    'unclassified'
    """
    acme = Stakeholder("acme", Role.FIRM, name="Acme")
    buyers = Stakeholder("buyers", Role.CUSTOMER, customer_of={"acme"})
    return Initiative(
        "Acme in-house product",
        acme,
        [acme, buyers],
        [Contribution(acme, Resource.LABOR, cost=5, description="In-house development")],
        [
            Value(acme, 7, provider=buyers, kind=ValueKind.REVENUE, description="Sales"),
            Value(buyers, 2, provider=acme, kind=ValueKind.PRODUCT, description="The product"),
        ],
        goal=Goal.NEW_OFFERING,
    )


_EXAMPLES: dict[str, Callable[[], Initiative]] = {
    "nike-plus": nike_plus,
    "my-starbucks-idea": my_starbucks_idea,
    "dell-ideastorm": dell_ideastorm,
    "cross-team-project": cross_team_project,
    "solo-development": solo_development,
}


def names() -> tuple[str, ...]:
    """Return the names of the built-in examples, as the command line takes them.

    Examples
    --------
    >>> names()[0]
    'nike-plus'
    """
    return tuple(_EXAMPLES)


def get(name: str) -> Initiative:
    """Return a built-in example by name (``nike-plus``; ``nike_plus`` works too).

    Examples
    --------
    >>> get("nike_plus").name
    'Nike+'
    """
    key = name.strip().lower().replace("_", "-") if isinstance(name, str) else name
    try:
        return _EXAMPLES[key]()
    except (KeyError, TypeError):
        known = ", ".join(names())
        msg = f"no example named {name!r}; examples: {known}"
        raise CocreateError(msg) from None
