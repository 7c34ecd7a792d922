"""The rule checks of `site-builder check`: rules that can never show, questions no rule
reads, answers that get no advice; `--strict` makes their warnings errors.

Each case is a small kit written into tmp_path from YAML text and checked through the
real command line, so the expected lines are exactly what an author reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from site_builder.check import check_kit
from site_builder.kit.load import load_kit
from tests.kits import ROOT

RunCli = Callable[..., Result]
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "kits" / "minimal"

CHECKLIST = """\
title: A quiz
answers:
  - {value: "yes", label: "Yes", score: 1}
  - {value: not_sure, label: "Not sure", score: 0.5}
  - {value: "no", label: "No", score: 0}
sections:
  - id: work
    title: At work
    questions:
      - id: mentor
        text: A mentor
      - id: allies
        text: Allies in other teams
      - id: hours
        text: Hours a week with them
        type: number
        min: 0
        max: 40
  - id: life
    title: Outside work
    questions:
      - id: friends
        text: Friends of many years
      - id: notes
        text: Anything else
        type: text
scores:
  work: {label: At work, sum: {questions: [mentor, allies]}}
  life: {label: Outside work, sum: {questions: [friends]}}
"""
# Reads every question and always gives advice, so a case's own rules are all it tests.
BASE = """\
checklist: quiz
rules:
  - id: base
    when: {work: {at_least: 1}, life: {at_least: 1}, hours: {answered: true}}
    advice: {title: Base}
  - id: default
    when: {always: true}
    advice: {title: Default}
"""
DEFAULT_ONLY = """\
checklist: quiz
rules:
  - id: default
    when: {always: true}
    advice: {title: Default}
