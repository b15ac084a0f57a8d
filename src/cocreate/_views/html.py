"""Rich HTML views of initiatives, classifications, ledgers and profiles.

One rendering module for every ``_repr_html_``: each value that reaches the
page passes through :func:`_e`, which escapes it, so a stakeholder named
``<script>`` shows as text. Each view carries its own inline style sheet
(no JavaScript, no external files), takes its colours from the notebook's
text colour so that it reads in light and dark themes alike, and shows at
most ``max_rows`` rows per table, so a very large initiative renders a
summary, not a page of megabytes. A plain-text fallback (the object's
``str``) is included for front ends that drop the style sheet.

Modelled on xarray's ``core/formatting_html.py``.
"""

from __future__ import annotations

import heapq
import html
import operator
from collections import Counter
from typing import TYPE_CHECKING, TypeVar

import attrs

from cocreate._model.hooks import MAX_ROWS, explain, html_view, takes_rules
from cocreate._model.text import natural, number, plural
from cocreate._model.types import Initiative, Stakeholder, canonical_key
from cocreate._rules.facts import Classification, WinCheck, classify
from cocreate._rules.params import Kind, Rules, rules_arg
from cocreate._rules.profile import COMPARISON_TABLE, Profile
from cocreate._rules.sums import Ledger, column_label, ledger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = ["register"]

T = TypeVar("T")

_CHECK = "\N{CHECK MARK}"
_CROSS = "\N{BALLOT X}"

