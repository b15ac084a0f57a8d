"""The words for how sure a verdict is and what would change it.

Sentences for :class:`~cocreate.Robustness`, :class:`~cocreate.Stability`,
:class:`~cocreate.Simulation`, :class:`~cocreate.Comparison`,
:class:`~cocreate.Defection` and :class:`~cocreate.Balance`, written from
their data when first read. Nothing here decides anything; numbers go
through :func:`cocreate._words.rules.number`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cocreate._judgment.fair import FairShare, FairSplit
from cocreate._judgment.ranges import Robustness, Simulation, Stability
from cocreate._judgment.whatif import Balance, Comparison, Defection, Defections
from cocreate._model.hooks import explain
from cocreate._model.text import MAX_NAMES, many, named, number, plural, series, verb
from cocreate._model.types import Role
from cocreate._rules.params import Check, Kind
from cocreate._words.rules import requirement_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from cocreate._model.types import Stakeholder

__all__ = [
    "balance_sentences",
    "comparison_sentences",
    "defection_sentences",
    "defections_sentences",
    "fair_split_sentences",
    "percent",
    "requirement_in",
    "robustness_sentences",
    "simulation_sentences",
    "stability_sentences",
]


def percent(share: float) -> str:
    """Return a share as a percentage for people, to three significant digits.

    A share just below 1 gets up to six significant digits before it shows as 100%.

    Examples
    --------
    >>> percent(0.375), percent(1.0), percent(1 / 3), percent(0.00012345)
    ('37.5%', '100%', '33.3%', '0.0123%')
    >>> percent(0.9995), percent(0.99999999)
    ('99.95%', '100%')
    """
    value = share * 100
    for digits in (3, 4, 5):
        shown = float(f"{value:.{digits}g}")
        if shown < 100 or share >= 1:
            return f"{number(shown)}%"
    return f"{number(value)}%"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _verb_of(people: Sequence[Stakeholder], one: str, more: str) -> str:
    """The verb for named stakeholders: singular only for one that reads as one."""
    return verb([many(person) for person in people], one, more)


def _verb_in(plural_ids: frozenset[str], ids: Sequence[str], one: str, more: str) -> str:
    """The verb for stakeholders named by id, given which of them read as many."""
    return verb([key in plural_ids for key in ids], one, more)


def _more(shown: list[str], total: int) -> list[str]:
    return [*shown, f"{total - len(shown)} more"] if total > len(shown) else shown


# --------------------------------------------------------------------------
# Robustness, stability, simulation.


def _who(names: Mapping[str, str], ids: Sequence[str]) -> str:
    """Name stakeholders by the result's own display names (an id where it has none)."""
    return named([names.get(key, key) for key in ids])


def robustness_sentences(result: Robustness) -> tuple[str, ...]:
    """Which kinds are reachable, and whose net value the verdict turns on."""
    names = result.names
    if result.certain:
        return (
            (
                f"{result.initiative!r} is {result.kind.label} whatever the amounts and costs "
                "within their ranges: no valuation within them changes the verdict."
            ),
        )
    kinds = _capital(series([k.label for k in Kind if k in result.kinds], "or"))
    threshold = number(result.rules.win_threshold)
    pivotal = result.pivotal
    ranges = [
        f"from {number(low)} to {number(high)}"
        for low, high in (result.net_ranges[m] for m in pivotal[:MAX_NAMES])
    ]
    if len(pivotal) == 1:
        turn = (
            f"whether {_who(names, pivotal)} nets more than {threshold} "
            f"(its net value ranges {ranges[0]})"
        )
    else:
        # Each name beside its own range, so that a long list never pairs
        # them by position.
        each = [
            f"{_who(names, [key])} ({span})"
            for key, span in zip(pivotal[:MAX_NAMES], ranges, strict=True)
        ]
        turn = (
            f"whether these net more than {threshold} (each net value ranges as shown): "
            f"{series(_more(each, len(pivotal)))}"
        )
    return (f"{kinds}: it turns on {turn}.", f"At the estimates it is {result.kind.label}.")


