"""The second hostile round: nothing escapes, nothing is lost, everything is bounded.

Each test here would fail on the code before its fix: an unbounded ``n``, a
name too long for the file system, a fork bomb and orphaned workers, a named
pipe with no writer, a limit that is preallocated, concurrent writers, a
backup that was not kept, a CSV cell that cannot be read back, a signed
zero, terminal escapes, spreadsheet formulas, and an exit code that says a
finished write was interrupted. Faults the test process cannot cause for
real are injected with monkeypatch at the system call.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import cocreate
from cocreate import (
    Contribution,
    Initiative,
    Stakeholder,
    Value,
    classify_many,
    dump,
    dumps,
    examples,
    load,
    read_csv,
    simulate,
    write_csv,
)
from cocreate import _batch as batch
from cocreate import _files as files
from cocreate._cli import main
from cocreate._judgment import MAX_DRAWS
from cocreate.exceptions import CocreateError, FormatError

if TYPE_CHECKING:
    from collections.abc import Iterator

SRC = Path(cocreate.__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
CSV_NAMES = ["contributions.csv", "initiative.csv", "stakeholders.csv", "values.csv"]


@pytest.fixture
def nike() -> Initiative:
    return examples.nike_plus()


@pytest.fixture
def dell() -> Initiative:
    return examples.dell_ideastorm()


# --------------------------------------------------------------------------
# 5. simulate has a bound on n.


class TestSimulateBound:
    @pytest.mark.parametrize("n", [10**12, MAX_DRAWS + 1])
    def test_too_many_draws_are_refused(self, nike: Initiative, n: int) -> None:
        """n above MAX_DRAWS: a CocreateError naming the limit, not a MemoryError or an hour."""
        with pytest.raises(CocreateError) as info:
            simulate(nike, n=n, seed=1, spread=0.5)
        assert f"from 1 to {MAX_DRAWS}" in str(info.value)
        assert MAX_DRAWS == 10**7

