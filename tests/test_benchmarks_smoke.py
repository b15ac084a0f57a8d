"""A smoke run of the benchmark: it completes and prints every row, no timings checked."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run.py"
ROWS = (
    "floor",
    "exact floor",
    "from_records",
    "constructor",
    "classify (fresh)",
    "ledger (fresh)",
    "lookups (fresh)",
    "to_dict",
    "json.dumps(to_dict)",
    "dumps",
    "load (JSON)",
    "json.load + from_records",
    "pandas groupby",
    "networkx edges",
    "to_networkx",
    "bytes per contribution held",
)
#: The rows of the target tables, by table, as the JSON names them.
TARGET_ROWS = {
    "issue 15, one large initiative": [
        "classify (fresh)",
        "ledger (fresh)",
        "exact floor",
        "pandas groupby",
        "from_records",
        "dumps",
        "memory held per contribution",
        "read_csv peak memory, 1k values",
    ],
    "issue 15, small initiatives": [
        "classify per initiative (fresh)",
        "from_dict + classify",
        "classify_many(workers=2)",
    ],
    "v0.1, kept": ["load (JSON)", "to_networkx", "growth 100→1k, worst"],
}


@dataclass(frozen=True)
class Run:
    """One quick run of the benchmark: its exit, its output and its JSON."""

    done: subprocess.CompletedProcess[str]
    document: dict[str, Any]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """run.py --sizes 100 1000 --quick --json, once for the tests that read it."""
    out = tmp_path_factory.mktemp("benchmark") / "results.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "100", "1000", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return Run(done, json.loads(out.read_text()))


class TestBenchmarkRun:
    def test_smallest_size_completes_and_prints_every_row(self, quick_run: Run) -> None:
        """run.py --sizes 100 1000 --quick exits 0, prints every row and writes the JSON."""
        stdout = quick_run.done.stdout
        for row in ROWS:
            assert f"| {row} " in stdout
        for rows in TARGET_ROWS.values():
            for row in rows:
                assert f"| {row}" in stdout
        assert "100→1k growth" in stdout
        assert "machine: python" in stdout
        results = quick_run.document["results"]
        assert [r["n"] for r in results] == [100, 1000]
        assert set(results[0]["times"]) == {row for row in ROWS if row != ROWS[-1]}

    def test_the_exact_floor_gives_cocreates_net_values(self, quick_run: Run) -> None:
        """The exact floor is checked against cocreate's net values at each size, and agrees."""
        assert "the exact floor agrees with cocreate's net values" in quick_run.done.stderr
        assert "DISAGREES" not in quick_run.done.stderr
        assert [r["exact_floor_agrees"] for r in quick_run.document["results"]] == [True, True]
        classify_rows = [
            t["vs"]
            for t in quick_run.document["targets"]["issue 15, one large initiative"]
            if t["row"] == "classify (fresh)"
        ]
        assert classify_rows == ["floor", "exact floor"]

    def test_quick_runs_small_sizes_for_the_other_rows(self, quick_run: Run) -> None:
        """--quick reads 1k CSV rows and classifies 200 small initiatives, as plain.py does."""
        stdout = quick_run.done.stdout
        assert "200 small initiatives" in stdout
        assert "plain.py agrees with cocreate.classify on all 200" in stdout
        assert quick_run.document["csv"]["rows"] == 1000
        assert quick_run.document["small"]["count"] == 200
        assert quick_run.document["small"]["disagreements"] == []

    def test_every_target_has_a_finite_ratio_and_a_verdict(self, quick_run: Run) -> None:
        """Each target row of the JSON has a finite ratio; a row with a limit has a verdict."""
        targets = quick_run.document["targets"]
        assert set(targets) == set(TARGET_ROWS)
        for table, rows in TARGET_ROWS.items():
            names = [t["row"] for t in targets[table]]
            for row in rows:
                assert any(name.startswith(row) for name in names), (row, names)
            for target in targets[table]:
                assert math.isfinite(target["ratio"])
                assert target["ratio"] > 0
                assert (target["met"] is None) == (target["limit"] is None)

    @pytest.mark.parametrize(
        ("flag", "value", "message"),
        [("--small", "0", "--small must be"), ("--csv-rows", "5", "--csv-rows must be")],
    )
    def test_too_few_small_initiatives_or_rows_are_refused(
        self, flag: str, value: str, message: str
    ) -> None:
        """--small below 1 or --csv-rows below 10 is a usage error, exit status 2."""
        done = subprocess.run(
            [sys.executable, str(SCRIPT), flag, value],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=60,
        )
        assert done.returncode == 2
        assert message in done.stderr

    def test_sizes_below_ten_are_refused(self) -> None:
        """A size below 10 is a usage error, exit status 2."""
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "--sizes", "5"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=60,
        )
        assert done.returncode == 2
        assert "at least 10" in done.stderr


class TestStrategiesBenchmark:
    def test_a_few_draws_complete(self) -> None:
        """strategies.py --count 20 exits 0 and reports the draws against the baseline."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "strategies.py"), "--count", "20"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("20 initiatives of 1 to 20 stakeholders")
        assert "lists of 20 integers" in done.stdout
        assert "ratio" in done.stdout


class TestVersusBenchmark:
    def test_a_small_run_completes(self) -> None:
        """versus.py at a small size exits 0 and prints every workload, and the ratio."""
        done = subprocess.run(
            [
                sys.executable,
                "versus.py",
                "--size",
                "1000",
                "--small",
                "50",
                "--repeats",
                "1",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT / "benchmarks",
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for workload in ("from_records", "classify", "ledger", "per small initiative"):
            assert workload in done.stdout
        assert done.stdout.rstrip().endswith("x plain.py")


class TestTricksBenchmark:
    def test_a_small_run_completes(self) -> None:
        """tricks.py at a small size exits 0 and times every trick against its plain way."""
        done = subprocess.run(
            [sys.executable, "tricks.py", "--sizes", "300", "--repeats", "1"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT / "benchmarks",
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for trick in ("builder", "sort key", "arrays", "resource sets"):
            assert trick in done.stdout


class TestFairBenchmark:
    def test_a_small_run_completes(self) -> None:
        """fair.py --size 60 exits 0 and reports fair_split against classify with the target."""
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "fair.py"),
                "--size",
                "60",
                "--repeats",
                "1",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("fair_split, 60 stakeholders with overlapping requires:")
        assert "target <= 30x" in done.stdout


class TestLinksBenchmark:
    """judgment.py --links: robustness, sweep and simulate on linked initiatives."""

    def test_a_quick_run_prints_every_row(self) -> None:
        """A quick run with few draws exits 0 and prints each operation at each size."""
        done = subprocess.run(
            [sys.executable, "judgment.py", "--links", "--quick", "--draws", "50"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT / "benchmarks",
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for row in ("classify (s)", "robustness", "sweep", "simulate 10,000"):
            assert f"| {row}" in done.stdout
        assert "1,000 stakeholders" in done.stdout
