"""Tests for the matplotlib picture of an initiative."""

from __future__ import annotations

import builtins
import itertools
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from cocreate import Initiative, Rules, Value, plot_svg
from cocreate._model.text import number as _number
from cocreate._views.plot import GROUP_ABOVE, _signed, plot
from cocreate.examples import cross_team_project, my_starbucks_idea, nike_plus
from cocreate.exceptions import CocreateError

sys.path.insert(0, str(Path(__file__).parent))
from _plot_cases import sized

del sys.path[0]

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from matplotlib.text import Text

mpl.use("Agg")

SIZES = (3, 12, 60, 500)


def _axes() -> Axes:
    return Figure().add_subplot()


def _initiative(size: int) -> Initiative:
    return nike_plus() if size == 3 else sized(size)


def _nodes(ax: Axes) -> int:
    return sum(
        len(np.asarray(c.get_offsets()))
        for c in ax.collections
        if isinstance(c, PathCollection)
        and re.fullmatch(r"cocreate-(nodes-\w+|focal|hub)", c.get_gid() or "")
    )


def _edges(ax: Axes, kind: str) -> list[FancyArrowPatch]:
    return [
        p
        for p in ax.patches
        if isinstance(p, FancyArrowPatch) and p.get_gid() == f"cocreate-{kind}"
    ]


def _labels(ax: Axes, kind: str) -> list[Text]:
    return [t for t in ax.texts if t.get_gid() == f"cocreate-label-{kind}" and t.get_visible()]


def _shown(ax: Axes) -> list[Text]:
    return [t for t in ax.texts if t.get_visible()]


def _reversed(initiative: Initiative) -> Initiative:
    return Initiative(
        initiative.name,
        initiative.focal,
        reversed(initiative.stakeholders),
        reversed(initiative.contributions),
        reversed(initiative.values),
        goal=initiative.goal,
        process=initiative.process,
    )


def _apple_loses() -> Initiative:
    nike = nike_plus()
    return nike.evolve(
        values=[v for v in nike.values if v.beneficiary != "apple"] + [Value("apple", 0)]
    )


@pytest.fixture
def draw() -> Iterator[Callable[..., Axes]]:
    """Draw with plot's own figure, sized as plot sizes it; close it afterwards."""
    import matplotlib.pyplot as plt

    drawn: list[Axes] = []

    def make(initiative: Initiative, **options: Any) -> Axes:
        ax = plot(initiative, **options)
        drawn.append(ax)
        return ax

    yield make
    for ax in drawn:
        plt.close(ax.figure.canvas.figure)


@pytest.fixture(scope="module")
def pictures() -> Iterator[dict[int, Axes]]:
    """The four sizes drawn once each, in the figures plot makes; closed afterwards."""
    import matplotlib.pyplot as plt

    drawn = {size: plot(_initiative(size)) for size in SIZES}
    yield drawn
    for ax in drawn.values():
        plt.close(ax.figure.canvas.figure)


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (0.1 + 0.2, "0.3"),
            (1_250_000, "1.25e+06"),
            (-0.0, "0"),
            (-1e-300 * 1e-300, "0"),
            (3.0, "3"),
            (-2.5, "-2.5"),
            (123456789, "1.23457e+08"),
        ],
    )
    def test_short_for_people(self, value: float, text: str) -> None:
        """Numbers in labels are short, rounded to six digits, never -0."""
        assert _number(value) == text

    @pytest.mark.parametrize(("value", "text"), [(4, "+4"), (-0.2, "-0.2"), (-0.0, "0")])
    def test_signed(self, value: float, text: str) -> None:
        """Net values and amounts carry their sign, and zero none."""
        assert _signed(value) == text


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

    def test_makes_a_figure(self, draw: Callable[..., Axes]) -> None:
        """Without an Axes, plot makes a pyplot figure (closed here)."""
        ax = draw(nike_plus())
        assert isinstance(ax, Axes)
        figure = ax.figure
        assert isinstance(figure, Figure)
        assert figure.get_figwidth() == 8

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
        rings = {
            c.get_gid(): tuple(np.asarray(c.get_edgecolor())[0])
            for c in ax.collections
            if c.get_gid() in {"cocreate-nodes-firm", "cocreate-focal"}
        }
        assert rings["cocreate-nodes-firm"] != rings["cocreate-focal"]
        texts = [t.get_text() for t in ax.texts]
        assert "Apple\nnet -2, does not win" in texts
        assert "Nike (focal)\nnet +5, wins" in texts

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

    def test_many_stakeholders_drawn_one_by_one(self) -> None:
        """Drawn one by one, beyond 40 stakeholders only the focal organization is labelled."""
        from cocreate import Role, Stakeholder

        people = [Stakeholder("firm", Role.FIRM)] + [
            Stakeholder(f"p{i}", Role.PARTNER) for i in range(60)
        ]
        ax = plot(Initiative("Many", "firm", people), _axes(), group=False)
        assert _nodes(ax) == 62
        assert [t.get_text() for t in _shown(ax)] == ["Many", "firm (focal)\nnet 0, does not win"]

    def test_long_name_wrapped_in_the_hub(self) -> None:
        """A long initiative name is wrapped on at most three lines in the hub."""
        long = nike_plus().evolve(name="A very long initiative name that goes on and on and on")
        ax = plot(long, _axes())
        hub = _labels(ax, "hub")[0].get_text()
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


