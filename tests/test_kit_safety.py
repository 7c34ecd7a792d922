"""Hostile kits: links that lead out of the kit are refused, never read or published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.kits import MINIMAL
from tests.runner import RunCli


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    copy = tmp_path / "kit"
    shutil.copytree(MINIMAL, copy)
    return copy


@pytest.mark.parametrize(
    "name", ["content/leak.md", "rules/leak.yaml", "content/checklists/x.yaml"])
def test_a_symlink_leading_out_of_the_kit_is_refused(run_cli: RunCli, kit: Path, name: str) -> None:
    (kit / name).symlink_to("/etc/passwd")
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 1
    assert f"{name}: error: this file is a link to '/etc/passwd', outside the kit" in result.stderr
    assert "root:" not in result.output


@pytest.mark.parametrize("name", ["content/sub", "rules/sub"])
def test_a_folder_linked_from_outside_the_kit_is_refused(run_cli: RunCli, kit: Path, tmp_path: Path,
                                                         name: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("---\ntitle: Leak\n---\n\nA secret.\n")
    (kit / name).symlink_to(outside)
    out = tmp_path / "out"
    result = run_cli("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1
    assert (f"{name}: error: this folder is a link to '{outside}', outside the kit; "
            "copy the folder into the kit instead") in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("name", "kind", "inside"), [
    ("templates", "folder", False), ("templates/sub", "folder", False),
    ("templates/page.html", "file", False), ("templates/sub", "folder", True)])
def test_no_template_is_a_link(run_cli: RunCli, kit: Path, tmp_path: Path, name: str, kind: str,
                               inside: bool) -> None:
    # Jinja follows links among templates: templates/page.html -> a secret would publish it,
    # and so would a link to a folder inside the kit that holds a link leading out.
    secret = tmp_path / "secret.html"
    secret.write_text("A secret.")
    folder = kit / ".stash" if inside else tmp_path / "outside"
    folder.mkdir()
    (folder / "page.html").symlink_to(secret)
    link = kit / name
    link.parent.mkdir(exist_ok=True)
    if link.is_dir():
        shutil.rmtree(link)
    target = secret if kind == "file" else folder
    link.symlink_to(target)
    out = tmp_path / "out"
    result = run_cli("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1
    assert (f"{name}: error: this {kind} is a link to '{target.resolve()}'; templates cannot "
            f"be links: copy the {kind} into the kit instead") in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["content/loop", "rules/loop.yaml", "content/loop.md"])
def test_a_link_to_itself_is_no_crash(run_cli: RunCli, kit: Path, name: str) -> None:
    """A link that leads nowhere is no file, as a missing one: the check says exactly what
    it says of the kit without it (run_cli raises what the command would crash with)."""
    without = run_cli("check", "--kit", str(kit))
    (kit / name).symlink_to(kit / name)
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 page, 1 checklist, 2 rules, 2 rule tests passed")
    assert (result.stdout, result.stderr) == (without.stdout, without.stderr)


def test_a_symlinked_image_is_not_published(run_cli: RunCli, kit: Path, tmp_path: Path) -> None:
    (kit / "content" / "photo.png").symlink_to("/etc/passwd")
    page = kit / "content" / "index.md"
    page.write_text(page.read_text() + "\n![A photo](photo.png)\n")
    out = tmp_path / "out"
    result = run_cli("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1
    assert "photo.png" in result.stderr
    assert not out.exists()


def test_a_flow_mapping_with_a_colon_in_a_value_gets_a_hint(run_cli: RunCli, kit: Path) -> None:
    (kit / "rules" / "odd.yaml").write_text("checklist: quiz\nrules:\n"
                                            "  - {id: a, when: {always: true}, "
                                            "advice: {title: Note: this}}\n")
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 1
    assert "rules/odd.yaml:3:" in result.stderr
    assert "needs quotes" in result.stderr
