"""The exceptions that :mod:`cocreate` raises.

Every invalid input, from a constructor, :meth:`Initiative.from_dict`,
:meth:`Initiative.from_networkx`, :func:`cocreate.load` or the command line,
raises :class:`CocreateError` or one of its subclasses. :class:`CocreateError`
is a :class:`ValueError`, so code that already catches ``ValueError`` keeps
working.

Examples
--------
>>> from cocreate import Contribution, Resource
>>> from cocreate.exceptions import CocreateError, InvalidModelError
>>> try:
...     Contribution("nike", Resource.TECHNOLOGY, cost=-1)
... except InvalidModelError as error:
...     print(error.faults[0])
cost: must be a finite number >= 0, got float -1.0
>>> issubclass(InvalidModelError, CocreateError) and issubclass(CocreateError, ValueError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ArgumentError",
    "CocreateError",
    "Fault",
    "FormatError",
    "InvalidModelError",
    "UnknownStakeholderError",
]

#: How many faults the message of an :class:`InvalidModelError` lists before
#: it says how many more there are; :attr:`InvalidModelError.faults` has all.
MAX_LISTED_FAULTS = 20


class CocreateError(ValueError):
    """The root of every error that :mod:`cocreate` raises on bad input.

    Examples
    --------
    >>> from cocreate import Stakeholder
    >>> from cocreate.exceptions import CocreateError
    >>> try:
    ...     Stakeholder("", "firm")
    ... except CocreateError as error:
    ...     print(type(error).__name__)
    InvalidModelError

    Every error of cocreate survives :mod:`pickle` and :mod:`copy` as
    itself, with the same class, message and faults, so that it can cross
    from a worker process to its parent:

    >>> import pickle
    >>> error = CocreateError("cannot write 'x.json': it is a directory")
    >>> pickle.loads(pickle.dumps(error)).args == error.args
    True
    """

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuild the error from its arguments and its attributes."""
        return (type(self), self.args, self.__dict__ or None)


class ArgumentError(CocreateError, TypeError):
    """A function was given an argument of the wrong type or form.

    A path that is an int, an initiative that is a str. It is also a
    :class:`TypeError`, so ``except TypeError`` catches it.

    Examples
    --------
    >>> from cocreate import load, net_value
    >>> try:
    ...     net_value("not an initiative", "nike")
    ... except TypeError as error:
    ...     print(error)
    net_value needs an Initiative, got str
    >>> try:
    ...     load(5)
    ... except TypeError as error:
    ...     print(type(error).__name__, error)
    ArgumentError a path must be a str or os.PathLike, got int
    """


@attrs.frozen
class Fault:
    """One thing wrong with a model: where it is, and what is wrong there.

    ``path`` locates the fault the way a person would find it in a file:
    ``contributions[2].source`` is the ``source`` field of the third
    contribution, in the order the contributions were given.

    Examples
    --------
    >>> str(Fault("contributions[2].source", "unknown stakeholder 'aple'"))
    "contributions[2].source: unknown stakeholder 'aple'"
    >>> str(Fault("", "not a table"))
    'not a table'
    """

    path: str
    message: str

    def __str__(self) -> str:
        """Return ``path: message``, or only the message where there is no path."""
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Fault:
        """Return the same fault, located inside ``prefix``.

        Examples
        --------
        >>> Fault("cost", "must be >= 0").under("contributions[1]").path
        'contributions[1].cost'
        >>> Fault("[0]", "must be a str").under("customer_of").path
        'customer_of[0]'
        """
        if not prefix:
            return self
        if not self.path:
            return Fault(prefix, self.message)
        sep = "" if self.path.startswith("[") else "."
        return Fault(f"{prefix}{sep}{self.path}", self.message)


class InvalidModelError(CocreateError):
    """A model object, or a document describing one, is not valid.

    :attr:`faults` lists every fault found, so that a model with several
    faults is reported in one go; the message lists them one per line.

    Examples
    --------
    >>> from cocreate import Initiative, Stakeholder
    >>> try:
    ...     Initiative("x", "acme", [Stakeholder("bob", "customer")])
    ... except InvalidModelError as error:
    ...     for fault in error.faults:
    ...         print(fault)
    focal: unknown stakeholder 'acme'; known: 'bob'
    """

    faults: tuple[Fault, ...]

    def __init__(self, what: str, faults: Iterable[Fault]) -> None:
        self.what = what
        self.faults = tuple(faults)
        listed = [f"  {fault}" for fault in self.faults[:MAX_LISTED_FAULTS]]
        more = len(self.faults) - MAX_LISTED_FAULTS
        if more > 0:
            listed.append(f"  ... and {more} more")
        noun = "fault" if len(self.faults) == 1 else "faults"
        msg = f"invalid {what} ({len(self.faults)} {noun}):\n" + "\n".join(listed)
        super().__init__(msg)

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuild the error from what it was made of: the subject and the faults.

        Examples
        --------
        >>> import copy, pickle
        >>> error = InvalidModelError("initiative 'x'", [Fault("focal", "unknown")])
        >>> back = pickle.loads(pickle.dumps(error))
        >>> type(back) is InvalidModelError, back.faults == error.faults, str(back) == str(error)
        (True, True, True)
        >>> str(copy.deepcopy(error)) == str(error)
        True
        """
        state = {k: v for k, v in self.__dict__.items() if k not in {"what", "faults"}}
        return (type(self), (self.what, self.faults), state or None)

    def under(self, prefix: str, what: str | None = None) -> InvalidModelError:
        """Return the same error with every fault located inside ``prefix``."""
        return InvalidModelError(what or self.what, (fault.under(prefix) for fault in self.faults))


class FormatError(InvalidModelError):
    """A file or document could not be read as an initiative.

    Raised for text that is not valid JSON or TOML, a document that is not
    a table, or a path that cannot be read. A readable document that
    describes an invalid model (unknown or missing fields, wrong types or
    words, an unknown format version) raises :class:`InvalidModelError`,
    with the constructors' own messages.

    Examples
    --------
    >>> from cocreate import loads
    >>> try:
    ...     loads('{"name": "x"', "json")
    ... except FormatError as error:
    ...     print(error.faults[0])
    not valid JSON: Expecting ',' delimiter (line 1, column 13)
    """


class UnknownStakeholderError(CocreateError, KeyError):
    """A stakeholder id was looked up that the initiative does not have.

    It is also a :class:`KeyError`, so ``except KeyError`` catches it.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> try:
    ...     nike_plus().stakeholder("adidas")
    ... except KeyError as error:
    ...     print(error)
    unknown stakeholder 'adidas' in initiative 'Nike+'; known: 'apple', 'nike', 'runners'
    """

    def __str__(self) -> str:
        """Return the message without the quotes that :class:`KeyError` adds."""
        return str(self.args[0]) if self.args else ""
