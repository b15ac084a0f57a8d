"""Read e3value models (RDF/XML) as initiatives, with e3tools' net value flows.

The file is read in four steps:

1. the source (a path, text or bytes) is read within a size limit and
   decoded, and the RDF/XML is parsed safely (:mod:`cocreate._formats.e3value.rdfxml`);
2. the e3value elements are found, whichever spelling of the vocabulary
   the file uses, and their links are checked (:mod:`cocreate._formats.e3value.model`);
3. the formulas are evaluated and the occurrences flow from the start
   stimuli along the dependency paths (:mod:`cocreate._formats.e3value.flow`);
4. every value exchange that happens becomes a transfer, and each actor's
   own expenses a negative value (this module).

The net value rule is the one of the ``E3Model`` evaluator of e3tools;
``docs/e3value.md`` says where cocreate differs from it, and why.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._formats.e3value.flow import Values, flow_occurrences, gather_inputs, scale
from cocreate._formats.e3value.model import STAKEHOLDERS, Element, Model, short
from cocreate._formats.e3value.rdfxml import decode
from cocreate._formats.e3value.rdfxml import parse as parse_rdf
from cocreate._formats.files import open_binary, read_upto
from cocreate._model.transfer import transfer
from cocreate._model.types import (
    Contribution,
    Initiative,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
)
from cocreate._model.validate import exact_sum, whole_number
from cocreate.exceptions import CocreateError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    from cocreate._formats.e3value.formula import Key

__all__ = ["MAX_BYTES", "from_e3value"]

#: The largest input :func:`from_e3value` reads by default: 64 MiB.
MAX_BYTES = 64 * 1024 * 1024

#: The actor attributes that e3tools subtracts once from an actor's net value.
_FIXED = ("EXPENSES", "INVESTMENT", "INTEREST")
_MONEY = re.compile(r"money(?:[-_ ].*)?", re.IGNORECASE | re.DOTALL)


# --------------------------------------------------------------------------
# The caller's choices, and the stakeholders.


@attrs.frozen
class _Options:
    """The caller's choices, checked against the model."""

    focal: str
    roles: dict[str, Role]
    resources: dict[str, Resource]


def _ids(model: Model) -> dict[str, str]:
    """Return a stakeholder id for every actor and market segment.

    The id is a slug of the name. Where names give the same slug, the
    element with the first URI keeps it and the others get ``-2``,
    ``-3``... in URI order, skipping any id another name gives: the ids
    do not depend on the order of the elements in the file.
    """
    people = [e for e in model.elements.values() if e.kind in STAKEHOLDERS]
    slugs = {
        e.uri: re.sub(r"[\W_]+", "-", e.name.casefold()).strip("-")[:60] or "actor" for e in people
    }
    taken = set(slugs.values())
    ids: dict[str, str] = {}
    seen: set[str] = set()
    for uri in sorted(slugs, key=lambda u: (slugs[u], u)):
        slug = slugs[uri]
        if slug not in seen:
            seen.add(slug)
            ids[uri] = slug
            continue
        number = 2
        while f"{slug}-{number}" in taken:
            number += 1
        ids[uri] = f"{slug}-{number}"
        taken.add(ids[uri])
    return ids


def _find(model: Model, ids: Mapping[str, str], key: str) -> tuple[list[str], str | None]:
    """Return the actors or segments a name (or id) names, or why there are none."""
    people = [e for e in model.elements.values() if e.kind in STAKEHOLDERS]
    for match in (
        lambda e: e.name == key,
        lambda e: ids[e.uri] == key,
        lambda e: e.name.split() == key.split(),
    ):
        found = [e.uri for e in people if match(e)]
        if found:
            return found, None
    if any(e.name == key for e in model.of("composite")):
        return [], "is a composite actor; name one of its actors or market segments"
    names = ", ".join(sorted(repr(short(e.name, 30)) for e in people)[:10])
    return [], f"names no actor or market segment; they are {names}"


