"""The rules of SPEC.md section 2 on small hand-built initiatives."""

from __future__ import annotations

import copy
import itertools
import pickle
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings

from cocreate import (
    Check,
    Classification,
    CocreateError,
    Column,
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
    check_win_win,
    check_win_win_win,
    classify,
    co_creators,
    examples,
    is_win_win,
    is_win_win_win,
    ledger,
    net_value,
    profile,
    strategies,
    wins,
)
from cocreate._rules import facts
from cocreate._rules.facts import Findings, known
from cocreate.exceptions import InvalidModelError, UnknownStakeholderError

if TYPE_CHECKING:
    from collections.abc import Sequence

ROLES = {
    "f": Role.FIRM,
    "g": Role.FIRM,
    "p": Role.PARTNER,
    "s": Role.SUPPLIER,
    "c": Role.CUSTOMER,
    "d": Role.CUSTOMER,
    "e": Role.EMPLOYEE,
}


def build(
    contributions: Sequence[tuple[str, str]] = (),
    nets: dict[str, float] | None = None,
    *,
    people: str = "fpcde",
    goal: Goal | None = Goal.NEW_OFFERING,
    process: Process | None = None,
) -> Initiative:
    """An initiative with focal 'f'; 'e' is f's employee; others by their letter.

    ``contributions`` are (source, resource) pairs at no cost; ``nets`` gives
    each stakeholder's net value as one value from the initiative.
    """
    stakeholders = [
        Stakeholder(i, ROLES[i], organization="f" if i == "e" else None) for i in people
    ]
    values = [Value(who, amount) for who, amount in (nets or {}).items()]
    gifts = [Contribution(who, what) for who, what in contributions]
    return Initiative("t", "f", stakeholders, gifts, values, goal=goal, process=process)


ALL_WIN = {"f": 1.0, "p": 1.0, "c": 1.0, "d": 1.0, "e": 1.0, "g": 1.0, "s": 1.0}


def all_win(people: str = "fpcde") -> dict[str, float]:
    return {k: v for k, v in ALL_WIN.items() if k in people}


class TestNetValue:
    def test_received_minus_cost(self) -> None:
        """Net value is what a stakeholder receives minus what its contributions cost."""
        initiative = Initiative(
            "t",
            "f",
            [Stakeholder("f", Role.FIRM), Stakeholder("p", Role.PARTNER)],
            [Contribution("p", "data", cost=2.5), Contribution("p", "ideas", cost=0.5)],
            [Value("p", 4, provider="f"), Value("p", -0.5), Value("f", 1, provider="p")],
        )
        assert net_value(initiative, "p") == 0.5
        assert net_value(initiative, "f") == 1.0
        assert net_value(initiative, Stakeholder("p", Role.PARTNER)) == 0.5

    def test_nothing_given_or_received_is_zero(self) -> None:
        """A stakeholder with no contributions and no values has net value 0."""
        assert net_value(build(people="fc"), "c") == 0.0

    def test_order_never_changes_the_sum(self) -> None:
        """The sum is exactly rounded: every order of the same values gives the same net value."""
        amounts = [0.1, 0.2, -0.3, 1e16, -1e16, 3.3]
        results = set()
        for order in itertools.permutations(amounts):
            people = [Stakeholder("f", Role.FIRM)]
            initiative = Initiative("t", "f", people, values=[Value("f", a) for a in order])
            results.add(net_value(initiative, "f"))
        assert results == {3.3 + 2.7755575615628914e-17}

    def test_unknown_stakeholder(self) -> None:
        """Asking for an unknown stakeholder raises UnknownStakeholderError."""
        with pytest.raises(UnknownStakeholderError):
            net_value(build(), "zz")


