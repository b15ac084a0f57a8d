"""One explain and one to_html: every result type, dispatched on its type; no view classifies."""

from __future__ import annotations

import html
import inspect
from typing import TYPE_CHECKING

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    Initiative,
    Kind,
    Rules,
    balance,
    check_win_win,
    check_win_win_win,
    classify,
    compare,
    defections,
    explain,
    explain_stability,
    fair_split,
    ledger,
    profile,
    robustness,
    simulate,
    to_html,
    without,
)
from cocreate._model.hooks import html_view
from cocreate._views.report import report_html
from cocreate.examples import nike_plus
from cocreate.exceptions import ArgumentError
from cocreate.strategies import initiatives, rules

if TYPE_CHECKING:
    from collections.abc import Callable


def results(initiative: Initiative) -> dict[str, object]:
    """One result of every type the library returns, for ``initiative``."""
    leaver = min(initiative.stakeholder_ids - {initiative.focal})
    return {
        "Initiative": initiative,
        "Classification": classify(initiative),
        "WinCheck": check_win_win(initiative),
        "WinCheck (three parties)": check_win_win_win(initiative),
        "Ledger": ledger(initiative),
        "Profile": profile(initiative),
        "Robustness": robustness(initiative, spread=0.3),
        "Stability": explain_stability(initiative),
        "Simulation": simulate(initiative, n=50, seed=1, spread=0.3),
        "Comparison": compare(initiative, without(initiative, leaver)),
        "Defection": defections(initiative)[0],
        "defections": defections(initiative),
        "Balance": balance(initiative),
        "FairSplit": fair_split(initiative),
    }


RESULTS = results(nike_plus())
#: A failure is reported as found: shrinking a report takes minutes.
_NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


class TestEveryResultType:
    """to_html and explain accept every result type, and the objects' own views are theirs."""

    @pytest.mark.parametrize("name", sorted(RESULTS))
    def test_to_html(self, name: str) -> None:
        """Each result has one HTML view, the one its notebook display shows."""
        result = RESULTS[name]
        page = to_html(result)
        assert page.startswith("<div")
        assert "<script" not in page
        shown: Callable[[], str] | None = getattr(result, "_repr_html_", None)
        if shown is not None:
            assert shown() == page

    @pytest.mark.parametrize("name", sorted(RESULTS))
    def test_explain(self, name: str) -> None:
        """Each result has sentences; its text form is made of them."""
        result = RESULTS[name]
        sentences = explain(result)
        assert sentences
        assert all(isinstance(s, str) and s for s in sentences)
        if not isinstance(result, tuple):
            text = str(result)
            assert all(s in text for s in sentences)

    def test_every_public_result_type_is_registered(self) -> None:
        """A public class with a notebook view has its own HTML view and its own sentences."""
        shown = {
            obj
            for name in cocreate.__all__
            if inspect.isclass(obj := getattr(cocreate, name)) and hasattr(obj, "_repr_html_")
        }
        assert shown
        assert shown <= set(html_view.registry)
        assert shown <= set(explain.registry)

    @pytest.mark.parametrize("bad", ["nike", 3, None, (), ("a",), object()])
    def test_anything_else_is_refused(self, bad: object) -> None:
        """Neither takes what is not a result, and each says what it takes."""
        with pytest.raises(ArgumentError, match="to_html takes"):
            to_html(bad)
        with pytest.raises(ArgumentError, match="explain needs a cocreate result"):
            explain(bad)

    def test_rules_only_for_an_initiative(self) -> None:
        """A result shows the rules it was made with; rules= is refused for it."""
        with pytest.raises(ArgumentError, match="rules is only for an Initiative"):
            to_html(classify(nike_plus()), rules=Rules())


class TestNoViewClassifiesAgain:
    """report(x, rules=R) and to_html(x, rules=R) state only classify(x, rules=R)'s verdict."""

    @settings(max_examples=10, deadline=None, database=None, phases=_NO_SHRINK)
    @given(st.data())
    def test_views_state_classify_s_kind(self, data: st.DataObject) -> None:
        """Under any rules, no view of the initiative names another kind as its verdict."""
        drawn_rules = data.draw(
            rules(win_thresholds=st.sampled_from([0.0, 1.0, 3.5, 100.0])), label="rules"
        )
        initiative = data.draw(initiatives(max_stakeholders=6), label="initiative")
        kind = classify(initiative, rules=drawn_rules).kind
        view = to_html(initiative, rules=drawn_rules)
        page = report_html(initiative, rules=drawn_rules)
        title = html.escape(f"{initiative.name}: {kind.label}", quote=True)
        assert f"<h1>{title}</h1>" in page
        for other in set(Kind) - {kind}:
            said = f"<dt>classified as</dt><dd><b>{html.escape(other.label)}</b>"
            assert said not in view
            assert said not in page
        assert f"<dt>classified as</dt><dd><b>{html.escape(kind.label)}</b>" in view
