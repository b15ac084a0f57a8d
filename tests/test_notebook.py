"""The tutorial notebook runs from top to bottom without an error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from nbclient import NotebookClient

if TYPE_CHECKING:
    from collections.abc import Callable

    import pytest

TUTORIAL = Path(__file__).parent.parent / "docs" / "tutorial.ipynb"

#: nbformat.read has no type hints.
_read: Callable[..., Any] = nbformat.read


class TestTutorial:
    def test_runs_without_error(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Every cell of docs/tutorial.ipynb runs in a fresh python3 kernel."""
        monkeypatch.setenv("MPLBACKEND", "Agg")
        monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        notebook = _read(TUTORIAL, as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=120,
            allow_errors=False,
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute()
        outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        html = [o for o in outputs if "text/html" in o.get("data", {})]
        assert len(html) >= 5
        assert any("co-creation" in o["data"]["text/html"] for o in html)
        assert os.environ["MPLBACKEND"] == "Agg"

    def test_stored_without_outputs(self) -> None:
        """The notebook is stored small: no outputs, no execution counts."""
        notebook = _read(TUTORIAL, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code
        assert all(not cell.outputs and cell.execution_count is None for cell in code)
        assert TUTORIAL.stat().st_size < 50_000
