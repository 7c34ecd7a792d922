"""The "Editing the rules" page (content/editing-the-rules.md): its examples, run for real.

The page is the data. Every ```yaml block in it starts with a comment naming a file and
where its lines go (`# rules/instrumental.yaml: add at the end of the file`); the test
applies each block, below that comment and byte for byte, to a fresh copy of the default
kit, the way the page tells a reader to. Every ```text block is named in its info string
(```` ```text typo ````: markdown-it renders only the first word, as the language); it
holds a command (`$ site-builder check`) and what that command prints on the kit as it
stands at that point of the page, that is with every example above the block applied,
changed by the block's twist (TWISTS: the typo, the profile in the wrong place).

The quoted output is never typed by hand: after a change to the page, the kit or a
message, rewrite it with `python -m tests.refresh_editing_page` and read the diff.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

from site_builder.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "content" / "editing-the-rules.md"
PAGE_NAME = "content/editing-the-rules.md"
REFRESH = "python -m tests.refresh_editing_page"
HEADER = re.compile(r"^# (?P<file>[\w./-]+): (?P<where>.+)\n")
AT_END = "add at the end of the file"
BEFORE_RULE = re.compile(r"add just before the rule (?P<id>[\w-]+)")
REPLACE_QUESTION = re.compile(r"replace the question (?P<id>\w+) with")
NEW_FILE = "a new file in the kit folder"
OMITTED = "..."


@dataclass(frozen=True)
class Edit:
    """A ```yaml example: the lines to put into `file`, and where."""

    file: str
    where: str
    body: str  # the block below its comment line
    line: int  # where the block starts in the page

    @property
    def rule_ids(self) -> list[str]:
        if not self.file.startswith("rules/") or self.file.startswith("rules/tests/"):
            return []
        return re.findall(r"^  - id: ([\w-]+)$", self.body, re.MULTILINE)


@dataclass(frozen=True)
class Output:
    """A ```text example: a command and what it prints, after the edits above it."""

    name: str
    command: list[str]  # after `$ site-builder`
    text: str  # the whole block, command line included
    line: int
    edits: tuple[Edit, ...]


def read_page(text: str | None = None) -> tuple[list[Edit], list[Output]]:
    """The page's examples, in page order."""
    source = PAGE.read_text(encoding="utf-8") if text is None else text
    edits: list[Edit] = []
    outputs: list[Output] = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type != "fence":
            continue
        line = (token.map[0] if token.map else 0) + 1
        info = token.info.split()
        if info[:1] == ["yaml"]:
            header = HEADER.match(token.content)
            assert header, (f"{PAGE_NAME}:{line}: a yaml example must start with a comment "
                            "'# FILE: where the lines go'")
            edits.append(Edit(header["file"], header["where"],
                              token.content[header.end():], line))
        elif info[:1] == ["text"]:
            assert len(info) == 2, (f"{PAGE_NAME}:{line}: name the output in its info "
                                    "string, e.g. ```text check")
            first = token.content.split("\n", 1)[0]
            assert first.startswith("$ site-builder "), (
                f"{PAGE_NAME}:{line}: an output block starts with '$ site-builder ...'")
            outputs.append(Output(info[1], shlex.split(first)[2:], token.content, line,
                                  tuple(edits)))
    return edits, outputs