"""
STRICT_SUMMARY = re.compile(r"^\d+ errors? \(warnings count as errors with --strict\)$")


def make_kit(folder: Path, rules: dict[str, str], checklist: str = CHECKLIST) -> Path:
    """A kit with one page, the checklist `quiz` and these rule files (name -> YAML)."""
    (folder / "content" / "checklists").mkdir(parents=True)
    (folder / "rules").mkdir()
    (folder / "site.yaml").write_text("title: Lint test\n", encoding="utf-8")
    (folder / "content" / "index.md").write_text("---\ntitle: Home\n---\n\nHello.\n",
                                                 encoding="utf-8")
    (folder / "content" / "checklists" / "quiz.yaml").write_text(checklist, encoding="utf-8")
    for name, text in rules.items():
        (folder / "rules" / name).write_text(text, encoding="utf-8")
    return folder


def warnings_of(run_cli: RunCli, kit: Path) -> list[str]:
    """The warnings `check` prints; it must pass without --strict and fail with it."""
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert result.stdout.rstrip().endswith(f", {len(lines)} warning" +
                                           ("s" if len(lines) != 1 else ""))
    strict = run_cli("check", "--strict", "--kit", str(kit))
    assert strict.exit_code == 1
    *errors, summary = strict.stderr.splitlines()
    assert errors == [line.replace(": warning: ", ": error: ", 1) for line in lines]
    assert STRICT_SUMMARY.match(summary), summary
    assert strict.stdout == ""
    return lines


def rule_file(rules: str, pick: str = "") -> str:
    return f"checklist: quiz\n{pick}rules:\n{rules}"


def test_the_default_kit_is_clean_even_when_strict(run_cli: RunCli) -> None:
    result = run_cli("check", "--strict", "--kit", str(ROOT))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith("ok: ")
    assert "warning" not in result.stdout


def test_the_base_kit_of_these_tests_is_clean(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--strict", "--kit", str(make_kit(tmp_path, {"base.yaml": BASE})))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "ok: 1 page, 1 checklist, 2 rules, 0 rule tests passed\n"


CONTRADICTIONS = {
    "yes and no": (
        "    when: {all: [{mentor: \"yes\"}, {mentor: \"no\"}]}\n",
        "its condition cannot hold (checked all 4 combinations of the answers it reads)",
    ),
    "a number at least 5 and below 3": (
        "    when: {hours: {at_least: 5, below: 3}}\n",
        # hours: 0, 2, 3, 4, 5, 6, 40 (its constants, between and beyond them, min, max)
        # and unanswered
        "its condition cannot hold (checked all 8 combinations of the answers it reads)",
    ),
    "scores that cannot both be reached": (
        "    when: {work: {at_least: 1.5}, mentor: \"no\"}\n",
        "its condition cannot hold (checked all 16 combinations of the answers it reads)",
    ),
    "a condition that reads nothing": (
        "    when: {not: {always: true}}\n",
        "its condition cannot hold (it reads no answers)",
    ),
}


@pytest.mark.parametrize("case", CONTRADICTIONS)
def test_a_condition_that_cannot_hold(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    when, reason = CONTRADICTIONS[case]
    rules = rule_file(f"  - id: never\n{when}    advice: {{title: Never}}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})
    assert warnings_of(run_cli, kit) == [
        f"rules/x.yaml:3:5: warning: rule 'never' can never show: {reason}; look for parts "
        "of 'when' that contradict each other",
    ]


OUT_OF_RANGE = {
    # score 'work' (mentor + allies) runs from 0 to 2, 'life' (friends) from 0 to 1
    "{work: {at_least: 5}}": "'at_least: 5' never holds, since score 'work' runs from 0 to 2, "
    "so the rule can never show; use a number between 0 and 2",
    "{work: {above: 2}}": "'above: 2' never holds, since score 'work' runs from 0 to 2, so "
    "the rule can never show; to include 2, write 'at_least: 2'",
    "{life: {below: 20}}": "'below: 20' always holds, since score 'life' runs from 0 to 1: "
    "the advice shows for everyone; use a number between 0 and 1, or remove it",
    "{life: {above: -1}, mentor: \"no\"}": "'above: -1' always holds, since score 'life' "
    "runs from 0 to 1: it does not narrow who gets the advice; use a number between 0 and 1, "
    "or remove it",
    "{work: {at_least: 0}, mentor: \"no\"}": "'at_least: 0' always holds, since score "
    "'work' runs from 0 to 2: it does not narrow who gets the advice; to leave 0 out, write "
    "'above: 0', or remove it",
    "{work: {at_most: -0.5}}": "'at_most: -0.5' never holds, since score 'work' runs from 0 "
    "to 2, so the rule can never show; use a number between 0 and 2",
    # a number question, min 0 and max 40; a blank answer fails any comparison
    "{hours: {above: 40}}": "'above: 40' never holds, since 'hours' takes numbers from 0 to "
    "40, so the rule can never show; to include 40, write 'at_least: 40'",
    "{hours: {below: 41}}": "'below: 41' holds for every answer, since 'hours' takes numbers "
    "from 0 to 40: the advice shows for everyone who answers 'hours'; use a number between 0 "
    "and 40, or write 'answered: true' if that is what you mean",
    "{hours: {at_least: -3}, mentor: \"no\"}": "'at_least: -3' holds for every answer, since "
    "'hours' takes numbers from 0 to 40: only a blank answer fails it; use a number between 0 "
    "and 40, or write 'answered: true' if that is what you mean",
    # a choice question compares its answer's score, from 0 to 1
    "{mentor: {at_most: 1}}": "'at_most: 1' holds for every answer, since the answers of "
    "'mentor' score from 0 to 1: the advice shows for everyone who answers 'mentor'; to leave "
    "1 out, write 'below: 1', or write 'answered: true' if that is what you mean",
    # under any or not, the comparison alone is wrong, not the rule
    "{any: [{work: {above: 9}}, {mentor: \"no\"}]}": "'above: 9' never holds, since score "
    "'work' runs from 0 to 2; use a number between 0 and 2",
    "{not: {life: {below: 3}}, mentor: \"no\"}": "'below: 3' always holds, since score 'life' "
    "runs from 0 to 1; use a number between 0 and 1, or remove it",
}


@pytest.mark.parametrize("when", OUT_OF_RANGE)
def test_a_comparison_outside_what_it_compares(run_cli: RunCli, tmp_path: Path,
                                               when: str) -> None:
    """Reported at the comparison's key, and instead of "its condition cannot hold"."""
    rules = rule_file(f"  - id: r\n    when: {when}\n    advice: {{title: R}}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})
    col = 4 + len("when: ") + when.index(next(op for op in ("at_least", "at_most", "above",
                                                            "below") if op in when)) + 1
    expected = [f"rules/x.yaml:4:{col}: warning: rule 'r': {OUT_OF_RANGE[when]}"]
    if "not:" in when:  # the rule needs 'life' not below 3: it can never show
        expected.insert(0, "rules/x.yaml:3:5: warning: rule 'r' can never show: its condition "
                        "cannot hold (checked all 4 combinations of answers to friends); "
                        "look for parts of 'when' that contradict each other")
    assert warnings_of(run_cli, kit) == expected


@pytest.mark.parametrize("when", ["{work: {at_least: 2}}", "{work: {below: 2}}",
                                  "{life: {above: 0}}", "{hours: {at_most: 0}}",
                                  "{hours: {above: 39.5}}", "{mentor: {below: 1}}"])
def test_comparisons_at_the_edge_of_the_range_can_go_either_way(
        run_cli: RunCli, tmp_path: Path, when: str) -> None:
    rules = rule_file(f"  - id: r\n    when: {when}\n    advice: {{title: R}}\n")
    result = run_cli("check", "--strict", "--kit",
                     str(make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})))
    assert result.exit_code == 0, result.stderr


