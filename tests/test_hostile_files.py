"""The second hostile round: nothing escapes, nothing is lost, everything is bounded.

Each test here would fail on the code before its fix: an unbounded ``n``, a
name too long for the file system, a fork bomb and orphaned workers, a named
pipe with no writer, a limit that is preallocated, concurrent writers, a
backup that was not kept, a CSV cell that cannot be read back, a signed
zero, terminal escapes, spreadsheet formulas, and an exit code that says a
finished write was interrupted. Faults the test process cannot cause for
real are injected with monkeypatch at the system call.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import cocreate
from cocreate import (
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    classify_many,
    dump,
    dumps,
    examples,
    from_records,
    load,
    read_csv,
    simulate,
    to_dot,
    to_mermaid,
    to_records,
    write_csv,
    write_excel,
)
from cocreate import _batch as batch
from cocreate._cli import main
from cocreate._formats import files
from cocreate._formats.csv import MAX_CELL
from cocreate._judgment.ranges import MAX_DRAWS
from cocreate.exceptions import CocreateError, FormatError

SRC = Path(cocreate.__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
CSV_NAMES = ["contributions.csv", "initiative.csv", "stakeholders.csv", "values.csv"]


@pytest.fixture
def nike() -> Initiative:
    return examples.nike_plus()


@pytest.fixture
def dell() -> Initiative:
    return examples.dell_ideastorm()


# --------------------------------------------------------------------------
# 5. simulate has a bound on n.


class TestSimulateBound:
    @pytest.mark.parametrize("n", [10**12, MAX_DRAWS + 1])
    def test_too_many_draws_are_refused(self, nike: Initiative, n: int) -> None:
        """n above MAX_DRAWS: a CocreateError naming the limit, not a MemoryError or an hour."""
        with pytest.raises(CocreateError) as info:
            simulate(nike, n=n, seed=1, spread=0.5)
        assert f"from 1 to {MAX_DRAWS}" in str(info.value)
        assert MAX_DRAWS == 10**7


# --------------------------------------------------------------------------
# 7. A name too long for the file system.

LONG = "a" * 300


class TestNameTooLong:
    @pytest.mark.parametrize("name", [LONG, LONG + ".json", f"{LONG}/x.toml"])
    def test_load(self, name: str) -> None:
        """ENAMETOOLONG is a CocreateError naming the file, not an OSError."""
        with pytest.raises(CocreateError) as info:
            load(name)
        assert LONG in str(info.value)

    def test_a_batch_goes_on(self, nike: Initiative) -> None:
        """One such item is one result with an error; the batch goes on."""
        first, second = classify_many([LONG, nike])
        assert isinstance(first.error, CocreateError)
        assert second.ok

    def test_read_csv_says_why(self) -> None:
        """read_csv gives the system's reason, not 'there is no such directory'."""
        with pytest.raises(FormatError) as info:
            read_csv(LONG)
        assert info.value.faults[0].message == f"cannot read {LONG!r}: File name too long"

    def test_the_command_line_names_the_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """cocreate classify NAME: one line that starts with the file's name; exit 1."""
        assert main(["classify", LONG, "--example", "nike-plus"]) == 1
        captured = capsys.readouterr()
        assert captured.err.startswith(f"{LONG}: ")
        assert len(captured.err.splitlines()) == 1
        assert "Nike+: co-creation" in captured.out


# --------------------------------------------------------------------------
# 12. Named pipes: one reader, with a time limit.

SHORT = 0.3  # seconds: the time limit the tests give a pipe nothing writes to


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def feed(path: Path, data: bytes) -> threading.Thread:
    """Start a thread that opens ``path`` to write (it waits for a reader) and writes ``data``."""

    def write() -> None:
        with path.open("wb") as pipe:
            pipe.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


