"""An initiative as a networkx graph, and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from cocreate._model.dicts import FORMAT_VERSION
from cocreate._model.fields import names, per_class
from cocreate._model.records import (
    HEADER_FIELDS,
    build,
    contribution_record,
    header_record,
    stakeholder_record,
    value_record,
)
from cocreate._model.types import (
    FROM_NETWORKX,
    TO_NETWORKX,
    Contribution,
    Stakeholder,
    Value,
)
from cocreate._model.validate import describe
from cocreate.exceptions import Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cocreate._model.types import Initiative

__all__ = ["initiative_from_networkx", "initiative_to_networkx"]

#: The node attribute that tells stakeholders from the initiative node.
NODE_TYPE = "node_type"
#: The edge attribute that tells contributions from values.
EDGE_TYPE = "edge_type"


def initiative_node(initiative: Initiative) -> str:
    """Return the key of the initiative's own node: one no stakeholder id takes."""
    key = "<initiative>"
    ids = initiative.stakeholder_ids
    while key in ids:
        key += "*"
    return key


@TO_NETWORKX.fill
def initiative_to_networkx(initiative: Initiative) -> nx.MultiDiGraph[Any]:
    """Return the graph form; see :meth:`Initiative.to_networkx`."""
    hub = initiative_node(initiative)
    # The graph's attributes are the initiative's own fields, as its header record has them.
    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph(
        **dict(zip(HEADER_FIELDS, header_record(initiative), strict=True)),
        initiative_node=hub,
        cocreate_version=FORMAT_VERSION,
    )
    graph.add_node(hub, node_type="initiative", name=initiative.name)
    # Generators, not lists: networkx copies each attribute dict into its own,
    # so ours can go at once instead of piling up for the garbage collector.
    # Enum words are read through ``_value_``, a plain attribute, not the
    # ``value`` property.
    # Each item's attributes are its record (the fields in field order, enum
    # words, sorted id sets) less the fields that the graph's ends hold.
    graph.add_nodes_from(
        (person.id, {"node_type": "stakeholder", **_attributes(person)})
        for person in initiative.ordered[0]
    )
    graph.add_edges_from(
        (
            c.source,
            hub if c.target is None else c.target,
            {"edge_type": "contribution", **_attributes(c)},
        )
        for c in initiative.ordered[1]
    )
    graph.add_edges_from(
        (
            hub if v.provider is None else v.provider,
            v.beneficiary,
            {"edge_type": "value", **_attributes(v)},
        )
        for v in initiative.ordered[2]
    )
    return graph


@FROM_NETWORKX.fill
def initiative_from_networkx(graph: Any) -> Initiative:
    """Build an initiative from its graph form; see :meth:`Initiative.from_networkx`.

    The graph's nodes and edges become records for the one way in that every
    source shares, so faults read as they do from the constructors; a fault
    in a node or edge has its path (``edge ('nike', 'apple', 0).amount``).
    """
    if not isinstance(graph, nx.Graph) or not graph.is_directed():
        msg = (
            "must be a directed networkx graph (as Initiative.to_networkx() makes), "
            f"got {describe(graph)}"
        )
        raise FormatError("initiative graph", [Fault("graph", msg)])
    hubs = [node for node, data in graph.nodes(data=True) if data.get(NODE_TYPE) == "initiative"]
    if len(hubs) != 1:
        msg = f"must have exactly one node with {NODE_TYPE}='initiative', found {len(hubs)}"
        raise FormatError("initiative graph", [Fault("graph", msg)])
    hub = hubs[0]
    info = graph.graph
    header = {name: info.get(name) for name in HEADER_FIELDS}
    header["name"] = info.get("name", graph.nodes[hub].get("name"))
    shape: list[Fault] = []
    rows: dict[str, list[Any]] = {"stakeholders": [], "contributions": [], "values": []}
    paths: dict[str, list[str]] = {"stakeholders": [], "contributions": [], "values": []}
    for node, data in graph.nodes(data=True):
        if node == hub or not data:
            # A node with no attributes at all was made by an edge to an id no
            # stakeholder has: the edge's unknown reference is the fault.
            continue
        path = f"node {_shown(node)}"
        if data.get(NODE_TYPE) != "stakeholder":
            got = describe(data.get(NODE_TYPE))
            msg = f"{NODE_TYPE} must be 'stakeholder' or 'initiative', got {got}"
            shape.append(Fault(path, msg))
            continue
        rows["stakeholders"].append({**_without(data, NODE_TYPE), "id": node})
        paths["stakeholders"].append(path)
    edges = (
        graph.edges(keys=True, data=True)  # type: ignore[call-overload]
        if graph.is_multigraph()
        else ((u, v, 0, d) for u, v, d in graph.edges(data=True))
    )
    for source, target, key, data in edges:
        path = f"edge ({_shown(source)}, {_shown(target)}, {_shown(key)})"
        kind = data.get(EDGE_TYPE)
        fields = _without(data, EDGE_TYPE)
        if kind == "contribution":
            fields["source"] = source
            if target != hub:
                fields["target"] = target
            part = "contributions"
        elif kind == "value":
            fields["beneficiary"] = target
            if source != hub:
                fields["provider"] = source
            part = "values"
        else:
            msg = f"{EDGE_TYPE} must be 'contribution' or 'value', got {describe(kind)}"
            shape.append(Fault(path, msg))
            continue
        rows[part].append(fields)
        paths[part].append(path)
    return build(header, rows, what="initiative graph", paths=paths, shape=shape)


#: Which fields the graph's own ends hold: a node's id, an edge's two ends.
_ENDS: dict[type[Any], frozenset[str]] = {
    Stakeholder: frozenset({"id"}),
    Contribution: frozenset({"source", "target"}),
    Value: frozenset({"beneficiary", "provider"}),
}
_RECORDS = {
    Stakeholder: stakeholder_record,
    Contribution: contribution_record,
    Value: value_record,
}


def _attributes(item: Any) -> dict[str, Any]:
    """An item's fields by name, as its record has them, less those the graph's ends hold."""
    record, kept = _layout(type(item))
    fields = record(item)
    return {name: fields[index] for index, name in kept}


@per_class
def _layout(cls: type[Any]) -> tuple[Any, tuple[tuple[int, str], ...]]:
    """A class's record writer, and the positions and names of the fields an attribute holds."""
    ends = _ENDS[cls]
    return _RECORDS[cls], tuple((i, name) for i, name in enumerate(names(cls)) if name not in ends)


def _shown(key: object) -> str:
    """A node or edge key as a fault path shows it: ``repr`` if short and plain."""
    if type(key) in {str, int} and len(text := repr(key)) <= 60:
        return text
    return describe(key)


def _without(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key and v is not None}
