"""Unit tests of the JSON Logic evaluator beyond the conformance suites: the load-time
helpers (`unknown_operators`, `variable_paths`), compiled reuse, the error types, the
fast paths, and the JS value semantics underneath."""

from __future__ import annotations

import contextlib
import json
import math
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder.engine.jsonlogic import (
    OPERATORS,
    JsonLogicError,
    JsonValue,
    apply,
    compile_logic,
    unknown_operators,
    variable_paths,
)
from site_builder.engine.jsonlogic.ops import js_str, to_number, truthy

# --- unknown_operators ---------------------------------------------------------------


def test_operators_cover_the_suites_operators() -> None:
    expected = {"==", "===", "!=", "!==", "<", "<=", ">", ">=", "!", "!!", "and", "or"}
    expected |= {"if", "?:", "in", "cat", "substr", "+", "-", "*", "/", "%", "min", "max"}
    expected |= {"merge", "var", "val", "missing", "missing_some", "map", "filter", "reduce"}
    expected |= {"all", "some", "none", "??", "exists", "try", "throw", "preserve"}
    assert expected == OPERATORS


def test_unknown_operators_in_order_without_duplicates() -> None:
    logic: JsonValue = {"and": [{"bogus": [{"var": "a"}]}, {"==": [{"nope": 1}, {"bogus": 2}]}]}
    assert unknown_operators(logic) == ["bogus", "nope"]


def test_unknown_operators_skips_data() -> None:
    assert unknown_operators({"preserve": {"bogus": 1}}) == []
    assert unknown_operators({"==": [{"a": 1, "b": 2}, {}]}) == []  # not one key: data
    assert unknown_operators([1, "x", None, {"var": "a"}]) == []


# --- variable_paths ------------------------------------------------------------------


def test_variable_paths_of_var() -> None:
    logic: JsonValue = {
        "and": [{"var": "a.b"}, {"var": ["c", {"var": "d"}]}, {"var": 1}, {"var": ""}]
    }
    assert variable_paths(logic) == ["a.b", "c", "d", "1", ""]


def test_variable_paths_of_val_exists_and_missing() -> None:
    logic: JsonValue = {
        "or": [
            {"val": ["a", "b"]},
            {"val": "x.y"},
            {"val": []},
            {"exists": ["e"]},
            {"missing": ["m1", "m2.n"]},
            {"missing_some": [1, ["s1", "s2"]]},
        ]
    }
    assert variable_paths(logic) == ["a.b", "x.y", "", "e", "m1", "m2.n", "s1", "s2"]


def test_variable_paths_skip_computed_paths_but_search_them() -> None:
    logic: JsonValue = {"var": {"cat": [{"var": "prefix"}, "_score"]}}
    assert variable_paths(logic) == ["prefix"]
    assert variable_paths({"val": ["a", {"var": "i"}]}) == ["i"]


def test_variable_paths_inside_iterations_read_the_item() -> None:
    logic: JsonValue = {
        "map": [
            {"var": "items"},
            {"+": [{"var": "qty"}, {"val": [[2], "bonus"]}, {"val": [[1], "index"]}]},
        ]
    }
    assert variable_paths(logic) == ["items", "bonus"]


def test_variable_paths_in_order_without_duplicates() -> None:
    logic: JsonValue = {"and": [{"var": "b"}, {"var": "a"}, {"val": "b"}, {"var": ["a", 1]}]}
    assert variable_paths(logic) == ["b", "a"]


def test_variable_paths_of_try_fallbacks_read_the_error() -> None:
    logic: JsonValue = {"try": [{"var": "x"}, {"val": "type"}, {"val": [[2], "fallback"]}]}
    assert variable_paths(logic) == ["x", "fallback"]


# --- compile_logic and apply ---------------------------------------------------------

BRIEF_RULE: JsonValue = {"and": [{"==": [{"var": "a"}, "no"]}, {">=": [{"var": "s"}, 2]}]}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": "no", "s": 2}, True),
        ({"a": "no", "s": 1}, False),
        ({"a": "yes", "s": 5}, False),
        ({"a": "no", "s": "3"}, True),
        ({"a": "maybe", "s": 3}, False),
    ],
)
def test_compiled_rule_is_reusable(data: dict[str, JsonValue], expected: bool) -> None:
    compiled = compile_logic(BRIEF_RULE)
    assert compiled(data) is expected
    assert compiled(data) is apply(BRIEF_RULE, data)


