"""The targets of the benchmark: a measured ratio, its limit, and met or missed; and the timer."""

from __future__ import annotations

import gc
import math
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def best(
    prepare: Callable[[], Any],
    run: Callable[[Any], object],
    repeats: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """The best time of ``run(prepare())`` over ``repeats`` runs; ``prepare`` is not timed.

    The cyclic garbage collector runs before each, so that no run pays for
    the garbage of the one before.
    """
    fastest = math.inf
    for _ in range(repeats):
        subject = prepare()
        gc.collect()
        start = clock()
        result = run(subject)
        elapsed = clock() - start
        del result, subject
        fastest = min(fastest, elapsed)
    return fastest


def interleaved(
    cases: dict[str, tuple[Callable[[], Any], Callable[[Any], object]]], rounds: int
) -> dict[str, float]:
    """The best time of each case over ``rounds`` rounds, each round timing every case once.

    Taking turns keeps a baseline and what is compared with it under the
    same conditions: on a shared machine, speed drifts over seconds, and a
    baseline timed only at the start can come out half as fast again.
    """
    times = dict.fromkeys(cases, math.inf)
    for _ in range(rounds):
        for name, (prepare, run) in cases.items():
            times[name] = min(times[name], best(prepare, run, 1))
    return times


@dataclass(frozen=True)
class Target:
    """One row of a target table: what was measured against what, and the limit."""

    #: What was measured.
    row: str
    #: What it is compared with.
    vs: str
    #: The measured figure, in words (a time, a size).
    measured: str
    #: The baseline's figure, in words.
    baseline: str
    #: The ratio (or, for bytes per contribution, the bytes).
    ratio: float
    #: The limit; ``None`` for a row that is reported only.
    limit: float | None
    #: ``"x"`` for a ratio, ``" B"`` for bytes.
    unit: str = "x"
    #: Whether the ratio must be strictly below the limit (else at most the limit).
    strict: bool = False

    @property
    def met(self) -> bool | None:
        """Whether the target is met; ``None`` for a row reported only."""
        if self.limit is None:
            return None
        return self.ratio < self.limit if self.strict else self.ratio <= self.limit

    def cells(self) -> list[str]:
        """The row's cells: row, vs, measured, baseline, ratio, target, verdict."""
        digits = 0 if self.unit == " B" else 2
        ratio = f"{self.ratio:.{digits}f}{self.unit}" if math.isfinite(self.ratio) else "n/a"
        if self.limit is None:
            target, verdict = "- (report only)", "-"
        else:
            sign = "<" if self.strict else "<="
            target = f"{sign} {self.limit:g}{self.unit}"
            verdict = "met" if self.met else "MISSED"
        return [self.row, self.vs, self.measured, self.baseline, ratio, target, verdict]

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data, with the verdict."""
        return {**asdict(self), "met": self.met}


HEADER = ["row", "vs", "measured", "baseline", "ratio", "target", "verdict"]


def markdown(rows: Sequence[Target]) -> str:
    """Return the target rows as a Markdown table."""
    return render([HEADER, *(row.cells() for row in rows)])


def render(lines: Sequence[Sequence[str]]) -> str:
    """Return lines of cells, the first the header, as an aligned Markdown table."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]

    def one(line: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([one(lines[0]), rule, *(one(line) for line in lines[1:])])


def seconds(value: float) -> str:
    """A time in words, to four significant digits."""
    return f"{value:.4g} s"
