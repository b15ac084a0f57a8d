"""Pytest settings for the documentation pages.

The ``>>>`` examples in ``docs/*.md`` run as doctests; the Sphinx
configuration and the built site are not tests.
"""

from __future__ import annotations

import matplotlib as mpl

collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*", "_build/**"]

# Pages that draw use a backend that needs no display.
mpl.use("Agg")
