"""The elements of an e3value model, whichever spelling it uses, and their links.

:class:`Model` finds the e3value elements among the RDF nodes (``value_port``
and ``value-port`` alike), checks the links the net value flows need (each
port in one offering, each offering in one interface, each exchange with
its two ports, each connection element with its two ends) and collects
every fault it finds, each located by the element's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from cocreate.exceptions import Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from cocreate._formats.e3value.rdfxml import Node

__all__ = ["E3VALUE", "STAKEHOLDERS", "Element", "Model", "short"]

#: The namespace of the e3value vocabulary.
E3VALUE = "http://www.cs.vu.nl/~gordijn/e3value#"

#: e3value types, in either spelling (``-`` is read as ``_``), and the kind
#: of element each is here.
_KINDS = {
    "elementary_actor": "actor",
    "actor": "generic actor",
    "market_segment": "segment",
    "composite_actor": "composite",
    "value_activity": "activity",
    "value_interface": "interface",
    "value_offering": "offering",
    "value_port": "port",
    "value_exchange": "exchange",
    "value_object": "object",
    "start_stimulus": "start",
    "end_stimulus": "end",
    "connection_element": "connection",
    "e3value_OR": "or",
    "OR_fork": "or",
    "OR_join": "or",
    "e3value_AND": "and",
    "AND_fork": "and",
    "AND_join": "and",
    "diagram": "diagram",
}
_WORDS = {
    "actor": "actor",
    "segment": "market segment",
    "composite": "composite actor",
    "activity": "value activity",
    "interface": "value interface",
    "offering": "value offering",
    "port": "value port",
    "exchange": "value exchange",
    "object": "value object",
    "start": "start stimulus",
    "end": "end stimulus",
    "connection": "connection element",
    "or": "OR element",
    "and": "AND element",
    "diagram": "diagram",
}
STAKEHOLDERS = frozenset({"actor", "segment"})
_OWNERS = frozenset({"actor", "segment", "composite", "activity"})
_PATH = frozenset({"start", "end", "interface", "or", "and"})


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@attrs.define
class Element:
    """An e3value element: its kind, name, uid, and its e3value properties."""

    uri: str
    kind: str
    name: str
    uid: str
    literals: dict[str, list[str]]
    links: dict[str, list[str]]

    @property
    def path(self) -> str:
        """Where a fault is: the element's name, else its uid, else its URI."""
        if self.name.strip():
            return short(self.name)
        return f"#{self.uid}" if self.uid else short(self.uri)

    @property
    def word(self) -> str:
        """What the element is, in words."""
        return _WORDS[self.kind]

    def fault(self, message: str) -> Fault:
        """Return a fault at this element."""
        return Fault(self.path, f"{self.word} {message}")


def _local(uri: str) -> str | None:
    """Return the e3value name a URI stands for, ``-`` read as ``_``."""
    if uri.startswith(E3VALUE):
        return uri[len(E3VALUE) :].replace("-", "_")
    return None


