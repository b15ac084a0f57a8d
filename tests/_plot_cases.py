"""Initiatives of any size for the picture tests and the documentation's figures.

Built by arithmetic alone, so the same size always gives the same initiative:
a focal firm, its employees, suppliers and partners giving technology,
products and designs, and customers giving feedback and ideas. Every
fifth customer gives more than it gets and so does not win.
"""

from __future__ import annotations

from cocreate import (
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

__all__ = ["sized"]

_SUPPLIES = (Resource.TECHNOLOGY, Resource.PRODUCT)
_PARTNER_GIFTS = (Resource.DESIGN, Resource.DATA)
_VOICE = (Resource.FEEDBACK, Resource.IDEAS)


def _counts(n: int) -> tuple[int, int, int, int]:
    """Employees, suppliers, partners and customers of an initiative of ``n``."""
    employees = max(2, n // 10)
    suppliers = max(2, n // 20)
    partners = max(2, n // 25)
    return employees, suppliers, partners, n - 1 - employees - suppliers - partners


def _people(n: int) -> list[Stakeholder]:
    employees, suppliers, partners, customers = _counts(n)
    people = [Stakeholder("acme", Role.FIRM, name="Acme")]
    people += [
        Stakeholder(f"e{i}", Role.EMPLOYEE, name=f"Team {i}", organization="acme")
        for i in range(1, employees + 1)
    ]
    people += [
        Stakeholder(f"s{i}", Role.SUPPLIER, name=f"Supplier {i}") for i in range(1, suppliers + 1)
    ]
    people += [
        Stakeholder(f"p{i}", Role.PARTNER, name=f"Partner {i}") for i in range(1, partners + 1)
    ]
    people += [
        Stakeholder(f"c{i}", Role.CUSTOMER, name=f"Customers {i}", customer_of={"acme"})
        for i in range(1, customers + 1)
    ]
    return people


def _flows(people: list[Stakeholder]) -> tuple[list[Contribution], list[Value]]:
    contributions = [Contribution("acme", Resource.PLATFORM, cost=3)]
    values = [Value("acme", 1_250_000, kind=ValueKind.REVENUE)]
    for index, person in enumerate(people[1:]):
        role, key = person.role, person.id
        if role is Role.EMPLOYEE:
            contributions.append(Contribution(key, Resource.LABOR, cost=1))
            values.append(Value(key, 2, provider="acme"))  # the default kind
        elif role is Role.SUPPLIER:
            gift = _SUPPLIES[index % 2]
            contributions.append(Contribution(key, gift, target="acme", cost=2))
            values.append(Value(key, 3, provider="acme", kind=ValueKind.REVENUE))
        elif role is Role.PARTNER:
            contributions.append(Contribution(key, _PARTNER_GIFTS[index % 2], cost=1.5))
            values.append(Value(key, 2.5, kind=ValueKind.KNOWLEDGE))
        else:
            number = int(key[1:])
            loses = number % 5 == 0
            contributions.append(Contribution(key, _VOICE[number % 2], cost=0.5))
            # 0.1 + 0.2 is 0.30000000000000004: the picture must say 0.3.
            amount = 0.1 + 0.2 if loses else 4.0
            values.append(Value(key, amount, kind=ValueKind.EXPERIENCE))
            if number % 3 == 0:
                values.append(Value("acme", 9, provider=key))  # the default kind
    return contributions, values


def sized(n: int) -> Initiative:
    """An initiative of ``n`` stakeholders (at least 8), the same every time."""
    people = _people(n)
    contributions, values = _flows(people)
    return Initiative(
        f"Acme with {n} stakeholders",
        "acme",
        people,
        contributions,
        values,
        goal=Goal.NEW_OFFERING,
        process=Process.ITERATIVE,
    )
