"""`site-builder deploy`: check the repository -> build into a private folder -> write its
files as a tree -> commit it on the deploy branch (gh-pages) -> push the branch.

Git itself does the work, through its plumbing, with a private index file: the site's files
become objects and a tree, `commit-tree` makes the commit on top of the branch's published
history, and `update-ref` moves only that branch. So the kit's own branch, index and working
tree are never touched, and the site is built in a temporary folder, not in output/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder import __version__
from site_builder.build import BuildResult, build
from site_builder.diagnostics import Diagnostic, Location, Log, quiet
from site_builder.render.output import MARKER

# What site-builder itself writes into a kit: not the kit's source, so not "uncommitted
# changes" even when the kit's .gitignore does not list them.
WRITTEN_BY_US = ("output", "reports", ".site-builder-cache")
SHOWN_CHANGES = 3  # uncommitted files named in the refusal


class DeployError(Exception):
    """Why the deploy was refused or failed: one line, located at the kit or repository."""

    def __init__(self, where: Path, message: str) -> None:
        self.diagnostic = Diagnostic(Location(str(where)), message)
        super().__init__(str(self.diagnostic))


@dataclass(frozen=True)
class DeployResult:
    built: BuildResult
    branch: str
    commit: str  # the branch's tip after the deploy
    source: str  # the kit's commit the site was built from
    dirty: bool  # the kit had uncommitted changes (deployed with --force)
    changed: bool  # False: the site is the same as the branch's last deploy
    pushed: str | None  # the remote pushed to; None with --no-push or nothing to push
    remote_url: str | None


@dataclass(frozen=True)
class Options:
    branch: str = "gh-pages"
    remote: str = "origin"
    message: str | None = None
    force: bool = False
    push: bool = True


def deploy(kit_root: Path, options: Options, log: Log = quiet, jobs: int | None = None,
           use_cache: bool = True) -> DeployResult:
    """Build the kit and publish it on `options.branch`; DeployError when refused, KitError
    when the build fails."""
    git, source, dirty, remote_url = check_repository(kit_root, options)
    log(f"deploying {source[:12]} to the branch {options.branch}")
    with tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as work:
        built = build(kit_root, Path(work) / "site", log, jobs, use_cache)
        tree = git.write_site_tree(built.out, Path(work) / "index")
    commit, changed, published = commit_site(git, tree, message_for(source, dirty, options),
                                             options)
    pushed = None
    if options.push and commit != published:
        log(f"pushing {options.branch} to {options.remote}")
        git.push(options.remote, options.branch)
        pushed = options.remote
    return DeployResult(built, options.branch, commit, source, bool(dirty), changed, pushed,
                        remote_url)


def check_repository(kit_root: Path, options: Options) -> tuple[Git, str, list[str], str | None]:
    """Everything that can refuse the deploy before the build, so that it is said at once:
    the repository, its commit, the branch, the remote, git's identity, uncommitted
    changes. Returns git, the kit's commit, its uncommitted files and the remote's URL."""
    git = open_repository(kit_root)
    source = git.head()
    check_branch(git, options.branch)
    remote_url = None
    if options.push:
        remote_url = git.remote_url(options.remote)
        git.remote_tip(options.remote, options.branch)  # reachable
    git.check_identity()
    dirty = uncommitted_changes(git)
    if dirty and not options.force:
        raise git.refuse(f"the kit has uncommitted changes ({describe(dirty)}): commit them, "
                         "so the site names the commit it was built from, or deploy anyway "
                         "with --force")
    return git, source, dirty, remote_url


def commit_site(git: Git, tree: str, message: str,
                options: Options) -> tuple[str, bool, str | None]:
    """The branch moved to a new commit of `tree` on top of its history, or left where it
    is when that commit's tree is the same. Returns the commit, whether it is new, and the
    remote's tip (None when not pushing or the remote has no such branch)."""
    local = git.commit_of(f"refs/heads/{options.branch}")
    published = git.fetch_branch(options.remote, options.branch) if options.push else None
    parent = base_commit(git, local, published, options)
    if parent is not None and git.tree_of(parent) == tree:
        commit, changed = parent, False
    else:
        commit, changed = git.commit(tree, parent, message), True
    if commit != local:
        git.move_branch(options.branch, commit, local)
    return commit, changed, published


