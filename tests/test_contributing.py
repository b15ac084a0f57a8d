"""What counts as contributing: exchanges, crowds, exact decimal sums, structure and outcome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    CocreateError,
    Contribution,
    Initiative,
    Kind,
    Outcome,
    Rules,
    Stakeholder,
    Value,
    classify,
    explain,
    is_win_win_win,
    ledger,
    load,
    net_value,
    transfer,
    wins,
)
from cocreate.examples import my_starbucks_idea, nike_plus

GALLERY = Path(__file__).parent.parent / "examples" / "gallery"

#: Each gallery case: the literature's verdict, and the kind, structure and
#: outcome the library gives under the default rules. Threadless is
#: co-creation in the firm-and-customer view, which the default rules do
#: not take (see test_threadless_needs_customers_co_create).
CASES = {
    "lego-ideas": (Kind.CO_CREATION, Kind.CO_CREATION, Outcome.WIN_WIN_WIN),
    "threadless": (Kind.CO_CREATION, Kind.COLLABORATION, Outcome.WIN_WIN),
    "pg-connect-develop": (Kind.CO_CREATION, Kind.CO_CREATION, Outcome.WIN_WIN_WIN),
    "local-motors": (Kind.CO_CREATION, Kind.CO_CREATION, Outcome.WIN_WIN_WIN),
    "quirky-ge": (Kind.CO_CREATION, Kind.COLLABORATION, Outcome.NONE),
    "linux-kernel": (Kind.CO_CREATION, Kind.CO_CREATION, Outcome.WIN_WIN_WIN),
    "wikipedia": (Kind.CO_CREATION, Kind.CO_CREATION, Outcome.WIN_WIN_WIN),
    "bmw-co-creation-lab": (
        Kind.CUSTOMER_FOCUSED_INNOVATION,
        Kind.CUSTOMER_FOCUSED_INNOVATION,
        Outcome.WIN_WIN,
    ),
    "unilever-foundry": (Kind.COLLABORATION, Kind.COLLABORATION, Outcome.NONE),
    "toyota-team": (Kind.COLLABORATION, Kind.COLLABORATION, Outcome.NONE),
}


def case(slug: str) -> Initiative:
    return load(GALLERY / f"{slug}.toml")


def starbucks_with_purchases() -> Initiative:
    base = my_starbucks_idea()
    paid, revenue = transfer("customers", "starbucks", "capital", 5, low=4, high=6)
    coffee = Value("customers", 6, provider="starbucks", kind="product")
    return base.evolve(
        contributions=[*base.contributions, paid], values=[*base.values, revenue, coffee]
    )


class TestGallery:
    """The ten real initiatives of docs/how-to-model.md."""

    def test_every_file_is_a_case(self) -> None:
        """The gallery folder holds exactly the cases listed here."""
        assert sorted(p.stem for p in GALLERY.glob("*.toml")) == sorted(CASES)

    @pytest.mark.parametrize("slug", sorted(CASES))
    def test_kind_structure_and_outcome(self, slug: str) -> None:
        """Each case gets the kind, structure and outcome its modelling decisions give."""
        _, kind, outcome = CASES[slug]
        result = classify(case(slug))
        assert (result.kind, result.outcome) == (kind, outcome)

    @pytest.mark.parametrize("slug", sorted(set(CASES) - {"threadless", "quirky-ge"}))
    def test_agrees_with_the_literature(self, slug: str) -> None:
        """Every case but the two discussed apart gets the literature's verdict."""
        assert classify(case(slug)).kind is CASES[slug][0]

    def test_threadless_needs_customers_co_create(self) -> None:
        """Threadless is co-creation only in the firm-and-customer view."""
        threadless = case("threadless")
        assert classify(threadless).kind is Kind.COLLABORATION
        assert classify(threadless, rules=Rules(customers_co_create=True)).kind is Kind.CO_CREATION

    def test_quirky_reads_set_up_as_co_creation(self) -> None:
        """A failed co-creation says what it was set up as, who lost and by how much."""
        result = classify(case("quirky-ge"))
        assert result.structure is Kind.CO_CREATION
        assert result.sentences[0].startswith(
            "'Quirky + GE' is set up as co-creation, but not a win-win-win: "
            "'Quirky' (-66) and 'GE' (-25) lose, so by the rules it is collaboration"
        )

    def test_lego_together_and_each(self) -> None:
        """LEGO Ideas' fan designers are one crowd: co-creation together, not each."""
        lego = case("lego-ideas")
        assert classify(lego, rules=Rules(groups="together")).kind is Kind.CO_CREATION
        each = classify(lego, rules=Rules(groups="each"))
        assert each.kind is not Kind.CO_CREATION
        assert each.structure is Kind.CO_CREATION
        assert "'other fan designers'" in each.sentences[0]

    def test_vendors_are_not_co_creators(self) -> None:
        """A paid vendor's service is an exchange: BMW's agency co-creates nothing."""
        bmw = case("bmw-co-creation-lab")
        as_input = bmw.evolve(
            contributions=[
                c.__class__(c.source, c.resource, cost=c.cost) if c.source == "agency" else c
                for c in bmw.contributions
            ]
        )
        assert classify(bmw).kind is Kind.CUSTOMER_FOCUSED_INNOVATION
        assert classify(as_input).kind is not Kind.CUSTOMER_FOCUSED_INNOVATION
        hint = "'Platform agency' counted as a co-creator"
        assert any(hint in s for s in classify(as_input).assumptions)
        assert not any(hint in s for s in classify(bmw).assumptions)


