"""Sweeping one amount: the exact values at which the verdict changes (issue 25)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    CocreateError,
    Contribution,
    Initiative,
    Kind,
    Stakeholder,
    Sweep,
    Value,
    classify,
    dump,
    explain,
    sweep,
    to_html,
    transfer,
)
from cocreate._cli import main
from cocreate.examples import my_starbucks_idea, nike_plus
from cocreate.exceptions import ArgumentError

sys.path.insert(0, str(Path(__file__).parent))
from test_links import linked_initiatives, priced

sys.path.pop(0)

if TYPE_CHECKING:
    from collections.abc import Iterator


def _at(initiative: Initiative, result: Sweep, item: Any, value: float) -> Initiative:
    """The initiative with the amount swept at ``value``, its ranges dropped."""

    def moved(thing: Any) -> Any:
        hit = thing.link == result.link if result.link is not None else thing is item
        if not hit:
            return thing
        field = "cost" if isinstance(thing, Contribution) else "amount"
        return attrs.evolve(thing, **{field: value, "low": None, "high": None})

    return initiative.evolve(
        contributions=[moved(c) for c in initiative.contributions],
        values=[moved(v) for v in initiative.values],
    )


def _samples(result: Sweep) -> Iterator[float]:
    """Values inside and at the ends of every interval."""
    for (low, high, _), (low_in, high_in) in zip(result.intervals, result.closed, strict=True):
        if low is not None and low_in:
            yield low
        if high is not None and high_in:
            yield high
        if low is None and high is None:
            yield 0.0
        elif low is None:
            yield high - 1.0  # type: ignore[operator]
        elif high is None:
            yield low + 1.0
        else:
            yield (low + high) / 2


class TestSweep:
    """sweep gives the kind for every value of one amount, exactly."""

    def test_nike_plus_apple(self) -> None:
        """Co-creation while Apple receives more than 2; collaboration below."""
        nike = nike_plus()
        apple = next(v for v in nike.values if v.beneficiary == "apple")
        result = sweep(nike, apple)
        assert result.breakpoints == (2.0,)
        assert result.kind is Kind.CO_CREATION
        assert result.kind_at(2.0) is Kind.COLLABORATION
        assert result.kind_at(2.5) is Kind.CO_CREATION
        assert str(result).startswith(
            "Co-creation while 'Apple' receives more than 2; collaboration from 0 to 2."
        )

    def test_the_priced_example_by_item(self) -> None:
        """Either side of a payment sweeps the whole link: breakpoints 8 and 12."""
        shop = priced()
        pay = next(c for c in shop.contributions if c.link == "price")
        paid = next(v for v in shop.values if v.link == "price")
        assert sweep(shop, pay) == sweep(shop, paid) == sweep(shop, "price")
        assert sweep(shop, "price").breakpoints == (8.0, 12.0)

    def test_a_cost_starts_at_zero(self) -> None:
        """A cost is swept from 0 up; the first interval holds 0."""
        nike = nike_plus()
        cost = next(c for c in nike.contributions if c.source == "apple")
        result = sweep(nike, cost)
        assert result.intervals[0][0] == 0.0
        assert result.closed[0][0]
        assert result.intervals[-1][1] is None

    def test_an_amount_without_floor_covers_every_number(self) -> None:
        """A value that requires no one may be any number: both ends open."""
        starbucks = my_starbucks_idea()
        item = next(v for v in starbucks.values if not v.requires)
        result = sweep(starbucks, item)
        assert result.intervals[0][0] is None
        assert result.intervals[-1][1] is None

    @settings(max_examples=80, deadline=None, derandomize=True)
    @given(linked_initiatives(), st.data())
    def test_agrees_with_classify(self, initiative: Initiative, data: st.DataObject) -> None:
        """At every breakpoint and inside every interval, classify gives the interval's kind."""
        items: list[Any] = [*initiative.contributions, *initiative.values]
        item = data.draw(st.sampled_from(items))
        result = sweep(initiative, item)
        assert result.kind is classify(_unranged_item(initiative, result, item)).kind
        for value in _samples(result):
            if value < 0 and (isinstance(item, Contribution) or result.intervals[0][0] == 0):
                continue
            assert classify(_at(initiative, result, item, value)).kind is result.kind_at(value)
        # Intervals are ordered and cover every value: each starts where the last ended.
        for (_, high, _), (low, _, _) in zip(result.intervals, result.intervals[1:], strict=False):
            assert high == low

    def test_errors(self) -> None:
        """An unknown link, an item from elsewhere or something else is refused."""
        with pytest.raises(CocreateError, match="no link 'royalty'; its links: 'price'"):
            sweep(priced(), "royalty")
        with pytest.raises(CocreateError, match="has no such value"):
            sweep(priced(), Value("firm", 99.0))
        with pytest.raises(ArgumentError, match="sweep needs a Contribution"):
            sweep(priced(), 3)  # type: ignore[arg-type]
        with pytest.raises(CocreateError, match="sweep needs an Initiative"):
            sweep("x", "price")  # type: ignore[arg-type]

    def test_words_html_and_data(self) -> None:
        """explain, to_html and to_dict all take a sweep."""
        result = sweep(priced(), "price")
        assert explain(result) == result.sentences
        assert result.sentences[0] == (
            "Customer-focused innovation while 'customers' pay 'firm' more than 8 and less "
            "than 12; collaboration from 0 to 8 or at least 12."
        )
        page = to_html(result)
        assert 'class="cc-sweep"' in page
        assert page.count('class="cc-kind-') >= 3
        data = json.loads(json.dumps(result.to_dict()))
        assert data["breakpoints"] == [8.0, 12.0]
        assert data["intervals"][1]["kind"] == "customer_focused_innovation"