class TestNamedPipes:
    def test_load_refuses_a_pipe_with_no_writer(self, fifo: Path) -> None:
        """load(fifo) with nothing writing: FormatError at the time limit, not a hang."""
        with pytest.raises(FormatError) as info:
            load(fifo, pipe_timeout=SHORT)
        message = info.value.faults[0].message
        assert "did not reach its end within 0.3 seconds" in message
        assert len(str(info.value).splitlines()) == 2  # the title and the one fault

    def test_load_reads_a_pipe_with_data(self, fifo: Path, nike: Initiative) -> None:
        """A pipe something writes a document to (and closes) is read to its end."""
        writer = feed(fifo, dumps(nike).encode())
        assert load(fifo) == nike
        writer.join(timeout=60)
        assert not writer.is_alive()

    def test_load_bounds_a_pipe_by_bytes(self, fifo: Path) -> None:
        """A pipe that gives more than max_bytes is refused at the limit."""
        writer = feed(fifo, b" " * 5000)
        with pytest.raises(FormatError, match="larger than the limit of 1000 bytes"):
            load(fifo, max_bytes=1000)
        writer.join(timeout=60)

    def test_read_csv_refuses_a_pipe_with_no_writer(self, tmp_path: Path, nike: Initiative) -> None:
        """values.csv a FIFO: one fault for that file, not a hang."""
        write_csv(nike, tmp_path)
        (tmp_path / "values.csv").unlink()
        os.mkfifo(tmp_path / "values.csv")
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path, pipe_timeout=SHORT)
        [fault] = info.value.faults
        assert fault.path == "values"
        assert "did not reach its end within 0.3 seconds" in fault.message

    def test_from_e3value_and_the_command_line(
        self,
        fifo: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """from_e3value and cocreate classify take the default time limit, here shortened."""
        from cocreate import from_e3value

        monkeypatch.setattr(files, "PIPE_TIMEOUT", SHORT)
        rdf = tmp_path / "model.rdf"
        os.mkfifo(rdf)
        with pytest.raises(FormatError, match=r"did not reach its end within 0\.3 seconds"):
            from_e3value(rdf, focal="Shop")
        assert main(["classify", str(fifo)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"{fifo}: ")
        assert "did not reach its end" in err

    @pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), 10**400])
    def test_bad_time_limits(self, fifo: Path, bad: float) -> None:
        """A time limit that is not a finite number > 0 is a CocreateError before any wait."""
        with pytest.raises(CocreateError, match="pipe_timeout must be"):
            load(fifo, pipe_timeout=bad)
        with pytest.raises(CocreateError, match="pipe_timeout must be"):
            read_csv(fifo.parent, pipe_timeout=bad)

    def test_a_directory_and_a_socket_are_refused(self, tmp_path: Path) -> None:
        """What is neither a regular file nor a pipe is refused at once."""
        import socket

        with pytest.raises(FormatError, match="Is a directory"):
            load(tmp_path, format="json")
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(tmp_path / "sock.json"))
            with pytest.raises(FormatError, match="cannot read the file"):
                load(tmp_path / "sock.json")


# --------------------------------------------------------------------------
# 13. Standard input is read in chunks, whatever the limit.


