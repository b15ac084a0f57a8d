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
from cocreate._formats.csv import (
    from_pandas,
    read_csv,
    write_csv,
)
from cocreate._formats.e3value.reader import from_e3value
from cocreate._formats.excel import read_excel, write_excel
from cocreate._formats.frames import to_pandas
from cocreate._formats.jsontoml import dumps, loads, schema
from cocreate._formats.registry import dump, load
from cocreate._formats.table import classify_table, explain_row
from cocreate._formats.tables import read_tables, write_tables
from cocreate._judgment.fair import FairShare, FairSplit, fair_split, shapley
from cocreate._judgment.ranges import (
    Robustness,
    Simulation,
    Stability,
    explain_stability,
    robustness,
    simulate,
    stability,
)
from cocreate._judgment.sweep import Sweep, sweep
from cocreate._judgment.whatif import (
    Balance,
    BalanceEntry,
    Comparison,
    Defection,
    Defections,
    balance,
    compare,
    defections,
    without,
)

# The modules that fill in the model's hooks register each result type's
# sentences and HTML view, and the initiative's plain forms, when imported.
from cocreate._model import dicts as _dicts  # noqa: F401 - Initiative.to_dict
from cocreate._model import graph as _graph  # noqa: F401 - Initiative.to_networkx
from cocreate._model.hooks import explain, to_html
from cocreate._model.records import from_records, to_records
from cocreate._model.transfer import transfer
from cocreate._model.types import (
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
from cocreate._rules.facts import (
    Classification,
    Criterion,
    Findings,
    PartyCheck,
    WinCheck,
    check_win_win,
    check_win_win_win,
    classify,
    co_creators,
    is_win_win,
    is_win_win_win,
)
from cocreate._rules.params import Check, Kind, Outcome, Rules
from cocreate._rules.profile import COMPARISON_TABLE, Column, Profile, ProfileRow, profile
from cocreate._rules.sums import Ledger, LedgerEntry, Sums, ledger, net_value, wins
from cocreate._version import __version__
from cocreate._views import html as _html  # noqa: F401 - to_html
from cocreate._views import html_judgment as _html_judgment  # noqa: F401 - to_html
from cocreate._views import html_sweep as _html_sweep  # noqa: F401 - to_html
from cocreate._views.diagrams import to_dot, to_mermaid
from cocreate._views.plot import plot, plot_svg
from cocreate._views.report import report
from cocreate._words import judgment as _words_judgment  # noqa: F401 - explain
from cocreate._words import rules as _words_rules  # noqa: F401 - explain
from cocreate._words import sweep as _words_sweep  # noqa: F401 - explain
from cocreate.exceptions import CocreateError

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
    "Defections",
    "FairShare",
    "FairSplit",
    "Findings",
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
    "Sums",
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
    "classify_table",
    "co_creators",
    "compare",
    "defections",
    "dump",
    "dumps",
    "examples",
    "exceptions",
    "explain",
    "explain_row",
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
    "read_tables",
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
    "to_records",
    "transfer",
    "wins",
    "without",
    "write_csv",
    "write_excel",
    "write_tables",
]


def _report_as_public() -> None:
    """Say that each public class and function lives in ``cocreate``, not a private module.

    Reprs, type hints, pickles and the API reference then name
    ``cocreate.Role``, the name users import, not ``cocreate._model.types.Role``.
    """
    for name in __all__:
        obj = globals()[name]
        if getattr(obj, "__module__", "").startswith("cocreate._"):
            obj.__module__ = __name__


_report_as_public()