def stability_sentences(result: Stability) -> tuple[str, ...]:
    """How far the estimates may move before the verdict can change, and who decides.

    With ranges of the user's own, the sentence is about them (the range
    scale); otherwise about a spread on every estimate. Never both, since
    they answer different questions.
    """
    if result.range_scale is not None:
        return _range_sentences(result)
    names = result.names
    verdict = f"The verdict ({result.kind.label})"
    if math.isinf(result.spread):
        return (
            (
                f"{verdict} holds however far the estimates are off: no spread moves a net "
                "value it needs across the win threshold."
            ),
        )
    first = result.first
    if result.spread == 0:
        return (
            (
                f"{verdict} holds only at the estimates: {_who(names, first)} "
                f"{_verb_in(result.many, first, 'nets', 'net')} exactly "
                f"{number(result.rules.win_threshold)}, "
                "so any spread can change it."
            ),
        )
    stop = [m for m in first if m in result.stop_winning]
    start = [m for m in first if m not in result.stop_winning]
    parts = []
    if stop:
        parts.append(
            f"{_who(names, stop)} {_verb_in(result.many, stop, 'is', 'are')} "
            "the first to stop winning"
        )
    if start and result.earlier:
        parts.append(
            f"{_who(names, start)} {_verb(len(start), 'decides', 'decide')}: the last "
            f"whose net value could reach {number(result.rules.win_threshold)}, after "
            f"{_who(names, result.earlier)}, which alone would not change the kind"
        )
    elif start:
        parts.append(
            f"{_who(names, start)} {_verb_in(result.many, start, 'is', 'are')} "
            "the first that could "
            "start winning"
        )
    within = f"within ±{percent(result.spread)} of its value"
    return (f"{verdict} holds while every estimate is {within}; {' and '.join(parts)}.",)


def _range_sentences(result: Stability) -> tuple[str, ...]:
    """The range scale in words: how far the user's own ranges may stretch."""
    names = result.names
    scale = result.range_scale
    verdict = f"The verdict ({result.kind.label})"
    first = result.range_first
    if scale is None or math.isinf(scale):
        return (
            (
                f"{verdict} is certain within your ranges, however far they are stretched "
                "about their estimates."
            ),
        )
    changes = f"{_who(names, first)} {_verb(len(first), 'decides', 'decide')}" if first else ""
    shown = number(float(f"{scale:.3g}"))  # a factor: three digits say it
    if scale == 0:
        said = f"{verdict} holds only at the estimates: any part of your ranges can change it"
    elif scale > 1:
        said = f"{verdict} is certain within your ranges, and up to {shown} times them"
    elif scale == 1:
        said = f"{verdict} holds within your ranges but not beyond: at their ends it can change"
    else:
        said = f"{verdict} is certain only within {shown} of your ranges"
    return (f"{said}{'; ' + changes if changes else ''}.",)


_PARTIES = {
    Check.FOCAL_WINS: ("the firm", "the firm"),
    Check.CO_CREATORS_WIN: ("the co-creator", "the co-creators"),
    Check.CUSTOMERS_WIN: ("the customer", "the customers"),
}


def outlook_sentence(result: Simulation) -> str:
    """Who wins how often, by party: "the customers win in 97% of draws; the firm in 62%".

    Each win check with members, most often holding first; a party of one
    is named.
    """
    names = result.names
    parts = []
    ordered = sorted(result.checks.items(), key=lambda pair: -pair[1])
    for index, (check, share) in enumerate(ordered):
        members = list(result.groups.get(check, ()))
        one, many = _PARTIES.get(check, ("", ""))
        if len(members) == 1 and members[0] in names:
            name = (
                f"{one} {_who(names, members)}"
                if check is Check.FOCAL_WINS
                else _who(names, members)
            )
            verb = "wins"
        else:
            name, verb = many, "win"
        parts.append(
            f"{name} {verb} in {percent(share)} of draws"
            if index == 0
            else f"{name} in {percent(share)}"
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}."


def simulation_sentences(result: Simulation) -> tuple[str, ...]:
    """The share of draws giving each kind, and how often each pivotal stakeholder wins."""
    names = result.names
    drawn = [(kind, share) for kind, share in result.probabilities.items() if share > 0]
    first, *rest = drawn
    shares = f"{first[0].label} in {percent(first[1])} of them"
    if rest:
        shares += " and " + series([f"{kind.label} in {percent(share)}" for kind, share in rest])
    drawn_from = f"{plural(result.n, 'draw')} ({result.distribution} within the ranges)"
    said = [f"In {drawn_from}, {result.initiative!r} is {shares}."]
    pivotal = result.pivotal[:MAX_NAMES]
    if pivotal:
        first_name, *others = pivotal
        share = percent(result.wins[first_name])
        verb_ = _verb_in(result.many, [first_name], "wins", "win")
        wins = [f"{_who(names, [first_name])} {verb_} in {share} of the draws"]
        wins.extend(f"{_who(names, [m])} in {percent(result.wins[m])}" for m in others)
        said.append(f"{series(_more(wins, len(result.pivotal)))}.")
    outlook = outlook_sentence(result)
    if outlook:
        said.append(outlook)
    return tuple(said)