class TestSizes:
    @pytest.mark.parametrize("size", SIZES)
    def test_figure_drawn(self, pictures: dict[int, Axes], size: int) -> None:
        """Each size gives a figure with a title, a legend, the hub and its arrows."""
        ax = pictures[size]
        assert ax.get_title().startswith(_initiative(size).name)
        assert ax.get_legend() is not None
        assert _edges(ax, "contribution")
        assert _edges(ax, "value")

    @pytest.mark.parametrize("size", SIZES)
    def test_focal_on_top(self, pictures: dict[int, Axes], size: int) -> None:
        """The focal organization's label is there, and drawn over everything else."""
        ax = pictures[size]
        (focal,) = _labels(ax, "focal")
        assert focal.get_text().startswith("Acme (focal)" if size > 3 else "Nike (focal)")
        assert focal.get_fontweight() == "bold"
        others = [a.get_zorder() for a in ax.get_children() if a is not focal]
        assert focal.get_zorder() > max(others)

    @pytest.mark.parametrize("size", SIZES)
    def test_no_default_kind_in_labels(self, pictures: dict[int, Axes], size: int) -> None:
        """Values of the default kind show their amount only: no label says "other"."""
        texts = [t.get_text() for t in pictures[size].texts]
        assert texts
        assert not [text for text in texts if "other" in text]

    @pytest.mark.parametrize("size", [60, 500])
    def test_groups_count_everyone(self, pictures: dict[int, Axes], size: int) -> None:
        """Past the size, groups stand for stakeholders, and their counts add up."""
        assert size > GROUP_ABOVE
        ax = pictures[size]
        groups = _labels(ax, "group")
        counts = [int(t.get_text().split()[0]) for t in groups]
        assert len(groups) >= 4
        assert all(count > 1 for count in counts)
        singles = _labels(ax, "focal") + _labels(ax, "node")
        assert sum(counts) + len(singles) == size
        assert _nodes(ax) == len(groups) + len(singles) + 1

    def test_groups_say_who_wins(self, pictures: dict[int, Axes]) -> None:
        """A group's label gives how many, whether they win, and their net value."""
        texts = {t.get_text() for t in _labels(pictures[500], "group")}
        assert "324 customers\nwin, net +3.5 each" in texts
        assert "80 customers\ndo not win, net -0.2 each" in texts

    def test_group_edges_merged(self, pictures: dict[int, Axes]) -> None:
        """Between two nodes, one arrow per kind of flow, labelled with how many."""
        texts = {t.get_text() for t in _labels(pictures[500], "edge")}
        assert "50 \N{MULTIPLICATION SIGN} labor" in texts
        assert "80 \N{MULTIPLICATION SIGN} +0.3 experience" in texts
        assert "13 \N{MULTIPLICATION SIGN} technology\n12 \N{MULTIPLICATION SIGN} product" in texts

    def test_group_edges_summed(self) -> None:
        """Unequal values are summed, and past two resources the label says how many more."""
        from cocreate import Contribution, Resource

        initiative = sized(60)
        extra = [
            Contribution("c1", Resource.DATA),
            Contribution("c2", Resource.DESIGN),
            Contribution("c3", Resource.LABOR),
        ]
        initiative = initiative.evolve(
            contributions=[*initiative.contributions, *extra],
            values=[*initiative.values, Value("c1", 1, kind="experience")],
        )
        texts = {t.get_text() for t in plot(initiative, _axes()).texts}
        times = "\N{MULTIPLICATION SIGN}"
        assert f"1 {times} data\n1 {times} design\nand 1 more" in texts
        assert "+157 experience in all" in texts

    @pytest.mark.parametrize("size", [3, 12])
    def test_everything_labelled(self, pictures: dict[int, Axes], size: int) -> None:
        """Up to the size, every stakeholder and every arrow has its label."""
        ax, initiative = pictures[size], _initiative(size)
        assert len(_labels(ax, "node") + _labels(ax, "focal")) == len(initiative.stakeholders)
        flows = len(initiative.contributions) + len(initiative.values)
        assert len(_labels(ax, "edge")) == flows

    def test_numbers_short(self, pictures: dict[int, Axes]) -> None:
        """Labels show 0.1 + 0.2 as 0.3 and a million and a quarter as 1.25e+06."""
        texts = [t.get_text() for t in pictures[12].texts]
        assert "+0.3 experience" in texts
        assert "+1.25e+06 revenue" in texts
        assert not [text for text in texts if "0000000" in text]

    @pytest.mark.parametrize("size", SIZES)
    def test_labels_do_not_overlap(self, pictures: dict[int, Axes], size: int) -> None:
        """No two labels, the legend or the title overlap, once the figure is drawn."""
        ax = pictures[size]
        ax.figure.canvas.draw()
        boxes = [(t.get_text(), t.get_window_extent()) for t in _shown(ax)]
        legend = ax.get_legend()
        assert legend is not None
        boxes.append(("the legend", legend.get_window_extent()))
        boxes.append(("the title", ax.title.get_window_extent()))
        overlapping = [
            (a, b)
            for (a, first), (b, second) in itertools.combinations(boxes, 2)
            if first.overlaps(second)
        ]
        assert overlapping == []

    def test_edge_labels_by_their_node(self, pictures: dict[int, Axes]) -> None:
        """A value's label sits nearer who receives it than anyone else."""
        ax = pictures[3]
        (label,) = [t for t in _labels(ax, "edge") if t.get_text() == "+5 revenue"]
        nodes = {
            c.get_gid(): np.asarray(c.get_offsets())
            for c in ax.collections
            if c.get_gid() in {"cocreate-nodes-firm", "cocreate-nodes-customer"}
        }
        x, y = label.get_position()
        apple = nodes["cocreate-nodes-firm"][0]
        runners = nodes["cocreate-nodes-customer"][0]
        assert np.hypot(x - apple[0], y - apple[1]) < np.hypot(x - runners[0], y - runners[1])


