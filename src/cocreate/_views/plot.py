"""A picture of an initiative, drawn with matplotlib (the ``plot`` extra).

matplotlib is imported inside the functions that draw, so ``import cocreate``
never needs it, and only its Agg renderer is used: nothing here opens a
window.

The drawing is built in two steps. First a *view*: the nodes (single
stakeholders, or groups of them) and the edges between them, with their
labels, in an order that depends on the initiative's content only, never on
the order its collections were given in. Then the view is drawn: the
initiative as a hub in the middle, the nodes on a circle around it, the
focal organization at the top. Edge labels that would overlap another label
or a node are moved along their edge, and left out when no place is free.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import textwrap
import threading
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from cocreate._model.text import needs_extra, number
from cocreate._model.types import Initiative, Role, Stakeholder, ValueKind, initiative_arg
from cocreate._model.validate import drawable, exact_sum
from cocreate._rules.facts import classify
from cocreate._rules.params import Rules
from cocreate._rules.sums import ledger
from cocreate.exceptions import CocreateError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import Bbox

    from cocreate._rules.sums import Ledger, LedgerEntry

__all__ = ["plot", "plot_svg"]

#: Fill colour of each role (colour-blind friendly, readable under dark labels).
ROLE_COLORS = {
    Role.FIRM: "#4c72b0",
    Role.CUSTOMER: "#dd8452",
    Role.SUPPLIER: "#8172b3",
    Role.PARTNER: "#937860",
    Role.EMPLOYEE: "#64b5cd",
}
#: With more stakeholders than this, ``group=None`` draws groups, not people.
GROUP_ABOVE = 15
#: Drawn one by one (``group=False``), only this many stakeholders get labels.
MAX_NODE_LABELS = 40
#: Drawn one by one, only this many edges get labels.
MAX_EDGE_LABELS = 80
#: What ``labels=`` may say.
LABEL_CHOICES = ("all", "nodes", "none")
#: The files ``path=`` may name, by suffix.
FORMATS = {".pdf": "pdf", ".png": "png", ".svg": "svg"}

_HUB_COLOR = "#f2f2f2"
_CONTRIBUTION_COLOR = "#555555"
_VALUE_COLOR = "#b8860b"
_WIN_COLOR = "#1a9850"
_LOSE_COLOR = "#d73027"
_HALO_COLOR = "#222222"
_TEXT_COLOR = "#222222"

_NODE = 30.0  # diameter of a single stakeholder's node, in points
_FOCAL_NODE = 40.0
_HALO = 5.0  # width of the dark ring round the focal and highlighted nodes, in points
_HUB_FONT = 9.0  # points
_FONT = 9.0
_FOCAL_FONT = 10.5
_EDGE_FONT = 8.0
#: Where along its edge a label may sit, first choice first, from the end it belongs to.
_SPOTS = (0.3, 0.38, 0.22, 0.46, 0.54, 0.62)
#: Curves between two nodes keep their middles this far from the hub (the circle is 1).
_INNER, _OUTER = 0.45, 0.62
#: Layers, bottom to top: the focal organization over everything else.
_Z_EDGE, _Z_NODE, _Z_EDGE_LABEL, _Z_LABEL, _Z_FOCAL, _Z_FOCAL_LABEL = 2, 3, 4, 5, 6, 7
#: File metadata without dates, so that equal pictures give identical files.
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}
_LEFT_OUT = "Some labels are left out for room"
#: What a notebook user may try when labels are left out; never on a report page.
_LEFT_OUT_HINT = ": try labels='nodes', group=True or a bigger figsize."

_IMPORT_MESSAGE = needs_extra("cocreate.plot", "matplotlib", "plot")
_ROLE_RANK = {role: rank for rank, role in enumerate(Role)}
#: Where each role sits round the circle, clockwise after the focal organization
#: and its own people: suppliers last, so they sit beside the firm they supply.
_PLACE = {Role.FIRM: 0, Role.EMPLOYEE: 1, Role.CUSTOMER: 2, Role.PARTNER: 3, Role.SUPPLIER: 4}
_TIMES = "\N{MULTIPLICATION SIGN}"
#: Every text is drawn as it is written: never read as mathtext ("$x^2$") or LaTeX.
_PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}
#: The warnings matplotlib gives while drawing (a glyph missing from the font,
#: a layout that does not fit), by the module they are given for: its own, or
#: this one, which called it. A picture is drawn all the same.
_ITS_OWN = (r"matplotlib(\.|\Z)", re.escape(__name__) + r"\Z")
#: matplotlib's settings (``rcParams``) and Python's warning filters belong to
#: the whole process, and a drawing changes both for a moment (:func:`_quiet`,
#: :func:`_render`): one drawing at a time holds this lock, or two threads
#: would put back each other's settings half-way (an SVG with random ids).
_LOCK = threading.RLock()


# --------------------------------------------------------------------------
# Numbers and words for labels.


def _signed(value: float) -> str:
    """Return a number with its sign: ``+4``, ``-0.2``, ``0``."""
    text = number(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def _word(member: Role | ValueKind | Any) -> str:
    return str(member.value).replace("_", " ")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --------------------------------------------------------------------------
# The view: what is drawn, in an order that depends on content alone.


class _Group(NamedTuple):
    """The key of a group node: stakeholders alike in these three."""

    internal: bool
    role: Role
    wins: bool


#: A node's key: a stakeholder id, a group, or ``None`` for the initiative.
_Key: TypeAlias = str | _Group | None


class _Node(NamedTuple):
    key: _Key
    lines: tuple[str, str]
    role: Role
    internal: bool
    wins: bool
    people: int  # how many stakeholders the node stands for
    focal: bool
    highlighted: bool


class _Edge(NamedTuple):
    source: _Key
    target: _Key
    is_value: bool
    voice: bool
    label: str
    flows: int  # how many contributions or values the edge stands for


class _View(NamedTuple):
    nodes: tuple[_Node, ...]
    edges: tuple[_Edge, ...]
    grouped: bool
    inner: int  # contributions and values within one group, not drawn


class _Options(NamedTuple):
    rules: Rules
    figsize: tuple[float, float] | None
    labels: str
    highlight: frozenset[str]
    group: bool | None
    #: Whether the legend may suggest options when labels are left out (not on a report page).
    hint: bool = True


def _sort_key(key: _Key) -> tuple[int, str]:
    """Order edge ends: the initiative first, then stakeholders by id, then groups."""
    if key is None:
        return (0, "")
    if isinstance(key, str):
        return (1, key)
    return (2, f"{not key.internal}{_ROLE_RANK[key.role]:02}{not key.wins}")


def _single_node(initiative: Initiative, entry: LedgerEntry, highlight: frozenset[str]) -> _Node:
    person = entry.stakeholder
    focal = person.id == initiative.focal
    name = f"{person.name} (focal)" if focal else str(person.name)
    verdict = "wins" if entry.wins else "does not win"
    return _Node(
        person.id,
        (name, f"net {_signed(entry.net_value)}, {verdict}"),
        person.role,
        entry.internal,
        entry.wins,
        1,
        focal,
        person.id in highlight,
    )


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Order ids as people do: ``c2`` before ``c11``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)
    )


def _place(node: _Node) -> tuple[Any, ...]:
    """Order the nodes round the circle: the focal organization, its people, the others.

    Within each, by role, single stakeholders before groups, winners first,
    then by id.
    """
    name = node.key if isinstance(node.key, str) else ""
    grouped = isinstance(node.key, _Group)
    return (
        not node.focal,
        not node.internal,
        _PLACE[node.role],
        grouped,
        not node.wins,
        _natural(name),
        name,
    )


def _contribution_label(resources: Counter[str]) -> str:
    """Say what flows, and how often when more than once, one resource per line."""
    if resources.total() == 1:
        return next(iter(resources))
    parts = [
        f"{count} {_TIMES} {word}"
        for word, count in sorted(resources.items(), key=lambda item: (-item[1], item[0]))
    ]
    more = [f"and {len(parts) - 2} more"] if len(parts) > 2 else []
    return "\n".join(parts[:2] + more)


def _value_label(amounts: Sequence[float], kinds: Counter[str]) -> str:
    words = [word for word, _ in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    kind = " " + ", ".join(words[:2]) if words else ""
    if len(set(amounts)) == 1:
        each = f"{_signed(amounts[0])}{kind}"
        return each if len(amounts) == 1 else f"{len(amounts)} {_TIMES} {each}"
    return f"{_signed(exact_sum(amounts))}{kind} in all"


def _kind_words(kind: ValueKind) -> Counter[str]:
    """Return the kind as a label word; the default kind says nothing, so it shows nothing."""
    return Counter() if kind is ValueKind.OTHER else Counter([_word(kind)])


def _single_view(initiative: Initiative, book: Ledger, options: _Options) -> _View:
    """One node per stakeholder, one edge per contribution and value."""
    nodes = tuple(
        sorted((_single_node(initiative, e, options.highlight) for e in book), key=_place)
    )
    rules = options.rules
    edges = [
        _Edge(c.source, c.target, False, rules.is_voice(c.resource), _word(c.resource), 1)
        for c in initiative.contributions
    ]
    edges += [
        _Edge(
            v.provider, v.beneficiary, True, False, _value_label([v.amount], _kind_words(v.kind)), 1
        )
        for v in initiative.values
    ]
    # A value a stakeholder provides to itself has no arrow to draw.
    drawn = sorted(
        (e for e in edges if e.source != e.target),
        key=lambda e: (_sort_key(e.source), _sort_key(e.target), e.is_value, e.label),
    )
    return _View(nodes, tuple(drawn), False, len(edges) - len(drawn))


def _group_nodes(
    initiative: Initiative, book: Ledger, highlight: frozenset[str]
) -> tuple[list[_Node], dict[str, _Key]]:
    """Make nodes: the focal organization and highlighted ones alone, the others in groups."""
    singles: list[_Node] = []
    members: dict[_Group, list[LedgerEntry]] = {}
    node_of: dict[str, _Key] = {}
    for entry in sorted(book, key=lambda entry: entry.stakeholder.id):
        person = entry.stakeholder
        if person.id == initiative.focal or person.id in highlight:
            singles.append(_single_node(initiative, entry, highlight))
            node_of[person.id] = person.id
            continue
        key = _Group(entry.internal, person.role, entry.wins)
        members.setdefault(key, []).append(entry)
        node_of[person.id] = key
    sides = Counter(role for _, role in {(g.internal, g.role) for g in members})
    groups = [
        _group_node(key, entries, ambiguous=sides[key.role] > 1) for key, entries in members.items()
    ]
    return sorted(singles + groups, key=_place), node_of


def _group_node(key: _Group, entries: Sequence[LedgerEntry], *, ambiguous: bool) -> _Node:
    count = len(entries)
    side = (" (internal)" if key.internal else " (external)") if ambiguous else ""
    if key.wins:
        verdict = "wins" if count == 1 else "win"
    else:
        verdict = "does not win" if count == 1 else "do not win"
    nets = [entry.net_value for entry in entries]
    low, high = min(nets), max(nets)
    spread = f"{_signed(low)} to {_signed(high)}" if low != high else _signed(low)
    each = " each" if low == high and count > 1 else ""
    return _Node(
        key,
        (f"{_plural(count, key.role.value)}{side}", f"{verdict}, net {spread}{each}"),
        key.role,
        key.internal,
        key.wins,
        count,
        False,
        False,
    )


def _grouped_view(initiative: Initiative, book: Ledger, options: _Options) -> _View:
    """One node per group of stakeholders alike, one edge per kind of flow between nodes."""
    nodes, node_of = _group_nodes(initiative, book, options.highlight)
    given: dict[tuple[_Key, _Key, bool], Counter[str]] = {}
    for c in initiative.contributions:
        key = (node_of[c.source], None if c.target is None else node_of[c.target])
        voice = options.rules.is_voice(c.resource)
        given.setdefault((*key, voice), Counter())[_word(c.resource)] += 1
    received: dict[tuple[_Key, _Key], tuple[list[float], Counter[str]]] = {}
    for v in initiative.values:
        key = (None if v.provider is None else node_of[v.provider], node_of[v.beneficiary])
        amounts, kinds = received.setdefault(key, ([], Counter()))
        amounts.append(v.amount)
        kinds.update(_kind_words(v.kind))
    edges = [
        _Edge(a, b, False, voice, _contribution_label(words), words.total())
        for (a, b, voice), words in given.items()
        if a != b
    ]
    edges += [
        _Edge(a, b, True, False, _value_label(sorted(amounts), kinds), len(amounts))
        for (a, b), (amounts, kinds) in received.items()
        if a != b
    ]
    edges.sort(key=lambda e: (_sort_key(e.source), _sort_key(e.target), e.is_value, e.voice))
    inner = len(initiative.contributions) + len(initiative.values) - sum(e.flows for e in edges)
    return _View(tuple(nodes), tuple(edges), True, inner)


def _view(initiative: Initiative, options: _Options) -> _View:
    book = ledger(initiative, rules=options.rules)
    grouped = options.group
    if grouped is None:
        grouped = len(initiative.stakeholders) > GROUP_ABOVE
    return (_grouped_view if grouped else _single_view)(initiative, book, options)


# --------------------------------------------------------------------------
# Checking the options.


def _check_figsize(figsize: object) -> tuple[float, float] | None:
    if figsize is None:
        return None
    if (
        isinstance(figsize, tuple | list)
        and len(figsize) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in figsize)
        and all(5 <= x <= 100 for x in figsize)
    ):
        return (float(figsize[0]), float(figsize[1]))
    msg = (
        "figsize must be (width, height) in inches, each from 5 to 100 "
        f"(room for the labels and the legend), got {figsize!r}"
    )
    raise CocreateError(msg)


def _check_highlight(initiative: Initiative, highlight: object) -> frozenset[str]:
    items = [highlight] if isinstance(highlight, str | Stakeholder) else highlight
    if not isinstance(items, Iterable) or isinstance(items, bytes):
        msg = f"highlight must be stakeholder ids, got {type(highlight).__name__}"
        raise CocreateError(msg)
    ids = [item.id if isinstance(item, Stakeholder) else item for item in items]
    unknown = sorted(repr(i) for i in ids if not isinstance(i, str) or i not in initiative)
    if unknown:
        known = ", ".join(sorted(repr(p.id) for p in initiative.stakeholders)[:10])
        msg = f"highlight names no stakeholder of {initiative.name!r}: {', '.join(unknown)}; "
        msg += f"known: {known}"
        raise CocreateError(msg)
    return frozenset(ids)


def _options(
    initiative: Initiative,
    function: str,
    *,
    rules: object,
    figsize: object,
    labels: object,
    highlight: object,
    group: object,
) -> _Options:
    initiative = initiative_arg(initiative, function)
    if rules is not None and not isinstance(rules, Rules):
        msg = f"rules must be a cocreate.Rules or None, got {type(rules).__name__}"
        raise CocreateError(msg)
    if not isinstance(labels, str) or labels not in LABEL_CHOICES:
        msg = f"labels must be one of {', '.join(map(repr, LABEL_CHOICES))}, got {labels!r}"
        raise CocreateError(msg)
    if group is not None and not isinstance(group, bool):
        msg = f"group must be True, False or None (by size), got {group!r}"
        raise CocreateError(msg)
    return _Options(
        rules if rules is not None else Rules(),
        _check_figsize(figsize),
        labels,
        _check_highlight(initiative, highlight),
        group,
    )


def _check_path(path: object) -> Path | None:
    if path is None:
        return None
    if not isinstance(path, str | os.PathLike):
        msg = f"path must be a file name, got {type(path).__name__}"
        raise CocreateError(msg)
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        known = ", ".join(FORMATS)
        msg = f"cannot tell what to write to {os.fsdecode(target)!r}; use a name ending in {known}"
        raise CocreateError(msg)
    return target


# --------------------------------------------------------------------------
# Drawing.


class _Geometry(NamedTuple):
    position: dict[_Key, tuple[float, float]]
    angle: dict[_Key, float]
    size: dict[_Key, float]  # node diameters, in points
    hub_lines: list[str]


class _NodeLabel(NamedTuple):
    text: Annotation
    direction: tuple[float, float]  # outward from the node, a unit vector
    away: float  # how far from the node's centre, in points


class _EdgeLabel(NamedTuple):
    text: Text
    curve: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
    spots: tuple[float, ...]  # where along the curve it may sit, first choice first


def _diameter(node: _Node) -> float:
    if node.focal:
        return _FOCAL_NODE
    return _NODE + 5 * math.log2(node.people) if node.people > 1 else _NODE


def _hub_lines(name: str) -> list[str]:
    name = drawable(name)
    lines = textwrap.wrap(name, 13)[:3] or [""]
    if len(lines) == 3 and len(" ".join(lines)) < len(name.strip()):
        lines[2] = lines[2][:12] + "..."
    return lines


def _angles(count: int) -> list[float]:
    """Return the angle of each node round the circle, the first at the top, clockwise.

    Two nodes sit left and right, so their labels have room. Among many, the
    first node's neighbours keep half a step further off, leaving room for
    its larger label.
    """
    if count == 2:
        return [math.pi, 0.0]
    if count < 8:
        return [math.pi / 2 - 2 * math.pi * index / count for index in range(count)]
    gap = 1.5 * 2 * math.pi / (count + 1)
    step = (2 * math.pi - 2 * gap) / (count - 2)
    return [math.pi / 2] + [math.pi / 2 - gap - step * index for index in range(count - 1)]


def _geometry(view: _View, name: str) -> _Geometry:
    """Place the hub in the centre and the nodes clockwise from the top."""
    lines = _hub_lines(name)
    width = max(len(line) for line in lines) * 0.68 * _HUB_FONT
    height = len(lines) * 1.25 * _HUB_FONT
    count = len(view.nodes)
    position: dict[_Key, tuple[float, float]] = {None: (0.0, 0.0)}
    angle: dict[_Key, float] = {None: 0.0}
    size: dict[_Key, float] = {None: max(48.0, math.hypot(width, height) + 6)}
    for node, theta in zip(view.nodes, _angles(count), strict=True):
        angle[node.key] = theta
        position[node.key] = (math.cos(theta), math.sin(theta))
        size[node.key] = _diameter(node)
    return _Geometry(position, angle, size, lines)


def _draw_nodes(ax: Axes, view: _View, geometry: _Geometry) -> None:
    """One scatter per role, the focal organization apart and on top."""
    ax.scatter(
        [0.0],
        [0.0],
        s=geometry.size[None] ** 2,
        c=_HUB_COLOR,
        edgecolors="#333333",
        linewidths=1.5,
        zorder=_Z_NODE,
        gid="cocreate-hub",
    )
    layers = [(f"cocreate-nodes-{role.value}", role, False) for role in Role]
    for gid, role, focal in [*layers, ("cocreate-focal", None, True)]:
        members = [n for n in view.nodes if n.focal == focal and (focal or n.role is role)]
        if not members:
            continue
        xy = [geometry.position[n.key] for n in members]
        sizes = [geometry.size[n.key] for n in members]
        zorder = _Z_FOCAL if focal else _Z_NODE
        haloed = [
            (p, s) for p, s, n in zip(xy, sizes, members, strict=True) if n.highlighted or focal
        ]
        if haloed:
            ax.scatter(
                [p[0] for p, _ in haloed],
                [p[1] for p, _ in haloed],
                s=[(s + 2 * _HALO) ** 2 for _, s in haloed],
                c=_HALO_COLOR,
                linewidths=0,
                zorder=zorder - 0.1,
                gid="cocreate-halo",
            )
        ax.scatter(
            [x for x, _ in xy],
            [y for _, y in xy],
            s=[s**2 for s in sizes],
            c=[ROLE_COLORS[n.role] for n in members],
            edgecolors=[_WIN_COLOR if n.wins else _LOSE_COLOR for n in members],
            linewidths=3.0,
            zorder=zorder,
            gid=gid,
        )


def _draw_node_labels(
    ax: Axes, view: _View, geometry: _Geometry, labels: str
) -> tuple[Text, list[_NodeLabel]]:
    """Write the hub's name inside it and each node's label outside the circle.

    The focal organization's label comes first, then the highlighted ones'.
    """
    hub = ax.text(
        0.0,
        0.0,
        "\n".join(geometry.hub_lines),
        ha="center",
        va="center",
        fontsize=_HUB_FONT,
        fontweight="bold",
        zorder=_Z_LABEL,
        gid="cocreate-label-hub",
        **_PLAIN,
    )
    crowded = not view.grouped and len(view.nodes) > MAX_NODE_LABELS
    shown = [
        node
        for node in view.nodes
        if node.focal or (labels != "none" and (node.highlighted or not crowded))
    ]
    shown.sort(key=lambda node: (not node.focal, not node.highlighted))
    return hub, [_node_label(ax, node, geometry) for node in shown]


def _node_label(ax: Axes, node: _Node, geometry: _Geometry) -> _NodeLabel:
    theta = geometry.angle[node.key]
    cos, sin = math.cos(theta), math.sin(theta)
    away = geometry.size[node.key] / 2 + (_HALO if node.focal or node.highlighted else 0) + 5
    ha = "center" if abs(cos) < 0.3 else ("left" if cos > 0 else "right")
    va = "center" if abs(sin) < 0.3 else ("bottom" if sin > 0 else "top")
    strong = node.focal or node.highlighted
    if node.focal:
        gid = "cocreate-label-focal"
    else:
        gid = "cocreate-label-group" if isinstance(node.key, _Group) else "cocreate-label-node"
    text = ax.annotate(
        "\n".join(map(drawable, node.lines)),
        xy=geometry.position[node.key],
        xytext=(away * cos, away * sin),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=_FOCAL_FONT if node.focal else _FONT,
        fontweight="bold" if strong else "normal",
        linespacing=1.3,
        zorder=_Z_FOCAL_LABEL if node.focal else _Z_LABEL,
        color=_TEXT_COLOR if node.wins else _LOSE_COLOR,
        gid=gid,
        **_PLAIN,
    )
    return _NodeLabel(text, (cos, sin), away)


def _bend(a: tuple[float, float], b: tuple[float, float], *, neighbours: bool) -> float:
    """How far the curve between two nodes on the circle bows from its chord.

    Positive bows away from the hub. Neighbours are joined straight; a chord
    that would run past other nodes bows inward, one that would cross the
    hub bows outward, so that every curve keeps between the two.
    """
    if neighbours:
        return 0.0
    middle = math.hypot((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return min(max(middle, _INNER), _OUTER) - middle


def _arc(view: _View, geometry: _Geometry) -> list[tuple[float, tuple[float, float]]]:
    """For each edge, the arc3 ``rad`` and the control point of its curve.

    Several edges between the same two nodes are drawn as separate arcs,
    spread symmetrically round the one a lone edge would take.
    """
    order: dict[_Key, int] = {None: -1} | {n.key: i for i, n in enumerate(view.nodes)}
    count = len(view.nodes)
    pairs = [
        (e.source, e.target) if order[e.source] < order[e.target] else (e.target, e.source)
        for e in view.edges
    ]
    totals = Counter(pairs)
    seen: Counter[tuple[_Key, _Key]] = Counter()
    arcs = []
    for edge, pair in zip(view.edges, pairs, strict=True):
        spread = seen[pair] - (totals[pair] - 1) / 2
        seen[pair] += 1
        a, b = geometry.position[pair[0]], geometry.position[pair[1]]
        if None in pair:
            offset = spread * 0.5
        else:
            step = abs(order[pair[0]] - order[pair[1]])
            bulge = _bend(a, b, neighbours=step in {1, count - 1}) + 0.14 * spread
            # The sign that bows away from the hub, for arc3 going from a to b.
            outward = (a[0] + b[0]) * (b[1] - a[1]) - (a[1] + b[1]) * (b[0] - a[0])
            offset = 2 * bulge / math.dist(a, b) * (1.0 if outward >= 0 else -1.0)
        rad = offset if pair == (edge.source, edge.target) else -offset
        start, end = geometry.position[edge.source], geometry.position[edge.target]
        dx, dy = end[0] - start[0], end[1] - start[1]
        control = ((start[0] + end[0]) / 2 + rad * dy, (start[1] + end[1]) / 2 - rad * dx)
        arcs.append((rad, control))
    return arcs


def _bezier(
    start: tuple[float, float], control: tuple[float, float], end: tuple[float, float], t: float
) -> tuple[float, float]:
    u = 1 - t
    return (
        u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
        u * u * start[1] + 2 * u * t * control[1] + t * t * end[1],
    )


def _draw_edges(
    ax: Axes, view: _View, geometry: _Geometry, *, labelled: bool
) -> tuple[list[_EdgeLabel], list[tuple[float, float]]]:
    """Arrows for the edges; their labels, and the middles of their curves."""
    from matplotlib.patches import FancyArrowPatch

    labels: list[_EdgeLabel] = []
    bends: list[tuple[float, float]] = []
    haloed = frozenset(n.key for n in view.nodes if n.focal or n.highlighted)
    for edge, (rad, control) in zip(view.edges, _arc(view, geometry), strict=True):
        start, end = geometry.position[edge.source], geometry.position[edge.target]
        bends.append(_bezier(start, control, end, 0.5))
        color = _VALUE_COLOR if edge.is_value else _CONTRIBUTION_COLOR
        width = (2.2 if edge.is_value else 1.6) + 0.5 * math.log2(edge.flows)
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>",
                mutation_scale=14,
                linewidth=width,
                linestyle=(0, (4, 3)) if edge.voice else "solid",
                color=color,
                shrinkA=_shrink(geometry, edge.source, haloed),
                shrinkB=_shrink(geometry, edge.target, haloed),
                zorder=_Z_EDGE,
                gid="cocreate-value" if edge.is_value else "cocreate-contribution",
            )
        )
        if labelled:
            # A value's label sits by who receives it, a contribution's by who gives it.
            spots = tuple(1 - t if edge.is_value else t for t in _SPOTS)
            text = ax.text(
                *_bezier(start, control, end, spots[0]),
                "\n".join(map(drawable, edge.label.split("\n"))),
                ha="center",
                va="center",
                fontsize=_EDGE_FONT,
                color=color,
                zorder=_Z_EDGE_LABEL,
                gid="cocreate-label-edge",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
                **_PLAIN,
            )
            text.set_in_layout(False)
            labels.append(_EdgeLabel(text, (start, control, end), spots))
    return labels, bends


def _shrink(geometry: _Geometry, key: _Key, haloed: frozenset[_Key]) -> float:
    """Return how far an arrow stops short of a node's centre, in points."""
    return geometry.size[key] / 2 + 2 + (_HALO if key in haloed else 0)


