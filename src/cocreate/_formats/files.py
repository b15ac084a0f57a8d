r"""Files on disk: paths, messages about them, bounded reading and atomic writing.

Every reader and writer of :mod:`cocreate` goes through this module, so that
they keep the same promises:

Paths
    A path is a :class:`str` or an :class:`os.PathLike` that gives one;
    anything else raises :class:`~cocreate.exceptions.ArgumentError`. A
    path with a NUL character, or with characters the file system cannot
    encode, cannot be read or written, and says so.

Messages
    A path in a message is shown as :func:`repr` shows it, so that control
    characters, line separators (``\x1c``, ``\x85``, ``\u2028``) and lone
    surrogates are escaped and a one-line message stays one line.

Reading
    Every file is opened by one reader, :func:`open_binary`, and read in
    chunks by :func:`read_upto`: :func:`read_bytes` and :func:`open_text`
    read at most ``max_bytes + 1`` bytes, so a file larger than the limit,
    or one with no end (``/dev/zero``), is refused once the limit is
    passed, without reading more, and nothing of the limit is allocated
    ahead. A regular file is read as it is; a named pipe or a device is
    opened without waiting for a writer and must reach its end within
    ``timeout`` seconds (:data:`PIPE_TIMEOUT`, unless told otherwise), so a
    pipe that nothing writes to is refused, not waited on forever; a
    directory, a block device or a socket is refused.

Writing one file
    :func:`write_file` writes to a temporary file in the target's directory,
    named ``.<target>.cocreate-<host>-<pid>-<random>.tmp``, syncs it to disk,
    and moves it over the target with :func:`os.replace`: the target holds
    the old text or the new, never a part. A symbolic link is written
    through, to the file it points to; a directory, a named pipe, a device
    or a socket is refused. Before writing, temporary files of the same
    target that a killed writer left behind are removed: those whose writer
    process, on this machine, is gone, and any not changed for
    :data:`STALE_AFTER` seconds.

Writing several files together
    :func:`write_files` writes every file to a temporary file first (a full
    disk or a read-only directory fails here, with nothing replaced), then
    writes a journal naming the old and new content of each file (SHA-256),
    replaces the files, and removes the journal. If a replacement fails,
    the files already replaced are put back. If the process is killed while
    replacing, the journal remains, and :func:`journal_problem` tells a
    reader whether the files are all old, all new, or a mix.
"""

# This module works on str paths with the os functions that have no pathlib
# form (os.open, os.write, os.fsync, os.link, os.scandir), and keeps to them.
# ruff: noqa: PTH101, PTH103, PTH105, PTH108, PTH116, PTH118, PTH120, PTH123

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import math
import os
import re
import secrets
import select
import socket
import stat
import time
from typing import TYPE_CHECKING, Any, BinaryIO

from cocreate._model.validate import whole_number
from cocreate.exceptions import ArgumentError, CocreateError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from typing_extensions import Buffer

__all__ = [
    "JOURNAL",
    "MAX_BYTES",
    "PIPE_TIMEOUT",
    "STALE_AFTER",
    "Problem",
    "check_max_bytes",
    "check_path",
    "check_timeout",
    "journal_problem",
    "name_problem",
    "open_binary",
    "open_text",
    "os_reason",
    "printable",
    "read_bytes",
    "read_upto",
    "shown",
    "write_file",
    "write_files",
]

#: The most bytes a reader takes from one file unless told otherwise: 256 MiB.
MAX_BYTES = 256 * 1024 * 1024
#: Seconds after which a temporary file left by a writer is removed even if
#: its writer seems to be alive (its process id may have been reused).
STALE_AFTER = 3600.0
#: The name of the journal :func:`write_files` keeps while it replaces files.
JOURNAL = ".cocreate-journal.json"
#: The most seconds a reader waits for a named pipe or a device to reach its
#: end, unless told otherwise: a pipe that nothing writes to is refused then.
PIPE_TIMEOUT = 60.0

_CHUNK = 1 << 20
_TRIES = 100
_JOURNAL_MAX_BYTES = 1 << 20
# Room for the rest of a temporary file's name within the usual 255-byte limit.
_STEM_BYTES = 180
_HOST = hashlib.blake2s(socket.gethostname().encode(), digest_size=3).hexdigest()
_TEMP = re.compile(r"(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}\.tmp")


