"""The words: sentences, requirements, evidence and text tables from structured results.

The rules return data (enum members, ids, numbers); this module is the one
place that turns it into English. Nothing here decides anything.

Numbers shown to people are short (:func:`number`); the results keep the
exact values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cocreate._model.hooks import explain
from cocreate._model.text import (
    MAX_NAMES,
    all_of,
    named,
    natural,
    number,
    plural,
    series,
    verb,
)
from cocreate._model.types import Initiative, Role
from cocreate._rules.facts import (
    ASSUMPTIONS,
    EVIDENCE,
    REQUIREMENT,
    SENTENCE,
    Classification,
    Criterion,
    PartyCheck,
    WinCheck,
)
from cocreate._rules.params import Check, Kind, Rules
from cocreate._rules.profile import Profile
from cocreate._rules.sums import Ledger, column_label

#: The ledger's columns the text table shows after the name, as named in
#: every form (:data:`cocreate._rules.sums.LEDGER_COLUMNS`).
LEDGER_TEXT = (
    "role",
    "contribution_count",
    "cost",
    "value_count",
    "received",
    "net_value",
    "wins",
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from cocreate._model.types import Resource

__all__ = [
    "assumptions",
    "classification_sentences",
    "evidence",
    "ledger_text",
    "party_sentence",
    "requirement",
    "requirement_of",
    "rules_sentences",
    "table",
    "win_check_reasons",
]


# --------------------------------------------------------------------------
# Parties and win conditions.


def party_sentence(
    part: str, name: str, net: float, threshold: float, *, wins: bool, margin: float
) -> str:
    """Say whether one party wins, and by how much it falls short if not, as the rules found.

    ``wins`` and ``margin`` (the net value less the threshold) are the rules'
    findings; the words only say them.
    """
    said = f"{part} {name!r} has net value {number(net)}"
    if wins:
        return f"{said} and wins"
    if margin < 0:
        short = f"short by {number(-margin)}"
        return f"{said} and must win (more than {number(threshold)}; {short})"
    return f"{said} and must win (more than {number(threshold)}, not equal to it)"


_MISSING = {
    "no_co_creators": "there are no co-creators (external stakeholders giving a substantive "
    "resource)",
    "no_customers": "there are no customers (stakeholders with role 'customer')",
    "no_third_party": "every co-creator is also a customer and no other party is both, so "
    "fewer than three distinct parties win",
}


def win_check_reasons(check: WinCheck) -> tuple[str, ...]:
    """The sentences behind a win-win or win-win-win check."""
    said = [
        party_sentence(p.part, p.name, p.net_value, check.threshold, wins=p.wins, margin=p.margin)
        for p in check.parties
    ]
    said.extend(_MISSING[key] for key in check.missing)
    return tuple(said)


# --------------------------------------------------------------------------
# Criteria.


def requirement(criterion: Criterion) -> str:
    """What a criterion requires, in words."""
    return requirement_of(criterion.check, criterion.rules, criterion.role)


def requirement_of(check: Check, rules: Rules, role: Role) -> str:
    """What ``check`` requires under ``rules``, in words; ``role`` is the focal organization's."""
    voice = sorted(r.value for r in rules.voice_resources)
    if check is Check.FOCAL_WINS:
        return f"the focal {role.value} wins"
    if check is Check.CO_CREATORS:
        return f"an external stakeholder gives a resource beyond {series(voice)}"
    if check is Check.VOICE_ONLY:
        return f"every customer contribution is {series(voice, 'or')}"
    if check is Check.CONTRIBUTORS:
        return f"at least {rules.min_contributors} distinct stakeholders contribute"
    return _REQUIREMENTS[check]


_REQUIREMENTS = {
    Check.GOAL: "the goal is not a specific outcome",
    Check.CO_CREATORS_WIN: "every co-creator wins",
    Check.CUSTOMERS: "there is at least one customer",
    Check.CUSTOMERS_WIN: "every customer wins",
    Check.THREE_PARTIES: "some co-creator and some customer are different stakeholders",
    Check.CUSTOMER_CONTRIBUTES: "at least one customer contributes",
}


def evidence(criterion: Criterion) -> str:
    """The evidence of a criterion, in a sentence that names stakeholders and numbers."""
    return _EVIDENCE[criterion.check](criterion)


def _goal(criterion: Criterion) -> str:
    if criterion.assumed:
        return "the goal is not stated; assumed not to be a specific outcome"
    if criterion.holds:
        return "the goal is a new offering"
    return "the goal is a specific outcome"


def _words(resources: Iterable[Resource]) -> list[str]:
    return [r.value for r in resources]


