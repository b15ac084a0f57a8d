"""Each field is declared once, in its attrs class: every reader, writer and builder follows it."""

from __future__ import annotations

import linecache
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path
from typing import Any

import attrs
import pytest

import cocreate
from cocreate import Contribution, Initiative, Stakeholder, Value, ValueKind
from cocreate._model import fast, fields
from cocreate._model.records import CONTRIBUTION_FIELDS, STAKEHOLDER_FIELDS, VALUE_FIELDS
from cocreate._model.types import FIELD_KINDS
from cocreate.examples import nike_plus

SRC = Path(cocreate.__file__).resolve().parent

#: Run in a copy of the package whose classes list some fields in another
#: order: every way in and out must still give back what went in.
ROUND_TRIPS = textwrap.dedent(
    """
    import pickle, sys, tempfile
    from pathlib import Path

    import attrs
    import cocreate
    from cocreate import Contribution, Initiative, Value, ValueKind
    from cocreate.examples import nike_plus
    from cocreate._model import fast
    from cocreate._model.records import VALUE_FIELDS, CONTRIBUTION_FIELDS

    names = [f.name for f in attrs.fields(Value)]
    assert names.index("description") < names.index("kind"), names
    assert VALUE_FIELDS.index("description") < VALUE_FIELDS.index("kind"), VALUE_FIELDS
    assert CONTRIBUTION_FIELDS.index("link") < CONTRIBUTION_FIELDS.index("target")

    base = nike_plus()
    extra = [
        Value("apple", 1.5, kind="revenue", description="hello", low=1.0, high=2.0, link="pay"),
        Contribution("nike", "capital", target="apple", cost=1.5, description="fee",
                     low=1.0, high=2.0, exchange=True, link="pay"),
    ]
    x = base.evolve(values=(*base.values, extra[0]), contributions=(*base.contributions, extra[1]))

    def same(y, how):
        assert y == x, how
        for v in y.values:
            assert isinstance(v.kind, ValueKind), (how, v)
            assert isinstance(v.description, str), (how, v)
        hello = [v for v in y.values if v.description == "hello"]
        assert hello and hello[0].kind is ValueKind.REVENUE, (how, hello)

    same(Initiative.from_dict(x.to_dict()), "dict")
    people, given, got = cocreate.to_records(x)
    same(cocreate.from_records(x.name, x.focal, people, given, got, goal=x.goal,
                               process=x.process), "records (fast path)")
    same(cocreate.from_records(x.name, x.focal, people, given, [*got, got[0][:2]][:-1],
                               goal=x.goal, process=x.process), "records again")
    mixed = [list(row) for row in got]  # lists and tuples: the careful path
    same(cocreate.from_records(x.name, x.focal, people, given, [tuple(got[0]), *mixed[1:]],
                               goal=x.goal, process=x.process), "records, mixed rows")
    as_dicts = [dict(zip(VALUE_FIELDS, row)) for row in got]
    same(cocreate.from_records(x.name, x.focal, people, given, as_dicts, goal=x.goal,
                               process=x.process), "records as dicts")
    same(pickle.loads(pickle.dumps(x)), "pickle")
    same(Initiative.from_networkx(x.to_networkx()), "networkx")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".json", ".toml"):
            path = Path(folder) / f"x{suffix}"
            cocreate.dump(x, path)
            same(cocreate.load(path), suffix)
        cocreate.write_csv(x, Path(folder) / "csv")
        same(cocreate.read_csv(Path(folder) / "csv"), "csv")
        cocreate.write_excel(x, Path(folder) / "x.xlsx")
        same(cocreate.read_excel(Path(folder) / "x.xlsx"), "excel")
    frames = [cocreate.to_pandas(x, table=t) for t in ("stakeholders", "contributions", "values")]
    same(cocreate.from_pandas(x.name, x.focal, *frames, goal=x.goal, process=x.process), "pandas")
    assert list(frames[2].columns) == list(VALUE_FIELDS)
    print("round trips: ok")
    """
)


def _moved(source: str, field: tuple[str, str], above: str) -> str:
    """The source of ``types.py`` with the declaration of ``field`` moved above ``above``'s."""
    lines = source.splitlines(keepends=True)

    def span(name: str, after: int) -> tuple[int, int]:
        start = next(i for i in range(after, len(lines)) if lines[i].startswith(f"    {name}: "))
        end = start + 1
        # A declaration over several lines ends where its brackets close.
        depth = lines[start].count("(") - lines[start].count(")")
        while depth > 0:
            depth += lines[end].count("(") - lines[end].count(")")
            end += 1
        return start, end

    owner = next(i for i, line in enumerate(lines) if line.startswith(f"class {field[0]}("))
    start, end = span(field[1], owner)
    block = lines[start:end]
    del lines[start:end]
    target, _ = span(above, owner)
    lines[target:target] = block
    return "".join(lines)


