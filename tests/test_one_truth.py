"""One source of truth: every way in reports a fault alike, and order never shows.

The same faulty document goes through every way in that can express its
fault: the constructors, ``from_dict``, ``loads`` (JSON and TOML),
``from_records``, ``read_csv`` and ``from_networkx``. Each must report the
same faults (path and message) with the same exception class.

Equal initiatives, whatever order their collections were given in, give
equal results, sentences, tables, HTML and bytes.
"""

from __future__ import annotations

import copy
import csv
import json
import random
from typing import TYPE_CHECKING, Any, ClassVar

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    classify,
    from_records,
    ledger,
    loads,
    profile,
    read_csv,
    to_html,
)
from cocreate._formats.jsontoml import _toml_document
from cocreate.exceptions import InvalidModelError
from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from pathlib import Path

Faults = tuple[type[BaseException], tuple[tuple[str, str], ...]]


def _base() -> dict[str, Any]:
    return {
        "name": "Case",
        "focal": "acme",
        "stakeholders": [
            {"id": "acme", "role": "firm"},
            {"id": "lab", "role": "partner"},
            {"id": "buyers", "role": "customer", "customer_of": ["acme"]},
        ],
        "contributions": [
            {"source": "lab", "resource": "technology", "cost": 2.0},
            {"source": "buyers", "resource": "ideas", "target": "acme"},
        ],
        "values": [
            {"beneficiary": "acme", "amount": 5.0},
            {"beneficiary": "lab", "amount": 3.0, "provider": "acme"},
            {"beneficiary": "buyers", "amount": 1.0},
        ],
    }


def _with(part: str, index: int, **changes: Any) -> dict[str, Any]:
    doc = _base()
    doc[part][index].update(changes)
    return doc


def _caught(run: Any) -> Faults:
    with pytest.raises(InvalidModelError) as info:
        run()
    return type(info.value), tuple((f.path, f.message) for f in info.value.faults)


# --------------------------------------------------------------------------
# The ways in.


def via_constructors(doc: dict[str, Any]) -> Initiative:
    """Build each item with its constructor; report the items' faults, or the initiative's."""
    built: dict[str, list[Any]] = {}
    faults: list[Any] = []
    for part, cls, required in (
        ("stakeholders", Stakeholder, ("id", "role")),
        ("contributions", Contribution, ("source", "resource")),
        ("values", Value, ("beneficiary", "amount")),
    ):
        built[part] = []
        for index, row in enumerate(doc[part]):
            fields = dict(row)
            args = [fields.pop(name) for name in required]
            try:
                built[part].append(cls(*args, **fields))
            except InvalidModelError as error:
                faults.extend(error.under(f"{part}[{index}]").faults)
    if faults:
        raise InvalidModelError("items", faults)
    return Initiative(
        doc["name"], doc["focal"], built["stakeholders"], built["contributions"], built["values"]
    )


def via_dict(doc: dict[str, Any]) -> Initiative:
    return Initiative.from_dict(copy.deepcopy(doc))


def via_json(doc: dict[str, Any]) -> Initiative:
    return loads(json.dumps(doc), "json")


def via_toml(doc: dict[str, Any]) -> Initiative:
    return loads(_toml_document(doc), "toml")


def via_records(doc: dict[str, Any]) -> Initiative:
    return from_records(
        doc["name"], doc["focal"], doc["stakeholders"], doc["contributions"], doc["values"]
    )


