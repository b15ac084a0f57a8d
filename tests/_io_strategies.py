"""Hypothesis strategies for the file tests: valid initiatives, and documents to break.

The test modules import this with ``tests/`` put on ``sys.path`` for the
moment of the import, since pytest's importlib mode does not put it there.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

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

#: Strings that have broken serializers before.
AWKWARD = (
    "",
    " ",
    '"',
    "'",
    "\\",
    '\\"',
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "é",
    "ß",
    "日本語",
    "😀",
    "a\u0301",
    "'''",
    '"""',
    "key = 1",
    "[[stakeholders]]",
    "# comment",
    "null",
    "NaN",
    "inf",
    "1e308",
)

ORGANIZATION_ROLES = [role for role in Role if role.is_organization]


def texts(*, min_size: int = 0) -> st.SearchStrategy[str]:
    """Any text, with the awkward cases drawn often."""
    return st.one_of(
        st.sampled_from(AWKWARD),
        st.text(max_size=12),
        st.lists(st.sampled_from(AWKWARD), max_size=4).map("".join),
    ).filter(lambda text: len(text) >= min_size)


# Strategies are built once here: building them inside a composite
# strategy for every draw costs more than the drawing.
TEXTS = texts()
IDS = texts(min_size=1)
#: Finite floats, with the extremes drawn often.
amounts = st.one_of(
    st.sampled_from([0.0, -0.0, 0.1, 1e308, -1e308, 5e-324, -5e-324, 1.7976931348623157e308]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**6), 10**6).map(float),
)
#: Finite floats >= 0, -0.0 included.
costs = st.one_of(
    st.sampled_from([0.0, -0.0, 0.5, 1e308, 5e-324, 1.7976931348623157e308]),
    st.floats(min_value=0.0, allow_nan=False, allow_infinity=False),
)
_INDEX = st.integers(0, 255)
_COUNT = st.integers(0, 5)
_MAYBE = st.booleans()
_ROLES = st.sampled_from(list(Role))
_ORGANIZATION_ROLES = st.sampled_from(ORGANIZATION_ROLES)
_RESOURCES = st.sampled_from(list(Resource))
_KINDS = st.sampled_from(list(ValueKind))
_GOALS = st.none() | st.sampled_from(list(Goal))
_PROCESSES = st.none() | st.sampled_from(list(Process))
_NAMES = st.none() | TEXTS


@st.composite
def initiatives(draw: st.DrawFn, *, max_stakeholders: int = 5) -> Initiative:
    """Valid initiatives with awkward strings and extreme numbers."""
    ids: list[str] = []
    for _ in range(1 + draw(_INDEX) % max_stakeholders):
        id_ = draw(IDS)
        if id_ not in ids:
            ids.append(id_)

    def pick(options: list[str]) -> str:
        return options[draw(_INDEX) % len(options)]

    def maybe(options: list[str]) -> str | None:
        if not options or not draw(_MAYBE):
            return None
        return pick(options)

    def bounds(estimate: float, numbers: st.SearchStrategy[float]) -> dict[str, Any]:
        """No range, or a low, a high or both around the estimate."""
        shape = draw(_INDEX) % 4
        out: dict[str, Any] = {}
        if shape in {1, 3}:
            out["low"] = min(draw(numbers), estimate)
        if shape in {2, 3}:
            out["high"] = max(draw(numbers), estimate)
        return out

    focal = pick(ids)
    people = [
        Stakeholder(
            id_,
            draw(_ORGANIZATION_ROLES if id_ == focal else _ROLES),
            name=draw(_NAMES),
            organization=maybe(ids),
            customer_of=[pick(ids) for _ in range(draw(_COUNT) % 3)],
        )
        for id_ in ids
    ]
    contributions = []
    for _ in range(draw(_COUNT)):
        source = pick(ids)
        cost = draw(costs)
        contributions.append(
            Contribution(
                source,
                draw(_RESOURCES),
                target=maybe([i for i in ids if i != source]),
                cost=cost,
                description=draw(TEXTS),
                **bounds(cost, costs),
            )
        )
    values = []
    for _ in range(draw(_COUNT)):
        amount = draw(amounts)
        values.append(
            Value(
                pick(ids),
                amount,
                provider=maybe(ids),
                kind=draw(_KINDS),
                description=draw(TEXTS),
                **bounds(amount, amounts),
            )
        )
    start = draw(_INDEX) % len(people)
    return Initiative(
        draw(TEXTS),
        focal,
        people[start:] + people[:start],
        contributions,
        values,
        goal=draw(_GOALS),
        process=draw(_PROCESSES),
    )


#: Every word of every enum in the format, to make plausible replacements.
WORDS = sorted(
    {member.value for cls in (Role, Resource, ValueKind, Goal, Process) for member in cls}
)
#: The keys of the format, to make plausible renames.
KEYS = [
    "format",
    "version",
    "name",
    "focal",
    "goal",
    "process",
    "stakeholders",
    "contributions",
    "values",
    "id",
    "role",
    "organization",
    "customer_of",
    "source",
    "resource",
    "target",
    "cost",
    "description",
    "beneficiary",
    "amount",
    "provider",
    "kind",
    "low",
    "high",
]

#: JSON scalars: what a parser can hand to ``from_dict``.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, 1, 2, -1, 10**400, -(10**400), 2**1024, 1.0, 1.5, -0.0, 1e308]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(WORDS + KEYS + ["", "cocreate"]),
)
#: Any JSON value.
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _containers(data: Any) -> list[Any]:
    """Every dict and list inside ``data``, ``data`` itself first."""
    found: list[Any] = []
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(item)
            stack.extend(item)
    return found


_NEW_KEYS = st.sampled_from(KEYS) | st.text(max_size=6)
_OPERATIONS = st.sampled_from(["drop", "rename", "replace", "add", "retype"])
_SMALL_INITIATIVES = initiatives(max_stakeholders=3)


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A valid document with one to four things broken: keys dropped, renamed, added, retyped."""
    document = draw(_SMALL_INITIATIVES).to_dict()
    for _ in range(1 + draw(_INDEX) % 4):
        containers = _containers(document)
        container = containers[draw(_INDEX) % len(containers)]
        operation = draw(_OPERATIONS)
        if isinstance(container, dict):
            _mutate_table(draw, container, operation)
        else:
            _mutate_array(draw, container, operation)
    if draw(_INDEX) % 20 == 0:
        return [document]
    return document


def _mutate_table(draw: st.DrawFn, container: dict[str, Any], operation: str) -> None:
    """Add, drop, rename, retype or replace one key of a table."""
    keys = list(container)
    if operation == "add" or not keys:
        container[draw(_NEW_KEYS)] = draw(json_values)
        return
    key = keys[draw(_INDEX) % len(keys)]
    if operation == "drop":
        del container[key]
    elif operation == "rename":
        container[draw(_NEW_KEYS)] = container.pop(key)
    elif operation == "retype":
        container[key] = _retype(container[key])
    else:
        container[key] = draw(json_values)


def _mutate_array(draw: st.DrawFn, container: list[Any], operation: str) -> None:
    """Drop, replace or retype one item of an array, or append one."""
    if operation not in {"drop", "replace", "retype"} or not container:
        container.append(draw(json_values))
        return
    index = draw(_INDEX) % len(container)
    if operation == "drop":
        del container[index]
    elif operation == "replace":
        container[index] = draw(json_values)
    else:
        container[index] = _retype(container[index])


def _retype(value: Any) -> Any:
    """The same content in another JSON type."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return False
