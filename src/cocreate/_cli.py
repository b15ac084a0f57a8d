"""The command line: ``cocreate classify``, ``examples``, ``schema`` and ``convert``.

Exit codes: 0 on success, 1 when an input file is invalid (one line per
fault on standard error, naming the file and the field), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cocreate import __version__, examples
from cocreate._e3value import from_e3value
from cocreate._io import FORMATS, dump, load, schema
from cocreate._rules import classify
from cocreate._sums import ledger
from cocreate.exceptions import CocreateError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cocreate._model import Initiative

__all__ = ["main"]

#: Exit code: everything worked.
EXIT_OK = 0
#: Exit code: an input file is invalid, or an output file could not be written.
EXIT_INVALID = 1
#: Exit code: the command line itself is wrong (argparse's own code).
EXIT_USAGE = 2

_SUFFIXES = " or ".join(s for suffixes in FORMATS.values() for s in suffixes)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cocreate`` command line and return its exit code.

    Parameters
    ----------
    argv
        The arguments after the program name; ``None`` means
        ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 when an input is invalid, 2 on bad usage.

    Examples
    --------
    >>> main(["classify", "--example", "nike-plus"])
    Nike+: co-creation
    'Nike+' is co-creation: the goal is a new offering; ...
    <BLANKLINE>
    stakeholder  role      gives  cost  gets  received  net  wins
    Apple        firm      1      2     1     5         3    yes
    Nike         firm      2      5     1     10        5    yes
    runners      customer  2      1     1     4         3    yes
    0
    """
    parser, commands = _parser()
    try:
        arguments = parser.parse_args(argv)
        if arguments.command is None:
            parser.error("give a command: classify, examples, schema or convert")
        if arguments.command == "classify" and not (arguments.files or arguments.example):
            commands["classify"].error("give at least one FILE or --example NAME")
        _check_focal(arguments, commands)
    except SystemExit as stop:  # --help, --version, or a usage error
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    command = arguments.command
    if command == "classify":
        return _classify(
            arguments.files, arguments.example, as_json=arguments.json, focal=arguments.focal
        )
    if command == "examples":
        return _examples(as_json=arguments.json)
    if command == "schema":
        _print(json.dumps(schema(), indent=2, ensure_ascii=False))
        return EXIT_OK
    return _convert(arguments.input, arguments.output, focal=arguments.focal)


# --------------------------------------------------------------------------
# The parser.


def _example(name: str) -> tuple[str, Initiative]:
    try:
        initiative = examples.get(name)
    except CocreateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return name.strip().lower().replace("_", "-"), initiative


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="cocreate",
        description=(
            "Tell co-creation, customer-focused innovation and collaboration apart, "
            "with reasons. Initiatives are read from .json or .toml files, or from "
            "e3value .rdf files with --focal NAME."
        ),
        epilog="Exit codes: 0 success, 1 an invalid input file, 2 bad usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    classify_ = commands.add_parser(
        "classify",
        help="classify initiatives and show who gains what",
        description=(
            "Classify each initiative: print its kind, the explanation, and the ledger of "
            "what every stakeholder gives and gets. An invalid file is reported on standard "
            "error, one line per fault, and the exit code is 1; the other inputs are still "
            "classified."
        ),
    )
    classify_.add_argument("files", nargs="*", metavar="FILE", help=f"a {_SUFFIXES} file")
    classify_.add_argument(
        "--example",
        action="append",
        default=[],
        type=_example,
        metavar="NAME",
        help=f"a built-in example instead of a file (repeatable): {', '.join(examples.names())}",
    )
    _focal_option(classify_)
    classify_.add_argument(
        "--json",
        action="store_true",
        help=(
            "print one JSON object per input, one per line: the classification "
            "with a 'ledger' list, and the 'file' or 'example' it came from"
        ),
    )

    examples_ = commands.add_parser(
        "examples",
        help="list the built-in examples",
        description="List the built-in examples: name, initiative and kind.",
    )
    examples_.add_argument("--json", action="store_true", help="print a JSON array")

    commands.add_parser(
        "schema",
        help="print the JSON Schema of the file format",
        description="Print the JSON Schema (draft 2020-12) of the .json and .toml files.",
    )

    convert = commands.add_parser(
        "convert",
        help="convert a file between JSON and TOML",
        description=(
            "Read INPUT and write OUTPUT, each in the format its suffix names "
            f"({_SUFFIXES}). OUTPUT is replaced only if the whole write succeeds."
        ),
    )
    convert.add_argument("input", metavar="INPUT", help=f"the {_SUFFIXES} file to read")
    convert.add_argument("output", metavar="OUTPUT", help=f"the {_SUFFIXES} file to write")
    _focal_option(convert)
    return parser, {"classify": classify_, "examples": examples_, "convert": convert}