def via_csv(doc: dict[str, Any], folder: Path) -> Initiative:
    """Write the document as the CSV files read_csv reads, cell by cell."""
    tables = {
        "initiative": [{"name": doc["name"], "focal": doc["focal"]}],
        "stakeholders": doc["stakeholders"],
        "contributions": doc["contributions"],
        "values": doc["values"],
    }
    for part, rows in tables.items():
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with (folder / f"{part}.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(columns)
            for row in rows:
                cells = [row.get(column, "") for column in columns]
                writer.writerow(";".join(c) if isinstance(c, list) else c for c in cells)
    return read_csv(folder)


def via_networkx(doc: dict[str, Any]) -> Initiative:
    """Build the graph to_networkx would make, by hand, from the document."""
    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph(name=doc["name"], focal=doc["focal"])
    graph.add_node("<initiative>", node_type="initiative")
    for row in doc["stakeholders"]:
        fields = {k: v for k, v in row.items() if k != "id"}
        graph.add_node(row["id"], node_type="stakeholder", **fields)
    for row in doc["contributions"]:
        fields = {k: v for k, v in row.items() if k not in {"source", "target"}}
        graph.add_edge(
            row["source"], row.get("target", "<initiative>"), edge_type="contribution", **fields
        )
    for row in doc["values"]:
        fields = {k: v for k, v in row.items() if k not in {"beneficiary", "provider"}}
        graph.add_edge(
            row.get("provider", "<initiative>"), row["beneficiary"], edge_type="value", **fields
        )
    return Initiative.from_networkx(graph)


def _edge_path(doc: dict[str, Any], part: str, index: int) -> str:
    """The path from_networkx gives the row: the edge's own key in the graph."""
    row = doc[part][index]
    if part == "contributions":
        ends = (row["source"], row.get("target", "<initiative>"))
    else:
        ends = (row.get("provider", "<initiative>"), row["beneficiary"])
    before = [
        r
        for r in doc[part][:index]
        if (
            r.get("source", r.get("provider", "<initiative>")),
            r.get("target", r.get("beneficiary")),
        )
        == ends
    ]
    return f"edge ({ends[0]!r}, {ends[1]!r}, {len(before)})"


#: Faulty documents; the ways in that can express each fault.
ALL = ("constructors", "dict", "json", "toml", "records", "csv", "networkx")
CASES: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    ("unknown source", _with("contributions", 0, source="lob"), ALL),
    ("negative cost", _with("contributions", 0, cost=-1.0), ALL),
    ("string cost", _with("contributions", 0, cost="3"), tuple(w for w in ALL if w != "csv")),
    ("unknown role", _with("stakeholders", 1, role="boss"), ALL),
    ("value kind as resource", _with("contributions", 0, resource="revenue"), ALL),
    ("self contribution", _with("contributions", 1, target="buyers"), ALL),
    ("low above cost", _with("contributions", 0, low=3.0), ALL),
    ("focal a customer", {**_base(), "focal": "buyers"}, ALL),
    (
        "two faults at once",
        _with("contributions", 0, cost="3", source="lob"),
        ("dict", "json", "toml", "records", "networkx"),
    ),
    (
        "unknown field set to null",
        _with("stakeholders", 0, nmae=None),
        ("dict", "json", "records"),
    ),
]


def _run(way: str, doc: dict[str, Any], folder: Path) -> Faults:
    runs = {
        "constructors": via_constructors,
        "dict": via_dict,
        "json": via_json,
        "toml": via_toml,
        "records": via_records,
        "networkx": via_networkx,
    }
    if way == "csv":
        return _caught(lambda: via_csv(doc, folder))
    return _caught(lambda: runs[way](doc))


def _graph_paths(doc: dict[str, Any], faults: Faults) -> Faults:
    """Rename row paths to the node and edge paths that from_networkx uses."""
    cls, items = faults
    renamed = []
    for path, message in items:
        part, _, rest = path.partition("[")
        if part in {"contributions", "values"} and rest:
            index, _, tail = rest.partition("]")
            path = _edge_path(doc, part, int(index)) + tail  # noqa: PLW2901
        elif part == "stakeholders" and rest:
            index, _, tail = rest.partition("]")
            path = f"node {doc['stakeholders'][int(index)]['id']!r}{tail}"  # noqa: PLW2901
        renamed.append((path, message))
    return cls, tuple(renamed)


