"""Unit tests of the JSON Logic evaluator beyond the conformance suites: the load-time
helpers (`unknown_operators`, `variable_paths`), compiled reuse, the error types, the
fast paths, and the JS value semantics underneath."""

from __future__ import annotations

import math
from typing import Any

import pytest

from site_builder.engine.jsonlogic import (
    OPERATORS,
    JsonLogicError,
    apply,
    compile_logic,
    unknown_operators,
    variable_paths,
)
from site_builder.engine.jsonlogic_ops import js_str, to_number, truthy

# --- unknown_operators ---------------------------------------------------------------


def test_operators_cover_the_suites_operators() -> None:
    expected = {"==", "===", "!=", "!==", "<", "<=", ">", ">=", "!", "!!", "and", "or"}
    expected |= {"if", "?:", "in", "cat", "substr", "+", "-", "*", "/", "%", "min", "max"}
    expected |= {"merge", "var", "val", "missing", "missing_some", "map", "filter", "reduce"}
    expected |= {"all", "some", "none", "??", "exists", "try", "throw", "preserve"}
    assert expected == OPERATORS


def test_unknown_operators_in_order_without_duplicates() -> None:
    logic = {"and": [{"bogus": [{"var": "a"}]}, {"==": [{"nope": 1}, {"bogus": 2}]}]}
    assert unknown_operators(logic) == ["bogus", "nope"]


def test_unknown_operators_skips_data() -> None:
    assert unknown_operators({"preserve": {"bogus": 1}}) == []
    assert unknown_operators({"==": [{"a": 1, "b": 2}, {}]}) == []  # not one key: data
    assert unknown_operators([1, "x", None, {"var": "a"}]) == []


# --- variable_paths ------------------------------------------------------------------


def test_variable_paths_of_var() -> None:
    logic = {"and": [{"var": "a.b"}, {"var": ["c", {"var": "d"}]}, {"var": 1}, {"var": ""}]}
    assert variable_paths(logic) == ["a.b", "c", "d", "1", ""]


def test_variable_paths_of_val_exists_and_missing() -> None:
    logic = {
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
    logic = {"var": {"cat": [{"var": "prefix"}, "_score"]}}
    assert variable_paths(logic) == ["prefix"]
    assert variable_paths({"val": ["a", {"var": "i"}]}) == ["i"]


def test_variable_paths_inside_iterations_read_the_item() -> None:
    logic = {
        "map": [
            {"var": "items"},
            {"+": [{"var": "qty"}, {"val": [[2], "bonus"]}, {"val": [[1], "index"]}]},
        ]
    }
    assert variable_paths(logic) == ["items", "bonus"]


def test_variable_paths_in_order_without_duplicates() -> None:
    logic = {"and": [{"var": "b"}, {"var": "a"}, {"val": "b"}, {"var": ["a", 1]}]}
    assert variable_paths(logic) == ["b", "a"]


def test_variable_paths_of_try_fallbacks_read_the_error() -> None:
    logic = {"try": [{"var": "x"}, {"val": "type"}, {"val": [[2], "fallback"]}]}
    assert variable_paths(logic) == ["x", "fallback"]


# --- compile_logic and apply ---------------------------------------------------------

BRIEF_RULE = {"and": [{"==": [{"var": "a"}, "no"]}, {">=": [{"var": "s"}, 2]}]}


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
def test_compiled_rule_is_reusable(data: dict[str, Any], expected: bool) -> None:
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
    rule = {"===": [{"var": "1"}, "b"]}
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
    rule = {"if": [True, [1, [2]], 0]}
    compiled = compile_logic(rule)
    first = compiled(None)
    first[1].append(3)
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
def test_error_types(rule: Any, error_type: str) -> None:
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
    rule = {"try": [{"throw": {"preserve": {"type": "E", "detail": 42}}}, {"val": "detail"}]}
    assert apply(rule) == 42


# --- value semantics -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 0), (True, 1), ("", 0), (" 12 ", 12), ("1e2", 100), ("0x10", 16), (".5", 0.5)],
)
def test_to_number(value: Any, expected: float) -> None:
    assert to_number(value) == expected


