"""The fast machinery, in one place: generated builders, sort keys, and each stakeholder's sums.

The model's classes (:mod:`cocreate._model.types`) hold types and what
they derive; where deriving or building the plain way was measured to be
too slow, the faster way lives here, behind a few functions:

- :func:`build` makes many objects of a model class from columns that
  their field kinds and :mod:`cocreate._model.invariants` accepted, and
  :func:`assemble` one object from fields already checked; neither runs
  ``__init__``;
- :func:`sort_key` is the canonical order's sort key of a class;
- :func:`tallies` and :func:`sums` are each stakeholder's sums, and
  :func:`net_sum` the one rule for adding the terms of a net value;
  :func:`resource_sets` each contributor's set of resources.

The builders and sort keys are written out as source from the class's
``attrs.fields`` and compiled; the source is registered with
:mod:`linecache`, as attrs does for the methods it writes, so tracebacks and
debuggers show it. Each trick has a figure beside it in ``docs/performance.md``
(``benchmarks/tricks.py`` measures them against the plain way).

Nothing here knows the model classes: each function takes the class, or
reads the objects' attributes by name.
"""

from __future__ import annotations

import linecache
import math
from collections import defaultdict
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from cocreate._model.fields import kinds, per_class
from cocreate._model.validate import decimal_sum, exact_sum, rounded

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = [
    "TALLY_DOUBT",
    "TALLY_NET",
    "Tally",
    "assemble",
    "build",
    "builder",
    "net_sum",
    "resource_sets",
    "sort_key",
    "sums",
    "tallies",
]

_T = TypeVar("_T")


# --------------------------------------------------------------------------
# Generated code, registered with linecache.


def _compile(source: str, name: str, scope: dict[str, Any]) -> Any:
    """Compile ``source``, which defines ``name``, under a file name that linecache knows.

    As attrs does (``attr/_make.py``): the source is put in
    :data:`linecache.cache` under a made-up file name, unique for each
    source, so that a traceback through the function shows its lines.
    """
    base = f"<cocreate generated {name}>"
    filename = base
    count = 1
    entry = (len(source), None, source.splitlines(keepends=True), filename)
    while linecache.cache.setdefault(filename, entry) != entry:
        filename = f"{base[:-1]}-{count}>"
        entry = (len(source), None, source.splitlines(keepends=True), filename)
        count += 1
    exec(compile(source, filename, "exec"), scope)  # noqa: S102 - made from field names only
    return scope[name.split(" ", maxsplit=1)[0]]


# --------------------------------------------------------------------------
# Objects without __init__.


def builder(cls: type[_T]) -> Callable[..., _T]:
    """Return a function that makes one ``cls`` from its fields, in ``attrs.fields`` order.

    The function is written out from the class's own field list, and ``map``
    drives it from C. It fills an object of an open twin of ``cls`` (the
    same base and the same slots, in the same order, but no frozen
    ``__setattr__``), where a plain assignment sets a slot directly, then
    makes the object a ``cls`` by assigning ``__class__``, which Python
    allows between classes of the same layout and checks on every
    assignment. See "builders" in ``docs/performance.md`` for what it saves
    against calling each slot's setter.
    """
    return _builder(cls)


@per_class
def _builder(cls: type[Any]) -> Callable[..., Any]:
    names = [field.name for field in attrs.fields(cls)]
    open_twin = type(f"_Open{cls.__name__}", cls.__bases__, {"__slots__": cls.__slots__})
    scope = {"new": object.__new__, "open_twin": open_twin, "cls": cls}
    body = "".join(f"    item.{name} = {name}\n" for name in names)
    source = (
        f"def build({', '.join(names)}):\n    item = new(open_twin)\n{body}"
        "    item.__class__ = cls\n    return item\n"
    )
    return _compile(source, f"build {cls.__qualname__}", scope)  # type: ignore[no-any-return]


def build(cls: type[_T], columns: Mapping[str, Sequence[Any]]) -> list[_T]:
    """Build objects of ``cls`` from checked, canonical columns, keyed by field name.

    Only for columns that the field kinds and the rules of
    :mod:`cocreate._model.invariants` accepted: the objects are made without
    ``__init__``. The columns are taken in the order of ``attrs.fields(cls)``,
    by name, so the order in which they are given does not matter.
    """
    order = [columns[field.name] for field in attrs.fields(cls)]  # type: ignore[arg-type]
    return list(map(builder(cls), *order))


