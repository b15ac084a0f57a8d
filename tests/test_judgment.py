"""How sure a verdict is: robustness, stability and simulation (issue 13)."""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    CocreateError,
    Contribution,
    Initiative,
    Kind,
    Robustness,
    Rules,
    Simulation,
    Stability,
    Value,
    classify,
    explain_stability,
    ledger,
    robustness,
    simulate,
    stability,
    to_html,
)
from cocreate._judgment import ranges as _judgment
from cocreate._judgment.ranges import net_ranges, outlook
from cocreate.examples import cross_team_project, my_starbucks_idea, nike_plus
from cocreate.exceptions import ArgumentError

sys.path.insert(0, str(Path(__file__).parent))
from _judgment_strategies import (
    INITIATIVES,
    RULES,
    SPREADS,
    clamp,
    library_initiatives,
    small_initiatives,
)

del sys.path[0]

if TYPE_CHECKING:
    import random

LARGEST = sys.float_info.max
SETTINGS = settings(max_examples=60, deadline=None, database=None)


# --------------------------------------------------------------------------
# An independent statement of the ranges, for the brute force.


def bounds(item: Contribution | Value, spread: float) -> tuple[float, float]:
    """The range of an item's cost or amount, as SPEC.md section 3a states it."""
    cost = isinstance(item, Contribution)
    estimate = item.cost if isinstance(item, Contribution) else item.amount
    if item.low is not None or item.high is not None:
        low = estimate if item.low is None else item.low
        high = estimate if item.high is None else item.high
        return low, high
    width = spread * abs(estimate)
    low, high = estimate - width, estimate + width
    if cost:
        low = max(0.0, low)
    return clamp(low), clamp(high)


def valued(initiative: Initiative, spread: float, share: Any) -> Initiative:
    """The initiative with each item's cost or amount at ``share(item)`` of the way up its range."""
    contributions = []
    for c in initiative.contributions:
        low, high = bounds(c, spread)
        contributions.append(attrs.evolve(c, cost=_between(low, high, share(c))))
    values = []
    for v in initiative.values:
        low, high = bounds(v, spread)
        amount = _between(low, high, share(v))
        # A gain valued below 0 is a loss, which requires no one.
        requires = v.requires if amount >= 0 else ()
        values.append(attrs.evolve(v, amount=amount, requires=requires))
    return initiative.evolve(contributions=contributions, values=values)


def _between(low: float, high: float, share: float) -> float:
    return min(max(low * (1 - share) + high * share, low), high)


def extremes(initiative: Initiative, spread: float, up: dict[str, bool]) -> Initiative:
    """Each stakeholder at its highest net value (``up``) or its lowest."""

    def share(item: Contribution | Value) -> float:
        if isinstance(item, Contribution):
            return 0.0 if up[item.source] else 1.0
        return 1.0 if up[item.beneficiary] else 0.0

    return valued(initiative, spread, share)


def brute_kinds(initiative: Initiative, spread: float, rules: Rules) -> set[Kind]:
    ids = sorted(initiative.stakeholder_ids)
    return {
        classify(extremes(initiative, spread, dict(zip(ids, ups, strict=True))), rules=rules).kind
        for ups in itertools.product((False, True), repeat=len(ids))
    }


def point(initiative: Initiative) -> Initiative:
    return initiative.evolve(
        contributions=[attrs.evolve(c, low=None, high=None) for c in initiative.contributions],
        values=[attrs.evolve(v, low=None, high=None) for v in initiative.values],
    )


# --------------------------------------------------------------------------


