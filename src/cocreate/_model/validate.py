"""The one statement of every field's rule.

Each field of the model has a *kind* (a stakeholder id, an enum word, a
finite number, ...). A kind says once what the field accepts, how it is made
canonical, and what the fault message is; every way into the model uses it:

- the constructors call :meth:`FieldKind.convert` on each field;
- the bulk path (records, dicts, files, graphs) calls :meth:`FieldKind.column`
  on whole columns, which accepts a column only where ``convert`` would accept
  every value in it, and otherwise hands the rows to the constructors, which
  then say what is wrong.

Nothing here knows the model classes; ``_model`` builds its field tables
from these kinds.
"""

from __future__ import annotations

import decimal
import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar

from cocreate.exceptions import ArgumentError, CocreateError, Fault

__all__ = [
    "CHOICE",
    "COUNT",
    "ENUM",
    "FLAG",
    "ID",
    "IDS",
    "LABEL",
    "MEMBERS",
    "NUMBER",
    "OPTIONAL_ID",
    "TEXT",
    "TEXTS",
    "Bad",
    "FieldKind",
    "as_written",
    "closest_word",
    "decimal_sum",
    "describe",
    "did_you_mean",
    "drawable",
    "exact_sum",
    "in_range",
    "rounded",
    "whole_number",
]

_E = TypeVar("_E")

#: How many characters of a bad value a message shows at most.
SHOWN = 40
#: Integers with more bits than this are described, not written out.
_SHOWN_BITS = 128
_LARGEST = 1.7976931348623157e308
#: The largest count a field may hold (a 64-bit signed integer).
_LARGEST_COUNT = 2**63 - 1


def describe(value: object) -> str:
    """Describe a value for a fault message: bounded, and safe for any object.

    Only built-in ``repr`` is used, on a prefix of the value, so a huge,
    deeply nested or hostile object cannot make a message long, recurse or
    raise.

    Examples
    --------
    >>> describe("3"), describe(-1.5), describe(None), describe([[[]]])
    ("str '3'", 'float -1.5', 'None', 'list of 1 item')
    >>> describe(10**5000)
    'int too large to show'
    >>> describe("x" * 100)
    "str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (100 characters)"
    """
    if value is None or value is True or value is False:
        return repr(value)
    name = type(value).__name__[:SHOWN]
    if isinstance(value, str):
        size = str.__len__(value)
        text = str.__repr__(str.__getitem__(value, slice(0, SHOWN)))
        shown = f"{text}... ({size} characters)" if size > SHOWN else text
    elif isinstance(value, int):
        big = int.bit_length(value) > _SHOWN_BITS
        shown = "too large to show" if big else int.__repr__(value)
    elif isinstance(value, float):
        shown = float.__repr__(value)
    elif type(value) in {list, tuple, dict, set, frozenset}:
        size = len(value)  # type: ignore[arg-type]
        shown = f"of {size} item{'' if size == 1 else 's'}"
    else:
        return name
    return f"{name} {shown}"


