"""The JSON Schemas editors use: generated from the loader's shapes, committed up to date,
valid draft 2020-12, and in agreement with the loader on good and bad kit files."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import Result
from jsonschema import Draft202012Validator

from site_builder.diagnostics import Problems
from site_builder.engine import jsonlogic
from site_builder.kit import conditions, rules
from site_builder.kit.json_schema import (
    KIT_SCHEMAS,
    RULES_SCHEMA,
    SITE_SCHEMA,
    KitSchema,
    build_schema,
    modeline,
    schema_for,
    schema_text,
)
from site_builder.kit.load import SITE, load_kit
from site_builder.kit.markdown import read_front_matter
from site_builder.kit.pages import FRONT_MATTER_SHAPE
from site_builder.kit.shapes import JsonValue
from site_builder.kit.yamlfile import parse_yaml, to_plain
from site_builder.model import Checklist
from site_builder.model.rules import CompareOp
from tests.bad_cases import BAD, make_kit

ROOT = Path(__file__).resolve().parents[1]  # the default kit
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KITS = [ROOT, *sorted(p for p in (FIXTURES / "kits").iterdir() if p.is_dir())]
RULES_DEFS = build_schema(RULES_SCHEMA)["$defs"]


def part(schema: JsonValue, *path: str | int) -> JsonValue:
    """The part of a schema at `path`, by keys and list positions, each step checked."""
    for step in path:
        if isinstance(step, str):
            assert isinstance(schema, Mapping), (step, schema)
            schema = schema[step]
        else:
            assert isinstance(schema, Sequence) and not isinstance(schema, str), (step, schema)
            schema = schema[step]
    return schema


def mapping_at(schema: JsonValue, *path: str | int) -> Mapping[str, JsonValue]:
    found = part(schema, *path)
    assert isinstance(found, Mapping), (path, found)
    return found


def list_at(schema: JsonValue, *path: str | int) -> Sequence[JsonValue]:
    found = part(schema, *path)
    assert isinstance(found, Sequence) and not isinstance(found, str), (path, found)
    return found

# Bad kits whose mistake is one of shape (unknown key, wrong type, missing key, a value
# outside a choice or a pattern, an unknown operator): the file the schema must refuse.
# The others (an unknown question, a duplicate id, a broken link...) need the whole kit.
SHAPE_MISTAKES = {
    "pick-sometimes": "rules/advice.yaml",
    "section-key-typo": "content/checklists/quiz.yaml",
    "unknown-key-whn": "rules/advice.yaml",
    "unknown-operator": "rules/advice.yaml",
    "empty-comparison": "rules/advice.yaml",
    "number-expected": "rules/advice.yaml",
    "logic-unknown-operator": "rules/more.yaml",
    "several-errors": "site.yaml",
}


def kit_yaml_files(kit: Path) -> list[str]:
    return sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*.y*ml")
                  if schema_for(p.relative_to(kit).as_posix()))


def schema_errors(kit_schema: KitSchema, data: Any) -> list[str]:
    validator = Draft202012Validator(build_schema(kit_schema))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(data)]


def read_yaml(path: Path) -> Any:
    return to_plain(parse_yaml(path.read_text(encoding="utf-8"), str(path)))


@pytest.mark.parametrize("kit_schema", KIT_SCHEMAS, ids=lambda s: s.file_name)
def test_the_committed_schemas_are_up_to_date(kit_schema: KitSchema) -> None:
    committed = ROOT / "schemas" / kit_schema.file_name
    assert committed.is_file() and committed.read_text(encoding="utf-8") == \
        schema_text(kit_schema), (f"schemas/{kit_schema.file_name} is out of date: run "
                                  "`site-builder schema` at the repository root and commit it")


def test_the_schemas_folder_holds_only_the_schemas() -> None:
    assert sorted(p.name for p in (ROOT / "schemas").iterdir()) == \
        sorted(s.file_name for s in KIT_SCHEMAS)


@pytest.mark.parametrize("kit_schema", KIT_SCHEMAS, ids=lambda s: s.file_name)
def test_the_schemas_are_valid_draft_2020_12(kit_schema: KitSchema) -> None:
    Draft202012Validator.check_schema(build_schema(kit_schema))


@pytest.mark.parametrize("kit", KITS, ids=lambda k: "default" if k == ROOT else k.name)
def test_every_kit_file_validates(kit: Path) -> None:
    files = kit_yaml_files(kit)
    assert files
    for name in files:
        kit_schema = schema_for(name)
        assert kit_schema is not None
        assert schema_errors(kit_schema, read_yaml(kit / name)) == [], name


def test_each_default_kit_file_names_its_schema_on_its_first_line() -> None:
    for name in kit_yaml_files(ROOT):
        first = (ROOT / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(name), name
        target = first.split("$schema=", 1)[1]
        assert ((ROOT / name).parent / target).resolve().is_file(), name


@pytest.mark.parametrize("case", sorted(SHAPE_MISTAKES))
def test_the_schemas_refuse_shape_mistakes(case: str, tmp_path: Path) -> None:
    name = SHAPE_MISTAKES[case]
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8")
    assert f"{name}:" in expected, f"{case}: the loader's complaint is not about {name}"
    kit_schema = schema_for(name)
    assert kit_schema is not None
    assert schema_errors(kit_schema, read_yaml(make_kit(BAD / case, tmp_path / "kit") / name))


@pytest.mark.parametrize("case", ["agenda-bad-time", "agenda-minuts-typo",
                                  "agenda-zero-minutes", "agenda-kind-typo",
                                  "agenda-debrief-stage-typo", "print-poster-typo",
                                  "page-without-title", "page-for-unknown-audience",
                                  "page-for-a-list"])
def test_the_front_matter_shape_refuses_its_mistakes_too(case: str, tmp_path: Path) -> None:
    """Front matter's schema (schemas/front-matter.schema.json, which no modeline can name
    inside Markdown) refuses what the loader refuses."""
    schema = FRONT_MATTER_SHAPE.json_schema({})
    Draft202012Validator.check_schema(schema)
    kit = make_kit(BAD / case, tmp_path / "kit")
    pages = sorted((kit / "content").glob("*.md"))
    assert [p.name for p in pages if p.name != "index.md"], f"{case}: no page of its own"
    for page in pages:
        parts = read_front_matter(page.read_text(encoding="utf-8"), page.name, Problems())
        assert parts is not None and parts[0] is not None
        errors = list(Draft202012Validator(schema).iter_errors(to_plain(parts[0])))
        assert bool(errors) == (f"content/{page.name}:" in
                                (BAD / case / "expected.txt").read_text()), page


# --- the schemas agree with the loader ------------------------------------------------

SITE_CASES = [
    ("title: 2024", True),  # YAML reads a number; the loader takes it as text
    ("title: yes", True),  # YAML 1.2: a string
    ("title: true", False),
    ("title: ''", False),
    ("title: '  '", False),
    ("title: x\nsubtitle:", False),
    ("title: x\npaper: a4", False),
    ("title: x\npaper: Letter", True),
    ("title: x\nlanguage: en-GB", True),
    ("title: x\nlanguage: english!", False),
    ("title: x\nbase_url: ftp://x", False),
    ("title: x\ncolors: {primary: '#fff', accent: '#c0562b'}", True),
    ("title: x\ncolors: {primary: '#ffff'}", False),
    ("title: x\ncolours: {}", False),
    ("subtitle: no title", False),
]


@pytest.mark.parametrize(("text", "accepted"), SITE_CASES)
def test_the_site_schema_agrees_with_the_loader(text: str, accepted: bool) -> None:
    report = Problems()
    node = parse_yaml(text, "site.yaml")
    assert node is not None
    SITE.check(node, report, "site.yaml")
    assert (not report.errors) == accepted, report.errors
    assert (not schema_errors(SITE_SCHEMA, to_plain(node))) == accepted


WHEN_CASES = [
    ('mentor: "no"', True),
    ("mentor: no", True),
    ("mentor: [yes, no]", True),
    ("mentor: []", False),
    ("mentor: true", False),
    ("mentor: {is_not: no}", True),
    ("mentor: {in: [yes, not_sure]}", True),
    ("mentor: {in: yes}", False),
    ("mentor: {is: [yes]}", False),
    ("mentor: {answered: false}", True),
    ("mentor: {answered: yes}", False),
    ("mentor: {at_leest: 1}", False),
    ("work: {at_least: 1.5}", True),
    ("work: {below: half}", False),
    ("mentor: {}", False),  # an empty comparison would make the rule always show
    ("all: [{mentor: no}, {allies: no}]", True),
    ("any: []", False),
    ("any: {mentor: no}", False),
    ("not: {mentor: no, allies: yes}", True),
    ("not: [{mentor: no}]", False),
    ("always: true", True),
    ("always: false", False),
    ('logic: {"==": [{var: mentor}, "no"]}', True),
    ("logic: {if: [{var: work}, true, {preserve: {vra: 1}}]}", True),
    ("logic: {and: [{vra: mentor}]}", False),
    ("logic: {a: 1, b: 2}", True),  # data, not an operation
    ("{}", False),
    ("[mentor]", False),
]


@pytest.fixture(scope="module")
def quiz() -> Checklist:
    return load_kit(FIXTURES / "kits" / "minimal").checklists["quiz"]


@pytest.mark.parametrize(("when", "accepted"), WHEN_CASES)
def test_the_rules_schema_agrees_with_the_parser(when: str, accepted: bool,
                                                 quiz: Checklist) -> None:
    flow = when if when.startswith(("{", "[")) else f"{{{when}}}"
    text = f"checklist: quiz\nrules:\n  - id: r\n    when: {flow}\n    advice: {{title: t}}\n"
    node = parse_yaml(text, "rules/r.yaml")
    assert node is not None
    report = Problems()
    rules.build_rule_set("rules/r.yaml", node, {"quiz": quiz}, lambda t, loc: t, report)
    assert (not report.errors) == accepted, report.errors
    assert (not schema_errors(RULES_SCHEMA, to_plain(node))) == accepted


# --- the vocabulary of `when`: one for the parser and the schema -----------------------

def test_every_comparison_the_parser_accepts_is_in_the_schema() -> None:
    assert set(get_args(CompareOp)) == set(conditions.OPERATORS)
    comparison = part(RULES_DEFS, "comparison", "anyOf", -1)
    assert list(mapping_at(comparison, "properties")) == list(conditions.OPERATORS)


def _names_entry_dispatches_on() -> set[str]:
    """The keys `conditions._entry` treats as combinators, read from its source."""
    source = Path(conditions.__file__).read_text(encoding="utf-8")
    entry = next(node for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.FunctionDef) and node.name == "_entry")
    return {constant.value for compare in ast.walk(entry) if isinstance(compare, ast.Compare)
            for constant in ast.walk(compare)
            if isinstance(constant, ast.Constant) and isinstance(constant.value, str)}


def test_every_combinator_the_parser_accepts_is_in_the_schema() -> None:
    assert _names_entry_dispatches_on() == set(conditions.COMBINATORS)
    assert list(mapping_at(RULES_DEFS, "conditions", "properties")) == list(conditions.COMBINATORS)


def test_every_json_logic_operator_is_in_the_schema() -> None:
    operation = part(RULES_DEFS, "logic", "anyOf", 2)
    assert set(list_at(operation, "propertyNames", "enum")) == set(jsonlogic.OPERATORS)


def test_every_key_has_a_description() -> None:
    """An editor shows it on hover."""
    def walk(schema: Any, where: str) -> list[str]:
        if isinstance(schema, list):
            return [m for i, item in enumerate(schema) for m in walk(item, f"{where}/{i}")]
        if not isinstance(schema, dict):
            return []
        found = [f"{where}/properties/{key}" for key, value in
                 schema.get("properties", {}).items()
                 if isinstance(value, dict) and value and "description" not in value
                 and key != "preserve"]
        return found + [m for key, value in schema.items() for m in walk(value, f"{where}/{key}")]

    for kit_schema in KIT_SCHEMAS:
        assert walk(build_schema(kit_schema), kit_schema.file_name) == []


# --- the command ------------------------------------------------------------------------

def test_the_command_writes_the_schemas(run_cli: Callable[..., Result], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("schema", "--kit", "kit")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote 6 schemas to kit/schemas/\n"
    for kit_schema in KIT_SCHEMAS:
        written = tmp_path / "kit" / "schemas" / kit_schema.file_name
        assert json.loads(written.read_text(encoding="utf-8")) == build_schema(kit_schema)

    result = run_cli("schema", "--out", "elsewhere")
    assert result.stdout == "wrote 6 schemas to elsewhere/\n"
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == \
        sorted(s.file_name for s in KIT_SCHEMAS)
