"""The command line speaks the whole library: rules, standard input, profile, whatif, report."""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING

import pytest

import cocreate
from cocreate._cli import main
from cocreate.examples import my_starbucks_idea, nike_plus

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def nike_file(tmp_path: Path) -> Path:
    path = tmp_path / "nike.json"
    cocreate.dump(nike_plus(), path)
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


class TestRulesOptions:
    def test_threshold_changes_the_verdict(
        self, nike_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--threshold is the win threshold: at 100 nobody wins, so Nike+ is collaboration."""
        assert main(["classify", str(nike_file), "--threshold", "100"]) == 0
        assert capsys.readouterr().out.startswith("Nike+: collaboration")

    def test_voice_makes_data_a_voice_resource(
        self, nike_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--voice redraws the line between voice and substantive resources."""
        main(["classify", str(nike_file), "--voice", "ideas, input,feedback,data", "--json"])
        data = json.loads(capsys.readouterr().out)
        assert data["rules"]["voice_resources"] == ["data", "feedback", "ideas", "input"]
        co_creators = next(c for c in data["criteria"] if c["check"] == "co_creators")
        assert co_creators["stakeholders"] == ["apple"]

    def test_min_contributors(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--min-contributors raises the bar for collaboration."""
        assert main(["classify", "--example", "cross-team-project", "--min-contributors", "9"]) == 0
        assert capsys.readouterr().out.startswith("Acme product launch: unclassified")

    @pytest.mark.parametrize(
        ("option", "value", "message"),
        [
            ("--voice", "ideas,bogus", "argument --voice: 'bogus' is not a resource; use any of"),
            ("--voice", "ideas,idaes", "'idaes' is not a resource; did you mean 'ideas'?"),
            ("--voice", ",", "argument --voice: give at least one resource"),
            ("--min-contributors", "0", "--min-contributors: must be a whole number, at least 1"),
            ("--min-contributors", "x", "--min-contributors: must be a whole number, at least 1"),
            ("--min-contributors", "9" * 30, "--min-contributors: must be at most 1000000"),
            ("--threshold", "nan", "--threshold: must be a finite number, such as 0 or 2.5"),
            ("--threshold", "inf", "--threshold: must be a finite number"),
        ],
    )
    def test_bad_rules_are_usage_errors(
        self,
        nike_file: Path,
        option: str,
        value: str,
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A bad rules option is a usage error (exit 2) in the option's words, not Python's."""
        assert main(["classify", str(nike_file), option, value]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert message in err
        assert "9223372036854775807" not in err
        assert "_" not in err.splitlines()[-1].split(": error: ")[1].split("'")[0]


class TestSpread:
    def test_text_adds_robustness_and_stability(
        self, nike_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--spread adds how sure the verdict is, in sentences, before the ledger."""
        assert main(["classify", str(nike_file), "--spread", "0.2"]) == 0
        out = capsys.readouterr().out
        sure = cocreate.robustness(nike_plus(), spread=0.2)
        for sentence in sure.sentences:
            assert sentence in out
        assert "holds while every estimate is within" in out
        assert out.index("holds while") < out.index("stakeholder  role")

    def test_json_adds_robustness_and_stability(
        self, nike_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --json, the robustness and the stability are fields of the line."""
        main(["classify", str(nike_file), "--spread", "0.5", "--json"])
        data = json.loads(capsys.readouterr().out)
        assert data["stability"] == pytest.approx(cocreate.stability(nike_plus()))
        assert set(data["robustness"]["kinds"]) == {
            kind.value for kind in cocreate.robustness(nike_plus(), spread=0.5).kinds
        }

    @pytest.mark.parametrize("bad", ["-1", "inf", "x"])
    def test_bad_spread_is_a_usage_error(
        self, nike_file: Path, bad: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A spread that is not a finite number >= 0 is a usage error."""
        assert main(["classify", str(nike_file), f"--spread={bad}"]) == 2
        assert "finite number" in capsys.readouterr().err


class TestStandardInput:
    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_dash_reads_standard_input(
        self, fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """- reads the document from standard input, in the --format given."""
        _stdin(monkeypatch, cocreate.dumps(my_starbucks_idea(), fmt))
        assert main(["classify", "-", "--format", fmt]) == 0
        assert capsys.readouterr().out.startswith("My Starbucks Idea: customer-focused innovation")

    def test_standard_input_is_bounded(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Standard input longer than --max-bytes is refused with one line."""
        _stdin(monkeypatch, cocreate.dumps(nike_plus()))
        assert main(["classify", "-", "--max-bytes", "100"]) == 1
        err = capsys.readouterr().err
        assert "more than 100 bytes" in err
        assert len(err.strip().splitlines()) == 1

    def test_format_reads_a_file_without_suffix(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format names the format of a file whose name has no known suffix."""
        path = tmp_path / "nike"
        path.write_text(cocreate.dumps(nike_plus(), "toml"), encoding="utf-8")
        assert main(["classify", str(path), "--format", "toml"]) == 0
        assert capsys.readouterr().out.startswith("Nike+: co-creation")

    def test_a_directory_says_so(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory given as FILE, with no suffix, is reported as a directory."""
        assert main(["classify", str(tmp_path)]) == 1
        assert "it is a directory" in capsys.readouterr().err


class TestProfileWhatifReport:
    def test_profile(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """profile prints the comparison table's rows, as the library's profile says them."""
        assert main(["profile", str(nike_file)]) == 0
        assert capsys.readouterr().out.strip() == str(cocreate.profile(nike_plus()))

    def test_profile_json(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """profile --json prints the profile's plain data."""
        main(["profile", str(nike_file), "--json"])
        assert json.loads(capsys.readouterr().out) == cocreate.profile(nike_plus()).to_dict()

    def test_whatif(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """whatif prints what each external contributor's leaving would do to the verdict."""
        assert main(["whatif", str(nike_file)]) == 0
        out = capsys.readouterr().out
        for defection in cocreate.defections(nike_plus()):
            for sentence in defection.sentences:
                assert sentence in out

    def test_whatif_json(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """whatif --json lists one defection per external contributor, by id."""
        main(["whatif", str(nike_file), "--json"])
        data = json.loads(capsys.readouterr().out)
        assert [d["stakeholder"] for d in data] == ["apple", "runners"]

    def test_fair(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """fair prints the fair split's sentences."""
        assert main(["fair", str(nike_file)]) == 0
        assert capsys.readouterr().out.strip() == str(cocreate.fair_split(nike_plus()))

    def test_fair_json(self, nike_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """fair --json prints the fair split's plain data."""
        assert main(["fair", str(nike_file), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == cocreate.fair_split(nike_plus()).to_dict()

    def test_fair_takes_no_rules(self, nike_file: Path) -> None:
        """The fair split does not depend on the rules: --threshold is a usage error."""
        assert main(["fair", str(nike_file), "--threshold", "1"]) == 2

    def test_whatif_with_nobody_outside(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An initiative with no external contributor says so."""
        path = tmp_path / "solo.json"
        cocreate.dump(cocreate.examples.solo_development(), path)
        assert main(["whatif", str(path)]) == 0
        assert (
            "no stakeholder outside the focal organization contributes" in capsys.readouterr().out
        )

    def test_report(self, nike_file: Path, tmp_path: Path) -> None:
        """report -o writes the same page as cocreate.report."""
        out = tmp_path / "nike.html"
        assert main(["report", str(nike_file), "-o", str(out)]) == 0
        expected = tmp_path / "expected.html"
        cocreate.report(nike_plus(), expected)
        assert out.read_bytes() == expected.read_bytes()
        assert "co-creation" in out.read_text(encoding="utf-8")

    def test_report_needs_an_output(self, nike_file: Path) -> None:
        """report without -o is a usage error."""
        assert main(["report", str(nike_file)]) == 2

    def test_unknown_stakeholder_offers_the_closest(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A mistyped id in a file is answered with the closest ids, on one line."""
        data = nike_plus().to_dict()
        data["contributions"][0]["source"] = "aple"
        path = tmp_path / "typo.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert main(["profile", str(path)]) == 1
        assert "did you mean 'apple'?" in capsys.readouterr().err