def test_loose_equality_of_null_and_a_word_is_nan() -> None:
    """As the suites have it: unless both sides are strings, `==` compares numbers, and
    null is 0 but "no" is not a number. Rules on unanswered questions use `===`."""
    with pytest.raises(JsonLogicError) as caught:
        compile_logic(BRIEF_RULE)({"a": None, "s": 3})
    assert caught.value.type == "NaN"
    assert apply({"===": [{"var": "a"}, "no"]}, {"a": None}) is False


def test_plain_var_comparison_on_non_object_data() -> None:
    rule: JsonValue = {"===": [{"var": "1"}, "b"]}
    assert apply(rule, ["a", "b"]) is True
    assert apply(rule, None) is False
    assert apply({"<": [{"var": "x"}, 5]}, {"x": "3"}) is True
    assert apply({"!==": [{"var": "x"}, None]}, {"x": 0}) is True
    assert apply({"===": [{"val": "a.b"}, 1]}, {"a.b": 1}) is True


def test_booleans_are_not_numbers_in_strict_comparison() -> None:
    assert apply({"===": [1, True]}) is False
    assert apply({"===": [{"var": "x"}, 1]}, {"x": True}) is False
    assert apply({"==": [1, True]}) is True
    assert apply({"in": [1, [True, 2]]}) is False
    assert apply({"in": [{"var": "x"}, ["1", "2"]]}, {"x": 1}) is False


def test_whole_number_division_gives_an_int() -> None:
    assert type(apply({"/": [4, 2]})) is int
    assert apply({"/": [3, 2]}) == 1.5
    assert apply({"%": [-7, 2]}) == -1


def test_results_do_not_share_lists_with_the_rule() -> None:
    rule: JsonValue = {"if": [True, [1, [2]], 0]}
    compiled = compile_logic(rule)
    first = compiled(None)
    assert isinstance(first, list)
    inner = first[1]
    assert isinstance(inner, list)
    inner.append(3)
    assert compiled(None) == [1, [2]]
    assert rule == {"if": [True, [1, [2]], 0]}


def test_var_default_only_for_a_missing_value() -> None:
    assert apply({"var": ["a", "d"]}, {"a": None}) is None
    assert apply({"var": ["a.b", "d"]}, {"a": None}) == "d"
    assert apply({"var": ["a", {"var": "b"}]}, {"b": 7}) == 7


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "error_type"),
    [
        ({"+": ["x", 1]}, "NaN"),
        ({"/": [1, 0]}, "NaN"),
        ({"<": [1]}, "Invalid Arguments"),
        ({"map": 5}, "Invalid Arguments"),
        ({"throw": "Custom"}, "Custom"),
        ({"throw": {"preserve": {"type": "T", "detail": 1}}}, "T"),
        ({"bogus": [1]}, "Unknown Operator"),
    ],
)
def test_error_types(rule: JsonValue, error_type: str) -> None:
    with pytest.raises(JsonLogicError) as caught:
        apply(rule)
    assert caught.value.type == error_type


def test_rule_errors_are_raised_only_when_reached() -> None:
    compiled = compile_logic({"if": [{"var": "x"}, {"bogus": 1}, {"-": []}]})
    with pytest.raises(JsonLogicError):
        compiled({"x": False})
    with pytest.raises(JsonLogicError, match="bogus"):
        compiled({"x": True})
    assert apply({"try": [{"bogus": 1}, "caught"]}) == "caught"


def test_try_fallback_sees_the_thrown_object() -> None:
    rule: JsonValue = {
        "try": [{"throw": {"preserve": {"type": "E", "detail": 42}}}, {"val": "detail"}]
    }
    assert apply(rule) == 42


# --- value semantics -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 0), (True, 1), ("", 0), (" 12 ", 12), ("1e2", 100), ("0x10", 16), (".5", 0.5)],
)
def test_to_number(value: JsonValue, expected: float) -> None:
    assert to_number(value) == expected


@pytest.mark.parametrize("value", ["abc", "1_000", "nan", [1], {}, float("nan")])
def test_to_number_refuses(value: JsonValue) -> None:
    with pytest.raises(JsonLogicError) as caught:
        to_number(value)
    assert caught.value.type == "NaN"