def open_repository(kit_root: Path) -> Git:
    """The kit's repository, refused when git is missing or the kit is in none."""
    if not kit_root.is_dir():
        raise DeployError(kit_root, "this kit folder does not exist")
    executable = shutil.which("git")
    if executable is None:
        raise DeployError(kit_root, "git is not installed (or not on the PATH): deploy "
                          "commits the site with it; install it (on Debian or Ubuntu: "
                          "apt-get install git) and try again")
    git = Git(executable, kit_root)
    found = git.run("rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        if "not a git repository" in found.stderr:
            raise git.refuse("the kit is not in a git repository: deploy commits the site to "
                             "a branch of it; run 'git init', commit the kit and add a remote "
                             "('git remote add origin URL'), then deploy again")
        raise git.refuse(f"git cannot use the repository here: {git_says(found.stderr)}")
    return git


def check_branch(git: Git, branch: str) -> None:
    """The deploy branch is a valid name, and no working tree has it checked out."""
    if git.run("check-ref-format", "--branch", branch, check=False).returncode != 0:
        raise git.refuse(f"'{branch}' is not a valid branch name; name another with --branch")
    worktree = ""
    for line in git.run("worktree", "list", "--porcelain").stdout.splitlines():
        worktree = line.removeprefix("worktree ") if line.startswith("worktree ") else worktree
        if line == f"branch refs/heads/{branch}":
            raise git.refuse(f"the branch '{branch}' is checked out (in {worktree}): deploy "
                             "replaces that branch's files, so it must not be one you work "
                             "on; name another with --branch")


def uncommitted_changes(git: Git) -> list[str]:
    """The kit's files that differ from its commit: changed, staged or new (not ignored)."""
    status = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".",
                     *(f":(exclude){name}" for name in WRITTEN_BY_US))
    entries = status.stdout.split("\0")
    paths: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        if entry:
            paths.append(entry[3:])
            if entry[0] in "RC":  # a rename or copy is followed by its old path
                index += 1
        index += 1
    return paths


def describe(paths: Sequence[str]) -> str:
    shown = ", ".join(paths[:SHOWN_CHANGES])
    more = len(paths) - SHOWN_CHANGES
    return shown + (f" and {more} more" if more > 0 else "")


def base_commit(git: Git, local: str | None, published: str | None,
                options: Options) -> str | None:
    """The commit the deploy builds on, so the branch keeps its history. When pushing, the
    remote's branch must be in the new commit's history or the push would be refused: a
    local branch that has moved past it (a deploy made with --no-push) is kept, one that
    has not is left behind. Without pushing, the local branch, else what was last fetched."""
    if not options.push:
        return local or git.commit_of(f"refs/remotes/{options.remote}/{options.branch}")
    if published is None or local is None:
        return local or published
    return local if git.is_ancestor(published, local) else published


def message_for(source: str, dirty: Sequence[str], options: Options) -> str:
    """`--message`, or one naming the kit's commit (and saying when it had changes)."""
    if options.message is not None:
        return options.message
    message = (f"Deploy {source[:12]} with site-builder {__version__}\n\n"
               f"The site built from commit {source}")
    if dirty:
        return message + (", with uncommitted changes in the kit (deployed with --force): "
                          "the site is not exactly that commit.\n")
    return message + ".\n"


def git_says(text: str) -> str:
    """git's message in one line: its first paragraph (the advice after it is git's own,
    replaced by ours), without the remote's lines and the 'fatal: ' prefixes."""
    paragraph = text.strip().split("\n\n", 1)[0].splitlines()
    said = [line.strip().removeprefix("fatal: ").removeprefix("error: ") for line in paragraph
            if line.strip() and not line.startswith("remote:")]
    sentences = [line if line.endswith((".", "!", "?")) else f"{line}." for line in said]
    return " ".join(sentences).rstrip(".") or "no reason given"


