"""The Hypothesis strategies of cocreate.strategies: validity, kinds, variety, shrinking, errors."""

from __future__ import annotations

import importlib
import importlib.metadata
import math
import sys
from typing import TYPE_CHECKING, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import cocreate
from cocreate import (
    CocreateError,
    Contribution,
    Goal,
    Initiative,
    Kind,
    Process,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    ValueKind,
    classify,
    co_creators,
    net_value,
)
from cocreate._hypothesis_plugin import _hypothesis_setup_hook
from cocreate.strategies import (
    StrategyArgumentError,
    contributions,
    initiatives,
    rules,
    stakeholders,
    values,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")

#: The fewest stakeholders each kind needs under the default rules.
SMALLEST = {
    Kind.CO_CREATION: 3,
    Kind.CUSTOMER_FOCUSED_INNOVATION: 2,
    Kind.COLLABORATION: 2,
    Kind.UNCLASSIFIED: 1,
}

#: For the variety checks: only the generate phase, seeded, so they are repeatable.
SURVEY = settings(
    max_examples=300,
    database=None,
    derandomize=True,
    phases=[Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_valid(initiative: Initiative) -> None:
    """Check, independently of the constructor, everything SPEC.md calls valid."""
    ids = [s.id for s in initiative.stakeholders]
    known = set(ids)
    assert len(known) == len(ids)
    assert all(isinstance(i, str) and i for i in ids)
    assert initiative.focal in known
    assert initiative.focal_stakeholder.role.is_organization
    for person in initiative.stakeholders:
        assert person.organization is None or person.organization in known
        assert person.customer_of <= known
    for gift in initiative.contributions:
        assert gift.source in known
        assert gift.target is None or gift.target in known
        assert gift.target != gift.source
        assert math.isfinite(gift.cost)
        assert gift.cost >= 0
    for value in initiative.values:
        assert value.beneficiary in known
        assert value.provider is None or value.provider in known
        assert math.isfinite(value.amount)
    rebuilt = Initiative(
        initiative.name,
        initiative.focal,
        initiative.stakeholders,
        initiative.contributions,
        initiative.values,
        goal=initiative.goal,
        process=initiative.process,
    )
    assert rebuilt == initiative


def features(initiative: Initiative) -> set[str]:
    """Name what an initiative shows, so that the variety of many draws can be checked."""
    focal = initiative.focal_stakeholder
    found = {
        f"focal role {focal.role.value}",
        f"goal {initiative.goal}",
        f"process {initiative.process}",
        f"{len(initiative.contributors)} contributors"
        if len(initiative.contributors) < 2
        else "2+ contributors",
    }
    found.update(f"role {s.role.value}" for s in initiative.stakeholders if s.id != focal.id)
    found.update(f"resource {c.resource.value}" for c in initiative.contributions)
    found.update(f"value kind {v.kind.value}" for v in initiative.values)
    found.update(
        "internal contributor" if c in initiative.internal else "external contributor"
        for c in initiative.contributors
        if c != focal.id
    )
    for person in initiative.stakeholders:
        if person.role is Role.EMPLOYEE and person.organization == focal.id:
            found.add("employee of the focal organization")
        if person.customer_of:
            found.add("customer of an organization")
        if initiative.values_to(person):
            net = net_value(initiative, person)
            if net == 0:
                found.add("net value exactly at the threshold")
            elif 0 < net < 1e-9:
                found.add("net value a hair above the threshold")
    if sum(1 for s in initiative.stakeholders if s.role is Role.FIRM) >= 2:
        found.add("several firms")
    if any(c.target is not None for c in initiative.contributions):
        found.add("contribution to a stakeholder")
    if any(v.provider is not None for v in initiative.values):
        found.add("value from a stakeholder")
    partners = set(co_creators(initiative))
    customers = {c.id for c in initiative.customers}
    if partners & customers:
        found.add("a co-creator who is a customer")
    if len(partners) >= 2:
        found.add("several co-creators")
    if partners and not all(net_value(initiative, p) > 0 for p in partners):
        found.add("a co-creator who loses")
    return found


EVERY_KIND = {
    *(f"role {r.value}" for r in Role),
    *(f"focal role {r.value}" for r in Role if r.is_organization),
    *(f"resource {r.value}" for r in Resource),
    *(f"value kind {k.value}" for k in ValueKind),
    *(f"process {p}" for p in (None, *Process)),
    "internal contributor",
    "external contributor",
    "employee of the focal organization",
    "customer of an organization",
    "several firms",
    "net value a hair above the threshold",
    "contribution to a stakeholder",
    "value from a stakeholder",
}
OPEN_GOALS = {"goal None", f"goal {Goal.NEW_OFFERING}"}
ANY_GOAL = {*OPEN_GOALS, f"goal {Goal.SPECIFIC_OUTCOME}"}
EXPECTED = {
    Kind.CO_CREATION: EVERY_KIND
    | OPEN_GOALS
    | {
        "a co-creator who is a customer",
        "several co-creators",
        "1 contributors",
        "2+ contributors",
    },
    Kind.CUSTOMER_FOCUSED_INNOVATION: EVERY_KIND
    | OPEN_GOALS
    | {"net value exactly at the threshold", "a co-creator who loses", "1 contributors"},
    Kind.COLLABORATION: EVERY_KIND
    | ANY_GOAL
    | {"net value exactly at the threshold", "a co-creator who loses", "2+ contributors"},
    Kind.UNCLASSIFIED: EVERY_KIND
    | ANY_GOAL
    | {"net value exactly at the threshold", "0 contributors", "1 contributors"},
}
NEVER = {
    Kind.CO_CREATION: {f"goal {Goal.SPECIFIC_OUTCOME}", "0 contributors", "a co-creator who loses"},
    Kind.CUSTOMER_FOCUSED_INNOVATION: {f"goal {Goal.SPECIFIC_OUTCOME}", "0 contributors"},
    Kind.COLLABORATION: {"0 contributors", "1 contributors"},
    Kind.UNCLASSIFIED: {"2+ contributors"},
}


def survey(strategy: st.SearchStrategy[Initiative], examples: int) -> set[str]:
    """Draw a few hundred initiatives, seeded, and collect their features."""
    seen: set[str] = set()

    @settings(SURVEY, max_examples=examples)
    @given(strategy)
    def collect(initiative: Initiative) -> None:
        seen.update(features(initiative))

    collect()
    return seen


def smallest(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """Return the minimal example that satisfies ``condition``, as Hypothesis shrinks it."""
    return find(
        strategy, condition, settings=settings(database=None, max_examples=1000, derandomize=True)
    )


class TestInitiatives:
    @pytest.mark.parametrize("kind", list(Kind))
    @settings(max_examples=1000, deadline=None)
    @given(data=st.data())
    def test_every_drawn_initiative_is_valid_and_of_the_kind(
        self, kind: Kind, data: st.DataObject
    ) -> None:
        """A thousand draws per kind: each is a valid model that classifies as the kind."""
        initiative = data.draw(initiatives(kind=kind))
        assert_valid(initiative)
        assert classify(initiative).kind is kind
        assert len(initiative.stakeholders) >= SMALLEST[kind]

    @settings(max_examples=200, deadline=None)
    @given(data=st.data())
    def test_the_kind_holds_under_the_rules_given(self, data: st.DataObject) -> None:
        """With drawn rules (threshold, voice resources, contributors), the kind still holds."""
        drawn = data.draw(rules(), label="rules")
        possible = [
            kind
            for kind in Kind
            if not (kind is Kind.CO_CREATION and drawn.voice_resources >= set(Resource))
            and not (kind is Kind.CUSTOMER_FOCUSED_INNOVATION and not drawn.voice_resources)
        ]
        kind = data.draw(st.sampled_from(possible), label="kind")
        initiative = data.draw(initiatives(kind=kind, rules=drawn, max_stakeholders=8))
        assert_valid(initiative)
        assert classify(initiative, rules=drawn).kind is kind

    @settings(max_examples=100, deadline=None)
    @given(data=st.data())
    def test_text_strategies_are_used(self, data: st.DataObject) -> None:
        """ids, names and descriptions come from the strategies given; the kind still holds."""
        kind = data.draw(st.sampled_from(Kind))
        initiative = data.draw(
            initiatives(
                kind=kind,
                ids=st.text(min_size=1, max_size=3),
                names=st.just("name"),
                descriptions=st.just("text"),
                max_stakeholders=6,
            )
        )
        assert_valid(initiative)
        assert classify(initiative).kind is kind
        assert initiative.name == "name"
        assert all(s.name in {"name", s.id} for s in initiative.stakeholders)
        assert all(c.description == "text" for c in initiative.contributions)
        assert all(v.description == "text" for v in initiative.values)

    @settings(max_examples=100, deadline=None)
    @given(data=st.data())
    def test_the_number_of_stakeholders_is_within_bounds(self, data: st.DataObject) -> None:
        """min_stakeholders and max_stakeholders bound every draw, for every kind."""
        kind = data.draw(st.sampled_from([None, *Kind]))
        low = data.draw(st.integers(1, 6))
        high = data.draw(st.integers(max(low, 3), 8))
        initiative = data.draw(initiatives(kind=kind, min_stakeholders=low, max_stakeholders=high))
        fewest = 1 if kind is None else SMALLEST[kind]
        assert max(low, fewest) <= len(initiative.stakeholders) <= high

    @pytest.mark.parametrize("kind", list(Kind))
    def test_every_feature_of_the_kind_is_drawn(self, kind: Kind) -> None:
        """Every role, resource, process, goal and borderline net value the kind allows comes up."""
        # Unclassified initiatives have few contributions, so it takes more of them.
        seen = survey(initiatives(kind=kind), 600 if kind is Kind.UNCLASSIFIED else 250)
        assert EXPECTED[kind] - seen == set()
        assert NEVER[kind] & seen == set()

    def test_without_a_kind_every_kind_is_drawn(self) -> None:
        """initiatives() with no kind draws all four kinds, each often."""
        counts = dict.fromkeys(Kind, 0)

        @SURVEY
        @given(initiatives())
        def collect(initiative: Initiative) -> None:
            counts[classify(initiative).kind] += 1

        collect()
        assert min(counts.values()) >= 25, counts

    @pytest.mark.parametrize("kind", list(Kind))
    def test_find_reaches_every_kind_and_shrinks_it(self, kind: Kind) -> None:
        """hypothesis.find finds each kind, shrunk to the fewest stakeholders, s0 the focal one."""
        found = smallest(initiatives(), lambda i: classify(i).kind is kind)
        assert classify(found).kind is kind
        assert [s.id for s in found.stakeholders] == [f"s{i}" for i in range(SMALLEST[kind])]
        assert found.focal == "s0"
        assert len(found.contributions) <= 2
        assert all(v.amount in {-1.0, 0.0, 1.0} for v in found.values)

    @pytest.mark.parametrize("role", list(Role))
    def test_find_reaches_every_role(self, role: Role) -> None:
        """hypothesis.find finds a stakeholder of each role, in an initiative of at most 2."""
        found = smallest(initiatives(), lambda i: any(s.role is role for s in i.stakeholders))
        assert len(found.stakeholders) <= 2

    def test_a_failing_property_shrinks_to_a_few_stakeholders(self) -> None:
        """A property of co-creation that fails shrinks to the 3 stakeholders co-creation needs."""
        # As if a test assumed that co-creators are never customers.
        found = smallest(
            initiatives(kind=Kind.CO_CREATION),
            lambda i: bool(set(co_creators(i)) & {c.id for c in i.customers}),
        )
        assert len(found.stakeholders) == 3
        assert len(found.contributions) <= 2

    def test_borderline_values_are_robust(self) -> None:
        """Winners a hair above a large threshold and losers exactly at it classify as built."""
        strict = Rules(win_threshold=1e16)

        @settings(max_examples=100, deadline=None, database=None)
        @given(st.sampled_from(Kind), st.data())
        def check(kind: Kind, data: st.DataObject) -> None:
            initiative = data.draw(initiatives(kind=kind, rules=strict, max_stakeholders=5))
            assert classify(initiative, rules=strict).kind is kind

        check()

    def test_impossible_sizes_are_refused(self) -> None:
        """Too few stakeholders for the kind is an error, not an empty strategy."""
        with pytest.raises(StrategyArgumentError, match=r"co-creation needs at least 3"):
            initiatives(kind=Kind.CO_CREATION, max_stakeholders=2)
        with pytest.raises(StrategyArgumentError, match=r"customer-focused innovation needs"):
            initiatives(kind=Kind.CUSTOMER_FOCUSED_INNOVATION, max_stakeholders=1)
        with pytest.raises(StrategyArgumentError, match=r"collaboration needs at least 4"):
            initiatives(
                kind=Kind.COLLABORATION, rules=Rules(min_contributors=4), max_stakeholders=3
            )
        with pytest.raises(StrategyArgumentError, match=r"max_stakeholders=2 is less than"):
            initiatives(min_stakeholders=3, max_stakeholders=2)

    def test_impossible_rules_are_refused(self) -> None:
        """Rules under which the kind cannot hold are an error that says what to change."""
        with pytest.raises(StrategyArgumentError, match=r"count every resource as voice"):
            initiatives(kind=Kind.CO_CREATION, rules=Rules(voice_resources=set(Resource)))
        with pytest.raises(StrategyArgumentError, match=r"voice_resources is empty"):
            initiatives(kind=Kind.CUSTOMER_FOCUSED_INNOVATION, rules=Rules(voice_resources=()))
        with pytest.raises(StrategyArgumentError, match=r"too large"):
            initiatives(rules=Rules(win_threshold=1e308))

    def test_kinds_the_rules_rule_out_are_not_drawn(self) -> None:
        """Without a kind, rules that rule co-creation out draw the other kinds only."""
        broad = Rules(voice_resources=set(Resource))
        seen = {classify(i, rules=broad).kind for i in self._draw_some(initiatives(rules=broad))}
        assert seen == {
            Kind.CUSTOMER_FOCUSED_INNOVATION,
            Kind.COLLABORATION,
            Kind.UNCLASSIFIED,
        }

    @staticmethod
    def _draw_some(strategy: st.SearchStrategy[Initiative]) -> Iterable[Initiative]:
        drawn: list[Initiative] = []

        @SURVEY
        @given(strategy)
        def collect(initiative: Initiative) -> None:
            drawn.append(initiative)

        collect()
        return drawn

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"kind": "co-creation-ish"}, r"kind must be a cocreate.Kind"),
            ({"rules": 0.5}, r"rules must be a cocreate.Rules"),
            ({"min_stakeholders": 0}, r"min_stakeholders must be a whole number >= 1"),
            ({"max_stakeholders": True}, r"max_stakeholders must be a whole number >= 1"),
            ({"ids": ["a", "b"]}, r"ids must be a Hypothesis strategy"),
            ({"names": "x"}, r"names must be a Hypothesis strategy"),
        ],
    )
    def test_wrong_arguments_are_refused(self, arguments: dict[str, object], message: str) -> None:
        """A wrong type or value is refused when the strategy is built, with a clear message."""
        with pytest.raises(StrategyArgumentError, match=message):
            initiatives(**arguments)  # type: ignore[arg-type]

    @settings(max_examples=20, deadline=None)
    @given(initiatives(kind="collaboration"))  # type: ignore[arg-type]
    def test_a_kind_may_be_given_by_its_word(self, initiative: Initiative) -> None:
        """kind accepts the word of a Kind, like the model's friendly input."""
        assert classify(initiative).kind is Kind.COLLABORATION

    def test_a_strategy_drawing_bad_ids_is_reported(self) -> None:
        """An ids strategy that draws an empty id fails with a message naming the strategy."""
        with pytest.raises(StrategyArgumentError, match=r"the ids strategy drew ''"):
            find(initiatives(ids=st.just(""), max_stakeholders=1), lambda _: True)


