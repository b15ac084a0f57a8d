"""A smoke run of the benchmark: it completes and prints every row, no timings checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run.py"
ROWS = (
    "floor",
    "from_records",
    "constructor",
    "classify (fresh)",
    "ledger (fresh)",
    "lookups (fresh)",
    "to_dict",
    "load (JSON)",
    "json.load + from_records",
    "pandas groupby",
    "networkx edges",
    "to_networkx",
    "bytes per contribution held",
)


class TestBenchmarkRun:
    def test_smallest_size_completes_and_prints_every_row(self, tmp_path: Path) -> None:
        """run.py --sizes 100 1000 --quick exits 0, prints every row and writes the JSON."""
        out = tmp_path / "results.json"
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "--sizes", "100", "1000", "--quick", "--json", str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        for row in ROWS:
            assert f"| {row} " in done.stdout
        assert "100→1k growth" in done.stdout
        assert "machine: python" in done.stdout
        results = json.loads(out.read_text())["results"]
        assert [r["n"] for r in results] == [100, 1000]
        assert set(results[0]["times"]) == {row for row in ROWS if row != ROWS[-1]}

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