# Colours are used for accents only (marks, badges, rules); text keeps the
# notebook's own colour, and fills are translucent, so both themes work.
#
# Front ends put their own table rules around the view, and those win over
# a plain ``td`` rule: JupyterLab right-aligns every cell with
# ``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`` (specificity
# 0,2,1) and fixes the table layout, so a header such as "co-creation"
# breaks at its hyphen; the classic Notebook does the same under
# ``.rendered_html``; VS Code's webview removes every border with
# ``border: none !important`` and, in some versions, left-aligns headers
# with ``!important``. So every rule here starts ``.cc-root .cc-wrap`` and
# names the element and its class (a cell rule is 0,4,2), every cell class
# states its ``text-align``, headers never wrap, nothing is hyphenated, and
# ``!important`` appears only against VS Code's two ``!important`` rules
# (cell borders, header alignment) and on the inline ``display:none`` that
# hides the view where the style sheet is dropped.
# ``tests/test_html.py`` resolves the cascade against saved copies of those
# rules; ``docs/_scripts/check_html.py`` screenshots the real thing.
_CSS = """
.cc-root pre.cc-text{display:none}
.cc-root div.cc-wrap{display:block !important;font-family:var(--jp-content-font-family,
-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif);
font-size:13px;line-height:1.45;color:inherit;max-width:64em;text-align:left;
hyphens:none;-webkit-hyphens:none}
.cc-root .cc-wrap *{box-sizing:border-box}
.cc-root .cc-wrap div.cc-head{font-size:1.15em;margin:0 0 .4em 0}
.cc-root .cc-wrap .cc-head .cc-what{opacity:.7;font-weight:normal}
.cc-root .cc-wrap div.cc-kind{display:inline-block;font-size:1.35em;font-weight:bold;
padding:.15em .6em;margin:.1em .3em .5em 0;border-radius:.35em;
border:2px solid var(--cc-accent);background:rgba(127,127,127,.08);color:inherit;white-space:nowrap}
.cc-root .cc-kind-co_creation{--cc-accent:#2a9d6f}
.cc-root .cc-kind-customer_focused_innovation{--cc-accent:#3b82c4}
.cc-root .cc-kind-collaboration{--cc-accent:#9467bd}
.cc-root .cc-kind-unclassified{--cc-accent:#8a8a8a}
.cc-root .cc-wrap p.cc-verdict{font-weight:bold;margin:.1em 0 .3em 0;text-align:left}
.cc-root .cc-wrap p.cc-axes{margin:0 0 .3em 0;text-align:left;color:#555}
.cc-root .cc-wrap ul.cc-sentences{margin:.1em 0 .6em 0;padding-left:1.4em;list-style:disc}
.cc-root .cc-wrap ul.cc-sentences li{margin:.15em 0}
.cc-root .cc-wrap dl.cc-summary{display:grid;grid-template-columns:max-content auto;
gap:.1em 1em;margin:.2em 0 .6em 0;padding:0;width:auto;overflow:visible}
.cc-root .cc-wrap dl.cc-summary dt{opacity:.7;margin:0;padding:0;float:none;width:auto;
font-weight:normal;white-space:nowrap}
.cc-root .cc-wrap dl.cc-summary dd{margin:0;padding:0;float:none;width:auto}
.cc-root .cc-wrap details{margin:.35em 0}
.cc-root .cc-wrap summary{cursor:pointer;font-weight:bold;padding:.15em 0;display:list-item}
.cc-root .cc-wrap summary .cc-note{font-weight:normal;opacity:.75}
.cc-root .cc-wrap table.cc-table{border-collapse:collapse;border-spacing:0;border:none;
margin:.25em 0 .5em 0;width:auto;max-width:100%;table-layout:auto;color:inherit;
background:transparent;font-size:1em}
.cc-root .cc-wrap table.cc-table th,.cc-root .cc-wrap table.cc-table td{
border:1px solid rgba(127,127,127,.35) !important;padding:.25em .55em;line-height:1.4;
vertical-align:top;background:transparent;color:inherit;max-width:none;hyphens:none;
-webkit-hyphens:none}
.cc-root .cc-wrap table.cc-table th{background:rgba(127,127,127,.14);font-weight:bold;
white-space:nowrap;vertical-align:bottom}
.cc-root .cc-wrap table.cc-table tbody tr:nth-child(even) td{background:rgba(127,127,127,.06)}
.cc-root .cc-wrap table.cc-table tbody tr.cc-fail td{background:rgba(224,65,58,.1)}
.cc-root .cc-wrap table.cc-table th.cc-txt{text-align:left !important}
.cc-root .cc-wrap table.cc-table td.cc-txt{text-align:left;white-space:normal}
.cc-root .cc-wrap table.cc-table th.cc-word{text-align:left !important}
.cc-root .cc-wrap table.cc-table td.cc-word{text-align:left;white-space:nowrap}
.cc-root .cc-wrap table.cc-table th.cc-num{text-align:right !important}
.cc-root .cc-wrap table.cc-table td.cc-num{text-align:right;white-space:nowrap;
font-variant-numeric:tabular-nums}
.cc-root .cc-wrap table.cc-table th.cc-mark{text-align:center !important}
.cc-root .cc-wrap table.cc-table td.cc-mark{text-align:center;white-space:nowrap}
.cc-root .cc-wrap table.cc-table td.cc-more{text-align:left;white-space:normal;
font-style:italic;opacity:.75}
.cc-root .cc-wrap table.cc-table.cc-criteria{width:100%;table-layout:fixed}
.cc-root .cc-wrap table.cc-table.cc-criteria th:first-child{width:3.6em}
.cc-root .cc-wrap table.cc-table.cc-criteria th:nth-child(2){width:38%}
.cc-root .cc-wrap .cc-yes,.cc-root .cc-wrap .cc-no{font-weight:bold;white-space:nowrap}
.cc-root .cc-wrap .cc-yes{color:#2ca05a}
.cc-root .cc-wrap .cc-no{color:#e0413a}
.cc-root .cc-wrap table.cc-table td.cc-loss{color:#e0413a}
.cc-root .cc-wrap .cc-tag{font-size:.85em;opacity:.75;font-style:italic}
.cc-root .cc-wrap .cc-muted{opacity:.7}
.cc-root .cc-wrap div.cc-foot{font-size:.9em;opacity:.75;margin:.3em 0 .2em 0}
"""

