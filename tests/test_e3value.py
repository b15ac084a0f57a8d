"""Reading e3value models (from_e3value) and two-sided transfers (transfer).

Every e3value file here is written by the tests themselves: most by the
small :class:`E3` builder below, in either spelling of the vocabulary and
either RDF/XML layout, a few by hand where the bytes matter (encodings,
line ends, hostile DTDs). Expected net values are computed by hand from
the formulas, the way e3tools' evaluator computes a net value flow.
"""

from __future__ import annotations

import math
import random
import sys
from typing import TYPE_CHECKING, Any, Self
from xml.sax.saxutils import escape, quoteattr

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    CocreateError,
    Contribution,
    Initiative,
    Kind,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
    classify,
    dumps,
    from_e3value,
    loads,
    net_value,
    transfer,
)
from cocreate._cli import main
from cocreate.exceptions import FormatError, InvalidModelError
from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from pathlib import Path

NS = "http://www.cs.vu.nl/~gordijn/e3value#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BASE = "http://example.org/models/Book shop"  # a space, as the toolkit writes them

#: The inverse of each link the builder writes, for files that give only those.
INVERSE = {
    "vi_assigned_to_ac": "ac_has_vi",
    "vi_assigned_to_ms": "ms_has_vi",
    "vi_assigned_to_va": "va_has_vi",
    "vo_in_vi": "vi_consists_of_of",
    "vp_in_vo": "vo_consists_of_vp",
    "vp_requests_offers_vo": "vo_offered_requested_by_vp",
    "ve_has_out_po": "vp_out_connects_ve",
    "ve_has_in_po": "vp_in_connects_ve",
    "ve_has_first_vp": "vp_first_connects_ve",
    "ve_has_second_vp": "vp_second_connects_ve",
    "ce_with_up_de": "de_down_ce",
    "ce_with_down_de": "de_up_ce",
    "va_performed_by_el": "el_performs_va",
}


@attrs.define
class Element:
    """One element of a model being written."""

    kind: str
    uid: str
    name: str | None
    formulas: list[str]
    literals: dict[str, str]
    links: list[tuple[str, str]] = attrs.field(factory=list)


@attrs.define
class E3:
    """A small builder of e3value RDF/XML files, for the tests."""

    elements: list[Element] = attrs.field(factory=list)
    offerings: dict[str, tuple[str, str]] = attrs.field(factory=dict)
    #: The uids of the elements a test wants to find again, by a word.
    tags: dict[str, str] = attrs.field(factory=dict)

    def add(self, kind: str, name: str | None = None, *formulas: str, **literals: str) -> str:
        uid = str(len(self.elements) + 1)
        self.elements.append(Element(kind, uid, name, list(formulas), dict(literals)))
        return uid

    def element(self, uid: str) -> Element:
        return self.elements[int(uid) - 1]

    def link(self, source: str, prop: str, target: str) -> None:
        self.element(source).links.append((prop, target))

    def actor(self, name: str, *formulas: str) -> str:
        return self.add("elementary_actor", name, *formulas)

    def segment(self, name: str, count: float, *formulas: str) -> str:
        return self.add("market_segment", name, f"COUNT={count}", *formulas)

    def object(self, name: str) -> str:
        return self.add("value_object", name)

    def interface(self, owner: str) -> str:
        kind = self.element(owner).kind
        prop = {"market_segment": "vi_assigned_to_ms", "value_activity": "vi_assigned_to_va"}
        vi = self.add("value_interface", f"vi{len(self.elements) + 1}")
        self.link(vi, prop.get(kind, "vi_assigned_to_ac"), owner)
        offers = []
        for direction in ("in", "out"):
            offering = self.add("value_offering", direction)
            self.link(offering, "vo_in_vi", vi)
            offers.append(offering)
        self.offerings[vi] = (offers[0], offers[1])
        return vi

    def port(self, vi: str, direction: str, thing: str | None, *formulas: str) -> str:
        port = self.add("value_port", f"vp{len(self.elements) + 1}", *formulas)
        self.link(port, "vp_in_vo", self.offerings[vi][direction == "out"])
        if thing is not None:
            self.link(port, "vp_requests_offers_vo", thing)
        return port

    def exchange(self, out: str, into: str, *formulas: str, inner: bool = False) -> str:
        exchange = self.add("value_exchange", f"ve{len(self.elements) + 1}", *formulas)
        self.link(exchange, "ve_has_first_vp" if inner else "ve_has_out_po", out)
        self.link(exchange, "ve_has_second_vp" if inner else "ve_has_in_po", into)
        return exchange

    def trade(
        self,
        giver: str,
        receiver: str,
        thing: str | None,
        gives: tuple[str, ...] = (),
        gets: tuple[str, ...] = (),
        *formulas: str,
    ) -> tuple[str, str, str]:
        """Add an exchange from the giver's interface to the receiver's."""
        out = self.port(giver, "out", thing, *gives)
        into = self.port(receiver, "in", thing, *gets)
        return out, into, self.exchange(out, into, *formulas)

    def connect(self, up: str, down: str, fraction: float | None = None) -> str:
        extra = {} if fraction is None else {"up_fraction": f"{fraction}"}
        ce = self.add("connection_element", None, **extra)
        self.link(ce, "ce_with_up_de", up)
        self.link(ce, "ce_with_down_de", down)
        return ce

    def start(self, occurrences: str | float, to: str) -> str:
        stimulus = self.add("start_stimulus", f"need{len(self.elements) + 1}")
        self.element(stimulus).formulas.append(f"OCCURRENCES={occurrences}")
        self.connect(stimulus, to)
        return stimulus

    def end(self, after: str) -> str:
        stimulus = self.add("end_stimulus")
        self.connect(after, stimulus)
        return stimulus

    def xml(
        self,
        *,
        layout: str = "typed",
        hyphens: bool = False,
        links: str = "forward",
        seed: int | None = None,
    ) -> str:
        """Return the model as RDF/XML; ``links`` is "forward", "backward" or "both"."""
        backward: dict[str, list[tuple[str, str]]] = {}
        for element in self.elements:
            for prop, target in element.links:
                backward.setdefault(target, []).append((INVERSE[prop], element.uid))
        elements = list(self.elements)
        if seed is not None:
            random.Random(seed).shuffle(elements)  # noqa: S311 - an order, not a secret
        write = _typed if layout == "typed" else _description
        body = []
        for element in elements:
            mine = [] if links == "backward" else list(element.links)
            if links != "forward":
                mine += backward.get(element.uid, [])
            body.append(write(element, mine, hyphens=hyphens))
        return f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:a="{NS}">\n' + "\n".join(body) + "\n</rdf:RDF>\n"


def _word(local: str, *, hyphens: bool) -> str:
    return local.replace("_", "-") if hyphens else local


def _typed(element: Element, links: list[tuple[str, str]], *, hyphens: bool) -> str:
    tag = f"a:{_word(element.kind, hyphens=hyphens)}"
    attributes = [f'rdf:about="{BASE}#{element.uid}"']
    attributes.append(f"a:{_word('e3_has_uid', hyphens=hyphens)}={quoteattr(element.uid)}")
    if element.name is not None:
        attributes.append(f"a:{_word('e3_has_name', hyphens=hyphens)}={quoteattr(element.name)}")
    formulas = list(element.formulas)
    if formulas:  # the first formula as an attribute, the rest as elements
        word = _word("e3_has_formula", hyphens=hyphens)
        attributes.append(f"a:{word}={quoteattr(formulas.pop(0))}")
    attributes += [
        f"a:{_word(k, hyphens=hyphens)}={quoteattr(v)}" for k, v in element.literals.items()
    ]
    children = [_formula(f, hyphens=hyphens) for f in formulas]
    children += [_link(prop, target, hyphens=hyphens) for prop, target in links]
    return f"<{tag} {' '.join(attributes)}>" + "".join(children) + f"</{tag}>"


def _description(element: Element, links: list[tuple[str, str]], *, hyphens: bool) -> str:
    kind = _word(element.kind, hyphens=hyphens)
    children = [f'<rdf:type rdf:resource="{NS}{kind}"/>']
    children.append(_literal("e3_has_uid", element.uid, hyphens=hyphens))
    if element.name is not None:
        children.append(_literal("e3_has_name", element.name, hyphens=hyphens))
    children += [_formula(f, hyphens=hyphens) for f in element.formulas]
    children += [_literal(k, v, hyphens=hyphens) for k, v in element.literals.items()]
    children += [_link(prop, target, hyphens=hyphens) for prop, target in links]
    about = f"{BASE}#{element.uid}"
    return f'<rdf:Description rdf:about="{about}">' + "\n".join(children) + "</rdf:Description>"


