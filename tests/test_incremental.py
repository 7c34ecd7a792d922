"""Incremental builds: after any change, a build that uses the cache writes what a clean
build writes (HTML byte for byte, PDFs by text and pages), makes again exactly the PDFs
whose input changed, survives a damaged cache, and writes nothing outside it."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.cache import FOLDER
from tests.pdfs import contents

PDFS = ("pdf/network-worksheet.pdf", "pdf/facilitator-guide.pdf", "pdf/network-map.pdf")
# Two 1x1 PNGs of different colours.
PNG_HEAD = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nG"
RED = base64.b64decode(PNG_HEAD + "P4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
BLUE = base64.b64decode(PNG_HEAD + "NgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC")


def build_logged(kit: Path, **options: object) -> tuple[list[str], Path]:
    lines: list[str] = []
    result = build(kit, log=lines.append, **options)  # type: ignore[arg-type]
    return lines, result.out


def rendered(lines: list[str]) -> set[str]:
    """The PDFs WeasyPrint made during a build, from its log."""
    return {p for p in PDFS if any(line.endswith(f"{p} with WeasyPrint") for line in lines)}


def assert_same_as_clean_build(kit: Path, tmp_path: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    build(kit, clean, use_cache=False)
    assert contents(kit / "output") == contents(clean), f"after: {name}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_page_text(kit: Path) -> None:
    edit(kit / "content/two-kinds-of-support.md", "\n\n", "\n\nA new first paragraph.\n\n")


def change_page_title(kit: Path) -> None:
    edit(kit / "content/two-kinds-of-support.md", "title: ", "title: Renamed, ")


def change_printed_page(kit: Path) -> None:
    edit(kit / "content/network-map.md", "# Map your network", "# Map your own network")


def change_site(kit: Path) -> None:
    edit(kit / "site.yaml", "title: Two kinds of support", "title: Two kinds of help")


def change_question(kit: Path) -> None:
    edit(kit / "content/checklists/network.yaml", "text: Someone who gives you an honest",
         "text: Someone who gives you a frank")


def change_advice(kit: Path) -> None:
    edit(kit / "rules/instrumental.yaml", "title: Find an impartial sounding board",
         "title: Find a fair sounding board")


def add_page_template(kit: Path) -> None:
    built_in = Path(__file__).parents[1] / "site_builder/render/templates/page.html"
    text = built_in.read_text(encoding="utf-8")
    (kit / "templates/page.html").write_text(text.replace('<div class="wrap">',
                                                          '<div class="wrap kit-own">'))


def add_image(kit: Path) -> None:
    (kit / "content/images").mkdir()
    (kit / "content/images/dot.png").write_bytes(RED)
    edit(kit / "content/network-map.md", "# Map your own network\n",
         "# Map your own network\n\n![A dot](images/dot.png)\n")


def change_image(kit: Path) -> None:
    (kit / "content/images/dot.png").write_bytes(BLUE)


def add_pdf_stylesheet(kit: Path) -> None:
    built_in = Path(__file__).parents[1] / "site_builder/render/templates/pdf-base.html"
    text = built_in.read_text(encoding="utf-8")
    (kit / "templates/pdf-base.html").write_text(text.replace(
        "{% block head %}", "<style>h1 { display: none }</style>\n{% block head %}"))


# Each change, and the PDFs it must make again (None: not pinned, only the output checked).
CHANGES: list[tuple[Callable[[Path], None], set[str] | None]] = [
    (change_page_text, set()),
    (change_page_title, None),
    (change_printed_page, {"pdf/network-map.pdf"}),
    (change_site, set(PDFS)),
    (change_question, {"pdf/network-worksheet.pdf"}),
    (change_advice, None),
    (add_page_template, set()),
    (add_image, {"pdf/network-map.pdf"}),
    (change_image, {"pdf/network-map.pdf"}),
    (add_pdf_stylesheet, set(PDFS)),
]


def test_every_change_builds_as_a_clean_build_would(default_kit: Path, tmp_path: Path) -> None:
    lines, _ = build_logged(default_kit)
    assert rendered(lines) == set(PDFS)
    lines, _ = build_logged(default_kit)
    assert rendered(lines) == set(), "nothing changed, yet a PDF was made again"
    for change, expected in CHANGES:
        change(default_kit)
        lines, _ = build_logged(default_kit)
        if expected is not None:
            assert rendered(lines) == expected, change.__name__
        assert_same_as_clean_build(default_kit, tmp_path, change.__name__)
    assert_nothing_outside_the_cache(default_kit, tmp_path)


def assert_nothing_outside_the_cache(kit: Path, tmp_path: Path) -> None:
    hidden = sorted(p.name for p in kit.iterdir() if p.name.startswith("."))
    assert hidden == [FOLDER]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not list((kit / FOLDER).rglob(".tmp-*")), "a temporary cache file was left"


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble(path: Path) -> None:
    path.write_bytes(b"\x00garbage\xff" * 10)


def other_format(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"site-builder-cache 1", b"site-builder-cache 9", 1))


def unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()  # reading it fails whoever runs the tests (root ignores chmod)


@pytest.mark.parametrize("damage", [truncate, garble, other_format, unreadable])
def test_a_damaged_cache_is_rebuilt(english_kit: Path, tmp_path: Path,
                                    damage: Callable[[Path], None]) -> None:
    build(english_kit, jobs=1)
    clean = contents(english_kit / "output")
    entries = [p for p in (english_kit / FOLDER).rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        damage(entry)
    lines: list[str] = []
    result = build(english_kit, log=lines.append, jobs=1)
    assert rendered(lines) == set(PDFS)
    assert contents(english_kit / "output") == clean
    assert len(result.warnings) == 1
    assert "cache" in result.warnings[0].message
    again = build(english_kit, jobs=1)
    assert again.warnings == (), "the damaged entries were not replaced"


def test_a_cache_made_by_someone_else_is_not_trusted(english_kit: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A kit received from someone else may carry their cache, or one crafted to put raw
    # HTML into pages: entries are sealed with a secret of the user who wrote them.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "theirs"))
    build(english_kit, jobs=1)
    clean = contents(english_kit / "output")
    page = next(p for p in (english_kit / FOLDER).rglob("*") if p.is_file())
    page.write_bytes(page.read_bytes().replace(b"</p>", b"<script>alert(1)</script></p>"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    lines: list[str] = []
    result = build(english_kit, log=lines.append, jobs=1)
    assert rendered(lines) == set(PDFS)
    assert contents(english_kit / "output") == clean
    assert len(result.warnings) == 1 and "foreign" in result.warnings[0].message
    assert (tmp_path / "mine" / "site-builder" / "cache-secret").stat().st_mode & 0o077 == 0


def test_no_cache_neither_reads_nor_writes_it(english_kit: Path, tmp_path: Path) -> None:
    lines, _ = build_logged(english_kit, use_cache=False, jobs=1)
    assert rendered(lines) == set(PDFS)
    assert not (english_kit / FOLDER).exists()


def test_a_cache_from_other_code_is_not_used(english_kit: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    build(english_kit, jobs=1)
    from site_builder import cache, render

    monkeypatch.setattr(cache, "code_digest", lambda: "another version")
    monkeypatch.setattr(render.site, "code_digest", lambda: "another version")
    lines, _ = build_logged(english_kit, jobs=1)
    assert rendered(lines) == set(PDFS)
    assert not any("linked" in line and "(0 unchanged" not in line for line in lines)


def test_a_cache_folder_that_is_a_link_is_not_used(english_kit: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (english_kit / FOLDER).symlink_to(elsewhere)
    build(english_kit, jobs=1)
    assert list(elsewhere.iterdir()) == []


def test_a_rebuild_with_nothing_changed_links_the_pages(english_kit: Path) -> None:
    build(english_kit)
    before = {p: p.stat().st_ino for p in (english_kit / "output").rglob("*.html")}
    lines, out = build_logged(english_kit)
    assert rendered(lines) == set()
    same = [p for p, inode in before.items() if p.stat().st_ino == inode]
    assert out / "two-kinds-of-support.html" in same
    shutil.rmtree(out)
    lines, _ = build_logged(english_kit)  # the previous output is gone: made again
    assert (english_kit / "output" / "two-kinds-of-support.html").is_file()


def test_a_rebuild_with_nothing_changed_does_not_load_weasyprint(english_kit: Path) -> None:
    # Both builds in fresh processes, so both see the same code (its hash is in every key).
    code = ("import sys; from pathlib import Path; from site_builder.build import build; "
            "build(Path(sys.argv[1])); print('weasyprint' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code, str(english_kit)],
                           capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert runs == ["True", "False"]


def test_a_rebuild_renders_only_the_changed_pages_markdown(
        english_kit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.kit import pages
    from site_builder.kit.markdown import render_markdown as real  # as pages imports it

    # English alone: a translated page is read again at each build (not memoised yet)

    build(english_kit, jobs=1)
    rendered_sources: list[str] = []

    def counting(text: str, location: object, source: str, *rest: object,
                 **named: object) -> str:
        rendered_sources.append(source)
        return real(text, location, source, *rest, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "render_markdown", counting)
    build(english_kit, jobs=1)
    agenda_pages = set(rendered_sources)  # read each time: agendas and handouts
    assert "two-kinds-of-support.md" not in agenda_pages
    rendered_sources.clear()
    change_page_text(english_kit)
    build(english_kit, jobs=1)
    assert set(rendered_sources) == agenda_pages | {"two-kinds-of-support.md"}


def test_the_cache_holds_one_build(english_kit: Path) -> None:
    def size() -> int:
        return sum(p.stat().st_size for p in (english_kit / FOLDER).rglob("*") if p.is_file())

    build(english_kit, jobs=1)
    first = size()
    page = english_kit / "content/two-kinds-of-support.md"
    for round_ in range(4):
        page.write_text(page.read_text(encoding="utf-8") + f"\nEdit {round_}.\n",
                        encoding="utf-8")
        build(english_kit, jobs=1)
    assert size() < first + 1000, "entries of earlier versions of the page were kept"
