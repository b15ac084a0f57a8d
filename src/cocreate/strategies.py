"""Hypothesis strategies for property-based tests of code that uses cocreate.

Every strategy here draws valid model objects only. :func:`initiatives`
can be told which :class:`~cocreate.Kind` to draw: it then builds
initiatives that classify as that kind by construction, not by filtering,
so that every shape the kind allows is reachable, borderline net values
included, and a failing test shrinks to a small initiative.

With the library installed, ``hypothesis.strategies.from_type`` knows
:class:`~cocreate.Stakeholder`, :class:`~cocreate.Contribution`,
:class:`~cocreate.Value`, :class:`~cocreate.Initiative` and
:class:`~cocreate.Rules`.

This module needs Hypothesis: ``pip install "cocreate[hypothesis]"``.

Examples
--------
>>> from hypothesis import find
>>> from cocreate import Kind, classify, is_win_win_win
>>> from cocreate.strategies import initiatives
>>> smallest = find(initiatives(kind=Kind.CO_CREATION), lambda initiative: True)
>>> classify(smallest).kind.label, len(smallest.stakeholders)
('co-creation', 3)
>>> is_win_win_win(smallest)
True
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised in a test with the import blocked
    msg = (
        "cocreate.strategies needs Hypothesis, which is not installed; "
        'install it with: pip install "cocreate[hypothesis]"'
    )
    raise ImportError(msg) from error

from cocreate._model import (
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
from cocreate._params import Kind, Rules
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "StrategyArgumentError",
    "contributions",
    "initiatives",
    "rules",
    "stakeholders",
    "values",
]

_T = TypeVar("_T")


class StrategyArgumentError(CocreateError, InvalidArgument):
    """A strategy of :mod:`cocreate.strategies` was given arguments it cannot honour.

    It is both a :class:`~cocreate.exceptions.CocreateError` and a
    :class:`hypothesis.errors.InvalidArgument`, so either ``except`` catches it.

    Examples
    --------
    >>> from cocreate import Kind
    >>> try:
    ...     initiatives(kind=Kind.CO_CREATION, max_stakeholders=2)
    ... except StrategyArgumentError as error:
    ...     print(error)
    max_stakeholders=2, but co-creation needs at least 3 stakeholders (the focal
    organization, a co-creator and a customer); give max_stakeholders >= 3
    """


# --------------------------------------------------------------------------
# Argument checks: done when the strategy is built, so a mistake shows at once.

#: The largest win threshold (in magnitude) that initiatives can be built
#: around: winners need a float above it and losers one at or below it.
_MAX_THRESHOLD = 1e300
#: Bounds of the amounts and costs drawn, in the initiative's value unit.
_MAX_AMOUNT = 1e3
#: How many stakeholders more than the minimum, when no maximum is given.
_EXTRA_STAKEHOLDERS = 9
#: How many organizations a drawn customer can be a customer of, at most.
_MAX_CUSTOMER_OF = 3


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        msg = f"{name} must be a Hypothesis strategy or None, got {type(value).__name__} {value!r}"
        raise StrategyArgumentError(msg)


def _default(strategy: st.SearchStrategy[_T] | None, default: st.SearchStrategy[_T]) -> Any:
    """Return ``strategy``, or ``default`` when it is ``None`` (a strategy has no truth value)."""
    return default if strategy is None else strategy


def _check_count(name: str, value: object, smallest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < smallest:
        msg = f"{name} must be a whole number >= {smallest}, got {value!r}"
        raise StrategyArgumentError(msg)
    return value


def _refuse(name: str, value: object, expected: str) -> NoReturn:
    """Say clearly why a value drawn from a user's strategy cannot be used."""
    msg = f"the {name} strategy drew {value!r}, but {name} must draw {expected}"
    raise StrategyArgumentError(msg)


def _check_drawn(name: str, value: object, valid: bool, expected: str) -> None:
    if not valid:
        _refuse(name, value, expected)


def _id(name: str, value: object) -> str:
    if isinstance(value, str) and value:
        return value
    _refuse(name, value, "non-empty str ids")


def _finite(name: str, value: object, *, non_negative: bool = False) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and not (non_negative and value < 0)
    ):
        return float(value)
    _refuse(name, value, "finite floats" + (" >= 0" if non_negative else ""))


