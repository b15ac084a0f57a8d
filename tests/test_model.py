"""The domain model: construction, friendly input, validation, lookups, identity."""

from __future__ import annotations

import copy
import itertools
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate import (
    CocreateError,
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
    strategies,
)
from cocreate._model.fast import sort_key
from cocreate._model.types import canonical_key
from cocreate.examples import nike_plus
from cocreate.exceptions import Fault, InvalidModelError, UnknownStakeholderError


def messages(error: pytest.ExceptionInfo[InvalidModelError]) -> list[str]:
    return [str(fault) for fault in error.value.faults]


def caches(initiative: Initiative) -> dict[str, Any]:
    """The derived data an initiative holds now: its filled cache slots, by name.

    Each slot is read through its descriptor, so that reading does not fill it.
    """
    fields = {field.name for field in attrs.fields(Initiative)} | {"__weakref__"}
    found: dict[str, Any] = {}
    name: str
    for name in type(initiative).__slots__:
        if name in fields:
            continue
        try:
            found[name] = Initiative.__dict__[name].__get__(initiative)
        except AttributeError:
            continue
    return found


def small(**changes: Any) -> Initiative:
    """Nike, Apple and runners, with one contribution and three values."""
    fields: dict[str, Any] = {
        "name": "Nike+",
        "focal": "nike",
        "stakeholders": [
            Stakeholder("nike", Role.FIRM),
            Stakeholder("apple", Role.FIRM),
            Stakeholder("runners", Role.CUSTOMER, customer_of={"nike", "apple"}),
        ],
        "contributions": [Contribution("apple", Resource.TECHNOLOGY, cost=2)],
        "values": [Value("nike", 1), Value("apple", 3), Value("runners", 1)],
    }
    fields.update(changes)
    return Initiative(**fields)


class TestEnums:
    def test_words_are_accepted_in_any_case_and_with_hyphens(self) -> None:
        """Friendly input: 'FIRM', 'new-offering' and 'Cost Saving' name members."""
        assert Role("FIRM") is Role.FIRM
        assert Goal("new-offering") is Goal.NEW_OFFERING
        assert ValueKind("Cost Saving") is ValueKind.COST_SAVING
        assert Process(" structured ") is Process.STRUCTURED

    def test_unknown_word_is_a_value_error(self) -> None:
        """An unknown word is refused by the enum itself."""
        with pytest.raises(ValueError, match="boss"):
            Role("boss")

    def test_organizations(self) -> None:
        """Firms, suppliers and partners are organizations; customers and employees not."""
        assert {r for r in Role if r.is_organization} == {
            Role.FIRM,
            Role.SUPPLIER,
            Role.PARTNER,
        }

    def test_voice_resources(self) -> None:
        """Ideas, input and feedback are voice; every other resource is substantive."""
        assert {r for r in Resource if r.is_voice} == {
            Resource.IDEAS,
            Resource.INPUT,
            Resource.FEEDBACK,
        }
        assert len(Resource) >= 12

    def test_str_is_the_word(self) -> None:
        """An enum member prints as its word."""
        assert str(Resource.TECHNOLOGY) == "technology"


