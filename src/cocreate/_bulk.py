"""Initiatives from plain records: tuples, dicts, CSV files and pandas frames.

The bulk path checks every row in one tight loop, builds each model object
once, with its ids interned to the stakeholder's own id string and its
enums shared, and gives exactly the initiative the ordinary constructor
gives. Where a row is wrong, every fault is reported at once, with the
paths and messages :meth:`Initiative.from_dict` gives for the same rows.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cocreate._dict import initiative_from_dict
from cocreate._files import (
    MAX_BYTES,
    Problem,
    check_max_bytes,
    check_path,
    journal_problem,
    name_problem,
    open_text,
    os_reason,
    printable,
    shown,
    write_files,
)
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
    _slot_setters,
    _trusted_initiative,
    _WordEnum,
)
from cocreate.exceptions import ArgumentError, CocreateError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONTRIBUTION_FIELDS",
    "CSV_FILES",
    "STAKEHOLDER_FIELDS",
    "VALUE_FIELDS",
    "from_records",
    "read_csv",
    "records_from_pandas",
    "to_pandas_records",
    "to_records",
    "write_csv",
]

#: The fields of a stakeholder record, in tuple order; the first two are required.
STAKEHOLDER_FIELDS = ("id", "role", "name", "organization", "customer_of")
#: The fields of a contribution record, in tuple order; the first two are required.
CONTRIBUTION_FIELDS = ("source", "resource", "target", "cost", "description")
#: The fields of a value record, in tuple order; the first two are required.
VALUE_FIELDS = ("beneficiary", "amount", "provider", "kind", "description")
#: The fields of the header file of the CSV form.
HEADER_FIELDS = ("name", "focal", "goal", "process")

#: The file names of the CSV form, by part.
CSV_FILES = {
    "initiative": "initiative.csv",
    "stakeholders": "stakeholders.csv",
    "contributions": "contributions.csv",
    "values": "values.csv",
}

_FIELDS = {
    "stakeholders": STAKEHOLDER_FIELDS,
    "contributions": CONTRIBUTION_FIELDS,
    "values": VALUE_FIELDS,
}
_REQUIRED = 2
_LARGEST = sys.float_info.max
_NO_IDS: frozenset[str] = frozenset()

StakeholderRecord = tuple[str, str, str, str | None, tuple[str, ...]]
ContributionRecord = tuple[str, str, str | None, float, str]
ValueRecord = tuple[str, float, str | None, str, str]


class _Invalid(Exception):  # noqa: N818 - a signal, not an error users see
    """A row is not valid: leave the fast path and report every fault."""


def _words(cls: type[_WordEnum]) -> dict[object, Any]:
    """Map each member and its word to the member."""
    table: dict[object, Any] = {member: member for member in cls}
    table.update({member.value: member for member in cls})
    return table


def _word(table: dict[object, Any], cls: type[_WordEnum], value: object) -> Any:
    """Return the member for a spelling not in ``table`` yet, and remember it."""
    if not isinstance(value, str):
        raise _Invalid
    try:
        member = cls(value)
    except ValueError:
        raise _Invalid from None
    table[value] = member
    return member


def _fields(row: object, names: tuple[str, ...]) -> tuple[Any, ...]:
    """Return a row's fields in ``names`` order, ``None`` for those not given."""
    if isinstance(row, Mapping):
        if not row.keys() <= set(names) or any(key not in row for key in names[:_REQUIRED]):
            raise _Invalid
        return tuple(row.get(key) for key in names)
    if (
        isinstance(row, Sequence)
        and not isinstance(row, str | bytes)
        and _REQUIRED <= len(row) <= len(names)
    ):
        return (*row, *(None,) * (len(names) - len(row)))
    raise _Invalid


def _number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _Invalid


def _rows(items: Iterable[Any]) -> list[Any] | tuple[Any, ...]:
    if isinstance(items, list | tuple):
        return items
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise _Invalid
    return list(items)


