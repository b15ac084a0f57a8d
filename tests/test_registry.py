"""One format registry serves load, dump and the command line: every command reads every format."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import cocreate
from cocreate import examples
from cocreate._cli import main
from cocreate._formats.registry import REGISTRY, format_named, format_of
from cocreate.exceptions import ArgumentError, CocreateError, FormatError

ROOT = Path(__file__).resolve().parent.parent
BREAD_CLUB = ROOT / "docs" / "_static" / "bread-club.rdf"

#: Every way to name an initiative on disk: how to write it, and the name to give the reader.
WRITTEN = ("nike.json", "nike.toml", "nike.xlsx", "nike.csv", "folder", "folder/values.csv")


def _written(tmp_path: Path, name: str) -> Path:
    """Write Nike+ under ``name``, as dump writes it; return the name to read it by."""
    path = tmp_path / name
    if name.startswith("folder"):
        cocreate.write_csv(examples.nike_plus(), tmp_path / "folder")
    else:
        cocreate.dump(examples.nike_plus(), path)
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


class TestRegistry:
    def test_every_format_round_trips(self, tmp_path: Path) -> None:
        """dump then load gives the initiative back, in every format that is written."""
        for name in ("nike.json", "nike.toml", "nike.xlsx", "nike.csv", "NIKE.XLSX"):
            path = tmp_path / name
            cocreate.dump(examples.nike_plus(), path)
            assert cocreate.load(path) == examples.nike_plus(), name

    def test_csv_is_the_folder_write_csv_writes(self, tmp_path: Path) -> None:
        """CSV is a folder of four files, named by the folder, a .csv name, or one of its files."""
        cocreate.dump(examples.nike_plus(), tmp_path / "nike.csv")
        assert sorted(p.name for p in (tmp_path / "nike.csv").iterdir()) == sorted(
            ["contributions.csv", "initiative.csv", "stakeholders.csv", "values.csv"]
        )
        cocreate.write_csv(examples.nike_plus(), tmp_path / "plain")
        for name in ("plain", "plain/initiative.csv", "nike.csv/values.csv"):
            assert cocreate.load(tmp_path / name) == examples.nike_plus(), name

    def test_json_and_toml_bytes_are_unchanged(self, tmp_path: Path) -> None:
        """dump writes JSON and TOML byte for byte as dumps does."""
        for fmt in ("json", "toml"):
            path = tmp_path / f"nike.{fmt}"
            cocreate.dump(examples.nike_plus(), path)
            text = path.read_text(encoding="utf-8")
            assert text == cocreate.dumps(examples.nike_plus(), fmt)

    def test_format_overrides_the_suffix(self, tmp_path: Path) -> None:
        """format= reads and writes a file whose suffix says nothing."""
        path = tmp_path / "nike.data"
        cocreate.dump(examples.nike_plus(), path, format="xlsx")
        assert path.read_bytes()[:2] == b"PK"
        assert cocreate.load(path, format="excel") == examples.nike_plus()

    def test_unknown_suffix_names_the_known_ones(self, tmp_path: Path) -> None:
        """One CocreateError for an unknown suffix, listing every suffix there is."""
        with pytest.raises(CocreateError) as info:
            cocreate.load(tmp_path / "nike.yaml")
        message = str(info.value)
        for found in REGISTRY.values():
            for suffix in found.suffixes:
                assert suffix in message
        with pytest.raises(CocreateError, match="unknown format 'yaml'; use one of: json, toml"):
            format_named("yaml")
        with pytest.raises(ArgumentError, match="a format must be a str"):
            format_named(3)

    def test_e3value_is_read_only_and_needs_focal(self, tmp_path: Path) -> None:
        """An .rdf model is read with focal, and never written."""
        initiative = cocreate.load(BREAD_CLUB, focal="Bakery")
        assert initiative == cocreate.from_e3value(BREAD_CLUB, focal="Bakery")
        with pytest.raises(ArgumentError, match="without focal"):
            cocreate.load(BREAD_CLUB)
        with pytest.raises(CocreateError, match="reads e3value models but does not write them"):
            cocreate.dump(initiative, tmp_path / "out.rdf")
        with pytest.raises(CocreateError, match="reads e3value models but does not write them"):
            cocreate.dump(initiative, tmp_path / "out.json", format="e3value")
        assert not list(tmp_path.iterdir())

    def test_a_folder_without_csv_files(self, tmp_path: Path) -> None:
        """A folder that holds no CSV files says so, once."""
        with pytest.raises(FormatError) as info:
            cocreate.load(tmp_path)
        assert [f.message for f in info.value.faults] == [
            (
                f"cannot read {str(tmp_path)!r}: it is a directory without the CSV files of an "
                "initiative (initiative.csv, stakeholders.csv, contributions.csv, values.csv); "
                "give a file, or a folder that holds them"
            )
        ]

    def test_a_single_csv_file(self, tmp_path: Path) -> None:
        """A lone table is not the CSV form: the message says what is."""
        path = tmp_path / "export.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        with pytest.raises(FormatError) as info:
            cocreate.load(path)
        assert [f.message for f in info.value.faults] == [
            (
                f"cannot read {str(path)!r}: an initiative in CSV is a folder of four files "
                "(initiative.csv, stakeholders.csv, contributions.csv, values.csv), as "
                "write_csv writes it; give the folder, or one of its files"
            )
        ]

    def test_format_of(self) -> None:
        """The suffix, in any case, names the format; a trailing slash is a folder of CSV files."""
        assert format_of("a.JSON").name == "json"
        assert format_of("a.Toml").name == "toml"
        assert format_of("out/").name == "csv"
        with pytest.raises(CocreateError, match=r"from its suffix '\(none\)'"):
            format_of("out")


#: Every command that takes FILE, with what it needs besides, and what its output starts with.
COMMANDS = {
    "classify": ([], "Nike+: co-creation"),
    "profile": ([], "definition"),
    "whatif": ([], "Co-creation depends on"),
    "fair": ([], ""),
    "report": (["-o", "{out}"], ""),
}


class TestEveryCommandEveryFormat:
    @pytest.mark.parametrize("command", [*COMMANDS, "convert"])
    @pytest.mark.parametrize("name", WRITTEN)
    def test_files(
        self, command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each command reads Nike+ from each format the library writes."""
        path = _written(tmp_path, name)
        if command == "convert":
            assert main(["convert", str(path), str(tmp_path / "out.toml")]) == 0
            assert cocreate.load(tmp_path / "out.toml") == examples.nike_plus()
            return
        extra, start = COMMANDS[command]
        out = tmp_path / "out.html"
        argv = [command, str(path), *(a.format(out=out) for a in extra)]
        assert main(argv) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.startswith(start)
        if command == "report":
            assert "Nike+" in out.read_text(encoding="utf-8")

    @pytest.mark.parametrize("command", [*COMMANDS, "convert"])
    def test_e3value(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each command reads an e3value model with --focal, and refuses it without."""
        if command == "convert":
            argv = ["convert", str(BREAD_CLUB), str(tmp_path / "bread.xlsx")]
        else:
            argv = [
                command,
                str(BREAD_CLUB),
                *(a.format(out=tmp_path / "o.html") for a in COMMANDS[command][0]),
            ]
        assert main(argv) == 2
        assert "needs --focal NAME" in capsys.readouterr().err
        assert main([*argv, "--focal", "Bakery"]) == 0, capsys.readouterr().err
        if command == "convert":
            back = cocreate.load(tmp_path / "bread.xlsx")
            assert back == cocreate.from_e3value(BREAD_CLUB, focal="Bakery")

    @pytest.mark.parametrize("command", [*COMMANDS, "convert"])
    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_standard_input(
        self,
        command: str,
        fmt: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Each command reads standard input, as JSON or with --format toml."""
        _stdin(monkeypatch, cocreate.dumps(examples.nike_plus(), fmt))
        given = ["--format", fmt] if fmt == "toml" else []
        if command == "convert":
            assert main(["convert", "-", str(tmp_path / "out.xlsx"), *given]) == 0
            assert cocreate.load(tmp_path / "out.xlsx") == examples.nike_plus()
            return
        extra = [a.format(out=tmp_path / "o.html") for a in COMMANDS[command][0]]
        assert main([command, "-", *extra, *given]) == 0, capsys.readouterr().err

    @pytest.mark.parametrize("command", [*COMMANDS, "convert"])
    def test_example(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--example NAME works on every command that takes FILE."""
        if command == "convert":
            assert main(["convert", "--example", "nike-plus", str(tmp_path / "n.xlsx")]) == 0
            assert cocreate.load(tmp_path / "n.xlsx") == examples.nike_plus()
            return
        extra, start = COMMANDS[command]
        argv = [
            command,
            "--example",
            "nike-plus",
            *(a.format(out=tmp_path / "o.html") for a in extra),
        ]
        assert main(argv) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.startswith(start)

    @pytest.mark.parametrize("command", [c for c in COMMANDS if c != "classify"])
    def test_file_and_example_is_a_usage_error(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An analysis takes one FILE or --example, not both, and not neither."""
        path = _written(tmp_path, "nike.json")
        extra = [a.format(out=tmp_path / "o.html") for a in COMMANDS[command][0]]
        assert main([command, str(path), "--example", "nike-plus", *extra]) == 2
        assert "give one FILE or --example NAME" in capsys.readouterr().err
        assert main([command, *extra]) == 2
        assert "give one FILE or --example NAME" in capsys.readouterr().err


class TestConvert:
    @pytest.mark.parametrize("target", ["nike.xlsx", "nike.csv", "nike.toml", "nike.json"])
    @pytest.mark.parametrize("source", WRITTEN)
    def test_every_pair(self, source: str, target: str, tmp_path: Path) -> None:
        """convert turns any format into any other, losing nothing."""
        path = _written(tmp_path, source)
        out = tmp_path / "out" / target
        out.parent.mkdir()
        assert main(["convert", str(path), str(out)]) == 0
        assert cocreate.load(out) == examples.nike_plus()

    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_to_standard_output(
        self, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert x -: JSON on standard output, or TOML with --format toml, as dumps writes."""
        path = _written(tmp_path, "nike.xlsx")
        given = ["--format", fmt] if fmt == "toml" else []
        assert main(["convert", str(path), "-", *given]) == 0
        assert capsys.readouterr().out == cocreate.dumps(examples.nike_plus(), fmt)

    def test_format_names_the_side_without_a_suffix(self, tmp_path: Path) -> None:
        """--format applies to - and to names without a suffix, not to a named .json file."""
        source = _written(tmp_path, "nike.json")
        assert main(["convert", str(source), str(tmp_path / "plain"), "--format", "toml"]) == 0
        assert (tmp_path / "plain").read_text(encoding="utf-8").startswith('format = "cocreate"')

    def test_standard_output_carries_text(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A workbook cannot go to standard output: one line says so."""
        source = _written(tmp_path, "nike.json")
        assert main(["convert", str(source), "-", "--format", "excel"]) == 1
        assert capsys.readouterr().err == (
            "standard output carries json or toml, not excel; give a file name instead of -\n"
        )

    def test_controls_are_escaped_on_standard_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A name with C1 or direction controls reaches the terminal escaped, and reads back."""
        odd = cocreate.Initiative(
            "Nike\x9b2J\u202e", "nike", [cocreate.Stakeholder("nike", "firm")]
        )
        source = tmp_path / "odd.json"
        cocreate.dump(odd, source)
        for fmt in ("json", "toml"):
            assert main(["convert", str(source), "-", "--format", fmt]) == 0
            out = capsys.readouterr().out
            assert "\x9b" not in out
            assert "\u202e" not in out
            assert cocreate.loads(out, fmt) == odd


class TestStandardInputHints:
    def test_toml_without_format_gets_a_hint(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """TOML on standard input without --format: not 'not valid JSON' alone, but what to do."""
        _stdin(monkeypatch, cocreate.dumps(examples.nike_plus(), "toml"))
        assert main(["classify", "-"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("-: not valid JSON: ")
        assert err.endswith("; it looks like TOML: add --format toml\n")

    def test_broken_json_gets_no_toml_hint(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSON with a typo is not TOML either: no hint."""
        _stdin(monkeypatch, '{"name": "x",')
        assert main(["classify", "-"]) == 1
        assert "TOML" not in capsys.readouterr().err

    def test_json_output_of_classify_reads_excel(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """classify --json names the workbook it read."""
        path = _written(tmp_path, "nike.xlsx")
        assert main(["classify", str(path), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["file"] == str(path)
        assert data["kind"] == "co_creation"
