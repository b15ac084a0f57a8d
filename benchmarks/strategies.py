"""How long drawing initiatives takes through Hypothesis's own engine.

Run it from the repository root, in an environment with the ``hypothesis``
extra::

    python benchmarks/strategies.py                 # 1,000 initiatives of 1 to 20 stakeholders
    python benchmarks/strategies.py --min 10        # of 10 to 20 stakeholders

It reports the time for the draws and, as a baseline measured in the same
run, the time Hypothesis takes to draw as many lists of 20 integers, so
the figure can be read on any machine as a ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from cocreate import Initiative


def draw(strategy: st.SearchStrategy[object], count: int, seen: Callable[[object], None]) -> float:
    """Draw ``count`` examples of ``strategy`` through @given; return the seconds taken."""

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(example: object) -> None:
        seen(example)

    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Time the draws and print them with the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="how many to draw")
    parser.add_argument("--min", type=int, default=1, help="the fewest stakeholders")
    parser.add_argument("--max", type=int, default=20, help="the most stakeholders")
    arguments = parser.parse_args(argv)
    sizes: list[int] = []

    def size(example: object) -> None:
        initiative: Initiative = example  # type: ignore[assignment]
        sizes.append(len(initiative.stakeholders))

    strategy = initiatives(min_stakeholders=arguments.min, max_stakeholders=arguments.max)
    seconds = draw(strategy, arguments.count, size)
    baseline = draw(
        st.lists(st.integers(), min_size=20, max_size=20), arguments.count, lambda _: None
    )
    print(
        f"{len(sizes)} initiatives of {arguments.min} to {arguments.max} stakeholders "
        f"(mean {statistics.mean(sizes):.1f}, max {max(sizes)}) in {seconds:.2f} s; "
        f"{len(sizes)} lists of 20 integers in {baseline:.2f} s; "
        f"ratio {seconds / baseline:.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
