"""Tests for the bulk path: records, CSV files and pandas frames."""

# ruff: noqa: PD011 - ``.values`` here is Initiative.values, not pandas

from __future__ import annotations

import gc
import math
import tempfile
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from unittest import mock

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from cocreate import (
    Contribution,
    Goal,
    Initiative,
    Process,
    Resource,
    Role,
    Stakeholder,
    Value,
    ValueKind,
    examples,
    from_pandas,
    to_pandas,
)
from cocreate._formats.csv import (
    read_csv,
    write_csv,
)
from cocreate._model.records import (
    _CHUNK,
    CONTRIBUTION_FIELDS,
    STAKEHOLDER_FIELDS,
    VALUE_FIELDS,
    from_records,
    to_records,
)
from cocreate._model.types import reference_faults
from cocreate.exceptions import FormatError, InvalidModelError

if TYPE_CHECKING:
    from pathlib import Path

# --------------------------------------------------------------------------
# A small strategy for valid initiatives, with awkward text and numbers.

_IDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=6)
_TEXT = st.text(max_size=8)
_COST = st.floats(min_value=0, allow_nan=False, allow_infinity=False)
_AMOUNT = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def initiatives(draw: st.DrawFn) -> Initiative:
    ids = draw(st.lists(_IDS, min_size=1, max_size=6, unique=True))
    focal = ids[0]
    people = [Stakeholder(focal, draw(st.sampled_from([Role.FIRM, Role.PARTNER])))]
    people.extend(
        Stakeholder(
            key,
            draw(st.sampled_from(Role)),
            name=draw(st.none() | _TEXT),
            organization=draw(st.none() | st.sampled_from(ids)),
            customer_of=draw(st.lists(st.sampled_from(ids), max_size=2)),
        )
        for key in ids[1:]
    )
    contributions = []
    for _ in range(draw(st.integers(0, 8))):
        source = draw(st.sampled_from(ids))
        others = [key for key in ids if key != source]
        target = draw(st.none() | st.sampled_from(others)) if others else None
        contributions.append(
            Contribution(
                source,
                draw(st.sampled_from(Resource)),
                target=target,
                cost=draw(_COST),
                description=draw(_TEXT),
            )
        )
    values = [
        Value(
            draw(st.sampled_from(ids)),
            draw(_AMOUNT),
            provider=draw(st.none() | st.sampled_from(ids)),
            kind=draw(st.sampled_from(ValueKind)),
            description=draw(_TEXT),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    return Initiative(
        draw(_TEXT),
        focal,
        people,
        contributions,
        values,
        goal=draw(st.none() | st.sampled_from(Goal)),
        process=draw(st.none() | st.sampled_from(Process)),
    )


def rebuild(initiative: Initiative, *parts: Any) -> Initiative:
    return from_records(
        initiative.name,
        initiative.focal,
        *parts,
        goal=initiative.goal,
        process=initiative.process,
    )


def canonical(initiative: Initiative) -> Initiative:
    """The same initiative, with its collections given in the canonical order."""
    people, contributions, values = initiative.ordered
    return initiative.evolve(stakeholders=people, contributions=contributions, values=values)


def identical(a: Initiative, b: Initiative) -> bool:
    """Equal, and with the same fields in the same order, value for value."""
    return (
        a == b
        and all(
            getattr(a, field) == getattr(b, field)
            for field in ("name", "focal", "goal", "process", "stakeholders")
        )
        and list(a.contributions) == list(b.contributions)
        and list(a.values) == list(b.values)
    )


def faults_of(call: Any, *args: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(InvalidModelError) as info:
        call(*args, **kwargs)
    return [str(fault) for fault in info.value.faults]


PEOPLE = [("acme", "firm", "Acme"), ("bob", "customer", None, None, ["acme"])]
PARTS = ("stakeholders", "contributions", "values")


class TestFromRecords:
    @pytest.mark.parametrize("name", examples.names())
    def test_tuples_give_the_constructors_initiative(self, name: str) -> None:
        """Tuples of every field give the original, field for field, in the canonical order."""
        initiative = examples.get(name)
        assert identical(rebuild(initiative, *to_records(initiative)), canonical(initiative))

    @pytest.mark.parametrize("name", examples.names())
    def test_dicts_give_the_constructors_initiative(self, name: str) -> None:
        """Dicts as in the dict form give the original, field for field, in the canonical order."""
        initiative = examples.get(name)
        data = initiative.to_dict()
        parts = (data["stakeholders"], data["contributions"], data["values"])
        assert identical(rebuild(initiative, *parts), canonical(initiative))

    @settings(max_examples=60, deadline=None)
    @given(initiatives())
    def test_any_initiative_round_trips_through_tuples_and_dicts(
        self, initiative: Initiative
    ) -> None:
        """For generated initiatives, tuple and dict records give the same initiative."""
        assert identical(rebuild(initiative, *to_records(initiative)), canonical(initiative))
        data = initiative.to_dict()
        parts = (data["stakeholders"], data["contributions"], data["values"])
        assert identical(rebuild(initiative, *parts), canonical(initiative))

    def test_rows_of_mixed_shapes(self) -> None:
        """Tuple rows and dict rows may be mixed; the result is what the constructors build."""
        initiative = from_records(
            "x",
            "acme",
            [("acme", "firm"), {"id": "bob", "role": "customer"}],
            [("bob", "ideas"), {"source": "bob", "resource": "feedback"}],
            [{"beneficiary": "bob", "amount": 1}, ("acme", 2)],
        )
        expected = Initiative(
            "x",
            "acme",
            [Stakeholder("acme", Role.FIRM), Stakeholder("bob", Role.CUSTOMER)],
            [Contribution("bob", Resource.IDEAS), Contribution("bob", Resource.FEEDBACK)],
            [Value("bob", 1), Value("acme", 2)],
        )
        assert identical(initiative, expected)

    def test_rows_are_read_in_chunks_from_any_iterable(self) -> None:
        """Rows from generators, more than a chunk of them, give what lists of them give."""
        people = [("acme", "firm"), *((f"p{i}", "customer") for i in range(_CHUNK + 5))]
        given = [(f"p{i % 50}", "ideas", "acme", float(i)) for i in range(2 * _CHUNK + 3)]
        got = [(f"p{i}", i / 3) for i in range(_CHUNK + 1)]
        from_lists = from_records("x", "acme", people, given, got)
        from_generators = from_records(
            "x", "acme", iter(people), (row for row in given), (row for row in got)
        )
        assert identical(from_generators, from_lists)
        assert len(from_generators.contributions) == 2 * _CHUNK + 3

    def test_chunks_of_different_shapes(self) -> None:
        """A chunk of tuples and a chunk of dicts give what the constructors give."""
        count = _CHUNK + 2
        rows: list[Any] = [("acme", float(i)) for i in range(_CHUNK)]
        rows += [{"beneficiary": "bob", "amount": 1.5, "kind": "revenue"}] * 2
        initiative = from_records("x", "acme", PEOPLE, [], rows)
        assert len(initiative.values) == count
        assert initiative.values[-1] == Value("bob", 1.5, kind=ValueKind.REVENUE)
        assert initiative.values[_CHUNK - 1] == Value("acme", float(_CHUNK - 1))

    def test_faults_in_late_chunks_name_their_rows(self) -> None:
        """A fault after the first chunks is reported at its row, as the constructors say it."""
        late = 2 * _CHUNK + 7
        people = [("acme", "firm"), *((f"p{i}", "customer") for i in range(_CHUNK + 3))]
        people.append(("p5", "customer"))  # the id of a row in the first chunk
        got: list[Any] = [("acme", 1.0)] * (late + 2)
        got[_CHUNK + 1] = ("acme", "lots")
        got[late] = ("nobody", 2.0)
        faults = faults_of(from_records, "x", "acme", people, [], iter(got))
        duplicate = "duplicate id 'p5' (also stakeholders[6]); ids must be unique"
        shown = "'acme', 'p0', 'p1', 'p10', 'p100', 'p1000', 'p10000', 'p10001', 'p10002', 'p10003'"
        known = f"known: {shown}, ... ({_CHUNK + 4 - 10} more)"
        assert faults == [
            f"values[{_CHUNK + 1}].amount: must be a finite number, got str 'lots'",
            f"stakeholders[{_CHUNK + 4}].id: {duplicate}",
            f"values[{late}].beneficiary: unknown stakeholder 'nobody'; {known}",
        ]

    def test_ids_are_interned_to_the_stakeholders_own_strings(self) -> None:
        """Every id in a contribution or value is the stakeholder's own id object."""
        source = "".join(["ac", "me"])  # noqa: FLY002 - a new str, not the literal
        initiative = from_records("x", "acme", PEOPLE, [(source, "ideas", "bob")], [("bob", 1.0)])
        acme = initiative.stakeholder("acme")
        assert initiative.contributions[0].source is acme.id
        assert initiative.stakeholders[1].customer_of == frozenset({"acme"})
        assert next(iter(initiative.stakeholders[1].customer_of)) is acme.id

    def test_short_rows_and_none_take_the_defaults(self) -> None:
        """Trailing fields left out, or None, take the constructor's defaults."""
        initiative = from_records(
            "x",
            "acme",
            [("acme", Role.FIRM), ("bob", "customer", None, None, None)],
            [("bob", "ideas"), ("bob", "input", None, None, None)],
            [["bob", 2], {"beneficiary": "acme", "amount": 1, "kind": None}],
        )
        expected = Initiative(
            "x",
            "acme",
            [Stakeholder("acme", Role.FIRM), Stakeholder("bob", Role.CUSTOMER)],
            [Contribution("bob", Resource.IDEAS), Contribution("bob", Resource.INPUT)],
            [Value("bob", 2.0), Value("acme", 1.0)],
        )
        assert identical(initiative, expected)

    def test_members_words_and_other_spellings_are_accepted(self) -> None:
        """Enum members, their words and other spellings the enums accept all work."""
        initiative = from_records(
            "x",
            "acme",
            [("acme", "FIRM")],
            [("acme", Resource.TECHNOLOGY), ("acme", "Technology"), ("acme", "technology")],
            [("acme", 1.0, None, "Cost-Saving")],
            goal="new-offering",
            process=Process.ITERATIVE,
        )
        assert {c.resource for c in initiative.contributions} == {Resource.TECHNOLOGY}
        assert initiative.values[0].kind is ValueKind.COST_SAVING
        assert initiative.goal is Goal.NEW_OFFERING

    def test_numbers_become_floats(self) -> None:
        """Integers and numpy numbers become Python floats, like the constructor makes them."""
        initiative = from_records(
            "x", "acme", PEOPLE, [("bob", "ideas", None, 3)], [("bob", np.float64(2.5))]
        )
        assert type(initiative.contributions[0].cost) is float
        assert initiative.values[0].amount == 2.5

    def test_any_iterable_of_rows_is_read(self) -> None:
        """Generators of rows are read, once."""
        initiative = from_records(
            "x",
            "acme",
            (row for row in PEOPLE),
            (row for row in [("bob", "ideas")]),
            iter([("bob", 1.0)]),
        )
        assert len(initiative.contributions) == 1

    def test_caches_start_with_the_id_index(self) -> None:
        """The initiative is as usable as a constructed one: lookups and hashing work."""
        initiative = from_records("x", "acme", PEOPLE, [("bob", "ideas")], [("bob", 1.0)])
        assert initiative.contributions_by("bob") == (Contribution("bob", Resource.IDEAS),)
        assert hash(initiative) == hash(
            Initiative(
                "x",
                "acme",
                [
                    Stakeholder("acme", Role.FIRM, name="Acme"),
                    Stakeholder("bob", Role.CUSTOMER, customer_of=["acme"]),
                ],
                [Contribution("bob", Resource.IDEAS)],
                [Value("bob", 1.0)],
            )
        )

    def test_the_garbage_collector_is_left_as_it_was(self) -> None:
        """The collector is enabled after a build, and stays off if it was off."""
        from_records("x", "acme", PEOPLE)
        assert gc.isenabled()
        gc.disable()
        try:
            from_records("x", "acme", PEOPLE, [("nobody", "ideas")])
        except InvalidModelError:
            pass
        finally:
            assert not gc.isenabled()
            gc.enable()

    @pytest.mark.parametrize(
        ("contributions", "values"),
        [
            ([("bob", "ideas"), ("carol", "ideas")], []),
            ([("bob", "ideas", "bob")], []),
            ([("bob", "ideas", None, -1.0)], []),
            ([("bob", "ideas", None, math.nan)], []),
            ([("bob", "ideas", None, "3")], []),
            ([("bob", "ideas", None, 10**400)], []),
            ([("bob", "nothing")], []),
            ([("bob", "ideas", None, 0.0, 7)], []),
            ([("bob", None)], []),
            ([{"source": "bob", "resource": "ideas", "colour": "red"}], []),
            ([{"source": "bob"}], []),
            ([], [("bob", math.inf), ("nobody", 1.0, "acme")]),
            ([], [("bob", 1.0, "nobody", "wrong")]),
            ([], [("bob", True)]),
            ([], [(["bob"], 1.0)]),
        ],
    )
    def test_faults_are_those_from_dict_reports(
        self, contributions: list[Any], values: list[Any]
    ) -> None:
        """A bad row gives the paths and messages from_dict gives for the same rows as dicts."""
        document: dict[str, Any] = {
            "name": "x",
            "focal": "acme",
            "stakeholders": [{"id": "acme", "role": "firm"}, {"id": "bob", "role": "customer"}],
            "contributions": [
                {k: v for k, v in zip(CONTRIBUTION_FIELDS, row, strict=False) if v is not None}
                if isinstance(row, tuple)
                else row
                for row in contributions
            ],
            "values": [
                {k: v for k, v in zip(VALUE_FIELDS, row, strict=False) if v is not None}
                for row in values
            ],
        }
        for table in document["contributions"]:
            table.setdefault("resource", None)
        expected = faults_of(Initiative.from_dict, document)
        people = [("acme", "firm"), ("bob", "customer")]
        assert faults_of(from_records, "x", "acme", people, contributions, values) == expected
        assert expected

    def test_stakeholder_faults_are_those_from_dict_reports(self) -> None:
        """Duplicate ids, unknown organizations and a focal customer are reported like from_dict."""
        people = [
            ("bob", "customer", None, "nowhere", ["acme", "ghost"]),
            ("bob", "customer"),
            ("", "firm"),
            ("carol", "alien", 3),
            ("dave", "customer", None, None, "acme"),
        ]
        document = {
            "name": "x",
            "focal": "bob",
            "goal": "sideways",
            "stakeholders": [
                {
                    "id": "bob",
                    "role": "customer",
                    "organization": "nowhere",
                    "customer_of": ["acme", "ghost"],
                },
                {"id": "bob", "role": "customer"},
                {"id": "", "role": "firm"},
                {"id": "carol", "role": "alien", "name": 3},
                {"id": "dave", "role": "customer", "customer_of": "acme"},
            ],
        }
        expected = faults_of(Initiative.from_dict, document)
        assert faults_of(from_records, "x", "bob", people, goal="sideways") == expected
        assert len(expected) >= 6

    def test_rows_of_the_wrong_shape_are_reported_where_they_are(self) -> None:
        """Too many fields, or a row that is no record, is a fault at that row's path."""
        faults = faults_of(
            from_records,
            "x",
            "acme",
            PEOPLE,
            [
                ("bob", "ideas", None, 0.0, "", None, None, False, None, "extra"),
                42,
                ("nobody", "ideas"),
            ],
        )
        assert faults == [
            (
                "contributions[0]: must have at most 9 fields "
                "(source, resource, target, cost, description, low, high, exchange, link), got 10"
            ),
            (
                "contributions[1]: must be a tuple of fields "
                "(source, resource, target, cost, description, low, high, exchange, link) "
                "or a dict, got int 42"
            ),
            "contributions[2].source: unknown stakeholder 'nobody'; known: 'acme', 'bob'",
        ]

    def test_collections_that_are_not_iterables_of_rows_are_reported(self) -> None:
        """A collection that is not an iterable of rows, or a bad header field, is reported."""
        assert faults_of(from_records, "x", "acme", PEOPLE, None) == [
            "contributions: must be an iterable of records, got None"
        ]
        assert faults_of(from_records, 3, "acme", PEOPLE) == ["name: must be a str, got int 3"]

    def test_a_stricter_fast_path_still_builds(self) -> None:
        """Rows the fast path does not take (a str subclass id) are built by the careful path."""

        class Name(str):
            __slots__ = ()

        initiative = from_records("x", "acme", [(Name("acme"), "firm")], [(Name("acme"), "ideas")])
        assert initiative.contributions[0].source == "acme"

    def test_a_stakeholder_is_accepted_as_focal(self) -> None:
        """The focal stakeholder may be given as a Stakeholder, as everywhere."""
        acme = Stakeholder("acme", Role.FIRM)
        assert from_records("x", acme, [("acme", "firm")]).focal == "acme"

    @settings(max_examples=60, deadline=None)
    @given(initiatives())
    def test_plain_rows_need_no_careful_path(self, initiative: Initiative) -> None:
        """The fast path alone builds any valid initiative's plain rows, its checks included."""
        data = initiative.to_dict()
        held = {
            f"{part}.{field}": {getattr(item, field) for item in getattr(initiative, part)} - {None}
            for part, fields in (
                ("contributions", ("source", "target", "link")),
                ("values", ("beneficiary", "provider", "link")),
            )
            for field in fields
        }
        held["values.requires"] = set().union(*(v.requires for v in initiative.values))
        with (
            mock.patch("cocreate._model.records._careful", side_effect=AssertionError("careful")),
            mock.patch("cocreate._model.records.reference_faults", wraps=reference_faults) as spy,
        ):
            for parts in (
                to_records(initiative),
                (data["stakeholders"], data["contributions"], data["values"]),
            ):
                assert identical(rebuild(initiative, *parts), canonical(initiative))
                # The references were gathered as the rows were built, not read again.
                given = spy.call_args.args[4]
                assert {key: ids - {None} for key, ids in given.items()} == held


#: Stand-ins for items: ids from a pool with two that no stakeholder has.
_REFS = st.sampled_from(["a", "b", "c", "ghost", "spook", None])


class TestReferenceFaults:
    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(st.tuples(_REFS, _REFS), max_size=6),
        st.lists(st.tuples(_REFS, _REFS), max_size=6),
    )
    def test_what_the_items_hold_given_beforehand_changes_nothing(
        self,
        contributions: list[tuple[str | None, str | None]],
        values: list[tuple[str | None, str | None]],
    ) -> None:
        """Faults are the same whether the reference sets are given or read off the items."""
        people = [Stakeholder(key, Role.FIRM) for key in "abc"]
        given = [SimpleNamespace(source=s, target=t) for s, t in contributions]
        got = [SimpleNamespace(beneficiary=b, provider=p) for b, p in values]
        held = {
            "contributions.source": {s for s, _ in contributions},
            "contributions.target": {t for _, t in contributions},
            "values.beneficiary": {b for b, _ in values},
            "values.provider": {p for _, p in values},
        }
        by_id, faults = reference_faults("a", people, given, got)
        assert reference_faults("a", people, given, got, held) == (by_id, faults)
        unknown = sum(ref in {"ghost", "spook"} for row in (*contributions, *values) for ref in row)
        assert len(faults) == unknown

    def test_items_are_not_read_when_what_they_hold_is_given(self) -> None:
        """With every reference known from the sets given, no item is read."""

        class Unread:
            def __getattr__(self, name: str) -> object:
                raise AssertionError(name)

        people = [Stakeholder("a", Role.FIRM), Stakeholder("b", Role.CUSTOMER)]
        held: dict[str, set[object]] = {
            "contributions.source": {"a"},
            "contributions.target": {None},
            "values.beneficiary": {"b", "a"},
            "values.provider": set(),
            "contributions.link": {None},
            "values.link": {None},
            "values.requires": {"a"},
        }
        by_id, faults = reference_faults("a", people, [Unread()], [Unread(), Unread()], held)
        assert (sorted(by_id), faults) == (["a", "b"], [])
        held["values.provider"] = {"ghost"}
        with pytest.raises(AssertionError, match="provider"):
            reference_faults("a", people, [Unread()], [Unread()], held)
        held["values.provider"] = set()
        held["values.requires"] = {"ghost"}
        with pytest.raises(AssertionError, match="requires"):
            reference_faults("a", people, [Unread()], [Unread()], held)


class TestToRecords:
    def test_fields_are_plain_and_in_order(self) -> None:
        """Records are tuples of plain values in field order, in the canonical order."""
        people, contributions, values = to_records(examples.nike_plus())
        assert len(people[0]) == len(STAKEHOLDER_FIELDS)
        assert [row[0] for row in people] == ["apple", "nike", "runners"]
        assert all(len(row) == len(CONTRIBUTION_FIELDS) for row in contributions)
        assert contributions[0] == (
            "apple",
            "technology",
            None,
            2.0,
            "The sensor and its iPod link",
            None,
            None,
            False,
            None,
        )
        assert [row[:2] for row in contributions] == [
            ("apple", "technology"),
            ("nike", "platform"),
            ("nike", "product"),
            ("runners", "data"),
            ("runners", "feedback"),
        ]
        assert all(len(row) == len(VALUE_FIELDS) for row in values)
        assert all(isinstance(row[3], str) for row in values)

    @settings(max_examples=30, deadline=None)
    @given(initiatives())
    def test_round_trip(self, initiative: Initiative) -> None:
        """from_records of to_records gives the initiative back."""
        assert rebuild(initiative, *to_records(initiative)) == initiative


class TestWriteCsv:
    def test_writes_four_files_with_headers(self, tmp_path: Path) -> None:
        """One file per collection, and one for the name, focal, goal and process."""
        write_csv(examples.nike_plus(), tmp_path / "nike")
        names = sorted(p.name for p in (tmp_path / "nike").iterdir())
        assert names == ["contributions.csv", "initiative.csv", "stakeholders.csv", "values.csv"]
        header = (tmp_path / "nike" / "values.csv").read_text().splitlines()[0]
        assert header == ",".join(VALUE_FIELDS)

    def test_awkward_ids_are_written_as_json(self, tmp_path: Path) -> None:
        """An id with a semicolon makes customer_of a JSON array, read back the same."""
        initiative = from_records(
            "x",
            "a;b",
            [("a;b", "firm"), (" c", "firm"), ("d", "customer", None, None, ["a;b", " c"])],
        )
        write_csv(initiative, tmp_path)
        assert '""a;b""]"' in (tmp_path / "stakeholders.csv").read_text()
        assert read_csv(tmp_path) == initiative


class TestReadCsv:
    @settings(max_examples=40, deadline=None)
    @given(initiatives())
    def test_round_trip(self, initiative: Initiative) -> None:
        """read_csv of write_csv gives the initiative back, numbers exactly."""
        with tempfile.TemporaryDirectory() as folder:
            write_csv(initiative, folder)
            assert read_csv(folder) == initiative

    def test_a_hand_written_directory(self, tmp_path: Path) -> None:
        """Columns in any order, optional ones left out, ids split on semicolons."""
        (tmp_path / "initiative.csv").write_text("focal,name\nacme,Forum\n")
        (tmp_path / "stakeholders.csv").write_text(
            "role,id,customer_of\nfirm,acme,\npartner,uni,\ncustomer,bob, acme ; uni\n"
        )
        (tmp_path / "contributions.csv").write_text(
            "source,resource,cost\nbob,ideas,\nuni,data,2\n"
        )
        initiative = read_csv(tmp_path)
        assert initiative.name == "Forum"
        assert initiative.stakeholder("bob").customer_of == frozenset({"acme", "uni"})
        assert initiative.contributions[1].cost == 2.0
        assert initiative.values == ()

    def test_single_files_can_be_given(self, tmp_path: Path) -> None:
        """Each file may be given by its own path, with or without a directory."""
        write_csv(examples.dell_ideastorm(), tmp_path)
        moved = tmp_path / "people.csv"
        (tmp_path / "stakeholders.csv").rename(moved)
        initiative = read_csv(
            initiative=tmp_path / "initiative.csv",
            stakeholders=moved,
            contributions=tmp_path / "contributions.csv",
            values=tmp_path / "values.csv",
        )
        assert initiative == examples.dell_ideastorm()

    def test_faults_name_the_row_and_the_column(self, tmp_path: Path) -> None:
        """A bad cell is reported with its row and column, like any record."""
        write_csv(examples.nike_plus(), tmp_path)
        path = tmp_path / "contributions.csv"
        lines = path.read_text().splitlines()
        lines[2] = "nike,platform,,lots,"
        path.write_text("\n".join(lines) + "\n")
        assert faults_of(read_csv, tmp_path) == [
            "contributions[1].cost: must be a finite number >= 0, got str 'lots'"
        ]

    def test_file_faults_are_format_errors(self, tmp_path: Path) -> None:
        """Missing files, unknown columns and extra cells raise FormatError with every fault."""
        (tmp_path / "initiative.csv").write_text("name,focal,colour\nx,acme,red\n")
        (tmp_path / "values.csv").write_text("beneficiary,amount\nacme,1,2\n")
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path)
        paths = [fault.path for fault in info.value.faults]
        assert paths == ["initiative", "stakeholders", "values[0]"]
        with pytest.raises(FormatError, match="give a directory"):
            read_csv()

    def test_faults_in_late_rows_name_them(self, tmp_path: Path) -> None:
        """Rows are built as they are read; a fault past the first chunk names its row."""
        write_csv(examples.nike_plus(), tmp_path)
        late = _CHUNK + 3
        rows = ["beneficiary,amount"] + ["nike,1"] * (late + 1)
        rows[1 + late] = "nike,lots"
        (tmp_path / "values.csv").write_text("\n".join(rows) + "\n")
        assert faults_of(read_csv, tmp_path) == [
            f"values[{late}].amount: must be a finite number, got str 'lots'"
        ]
        rows[1 + late] = "nike,2"
        (tmp_path / "values.csv").write_text("\n".join(rows) + "\n")
        assert len(read_csv(tmp_path).values) == late + 1

    def test_a_file_fault_found_late_is_reported_alone(self, tmp_path: Path) -> None:
        """A row with too many cells, read after faulty rows were built, is what is reported."""
        write_csv(examples.nike_plus(), tmp_path)
        late = _CHUNK + 3
        rows = ["beneficiary,amount", "nike,lots"] + ["nike,1"] * late
        rows[1 + late] = "nike,1,2"
        path = tmp_path / "values.csv"
        path.write_text("\n".join(rows) + "\n")
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path)
        assert [fault.path for fault in info.value.faults] == [f"values[{late}]"]
        # A file cut short by max_bytes, after more than a chunk of good rows.
        rows[1 + late] = "nike,1"
        path.write_text("\n".join(["beneficiary,amount", *rows[2:]]) + "\n")
        size = max(f.stat().st_size for f in tmp_path.iterdir())
        with pytest.raises(FormatError) as info:
            read_csv(tmp_path, max_bytes=size - 1)
        assert [fault.path for fault in info.value.faults] == ["values"]
        assert "cannot read" in info.value.faults[0].message

    def test_the_header_needs_one_row(self, tmp_path: Path) -> None:
        """initiative.csv must have exactly one row of data, and a header."""
        write_csv(examples.nike_plus(), tmp_path)
        (tmp_path / "initiative.csv").write_text("name,focal\n")
        with pytest.raises(FormatError, match="one row of data, got 0"):
            read_csv(tmp_path)
        (tmp_path / "initiative.csv").write_text("")
        with pytest.raises(FormatError, match="needs a header row"):
            read_csv(tmp_path)