class TestStakeholder:
    def test_name_defaults_to_id(self) -> None:
        """Without a name, or with an empty one, the name is the id."""
        assert Stakeholder("nike", Role.FIRM).name == "nike"
        assert Stakeholder("nike", Role.FIRM, name="").name == "nike"
        assert Stakeholder("nike", Role.FIRM, name="Nike").name == "Nike"

    def test_friendly_input(self) -> None:
        """Roles as words, stakeholders as references, any iterable of ids."""
        nike = Stakeholder("nike", "firm")
        runner = Stakeholder("ann", "customer", organization=None, customer_of=(nike, "apple"))
        assert nike.role is Role.FIRM
        assert runner.customer_of == frozenset({"nike", "apple"})
        team = Stakeholder("team", Role.EMPLOYEE, organization=nike)
        assert team.organization == "nike"

    def test_equal_and_hashable_by_value(self) -> None:
        """Two stakeholders with the same fields are equal and hash alike."""
        a = Stakeholder("r", Role.CUSTOMER, customer_of=["x", "y"])
        b = Stakeholder("r", Role.CUSTOMER, customer_of=["y", "x", "y"])
        assert a == b
        assert hash(a) == hash(b)
        assert len({a, b}) == 1

    def test_frozen(self) -> None:
        """Fields cannot be assigned."""
        person = Stakeholder("a", Role.FIRM)
        with pytest.raises(AttributeError):
            person.id = "b"  # type: ignore[misc]

    def test_str(self) -> None:
        """str() says the name, the id where it differs, and the role."""
        assert str(Stakeholder("nike", Role.FIRM, name="Nike")) == "Nike [nike] (firm)"
        assert str(Stakeholder("nike", Role.FIRM)) == "nike (firm)"

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"id": "", "role": Role.FIRM}, "id: must be a non-empty stakeholder id"),
            (
                {"id": 3, "role": Role.FIRM},
                "id: must be a non-empty stakeholder id (a str) or a Stakeholder, got int 3",
            ),
            ({"id": "a", "role": "boss"}, "role: must be a Role ('firm', 'customer'"),
            ({"id": "a", "role": 1}, "role: must be a Role"),
            ({"id": "a", "role": Role.FIRM, "name": 5}, "name: must be a str, got int 5"),
            ({"id": "a", "role": Role.FIRM, "organization": ""}, "organization: must be a non"),
            ({"id": "a", "role": Role.FIRM, "organization": 7}, "organization: must be a"),
            ({"id": "a", "role": Role.FIRM, "customer_of": "nike"}, "customer_of: must be an"),
            ({"id": "a", "role": Role.FIRM, "customer_of": 3}, "customer_of: must be an"),
            (
                {"id": "a", "role": Role.FIRM, "customer_of": [1]},
                (
                    "customer_of[0]: must be a non-empty stakeholder id (a str) or a Stakeholder, "
                    "got int 1"
                ),
            ),
        ],
    )
    def test_invalid_fields(self, kwargs: dict[str, Any], expected: str) -> None:
        """Every wrong field is refused with an InvalidModelError (a CocreateError) naming it."""
        with pytest.raises(InvalidModelError) as error:
            Stakeholder(**kwargs)
        assert isinstance(error.value, CocreateError)
        assert any(m.startswith(expected) for m in messages(error)), messages(error)

    def test_all_faults_at_once(self) -> None:
        """A stakeholder with three faults reports all three."""
        with pytest.raises(InvalidModelError) as error:
            Stakeholder("", "boss", name=1)  # type: ignore[arg-type]
        assert [f.path for f in error.value.faults] == ["id", "role", "name"]
        assert "3 faults" in str(error.value)


class TestContribution:
    def test_defaults(self) -> None:
        """A contribution goes to the initiative at no cost, by default."""
        c = Contribution("apple", Resource.TECHNOLOGY)
        assert (c.target, c.cost, c.description) == (None, 0.0, "")

    def test_friendly_input(self) -> None:
        """Stakeholders for ids, words for resources, ints for costs."""
        apple = Stakeholder("apple", Role.FIRM)
        c = Contribution(apple, "technology", target=Stakeholder("nike", Role.FIRM), cost=2)
        assert (c.source, c.resource, c.target, c.cost) == (
            "apple",
            Resource.TECHNOLOGY,
            "nike",
            2.0,
        )
        assert isinstance(c.cost, float)

    def test_str(self) -> None:
        """str() is a sentence."""
        assert str(Contribution("a", Resource.IDEAS, target="b")) == "a gives ideas to b"

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"cost": -1}, "cost: must be a finite number >= 0, got float -1.0"),
            ({"cost": float("nan")}, "cost: must be a finite number >= 0, got float nan"),
            ({"cost": float("inf")}, "cost: must be a finite number >= 0, got float inf"),
            ({"cost": 10**400}, "cost: must be a finite number >= 0, got int too large to show"),
            ({"cost": "3"}, "cost: must be a finite number >= 0, got str '3'"),
            ({"cost": True}, "cost: must be a finite number >= 0, got True"),
            ({"target": "apple"}, "target: 'apple' cannot contribute to itself"),
            (
                {"target": 4},
                (
                    "target: must be a non-empty stakeholder id (a str) or a Stakeholder, "
                    "or None, got int 4"
                ),
            ),
            ({"description": None}, "description: must be a str"),
        ],
    )
    def test_invalid_fields(self, kwargs: dict[str, Any], expected: str) -> None:
        """Bad costs, self-contributions and wrong types are refused."""
        with pytest.raises(InvalidModelError) as error:
            Contribution("apple", Resource.TECHNOLOGY, **kwargs)
        assert any(m.startswith(expected) for m in messages(error)), messages(error)

    def test_unknown_resource(self) -> None:
        """An unknown resource word lists the valid ones."""
        with pytest.raises(InvalidModelError, match="'technology'"):
            Contribution("apple", "money")

    def test_zero_cost_is_valid(self) -> None:
        """A cost of exactly zero (either sign) is valid."""
        assert Contribution("a", Resource.DATA, cost=-0.0).cost == 0.0


