"""The JSON Logic evaluator against the public conformance suites (json-logic/compat-tables).

The suites are read in place from ../shared/conformance/jsonlogic/ beside the project.
Each case runs through both `apply` and `compile_logic`; test ids are
`<suite file>:<n>`, n counting the cases of that file from 0 (section headings skipped).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from site_builder.engine.jsonlogic import JsonLogicError, apply, compile_logic

SUITE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "jsonlogic"
EXPECTED_CASES = 1138


def _load_cases() -> list[Any]:
    if not (SUITE_DIR / "index.json").is_file():
        return []
    cases = []
    for name in json.loads((SUITE_DIR / "index.json").read_text(encoding="utf-8")):
        if not (SUITE_DIR / name).is_file():
            continue  # its cases are then missing from the count below
        entries = json.loads((SUITE_DIR / name).read_text(encoding="utf-8"))
        tests = [entry for entry in entries if not isinstance(entry, str)]
        cases += [pytest.param(case, id=f"{name}:{n}") for n, case in enumerate(tests)]
    return cases


CASES = _load_cases()


def _require_suites() -> None:
    if CASES:
        return
    reason = (
        f"JSON Logic conformance suites not found at {SUITE_DIR}; "
        "they ship beside the project in ../shared"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def same(expected: Any, actual: Any, decimal: bool = False) -> bool:
    """JSON equality where true is never 1, and 3 equals 3.0 (or compares as decimals)."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if decimal:
            return Decimal(str(expected)).normalize() == Decimal(str(actual)).normalize()
        return expected == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[key], actual[key]) for key in expected
        )
    return type(expected) is type(actual) and expected == actual


def _check(case: dict[str, Any], evaluate: Any) -> None:
    data = case.get("data")
    if "error" in case:
        with pytest.raises(JsonLogicError) as caught:
            evaluate(case["rule"], data)
        assert same(case["error"]["type"], caught.value.type), caught.value.type
        return
    actual = evaluate(case["rule"], data)
    assert same(case["result"], actual, bool(case.get("decimal"))), actual


@pytest.mark.parametrize("case", CASES or [pytest.param(None, id="suites-missing")])
def test_case(case: dict[str, Any] | None) -> None:
    _require_suites()
    assert case is not None
    _check(case, apply)
    _check(case, lambda rule, data: compile_logic(rule)(data))


def test_every_case_was_collected() -> None:
    _require_suites()
    assert len(CASES) == EXPECTED_CASES


def test_same_is_strict_about_booleans() -> None:
    assert same(3, 3.0)
    assert not same(1, True)
    assert not same([0], [False])
    assert same(0.5, 0.5, decimal=True)