#: The alignment classes of table cells; each has its own ``text-align`` rule.
#: ``cc-txt`` is prose (left, wraps), ``cc-word`` a short word such as
#: "co-creation" (left, never wraps), ``cc-num`` a number (right), ``cc-mark``
#: a check mark or cross (centred), ``cc-more`` the "... and N more" row.
CELL_CLASSES = ("cc-txt", "cc-word", "cc-num", "cc-mark", "cc-more")


def _e(value: object) -> str:
    """Escape a value for HTML text and attribute values alike."""
    return html.escape(str(value), quote=True)


def _num(value: float) -> str:
    return _e(number(value))


def _estimate(value: float, low: float | None, high: float | None, link: str | None) -> str:
    """An amount with its range, if it has one, and its link, if any."""
    shown = _num(value)
    if low is not None or high is not None:
        least = value if low is None else low
        most = value if high is None else high
        shown += f' <span class="cc-muted">({_num(least)} to {_num(most)})</span>'
    if link is not None:
        shown += f' <span class="cc-tag" title="linked: one quantity">{_e(link)}</span>'
    return shown


def ledger_view(
    book: Ledger, ranges: Mapping[str, tuple[float, float]], note: str, max_rows: int = MAX_ROWS
) -> str:
    """A ledger's view with each stakeholder's net range beside its net value (for the report)."""
    return _ledger(book, max_rows, ranges, note)


def _mark(holds: bool, yes: str = "holds", no: str = "does not hold") -> str:
    if holds:
        return f'<span class="cc-yes" title="{_e(yes)}">{_CHECK}</span>'
    return f'<span class="cc-no" title="{_e(no)}">{_CROSS}</span>'


def _fit(fits: bool, column: str) -> str:
    """Whether a profile row fits a column: not fitting one is no fault, so it is not red."""
    if fits:
        return f'<span class="cc-yes" title="{_e("fits: " + column)}">{_CHECK}</span>'
    return f'<span class="cc-muted" title="{_e("does not fit: " + column)}">\N{EN DASH}</span>'


def _who(person: Stakeholder) -> str:
    if person.name == person.id:
        return _e(person.name)
    return f'{_e(person.name)} <span class="cc-muted">[{_e(person.id)}]</span>'


# A cell is ``(html, css class)``; the html is already escaped. The class
# may leave out the alignment: a lone mark is then centred, anything else
# is prose.
_Cell = tuple[str, str]

_MARKS = ('<span class="cc-yes"', '<span class="cc-no"')


def _cell_class(text: str, style: str) -> str:
    """The cell's classes, always with exactly one alignment class first."""
    names = style.split()
    aligned = [name for name in names if name in CELL_CLASSES]
    if aligned:
        rest = [name for name in names if name not in CELL_CLASSES]
        return " ".join([aligned[0], *rest])
    return " ".join(["cc-mark" if text.startswith(_MARKS) else "cc-txt", *names])


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[_Cell]],
    total: int,
    max_rows: int,
    noun: str,
    *,
    css: str = "",
    failed: Sequence[bool] = (),
    cut: str | None = None,
) -> str:
    body = []
    # Each header takes the alignment of its column's first cell.
    aligns = ["cc-txt"] * len(headers)
    for index, row in enumerate(rows):
        styles = [_cell_class(text, style) for text, style in row]
        if index == 0:
            aligns[: len(styles)] = [style.split()[0] for style in styles]
        cells = "".join(
            f'<td class="{_e(style)}">{text}</td>'
            for (text, _), style in zip(row, styles, strict=True)
        )
        fail = index < len(failed) and failed[index]
        body.append(f'<tr class="cc-fail">{cells}</tr>' if fail else f"<tr>{cells}</tr>")
    if cut is not None:
        body.append(f'<tr><td class="cc-more" colspan="{len(headers)}">{_e(cut)}</td></tr>')
    elif total > max_rows:
        more = total - max_rows
        body.append(
            f'<tr><td class="cc-more" colspan="{len(headers)}">'
            f"... and {_e(plural(more, 'more ' + noun))} (showing the first {max_rows})</td></tr>"
        )
    head = "".join(
        f'<th class="{_e(align)}">{_e(h)}</th>' for h, align in zip(headers, aligns, strict=False)
    )
    classes = f"cc-table {css}".strip()
    return (
        f'<table class="{_e(classes)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _losers_first(
    items: Iterable[T], max_rows: int, *, loses: Callable[[T], bool], name: Callable[[T], str]
) -> tuple[list[T], int]:
    """The rows a table shows: every one that loses, then the others, up to ``max_rows`` in all.

    Each part is in natural order by name ("segment 3" before "segment 29").
    A row limit never hides a loser: the losers are all shown, however many,
    and only the others are cut. Returns the rows and how many others are
    left out.
    """
    losers: list[T] = []
    others: list[T] = []
    for item in items:
        (losers if loses(item) else others).append(item)

    def key(item: T) -> tuple[tuple[tuple[int, int, str], ...], str]:
        return natural(name(item)), name(item)

    room = max(max_rows - len(losers), 0)
    shown = heapq.nsmallest(room, others, key=key)  # sorted, and no more than it needs
    return sorted(losers, key=key) + shown, len(others) - len(shown)


