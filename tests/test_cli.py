"""The command line: cocreate classify, examples, schema and convert."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cocreate
from cocreate import classify, dumps, examples, ledger, load, schema
from cocreate._cli import main

ROOT = Path(__file__).parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cocreate`` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cocreate", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
        timeout=60,
    )


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    """Nike+ as TOML, with Apple's contribution coming from a misspelt 'aple'."""
    text = dumps(examples.nike_plus(), "toml").replace('source = "apple"', 'source = "aple"')
    path = tmp_path / "nike.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestSubprocess:
    def test_classify_a_file(self) -> None:
        """classify FILE exits 0 and prints the kind, the explanation and the ledger."""
        result = run("classify", str(ROOT / "examples" / "nike-plus.toml"))
        initiative = examples.nike_plus()
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{classify(initiative)}\n\n{ledger(initiative)}\n"
        assert result.stderr == ""

    def test_json_output(self) -> None:
        """classify --json prints the classification and ledger rows as JSON."""
        result = run("classify", "--json", "--example", "my-starbucks-idea")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        initiative = examples.my_starbucks_idea()
        assert data["kind"] == "customer_focused_innovation"
        assert data["example"] == "my-starbucks-idea"
        assert data["file"] is None
        assert data["ledger"] == ledger(initiative).to_dict()["entries"]
        assert {k: v for k, v in data.items() if k not in {"file", "example", "ledger"}} == (
            classify(initiative).to_dict()
        )

    def test_invalid_file(self, bad_file: Path) -> None:
        """An invalid file exits 1 with one line per fault naming the file and the field."""
        result = run("classify", "nike.toml", cwd=bad_file.parent)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == (
            "nike.toml: contributions[0].source: unknown stakeholder 'aple'; "
            "did you mean 'apple'?\n"
        )

    def test_bad_usage(self) -> None:
        """Bad usage exits 2 with argparse's usage message."""
        result = run("classify", "--colour")
        assert result.returncode == 2
        assert result.stderr.startswith("usage: cocreate ")
        assert "unrecognized arguments: --colour" in result.stderr

    def test_help_and_version(self) -> None:
        """--help exits 0 and lists every command; --version prints the version."""
        result = run("--help")
        assert result.returncode == 0
        for command in ("classify", "examples", "schema", "convert"):
            assert command in result.stdout
        version = run("--version")
        assert version.stdout == f"cocreate {cocreate.__version__}\n"


class TestMain:
    @pytest.mark.parametrize("command", ["classify", "examples", "schema", "convert"])
    def test_help_for_every_command(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every command has --help, which exits 0."""
        assert main([command, "--help"]) == 0
        assert capsys.readouterr().out.startswith(f"usage: cocreate {command}")

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            ([], "give a command"),
            (["classify"], "give at least one FILE or --example NAME"),
            (["classify", "--example", "adidas"], "no example named 'adidas'; examples: nike-plus"),
            (["convert", "in.json"], "give INPUT and OUTPUT, or --example NAME and OUTPUT"),
            (["dance"], "invalid choice: 'dance'"),
        ],
    )
    def test_usage_errors(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Usage errors return 2 and say what is wrong."""
        assert main(argv) == 2
        assert message in capsys.readouterr().err

    def test_examples(self, capsys: pytest.CaptureFixture[str]) -> None:
        """examples lists every built-in example with its initiative and kind."""
        assert main(["examples"]) == 0
        out = capsys.readouterr().out
        page = (ROOT / "docs" / "files-and-cli.md").read_text(encoding="utf-8")
        assert f"$ cocreate examples\n{out}```" in page, "the page shows what the command prints"
        lines = out.splitlines()
        assert lines[0].split("  ")[0] == "nike-plus"
        assert lines[0].endswith("  co-creation")
        assert [line.split()[0] for line in lines] == list(examples.names())
        assert main(["examples", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data[1] == {
            "name": "my-starbucks-idea",
            "initiative": "My Starbucks Idea",
            "kind": "customer-focused innovation",
        }

    def test_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """schema prints the JSON Schema."""
        assert main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out) == schema()

    def test_several_inputs(self, bad_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Several inputs get a header each; an invalid one is reported and the rest classified."""
        good = ROOT / "examples" / "solo-development.json"
        assert main(["classify", str(bad_file), str(good), "--example", "nike_plus"]) == 1
        captured = capsys.readouterr()
        assert captured.err.count("\n") == 1
        assert captured.err.startswith(f"{bad_file}: contributions[0].source: unknown")
        assert f"==> {good} <==\nAcme in-house product: unclassified\n" in captured.out
        assert "\n\n==> example nike-plus <==\nNike+: co-creation\n" in captured.out

    def test_json_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With several inputs, --json prints one JSON object per line."""
        assert main(["classify", "--json", "--example", "nike-plus", "--example", "dell"]) == 2
        capsys.readouterr()
        assert (
            main(["classify", "--json", "--example", "nike-plus", "--example", "dell-ideastorm"])
            == 0
        )
        lines = capsys.readouterr().out.splitlines()
        assert [json.loads(line)["kind"] for line in lines] == [
            "co_creation",
            "customer_focused_innovation",
        ]

    @pytest.mark.parametrize("name", examples.names())
    def test_convert_round_trip(self, name: str, tmp_path: Path) -> None:
        """convert turns JSON into TOML and back, losing nothing."""
        toml = tmp_path / f"{name}.toml"
        back = tmp_path / f"{name}.json"
        assert main(["convert", str(ROOT / "examples" / f"{name}.json"), str(toml)]) == 0
        assert main(["convert", str(toml), str(back)]) == 0
        assert load(back) == examples.get(name)
        assert back.read_text(encoding="utf-8") == (
            (ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8")
        )

    def test_convert_errors(
        self, bad_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert returns 1 for an invalid input or an unwritable output, and writes nothing."""
        out = tmp_path / "out.json"
        assert main(["convert", str(bad_file), str(out)]) == 1
        assert "contributions[0].source: unknown stakeholder 'aple'" in capsys.readouterr().err
        good = ROOT / "examples" / "nike-plus.json"
        assert main(["convert", str(good), str(tmp_path / "out.yaml")]) == 1
        assert "cannot tell the format" in capsys.readouterr().err
        assert main(["convert", str(tmp_path / "missing.json"), str(out)]) == 1
        err = capsys.readouterr().err
        assert (
            err == f"{tmp_path / 'missing.json'}: cannot read the file: No such file or directory\n"
        )
        assert not out.exists()

    def test_fault_lines_stay_single(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A key with a newline in it still gives one line per fault."""
        path = tmp_path / "odd.json"
        document = examples.nike_plus().to_dict()
        document["bad\nkey"] = 1
        path.write_text(json.dumps(document), encoding="utf-8")
        assert main(["classify", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "str 'bad\\nkey': unknown field; allowed: format, version, name" in err
