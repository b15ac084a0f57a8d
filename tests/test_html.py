"""Tests for the HTML views that notebooks show."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

import pytest

import cocreate
from cocreate import (
    Contribution,
    Initiative,
    Resource,
    Role,
    Stakeholder,
    Value,
    classify,
    ledger,
    profile,
)
from cocreate._model.hooks import MAX_ROWS, to_html
from cocreate._views.html import _CSS, CELL_CLASSES
from cocreate.examples import my_starbucks_idea, nike_plus
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from cocreate import Classification, Ledger, Profile

    Viewable = Initiative | Classification | Ledger | Profile

_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col"})
_NASTY = "<script>alert(1)</script> & \"quotes\" 'single'"


class _Checker(HTMLParser):
    """Check that tags balance and collect the text and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(value or "" for _, value in attrs)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(value or "" for _, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def _nasty_initiative() -> Initiative:
    firm = Stakeholder("firm&co", Role.FIRM, name=_NASTY)
    people = Stakeholder("<b>people</b>", Role.CUSTOMER, customer_of=[firm])
    return Initiative(
        "<i>Nasty</i> & 'co'",
        firm,
        [firm, people],
        [
            Contribution(people, Resource.DATA, cost=1, description=_NASTY),
            Contribution(firm, Resource.LABOR, cost=1, target=people),
        ],
        [Value(firm, 3, description=_NASTY), Value(people, 2, provider=firm)],
    )


def _big_initiative(size: int) -> Initiative:
    firm = Stakeholder("firm", Role.FIRM)
    people = [firm, *(Stakeholder(f"c{i}", Role.CUSTOMER) for i in range(size))]
    contributions = [
        Contribution(f"c{i % size}", Resource.IDEAS if i % 2 else Resource.DATA)
        for i in range(2 * size)
    ]
    values = [Value("firm", 5), *(Value(f"c{i}", 1) for i in range(size))]
    return Initiative("Big", firm, people, contributions, values)


ALL = [
    pytest.param(nike_plus, id="initiative"),
    pytest.param(lambda: classify(nike_plus()), id="classification"),
    pytest.param(lambda: ledger(nike_plus()), id="ledger"),
    pytest.param(lambda: profile(nike_plus()), id="profile"),
]


class TestToHtml:
    @pytest.mark.parametrize("make", ALL)
    def test_well_formed(self, make: Callable[[], Viewable]) -> None:
        """Every view parses back with balanced tags and no script."""
        checker = _parse(to_html(make()))
        assert "script" not in checker.tags
        assert checker.tags[0] == "div"

    @pytest.mark.parametrize("make", ALL)
    def test_repr_html_is_to_html(self, make: Callable[[], Viewable]) -> None:
        """The objects' _repr_html_ is this view."""
        obj = make()
        assert obj._repr_html_() == to_html(obj)

    @pytest.mark.parametrize("make", ALL)
    def test_plain_text_fallback(self, make: Callable[[], Viewable]) -> None:
        """The page carries the object's str as a fallback, and repr stays attrs'."""
        obj = make()
        checker = _parse(to_html(obj))
        assert str(obj) in "".join(checker.text)
        assert repr(obj).startswith(type(obj).__name__ + "(")

    @pytest.mark.parametrize(
        "make",
        [
            pytest.param(_nasty_initiative, id="initiative"),
            pytest.param(lambda: classify(_nasty_initiative()), id="classification"),
            pytest.param(lambda: ledger(_nasty_initiative()), id="ledger"),
            pytest.param(lambda: profile(_nasty_initiative()), id="profile"),
        ],
    )
    def test_escapes_every_value(self, make: Callable[[], Viewable]) -> None:
        """Names with markup, ampersands and quotes show as text, never as tags."""
        page = to_html(make())
        checker = _parse(page)
        assert "script" not in checker.tags
        assert "i" not in checker.tags
        assert "<script>" not in page
        assert "&lt;script&gt;" in page or "&lt;i&gt;" in page
        assert set(checker.tags) <= {
            "div", "style", "pre", "span", "b", "dl", "dt", "dd", "details", "summary",
            "table", "thead", "tbody", "tr", "th", "td", "p", "ul", "li",
        }  # fmt: skip

    def test_escaped_name_reads_back(self) -> None:
        """The stakeholder's name, once unescaped, is exactly the name given."""
        checker = _parse(to_html(_nasty_initiative()))
        assert _NASTY in checker.text

    def test_kind_shown_prominently(self) -> None:
        """The classification view names the kind in its badge."""
        page = to_html(classify(my_starbucks_idea()))
        assert '<div class="cc-kind cc-kind-customer_focused_innovation">' in page
        assert "customer-focused innovation</div>" in page

    def test_criteria_marked(self) -> None:
        """Each criterion shows a check mark or a cross, and failed ones are tinted."""
        nike = nike_plus()
        loses = nike.evolve(
            values=[v for v in nike.values if v.beneficiary != "apple"] + [Value("apple", 0)]
        )
        result = classify(loses)
        page = to_html(result)
        marks = page.count('class="cc-yes" title="holds"') + page.count(
            'class="cc-no" title="does not hold"'
        )
        assert marks == len(result.criteria)
        assert page.count('<tr class="cc-fail">') == len(result.failed())
        assert "short by 2" in page

    def test_size_capped(self) -> None:
        """100,000 stakeholders and 200,000 contributions render a small page."""
        big = _big_initiative(100_000)
        for obj in (big, classify(big), ledger(big), profile(big)):
            page = to_html(obj)
            assert len(page.encode()) < 200_000
            _parse(page)
        page = to_html(big)
        assert "... and 99951 more stakeholders" in page
        assert "... and 199950 more contributions" in page

    def test_max_rows(self) -> None:
        """max_rows bounds every table and says how many rows are left out."""
        page = to_html(nike_plus(), max_rows=1)
        assert "... and 2 more stakeholders" in page
        assert "... and 4 more contributions" in page
        assert MAX_ROWS == 50

    def test_ledger_fallback_capped(self) -> None:
        """The plain-text fallback of a huge ledger is capped too."""
        page = to_html(ledger(_big_initiative(1000)), max_rows=10)
        assert "... and 991 more stakeholders" in page

    @pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
    def test_bad_max_rows(self, bad: object) -> None:
        """max_rows must be a whole number >= 1."""
        with pytest.raises(CocreateError, match="max_rows"):
            to_html(nike_plus(), max_rows=bad)  # type: ignore[arg-type]

    def test_bad_object(self) -> None:
        """Anything else is refused with a message naming what is accepted."""
        with pytest.raises(ArgumentError, match="an Initiative or a cocreate result"):
            to_html("nike")

    def test_judgments_and_fair_splits(self) -> None:
        """to_html shows a balance, a defection and a fair split as their notebook view does."""
        for result in (
            cocreate.balance(nike_plus()),
            cocreate.defections(nike_plus())[0],
            cocreate.fair_split(nike_plus()),
        ):
            assert to_html(result) == result._repr_html_()


# --------------------------------------------------------------------------
# The views under the style sheets of the notebook front ends.
#
# A small CSS cascade: the table rules each front end puts around an output
# (copied from nbconvert's ``lab`` and ``classic`` templates and from VS
# Code's notebook webview), then cocreate's own sheet, resolved per element
# by !important, specificity and order, as a browser does. Only the
# selectors these rules use are understood: type, class, id, universal,
# ``:not(.x)``, ``:first-child``, ``:nth-child(n|odd|even)``, ``:hover``
# (never matches) and the descendant, child and next-sibling combinators.
# ``docs/_scripts/check_html.py`` shows the real thing in Chromium.

#: JupyterLab 4 (nbconvert's ``lab`` template, index.css).
JUPYTERLAB_CSS = """
.jp-RenderedHTMLCommon pre { border: none; margin: 0; padding: 0; }
.jp-RenderedHTMLCommon pre, .jp-RenderedHTMLCommon code { white-space: pre-wrap; }
.jp-RenderedHTMLCommon ul:not(.list-inline), .jp-RenderedHTMLCommon ol:not(.list-inline) {
  padding-left: 2em; }
.jp-RenderedHTMLCommon table { border: none; table-layout: fixed; margin-left: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {
  vertical-align: middle; padding: 0.5em; white-space: normal; max-width: none; border: none; }
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr { text-align: right; }
.jp-RenderedHTMLCommon p { text-align: left; margin: 0; }
.jp-OutputArea-output.jp-RenderedHTMLCommon table { margin-left: 0; }
.jp-OutputArea-output dl, .jp-OutputArea-output dt, .jp-OutputArea-output dd { display: block; }
.jp-OutputArea-output dt { float: left; width: 20%; }
.jp-OutputArea-output dd { float: left; width: 80%; }
"""
#: The classic Notebook (nbconvert's ``classic`` template, style.css with Bootstrap 3).
CLASSIC_CSS = """
pre { display: block; }
dd { margin-left: 0; }
.rendered_html ul:not(.list-inline), .rendered_html ol:not(.list-inline) { padding-left: 2em; }
.rendered_html * + p { margin-top: 1em; }
.rendered_html pre { margin: 1em 2em; }
.rendered_html table { border: none; table-layout: fixed; margin-left: auto; }
.rendered_html tr, .rendered_html th, .rendered_html td {
  text-align: right; vertical-align: middle; white-space: normal; border: none; }
div.output_area .rendered_html table { margin-left: 0; }
.rendered_html p { text-align: left; }
"""
#: VS Code's notebook webview, and the variant that left-aligns with !important.
VSCODE_CSS = """
table, thead, tr, th, td, tbody { border: none !important; border-spacing: 0; }
table, th, tr { vertical-align: middle; text-align: right; }
th, td { padding: 4px 8px; }
"""
VSCODE_LEFT_CSS = """
table, thead, tr, th, td, tbody { border: none !important; }
table { width: 100%; }
table, th, tr { text-align: left !important; }
"""
#: Each front end: its rules and the elements it wraps an output in, outermost first.
FRONT_ENDS = {
    "jupyterlab": (
        JUPYTERLAB_CSS,
        '<div class="jp-OutputArea-output jp-RenderedHTMLCommon jp-RenderedHTML">',
    ),
    "classic": (
        CLASSIC_CSS,
        '<div class="output_area"><div class="output_html rendered_html output_subarea">',
    ),
    "vscode": (VSCODE_CSS, '<div id="container"><div class="output">'),
    "vscode-left": (VSCODE_LEFT_CSS, '<div id="container"><div class="output">'),
    "plain": ("", "<div>"),
}

_ALIGN = {"cc-txt": "left", "cc-word": "left", "cc-num": "right", "cc-mark": "center"}
_ALIGN["cc-more"] = "left"

Specificity = tuple[int, int, int]


class _Element:
    """One element of a parsed page, with what selectors look at."""

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]], parent: _Element | None):
        self.tag = tag
        values = dict(attrs)
        self.id = values.get("id") or ""
        self.classes = frozenset((values.get("class") or "").split())
        self.style = values.get("style") or ""
        self.parent = parent
        self.children: list[_Element] = []
        self.text = ""
        if parent is not None:
            parent.children.append(self)

    @property
    def index(self) -> int:
        """1-based position among the parent's element children."""
        return 1 if self.parent is None else self.parent.children.index(self) + 1

    @property
    def previous(self) -> _Element | None:
        if self.parent is None or self.index == 1:
            return None
        return self.parent.children[self.index - 2]

    def walk(self) -> Iterator[_Element]:
        yield self
        for child in self.children:
            yield from child.walk()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", [], None)
        self.open: list[_Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, attrs, self.open[-1])
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while len(self.open) > 1 and self.open.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        for element in self.open[1:]:
            element.text += data


