"""What a user would write by hand: the rules on plain dicts, in about 40 lines.

This is a benchmark baseline, not part of cocreate. It classifies the dict
form of an initiative (``Initiative.to_dict()``: lists of stakeholder,
contribution and value dicts) by the rules of SPEC section 2 with the
default parameters (win threshold 0; ideas, input and feedback are voice;
two contributors make a collaboration), and returns the kind's word, as
``cocreate.classify(...).kind.value`` does. It checks nothing and explains
nothing, and it sums net values naively, in the order given, as people do:
``benchmarks/small.py`` checks that it agrees with cocreate on every
initiative it times.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

VOICE = frozenset({"ideas", "input", "feedback"})


def classify(data: Mapping[str, Any]) -> str:
    """Return the kind of the initiative ``data``, as a word."""
    focal = data["focal"]
    people = data["stakeholders"]
    net = {p["id"]: 0.0 for p in people}
    given: dict[str, set[str]] = {}
    for c in data.get("contributions", ()):
        net[c["source"]] -= c.get("cost", 0.0)
        given.setdefault(c["source"], set()).add(c["resource"])
    for v in data.get("values", ()):
        net[v["beneficiary"]] += v["amount"]
    internal = {p["id"] for p in people if focal in (p["id"], p.get("organization"))}
    customers = [p["id"] for p in people if p["role"] == "customer"]
    partners = [k for k, res in given.items() if k not in internal and not res <= VOICE]
    firm_wins = net[focal] > 0
    customers_win = bool(customers) and all(net[c] > 0 for c in customers)
    open_goal = data.get("goal") != "specific_outcome"
    if (
        open_goal
        and partners
        and firm_wins
        and customers_win
        and all(net[p] > 0 for p in partners)
        and len({*partners, *customers}) >= 2  # some co-creator is not some customer
    ):
        return "co_creation"
    giving = [c for c in customers if c in given]
    voice_only = all(given[c] <= VOICE for c in giving)
    if open_goal and giving and voice_only and firm_wins and customers_win:
        return "customer_focused_innovation"
    if len(given) >= 2:
        return "collaboration"
    return "unclassified"
