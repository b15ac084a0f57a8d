"""Numbers and names as people read them: the primitives every word and view uses.

Nothing here decides anything; these only shorten numbers, agree nouns with
counts and list names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cocreate._model.types import Initiative, Stakeholder

__all__ = [
    "DIGITS",
    "MAX_NAMES",
    "all_of",
    "install_hint",
    "many",
    "named",
    "natural",
    "needs_extra",
    "number",
    "plural",
    "series",
    "verb",
    "who",
]

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


def all_of(count: int, noun: str, many: str | None = None) -> str:
    """Say that a statement is about every one of ``count`` things, as people say it.

    Examples
    --------
    >>> all_of(1, "co-creator"), all_of(2, "co-creator"), all_of(3, "party")
    ('the one co-creator', 'both co-creators', 'all 3 parties')
    """
    if count == 1:
        return f"the one {noun}"
    words = plural(count, noun, many).split(" ", 1)[1]
    return f"both {words}" if count == 2 else f"all {count} {words}"


#: Endings of a last word that look plural but are not ("business", "campus", "analysis").
_SINGULAR_ENDINGS = ("ss", "us", "is", "'s", "\u2019s")
#: Role words whose stakeholders are people, so a plural-looking name is a plural.
_PEOPLE = frozenset({"customer", "employee"})


def many(stakeholder: Stakeholder) -> bool:
    """Whether a stakeholder's name takes a plural verb ("'runners' give").

    The rule is conservative, so that a firm called "Starbucks" still
    "gives": a stakeholder reads as many when it stands for more than one
    (``size`` > 1), belongs to a crowd (``group``), or is a customer or an
    employee whose name looks plural (its last word ends in "s", but not in
    "ss", "us", "is" or "'s"). An organization's name is a proper name and
    reads as one, whatever its last letter.

    Examples
    --------
    >>> from cocreate import Role, Stakeholder
    >>> many(Stakeholder("runners", Role.CUSTOMER)), many(Stakeholder("Starbucks", Role.FIRM))
    (True, False)
    >>> many(Stakeholder("Alice", Role.CUSTOMER)), many(Stakeholder("s", Role.SUPPLIER, size=3))
    (False, True)
    >>> many(Stakeholder("the press", Role.CUSTOMER))
    False
    """
    if stakeholder.size > 1 or stakeholder.group is not None:
        return True
    if stakeholder.role.value not in _PEOPLE:
        return False
    last = stakeholder.name.split()[-1].lower() if stakeholder.name.strip() else ""
    return last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS)


def verb(plurals: Sequence[bool], one: str, more: str) -> str:
    """The verb for a subject of named stakeholders: singular only for one that reads as one.

    ``plurals`` says, for each stakeholder named, whether it reads as many
    (:func:`many`).

    Examples
    --------
    >>> verb([False], "is", "are"), verb([True], "is", "are"), verb([False, False], "is", "are")
    ('is', 'are', 'are')
    """
    return one if len(plurals) == 1 and not plurals[0] else more


def install_hint(extra: str) -> str:
    """The command that installs an extra, for an installed package and for a clone alike.

    Examples
    --------
    >>> print(install_hint("plot"))
    pip install "cocreate[plot]" (in a clone of the repository: pip install -e ".[plot]")
    """
    clone = f'pip install -e ".[{extra}]"'
    return f'pip install "cocreate[{extra}]" (in a clone of the repository: {clone})'


def needs_extra(what: str, package: str, extra: str) -> str:
    """The one message for a missing optional dependency: what needs it, and how to install it.

    Examples
    --------
    >>> print(needs_extra("cocreate.plot", "matplotlib", "plot")[:55])
    cocreate.plot needs matplotlib, which is not installed;
    >>> needs_extra("cocreate.plot", "matplotlib", "plot").endswith(install_hint("plot"))
    True
    """
    return f"{what} needs {package}, which is not installed; install it with: {install_hint(extra)}"


_DIGITS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts names with numbers in the order people count them.

    Case is ignored, and runs of digits compare as numbers: "segment 3"
    comes before "segment 29".

    Examples
    --------
    >>> sorted(["Segment 29", "segment 3", "Segment 33", "Apple"], key=natural)
    ['Apple', 'segment 3', 'Segment 29', 'Segment 33']
    """
    return tuple(
        (0, int(part), part) if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(text.casefold())
    )
