"""Nothing escapes the model and the rules: hostile values give a CocreateError, or a valid object.

Every constructor, ``Rules`` and every rule function is fed values a hostile
user might pass. Each call either raises :class:`CocreateError` with a short,
one-line-per-fault message, or builds an object whose fields have exactly
the types the model promises.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cocreate
from cocreate import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Rules,
    Stakeholder,
    Value,
    ValueKind,
    classify,
    net_value,
)
from cocreate.exceptions import ArgumentError, CocreateError, InvalidModelError


def _deep(levels: int) -> list[Any]:
    top: list[Any] = []
    inner = top
    for _ in range(levels):
        inner.append([])
        inner = inner[0]
    return top


class _NoHash(str):
    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]


class _LoudRepr(str):
    __slots__ = ()

    def __repr__(self) -> str:
        raise RuntimeError


#: Values no field accepts as they are, or accepts only after conversion.
HOSTILE: list[Any] = [
    _deep(1000),
    10**5000,
    -(10**5000),
    list(range(10**5)),
    "x" * 10**6,
    float("nan"),
    float("inf"),
    b"bytes",
    object(),
    _NoHash("a"),
    _LoudRepr("a"),
    {"a": 1},
    {1, 2},
    True,
    "\ud800",
    "",
]

#: The longest message a single fault may have.
LONGEST = 400


def _check_error(error: CocreateError) -> None:
    """A fault message is short, and says one thing per line."""
    if isinstance(error, InvalidModelError):
        for fault in error.faults:
            assert len(str(fault)) <= LONGEST
            assert "\n" not in str(fault)
    else:
        assert len(str(error)) <= LONGEST


def _check_stakeholder(s: Stakeholder) -> None:
    assert type(s.id) is str
    assert s.id
    assert type(s.role) is Role
    assert type(s.name) is str
    assert s.organization is None or type(s.organization) is str
    assert type(s.customer_of) is frozenset
    assert all(type(i) is str and i for i in s.customer_of)
    hash(s)


def _number(x: object, *, optional: bool = False) -> None:
    if optional and x is None:
        return
    assert type(x) is float
    assert math.isfinite(x)


def _check_contribution(c: Contribution) -> None:
    assert type(c.source) is str
    assert type(c.resource) is Resource
    assert c.target is None or type(c.target) is str
    _number(c.cost)
    assert c.cost >= 0
    assert type(c.description) is str
    _number(c.low, optional=True)
    _number(c.high, optional=True)
    hash(c)


def _check_value(v: Value) -> None:
    assert type(v.beneficiary) is str
    _number(v.amount)
    assert v.provider is None or type(v.provider) is str
    assert type(v.kind) is ValueKind
    assert type(v.description) is str
    _number(v.low, optional=True)
    _number(v.high, optional=True)
    hash(v)


def _attempt(build: Any, check: Any) -> None:
    try:
        built = build()
    except CocreateError as error:
        _check_error(error)
    else:
        check(built)


values = st.one_of(
    st.sampled_from(HOSTILE),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.sampled_from(list(Role) + list(Resource) + list(ValueKind) + list(Goal)),
    st.lists(st.text(max_size=3), max_size=3),
    st.builds(Stakeholder, st.sampled_from(["a", "b"]), st.sampled_from(list(Role))),
)


class TestConstructors:
    @pytest.mark.parametrize("bad", HOSTILE, ids=range(len(HOSTILE)))
    @pytest.mark.parametrize(
        "field", ["id", "role", "name", "organization", "customer_of"], ids=str
    )
    def test_stakeholder_fields(self, field: str, bad: object) -> None:
        """Each stakeholder field refuses hostile values with a short CocreateError."""
        fields: dict[str, Any] = {"id": "a", "role": "firm", field: bad}
        args = (fields.pop("id"), fields.pop("role"))
        _attempt(lambda: Stakeholder(*args, **fields), _check_stakeholder)

    @pytest.mark.parametrize("bad", HOSTILE, ids=range(len(HOSTILE)))
    @pytest.mark.parametrize(
        "field", ["source", "resource", "target", "cost", "description", "low", "high"], ids=str
    )
    def test_contribution_fields(self, field: str, bad: object) -> None:
        """Each contribution field refuses hostile values with a short CocreateError."""
        fields: dict[str, Any] = {"source": "a", "resource": "ideas", field: bad}
        args = (fields.pop("source"), fields.pop("resource"))
        _attempt(lambda: Contribution(*args, **fields), _check_contribution)

    @pytest.mark.parametrize("bad", HOSTILE, ids=range(len(HOSTILE)))
    @pytest.mark.parametrize(
        "field",
        ["beneficiary", "amount", "provider", "kind", "description", "low", "high"],
        ids=str,
    )
    def test_value_fields(self, field: str, bad: object) -> None:
        """Each value field refuses hostile values with a short CocreateError."""
        fields: dict[str, Any] = {"beneficiary": "a", "amount": 1.0, field: bad}
        args = (fields.pop("beneficiary"), fields.pop("amount"))
        _attempt(lambda: Value(*args, **fields), _check_value)

    @pytest.mark.parametrize("bad", HOSTILE, ids=range(len(HOSTILE)))
    @pytest.mark.parametrize("field", ["win_threshold", "voice_resources", "min_contributors"])
    def test_rules_fields(self, field: str, bad: object) -> None:
        """Rules refuse hostile values with a short CocreateError."""

        def check(rules: Rules) -> None:
            assert type(rules.win_threshold) is float
            assert type(rules.min_contributors) is int
            assert all(type(r) is Resource for r in rules.voice_resources)
            repr(rules)

        fields: dict[str, Any] = {field: bad}
        _attempt(lambda: Rules(**fields), check)

    @pytest.mark.parametrize("bad", HOSTILE, ids=range(len(HOSTILE)))
    @pytest.mark.parametrize(
        "field", ["name", "focal", "stakeholders", "contributions", "values", "goal", "process"]
    )
    def test_initiative_fields(self, field: str, bad: object) -> None:
        """The initiative refuses hostile values with a short CocreateError."""
        fields: dict[str, Any] = {
            "name": "x",
            "focal": "a",
            "stakeholders": [Stakeholder("a", "firm")],
            field: bad,
        }

        def check(initiative: Initiative) -> None:
            assert type(initiative.name) is str
            assert type(initiative.focal) is str
            assert initiative.goal is None or type(initiative.goal) is Goal
            assert initiative.process is None or type(initiative.process) is Process
            hash(initiative)
            classify(initiative)

        _attempt(
            lambda: Initiative(
                fields.pop("name"),
                fields.pop("focal"),
                fields.pop("stakeholders"),
                **fields,
            ),
            check,
        )

    @settings(max_examples=300, database=None)
    @given(values, values, values, values, values)
    def test_any_values_build_valid_objects_or_fail_cleanly(
        self, a: Any, b: Any, c: Any, d: Any, e: Any
    ) -> None:
        """Whatever goes into a constructor, out comes a valid object or a CocreateError."""
        _attempt(
            lambda: Stakeholder(a, b, name=c, organization=d, customer_of=e), _check_stakeholder
        )
        _attempt(lambda: Contribution(a, b, target=c, cost=d, description=e), _check_contribution)
        _attempt(lambda: Value(a, b, provider=c, kind=d, description=e), _check_value)
        _attempt(lambda: Contribution("s", "ideas", cost=1.0, low=a, high=b), _check_contribution)

    def test_ids_are_stored_as_plain_str(self) -> None:
        """A str subclass that cannot hash is stored as a plain, hashable str."""
        person = Stakeholder(_NoHash("a"), "firm", customer_of=[_NoHash("b")])
        assert type(person.id) is str
        assert all(type(i) is str for i in person.customer_of)
        initiative = Initiative("x", _NoHash("a"), [person, Stakeholder("b", "firm")])
        assert type(initiative.focal) is str
        hash(initiative)

    def test_a_second_init_is_refused(self) -> None:
        """A model object cannot be changed by calling __init__ again."""
        nike = cocreate.examples.nike_plus()
        person = nike.stakeholders[0]
        with pytest.raises(ArgumentError, match="immutable"):
            person.__init__("zzz", "customer")  # type: ignore[misc]
        assert person in nike
        assert cocreate.loads(cocreate.dumps(nike)) == nike

    def test_messages_of_huge_values_stay_short(self) -> None:
        """A million-item id gives a message of a few lines, not millions of characters."""
        with pytest.raises(InvalidModelError) as info:
            Stakeholder(list(range(10**6)), "firm")  # type: ignore[arg-type]
        assert len(str(info.value)) < 300
        assert [f.path for f in info.value.faults] == ["id"]


class TestSumsNeverOverflow:
    """A net value is the exactly rounded sum of its terms, in every order."""

    def test_the_issue_example(self) -> None:
        """1e308 + 1e308 - 1e308 is 1e308, whatever the order."""
        a = Stakeholder("a", "firm")
        amounts = [1e308, 1e308, -1e308]
        for order in (amounts, amounts[::-1], [1e308, -1e308, 1e308]):
            initiative = Initiative("x", "a", [a], [], [Value("a", x) for x in order])
            assert net_value(initiative, "a") == 1e308
            classify(initiative)

    @pytest.mark.parametrize(
        ("amounts", "expected"),
        [
            ([sys.float_info.max, sys.float_info.max], math.inf),
            ([-sys.float_info.max, -sys.float_info.max], -math.inf),
            ([sys.float_info.max, sys.float_info.max, -sys.float_info.max], sys.float_info.max),
            # Just inside the boundary: a quarter of the last gap rounds back down.
            ([sys.float_info.max, math.ulp(sys.float_info.max) / 4], sys.float_info.max),
            # Just outside it: half the last gap and more rounds to infinity.
            ([sys.float_info.max, math.ulp(sys.float_info.max)], math.inf),
        ],
    )
    def test_beyond_the_float_range_is_infinite(
        self, amounts: list[float], expected: float
    ) -> None:
        """A sum beyond the float range rounds to +-inf, as IEEE 754 does; inside it, exactly."""
        a = Stakeholder("a", "firm")
        initiative = Initiative("x", "a", [a], [], [Value("a", x) for x in amounts])
        assert net_value(initiative, "a") == expected

    @settings(max_examples=200, database=None)
    @given(
        st.lists(
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e308, max_value=1e308),
            max_size=8,
        ),
        st.lists(st.floats(min_value=0, max_value=1e308), max_size=8),
        st.randoms(use_true_random=False),
    )
    def test_order_never_changes_a_net_value(
        self, amounts: list[float], costs: list[float], rng: Any
    ) -> None:
        """Shuffling the values and contributions never changes a net value nor raises."""
        people = [Stakeholder("a", "firm")]
        given_ = [Contribution("a", "labor", cost=c) for c in costs]
        got = [Value("a", x) for x in amounts]
        first = net_value(Initiative("x", "a", people, given_, got), "a")
        rng.shuffle(given_)
        rng.shuffle(got)
        assert net_value(Initiative("x", "a", people, given_, got), "a") == first
        if not math.isinf(first):
            from decimal import Decimal, localcontext
            from fractions import Fraction

            exact = sum(map(Fraction, amounts), Fraction(0)) - sum(
                map(Fraction, costs), Fraction(0)
            )
            with localcontext(prec=2000, Emax=999, Emin=-999):
                written = sum(map(Decimal, map(repr, amounts)), Decimal(0)) - sum(
                    map(Decimal, map(repr, costs)), Decimal(0)
                )
                as_written = float(written)
            # The float sum, or, where that lies within rounding distance of
            # zero, the exact sum of the decimals as written; the sign is
            # always that of the decimals' sum.
            assert first in (float(exact), as_written)
            assert (first > 0, first < 0) == (written > 0, written < 0)

    @settings(max_examples=200, database=None)
    @given(
        st.lists(st.sampled_from([0.0, -0.0, 0.1, -0.1, 1e300, -1e300, 5e-324]), max_size=3),
        st.lists(st.sampled_from([0.0, -0.0, 0.1, 1e300, 5e-324]), max_size=3),
    )
    def test_each_sum_is_fsum_with_no_negative_zero(
        self, amounts: list[float], costs: list[float]
    ) -> None:
        """Cost, received and net value are each math.fsum of their terms, sign of zero included.

        Zero, one or several terms a side take different ways through the
        sums; every way must agree with math.fsum, which never gives -0.0.
        """
        people = [Stakeholder("a", "firm")]
        initiative = Initiative(
            "x",
            "a",
            people,
            [Contribution("a", "labor", cost=c) for c in costs],
            [Value("a", x) for x in amounts],
        )
        account = initiative.accounts["a"]
        expected = (
            math.fsum(costs),
            math.fsum(amounts),
            math.fsum([*amounts, *(-c for c in costs)]),
        )
        got = (account.cost, account.received, account.net_value)
        from decimal import Decimal, localcontext

        with localcontext(prec=2000, Emax=999, Emin=-999):
            written = sum(map(Decimal, map(repr, amounts)), Decimal(0)) - sum(
                map(Decimal, map(repr, costs)), Decimal(0)
            )
            as_written = float(written) + 0.0
        # The net value is math.fsum's, or, within rounding distance of zero,
        # the exact sum of the decimals as written (docs/rules.md).
        assert got[:2] == expected[:2]
        assert got[2] in (expected[2], as_written)
        shown = (*expected[:2], got[2])
        assert [math.copysign(1.0, x) for x in got] == [math.copysign(1.0, x) for x in shown]


class TestRuleArguments:
    FUNCTIONS = (
        ("net_value", lambda x: cocreate.net_value(x, "a")),
        ("wins", lambda x: cocreate.wins(x, "a")),
        ("is_win_win", cocreate.is_win_win),
        ("is_win_win_win", cocreate.is_win_win_win),
        ("check_win_win", cocreate.check_win_win),
        ("check_win_win_win", cocreate.check_win_win_win),
        ("classify", cocreate.classify),
        ("ledger", cocreate.ledger),
        ("profile", cocreate.profile),
        ("co_creators", cocreate.co_creators),
        ("to_records", cocreate.to_records),
    )

    @pytest.mark.parametrize(("name", "function"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
    @pytest.mark.parametrize("bad", [None, "nike", 5, {"name": "x"}, _deep(50)], ids=range(5))
    def test_a_non_initiative_is_an_argument_error(
        self, name: str, function: Any, bad: object
    ) -> None:
        """Every rule function refuses a non-initiative with a CocreateError that is a TypeError."""
        with pytest.raises(ArgumentError) as info:
            function(bad)
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, CocreateError)
        assert str(info.value).startswith(f"{name} needs an Initiative, got ")

    @pytest.mark.parametrize("bad", [5, "rules", Rules, {"win_threshold": 1}])
    def test_bad_rules_are_an_argument_error(self, bad: object) -> None:
        """A rules argument that is not Rules or None is refused."""
        with pytest.raises(ArgumentError):
            classify(cocreate.examples.nike_plus(), rules=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [5, None, _deep(100), "adidas", b"nike"])
    def test_unknown_stakeholders_are_unknown_stakeholder_errors(self, bad: object) -> None:
        """Looking up anything but a known id raises UnknownStakeholderError, briefly."""
        with pytest.raises(cocreate.exceptions.UnknownStakeholderError) as info:
            net_value(cocreate.examples.nike_plus(), bad)  # type: ignore[arg-type]
        assert len(str(info.value)) < 200

    def test_unknown_ids_suggest_the_closest(self) -> None:
        """A mistyped id is answered with the closest known ids."""
        with pytest.raises(
            cocreate.exceptions.UnknownStakeholderError, match="did you mean 'apple'"
        ):
            net_value(cocreate.examples.nike_plus(), "aple")
