"""Who needs whom: Value.requires, without's real loss, shapley and fair_split (issue 26)."""

from __future__ import annotations

import decimal
import json
import math
from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    CocreateError,
    FairShare,
    FairSplit,
    Initiative,
    Stakeholder,
    Value,
    classify,
    defections,
    explain,
    fair_split,
    shapley,
    to_html,
    without,
)
from cocreate._judgment.fair import most_blocking
from cocreate._model.validate import as_written
from cocreate.examples import my_starbucks_idea, nike_plus
from cocreate.exceptions import ArgumentError, InvalidModelError, UnknownStakeholderError
from cocreate.strategies import initiatives

if TYPE_CHECKING:
    from collections.abc import Mapping


# --------------------------------------------------------------------------
# Brute force over every coalition, from SPEC's game as written.


def _rules(initiative: Initiative) -> list[tuple[frozenset[str], Fraction]]:
    """Every rule of the game: a value's creators and amount; a contribution's source and -cost."""
    out = [(frozenset({c.source}), -Fraction(as_written(c.cost))) for c in initiative.contributions]
    out += [
        (v.requires | {v.beneficiary}, Fraction(as_written(v.amount))) for v in initiative.values
    ]
    return out


def _worth(rules: list[tuple[frozenset[str], Fraction]], coalition: frozenset[str]) -> Fraction:
    return sum((worth for members, worth in rules if members <= coalition), Fraction(0))


def _coalitions(ids: list[str]) -> list[frozenset[str]]:
    return [frozenset(c) for size in range(len(ids) + 1) for c in combinations(ids, size)]


def _brute_shapley(initiative: Initiative) -> dict[str, Fraction]:
    """The Shapley value by its definition: weighted marginal contributions over all coalitions."""
    rules = _rules(initiative)
    ids = sorted(initiative.stakeholder_ids)
    n = len(ids)
    worth = {s: _worth(rules, s) for s in _coalitions(ids)}
    out = {}
    for key in ids:
        total = Fraction(0)
        for s, value in worth.items():
            if key in s:
                continue
            weight = Fraction(math.factorial(len(s)) * math.factorial(n - len(s) - 1))
            total += weight * (worth[s | {key}] - value)
        out[key] = total / math.factorial(n)
    return out


def _exact_nets(initiative: Initiative) -> dict[str, Fraction]:
    nets = dict.fromkeys(initiative.stakeholder_ids, Fraction(0))
    for c in initiative.contributions:
        nets[c.source] -= Fraction(as_written(c.cost))
    for v in initiative.values:
        nets[v.beneficiary] += Fraction(as_written(v.amount))
    return nets


def _brute_core(
    rules: list[tuple[frozenset[str], Fraction]], split: Mapping[str, Fraction]
) -> tuple[Fraction, tuple[str, ...]]:
    """The most any coalition gains over the split, and the smallest coalition that gains it."""
    ids = sorted(split)
    found: list[tuple[Fraction, frozenset[str]]] = [
        (_worth(rules, s) - sum((split[i] for i in s), Fraction(0)), s) for s in _coalitions(ids)
    ]
    best = max(gain for gain, _ in found)
    most = [s for gain, s in found if gain == best]
    smallest = min(most, key=len)
    assert all(smallest <= s for s in most), "the smallest coalition of most gain is in every other"
    return best, tuple(sorted(smallest))


@st.composite
def dependent_initiatives(draw: st.DrawFn) -> Initiative:
    """Initiatives of up to 8 stakeholders whose gains require random sets of the others."""
    initiative = draw(initiatives(max_stakeholders=8))
    ids = sorted(initiative.stakeholder_ids)
    values = [
        attrs.evolve(v, requires=draw(st.frozensets(st.sampled_from(ids), max_size=4)))
        if v.amount > 0 and (v.low is None or v.low >= 0)
        else v
        for v in initiative.values
    ]
    return initiative.evolve(values=values)


# --------------------------------------------------------------------------


