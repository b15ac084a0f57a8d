"""classify_table on Dask DataFrames: each initiative's rows in one partition, then pandas.

Dask is imported inside the function, so ``import cocreate`` never needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pandas as pd

    from cocreate._rules.params import Rules

__all__ = ["classify_dask"]


def classify_dask(
    frames: Sequence[Any],
    rules: Rules,
    engine: Callable[[Sequence[pd.DataFrame], Rules], pd.DataFrame],
) -> Any:
    """Classify four Dask DataFrames; return a Dask DataFrame, one row per initiative.

    Tables indexed by ``initiative`` with the same known divisions (as
    ``set_index("initiative")`` and ``repartition(divisions=...)`` make
    them) are already partitioned by initiative and used as they are.
    Otherwise each table is shuffled on its ``initiative`` column into as
    many partitions as the largest table has, so that partition ``k`` of
    each holds every row of the same initiatives (rows are placed by a hash
    of the initiative, the same in every table). Then ``engine`` classifies
    each group of four partitions with pandas, on whichever worker holds
    them. Tables of one partition each are used as they are. Rows of the
    result come in the order of the partitions; a fault names the row
    within its partition.
    """
    import dask.dataframe as dd
    from dask.delayed import delayed

    # Already partitioned by initiative, alike: partition k of each table
    # holds the same initiatives, and no row moves. Else a shuffle.
    aligned = _aligned(frames)
    tables = [frame.reset_index() for frame in frames] if aligned else _shuffled(frames)
    meta = engine([frame._meta for frame in tables], rules)  # noqa: SLF001 - Dask's empty frame
    parts = [frame.to_delayed() for frame in tables]
    work = delayed(engine, pure=True)
    results = [work(list(group), rules) for group in zip(*parts, strict=True)]
    return dd.from_delayed(results, meta=meta, verify_meta=False)


def _aligned(frames: Sequence[Any]) -> bool:
    """Whether every table is indexed by ``initiative``, with the same known divisions."""
    return (
        all(frame.index.name == "initiative" and frame.known_divisions for frame in frames)
        and len({tuple(frame.divisions) for frame in frames}) == 1
    )


def _shuffled(frames: Sequence[Any]) -> list[Any]:
    """Each table shuffled on ``initiative`` into as many partitions as the largest has."""
    key = frames[0]["initiative"].dtype
    tables = [
        frame
        if frame["initiative"].dtype == key
        else frame.assign(initiative=frame["initiative"].astype(key))
        for frame in frames
    ]
    count = max(frame.npartitions for frame in tables)
    if count > 1:
        tables = [frame.shuffle(on="initiative", npartitions=count) for frame in tables]
    return tables
