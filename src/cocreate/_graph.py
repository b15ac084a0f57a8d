"""An initiative as a networkx graph, and back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from cocreate._dict import (
    FORMAT_VERSION,
    _placeholder,
    _Reader,
    assemble,
    read_contribution,
    read_stakeholder,
    read_value,
)
from cocreate._model import Goal, Initiative, Process
from cocreate.exceptions import FormatError

if TYPE_CHECKING:
    from collections.abc import Mapping

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


def initiative_to_networkx(initiative: Initiative) -> nx.MultiDiGraph[Any]:
    """Return the graph form; see :meth:`Initiative.to_networkx`."""
    hub = initiative_node(initiative)
    goal = initiative.goal.value if initiative.goal is not None else None
    process = initiative.process.value if initiative.process is not None else None
    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph(
        name=initiative.name,
        focal=initiative.focal,
        goal=goal,
        process=process,
        initiative_node=hub,
        cocreate_version=FORMAT_VERSION,
    )
    graph.add_node(hub, node_type="initiative", name=initiative.name)
    # Generators, not lists: networkx copies each attribute dict into its own,
    # so ours can go at once instead of piling up for the garbage collector.
    # Enum words are read through ``_value_``, a plain attribute, not the
    # ``value`` property.
    graph.add_nodes_from(
        (
            person.id,
            {
                "node_type": "stakeholder",
                "role": person.role._value_,
                "name": person.name,
                "organization": person.organization,
                "customer_of": tuple(sorted(person.customer_of)),
            },
        )
        for person in initiative.stakeholders
    )
    graph.add_edges_from(
        (
            (
                c.source,
                hub if c.target is None else c.target,
                {
                    "edge_type": "contribution",
                    "resource": c.resource._value_,
                    "cost": c.cost,
                    "description": c.description,
                },
            )
            for c in initiative.contributions
        ),
    )
    graph.add_edges_from(
        (
            (
                hub if v.provider is None else v.provider,
                v.beneficiary,
                {
                    "edge_type": "value",
                    "amount": v.amount,
                    "kind": v.kind._value_,
                    "description": v.description,
                },
            )
            for v in initiative.values
        ),
    )
    return graph


def initiative_from_networkx(graph: Any) -> Initiative:
    """Build an initiative from its graph form; see :meth:`Initiative.from_networkx`."""
    reader = _Reader()
    if not isinstance(graph, nx.Graph) or not graph.is_directed():
        msg = (
            "must be a directed networkx graph (as Initiative.to_networkx() makes), "
            f"got {type(graph).__name__}"
        )
        reader.fault("graph", msg)
        raise FormatError("initiative graph", reader.faults)
    info = graph.graph
    hubs = [node for node, data in graph.nodes(data=True) if data.get(NODE_TYPE) == "initiative"]
    if len(hubs) != 1:
        reader.fault(
            "graph",
            f"must have exactly one node with {NODE_TYPE}='initiative', found {len(hubs)}",
        )
        raise FormatError("initiative graph", reader.faults)
    hub = hubs[0]
    name = info.get("name", graph.nodes[hub].get("name"))
    header: dict[str, Any] = {
        "name": reader.text({"name": name}, "name", "graph"),
        "focal": reader.text(info, "focal", "graph", ident=True),
        "goal": reader.word(info, "goal", "graph", Goal, optional=True),
        "process": reader.word(info, "process", "graph", Process, optional=True),
    }
    parts: dict[str, list[tuple[str, Any]]] = {
        "stakeholders": [],
        "contributions": [],
        "values": [],
    }
    for node, data in graph.nodes(data=True):
        if node == hub:
            continue
        path = f"node {node!r}"
        kind = data.get(NODE_TYPE)
        if kind != "stakeholder":
            reader.fault(path, f"{NODE_TYPE} must be 'stakeholder' or 'initiative', got {kind!r}")
            continue
        fields = _without(data, NODE_TYPE)
        fields["id"] = node
        if fields.get("customer_of") is None:
            fields.pop("customer_of", None)
        built = read_stakeholder(reader, fields, path) or _placeholder(fields)
        parts["stakeholders"].append((path, built))
    edges = (
        graph.edges(keys=True, data=True)  # type: ignore[call-overload]
        if graph.is_multigraph()
        else ((u, v, 0, d) for u, v, d in graph.edges(data=True))
    )
    for source, target, key, data in edges:
        path = f"edge ({source!r}, {target!r}, {key!r})"
        kind = data.get(EDGE_TYPE)
        fields = _without(data, EDGE_TYPE)
        if kind == "contribution":
            fields["source"] = source
            if target != hub:
                fields["target"] = target
            parts["contributions"].append((path, read_contribution(reader, fields, path)))
        elif kind == "value":
            fields["beneficiary"] = target
            if source != hub:
                fields["provider"] = source
            parts["values"].append((path, read_value(reader, fields, path)))
        else:
            reader.fault(path, f"{EDGE_TYPE} must be 'contribution' or 'value', got {kind!r}")
    if header["name"] is None or header["focal"] is None:
        raise FormatError("initiative graph", reader.faults)
    return assemble(reader, header, parts, "initiative graph")


def _without(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key and v is not None}
