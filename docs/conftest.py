"""Pytest settings for the documentation pages.

The ``>>>`` examples in ``docs/*.md`` run as doctests; the Sphinx
configuration and the built site are not tests. Pages find the files
beside them (the e3value model of ``e3value.md``) through ``DOCS``, the
folder of the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest

collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*", "_build/**"]

# Pages that draw use a backend that needs no display.
mpl.use("Agg")


@pytest.fixture(autouse=True)
def _docs_folder(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["DOCS"] = Path(__file__).parent
