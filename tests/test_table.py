"""classify_table: many initiatives as tables, classified by columns, as classify classifies."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate import (
    Contribution,
    Initiative,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    classify,
    classify_table,
    examples,
    explain_row,
    is_win_win,
    is_win_win_win,
    read_tables,
    to_pandas,
    write_tables,
)
from cocreate._cli import main
from cocreate._rules.facts import Facts
from cocreate.examples import nike_plus
from cocreate.exceptions import ArgumentError, CocreateError, FormatError, InvalidModelError
from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Differential tests: seeded, so that no run depends on chance.
SAME = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

#: The rules every differential test runs under.
RULES = (
    Rules(),
    Rules(groups="each"),
    Rules(customers_co_create=True),
    Rules(
        win_threshold=0.5,
        voice_resources={"ideas", "input", "feedback", "data"},
        min_contributors=3,
    ),
)

_PARTS = ("stakeholders", "contributions", "values")


Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]


def tables(many: Sequence[Initiative]) -> Tables:
    """Lay initiatives out as the four tables, ``i0``, ``i1``, ... as their ids."""
    head = pd.DataFrame(
        {
            "initiative": [f"i{k}" for k in range(len(many))],
            "focal": [i.focal for i in many],
            "goal": [None if i.goal is None else i.goal.value for i in many],
            "process": [None if i.process is None else i.process.value for i in many],
        }
    )
    parts = []
    for part in _PARTS:
        frames = []
        for k, initiative in enumerate(many):
            frame = to_pandas(initiative, table=part)
            frame.insert(0, "initiative", f"i{k}")
            frames.append(frame)
        table = pd.concat(frames, ignore_index=True)
        for column in ("customer_of", "requires"):
            if column in table.columns:
                table[column] = [";".join(sorted(ids)) for ids in table[column]]
        parts.append(table)
    return head, parts[0], parts[1], parts[2]


def expected(many: Sequence[Initiative], rules: Rules) -> list[tuple[str, str, str]]:
    """The kind, structure and outcome classify gives each initiative."""
    out = []
    for initiative in many:
        result = classify(initiative, rules=rules)
        out.append((result.kind.value, result.structure.value, result.outcome.value))
    return out


def check_against_classify(many: Sequence[Initiative], rules: Rules, frame: pd.DataFrame) -> None:
    """Every row of classify_table's frame says what classify says of its initiative."""
    assert list(frame["initiative"]) == [f"i{k}" for k in range(len(many))]
    found = list(zip(frame["kind"], frame["structure"], frame["outcome"], strict=True))
    assert found == expected(many, rules)
    for k, initiative in enumerate(many):
        result = classify(initiative, rules=rules)
        failed = result.failed()
        cell = frame["failed"][k]
        assert (None if pd.isna(cell) else cell) == (failed[0].check.value if failed else None)
        judged = rules.judged(initiative)
        account = judged.accounts[judged.focal]
        # Summed in another order: as close as rounding allows, relative to the terms' sizes.
        got = judged.values_to(judged.focal)
        size = account.cost + sum(abs(v.amount) for v in got)
        assert math.isclose(frame["net_value"][k], account.net_value, abs_tol=1e-12 * size)
        assert frame["co_creators"][k] == len(Facts(initiative, rules).partners)
        assert frame["customers"][k] == len(Facts(initiative, rules).customers)
        assert frame["win_win"][k] == is_win_win(initiative, rules=rules)
        assert frame["win_win_win"][k] == is_win_win_win(initiative, rules=rules)


