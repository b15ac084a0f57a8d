"""Text pictures of an initiative: Mermaid flowcharts and Graphviz DOT.

Both are plain text that renders elsewhere (GitHub, Mermaid Live, Graphviz)
without any binary here. They draw what :func:`cocreate.plot` draws: the
initiative as the hub, stakeholders coloured by role, contributions as
solid (substantive) or dashed (voice) arrows, values as thick gold arrows.
"""

from __future__ import annotations

import re

from cocreate._model.graph import initiative_node
from cocreate._model.types import Initiative, Role, initiative_arg
from cocreate._model.validate import drawable

__all__ = ["to_dot", "to_mermaid"]

#: Fill colour of each role, as in :func:`cocreate.plot`.
_ROLE_COLORS = {
    Role.FIRM: "#4c72b0",
    Role.CUSTOMER: "#dd8452",
    Role.SUPPLIER: "#8172b3",
    Role.PARTNER: "#937860",
    Role.EMPLOYEE: "#64b5cd",
}
_CONTRIBUTION_COLOR = "#555555"
_VALUE_COLOR = "#b8860b"
_HUB_COLOR = "#f2f2f2"

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
#: What a DOT id cannot hold as it is: control characters (Graphviz refuses a
#: NUL) and lone surrogates (which no file can hold).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Characters a Mermaid label shows as they are; everything else is an entity.
_SAFE_LABEL = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:_+-()/'!?*=@%$^~"
)


def _number(value: float) -> str:
    return f"{value:.6g}"


def _value_label(amount: float, kind: str) -> str:
    sign = "+" if amount > 0 else ""
    return f"{sign}{_number(amount)} {kind.replace('_', ' ')}"


# --------------------------------------------------------------------------
# Mermaid


