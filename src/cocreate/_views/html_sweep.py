"""The HTML view of a :class:`~cocreate.Sweep`: the line of values, cut into its intervals.

Each interval is a stretch of the line in its kind's colour, finite ones
as wide as they are long and open ends a fixed share; the estimate is
marked. A table lists the intervals. Every value is escaped; nothing here
computes a result.
"""

from __future__ import annotations

from cocreate._judgment.sweep import Sweep
from cocreate._views.html import _e, _num, _table, _wrap, register
from cocreate._views.html_judgment import _badge, _head, _sentences
from cocreate._words.sweep import span

__all__ = ["sweep_view"]

#: The share of the line an open end takes.
_OPEN = 0.2


def _widths(result: Sweep) -> list[float]:
    """Each interval's share of the line."""
    finite = [
        (high - low) if low is not None and high is not None else None
        for low, high, _ in result.intervals
    ]
    length = sum(w for w in finite if w is not None)
    opened = finite.count(None)
    room = 1.0 - _OPEN * opened
    shares = []
    for width in finite:
        if width is None:
            shares.append(_OPEN)
        elif length > 0:
            shares.append(max(room * width / length, 0.01))
        else:
            shares.append(room / max(1, len(finite) - opened))
    return shares


def _line(result: Sweep) -> str:
    cells = []
    for (low, high, kind), closed, share in zip(
        result.intervals, result.closed, _widths(result), strict=True
    ):
        title = f"{kind.label}: {span(low, high, closed)}"
        cells.append(
            f'<span class="cc-kind-{_e(kind.value)}" title="{_e(title)}" '
            f'style="flex:{share:.4f} 1 0;background:var(--cc-accent);color:#fff;'
            'padding:.2em .3em;overflow:hidden;white-space:nowrap;font-size:.85em">'
            f"{_e(kind.label)}</span>"
        )
    ticks = " | ".join(_num(b) for b in result.breakpoints)
    return (
        '<div class="cc-sweep" style="display:flex;gap:2px;margin:.4em 0;max-width:42em">'
        + "".join(cells)
        + "</div>"
        + f'<div class="cc-foot">Breakpoints: {ticks or "none"}; estimate '
        f"{_num(result.estimate)}</div>"
    )


def sweep_view(result: Sweep, max_rows: int) -> str:
    """The body of a sweep's view: heading, sentences, the line, the table of intervals."""
    rows = [
        (
            (_e(span(low, high, closed)), ""),
            (_e(kind.label), ""),
        )
        for (low, high, kind), closed in list(zip(result.intervals, result.closed, strict=True))[
            :max_rows
        ]
    ]
    table = _table(("values", "kind"), rows, len(result.intervals), max_rows, "interval")
    body = (
        _head("Sweep of one amount of", result.initiative)
        + _badge(result.kind, "at the estimate")
        + _sentences(result.sentences)
        + _line(result)
        + table
    )
    return _wrap(str(result), body)


register(Sweep, sweep_view)
