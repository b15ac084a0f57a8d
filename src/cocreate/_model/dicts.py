"""The dict form of an initiative: JSON-ready, lossless, versioned, canonical.

Reading checks the document's own keys (``format``, ``version``, the header
fields) and hands the rows to :func:`cocreate._model.records.build`, the one way in
that every source shares, so a fault reads the same here as from the
constructors or from records. Every fault in a document is reported at once.

Writing emits the canonical order: stakeholders by id, contributions and
values sorted by their fields, so equal initiatives give equal documents.
The JSON Schema in ``schema.json`` describes the same shape; keep the two in
step (``tests/test_schema.py`` checks them against each other).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate._model.fields import defaults, kinds, names, per_class
from cocreate._model.records import build
from cocreate._model.types import (
    FROM_DICT,
    TO_DICT,
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    initiative_arg,
)
from cocreate._model.validate import IDS, TEXTS, FieldKind, closest_word, describe
from cocreate.exceptions import Fault, FormatError

__all__ = ["FORMAT", "FORMAT_VERSION", "initiative_from_dict", "initiative_to_dict"]

#: The value of the ``format`` key in every document.
FORMAT = "cocreate"
#: The newest format version this library writes and reads.
FORMAT_VERSION = 1

#: The document's own keys: its format and version, then the initiative's own fields.
_TOP = ("format", "version", *names(Initiative))
_PARTS = ("stakeholders", "contributions", "values")


@TO_DICT.fill
def initiative_to_dict(initiative: Initiative) -> dict[str, Any]:
    """Return the dict form; keys with default values are left out.

    Examples
    --------
    >>> from cocreate.examples import solo_development
    >>> data = initiative_to_dict(solo_development())
    >>> data["format"], data["version"], data["stakeholders"][1]
    ('cocreate', 1, {'id': 'buyers', 'role': 'customer', 'customer_of': ['acme']})
    """
    initiative = initiative_arg(initiative, "to_dict")
    data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
    # The initiative's own fields, as its items' are written: defaults left out.
    data.update(item_fields(initiative))
    people, given, got = initiative.ordered
    data["stakeholders"] = [item_fields(s) for s in people]
    data["contributions"] = [item_fields(c) for c in given]
    data["values"] = [item_fields(v) for v in got]
    return data


def item_fields(item: Stakeholder | Contribution | Value | Initiative) -> dict[str, Any]:
    """Return an item's fields as plain data in field order, defaults left out.

    Written from the class's field kinds: enums as their words, sets of ids
    and lines of text as lists (sets sorted), and a stakeholder's name only
    where it is not its id. An initiative gives its own fields, not its
    collections.

    Examples
    --------
    >>> item_fields(Contribution("apple", "technology", cost=2.0))
    {'source': 'apple', 'resource': 'technology', 'cost': 2.0}
    """
    cls: Any = type(item)
    out: dict[str, Any] = {}
    for name, kind, default in _plan(cls):
        value = getattr(item, name)
        if value == default and type(value) is type(default) and default is not _REQUIRED:
            continue
        if name == "name" and value == getattr(item, "id", None):
            continue  # an empty name means the id
        if kind.words:
            value = value.value
        elif kind is IDS:
            value = sorted(value)
        elif kind is TEXTS:
            value = list(value)
        out[name] = value
    return out


#: Stands for a field without a default.
_REQUIRED = object()


@per_class
def _plan(cls: type[Any]) -> tuple[tuple[str, FieldKind[Any], Any], ...]:
    """Each field with a kind, its kind, and its default (or :data:`_REQUIRED`), in field order."""
    given = defaults(cls)
    return tuple((name, kind, given.get(name, _REQUIRED)) for name, kind in kinds(cls))


def _version_faults(table: Mapping[Any, Any]) -> list[Fault]:
    faults = []
    fmt = table.get("format", FORMAT)
    if fmt != FORMAT or type(fmt) is not str:
        faults.append(Fault("format", f"must be {FORMAT!r}, got {describe(fmt)}"))
    version = table.get("version", FORMAT_VERSION)
    if isinstance(version, float) and version.is_integer():
        # JSON has one kind of number: 1.0 is the whole number 1, as the
        # JSON Schema's "integer" says.
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        faults.append(Fault("version", f"must be a whole number >= 1, got {describe(version)}"))
    elif version > FORMAT_VERSION:
        faults.append(
            Fault(
                "version",
                f"this file has format version {version}, written by a newer cocreate; "
                f"this version reads format version {FORMAT_VERSION} and older",
            )
        )
    return faults


def _key_faults(table: Mapping[Any, Any]) -> list[Fault]:
    faults = []
    allowed = _TOP + _PARTS
    meant = set()  # fields a misspelt key stands for: not also "missing"
    for key in table:
        if not isinstance(key, str) or key not in allowed:
            shown = key if isinstance(key, str) and key.isprintable() else describe(key)
            close = closest_word(key, allowed)
            meant.add(close)
            reason = f"did you mean {close!r}?" if close else f"allowed: {', '.join(allowed)}"
            faults.append(Fault(shown[:60], f"unknown field; {reason}"))
    faults.extend(
        Fault(key, "missing; this field is required")
        for key in ("name", "focal", "stakeholders")
        if key not in table and key not in meant
    )
    for part in _PARTS:
        items = table.get(part, [])
        if not isinstance(items, list | tuple):
            hint = f" (in TOML, write [[{part}]])" if isinstance(items, Mapping) else ""
            faults.append(Fault(part, f"must be an array of records{hint}, got {describe(items)}"))
    return faults


@FROM_DICT.fill
def initiative_from_dict(data: object) -> Initiative:
    """Build an initiative from its dict form, reporting every fault at once.

    Raises
    ------
    FormatError
        If the document is not a table at all.
    InvalidModelError
        With every fault in the document, each with its path: unknown or
        missing fields, wrong types and words, unknown stakeholders,
        duplicate ids, a focal stakeholder that is not an organization, a
        contribution to oneself. The messages are the constructors' own.

    Examples
    --------
    >>> from cocreate.exceptions import InvalidModelError
    >>> data = {"name": "x", "focal": "acme", "stakeholders": [{"id": "acme", "role": "boss"}]}
    >>> try:
    ...     initiative_from_dict(data)
    ... except InvalidModelError as error:
    ...     print(error.faults[0])
    stakeholders[0].role: must be a Role ('firm', 'customer', ...), got str 'boss'
    """
    if not isinstance(data, Mapping):
        raise FormatError(
            "initiative document", [Fault("", f"must be a table, got {describe(data)}")]
        )
    shape = _version_faults(data) + _key_faults(data)
    header = {key: data.get(key) for key in names(Initiative)}
    parts = {part: data.get(part, []) for part in _PARTS}
    for part in _PARTS:
        if not isinstance(parts[part], list | tuple):
            parts[part] = []
        # A document's rows are tables, as the schema says; tuples of fields
        # are for from_records only.
        shape.extend(
            Fault(f"{part}[{index}]", f"must be a table, got {describe(row)}")
            for index, row in enumerate(parts[part])
            # ``type(row) is dict`` first: parsed rows are dicts, and the
            # ABC check costs several times more per row.
            if type(row) is not dict and not isinstance(row, Mapping)
        )
    return build(header, parts, shape=shape)