class TestExchanges:
    """An exchange counts in net values and for nothing else."""

    def test_purchases_keep_starbucks_customer_focused(self) -> None:
        """My Starbucks Idea with purchases recorded by transfer() stays customer-focused."""
        result = classify(starbucks_with_purchases())
        assert result.kind is Kind.CUSTOMER_FOCUSED_INNOVATION
        assert "capital" not in " ".join(result.sentences)

    def test_exchange_counts_in_net_values(self) -> None:
        """The purchase moves both net values by its amount."""
        before, after = my_starbucks_idea(), starbucks_with_purchases()
        assert net_value(after, "customers") == net_value(before, "customers") - 5 + 6
        assert net_value(after, "starbucks") == net_value(before, "starbucks") + 5

    def test_transfer_makes_a_linked_exchange(self) -> None:
        """transfer() gives an exchange and a value that share one link and one range."""
        paid, got = transfer("a", "b", "capital", 8, low=6, high=14)
        assert paid.exchange
        assert paid.link == got.link is not None
        assert (paid.low, paid.high) == (got.low, got.high) == (6.0, 14.0)
        apart = transfer("a", "b", "product", 8, received=12)
        assert apart[0].link is None
        assert apart[1].link is None

    @settings(max_examples=50, deadline=None)
    @given(st.sampled_from([my_starbucks_idea, nike_plus]), st.floats(0, 100))
    def test_exchanges_never_change_who_contributes(self, make: object, price: float) -> None:
        """Adding any exchange leaves contributors, resources given and co-creators alone."""
        base = make()  # type: ignore[operator]
        customer = base.customers[0].id
        paid = Contribution(customer, "capital", target=base.focal, cost=price, exchange=True)
        after = base.evolve(contributions=[*base.contributions, paid])
        assert after.contributors == base.contributors
        assert dict(after.resources_given) == dict(base.resources_given)
        assert classify(after).structure is classify(base).structure

    def test_linked_items_must_agree(self) -> None:
        """Items that share a link but differ in amount are refused, naming both."""
        people = [Stakeholder("f", "firm"), Stakeholder("c", "customer")]
        with pytest.raises(
            CocreateError, match=r"values\[0\]\.link: linked by 'p' to contributions\[0\]"
        ):
            Initiative(
                "x",
                "f",
                people,
                [Contribution("c", "capital", target="f", cost=3, link="p")],
                [Value("f", 4, link="p")],
            )


