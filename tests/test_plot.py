"""Tests for the matplotlib picture of an initiative."""

from __future__ import annotations

import builtins
import sys
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from cocreate import Rules, Value
from cocreate._plot import plot
from cocreate.examples import cross_team_project, my_starbucks_idea, nike_plus
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from cocreate import Initiative

mpl.use("Agg")


def _axes() -> Axes:
    return Figure().add_subplot()


def _nodes(ax: Axes) -> int:
    return sum(
        len(np.asarray(c.get_offsets()))
        for c in ax.collections
        if isinstance(c, PathCollection) and (c.get_gid() or "").startswith("cocreate-")
    )


def _edges(ax: Axes, kind: str) -> list[FancyArrowPatch]:
    return [
        p
        for p in ax.patches
        if isinstance(p, FancyArrowPatch) and p.get_gid() == f"cocreate-{kind}"
    ]


def _apple_loses() -> Initiative:
    nike = nike_plus()
    return nike.evolve(
        values=[v for v in nike.values if v.beneficiary != "apple"] + [Value("apple", 0)]
    )


class TestPlot:
    @pytest.mark.parametrize("make", [nike_plus, my_starbucks_idea, cross_team_project])
    def test_draws_every_node_and_edge(self, make: Any) -> None:
        """One node per stakeholder plus the hub, one arrow per contribution and value."""
        initiative = make()
        ax = plot(initiative, _axes())
        assert _nodes(ax) == len(initiative.stakeholders) + 1
        assert len(_edges(ax, "contribution")) == len(initiative.contributions)
        assert len(_edges(ax, "value")) == len(initiative.values)

    def test_returns_the_axes_given(self) -> None:
        """Drawing on a given Axes returns that Axes."""
        ax = _axes()
        assert plot(nike_plus(), ax) is ax

    def test_makes_a_figure(self) -> None:
        """Without an Axes, plot makes a pyplot figure (closed here)."""
        import matplotlib.pyplot as plt

        ax = plot(nike_plus())
        try:
            assert isinstance(ax, Axes)
            figure = ax.figure
            assert isinstance(figure, Figure)
            assert figure.get_figwidth() == 8
        finally:
            plt.close("all")

    def test_voice_dashed_substantive_solid(self) -> None:
        """Voice contributions are dashed, substantive ones solid."""
        ax = plot(nike_plus(), _axes())
        styles = sorted(str(p.get_linestyle()) for p in _edges(ax, "contribution"))
        assert styles.count("solid") == 4
        assert len(set(styles)) == 2

    def test_values_another_colour(self) -> None:
        """Value arrows have a colour of their own."""
        ax = plot(nike_plus(), _axes())
        contribution = {p.get_edgecolor() for p in _edges(ax, "contribution")}
        value = {p.get_edgecolor() for p in _edges(ax, "value")}
        assert len(contribution) == len(value) == 1
        assert contribution != value

    def test_losers_marked(self) -> None:
        """A loser's node is ringed in another colour and its label says so."""
        ax = plot(_apple_loses(), _axes())
        firms = next(c for c in ax.collections if c.get_gid() == "cocreate-nodes-firm")
        rings = [tuple(color) for color in np.asarray(firms.get_edgecolor())]
        assert rings[0] != rings[1]
        texts = [t.get_text() for t in ax.texts]
        assert "Apple\nnet -2, does not win" in texts
        assert "Nike\nnet +5, wins" in texts

    def test_legend_and_title(self) -> None:
        """The legend explains roles, edges and verdicts; the title gives the kind."""
        ax = plot(nike_plus(), _axes())
        legend = ax.get_legend()
        assert legend is not None
        labels = [t.get_text() for t in legend.get_texts()]
        assert labels[:2] == ["firm", "customer"]
        assert "value received" in labels
        assert "does not win" in labels
        assert ax.get_title() == "Nike+ — co-creation"

    def test_rules_change_the_verdicts(self) -> None:
        """The rules decide who wins and which resources are voice."""
        ax = plot(nike_plus(), _axes(), rules=Rules(win_threshold=4, voice_resources=()))
        texts = [t.get_text() for t in ax.texts]
        assert "Apple\nnet +3, does not win" in texts
        styles = {str(p.get_linestyle()) for p in _edges(ax, "contribution")}
        assert styles == {"solid"}

    def test_deterministic(self) -> None:
        """The same initiative gives the same layout every time."""
        first, second = plot(nike_plus(), _axes()), plot(nike_plus(), _axes())
        assert [t.get_position() for t in first.texts] == [t.get_position() for t in second.texts]

    def test_many_stakeholders_without_labels(self) -> None:
        """Beyond 40 stakeholders nodes are drawn, labels are not."""
        from cocreate import Initiative, Role, Stakeholder

        people = [Stakeholder("firm", Role.FIRM)] + [
            Stakeholder(f"p{i}", Role.PARTNER) for i in range(60)
        ]
        ax = plot(Initiative("Many", "firm", people), _axes())
        assert _nodes(ax) == 62
        assert [t.get_text() for t in ax.texts] == ["Many"]

    def test_long_name_wrapped_in_the_hub(self) -> None:
        """A long initiative name is wrapped on at most three lines in the hub."""
        long = nike_plus().evolve(name="A very long initiative name that goes on and on and on")
        ax = plot(long, _axes())
        hub = ax.texts[0].get_text()
        assert hub.count("\n") == 2
        assert hub.endswith("...")

    def test_not_an_initiative(self) -> None:
        """Anything but an Initiative is refused."""
        with pytest.raises(CocreateError, match="plot needs an Initiative"):
            plot("nike", _axes())  # type: ignore[arg-type]

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without matplotlib the error says which extra to install."""
        real_import = builtins.__import__

        def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
            if name.startswith("matplotlib"):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        for module in [m for m in sys.modules if m.startswith("matplotlib")]:
            monkeypatch.delitem(sys.modules, module)
        monkeypatch.setattr(builtins, "__import__", fake_import)
        with pytest.raises(ImportError, match=r'pip install "cocreate\[plot\]"'):
            plot(nike_plus())