class TestRobustness:
    def test_nike_plus_is_certain_at_its_estimates(self) -> None:
        """Without ranges, the only reachable kind is the kind at the estimates."""
        result = robustness(nike_plus())
        assert result.certain
        assert result.kinds == {Kind.CO_CREATION}
        assert result.net_ranges["apple"] == (3.0, 3.0)
        assert result.pivotal == ()

    def test_nike_plus_turns_on_nike_at_forty_percent(self) -> None:
        """At ±40% Nike can lose, so Nike+ may be collaboration; the sentence says so."""
        result = robustness(nike_plus(), spread=0.4)
        assert result.kinds == {Kind.CO_CREATION, Kind.COLLABORATION}
        assert result.pivotal == ("nike",)
        assert result.net_ranges["nike"] == (-1.0, 11.0)
        assert result.sentences[0] == (
            "Co-creation or collaboration: it turns on whether 'Nike' nets more than 0 "
            "(its net value ranges from -1 to 11)."
        )

    def test_explicit_ranges_are_used_and_spread_is_not(self) -> None:
        """An item with a range keeps it; a missing bound is the estimate."""
        nike = nike_plus()
        values = [Value("apple", 5, low=1) if v.beneficiary == "apple" else v for v in nike.values]
        result = robustness(nike.evolve(values=values), spread=0.1)
        assert result.net_ranges["apple"] == (1 - 2.2, 5 - 1.8)
        assert result.kinds == {Kind.CO_CREATION, Kind.COLLABORATION}

    def test_a_cost_never_ranges_below_zero(self) -> None:
        """With a spread above 1 a cost's lowest is 0, not negative."""
        result = robustness(nike_plus(), spread=3.0)
        assert result.net_ranges["apple"] == (5 - 15 - 8, 5 + 15 - 0)

    def test_an_overflowing_range_stays_finite_for_the_witness(self) -> None:
        """Bounds beyond the float range are held at the largest float, so witnesses build."""
        nike = nike_plus()
        big = nike.evolve(values=[*nike.values, Value("apple", 1e308)])
        result = robustness(big, spread=10.0)
        for kind in result.kinds:
            assert classify(result.witness(kind)).kind is kind

    def test_witness_of_unreachable_kind_is_refused(self) -> None:
        """Asking for a kind the ranges cannot reach raises CocreateError."""
        result = robustness(nike_plus(), spread=0.1)
        with pytest.raises(CocreateError, match="reachable: co-creation"):
            result.witness(Kind.UNCLASSIFIED)
        with pytest.raises(CocreateError):
            result.witness("co_creation")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "spread", [-0.1, math.nan, math.inf, 10**400, True, "0.1", None, [0.1]]
    )
    def test_bad_spreads_are_refused(self, spread: float) -> None:
        """A spread must be a finite number >= 0."""
        with pytest.raises(CocreateError, match="spread must be a finite number >= 0"):
            robustness(nike_plus(), spread=spread)

    def test_bad_arguments_are_refused(self) -> None:
        """A non-initiative, or rules that are not Rules, raise ArgumentError."""
        with pytest.raises(ArgumentError):
            robustness("nike")  # type: ignore[arg-type]
        with pytest.raises(ArgumentError):
            robustness(nike_plus(), rules=0)  # type: ignore[arg-type]

    def test_reported_as_public(self) -> None:
        """The result class says it lives in cocreate."""
        assert Robustness.__module__ == "cocreate"
        assert repr(robustness(nike_plus())).startswith("Robustness(initiative='Nike+'")

    def test_to_dict_is_json_ready_and_html_escapes(self) -> None:
        """to_dict survives JSON; the HTML view escapes a hostile name."""
        nike = nike_plus()
        hostile = nike.evolve(
            stakeholders=[
                attrs.evolve(s, name="<script>x</script>") if s.id == "nike" else s
                for s in nike.stakeholders
            ]
        )
        result = robustness(hostile, spread=0.5)
        assert json.loads(json.dumps(result.to_dict()))["kinds"] == ["co_creation", "collaboration"]
        page = result._repr_html_()
        assert "<script" not in page
        assert "&lt;script&gt;" in page

    @SETTINGS
    @given(INITIATIVES, SPREADS, RULES)
    def test_kind_is_classify_kind(
        self, initiative: Initiative, spread: float, rules: Rules
    ) -> None:
        """The kind is the classification's kind, and it is reachable."""
        result = robustness(initiative, rules=rules, spread=spread)
        assert result.kind is classify(initiative, rules=rules).kind
        assert result.kind in result.kinds

    @settings(max_examples=40, deadline=None, database=None)
    @given(small_initiatives(max_stakeholders=7), SPREADS, RULES)
    def test_kinds_agree_with_brute_force_over_extremes(
        self, initiative: Initiative, spread: float, rules: Rules
    ) -> None:
        """The reachable kinds are those of every stakeholder at one of its two extremes."""
        result = robustness(initiative, rules=rules, spread=spread)
        assert result.kinds == brute_kinds(initiative, spread, rules)

    @settings(max_examples=25, deadline=None, database=None)
    @given(library_initiatives(), SPREADS)
    def test_kinds_agree_with_brute_force_on_drawn_kinds(
        self, initiative: Initiative, spread: float
    ) -> None:
        """The brute force agrees on the library strategy's initiatives too."""
        result = robustness(initiative, spread=spread)
        assert result.kinds == brute_kinds(initiative, spread, Rules())

    @SETTINGS
    @given(INITIATIVES, SPREADS, RULES)
    def test_every_reachable_kind_has_a_witness_within_the_ranges(
        self, initiative: Initiative, spread: float, rules: Rules
    ) -> None:
        """Each witness classifies as its kind and moves only costs and amounts, within range."""
        result = robustness(initiative, rules=rules, spread=spread)
        for kind in result.kinds:
            witness = result.witness(kind)
            assert classify(witness, rules=rules).kind is kind
            assert witness.stakeholders == initiative.stakeholders
            for old, new in zip(initiative.contributions, witness.contributions, strict=True):
                low, high = bounds(old, spread)
                assert low <= new.cost <= high
                assert attrs.evolve(old, cost=new.cost) == new
            for was, now in zip(initiative.values, witness.values, strict=True):
                low, high = bounds(was, spread)
                assert low <= now.amount <= high
                # A gain moved below 0 is a loss, which requires no one.
                requires = was.requires if now.amount >= 0 else frozenset()
                assert attrs.evolve(was, amount=now.amount, requires=requires) == now

    @SETTINGS
    @given(INITIATIVES, SPREADS, RULES, st.data())
    def test_random_valuations_stay_within_reachable_kinds(
        self, initiative: Initiative, spread: float, rules: Rules, data: st.DataObject
    ) -> None:
        """A valuation drawn anywhere within the ranges gives a reachable kind."""
        result = robustness(initiative, rules=rules, spread=spread)
        shares = st.floats(0, 1)
        drawn = valued(initiative, spread, lambda _item: data.draw(shares))
        assert classify(drawn, rules=rules).kind in result.kinds
        for key, (low, high) in result.net_ranges.items():
            assert low <= drawn.accounts[key].net_value <= high

    @SETTINGS
    @given(INITIATIVES, SPREADS)
    def test_net_ranges_hold_the_estimates(self, initiative: Initiative, spread: float) -> None:
        """Each stakeholder's net value at the estimates lies within its range."""
        result = robustness(initiative, spread=spread)
        assert result.net_ranges.keys() == initiative.stakeholder_ids
        for key, (low, high) in result.net_ranges.items():
            assert low <= initiative.accounts[key].net_value <= high

    @SETTINGS
    @given(INITIATIVES, SPREADS, RULES)
    def test_a_larger_spread_reaches_at_least_as_much(
        self, initiative: Initiative, spread: float, rules: Rules
    ) -> None:
        """Ranges grow with the spread, so the reachable kinds do too."""
        smaller = robustness(point(initiative), rules=rules, spread=spread)
        larger = robustness(point(initiative), rules=rules, spread=spread * 2 + 0.1)
        assert smaller.kinds <= larger.kinds

    @settings(max_examples=30, deadline=None, database=None)
    @given(INITIATIVES, SPREADS, st.randoms(use_true_random=False))
    def test_order_of_collections_does_not_matter(
        self, initiative: Initiative, spread: float, rng: random.Random
    ) -> None:
        """Equal initiatives, however ordered, give equal results and equal words."""
        contributions, values = list(initiative.contributions), list(initiative.values)
        rng.shuffle(contributions)
        rng.shuffle(values)
        shuffled = initiative.evolve(contributions=contributions, values=values)
        assert robustness(shuffled, spread=spread) == robustness(initiative, spread=spread)
        assert (
            robustness(shuffled, spread=spread).sentences
            == robustness(initiative, spread=spread).sentences
        )


