"""Construction with arbitrary input never raises anything but CocreateError."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    CocreateError,
    Contribution,
    Initiative,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    ValueKind,
)

words = st.sampled_from(["", "a", "b", "firm", "customer", "technology", "ideas", "revenue"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.text(max_size=5),
    words,
    st.binary(max_size=3),
    st.sampled_from([*Role, *Resource, *ValueKind]),
    st.builds(object),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.frozensets(scalars.filter(lambda x: not isinstance(x, float)), max_size=3),
        st.dictionaries(st.text(max_size=2), inner, max_size=2),
    ),
    max_leaves=6,
)
valid_people = st.just(
    [Stakeholder("a", Role.FIRM), Stakeholder("b", Role.CUSTOMER, customer_of={"a"})]
)


def only_cocreate_errors(build: Any, *args: Any, **kwargs: Any) -> None:
    with contextlib.suppress(CocreateError):
        build(*args, **kwargs)


class TestArbitraryInput:
    @settings(max_examples=400)
    @given(anything, anything, anything, anything, anything)
    def test_stakeholder(self, id_: Any, role: Any, name: Any, org: Any, of: Any) -> None:
        """Stakeholder(...) with anything in any field raises CocreateError or nothing."""
        only_cocreate_errors(Stakeholder, id_, role, name=name, organization=org, customer_of=of)

    @settings(max_examples=400)
    @given(anything, anything, anything, anything, anything)
    def test_contribution(self, source: Any, res: Any, target: Any, cost: Any, text: Any) -> None:
        """Contribution(...) with anything in any field raises CocreateError or nothing."""
        only_cocreate_errors(Contribution, source, res, target=target, cost=cost, description=text)

    @settings(max_examples=400)
    @given(anything, anything, anything, anything, anything)
    def test_value(self, who: Any, amount: Any, provider: Any, kind: Any, text: Any) -> None:
        """Value(...) with anything in any field raises CocreateError or nothing."""
        only_cocreate_errors(Value, who, amount, provider=provider, kind=kind, description=text)

    @settings(max_examples=400)
    @given(
        anything,
        anything,
        st.one_of(valid_people, anything),
        anything,
        anything,
        anything,
        anything,
    )
    def test_initiative(
        self,
        name: Any,
        focal: Any,
        people: Any,
        contributions: Any,
        values: Any,
        goal: Any,
        process: Any,
    ) -> None:
        """Initiative(...) with anything in any field raises CocreateError or nothing."""
        only_cocreate_errors(
            Initiative, name, focal, people, contributions, values, goal=goal, process=process
        )

    @settings(max_examples=200)
    @given(anything, anything, anything)
    def test_rules(self, threshold: Any, voice: Any, minimum: Any) -> None:
        """Rules(...) with anything in any field raises CocreateError or nothing."""
        only_cocreate_errors(
            Rules, win_threshold=threshold, voice_resources=voice, min_contributors=minimum
        )
