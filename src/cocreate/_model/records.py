"""Initiatives from plain records: the one way in for rows, dicts, files and graphs.

:func:`build` takes the rows of each collection (tuples in field order, or
dicts keyed by field name) and gives exactly the initiative the constructors
give, or every fault at once, with the messages the constructors give:

- the fast path checks whole columns with the field kinds that each class
  states in its ``attrs.fields`` (:mod:`cocreate._model.fields`) and with
  the column form of the rules between fields
  (:mod:`cocreate._model.invariants`), then builds each object once
  (:func:`cocreate._model.fast.build`), by field name;
- where any column is not plainly valid, the careful path builds each row
  with the constructors (which run the row form of the same rules), which
  say what is wrong, and adds the faults of
  shape (unknown, missing or extra fields) and of reference.

:meth:`Initiative.from_dict`, :func:`cocreate.load`, :func:`read_csv`,
:func:`from_pandas` and :meth:`Initiative.from_networkx` all come through here.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice, repeat
from typing import Any

from cocreate._model import fast
from cocreate._model.fields import fill_ins, kinds, names, per_class, required
from cocreate._model.invariants import columns_pass, rules_for
from cocreate._model.types import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Stakeholder,
    Value,
    check_fields,
    initiative_arg,
    reference_faults,
)
from cocreate._model.validate import ID, IDS, OPTIONAL_ID, closest_word, describe
from cocreate.exceptions import Fault, InvalidModelError

__all__ = [
    "CONTRIBUTION_FIELDS",
    "HEADER_FIELDS",
    "REQUIRED_FIELDS",
    "STAKEHOLDER_FIELDS",
    "VALUE_FIELDS",
    "build",
    "from_records",
    "to_records",
    "trusted_initiative",
]

#: The fields of a stakeholder record, in tuple order; the first two are required.
STAKEHOLDER_FIELDS: tuple[str, ...] = names(Stakeholder)
#: The fields of a contribution record, in tuple order; the first two are required.
CONTRIBUTION_FIELDS: tuple[str, ...] = names(Contribution)
#: The fields of a value record, in tuple order; the first two are required.
VALUE_FIELDS: tuple[str, ...] = names(Value)

#: The fields every record of each part must give (a tuple's leading ones).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "initiative": required(Initiative),
    "stakeholders": required(Stakeholder),
    "contributions": required(Contribution),
    "values": required(Value),
}

#: Each collection of an initiative, and the class of its items.
_PARTS: dict[str, type[Any]] = {
    "stakeholders": Stakeholder,
    "contributions": Contribution,
    "values": Value,
}


#: How many rows the fast path checks and builds at a time. Only one chunk's
#: rows and columns are alive at once, besides the objects built, so that the
#: peak memory of a large build is little more than what the result holds.
_CHUNK = 16384


@per_class
def _references(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a class that refer to one stakeholder: its id kinds, by name."""
    return tuple(name for name, kind in kinds(cls) if kind is ID or kind is OPTIONAL_ID)


class _Slow(Exception):  # noqa: N818 - a signal, never seen by users
    """The fast path does not vouch for these rows: take the careful path."""


# --------------------------------------------------------------------------
# The fast path: whole columns at a time.


def _columns(rows: Sequence[Any], names: tuple[str, ...], least: int) -> list[list[Any] | None]:
    """Return the rows' fields as columns, in ``names`` order, or raise :class:`_Slow`.

    A row given as a tuple has at least ``least`` fields (the required ones).

    A field that no row gives is ``None`` instead of a column of ``None``,
    so that it is neither gathered nor checked value by value.
    """
    width = len(names)
    if not rows:
        return [[] for _ in names]
    kinds = set(map(type, rows))
    if kinds in ({tuple}, {list}, {tuple, list}):
        lengths = set(map(len, rows))
        if not lengths or not lengths <= set(range(least, width + 1)):
            raise _Slow
        if len(lengths) > 1:
            rows = [(*row, *repeat(None, width - len(row))) for row in rows]
        given: list[list[Any] | None] = [list(column) for column in zip(*rows, strict=True)]
        return given + [None] * (width - len(given))
    if kinds == {dict}:
        # Iterating the dicts themselves gives their keys in C. A row without
        # a required field needs no test of its own: its column then holds
        # None, which the required fields' kinds refuse.
        keys = set(chain.from_iterable(rows))
        if not keys <= set(names):
            raise _Slow
        return [list(map(dict.get, rows, repeat(name))) if name in keys else None for name in names]
    raise _Slow


