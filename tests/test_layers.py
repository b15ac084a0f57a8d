"""The layout: subpackages name the layers, and imports flow one way, with no circle."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx
import pytest

import cocreate

SRC = Path(cocreate.__file__).resolve().parent

#: The layers from the bottom up; a module may import only from its own layer
#: or the ones below it. The public modules and the package itself sit on top.
LAYERS = (
    ("cocreate.exceptions", "cocreate._version"),
    ("cocreate._model",),
    ("cocreate._rules",),
    ("cocreate._judgment",),
    ("cocreate._words",),
    ("cocreate._formats",),
    ("cocreate._views",),
    ("cocreate.examples", "cocreate.strategies", "cocreate._batch"),
    (
        "cocreate._cli",
        "cocreate._cli_table",
        "cocreate.__main__",
        "cocreate._hypothesis_plugin",
        "cocreate",
    ),
)


def module_name(path: Path) -> str:
    """The dotted name of a source file of the package."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(name: str) -> int:
    """The layer of a module: the longest matching prefix in :data:`LAYERS`."""
    best = (-1, -1)
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), level)
    assert best[1] >= 0, f"{name} is in no layer"
    return best[1]


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(name: str, tree: ast.AST, *, package: bool, modules: frozenset[str]) -> set[str]:
    """The package's modules that ``tree`` imports, inside functions too, not for type checking."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name.split(".") if package else name.split(".")[:-1]
                    base = base[: len(base) - child.level + 1]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in child.names)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(tree)
    return {m for m in found if m in modules and m != name}


@functools.cache
def graph() -> nx.DiGraph[str]:
    """Every import between the package's modules, as an edge from importer to imported."""
    paths = {module_name(p): p for p in SRC.rglob("*.py")}
    modules = frozenset(paths)
    edges: nx.DiGraph[str] = nx.DiGraph()
    edges.add_nodes_from(modules)
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = path.name == "__init__.py"
        for target in imported(name, tree, package=package, modules=modules):
            edges.add_edge(name, target)
    return edges


class TestImportGraph:
    """The import graph of ``src/cocreate``, counting imports inside functions."""

    def test_the_graph_is_read(self) -> None:
        """The graph sees imports made inside functions and leaves out type checking."""
        tree = ast.parse(
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from cocreate._views import html\n"
            "def f():\n    from cocreate._rules import facts\n"
        )
        modules = frozenset({"cocreate._views.html", "cocreate._rules.facts", "cocreate._x"})
        found = imported("cocreate._x", tree, package=False, modules=modules)
        assert found == {"cocreate._rules.facts"}
        assert graph().has_edge("cocreate", "cocreate._model.types")

    def test_no_import_circle(self) -> None:
        """No module imports, even inside a function, one that imports it back."""
        circles = [sorted(c) for c in nx.strongly_connected_components(graph()) if len(c) > 1]
        assert circles == []

    def test_lower_layers_never_import_upper_ones(self) -> None:
        """Each import goes to the importer's own layer or one below it."""
        upward = [(a, b) for a, b in graph().edges if layer(b) > layer(a)]
        assert upward == []

    @pytest.mark.parametrize(
        "package", ["_model", "_rules", "_judgment", "_words", "_views", "_formats"]
    )
    def test_every_layer_is_a_subpackage(self, package: str) -> None:
        """The tree draws the architecture: one folder per layer, no flat private modules."""
        assert (SRC / package / "__init__.py").is_file()
        flat = sorted(p.name for p in SRC.glob("_*.py") if p.name != "__init__.py")
        assert flat == [
            "__main__.py",
            "_batch.py",
            "_cli.py",
            "_cli_table.py",
            "_hypothesis_plugin.py",
            "_version.py",
        ]
