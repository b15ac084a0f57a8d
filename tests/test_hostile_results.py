"""Every result survives pickling: Dask and multiprocessing send results between processes."""

from __future__ import annotations

import pickle
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pytest

from cocreate import (
    BatchResult,
    Contribution,
    Initiative,
    Rules,
    Stakeholder,
    Value,
    balance,
    check_win_win_win,
    classify,
    classify_many,
    compare,
    defections,
    explain_stability,
    ledger,
    profile,
    robustness,
    simulate,
    sweep,
    transfer,
    without,
)
from cocreate.examples import my_starbucks_idea, nike_plus

if TYPE_CHECKING:
    from collections.abc import Callable

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def crowd() -> Initiative:
    """A firm, a partner that gives technology, and customers in two segments of one group."""
    return Initiative(
        "Crowd",
        "firm",
        [
            Stakeholder("firm", "firm", name="The Firm"),
            Stakeholder("maker", "partner", name="Maker"),
            Stakeholder("picked", "customer", size=10, group="fans"),
            Stakeholder("others", "customer", size=990, group="fans"),
        ],
        [
            Contribution("maker", "technology", cost=2, low=1, high=4),
            Contribution("picked", "ideas", cost=1),
            Contribution("firm", "capital", cost=3),
        ],
        [
            Value("firm", 5, low=2, high=9),
            Value("maker", 4, provider="firm"),
            Value("picked", 3),
            Value("others", -1),
        ],
        goal="new_offering",
    )


def priced() -> Initiative:
    """Customers pay a linked price 6..14 for an offering that costs the firm 8 and is worth 12."""
    pay, paid = transfer("customers", "firm", "capital", 10, low=6, high=14, link="price")
    return Initiative(
        "Priced",
        "firm",
        [Stakeholder("firm", "firm"), Stakeholder("customers", "customer")],
        [pay, Contribution("firm", "product", cost=8), Contribution("customers", "ideas")],
        [paid, Value("customers", 12)],
    )


def _results() -> dict[str, Callable[[], Any]]:
    nike = nike_plus()
    return {
        "Classification": lambda: classify(nike),
        "Classification, crowds judged together": lambda: classify(crowd()),
        "Classification, each segment": lambda: classify(crowd(), rules=Rules(groups="each")),
        "WinCheck": lambda: check_win_win_win(nike),
        "Ledger": lambda: ledger(crowd()),
        "Profile": lambda: profile(nike),
        "Robustness": lambda: robustness(crowd(), spread=0.5),
        "Stability": lambda: explain_stability(nike),
        "Simulation": lambda: simulate(crowd(), n=200, seed=3, spread=0.5),
        "Robustness with links": lambda: robustness(priced()),
        "Stability with ranges": lambda: explain_stability(priced()),
        "Simulation with links": lambda: simulate(priced(), n=200, seed=3),
        "Sweep": lambda: sweep(priced(), "price"),
        "Sweep of one item": lambda: sweep(nike, nike.values[0]),
        "Comparison": lambda: compare(nike, without(nike, "apple")),
        "Comparison of a crowd": lambda: compare(crowd(), without(crowd(), "picked")),
        "Defection": lambda: defections(nike)[0],
        "defections": lambda: defections(crowd()),
        "Balance": lambda: balance(my_starbucks_idea()),
        "BatchResult": lambda: next(classify_many([crowd()])),
    }


RESULTS = _results()


def _words(result: object) -> tuple[object, ...]:
    """Everything a result says: its sentences (or each item's) and its text."""
    if isinstance(result, tuple):
        return tuple(_words(item) for item in result)
    if isinstance(result, BatchResult):
        assert result.classification is not None
        return _words(result.classification)
    said = getattr(result, "sentences", None) or getattr(result, "reasons", None)
    return (said, str(result))


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("name", list(RESULTS))
def test_round_trip(name: str, protocol: int) -> None:
    """A result pickled at every protocol comes back equal and says the same."""
    result = RESULTS[name]()
    said = _words(result)  # read first: the caches it fills are pickled too
    again = pickle.loads(pickle.dumps(result, protocol=protocol))  # noqa: S301 - our own data
    assert type(again) is type(result)
    assert again == result
    assert _words(again) == said
    # A fresh copy, never read, says the same once unpickled.
    fresh = pickle.loads(pickle.dumps(RESULTS[name](), protocol=protocol))  # noqa: S301
    assert _words(fresh) == said


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_read_only_mappings_stay_read_only(protocol: int) -> None:
    """Net changes, flipped checks, probabilities and wins are read-only after unpickling too."""
    comparison = compare(nike_plus(), without(nike_plus(), "apple"))
    simulation = simulate(nike_plus(), n=50, seed=1)
    for mapping in (
        pickle.loads(pickle.dumps(comparison, protocol)).net_changes,  # noqa: S301
        pickle.loads(pickle.dumps(comparison, protocol)).flipped,  # noqa: S301
        pickle.loads(pickle.dumps(simulation, protocol)).probabilities,  # noqa: S301
        pickle.loads(pickle.dumps(simulation, protocol)).wins,  # noqa: S301
    ):
        assert isinstance(mapping, MappingProxyType)
        assert mapping


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    "make", [lambda: robustness(crowd(), spread=0.5), lambda: robustness(priced())]
)
def test_robustness_still_builds_witnesses(protocol: int, make: Callable[[], Any]) -> None:
    """What a robustness result keeps to build witnesses comes back with it, links too."""
    result = make()
    again = pickle.loads(pickle.dumps(result, protocol))  # noqa: S301
    assert dict(again.net_ranges) == dict(result.net_ranges)
    for kind in result.kinds:
        assert again.witness(kind) == result.witness(kind)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_sweep_is_hashable_and_equal(protocol: int) -> None:
    """A sweep is a value: equal after pickling, with the same hash."""
    result = sweep(priced(), "price")
    again = pickle.loads(pickle.dumps(result, protocol))  # noqa: S301
    assert again == result
    assert hash(again) == hash(result)
    assert {result, again} == {result}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_failed_batch_result(protocol: int) -> None:
    """An item that could not be classified comes back with its error's type and reason."""
    result = next(classify_many(["no-such-file.json"]))
    again = pickle.loads(pickle.dumps(result, protocol))  # noqa: S301
    assert (again.index, again.source, again.name, again.classification) == (
        0,
        result.source,
        None,
        None,
    )
    assert type(again.error) is type(result.error)
    assert str(again.error) == str(result.error)