def _checked(cls: type[Any], rows: Sequence[Any]) -> dict[str, list[Any]]:
    """Convert every column with its field kind and run the rules between fields.

    Returns the columns by field name; raises :class:`_Slow` if any is not plain.
    """
    fields = names(cls)
    columns = dict(zip(fields, _columns(rows, fields, len(required(cls))), strict=True))
    count = len(rows)
    for rule in rules_for(cls.__name__, before=True):
        if not rule.column(columns):
            raise _Slow
    fills = fill_ins(cls)
    out: dict[str, list[Any]] = {}
    for name, kind in kinds(cls):
        column = columns[name]
        default = fills.get(name)
        if column is None:
            # No row gives the field: one check stands for every row.
            one = kind.column([default])
            if one is None:
                raise _Slow
            out[name] = one * count
            continue
        if default is not None and None in column:
            column = [default if value is None else value for value in column]
        converted = kind.column(column)
        if converted is None:
            raise _Slow
        out[name] = converted
    if not columns_pass(cls.__name__, out):
        raise _Slow  # the constructors say which row breaks which rule
    return out


def _fast(
    header: dict[str, Any], parts: dict[str, Iterator[Any]], built: dict[str, Any]
) -> Initiative:
    """Check and build a chunk of rows at a time; raise :class:`_Slow` at anything not plain.

    Each part's objects go to ``built`` as their chunk is accepted, and
    ``parts`` always holds the rows not yet built, so that the careful path
    can carry on from there: only one chunk's rows and columns are alive at
    a time, besides the objects.
    """
    checked = _Header(header)
    if check_fields(checked, kinds(Initiative)):
        raise _Slow
    header = checked.__dict__
    ids: dict[str, str] = {}
    # What each reference field holds, gathered chunk by chunk, so that
    # reference_faults need not read every built object again.
    held: dict[str, set[object]] = {}
    for part, cls in _PARTS.items():
        references: dict[str, set[object]] = {}
        if part != "stakeholders":
            for name in _references(cls):
                references[name] = held[f"{part}.{name}"] = set()
            held[f"{part}.link"] = set()
        if part == "values":
            held["values.requires"] = set()
        rows = parts[part]
        while chunk := list(islice(rows, _CHUNK)):
            # Until the chunk is built, the careful path must still see its rows.
            parts[part] = chain(chunk, rows)
            columns = _checked(cls, chunk)
            if part == "stakeholders":
                ids.update(zip(columns["id"], columns["id"], strict=True))
                if len(ids) != len(built[part]) + len(columns["id"]):
                    raise _Slow  # a repeated id: the careful path names it
            else:
                _linked(columns, ids, references)
                # The links too, so that reference_faults need read no item for them.
                held[f"{part}.link"].update(columns["link"])
                if part == "values":
                    # Most values require no one: only the sets that name someone.
                    held["values.requires"].update(*filter(None, columns["requires"]))
            built[part].extend(fast.build(cls, columns))
            parts[part] = rows
        built[part] = tuple(built[part])
    people, contributions, values = built["stakeholders"], built["contributions"], built["values"]
    by_id, faults = reference_faults(header["focal"], people, contributions, values, held)
    if faults:
        raise _Slow
    return trusted_initiative(header, people, contributions, values, by_id)


def trusted_initiative(
    header: Mapping[str, Any],
    stakeholders: tuple[Stakeholder, ...],
    contributions: tuple[Contribution, ...],
    values: tuple[Value, ...],
    by_id: dict[str, Stakeholder],
) -> Initiative:
    """Build an initiative whose fields and references :func:`reference_faults` accepted."""
    fields = {
        **header,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
    }
    return fast.assemble(Initiative, fields, {"_by_id": by_id})


def _linked(
    columns: dict[str, list[Any]], ids: dict[str, str], held: dict[str, set[object]]
) -> None:
    """Point a chunk's references at the stakeholders' own ids; raise :class:`_Slow` if unknown.

    Adds the ids each reference column holds to its set in ``held``.
    """
    for name, found in held.items():
        column = columns[name]
        # The field kinds let None through only where the field is optional.
        named = set(column)
        named.discard(None)
        if not named:
            continue  # an optional reference that no row gives
        if not ids.keys() >= named:
            raise _Slow  # an unknown id: the careful path names it
        columns[name] = list(map(ids.get, column))
        found.update(named)