def test_to_number_infinity() -> None:
    assert to_number("-Infinity") == -math.inf


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (False, "false"),
        (2.0, "2"),
        (1.5, "1.5"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        ([1, None, "a"], "1,,a"),
        ({}, "[object Object]"),
    ],
)
def test_js_str(value: JsonValue, expected: str) -> None:
    assert js_str(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(0, False), (0.0, False), ("", False), ([], False), (None, False)],
        *[(float("nan"), False), ("0", True), ({}, True), ([0], True), (-1, True)],
    ],
)
def test_truthy(value: JsonValue, expected: bool) -> None:
    assert truthy(value) is expected


# --- fast paths agree with the general ones ------------------------------------------

VALUES: list[JsonValue] = [None, True, False, 0, 1, 1.0, 2.5, "1", "a", "b", "", [], [1], {}]
LITERALS: list[JsonValue] = [None, True, False, 0, 1, 1.5, "1", "a", ""]
COMPARISONS = ["==", "!=", "===", "!==", "<", "<=", ">", ">="]


def outcome(rule: JsonValue, data: JsonValue) -> tuple[str, JsonValue]:
    """The result, or the error type, tagged so that true and 1 stay apart."""
    try:
        value = compile_logic(rule)(data)
    except JsonLogicError as error:
        return ("error", error.type)
    return (type(value).__name__, value)


@pytest.mark.parametrize("op", COMPARISONS)
def test_comparison_fast_paths_agree(op: str) -> None:
    for literal in LITERALS:
        fast: JsonValue = {op: [{"var": "x"}, literal]}
        whole: JsonValue = {op: [{"var": ""}, literal]}
        general: JsonValue = {op: [{"??": [{"var": "x"}]}, {"preserve": literal}]}
        for value in VALUES:
            expected = outcome(general, {"x": value})
            assert outcome(fast, {"x": value}) == expected, (fast, value)
            assert outcome(whole, value) == expected, (whole, value)


def test_if_fast_paths_agree() -> None:
    def cases(var: JsonValue, last: JsonValue) -> list[JsonValue]:
        return [{"===": [var, "a"]}, 1, {"===": [var, "b"]}, 2, {"===": [var, "a"]}, 3, last]

    switch: JsonValue = {"if": cases({"var": "x"}, 0)}
    literal: JsonValue = {"if": cases({"??": [{"var": "x"}]}, 0)}
    general: JsonValue = {"if": cases({"??": [{"var": "x"}]}, {"preserve": 0})}
    for value in [*VALUES, "c"]:
        expected = outcome(general, {"x": value})
        assert outcome(switch, {"x": value}) == expected, value
        assert outcome(literal, {"x": value}) == expected, value
    assert outcome({"if": [{"var": "x"}, 1]}, {"x": False}) == ("NoneType", None)


def test_in_fast_path_agrees() -> None:
    fast: JsonValue = {"in": [{"var": "x"}, ["a", "1"]]}
    general: JsonValue = {"in": [{"var": "x"}, {"preserve": ["a", "1"]}]}
    for value in VALUES:
        assert outcome(fast, {"x": value}) == outcome(general, {"x": value}), value
    assert apply(fast, ["a"]) is False  # a list has no key "x"


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "%"])
def test_arithmetic_fast_paths_agree(op: str) -> None:
    """Two arguments take a fast path; the variadic fold is the general one. (As in JS,
    they may differ in the sign of a zero: -0 + -0 is -0, but 0 + -0 + -0 is 0.)"""

    def seen(rule: JsonValue, data: JsonValue) -> str:
        kind, value = outcome(rule, data)
        if kind == "float" and isinstance(value, float):
            value += 0.0  # NaN is NaN, -0 is 0
        return repr((kind, value))

    values = [*VALUES, -0.0, 2**26, 2**26 + 1, 2**53 + 1, 1e300, 10**400, "Infinity", " 3 "]
    for a in values:
        for b in values:
            expected = seen({op: {"preserve": [a, b]}}, None)
            assert seen({op: [{"var": "a"}, {"var": "b"}]}, {"a": a, "b": b}) == expected, (a, b)


def test_iterations_with_and_without_scopes() -> None:
    data: JsonValue = {"xs": [3, 1, 2], "limit": 2}
    assert apply({"filter": [{"var": "xs"}, {">=": [{"var": ""}, 2]}]}, data) == [3, 2]
    scoped: JsonValue = {"filter": [{"var": "xs"}, {">=": [{"val": []}, {"val": [[2], "limit"]}]}]}
    assert apply(scoped, data) == [3, 2]
    indexed: JsonValue = {"map": [{"var": "xs"}, {"*": [{"val": []}, {"val": [[1], "index"]}]}]}
    assert apply(indexed, data) == [0, 1, 4]
    assert apply({"all": [{"var": "xs"}, {"val": [[2], "limit"]}]}, data) is True
    assert apply({"some": [{"var": "xs"}, {">": [{"var": ""}, 5]}]}, data) is False
    assert apply({"reduce": [{"var": "xs"}, {"+": [{"var": "current"}, 1]}]}, data) == 3