# --------------------------------------------------------------------------
# What-if.


def requirement_in(check: Check, comparison: Comparison) -> str:
    """What ``check`` requires, in words, under the rules of the comparison's later verdict."""
    after = comparison.after
    # The focal organization's role is read only where the words need it: a
    # defection gathers what it found without the stakeholder only then.
    role = after.findings.focal.role if check is Check.FOCAL_WINS else Role.FIRM
    return requirement_of(check, after.rules, role)


def _net_change(name: str, change: tuple[float | None, float | None]) -> str:
    before, after = change
    if before is None:
        return f"{name!r} new at {number(after or 0.0)}"
    if after is None:
        return f"{name!r} gone (was {number(before)})"
    return f"{name!r} from {number(before)} to {number(after)}"


def comparison_sentences(result: Comparison) -> tuple[str, ...]:
    """Whether the kind changed, whose net values changed, and which criteria flipped."""
    before, after = result.before, result.after
    if before.initiative == after.initiative:
        title = repr(before.initiative)
        verdict = (
            f"{title} changes from {before.kind.label} to {after.kind.label}."
            if result.changed
            else f"{title} stays {after.kind.label}."
        )
    else:
        verdict = (
            f"{before.initiative!r} is {before.kind.label}; "
            f"{after.initiative!r} is {after.kind.label}."
        )
    said = [verdict]
    names = result.names
    changes = list(result.net_changes.items())
    if changes:
        shown = [_net_change(names[key], change) for key, change in changes[:MAX_NAMES]]
        said.append(f"Net values: {series(_more(shown, len(changes)))}.")
    if result.flipped:
        flips = [
            f"{requirement_in(check, result)} "
            f"({'held' if was else 'failed'}, now {'holds' if now else 'fails'})"
            for check, (was, now) in result.flipped.items()
        ]
        said.append(f"Criteria that flipped: {'; '.join(flips)}.")
    return tuple(said)


def defection_sentences(result: Defection) -> tuple[str, ...]:
    """What the verdict would be without one stakeholder, then the comparison."""
    comparison = result.comparison
    names = comparison.names
    name = named([result.name])
    title = repr(comparison.before.initiative)
    it = "them" if result.stakeholder in comparison.many else "it"
    if comparison.changed:
        first = (
            f"{_capital(comparison.before.kind.label)} depends on {name}: without {it}, "
            f"{title} would be {result.kind.label}."
        )
    else:
        first = f"Without {name}, {title} would still be {result.kind.label}."
    lost = list(result.lost.items())
    if not lost:
        return (first, *comparison.sentences[1:])
    losses = [
        f"{named([names[key]])} "
        f"{verb([key in comparison.many], 'loses ', 'lose ') if index == 0 else ''}{number(amount)}"
        for index, (key, amount) in enumerate(lost[:MAX_NAMES])
    ]
    alone = len(lost) == 1 and lost[0][0] not in comparison.many
    they = "it receives" if alone else "they receive"
    loss = f"Without {name}, {series(_more(losses, len(lost)))} of the value {they}."
    return (first, loss, *comparison.sentences[1:])


def defections_sentences(result: Defections) -> tuple[str, ...]:
    """The sentences of each defection in turn, or that there is no one to leave."""
    if not result:
        return ("There is no external contributor to leave.",)
    return tuple(sentence for d in result for sentence in d.sentences)