class TestWins:
    def test_strictly_above_the_threshold(self) -> None:
        """A stakeholder wins when its net value is greater than the threshold, not equal."""
        initiative = build(nets={"f": 1.0, "c": 0.0, "p": -1.0})
        assert wins(initiative, "f")
        assert not wins(initiative, "c")
        assert not wins(initiative, "p")
        assert not wins(initiative, "f", rules=Rules(win_threshold=1.0))
        assert wins(initiative, "c", rules=Rules(win_threshold=-0.5))


def exact_net(initiative: Initiative, key: str) -> Decimal:
    """A stakeholder's net value in exact decimal, every amount and cost as written.

    Whether it wins is decided on this (SPEC: sums are exact in decimal), not on
    the float net value, which may round onto the threshold.
    """
    from decimal import localcontext

    with localcontext(prec=2000, Emax=999, Emin=-999):  # every sum exact, not to 28 digits
        got = sum((Decimal(repr(v.amount)) for v in initiative.values_to(key)), Decimal(0))
        paid = sum((Decimal(repr(c.cost)) for c in initiative.contributions_by(key)), Decimal(0))
        return got - paid


class TestLedger:
    def test_entries(self) -> None:
        """Each entry counts contributions and values and says who wins."""
        book = ledger(examples.nike_plus())
        runners = book["runners"]
        assert (runners.contributions, runners.cost, runners.values, runners.received) == (
            2,
            1.0,
            1,
            4.0,
        )
        assert runners.net_value == 3.0
        assert runners.wins
        assert not runners.internal
        assert book["nike"].internal
        assert [e.stakeholder.id for e in book] == ["apple", "nike", "runners"]
        assert len(book) == 3

    def test_matches_net_value_and_wins(self) -> None:
        """The ledger agrees with net_value and wins for every stakeholder."""
        initiative = build([("p", "data")], {"f": 2.0, "p": -1.0, "c": 0.0})
        rules = Rules(win_threshold=-0.5)
        book = ledger(initiative, rules=rules)
        for person in initiative.stakeholders:
            assert book[person.id].net_value == net_value(initiative, person.id)
            assert book[person.id].wins == wins(initiative, person.id, rules=rules)
        assert book.threshold == -0.5
        assert [e.stakeholder.id for e in book.losers] == ["p"]
        assert book.net_values() == {"f": 2.0, "p": -1.0, "c": 0.0, "d": 0.0, "e": 0.0}

    @settings(max_examples=100, deadline=None)
    @given(initiative=strategies.initiatives(), rules=strategies.rules())
    def test_each_entry_is_the_stakeholders_account(
        self, initiative: Initiative, rules: Rules
    ) -> None:
        """One entry per stakeholder, by id: its own object, account, verdict and side."""
        book = ledger(initiative, rules=rules)
        assert [e.stakeholder.id for e in book] == sorted(s.id for s in initiative.stakeholders)
        for entry in book:
            person = entry.stakeholder
            assert person is initiative.stakeholder(person.id)
            account = initiative.accounts[person.id]
            assert (
                entry.contributions,
                entry.cost,
                entry.values,
                entry.received,
                entry.net_value,
            ) == tuple(account)
            assert entry.wins is (
                exact_net(initiative, person.id) > Decimal(repr(rules.win_threshold))
            )
            assert entry.internal is (person.id in initiative.internal)
            assert book[person.id] is entry

    def test_to_dict_is_plain(self) -> None:
        """to_dict() gives one plain dict per stakeholder, by id, with exact values."""
        data = ledger(examples.nike_plus()).to_dict()
        assert (data["initiative"], data["threshold"]) == ("Nike+", 0.0)
        rows = data["entries"]
        assert [row["id"] for row in rows] == ["apple", "nike", "runners"]
        assert rows[0] == {
            "id": "apple",
            "name": "Apple",
            "role": "firm",
            "internal": False,
            "contribution_count": 1,
            "cost": 2.0,
            "value_count": 1,
            "received": 5.0,
            "net_value": 3.0,
            "wins": True,
            "size": 1,
            "group": None,
            "per_member": 3.0,
        }

    def test_unknown_entry(self) -> None:
        """An unknown id is a KeyError that is also a CocreateError."""
        with pytest.raises(UnknownStakeholderError):
            ledger(examples.nike_plus())["adidas"]

    def test_str_is_a_table(self) -> None:
        """str() is a table with a header and one line per stakeholder."""
        lines = str(ledger(examples.nike_plus())).splitlines()
        assert lines[0].split("  ")[:1] == ["stakeholder"]
        assert [h.strip() for h in lines[0].split("  ") if h.strip()] == [
            "stakeholder",
            "role",
            "contribution count",
            "cost",
            "value count",
            "received",
            "net value",
            "wins",
        ]
        assert lines[1].split() == ["Apple", "firm", "1", "2", "1", "5", "3", "yes"]

    def test_one_vocabulary(self) -> None:
        """Text, HTML, dict and pandas name the ledger's columns with the same words."""
        from cocreate import to_html
        from cocreate._rules.sums import LEDGER_COLUMNS, column_label

        book = ledger(examples.nike_plus())
        text, page = str(book).splitlines()[0], to_html(book)
        assert set(book.to_dict()["entries"][0]) == set(LEDGER_COLUMNS)
        for column in ("contribution_count", "value_count", "net_value", "received", "cost"):
            assert column_label(column) in text
            assert f">{column_label(column)}</th>" in page
        for stale in ("gives", "gets", "side", "contributions<", "values<"):
            assert stale not in text
            assert f">{stale}</th>" not in page
        pd = pytest.importorskip("pandas")
        from cocreate import to_pandas

        frame = to_pandas(book)
        assert isinstance(frame, pd.DataFrame)
        assert tuple(frame.columns) == LEDGER_COLUMNS


