"""How fast cocreate says how sure a verdict is, measured against classify in the same run.

Run it from the repository root::

    python benchmarks/judgment.py                    # 1M contributions, 10,000 draws
    python benchmarks/judgment.py --size 10000 --draws 1000 --quick

``benchmarks/run.py`` can call :func:`measure_judgment` and print
:func:`judgment_table` beside its own rows.

It builds one synthetic initiative with ``size`` contributions, ``size``
values and ``size / 10`` stakeholders, and times on a fresh copy each time
(empty caches, as after unpickling, so building every index counts):

* ``classify``, the baseline;
* ``robustness`` with no spread and no ranges (the kinds at the estimates
  only), with ``spread=0.2``, and with a range on one item in ten as well;
* ``stability``, once, at a tenth of the size.

Then, on an initiative of 50 stakeholders and 500 terms (250
contributions, 250 values), ``simulate`` with 10,000 draws, uniform and
triangular, at a spread of 1 so that every stakeholder's net value can fall
on either side of 0 and every term is drawn, against ``classify`` of the
same initiative.

With ``--links``, on initiatives of 10, 100 and 1,000 stakeholders whose
payments are linked (each customer pays the firm a price, the firm pays each
partner a royalty: both sides of each one quantity, with a range),
``robustness``, ``sweep`` (of one royalty) and ``simulate`` (10,000 draws),
each as a ratio to ``classify`` of the same initiative. Issue 25 asks for
robustness at 1,000 stakeholders within 50x ``classify``.

Times are CPU time of this process (:func:`time.process_time`, so other
work on the machine disturbs them less), the best of a few runs, with the
cyclic garbage collector run before each. Nothing is asserted: the ratios
are printed, for a person or
``run.py`` to judge. Issue 13 asks for ``robustness`` within 2x ``classify``
at a million contributions, and ``simulate`` within a few seconds.
"""

from __future__ import annotations

import argparse
import copy
import random
import time
from typing import TYPE_CHECKING, Any

from cocreate import (
    Contribution,
    Initiative,
    Value,
    classify,
    from_records,
    robustness,
    simulate,
    stability,
    sweep,
    transfer,
)
from targets import best

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

VOICE = ("ideas", "input", "feedback")
SUBSTANTIVE = ("technology", "capital", "labor", "design", "data", "platform", "product")

#: Rows of the table: operation, what it is a ratio to.
ROWS = (
    ("classify (fresh)", "classify (fresh)"),
    ("robustness, no spread (fresh)", "classify (fresh)"),
    ("robustness, spread 0.2 (fresh)", "classify (fresh)"),
    ("robustness, spread 0.2, 10% ranged (fresh)", "classify (fresh)"),
    ("stability, tenth size (fresh)", "classify, tenth size (fresh)"),
    ("classify, 500 terms (fresh)", "classify, 500 terms (fresh)"),
    ("simulate 10,000 uniform", "classify, 500 terms (fresh)"),
    ("simulate 10,000 triangular", "classify, 500 terms (fresh)"),
)