def _cut_note(hidden: int, noun: str, rest: str) -> str:
    """The last row of a table whose losers are all shown: how many others are left out."""
    return f"... and {plural(hidden, 'more ' + noun)}, {rest}"


def _details(title: str, note: str, content: str, *, open_: bool) -> str:
    state = " open" if open_ else ""
    return (
        f"<details{state}><summary>{_e(title)} "
        f'<span class="cc-note">{_e(note)}</span></summary>{content}</details>'
    )


def _wrap(text: str, body: str) -> str:
    return (
        f'<div class="cc-root"><style>{_CSS}</style>'
        f'<pre class="cc-text">{_e(text)}</pre>'
        f'<div class="cc-wrap" style="display:none">{body}</div></div>'
    )


# --------------------------------------------------------------------------


def _initiative(initiative: Initiative, max_rows: int, rules: Rules, *, stated: bool) -> str:
    # Only the first rows of each table are shown: take them in the canonical
    # order without sorting everything.
    people = initiative.stakeholders
    result = classify(initiative, rules=rules)
    book = ledger(initiative, rules=rules)
    first_people, hidden_people = _losers_first(
        people, max_rows, loses=lambda p: not book[p.id].wins, name=operator.attrgetter("name")
    )
    given = heapq.nsmallest(max_rows, initiative.contributions, key=canonical_key)
    got = heapq.nsmallest(max_rows, initiative.values, key=canonical_key)
    roles = Counter(person.role.value for person in people)
    voice = sum(1 for c in initiative.contributions if c.resource.is_voice)
    focal = initiative.focal_stakeholder

    def word(value: object) -> str:
        if value is None:
            return '<span class="cc-muted">not stated</span>'
        return _e(str(value).replace("_", " "))

    summary = [
        ("focal organization", _who(focal)),
        ("goal", word(initiative.goal)),
        ("process", word(initiative.process)),
        *(
            [("assumptions", "<br>".join(map(_e, initiative.assumptions)))]
            if initiative.assumptions
            else []
        ),
        (
            "stakeholders",
            f"{len(people)}"
            + (
                " (" + ", ".join(f"{_e(role)} {n}" for role, n in sorted(roles.items())) + ")"
                if roles
                else ""
            ),
        ),
        (
            "contributions",
            (
                f"{len(initiative.contributions)} ({len(initiative.contributions) - voice} "
                f"substantive, {voice} voice)"
            ),
        ),
        ("values", str(len(initiative.values))),
        (
            "classified as",
            (
                f"<b>{_e(result.kind.label)}</b>"
                + (
                    ""
                    if stated
                    else ' <span class="cc-muted">(default rules; see classify())</span>'
                )
            ),
        ),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in summary)

    def name(key: str | None) -> str:
        if key is None:
            return '<span class="cc-muted">the initiative</span>'
        return _who(initiative.stakeholder(key))

    stakeholders = _table(
        ("stakeholder", "role", "organization", "customer of", "net value", "wins"),
        (
            (
                (_who(p), ""),
                (_e(p.role.value), "cc-word"),
                ("" if p.organization is None else _e(p.organization), ""),
                (_e(", ".join(sorted(p.customer_of))), ""),
                (_num(entry.net_value), "cc-num"),
                (_mark(entry.wins, "wins", "does not win"), "cc-mark"),
            )
            for p in first_people
            for entry in (book[p.id],)
        ),
        len(people),
        max_rows,
        "stakeholder",
        failed=[not book[p.id].wins for p in first_people],
        cut=_cut_note(hidden_people, "stakeholder", _ALL_WIN) if hidden_people else None,
    )
    contributions = _table(
        ("from", "gives", "to", "cost", "description"),
        (
            (
                (name(c.source), ""),
                (
                    _e(c.resource.value)
                    + (' <span class="cc-tag">voice</span>' if c.resource.is_voice else ""),
                    "cc-word",
                ),
                (name(c.target), ""),
                (_estimate(c.cost, c.low, c.high, c.link), "cc-num"),
                (_e(c.description), ""),
            )
            for c in given[:max_rows]
        ),
        len(initiative.contributions),
        max_rows,
        "contribution",
    )
    values = _table(
        ("to", "receives", "kind", "from", "description"),
        (
            (
                (name(v.beneficiary), ""),
                (_estimate(v.amount, v.low, v.high, v.link), "cc-num"),
                (_e(v.kind.value.replace("_", " ")), "cc-word"),
                (name(v.provider), ""),
                (_e(v.description), ""),
            )
            for v in got[:max_rows]
        ),
        len(initiative.values),
        max_rows,
        "value",
    )
    small = 12
    body = (
        f'<div class="cc-head"><span class="cc-what">Initiative</span> '
        f"<b>{_e(initiative.name)}</b></div>"
        f'<dl class="cc-summary">{dl}</dl>'
        + _details(
            "Stakeholders",
            f"({len(people)})",
            stakeholders,
            open_=len(people) <= small,
        )
        + _details(
            "Contributions",
            f"({len(initiative.contributions)})",
            contributions,
            open_=len(initiative.contributions) <= small,
        )
        + _details(
            "Values", f"({len(initiative.values)})", values, open_=len(initiative.values) <= small
        )
    )
    return _wrap(str(initiative), body)


