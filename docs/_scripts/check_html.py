"""Render cocreate's HTML in several notebook front ends and screenshot each, to look at.

Run by hand, not by pytest: it needs nbconvert and a Chromium, which the
tests do not. It writes a notebook that displays Nike+, its
classification, ledger and profile (and, where the library has them, its
robustness and defections), executes it, converts it with nbconvert's
``lab`` template (light and dark) and ``classic`` template, writes a plain
page and a page with the table rules of VS Code's notebook webview, writes
a report with :func:`cocreate.report`, and takes a headless-Chromium
screenshot of each. Then open the PNGs and look. ``--report-png
docs/_static/report.png`` also saves the small picture of the report that
the docs show.

Setup::

    .venv/bin/pip install nbconvert jupyterlab_pygments
    apt-get install -y chromium

Usage::

    .venv/bin/python docs/_scripts/check_html.py [--out DIR] [--chromium PATH]

The pytest side (``tests/test_html.py``) checks the same thing without a
browser: it resolves the cascade of the front ends' table rules against
the HTML, so a rule that would right-align a text column fails a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

import cocreate

# nbformat's builders and nbconvert's exporter have no type hints.
_new_notebook: Callable[[], Any] = nbformat.v4.new_notebook
_new_code_cell: Callable[[str], Any] = nbformat.v4.new_code_cell
_exporter: Callable[..., Any] = HTMLExporter

#: The cells of the notebook: one display each.
CELLS = [
    "import cocreate\nfrom cocreate import classify, ledger, profile",
    "nike = cocreate.examples.nike_plus()",
    "nike",
    "classify(nike)",
    "ledger(nike)",
    "profile(nike)",
    "classify(cocreate.examples.my_starbucks_idea())",
    "cocreate.robustness(nike, spread=0.5)",
    "cocreate.defections(nike)[0]",
]

#: The table rules of VS Code's notebook webview (its output renderer's
#: preload style sheet), to see the views under them without VS Code.
VSCODE_CSS = """
body { font-family: sans-serif; font-size: 13px; color: #cccccc; background: #1f1f1f; }
table, thead, tr, th, td, tbody {
  border: none !important; border-color: transparent; border-spacing: 0;
  border-collapse: collapse;
}
table, th, tr { vertical-align: middle; text-align: right; }
thead { font-weight: bold; background-color: rgba(130, 130, 130, 0.16); }
th, td { padding: 4px 8px; }
tr:nth-child(even) { background-color: rgba(130, 130, 130, 0.08); }
tbody th { font-weight: normal; }
"""


def _notebook() -> Any:
    notebook = _new_notebook()
    notebook.cells = [_new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def _views() -> list[str]:
    nike = cocreate.examples.nike_plus()
    return [
        cocreate.to_html(nike),
        cocreate.to_html(cocreate.classify(nike)),
        cocreate.to_html(cocreate.ledger(nike)),
        cocreate.to_html(cocreate.profile(nike)),
        cocreate.robustness(nike, spread=0.5)._repr_html_(),
    ]


def _page(views: list[str], css: str = "") -> str:
    style = f"<style>{css}</style>" if css else ""
    body = "".join(f'<div style="margin:1em 0">{view}</div>' for view in views)
    head = f'<meta charset="utf-8">{style}'
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _execute(notebook: Any, workdir: Path) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()


def _convert(notebook: Any, template: str, theme: str = "light") -> str:
    exporter = _exporter(template_name=template, theme=theme)
    body, _ = exporter.from_notebook_node(notebook)
    return str(body)


def _screenshot(chromium: str, page: Path, png: Path, size: tuple[int, int]) -> None:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--screenshot={png}",
        f"--window-size={size[0]},{size[1]}",
        page.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603


def _docs_picture(chromium: str, page: Path, png: Path, target: Path) -> None:
    """The top of the report, small enough for the docs: 256 colours, under 100 KB."""
    from PIL import Image  # matplotlib's dependency

    _screenshot(chromium, page, png, (1000, 1250))
    with Image.open(png) as shot:
        small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Write the pages and their screenshots; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "cocreate-html"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--height", type=int, default=1600, help="window height in pixels")
    parser.add_argument(
        "--report-png", help="also save the top of the report here, small (docs/_static/report.png)"
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    notebook = _notebook()
    _execute(notebook, out)
    pages = {
        "lab": _convert(notebook, "lab"),
        "lab-dark": _convert(notebook, "lab", "dark"),
        "classic": _convert(notebook, "classic"),
        "plain": _page(_views()),
        "vscode": _page(_views(), VSCODE_CSS),
    }
    report = out / "report.html"
    cocreate.report(cocreate.examples.nike_plus(), report)
    pages["report"] = report.read_text(encoding="utf-8")
    for name, text in pages.items():
        page = out / f"{name}.html"
        page.write_text(text, encoding="utf-8")
        png = out / f"{name}.png"
        _screenshot(args.chromium, page, png, (1200, args.height))
        sys.stdout.write(f"{png}\n")
    if args.report_png:
        _docs_picture(args.chromium, report, out / "report-docs.png", Path(args.report_png))
        sys.stdout.write(f"{args.report_png}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
