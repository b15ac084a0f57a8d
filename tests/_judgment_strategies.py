"""Initiatives with ranges on some of their items, for the tests of issue 13.

The test modules import this with ``tests/`` put on ``sys.path`` for the
import only, as they do ``_io_strategies``.
"""

from __future__ import annotations

import sys

import attrs
from hypothesis import strategies as st

from cocreate import Contribution, Goal, Initiative, Kind, Resource, Role, Rules, Stakeholder, Value

LARGEST = sys.float_info.max

# and the library's own strategy's, both with ranges on some items.

ROLES = (Role.FIRM, Role.PARTNER, Role.SUPPLIER, Role.CUSTOMER, Role.CUSTOMER, Role.EMPLOYEE)
NEAR = (-2.0, -1.0, -0.5, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0)
AMOUNTS = st.one_of(
    st.sampled_from(NEAR), st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
)
COSTS = st.one_of(
    st.sampled_from((0.0, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0)),
    st.floats(0, 1e3, allow_nan=False, allow_infinity=False),
)
SPREADS = st.one_of(
    st.sampled_from((0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 3.0)),
    st.floats(0, 4, allow_nan=False, allow_infinity=False),
)
THRESHOLDS = st.sampled_from((0.0, 0.0, 0.0, 1.0, -1.0, 0.5))


def clamp(value: float) -> float:
    return min(max(value, -LARGEST), LARGEST)


@st.composite
def ranges(draw: st.DrawFn, estimate: float, *, cost: bool) -> tuple[float | None, float | None]:
    """A range holding ``estimate``: none, both bounds, or one of them."""
    shape = draw(st.sampled_from(("none", "none", "both", "low", "high")))
    if shape == "none":
        return None, None
    below = draw(st.sampled_from((0.0, 0.25, 0.5, 1.0, 2.0))) * max(abs(estimate), 1.0)
    above = draw(st.sampled_from((0.0, 0.25, 0.5, 1.0, 2.0))) * max(abs(estimate), 1.0)
    low = clamp(estimate - below)
    if cost:
        low = max(low, 0.0)
    high = clamp(estimate + above)
    return (low if shape != "high" else None), (high if shape != "low" else None)


@st.composite
def small_initiatives(draw: st.DrawFn, *, max_stakeholders: int = 8) -> Initiative:
    """A small initiative whose net values are often near the threshold."""
    size = draw(st.integers(1, max_stakeholders))
    ids = [f"s{i}" for i in range(size)]
    people = [Stakeholder("s0", Role.FIRM, name="Firm")]
    for key in ids[1:]:
        role = draw(st.sampled_from(ROLES))
        inside = draw(st.booleans()) and role is not Role.CUSTOMER
        customer_of = ["s0"] if role is Role.CUSTOMER and draw(st.booleans()) else []
        people.append(
            Stakeholder(key, role, organization="s0" if inside else None, customer_of=customer_of)
        )
    contributions = []
    for _ in range(draw(st.integers(0, 2 * size + 1))):
        source = draw(st.sampled_from(ids))
        target = draw(st.sampled_from([None, *(i for i in ids if i != source)]))
        cost = draw(COSTS)
        low, high = draw(ranges(cost, cost=True))
        resource = draw(st.sampled_from(list(Resource)))
        contributions.append(
            Contribution(source, resource, target=target, cost=cost, low=low, high=high)
        )
    values = []
    for _ in range(draw(st.integers(0, 2 * size + 1))):
        amount = draw(AMOUNTS)
        low, high = draw(ranges(amount, cost=False))
        provider = draw(st.sampled_from([None, *ids]))
        values.append(
            Value(draw(st.sampled_from(ids)), amount, provider=provider, low=low, high=high)
        )
    goal = draw(st.sampled_from([None, Goal.NEW_OFFERING, Goal.SPECIFIC_OUTCOME]))
    return Initiative("small", "s0", people, contributions, values, goal=goal)


@st.composite
def with_ranges(draw: st.DrawFn, base: st.SearchStrategy[Initiative]) -> Initiative:
    """An initiative from ``base``, with ranges drawn on some of its items."""
    initiative = draw(base)
    contributions = []
    for c in initiative.contributions:
        low, high = draw(ranges(c.cost, cost=True))
        contributions.append(attrs.evolve(c, low=low, high=high))
    values = []
    for v in initiative.values:
        low, high = draw(ranges(v.amount, cost=False))
        # A value whose range reaches below 0 may be a loss: it requires no one.
        requires = v.requires if low is None or low >= 0 else ()
        values.append(attrs.evolve(v, low=low, high=high, requires=requires))
    return initiative.evolve(contributions=contributions, values=values)


def library_initiatives() -> st.SearchStrategy[Initiative]:
    try:
        from cocreate.strategies import initiatives
    except ImportError:  # pragma: no cover - hypothesis is a test dependency
        return small_initiatives()
    kinds = st.sampled_from([None, *Kind])
    drawn = kinds.flatmap(lambda kind: initiatives(kind=kind, max_stakeholders=8).map(unlinked))
    return with_ranges(drawn)


def unlinked(initiative: Initiative) -> Initiative:
    """The initiative without links or crowds: every item its own quantity, everyone a party.

    The brute force of the judgment tests varies each item on its own and
    judges each stakeholder on its own; a link (one quantity for two items)
    or a crowd (one party for several segments) is outside what it states.
    Exchanges and sizes stay: they count as any other cost, or not at all.
    """
    return initiative.evolve(
        stakeholders=[attrs.evolve(s, group=None) for s in initiative.stakeholders],
        contributions=[attrs.evolve(c, link=None) for c in initiative.contributions],
        values=[attrs.evolve(v, link=None) for v in initiative.values],
    )


INITIATIVES = st.one_of(small_initiatives(), library_initiatives())
RULES = THRESHOLDS.map(lambda t: Rules(win_threshold=t))