class TestOutlook:
    """The verdicts robustness settles from the accounts equal the ones summed term by term."""

    @settings(max_examples=300, deadline=None, database=None)
    @given(INITIATIVES, SPREADS, st.data())
    def test_settled_verdicts_are_exact(
        self, initiative: Initiative, spread: float, data: st.DataObject
    ) -> None:
        """At thresholds on, near and far from every end of every range, both ways agree.

        With nothing to vary (no spread, no ranges) the verdicts are
        classify's, exact near any threshold; otherwise the ends of the
        exactly rounded net ranges decide.
        """
        exact = net_ranges(initiative, spread)
        ends = sorted({end for pair in exact.values() for end in pair if math.isfinite(end)})
        end = data.draw(st.sampled_from(ends)) if ends else 0.0
        steps = data.draw(st.sampled_from((0, 1, -1, 2, -3, 1000, -1000)))
        threshold = end
        for _ in range(abs(steps)):
            threshold = math.nextafter(threshold, math.copysign(math.inf, steps))
        can_win, can_lose = outlook(initiative, spread, threshold)
        items: list[Contribution | Value] = [*initiative.contributions, *initiative.values]
        fixed = spread == 0 and all(i.low is None and i.high is None for i in items)
        if fixed:
            book = ledger(initiative, rules=Rules(win_threshold=threshold))
            verdicts = {entry.stakeholder.id: entry.wins for entry in book}
        for key, (low, high) in exact.items():
            wins = verdicts[key] if fixed else high > threshold
            assert can_win[key] == wins, key
            assert can_lose[key] == (not wins if fixed else not low > threshold), key


