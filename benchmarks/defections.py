"""How ``defections`` grows with the number of stakeholders: a ratio, not a limit.

Run it from the repository root::

    python benchmarks/defections.py                  # 300 and 1,200 stakeholders
    python benchmarks/defections.py --sizes 300 1200 3000 --quick

It builds, for each size ``n``, an initiative with one focal firm, ``n / 2``
partners that each give technology (at a cost) and receive a value the firm
provides, and ``n / 2`` customers that each give feedback and receive a
value; every partner and every customer is an external contributor, so
``defections`` works out ``n`` verdicts. It times, on a fresh copy each time
(empty caches, as after unpickling):

* ``defections``;
* ``defections`` and the first sentence of each, which ``report`` shows;
* ``defections`` and every sentence of each, which ``whatif`` prints;
* ``defections`` of the same initiative where the firm also receives a
  value from every partner: each partner that leaves changes the firm's
  net value, which is summed again from its remaining terms (exactly
  rounded sums cannot take one term away), so this row grows as ``n``
  squared, with a small constant.

Times are CPU time of this process (:func:`time.process_time`), the best of
a few runs. Nothing is asserted: the growth from one size to the next is
printed beside the growth of ``n``. Linear work grows as ``n`` does (4x from
300 to 1,200); work per defection that reads the whole initiative grows as
``n`` squared (16x).
"""

from __future__ import annotations

import argparse
import copy
import time
from itertools import pairwise
from typing import TYPE_CHECKING

from cocreate import Contribution, Initiative, Stakeholder, Value, defections
from targets import best, render

if TYPE_CHECKING:
    from collections.abc import Sequence


def make_initiative(n: int, *, hub: bool = False) -> Initiative:
    """Return an initiative of ``n`` stakeholders besides the firm, all external contributors.

    With ``hub``, the firm also receives a value from every partner.
    """
    half = n // 2
    partners = [f"partner{i:05}" for i in range(half)]
    customers = [f"customer{i:05}" for i in range(n - half)]
    people = [Stakeholder("firm", "firm")]
    people += [Stakeholder(key, "partner") for key in partners]
    people += [Stakeholder(key, "customer", customer_of={"firm"}) for key in customers]
    given = [Contribution(key, "technology", cost=1 + i % 7) for i, key in enumerate(partners)]
    given += [Contribution(key, "feedback", cost=0.5) for key in customers]
    given.append(Contribution("firm", "capital", cost=n))
    got = [Value(key, 3 + i % 5, provider="firm") for i, key in enumerate(partners)]
    got += [Value(key, 1 + i % 3) for i, key in enumerate(customers)]
    got.append(Value("firm", 4 * n))
    if hub:
        got += [Value("firm", 2, provider=key) for key in partners]
    return Initiative(f"{n} stakeholders", "firm", people, given, got, goal="new_offering")


def measure(n: int, repeats: int) -> dict[str, float]:
    """Time ``defections`` and its first sentences on fresh copies of one initiative."""
    initiative = make_initiative(n)
    hub = make_initiative(n, hub=True)
    clock = time.process_time
    return {
        "defections": best(lambda: copy.copy(initiative), defections, repeats, clock=clock),
        "defections + first sentences": best(
            lambda: copy.copy(initiative),
            lambda i: [d.sentences[0] for d in defections(i)],
            repeats,
            clock=clock,
        ),
        "defections + every sentence": best(
            lambda: copy.copy(initiative),
            lambda i: [d.sentences for d in defections(i)],
            repeats,
            clock=clock,
        ),
        "defections, firm valued by every partner": best(
            lambda: copy.copy(hub), defections, repeats, clock=clock
        ),
    }


def table(sizes: Sequence[int], times: Sequence[dict[str, float]]) -> str:
    """Return the times and the growth from each size to the next, as a Markdown table."""
    header = ["operation", *(f"{n:,} time (s)" for n in sizes)]
    header += [f"{a:,}→{b:,} growth (n grew {b / a:g}x)" for a, b in pairwise(sizes)]
    lines = [header]
    for row in times[0]:
        cells = [row, *(f"{t[row]:.4f}" for t in times)]
        cells += [f"{b[row] / a[row]:.1f}x" for a, b in pairwise(times)]
        lines.append(cells)
    return render(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[300, 1200], help="stakeholders besides the firm"
    )
    parser.add_argument("--quick", action="store_true", help="one run per measurement")
    args = parser.parse_args(argv)
    if any(n < 2 for n in args.sizes):
        parser.error("every size must be at least 2")
    sizes = sorted(args.sizes)
    times = [measure(n, 1 if args.quick else 3) for n in sizes]
    print(table(sizes, times))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
