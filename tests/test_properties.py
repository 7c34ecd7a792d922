"""Generated inputs for every reader of kit files, answer files and filled PDFs: whatever a
facilitator or a participant hands over ends in a result or in the project's own located
errors (KitError, Problems), in time, and the command line exits 0 or 1.

The `ci` profile (tests/conftest.py) runs 200 examples a test; HYPOTHESIS_PROFILE=nightly
runs many more."""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.answers.answer_file import SAVED_FORMAT, read_answer_file
from site_builder.answers.responses import read_responses
from site_builder.cli import cli
from site_builder.diagnostics import KitError, Problems
from site_builder.engine.match import match_answers
from site_builder.kit.active_content import check_static_file
from site_builder.kit.load import load_kit
from site_builder.render.pdf.jobs import pdf_context, pdf_targets
from site_builder.render.pdf.weasy import write_pdf
from site_builder.render.templating import make_environment, render_template
from tests.kits import MINIMAL, ROOT
from tests.pdfs import fill

# A fixture made once per test, not per example, is what Hypothesis warns of here.
PER_TEST = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- values a YAML or JSON file can hold, with the awkward ones often ---------------------

NUMBERS = st.one_of(
    st.integers(), st.integers(min_value=10**14, max_value=10**400),
    st.floats(), st.sampled_from([math.nan, math.inf, -math.inf, 1e15, 1e16, -0.0, 1e308,
                                  10**309, -(10**400), 10**15 + 1]),
)
WORDS = st.sampled_from([
    "title", "language", "checklist", "rules", "id", "when", "advice", "below", "above",
    "at_least", "at_most", "any", "all", "not", "score", "sum", "section", "min", "max",
    "minutes", "answers", "questions", "sections", "scores", "cases", "expect", "expect_not",
    "name", "step", "what", "who", "when", "format", "version", "mentor", "allies", "life",
    "work", "value", "label", "type", "body", "logic", "pick", "priority", "yes", "no",
])
TEXT = st.one_of(WORDS, st.text(max_size=20))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(TEXT, inner, max_size=5)),
    max_leaves=25,
)


def yaml_text(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@st.composite
def edited(draw: st.DrawFn, original: str) -> str:
    """The original text with a span replaced, deleted or repeated."""
    start = draw(st.integers(0, len(original)))
    end = draw(st.integers(start, min(len(original), start + 40)))
    middle = draw(st.one_of(st.text(max_size=12), st.sampled_from(
        [":", "- ", "{", "[", "\t", "  ", "\n", "'", '"', ".nan", "1e999", "9" * 400,
         "9" * 5000, "&a *a",
         "!!python/object:os.system", "<<: ", "---\n", "#"]),
        st.just(original[start:end] * 3)))
    return original[:start] + middle + original[end:]


@st.composite
def replaced(draw: st.DrawFn, original: Any) -> Any:
    """The original data with one value somewhere inside replaced by a generated one, most
    often a value deep inside (where the numbers and ids are)."""
    if isinstance(original, (dict, list)) and original and draw(st.integers(0, 4)):
        keys = list(original) if isinstance(original, dict) else list(range(len(original)))
        key = draw(st.sampled_from(keys))
        copy: Any = dict(original) if isinstance(original, dict) else list(original)
        copy[key] = draw(replaced(original[key]))
        return copy
    if isinstance(original, (int, float)) and not isinstance(original, bool):
        return draw(st.one_of(NUMBERS, VALUES))  # a number where one belongs, awkward
    return draw(VALUES)


@st.composite
def renumbered(draw: st.DrawFn, original: Any) -> Any:
    """The original data with every number in it drawn anew: huge, NaN, infinite, ..."""
    if isinstance(original, dict):
        return {key: draw(renumbered(value)) for key, value in original.items()}
    if isinstance(original, list):
        return [draw(renumbered(value)) for value in original]
    if isinstance(original, (int, float)) and not isinstance(original, bool):
        return draw(NUMBERS)
    return original


def kit_texts(original: str) -> st.SearchStrategy[str]:
    data = yaml.safe_load(original)
    return st.one_of(st.text(max_size=200), VALUES.map(yaml_text), edited(original),
                     replaced(data).map(yaml_text), renumbered(data).map(yaml_text))


def check_kit(root: Path) -> None:
    """Loading ends in a kit or in located problems, nothing else."""
    try:
        load_kit(root)
    except KitError as error:
        assert error.diagnostics
        assert all(d.location.path for d in error.diagnostics), error


def cli_exits_cleanly(result: Result) -> None:
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "internal error" not in result.stderr, result.stderr


# --- the kit's files --------------------------------------------------------------------

KIT_FILES = ["site.yaml", "content/checklists/quiz.yaml", "rules/advice.yaml",
             "rules/tests/quiz.yaml"]


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    return shutil.copytree(MINIMAL, tmp_path / "kit")


@pytest.mark.parametrize("name", KIT_FILES)
@PER_TEST
@given(data=st.data())
def test_a_kit_yaml_file_loads_or_is_refused_located(kit: Path, name: str,
                                                      data: st.DataObject) -> None:
    original = (MINIMAL / name).read_text(encoding="utf-8")
    (kit / name).write_text(data.draw(kit_texts(original)), encoding="utf-8")
    check_kit(kit)


SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
       'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 8">\n'
       '<title>Logo</title><a xlink:href="https://example.org/"><path d="M0 0h8v8z"/></a>\n'
       '</svg>\n')