class TestValue:
    def test_defaults(self) -> None:
        """A value comes from the initiative, of kind OTHER, by default."""
        v = Value("runners", 3)
        assert (v.provider, v.kind, v.amount) == (None, ValueKind.OTHER, 3.0)

    def test_negative_amount_is_a_loss(self) -> None:
        """Negative amounts are valid: they are losses."""
        assert Value("a", -2.5).amount == -2.5

    def test_str(self) -> None:
        """str() is a sentence."""
        assert str(Value("a", 2, provider="b", kind="revenue")) == "a receives 2 (revenue) from b"

    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            (float("nan"), "amount: must be a finite number, got float nan"),
            (float("-inf"), "amount: must be a finite number, got float -inf"),
            (None, "amount: must be a finite number, got None"),
        ],
    )
    def test_invalid_amount(self, amount: Any, expected: str) -> None:
        """NaN, infinities and non-numbers are refused."""
        with pytest.raises(InvalidModelError) as error:
            Value("a", amount)
        assert messages(error) == [expected]

    def test_invalid_kind_and_ids(self) -> None:
        """A wrong kind and wrong ids are all reported."""
        with pytest.raises(InvalidModelError) as error:
            Value(1, 2, provider=[], kind="gold")  # type: ignore[arg-type]
        assert [f.path for f in error.value.faults] == ["beneficiary", "provider", "kind"]


