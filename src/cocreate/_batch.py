"""Classify many initiatives at once, in one process or several.

:func:`classify_many` reads its input lazily, a chunk at a time, and yields
one :class:`BatchResult` per item, in input order, whether the item could
be classified or not: one bad file does not stop the batch. With worker
processes the results are the same: an item that cannot be sent to a
worker (a generator, say) is classified, or refused, in the parent, and
errors come back from the workers as themselves (they pickle).

Workers send back as little as they can. For an item that was an
:class:`~cocreate.Initiative` in the parent, that is its kind's value word,
or the :class:`~cocreate.exceptions.CocreateError` that kept it from being
classified, and the parent, which holds the initiative, builds the result
with :func:`cocreate._rules.facts.known`; for a file, the initiative the worker
loaded and its kind. On Linux, a sequence (a list, a tuple) is not sent at
all when the process runs a single thread: the workers are forked, inherit
it, and are given ranges of indices.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from cocreate._model.types import Initiative
from cocreate._model.validate import whole_number
from cocreate._rules.facts import Classification, classify, known
from cocreate._rules.params import Kind, Outcome, Rules
from cocreate._rules.params import rules_arg as _rules
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = ["BatchResult", "classify_many"]

#: How many items each worker process is given at a time, when they are sent to it.
CHUNK_SIZE = 16

#: The most items in one index range, when the workers inherit the input.
RANGE_SIZE = 1024

#: How many ranges each worker is given, at least, when the input is shorter.
RANGES_PER_WORKER = 8

#: How long to wait, in seconds, for threads that have ended to leave the
#: system's count before workers are forked (see ``_threads``).
THREAD_EXIT_WAIT = 0.1

#: How often, in seconds, a worker looks whether its parent is still there,
#: where the system cannot be asked to end it with its parent (not Linux).
PARENT_POLL = 0.5

#: Linux's prctl option that sends a process a signal when its parent ends.
_PR_SET_PDEATHSIG = 1

Item = Initiative | str | os.PathLike[str]

_T = TypeVar("_T")


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
    from cocreate._formats.registry import load

    return load(path)


def _initiative(index: int, item: object) -> Initiative:
    """Return the initiative an item is or names; CocreateError if there is none."""
    if isinstance(item, Initiative):
        return item
    if isinstance(item, str | os.PathLike):
        return _load(item)
    msg = f"item {index}: must be an Initiative or a path to a file, got {type(item).__name__}"
    raise CocreateError(msg)


def _one(index: int, item: object, rules: Rules) -> BatchResult:
    source = _source(item)
    name = None
    try:
        initiative = _initiative(index, item)
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


#: What a worker sends back for one item. For an initiative: its kind's value
#: word, or the error. For a file it loaded and classified: its source, the
#: initiative (which pickles without its caches) and the kind's value word,
#: from which the parent builds the result for far less than unpickling a
#: whole Classification costs. For anything else: the whole result, an error.
Compact = str | CocreateError | tuple[str | None, Initiative, str] | BatchResult


def _word(result: Classification) -> str:
    """The verdict as one short word to send back: kind, structure and outcome."""
    return f"{result.kind.value} {result.structure.value} {result.outcome.value}"


def _known(initiative: Initiative, rules: Rules, word: str) -> Classification:
    """The full result in the parent, from the word :func:`_word` made in a worker."""
    kind, structure, outcome = word.split(" ")
    return known(initiative, rules, Kind(kind), Kind(structure), Outcome(outcome))


def _compact(index: int, item: object, rules: Rules) -> Compact:
    """Classify one item in a worker, and return what the parent cannot cheaply know."""
    if isinstance(item, Initiative):
        try:
            return _word(classify(item, rules=rules))
        except CocreateError as error:
            return error
    source = _source(item)
    name = None
    try:
        initiative = _initiative(index, item)
        name = initiative.name
        return (source, initiative, _word(classify(initiative, rules=rules)))
    except CocreateError as error:
        return BatchResult(index, source, name, None, error)


def _expand(index: int, item: object, compact: Compact, rules: Rules) -> BatchResult:
    """Build, in the parent, the result of an item from what its worker sent back."""
    if isinstance(compact, BatchResult):
        return compact
    if isinstance(compact, tuple):
        source, loaded, word = compact
        return BatchResult(index, source, loaded.name, _known(loaded, rules, word))
    initiative = cast("Initiative", item)  # the others come back as a word or an error
    if isinstance(compact, str):
        classification = _known(initiative, rules, compact)
        return BatchResult(index, None, initiative.name, classification)
    return BatchResult(index, None, initiative.name, None, compact)


def _chunk(items: list[tuple[int, object]], rules: Rules) -> list[Compact]:
    """Classify a chunk of items sent to a worker."""
    return [_compact(index, item, rules) for index, item in items]


#: The input and rules a forked worker inherited, set by :func:`_inherit`.
_inherited: list[tuple[Sequence[object], Rules]] = []


def _inherit(parent: int, items: Sequence[object], rules: Rules) -> None:
    """Start a forked worker: keep the input it inherited, out of the collector's way.

    ``gc.freeze`` moves every object the worker inherited to the permanent
    generation, so that the worker's collections do not walk the input (and
    copy each page of it they touch). The worker ends with its parent
    (:func:`_die_with`).
    """
    _die_with(parent)
    gc.freeze()
    _inherited[:] = [(items, rules)]


def _die_with(parent: int) -> None:
    """End this worker process when its parent, process ``parent``, ends.

    A worker blocks on its queue of work, which it holds both ends of, so it
    would outlive a parent killed with SIGKILL. On Linux the system is asked
    to send it SIGKILL when the parent ends (``prctl(PR_SET_PDEATHSIG)``);
    if the parent ended before that, it ends at once. Elsewhere, or if
    ``prctl`` is not there, a daemon thread looks every :data:`PARENT_POLL`
    seconds whether the parent is still its parent.
    """
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent ended before the request
                    os._exit(1)
                return
    threading.Thread(target=_watch, args=(parent,), name="cocreate-parent", daemon=True).start()


def _watch(parent: int) -> None:
    """End this process once ``parent`` is no longer its parent (it ended)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


