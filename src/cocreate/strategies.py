"""Hypothesis strategies for property-based tests of code that uses cocreate.

Every strategy here draws valid model objects only. :func:`initiatives`
can be told which :class:`~cocreate.Kind` to draw: every initiative it
draws then classifies as that kind, by construction rather than by
filtering, so drawing never gives up.

How an initiative of a kind is built, without a second copy of the rules:

1. It starts from a small shape for the kind, a guess such as "a firm, an
   outside firm giving a resource the rules count as substantive, and a
   customer" for co-creation, and asks the rules whether the kind can hold
   on it.
2. It adds what it draws (the goal, the process, stakeholders with their
   roles, organizations, sizes and crowds, contributions, exchanges and
   linked pairs), keeping each addition only if the rules still let the
   kind hold. Who is internal, who co-creates, who is a customer, which
   checks hold and which kind a choice of winners gives are read from the
   built model by the code that :func:`cocreate.classify` runs, not worked
   out here.
3. It draws who wins among the parties the rules judge (with
   ``groups="together"``, each crowd is one, under its group's label),
   draws values, and adds one value to each judged party whose net value
   (read from the ``accounts`` of the initiative as the rules judge it) is
   on the wrong side, to one of a crowd's segments, checking each with
   :func:`cocreate.wins` until every one wins or loses as drawn.

With the library installed, ``hypothesis.strategies.from_type`` knows
:class:`~cocreate.Stakeholder`, :class:`~cocreate.Contribution`,
:class:`~cocreate.Value`, :class:`~cocreate.Initiative` and
:class:`~cocreate.Rules`.

This module needs Hypothesis: ``pip install "cocreate[hypothesis]"``.

Examples
--------
>>> from hypothesis import HealthCheck, given, settings
>>> from cocreate import Kind, classify, is_win_win_win
>>> # Few examples, no example database, no timing checks: a quick doctest of a property.
>>> quick = settings(
...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
... )
>>> @quick
... @given(initiatives(kind=Kind.CO_CREATION))
... def test_co_creation_is_a_win_win_win(initiative):
...     assert classify(initiative).kind is Kind.CO_CREATION
...     assert is_win_win_win(initiative)
>>> test_co_creation_is_a_win_win_win()
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeAlias, TypeVar

import attrs

from cocreate._model.text import needs_extra

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised in a test with the import blocked
    msg = needs_extra("cocreate.strategies", "Hypothesis", "hypothesis")
    raise ImportError(msg) from error

from cocreate._model.transfer import transfer
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
from cocreate._rules.facts import Facts
from cocreate._rules.params import KIND_CHECKS, Check, Kind, Rules, decide
from cocreate._rules.sums import wins
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

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
#: around: winners and losers need finite amounts on either side of it.
_MAX_THRESHOLD = 1e300
#: Bounds of the amounts, costs and range widths drawn, in the value unit.
_MAX_AMOUNT = 1e3
#: How many stakeholders more than the minimum, when no maximum is given.
_EXTRA_STAKEHOLDERS = 9
#: How many organizations a drawn customer can be a customer of, at most.
_MAX_CUSTOMER_OF = 3
#: Picks of another stakeholder are drawn below this and wrap around.
_PICKS = 31
#: The largest ``size`` drawn for a stakeholder that stands for many.
_MAX_SIZE = 10_000
#: The values of ``Rules.groups``, the default first.
_GROUPINGS = ("together", "each")


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


def _label(name: str, value: str | None) -> str | None:
    """A link or group label: ``None``, or non-empty text."""
    if value is None or value:
        return value
    _refuse(name, value, "non-empty str labels or None")


def _text_or_none(name: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    _refuse(name, value, "str or None")


def _text(draw: st.DrawFn, strategy: st.SearchStrategy[str] | None, what: str) -> str:
    if strategy is None:
        return ""
    text = draw(strategy)
    _check_drawn(what, text, isinstance(text, str), "str")
    return text


# --------------------------------------------------------------------------
# Default strategies. Each shrinks towards the simplest, most readable value.

#: Ids like those of :func:`initiatives` (``s0``, ``s1``, ...), or short text.
_IDS = st.integers(0, 20).map("s{}".format) | st.text(min_size=1, max_size=8)
_TEXT = st.text(max_size=8)
_NAMES: st.SearchStrategy[str | None] = st.none() | _TEXT
_DESCRIPTIONS = st.just("") | _TEXT
#: Links and group labels: free, non-empty labels.
_LABELS = st.text(min_size=1, max_size=8)
#: A stakeholder's size: mostly 1, sometimes a crowd.
_SIZES = st.just(1) | st.integers(1, _MAX_SIZE)
_COSTS = st.floats(0, _MAX_AMOUNT)
_AMOUNTS = st.floats(-_MAX_AMOUNT, _MAX_AMOUNT)
_POSITIVE = st.floats(0, _MAX_AMOUNT, exclude_min=True)
#: How far a range reaches below and above its estimate, or no range.
_WIDTHS: st.SearchStrategy[tuple[float, float] | None] = st.none() | st.tuples(
    st.floats(0, _MAX_AMOUNT), st.floats(0, _MAX_AMOUNT)
)
#: ValueKind.OTHER first, so that values shrink to the default kind.
_VALUE_KINDS = (ValueKind.OTHER, *(k for k in ValueKind if k is not ValueKind.OTHER))
_ORGANIZATION_ROLES = tuple(r for r in Role if r.is_organization)
_ROLES = tuple(Role)
_RESOURCES = tuple(Resource)
#: What an exchange pays with: capital (money) first, so that exchanges shrink to payments.
_DEAL_RESOURCES = (Resource.CAPITAL, *(r for r in Resource if r is not Resource.CAPITAL))
_GOALS = (None, Goal.NEW_OFFERING, Goal.SPECIFIC_OUTCOME)
_PROCESSES = (None, Process.ITERATIVE, Process.STRUCTURED)
#: The order in which ``kind=None`` tries kinds while shrinking: simplest first.
_KIND_ORDER = (
    Kind.UNCLASSIFIED,
    Kind.COLLABORATION,
    Kind.CUSTOMER_FOCUSED_INNOVATION,
    Kind.CO_CREATION,
)


#: How many others a value may require, at most, as bits of a drawn number.
_REQUIRES_BITS = 3
#: Which others a value requires, as bits; shrinks to none.
_REQUIRES = st.integers(0, 2**_REQUIRES_BITS - 1)


@functools.lru_cache(maxsize=256)
def _below(count: int) -> st.SearchStrategy[int]:
    """Integers from 0 to ``count - 1``, shrinking to 0; cached, since drawing is hot."""
    return st.integers(0, count - 1)


def _digits(draw: st.DrawFn, *sizes: int) -> list[int]:
    """Draw several small numbers, each below its size, with one choice.

    Every choice costs Hypothesis time, so small decisions share one, as the
    digits of one number: all shrink to 0, the first (most significant)
    first.
    """
    total = math.prod(sizes)
    number = draw(_below(total)) if total > 1 else 0
    digits = []
    for size in reversed(sizes):
        number, digit = divmod(number, size)
        digits.append(digit)
    return digits[::-1]


def _bounds(
    estimate: float, widths: tuple[float, float] | None, *, floor: float | None = None
) -> dict[str, Any]:
    """The ``low`` and ``high`` of a range around ``estimate``, or none.

    A bound that would not be finite is the estimate itself; ``floor``
    (0 for a cost) is the lowest ``low`` can be.
    """
    if widths is None:
        return {}
    below, above = widths
    low, high = estimate - below, estimate + above
    low = low if math.isfinite(low) else estimate
    return {
        "low": low if floor is None else max(floor, low),
        "high": high if math.isfinite(high) else estimate,
    }


# --------------------------------------------------------------------------
# Stakeholders, contributions and values on their own.


def stakeholders(
    *,
    ids: st.SearchStrategy[str] | None = None,
    roles: st.SearchStrategy[Role] | None = None,
    names: st.SearchStrategy[str | None] | None = None,
    sizes: st.SearchStrategy[int] | None = None,
    groups: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Stakeholder]:
    """Return a strategy for valid :class:`~cocreate.Stakeholder` objects.

    The ``organization`` and ``customer_of`` fields are drawn from ``ids``
    too (never the stakeholder's own id). A stakeholder on its own only has
    to be a valid object: use :func:`initiatives` for stakeholders whose
    references resolve within an initiative, and whose groups follow the
    rules for crowds.

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
    sizes
        Whole numbers >= 1 for ``size``, how many the stakeholder stands
        for; ``1`` or a number up to 10000 by default.
    groups
        Group labels, or ``None`` for no group; ``None`` or a label drawn
        like ``ids`` by default. A label equal to the stakeholder's own id
        becomes ``None``.

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
    >>> from hypothesis import HealthCheck, given, settings, strategies as st
    >>> from cocreate import Role
    >>> quick = settings(
    ...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    ... )
    >>> @quick
    ... @given(stakeholders(roles=st.just(Role.EMPLOYEE)))
    ... def test_a_stakeholder_never_belongs_to_itself(person):
    ...     assert person.role is Role.EMPLOYEE
    ...     assert person.organization != person.id
    >>> test_a_stakeholder_never_belongs_to_itself()
    """
    arguments = {"ids": ids, "roles": roles, "names": names, "sizes": sizes, "groups": groups}
    for name, value in arguments.items():
        _check_strategy(name, value)
    return _stakeholders(
        _default(ids, _IDS),
        _default(roles, st.sampled_from(_ROLES)),
        _default(names, _NAMES),
        _default(sizes, _SIZES),
        _default(groups, st.none() | _default(ids, _IDS)),
    )


@st.composite
def _stakeholders(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    roles: st.SearchStrategy[Role],
    names: st.SearchStrategy[str | None],
    sizes: st.SearchStrategy[int],
    groups: st.SearchStrategy[str | None],
) -> Stakeholder:
    key = _id("ids", draw(ids))
    role = draw(roles)
    _check_drawn("roles", role, isinstance(role, Role), "Role members")
    name = _text_or_none("names", draw(names))
    organization = draw(st.none() | ids)
    customer_of = draw(st.frozensets(ids, max_size=_MAX_CUSTOMER_OF))
    size = draw(sizes)
    _check_drawn(
        "sizes",
        size,
        isinstance(size, int) and not isinstance(size, bool) and size >= 1,
        "whole numbers >= 1",
    )
    group = _text_or_none("groups", draw(groups))
    return Stakeholder(
        key,
        role,
        name=name or "",
        organization=None
        if organization is None or organization == key
        else _id("ids", organization),
        customer_of={_id("ids", org) for org in customer_of if org != key},
        size=size,
        group=None if group == key else _label("groups", group),
    )


def contributions(
    *,
    sources: st.SearchStrategy[str] | None = None,
    resources: st.SearchStrategy[Resource] | None = None,
    targets: st.SearchStrategy[str | None] | None = None,
    costs: st.SearchStrategy[float] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
    ranges: bool = False,
    exchanges: st.SearchStrategy[bool] | None = None,
    links: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Contribution]:
    """Return a strategy for valid :class:`~cocreate.Contribution` objects.

    A drawn target equal to the drawn source becomes ``None`` (the
    initiative), since no stakeholder contributes to itself. Some are
    exchanges (``exchange=True``: a payment, a vendor's paid service), and
    some carry a ``link``.

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
    ranges
        Whether a contribution may carry a range (``low``, ``high``) around
        its cost, with ``0 <= low <= cost <= high``; off by default.
    exchanges
        Booleans for ``exchange``; either by default, shrinking to
        ``False`` (an input).
    links
        Link labels, or ``None`` for no link; ``None`` or short text by
        default.

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
    >>> from hypothesis import HealthCheck, given, settings
    >>> quick = settings(
    ...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    ... )
    >>> @quick
    ... @given(contributions(ranges=True))
    ... def test_a_range_holds_the_cost(gift):
    ...     assert gift.low is None or 0 <= gift.low <= gift.cost <= gift.high
    >>> test_a_range_holds_the_cost()
    """
    arguments = {
        "sources": sources,
        "resources": resources,
        "targets": targets,
        "costs": costs,
        "descriptions": descriptions,
        "exchanges": exchanges,
        "links": links,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    return _contributions(
        _default(sources, _IDS),
        _default(resources, st.sampled_from(_RESOURCES)),
        _default(targets, st.none() | _default(sources, _IDS)),
        _default(costs, _COSTS),
        _default(descriptions, _DESCRIPTIONS),
        _WIDTHS if ranges else st.none(),
        _default(exchanges, st.booleans()),
        _default(links, st.none() | _LABELS),
    )


@st.composite
def _contributions(
    draw: st.DrawFn,
    sources: st.SearchStrategy[str],
    resources: st.SearchStrategy[Resource],
    targets: st.SearchStrategy[str | None],
    costs: st.SearchStrategy[float],
    descriptions: st.SearchStrategy[str],
    widths: st.SearchStrategy[tuple[float, float] | None],
    exchanges: st.SearchStrategy[bool],
    links: st.SearchStrategy[str | None],
) -> Contribution:
    source = _id("sources", draw(sources))
    resource = draw(resources)
    _check_drawn("resources", resource, isinstance(resource, Resource), "Resource members")
    target = draw(targets)
    if target is not None:
        target = _id("targets", target)
    cost = _finite("costs", draw(costs), non_negative=True)
    description = _text(draw, descriptions, "descriptions")
    bounds = _bounds(cost, draw(widths), floor=0.0)
    exchange = draw(exchanges)
    _check_drawn("exchanges", exchange, isinstance(exchange, bool), "True or False")
    return Contribution(
        source,
        resource,
        target=None if target == source else target,
        cost=cost,
        description=description,
        exchange=exchange,
        link=_label("links", _text_or_none("links", draw(links))),
        **bounds,
    )


def values(
    *,
    beneficiaries: st.SearchStrategy[str] | None = None,
    amounts: st.SearchStrategy[float] | None = None,
    providers: st.SearchStrategy[str | None] | None = None,
    kinds: st.SearchStrategy[ValueKind] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
    ranges: bool = False,
    links: st.SearchStrategy[str | None] | None = None,
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
    ranges
        Whether a value may carry a range (``low``, ``high``) around its
        amount, with ``low <= amount <= high``; off by default.
    links
        Link labels, or ``None`` for no link; ``None`` or short text by
        default.

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
    >>> import math
    >>> from hypothesis import HealthCheck, given, settings
    >>> quick = settings(
    ...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    ... )
    >>> @quick
    ... @given(values(ranges=True))
    ... def test_amounts_are_finite_and_in_their_range(value):
    ...     assert math.isfinite(value.amount)
    ...     assert value.low is None or value.low <= value.amount <= value.high
    >>> test_amounts_are_finite_and_in_their_range()
    """
    arguments = {
        "beneficiaries": beneficiaries,
        "amounts": amounts,
        "providers": providers,
        "kinds": kinds,
        "descriptions": descriptions,
        "links": links,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    return _values(
        _default(beneficiaries, _IDS),
        _default(amounts, _AMOUNTS),
        _default(providers, st.none() | _default(beneficiaries, _IDS)),
        _default(kinds, st.sampled_from(_VALUE_KINDS)),
        _default(descriptions, _DESCRIPTIONS),
        _WIDTHS if ranges else st.none(),
        _default(links, st.none() | _LABELS),
    )


@st.composite
def _values(
    draw: st.DrawFn,
    beneficiaries: st.SearchStrategy[str],
    amounts: st.SearchStrategy[float],
    providers: st.SearchStrategy[str | None],
    kinds: st.SearchStrategy[ValueKind],
    descriptions: st.SearchStrategy[str],
    widths: st.SearchStrategy[tuple[float, float] | None],
    links: st.SearchStrategy[str | None],
) -> Value:
    beneficiary = _id("beneficiaries", draw(beneficiaries))
    amount = _finite("amounts", draw(amounts))
    provider = draw(providers)
    if provider is not None:
        provider = _id("providers", provider)
    kind = draw(kinds)
    _check_drawn("kinds", kind, isinstance(kind, ValueKind), "ValueKind members")
    description = _text(draw, descriptions, "descriptions")
    bounds = _bounds(amount, draw(widths))
    return Value(
        beneficiary,
        amount,
        provider=provider,
        kind=kind,
        description=description,
        link=_label("links", _text_or_none("links", draw(links))),
        **bounds,
    )


def rules(
    *,
    win_thresholds: st.SearchStrategy[float] | None = None,
    voice_resources: st.SearchStrategy[frozenset[Resource]] | None = None,
    min_contributors: st.SearchStrategy[int] | None = None,
    groups: st.SearchStrategy[str] | None = None,
    customers_co_create: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Rules]:
    """Return a strategy for :class:`~cocreate.Rules`, shrinking to the default rules.

    By default it draws rules under which every kind can be drawn (there is
    a voice resource and a substantive one), so that
    ``initiatives(kind=..., rules=rules())`` never meets rules it cannot
    honour, unless ``max_stakeholders`` is below ``min_contributors``. Crowds
    are judged together or each segment apart, and customers may co-create
    or not, as drawn; pass ``st.just(...)`` to hold either at its default.

    Parameters
    ----------
    win_thresholds
        Finite floats; ``0.0`` or a float between -100 and 100 by default.
    voice_resources
        Sets of :class:`~cocreate.Resource`; the default voice resources or
        any set that leaves out some resources but not all by default.
    min_contributors
        Whole numbers >= 1; ``2`` or a number from 1 to 4 by default.
    groups
        ``"together"`` or ``"each"``; either by default, shrinking to
        ``"together"`` (the default of :class:`~cocreate.Rules`).
    customers_co_create
        Booleans; either by default, shrinking to ``False``.

    Returns
    -------
    SearchStrategy[Rules]

    Raises
    ------
    StrategyArgumentError
        If an argument is not a strategy.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> quick = settings(
    ...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    ... )
    >>> @quick
    ... @given(rules())
    ... def test_drawn_rules_have_voice_and_substantive_resources(drawn):
    ...     assert 0 < len(drawn.voice_resources) < len(Resource)
    >>> test_drawn_rules_have_voice_and_substantive_resources()
    """
    arguments = {
        "win_thresholds": win_thresholds,
        "voice_resources": voice_resources,
        "min_contributors": min_contributors,
        "groups": groups,
        "customers_co_create": customers_co_create,
    }
    for name, value in arguments.items():
        _check_strategy(name, value)
    some = st.frozensets(st.sampled_from(_RESOURCES), min_size=1, max_size=len(_RESOURCES) - 1)
    return st.builds(
        Rules,
        win_threshold=_default(win_thresholds, st.just(0.0) | st.floats(-100, 100)),
        voice_resources=_default(voice_resources, st.just(Rules().voice_resources) | some),
        min_contributors=_default(min_contributors, st.just(2) | st.integers(1, 4)),
        groups=_default(groups, st.sampled_from(_GROUPINGS)),
        customers_co_create=_default(customers_co_create, st.booleans()),
    )


# --------------------------------------------------------------------------
# What the rules say about a structure. This is the only place the strategy
# learns which kinds can hold: everything is asked of Facts and decide.

_CHECKS_OF: dict[Kind, tuple[Check, ...]] = dict(KIND_CHECKS)


class _Reading:
    """What the rules find in one structure.

    The checks that do not depend on who wins, and the stakeholders each
    win check is about.
    """

    def __init__(self, initiative: Initiative, kind: Kind, rules: Rules) -> None:
        facts = Facts(initiative, rules)
        self.structure = facts.structure()
        self.groups = facts.groups()
        #: Who must win for ``kind``: the groups of its win checks.
        self.must = frozenset(
            member for check in _CHECKS_OF.get(kind, ()) for member in self.groups.get(check, ())
        )
        #: Everyone some win check is about, by id.
        self.judged = sorted({member for group in self.groups.values() for member in group})

    def kind_if(self, winners: Collection[str]) -> Kind:
        """The kind the rules decide when exactly ``winners`` win.

        A win check is about a group (``Facts.groups``) and holds when the
        whole group wins.
        """
        verdicts = dict(self.structure)
        for check, group in self.groups.items():
            verdicts[check] = all(member in winners for member in group)
        return decide(verdicts)


class _Judge:
    """Asks the rules whether a structure can be of one kind."""

    def __init__(self, kind: Kind, rules: Rules) -> None:
        self.kind = kind
        self.rules = rules

    def read(self, initiative: Initiative) -> _Reading:
        return _Reading(initiative, self.kind, self.rules)

    def fits(self, draft: _Draft) -> bool:
        """Whether some choice of winners makes the structure of the kind.

        Winning only helps a check hold, so the kind is reachable exactly
        when it results from the fewest winners it needs.
        """
        reading = self.read(draft.build())
        return reading.kind_if(reading.must) is self.kind


# --------------------------------------------------------------------------
# Initiatives, grown from a small shape, each step checked with the rules.

#: One stakeholder of a starting shape: its role, and the resource it gives, if any.
_Slot = tuple[Role, Resource | None]


class _Gift(NamedTuple):
    """A contribution as drawn; ``target`` is a pick of another stakeholder.

    ``linked``: the target values it at its cost, one linked quantity.
    """

    resource: Resource
    target: int
    cost: float
    description: str
    widths: tuple[float, float] | None
    linked: bool


class _Deal(NamedTuple):
    """An exchange as drawn: a payment between the stakeholder and another (a pick).

    ``sells``: the other pays this stakeholder, rather than this one the
    other. ``linked``: the payee gets what the payer pays, one linked
    quantity (:func:`cocreate.transfer`); else the payer's cost alone.
    """

    sells: bool
    other: int
    resource: Resource
    cost: float
    description: str
    widths: tuple[float, float] | None
    linked: bool


class _Got(NamedTuple):
    """A value as drawn; ``provider`` is a pick of another stakeholder."""

    amount: float
    provider: int
    kind: ValueKind
    description: str
    widths: tuple[float, float] | None
    #: The others it requires, as bits over the other stakeholders (wrapping
    #: around); ignored on a loss.
    requires: int = 0


class _Block(NamedTuple):
    """One stakeholder as drawn, with what it gives and gets."""

    role: Role
    member: int
    customer_mask: int
    name: str | None
    gifts: tuple[_Gift, ...]
    got: tuple[_Got, ...]
    size: int
    crowd: int
    deals: tuple[_Deal, ...]


class _Draft(NamedTuple):
    """An initiative being grown: everything but its values."""

    name: str
    focal: str
    people: tuple[Stakeholder, ...]
    gifts: tuple[Contribution, ...] = ()
    goal: Goal | None = None
    process: Process | None = None
    #: The values linked to contributions (a transfer's receiving side).
    linked: tuple[Value, ...] = ()

    def build(self, got: Sequence[Value] = ()) -> Initiative:
        return Initiative(
            self.name,
            self.focal,
            self.people,
            self.gifts,
            (*self.linked, *got),
            goal=self.goal,
            process=self.process,
        )

    def link(self) -> str:
        """A link name no item of the draft has yet: one per linked value."""
        return f"link {len(self.linked)}"


#: A change to a draft; it returns the draft itself when it changes nothing.
_Edit: TypeAlias = "Callable[[_Draft], _Draft]"


def _pick(choices: Sequence[_T], pick: int) -> _T | None:
    """Turn a drawn pick into one of ``choices``: 0 is ``None``, others wrap around.

    Wrapping keeps a pick valid whatever the number of choices, so dropping
    a stakeholder while shrinking leaves the other picks meaningful.
    """
    if pick == 0 or not choices:
        return None
    return choices[(pick - 1) % len(choices)]


def _rotated(items: Sequence[_T], turn: int) -> tuple[_T, ...]:
    """Rotate ``items`` by ``turn``: one choice, unlike a permutation; 0 leaves them."""
    if not items:
        return ()
    turn %= len(items)
    return (*items[turn:], *items[:turn])


#: What a starting shape cannot do without, said for the size errors.
_NEEDS = {
    Kind.CO_CREATION: "the focal organization, a co-creator and a customer",
    Kind.CUSTOMER_FOCUSED_INNOVATION: "the focal organization and a customer",
    Kind.COLLABORATION: "rules.min_contributors distinct contributors",
    Kind.UNCLASSIFIED: "the focal organization",
}


def _slots(kind: Kind, rules: Rules) -> tuple[_Slot, ...] | str:
    """The shape a kind is grown from (a guess the rules check), or why there is none."""
    if kind is Kind.CO_CREATION:
        substantive = [r for r in _RESOURCES if not rules.is_voice(r)]
        if not substantive:
            return (
                "co-creation needs a substantive resource, but the rules count every "
                "resource as voice; leave at least one resource out of rules.voice_resources"
            )
        return ((Role.FIRM, None), (Role.FIRM, substantive[0]), (Role.CUSTOMER, None))
    if kind is Kind.CUSTOMER_FOCUSED_INNOVATION:
        voice = [r for r in _RESOURCES if rules.is_voice(r)]
        if not voice:
            return (
                "customer-focused innovation needs a voice resource for customers to give, "
                "but rules.voice_resources is empty; give at least one voice resource"
            )
        return ((Role.FIRM, None), (Role.CUSTOMER, voice[0]))
    if kind is Kind.COLLABORATION:
        others = ((Role.PARTNER, Resource.LABOR),) * (rules.min_contributors - 1)
        return ((Role.FIRM, Resource.LABOR), *others)
    return ((Role.FIRM, None),)


def _opening(
    slots: Sequence[_Slot], ids: Sequence[str], names: Sequence[str | None], description: str = ""
) -> _Draft:
    """The starting shape as a draft, with the first ids and display names."""
    ids, names = ids[: len(slots)], names[: len(slots)]
    people = tuple(
        Stakeholder(key, role, name=name or "")
        for key, (role, _), name in zip(ids, slots, names, strict=True)
    )
    gifts = tuple(
        Contribution(key, resource, description=description)
        for key, (_, resource) in zip(ids, slots, strict=True)
        if resource is not None
    )
    return _Draft("", ids[0], people, gifts)


class _Option(NamedTuple):
    """How to draw one kind: its starting shape and how many stakeholders."""

    slots: tuple[_Slot, ...]
    low: int
    high: int


@functools.lru_cache(maxsize=256)
def _option(
    kind: Kind, rules: Rules, min_stakeholders: int, max_stakeholders: int | None
) -> _Option | str:
    """How to draw ``kind`` under ``rules``, or why it cannot be drawn."""
    slots = _slots(kind, rules)
    if isinstance(slots, str):
        return slots
    fewest = len(slots)
    if max_stakeholders is not None and max_stakeholders < fewest:
        return (
            f"max_stakeholders={max_stakeholders}, but {kind.label} needs at least "
            f"{fewest} stakeholders ({_NEEDS[kind]}); give max_stakeholders >= {fewest}"
        )
    opening = _opening(slots, [f"s{i}" for i in range(fewest)], [None] * fewest)
    if not _Judge(kind, rules).fits(opening):  # pragma: no cover - the shapes are chosen to fit
        return f"{kind.label} does not hold on any initiative the strategy draws under {rules!r}"
    low = max(min_stakeholders, fewest)
    high = low + _EXTRA_STAKEHOLDERS if max_stakeholders is None else max_stakeholders
    return _Option(slots, low, high)


def _threshold_problem(rules: Rules) -> str | None:
    if abs(rules.win_threshold) <= _MAX_THRESHOLD:
        return None
    return (
        f"rules.win_threshold={rules.win_threshold!r} is too large to build winners and "
        f"losers around; give a threshold between -{_MAX_THRESHOLD} and {_MAX_THRESHOLD}"
    )


class _Plan:
    """The checked arguments of :func:`initiatives`, and the strategies they make."""

    def __init__(
        self,
        kind: Kind | None,
        rules: Rules | st.SearchStrategy[Rules],
        sizes: tuple[int, int | None],
        ids: st.SearchStrategy[str] | None,
        names: st.SearchStrategy[str] | None,
        descriptions: st.SearchStrategy[str] | None,
        *,
        ranges: bool,
    ) -> None:
        self.kind = kind
        self.rules = rules
        self.sizes = sizes
        self.ids = ids
        # Text is drawn only when asked for: each drawn character costs time.
        self.names = names
        self.stakeholder_names = None if names is None else st.none() | names
        self.descriptions = descriptions
        self.ranges = ranges
        self.block = _blocks(self)
        if isinstance(rules, Rules):
            self.kinds(rules, drawn=False)

    def draw_rules(self, draw: st.DrawFn) -> Rules:
        if isinstance(self.rules, Rules):
            return self.rules
        drawn = draw(self.rules)
        _check_drawn("rules", drawn, isinstance(drawn, Rules), "cocreate.Rules objects")
        return drawn

    def kinds(self, rules: Rules, *, drawn: bool) -> dict[Kind, _Option]:
        """The kinds that can be drawn under ``rules``; a forced kind that cannot is an error."""
        problem = _threshold_problem(rules)
        options = {k: _option(k, rules, *self.sizes) for k in _KIND_ORDER}
        if problem is None and self.kind is not None:
            option = options[self.kind]
            problem = option if isinstance(option, str) else None
        if problem is not None:
            if drawn:
                problem = f"the rules strategy drew {rules!r}, but {problem}"
            raise StrategyArgumentError(problem)
        return {k: option for k, option in options.items() if not isinstance(option, str)}

    def draw_ids(self, draw: st.DrawFn, count: int) -> list[str]:
        if self.ids is None:
            return [f"s{i}" for i in range(count)]
        drawn = draw(st.lists(self.ids, min_size=count, max_size=count, unique=True))
        return [_id("ids", key) for key in drawn]


def _widths(draw: st.DrawFn, plan: _Plan) -> tuple[float, float] | None:
    return draw(_WIDTHS) if plan.ranges else None


def _gift(draw: st.DrawFn, plan: _Plan) -> _Gift:
    # The resource has a choice of its own: as a digit of a larger number it
    # would follow that number's bias towards small and special values.
    target, resource = draw(_below(_PICKS + 1)), draw(_below(len(_RESOURCES)))
    cost = draw(_COSTS)
    description = _text(draw, plan.descriptions, "descriptions")
    # One gift in four is valued by its target at its cost, linked.
    linked = draw(_below(4)) == 3
    return _Gift(_RESOURCES[resource], target, cost, description, _widths(draw, plan), linked)


def _deal(draw: st.DrawFn, plan: _Plan) -> _Deal:
    sells, linked, other = _digits(draw, 2, 2, _PICKS + 1)
    resource = draw(_below(len(_DEAL_RESOURCES)))
    cost = draw(_COSTS)
    description = _text(draw, plan.descriptions, "descriptions")
    return _Deal(
        bool(sells),
        other,
        _DEAL_RESOURCES[resource],
        cost,
        description,
        _widths(draw, plan),
        bool(linked),
    )


def _got(draw: st.DrawFn, plan: _Plan, amount: float | None = None) -> _Got:
    """Draw a value; its amount too, unless given."""
    provider, kind = _digits(draw, _PICKS + 1, len(_VALUE_KINDS))
    if amount is None:
        amount = draw(_AMOUNTS)
    description = _text(draw, plan.descriptions, "descriptions")
    widths = _widths(draw, plan)
    return _Got(amount, provider, _VALUE_KINDS[kind], description, widths, draw(_REQUIRES))


def _blocks(plan: _Plan) -> st.SearchStrategy[_Block]:
    @st.composite
    def block(draw: st.DrawFn) -> _Block:
        # One choice for five numbers; the mask only matters for a customer.
        got, gifts, role, member, mask = _digits(
            draw, 3, 3, len(_ROLES), _PICKS + 1, 2**_MAX_CUSTOMER_OF
        )
        # And one for the exchanges, the size and the crowd: most stakeholders
        # stand for one and are in no crowd; 3 in 8 join a crowd (a pick).
        deals, many, crowd = _digits(draw, 3, 2, 8)
        size = draw(st.integers(2, _MAX_SIZE)) if many else 1
        name = None
        if plan.stakeholder_names is not None:
            name = _text_or_none("names", draw(plan.stakeholder_names))
        return _Block(
            _ROLES[role],
            member,
            mask if _ROLES[role] is Role.CUSTOMER else 0,
            name,
            tuple(_gift(draw, plan) for _ in range(gifts)),
            tuple(_got(draw, plan) for _ in range(got)),
            size,
            max(0, crowd - 4),
            tuple(_deal(draw, plan) for _ in range(deals)),
        )

    return block()


def _grow(draft: _Draft, edits: Sequence[_Edit], fits: Callable[[_Draft], bool]) -> _Draft:
    """Apply the edits in order, keeping each only while the kind can still hold.

    All at once first, since usually they all fit; one at a time if not.
    """
    whole = functools.reduce(lambda grown, edit: edit(grown), edits, draft)
    if whole is draft or fits(whole):
        return whole
    for edit in edits:
        grown = edit(draft)
        if grown is not draft and fits(grown):
            draft = grown
    return draft


def _setting(**changes: Any) -> _Edit:
    return lambda draft: draft._replace(**changes)


def _focal_role(role: Role) -> _Edit:
    def edit(draft: _Draft) -> _Draft:
        people = tuple(
            Stakeholder(p.id, role, name=p.name) if p.id == draft.focal else p for p in draft.people
        )
        return draft._replace(people=people)

    return edit


def _newcomer(key: str, block: _Block, taken: Collection[str]) -> _Edit:
    """Add a stakeholder, perhaps a member or customer of the organizations already there.

    It may stand for many (``size``), and be a segment of a crowd: with
    another stakeholder (a pick, never the focal organization), whose crowd
    it joins or starts. A crowd is wholly inside the focal organization or
    wholly outside, so the newcomer then belongs where the other does. A
    new crowd's label is none of the ids ``taken``.
    """

    def edit(draft: _Draft) -> _Draft:
        organizations = [p.id for p in draft.people if p.is_organization]
        customer_of = {
            org
            for bit, org in enumerate(organizations[:_MAX_CUSTOMER_OF])
            if block.customer_mask >> bit & 1
        }
        organization = _pick(organizations, block.member)
        people = draft.people
        others = [p for p in people if p.id != draft.focal]
        mate = _pick(others, block.crowd)
        group = None
        if mate is not None:
            group = mate.group or _crowd_label(people, taken)
            inside = mate.organization == draft.focal
            if (organization == draft.focal) != inside:
                organization = mate.organization
            if mate.group is None:
                joined = attrs.evolve(mate, group=group)
                people = tuple(joined if p.id == mate.id else p for p in people)
        person = Stakeholder(
            key,
            block.role,
            name=block.name or "",
            organization=organization,
            customer_of=customer_of,
            size=block.size,
            group=group,
        )
        return draft._replace(people=(*people, person))

    return edit


def _crowd_label(people: Sequence[Stakeholder], taken: Collection[str]) -> str:
    """A label for a new crowd: ``crowd 0``, ``crowd 1``, ..., none of the ids ``taken``."""
    count = len({p.group for p in people if p.group is not None})
    label = f"crowd {count}"
    while label in taken:  # only with ids of the caller's: mark it as theirs
        label += "'"
    return label


def _contribution(source: str, gift: _Gift) -> _Edit:
    """Add a contribution of ``source``'s, if ``source`` made it into the draft.

    A linked gift to a stakeholder comes with a value of the same amount
    and range for its target, sharing a link.
    """

    def edit(draft: _Draft) -> _Draft:
        ids = [p.id for p in draft.people]
        if source not in ids:  # pragma: no cover - only if the rules refused the stakeholder
            return draft
        target = _pick([i for i in ids if i != source], gift.target)
        bounds = _bounds(gift.cost, gift.widths, floor=0.0)
        link = draft.link() if gift.linked and target is not None else None
        contribution = Contribution(
            source,
            gift.resource,
            target=target,
            cost=gift.cost,
            description=gift.description,
            link=link,
            **bounds,
        )
        linked = draft.linked
        if link is not None and target is not None:
            valued = Value(
                target,
                gift.cost,
                provider=source,
                description=gift.description,
                link=link,
                **bounds,
            )
            linked = (*linked, valued)
        return draft._replace(gifts=(*draft.gifts, contribution), linked=linked)

    return edit


def _exchange(key: str, deal: _Deal) -> _Edit:
    """Add an exchange between ``key`` and another stakeholder, if ``key`` is in the draft.

    Exchanges count in net values only, so they never change who
    contributes; the rules still check each one.
    """

    def edit(draft: _Draft) -> _Draft:
        ids = [p.id for p in draft.people]
        if key not in ids:  # pragma: no cover - only if the rules refused the stakeholder
            return draft
        other = _pick([i for i in ids if i != key], deal.other)
        payer, payee = (other, key) if deal.sells and other is not None else (key, other)
        bounds = _bounds(deal.cost, deal.widths, floor=0.0)
        if deal.linked and payee is not None:
            paid, got = transfer(
                payer,
                payee,
                deal.resource,
                deal.cost,
                link=draft.link(),
                description=deal.description,
                **bounds,
            )
            return draft._replace(gifts=(*draft.gifts, paid), linked=(*draft.linked, got))
        paid = Contribution(
            payer,
            deal.resource,
            target=payee,
            cost=deal.cost,
            description=deal.description,
            exchange=True,
            **bounds,
        )
        return draft._replace(gifts=(*draft.gifts, paid))

    return edit


def _shape_edits(
    choices: Sequence[int], ids: Sequence[str], blocks: Sequence[_Block], opening: int
) -> list[_Edit]:
    """The goal, the process, the focal role and the stakeholders beyond the opening."""
    goal = _GOALS[choices[0]]
    process = _PROCESSES[choices[1]]
    role = _ORGANIZATION_ROLES[choices[2]]
    edits: list[_Edit] = []
    if goal is not None:
        edits.append(_setting(goal=goal))
    if process is not None:
        edits.append(_setting(process=process))
    if role is not Role.FIRM:
        edits.append(_focal_role(role))
    taken = frozenset(ids)
    edits.extend(
        _newcomer(key, block, taken)
        for key, block in zip(ids[opening:], blocks[opening:], strict=True)
    )
    return edits


def _structure(
    draw: st.DrawFn, plan: _Plan, judge: _Judge, option: _Option
) -> tuple[_Draft, dict[str, tuple[_Got, ...]]]:
    """Draw the stakeholders and contributions of an initiative the kind can hold on.

    Returns the draft, and the values drawn for each stakeholder.
    """
    blocks = draw(st.lists(plan.block, min_size=option.low, max_size=option.high))
    ids = plan.draw_ids(draw, len(blocks))
    description = _text(draw, plan.descriptions, "descriptions")
    draft = _opening(option.slots, ids, [block.name for block in blocks], description)
    draft = draft._replace(name=_text(draw, plan.names, "names"))
    if not judge.fits(draft):  # pragma: no cover - the rules read neither ids nor names
        msg = f"{judge.kind.label} does not hold on {draft.build()!r} under {judge.rules!r}"
        raise StrategyArgumentError(msg)
    *shape, people_turn, gifts_turn = _digits(
        draw, len(_GOALS), len(_PROCESSES), len(_ORGANIZATION_ROLES), 8, 8
    )
    draft = _grow(draft, _shape_edits(shape, ids, blocks, len(option.slots)), judge.fits)
    pairs = list(zip(ids, blocks, strict=True))
    draft = _grow(draft, [_contribution(k, g) for k, b in pairs for g in b.gifts], judge.fits)
    draft = _grow(draft, [_exchange(k, d) for k, b in pairs for d in b.deals], judge.fits)
    draft = draft._replace(
        people=_rotated(draft.people, people_turn), gifts=_rotated(draft.gifts, gifts_turn)
    )
    return draft, {key: block.got for key, block in pairs}


@st.composite
def _initiatives(draw: st.DrawFn, plan: _Plan) -> Initiative:
    rules = plan.draw_rules(draw)
    options = plan.kinds(rules, drawn=not isinstance(plan.rules, Rules))
    kinds = tuple(options)
    kind = plan.kind if plan.kind is not None else kinds[_digits(draw, len(kinds))[0]]
    judge = _Judge(kind, rules)
    draft, got = _structure(draw, plan, judge, options[kind])
    return _settle(draw, plan, judge, draft, got)


# --------------------------------------------------------------------------
# Values: drawn freely, then balanced so the judged win or lose as drawn.


def _winners(draw: st.DrawFn, reading: _Reading, kind: Kind) -> set[str]:
    """Draw who wins: those the kind needs, and others drawn, so that the rules give the kind.

    Drawn winners become losers, in a drawn order, while a stronger kind
    would hold; with only the winners the kind needs, the kind holds.
    """
    hopefuls = [key for key in reading.judged if key not in reading.must]
    mask, turn = _digits(draw, 2 ** len(hopefuls), max(1, len(hopefuls)))
    lucky = [key for bit, key in enumerate(hopefuls) if mask >> bit & 1]
    winners = set(reading.must) | set(lucky)
    for key in _rotated(lucky, turn):
        if reading.kind_if(winners) is kind:
            break
        winners.discard(key)
    return winners


def _value(key: str, got: _Got, ids: Sequence[str]) -> Value:
    bounds = _bounds(got.amount, got.widths)
    others = [i for i in ids if i != key]
    gain = got.amount >= 0 and (bounds.get("low") is None or bounds["low"] >= 0)
    requires = (
        {others[bit % len(others)] for bit in range(_REQUIRES_BITS) if got.requires >> bit & 1}
        if gain and others
        else set()
    )
    return Value(
        key,
        got.amount,
        provider=_pick(others, got.provider),
        kind=got.kind,
        description=got.description,
        requires=requires,
        **bounds,
    )


def _aim(draw: st.DrawFn, way: int, threshold: float, *, win: bool) -> float:
    """A net value to aim at: one away from the threshold, at it, a float away, or further.

    One away, on the side the stakeholder must be on, is what failures
    shrink to. Balancing moves a net value that lands on the wrong side to
    the right one, so aiming at the threshold gives borderline winners and
    losers, whichever side the rules count the threshold itself on.
    """
    if way == 1:
        return threshold
    if way == 2:
        return math.nextafter(threshold, math.inf if win else -math.inf)
    distance = 1.0 if way == 0 else draw(_POSITIVE)
    return threshold + distance if win else threshold - distance


def _settle(
    draw: st.DrawFn,
    plan: _Plan,
    judge: _Judge,
    draft: _Draft,
    got: dict[str, tuple[_Got, ...]],
) -> Initiative:
    """Add the values drawn, and one more for each judged stakeholder that needs it.

    The judged stakeholders are those of the initiative as the rules judge
    it: with ``groups="together"``, a crowd is one, under its group's label,
    and its net value is the sum of its segments'. A crowd's extra value
    goes to one of its segments (a pick), which moves that sum as much.
    """
    reading = judge.read(draft.build())
    winners = _winners(draw, reading, judge.kind)
    ids = [p.id for p in draft.people]
    drawn = [_value(key, item, ids) for key in ids for item in got[key]]
    before = draft.build(drawn)
    judged = judge.rules.judged(before)
    segments = dict(before.groups) if judged is not before else {}
    extra: dict[str, tuple[str, _Got]] = {}
    for key in reading.judged:
        win = key in winners
        rebalance, way, pick = _digits(draw, 2, 4, _PICKS + 1)
        if not rebalance and wins(judged, key, rules=judge.rules) == win:
            continue  # what was drawn already wins (loses) as it must
        aim = _aim(draw, way, judge.rules.win_threshold, win=win)
        crowd = segments.get(key, (key,))
        beneficiary = crowd[pick % len(crowd)]
        extra[key] = (beneficiary, _got(draw, plan, aim - judged.accounts[key].net_value))
    return _balance(draft, drawn, extra, winners, judge.rules, _digits(draw, 8)[0])


def _balance(
    draft: _Draft,
    drawn: list[Value],
    extra: dict[str, tuple[str, _Got]],
    winners: Collection[str],
    rules: Rules,
    turn: int,
) -> Initiative:
    """Build the initiative, moving each extra value until its judged party wins (loses) as drawn.

    ``extra`` maps each judged party (a stakeholder, or a crowd's label) to
    the segment that gets its extra value, and the value. Rounding can
    leave a net value a float on the wrong side; the amount then moves
    towards the right side by at least one float and by a step that doubles
    each time. A net value grows with the amount, so this ends after a few
    steps, however far apart the magnitudes of the amounts are.
    """
    ids = [p.id for p in draft.people]
    steps = dict.fromkeys(extra, 0.0)
    while True:
        got = [*drawn, *(_value(whom, item, ids) for whom, item in extra.values())]
        initiative = draft.build(_rotated(got, turn))
        judged = rules.judged(initiative)
        wrong = [key for key in extra if wins(judged, key, rules=rules) != (key in winners)]
        if not wrong:
            return initiative
        for key in wrong:
            whom, item = extra[key]
            gap = abs(judged.accounts[key].net_value - rules.win_threshold)
            steps[key] = max(math.ulp(item.amount), 2 * steps[key], gap)
            moved = item.amount + steps[key] if key in winners else item.amount - steps[key]
            extra[key] = (whom, item._replace(amount=moved))


# --------------------------------------------------------------------------
# The public strategy.


def _check_kind(kind: object) -> Kind | None:
    if kind is None or isinstance(kind, Kind):
        return kind
    try:
        return Kind(kind)
    except ValueError:
        words = ", ".join(repr(w) for w in Kind.words())
        msg = f"kind must be a cocreate.Kind ({words}) or None, got {kind!r}"
        raise StrategyArgumentError(msg) from None


def _check_rules(rules: object) -> Rules | st.SearchStrategy[Rules]:
    if rules is None:
        return Rules()
    if isinstance(rules, Rules | st.SearchStrategy):
        return rules
    msg = (
        "rules must be a cocreate.Rules, a Hypothesis strategy of Rules, or None, "
        f"got {type(rules).__name__} {rules!r}"
    )
    raise StrategyArgumentError(msg)


def _check_sizes(min_stakeholders: object, max_stakeholders: object) -> tuple[int, int | None]:
    low = _check_count("min_stakeholders", min_stakeholders, 1)
    if max_stakeholders is None:
        return low, None
    high = _check_count("max_stakeholders", max_stakeholders, 1)
    if high < low:
        msg = (
            f"max_stakeholders={high} is less than min_stakeholders={low}; "
            "give max_stakeholders >= min_stakeholders"
        )
        raise StrategyArgumentError(msg)
    return low, high


def initiatives(
    *,
    kind: Kind | None = None,
    rules: Rules | st.SearchStrategy[Rules] | None = None,
    min_stakeholders: int = 1,
    max_stakeholders: int | None = None,
    ids: st.SearchStrategy[str] | None = None,
    names: st.SearchStrategy[str] | None = None,
    descriptions: st.SearchStrategy[str] | None = None,
    ranges: bool = False,
) -> st.SearchStrategy[Initiative]:
    """Return a strategy for valid :class:`~cocreate.Initiative` objects.

    With ``kind``, every initiative drawn classifies as that kind under
    ``rules``. It is built so, not filtered: the structure grows one drawn
    piece at a time, each kept only if the rules still let the kind hold,
    and the values are balanced so that the stakeholders the rules judge
    win or lose as the kind needs (see :mod:`cocreate.strategies`). Every
    shape the kind allows can come up: internal and external contributors,
    several firms, every role and resource, a goal and a process stated or
    not where the kind allows, and net values exactly at the win threshold
    or a hair above it. Without ``kind``, a kind is drawn first, so every
    kind the rules allow comes up often. Stakeholder ids are ``s0`` (the
    focal organization), ``s1``, ... unless ``ids`` is given.

    Beyond the contributions that make the kind, some are exchanges
    (``exchange=True``: a customer paying the focal firm, the focal firm
    paying a supplier), some of them both sides of a payment made with
    :func:`cocreate.transfer` (an exchange and a value sharing a ``link``,
    one amount and range), and some inputs are linked to the value their
    target gets. Some stakeholders stand for many (``size`` > 1) and some
    are segments of a crowd (``group``, labelled ``crowd 0``, ``crowd 1``,
    ...): never the focal organization, never a label that is an id, and
    all of a crowd's segments inside the focal organization or all outside.
    The kind holds under either ``groups`` and either
    ``customers_co_create`` of ``rules``: with crowds judged together, a
    crowd wins or loses on the sum of its segments' net values, so a
    segment may lose while its crowd wins.

    Parameters
    ----------
    kind
        The :class:`~cocreate.Kind` (or its word) every initiative drawn
        classifies as; ``None`` (the default) for any kind.
    rules
        The :class:`~cocreate.Rules` that ``kind`` holds under, or a
        strategy of them (such as :func:`rules`): each initiative is then
        of the kind under the rules drawn for it. The default rules by
        default. To know the rules drawn, pass the same
        ``st.shared(rules(), key=...)`` here and to your test: a shared
        strategy draws one value per test case (see the example).
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
        are also sometimes left to default to the id); the empty name and
        the ids by default.
    descriptions
        Descriptions of contributions and values; empty by default.
    ranges
        Whether costs and amounts may carry a range (``low``, ``high``)
        that holds the estimate (a cost's ``low`` is at least 0); off by
        default. The kind is the kind at the estimates.

    Returns
    -------
    SearchStrategy[Initiative]

    Raises
    ------
    StrategyArgumentError
        If no initiative can satisfy the arguments, for example
        ``max_stakeholders=2`` with ``kind=Kind.CO_CREATION``, or an argument
        has the wrong type; with a strategy of rules, when it draws rules
        under which the kind cannot be drawn (:func:`rules` draws none by
        default, as long as ``max_stakeholders`` allows ``min_contributors``).

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings, strategies as st
    >>> from cocreate import Kind, classify
    >>> shared = st.shared(rules(), key="rules")
    >>> quick = settings(
    ...     max_examples=20, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    ... )
    >>> @quick
    ... @given(initiatives(kind=Kind.COLLABORATION, rules=shared, ranges=True), shared)
    ... def test_the_kind_holds_under_the_rules_drawn(initiative, drawn):
    ...     assert classify(initiative, rules=drawn).kind is Kind.COLLABORATION
    >>> test_the_kind_holds_under_the_rules_drawn()
    """
    for name, value in (("ids", ids), ("names", names), ("descriptions", descriptions)):
        _check_strategy(name, value)
    if not isinstance(ranges, bool):
        msg = f"ranges must be True or False, got {type(ranges).__name__} {ranges!r}"
        raise StrategyArgumentError(msg)
    plan = _Plan(
        _check_kind(kind),
        _check_rules(rules),
        _check_sizes(min_stakeholders, max_stakeholders),
        ids,
        names,
        descriptions,
        ranges=ranges,
    )
    return _initiatives(plan)
