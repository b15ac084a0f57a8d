"""The built-in examples: each is valid, documented, and classifies as SPEC.md says."""

from __future__ import annotations

import pytest

from cocreate import CocreateError, Initiative, Kind, classify, examples, is_win_win_win


class TestExamples:
    @pytest.mark.parametrize("name", examples.names())
    def test_each_is_a_fresh_equal_initiative(self, name: str) -> None:
        """Every call builds a new initiative equal to the last one."""
        first, second = examples.get(name), examples.get(name)
        assert isinstance(first, Initiative)
        assert first == second
        assert first is not second

    @pytest.mark.parametrize("name", examples.names())
    def test_each_cites_its_facts(self, name: str) -> None:
        """Every example function has a docstring that says what it rests on."""
        function = getattr(examples, name.replace("-", "_"))
        assert function.__doc__
        assert "Examples" in function.__doc__

    def test_every_kind_has_an_example(self) -> None:
        """The examples cover all four kinds."""
        kinds = {classify(examples.get(name)).kind for name in examples.names()}
        assert kinds == set(Kind)

    def test_nike_plus_is_a_win_win_win_of_three_parties(self) -> None:
        """Nike, Apple and the runners all win."""
        nike = examples.nike_plus()
        assert is_win_win_win(nike)
        assert {s.id for s in nike.stakeholders} == {"nike", "apple", "runners"}

    def test_get_accepts_underscores_and_case(self) -> None:
        """get() accepts nike_plus and NIKE-PLUS as well as nike-plus."""
        assert examples.get("NIKE_plus") == examples.nike_plus()

    def test_get_unknown(self) -> None:
        """An unknown name is a CocreateError that lists the known names."""
        with pytest.raises(CocreateError, match="no example named 'adidas'; examples: nike-plus"):
            examples.get("adidas")
        with pytest.raises(CocreateError):
            examples.get(3)  # type: ignore[arg-type]
