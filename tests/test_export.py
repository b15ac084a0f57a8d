"""Tests for the Mermaid and Graphviz DOT text pictures."""

from __future__ import annotations

import re

import pytest

from cocreate import Contribution, Initiative, Resource, Role, Stakeholder, Value
from cocreate._views.diagrams import to_dot, to_mermaid
from cocreate.examples import cross_team_project, my_starbucks_idea, nike_plus
from cocreate.exceptions import CocreateError

NASTY_ID = 'a "quoted" \\id\\ <b>&#x; end|x'
NASTY_NAME = 'Name with "quotes", <script>alert(1)</script>, \\N and\na line break #; |pipe|'


def _nasty() -> Initiative:
    firm = Stakeholder(NASTY_ID, Role.FIRM, name=NASTY_NAME)
    other = Stakeholder("end", Role.CUSTOMER, customer_of=[firm])
    clash = Stakeholder("end!", Role.PARTNER)
    hub = Stakeholder("<initiative>", Role.PARTNER)
    return Initiative(
        'The "Nasty" <initiative>',
        firm,
        [firm, other, clash, hub],
        [
            Contribution(other, Resource.IDEAS),
            Contribution(clash, Resource.CAPITAL, target=firm),
            Contribution(hub, Resource.DATA),
        ],
        [Value(firm, 2, provider=other), Value(other, -1.5)],
    )


# -- a small reader of the DOT this module writes --------------------------

_DOT_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)


def _dot_unquote(text: str) -> str:
    """Read a quoted DOT id the way Graphviz does: only \\" is an escape."""
    return re.sub(r"\\(.)", lambda m: '"' if m.group(1) == '"' else m.group(0), text)


def _dot_label(text: str) -> str:
    """Read a DOT label's escapes: \\n is a line break, \\\\ a backslash."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), text)


def _dot_statements(source: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    node = re.compile(rf"^    {_DOT_STRING.pattern} \[label={_DOT_STRING.pattern}, ")
    edge = re.compile(
        rf"^    {_DOT_STRING.pattern} -> {_DOT_STRING.pattern} \[label={_DOT_STRING.pattern}, "
    )
    for line in source.splitlines():
        if found := edge.match(line):
            a, b, label = found.groups()
            edges.append((_dot_unquote(a), _dot_unquote(b), _dot_label(label)))
        elif found := node.match(line):
            key, label = found.groups()
            nodes[_dot_unquote(key)] = _dot_label(label)
    return nodes, edges


class TestToMermaid:
    @pytest.mark.parametrize("make", [nike_plus, my_starbucks_idea, cross_team_project, _nasty])
    def test_every_stakeholder_and_edge(self, make: object) -> None:
        """Every stakeholder is a node and every contribution and value a link."""
        initiative = make()  # type: ignore[operator]
        lines = to_mermaid(initiative).splitlines()
        assert lines[0] == "flowchart LR"
        nodes = [line for line in lines if re.match(r"^    s_\w+\[\"", line)]
        links = [line for line in lines if re.search(r" (-->|-\.->|==>)\|", line)]
        assert len(nodes) == len(initiative.stakeholders)
        assert len(links) == len(initiative.contributions) + len(initiative.values)

    def test_styles(self) -> None:
        """Voice links are dotted, substantive solid, values thick and gold."""
        chart = to_mermaid(nike_plus())
        assert '    s_runners -.->|"feedback"| hub' in chart
        assert '    s_apple -->|"technology"| hub' in chart
        assert '    s_runners ==>|"+5 revenue"| s_apple' in chart
        assert "    linkStyle 5,6,7 stroke:#b8860b,color:#b8860b" in chart
        assert "    class s_apple,s_nike firm" in chart

    def test_ids_sanitized_and_unique(self) -> None:
        """Node ids use only letters, digits and _, and stay distinct."""
        chart = to_mermaid(_nasty())
        ids = re.findall(r"^    (\w+)\[\"", chart, flags=re.MULTILINE)
        assert len(ids) == len(set(ids)) == 4
        assert all(re.fullmatch(r"s_[A-Za-z0-9_]+", i) for i in ids)
        assert "s_end_" in chart

    def test_colliding_ids_made_distinct(self) -> None:
        """Ids that sanitize alike get a numbered suffix."""
        a, b = Stakeholder("a-b", Role.FIRM), Stakeholder("a_b", Role.PARTNER)
        chart = to_mermaid(Initiative("x", a, [a, b]))
        assert '    s_a_b["a-b<br/>firm"]' in chart
        assert '    s_a_b_2["a_b<br/>partner"]' in chart

    def test_labels_escaped(self) -> None:
        """Quotes, markup, # and | in names become entity codes inside quoted labels."""
        chart = to_mermaid(_nasty())
        for line in chart.splitlines():
            if '["' in line or '|"' in line or '(("' in line:
                inside = re.findall(r'"([^"]*)"', line)
                assert inside
                assert all("<script" not in part and "|" not in part for part in inside)
        assert "#60;script#62;" in chart
        assert "#34;quotes#34;" in chart
        assert "and<br/>a line break #35;#59;" in chart

    def test_not_an_initiative(self) -> None:
        """Anything but an Initiative is refused."""
        with pytest.raises(CocreateError, match="to_mermaid needs an Initiative"):
            to_mermaid(None)  # type: ignore[arg-type]


class TestToDot:
    @pytest.mark.parametrize("make", [nike_plus, my_starbucks_idea, cross_team_project, _nasty])
    def test_reads_back(self, make: object) -> None:
        """Read back, the nodes are the stakeholders and the hub, the edges every item."""
        initiative = make()  # type: ignore[operator]
        source = to_dot(initiative)
        assert source.startswith("digraph ")
        assert source.rstrip().endswith("}")
        nodes, edges = _dot_statements(source)
        hub = next(key for key in nodes if key.startswith("<initiative>") and key not in initiative)
        people = {key for key in nodes if key != hub}
        assert people == {p.id.replace("\\", "\\\\") for p in initiative.stakeholders}
        _, given, got = initiative.ordered  # edges come in the canonical order
        expected = [(c.source, hub if c.target is None else c.target) for c in given] + [
            (hub if v.provider is None else v.provider, v.beneficiary) for v in got
        ]
        unescape = {p.id.replace("\\", "\\\\"): p.id for p in initiative.stakeholders}
        unescape[hub] = hub
        assert [(unescape[a], unescape[b]) for a, b, _ in edges] == expected

    def test_labels_escaped(self) -> None:
        """Labels read back as the names written, line breaks and backslashes included."""
        nodes, _ = _dot_statements(to_dot(_nasty()))
        assert nodes[NASTY_ID.replace("\\", "\\\\")] == f"{NASTY_NAME}\n(firm)"
        assert nodes["<initiative>*"] == 'The "Nasty" <initiative>'

    def test_styles(self) -> None:
        """Voice edges are dashed, values bold and gold, labels name resources and amounts."""
        source = to_dot(nike_plus())
        assert '"runners" -> "<initiative>" [label="feedback", style=dashed' in source
        assert '"runners" -> "nike" [label="+10 revenue", style=bold, color="#b8860b"' in source
        assert '"nike" [label="Nike\\n(firm)", fillcolor="#4c72b0"];' in source

    def test_not_an_initiative(self) -> None:
        """Anything but an Initiative is refused."""
        with pytest.raises(CocreateError, match="to_dot needs an Initiative"):
            to_dot({})  # type: ignore[arg-type]