class TestRequires:
    def test_nike_plus_states_what_requires_apple(self) -> None:
        """Nike's shoe sales and the runners' experience require Apple; Apple's iPod sales Nike."""
        requires = {v.beneficiary: sorted(v.requires) for v in nike_plus().values}
        assert requires == {"nike": ["apple"], "runners": ["apple"], "apple": ["nike"]}

    def test_requires_changes_no_net_value_and_no_verdict(self) -> None:
        """Requires matters to without and the fair split only: Nike+'s sums and kind stay."""
        plain = nike_plus().evolve(
            values=[attrs.evolve(v, requires=()) for v in nike_plus().values]
        )
        assert plain.accounts == nike_plus().accounts
        assert classify(plain).kind is classify(nike_plus()).kind

    def test_unknown_id_is_a_fault_naming_it(self) -> None:
        """An id that names no stakeholder is reported with its path and a close match."""
        with pytest.raises(InvalidModelError) as caught:
            nike_plus().evolve(values=[Value("nike", 1, requires=["appel"])])
        assert [str(f) for f in caught.value.faults] == [
            "values[0].requires: unknown stakeholder 'appel'; did you mean 'apple'?"
        ]

    @pytest.mark.parametrize(("amount", "low"), [(-1.0, None), (1.0, -1.0)])
    def test_a_loss_cannot_require_anyone(self, amount: float, low: float | None) -> None:
        """A negative amount or low with requires is refused, in one line saying why."""
        with pytest.raises(InvalidModelError) as caught:
            Value("nike", amount, low=low, requires=["apple"])
        (fault,) = caught.value.faults
        assert fault.path == "requires"
        assert "only a gain can require others" in fault.message
        assert "\n" not in fault.message

    def test_records_report_both_faults_at_once(self) -> None:
        """The bulk path names an unknown id and a loss that requires, like the constructor."""
        with pytest.raises(InvalidModelError) as caught:
            cocreate.from_records(
                "x",
                "acme",
                [("acme", "firm")],
                [],
                [
                    {"beneficiary": "acme", "amount": 1.0, "requires": ["zz"]},
                    {"beneficiary": "acme", "amount": -1.0, "requires": ["acme"]},
                ],
            )
        paths = sorted(f.path for f in caught.value.faults)
        assert paths == ["values[0].requires", "values[1].requires"]

    def test_not_a_set_of_ids_is_refused(self) -> None:
        """A single str is not a set of ids: refused with the field kind's message."""
        with pytest.raises(InvalidModelError, match="requires: must be an iterable"):
            Value("nike", 1, requires="apple")

    def test_stakeholders_are_accepted_for_ids(self) -> None:
        """A Stakeholder stands for its id, as elsewhere."""
        apple = Stakeholder("apple", "firm")
        assert Value("nike", 1, requires=[apple]).requires == frozenset({"apple"})

    def test_crowds_require_the_crowd(self) -> None:
        """Judged together, a value that requires a segment requires its crowd."""
        people = [
            Stakeholder("lego", "firm"),
            Stakeholder("picked", "customer", group="fans"),
            Stakeholder("others", "customer", group="fans"),
        ]
        lego = Initiative(
            "LEGO Ideas", "lego", people, values=[Value("lego", 5, requires=["picked"])]
        )
        assert lego.crowds.values[0].requires == frozenset({"fans"})