class TestCrowds:
    """Segments of one group are one party under groups='together'."""

    def lego(self, picked: float, others: float) -> Initiative:
        people = [
            Stakeholder("lego", "firm"),
            Stakeholder("picked", "customer", size=10, group="fans", customer_of=["lego"]),
            Stakeholder("others", "customer", size=990, group="fans", customer_of=["lego"]),
            Stakeholder("buyers", "customer", customer_of=["lego"]),
        ]
        return Initiative(
            "crowd",
            "lego",
            people,
            [Contribution("picked", "design", cost=1), Contribution("others", "design", cost=1)],
            [
                Value("lego", 5),
                Value("picked", picked),
                Value("others", others),
                Value("buyers", 2),
            ],
        )

    @settings(max_examples=100, deadline=None)
    @given(st.integers(-20, 20), st.integers(-20, 20))
    def test_a_crowd_wins_on_its_sum(self, picked: int, others: int) -> None:
        """Together, the crowd's win check is whether the segments' net values sum above 0."""
        lego = self.lego(picked, others)
        together = classify(lego)
        each = classify(lego, rules=Rules(groups="each"))
        crowd_wins = (picked - 1) + (others - 1) > 0
        assert (together.kind is Kind.CO_CREATION) == crowd_wins
        assert (each.kind is Kind.CO_CREATION) == (picked > 1 and others > 1)

    def test_ledger_shows_per_member(self) -> None:
        """Each segment's ledger entry has its net value per member."""
        book = ledger(self.lego(21, 100))
        assert book["picked"].per_member == 2.0
        assert book["others"].per_member == 0.1
        assert "per member" in str(book)

    def test_references_to_segments_point_at_the_crowd(self) -> None:
        """Judged together, a member or customer of a segment is one of the crowd."""
        people = [
            Stakeholder("f", "firm"),
            Stakeholder("a", "partner", group="g"),
            Stakeholder("b", "partner", group="g", customer_of=["a"]),
            Stakeholder("e", "employee", organization="a"),
            Stakeholder("c", "customer", customer_of=["a", "f"]),
        ]
        initiative = Initiative(
            "x",
            "f",
            people,
            [Contribution("a", "technology", cost=1), Contribution("a", "labor", target="b")],
            [Value("a", 3), Value("c", 2), Value("f", 2)],
        )
        crowds = initiative.crowds
        assert crowds.stakeholder("e").organization == "g"
        assert crowds.stakeholder("c").customer_of == {"g", "f"}
        assert crowds.stakeholder("g").customer_of == frozenset()
        assert [c.target for c in crowds.contributions_by("g")] == [None, None]
        assert classify(initiative).kind is Kind.CO_CREATION

    def test_group_labels_and_ids_differ(self) -> None:
        """A group named like a stakeholder is refused."""
        with pytest.raises(CocreateError, match="also a stakeholder's id"):
            Initiative(
                "x", "f", [Stakeholder("f", "firm"), Stakeholder("a", "customer", group="f")]
            )