def _counted(names: Sequence[str]) -> list[str]:
    """Names in the order people count them ("segment 3" before "segment 29")."""
    return sorted(names, key=natural)


def _co_creators(criterion: Criterion) -> str:
    people = criterion.names
    if criterion.holds:
        pairs = sorted(
            zip(people, criterion.substantive, strict=True), key=lambda pair: natural(pair[0])
        )
        parts = [
            f"{named([name])} ({series(_words(substance))})"
            for name, substance in pairs[:MAX_NAMES]
        ]
        more = len(people) - MAX_NAMES
        return "co-creators: " + series([*parts, *([f"{more} more"] if more > 0 else [])])
    said = "no external stakeholder gives a substantive resource"
    if people:
        given = sorted({r.value for each in criterion.given for r in each})
        said += (
            f"; {named(_counted(people))} {verb(criterion.many, 'gives', 'give')} "
            f"only {series(given)}"
        )
    return said


def _party(criterion: Criterion, index: int) -> str:
    part = _PART[criterion.check]
    if criterion.check is Check.FOCAL_WINS:
        part = f"focal {criterion.role.value}"
    # The stakeholders of a win check that failed are its losers; of one
    # that held, the lowest winners.
    return party_sentence(
        part,
        criterion.names[index],
        criterion.net_values[index],
        criterion.rules.win_threshold,
        wins=criterion.holds,
        margin=criterion.margins[index],
    )


_PART = {
    Check.FOCAL_WINS: "focal",
    Check.CO_CREATORS_WIN: "co-creator",
    Check.CUSTOMERS_WIN: "customer",
}


def _wins(criterion: Criterion) -> str:
    part = _PART[criterion.check]
    if criterion.count == 0:
        return f"there is no {part} to check"
    people = criterion.stakeholders
    if not criterion.holds:
        # Lowest first, as the rules list them; equal net values as people count names.
        order = sorted(
            range(len(people)),
            key=lambda i: (criterion.net_values[i], natural(criterion.names[i])),
        )
        said = [_party(criterion, i) for i in order[:MAX_NAMES]]
        if len(people) > MAX_NAMES:
            more = len(people) - MAX_NAMES
            said.append(f"{plural(more, f'more {part}')} {'does' if more == 1 else 'do'} not win")
        return "; ".join(said)
    if criterion.count == 1:
        return _party(criterion, 0)
    return (
        f"{all_of(criterion.count, part)} win; the lowest net value is "
        f"{number(criterion.net_values[0])} (of {named(_counted(criterion.names))}), "
        f"more than {number(criterion.rules.win_threshold)}"
    )


def _focal(criterion: Criterion) -> str:
    return _party(criterion, 0)


def _customers_exist(criterion: Criterion) -> str:
    if criterion.holds:
        # Not "customers: 'customers'": the names say who, the verb what.
        return (
            f"{named(_counted(criterion.names))} {verb(criterion.many, 'has', 'have')} "
            "the role customer"
        )
    return "there are no customers (stakeholders with role 'customer')"


def _three_parties(criterion: Criterion) -> str:
    people = criterion.names
    if criterion.assumed:
        return (
            f"customers may co-create under these rules: {named(people)} "
            f"{verb(criterion.many, 'acts', 'act')} as co-creator and customer, "
            "the firm-and-customer view"
        )
    if criterion.holds:
        return (
            f"co-creator {named(people[:1])} and customer {named(people[1:])} "
            "are different parties, so at least three parties win"
        )
    if criterion.missing:
        lacking = series(
            [_LACKING[word] for word in criterion.missing],
            "and" if len(criterion.missing) > 1 else "or",
        )
        return f"there is {lacking}, so fewer than three parties win"
    return (
        f"every co-creator ({named(people)}) is also a customer, and there is no "
        "other customer: a win-win, not a win-win-win"
    )


_LACKING = {"no_co_creators": "no co-creator", "no_customers": "no customer"}


def _customer_contributes(criterion: Criterion) -> str:
    if not criterion.holds:
        return "no customer contributes"
    return f"{plural(criterion.count, 'contribution')} from {named(criterion.names)}"


def _voice_only(criterion: Criterion) -> str:
    people = criterion.names
    if not people:
        return "no customer contributes"
    if criterion.holds:
        given = sorted({r.value for each in criterion.given for r in each})
        return f"customers give only {series(given)}"
    voice = sorted(r.value for r in criterion.rules.voice_resources)
    parts = [
        f"{'customers' if one else 'customer'} {named([name])} {verb([one], 'gives', 'give')} "
        f"{series(_words(substance))}"
        for name, one, substance in zip(
            people[:MAX_NAMES],
            criterion.many[:MAX_NAMES],
            criterion.substantive[:MAX_NAMES],
            strict=True,
        )
    ]
    if len(people) > MAX_NAMES:
        parts.append(f"{plural(len(people) - MAX_NAMES, 'more customer')} too")
    return "; ".join(parts) + f"; customers may give only {series(voice)}"