SVG_PIECES = ["<script>x()</script>", ' onload="x()"', "javascript:", "<!DOCTYPE svg [",
              '<!ENTITY a "&#106;avascript:">]>', "&a;", "<foreignObject/>", "<?xml-stylesheet",
              "\x00", "\ufeff", "<![CDATA[", "]]>", "<!--", "-->", 'xmlns:x="', "x:"]


@given(text=st.one_of(edited(SVG), st.lists(st.sampled_from([*SVG_PIECES, SVG[:60], SVG[60:]]),
                                            max_size=8).map("".join)),
       encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_an_svg_in_content_is_published_or_refused_located(text: str, encoding: str) -> None:
    """Whatever the bytes, the check ends in nothing said or in errors with the file's
    place (fixtures/bad/static-active-svg shows what it finds)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        (root / "content/logo.svg").write_bytes(text.encode(encoding, "replace"))
        report = Problems()
        check_static_file(root, "logo.svg", report)
        assert all(d.location.path == "content/logo.svg" for d in report)


FRONT = (MINIMAL / "content/index.md").read_text(encoding="utf-8")


@PER_TEST
@given(front=st.one_of(kit_texts("title: Welcome\n"), st.text(max_size=100)),
       body=st.text(max_size=100))
def test_page_front_matter_loads_or_is_refused_located(kit: Path, front: str, body: str) -> None:
    (kit / "content/index.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    check_kit(kit)


@PER_TEST
@given(text=kit_texts((MINIMAL / "rules/advice.yaml").read_text(encoding="utf-8")))
def test_check_exits_0_or_1_on_any_rule_file(kit: Path, text: str) -> None:
    (kit / "rules/advice.yaml").write_text(text, encoding="utf-8")
    cli_exits_cleanly(CliRunner().invoke(cli, ["check", "--kit", str(kit)]))


# --- answer files ----------------------------------------------------------------------

ANSWER_VALUES = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(["mentor", "allies", "confidant", "friends",
                                               "step", "answers"]), TEXT),
                    VALUES, max_size=6),
    st.builds(lambda answers, step, extra: {"format": SAVED_FORMAT, "checklist": "quiz",
                                            "answers": answers, "step": step, **extra},
              VALUES, VALUES, st.dictionaries(TEXT, SCALARS, max_size=2)),
    VALUES,
)
ANSWER_FILES = st.one_of(
    st.tuples(st.just(".json"), ANSWER_VALUES.map(json.dumps)),
    st.tuples(st.just(".yaml"), ANSWER_VALUES.map(yaml_text)),
    st.tuples(st.sampled_from([".json", ".yaml"]), st.text(max_size=200)),
    st.tuples(st.just(".json"), edited('{"format": "site-builder/answers", "checklist": '
                                       '"quiz", "answers": {"mentor": "yes", "allies": 2}, '
                                       '"step": {"what": "Ask Sam", "when": "Friday"}}')),
)
QUIZ = load_kit(MINIMAL).checklists["quiz"]
NETWORK = load_kit(ROOT).checklists["network"]


def write_answers(folder: Path, file: tuple[str, str]) -> Path:
    suffix, text = file
    path = folder / f"answers{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@PER_TEST
@given(file=ANSWER_FILES)
def test_an_answer_file_is_read_or_refused_located(tmp_path: Path,
                                                    file: tuple[str, str]) -> None:
    path = write_answers(tmp_path, file)
    report = Problems()
    answers = read_answer_file(path, report)
    if answers is None:
        assert report.errors and all(d.location.path == str(path) for d in report.errors)
    else:
        match_answers(answers.answers, QUIZ, answers.locate, report)


@PER_TEST
@given(file=ANSWER_FILES)
def test_explain_exits_0_or_1_on_any_answer_file(tmp_path: Path,
                                                  file: tuple[str, str]) -> None:
    path = write_answers(tmp_path, file)
    cli_exits_cleanly(CliRunner().invoke(cli, ["explain", str(path), "--kit", str(MINIMAL)]))


# --- filled worksheet PDFs ---------------------------------------------------------------

@pytest.fixture(scope="module")
def filled_worksheet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The default kit's worksheet, made by the real renderer and filled in."""
    default = load_kit(ROOT)
    checklist = default.checklists["network"]
    [target] = [t for t in pdf_targets(default) if t.checklist is checklist]
    html = render_template(make_environment(default), target.template,
                           pdf_context(default, target), default, "test")
    data, problems = write_pdf(default, target, html)
    assert problems == []
    folder = tmp_path_factory.mktemp("worksheet")
    blank = folder / "blank.pdf"
    blank.write_bytes(data)
    question = checklist.questions[0]
    return fill(blank, folder / "filled.pdf", {question.id: question.answers[0].value,
                                               "_name": "Sam"}).read_bytes()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes with a few spans overwritten, deleted or cut off."""
    result = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(result)))
        how = draw(st.sampled_from(["overwrite", "delete", "cut", "insert"]))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if how == "overwrite":
            result[at:at + len(chunk)] = chunk
        elif how == "delete":
            del result[at:at + len(chunk)]
        elif how == "insert":
            result[at:at] = chunk
        else:
            del result[at:]
    return bytes(result)


@PER_TEST
@given(data=st.data())
def test_a_damaged_filled_pdf_is_read_or_refused_located(
        filled_worksheet: bytes, tmp_path: Path, data: st.DataObject) -> None:
    path = tmp_path / "filled.pdf"
    path.write_bytes(data.draw(mutated(filled_worksheet)))
    responses = read_responses([path], NETWORK)
    assert len(responses.participants) + responses.skipped == 1
    assert all(d.location.path == str(path) for d in responses.problems)
