"""Kits in real git repositories for the deploy tests: a kit committed on `main`, with a
bare repository beside it as its `origin`, and nothing read from this machine's git config
(CI has no global identity, so each repository sets its own)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.new import GITIGNORE

IDENTITY = {"user.name": "Deploy Test", "user.email": "deploy@example.org"}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def isolate_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config: what CI sees."""
    config = home / "gitconfig"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@dataclass(frozen=True)
class Repo:
    kit: Path
    origin: Path

    def commit_all(self, message: str) -> str:
        git(self.kit, "add", "-A")
        git(self.kit, "commit", "-q", "-m", message)
        return git(self.kit, "rev-parse", "HEAD").strip()

    def pushed(self, branch: str = "gh-pages") -> str | None:
        """The origin's tip of `branch`, or None."""
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                              cwd=self.origin, capture_output=True, text=True, check=False)
        return done.stdout.strip() or None

    def local(self, branch: str = "gh-pages") -> str | None:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                              cwd=self.kit, capture_output=True, text=True, check=False)
        return done.stdout.strip() or None


def make_repo(kit_source: Path, where: Path) -> Repo:
    """The kit copied to `where/kit`, committed on main; `where/origin.git` its origin."""
    kit = shutil.copytree(kit_source, where / "kit")
    (kit / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    git(kit, "init", "-q", "-b", "main")
    for key, value in IDENTITY.items():
        git(kit, "config", key, value)
    origin = where / "origin.git"
    git(where, "init", "-q", "--bare", str(origin))
    git(kit, "remote", "add", "origin", str(origin))
    repo = Repo(kit, origin)
    repo.commit_all("The kit")
    return repo


def files_of_commit(repository: Path, commit: str) -> dict[str, bytes]:
    """Every file of a commit's tree and its bytes, read with `git archive`."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=repository,
                             capture_output=True, check=True).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                files[member.name] = handle.read()
    return files


def files_of_folder(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and not path.relative_to(folder).as_posix().startswith(skip)}


@dataclass(frozen=True)
class KitState:
    """What a deploy must leave as it was: the kit's branch and commit, its index (byte for
    byte) and its files (the build's cache aside, which git ignores)."""

    head: str
    commit: str
    index: str
    files: dict[str, str]

    @classmethod
    def of(cls, kit: Path) -> KitState:
        files = {name: hashlib.sha256(data).hexdigest() for name, data in
                 files_of_folder(kit, skip=(".git/", ".site-builder-cache/")).items()}
        return cls(git(kit, "symbolic-ref", "HEAD").strip(),
                   subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"],
                                  cwd=kit, capture_output=True, text=True).stdout.strip(),
                   hashlib.sha256((kit / ".git" / "index").read_bytes()).hexdigest(), files)