def _contributors(criterion: Criterion) -> str:
    people = criterion.names
    if not people:
        return "no stakeholder contributes"
    if not criterion.holds and len(people) == 1:
        return f"only {named(people)} {verb(criterion.many, 'contributes', 'contribute')}"
    inside = criterion.internal
    return (
        f"{plural(len(people), 'stakeholder')} "
        f"{'contributes' if len(people) == 1 else 'contribute'}"
        f": {named(_counted(people))} ({inside} internal, {len(people) - inside} external)"
    )


_EVIDENCE = {
    Check.GOAL: _goal,
    Check.CO_CREATORS: _co_creators,
    Check.FOCAL_WINS: _focal,
    Check.CO_CREATORS_WIN: _wins,
    Check.CUSTOMERS: _customers_exist,
    Check.CUSTOMERS_WIN: _wins,
    Check.THREE_PARTIES: _three_parties,
    Check.CUSTOMER_CONTRIBUTES: _customer_contributes,
    Check.VOICE_ONLY: _voice_only,
    Check.CONTRIBUTORS: _contributors,
}


# --------------------------------------------------------------------------
# Classifications.


def _goal_phrase(result: Classification) -> str:
    if result.findings.goal is None:
        return "the goal is not stated"
    return "the goal is a new offering"


_CONDITION = {
    Kind.CO_CREATION: "a win-win-win",
    Kind.CUSTOMER_FOCUSED_INNOVATION: "a win-win",
}


def _set_up(result: Classification) -> str:
    """The first sentence where kind and structure differ: what it was set up as, who lost."""
    structure = result.structure
    losers: dict[str, tuple[float, str, bool]] = {}
    for criterion in result.criteria:
        if criterion.kind is structure and Check.wins_of(criterion.check) and not criterion.holds:
            for key, name, net, one in zip(
                criterion.stakeholders,
                criterion.names,
                criterion.net_values,
                criterion.many or [False] * len(criterion.stakeholders),
                strict=True,
            ):
                losers.setdefault(key, (net, name, one))
    # Lowest first; equal net values in the order people count names ("segment 3", "segment 29").
    ordered = sorted(losers.items(), key=lambda pair: (pair[1][0], natural(pair[1][1]), pair[0]))
    shown = [f"{named([name])} ({number(net)})" for _, (net, name, _) in ordered[:MAX_NAMES]]
    if len(ordered) > MAX_NAMES:
        shown.append(f"{len(ordered) - MAX_NAMES} more")
    lose = verb([one for _, (_, _, one) in ordered], "loses", "lose")
    return (
        f"{result.initiative!r} is set up as {structure.label}, but not "
        f"{_CONDITION.get(structure, 'a win')}: {series(shown)} {lose}, "
        f"so by the rules it is {result.kind.label}"
    )


def _verdict(result: Classification) -> str:
    if result.kind is not result.structure:
        reason = _kind_reason(result)
        return _set_up(result) + (f" ({reason})." if reason else ".")
    return _plain_verdict(result)


def _kind_reason(result: Classification) -> str:
    """What makes the kind hold, without the title: the evidence of its deciding criterion."""
    matched = {c.check: c for c in result.criteria if c.kind is result.kind}
    if result.kind is Kind.COLLABORATION:
        return matched[Check.CONTRIBUTORS].evidence
    if result.kind is Kind.CUSTOMER_FOCUSED_INNOVATION:
        return f"{matched[Check.CUSTOMER_CONTRIBUTES].evidence}, all of them voice"
    return ""


def _plain_verdict(result: Classification) -> str:
    focal = result.findings.focal
    title = repr(result.initiative)
    matched = {c.check: c for c in result.criteria if c.kind is result.kind}
    if result.kind is Kind.CO_CREATION:
        return (
            f"{title} is co-creation: {_goal_phrase(result)}; "
            f"substantive resources from {named(matched[Check.CO_CREATORS].names)}"
            f", outside {focal.name!r}; the focal {focal.role.value}, every co-creator and "
            "every customer win."
        )
    if result.kind is Kind.CUSTOMER_FOCUSED_INNOVATION:
        return (
            f"{title} is customer-focused innovation: {_goal_phrase(result)}; "
            f"{matched[Check.CUSTOMER_CONTRIBUTES].evidence}, all of them voice; "
            f"{focal.name!r} and every customer win."
        )
    if result.kind is Kind.COLLABORATION:
        return f"{title} is collaboration: {matched[Check.CONTRIBUTORS].evidence}."
    return (
        f"{title} is unclassified: it is not co-creation, customer-focused innovation "
        "or collaboration (there is no joint work)."
    )