class TestInitiativeConstruction:
    def test_collections_become_tuples(self) -> None:
        """Any iterable (a generator, a set) is accepted and stored as a tuple."""
        people = {Stakeholder("nike", Role.FIRM)}
        initiative = Initiative("x", "nike", people, iter(()), iter([Value("nike", 1)]))
        assert isinstance(initiative.stakeholders, tuple)
        assert initiative.contributions == ()
        assert len(initiative.values) == 1

    def test_multisets_keep_duplicates(self) -> None:
        """Two equal contributions are two contributions, and both count."""
        twice = [Contribution("apple", Resource.TECHNOLOGY, cost=2)] * 2
        initiative = small(contributions=twice)
        assert len(initiative.contributions) == 2
        assert initiative != small()

    def test_str(self) -> None:
        """str() is a one-line summary with counts."""
        assert str(small()) == "Initiative 'Nike+' with 3 stakeholders, 1 contribution, 3 values"

    def test_unknown_references_name_the_item(self) -> None:
        """An unknown reference names the item and the id, then the close ids or the known ones."""
        with pytest.raises(InvalidModelError) as error:
            small(contributions=[Contribution("aple", Resource.TECHNOLOGY)])
        assert messages(error) == [
            "contributions[0].source: unknown stakeholder 'aple'; did you mean 'apple'?"
        ]
        with pytest.raises(InvalidModelError) as error:
            small(contributions=[Contribution("zzz", Resource.TECHNOLOGY)])
        assert messages(error) == [
            "contributions[0].source: unknown stakeholder 'zzz'; known: 'apple', 'nike', 'runners'"
        ]

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"focal": "adidas"}, "focal"),
            (
                {"contributions": [Contribution("apple", "data", target="ghost")]},
                "contributions[0].target",
            ),
            ({"values": [Value("ghost", 1)]}, "values[0].beneficiary"),
            ({"values": [Value("nike", 1, provider="ghost")]}, "values[0].provider"),
        ],
    )
    def test_every_reference_is_checked(self, changes: dict[str, Any], path: str) -> None:
        """focal, source, target, beneficiary and provider must name known stakeholders."""
        with pytest.raises(InvalidModelError) as error:
            small(**changes)
        assert [f.path for f in error.value.faults] == [path]
        assert "unknown stakeholder" in error.value.faults[0].message

    def test_organization_and_customer_of_are_checked(self) -> None:
        """organization and customer_of must name known stakeholders."""
        people = [
            Stakeholder("nike", Role.FIRM),
            Stakeholder("team", Role.EMPLOYEE, organization="nkie"),
            Stakeholder("ann", Role.CUSTOMER, customer_of={"nike", "adidas"}),
        ]
        with pytest.raises(InvalidModelError) as error:
            Initiative("x", "nike", people)
        assert [f.path for f in error.value.faults] == [
            "stakeholders[1].organization",
            "stakeholders[2].customer_of",
        ]

    def test_duplicate_ids(self) -> None:
        """Duplicate ids are refused, naming both places."""
        people = [Stakeholder("nike", Role.FIRM), Stakeholder("nike", Role.PARTNER)]
        with pytest.raises(InvalidModelError) as error:
            Initiative("x", "nike", people)
        assert messages(error) == [
            "stakeholders[1].id: duplicate id 'nike' (also stakeholders[0]); ids must be unique"
        ]

    @pytest.mark.parametrize("role", [Role.CUSTOMER, Role.EMPLOYEE])
    def test_focal_must_be_an_organization(self, role: Role) -> None:
        """A customer or an employee cannot run an initiative."""
        with pytest.raises(InvalidModelError, match="must be an organization"):
            Initiative("x", "a", [Stakeholder("a", role)])

    @pytest.mark.parametrize("role", [Role.FIRM, Role.SUPPLIER, Role.PARTNER])
    def test_any_organization_can_be_focal(self, role: Role) -> None:
        """Firms, suppliers and partners can run an initiative."""
        assert Initiative("x", "a", [Stakeholder("a", role)]).focal == "a"

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"name": 3}, "name"),
            ({"stakeholders": "nike"}, "stakeholders"),
            ({"stakeholders": 5}, "stakeholders"),
            ({"contributions": [1]}, "contributions[0]"),
            ({"values": {"beneficiary": "nike"}}, "values"),
            ({"goal": "someday"}, "goal"),
            ({"process": 1}, "process"),
            ({"focal": ""}, "focal"),
            ({"focal": None}, "focal"),
        ],
    )
    def test_wrong_types(self, changes: dict[str, Any], path: str) -> None:
        """A wrong type in any field of the initiative is refused, naming the field."""
        with pytest.raises(CocreateError) as error:
            small(**changes)
        assert isinstance(error.value, InvalidModelError)
        assert path in [f.path for f in error.value.faults]

    def test_all_faults_at_once(self) -> None:
        """Several faults in one initiative are all reported in one error."""
        with pytest.raises(InvalidModelError) as error:
            small(
                focal="runners",
                contributions=[Contribution("x", "data"), Contribution("y", "data")],
                values=[Value("z", 1)],
            )
        assert [f.path for f in error.value.faults] == [
            "focal",
            "contributions[0].source",
            "contributions[1].source",
            "values[0].beneficiary",
        ]
        text = str(error.value)
        assert text.startswith("invalid Initiative 'Nike+' (4 faults):")
        assert text.count("\n") == 4

    def test_long_fault_lists_are_cut_in_the_message_only(self) -> None:
        """The message lists twenty faults and counts the rest; .faults keeps all."""
        values = [Value(f"ghost{i}", 1) for i in range(30)]
        with pytest.raises(InvalidModelError) as error:
            small(values=values)
        assert len(error.value.faults) == 30
        assert "... and 10 more" in str(error.value)

    def test_known_list_is_cut_for_large_initiatives(self) -> None:
        """With many stakeholders the message shows some known ids, not all."""
        people = [Stakeholder("f", Role.FIRM)] + [
            Stakeholder(f"c{i:03}", Role.CUSTOMER) for i in range(200)
        ]
        with pytest.raises(InvalidModelError) as error:
            Initiative("x", "f", people, [Contribution("nobody", "ideas")])
        message = error.value.faults[0].message
        assert "(191 more)" in message
        assert len(message) < 300

    def test_evolve_checks_again(self) -> None:
        """evolve() returns a changed copy and validates it."""
        assert small().evolve(goal="new_offering").goal is Goal.NEW_OFFERING
        with pytest.raises(InvalidModelError):
            small().evolve(focal="ghost")


