"""What a model class's fields are, read from ``attrs.fields`` and nowhere else.

Each field of a model class declares its kind once, in its attrs
``metadata`` (:func:`meta`). Everything that needs to know the fields (the
constructors, the records, dicts, tables and graphs that are read and
written, the fast builders, the canonical order) asks this module, which
reads the class itself: moving a field in its class moves it everywhere.

Nothing here knows the model classes; each function takes the class.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable

    from cocreate._model.validate import FieldKind

__all__ = [
    "KIND",
    "defaults",
    "fill_ins",
    "kinds",
    "meta",
    "names",
    "per_class",
    "required",
]

_R = TypeVar("_R")


def per_class(function: Callable[[type[Any]], _R]) -> Callable[[type[Any]], _R]:
    """Cache what ``function`` derives from a class: once per class, as ``functools.cache``."""
    return functools.cache(function)  # type: ignore[return-value]


#: The ``metadata`` key under which a field states its kind.
KIND = "cocreate.kind"


def meta(field_kind: FieldKind[Any]) -> dict[str, FieldKind[Any]]:
    """Return the ``metadata`` of a field of this kind: ``attrs.field(metadata=meta(ID))``."""
    return {KIND: field_kind}


@per_class
def kinds(cls: type[Any]) -> tuple[tuple[str, FieldKind[Any]], ...]:
    """Each field of ``cls`` that states a kind, with that kind, in the class's field order.

    An initiative's collections state none: their items are model objects
    with fields of their own.

    Examples
    --------
    >>> from cocreate import Contribution
    >>> [name for name, _ in kinds(Contribution)][:3]
    ['source', 'resource', 'target']
    """
    found = []
    for field in attrs.fields(cls):
        stated = field.metadata.get(KIND)
        if stated is not None:
            found.append((field.name, stated))
    return tuple(found)


@per_class
def names(cls: type[Any]) -> tuple[str, ...]:
    """The names of the fields that state a kind, in field order: a record's columns."""
    return tuple(name for name, _ in kinds(cls))


@per_class
def defaults(cls: type[Any]) -> dict[str, Any]:
    """Each field that has a default, to that default (a factory's called once).

    Examples
    --------
    >>> from cocreate import Stakeholder
    >>> defaults(Stakeholder)["size"]
    1
    """
    found = {}
    for field in attrs.fields(cls):
        default = field.default
        if default is attrs.NOTHING:
            continue
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        found[field.name] = default
    return found


@per_class
def required(cls: type[Any]) -> tuple[str, ...]:
    """The fields without a default, in field order: what every record must give.

    A record given as a tuple gives them first, so they lead the field order.

    Examples
    --------
    >>> from cocreate import Value
    >>> required(Value)
    ('beneficiary', 'amount')
    """
    given = defaults(cls)
    out = tuple(name for name in names(cls) if name not in given)
    if names(cls)[: len(out)] != out:
        msg = f"{cls.__name__}: the fields without a default must come first, got {names(cls)}"
        raise TypeError(msg)
    return out


@per_class
def fill_ins(cls: type[Any]) -> dict[str, Any]:
    """What an empty (``None``) field of a record means where ``None`` is not the default.

    A record's empty cell is a field not given, so its default applies; for
    a field whose default is ``None`` that is ``None`` itself, left as it is.
    """
    return {name: value for name, value in defaults(cls).items() if value is not None}
