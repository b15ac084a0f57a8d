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
from cocreate._batch import BatchResult, classify_many
from cocreate._bulk import (
    from_records,
    read_csv,
    records_from_pandas,
    to_pandas_records,
    to_records,
    write_csv,
)
from cocreate._e3value import from_e3value
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
from cocreate._transfer import transfer
from cocreate.exceptions import CocreateError

__version__ = "0.1.0.dev0"

__all__ = [
    "COMPARISON_TABLE",
    "VOICE_RESOURCES",
    "BatchResult",
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
    "classify_many",
    "co_creators",
    "dump",
    "dumps",
    "examples",
    "exceptions",
    "from_e3value",
    "from_records",
    "is_win_win",
    "is_win_win_win",
    "ledger",
    "load",
    "loads",
    "net_value",
    "plot",
    "profile",
    "read_csv",
    "records_from_pandas",
    "schema",
    "to_dot",
    "to_html",
    "to_mermaid",
    "to_pandas",
    "to_pandas_records",
    "to_records",
    "transfer",
    "win_win",
    "win_win_win",
    "wins",
    "write_csv",
]
