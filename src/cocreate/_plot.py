"""A picture of an initiative, drawn with matplotlib (the ``plot`` extra).

matplotlib is imported inside :func:`plot`, so ``import cocreate`` never
needs it.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from cocreate._model import Initiative, Role
from cocreate._params import Rules
from cocreate._rules import classify
from cocreate._sums import ledger
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot"]

#: Fill colour of each role (colour-blind friendly, readable under dark labels).
ROLE_COLORS = {
    Role.FIRM: "#4c72b0",
    Role.CUSTOMER: "#dd8452",
    Role.SUPPLIER: "#8172b3",
    Role.PARTNER: "#937860",
    Role.EMPLOYEE: "#64b5cd",
}
_HUB_COLOR = "#f2f2f2"
_CONTRIBUTION_COLOR = "#555555"
_VALUE_COLOR = "#b8860b"
_WIN_COLOR = "#1a9850"
_LOSE_COLOR = "#d73027"

_NODE_SIZE = 900.0  # points squared
_HUB_FONT = 9.0  # points
#: Above this many stakeholders, nodes are drawn without labels.
MAX_NODE_LABELS = 40
#: Above this many edges, edges are drawn without labels.
MAX_EDGE_LABELS = 40

_IMPORT_MESSAGE = 'cocreate.plot needs matplotlib; install it with: pip install "cocreate[plot]"'


def _fmt(value: float) -> str:
    return f"{value:+.4g}" if value else "0"


def plot(initiative: Initiative, ax: Axes | None = None, *, rules: Rules | None = None) -> Axes:
    """Draw the initiative as a graph and return the matplotlib Axes.

    The initiative itself is the hub in the centre; the stakeholders sit on
    a circle around it, in the order they were given, starting at the top
    and going clockwise, so the same initiative always gives the same
    picture. Stakeholders are filled by role and ringed in green when they
    win, in red when they do not; each label gives the net value.
    Contributions are grey arrows from giver to receiver (to the hub when
    given to the initiative): solid for a substantive resource, dashed for a
    voice resource (ideas, input, feedback). Values are gold arrows from
    provider to beneficiary. Several edges between the same two nodes are
    drawn as separate arcs. A legend explains the colours and lines, and the
    title gives the classification. Labels are left out when there are more
    than 40 stakeholders (or 40 edges), where they would only overlap.

    Parameters
    ----------
    initiative
        The initiative to draw.
    ax
        The matplotlib Axes to draw on; by default a new figure is made
        with :func:`matplotlib.pyplot.subplots`.
    rules
        The :class:`~cocreate.Rules` that decide who wins and which
        resources are voice; the defaults when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "cocreate[plot]"``).
    CocreateError
        If ``initiative`` is not an :class:`~cocreate.Initiative`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cocreate.examples import nike_plus
    >>> ax = plot(nike_plus(), ax=Figure().add_subplot())
    >>> ax.get_title()
    'Nike+ — co-creation'
    >>> len([p for p in ax.patches if p.get_gid() == "cocreate-contribution"])
    5
    """
    if not isinstance(initiative, Initiative):
        msg = f"plot needs an Initiative, got {type(initiative).__name__}"
        raise CocreateError(msg)
    try:
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch
    except ImportError as error:  # pragma: no cover - the plot extra is a test dependency
        raise ImportError(_IMPORT_MESSAGE) from error
    figure = None
    if ax is None:
        import matplotlib.pyplot as plt

        figure, ax = plt.subplots(figsize=(8, 7.5), layout="constrained")

    rules = rules if rules is not None else Rules()
    book = ledger(initiative, rules=rules)
    result = classify(initiative, rules=rules)
    people = initiative.stakeholders
    count = len(people)

    # The layout: the hub in the centre, stakeholders clockwise from the top.
    hub = None  # the initiative's node: no stakeholder id is None
    position: dict[str | None, tuple[float, float]] = {hub: (0.0, 0.0)}
    angle: dict[str, float] = {}
    for index, person in enumerate(people):
        # Two stakeholders sit left and right, so their labels have room.
        first = math.pi if count == 2 else math.pi / 2
        theta = first - 2 * math.pi * index / max(count, 1)
        angle[person.id] = theta
        position[person.id] = (math.cos(theta), math.sin(theta))

    # The hub is a circle big enough for the initiative's name, wrapped.
    lines = textwrap.wrap(initiative.name, 13)[:3] or [""]
    if len(lines) == 3 and len(" ".join(lines)) < len(initiative.name.strip()):
        lines[2] = lines[2][:12] + "..."
    width = max(len(line) for line in lines) * 0.68 * _HUB_FONT
    height = len(lines) * 1.25 * _HUB_FONT
    hub_diameter = max(48.0, math.hypot(width, height) + 6)

    # Nodes: one scatter per role, the hub apart.
    ax.scatter(
        [0.0],
        [0.0],
        s=hub_diameter**2,
        c=_HUB_COLOR,
        edgecolors="#333333",
        linewidths=1.5,
        zorder=3,
        gid="cocreate-hub",
    )
    for role in Role:
        members = [p for p in people if p.role is role]
        if not members:
            continue
        ax.scatter(
            [position[p.id][0] for p in members],
            [position[p.id][1] for p in members],
            s=_NODE_SIZE,
            c=ROLE_COLORS[role],
            edgecolors=[_WIN_COLOR if book[p.id].wins else _LOSE_COLOR for p in members],
            linewidths=3.0,
            zorder=3,
            gid=f"cocreate-nodes-{role.value}",
        )

    # Labels: the hub's name inside it, each stakeholder's outside the circle.
    ax.text(
        0.0,
        0.0,
        "\n".join(lines),
        ha="center",
        va="center",
        fontsize=_HUB_FONT,
        fontweight="bold",
        zorder=5,
    )
    if count <= MAX_NODE_LABELS:
        for person in people:
            entry = book[person.id]
            theta = angle[person.id]
            x, y = math.cos(theta) * 1.2, math.sin(theta) * 1.2
            cos = math.cos(theta)
            ha = "center" if abs(cos) < 0.3 else ("left" if cos > 0 else "right")
            sin = math.sin(theta)
            va = "center" if abs(sin) < 0.3 else ("bottom" if sin > 0 else "top")
            verdict = "wins" if entry.wins else "does not win"
            ax.text(
                x,
                y,
                f"{person.name}\nnet {_fmt(entry.net_value)}, {verdict}",
                ha=ha,
                va=va,
                fontsize=9,
                linespacing=1.3,
                zorder=5,
                color=_LOSE_COLOR if not entry.wins else "#222222",
            )

    # Edges: (source node, target node, is value, voice, label).
    edges: list[tuple[str | None, str | None, bool, bool, str]] = [
        (
            c.source,
            c.target,
            False,
            rules.is_voice(c.resource),
            c.resource.value,
        )
        for c in initiative.contributions
    ]
    edges.extend(
        (
            v.provider,
            v.beneficiary,
            True,
            False,
            f"{_fmt(v.amount)} {v.kind.value.replace('_', ' ')}",
        )
        for v in initiative.values
    )
    order: dict[str | None, int] = {hub: -1} | {p.id: i for i, p in enumerate(people)}
    groups: dict[tuple[str | None, str | None], int] = {}
    for source, target, *_ in edges:
        pair = (source, target) if order[source] < order[target] else (target, source)
        groups[pair] = groups.get(pair, 0) + 1
    seen: dict[tuple[str | None, str | None], int] = {}
    radius = math.sqrt(_NODE_SIZE) / 2 + 2
    hub_radius = hub_diameter / 2 + 2
    label_edges = len(edges) <= MAX_EDGE_LABELS
    bends: list[tuple[float, float]] = []
    for source, target, is_value, voice, label in edges:
        forward = order[source] < order[target]
        pair = (source, target) if forward else (target, source)
        total = groups[pair]
        index = seen.get(pair, 0)
        seen[pair] = index + 1
        start, end = position[source], position[target]
        if None in pair:
            # Edges to and from the hub: spread symmetrically; a lone one is straight.
            offset = (index - (total - 1) / 2) * 0.5 if total > 1 else 0.0
        else:
            # Between stakeholders: bow away from the hub, far enough that the
            # curve clears it, each further edge of the pair a little wider.
            a, b = position[pair[0]], position[pair[1]]
            length = math.dist(a, b)
            middle = math.hypot((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            bulge = max(0.15, 0.6 - middle) + 0.2 * index
            outward = (a[0] + b[0]) * (b[1] - a[1]) - (a[1] + b[1]) * (b[0] - a[0])
            offset = 2 * bulge / length * (1.0 if outward >= 0 else -1.0)
        rad = offset if forward else -offset
        color = _VALUE_COLOR if is_value else _CONTRIBUTION_COLOR
        # The middle of the quadratic Bezier curve arc3 draws, to fit the view.
        dx, dy = end[0] - start[0], end[1] - start[1]
        cx = (start[0] + end[0]) / 2 + rad * dy
        cy = (start[1] + end[1]) / 2 - rad * dx
        bends.append(((start[0] + end[0]) / 4 + cx / 2, (start[1] + end[1]) / 4 + cy / 2))
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>",
                mutation_scale=14,
                linewidth=2.2 if is_value else 1.6,
                linestyle=(0, (4, 3)) if voice else "solid",
                color=color,
                shrinkA=hub_radius if source == hub else radius,
                shrinkB=hub_radius if target == hub else radius,
                zorder=2,
                gid="cocreate-value" if is_value else "cocreate-contribution",
            )
        )
        if label_edges:
            # Labels of parallel edges to the hub are staggered along them.
            t = 0.5 + (index - (total - 1) / 2) * 0.22 if total > 1 and None in pair else 0.5
            t = min(max(t, 0.28), 0.72)
            if not forward:
                t = 1 - t
            u = 1 - t
            ax.text(
                u * u * start[0] + 2 * u * t * cx + t * t * end[0],
                u * u * start[1] + 2 * u * t * cy + t * t * end[1],
                label,
                ha="center",
                va="center",
                fontsize=8,
                color=color,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
            )

    # The legend: roles present, the hub, the three edge styles, the verdicts.
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor=ROLE_COLORS[role],
            markeredgecolor="none",
            label=role.value,
        )
        for role in Role
        if any(p.role is role for p in people)
    ]
    handles.extend(
        [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=13,
                markerfacecolor=_HUB_COLOR,
                markeredgecolor="#333333",
                label="the initiative",
            ),
            Line2D([], [], color=_CONTRIBUTION_COLOR, linewidth=1.6, label="gives (substantive)"),
            Line2D(
                [],
                [],
                color=_CONTRIBUTION_COLOR,
                linewidth=1.6,
                linestyle=(0, (4, 3)),
                label="gives (voice: ideas, input, feedback)",
            ),
            Line2D([], [], color=_VALUE_COLOR, linewidth=2.2, label="value received"),
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=_WIN_COLOR,
                markeredgewidth=2.5,
                label="wins",
            ),
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=_LOSE_COLOR,
                markeredgewidth=2.5,
                label="does not win",
            ),
        ]
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
        frameon=False,
        fontsize=9,
        borderaxespad=0.2,
    )
    ax.set_title(f"{initiative.name} — {result.kind.label}", fontsize=12)
    # Room for the labels beside and above or below the outermost nodes.
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    left = min([min(xs) - 1.05] + [x - 0.3 for x, _ in bends])
    right = max([max(xs) + 1.05] + [x + 0.3 for x, _ in bends])
    bottom = min([min(ys) - 0.55] + [y - 0.2 for _, y in bends])
    top = max([max(ys) + 0.55] + [y + 0.2 for _, y in bends])
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    if figure is not None:
        # A figure of the drawing's shape, with room for the legend below it.
        ratio = (top - bottom) / (right - left)
        figure.set_size_inches(8, min(max(8 * ratio + 1.6, 4.5), 10))
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
