"""The rules between the items of an initiative: ids, references, links and groups.

Items may be model objects, or stand-ins with the same attribute names for
items that could not be built (their faults are reported where they were
found): :func:`reference_faults` is the one place that states the rules
between items, for every way in (the constructor, and the fast and careful
paths of :mod:`cocreate._model.records`).
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

from cocreate._model.enums import Role
from cocreate._model.invariants import label as _label
from cocreate._model.validate import describe
from cocreate.exceptions import Fault

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from collections.abc import Set as AbstractSet

__all__ = ["closest", "collection_faults", "has_groups", "only", "reference_faults"]


def _quote_list(ids: Iterable[str], limit: int = 10) -> str:
    ordered = sorted(ids)
    shown = ", ".join(repr(i) for i in ordered[:limit])
    if len(ordered) > limit:
        shown += f", ... ({len(ordered) - limit} more)"
    return shown or "none"


def closest(key: str, known: Iterable[str]) -> str:
    """Say which known ids a mistyped id may have meant."""
    import difflib

    ids = sorted(known)
    close = difflib.get_close_matches(key, ids, n=3, cutoff=0.6) if len(key) <= 200 else []
    if close:
        return "did you mean " + " or ".join(repr(i) for i in close) + "?"
    return f"known: {_quote_list(ids)}"


def collection_faults(initiative: Any, classes: Mapping[str, type[Any]]) -> list[Fault]:
    """Each collection must be a tuple of items of its class; a wrong one is emptied."""
    faults = []
    for field, cls in classes.items():
        items = getattr(initiative, field)
        if not isinstance(items, tuple):
            faults.append(
                Fault(field, f"must be an iterable of {cls.__name__}, got {describe(items)}")
            )
            object.__setattr__(initiative, field, ())
            continue
        if set(map(type, items)) <= {cls}:
            continue
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                faults.append(
                    Fault(f"{field}[{index}]", f"must be a {cls.__name__}, got {describe(item)}")
                )
    return faults


class _Nothing:
    """Stands, in the reference checks, for an item of the wrong type (reported already)."""

    id = role = organization = source = target = beneficiary = provider = group = link = None
    customer_of: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()


def only(items: tuple[Any, ...], cls: type[Any]) -> tuple[Any, ...]:
    """The items, with each one that is not a ``cls`` replaced by a :class:`_Nothing`."""
    if set(map(type, items)) <= {cls}:
        return items
    return tuple(item if isinstance(item, cls) else _Nothing() for item in items)


def _plain_id(value: object) -> str | None:
    return value if type(value) is str and value else None


def reference_faults(
    focal: object,
    stakeholders: Iterable[Any],
    contributions: Sequence[Any],
    values: Sequence[Any],
    held: Mapping[str, AbstractSet[object]] | None = None,
) -> tuple[dict[str, Any], list[Fault]]:
    """Check what the items refer to; return the index from id to stakeholder, and the faults.

    Items may be model objects, or stand-ins with the same attribute names
    for items that could not be built (their faults are reported where they
    were found): this is the one place that states the rules between items
    (unique ids, known references, an organization as the focal stakeholder),
    for every way in.

    ``held`` may give, for a reference field (``"contributions.source"``,
    say), the set of the values its items hold, gathered while they were
    built, so that a million items need not be read again; the items are
    then read only to say where an unknown reference is.
    """
    people = list(stakeholders)
    by_id, faults = _id_index(people)
    faults.extend(_focal_faults(focal, by_id))
    faults.extend(_membership_faults(people, by_id))
    given = held or {}
    for part, items, fields in (
        ("contributions", contributions, ("source", "target")),
        ("values", values, ("beneficiary", "provider")),
    ):
        for field in fields:
            refs = given.get(f"{part}.{field}")
            if refs is None:
                try:
                    refs = set(map(operator.attrgetter(field), items))
                except AttributeError:
                    # An item that is not a model object (reported where the
                    # collection is checked) refers to no one.
                    refs = {getattr(item, field, None) for item in items}
            if by_id.keys() >= refs - {None}:
                continue  # the common case, checked in one pass in C
            for index, item in enumerate(items):
                key = _plain_id(getattr(item, field, None))
                if key is not None and key not in by_id:
                    faults.append(_unknown(f"{part}[{index}].{field}", key, by_id))
    faults.extend(_requires_faults(values, by_id, given.get("values.requires")))
    faults.extend(_group_faults(focal, people, by_id))
    links = (given.get("contributions.link"), given.get("values.link"))
    if links[0] is None or links[1] is None or not {*links[0], *links[1]} <= {None}:
        faults.extend(_link_faults(contributions, values))
    return by_id, faults


_LINK = operator.attrgetter("link")
_REQUIRES = operator.attrgetter("requires")


def _requires_faults(
    values: Sequence[Any], by_id: Mapping[str, Any], held: AbstractSet[object] | None
) -> list[Fault]:
    """Every id a value requires must name a stakeholder."""
    named = held
    if named is None:
        try:
            named = set().union(*map(_REQUIRES, values))
        except (AttributeError, TypeError):
            named = None
    if named is not None and by_id.keys() >= named:
        return []  # the common case, checked in C
    faults: list[Fault] = []
    for index, item in enumerate(values):
        requires: object = getattr(item, "requires", frozenset())
        if not isinstance(requires, frozenset):
            continue  # a wrong type is reported with the field
        faults.extend(
            _unknown(f"values[{index}].requires", ref, by_id)
            for ref in sorted(filter(_plain_id, requires))
            if ref not in by_id
        )
    return faults


_GROUP = operator.attrgetter("group")


def has_groups(initiative: Any) -> bool:
    """Whether some stakeholder is a segment of a group: one pass in C, nothing cached."""
    return any(map(_GROUP, initiative.stakeholders))


def _group_faults(focal: object, people: list[Any], by_id: Mapping[str, Any]) -> list[Fault]:
    """A group is one party: named apart from every stakeholder, wholly inside or outside.

    Its label must not be a stakeholder's id, so that a party's name says
    which it is; the focal organization runs the initiative and is no
    segment of a crowd; and a crowd's segments are all internal (members
    of the focal organization) or all external.
    """
    try:
        labels = set(map(_GROUP, people))
    except AttributeError:
        labels = {getattr(person, "group", None) for person in people}
    labels.discard(None)
    if not labels:
        return []  # the common case, checked in C
    faults = []
    inside: dict[str, tuple[bool, int]] = {}
    for index, person in enumerate(people):
        label = getattr(person, "group", None)
        if type(label) is not str:
            continue
        path = f"stakeholders[{index}].group"
        key = getattr(person, "id", None)
        if label in by_id:
            faults.append(
                Fault(
                    path,
                    f"group {label!r} is also a stakeholder's id; name the group apart "
                    "from every stakeholder",
                )
            )
        if key == focal:
            faults.append(
                Fault(path, "the focal organization runs the initiative; it cannot be in a group")
            )
            continue
        internal = getattr(person, "organization", None) == focal
        seen = inside.setdefault(label, (internal, index))
        if seen[0] != internal:
            faults.append(
                Fault(
                    path,
                    f"group {label!r} has segments inside the focal organization "
                    f"(stakeholders[{seen[1] if seen[0] else index}]) and outside it "
                    f"(stakeholders[{index if seen[0] else seen[1]}]); a crowd is one party, "
                    "wholly inside or outside",
                )
            )
    return faults


def _link_faults(contributions: Sequence[Any], values: Sequence[Any]) -> list[Fault]:
    """Items that share a link are one quantity: the same estimate and the same range."""
    try:
        named = set(map(_LINK, contributions)) | set(map(_LINK, values))
    except AttributeError:
        named = {getattr(item, "link", None) for item in (*contributions, *values)}
    if named <= {None}:
        return []  # the common case, checked in C
    first: dict[str, tuple[str, tuple[object, ...]]] = {}
    faults = []
    for part, items, estimate in (
        ("contributions", contributions, "cost"),
        ("values", values, "amount"),
    ):
        for index, item in enumerate(items):
            link = getattr(item, "link", None)
            if type(link) is not str:
                continue
            quantity = tuple(getattr(item, name, None) for name in (estimate, "low", "high"))
            where = f"{part}[{index}]"
            seen = first.setdefault(link, (where, quantity))
            if seen[1] != quantity:
                faults.append(
                    Fault(
                        f"{where}.link",
                        f"linked by {link!r} to {seen[0]}, whose {_quantity(seen[1])}, "
                        f"but this item's {_quantity(quantity)}; linked items are one "
                        "quantity: give them the same amount and range",
                    )
                )
    return faults


def _quantity(quantity: tuple[object, ...]) -> str:
    estimate, low, high = quantity
    if low is None and high is None:
        return f"amount is {estimate!r}"
    return f"amount is {estimate!r} in [{low!r}, {high!r}]"


def _unknown(path: str, ref: str, by_id: Mapping[str, Any]) -> Fault:
    return Fault(path, f"unknown stakeholder {_label(ref)}; {closest(ref, by_id)}")


def _id_index(people: list[Any]) -> tuple[dict[str, Any], list[Fault]]:
    """Index the stakeholders by id, with a fault for each duplicate."""
    faults = []
    by_id: dict[str, Any] = {}
    first: dict[str, int] = {}
    for index, person in enumerate(people):
        key = _plain_id(getattr(person, "id", None))
        if key is None:
            continue
        if key in by_id:
            faults.append(
                Fault(
                    f"stakeholders[{index}].id",
                    f"duplicate id {key!r} (also stakeholders[{first[key]}]); ids must be unique",
                )
            )
            continue
        by_id[key] = person
        first[key] = index
    return by_id, faults


def _focal_faults(focal: object, by_id: Mapping[str, Any]) -> list[Fault]:
    """The focal stakeholder must be known and an organization."""
    key = _plain_id(focal)
    if key is None:
        return []  # a wrong type is reported with the field
    runner = by_id.get(key)
    if runner is None:
        return [_unknown("focal", key, by_id)]
    if isinstance(runner.role, Role) and not runner.role.is_organization:
        return [
            Fault(
                "focal",
                f"{key!r} has role {runner.role.value!r}; the focal stakeholder "
                "must be an organization (role 'firm', 'supplier' or 'partner')",
            )
        ]
    return []


_ORGANIZATION = operator.attrgetter("organization")
_CUSTOMER_OF = operator.attrgetter("customer_of")


def _membership_faults(people: list[Any], by_id: Mapping[str, Any]) -> list[Fault]:
    """Each stakeholder's organization and the organizations it is a customer of must be known."""
    try:
        named = set(map(_ORGANIZATION, people)).union(*map(_CUSTOMER_OF, people))
    except (AttributeError, TypeError):  # not model objects: checked one by one below
        pass
    else:
        named.discard(None)
        if by_id.keys() >= named:
            return []  # the common case, checked in C
    faults = []
    for index, person in enumerate(people):
        if by_id.get(getattr(person, "id", None)) is not person:  # type: ignore[arg-type]
            continue  # a duplicate, or no id: reported already
        org = _plain_id(getattr(person, "organization", None))
        if org is not None and org not in by_id:
            faults.append(_unknown(f"stakeholders[{index}].organization", org, by_id))
        customer_of = getattr(person, "customer_of", ())
        if isinstance(customer_of, frozenset):
            faults.extend(
                _unknown(f"stakeholders[{index}].customer_of", ref, by_id)
                for ref in sorted(filter(_plain_id, customer_of))
                if ref not in by_id
            )
    return faults
