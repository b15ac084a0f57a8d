"""The ``classify-table`` command: many initiatives from four tables to one table of verdicts."""

from __future__ import annotations

import contextlib
import io
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any, Final

from cocreate._formats.files import check_path, shown, write_file
from cocreate._formats.table import classify_table
from cocreate._formats.tables import MAX_BYTES, read_tables
from cocreate._rules.params import Kind
from cocreate.exceptions import CocreateError, InvalidModelError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator

    import pandas as pd

    from cocreate._rules.params import Rules

__all__ = ["add_parser", "run"]

#: From how many rows in all the steps are shown with a progress bar.
PROGRESS_FROM: Final = 100_000
#: The suffixes of the output, and what they write.
OUTPUTS: Final = (".csv", ".parquet")


def add_parser(commands: Any, *adders: Callable[[argparse.ArgumentParser], None]) -> Any:
    """Add the ``classify-table`` command; ``adders`` add the shared options (rules, limits)."""
    parser = commands.add_parser(
        "classify-table",
        help="classify many initiatives laid out as four tables",
        description=(
            "Read the tables initiatives, stakeholders, contributions and values from a "
            "folder of .parquet or .csv files, or from an .xlsx workbook with four sheets; "
            "classify every initiative; write one row per initiative to OUT (.csv or "
            ".parquet). With tqdm or rich installed, large inputs show a progress bar."
        ),
    )
    parser.add_argument("input", metavar="DIR_OR_XLSX", help="the folder or the .xlsx file")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the .csv or .parquet file to write"
    )
    for add in adders:
        add(parser)
    return parser


def run(
    arguments: argparse.Namespace,
    rules: Rules | None,
    say: Callable[[str], None],
    complain: Callable[[str], None],
) -> int:
    """Run the command; return its exit code (0, or 1 on an invalid input or output)."""
    output = str(arguments.output)
    if not output.lower().endswith(OUTPUTS):
        complain(f"cocreate: the output must end in .csv or .parquet, got {shown(output)}")
        return 1
    try:
        check_path(output)
        tables = read_tables(arguments.input, max_bytes=arguments.max_bytes or MAX_BYTES)
        rows = sum(len(table) for table in tables)
        with _progress(rows >= PROGRESS_FROM) as step:
            step("classifying")
            result = classify_table(*tables, rules=rules)
            step("writing")
            write_file(output, _bytes(result, output))
    except CocreateError as error:
        complain(f"cocreate: {_one_line(error)}")
        return 1
    kinds = Counter(result["kind"])
    counted = ", ".join(f"{kinds[kind.value]} {kind.label}" for kind in Kind)
    say(f"{len(result)} initiatives: {counted}; written to {shown(output)}")
    return 0


def _one_line(error: CocreateError) -> str:
    """The error in one line: for a model, its subject and first fault, and how many more."""
    if isinstance(error, InvalidModelError) and error.faults:
        more = len(error.faults) - 1
        tail = f" (and {more} more)" if more else ""
        return f"invalid {error.what}: {error.faults[0]}{tail}"
    return str(error).splitlines()[0]


def _bytes(result: pd.DataFrame, output: str) -> bytes:
    if output.lower().endswith(".csv"):
        return result.to_csv(index=False).encode("utf-8")
    buffer = io.BytesIO()
    result.to_parquet(buffer, index=False)
    return buffer.getvalue()


@contextlib.contextmanager
def _progress(large: bool) -> Iterator[Callable[[str], None]]:
    """Yield a function that marks each step; a bar for a large input, if tqdm or rich is there.

    Shown on standard error when it is a terminal; otherwise the steps pass
    silently.
    """
    bar = _bar(2) if large and getattr(sys.stderr, "isatty", lambda: False)() else None
    if bar is None:
        yield lambda _step: None
        return
    update, close = bar
    try:
        yield update
    finally:
        close()


def _bar(total: int) -> tuple[Callable[[str], None], Callable[[], None]] | None:
    """A progress bar of ``total`` steps, with tqdm or rich, whichever is installed; else None."""
    try:
        from tqdm import tqdm
    except ImportError:
        pass
    else:
        bar = tqdm(total=total, file=sys.stderr, unit="step")

        def advance(step: str) -> None:
            bar.set_description(step)
            bar.update(1)

        return advance, bar.close
    try:
        from rich.progress import Progress
    except ImportError:
        return None
    progress = Progress(transient=True)
    task = progress.add_task("classify-table", total=total)
    progress.start()

    def advance_rich(step: str) -> None:
        progress.update(task, advance=1, description=step)

    return advance_rich, progress.stop
