"""Tests for classifying many initiatives at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from typing import TYPE_CHECKING

import dask.bag as db
import pytest

from cocreate import Initiative, Rules, classify, examples
from cocreate import _batch as batch
from cocreate._batch import BatchResult, classify_many
from cocreate.exceptions import CocreateError, FormatError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path
from typing import Any


def write(path: Path, initiative: Initiative) -> Path:
    path.write_text(json.dumps(initiative.to_dict()), encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> list[Any]:
    """Initiatives, good files, a missing file, an invalid file and a non-initiative."""
    broken = examples.nike_plus().to_dict()
    broken["contributions"][0]["source"] = "adidas"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    items: list[Any] = []
    for index, name in enumerate(examples.names() * 4):
        initiative = examples.get(name)
        items.append(initiative if index % 2 else write(tmp_path / f"{index}.json", initiative))
    items[3:3] = [bad, tmp_path / "missing.json", 3.5]
    return items


def summary(results: Iterator[BatchResult]) -> list[tuple[object, ...]]:
    return [
        (
            r.index,
            r.source,
            r.name,
            r.classification,
            None if r.error is None else (type(r.error), str(r.error)),
        )
        for r in results
    ]


class TestClassifyMany:
    def test_results_come_in_input_order(self) -> None:
        """Each result is the classification of the item at its index."""
        items = [examples.get(name) for name in examples.names()] * 3
        results = list(classify_many(items))
        assert [r.index for r in results] == list(range(len(items)))
        assert [r.classification for r in results] == [classify(i) for i in items]

    def test_paths_are_loaded(self, tmp_path: Path) -> None:
        """A path is loaded and classified, and the result names it."""
        path = write(tmp_path / "nike.json", examples.nike_plus())
        [result] = classify_many([path])
        assert result.source == str(path)
        assert result.name == "Nike+"
        assert result.kind is classify(examples.nike_plus()).kind

    def test_errors_are_reported_per_item(self, mixed: list[Any]) -> None:
        """A bad item gives a result with its error; the others are classified."""
        results = list(classify_many(mixed))
        assert len(results) == len(mixed)
        bad, missing, odd = results[3:6]
        assert isinstance(bad.error, InvalidModelError)
        assert bad.error.faults[0].path == "contributions[0].source"
        assert isinstance(missing.error, FormatError)
        assert isinstance(odd.error, CocreateError)
        assert odd.source is None
        assert "got float" in str(odd.error)
        assert all(r.ok for i, r in enumerate(results) if i not in {3, 4, 5})

    def test_two_workers_give_the_same_results(self, mixed: list[Any]) -> None:
        """workers=2 yields what workers=None yields, errors and their faults included."""
        alone = summary(classify_many(mixed))
        together = list(classify_many(mixed, workers=2))
        assert summary(iter(together)) == alone
        bad = together[3].error
        assert isinstance(bad, InvalidModelError)
        alone_bad = next(r for r in classify_many(mixed) if r.index == 3).error
        assert isinstance(alone_bad, InvalidModelError)
        assert bad.faults == alone_bad.faults

    def test_rules_are_applied(self) -> None:
        """Rules given are used for every item, in workers too."""
        strict = Rules(win_threshold=100)
        items = [examples.nike_plus()] * 3
        expected = classify(examples.nike_plus(), rules=strict)
        assert {r.classification for r in classify_many(items, rules=strict)} == {expected}
        assert {r.classification for r in classify_many(items, rules=strict, workers=2)} == {
            expected
        }

    def test_input_is_read_lazily(self) -> None:
        """Only as many items are read as results are asked for, in one process."""
        pulled: list[int] = []

        def items() -> Iterator[Initiative]:
            for index in range(1000):
                pulled.append(index)
                yield examples.nike_plus()

        results = classify_many(items())
        next(results)
        assert pulled == [0]

    @pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2"])
    def test_bad_workers_are_refused(self, workers: object) -> None:
        """workers must be a whole number >= 1 or None."""
        with pytest.raises(CocreateError, match="workers must be"):
            classify_many([], workers=workers)  # type: ignore[arg-type]

    def test_bad_rules_are_refused(self) -> None:
        """rules must be Rules or None, checked before any item is read."""
        with pytest.raises(CocreateError, match="rules must be"):
            classify_many([], rules="strict")  # type: ignore[arg-type]

    def test_empty_input_gives_nothing(self) -> None:
        """No items, no results, with or without workers."""
        assert list(classify_many([])) == []
        assert list(classify_many([], workers=2)) == []


def brief(results: Iterable[BatchResult]) -> list[tuple[object, ...]]:
    """What must not depend on where an item was classified."""
    return [
        (r.kind, r.index, r.source, r.name, None if r.error is None else type(r.error))
        for r in results
    ]


@pytest.fixture
def unpicklable(mixed: list[Any], tmp_path: Path) -> list[Any]:
    """The mixed items, with a generator and a path-like object that do not pickle."""

    class LocalPath:  # a class inside a function does not pickle
        def __fspath__(self) -> str:
            return str(tmp_path / "0.json")

    return [*mixed[:5], (x for x in range(3)), *mixed[5:9], LocalPath(), *mixed[9:]]


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ways worker processes were started, in order: "fork" or "spawn"."""
    ways: list[str] = []

    def spy(name: str, way: str) -> None:
        real: Callable[..., Iterator[BatchResult]] = getattr(batch, name)

        def recorded(*args: Any) -> Iterator[BatchResult]:
            ways.append(way)
            return real(*args)

        monkeypatch.setattr(batch, name, recorded)

    spy("_forked", "fork")
    spy("_spawned", "spawn")
    return ways


