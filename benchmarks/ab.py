"""Time the workloads that a change must not slow, for the cocreate on the path, as JSON.

Run it once per version, taking turns, with ``PYTHONPATH`` naming each
checkout's ``src`` and the first argument its ``benchmarks`` folder::

    PYTHONPATH=OLD/src python benchmarks/ab.py OLD/benchmarks > old-1.json
    PYTHONPATH=NEW/src python benchmarks/ab.py NEW/benchmarks > new-1.json

It prints one JSON object: for 1k and 100k contributions, the best CPU
time of ``from_records``, ``classify`` and ``ledger`` (fresh copies),
``to_dict``, ``load`` of a JSON file and ``run.py``'s floor, 25 runs each
at 1k and 5 at 100k.
"""

from __future__ import annotations

import copy
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def best(work: Callable[[Any], object], prepare: Callable[[], Any], repeats: int) -> float:
    """The least CPU time of ``repeats`` runs of ``work`` on what ``prepare`` gives."""
    least = float("inf")
    for _ in range(repeats):
        argument = prepare()
        gc.collect()
        start = time.process_time()
        work(argument)
        least = min(least, time.process_time() - start)
    return least


def main() -> None:
    """Time each workload at each size and print the times as JSON."""
    sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).parent))
    # The version's own benchmarks folder first, for its ``run.make_records``.
    import run
    from cocreate import classify, from_records, ledger, load

    out: dict[str, float] = {}
    for n in (1000, 100_000):
        people, contributions, values = run.make_records(n)
        base = from_records("x", "firm", people, contributions, values)
        repeats = 25 if n == 1000 else 5

        def nothing() -> None:
            return None

        def fresh(base: Any = base) -> Any:
            return copy.copy(base)

        def floor(_: object, c: Any = contributions, v: Any = values) -> object:
            return run.floor(c, v)

        def records(_: object, p: Any = people, c: Any = contributions, v: Any = values) -> object:
            return from_records("x", "firm", p, c, v)

        out[f"floor {n}"] = best(floor, nothing, repeats)
        out[f"from_records {n}"] = best(records, nothing, repeats)
        out[f"classify {n}"] = best(classify, fresh, repeats)
        out[f"ledger {n}"] = best(ledger, fresh, repeats)
        out[f"to_dict {n}"] = best(lambda made: made.to_dict(), fresh, repeats)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "x.json")
            path.write_text(json.dumps(base.to_dict()), encoding="utf-8")

            def loaded(_: object, path: Path = path) -> object:
                return load(path)

            out[f"load {n}"] = best(loaded, nothing, repeats)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
