"""Tests for the report: one self-contained HTML page about an initiative."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

import cocreate
from cocreate import (
    Contribution,
    Initiative,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    classify,
    dump,
)
from cocreate._views.report import PLOT_EXTRA, SPREAD, report_command, report_html
from cocreate.examples import cross_team_project, my_starbucks_idea, nike_plus
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from pathlib import Path

_NASTY = "<script>alert(1)</script> & \"quotes\" 'single' </style>"
#: The tags a report may hold: the views' HTML, the page's frame, the picture's SVG.
_HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "nav", "ol", "li",
    "a", "section", "h1", "h2", "h3", "p", "footer", "figure", "div", "pre", "span", "b",
    "dl", "dt", "dd", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "ul",
}  # fmt: skip
_SVG_TAGS = {"svg", "defs", "g", "path", "use", "clippath", "rect", "circle", "ellipse", "text"}
_VOID = {"meta", "link", "br", "img", "hr"}


class _Page(HTMLParser):
    """Check that tags balance, and collect tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def _nasty() -> Initiative:
    firm = Stakeholder("firm&co", Role.FIRM, name=_NASTY)
    maker = Stakeholder("maker", Role.SUPPLIER, name="<i>Maker</i> --> <!--")
    people = Stakeholder("<b>people</b>", Role.CUSTOMER, customer_of=[firm])
    return Initiative(
        "<i>Nasty</i> & 'co' </title>",
        firm,
        [firm, maker, people],
        [
            Contribution(people, Resource.DATA, cost=1, description=_NASTY),
            Contribution(maker, Resource.TECHNOLOGY, cost=1, description="<img src=x>"),
            Contribution(firm, Resource.LABOR, cost=1, target=people),
        ],
        [Value(firm, 3, description=_NASTY), Value(people, 2, provider=firm), Value(maker, 2)],
    )


def _reordered(initiative: Initiative) -> Initiative:
    return initiative.evolve(
        stakeholders=list(reversed(initiative.stakeholders)),
        contributions=list(reversed(initiative.contributions)),
        values=list(reversed(initiative.values)),
    )


def _sections(page: str) -> list[str]:
    return re.findall(r'<section class="cc-report-section" id="([a-z]+)">', page)