def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the process count as one thread, whatever a library (numpy's BLAS) started."""
    monkeypatch.setattr(batch, "_threads", lambda: 1)


linux = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")
#: Python 3.12+ warns when a library's threads run at the fork that one_thread hides.
hidden_threads = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


class TestWorkers:
    @linux
    @hidden_threads
    def test_forked_workers_give_the_same_results(
        self, unpicklable: list[Any], ran: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A list in a one-thread process is inherited by forked workers: same results."""
        one_thread(monkeypatch)
        monkeypatch.setattr(batch, "RANGE_SIZE", 4)  # several ranges, the last one short
        alone = brief(classify_many(unpicklable))
        assert brief(classify_many(unpicklable, workers=2)) == alone
        assert brief(classify_many(tuple(unpicklable), workers=3)) == alone
        assert ran == ["fork", "fork"]
        assert [r[0] for r in alone].count(None) == 4  # bad, missing, 3.5, the generator

    def test_spawned_workers_give_the_same_results(
        self, unpicklable: list[Any], ran: list[str]
    ) -> None:
        """A generator is read lazily and sent to spawned workers: same results."""
        alone = brief(classify_many(unpicklable))
        assert brief(classify_many(iter(unpicklable), workers=2)) == alone
        assert ran == ["spawn"]

    def test_a_running_thread_means_spawn(self, mixed: list[Any], ran: list[str]) -> None:
        """With another thread running as the pool starts, a list is sent, not inherited."""
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        try:
            assert batch._threads() >= 2
            results = classify_many(mixed, workers=2)
            assert ran == []  # decided when the pool starts, not before
            assert brief(results) == brief(classify_many(mixed))
        finally:
            stop.set()
            thread.join()
        assert ran == ["spawn"]

    @linux
    @hidden_threads
    def test_results_come_in_input_order(
        self, ran: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ranges come back in input order, every item once."""
        one_thread(monkeypatch)
        items = [examples.get(name) for name in examples.names()] * 7
        results = list(classify_many(items, workers=2))
        assert [r.index for r in results] == list(range(len(items)))
        assert [r.name for r in results] == [i.name for i in items]
        assert [r.classification for r in results] == [classify(i) for i in items]
        assert ran == ["fork"]

    @linux
    @hidden_threads
    def test_a_dead_worker_s_range_is_classified_here(
        self, mixed: list[Any], ran: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A worker that dies loses nothing: its range, and any left, are classified here."""
        one_thread(monkeypatch)
        parent = os.getpid()
        good = mixed[0]

        class Deadly:
            def __fspath__(self) -> str:
                if os.getpid() != parent:
                    os._exit(1)
                return str(good)

        items = [*mixed, Deadly(), *mixed]
        results = list(classify_many(items, workers=2))
        assert brief(results) == brief(classify_many(items))
        assert results[len(mixed)].source == str(good)
        assert ran == ["fork"]

    def test_a_thread_that_just_ended_is_waited_for(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The system's count is read again while it lags Python's; a lasting thread counts."""
        counts = iter([2, 2, 1])
        # Python's own count is held at 1: threads that other tests leave
        # (a Dask cluster's) are not what this test is about.
        monkeypatch.setattr(threading, "active_count", lambda: 1)
        monkeypatch.setattr(batch, "_system_threads", lambda: next(counts))
        assert batch._threads() == 1
        monkeypatch.setattr(batch, "_system_threads", lambda: 2)
        monkeypatch.setattr(batch, "THREAD_EXIT_WAIT", 0.01)
        assert batch._threads() == 2

    def test_one_pool_after_another_forks(self) -> None:
        """The thread of a pool just shut down does not keep the next pool from forking.

        Run in a process of its own, where no other thread runs: in the test
        process a library another test imported (numpy's BLAS, a Dask
        cluster) may have started threads of its own.
        """
        code = textwrap.dedent(
            """
            import sys
            from cocreate import _batch as batch, classify_many, examples

            assert batch._threads() == 1, batch._threads()
            ways = []
            for name, way in (("_forked", "fork"), ("_spawned", "spawn")):
                real = getattr(batch, name)

                def recorded(*args, real=real, way=way):
                    ways.append(way)
                    return real(*args)

                setattr(batch, name, recorded)
            items = [examples.nike_plus()] * 3
            for _ in range(3):
                assert len(list(classify_many(items, workers=2))) == 3
            print(" ".join(ways))
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        expected = "fork" if sys.platform == "linux" else "spawn"
        assert done.stdout.split() == [expected] * 3

    @pytest.mark.parametrize(("count", "size"), [(0, 1), (1, 1), (100, 7), (10_000, 625)])
    def test_ranges_share_the_input(self, count: int, size: int) -> None:
        """Eight ranges per worker, of at least 1 item and at most RANGE_SIZE."""
        assert batch._range_size(count, 2) == size
        assert batch._range_size(10**9, 2) == batch.RANGE_SIZE


class TestBatchResult:
    def test_unwrap_returns_or_raises(self) -> None:
        """unwrap gives the classification, or raises the item's error."""
        good, bad = classify_many([examples.nike_plus(), "nowhere.json"])
        assert good.unwrap() == classify(examples.nike_plus())
        assert bad.kind is None
        assert not bad.ok
        with pytest.raises(FormatError):
            bad.unwrap()


class TestDask:
    def test_a_dask_bag_classifies_the_same(self, tmp_path: Path) -> None:
        """The dask.bag recipe of docs/dask.md gives what classify_many gives, on two processes."""
        from distributed import Client, LocalCluster

        from cocreate._formats.jsontoml import load

        paths = [
            str(write(tmp_path / f"{name}.json", examples.get(name))) for name in examples.names()
        ]
        bag = (
            db.from_sequence(  # type: ignore[no-untyped-call]
                paths, npartitions=2
            )
            .map(load)
            .map(classify)
        )
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            kinds = [c.kind for c in client.compute(bag).result()]
        assert kinds == [r.kind for r in classify_many(paths)]

    def test_classify_many_runs_inside_a_bag(self, tmp_path: Path) -> None:
        """classify_many over each partition keeps errors per item."""
        paths = [str(write(tmp_path / "nike.json", examples.nike_plus())), "missing.json"]
        bag = db.from_sequence(  # type: ignore[no-untyped-call]
            paths, npartitions=1
        ).map_partitions(lambda part: [(r.source, r.ok) for r in classify_many(part)])
        assert bag.compute(scheduler="synchronous") == [(paths[0], True), ("missing.json", False)]
