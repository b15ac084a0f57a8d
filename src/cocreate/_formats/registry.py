"""The format registry: which reader and writer a file's suffix chooses.

One table, :data:`REGISTRY`, names every file format cocreate reads or
writes, the suffixes that choose it, and its reader and writer.
:func:`cocreate.load`, :func:`cocreate.dump` and the command line all look
formats up here, so that whatever the library reads, ``cocreate classify``
reads too:

=========  ==================  ==========================================
format     suffixes            what it is
=========  ==================  ==========================================
json       ``.json``           the cocreate document (:func:`cocreate.loads`)
toml       ``.toml``           the same document in TOML
excel      ``.xlsx``           a workbook of four sheets (:func:`cocreate.read_excel`)
csv        ``.csv``, a folder  four CSV files in a folder (:func:`cocreate.read_csv`)
e3value    ``.rdf``            an e3value model, read only, with ``focal``
=========  ==================  ==========================================

:func:`cocreate.write_csv` writes a *folder* of four files, so the CSV form
is named by its folder: any folder, a folder whose name ends in ``.csv``
(``nike.csv/``), or one of the four files in it (``nike/initiative.csv``).

JSON and TOML go to :mod:`cocreate._formats.jsontoml` unchanged, so their
bytes and messages are what they always were.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cocreate._formats import jsontoml
from cocreate._formats.csv import CSV_FILES, read_csv, write_csv
from cocreate._formats.excel import read_excel, write_excel
from cocreate._formats.files import check_path, shown
from cocreate._model.types import Initiative, initiative_arg
from cocreate._model.validate import describe
from cocreate.exceptions import ArgumentError, CocreateError, Fault, FormatError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["REGISTRY", "FileFormat", "dump", "format_named", "format_of", "load"]


@attrs.frozen
class FileFormat:
    """One file format: its name, the suffixes that choose it, and how to read and write it."""

    #: The name ``format=`` and ``--format`` take: ``"json"``, ``"excel"``, ...
    name: str
    #: The suffixes that choose it, lower case, with the dot.
    suffixes: tuple[str, ...]
    #: What it is, in a few words, for messages and help.
    label: str
    #: ``read(path, max_bytes, pipe_timeout, focal)``.
    read: Callable[[str, int | None, float | None, str | None], Initiative]
    #: ``write(initiative, path)``; ``None`` for a format that is only read.
    write: Callable[[Initiative, str], None] | None = None
    #: Whether the format is text that standard input and output can carry.
    text: bool = False


def _jsontoml(kind: str) -> FileFormat:
    def read(path: str, limit: int | None, timeout: float | None, _focal: str | None) -> Any:
        bound = jsontoml.MAX_BYTES if limit is None else limit
        return jsontoml.load(path, format=kind, max_bytes=bound, pipe_timeout=timeout)

    def write(initiative: Initiative, path: str) -> None:
        jsontoml.dump(initiative, path, format=kind)

    return FileFormat(kind, (f".{kind}",), kind.upper(), read, write, text=True)


def _read_excel(path: str, limit: int | None, _timeout: float | None, _focal: str | None) -> Any:
    return read_excel(path) if limit is None else read_excel(path, max_bytes=limit)


def _read_csv(path: str, limit: int | None, timeout: float | None, _focal: str | None) -> Any:
    folder = csv_folder(path)
    files = ", ".join(CSV_FILES.values())
    named = [os.path.join(folder, name) for name in CSV_FILES.values()]  # noqa: PTH118
    reason = None
    if os.path.isfile(folder):  # noqa: PTH113 - paths are str here
        # A single table, such as a spreadsheet exports: not the form write_csv writes.
        reason = (
            f"cannot read {shown(folder)}: an initiative in CSV is a folder of four files "
            f"({files}), as write_csv writes it; give the folder, or one of its files"
        )
    elif os.path.isdir(folder) and not any(map(os.path.lexists, named)):  # noqa: PTH112
        # Some other folder, given by mistake: say so, not that four files are missing.
        reason = (
            f"cannot read {shown(folder)}: it is a directory without the CSV files of an "
            f"initiative ({files}); give a file, or a folder that holds them"
        )
    if reason is not None:
        raise FormatError("CSV initiative", [Fault("", reason)])
    if limit is None:
        return read_csv(folder, pipe_timeout=timeout)
    return read_csv(folder, max_bytes=limit, pipe_timeout=timeout)


def _write_csv(initiative: Initiative, path: str) -> None:
    write_csv(initiative, csv_folder(path))


def _read_e3value(path: str, limit: int | None, _timeout: float | None, focal: str | None) -> Any:
    from cocreate._formats.e3value.reader import from_e3value

    if focal is None:
        msg = (
            f"cannot read the e3value model {shown(path)} without focal: "
            "give the name of the actor that runs the initiative (focal=..., --focal NAME)"
        )
        raise ArgumentError(msg)
    if limit is None:
        return from_e3value(path, focal=focal)
    return from_e3value(path, focal=focal, max_bytes=limit)


#: Every file format, by name, in the order messages list them.
REGISTRY: dict[str, FileFormat] = {
    "json": _jsontoml("json"),
    "toml": _jsontoml("toml"),
    "excel": FileFormat("excel", (".xlsx",), "Excel workbook", _read_excel, write_excel),
    "csv": FileFormat("csv", (".csv",), "folder of CSV files", _read_csv, _write_csv),
    "e3value": FileFormat("e3value", (".rdf",), "e3value model", _read_e3value),
}

#: Other names ``format=`` takes for a format.
_ALIASES = {"xlsx": "excel", "rdf": "e3value"}


def known() -> str:
    """Return the known suffixes, for messages: ``.json, .toml, .xlsx, ...``.

    Examples
    --------
    >>> known()
    '.json, .toml, .xlsx, .csv (a folder of CSV files), .rdf (an e3value model, read only)'
    """
    described = {"csv": " (a folder of CSV files)", "e3value": " (an e3value model, read only)"}
    return ", ".join(
        ", ".join(found.suffixes) + described.get(name, "") for name, found in REGISTRY.items()
    )


def format_named(name: object) -> FileFormat:
    """Return the format ``format=`` names: ``"json"``, ``"toml"``, ``"excel"``, ``"csv"``, ...

    Examples
    --------
    >>> format_named(".XLSX").name
    'excel'
    >>> format_named("yaml")
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: unknown format 'yaml'; use one of: json, toml, excel, csv, e3value
    """  # noqa: E501 - a doctest's output is one line
    if not isinstance(name, str):
        msg = f"a format must be a str such as 'json' or 'excel', got {describe(name)}"
        raise ArgumentError(msg)
    word = name.strip().lower().lstrip(".")
    found = REGISTRY.get(_ALIASES.get(word, word))
    if found is None:
        msg = f"unknown format {name!r}; use one of: {', '.join(REGISTRY)}"
        raise CocreateError(msg)
    return found


def csv_folder(path: str) -> str:
    """Return the folder of CSV files a path names: the path, or the folder of one of its files.

    Examples
    --------
    >>> csv_folder("nike.csv"), csv_folder(os.path.join("nike", "values.csv"))
    ('nike.csv', 'nike')
    """
    if Path(path).name in CSV_FILES.values() and not os.path.isdir(path):  # noqa: PTH112
        return os.path.dirname(path) or "."  # noqa: PTH120 - paths are str here
    return path


def format_of(path: str, *, writing: bool = False) -> FileFormat:
    """Return the format a path's suffix names; a folder is the CSV form.

    Raises
    ------
    CocreateError
        If the suffix names no known format, with the known suffixes.

    Examples
    --------
    >>> format_of("nike.XLSX").name, format_of("nike.csv").name, format_of("model.rdf").name
    ('excel', 'csv', 'e3value')
    >>> format_of("nike.yaml")
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: cannot tell the format of 'nike.yaml' from its suffix '.yaml'; use a file name ending in .json, .toml, .xlsx, .csv (a folder of CSV files), .rdf (an e3value model, read only)
    """  # noqa: E501 - a doctest's output is one line
    suffix = Path(path).suffix.lower()
    for found in REGISTRY.values():
        if suffix in found.suffixes:
            break
    else:
        # os.path.isdir says False, never raises, for a path it cannot look at.
        folder = path.endswith(("/", os.sep)) or os.path.isdir(path)  # noqa: PTH112
        if not folder:
            msg = (
                f"cannot tell the format of {shown(path)} from its suffix "
                f"{suffix or '(none)'!r}; use a file name ending in {known()}"
            )
            raise CocreateError(msg)
        found = REGISTRY["csv"]
    if writing and found.write is None:
        _unwritable(path, found)
    return found


def _unwritable(path: str, found: FileFormat) -> None:
    msg = f"cannot write {shown(path)}: cocreate reads {found.label}s but does not write them"
    raise CocreateError(msg)


def _chosen(path: str, format: str | None, *, writing: bool = False) -> FileFormat:  # noqa: A002
    if format is None:
        return format_of(path, writing=writing)
    found = format_named(format)
    if writing and found.write is None:
        _unwritable(path, found)
    return found


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
    max_bytes: int | None = None,
    pipe_timeout: float | None = None,
    focal: str | None = None,
) -> Initiative:
    """Read an initiative from a file in any format cocreate reads, chosen by its suffix.

    ``.json`` and ``.toml`` files are read as :func:`cocreate.loads` reads
    text; ``.xlsx`` workbooks as :func:`cocreate.read_excel`; a folder of CSV
    files (named by the folder, or by one of its four files) as
    :func:`cocreate.read_csv`; an e3value ``.rdf`` model as
    :func:`cocreate.from_e3value`, which needs ``focal``.

    Parameters
    ----------
    path
        The file (or, for CSV, the folder). Its suffix, in any case, says
        which format it is in; a folder is read as CSV files. A symbolic
        link is followed; a named pipe is read to its end (JSON, TOML and
        CSV), within ``pipe_timeout``.
    format
        ``"json"``, ``"toml"``, ``"excel"``, ``"csv"`` or ``"e3value"``, to read a
        file whose suffix says none of them.
    max_bytes
        The most bytes to read from a file: a larger file (or one with no
        end, such as ``/dev/zero``) is refused. ``None``, the default, means
        each format's own limit: 256 MiB for JSON, TOML and each CSV file,
        64 MiB for a workbook and an e3value model.
    pipe_timeout
        The most seconds to wait for a named pipe (or a device) to reach
        its end; ``None`` means 60 seconds.
    focal
        For an e3value model: the name of the actor that runs the initiative.

    Returns
    -------
    Initiative
        The initiative the file describes.

    Raises
    ------
    FormatError
        If the file cannot be read (missing, a directory, not UTF-8, larger
        than ``max_bytes``, a pipe with no end within ``pipe_timeout``) or
        parsed, or the document has the wrong shape.
    InvalidModelError
        If the document describes an invalid model; every fault is
        reported with where it is in the file.
    CocreateError
        If the suffix names no known format and ``format`` is not given, or
        the format needs an extra that is not installed.
    ArgumentError
        If ``path`` is not a str or :class:`os.PathLike`, ``max_bytes`` is
        not a whole number, ``pipe_timeout`` not a number, or an e3value
        model is read without ``focal``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cocreate import dump, load
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "nike-plus.toml")
    ...     dump(nike_plus(), path)
    ...     load(path) == nike_plus()
    True
    """
    name = check_path(path)
    found = _chosen(name, format)
    return found.read(name, max_bytes, pipe_timeout, focal)


def dump(
    initiative: Initiative,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
) -> None:
    """Write an initiative to a file in the format its suffix names; :func:`load` reads it back.

    ``.json`` and ``.toml`` as :func:`cocreate.dumps` writes them; ``.xlsx``
    as :func:`cocreate.write_excel`; CSV (a path ending in ``.csv``, or
    naming a folder) as the four files of :func:`cocreate.write_csv`, in
    that folder. Every write is all or nothing: the target is replaced only
    once the whole write has succeeded.

    Parameters
    ----------
    initiative
        The initiative to write.
    path
        The file (or, for CSV, the folder). Its suffix, in any case, says
        which format to write.
    format
        ``"json"``, ``"toml"``, ``"excel"`` or ``"csv"``, to write a file
        whose suffix says none of them.

    Raises
    ------
    CocreateError
        If the suffix names no known format and ``format`` is not given,
        the format is only read (e3value), the initiative cannot be written
        in that format, or the file cannot be written (one line,
        ``cannot write 'path': reason``).
    ArgumentError
        If ``initiative`` is not an :class:`~cocreate.Initiative`, or
        ``path`` is not a str or :class:`os.PathLike`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cocreate import dump
    >>> from cocreate.examples import nike_plus
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "nike-plus.json")
    ...     dump(nike_plus(), path)
    ...     path.read_text(encoding="utf-8").splitlines()[:3]
    ['{', '  "format": "cocreate",', '  "version": 1,']
    """
    initiative = initiative_arg(initiative, "dump")
    name = check_path(path)
    found = _chosen(name, format, writing=True)
    assert found.write is not None  # noqa: S101 - _chosen refuses a read-only format
    found.write(initiative, name)
