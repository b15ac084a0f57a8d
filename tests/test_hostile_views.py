"""Hostile values in the views and readers: nothing escapes, nothing is lost, all bounded.

The second hostile round, for the pictures (``plot``, ``plot_svg``,
``report``, ``to_dot``), ``from_e3value`` and ``read_excel``: amounts past
the float range, names that matplotlib would read as mathtext or cannot
draw, warnings under ``-W error``, threads drawing at once, odd encodings,
entities that grow in bytes, a workbook that unpacks a thousand times and
sheets whose names differ in case only. Each test fails on the code before
its fix.
"""

from __future__ import annotations

import math
import re
import threading
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import matplotlib.figure
import openpyxl
import pytest
from defusedxml import ElementTree
from matplotlib.figure import Figure

from cocreate import (
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    dump,
    from_e3value,
    net_value,
    plot,
    plot_svg,
    read_excel,
    report,
    to_dot,
    write_excel,
)
from cocreate._views.report import report_command, report_html
from cocreate.examples import nike_plus
from cocreate.exceptions import FormatError

if TYPE_CHECKING:
    from pathlib import Path
    from xml.etree.ElementTree import Element

#: Names that matplotlib reads as mathtext, or cannot draw or write as they are.
NAMES = [
    "$x^{$",  # mathtext that does not parse
    "$\\undefinedcommand$",  # mathtext with an unknown command
    "$\\frac{a}{b}$",  # mathtext that parses, and would be drawn as a fraction
    "\ud800",  # a lone surrogate, which JSON reads
    "Esc \x1b, NUL \x00, bell \x07, DEL \x7f and\r\nline\tbreaks\u2028",
    "\ufffe\uffff",  # code points XML refuses
    "a\x1bb",  # the issue's "Glyph 27 missing"
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def small(name: str = "Firm", focal_name: str | None = None) -> Initiative:
    """A firm, a customer and a partner, every name ``name``."""
    firm = Stakeholder("firm", "firm", name=focal_name or name)
    customer = Stakeholder("c", "customer", name=name, customer_of=["firm"])
    partner = Stakeholder("p", "partner", name=name)
    return Initiative(
        name,
        firm,
        [firm, customer, partner],
        [Contribution("c", "ideas", cost=1.0), Contribution("p", "capital", cost=2.0)],
        [Value("c", 2.0, provider="firm"), Value("p", 3.0), Value("firm", 4.0, provider="c")],
    )


def huge(size: int = 17) -> Initiative:
    """More than 15 stakeholders (so the picture groups them), two given amounts past 1e308."""
    firm = Stakeholder("firm", "firm", name="Firm")
    people = [Stakeholder(f"c{i}", "customer", customer_of=["firm"]) for i in range(size)]
    given = [Contribution(f"c{i}", "ideas", cost=1.0) for i in range(size)]
    got = [Value("c0", 1e308, provider="firm"), Value("c1", 1.5e308, provider="firm")]
    return Initiative("Huge", firm, [firm, *people], given, got)


def parsed(svg: str) -> Element:
    """Parse the SVG as XML, as a browser or an XML tool would."""
    return ElementTree.fromstring(svg.encode("utf-8"))


# --------------------------------------------------------------------------
# 1. Amounts past the float range in the picture and the report.


class TestOverflowInPictures:
    def test_a_group_label_sums_past_the_float_range(self) -> None:
        """Two amounts to one group whose sum is past 1.8e308 read "+inf in all"."""
        ax = plot(huge(), ax=Figure().add_subplot())
        labels = [t.get_text() for t in ax.texts if t.get_gid() == "cocreate-label-edge"]
        assert "+inf in all" in labels

    def test_plot_svg_and_report_draw_it(self, tmp_path: Path) -> None:
        """plot_svg and report give a picture and a page, not an OverflowError."""
        parsed(plot_svg(huge()))
        report(huge(), tmp_path / "huge.html")
        assert "Huge" in (tmp_path / "huge.html").read_text(encoding="utf-8")

    def test_the_report_command_prints_no_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``cocreate report`` writes the page, and nothing on standard error."""
        source, target = tmp_path / "huge.json", tmp_path / "huge.html"
        dump(huge(), source)
        assert report_command(str(source), str(target)) == 0
        assert capsys.readouterr().err == ""
        assert target.exists()


# --------------------------------------------------------------------------
# 2, 21, 22. Names drawn as plain text, every character drawable, no warning.


class TestNamesAsPlainText:
    @pytest.mark.parametrize("name", NAMES)
    def test_any_name_gives_svg_that_parses(self, name: str) -> None:
        """Every name is drawn, with no error and no warning, as SVG that XML reads."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # as python -W error does
            svg = plot_svg(small(name))
        root = parsed(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not CONTROL.search(svg.replace("\n", ""))

    @pytest.mark.parametrize("name", NAMES)
    def test_any_name_in_a_grouped_picture_and_the_report(self, name: str) -> None:
        """The same for the grouped picture (the legend names the focal) and the page."""
        many = huge()
        focal = Stakeholder("firm", "firm", name=name)
        people = [focal, *(p for p in many.stakeholders if p.id != "firm")]
        renamed = Initiative(name, focal, people, many.contributions, many.values)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed(plot_svg(renamed))
            page = report_html(renamed)
        assert not re.search(r"[\ud800-\udfff]", page)
        page.encode("utf-8")

    def test_mathtext_is_not_drawn(self) -> None:
        r"""``$\frac{a}{b}$`` is drawn as its 13 characters, not as an italic fraction."""
        ax = plot(small("$\\frac{a}{b}$"), ax=Figure().add_subplot())
        focal = next(t for t in ax.texts if t.get_gid() == "cocreate-label-focal")
        assert focal.get_text().splitlines()[0] == "$\\frac{a}{b}$ (focal)"
        # Mathtext draws a and b from the italic (oblique) face; plain text has none.
        assert "Oblique" not in plot_svg(small("$\\frac{a}{b}$"))

    def test_a_glyph_no_font_has_does_not_warn(self) -> None:
        """A character the font lacks is drawn as a box, with no warning under -W error."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed(plot_svg(small("\U0001f600 \U00013000 \u4e2d\u6587")))

    def test_the_warning_filters_are_put_back(self) -> None:
        """Only while drawing are matplotlib's warnings kept in; then the filters are as before."""
        before = list(warnings.filters)
        plot_svg(small())
        assert warnings.filters == before


class TestDotText:
    def test_no_control_character_reaches_the_dot(self) -> None:
        """Names and ids with control characters give DOT text Graphviz reads."""
        firm = Stakeholder("f\x00", "firm", name="NUL \x00 here\nand\ttab")
        one = Stakeholder("a\x00", "customer", name="\ud800")
        two = Stakeholder("a\x01", "customer", name="\x1b")
        initiative = Initiative(
            "Name\x00", firm, [firm, one, two], [Contribution("a\x00", "ideas")], []
        )
        source = to_dot(initiative)
        assert not CONTROL.search(source.replace("\n", ""))
        source.encode("utf-8")
        ids = re.findall(r'^    ("(?:[^"\\]|\\.)*") \[label=', source, flags=re.MULTILINE)
        assert len(ids) == len(set(ids)) == 4  # the hub and three distinct stakeholders
        # A line break in a name is still a line break of the label.
        assert '"NUL \ufffd here\\nand tab\\n(firm)"' in source


@pytest.mark.parametrize("name", NAMES)
def test_report_writes_a_page_of_any_name(tmp_path: Path, name: str) -> None:
    """report writes the page, in UTF-8, whatever the names hold."""
    report(small(name), tmp_path / "page.html")
    page = (tmp_path / "page.html").read_bytes()
    assert page.startswith(b"<!DOCTYPE html>")
    page.decode("utf-8")


# --------------------------------------------------------------------------
# 23. Threads drawing at once.


class TestThreads:
    def test_eight_threads_draw_the_same_bytes(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """plot_svg from 8 threads at once gives the bytes of one call, every round.

        Writing the file is slowed down a little, so that the threads are
        writing at the same time, where matplotlib's settings were changed
        and put back under each other.
        """
        initiative = small()
        alone = plot_svg(initiative)
        original = matplotlib.figure.Figure.savefig

        def slow(self: Figure, *args: Any, **kwargs: Any) -> None:
            time.sleep(0.02)
            original(self, *args, **kwargs)

        monkeypatch.setattr(matplotlib.figure.Figure, "savefig", slow)

        def draw(start: threading.Barrier) -> str:
            start.wait()
            return plot_svg(initiative)

        for _ in range(3):
            with ThreadPoolExecutor(8) as pool:
                drawn = list(pool.map(draw, [threading.Barrier(8)] * 8))
            assert [svg == alone for svg in drawn] == [True] * 8


# --------------------------------------------------------------------------
# 3. Overflow in from_e3value.

E3_HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:a="http://www.cs.vu.nl/~gordijn/e3value#">\n'
)


def shop(actor: str = "", starts: tuple[str, ...] = ("2",), fractions: tuple[str, ...] = ()) -> str:
    """A shop sells a book to 100 readers, as in from_e3value's example.

    ``actor`` holds the shop's own formulas, ``starts`` the OCCURRENCES of
    each start stimulus (all at the readers), and ``fractions``, when
    given, the ``up_fraction`` of each branch of an OR fork after the shop.
    """
    formulas = "".join(f"<a:e3_has_formula>{f}</a:e3_has_formula>" for f in actor.split())
    stimuli = "".join(
        f'<a:start_stimulus rdf:about="#s{i}" a:e3_has_formula="OCCURRENCES={n}"/>'
        f'<a:connection_element rdf:about="#cs{i}"><a:ce_with_up_de rdf:resource="#s{i}"/>'
        '<a:ce_with_down_de rdf:resource="#6"/></a:connection_element>\n'
        for i, n in enumerate(starts)
    )
    if fractions:
        after = '<a:e3value_OR rdf:about="#or"/><a:connection_element rdf:about="#c0">'
        after += '<a:ce_with_up_de rdf:resource="#5"/><a:ce_with_down_de rdf:resource="#or"/>'
        after += "</a:connection_element>\n"
        for i, fraction in enumerate(fractions):
            after += (
                f'<a:end_stimulus rdf:about="#e{i}"/>'
                f'<a:connection_element rdf:about="#b{i}" a:up_fraction="{fraction}">'
                f'<a:ce_with_up_de rdf:resource="#or"/><a:ce_with_down_de rdf:resource="#e{i}"/>'
                "</a:connection_element>\n"
            )
    else:
        after = (
            '<a:end_stimulus rdf:about="#e"/><a:connection_element rdf:about="#c0">'
            '<a:ce_with_up_de rdf:resource="#5"/><a:ce_with_down_de rdf:resource="#e"/>'
            "</a:connection_element>\n"
        )
    ports = [
        ("11", "7", "3", "VALUATION=12"),
        ("12", "8", "4", "EXPENSES=7"),
        ("13", "9", "4", "VALUATION=20"),
        ("14", "10", "3", "VALUATION=12"),
    ]
    return (
        E3_HEAD + f'<a:elementary_actor rdf:about="#1" a:e3_has_name="Shop">{formulas}'
        "</a:elementary_actor>\n"
        '<a:market_segment rdf:about="#2" a:e3_has_name="Readers" a:e3_has_formula="COUNT=100"/>'
        '<a:value_object rdf:about="#3" a:e3_has_name="MONEY"/>'
        '<a:value_object rdf:about="#4" a:e3_has_name="Book"/>\n'
        '<a:value_interface rdf:about="#5"><a:vi_assigned_to_ac rdf:resource="#1"/>'
        '</a:value_interface><a:value_interface rdf:about="#6">'
        '<a:vi_assigned_to_ms rdf:resource="#2"/></a:value_interface>\n'
        + "".join(
            f'<a:value_offering rdf:about="#{uid}" a:e3_has_name="{way}">'
            f'<a:vo_in_vi rdf:resource="#{vi}"/></a:value_offering>\n'
            for uid, way, vi in [("7", "in", 5), ("8", "out", 5), ("9", "in", 6), ("10", "out", 6)]
        )
        + "".join(
            f'<a:value_port rdf:about="#{uid}" a:e3_has_formula="{formula}">'
            f'<a:vp_in_vo rdf:resource="#{offering}"/>'
            f'<a:vp_requests_offers_vo rdf:resource="#{thing}"/></a:value_port>\n'
            for uid, offering, thing, formula in ports
        )
        + '<a:value_exchange rdf:about="#15" a:e3_has_name="pay">'
        '<a:ve_has_out_po rdf:resource="#14"/><a:ve_has_in_po rdf:resource="#11"/>'
        '</a:value_exchange><a:value_exchange rdf:about="#16" a:e3_has_name="deliver">'
        '<a:ve_has_out_po rdf:resource="#12"/><a:ve_has_in_po rdf:resource="#13"/>'
        "</a:value_exchange>\n" + stimuli + after + "</rdf:RDF>\n"
    )


class TestOverflowInE3value:
    def test_the_fixture_reads(self) -> None:
        """The model itself reads, with the nets of from_e3value's example."""
        read = from_e3value(shop(), focal="Shop")
        assert (net_value(read, "shop"), net_value(read, "readers")) == (1000.0, 1600.0)

    def test_an_actors_own_costs_past_the_float_range(self) -> None:
        """INVESTMENT and EXPENSES of 1e308 each are a fault of the actor, not an OverflowError."""
        with pytest.raises(FormatError, match="Shop: actor has EXPENSES, INVESTMENT and") as info:
            from_e3value(shop("INVESTMENT=1e308 EXPENSES=1e308"), focal="Shop")
        assert "not a finite number" in str(info.value)

    def test_two_or_branches_past_the_float_range(self) -> None:
        """Two OR branches of up_fraction 1e308 each take half, as 1 and 1 would."""
        huge_fork = from_e3value(shop(fractions=("1e308", "1e308")), focal="Shop")
        even_fork = from_e3value(shop(fractions=("1", "1")), focal="Shop")
        assert huge_fork == even_fork
        assert math.isfinite(net_value(huge_fork, "shop"))

    def test_two_start_stimuli_past_the_float_range(self) -> None:
        """Two stimuli of 1e308 into one interface: too often to count, said so."""
        with pytest.raises(FormatError, match="fires more often than a float can count"):
            from_e3value(shop(starts=("1e308", "1e308")), focal="Shop")


# --------------------------------------------------------------------------
# 4, 9. Odd encodings, entities of many bytes.


class TestE3valueBytes:
    @pytest.mark.parametrize("encoding", ["punycode", "undefined"])
    def test_an_encoding_that_fails_without_a_place(self, encoding: str) -> None:
        """A codec that raises a bare UnicodeError gives a FormatError."""
        data = f"<?xml version='1.0' encoding='{encoding}'?>\n".encode() + shop().encode()
        with pytest.raises(FormatError, match=f"cannot be decoded as {encoding}"):
            from_e3value(data, focal="Shop")

    @staticmethod
    def entity_file(length: int, uses: int) -> bytes:
        """An e3value file whose one entity, of 4-byte characters, is used ``uses`` times."""
        value = "\U0001f600" * length
        text = shop().replace('a:e3_has_name="Book"', 'a:e3_has_name="' + "&big;" * uses + '"')
        return (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            f"<!DOCTYPE rdf:RDF [<!ENTITY big '{value}'>]>\n{text}"
        ).encode()

    def test_entities_are_counted_in_bytes(self) -> None:
        """30 of 1,000 4-byte characters: 30,000 characters, but 120,000 bytes > 100,000."""
        data = self.entity_file(1_000, 30)
        with pytest.raises(FormatError, match=r"make the document \d+ bytes long \(in UTF-8\)"):
            from_e3value(data, focal="Shop", max_bytes=100_000)
        # Well under the limit, the same file reads.
        read = from_e3value(data, focal="Shop", max_bytes=200_000)
        assert net_value(read, "shop") == 1000.0

    def test_the_issues_file_is_refused(self) -> None:
        """The issue's file: 2,000 uses of 30,000 4-byte characters, 240 MB past 64 MiB."""
        data = self.entity_file(30_000, 2_000)
        assert len(data) < 140_000
        with pytest.raises(FormatError, match="more than the limit of 67108864"):
            from_e3value(data, focal="Shop")


# --------------------------------------------------------------------------
# 10, 17. A workbook time bomb; sheets whose names differ in case only.

#: Excel's widest row.
WIDEST = 16_384


def bomb(folder: Path, rows: int) -> Path:
    """Nike+ by write_excel (openpyxl), then ``rows`` rows of 16,384 empty cells in its values.

    openpyxl writes every cell with its reference (``<c r="XFD9"/>``), which
    packs ten times; the issue's bomb writes bare ``<c/>``, which packs a
    thousand times, so the rows are written into the archive directly.
    """
    base, path = folder / "base.xlsx", folder / "bomb.xlsx"
    write_excel(nike_plus(), base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet4.xml":  # the values
                head, end, tail = data.partition(b"</sheetData>")
                assert end
                data = head + (b"<row>" + b"<c/>" * WIDEST + b"</row>") * rows + end + tail
            out.writestr(info.filename, data)
    return path


class TestWorkbookBomb:
    def test_a_workbook_that_unpacks_a_thousand_times_is_refused(self, tmp_path: Path) -> None:
        """200 rows of 16,384 empty cells: 13 MB of XML from 21 KB, refused before parsing."""
        path = bomb(tmp_path, 200)
        assert path.stat().st_size < 30_000
        with pytest.raises(FormatError, match=r"unpacks to \d+ bytes from \d+, more than 100"):
            read_excel(path)

    def test_a_small_part_may_pack_tightly(self, tmp_path: Path) -> None:
        """Under 1 MiB a part may pack as it likes: 10 such rows are read, the cells ignored."""
        assert read_excel(bomb(tmp_path, 10)) == nike_plus()


class TestLookAlikeSheets:
    def test_sheets_that_differ_in_case_and_spaces_are_refused(self, tmp_path: Path) -> None:
        """'Values ' with the data and an empty 'VALUES': neither is read, both are named."""
        path = tmp_path / "nike.xlsx"
        write_excel(nike_plus(), path)
        book = openpyxl.load_workbook(path)
        book["values"].title = "Values "
        book.create_sheet("VALUES")
        book.save(path)
        with pytest.raises(FormatError, match="values: the sheets 'Values ' and 'VALUES' are"):
            read_excel(path)

    def test_one_sheet_in_any_case_is_read(self, tmp_path: Path) -> None:
        """A single sheet 'Values ' is still read as the values."""
        path = tmp_path / "nike.xlsx"
        write_excel(nike_plus(), path)
        book = openpyxl.load_workbook(path)
        book["values"].title = "Values "
        book.save(path)
        assert read_excel(path) == nike_plus()