class _Header:
    """The initiative's own fields, as attributes, for the field kinds to check."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)


# --------------------------------------------------------------------------
# The careful path: every row through its constructor.


class _StandIn:
    """Stands for an item that could not be built, so its references are still checked."""

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.role = fields.get("role")
        for name in ("id", "organization", "source", "target", "beneficiary", "provider", "group"):
            # Only a plain str can refer to a stakeholder; anything else (a
            # list, say) was reported where it is, and must not be hashed.
            value = fields.get(name)
            setattr(self, name, value if type(value) is str else None)
        self.customer_of = _id_set(fields.get("customer_of"))
        self.requires = _id_set(fields.get("requires"))


def _id_set(ids: object) -> frozenset[str]:
    """The plain ids in a field that should hold a set of them; others are reported with it."""
    if isinstance(ids, list | tuple | set | frozenset):
        return frozenset(i for i in ids if type(i) is str)
    return frozenset()


def _record(row: object, cls: type[Any], path: str, faults: list[Fault]) -> dict[str, Any]:
    """Return a row's given fields by name, with a fault for anything of the wrong shape."""
    fields_of = names(cls)
    listed = ", ".join(fields_of)
    meant: set[str] = set()  # required fields a misspelt key stands for: not also "missing"
    if isinstance(row, Mapping):
        fields = {}
        for key, value in row.items():
            if isinstance(key, str) and key in fields_of:
                fields[key] = value
            else:
                shown = key if isinstance(key, str) and key.isprintable() else describe(key)
                close = closest_word(key, fields_of)
                reason = f"did you mean {close!r}?" if close else f"allowed: {listed}"
                meant.add(close or "")
                faults.append(Fault(f"{path}.{shown[:60]}", f"unknown field; {reason}"))
    elif isinstance(row, list | tuple):
        if len(row) > len(fields_of):
            faults.append(
                Fault(path, f"must have at most {len(fields_of)} fields ({listed}), got {len(row)}")
            )
        fields = dict(zip(fields_of, row, strict=False))
    else:
        faults.append(
            Fault(path, f"must be a tuple of fields ({listed}) or a dict, got {describe(row)}")
        )
        return {}
    faults.extend(
        Fault(f"{path}.{name}", "missing; this field is required")
        for name in required(cls)
        if name not in fields and name not in meant
    )
    return fields


def _build_row(cls: type[Any], fields: dict[str, Any], path: str, faults: list[Fault]) -> Any:
    needed = required(cls)
    if any(name not in fields for name in needed):
        return _StandIn(fields)  # reported as missing by _record
    # ``None`` in an optional field means it was not given; in a required
    # field it is a wrong value, which the constructor reports. Every field
    # is passed by name, so the order of the class's fields does not matter.
    given = {name: value for name, value in fields.items() if value is not None or name in needed}
    try:
        return cls(**given)
    except InvalidModelError as error:
        faults.extend(fault.under(path) for fault in error.faults)
        return _StandIn(fields)


def _careful(
    header: dict[str, Any], parts: Mapping[str, Iterable[Any]], done: Mapping[str, Sequence[Any]]
) -> tuple[list[Fault], dict[str, list[Any]]]:
    """Return every fault, and the items built (stand-ins for those that could not be).

    The faults are of the header, of each row's shape and fields, and of reference.
    ``done`` are the items the fast path built already from the first rows
    of each part (its checks found nothing wrong with them, as the
    constructors would not); ``parts`` are the rows after those.
    """
    faults = check_fields(_Header(dict(header)), kinds(Initiative))
    built: dict[str, list[Any]] = {}
    for part, cls in _PARTS.items():
        built[part] = list(done[part])
        for index, row in enumerate(parts[part], start=len(built[part])):
            path = f"{part}[{index}]"
            fields = _record(row, cls, path, faults)
            built[part].append(_build_row(cls, fields, path, faults))
    _, more = reference_faults(
        header.get("focal"), built["stakeholders"], built["contributions"], built["values"]
    )
    faults.extend(more)
    return faults, built


def _rows(part: str, items: object, faults: list[Fault]) -> Iterator[Any]:
    """Return an iterator over a part's rows, which are read as they are built."""
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        faults.append(Fault(part, f"must be an iterable of records, got {describe(items)}"))
        return iter(())
    return iter(items)


