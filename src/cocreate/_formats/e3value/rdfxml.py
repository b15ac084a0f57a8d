"""A small, safe reader of RDF/XML: bytes or text in, a graph of nodes out.

Only what e3value files use is read: node elements (typed, or
``rdf:Description`` with ``rdf:type``), property attributes, and property
elements holding text, an ``rdf:resource`` or ``rdf:nodeID`` reference, or
nested node elements. XML is parsed by :mod:`defusedxml` with DTDs
forbidden. The one DTD feature e3value tools write, an internal subset that
declares entities as abbreviations of namespace URIs
(``<!ENTITY a 'http://...'>``), is expanded here first, and only when every
declaration is plain text: anything else in a DTD (external files,
parameter entities, entities that refer to other entities, element
declarations) is refused before the parser sees it.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import attrs

from cocreate._model.text import needs_extra
from cocreate.exceptions import CocreateError, Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from xml.etree.ElementTree import Element

__all__ = ["RDF", "Node", "decode", "parse"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML = "http://www.w3.org/XML/1998/namespace"
_ABOUT, _ID, _NODE_ID = f"{{{RDF}}}about", f"{{{RDF}}}ID", f"{{{RDF}}}nodeID"
_RESOURCE, _TYPE, _PARSE_TYPE = f"{{{RDF}}}resource", f"{{{RDF}}}type", f"{{{RDF}}}parseType"
_BASE = f"{{{_XML}}}base"

_ENCODING = re.compile(rb"\A<\?xml[^>]*?encoding\s*=\s*['\"]([A-Za-z][A-Za-z0-9._-]{0,40})['\"]")
_DECLARATION = re.compile(r"\A\s*<\?xml\s[^>]*?\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+([^\s\[>]+)\s*")
_ENTITY = re.compile(r"<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(\"[^\"]*\"|'[^']*')\s*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PREDEFINED = frozenset({"lt", "gt", "amp", "apos", "quot"})
_UNSAFE_VALUE = re.compile(r"[&%<\"']")


@attrs.define
class Node:
    """One RDF subject: its types, its literal properties and its links."""

    types: set[str] = attrs.field(factory=set)
    literals: dict[str, list[str]] = attrs.field(factory=dict)
    links: dict[str, list[str]] = attrs.field(factory=dict)


def _fail(what: str, message: str) -> FormatError:
    return FormatError(what, [Fault("", message)])


# --------------------------------------------------------------------------
# Bytes to text.


def decode(data: bytes, what: str) -> str:
    """Return the text of an XML document, in the encoding it declares.

    A byte order mark wins; then the ``encoding`` of the XML declaration;
    then UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        match = _ENCODING.match(data)
        encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        if codecs.lookup(encoding)._is_text_encoding:  # noqa: SLF001
            return data.decode(encoding)
        msg = f"the XML declaration names {encoding!r}, which is not a text encoding"
    except LookupError:
        msg = f"the XML declaration names an unknown encoding {encoding!r}"
    except UnicodeDecodeError as error:
        msg = (
            f"the file is not {encoding}: byte {data[error.start]:#04x} at offset "
            f"{error.start} cannot be decoded"
        )
    except UnicodeError as error:
        # Codecs such as punycode, idna and "undefined" fail without a place.
        reason = " ".join(str(error).split())[:100] or type(error).__name__
        msg = f"the file cannot be decoded as {encoding}: {reason}"
    raise _fail(what, msg)


# --------------------------------------------------------------------------
# The prolog: the XML declaration and a DTD of plain entities.


def _prolog_end(text: str) -> int:
    """Return where the root element starts (or the end of the text)."""
    match = re.search(r"<[A-Za-z_]", text)
    return match.start() if match else len(text)


def _entities(text: str, start: int, what: str) -> tuple[dict[str, str], int]:
    """Read an internal DTD subset from ``start`` (just after ``[``)."""
    entities: dict[str, str] = {}
    position = start
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if text.startswith("]", position):
            return entities, position + 1
        comment = _COMMENT.match(text, position)
        if comment:
            position = comment.end()
            continue
        entity = _ENTITY.match(text, position)
        if entity is None:
            shown = text[position : position + 40].split(">", maxsplit=1)[0]
            msg = (
                f"the DTD declares {shown!r}, which cocreate refuses: only plain "
                "<!ENTITY name 'text'> declarations are read, never external files"
            )
            raise _fail(what, msg)
        name, value = entity.group(1), entity.group(2)[1:-1]
        if name in _PREDEFINED or _UNSAFE_VALUE.search(value):
            msg = (
                f"the DTD entity {name!r} is refused: an entity may only abbreviate "
                "plain text, without quotes, '<', '&' or '%'"
            )
            raise _fail(what, msg)
        entities.setdefault(name, value)
        position = entity.end()


def _size(text: str) -> int:
    """Return how many bytes the text takes in UTF-8 (a lone surrogate takes 3)."""
    return len(text.encode("utf-8", "surrogatepass"))