class Git:
    """git run in the kit's folder, with none of the caller's GIT_DIR-like settings and its
    messages in English (some are read here)."""

    def __init__(self, executable: str, kit_root: Path) -> None:
        self.executable = executable
        self.kit_root = kit_root
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")}
        self.env["LC_ALL"] = "C"
        self.env["GIT_OPTIONAL_LOCKS"] = "0"  # `status` must not rewrite the kit's index

    def run(self, *args: str, stdin: str | None = None, check: bool = True,
            index: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = self.env if index is None else {**self.env, "GIT_INDEX_FILE": str(index)}
        # On Ctrl-C, subprocess.run kills git and re-raises: nothing is left running.
        done = subprocess.run([self.executable, *args], cwd=self.kit_root, env=env,
                              input=stdin, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape")
        if check and done.returncode != 0:
            raise self.refuse(f"'git {args[0]}' failed: {git_says(done.stderr)}")
        return done

    def refuse(self, message: str) -> DeployError:
        return DeployError(self.kit_root.resolve(), message)

    def head(self) -> str:
        found = self.commit_of("HEAD")
        if found is None:
            raise self.refuse("the repository has no commit yet: commit the kit ('git add -A "
                              "&& git commit'), so the site can name the commit it was built "
                              "from, then deploy again")
        return found

    def commit_of(self, name: str) -> str | None:
        found = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
        return found.stdout.strip() if found.returncode == 0 else None

    def tree_of(self, commit: str) -> str:
        return self.run("rev-parse", f"{commit}^{{tree}}").stdout.strip()

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer,
                        check=False).returncode == 0

    def remote_url(self, remote: str) -> str:
        remotes = self.run("remote").stdout.split()
        if remote not in remotes:
            known = f" (it has {', '.join(remotes)})" if remotes else ""
            raise self.refuse(f"the repository has no remote named '{remote}'{known}: add it "
                              f"with 'git remote add {remote} URL', name another with "
                              "--remote, or commit the site locally only with --no-push")
        return self.run("remote", "get-url", remote).stdout.strip()

    def check_identity(self) -> None:
        """Before the build, so a missing name or email is said at once."""
        if self.run("var", "GIT_COMMITTER_IDENT", check=False).returncode != 0:
            raise self.refuse("git does not know your name and email, which every commit "
                              "records: set them with 'git config --global user.name \"Your "
                              "Name\"' and 'git config --global user.email you@example.org', "
                              "then deploy again")

    def write_site_tree(self, site: Path, index: Path) -> str:
        """The built site as a git tree, with `.nojekyll` (GitHub Pages then serves every
        file as it is) and without the build's marker file. Files are stored byte for byte
        (`--no-filters`: no line-ending or other conversion the repository may configure)."""
        (site / MARKER).unlink(missing_ok=True)
        (site / ".nojekyll").write_bytes(b"")
        files = sorted(path for path in site.rglob("*") if path.is_file())
        names = [path.relative_to(site).as_posix() for path in files]
        if any("\n" in name for name in names):
            raise self.refuse("a file name of the site holds a line break; rename it")
        hashed = self.run("hash-object", "-w", "--no-filters", "--stdin-paths",
                          stdin="".join(f"{path}\n" for path in files)).stdout.split()
        entries = "".join(f"{mode_of(path)} {sha}\t{name}\0"
                          for path, sha, name in zip(files, hashed, names, strict=True))
        self.run("update-index", "--add", "-z", "--index-info", stdin=entries, index=index)
        return self.run("write-tree", index=index).stdout.strip()

    def remote_tip(self, remote: str, branch: str) -> str | None:
        """The remote's tip of `branch`; None when the remote has no such branch."""
        listed = self.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
        if listed.returncode != 0:
            raise self.refuse(f"cannot reach the remote '{remote}': {git_says(listed.stderr)};"
                              " check its address ('git remote -v') and your access, or "
                              "commit the site locally only with --no-push")
        tips = [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]
        return tips[0] if tips else None

    def fetch_branch(self, remote: str, branch: str) -> str | None:
        """The remote's tip of `branch`, fetched (as `origin/gh-pages`), or None."""
        tip = self.remote_tip(remote, branch)
        if tip is not None:
            self.run("fetch", "--quiet", "--no-tags", remote,
                     f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
        return tip

    def commit(self, tree: str, parent: str | None, message: str) -> str:
        parents = ["-p", parent] if parent else []
        return self.run("commit-tree", tree, *parents, "-F", "-", stdin=message).stdout.strip()

    def move_branch(self, branch: str, commit: str, expected: str | None) -> None:
        """Only this ref moves, and only from the value read before (else git refuses)."""
        self.run("update-ref", "-m", "site-builder deploy", f"refs/heads/{branch}", commit,
                 expected or "0" * len(commit))

    def push(self, remote: str, branch: str) -> None:
        ref = f"refs/heads/{branch}"
        done = self.run("push", "--porcelain", remote, f"{ref}:{ref}", check=False)
        if done.returncode != 0:
            raise self.refuse(push_refused(remote, branch, done.stdout, done.stderr))


def mode_of(path: Path) -> str:
    return "100755" if os.access(path, os.X_OK) else "100644"


def push_refused(remote: str, branch: str, stdout: str, stderr: str) -> str:
    """Why git could not push, and what to do, in one line."""
    kept = (f"the new commit is on the local branch '{branch}', and the next deploy "
            "pushes it")
    said = [line.removeprefix("remote:").strip() for line in stderr.splitlines()
            if line.startswith("remote:") and line.removeprefix("remote:").strip()]
    verdict = re.search(r"\[(remote rejected|rejected)\] \(([^)]*)\)", stdout)
    if verdict and verdict.group(1) == "rejected":
        return (f"'{remote}' refused the push: its branch '{branch}' has commits this deploy "
                f"did not build on ({verdict.group(2)}: someone deployed meanwhile?); run "
                "deploy again, which builds on them")
    if verdict:
        why = "; ".join([verdict.group(2), *said])
        return (f"'{remote}' refused the push to '{branch}' ({why}); check the repository's "
                f"rules for that branch and your right to push to it; {kept}")
    return (f"the push to '{remote}' failed: {git_says(stderr)}; check the remote's address "
            f"('git remote -v') and your access; {kept}")


def pages_address(remote_url: str) -> str | None:
    """Where GitHub Pages serves a repository's site, when the remote is on GitHub."""
    found = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(?:\.git)?/?$", remote_url)
    if not found:
        return None
    owner, name = found.groups()
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{name.lower()}/"
    return f"https://{owner.lower()}.github.io/{name}/"