class TestFieldsAreDeclaredOnce:
    def test_the_field_table_is_read_from_attrs(self) -> None:
        """FIELD_KINDS, the record columns and the required fields follow attrs.fields."""
        for cls in (Stakeholder, Contribution, Value, Initiative):
            declared = [f.name for f in attrs.fields(cls) if fields.KIND in f.metadata]
            assert [name for name, _ in FIELD_KINDS[cls.__name__]] == declared
        assert list(STAKEHOLDER_FIELDS) == [f.name for f in attrs.fields(Stakeholder)]
        assert list(CONTRIBUTION_FIELDS) == [f.name for f in attrs.fields(Contribution)]
        assert list(VALUE_FIELDS) == [f.name for f in attrs.fields(Value)]
        assert fields.required(Value) == ("beneficiary", "amount")
        assert fields.fill_ins(Value)["kind"] is ValueKind.OTHER

    def test_required_fields_must_lead(self) -> None:
        """A required field after an optional one is refused: a tuple gives the required first."""
        odd = attrs.make_class(
            "Odd",
            {
                "a": attrs.field(default=1, metadata=fields.meta(cocreate._model.validate.COUNT)),
                "b": attrs.field(kw_only=True, metadata=fields.meta(cocreate._model.validate.ID)),
            },
        )
        with pytest.raises(TypeError, match="without a default must come first"):
            fields.required(odd)

    def test_the_fast_builder_reads_columns_by_name(self) -> None:
        """Columns given in any order build the same objects: the builder takes them by name."""
        value = Value("nike", 2.0, kind="revenue", description="hello")
        columns = {name: [getattr(value, name)] for name in reversed(VALUE_FIELDS)}
        (built,) = fast.build(Value, columns)
        assert built == value
        assert built.kind is ValueKind.REVENUE
        assert built.description == "hello"

    def test_a_reordered_copy_of_a_class_is_built_and_sorted_in_its_own_order(self) -> None:
        """A copy of Value with its fields reversed (after the required ones) gets its own
        builder and sort key, both from its attrs.fields."""
        own: list[attrs.Attribute[Any]] = list(attrs.fields(Value))
        order = own[:2] + own[:1:-1]
        copy = attrs.make_class(
            "Value",
            {
                f.name: attrs.field(default=f.default, metadata=f.metadata, kw_only=f.kw_only)
                for f in order
            },
            bases=(cocreate._model.types._Once,),
            frozen=True,
            slots=True,
            weakref_slot=False,
        )
        assert fields.names(copy) == tuple(f.name for f in order)
        row = {name: getattr(Value("nike", 2.0, description="x"), name) for name in VALUE_FIELDS}
        (item,) = fast.build(copy, {name: [value] for name, value in row.items()})  # type: ignore[var-annotated]
        assert type(item) is copy
        assert {name: getattr(item, name) for name in VALUE_FIELDS} == row
        key = fast.sort_key(copy)(item)
        # requires comes third now, then the link: whether given, then None.
        assert key[2:5] == (frozenset(), False, None)
        assert fast.sort_key(copy) is not fast.sort_key(Value)

    def test_every_reader_and_writer_round_trips_with_fields_reordered(
        self, tmp_path: Path
    ) -> None:
        """A copy of the package whose Value lists description above kind, and whose
        Contribution lists link above target, still round-trips through every format."""
        copy = tmp_path / "cocreate"
        shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
        types = copy / "_model" / "types.py"
        source = types.read_text(encoding="utf-8")
        source = _moved(source, ("Value", "description"), "kind")
        source = _moved(source, ("Contribution", "link"), "target")
        types.write_text(source, encoding="utf-8")
        script = tmp_path / "round_trips.py"
        script.write_text(ROUND_TRIPS, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        done = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "round trips: ok" in done.stdout


class TestGeneratedCode:
    def test_a_builder_source_is_in_linecache(self) -> None:
        """The generated builder is registered with linecache, so debuggers show its lines."""
        code = fast.builder(Stakeholder).__code__
        assert code.co_filename.startswith("<cocreate generated build Stakeholder")
        lines = linecache.getlines(code.co_filename)
        assert lines[0] == f"def build({', '.join(STAKEHOLDER_FIELDS)}):\n"
        assert "    item.__class__ = cls\n" in lines

    def test_a_traceback_through_a_sort_key_shows_its_source_line(self) -> None:
        """An error raised inside a generated sort key points at a line whose text is shown."""
        key = fast.sort_key(Contribution)

        class Broken:
            def __getattr__(self, name: str) -> Any:
                msg = f"no {name}"
                raise RuntimeError(msg)

        with pytest.raises(RuntimeError) as caught:
            key(Broken())
        text = "".join(traceback.format_exception(caught.value))
        assert "<cocreate generated key Contribution>" in text
        assert "return (item.source," in text

    def test_equal_sources_share_a_file_name_and_different_ones_do_not(self) -> None:
        """Two different generated sources never share a linecache entry."""
        first = fast.sort_key(Contribution).__code__.co_filename
        second = fast.sort_key(Value).__code__.co_filename
        assert first != second
        assert linecache.getlines(first) != linecache.getlines(second)


def test_the_examples_still_load_with_the_derived_tables() -> None:
    """A smoke check that the derived writers give the documents they gave before."""
    data = nike_plus().to_dict()
    assert list(data)[:4] == ["format", "version", "name", "focal"]
    assert Initiative.from_dict(data) == nike_plus()