def _e3(table: dict[str, list[str]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, items in table.items():
        local = _local(key)
        if local is not None:
            result.setdefault(local, []).extend(items)
    return result


# --------------------------------------------------------------------------
# Step 2: the elements of the model and how they are linked.


class Model:
    """The e3value elements of one file, their links checked.

    Every fault found is collected in :attr:`faults`; :meth:`check` raises
    them all at once.
    """

    def __init__(self, nodes: Mapping[str, Node], what: str) -> None:
        self.what = what
        self.faults: list[Fault] = []
        self.elements: dict[str, Element] = {}
        self.known = frozenset(nodes)
        self.inverse: dict[str, dict[str, list[str]]] = {}
        for uri in sorted(nodes):
            self._add(uri, nodes[uri])
        if not any(e.kind in STAKEHOLDERS for e in self.elements.values()):
            self.faults.append(Fault("", "the file describes no e3value actor or market segment"))
            self.check()
        self._link()
        self.check()

    def check(self) -> None:
        """Raise every fault found so far, if there is any."""
        if self.faults:
            raise FormatError(self.what, self.faults)

    def _add(self, uri: str, node: Node) -> None:
        kinds = {_KINDS[k] for k in map(_local, node.types) if k in _KINDS}
        if kinds == {"generic actor"}:
            kinds = {"actor"}
        kinds.discard("generic actor")
        literals, links = _e3(node.literals), _e3(node.links)
        for prop, objects in links.items():
            for target in objects:
                self.inverse.setdefault(prop, {}).setdefault(target, []).append(uri)
        if not kinds:
            return
        name = (literals.get("e3_has_name") or [""])[0]
        uid = (literals.get("e3_has_uid") or [""])[0].strip()
        kind = min(kinds)
        element = Element(uri, kind, name, uid, literals, links)
        if len(kinds) > 1:
            shown = " and ".join(sorted(_WORDS[k] for k in kinds))
            self.faults.append(Fault(element.path, f"is typed both as {shown}"))
        elif not name.strip() and kind in {*STAKEHOLDERS, "composite", "object"}:
            self.faults.append(element.fault("has no name (e3_has_name)"))
        self.elements[uri] = element

    def of(self, kind: str) -> list[Element]:
        """Return the elements of a kind, in URI order."""
        return [e for e in self.elements.values() if e.kind == kind]

    def related(self, uri: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
        """Return what ``uri`` links to by a forward property or is linked from by its inverse."""
        element = self.elements[uri]
        found: set[str] = set()
        for forward, backward in pairs:
            found.update(element.links.get(forward, ()))
            found.update(self.inverse.get(backward, {}).get(uri, ()))
        return sorted(found)

    def _valid(self, element: Element, targets: list[str], kinds: frozenset[str]) -> list[str]:
        valid = []
        for target in targets:
            other = self.elements.get(target)
            if other is not None and other.kind in kinds:
                valid.append(target)
            elif other is not None:
                self.faults.append(element.fault(f"is linked to {other.word} {other.path!r}"))
            else:
                said = "does not describe" if target not in self.known else "gives no e3value type"
                shown = short(target)
                self.faults.append(element.fault(f"refers to {shown!r}, which the file {said}"))
        return valid

    def one(
        self,
        uri: str,
        pairs: Iterable[tuple[str, str]],
        kinds: frozenset[str],
        what: str,
        *,
        required: bool = True,
    ) -> str | None:
        """Return the one element ``uri`` is linked to; a fault if none or several."""
        element = self.elements[uri]
        valid = self._valid(element, self.related(uri, pairs), kinds)
        if len(valid) == 1:
            return valid[0]
        if len(valid) > 1:
            shown = ", ".join(repr(self.elements[v].path) for v in valid[:5])
            self.faults.append(element.fault(f"has {len(valid)} {what}s ({shown}); give it one"))
        elif required:
            self.faults.append(element.fault(f"has no {what}"))
        return None

    def _link(self) -> None:
        """Find and check the links the net value flows need."""
        owned_by = (
            ("vi_assigned_to_ac", "ac_has_vi"),
            ("vi_assigned_to_ms", "ms_has_vi"),
            ("vi_assigned_to_va", "va_has_vi"),
        )
        self.owner = {
            vi.uri: self.one(vi.uri, owned_by, _OWNERS, "owner") for vi in self.of("interface")
        }
        self.offering_interface = {
            o.uri: self.one(
                o.uri,
                [("vo_in_vi", "vi_consists_of_of")],
                frozenset({"interface"}),
                "value interface",
            )
            for o in self.of("offering")
        }
        self.port_offering = {
            p.uri: self.one(
                p.uri,
                [("vp_in_vo", "vo_consists_of_vp")],
                frozenset({"offering"}),
                "value offering",
            )
            for p in self.of("port")
        }
        self.port_object = {
            p.uri: self.one(
                p.uri,
                [("vp_requests_offers_vo", "vo_offered_requested_by_vp")],
                frozenset({"object"}),
                "value object",
                required=False,
            )
            for p in self.of("port")
        }
        self.performer = {
            a.uri: self.one(
                a.uri,
                [
                    ("va_performed_by_el", "el_performs_va"),
                    ("va_performed_by_ms", "ms_performs_va"),
                ],
                frozenset({"actor", "segment", "composite"}),
                "performer",
                required=False,
            )
            for a in self.of("activity")
        }
        self.port_interface: dict[str, str | None] = {}
        self.interface_ports: dict[str, list[str]] = {}
        for port, offering in self.port_offering.items():
            interface = None if offering is None else self.offering_interface.get(offering)
            self.port_interface[port] = interface
            if interface is not None:
                self.interface_ports.setdefault(interface, []).append(port)
        self._link_exchanges()
        self._link_paths()
        self.partners = {vi.uri: self._partners(vi.uri) for vi in self.of("interface")}

    def interface_of(self, port: str) -> str | None:
        """Return the value interface a port belongs to."""
        return self.port_interface.get(port)

    def _link_exchanges(self) -> None:
        self.exchanges: dict[str, dict[str, str]] = {}
        self.port_exchanges: dict[str, list[str]] = {p.uri: [] for p in self.of("port")}
        sides = {
            "out": ("ve_has_out_po", "vp_out_connects_ve"),
            "in": ("ve_has_in_po", "vp_in_connects_ve"),
            "first": ("ve_has_first_vp", "vp_first_connects_ve"),
            "second": ("ve_has_second_vp", "vp_second_connects_ve"),
        }
        ports = frozenset({"port"})
        for exchange in self.of("exchange"):
            found = {
                side: self._valid(exchange, self.related(exchange.uri, [pair]), ports)
                for side, pair in sides.items()
            }
            shape = tuple(sorted(side for side, uris in found.items() if uris))
            if shape not in {("in", "out"), ("first", "second")} or any(
                len(uris) > 1 for uris in found.values()
            ):
                counts = ", ".join(f"{len(u)} {s}" for s, u in found.items() if u) or "none"
                msg = (
                    "needs one out-port and one in-port (or one first and one second "
                    f"port); it has {counts}"
                )
                self.faults.append(exchange.fault(msg))
                continue
            self.exchanges[exchange.uri] = {side: uris[0] for side, uris in found.items() if uris}
            for uris in found.values():
                for port in uris:
                    self.port_exchanges[port].append(exchange.uri)

    def _link_paths(self) -> None:
        self.up: dict[str, str] = {}
        self.down: dict[str, str] = {}
        self.below: dict[str, list[str]] = {}
        self.above: dict[str, list[str]] = {}
        for ce in self.of("connection"):
            up = self.one(ce.uri, [("ce_with_up_de", "de_down_ce")], _PATH, "upper end")
            down = self.one(ce.uri, [("ce_with_down_de", "de_up_ce")], _PATH, "lower end")
            if up is None or down is None:
                continue
            self.up[ce.uri], self.down[ce.uri] = up, down
            self.below.setdefault(up, []).append(ce.uri)
            self.above.setdefault(down, []).append(ce.uri)
            if self.elements[up].kind == "end" or self.elements[down].kind == "start":
                self.faults.append(
                    ce.fault("runs from below an end stimulus or into a start stimulus")
                )
        for start in self.of("start"):
            if not self.below.get(start.uri):
                self.faults.append(start.fault("is connected to nothing below it"))

    def _partners(self, interface: str) -> list[str]:
        """Return the interfaces at the other end of this interface's exchanges."""
        found = set()
        for port in self.interface_ports.get(interface, ()):
            for exchange in self.port_exchanges.get(port, ()):
                for other in self.exchanges[exchange].values():
                    theirs = self.interface_of(other)
                    if other != port and theirs is not None:
                        found.add(theirs)
        found.discard(interface)
        return sorted(found)
