"""Sphinx configuration for the cocreate documentation.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html``;
warnings are errors. Nothing here reaches the network: no intersphinx.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import cocreate

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "cocreate"
author = "The cocreate developers"
copyright = "the cocreate developers"
release = cocreate.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "conftest.py", "**.ipynb_checkpoints"]

# MyST: ``{eval-rst}`` blocks for autodoc, ``:::`` fences for admonitions,
# and anchors for headings so pages can link to sections.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Docstrings are numpy style.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "undoc-members": False}
# Type hints name optional libraries that need not resolve.
nitpicky = False

html_theme = "furo"
html_title = f"cocreate {release}"
html_static_path: list[str] = []


# --------------------------------------------------------------------------
# Every public name must appear in the API reference: a warning (an error
# under -W) lists any name of ``cocreate.__all__`` that api.md leaves out.

_DOCUMENTED = re.compile(r"^\.\. auto\w+:: cocreate\.(\w+)", re.MULTILINE)
_MODULES = frozenset({"__version__", "examples", "exceptions", "strategies"})


def _check_api_reference(app: Sphinx) -> None:
    from sphinx.util import logging

    text = (Path(app.srcdir) / "api.md").read_text(encoding="utf-8")
    documented = set(_DOCUMENTED.findall(text))
    missing = sorted(set(cocreate.__all__) - _MODULES - documented)
    if missing:
        logging.getLogger(__name__).warning(
            "api.md does not document these names of cocreate.__all__: %s", ", ".join(missing)
        )


# --------------------------------------------------------------------------
# Pictures made at build time, so that no binary file is kept in the sources:
# notebooks.md shows ``_static/nike-plus.png``.


def _draw_pictures(app: Sphinx) -> None:
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    from cocreate.examples import nike_plus

    folder = Path(app.outdir).parent / "generated-static"
    folder.mkdir(parents=True, exist_ok=True)
    ax = cocreate.plot(nike_plus())
    ax.figure.savefig(folder / "nike-plus.png", dpi=100)
    plt.close(ax.figure)
    app.config.html_static_path = [*app.config.html_static_path, str(folder)]


# --------------------------------------------------------------------------
# The reference names public paths only: a warning (an error under -W) lists
# every page that shows a private module path such as ``cocreate._model.types``.

_PRIVATE = re.compile(r"cocreate\._[a-z]\w*")


def _check_private_paths(app: Sphinx, error: Exception | None) -> None:
    from sphinx.util import logging

    if error is not None or app.builder.format != "html":
        return
    for page in sorted(Path(app.outdir).rglob("*.html")):
        found = sorted(set(_PRIVATE.findall(page.read_text(encoding="utf-8"))))
        if found:
            logging.getLogger(__name__).warning(
                "%s shows private module paths: %s", page.relative_to(app.outdir), ", ".join(found)
            )


# --------------------------------------------------------------------------
# Napoleon reads an attribute's ``#:`` comment "Another organization: a
# university, ..." as "type: description" and renders "TYPE: Another
# organization". Attribute comments are prose here, so napoleon skips them.


def _prose_attributes(app: Sphinx) -> None:
    from sphinx.ext import napoleon

    listeners = app.events.listeners.get("autodoc-process-docstring", [])
    for listener in list(listeners):
        if listener.handler is napoleon._process_docstring:  # noqa: SLF001
            app.disconnect(listener.id)

    def process(
        app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
    ) -> None:
        if what != "attribute":
            napoleon._process_docstring(app, what, name, obj, options, lines)  # type: ignore[arg-type]  # noqa: SLF001

    app.connect("autodoc-process-docstring", process)


def setup(app: Sphinx) -> None:
    """Check the API reference and draw the pictures when the build starts."""
    _prose_attributes(app)
    app.connect("builder-inited", _check_api_reference)
    app.connect("builder-inited", _draw_pictures)
    app.connect("build-finished", _check_private_paths)
