"""Hostile kits: links that lead out of the kit are refused, never read or published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

MINIMAL = ROOT / "tests" / "fixtures" / "kits" / "minimal"


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    copy = tmp_path / "kit"
    shutil.copytree(MINIMAL, copy)
    return copy


@pytest.mark.parametrize(
    "name", ["content/leak.md", "rules/leak.yaml", "content/checklists/x.yaml"])
def test_a_symlink_leading_out_of_the_kit_is_refused(run_cli, kit: Path, name: str) -> None:
    (kit / name).symlink_to("/etc/passwd")
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 1
    assert f"{name}: error: this file is a link to '/etc/passwd', outside the kit" in result.stderr
    assert "root:" not in result.output


@pytest.mark.parametrize(("name", "kind"), [
    ("content/sub", "folder"), ("rules/sub", "folder"), ("templates", "folder"),
    ("templates/sub", "folder"), ("templates/page.html", "file")])
def test_a_link_out_of_the_kit_among_folders_and_templates_is_refused(
        run_cli, kit: Path, tmp_path: Path, name: str, kind: str) -> None:
    # Jinja follows links among templates: templates/page.html -> a secret would publish it.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.html").write_text("A secret.")
    (outside / "leak.md").write_text("---\ntitle: Leak\n---\n\nA secret.\n")
    link = kit / name
    link.parent.mkdir(exist_ok=True)
    if link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(outside / "page.html" if kind == "file" else outside)
    out = tmp_path / "out"
    result = run_cli("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1
    assert (f"{name}: error: this {kind} is a link to '{link.resolve()}', outside the kit; "
            f"copy the {kind} into the kit instead") in result.stderr
    assert not out.exists()


def test_a_symlinked_image_is_not_published(run_cli, kit: Path, tmp_path: Path) -> None:
    (kit / "content" / "photo.png").symlink_to("/etc/passwd")
    page = kit / "content" / "index.md"
    page.write_text(page.read_text() + "\n![A photo](photo.png)\n")
    out = tmp_path / "out"
    result = run_cli("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1
    assert "photo.png" in result.stderr
    assert not out.exists()


def test_a_flow_mapping_with_a_colon_in_a_value_gets_a_hint(run_cli, kit: Path) -> None:
    (kit / "rules" / "odd.yaml").write_text("checklist: quiz\nrules:\n"
                                            "  - {id: a, when: {always: true}, "
                                            "advice: {title: Note: this}}\n")
    result = run_cli("check", "--kit", str(kit))
    assert result.exit_code == 1
    assert "rules/odd.yaml:3:" in result.stderr
    assert "needs quotes" in result.stderr