class TestCoCreators:
    def test_a_single_co_creator_is_enough(self) -> None:
        """Co-creation needs no second contributor: one external partner's technology will do."""
        assert classify(build([("p", "technology")], all_win())).kind is Kind.CO_CREATION

    def test_external_substantive_contributors(self) -> None:
        """Co-creators are external stakeholders that give a substantive resource."""
        initiative = build(
            [("f", "capital"), ("e", "labor"), ("p", "technology"), ("c", "ideas"), ("d", "data")]
        )
        assert co_creators(initiative) == ("d", "p")

    def test_voice_resources_are_a_parameter(self) -> None:
        """Counting data as voice makes a data-giving customer no co-creator."""
        initiative = build([("p", "technology"), ("d", "data")])
        broad = Rules(voice_resources={"ideas", "input", "feedback", "data"})
        assert co_creators(initiative, rules=broad) == ("p",)


class TestWinWin:
    def test_holds(self) -> None:
        """The focal firm and every customer win."""
        assert is_win_win(build(nets=all_win()))

    @pytest.mark.parametrize("loser", ["f", "c", "d"])
    def test_fails_when_firm_or_a_customer_loses(self, loser: str) -> None:
        """If the firm or any customer does not win, there is no win-win."""
        check = check_win_win(build(nets={**all_win(), loser: -1.0}))
        assert not check.holds
        assert [p.stakeholder.id for p in check.losers] == [loser]

    def test_needs_a_customer(self) -> None:
        """Without customers there is no win-win, however well the firm does."""
        check = check_win_win(build(nets={"f": 5.0}, people="fp"))
        assert not check.holds
        assert "there are no customers" in check.reasons[-1]

    def test_partners_do_not_matter(self) -> None:
        """A losing partner does not spoil the firm's and the customers' win-win."""
        assert is_win_win(build(nets={**all_win(), "p": -3.0}))

    def test_two_given_stakeholders(self) -> None:
        """With a and b given, win-win checks exactly those two."""
        initiative = build(nets={"f": 1.0, "p": 1.0, "c": -1.0})
        assert is_win_win(initiative, "f", "p")
        assert not is_win_win(initiative, "f", "c")
        assert not is_win_win(initiative)

    def test_one_given_stakeholder_is_an_error(self) -> None:
        """Giving only one of a and b is refused."""
        with pytest.raises(CocreateError, match="two stakeholders or none"):
            is_win_win(build(), "f")

    def test_evidence_says_by_how_much(self) -> None:
        """A losing party's sentence gives its net value and its shortfall."""
        check = check_win_win(build(nets={**all_win(), "c": -2.0}))
        assert "customer 'c' has net value -2 and must win (more than 0; short by 2)" in (
            check.reasons
        )
        at_threshold = check_win_win(build(nets={**all_win(), "c": 0.0}))
        assert "not equal to it" in at_threshold.reasons[1]
        assert str(at_threshold).startswith("win-win does not hold: ")