class TestOptions:
    def test_labels_nodes(self, draw: Callable[..., Axes]) -> None:
        """labels="nodes" labels the stakeholders and not the arrows."""
        ax = draw(sized(12), labels="nodes")
        assert _labels(ax, "edge") == []
        assert len(_labels(ax, "node")) == 11

    def test_labels_none(self) -> None:
        """labels="none" leaves only the initiative and the focal organization named."""
        ax = plot(sized(12), _axes(), labels="none")
        assert [t.get_gid() for t in _shown(ax)] == ["cocreate-label-hub", "cocreate-label-focal"]

    def test_highlight_stands_alone(self, draw: Callable[..., Axes]) -> None:
        """A highlighted stakeholder is drawn alone, in bold, among the groups."""
        ax = draw(sized(60), highlight=["c3"])
        (single,) = _labels(ax, "node")
        assert single.get_text() == "Customers 3\nnet +3.5, wins"
        assert single.get_fontweight() == "bold"
        counts = [int(t.get_text().split()[0]) for t in _labels(ax, "group")]
        assert sum(counts) == 58

    def test_highlight_one_id_or_stakeholder(self) -> None:
        """highlight takes one id or Stakeholder as well as several."""
        initiative = sized(60)
        by_id = plot(initiative, _axes(), highlight="c3")
        by_object = plot(initiative, _axes(), highlight=initiative.stakeholder("c3"))
        assert [t.get_text() for t in _labels(by_id, "node")] == [
            t.get_text() for t in _labels(by_object, "node")
        ]

    def test_group_forced(self) -> None:
        """group=True groups even three stakeholders; group=False draws sixty one by one."""
        grouped = plot(nike_plus(), _axes(), group=True)
        assert [t.get_text() for t in _labels(grouped, "group")] == [
            "1 firm\nwins, net +3",
            "1 customer\nwins, net +3",
        ]
        single = plot(sized(60), _axes(), group=False)
        assert _nodes(single) == 61
        assert _labels(single, "group") == []

    def test_flows_within_a_group_counted(self) -> None:
        """Flows inside one group are not drawn, and the legend says how many."""
        initiative = sized(60)
        initiative = initiative.evolve(values=[*initiative.values, Value("c1", 1, provider="c2")])
        legend = plot(initiative, _axes()).get_legend()
        assert legend is not None
        assert "1 contribution or value within a group not drawn" in legend.get_title().get_text()

    def test_value_to_itself(self) -> None:
        """A value a stakeholder provides to itself is not drawn, and the legend says so."""
        nike = nike_plus()
        ax = plot(nike.evolve(values=[*nike.values, Value("nike", 1, provider="nike")]), _axes())
        assert len(_edges(ax, "value")) == len(nike.values)
        legend = ax.get_legend()
        assert legend is not None
        assert legend.get_title().get_text() == "1 value a stakeholder provides to itself not drawn"

    def test_figsize(self, draw: Callable[..., Axes]) -> None:
        """figsize sizes the figure plot makes."""
        ax = draw(nike_plus(), figsize=(6, 5))
        assert tuple(ax.figure.canvas.figure.get_size_inches()) == (6, 5)

    @pytest.mark.parametrize("size", SIZES)
    def test_smallest_figure(self, size: int) -> None:
        """The smallest figsize allowed still lays out, with no warning."""
        assert plot_svg(_initiative(size), figsize=(5, 5)).startswith("<?xml")

    def test_old_signature(self) -> None:
        """plot(initiative, ax, rules=...) works as it always did."""
        ax = _axes()
        assert plot(nike_plus(), ax, rules=Rules()) is ax

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"labels": "some"}, "labels must be one of 'all', 'nodes', 'none'"),
            ({"labels": None}, "labels must be one of"),
            ({"group": "yes"}, "group must be True, False or None"),
            ({"group": 1}, "group must be True, False or None"),
            ({"figsize": (0, 3)}, "figsize must be"),
            ({"figsize": (3,)}, "figsize must be"),
            ({"figsize": "big"}, "figsize must be"),
            ({"figsize": (True, 3)}, "figsize must be"),
            ({"figsize": (float("nan"), 3)}, "figsize must be"),
            ({"highlight": ["nobody"]}, "highlight names no stakeholder .* 'nobody'"),
            ({"highlight": [3]}, "highlight names no stakeholder"),
            ({"highlight": 3}, "highlight must be stakeholder ids"),
            ({"highlight": b"nike"}, "highlight must be stakeholder ids"),
            ({"rules": "strict"}, "rules must be a cocreate.Rules"),
            ({"ax": "axes"}, "ax must be a matplotlib Axes"),
            ({"path": 3}, "path must be a file name"),
            ({"path": "picture.jpg"}, r"use a name ending in \.pdf, \.png, \.svg"),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], message: str) -> None:
        """An option with a value it cannot take is refused, saying what it can take."""
        with pytest.raises(CocreateError, match=message):
            plot(nike_plus(), **options)

    def test_figsize_and_ax(self) -> None:
        """figsize sizes a new figure, so it cannot come with an Axes."""
        with pytest.raises(CocreateError, match="give figsize or ax, not both"):
            plot(nike_plus(), _axes(), figsize=(6, 5))

    @pytest.mark.parametrize("options", [{"labels": "some"}, {"group": 0}, {"figsize": (4, 8)}])
    def test_bad_options_for_svg(self, options: dict[str, Any]) -> None:
        """plot_svg checks its options as plot does."""
        with pytest.raises(CocreateError):
            plot_svg(nike_plus(), **options)


