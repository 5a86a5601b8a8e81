"""The folders are the layers (DESIGN.md, "The house"): a module imports from its own layer or
from layers below it, never from one above; type-only imports (under TYPE_CHECKING) aside."""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

# Lowest first.  The package's __init__ (the Python API) and __main__ stand above them all.
LAYERS = ("base", "document", "text", "tables", "entities", "stages", "runner", "surfaces")
ROOT = Path(pipeline.__file__).parent


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _runtime_imports(tree: ast.Module):
    """Every import statement outside ``if TYPE_CHECKING:`` blocks, lazy ones included."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("pipeline."))


def test_every_module_lives_in_a_layer():
    loose = {p.name for p in ROOT.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert loose == set()
    assert {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(LAYERS)


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        own = _layer(module)
        if own is None:
            continue  # the API and __main__ may import anything
        for target in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            other = _layer(target)
            if other is not None and LAYERS.index(other) > LAYERS.index(own):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_module_is_over_700_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in ROOT.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 700
    }
    assert long == {}
