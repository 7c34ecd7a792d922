"""Answer files and kit YAML at and past the limits the README lists: each refused with one
located line and exit 1, never an internal error, never a hang."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import cast

import pytest

from site_builder.diagnostics import KitError, Location
from site_builder.engine.document import RulesDocument, document_json
from tests.kits import MINIMAL
from tests.runner import RunCli

LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error: (?P<text>.+)$")
DEEP = 100_000


def located_errors(stderr: str) -> list[re.Match[str]]:
    """The error lines, every one of them located to a line and column."""
    lines = [line for line in stderr.splitlines() if ": error: " in line]
    found = [LOCATED.match(line) for line in lines]
    assert lines and all(found), stderr
    return [m for m in found if m]


def one_error(run_cli: RunCli, *args: str) -> re.Match[str]:
    result = run_cli(*args)
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "internal error" not in result.stderr
    errors = located_errors(result.stderr)
    assert len(errors) == 1, result.stderr
    return errors[0]


ANSWERS = {
    "deep-list.json": ("[" * DEEP + "]" * DEEP, r"nesting is deeper than \d+ levels"),
    "deep-map.json": ('{"a":' * DEEP + "1" + "}" * DEEP, r"nesting is deeper than \d+ levels"),
    "deep-in-answer.json": ('{"mentor": ' + "[" * 50 + "]" * 50 + "}",
                            r"nesting is deeper than \d+ levels"),
    "null.json": ("null", "holds no answers"),
    "empty.json": ("", "holds no answers"),
    "blank.json": ("  \n\n", "holds no answers"),
    "empty.yaml": ("", "holds no answers"),
    "comment.yaml": ("# answers to come\n", "holds no answers"),
    "list.yaml": ("- mentor\n- allies\n", "must be a mapping"),
    "saved-null.json": ('{"format": "site-builder/answers", "checklist": "quiz", '
                        '"answers": null}', "'answers' must be a mapping"),
    "saved-list.json": ('{"format": "site-builder/answers", "checklist": "quiz", '
                        '"answers": ["yes"]}', "'answers' must be a mapping"),
    "overflow.json": ('{"mentor": 1e999}', "too large"),
    "big-float.json": ('{"mentor": 1e300}', "too large"),
    "big-int.json": ('{"mentor": ' + "9" * 400 + "}", "too large"),
    "huge-int.json": ('{"mentor": ' + "9" * 5000 + "}", "too large"),
    "nan.json": ('{"mentor": NaN}', "NaN"),
    "infinity.json": ('{\n  "mentor": -Infinity}', "Infinity"),
    "nan.yaml": ("mentor: .nan\n", "not a number"),
    "inf.yaml": ("allies: yes\nmentor: -.inf\n", "not a number"),
    "big-int.yaml": ("mentor: " + "9" * 5000 + "\n", "too large"),
    "deep.yaml": ("[" * DEEP + "]" * DEEP, r"nesting is deeper than \d+ levels"),
    "step-nan.json": ('{"mentor": "yes", "step": {"what": NaN}}', "NaN"),
}


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_explain_refuses_a_bad_answer_file_with_one_located_line(
        run_cli: RunCli, tmp_path: Path, name: str) -> None:
    text, expected = ANSWERS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    error = one_error(run_cli, "explain", str(path), "--kit", str(MINIMAL))
    assert error["file"] == str(path)
    assert re.search(expected, error["text"]), error["text"]
    assert len(error["text"]) < 300, "a long value is shortened, not echoed whole"


def test_a_bad_number_is_located_where_it_is_written(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "allies": "1e999",\n  "mentor": 1e999\n}\n', encoding="utf-8")
    error = one_error(run_cli, "explain", str(path), "--kit", str(MINIMAL))
    assert (error["line"], error["col"]) == ("3", "13"), error.group(0)


KIT_CASES = {
    "at-least-nan": ("rules/advice.yaml", "{below: 1}", "{at_least: .nan}", "not a number"),
    "below-overflow": ("rules/advice.yaml", "{below: 1}", "{below: 1e309}", "too large"),
    "below-inf": ("rules/advice.yaml", "{below: 1}", "{below: .inf}", "not a number"),
    "below-big-int": ("rules/advice.yaml", "{below: 1}", "{below: " + "9" * 400 + "}",
                      "too large"),
    "below-huge-int": ("rules/advice.yaml", "{below: 1}", "{below: " + "9" * 5000 + "}",
                       "too large"),
    "score-nan": ("content/checklists/quiz.yaml", "score: 1}", "score: .nan}", "not a number"),
    "score-big": ("content/checklists/quiz.yaml", "score: 1}", "score: 1e300}", "too large"),
    "score-huge-int": ("content/checklists/quiz.yaml", "score: 1}",
                       "score: " + "9" * 5000 + "}", "too large"),
    "site-huge-int": ("site.yaml", "language: en", "language: en\nx: " + "9" * 5000,
                      "too large"),
    "deep-flow": ("rules/advice.yaml", "{below: 1}", "[" * DEEP + "]" * DEEP,
                  r"nesting is deeper than \d+ levels"),
}


@pytest.mark.parametrize("case", sorted(KIT_CASES))
def test_check_refuses_a_bad_number_or_nesting_in_kit_yaml(
        run_cli: RunCli, tmp_path: Path, case: str) -> None:
    name, old, new, expected = KIT_CASES[case]
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    text = (kit / name).read_text(encoding="utf-8")
    assert old in text
    (kit / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    error = one_error(run_cli, "check", "--kit", str(kit))
    assert error["file"] == name
    assert re.search(expected, error["text"]), error["text"]
    assert len(error["text"]) < 300


def test_empty_answer_files_among_several_are_reported_and_the_others_reported_on(
        run_cli: RunCli, tmp_path: Path) -> None:
    files = {"good.yaml": "mentor: 'yes'\n", "empty.json": "", "comment.yaml": "# later\n",
             "other.json": '{"mentor": "no"}'}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "reports"
    result = run_cli("report", "--kit", str(MINIMAL), "--out", str(out), "--jobs", "1",
                     *(str(tmp_path / name) for name in files))
    assert result.exit_code == 1, result.stderr
    errors = located_errors(result.stderr)
    assert sorted(Path(e["file"]).name for e in errors) == ["comment.yaml", "empty.json"]
    assert all("holds no answers" in e["text"] for e in errors)
    reports = sorted(p.name for p in out.glob("*.pdf"))
    assert any(name.startswith("good") for name in reports), reports
    assert any(name.startswith("other") for name in reports), reports


def test_many_unknown_keys_are_summed_up_quickly(run_cli: RunCli, tmp_path: Path) -> None:
    keys = [f"question_{n:05d}" for n in range(50_000)]
    path = tmp_path / "many.json"
    path.write_text("{" + ", ".join(f'"{k}": "yes"' for k in keys) + ', "mentr": "no"}',
                    encoding="utf-8")
    started = time.monotonic()
    result = run_cli("explain", str(path), "--kit", str(MINIMAL))
    assert time.monotonic() - started < 10, "unknown keys must not take quadratic time"
    assert result.exit_code == 1
    errors = located_errors(result.stderr)
    assert len(errors) <= 21, len(errors)
    assert "question_00000" in errors[0]["text"]
    assert any("more keys that are not questions" in e["text"] for e in errors)
    path.write_text('{"mentr": "no", "allies": "yes"}', encoding="utf-8")
    error = one_error(run_cli, "explain", str(path), "--kit", str(MINIMAL))
    assert "did you mean 'mentor'?" in error["text"]


def test_a_long_unknown_key_is_shortened_and_quick(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text('{"' + "mentor" * 100_000 + '": "yes"}', encoding="utf-8")
    started = time.monotonic()
    error = one_error(run_cli, "explain", str(path), "--kit", str(MINIMAL))
    assert time.monotonic() - started < 10
    assert len(error["text"]) < 400


def test_a_nan_threshold_stops_the_build_before_anything_is_written(
        run_cli: RunCli, tmp_path: Path) -> None:
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    rules = kit / "rules" / "advice.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("{below: 1}", "{at_least: .nan}"),
                     encoding="utf-8")
    result = run_cli("build", "--kit", str(kit), "--out", str(tmp_path / "site"), "-j", "1")
    assert result.exit_code == 1
    error = located_errors(result.stderr)
    assert [e["file"] for e in error] == ["rules/advice.yaml"]
    assert not (tmp_path / "site").exists()


def test_the_compiled_rules_are_json_or_a_located_error() -> None:
    where = Location("content/checklists/quiz.yaml")
    document = cast(RulesDocument, {"format": 1, "rules": [{"max": 2.5}]})
    assert json.loads(document_json(document, where)) == document
    bad = cast(RulesDocument, {"format": 1, "rules": [{"max": float("nan")}]})
    with pytest.raises(KitError) as raised:
        document_json(bad, where)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.location == where and "NaN" in diagnostic.message


def test_a_number_answer_past_the_limit_in_text_is_refused(run_cli: RunCli,
                                                          tmp_path: Path) -> None:
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    quiz = kit / "content/checklists/quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "      - id: friends\n", "      - id: hours\n        text: Hours a week\n"
        "        type: number\n      - id: friends\n"), encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text("hours: '1e20'\n", encoding="utf-8")
    error = one_error(run_cli, "explain", str(path), "--kit", str(kit))
    assert "'1e20' is not a valid answer to 'hours'" in error["text"], error["text"]
    path.write_text("hours: '1e3'\n", encoding="utf-8")
    assert run_cli("explain", str(path), "--kit", str(kit)).exit_code == 0


def test_a_key_written_with_accents_or_escapes_is_located(run_cli: RunCli,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "mentor": "yes",\n  "allié": "no",\n  "\\u00e9t\\u00e9": 1\n}',
                    encoding="utf-8")
    result = run_cli("explain", str(path), "--kit", str(MINIMAL))
    assert [(e["line"], e["col"]) for e in located_errors(result.stderr)] == \
        [("3", "3"), ("4", "3")]
