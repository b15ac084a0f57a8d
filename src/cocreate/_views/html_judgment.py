"""HTML views of how sure a verdict is and what would change it.

The ``_repr_html_`` of :class:`~cocreate.Robustness`,
:class:`~cocreate.Stability`, :class:`~cocreate.Simulation`,
:class:`~cocreate.Comparison`, :class:`~cocreate.Defection`,
:class:`~cocreate.Balance` and :class:`~cocreate.FairSplit`, which
:func:`cocreate.to_html` shows too. Built from the helpers of ``_html`` (its style
sheet, tables and escaping), so every value that reaches the page is
escaped, and each table shows at most ``max_rows`` rows. Nothing here
computes a result.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from cocreate._judgment.fair import FairSplit
from cocreate._judgment.ranges import Robustness, Simulation, Stability
from cocreate._judgment.whatif import Balance, Comparison, Defection, Defections
from cocreate._model.hooks import html_view
from cocreate._rules.params import Kind
from cocreate._rules.sums import column_label
from cocreate._views.html import (
    _cut_note,
    _details,
    _e,
    _losers_first,
    _mark,
    _num,
    _table,
    _who,
    _wrap,
    register,
)
from cocreate._words.judgment import outlook_sentence, percent, requirement_in
from cocreate.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__: list[str] = []

_Cell = tuple[str, str]


def _badge(kind: Kind, note: str = "") -> str:
    extra = f' <span class="cc-tag">{_e(note)}</span>' if note else ""
    return f'<div class="cc-kind cc-kind-{_e(kind.value)}">{_e(kind.label)}{extra}</div> '


def _head(what: str, name: str) -> str:
    return f'<div class="cc-head"><span class="cc-what">{_e(what)}</span> <b>{_e(name)}</b></div>'


def _sentences(sentences: Sequence[str]) -> str:
    if not sentences:
        return ""
    first, *rest = sentences
    items = "".join(f"<li>{_e(s)}</li>" for s in rest)
    return f'<p class="cc-verdict">{_e(first)}</p>' + (
        f'<ul class="cc-sentences">{items}</ul>' if items else ""
    )


def _name(names: Mapping[str, str], key: str) -> str:
    return _named(names.get(key, key), key)


def _named(name: str, key: str) -> str:
    if name == key:
        return _e(name)
    return f'{_e(name)} <span class="cc-muted">[{_e(key)}]</span>'


def _spread(share: float) -> str:
    """A spread as every share on the page is shown: a percentage, "±33.3%"."""
    if math.isinf(share):
        return "any amount"
    return f"±{percent(share)}"


# --------------------------------------------------------------------------


#: What the last row of the robustness table says of those left out.
_ALWAYS_WIN = "each winning whatever the amounts within their ranges"


def _outcome(*, can_win: bool, can_lose: bool) -> _Cell:
    """Whether a stakeholder wins within the ranges, in colours that mean good and bad.

    Green for a stakeholder that wins whatever the amounts, red for one
    that loses whatever they are, and no colour for one that may do either:
    good news is never marked in alarm red.
    """
    if not can_lose:
        return '<span class="cc-yes">always wins</span>', "cc-word"
    if not can_win:
        return '<span class="cc-no">always loses</span>', "cc-word"
    return "may win or lose", "cc-word"


def _robustness(result: Robustness, max_rows: int) -> str:
    pivotal = set(result.pivotal)
    ranges = result.net_ranges

    def name(key: str) -> str:
        return result.names.get(key, key)

    # Whoever may lose, or on whom the verdict turns, is always shown, first;
    # whether each may win or lose is what robustness recorded.
    pivotal_first, hidden = _losers_first(
        sorted(ranges, key=lambda k: k not in pivotal),
        max_rows,
        loses=lambda k: k in pivotal or result.can_lose[k],
        name=name,
    )
    order = [k for k in pivotal_first if k in pivotal] + [
        k for k in pivotal_first if k not in pivotal
    ]
    rows = []
    for key in order:
        low, high = ranges[key]
        tag = ' <span class="cc-tag">the verdict turns on it</span>' if key in pivotal else ""
        rows.append(
            (
                (_name(result.names, key) + tag, ""),
                (_num(low), "cc-num"),
                (_num(high), "cc-num"),
                # The verdicts robustness recorded: nothing here compares.
                _outcome(can_win=result.can_win[key], can_lose=result.can_lose[key]),
            )
        )
    table = _table(
        ("stakeholder", "lowest net value", "highest net value", "within the ranges"),
        rows,
        len(ranges),
        max_rows,
        "stakeholder",
        cut=_cut_note(hidden, "stakeholder", _ALWAYS_WIN) if hidden else None,
    )
    badges = "".join(
        _badge(k, "at the estimates" if k is result.kind else "") for k in Kind if k in result.kinds
    )
    body = (
        _head("How sure is the verdict on", result.initiative)
        + badges
        + _sentences(result.sentences)
        + _details(
            "Net values within the ranges", f"spread {_spread(result.spread)}", table, open_=True
        )
    )
    return _wrap(str(result), body)


def _stability(result: Stability, max_rows: int) -> str:
    ranged = result.range_scale is not None
    first = result.range_first if ranged else result.first
    rows = [
        (
            (_name(result.names, key), ""),
            (
                "decides"
                if ranged
                else (
                    "could stop winning" if key in result.stop_winning else "could start winning"
                ),
                "",
            ),
        )
        for key in first[:max_rows]
    ]
    table = _table(("who decides", "how"), rows, len(first), max_rows, "stakeholder")
    foot = (
        f"Range scale: {_num(result.range_scale)} (1 is your ranges as given)"
        if result.range_scale is not None
        else f"Spread within which the verdict holds: {_e(_spread(result.spread))}"
    )  # _num and _e escape; the rest is fixed text
    body = (
        _head("How stable is the verdict on", result.initiative)
        + _badge(result.kind)
        + _sentences(result.sentences)
        + (table if first else "")
        + f'<div class="cc-foot">{foot}</div>'
    )
    return _wrap(str(result), body)


def _interval(pair: tuple[float, float] | None) -> str:
    return "" if pair is None else f"{percent(pair[0])} to {percent(pair[1])}"


def _simulation(result: Simulation, max_rows: int) -> str:
    kinds = _table(
        ("kind", "share of draws", "95% interval"),
        (
            (
                (_e(k.label), ""),
                (_e(percent(p)), "cc-num"),
                (_e(_interval(result.intervals.get(k))), "cc-num"),
            )
            for k, p in result.probabilities.items()
        ),
        len(result.probabilities),
        max_rows,
        "kind",
    )
    losers = _table(
        ("most likely to lose", "wins in"),
        (
            ((_name(result.names, k), ""), (_e(percent(result.wins[k])), "cc-num"))
            for k in result.losers[:max_rows]
        ),
        len(result.losers),
        max_rows,
        "stakeholder",
    )
    lead = outlook_sentence(result)
    keys = list(result.pivotal)
    wins = _table(
        ("stakeholder the verdict turns on", "wins in"),
        (
            ((_name(result.names, k), ""), (_e(percent(result.wins[k])), "cc-num"))
            for k in keys[:max_rows]
        ),
        len(keys),
        max_rows,
        "stakeholder",
    )
    body = (
        _head("Simulated valuations of", result.initiative)
        + (f'<p class="cc-verdict">{_e(lead)}</p>' if lead else "")
        + _badge(result.kind, "at the estimates")
        + _sentences(result.sentences)
        + kinds
        + (losers if result.losers else "")
        + (wins if keys else "")
        + f'<div class="cc-foot">{_e(result.n)} draws, {_e(result.distribution)}, '
        f"spread {_e(_spread(result.spread))}, seed {_e(repr(result.seed))}</div>"
    )
    return _wrap(str(result), body)


def _comparison_body(result: Comparison, max_rows: int, *, said: bool = True) -> str:
    """Badges, the sentences (unless ``said`` is false: a defection says its own), tables."""
    names = result.names
    changes = list(result.net_changes.items())
    rows = (
        (
            (_named(names[key], key), ""),
            ("absent" if was is None else _num(was), "cc-num"),
            ("absent" if now is None else _num(now), "cc-num"),
        )
        for key, (was, now) in changes[:max_rows]
    )
    nets = _table(
        ("stakeholder", "net before", "net after"), rows, len(changes), max_rows, "change"
    )
    flips = _table(
        ("criterion", "before", "after"),
        (
            ((_e(requirement_in(check, result)), ""), (_mark(was), ""), (_mark(now), ""))
            for check, (was, now) in result.flipped.items()
        ),
        len(result.flipped),
        max_rows,
        "check",
    )
    return (
        _badge(result.before.kind, "before")
        + _badge(result.after.kind, "after")
        + (_sentences(result.sentences) if said else "")
        + (_details("Net values", f"{len(changes)} changed", nets, open_=True) if changes else "")
        + (
            _details("Checks", f"{len(result.flipped)} flipped", flips, open_=True)
            if result.flipped
            else ""
        )
    )


def _comparison(result: Comparison, max_rows: int) -> str:
    body = _head("Comparison of", result.before.initiative) + _comparison_body(result, max_rows)
    return _wrap(str(result), body)


def _defection(result: Defection, max_rows: int) -> str:
    body = (
        _head(f"Without {result.name}:", result.comparison.before.initiative)
        + _sentences(result.sentences[: 2 if result.lost else 1])
        + _comparison_body(result.comparison, max_rows, said=False)
    )
    return _wrap(str(result), body)


def _defections_view(result: Defections, max_rows: int) -> str:
    """One row per stakeholder who might leave: the kind without it, and what others lose."""
    if not result:
        return _wrap(str(result), f"<p>{_e(result.sentences[0])}</p>")
    first = result[0].comparison.before
    rows = [
        (
            (_named(d.name, d.stakeholder), ""),
            (f"<b>{_e(d.kind.label)}</b>" if d.changed else _e(d.kind.label), "cc-word"),
            (_mark(not d.changed, "the kind stays", "the kind changes"), "cc-mark"),
            (_e(" ".join(d.sentences[1:2]) or "nobody loses value it receives"), ""),
        )
        for d in result[:max_rows]
    ]
    table = _table(
        ("without", "the kind would be", "same kind", "what others lose"),
        rows,
        len(result),
        max_rows,
        "stakeholder",
    )
    body = (
        _head("What if a partner leaves", first.initiative) + _badge(first.kind, "as it is") + table
    )
    return _wrap(str(result), body)


#: A ratio that does not exist (nothing given at a cost), shown so no cell is blank.
_NO_RATIO = '<span class="cc-muted" title="gives nothing at a cost">\N{EM DASH}</span>'


def _balance(result: Balance, max_rows: int) -> str:
    entries, hidden = _losers_first(
        result.entries, max_rows, loses=lambda e: e.loses, name=lambda e: e.stakeholder.name
    )
    rows: list[Sequence[_Cell]] = [
        (
            (_who(e.stakeholder), ""),
            (_e(e.contributions), "cc-num"),
            (_num(e.cost), "cc-num"),
            (_e(percent(e.cost_share)), "cc-num"),
            (_num(e.received), "cc-num"),
            (_e(percent(e.value_share)), "cc-num"),
            (_num(e.net_value), "cc-num"),
            (_e(percent(e.net_share)), "cc-num"),
            (_NO_RATIO if e.ratio is None else _num(e.ratio), "cc-num"),
            (
                _e(
                    "; ".join(
                        note
                        for note, flagged in (
                            ("loses", e.loses),
                            ("gives without receiving", e.gives_without_gaining),
                            ("receives without giving", e.gains_without_giving),
                        )
                        if flagged
                    )
                    or "\N{EM DASH}"
                ),
                "",
            ),
        )
        for e in entries
    ]
    table = _table(
        (
            "stakeholder",
            column_label("contribution_count"),
            "cost",
            "share of costs",
            "received",
            "share of value received",
            "net value",
            "share of net value",
            "received per cost",
            "notes",
        ),
        rows,
        len(result.entries),
        max_rows,
        "stakeholder",
        failed=[e.loses for e in entries],
        cut=_cut_note(hidden, "stakeholder", "none of them losing") if hidden else None,
    )
    body = _head("Balance of", result.initiative) + _sentences(result.sentences) + table
    return _wrap(str(result), body)


def _fair_split(result: FairSplit, max_rows: int) -> str:
    rows: list[Sequence[_Cell]] = [
        (
            (_who(e.stakeholder), ""),
            (_num(e.shapley), "cc-num"),
            (_num(e.net_value), "cc-num"),
            (_num(e.difference), "cc-num"),
            (_num(e.cost), "cc-num"),
            (_num(e.received), "cc-num"),
            ("" if e.ratio is None else _num(e.ratio), "cc-num"),
            ("the blocking coalition" if e.stakeholder.id in result.blocking else "", ""),
        )
        for e in result.entries[:max_rows]
    ]
    table = _table(
        (
            "stakeholder",
            "fair share",
            "net value",
            "difference",
            "cost",
            "received",
            "received per cost",
            "blocks with",
        ),
        rows,
        len(result.entries),
        max_rows,
        "stakeholder",
    )
    body = _head("Fair split of", result.initiative) + _sentences(result.sentences) + table
    return _wrap(str(result), body)


register(Robustness, _robustness)
register(Stability, _stability)
register(Simulation, _simulation)
register(Comparison, _comparison)
register(Defection, _defection)
register(Defections, _defections_view)
register(Balance, _balance)
register(FairSplit, _fair_split)


@html_view.register(tuple)
def _defections(obj: tuple[Any, ...], *, max_rows: int, rules: object) -> str:
    """The views of the defections that :func:`cocreate.defections` returns, one after another."""
    del rules
    if not obj or not all(isinstance(item, Defection) for item in obj):
        msg = "to_html takes a tuple only of Defection results, as defections() returns"
        raise ArgumentError(msg)
    return "".join(_defection(item, max_rows) for item in obj[:max_rows])
