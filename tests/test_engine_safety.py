"""The rules engines are safe by construction: neither runs code built from kit text.

Rules are data: both evaluators compile JSON Logic into closures and never hand a string
to Python's `eval`, `exec` or `compile`, or to JavaScript's `eval` or `Function`. This test
keeps it so: it fails as soon as one of those calls appears in an engine's source (the
Python engine: site_builder/engine/; the browser's: jsonlogic*.js and engine.js).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON_SOURCES = sorted((ROOT / "site_builder" / "engine").rglob("*.py"))
ASSETS = ROOT / "site_builder" / "render" / "assets"
JS_SOURCES = [*sorted(ASSETS.glob("jsonlogic*.js")), ASSETS / "engine.js"]
# A call of the builtin by name (not `re.compile(`, not `compile_logic(`).
PYTHON_CALLS = re.compile(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(")
JS_CALLS = re.compile(r"(?<![\w.$])eval\s*\(|(?<![\w.$])Function\s*\(")
PYTHON_BUILTINS = frozenset(("eval", "exec", "compile", "__import__"))


def test_sources_are_there() -> None:
    assert len(PYTHON_SOURCES) >= 8 and len(JS_SOURCES) >= 5
    assert all(path.is_file() for path in JS_SOURCES)


@pytest.mark.parametrize("path", PYTHON_SOURCES, ids=lambda p: p.name)
def test_python_engine_runs_no_code_from_text(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in PYTHON_CALLS.finditer(source)]
    assert not found, f"{path.name} calls {found}"
    # The same on the syntax tree, which also catches `builtins.eval(...)`.
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name) and func.value.id == "builtins" else None)
            assert name not in PYTHON_BUILTINS, f"{path.name}:{node.lineno} calls {name}"


@pytest.mark.parametrize("path", JS_SOURCES, ids=lambda p: p.name)
def test_js_engine_runs_no_code_from_text(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in JS_CALLS.finditer(source)]
    assert not found, f"{path.name} calls {found}"


def test_the_patterns_catch_what_they_must() -> None:
    assert PYTHON_CALLS.search("value = eval(text)")
    assert PYTHON_CALLS.search("exec (code)")
    assert PYTHON_CALLS.search("compile(source, 'x', 'eval')")
    assert not PYTHON_CALLS.search("re.compile(r'x') and compile_logic(rule)")
    assert JS_CALLS.search("var f = new Function('a', body);")
    assert JS_CALLS.search("eval(code)")
    assert not JS_CALLS.search("evaluator.evaluate(answers); compileFunction(x)")