def test_an_open_range_is_checked_on_its_bounded_side(run_cli: RunCli, tmp_path: Path) -> None:
    checklist = CHECKLIST.replace("        max: 40\n", "").replace(
        "  life: {label: Outside work, sum: {questions: [friends]}}\n",
        "  life: {label: Outside work, sum: {questions: [friends, hours]}}\n")
    rules = rule_file("  - {id: many, when: {hours: {above: 1000}}, advice: {title: M}}\n"
                      "  - {id: lots, when: {life: {at_least: 1000}}, advice: {title: L}}\n"
                      "  - {id: none, when: {hours: {below: 0}}, advice: {title: N}}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules}, checklist)
    assert warnings_of(run_cli, kit) == [
        "rules/x.yaml:5:31: warning: rule 'none': 'below: 0' never holds, since 'hours' takes "
        "numbers from 0 up, with no maximum, so the rule can never show; to include 0, write "
        "'at_most: 0'"]


def test_a_rule_on_a_blank_answer_can_show(run_cli: RunCli, tmp_path: Path) -> None:
    rules = rule_file("  - id: skipped\n    when: {mentor: {answered: false}}\n"
                      "    advice: {title: Skipped}\n")
    result = run_cli("check", "--strict", "--kit",
                     str(make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})))
    assert result.exit_code == 0, result.stderr


SHADOWED = """\
  - id: has-a-mentor
    when: {mentor: "yes"}
    advice: {title: A}
  - id: mentor-and-allies
    when: {mentor: "yes", allies: "yes"}
    advice: {title: B}
"""


def test_a_rule_shadowed_in_a_pick_first_group(run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path, {"base.yaml": BASE, "p.yaml": rule_file(SHADOWED, "pick: first\n")})
    assert warnings_of(run_cli, kit) == [
        "rules/p.yaml:7:5: warning: rule 'mentor-and-allies' can never show: whenever it "
        "matches, the earlier rule 'has-a-mentor' shows instead (checked all 16 combinations "
        "of the answers the group reads); move it above 'has-a-mentor' or narrow that rule's "
        "'when'",
    ]


def test_in_a_pick_all_group_both_show(run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path, {"base.yaml": BASE, "p.yaml": rule_file(SHADOWED, "pick: all\n")})
    result = run_cli("check", "--strict", "--kit", str(kit))
    assert result.exit_code == 0, result.stderr