# --- JS number semantics: parity with the browser's evaluator ------------------------
#
# The Python evaluator must give what site_builder/render/assets/jsonlogic.js gives, whose
# numbers are IEEE doubles. Each case below was a place where they differed.

ROOT = Path(__file__).resolve().parents[1]
BIG = 2**53  # beyond it, a double no longer holds every integer


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"substr": ["abcdef", "Infinity"]}, ""),
        ({"substr": ["abcdef", "-Infinity"]}, "abcdef"),
        ({"substr": ["abcdef", 1, "Infinity"]}, "bcdef"),
        ({"substr": ["abcdef", 1, "-Infinity"]}, ""),
        ({"substr": ["abcdef", "-Infinity", " Infinity "]}, "abcdef"),
        ({"substr": ["abcdef", -1e300, 1e300]}, "abcdef"),
    ],
)
def test_substr_with_infinite_start_or_length(rule: JsonValue, expected: str) -> None:
    assert apply(rule) == expected


def test_scope_level_of_infinity_climbs_to_the_top() -> None:
    data: dict[str, JsonValue] = {"a": 1, "items": [10]}
    assert apply({"val": [["Infinity"], "a"]}, data) == 1
    assert apply({"exists": [["-Infinity"], "a"]}, data) is True
    assert apply({"map": [{"var": "items"}, {"val": [["Infinity"], "a"]}]}, data) == [1]
    assert apply({"val": [[{"var": "b"}], "a"]}, {**data, "b": "-1e400"}) == 1
    climbing: JsonValue = {"map": [{"var": "items"}, {"val": [["Infinity"], "a"]}]}
    assert variable_paths(climbing) == ["items", "a"]


def is_nan(value: JsonValue) -> bool:
    return isinstance(value, float) and math.isnan(value)


def test_modulo_of_an_infinite_dividend_is_nan() -> None:
    assert is_nan(apply({"%": ["Infinity", 3]}))
    assert is_nan(apply({"%": [{"var": "x"}, 2]}, {"x": "-Infinity"}))
    assert is_nan(apply({"%": ["Infinity", 3, 2]}))
    assert apply({"%": [5, "Infinity"]}) == 5
    with pytest.raises(JsonLogicError) as caught:  # NaN as an operand is still an error
        apply({"%": [{"%": ["Infinity", 3]}, 2, 1]})
    assert caught.value.type == "NaN"


def test_a_bad_scope_level_fails_only_when_reached() -> None:
    """The docstring's promise: problems in the rule are reported when that part of it is
    evaluated, so compiling never fails."""
    for op in ("val", "exists"):
        compiled = compile_logic({"if": [{"var": "go"}, {op: [["x"], "a"]}, "skipped"]})
        assert compiled({"go": False}) == "skipped"
        with pytest.raises(JsonLogicError) as caught:
            compiled({"go": True, "a": 1})
        assert caught.value.type == "NaN"
    assert apply({"try": [{"val": [[[]], "a"]}, "caught"]}) == "caught"