class TestPandas:
    @settings(max_examples=25, deadline=None)
    @given(initiatives())
    def test_round_trip(self, initiative: Initiative) -> None:
        """DataFrames from to_pandas read back with from_pandas into the same initiative."""
        frames = [to_pandas(initiative, table=table) for table in PARTS]
        back = from_pandas(
            initiative.name,
            initiative.focal,
            *frames,
            goal=initiative.goal,
            process=initiative.process,
        )
        assert back == initiative

    def test_missing_cells_take_the_defaults(self) -> None:
        """NaN and None cells are left out; numpy integers become Python numbers."""
        people = pd.DataFrame({"id": ["acme", "bob"], "role": ["firm", "customer"]})
        given_ = pd.DataFrame(
            {"source": ["bob", "bob"], "resource": ["ideas", "data"], "cost": [np.nan, 2.0]}
        )
        got = pd.DataFrame(
            {"beneficiary": ["bob"], "amount": np.array([3], dtype=np.int64), "provider": [None]}
        )
        initiative = from_pandas("x", "acme", people, given_, got)
        assert initiative.contributions[0] == Contribution("bob", "ideas")
        assert initiative.contributions[0].cost == 0.0
        assert initiative.values[0] == Value("bob", 3.0)
        assert type(initiative.values[0].amount) is float
