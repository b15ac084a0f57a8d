r"""The command line: ``cocreate classify``, ``profile``, ``whatif``, ``fair``, ``report`` and more.

The commands are ``classify``, ``profile``, ``whatif``, ``fair``, ``report``,
``examples``, ``schema`` and ``convert``.

Every command that takes a file reads it through the format registry
(``cocreate._formats.registry``): ``.json``, ``.toml``, ``.xlsx``, a folder of
CSV files, or an e3value ``.rdf`` model with ``--focal``; ``-`` is standard
input (JSON, or ``--format toml``). Each takes ``--example NAME`` instead.

Exit codes: 0 on success, 1 when an input file is invalid or an output
cannot be written (one line per fault on standard error, naming the file
and the field), 2 on bad usage, 141 when the reader of standard output goes
away (``cocreate classify big.json | head -1``; 141 is what a shell reports
for a program ended by SIGPIPE), 130 on Ctrl-C.

No traceback reaches the user: a closed pipe ends the command quietly, any
other error writing standard output (``> /dev/full``) or any unexpected
:class:`OSError` is one line on standard error. Every line written to
standard error is one line, whatever characters a file name or a document
holds: they are escaped as :func:`repr` escapes them. Text written to
standard output goes through :func:`_shown`, which escapes control
characters (``ESC``, ``BEL``, C1, ...) and the controls of text direction, so
that a name cannot clear the terminal, move the cursor, set its title or
show a link; JSON output escapes them as JSON escapes (``\u001b``).

``convert`` exits 0 once its output is replaced, even if Ctrl-C arrives
after that moment.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cocreate import _cli_table, examples
from cocreate._formats.files import MAX_BYTES, os_reason, printable, read_upto
from cocreate._formats.jsontoml import dumps, loads, schema
from cocreate._formats.registry import REGISTRY, dump, format_of, known, load
from cocreate._model.types import Resource
from cocreate._model.validate import did_you_mean
from cocreate._rules.facts import classify
from cocreate._rules.params import Rules
from cocreate._rules.profile import profile
from cocreate._rules.sums import ledger
from cocreate._version import __version__
from cocreate.exceptions import CocreateError, Fault, FormatError, InvalidModelError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from cocreate._model.types import Initiative

__all__ = ["main"]

#: Exit code: everything worked.
EXIT_OK = 0
#: Exit code: an input file is invalid, or an output file could not be written.
EXIT_INVALID = 1
#: Exit code: the command line itself is wrong (argparse's own code).
EXIT_USAGE = 2
#: Exit code: interrupted with Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130
#: Exit code: the reader of standard output went away (128 + SIGPIPE).
EXIT_PIPE = 141

_SUFFIXES = "a .json, .toml, .xlsx or e3value .rdf file, or a folder of CSV files"
#: The formats standard input and output carry.
_TEXT_FORMATS = tuple(name for name, found in REGISTRY.items() if found.text)
#: The largest count --min-contributors takes: more than any initiative has.
_MOST_CONTRIBUTORS = 1_000_000


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
        0 on success, 1 when an input is invalid or an output cannot be
        written, 2 on bad usage, 141 when standard output was closed by
        its reader, 130 on Ctrl-C.

    Examples
    --------
    >>> main(["classify", "--example", "nike-plus"])
    Nike+: co-creation
    'Nike+' is co-creation: the goal is a new offering; ...
    <BLANKLINE>
    stakeholder  role      contribution count  cost  value count  received  net value  wins
    Apple        firm      1                   2     1            5         3          yes
    Nike         firm      2                   5     1            10        5          yes
    runners      customer  2                   1     1            4         3          yes
    0
    """
    try:
        code = _main(argv)
        _flush()
    except BrokenPipeError:
        # The reader went away (``| head -1``): stop quietly, as the Python
        # documentation advises for SIGPIPE.
        _quiet_stdout()
        return EXIT_PIPE
    except _OutputError as error:
        _quiet_stdout()
        _error(f"cocreate: cannot write to standard output: {error.reason}")
        return EXIT_INVALID
    except OSError as error:
        _error(f"cocreate: {os_reason(error)}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code


def _main(argv: Sequence[str] | None) -> int:
    parser, commands = _parser()
    try:
        arguments = parser.parse_args(argv)
        if arguments.command is None:
            parser.error(f"give a command: {', '.join(commands)}")
        _check_inputs(arguments, commands)
        _check_focal(arguments, commands)
        rules = _rules_of(arguments, commands)
    except SystemExit as stop:  # --help, --version, or a usage error
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    command = arguments.command
    if command == "classify":
        return _classify(arguments.files, arguments.example, arguments, rules)
    if command in _ANALYSES:
        return _analyse(command, arguments, rules, _named(arguments.example))
    others: dict[str, Callable[[], int]] = {
        "examples": lambda: _examples(as_json=arguments.json),
        "schema": _print_schema,
        "classify-table": lambda: _cli_table.run(arguments, rules, _print, _error),
    }
    if command in others:
        return others[command]()
    return _convert(
        arguments.input,
        arguments.output,
        focal=arguments.focal,
        limit=arguments.max_bytes,
        fmt=arguments.format,
        example=_named(arguments.example),
    )


def _print_schema() -> int:
    _print(json.dumps(schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _named(example: tuple[str, Initiative] | None) -> Initiative | None:
    return None if example is None else example[1]


def _check_inputs(
    arguments: argparse.Namespace, commands: dict[str, argparse.ArgumentParser]
) -> None:
    """Make a command without an input, or with a FILE and --example both, a usage error."""
    command = arguments.command
    if command == "classify":
        if not (arguments.files or arguments.example):
            commands[command].error("give at least one FILE or --example NAME")
    elif command in _ANALYSES:
        if (arguments.file is None) == (arguments.example is None):
            commands[command].error("give one FILE or --example NAME")
    elif command == "convert":
        given = [name for name in (arguments.input, arguments.output) if name is not None]
        if arguments.example is not None:
            if len(given) != 1:
                commands[command].error("with --example NAME, give only OUTPUT")
            arguments.input, arguments.output = None, given[0]
        elif len(given) != 2:
            commands[command].error("give INPUT and OUTPUT, or --example NAME and OUTPUT")


# --------------------------------------------------------------------------
# The parser.


_BYTE_COUNT = re.compile(r"\s*([0-9]{1,30})\s*([kmg]?)i?b?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _byte_count(text: str) -> int:
    """Read ``--max-bytes``: a whole number of bytes, or of KiB, MiB or GiB (``64M``)."""
    match = _BYTE_COUNT.fullmatch(text)
    count = 0 if match is None else int(match[1]) * _UNITS[match[2].lower()]
    if count < 1:
        msg = f"must be a whole number of bytes >= 1, such as 1000000 or 64M, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return count


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_byte_count,
        metavar="N",
        help=(
            "read at most N bytes of each file (K, M or G for KiB, MiB, GiB); "
            "a larger file is refused (default: 256M for .json, .toml and each CSV file, "
            "64M for .xlsx and e3value .rdf)"
        ),
    )


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
            "with reasons. Initiatives are read from .json, .toml and Excel .xlsx files, "
            "folders of CSV files (as write_csv writes them), or e3value .rdf files with "
            "--focal NAME; the suffix says which."
        ),
        epilog=(
            "Exit codes: 0 success, 1 an invalid input file or an output that cannot be "
            "written, 2 bad usage, 141 standard output closed by its reader."
        ),
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
    classify_.add_argument(
        "files", nargs="*", metavar="FILE", help=f"{_SUFFIXES}, or - for standard input"
    )
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
    _add_max_bytes(classify_)
    _add_format(classify_)
    _add_rules(classify_)
    classify_.add_argument(
        "--spread",
        type=_spread,
        metavar="S",
        help=(
            "also say how sure the verdict is when every estimate without a range may be "
            "off by the fraction S (0.2 = 20%%): the kinds reachable, and the stability"
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
        help="convert a file between JSON, TOML, Excel and CSV",
        description=(
            "Read INPUT and write OUTPUT, each in the format its suffix names "
            f"({known()}). OUTPUT is replaced only if the whole write succeeds; "
            "- is standard input or output, JSON unless --format says otherwise."
        ),
    )
    convert.add_argument(
        "input", nargs="?", metavar="INPUT", help=f"{_SUFFIXES} to read, or - for standard input"
    )
    convert.add_argument(
        "output",
        nargs="?",
        metavar="OUTPUT",
        help="the .json, .toml or .xlsx file or the CSV folder to write, or - for standard output",
    )
    _add_example(convert)
    _add_max_bytes(convert)
    _focal_option(convert)
    _add_format(convert)
    named = {"classify": classify_, "examples": examples_, "convert": convert}
    named["classify-table"] = _cli_table.add_parser(commands, _add_rules, _add_max_bytes)
    for command, (summary, description) in _ANALYSES.items():
        named[command] = _analysis_parser(commands, command, summary, description)
    return parser, named


#: The commands that analyse one initiative: name, help line, description.
_ANALYSES = {
    "profile": (
        "match an initiative against the comparison table of co-creation and collaboration",
        (
            "For each attribute of the comparison table (definition, partnership, focus, "
            "process, outcome), say which column fits the initiative, and why."
        ),
    ),
    "whatif": (
        "say what the verdict would be without each external contributor",
        "For each external contributor, in turn: the kind without it, and what changed.",
    ),
    "fair": (
        "compare each stakeholder's fair share (its Shapley value) with what it captures",
        (
            "Each value is created by its beneficiary and those it requires; split fairly, "
            "each creator gets an equal part of it. Say who captures less or more than its "
            "fair share, and whether any coalition would do better on its own."
        ),
    ),
    "report": (
        "write one self-contained HTML page to send",
        (
            "Write the verdict, its explanation, the ledger, the profile, the picture and "
            "how sure the verdict is to OUT.html, a page that opens offline."
        ),
    ),
}


def _analysis_parser(
    commands: Any, command: str, summary: str, description: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        command, help=summary, description=description
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help=f"{_SUFFIXES}, or - for standard input"
    )
    _add_example(parser)
    if command == "report":
        parser.add_argument(
            "-o", "--output", required=True, metavar="OUT", help="the .html file to write"
        )
        parser.add_argument(
            "--spread",
            type=_spread,
            metavar="S",
            help="how far estimates without a range may be off (default 0.2, plus or minus 20%%)",
        )
    else:
        parser.add_argument("--json", action="store_true", help="print JSON")
    if command == "whatif":
        parser.add_argument(
            "--sweep",
            metavar="ITEM",
            help=(
                "instead, the values of one amount at which the verdict changes: a link's "
                "name, SOURCE:RESOURCE for a contribution's cost, or BENEFICIARY for the "
                "only value it receives"
            ),
        )
    _focal_option(parser)
    _add_max_bytes(parser)
    _add_format(parser)
    if command != "fair":  # the fair split does not depend on the rules
        _add_rules(parser)
    return parser


def _add_example(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--example",
        type=_example,
        metavar="NAME",
        help=f"a built-in example instead of a file: {', '.join(examples.names())}",
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=list(REGISTRY),
        help=(
            "the format of standard input or output (-, json unless told), or of a file "
            "without a known suffix"
        ),
    )


def _add_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threshold",
        type=_finite,
        metavar="X",
        help="a stakeholder wins when its net value is greater than X (default 0)",
    )
    parser.add_argument(
        "--voice",
        type=_voice,
        metavar="A,B,...",
        help=(
            "the resources that count as voice, separated by commas "
            f"(default ideas,input,feedback; any of {', '.join(Resource.words())})"
        ),
    )
    parser.add_argument(
        "--min-contributors",
        type=_contributors,
        metavar="N",
        help="how many distinct contributors make a collaboration (default 2)",
    )
    parser.add_argument(
        "--groups",
        choices=("together", "each"),
        help=(
            "judge the segments of a group as one party (together, the default) or each on its own"
        ),
    )
    parser.add_argument(
        "--customers-co-create",
        action="store_const",
        const=True,
        help=(
            "let customers who give substantive inputs be the co-creators "
            "(the firm-and-customer view of co-creation)"
        ),
    )


def _spread(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        msg = f"must be a finite number >= 0, such as 0.2, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _finite(text: str) -> float:
    """Read ``--threshold``: a finite number."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in {float("inf"), float("-inf")}:  # noqa: PLR0124 - NaN
        msg = f"must be a finite number, such as 0 or 2.5, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _contributors(text: str) -> int:
    """Read ``--min-contributors``: a whole number from 1 to a million."""
    stripped = text.strip()
    digits = stripped.lstrip("0") if stripped.isdecimal() and stripped.isascii() else ""
    if not digits:
        msg = f"must be a whole number, at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    # Compared as text first: int() of a thousand digits is slow, and refused.
    if len(digits) > len(str(_MOST_CONTRIBUTORS)) or int(digits) > _MOST_CONTRIBUTORS:
        msg = f"must be at most {_MOST_CONTRIBUTORS}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(digits)


def _voice(text: str) -> list[str]:
    """Read ``--voice``: resource words separated by commas."""
    words = [word.strip() for word in text.split(",") if word.strip()]
    allowed = Resource.words()
    for word in words:
        if word.lower().replace("-", "_") not in allowed:
            hint = did_you_mean(word, allowed) or "use any of " + ", ".join(allowed)
            msg = f"{word!r} is not a resource; {hint}"
            raise argparse.ArgumentTypeError(msg)
    if not words:
        msg = f"give at least one resource, from: {', '.join(allowed)}"
        raise argparse.ArgumentTypeError(msg)
    return words


#: The command-line option of each field of Rules.
_OPTIONS = {
    "win_threshold": "--threshold",
    "voice_resources": "--voice",
    "min_contributors": "--min-contributors",
    "groups": "--groups",
    "customers_co_create": "--customers-co-create",
}


def _option_fault(fault: Fault) -> str:
    """Return a fault of Rules in the words of the command line: the option, not the field."""
    for field, option in _OPTIONS.items():
        if fault.path == field or fault.path.startswith((field + "[", field + ".")):
            return f"{option} {fault.message}"
    return str(fault)


def _rules_of(
    arguments: argparse.Namespace, commands: dict[str, argparse.ArgumentParser]
) -> Rules | None:
    """The rules the options ask for, or None for the defaults; bad values are usage errors."""
    given = {
        "win_threshold": getattr(arguments, "threshold", None),
        "voice_resources": getattr(arguments, "voice", None),
        "min_contributors": getattr(arguments, "min_contributors", None),
        "groups": getattr(arguments, "groups", None),
        "customers_co_create": getattr(arguments, "customers_co_create", None),
    }
    chosen = {key: value for key, value in given.items() if value is not None}
    if not chosen:
        return None
    try:
        return Rules(**chosen)
    except CocreateError as error:
        faults = getattr(error, "faults", ())
        commands[arguments.command].error("; ".join(map(_option_fault, faults)) or str(error))
    return None  # pragma: no cover - error() exits


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
    elif arguments.command in _ANALYSES:
        inputs = [arguments.file]
    else:
        return
    if arguments.focal is None and any(name is not None and _is_e3value(name) for name in inputs):
        commands[arguments.command].error(
            "an e3value .rdf file needs --focal NAME, the actor that runs the initiative"
        )


def _load(name: str, focal: str | None, limit: int | None, fmt: str | None = None) -> Initiative:
    """Read one input (``-``: standard input); ``limit`` replaces the reader's own default."""
    if name == "-":
        return _load_stdin(fmt, limit or MAX_BYTES)
    return load(name, format=fmt, max_bytes=limit, focal=focal)


def _text_format(fmt: str | None, side: str) -> str:
    """Return the format standard input or output carries: JSON unless ``--format`` says."""
    if fmt is None or fmt in _TEXT_FORMATS:
        return fmt or "json"
    msg = (
        f"standard {side} carries {' or '.join(_TEXT_FORMATS)}, not {fmt}; "
        f"give a file name instead of -"
    )
    raise CocreateError(msg)


def _load_stdin(fmt: str | None, limit: int) -> Initiative:
    """Read a whole document from standard input, at most ``limit`` bytes of it."""
    kind = _text_format(fmt, "input")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        msg = "standard input is closed"
        raise CocreateError(msg)
    # A chunk at a time: read(limit + 1) would allocate the whole limit first.
    data = read_upto(stream, limit + 1)
    if len(data) > limit:
        msg = f"standard input holds more than {limit} bytes; raise the limit with --max-bytes"
        raise CocreateError(msg)
    if fmt is not None:
        return loads(data, kind)
    try:
        return loads(data, kind)
    except FormatError as error:
        if not _is_toml(data):
            raise
        hint = "; it looks like TOML: add --format toml"
        faults = [Fault(fault.path, fault.message + hint) for fault in error.faults]
        raise FormatError(error.what, faults) from None


def _is_toml(data: bytes) -> bool:
    """Whether standard input that is not JSON reads as a TOML table with something in it."""
    import tomllib

    try:
        return bool(tomllib.loads(data.decode("utf-8-sig")))
    except (ValueError, RecursionError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return False


# --------------------------------------------------------------------------
# The commands.


def _classify(
    files: list[str],
    named: list[tuple[str, Initiative]],
    arguments: argparse.Namespace,
    rules: Rules | None,
) -> int:
    inputs, code = _load_all(files, arguments.focal, arguments.max_bytes, arguments.format)
    inputs.extend((None, name, initiative) for name, initiative in named)
    headed = len(inputs) > 1
    spread = arguments.spread
    for index, (file, example, initiative) in enumerate(inputs):
        if arguments.json:
            _print(_json_line(_classify_data(file, example, initiative, rules, spread)))
            continue
        if index:
            _print("")
        if headed:
            _print(f"==> {printable(file) if file is not None else 'example ' + str(example)} <==")
        _print(_shown(str(classify(initiative, rules=rules))))
        if spread is not None:
            for line in _sureness(initiative, rules, spread):
                _print(_shown(line))
        _print("")
        _print(_shown(str(ledger(initiative, rules=rules))))
    return code


def _sureness(initiative: Initiative, rules: Rules | None, spread: float) -> list[str]:
    """How sure the verdict is: robustness at ``spread``, and the stability."""
    from cocreate._judgment.ranges import explain_stability, robustness

    judged = robustness(initiative, rules=rules, spread=spread)
    return [*judged.sentences, *explain_stability(initiative, rules=rules).sentences]


def _load_all(
    files: list[str], focal: str | None, limit: int | None, fmt: str | None = None
) -> tuple[list[tuple[str | None, str | None, Initiative]], int]:
    """Load every file; report those that cannot be, and say whether any could not."""
    inputs: list[tuple[str | None, str | None, Initiative]] = []
    code = EXIT_OK
    for name in files:
        try:
            inputs.append((name, None, _load(name, focal, limit, fmt)))
        except CocreateError as error:
            _report(name, error)
            code = EXIT_INVALID
    return inputs, code


def _classify_data(
    file: str | None,
    example: str | None,
    initiative: Initiative,
    rules: Rules | None = None,
    spread: float | None = None,
) -> Any:
    data: dict[str, Any] = {"file": file, "example": example}
    data.update(classify(initiative, rules=rules).to_dict())
    data["ledger"] = ledger(initiative, rules=rules).to_dict()["entries"]
    if spread is not None:
        from cocreate._judgment.ranges import robustness, stability

        data["robustness"] = robustness(initiative, rules=rules, spread=spread).to_dict()
        sure = stability(initiative, rules=rules)
        data["stability"] = sure if sure < float("inf") else None  # JSON has no infinity
    return data


def _analyse(
    command: str, arguments: argparse.Namespace, rules: Rules | None, example: Initiative | None
) -> int:
    """Run ``profile``, ``whatif``, ``fair`` or ``report`` on one input."""
    name = arguments.file
    if example is not None:
        initiative = example
    else:
        try:
            initiative = _load(name, arguments.focal, arguments.max_bytes, arguments.format)
        except CocreateError as error:
            _report(name, error)
            return EXIT_INVALID
    if command == "report":
        from cocreate._views.report import missing_picture, report

        try:
            report(initiative, arguments.output, rules=rules, spread=arguments.spread)
        except CocreateError as error:
            _error(printable(str(error)))
            return EXIT_INVALID
        missing = missing_picture()
        if missing is not None:  # the page is written; it has no picture
            _error(f"warning: {missing}")
        return EXIT_OK
    if command in {"profile", "fair"}:
        from cocreate._judgment.fair import fair_split

        result = (
            profile(initiative, rules=rules) if command == "profile" else fair_split(initiative)
        )
        _print(_json_line(result.to_dict()) if arguments.json else _shown(str(result)))
        return EXIT_OK
    if getattr(arguments, "sweep", None) is not None:
        return _sweep(initiative, arguments, rules)
    return _whatif(initiative, arguments, rules)


def _whatif(initiative: Initiative, arguments: argparse.Namespace, rules: Rules | None) -> int:
    """Do ``cocreate whatif FILE``: the verdict without each external contributor."""
    from cocreate._judgment.whatif import defections

    found = defections(initiative, rules=rules)
    if arguments.json:
        _print(_json_line([d.to_dict() for d in found]))
        return EXIT_OK
    for line in _whatif_lines(initiative, found):
        _print(_shown(line))
    return EXIT_OK


def _sweep(initiative: Initiative, arguments: argparse.Namespace, rules: Rules | None) -> int:
    """Do ``cocreate whatif FILE --sweep ITEM``."""
    from cocreate._judgment.sweep import sweep

    try:
        swept = sweep(initiative, sweep_item(initiative, arguments.sweep), rules=rules)
    except CocreateError as error:
        _error(printable(str(error)))
        return EXIT_INVALID
    _print(_json_line(swept.to_dict()) if arguments.json else _shown(str(swept)))
    return EXIT_OK


def sweep_item(initiative: Initiative, text: str) -> Any:
    """The amount ``--sweep ITEM`` names: a link, ``SOURCE:RESOURCE``, or a beneficiary."""
    everything: list[Any] = [*initiative.contributions, *initiative.values]
    if any(item.link == text for item in everything):
        return text
    source, _, resource = text.partition(":")
    if resource:
        found: list[Any] = [
            c
            for c in initiative.contributions
            if c.source == source and c.resource.value == resource
        ]
    else:
        found = [v for v in initiative.values if v.beneficiary == text]
    if len(set(found)) == 1:
        return found[0]
    links = sorted({item.link for item in everything if item.link is not None})
    what = "several" if found else "no"
    msg = (
        f"--sweep {text!r} names {what} amounts of {initiative.name!r}; give a link "
        f"({', '.join(map(repr, links)) or 'it has none'}), SOURCE:RESOURCE for one "
        "contribution, or BENEFICIARY for the only value it receives"
    )
    raise CocreateError(msg)


def _whatif_lines(initiative: Initiative, found: Any) -> list[str]:
    if not found:
        return [f"{initiative.name!r}: no stakeholder outside the focal organization contributes."]
    return [sentence for defection in found for sentence in defection.sentences]


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


def _by_suffix(name: str, fmt: str | None) -> str | None:
    """Return ``--format`` for a side of ``convert`` its name cannot tell: ``-``, or no suffix."""
    if name == "-" or fmt is None:
        return fmt
    try:
        format_of(name)
    except CocreateError:
        return fmt
    return None


def _convert(
    source: str | None,
    target: str,
    *,
    focal: str | None = None,
    limit: int | None = None,
    fmt: str | None = None,
    example: Initiative | None = None,
) -> int:
    if example is not None:
        initiative = example
    else:
        assert source is not None  # noqa: S101 - _check_inputs makes sure
        try:
            initiative = _load(source, focal, limit, _by_suffix(source, fmt))
        except CocreateError as error:
            _report(source, error)
            return EXIT_INVALID
    try:
        if target == "-":
            # JSON and TOML escape C1 and the controls of text direction as
            # \u escapes alike: the text means the same, and a terminal shows it.
            text = dumps(initiative, _text_format(fmt, "output")).translate(_JSON_BREAKS)
            _print(text.rstrip("\n"))
            return EXIT_OK
        dump(initiative, target, format=_by_suffix(target, fmt))
    except CocreateError as error:
        _error(printable(str(error)))  # "cannot write 'OUTPUT': ...", naming the file once
        return EXIT_INVALID
    except KeyboardInterrupt:
        # Ctrl-C after the output was replaced (while the folder is synced,
        # say) interrupted nothing: the command did what it was asked.
        if not _holds(target, initiative):
            raise
    return EXIT_OK


def _holds(target: str, initiative: Initiative) -> bool:
    """Whether the file ``target`` holds ``initiative``: the write was done."""
    try:
        return load(target) == initiative
    except CocreateError:
        return False


# --------------------------------------------------------------------------
# Output.


class _OutputError(Exception):
    """Standard output cannot be written, for another reason than a closed pipe."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.reason = os_reason(error)


# Line breaks that JSON leaves raw but str.splitlines() splits on, and the
# other controls it leaves raw (DEL, C1: 0x9b is a terminal's CSI; the
# controls of text direction): the same as _TERMINAL_CONTROLS, but C0,
# which JSON escapes itself.
_JSON_BREAKS = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x7F, 0xA0),
        0x200E,
        0x200F,
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}

#: What a terminal acts on rather than shows: control characters but the
#: newline (C0, DEL, C1), line separators and the controls of text direction.
_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _shown(text: str) -> str:
    r"""Return text for a terminal: each control character escaped as :func:`repr` escapes it.

    Lines stay lines; everything else a terminal would act on (an escape
    sequence that clears the screen or makes a link, a bell, a carriage
    return) is shown as its escape instead.

    Examples
    --------
    >>> print(_shown("Nike+\x1b[2J\nline two\u202e"))
    Nike+\x1b[2J
    line two\u202e
    """
    return _TERMINAL_CONTROLS.sub(lambda match: repr(match.group())[1:-1], text)


def _json_line(data: Any) -> str:
    """Return ``data`` as JSON on one line, whatever line breaks its strings hold."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_BREAKS)


def _report(name: str, error: CocreateError) -> None:
    """Print one line per fault: ``FILE: PATH: MESSAGE``, with unprintable characters escaped."""
    if isinstance(error, InvalidModelError) and error.faults:
        for fault in error.faults:
            _error(printable(f"{name}: {fault}"))
    else:
        _error(printable(f"{name}: {error}"))


def _write(stream: TextIO, line: str) -> None:
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")


def _print(line: str) -> None:
    if sys.stdout is None:  # started with standard output closed
        raise _OutputError(OSError(errno.EBADF, "it is closed"))
    try:
        _write(sys.stdout, line)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(error) from None


def _flush() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(error) from None


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the final flush cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: nothing to flush later
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _error(line: str) -> None:
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):  # standard error closed: nowhere left to say it
        _write(sys.stderr, line)
