"""classify_table against the ways a user would do without it, measured in the same run.

Run it from the repository root::

    python benchmarks/table.py                  # 100,000 small initiatives, 1M contributions
    python benchmarks/table.py --quick          # 2,000 small initiatives, 10k contributions
    python benchmarks/table.py --count 20000 --loop 2000 --large 100000

It makes ``--count`` small initiatives as four pandas frames (about 20 rows
each: 6 stakeholders, 7 contributions, 7 values; a firm, an employee, a
partner, a supplier and two customers, one of which is now and then a
segment of a crowd; costs and amounts with two decimals, so that the exact
recount near the threshold is exercised), and times, best of a few rounds,
each case once per round:

* ``classify_table`` on the four frames;
* ``Initiative.from_dict`` + ``classify`` in a loop, on the first
  ``--loop`` initiatives as dicts (the loop is linear in the count; its time
  per initiative is scaled to ``--count``): target, classify_table at least
  20x faster;
* a hand-written pandas group-by that computes the net values alone, on
  the same frames: target, classify_table at most 2x its time;
* the peak memory of ``classify_table``, by ``tracemalloc`` (what Python and
  numpy allocate) and by the process's peak resident memory (which also
  sees Arrow's buffers), against the input frames' own memory
  (``memory_usage(deep=True)``): target, at most 3x;
* one initiative of ``--large`` contributions and as many values (those of
  ``run.py``): classify_table against the floor of ``run.py`` (one bare
  Python pass summing net values), as a figure without a target.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import cocreate
from cocreate import Initiative, classify, classify_table
from targets import interleaved

#: The targets of issue 28.
LOOP_TARGET = 20.0
GROUPBY_TARGET = 2.0
MEMORY_TARGET = 3.0

ROLES = ("firm", "employee", "partner", "supplier", "customer", "customer")
IDS = ("firm", "staff", "partner", "supplier", "fans", "buyers")
VOICE = ("ideas", "input", "feedback")
SUBSTANTIVE = ("technology", "capital", "labor", "design", "data", "platform", "product")


def make_tables(count: int, seed: int = 28) -> tuple[pd.DataFrame, ...]:
    """Four frames of ``count`` small initiatives, made by columns."""
    rng = np.random.default_rng(seed)
    names = np.array([f"initiative {i}" for i in range(count)], dtype=object)
    goals = rng.choice(np.array([None, "new_offering", "specific_outcome"], dtype=object), count)
    head = pd.DataFrame({"initiative": names, "focal": "firm", "goal": goals})

    people_n = len(IDS)
    crowd = rng.random(count) < 0.2
    groups = np.full(count * people_n, None, dtype=object)
    groups[np.arange(count)[crowd] * people_n + 5] = "crowd"
    groups[np.arange(count)[crowd] * people_n + 4] = "crowd"
    people = pd.DataFrame(
        {
            "initiative": np.repeat(names, people_n),
            "id": np.tile(np.array(IDS, dtype=object), count),
            "role": np.tile(np.array(ROLES, dtype=object), count),
            "organization": np.tile(np.array([None, "firm", None, None, None, None]), count),
            "group": groups,
        }
    )

    given_n = 7
    source = rng.integers(0, people_n, count * given_n)
    customer = source >= 4
    resource = np.where(
        customer & (rng.random(count * given_n) < 0.8),
        rng.choice(np.array(VOICE, dtype=object), count * given_n),
        rng.choice(np.array(SUBSTANTIVE + VOICE, dtype=object), count * given_n),
    )
    given = pd.DataFrame(
        {
            "initiative": np.repeat(names, given_n),
            "source": np.array(IDS, dtype=object)[source],
            "resource": resource,
            "cost": np.round(rng.random(count * given_n) * 3, 2),
            "exchange": rng.random(count * given_n) < 0.1,
        }
    )

    got_n = 7
    beneficiary = rng.integers(0, people_n, count * got_n)
    got = pd.DataFrame(
        {
            "initiative": np.repeat(names, got_n),
            "beneficiary": np.array(IDS, dtype=object)[beneficiary],
            "amount": np.round(rng.random(count * got_n) * 8 - 1, 2),
        }
    )
    return head, people, given, got


def as_dicts(tables: tuple[pd.DataFrame, ...], count: int) -> list[dict[str, Any]]:
    """The first ``count`` initiatives in the dict form of ``Initiative.to_dict()``."""
    head, people, given, got = (
        frame.head(count * n) for frame, n in zip(tables, (1, 6, 7, 7), strict=True)
    )
    out: dict[str, dict[str, Any]] = {}
    for row in head.itertuples(index=False):
        data: dict[str, Any] = {"name": row.initiative, "focal": row.focal}
        if isinstance(row.goal, str):
            data["goal"] = row.goal
        data.update(stakeholders=[], contributions=[], values=[])
        out[str(row.initiative)] = data
    for row in people.itertuples(index=False):
        person = {"id": row.id, "role": row.role}
        if isinstance(row.organization, str):
            person["organization"] = row.organization
        if isinstance(row.group, str):
            person["group"] = row.group
        out[str(row.initiative)]["stakeholders"].append(person)
    for row in given.itertuples(index=False):
        out[str(row.initiative)]["contributions"].append(
            {
                "source": row.source,
                "resource": row.resource,
                "cost": row.cost,
                "exchange": bool(row.exchange),
            }
        )
    for row in got.itertuples(index=False):
        out[str(row.initiative)]["values"].append(
            {"beneficiary": row.beneficiary, "amount": row.amount}
        )
    return list(out.values())


def loop(dicts: list[dict[str, Any]]) -> list[object]:
    """What a user does today: build each initiative, classify it."""
    return [classify(Initiative.from_dict(data)).kind for data in dicts]


def groupby_nets(tables: tuple[pd.DataFrame, ...]) -> pd.Series[float]:
    """The hand-written baseline: each stakeholder's net value, by two group-bys."""
    _, _, given, got = tables
    received = got.groupby(["initiative", "beneficiary"], sort=False)["amount"].sum()
    paid = given.groupby(["initiative", "source"], sort=False)["cost"].sum()
    return received.sub(paid, fill_value=0.0)