class TestExactSums:
    """Net values are exact in the decimals as written."""

    def partner(self, threshold: float = 0.0) -> tuple[Initiative, Rules]:
        people = [
            Stakeholder("f", "firm"),
            Stakeholder("p", "partner"),
            Stakeholder("c", "customer", customer_of=["f"]),
        ]
        initiative = Initiative(
            "x",
            "f",
            people,
            [Contribution("p", "technology", cost=0.3), Contribution("f", "labor", cost=0.5)],
            [Value("p", 0.1), Value("p", 0.2), Value("f", 1), Value("c", 1)],
        )
        return initiative, Rules(win_threshold=threshold)

    def test_break_even_partner_does_not_win(self) -> None:
        """0.1 + 0.2 - 0.3 is 0: the partner does not win, and nothing shows float noise."""
        initiative, _ = self.partner()
        assert net_value(initiative, "p") == 0.0
        assert not wins(initiative, "p")
        assert not is_win_win_win(initiative)
        result = classify(initiative)
        assert (result.kind, result.structure) == (Kind.COLLABORATION, Kind.CO_CREATION)
        assert "'p' (0) loses" in result.sentences[0]
        assert not re.search(r"e-1[0-9]", str(result) + str(ledger(initiative)))

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.decimals(-1000, 1000, places=2), min_size=1, max_size=6),
        st.lists(st.decimals(0, 1000, places=2), min_size=1, max_size=6),
    )
    def test_wins_exactly_when_the_decimal_sum_is_positive(
        self, amounts: list[object], costs: list[object]
    ) -> None:
        """A stakeholder wins exactly when its decimal net value (as written) is above 0."""
        from decimal import Decimal

        people = [Stakeholder("f", "firm"), Stakeholder("p", "partner")]
        initiative = Initiative(
            "x",
            "f",
            people,
            [Contribution("p", "labor", cost=float(str(c))) for c in costs],
            [Value("p", float(str(a))) for a in amounts],
        )
        exact = sum(map(Decimal, map(str, amounts))) - sum(map(Decimal, map(str, costs)))
        assert wins(initiative, "p") == (exact > 0)
        assert (net_value(initiative, "p") == 0) == (exact == 0)

    def test_a_threshold_is_compared_exactly(self) -> None:
        """0.1 + 0.2 against a threshold of 0.3 is not above it."""
        people = [Stakeholder("f", "firm")]
        initiative = Initiative("x", "f", people, (), [Value("f", 0.1), Value("f", 0.2)])
        assert not wins(initiative, "f", rules=Rules(win_threshold=0.3))
        assert wins(initiative, "f", rules=Rules(win_threshold=0.29))


class TestTrueSentences:
    """Every sentence agrees with the result's own data."""

    def test_business_to_business_without_customers(self) -> None:
        """Two partners and no customers: no sentence claims a customer."""
        people = [
            Stakeholder("f", "firm"),
            Stakeholder("sup", "supplier"),
            Stakeholder("uni", "partner"),
        ]
        result = classify(
            Initiative(
                "b2b",
                "f",
                people,
                [Contribution("sup", "technology", cost=1), Contribution("uni", "labor", cost=1)],
                [Value("f", 3), Value("sup", 2), Value("uni", 2)],
            )
        )
        text = " ".join(result.sentences)
        assert "there is no customer, so fewer than three parties win" in text
        assert "only customer" not in text

    @settings(max_examples=150, deadline=None)
    @given(
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, 2),
        st.lists(st.integers(-3, 3), min_size=9, max_size=9),
    )
    def test_named_roles_are_true(
        self, partners: int, customers: int, both: int, nets: list[int]
    ) -> None:
        """No sentence calls a stakeholder a customer or co-creator it is not, and counts agree."""
        people = [Stakeholder("f", "firm")]
        people += [Stakeholder(f"p{i}", "partner") for i in range(partners)]
        people += [Stakeholder(f"c{i}", "customer") for i in range(customers)]
        people += [Stakeholder(f"b{i}", "customer") for i in range(both)]
        given_ = [Contribution(p.id, "technology", cost=1) for p in people if p.id[0] in "pb"]
        given_ += [Contribution("f", "labor", cost=1)]
        got = [Value(p.id, nets[i] + 1) for i, p in enumerate(people)]
        initiative = Initiative("x", "f", people, given_, got)
        result = classify(initiative)
        cocreators = {p.id for p in people if p.id[0] in "pb"}
        clients = {p.id for p in people if p.id[0] in "cb"}
        text = " ".join(result.sentences)
        for key in re.findall(r"customer '([a-z0-9]+)'", text):
            assert key in clients
        for key in re.findall(r"co-creator '([a-z0-9]+)'", text):
            assert key in cocreators
        if not clients:
            assert "no customer" in text or result.kind is Kind.COLLABORATION
        assert not re.search(r"\ball [01] ", text)
        assert explain(result) == result.sentences


