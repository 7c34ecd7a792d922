"""`site-builder deploy`, end to end against a bare repository as `origin`: what is pushed,
the history it keeps, and each refusal (one line, exit status 1, nothing pushed, the kit's
branch, index and files as they were)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from site_builder.deploy import pages_address, push_refused
from site_builder.render.output import MARKER
from tests.git_repos import (
    KitState,
    Repo,
    files_of_commit,
    files_of_folder,
    git,
    isolate_git,
    make_repo,
)
from tests.kits import MINIMAL, ROOT
from tests.runner import RunCli


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Git without this machine's config, and a temporary folder of the test's own, to
    see that a deploy leaves nothing in it."""
    isolate_git(tmp_path, monkeypatch)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    return temp


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_repo(MINIMAL, tmp_path)


def deploy(run_cli: RunCli, repo: Repo, *args: str) -> tuple[int, str, str]:
    result = run_cli("deploy", "--kit", str(repo.kit), *args)
    return result.exit_code, result.stdout, result.stderr


def test_deploy_pushes_the_built_site_with_nojekyll_and_leaves_the_kit_alone(
        run_cli: RunCli, repo: Repo, tmp_path: Path, private_temp: Path) -> None:
    # A page saved again unchanged: `git status` would refresh the kit's index if it could.
    page = repo.kit / "content" / "index.md"
    os.utime(page, (time.time() + 5, time.time() + 5))
    before = KitState.of(repo.kit)
    status, out, err = deploy(run_cli, repo)
    assert status == 0, err
    source = before.commit
    assert f"built from {source[:12]} to the branch gh-pages" in out
    assert out.rstrip().endswith("pushed to origin")

    pushed = repo.pushed()
    assert pushed is not None and pushed == repo.local()
    built = run_cli("build", "--kit", str(repo.kit), "--out", str(tmp_path / "built"))
    assert built.exit_code == 0, built.stderr
    expected = files_of_folder(tmp_path / "built")
    assert MARKER in expected
    del expected[MARKER]
    assert files_of_commit(repo.origin, pushed) == {**expected, ".nojekyll": b""}

    message = git(repo.origin, "log", "-1", "--format=%B", pushed)
    assert message.startswith(f"Deploy {source[:12]} with site-builder ")
    assert f"commit {source}." in message and "uncommitted" not in message
    assert git(repo.origin, "rev-list", "--count", pushed).strip() == "1"
    # The kit's branch, commit, index and files are as they were, and output/ was not made.
    assert KitState.of(repo.kit) == before
    assert not (repo.kit / "output").exists()
    assert list(private_temp.iterdir()) == []


def test_a_second_deploy_adds_a_commit_and_an_unchanged_one_says_so(
        run_cli: RunCli, repo: Repo) -> None:
    assert deploy(run_cli, repo)[0] == 0
    first = repo.pushed()
    page = repo.kit / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                    encoding="utf-8")
    source = repo.commit_all("A sentence")

    status, out, err = deploy(run_cli, repo)
    assert status == 0, err
    second = repo.pushed()
    assert second != first
    assert git(repo.origin, "rev-list", "--parents", "-n", "1", str(second)).split() == \
        [second, first]
    assert b"A sentence added later." in files_of_commit(repo.origin, str(second))["index.html"]
    assert f"built from {source[:12]}" in out

    status, out, err = deploy(run_cli, repo)
    assert status == 0, err
    assert repo.pushed() == second
    assert "is the same as the last deploy on the branch gh-pages" in out
    assert "no new commit; origin already has it" in out


def test_no_push_commits_locally_and_the_next_deploy_pushes_it(
        run_cli: RunCli, repo: Repo) -> None:
    status, out, err = deploy(run_cli, repo, "--no-push", "--branch", "site", "-m", "By hand")
    assert status == 0, err
    assert repo.local("site") is not None and repo.pushed("site") is None
    assert "not pushed (--no-push): 'git push origin site' publishes it" in out
    assert git(repo.kit, "log", "-1", "--format=%B", "site").strip() == "By hand"

    status, out, err = deploy(run_cli, repo, "--branch", "site")
    assert status == 0, err
    assert "is the same as the last deploy" in out and "pushed to origin" in out
    assert repo.pushed("site") == repo.local("site")


def test_the_published_history_is_built_on(run_cli: RunCli, repo: Repo,
                                           tmp_path: Path) -> None:
    """Deployed from another clone meanwhile: this deploy builds on the remote's commit."""
    assert deploy(run_cli, repo)[0] == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(repo.origin), str(other))
    (other / "extra.txt").write_text("from elsewhere\n", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "-c", "user.name=Other", "-c", "user.email=o@example.org", "commit", "-qm", "x")
    git(other, "push", "-q", "origin", "gh-pages")
    theirs = repo.pushed()

    status, _, err = deploy(run_cli, repo)
    assert status == 0, err
    assert git(repo.origin, "rev-parse", "gh-pages^").strip() == theirs
    assert "extra.txt" not in files_of_commit(repo.origin, "gh-pages")