def _classification(result: Classification, max_rows: int) -> str:
    verdict, *reasons = result.sentences or ("",)
    sentences = "".join(f"<li>{_e(s)}</li>" for s in reasons[:max_rows])
    sections = []
    for kind in Kind:
        criteria = result.criteria_for(kind)
        if not criteria:
            continue
        failed = sum(1 for c in criteria if not c.holds)
        if failed:
            verb = "does" if failed == 1 else "do"
            note = f"{failed} of {len(criteria)} criteria {verb} not hold"
        elif len(criteria) == 1:
            note = "its one criterion holds"
        else:
            note = f"all {len(criteria)} criteria hold"
        chosen = " (the kind)" if kind is result.kind else ""
        rows = (
            (
                (_mark(c.holds), "cc-mark"),
                (_e(c.requirement), ""),
                (
                    _e(c.evidence) + (' <span class="cc-tag">assumed</span>' if c.assumed else ""),
                    "",
                ),
            )
            for c in criteria[:max_rows]
        )
        table = _table(
            ("holds", "criterion", "evidence"),
            rows,
            len(criteria),
            max_rows,
            "criterion",
            css="cc-criteria",
            failed=[not c.holds for c in criteria[:max_rows]],
        )
        sections.append(_details(f"{kind.label}{chosen}", f"\N{EM DASH} {note}", table, open_=True))
    rules = result.rules
    voice = ", ".join(sorted(r.value for r in rules.voice_resources)) or "none"
    crowds = "together" if rules.groups == "together" else "each segment on its own"
    view = "; customers may be the co-creators" if rules.customers_co_create else ""
    foot = (
        f"Rules: a stakeholder wins with a net value above {_num(rules.win_threshold)}; "
        f"voice resources: {_e(voice)}; collaboration needs at least "
        f"{_e(rules.min_contributors)} contributors; crowds judged {crowds}{view}."
    )
    axes = (
        f'<p class="cc-axes">structure: <b>{_e(result.structure.label)}</b> '
        f"· outcome: <b>{_e(result.outcome.label)}</b></p>"
    )
    body = (
        f'<div class="cc-head"><span class="cc-what">Classification of</span> '
        f"<b>{_e(result.initiative)}</b></div>"
        f'<div class="cc-kind cc-kind-{_e(result.kind.value)}">{_e(result.kind.label)}</div>'
        + axes
        + f'<p class="cc-verdict">{_e(verdict)}</p>'
        + (f'<ul class="cc-sentences">{sentences}</ul>' if sentences else "")
        + "".join(sections)
        + f'<div class="cc-foot">{foot}</div>'
    )
    return _wrap(str(result), body)


