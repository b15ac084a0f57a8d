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

from cocreate import examples, exceptions
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
from cocreate.exceptions import CocreateError

__version__ = "0.1.0.dev0"

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
    "examples",
    "exceptions",
    "is_win_win",
    "is_win_win_win",
    "ledger",
    "net_value",
    "profile",
    "win_win",
    "win_win_win",
    "wins",
]