class TestRoundTrips:
    @staticmethod
    def _nike() -> Initiative:
        return nike_plus()

    def test_dict_json_and_toml(self) -> None:
        """The dict form lists requires sorted; JSON and TOML give back an equal initiative."""
        data = nike_plus().to_dict()
        assert [v.get("requires") for v in data["values"]] == [["nike"], ["apple"], ["apple"]]
        for fmt in ("json", "toml"):
            assert (
                cocreate.loads(cocreate.dumps(nike_plus(), format=fmt), format=fmt) == nike_plus()
            )

    def test_records(self) -> None:
        """Records carry requires as a sorted tuple, last."""
        _, _, values = cocreate.to_records(nike_plus())
        assert [v[-1] for v in values] == [("nike",), ("apple",), ("apple",)]
        i = nike_plus()
        assert (
            cocreate.from_records(
                i.name, i.focal, *cocreate.to_records(i), goal=i.goal, process=i.process
            )
            == i
        )

    def test_csv_excel_pandas_networkx(self, tmp_path: object) -> None:
        """CSV, Excel, pandas and networkx each give back the requires they were given."""
        from pathlib import Path

        folder = Path(str(tmp_path))
        i = nike_plus()
        cocreate.write_csv(i, folder / "csv")
        assert cocreate.read_csv(folder / "csv") == i
        cocreate.write_excel(i, folder / "x.xlsx")
        assert cocreate.read_excel(folder / "x.xlsx") == i
        tables = [
            cocreate.to_pandas(i, table=t) for t in ("stakeholders", "contributions", "values")
        ]
        assert cocreate.from_pandas(i.name, i.focal, *tables, goal=i.goal, process=i.process) == i
        assert Initiative.from_networkx(i.to_networkx()) == i

    def test_csv_cells_read_ids_separated_by_semicolons(self) -> None:
        """A CSV cell of requires is ids separated by ';', as customer_of."""
        from cocreate._model.cells import read_cell, write_text

        assert read_cell("requires", "apple; nike") == ["apple", "nike"]
        assert write_text("requires", frozenset({"nike", "apple"})) == "apple;nike"

    def test_schema_describes_requires(self) -> None:
        """The JSON Schema has requires on values: an array of ids."""
        value = cocreate.schema()["$defs"]["value"]["properties"]["requires"]
        assert value["anyOf"][0] == {"type": "array", "items": {"$ref": "#/$defs/id"}}


class TestWithout:
    def test_without_drops_the_values_that_require_the_one_removed(self) -> None:
        """Without Apple, Nike's shoe sales and the runners' experience go too."""
        alone = without(nike_plus(), "apple")
        assert alone.values == ()
        assert alone.accounts["nike"].net_value == -5.0
        assert alone.accounts["runners"].net_value == -1.0

    def test_defection_says_the_real_loss(self) -> None:
        """The defection of Apple says who loses what, and the verdict without it."""
        apple = defections(nike_plus())[0]
        assert dict(apple.lost) == {"nike": 10.0, "runners": 4.0}
        assert apple.sentences[:2] == (
            "Co-creation depends on 'Apple': without it, 'Nike+' would be collaboration.",
            "Without 'Apple', 'Nike' loses 10 and 'runners' 4 of the value they receive.",
        )
        assert apple.to_dict()["lost"] == {"nike": 10.0, "runners": 4.0}

    def test_a_defection_with_no_loss_says_none(self) -> None:
        """Where nobody loses a value, there is no loss sentence."""
        (customers,) = defections(my_starbucks_idea())
        assert dict(customers.lost) == {"starbucks": 8.0}
        plain = my_starbucks_idea().evolve(
            values=[attrs.evolve(v, provider=None) for v in my_starbucks_idea().values]
        )
        (customers,) = defections(plain)
        assert dict(customers.lost) == {}
        assert not any(s.startswith("Without 'customers',") for s in customers.sentences)

    @settings(max_examples=60, deadline=None)
    @given(dependent_initiatives(), st.data())
    def test_without_keeps_no_value_that_requires_the_removed(
        self, initiative: Initiative, data: st.DataObject
    ) -> None:
        """No value left requires, is provided by or goes to a stakeholder removed."""
        others = sorted(initiative.stakeholder_ids - {initiative.focal})
        if not others:
            return
        gone = data.draw(st.sampled_from(others))
        left = without(initiative, gone)
        assert all(gone not in v.requires for v in left.values)
        kept = [
            v
            for v in initiative.values
            if gone not in (v.beneficiary, v.provider) and gone not in v.requires
        ]
        assert sorted(map(repr, left.values)) == sorted(map(repr, kept))