def refused(run_cli: RunCli, repo: Repo, *args: str, built: bool = False) -> str:
    """Deploy refused: exit status 1, one line on standard error, nothing pushed; unless
    `built`, refused before the build began (it would have made the kit's cache)."""
    before = KitState.of(repo.kit) if (repo.kit / ".git").exists() else None
    status, out, err = deploy(run_cli, repo, *args)
    assert status == 1, out + err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{repo.kit}: error: "), err
    assert repo.pushed() is None
    assert built or not (repo.kit / ".site-builder-cache").exists()
    if before is not None:
        assert KitState.of(repo.kit) == before
    return lines[0]


def test_refused_outside_a_git_repository(run_cli: RunCli, tmp_path: Path) -> None:
    repo = Repo(Path(shutil.copytree(MINIMAL, tmp_path / "plain")),
                make_repo(MINIMAL, tmp_path / "r").origin)
    assert "the kit is not in a git repository" in refused(run_cli, repo)


def test_refused_without_git(run_cli: RunCli, repo: Repo, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    before = KitState.of(repo.kit)
    with monkeypatch.context() as patch:
        patch.setenv("PATH", str(tmp_path / "empty"))
        status, out, err = deploy(run_cli, repo)
    assert status == 1, out + err
    assert err.startswith(f"{repo.kit}: error: git is not installed (or not on the PATH)")
    assert len(err.splitlines()) == 1
    assert KitState.of(repo.kit) == before and repo.pushed() is None


def test_refused_with_uncommitted_changes_unless_forced(run_cli: RunCli, repo: Repo) -> None:
    page = repo.kit / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNot committed.\n", encoding="utf-8")
    (repo.kit / "content" / "new.md").write_text("---\ntitle: New\n---\nNew.\n",
                                                 encoding="utf-8")
    line = refused(run_cli, repo)
    assert "uncommitted changes (content/index.md, content/new.md)" in line
    assert "--force" in line

    status, out, err = deploy(run_cli, repo, "--force")
    assert status == 0, err
    assert "and uncommitted changes to the branch gh-pages" in out
    message = git(repo.origin, "log", "-1", "--format=%B", "gh-pages")
    assert "with uncommitted changes in the kit (deployed with --force)" in message
    assert b"Not committed." in files_of_commit(repo.origin, "gh-pages")["index.html"]


def test_what_site_builder_writes_in_the_kit_is_no_uncommitted_change(
        run_cli: RunCli, repo: Repo) -> None:
    """output/, reports/ and the cache count for nothing, even when git does not ignore
    them."""
    (repo.kit / ".gitignore").unlink()
    repo.commit_all("No .gitignore")
    assert run_cli("build", "--kit", str(repo.kit)).exit_code == 0
    (repo.kit / "reports").mkdir()
    (repo.kit / "reports" / "a.pdf").write_bytes(b"%PDF")
    status, _, err = deploy(run_cli, repo)
    assert status == 0, err
    assert "output/index.html" not in files_of_commit(repo.origin, "gh-pages")


def test_refused_without_the_remote(run_cli: RunCli, repo: Repo) -> None:
    line = refused(run_cli, repo, "--remote", "upstream")
    assert "no remote named 'upstream' (it has origin)" in line
    git(repo.kit, "remote", "remove", "origin")
    assert "no remote named 'origin': add it with 'git remote add origin URL'" in \
        refused(run_cli, repo)


def test_refused_when_the_remote_cannot_be_reached(run_cli: RunCli, repo: Repo) -> None:
    git(repo.kit, "remote", "set-url", "origin", str(repo.origin.parent / "gone.git"))
    line = refused(run_cli, repo)
    assert "cannot reach the remote 'origin'" in line and "--no-push" in line
    assert repo.local() is None


def test_a_rejected_push_says_why_and_keeps_the_commit(run_cli: RunCli, repo: Repo) -> None:
    hook = repo.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'gh-pages is protected here'\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    line = refused(run_cli, repo, built=True)
    assert "'origin' refused the push to 'gh-pages' (pre-receive hook declined; gh-pages " \
        "is protected here)" in line
    assert "the new commit is on the local branch 'gh-pages'" in line
    kept = repo.local()
    assert kept is not None

    hook.unlink()  # the remote allows it now: the next deploy pushes the kept commit
    status, out, err = deploy(run_cli, repo)
    assert status == 0, err
    assert "is the same as the last deploy" in out and out.rstrip().endswith("pushed to origin")
    assert repo.pushed() == repo.local() == kept


def test_a_push_that_is_not_a_fast_forward_says_to_deploy_again(run_cli: RunCli,
                                                                repo: Repo) -> None:
    """What git answers when someone deployed between this deploy's fetch and its push
    (a branch that does not build on the remote's), worded by `push_refused`."""
    assert deploy(run_cli, repo)[0] == 0
    git(repo.kit, "update-ref", "refs/heads/gh-pages",
        git(repo.kit, "commit-tree", "-m", "elsewhere", "HEAD^{tree}").strip())
    done = subprocess.run(["git", "push", "--porcelain", "origin",
                           "refs/heads/gh-pages:refs/heads/gh-pages"], cwd=repo.kit,
                          capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
                          check=False)
    assert done.returncode != 0
    line = push_refused("origin", "gh-pages", done.stdout, done.stderr)
    assert line == ("'origin' refused the push: its branch 'gh-pages' has commits this "
                    "deploy did not build on (non-fast-forward: someone deployed meanwhile?); "
                    "run deploy again, which builds on them")


def test_refused_when_git_has_no_identity(run_cli: RunCli, repo: Repo) -> None:
    for key in ("user.name", "user.email"):
        git(repo.kit, "config", "--unset", key)
    git(repo.kit, "config", "user.useConfigOnly", "true")  # no guess from the host's name
    line = refused(run_cli, repo)
    assert "git does not know your name and email" in line
    assert "git config --global user.email" in line


def test_refused_on_the_branch_being_worked_on(run_cli: RunCli, repo: Repo) -> None:
    line = refused(run_cli, repo, "--branch", "main")
    assert f"the branch 'main' is checked out (in {repo.kit})" in line
    assert "not a valid branch name" in refused(run_cli, repo, "--branch", "a..b")


def test_refused_before_the_first_commit(run_cli: RunCli, tmp_path: Path) -> None:
    repo = make_repo(MINIMAL, tmp_path)
    git(repo.kit, "update-ref", "-d", "HEAD")
    assert "the repository has no commit yet" in refused(run_cli, repo, "--force")


def test_a_failed_build_prints_what_build_prints(run_cli: RunCli, repo: Repo) -> None:
    rules = repo.kit / "rules" / "advice.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("mentor:", "mentr:"),
                     encoding="utf-8")
    repo.commit_all("A mistake")
    status, _, err = deploy(run_cli, repo)
    built = run_cli("build", "--kit", str(repo.kit), "--out", str(repo.kit.parent / "b"))
    assert status == built.exit_code == 1
    assert err.splitlines()[:-1] == built.stderr.splitlines()[:-1]
    assert "unknown question 'mentr'" in err
    assert err.splitlines()[-1] == "1 error; nothing was deployed"
    assert repo.pushed() is None and repo.local() is None