class Problem(Exception):  # noqa: N818 - a reason for the caller's message, not an error users see
    """Why a file could not be read or written, in a few words; the caller names the file."""

    def __init__(self, reason: str, where: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        #: The file the problem is about, where it is not the one the caller named.
        self.where = where


# --------------------------------------------------------------------------
# Paths and messages.


def printable(text: str) -> str:
    r"""Return ``text`` with every character that is not printable escaped as repr escapes it.

    Examples
    --------
    >>> print(printable("a\nb\x1cc\u2028d"))
    a\nb\x1cc\u2028d
    >>> printable("plain text")
    'plain text'
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shown(path: str) -> str:
    r"""Return a path for a message: quoted, with anything unprintable escaped.

    Examples
    --------
    >>> print(shown("odd\u2028name.json"))
    'odd\u2028name.json'
    """
    return repr(path)


def check_path(path: object, subject: str = "a path") -> str:
    """Return ``path`` as a str, or raise :class:`ArgumentError` if it is not a path.

    Examples
    --------
    >>> import pathlib
    >>> check_path(pathlib.PurePosixPath("a/b.json"))
    'a/b.json'
    >>> check_path(b"a.json")
    Traceback (most recent call last):
    ...
    cocreate.exceptions.ArgumentError: a path must be a str or os.PathLike, got bytes
    """
    if isinstance(path, str):
        return path
    got = type(path).__name__
    if isinstance(path, os.PathLike):
        try:
            text = os.fspath(path)
        except Exception as error:  # noqa: BLE001 - __fspath__ is the caller's code
            msg = f"{subject} could not be turned into a str: {type(error).__name__}"
            raise ArgumentError(msg) from None
        if isinstance(text, str):
            return text
        got = f"an os.PathLike that gives {type(text).__name__}"
    msg = f"{subject} must be a str or os.PathLike, got {got}"
    raise ArgumentError(msg)


def check_max_bytes(value: object) -> int:
    """Return ``value`` if it is a whole number >= 1; raise a :class:`CocreateError` if not.

    Examples
    --------
    >>> check_max_bytes(1024)
    1024
    >>> check_max_bytes(0)
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: max_bytes must be a whole number >= 1, got int 0
    """
    return int(whole_number("max_bytes", value))


def check_timeout(value: object) -> float | None:
    """Return ``value`` if it is ``None`` or a finite number of seconds > 0; raise if not.

    Examples
    --------
    >>> check_timeout(2), check_timeout(None)
    (2.0, None)
    >>> check_timeout(0)
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: pipe_timeout must be a finite number of seconds > 0, got 0
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"pipe_timeout must be a number of seconds or None, got {type(value).__name__}"
        raise ArgumentError(msg)
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float
        seconds = math.inf
    if not 0 < seconds < math.inf:
        msg = f"pipe_timeout must be a finite number of seconds > 0, got {value!r}"
        raise CocreateError(msg)
    return seconds


def os_reason(error: OSError) -> str:
    """Return what went wrong, in one line: the system's words for the error number.

    Examples
    --------
    >>> import errno
    >>> os_reason(OSError(errno.ENOSPC, "No space left on device"))
    'No space left on device'
    """
    code = error.errno
    if code is None and error.args and isinstance(error.args[0], int):
        code = error.args[0]
    text = error.strerror or (os.strerror(code) if code is not None else str(error))
    return printable(text or type(error).__name__)


def name_problem(path: str) -> str | None:
    """Say what makes ``path`` unusable as a file name, if anything."""
    if not path:
        return "the path is empty"
    if "\0" in path:
        return "the path holds a NUL character"
    try:
        os.fsencode(path)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        return f"the path holds {bad!r}, which the file system cannot encode"
    return None


def _check_name(path: str) -> None:
    problem = name_problem(path)
    if problem is not None:
        raise Problem(problem)


def too_large(max_bytes: int) -> str:
    """Say that a file is larger than the limit, and how to raise it."""
    size = f" ({max_bytes / 2**20:g} MiB)" if max_bytes >= 2**20 else ""
    return (
        f"it is larger than the limit of {max_bytes} bytes{size}; "
        "give a larger max_bytes (--max-bytes on the command line) to read it"
    )


# --------------------------------------------------------------------------
# Reading.


#: How a file is opened to be read: without waiting for a writer (a named
#: pipe), and without making a terminal this process's controlling one.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_binary(path: str, *, timeout: float | None = None, buffering: int = -1) -> BinaryIO:
    """Open a file to read its bytes: the one way every reader of cocreate opens a file.

    A regular file is opened as it is (seekable, buffered unless
    ``buffering`` is 0). A named pipe or a character device is opened
    without waiting for a writer, and reading it raises :class:`TimeoutError`
    once ``timeout`` seconds (:data:`PIPE_TIMEOUT` if ``None``) have passed
    without its end. Anything else (a directory, a block device) is refused.

    Raises
    ------
    OSError
        If the file cannot be opened, or is not a regular file, a pipe or
        a character device; its ``strerror`` says why in a few words.
    ValueError
        If the path holds a NUL character.
    """
    descriptor = os.open(path, _READ_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        _check_readable(mode)
        if stat.S_ISREG(mode):
            if _READ_FLAGS & getattr(os, "O_NONBLOCK", 0):
                os.set_blocking(descriptor, True)
            return open(descriptor, "rb", buffering=buffering)
        raw = open(descriptor, "rb", buffering=0)  # noqa: SIM115 - closed with the _Patient
    except BaseException:
        os.close(descriptor)
        raise
    seconds = PIPE_TIMEOUT if timeout is None else timeout
    return _Patient(raw, seconds)  # type: ignore[return-value]


def _check_readable(mode: int) -> None:
    """Raise an :class:`OSError` for what a reader does not read: a directory, a block device."""
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    msg = f"it is {kind}, not a regular file or a pipe"
    raise OSError(errno.EINVAL, msg)


class _Patient(io.RawIOBase):
    """A pipe or device opened without blocking, read with a deadline for its end."""

    def __init__(self, raw: Any, timeout: float) -> None:
        super().__init__()
        self._raw = raw
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return int(self._raw.fileno())

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()

    def readinto(self, buffer: Buffer) -> int:
        while True:
            self._wait()
            count: int | None = self._raw.readinto(buffer)
            if count is not None:  # None: nothing there yet (EAGAIN)
                return count

    def _wait(self) -> None:
        """Wait until there is something to read (or the end); TimeoutError at the deadline."""
        left = self._deadline - time.monotonic()
        if left > 0 and _readable(self.fileno(), left):
            return
        msg = (
            f"it is a named pipe or a device that did not reach its end within "
            f"{self._timeout:g} seconds; is anything writing to it?"
        )
        raise TimeoutError(errno.ETIMEDOUT, msg)


def _readable(descriptor: int, seconds: float) -> bool:
    """Whether ``descriptor`` has data, or its end, within ``seconds``."""
    if not hasattr(select, "poll"):  # pragma: no cover - no named pipes there (Windows)
        return True
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    return bool(poller.poll(math.ceil(seconds * 1000)))


def read_upto(handle: Any, count: int) -> bytes:
    """Read from a binary file until its end or ``count`` bytes, whichever comes first.

    The bytes are read a chunk at a time (of at most 1 MiB, or one read of
    a regular file's size and one byte), so nothing of ``count`` is
    allocated ahead: ``count`` may be far larger than the memory.
    """
    try:
        size = os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, ValueError):  # not a file of the system
        size = 0
    chunks: list[bytes] = []
    total = 0
    want = min(count, size + 1 if size else _CHUNK)
    while want > 0 and (chunk := handle.read(want)):
        chunks.append(chunk)
        total += len(chunk)
        want = min(_CHUNK, count - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_bytes(path: str, max_bytes: int, *, timeout: float | None = None) -> bytes:
    """Return the bytes of a file, reading at most ``max_bytes + 1`` of them.

    A named pipe or a device must reach its end within ``timeout`` seconds
    (:data:`PIPE_TIMEOUT` if ``None``).

    Raises
    ------
    Problem
        If the file cannot be read, holds more than ``max_bytes`` bytes, or
        is a pipe that does not reach its end in time.
    """
    _check_name(path)
    try:
        with open_binary(path, timeout=timeout) as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise Problem(too_large(max_bytes))
            data = read_upto(handle, max_bytes + 1)
    except OSError as error:
        raise Problem(os_reason(error)) from None
    if len(data) > max_bytes:
        raise Problem(too_large(max_bytes))
    return data


class _Limited(io.RawIOBase):
    """A binary file that refuses to give more than a set number of bytes."""

    def __init__(self, raw: Any, max_bytes: int) -> None:
        super().__init__()
        self._raw = raw
        self._max_bytes = max_bytes
        self._left = max_bytes + 1

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer).cast("B")[: self._left]
        count = self._raw.readinto(view) or 0
        self._left -= count
        if self._left <= 0:
            raise Problem(too_large(self._max_bytes))
        return count


@contextlib.contextmanager
def open_text(
    path: str, max_bytes: int, *, timeout: float | None = None
) -> Iterator[io.TextIOWrapper]:
    """Open a UTF-8 text file (a byte order mark is skipped) that gives at most ``max_bytes``.

    Lines are read as they are asked for; once more than ``max_bytes`` bytes
    have been read, reading raises :class:`Problem`. Newlines are left as
    they are, as :mod:`csv` needs. The file is opened by :func:`open_binary`:
    a pipe must reach its end within ``timeout`` seconds, or reading raises
    :class:`TimeoutError`.

    Raises
    ------
    Problem
        If the file cannot be opened.
    """
    _check_name(path)
    try:
        raw = open_binary(path, timeout=timeout, buffering=0)
    except OSError as error:
        raise Problem(os_reason(error)) from None
    with raw:
        limited = io.BufferedReader(_Limited(raw, max_bytes))
        with io.TextIOWrapper(limited, encoding="utf-8-sig", newline="") as text:
            yield text


def _digest(path: str) -> str | None:
    """Return the SHA-256 of a file's bytes, or ``None`` if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Writing one file.


def write_file(path: str, data: bytes) -> None:
    """Replace the content of the file at ``path`` by ``data``, all or nothing.

    Raises
    ------
    CocreateError
        ``cannot write 'path': reason``, if the file cannot be written; the
        target is then left as it was, and no temporary file remains.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_file(folder, b"{}")
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: cannot write '...': it is a directory
    """
    try:
        target, mode = _target(path)
        _replace(target, mode, data)
    except Problem as problem:
        reason = problem.reason
    except (OSError, ValueError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else printable(str(error))
    else:
        return
    msg = f"cannot write {shown(path)}: {reason}"
    raise CocreateError(msg) from None


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _target(path: str) -> tuple[str, int | None]:
    """Return the file a write to ``path`` replaces, through symbolic links, and its mode.

    The mode is ``None`` if the file does not exist yet.
    """
    _check_name(path)
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real, None
    except OSError as error:
        raise Problem(os_reason(error)) from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        msg = f"it is {kind}"
        raise Problem(msg)
    return real, stat.S_IMODE(info.st_mode)


def _replace(target: str, mode: int | None, data: bytes) -> None:
    temporary = _write_temporary(target, mode, data)
    try:
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(os.path.dirname(target))


def _write_temporary(target: str, mode: int | None, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``target``, synced; return its path."""
    remove_stale(target)
    descriptor, temporary = _create_temporary(target)
    try:
        try:
            _write_all(descriptor, data)
            if mode is not None:
                os.chmod(temporary, mode)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _stem(name: str) -> str:
    """Return the part of a target's name that its temporary files start with."""
    return os.fsdecode(os.fsencode(name)[:_STEM_BYTES])


def _temporary_name(target: str) -> str:
    """Return a new name for a temporary file of ``target``, in its directory."""
    folder, name = os.path.split(target)
    random = secrets.token_hex(4)
    return os.path.join(folder, f".{_stem(name)}.cocreate-{_HOST}-{os.getpid()}-{random}.tmp")


def _create_temporary(target: str) -> tuple[int, str]:
    # The umask decides the permissions, as for any new file; O_EXCL makes
    # sure the name is ours alone.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TRIES):
        candidate = _temporary_name(target)
        with contextlib.suppress(FileExistsError):
            return os.open(candidate, flags, 0o666), candidate
    msg = f"could not make a temporary file: {_TRIES} names were taken"
    raise Problem(msg)


def remove_stale(target: str) -> None:
    """Remove the temporary files of ``target`` that killed writers left behind."""
    folder, name = os.path.split(target)
    prefix = f".{_stem(name)}.cocreate-"
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            stale = [entry.path for entry in entries if _is_stale(entry, prefix, now)]
    except OSError:
        return
    for path in stale:
        _remove(path)


def _is_stale(entry: os.DirEntry[str], prefix: str, now: float) -> bool:
    if not entry.name.startswith(prefix):
        return False
    match = _TEMP.fullmatch(entry.name, len(prefix))
    if match is None:
        return False
    try:
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if age > STALE_AFTER:
        return True
    pid = int(match["pid"])
    return match["host"] == _HOST and pid != os.getpid() and not _alive(pid)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (when unsure: yes)."""
    if os.name == "nt":  # pragma: no cover - os.kill would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # PermissionError: it runs, as another user
    return True


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: str) -> None:
    """Make a rename in ``folder`` durable, where the system allows it."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --------------------------------------------------------------------------
# Writing several files together.


def write_files(directory: str, files: Mapping[str, bytes]) -> None:
    """Replace several files in ``directory`` (made if missing) together.

    ``files`` maps file names to their new bytes. The files are all
    replaced, or, if writing fails, all left as they were; see the module
    documentation for what a killed process leaves.

    Raises
    ------
    CocreateError
        ``cannot write 'path': reason``, naming the file that failed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_files(folder, {"a.txt": b"one", "b.txt": b"two"})
    ...     sorted(p.name for p in pathlib.Path(folder).iterdir())
    ['a.txt', 'b.txt']
    """
    where = directory
    try:
        folder = _folder(directory)
        with _locked(folder):
            _replace_together(folder, files)
    except Problem as problem:
        reason = problem.reason
        where = os.path.join(directory, problem.where) if problem.where else where
    except (OSError, ValueError) as error:  # pragma: no cover - each step says which file
        reason = os_reason(error) if isinstance(error, OSError) else printable(str(error))
    else:
        return
    msg = f"cannot write {shown(where)}: {reason}"
    raise CocreateError(msg) from None


def _folder(directory: str) -> str:
    """Make the directory if it is missing; return its real path."""
    _check_name(directory)
    real = os.path.realpath(directory)
    try:
        os.makedirs(real, exist_ok=True)
    except FileExistsError:
        raise Problem("it is not a directory") from None
    except OSError as error:
        raise Problem(os_reason(error)) from None
    return real


@contextlib.contextmanager
def _locked(folder: str) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while its files are replaced together.

    Two processes that write into one folder at once would otherwise
    interleave their replacements and leave a mix of their files, with no
    journal left to tell. The lock is :func:`fcntl.flock` on the folder
    itself, so no lock file is left behind, and the system releases it when
    its holder ends, even by SIGKILL. Where there is no ``flock`` (Windows),
    or the file system refuses it, the write goes on without the lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - the folder was just made or found
        yield
        return
    try:
        with contextlib.suppress(OSError):  # no locks on this file system: go on without
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _about(name: str, step: Any, *args: Any) -> Any:
    """Run ``step(*args)``; an error becomes a :class:`Problem` about the file ``name``."""
    try:
        return step(*args)
    except Problem as problem:
        raise Problem(problem.reason, where=name) from None
    except OSError as error:
        raise Problem(os_reason(error), where=name) from None


def _replace_together(folder: str, files: Mapping[str, bytes]) -> None:
    paths = {name: os.path.join(folder, name) for name in files}
    targets = {name: _about(name, _target, path) for name, path in paths.items()}
    journal = os.path.join(folder, JOURNAL)
    temporaries: dict[str, str] = {}
    try:
        for name, (target, mode) in targets.items():
            temporaries[name] = _about(name, _write_temporary, target, mode, files[name])
        _about(JOURNAL, _write_journal, journal, paths, files)
        _swap({name: target for name, (target, _) in targets.items()}, temporaries)
    except BaseException:
        for temporary in temporaries.values():
            _remove(temporary)
        if journal_problem(folder, paths) is None:
            _remove(journal)  # the files are as they were: the journal is not needed
        raise
    _sync_folder(folder)
    _remove(journal)
    _sync_folder(folder)


def _write_journal(journal: str, paths: Mapping[str, str], files: Mapping[str, bytes]) -> None:
    """Record the old and new SHA-256 of each file, before any is replaced.

    If a journal is already there and the files match neither its old nor
    its new content, the directory holds a mix already: there is no old
    state to go back to, and the journal says so (``"old": null``).
    """
    mixed = journal_problem(os.path.dirname(journal), paths) is not None
    old = None if mixed else {name: _digest(path) for name, path in paths.items()}
    new = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    record = {"format": "cocreate-journal", "version": 1, "old": old, "new": new}
    target, mode = _target(journal)
    _replace(target, mode, json.dumps(record, indent=1, sort_keys=True).encode())


def _swap(targets: Mapping[str, str], temporaries: dict[str, str]) -> None:
    """Move each temporary file over its target; on a failure, put the old files back.

    A temporary file moved is taken out of ``temporaries``.
    """
    backups: dict[str, str | None] = {}
    done: list[str] = []
    try:
        for name, target in targets.items():
            backups[name] = _about(name, _backup, target)
        for name, target in targets.items():
            _about(name, os.replace, temporaries[name], target)
            del temporaries[name]
            done.append(name)
    except BaseException:
        for name in done:
            _restore(targets[name], backups.pop(name))
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                _remove(backup)


def _backup(target: str) -> str | None:
    """Keep the current file under a temporary name to restore it from; ``None`` if there is none.

    A hard link costs nothing; where the file system has none (or refuses
    one), the file is copied. If neither can be made, this raises, before
    any file is replaced: a file that could not be put back is not replaced.
    """
    backup = _temporary_name(target)
    try:
        os.link(target, backup)
    except FileNotFoundError:  # no old file: restoring is removing the new one
        return None
    except OSError:  # no hard links here: a copy instead
        _copy(target, backup)
    return backup


def _copy(source: str, copy: str) -> None:
    """Copy the file ``source``, bytes and permission bits, to the new file ``copy``, synced."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    reading = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        writing = os.open(copy, flags, 0o600)
        try:
            while chunk := os.read(reading, _CHUNK):
                _write_all(writing, chunk)
            os.chmod(copy, stat.S_IMODE(os.fstat(reading).st_mode))  # put back as it was
            os.fsync(writing)
        except BaseException:
            os.close(writing)
            _remove(copy)
            raise
        os.close(writing)
    finally:
        os.close(reading)


def _restore(target: str, backup: str | None) -> None:
    """Put the old file back (or remove the new one, where there was none).

    ``backup`` is ``None`` only where there was no old file (see :func:`_backup`).
    """
    with contextlib.suppress(OSError):
        if backup is None:
            os.unlink(target)
        else:
            os.replace(backup, target)


def journal_problem(folder: str, paths: Mapping[str, str]) -> str | None:
    """Say why the files are not one write's, if a journal shows they may not be.

    ``paths`` maps the names the journal knows to the files to check.
    Without a journal there is nothing to say. With one, the files must all
    have their old content, or all their new content; otherwise they are a
    mix of two writes.
    """
    record = _read_journal(os.path.join(folder, JOURNAL))
    if record is None:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("new"), dict):
        return f"its journal {JOURNAL!r} is not one cocreate wrote; remove it"
    names = [name for name in record["new"] if name in paths]
    now = {name: _digest(paths[name]) for name in names}
    for side in ("old", "new"):
        states = record.get(side)
        if isinstance(states, dict) and all(now[n] == states.get(n) for n in names):
            return None
    return (
        f"the files are a mix of two writes: a write was interrupted while it replaced them "
        f"(its journal {JOURNAL!r} remains); write the initiative again, or, if the files "
        "were edited by hand since, remove the journal"
    )


def _read_journal(path: str) -> Any:
    """Return the journal's record; ``None`` if there is none, ``{}`` if it is unreadable."""
    if not os.path.lexists(path):
        return None
    try:
        return json.loads(read_bytes(path, _JOURNAL_MAX_BYTES))
    except (Problem, ValueError):
        return {}