def _literal(prop: str, text: str, *, hyphens: bool) -> str:
    tag = f"a:{_word(prop, hyphens=hyphens)}"
    return f"<{tag}>{escape(text)}</{tag}>"


def _formula(text: str, *, hyphens: bool) -> str:
    return _literal("e3_has_formula", text, hyphens=hyphens)


def _link(prop: str, target: str, *, hyphens: bool) -> str:
    return f'<a:{_word(prop, hyphens=hyphens)} rdf:resource="{BASE}#{target}"/>'


# --------------------------------------------------------------------------
# Models.


@attrs.frozen
class Sale:
    """The figures of the book sale model; see :func:`sale`."""

    occurrences: float = 3
    price: float = 12  # what the reader pays, VALUATION of both MONEY ports
    reader_expenses: float = 0.5  # EXPENSES of the reader's MONEY out-port
    shop_fee: float = 1  # EXPENSES of the shop's MONEY in-port
    book_cost: float = 7  # EXPENSES of the shop's Book out-port
    book_value: float = 20  # VALUATION of the reader's Book in-port
    shop_investment: float = 5  # INVESTMENT of the shop itself
    cardinality: float = 1  # CARDINALITY of the delivery


def sale(figures: Sale = Sale()) -> E3:
    """A reader buys a book at a shop, ``occurrences`` times."""
    model = E3()
    shop = model.actor("Shop", f"INVESTMENT={figures.shop_investment}")
    reader = model.actor("Reader")
    money, book = model.object("MONEY"), model.object("Book")
    at_shop, at_reader = model.interface(shop), model.interface(reader)
    model.trade(
        at_reader,
        at_shop,
        money,
        (f"VALUATION={figures.price}", f"EXPENSES={figures.reader_expenses}"),
        (f"VALUATION={figures.price}", f"EXPENSES={figures.shop_fee}"),
    )
    *_, delivery = model.trade(
        at_shop,
        at_reader,
        book,
        (f"EXPENSES={figures.book_cost}",),
        (f"VALUATION={figures.book_value}",),
        f"CARDINALITY={figures.cardinality}",
    )
    start = model.start(figures.occurrences, at_reader)
    end = model.end(at_shop)
    model.tags.update(
        shop=shop,
        reader=reader,
        money=money,
        book=book,
        at_shop=at_shop,
        at_reader=at_reader,
        delivery=delivery,
        start=start,
        end=end,
    )
    return model


def sale_nets(f: Sale) -> dict[str, float]:
    """The net value flows of :func:`sale`, by hand."""
    n, k = f.occurrences, f.cardinality
    shop = n * (f.price - f.shop_fee) - n * k * (0 + f.book_cost) - f.shop_investment
    reader = n * k * (f.book_value - 0) - n * (f.price + f.reader_expenses)
    return {"shop": shop, "reader": reader}


def nets(initiative: Initiative) -> dict[str, float]:
    return {s.id: net_value(initiative, s) for s in initiative.stakeholders}


def assert_nets(initiative: Initiative, expected: dict[str, float]) -> None:
    found = nets(initiative)
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        assert math.isclose(found[key], value, rel_tol=1e-9, abs_tol=1e-9), (key, found)


def supply_chain(gate: str, fractions: tuple[float, float], occurrences: float = 8) -> E3:
    """A reader buys from a shop that pays two printers after an OR or AND fork."""
    model = E3()
    shop, reader = model.actor("Shop"), model.actor("Reader")
    printers = [model.actor("Printer One"), model.actor("Printer Two")]
    money, printing = model.object("MONEY"), model.object("Printing")
    at_reader, at_shop = model.interface(reader), model.interface(shop)
    model.trade(at_reader, at_shop, money, ("VALUATION=10",), ("VALUATION=10",))
    start = model.start(occurrences, at_reader)
    fork = model.add(f"e3value_{gate}")
    model.connect(at_shop, fork)
    model.tags.update(
        shop=shop, at_shop=at_shop, at_reader=at_reader, start=start, fork=fork, money=money
    )
    for printer, fraction, fee in zip(printers, fractions, (2, 3), strict=True):
        buying, selling = model.interface(shop), model.interface(printer)
        model.trade(buying, selling, money, (f"VALUATION={fee}",), (f"VALUATION={fee}",))
        model.trade(selling, buying, printing)
        model.connect(fork, buying, fraction)
        model.end(selling)
    return model


def e3(model: E3, focal: str = "Shop", **keywords: Any) -> Initiative:  # the builder's text, read
    return from_e3value(model.xml(), focal=focal, **keywords)


# A hand-written file the way the e3value toolkit writes them: ISO-8859-1,
# a DTD that abbreviates the namespaces, formulas as attributes, CRLF and LF
# mixed, URIs with spaces, and a name with a line break in it.
TOOLKIT = (
    "<?xml version='1.0' encoding='ISO-8859-1'?>\r\n"
    "<!DOCTYPE rdf:RDF [\r\n"
    "\t <!ENTITY rdf 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\r\n"
    "\t <!ENTITY a 'http://www.cs.vu.nl/~gordijn/e3value#'>\n"
    "]>\r\n"
    '<rdf:RDF xmlns:rdf="&rdf;"\r\n\t xmlns:a="&a;">\n'
    '<a:elementary_actor rdf:about="&a;Caf\xe9 model#1" a:e3_has_name="Caf\xe9 M\xfcller"'
    ' a:e3_has_uid="1" a:e3_has_formula="EXPENSES=2">\r\n'
    '\t<a:ac_has_vi rdf:resource="&a;Caf\xe9 model#3"/>\r\n'
    "</a:elementary_actor>\n"
    '<a:market_segment rdf:about="&a;Caf\xe9 model#2" a:e3_has_uid="2">\r\n'
    "\t<a:e3_has_name>Coffee\r\ndrinkers</a:e3_has_name>\n"
    "\t<a:e3_has_formula>COUNT=40</a:e3_has_formula>\r\n"
    "\t<a:e3_has_formula>EXPENSES=0.25</a:e3_has_formula>\r\n"
    '\t<a:ms_has_vi rdf:resource="&a;Caf\xe9 model#4"/>\r\n'
    "</a:market_segment>\r\n"
    '<a:value_object rdf:about="&a;Caf\xe9 model#5" a:e3_has_name="MONEY" a:e3_has_uid="5"/>\n'
    '<a:value_object rdf:about="&a;Caf\xe9 model#6" a:e3_has_name="Caf\xe9 cr\xe8me"'
    ' a:e3_has_uid="6"/>\r\n'
    '<a:value_interface rdf:about="&a;Caf\xe9 model#3" a:e3_has_name="vi3" a:e3_has_uid="3"/>\n'
    '<a:value_interface rdf:about="&a;Caf\xe9 model#4" a:e3_has_name="vi4" a:e3_has_uid="4"/>\n'
    '<a:value_offering rdf:about="&a;Caf\xe9 model#7" a:e3_has_name="in" a:e3_has_uid="7">'
    '<a:vo_in_vi rdf:resource="&a;Caf\xe9 model#3"/></a:value_offering>\r\n'
    '<a:value_offering rdf:about="&a;Caf\xe9 model#8" a:e3_has_name="out" a:e3_has_uid="8">'
    '<a:vo_in_vi rdf:resource="&a;Caf\xe9 model#3"/></a:value_offering>\r\n'
    '<a:value_offering rdf:about="&a;Caf\xe9 model#9" a:e3_has_name="in" a:e3_has_uid="9">'
    '<a:vo_in_vi rdf:resource="&a;Caf\xe9 model#4"/></a:value_offering>\n'
    '<a:value_offering rdf:about="&a;Caf\xe9 model#10" a:e3_has_name="out" a:e3_has_uid="10">'
    '<a:vo_in_vi rdf:resource="&a;Caf\xe9 model#4"/></a:value_offering>\n'
    '<a:value_port rdf:about="&a;Caf\xe9 model#11" a:e3_has_formula="VALUATION=3"'
    ' a:e3_has_uid="11"><a:vp_in_vo rdf:resource="&a;Caf\xe9 model#7"/>'
    '<a:vp_requests_offers_vo rdf:resource="&a;Caf\xe9 model#5"/></a:value_port>\r\n'
    '<a:value_port rdf:about="&a;Caf\xe9 model#12" a:e3_has_formula="EXPENSES=1.25"'
    ' a:e3_has_uid="12"><a:vp_in_vo rdf:resource="&a;Caf\xe9 model#8"/>'
    '<a:vp_requests_offers_vo rdf:resource="&a;Caf\xe9 model#6"/></a:value_port>\r\n'
    '<a:value_port rdf:about="&a;Caf\xe9 model#13" a:e3_has_formula="VALUATION=4.5"'
    ' a:e3_has_uid="13"><a:vp_in_vo rdf:resource="&a;Caf\xe9 model#9"/>'
    '<a:vp_requests_offers_vo rdf:resource="&a;Caf\xe9 model#6"/></a:value_port>\n'
    '<a:value_port rdf:about="&a;Caf\xe9 model#14" a:e3_has_formula="VALUATION=3"'
    ' a:e3_has_uid="14"><a:vp_in_vo rdf:resource="&a;Caf\xe9 model#10"/>'
    '<a:vp_requests_offers_vo rdf:resource="&a;Caf\xe9 model#5"/></a:value_port>\n'
    '<a:value_exchange rdf:about="&a;Caf\xe9 model#15" a:e3_has_name="pay" a:e3_has_uid="15">'
    '<a:ve_has_out_po rdf:resource="&a;Caf\xe9 model#14"/>'
    '<a:ve_has_in_po rdf:resource="&a;Caf\xe9 model#11"/></a:value_exchange>\r\n'
    '<a:value_exchange rdf:about="&a;Caf\xe9 model#16" a:e3_has_name="serve" a:e3_has_uid="16">'
    '<a:ve_has_out_po rdf:resource="&a;Caf\xe9 model#12"/>'
    '<a:ve_has_in_po rdf:resource="&a;Caf\xe9 model#13"/></a:value_exchange>\n'
    '<a:start_stimulus rdf:about="&a;Caf\xe9 model#17" a:e3_has_name="Thirst"'
    ' a:e3_has_formula="OCCURRENCES=5" a:e3_has_uid="17">'
    '<a:de_down_ce rdf:resource="&a;Caf\xe9 model#19"/></a:start_stimulus>\r\n'
    '<a:end_stimulus rdf:about="&a;Caf\xe9 model#18" a:e3_has_uid="18"/>\n'
    '<a:connection_element rdf:about="&a;Caf\xe9 model#19" a:e3_has_uid="19">'
    '<a:ce_with_down_de rdf:resource="&a;Caf\xe9 model#4"/></a:connection_element>\r\n'
    '<a:connection_element rdf:about="&a;Caf\xe9 model#20" a:e3_has_uid="20">'
    '<a:ce_with_up_de rdf:resource="&a;Caf\xe9 model#3"/>'
    '<a:ce_with_down_de rdf:resource="&a;Caf\xe9 model#18"/></a:connection_element>\r\n'
    '<a:diagram rdf:about="&a;Caf\xe9 model#21" a:e3_has_name="Caf\xe9 on the corner"/>\n'
    "</rdf:RDF>\r\n"
)