class TestReport:
    def test_writes_one_page(self, tmp_path: Path) -> None:
        """The file is an HTML page with the verdict in its title and heading."""
        path = tmp_path / "nike-plus.html"
        cocreate.report(nike_plus(), path)
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>\n")
        assert "<title>Nike+: co-creation (cocreate report)</title>" in page
        assert "<h1>Nike+: co-creation</h1>" in page
        verdict = classify(nike_plus()).sentences[0]
        assert verdict in "".join(_parse(page).text)
        assert page == report_html(nike_plus())

    def test_every_section(self) -> None:
        """Verdict, ledger, profile, picture, how sure, who leaves, who is fair, the initiative."""
        page = report_html(nike_plus())
        expected = [
            "verdict",
            "ledger",
            "profile",
            "picture",
            "sure",
            "leaves",
            "fair",
            "initiative",
        ]
        assert _sections(page) == expected
        for key in expected:
            assert f'<a href="#{key}">' in page
        assert "every co-creator wins" in page  # a criterion, with its evidence
        assert "net value" in page  # the ledger
        assert "partnership" in page  # the profile
        assert "<svg" in page  # the picture
        assert "The sensor and its iPod link" in page  # the initiative's own tables
        assert "4.5 less than its fair share" in page  # the fair split

    def test_how_sure_and_who_leaves(self) -> None:
        """The analyses say how sure the verdict is at spread 0.2, how stable it is, who leaves."""
        nike = nike_plus()
        page = report_html(nike)
        text = " ".join(_parse(page).text)
        assert "How sure is the verdict?" in text
        assert "What if a partner leaves?" in text
        sure = cocreate.robustness(nike, spread=SPREAD)
        assert sure.sentences[0] in text
        stable = cocreate.explain_stability(nike)
        assert stable.sentences[0] in text
        for defection in cocreate.defections(nike):
            assert " ".join(defection.sentences[1:] or defection.sentences) in text

    def test_at_a_glance(self) -> None:
        """The header says how stable the verdict is and which partners it depends on."""
        nike = nike_plus()
        page = report_html(nike)
        header = page[page.index("<header") : page.index("</header>") + len("</header>")]
        said = " ".join(_parse(header).text)
        assert cocreate.explain_stability(nike).sentences[0] in said
        for defection in cocreate.defections(nike):
            assert defection.changed
            assert defection.sentences[0] in said

    def test_at_a_glance_capped(self) -> None:
        """With many partners the verdict depends on, the header names a few, then counts."""
        firm = Stakeholder("firm", Role.FIRM)
        partners = [Stakeholder(f"p{i}", Role.PARTNER) for i in range(6)]
        together = Initiative(
            "Together",
            firm,
            [firm, *partners],
            [Contribution(p, Resource.LABOR) for p in [firm, *partners]],
        )
        rules = Rules(min_contributors=7)
        page = report_html(together, rules=rules)
        header = page[page.index("<header") : page.index("</header>")]
        assert header.count("<li>") == 5
        assert "... and 3 more below." in header
        assert "<h1>Together: collaboration</h1>" in header

    def test_no_partner_to_leave(self) -> None:
        """An initiative with no external contributor says so instead of an empty table."""
        page = report_html(cross_team_project())
        said = "No stakeholder outside &#x27;Acme&#x27; contributes, so no partner can leave."
        assert said in page
        assert "<h1>Acme product launch: collaboration</h1>" in page

    def test_self_contained(self) -> None:
        """No address outside the page, no script, no external style, font or image."""
        page = report_html(nike_plus())
        parsed = _parse(page)
        assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
        assert "<script" not in page.lower()
        for name, value in parsed.attributes:
            if name in {"src", "href", "xlink:href", "action"}:
                assert value.startswith("#"), (name, value)
        assert "http://" not in page
        assert "https://" not in page
        assert re.findall(r"url\((?!#)", page) == []  # only the picture's own clip paths
        assert "@import" not in page
        assert "@font-face" not in page

    def test_only_known_tags(self) -> None:
        """Every tag is one the views, the frame or the picture use."""
        parsed = _parse(report_html(nike_plus()))
        assert set(parsed.tags) <= _HTML_TAGS | _SVG_TAGS
        assert {"svg", "path"} <= set(parsed.tags)

    def test_escapes_every_value(self, tmp_path: Path) -> None:
        """Names and descriptions with markup show as text, in the views and the picture alike."""
        path = tmp_path / "nasty.html"
        cocreate.report(_nasty(), path)
        page = path.read_text(encoding="utf-8")
        parsed = _parse(page)
        assert set(parsed.tags) <= _HTML_TAGS | _SVG_TAGS
        assert "<script>" not in page
        assert "<img" not in page
        assert "<i>" not in page
        assert page.count("<title>") == 1
        assert page.count("</style>") == page.count("<style")
        assert "<!--" not in page
        assert _NASTY in parsed.text
        assert "&lt;script&gt;" in page

    def test_same_bytes(self, tmp_path: Path) -> None:
        """The same initiative, its collections in any order, gives identical bytes."""
        first, second = tmp_path / "a.html", tmp_path / "b.html"
        cocreate.report(nike_plus(), first)
        cocreate.report(_reordered(nike_plus()), second)
        assert first.read_bytes() == second.read_bytes()
        assert report_html(_nasty()) == report_html(_reordered(_nasty()))

    def test_rules_apply(self) -> None:
        """The rules given judge the verdict, the ledger and the picture."""
        strict = Rules(win_threshold=3.5)
        page = report_html(nike_plus(), rules=strict)
        kind = classify(nike_plus(), rules=strict).kind
        assert kind.label != "co-creation"
        assert f"<h1>Nike+: {kind.label}</h1>" in page
        assert "with a net value above 3.5" in page

    def test_other_kinds(self) -> None:
        """Each worked case reports its own kind."""
        page = report_html(my_starbucks_idea())
        assert "<h1>My Starbucks Idea: customer-focused innovation</h1>" in page

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without matplotlib the page leaves the picture out and says nothing to its reader."""
        _block_matplotlib(monkeypatch)
        page = report_html(nike_plus())
        assert "<svg" not in page
        assert "matplotlib" not in page
        assert "pip install" not in page
        assert "picture" not in _sections(page)
        assert "The picture" not in page

    def test_the_command_warns_without_matplotlib(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`cocreate report` writes the page, and says on stderr how to get the picture."""
        _block_matplotlib(monkeypatch)
        source = tmp_path / "nike.json"
        cocreate.dump(nike_plus(), source)
        target = tmp_path / "nike.html"
        assert report_command(str(source), str(target)) == 0
        assert target.exists()
        err = capsys.readouterr().err
        assert err.startswith("warning: ")
        assert PLOT_EXTRA in err
        assert 'pip install -e ".[plot]"' in err

    def test_the_cli_warns_without_matplotlib(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The `report` subcommand of `cocreate` warns the same way, and still writes."""
        from cocreate._cli import main

        _block_matplotlib(monkeypatch)
        source = tmp_path / "nike.json"
        cocreate.dump(nike_plus(), source)
        target = tmp_path / "nike.html"
        assert main(["report", str(source), "-o", str(target)]) == 0
        assert target.exists()
        assert 'pip install "cocreate[plot]"' in capsys.readouterr().err

    def test_no_developer_hint_on_the_page(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A crowded picture says labels are left out, without suggesting code to the reader."""
        from cocreate._views import plot as drawing

        monkeypatch.setattr(drawing, "_declutter", lambda *_args: 1)  # every picture crowded
        # The SVG keeps each text drawn in a comment; the notebook's picture has the hint.
        assert "try labels='nodes'" in drawing.plot_svg(nike_plus())
        svg = drawing.report_svg(nike_plus())
        assert "left out for room." in svg
        assert "labels=" not in svg
        assert "figsize" not in svg
        assert "figsize" not in report_html(nike_plus())

    def test_replaces_a_file_whole(self, tmp_path: Path) -> None:
        """An existing file is replaced, and no temporary file is left beside it."""
        path = tmp_path / "report.HTM"
        path.write_text("old", encoding="utf-8")
        cocreate.report(nike_plus(), path)
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert [p.name for p in tmp_path.iterdir()] == ["report.HTM"]

    def test_failure_leaves_the_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """If the page cannot be made, the file is left as it was."""
        path = tmp_path / "report.html"
        path.write_text("old", encoding="utf-8")

        def broken(*_args: object, **_kwargs: object) -> str:
            msg = "broken"
            raise CocreateError(msg)

        monkeypatch.setattr("cocreate._views.report.report_html", broken)
        with pytest.raises(CocreateError, match="broken"):
            cocreate.report(nike_plus(), path)
        assert path.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    @pytest.mark.parametrize(
        ("initiative", "path", "rules", "match"),
        [
            pytest.param("nike", "r.html", None, "report needs an Initiative", id="initiative"),
            pytest.param(None, "r.html", "strict", "rules must be", id="rules"),
            pytest.param(None, 3, None, "report needs a path", id="path"),
        ],
    )
    def test_wrong_types(
        self, tmp_path: Path, initiative: object, path: object, rules: object, match: str
    ) -> None:
        """A wrong type is an ArgumentError (a CocreateError and a TypeError)."""
        target = tmp_path / path if isinstance(path, str) else path
        with pytest.raises(ArgumentError, match=match):
            cocreate.report(initiative or nike_plus(), target, rules=rules)  # type: ignore[arg-type]
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("name", "match"),
        [
            pytest.param("report.json", "ending in .html or .htm", id="suffix"),
            pytest.param("report", "ending in .html or .htm", id="no-suffix"),
            pytest.param("missing/report.html", "cannot write", id="no-folder"),
            pytest.param("folder.html", "it is a directory", id="directory"),
        ],
    )
    def test_bad_paths(self, tmp_path: Path, name: str, match: str) -> None:
        """A path that cannot take the page is a CocreateError that says why."""
        (tmp_path / "folder.html").mkdir()
        with pytest.raises(CocreateError, match=match):
            cocreate.report(nike_plus(), tmp_path / name)
        assert [p.name for p in tmp_path.iterdir()] == ["folder.html"]

    def test_public(self) -> None:
        """report is public: in cocreate's __all__, and named cocreate.report."""
        assert "report" in cocreate.__all__
        assert cocreate.report.__module__ == "cocreate"


class TestReportCommand:
    def test_writes_the_report(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``cocreate report FILE -o OUT`` writes the same page as report(), quietly."""
        source, target = tmp_path / "nike.toml", tmp_path / "nike.html"
        dump(nike_plus(), source)
        assert report_command(str(source), str(target)) == 0
        assert target.read_text(encoding="utf-8") == report_html(nike_plus())
        assert capsys.readouterr() == ("", "")

    def test_invalid_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid file is exit code 1 and one line per fault, naming the file."""
        source, target = tmp_path / "bad.json", tmp_path / "out.html"
        source.write_text('{"format": "cocreate", "version": 1, "name": 3}', encoding="utf-8")
        assert report_command(str(source), str(target)) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"{source}: ")
        assert "Traceback" not in err
        assert all(line.startswith(f"{source}: ") for line in err.splitlines())
        assert not target.exists()

    def test_unwritable_output(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An output that cannot be written is exit code 1 and one line naming it."""
        source = tmp_path / "nike.json"
        dump(nike_plus(), source)
        assert report_command(str(source), str(tmp_path / "out.pdf")) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith(f"{tmp_path / 'out.pdf'}: a report is an HTML page")


def _block_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import matplotlib`` fail, as where it is not installed."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