class TestSvg:
    def test_svg_text(self) -> None:
        """plot_svg returns an SVG document with no date in it."""
        svg = plot_svg(nike_plus())
        assert svg.startswith("<?xml")
        assert "<svg" in svg
        assert "<dc:date>" not in svg

    @pytest.mark.parametrize("size", [3, 12, 60])
    def test_deterministic_and_order_independent(self, size: int) -> None:
        """Equal initiatives give identical SVG, whatever order they were given in."""
        initiative = _initiative(size)
        turned = _reversed(initiative)
        assert turned == initiative
        assert [p.id for p in turned.stakeholders] != [p.id for p in initiative.stakeholders]
        first = plot_svg(initiative)
        assert plot_svg(initiative) == first
        assert plot_svg(turned) == first

    def test_no_figure_left_behind(self) -> None:
        """plot_svg leaves no pyplot figure open."""
        import matplotlib.pyplot as plt

        before = plt.get_fignums()
        plot_svg(nike_plus())
        assert plt.get_fignums() == before

    def test_path_writes_the_same_svg(self, tmp_path: Path) -> None:
        """plot(path=...svg) writes what plot_svg returns."""
        target = tmp_path / "nike.svg"
        plot(nike_plus(), path=target)
        assert target.read_text(encoding="utf-8") == plot_svg(nike_plus())

    @pytest.mark.parametrize(("name", "magic"), [("n.png", b"\x89PNG"), ("N.PDF", b"%PDF")])
    def test_path_other_formats(self, tmp_path: Path, name: str, magic: bytes) -> None:
        """The suffix, in any case, picks PNG or PDF."""
        target = tmp_path / name
        plot(nike_plus(), path=str(target))
        assert target.read_bytes().startswith(magic)

    def test_path_with_axes(self, tmp_path: Path) -> None:
        """With an Axes given, path writes that Axes' figure."""
        ax = _axes()
        plot(nike_plus(), ax, path=tmp_path / "nike.svg")
        assert (tmp_path / "nike.svg").read_text(encoding="utf-8").startswith("<?xml")