def toolkit_nets() -> dict[str, float]:
    """The net value flows of :data:`TOOLKIT`, by hand.

    Each of 40 drinkers is thirsty 5 times: 200 cups in all. The segment's
    figures are for the whole segment: 40 times e3tools' figure per member.
    """
    cups = 5 * 40
    cafe = cups * 3 - cups * 1.25 - 2
    drinkers = cups * 4.5 - cups * 3 - 40 * 0.25
    return {"café-müller": cafe, "coffee-drinkers": drinkers}


def write(tmp_path: Path, data: str | bytes, name: str = "model.rdf") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------


class TestTransfer:
    def test_both_sides(self) -> None:
        """transfer() gives a contribution from the giver and a value for the receiver."""
        contribution, value = transfer("a", "b", Resource.TECHNOLOGY, 4, description="chips")
        link = "a to b: technology"
        assert contribution == Contribution(
            "a",
            Resource.TECHNOLOGY,
            target="b",
            cost=4,
            description="chips",
            exchange=True,
            link=link,
        )
        assert value == Value(
            "b", 4, provider="a", kind=ValueKind.OTHER, description="chips", link=link
        )

    def test_received_differs(self) -> None:
        """received= sets what the receiver gets, apart from what the giver pays."""
        _, value = transfer("a", "b", "product", 4, received=-1.5)
        assert value.amount == -1.5

    def test_money_is_revenue(self) -> None:
        """A transfer of capital, given as an enum or a word, is revenue for the receiver."""
        assert transfer("a", "b", Resource.CAPITAL, 1)[1].kind is ValueKind.REVENUE
        assert transfer("a", "b", "Capital", 1)[1].kind is ValueKind.REVENUE
        assert transfer("a", "b", "data", 1)[1].kind is ValueKind.OTHER

    def test_stakeholders_accepted(self) -> None:
        """Stakeholder objects stand for their ids."""
        a, b = Stakeholder("a", "firm"), Stakeholder("b", "customer")
        contribution, value = transfer(a, b, "capital", 2)
        assert (contribution.source, contribution.target) == ("a", "b")
        assert (value.beneficiary, value.provider) == ("b", "a")

    @pytest.mark.parametrize(
        ("arguments", "keywords", "paths"),
        [
            (("a", "a", "capital", 1), {}, ["contribution.target"]),
            (("a", "b", "money", 1), {}, ["contribution.resource"]),
            (("a", "b", "capital", -1), {}, ["contribution.cost", "value.amount"][:1]),
            (("a", "b", "capital", math.inf), {}, ["contribution.cost", "value.amount"]),
            (("a", "b", "capital", 1), {"received": "x"}, ["value.amount"]),
            ((["a"], "b", "capital", 1), {}, ["contribution.source", "value.provider"]),
            (("a", "b", "capital", 1), {"description": 3}, ["contribution.description"]),
        ],
    )
    def test_bad_arguments(
        self, arguments: tuple[Any, ...], keywords: dict[str, Any], paths: list[str]
    ) -> None:
        """Bad arguments raise InvalidModelError with every fault, under contribution. or value."""
        with pytest.raises(InvalidModelError) as caught:
            transfer(*arguments, **keywords)
        found = [fault.path for fault in caught.value.faults]
        for path in paths:
            assert path in found

    @settings(max_examples=60, deadline=None)
    @given(
        initiatives(min_stakeholders=2),
        st.data(),
        st.floats(0, 1e6),
        st.none() | st.floats(-1e6, 1e6),
    )
    def test_net_values_move_by_the_amounts(
        self, initiative: Initiative, data: st.DataObject, amount: float, received: float | None
    ) -> None:
        """The giver's net value drops by amount, the receiver's rises by received."""
        ids = sorted(initiative.stakeholder_ids)
        giver = data.draw(st.sampled_from(ids))
        receiver = data.draw(st.sampled_from([i for i in ids if i != giver]))
        contribution, value = transfer(giver, receiver, "capital", amount, received=received)
        after = initiative.evolve(
            contributions=(*initiative.contributions, contribution),
            values=(*initiative.values, value),
        )
        gained = amount if received is None else received
        drop = net_value(initiative, giver) - net_value(after, giver)
        rise = net_value(after, receiver) - net_value(initiative, receiver)
        assert math.isclose(drop, amount, rel_tol=1e-9, abs_tol=1e-6)
        assert math.isclose(rise, gained, rel_tol=1e-9, abs_tol=1e-6)
        others = set(ids) - {giver, receiver}
        assert all(net_value(after, o) == net_value(initiative, o) for o in others)