class TestViews:
    """What people see carries structure, outcome and crowds."""

    def test_html_states_structure_and_outcome(self) -> None:
        """The classification's HTML shows both axes beside the kind."""
        from cocreate import to_html

        page = to_html(classify(case("quirky-ge")))
        assert "structure: <b>co-creation</b>" in page
        assert "outcome: <b>no win-win</b>" in page

    def test_html_ledger_shows_per_member_for_crowds(self) -> None:
        """A ledger with crowds has size and per-member columns; one without has none."""
        from cocreate import to_html

        assert "per member" in to_html(ledger(case("lego-ideas")))
        assert "per member" not in to_html(ledger(nike_plus()))


def _before(initiative: Initiative) -> Kind:
    """The rules of v0.2 written out plainly, with net values summed exactly as written.

    The oracle of the differential test: no exchanges, no crowds, the
    default parameters. Sums are exact decimals, as SPEC section 2 states.
    """
    from decimal import Decimal, localcontext

    voice = {"ideas", "input", "feedback"}
    focal = initiative.focal
    net = {p.id: Decimal(0) for p in initiative.stakeholders}
    given: dict[str, set[str]] = {}
    with localcontext(prec=2000, Emax=999, Emin=-999):  # every sum exact
        for c in initiative.contributions:
            net[c.source] -= Decimal(repr(c.cost))
            given.setdefault(c.source, set()).add(c.resource.value)
        for v in initiative.values:
            net[v.beneficiary] += Decimal(repr(v.amount))
    people = initiative.stakeholders
    internal = {p.id for p in people if focal in (p.id, p.organization)}
    customers = [p.id for p in people if p.role.value == "customer"]
    partners = [k for k, res in given.items() if k not in internal and not res <= voice]
    open_goal = initiative.goal is None or initiative.goal.value != "specific_outcome"
    firm_wins = net[focal] > 0
    customers_win = bool(customers) and all(net[c] > 0 for c in customers)
    if (
        open_goal
        and partners
        and firm_wins
        and customers_win
        and all(net[p] > 0 for p in partners)
        and any(p != c for p in partners for c in customers)
    ):
        return Kind.CO_CREATION
    giving = [c for c in customers if c in given]
    voice_only = all(given[c] <= voice for c in giving)
    if open_goal and giving and voice_only and firm_wins and customers_win:
        return Kind.CUSTOMER_FOCUSED_INNOVATION
    if len(given) >= 2:
        return Kind.COLLABORATION
    return Kind.UNCLASSIFIED


class TestAsBefore:
    """Without exchanges, links or crowds, every verdict is the one the v0.2 rules give."""

    @settings(max_examples=300, deadline=None)
    @given(st.data())
    def test_classify_agrees_with_the_plain_rules(self, data: st.DataObject) -> None:
        """Any initiative stripped of the new fields classifies as the plain v0.2 rules say."""
        import attrs

        from cocreate.strategies import initiatives

        drawn = data.draw(initiatives())
        plain = drawn.evolve(
            stakeholders=[attrs.evolve(p, size=1, group=None) for p in drawn.stakeholders],
            contributions=[
                attrs.evolve(c, link=None) for c in drawn.contributions if not c.exchange
            ],
            values=[attrs.evolve(v, link=None) for v in drawn.values],
        )
        assert classify(plain).kind is _before(plain)

    @pytest.mark.parametrize("make", [nike_plus, my_starbucks_idea])
    def test_built_in_examples(self, make: object) -> None:
        """The built-in examples keep their verdicts."""
        initiative = make()  # type: ignore[operator]
        assert classify(initiative).kind is _before(initiative)


