"""The dict form of an initiative: JSON-ready, lossless, versioned.

``initiative_from_dict`` never lets anything but
:class:`~cocreate.exceptions.InvalidModelError` escape, and reports every
fault in the document at once, each with its path. Messages show the
offending value briefly (long strings are cut, containers are named by their
type), so that a hostile document cannot make a message huge or recurse.

The JSON Schema in ``schema.json`` describes the same shape; keep the two in
step (``tests/test_schema.py`` checks them against each other).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from cocreate._model import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
    _WordEnum,
)
from cocreate.exceptions import Fault, FormatError, InvalidModelError

__all__ = ["FORMAT", "FORMAT_VERSION", "initiative_from_dict", "initiative_to_dict"]

#: The value of the ``format`` key in every document.
FORMAT = "cocreate"
#: The newest format version this library writes and reads.
FORMAT_VERSION = 1

_TOP_REQUIRED = ("name", "focal", "stakeholders")
_TOP_OPTIONAL = ("format", "version", "goal", "process", "contributions", "values")


def initiative_to_dict(initiative: Initiative) -> dict[str, Any]:
    """Return the dict form; keys with default values are left out.

    Examples
    --------
    >>> from cocreate.examples import solo_development
    >>> data = initiative_to_dict(solo_development())
    >>> data["format"], data["version"], data["stakeholders"][1]
    ('cocreate', 1, {'id': 'buyers', 'role': 'customer', 'customer_of': ['acme']})
    """
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": initiative.name,
        "focal": initiative.focal,
    }
    if initiative.goal is not None:
        data["goal"] = initiative.goal.value
    if initiative.process is not None:
        data["process"] = initiative.process.value
    data["stakeholders"] = [stakeholder_fields(s) for s in initiative.stakeholders]
    data["contributions"] = [contribution_fields(c) for c in initiative.contributions]
    data["values"] = [value_fields(v) for v in initiative.values]
    return data


def stakeholder_fields(person: Stakeholder) -> dict[str, Any]:
    """Return a stakeholder's fields as plain data, defaults left out."""
    out: dict[str, Any] = {"id": person.id, "role": person.role.value}
    if person.name != person.id:
        out["name"] = person.name
    if person.organization is not None:
        out["organization"] = person.organization
    if person.customer_of:
        out["customer_of"] = sorted(person.customer_of)
    return out


def contribution_fields(contribution: Contribution) -> dict[str, Any]:
    """Return a contribution's fields as plain data, defaults left out."""
    out: dict[str, Any] = {
        "source": contribution.source,
        "resource": contribution.resource.value,
    }
    if contribution.target is not None:
        out["target"] = contribution.target
    if contribution.cost:
        out["cost"] = contribution.cost
    if contribution.description:
        out["description"] = contribution.description
    return out


def value_fields(value: Value) -> dict[str, Any]:
    """Return a value's fields as plain data, defaults left out."""
    out: dict[str, Any] = {"beneficiary": value.beneficiary, "amount": value.amount}
    if value.provider is not None:
        out["provider"] = value.provider
    if value.kind is not ValueKind.OTHER:
        out["kind"] = value.kind.value
    if value.description:
        out["description"] = value.description
    return out


# --------------------------------------------------------------------------
# Reading: each reader checks the shape of plain data, appends faults with
# their paths, and returns None where the item cannot be built.


def _type_name(value: object) -> str:
    names = {dict: "a table", list: "an array", str: "a string", bool: "a boolean"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"


#: How many characters of a value a message shows at most.
_SHOWN = 60
#: Integers with more bits than this are not shown digit by digit.
_SHOWN_BITS = 128


def _show(value: object) -> str:
    """Return a short, safe description of a value read from a document.

    Strings and numbers are shown as ``repr`` (cut when long); anything else
    is named by its type, so that a deeply nested value never recurses.
    """
    if isinstance(value, str) or value is None or isinstance(value, bool | float):
        text = repr(value)
    elif isinstance(value, int):
        if value.bit_length() > _SHOWN_BITS:
            return "a number too large for a float"
        text = repr(value)
    else:
        return _type_name(value)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 4] + "...'"
    return text