class TestWinWinWin:
    def test_nike_plus(self) -> None:
        """Nike, Apple (a co-creator) and the runners all win."""
        assert is_win_win_win(examples.nike_plus())

    def test_holds(self) -> None:
        """Firm, every co-creator and every customer win, co-creator and customer distinct."""
        assert is_win_win_win(build([("p", "technology")], all_win()))

    @pytest.mark.parametrize("loser", ["f", "p", "c"])
    def test_fails_when_anyone_loses(self, loser: str) -> None:
        """The firm, a co-creator or a customer losing breaks win-win-win."""
        initiative = build([("p", "technology")], {**all_win(), loser: -1.0})
        assert not is_win_win_win(initiative)

    def test_needs_a_co_creator(self) -> None:
        """Without an external substantive contributor there is no win-win-win."""
        initiative = build([("p", "ideas"), ("e", "labor")], all_win())
        assert not is_win_win_win(initiative)
        assert is_win_win(initiative)

    def test_needs_a_customer(self) -> None:
        """Without customers there is no win-win-win."""
        assert not is_win_win_win(build([("p", "technology")], all_win("fp"), people="fp"))

    def test_co_creating_customer_alone_is_only_win_win(self) -> None:
        """A firm whose only co-creator is its only customer has a win-win, not a win-win-win."""
        initiative = build([("c", "data")], all_win("fc"), people="fc")
        check = check_win_win_win(initiative)
        assert not check.holds
        assert check.missing == ("no_third_party",)
        assert "fewer than three distinct parties" in check.reasons[-1]
        assert is_win_win(initiative)

    def test_co_creating_customer_and_another_customer(self) -> None:
        """A co-creating customer and a second customer are three distinct parties."""
        initiative = build([("c", "data")], all_win("fcd"), people="fcd")
        assert is_win_win_win(initiative)

    def test_threshold_is_a_parameter(self) -> None:
        """A stricter threshold makes the same initiative fail."""
        initiative = build([("p", "technology")], all_win())
        assert not is_win_win_win(initiative, rules=Rules(win_threshold=1.0))


