"""Tests for the HTML views that notebooks show."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

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
from cocreate._html import MAX_ROWS, to_html
from cocreate.examples import my_starbucks_idea, nike_plus
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable

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
        assert "short by 2.0" in page

    def test_size_capped(self) -> None:
        """100,000 stakeholders and 200,000 contributions render a small page, quickly."""
        big = _big_initiative(100_000)
        for obj in (big, classify(big), ledger(big), profile(big)):
            start = time.perf_counter()
            page = to_html(obj)
            assert time.perf_counter() - start < 5
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
        with pytest.raises(CocreateError, match="Initiative, Classification, Ledger or Profile"):
            to_html("nike")  # type: ignore[arg-type]
