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
    from_pandas,
    read_csv,
    records_from_pandas,
    to_pandas_records,
    write_csv,
)
from cocreate._e3value import from_e3value
from cocreate._excel import read_excel, write_excel
from cocreate._export import to_dot, to_mermaid
from cocreate._fair import FairShare, FairSplit, fair_split, shapley
from cocreate._html import to_html
from cocreate._io import dump, dumps, load, loads, schema
from cocreate._judgment import (
    Robustness,
    Simulation,
    Stability,
    explain_stability,
    robustness,
    simulate,
    stability,
)
from cocreate._model import (
    VOICE_RESOURCES,
    Account,
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
from cocreate._params import Check, Kind, Outcome, Rules
from cocreate._plot import plot, plot_svg
from cocreate._profile import COMPARISON_TABLE, Column, Profile, ProfileRow, profile
from cocreate._records import from_records, to_records
from cocreate._report import report
from cocreate._rules import (
    Classification,
    Criterion,
    PartyCheck,
    WinCheck,
    check_win_win,
    check_win_win_win,
    classify,
    co_creators,
    is_win_win,
    is_win_win_win,
    win_win,
    win_win_win,
)
from cocreate._sums import Ledger, LedgerEntry, ledger, net_value, wins
from cocreate._sweep import Sweep, sweep
from cocreate._tables import to_pandas
from cocreate._transfer import transfer
from cocreate._whatif import (
    Balance,
    BalanceEntry,
    Comparison,
    Defection,
    balance,
    compare,
    defections,
    without,
)
from cocreate._words import explain
from cocreate.exceptions import CocreateError

__version__ = "0.1.0.dev0"

__all__ = [
    "COMPARISON_TABLE",
    "VOICE_RESOURCES",
    "Account",
    "Balance",
    "BalanceEntry",
    "BatchResult",
    "Check",
    "Classification",
    "CocreateError",
    "Column",
    "Comparison",
    "Contribution",
    "Criterion",
    "Defection",
    "FairShare",
    "FairSplit",
    "Goal",
    "Initiative",
    "Kind",
    "Ledger",
    "LedgerEntry",
    "Outcome",
    "PartyCheck",
    "Process",
    "Profile",
    "ProfileRow",
    "Resource",
    "Robustness",
    "Role",
    "Rules",
    "Simulation",
    "Stability",
    "Stakeholder",
    "Sweep",
    "Value",
    "ValueKind",
    "WinCheck",
    "__version__",
    "balance",
    "check_win_win",
    "check_win_win_win",
    "classify",
    "classify_many",
    "co_creators",
    "compare",
    "defections",
    "dump",
    "dumps",
    "examples",
    "exceptions",
    "explain",
    "explain_stability",
    "fair_split",
    "from_e3value",
    "from_pandas",
    "from_records",
    "is_win_win",
    "is_win_win_win",
    "ledger",
    "load",
    "loads",
    "net_value",
    "plot",
    "plot_svg",
    "profile",
    "read_csv",
    "read_excel",
    "records_from_pandas",
    "report",
    "robustness",
    "schema",
    "shapley",
    "simulate",
    "stability",
    "sweep",
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
    "without",
    "write_csv",
    "write_excel",
]


def _report_as_public() -> None:
    """Say that each public class and function lives in ``cocreate``, not a private module.

    Reprs, type hints, pickles and the API reference then name
    ``cocreate.Role``, the name users import, not ``cocreate._model.Role``.
    """
    for name in __all__:
        obj = globals()[name]
        if getattr(obj, "__module__", "").startswith("cocreate._"):
            obj.__module__ = __name__


_report_as_public()