def _tree(page: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


# A class or id, :not(.class), or a pseudo-class with an optional argument.
_PARTS = r"[.#][\w-]+|:not\(\.[\w-]+\)|:[\w-]+(?:\(\w+\))?"
_PART = re.compile(_PARTS)
_COMPOUND = re.compile(rf"(\*|[a-z][a-z0-9]*)?((?:{_PARTS})*)")


def _split_selector(selector: str) -> list[tuple[str, str]]:
    """``a > b c`` as [("", "a"), (">", "b"), (" ", "c")]: each compound with its combinator."""
    tokens = re.sub(r"\s*([>+])\s*", r" \1 ", selector.strip()).split()
    out: list[tuple[str, str]] = []
    combinator = ""
    for token in tokens:
        if token in {">", "+"}:
            combinator = token
            continue
        out.append((combinator or (" " if out else ""), token))
        combinator = ""
    return out


def _specificity(selector: str) -> Specificity:
    a = b = c = 0
    for _, compound in _split_selector(selector):
        match = _COMPOUND.fullmatch(compound)
        assert match is not None, f"selector the test does not understand: {compound!r}"
        tag, parts = match.groups()
        c += 1 if tag and tag != "*" else 0
        for part in _PART.findall(parts):
            a += part.startswith("#")
            b += not part.startswith("#")
    return (a, b, c)


def _pseudo(element: _Element, part: str) -> bool:
    if part.startswith(":not(."):
        return part[6:-1] not in element.classes
    if part == ":first-child":
        return element.index == 1
    if part.startswith(":nth-child("):
        arg = part[11:-1]
        if arg in {"odd", "even"}:
            return element.index % 2 == (arg == "odd")
        return element.index == int(arg)
    assert part == ":hover", f"pseudo-class the test does not understand: {part}"
    return False  # a screenshot, not a mouse


def _matches_compound(element: _Element, compound: str) -> bool:
    match = _COMPOUND.fullmatch(compound)
    assert match is not None, compound
    tag, parts = match.groups()
    if tag and tag not in {"*", element.tag}:
        return False
    for part in _PART.findall(parts):
        if part.startswith("."):
            if part[1:] not in element.classes:
                return False
        elif part.startswith("#"):
            if part[1:] != element.id:
                return False
        elif not _pseudo(element, part):
            return False
    return True


def _matches(element: _Element | None, chain: list[tuple[str, str]]) -> bool:
    """Whether the element matches the compounds, rightmost first."""
    if element is None or element.tag == "#root":
        return False
    *rest, (combinator, compound) = chain
    if not _matches_compound(element, compound):
        return False
    if not rest:
        return True
    if combinator == ">":
        candidates = [element.parent]
    elif combinator == "+":
        candidates = [element.previous]
    else:
        candidates = []
        ancestor = element.parent
        while ancestor is not None:
            candidates.append(ancestor)
            ancestor = ancestor.parent
    return any(_matches(candidate, rest) for candidate in candidates)


class _Declaration(NamedTuple):
    """One declaration that applies; the greatest wins."""

    important: bool
    inline: bool
    specificity: Specificity
    order: int
    value: str
    source: str
    selector: str


def _rules(css: str, source: str) -> list[tuple[str, dict[str, tuple[str, bool]]]]:
    """The rules of a sheet: (selector, {property: (value, important)}), one per selector."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out: list[tuple[str, dict[str, tuple[str, bool]]]] = []
    for block in css.split("}"):
        if "{" not in block:
            continue
        selectors, body = block.split("{", 1)
        declarations: dict[str, tuple[str, bool]] = {}
        for item in body.split(";"):
            if ":" not in item:
                continue
            name, value = item.split(":", 1)
            important = "!important" in value
            declarations[name.strip()] = (value.replace("!important", "").strip(), important)
        out.extend((s.strip(), declarations) for s in selectors.split(","))
    assert out or not css.strip(), f"no rules read from {source}"
    return out


def _cascade(element: _Element, sheets: list[tuple[str, str]], prop: str) -> _Declaration | None:
    """The declaration of ``prop`` that wins on the element, as a browser picks it."""
    found = []
    order = 0
    for source, css in sheets:
        for selector, declarations in _rules(css, source):
            order += 1
            if prop in declarations and _matches(element, _split_selector(selector)):
                value, important = declarations[prop]
                spec = _specificity(selector)
                found.append(_Declaration(important, False, spec, order, value, source, selector))
    inline = dict(_rules(f"x{{{element.style}}}", "style attribute")[0][1])
    if prop in inline:
        value, important = inline[prop]
        found.append(_Declaration(important, True, (0, 0, 0), order, value, "inline", "style"))
    return max(found, default=None)


def _sheets(front_end: str, page: str) -> list[tuple[str, str]]:
    ours = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    return [(front_end, FRONT_ENDS[front_end][0]), *(("cocreate", css) for css in ours)]


def _in_front_end(front_end: str, page: str) -> _Element:
    wrapper = FRONT_ENDS[front_end][1]
    closing = "</div>" * wrapper.count("<div")
    return _tree(wrapper + page + closing)


VIEWS = [
    pytest.param(nike_plus, id="initiative"),
    pytest.param(lambda: classify(nike_plus()), id="classification"),
    pytest.param(lambda: classify(my_starbucks_idea()), id="failed-criteria"),
    pytest.param(lambda: ledger(nike_plus()), id="ledger"),
    pytest.param(lambda: profile(nike_plus()), id="profile"),
    pytest.param(lambda: _big_initiative(60), id="capped"),
]


class TestFrontEnds:
    @pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
    @pytest.mark.parametrize("make", VIEWS)
    def test_cells_aligned_by_their_class(
        self, front_end: str, make: Callable[[], Viewable]
    ) -> None:
        """Each cell takes its class's alignment from cocreate's sheet, whatever the front end."""
        page = to_html(make())
        sheets = _sheets(front_end, page)
        cells = [e for e in _in_front_end(front_end, page).walk() if e.tag in {"td", "th"}]
        assert cells
        for cell in cells:
            (align,) = cell.classes & set(CELL_CLASSES)
            won = _cascade(cell, sheets, "text-align")
            assert won is not None, cell.text
            assert (won.source, won.value) == ("cocreate", _ALIGN[align]), (cell.text, won)

    @pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
    @pytest.mark.parametrize("make", VIEWS)
    def test_headers_and_words_never_break(
        self, front_end: str, make: Callable[[], Viewable]
    ) -> None:
        """Headers and short words such as 'co-creation' do not wrap, at a hyphen or anywhere."""
        page = to_html(make())
        sheets = _sheets(front_end, page)
        root = _in_front_end(front_end, page)
        for cell in root.walk():
            if cell.tag == "th" or "cc-word" in cell.classes or "cc-num" in cell.classes:
                won = _cascade(cell, sheets, "white-space")
                assert won is not None
                assert (won.source, won.value) == ("cocreate", "nowrap"), (cell.text, won)
            if cell.tag in {"td", "th"}:
                won = _cascade(cell, sheets, "hyphens")
                assert won is not None
                assert won.value == "none"

    @pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
    def test_tables_layout_borders_and_summary(self, front_end: str) -> None:
        """Tables size to their content, keep their borders, and the summary stays a grid."""
        page = to_html(nike_plus())
        sheets = _sheets(front_end, page)
        root = _in_front_end(front_end, page)
        tables = [e for e in root.walk() if e.tag == "table"]
        for table in tables:
            won = _cascade(table, sheets, "table-layout")
            assert won is not None
            assert (won.source, won.value) == ("cocreate", "auto")
        for cell in (e for e in root.walk() if e.tag in {"td", "th"}):
            won = _cascade(cell, sheets, "border")
            assert won is not None
            assert won.source == "cocreate"
            assert won.value.startswith("1px solid")
        (summary,) = [e for e in root.walk() if "cc-summary" in e.classes]
        won = _cascade(summary, sheets, "display")
        assert won is not None
        assert (won.source, won.value) == ("cocreate", "grid")
        for term in summary.children:
            won = _cascade(term, sheets, "float")
            assert won is None or won.value == "none"

    @pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
    def test_fallback_hidden_view_shown(self, front_end: str) -> None:
        """With the sheet, the plain-text fallback is hidden and the view shown."""
        page = to_html(classify(nike_plus()))
        sheets = _sheets(front_end, page)
        root = _in_front_end(front_end, page)
        (text,) = [e for e in root.walk() if "cc-text" in e.classes]
        (view,) = [e for e in root.walk() if "cc-wrap" in e.classes]
        assert _cascade(text, sheets, "display").value == "none"  # type: ignore[union-attr]
        assert _cascade(view, sheets, "display").value == "block"  # type: ignore[union-attr]
        # Without any sheet (a front end that drops <style>), the text shows instead.
        assert _cascade(view, [], "display").value == "none"  # type: ignore[union-attr]
        assert _cascade(text, [], "display") is None

    def test_every_cell_class_outranks_jupyterlab(self) -> None:
        """Each cell class sets text-align on td in a rule more specific than JupyterLab's."""
        theirs = _specificity(":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td")
        assert theirs == (0, 2, 1)
        rules = _rules(_CSS, "cocreate")
        for name in CELL_CLASSES:
            mine = [
                _specificity(selector)
                for selector, declarations in rules
                if selector.endswith(f"td.{name}") and "text-align" in declarations
            ]
            assert mine, f"no text-align for td.{name}"
            assert min(mine) > theirs

    def test_every_rule_is_scoped(self) -> None:
        """Every cocreate rule starts at the view's root class, so nothing leaks into the page."""
        for selector, _ in _rules(_CSS, "cocreate"):
            assert selector.startswith(".cc-root "), selector

    def test_cascade_helper_sees_the_bug(self) -> None:
        """The cascade helper reproduces the bug: a plain td rule loses to JupyterLab's."""
        page = '<table><tr><td class="x">a</td></tr></table>'
        root = _in_front_end("jupyterlab", page)
        (cell,) = [e for e in root.walk() if e.tag == "td"]
        sheets = [("jupyterlab", JUPYTERLAB_CSS), ("cocreate", "table td.x{text-align:left}")]
        won = _cascade(cell, sheets, "text-align")
        assert won is not None
        assert (won.source, won.value) == ("jupyterlab", "right")