#: What the last row of a table that shows every loser says of the rest.
_ALL_WIN = "all of them winning (every stakeholder that does not win is shown above)"


def _ledger(
    book: Ledger,
    max_rows: int,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    note_ranges: str = "",
) -> str:
    """The ledger's view; with ``ranges`` (from a robustness result), a net range column."""
    winners = sum(1 for e in book.entries if e.wins)
    crowds = any(e.stakeholder.size > 1 or e.stakeholder.group for e in book.entries)
    extra = tuple(map(column_label, ("size", "per_member"))) if crowds else ()
    ranged = ("net range",) if ranges is not None else ()
    entries, hidden = _losers_first(
        book.entries, max_rows, loses=lambda e: not e.wins, name=lambda e: e.stakeholder.name
    )

    def span(key: str) -> tuple[tuple[str, str], ...]:
        if ranges is None:
            return ()
        pair = ranges.get(key)
        shown = "" if pair is None else f"{_num(pair[0])} to {_num(pair[1])}"
        return ((shown, "cc-num"),)

    rows = (
        (
            (_who(e.stakeholder), ""),
            (_e(e.stakeholder.role.value), "cc-word"),
            ("yes" if e.internal else "no", "cc-word"),
            (_e(e.contributions), "cc-num"),
            (_num(e.cost), "cc-num"),
            (_e(e.values), "cc-num"),
            (_num(e.received), "cc-num"),
            (f"<b>{_num(e.net_value)}</b>", "cc-num" if e.wins else "cc-num cc-loss"),
            *span(e.stakeholder.id),
            (_mark(e.wins, "wins", "does not win"), "cc-mark"),
            *(
                ((_e(e.stakeholder.size), "cc-num"), (_num(e.per_member), "cc-num"))
                if crowds
                else ()
            ),
        )
        for e in entries
    )
    table = _table(
        (
            "stakeholder",
            *map(
                column_label,
                (
                    "role",
                    "internal",
                    "contribution_count",
                    "cost",
                    "value_count",
                    "received",
                    "net_value",
                ),
            ),
            *ranged,
            column_label("wins"),
            *extra,
        ),
        rows,
        len(book.entries),
        max_rows,
        "stakeholder",
        failed=[not e.wins for e in entries],
        cut=_cut_note(hidden, "stakeholder", _ALL_WIN) if hidden else None,
    )
    note = (
        f"{plural(len(book.entries), 'stakeholder')}: {winners} win, "
        f"{len(book.entries) - winners} do not (a stakeholder wins with a net value above "
        f"{_num(book.threshold)})"
    )
    if note_ranges:
        note += f"; {note_ranges}"
    body = (
        f'<div class="cc-head"><span class="cc-what">Ledger of</span> '
        f"<b>{_e(book.initiative)}</b></div>"
        f'<div class="cc-foot">{_e(note)}</div>{table}'
    )
    if hidden:
        shown = attrs.evolve(book, entries=tuple(entries))
        text = f"{shown}\n{_cut_note(hidden, 'stakeholder', _ALL_WIN)}"
    else:
        text = str(book)
    return _wrap(text, body)


