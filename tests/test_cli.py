"""The command line, exercised for real: options, exit statuses, what is imported."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from site_builder import __version__
from tests.kits import ROOT
from tests.runner import RunCli

DESIGN_EXAMPLE = {
    "sounding_board": "yes", "cross_org_allies": "yes", "industry_peers": "yes",
    "confidant": "no", "similar_situation": "no", "long_time_friends": "not_sure",
}


def python(*code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *code], capture_output=True, text=True, cwd=ROOT,
                          check=False)


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_python_dash_m_runs_the_cli() -> None:
    result = python("-m", "site_builder", "--version")
    assert result.returncode == 0, result.stderr
    assert "site-builder" in result.stdout


def test_help_and_check_do_not_load_weasyprint() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from site_builder.cli import cli\n"
        "for args in (['--help'], ['check', '--kit', sys.argv[1]]):\n"
        "    result = CliRunner().invoke(cli, args)\n"
        "    assert result.exit_code == 0, result.output\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = python("-c", probe, str(ROOT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_unknown_option_is_a_usage_error(run_cli: RunCli) -> None:
    assert run_cli("build", "--no-such-option").exit_code == 2


def test_check_passes_on_the_default_kit(run_cli: RunCli) -> None:
    result = run_cli("check", "--kit", str(ROOT))
    assert result.exit_code == 0, result.stderr
    # each translation's completeness, then the summary
    *languages, summary = result.stdout.splitlines()
    assert re.fullmatch(r"fr: (\d+) of \1 texts", languages[0]), result.stdout
    assert summary.startswith("ok: ") and "rule tests passed" in summary


def not_a_kit(folder: Path) -> list[str]:
    """What `check` says of a folder that is not a kit, line by line."""
    return [
        "content: error: the kit has no content/ folder; add one with at least an index.md page",
        f"site.yaml: error: no site.yaml in {folder}: is this a kit folder? (use --kit DIR to "
        "name one, or 'site-builder new DIR' to start one)",
        "2 errors",
    ]


def test_check_on_a_folder_that_is_not_a_kit(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--kit", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == not_a_kit(tmp_path)
    assert result.stdout == ""


def test_the_installed_command_says_the_same_and_nothing_more(tmp_path: Path) -> None:
    """Through `main`, which turns a bug into an 'internal error' line, in a real process:
    where a traceback or that line would show."""
    result = python("-m", "site_builder", "check", "--kit", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == not_a_kit(tmp_path)
    assert result.stdout == ""


def test_explain_json_gives_the_design_example(run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"{k}: {v}\n" for k, v in DESIGN_EXAMPLE.items()))
    result = run_cli("explain", str(answers), "--kit", str(ROOT), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["checklist"] == "network"
    assert data["scores"] == {"instrumental": 3, "psychosocial": 0.5}
    assert data["shown"][0] == "profile-connected-but-alone"
    assert "invest-in-a-few-close-ties" in data["shown"]
    assert "broaden-your-reach" not in data["shown"]
    assert len(data["rules"]) == 12
    by_id = {r["id"]: r for r in data["rules"]}
    assert by_id["profile-building-both"]["hidden_by"] == "profile-connected-but-alone"
    assert by_id["profile-well-supported"]["conditions"][1]["holds"] is False


def test_explain_accepts_the_saved_download(run_cli: RunCli, tmp_path: Path) -> None:
    saved = tmp_path / "my-answers.json"
    check = run_cli("explain", "--kit", str(ROOT), "--json", str(_yaml(tmp_path)))
    version = json.loads(check.stdout)["version"]
    saved.write_text(json.dumps({"format": "site-builder/answers", "checklist": "network",
                                 "version": version, "answers": DESIGN_EXAMPLE}))
    result = run_cli("explain", str(saved), "--kit", str(ROOT), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["shown"] == json.loads(check.stdout)["shown"]


def _yaml(tmp_path: Path) -> Path:
    path = tmp_path / "plain.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in DESIGN_EXAMPLE.items()))
    return path


def test_explain_reports_bad_answers_with_their_place(run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "bad.yaml"
    answers.write_text('sounding_bord: "yes"\nconfidant: maybe\n')
    result = run_cli("explain", str(answers), "--kit", str(ROOT))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{answers}:1:1: error: 'sounding_bord' is not a question")
    assert "(did you mean 'sounding_board'?)" in lines[0]
    assert lines[1] == (f"{answers}:2:1: error: 'maybe' is not an answer to 'confidant'; "
                        "allowed: 'yes' (Yes), 'not_sure' (Not sure), 'no' (No)")


def test_explain_text_names_every_rule(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("explain", str(_yaml(tmp_path)), "--kit", str(ROOT))
    assert result.exit_code == 0
    assert "profile-connected-but-alone (rules/profiles.yaml): shown" in result.stdout
    assert "came first in rules/profiles.yaml" in result.stdout
    assert "[yes] Instrumental support score is at least 2" in result.stdout


def test_a_signal_caught_inside_eval_still_exits_with_its_own_status(tmp_path: Path) -> None:
    """A stop that lands while dataclasses or namedtuple `eval` a string (imports made while
    reports render) must not turn `python -m site_builder`'s exit status 143 into death by
    SIGINT: CPython would count a bare KeyboardInterrupt leaving that `eval` as unhandled."""
    (tmp_path / "stopping.py").write_text(
        "import sys\n"
        "from site_builder.cli import stopped_by_signals\n"
        "try:\n"
        "    with stopped_by_signals() as stopped:\n"
        "        eval(\"__import__('signal').raise_signal(15) or 0\")\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(128 + stopped[0])\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "stopping"], cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 143


def test_a_forked_worker_stopped_before_its_set_up_dies_by_the_signal(tmp_path: Path) -> None:
    """A worker forked while the build's handler is in place, and sent SIGTERM before it
    sets its own (the build ending its workers under load): it dies by the signal, as a
    worker should, instead of raising the build's stop (a traceback) or living on with
    SIGTERM ignored (the build waiting on it for ever)."""
    (tmp_path / "forking.py").write_text(
        "import os, signal, sys, time\n"
        "from site_builder.cli import stopped_by_signals\n"
        "with stopped_by_signals():\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        try:\n"
        "            time.sleep(30)\n"
        "        finally:\n"
        "            os._exit(3)\n"
        "    time.sleep(0.5)\n"
        "    os.kill(child, signal.SIGTERM)\n"
        "    _, status = os.waitpid(child, 0)\n"
        "print(os.WIFSIGNALED(status) and os.WTERMSIG(status))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "forking.py"], cwd=tmp_path, timeout=60,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == str(int(signal.SIGTERM)), done.stderr