def make_initiative(size: int, *, stakeholders: int | None = None, seed: int = 7) -> Initiative:
    """Return an initiative with ``size`` contributions and ``size`` values.

    One focal firm, a few employees, partners and suppliers, many customers;
    voice and substantive resources mixed; costs and amounts positive, so
    that most stakeholders win by a margin a spread can eat.
    """
    rng = random.Random(seed)
    count = stakeholders or max(size // 10, 20)
    people: list[tuple[Any, ...]] = [("firm", "firm", "The Firm", None, ())]
    people.extend((f"employee-{i}", "employee", None, "firm", ()) for i in range(count // 10))
    people.extend((f"partner-{i}", "partner", None, None, ()) for i in range(count // 20))
    people.extend(
        (f"customer-{i}", "customer", None, None, ("firm",)) for i in range(count - len(people))
    )
    ids = [row[0] for row in people]
    is_customer = {row[0]: row[1] == "customer" for row in people}
    contributions = []
    for _ in range(size):
        source = ids[rng.randrange(count)]
        voice = is_customer[source] and rng.random() < 0.9
        resource = rng.choice(VOICE if voice else SUBSTANTIVE)
        contributions.append((source, resource, None, round(rng.random() * 10, 2), ""))
    values = [
        (ids[rng.randrange(count)], round(rng.random() * 30, 2), None, "other", "")
        for _ in range(size)
    ]
    return from_records(f"benchmark {size}", "firm", people, contributions, values)


def with_ranges(initiative: Initiative, every: int = 10) -> Initiative:
    """Return the initiative with a range on one contribution and one value in ``every``."""
    contributions: list[Contribution] = [
        Contribution(
            c.source, c.resource, target=c.target, cost=c.cost, low=c.cost / 2, high=c.cost * 2
        )
        if index % every == 0
        else c
        for index, c in enumerate(initiative.contributions)
    ]
    values: list[Value] = [
        Value(v.beneficiary, v.amount, low=v.amount - 5, high=v.amount + 1)
        if index % every == 0
        else v
        for index, v in enumerate(initiative.values)
    ]
    return initiative.evolve(contributions=contributions, values=values)


def timed(run: Callable[[], object], repeats: int) -> float:
    """Return the best time of ``repeats`` runs, collecting garbage before each."""
    return best(lambda: None, lambda _: run(), repeats, clock=time.process_time)


def timed_fresh(initiative: Initiative, run: Callable[[Initiative], object], repeats: int) -> float:
    """Time ``run`` on a fresh copy (empty caches) each time."""
    return best(lambda: copy.copy(initiative), run, repeats, clock=time.process_time)


def measure_judgment(
    size: int = 1_000_000,
    draws: int = 10_000,
    repeats: int = 3,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Time robustness, stability and simulate against classify; return the times."""
    times: dict[str, float] = {}
    initiative = make_initiative(size)
    ranged = with_ranges(initiative)
    say(f"size {size:,}: {len(initiative.stakeholders):,} stakeholders")
    times["classify (fresh)"] = timed_fresh(initiative, classify, repeats)
    times["robustness, no spread (fresh)"] = timed_fresh(initiative, robustness, repeats)
    times["robustness, spread 0.2 (fresh)"] = timed_fresh(
        initiative, lambda i: robustness(i, spread=0.2), repeats
    )
    times["robustness, spread 0.2, 10% ranged (fresh)"] = timed_fresh(
        ranged, lambda i: robustness(i, spread=0.2), repeats
    )
    tenth = make_initiative(max(size // 10, 100))
    times["classify, tenth size (fresh)"] = timed_fresh(tenth, classify, repeats)
    times["stability, tenth size (fresh)"] = timed_fresh(tenth, stability, 1)
    small = make_initiative(250, stakeholders=50, seed=11)
    drawn = robustness(small, spread=1.0).net_ranges.values()
    say(f"simulate: {sum(low <= 0 < high for low, high in drawn)} of 50 stakeholders drawn")
    times["classify, 500 terms (fresh)"] = timed_fresh(small, classify, max(repeats, 5))
    for distribution in ("uniform", "triangular"):
        times[f"simulate 10,000 {distribution}"] = timed(
            lambda d=distribution: simulate(  # type: ignore[misc]
                small, n=draws, seed=1, spread=1.0, distribution=d
            ),
            repeats,
        )
    return {"size": size, "draws": draws, "times": times}


def make_linked(stakeholders: int, *, seed: int = 5) -> Initiative:
    """Return an initiative of ``stakeholders`` whose payments are linked.

    A firm; one partner in twenty, each giving technology and paid a
    royalty by the firm; the rest customers, each giving ideas, paying the
    firm a price and valuing the offering. Every price and royalty is one
    quantity with a range around its estimate, and one value in five has a
    range of its own, so that some stakeholders can fall either side of 0.
    """
    rng = random.Random(seed)
    partners = max(1, stakeholders // 20)
    customers = max(1, stakeholders - 1 - partners)
    people: list[tuple[Any, ...]] = [("firm", "firm", "The Firm", None, ())]
    people += [(f"partner-{i}", "partner", None, None, ()) for i in range(partners)]
    people += [(f"customer-{i}", "customer", None, None, ("firm",)) for i in range(customers)]
    built = from_records(f"linked {stakeholders}", "firm", people, [], [])
    contributions: list[Contribution] = [Contribution("firm", "product", cost=3.0 * customers)]
    values: list[Value] = []
    for i in range(partners):
        key = f"partner-{i}"
        cost = float(rng.randint(5, 15))
        royalty = cost + rng.choice((-2.0, 1.0, 3.0, 6.0))
        pay, paid = transfer(
            "firm",
            key,
            "capital",
            royalty,
            low=max(0.0, royalty - 4),
            high=royalty + 4,
            link=f"royalty-{i}",
        )
        contributions += [Contribution(key, "technology", cost=cost), pay]
        values.append(paid)
    for i in range(customers):
        key = f"customer-{i}"
        price = float(rng.randint(8, 12))
        worth = price + rng.choice((-1.0, 2.0, 4.0, 8.0))
        pay, paid = transfer(
            key, "firm", "capital", price, low=price - 3, high=price + 3, link=f"price-{i}"
        )
        contributions += [Contribution(key, "ideas"), pay]
        ranged = i % 5 == 0
        values += [
            paid,
            Value(
                key, worth, low=worth - 2 if ranged else None, high=worth + 2 if ranged else None
            ),
        ]
    return built.evolve(contributions=contributions, values=values, goal="new_offering")


#: Rows of the links table: operation, run on an initiative of each size.
LINK_ROWS = ("robustness", "sweep", "simulate 10,000")


def measure_links(
    sizes: Sequence[int] = (10, 100, 1000),
    draws: int = 10_000,
    repeats: int = 3,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Time robustness, sweep and simulate on linked initiatives against classify."""
    out: dict[str, dict[str, float]] = {}
    for size in sizes:
        initiative = make_linked(size)
        kinds = robustness(initiative).kinds
        say(f"linked, {size:,} stakeholders: {len(kinds)} kinds reachable")
        times = {"classify": timed_fresh(initiative, classify, max(repeats, 5))}
        times["robustness"] = timed_fresh(initiative, robustness, repeats)
        times["sweep"] = timed_fresh(initiative, lambda i: sweep(i, "royalty-0"), repeats)
        times["simulate 10,000"] = timed(
            lambda i=initiative: simulate(i, n=draws, seed=1),  # type: ignore[misc]
            1,
        )
        out[str(size)] = times
    return {"draws": draws, "links": out}


def links_table(result: dict[str, Any]) -> str:
    """Return the linked times as a Markdown table: seconds and the ratio to classify."""
    sizes = list(result["links"])
    lines = [("operation", *(f"{int(s):,} stakeholders" for s in sizes))]
    base = [result["links"][s]["classify"] for s in sizes]
    lines.append(("classify (s)", *(f"{t:.5f}" for t in base)))
    for row in LINK_ROWS:
        cells = [
            f"{result['links'][s][row] / b:.1f}x ({result['links'][s][row]:.4f} s)"
            for s, b in zip(sizes, base, strict=True)
        ]
        lines.append((row, *cells))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]

    def render(line: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def judgment_table(result: dict[str, Any]) -> str:
    """Return the times as a Markdown table, with each row's ratio to its baseline."""
    times = result["times"]
    lines = [("operation", "vs", "time (s)", "ratio")]
    for row, base in ROWS:
        ratio = "1.00" if row == base else f"{times[row] / times[base]:.2f}"
        lines.append((row, "-" if row == base else base, f"{times[row]:.4f}", ratio))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]

    def render(line: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="contributions (and values)")
    parser.add_argument("--draws", type=int, default=10_000, help="draws for simulate")
    parser.add_argument("--quick", action="store_true", help="one run per operation")
    parser.add_argument(
        "--links", action="store_true", help="only the linked initiatives of 10 to 1,000"
    )
    args = parser.parse_args(argv)
    if args.links:
        print(links_table(measure_links(draws=args.draws, repeats=1 if args.quick else 3)))
        return 0
    if args.size < 100 or args.draws < 1:
        parser.error("--size must be at least 100 and --draws at least 1")
    result = measure_judgment(args.size, args.draws, 1 if args.quick else 3)
    print(judgment_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