def build(
    header: dict[str, Any],
    parts: Mapping[str, object],
    *,
    what: str | None = None,
    paths: Mapping[str, Sequence[str]] | None = None,
    shape: Sequence[Fault] = (),
) -> Initiative:
    """Build an initiative from its header fields and the rows of each collection.

    ``header`` has ``name``, ``focal``, ``goal`` and ``process``. ``paths``
    may rename the rows in fault paths (a graph's edges, say); ``shape`` are
    faults the caller found already, reported with the rest.

    The rows of each part are read as they are built, a chunk at a time, and
    each part is read to its end before the next (stakeholders, then
    contributions, then values): a reader may stream them, and need never
    hold them all. Rows that are iterators are read once.
    """
    faults = list(shape)
    # Every header field, the ones not given as None (their default).
    header = {name: header.get(name) for name in names(Initiative)}
    rows = {part: _rows(part, parts.get(part, ()), faults) for part in _PARTS}
    # What the fast path built before it found rows it does not vouch for.
    done: dict[str, Any] = {part: [] for part in _PARTS}
    if not faults:
        collecting = gc.isenabled()
        # The objects built here hold no cycles: pausing the cyclic collector
        # while a million of them are made saves it from scanning them again
        # and again, which would cost as much as making them.
        gc.disable()
        try:
            return _fast(header, rows, done)
        except _Slow:
            pass
        finally:
            if collecting:
                gc.enable()
    taken = {fault.path for fault in faults}
    found, built = _careful(header, rows, done)
    # A fault at or inside a row the caller already reported (``values[0]``
    # is not a table, say) says nothing more about it.
    faults.extend(
        fault
        for fault in found
        if not taken.intersection((fault.path, fault.path.split(".")[0], fault.path.split("[")[0]))
    )
    if not faults:
        # The fast path refuses some rows that the constructors accept (rows
        # of mixed shapes, say): then the items built one by one are the answer.
        return Initiative(
            header.get("name"),  # type: ignore[arg-type]
            header.get("focal"),  # type: ignore[arg-type]
            built["stakeholders"],
            built["contributions"],
            built["values"],
            goal=header.get("goal"),
            process=header.get("process"),
            assumptions=header.get("assumptions"),
        )
    if paths:
        faults = [_renamed(fault, paths) for fault in faults]
    label = header.get("name")
    what = what or (f"initiative {label!r}" if isinstance(label, str) else "initiative")
    raise InvalidModelError(what, faults)


def _renamed(fault: Fault, paths: Mapping[str, Sequence[str]]) -> Fault:
    part, _, rest = fault.path.partition("[")
    if part in paths and rest:
        index, _, tail = rest.partition("]")
        if index.isdigit() and int(index) < len(paths[part]):
            return Fault(paths[part][int(index)] + tail, fault.message)
    return fault


def from_records(
    name: str,
    focal: str | Stakeholder,
    stakeholders: Iterable[Sequence[Any] | Mapping[str, Any]],
    contributions: Iterable[Sequence[Any] | Mapping[str, Any]] = (),
    values: Iterable[Sequence[Any] | Mapping[str, Any]] = (),
    *,
    goal: Goal | str | None = None,
    process: Process | str | None = None,
    assumptions: Iterable[str] = (),
) -> Initiative:
    """Build an initiative from plain records, such as rows from a CSV file or a database.

    Each record is a tuple (or list) of fields in the order of
    :data:`STAKEHOLDER_FIELDS`, :data:`CONTRIBUTION_FIELDS` or
    :data:`VALUE_FIELDS`, of which trailing optional fields may be left
    out, or a dict with those keys, as in :meth:`Initiative.to_dict`.
    Enums are given as members or words (``"technology"``), ids as strings,
    ``customer_of`` as a list, tuple or set of ids. ``None`` in an optional
    field means it was not given (an empty cell): the default applies.

    The result equals what the :class:`Initiative` constructor builds from
    the same fields, and a fault gets the constructor's message; but valid
    rows are checked a column at a time and each object is built once, so
    that large initiatives load fast.

    Parameters
    ----------
    name
        The initiative's name.
    focal
        Id of the organization that runs it.
    stakeholders, contributions, values
        Iterables of records.
    goal, process
        A :class:`Goal` and :class:`Process`, or their words, or ``None``.

    Returns
    -------
    Initiative
        The initiative.

    Raises
    ------
    InvalidModelError
        With every fault in the records, each with its path
        (``contributions[2].source``).

    Examples
    --------
    >>> from cocreate import from_records, classify
    >>> nike = from_records(
    ...     "Nike+",
    ...     "nike",
    ...     [
    ...         ("nike", "firm", "Nike"),
    ...         ("apple", "firm"),
    ...         ("runners", "customer", None, None, ["nike"]),
    ...     ],
    ...     [("apple", "technology", None, 2.0), ("runners", "data", "nike", 1.0, "runs")],
    ...     [("nike", 4.0), ("apple", 5.0, "nike", "revenue"), ("runners", 3.0)],
    ...     goal="new_offering",
    ... )
    >>> print(nike)
    Initiative 'Nike+' with 3 stakeholders, 2 contributions, 3 values
    >>> classify(nike).kind.label
    'co-creation'
    >>> from_records("x", "acme", [{"id": "acme", "role": "firm"}], [("acme", "ideas", "bob")])
    Traceback (most recent call last):
    ...
    cocreate.exceptions.InvalidModelError: invalid initiative 'x' (1 fault):
      contributions[0].target: unknown stakeholder 'bob'; known: 'acme'
    """
    header = {
        "name": name,
        "focal": focal.id if isinstance(focal, Stakeholder) else focal,
        "goal": goal,
        "process": process,
        "assumptions": assumptions,
    }
    return build(
        header,
        {"stakeholders": stakeholders, "contributions": contributions, "values": values},
    )