def _one(
    model: Model, ids: Mapping[str, str], key: str, path: str, faults: list[Fault]
) -> str | None:
    found, why = _find(model, ids, key)
    if why is not None:
        faults.append(Fault(path, f"{short(key)!r} {why}"))
        return None
    if len(found) > 1:
        shown = ", ".join(repr(ids[u]) for u in found)
        faults.append(
            Fault(path, f"{short(key)!r} names {len(found)} actors; give one of the ids {shown}")
        )
        return None
    return found[0]


def _word(cls: type[Any], value: object, path: str, faults: list[Fault]) -> Any:
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    words = ", ".join(repr(w) for w in cls.words())
    faults.append(Fault(path, f"must be a {cls.__name__} ({words}), got {short(repr(value), 40)}"))
    return None


def _options(
    model: Model,
    ids: Mapping[str, str],
    focal: str,
    roles: Mapping[Any, Any],
    resources: Mapping[Any, Any],
) -> _Options:
    faults: list[Fault] = []
    chosen = _one(model, ids, focal, "focal", faults)
    role_of: dict[str, Role] = {}
    for key, word in roles.items():
        path = f"roles[{short(repr(key), 40)}]"
        uri = _one(model, ids, key, path, faults) if isinstance(key, str) else None
        role = _word(Role, word, path, faults)
        if not isinstance(key, str):
            faults.append(Fault(path, "must be the name of an actor or market segment"))
        elif uri is not None and role is not None:
            role_of[uri] = role
    objects = {e.name for e in model.of("object")}
    resource_of: dict[str, Resource] = {}
    for key, word in resources.items():
        path = f"resources[{short(repr(key), 40)}]"
        resource = _word(Resource, word, path, faults)
        if key not in objects:
            shown = ", ".join(sorted(repr(short(n, 30)) for n in objects)[:10]) or "none"
            faults.append(Fault(path, f"names no value object; they are {shown}"))
        elif resource is not None:
            resource_of[key] = resource
    if faults or chosen is None:
        raise InvalidModelError("e3value import", faults)
    return _Options(chosen, role_of, resource_of)


def _resource(name: str | None, options: _Options) -> Resource:
    if name is None:
        return Resource.PRODUCT
    if name in options.resources:
        return options.resources[name]
    return Resource.CAPITAL if _MONEY.fullmatch(name.strip()) else Resource.PRODUCT


@attrs.frozen
class _Side:
    """One end of a value exchange, as far as stakeholders go."""

    owner: str | None  #: the stakeholder whose port it is (an actor or segment)
    party: str | None  #: whom to name as target or provider: the owner, or an activity's performer
    total: float  #: how often the port's interface fires, over a whole segment


_NOBODY = _Side(None, None, 0.0)