def _workers(requested: int, count: int | None = None) -> int:
    """How many worker processes to start: never more than the cores, nor than the items.

    ``count`` is the number of items, where it is known.
    """
    cores = os.cpu_count() or 1
    return max(1, min(requested, cores, requested if count is None else count))


def _range(start: int, stop: int) -> list[Compact]:
    """Classify the inherited items from ``start`` to ``stop`` in a forked worker."""
    [(items, rules)] = _inherited
    return [_compact(index, items[index], rules) for index in range(start, stop)]


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
        ``None`` or 1: classify in this process. More: in up to that many
        worker processes (:class:`concurrent.futures.ProcessPoolExecutor`),
        but never more than :func:`os.cpu_count` nor, for a sequence, than
        it has items, at most two chunks of items per worker in flight at
        a time, started when the first result is asked for, in one of two
        ways:

        * On Linux, when ``initiatives`` is a sequence (a list, a tuple)
          and this process runs a single thread (Python's or any other) as
          the pool starts, the workers are started with ``fork``: they
          inherit the sequence, read whole when the pool starts, and
          nothing of it is pickled. Each is given ranges of indices, of
          up to :data:`RANGE_SIZE` items (fewer, so that each worker gets
          :data:`RANGES_PER_WORKER` of a short input). Starting and
          stopping them takes about 0.1 s.
        * Otherwise (other systems, other threads running, an iterator or
          generator), with ``spawn``: each worker starts a new interpreter
          and imports cocreate (about a second), the input is read lazily,
          and each worker is sent chunks of :data:`CHUNK_SIZE` items,
          pickled (initiatives as rows of field values, without their
          caches, about 40 µs each for a small one; a path costs next to
          nothing).

        Either way a worker sends back only the kind, or the error, of an
        item that was an initiative, and this process builds the rest of
        the result; for a file, the initiative it loaded and its kind
        (unpickling a small initiative costs this process about 60 µs).
        Workers pay off when classifying an item costs well above what
        this process spends on it: for initiatives in a list on Linux,
        a few µs each plus about 0.1 s to start and stop the pool, so from
        a few thousand small ones, when the cores are free; for files, and
        for initiatives sent to spawned workers (pickling and unpickling a
        small one costs about what classifying it does), seldom on two
        cores (docs/performance.md has the measurements).
        The workers end with this process, even when it is killed
        (SIGKILL): on Linux at once, elsewhere within
        :data:`PARENT_POLL` seconds.
        As with any process pool, a script that uses workers should call
        this under ``if __name__ == "__main__":``. Whatever ``workers``
        is, there is one result per item: a chunk that cannot be sent to
        a worker (it holds a generator, say), or whose worker died, is
        classified in this process instead.

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
    return _in_processes(initiatives, numbered, checked, workers)


def _check_workers(workers: object) -> None:
    whole_number("workers", workers, optional=True)


def _threads() -> int:
    """Return how many threads this process runs: Python's, or the system's if more.

    Python 3.12 and later warn when a process that runs more than one
    thread forks, counting the system's threads (a library's, such as
    OpenBLAS's, too); so does this, on Linux. A thread that Python has
    just joined (that of a pool shut down a moment ago) leaves the system's
    count a little later, so a count above Python's is read again, for up
    to :data:`THREAD_EXIT_WAIT` seconds, before it is believed.
    """
    python = threading.active_count()
    deadline = time.monotonic() + THREAD_EXIT_WAIT
    system = _system_threads()
    while system > python and time.monotonic() < deadline:
        time.sleep(0.001)
        system = _system_threads()
    return max(python, system)


def _system_threads() -> int:
    """Return how many threads the system counts in this process; 0 if it does not say."""
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir())
    except OSError:
        return 0


