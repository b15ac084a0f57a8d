"""How fast cocreate is, measured against baselines measured in the same run.

Run it from the repository root::

    python benchmarks/run.py                       # 1k, 10k, 100k and 1M contributions
    python benchmarks/run.py --quick               # small sizes everywhere, one run each
    python benchmarks/run.py --sizes 1000 10000 --small 1000 --csv-rows 100000
    python benchmarks/run.py --csv-rows 10000000   # read_csv's memory on 10M values
    python benchmarks/run.py --json results.json

For each size n it builds one synthetic initiative with n contributions,
n values and n/10 stakeholders (one focal firm, employees, partners and
suppliers, customers; voice and substantive resources mixed), and times,
in the same process and one at a time:

* the floor: one bare Python pass over the contributions and values as
  tuples, summing each stakeholder's net value into a dict;
* the exact floor: the same pass with exactly rounded net values, which
  cocreate keeps: each stakeholder's terms gathered into an array, then
  ``math.fsum``; the least that such sums cost in plain Python (checked to
  give cocreate's net values before it is timed);
* cocreate: ``from_records``, the ``Initiative`` constructor (from model
  objects already built), ``classify``, ``ledger`` and the lookups on a
  fresh initiative (empty caches, as after unpickling: building every
  index counts), ``to_networkx``, ``to_dict``, ``dumps`` and ``load`` of a
  JSON file;
* what a user would do instead: a pandas ``groupby`` for the net values,
  networkx's own ``add_nodes_from`` and ``add_edges_from`` for the same
  graph, with the same attribute dicts, and ``json.dumps(to_dict())``
  (compact, so the C encoder) for the text.

Times are the best of a few runs (one run at 1M with the default repeats),
with the cyclic garbage collector run before each; the floor, the exact
floor, ``from_records``, ``classify`` and ``ledger`` take turns, at least three
rounds, each round timing each once. Memory is measured with
tracemalloc around ``from_records``: the bytes still held by the built
initiative (and the peak while building it), per contribution; and around
``read_csv`` of a values table of ``--csv-rows`` rows (default 1M), the
peak against what the result holds.

Then ``--small`` small initiatives (default 10,000; see ``small.py``) are
classified by cocreate and by the plain-dict classifier of ``plain.py``,
and by ``classify_many`` with one worker and with two.

It prints the table of times, then the targets (issue 15) with met or
missed, then the targets kept from v0.1. ``--quick`` runs one repeat of
each at small sizes (1k contributions, 200 small initiatives, 1k CSV
rows), for the smoke test; sizes given explicitly are kept.
"""

from __future__ import annotations

import argparse
import copy
import decimal
import gc
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

import cocreate
import judgment
import small
from cocreate import (
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    classify,
    from_records,
    ledger,
    read_csv,
    write_csv,
)
from targets import Target, best, interleaved, markdown, render, seconds

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: The sizes run by default: numbers of contributions.
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
#: The rows of the values table read by read_csv, by default.
DEFAULT_CSV_ROWS = 1_000_000
#: What --quick runs when no size is given.
QUICK_SIZES = (1_000,)
QUICK_SMALL = 200
QUICK_CSV_ROWS = 1_000

#: The targets of issue 15 at the largest size: operation, what it is
#: compared with, limit (None: reported only).
TARGETS: tuple[tuple[str, str, float | None], ...] = (
    ("classify (fresh)", "floor", 2.0),
    ("ledger (fresh)", "floor", 2.0),
    ("exact floor", "floor", None),
    ("classify (fresh)", "exact floor", None),
    ("pandas groupby", "floor", None),
    ("from_records", "floor", 3.0),
    ("dumps", "json.dumps(to_dict)", 1.5),
)
#: Bytes held per contribution, at most.
MEMORY_TARGET = 207.0
#: read_csv's peak memory over what its result holds, at most.
CSV_PEAK_TARGET = 2.0

#: The targets of v0.1 that issue 15 does not restate, kept.
EARLIER_TARGETS = (
    ("load (JSON)", "json.load + from_records", 1.5),
    ("to_networkx", "networkx edges", 1.5),
)
#: Growth of the time from one size to ten times that size, at most.
GROWTH_TARGET = 12.0

VOICE = ("ideas", "input", "feedback")
SUBSTANTIVE = (
    "technology",
    "capital",
    "labor",
    "design",
    "data",
    "platform",
    "distribution",
    "brand",
    "product",
)
KINDS = ("revenue", "product", "experience", "knowledge", "loyalty", "other")

