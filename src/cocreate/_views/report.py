"""A report to send: one self-contained HTML page about an initiative.

The page opens offline and alone: one file, its style sheet inline, the
picture as inline SVG, no scripts, no fonts, no address outside the page.
It is built from the notebook views of :mod:`cocreate._views.html`, so every
value that reaches it is escaped the same way, and the same initiative
always gives the same bytes (no date, a fixed SVG salt, the canonical
order of the model).

Beside the verdict, the ledger, the profile and the picture, the page says
how sure the verdict is (:func:`cocreate.robustness` at a spread of 20%
and :func:`cocreate.explain_stability`) and what happens if a partner
leaves (:func:`cocreate.defections`) and who captures a fair share
(:func:`cocreate.fair_split`), each in the words of its result.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from cocreate._formats.files import shown, write_file
from cocreate._judgment.ranges import explain_stability, robustness, spread_arg
from cocreate._judgment.sweep import sweep
from cocreate._judgment.whatif import defections
from cocreate._model.hooks import to_html
from cocreate._model.text import install_hint, needs_extra, number
from cocreate._rules.facts import classify
from cocreate._rules.params import initiative_arg, rules_arg
from cocreate._rules.profile import profile
from cocreate._rules.sums import ledger
from cocreate._version import __version__
from cocreate._views.html import _CSS, _cut_note, _e, _losers_first, _table, ledger_view
from cocreate._views.plot import report_svg
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from cocreate._judgment.ranges import Robustness, Stability
    from cocreate._judgment.sweep import Sweep
    from cocreate._judgment.whatif import Defection
    from cocreate._model.types import Initiative
    from cocreate._rules.facts import Classification
    from cocreate._rules.params import Rules

__all__ = ["missing_picture", "report", "report_command", "report_html"]

#: The suffixes a report file may have.
SUFFIXES = (".html", ".htm")
#: The spread at which the report asks how sure the verdict is.
SPREAD = 0.2
#: How many rows each table of the report shows before it says how many more.
MAX_ROWS = 200
#: What to install for the picture.
PLOT_EXTRA = install_hint("plot")

# The page around the views: a readable column, light and dark, printable.
_PAGE_CSS = """
:root{color-scheme:light dark}
body{margin:0;background:#fff;color:#1f2328;font-family:-apple-system,BlinkMacSystemFont,
"Segoe UI",Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5}
main{max-width:62em;margin:0 auto;padding:1.5em 1.5em 3em 1.5em}
header.cc-report-head h1{font-size:1.9em;margin:.2em 0 .1em 0;line-height:1.2}
header.cc-report-head p{margin:.2em 0}
ul.cc-report-glance{margin:.4em 0;padding-left:1.3em}
ul.cc-report-glance li{margin:.15em 0}
.cc-report-sub{opacity:.7}
nav.cc-report-toc{margin:.8em 0 1.2em 0;font-size:.95em}
nav.cc-report-toc ol{margin:.2em 0;padding-left:1.4em}
nav.cc-report-toc a{color:inherit}
section.cc-report-section{margin:1.6em 0 0 0;padding-top:.6em;
border-top:1px solid rgba(127,127,127,.35)}
section.cc-report-section h2{font-size:1.35em;margin:.2em 0 .5em 0}
section.cc-report-section h3{font-size:1.1em;margin:1em 0 .3em 0}
.cc-report-note{opacity:.8;margin:.3em 0 .6em 0}
figure.cc-report-picture{margin:.5em 0}
figure.cc-report-picture svg{width:100%;max-width:46em;height:auto;display:block;
background:#fff;border-radius:.3em}
body.cc-report .cc-root .cc-wrap div.cc-head{display:none}
footer.cc-report-foot{margin-top:2.5em;font-size:.85em;opacity:.7}
@media (prefers-color-scheme:dark){body{background:#161b22;color:#e6edf3}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}
section.cc-report-section{break-inside:avoid-page}nav.cc-report-toc{display:none}}
"""

# The words of the page that are not sentences about results (those come
# from the results themselves, written by cocreate._words.rules and
# cocreate._words.judgment).
_TITLE = "cocreate report"
_SECTIONS = {
    "verdict": "The verdict",
    "ledger": "Who gives and who gains",
    "profile": "Against the comparison table",
    "picture": "The picture",
    "sure": "How sure is the verdict?",
    "leaves": "What if a partner leaves?",
    "fair": "Who captures a fair share?",
    "initiative": "The initiative in full",
}
_SURE_NOTE = (
    "Every amount and cost is an estimate. Below: which kinds the initiative "
    "could be if each estimate without a range of its own were off by up to "
    "{spread} either way, and how far they may be off before the verdict can change."
)
_SURE_SPREAD = "With every estimate off by up to {spread}"
_SURE_STABLE = "How far the estimates may move"
_SURE_SWEEP = "Where the verdict turns, as one amount of {name} moves"
_LEDGER_RANGES = "net range: within the ranges given, and each other estimate off by up to {spread}"
_FAIR_NOTE = (
    "Each value is created by its beneficiary and the stakeholders it requires; a fair "
    "share (the Shapley value) gives each of them an equal part of it, less what each gives."
)
_LEAVES_NOTE = "The verdict without each stakeholder outside {focal} that contributes, in turn."
_NO_LEAVERS = "No stakeholder outside {focal} contributes, so no partner can leave."
_LEAVES_HEADERS = ("without", "the verdict would be", "what changes")
#: How many lines the page at a glance shows before it says how many more.
_GLANCE = 4
_MORE = "... and {count} more below."
_FOOT = "Made with cocreate {version}. Amounts are in the initiative's own unit of value."
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# --------------------------------------------------------------------------
# Sections.


@attrs.frozen
class _Results:
    """Everything the page shows, computed once."""

    initiative: Initiative
    rules: Rules
    result: Classification
    sure: Robustness
    stable: Stability
    leavers: tuple[Defection, ...]
    spread: float = SPREAD
    swing: Sweep | None = None

    @classmethod
    def of(cls, initiative: Initiative, rules: Rules, spread: float = SPREAD) -> _Results:
        sure = robustness(initiative, rules=rules, spread=spread)
        stable = explain_stability(initiative, rules=rules)
        return cls(
            initiative,
            rules,
            classify(initiative, rules=rules),
            sure,
            stable,
            defections(initiative, rules=rules),
            spread,
            _swing(initiative, rules, sure.pivotal or stable.first),
        )


def _ledger(initiative: Initiative, found: _Results) -> str:
    """The ledger, each net value with its range: the ranges given, the spread on the rest."""
    spread = f"{number(found.spread * 100)}%"
    note = _LEDGER_RANGES.format(spread=spread)
    return ledger_view(ledger(initiative, rules=found.rules), found.sure.net_ranges, note, MAX_ROWS)


def _swing(initiative: Initiative, rules: Rules, parties: tuple[str, ...]) -> Sweep | None:
    """A sweep of the swing party's largest amount (its link, if linked), if there is a party.

    With groups judged together the party may be a crowd: its segments' items count.
    """
    if not parties:
        return None
    party = parties[0]
    members = {party} | {s.id for s in initiative.stakeholders if s.group == party}
    items: list[tuple[float, str, object]] = [
        (c.cost, f"c{n}", c) for n, c in enumerate(initiative.contributions) if c.source in members
    ]
    items += [
        (abs(v.amount), f"v{n}", v)
        for n, v in enumerate(initiative.values)
        if v.beneficiary in members
    ]
    if not items:
        return None
    _, _, item = max(items, key=lambda entry: (entry[0], entry[1]))
    return sweep(initiative, item, rules=rules)  # type: ignore[arg-type]


def _section(key: str, body: str) -> str:
    return (
        f'<section class="cc-report-section" id="{_e(key)}">'
        f"<h2>{_e(_SECTIONS[key])}</h2>{body}</section>"
    )


def _open(view: str) -> str:
    """The view with every ``<details>`` open: a report is read, not clicked through."""
    # Every value in a view is escaped, so "<details>" can only be a tag.
    return view.replace("<details>", "<details open>")


def _head(found: _Results) -> str:
    """The title, then the page at a glance: how sure the verdict is, who it depends on."""
    glance = [*found.stable.sentences[:1]]
    glance += [d.sentences[0] for d in found.leavers if d.changed]
    shown = glance[:_GLANCE]
    if len(glance) > _GLANCE:
        shown.append(_MORE.format(count=len(glance) - _GLANCE))
    items = "".join(f"<li>{_e(line)}</li>" for line in shown)
    return (
        '<header class="cc-report-head">'
        f'<p class="cc-report-sub">{_e(_TITLE)}</p>'
        f"<h1>{_e(found.initiative.name)}: {_e(found.result.kind.label)}</h1>"
        f'<ul class="cc-report-glance">{items}</ul></header>'
    )


def _toc(keys: list[str]) -> str:
    items = "".join(f'<li><a href="#{_e(k)}">{_e(_SECTIONS[k])}</a></li>' for k in keys)
    return f'<nav class="cc-report-toc"><ol>{items}</ol></nav>'


def _inline(svg: str) -> str:
    """The SVG document as an element of the page.

    Without the XML prolog and doctype, the comments (the texts drawn, which
    the paths already show), the metadata (the creator's web address) and
    the namespace declarations (HTML knows SVG's): no address is left.
    """
    start = svg.find("<svg")
    if start < 0:  # pragma: no cover - matplotlib always writes an <svg> element
        msg = "the picture is not SVG"
        raise CocreateError(msg)
    svg = re.sub(r"<!--.*?-->|<metadata>.*?</metadata>", "", svg[start:], flags=re.DOTALL)
    head, rest = svg.split(">", 1)
    return re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", head) + ">" + rest.strip()


def missing_picture() -> str | None:
    """Why a report would have no picture (matplotlib is not installed), or ``None``.

    The page itself leaves the picture section out and says nothing meant
    for whoever reads it; ``cocreate report`` prints this on standard error.

    Examples
    --------
    >>> missing_picture() is None  # matplotlib is installed here
    True
    """
    try:
        import matplotlib as mpl  # noqa: F401 - only whether it imports
    except ImportError:
        return needs_extra("the report's picture", "matplotlib", "plot") + "; the page has none"
    return None


def _picture(initiative: Initiative, rules: Rules) -> str | None:
    try:
        # Large initiatives are drawn in groups; the SVG has no date and fixed ids.
        svg = report_svg(initiative, rules=rules)
    except ImportError:
        return None
    label = f"{initiative.name}: who gives what to whom"
    return (
        f'<figure class="cc-report-picture" role="img" aria-label="{_e(label)}">'
        f"{_inline(svg)}</figure>"
    )


def _swept_name(swept: Sweep) -> str:
    """Whose amount a sweep moves, for its heading: a link's name, else the stakeholder's."""
    item = swept.item
    if item is None:
        return repr(swept.link)
    key = item.source if hasattr(item, "source") else item.beneficiary
    return repr(swept.names.get(key, key))


def _sure(found: _Results) -> str:
    spread = f"{number(found.spread * 100)}%"
    swing = ""
    if found.swing is not None:
        name = _swept_name(found.swing)
        swing = f"<h3>{_e(_SURE_SWEEP.format(name=name))}</h3>{found.swing._repr_html_()}"
    return (
        f'<p class="cc-report-note">{_e(_SURE_NOTE.format(spread=spread))}</p>'
        f"<h3>{_e(_SURE_SPREAD.format(spread=spread))}</h3>"
        f"{_open(to_html(found.sure, max_rows=MAX_ROWS))}"
        f"<h3>{_e(_SURE_STABLE)}</h3>{found.stable._repr_html_()}" + swing
    )


def _leaves(initiative: Initiative, leavers: tuple[Defection, ...]) -> str:
    focal = repr(initiative.focal_stakeholder.name)
    if not leavers:
        return f'<p class="cc-report-note">{_e(_NO_LEAVERS.format(focal=focal))}</p>'
    # The first sentence says what the second column shows; the rest, what else changes.
    # Whoever the verdict depends on comes first and is never cut.
    shown, hidden = _losers_first(
        leavers, MAX_ROWS, loses=lambda d: d.changed, name=lambda d: d.name
    )
    rows = [
        (
            (_e(initiative.stakeholder(d.stakeholder).name), ""),
            (_e(d.kind.label), "cc-word"),
            (_e(" ".join(d.sentences[1:] or d.sentences)), ""),
        )
        for d in shown
    ]
    cut = _cut_note(hidden, "stakeholder", "the verdict the same without each") if hidden else None
    table = _table(_LEAVES_HEADERS, rows, len(leavers), MAX_ROWS, "stakeholder", cut=cut)
    note = _LEAVES_NOTE.format(focal=focal)
    return (
        f'<p class="cc-report-note">{_e(note)}</p>'
        f'<div class="cc-root"><div class="cc-wrap">{table}</div></div>'
    )


def _fair(initiative: Initiative) -> str:
    from cocreate._judgment.fair import fair_split

    return f'<p class="cc-report-note">{_e(_FAIR_NOTE)}</p>{fair_split(initiative)._repr_html_()}'


# --------------------------------------------------------------------------
# The page.


def report_html(
    initiative: Initiative, *, rules: Rules | None = None, spread: float | None = None
) -> str:
    """Return the report on an initiative as the text of one HTML page.

    See :func:`report`, which writes it to a file.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> page = report_html(nike_plus())
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, page == report_html(nike_plus())
    (True, False, True)
    """
    initiative = initiative_arg(initiative, "report")
    rules = rules_arg(rules)
    found = _Results.of(initiative, rules, SPREAD if spread is None else spread_arg(spread))
    result = found.result
    sections: list[tuple[str, str | None]] = [
        ("verdict", _open(to_html(result, max_rows=MAX_ROWS))),
        ("ledger", _ledger(initiative, found)),
        ("profile", to_html(profile(initiative, rules=rules), max_rows=MAX_ROWS)),
        ("picture", _picture(initiative, rules)),
        ("sure", _sure(found)),
        ("leaves", _leaves(initiative, found.leavers)),
        ("fair", _fair(initiative)),
        ("initiative", _open(to_html(initiative, max_rows=MAX_ROWS, rules=rules))),
    ]
    shown = [(key, content) for key, content in sections if content is not None]
    body = (
        _head(found)
        + _toc([key for key, _ in shown])
        + "".join(_section(key, content) for key, content in shown)
        + f'<footer class="cc-report-foot">{_e(_FOOT.format(version=__version__))}'
        "</footer>"
    )
    title = f"{initiative.name}: {result.kind.label} ({_TITLE})"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="cocreate">\n'
        f"<title>{_e(title)}</title>\n<style>{_PAGE_CSS}{_CSS}</style>\n</head>\n"
        f'<body class="cc-report">\n<main>\n{body}\n</main>\n</body>\n</html>\n'
    )
    # A name may hold a lone surrogate (JSON reads one), which no page can:
    # the page shows the replacement character in its place.
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", page)


def _path_arg(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        msg = f"report needs a path (str or os.PathLike), got {type(path).__name__}"
        raise ArgumentError(msg)
    where = Path(path)
    if where.suffix.lower() not in SUFFIXES:
        msg = (
            f"a report is an HTML page; use a file name ending in .html or .htm, "
            f"not {shown(str(where))}"
        )
        raise CocreateError(msg)
    return where


def report(
    initiative: Initiative,
    path: str | os.PathLike[str],
    *,
    rules: Rules | None = None,
    spread: float | None = None,
) -> None:
    """Write a report on the initiative: one HTML page to send, read or print.

    The page holds a summary at the top, the verdict and its explanation
    with every criterion, the ledger (who gives what and who gains), the
    profile against the comparison table, the picture of the initiative as
    inline SVG, how sure the verdict is (the kinds reachable if every
    estimate is off by up to ``spread``, 20% unless told; how far the
    estimates, or the ranges given, may move before the verdict can change;
    and a sweep of the swing party's largest amount), and what happens if
    each partner leaves. Last come the initiative's own tables, each amount
    with its range.

    The page is self-contained: its style sheet is inline, the picture is
    SVG in the page, and there are no scripts and no addresses outside it,
    so it opens offline, from an e-mail or a USB stick. It reads in light
    and dark mode and prints. Every value is escaped. The same initiative
    gives the same bytes, so a report can be kept under version control.
    The picture needs matplotlib (``pip install "cocreate[plot]"``);
    without it the page has no picture section (and ``cocreate report``
    says so on standard error).

    The page is built in full before the file is touched, then written to a
    temporary file beside ``path`` that replaces it: if anything fails,
    ``path`` is left as it was.

    Parameters
    ----------
    initiative
        The initiative to report on.
    path
        The file to write; its name must end in ``.html`` or ``.htm``.
    rules
        The :class:`~cocreate.Rules` to judge by; the defaults if ``None``.
    spread
        How far estimates without a range of their own may be off, for the
        kinds reachable (a finite number >= 0); ``None`` is 0.2, plus or
        minus 20%. Ranges given on items are always used.

    Raises
    ------
    ArgumentError
        If ``initiative`` is not an :class:`~cocreate.Initiative`, ``rules``
        not a :class:`~cocreate.Rules`, or ``path`` not a path.
    CocreateError
        If the name does not end in ``.html`` or ``.htm``, or the file
        cannot be written (the message says why).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from cocreate import report
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "nike-plus.html")
    ...     report(nike_plus(), path)
    ...     page = path.read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), "Nike+: co-creation" in page
    (True, True)
    """
    where = _path_arg(path)
    page = report_html(initiative, rules=rules, spread=spread)
    write_file(str(where), page.encode("utf-8"))


def report_command(path: str, out: str) -> int:
    """Do ``cocreate report FILE -o OUT.html``: read FILE, write the report to OUT.

    For the command line: returns its exit code, 0 on success (and prints
    nothing, as ``cocreate convert`` does), 1 if FILE cannot be read or
    OUT cannot be written, with one line per fault on standard error in the
    form the other commands use (``FILE: PATH: MESSAGE``) and no traceback.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from cocreate import dump
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = pathlib.Path(folder, "nike-plus.json")
    ...     dump(nike_plus(), source)
    ...     target = pathlib.Path(folder, "nike-plus.html")
    ...     report_command(str(source), str(target)), target.exists()
    (0, True)
    """
    from cocreate._formats.registry import load

    try:
        initiative = load(path)
    except CocreateError as error:
        _fail(path, error)
        return 1
    try:
        report(initiative, out)
    except CocreateError as error:
        _fail(out, error)
        return 1
    _warn_no_picture()
    return 0


def _warn_no_picture() -> None:
    """Say on standard error, not on the page, that the picture needs matplotlib."""
    missing = missing_picture()
    if missing is not None:
        sys.stderr.write(f"warning: {missing}\n")


def _fail(name: str, error: CocreateError) -> None:
    """One line per fault on standard error, whatever characters a file put in it."""
    faults = getattr(error, "faults", None) or [error]
    for fault in faults:
        line = f"{name}: {fault}".replace("\r", "\\r").replace("\n", "\\n") + "\n"
        encoding = sys.stderr.encoding or "utf-8"
        sys.stderr.write(line.encode(encoding, "backslashreplace").decode(encoding))