class RecordingInput:
    """A standard input whose ``buffer`` remembers the size of each read asked of it."""

    def __init__(self, data: bytes) -> None:
        self.sizes: list[int] = []
        self.inner = io.BytesIO(data)
        self.buffer = self

    def read(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        return self.inner.read(size)


class TestStandardInput:
    def test_a_huge_limit_is_not_allocated(
        self, nike: Initiative, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--max-bytes 100G: no read asks for more than a chunk."""
        stdin = RecordingInput(dumps(nike).encode())
        monkeypatch.setattr(sys, "stdin", stdin)
        assert main(["classify", "-", "--max-bytes", "100G"]) == 0
        assert capsys.readouterr().out.startswith("Nike+: co-creation")
        assert 0 < max(stdin.sizes) <= 1 << 20

    def test_a_real_pipe_with_a_huge_limit(self, nike: Initiative) -> None:
        """The same through the real entry point: exit 0, not a MemoryError."""
        child = subprocess.run(
            [sys.executable, "-m", "cocreate", "classify", "-", "--max-bytes", "100G"],
            input=dumps(nike),
            capture_output=True,
            text=True,
            env=ENV,
            check=False,
            timeout=120,
        )
        assert child.returncode == 0, child.stderr
        assert child.stdout.startswith("Nike+: co-creation")

    def test_the_limit_still_holds(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """More than --max-bytes on standard input is refused, in one line."""
        monkeypatch.setattr(sys, "stdin", RecordingInput(b" " * 5000))
        assert main(["classify", "-", "--max-bytes", "1K"]) == 1
        assert "standard input holds more than 1024 bytes" in capsys.readouterr().err


# --------------------------------------------------------------------------
# 8. Workers: no more than the cores and the items, and they die with their parent.


class TestWorkers:
    @pytest.mark.parametrize("shape", [list, iter])
    def test_a_million_workers_on_three_items(
        self, nike: Initiative, monkeypatch: pytest.MonkeyPatch, shape: Any
    ) -> None:
        """workers=10**6 on 3 items, 64 cores: a pool of at most 3, at most 3 processes started."""
        sizes: list[int] = []
        started: list[int] = []

        class Counted(ProcessPoolExecutor):
            """A pool that records its size and the processes it started; never more than 2."""

            def __init__(self, max_workers: int, **options: Any) -> None:
                sizes.append(max_workers)
                super().__init__(max_workers=min(max_workers, 2), **options)

            def shutdown(self, *args: Any, **kwargs: Any) -> None:
                started.append(len(self._processes or {}))
                super().shutdown(*args, **kwargs)

        monkeypatch.setattr(batch, "ProcessPoolExecutor", Counted)
        monkeypatch.setattr(os, "cpu_count", lambda: 64)
        results = list(classify_many(shape([nike] * 3), workers=10**6))
        assert [r.ok for r in results] == [True] * 3
        assert len(sizes) == len(started) == 1
        assert 1 <= sizes[0] <= 3
        assert 1 <= started[0] <= 3

    def test_no_more_than_the_cores(
        self, nike: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """workers=10**6 on 1000 items, 2 cores: a pool of 2."""
        sizes: list[int] = []

        class Counted(ProcessPoolExecutor):
            def __init__(self, max_workers: int, **options: Any) -> None:
                sizes.append(max_workers)
                super().__init__(max_workers=min(max_workers, 2), **options)

        monkeypatch.setattr(batch, "ProcessPoolExecutor", Counted)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
        assert sum(r.ok for r in classify_many([nike] * 1000, workers=10**6)) == 1000
        assert sizes == [2]

    @pytest.mark.parametrize("shape", ["list", "generator"])
    def test_workers_die_with_their_parent(self, shape: str) -> None:
        """The parent killed with SIGKILL: every worker ends too (waited for, within a bound)."""
        items = "[nike] * 4000" if shape == "list" else "(nike for _ in range(4000))"
        script = PARENT.replace("ITEMS", items)
        with subprocess.Popen(
            [sys.executable, "-c", script],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as parent:
            assert parent.stdout is not None
            line = parent.stdout.readline()
            assert line.strip(), parent.stderr.read() if parent.stderr else ""
            workers = {int(pid): _started(int(pid)) for pid in line.split()}
            assert workers
            parent.kill()
            parent.wait(timeout=60)
        deadline = time.monotonic() + 60
        alive = workers
        while alive and time.monotonic() < deadline:
            alive = {pid: at for pid, at in alive.items() if _running(pid, at)}
            time.sleep(0.05)
        assert not alive, f"{len(alive)} of {len(workers)} workers outlived their parent"


#: A parent that starts two workers, names them, and waits to be killed.
PARENT = """
import multiprocessing, sys, time
from cocreate import classify_many, examples
nike = examples.nike_plus()
results = classify_many(ITEMS, workers=2)
next(results)
while len(multiprocessing.active_children()) < 2:
    time.sleep(0.01)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _started(pid: int) -> str | None:
    """The start time of process ``pid`` (to tell it from a later one of the same id)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _running(pid: int, started: str | None) -> bool:
    """Whether process ``pid``, started at ``started``, still runs (a zombie has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in {"Z", "X"} and fields[19] == started


# --------------------------------------------------------------------------
# 14. Concurrent writers leave one whole initiative.

#: A writer that waits for the start signal, then writes its initiative.
#: As it is about to replace its first file, it waits (a second at most)
#: until every writer is there too, and each replacement waits a random
#: moment first: where writers can interleave their replacements, they do.
WRITER = """
import glob, os, random, sys, time
from pathlib import Path
from cocreate import examples, write_csv
name, target, go, writers = sys.argv[1:]
initiative = examples.get(name)
real = os.replace
waited = []
def slow(source, destination):
    if destination.endswith(".csv") and not waited:
        waited.append(True)
        Path(f"{go}.swap.{name}").touch()
        end = time.monotonic() + 1
        while len(glob.glob(f"{go}.swap.*")) < int(writers) and time.monotonic() < end:
            time.sleep(0.002)
    time.sleep(random.random() / 50)
    real(source, destination)
os.replace = slow
Path(f"{go}.ready.{name}").touch()
while not Path(go).exists():
    time.sleep(0.002)
write_csv(initiative, target)
"""


class TestConcurrentWriters:
    def test_one_whole_initiative_remains(self, tmp_path: Path) -> None:
        """Four processes write four initiatives into one folder at once: one remains, whole."""
        names = examples.names()[:4]
        target, go = tmp_path / "out", tmp_path / "go"
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, name, str(target), str(go), str(len(names))],
                env=ENV,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in names
        ]
        deadline = time.monotonic() + 120
        while not all(Path(f"{go}.ready.{name}").exists() for name in names):
            assert all(writer.poll() is None for writer in writers), "a writer ended early"
            assert time.monotonic() < deadline, "the writers never got ready"
            time.sleep(0.01)
        go.touch()
        for writer in writers:
            _, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
        assert read_csv(target) in [examples.get(name) for name in names]
        assert sorted(p.name for p in target.iterdir()) == CSV_NAMES


# --------------------------------------------------------------------------
# 15. Without hard links, a failed write still puts the old files back.


class TestBackupsWithoutHardLinks:
    @pytest.mark.parametrize("failing", [2, 3, 4, 5])
    def test_the_old_files_are_put_back(
        self,
        tmp_path: Path,
        nike: Initiative,
        dell: Initiative,
        monkeypatch: pytest.MonkeyPatch,
        failing: int,
    ) -> None:
        """os.link refused, then the n-th os.replace fails: the old initiative, whole."""
        write_csv(nike, tmp_path)
        before = {name: (tmp_path / name).read_bytes() for name in CSV_NAMES}
        real = os.replace
        calls: list[str] = []

        def no_link(*_: Any, **__: Any) -> None:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

        def replace(source: Any, target: Any) -> None:
            calls.append(os.fsdecode(target))
            if len(calls) == failing:  # the first is the journal's
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real(source, target)

        monkeypatch.setattr(os, "link", no_link)
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(CocreateError, match="Input/output error"):
            write_csv(dell, tmp_path)
        monkeypatch.undo()
        assert {name: (tmp_path / name).read_bytes() for name in CSV_NAMES} == before
        assert sorted(p.name for p in tmp_path.iterdir()) == CSV_NAMES
        assert read_csv(tmp_path) == nike

    def test_a_backup_that_cannot_be_made_stops_the_write(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No link and no copy: nothing is replaced, the old initiative stays."""
        write_csv(nike, tmp_path)

        def no_link(*_: Any, **__: Any) -> None:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

        def no_copy(*_: Any, **__: Any) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "link", no_link)
        monkeypatch.setattr(files, "_copy", no_copy)
        with pytest.raises(CocreateError, match="No space left on device"):
            write_csv(dell, tmp_path)
        monkeypatch.undo()
        assert read_csv(tmp_path) == nike
        assert sorted(p.name for p in tmp_path.iterdir()) == CSV_NAMES


# --------------------------------------------------------------------------
# 16. A CSV cell that write_csv writes, read_csv reads.


def described(text: str, name: str = "Firm") -> Initiative:
    """An initiative whose one contribution has ``text`` as its description."""
    firm = Stakeholder("firm", "firm", name=name)
    people = Stakeholder("people", "customer", customer_of=["firm"])
    given = [Contribution("people", "ideas", cost=1.0, description=text)]
    return Initiative("Described", firm, [firm, people], given, [Value("people", 2.0)])


class TestCellLimit:
    def test_the_longest_cell_reads_back(self, tmp_path: Path) -> None:
        """A description of exactly MAX_CELL characters: written, and read back equal."""
        initiative = described("x" * MAX_CELL)
        write_csv(initiative, tmp_path)
        assert read_csv(tmp_path) == initiative

    @pytest.mark.parametrize("size", [MAX_CELL + 1, 200_000])
    def test_a_longer_cell_is_refused_on_writing(
        self, tmp_path: Path, nike: Initiative, size: int
    ) -> None:
        """200,000 characters: a CocreateError naming the field, and the old files stay."""
        write_csv(nike, tmp_path)
        with pytest.raises(CocreateError) as info:
            write_csv(described("x" * size), tmp_path)
        message = str(info.value)
        assert f"contributions[0].description holds {size} characters" in message
        assert len(message.splitlines()) == 1
        assert read_csv(tmp_path) == nike

    def test_a_neutralised_cell_counts_its_quote(self, tmp_path: Path) -> None:
        """'-' and MAX_CELL - 1 more: the quote makes it MAX_CELL + 1 as written, so refused."""
        with pytest.raises(CocreateError, match="holds 131073 characters"):
            write_csv(described("-" * MAX_CELL), tmp_path)

    def test_the_reader_names_the_limit(self, tmp_path: Path, nike: Initiative) -> None:
        """A hand-made file with a longer cell: one fault that says what the limit is."""
        write_csv(nike, tmp_path)
        path = tmp_path / "values.csv"
        path.write_text(path.read_text() + "apple,1.0,,," + "y" * (MAX_CELL + 5) + "\n")
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path)
        [fault] = info.value.faults
        assert f"a cell holds more than {MAX_CELL} characters" in fault.message


# --------------------------------------------------------------------------
# 20. Spreadsheet formulas in CSV cells.

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
    "'quoted",
    "''twice",
    "'",
    "=",
]


class TestFormulas:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_text_cells_are_neutralised_and_read_back(self, tmp_path: Path, text: str) -> None:
        """Every text cell, the name included, starts with no formula character; all read back."""
        firm = Stakeholder(text, "firm", name=text)
        people = Stakeholder("people", "customer", customer_of=[text], name=text)
        given = [Contribution("people", "ideas", target=text, cost=3.0, description=text)]
        got = [Value("people", -2.5, provider=text, description=text)]
        initiative = Initiative(text, firm, [firm, people], given, got)
        write_csv(initiative, tmp_path)
        for name in CSV_NAMES:
            rows = list(csv.reader(io.StringIO((tmp_path / name).read_text(), newline="")))
            for row, header in ((row, rows[0]) for row in rows[1:]):
                for column, cell in zip(header, row, strict=True):
                    if column in {"cost", "amount", "low", "high"}:
                        assert not cell.startswith("'"), (name, column, cell)
                    else:
                        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, column)
        assert read_csv(tmp_path) == initiative

    def test_numbers_stay_numbers(self, tmp_path: Path) -> None:
        """-3 in a number column is written -3.0, not '-3.0; the text -3 is written '-3."""
        firm = Stakeholder("firm", "firm")
        negative = Initiative("n", firm, [firm], [], [Value("firm", -3, description="-3")])
        write_csv(negative, tmp_path)
        line = (tmp_path / "values.csv").read_text().splitlines()[1]
        assert line == "firm,-3.0,,other,'-3,,,,"
        assert read_csv(tmp_path) == negative

    def test_the_name_cell(self, tmp_path: Path) -> None:
        """The initiative's name =cmd is written '=cmd."""
        firm = Stakeholder("firm", "firm")
        write_csv(Initiative("=cmd|' /C calc'!A0", firm, [firm]), tmp_path)
        line = (tmp_path / "initiative.csv").read_text().splitlines()[1]
        assert line == "'=cmd|' /C calc'!A0,firm,,,"


# --------------------------------------------------------------------------
# 18. One zero: -0.0 is 0.0, so equal initiatives write equal bytes.


def zeroes(zero: float, *, bulk: bool = False) -> Initiative:
    """An initiative with ``zero`` as every number, built by the constructors or in bulk."""
    firm = Stakeholder("firm", "firm")
    if bulk:
        return from_records(
            "Zero",
            "firm",
            [("firm", "firm"), ("people", "customer", None, None, ["firm"])],
            [("people", "ideas", None, zero, None, zero, zero)],
            [("people", zero, "firm", None, None, zero, zero), ("firm", zero)],
        )
    people = Stakeholder("people", "customer", customer_of=["firm"])
    given = [Contribution("people", "ideas", cost=zero, low=zero, high=zero)]
    got = [Value("people", zero, provider="firm", low=zero, high=zero), Value("firm", zero)]
    return Initiative("Zero", firm, [firm, people], given, got)


def written(initiative: Initiative, folder: Path) -> dict[str, bytes | str | object]:
    """What every writer makes of ``initiative``."""
    write_csv(initiative, folder / "csv")
    write_excel(initiative, folder / "x.xlsx")
    sheets = openpyxl.load_workbook(folder / "x.xlsx", read_only=True)
    cells = [list(sheet.iter_rows(values_only=True)) for sheet in sheets.worksheets]
    sheets.close()
    return {
        "json": dumps(initiative),
        "toml": dumps(initiative, "toml"),
        "csv": {name: (folder / "csv" / name).read_bytes() for name in CSV_NAMES},
        "excel": repr(cells),
        "dot": to_dot(initiative),
        "mermaid": to_mermaid(initiative),
        "records": repr(to_records(initiative)),
    }


class TestSignedZero:
    @pytest.mark.parametrize("bulk", [False, True], ids=["constructors", "from_records"])
    def test_every_writer_writes_one_zero(self, tmp_path: Path, bulk: bool) -> None:
        """Value(b, 0.0) and Value(b, -0.0): equal, and equal bytes from every writer."""
        plus, minus = zeroes(0.0, bulk=bulk), zeroes(-0.0, bulk=bulk)
        assert plus == minus
        (tmp_path / "plus").mkdir()
        (tmp_path / "minus").mkdir()
        ours, theirs = written(plus, tmp_path / "plus"), written(minus, tmp_path / "minus")
        for writer, text in ours.items():
            assert theirs[writer] == text, writer
        assert "-0.0" not in repr(theirs)

    def test_each_number_field_is_positive_zero(self) -> None:
        """The fields themselves hold 0.0, whose sign is +."""
        minus = zeroes(-0.0)
        numbers = [c.cost for c in minus.contributions] + [v.amount for v in minus.values]
        assert all(math.copysign(1.0, number) == 1.0 for number in numbers)


# --------------------------------------------------------------------------
# 19. Terminal escapes in names.

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\r", "\u202e")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A file whose names hold a clear-screen sequence, an OSC-8 link and a bell."""
    firm = Stakeholder("firm", "firm", name=f"Firm{CLEAR}")
    people = Stakeholder(
        "people", "customer", name=f"{LINK}\x07\x9b2J\r\u202e", customer_of=["firm"]
    )
    helper = Stakeholder("helper", "firm", name="Helper\x9d0;title\x07")
    given = [
        Contribution("people", "ideas", cost=1.0),
        Contribution("helper", "data", cost=1.0),
    ]
    got = [Value("people", 3.0), Value("firm", 5.0), Value("helper", 2.0)]
    initiative = Initiative(f"Evil{CLEAR}", firm, [firm, people, helper], given, got)
    path = tmp_path / "evil.json"
    dump(initiative, path)
    return path


class TestTerminalEscapes:
    @pytest.mark.parametrize(
        "command",
        [["classify"], ["classify", "--spread", "0.2"], ["profile"], ["whatif"]],
        ids=["classify", "spread", "profile", "whatif"],
    )
    def test_text_output_escapes_controls(
        self, hostile: Path, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No raw control character reaches the terminal; the names are shown escaped."""
        assert main([*command, str(hostile)]) == 0
        out = capsys.readouterr().out
        assert not any(char in out for char in RAW), repr(out)
        if command[0] != "profile":  # the profile names no one
            assert "\\x1b[2J" in out

    @pytest.mark.parametrize("command", [["classify"], ["profile"], ["whatif"]])
    def test_json_output_escapes_controls(
        self, hostile: Path, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json: the controls are JSON escapes, and the names read back exactly."""
        assert main([*command, "--json", str(hostile)]) == 0
        out = capsys.readouterr().out
        assert not any(char in out for char in RAW), repr(out)
        data = json.loads(out)
        if command[0] != "whatif":
            assert data["initiative"] == f"Evil{CLEAR}"


# --------------------------------------------------------------------------
# 24. convert exits 0 once its output is replaced.


class TestConvertInterrupted:
    def test_ctrl_c_after_the_replace(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SIGINT while the folder is synced, after os.replace: exit 0, the new file in place."""
        dump(nike, tmp_path / "in.json")
        dump(dell, tmp_path / "out.toml")

        def interrupted(_: str) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(files, "_sync_folder", interrupted)
        assert main(["convert", str(tmp_path / "in.json"), str(tmp_path / "out.toml")]) == 0
        monkeypatch.undo()
        assert load(tmp_path / "out.toml") == nike

    def test_ctrl_c_before_the_replace(
        self, tmp_path: Path, nike: Initiative, dell: Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SIGINT before os.replace: exit 130, the old file as it was."""
        dump(nike, tmp_path / "in.json")
        dump(dell, tmp_path / "out.toml")

        def interrupted(*_: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", interrupted)
        assert main(["convert", str(tmp_path / "in.json"), str(tmp_path / "out.toml")]) == 130
        monkeypatch.undo()
        assert load(tmp_path / "out.toml") == dell
