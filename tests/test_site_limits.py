"""A kit's mistakes that would freeze or quietly spoil a build: a template that never ends,
a page too long to lay out, a broken image, files that collide; each is one located line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.render import deadline
from site_builder.render.pdf import jobs
from tests.bad_cases import diagnostics_of, run
from tests.kits import MINIMAL

# Two nested loops of 100,000 (the sandbox's largest range): 10^10 turns, for ever in practice.
ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"


def kit_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    for name, data in files.items():
        path = kit / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return kit


def build_lines(kit: Path, tmp_path: Path) -> list[str]:
    result = run("build", "--kit", kit, "--out", tmp_path / "out", "--no-cache", "--jobs", "1")
    assert result.exit_code == 1, result.output
    return diagnostics_of(result)


def test_a_template_that_never_ends_is_stopped_and_named(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline, "PAGE_SECONDS", 1.0)
    kit = kit_with(tmp_path, {"templates/endless.html": "<p>\n" + ENDLESS,
                              "content/slow.md": "---\ntitle: Slow\nlayout: endless.html\n---\n"
                                                 "# Slow\n"})
    assert build_lines(kit, tmp_path) == [
        "templates/endless.html:2: error: took longer than 1 s to render (while rendering page "
        "'content/slow.md'); does a loop in the template never end?"]


def test_a_printed_page_too_long_to_lay_out_is_stopped_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "TIMEOUT", 0.5)
    rows = "".join(f"| {i} | {'word ' * 20} |\n" for i in range(3000))
    kit = kit_with(tmp_path, {"content/table.md": "---\ntitle: Table\nprint: true\n---\n"
                                                  f"# Table\n\n| n | text |\n|---|---|\n{rows}"})
    assert build_lines(kit, tmp_path) == [
        "content/table.md:1:1: error: pdf/table.pdf took longer than 0.5 s to make; split it up or "
        "shorten its tables"]
