"""Hostile files, paths, processes and pipes: nothing escapes, nothing is lost.

Each test here breaks one promise of issue 11 if the code under it breaks:
a full disk, a read-only directory, a writer killed half-way, a symbolic
link, a FIFO, a file with no end, a closed pipe, and paths and objects of
every kind. Faults the test process cannot cause for real (a full disk; a
read-only directory when the tests run as root, who ignores permission
bits) are injected with monkeypatch at the system call.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import hashlib
import json
import os
import pickle
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    BatchResult,
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    classify,
    classify_many,
    dump,
    examples,
    load,
    read_csv,
    write_csv,
)
from cocreate._cli import main
from cocreate._formats import files
from cocreate.exceptions import (
    ArgumentError,
    CocreateError,
    Fault,
    FormatError,
    InvalidModelError,
    UnknownStakeholderError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Self

SRC = Path(cocreate.__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
CSV_NAMES = ["contributions.csv", "initiative.csv", "stakeholders.csv", "values.csv"]


def anything(value: object) -> Any:
    """An argument of the wrong type, given on purpose; typed Any so that mypy lets it through."""
    return value


def big(name: str, size: int) -> Initiative:
    """An initiative with ``size`` customers, each giving ideas and getting a value."""
    firm = Stakeholder("firm", "firm", name=name)
    people = [Stakeholder(f"c{i}", "customer", customer_of=["firm"]) for i in range(size)]
    given_ = [Contribution(f"c{i}", "ideas", cost=1.5, description=name) for i in range(size)]
    got = [Value(f"c{i}", 2.0, description=name) for i in range(size)] + [Value("firm", 9.0)]
    return Initiative(name, firm, [firm, *people], given_, got)


def leftovers(folder: Path) -> list[str]:
    """Temporary files and journals a writer left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if ".cocreate-" in p.name)


def one_line(error: BaseException) -> str:
    text = str(error)
    assert len(text.splitlines()) == 1, text
    return text


def run(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cocreate`` with this checkout's source."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(
        [sys.executable, "-m", "cocreate", *args],
        text=True,
        encoding="utf-8",
        env=ENV,
        check=False,
        timeout=120,
        **streams,
    )


@pytest.fixture
def nike() -> Initiative:
    return examples.nike_plus()


@pytest.fixture
def dell() -> Initiative:
    return examples.dell_ideastorm()


# --------------------------------------------------------------------------
# Faults at the system call.