class TestClassifyTable:
    @pytest.mark.parametrize("rules", RULES, ids=["default", "each", "customers", "custom"])
    @SAME
    @given(data=st.data())
    def test_pandas_agrees_with_classify(self, rules: Rules, data: st.DataObject) -> None:
        """On pandas frames of drawn initiatives, every row is what classify says."""
        many = data.draw(st.lists(initiatives(rules=rules), min_size=1, max_size=4))
        frame = classify_table(*tables(many), rules=rules)
        assert isinstance(frame, pd.DataFrame)
        check_against_classify(many, rules, frame)

    @pytest.mark.parametrize("rules", RULES, ids=["default", "each", "customers", "custom"])
    @SAME
    @given(data=st.data())
    def test_polars_agrees_with_classify(self, rules: Rules, data: st.DataObject) -> None:
        """On polars frames, the same answers, as a polars frame."""
        many = data.draw(st.lists(initiatives(rules=rules), min_size=1, max_size=4))
        frames = [pl.from_pandas(frame) for frame in tables(many)]
        frame = classify_table(*frames, rules=rules)
        assert isinstance(frame, pl.DataFrame)
        check_against_classify(many, rules, frame.to_pandas())

    def test_arrow_in_arrow_out(self) -> None:
        """pyarrow Tables give a pyarrow Table with the same rows."""
        many = [nike_plus(), nike_plus().evolve(goal="specific_outcome")]
        frames = [pa.Table.from_pandas(frame, preserve_index=False) for frame in tables(many)]
        table = classify_table(*frames)
        assert isinstance(table, pa.Table)
        assert table.column("kind").to_pylist() == ["co_creation", "collaboration"]

    def test_the_result_columns(self) -> None:
        """One row per initiative, the columns the docs list, Nike+ as co-creation."""
        frame = classify_table(*tables([nike_plus()]))
        assert list(frame.columns) == [
            "initiative",
            "kind",
            "structure",
            "outcome",
            "net_value",
            "co_creators",
            "customers",
            "win_win",
            "win_win_win",
            "failed",
        ]
        row = frame.iloc[0]
        assert (row["kind"], row["net_value"], row["co_creators"], row["customers"]) == (
            "co_creation",
            5.0,
            2,
            1,
        )
        assert bool(row["win_win"])
        assert bool(row["win_win_win"])
        assert row["failed"] is None

    def test_break_even_by_decimals(self) -> None:
        """0.1 + 0.2 - 0.3 is 0 in decimal: it does not win, as classify says."""
        people = [Stakeholder("f", Role.FIRM), Stakeholder("c", Role.CUSTOMER)]
        given_ = [
            Contribution("c", Resource.IDEAS, cost=0.3),
            Contribution("f", Resource.LABOR, cost=0.3),
        ]
        got = [Value("c", 0.1), Value("c", 0.2), Value("f", 0.1), Value("f", 0.2)]
        even = Initiative("even", "f", people, given_, got)
        frame = classify_table(*tables([even]))
        assert frame["kind"][0] == classify(even).kind.value == "collaboration"
        assert frame["net_value"][0] == 0.0
        assert not frame["win_win"][0]

    def test_no_initiatives(self) -> None:
        """Empty tables give an empty frame with the result's columns."""
        empty = tables([nike_plus()])
        frame = classify_table(*(table.iloc[0:0] for table in empty))
        assert len(frame) == 0
        assert "kind" in frame.columns

    def test_rules_must_be_rules(self) -> None:
        """Anything else as rules is an ArgumentError."""
        with pytest.raises(ArgumentError, match="rules must be"):
            classify_table(*tables([nike_plus()]), rules="strict")  # type: ignore[arg-type]

    def test_libraries_must_match(self) -> None:
        """A pandas frame among polars ones is refused, naming each table's library."""
        head, *rest = tables([nike_plus()])
        with pytest.raises(ArgumentError, match="initiatives polars"):
            classify_table(pl.from_pandas(head), *rest)

    def test_not_a_frame(self) -> None:
        """A list is no table."""
        with pytest.raises(ArgumentError, match="got list"):
            classify_table([], [], [], [])


def broken(table: str, column: str, row: int, cell: Any) -> Tables:
    """Nike+ and My Starbucks Idea as tables, with one cell changed."""
    from cocreate.examples import my_starbucks_idea

    frames = list(tables([nike_plus(), my_starbucks_idea()]))
    at = ("initiatives", *_PARTS).index(table)
    frame = frames[at].copy()
    if column not in frame.columns:
        frame[column] = None
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = cell
    frames[at] = frame
    return frames[0], frames[1], frames[2], frames[3]