def _without_dtd(text: str, limit: int, what: str) -> str:
    """Return the document without its DTD, its plain entities expanded.

    The expanded document may take at most ``limit`` bytes in UTF-8: counted
    in characters, an entity of 4-byte characters would grow four times as
    large as the limit says, and the parser's memory with it.
    """
    head = _prolog_end(text)
    found = text.find("<!DOCTYPE", 0, head)
    if found < 0:
        return text
    doctype = _DOCTYPE.match(text, found)
    if doctype is None:
        raise _fail(what, "the <!DOCTYPE declaration cannot be read")
    position = doctype.end()
    entities: dict[str, str] = {}
    if text.startswith("[", position):
        entities, position = _entities(text, position + 1, what)
    close = re.compile(r"\s*>").match(text, position)
    if close is None:
        msg = "the DTD refers to an external file (SYSTEM or PUBLIC), which cocreate refuses"
        raise _fail(what, msg)
    body = text[close.end() :]
    if not entities:
        return text[:found] + body
    pattern = re.compile("&(" + "|".join(re.escape(name) for name in entities) + ");")
    uses = Counter(m.group(1) for m in pattern.finditer(body))
    growth = sum(
        times * (_size(entities[name]) - _size(f"&{name};")) for name, times in uses.items()
    )
    size = _size(text) + growth
    if size > limit:
        msg = (
            f"expanding the DTD's entities would make the document {size} bytes long "
            f"(in UTF-8), more than the limit of {limit}"
        )
        raise _fail(what, msg)
    return text[:found] + pattern.sub(lambda m: entities[m.group(1)], body)


# --------------------------------------------------------------------------
# XML to RDF nodes.


def _xml(text: str, what: str) -> Element:
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring
    except ImportError:
        msg = needs_extra("reading e3value files", "defusedxml", "e3value")
        raise CocreateError(msg) from None
    try:
        return fromstring(text, forbid_dtd=True)
    except ParseError as error:
        msg = f"not well-formed XML: {error}"
    except DefusedXmlException as error:
        msg = f"refused: the XML uses a feature cocreate does not read ({type(error).__name__})"
    except (ValueError, RecursionError) as error:
        msg = f"not readable XML: {error}"
    raise _fail(what, msg)


class _Blanks:
    """Names for nodes without a URI, unique within one document."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new(self) -> str:
        return f"_:n{next(self._counter)}"


def _subject(element: Element, base: str, blanks: _Blanks) -> str:
    about = element.get(_ABOUT)
    if about is not None:
        return urljoin(base, about) if base else about
    identifier = element.get(_ID)
    if identifier is not None:
        return f"{base}#{identifier}"
    node_id = element.get(_NODE_ID)
    return f"_:{node_id}" if node_id is not None else blanks.new()


def _uri(tag: object) -> str:
    """Return an ElementTree tag, ``{namespace}local``, as the URI it stands for."""
    text = str(tag)
    return text[1:].replace("}", "", 1) if text.startswith("{") else text


def _append(table: dict[str, list[str]], key: str, value: str) -> None:
    table.setdefault(key, []).append(value)


def _properties(
    node: Node, element: Element, base: str, blanks: _Blanks
) -> Iterator[tuple[Element, str, str]]:
    """Record the properties of one node element; yield nested node elements."""
    for key, text in element.attrib.items():
        if key == _TYPE:
            node.types.add(urljoin(base, text) if base else text)
        elif not key.startswith((f"{{{RDF}}}", f"{{{_XML}}}")):
            _append(node.literals, _uri(key), text)
    for prop in element:
        if prop.get(_PARSE_TYPE) is not None:
            continue  # parseType="Literal", "Resource" or "Collection": not read
        key, where = _uri(prop.tag), prop.get(_BASE, base)
        resource, node_id = prop.get(_RESOURCE), prop.get(_NODE_ID)
        if resource is not None:
            target = urljoin(where, resource) if where else resource
        elif node_id is not None:
            target = f"_:{node_id}"
        elif len(prop):
            for child in prop:
                inner = child.get(_BASE, where)
                target = _subject(child, inner, blanks)
                _append(node.links, key, target)
                yield child, inner, target
            continue
        else:
            _append(node.literals, key, prop.text or "")
            continue
        if prop.tag == _TYPE:
            node.types.add(target)
        else:
            _append(node.links, key, target)


def parse(text: str, *, limit: int, what: str) -> dict[str, Node]:
    """Return the RDF nodes of an RDF/XML document, by subject URI.

    ``limit`` bounds the size of the text in UTF-8 bytes once the DTD's
    entities are expanded. Every problem raises :class:`~cocreate.exceptions.FormatError`.
    """
    text = text.removeprefix("\ufeff")
    declaration = _DECLARATION.match(text)
    if declaration:
        text = text[declaration.end() :]
    root = _xml(_without_dtd(text, limit, what), what)
    if root.tag != f"{{{RDF}}}RDF":
        msg = f"not RDF/XML: the root element is <{root.tag}>, not <rdf:RDF>"
        raise _fail(what, msg)
    nodes: dict[str, Node] = {}
    blanks = _Blanks()
    base = root.get(_BASE, "")
    tops = [(child, child.get(_BASE, base)) for child in root]
    work = [(child, where, _subject(child, where, blanks)) for child, where in tops]
    while work:
        element, where, subject = work.pop()
        node = nodes.setdefault(subject, Node())
        if element.tag != f"{{{RDF}}}Description":
            node.types.add(_uri(element.tag))
        work.extend(_properties(node, element, where, blanks))
    return nodes
