"""Pickling frozen results that hold read-only mappings.

A result keeps its mappings read-only (:class:`types.MappingProxyType`),
which :mod:`pickle` refuses at every protocol; Dask and
:mod:`multiprocessing` pickle results to send them between processes.
:class:`ReadOnlyMappings` pickles such a result with each read-only mapping
as a plain dict and makes it read-only again when unpickled.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, TypeVar

import attrs

__all__ = ["ReadOnlyMappings"]

_T = TypeVar("_T")


class ReadOnlyMappings:
    """Mix into a frozen attrs class whose fields hold read-only mappings, so that it pickles.

    Examples
    --------
    >>> from cocreate import compare, without
    >>> from cocreate.examples import nike_plus
    >>> result = compare(nike_plus(), without(nike_plus(), "apple"))
    >>> rebuild, (cls, fields, read_only) = result.__reduce__()
    >>> cls.__name__, read_only, fields[2]["apple"]
    ('Comparison', ('net_changes', 'flipped', 'names'), (3.0, None))
    >>> again = rebuild(cls, fields, read_only)
    >>> again == result, type(again.net_changes).__name__
    (True, 'mappingproxy')
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the fields, each read-only mapping as a plain dict, at any protocol."""
        values = []
        read_only = []
        for field in _fields(type(self)):
            value = getattr(self, field.name)
            if isinstance(value, MappingProxyType):
                value = dict(value)
                read_only.append(field.name)
            values.append(value)
        return _rebuild, (type(self), tuple(values), tuple(read_only))


def _fields(cls: type[Any]) -> tuple[attrs.Attribute[Any], ...]:
    """The attrs fields of a class, in order."""
    return tuple(attrs.fields(cls))


def _rebuild(cls: type[_T], values: tuple[Any, ...], read_only: tuple[str, ...]) -> _T:
    """Make a result again from its pickled fields (see ``ReadOnlyMappings.__reduce__``).

    The fields were checked when the result was first made; a pickle is
    trusted data, so they are set as they are, without ``__init__``.
    """
    made = object.__new__(cls)
    for field, value in zip(_fields(cls), values, strict=True):
        kept = MappingProxyType(value) if field.name in read_only else value
        object.__setattr__(made, field.name, kept)
    return made