class TestShapley:
    def test_nike_plus(self) -> None:
        """Apple's sensor makes two values: it gets half of each, less its cost."""
        assert dict(shapley(nike_plus())) == {"apple": 7.5, "nike": 2.5, "runners": 1.0}

    def test_not_an_initiative(self) -> None:
        """Anything else is an ArgumentError."""
        with pytest.raises(ArgumentError, match="shapley needs an Initiative"):
            shapley("nike")  # type: ignore[arg-type]

    def test_thirds_are_exactly_rounded(self) -> None:
        """A worth of 1 over three creators is 1/3 each, rounded once."""
        people = [Stakeholder(k, "firm") for k in ("a", "b", "c")]
        i = Initiative("x", "a", people, values=[Value("a", 1, requires=["b", "c"])])
        assert dict(shapley(i)) == {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}

    @settings(max_examples=80, deadline=None)
    @given(dependent_initiatives())
    def test_equals_brute_force_over_all_coalitions(self, initiative: Initiative) -> None:
        """Each Shapley value is the brute-force one over all coalitions, exactly rounded."""
        brute = _brute_shapley(initiative)
        assert dict(shapley(initiative)) == {k: float(v) + 0.0 for k, v in brute.items()}
        # And the exact values sum to the exact total net value.
        assert sum(brute.values()) == sum(_exact_nets(initiative).values())

    @settings(max_examples=80, deadline=None)
    @given(dependent_initiatives())
    def test_sums_to_the_total_net_value(self, initiative: Initiative) -> None:
        """The Shapley values sum to the total net value, up to one rounding of each."""
        values = shapley(initiative)
        total = fair_split(initiative).total
        size = sum(abs(v) for v in values.values()) + abs(total)
        # Half an ulp of each, and of the total; at least the smallest step below the normals.
        ulps = size * 2.0**-52 + 5e-324
        assert abs(math.fsum(values.values()) - total) <= ulps * (len(values) + 1)