def test_compiling_long_digit_keys() -> None:
    """A key of thousands of digits is only a key (int() of it would refuse)."""
    key = "9" * 5000
    assert apply({"val": key}, {key: 1}) == 1
    assert apply({"var": key}, [1, 2]) is None
    assert apply({"var": "1" * 20}, [1, 2]) is None


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        ({"==": ["9007199254740993", 9007199254740992]}, None, True),
        ({"===": [9007199254740993, 9007199254740992]}, None, True),  # literals, as JS reads them
        ({"===": [{"var": "x"}, BIG]}, {"x": BIG + 1}, True),  # data too
        ({"<": [{"var": "x"}, BIG]}, {"x": BIG + 1}, False),
        ({"in": [BIG + 1, [BIG]]}, None, True),
        ({"+": [BIG, 1]}, None, BIG),
        ({"+": [BIG, 1, 1]}, None, BIG),
        ({"-": [{"+": [BIG, 1]}, BIG]}, None, 0),
        ({"+": [{"var": "x"}, -BIG]}, {"x": BIG + 1}, 0),
        ({"*": [BIG + 1, 3]}, None, 27021597764222976),
        ({"/": [1, BIG + 1]}, None, 1 / BIG),
        ({"%": [BIG + 1, 2]}, None, 0),
        ({"+": ["0x20000000000003", 0]}, None, BIG + 4),
        ({"*": [{"var": "x"}, 0.5]}, {"x": 10**400}, math.inf),
        ({"+": [0.5, 1, {"var": "x"}]}, {"x": -(10**400)}, -math.inf),
        ({"*": [0.5, 1, {"var": "x"}]}, {"x": 10**400}, math.inf),
        ({"var": 1e22}, {"1e+22": "by JS's name"}, "by JS's name"),
    ],
)
def test_numbers_beyond_2_to_the_53_are_doubles(rule: JsonValue, data: JsonValue,
                                                expected: JsonValue) -> None:
    assert apply(rule, data) == expected  # exactly: 2**53 + 1 is not 2**53 here


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"cat": [{"*": [100000000000, 100000000000]}]}, "1e+22"),
        ({"cat": [{"*": [100000000000, 100000000000, 1]}]}, "1e+22"),
        ({"cat": [2**60]}, "1152921504606847000"),
        ({"cat": [{"+": [2**60, 3]}]}, "1152921504606847000"),
        ({"cat": ["2**53+1=", {"+": ["9007199254740993", 0]}]}, "2**53+1=9007199254740992"),
        ({"cat": [{"-": [0, 123456789012345678901]}]}, "-123456789012345680000"),
    ],
)
def test_big_numbers_print_as_js_prints_them(rule: JsonValue, expected: str) -> None:
    assert apply(rule) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2**53, "9007199254740992"),
        (2**53 + 1, "9007199254740992"),
        (float(2**60), "1152921504606847000"),
        (9007199254740994.0, "9007199254740994"),
        (1.5e16, "15000000000000000"),
        (10**21, "1e+21"),
        (-(10**22), "-1e+22"),
        pytest.param(10**400, "Infinity", id="10**400"),
        (1.5e-7, "1.5e-7"),
        (-0.0, "0"),
    ],
)
def test_js_str_of_big_numbers(value: JsonValue, expected: str) -> None:
    assert js_str(value) == expected


JS_SPACES = "\t\n\v\f\r \xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


@pytest.mark.parametrize("space", list(JS_SPACES))
def test_number_strings_trim_js_whitespace(space: str) -> None:
    assert to_number(f"{space}5{space}") == 5


@pytest.mark.parametrize("space", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u180e", "\u200b"])
def test_number_strings_keep_what_js_does_not_trim(space: str) -> None:
    with pytest.raises(JsonLogicError) as caught:
        to_number(f"{space}5")
    assert caught.value.type == "NaN"


def test_big_integer_strings_read_as_doubles() -> None:
    assert to_number("9007199254740993") == BIG
    assert to_number("-9007199254740993") == -BIG
    assert to_number("18014398509481987") == 2**54 + 4
    assert type(to_number("0000000000000000000000001")) is int
    assert to_number("1" * 400) == 1.1111111111111111e399
    assert to_number("9" * 5000) == math.inf


# --- the same answers as jsonlogic.js, under Node ------------------------------------

NODE_CASES: list[tuple[JsonValue, JsonValue]] = [
    ({"substr": ["abcdef", "Infinity"]}, None),
    ({"substr": ["abcdef", 1, "-Infinity"]}, None),
    ({"val": [["Infinity"], "a"]}, {"a": 1}),
    ({"exists": [["-Infinity"], "b"]}, {"a": 1}),
    ({"%": ["Infinity", 3]}, None),
    ({"%": [{"var": "x"}, 2]}, {"x": "-Infinity"}),
    ({"if": [False, {"val": [["x"], "a"]}, 1]}, None),
    ({"if": [True, {"exists": [["x"], "a"]}, 1]}, None),
    ({"==": ["9007199254740993", 9007199254740992]}, None),
    ({"===": [{"var": "x"}, 9007199254740992]}, {"x": 9007199254740993}),
    ({"cat": [{"*": [100000000000, 100000000000]}]}, None),
    ({"cat": [1152921504606846976, ",", {"+": [9007199254740992, 1, 1]}]}, None),
    ({"-": [{"+": [{"var": "x"}, 1]}, {"var": "x"}]}, {"x": 9007199254740992}),
    ({"/": [1, 9007199254740993]}, None),
    ({"+": ["\ufeff5", "\u20286\u3000"]}, None),
    ({"+": ["\x1c5", 1]}, None),
    ({"+": ["\x855", 1]}, None),
]


def _same_as_js(ours: JsonValue, theirs: Any) -> bool:
    """Our result against Node's, whose numbers come as {"number": String(n)}: equal
    exactly (an int is compared with the double, not rounded to it)."""
    if isinstance(theirs, dict) and theirs.keys() == {"number"}:
        if isinstance(ours, bool) or not isinstance(ours, (int, float)):
            return False
        js = float(theirs["number"])
        return ours == js or (math.isnan(js) and math.isnan(ours))
    if isinstance(theirs, list):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(map(_same_as_js, ours, theirs))
        )
    return type(ours) is type(theirs) and ours == theirs