class TestAtomicWrite:
    def _old(self, tmp_path: Path) -> Path:
        target = tmp_path / "picture.svg"
        target.write_text("old", encoding="utf-8")
        return target

    def test_failed_drawing_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the picture cannot be made, the file keeps its old content."""
        target = self._old(tmp_path)

        def broken(_figure: Figure, fname: Any, **_options: Any) -> None:
            fname.write(b"<?xml half a picture")
            msg = "renderer broke"
            raise RuntimeError(msg)

        monkeypatch.setattr(Figure, "savefig", broken)
        with pytest.raises(RuntimeError, match="renderer broke"):
            plot(nike_plus(), path=target)
        assert target.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["picture.svg"]

    def test_failed_replace_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the new file cannot take the old one's place, the old one stays, no debris."""
        target = self._old(tmp_path)

        def refuse(_source: Any, _target: Any) -> None:
            msg = "disk full"
            raise OSError(28, msg)

        monkeypatch.setattr(os, "replace", refuse)  # the one atomic writer's move
        with pytest.raises(CocreateError, match=r"cannot write '.*picture\.svg': disk full"):
            plot(nike_plus(), path=target)
        assert target.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["picture.svg"]

    def test_replaces_the_old_file(self, tmp_path: Path) -> None:
        """A successful write replaces the old file whole."""
        target = self._old(tmp_path)
        plot(nike_plus(), path=target)
        assert target.read_text(encoding="utf-8") == plot_svg(nike_plus())
        assert sorted(p.name for p in tmp_path.iterdir()) == ["picture.svg"]

    def test_directory(self, tmp_path: Path) -> None:
        """A directory cannot be written over."""
        folder = tmp_path / "pictures.svg"
        folder.mkdir()
        with pytest.raises(CocreateError, match="it is a directory"):
            plot(nike_plus(), path=folder)