# --------------------------------------------------------------------------
# Records out, in the canonical order.

StakeholderRecord = tuple[Any, ...]
ContributionRecord = tuple[Any, ...]
ValueRecord = tuple[Any, ...]


def _plain(kind: Any) -> Any:
    """How a field of this kind is written in a record: enums as words, id sets sorted."""
    if kind.words:
        return lambda value: None if value is None else value.value
    if kind is IDS:
        return lambda value: tuple(sorted(value))
    return None


def _record_writer(cls: type[Any]) -> Any:
    """A function from an item to its record, written from the class's field kinds."""
    plain = [_plain(kind) for _, kind in kinds(cls)]
    get = operator.attrgetter(*names(cls))

    def record(item: Any) -> tuple[Any, ...]:
        return tuple(
            value if convert is None else convert(value)
            for value, convert in zip(get(item), plain, strict=True)
        )

    return record


#: A stakeholder as a tuple in :data:`STAKEHOLDER_FIELDS` order.
stakeholder_record = _record_writer(Stakeholder)
#: A contribution as a tuple in :data:`CONTRIBUTION_FIELDS` order.
contribution_record = _record_writer(Contribution)
#: A value as a tuple in :data:`VALUE_FIELDS` order.
value_record = _record_writer(Value)
#: An initiative's own fields (name, focal, goal, process, assumptions) as a tuple.
header_record = _record_writer(Initiative)
#: The names of those fields, in that order.
HEADER_FIELDS: tuple[str, ...] = names(Initiative)


def to_records(
    initiative: Initiative,
) -> tuple[list[StakeholderRecord], list[ContributionRecord], list[ValueRecord]]:
    """Return an initiative's stakeholders, contributions and values as plain tuples.

    The tuples have every field, in the order of :data:`STAKEHOLDER_FIELDS`,
    :data:`CONTRIBUTION_FIELDS` and :data:`VALUE_FIELDS`, with enums as
    their words and ``customer_of`` as a sorted tuple; :func:`from_records`
    turns them back into an equal initiative. They come in the canonical
    order of :attr:`Initiative.ordered`, so equal initiatives give equal
    records.

    Examples
    --------
    >>> from cocreate import from_records, to_records
    >>> from cocreate.examples import nike_plus
    >>> people, contributions, values = to_records(nike_plus())
    >>> people[2]
    ('runners', 'customer', 'runners', None, ('apple', 'nike'), 1, None)
    >>> contributions[0]
    ('apple', 'technology', None, 2.0, 'The sensor and its iPod link', None, None, False, None)
    >>> initiative = nike_plus()
    >>> same = from_records(
    ...     initiative.name, initiative.focal, people, contributions, values,
    ...     goal=initiative.goal, process=initiative.process,
    ... )
    >>> same == initiative
    True
    """
    people, given, got = _initiative_arg(initiative).ordered
    return (
        list(map(stakeholder_record, people)),
        list(map(contribution_record, given)),
        list(map(value_record, got)),
    )


def _initiative_arg(initiative: object) -> Initiative:
    return initiative_arg(initiative, "to_records")