class TestStakeholders:
    @settings(max_examples=200)
    @given(stakeholders())
    def test_drawn_stakeholders_are_valid(self, person: Stakeholder) -> None:
        """A drawn stakeholder has a non-empty id, a role, and never refers to itself."""
        assert isinstance(person, Stakeholder)
        assert person.id
        assert isinstance(person.role, Role)
        assert person.organization != person.id
        assert person.id not in person.customer_of

    @settings(max_examples=50)
    @given(stakeholders(ids=st.sampled_from(["x", "y"]), roles=st.just(Role.PARTNER)))
    def test_the_strategies_given_are_used(self, person: Stakeholder) -> None:
        """ids and roles come from the strategies given."""
        assert person.id in {"x", "y"}
        assert person.role is Role.PARTNER
        assert person.customer_of <= {"x", "y"} - {person.id}

    def test_wrong_arguments_are_refused(self) -> None:
        """A value where a strategy belongs, or a strategy drawing junk, is a clear error."""
        with pytest.raises(StrategyArgumentError, match=r"roles must be a Hypothesis strategy"):
            stakeholders(roles=Role.FIRM)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"roles must draw Role members"):
            find(stakeholders(roles=st.just("firm")), lambda _: True)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"names must draw str or None"):
            find(stakeholders(names=st.just(1)), lambda _: True)  # type: ignore[arg-type]