class TestInitiativeIdentity:
    def test_order_does_not_matter(self) -> None:
        """The same collections in another order give an equal initiative with the same hash."""
        a = nike_plus()
        b = Initiative(
            a.name,
            a.focal,
            reversed(a.stakeholders),
            reversed(a.contributions),
            reversed(a.values),
            goal=a.goal,
            process=a.process,
        )
        assert a == b
        assert hash(a) == hash(b)
        assert not (a != b)  # noqa: SIM202 - __ne__ is what is tested

    def test_every_field_matters(self) -> None:
        """A change in any field makes initiatives unequal."""
        base = small()
        changed = [
            base.evolve(name="other"),
            base.evolve(focal="apple"),
            base.evolve(goal=Goal.NEW_OFFERING),
            base.evolve(process=Process.ITERATIVE),
            base.evolve(values=base.values[:2]),
            base.evolve(contributions=()),
            base.evolve(stakeholders=[*base.stakeholders[:2], Stakeholder("runners", "customer")]),
        ]
        for other in changed:
            assert other != base
        assert base == small()

    def test_not_equal_to_other_types(self) -> None:
        """An initiative is never equal to something that is not one."""
        assert small() != "Nike+"
        assert small().__eq__(3) is NotImplemented

    def test_pickles_without_caches(self) -> None:
        """A pickled initiative comes back equal, and rebuilds its caches."""
        original = small()
        original.contributions_by("apple")
        assert "_by_source" in caches(original)
        copy = pickle.loads(pickle.dumps(original))  # noqa: S301 - our own data
        assert caches(copy) == {}
        assert copy == original
        assert copy.contributions_by("apple") == original.contributions_by("apple")


class TestInitiativeCopies:
    @given(initiative=strategies.initiatives(ranges=True))
    @settings(max_examples=60, deadline=None)
    def test_pickle_and_copies_keep_every_field(self, initiative: Initiative) -> None:
        """Pickled, copied or deep-copied, an initiative keeps every field of every item."""
        for twin in (
            pickle.loads(pickle.dumps(initiative)),  # noqa: S301 - our own data
            copy.copy(initiative),
            copy.deepcopy(initiative),
        ):
            assert caches(twin) == {}
            assert twin == initiative
            for part in ("stakeholders", "contributions", "values"):
                assert [attrs.astuple(item, recurse=False) for item in getattr(twin, part)] == [
                    attrs.astuple(item, recurse=False) for item in getattr(initiative, part)
                ]
            assert (twin.name, twin.focal, twin.goal, twin.process) == (
                initiative.name,
                initiative.focal,
                initiative.goal,
                initiative.process,
            )

    def test_copy_shares_the_items(self) -> None:
        """copy.copy shares the items and starts with empty caches; deepcopy makes new ones."""
        original = nike_plus()
        original.accounts  # noqa: B018 - fills a cache
        shallow = copy.copy(original)
        assert shallow.stakeholders is original.stakeholders
        assert caches(shallow) == {}
        deep = copy.deepcopy(original)
        assert deep.stakeholders[0] is not original.stakeholders[0]
        assert deep == original

    @given(initiative=strategies.initiatives(ranges=True))
    @settings(max_examples=60, deadline=None)
    def test_items_built_in_bulk_are_the_model_classes(self, initiative: Initiative) -> None:
        """Items built from records, a dict or a pickle are of the model class itself, frozen,
        and equal (with equal hashes) to the items the constructors make."""
        for twin in (
            Initiative.from_dict(initiative.to_dict()),
            pickle.loads(pickle.dumps(initiative)),  # noqa: S301 - our own data
        ):
            # to_dict writes the items in the canonical order.
            for built, made in zip(twin.ordered, initiative.ordered, strict=True):
                assert [type(item) for item in built] == [type(item) for item in made]
                assert list(built) == list(made)
                assert [hash(item) for item in built] == [hash(item) for item in made]
                for item in built:
                    with pytest.raises(attrs.exceptions.FrozenInstanceError):
                        setattr(item, attrs.fields(type(item))[0].name, "changed")

    def test_unpickled_items_are_frozen(self) -> None:
        """Items rebuilt from a pickle are as immutable as any."""
        item = pickle.loads(pickle.dumps(nike_plus())).contributions[0]  # noqa: S301
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            item.cost = 3.0