def _unranged_item(initiative: Initiative, result: Sweep, item: Any) -> Initiative:
    estimate = item.cost if isinstance(item, Contribution) else item.amount
    return _at(initiative, result, item, estimate)


class TestCommandLine:
    """cocreate whatif FILE --sweep ITEM."""

    def test_sweep_a_link(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A link's name sweeps it; the sentences are printed."""
        path = tmp_path / "priced.json"
        dump(priced(), path)
        assert main(["whatif", str(path), "--sweep", "price"]) == 0
        out = capsys.readouterr().out
        assert "more than 8 and less than 12" in out

    def test_sweep_json_and_items(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """SOURCE:RESOURCE names a contribution, a beneficiary its one value; --json prints data."""
        path = tmp_path / "priced.json"
        dump(priced(), path)
        assert main(["whatif", str(path), "--sweep", "firm:product", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["breakpoints"] == [10.0]
        assert main(["whatif", str(path), "--sweep", "nobody"]) == 1
        assert "names no amounts" in capsys.readouterr().err

    def test_report_spread(self, tmp_path: Path) -> None:
        """cocreate report --spread S judges at that spread, with a sweep of the swing party."""
        path = tmp_path / "nike.json"
        dump(nike_plus(), path)
        out = tmp_path / "nike.html"
        assert main(["report", str(path), "-o", str(out), "--spread", "0.5"]) == 0
        page = out.read_text(encoding="utf-8")
        assert "With every estimate off by up to 50%" in page
        assert "Where the verdict turns" in page
        assert 'class="cc-sweep"' in page

    def test_report_shows_ranges(self, tmp_path: Path) -> None:
        """Ranges and links appear in the initiative's tables of the report."""
        from cocreate import report

        out = tmp_path / "priced.html"
        report(priced(), out)
        page = out.read_text(encoding="utf-8")
        assert "(6 to 14)" in page
        assert "net range</th>" in page
        assert "certain only within 0.5 of your ranges" in page
        assert "±" not in page.split("</header>")[0]


def test_value_semantics() -> None:
    """A sweep is a value: equal sweeps are equal and hash alike, whatever the order given."""
    shop = priced()
    reordered = Initiative(
        shop.name,
        shop.focal,
        reversed(shop.stakeholders),
        reversed(shop.contributions),
        reversed(shop.values),
    )
    assert sweep(shop, "price") == sweep(reordered, "price")
    assert hash(sweep(shop, "price")) == hash(sweep(reordered, "price"))
    assert str(sweep(shop, "price")) == str(sweep(reordered, "price"))


def test_contribution_type() -> None:
    """Contribution objects are accepted as items."""
    assert isinstance(sweep(priced(), Contribution("firm", "product", cost=8)), Sweep)


class TestSweepWords:
    """The subject and the spans of the sentences."""

    def test_a_plural_name_takes_a_plural_verb(self) -> None:
        """'customers' pay and receive; the firm pays and receives, as the words rule says."""
        shop = priced()
        paid = sweep(shop, "price")
        assert "'customers' pay 'firm'" in str(paid)
        assert paid.many == frozenset({"customers"})
        worth = next(v for v in shop.values if v.link is None)
        assert "'customers' receive " in str(sweep(shop, worth))
        made = next(c for c in shop.contributions if c.resource.value == "product")
        assert "'firm' gives product at a cost of" in str(sweep(shop, made))
        ann = Stakeholder("customers", "customer", name="Ann")
        renamed = shop.evolve(stakeholders=[Stakeholder("firm", "firm"), ann])
        assert "'Ann' pays 'firm'" in str(sweep(renamed, "price"))

    def test_one_kind_for_every_value(self) -> None:
        """A specific outcome is collaboration whatever one amount is."""
        from cocreate.examples import cross_team_project

        project = cross_team_project()
        item = next(v for v in project.values if not v.requires)
        result = sweep(project, item)
        assert len(result.intervals) == 1
        assert result.intervals[0][:2] == (None, None)
        assert "for every value of the amount" in str(result)
        assert "any amount" in str(result)
        assert result.breakpoints == ()

    def test_a_link_of_three_items(self) -> None:
        """A link that is not one payment is named as a linked amount."""
        pay, paid = transfer("customers", "firm", "capital", 10, link="price")
        share = Value("customers", 10, link="price")
        shop = Initiative(
            "Shop",
            "firm",
            [Stakeholder("firm", "firm"), Stakeholder("customers", "customer")],
            [pay, Contribution("firm", "product", cost=8), Contribution("customers", "ideas")],
            [paid, share, Value("customers", 1)],
        )
        result = sweep(shop, "price")
        assert "the linked amount 'price' is" in str(result)
        assert result.breakpoints == (8.0,)

    def test_a_value_below_the_floor_is_not_swept(self) -> None:
        """kind_at refuses a cost below 0, which no interval holds."""
        with pytest.raises(CocreateError, match="not a valid value"):
            sweep(priced(), "price").kind_at(-1.0)