def test_node_gives_the_same() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js (`node`) is not installed; it runs the browser's evaluator")
    script = """
        const jl = require('./site_builder/render/assets/jsonlogic.js');
        const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const out = cases.map(([rule, data]) => {
          try { return {result: jl.apply(rule, data)}; }
          catch (error) { return {error: error.type}; }
        });
        const numbers = (key, value) => typeof value === 'number' ? {number: String(value)} : value;
        process.stdout.write(JSON.stringify(out, numbers));
    """
    run = subprocess.run(
        [node, "-e", script],
        input=json.dumps(NODE_CASES),
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    for (rule, data), theirs in zip(NODE_CASES, json.loads(run.stdout), strict=True):
        try:
            ours: dict[str, JsonValue] = {"result": apply(rule, data)}
        except JsonLogicError as error:
            ours = {"error": error.type}
        assert ours.keys() == theirs.keys(), (rule, ours, theirs)
        assert _same_as_js(*ours.values(), *theirs.values()), (rule, ours, theirs)


# --- only JsonLogicError escapes -----------------------------------------------------

AWKWARD: list[JsonValue] = [
    None, True, False, 0, -1, 2, 2.5, -0.0, 1e308, 5e-324, BIG + 1, -(10**400),
    "", "a", "a.b", "0", "Infinity", "-Infinity", "1e400", " 7 ", "\ufeff3",
    "9" * 5000, "0x" + "f" * 400, [], [1, "x"], [["Infinity"]], [["x"], "a"],
    {}, {"a": 1, "b": 2}, {"type": "E"},
]


def _random_rule(rng: random.Random, depth: int = 0) -> JsonValue:
    """An operator of OPERATORS with random arguments: awkward values, lists and rules."""
    args: list[JsonValue] = []
    for _ in range(rng.randint(0, 3)):
        roll = rng.random()
        if depth < 2 and roll < 0.4:
            args.append(_random_rule(rng, depth + 1))
        elif roll < 0.5:
            args.append([rng.choice(AWKWARD), {"var": rng.choice(["a", "b", ""])}])
        else:
            args.append(rng.choice(AWKWARD))
    op = rng.choice(sorted(OPERATORS))
    return {op: args if args and rng.random() < 0.85 else rng.choice([*args, *AWKWARD])}


def test_a_rule_too_deep_for_the_stack_fails_as_json_logic() -> None:
    rule: JsonValue = 1
    for _ in range(2000):
        rule = {"cat": [rule, "a"]}
    compiled = compile_logic(rule)  # does not raise
    with pytest.raises(JsonLogicError) as caught:
        compiled(None)
    assert caught.value.type == "Invalid Arguments"
    with pytest.raises(JsonLogicError):
        apply(rule)


@pytest.mark.parametrize(
    "rule",
    [
        {"===": [{"var": "deep"}, {"var": "deep"}]},
        {"in": [{"var": "deep"}, [{"var": "deep"}]]},
        {"cat": [{"var": "deep"}]},
        {"missing": {"var": "deep"}},
        {"throw": {"var": "deep"}},
        {"+": [{"var": "deep"}]},
    ],
)
def test_data_too_deep_for_the_stack_fails_as_json_logic(rule: JsonValue) -> None:
    deep: JsonValue = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(JsonLogicError):
        compile_logic(rule)({"deep": deep})


def test_only_json_logic_errors_escape() -> None:
    rng = random.Random(2026)
    for _ in range(400):
        rule = _random_rule(rng)
        data = {key: rng.choice(AWKWARD) for key in ("a", "b", "x")}
        compiled = compile_logic(rule)  # never raises
        for given in (data, rng.choice(AWKWARD)):
            with contextlib.suppress(JsonLogicError):  # anything else fails the test
                compiled(given)