class TestBadTables:
    @pytest.mark.parametrize(
        ("table", "column", "row", "cell", "words"),
        [
            ("stakeholders", "role", 1, "wizard", "stakeholders[1].role: initiative 'i0'"),
            ("initiatives", "focal", 1, "nobody", "initiatives[1].focal: initiative 'i1'"),
            ("contributions", "source", 0, "ghost", "unknown stakeholder 'ghost'"),
            ("contributions", "target", 0, "ghost", "contributions[0].target"),
            ("contributions", "cost", 2, -1.0, "contributions[2].cost"),
            ("contributions", "cost", 2, math.nan, "finite number >= 0, got nan"),
            ("values", "amount", 0, math.nan, "values[0].amount: initiative 'i0'"),
            ("values", "beneficiary", 0, "ghost", "unknown stakeholder 'ghost'"),
            ("values", "provider", 0, "ghost", "values[0].provider"),
            ("values", "requires", 0, "ghost", "values[0].requires"),
            ("stakeholders", "organization", 0, "ghost", "stakeholders[0].organization"),
            ("stakeholders", "customer_of", 0, "ghost", "stakeholders[0].customer_of"),
            ("stakeholders", "id", 0, "nike", "listed twice"),
            ("stakeholders", "initiative", 0, "i9", "not in the initiatives table"),
            ("contributions", "resource", 0, "gold", "resource 'gold' is not one of"),
            ("contributions", "exchange", 0, "maybe", "is not true or false"),
            ("initiatives", "goal", 0, "fame", "goal 'fame' is not one of"),
            ("initiatives", "initiative", 1, "i0", "listed twice"),
            ("values", "kind", 0, "gold", "kind 'gold' is not one of"),
            ("stakeholders", "size", 0, 0, "size must be a whole number"),
        ],
    )
    def test_a_bad_cell_is_named(
        self, table: str, column: str, row: int, cell: Any, words: str
    ) -> None:
        """One InvalidModelError naming the table, the row, the initiative and what is wrong."""
        with pytest.raises(InvalidModelError) as caught:
            classify_table(*broken(table, column, row, cell))
        assert words in str(caught.value)
        assert isinstance(caught.value, CocreateError)

    def test_a_missing_column(self) -> None:
        """A table without a column it needs is refused, naming the column."""
        head, people, given_, got = tables([nike_plus()])
        with pytest.raises(InvalidModelError, match="no column 'role'"):
            classify_table(head, people.drop(columns="role"), given_, got)

    def test_the_focal_must_be_an_organization(self) -> None:
        """A customer as the focal stakeholder is refused."""
        with pytest.raises(InvalidModelError, match="must be an organization"):
            classify_table(*broken("initiatives", "focal", 0, "runners"))

    def test_many_faults_are_counted(self) -> None:
        """Beyond a few faults of one sort, the rest are counted, not dropped."""
        head, people, given_, got = tables([nike_plus()] * 8)
        got = got.assign(amount=math.nan)
        with pytest.raises(InvalidModelError, match="more rows like these"):
            classify_table(head, people, given_, got)

    def test_a_group_label_that_is_an_id(self) -> None:
        """A crowd named like a stakeholder is refused, as the model refuses it."""
        with pytest.raises(InvalidModelError, match="also a stakeholder's id"):
            classify_table(*broken("stakeholders", "group", 2, "apple"))

    def test_linked_items_must_agree(self) -> None:
        """Items sharing a link with different amounts are refused."""
        frames = list(broken("values", "link", 0, "pay"))
        frames[2] = frames[2].assign(link=None).astype({"link": object})
        frames[2].loc[0, "link"] = "pay"
        with pytest.raises(InvalidModelError, match="sharing this link"):
            classify_table(*frames)


