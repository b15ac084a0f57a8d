"""The JSON Schema of the file format, checked against what load and dump do."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from cocreate import Goal, Initiative, Process, Resource, Role, ValueKind, dumps, examples, schema
from cocreate.exceptions import FormatError, InvalidModelError

sys.path.insert(0, str(Path(__file__).parent))
from _io_strategies import initiatives, json_values, mutated_documents

del sys.path[0]

ROOT = Path(__file__).parent.parent
VALIDATOR = Draft202012Validator(schema())


def read(document: Any) -> InvalidModelError | None:
    """Read a document; return the error it raises, or None."""
    try:
        Initiative.from_dict(document)
    except InvalidModelError as error:
        return error
    return None


def lenient_word(error: jsonschema.ValidationError) -> bool:
    """Whether a schema error is a word cocreate reads leniently (``New-Offering``)."""
    if error.validator != "enum" or not isinstance(error.instance, str):
        return False
    word = error.instance.strip().lower().replace("-", "_").replace(" ", "_")
    return isinstance(error.validator_value, list) and word in error.validator_value


#: What only cocreate can see, the schema not: references between items, and a
#: range compared with its estimate. Every other fault is one of shape.
SCHEMA_BLIND = (
    "unknown stakeholder",
    "duplicate id",
    "the focal stakeholder must be an organization",
    "cannot contribute to itself",
    "the range must hold",
)


def shape_faults(error: InvalidModelError | None) -> list[str]:
    """The faults of an error that the schema can see too."""
    if error is None:
        return []
    return [
        str(fault)
        for fault in error.faults
        if not any(blind in fault.message for blind in SCHEMA_BLIND)
    ]


def check_agreement(document: Any) -> None:
    """The schema rejects a document exactly when cocreate finds a fault of shape in it."""
    error = read(document)
    schema_errors = list(VALIDATOR.iter_errors(document))
    if shape_faults(error):
        assert schema_errors, f"cocreate refuses the shape, the schema accepts: {error}"
    else:
        assert all(lenient_word(e) for e in schema_errors), [e.message for e in schema_errors]


class TestSchema:
    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The schema itself is a valid draft 2020-12 JSON Schema."""
        document = schema()
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(document)

    def test_returns_a_new_dict(self) -> None:
        """Changing the returned dict does not change the next one."""
        schema()["title"] = "changed"
        assert schema()["title"] == "cocreate initiative"

    def test_is_the_package_file(self) -> None:
        """schema() is the schema.json file shipped in the package."""
        path = ROOT / "src" / "cocreate" / "schema.json"
        assert schema() == json.loads(path.read_text(encoding="utf-8"))

    def test_words_are_the_enums(self) -> None:
        """Every word list in the schema is exactly the words of the model's enum."""
        definitions = schema()["$defs"]
        properties = schema()["properties"]
        assert definitions["stakeholder"]["properties"]["role"]["enum"] == list(Role.words())
        resources = definitions["contribution"]["properties"]["resource"]["enum"]
        assert resources == list(Resource.words())
        kinds = definitions["value"]["properties"]["kind"]["enum"]
        assert kinds == [*ValueKind.words(), None]
        assert properties["goal"]["enum"] == [*Goal.words(), None]
        assert properties["process"]["enum"] == [*Process.words(), None]

    @settings(max_examples=200, deadline=None)
    @given(initiatives())
    def test_accepts_every_dumped_document(self, initiative: Initiative) -> None:
        """Every document dump writes, as JSON and as TOML, is valid under the schema."""
        VALIDATOR.validate(json.loads(dumps(initiative, "json")))
        VALIDATOR.validate(tomllib.loads(dumps(initiative, "toml")))

    def test_accepts_the_examples(self) -> None:
        """Every example file is valid under the schema."""
        for name in examples.names():
            VALIDATOR.validate(json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8")))
            with (ROOT / "examples" / f"{name}.toml").open("rb") as handle:
                VALIDATOR.validate(tomllib.load(handle))

    @settings(max_examples=700, deadline=None)
    @given(mutated_documents())
    def test_agrees_with_load_on_mutated_documents(self, document: Any) -> None:
        """On broken documents, the schema rejects exactly what cocreate rejects for shape."""
        check_agreement(document)

    @settings(max_examples=300, deadline=None)
    @given(json_values)
    def test_agrees_with_load_on_arbitrary_values(self, document: Any) -> None:
        """On arbitrary JSON values, the schema rejects exactly what cocreate rejects for shape."""
        check_agreement(document)

    def test_model_faults_pass_the_schema(self) -> None:
        """What the schema cannot see (unknown stakeholders, duplicates) is left to cocreate."""
        document = examples.nike_plus().to_dict()
        document["contributions"][2]["source"] = "aple"
        document["stakeholders"].append({"id": "nike", "role": "firm"})
        VALIDATOR.validate(document)
        error = read(document)
        assert type(error) is InvalidModelError
        assert len(error.faults) == 2
        assert shape_faults(error) == []

    def test_rejects_the_documented_shapes(self) -> None:
        """Unknown keys, wrong types, unknown words and missing keys fail both, as model faults."""
        base = examples.nike_plus().to_dict()
        broken: list[dict[str, Any]] = [
            {**base, "colour": "red"},
            {**base, "name": 3},
            {**base, "goal": "world_peace"},
            {k: v for k, v in base.items() if k != "focal"},
            {**base, "version": 2},
            {**base, "values": [{"beneficiary": "nike", "amount": 10**400}]},
            {**base, "contributions": [{"source": "nike", "resource": "ideas", "cost": -1}]},
            {**base, "values": [{"beneficiary": "nike", "amount": 1, "low": "0"}]},
        ]
        for document in broken:
            assert not VALIDATOR.is_valid(document)
            error = read(document)
            assert type(error) is InvalidModelError
            assert len(shape_faults(error)) == 1, shape_faults(error)

    def test_a_document_that_is_not_a_table(self) -> None:
        """Only a document that is not a table at all is a FormatError; the schema refuses it."""
        documents: list[Any] = [[], "nike", 3, None]
        for document in documents:
            assert not VALIDATOR.is_valid(document)
            assert isinstance(read(document), FormatError)

    def test_null_means_left_out(self) -> None:
        """Null in any optional field is the field left out, for the schema and for cocreate."""
        document = examples.nike_plus().to_dict()
        document["stakeholders"][0].update(name=None, organization=None, customer_of=None)
        document["contributions"][0].update(
            target=None, cost=None, description=None, low=None, high=None
        )
        document["values"][0].update(provider=None, kind=None, description=None)
        VALIDATOR.validate(document)
        initiative = Initiative.from_dict(document)
        assert initiative.stakeholders[0].customer_of == frozenset()
        assert (initiative.contributions[0].cost, initiative.contributions[0].description) == (
            0.0,
            "",
        )

    def test_ranges(self) -> None:
        """Ranges are in the schema: valid ones pass, a negative cost bound fails both."""
        document = examples.nike_plus().to_dict()
        document["contributions"][0].update(low=1.0, high=3.0)
        document["values"][0].update(low=-1.0, high=None)
        del document["values"][0]["requires"]  # a range below 0 is for a value that requires no one
        VALIDATOR.validate(document)
        assert read(document) is None
        document["contributions"][0]["low"] = -1.0
        assert not VALIDATOR.is_valid(document)
        assert shape_faults(read(document))
