"""Files: load, dump, loads, dumps, and the dict form underneath them."""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate import (
    Contribution,
    Initiative,
    Kind,
    Resource,
    Role,
    Stakeholder,
    Value,
    classify,
    dump,
    dumps,
    examples,
    load,
    loads,
)
from cocreate.exceptions import CocreateError, Fault, FormatError, InvalidModelError

sys.path.insert(0, str(Path(__file__).parent))
from _io_strategies import (
    AWKWARD,
    initiatives,
    json_values,
    mutated_documents,
)

del sys.path[0]

ROOT = Path(__file__).parent.parent
# Wrong types given on purpose, typed Any so that mypy lets them through.
NOT_AN_INITIATIVE: Any = {}
NOT_TEXT: Any = 3
FORMATS = ("json", "toml")
DOCUMENTED_KINDS = {
    "nike-plus": Kind.CO_CREATION,
    "my-starbucks-idea": Kind.CUSTOMER_FOCUSED_INNOVATION,
    "dell-ideastorm": Kind.CUSTOMER_FOCUSED_INNOVATION,
    "cross-team-project": Kind.COLLABORATION,
    "solo-development": Kind.UNCLASSIFIED,
}


def minimal(**changes: Any) -> dict[str, Any]:
    """A small valid document, with some keys changed."""
    document: dict[str, Any] = {
        "name": "x",
        "focal": "acme",
        "stakeholders": [{"id": "acme", "role": "firm"}, {"id": "bob", "role": "customer"}],
        "contributions": [{"source": "bob", "resource": "ideas"}],
        "values": [{"beneficiary": "bob", "amount": 1}],
    }
    document.update(changes)
    return document


def faults_of(error: pytest.ExceptionInfo[InvalidModelError]) -> list[str]:
    return [str(fault) for fault in error.value.faults]


def without_empty_lists(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in {"contributions", "values"} or v}