class TestContributions:
    @settings(max_examples=200)
    @given(contributions())
    def test_drawn_contributions_are_valid(self, gift: Contribution) -> None:
        """A drawn contribution has a finite cost >= 0 and never targets its source."""
        assert isinstance(gift, Contribution)
        assert math.isfinite(gift.cost)
        assert gift.cost >= 0
        assert gift.target != gift.source

    @settings(max_examples=50)
    @given(contributions(sources=st.just("a"), targets=st.just("a"), costs=st.just(1)))
    def test_a_target_equal_to_the_source_becomes_the_initiative(self, gift: Contribution) -> None:
        """A drawn target equal to the source is replaced by None, the initiative."""
        assert gift.source == "a"
        assert gift.target is None
        assert gift.cost == 1.0

    def test_bad_costs_are_reported(self) -> None:
        """A costs strategy that draws a negative cost fails with a message naming it."""
        with pytest.raises(StrategyArgumentError, match=r"costs must draw finite floats >= 0"):
            find(contributions(costs=st.just(-1.0)), lambda _: True)
        with pytest.raises(StrategyArgumentError, match=r"resources must draw Resource"):
            find(contributions(resources=st.just("data")), lambda _: True)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"descriptions must draw str"):
            find(contributions(descriptions=st.just(None)), lambda _: True)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"the targets strategy drew 3"):
            find(contributions(targets=st.just(3)), lambda _: True)  # type: ignore[arg-type]


