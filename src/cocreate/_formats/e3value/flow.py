"""Evaluate an e3value model: its formulas, and the occurrences along its paths.

Occurrences flow from each start stimulus's OCCURRENCES down its
connection elements to value interfaces, across every value exchange to
the partner's interface, then on along that actor's dependency path. OR
forks split by their branches' fractions, AND forks multiply by them, an
AND join passes on the least of what reaches it, and market segments
divide by COUNT on the way in and multiply on the way out, so that inside
a segment an occurrence is per member. The flow graph is evaluated in
topological order: a path that loops is a fault, not a hang.
"""

from __future__ import annotations

import math
import re
from collections import deque
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._formats.e3value.formula import FormulaError, Formulas, Key, Program, parse
from cocreate._formats.e3value.model import Element, Model, short
from cocreate._model.validate import exact_sum
from cocreate.exceptions import Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "MAX_CROSSINGS",
    "Flow",
    "Inputs",
    "Values",
    "flow_occurrences",
    "gather_inputs",
    "scale",
]

_ATTRIBUTE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class Values:
    """The formulas of a model, and the faults of those that fail."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.text: dict[Key, str] = {}
        programs: dict[Key, Program] = {}
        for element in model.elements.values():
            for formula in element.literals.get("e3_has_formula", ()):
                self._add(element, formula, programs)
        names = {uri: e.name for uri, e in model.elements.items() if e.name.strip()}
        uids = {uri: e.uid or uri.rpartition("#")[2] for uri, e in model.elements.items()}
        self.formulas = Formulas(programs, names, uids)
        model.check()

    def _add(self, element: Element, formula: str, programs: dict[Key, Program]) -> None:
        attribute, equals, expression = formula.partition("=")
        attribute = attribute.strip()
        key = (element.uri, attribute)
        if not equals or not _ATTRIBUTE.fullmatch(attribute):
            msg = f"formula {short(formula)!r} is not ATTRIBUTE=expression"
            self.model.faults.append(element.fault(msg))
            return
        earlier = self.text.get(key)
        if earlier is not None:
            if earlier.partition("=")[2].split() != expression.split():
                msg = f"gives {attribute} twice: {short(earlier)!r} and {short(formula)!r}"
                self.model.faults.append(element.fault(msg))
            return
        self.text[key] = formula
        try:
            programs[key] = parse(expression)
        except FormulaError as error:
            self.model.faults.append(element.fault(f"formula {short(formula)!r}: {error}"))

    def has(self, uri: str, attribute: str) -> bool:
        """Whether the element has a formula for the attribute."""
        return (uri, attribute) in self.formulas.programs

    def evaluate(self, wanted: Iterable[Key], fixed: Mapping[Key, float]) -> dict[Key, float]:
        """Return the values of the wanted formulas; every failure is a fault."""
        values, errors = self.formulas.evaluate(wanted, fixed)
        for key, reason in sorted(errors.items()):
            element = self.model.elements[key[0]]
            shown = short(self.text[key])
            self.model.faults.append(element.fault(f"formula {shown!r} {reason}"))
        self.model.check()
        return values


def _not_negative(model: Model, values: Mapping[Key, float]) -> None:
    for (uri, attribute), value in sorted(values.items()):
        if value < 0:
            msg = f"has {attribute} {value:g}; it must be 0 or more"
            model.faults.append(model.elements[uri].fault(msg))


def _fractions(model: Model) -> dict[str, float]:
    """Return the ``up_fraction`` of each connection element (1 when not given)."""
    fractions = {}
    for ce in model.of("connection"):
        text = (ce.literals.get("up_fraction") or ["1"])[0]
        try:
            fraction = float(text)
        except ValueError:
            fraction = math.nan
        if not math.isfinite(fraction) or fraction < 0:
            model.faults.append(ce.fault(f"has up_fraction {short(text)!r}; give a number >= 0"))
        fractions[ce.uri] = fraction
    return fractions


@attrs.frozen
class Inputs:
    """What the occurrences flow from: stimuli, segment sizes and OR fractions."""

    starts: dict[str, float]
    counts: dict[str, float]
    fractions: dict[str, float]


def gather_inputs(model: Model, values: Values) -> Inputs:
    wanted = []
    for start in model.of("start"):
        if values.has(start.uri, "OCCURRENCES"):
            wanted.append((start.uri, "OCCURRENCES"))
        else:
            model.faults.append(start.fault("has no OCCURRENCES formula"))
    wanted += [(s.uri, "COUNT") for s in model.of("segment") if values.has(s.uri, "COUNT")]
    fractions = _fractions(model)
    found = values.evaluate(wanted, {})
    _not_negative(model, found)
    model.check()
    starts = {uri: found[uri, "OCCURRENCES"] for uri, _ in wanted if (uri, "OCCURRENCES") in found}
    counts = {uri: found[uri, "COUNT"] for uri, a in wanted if a == "COUNT"}
    return Inputs(starts, counts, fractions)


def scale(model: Model, counts: Mapping[str, float], interface: str) -> float:
    """Return how many members act at a market segment's interface; 1 elsewhere."""
    owner = model.owner.get(interface)
    if owner is not None and model.elements[owner].kind == "segment":
        return counts.get(owner, 1.0)
    return 1.0


#: The most steps from an interface across exchanges to another that the
#: flow graph may take in all. A model written by a person takes a few per
#: interface; a crafted one could make the count grow with the square of
#: its size, so past this bound it is refused rather than ground through.
MAX_CROSSINGS = 2_000_000