class TestCommandLine:
    """The rules options for crowds and customers who co-create, and the two axes in --json."""

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
        import json

        from cocreate._cli import main

        assert main(["classify", *args, "--json"]) == 0
        return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]

    def test_customers_co_create(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--customers-co-create makes Threadless co-creation; without it, collaboration."""
        path = str(GALLERY / "threadless.toml")
        assert self.run(capsys, path)["kind"] == "collaboration"
        taken = self.run(capsys, path, "--customers-co-create")
        assert (taken["kind"], taken["structure"], taken["outcome"]) == (
            "co_creation",
            "co_creation",
            "win_win_win",
        )

    def test_groups(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--groups each judges LEGO Ideas' fan designers apart: not co-creation."""
        path = str(GALLERY / "lego-ideas.toml")
        assert self.run(capsys, path)["kind"] == "co_creation"
        each = self.run(capsys, path, "--groups", "each")
        assert (each["kind"], each["structure"]) == ("collaboration", "co_creation")


class TestOneVerdict:
    """Every result that states structure and outcome states classify's."""

    @settings(max_examples=100, deadline=None)
    @given(st.data(), st.sampled_from(["together", "each"]), st.booleans())
    def test_profile_and_batch_agree_with_classify(
        self, data: st.DataObject, groups: str, shared: bool
    ) -> None:
        """profile, classify_many and to_dict carry the structure and outcome classify gives."""
        from cocreate import classify_many, profile
        from cocreate.strategies import initiatives

        rules = Rules(groups=groups, customers_co_create=shared)
        initiative = data.draw(initiatives())
        result = classify(initiative, rules=rules)
        axes = (result.structure, result.outcome)
        shown = profile(initiative, rules=rules)
        assert (shown.structure, shown.outcome) == axes
        [batch] = classify_many([initiative], rules=rules)
        assert batch.classification is not None
        assert (batch.classification.structure, batch.classification.outcome) == axes
        assert batch.classification == result
        data_form = result.to_dict()
        assert (data_form["structure"], data_form["outcome"]) == (axes[0].value, axes[1].value)

    def test_lego_profile_judges_the_crowd(self) -> None:
        """The profile's outcome row judges the fan designers as one crowd, as classify does."""
        from cocreate import profile

        lego = case("lego-ideas")
        assert profile(lego)["outcome"].co_creation
        assert not profile(lego, rules=Rules(groups="each"))["outcome"].co_creation


def _everything() -> Initiative:
    """An initiative with every field this round added: crowds, exchanges, links, assumptions."""
    paid, revenue = transfer("buyers", "firm", "capital", 8, low=6, high=14)
    return Initiative(
        "Every field",
        "firm",
        [
            Stakeholder("firm", "firm"),
            Stakeholder("picked", "customer", size=3, group="crowd", customer_of=["firm"]),
            Stakeholder("others", "customer", size=300, group="crowd", customer_of=["firm"]),
            Stakeholder("buyers", "customer", size=1000),
        ],
        [
            Contribution("picked", "design", cost=1.5),
            Contribution("firm", "platform", cost=2),
            paid,
        ],
        [revenue, Value("picked", 4), Value("others", -0.5), Value("buyers", 12)],
        goal="new_offering",
        assumptions=["buyers' purchases are one price", "the crowd is one party"],
    )


class TestEveryFormat:
    """Every format carries every new field: size, group, exchange, link and assumptions."""

    @pytest.mark.parametrize("suffix", [".json", ".toml", ".xlsx", "csv"])
    def test_files_round_trip(self, tmp_path: Path, suffix: str) -> None:
        """dump/load, write_excel/read_excel and write_csv/read_csv give the initiative back."""
        from cocreate import dump, read_csv, read_excel, write_csv, write_excel

        initiative = _everything()
        path = tmp_path / f"x{suffix}"
        if suffix == "csv":
            write_csv(initiative, path)
            back = read_csv(path)
        elif suffix == ".xlsx":
            write_excel(initiative, path)
            back = read_excel(path)
        else:
            dump(initiative, path)
            back = load(path)
        assert back == initiative
        assert back.assumptions == initiative.assumptions

    def test_objects_round_trip(self) -> None:
        """dict, records, pandas and networkx forms give the initiative back."""
        from cocreate import from_pandas, from_records, to_pandas, to_records

        initiative = _everything()
        assert Initiative.from_dict(initiative.to_dict()) == initiative
        assert Initiative.from_networkx(initiative.to_networkx()) == initiative
        people, given, got = to_records(initiative)
        goal, assumed = initiative.goal, initiative.assumptions
        back = from_records(
            "Every field", "firm", people, given, got, goal=goal, assumptions=assumed
        )
        assert back == initiative
        tables = ("stakeholders", "contributions", "values")
        frames = [to_pandas(initiative, table=table) for table in tables]
        back = from_pandas("Every field", "firm", *frames, goal=goal, assumptions=assumed)
        assert back == initiative

    def test_assumptions_are_among_the_classifications(self) -> None:
        """Each stated assumption is a sentence of the classification's assumptions."""
        said = classify(_everything()).assumptions
        assert "Assumed: the crowd is one party" in said
        assert "Assumed: buyers' purchases are one price" in said


class TestE3valueDefaults:
    """What from_e3value chose where the model says nothing is listed among the assumptions."""

    def test_bread_club_defaults(self) -> None:
        """Roles and resources read by default are named; those given are not."""
        from cocreate import from_e3value

        model = Path(__file__).parent.parent / "docs" / "_static" / "bread-club.rdf"
        club = from_e3value(model, focal="Bakery")
        said = " ".join(classify(club).assumptions)
        assert "'Mill', an e3value elementary actor, read as a firm" in said
        assert "value object 'Recipe ideas' read as product" in said
        chosen = from_e3value(
            model,
            focal="Bakery",
            roles={"Mill": "supplier", "Families": "customer", "Bakery": "firm"},
            resources={"Recipe ideas": "ideas"},
        )
        said = " ".join(classify(chosen).assumptions)
        assert "'Mill', an e3value" not in said
        assert "'Recipe ideas'" not in said
        assert classify(chosen).kind is Kind.CUSTOMER_FOCUSED_INNOVATION


class TestViewsStateOneVerdict:
    """A page states only the verdict of classify under the rules it was given."""

    @pytest.mark.parametrize("threshold", [0.0, 3.5, 100.0])
    def test_report_and_initiative_view(self, tmp_path: Path, threshold: float) -> None:
        """report(x, rules=R) and to_html(x, rules=R) name classify(x, rules=R)'s kind only."""
        import html

        from cocreate import report, to_html

        rules = Rules(win_threshold=threshold)
        nike = nike_plus()
        kind = classify(nike, rules=rules).kind
        others = [k.label for k in Kind if k is not kind]
        view = html.unescape(to_html(nike, rules=rules))
        assert f"classified as{kind.label}" in re.sub(r"<[^>]+>", "", view)
        path = tmp_path / "r.html"
        report(nike, path, rules=rules)
        page = re.sub(r"<[^>]+>", "", html.unescape(path.read_text()))
        stated = re.findall(r"classified as([a-z -]+?)(?:Stakeholders|\(|$)", page)
        assert stated
        assert {s.strip() for s in stated} == {kind.label}
        assert f"Nike+: {kind.label}" in page
        for label in others:
            assert f"Nike+: {label}" not in page

    def test_rules_are_for_an_initiative_only(self) -> None:
        """to_html of a result with rules= is refused: the result shows its own."""
        from cocreate import to_html

        with pytest.raises(CocreateError, match="only for an Initiative"):
            to_html(classify(nike_plus()), rules=Rules())