Row = tuple[Any, ...]


# --------------------------------------------------------------------------
# The synthetic initiative.


def make_records(n: int, seed: int = 7) -> tuple[list[Row], list[Row], list[Row]]:
    """Return stakeholder, contribution and value records for ``n`` contributions."""
    rng = random.Random(seed)
    people = make_people(max(n // 10, 20))
    return people, make_contributions(rng, people, n), make_values(rng, people, n)


def make_people(m: int) -> list[Row]:
    """Return ``m`` stakeholder records: the firm, employees, partners, customers."""
    people: list[Row] = [("firm", "firm", "The Firm", None, ())]
    employees = m // 10
    partners = m // 20
    people.extend((f"employee-{i}", "employee", None, "firm", ()) for i in range(employees))
    people.extend(
        (f"partner-{i}", "partner" if i % 2 else "supplier", f"Partner {i}", None, ())
        for i in range(partners)
    )
    people.extend(
        (f"customer-{i}", "customer", None, None, ("firm",)) for i in range(m - len(people))
    )
    return people


def make_contributions(rng: random.Random, people: list[Row], n: int) -> list[Row]:
    """Return ``n`` contribution records; customers give mostly voice."""
    ids = [row[0] for row in people]
    m = len(ids)
    is_customer = {row[0]: row[1] == "customer" for row in people}
    everything = VOICE + SUBSTANTIVE
    contributions: list[Row] = []
    for _ in range(n):
        source = ids[rng.randrange(m)]
        if is_customer[source] and rng.random() < 0.9:
            resource = rng.choice(VOICE)
        else:
            resource = rng.choice(everything)
        target = None if rng.random() < 0.6 else ("firm" if source != "firm" else ids[1])
        cost = round(rng.random() * 10, 2) if rng.random() < 0.7 else 0.0
        contributions.append((source, resource, target, cost, ""))
    return contributions


def make_values(rng: random.Random, people: list[Row], n: int) -> list[Row]:
    """Return ``n`` value records, half of them from the firm."""
    ids = [row[0] for row in people]
    m = len(ids)
    values: list[Row] = []
    for _ in range(n):
        beneficiary = ids[rng.randrange(m)]
        provider = None if rng.random() < 0.5 else ("firm" if beneficiary != "firm" else ids[1])
        amount = round(rng.random() * 20, 2)
        values.append((beneficiary, amount, provider, rng.choice(KINDS), ""))
    return values


def make_objects(
    people: list[Row], contributions: list[Row], values: list[Row]
) -> tuple[list[Stakeholder], list[Contribution], list[Value]]:
    """Return the model objects of the records, built one by one."""
    return (
        [Stakeholder(i, r, name=n, organization=o, customer_of=c) for i, r, n, o, c in people],
        [Contribution(s, r, target=t, cost=c, description=d) for s, r, t, c, d in contributions],
        [Value(b, a, provider=p, kind=k, description=d) for b, a, p, k, d in values],
    )


# --------------------------------------------------------------------------
# What is timed.


def floor(contributions: list[Row], values: list[Row]) -> dict[str, float]:
    """Sum each stakeholder's net value in one bare pass over the tuples."""
    net: dict[str, float] = {}
    get = net.get
    for source, _resource, _target, cost, _description in contributions:
        net[source] = get(source, 0.0) - cost
    for beneficiary, amount, _provider, _kind, _description in values:
        net[beneficiary] = get(beneficiary, 0.0) + amount
    return net


def exact_floor(contributions: list[Row], values: list[Row]) -> dict[str, float]:
    """The floor with exactly rounded net values: the least that cocreate's sums can cost.

    A net value that does not depend on the order of the terms needs all of
    a stakeholder's terms before it is summed (``math.fsum``), so each term
    goes into its stakeholder's container, as in cocreate: an array of
    doubles (in one run at 1M, 1.41x the floor against 1.57x with lists).
    """
    terms: defaultdict[str, array[float]] = defaultdict(array("d").__copy__)
    for source, _resource, _target, cost, _description in contributions:
        terms[source].append(-cost)
    for beneficiary, amount, _provider, _kind, _description in values:
        terms[beneficiary].append(amount)
    fsum = math.fsum
    return {key: fsum(each) for key, each in terms.items()}


def exact_floor_agrees(initiative: Initiative, contributions: list[Row], values: list[Row]) -> bool:
    """Whether the exact floor gives cocreate's net value to every stakeholder with a term.

    Where a float sum lies within rounding distance of zero, cocreate adds
    the terms again as the decimals they were written as (at 1M
    contributions, 2 of 100,000 stakeholders whose two-decimal amounts and
    costs cancel exactly): there its net value must be that decimal sum,
    rounded once.
    """
    accounts = initiative.accounts
    found = exact_floor(contributions, values)
    differ = [key for key, net in found.items() if accounts[key].net_value != net]
    for key in differ:
        terms = [-c.cost for c in initiative.contributions_by(key)]
        terms += [v.amount for v in initiative.values_to(key)]
        with decimal.localcontext(prec=2000, Emax=999, Emin=-999):
            written = float(sum(map(decimal.Decimal, map(repr, terms)), decimal.Decimal(0)))
        if accounts[key].net_value != written or abs(found[key]) > 1e-9:
            return False
    return True


def lookups(initiative: Initiative) -> int:
    """Look up every stakeholder in every way; return the number of items found."""
    found = len(initiative.internal) + len(initiative.external) + len(initiative.customers)
    for person in initiative.stakeholders:
        key = person.id
        initiative.stakeholder(key)
        found += len(initiative.contributions_by(key))
        found += len(initiative.contributions_to(key))
        found += len(initiative.values_to(key))
        found += len(initiative.values_from(key))
    found += len(initiative.contributions_to(None)) + len(initiative.values_from(None))
    return found


def graph_parts(
    initiative: Initiative,
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    """Return the nodes and edges ``to_networkx`` adds, built beforehand."""
    graph = initiative.to_networkx()
    nodes = list(graph.nodes(data=True))
    edges = [(u, v, dict(d)) for u, v, d in graph.edges(data=True)]
    return nodes, edges


def networkx_own(
    nodes: list[tuple[str, dict[str, Any]]], edges: list[tuple[str, str, dict[str, Any]]]
) -> nx.MultiDiGraph[Any]:
    """Load the same nodes and edges with networkx's own bulk methods."""
    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def loader() -> tuple[Callable[[Path], Initiative], str]:
    """Return ``cocreate._formats.jsontoml.load`` if it is there, else a JSON fallback."""
    try:
        from cocreate._formats.jsontoml import load
    except ImportError:  # pragma: no cover - _io is part of the package now

        def fallback(path: Path) -> Initiative:
            with path.open(encoding="utf-8") as stream:
                return Initiative.from_dict(json.load(stream))

        return fallback, "Initiative.from_dict(json.load(f))"
    return load, "cocreate._formats.jsontoml.load"


def parse_and_build(path: Path) -> Initiative:
    """What a user would write by hand: parse the JSON, then build from its rows."""
    with path.open(encoding="utf-8") as stream:
        data = json.load(stream)
    return from_records(
        data["name"],
        data["focal"],
        data["stakeholders"],
        data.get("contributions", ()),
        data.get("values", ()),
        goal=data.get("goal"),
        process=data.get("process"),
    )


def nothing() -> None:
    """Prepare nothing: for a timed run that needs no fresh subject."""


def timed(run: Callable[[], object], repeats: int) -> float:
    """Return the best time of ``repeats`` runs, collecting garbage before each."""
    return best(nothing, lambda _: run(), repeats)


def fresh(initiative: Initiative) -> Initiative:
    """Return a copy with empty caches, as after unpickling."""
    return copy.copy(initiative)


def timed_fresh(initiative: Initiative, run: Callable[[Initiative], object], repeats: int) -> float:
    """Time ``run`` on a fresh copy each time, so that building every index counts."""
    return best(lambda: fresh(initiative), run, repeats)


def memory(name: str, people: list[Row], contributions: list[Row], values: list[Row]) -> Any:
    """Return the bytes held by an initiative built from records, and the peak."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    initiative = from_records(name, "firm", people, contributions, values)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del initiative
    return held - before, peak - before


def measure(n: int, repeats: int, say: Callable[[str], None]) -> dict[str, Any]:
    """Measure every operation at one size; return the times and memory."""
    times: dict[str, float] = {}
    people, contributions, values = make_records(n)
    say(f"size {n:,}: {len(people):,} stakeholders, {n:,} contributions, {n:,} values")
    name = f"benchmark {n}"
    initiative = time_constructor(name, people, contributions, values, repeats, times)
    agrees = exact_floor_agrees(initiative, contributions, values)
    say(f"the exact floor {'agrees' if agrees else 'DISAGREES'} with cocreate's net values")
    # The rows with targets against the floor take turns with it, at least
    # three rounds, so that both sides of each ratio run under the same
    # conditions (at 1M a single run of each moved by up to 1.5x).
    times.update(
        interleaved(
            {
                "floor": (nothing, lambda _: floor(contributions, values)),
                "exact floor": (nothing, lambda _: exact_floor(contributions, values)),
                "from_records": (
                    nothing,
                    lambda _: from_records(name, "firm", people, contributions, values),
                ),
                "classify (fresh)": (lambda: fresh(initiative), classify),
                "ledger (fresh)": (lambda: fresh(initiative), ledger),
            },
            max(repeats, 3),
        )
    )
    times["lookups (fresh)"] = timed_fresh(initiative, lookups, repeats)
    times["to_networkx"] = timed(initiative.to_networkx, repeats)
    times["networkx edges"] = time_networkx(initiative, repeats)
    times["to_dict"] = timed(initiative.to_dict, repeats)
    times["dumps"] = timed(lambda: cocreate.dumps(initiative), repeats)
    times["json.dumps(to_dict)"] = timed(lambda: json.dumps(initiative.to_dict()), repeats)
    load, _ = loader()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "initiative.json")
        path.write_text(json.dumps(initiative.to_dict()), encoding="utf-8")
        times["load (JSON)"] = timed(lambda: load(path), repeats)
        times["json.load + from_records"] = timed(lambda: parse_and_build(path), repeats)
    times["pandas groupby"] = pandas_groupby(contributions, values, repeats)
    held, peak = memory(name, people, contributions, values)
    return {
        "n": n,
        "stakeholders": len(people),
        "times": times,
        "exact_floor_agrees": agrees,
        "bytes_per_contribution": held / n,
        "peak_bytes_per_contribution": peak / n,
    }


def csv_memory(rows: int, say: Callable[[str], None]) -> dict[str, Any]:
    """Return read_csv's peak memory and what its result holds, for ``rows`` values.

    The initiative has ``rows`` values, ``rows // 10`` stakeholders (at
    least 20) and no contributions; it is written with ``write_csv`` first,
    outside the measurement.
    """
    rng = random.Random(11)
    people = make_people(max(rows // 10, 20))
    initiative = from_records(
        "read_csv benchmark", "firm", people, [], make_values(rng, people, rows)
    )
    say(f"read_csv: {rows:,} values, {len(people):,} stakeholders")
    with tempfile.TemporaryDirectory() as folder:
        write_csv(initiative, folder)
        del initiative
        size = sum(path.stat().st_size for path in Path(folder).iterdir())
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        result = read_csv(folder)
        elapsed = time.perf_counter() - start
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    del result
    return {
        "rows": rows,
        "stakeholders": len(people),
        "file_bytes": size,
        "held": held - before,
        "peak": peak - before,
        "seconds_traced": elapsed,
    }


def time_constructor(
    name: str,
    people: list[Row],
    contributions: list[Row],
    values: list[Row],
    repeats: int,
    times: dict[str, float],
) -> Initiative:
    """Time the constructor on model objects built beforehand; return the initiative."""
    objects = make_objects(people, contributions, values)
    times["constructor"] = timed(lambda: Initiative(name, "firm", *objects), repeats)
    return Initiative(name, "firm", *objects)


def time_networkx(initiative: Initiative, repeats: int) -> float:
    """Time networkx's own loading of the nodes and edges ``to_networkx`` makes."""
    nodes, edges = graph_parts(initiative)
    return timed(lambda: networkx_own(nodes, edges), repeats)


def pandas_groupby(contributions: list[Row], values: list[Row], repeats: int) -> float:
    """Time the net values with pandas: two groupby sums, from DataFrames built beforehand."""
    import pandas as pd

    given = pd.DataFrame(contributions, columns=["source", "resource", "target", "cost", "d"])
    got = pd.DataFrame(values, columns=["beneficiary", "amount", "provider", "kind", "d"])

    def run() -> object:
        received = got.groupby("beneficiary")["amount"].sum()
        paid = given.groupby("source")["cost"].sum()
        return received.sub(paid, fill_value=0.0)

    return timed(run, repeats)


# --------------------------------------------------------------------------
# The report.

#: The rows that are not cocreate's own work.
BASELINES = frozenset(
    {
        "floor",
        "exact floor",
        "pandas groupby",
        "networkx edges",
        "json.load + from_records",
        "json.dumps(to_dict)",
    }
)

#: Rows of the table, and what each is a ratio to.
ROWS = (
    ("floor", "floor"),
    ("exact floor", "floor"),
    ("from_records", "floor"),
    ("constructor", "floor"),
    ("classify (fresh)", "floor"),
    ("ledger (fresh)", "floor"),
    ("classify (fresh)", "exact floor"),
    ("ledger (fresh)", "exact floor"),
    ("lookups (fresh)", "floor"),
    ("to_dict", "floor"),
    ("json.dumps(to_dict)", "floor"),
    ("dumps", "floor"),
    ("dumps", "json.dumps(to_dict)"),
    ("load (JSON)", "floor"),
    ("json.load + from_records", "floor"),
    ("load (JSON)", "json.load + from_records"),
    ("pandas groupby", "floor"),
    ("networkx edges", "floor"),
    ("to_networkx", "networkx edges"),
)


def _size(n: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def table(results: Sequence[dict[str, Any]]) -> str:
    """Return the results as a Markdown table: time, ratio, growth."""
    sizes = [_size(r["n"]) for r in results]
    header = ["operation", "vs", *(f"{s} time (s)" for s in sizes), *(f"{s} ratio" for s in sizes)]
    header += [f"{a}→{b} growth" for a, b in pairwise(sizes)]
    lines = [header]
    for row, base in ROWS:
        cells = [row, "-" if row == base else base]
        cells += [f"{r['times'][row]:.4f}" for r in results]
        cells += [
            "1.00" if row == base else f"{r['times'][row] / r['times'][base]:.2f}" for r in results
        ]
        cells += [_growth(a, b, row) for a, b in pairwise(results)]
        lines.append(cells)
    memory_row = ["bytes per contribution held", "-"]
    memory_row += [f"{r['bytes_per_contribution']:.0f}" for r in results]
    memory_row += [f"peak {r['peak_bytes_per_contribution']:.0f}" for r in results]
    memory_row += ["" for _ in results[1:]]
    lines.append(memory_row)
    return render(lines)


def _growth(lower: dict[str, Any], upper: dict[str, Any], row: str) -> str:
    factor = upper["n"] / lower["n"]
    ratio = upper["times"][row] / lower["times"][row]
    return f"{ratio:.1f}x" if factor == 10 else f"{ratio:.1f}x/{factor:g}x"


def _ratio(result: dict[str, Any], row: str, base: str, limit: float | None) -> Target:
    times = result["times"]
    measured, baseline = times[row], times[base]
    return Target(row, base, seconds(measured), seconds(baseline), measured / baseline, limit)


def large_targets(results: Sequence[dict[str, Any]], csv: dict[str, Any]) -> list[Target]:
    """The targets of issue 15 at the largest size, and read_csv's memory."""
    largest = results[-1]
    rows = [_ratio(largest, row, base, limit) for row, base, limit in TARGETS]
    held = largest["bytes_per_contribution"]
    rows.append(
        Target(
            "memory held per contribution",
            "-",
            f"{held * largest['n'] / 2**20:.1f} MiB held",
            f"{largest['n']:,} contributions",
            held,
            MEMORY_TARGET,
            unit=" B",
        )
    )
    rows.append(
        Target(
            f"read_csv peak memory, {_size(csv['rows'])} values",
            "what the result holds",
            f"{csv['peak'] / 2**20:.1f} MiB peak",
            f"{csv['held'] / 2**20:.1f} MiB held",
            csv["peak"] / csv["held"],
            CSV_PEAK_TARGET,
        )
    )
    return rows


def earlier_targets(results: Sequence[dict[str, Any]]) -> list[Target]:
    """The targets of v0.1 kept: load and to_networkx at the largest size, growth."""
    largest = results[-1]
    rows = [_ratio(largest, row, base, limit) for row, base, limit in EARLIER_TARGETS]
    for lower, upper in pairwise(results):
        if upper["n"] != 10 * lower["n"]:
            continue
        growth, worst = max(
            (upper["times"][row] / lower["times"][row], row)
            for row, _ in ROWS
            if row not in BASELINES
        )
        floor_growth = upper["times"]["floor"] / lower["times"]["floor"]
        rows.append(
            Target(
                f"growth {_size(lower['n'])}→{_size(upper['n'])}, worst ({worst})",
                "time at the smaller size",
                seconds(upper["times"][worst]),
                f"{seconds(lower['times'][worst])}; floor grew {floor_growth:.1f}x",
                growth,
                GROWTH_TARGET,
            )
        )
    return rows


def machine() -> dict[str, Any]:
    """Describe the machine the benchmark ran on."""
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cocreate": cocreate.__version__,
    }


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line; fill in the sizes --quick or the defaults give."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        help="numbers of contributions (default: 1000 10000 100000 1000000; --quick: 1000)",
    )
    parser.add_argument(
        "--small",
        type=int,
        metavar="N",
        help=f"how many small initiatives (default: {small.DEFAULT_COUNT:,}; --quick: "
        f"{QUICK_SMALL})",
    )
    parser.add_argument(
        "--csv-rows",
        type=int,
        metavar="N",
        help=f"rows of the values table read_csv reads (default: {DEFAULT_CSV_ROWS:,}, "
        f"the target is stated at 10,000,000; --quick: {QUICK_CSV_ROWS:,})",
    )
    parser.add_argument(
        "--quick", action="store_true", help="one run per measurement, small sizes by default"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.small is None:
        args.small = QUICK_SMALL if args.quick else small.DEFAULT_COUNT
    if args.csv_rows is None:
        args.csv_rows = QUICK_CSV_ROWS if args.quick else DEFAULT_CSV_ROWS
    if any(size < 10 for size in args.sizes):
        parser.error("every size must be at least 10")
    if args.small < 1:
        parser.error("--small must be at least 1")
    if args.csv_rows < 10:
        parser.error("--csv-rows must be at least 10")
    return args


def say(text: str) -> None:
    """Say what is being measured, on standard error."""
    print(text, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure everything the arguments ask for; return the results."""
    # Small initiatives first: pandas, imported below, starts numpy's threads,
    # and classify_many forks its workers only in a process with one thread.
    many = small.measure_small(args.small, 1 if args.quick else 5, say)
    _, how = loader()
    say(f"loading JSON with {how}")
    results = []
    for n in sorted(args.sizes):
        repeats = 1 if args.quick or n >= 1_000_000 else (3 if n >= 100_000 else 5)
        results.append(measure(n, repeats, say))
    csv = csv_memory(args.csv_rows, say)
    return {"machine": machine(), "loader": how, "results": results, "csv": csv, "small": many}


def report(document: dict[str, Any]) -> dict[str, list[Target]]:
    """Print the tables and the targets; return the targets, by table."""
    results = document["results"]
    targets = {
        "issue 15, one large initiative": large_targets(results, document["csv"]),
        "issue 15, small initiatives": small.small_targets(document["small"]),
        "v0.1, kept": earlier_targets(results),
    }
    print(table(results))
    print()
    largest = results[-1]
    print(
        f"Targets at {largest['n']:,} contributions, {largest['stakeholders']:,} stakeholders, "
        f"{largest['n']:,} values (read_csv: {document['csv']['rows']:,} values):"
    )
    print()
    print(markdown(targets["issue 15, one large initiative"]))
    print()
    for line in small.describe(document["small"]):
        print(line)
    print()
    print(markdown(targets["issue 15, small initiatives"]))
    print()
    print("Targets kept from v0.1:")
    print()
    print(markdown(targets["v0.1, kept"]))
    print()
    missed = [t.row for rows in targets.values() for t in rows if t.met is False]
    print(f"missed: {'; '.join(missed)}" if missed else "every target met")
    print("machine: " + ", ".join(f"{key} {value}" for key, value in document["machine"].items()))
    print(f"JSON loaded with {document['loader']}")
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables; return the exit status."""
    args = parse(argv)
    document = run(args)
    targets = report(document)
    # How sure is the verdict: robustness against classify at the largest
    # size (issue 13 asks for at most 2x at 1M), and simulate's 10,000 draws.
    judged = judgment.measure_judgment(
        max(args.sizes), draws=200 if args.quick else 10_000, repeats=1 if args.quick else 3
    )
    print()
    print(judgment.judgment_table(judged))
    document["judgment"] = judged
    if args.json is not None:
        document["targets"] = {
            table: [t.to_dict() for t in rows] for table, rows in targets.items()
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