def balance_sentences(result: Balance) -> tuple[str, ...]:
    """Who bears the most cost, gains the most net value and per unit given; who loses."""
    said = []
    for total, noun, verb_one, shares in (
        (result.total_cost, "costs", "bears", [e.cost_share for e in result.entries]),
        (
            result.total_net_gained,
            "net value gained",
            "gains",
            [e.net_share for e in result.entries],
        ),
    ):
        if not total > 0:
            said.append(f"Nobody {verb_one} any {'cost' if noun == 'costs' else 'net value'}.")
            continue
        top = max(shares)
        people = [
            e.stakeholder for e, share in zip(result.entries, shares, strict=True) if share == top
        ]
        most = [person.name for person in people]
        said.append(
            f"Of all {noun} ({number(total)}), {named(most)} "
            f"{verb([many(p) for p in people], verb_one, verb_one[:-1])} the most: {percent(top)}"
            + ("" if len(most) == 1 else " each")
            + "."
        )
    ratios = [e for e in result.entries if e.ratio is not None]
    if ratios:
        best = max(e.ratio for e in ratios if e.ratio is not None)
        firsts = [e.stakeholder for e in ratios if e.ratio == best]
        first = [person.name for person in firsts]
        said.append(
            f"Per unit of cost given, {named(first)} "
            f"{_verb_of(firsts, 'receives', 'receive')} the most: {number(best)}"
            + ("" if len(first) == 1 else " each")
            + "."
        )
    losers = [e for e in result.entries if e.loses]
    if losers:
        nets = series(_more([number(e.net_value) for e in losers[:MAX_NAMES]], len(losers)))
        said.append(
            f"{named([e.stakeholder.name for e in losers])} "
            f"{_verb_of([e.stakeholder for e in losers], 'loses', 'lose')} in all: net "
            f"{_verb(len(losers), 'value', 'values')} {nets}."
        )
    givers = [e.stakeholder for e in result.entries if e.gives_without_gaining]
    takers = [e.stakeholder for e in result.entries if e.gains_without_giving]
    # Gross, not net: receiving something for what one gives, whatever the balance.
    if givers:
        said.append(
            f"{named([p.name for p in givers])} {_verb_of(givers, 'gives', 'give')} "
            "without receiving any value."
        )
    if takers:
        said.append(
            f"{named([p.name for p in takers])} {_verb_of(takers, 'receives', 'receive')} "
            "value without giving."
        )
    if not givers and not takers:
        said.append(
            "Everyone who gives also receives some value, and everyone who receives value "
            "also gives."
        )
    return tuple(said)


# --------------------------------------------------------------------------
# Fair split.


def _fair_share(entry: FairShare, total: float) -> str:
    name = named([entry.stakeholder.name])
    gap = number(abs(entry.difference))
    people = [entry.stakeholder]
    its = _verb_of(people, "its", "their")
    than = f"{gap} {'less' if entry.difference < 0 else 'more'} than {its} fair share"
    captures = _verb_of(people, "captures", "capture")
    if total > 0:
        return (
            f"{name} {_verb_of(people, 'creates', 'create')} {percent(entry.shapley / total)} "
            f"of the surplus and {captures} {percent(entry.net_value / total)}: {than}."
        )
    return (
        f"{name} {_verb_of(people, 'has', 'have')} a fair share of {number(entry.shapley)} "
        f"and {captures} {number(entry.net_value)}: {than}."
    )


def fair_split_sentences(result: FairSplit) -> tuple[str, ...]:
    """The surplus, who captures less or more than a fair share, and whether a coalition blocks."""
    surplus = (
        f"The surplus of {result.initiative!r}, every net value together, is "
        f"{number(result.total)}; a fair share of it is each stakeholder's Shapley value."
    )
    said = [surplus]
    off = sorted((e for e in result.entries if e.difference), key=lambda e: e.difference)
    said.extend(_fair_share(e, result.total) for e in off[:MAX_NAMES])
    if len(off) > MAX_NAMES:
        more = len(off) - MAX_NAMES
        said.append(
            f"{plural(more, 'more stakeholder')} {_verb(more, 'captures', 'capture')} "
            "more or less than a fair share."
        )
    if not off:
        said.append("Every stakeholder captures exactly its fair share.")
    if result.in_core:
        said.append(
            "No coalition would get more on its own than it captures: the split is in the core."
        )
    else:
        members = named([result[key].stakeholder.name for key in result.blocking])
        said.append(
            f"{members} would gain {number(result.excess)} on "
            f"{_verb(len(result.blocking), 'its', 'their')} own over what "
            f"{_verb(len(result.blocking), 'it captures', 'they capture')}: "
            "the split is not in the core."
        )
    return tuple(said)


# --------------------------------------------------------------------------
# The hooks: each result's words, registered for its type.

explain.register(Robustness)(robustness_sentences)
explain.register(Stability)(stability_sentences)
explain.register(Simulation)(simulation_sentences)
explain.register(Comparison)(comparison_sentences)
explain.register(Defection)(defection_sentences)
explain.register(Defections)(defections_sentences)
explain.register(Balance)(balance_sentences)
explain.register(FairSplit)(fair_split_sentences)
