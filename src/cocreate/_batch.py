"""Classify many initiatives at once, in one process or several.

:func:`classify_many` reads its input lazily, a chunk at a time, and yields
one :class:`BatchResult` per item, in input order, whether the item could
be classified or not: one bad file does not stop the batch. With worker
processes the results are the same: an item that cannot be sent to a
worker (a generator, say) is classified, or refused, in the parent, and
errors come back from the workers as themselves (they pickle).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

import attrs

from cocreate._model import Initiative
from cocreate._params import Rules
from cocreate._params import rules_arg as _rules
from cocreate._rules import Classification, classify
from cocreate.exceptions import ArgumentError, CocreateError

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


def _one(index: int, item: object, rules: Rules) -> BatchResult:
    source = _source(item)
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
        return BatchResult(index, source, name, classify(initiative, rules=rules))
    except CocreateError as error:
        return BatchResult(index, source, name, None, error)


def _source(item: object) -> str | None:
    """Return the path an item names, as text; ``None`` for anything else."""
    if isinstance(item, str | os.PathLike):
        try:
            return os.fsdecode(item)
        except Exception:  # noqa: BLE001 - __fspath__ is the caller's code; load() says why
            return None
    return None


def _chunk(items: list[tuple[int, object]], rules: Rules) -> list[BatchResult]:
    return [_one(index, item, rules) for index, item in items]


def _items(initiatives: object) -> Iterator[tuple[int, object]]:
    """Return the items of the input, numbered; ArgumentError if it holds no items."""
    if isinstance(initiatives, str | bytes | os.PathLike | Initiative):
        msg = (
            "classify_many() needs an iterable of initiatives or paths, got a single "
            f"{type(initiatives).__name__}; put it in a list"
        )
        raise ArgumentError(msg)
    try:
        iterator = iter(initiatives)  # type: ignore[call-overload]
    except TypeError:
        msg = (
            "classify_many() needs an iterable of initiatives or paths, "
            f"got {type(initiatives).__name__}"
        )
        raise ArgumentError(msg) from None
    return enumerate(iterator)


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
        ``if __name__ == "__main__":``. Whatever ``workers`` is, there is
        one result per item: a chunk that cannot be sent to a worker (it
        holds a generator, say), or whose worker died, is classified in
        this process instead.

    Yields
    ------
    BatchResult
        One per item, in the order of the input.

    Raises
    ------
    CocreateError
        If ``rules`` or ``workers`` is not valid (before any item is read).
    ArgumentError
        If ``initiatives`` is not an iterable, or is a single path or
        initiative.

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
    _check_workers(workers)
    numbered = _items(initiatives)
    if workers is None or workers == 1:
        return (_one(index, item, checked) for index, item in numbered)
    return _in_processes(numbered, checked, workers)


def _check_workers(workers: object) -> None:
    if workers is None:
        return
    msg = f"workers must be a whole number >= 1 or None, got {workers!r}"
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise ArgumentError(msg)
    if workers < 1:
        raise CocreateError(msg)


def _in_processes(
    numbered: Iterator[tuple[int, object]], rules: Rules, workers: int
) -> Iterator[BatchResult]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[list[tuple[int, object]], Future[list[BatchResult]] | None]]
        pending = deque()
        limit = 2 * workers
        while True:
            while len(pending) < limit:
                chunk = list(itertools.islice(numbered, CHUNK_SIZE))
                if not chunk:
                    break
                pending.append((chunk, _submit(pool, chunk, rules)))
            if not pending:
                return
            yield from _collect(*pending.popleft(), rules)


def _submit(
    pool: ProcessPoolExecutor, chunk: list[tuple[int, object]], rules: Rules
) -> Future[list[BatchResult]] | None:
    """Send a chunk to a worker; ``None`` if the pool can take no more (a worker died)."""
    try:
        return pool.submit(_chunk, chunk, rules)
    except (BrokenProcessPool, RuntimeError):
        return None


def _collect(
    chunk: list[tuple[int, object]], future: Future[list[BatchResult]] | None, rules: Rules
) -> list[BatchResult]:
    """Return the results of a chunk: from its worker, or, if that failed, from here.

    A chunk fails in a worker only when it cannot be sent (an item does not
    pickle) or the worker dies: classifying an item never raises anything
    but a CocreateError, which is a result. Classified here instead, each
    item gets its own result, and the others are not lost with it.
    """
    if future is not None:
        try:
            return future.result()
        except Exception:  # noqa: BLE001, S110 - classified here below, item by item
            pass
    return _chunk(chunk, rules)
