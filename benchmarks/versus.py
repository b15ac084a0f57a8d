"""Time the workloads two versions of cocreate are compared on, for the version on the path.

Run it from this folder once per version, taking turns, with
``PYTHONPATH`` naming each checkout's ``src``, and compare the lines: CPU
time, best of ``--repeats``::

    PYTHONPATH=OLD/src python versus.py
    PYTHONPATH=NEW/src python versus.py

It prints ``from_records``, ``classify`` and ``ledger`` at one size (fresh
copies, so every index is built) and ``classify`` per small initiative
beside ``plain.py``'s classifier on the same initiatives.
"""

from __future__ import annotations

import argparse
import copy
import gc
import time
from typing import TYPE_CHECKING

import plain
import run
import small
from cocreate import classify, from_records, ledger

if TYPE_CHECKING:
    from collections.abc import Callable


def best(work: Callable[[], object], repeats: int) -> float:
    """The least CPU time of ``repeats`` runs of ``work``."""
    least = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        work()
        least = min(least, time.process_time() - start)
    return least


def main() -> None:
    """Time each workload and print one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="contributions (1M)")
    parser.add_argument("--small", type=int, default=3000, help="small initiatives (3,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each, best kept (3)")
    options = parser.parse_args()
    people, contributions, values = run.make_records(options.size)
    base = from_records("x", "firm", people, contributions, values)
    built = best(lambda: from_records("x", "firm", people, contributions, values), options.repeats)
    judged = best(lambda: classify(copy.copy(base)), options.repeats)
    booked = best(lambda: ledger(copy.copy(base)), options.repeats)
    initiatives, dicts = small.make_small(options.small)

    def each() -> None:
        for initiative in small.fresh(initiatives):
            classify(initiative)

    mine = best(each, options.repeats * 2) / options.small
    theirs = best(lambda: [plain.classify(d) for d in dicts], options.repeats * 2) / options.small
    print(
        f"from_records {built:.3f} s, classify {judged:.3f} s, ledger {booked:.3f} s "
        f"at {options.size:,}; classify per small initiative {mine * 1e6:.1f} µs, "
        f"{mine / theirs:.2f}x plain.py"
    )


if __name__ == "__main__":
    main()