# --------------------------------------------------------------------------
# e3value models: a .rdf file is read with from_e3value, and needs --focal.


def _focal_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--focal",
        metavar="NAME",
        help="for an e3value .rdf file: the name of the actor that runs the initiative",
    )


def _is_e3value(name: str) -> bool:
    return Path(name).suffix.lower() == ".rdf"


def _check_focal(
    arguments: argparse.Namespace, commands: dict[str, argparse.ArgumentParser]
) -> None:
    """Make a .rdf input without --focal a usage error (exit 2)."""
    if arguments.command == "classify":
        inputs = arguments.files
    elif arguments.command == "convert":
        inputs = [arguments.input]
    else:
        return
    if arguments.focal is None and any(_is_e3value(name) for name in inputs):
        commands[arguments.command].error(
            "an e3value .rdf file needs --focal NAME, the actor that runs the initiative"
        )


def _load(name: str, focal: str | None) -> Initiative:
    if focal is not None and _is_e3value(name):
        return from_e3value(name, focal=focal)
    return load(name)


# --------------------------------------------------------------------------
# The commands.


def _classify(
    files: list[str],
    named: list[tuple[str, Initiative]],
    *,
    as_json: bool,
    focal: str | None = None,
) -> int:
    inputs: list[tuple[str | None, str | None, Initiative]] = []
    code = EXIT_OK
    for name in files:
        try:
            inputs.append((name, None, _load(name, focal)))
        except CocreateError as error:
            _report(name, error)
            code = EXIT_INVALID
    inputs.extend((None, name, initiative) for name, initiative in named)
    headed = len(inputs) > 1
    for index, (file, example, initiative) in enumerate(inputs):
        result = classify(initiative)
        book = ledger(initiative)
        if as_json:
            data: dict[str, Any] = {"file": file, "example": example}
            data.update(result.to_dict())
            data["ledger"] = book.to_dict()["entries"]
            _print(json.dumps(data, ensure_ascii=False))
            continue
        if index:
            _print("")
        if headed:
            _print(f"==> {file if file is not None else 'example ' + str(example)} <==")
        _print(str(result))
        _print("")
        _print(str(book))
    return code


def _examples(*, as_json: bool) -> int:
    rows = []
    for name in examples.names():
        initiative = examples.get(name)
        rows.append((name, initiative.name, classify(initiative).kind.label))
    if as_json:
        data = [{"name": n, "initiative": i, "kind": k} for n, i, k in rows]
        _print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    for name, title, kind in rows:
        _print(f"{name.ljust(widths[0])}  {title.ljust(widths[1])}  {kind}")
    return EXIT_OK


def _convert(source: str, target: str, *, focal: str | None = None) -> int:
    try:
        initiative = _load(source, focal)
    except CocreateError as error:
        _report(source, error)
        return EXIT_INVALID
    try:
        dump(initiative, target)
    except CocreateError as error:
        _report(target, error)
        return EXIT_INVALID
    return EXIT_OK


# --------------------------------------------------------------------------
# Output.


def _one_line(text: str) -> str:
    """Keep a report on one line, whatever characters a file put in it."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _report(name: str, error: CocreateError) -> None:
    """Print one line per fault: ``FILE: PATH: MESSAGE``."""
    if isinstance(error, InvalidModelError) and error.faults:
        for fault in error.faults:
            _error(_one_line(f"{name}: {fault}"))
    else:
        _error(_one_line(f"{name}: {error}"))


def _write(stream: TextIO, line: str) -> None:
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")


def _print(line: str) -> None:
    _write(sys.stdout, line)


def _error(line: str) -> None:
    _write(sys.stderr, line)