def classification_sentences(result: Classification) -> tuple[str, ...]:
    """The verdict, then why each stronger kind failed, then what was assumed."""
    failures = []
    for kind in Kind:
        if kind is result.kind:
            break
        failed = [c.evidence for c in result.criteria if c.kind is kind and not c.holds]
        failures.append(f"Not {kind.label}: {'; '.join(failed)}.")
    return (_verdict(result), *failures, *result.assumptions)


def assumptions(result: Classification) -> tuple[str, ...]:
    """What was assumed because it was not stated."""
    found = result.findings
    said = []
    if found.goal is None:
        said.append(
            "The goal is not stated; it was assumed not to be a specific outcome, "
            "so it blocked no kind."
        )
    if found.process is None:
        said.append("The process is not stated; the rules do not depend on it (see the profile).")
    said.extend(f"Assumed: {line}" for line in found.assumptions)
    vendors = found.suppliers_paid
    if vendors:
        one = len(vendors) == 1
        said.append(
            f"Supplier {named([v.name for v in vendors])} counted as "
            f"{'a co-creator' if one else 'co-creators'} for "
            f"{'its' if one else 'their'} substantive input, and {named([found.focal.name])} "
            "pays for it; if it is a vendor paid for a service, mark that contribution "
            "as an exchange (exchange=True)."
        )
    return tuple(said)


# --------------------------------------------------------------------------
# Text tables.


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Lay out rows of cells as a plain-text table with aligned columns."""
    lines = [tuple(header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in lines
    )


def ledger_text(book: Ledger) -> str:
    """The ledger as a plain-text table, numbers short for people.

    Where some stakeholder stands for more than one (a segment of a crowd),
    two more columns give its size and its net value per member.
    """
    crowds = any(e.stakeholder.size > 1 or e.stakeholder.group for e in book.entries)
    header = ("stakeholder", *map(column_label, LEDGER_TEXT))
    extra = tuple(map(column_label, ("size", "per_member"))) if crowds else ()
    return table(
        header + extra,
        (
            (
                e.stakeholder.name,
                e.stakeholder.role.value,
                str(e.contributions),
                number(e.cost),
                str(e.values),
                number(e.received),
                number(e.net_value),
                "yes" if e.wins else "no",
                *((str(e.stakeholder.size), number(e.per_member)) if crowds else ()),
            )
            for e in book.entries
        ),
    )


# --------------------------------------------------------------------------
# The hooks: each result's words, registered for its type.


def _ledger_lines(book: Ledger) -> tuple[str, ...]:
    return tuple(ledger_text(book).splitlines())


def _profile_lines(result: Profile) -> tuple[str, ...]:
    return tuple(f"{row.attribute:<12} {row.column.value:<14} {row.reason}" for row in result.rows)


def _initiative_lines(initiative: Initiative) -> tuple[str, ...]:
    return (str(initiative),)


def _party_sentence(party: PartyCheck, threshold: float) -> str:
    return party_sentence(
        party.part, party.name, party.net_value, threshold, wins=party.wins, margin=party.margin
    )


def rules_sentences(rules: Rules) -> tuple[str, ...]:
    """The rules in words: the threshold, the voice resources, and each choice they make."""
    voice = sorted(r.value for r in rules.voice_resources)
    return (
        f"A stakeholder wins with a net value above {number(rules.win_threshold)}.",
        f"Voice resources (the rest are substantive): {series(voice) or 'none'}.",
        f"Collaboration needs at least {rules.min_contributors} distinct contributors.",
        "The segments of a crowd are judged together, as one party."
        if rules.groups == "together"
        else "Each segment of a crowd is judged on its own.",
        "Customers who give substantive inputs may be the co-creators "
        "(the firm-and-customer view of co-creation)."
        if rules.customers_co_create
        else "A win-win-win needs some co-creator and some customer to be different parties.",
    )


explain.register(Classification)(classification_sentences)
explain.register(Rules)(rules_sentences)
explain.register(WinCheck)(win_check_reasons)
explain.register(Ledger)(_ledger_lines)
explain.register(Initiative)(_initiative_lines)
explain.register(Profile)(_profile_lines)
SENTENCE.fill(_party_sentence)
REQUIREMENT.fill(requirement)
EVIDENCE.fill(evidence)
ASSUMPTIONS.fill(assumptions)