class TestExplainRow:
    def test_the_full_classification(self) -> None:
        """explain_row gives the classification classify gives, criteria and all."""
        many = [nike_plus(), nike_plus().evolve(goal="specific_outcome")]
        result = explain_row(tables(many), "i1")
        assert result.kind is classify(many[1]).kind
        assert result.criteria == classify(many[1].evolve(name="i1")).criteria

    def test_an_unknown_initiative(self) -> None:
        """An id not in the initiatives table is an ArgumentError."""
        with pytest.raises(ArgumentError, match="no row for initiative 'nope'"):
            explain_row(tables([nike_plus()]), "nope")

    def test_polars_tables(self) -> None:
        """Polars tables are read as well."""
        frames = [pl.from_pandas(frame) for frame in tables([nike_plus()])]
        assert explain_row(frames, "i0").kind is classify(nike_plus()).kind


class TestDask:
    def test_a_local_cluster_gives_the_in_memory_answer(self, tmp_path: Path) -> None:
        """On two worker processes, partitioned Parquet gives what the pandas frames give."""
        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        many = [examples.get(name) for name in examples.names()] * 8
        frames = tables(many)
        want = classify_table(*frames)
        names = ("initiatives", *_PARTS)
        for name, frame in zip(names, frames, strict=True):
            dd.from_pandas(frame, npartitions=3).to_parquet(  # type: ignore[no-untyped-call]
                tmp_path / name
            )
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster),  # type: ignore[no-untyped-call]
        ):
            parts = [dd.read_parquet(tmp_path / name) for name in names]
            lazy = classify_table(*parts)
            assert isinstance(lazy, dd.DataFrame)
            found = lazy.compute()  # type: ignore[no-untyped-call]
        found = found.set_index("initiative").loc[list(want["initiative"])].reset_index()
        for column in ("kind", "structure", "outcome", "net_value", "co_creators", "win_win"):
            assert list(found[column]) == list(want[column])

    def test_one_partition_each(self) -> None:
        """Tables of one partition each are classified without a shuffle, synchronously."""
        import dask
        import dask.dataframe as dd

        frames = tables([nike_plus()])
        parts = [dd.from_pandas(frame, npartitions=1) for frame in frames]  # type: ignore[no-untyped-call]
        lazy = classify_table(*parts)
        with dask.config.set(scheduler="synchronous"):
            assert list(lazy.compute()["kind"]) == ["co_creation"]


