"""Who needs whom: the game an initiative states, its Shapley value, and the core.

Each value is a *rule*: the stakeholders it requires and its beneficiary
together create its amount. Each contribution is a rule of its source alone,
worth minus its cost. The worth of a coalition ``S``, ``v(S)``, is the sum
of the worth of the rules whose coalition lies inside ``S``. The game is a
sum of such rules (unanimity games), so its Shapley value splits each
rule's worth equally among the rule's members.

Whether a split is in the core, and which coalition blocks it most, is a
maximum-weight closure problem, solved with one minimum cut. Everything is
exact: amounts and costs are read as the decimals they were written as,
shares are fractions, and the cut's capacities are whole numbers.
docs/fair-split.md states the game and its decisions.
"""

from __future__ import annotations

import decimal
import functools
from collections import defaultdict
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._judgment.whatif import received_per_cost
from cocreate._model.hooks import explain, to_html
from cocreate._model.types import Initiative, Stakeholder
from cocreate._model.validate import as_written, decimal_sum, rounded
from cocreate._rules.params import initiative_arg
from cocreate._rules.sums import Sums
from cocreate.exceptions import UnknownStakeholderError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

__all__ = ["FairShare", "FairSplit", "fair_split", "most_blocking", "rules", "shapley"]

#: Enough digits for any sum of finite floats written as decimals (as ``_validate``).
_EXACT = decimal.Context(prec=2000, Emax=400, Emin=-400, traps=[decimal.InvalidOperation])


def rules(
    initiative: Initiative,
) -> tuple[list[tuple[frozenset[str], float, str]], dict[str, list[float]]]:
    """The rules of an initiative's game.

    Returns the rules of two or more members, each as its coalition, its
    worth (a value's amount, always a gain) and its beneficiary, and for
    each stakeholder the
    worths of the rules of it alone: minus the cost of each contribution it
    gives, and the amount of each value it receives that requires no one
    else. A stakeholder with no rule of its own has an empty list.
    """
    alone: dict[str, list[float]] = {person.id: [] for person in initiative.stakeholders}
    shared: list[tuple[frozenset[str], float, str]] = []
    for contribution in initiative.contributions:
        if contribution.cost:
            alone[contribution.source].append(-contribution.cost)
    for value in initiative.values:
        requires = value.requires
        if not requires or requires == {value.beneficiary}:
            if value.amount:
                alone[value.beneficiary].append(value.amount)
        elif value.amount:
            shared.append((requires | {value.beneficiary}, value.amount, value.beneficiary))
    return shared, alone


