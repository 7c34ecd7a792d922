"""`site-builder new DIR`: a copy of the default kit that checks and builds as it is,
from a source checkout and from an installed wheel; never over someone's files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from site_builder.new import (
    GITIGNORE,
    KIT_PARTS,
    OPTIONAL_PARTS,
    PLACEHOLDERS,
    copy_kit,
    drop_translations,
    kit_files,
)

ROOT = Path(__file__).resolve().parents[1]  # the default kit
# What a wheel is built from: the package, its packaging files and the default kit.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE",
           "site_builder", *KIT_PARTS, *(p for p in OPTIONAL_PARTS if (ROOT / p).exists()))


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in listing(folder)}


def expected_listing() -> list[str]:
    """The default kit's files, without its translations: a new kit has one language."""
    copy = Path(tempfile.mkdtemp())
    try:
        copy_kit(ROOT, copy)
        dropped = set(drop_translations(copy))
    finally:
        shutil.rmtree(copy)
    return sorted({*kit_files(ROOT), ".gitignore"} - dropped)


def test_new_writes_a_kit_that_checks_and_builds(run_cli: Callable[..., Result],
                                                 tmp_path: Path) -> None:
    kit = tmp_path / "parents" / "made" / "kit"
    result = run_cli("new", str(kit))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"created a new kit in {kit}/; next:"
    assert "site-builder serve" in result.stdout and "site-builder build" in result.stdout
    assert listing(kit) == expected_listing()
    assert (kit / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert sorted(p.name for p in kit.parent.iterdir()) == ["kit"], "staging left behind"
    for name in set(listing(kit)) - set(PLACEHOLDERS) - {".gitignore"}:
        assert (kit / name).read_bytes() == (ROOT / name).read_bytes(), name

    checked = run_cli("check", "--strict", "--kit", str(kit))
    assert checked.exit_code == 0, checked.output
    built = run_cli("build", "--kit", str(kit))
    assert built.exit_code == 0, built.output
    assert (kit / "output" / "index.html").is_file()
    assert list((kit / "output").rglob("*.pdf"))
    # nothing says it is the sample kit or its maker; the placeholders say what to write
    for page in (kit / "output").rglob("*.html"):
        assert "site-builder sample kit" not in page.read_text(encoding="utf-8"), page
    home = (kit / "output" / "index.html").read_text(encoding="utf-8")
    footer = home.split("<footer")[1]
    assert "Your organisation" in footer and "Your workshop&#39;s title" in footer
    assert "One sentence on what participants" in home  # the subtitle, on the home page
    about = (kit / "output" / "about.html").read_text(encoding="utf-8")
    assert "<h1" in about and "About this workshop" in about
    assert "Replace this paragraph: say who runs this workshop" in about


def test_new_refuses_a_folder_that_is_not_empty(run_cli: Callable[..., Result],
                                                tmp_path: Path) -> None:
    kit = tmp_path / "mine"
    kit.mkdir()
    (kit / "notes.txt").write_text("my notes\n", encoding="utf-8")
    before = snapshot(kit)
    result = run_cli("new", str(kit))
    assert result.exit_code == 1
    assert f"{kit}: error: this folder is not empty" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(kit) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_new_refuses_a_file(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "kit"
    target.write_text("not a folder\n", encoding="utf-8")
    result = run_cli("new", str(target))
    assert result.exit_code == 1
    assert "this is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "not a folder\n"


def test_new_fills_an_empty_folder(run_cli: Callable[..., Result], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    kit = tmp_path / "empty"
    kit.mkdir()
    monkeypatch.chdir(kit)  # the folder stays the same one: a shell in it keeps working
    result = run_cli("new", ".")
    assert result.exit_code == 0, result.output
    assert Path.cwd().samefile(kit) and listing(kit) == expected_listing()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_a_failure_half_way_leaves_nothing(run_cli: Callable[..., Result], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []

    def copy_then_fail(source: Path, destination: Path) -> None:
        if len(copied) == 3:
            raise OSError(28, "No space left on device")
        copied.append(str(source))
        destination.write_bytes(source.read_bytes())

    monkeypatch.setattr(shutil, "copyfile", copy_then_fail)
    result = run_cli("new", str(tmp_path / "kit"))
    assert result.exit_code == 1
    assert "cannot write the new kit here: No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_works_from_an_installed_wheel(tmp_path: Path) -> None:
    """The wheel carries its own copy of the default kit: with only the wheel on the
    path, and no checkout to be found, `new` still writes the whole kit."""
    source = tmp_path / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                    "--quiet", "-w", str(wheels)], check=True, cwd=tmp_path)
    installed = tmp_path / "installed"
    (wheel,) = wheels.glob("site_builder-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed)}

    def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, check=False)

    where = python("import site_builder; print(site_builder.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stderr
    main = "from site_builder.cli import main; main()"
    created = python(main, "new", "X")
    assert created.returncode == 0, created.stderr
    assert listing(elsewhere / "X") == expected_listing()
    checked = python(main, "check", "--kit", "X")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: ")