class TestReadWriteTables:
    @pytest.mark.parametrize("where", ["parquet", "csv", "xlsx"])
    def test_round_trip_classifies_the_same(self, tmp_path: Path, where: str) -> None:
        """Tables written and read back, as Parquet, CSV or a workbook, classify the same."""
        many = [examples.get(name) for name in examples.names()]
        frames = tables(many)
        want = classify_table(*frames)
        if where == "xlsx":
            path = tmp_path / "many.xlsx"
            write_tables(*frames, path)
        else:
            path = tmp_path / "many"
            write_tables(*frames, path, format=where)
        back = read_tables(path)
        found = classify_table(*back)
        for column in ("initiative", "kind", "structure", "outcome", "net_value"):
            assert list(found[column]) == list(want[column])
        assert explain_row(back, "i0").kind is classify(many[0]).kind

    def test_polars_tables_are_written(self, tmp_path: Path) -> None:
        """Polars frames, with lists of ids, are written as CSV too."""
        frames = [pl.from_pandas(frame) for frame in tables([nike_plus()])]
        write_tables(frames[0], frames[1], frames[2], frames[3], tmp_path, format="csv")
        assert list(classify_table(*read_tables(tmp_path))["kind"]) == ["co_creation"]

    def test_a_missing_table(self, tmp_path: Path) -> None:
        """A folder without one of the four tables is refused, naming it."""
        write_tables(*tables([nike_plus()]), tmp_path, format="csv")
        (tmp_path / "values.csv").unlink()
        with pytest.raises(FormatError, match=r"has no values\.parquet or values\.csv"):
            read_tables(tmp_path)

    def test_a_table_twice(self, tmp_path: Path) -> None:
        """A table as both CSV and Parquet is refused: which one is meant is unclear."""
        frames = tables([nike_plus()])
        write_tables(*frames, tmp_path, format="csv")
        write_tables(*frames, tmp_path, format="parquet")
        with pytest.raises(FormatError, match="twice"):
            read_tables(tmp_path)

    def test_a_file_too_large(self, tmp_path: Path) -> None:
        """A file beyond max_bytes is not read."""
        write_tables(*tables([nike_plus()]), tmp_path, format="csv")
        with pytest.raises(FormatError, match="max_bytes"):
            read_tables(tmp_path, max_bytes=10)

    def test_a_damaged_parquet_file(self, tmp_path: Path) -> None:
        """Bytes that are not Parquet give a FormatError naming the file."""
        write_tables(*tables([nike_plus()]), tmp_path)
        (tmp_path / "values.parquet").write_bytes(b"PAR1 not really")
        with pytest.raises(FormatError, match=r"values\.parquet"):
            read_tables(tmp_path)

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A .xlsx file that is no zip archive is refused before it is parsed."""
        path = tmp_path / "bad.xlsx"
        path.write_bytes(b"hello")
        with pytest.raises(FormatError, match="zip archive"):
            read_tables(path)

    def test_not_a_folder(self, tmp_path: Path) -> None:
        """A path that is neither a folder nor a workbook is refused."""
        with pytest.raises(FormatError, match="not a folder of tables"):
            read_tables(tmp_path / "nothing")

    def test_a_bad_format(self, tmp_path: Path) -> None:
        """Only parquet and csv are formats of a folder."""
        with pytest.raises(ArgumentError, match="format must be"):
            write_tables(*tables([nike_plus()]), tmp_path, format="json")

    def test_a_failed_write_leaves_the_old_files(self, tmp_path: Path) -> None:
        """All or nothing: a table that cannot be written leaves every old file as it was."""
        frames = tables([nike_plus()])
        write_tables(*frames, tmp_path, format="csv")
        before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
        bad = frames[3].assign(amount=pd.Series([object()] * len(frames[3]), dtype=object))
        with pytest.raises(CocreateError, match="cannot write"):
            write_tables(*frames[:3], bad, tmp_path, format="parquet")
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


class TestCommandLine:
    def test_classify_table_writes_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """cocreate classify-table reads a folder and writes one row per initiative."""
        many = [examples.get(name) for name in examples.names()]
        write_tables(*tables(many), tmp_path / "in", format="csv")
        out = tmp_path / "out.csv"
        assert main(["classify-table", str(tmp_path / "in"), "-o", str(out)]) == 0
        assert "5 initiatives: 1 co-creation" in capsys.readouterr().out
        assert list(pd.read_csv(out)["kind"]) == list(classify_table(*tables(many))["kind"])

    def test_classify_table_writes_parquet_with_rules(self, tmp_path: Path) -> None:
        """The rules options apply; .parquet output is read back by pandas."""
        write_tables(*tables([nike_plus()]), tmp_path / "in.xlsx")
        out = tmp_path / "out.parquet"
        code = main(
            ["classify-table", str(tmp_path / "in.xlsx"), "-o", str(out), "--threshold", "4"]
        )
        assert code == 0
        assert list(pd.read_parquet(out)["kind"]) == ["collaboration"]

    def test_an_invalid_table_is_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad cell exits 1 with one line naming the row, and writes nothing."""
        write_tables(*broken("contributions", "cost", 0, -1.0), tmp_path / "in", format="csv")
        out = tmp_path / "out.csv"
        assert main(["classify-table", str(tmp_path / "in"), "-o", str(out)]) == 1
        error = capsys.readouterr().err
        assert "contributions[0].cost" in error
        assert error.count("\n") == 1
        assert not out.exists()

    def test_a_bad_output_suffix(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Only .csv and .parquet are written."""
        assert main(["classify-table", str(tmp_path), "-o", str(tmp_path / "out.json")]) == 1
        assert ".csv or .parquet" in capsys.readouterr().err

    def test_a_progress_bar_for_large_inputs(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With tqdm there and a terminal, each step advances a bar; without, nothing is shown."""
        import sys
        import types

        from cocreate import _cli_table

        steps: list[str] = []

        class Bar:
            def __init__(self, **_: object) -> None:
                steps.append("open")

            def set_description(self, text: str) -> None:
                steps.append(text)

            def update(self, _: int) -> None:
                pass

            def close(self) -> None:
                steps.append("closed")

        monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=Bar))
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        with _cli_table._progress(large=True) as step:
            step("classifying")
        assert steps == ["open", "classifying", "closed"]
        with _cli_table._progress(large=False) as step:
            step("classifying")
        assert steps == ["open", "classifying", "closed"]

    def test_a_rich_progress_bar(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without tqdm but with rich, rich's Progress shows the steps."""
        import sys
        import types

        from cocreate import _cli_table

        steps: list[object] = []

        class Progress:
            def __init__(self, **_: object) -> None:
                steps.append("open")

            def add_task(self, _name: str, **_: object) -> int:
                return 7

            def start(self) -> None:
                steps.append("start")

            def update(self, task: int, **fields: object) -> None:
                steps.append((task, fields["description"]))

            def stop(self) -> None:
                steps.append("stop")

        monkeypatch.setitem(sys.modules, "tqdm", None)
        monkeypatch.setitem(sys.modules, "rich", types.ModuleType("rich"))
        monkeypatch.setitem(sys.modules, "rich.progress", types.SimpleNamespace(Progress=Progress))
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        with _cli_table._progress(large=True) as step:
            step("writing")
        assert steps == ["open", "start", (7, "writing"), "stop"]

    def test_no_bar_without_tqdm_or_rich(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With neither installed, the steps pass silently."""
        import sys

        from cocreate import _cli_table

        monkeypatch.setitem(sys.modules, "tqdm", None)
        monkeypatch.setitem(sys.modules, "rich.progress", None)
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        with _cli_table._progress(large=True) as step:
            step("classifying")


class TestPublicNames:
    NAMES = ("classify_table", "explain_row", "read_tables", "write_tables")

    @pytest.mark.parametrize("name", NAMES)
    def test_public_documented_and_listed(self, name: str) -> None:
        """Each new name is in __all__, named cocreate.X, has an example, and is in the API page."""
        import cocreate

        obj = getattr(cocreate, name)
        assert name in cocreate.__all__
        assert obj.__module__ == "cocreate"
        assert "Examples" in (obj.__doc__ or "")
        api = (Path(__file__).parent.parent / "docs" / "api.md").read_text()
        assert f"cocreate.{name}" in api


class TestExplainRowOnDask:
    def test_dask_tables(self) -> None:
        """explain_row reads its one initiative out of Dask tables."""
        import dask
        import dask.dataframe as dd

        parts = [dd.from_pandas(f, npartitions=2) for f in tables([nike_plus()] * 3)]  # type: ignore[no-untyped-call]
        with dask.config.set(scheduler="synchronous"):
            assert explain_row(parts, "i2").kind is classify(nike_plus()).kind


class TestBenchmark:
    def test_the_quick_run_prints_every_figure(self) -> None:
        """benchmarks/table.py --quick completes and reports each figure; no timing is checked."""
        import subprocess
        import sys

        root = Path(__file__).resolve().parent.parent
        done = subprocess.run(
            [sys.executable, str(root / "benchmarks" / "table.py"), "--quick"],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for figure in (
            "loop / classify_table",
            "classify_table / group-by",
            "peak / input frames",
            "classify_table / floor, one large",
        ):
            assert figure in done.stdout


class TestMoreBadTables:
    def test_an_id_that_is_a_number(self) -> None:
        """A number where an id is expected is refused, as the model refuses it."""
        with pytest.raises(InvalidModelError, match=r"contributions\[0\]\.source.*must be text"):
            classify_table(*broken("contributions", "source", 0, 7))

    def test_initiative_ids_of_mixed_types(self) -> None:
        """Rows whose initiative id has another type than in initiatives are not matched."""
        head, people, given_, got = tables([nike_plus()])
        people = people.assign(initiative=pd.Series([0] * len(people), dtype=object))
        with pytest.raises(InvalidModelError, match="not in the initiatives table"):
            classify_table(head, people, given_, got)


class TestExactness:
    @pytest.mark.parametrize(
        ("amounts", "threshold"),
        [((0.1, 0.2), 0.3), ((0.1, 0.2), 0.30000000000000004), ((1e308, 1e308, -1e308), 1.0)],
    )
    def test_at_the_threshold_as_classify(
        self, amounts: tuple[float, ...], threshold: float
    ) -> None:
        """Near the threshold the decimals decide, as in classify: 0.1 + 0.2 does not beat 0.3."""
        people = [
            Stakeholder("f", Role.FIRM),
            Stakeholder("p", Role.PARTNER),
            Stakeholder("c", Role.CUSTOMER),
        ]
        given_ = [Contribution("p", Resource.TECHNOLOGY), Contribution("c", Resource.IDEAS)]
        got = [Value("f", a) for a in amounts] + [Value("p", 5.0), Value("c", 5.0)]
        initiative = Initiative("x", "f", people, given_, got, goal="new_offering")
        rules = Rules(win_threshold=threshold)
        frame = classify_table(*tables([initiative]), rules=rules)
        result = classify(initiative, rules=rules)
        assert frame["kind"][0] == result.kind.value
        assert bool(frame["win_win"][0]) == is_win_win(initiative, rules=rules)
        assert frame["net_value"][0] == initiative.accounts["f"].net_value


class TestListsOfIds:
    def test_lists_of_ids(self) -> None:
        """customer_of and requires may hold lists; an unknown id in one is named."""
        head, people, given_, got = tables([nike_plus()])
        lists = [cell.split(";") if cell else [] for cell in people["customer_of"]]
        people["customer_of"] = pd.Series(lists, dtype=object)
        assert list(classify_table(head, people, given_, got)["kind"]) == ["co_creation"]
        lists[2] = ["nike", "ghost"]
        people["customer_of"] = pd.Series(lists, dtype=object)
        with pytest.raises(InvalidModelError, match="unknown stakeholder 'ghost'"):
            classify_table(head, people, given_, got)


class TestEdges:
    def test_a_lazy_polars_frame(self) -> None:
        """Polars LazyFrames are collected, and a polars frame comes back."""
        frames = [pl.from_pandas(frame).lazy() for frame in tables([nike_plus()])]
        assert classify_table(*frames)["kind"].to_list() == ["co_creation"]

    def test_explain_row_needs_four_tables(self) -> None:
        """Three tables are not enough."""
        with pytest.raises(ArgumentError, match="needs the four tables"):
            explain_row(tables([nike_plus()])[:3], "i0")

    def test_initiative_ids_that_cannot_be_one_type(self) -> None:
        """Numbers as ids in initiatives, text elsewhere: the rows are not matched; no crash."""
        head, people, given_, got = tables([nike_plus()])
        head = head.assign(initiative=[0])
        with pytest.raises(InvalidModelError, match="not in the initiatives table"):
            classify_table(head, people, given_, got)

    def test_empty_list_columns(self) -> None:
        """customer_of and requires with nothing in them are fine."""
        head, people, given_, got = tables([nike_plus()])
        people = people.assign(customer_of=None)
        assert list(classify_table(head, people, given_, got.iloc[0:0])["kind"]) == [
            "collaboration"
        ]


class TestMoreFiles:
    def test_dask_frames_are_not_written(self, tmp_path: Path) -> None:
        """write_tables takes frames in memory; Dask frames are refused."""
        import dask.dataframe as dd

        parts = [dd.from_pandas(f, npartitions=1) for f in tables([nike_plus()])]  # type: ignore[no-untyped-call]
        with pytest.raises(ArgumentError, match="to_parquet"):
            write_tables(parts[0], parts[1], parts[2], parts[3], tmp_path)

    def test_max_bytes_must_be_positive(self, tmp_path: Path) -> None:
        """max_bytes is a whole number of bytes, at least 1."""
        with pytest.raises(ArgumentError, match="max_bytes"):
            read_tables(tmp_path, max_bytes=0)

    def test_a_parquet_bomb(self, tmp_path: Path) -> None:
        """A small Parquet file whose columns unpack to far more than max_bytes is refused."""
        head, people, given_, got = tables([nike_plus()])
        write_tables(head, people, given_, got, tmp_path)
        big = pd.DataFrame({"initiative": ["i0"] * 1_000_000, "amount": 0.0})
        big.to_parquet(tmp_path / "values.parquet")
        limit = (tmp_path / "values.parquet").stat().st_size + 1
        with pytest.raises(FormatError, match="unpack"):
            read_tables(tmp_path, max_bytes=limit)

    def test_a_workbook_without_a_sheet(self, tmp_path: Path) -> None:
        """A workbook must hold the four sheets."""
        path = tmp_path / "few.xlsx"
        with pd.ExcelWriter(path) as writer:
            tables([nike_plus()])[0].to_excel(writer, sheet_name="initiatives", index=False)
        with pytest.raises(FormatError, match="has no sheet stakeholders"):
            read_tables(path)

    def test_a_zip_that_is_no_workbook(self, tmp_path: Path) -> None:
        """A zip archive without a workbook in it is refused with the parser's reason."""
        import zipfile

        path = tmp_path / "other.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
        with pytest.raises(FormatError, match=r"not a readable \.xlsx workbook"):
            read_tables(path)

    def test_lists_are_written_as_text(self, tmp_path: Path) -> None:
        """Lists of ids are written to CSV as ids separated by ;."""
        head, people, given_, got = tables([nike_plus()])
        lists = [cell.split(";") if cell else None for cell in people["customer_of"]]
        people["customer_of"] = pd.Series(lists, dtype=object)
        write_tables(head, people, given_, got, tmp_path, format="csv")
        assert "apple;nike" in (tmp_path / "stakeholders.csv").read_text()

    def test_a_cell_a_workbook_cannot_hold(self, tmp_path: Path) -> None:
        """A control character that no worksheet holds fails the write, and nothing is written."""
        head, people, given_, got = tables([nike_plus()])
        bad = head.assign(initiative=["bad\x00id"])
        with pytest.raises(CocreateError, match="cannot write"):
            write_tables(bad, people, given_, got, tmp_path / "x.xlsx")
        assert not (tmp_path / "x.xlsx").exists()


class TestDaskPartitioned:
    def test_tables_partitioned_by_initiative_are_not_shuffled(self) -> None:
        """Tables indexed by initiative with the same divisions are used as they are."""
        import dask
        import dask.dataframe as dd

        many = [examples.get(name) for name in examples.names()] * 4
        frames = tables(many)
        want = classify_table(*frames)
        parts = [
            dd.from_pandas(frame.set_index("initiative"), npartitions=3, sort=True)  # type: ignore[no-untyped-call]
            for frame in frames
        ]
        divisions = parts[0].divisions
        parts = [part.repartition(divisions=divisions) for part in parts]
        lazy = classify_table(*parts)
        assert "shuffle" not in str(lazy.dask.keys())
        with dask.config.set(scheduler="synchronous"):
            found = lazy.compute().set_index("initiative").loc[list(want["initiative"])]
        assert list(found["kind"]) == list(want["kind"])

    def test_formulas_are_neutralised_in_csv(self, tmp_path: Path) -> None:
        """A cell a spreadsheet would run is written with a quote before it; read back exactly."""
        head, people, given_, got = tables([nike_plus()])
        given_ = given_.assign(description="=HYPERLINK(1)")
        write_tables(head, people, given_, got, tmp_path, format="csv")
        assert "'=HYPERLINK(1)" in (tmp_path / "contributions.csv").read_text()
        back = read_tables(tmp_path)
        assert set(back[2]["description"]) == {"=HYPERLINK(1)"}
        assert list(classify_table(*back)["kind"]) == ["co_creation"]