class TestDictForm:
    @settings(max_examples=200, deadline=None)
    @given(initiatives())
    def test_round_trip(self, initiative: Initiative) -> None:
        """from_dict(to_dict(i)) == i for any valid initiative."""
        assert Initiative.from_dict(initiative.to_dict()) == initiative

    @given(initiatives())
    def test_json_ready(self, initiative: Initiative) -> None:
        """to_dict gives plain JSON data: no NaN, no None, only str keys."""
        stack: list[Any] = [initiative.to_dict()]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                assert all(isinstance(key, str) for key in item)
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            else:
                assert isinstance(item, str | int | float)
                assert not isinstance(item, float) or math.isfinite(item)

    @settings(max_examples=1200, deadline=None)
    @given(json_values)
    def test_arbitrary_values_raise_only_cocreate_errors(self, data: Any) -> None:
        """Any JSON value either reads as an initiative or raises a CocreateError."""
        with contextlib.suppress(CocreateError):
            Initiative.from_dict(data)

    @settings(max_examples=700, deadline=None)
    @given(mutated_documents())
    def test_mutated_documents_raise_only_cocreate_errors(self, data: Any) -> None:
        """A broken document raises a CocreateError whose faults all have messages."""
        faults: tuple[Fault, ...] = ()
        try:
            Initiative.from_dict(data)
        except InvalidModelError as error:
            faults = error.faults
            assert faults
        assert all(fault.message for fault in faults)
        assert all("\n" not in fault.path for fault in faults)

    def test_every_fault_has_its_path(self) -> None:
        """Faults of fields and of reference are reported together, each with its path."""
        document = minimal(
            stakeholders=[{"id": "acme", "role": "firm"}, {"id": "bob", "role": "wizard"}],
            contributions=[
                {"source": "bob", "resource": "ideas"},
                {"source": "aple", "resource": "data", "cost": -1},
                {"source": "aple", "resource": "data"},
            ],
        )
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_dict(document)
        assert type(error.value) is InvalidModelError
        assert faults_of(error) == [
            (
                "stakeholders[1].role: must be a Role ('firm', 'customer', 'supplier', "
                "'partner', 'employee'), got str 'wizard'"
            ),
            "contributions[1].cost: must be a finite number >= 0, got float -1.0",
            "contributions[1].source: unknown stakeholder 'aple'; known: 'acme', 'bob'",
            "contributions[2].source: unknown stakeholder 'aple'; known: 'acme', 'bob'",
        ]

    def test_model_faults_are_not_format_errors(self) -> None:
        """A well-shaped document of an invalid model raises InvalidModelError, not FormatError."""
        document = minimal(contributions=[{"source": "bob", "resource": "ideas", "target": "bob"}])
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_dict(document)
        assert type(error.value) is InvalidModelError
        assert faults_of(error) == [
            (
                "contributions[0].target: 'bob' cannot contribute to itself; give another "
                "stakeholder, or None for the initiative"
            )
        ]

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"name": 3}, "name: must be a str, got int 3"),
            (
                {"focal": ""},
                "focal: must be a non-empty stakeholder id (a str) or a Stakeholder, got str ''",
            ),
            (
                {"goal": "win"},
                "goal: must be a Goal ('new_offering', 'specific_outcome') or None, got str 'win'",
            ),
            (
                {"extra": 1},
                (
                    "extra: unknown field; allowed: format, version, name, focal, goal, process, "
                    "assumptions, stakeholders, contributions, values"
                ),
            ),
            (
                {"stakeholders": {"id": "a"}},
                (
                    "stakeholders: must be an array of records (in TOML, write [[stakeholders]]), "
                    "got dict of 1 item"
                ),
            ),
            (
                {"version": 2},
                (
                    "version: this file has format version 2, written by a newer cocreate; "
                    "this version reads format version 1 and older"
                ),
            ),
            ({"version": True}, "version: must be a whole number >= 1, got True"),
            ({"format": ["x"]}, "format: must be 'cocreate', got list of 1 item"),
            (
                {"values": [{"beneficiary": "bob", "amount": 10**400}]},
                "values[0].amount: must be a finite number, got int too large to show",
            ),
            (
                {"values": [{"beneficiary": "bob", "amount": 2**1024 - 1}]},
                "values[0].amount: must be a finite number, got int too large to show",
            ),
            (
                {"values": [{"beneficiary": "bob", "amount": math.inf}]},
                "values[0].amount: must be a finite number, got float inf",
            ),
            (
                {"values": [{"beneficiary": "bob", "amount": math.nan}]},
                "values[0].amount: must be a finite number, got float nan",
            ),
            (
                {"values": [{"beneficiary": "bob", "amount": "1"}]},
                "values[0].amount: must be a finite number, got str '1'",
            ),
            (
                {"contributions": [{"source": "bob"}]},
                "contributions[0].resource: missing; this field is required",
            ),
            (
                {"stakeholders": [{"id": "acme", "role": "firm"}, {"id": "bob", "role": None}]},
                (
                    "stakeholders[1].role: must be a Role ('firm', 'customer', 'supplier', "
                    "'partner', 'employee'), got None"
                ),
            ),
            ({"values": [["bob", 1]]}, "values[0]: must be a table, got list of 2 items"),
            (
                {"values": [{"beneficiary": None, "amount": 1}]},
                (
                    "values[0].beneficiary: must be a non-empty stakeholder id (a str) "
                    "or a Stakeholder, got None"
                ),
            ),
        ],
    )
    def test_document_faults(self, changes: dict[str, Any], expected: str) -> None:
        """A fault in a readable document is an InvalidModelError with the constructors' words."""
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_dict(minimal(**changes))
        assert type(error.value) is InvalidModelError
        assert expected in faults_of(error), faults_of(error)

    def test_ids_that_cannot_be_keys_are_reported(self) -> None:
        """A list where an id belongs is a fault at its path, never a TypeError."""
        document = minimal(
            stakeholders=[{"id": ["acme"], "role": "firm"}],
            values=[{"beneficiary": ["bob"]}],
        )
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_dict(document)
        paths = [fault.path for fault in error.value.faults]
        assert paths[:2] == ["stakeholders[0].id", "values[0].amount"]

    def test_version_one_point_zero(self) -> None:
        """A version written as 1.0 is version 1, as JSON Schema's integer says."""
        assert Initiative.from_dict(minimal(version=1.0)).name == "x"

    def test_long_and_nested_values_keep_messages_short(self) -> None:
        """A huge string or a deeply nested value is named briefly, without recursion."""
        deep: Any = []
        for _ in range(50_000):
            deep = [deep]
        document = minimal(goal="x" * 1_000_000, process=deep, unknown_key_="y" * 100)
        document["z" * 10_000] = 1
        with pytest.raises(InvalidModelError) as error:
            Initiative.from_dict(document)
        assert type(error.value) is InvalidModelError
        assert [fault.path for fault in error.value.faults] == [
            "unknown_key_",
            "z" * 60,
            "goal",
            "process",
        ]
        assert len(str(error.value)) < 2_000

    def test_lenient_words(self) -> None:
        """Words are read in any case and with hyphens, as the model reads them."""
        initiative = Initiative.from_dict(minimal(goal="New-Offering"))
        assert initiative.goal is not None
        assert initiative.goal.value == "new_offering"