def closest_word(word: object, choices: Iterable[str]) -> str | None:
    """Return the choice a misspelt word most likely meant, or ``None``.

    Case, spaces and ``-`` for ``_`` aside, as the readers read words.

    Examples
    --------
    >>> closest_word("benificiary", ["beneficiary", "amount"])
    'beneficiary'
    >>> closest_word("Technolgy", ["ideas", "technology"]), closest_word("zzz", ["ideas"])
    ('technology', None)
    """
    if not isinstance(word, str) or len(word) > SHOWN:
        return None
    folded = {choice.casefold().replace("-", "_"): choice for choice in choices}
    key = word.strip().casefold().replace("-", "_").replace(" ", "_")
    close = difflib.get_close_matches(key, folded, n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """Return ``"did you mean 'x'?"`` for the choice closest to a misspelt word, or ``""``.

    Examples
    --------
    >>> did_you_mean("benificiary", ["beneficiary", "amount"])
    "did you mean 'beneficiary'?"
    """
    close = closest_word(word, choices)
    return "" if close is None else f"did you mean {close!r}?"


class Bad(Exception):  # noqa: N818 - a signal inside this package, never seen by users
    """A value does not fit its field: ``message`` says why, ``where`` says which part."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def fault(self, field: str) -> Fault:
        """Return the fault, located at ``field`` (and the part inside it)."""
        return Fault(field + self.where, self.message)


class FieldKind(Generic[_E]):
    """What one kind of field accepts, stated once.

    ``convert`` turns one value into its canonical form or raises
    :class:`Bad`; ``column`` does the same for a whole column at once and
    returns ``None`` where any value would need ``convert`` to say something.
    """

    #: What the field must be, in words, for messages.
    expected: str = ""
    #: Whether the field may be ``None`` (not given).
    optional: bool = False
    #: Whether its canonical values are members of a word enum, read and
    #: ordered by their words (``_value_``).
    words: bool = False
    #: How a table's cell gives the field, where text needs reading
    #: (see :mod:`cocreate._model.cells`): ``"number"``, ``"ids"``,
    #: ``"count"``, ``"lines"``, ``"flag"``; empty for text as it is.
    cell: str = ""

    def convert(self, value: object) -> _E:
        """Return the canonical form of ``value``, or raise :class:`Bad`."""
        raise NotImplementedError

    def column(self, values: list[Any]) -> list[_E] | None:
        """Return every value converted, or ``None`` if some value is not plainly valid.

        ``None`` never means the values are wrong, only that this shortcut
        does not vouch for them: the constructors then decide, one by one.
        """
        try:
            return [self.convert(value) for value in values]
        except Bad:
            return None

    def bad(self, value: object) -> Bad:
        """Return the fault signal for a value this kind refuses."""
        hint = self.hint(value)
        return Bad(f"must be {self.expected}, got {describe(value)}{hint and '; ' + hint}")

    def hint(self, value: object) -> str:  # noqa: ARG002 - kinds with words override it
        """Return what the value may have been meant to be: ``"did you mean ..."``, or ``""``."""
        return ""


class _Id(FieldKind[Any]):
    def __init__(self, *, optional: bool) -> None:
        self.optional = optional
        self.expected = "a non-empty stakeholder id (a str) or a Stakeholder" + (
            ", or None" if optional else ""
        )

    def convert(self, value: object) -> Any:
        if value is None and self.optional:
            return None
        if not isinstance(value, str) or not value:
            raise self.bad(value)
        # A subclass of str may hash or compare as it likes; ids are plain str.
        return value if type(value) is str else str.__str__(value)

    def column(self, values: list[Any]) -> list[Any] | None:
        kinds = set(map(type, values))
        if not kinds <= ({str, type(None)} if self.optional else {str}):
            return None
        # ``all`` tests truth in C, faster than comparing with "": only an
        # empty str or None is false, and None may be allowed.
        if not all(values) and "" in values:
            return None
        return values


class _Text(FieldKind[str]):
    expected = "a str"

    def convert(self, value: object) -> str:
        if not isinstance(value, str):
            raise self.bad(value)
        return value if type(value) is str else str.__str__(value)

    def column(self, values: list[Any]) -> list[str] | None:
        return values if set(map(type, values)) <= {str} else None


class _Texts(FieldKind[tuple[str, ...]]):
    """Lines of free text: an iterable of str (not one str), kept sorted; ``None`` is none."""

    cell = "lines"

    expected = "an iterable of str (not a single str)"

    def convert(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise self.bad(value)
        lines = []
        for index, item in enumerate(value):
            try:
                lines.append(TEXT.convert(item))
            except Bad as bad:
                raise Bad(bad.message, f"[{index}]") from None
        return tuple(sorted(lines))


class _Enum(FieldKind[_E]):
    """A member of a word enum, or one of its words in any case."""

    words = True

    def __init__(self, cls: Any, *, optional: bool = False) -> None:
        self.cls = cls
        self.optional = optional
        words = ", ".join(repr(word) for word in cls.words())
        self.expected = f"a {cls.__name__} ({words})" + (" or None" if optional else "")
        # Every member, and every word as written by the library, to its member.
        self.table: dict[object, Any] = {member: member for member in cls}
        self.table.update({member.value: member for member in cls})
        if optional:
            self.table[None] = None

    def convert(self, value: object) -> _E:
        try:
            return self.table[value]  # type: ignore[no-any-return]
        except (KeyError, TypeError):
            pass
        if isinstance(value, str):
            # Any case, with a hyphen or space for the underscore; read as a
            # plain str, so that a subclass's methods never run.
            word = str.__str__(value).strip().lower().replace("-", "_").replace(" ", "_")
            member = self.table.get(word) if word else None
            if member is not None:
                return member  # type: ignore[no-any-return]
        raise self.bad(value)

    def hint(self, value: object) -> str:
        return did_you_mean(value, self.cls.words())

    def column(self, values: list[Any]) -> list[_E] | None:
        try:
            converted = list(map(self.table.__getitem__, values))
        except (KeyError, TypeError):
            return super().column(values)
        return converted


class _Number(FieldKind[Any]):
    cell = "number"

    def __init__(self, *, non_negative: bool = False, optional: bool = False) -> None:
        self.low = 0.0 if non_negative else -_LARGEST
        self.optional = optional
        self.expected = (
            "a finite number" + (" >= 0" if non_negative else "") + (" or None" if optional else "")
        )

    def convert(self, value: object) -> Any:
        """Return ``value`` as a float, ``-0.0`` as ``0.0``; raise :class:`Bad` if it is not one."""
        if value is None and self.optional:
            return None
        if type(value) is not float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.bad(value)
            try:
                value = float(value)
            except OverflowError:
                raise self.bad(value) from None
        if not self.low <= value <= _LARGEST:  # NaN fails every comparison
            raise self.bad(value)
        # -0.0 + 0.0 is 0.0, and x + 0.0 is x for every other float: one zero,
        # so that equal initiatives write equal bytes.
        return value + 0.0

    def column(self, values: list[Any]) -> list[Any] | None:
        kinds = set(map(type, values))
        if not kinds or (self.optional and kinds == {type(None)}):
            return values
        if kinds != {float}:
            return super().column(values)
        # All floats. The sum is finite only if every value is (an infinity
        # or NaN carries through it), and finite means at most _LARGEST; a
        # sum that overflows takes the slower test of each value.
        if not math.isfinite(sum(values)) and not all(map(math.isfinite, values)):
            return None
        # Every finite float is at least -_LARGEST: only a higher bound needs a pass.
        if self.low > -_LARGEST and min(values) < self.low:
            return None
        # One zero, as convert gives: -0.0 becomes 0.0 (``in`` finds either).
        if 0.0 in values:
            return [value + 0.0 for value in values]
        return values


class _Ids(FieldKind[frozenset[str]]):
    cell = "ids"
    expected = "an iterable of stakeholder ids (not a single str)"

    def convert(self, value: object) -> frozenset[str]:
        if isinstance(value, frozenset) and all(type(item) is str and item for item in value):
            return value
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise self.bad(value)
        items = []
        for index, item in enumerate(value):
            try:
                items.append(ID.convert(item))
            except Bad as bad:
                raise Bad(bad.message, f"[{index}]") from None
        return frozenset(items)

    def column(self, values: list[Any]) -> list[frozenset[str]] | None:
        # Equal sets are converted once and shared: most stakeholders name
        # the same one or two organizations (or none), and a frozenset is
        # 216 bytes, more than the stakeholder holding it.
        memo: dict[object, frozenset[str]] = {}
        out = []
        for value in values:
            key = tuple(value) if type(value) is list else value
            try:
                found = memo.get(key)
            except TypeError:  # unhashable, such as a set: converted alone
                key, found = None, None
            if found is None:
                try:
                    found = self.convert(value)
                except Bad:
                    return None
                if key is not None:
                    memo[key] = found
            out.append(found)
        return out


class _Members(FieldKind[frozenset[Any]]):
    """A set of members of a word enum, given as members or words."""

    def __init__(self, cls: Any) -> None:
        self.member: _Enum[Any] = _Enum(cls)
        self.expected = f"a set of {self.member.expected}"

    def convert(self, value: object) -> frozenset[Any]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise self.bad(value)
        items = []
        for index, item in enumerate(value):
            try:
                items.append(self.member.convert(item))
            except Bad as bad:
                raise Bad(bad.message, f"[{index}]") from None
        return frozenset(items)


class _Count(FieldKind[int]):
    cell = "count"
    expected = f"a whole number from 1 to {_LARGEST_COUNT}"

    def convert(self, value: object) -> int:
        if type(value) is not int or not 1 <= value <= _LARGEST_COUNT:
            raise self.bad(value)
        return value

    def column(self, values: list[Any]) -> list[int] | None:
        if set(map(type, values)) <= {int} and (not values or min(values) >= 1):
            return values if not values or max(values) <= _LARGEST_COUNT else None
        return None


class _Flag(FieldKind[bool]):
    cell = "flag"
    expected = "true or false (a bool)"

    def convert(self, value: object) -> bool:
        if type(value) is not bool:
            raise self.bad(value)
        return value

    def column(self, values: list[Any]) -> list[bool] | None:
        return values if set(map(type, values)) <= {bool} else None


class _Label(FieldKind[Any]):
    """A non-empty free label (a link's or a group's name), or ``None``."""

    optional = True
    expected = "a non-empty str, or None"

    def convert(self, value: object) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.bad(value)
        return value if type(value) is str else str.__str__(value)

    def column(self, values: list[Any]) -> list[Any] | None:
        if not set(map(type, values)) <= {str, type(None)} or "" in values:
            return None
        return values


class _Choice(FieldKind[str]):
    """One of a few words."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.choices = words
        self.expected = "one of " + ", ".join(repr(word) for word in words)

    def convert(self, value: object) -> str:
        if type(value) is not str or value not in self.choices:
            raise self.bad(value)
        return value

    def hint(self, value: object) -> str:
        return did_you_mean(value, self.choices)


def CHOICE(*words: str) -> FieldKind[str]:  # noqa: N802 - reads as a kind
    """Return the kind of a field that holds one of ``words``."""
    return _Choice(words)


#: A required stakeholder id.
ID: Final = _Id(optional=False)
#: A stakeholder id or ``None``.
OPTIONAL_ID: Final = _Id(optional=True)
#: Free text.
TEXT: Final = _Text()
#: A set of stakeholder ids.
IDS: Final = _Ids()
#: Lines of free text, in sorted order.
TEXTS: Final = _Texts()


def ENUM(cls: Any, *, optional: bool = False) -> FieldKind[Any]:  # noqa: N802 - reads as a kind
    """Return the kind of a field that holds a member of the word enum ``cls``."""
    return _Enum(cls, optional=optional)


def NUMBER(*, non_negative: bool = False, optional: bool = False) -> FieldKind[Any]:  # noqa: N802
    """Return the kind of a field that holds a finite float."""
    return _Number(non_negative=non_negative, optional=optional)


def MEMBERS(cls: Any) -> FieldKind[frozenset[Any]]:  # noqa: N802 - reads as a kind
    """Return the kind of a field that holds a set of members of the word enum ``cls``."""
    return _Members(cls)


#: A whole number of at least one.
COUNT: Final = _Count()
#: True or false.
FLAG: Final = _Flag()
#: A non-empty label, or ``None``.
LABEL: Final = _Label()


def whole_number(
    name: str, value: object, *, least: int = 1, most: int | None = None, optional: bool = False
) -> Any:
    """Return an argument that must be a whole number (a count, a byte limit); raise if it is not.

    The one check, and the one message, for every such argument: ``max_bytes``,
    ``max_rows``, ``workers``, ``n``. A value of the wrong type raises
    :class:`~cocreate.exceptions.ArgumentError` (a ``TypeError``); a whole
    number out of range a :class:`~cocreate.exceptions.CocreateError`.

    Examples
    --------
    >>> whole_number("max_rows", 5), whole_number("workers", None, optional=True)
    (5, None)
    >>> whole_number("max_bytes", 0)
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: max_bytes must be a whole number >= 1, got int 0
    >>> whole_number("n", 2.5, most=10)
    Traceback (most recent call last):
    ...
    cocreate.exceptions.ArgumentError: n must be a whole number from 1 to 10, got float 2.5
    """
    if value is None and optional:
        return None
    span = f">= {least}" if most is None else f"from {least} to {most}"
    span += " or None" if optional else ""
    msg = f"{name} must be a whole number {span}, got {describe(value)}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError(msg)
    if value < least or (most is not None and value > most):
        raise CocreateError(msg)
    return value


def in_range(low: float | None, estimate: float, high: float | None) -> bool:
    """Whether ``low <= estimate <= high``, where ``None`` is the estimate itself.

    Examples
    --------
    >>> in_range(None, 2.0, 3.0), in_range(2.5, 2.0, None)
    (True, False)
    """
    return (low is None or low <= estimate) and (high is None or estimate <= high)


#: Enough digits to add any finite floats, as their shortest decimals, exactly.
_EXACT = decimal.Context(prec=2000, Emax=400, Emin=-400, traps=[decimal.InvalidOperation])


def as_written(value: float) -> decimal.Decimal:
    """Return a float as the decimal number a person wrote: its shortest repr.

    Examples
    --------
    >>> as_written(0.1)
    Decimal('0.1')
    """
    return decimal.Decimal(repr(value))


def decimal_sum(terms: Iterable[float]) -> decimal.Decimal:
    """Return the exact sum of ``terms``, each read as the decimal it was written as.

    Examples
    --------
    >>> decimal_sum([0.1, 0.2, -0.3])
    Decimal('0.0')
    """
    with decimal.localcontext(_EXACT):
        return sum(map(as_written, terms), decimal.Decimal(0))


def rounded(total: decimal.Decimal) -> float:
    """Round an exact decimal sum once to the nearest float (``±inf`` beyond the range)."""
    with decimal.localcontext(_EXACT):
        value = float(total)
    return value + 0.0  # never -0.0


def exact_sum(terms: Sequence[float]) -> float:
    """Return the exactly rounded sum of ``terms``, whatever their order; never raise.

    A sum beyond the float range rounds to ``inf`` or ``-inf``, as IEEE 754
    rounding to nearest does; no intermediate step can overflow. Terms that
    are not finite add up as IEEE 754 says: an infinity wins over every
    finite term, and ``inf`` with ``-inf``, or a NaN, gives NaN.

    Examples
    --------
    >>> exact_sum([0.1, 0.2, -0.3])
    2.7755575615628914e-17
    >>> exact_sum([1e308, 1e308, -1e308]), exact_sum([1e308, 1e308])
    (1e+308, inf)
    >>> exact_sum([math.inf, 1e308, 1e308]), exact_sum([math.inf, -math.inf])
    (inf, nan)
    """
    try:
        return math.fsum(terms)
    except (OverflowError, ValueError):
        # Finite terms past the float range, or infinities of both signs.
        pass
    special = [term for term in terms if not math.isfinite(term)]
    if special:
        return sum(special, 0.0)
    from fractions import Fraction

    total = sum(map(Fraction, terms), Fraction(0))
    try:
        return float(total)
    except OverflowError:
        return math.inf if total > 0 else -math.inf


#: What a picture cannot show as it is: control characters, lone surrogates,
#: line and paragraph separators, and the two code points XML refuses.
_UNDRAWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")


def _drawn(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char.isspace() else "\N{REPLACEMENT CHARACTER}"


def drawable(text: str) -> str:
    r"""Return ``text`` as a picture shows it: one line, every character drawable.

    A line break, tab or other space that is a control character becomes a
    space; any other control character, a lone surrogate (which JSON
    accepts) and U+FFFE and U+FFFF (which XML refuses) become U+FFFD, the
    replacement character. The text of a picture is for reading: nothing
    here is meant to be read back.

    Examples
    --------
    >>> drawable("Caf\u00e9\tM\u00fcller")
    'Café Müller'
    >>> drawable("a\x00b\ud800") == "a\ufffdb\ufffd"
    True
    """
    return _UNDRAWABLE.sub(_drawn, text) if _UNDRAWABLE.search(text) else text