class TestEveryWayIn:
    @pytest.mark.parametrize(("label", "doc", "ways"), CASES, ids=[c[0] for c in CASES])
    def test_same_faults_same_class(
        self, label: str, doc: dict[str, Any], ways: tuple[str, ...], tmp_path: Path
    ) -> None:
        """Every way in that can express the fault reports the same faults, alike."""
        del label
        reference = _run("dict", doc, tmp_path)
        assert reference[1], "the document must be faulty"
        for way in ways:
            got = _run(way, doc, tmp_path)
            expected = _graph_paths(doc, reference) if way == "networkx" else reference
            assert got == expected, way

    def test_shape_and_model_faults_come_together(self) -> None:
        """A wrong type and an unknown stakeholder in one document are reported in one go."""
        doc = _with("contributions", 0, cost="3", source="lob")
        _, faults = _caught(lambda: via_dict(doc))
        paths = [path for path, _ in faults]
        assert "contributions[0].cost" in paths
        assert "contributions[0].source" in paths

    def test_unknown_field_with_null_is_reported(self) -> None:
        """An unknown key is a fault even when its value is null."""
        _, faults = _caught(lambda: via_dict(_with("stakeholders", 0, nmae=None)))
        assert [path for path, _ in faults] == ["stakeholders[0].nmae"]

    def test_value_kind_is_not_a_resource_in_records(self) -> None:
        """from_records refuses a ValueKind where a Resource belongs, as the constructor does."""
        with pytest.raises(InvalidModelError, match="resource"):
            from_records(
                "x", "a", [("a", "firm"), ("b", "partner")], [("b", cocreate.ValueKind.DATA)]
            )
        with pytest.raises(InvalidModelError, match="kind"):
            from_records("x", "a", [("a", "firm")], [], [("a", 1.0, None, cocreate.Resource.DATA)])


# --------------------------------------------------------------------------
# Canonical order.


def _shuffled(initiative: Initiative, seed: int) -> Initiative:
    rng = random.Random(seed)  # noqa: S311 - a shuffle, not a secret
    people = list(initiative.stakeholders)
    given = list(initiative.contributions)
    got = list(initiative.values)
    for part in (people, given, got):
        rng.shuffle(part)
    return Initiative(
        initiative.name,
        initiative.focal,
        people,
        given,
        got,
        goal=initiative.goal,
        process=initiative.process,
    )


def _renamed(initiative: Initiative, prefix: str, *, reverse: bool = False) -> Initiative:
    """Rename every id consistently; names (display labels) and group labels stay.

    Sizes, exchanges and links are kept as they are: they are not ids.

    With ``reverse``, each id is also spelled backwards, which changes the
    order of the ids.
    """

    def new(key: str | None) -> Any:
        if key is None:
            return None
        return prefix + (key[::-1] if reverse else key)

    people = [
        Stakeholder(
            new(s.id),
            s.role,
            name=s.name,
            organization=new(s.organization),
            customer_of=[new(c) for c in s.customer_of],
            size=s.size,
            group=s.group,
        )
        for s in initiative.stakeholders
    ]
    contributions = [
        Contribution(
            new(c.source),
            c.resource,
            target=new(c.target),
            cost=c.cost,
            description=c.description,
            low=c.low,
            high=c.high,
            exchange=c.exchange,
            link=c.link,
        )
        for c in initiative.contributions
    ]
    values = [
        Value(
            new(v.beneficiary),
            v.amount,
            provider=new(v.provider),
            kind=v.kind,
            description=v.description,
            low=v.low,
            high=v.high,
            link=v.link,
        )
        for v in initiative.values
    ]
    return Initiative(
        initiative.name,
        new(initiative.focal),
        people,
        contributions,
        values,
        goal=initiative.goal,
        process=initiative.process,
    )


#: Initiatives to shuffle: the built-in examples, and drawn ones of every kind.
SUBJECTS = st.one_of(
    st.sampled_from(cocreate.examples.names()).map(cocreate.examples.get),
    initiatives(max_stakeholders=8),
)


def _outputs(initiative: Initiative, folder: Path) -> dict[str, Any]:
    result = classify(initiative)
    book = ledger(initiative)
    shape = profile(initiative)
    cocreate.dump(initiative, folder / "i.json")
    cocreate.dump(initiative, folder / "i.toml")
    cocreate.write_csv(initiative, folder / "csv")
    return {
        "classification": result,
        "ledger": book,
        "profile": shape,
        "sentences": result.sentences,
        "evidence": [c.evidence for c in result.criteria],
        "ledger text": str(book),
        "profile text": str(shape),
        "html": [to_html(initiative), to_html(result), to_html(book), to_html(shape)],
        "json": cocreate.dumps(initiative),
        "toml": cocreate.dumps(initiative, "toml"),
        "files": sorted(
            (p.relative_to(folder).as_posix(), p.read_bytes())
            for p in folder.rglob("*")
            if p.is_file()
        ),
        "records": cocreate.to_records(initiative),
        "dict": initiative.to_dict(),
    }