class TestClassify:
    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("nike-plus", Kind.CO_CREATION),
            ("my-starbucks-idea", Kind.CUSTOMER_FOCUSED_INNOVATION),
            ("dell-ideastorm", Kind.CUSTOMER_FOCUSED_INNOVATION),
            ("cross-team-project", Kind.COLLABORATION),
            ("solo-development", Kind.UNCLASSIFIED),
        ],
    )
    def test_worked_cases(self, name: str, kind: Kind) -> None:
        """The worked cases of SPEC.md section 3 classify as the spec says."""
        assert classify(examples.get(name)).kind is kind

    def test_co_creation(self) -> None:
        """An external partner gives technology and firm, partner and customers win."""
        result = classify(build([("p", "technology"), ("c", "ideas")], all_win()))
        assert result.kind is Kind.CO_CREATION
        assert all(c.holds for c in result.criteria_for(Kind.CO_CREATION))
        assert result.criteria_for(Kind.CUSTOMER_FOCUSED_INNOVATION) == ()

    def test_specific_outcome_blocks_co_creation_and_customer_focus(self) -> None:
        """A specific-outcome goal makes the same joint work a collaboration."""
        initiative = build(
            [("p", "technology"), ("c", "ideas")], all_win(), goal=Goal.SPECIFIC_OUTCOME
        )
        result = classify(initiative)
        assert result.kind is Kind.COLLABORATION
        assert [c.name for c in result.failed(Kind.CO_CREATION)] == ["goal"]
        assert "Not co-creation: the goal is a specific outcome." in result.sentences

    def test_customer_focused_innovation(self) -> None:
        """Customers give only voice, the firm builds, firm and customers win."""
        initiative = build([("c", "ideas"), ("d", "feedback"), ("f", "labor")], all_win())
        result = classify(initiative)
        assert result.kind is Kind.CUSTOMER_FOCUSED_INNOVATION
        assert [c.name for c in result.failed(Kind.CO_CREATION)] == [
            "co_creators",
            "three_parties",
        ]

    def test_customer_giving_substance_is_not_customer_focused(self) -> None:
        """A customer who gives data is a co-creator; without win-win-win it is collaboration."""
        initiative = build([("c", "ideas"), ("d", "data"), ("f", "labor")], {**all_win(), "p": -1})
        result = classify(initiative)
        assert result.kind is Kind.CO_CREATION  # p is no co-creator: it gives nothing
        initiative = build([("c", "ideas"), ("d", "data")], all_win("fcd"), people="fcd")
        assert classify(initiative).kind is Kind.CO_CREATION
        initiative = build([("c", "ideas"), ("d", "data")], {"f": 1, "c": 1, "d": -1}, people="fcd")
        result = classify(initiative)
        assert result.kind is Kind.COLLABORATION
        voice = result.criteria_for(Kind.CUSTOMER_FOCUSED_INNOVATION)[2]
        assert (voice.name, voice.holds, voice.stakeholders) == ("voice_only", False, ("d",))
        assert "customer 'd' gives data" in voice.evidence

    def test_customer_focused_needs_a_contributing_customer(self) -> None:
        """If no customer contributes, it is not customer-focused innovation."""
        initiative = build([("f", "labor"), ("e", "labor")], all_win())
        result = classify(initiative)
        assert result.kind is Kind.COLLABORATION
        assert "no customer contributes" in result.explanation

    def test_customer_focused_needs_win_win(self) -> None:
        """If a customer loses, customer-focused innovation fails and says who."""
        initiative = build([("c", "ideas"), ("f", "labor")], {**all_win(), "c": -0.25})
        result = classify(initiative)
        assert result.kind is Kind.COLLABORATION
        assert (
            "Not customer-focused innovation: customer 'c' has net value -0.25 and must win "
            "(more than 0; short by 0.25)." in result.sentences
        )

    def test_failed_co_creation_says_who_and_by_how_much(self) -> None:
        """When a co-creator loses, the explanation names it and the amount."""
        nike = examples.nike_plus()
        values = [v for v in nike.values if v.beneficiary != "apple"] + [Value("apple", 0)]
        result = classify(nike.evolve(values=values))
        assert result.kind is Kind.COLLABORATION
        assert result.sentences[1].startswith(
            "Not co-creation: co-creator 'Apple' has net value -2 and must win"
        )
        failed = result.failed(Kind.CO_CREATION)
        assert [(c.name, c.stakeholders) for c in failed] == [("co_creators_win", ("apple",))]

    def test_collaboration_internal(self) -> None:
        """Two internal contributors make a collaboration."""
        result = classify(build([("f", "capital"), ("e", "labor")], goal=Goal.SPECIFIC_OUTCOME))
        assert result.kind is Kind.COLLABORATION
        evidence = result.criteria_for(Kind.COLLABORATION)[0].evidence
        assert evidence == "2 stakeholders contribute: 'e' and 'f' (2 internal, 0 external)"

    def test_collaboration_external(self) -> None:
        """Two external contributors that do not all win make a collaboration."""
        initiative = build([("p", "labor"), ("s", "product")], people="fps")
        assert classify(initiative).kind is Kind.COLLABORATION

    @pytest.mark.parametrize("gifts", [[], [("f", "labor")], [("e", "data"), ("e", "labor")]])
    def test_unclassified(self, gifts: list[tuple[str, str]]) -> None:
        """Fewer than two distinct contributors is no joint work at all."""
        result = classify(build(gifts, all_win()))
        assert result.kind is Kind.UNCLASSIFIED
        assert result.failed(Kind.COLLABORATION)[0].name == "contributors"
        assert "is unclassified" in result.sentences[0]

    def test_min_contributors_is_a_parameter(self) -> None:
        """A researcher can require three contributors for a collaboration."""
        initiative = build([("f", "capital"), ("e", "labor")])
        assert classify(initiative, rules=Rules(min_contributors=3)).kind is Kind.UNCLASSIFIED
        assert classify(initiative, rules=Rules(min_contributors=1)).kind is Kind.COLLABORATION

    def test_unstated_goal_and_process_are_assumed(self) -> None:
        """A missing goal or process blocks no kind, and the explanation says so."""
        initiative = build([("p", "technology")], all_win(), goal=None, process=None)
        result = classify(initiative)
        assert result.kind is Kind.CO_CREATION
        assert result.criteria_for(Kind.CO_CREATION)[0].assumed
        assert len(result.assumptions) == 2
        assert "The goal is not stated" in result.explanation
        assert "The process is not stated" in result.explanation
        stated = classify(examples.nike_plus())
        assert stated.assumptions == ()

    def test_structured_process_does_not_block(self) -> None:
        """The rules do not use the process: a structured co-creation is still co-creation."""
        initiative = build([("p", "technology")], all_win(), process=Process.STRUCTURED)
        assert classify(initiative).kind is Kind.CO_CREATION

    def test_explanation_and_str(self) -> None:
        """The explanation has one sentence per line, and str() leads with the verdict."""
        result = classify(examples.my_starbucks_idea())
        assert result.explanation.splitlines() == list(result.sentences)
        assert str(result).startswith("My Starbucks Idea: customer-focused innovation\n")
        assert str(result.criteria[0]).startswith("✓ the goal is not a specific outcome")
        assert str(result.failed()[0]).startswith("✗ an external stakeholder gives a resource")

    def test_to_dict(self) -> None:
        """to_dict() is plain data with the kind, the sentences and every criterion."""
        result = classify(examples.nike_plus())
        data = result.to_dict()
        assert data["kind"] == "co_creation"
        assert data["label"] == "co-creation"
        assert len(data["criteria"]) == len(result.criteria)
        assert data["rules"] == {
            "win_threshold": 0.0,
            "voice_resources": ["feedback", "ideas", "input"],
            "min_contributors": 2,
            "groups": "together",
            "customers_co_create": False,
        }
        assert (data["structure"], data["outcome"]) == ("co_creation", "win_win_win")

    def test_large_groups_are_summarized(self) -> None:
        """Evidence about many stakeholders names a few and counts the rest."""
        people = [Stakeholder("f", Role.FIRM)] + [
            Stakeholder(f"c{i}", Role.CUSTOMER) for i in range(12)
        ]
        gifts = [Contribution(f"c{i}", "data") for i in range(12)]
        values = [Value(f"c{i}", -1) for i in range(12)]
        result = classify(Initiative("t", "f", people, gifts, values))
        losers = result.failed(Kind.CO_CREATION)[1]
        assert losers.name == "co_creators_win"
        assert "7 more co-creators do not win" in losers.evidence
        assert len(losers.stakeholders) == 12

    def test_not_an_initiative(self) -> None:
        """classify refuses anything but an Initiative, with a CocreateError."""
        with pytest.raises(CocreateError, match="needs an Initiative"):
            classify("Nike+")  # type: ignore[arg-type]

    def test_rules_must_be_rules(self) -> None:
        """A rules argument that is not a Rules is refused."""
        with pytest.raises(CocreateError, match=r"cocreate\.Rules"):
            classify(examples.nike_plus(), rules={"win_threshold": 1})  # type: ignore[arg-type]


