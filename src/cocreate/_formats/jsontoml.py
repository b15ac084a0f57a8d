"""Files: an initiative as JSON or TOML, on disk or in a string, and the schema.

Reading never lets anything but :class:`~cocreate.exceptions.CocreateError`
escape: text that cannot be parsed, a path that cannot be read, or a
document of the wrong shape raise :class:`~cocreate.exceptions.FormatError`;
a well-formed document that describes an invalid model raises
:class:`~cocreate.exceptions.InvalidModelError` with every fault and its path.

Reading takes at most ``max_bytes`` bytes from a file (:data:`MAX_BYTES`,
256 MiB, unless told otherwise), so a file with no end is refused, not
read forever. Writing is all or nothing: the text is built first, then
written by the one atomic writer of ``_files.py`` to a temporary file beside the
target, which replaces the target only once the write has succeeded.

TOML is read with :mod:`tomllib` and written by a small emitter for the
fixed shape of the format (top-level keys, then arrays of tables), so no
TOML library is needed at run time.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cocreate._formats.files import (
    MAX_BYTES,
    Problem,
    check_max_bytes,
    check_path,
    check_timeout,
    read_bytes,
    shown,
    write_file,
)
from cocreate._model.dicts import initiative_from_dict, initiative_to_dict
from cocreate._model.types import Initiative, initiative_arg
from cocreate.exceptions import (
    ArgumentError,
    CocreateError,
    Fault,
    FormatError,
    InvalidModelError,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["FORMATS", "MAX_BYTES", "dump", "dumps", "load", "loads", "schema"]

#: The file formats, and the file name suffixes that choose them.
FORMATS: dict[str, tuple[str, ...]] = {"json": (".json",), "toml": (".toml",)}

Format = Literal["json", "toml"]

#: JSON integers with more digits than this are refused while parsing,
#: before Python's own limit on converting digits to int is reached.
_MAX_DIGITS = 400


# --------------------------------------------------------------------------
# The public functions.


def loads(text: str | bytes, format: str = "json") -> Initiative:  # noqa: A002
    """Read an initiative from JSON or TOML text.

    Parameters
    ----------
    text
        The document, as text (or UTF-8 bytes).
    format
        ``"json"`` (the default) or ``"toml"``.

    Returns
    -------
    Initiative
        The initiative the document describes.

    Raises
    ------
    FormatError
        If the text cannot be parsed, or the document has the wrong shape;
        :attr:`~cocreate.exceptions.InvalidModelError.faults` says where.
    InvalidModelError
        If the document describes an invalid model (an unknown stakeholder,
        say); every fault is reported, each with its path.
    CocreateError
        If ``format`` is not a known format.
    ArgumentError
        If ``text`` is neither text nor bytes.

    Examples
    --------
    >>> from cocreate import loads
    >>> text = '''
    ... name = "Bake sale"
    ... focal = "club"
    ...
    ... [[stakeholders]]
    ... id = "club"
    ... role = "partner"
    ... '''
    >>> print(loads(text, "toml"))
    Initiative 'Bake sale' with 1 stakeholder, 0 contributions, 0 values
    >>> loads('{"name": "x", "focal": "acme", "stakeholders": []}')
    Traceback (most recent call last):
    ...
    cocreate.exceptions.InvalidModelError: invalid initiative 'x' (1 fault):
      focal: unknown stakeholder 'acme'; known: none
    """
    kind = _format(format)
    if isinstance(text, bytes | bytearray):
        text = _decode(bytes(text), "the text", f"{kind.upper()} text")
    elif not isinstance(text, str):
        msg = f"loads() needs the document as a str, got {type(text).__name__}"
        raise ArgumentError(msg)
    return _read(text, kind, f"{kind.upper()} text")


def dumps(initiative: Initiative, format: str = "json") -> str:  # noqa: A002
    """Return an initiative as JSON or TOML text that :func:`loads` reads back.

    The text is lossless: ``loads(dumps(i, f), f) == i`` for every
    initiative ``i``. Keys with default values are left out. JSON is
    indented and keeps non-ASCII characters as they are; TOML puts the
    stakeholders, contributions and values in arrays of tables.

    Parameters
    ----------
    initiative
        The initiative to write.
    format
        ``"json"`` (the default) or ``"toml"``.

    Raises
    ------
    CocreateError
        If ``format`` is not a known format, or a string holds a lone
        surrogate code point, which TOML cannot represent.
    ArgumentError
        If ``initiative`` is not an :class:`~cocreate.Initiative`.

    Examples
    --------
    >>> from cocreate import Initiative, Stakeholder, dumps, loads
    >>> club = Stakeholder("club", "partner", name="Chess club")
    >>> initiative = Initiative("Open night", club, [club])
    >>> print(dumps(initiative, "toml"))
    format = "cocreate"
    version = 1
    name = "Open night"
    focal = "club"
    <BLANKLINE>
    [[stakeholders]]
    id = "club"
    role = "partner"
    name = "Chess club"
    <BLANKLINE>
    >>> loads(dumps(initiative)) == initiative
    True
    """
    kind = _format(format)
    initiative = initiative_arg(initiative, "dumps")
    data = initiative_to_dict(initiative)
    if kind == "toml":
        return _toml_document(data)
    return _escape_surrogates(_json_document(data))


#: Python's C encoder, which ``json`` uses only without ``indent``.
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _json_document(data: Mapping[str, Any]) -> str:
    """Write the dict form with one key per line and one record per line, in C.

    ``json.dumps(..., indent=2)`` runs the pure-Python encoder; encoding
    compactly with the C encoder and laying the lines out here keeps the file
    readable (a record per line, for people and for diffs) at the speed of a
    compact dump (the benchmark row "dumps" in benchmarks/run.py). The
    pieces are joined once, at the end: each copy of a large text costs a
    fresh allocation and its page faults.
    """
    parts = ["{\n"]
    for key, value in data.items():
        if len(parts) > 1:
            parts.append(",\n")
        parts.append(f"  {_ENCODE(key)}: ")
        if isinstance(value, list) and value:
            parts += ("[\n    ", _json_records(value), "\n  ]")
        else:
            parts.append(_ENCODE(value))
    parts.append("\n}\n")
    return "".join(parts)


def _json_records(records: list[Any]) -> str:
    """Return the records of a list, compact, one a line, the first not indented.

    Encoding the whole list in one call of the C encoder, then breaking it
    at the ``}, {`` between records, saves a Python call and a string per
    record. The break is safe only where every ``}, {`` lies between two
    records; a string keeps one as it is (JSON escapes none of those
    characters). When every record is a dict, ``len(records) - 1`` of them
    lie between records, so any more means a string holds one, and the
    records are then encoded one at a time instead.
    """
    text = _ENCODE(records)
    lined = text.replace(_BETWEEN, _BETWEEN_LINED)
    # Each break adds as many characters as it takes: count them by length.
    breaks = (len(lined) - len(text)) // _GROWTH
    if breaks == len(records) - 1 and set(map(type, records)) == {dict}:
        return lined[1:-1]
    return _RECORD_LINES.join(map(_ENCODE, records))


#: What goes between two records, one a line; what the C encoder puts
#: between two dicts in a list, and what goes there instead.
_RECORD_LINES = ",\n    "
_BETWEEN, _BETWEEN_LINED = "}, {", "}" + _RECORD_LINES + "{"
_GROWTH = len(_BETWEEN_LINED) - len(_BETWEEN)


def _escape_surrogates(text: str) -> str:
    r"""Escape each lone surrogate as ``\uXXXX``: UTF-8 cannot encode it; JSON can.

    Most documents hold none, so look before rewriting: ASCII text holds
    none (:meth:`str.isascii` reads a flag, not the text), and encoding to
    UTF-8, which fails only on a surrogate, scans other text several times
    faster than the regular expression does.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
    max_bytes: int = MAX_BYTES,
    pipe_timeout: float | None = None,
) -> Initiative:
    """Read an initiative from a ``.json`` or ``.toml`` file.

    Parameters
    ----------
    path
        The file. Its suffix (``.json`` or ``.toml``, in any case) says
        which format it is in. A symbolic link is followed; a named pipe is
        read to its end, within ``pipe_timeout``.
    format
        ``"json"`` or ``"toml"``, to read a file whose suffix says neither.
    max_bytes
        The most bytes to read: a larger file (or one with no end, such as
        ``/dev/zero``) is refused once this many have been read; 256 MiB
        by default.
    pipe_timeout
        The most seconds to wait for a named pipe (or a device) to reach
        its end: a pipe that nothing writes to is refused then, not waited
        on forever; ``None`` means 60 seconds. A regular file is read without a time limit.

    Returns
    -------
    Initiative
        The initiative the file describes.

    Raises
    ------
    FormatError
        If the file cannot be read (missing, a directory, not UTF-8,
        larger than ``max_bytes``, a pipe with no end within
        ``pipe_timeout``, a name too long) or parsed, or the document has
        the wrong shape.
    InvalidModelError
        If the document describes an invalid model; every fault is
        reported with its path in the file.
    CocreateError
        If the suffix names no known format and ``format`` is not given.
    ArgumentError
        If ``path`` is not a str or :class:`os.PathLike`, ``max_bytes`` is
        not a whole number, or ``pipe_timeout`` not a number.

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
    limit = check_max_bytes(max_bytes)
    timeout = check_timeout(pipe_timeout)
    kind = _format(format) if format is not None else _format_of(name)
    what = f"file {shown(name)}"
    try:
        raw = read_bytes(name, limit, timeout=timeout)
    except Problem as problem:
        msg = f"cannot read the file: {problem.reason}"
        raise FormatError(what, [Fault("", msg)]) from None
    return _read(_decode(raw, "the file", what), kind, what, in_file=True)


def dump(
    initiative: Initiative,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
) -> None:
    """Write an initiative to a ``.json`` or ``.toml`` file.

    The whole text is built before the file is touched, and written to a
    temporary file in the same directory that then replaces ``path``: if
    anything fails, ``path`` is left as it was and no temporary file remains.
    A symbolic link is written through, to the file it points to; a
    directory, a pipe or a device is refused. Temporary files that a killed
    writer left beside ``path`` are removed (see :doc:`/files-and-cli`).

    Parameters
    ----------
    initiative
        The initiative to write.
    path
        The file. Its suffix (``.json`` or ``.toml``, in any case) says
        which format to write.
    format
        ``"json"`` or ``"toml"``, to write a file whose suffix says neither.

    Raises
    ------
    CocreateError
        If the suffix names no known format and ``format`` is not given,
        the initiative cannot be written in that format, or the file
        cannot be written (one line, ``cannot write 'path': reason``).
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
    kind = _format(format) if format is not None else _format_of(name)
    write_file(name, dumps(initiative, kind).encode("utf-8"))


def schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the file format.

    The schema ships with the package as ``cocreate/schema.json``. It
    accepts every document :func:`dump` writes, and rejects documents of a
    shape :func:`load` rejects: unknown keys, wrong types, unknown words,
    missing required keys. What it cannot say, cocreate checks on reading:
    that references name known stakeholders, that ids are unique, that the
    focal stakeholder is an organization, that no one contributes to
    itself. cocreate also reads words in any case and with ``-`` for ``_``
    (``New-Offering``); the schema has only the words :func:`dump` writes.

    Returns
    -------
    dict
        A new dict each call, safe to change.

    Examples
    --------
    >>> from cocreate import schema
    >>> document = schema()
    >>> document["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> document["required"]
    ['name', 'focal', 'stakeholders']
    """
    result: dict[str, Any] = json.loads(_schema_text())
    return result


# --------------------------------------------------------------------------
# Formats and paths.


def _format(name: object) -> Format:
    if not isinstance(name, str):
        msg = f"a format must be a str, 'json' or 'toml', got {type(name).__name__}"
        raise ArgumentError(msg)
    word = name.strip().lower().lstrip(".")
    if word == "json":
        return "json"
    if word == "toml":
        return "toml"
    msg = f"unknown format {name!r}; use 'json' or 'toml'"
    raise CocreateError(msg)


def _format_of(path: str) -> Format:
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return _format(name)
    # os.path.isdir says False, never raises, for a path it cannot look at
    # (a name too long for the file system, say): then the message is the format's.
    if os.path.isdir(path):  # noqa: PTH112 - pathlib's is_dir raises ENAMETOOLONG
        what = f"file {shown(path)}"
        msg = f"cannot read {shown(path)}: it is a directory"
        raise FormatError(what, [Fault("", msg)])
    known = " or ".join(s for suffixes in FORMATS.values() for s in suffixes)
    msg = (
        f"cannot tell the format of {shown(path)} from its suffix "
        f"{suffix or '(none)'!r}; use a file name ending in {known}"
    )
    raise CocreateError(msg)


def _schema_text() -> str:
    return resources.files("cocreate").joinpath("schema.json").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Reading.


class _ParseError(Exception):
    """A problem found while parsing, before the model is read."""


def _decode(raw: bytes, subject: str, what: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = (
            f"{subject} is not UTF-8: byte {raw[error.start]:#04x} at offset "
            f"{error.start} cannot be decoded; save it as UTF-8"
        )
        raise FormatError(what, [Fault("", msg)]) from None


def _read(text: str, kind: Format, what: str, *, in_file: bool = False) -> Initiative:
    data = _parse_json(text, what) if kind == "json" else _parse_toml(text, what)
    if not in_file:
        return initiative_from_dict(data)
    try:
        return initiative_from_dict(data)
    except InvalidModelError as error:
        # The same class (FormatError stays FormatError), naming the file.
        msg = f"{error.what} in {what}"
        raise type(error)(msg, error.faults) from None


def _no_constants(word: str) -> Any:
    msg = f"{word} is not a number cocreate accepts; amounts and costs must be finite"
    raise _ParseError(msg)


def _whole(digits: str) -> int:
    if len(digits) > _MAX_DIGITS:
        msg = f"a whole number with {len(digits)} digits is too large for a float"
        raise _ParseError(msg)
    return int(digits)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            msg = f"the key {key[:60]!r} appears twice in one object; give each key once"
            raise _ParseError(msg)
        table[key] = value
    return table


def _parse_json(text: str, what: str) -> Any:
    try:
        return json.loads(
            text,
            parse_constant=_no_constants,
            parse_int=_whole,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        detail = "the text is empty" if not text.strip() else error.msg
        msg = f"not valid JSON: {detail} (line {error.lineno}, column {error.colno})"
    except RecursionError:
        msg = "not readable JSON: the document is nested too deeply"
    except (_ParseError, ValueError) as error:
        msg = f"not valid JSON: {error}"
    raise FormatError(what, [Fault("", msg)])


def _parse_toml(text: str, what: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = f"not valid TOML: {error}"
    except RecursionError:
        msg = "not readable TOML: the document is nested too deeply"
    except ValueError as error:
        msg = f"not valid TOML: {error}"
    raise FormatError(what, [Fault("", msg)])


# --------------------------------------------------------------------------
# Writing TOML: the fixed shape of the format, nothing more.

_SURROGATE = re.compile("[\ud800-\udfff]")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
# Characters TOML does not allow raw in a basic string: the quote, the
# backslash, and the control characters (tab is allowed, but escaped here
# so that it is visible).
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f]')


def _toml_string(text: str) -> str:
    """Return ``text`` as a TOML basic string."""
    if _SURROGATE.search(text):
        msg = (
            f"cannot write {text[:40]!r} as TOML: it holds a lone surrogate code point, "
            "which is not a Unicode character; write JSON instead"
        )
        raise CocreateError(msg)

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _ESCAPES.get(char) or f"\\u{ord(char):04X}"

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"cannot write {value!r} as a number; cocreate numbers are finite"
            raise CocreateError(msg)
        # repr is the shortest text that reads back as the same float, and
        # is always valid TOML for a finite float: 1.5, -0.0, 1e+308, 5e-324.
        return repr(value)
    if isinstance(value, list | tuple) and not any(isinstance(v, dict) for v in value):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    msg = f"cannot write a {type(value).__name__} in a cocreate TOML file"
    raise CocreateError(msg)


#: Arrays of tables that may be left out when empty.
_OPTIONAL_ARRAYS = frozenset({"contributions", "values"})


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list | tuple) and bool(value) and all(isinstance(v, dict) for v in value)
    )


def _toml_document(data: Mapping[str, Any]) -> str:
    """Return the dict form as TOML: plain keys first, then arrays of tables.

    Empty contributions and values are left out; other empty arrays are
    written inline (``customer_of = []``). The dict form never holds ``None``.
    """
    lines: list[str] = []
    tables: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in data.items():
        if key in _OPTIONAL_ARRAYS and not value:
            continue
        if _is_table_array(value):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, items in tables:
        for item in items:
            lines.extend(("", f"[[{_toml_key(key)}]]"))
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"