def documented_order(item: Contribution | Value) -> tuple[tuple[bool, Any], ...]:
    """The canonical order as documented: each field in order as (given, word or value)."""
    return tuple(
        (value is not None, value.value if isinstance(value, Resource | ValueKind) else value)
        for value in attrs.astuple(item, recurse=False)
    )


#: Few ids, words and numbers, so that drawn items tie on leading fields
#: and differ in later ones, and optional fields are often empty.
_SOURCES = st.sampled_from(["a", "b"])
_TARGETS = st.none() | st.sampled_from(["c", "d"])
_NUMBERS = st.sampled_from([0.0, 1.0, 2.5])
_TEXTS = st.sampled_from(["", "x", "y"])
_LOWS = st.none() | st.just(0.0)
_HIGHS = st.none() | st.just(9.0)
_CONTRIBUTIONS = st.builds(
    Contribution,
    _SOURCES,
    st.sampled_from([Resource.IDEAS, Resource.DATA, Resource.CAPITAL]),
    target=_TARGETS,
    cost=_NUMBERS,
    description=_TEXTS,
    low=_LOWS,
    high=_HIGHS,
)
_VALUES = st.builds(
    Value,
    _SOURCES,
    _NUMBERS,
    provider=_TARGETS,
    kind=st.sampled_from([ValueKind.REVENUE, ValueKind.OTHER, ValueKind.KNOWLEDGE]),
    description=_TEXTS,
    low=_LOWS,
    high=_HIGHS,
)


class TestCanonicalOrder:
    @given(items=st.lists(_CONTRIBUTIONS, max_size=12) | st.lists(_VALUES, max_size=12))
    @settings(max_examples=200, deadline=None)
    def test_items_are_ordered_by_their_fields_none_first(
        self, items: list[Contribution] | list[Value]
    ) -> None:
        """ordered sorts contributions and values by every field in order, enums by their
        words, an empty field before any other: as documented, whatever order they came in."""
        pool: list[Contribution | Value] = list(items)
        expected = sorted(pool, key=documented_order)
        people = [Stakeholder(key, Role.FIRM) for key in "abcd"]
        for given_order in (pool, pool[::-1]):
            initiative = Initiative(
                "x",
                "a",
                people,
                [item for item in given_order if isinstance(item, Contribution)],
                [item for item in given_order if isinstance(item, Value)],
            )
            _, contributions, values = initiative.ordered
            assert [*contributions, *values] == expected
        for left, right in itertools.product(pool, repeat=2):
            assert (canonical_key(left) < canonical_key(right)) == (
                documented_order(left) < documented_order(right)
            )
            assert (canonical_key(left) == canonical_key(right)) == (left == right)

    def test_an_empty_field_comes_first_and_words_order_enums(self) -> None:
        """A contribution to the initiative (no target) comes before one to a stakeholder,
        and 'data' before 'ideas'."""
        people = [Stakeholder("a", Role.FIRM), Stakeholder("c", Role.PARTNER)]
        to_c = Contribution("a", Resource.IDEAS, target="c")
        to_all = Contribution("a", Resource.IDEAS)
        data = Contribution("a", Resource.DATA, target="c")
        initiative = Initiative("x", "a", people, [to_c, to_all, data])
        assert initiative.ordered[1] == (data, to_all, to_c)

    def test_the_key_writer_reads_an_optional_enum_as_none_first_then_words(self) -> None:
        """An optional word-enum field (here the initiative's goal and process) is keyed by
        whether it is given, then by its word."""
        key = sort_key(Initiative)
        people = [Stakeholder("a", Role.FIRM)]
        bare = Initiative("x", "a", people)
        aimed = Initiative("x", "a", people, goal=Goal.SPECIFIC_OUTCOME, process=Process.ITERATIVE)
        assert key(bare) == ("x", "a", False, None, False, None, ())
        assert key(aimed) == ("x", "a", True, "specific_outcome", True, "iterative", ())
        assert key(bare) < key(aimed)