class TestRules:
    def test_defaults_are_the_spec(self) -> None:
        """Threshold 0, voice = ideas, input, feedback, two contributors."""
        rules = Rules()
        assert rules.win_threshold == 0.0
        assert rules.voice_resources == {Resource.IDEAS, Resource.INPUT, Resource.FEEDBACK}
        assert rules.min_contributors == 2
        assert rules.is_voice(Resource.IDEAS)
        assert not rules.is_voice(Resource.DATA)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"win_threshold": float("nan")}, "win_threshold"),
            ({"win_threshold": float("inf")}, "win_threshold"),
            ({"voice_resources": ["ideas", "gossip"]}, "voice_resources[1]"),
            ({"voice_resources": "ideas"}, "voice_resources"),
            ({"min_contributors": 0}, "min_contributors"),
            ({"min_contributors": True}, "min_contributors"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], field: str) -> None:
        """Bad parameters are refused, naming the field."""
        with pytest.raises(InvalidModelError) as error:
            Rules(**kwargs)
        assert [f.path for f in error.value.faults] == [field]


class TestProfile:
    def test_nike_plus(self) -> None:
        """Nike+ matches the co-creation column on focus and process."""
        rows = {row.attribute: row for row in profile(examples.nike_plus()).rows}
        assert rows["focus"].column is Column.CO_CREATION
        assert rows["process"].column is Column.CO_CREATION
        assert rows["definition"].column is Column.BOTH
        assert rows["outcome"].column is Column.BOTH

    def test_collaboration_example(self) -> None:
        """The cross-team project matches collaboration; everyone gains, so both outcomes fit."""
        result = profile(examples.cross_team_project())
        assert [row.column for row in result.rows] == [Column.COLLABORATION] * 4 + [Column.BOTH]

    def test_unclassified_example(self) -> None:
        """With one contributor neither definition column fits."""
        result = profile(examples.solo_development())
        assert result["definition"].column is Column.NEITHER
        assert result["partnership"].column is Column.NEITHER
        assert result["process"].column is Column.BOTH
        assert "not stated" in result["process"].reason

    def test_rows_and_lookup(self) -> None:
        """Rows come in the table's order and as plain dicts; unknown attributes raise."""
        result = profile(examples.my_starbucks_idea())
        rows = result.to_dict()["rows"]
        assert [r["attribute"] for r in rows] == [
            "definition",
            "partnership",
            "focus",
            "process",
            "outcome",
        ]
        assert rows[2]["matches"] == "co-creation"
        assert rows[2] == result["focus"].to_dict()
        with pytest.raises(CocreateError, match="no profile attribute 'budget'"):
            result["budget"]
        assert str(result).splitlines()[0].startswith("definition")

    def test_outcome_needs_everyone_to_gain(self) -> None:
        """If a participant loses, the co-creation outcome column does not fit."""
        initiative = build([("p", "technology"), ("f", "labor")], {**all_win(), "p": -1})
        row = profile(initiative)["outcome"]
        assert row.column is Column.COLLABORATION
        assert "no gain for 'p'" in row.reason