def _forks(initiatives: object) -> bool:
    """Whether workers may be forked to inherit ``initiatives`` rather than be sent them."""
    return (
        sys.platform == "linux"
        and isinstance(initiatives, Sequence)
        and not isinstance(initiatives, str | bytes)
        and _threads() == 1
    )


def _in_processes(
    initiatives: object, numbered: Iterator[tuple[int, object]], rules: Rules, workers: int
) -> Iterator[BatchResult]:
    """Classify in worker processes, forked or spawned; decided as the pool starts."""
    if _forks(initiatives):
        yield from _forked(tuple(cast("Sequence[object]", initiatives)), rules, workers)
    else:
        yield from _spawned(numbered, rules, workers)


def _range_size(count: int, workers: int) -> int:
    """The number of items in each index range of an input of ``count`` items."""
    return max(1, min(RANGE_SIZE, -(-count // (workers * RANGES_PER_WORKER))))


def _forked(items: tuple[object, ...], rules: Rules, workers: int) -> Iterator[BatchResult]:
    """Classify ``items`` in forked workers that inherit them, given ranges of indices.

    With ``fork``, :class:`ProcessPoolExecutor` starts every worker at the
    first ``submit``, before its own thread starts (CPython 3.11 to 3.13),
    so the process forks while it runs one thread, and the workers get
    ``items`` through ``initargs`` without pickling.
    """
    if not items:
        return
    workers = _workers(workers, len(items))
    size = _range_size(len(items), workers)
    starts = iter(range(0, len(items), size))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_inherit,
        initargs=(os.getpid(), items, rules),
    ) as pool:
        pending: deque[tuple[range, Future[list[Compact]] | None]] = deque()
        while True:
            for start in itertools.islice(starts, 2 * workers - len(pending)):
                span = range(start, min(start + size, len(items)))
                pending.append((span, _submit(pool, _range, span.start, span.stop)))
            if not pending:
                return
            span, future = pending.popleft()
            compact = _result(future)
            if compact is None:
                yield from (_one(index, items[index], rules) for index in span)
            else:
                yield from map(
                    _expand, span, map(items.__getitem__, span), compact, itertools.repeat(rules)
                )


def _spawned(
    numbered: Iterator[tuple[int, object]], rules: Rules, workers: int
) -> Iterator[BatchResult]:
    """Classify in spawned workers, each sent chunks of :data:`CHUNK_SIZE` items, pickled.

    The first chunks, as many as are sent before the first result, are
    read before the pool starts: an input that ends within them gets no more
    workers than it has chunks.
    """
    workers = _workers(workers)
    ahead = list(itertools.islice(numbered, 2 * workers * CHUNK_SIZE))
    if len(ahead) < 2 * workers * CHUNK_SIZE:  # the whole input
        workers = _workers(workers, -(-len(ahead) // CHUNK_SIZE))
    numbered = itertools.chain(ahead, numbered)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_die_with,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[tuple[list[tuple[int, object]], Future[list[Compact]] | None]]
        pending = deque()
        limit = 2 * workers
        while True:
            while len(pending) < limit:
                chunk = list(itertools.islice(numbered, CHUNK_SIZE))
                if not chunk:
                    break
                pending.append((chunk, _submit(pool, _chunk, chunk, rules)))
            if not pending:
                return
            chunk, future = pending.popleft()
            compact = _result(future)
            if compact is None:
                yield from (_one(index, item, rules) for index, item in chunk)
            else:
                for (index, item), one in zip(chunk, compact, strict=True):
                    yield _expand(index, item, one, rules)


def _submit(
    pool: ProcessPoolExecutor, work: Callable[..., list[Compact]], *args: object
) -> Future[list[Compact]] | None:
    """Send work to a worker; ``None`` if the pool can take no more (a worker died)."""
    try:
        return pool.submit(work, *args)
    except (BrokenProcessPool, RuntimeError):
        return None


def _result(future: Future[_T] | None) -> _T | None:
    """Return what a worker sent back; ``None`` if it failed, to be done here instead.

    Work fails in a worker only when it cannot be sent (an item does not
    pickle) or the worker dies: classifying an item never raises anything
    but a CocreateError, which is a result. Classified here instead, each
    item gets its own result, and the others are not lost with it.
    """
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - done here instead, item by item
        return None
