"""The graph form: Initiative.to_networkx and Initiative.from_networkx."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from cocreate import Contribution, Initiative, Resource, Role, Stakeholder, Value, examples
from cocreate.exceptions import CocreateError, InvalidModelError


def graph_of(initiative: Initiative | None = None) -> nx.MultiDiGraph[Any]:
    return (initiative or examples.nike_plus()).to_networkx()


class TestToNetworkx:
    def test_nodes_are_stakeholders_and_the_initiative(self) -> None:
        """Every stakeholder is a node, and one more node stands for the initiative."""
        initiative = examples.nike_plus()
        graph = graph_of(initiative)
        hub = graph.graph["initiative_node"]
        assert set(graph.nodes) == {"nike", "apple", "runners", hub}
        assert graph.nodes[hub]["node_type"] == "initiative"
        assert graph.nodes["runners"] == {
            "node_type": "stakeholder",
            "role": "customer",
            "name": "runners",
            "organization": None,
            "customer_of": ("apple", "nike"),
            "size": 1,
            "group": None,
        }

    def test_edges_are_contributions_and_values(self) -> None:
        """One edge per contribution (giver to receiver) and per value (provider to beneficiary)."""
        initiative = examples.nike_plus()
        graph = graph_of(initiative)
        hub = graph.graph["initiative_node"]
        kinds = [d["edge_type"] for _, _, d in graph.edges(data=True)]
        assert kinds.count("contribution") == len(initiative.contributions)
        assert kinds.count("value") == len(initiative.values)
        apple = [d for u, v, d in graph.edges(data=True) if u == "apple" and v == hub]
        assert apple == [
            {
                "edge_type": "contribution",
                "resource": "technology",
                "cost": 2.0,
                "description": "The sensor and its iPod link",
                "low": None,
                "high": None,
                "exchange": False,
                "link": None,
            }
        ]
        assert graph.has_edge(hub, "runners")
        assert graph.has_edge("runners", "nike")

    def test_graph_attributes(self) -> None:
        """The graph carries the initiative's name, focal, goal and process."""
        graph = graph_of()
        assert graph.graph["name"] == "Nike+"
        assert graph.graph["focal"] == "nike"
        assert graph.graph["goal"] == "new_offering"
        assert graph.graph["process"] == "iterative"

    def test_hub_never_collides_with_a_stakeholder(self) -> None:
        """A stakeholder called like the hub node pushes the hub to another key."""
        people = [Stakeholder("<initiative>", Role.FIRM), Stakeholder("b", Role.PARTNER)]
        initiative = Initiative("x", "<initiative>", people, [Contribution("b", "data")])
        graph = initiative.to_networkx()
        hub = graph.graph["initiative_node"]
        assert hub != "<initiative>"
        assert graph.number_of_nodes() == 3
        assert Initiative.from_networkx(graph) == initiative

    def test_networkx_algorithms_run(self) -> None:
        """Standard algorithms work on the exported graph."""
        graph = graph_of()
        centrality = nx.degree_centrality(graph)
        assert max(centrality, key=centrality.__getitem__) == graph.graph["initiative_node"]
        assert nx.is_weakly_connected(graph)
        assert nx.number_weakly_connected_components(graph) == 1

    def test_parallel_edges_are_kept(self) -> None:
        """Two equal contributions are two edges."""
        people = [Stakeholder("f", Role.FIRM), Stakeholder("p", Role.PARTNER)]
        twice = [Contribution("p", Resource.DATA)] * 2
        graph = Initiative("x", "f", people, twice).to_networkx()
        assert graph.number_of_edges("p", graph.graph["initiative_node"]) == 2