def test_priority_orders_the_advice_not_the_first_match(run_cli: RunCli,
                                                         tmp_path: Path) -> None:
    """The engine lets the first match by position win; priority only orders what shows
    (DESIGN: "Shown advice is ordered by priority"), so it does not save the later rule."""
    rules = SHADOWED.replace("    advice: {title: B}\n", "    advice: {title: B}\n"
                             "    priority: 100\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "p.yaml": rule_file(rules, "pick: first\n")})
    (warning,) = warnings_of(run_cli, kit)
    assert warning.startswith("rules/p.yaml:7:5: warning: rule 'mentor-and-allies' can never "
                              "show: whenever it matches, the earlier rule 'has-a-mentor'")


def test_shadowed_by_several_earlier_rules(run_cli: RunCli, tmp_path: Path) -> None:
    rules = ("  - {id: mentor-yes, when: {mentor: \"yes\"}, advice: {title: A}}\n"
             "  - {id: mentor-no, when: {mentor: \"no\"}, advice: {title: B}}\n"
             "  - {id: mentor-sure, when: {mentor: [\"yes\", \"no\"]}, advice: {title: C}}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "p.yaml": rule_file(rules, "pick: first\n")})
    assert warnings_of(run_cli, kit) == [
        "rules/p.yaml:6:6: warning: rule 'mentor-sure' can never show: whenever it matches, "
        "earlier rules of this pick: first group ('mentor-yes', 'mentor-no') show instead "
        "(checked all 4 combinations of the answers the group reads); move it up or narrow "
        "those rules' 'when'",
    ]


UNREAD = """\
checklist: quiz
rules:
  - id: some
    when: {mentor: "no", hours: {below: 2}}
    advice: {title: Some}
"""


def test_a_question_no_rule_reads(run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path, {"default.yaml": DEFAULT_ONLY, "some.yaml": UNREAD})
    assert warnings_of(run_cli, kit) == [
        f"content/checklists/quiz.yaml:{line}:9: warning: no rule reads question '{name}' "
        "(directly, through a score or in 'logic'), so its answer changes no advice; use it "
        "in a rule's 'when' or a score, or remove it"
        for line, name in ((12, "allies"), (22, "friends"))
    ]  # `notes` is a text question: a note for the participant, never read


@pytest.mark.parametrize("when", [
    "{work: {at_least: 1}, life: {below: 1}}",
    "{logic: {and: [{var: allies}, {\"==\": [{var: friends}, \"no\"]}]}}",
    "{logic: {\"<\": [{var: life}, {var: [work, 0]}]}}",
], ids=["through a score", "in logic", "through a score in logic"])
def test_a_question_read_indirectly_is_read(run_cli: RunCli, tmp_path: Path,
                                            when: str) -> None:
    extra = rule_file(f"  - id: indirect\n    when: {when}\n    advice: {{title: I}}\n")
    kit = make_kit(tmp_path, {"default.yaml": DEFAULT_ONLY, "some.yaml": UNREAD,
                              "x.yaml": extra})
    result = run_cli("check", "--strict", "--kit", str(kit))
    assert result.exit_code == 0, result.stderr


GAPS = """\
checklist: quiz
rules:
  - {id: mentor-no, when: {mentor: "no"}, advice: {title: A}}
  - {id: allies-no, when: {allies: "no"}, advice: {title: B}}
  - {id: friends-blank, when: {friends: {answered: false}}, advice: {title: C}}
  - {id: lots-of-hours, when: {hours: {above: 10}}, advice: {title: D}}
"""


def test_answers_that_get_no_advice(run_cli: RunCli, tmp_path: Path) -> None:
    # mentor and allies: yes or not sure (4 of 9); hours: 0, 10 or 9, not 11 or 40 (3 of 5);
    # friends: any of 3 answers (a blank one is not tried: 3 of 3). 36 of 135.
    kit = make_kit(tmp_path, {"gaps.yaml": GAPS})
    assert warnings_of(run_cli, kit) == [
        "content/checklists/quiz.yaml:1:1: warning: 36 of 135 combinations of answers get no "
        "advice at all (checked all 135 combinations of answers to the questions the rules "
        "read, each one answered), for example: mentor=yes, allies=yes, hours=0, "
        "friends=yes; mentor=yes, allies=yes, hours=0, friends=not_sure; add rules for them, "
        "or a default rule with 'when: {always: true}'",
    ]


def many_questions(count: int) -> str:
    questions = "".join(f"      - {{id: q{i}, text: Question {i}}}\n" for i in range(count))
    return ("title: Many\nanswers:\n  - {value: \"yes\", label: \"Yes\", score: 1}\n"
            "  - {value: \"no\", label: \"No\", score: 0}\n"
            "  - {value: maybe, label: \"Maybe\", score: 0.5}\n"
            f"sections:\n  - id: all\n    title: All\n    questions:\n{questions}")


def test_too_many_answers_to_try_are_sampled(run_cli: RunCli, tmp_path: Path) -> None:
    rules = "".join(f"  - {{id: r{i}, when: {{q{i}: \"no\"}}, advice: {{title: R}}}}\n"
                    for i in range(5))
    wide = ", ".join(f"q{i}: \"no\"" for i in range(5, 20))
    rules += f"  - {{id: wide, when: {{{wide}}}, advice: {{title: W}}}}\n"
    # q0 is answered or it is not: the `any` always holds, over 10 questions
    never = ("{q0: {answered: true}}, {q0: {answered: false}}, "
             + ", ".join(f"{{q{i}: \"yes\"}}" for i in range(1, 10)))
    rules += f"  - {{id: never, when: {{not: {{any: [{never}]}}}}, advice: {{title: N}}}}\n"
    kit = make_kit(tmp_path, {"many.yaml": rule_file(rules)}, many_questions(20))
    # `wide` needs 15 answers at once, which a sample rarely draws; each of its conditions
    # reads its own question, so each is tried apart and it is not reported.
    gaps, never_shows = warnings_of(run_cli, kit)
    # 3 ** 20 complete answers: 5,000 are drawn
    assert re.fullmatch(
        r"content/checklists/quiz\.yaml:1:1: warning: \d[\d,]* combinations of answers get "
        r"no advice at all \(in 5,000 sampled combinations of answers to the questions the "
        r"rules read, each one answered, out of about 3\.5e9\), for example: q0=(yes|maybe), "
        r".*; add rules for them, or a default rule with 'when: \{always: true\}'", gaps)
    # 4 ** 10 answers (blank too) are more than the 300,000 that are all tried
    assert never_shows == (
        "rules/many.yaml:9:6: warning: rule 'never' may never show: its condition did not "
        "hold (in 5,000 sampled combinations of the answers it reads, out of about 1.0e6); "
        "look for parts of 'when' that contradict each other")


def test_many_answers_are_all_tried_in_batches(run_cli: RunCli, tmp_path: Path) -> None:
    # As `never` above, over 9 questions: 4 ** 9 = 262,144 answer sets, all of them tried
    # (they were sampled before the batch path).
    never = ("{q0: {answered: true}}, {q0: {answered: false}}, "
             + ", ".join(f"{{q{i}: \"yes\"}}" for i in range(1, 9)))
    rules = (f"  - {{id: never, when: {{not: {{any: [{never}]}}}}, advice: {{title: N}}}}\n"
             "  - {id: default, when: {always: true}, advice: {title: D}}\n")
    kit = make_kit(tmp_path, {"many.yaml": rule_file(rules)}, many_questions(9))
    assert warnings_of(run_cli, kit) == [
        "rules/many.yaml:3:6: warning: rule 'never' can never show: its condition cannot hold "
        "(checked all 262,144 combinations of the answers it reads); look for parts of "
        "'when' that contradict each other"]


def test_an_advice_section_that_does_not_exist(run_cli: RunCli, tmp_path: Path) -> None:
    rules = rule_file("  - id: lost\n    when: {mentor: \"no\"}\n"
                      "    advice: {title: Lost, section: wrok}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})
    assert warnings_of(run_cli, kit) == [
        "rules/x.yaml:3:5: warning: rule 'lost': advice section 'wrok' is not a section of "
        "checklist 'quiz' (did you mean 'work'?); it will show under 'General'",
    ]


def test_verbose_says_how_each_check_was_decided(run_cli: RunCli) -> None:
    result = run_cli("check", "-v", "--kit", str(ROOT))
    assert result.exit_code == 0, result.stderr
    log = result.stderr.splitlines()
    assert any(re.fullmatch(r"rules/tests/network\.yaml:\d+:5: rule test 'strong at work, "
                            r"alone outside it' passed", line) for line in log)
    assert any(re.fullmatch(r"rules/instrumental\.yaml:\d+:5: rule 'find-a-sounding-board' "
                            r"\(reads sounding_board\): its condition can hold \(checked all "
                            r"4 combinations of the answers it reads\)", line) for line in log)
    assert any(line.startswith("rules/profiles.yaml: pick: first group: checked all 4,096 "
                               "combinations") for line in log)
    assert any(re.fullmatch(r"content/checklists/network\.yaml:\d+:1: the rules read 6 "
                            r"questions; 0 unread", line) for line in log)
    assert re.fullmatch(r"checked in \d+\.\d\d s", log[-1])


def test_the_minimal_kit_gets_two_warnings(run_cli: RunCli) -> None:
    """Its `allies` question feeds no rule or score, and "all is well" gets no advice."""
    lines = warnings_of(run_cli, MINIMAL)
    assert [line.split(": warning: ")[0] for line in lines] == [
        "content/checklists/quiz.yaml:1:1", "content/checklists/quiz.yaml:12:9"]
    assert "12 of 27 combinations of answers get no advice at all" in lines[0]
    assert "no rule reads question 'allies'" in lines[1]


NEVER = rule_file("  - id: never\n    when: {all: [{mentor: \"yes\"}, {mentor: \"no\"}]}\n"
                  "    advice: {title: N}\n")


def test_the_build_prints_the_warnings_and_succeeds(run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"base.yaml": BASE, "x.yaml": NEVER})
    warned = warnings_of(run_cli, kit)
    result = run_cli("build", "--kit", str(kit), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == warned
    assert result.stdout.startswith("built 5 pages and 1 PDF")  # 404.html among them
    assert (tmp_path / "out" / "index.html").is_file()


def test_the_build_reuses_the_rule_checks_while_the_rules_are_unchanged(
        run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"base.yaml": BASE, "x.yaml": NEVER})

    def build() -> tuple[str, list[str]]:
        result = run_cli("build", "-v", "--kit", str(kit), "--out", str(tmp_path / "out"))
        assert result.exit_code == 0, result.stderr
        lines = result.stderr.splitlines()
        (step,) = (line for line in lines if "checked the rules" in line)
        return step.split("rule checks ")[1], [w for w in lines if ": warning: " in w]

    made, warned = build()
    assert made == "made" and [w.split(": warning: ")[0] for w in warned] == ["rules/x.yaml:3:5"]
    (kit / "content" / "index.md").write_text("---\ntitle: Home\n---\n\nChanged.\n")
    assert build() == ("reused from the cache", warned)
    # The same rules one line lower: the findings name the new line.
    (kit / "rules" / "x.yaml").write_text("# moved\n" + NEVER, encoding="utf-8")
    made, warned = build()
    assert made == "made" and [w.split(": warning: ")[0] for w in warned] == ["rules/x.yaml:4:5"]
    (kit / "rules" / "x.yaml").unlink()  # fixed
    assert build() == ("made", [])
    result = run_cli("build", "-v", "--no-cache", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert "rule checks made" in result.stderr


def test_a_damaged_lint_entry_is_made_again(run_cli: RunCli, tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"base.yaml": BASE, "x.yaml": NEVER})
    first = run_cli("build", "--kit", str(kit), "--out", str(tmp_path / "out"))
    (entry,) = (kit / ".site-builder-cache" / "lint").iterdir()
    entry.write_bytes(entry.read_bytes().replace(b"never show", b"always show"))
    again = run_cli("build", "--kit", str(kit), "--out", str(tmp_path / "out"))
    assert again.exit_code == 0
    assert again.stderr.splitlines() == [".site-builder-cache: warning: 1 damaged, unreadable "
                                         "or foreign cache entries were ignored and their "
                                         "results made again", *first.stderr.splitlines()]


def test_the_check_step_lints_only_when_asked(tmp_path: Path) -> None:
    kit = load_kit(make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": NEVER}))
    assert check_kit(kit).diagnostics == ()
    assert len(check_kit(kit, lint=True).diagnostics) == 1


def test_a_kit_with_errors_is_not_linted(run_cli: RunCli, tmp_path: Path) -> None:
    rules = rule_file("  - id: never\n    when: {work: {above: 2}}\n    advice: {title: N}\n")
    kit = make_kit(tmp_path, {"base.yaml": BASE, "x.yaml": rules})
    (kit / "rules" / "tests").mkdir()
    (kit / "rules" / "tests" / "t.yaml").write_text(
        "checklist: quiz\ncases:\n  - {name: fails, answers: {}, expect: [never]}\n",
        encoding="utf-8")
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 1
    assert "can never show" not in result.stderr
    assert "rule test 'fails' failed" in result.stderr
