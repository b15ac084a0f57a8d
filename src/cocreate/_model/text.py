"""Numbers and names as people read them: the primitives every word and view uses.

Nothing here decides anything; these only shorten numbers, agree nouns with
counts and list names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cocreate._model.types import Initiative

__all__ = ["DIGITS", "MAX_NAMES", "named", "number", "plural", "series", "who"]

#: How many names a sentence lists before it says how many more there are.
MAX_NAMES = 5
#: Significant digits of a number shown to people.
DIGITS = 6


def number(value: float) -> str:
    """Return a number the way a person reads it: at most six significant digits.

    Data keeps exact values; only what people read is shortened. Zero is
    ``0`` (never ``-0``).

    Examples
    --------
    >>> number(0.1 + 0.2), number(-0.10000000000000009), number(1250000.0), number(-0.0)
    ('0.3', '-0.1', '1.25e+06', '0')
    >>> number(5.0), number(1e-12), number(float("inf"))
    ('5', '1e-12', 'inf')
    """
    if value == 0:
        return "0"
    return f"{value:.{DIGITS}g}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """Return ``count`` and the noun, agreed in number.

    Examples
    --------
    >>> plural(1, "stakeholder"), plural(2, "stakeholder"), plural(3, "party")
    ('1 stakeholder', '2 stakeholders', '3 parties')
    """
    if count == 1:
        return f"{count} {noun}"
    if many is None:
        many = (
            noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
        )
    return f"{count} {many}"


def series(words: Sequence[str], conjunction: str = "and") -> str:
    """Join words as a sentence does: ``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> series(["a"]), series(["a", "b"]), series(["a", "b", "c"], "or")
    ('a', 'a and b', 'a, b or c')
    """
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def named(names: Sequence[str]) -> str:
    """Quote display names, at most five, then how many more.

    Examples
    --------
    >>> named(["Apple"]), named(["Apple", "Nike", "runners"])
    ("'Apple'", "'Apple', 'Nike' and 'runners'")
    >>> named([f"p{i}" for i in range(7)])
    "'p0', 'p1', 'p2', 'p3', 'p4' and 2 more"
    """
    shown = [repr(name) for name in names[:MAX_NAMES]]
    if len(names) > MAX_NAMES:
        shown.append(f"{len(names) - MAX_NAMES} more")
    return series(shown)


def who(initiative: Initiative | None, ids: Sequence[str]) -> str:
    """Name stakeholders, at most five, then how many more.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> who(nike_plus(), ["apple"]), who(nike_plus(), ["apple", "nike", "runners"])
    ("'Apple'", "'Apple', 'Nike' and 'runners'")
    >>> who(None, [f"p{i}" for i in range(7)])
    "'p0', 'p1', 'p2', 'p3', 'p4' and 2 more"
    """
    shown = [
        repr(key if initiative is None else initiative.stakeholder(key).name)
        for key in ids[:MAX_NAMES]
    ]
    if len(ids) > MAX_NAMES:
        shown.append(f"{len(ids) - MAX_NAMES} more")
    return series(shown)