def frame_bytes(tables: tuple[pd.DataFrame, ...]) -> int:
    """The input frames' own memory."""
    return int(sum(frame.memory_usage(deep=True).sum() for frame in tables))


def _rss(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0


def peak_memory(tables: tuple[pd.DataFrame, ...]) -> tuple[int, int | None]:
    """classify_table's peak memory above what was held before: tracemalloc, and resident."""
    gc.collect()
    try:  # reset the peak resident size (Linux): then VmHWM is this call's peak
        Path("/proc/self/clear_refs").write_text("5")
        before = _rss("VmRSS:")
    except OSError:  # pragma: no cover - not Linux
        before = None
    tracemalloc.start()
    result = classify_table(*tables)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    resident = None if before is None else _rss("VmHWM:") - before
    del result
    return peak, resident


def check_agrees(tables: tuple[pd.DataFrame, ...], dicts: list[dict[str, Any]]) -> None:
    """Before timing: classify_table gives each sampled initiative the kind classify gives."""
    found = classify_table(*tables)["kind"].tolist()
    want = [kind.value for kind in loop(dicts)]  # type: ignore[attr-defined]
    if found[: len(want)] != want:
        msg = "classify_table and classify disagree on the benchmark's initiatives"
        raise SystemExit(msg)


def large_tables(n: int) -> tuple[tuple[pd.DataFrame, ...], Any]:
    """One initiative of ``n`` contributions and ``n`` values (run.py's), as four frames."""
    from run import make_records

    people, contributions, values = make_records(n)
    head = pd.DataFrame({"initiative": ["large"], "focal": ["firm"]})
    frames = (
        head,
        pd.DataFrame(
            [(i, r, nm, o, ";".join(c)) for i, r, nm, o, c in people],
            columns=["id", "role", "name", "organization", "customer_of"],
        ),
        pd.DataFrame(contributions, columns=["source", "resource", "target", "cost", "d"]),
        pd.DataFrame(values, columns=["beneficiary", "amount", "provider", "kind", "d"]),
    )
    for frame in frames[1:]:
        frame.insert(0, "initiative", "large")
    return frames, (contributions, values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="small initiatives")
    parser.add_argument("--loop", type=int, default=10_000, help="of them, for the loop")
    parser.add_argument("--large", type=int, default=1_000_000, help="contributions in one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small sizes, one round")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.loop, args.large, args.rounds = 2_000, 500, 10_000, 1
    loop_count = min(args.loop, args.count)
    say = print
    say(f"cocreate {cocreate.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
    tables = make_tables(args.count)
    dicts = as_dicts(tables, loop_count)
    check_agrees(tables, dicts)
    times = interleaved(
        {
            "classify_table": (lambda: tables, lambda t: classify_table(*t)),
            "from_dict + classify loop": (lambda: dicts, loop),
            "pandas group-by, net values": (lambda: tables, groupby_nets),
        },
        args.rounds,
    )
    scale = args.count / loop_count
    loop_time = times["from_dict + classify loop"] * scale
    table_time = times["classify_table"]
    rows = sum(len(frame) for frame in tables)
    say(f"\n{args.count:,} small initiatives, {rows:,} rows in all")
    say(f"  classify_table                {table_time:9.3f} s")
    say(
        f"  from_dict + classify loop     {loop_time:9.3f} s"
        + (f"  (timed on {loop_count:,}, scaled)" if scale != 1 else "")
    )
    say(f"  pandas group-by, net values   {times['pandas group-by, net values']:9.3f} s")
    traced, resident = peak_memory(tables)
    held = frame_bytes(tables)
    say(f"  input frames                  {held / 2**20:9.1f} MiB")
    say(f"  peak, tracemalloc             {traced / 2**20:9.1f} MiB")
    if resident is not None:
        say(f"  peak, resident above before   {resident / 2**20:9.1f} MiB")

    large, records = large_tables(args.large)
    from run import floor

    big = interleaved(
        {
            "classify_table": (lambda: large, lambda t: classify_table(*t)),
            "floor": (lambda: records, lambda r: floor(*r)),
        },
        args.rounds,
    )
    say(f"\none initiative of {args.large:,} contributions and {args.large:,} values")
    say(f"  classify_table                {big['classify_table']:9.3f} s")
    say(f"  floor (bare Python pass)      {big['floor']:9.3f} s")

    memory = max(traced, resident or 0) / held
    figures = {
        "loop / classify_table": loop_time / table_time,
        "classify_table / group-by": table_time / times["pandas group-by, net values"],
        "peak / input frames": memory,
        "classify_table / floor, one large": big["classify_table"] / big["floor"],
    }
    limits = {
        "loop / classify_table": (">=", LOOP_TARGET),
        "classify_table / group-by": ("<=", GROUPBY_TARGET),
        "peak / input frames": ("<=", MEMORY_TARGET),
    }
    say("\ntargets (issue 28)")
    for name, value in figures.items():
        if name in limits:
            sign, limit = limits[name]
            met = value >= limit if sign == ">=" else value <= limit
            say(f"  {name:36} {value:7.2f}x  {sign} {limit:g}x  {'met' if met else 'MISSED'}")
        else:
            say(f"  {name:36} {value:7.2f}x  (no target)")
    if args.json is not None:
        args.json.write_text(json.dumps({"times": times, "figures": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
