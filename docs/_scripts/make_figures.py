"""Draw the pictures of ``docs/notebooks.md``: initiatives of 3, 12, 60 and 500 stakeholders.

Run from the repository's root after changing how :func:`cocreate.plot` draws::

    python docs/_scripts/make_figures.py

Nike+ is the 3; the others come from ``tests/_plot_cases.py``, which builds
them by arithmetic alone, so each run writes the same files. ``plot`` writes
each PNG at 100 dpi; Pillow (a matplotlib dependency) then reduces it to 128
colours to keep the repository small.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "docs" / "_static"
SIZES = (3, 12, 60, 500)


def main() -> None:
    """Write ``docs/_static/plot-N.png`` for each size."""
    sys.path.insert(0, str(ROOT / "tests"))
    from PIL import Image

    from _plot_cases import sized
    from cocreate import plot
    from cocreate.examples import nike_plus

    STATIC.mkdir(exist_ok=True)
    for size in SIZES:
        initiative = nike_plus() if size == 3 else sized(size)
        target = STATIC / f"plot-{size}.png"
        plot(initiative, path=target)
        # A palette of 128 colours keeps the flat colours and a third of the bytes.
        with Image.open(target) as image:
            small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)
        print(f"wrote docs/_static/plot-{size}.png")  # noqa: T201


if __name__ == "__main__":
    main()
