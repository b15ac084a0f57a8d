"""The profile: the initiative against the first source's comparison table.

For each attribute (definition, partnership, focus, process, outcome) the
profile says which column fits: co-creation, collaboration, both or neither,
and why. The reasons name stakeholders in the canonical order (by id).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from cocreate._model.hooks import explain, to_html
from cocreate._model.text import all_of, plural, who
from cocreate._model.types import Goal, Initiative, Process
from cocreate._rules.facts import Facts
from cocreate._rules.params import (
    Check,
    Kind,
    Outcome,
    Rules,
    initiative_arg,
    outcome_of,
    rules_arg,
    structure_of,
)
from cocreate.exceptions import CocreateError

__all__ = ["COMPARISON_TABLE", "Column", "Profile", "ProfileRow", "profile"]


class Column(enum.Enum):
    """Which column of the comparison table an attribute matches.

    Examples
    --------
    >>> from cocreate.examples import cross_team_project
    >>> profile(cross_team_project())["focus"].column
    <Column.COLLABORATION: 'collaboration'>
    """

    CO_CREATION = "co-creation"
    COLLABORATION = "collaboration"
    BOTH = "both"
    NEITHER = "neither"


#: The comparison table of the first source text: attribute, co-creation
#: column, collaboration column.
COMPARISON_TABLE: tuple[tuple[str, str, str], ...] = (
    (
        "definition",
        "Jointly creating value with customers or other stakeholders",
        "Working together towards a common goal",
    ),
    (
        "partnership",
        "Often involves external partners such as customers, suppliers, etc.",
        "Can involve internal or external partners",
    ),
    (
        "focus",
        "Focuses on creating new products, services, or experiences",
        "Focuses on achieving a specific goal or outcome",
    ),
    (
        "process",
        "Iterative process involving multiple stakeholders",
        "Structured process with defined roles and responsibilities",
    ),
    ("outcome", "Value co-created by all participants", "Shared achievement of goals"),
)


@attrs.frozen
class ProfileRow:
    """One attribute of the comparison table, and which column the initiative matches.

    Examples
    --------
    >>> from cocreate.examples import solo_development
    >>> row = profile(solo_development())["process"]
    >>> row.co_creation, row.collaboration, row.column.value
    (True, True, 'both')
    >>> row.reason
    'the process is not stated, so both fit'
    """

    #: ``definition``, ``partnership``, ``focus``, ``process`` or ``outcome``.
    attribute: str
    #: Whether the co-creation column fits.
    co_creation: bool
    #: Whether the collaboration column fits.
    collaboration: bool
    #: Why, in a sentence.
    reason: str

    @property
    def column(self) -> Column:
        """The column matched: co-creation, collaboration, both or neither."""
        if self.co_creation and self.collaboration:
            return Column.BOTH
        if self.co_creation:
            return Column.CO_CREATION
        if self.collaboration:
            return Column.COLLABORATION
        return Column.NEITHER

    def to_dict(self) -> dict[str, Any]:
        """Return the row as a plain dict."""
        return {
            "attribute": self.attribute,
            "matches": self.column.value,
            "co_creation": self.co_creation,
            "collaboration": self.collaboration,
            "reason": self.reason,
        }


@attrs.frozen
class Profile:
    """The initiative against the comparison table of co-creation and collaboration.

    Examples
    --------
    >>> from cocreate.examples import nike_plus
    >>> for row in profile(nike_plus()).rows:
    ...     print(row.attribute, row.column.value)
    definition both
    partnership both
    focus co-creation
    process co-creation
    outcome both
    """

    #: The initiative's name.
    initiative: str
    #: One row per attribute, in the table's order.
    rows: tuple[ProfileRow, ...]
    #: The kind the structural criteria alone give, as :func:`cocreate.classify` states it.
    structure: Kind = attrs.field(kw_only=True)
    #: The strongest win condition that holds, as :func:`cocreate.classify` states it.
    outcome: Outcome = attrs.field(kw_only=True)

    def __getitem__(self, attribute: str) -> ProfileRow:
        """Return the row of an attribute."""
        for row in self.rows:
            if row.attribute == attribute:
                return row
        names = ", ".join(repr(r.attribute) for r in self.rows)
        msg = f"no profile attribute {attribute!r}; attributes: {names}"
        raise CocreateError(msg)

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as JSON-ready plain data.

        Examples
        --------
        >>> from cocreate.examples import nike_plus
        >>> profile(nike_plus()).to_dict()["rows"][2]["matches"]
        'co-creation'
        """
        return {
            "initiative": self.initiative,
            "structure": self.structure.value,
            "outcome": self.outcome.value,
            "rows": [row.to_dict() for row in self.rows],
        }

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks; every value is escaped."""
        return to_html(self)

    def __str__(self) -> str:
        """Return the profile as plain text, one attribute per line."""
        return "\n".join(explain(self))


def profile(initiative: Initiative, *, rules: Rules | None = None) -> Profile:
    """Match the initiative against each row of the first source's comparison table.

    For each attribute (definition, partnership, focus, process, outcome)
    the profile says whether the co-creation column, the collaboration
    column, both or neither fit, and why. See ``docs/rules.md`` for how each
    row is judged.

    Examples
    --------
    >>> from cocreate.examples import my_starbucks_idea
    >>> print(profile(my_starbucks_idea())["partnership"].reason)
    external contributors: 'customers'; 2 contributors in all
    """
    initiative = initiative_arg(initiative, "profile")
    # The rules' own facts: who contributes, who wins, crowds judged as the rules judge them.
    facts = Facts(initiative, rules_arg(rules))
    holds = facts.holds()
    judged = facts.initiative
    external = judged.external
    contributors = sorted(facts.contributors)
    outside = [c for c in contributors if c in external]
    together = holds[Check.CONTRIBUTORS]
    winners = sorted(filter(facts.wins, judged.accounts))
    outside_winners = [w for w in winners if w in external]
    everyone = plural(len(contributors), "contributor")
    rows = [
        ProfileRow(
            "definition",
            bool(outside) and bool(outside_winners) and len(winners) >= 2,
            together,
            f"{everyone} ({len(outside)} external); "
            f"{plural(len(winners), 'stakeholder')} {'gains' if len(winners) == 1 else 'gain'}, "
            f"{len(outside_winners)} of them external",
        ),
        ProfileRow(
            "partnership",
            bool(outside),
            together,
            (
                f"external contributors: {who(judged, outside)}"
                if outside
                else "no external stakeholder contributes"
            )
            + f"; {everyone} in all",
        ),
        _focus(initiative.goal),
        _process(initiative.process),
    ]
    participants = sorted({*contributors, *(c.id for c in judged.customers)})
    losing = [p for p in participants if not facts.wins(p)]
    count = len(participants)
    if losing:
        gain = f"no gain for {who(judged, losing)}"
    elif count:
        gain = (
            f"{all_of(count, 'participant')} (contributors and customers) "
            f"{'gains' if count == 1 else 'gain'}"
        )
    else:
        gain = "there are no contributors or customers"
    work = f"; {everyone} share the work" if together else "; there is no joint work"
    rows.append(ProfileRow("outcome", together and not losing, together, gain + work))
    return Profile(
        initiative.name, tuple(rows), structure=structure_of(holds), outcome=outcome_of(holds)
    )


def _focus(goal: Goal | None) -> ProfileRow:
    """Focus: a new offering (co-creation) or a specific outcome (collaboration)."""
    return ProfileRow(
        "focus",
        goal is not Goal.SPECIFIC_OUTCOME,
        goal is not Goal.NEW_OFFERING,
        "the goal is not stated, so both fit"
        if goal is None
        else f"the goal is a {goal.value.replace('_', ' ')}",
    )


def _process(process: Process | None) -> ProfileRow:
    """Process: iterative (co-creation) or structured (collaboration)."""
    return ProfileRow(
        "process",
        process is not Process.STRUCTURED,
        process is not Process.ITERATIVE,
        "the process is not stated, so both fit"
        if process is None
        else f"the process is {process.value}",
    )