def _marker(**style: Any) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", markersize=11, **style)


def _legend_handles(view: _View) -> list[Any]:
    from matplotlib.lines import Line2D

    handles = [
        _marker(markerfacecolor=ROLE_COLORS[role], markeredgecolor="none", label=role.value)
        for role in Role
        if any(n.role is role for n in view.nodes)
    ]
    handles += [
        _marker(markerfacecolor=_HUB_COLOR, markeredgecolor="#333333", label="the initiative"),
        _marker(
            markerfacecolor="none",
            markeredgecolor=_HALO_COLOR,
            markeredgewidth=3.5,
            label="focal or highlighted",
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
        _marker(
            markerfacecolor="none", markeredgecolor=_WIN_COLOR, markeredgewidth=2.5, label="wins"
        ),
        _marker(
            markerfacecolor="none",
            markeredgecolor=_LOSE_COLOR,
            markeredgewidth=2.5,
            label="does not win",
        ),
    ]
    return handles


def _note(view: _View, initiative: Initiative, *, left_out: bool, hint: bool) -> str | None:
    """Return the legend's title: how the picture groups, and what it leaves out."""
    lines = []
    if view.grouped:
        count = len(initiative.stakeholders)
        focal = drawable(initiative.focal_stakeholder.name)
        lines.append(
            f"{count} stakeholders in {len(view.nodes)} nodes: grouped by role, "
            f"inside or outside {focal}, and whether they win"
        )
        if view.inner:
            what = "contribution or value" if view.inner == 1 else "contributions or values"
            lines.append(f"{view.inner} {what} within a group not drawn")
    elif view.inner:
        what = "value" if view.inner == 1 else "values"
        lines.append(f"{view.inner} {what} a stakeholder provides to itself not drawn")
    if left_out:
        lines.append(_LEFT_OUT + (_LEFT_OUT_HINT if hint else "."))
    return "\n".join(lines) or None


def _draw_legend(ax: Axes, view: _View, note: str | None) -> None:
    """Explain the picture below it, in as many columns as its width takes."""
    figure = ax.figure.canvas.figure
    # The Axes' share of the figure's width, in inches (0.775 of it by default).
    width = figure.get_figwidth() * ax.get_position().width / 0.775
    columns = 3 if width >= 6.5 else (2 if width >= 4.5 else 1)
    if note is not None:
        note = "\n".join(
            textwrap.fill(line, int(width * 13), break_on_hyphens=False)
            for line in note.split("\n")
        )
    legend = ax.legend(
        handles=_legend_handles(view),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=columns,
        frameon=False,
        fontsize=_FONT,
        title=note,
        title_fontsize=_FONT,
        borderaxespad=0.2,
    )
    legend.set_gid("cocreate-legend")
    for text in (legend.get_title(), *legend.get_texts()):
        text.set_parse_math(False)
        text.set_usetex(False)


def _frame(ax: Axes, geometry: _Geometry, bends: Sequence[tuple[float, float]]) -> float:
    """Fit the view round the drawing, with room for labels; return height / width.

    Labels sit outside their nodes, so the margins grow with the nodes; a
    node's size is in points, taken here at about 120 points to the unit
    (the circle's radius) that the figures plot makes come to.
    """
    ends = [(x, y, geometry.size[key] / 2 / 120) for key, (x, y) in geometry.position.items()]
    left = min([x - r - 0.6 for x, _, r in ends] + [x - 0.3 for x, _ in bends])
    right = max([x + r + 0.6 for x, _, r in ends] + [x + 0.3 for x, _ in bends])
    bottom = min([y - r - 0.25 for _, y, r in ends] + [y - 0.2 for _, y in bends])
    top = max([y + r + 0.45 for _, y, r in ends] + [y + 0.2 for _, y in bends])
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return (top - bottom) / (right - left)


# --------------------------------------------------------------------------
# Keeping labels apart.


class _Room:
    """The places taken on the canvas, in display units: circles and boxes."""

    def __init__(self, circles: list[tuple[float, float, float]], boxes: list[Bbox]) -> None:
        self.circles = circles
        self.boxes = boxes

    def free(self, box: Bbox) -> bool:
        """Whether ``box`` overlaps nothing taken."""
        if any(box.overlaps(other) for other in self.boxes):
            return False
        for x, y, radius in self.circles:
            nearest_x = min(max(x, box.x0), box.x1)
            nearest_y = min(max(y, box.y0), box.y1)
            if math.hypot(x - nearest_x, y - nearest_y) < radius:
                return False
        return True


def _box(ax: Axes, text: Text) -> Bbox:
    """Return the text's extent with its white box round it, in display units."""
    pad = 2 * ax.figure.dpi / 72
    return text.get_window_extent().padded(pad)


def _room(ax: Axes, geometry: _Geometry, hub: Text) -> _Room:
    """Lay the figure out, and take the nodes' places and the hub's name."""
    ax.figure.canvas.figure.draw_without_rendering()
    circles = []
    for key, point in geometry.position.items():
        x, y = ax.transData.transform(point)
        radius = (geometry.size[key] / 2 + _HALO) * ax.figure.dpi / 72
        circles.append((float(x), float(y), radius))
    return _Room(circles, [_box(ax, hub)])


def _candidates(ax: Axes, label: _EdgeLabel, box: Bbox) -> list[tuple[float, float]]:
    """Return data points for the label: on its curve, then off it on either side."""
    to_screen = ax.transData.transform
    rings: list[list[tuple[float, float]]] = [[], [], []]
    for t in label.spots:
        x, y = to_screen(_bezier(*label.curve, t))
        ahead_x, ahead_y = to_screen(_bezier(*label.curve, t + 0.01))
        length = math.hypot(ahead_x - x, ahead_y - y) or 1.0
        # The unit normal, and how far along it the box just clears the curve.
        nx, ny = -(ahead_y - y) / length, (ahead_x - x) / length
        reach = (abs(nx) * box.width + abs(ny) * box.height) / 2
        for ring, times in zip(rings, (0, 1, 2), strict=True):
            ring.extend([(x + times * reach * nx, y + times * reach * ny)])
            if times:
                ring.append((x - times * reach * nx, y - times * reach * ny))
    to_data = ax.transData.inverted().transform
    return [(float(p[0]), float(p[1])) for ring in rings for p in map(to_data, ring)]


def _place_node_labels(ax: Axes, room: _Room, labels: Sequence[_NodeLabel]) -> int:
    """Move each node label outward until it is clear, or hide it; return how many hid.

    The first label, the focal organization's, always stays.
    """
    hidden = 0
    for index, label in enumerate(labels):
        text = label.text
        text.set_visible(True)
        for step in range(4):
            away = label.away + 7 * step
            text.xyann = (away * label.direction[0], away * label.direction[1])
            box = _box(ax, text)
            if room.free(box) or index == 0:
                room.boxes.append(box)
                break
        else:
            text.xyann = (label.away * label.direction[0], label.away * label.direction[1])
            text.set_visible(False)
            hidden += 1
    return hidden


def _place_edge_labels(ax: Axes, room: _Room, labels: Sequence[_EdgeLabel]) -> int:
    """Move each edge label to a free spot by its edge, or hide it; return how many hid."""
    hidden = 0
    for label in labels:
        text = label.text
        text.set_visible(True)
        text.set_position(_bezier(*label.curve, label.spots[0]))
        for point in _candidates(ax, label, _box(ax, text)):
            text.set_position(point)
            box = _box(ax, text)
            if room.free(box):
                room.boxes.append(box)
                break
        else:
            text.set_position(_bezier(*label.curve, label.spots[0]))
            text.set_visible(False)
            hidden += 1
    return hidden


def _declutter(
    ax: Axes,
    geometry: _Geometry,
    hub: Text,
    nodes: Sequence[_NodeLabel],
    edges: Sequence[_EdgeLabel],
) -> int:
    """Keep labels apart; return how many are left out for want of room."""
    hidden = _place_node_labels(ax, _room(ax, geometry, hub), nodes)
    if not edges:
        return hidden
    # Node labels moved out may move the drawing: lay it out again first.
    room = _room(ax, geometry, hub)
    room.boxes.extend(_box(ax, label.text) for label in nodes if label.text.get_visible())
    return hidden + _place_edge_labels(ax, room, edges)


# --------------------------------------------------------------------------
# The whole picture.


def _draw(ax: Axes, initiative: Initiative, options: _Options, *, fit: Figure | None) -> None:
    """Draw on ``ax``; size ``fit``, the figure made for it, to the drawing."""
    view = _view(initiative, options)
    geometry = _geometry(view, initiative.name)
    _draw_nodes(ax, view, geometry)
    hub, node_labels = _draw_node_labels(ax, view, geometry, options.labels)
    labelled = options.labels == "all" and (view.grouped or len(view.edges) <= MAX_EDGE_LABELS)
    edge_labels, bends = _draw_edges(ax, view, geometry, labelled=labelled)
    kind = classify(initiative, rules=options.rules).kind
    ax.set_title(drawable(f"{initiative.name} — {kind.label}"), fontsize=12, **_PLAIN)
    ratio = _frame(ax, geometry, bends)
    if fit is not None:
        width, height = options.figsize or (8.0, min(max(6.8 * ratio + 1.6, 4.5), 10.0))
        fit.set_size_inches(width, height + (0.4 if view.grouped and not options.figsize else 0))
    _draw_legend(ax, view, _note(view, initiative, left_out=False, hint=options.hint))
    if _declutter(ax, geometry, hub, node_labels, edge_labels):
        # Saying so takes room below, which moves the drawing: place them again.
        _draw_legend(ax, view, _note(view, initiative, left_out=True, hint=options.hint))
        _declutter(ax, geometry, hub, node_labels, edge_labels)


def _render(figure: Figure, suffix: str) -> bytes:
    """Return the figure as the bytes of a file, the same bytes for the same picture."""
    import matplotlib as mpl

    kind = FORMATS[suffix]
    buffer = io.BytesIO()
    # A fixed salt for the SVG ids, glyphs drawn as paths: the same bytes every
    # time. The SVG writer reads both from rcParams only, so they are set there,
    # under the lock, for no longer than the writing takes.
    with _LOCK, mpl.rc_context({"svg.hashsalt": "cocreate", "svg.fonttype": "path"}):
        figure.savefig(buffer, format=kind, metadata=_METADATA[kind])
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Draw under the lock, with matplotlib's own warnings kept to the drawing.

    Under ``python -W error`` a missing glyph would otherwise stop the
    picture; names are drawable (:func:`~cocreate._model.validate.drawable`), so
    only a character no font has, or a layout that does not fit, warns.
    """
    with _LOCK, warnings.catch_warnings():
        for module in _ITS_OWN:
            for category in (UserWarning, RuntimeWarning):
                warnings.filterwarnings("ignore", category=category, module=module)
        yield


def _write(path: Path, data: bytes) -> None:
    """Write all of ``data`` to ``path`` or leave ``path`` as it was (the one atomic writer)."""
    from cocreate._formats.files import write_file

    write_file(os.fspath(path), data)


def _new_figure(*, pyplot: bool) -> Figure:
    if pyplot:
        import matplotlib.pyplot as plt

        return plt.figure(layout="constrained")
    from matplotlib.figure import Figure

    return Figure(layout="constrained")


def plot(
    initiative: Initiative,
    ax: Axes | None = None,
    *,
    rules: Rules | None = None,
    figsize: tuple[float, float] | None = None,
    labels: str = "all",
    highlight: Iterable[str | Stakeholder] | str | Stakeholder = (),
    group: bool | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Axes:
    """Draw the initiative as a graph and return the matplotlib Axes.

    The initiative itself is the hub in the centre; the stakeholders sit on
    a circle around it, clockwise from the top: the focal organization
    first, then its own people, then everyone else by role and id, so equal
    initiatives give the same picture whatever order they were given in.
    The focal organization is drawn larger, with a dark ring, a bold label
    and over everything else. Stakeholders are filled by role and ringed in
    green when they win, in red when they do not; each label gives the net
    value. Contributions are grey arrows from giver to receiver (to the hub
    when given to the initiative): solid for a substantive resource, dashed
    for a voice resource (ideas, input, feedback). Values are gold arrows
    from provider to beneficiary. A contribution's label sits by who gives
    it, a value's by who receives it; a label that would cover another
    label or a node moves along its arrow, and is left out (the legend says
    so) when no spot is free. Values of the default kind are labelled with
    their amount only. The title gives the classification. Names are
    drawn as they are written, never as mathtext or LaTeX (``$x$`` shows
    its dollars); a control character is drawn as a space (a line break,
    a tab) or as U+FFFD, and so is a lone surrogate. matplotlib's own
    warnings while drawing (a glyph the font lacks) are not passed on.

    With more than 15 stakeholders (see ``group``) the picture draws groups
    instead: stakeholders with the same role, on the same side of the focal
    organization (inside or outside), that all win or all do not, become
    one node sized by their number and labelled with it ("324 customers /
    win, net +3.5 each"); the focal organization and highlighted
    stakeholders stay single. The arrows between two nodes are merged, one
    per kind of flow, labelled with what flows and how many times. Flows
    within one group are not drawn; the legend says how many.

    Parameters
    ----------
    initiative
        The initiative to draw.
    ax
        The matplotlib Axes to draw on. By default a new figure is made,
        sized to the drawing: with :mod:`matplotlib.pyplot` (so a notebook
        shows it), or outside pyplot when ``path`` is given.
    rules
        The :class:`~cocreate.Rules` that decide who wins and which
        resources are voice; the defaults when ``None``.
    figsize
        ``(width, height)`` of the new figure in inches, each from 5 to 100;
        only without ``ax``.
    labels
        What to label: ``"all"`` (stakeholders and arrows, the default),
        ``"nodes"`` (stakeholders only) or ``"none"`` (only the focal
        organization and the initiative). Drawn one by one, more than 40
        stakeholders or 80 arrows are left unlabelled, but the focal
        organization and highlighted stakeholders.
    highlight
        Ids (or :class:`~cocreate.Stakeholder` objects) of stakeholders to
        emphasise with a dark ring and a bold label; they are never grouped.
    group
        ``True`` to draw groups, ``False`` to draw every stakeholder,
        ``None`` (the default) to group above 15 stakeholders.
    path
        A file to write the figure to, as SVG, PNG or PDF by its suffix
        (``.svg``, ``.png``, ``.pdf``). The file is written whole or not at
        all, and the same picture always gives the same bytes.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "cocreate[plot]"``).
    CocreateError
        If ``initiative`` is not an :class:`~cocreate.Initiative`, an option
        has a value it cannot take (the message says which values it can),
        or the file cannot be written.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cocreate.examples import nike_plus
    >>> ax = plot(nike_plus(), ax=Figure().add_subplot())
    >>> ax.get_title()
    'Nike+ — co-creation'
    >>> len([p for p in ax.patches if p.get_gid() == "cocreate-contribution"])
    5
    >>> [t.get_text().splitlines() for t in ax.texts if t.get_gid() == "cocreate-label-focal"]
    [['Nike (focal)', 'net +5, wins']]
    >>> plot(nike_plus(), labels="some")
    Traceback (most recent call last):
    ...
    cocreate.exceptions.CocreateError: labels must be one of 'all', 'nodes', 'none', got 'some'
    """
    options = _options(
        initiative,
        "plot",
        rules=rules,
        figsize=figsize,
        labels=labels,
        highlight=highlight,
        group=group,
    )
    target = _check_path(path)
    try:
        from matplotlib.axes import Axes
    except ImportError as error:  # pragma: no cover - the plot extra is a test dependency
        raise ImportError(_IMPORT_MESSAGE) from error
    if ax is not None and not isinstance(ax, Axes):
        msg = f"ax must be a matplotlib Axes, got {type(ax).__name__}"
        raise CocreateError(msg)
    if ax is not None and options.figsize is not None:
        msg = "give figsize or ax, not both: figsize sizes the new figure plot makes"
        raise CocreateError(msg)
    made = None
    if ax is None:
        made = _new_figure(pyplot=target is None)
        ax = made.add_subplot()
    with _quiet():
        _draw(ax, initiative, options, fit=made)
        data = b"" if target is None else _render(ax.figure.canvas.figure, target.suffix.lower())
    if target is not None:
        _write(target, data)
    return ax


def plot_svg(
    initiative: Initiative,
    *,
    rules: Rules | None = None,
    figsize: tuple[float, float] | None = None,
    labels: str = "all",
    highlight: Iterable[str | Stakeholder] | str | Stakeholder = (),
    group: bool | None = None,
) -> str:
    """Draw the initiative as :func:`plot` does and return the picture as SVG text.

    No matplotlib figure is left behind, and equal initiatives give the
    same text, whatever order their collections were given in: the SVG has
    no date, and its ids come from a fixed salt. Threads may call it at
    once: one drawing is made at a time, so each gets the same text.

    Parameters
    ----------
    initiative
        The initiative to draw.
    rules, figsize, labels, highlight, group
        As for :func:`plot`.

    Returns
    -------
    str
        An SVG document.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "cocreate[plot]"``).
    CocreateError
        If ``initiative`` is not an :class:`~cocreate.Initiative` or an
        option has a value it cannot take.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> svg = plot_svg(nike_plus())
    >>> svg.startswith("<?xml")
    True
    >>> svg == plot_svg(nike_plus())
    True
    """
    options = _options(
        initiative,
        "plot_svg",
        rules=rules,
        figsize=figsize,
        labels=labels,
        highlight=highlight,
        group=group,
    )
    return _svg(initiative, options)


def report_svg(initiative: Initiative, *, rules: Rules | None = None) -> str:
    """The picture for a report page: as :func:`plot_svg`, without hints meant for code.

    A notebook's legend may suggest ``labels='nodes'`` where labels are left
    out; a page sent to a client says only that they are.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> report_svg(nike_plus()) == plot_svg(nike_plus())
    True
    """
    options = _options(
        initiative, "report", rules=rules, figsize=None, labels="all", highlight=(), group=None
    )
    return _svg(initiative, options._replace(hint=False))


def _svg(initiative: Initiative, options: _Options) -> str:
    """Draw with the options given, as SVG text (see :func:`plot_svg`)."""
    try:
        figure = _new_figure(pyplot=False)
    except ImportError as error:  # pragma: no cover - the plot extra is a test dependency
        raise ImportError(_IMPORT_MESSAGE) from error
    with _quiet():
        _draw(figure.add_subplot(), initiative, options, fit=figure)
        return _render(figure, ".svg").decode("utf-8")