def _key_text(key: object) -> str:
    """Return a key as it may appear in a fault path: plain if printable and short."""
    if isinstance(key, str) and key.isprintable() and 0 < len(key) <= _SHOWN:
        return key
    return _show(key)


class _Reader:
    """Collects faults while reading plain data into model fields.

    Faults of shape (a wrong type, an unknown key or word, a missing key)
    come through :meth:`fault`; faults of the model built from well-shaped
    data (an unknown stakeholder, a duplicate id) are added by :meth:`build`
    and :func:`assemble`. :meth:`error` raises a
    :class:`~cocreate.exceptions.FormatError` if there is any fault of shape,
    and a plain :class:`~cocreate.exceptions.InvalidModelError` otherwise.
    """

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.malformed = False

    def fault(self, path: str, message: str) -> None:
        self.faults.append(Fault(path, message))
        self.malformed = True

    def error(self, what: str) -> InvalidModelError:
        """Return the error to raise for the faults found so far."""
        cls = FormatError if self.malformed else InvalidModelError
        return cls(what, _unique(self.faults))

    def table(
        self,
        data: object,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> Mapping[str, Any] | None:
        if not isinstance(data, Mapping):
            self.fault(path, f"must be a table (object), got {_type_name(data)}")
            return None
        ok = True
        for key in data:
            if not isinstance(key, str) or key not in required + optional:
                allowed = ", ".join(repr(k) for k in required + optional)
                self.fault(_join(path, _key_text(key)), f"unknown key; allowed: {allowed}")
                ok = False
        for key in required:
            if key not in data:
                self.fault(_join(path, key), "missing; this key is required")
                ok = False
        return data if ok else None

    def text(self, data: Mapping[str, Any], key: str, path: str, *, ident: bool = False) -> Any:
        value = data.get(key)
        if not isinstance(value, str):
            self.fault(_join(path, key), f"must be a string, got {_type_name(value)}")
            return None
        if ident and not value:
            self.fault(_join(path, key), "must be a non-empty stakeholder id")
            return None
        return value

    def optional_text(
        self, data: Mapping[str, Any], key: str, path: str, *, ident: bool = False
    ) -> Any:
        if data.get(key) is None:
            return None
        return self.text(data, key, path, ident=ident)

    def word(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        cls: type[_WordEnum],
        *,
        optional: bool = False,
    ) -> Any:
        value = data.get(key)
        if value is None and optional:
            return None
        words = ", ".join(repr(w) for w in cls.words())
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        self.fault(_join(path, key), f"unknown {cls.__name__} {_show(value)}; use one of {words}")
        return None

    def number(self, data: Mapping[str, Any], key: str, path: str, *, non_negative: bool) -> Any:
        value = data.get(key)
        bound = " >= 0" if non_negative else ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fault(_join(path, key), f"must be a finite number{bound}, got {_type_name(value)}")
            return None
        if isinstance(value, int) and abs(value) > sys.float_info.max:
            # Larger than the largest float, even where float() would round
            # it down to that: the JSON Schema draws the line here too.
            number = math.inf
        else:
            number = float(value)
        if not math.isfinite(number) or (non_negative and number < 0):
            too_large = isinstance(value, int) and math.isinf(number)
            shown = "a number too large for a float" if too_large else repr(number)
            self.fault(_join(path, key), f"must be a finite number{bound}, got {shown}")
            return None
        return number

    def id_list(self, data: Mapping[str, Any], key: str, path: str) -> Any:
        value = data.get(key, ())
        if not isinstance(value, list | tuple):
            self.fault(_join(path, key), f"must be an array of ids, got {_type_name(value)}")
            return None
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.fault(
                    f"{_join(path, key)}[{index}]",
                    f"must be a non-empty stakeholder id, got {_type_name(item)}",
                )
                ok = False
        return tuple(value) if ok else None

    def build(self, path: str, factory: Callable[[], Any]) -> Any:
        try:
            return factory()
        except InvalidModelError as error:
            self.faults.extend(fault.under(path) for fault in error.faults)
            return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def read_stakeholder(reader: _Reader, data: object, path: str) -> Stakeholder | None:
    """Read one stakeholder; faults go to ``reader``."""
    table = reader.table(data, path, ("id", "role"), ("name", "organization", "customer_of"))
    if table is None:
        return None
    before = len(reader.faults)
    id_ = reader.text(table, "id", path, ident=True)
    role = reader.word(table, "role", path, Role)
    name = reader.optional_text(table, "name", path)
    organization = reader.optional_text(table, "organization", path, ident=True)
    customer_of = reader.id_list(table, "customer_of", path)
    if len(reader.faults) > before:
        return None
    return reader.build(  # type: ignore[no-any-return]
        path,
        lambda: Stakeholder(
            id_, role, name=name, organization=organization, customer_of=customer_of
        ),
    )


def read_contribution(reader: _Reader, data: object, path: str) -> Contribution | None:
    """Read one contribution; faults go to ``reader``."""
    table = reader.table(data, path, ("source", "resource"), ("target", "cost", "description"))
    if table is None:
        return None
    before = len(reader.faults)
    source = reader.text(table, "source", path, ident=True)
    resource = reader.word(table, "resource", path, Resource)
    target = reader.optional_text(table, "target", path, ident=True)
    cost = 0.0 if "cost" not in table else reader.number(table, "cost", path, non_negative=True)
    description = "" if "description" not in table else reader.text(table, "description", path)
    if len(reader.faults) > before:
        return None
    return reader.build(  # type: ignore[no-any-return]
        path,
        lambda: Contribution(source, resource, target=target, cost=cost, description=description),
    )


def read_value(reader: _Reader, data: object, path: str) -> Value | None:
    """Read one value; faults go to ``reader``."""
    table = reader.table(data, path, ("beneficiary", "amount"), ("provider", "kind", "description"))
    if table is None:
        return None
    before = len(reader.faults)
    beneficiary = reader.text(table, "beneficiary", path, ident=True)
    amount = reader.number(table, "amount", path, non_negative=False)
    provider = reader.optional_text(table, "provider", path, ident=True)
    kind = (
        ValueKind.OTHER
        if table.get("kind") is None
        else reader.word(table, "kind", path, ValueKind)
    )
    description = "" if "description" not in table else reader.text(table, "description", path)
    if len(reader.faults) > before:
        return None
    return reader.build(  # type: ignore[no-any-return]
        path,
        lambda: Value(beneficiary, amount, provider=provider, kind=kind, description=description),
    )


_INDEXED = re.compile(r"^(stakeholders|contributions|values)\[(\d+)\]")


def assemble(
    reader: _Reader,
    header: Mapping[str, Any],
    parts: Mapping[str, list[tuple[str, Any]]],
    what: str,
) -> Initiative:
    """Build the initiative from read parts, or raise with every fault.

    ``parts`` maps each collection name to ``(path, item or None)`` pairs.
    Items that could not be read are left out of the trial build, and the
    faults of the trial build are given the paths of the original items.
    """
    kept: dict[str, list[Any]] = {}
    paths: dict[str, list[str]] = {}
    for field, pairs in parts.items():
        kept[field] = [item for _, item in pairs if item is not None]
        paths[field] = [path for path, item in pairs if item is not None]
    try:
        initiative = Initiative(
            header.get("name"),  # type: ignore[arg-type]
            header.get("focal"),  # type: ignore[arg-type]
            kept["stakeholders"],
            kept["contributions"],
            kept["values"],
            goal=header.get("goal"),
            process=header.get("process"),
        )
    except InvalidModelError as error:
        for fault in error.faults:
            match = _INDEXED.match(fault.path)
            if match:
                original = paths[match.group(1)][int(match.group(2))]
                fault = Fault(original + fault.path[match.end() :], fault.message)  # noqa: PLW2901
            reader.faults.append(fault)
        initiative = None
    if reader.faults:
        raise reader.error(what)
    assert initiative is not None  # noqa: S101 - no faults means it was built
    return initiative


def _unique(faults: list[Fault]) -> list[Fault]:
    return list(dict.fromkeys(faults))


def _placeholder(item: object) -> Stakeholder | None:
    """Stand in for a stakeholder that could not be read.

    References to its id are then not reported as unknown as well; its own
    faults are reported.
    """
    if isinstance(item, Mapping):
        id_ = item.get("id")
        if isinstance(id_, str) and id_:
            return Stakeholder(id_, Role.PARTNER)
    return None


def initiative_from_dict(data: object) -> Initiative:
    """Build an initiative from its dict form, reporting every fault at once.

    Raises
    ------
    FormatError
        If the document has the wrong shape: not a table, an unknown or
        missing key, a wrong type, an unknown word, a number out of range
        (what the JSON Schema checks). Every fault is listed, of shape or not.
    InvalidModelError
        If the document has the right shape but the model is invalid: an
        unknown stakeholder, a duplicate id, a focal stakeholder that is not
        an organization, a contribution to oneself.

    Examples
    --------
    >>> from cocreate.exceptions import InvalidModelError
    >>> data = {"name": "x", "focal": "acme", "stakeholders": [{"id": "acme", "role": "boss"}]}
    >>> try:
    ...     initiative_from_dict(data)
    ... except InvalidModelError as error:
    ...     print(error.faults[0])
    stakeholders[0].role: unknown Role 'boss'; use one of 'firm', 'customer', ...
    """
    reader = _Reader()
    table = reader.table(data, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if table is None:
        if not isinstance(data, Mapping):
            raise FormatError("initiative document", reader.faults)
        # Unknown or missing top-level keys: read on to report the rest too.
        table = data
    fmt = table.get("format", FORMAT)
    if not isinstance(fmt, str) or fmt != FORMAT:
        reader.fault("format", f"must be {FORMAT!r}, got {_show(fmt)}")
    version = table.get("version", FORMAT_VERSION)
    if isinstance(version, float) and version.is_integer():
        # JSON has one kind of number: 1.0 is the whole number 1, as the
        # JSON Schema's "integer" says.
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        reader.fault("version", f"must be a whole number >= 1, got {_show(version)}")
    elif version > FORMAT_VERSION:
        reader.fault(
            "version",
            f"this file has format version {_show(version)}, written by a newer cocreate; "
            f"this version reads format version {FORMAT_VERSION} and older",
        )
    header = {
        "name": reader.text(table, "name", "") if "name" in table else None,
        "focal": reader.text(table, "focal", "", ident=True) if "focal" in table else None,
        "goal": reader.word(table, "goal", "", Goal, optional=True),
        "process": reader.word(table, "process", "", Process, optional=True),
    }
    readers = {
        "stakeholders": read_stakeholder,
        "contributions": read_contribution,
        "values": read_value,
    }
    parts: dict[str, list[tuple[str, Any]]] = {}
    for field, read in readers.items():
        items = table.get(field, [])
        parts[field] = []
        if not isinstance(items, list | tuple):
            hint = f" (in TOML, write [[{field}]])" if isinstance(items, Mapping) else ""
            reader.fault(field, f"must be an array of tables{hint}, got {_type_name(items)}")
            continue
        for index, item in enumerate(items):
            path = f"{field}[{index}]"
            built = read(reader, item, path)
            if built is None and field == "stakeholders":
                built = _placeholder(item)
            parts[field].append((path, built))
    if header["name"] is None or header["focal"] is None:
        raise reader.error("initiative document")
    return assemble(reader, header, parts, f"initiative {header['name']!r}")