class TestDumps:
    @settings(max_examples=300, deadline=None)
    @given(initiatives(), st.sampled_from(FORMATS))
    def test_round_trip(self, initiative: Initiative, fmt: str) -> None:
        """loads(dumps(i, f), f) == i in both formats."""
        assert loads(dumps(initiative, fmt), fmt) == initiative

    @given(initiatives())
    def test_toml_is_the_dict_form(self, initiative: Initiative) -> None:
        """The TOML text parses with tomllib to the dict form, empty lists left out."""
        parsed = tomllib.loads(dumps(initiative, "toml"))
        assert parsed == without_empty_lists(json.loads(dumps(initiative)))

    @given(st.sampled_from(AWKWARD) | st.text(), st.sampled_from(FORMATS))
    def test_any_string_survives(self, text: str, fmt: str) -> None:
        """Every string, control characters and unicode included, comes back unchanged."""
        firm = Stakeholder("f" + text, Role.FIRM, name=text)
        initiative = Initiative(text, firm, [firm], [Contribution(firm, "ideas", description=text)])
        assert loads(dumps(initiative, fmt), fmt) == initiative

    @pytest.mark.parametrize("number", [1e308, 5e-324, -0.0, 0.1, 1 / 3, 1.7976931348623157e308])
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_floats_are_exact(self, number: float, fmt: str) -> None:
        """Floats come back bit for bit; -0.0 is the one zero, 0.0, as the model holds it."""
        firm = Stakeholder("f", Role.FIRM)
        back = loads(dumps(Initiative("x", firm, [firm], [], [Value(firm, number)]), fmt), fmt)
        held = number + 0.0
        assert math.copysign(1, back.values[0].amount) == math.copysign(1, held)
        assert back.values[0].amount == number

    def test_toml_layout(self) -> None:
        """TOML has the header keys first, then arrays of tables, defaults left out."""
        text = dumps(examples.solo_development(), "toml")
        assert text.startswith('format = "cocreate"\nversion = 1\nname = "Acme in-house product"\n')
        assert '\n[[stakeholders]]\nid = "buyers"\nrole = "customer"\ncustomer_of = ["acme"]\n' in (
            text
        )
        assert "null" not in text
        assert "process" not in text

    def test_toml_escapes(self) -> None:
        """Quotes, backslashes and control characters are escaped in TOML strings."""
        firm = Stakeholder("f", Role.FIRM, name='a"b\\c\nd\x00e\x7f\tf')
        text = dumps(Initiative("x", firm, [firm]), "toml")
        assert 'name = "a\\"b\\\\c\\nd\\u0000e\\u007F\\tf"' in text

    def test_lone_surrogates(self) -> None:
        """JSON escapes a lone surrogate and reads it back; TOML cannot hold one."""
        firm = Stakeholder("f", Role.FIRM, name="\ud800")
        initiative = Initiative("x", firm, [firm])
        text = dumps(initiative)
        assert "\\ud800" in text
        text.encode("utf-8")
        assert loads(text) == initiative
        with pytest.raises(CocreateError, match="lone surrogate"):
            dumps(initiative, "toml")

    def test_json_is_readable(self) -> None:
        """JSON is indented, ends with a newline and keeps non-ASCII characters."""
        firm = Stakeholder("f", Role.FIRM, name="Café")
        text = dumps(Initiative("x", firm, [firm]))
        assert '\n  "name": "x",\n' in text
        assert "Café" in text
        assert text.endswith("}\n")

    def test_bad_arguments(self) -> None:
        """An unknown format or a non-initiative raises CocreateError."""
        with pytest.raises(CocreateError, match="unknown format 'yaml'; use 'json' or 'toml'"):
            dumps(examples.nike_plus(), "yaml")
        with pytest.raises(CocreateError, match="needs an Initiative, got dict"):
            dumps(NOT_AN_INITIATIVE, "json")