def test_the_default_kit_at_a_sub_folder_of_its_repository(run_cli: RunCli,
                                                          tmp_path: Path) -> None:
    """A kit in a folder of a larger repository: its changes count, the others' do not."""
    from site_builder.new import copy_kit

    repo = make_repo(MINIMAL, tmp_path)
    kit = copy_kit(ROOT, repo.kit / "workshop")
    (repo.kit / "NOTES.txt").write_text("outside the kit\n", encoding="utf-8")
    git(repo.kit, "add", "workshop")
    git(repo.kit, "commit", "-qm", "The workshop")
    result = run_cli("deploy", "--kit", str(kit))
    assert result.exit_code == 0, result.stderr
    assert "checklists/network.html" in files_of_commit(repo.origin, "gh-pages")


@pytest.mark.parametrize(("url", "address"), [
    ("git@github.com:Team/workshops.git", "https://team.github.io/workshops/"),
    ("https://github.com/team/workshops", "https://team.github.io/workshops/"),
    ("https://github.com/Team/team.github.io.git", "https://team.github.io/"),
    ("https://gitlab.com/team/workshops.git", None),
])
def test_github_pages_address(url: str, address: str | None) -> None:
    assert pages_address(url) == address


def run_deploy_process(repo: Repo, temp: Path) -> subprocess.Popen[str]:
    """`site-builder deploy` in a session of its own, as from a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "deploy", "--kit", str(repo.kit)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, "TMPDIR": str(temp)})


def wait_for(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize(("moment", "number"), [
    ("building", signal.SIGINT), ("pushing", signal.SIGINT), ("pushing", signal.SIGTERM)])
def test_ctrl_c_stops_cleanly(repo: Repo, private_temp: Path, moment: str,
                              number: signal.Signals) -> None:
    """Ctrl-C (SIGINT to the whole terminal's group, git and its hooks included) or SIGTERM
    while the site is built or pushed: exit 130 or 143, one line, nothing pushed, the kit
    as it was, no temporary folder left."""
    flag = repo.kit.parent / "pushing"
    hook = repo.kit / ".git" / "hooks" / "pre-push"
    hook.write_text(f"#!/bin/sh\ntouch '{flag}'\nsleep 30\n", encoding="utf-8")
    hook.chmod(0o755)
    before = KitState.of(repo.kit)
    process = run_deploy_process(repo, private_temp)
    if moment == "building":
        wait_for(lambda: any(private_temp.glob("site-builder-deploy-*/.site.building-*")))
    else:
        wait_for(flag.exists)
    os.killpg(process.pid, number)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + number, err
    assert err.splitlines() == ["stopped; the kit's own branch, index and files are as they "
                                "were; deploy again to publish the site"]
    assert repo.pushed() is None
    assert KitState.of(repo.kit) == before
    assert list(private_temp.iterdir()) == []