def _exact_shapley(initiative: Initiative) -> dict[str, Fraction]:
    """Each stakeholder's Shapley value as an exact fraction, by id."""
    shared, alone = rules(initiative)
    # Each member's shares gathered by the size of the coalition, so that a
    # stakeholder's value is one exact decimal sum per size, divided once.
    by_size: defaultdict[str, defaultdict[int, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for coalition, worth, _ in shared:
        size = len(coalition)
        for member in coalition:
            by_size[member][size].append(worth)
    out = {}
    for key in sorted(alone):
        total = Fraction(decimal_sum(alone[key]))
        for size, worths in by_size.get(key, {}).items():
            total += Fraction(decimal_sum(worths)) / size
        out[key] = total
    return out


def shapley(initiative: Initiative) -> Mapping[str, float]:
    """Return each stakeholder's Shapley value in the initiative's game, by id; read-only.

    The game (docs/fair-split.md): each value is created by its beneficiary
    together with the stakeholders it requires (:attr:`Value.requires`),
    each contribution costs its source alone, and a coalition is worth what
    the rules inside it are worth. Its Shapley value splits each value's
    amount equally among those who create it, and charges each cost to
    whoever bears it. The values are exact, each rounded once from the
    exact fraction; together they are the initiative's total net value.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> dict(shapley(nike_plus()))
    {'apple': 7.5, 'nike': 2.5, 'runners': 1.0}
    >>> {key: a.net_value for key, a in nike_plus().accounts.items()}
    {'nike': 5.0, 'apple': 3.0, 'runners': 3.0}
    """
    initiative = initiative_arg(initiative, "shapley")
    return MappingProxyType(
        {key: float(value) for key, value in _exact_shapley(initiative).items()}
    )


# --------------------------------------------------------------------------
# The core: the coalition that blocks a split most, by one minimum cut.


def _scale(numbers: Iterable[decimal.Decimal]) -> int:
    """The power of ten that makes every one of ``numbers`` a whole number."""
    places = 0
    for number in numbers:
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            places = -exponent
    scale: int = 10**places
    return scale


def most_blocking(
    shared: Sequence[tuple[frozenset[str], decimal.Decimal]],
    weights: Mapping[str, decimal.Decimal],
    first: Sequence[str] | None = None,
) -> tuple[decimal.Decimal, tuple[str, ...]]:
    """Return the most any coalition gains on its own over a split, and the smallest such coalition.

    A coalition ``S`` gains ``sum(worth of the shared rules inside S) -
    sum(weights[i] for i in S)``, where ``weights[i]`` is what ``i`` gets in
    the split less the worth of its rules alone. The coalition of the most
    gain is a maximum-weight closure: one minimum cut on a flow network
    (source to each rule, its worth; each rule to its members, no limit;
    each member to the sink, its weight). Capacities are whole numbers, the
    exact decimals scaled by one power of ten, so the cut is exact and does
    not depend on the order of anything. The empty coalition gains 0, so
    the most is never negative; of the coalitions that gain the most, the
    smallest (which is unique) is returned, its ids sorted.

    The network starts from a flow that sends each rule's worth to its
    members in turn as far as their weights allow, ``first[i]`` first for
    rule ``i`` where given, then the others by id; networkx's preflow-push
    then works only on what that flow leaves. Where that flow already
    takes every rule's whole worth, the cut around the source is minimum
    and networkx has nothing to do: so it is for the split an initiative
    captures, when each value's beneficiary comes first.
    """
    scale = _scale([*(worth for _, worth in shared), *weights.values()])
    with decimal.localcontext(_EXACT):
        room = {key: int(weight * scale) for key, weight in weights.items()}
        worth = [int(value * scale) for _, value in shared]
    # Members who gain by joining whatever coalition: always in it.
    eager = {key for key, left in room.items() if left < 0}
    gain = -sum(room[key] for key in eager)
    for key in eager:
        room[key] = 0
    # The starting flow, rule by rule, member by member in id order.
    left = list(worth)
    sent: dict[tuple[int, str], int] = {}
    for index, (coalition, _) in enumerate(shared):
        order = sorted(coalition)
        if first is not None:
            order.remove(first[index])
            order.insert(0, first[index])
        for member in order:
            if not left[index]:
                break
            step = min(left[index], room[member])
            if step:
                room[member] -= step
                left[index] -= step
                sent[index, member] = step
    rest = sum(left)
    if rest:
        rest = _cut(shared, left, room, sent)
    best = gain + rest
    closure = _reachable(shared, left, sent, eager) if best else set()
    with decimal.localcontext(_EXACT):
        return decimal.Decimal(best) / scale, tuple(sorted(closure))


def _cut(
    shared: Sequence[tuple[frozenset[str], Any]],
    left: list[int],
    room: dict[str, int],
    sent: dict[tuple[int, str], int],
) -> int:
    """Finish the maximum flow with networkx on the residual network; return the worth uncut.

    Updates ``left``, ``room`` and ``sent`` to the maximum flow, so that
    what the source still reaches is the smallest coalition of most gain.
    """
    import networkx as nx

    residual = nx.flow.preflow_push(_network(shared, left, room, sent), _SOURCE, _SINK)
    flow = residual.adj
    for index, (coalition, _) in enumerate(shared):
        rule = ("rule", index)
        if rule in flow[_SOURCE]:
            left[index] -= flow[_SOURCE][rule]["flow"]
        for member in coalition:
            # The net flow from the rule to the member, less any undone.
            moved = flow[rule][("member", member)]["flow"]
            sent[index, member] = sent.get((index, member), 0) + moved
    for member in room:
        node = ("member", member)
        if node in flow and _SINK in flow[node]:
            room[member] -= flow[node][_SINK]["flow"]
    return sum(left)


_SOURCE = ("source",)
_SINK = ("sink",)


def _network(
    shared: Sequence[tuple[frozenset[str], Any]],
    left: list[int],
    room: dict[str, int],
    sent: dict[tuple[int, str], int],
) -> Any:
    """The residual network the starting flow leaves, as a networkx graph with capacities."""
    import networkx as nx

    graph: nx.DiGraph[Any] = nx.DiGraph()
    graph.add_node(_SINK)
    for index, (coalition, _) in enumerate(shared):
        rule = ("rule", index)
        if left[index]:
            graph.add_edge(_SOURCE, rule, capacity=left[index])
        for member in coalition:
            graph.add_edge(rule, ("member", member))  # no capacity: no limit
            back = sent.get((index, member), 0)
            if back:
                # The starting flow may be undone: a residual edge back.
                graph.add_edge(("member", member), rule, capacity=back)
    graph.add_edges_from(
        (("member", member), _SINK, {"capacity": capacity})
        for member, capacity in room.items()
        if capacity
    )
    return graph


def _reachable(
    shared: Sequence[tuple[frozenset[str], Any]],
    left: list[int],
    sent: dict[tuple[int, str], int],
    eager: set[str],
) -> set[str]:
    """The members the source reaches in the residual network of a maximum flow, and the eager."""
    rules_of: defaultdict[str, list[int]] = defaultdict(list)
    for (index, member), flow in sent.items():
        if flow:
            rules_of[member].append(index)
    found: set[str] = set()
    seen: set[int] = set()
    todo = [index for index, rest in enumerate(left) if rest]
    for member in eager:
        found.add(member)
        todo.extend(rules_of.get(member, ()))
    while todo:
        index = todo.pop()
        if index in seen:
            continue
        seen.add(index)
        for member in shared[index][0]:
            # A member the source reaches has no room left: the flow is maximal.
            if member not in found:
                found.add(member)
                todo.extend(rules_of.get(member, ()))
    return found


# --------------------------------------------------------------------------
# The result.


@attrs.frozen
class FairShare(Sums):
    """One stakeholder's :class:`Sums`, its fair share and what it captures. See :func:`fair_split`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> apple = fair_split(nike_plus())["apple"]
    >>> apple.shapley, apple.net_value, apple.difference, apple.ratio
    (7.5, 3.0, -4.5, 2.5)
    """

    #: Its Shapley value: its fair share of the total net value.
    shapley: float
    #: ``net_value - shapley``, exactly rounded: what it captures beyond its
    #: fair share (negative: less than its fair share).
    difference: float
    #: ``received / cost``: value received per unit of cost given; ``None``
    #: where it gives nothing that costs anything.
    ratio: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the share as a plain dict (exact values).

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> fair_split(nike_plus())["nike"].to_dict()["difference"]
        2.5
        """
        return {
            "id": self.stakeholder.id,
            "shapley": self.shapley,
            "net_value": self.net_value,
            "difference": self.difference,
            "cost": self.cost,
            "received": self.received,
            "ratio": self.ratio,
        }


@attrs.frozen
class FairSplit:
    """Each stakeholder's fair share against what it captures, and whether any coalition blocks.

    Made by :func:`fair_split`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> split = fair_split(nike_plus())
    >>> split.total, split.in_core, split.blocking, split.excess
    (11.0, True, (), 0.0)
    >>> print(split.sentences[1])
    'Apple' creates 68.2% of the surplus and captures 27.3%: 4.5 less than its fair share.
    """

    #: The initiative's name.
    initiative: str
    #: One share per stakeholder, by id.
    entries: tuple[FairShare, ...]
    #: The total net value (the surplus), exactly rounded.
    total: float
    #: Whether no coalition would get more on its own than it captures.
    in_core: bool
    #: The ids of the smallest coalition that would gain most on its own, sorted;
    #: empty when the split is in the core.
    blocking: tuple[str, ...]
    #: How much ``blocking`` would gain on its own over what it captures; 0 in the core.
    excess: float

    @functools.cached_property
    def _by_id(self) -> dict[str, FairShare]:
        return {entry.stakeholder.id: entry for entry in self.entries}

    def __getitem__(self, stakeholder: str | Stakeholder) -> FairShare:
        """Return the share of a stakeholder, by id or object."""
        key = stakeholder.id if isinstance(stakeholder, Stakeholder) else stakeholder
        found = self._by_id.get(key) if isinstance(key, str) else None
        if found is not None:
            return found
        msg = f"no fair share for {key!r} in initiative {self.initiative!r}"
        raise UnknownStakeholderError(msg)

    def __iter__(self) -> Iterator[FairShare]:
        """Iterate over the shares."""
        return iter(self.entries)

    def __len__(self) -> int:
        """Return the number of shares."""
        return len(self.entries)

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """The surplus, who captures less or more than its fair share, and the core."""
        return explain(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the fair split as JSON-ready plain data.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> data = fair_split(nike_plus()).to_dict()
        >>> data["in_core"], data["entries"][0]["shapley"]
        (True, 7.5)
        """
        return {
            "initiative": self.initiative,
            "total": self.total,
            "in_core": self.in_core,
            "blocking": list(self.blocking),
            "excess": self.excess,
            "entries": [entry.to_dict() for entry in self.entries],
            "explanation": list(self.sentences),
        }

    def __str__(self) -> str:
        """Return the sentences, one per line."""
        return "\n".join(self.sentences)

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)


def fair_split(initiative: Initiative) -> FairSplit:
    """Return each stakeholder's fair share (its Shapley value) against what it captures.

    Each :class:`FairShare` gives the Shapley value (see :func:`shapley`),
    the net value captured, their difference and the ratio of value
    received to cost given. The split captured (the net values, exact) is
    in the core when no coalition would get more on its own; otherwise
    ``blocking`` is the coalition that would gain most and ``excess`` how
    much. Both come from one minimum cut, not from a search of coalitions.

    In this game a value's beneficiary is always among those who create it,
    so the split an initiative captures is always in the core
    (docs/fair-split.md says why): the question it answers is who captures
    less than a fair share, not who would leave.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> split = fair_split(nike_plus())
    >>> [(e.stakeholder.id, e.shapley, e.net_value) for e in split]
    [('apple', 7.5, 3.0), ('nike', 2.5, 5.0), ('runners', 1.0, 3.0)]
    >>> split.in_core
    True
    """
    initiative = initiative_arg(initiative, "fair_split")
    fair = _exact_shapley(initiative)
    accounts = initiative.accounts
    shared, alone = rules(initiative)
    with decimal.localcontext(_EXACT):
        nets = {key: decimal_sum(_terms(initiative, key)) for key in fair}
        weights = {key: nets[key] - decimal_sum(alone[key]) for key in fair}
        gained, blocking = most_blocking(
            [(coalition, as_written(worth)) for coalition, worth, _ in shared],
            weights,
            [beneficiary for _, _, beneficiary in shared],
        )
        total = rounded(sum(nets.values(), decimal.Decimal(0)))
    entries = tuple(
        FairShare(
            initiative.stakeholder(key),
            *accounts[key],
            shapley=float(fair[key]),
            difference=float(Fraction(nets[key]) - fair[key]) + 0.0,
            ratio=received_per_cost(accounts[key].received, accounts[key].cost),
        )
        for key in sorted(fair)
    )
    return FairSplit(
        initiative.name,
        entries,
        total,
        not gained,
        blocking,
        rounded(gained),
    )


def _terms(initiative: Initiative, key: str) -> list[float]:
    terms = [-c.cost for c in initiative._by_source.get(key, ())]  # noqa: SLF001
    terms += [v.amount for v in initiative._by_beneficiary.get(key, ())]  # noqa: SLF001
    return terms