@pytest.mark.parametrize("value", ["abc", "1_000", "nan", [1], {}, float("nan")])
def test_to_number_refuses(value: Any) -> None:
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
def test_js_str(value: Any, expected: str) -> None:
    assert js_str(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(0, False), (0.0, False), ("", False), ([], False), (None, False)],
        *[(float("nan"), False), ("0", True), ({}, True), ([0], True), (-1, True)],
    ],
)
def test_truthy(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


# --- fast paths agree with the general ones ------------------------------------------

VALUES: list[Any] = [None, True, False, 0, 1, 1.0, 2.5, "1", "a", "b", "", [], [1], {}]
LITERALS: list[Any] = [None, True, False, 0, 1, 1.5, "1", "a", ""]
COMPARISONS = ["==", "!=", "===", "!==", "<", "<=", ">", ">="]


def outcome(rule: Any, data: Any) -> Any:
    """The result, or the error type, tagged so that true and 1 stay apart."""
    try:
        value = compile_logic(rule)(data)
    except JsonLogicError as error:
        return ("error", error.type)
    return (type(value).__name__, value)


@pytest.mark.parametrize("op", COMPARISONS)
def test_comparison_fast_paths_agree(op: str) -> None:
    for literal in LITERALS:
        fast = {op: [{"var": "x"}, literal]}
        whole = {op: [{"var": ""}, literal]}
        general = {op: [{"??": [{"var": "x"}]}, {"preserve": literal}]}
        for value in VALUES:
            expected = outcome(general, {"x": value})
            assert outcome(fast, {"x": value}) == expected, (fast, value)
            assert outcome(whole, value) == expected, (whole, value)


def test_if_fast_paths_agree() -> None:
    def cases(var: Any, last: Any) -> list[Any]:
        return [{"===": [var, "a"]}, 1, {"===": [var, "b"]}, 2, {"===": [var, "a"]}, 3, last]

    switch = {"if": cases({"var": "x"}, 0)}
    literal = {"if": cases({"??": [{"var": "x"}]}, 0)}
    general = {"if": cases({"??": [{"var": "x"}]}, {"preserve": 0})}
    for value in [*VALUES, "c"]:
        expected = outcome(general, {"x": value})
        assert outcome(switch, {"x": value}) == expected, value
        assert outcome(literal, {"x": value}) == expected, value
    assert outcome({"if": [{"var": "x"}, 1]}, {"x": False}) == ("NoneType", None)


def test_in_fast_path_agrees() -> None:
    fast = {"in": [{"var": "x"}, ["a", "1"]]}
    general = {"in": [{"var": "x"}, {"preserve": ["a", "1"]}]}
    for value in VALUES:
        assert outcome(fast, {"x": value}) == outcome(general, {"x": value}), value
    assert apply(fast, ["a"]) is False  # a list has no key "x"


def test_iterations_with_and_without_scopes() -> None:
    data = {"xs": [3, 1, 2], "limit": 2}
    assert apply({"filter": [{"var": "xs"}, {">=": [{"var": ""}, 2]}]}, data) == [3, 2]
    scoped = {"filter": [{"var": "xs"}, {">=": [{"val": []}, {"val": [[2], "limit"]}]}]}
    assert apply(scoped, data) == [3, 2]
    indexed = {"map": [{"var": "xs"}, {"*": [{"val": []}, {"val": [[1], "index"]}]}]}
    assert apply(indexed, data) == [0, 1, 4]
    assert apply({"all": [{"var": "xs"}, {"val": [[2], "limit"]}]}, data) is True
    assert apply({"some": [{"var": "xs"}, {">": [{"var": ""}, 5]}]}, data) is False
    assert apply({"reduce": [{"var": "xs"}, {"+": [{"var": "current"}, 1]}]}, data) == 3