def from_records(
    name: str,
    focal: str | Stakeholder,
    stakeholders: Iterable[Sequence[Any] | Mapping[str, Any]],
    contributions: Iterable[Sequence[Any] | Mapping[str, Any]] = (),
    values: Iterable[Sequence[Any] | Mapping[str, Any]] = (),
    *,
    goal: Goal | str | None = None,
    process: Process | str | None = None,
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
    the same fields, but the rows are checked in one tight loop and each
    object is built once, so that large initiatives load fast.

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
        (``contributions[2].source``) and the message
        :meth:`Initiative.from_dict` gives for the same rows.

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
    parts: dict[str, list[Any] | tuple[Any, ...] | object] = {}
    for part, items in (
        ("stakeholders", stakeholders),
        ("contributions", contributions),
        ("values", values),
    ):
        try:
            parts[part] = _rows(items)
        except _Invalid:
            parts[part] = items
    if isinstance(focal, Stakeholder):
        focal = focal.id
    collecting = gc.isenabled()
    # The objects built here hold no cycles: pausing the cyclic collector
    # while a million of them are made saves it from scanning them again
    # and again, which would cost as much as making them.
    gc.disable()
    try:
        built = _fast(name, focal, parts, goal, process)
    except Exception:  # noqa: BLE001 - any surprise: the careful path says what it is
        built = None
    finally:
        if collecting:
            gc.enable()
    if built is not None:
        return built
    return _careful(name, focal, parts, goal, process)


def _fast(
    name: object,
    focal: object,
    parts: Mapping[str, object],
    goal: object,
    process: object,
) -> Initiative:
    """Check and build in one pass per collection; raise at the first fault."""
    if not isinstance(name, str):
        raise _Invalid
    goal_member = None if goal is None else _words(Goal).get(goal) or _word({}, Goal, goal)
    process_member = (
        None if process is None else _words(Process).get(process) or _word({}, Process, process)
    )
    rows = parts["stakeholders"]
    if not isinstance(rows, list | tuple):
        raise _Invalid
    people, by_id = _fast_stakeholders(rows)
    runner = by_id.get(focal)  # type: ignore[call-overload]
    if runner is None or not runner.is_organization:
        raise _Invalid
    ids = {key: person.id for key, person in by_id.items()}
    contributions = parts["contributions"]
    values = parts["values"]
    if not isinstance(contributions, list | tuple) or not isinstance(values, list | tuple):
        raise _Invalid
    return _trusted_initiative(
        name,
        runner.id,
        people,
        _fast_contributions(contributions, ids),
        _fast_values(values, ids),
        goal_member,
        process_member,
        by_id,
    )


def _fast_stakeholders(
    rows: Sequence[Any],
) -> tuple[tuple[Stakeholder, ...], dict[str, Stakeholder]]:
    new = object.__new__
    set_id, set_role, set_name, set_organization, set_customer_of = _slot_setters(Stakeholder)
    roles = _words(Role)
    by_id: dict[str, Stakeholder] = {}
    people = []
    references = []
    for row in rows:
        id_, role, label, organization, customer_of = _fields(row, STAKEHOLDER_FIELDS)
        if type(id_) is not str or not id_ or id_ in by_id:
            raise _Invalid
        member = roles.get(role) or _word(roles, Role, role)
        if label is None or label == "":
            label = id_
        elif not isinstance(label, str):
            raise _Invalid
        person = new(Stakeholder)
        set_id(person, id_)
        set_role(person, member)
        set_name(person, label)
        set_organization(person, None)
        set_customer_of(person, _NO_IDS)
        by_id[id_] = person
        people.append(person)
        if customer_of is not None and not isinstance(customer_of, list | tuple | set | frozenset):
            raise _Invalid
        if organization is not None or customer_of:
            references.append((person, organization, customer_of))
    for person, organization, customer_of in references:
        if organization is not None:
            set_organization(person, by_id[organization].id)
        if customer_of:
            set_customer_of(person, frozenset([by_id[org].id for org in customer_of]))
    return tuple(people), by_id


def _fast_contributions(rows: Sequence[Any], ids: dict[str, str]) -> tuple[Contribution, ...]:
    new = object.__new__
    cls = Contribution
    set_source, set_resource, set_target, set_cost, set_description = _slot_setters(cls)
    get_id = ids.get
    resources = _words(Resource)
    get_resource = resources.get
    largest = _LARGEST
    built: list[Contribution] = []
    append = built.append
    for row in rows:
        if type(row) is tuple and len(row) == 5:
            source, resource, target, cost, description = row
        else:
            source, resource, target, cost, description = _fields(row, CONTRIBUTION_FIELDS)
        source = get_id(source)
        if source is None:
            raise _Invalid
        member = get_resource(resource) or _word(resources, Resource, resource)
        if target is not None:
            target = get_id(target)
            if target is None or target is source:
                raise _Invalid
        if type(cost) is not float:
            cost = 0.0 if cost is None else _number(cost)
        if not 0.0 <= cost <= largest:
            raise _Invalid
        if description is None:
            description = ""
        elif type(description) is not str:
            raise _Invalid
        item = new(cls)
        set_source(item, source)
        set_resource(item, member)
        set_target(item, target)
        set_cost(item, cost)
        set_description(item, description)
        append(item)
    return tuple(built)


def _fast_values(rows: Sequence[Any], ids: dict[str, str]) -> tuple[Value, ...]:
    new = object.__new__
    cls = Value
    set_beneficiary, set_amount, set_provider, set_kind, set_description = _slot_setters(cls)
    get_id = ids.get
    kinds = _words(ValueKind)
    get_kind = kinds.get
    other = ValueKind.OTHER
    largest = _LARGEST
    built: list[Value] = []
    append = built.append
    for row in rows:
        if type(row) is tuple and len(row) == 5:
            beneficiary, amount, provider, kind, description = row
        else:
            beneficiary, amount, provider, kind, description = _fields(row, VALUE_FIELDS)
        beneficiary = get_id(beneficiary)
        if beneficiary is None:
            raise _Invalid
        if type(amount) is not float:
            amount = _number(amount)
        if not -largest <= amount <= largest:
            raise _Invalid
        if provider is not None:
            provider = get_id(provider)
            if provider is None:
                raise _Invalid
        member = other if kind is None else get_kind(kind) or _word(kinds, ValueKind, kind)
        if description is None:
            description = ""
        elif type(description) is not str:
            raise _Invalid
        item = new(cls)
        set_beneficiary(item, beneficiary)
        set_amount(item, amount)
        set_provider(item, provider)
        set_kind(item, member)
        set_description(item, description)
        append(item)
    return tuple(built)


# --------------------------------------------------------------------------
# The careful path: only for records with a fault. It turns the records
# into the dict form and lets ``initiative_from_dict`` find every fault.


def _plain(value: object) -> object:
    if isinstance(value, _WordEnum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return value


def _careful(
    name: object,
    focal: object,
    parts: Mapping[str, object],
    goal: object,
    process: object,
) -> Initiative:
    shape: list[Fault] = []
    document: dict[str, Any] = {
        "name": name,
        "focal": focal,
        "goal": _plain(goal),
        "process": _plain(process),
    }
    for part, names in _FIELDS.items():
        rows = parts[part]
        if not isinstance(rows, list | tuple):
            document[part] = rows
            continue
        tables: list[object] = []
        for index, row in enumerate(rows):
            tables.append(_table(row, names, f"{part}[{index}]", shape))
        document[part] = tables
    try:
        initiative = initiative_from_dict(document)
    except InvalidModelError as error:
        raise InvalidModelError(error.what, _placed(error.faults, shape)) from None
    if shape:
        what = f"initiative {name!r}"
        raise InvalidModelError(what, shape)
    return initiative


def _table(row: object, names: tuple[str, ...], path: str, shape: list[Fault]) -> object:
    """Return the dict form of a record, or ``None`` with a fault in ``shape``."""
    if isinstance(row, Mapping):
        return {
            key: _plain(value)
            for key, value in row.items()
            if value is not None or key in names[:_REQUIRED]
        }
    if isinstance(row, Sequence) and not isinstance(row, str | bytes):
        if len(row) > len(names):
            listed = ", ".join(names)
            shape.append(
                Fault(path, f"must have at most {len(names)} fields ({listed}), got {len(row)}")
            )
            return None
        return {
            key: _plain(value)
            for key, value in zip(names, row, strict=False)
            if value is not None or key in names[:_REQUIRED]
        }
    listed = ", ".join(names)
    shape.append(
        Fault(path, f"must be a tuple of fields ({listed}) or a dict, got {type(row).__name__}")
    )
    return None


def _placed(faults: Sequence[Fault], shape: list[Fault]) -> list[Fault]:
    """Put each fault about a record's shape where ``from_dict`` reported that record."""
    waiting = {fault.path: fault for fault in shape}
    out = []
    for fault in faults:
        mine = waiting.pop(fault.path, None)
        out.append(fault if mine is None else mine)
    out.extend(waiting.values())
    return out


# --------------------------------------------------------------------------
# Records out.


def to_records(
    initiative: Initiative,
) -> tuple[list[StakeholderRecord], list[ContributionRecord], list[ValueRecord]]:
    """Return an initiative's stakeholders, contributions and values as plain tuples.

    The tuples have every field, in the order of :data:`STAKEHOLDER_FIELDS`,
    :data:`CONTRIBUTION_FIELDS` and :data:`VALUE_FIELDS`, with enums as
    their words and ``customer_of`` as a sorted tuple; :func:`from_records`
    turns them back into an equal initiative.

    Examples
    --------
    >>> from cocreate import from_records, to_records
    >>> from cocreate.examples import nike_plus
    >>> people, contributions, values = to_records(nike_plus())
    >>> people[2]
    ('runners', 'customer', 'runners', None, ('apple', 'nike'))
    >>> contributions[0]
    ('nike', 'product', None, 3.0, 'Shoes with a sensor pocket')
    >>> initiative = nike_plus()
    >>> same = from_records(
    ...     initiative.name, initiative.focal, people, contributions, values,
    ...     goal=initiative.goal, process=initiative.process,
    ... )
    >>> same == initiative
    True
    """
    return (
        stakeholder_records(initiative),
        contribution_records(initiative),
        value_records(initiative),
    )


def stakeholder_records(initiative: Initiative) -> list[StakeholderRecord]:
    """Return the stakeholders as tuples in :data:`STAKEHOLDER_FIELDS` order."""
    return [
        (p.id, p.role.value, p.name, p.organization, tuple(sorted(p.customer_of)))
        for p in initiative.stakeholders
    ]


def contribution_records(initiative: Initiative) -> list[ContributionRecord]:
    """Return the contributions as tuples in :data:`CONTRIBUTION_FIELDS` order."""
    return [
        (c.source, c.resource.value, c.target, c.cost, c.description)
        for c in initiative.contributions
    ]


def value_records(initiative: Initiative) -> list[ValueRecord]:
    """Return the values as tuples in :data:`VALUE_FIELDS` order."""
    return [
        (v.beneficiary, v.amount, v.provider, v.kind.value, v.description)
        for v in initiative.values  # noqa: PD011 - not pandas
    ]


# --------------------------------------------------------------------------
# CSV.


def _split_ids(cell: str) -> object:
    if cell.startswith("["):
        try:
            return json.loads(cell)
        except ValueError:
            return cell
    return [item.strip() for item in cell.split(";")]


def _join_ids(ids: Iterable[str]) -> str:
    ordered = sorted(ids)
    if any(";" in i or i != i.strip() or i.startswith("[") for i in ordered):
        return json.dumps(ordered, ensure_ascii=False)
    return ";".join(ordered)


def _parse_number(cell: str) -> object:
    try:
        return float(cell)
    except ValueError:
        return cell


_NUMBERS = {"cost", "amount"}


def _read_table(
    path: str, part: str, names: tuple[str, ...], faults: list[Fault], max_bytes: int
) -> list[Any]:
    """Read one CSV file into dicts of fields, a row at a time; empty cells are left out."""
    try:
        with open_text(path, max_bytes) as stream:
            return _table_rows(csv.reader(stream), path, part, names, faults)
    except Problem as problem:
        reason = problem.reason
    except OSError as error:
        reason = os_reason(error)
    except UnicodeDecodeError as error:
        byte = error.object[error.start] if error.start < len(error.object) else 0
        reason = f"it is not UTF-8: byte {byte:#04x} cannot be decoded; save it as UTF-8"
    except csv.Error as error:
        reason = printable(f"not valid CSV: {error}")
    faults.append(Fault(part, f"cannot read {shown(path)}: {reason}"))
    return []


def _table_rows(
    lines: Iterator[list[str]], path: str, part: str, names: tuple[str, ...], faults: list[Fault]
) -> list[Any]:
    header = next(lines, None)
    if header is None:
        faults.append(Fault(part, f"{shown(path)} is empty; it needs a header row"))
        return []
    unknown = [column for column in header if column not in names]
    if unknown or len(set(header)) != len(header):
        allowed = ", ".join(names)
        faults.append(
            Fault(
                part,
                f"{shown(path)} has columns {', '.join(map(repr, header))}; "
                f"columns must be distinct, from: {allowed}",
            )
        )
        return []
    rows: list[Any] = []
    for cells in lines:
        if cells:
            rows.append(_csv_record(part, header, cells, names, len(rows), faults))
    return rows


def _csv_record(
    part: str,
    header: list[str],
    cells: list[str],
    names: tuple[str, ...],
    index: int,
    faults: list[Fault],
) -> dict[str, object]:
    if len(cells) > len(header):
        faults.append(
            Fault(
                f"{part}[{index}]",
                f"has {len(cells)} cells; the header has {len(header)} columns",
            )
        )
    record: dict[str, object] = {}
    for column, cell in zip(header, cells, strict=False):
        if cell == "" and (part, column) != ("initiative", "name"):
            continue  # an empty cell: not given (an initiative's name may be empty)
        if column in _NUMBERS:
            record[column] = _parse_number(cell)
        elif column == "customer_of":
            record[column] = _split_ids(cell)
        else:
            record[column] = cell
    for column in names[:_REQUIRED]:
        record.setdefault(column, None)
    return record


def _csv_paths(
    base: str | None, given: Mapping[str, str | None], faults: list[Fault]
) -> dict[str, str | None]:
    """Say which file to read for each part; ``None`` for an optional part that is missing."""
    paths: dict[str, str | None] = {}
    for part, file_name in CSV_FILES.items():
        explicit = given[part]
        if explicit is not None:
            paths[part] = explicit
        elif base is not None:
            path = os.path.join(base, file_name)  # noqa: PTH118 - paths are str here
            optional = part in {"contributions", "values"}
            paths[part] = None if optional and not os.path.lexists(path) else path
        else:
            faults.append(Fault(part, "no file given: give a directory or this file's path"))
    return paths


def _directory_fault(base: str) -> Fault | None:
    """Say why ``base`` cannot be read as a directory of CSV files, if it cannot."""
    reason = name_problem(base)
    if reason is None and not os.path.isdir(base):  # noqa: PTH112 - paths are str here
        reason = "it is not a directory" if os.path.lexists(base) else "there is no such directory"
    return None if reason is None else Fault("", f"cannot read {shown(base)}: {reason}")


def _mixed_fault(base: str, given: Mapping[str, str | None]) -> Fault | None:
    """Return a fault if the directory's own files are a mix of two writes."""
    folder = os.path.realpath(base)
    own = {
        name: os.path.join(folder, name)  # noqa: PTH118 - paths are str here
        for part, name in CSV_FILES.items()
        if given[part] is None
    }
    problem = journal_problem(folder, own)
    return None if problem is None else Fault("", f"cannot read {shown(base)}: {problem}")


def read_csv(
    directory: str | os.PathLike[str] | None = None,
    *,
    initiative: str | os.PathLike[str] | None = None,
    stakeholders: str | os.PathLike[str] | None = None,
    contributions: str | os.PathLike[str] | None = None,
    values: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Initiative:
    """Read an initiative from the CSV files that :func:`write_csv` writes.

    A directory holds four UTF-8 CSV files, each with a header row:

    ``initiative.csv``
        one row: ``name``, ``focal``, ``goal``, ``process``;
    ``stakeholders.csv``
        ``id``, ``role``, ``name``, ``organization``, ``customer_of``;
    ``contributions.csv``
        ``source``, ``resource``, ``target``, ``cost``, ``description``;
    ``values.csv``
        ``beneficiary``, ``amount``, ``provider``, ``kind``, ``description``.

    Columns may come in any order, and optional columns may be left out.
    An empty cell means the field was not given (the default applies: to
    the initiative, cost 0, no description, ...). ``customer_of`` lists ids
    separated by ``;``, or is a JSON array. ``contributions.csv`` and
    ``values.csv`` may be missing: none were given. A UTF-8 byte order mark
    at the start of a file is skipped.

    Rows are read one at a time, so memory grows with the initiative, not
    with the text of the files. If :func:`write_csv` was interrupted while
    it replaced the files (its journal remains), the files must all be old
    or all be new; a mix of the two is refused.

    Parameters
    ----------
    directory
        The directory that holds the four files.
    initiative, stakeholders, contributions, values
        Paths of single files, to use instead of the file of that name in
        ``directory`` (or without a directory).
    max_bytes
        The most bytes to read from each file: a larger file is refused
        once this many bytes have been read. :data:`cocreate._io.MAX_BYTES`
        (256 MiB) by default.

    Returns
    -------
    Initiative
        The initiative, built by :func:`from_records`.

    Raises
    ------
    FormatError
        If the directory or a file cannot be read, a file is larger than
        ``max_bytes``, has unknown columns, or the files are a mix of two
        writes.
    InvalidModelError
        With every fault in the rows; ``contributions[2].cost`` is the
        ``cost`` cell of the third row of data in ``contributions.csv``.
    ArgumentError
        If a path is not a str or :class:`os.PathLike`, or ``max_bytes`` is
        not a whole number.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import read_csv, write_csv
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(nike_plus(), folder)
    ...     print(Path(folder, "stakeholders.csv").read_text().strip())
    ...     read_csv(folder) == nike_plus()
    id,role,name,organization,customer_of
    nike,firm,Nike,,
    apple,firm,Apple,,
    runners,customer,runners,,apple;nike
    True
    """
    limit = check_max_bytes(max_bytes)
    base = None if directory is None else check_path(directory, "the directory")
    arguments = {
        "initiative": initiative,
        "stakeholders": stakeholders,
        "contributions": contributions,
        "values": values,
    }
    given = {p: None if v is None else check_path(v, f"the {p} file") for p, v in arguments.items()}
    tables = _read_tables(base, given, limit)
    top = tables["initiative"][0]
    return from_records(
        top.get("name", ""),
        top.get("focal"),
        tables["stakeholders"],
        tables["contributions"],
        tables["values"],
        goal=top.get("goal"),
        process=top.get("process"),
    )


def _read_tables(
    base: str | None, given: Mapping[str, str | None], max_bytes: int
) -> dict[str, list[Any]]:
    """Read every part, or raise a :class:`FormatError` with every fault found."""
    fault = None if base is None else _directory_fault(base)
    if fault is not None:
        raise FormatError("CSV initiative", [fault])
    faults: list[Fault] = []
    paths = _csv_paths(base, given, faults)
    if base is not None and not faults:
        fault = _mixed_fault(base, given)
        faults.extend([] if fault is None else [fault])
    tables: dict[str, list[Any]] = {}
    for part, path in paths.items():
        names = HEADER_FIELDS if part == "initiative" else _FIELDS[part]
        tables[part] = [] if path is None else _read_table(path, part, names, faults, max_bytes)
    header = tables.get("initiative", [])
    if not faults and len(header) != 1:
        faults.append(Fault("initiative", f"must have one row of data, got {len(header)}"))
    if faults:
        raise FormatError("CSV initiative", faults)
    return tables


def _csv_bytes(path: str, names: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Return one CSV file as UTF-8 bytes, built in memory before anything is written."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(names)
    writer.writerows(rows)
    text = stream.getvalue()
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        near = text[max(0, error.start - 20) : error.end + 20]
        msg = (
            f"cannot write {shown(path)}: it would hold {bad!r} (in {near!r}), a lone "
            "surrogate code point that UTF-8 cannot encode; remove it, or write JSON, "
            "which escapes it"
        )
        raise CocreateError(msg) from None


def write_csv(initiative: Initiative, directory: str | os.PathLike[str]) -> None:
    """Write an initiative as four CSV files in a directory; see :func:`read_csv`.

    The directory is made if it does not exist; files of the same names
    are replaced. Numbers are written exactly (``repr``), so reading the
    files back gives an equal initiative.

    The write is all or nothing: the four files are built in memory first
    (a string CSV cannot hold fails here, with nothing touched), written to
    temporary files beside them, and only then moved over the old files.
    If that fails, the old files are put back. While the files are being
    replaced, a journal (``.cocreate-journal.json``) records the old and
    new content of each; if the process is killed in that moment, the
    journal remains and :func:`read_csv` refuses a mix of old and new
    files instead of reading a different initiative. The next write
    removes the journal and any temporary files a killed write left.

    Raises
    ------
    CocreateError
        If a string cannot be written in UTF-8 (a lone surrogate), or a
        file cannot be written (one line, ``cannot write 'path': reason``).
    ArgumentError
        If ``initiative`` is not an :class:`~cocreate.Initiative`, or
        ``directory`` is not a str or :class:`os.PathLike`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cocreate import write_csv
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(nike_plus(), folder)
    ...     print(Path(folder, "initiative.csv").read_text().strip())
    name,focal,goal,process
    Nike+,nike,new_offering,iterative
    """
    if not isinstance(initiative, Initiative):
        msg = f"write_csv() needs an Initiative, got {type(initiative).__name__}"
        raise ArgumentError(msg)
    folder = check_path(directory, "the directory")
    people, contributions, values = to_records(initiative)
    header = (
        initiative.name,
        initiative.focal,
        "" if initiative.goal is None else initiative.goal.value,
        "" if initiative.process is None else initiative.process.value,
    )
    tables: dict[str, tuple[tuple[str, ...], Iterable[Sequence[object]]]] = {
        "initiative": (HEADER_FIELDS, [header]),
        "stakeholders": (
            STAKEHOLDER_FIELDS,
            ((i, r, n, o, _join_ids(c)) for i, r, n, o, c in people),
        ),
        "contributions": (
            CONTRIBUTION_FIELDS,
            ((s, r, t, repr(c), d) for s, r, t, c, d in contributions),
        ),
        "values": (VALUE_FIELDS, ((b, repr(a), p, k, d) for b, a, p, k, d in values)),
    }
    files = {
        CSV_FILES[part]: _csv_bytes(
            os.path.join(folder, CSV_FILES[part]),  # noqa: PTH118 - paths are str here
            names,
            rows,
        )
        for part, (names, rows) in tables.items()
    }
    write_files(folder, files)


# --------------------------------------------------------------------------
# pandas.


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - pandas is in the test extra
        msg = 'this needs pandas: pip install "cocreate[pandas]"'
        raise ImportError(msg) from error
    return pd


def records_from_pandas(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Yield the rows of a pandas DataFrame as records for :func:`from_records`.

    Columns are the field names; missing cells (``NaN``, ``None``, ``NA``)
    are left out, so the defaults apply; numpy numbers become Python numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> from cocreate import from_records
    >>> from cocreate._bulk import records_from_pandas
    >>> people = pd.DataFrame({"id": ["acme", "bob"], "role": ["firm", "customer"]})
    >>> given = pd.DataFrame({"source": ["bob"], "resource": ["ideas"], "cost": [1.5]})
    >>> got = pd.DataFrame({"beneficiary": ["bob", "acme"], "amount": [2, 3]})
    >>> next(records_from_pandas(given))
    {'source': 'bob', 'resource': 'ideas', 'cost': 1.5}
    >>> initiative = from_records(
    ...     "Forum", "acme", *map(records_from_pandas, (people, given, got))
    ... )
    >>> initiative.values[0].amount
    2.0
    """
    pd = _pandas()
    columns = [str(column) for column in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        record: dict[str, Any] = {}
        for column, cell in zip(columns, row, strict=True):
            if isinstance(cell, list | tuple | set | frozenset):
                record[column] = list(cell)
                continue
            if hasattr(cell, "tolist"):
                cell = cell.tolist()  # noqa: PLW2901 - a numpy value to a Python one
            if isinstance(cell, list) or (cell is not None and not pd.isna(cell)):
                record[column] = cell
        yield record


def to_pandas_records(
    initiative: Initiative,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return an initiative's stakeholders, contributions and values as pandas DataFrames.

    One column per field, in the order of :func:`to_records`; the inverse
    of :func:`records_from_pandas` with :func:`from_records`.

    Examples
    --------
    >>> from cocreate._bulk import to_pandas_records
    >>> from cocreate.examples import nike_plus
    >>> people, contributions, values = to_pandas_records(nike_plus())
    >>> contributions.groupby("source")["cost"].sum().to_dict()
    {'apple': 2.0, 'nike': 5.0, 'runners': 1.0}
    >>> list(values.columns)
    ['beneficiary', 'amount', 'provider', 'kind', 'description']
    """
    pd = _pandas()
    people, contributions, values = to_records(initiative)
    return (
        pd.DataFrame(people, columns=list(STAKEHOLDER_FIELDS)),
        pd.DataFrame(contributions, columns=list(CONTRIBUTION_FIELDS)),
        pd.DataFrame(values, columns=list(VALUE_FIELDS)),
    )