class TestFromNetworkx:
    @pytest.mark.parametrize("name", examples.names())
    def test_round_trip_of_every_example(self, name: str) -> None:
        """from_networkx(to_networkx(i)) == i for every built-in example."""
        initiative = examples.get(name)
        assert Initiative.from_networkx(initiative.to_networkx()) == initiative

    def test_round_trip_keeps_every_field(self) -> None:
        """Names, organizations, customers, targets, providers, kinds and texts survive."""
        people = [
            Stakeholder("f", Role.FIRM, name="The Firm"),
            Stakeholder("t", Role.EMPLOYEE, organization="f"),
            Stakeholder("c", Role.CUSTOMER, customer_of={"f"}),
        ]
        initiative = Initiative(
            "x",
            "f",
            people,
            [Contribution("t", "labor", target="c", cost=1.5, description="help")],
            [Value("c", -2, provider="t", kind="service", description="fix")],
            goal="specific_outcome",
            process="structured",
        )
        back = Initiative.from_networkx(initiative.to_networkx())
        assert back == initiative
        assert back.contributions[0].description == "help"

    def test_directed_graph_without_keys_is_read(self) -> None:
        """A plain DiGraph with the same attributes is read too."""
        graph: nx.DiGraph[Any] = nx.DiGraph(graph_of(examples.solo_development()))
        assert Initiative.from_networkx(graph) == examples.solo_development()

    @pytest.mark.parametrize("graph", [None, "graph", {}, nx.Graph(), nx.MultiGraph()])
    def test_not_a_directed_graph(self, graph: Any) -> None:
        """Anything that is not a directed networkx graph is refused."""
        with pytest.raises(CocreateError, match="must be a directed networkx graph"):
            Initiative.from_networkx(graph)

    def test_no_initiative_node(self) -> None:
        """A graph without exactly one initiative node is refused."""
        graph = graph_of()
        graph.remove_node(graph.graph["initiative_node"])
        with pytest.raises(InvalidModelError, match="exactly one node with node_type='initiative'"):
            Initiative.from_networkx(graph)

    def test_bad_node_and_edge_types(self) -> None:
        """Unknown node and edge types are reported with where they are."""
        graph = graph_of()
        graph.add_node("ghost", node_type="spirit")
        graph.add_edge("nike", "apple", edge_type="gift")
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_networkx(graph)
        paths = [f.path for f in error.value.faults]
        assert "node 'ghost'" in paths
        assert "edge ('nike', 'apple', 0)" in paths

    def test_bad_attributes_are_all_reported(self) -> None:
        """Wrong attribute values on nodes and edges are reported together."""
        graph = graph_of()
        graph.nodes["apple"]["role"] = "wizard"
        for _, _, data in graph.edges(data=True):
            if data["edge_type"] == "contribution":
                data["cost"] = -1
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_networkx(graph)
        faults = [str(fault) for fault in error.value.faults]
        assert len(faults) == 6
        assert faults[0] == (
            "node 'apple'.role: must be a Role ('firm', 'customer', 'supplier', 'partner', "
            "'employee'), got str 'wizard'"
        )
        hub = graph.graph["initiative_node"]
        assert faults[1] == (
            f"edge ('apple', {hub!r}, 0).cost: must be a finite number >= 0, got float -1.0"
        )
        assert all(".cost: must be a finite number >= 0" in fault for fault in faults[1:])

    def test_missing_graph_attributes(self) -> None:
        """A graph without a focal attribute is refused, at the focal field."""
        graph = graph_of()
        del graph.graph["focal"]
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_networkx(graph)
        assert [str(fault) for fault in error.value.faults] == [
            "focal: must be a non-empty stakeholder id (a str) or a Stakeholder, got None"
        ]

    def test_dangling_reference(self) -> None:
        """An edge to a node that is not a stakeholder is refused as an unknown stakeholder."""
        graph = graph_of()
        graph.add_edge("apple", "adidas", edge_type="contribution", resource="data", cost=0.0)
        graph.nodes["adidas"].update(node_type="stakeholder", role="firm")
        graph.remove_node("adidas")
        graph.add_edge("apple", "adidas", edge_type="contribution", resource="data")
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_networkx(graph)
        assert [str(fault) for fault in error.value.faults] == [
            (
                "edge ('apple', 'adidas', 0).target: unknown stakeholder 'adidas'; "
                "known: 'apple', 'nike', 'runners'"
            )
        ]

    def test_value_edges(self) -> None:
        """A value edge with a bad amount is reported at its edge."""
        graph = graph_of()
        graph.add_edge("nike", "apple", edge_type="value", amount=float("nan"))
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_networkx(graph)
        assert [str(f) for f in error.value.faults] == [
            "edge ('nike', 'apple', 0).amount: must be a finite number, got float nan"
        ]

    def test_accepts_value_from_the_initiative(self) -> None:
        """A value edge from the hub becomes a value from the initiative."""
        initiative = Initiative("x", "f", [Stakeholder("f", "firm")], values=[Value("f", 1)])
        graph = initiative.to_networkx()
        assert Initiative.from_networkx(graph).values == (Value("f", 1),)
