"""Classify many initiatives at once, in one process or several.

:func:`classify_many` reads its input lazily, a chunk at a time, and yields
one :class:`BatchResult` per item, in input order, whether the item could
be classified or not: one bad file does not stop the batch.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._model import Initiative
from cocreate._params import Rules
from cocreate._params import rules_arg as _rules
from cocreate._rules import Classification, classify
from cocreate.exceptions import CocreateError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cocreate._params import Kind

__all__ = ["BatchResult", "classify_many"]

#: How many items each worker process is given at a time.
CHUNK_SIZE = 16

Item = Initiative | str | os.PathLike[str]


@attrs.frozen
class BatchResult:
    """What :func:`classify_many` found for one item of its input.

    Exactly one of :attr:`classification` and :attr:`error` is set.

    Examples
    --------
    >>> from cocreate import classify_many
    >>> from cocreate.examples import nike_plus
    >>> [result] = classify_many([nike_plus()])
    >>> result.ok, result.kind.label, result.name
    (True, 'co-creation', 'Nike+')
    >>> [missing] = classify_many(["no-such-file.json"])
    >>> missing.ok, missing.source, type(missing.error).__name__
    (False, 'no-such-file.json', 'FormatError')
    """

    #: The position of the item in the input, from 0.
    index: int
    #: The path, as given, for an item that was a path; ``None`` for an initiative.
    source: str | None
    #: The initiative's name, if it could be read.
    name: str | None
    #: The classification, if the item could be classified.
    classification: Classification | None = None
    #: Why it could not be, otherwise.
    error: CocreateError | None = None

    @property
    def ok(self) -> bool:
        """Whether the item was classified."""
        return self.error is None

    @property
    def kind(self) -> Kind | None:
        """The kind, or ``None`` where the item could not be classified."""
        return None if self.classification is None else self.classification.kind

    def unwrap(self) -> Classification:
        """Return the classification, or raise the error.

        Examples
        --------
        >>> from cocreate import classify_many
        >>> next(classify_many(["missing.json"])).unwrap()
        Traceback (most recent call last):
        ...
        cocreate.exceptions.FormatError: invalid file 'missing.json' ...
        """
        if self.classification is None:
            assert self.error is not None  # noqa: S101 - one of the two is set
            raise self.error
        return self.classification


def _load(path: str | os.PathLike[str]) -> Initiative:
    """Load a file with :func:`cocreate.load`."""
    from cocreate._io import load

    return load(path)


# An error crosses from a worker process to the parent as plain data: the
# subclasses of InvalidModelError take (what, faults), which pickle does not
# know how to give back.
_Wire = tuple[int, str | None, str | None, Classification | None, tuple[Any, ...] | None]


def _error_to_wire(error: CocreateError) -> tuple[Any, ...]:
    if isinstance(error, InvalidModelError):
        return (type(error), error.what, error.faults)
    return (type(error), str(error))


def _error_from_wire(wire: tuple[Any, ...]) -> CocreateError:
    cls, *args = wire
    error: CocreateError = cls(*args)
    return error


def _one(index: int, item: object, rules: Rules) -> _Wire:
    source = None if isinstance(item, Initiative) else _display(item)
    name = None
    try:
        if isinstance(item, Initiative):
            initiative = item
        elif isinstance(item, str | os.PathLike):
            initiative = _load(item)
        else:
            msg = (
                f"item {index}: must be an Initiative or a path to a file, "
                f"got {type(item).__name__}"
            )
            raise CocreateError(msg)  # noqa: TRY301 - reported like the others
        name = initiative.name
        return (index, source, name, classify(initiative, rules=rules), None)
    except CocreateError as error:
        return (index, source, name, None, _error_to_wire(error))


def _display(item: object) -> str | None:
    if isinstance(item, str | os.PathLike):
        return os.fsdecode(item)
    return None


def _chunk(items: list[tuple[int, object]], rules: Rules) -> list[_Wire]:
    return [_one(index, item, rules) for index, item in items]


def _result(wire: _Wire) -> BatchResult:
    index, source, name, classification, error = wire
    return BatchResult(
        index,
        source,
        name,
        classification,
        None if error is None else _error_from_wire(error),
    )


def classify_many(
    initiatives: Iterable[Initiative | str | os.PathLike[str]],
    *,
    rules: Rules | None = None,
    workers: int | None = None,
) -> Iterator[BatchResult]:
    """Classify many initiatives, or files of them, and yield the results in input order.

    The input is read lazily, so it may be a generator over a million
    files; one :class:`BatchResult` is yielded per item, with the
    classification or the :class:`~cocreate.exceptions.CocreateError` that
    kept the item from being classified (a file that cannot be read or is
    not a valid initiative). Other exceptions propagate.

    Parameters
    ----------
    initiatives
        :class:`~cocreate.Initiative` objects, or paths of files that
        :func:`cocreate.load` reads (``.json`` or ``.toml``), mixed freely.
    rules
        The :class:`~cocreate.Rules` to apply; the defaults if ``None``.
    workers
        ``None`` or 1: classify in this process. More: in that many worker
        processes (:class:`concurrent.futures.ProcessPoolExecutor`, started
        with ``spawn``), each given chunks of :data:`CHUNK_SIZE` items; at
        most two chunks per worker are in flight at a time. Initiatives
        are sent to the workers without their caches. As with any process
        pool, a script that uses workers should call this under
        ``if __name__ == "__main__":``.

    Yields
    ------
    BatchResult
        One per item, in the order of the input.

    Raises
    ------
    CocreateError
        If ``rules`` or ``workers`` is not valid (before any item is read).

    Examples
    --------
    >>> from cocreate import classify_many
    >>> from cocreate.examples import dell_ideastorm, nike_plus
    >>> for result in classify_many([nike_plus(), dell_ideastorm(), 42]):
    ...     print(result.index, result.kind.label if result.ok else result.error)
    0 co-creation
    1 customer-focused innovation
    2 item 2: must be an Initiative or a path to a file, got int
    """
    checked = _rules(rules)
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        msg = f"workers must be a whole number >= 1 or None, got {workers!r}"
        raise CocreateError(msg)
    numbered = enumerate(initiatives)
    if workers is None or workers == 1:
        return (_result(_one(index, item, checked)) for index, item in numbered)
    return _in_processes(numbered, checked, workers)


def _in_processes(
    numbered: Iterator[tuple[int, object]], rules: Rules, workers: int
) -> Iterator[BatchResult]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[list[_Wire]]] = deque()
        limit = 2 * workers
        while True:
            while len(pending) < limit:
                chunk = list(itertools.islice(numbered, CHUNK_SIZE))
                if not chunk:
                    break
                pending.append(pool.submit(_chunk, chunk, rules))
            if not pending:
                return
            for wire in pending.popleft().result():
                yield _result(wire)