class TestCanonicalOrder:
    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(initiative=SUBJECTS, seed=st.integers(0, 2**32 - 1))
    def test_shuffling_changes_nothing(
        self, initiative: Initiative, seed: int, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Equal initiatives give equal results, identical words, tables, HTML and bytes."""
        other = _shuffled(initiative, seed)
        assert other == initiative
        first = _outputs(initiative, tmp_path_factory.mktemp("a"))
        second = _outputs(other, tmp_path_factory.mktemp("b"))
        for key, value in first.items():
            assert second[key] == value, key

    @settings(max_examples=60, deadline=None, database=None)
    @given(initiative=SUBJECTS, seed=st.integers(0, 2**32 - 1))
    def test_renaming_changes_only_the_ids(self, initiative: Initiative, seed: int) -> None:
        """Renaming ids consistently keeps the kind, every criterion's verdict and net value."""
        other = _shuffled(_renamed(initiative, "x-"), seed)
        before, after = classify(initiative), classify(other)
        assert after.kind is before.kind
        assert [(c.kind, c.check, c.holds) for c in after.criteria] == [
            (c.kind, c.check, c.holds) for c in before.criteria
        ]
        assert [c.net_values for c in after.criteria] == [c.net_values for c in before.criteria]
        assert after.sentences == before.sentences  # names, not ids, are shown
        nets = {"x-" + k: v for k, v in ledger(initiative).net_values().items()}
        assert ledger(other).net_values() == nets

    @settings(max_examples=60, deadline=None, database=None)
    @given(initiative=SUBJECTS, seed=st.integers(0, 2**32 - 1))
    def test_reordering_renames_keep_every_verdict(self, initiative: Initiative, seed: int) -> None:
        """A renaming that changes the order of the ids keeps the kind and every verdict."""
        other = _shuffled(_renamed(initiative, "y", reverse=True), seed)
        before, after = classify(initiative), classify(other)
        assert after.kind is before.kind
        assert [(c.kind, c.check, c.holds, sorted(c.net_values)) for c in after.criteria] == [
            (c.kind, c.check, c.holds, sorted(c.net_values)) for c in before.criteria
        ]
        nets = {"y" + k[::-1]: v for k, v in ledger(initiative).net_values().items()}
        assert ledger(other).net_values() == nets


class TestTabularCells:
    """CSV, Excel and pandas read the same hand-typed cells to the same initiative."""

    ROWS: ClassVar[dict[str, list[list[str]]]] = {
        "initiative": [["name", "focal"], ["Club", "acme"]],
        "stakeholders": [
            ["id", "role", "customer_of"],
            ["acme", "firm", ""],
            ["lab", "partner", ""],
            ["fans", "customer", " acme ; lab "],
        ],
        "contributions": [
            ["source", "resource", "target", "cost"],
            ["lab", "technology", "", " 2.5 "],
            ["fans", "ideas", "acme", "1e0"],
        ],
        "values": [
            ["beneficiary", "amount"],
            ["acme", "4"],
            ["lab", "3"],
            ["fans", "2"],
        ],
    }

    def _csv(self, folder: Path) -> Initiative:
        for part, rows in self.ROWS.items():
            with (folder / f"{part}.csv").open("w", encoding="utf-8", newline="") as stream:
                csv.writer(stream).writerows(rows)
        return read_csv(folder)

    def _excel(self, folder: Path) -> Initiative:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for part, rows in self.ROWS.items():
            sheet = book.create_sheet(part)
            for row in rows:
                sheet.append(row)
        path = folder / "club.xlsx"
        book.save(path)
        return cocreate.read_excel(path)

    def _pandas(self) -> Initiative:
        import pandas as pd

        frames = {part: pd.DataFrame(rows[1:], columns=rows[0]) for part, rows in self.ROWS.items()}
        return cocreate.from_pandas(
            "Club", "acme", frames["stakeholders"], frames["contributions"], frames["values"]
        )

    def test_every_table_reads_the_cells_alike(self, tmp_path: Path) -> None:
        """Text numbers, 'a; b' id lists and empty cells mean the same in every table."""
        from_csv = self._csv(tmp_path)
        assert from_csv == self._excel(tmp_path)
        assert from_csv == self._pandas()
        assert from_csv.stakeholder("fans").customer_of == frozenset({"acme", "lab"})
        assert sorted(c.cost for c in from_csv.contributions) == [1.0, 2.5]