class _Builder:
    """Turns the exchanges and actors of an evaluated model into model objects."""

    def __init__(
        self, model: Model, ids: Mapping[str, str], options: _Options, totals: Mapping[str, float]
    ) -> None:
        self.model, self.ids, self.options, self.totals = model, ids, options, totals
        self.values: dict[Key, float] = {}
        self.contributions: list[Contribution] = []
        self.benefits: list[Value] = []
        #: What the import chose where the model and the options say nothing.
        self.assumed: set[str] = set()

    def attribute(self, uri: str, attribute: str) -> float:
        return self.values.get((uri, attribute), 0.0)

    def side(self, port: str) -> _Side:
        interface = self.model.interface_of(port)
        owner = None if interface is None else self.model.owner.get(interface)
        if interface is None or owner is None:  # pragma: no cover - a fault found before
            return _NOBODY
        mine = self.ids.get(owner)
        party = mine
        if self.model.elements[owner].kind == "activity":
            party = self.ids.get(self.model.performer.get(owner) or "")
        return _Side(mine, party, self.totals.get(interface, 0.0))

    def describe(self, exchange: Element, port: str, other: str) -> tuple[Resource, str]:
        objects = [self.model.port_object.get(p) for p in (port, other)]
        found = next((o for o in objects if o is not None), None)
        name = None if found is None else self.model.elements[found].name
        shown = f"value object {short(name)!r}" if name is not None else "no value object"
        text = f"{shown} over e3value exchange {exchange.path!r}"
        resource = _resource(name, self.options)
        if name is None:
            text += "; no value object named, read as product"
            self.assumed.add(
                f"e3value exchange {exchange.path!r} names no value object: read as product, "
                "a substantive resource"
            )
        elif name not in self.options.resources and resource is Resource.PRODUCT:
            self.assumed.add(
                f"value object {short(name)!r} read as product, a substantive resource; "
                "give resources= to read it as another (ideas, input and feedback are voice)"
            )
        return resource, text

    def add(
        self,
        giver: _Side,
        receiver: _Side,
        resource: Resource,
        cost: float | None,
        gain: float | None,
        text: str,
    ) -> None:
        for amount in (cost, gain):
            if amount is not None and not math.isfinite(amount):
                msg = f"an amount of {text} is {amount}, not a finite number"
                raise FormatError(self.model.what, [Fault("", msg)])
        if cost is not None and gain is not None and cost >= 0 and giver.owner != receiver.owner:
            contribution, value = transfer(
                giver.owner or "",
                receiver.owner or "",
                resource,
                cost,
                received=gain,
                description=text,
            )
            if resource is not Resource.CAPITAL:
                # Money paid is an exchange; goods and services delivered are
                # inputs to what the model creates.
                contribution = attrs.evolve(contribution, exchange=False)
            self.contributions.append(contribution)
            self.benefits.append(value)
            return
        if cost is not None and giver.owner is not None:
            target = receiver.party if receiver.party != giver.owner else None
            self.contributions.append(
                Contribution(
                    giver.owner,
                    resource,
                    target=target,
                    cost=max(cost, 0.0),
                    description=text,
                    exchange=resource is Resource.CAPITAL,
                )
            )
            if cost < 0:
                self.benefits.append(
                    Value(
                        giver.owner,
                        -cost,
                        provider=target,
                        description=f"{text}; giving it has a negative cost",
                    )
                )
        if gain is not None and receiver.owner is not None:
            provider = giver.party if giver.party != receiver.owner else None
            kind = ValueKind.REVENUE if resource is Resource.CAPITAL else ValueKind.OTHER
            self.benefits.append(
                Value(receiver.owner, gain, provider=provider, kind=kind, description=text)
            )

    def exchange(self, exchange: Element) -> None:
        if self.model.elements[exchange.uri].literals and any(
            f.partition("=")[0].strip() == "DOTTED"
            for f in exchange.literals.get("e3_has_formula", ())
        ):
            return  # a hidden exchange of e3fraud: not part of the expected model
        ports = self.model.exchanges[exchange.uri]
        if "out" in ports:
            self.outer(exchange, ports["out"], ports["in"])
        else:
            self.inner(exchange, ports["first"], ports["second"])
            self.inner(exchange, ports["second"], ports["first"])

    def outer(self, exchange: Element, out: str, into: str) -> None:
        giver, receiver = self.side(out), self.side(into)
        if giver.total <= 0 and receiver.total <= 0:
            return
        times = (
            self.attribute(exchange.uri, "CARDINALITY")
            if (exchange.uri, "CARDINALITY") in self.values
            else 1.0
        )
        cost = gain = None
        if giver.owner is not None:
            cost = (
                giver.total
                * times
                * (self.attribute(out, "VALUATION") + self.attribute(out, "EXPENSES"))
            )
        if receiver.owner is not None:
            gain = (
                receiver.total
                * times
                * (self.attribute(into, "VALUATION") - self.attribute(into, "EXPENSES"))
            )
        resource, text = self.describe(exchange, out, into)
        self.add(giver, receiver, resource, cost, gain, text)

    def inner(self, exchange: Element, port: str, other: str) -> None:
        """Count one port of an exchange into a composite actor or activity: VALUATION only."""
        mine, theirs = self.side(port), self.side(other)
        if mine.owner is None or mine.total <= 0:
            return
        amount = mine.total * self.attribute(port, "VALUATION")
        resource, text = self.describe(exchange, port, other)
        if self.incoming(port):
            self.add(theirs, mine, resource, None, amount, text)
        else:
            self.add(mine, theirs, resource, amount, None, text)

    def incoming(self, port: str) -> bool:
        """Whether a port is in an offering named "in", as e3tools tells direction."""
        offering = self.model.port_offering.get(port)
        return offering is not None and self.model.elements[offering].name.strip() == "in"

    def unconnected(self, port: Element) -> None:
        """Count the VALUATION of a port with no exchange, as e3tools does."""
        mine = self.side(port.uri)
        amount = mine.total * self.attribute(port.uri, "VALUATION")
        if mine.owner is None or mine.total <= 0 or amount == 0:
            return
        name = self.model.port_object.get(port.uri)
        resource = _resource(None if name is None else self.model.elements[name].name, self.options)
        text = f"port {port.path!r}, connected to no value exchange"
        if self.incoming(port.uri):
            self.add(_NOBODY, mine, resource, None, amount, text)
        else:
            self.add(mine, _NOBODY, resource, amount, None, text)

    def fixed(self, actor: Element, counts: Mapping[str, float]) -> None:
        """Add an actor's own EXPENSES, INVESTMENT and INTEREST as a negative value.

        A total beyond the float range is a fault of the model.
        """
        total = exact_sum([self.attribute(actor.uri, a) for a in _FIXED])
        text = f"EXPENSES, INVESTMENT and INTEREST of {actor.path!r}"
        if actor.kind == "segment":
            count = counts.get(actor.uri, 1.0)
            total *= count
            text += f", for each of {count:g} members"
        if not math.isfinite(total):
            msg = (
                f"has EXPENSES, INVESTMENT and INTEREST that add up to {total}, not a finite number"
            )
            self.model.faults.append(actor.fault(msg))
        elif total:
            self.benefits.append(Value(self.ids[actor.uri], -total, description=text))