class TestPurity:
    def test_rules_do_not_change_the_initiative(self) -> None:
        """Every rule function leaves its input equal to what it was."""
        initiative = examples.nike_plus()
        before = initiative.to_dict()
        classify(initiative)
        ledger(initiative)
        profile(initiative)
        check_win_win(initiative)
        check_win_win_win(initiative)
        assert initiative.to_dict() == before
        assert initiative == examples.nike_plus()

    def test_same_answer_twice(self) -> None:
        """Classifying twice gives equal classifications."""
        initiative = examples.dell_ideastorm()
        assert classify(initiative) == classify(initiative)


class TestContributors:
    @given(initiative=strategies.initiatives(), rules=strategies.rules())
    @settings(max_examples=80, deadline=None)
    def test_every_giver_counts_once(self, initiative: Initiative, rules: Rules) -> None:
        """The contributors are the givers of inputs; collaboration is decided on how many.

        Exchanges are no inputs; the rules count as the judged initiative shows
        (under ``groups="together"`` a crowd is one giver).
        """
        givers = inputs_by_source(initiative)
        fresh = copy.copy(initiative)
        result = classify(fresh, rules=rules)
        # Read after classify, from the caches it filled: the same as computed afresh,
        # contributors in the order of their first input.
        assert fresh.contributors == set(givers)
        assert dict(fresh.resources_given) == givers
        assert list(fresh.resources_given) == list(givers)
        voice = rules.voice_resources
        judged = rules.judged(initiative)
        parties = inputs_by_source(judged)
        external = judged.external
        expected = sorted(k for k, kinds in parties.items() if k in external and not kinds <= voice)
        assert co_creators(initiative, rules=rules) == tuple(expected)
        assert result.kind is not Kind.CO_CREATION or expected
        enough = len(parties) >= rules.min_contributors
        if result.kind is Kind.UNCLASSIFIED:
            assert not enough
        if result.kind in (Kind.COLLABORATION, Kind.UNCLASSIFIED):
            (criterion,) = [
                c for c in result.criteria_for(Kind.COLLABORATION) if c.check is Check.CONTRIBUTORS
            ]
            assert criterion.holds is enough
            assert criterion.count == len(parties)
            assert criterion.stakeholders == tuple(sorted(parties))