def assemble(cls: type[_T], fields: Mapping[str, Any], caches: Mapping[str, Any] = {}) -> _T:
    """Make one ``cls`` from fields already checked, and fill some of its cached properties."""
    made: _T = object.__new__(cls)
    for name, value in chain(fields.items(), caches.items()):
        object.__setattr__(made, name, value)
    return made


@per_class
def sort_key(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """Return the sort key of the canonical order for items of ``cls``, written out from its fields.

    The key is one flat tuple: each field in field order, a word enum's
    member as its word, and before each field that may be ``None`` whether
    it is given, so that ``None`` comes first and is never compared with a
    value. That orders items as comparing one ``(given, value)`` pair per
    field would (a field that is never ``None`` needs no flag), but the
    sort then compares plain strings and numbers first: see "sort key" in
    ``docs/performance.md``.
    """
    terms = []
    for name, kind in kinds(cls):
        value = f"item.{name}"
        if kind.optional:
            terms.append(f"{value} is not None")
        if kind.words:
            word = f"{value}._value_"
            value = f"(None if {value} is None else {word})" if kind.optional else word
        terms.append(value)
    source = f"def key(item):\n    return ({', '.join(terms)},)\n"
    return _compile(source, f"key {cls.__qualname__}", {})  # type: ignore[no-any-return]


# --------------------------------------------------------------------------
# Each stakeholder's sums.

#: An account as a plain tuple: contributions, cost, values, received, net
#: value, and how far the net value's float sum may stand from its exact
#: decimal sum (see :func:`sums`).
Tally = tuple[int, float, int, float, float, float]
#: Where a tally holds the net value, and its doubt.
TALLY_NET, TALLY_DOUBT = 4, 5

#: The terms of a sum: a list of floats. (Arrays of doubles from 4,096
#: items on were measured again when this module was made, and no longer
#: paid: 0.90x to 1.06x the time of lists at 10k to 1M; see
#: ``docs/performance.md``.)
_Terms = list[float]


def tallies(initiative: Any) -> dict[str, Tally]:
    """Each stakeholder's sums, in one pass over the contributions and one over the values."""
    # Plain loops into a defaultdict: a list is made only for a stakeholder
    # with a term. Measured against ``map`` chains over ``attrgetter`` and
    # ``dict.__getitem__``, they were faster at 20 items and at a million
    # (benchmarks/run.py, rows "ledger (fresh)" and "classify per
    # initiative"). Costs are gathered negated, so that a net value is the
    # sum of one concatenation.
    costs: defaultdict[str, _Terms] = defaultdict(list)
    for contribution in initiative.contributions:
        costs[contribution.source].append(-contribution.cost)
    amounts: defaultdict[str, _Terms] = defaultdict(list)
    for value in initiative.values:
        amounts[value.beneficiary].append(value.amount)
    ids = [person.id for person in initiative.stakeholders]
    # ``math.fsum`` is exactly rounded; only a sum beyond the float range
    # needs exact_sum's slower way.
    try:
        return sums(ids, costs, amounts, [], math.fsum)
    except OverflowError:
        return sums(ids, costs, amounts, [], exact_sum)


#: How far, relative to the sum of its terms' sizes, a float sum may stand
#: from the sum of the same terms read as the decimals they were written as:
#: each term is within half an ulp (2**-53 of its size) of its decimal, and
#: the float sum within half an ulp of the exact sum. Twice that, for room.
_DOUBT = 2.0**-51
#: Below every subnormal step: a sum of tiny terms is always recounted.
_TINY = 1e-300


#: Terms that are multiples of 1/256 smaller than 2**20 are written with at
#: most 15 significant digits, so each float is exactly the decimal written
#: and their float sum is exact too.
_SHORT = 2.0**20
_STEPS = 256.0


def _as_written(net: float, terms: Iterable[float]) -> float:
    """The net value as the exact sum of the decimals written, rounded once.

    Where every term is a short binary fraction (halves, quarters, cents
    are not: 0.01 is not; whole numbers and halves are), the float sum
    ``net`` is that already, and the slower decimal sum is skipped:
    measured on 3,000 small initiatives of whole and half amounts
    (``benchmarks/small.py``), whose net values are often exactly 0, the
    decimal recount alone took a third of ``classify``'s time.
    """
    listed = list(terms)
    if all(abs(t) < _SHORT and (t * _STEPS).is_integer() for t in listed):
        return net + 0.0
    return rounded(decimal_sum(listed))


def net_sum(terms: Sequence[float]) -> float:
    """Add the terms of a net value as :attr:`Initiative.accounts` does: the one rule for it.

    Exactly rounded whatever the order; within rounding distance of zero,
    the exact sum of the decimals written, rounded once. The judgment's net
    ranges add their bounds with it, so a range holds its estimate.

    Examples
    --------
    >>> net_sum([0.1, 0.2, -0.3]), net_sum([1e308, 1e308])
    (0.0, inf)
    """
    total = exact_sum(terms)
    doubt = exact_sum([abs(t) for t in terms]) * _DOUBT + _TINY
    if -doubt <= total <= doubt:
        return _as_written(total, terms)
    return total


def sums(
    ids: list[str],
    costs: Mapping[str, _Terms],
    amounts: Mapping[str, _Terms],
    nothing: _Terms,
    total: Callable[[_Terms], float],
) -> dict[str, Tally]:
    """Each stakeholder's account from its negated costs and its amounts; ``nothing`` is empty.

    A net value is the float sum of its terms, except where that sum lies
    within rounding distance (the tally's last field, the *doubt*) of zero:
    there the terms are added again as the decimals they were written as,
    and that exact sum is rounded once, so that 0.1 + 0.2 - 0.3 is 0 and
    break-even never wins by rounding noise. A doubt of 0 says the net
    value is its decimal sum rounded once (a single term, or recounted), so
    that comparing it with a threshold as floats is exact.
    """
    accounts = {}
    for key in ids:
        paid = costs.get(key, nothing)
        got = amounts.get(key, nothing)
        given = len(paid)
        gotten = len(got)
        if given < 2 and gotten < 2:
            # Most stakeholders give once and receive once: a single term is
            # its own exactly rounded sum (``0.0 -`` and ``+ 0.0`` make -0.0
            # 0.0, as fsum does), and so is the difference of two; the sign
            # of that difference is the sign of the decimals' difference,
            # since distinct floats are written as distinct decimals.
            cost = 0.0 - paid[0] if given else 0.0
            received = got[0] + 0.0 if gotten else 0.0
            net = received - cost
            doubt = (cost + (received if received > 0 else -received)) * _DOUBT
            if not (given and gotten):
                doubt = 0.0  # one term: the float is the decimal as written
            elif -doubt <= net <= doubt:
                net, doubt = _as_written(net, (received, -cost)), 0.0
            accounts[key] = (given, cost, gotten, received, net, doubt)
            continue
        cost = 0.0 - total(paid)
        received = total(got)
        # The exactly rounded sum of every term, so that the order in which
        # the collections were given can never change a net value. With
        # terms on one side only, the difference is exact.
        net = total(got + paid) if given and gotten else received - cost
        size = max(abs(max(got)), abs(min(got))) * gotten if gotten else 0.0
        doubt = (cost + size) * _DOUBT + _TINY
        if -doubt <= net <= doubt:
            net, doubt = _as_written(net, chain(got, paid)), 0.0
        accounts[key] = (given, cost, gotten, received, net, doubt)
    return accounts


def resource_sets(initiative: Any) -> dict[str, frozenset[Any]]:
    """Each contributor's set of resources, in the order of its first contribution."""
    givers = list(initiative._givers.items())  # noqa: SLF001
    # Each contributor's resources as the bits of an int: one small-int
    # update per (giver, resource) pair, then one set per distinct mask.
    masks = dict.fromkeys([c.source for c in initiative.contributions if not c.exchange], 0)
    for bit, (_, ids) in enumerate(givers):
        flag = 1 << bit
        for source in ids:
            masks[source] |= flag
    # Contributors who give the same resources share one frozenset, across
    # initiatives too: there are at most 2 ** len(Resource) of them, and
    # fewer new objects kept alive means less work for the cyclic collector.
    share = _RESOURCE_SETS.setdefault
    sets = {}
    for mask in set(masks.values()):
        kinds = frozenset([resource for bit, (resource, _) in enumerate(givers) if mask >> bit & 1])
        sets[mask] = share(kinds, kinds)
    return dict(zip(masks, map(sets.__getitem__, masks.values()), strict=True))


#: Every set of resources some contributor gave, as one shared frozenset each.
_RESOURCE_SETS: dict[frozenset[Any], frozenset[Any]] = {}
