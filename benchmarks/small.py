"""Many small initiatives: cocreate against the plain-dict classifier of ``plain.py``.

``benchmarks/run.py`` runs this; it generates ``count`` small initiatives
(5 to 30 stakeholders each, every kind represented) from a seeded
``random.Random``, as ``Initiative`` objects and as the JSON-parsed dicts
of their ``to_dict()``, and times, best of a few rounds in which each is
timed once in turn:

* ``classify`` on each initiative, fresh (empty caches, as after
  unpickling), against ``plain.classify`` on each dict;
* ``Initiative.from_dict`` then ``classify`` on each dict, against the same
  plain classifier on the same dicts;
* ``list(classify_many(initiatives, workers=2))`` against ``workers=1``.

Before timing, it checks that the plain classifier gives cocreate's kind on
every initiative, so that the baseline does no less than the library.
Costs and amounts are multiples of 0.5, so that the plain classifier's
naive sums are exact and the two agree; cocreate's exact sums still cost
what they cost.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from typing import TYPE_CHECKING, Any

import plain
from cocreate import Initiative, _batch, classify, classify_many
from targets import Target, interleaved, seconds

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: How many small initiatives by default.
DEFAULT_COUNT = 10_000

#: Targets: classify vs plain; from_dict + classify vs plain; workers=2 vs workers=1.
CLASSIFY_TARGET = 3.0
FROM_DICT_TARGET = 5.0
WORKERS_TARGET = 1.0

VOICE = ("ideas", "input", "feedback")
SUBSTANTIVE = ("technology", "capital", "labor", "design", "data", "platform", "product")
GOALS = (None, "new_offering", "new_offering", "new_offering", "specific_outcome")
#: What each initiative is drawn to be; drawing noise makes some end up as another kind.
PLANS = ("co-creation", "customer-focused", "collaboration", "alone")

Data = dict[str, Any]


# --------------------------------------------------------------------------
# The initiatives.


def _half(rng: random.Random, low: float, high: float) -> float:
    """A multiple of 0.5 from ``low`` to ``high``."""
    return rng.randint(int(low * 2), int(high * 2)) / 2


def _people(rng: random.Random) -> list[Data]:
    size = rng.randint(5, 30)
    people: list[Data] = [{"id": "firm", "role": "firm", "name": "The Firm"}]
    people.extend(
        {"id": f"employee-{i}", "role": "employee", "organization": "firm"}
        for i in range(rng.randint(0, 2))
    )
    people.extend(
        {"id": f"partner-{i}", "role": rng.choice(("partner", "supplier"))}
        for i in range(rng.randint(1, 3))
    )
    people.extend(
        {"id": f"customer-{i}", "role": "customer", "customer_of": ["firm"]}
        for i in range(size - len(people))
    )
    return people


def _resources(rng: random.Random, plan: str, role: str) -> list[str]:
    """The resources one stakeholder gives under a plan."""
    if plan == "alone" and role != "firm":
        return []
    if role == "customer":
        if rng.random() < 0.4:
            return []
        substantive = plan == "co-creation" and rng.random() < 0.3
        return [rng.choice(SUBSTANTIVE if substantive else VOICE)]
    if role in {"partner", "supplier"} and plan == "customer-focused":
        return []
    return [rng.choice(SUBSTANTIVE) for _ in range(rng.randint(1, 2))]


def make_dict(rng: random.Random, index: int) -> Data:
    """Return one small initiative, in the dict form of ``Initiative.to_dict()``."""
    plan = rng.choice(PLANS)
    people = _people(rng)
    contributions = [
        {"source": p["id"], "resource": resource, "cost": _half(rng, 0, 3)}
        for p in people
        for resource in _resources(rng, plan, p["role"])
    ]
    # Now and then one stakeholder loses, which keeps the stronger kinds from holding.
    chance = 0.6 if plan == "collaboration" else 0.25
    loser = rng.choice(people)["id"] if rng.random() < chance else None
    values = [
        {
            "beneficiary": p["id"],
            "amount": _half(rng, -4, 0) if p["id"] == loser else _half(rng, 3, 12),
            "kind": "other",
        }
        for p in people
    ]
    data: Data = {
        "name": f"initiative {index}",
        "focal": "firm",
        "stakeholders": people,
        "contributions": contributions,
        "values": values,
    }
    goal = rng.choice(GOALS)
    if goal is not None:
        data["goal"] = goal
    return data


def make_small(count: int, seed: int = 15) -> tuple[list[Initiative], list[Data]]:
    """Return ``count`` small initiatives and the JSON-parsed dicts of their ``to_dict()``."""
    rng = random.Random(seed)
    initiatives = [Initiative.from_dict(make_dict(rng, i)) for i in range(count)]
    dicts = [json.loads(json.dumps(i.to_dict())) for i in initiatives]
    return initiatives, dicts


def disagreements(initiatives: Sequence[Initiative], dicts: Sequence[Data]) -> list[str]:
    """Return a line for each initiative the plain classifier gets wrong."""
    lines = []
    for index, (initiative, data) in enumerate(zip(initiatives, dicts, strict=True)):
        kind = classify(initiative).kind.value
        mine = plain.classify(data)
        if mine != kind:
            lines.append(f"initiative {index}: cocreate says {kind}, plain.py says {mine}")
    return lines


# --------------------------------------------------------------------------
# The timings.


def fresh(initiatives: Sequence[Initiative]) -> list[Initiative]:
    """Copies with empty caches, as after unpickling."""
    return [copy.copy(i) for i in initiatives]


def classify_each(initiatives: list[Initiative]) -> list[object]:
    """``classify`` each initiative."""
    return [classify(i).kind for i in initiatives]


def from_dict_each(dicts: list[Data]) -> list[object]:
    """Build each initiative with ``from_dict``, then ``classify`` it."""
    return [classify(Initiative.from_dict(d)).kind for d in dicts]


def plain_each(dicts: list[Data]) -> list[object]:
    """The plain classifier on each dict."""
    return [plain.classify(d) for d in dicts]


def many(workers: int) -> Callable[[list[Initiative]], object]:
    """``classify_many`` with ``workers``, every result read."""

    def run(initiatives: list[Initiative]) -> object:
        return [r.kind for r in classify_many(initiatives, workers=workers)]

    return run


def measure_small(count: int, repeats: int, say: Callable[[str], None]) -> dict[str, Any]:
    """Generate, check and time ``count`` small initiatives; return the figures."""
    initiatives, dicts = make_small(count)
    kinds = Counter(classify(i).kind.label for i in initiatives)
    sizes = [len(i.stakeholders) for i in initiatives]
    say(f"{count:,} small initiatives: {dict(kinds)}")
    wrong = disagreements(initiatives, dicts)
    # In turns, so that each ratio compares times taken under the same
    # conditions (a baseline timed apart came out 1.6x slower in one run).
    times = interleaved(
        {
            "plain": (lambda: dicts, plain_each),
            "classify": (lambda: fresh(initiatives), classify_each),
            "from_dict + classify": (lambda: dicts, from_dict_each),
            "workers=1": (lambda: fresh(initiatives), many(1)),
            "workers=2": (lambda: fresh(initiatives), many(2)),
        },
        repeats,
    )
    # How classify_many started its workers here: forked, inheriting the list,
    # or spawned and sent the initiatives (docs/performance.md says when).
    start = "fork" if _batch._forks(initiatives) else "spawn"  # noqa: SLF001
    return {
        "start": start,
        "count": count,
        "stakeholders": {"min": min(sizes), "max": max(sizes), "mean": sum(sizes) / count},
        "contributions": sum(len(i.contributions) for i in initiatives),
        "kinds": dict(kinds),
        "disagreements": wrong,
        "times": times,
    }


def per_initiative(total: float, count: int) -> str:
    """A total time for ``count`` initiatives, per initiative and in all."""
    return f"{total / count * 1e6:.1f} µs each ({seconds(total)})"


def small_targets(result: dict[str, Any]) -> list[Target]:
    """The three targets of the small initiatives."""
    times = result["times"]
    count = result["count"]
    base = per_initiative(times["plain"], count)
    return [
        Target(
            "classify per initiative (fresh)",
            "plain.py classifier",
            per_initiative(times["classify"], count),
            base,
            times["classify"] / times["plain"],
            CLASSIFY_TARGET,
        ),
        Target(
            "from_dict + classify",
            "plain.py on JSON-parsed dicts",
            per_initiative(times["from_dict + classify"], count),
            base,
            times["from_dict + classify"] / times["plain"],
            FROM_DICT_TARGET,
        ),
        Target(
            "classify_many(workers=2)",
            "classify_many(workers=1)",
            seconds(times["workers=2"]),
            seconds(times["workers=1"]),
            times["workers=2"] / times["workers=1"],
            WORKERS_TARGET,
            strict=True,
        ),
    ]


def describe(result: dict[str, Any]) -> list[str]:
    """Lines that say what was measured, and whether the baseline agreed."""
    sizes = result["stakeholders"]
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(result["kinds"].items()))
    first = (
        f"{result['count']:,} small initiatives: {sizes['min']} to {sizes['max']} stakeholders "
        f"(mean {sizes['mean']:.1f}), {result['contributions']:,} contributions in all"
    )
    lines = [first, f"kinds: {kinds}", f"classify_many's workers started by {result['start']}"]
    wrong = result["disagreements"]
    if wrong:
        lines.append(f"plain.py DISAGREES with cocreate.classify on {len(wrong):,} initiatives:")
        lines.extend(f"  {line}" for line in wrong[:10])
    else:
        lines.append(f"plain.py agrees with cocreate.classify on all {result['count']:,}")
    return lines