class TestStability:
    def test_examples(self) -> None:
        """Nike+ holds to ±1/3 (Nike first); a collaboration holds whatever the spread."""
        assert stability(nike_plus()) == 1 / 3
        assert explain_stability(nike_plus()).first == ("nike",)
        assert explain_stability(nike_plus()).stop_winning == ("nike",)
        assert stability(cross_team_project()) == math.inf
        assert stability(my_starbucks_idea()) == pytest.approx(3 / 13)

    def test_sentence_when_no_spread_can_change_it(self) -> None:
        """A verdict no spread can change says so."""
        assert str(explain_stability(cross_team_project())).startswith(
            "The verdict (collaboration) holds however far the estimates are off"
        )

    def test_sentence(self) -> None:
        """The sentence says how far and who is first."""
        assert str(explain_stability(nike_plus())) == (
            "The verdict (co-creation) holds while every estimate is within ±33.3% of its "
            "value; 'Nike' is the first to stop winning."
        )

    def test_at_the_threshold_it_is_zero(self) -> None:
        """A stakeholder the verdict needs, exactly at the threshold, makes it 0."""
        nike = nike_plus()
        even = nike.evolve(values=[*nike.values, Value("runners", -3)])
        assert classify(even).kind is Kind.COLLABORATION
        result = explain_stability(even)
        assert result.spread == 0.0
        assert result.first == ("runners",)
        assert result.stop_winning == ()
        assert "'runners' net exactly 0" in result.sentences[0]  # a crowd: plural
        assert not robustness(even, spread=1e-9).certain

    def test_a_loser_that_could_start_winning(self) -> None:
        """A loser whose costs stop at 0 beyond a spread of 1 is found precisely."""
        nike = nike_plus()
        poorer = nike.evolve(values=[*nike.values, Value("apple", -3.5)])
        assert classify(poorer).kind is Kind.COLLABORATION
        result = explain_stability(poorer)
        assert result.first == ("apple",)
        assert result.stop_winning == ()
        assert "could start winning" in str(result)
        assert not robustness(poorer, spread=math.nextafter(result.spread, math.inf)).certain
        assert robustness(poorer, spread=math.nextafter(result.spread, 0)).certain

    def test_the_estimates_own_ranges_are_dropped(self) -> None:
        """Stability is of the point estimates, whatever ranges the items carry."""
        nike = nike_plus()
        ranged = nike.evolve(
            values=[
                attrs.evolve(v, low=v.amount - 100, high=v.amount + 1, requires=())
                for v in nike.values
            ]
        )
        assert stability(ranged) == stability(nike)

    def test_result_object(self) -> None:
        """Stability is a frozen result with a float, a dict and an HTML view."""
        result = explain_stability(nike_plus())
        assert isinstance(result, Stability)
        assert float(result) == result.spread
        assert json.loads(json.dumps(result.to_dict()))["first"] == ["nike"]
        assert "Nike" in result._repr_html_()

    @settings(max_examples=150, deadline=None, database=None)
    @given(INITIATIVES, RULES)
    def test_floors_skip_no_edge_that_matters(self, initiative: Initiative, rules: Rules) -> None:
        """Finding edges only when their floor allows gives what finding every edge gives."""
        lazy = explain_stability(initiative, rules=rules)
        closed_form = _judgment._closed_form

        def no_floor(*args: Any) -> tuple[float, float, bool]:
            guess, floor, even = closed_form(*args)
            return guess, min(floor, 0.0), even

        with mock.patch.object(_judgment, "_closed_form", no_floor):
            eager = explain_stability(initiative, rules=rules)
        assert lazy == eager

    @settings(max_examples=150, deadline=None, database=None)
    @given(INITIATIVES, RULES)
    def test_stability_is_the_boundary(self, initiative: Initiative, rules: Rules) -> None:
        """Every smaller spread leaves the verdict certain; every larger one does not."""
        s = stability(initiative, rules=rules)
        estimates = point(initiative)

        def certain(spread: float) -> bool:
            return robustness(estimates, rules=rules, spread=spread).certain

        if math.isinf(s):
            assert certain(1e6)
            assert certain(LARGEST)
            return
        if s == 0:
            assert not certain(1.0)
            return
        assert certain(math.nextafter(s, 0))
        assert certain(s * 0.99)
        assert certain(s / 2)
        assert not certain(math.nextafter(s, math.inf))
        if s * 1.01 <= LARGEST:
            assert not certain(s * 1.01)