def full_disk(monkeypatch: pytest.MonkeyPatch, *, with_message: bool = True) -> None:
    """Make every write to a file (not to the standard streams) fail as on a full disk."""
    real = os.write

    def write(descriptor: int, data: Any) -> int:
        if descriptor > 2:
            raise (
                OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                if with_message
                else OSError(errno.ENOSPC)
            )
        return real(descriptor, data)

    monkeypatch.setattr(os, "write", write)


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``folder`` read-only: by its mode, and, where that is ignored (root), at os.open."""
    folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass  # the mode is honoured
        else:
            probe.unlink()
            real_open = os.open
            here = folder.resolve()

            def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
                inside = Path(os.fsdecode(path)).resolve().parent == here
                if inside and flags & os.O_CREAT:
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
                return real_open(path, flags, *args, **kwargs)

            monkeypatch.setattr(os, "open", refuse)
        yield
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)


class TestFullDisk:
    def test_dump_keeps_the_old_file(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ENOSPC while writing: one-line CocreateError, the old file intact, no temporary file."""
        path = tmp_path / "out.json"
        dump(nike, path)
        before = path.read_bytes()
        full_disk(monkeypatch)
        with pytest.raises(CocreateError) as info:
            dump(dell, path)
        monkeypatch.undo()
        assert one_line(info.value) == f"cannot write {str(path)!r}: No space left on device"
        assert type(info.value) is CocreateError
        assert path.read_bytes() == before
        assert leftovers(tmp_path) == []

    def test_an_errno_without_words_is_explained(
        self, tmp_path: Path, nike: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """OSError(ENOSPC) with no message still gives the system's words, not '28'."""
        full_disk(monkeypatch, with_message=False)
        with pytest.raises(CocreateError, match=r"No space left on device$"):
            dump(nike, tmp_path / "out.toml")

    def test_write_csv_keeps_the_old_files(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ENOSPC on any file: nothing replaced, read_csv gives the old initiative."""
        write_csv(nike, tmp_path)
        before = {name: (tmp_path / name).read_bytes() for name in CSV_NAMES}
        full_disk(monkeypatch)
        with pytest.raises(CocreateError) as info:
            write_csv(dell, tmp_path)
        monkeypatch.undo()
        assert one_line(info.value).endswith(": No space left on device")
        assert {name: (tmp_path / name).read_bytes() for name in CSV_NAMES} == before
        assert sorted(p.name for p in tmp_path.iterdir()) == CSV_NAMES
        assert read_csv(tmp_path) == nike

    def test_short_writes_are_completed(
        self, tmp_path: Path, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A system that writes a few bytes at a time still gets the whole file."""
        real = os.write
        monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
        dump(dell, tmp_path / "out.json")
        write_csv(dell, tmp_path / "csv")
        monkeypatch.undo()
        assert load(tmp_path / "out.json") == dell
        assert read_csv(tmp_path / "csv") == dell

    def test_a_failed_sync_keeps_the_old_file(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """EIO from fsync is a write that did not happen."""
        path = tmp_path / "out.json"
        dump(nike, path)

        def fail(_: int) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises(CocreateError, match="Input/output error"):
            dump(dell, path)
        monkeypatch.undo()
        assert load(path) == nike
        assert leftovers(tmp_path) == []


class TestReadOnlyDirectory:
    def test_dump(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A read-only directory: 'Permission denied', the old file intact."""
        path = tmp_path / "out.json"
        dump(nike, path)
        with read_only(tmp_path, monkeypatch), pytest.raises(CocreateError) as info:
            dump(dell, path)
        assert one_line(info.value) == f"cannot write {str(path)!r}: Permission denied"
        assert load(path) == nike
        assert leftovers(tmp_path) == []

    def test_write_csv(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A read-only directory: no file replaced, the old initiative reads back."""
        write_csv(nike, tmp_path)
        with read_only(tmp_path, monkeypatch), pytest.raises(CocreateError) as info:
            write_csv(dell, tmp_path)
        assert one_line(info.value).endswith(": Permission denied")
        assert read_csv(tmp_path) == nike
        assert sorted(p.name for p in tmp_path.iterdir()) == CSV_NAMES


class TestFailedReplace:
    @pytest.mark.parametrize("failing", [1, 2, 3, 4, 5])
    def test_write_csv_puts_the_old_files_back(
        self,
        tmp_path: Path,
        nike: Initiative,
        dell: Initiative,
        monkeypatch: pytest.MonkeyPatch,
        failing: int,
    ) -> None:
        """If any os.replace fails, the files already replaced are put back."""
        write_csv(nike, tmp_path)
        real = os.replace
        calls: list[str] = []

        def replace(source: Any, target: Any) -> None:
            calls.append(os.fsdecode(target))
            if len(calls) == failing:
                raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))
            real(source, target)

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(CocreateError, match="Operation not permitted"):
            write_csv(dell, tmp_path)
        monkeypatch.undo()
        assert read_csv(tmp_path) == nike
        assert sorted(p.name for p in tmp_path.iterdir()) == CSV_NAMES

    def test_a_new_directory_is_left_without_files(
        self, tmp_path: Path, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where there were no files, a failed write leaves none, not some."""
        real = os.replace
        calls: list[str] = []

        def replace(source: Any, target: Any) -> None:
            calls.append(os.fsdecode(target))
            if len(calls) == 4:
                raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))
            real(source, target)

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(CocreateError):
            write_csv(dell, tmp_path / "new")
        monkeypatch.undo()
        assert list((tmp_path / "new").iterdir()) == []

    def test_temporary_names_that_are_all_taken(
        self, tmp_path: Path, nike: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """FileExistsError for every temporary name is a CocreateError, not a loop."""

        def taken(path: Any, *_: Any) -> int:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)

        monkeypatch.setattr(os, "open", taken)
        with pytest.raises(CocreateError, match="could not make a temporary file"):
            dump(nike, tmp_path / "out.json")


# --------------------------------------------------------------------------
# Killed writers.

KILL_AT = """
import os, signal, sys
from cocreate import load, dump, write_csv
function, count, kind, source, target = sys.argv[1:]
real = getattr(os, function)
calls = []
def deadly(*args, **kwargs):
    calls.append(args)
    if len(calls) == int(count):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(os, function, deadly)
(dump if kind == "json" else write_csv)(load(source), target)
"""

WRITE_FOREVER = """
import sys
from pathlib import Path
from cocreate import load, dump, write_csv
kind, first, second, target, marker = sys.argv[1:]
write = dump if kind == "json" else write_csv
a, b = load(first), load(second)
write(a, target)
Path(marker).touch()
while True:
    write(b, target)
    write(a, target)
"""


def read_back(kind: str, target: Path) -> Initiative | str:
    """The initiative at ``target``, or 'mix' where read_csv refuses a mix of two writes."""
    if kind == "json":
        return load(target)
    try:
        return read_csv(target)
    except FormatError as error:
        if "a mix of two writes" not in str(error):
            raise
        return "mix"


class TestKilledWriter:
    @pytest.mark.parametrize(
        ("kind", "function", "count", "possible"),
        [
            ("json", "write", 1, {"old"}),
            ("json", "fsync", 1, {"old"}),
            ("json", "replace", 1, {"old"}),
            ("csv", "write", 3, {"old"}),
            ("csv", "replace", 1, {"old"}),  # the journal
            ("csv", "replace", 2, {"old"}),
            ("csv", "replace", 3, {"mix"}),
            ("csv", "replace", 4, {"mix"}),
            ("csv", "replace", 5, {"mix"}),
            ("csv", "unlink", 1, {"new"}),
        ],
    )
    def test_each_moment(
        self,
        tmp_path: Path,
        nike: Initiative,
        dell: Initiative,
        kind: str,
        function: str,
        count: int,
        possible: set[str],
    ) -> None:
        """Killed at the n-th system call: old, new, or a mix read_csv refuses; then clean."""
        source = tmp_path / "dell.json"
        dump(dell, source)
        folder = tmp_path / "out"
        folder.mkdir()
        target = folder / "out.json" if kind == "json" else folder
        (dump if kind == "json" else write_csv)(nike, target)
        code = [sys.executable, "-c", KILL_AT, function, str(count), kind, str(source)]
        child = subprocess.run([*code, str(target)], env=ENV, check=False, timeout=120)
        assert child.returncode == -signal.SIGKILL
        state = read_back(kind, target)
        outcome = "old" if state == nike else "new" if state == dell else state
        assert outcome in possible
        self.assert_next_write_is_clean(kind, folder, target)

    def test_a_second_killed_write_over_a_mix_is_no_old_state(
        self, tmp_path: Path, nike: Initiative, dell: Initiative
    ) -> None:
        """After a mix, the next interrupted write cannot pass the mix off as 'old'."""
        source = tmp_path / "dell.json"
        dump(dell, source)
        write_csv(nike, tmp_path / "out")
        for _ in range(2):
            code = [sys.executable, "-c", KILL_AT, "replace", "3", "csv", str(source)]
            subprocess.run([*code, str(tmp_path / "out")], env=ENV, check=False, timeout=120)
            assert read_back("csv", tmp_path / "out") == "mix"

    @pytest.mark.parametrize("kind", ["json", "csv"])
    def test_killed_while_writing_repeatedly(self, tmp_path: Path, kind: str) -> None:
        """SIGKILL at any moment of a writing loop: the target is one whole initiative, or a
        refused mix; the next write leaves no stray file."""
        first, second = big("First", 3000), big("Second", 3000)
        dump(first, tmp_path / "first.json")
        dump(second, tmp_path / "second.json")
        folder = tmp_path / "out"
        folder.mkdir()
        target = folder / "out.json" if kind == "json" else folder
        marker = tmp_path / "started"
        arguments = [kind, str(tmp_path / "first.json"), str(tmp_path / "second.json")]
        with subprocess.Popen(
            [sys.executable, "-c", WRITE_FOREVER, *arguments, str(target), str(marker)],
            env=ENV,
            stderr=subprocess.PIPE,
        ) as child:
            deadline = time.monotonic() + 120
            while not marker.exists():
                assert child.poll() is None, child.stderr.read() if child.stderr else ""
                assert time.monotonic() < deadline, "the writer never started"
                time.sleep(0.01)
            child.send_signal(signal.SIGKILL)
            child.wait()
        state = read_back(kind, target)
        assert state in (first, second, "mix")
        self.assert_next_write_is_clean(kind, folder, target)

    @staticmethod
    def assert_next_write_is_clean(kind: str, folder: Path, target: Path) -> None:
        third = examples.my_starbucks_idea()
        (dump if kind == "json" else write_csv)(third, target)
        assert leftovers(folder) == []
        if kind == "json":
            assert [p.name for p in folder.iterdir()] == ["out.json"]
            assert load(target) == third
        else:
            assert sorted(p.name for p in folder.iterdir()) == CSV_NAMES
            assert read_csv(target) == third


def temporary(target: str, pid: int, random: str = "0123abcd", host: str = files._HOST) -> str:
    """The name a writer with process id ``pid`` gives its temporary file of ``target``."""
    return f".{target}.cocreate-{host}-{pid}-{random}.tmp"


class TestStaleTemporaryFiles:
    def test_which_are_removed(self, tmp_path: Path, nike: Initiative) -> None:
        """Dead writers' and old files go; a live writer's, other targets' and other files stay."""
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        dead = int(child.stdout)  # the child has exited and been reaped
        other_host = "000000" if files._HOST == "ffffff" else "ffffff"
        dead_writer = temporary("out.json", dead)
        old_file = temporary("out.json", os.getpid(), "4567cdef")
        kept = [
            temporary("out.json", os.getpid()),  # a live writer: this process
            temporary("out.json", dead, host=other_host),  # cannot tell: another machine
            temporary("other.json", dead),  # another target's
            ".out.json.cocreate-notes.txt",
            "out.json.bak",
        ]
        for name in [dead_writer, old_file, *kept]:
            (tmp_path / name).write_text("partial")
        old = time.time() - files.STALE_AFTER - 60
        os.utime(tmp_path / old_file, (old, old))
        dump(nike, tmp_path / "out.json")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "out.json"])


# --------------------------------------------------------------------------
# Targets that are not plain files.


class TestTargets:
    def test_a_symlink_is_written_through(
        self, tmp_path: Path, nike: Initiative, dell: Initiative
    ) -> None:
        """Writing to a link replaces the file it points to; the link stays a link."""
        real = tmp_path / "data" / "real.json"
        real.parent.mkdir()
        dump(nike, real)
        link = tmp_path / "link.json"
        link.symlink_to(real)
        dump(dell, link)
        assert link.is_symlink()
        assert load(real) == dell
        assert leftovers(tmp_path) == leftovers(real.parent) == []

    def test_a_dangling_symlink_makes_its_file(self, tmp_path: Path, nike: Initiative) -> None:
        """A link to a missing file: the file is made where the link points."""
        link = tmp_path / "link.toml"
        link.symlink_to(tmp_path / "made.toml")
        dump(nike, link)
        assert link.is_symlink()
        assert load(tmp_path / "made.toml") == nike

    def test_a_symlinked_csv_directory_is_written_through(
        self, tmp_path: Path, nike: Initiative
    ) -> None:
        """write_csv into a link to a directory writes in that directory."""
        (tmp_path / "real").mkdir()
        (tmp_path / "link").symlink_to(tmp_path / "real")
        write_csv(nike, tmp_path / "link")
        assert (tmp_path / "link").is_symlink()
        assert read_csv(tmp_path / "real") == nike

    def test_a_fifo_is_refused(self, tmp_path: Path, nike: Initiative) -> None:
        """A named pipe is refused at once (no hang), and stays a named pipe."""
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        with pytest.raises(CocreateError) as info:
            dump(nike, fifo)
        assert one_line(info.value) == f"cannot write {str(fifo)!r}: it is a named pipe (FIFO)"
        (tmp_path / "link.json").symlink_to(fifo)
        with pytest.raises(CocreateError, match="it is a named pipe"):
            dump(nike, tmp_path / "link.json")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert leftovers(tmp_path) == []

    def test_a_fifo_among_csv_files(self, tmp_path: Path, nike: Initiative) -> None:
        """One non-regular CSV target: nothing is written at all."""
        os.mkfifo(tmp_path / "values.csv")
        with pytest.raises(CocreateError) as info:
            write_csv(nike, tmp_path)
        where = str(tmp_path / "values.csv")
        assert one_line(info.value) == f"cannot write {where!r}: it is a named pipe (FIFO)"
        assert [p.name for p in tmp_path.iterdir()] == ["values.csv"]

    def test_a_directory_is_named_once(self, tmp_path: Path, nike: Initiative) -> None:
        """'cannot write 'x': it is a directory', once, not wrapped in itself."""
        folder = tmp_path / "d.json"
        folder.mkdir()
        with pytest.raises(CocreateError) as info:
            dump(nike, folder)
        assert one_line(info.value) == f"cannot write {str(folder)!r}: it is a directory"
        (tmp_path / "file").write_text("x")
        with pytest.raises(CocreateError) as info:
            write_csv(nike, tmp_path / "file")
        assert (
            one_line(info.value)
            == f"cannot write {str(tmp_path / 'file')!r}: it is not a directory"
        )

    def test_a_symlink_loop(self, tmp_path: Path, nike: Initiative) -> None:
        """A link to itself is an error in one line."""
        loop = tmp_path / "loop.json"
        loop.symlink_to(loop)
        with pytest.raises(CocreateError) as info:
            dump(nike, loop)
        assert one_line(info.value).startswith(f"cannot write {str(loop)!r}: ")

    @pytest.mark.parametrize("odd", ["\x1c", "\x85", "\u2028", "\n", "\x1b[31m", "\udcff"])
    def test_names_are_shown_escaped(self, tmp_path: Path, nike: Initiative, odd: str) -> None:
        """A name with a line separator or a control character stays on one line, escaped."""
        folder = tmp_path / f"a{odd}b.json"
        folder.mkdir()
        with pytest.raises(CocreateError) as info:
            dump(nike, folder)
        assert one_line(info.value) == f"cannot write {str(folder)!r}: it is a directory"
        assert repr(odd)[1:-1] in str(info.value)
        with pytest.raises(FormatError) as read_info:
            load(folder)
        assert all(len(str(f).splitlines()) == 1 for f in read_info.value.faults)


# --------------------------------------------------------------------------
# Reading: limits, BOMs, streams.


class CountingFile:
    """A file that remembers how many bytes were read from it, and the largest single read."""

    log: list[int]

    def __init__(self, inner: Any, log: list[int]) -> None:
        self.inner = inner
        self.log = log

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.inner.read(size)
        self.log.append(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        count: int = self.inner.readinto(buffer)
        self.log.append(count)
        return count

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.inner.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the reads the file helpers make."""
    log: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> CountingFile:
        return CountingFile(open(*args, **kwargs), log)  # noqa: PTH123

    monkeypatch.setattr(files, "open", counting, raising=False)
    return log


class TestSizeLimit:
    def test_load_refuses_a_file_with_no_end(self, tmp_path: Path) -> None:
        """A link to /dev/zero: FormatError at the default limit of 256 MiB."""
        zero = tmp_path / "zero.json"
        zero.symlink_to("/dev/zero")
        with pytest.raises(FormatError) as info:
            load(zero)
        assert "larger than the limit of 268435456 bytes (256 MiB)" in str(info.value.faults[0])
        assert files.MAX_BYTES == 256 * 1024 * 1024

    def test_load_reads_at_most_the_limit_and_one(self, tmp_path: Path, reads: list[int]) -> None:
        """With max_bytes=1000, no more than 1001 bytes are taken from an endless file."""
        zero = tmp_path / "zero.toml"
        zero.symlink_to("/dev/zero")
        with pytest.raises(FormatError, match="larger than the limit of 1000 bytes"):
            load(zero, max_bytes=1000)
        assert sum(reads) == 1001

    def test_a_file_of_exactly_the_limit_is_read(self, tmp_path: Path, nike: Initiative) -> None:
        """The limit is inclusive: a file of max_bytes bytes loads."""
        path = tmp_path / "nike.json"
        dump(nike, path)
        size = path.stat().st_size
        assert load(path, max_bytes=size) == nike
        with pytest.raises(FormatError, match=f"limit of {size - 1} bytes"):
            load(path, max_bytes=size - 1)

    def test_read_csv_limits_each_file(
        self, tmp_path: Path, nike: Initiative, reads: list[int]
    ) -> None:
        """An endless CSV file is refused after max_bytes + 1 bytes; the others are read."""
        write_csv(nike, tmp_path)
        (tmp_path / "values.csv").unlink()
        (tmp_path / "values.csv").symlink_to("/dev/zero")
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path, max_bytes=5000)
        [fault] = info.value.faults
        assert fault.path == "values"
        assert "larger than the limit of 5000 bytes" in fault.message
        assert max(reads) <= 5001

    def test_read_csv_streams_rows(self, tmp_path: Path, reads: list[int]) -> None:
        """Files of hundreds of KiB are read in small pieces, never as one text."""
        initiative = big("Streamed", 6000)
        write_csv(initiative, tmp_path)
        sizes = [(tmp_path / name).stat().st_size for name in CSV_NAMES]
        reads.clear()
        assert read_csv(tmp_path) == initiative
        assert sum(reads) == sum(sizes)
        assert max(reads) <= 65536 < max(sizes)

    @pytest.mark.parametrize("value", [0, -1])
    def test_max_bytes_must_be_positive(self, tmp_path: Path, value: int) -> None:
        """max_bytes below 1 is a CocreateError; a float or a bool is an ArgumentError."""
        with pytest.raises(CocreateError, match="max_bytes must be a whole number >= 1"):
            load(tmp_path / "x.json", max_bytes=value)
        for wrong in (1.5, True, "100"):
            with pytest.raises(ArgumentError):
                read_csv(tmp_path, max_bytes=anything(wrong))
            with pytest.raises(ArgumentError):
                load(tmp_path / "x.json", max_bytes=anything(wrong))


class TestByteOrderMark:
    def test_read_csv_skips_a_bom(self, tmp_path: Path, nike: Initiative) -> None:
        """Files saved by spreadsheet programs start with a BOM; it is not part of a column."""
        write_csv(nike, tmp_path)
        for name in CSV_NAMES:
            path = tmp_path / name
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        assert read_csv(tmp_path) == nike

    def test_load_skips_a_bom(self, tmp_path: Path, nike: Initiative) -> None:
        """JSON and TOML files with a BOM load too."""
        for suffix in ("json", "toml"):
            path = tmp_path / f"nike.{suffix}"
            dump(nike, path)
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
            assert load(path) == nike


class TestReadCsvPaths:
    @pytest.mark.parametrize("bad", [123, ["a"], b"/tmp", 1.5, object()])
    def test_wrong_types(self, bad: object) -> None:
        """Not a path: ArgumentError, which is a CocreateError and a TypeError."""
        with pytest.raises(ArgumentError) as info:
            read_csv(anything(bad))
        assert isinstance(info.value, TypeError)
        with pytest.raises(ArgumentError):
            read_csv(stakeholders=anything(bad))

    def test_bad_directories(self, tmp_path: Path, nike: Initiative) -> None:
        """A NUL, a missing directory, a file: one FormatError fault each, naming it."""
        write_csv(nike, tmp_path)
        cases = {
            "x\0": "the path holds a NUL character",
            str(tmp_path / "missing"): "there is no such directory",
            str(tmp_path / "initiative.csv"): "it is not a directory",
            "\ud800": "the path holds '\\ud800', which the file system cannot encode",
        }
        for path, reason in cases.items():
            with pytest.raises(FormatError) as info:
                read_csv(path)
            [fault] = info.value.faults
            assert fault.message == f"cannot read {path!r}: {reason}"


class TestWriteCsvAllOrNothing:
    def test_a_string_csv_cannot_hold(self, tmp_path: Path, nike: Initiative) -> None:
        """A lone surrogate in a description fails before any file is touched."""
        write_csv(nike, tmp_path)
        before = {name: (tmp_path / name).read_bytes() for name in CSV_NAMES}
        firm = Stakeholder("f", "firm")
        bad = Initiative("x", firm, [firm], [Contribution("f", "data", description="\ud800")])
        with pytest.raises(CocreateError) as info:
            write_csv(bad, tmp_path)
        assert "lone surrogate" in one_line(info.value)
        assert {name: (tmp_path / name).read_bytes() for name in CSV_NAMES} == before
        assert read_csv(tmp_path) == nike

    @pytest.mark.parametrize(("initiative", "directory"), [("x", "d"), (None, 5), (None, b"d")])
    def test_wrong_types(
        self, tmp_path: Path, nike: Initiative, initiative: Any, directory: Any
    ) -> None:
        """write_csv('x', d) and write_csv(n, 5): ArgumentError, a TypeError too."""
        with pytest.raises(ArgumentError) as info:
            write_csv(initiative or nike, directory)
        assert isinstance(info.value, TypeError)
        assert list(tmp_path.iterdir()) == []

    def test_a_mix_is_refused_not_read(
        self, tmp_path: Path, nike: Initiative, dell: Initiative
    ) -> None:
        """Files from two writes, with the journal left by a killed one: FormatError."""
        write_csv(nike, tmp_path / "a")
        write_csv(dell, tmp_path / "b")
        old = {name: (tmp_path / "a" / name).read_bytes() for name in CSV_NAMES}
        new = {name: (tmp_path / "b" / name).read_bytes() for name in CSV_NAMES}
        journal = {
            "format": "cocreate-journal",
            "version": 1,
            "old": {n: hashlib.sha256(b).hexdigest() for n, b in old.items()},
            "new": {n: hashlib.sha256(b).hexdigest() for n, b in new.items()},
        }
        (tmp_path / "a" / files.JOURNAL).write_text(json.dumps(journal))
        assert read_csv(tmp_path / "a") == nike  # all old
        (tmp_path / "a" / "stakeholders.csv").write_bytes(new["stakeholders.csv"])
        with pytest.raises(FormatError, match="a mix of two writes"):
            read_csv(tmp_path / "a")
        for name in CSV_NAMES:
            (tmp_path / "a" / name).write_bytes(new[name])
        assert read_csv(tmp_path / "a") == dell  # all new
        (tmp_path / "a" / files.JOURNAL).write_text("not json")
        with pytest.raises(FormatError, match="is not one cocreate wrote"):
            read_csv(tmp_path / "a")

    def test_hand_edits_without_a_journal_are_read(self, tmp_path: Path, nike: Initiative) -> None:
        """A finished write leaves no journal, so editing a file by hand is fine."""
        write_csv(nike, tmp_path)
        path = tmp_path / "initiative.csv"
        path.write_text(path.read_text().replace("Nike+", "Nike Plus"))
        assert read_csv(tmp_path).name == "Nike Plus"


# --------------------------------------------------------------------------
# Hypothesis: any object, any string, as a path.

# What a bad os.PathLike gives: never a str (a str is a path; see NAMES); a
# negative number makes it raise.
PATHLIKE_RESULTS = st.one_of(st.binary(), st.integers(), st.none(), st.floats())


class FakePath:
    """An os.PathLike whose __fspath__ gives anything, or raises."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __fspath__(self) -> Any:
        if isinstance(self.value, int) and self.value < 0:
            raise RuntimeError(self.value)
        return self.value


NOT_PATHS = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.builds(object),
    st.builds(FakePath, PATHLIKE_RESULTS),
)
NAMES = st.text(min_size=1, max_size=40).map(lambda t: "n" + t.replace("/", "_"))


def encodable(name: str) -> bool:
    """Whether the file system can take ``name`` (lone surrogates, mostly, it cannot)."""
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        return False
    return True


def under(folder: str, name: str) -> str:
    """A path inside ``folder``: the generated name cannot leave it."""
    return f"{folder}/{name}"


class TestHostilePaths:
    @settings(max_examples=150, deadline=None)
    @given(NOT_PATHS)
    def test_any_object_as_a_path(self, path: object) -> None:
        """Anything that is not a path: only CocreateError, from all four functions."""
        nike = examples.nike_plus()
        wrong = anything(path)
        calls: list[Callable[[], object]] = [
            lambda: load(wrong),
            lambda: read_csv(wrong),
            lambda: dump(nike, wrong),
            lambda: write_csv(nike, wrong),
        ]
        for call in calls:
            with pytest.raises(CocreateError):
                call()

    @settings(max_examples=60, deadline=None)
    @given(NAMES, st.sampled_from(["json", "toml"]))
    def test_any_string_as_a_name(self, name: str, fmt: str) -> None:
        """A name the system can hold reads back; any other (NUL, surrogate) is a CocreateError."""
        nike = examples.nike_plus()
        with tempfile.TemporaryDirectory() as folder:
            path = under(folder, name)
            if "\0" in name or not encodable(name):
                with pytest.raises(CocreateError):
                    dump(nike, path, format=fmt)
                with pytest.raises(CocreateError):
                    write_csv(nike, path)
                with pytest.raises(CocreateError):
                    load(path, format=fmt)
                with pytest.raises(CocreateError):
                    read_csv(path)
            else:
                dump(nike, path, format=fmt)
                loaded = load(path, format=fmt)
                assert isinstance(loaded, Initiative)
                assert loaded == nike
                write_csv(nike, path + "_csv")
                read = read_csv(path + "_csv")
                assert isinstance(read, Initiative)
                assert read == nike
            assert leftovers(Path(folder)) == []

    @settings(max_examples=100, deadline=None)
    @given(st.one_of(NOT_PATHS, NAMES.map(lambda name: FakePath(under("/nonexistent", name)))))
    def test_any_item_in_a_batch(self, item: object) -> None:
        """classify_many turns each odd item into a result with an error, never an exception."""
        [result] = classify_many([anything(item)])
        assert isinstance(result, BatchResult)
        assert isinstance(result.error, CocreateError)
        assert result.index == 0


# --------------------------------------------------------------------------
# Errors that cross process boundaries.

ERRORS: list[Callable[[], CocreateError]] = [
    lambda: CocreateError("cannot write 'x': it is a directory"),
    lambda: ArgumentError("a path must be a str or os.PathLike, got int"),
    lambda: InvalidModelError("initiative 'x'", [Fault("focal", "unknown"), Fault("", "odd")]),
    lambda: FormatError("file 'x.json'", [Fault("", "not valid JSON")]),
    lambda: UnknownStakeholderError("unknown stakeholder 'adidas'"),
]


class TestErrorsTravel:
    @pytest.mark.parametrize("make", ERRORS, ids=lambda make: type(make()).__name__)
    @pytest.mark.parametrize(
        "move",
        [lambda e: pickle.loads(pickle.dumps(e)), copy.copy, copy.deepcopy],  # noqa: S301
        ids=["pickle", "copy", "deepcopy"],
    )
    def test_same_class_message_and_faults(
        self,
        make: Callable[[], CocreateError],
        move: Callable[[CocreateError], CocreateError],
    ) -> None:
        """pickle, copy and deepcopy give the same class, message, faults and notes."""
        error = make()
        error.add_note("a note")
        moved = move(error)
        assert type(moved) is type(error)
        assert str(moved) == str(error)
        assert moved.args == error.args
        assert moved.__notes__ == ["a note"]
        if isinstance(error, InvalidModelError):
            assert isinstance(moved, InvalidModelError)
            assert moved.faults == error.faults
            assert moved.what == error.what


class TestClassifyManyWithWorkers:
    def test_an_unpicklable_item_is_one_result(self, tmp_path: Path) -> None:
        """A generator at 20 of 40, with workers=2: 40 results, one of them an error."""

        class LocalPath:  # a class inside a function does not pickle
            def __fspath__(self) -> str:
                return str(tmp_path / "nike.json")

        dump(examples.nike_plus(), tmp_path / "nike.json")
        items: list[Any] = [examples.dell_ideastorm()] * 40
        items[20] = (x for x in range(3))
        items[30] = LocalPath()
        results = list(classify_many(items, workers=2))
        assert [r.index for r in results] == list(range(40))
        assert all(isinstance(r, BatchResult) for r in results)
        assert [r.index for r in results if not r.ok] == [20]
        assert "got generator" in str(results[20].error)
        assert results[30].classification == classify(examples.nike_plus())
        assert results[30].source == str(tmp_path / "nike.json")

    def test_errors_come_back_as_themselves(self, tmp_path: Path) -> None:
        """An InvalidModelError from a worker is an InvalidModelError, with its faults."""
        broken = examples.nike_plus().to_dict()
        broken["focal"] = "adidas"
        (tmp_path / "bad.json").write_text(json.dumps(broken))
        [result] = classify_many([tmp_path / "bad.json"], workers=2)
        assert type(result.error) is InvalidModelError
        assert result.error.faults[0].path == "focal"

    @pytest.mark.parametrize("bad", [5, None, 1.5, "nike.json", b"x", Path("x"), "NIKE"])
    def test_not_a_collection_of_items(self, bad: object) -> None:
        """classify_many(5), or of a single path: ArgumentError at once."""
        item: Any = examples.nike_plus() if bad == "NIKE" else bad
        with pytest.raises(ArgumentError) as info:
            classify_many(item)
        assert isinstance(info.value, TypeError)


# --------------------------------------------------------------------------
# The command line.


class FailingStream:
    """A standard output whose writes fail with ``error``."""

    encoding = "utf-8"

    def __init__(self, error: OSError) -> None:
        self.error = error

    def write(self, _: str) -> int:
        raise self.error

    def flush(self) -> None:
        raise self.error


class TestCommandLine:
    def test_head_closes_the_pipe(self, tmp_path: Path) -> None:
        """classify big.json | head -1: exit 0 or 141 (or -13), nothing on standard error."""
        path = tmp_path / "big.json"
        dump(big("Big", 4000), path)
        with subprocess.Popen(
            [sys.executable, "-m", "cocreate", "classify", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        ) as child:
            assert child.stdout is not None
            assert child.stderr is not None
            first = child.stdout.readline()
            child.stdout.close()
            err = child.stderr.read()
            code = child.wait(timeout=120)
        assert first.startswith(b"Big: ")
        assert err == b""
        assert code in {0, 141, -signal.SIGPIPE}

    def test_a_full_standard_output(self) -> None:
        """> /dev/full: one line on standard error, exit 1, no traceback."""
        with Path("/dev/full").open("w") as full:
            result = run("classify", "--example", "nike-plus", stdout=full)
        assert result.returncode == 1
        assert (
            result.stderr == "cocreate: cannot write to standard output: No space left on device\n"
        )

    def test_output_errors_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """main() itself: a full disk is one line and 1; a closed pipe is quiet and 141."""
        monkeypatch.setattr(sys, "stdout", FailingStream(OSError(errno.ENOSPC, "No space")))
        assert main(["examples"]) == 1
        assert capsys.readouterr().err == "cocreate: cannot write to standard output: No space\n"
        monkeypatch.setattr(sys, "stdout", FailingStream(BrokenPipeError(errno.EPIPE, "pipe")))
        assert main(["schema"]) == 141
        assert capsys.readouterr().err == ""
        monkeypatch.setattr(sys, "stdout", None)
        assert main(["examples"]) == 1
        assert (
            capsys.readouterr().err == "cocreate: cannot write to standard output: it is closed\n"
        )

    def test_a_failing_flush_and_a_missing_stderr(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Output kept in a buffer that cannot be flushed is one line; no stderr is no crash."""

        class FailingFlush(FailingStream):
            def write(self, text: str) -> int:
                return len(text)

        monkeypatch.setattr(sys, "stdout", FailingFlush(OSError(errno.ENOSPC, "No space")))
        assert main(["examples"]) == 1
        assert capsys.readouterr().err == "cocreate: cannot write to standard output: No space\n"
        monkeypatch.setattr(sys, "stderr", None)
        assert main(["classify", "missing.json"]) == 1

    def test_ctrl_c_is_quiet(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C ends with 130 and no traceback."""

        def interrupt(*_: object, **__: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr("cocreate._cli.load", interrupt)
        assert main(["classify", "x.json"]) == 130
        assert capsys.readouterr().err == ""

    def test_quieted_output_goes_nowhere(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After a failed output, what is left in the buffer goes to the null device."""
        from cocreate._cli import _quiet_stdout

        with (tmp_path / "out.txt").open("w") as stream:
            monkeypatch.setattr(sys, "stdout", stream)
            _quiet_stdout()
            stream.write("lost")
        assert (tmp_path / "out.txt").read_text() == ""

    def test_an_unexpected_os_error_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An OSError from anywhere below: one line, exit 1."""

        def fail(*_: object, **__: object) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr("cocreate._cli.load", fail)
        assert main(["classify", "x.json"]) == 1
        assert capsys.readouterr().err == "cocreate: Input/output error\n"

    def test_a_file_with_no_end(self, tmp_path: Path) -> None:
        """ln -s /dev/zero zero.json; cocreate classify zero.json: one line, exit 1."""
        (tmp_path / "zero.json").symlink_to("/dev/zero")
        result = run("classify", "zero.json", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr == (
            "zero.json: cannot read the file: it is larger than the limit of 268435456 bytes "
            "(256 MiB); give a larger max_bytes (--max-bytes on the command line) to read it\n"
        )
        small = run("classify", "--max-bytes", "1K", "zero.json", cwd=tmp_path)
        assert "larger than the limit of 1024 bytes" in small.stderr

    @pytest.mark.parametrize(
        ("text", "count"), [("100", 100), ("64k", 65536), ("2M", 2 * 2**20), ("1GiB", 2**30)]
    )
    def test_max_bytes_option(self, tmp_path: Path, text: str, count: int) -> None:
        """--max-bytes takes bytes, or K, M, G; it reaches load."""
        path = tmp_path / "nike.json"
        dump(examples.nike_plus(), path)
        code = main(["classify", "--max-bytes", text, str(path)])
        assert code == (1 if count < path.stat().st_size else 0)

    @pytest.mark.parametrize("text", ["0", "-1", "lots", "1.5M", ""])
    def test_bad_max_bytes(self, text: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A --max-bytes that is not a positive size is bad usage."""
        assert main(["classify", "--max-bytes", text, "x.json"]) == 2
        assert "--max-bytes: must be a whole number of bytes" in capsys.readouterr().err

    @pytest.mark.parametrize("odd", ["\x1c", "\x85", "\u2028", "\r", "\x1b"])
    def test_odd_names_stay_on_one_line(
        self, tmp_path: Path, odd: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file name with a line separator: each message is one line, the name escaped."""
        bad = tmp_path / f"bad{odd}.json"
        bad.write_text("{", encoding="utf-8")
        good = tmp_path / f"good{odd}.json"
        dump(examples.nike_plus(), good)
        assert main(["classify", str(bad), str(good), "--example", "dell-ideastorm"]) == 1
        captured = capsys.readouterr()
        escaped = repr(odd)[1:-1]
        assert captured.err.count("\n") == len(captured.err.splitlines()) == 1
        assert f"bad{escaped}.json: not valid JSON" in captured.err
        header = next(line for line in captured.out.splitlines() if line.startswith("==>"))
        assert header.endswith(f"good{escaped}.json <==")
        assert main(["classify", "--json", str(good)]) == 0
        out = capsys.readouterr().out
        assert len(out.splitlines()) == 1
        assert json.loads(out)["file"] == str(good)

    def test_convert_onto_a_directory(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert into a directory says once that it is a directory."""
        source = tmp_path / "nike.json"
        dump(examples.nike_plus(), source)
        (tmp_path / "d.json").mkdir()
        assert main(["convert", str(source), str(tmp_path / "d.json")]) == 1
        target = str(tmp_path / "d.json")
        assert capsys.readouterr().err == f"cannot write {target!r}: it is a directory\n"

    def test_no_traceback_in_a_subprocess(self, tmp_path: Path) -> None:
        """Hostile inputs through the real entry point: one line each, never a traceback."""
        (tmp_path / "folder.json").mkdir()
        (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
        os.mkfifo(tmp_path / "pipe.toml")
        result = run("classify", "folder.json", "bin.json", "nul\x01.json", cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 3
        dump(examples.nike_plus(), tmp_path / "nike.json")
        converted = run("convert", "nike.json", "pipe.toml", cwd=tmp_path)
        assert converted.returncode == 1
        assert converted.stderr == "cannot write 'pipe.toml': it is a named pipe (FIFO)\n"