class TestLoads:
    @pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
    def test_json_constants_are_refused(self, word: str) -> None:
        """JSON's NaN and Infinity literals are a FormatError."""
        text = json.dumps(minimal()).replace('"amount": 1', f'"amount": {word}')
        with pytest.raises(FormatError, match=f"{word} is not a number cocreate accepts"):
            loads(text)

    @pytest.mark.parametrize(
        ("text", "fmt", "message"),
        [
            ("", "json", "not valid JSON: the text is empty"),
            ("   \n", "json", "not valid JSON: the text is empty"),
            ("{", "json", "not valid JSON: Expecting property name"),
            ("[" * 100_000 + "]" * 100_000, "json", "nested too deeply"),
            ('{"a": ' * 100_000, "json", "not "),
            ("1" * 5000, "json", "a whole number with 5000 digits is too large"),
            ('{"a": 1, "a": 2}', "json", "the key 'a' appears twice"),
            ("[1, 2]", "json", "must be a table, got list of 2 items"),
            ('"text"', "json", "must be a table, got str 'text'"),
            ("name = ", "toml", "not valid TOML"),
            ("a = " + "[" * 100_000, "toml", "not "),
            ("a = " + "1" * 5000, "toml", "not valid TOML"),
            ("a = 1\na = 2", "toml", "not valid TOML"),
        ],
    )
    def test_unreadable_text(self, text: str, fmt: str, message: str) -> None:
        """Malformed, deeply nested or huge input is a FormatError with a clear message."""
        with pytest.raises(FormatError) as error:
            loads(text, fmt)
        assert message in str(error.value)

    @pytest.mark.parametrize(("word", "number"), [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf")])
    def test_toml_nan_and_inf(self, word: str, number: str) -> None:
        """TOML's nan and inf are read, and refused as amounts: a model fault, not a format one."""
        text = dumps(examples.solo_development(), "toml").replace(
            "amount = 7.0", f"amount = {word}"
        )
        with pytest.raises(
            InvalidModelError,
            match=f"values.0..amount: must be a finite number, got float {number}",
        ) as error:
            loads(text, "toml")
        assert type(error.value) is InvalidModelError

    def test_empty_toml(self) -> None:
        """An empty TOML file is a table with every required field missing."""
        with pytest.raises(InvalidModelError) as error:
            loads("", "toml")
        assert type(error.value) is InvalidModelError
        assert faults_of(error) == [
            "name: missing; this field is required",
            "focal: missing; this field is required",
            "stakeholders: missing; this field is required",
        ]

    def test_bytes(self) -> None:
        """UTF-8 bytes are read (a byte order mark is skipped); other bytes are a FormatError."""
        text = dumps(examples.nike_plus())
        assert loads(("\ufeff" + text).encode("utf-8")) == examples.nike_plus()
        with pytest.raises(FormatError, match="the text is not UTF-8: byte 0xff at offset 0"):
            loads(b"\xff{}")
        with pytest.raises(CocreateError, match="needs the document as a str"):
            loads(NOT_TEXT)

    def test_hand_written_toml(self) -> None:
        """TOML written by hand, with comments, ints and omitted keys, reads as expected."""
        text = """
        # Nike+ by hand
        name = "Nike+"
        focal = "nike"
        goal = "new_offering"

        [[stakeholders]]
        id = "nike"
        role = "firm"

        [[stakeholders]]
        id = "apple"
        role = "firm"

        [[stakeholders]]
        id = "runners"
        role = "customer"
        customer_of = ["nike", "apple"]

        [[contributions]]
        source = "apple"
        resource = "technology"
        cost = 2

        [[values]]
        beneficiary = "apple"
        amount = 5
        """
        initiative = loads(text, "toml")
        assert initiative.contributions == (Contribution("apple", Resource.TECHNOLOGY, cost=2.0),)
        assert initiative.values == (Value("apple", 5.0),)

    @settings(max_examples=1000, deadline=None)
    @given(st.text(max_size=200) | st.sampled_from(AWKWARD), st.sampled_from(FORMATS))
    def test_arbitrary_text_raises_only_cocreate_errors(self, text: str, fmt: str) -> None:
        """Any text either reads as an initiative or raises a CocreateError."""
        with contextlib.suppress(CocreateError):
            loads(text, fmt)

    @settings(max_examples=400, deadline=None)
    @given(mutated_documents(), st.data())
    def test_mutated_text_raises_only_cocreate_errors(
        self, document: Any, data: st.DataObject
    ) -> None:
        """Broken documents, as JSON text cut or not, raise only CocreateError."""
        text = json.dumps(document)
        text = text[: data.draw(st.integers(0, len(text)))]
        for fmt in FORMATS:
            with contextlib.suppress(CocreateError):
                loads(text, fmt)


class TestLoad:
    @settings(
        max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(initiatives(), st.sampled_from(FORMATS))
    def test_round_trip(self, tmp_path: Path, initiative: Initiative, fmt: str) -> None:
        """load(dump(i)) == i through a real file in both formats."""
        path = tmp_path / f"initiative.{fmt}"
        dump(initiative, path)
        assert load(path) == initiative
        assert load(str(path)) == initiative

    def test_suffix_in_any_case_and_format_override(self, tmp_path: Path) -> None:
        """.TOML is TOML; format= reads a file whose suffix says nothing."""
        upper = tmp_path / "nike.TOML"
        dump(examples.nike_plus(), upper)
        assert load(upper) == examples.nike_plus()
        plain = tmp_path / "nike.txt"
        dump(examples.nike_plus(), plain, format="toml")
        assert load(plain, format="toml") == examples.nike_plus()

    def test_unreadable_paths(self, tmp_path: Path) -> None:
        """A missing path, a directory, or a non-UTF-8 file is a FormatError naming the file."""
        with pytest.raises(FormatError, match="cannot read the file: No such file"):
            load(tmp_path / "missing.json")
        (tmp_path / "folder.json").mkdir()
        with pytest.raises(
            FormatError, match=r"(?s)invalid file .*folder.json.*cannot read the file"
        ):
            load(tmp_path / "folder.json")
        (tmp_path / "latin.toml").write_bytes(b'name = "caf\xe9"')
        with pytest.raises(FormatError, match="the file is not UTF-8: byte 0xe9 at offset 11"):
            load(tmp_path / "latin.toml")
        with pytest.raises(FormatError):
            load("nul\x00.json")

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A suffix that names no format is a CocreateError that lists the known ones."""
        with pytest.raises(CocreateError, match=r"suffix '.yaml'; use a file name ending in .json"):
            load(tmp_path / "nike.yaml")
        with pytest.raises(CocreateError, match=r"a path must be a str or os\.PathLike, got int"):
            load(NOT_TEXT)

    def test_faults_name_the_file(self, tmp_path: Path) -> None:
        """The error of an invalid file says which file, and keeps the fault paths."""
        path = tmp_path / "nike.toml"
        text = dumps(examples.nike_plus(), "toml").replace('source = "apple"', 'source = "aple"')
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidModelError) as error:
            load(path)
        assert str(error.value).startswith(f"invalid initiative 'Nike+' in file {str(path)!r}")
        assert faults_of(error) == [
            "contributions[0].source: unknown stakeholder 'aple'; did you mean 'apple'?"
        ]


class TestDump:
    def test_failed_write_leaves_the_old_file(self, tmp_path: Path) -> None:
        """If the text cannot be built, the target keeps its content and no temp file remains."""
        path = tmp_path / "out.toml"
        path.write_text("old", encoding="utf-8")
        firm = Stakeholder("f", Role.FIRM, name="\udc80")
        with pytest.raises(CocreateError, match="lone surrogate"):
            dump(Initiative("x", firm, [firm]), path)
        assert path.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["out.toml"]

    def test_failed_replace_cleans_up(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If replacing the target fails, the temporary file goes; a CocreateError says why."""

        def refuse(*_: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(CocreateError, match=r"cannot write '.*out.json': Permission denied"):
            dump(examples.nike_plus(), tmp_path / "out.json")
        assert list(tmp_path.iterdir()) == []

    def test_unwritable_targets(self, tmp_path: Path) -> None:
        """A missing folder, a directory or an unknown suffix: CocreateError, nothing written."""
        with pytest.raises(CocreateError, match=r"cannot write .*No such file or directory"):
            dump(examples.nike_plus(), tmp_path / "missing" / "out.json")
        (tmp_path / "folder.json").mkdir()
        with pytest.raises(CocreateError, match="it is a directory"):
            dump(examples.nike_plus(), tmp_path / "folder.json")
        with pytest.raises(CocreateError, match="cannot tell the format"):
            dump(examples.nike_plus(), tmp_path / "out.yaml")
        with pytest.raises(CocreateError, match="unknown format"):
            dump(examples.nike_plus(), tmp_path / "out.json", format="xml")
        assert [p.name for p in tmp_path.iterdir()] == ["folder.json"]

    def test_permissions(self, tmp_path: Path) -> None:
        """A new file gets the usual permissions; a replaced file keeps its own."""
        new = tmp_path / "new.json"
        dump(examples.nike_plus(), new)
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
        new.chmod(0o640)
        dump(examples.dell_ideastorm(), new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        assert load(new) == examples.dell_ideastorm()


class TestExampleFiles:
    @pytest.mark.parametrize("name", examples.names())
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_example_file(self, name: str, fmt: str) -> None:
        """Each file in examples/ loads, equals the built-in example, classifies as documented."""
        path = ROOT / "examples" / f"{name}.{fmt}"
        initiative = load(path)
        assert initiative == examples.get(name)
        assert classify(initiative).kind is DOCUMENTED_KINDS[name]
        assert path.read_text(encoding="utf-8") == dumps(initiative, fmt), "regenerate it"

    def test_every_example_has_files(self) -> None:
        """examples/ holds a JSON and a TOML file for every built-in example, and nothing else."""
        expected = {f"{name}.{fmt}" for name in examples.names() for fmt in FORMATS}
        assert {p.name for p in (ROOT / "examples").iterdir() if p.is_file()} == expected