def inputs_by_source(initiative: Initiative) -> dict[str, set[Resource]]:
    """Each giver of an input (a contribution not an exchange) to its resources, in order."""
    givers: dict[str, set[Resource]] = {}
    for contribution in initiative.contributions:
        if not contribution.exchange:
            givers.setdefault(contribution.source, set()).add(contribution.resource)
    return givers


class TestLazyCriteria:
    def test_the_kind_alone_gathers_no_criteria(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """classify decides the kind; the criteria are gathered once, when first read."""
        calls: list[Kind] = []
        gather = facts.findings

        def counted(initiative: Initiative, rules: Rules, kind: Kind) -> Findings:
            calls.append(kind)
            return gather(initiative, rules, kind)

        monkeypatch.setattr(facts, "findings", counted)
        result = classify(examples.nike_plus())
        assert result.kind is Kind.CO_CREATION
        assert calls == []
        first = result.criteria
        assert [c.check for c in first][:2] == [Check.GOAL, Check.CO_CREATORS]
        assert result.criteria is first
        assert calls == [Kind.CO_CREATION]

    @given(initiative=strategies.initiatives(), rules=strategies.rules())
    @settings(max_examples=60, deadline=None)
    def test_read_early_or_late_or_elsewhere_alike(
        self, initiative: Initiative, rules: Rules
    ) -> None:
        """Criteria read at once, after a pickle, or for a kind found elsewhere, are equal."""
        early = classify(initiative, rules=rules)
        early_criteria = early.criteria
        late = pickle.loads(pickle.dumps(classify(initiative, rules=rules)))  # noqa: S301
        elsewhere = known(copy.copy(initiative), rules, early.kind, early.structure, early.outcome)
        for other in (late, elsewhere):
            assert other == early
            assert hash(other) == hash(early)
            assert other.criteria == early_criteria
            assert other.sentences == early.sentences
        shape: dict[str, Any] = {"structure": early.structure, "outcome": early.outcome}
        given_findings = Classification(
            early.kind, early.initiative, early.findings, rules, **shape
        )
        assert given_findings == early
        assert Classification(early.kind, "another name", early.findings, rules, **shape) != early


def test_every_kind_has_a_label() -> None:
    """Every Kind has a label in words."""
    assert {kind.label for kind in Kind} == {
        "co-creation",
        "customer-focused innovation",
        "collaboration",
        "unclassified",
    }