class TestSimulate:
    def test_nike_plus(self) -> None:
        """Draws at ±50% give co-creation mostly, collaboration sometimes, nothing else."""
        result = simulate(nike_plus(), n=1000, seed=1, spread=0.5)
        assert isinstance(result, Simulation)
        assert result.n == 1000
        assert list(result.probabilities) == list(Kind)
        assert result.probabilities[Kind.CUSTOMER_FOCUSED_INNOVATION] == 0.0
        assert result.wins["runners"] == 1.0
        assert result.sentences[0].startswith("In 1000 draws (uniform within the ranges)")

    def test_without_ranges_nothing_is_drawn(self) -> None:
        """With nothing uncertain every draw is the kind at the estimates."""
        result = simulate(nike_plus(), n=5, seed=0)
        assert result.probabilities[Kind.CO_CREATION] == 1.0
        assert set(result.wins.values()) == {1.0}

    @pytest.mark.parametrize(
        ("arguments", "error"),
        [
            ({"n": 0}, CocreateError),
            ({"n": 1.5}, ArgumentError),
            ({"n": True}, ArgumentError),
            ({"distribution": "normal"}, CocreateError),
            ({"seed": 1.5}, ArgumentError),
            ({"spread": -1}, CocreateError),
        ],
    )
    def test_bad_arguments_are_refused(
        self, arguments: dict[str, Any], error: type[Exception]
    ) -> None:
        """n, distribution, seed and spread are checked."""
        with pytest.raises(error):
            simulate(nike_plus(), **arguments)

    def test_ranges_wider_than_the_float_range_are_drawn(self) -> None:
        """Terms whose range spans more than the largest float are still drawn within it."""
        nike = nike_plus()
        huge = nike.evolve(values=[*nike.values, Value("apple", 1e308, low=-1e308)])
        result = simulate(huge, n=200, seed=3, spread=0.5)
        reach = robustness(huge, spread=0.5)
        assert {k for k, p in result.probabilities.items() if p} <= reach.kinds
        assert 0 < result.wins["apple"] < 1

    def test_render_refuses_what_it_cannot_show(self) -> None:
        """to_html checks max_rows and the kind of object, and cuts long tables."""
        with pytest.raises(CocreateError, match="max_rows"):
            to_html(robustness(nike_plus()), max_rows=0)
        with pytest.raises(CocreateError, match="to_html takes"):
            to_html(object())
        assert "and 2 more stakeholders" in to_html(robustness(nike_plus()), max_rows=1)

    def test_json_and_html(self) -> None:
        """to_dict survives JSON, seed bytes included; the HTML view shows the shares."""
        result = simulate(nike_plus(), n=50, seed=b"\x01", spread=0.5)
        assert json.loads(json.dumps(result.to_dict()))["seed"] == "01"
        assert "share of draws" in result._repr_html_()

    @SETTINGS
    @given(
        INITIATIVES,
        SPREADS,
        RULES,
        st.integers(0, 2**32),
        st.sampled_from(["uniform", "triangular"]),
    )
    def test_draws_never_leave_the_reachable_kinds(
        self, initiative: Initiative, spread: float, rules: Rules, seed: int, distribution: str
    ) -> None:
        """Every kind drawn is reachable, shares sum to 1, a sure winner always wins."""
        reach = robustness(initiative, rules=rules, spread=spread)
        result = simulate(
            initiative, n=200, seed=seed, rules=rules, spread=spread, distribution=distribution
        )
        drawn = {kind for kind, share in result.probabilities.items() if share > 0}
        assert drawn <= reach.kinds
        assert math.isclose(math.fsum(result.probabilities.values()), 1.0)
        assert result.kind is reach.kind
        threshold = rules.win_threshold
        for key, (low, high) in reach.net_ranges.items():
            if low > threshold:
                assert result.wins[key] == 1.0
            if not high > threshold:
                assert result.wins[key] == 0.0

    @settings(max_examples=30, deadline=None, database=None)
    @given(INITIATIVES, SPREADS, st.integers(0, 2**32), st.randoms(use_true_random=False))
    def test_same_seed_same_result_whatever_the_order(
        self, initiative: Initiative, spread: float, seed: int, rng: random.Random
    ) -> None:
        """The same seed gives the same result, also for the initiative given in another order."""
        contributions, values = list(initiative.contributions), list(initiative.values)
        rng.shuffle(contributions)
        rng.shuffle(values)
        shuffled = initiative.evolve(contributions=contributions, values=values)
        first = simulate(initiative, n=100, seed=seed, spread=spread)
        assert simulate(initiative, n=100, seed=seed, spread=spread) == first
        assert simulate(shuffled, n=100, seed=seed, spread=spread) == first
        assert simulate(shuffled, n=100, seed=seed, spread=spread).sentences == first.sentences


class TestPublicSurface:
    def test_names_are_exported_and_documented(self) -> None:
        """Every new name is in cocreate.__all__ and has a docstring with an example."""
        for name in (
            "robustness",
            "stability",
            "explain_stability",
            "simulate",
            "Robustness",
            "Stability",
            "Simulation",
        ):
            obj = getattr(cocreate, name)
            assert name in cocreate.__all__
            assert obj.__module__ == "cocreate"
            assert ">>>" in (obj.__doc__ or "")


class TestTriangularNarrowRanges:
    def test_a_range_too_narrow_to_halve_is_drawn_as_a_point(self) -> None:
        """A range whose halves do not differ (the smallest floats) draws without dividing by 0."""
        from cocreate import Initiative, Stakeholder, Value, simulate

        tiny = 5e-324
        initiative = Initiative(
            "x",
            "f",
            [Stakeholder("f", "firm")],
            [],
            [Value("f", tiny, low=0.0, high=tiny), Value("f", 1.0, low=-1.0, high=2.0)],
        )
        result = simulate(initiative, n=50, seed=3, distribution="triangular")
        assert sum(result.probabilities.values()) == pytest.approx(1.0)