def _title(model: Model, stem: str | None) -> str:
    """Return the diagram's name, else the model's (its URIs' last part), else the file's."""
    diagrams = sorted(e.name.strip() for e in model.of("diagram") if e.name.strip())
    bases = Counter(
        uri.partition("#")[0].rstrip("/").rpartition("/")[2]
        for uri in model.elements
        if "#" in uri and not uri.startswith("_:")
    )
    common = sorted(bases, key=lambda base: (-bases[base], base))
    for title in (*diagrams[:1], *common[:1], stem):
        if title:
            return title
    return "e3value model"


def _initiative(
    model: Model, values: Values, options: _Options, ids: Mapping[str, str], stem: str | None
) -> Initiative:
    inputs = gather_inputs(model, values)
    flow = flow_occurrences(model, inputs)
    fixed = {(uri, "OCCURRENCES"): flow.occurrences[uri] for uri in flow.reached}
    evaluated = values.evaluate(sorted(values.formulas.programs), fixed)
    totals = {}
    for interface in model.of("interface"):
        uri = interface.uri
        once = (
            flow.occurrences[uri]
            if uri in flow.reached
            else evaluated.get((uri, "OCCURRENCES"), 0.0)
        )
        totals[uri] = once * scale(model, inputs.counts, uri)
    builder = _Builder(model, ids, options, totals)
    builder.values = evaluated
    for exchange in model.of("exchange"):
        builder.exchange(exchange)
    for port in model.of("port"):
        if not model.port_exchanges.get(port.uri):
            builder.unconnected(port)
    people = []
    for actor in model.of("actor") + model.of("segment"):
        builder.fixed(actor, inputs.counts)
        default = Role.FIRM if actor.kind == "actor" else Role.CUSTOMER
        role = options.roles.get(actor.uri, default)
        if actor.uri not in options.roles:
            what = "elementary actor" if actor.kind == "actor" else "market segment"
            builder.assumed.add(
                f"{actor.name!r}, an e3value {what}, read as a {role.value}; "
                "give roles= to choose another role"
            )
        people.append(Stakeholder(ids[actor.uri], role, name=actor.name))
    model.check()
    return Initiative(
        _title(model, stem),
        ids[options.focal],
        people,
        builder.contributions,
        builder.benefits,
        assumptions=builder.assumed,
    )


# --------------------------------------------------------------------------
# Reading the source, and the public function.