def apply_edit(kit: Path, edit: Edit, with_comment: bool = False) -> None:
    """Do what the edit's comment says, to the kit's file."""
    path = kit / edit.file
    body = f"# {edit.file}: {edit.where}\n{edit.body}" if with_comment else edit.body
    if edit.where == NEW_FILE:
        path.write_text(edit.body, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if edit.where == AT_END:
        new = text + ("" if text.endswith("\n") else "\n") + body
    elif match := BEFORE_RULE.fullmatch(edit.where):
        at = _find_item(lines, match["id"], edit)
        new = "".join(lines[:at]) + body + "".join(lines[at:])
    elif match := REPLACE_QUESTION.fullmatch(edit.where):
        at = _find_item(lines, match["id"], edit)
        indent = len(lines[at]) - len(lines[at].lstrip())
        end = at + 1
        while end < len(lines) and (not lines[end].strip()
                                    or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        new = "".join(lines[:at]) + body + "".join(lines[end:])
    else:
        raise AssertionError(f"{PAGE_NAME}:{edit.line}: this test does not know how to "
                             f"'{edit.where}'; say it as the other examples do")
    path.write_text(new, encoding="utf-8")


def _find_item(lines: Sequence[str], item_id: str, edit: Edit) -> int:
    for index, line in enumerate(lines):
        if re.fullmatch(rf"\s*- id: {re.escape(item_id)}\s*", line):
            return index
    raise AssertionError(f"{PAGE_NAME}:{edit.line}: no '- id: {item_id}' in {edit.file}")


# What the page supposes in its mistakes, on top of the examples above each output.
TYPO = ("industry_peers", "industy_peers")


def _typo(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The new advice, with the question id in its `when` misspelled."""
    right, wrong = TYPO
    return tuple(replace(e, body=e.body.replace(f"      {right}:", f"      {wrong}:", 1))
                 if e.file == "rules/instrumental.yaml" else e for e in edits)


def _profile_last(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The new profile at the very end of its file, below the catch-all."""
    return tuple(replace(e, where=AT_END) if e.file == "rules/profiles.yaml" else e
                 for e in edits)


TWISTS: dict[str, Callable[[tuple[Edit, ...]], tuple[Edit, ...]]] = {
    "typo": _typo, "failed-test": _profile_last,
}


def run(kit: Path, command: Sequence[str]) -> tuple[int, str]:
    """The real command line, in the kit: exit status and what a terminal would show."""
    args = [str(kit / a) if a.endswith((".yaml", ".json", ".csv")) else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--kit", str(kit)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.output


def excerpt(output: Output, printed: str) -> str:
    """What the page quotes of `explain`: the advice shown, then each new rule's entry."""
    paragraphs = printed.rstrip("\n").split("\n\n")
    shown = next(p for p in paragraphs if p.startswith("Advice shown"))
    every = paragraphs[-1].splitlines()
    entries = []
    for rule_id in (i for e in output.edits for i in e.rule_ids):
        start = next(n for n, line in enumerate(every) if line.startswith(f"  {rule_id} ("))
        end = start + 1
        while end < len(every) and every[end].startswith("      "):
            end += 1
        entries += every[start:end]
    return "\n".join([OMITTED, shown, OMITTED, *entries, OMITTED]) + "\n"


def produce(kit: Path, output: Output) -> tuple[int, str]:
    """Apply the output's edits (and twist) to `kit`, a fresh copy of the default kit, run
    its command, and return the exit status and the block as the page should show it."""
    twist = TWISTS.get(output.name)
    for edit in twist(output.edits) if twist else output.edits:
        apply_edit(kit, edit)
    status, printed = run(kit, output.command)
    if output.name == "explain":
        printed = excerpt(output, printed)
    return status, f"$ site-builder {shlex.join(output.command)}\n{printed}"


# The tests.

EDITS, OUTPUTS = read_page()


def outputs_named(name: str) -> Output:
    found = [o for o in OUTPUTS if o.name == name]
    assert len(found) == 1, f"{PAGE_NAME}: expected one ```text {name} block, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("output", OUTPUTS, ids=[o.name for o in OUTPUTS])
def test_quoted_output_is_what_site_builder_prints(output: Output, default_kit: Path) -> None:
    status, block = produce(default_kit, output)
    assert block == output.text, (
        f"{PAGE_NAME}:{output.line}: the ```text {output.name} block no longer matches what "
        f"site-builder prints. If the change is right, run `{REFRESH}` and read the diff.\n"
        f"--- page\n{output.text}--- now\n{block}")
    assert status == (1 if output.name in TWISTS else 0), block


def test_the_page_has_every_kind_of_example() -> None:
    wheres = {(e.file, e.where) for e in EDITS}
    assert ("rules/instrumental.yaml", AT_END) in wheres
    assert ("rules/tests/network.yaml", AT_END) in wheres
    assert any(e.file == "rules/profiles.yaml" and BEFORE_RULE.fullmatch(e.where)
               for e in EDITS)
    assert any(REPLACE_QUESTION.fullmatch(e.where) for e in EDITS)
    assert sorted(o.name for o in OUTPUTS) == ["check", "explain", "failed-test", "typo"]


def test_changed_question_reaches_the_checklist(default_kit: Path) -> None:
    from site_builder.kit.load import load_kit

    edit = next(e for e in EDITS if REPLACE_QUESTION.fullmatch(e.where))
    apply_edit(default_kit, edit)
    match = REPLACE_QUESTION.fullmatch(edit.where)
    assert match
    question = next(q for q in load_kit(default_kit).checklists["network"].questions
                    if q.id == match["id"])
    assert f"text: {question.text}\n" in edit.body
    assert run(default_kit, ["check"])[0] == 0


def test_every_example_together_checks_and_adds_one_rule_test(default_kit: Path) -> None:
    before = run(default_kit, ["check"])
    for edit in EDITS:
        apply_edit(default_kit, edit)
    after = run(default_kit, ["check"])
    assert before[0] == after[0] == 0, after[1]
    tests_run = [int(re.search(r"(\d+) rule tests? passed", out)[1])  # type: ignore[index]
                 for _, out in (before, after)]
    assert tests_run[1] == tests_run[0] + 1


def test_the_comments_may_be_pasted_too(default_kit: Path) -> None:
    for edit in EDITS:
        apply_edit(default_kit, edit, with_comment=True)
    status, printed = run(default_kit, ["check"])
    assert status == 0, printed


def test_explain_shows_the_new_advice_and_the_new_profile(default_kit: Path) -> None:
    for edit in EDITS:
        apply_edit(default_kit, edit)
    answers = next(e for e in EDITS if e.where == NEW_FILE)
    status, printed = run(default_kit, ["explain", answers.file])
    assert status == 0, printed
    new_rules = [i for e in EDITS for i in e.rule_ids]
    assert new_rules == ["ask-for-an-introduction", "profile-all-work-no-backup"]
    advice = printed.split("Advice shown")[1].split("\n\n")[0]
    assert all(f". {rule_id}: " in advice for rule_id in new_rules), advice
    assert "profile-connected-but-alone (rules/profiles.yaml): not shown: " \
           "'profile-all-work-no-backup' came first" in printed


def test_the_typo_is_the_one_the_page_names() -> None:
    typo = outputs_named("typo")
    right, wrong = TYPO
    page = PAGE.read_text(encoding="utf-8")
    assert f"`{wrong}`" in page
    assert f"error: unknown question '{wrong}' (did you mean '{right}'?)" in typo.text
    assert re.search(r"^rules/instrumental\.yaml:\d+:7: error: ", typo.text, re.MULTILINE)


def test_the_failed_test_is_the_one_the_page_adds() -> None:
    failed = outputs_named("failed-test").text
    case = next(e for e in EDITS if e.file == "rules/tests/network.yaml")
    name = re.search(r"- name: (.+)", case.body)
    assert name and f"rule test '{name[1]}' failed: expected 'profile-all-work-no-backup' " \
                    "to show; 'profile-connected-but-alone' showed but must not" in failed


def test_the_page_lists_the_profiles_in_their_order() -> None:
    listed = re.findall(r"^\d\. `(profile-[\w-]+)`", PAGE.read_text(encoding="utf-8"),
                        re.MULTILINE)
    in_file = re.findall(r"^  - id: (profile-[\w-]+)$",
                         (ROOT / "rules" / "profiles.yaml").read_text(encoding="utf-8"),
                         re.MULTILINE)
    assert listed == in_file


def test_renaming_a_question_names_every_place_that_uses_it(default_kit: Path) -> None:
    checklist = default_kit / "content" / "checklists" / "network.yaml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace(
        "- id: industry_peers", "- id: field_peers"), encoding="utf-8")
    status, printed = run(default_kit, ["check"])
    assert status == 1
    for used_in in ("rules/instrumental.yaml", "rules/tests/network.yaml"):
        assert re.search(rf"^{re.escape(used_in)}:\d+:\d+: error: .*'industry_peers'",
                         printed, re.MULTILINE), printed


def test_front_matter_places_the_page_after_the_guide() -> None:
    from site_builder.kit.load import load_kit

    pages = {p.source: p for p in load_kit(ROOT).pages}
    page, guide = pages["editing-the-rules.md"], pages["facilitator-guide.md"]
    assert page.title == "Editing the rules"
    assert page.order is not None and guide.order is not None and page.order > guide.order
    assert not page.print



MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def test_edited_files_still_fit_the_schemas_editors_use(default_kit: Path) -> None:
    """A reader whose editor checks YAML as they type sees no complaint about an example."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from site_builder.kit.yamlfile import parse_yaml, to_plain

    for edit in EDITS:
        apply_edit(default_kit, edit)
    for file in sorted({e.file for e in EDITS}):
        path = default_kit / file
        text = path.read_text(encoding="utf-8")
        modeline = MODELINE.match(text)
        if modeline is None:
            continue
        schema = json.loads((path.parent / modeline[1]).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in
                  Draft202012Validator(schema).iter_errors(to_plain(parse_yaml(text, file)))]
        assert not errors, f"{file}, with the page's examples applied: {errors}"


def test_the_page_mentions_the_schema_line_if_the_files_have_it() -> None:
    has_it = bool(MODELINE.match((ROOT / "rules" / "instrumental.yaml").read_text("utf-8")))
    assert ("`# yaml-language-server`" in PAGE.read_text(encoding="utf-8")) == has_it


def test_check_warns_about_a_profile_that_can_never_show(default_kit: Path) -> None:
    """What the page says `check` and `check --strict` do without the rule test."""
    for edit in _profile_last(outputs_named("failed-test").edits):
        if edit.file != "rules/tests/network.yaml":
            apply_edit(default_kit, edit)
    status, printed = run(default_kit, ["check"])
    assert status == 0, printed
    assert re.search(r"^rules/profiles\.yaml:\d+:\d+: warning: rule 'profile-all-work-no-backup' "
                     r"can never show\b.*'profile-connected-but-alone'", printed, re.MULTILINE), \
        f"{PAGE_NAME} says check warns about a profile that can never show:\n{printed}"
    assert run(default_kit, ["check", "--strict"])[0] == 1


def test_serve_is_as_the_page_describes(run_cli: Callable[..., Result]) -> None:
    page = PAGE.read_text(encoding="utf-8")
    usage = " ".join(run_cli("serve", "--help").output.split())
    port = re.search(r"`http://127\.0\.0\.1:(\d+)/`", page)
    assert port and f"default: {port[1]};" in usage, usage
    assert "Ctrl-C" in page and "Ctrl-C" in usage
