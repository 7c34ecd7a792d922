"""`build`: the whole pipeline into a real output folder, and what it refuses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.runner import RunCli


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash, but the build cache's (a refused build may still fill it)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and ".site-builder-cache" not in p.relative_to(folder).parts}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default kit, built once for the tests that only read the output."""
    from site_builder.build import build
    from tests.kits import ROOT

    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, out, use_cache=False)  # leave no cache in the checkout
    return out


def test_build_writes_the_site_and_pdfs(built: Path) -> None:
    for name in ("index.html", "two-kinds-of-support.html", "facilitator-guide.html",
                 "facilitators.html",
                 "about.html", "materials.html", "checklists/network.html",
                 "checklists/network.json", "pdf/network-worksheet.pdf",
                 "pdf/facilitator-guide.pdf", "pdf/network-map.pdf", "poster.html",
                 "pdf/poster.pdf"):
        assert (built / name).is_file(), name
    assert not list(built.parent.glob(".site.building-*")), "the staging folder was left behind"


def test_build_prints_a_summary(run_cli: RunCli, default_kit: Path) -> None:
    """One line, whose counts are the pages and the PDFs the output holds."""
    result = run_cli("build", "--kit", str(default_kit))
    assert result.exit_code == 0, result.stderr
    out = default_kit / "output"
    pages = len(list(out.rglob("*.html")))
    pdfs = len(list(out.rglob("*.pdf")))
    # the default kit's eleven pages and 404.html, and its four PDFs, in English and French
    assert (pages, pdfs) == (24, 8)
    assert len(list((out / "fr" / "pdf").glob("*.pdf"))) == 4
    assert re.fullmatch(rf"built {pages} pages and {pdfs} PDFs in \d+\.\d s: "
                        rf"{re.escape(str(out))}\n", result.stdout), result.stdout
    assert (out / "index.html").is_file()


def test_a_failed_build_leaves_the_previous_output_untouched(run_cli: RunCli,
                                                             default_kit: Path) -> None:
    assert run_cli("build", "--kit", str(default_kit)).exit_code == 0
    before = snapshot(default_kit / "output")
    rules = default_kit / "rules" / "instrumental.yaml"
    rules.write_text(rules.read_text().replace("sounding_board:", "sounding_bord:", 1))
    result = run_cli("build", "--kit", str(default_kit))
    assert result.exit_code == 1
    assert "rules/instrumental.yaml:" in result.stderr
    assert "(did you mean 'sounding_board'?)" in result.stderr
    assert snapshot(default_kit / "output") == before
    # only the build cache, which the failed build did not prune
    hidden = sorted(p.name for p in default_kit.iterdir() if p.name.startswith("."))
    assert hidden == [".site-builder-cache"]


def test_a_rebuild_replaces_the_output_whole(run_cli: RunCli, default_kit: Path) -> None:
    out = default_kit / "output"
    extra = default_kit / "content" / "extra.md"
    extra.write_text("---\ntitle: Extra\n---\nFor one build only.\n")
    assert run_cli("build", "--kit", str(default_kit)).exit_code == 0
    assert (out / "extra.html").is_file()
    (out / "stale.html").write_text("left from before")
    extra.unlink()
    assert run_cli("build", "--kit", str(default_kit)).exit_code == 0
    assert not (out / "stale.html").exists()
    assert not (out / "extra.html").exists()


@pytest.mark.parametrize(("out", "message"), [
    (".", "would contain the kit itself"),
    ("content/site", "inside the kit's content/ folder"),
    ("rules", "inside the kit's rules/ folder"),
])
def test_output_folders_that_overlap_the_kit_are_refused(
        run_cli: RunCli, default_kit: Path, out: str, message: str) -> None:
    before = snapshot(default_kit)
    result = run_cli("build", "--kit", str(default_kit), "--out", str(default_kit / out))
    assert result.exit_code == 1
    assert message in result.stderr
    assert snapshot(default_kit) == before


def test_a_folder_with_someone_elses_files_is_refused(run_cli: RunCli, default_kit: Path,
                                                     tmp_path: Path) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("precious")
    result = run_cli("build", "--kit", str(default_kit), "--out", str(mine))
    assert result.exit_code == 1
    assert "not made by site-builder" in result.stderr
    assert (mine / "letter.txt").read_text() == "precious"


def test_a_folder_holding_git_is_refused(run_cli: RunCli, default_kit: Path,
                                         tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    result = run_cli("build", "--kit", str(default_kit), "--out", str(repo))
    assert result.exit_code == 1
    assert ".git" in result.stderr