class TestValues:
    @settings(max_examples=200)
    @given(values())
    def test_drawn_values_are_valid(self, value: Value) -> None:
        """A drawn value has a finite amount and a ValueKind."""
        assert isinstance(value, Value)
        assert math.isfinite(value.amount)
        assert isinstance(value.kind, ValueKind)

    def test_a_negative_amount_shrinks_to_minus_one(self) -> None:
        """Amounts shrink to round numbers, the provider to the initiative, the kind to OTHER."""
        assert smallest(values(), lambda v: v.amount < 0) == Value("s0", -1.0)

    def test_bad_values_are_reported(self) -> None:
        """Strategies that draw junk fail with messages naming them."""
        with pytest.raises(StrategyArgumentError, match=r"amounts must draw finite floats"):
            find(values(amounts=st.just(math.inf)), lambda _: True)
        with pytest.raises(StrategyArgumentError, match=r"the amounts strategy drew '1'"):
            find(values(amounts=st.just("1")), lambda _: True)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"kinds must draw ValueKind"):
            find(values(kinds=st.just("revenue")), lambda _: True)  # type: ignore[arg-type]
        with pytest.raises(StrategyArgumentError, match=r"the providers strategy drew ''"):
            find(values(providers=st.just("")), lambda _: True)
        with pytest.raises(StrategyArgumentError, match=r"amounts must be a Hypothesis"):
            values(amounts=1.0)  # type: ignore[arg-type]