class TestFairSplit:
    def test_nike_plus(self) -> None:
        """Apple creates most and captures least; the split is in the core."""
        split = fair_split(nike_plus())
        assert isinstance(split, FairSplit)
        assert [(e.stakeholder.id, e.difference, e.ratio) for e in split] == [
            ("apple", -4.5, 2.5),
            ("nike", 2.5, 2.0),
            ("runners", 2.0, 4.0),
        ]
        assert (split.in_core, split.blocking, split.excess, split.total) == (True, (), 0.0, 11.0)
        assert split.sentences[1] == (
            "'Apple' creates 68.2% of the surplus and captures 27.3%: 4.5 less than its fair share."
        )
        assert split.sentences[-1].endswith("the split is in the core.")

    def test_ratio_is_none_where_nothing_is_given(self) -> None:
        """Who gives nothing that costs has no ratio: None, not inf."""
        people = [Stakeholder("a", "firm"), Stakeholder("b", "customer")]
        i = Initiative("x", "a", people, values=[Value("b", 2)])
        assert fair_split(i)["b"].ratio is None
        assert json.loads(json.dumps(fair_split(i).to_dict()))["entries"][1]["ratio"] is None

    def test_lookup_iteration_and_unknown(self) -> None:
        """Shares are found by id or stakeholder; an unknown id is an UnknownStakeholderError."""
        split = fair_split(nike_plus())
        assert split[nike_plus().stakeholder("nike")] is split["nike"]
        assert len(split) == 3
        assert isinstance(split["nike"], FairShare)
        with pytest.raises(UnknownStakeholderError, match="no fair share for 'zz'"):
            split["zz"]

    def test_words_html_and_explain(self) -> None:
        """explain gives the sentences; to_html and the notebook view show them escaped."""
        split = fair_split(nike_plus())
        assert explain(split) == split.sentences
        assert str(split) == "\n".join(split.sentences)
        page = to_html(split)
        assert page.startswith("<div")
        assert "fair share" in page
        assert "<script" not in page
        assert split._repr_html_() == page

    def test_not_an_initiative(self) -> None:
        """Anything else is an ArgumentError, a CocreateError."""
        with pytest.raises(CocreateError, match="fair_split needs an Initiative"):
            fair_split(None)  # type: ignore[arg-type]

    def test_no_surplus_speaks_in_amounts(self) -> None:
        """With no surplus, shares are said as amounts, not as percentages of nothing."""
        people = [Stakeholder("a", "firm"), Stakeholder("b", "partner")]
        i = Initiative(
            "x",
            "a",
            people,
            [cocreate.Contribution("b", "labor", cost=3)],
            [Value("a", 3, requires=["b"])],
        )
        split = fair_split(i)
        assert split.total == 0.0
        assert "'b' has a fair share of -1.5 and captures -3: 1.5 less" in split.sentences[1]

    @settings(max_examples=80, deadline=None)
    @given(dependent_initiatives())
    def test_core_agrees_with_brute_force(self, initiative: Initiative) -> None:
        """in_core, excess and blocking are what a search of every coalition finds."""
        split = fair_split(initiative)
        best, smallest = _brute_core(_rules(initiative), _exact_nets(initiative))
        assert split.excess == float(best)
        assert split.in_core is (best == 0)
        assert split.blocking == (() if best == 0 else smallest)

    @settings(max_examples=150, deadline=None)
    @given(dependent_initiatives(), st.data())
    def test_minimum_cut_agrees_with_brute_force_on_any_split(
        self, initiative: Initiative, data: st.DataObject
    ) -> None:
        """For any split, the minimum cut finds the most blocking coalition a search finds."""
        ids = sorted(initiative.stakeholder_ids)
        amounts = st.integers(-40, 40).map(lambda n: Decimal(n) / 4)
        split = {key: data.draw(amounts, label=key) for key in ids}
        rules = _rules(initiative)
        with decimal.localcontext(prec=2000, Emin=-9999, Emax=9999):
            # Every worth is a decimal: the division is exact at this precision.
            shared = [(c, Decimal(w.numerator) / w.denominator) for c, w in rules if len(c) > 1]
            alone = dict.fromkeys(ids, Fraction(0))
            for members, worth in rules:
                if len(members) == 1:
                    alone[next(iter(members))] += worth
            weights = {
                key: split[key] - Decimal(alone[key].numerator) / alone[key].denominator
                for key in ids
            }
        gained, blocking = most_blocking(shared, weights)
        best, smallest = _brute_core(rules, {k: Fraction(v) for k, v in split.items()})
        assert Fraction(gained) == best
        assert blocking == (() if best == 0 else smallest)

    def test_a_split_that_shortchanges_a_pair_is_blocked_by_it(self) -> None:
        """Two who create 10 together but are given 4 would gain 6 on their own."""
        shared = [(frozenset({"a", "b"}), Decimal(10)), (frozenset({"b", "c"}), Decimal(1))]
        weights = {"a": Decimal(2), "b": Decimal(2), "c": Decimal(5)}
        assert most_blocking(shared, weights) == (Decimal(6), ("a", "b"))

    def test_equal_initiatives_give_equal_results(self) -> None:
        """The order the items are given in changes nothing."""
        i = nike_plus()
        turned = i.evolve(
            values=list(reversed(i.values)), stakeholders=list(reversed(i.stakeholders))
        )
        assert fair_split(turned) == fair_split(i)


class TestHeaders:
    """Every column of the balance and fair split tables has a header."""

    def test_no_empty_header(self) -> None:
        """balance and fair_split HTML tables name every column."""
        import re

        from cocreate import balance, fair_split, to_html
        from cocreate.examples import nike_plus

        for result in (balance(nike_plus()), fair_split(nike_plus())):
            headers = re.findall(r"<th[^>]*>(.*?)</th>", to_html(result))
            assert headers
            assert all(h.strip() for h in headers), headers
