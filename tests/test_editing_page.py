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
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.editing_page import (
    AT_END,
    BEFORE_RULE,
    NEW_FILE,
    PAGE,
    PAGE_NAME,
    REFRESH,
    REPLACE_QUESTION,
    TWISTS,
    TYPO,
    Output,
    apply_edit,
    one_language_kit,
    produce,
    profile_last,
    read_page,
    run,
)
from tests.kits import ROOT

EDITS, OUTPUTS = read_page()


@pytest.fixture
def default_kit(tmp_path: Path) -> Path:
    """The default kit as `site-builder new` writes it (in one language), which the page
    teaches to edit; conftest's fixture of the same name keeps the kit's translations."""
    return one_language_kit(tmp_path / "kit")


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
    from jsonschema import Draft202012Validator

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
    for edit in profile_last(outputs_named("failed-test").edits):
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
