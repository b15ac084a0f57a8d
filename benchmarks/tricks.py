"""Each speed trick of ``cocreate._model.fast`` against the plain way, in one process.

``docs/performance.md`` puts these figures beside each trick; a trick that
does not pay is dropped. Run from the repository root::

    PYTHONPATH=src python benchmarks/tricks.py --sizes 10000 100000

Each line is the best of ``--repeats`` rounds, CPU time, in which the trick
and its plain twin are each timed once in turn, on the same data:

* *builder*: making contributions from checked columns with the generated
  builder (slots set by plain assignment on an open twin, then
  ``__class__`` assigned), against the same without generated code (a loop
  over the names), and against ``object.__setattr__`` for each slot;
* *sort key*: ``sorted`` with the generated flat key, against a key of one
  ``(given, value)`` pair per field made by a loop over the field kinds;
* *arrays*: each stakeholder's sums with terms gathered in lists of floats
  (the way kept), against arrays of doubles (a trick dropped, as it no
  longer paid);
* *resource sets*: each contributor's resources as bit masks over the
  givers of each resource, one shared frozenset per distinct set, against
  a ``defaultdict(set)`` filled from the contributions.
"""

from __future__ import annotations

import argparse
import copy
import gc
import math
import time
from array import array
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import attrs

import run
from cocreate import Contribution, from_records
from cocreate._model import fast
from cocreate._model.fields import kinds
from cocreate._model.records import CONTRIBUTION_FIELDS

if TYPE_CHECKING:
    from collections.abc import Callable


def rounds(work: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The least CPU time of each piece of work, the pieces taking turns ``repeats`` times."""
    least = dict.fromkeys(work, float("inf"))
    for _ in range(repeats):
        for name, piece in work.items():
            gc.collect()
            start = time.process_time()
            piece()
            least[name] = min(least[name], time.process_time() - start)
    return least


def _no_codegen(cls: type[Any]) -> Callable[..., Any]:
    """The builder's open twin and ``__class__`` swap, without generated code."""
    names = [field.name for field in attrs.fields(cls)]
    twin = type(f"_Open{cls.__name__}", cls.__bases__, {"__slots__": cls.__slots__})
    new = object.__new__

    def build(*values: Any) -> Any:
        item: Any = new(twin)
        for name, value in zip(names, values, strict=True):
            setattr(item, name, value)
        item.__class__ = cls
        return item

    return build


def _setters(cls: type[Any]) -> Callable[..., Any]:
    """``object.__setattr__`` for each slot of a new object: the plain way round ``__init__``."""
    names = [field.name for field in attrs.fields(cls)]
    new = object.__new__
    put = object.__setattr__

    def build(*values: Any) -> Any:
        item = new(cls)
        for name, value in zip(names, values, strict=True):
            put(item, name, value)
        return item

    return build


def _pair_key(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """The canonical key as one ``(given, value)`` pair per field, enums as words."""
    table = kinds(cls)

    def key(item: Any) -> tuple[Any, ...]:
        out = []
        for name, kind in table:
            value = getattr(item, name)
            if kind.words and value is not None:
                value = value.value
            out.append((value is not None, value))
        return tuple(out)

    return key


def _plain_resources(initiative: Any) -> dict[str, frozenset[Any]]:
    given: defaultdict[str, set[Any]] = defaultdict(set)
    for contribution in initiative.contributions:
        if not contribution.exchange:
            given[contribution.source].add(contribution.resource)
    return {key: frozenset(kinds) for key, kinds in given.items()}


def _check(holds: bool, what: str) -> None:
    """Stop if the trick and its plain twin do not give the same result."""
    if not holds:
        msg = f"the two ways differ: {what}"
        raise SystemExit(msg)


def measure(
    size: int, repeats: int, only: list[str] | None = None
) -> list[tuple[str, dict[str, float]]]:
    """Time each trick (or those named in ``only``) and its plain twins at one size."""
    people, contributions, values = run.make_records(size)
    base = from_records("x", "firm", people, contributions, values)
    given = base.contributions
    columns = [[getattr(c, f.name) for c in given] for f in attrs.fields(Contribution)]
    _check([f.name for f in attrs.fields(Contribution)] == list(CONTRIBUTION_FIELDS), "fields")
    built = fast.builder(Contribution)
    plain_built = _no_codegen(Contribution)
    set_each = _setters(Contribution)
    _check(list(map(set_each, *columns)) == list(map(built, *columns)), "builders")
    flat, pairs = fast.sort_key(Contribution), _pair_key(Contribution)
    _check(sorted(given, key=flat) == sorted(given, key=pairs), "sort keys")
    judged = copy.copy(base)
    _check(bool(judged._givers), "givers")  # noqa: SLF001 - computed once, as classify does
    _check(fast.resource_sets(judged) == _plain_resources(judged), "resource sets")

    def tallies_in_arrays() -> object:
        """The sums with each stakeholder's terms in arrays of doubles: the trick dropped."""
        fresh = copy.copy(base)
        costs: defaultdict[str, array[float]] = defaultdict(array("d").__copy__)
        for contribution in fresh.contributions:
            costs[contribution.source].append(-contribution.cost)
        amounts: defaultdict[str, array[float]] = defaultdict(array("d").__copy__)
        for value in fresh.values:
            amounts[value.beneficiary].append(value.amount)
        ids = [person.id for person in fresh.stakeholders]
        return fast.sums(ids, costs, amounts, array("d"), math.fsum)  # type: ignore[arg-type]

    work: dict[str, dict[str, Callable[[], object]]] = {
        "builder": {
            "generated, __class__ swap": lambda: list(map(built, *columns)),
            "loop, __class__ swap": lambda: list(map(plain_built, *columns)),
            "object.__setattr__ per slot": lambda: list(map(set_each, *columns)),
        },
        "sort key": {
            "generated flat tuple": lambda: sorted(given, key=flat),
            "(given, value) pairs": lambda: sorted(given, key=pairs),
        },
        "arrays": {
            "lists of floats (kept)": lambda: fast.tallies(copy.copy(base)),
            "arrays of doubles": tallies_in_arrays,
        },
        "resource sets": {
            "bit masks, shared sets": lambda: fast.resource_sets(judged),
            "defaultdict(set) loop": lambda: _plain_resources(judged),
        },
    }
    return [
        (trick, rounds(ways, repeats))
        for trick, ways in work.items()
        if only is None or trick in only
    ]


def main() -> None:
    """Print one line per trick, way and size; the ratio is to the trick's own way."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", nargs="+", help="tricks to time, by name (default: all)")
    options = parser.parse_args()
    print(f"{'trick':<16}{'size':>9}  {'way':<28}{'seconds':>9}{'ratio':>8}")
    for size in options.sizes:
        for trick, times in measure(size, options.repeats, options.only):
            first = next(iter(times.values()))
            for way, seconds in times.items():
                print(f"{trick:<16}{size:>9,}  {way:<28}{seconds:>9.4f}{seconds / first:>8.2f}")


if __name__ == "__main__":
    main()