def _text_or_none(name: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    _refuse(name, value, "str or None")


# --------------------------------------------------------------------------
# Default strategies. Each shrinks towards the simplest, most readable value.

#: Ids like those of :func:`initiatives` (``s0``, ``s1``, ...), or short text.
_IDS = st.integers(0, 20).map("s{}".format) | st.text(min_size=1, max_size=8)
_TEXT = st.text(max_size=8)
_NAMES: st.SearchStrategy[str | None] = st.none() | _TEXT
_DESCRIPTIONS = st.just("") | _TEXT
_COSTS = st.floats(0, _MAX_AMOUNT)
_AMOUNTS = st.floats(-_MAX_AMOUNT, _MAX_AMOUNT)
_POSITIVE = st.floats(0, _MAX_AMOUNT, exclude_min=True)
#: ValueKind.OTHER first, so that values shrink to the default kind.
_VALUE_KINDS = (ValueKind.OTHER, *(k for k in ValueKind if k is not ValueKind.OTHER))
_ORGANIZATION_ROLES = tuple(r for r in Role if r.is_organization)
_ROLES = tuple(Role)
_RESOURCES = tuple(Resource)
_ANY_GOAL = (None, Goal.NEW_OFFERING, Goal.SPECIFIC_OUTCOME)
_OPEN_GOAL = (None, Goal.NEW_OFFERING)
_PROCESSES = (None, Process.ITERATIVE, Process.STRUCTURED)
#: The order in which ``kind=None`` tries kinds while shrinking: simplest first.
_KIND_ORDER = (
    Kind.UNCLASSIFIED,
    Kind.COLLABORATION,
    Kind.CUSTOMER_FOCUSED_INNOVATION,
    Kind.CO_CREATION,
)


# --------------------------------------------------------------------------
# Stakeholders, contributions and values on their own.


def stakeholders(
    *,
    ids: st.SearchStrategy[str] | None = None,
    roles: st.SearchStrategy[Role] | None = None,
    names: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Stakeholder]:
    """Return a strategy for valid :class:`~cocreate.Stakeholder` objects.

    The ``organization`` and ``customer_of`` fields are drawn from ``ids``
    too (never the stakeholder's own id). A stakeholder on its own only has
    to be a valid object: use :func:`initiatives` for stakeholders whose
    references resolve within an initiative.

    Parameters
    ----------
    ids
        Non-empty strings for the ``id`` and the ids it refers to; ``s0``
        to ``s20`` or short text by default.
    roles
        :class:`~cocreate.Role` members; every role by default.
    names
        Display names, or ``None`` for "the id"; ``None`` or short text by
        default.

    Returns
    -------
    SearchStrategy[Stakeholder]

    Raises
    ------
    StrategyArgumentError
        If an argument is not a strategy, or (when drawing) a strategy
        draws something that cannot be used.

    Examples
    --------
    >>> from hypothesis import find
    >>> from cocreate import Role
    >>> find(stakeholders(), lambda s: s.role is Role.EMPLOYEE and s.organization is not None)
    Stakeholder(id='s0', role=<Role.EMPLOYEE: 'employee'>, name='s0', organization='s1',
                customer_of=frozenset())
    """
    for name, value in (("ids", ids), ("roles", roles), ("names", names)):
        _check_strategy(name, value)
    return _stakeholders(
        _default(ids, _IDS), _default(roles, st.sampled_from(_ROLES)), _default(names, _NAMES)
    )


@st.composite
def _stakeholders(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    roles: st.SearchStrategy[Role],
    names: st.SearchStrategy[str | None],
) -> Stakeholder:
    key = _id("ids", draw(ids))
    role = draw(roles)
    _check_drawn("roles", role, isinstance(role, Role), "Role members")
    name = _text_or_none("names", draw(names))
    organization = draw(st.none() | ids)
    customer_of = draw(st.frozensets(ids, max_size=3))
    return Stakeholder(
        key,
        role,
        name=name,
        organization=None
        if organization is None or organization == key
        else _id("ids", organization),
        customer_of={_id("ids", org) for org in customer_of if org != key},
    )


def contributions(
    *,
    sources: st.SearchStrategy[str] | None = None,
    resources: st.SearchStrategy[Resource] | None = None,
    targets: st.SearchStrategy[str | None] | None = None,
    costs: st.SearchStrategy[float] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Contribution]:
    """Return a strategy for valid :class:`~cocreate.Contribution` objects.

    A drawn target equal to the drawn source becomes ``None`` (the
    initiative), since no stakeholder contributes to itself.

    Parameters
    ----------
    sources
        Non-empty stakeholder ids for ``source``; ``s0`` to ``s20`` or short
        text by default.
    resources
        :class:`~cocreate.Resource` members; every resource by default.
    targets
        Ids, or ``None`` for the initiative; ``None`` or an id drawn
        like ``sources`` by default.
    costs
        Finite floats >= 0; between 0 and 1000 by default.
    descriptions
        Free text; empty or short text by default.

    Returns
    -------
    SearchStrategy[Contribution]

    Raises
    ------
    StrategyArgumentError
        If an argument is not a strategy, or (when drawing) a strategy
        draws something that cannot be used, such as a negative cost.

    Examples
    --------
    >>> from hypothesis import find, strategies as st
    >>> print(find(contributions(costs=st.just(2.0)), lambda c: not c.resource.is_voice))
    s0 gives technology to the initiative (cost 2.0)
    """
    arguments = {
        "sources": sources,
        "resources": resources,
        "targets": targets,
        "costs": costs,
        "descriptions": descriptions,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    return _contributions(
        _default(sources, _IDS),
        _default(resources, st.sampled_from(_RESOURCES)),
        _default(targets, st.none() | _default(sources, _IDS)),
        _default(costs, _COSTS),
        _default(descriptions, _DESCRIPTIONS),
    )


@st.composite
def _contributions(
    draw: st.DrawFn,
    sources: st.SearchStrategy[str],
    resources: st.SearchStrategy[Resource],
    targets: st.SearchStrategy[str | None],
    costs: st.SearchStrategy[float],
    descriptions: st.SearchStrategy[str],
) -> Contribution:
    source = _id("sources", draw(sources))
    resource = draw(resources)
    _check_drawn("resources", resource, isinstance(resource, Resource), "Resource members")
    target = draw(targets)
    if target is not None:
        target = _id("targets", target)
    cost = _finite("costs", draw(costs), non_negative=True)
    description = draw(descriptions)
    _check_drawn("descriptions", description, isinstance(description, str), "str")
    return Contribution(
        source,
        resource,
        target=None if target == source else target,
        cost=cost,
        description=description,
    )


def values(
    *,
    beneficiaries: st.SearchStrategy[str] | None = None,
    amounts: st.SearchStrategy[float] | None = None,
    providers: st.SearchStrategy[str | None] | None = None,
    kinds: st.SearchStrategy[ValueKind] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Value]:
    """Return a strategy for valid :class:`~cocreate.Value` objects.

    Parameters
    ----------
    beneficiaries
        Non-empty stakeholder ids; ``s0`` to ``s20`` or short text by default.
    amounts
        Finite floats, negative for a loss; between -1000 and 1000 by default.
    providers
        Ids, or ``None`` for the initiative; ``None`` or an id drawn like
        ``beneficiaries`` by default.
    kinds
        :class:`~cocreate.ValueKind` members; every kind by default,
        shrinking to ``ValueKind.OTHER``.
    descriptions
        Free text; empty or short text by default.

    Returns
    -------
    SearchStrategy[Value]

    Raises
    ------
    StrategyArgumentError
        If an argument is not a strategy, or (when drawing) a strategy
        draws something that cannot be used, such as an infinite amount.

    Examples
    --------
    >>> from hypothesis import find
    >>> print(find(values(), lambda v: v.amount < 0))
    s0 receives -1.0 (other) from the initiative
    """
    arguments = {
        "beneficiaries": beneficiaries,
        "amounts": amounts,
        "providers": providers,
        "kinds": kinds,
        "descriptions": descriptions,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    return _values(
        _default(beneficiaries, _IDS),
        _default(amounts, _AMOUNTS),
        _default(providers, st.none() | _default(beneficiaries, _IDS)),
        _default(kinds, st.sampled_from(_VALUE_KINDS)),
        _default(descriptions, _DESCRIPTIONS),
    )


@st.composite
def _values(
    draw: st.DrawFn,
    beneficiaries: st.SearchStrategy[str],
    amounts: st.SearchStrategy[float],
    providers: st.SearchStrategy[str | None],
    kinds: st.SearchStrategy[ValueKind],
    descriptions: st.SearchStrategy[str],
) -> Value:
    beneficiary = _id("beneficiaries", draw(beneficiaries))
    amount = _finite("amounts", draw(amounts))
    provider = draw(providers)
    if provider is not None:
        provider = _id("providers", provider)
    kind = draw(kinds)
    _check_drawn("kinds", kind, isinstance(kind, ValueKind), "ValueKind members")
    description = draw(descriptions)
    _check_drawn("descriptions", description, isinstance(description, str), "str")
    return Value(beneficiary, amount, provider=provider, kind=kind, description=description)


def rules(
    *,
    win_thresholds: st.SearchStrategy[float] | None = None,
    voice_resources: st.SearchStrategy[frozenset[Resource]] | None = None,
    min_contributors: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[Rules]:
    """Return a strategy for :class:`~cocreate.Rules`, shrinking to the default rules.

    Parameters
    ----------
    win_thresholds
        Finite floats; ``0.0`` or a float between -100 and 100 by default.
    voice_resources
        Sets of :class:`~cocreate.Resource`; the default voice resources or
        any set by default.
    min_contributors
        Whole numbers >= 1; ``2`` or a number from 1 to 4 by default.

    Returns
    -------
    SearchStrategy[Rules]

    Raises
    ------
    StrategyArgumentError
        If an argument is not a strategy.

    Examples
    --------
    >>> from hypothesis import find
    >>> from cocreate import Rules
    >>> find(rules(), lambda r: True) == Rules()
    True
    >>> find(rules(), lambda r: r.win_threshold >= 1).win_threshold
    1.0
    """
    arguments = {
        "win_thresholds": win_thresholds,
        "voice_resources": voice_resources,
        "min_contributors": min_contributors,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    return st.builds(
        Rules,
        win_threshold=_default(win_thresholds, st.just(0.0) | st.floats(-100, 100)),
        voice_resources=_default(
            voice_resources,
            st.just(Rules().voice_resources) | st.frozensets(st.sampled_from(_RESOURCES)),
        ),
        min_contributors=_default(min_contributors, st.just(2) | st.integers(1, 4)),
    )


# --------------------------------------------------------------------------
# Initiatives, built to be of a given kind.


class _Plan:
    """The checked arguments of :func:`initiatives`."""

    def __init__(
        self,
        kind: Kind | None,
        rules: Rules,
        min_stakeholders: int,
        max_stakeholders: int | None,
        ids: st.SearchStrategy[str] | None,
        names: st.SearchStrategy[str] | None,
        descriptions: st.SearchStrategy[str] | None,
    ) -> None:
        self.threshold = rules.win_threshold
        self.voice = rules.voice_resources
        self.voice_list = tuple(r for r in _RESOURCES if r in self.voice)
        self.substantive = tuple(r for r in _RESOURCES if r not in self.voice)
        self.min_contributors = rules.min_contributors
        self.ids = ids
        # Text is drawn only when asked for: each drawn character costs time.
        self.names = names
        self.stakeholder_names = None if names is None else st.none() | names
        self.descriptions = descriptions
        if abs(self.threshold) > _MAX_THRESHOLD:
            msg = (
                f"rules.win_threshold={self.threshold!r} is too large to build winners and "
                f"losers around; give a threshold between -{_MAX_THRESHOLD} and {_MAX_THRESHOLD}"
            )
            raise StrategyArgumentError(msg)
        if max_stakeholders is not None and max_stakeholders < min_stakeholders:
            msg = (
                f"max_stakeholders={max_stakeholders} is less than "
                f"min_stakeholders={min_stakeholders}; give max_stakeholders >= min_stakeholders"
            )
            raise StrategyArgumentError(msg)
        self.bounds: dict[Kind, tuple[int, int]] = {}
        problems: dict[Kind, str] = {}
        for candidate in _KIND_ORDER:
            problem = self._problem(candidate, max_stakeholders)
            if problem is not None:
                problems[candidate] = problem
                continue
            low = max(min_stakeholders, self._smallest(candidate))
            high = low + _EXTRA_STAKEHOLDERS if max_stakeholders is None else max_stakeholders
            self.bounds[candidate] = (low, high)
        if kind is not None and kind in problems:
            raise StrategyArgumentError(problems[kind])
        self.kind = kind
        # Unclassified is always possible, so kind=None always has a kind to draw.
        self.kinds = tuple(self.bounds)
        #: The most stakeholders any initiative drawn can have: picks of
        #: stakeholders (targets, providers, organizations) are drawn below it.
        self.most = max(high for _, high in self.bounds.values())
        self._blocks: dict[Kind, tuple[list[st.SearchStrategy[_Block]], Any]] = {}

    def blocks(self, kind: Kind) -> tuple[list[st.SearchStrategy[_Block]], Any]:
        """Return the strategies for the stakeholders of ``kind``: the fixed slots, and the rest.

        The focal organization comes first, then the slots that make the kind
        possible: co-creation has an external co-creator and a customer;
        customer-focused innovation a customer who contributes (voice only,
        like every customer there). Built once per kind, since drawing is hot.
        """
        if kind not in self._blocks:
            co_creation = kind is Kind.CO_CREATION
            voice = kind is Kind.CUSTOMER_FOCUSED_INNOVATION
            first = [_block(self, _ORGANIZATION_ROLES, voice_customers=voice)]
            if co_creation:
                first.append(
                    _block(self, _ROLES, voice_customers=False, gives=1, substantive_first=True)
                )
                first.append(_block(self, (Role.CUSTOMER,), voice_customers=False))
            elif voice:
                first.append(_block(self, (Role.CUSTOMER,), voice_customers=True, gives=1))
            low, high = self.bounds[kind]
            rest = st.lists(
                _block(self, _ROLES, voice_customers=voice),
                min_size=max(0, low - len(first)),
                max_size=high - len(first),
            )
            self._blocks[kind] = (first, rest)
        return self._blocks[kind]

    def _smallest(self, kind: Kind) -> int:
        if kind is Kind.CO_CREATION:
            return 3
        if kind is Kind.CUSTOMER_FOCUSED_INNOVATION:
            return 2
        if kind is Kind.COLLABORATION:
            return self.min_contributors
        return 1

    def _problem(self, kind: Kind, max_stakeholders: int | None) -> str | None:
        if kind is Kind.CO_CREATION and not self.substantive:
            return (
                "co-creation needs a substantive resource, but the rules count every "
                "resource as voice; leave at least one resource out of rules.voice_resources"
            )
        if kind is Kind.CUSTOMER_FOCUSED_INNOVATION and not self.voice:
            return (
                "customer-focused innovation needs a voice resource for customers to give, "
                "but rules.voice_resources is empty; give at least one voice resource"
            )
        smallest = self._smallest(kind)
        if max_stakeholders is not None and max_stakeholders < smallest:
            why = {
                Kind.CO_CREATION: "the focal organization, a co-creator and a customer",
                Kind.CUSTOMER_FOCUSED_INNOVATION: "the focal organization and a customer",
                Kind.COLLABORATION: "rules.min_contributors distinct contributors",
                Kind.UNCLASSIFIED: "the focal organization",
            }[kind]
            return (
                f"max_stakeholders={max_stakeholders}, but {kind.label} needs at least "
                f"{smallest} stakeholders ({why}); give max_stakeholders >= {smallest}"
            )
        return None


def initiatives(
    *,
    kind: Kind | None = None,
    rules: Rules | None = None,
    min_stakeholders: int = 1,
    max_stakeholders: int | None = None,
    ids: st.SearchStrategy[str] | None = None,
    names: st.SearchStrategy[str] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Initiative]:
    """Return a strategy for valid :class:`~cocreate.Initiative` objects.

    With ``kind``, every initiative drawn classifies as that kind under
    ``rules``. It is built so, not filtered, and every shape the kind allows
    can be drawn: internal and external contributors, several firms, every
    role and resource, a goal and a process stated or not where the kind
    allows, and net values exactly at the win threshold or a hair above it.
    Without ``kind``, a kind is drawn first, so all four come up about
    equally often. Failing examples shrink to few stakeholders, with ids
    ``s0`` (always the focal organization), ``s1``, ...

    Parameters
    ----------
    kind
        The :class:`~cocreate.Kind` every initiative drawn classifies as;
        ``None`` (the default) for any kind.
    rules
        The :class:`~cocreate.Rules` that ``kind`` holds under: the win
        threshold, the voice resources and the number of contributors of a
        collaboration; the default rules by default.
    min_stakeholders
        The fewest stakeholders to draw, at least 1. A kind that needs more
        (co-creation needs 3, customer-focused innovation 2, collaboration
        ``rules.min_contributors``) draws at least as many as it needs.
    max_stakeholders
        The most stakeholders to draw; ``None`` for nine more than the
        fewest.
    ids
        Stakeholder ids, drawn unique; ``s0``, ``s1``, ... by default.
    names
        The initiative's name and the stakeholders' display names (these
        are also sometimes left to default to the id); short text by
        default.
    descriptions
        Descriptions of contributions and values; empty or short text by
        default.

    Returns
    -------
    SearchStrategy[Initiative]

    Raises
    ------
    StrategyArgumentError
        If no initiative can satisfy the arguments, for example
        ``max_stakeholders=2`` with ``kind=Kind.CO_CREATION``, or an argument
        has the wrong type.

    Examples
    --------
    >>> from hypothesis import find
    >>> from cocreate import Kind, Role, Rules, classify
    >>> example = find(
    ...     initiatives(kind=Kind.CUSTOMER_FOCUSED_INNOVATION),
    ...     lambda i: any(s.role is Role.EMPLOYEE for s in i.stakeholders),
    ... )
    >>> classify(example).kind.label, len(example.stakeholders)
    ('customer-focused innovation', 3)
    >>> strict = Rules(win_threshold=1.0)
    >>> example = find(initiatives(kind=Kind.CO_CREATION, rules=strict), lambda i: True)
    >>> classify(example, rules=strict).kind.label
    'co-creation'
    """
    if kind is not None and not isinstance(kind, Kind):
        try:
            kind = Kind(kind)
        except ValueError:
            words = ", ".join(repr(w) for w in Kind.words())
            msg = f"kind must be a cocreate.Kind ({words}) or None, got {kind!r}"
            raise StrategyArgumentError(msg) from None
    if rules is None:
        rules = Rules()
    elif not isinstance(rules, Rules):
        msg = f"rules must be a cocreate.Rules or None, got {type(rules).__name__} {rules!r}"
        raise StrategyArgumentError(msg)
    _check_count("min_stakeholders", min_stakeholders, 1)
    if max_stakeholders is not None:
        _check_count("max_stakeholders", max_stakeholders, 1)
    for name, value in (("ids", ids), ("names", names), ("descriptions", descriptions)):
        _check_strategy(name, value)
    plan = _Plan(kind, rules, min_stakeholders, max_stakeholders, ids, names, descriptions)
    return _initiatives(plan)


@functools.lru_cache(maxsize=256)
def _below(count: int) -> st.SearchStrategy[int]:
    """Integers from 0 to ``count - 1``, shrinking to 0; cached, since drawing is hot."""
    return st.integers(0, count - 1)


def _pick(draw: st.DrawFn, choices: Sequence[_T]) -> _T:
    """Draw one of ``choices``, shrinking to the first."""
    return choices[draw(_below(len(choices)))] if len(choices) > 1 else choices[0]


def _digits(draw: st.DrawFn, *sizes: int) -> list[int]:
    """Draw several small numbers, each below its size, with one choice.

    Every choice costs time, so small decisions share one, as the digits of
    one number: all shrink to 0, the first (most significant) first.
    Hypothesis draws small numbers more often, so the last digit is the one
    that varies most.
    """
    total = math.prod(sizes)
    number = draw(_below(total)) if total > 1 else 0
    digits = []
    for size in reversed(sizes):
        number, digit = divmod(number, size)
        digits.append(digit)
    return digits[::-1]


def _other(pick: int, index: int, count: int) -> int | None:
    """Turn a drawn ``pick`` into the index of a stakeholder other than ``index``, or ``None``.

    0 is ``None`` (the initiative itself, or no organization), so that
    references shrink to it; other picks wrap around the stakeholders that
    are there, so a pick stays valid when the shrinker drops a stakeholder.
    """
    if pick == 0 or count < 2:
        return None
    other = (pick - 1) % (count - 1)
    return other if other < index else other + 1


def _text(draw: st.DrawFn, strategy: st.SearchStrategy[str] | None, what: str) -> str:
    if strategy is None:
        return ""
    text = draw(strategy)
    _check_drawn(what, text, isinstance(text, str), "str")
    return text


def _rotated(draw: st.DrawFn, items: list[_T]) -> list[_T]:
    """Rotate ``items`` by a drawn amount (one choice, unlike a permutation); shrinks to none."""
    if len(items) < 2:
        return items
    turn = draw(_below(len(items)))
    return items[turn:] + items[:turn]


def _net(received: Sequence[float], paid: Sequence[float]) -> float:
    """Net value exactly as the rules compute it: one exactly rounded sum."""
    return math.fsum([*received, *(-cost for cost in paid)])


def _target(draw: st.DrawFn, threshold: float, *, win: bool) -> float:
    """Draw a net value to aim at: above the threshold to win, at or below it to lose.

    Shrinks to the threshold plus one for a winner, the threshold itself
    for a loser; the next float above (below) the threshold is as likely.
    """
    way = draw(_below(3))
    if win:
        if way == 0:
            return threshold + 1.0
        if way == 1:
            return math.nextafter(threshold, math.inf)
        return threshold + draw(_POSITIVE)
    if way == 0:
        return threshold
    if way == 1:
        return math.nextafter(threshold, -math.inf)
    return threshold - draw(_POSITIVE)


def _balance(
    received: Sequence[float], paid: Sequence[float], target: float, threshold: float, *, win: bool
) -> float:
    """Return the amount of one more value that brings the net value to ``target``.

    When rounding leaves the net value on the wrong side of the threshold,
    the amount moves towards the right side by at least one float and by a
    step that doubles each time. The net value is monotone in the amount,
    so this ends after a few steps, however far apart the magnitudes of the
    other amounts and of this one are (stepping one float at a time could
    take astronomically long when this amount is far smaller than the rest).
    """
    amount = math.fsum([target, *(-x for x in received), *paid])
    toward = math.inf if win else -math.inf
    step = 0.0
    while True:
        net = _net([*received, amount], paid)
        if (net > threshold) == win:
            return amount
        step = max(abs(math.nextafter(amount, toward) - amount), 2 * step, abs(net - threshold))
        amount = amount + step if win else amount - step


#: What a stakeholder gives, as drawn: resource, target pick, cost, description.
_Gift = tuple[Resource, int, float, str]
#: What a stakeholder gets, as drawn: amount, provider pick, kind, description.
_Got = tuple[float, int, ValueKind, str]
#: One stakeholder as drawn: role, organization pick, customer_of bits, gifts, values.
_Block = tuple[Role, int, int, list[_Gift], list[_Got]]


def _gift(draw: st.DrawFn, plan: _Plan, allowed: Sequence[Resource]) -> _Gift:
    pick, which = _digits(draw, plan.most, len(allowed))
    return allowed[which], pick, draw(_COSTS), _text(draw, plan.descriptions, "descriptions")


@st.composite
def _block(
    draw: st.DrawFn,
    plan: _Plan,
    roles: tuple[Role, ...],
    *,
    voice_customers: bool,
    gives: int = 0,
    substantive_first: bool = False,
) -> _Block:
    """Draw one stakeholder: its role, organization, and what it gives and gets.

    References to other stakeholders are drawn as picks, resolved once the
    number of stakeholders is known, so that dropping a stakeholder leaves
    every other block as it was: this is what lets failures shrink small.
    """
    # One choice for three numbers: how many values, how many contributions, the role.
    value_count, gift_count, role_index = _digits(draw, 3, 3 - gives, len(roles))
    role = roles[role_index]
    member = draw(_below(plan.most))
    mask = draw(_below(1 << _MAX_CUSTOMER_OF)) if role is Role.CUSTOMER else 0
    allowed = plan.voice_list if voice_customers and role is Role.CUSTOMER else _RESOURCES
    gifts = [
        _gift(draw, plan, plan.substantive if substantive_first and n == 0 else allowed)
        for n in range(gift_count + gives)
    ]
    got = []
    for _ in range(value_count):
        amount = draw(_AMOUNTS)
        pick, kind = _digits(draw, plan.most, len(_VALUE_KINDS))
        got.append(
            (amount, pick, _VALUE_KINDS[kind], _text(draw, plan.descriptions, "descriptions"))
        )
    return role, member, mask, gifts, got


@st.composite
def _initiatives(draw: st.DrawFn, plan: _Plan) -> Initiative:
    kind = plan.kind if plan.kind is not None else _pick(draw, plan.kinds)
    first, rest = plan.blocks(kind)
    blocks = [draw(block) for block in first]
    blocks += draw(rest)
    count = len(blocks)
    if plan.ids is None:
        ids = [f"s{i}" for i in range(count)]
    else:
        drawn = draw(st.lists(plan.ids, min_size=count, max_size=count, unique=True))
        ids = [_id("ids", key) for key in drawn]
    return _build(draw, plan, kind, ids, blocks)


def _build(
    draw: st.DrawFn, plan: _Plan, kind: Kind, ids: list[str], blocks: list[_Block]
) -> Initiative:
    """Build an initiative of ``kind`` from the drawn stakeholders; ``ids[0]`` is the focal one.

    Nearly every choice is one integer or float, so that drawing is quick:
    choices shrink to fewer contributions and values, to the first role and
    resource, to no organization, to the initiative as target and provider,
    and to round amounts. The choices that make the kind hold come last.
    """
    count = len(ids)
    co_creation = kind is Kind.CO_CREATION
    customer_focused = kind is Kind.CUSTOMER_FOCUSED_INNOVATION
    goal = _pick(draw, _OPEN_GOAL if co_creation or customer_focused else _ANY_GOAL)
    process = _pick(draw, _PROCESSES)

    # -- resolve the picks, now that the stakeholders are known -------------------
    roles = [block[0] for block in blocks]
    member_of: list[int | None] = []
    customer_of: list[list[int]] = []
    for i, (_, member_pick, mask, _, _) in enumerate(blocks):
        member = _other(member_pick, i, count)
        # Only an organization has members, and the co-creator (slot 1) is external.
        if member is not None and (
            not roles[member].is_organization or (co_creation and i == 1 and member == 0)
        ):
            member = None
        member_of.append(member)
        others = [j for j in range(count) if j != i][:_MAX_CUSTOMER_OF]
        customer_of.append(
            [j for k, j in enumerate(others) if mask >> k & 1 and roles[j].is_organization]
        )

    given: list[set[Resource]] = [set() for _ in range(count)]
    paid: list[list[float]] = [[] for _ in range(count)]
    made: list[Contribution] = []

    def give(i: int, gift: _Gift) -> None:
        resource, pick, cost, text = gift
        target = _other(pick, i, count)
        made.append(
            Contribution(
                ids[i],
                resource,
                target=None if target is None else ids[target],
                cost=cost,
                description=text,
            )
        )
        given[i].add(resource)
        paid[i].append(cost)

    # An unclassified initiative has fewer contributors than a collaboration needs:
    # the gifts of any more are left out.
    limit = plan.min_contributors - 1 if kind is Kind.UNCLASSIFIED else count
    contributors = 0
    for i, block in enumerate(blocks):
        if block[3] and contributors < limit:
            contributors += 1
            for gift in block[3]:
                give(i, gift)
    if kind is Kind.COLLABORATION:
        for i in range(count):
            if contributors < plan.min_contributors and not paid[i]:
                give(i, _gift(draw, plan, _RESOURCES))
                contributors += 1
    received: list[list[float]] = [[] for _ in range(count)]
    got: list[Value] = []
    for i, block in enumerate(blocks):
        for amount, pick, value_kind, text in block[4]:
            provider = _other(pick, i, count)
            received[i].append(amount)
            got.append(
                Value(
                    ids[i],
                    amount,
                    provider=None if provider is None else ids[provider],
                    kind=value_kind,
                    description=text,
                )
            )

    # -- what the rules will see --------------------------------------------------
    internal = {0} | {i for i in range(count) if member_of[i] == 0}
    partners = {i for i in range(count) if i not in internal and given[i] - plan.voice}
    customers = {i for i in range(count) if roles[i] is Role.CUSTOMER}
    open_goal = goal is not Goal.SPECIFIC_OUTCOME
    # Some co-creator and some customer must be different stakeholders.
    lone = len(partners) == 1 and partners == customers
    co_creation_possible = open_goal and bool(partners) and bool(customers) and not lone
    customer_focused_possible = (
        open_goal
        and any(paid[c] for c in customers)
        and all(given[c] <= plan.voice for c in customers)
    )
    # Who must win, and a group of whom at least one must lose, for the kind
    # to be the first that matches.
    must_win: set[int] = set()
    one_loses: set[int] = set()
    if co_creation:
        must_win = {0} | partners | customers
    elif customer_focused:
        # Customers give voice only, so no co-creator is a customer: one loses.
        must_win = {0} | customers
        one_loses = partners
    elif customer_focused_possible:
        one_loses = {0} | customers
    elif co_creation_possible:
        one_loses = {0} | partners | customers
    judged = sorted({0} | partners | customers)
    wins = {i: i in must_win or bool(draw(_below(2))) for i in judged}
    if one_loses and all(wins[i] for i in one_loses):
        wins[_pick(draw, sorted(one_loses))] = False

    # -- make the judged win or lose as they must ---------------------------------
    threshold = plan.threshold
    for i, win in wins.items():
        # Keep what was drawn when it already wins (loses) as it must, or sometimes
        # add one more value that brings the net value to a drawn target.
        if (_net(received[i], paid[i]) > threshold) == win and not draw(_below(2)):
            continue
        aim = _target(draw, threshold, win=win)
        amount = _balance(received[i], paid[i], aim, threshold, win=win)
        got.append(_value(draw, plan, ids, i, amount))

    # -- the model --------------------------------------------------------------
    people = []
    for i in range(count):
        member = member_of[i]
        name = None if plan.stakeholder_names is None else draw(plan.stakeholder_names)
        people.append(
            Stakeholder(
                ids[i],
                roles[i],
                name=_text_or_none("names", name),
                organization=None if member is None else ids[member],
                customer_of={ids[j] for j in customer_of[i]},
            )
        )
    return Initiative(
        _text(draw, plan.names, "names"),
        ids[0],
        _rotated(draw, people),
        _rotated(draw, made),
        _rotated(draw, got),
        goal=goal,
        process=process,
    )


def _value(draw: st.DrawFn, plan: _Plan, ids: list[str], index: int, amount: float) -> Value:
    pick, kind = _digits(draw, plan.most, len(_VALUE_KINDS))
    provider = _other(pick, index, len(ids))
    return Value(
        ids[index],
        amount,
        provider=None if provider is None else ids[provider],
        kind=_VALUE_KINDS[kind],
        description=_text(draw, plan.descriptions, "descriptions"),
    )
