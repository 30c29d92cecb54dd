"""The parse ends at extraction: no module outside nlp/ and extract/ imports spaCy, calls
`char_span` or takes a spaCy `Doc`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rashomon"
# where the parse may live
PARSE_LAYERS = frozenset({"nlp", "extract"})
# where the engines hand a parse to the extractors
ENGINES = frozenset({"analyze.py", "engine"})
PARSE_PACKAGES = frozenset({"spacy", "thinc"})
DOC_NAMES = frozenset({"doc", "docs", "sent", "token", "tokens", "span_doc"})


def _downstream_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        top = path.relative_to(PACKAGE).parts[0]
        if top in PARSE_LAYERS or top in ENGINES:
            continue
        found.append(path)
    return found


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("path", _downstream_modules(), ids=_name)
def test_no_parse_downstream_of_extraction(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
            problems += [f"imports {r}" for r in roots & PARSE_PACKAGES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in PARSE_PACKAGES:
                problems.append(f"imports {node.module}")
        elif isinstance(node, ast.Attribute) and node.attr == "char_span":
            problems.append(f"calls char_span (line {node.lineno})")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            named = {a.arg for a in arguments} & DOC_NAMES
            problems += [f"{node.name}() takes {n!r} (line {node.lineno})" for n in named]
    assert not problems, f"{_name(path)}: {problems}"


def test_the_layer_check_sees_the_downstream_stages() -> None:
    names = {_name(p) for p in _downstream_modules()}
    assert {"link/entities.py", "compare/labels.py", "summarize/summary.py"} <= names