def _source(source: object, max_bytes: int) -> tuple[str, str, str | None]:
    """Return the text of the source, what to call it in messages, and a file stem."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, what, stem = bytes(source), "e3value bytes", None
    elif isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        if len(source) > max_bytes:
            msg = f"the text is {len(source)} characters long, more than the limit of {max_bytes}"
            raise FormatError("e3value text", [Fault("", msg)])
        return source, "e3value text", None
    elif isinstance(source, str | os.PathLike):
        what = f"e3value file {os.fsdecode(source)!r}"
        data, stem = _read(Path(source), max_bytes, what), Path(source).stem
    else:
        msg = f"from_e3value() needs a path, text or bytes, got {type(source).__name__}"
        raise CocreateError(msg)
    if len(data) > max_bytes:
        msg = f"the input is {len(data)} bytes long, more than the limit of {max_bytes}"
        raise FormatError(what, [Fault("", msg)])
    return decode(data, what), what, stem


def _read(path: Path, max_bytes: int, what: str) -> bytes:
    try:
        with open_binary(os.fspath(path)) as handle:  # the one reader: pipes time out
            return read_upto(handle, max_bytes + 1)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        msg = f"cannot read the file: {reason}"
        raise FormatError(what, [Fault("", msg)]) from None


def _check_arguments(focal: object, roles: object, resources: object, max_bytes: object) -> None:
    if not isinstance(focal, str):
        msg = f"focal must be the name of an actor (a str), got {type(focal).__name__}"
        raise CocreateError(msg)
    for name, mapping in (("roles", roles), ("resources", resources)):
        if mapping is not None and not isinstance(mapping, Mapping):
            msg = f"{name} must be a mapping from names to words, got {type(mapping).__name__}"
            raise CocreateError(msg)
    whole_number("max_bytes", max_bytes)


def from_e3value(
    source: str | bytes | os.PathLike[str],
    *,
    focal: str,
    roles: Mapping[str, Role | str] | None = None,
    resources: Mapping[str, Resource | str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Initiative:
    """Read an e3value model (RDF/XML) as an initiative, with e3tools' net value flows.

    Actors become firms and market segments customers; every value
    exchange that happens becomes a transfer from the actor at its out-port
    to the actor at its in-port, with e3tools' amounts, so that each
    actor's :func:`~cocreate.net_value` is the net value flow e3tools
    reports for it (for a market segment: for the whole segment, that is
    e3tools' figure per member times COUNT). :doc:`/e3value` explains the
    rule, the choices and what is not imported.

    Parameters
    ----------
    source
        A path to the file; or the document itself, as text (a str that
        starts with ``<``) or bytes. Both spellings of the vocabulary
        (``value_port`` and ``value-port``) and both RDF/XML layouts are read;
        bytes are decoded as the XML declaration says (ISO-8859-1, say).
    focal
        The name of the actor that runs the initiative (its id also works).
    roles
        Roles that replace the defaults, by actor or segment name:
        ``{"Telecom provider": Role.PARTNER}``.
    resources
        Resources that replace the defaults, by value object name. By
        default a value object named ``MONEY`` (or ``MONEY-...``, in any
        case) is capital, and every other one a product.
    max_bytes
        The largest input read, in bytes (characters for text), and the
        largest the document may grow to in UTF-8 bytes once the DTD's
        entities are expanded: 64 MiB by default.

    Returns
    -------
    Initiative
        Named after the model's diagram (or the file).

    Raises
    ------
    FormatError
        If the input is too large, not well-formed XML, not e3value RDF,
        uses an XML feature that is refused (external entities, a DTD
        beyond plain entities), misses required parts, refers to elements
        that are not there, or has a formula that cannot be evaluated; one
        fault per problem, located by the element's name.
    InvalidModelError
        If ``focal``, ``roles`` or ``resources`` name nothing in the model,
        or the focal actor is not an organization.
    CocreateError
        If an argument has the wrong type, or ``defusedxml`` (the
        ``e3value`` extra) is not installed.

    Examples
    --------
    A shop sells a book to readers, a segment of 100, each buying twice:

    >>> from cocreate import classify, from_e3value, net_value
    >>> model = '''<rdf:RDF
    ...   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    ...   xmlns:a="http://www.cs.vu.nl/~gordijn/e3value#">
    ... <a:elementary_actor rdf:about="#1" a:e3_has_name="Shop"/>
    ... <a:market_segment rdf:about="#2" a:e3_has_name="Readers"
    ...   a:e3_has_formula="COUNT=100"/>
    ... <a:value_object rdf:about="#3" a:e3_has_name="MONEY"/>
    ... <a:value_object rdf:about="#4" a:e3_has_name="Book"/>
    ... <a:value_interface rdf:about="#5">
    ...   <a:vi_assigned_to_ac rdf:resource="#1"/></a:value_interface>
    ... <a:value_interface rdf:about="#6">
    ...   <a:vi_assigned_to_ms rdf:resource="#2"/></a:value_interface>
    ... <a:value_offering rdf:about="#7" a:e3_has_name="in">
    ...   <a:vo_in_vi rdf:resource="#5"/></a:value_offering>
    ... <a:value_offering rdf:about="#8" a:e3_has_name="out">
    ...   <a:vo_in_vi rdf:resource="#5"/></a:value_offering>
    ... <a:value_offering rdf:about="#9" a:e3_has_name="in">
    ...   <a:vo_in_vi rdf:resource="#6"/></a:value_offering>
    ... <a:value_offering rdf:about="#10" a:e3_has_name="out">
    ...   <a:vo_in_vi rdf:resource="#6"/></a:value_offering>
    ... <a:value_port rdf:about="#11" a:e3_has_formula="VALUATION=12">
    ...   <a:vp_in_vo rdf:resource="#7"/>
    ...   <a:vp_requests_offers_vo rdf:resource="#3"/></a:value_port>
    ... <a:value_port rdf:about="#12" a:e3_has_formula="EXPENSES=7">
    ...   <a:vp_in_vo rdf:resource="#8"/>
    ...   <a:vp_requests_offers_vo rdf:resource="#4"/></a:value_port>
    ... <a:value_port rdf:about="#13" a:e3_has_formula="VALUATION=20">
    ...   <a:vp_in_vo rdf:resource="#9"/>
    ...   <a:vp_requests_offers_vo rdf:resource="#4"/></a:value_port>
    ... <a:value_port rdf:about="#14" a:e3_has_formula="VALUATION=12">
    ...   <a:vp_in_vo rdf:resource="#10"/>
    ...   <a:vp_requests_offers_vo rdf:resource="#3"/></a:value_port>
    ... <a:value_exchange rdf:about="#15" a:e3_has_name="pay">
    ...   <a:ve_has_out_po rdf:resource="#14"/>
    ...   <a:ve_has_in_po rdf:resource="#11"/></a:value_exchange>
    ... <a:value_exchange rdf:about="#16" a:e3_has_name="deliver">
    ...   <a:ve_has_out_po rdf:resource="#12"/>
    ...   <a:ve_has_in_po rdf:resource="#13"/></a:value_exchange>
    ... <a:start_stimulus rdf:about="#17" a:e3_has_formula="OCCURRENCES=2"/>
    ... <a:end_stimulus rdf:about="#18"/>
    ... <a:connection_element rdf:about="#19">
    ...   <a:ce_with_up_de rdf:resource="#17"/>
    ...   <a:ce_with_down_de rdf:resource="#6"/></a:connection_element>
    ... <a:connection_element rdf:about="#20">
    ...   <a:ce_with_up_de rdf:resource="#5"/>
    ...   <a:ce_with_down_de rdf:resource="#18"/></a:connection_element>
    ... </rdf:RDF>'''
    >>> shop = from_e3value(model, focal="Shop")
    >>> net_value(shop, "shop"), net_value(shop, "readers")
    (1000.0, 1600.0)
    >>> classify(shop).kind.label  # a sale is no joint work: the readers' money is an exchange
    'unclassified'
    """
    _check_arguments(focal, roles, resources, max_bytes)
    text, what, stem = _source(source, max_bytes)
    model = Model(parse_rdf(text, limit=max_bytes, what=what), what)
    values = Values(model)
    ids = _ids(model)
    options = _options(model, ids, focal, roles or {}, resources or {})
    return _initiative(model, values, options, ids, stem)