def _profile(result: Profile, max_rows: int) -> str:
    columns = {attribute: (co, coll) for attribute, co, coll in COMPARISON_TABLE}
    rows = []
    for row in result.rows[:max_rows]:
        co_text, coll_text = columns.get(row.attribute, ("", ""))
        rows.append(
            (
                (f"<b>{_e(row.attribute)}</b>", ""),
                (_fit(row.co_creation, co_text), "cc-mark"),
                (_fit(row.collaboration, coll_text), "cc-mark"),
                (_e(row.column.value), "cc-word"),
                (_e(row.reason), ""),
            )
        )
    table = _table(
        ("attribute", "co-creation", "collaboration", "matches", "why"),
        rows,
        len(result.rows),
        max_rows,
        "attribute",
    )
    body = (
        f'<div class="cc-head"><span class="cc-what">Profile of</span> '
        f"<b>{_e(result.initiative)}</b> "
        '<span class="cc-what">against the comparison table</span></div>'
        f"{table}"
        '<div class="cc-foot">Hover over a mark to see the text of its column.</div>'
    )
    return _wrap(str(result), body)


def _win_check(result: WinCheck, max_rows: int) -> str:
    rows = [
        (
            (_e(party.part), ""),
            (_e(party.name), ""),
            (_num(party.net_value), "cc-num"),
            (_mark(party.wins, "wins", "does not win"), "cc-mark"),
        )
        for party in result.parties[:max_rows]
    ]
    table = _table(
        ("part", "stakeholder", "net value", "wins"), rows, len(result.parties), max_rows, "party"
    )
    verdict = _mark(result.holds)
    body = (
        f'<div class="cc-head"><b>{_e(result.condition)}</b> {verdict}</div>'
        + "".join(f"<p>{_e(reason)}</p>" for reason in result.reasons)
        + table
    )
    return _wrap(str(result), body)


def _rules_view(rules: Rules, max_rows: int) -> str:
    """Each setting of the rules, its value and what it means."""
    del max_rows  # five settings
    said = explain(rules)
    values = (
        _num(rules.win_threshold),
        _e(", ".join(sorted(r.value for r in rules.voice_resources)) or "none"),
        _e(rules.min_contributors),
        _e(rules.groups),
        _e("yes" if rules.customers_co_create else "no"),
    )
    settings = (
        "win threshold",
        "voice resources",
        "contributors for collaboration",
        "crowds",
        "customers may co-create",
    )
    rows = [
        ((_e(setting), "cc-word"), (value, "cc-word"), (_e(sentence), ""))
        for setting, value, sentence in zip(settings, values, said, strict=True)
    ]
    table = _table(("setting", "value", "meaning"), rows, len(rows), len(rows), "setting")
    body = '<div class="cc-head"><span class="cc-what">Rules</span></div>' + table
    return _wrap(str(rules), body)


@html_view.register(Initiative)
def _initiative_view(obj: Initiative, *, max_rows: int, rules: Rules | None) -> str:
    return _initiative(obj, max_rows, rules_arg(rules), stated=rules is not None)


takes_rules(Initiative)


def register(cls: type[T], view: Callable[[T, int], str]) -> None:
    """Make ``view`` the HTML view of ``cls`` for :func:`cocreate.to_html`."""

    def show(obj: T, *, max_rows: int, rules: object) -> str:
        del rules  # a result shows the rules it was made with
        return view(obj, max_rows)

    html_view.register(cls)(show)


register(Classification, _classification)
register(Ledger, _ledger)
register(Profile, _profile)
register(WinCheck, _win_check)
register(Rules, _rules_view)
