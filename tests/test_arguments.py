"""Every public function that takes an initiative first refuses anything else alike."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import cocreate
from cocreate.examples import nike_plus
from cocreate.exceptions import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Callable

#: The positional arguments after the initiative that each function needs to be called at all.
_AFTER: dict[str, tuple[Any, ...]] = {
    "net_value": ("nike",),
    "wins": ("nike",),
    "dump": (Path("never-written.json"),),
    "report": (Path("never-written.html"),),
    "write_csv": (Path("never-written"),),
    "write_excel": (Path("never-written.xlsx"),),
    "compare": (nike_plus(),),
    "sweep": ("apple",),
}


def _first_is_an_initiative(function: Callable[..., Any]) -> bool:
    parameters = list(inspect.signature(function).parameters.values())
    return bool(parameters) and parameters[0].name in {"initiative", "before"}


TAKING = sorted(
    name
    for name in cocreate.__all__
    if inspect.isfunction(getattr(cocreate, name))
    and _first_is_an_initiative(getattr(cocreate, name))
)


def test_the_functions_are_found() -> None:
    """The scan finds the functions of every layer: rules, judgment, formats and views."""
    assert {"classify", "balance", "compare", "dump", "plot", "to_mermaid", "write_csv"} <= set(
        TAKING
    )


@pytest.mark.parametrize("name", TAKING)
@pytest.mark.parametrize("given", ["nike_plus", 42, None, ["a list"]])
def test_a_non_initiative_raises_one_argument_error(name: str, given: object) -> None:
    """Anything but an initiative: ArgumentError, "<function> needs an Initiative, got <type>"."""
    function = getattr(cocreate, name)
    got = "None" if given is None else type(given).__name__
    expected = re.escape(f"{name} needs an Initiative, got {got}")
    with pytest.raises(ArgumentError, match=f"^{expected}$"):
        function(given, *_AFTER.get(name, ()))


def test_compare_checks_its_second_initiative_too() -> None:
    """compare refuses a non-initiative in either place, with the same message."""
    with pytest.raises(ArgumentError, match=r"^compare needs an Initiative, got str$"):
        cocreate.compare(nike_plus(), "after")  # type: ignore[arg-type]