def _mermaid_text(text: str) -> str:
    """Escape text for a double-quoted Mermaid label.

    Letters, digits and plain punctuation stay; a line break becomes
    ``<br/>``; any other character (quotes, ``<``, ``>``, ``&``, ``#``,
    ``|``, brackets) becomes a Mermaid entity code such as ``#34;``, which
    Mermaid shows as the character.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(
        "".join(ch if ch in _SAFE_LABEL or ch.isalnum() else f"#{ord(ch)};" for ch in line)
        for line in lines
    )


def _mermaid_ids(initiative: Initiative) -> dict[str, str]:
    """Give every stakeholder a Mermaid node id made of ``[A-Za-z0-9_]`` only."""
    ids: dict[str, str] = {}
    taken = {"hub"}
    for person in initiative.ordered[0]:
        base = "s_" + _UNSAFE_ID.sub("_", person.id)
        candidate, suffix = base, 2
        while candidate in taken:
            candidate, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(candidate)
        ids[person.id] = candidate
    return ids


def to_mermaid(initiative: Initiative) -> str:
    """Return the initiative as a Mermaid flowchart.

    Paste it into a Markdown file on GitHub (in a ``mermaid`` code block)
    or into the Mermaid Live Editor to see it. The initiative is the hub
    node; each stakeholder is a node labelled with its name and role and
    coloured by role. Contributions are arrows ``-->`` (substantive) or
    ``-.->`` (voice: ideas, input, feedback) labelled with the resource;
    values are thick arrows ``==>`` labelled with the amount and kind, drawn
    in gold. Node ids are made of letters, digits and ``_`` only
    (``s_`` and the stakeholder id, made safe and unique); every label is
    quoted and escaped, so any name shows as written.

    Parameters
    ----------
    initiative
        The initiative to draw.

    Returns
    -------
    str
        The flowchart, one statement per line.

    Raises
    ------
    CocreateError
        If ``initiative`` is not an :class:`~cocreate.Initiative`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> chart = to_mermaid(nike_plus())
    >>> print(chart.splitlines()[0])
    flowchart LR
    >>> print(next(line for line in chart.splitlines() if "technology" in line))
        s_apple -->|"technology"| hub
    """
    initiative = initiative_arg(initiative, "to_mermaid")
    ids = _mermaid_ids(initiative)
    lines = ["flowchart LR", f'    hub(("{_mermaid_text(initiative.name)}"))']
    for person in initiative.ordered[0]:
        label = f"{_mermaid_text(person.name)}<br/>{person.role.value}"
        lines.append(f'    {ids[person.id]}["{label}"]')
    links: list[str] = []
    values: list[int] = []
    for c in initiative.ordered[1]:
        arrow = "-.->" if c.resource.is_voice else "-->"
        target = "hub" if c.target is None else ids[c.target]
        links.append(f'    {ids[c.source]} {arrow}|"{c.resource.value}"| {target}')
    for v in initiative.ordered[2]:
        source = "hub" if v.provider is None else ids[v.provider]
        label = _mermaid_text(_value_label(v.amount, v.kind.value))
        values.append(len(links))
        links.append(f'    {source} ==>|"{label}"| {ids[v.beneficiary]}')
    lines.extend(links)
    lines.append(f"    classDef hub fill:{_HUB_COLOR},stroke:#333,color:#000,font-weight:bold")
    lines.append("    class hub hub")
    for role, color in _ROLE_COLORS.items():
        members = [ids[p.id] for p in initiative.ordered[0] if p.role is role]
        if members:
            lines.append(f"    classDef {role.value} fill:{color},stroke:#333,color:#fff")
            lines.append(f"    class {','.join(members)} {role.value}")
    if values:
        indexes = ",".join(str(i) for i in values)
        lines.append(f"    linkStyle {indexes} stroke:{_VALUE_COLOR},color:{_VALUE_COLOR}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Graphviz DOT


def _dot_id(text: str) -> str:
    r"""Quote a DOT id: in a quoted string only ``\"`` is an escape.

    A backslash is doubled so that it can never escape the closing quote;
    Graphviz reads ``\\`` as a pair, so distinct ids stay distinct. A
    control character or a lone surrogate is written ``\uXXXX``: a single
    backslash before ``u`` comes from nothing else, so the ids stay
    distinct still, and Graphviz reads them (it refuses a NUL).
    """
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    if _CONTROL.search(quoted):
        quoted = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return f'"{quoted}"'


def _dot_label(text: str) -> str:
    r"""Quote a DOT label, where backslash sequences (``\n``, ``\N``, ...) mean something.

    A backslash becomes ``\\`` (shown as one backslash), a quote ``\"``, and
    a line break ``\n``, so the label shows the text as written; any other
    control character is shown as a picture shows it
    (:func:`~cocreate._model.validate.drawable`).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = "\\n".join(drawable(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return f'"{escaped}"'


def to_dot(initiative: Initiative) -> str:
    r"""Return the initiative as a Graphviz DOT digraph.

    Render it with ``dot -Tsvg`` or any Graphviz viewer. The initiative is
    the hub node ``"<initiative>"`` (with ``*`` added should a stakeholder
    have that id); each stakeholder is a node whose id is its own id,
    quoted, labelled with its name and role and filled by role.
    Contributions are grey edges, solid (substantive) or dashed (voice),
    labelled with the resource; values are bold gold edges labelled with the
    amount and kind. Every id and label is quoted and escaped.

    Parameters
    ----------
    initiative
        The initiative to draw.

    Returns
    -------
    str
        The DOT source, one statement per line.

    Raises
    ------
    CocreateError
        If ``initiative`` is not an :class:`~cocreate.Initiative`.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> source = to_dot(nike_plus())
    >>> print(source.splitlines()[0])
    digraph "Nike+" {
    >>> print(next(line for line in source.splitlines() if "technology" in line))
        "apple" -> "<initiative>" [label="technology", style=solid, color="#555555"];
    """
    initiative = initiative_arg(initiative, "to_dot")
    hub = _dot_id(initiative_node(initiative))
    lines = [
        f"digraph {_dot_id(initiative.name)} {{",
        "    graph [rankdir=LR, fontname=Helvetica];",
        '    node [shape=box, style="rounded,filled", fontname=Helvetica, fontcolor=white];',
        "    edge [fontname=Helvetica, fontsize=10];",
        (
            f"    {hub} [label={_dot_label(initiative.name)}, shape=ellipse, "
            f'fillcolor="{_HUB_COLOR}", fontcolor=black, style=filled];'
        ),
    ]
    for person in initiative.ordered[0]:
        label = _dot_label(f"{person.name}\n({person.role.value})")
        lines.append(
            f'    {_dot_id(person.id)} [label={label}, fillcolor="{_ROLE_COLORS[person.role]}"];'
        )
    for c in initiative.ordered[1]:
        target = hub if c.target is None else _dot_id(c.target)
        style = "dashed" if c.resource.is_voice else "solid"
        lines.append(
            f"    {_dot_id(c.source)} -> {target} [label={_dot_label(c.resource.value)}, "
            f'style={style}, color="{_CONTRIBUTION_COLOR}"];'
        )
    for v in initiative.ordered[2]:
        source = hub if v.provider is None else _dot_id(v.provider)
        label = _dot_label(_value_label(v.amount, v.kind.value))
        lines.append(
            f"    {source} -> {_dot_id(v.beneficiary)} [label={label}, style=bold, "
            f'color="{_VALUE_COLOR}", fontcolor="{_VALUE_COLOR}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
