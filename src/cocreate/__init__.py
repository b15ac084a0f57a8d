"""Model who contributes what to whom in an innovation initiative.

Tell co-creation, customer-focused innovation and collaboration apart,
with reasons a person can check.

Examples
--------
>>> import cocreate
>>> result = cocreate.classify(cocreate.examples.nike_plus())
>>> result.kind.label
'co-creation'
"""

from __future__ import annotations

from typing import Any

from cocreate import examples, exceptions
from cocreate._export import to_dot, to_mermaid
from cocreate._html import to_html
from cocreate._io import dump, dumps, load, loads, schema
from cocreate._model import (
    VOICE_RESOURCES,
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
)
from cocreate._plot import plot
from cocreate._rules import (
    COMPARISON_TABLE,
    Classification,
    Column,
    Criterion,
    Kind,
    Ledger,
    LedgerEntry,
    PartyCheck,
    Profile,
    ProfileRow,
    Rules,
    WinCheck,
    classify,
    co_creators,
    is_win_win,
    is_win_win_win,
    ledger,
    net_value,
    profile,
    win_win,
    win_win_win,
    wins,
)
from cocreate._tables import to_pandas
from cocreate.exceptions import CocreateError

__version__ = "0.1.0.dev0"

# Names whose modules are still being written; imported when first used.
# They move to ordinary imports once their modules land.
_LATER = {
    "from_records": "cocreate._bulk",
    "to_records": "cocreate._bulk",
    "read_csv": "cocreate._bulk",
    "write_csv": "cocreate._bulk",
    "classify_many": "cocreate._batch",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        msg = f"module 'cocreate' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "COMPARISON_TABLE",
    "VOICE_RESOURCES",
    "Classification",
    "CocreateError",
    "Column",
    "Contribution",
    "Criterion",
    "Goal",
    "Initiative",
    "Kind",
    "Ledger",
    "LedgerEntry",
    "PartyCheck",
    "Process",
    "Profile",
    "ProfileRow",
    "Resource",
    "Role",
    "Rules",
    "Stakeholder",
    "Value",
    "ValueKind",
    "WinCheck",
    "__version__",
    "classify",
    "co_creators",
    "dump",
    "dumps",
    "examples",
    "exceptions",
    "is_win_win",
    "is_win_win_win",
    "ledger",
    "load",
    "loads",
    "net_value",
    "plot",
    "profile",
    "schema",
    "to_dot",
    "to_html",
    "to_mermaid",
    "to_pandas",
    "win_win",
    "win_win_win",
    "wins",
]
