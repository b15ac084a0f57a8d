"""Count the CPU instructions of the benchmark's workloads, which timings on a busy machine cannot.

On a shared or virtual machine the same run can take 1.5x longer from one
minute to the next; the number of instructions it executes barely moves.
This runs each workload under valgrind's callgrind in a process of its own
(``PYTHONHASHSEED=0``), subtracts a run that only sets up, and prints the
count per item and its ratio to the baseline counted the same way::

    python benchmarks/instructions.py              # needs valgrind on PATH
    python benchmarks/instructions.py --small 300 --size 100000

Instructions are not time: they miss the memory traffic that dominates at
a million items (where the floor itself is bound by it), so they measure
the small initiatives and ``from_records`` at 100k well, and the 1M rows
not at all. ``benchmarks/run.py`` stays the reference for time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Each workload, what it is compared with, and how many items it counts.
SMALL = ("plain", "classify", "from_dict + classify")
LARGE = ("floor", "from_records")


def run_one(workload: str, small: int, size: int) -> None:
    """Set up, then run ``workload`` once (called in the counted process)."""
    sys.path.insert(0, str(HERE))
    import gc

    import small as many
    from cocreate import from_records
    from run import floor, make_records

    if workload in SMALL or workload == "setup small":
        initiatives, dicts = many.make_small(small)
        fresh = many.fresh(initiatives)
        gc.collect()
        if workload == "plain":
            many.plain_each(dicts)
        elif workload == "classify":
            many.classify_each(fresh)
        elif workload == "from_dict + classify":
            many.from_dict_each(dicts)
    else:
        people, contributions, values = make_records(size)
        gc.collect()
        if workload == "floor":
            floor(contributions, values)
        elif workload == "from_records":
            from_records("b", "firm", people, contributions, values)


def count(workload: str, small: int, size: int) -> int:
    """Return the instructions of one process that runs ``workload``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--run",
        workload,
        "--small",
        str(small),
        "--size",
        str(size),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        msg = f"callgrind printed no count for {workload!r}:\n{done.stderr[-2000:]}"
        raise SystemExit(msg)
    return int(found.group(1))


def main() -> None:
    """Count every workload and print the counts per item and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=300, help="small initiatives (default 300)")
    parser.add_argument("--size", type=int, default=100_000, help="contributions (default 100k)")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run, args.small, args.size)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on PATH: install it (apt install valgrind) to count")
    base = count("setup small", args.small, args.size)
    small = {name: (count(name, args.small, args.size) - base) / args.small for name in SMALL}
    base = count("setup large", args.small, args.size)
    large = {name: count(name, args.small, args.size) - base for name in LARGE}
    print(f"{args.small:,} small initiatives, instructions each:")
    for name, each in small.items():
        print(f"  {name:22} {each:>12,.0f}  {each / small['plain']:5.2f}x plain.py")
    print(f"{args.size:,} contributions, instructions in all:")
    for name, total in large.items():
        print(f"  {name:22} {total:>14,}  {total / large['floor']:5.2f}x the floor")


if __name__ == "__main__":
    main()