class TestFromE3value:
    # -- the net value flows --------------------------------------------

    @pytest.mark.parametrize("layout", ["typed", "description"])
    @pytest.mark.parametrize("hyphens", [False, True])
    @pytest.mark.parametrize("links", ["forward", "backward", "both"])
    def test_spellings_and_layouts(self, layout: str, hyphens: bool, links: str) -> None:
        """Both spellings and both layouts, with links either way, read as the same model."""
        text = sale().xml(layout=layout, hyphens=hyphens, links=links)
        initiative = from_e3value(text, focal="Shop")
        assert_nets(initiative, sale_nets(Sale()))
        assert initiative == e3(sale())

    def test_sale_by_hand(self) -> None:
        """The shop and reader get e3tools' net value flows; the figures are worked out here."""
        figures = Sale(occurrences=3, price=12, cardinality=2)
        initiative = e3(sale(figures))
        # The shop: 3 times (12 - 1), less 3 times 2 books at 7, less 5 invested: -14.
        # The reader: 3 times 2 books worth 20, less 3 times 12.5 paid: 82.5.
        assert_nets(initiative, {"shop": -14.0, "reader": 82.5})
        assert_nets(initiative, sale_nets(figures))

    def test_transfers(self) -> None:
        """Each exchange is a contribution from the out-port's actor plus a value for the other."""
        initiative = e3(sale())
        money = [c for c in initiative.contributions if c.resource is Resource.CAPITAL]
        assert [(c.source, c.target, c.cost) for c in money] == [("reader", "shop", 3 * 12.5)]
        paid = [v for v in initiative.values if v.kind is ValueKind.REVENUE]
        assert [(v.beneficiary, v.provider, v.amount) for v in paid] == [("shop", "reader", 33.0)]
        book = [c for c in initiative.contributions if c.resource is Resource.PRODUCT]
        assert [(c.source, c.target, c.cost) for c in book] == [("shop", "reader", 21.0)]

    def test_actor_expenses_are_a_negative_value(self) -> None:
        """An actor's INVESTMENT is a negative value from nobody, not a contribution."""
        initiative = e3(sale())
        own = [v for v in initiative.values if v.provider is None]
        assert [(v.beneficiary, v.amount) for v in own] == [("shop", -5.0)]
        assert "INVESTMENT" in own[0].description

    def test_expenses_alone_make_no_contributor(self) -> None:
        """An actor with expenses that gives nothing is no contributor."""
        model = sale()
        model.actor("Landlord", "EXPENSES=3", "INTEREST=1", "INVESTMENT=2")
        initiative = e3(model)
        assert "landlord" not in initiative.contributors
        assert net_value(initiative, "landlord") == -6.0

    def test_market_segment(self) -> None:
        """A segment's amounts are for the whole segment; its stimulus fires per member."""
        model = E3()
        shop = model.actor("Shop")
        readers = model.segment("Readers", 250, "EXPENSES=2")
        money, book = model.object("MONEY"), model.object("Book")
        at_shop, at_readers = model.interface(shop), model.interface(readers)
        model.trade(at_readers, at_shop, money, ("VALUATION=12",), ("VALUATION=12",))
        model.trade(at_shop, at_readers, book, ("EXPENSES=7",), ("VALUATION=20",))
        model.start(4, at_readers)
        model.end(at_shop)
        initiative = e3(model)
        books = 4 * 250  # 4 per member, 250 members
        assert_nets(
            initiative,
            {"shop": books * 12 - books * 7, "readers": books * 20 - books * 12 - 250 * 2},
        )
        assert initiative.stakeholder("readers").role is Role.CUSTOMER
        assert initiative.stakeholder("shop").role is Role.FIRM

    def test_market_segment_entered_from_outside(self) -> None:
        """An occurrence entering a segment is divided among its members, then multiplied."""
        model = E3()
        shop, printer = model.actor("Shop"), model.actor("Printer")
        readers = model.segment("Readers", 8)
        money = model.object("MONEY")
        at_shop = model.interface(shop)
        a, b = model.interface(readers), model.interface(readers)
        model.trade(at_shop, a, money, ("VALUATION=1",), ("VALUATION=1",))
        model.start(16, at_shop)
        model.connect(a, b)
        at_printer = model.interface(printer)
        model.trade(b, at_printer, money, ("VALUATION=3",), ("VALUATION=3",))
        model.end(at_printer)
        # 16 occurrences reach the segment: 2 per member, 16 in all leave it.
        assert_nets(e3(model), {"shop": -16.0, "readers": 16 - 48.0, "printer": 48.0})

    def test_or_fork(self) -> None:
        """An OR fork splits the occurrences by its branches' fractions."""
        initiative = e3(supply_chain("OR", (1, 3)))
        # 8 sales: 8 * 1/4 = 2 go to printer one (fee 2), 6 to printer two (fee 3).
        assert_nets(
            initiative,
            {"shop": 80 - 2 * 2 - 6 * 3, "reader": -80.0, "printer-one": 4.0, "printer-two": 18.0},
        )

    def test_and_fork(self) -> None:
        """An AND fork multiplies the occurrences by each branch's fraction."""
        initiative = e3(supply_chain("AND", (1, 2)))
        # 8 sales: printer one is paid 8 times 2, printer two 16 times 3.
        assert_nets(
            initiative,
            {"shop": 80 - 16 - 48, "reader": -80.0, "printer-one": 16.0, "printer-two": 48.0},
        )

    def test_and_join_takes_the_least(self) -> None:
        """An AND join passes on the least of what reaches it."""
        model = E3()
        shop, reader, courier = model.actor("Shop"), model.actor("Reader"), model.actor("Courier")
        money = model.object("MONEY")
        at_reader, at_shop = model.interface(reader), model.interface(shop)
        model.trade(at_reader, at_shop, money, ("VALUATION=10",), ("VALUATION=10",))
        model.start(6, at_reader)
        fork, join = model.add("e3value_AND"), model.add("e3value_AND")
        model.connect(at_shop, fork)
        model.connect(fork, join, 1)
        model.connect(fork, join, 3)
        shipping, delivering = model.interface(shop), model.interface(courier)
        model.trade(shipping, delivering, money, ("VALUATION=2",), ("VALUATION=2",))
        model.connect(join, shipping)
        model.end(delivering)
        # 6 and 18 reach the join; 6 pass.
        assert_nets(e3(model), {"shop": 60 - 12.0, "reader": -60.0, "courier": 12.0})

    def test_two_start_stimuli_add_up(self) -> None:
        """Several start stimuli add up, also where they reach the same interface."""
        model = sale()
        model.start(4, model.tags["at_reader"])
        assert_nets(e3(model), sale_nets(Sale(occurrences=3 + 4)))

    def test_stimuli_on_separate_paths(self) -> None:
        """Two stimuli on separate paths each count for their own exchanges."""
        model = supply_chain("OR", (1, 1), occurrences=2)
        writer, shop = model.actor("Writer"), model.tags["shop"]
        money = model.object("MONEY")
        selling, buying = model.interface(writer), model.interface(shop)
        model.trade(buying, selling, money, ("VALUATION=5",), ("VALUATION=5",))
        model.start(3, buying)
        model.end(selling)
        initiative = e3(model)
        assert net_value(initiative, "writer") == 15.0
        assert net_value(initiative, "shop") == 20 - 2 - 3 - 15.0

    def test_formula_references(self) -> None:
        """Formulas refer to other elements by uid and by name, and to their own attributes."""
        model = E3()
        shop, reader = model.actor("Shop"), model.actor("Reader")
        money = model.object("MONEY")
        book = model.add("value_object", "Book", "WEIGHT=0.5")
        at_reader, at_shop = model.interface(reader), model.interface(shop)
        stimulus = model.start("2 * 3", at_reader)
        model.end(at_shop)
        base = model.add("value_object", "pricing", "PRICE=(4 + 2) * -(-2)")
        model.trade(
            at_reader,
            at_shop,
            money,
            (f"VALUATION=e3{{#{base}.PRICE}}",),
            ("VALUATION=e3{'pricing'.PRICE} - e3{FEE}", "FEE=e3{'Book'.WEIGHT} * 2"),
        )
        model.trade(
            at_shop,
            at_reader,
            book,
            (f"EXPENSES=e3{{ValuePort('Book').WEIGHT}} + e3{{#{stimulus}.OCCURRENCES}} / 6",),
            ("VALUATION=+20",),
        )
        # 6 sales; the reader pays 12; the shop keeps 12 - 1; a book costs the shop 1.5.
        assert_nets(e3(model), {"shop": 6 * 11 - 6 * 1.5, "reader": 6 * 20 - 6 * 12.0})

    def test_formula_sees_the_computed_occurrences(self) -> None:
        """A reference to an interface's OCCURRENCES gets what flowed there, as in e3tools."""
        model = sale()
        model.actor("Author", f"INTEREST=-e3{{#{model.tags['at_reader']}.OCCURRENCES}}")
        assert net_value(e3(model), "author") == 3.0

    def test_empty_formula_is_zero(self) -> None:
        """An attribute the editor left empty counts as 0."""
        model = sale()
        model.actor("Author", "EXPENSES=", "INVESTMENT=  ")
        assert net_value(e3(model), "author") == 0.0

    def test_cardinality(self) -> None:
        """CARDINALITY multiplies both sides of an exchange."""
        assert_nets(e3(sale(Sale(cardinality=3))), sale_nets(Sale(cardinality=3)))

    def test_negative_valuation(self) -> None:
        """Giving something worth less than nothing is a free contribution and a gain."""
        figures = Sale(book_cost=-2, book_value=-1)
        initiative = e3(sale(figures))
        assert_nets(initiative, sale_nets(figures))
        assert all(c.cost >= 0 for c in initiative.contributions)

    def test_iso_8859_1_toolkit_file(self, tmp_path: Path) -> None:
        """A toolkit file in ISO-8859-1, with a DTD of namespace entities and mixed line ends."""
        path = write(tmp_path, TOOLKIT.encode("iso-8859-1"))
        initiative = from_e3value(path, focal="Café Müller")
        assert_nets(initiative, toolkit_nets())
        assert initiative.name == "Café on the corner"
        assert initiative.stakeholder("coffee-drinkers").name == "Coffee\ndrinkers"
        served = [c for c in initiative.contributions if c.source == "café-müller"]
        assert [c.description for c in served] == [
            "value object 'Café crème' over e3value exchange 'serve'"
        ]

    def test_text_bytes_and_paths(self, tmp_path: Path) -> None:
        """Text, bytes, a str path and a PathLike all read the same."""
        path = write(tmp_path, TOOLKIT.encode("iso-8859-1"))
        read = [
            from_e3value(source, focal="Café Müller")
            for source in (TOOLKIT, TOOLKIT.encode("iso-8859-1"), str(path), path)
        ]
        assert read[0] == read[1]
        assert read[2] == read[3]
        assert nets(read[0]) == nets(read[2])

    def test_utf8_and_bom(self) -> None:
        """UTF-8 (with or without a byte order mark) and UTF-16 are read too."""
        text = TOOLKIT.replace("ISO-8859-1", "UTF-8")
        expected = from_e3value(TOOLKIT, focal="Café Müller")
        for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
            assert from_e3value(data, focal="Café Müller") == expected

    def test_rdf_xml_forms(self) -> None:
        """rdf:ID, rdf:nodeID, xml:base, nested and blank nodes, and other vocabularies are read."""
        text = f"""<rdf:RDF xmlns:rdf="{RDF}" xmlns:a="{NS}"
          xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xml:base="http://example.org/shop">
        <a:actor rdf:ID="shop" a:e3_has_name="Shop" rdfs:label="ignored">
          <rdfs:comment rdf:parseType="Literal"><b>not read</b></rdfs:comment>
          <a:ac_has_vi><a:value_interface rdf:nodeID="at-shop"/></a:ac_has_vi>
        </a:actor>
        <rdf:Description rdf:about="#reader" rdf:type="{NS}elementary-actor">
          <a:e3-has-name>Reader</a:e3-has-name>
          <a:ac-has-vi rdf:nodeID="at-reader"/>
        </rdf:Description>
        <a:value_object rdf:about="#money" a:e3_has_name="MONEY"/>
        <rdf:Description rdf:about="#note"><rdfs:label>no e3value type</rdfs:label>
        </rdf:Description>
        <a:value_port rdf:about="#give" a:e3_has_formula="VALUATION=12">
          <a:vp_requests_offers_vo rdf:resource="#money"/>
          <a:vp_in_vo><a:value_offering a:e3_has_name="out">
            <a:vo_in_vi rdf:nodeID="at-reader"/></a:value_offering></a:vp_in_vo>
        </a:value_port>
        <a:value_port rdf:about="#get" a:e3_has_formula="VALUATION=12">
          <a:vp_requests_offers_vo rdf:resource="#money"/>
          <a:vp_in_vo><a:value_offering a:e3_has_name="in">
            <a:vo_in_vi rdf:nodeID="at-shop"/></a:value_offering></a:vp_in_vo>
        </a:value_port>
        <rdf:Description rdf:nodeID="at-shop"><rdf:type rdf:resource="{NS}value_interface"/>
        </rdf:Description>
        <a:value_interface rdf:nodeID="at-reader"/>
        <a:value_exchange rdf:about="#pay">
          <a:ve_has_out_po rdf:resource="#give"/><a:ve_has_in_po rdf:resource="#get"/>
        </a:value_exchange>
        <a:start_stimulus rdf:about="#need" a:e3_has_formula="OCCURRENCES=4">
          <a:de_down_ce><a:connection_element>
            <a:ce_with_down_de rdf:nodeID="at-reader"/></a:connection_element></a:de_down_ce>
        </a:start_stimulus>
        </rdf:RDF>"""
        initiative = from_e3value(text, focal="Shop")
        assert_nets(initiative, {"shop": 48.0, "reader": -48.0})
        assert initiative.name == "shop"

    def test_composite_actor(self) -> None:
        """A composite actor is no stakeholder; its actors' inner ports count, as in e3tools."""
        model = E3()
        reader, shop = model.actor("Reader"), model.actor("Shop")
        alliance = model.add("composite_actor", "Book alliance")
        money = model.object("MONEY")
        at_reader, outer, inner = (
            model.interface(reader),
            model.interface(alliance),
            model.interface(shop),
        )
        model.trade(at_reader, outer, money, ("VALUATION=10",), ("VALUATION=10",))
        through = model.port(outer, "in", money)
        mine = model.port(inner, "in", money, "VALUATION=9")
        model.exchange(through, mine, inner=True)
        book = model.object("Book")
        made = model.port(inner, "out", book, "VALUATION=4", "EXPENSES=99")
        sold = model.port(outer, "out", book)
        model.exchange(made, sold, inner=True)
        model.exchange(sold, model.port(at_reader, "in", book, "VALUATION=15"))
        model.start(2, at_reader)
        model.end(inner)
        initiative = e3(model)
        # Inner ports count their VALUATION only: the shop gets 9 and pays 4 a time.
        assert_nets(initiative, {"reader": 2 * (15 - 10.0), "shop": 2 * (9 - 4.0)})
        paid = next(c for c in initiative.contributions if c.source == "reader")
        assert paid.target is None
        got = next(v for v in initiative.values if v.beneficiary == "reader")
        assert got.provider is None
        with pytest.raises(InvalidModelError, match="composite actor"):
            e3(model, focal="Book alliance")

    def test_value_activity(self) -> None:
        """A value activity's ports count for no one, as in e3tools; its performer is named."""
        model = E3()
        reader, shop = model.actor("Reader"), model.actor("Shop")
        printing = model.add("value_activity", "Printing")
        model.link(printing, "va_performed_by_el", shop)
        money = model.object("MONEY")
        at_reader, at_printing = model.interface(reader), model.interface(printing)
        model.trade(at_reader, at_printing, money, ("VALUATION=4",), ("VALUATION=4",))
        model.start(5, at_reader)
        model.end(at_printing)
        initiative = e3(model)
        assert_nets(initiative, {"reader": -20.0, "shop": 0.0})
        paid = next(c for c in initiative.contributions if c.source == "reader")
        assert paid.target == "shop"

    def test_unconnected_port(self) -> None:
        """A port on no exchange still counts its VALUATION, as e3tools counts it."""
        model = sale()
        model.port(model.tags["at_shop"], "in", None, "VALUATION=2")
        model.port(model.tags["at_shop"], "out", None, "VALUATION=0.5")
        model.port(model.tags["at_reader"], "out", None, "VALUATION=0")
        expected = sale_nets(Sale())
        expected["shop"] += 3 * 2 - 3 * 0.5
        initiative = e3(model)
        assert_nets(initiative, expected)
        loose = [
            c for c in initiative.contributions if "connected to no value exchange" in c.description
        ]
        assert [(c.source, c.target, c.cost) for c in loose] == [("shop", None, 1.5)]

    def test_hidden_exchange(self) -> None:
        """An exchange e3fraud marks hidden (DOTTED) is left out of the expected model."""
        model = sale()
        model.element(model.tags["delivery"]).formulas.append("DOTTED=1")
        assert_nets(e3(model), {"shop": 3 * 11 - 5, "reader": -3 * 12.5})

    # -- stakeholders, roles and resources --------------------------------

    def test_ids(self) -> None:
        """Ids are slugs of names; a collision goes to the later URI, skipping taken ids."""
        model = sale()
        for name in ("Shop!", "shop 2", "SHOP"):
            model.actor(name)
        initiative = e3(model)
        names = {s.id: s.name for s in initiative.stakeholders}
        assert names == {
            "shop": "Shop",
            "shop-3": "Shop!",
            "shop-2": "shop 2",
            "shop-4": "SHOP",
            "reader": "Reader",
        }

    @given(st.integers(0, 2**32))
    @settings(max_examples=25, deadline=None)
    def test_order_of_elements(self, seed: int) -> None:
        """The order of the elements in the file changes nothing."""
        model = supply_chain("OR", (1, 3))
        for name in ("shop", "SHOP", "Shop!"):
            model.actor(name)
        shuffled = from_e3value(model.xml(seed=seed), focal="Shop")
        assert shuffled == e3(model)
        assert dumps(shuffled) == dumps(e3(model))

    def test_roles(self) -> None:
        """roles= sets roles by name, and that can change the classification."""
        plain = e3(sale())
        # A sale is no joint work: the reader's money is an exchange.
        assert classify(plain).kind is Kind.UNCLASSIFIED
        assert all(c.exchange for c in plain.contributions if c.resource is Resource.CAPITAL)
        as_customer = e3(sale(), roles={"Reader": Role.CUSTOMER})
        assert as_customer.stakeholder("reader").role is Role.CUSTOMER
        assert classify(as_customer).kind is Kind.UNCLASSIFIED
        by_word = e3(sale(), roles={"reader": "customer"})
        assert by_word == as_customer

    def test_roles_make_co_creation(self) -> None:
        """With a partner that gains and customers that gain, the model reads as co-creation."""
        model = supply_chain("AND", (1, 1))
        initiative = e3(model, roles={"Reader": "customer", "Printer One": "partner"})
        assert classify(initiative).kind is not Kind.CO_CREATION  # the reader only pays
        # Give the reader a book worth more than its price: everyone wins.
        book = model.object("Book")
        model.trade(model.tags["at_shop"], model.tags["at_reader"], book, (), ("VALUATION=15",))
        initiative = e3(model, roles={"Reader": "customer", "Printer One": "partner"})
        assert net_value(initiative, "reader") > 0
        assert classify(initiative).kind is Kind.CO_CREATION

    def test_resources(self) -> None:
        """MONEY and MONEY-... are capital, others products; resources= overrides by name."""
        model = sale()
        euro = model.object("Money-EUR")
        model.trade(model.tags["at_reader"], model.tags["at_shop"], euro, ("VALUATION=1",), ())
        initiative = e3(model)
        kinds = {c.description.split("'")[1]: c.resource for c in initiative.contributions}
        assert kinds == {
            "MONEY": Resource.CAPITAL,
            "Book": Resource.PRODUCT,
            "Money-EUR": Resource.CAPITAL,
        }
        changed = e3(model, resources={"Book": Resource.DESIGN, "MONEY": "data"})
        kinds = {c.description.split("'")[1]: c.resource for c in changed.contributions}
        assert kinds == {
            "MONEY": Resource.DATA,
            "Book": Resource.DESIGN,
            "Money-EUR": Resource.CAPITAL,
        }

    def test_no_value_object(self) -> None:
        """A port with no value object is a product, and the description says so."""
        model = sale()
        model.trade(model.tags["at_shop"], model.tags["at_reader"], None, ("EXPENSES=1",), ())
        initiative = e3(model)
        noted = [c for c in initiative.contributions if "no value object" in c.description]
        assert [c.resource for c in noted] == [Resource.PRODUCT]
        assert "read as product" in noted[0].description

    def test_focal_by_id_and_by_spacing(self) -> None:
        """The focal actor may be given by id, or by name with other spacing."""
        model = sale()
        model.actor("Book  printer\nand binder")
        assert e3(model, focal="shop").focal == "shop"
        assert e3(model, focal="Book printer and binder").focal == "book-printer-and-binder"

    @pytest.mark.parametrize(
        ("keywords", "message"),
        [
            ({"focal": "Nobody"}, "focal: 'Nobody' names no actor or market segment"),
            ({"focal": "Reader", "roles": {"Reader": "customer"}}, "must be an organization"),
            ({"roles": {"Readers": "customer"}}, "roles['Readers']: 'Readers' names no actor"),
            ({"roles": {"Reader": "buyer"}}, "roles['Reader']: must be a Role"),
            ({"roles": {"Reader": 3}}, "roles['Reader']: must be a Role .* got 3"),
            ({"roles": {3: "firm"}}, "must be the name of an actor"),
            ({"resources": {"Books": "design"}}, "names no value object; they are 'Book'"),
            ({"resources": {"Book": "paper"}}, "resources['Book']: must be a Resource"),
        ],
    )
    def test_bad_options(self, keywords: dict[str, Any], message: str) -> None:
        """Names that match nothing, and words that are no role or resource, are faults."""
        keywords.setdefault("focal", "Shop")
        with pytest.raises(
            InvalidModelError, match=message.replace("[", r"\[").replace("(", r"\(")
        ):
            from_e3value(sale().xml(), **keywords)

    def test_ambiguous_focal(self) -> None:
        """A name that several actors share is refused, listing their ids."""
        model = sale()
        model.actor("Shop")
        with pytest.raises(
            InvalidModelError, match="names 2 actors; give one of the ids 'shop', 'shop-2'"
        ):
            e3(model)
        assert e3(model, focal="shop-2").focal == "shop-2"

    @pytest.mark.parametrize(
        "arguments",
        [
            {"source": 3},
            {"focal": None},
            {"roles": ["Shop"]},
            {"resources": "MONEY"},
            {"max_bytes": 0},
            {"max_bytes": True},
            {"max_bytes": 1.5},
        ],
    )
    def test_wrong_types(self, arguments: dict[str, Any]) -> None:
        """Arguments of the wrong type raise CocreateError."""
        call: dict[str, Any] = {"source": sale().xml(), "focal": "Shop", **arguments}
        source = call.pop("source")
        with pytest.raises(CocreateError):
            from_e3value(source, **call)

    def test_round_trip(self) -> None:
        """What is read can be written and read back as JSON."""
        initiative = from_e3value(TOOLKIT, focal="Café Müller")
        assert loads(dumps(initiative)) == initiative

    # -- bad input ------------------------------------------------------

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("<rdf:RDF", "not well-formed XML"),
            ("<a><b></a>", "not well-formed XML"),
            ("<root/>", "not RDF/XML: the root element is <root>"),
            (f'<rdf:RDF xmlns:rdf="{RDF}"/>', "describes no e3value actor or market segment"),
        ],
    )
    def test_not_e3value(self, text: str, message: str) -> None:
        """Malformed XML, other XML and empty RDF are refused with a FormatError."""
        with pytest.raises(FormatError, match=message):
            from_e3value(text, focal="Shop")

    def fault(self, model: E3 | str, focal: str = "Shop") -> list[str]:
        text = model if isinstance(model, str) else model.xml()
        with pytest.raises(FormatError) as caught:
            from_e3value(text, focal=focal)
        return [str(fault) for fault in caught.value.faults]

    def test_missing_parts(self) -> None:
        """Ports, offerings, exchanges, stimuli and connections missing parts are faults."""
        model = sale()
        model.add("value_port", "loose")
        model.add("value_exchange", "half")
        model.link(model.add("value_exchange", "one-sided"), "ve_has_out_po", "loose")
        model.add("start_stimulus", "idle", "OCCURRENCES=1")
        model.add("connection_element", "dangling")
        nameless = model.add("elementary_actor")
        faults = self.fault(model)
        assert "loose: value port has no value offering" in faults
        assert any(f.startswith("half: value exchange needs one out-port") for f in faults)
        assert "idle: start stimulus is connected to nothing below it" in faults
        assert "dangling: connection element has no upper end" in faults
        assert f"#{nameless}: actor has no name (e3_has_name)" in faults

    def test_start_without_occurrences(self) -> None:
        """A start stimulus needs an OCCURRENCES formula."""
        model = sale()
        for element in model.elements:
            if element.kind == "start_stimulus":
                element.formulas.clear()
        need = model.element(model.tags["start"]).name
        assert self.fault(model) == [f"{need}: start stimulus has no OCCURRENCES formula"]

    def test_dangling_reference(self) -> None:
        """A link to an element the file does not describe is a fault, named."""
        model = sale()
        port = model.port(model.tags["at_reader"], "out", model.tags["money"])
        model.link(port, "vp_requests_offers_vo", "99")
        model.link(model.tags["at_reader"], "vi_assigned_to_ac", model.tags["money"])
        faults = self.fault(model)
        name = model.element(port).name
        assert (
            f"{name}: value port refers to '{BASE}#99', which the file does not describe" in faults
        )
        interface = model.element(model.tags["at_reader"]).name
        assert f"{interface}: value interface is linked to value object 'MONEY'" in faults

    def test_typed_twice(self) -> None:
        """An element typed both as an actor and a market segment is a fault."""
        text = (
            sale()
            .xml(layout="description")
            .replace(
                f'<rdf:type rdf:resource="{NS}elementary_actor"/>',
                f'<rdf:type rdf:resource="{NS}elementary_actor"/>'
                f'<rdf:type rdf:resource="{NS}market_segment"/>',
                1,
            )
        )
        assert self.fault(text) == ["Shop: is typed both as actor and market segment"]

    @pytest.mark.parametrize(
        ("formula", "message"),
        [
            ("VALUATION=abc", "unexpected 'abc' at position 1"),
            ("VALUATION=*2", "unexpected '*' where a number or reference is expected"),
            ("VALUATION=e3{#1.NOPE}", "refers to #1.NOPE, which that element does not define"),
            ("VALUATION=e3{NOPE}", "refers to NOPE, which that element does not define"),
            ("VALUATION=1 +", "the expression ends where a number or reference is expected"),
            ("VALUATION=(1", "a '(' is not closed"),
            ("VALUATION=1 2", "unexpected 2.0 after the end of the expression"),
            ("VALUATION=IF(1,2,3)", "unexpected 'IF(1,2,3)'"),
            ("VALUATION=__import__('os')", "unexpected"),
            ("VALUATION=e3{'a'.}", "cannot read the reference"),
            ("VALUATION=" + "(" * 60 + "1" + ")" * 60, "parentheses nest more than 50 deep"),
            ("VALUATION=1/0", "divides by zero"),
            ("VALUATION=1e308*10", "gives inf, not a finite number"),
            ("VALUATION=e3{#999.X}", "refers to #999, which no element of the model is"),
            ("VALUATION=e3{'Nobody'.X}", "refers to 'Nobody', which no element of the model is"),
            ("VALUATION=e3{'in'.X}", "which 2 elements are; refer to one by its uid"),
            (
                "VALUATION=e3{'Book'.PRICE}",
                "refers to 'Book'.PRICE, which that element does not define",
            ),
            ("VALUATION=e3{VALUATION}", "refers back to itself (VALUATION -> VALUATION)"),
            ("no equals sign", "is not ATTRIBUTE=expression"),
        ],
    )
    def test_bad_formulas(self, formula: str, message: str) -> None:
        """A formula that cannot be evaluated is a fault naming the element and the formula."""
        model = sale()
        model.element(model.tags["book"]).formulas.append(formula)
        faults = self.fault(model)
        assert len(faults) == 1
        assert faults[0].startswith("Book: value object ")
        assert message in faults[0]

    def test_reference_cycle(self) -> None:
        """References that go round in a cycle are reported, not followed for ever."""
        model = sale()
        model.element(model.tags["money"]).formulas.append("A=e3{'Book'.B} + 1")
        model.element(model.tags["book"]).formulas.append("B=e3{'MONEY'.A} * 2")
        faults = self.fault(model)
        assert len(faults) == 2
        assert all("refers back to itself (" in f for f in faults)

    def test_failure_reported_once(self) -> None:
        """A formula that fails is reported; formulas that refer to it are not reported again."""
        model = sale()
        model.element(model.tags["book"]).formulas += ["A=1/0", "B=e3{A} + 1", "C=e3{B}"]
        assert self.fault(model) == ["Book: value object formula 'A=1/0' divides by zero"]

    def test_too_many_occurrences(self) -> None:
        """Occurrences or amounts beyond what a float holds are faults, not infinities."""
        model = sale(Sale(occurrences=1e300, price=1e10))
        with pytest.raises(FormatError, match="is inf, not a finite number"):
            e3(model)
        model = E3()
        shop, readers = model.actor("Shop"), model.segment("Readers", 1e10)
        at_shop, at_readers = model.interface(shop), model.interface(readers)
        model.trade(at_readers, at_shop, None, ("VALUATION=1",), ("VALUATION=1",))
        model.start(1e300, at_readers)
        name = model.element(at_shop).name
        assert self.fault(model) == [
            f"{name}: value interface fires more often than a float can count"
        ]

    def test_several_links(self) -> None:
        """A port in two offerings is a fault that names both."""
        model = sale()
        port = model.port(model.tags["at_shop"], "in", None)
        model.link(port, "vp_in_vo", model.offerings[model.tags["at_reader"]][0])
        (fault,) = self.fault(model)
        assert fault.startswith(
            f"{model.element(port).name}: value port has 2 value offerings ('in', 'in')"
        )

    def test_long_reference_chain(self) -> None:
        """A chain of thousands of references is evaluated without recursion."""
        model = sale()
        first = model.actor("Chain", "EXPENSES=e3{X0}")
        chain = model.element(first)
        chain.formulas += [f"X{i}=e3{{X{i + 1}}} + 1" for i in range(3000)] + ["X3000=0"]
        assert net_value(e3(model), "chain") == -3000.0

    def test_conflicting_formulas(self) -> None:
        """An attribute given twice with different formulas is a fault; the same twice is fine."""
        model = sale()
        model.element(model.tags["book"]).formulas += ["W=1", "W = 1", "W=2"]
        assert self.fault(model) == ["Book: value object gives W twice: 'W=1' and 'W=2'"]

    def test_negative_counts(self) -> None:
        """Negative OCCURRENCES or COUNT, and bad fractions, are faults."""
        model = supply_chain("OR", (0, 0))
        fork = model.tags["fork"]
        assert self.fault(model) == [
            f"#{fork}: OR element has branches whose fractions add up to 0"
        ]
        model = sale(Sale(occurrences=-1))
        need = model.element(model.tags["start"]).name
        assert self.fault(model) == [
            f"{need}: start stimulus has OCCURRENCES -1; it must be 0 or more"
        ]
        model = sale()
        model.segment("Nobody", -2)
        assert self.fault(model) == ["Nobody: market segment has COUNT -2; it must be 0 or more"]
        model = supply_chain("OR", (1, 1))
        model.elements[-1].literals["up_fraction"] = "half"
        assert any("up_fraction 'half'" in f for f in self.fault(model))

    def test_path_loop(self) -> None:
        """A dependency path that loops back is a fault, not a hang."""
        model = E3()
        shop, reader = model.actor("Shop"), model.actor("Reader")
        money = model.object("MONEY")
        a, b = model.interface(reader), model.interface(shop)
        model.trade(a, b, money, ("VALUATION=1",), ("VALUATION=1",))
        model.start(1, a)
        gate = model.add("e3value_OR")
        model.connect(b, gate)
        loop = model.connect(gate, gate)
        assert self.fault(model) == [
            f"#{loop}: connection element is on a dependency path that loops back on itself"
        ]

    def test_wrong_path_ends(self) -> None:
        """A connection element may not start below an end stimulus nor end in a start stimulus."""
        model = sale()
        ce = model.connect(model.tags["end"], model.tags["start"])
        assert self.fault(model) == [
            f"#{ce}: connection element runs from below an end stimulus or into a start stimulus"
        ]

    def test_encodings(self) -> None:
        """Undecodable bytes and unknown encodings are FormatErrors."""
        with pytest.raises(FormatError, match="not UTF-8: byte 0xe9 at offset"):
            from_e3value(TOOLKIT.replace("ISO-8859-1", "UTF-8").encode("latin-1"), focal="x")
        with pytest.raises(FormatError, match="unknown encoding 'klingon'"):
            from_e3value(TOOLKIT.replace("ISO-8859-1", "klingon").encode("latin-1"), focal="x")
        with pytest.raises(FormatError, match="'rot13', which is not a text encoding"):
            from_e3value(TOOLKIT.replace("ISO-8859-1", "rot13").encode("latin-1"), focal="x")

    def test_unreadable_paths(self, tmp_path: Path) -> None:
        """A missing file or a directory is a FormatError saying why."""
        with pytest.raises(FormatError, match="cannot read the file: No such file"):
            from_e3value(tmp_path / "missing.rdf", focal="Shop")
        with pytest.raises(FormatError, match="cannot read the file"):
            from_e3value(str(tmp_path), focal="Shop")

    # -- hostile input --------------------------------------------------

    def test_size_limit(self, tmp_path: Path) -> None:
        """Input over the size limit is refused before it is parsed, whatever form it takes."""
        text = sale().xml()
        limit = len(text) - 1
        for source in (text, text.encode(), write(tmp_path, text)):
            with pytest.raises(FormatError, match=f"more than the limit of {limit}"):
                from_e3value(source, focal="Shop", max_bytes=limit)
        assert from_e3value(text, focal="Shop", max_bytes=len(text)) == e3(sale())

    def test_large_file_is_not_read_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file is read only up to the limit (and one byte), never whole."""
        path = write(tmp_path, b"<" + b" " * 10_000)
        sizes: list[int] = []
        real_open = open

        class Spy:
            # The one reader of cocreate._formats.files opens every file, by its descriptor.
            def __init__(self, descriptor: int, mode: str, **options: Any) -> None:
                self.handle = real_open(descriptor, mode, **options)

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *exception: object) -> None:
                self.handle.close()

            def fileno(self) -> int:
                return self.handle.fileno()

            def read(self, size: int = -1) -> bytes:
                sizes.append(size)
                data: bytes = self.handle.read(size)
                return data

        def spy(descriptor: int, mode: str, **options: Any) -> Spy:
            assert mode == "rb"
            return Spy(descriptor, mode, **options)

        monkeypatch.setattr("cocreate._formats.files.open", spy, raising=False)
        with pytest.raises(FormatError, match="more than the limit of 100"):
            from_e3value(path, focal="Shop", max_bytes=100)
        assert sizes == [101]

    def test_too_many_crossings(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A model whose exchanges connect interfaces too often is refused, not ground through."""
        model = sale()
        assert e3(model) == e3(sale())
        monkeypatch.setattr("cocreate._formats.e3value.flow.MAX_CROSSINGS", 0)
        with pytest.raises(FormatError, match="connect interfaces more than 0 times"):
            e3(model)

    def test_external_entity(self, tmp_path: Path) -> None:
        """An external entity (XXE) is refused, and the file it names is never read."""
        secret = write(tmp_path, "SECRET", "secret.txt")
        for declaration in (
            f'<!ENTITY x SYSTEM "file://{secret}">',
            f"<!ENTITY x SYSTEM '{secret.as_uri()}'>",
            '<!ENTITY x PUBLIC "-//x//y" "http://example.org/x.dtd">',
        ):
            text = (
                sale().xml().replace("<rdf:RDF", f"<!DOCTYPE rdf:RDF [{declaration}]><rdf:RDF", 1)
            )
            text = text.replace('e3_has_name="Reader"', 'e3_has_name="&x;"')
            with pytest.raises(FormatError, match="which cocreate refuses") as caught:
                from_e3value(text, focal="Shop")
            assert "SECRET" not in str(caught.value)

    def test_external_dtd(self) -> None:
        """A DTD that fetches anything (SYSTEM or PUBLIC) is refused."""
        for doctype in (
            '<!DOCTYPE rdf:RDF SYSTEM "http://example.org/e3.dtd">',
            '<!DOCTYPE rdf:RDF PUBLIC "-//e3//x" "http://example.org/e3.dtd">',
            '<!DOCTYPE rdf:RDF SYSTEM "http://example.org/e3.dtd" [<!ENTITY a "b">]>',
        ):
            text = doctype + sale().xml()
            with pytest.raises(FormatError, match="external file"):
                from_e3value(text, focal="Shop")

    def test_parameter_entities(self) -> None:
        """Parameter entities and other declarations are refused."""
        for subset in (
            '<!ENTITY % p "x">',
            '<!ENTITY % p SYSTEM "http://example.org/p.dtd"> %p;',
            "<!ELEMENT rdf:RDF ANY>",
            "<!ATTLIST a b CDATA #IMPLIED>",
        ):
            text = f"<!DOCTYPE rdf:RDF [{subset}]>" + sale().xml()
            with pytest.raises(FormatError, match="which cocreate refuses"):
                from_e3value(text, focal="Shop")

    def test_billion_laughs(self) -> None:
        """Entities that refer to entities (an expansion bomb) are refused."""
        laughs = ['<!ENTITY lol "lol">']
        laughs += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
        laughs[1] = '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
        text = (
            "<!DOCTYPE rdf:RDF ["
            + "".join(laughs)
            + "]>"
            + sale().xml().replace('e3_has_name="Reader"', 'e3_has_name="&lol9;"')
        )
        with pytest.raises(FormatError, match="entity 'lol1' is refused"):
            from_e3value(text, focal="Shop")

    def test_quadratic_blowup(self) -> None:
        """Plain entities that would expand the document past the limit are refused."""
        big = "x" * 10_000
        text = f'<!DOCTYPE rdf:RDF [<!ENTITY big "{big}">]>' + sale().xml().replace(
            'e3_has_name="Reader"', 'e3_has_name="' + "&big;" * 1_000 + '"'
        )
        with pytest.raises(FormatError, match="expanding the DTD's entities would make"):
            from_e3value(text, focal="Shop", max_bytes=1_000_000)

    def test_plain_entities_are_expanded(self) -> None:
        """Plain-text entities, as the toolkit writes them, are expanded."""
        text = '<!DOCTYPE rdf:RDF [<!-- names --><!ENTITY who "Reader">]>' + sale().xml().replace(
            'e3_has_name="Reader"', 'e3_has_name="&who;"'
        )
        assert from_e3value(text, focal="Shop") == e3(sale())

    def test_entity_with_quotes_refused(self) -> None:
        """An entity whose text holds quotes or markup is refused."""
        for value in ("'a\"b'", '"<x/>"', '"&amp;"'):
            text = f"<!DOCTYPE rdf:RDF [<!ENTITY q {value}>]>" + sale().xml()
            with pytest.raises(FormatError, match="entity 'q' is refused"):
                from_e3value(text, focal="Shop")

    def test_doctype_after_the_prolog(self) -> None:
        """A DTD the prolog scan does not see is still refused by the parser."""
        text = sale().xml().replace("</rdf:RDF>", "<!DOCTYPE x></rdf:RDF>")
        with pytest.raises(FormatError, match="not well-formed XML"):
            from_e3value(text, focal="Shop")

    def test_dtd_behind_a_comment(self) -> None:
        """A DTD the prolog scan misses is still refused, by the parser."""
        text = '<!-- <a> --><!DOCTYPE rdf:RDF SYSTEM "http://example.org/x.dtd">' + sale().xml()
        with pytest.raises(FormatError, match="refused: the XML uses a feature"):
            from_e3value(text, focal="Shop")

    def test_empty_doctype(self) -> None:
        """A DTD that declares nothing is dropped."""
        assert from_e3value("<!DOCTYPE rdf:RDF>" + sale().xml(), focal="Shop") == e3(sale())

    def test_lone_surrogate(self) -> None:
        """Text that is not Unicode (a lone surrogate) is a FormatError."""
        text = sale().xml().replace("Reader", "Reader\ud800")
        with pytest.raises(FormatError, match="not readable XML"):
            from_e3value(text, focal="Shop")

    def test_unreadable_doctype(self) -> None:
        """A <!DOCTYPE that cannot be read is refused."""
        with pytest.raises(FormatError, match="<!DOCTYPE declaration cannot be read"):
            from_e3value("<!DOCTYPE>" + sale().xml(), focal="Shop")

    def test_without_defusedxml(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without defusedxml, the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "defusedxml", None)
        with pytest.raises(CocreateError, match=r'pip install "cocreate\[e3value\]"'):
            e3(sale())

    # -- laws -------------------------------------------------------------

    @settings(max_examples=50, deadline=None)
    @given(
        st.floats(0, 1e4),
        st.floats(0, 100),
        st.floats(-50, 50),
        st.floats(0, 20),
        st.integers(1, 1000),
    )
    def test_nets_scale_with_occurrences(
        self, occurrences: float, price: float, value: float, cost: float, factor: int
    ) -> None:
        """Without fixed costs, every net value scales linearly with OCCURRENCES."""
        figures = Sale(
            occurrences=occurrences,
            price=price,
            book_value=value,
            book_cost=cost,
            shop_investment=0,
        )
        once = nets(e3(sale(figures)))
        scaled = nets(e3(sale(attrs.evolve(figures, occurrences=occurrences * factor))))
        for key, net in once.items():
            assert math.isclose(scaled[key], net * factor, rel_tol=1e-9, abs_tol=1e-6)
        expected = sale_nets(figures)
        for key, net in once.items():
            assert math.isclose(net, expected[key], rel_tol=1e-9, abs_tol=1e-6)

    @settings(max_examples=30, deadline=None)
    @given(st.floats(0, 1e3), st.floats(0.001, 1e3), st.floats(0.001, 1e3))
    def test_or_fork_shares(self, occurrences: float, one: float, two: float) -> None:
        """The shares of an OR fork's branches are their fractions over the total."""
        initiative = e3(supply_chain("OR", (one, two), occurrences))
        share = one / (one + two)
        assert math.isclose(
            net_value(initiative, "printer-one"),
            occurrences * share * 2,
            rel_tol=1e-9,
            abs_tol=1e-6,
        )
        assert math.isclose(
            net_value(initiative, "printer-two"),
            occurrences * (1 - share) * 3,
            rel_tol=1e-9,
            abs_tol=1e-6,
        )


class TestCommandLine:
    def test_classify(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """classify MODEL.rdf --focal NAME reads an e3value file."""
        path = write(tmp_path, TOOLKIT.encode("iso-8859-1"))
        assert main(["classify", str(path), "--focal", "Café Müller"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Café on the corner: ")

    def test_focal_needed(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A .rdf file without --focal is a usage error, exit 2."""
        path = write(tmp_path, sale().xml())
        assert main(["classify", str(path)]) == 2
        assert main(["convert", str(path), str(tmp_path / "out.json")]) == 2
        assert "needs --focal NAME" in capsys.readouterr().err

    def test_convert(self, tmp_path: Path) -> None:
        """convert MODEL.rdf OUT.json --focal NAME writes the initiative as JSON."""
        path = write(tmp_path, sale().xml())
        out = tmp_path / "out.json"
        assert main(["convert", str(path), str(out), "--focal", "Shop"]) == 0
        assert loads(out.read_text(encoding="utf-8")) == e3(sale())

    def test_invalid_model(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid e3value file exits 1, one line per fault."""
        path = write(tmp_path, sale().xml())
        assert main(["classify", str(path), "--focal", "Nobody"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"{path}: focal: 'Nobody' names no actor")
        assert err.count("\n") == 1