class TestInitiativeLookups:
    def test_stakeholder_by_id_or_object(self) -> None:
        """A stakeholder is found by id or by an equal object."""
        initiative = nike_plus()
        apple = initiative.stakeholder("apple")
        assert apple.name == "Apple"
        assert initiative.stakeholder(apple) is apple
        assert initiative.focal_stakeholder.id == "nike"

    def test_unknown_stakeholder_is_a_key_error_and_a_cocreate_error(self) -> None:
        """Looking up an unknown id raises an error that is both KeyError and CocreateError."""
        with pytest.raises(UnknownStakeholderError) as error:
            nike_plus().stakeholder("adidas")
        assert isinstance(error.value, KeyError)
        assert isinstance(error.value, CocreateError)
        assert str(error.value).startswith("unknown stakeholder 'adidas' in initiative 'Nike+'")

    def test_contributions_and_values_by_stakeholder(self) -> None:
        """Contributions by and to, values to and from, each in the order given."""
        initiative = nike_plus()
        assert [c.resource for c in initiative.contributions_by("runners")] == [
            Resource.DATA,
            Resource.FEEDBACK,
        ]
        assert len(initiative.contributions_to(None)) == 5
        assert initiative.contributions_to("nike") == ()
        assert [v.amount for v in initiative.values_to("nike")] == [10.0]
        assert [v.beneficiary for v in initiative.values_from("runners")] == ["nike", "apple"]
        assert [v.beneficiary for v in initiative.values_from(None)] == ["runners"]

    def test_lookups_on_unknown_stakeholders_raise(self) -> None:
        """Every lookup refuses an unknown stakeholder rather than answering empty."""
        initiative = nike_plus()
        for lookup in (
            initiative.contributions_by,
            initiative.contributions_to,
            initiative.values_to,
            initiative.values_from,
            initiative.members_of,
            initiative.is_internal,
        ):
            with pytest.raises(UnknownStakeholderError):
                lookup("adidas")

    def test_internal_and_external(self) -> None:
        """The focal firm and its members are internal; everyone else external."""
        people = [
            Stakeholder("acme", Role.FIRM),
            Stakeholder("lab", Role.EMPLOYEE, organization="acme"),
            Stakeholder("intern", Role.EMPLOYEE, organization="lab"),
            Stakeholder("uni", Role.PARTNER),
        ]
        initiative = Initiative("x", "acme", people)
        assert initiative.internal == {"acme", "lab"}
        assert initiative.external == {"intern", "uni"}
        assert initiative.is_internal("lab")
        assert not initiative.is_internal("uni")
        assert [s.id for s in initiative.members_of("acme")] == ["lab"]
        assert initiative.members_of("uni") == ()

    def test_customers_contributors_and_membership(self) -> None:
        """Customers by role, contributors by contribution, `in` by id or object."""
        initiative = nike_plus()
        assert [c.id for c in initiative.customers] == ["runners"]
        assert initiative.contributors == {"nike", "apple", "runners"}
        assert initiative.stakeholder_ids == {"nike", "apple", "runners"}
        assert "apple" in initiative
        assert initiative.stakeholder("apple") in initiative
        assert Stakeholder("apple", Role.PARTNER) not in initiative
        assert 3 not in initiative

    def test_indexes_are_built_once(self) -> None:
        """A lookup builds its index once and reuses it."""
        initiative = nike_plus()
        assert "_by_source" not in caches(initiative)
        initiative.contributions_by("apple")
        index = caches(initiative)["_by_source"]
        initiative.contributions_by("nike")
        assert caches(initiative)["_by_source"] is index


class TestFault:
    def test_under_nests_paths(self) -> None:
        """A fault moved under a prefix gets a dotted or indexed path."""
        assert Fault("cost", "x").under("contributions[2]").path == "contributions[2].cost"
        assert Fault("", "x").under("values[0]").path == "values[0]"
        assert Fault("a", "x").under("").path == "a"

    def test_error_under_keeps_every_fault(self) -> None:
        """InvalidModelError.under relocates every fault and keeps the count."""
        error = InvalidModelError("thing", [Fault("a", "x"), Fault("b", "y")])
        moved = error.under("p", "other")
        assert [f.path for f in moved.faults] == ["p.a", "p.b"]
        assert moved.what == "other"
