"""The import graph of src/rashomon, read with `ast`: arrows point down the house.

No module imports the package root (`rashomon`, whose `__init__` imports the orchestrator);
no two modules import each other, directly or round a cycle, counting imports inside functions
(those that only type checkers run, under `if TYPE_CHECKING:`, are left out); and `words/`, the
word lists under every stage, imports nothing of the package but the data model and itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rashomon"
ROOT = "rashomon"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at any depth, but those under `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _imports(name: str) -> set[str]:
    """The modules of the package that module `name` imports ("rashomon" for the root)."""
    path = _modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == ROOT)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([base] if base else [])])
        if base.split(".")[0] != ROOT:
            continue
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            found.add(submodule if submodule in _modules() else base)
    found.discard(name)
    return found


def test_the_graph_sees_every_module() -> None:
    names = _modules()
    assert {"rashomon", "rashomon.model", "rashomon.words", "rashomon.extract.quotes"} <= set(names)
    assert "rashomon.model" in _imports("rashomon.extract.quotes")


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_imports_the_package_root(name: str) -> None:
    if name == ROOT:
        return
    assert ROOT not in _imports(name), f"{name} imports the package root; import a submodule"


def test_no_import_cycle() -> None:
    graph = {name: _imports(name) & set(_modules()) for name in _modules()}
    cycles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_words_import_only_the_model_and_themselves() -> None:
    allowed = ("rashomon.model", "rashomon.words")
    for name in _modules():
        if name == "rashomon.words" or name.startswith("rashomon.words."):
            outside = {
                other
                for other in _imports(name)
                if not any(other == a or other.startswith(a + ".") for a in allowed)
            }
            assert not outside, f"{name} imports {sorted(outside)}"


def test_ray_is_imported_only_by_the_ray_engine_and_only_when_it_runs() -> None:
    """Ray is an extra: `import rashomon` and every other engine work without it."""
    found = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text("utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in _import_nodes(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if not node.level
                else []
            )
            if any(n == "ray" or n.startswith("ray.") for n in names):
                found.append((name, id(node) in top_level))
    assert found, "the Ray engine imports ray"
    assert {name for name, _ in found} == {"rashomon.engine.ray"}
    assert not any(at_top for _, at_top in found), "rashomon.engine.ray imports ray at the top"
