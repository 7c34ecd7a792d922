"""A second kit, written from DESIGN.md alone: "Feedback habits" (fixtures/kits/second/).

It uses what the default kit does not: a per-question answer scale, number and text
questions, a score over listed questions, every form of condition (`logic` too), a
rule file in a subfolder, nested content folders, an image, a draft page and extra
front matter. The advice each set of answers gets was worked out by hand from the
rules; the comments in the answer files (fixtures/answers/habits/) give the scores.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

HERE = Path(__file__).resolve().parent
KIT = HERE / "fixtures" / "kits" / "second"
ANSWERS = HERE / "fixtures" / "answers" / "habits"

# Display order: priority (higher first), then the rule file's path, then position:
# 100 profile.yaml (pick: first) | 30 plan-the-hard-conversation | 25 build-safety-first
# | 20 start-asking, be-specific | 15 make-time-to-talk | 10 act-on-feedback,
# give-it-sooner | 5 time-without-substance | 0 the rest, by path: asking.yaml,
# extra/combinations.yaml, giving.yaml, setting.yaml.
EXPECTED = {
    "struggling.yaml": (
        ["profile-getting-started", "build-safety-first", "start-asking", "be-specific",
         "make-time-to-talk", "act-on-feedback", "give-it-sooner", "close-the-loop",
         "notice-the-good"],
        {"asking": 1, "giving_core": 0},
    ),
    "strong.json": (
        ["profile-feedback-culture", "plan-the-hard-conversation", "keep-asking-well",
         "protect-your-calendar"],
        {"asking": 6, "giving_core": 3},
    ),
    # profile-generous-giver matches too, but profile-good-listener comes first in its file
    "listener.yaml": (
        ["profile-good-listener", "close-the-loop", "open-team-quiet-you", "notice-the-good",
         "balance-your-feedback", "name-a-conversation"],
        {"asking": 4, "giving_core": 3},
    ),
    # nothing on asking answered: no asking rule holds, the logic rule does
    "busy.json": (
        ["profile-getting-started", "be-specific", "give-it-sooner", "time-without-substance",
         "name-a-conversation"],
        {"asking": 0, "giving_core": 1},
    ),
}

RunCli = Callable[..., Result]


def explain_json(run_cli: RunCli, answers: Path) -> dict[str, Any]:
    result = run_cli("explain", str(answers), "--kit", str(KIT), "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_check_passes(run_cli: RunCli) -> None:
    result = run_cli("check", "--kit", str(KIT))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "ok: 3 pages, 1 checklist, 19 rules, 4 rule tests passed"


@pytest.mark.parametrize("name", EXPECTED)
def test_explain_shows_what_the_rules_imply(run_cli: RunCli, name: str) -> None:
    shown, scores = EXPECTED[name]
    data = explain_json(run_cli, ANSWERS / name)
    assert data["checklist"] == "habits"
    assert data["version"] == "2026.1"
    assert data["shown"] == shown
    assert data["scores"] == scores
    assert [r["id"] for r in data["rules"] if r["shown"]] == sorted(
        shown, key=[r["id"] for r in data["rules"]].index)


def test_answers_by_label_and_blank_text(run_cli: RunCli) -> None:
    answers = explain_json(run_cli, ANSWERS / "listener.yaml")["answers"]
    assert answers["ask_for_feedback"] == "sometimes"
    assert answers["act_on_feedback"] == "often"
    assert answers["follow_up"] == "partly"
    assert answers["hardest_conversation"] is None


def test_pick_first_says_which_rule_came_first(run_cli: RunCli) -> None:
    rules = {r["id"]: r for r in explain_json(run_cli, ANSWERS / "listener.yaml")["rules"]}
    giver = rules["profile-generous-giver"]
    assert giver["matched"] and not giver["shown"]
    assert giver["hidden_by"] == "profile-good-listener"
    assert rules["profile-getting-started"]["hidden_by"] == "profile-good-listener"


def test_the_saved_download_is_accepted_without_a_warning(run_cli: RunCli) -> None:
    saved = json.loads((ANSWERS / "strong.json").read_text(encoding="utf-8"))
    assert saved["format"] == "site-builder/answers"
    result = run_cli("explain", str(ANSWERS / "strong.json"), "--kit", str(KIT), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_a_download_from_an_older_version_warns_and_still_explains(
        run_cli: RunCli, tmp_path: Path) -> None:
    saved = json.loads((ANSWERS / "strong.json").read_text(encoding="utf-8"))
    saved["version"] = "2025.9"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(saved), encoding="utf-8")
    result = run_cli("explain", str(old), "--kit", str(KIT), "--json")
    assert result.exit_code == 0, result.stderr
    assert "warning" in result.stderr and "2025.9" in result.stderr and "2026.1" in result.stderr
    assert json.loads(result.stdout)["shown"] == EXPECTED["strong.json"][0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from site_builder.cli import cli

    out = tmp_path_factory.mktemp("second") / "out"
    result = CliRunner().invoke(cli, ["build", "--kit", str(KIT), "--out", str(out),
                                      "--no-cache"])  # leave no cache in the fixture
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_build_publishes_every_page_but_the_draft(built: Path) -> None:
    for name in ("index.html", "guides/deep.html", "facilitator.html",
                 "checklists/habits.html", "images/loop.png"):
        assert (built / name).is_file(), name
    assert not (built / "guides" / "draft-notes.html").exists()
    assert "Notes for the next edition" not in "".join(
        p.read_text(encoding="utf-8") for p in built.rglob("*.html"))
    assert (built / "images/loop.png").read_bytes() == \
        (KIT / "content/images/loop.png").read_bytes()


def test_build_rewrites_links_relative_to_each_page(built: Path) -> None:
    deep = (built / "guides" / "deep.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in deep
    assert 'href="../checklists/habits.html#section-asking"' in deep
    assert 'href="https://example.org/feedback"' in deep
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'src="images/loop.png"' in index
    assert 'href="guides/deep.html"' in index
    assert 'href="checklists/habits.html"' in index


def test_extra_front_matter_reaches_templates_and_drafts_are_left_out() -> None:
    from site_builder.kit.load import load_kit

    pages = {page.source: page for page in load_kit(KIT).pages}
    assert sorted(pages) == ["facilitator.md", "guides/deep.md", "index.md"]
    assert pages["facilitator.md"].meta == {
        "duration_minutes": 60, "audience": ["team leads", "coaches"],
        "materials": {"printed": "worksheet", "online": "self-assessment"},
    }
    assert pages["facilitator.md"].print is True
    assert pages["index.md"].meta == {}