class _Budget:
    """Counts the crossings taken, and refuses a model that needs too many."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.left = MAX_CROSSINGS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            msg = (
                f"the value exchanges connect interfaces more than {MAX_CROSSINGS} times; "
                "the model is too large to evaluate"
            )
            raise FormatError(self.model.what, [Fault("", msg)])


def _crossing(model: Model, interface: str, budget: _Budget) -> list[str]:
    """Return the interfaces an occurrence at ``interface`` reaches across exchanges.

    An interface with no connection element at all (a composite actor's,
    say) passes the occurrence on to its other exchanges.
    """
    seen, reached = {interface}, []
    queue = deque(model.partners[interface])
    while queue:
        other = queue.popleft()
        if other in seen:
            continue
        budget.spend()
        seen.add(other)
        reached.append(other)
        if not model.above.get(other) and not model.below.get(other):
            queue.extend(model.partners[other])
    return reached


_Vertex = tuple[str, str]


def _edges(model: Model, inputs: Inputs) -> dict[_Vertex, list[tuple[_Vertex, float]]]:
    """Return the flow graph: which vertex passes what share of its occurrences to which."""
    edges: dict[_Vertex, list[tuple[_Vertex, float]]] = {}

    def edge(source: _Vertex, target: _Vertex, factor: float) -> None:
        edges.setdefault(source, []).append((target, factor))

    for start in inputs.starts:
        for ce in model.below.get(start, ()):
            edge(("start", start), ("ce", ce), 1.0)
    for ce, down in model.down.items():
        kind = model.elements[down].kind
        if kind in {"or", "and"}:
            edge(("ce", ce), ("gate", down), 1.0)
        elif kind == "interface":
            edge(("ce", ce), ("enter", down), 1.0)
    for gate in model.of("or") + model.of("and"):
        _branches(model, inputs, gate, edge)
    budget = _Budget(model)
    for interface in model.of("interface"):
        uri = interface.uri
        if model.above.get(uri):
            mine = scale(model, inputs.counts, uri)
            for other in _crossing(model, uri, budget):
                theirs = scale(model, inputs.counts, other)
                edge(("enter", uri), ("arrive", other), mine / theirs if theirs else 0.0)
        for ce in model.below.get(uri, ()):
            edge(("arrive", uri), ("ce", ce), 1.0)
    return edges


def _branches(model: Model, inputs: Inputs, gate: Element, edge: Any) -> None:
    branches = sorted(model.below.get(gate.uri, ()))
    if gate.kind == "and":
        for ce in branches:
            edge(("gate", gate.uri), ("ce", ce), inputs.fractions[ce])
        return
    shares = [inputs.fractions[ce] for ce in branches]
    total = exact_sum(shares)
    if branches and total <= 0:
        model.faults.append(gate.fault("has branches whose fractions add up to 0"))
        return
    if math.isinf(total):
        # Fractions past the float range: shared out the same, each taken as a
        # part of the largest (every fraction is finite and 0 or more).
        largest = max(shares)
        shares = [share / largest for share in shares]
        total = exact_sum(shares)
    for ce, share in zip(branches, shares, strict=True):
        edge(("gate", gate.uri), ("ce", ce), share / total)


@attrs.frozen
class Flow:
    """How often each value interface fires, in its owner's terms (per member for segments)."""

    occurrences: dict[str, float]
    reached: frozenset[str]


def flow_occurrences(model: Model, inputs: Inputs) -> Flow:
    """Let the occurrences flow from the start stimuli; AND joins take the least."""
    edges = _edges(model, inputs)
    model.check()
    incoming: dict[_Vertex, list[float]] = {}
    waiting: dict[_Vertex, int] = {}
    for targets in edges.values():
        for target, _ in targets:
            waiting[target] = waiting.get(target, 0) + 1
    vertices = set(edges) | set(waiting)
    queue = deque(sorted(v for v in vertices if not waiting.get(v)))
    value: dict[_Vertex, float] = {}
    while queue:
        vertex = queue.popleft()
        given = incoming.get(vertex, [])
        if vertex[0] == "start":
            value[vertex] = inputs.starts[vertex[1]]
        elif vertex[0] == "gate" and model.elements[vertex[1]].kind == "and" and len(given) > 1:
            value[vertex] = min(given)
        else:
            # Beyond the float range the sum is inf, which the interface reports.
            value[vertex] = exact_sum(given)
        for target, factor in edges.get(vertex, ()):
            incoming.setdefault(target, []).append(value[vertex] * factor)
            waiting[target] -= 1
            if not waiting[target]:
                queue.append(target)
    if len(value) < len(vertices):
        stuck = model.elements[min(vertices - set(value))[1]]
        model.faults.append(stuck.fault("is on a dependency path that loops back on itself"))
        model.check()
    return Flow(*_occurrences(model, edges, value))


def _occurrences(
    model: Model,
    edges: Mapping[_Vertex, list[tuple[_Vertex, float]]],
    value: Mapping[_Vertex, float],
) -> tuple[dict[str, float], frozenset[str]]:
    reached: set[_Vertex] = set()
    queue = deque(v for v in edges if v[0] == "start")
    while queue:
        vertex = queue.popleft()
        if vertex not in reached:
            reached.add(vertex)
            queue.extend(target for target, _ in edges.get(vertex, ()))
    occurrences = {}
    for interface in model.of("interface"):
        uri = interface.uri
        occurrences[uri] = value.get(("enter", uri), 0.0) + value.get(("arrive", uri), 0.0)
        if not math.isfinite(occurrences[uri]):
            model.faults.append(interface.fault("fires more often than a float can count"))
    model.check()
    interfaces = frozenset(uri for kind, uri in reached if kind in {"enter", "arrive"})
    return occurrences, interfaces