class TestRules:
    @settings(max_examples=100)
    @given(rules())
    def test_drawn_rules_are_rules(self, drawn: Rules) -> None:
        """Drawn rules have a finite threshold and at least one contributor for a collaboration."""
        assert math.isfinite(drawn.win_threshold)
        assert drawn.min_contributors >= 1

    def test_rules_shrink_to_the_default(self) -> None:
        """The minimal rules are the default rules."""
        assert smallest(rules(), lambda _: True) == Rules()

    def test_wrong_arguments_are_refused(self) -> None:
        """A value where a strategy belongs is refused."""
        with pytest.raises(StrategyArgumentError, match=r"win_thresholds must be a Hypothesis"):
            rules(win_thresholds=1.0)  # type: ignore[arg-type]


class TestStrategyArgumentError:
    def test_it_is_both_a_cocreate_error_and_invalid_argument(self) -> None:
        """Code catching CocreateError, ValueError or Hypothesis's InvalidArgument catches it."""
        with pytest.raises(CocreateError):
            initiatives(min_stakeholders=-1)
        with pytest.raises(InvalidArgument):
            initiatives(min_stakeholders=-1)
        assert issubclass(StrategyArgumentError, ValueError)


class TestFromType:
    @settings(max_examples=100, deadline=None)
    @given(st.from_type(Initiative))
    def test_from_type_draws_valid_initiatives(self, initiative: Initiative) -> None:
        """st.from_type(Initiative) draws valid initiatives through the registered strategy."""
        assert_valid(initiative)
        assert classify(initiative).kind in set(Kind)

    @settings(max_examples=50)
    @given(
        st.from_type(Stakeholder),
        st.from_type(Contribution),
        st.from_type(Value),
        st.from_type(Rules),
    )
    def test_from_type_draws_every_model_type(
        self, person: Stakeholder, gift: Contribution, value: Value, drawn: Rules
    ) -> None:
        """Stakeholder, Contribution, Value and Rules are registered too."""
        assert isinstance(person, Stakeholder)
        assert isinstance(gift, Contribution)
        assert isinstance(value, Value)
        assert isinstance(drawn, Rules)

    def test_from_type_is_the_library_strategy(self) -> None:
        """from_type(Initiative) shrinks like initiatives(): to one focal firm."""
        found = smallest(st.from_type(Initiative), lambda i: classify(i).kind is Kind.UNCLASSIFIED)
        assert found == Initiative("", "s0", [Stakeholder("s0", Role.FIRM)])

    def test_the_entry_point_names_the_setup_hook(self) -> None:
        """The hypothesis entry point declared by the package is the registration hook."""
        points = importlib.metadata.entry_points(group="hypothesis")
        hooks = [p for p in points if p.value.startswith("cocreate.")]
        assert [p.load() for p in hooks] == [_hypothesis_setup_hook]

    def test_the_hook_can_run_again(self) -> None:
        """Running the hook again only registers again; from_type still works."""
        _hypothesis_setup_hook()
        assert smallest(st.from_type(Rules), lambda _: True) == Rules()


class TestImport:
    def test_without_hypothesis_the_import_error_names_the_extra(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Importing cocreate.strategies without Hypothesis says which extra to install."""
        monkeypatch.delitem(sys.modules, "cocreate.strategies")
        monkeypatch.delattr(cocreate, "strategies", raising=False)
        for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
            monkeypatch.setitem(sys.modules, name, None)
        with pytest.raises(ImportError, match=r'pip install "cocreate\[hypothesis\]"'):
            importlib.import_module("cocreate.strategies")
