"""The service worker file: the last of a build, listing every other file, keyed by their
bytes (an unchanged rebuild writes it byte for byte again), and bounded for large sites.
Chromium runs it in tests/browser/test_service_worker.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.kit.urls import url_path
from site_builder.render.offline import (
    MAX_BYTES,
    MAX_FILES,
    WORKER_URL,
    SiteFile,
    precached,
)
from tests.kits import FIXTURE_KITS, MINIMAL
from tests.runner import RunCli


def worker(out: Path) -> tuple[str, list[str]]:
    """The build key and the files to store at once, as the worker script gives them."""
    text = (out / WORKER_URL).read_text(encoding="utf-8")
    key = re.search(r'^var BUILD = "([0-9a-f]+)";$', text, re.M)
    listed = re.search(r"^var PRECACHE = (\[.*?\]);$", text, re.M | re.S)
    assert key and listed, text[:300]
    return key.group(1), json.loads(listed.group(1))


def published(out: Path) -> list[str]:
    return sorted(url_path(p.relative_to(out).as_posix()) for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and p.name != WORKER_URL)


@pytest.mark.parametrize("kit", ["minimal", "second"])
def test_the_worker_lists_every_file_of_a_small_site(kit: str, tmp_path: Path) -> None:
    source = shutil.copytree(FIXTURE_KITS / kit, tmp_path / "kit")
    (source / "content" / "a page #1.md").write_text("---\ntitle: Odd name\n---\nText.\n")
    out = build(source, tmp_path / "out", use_cache=False).out
    key, listed = worker(out)
    assert len(key) == 20
    assert listed == published(out)
    assert "a%20page%20%231.html" in listed  # as the site's links write it
    assert (out / ".site-builder-output").is_file()  # the marker, never listed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="assets/offline\.js\?v=[0-9a-f]{10}" defer></script>', index)


def test_an_unchanged_rebuild_keeps_the_key_and_a_change_replaces_it(
        english_kit: Path, tmp_path: Path) -> None:
    first = (build(english_kit).out / WORKER_URL).read_bytes()
    assert (build(english_kit).out / WORKER_URL).read_bytes() == first  # from the cache
    clean = build(english_kit, tmp_path / "clean", use_cache=False).out
    assert (clean / WORKER_URL).read_bytes() == first
    key, _ = worker(clean)

    page = english_kit / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changed, _ = worker(build(english_kit).out)
    assert changed != key
    # A file copied as it is counts by its bytes too, not only the pages made.
    (english_kit / "content" / "notes.txt").write_text("one")
    with_file, _ = worker(build(english_kit).out)
    (english_kit / "content" / "notes.txt").write_text("two")
    assert worker(build(english_kit).out)[0] not in (changed, with_file)


def test_a_rebuild_hashes_only_the_files_it_wrote_anew(english_kit: Path) -> None:
    build(english_kit)
    log: list[str] = []
    build(english_kit, log=log.append)
    linked = next(re.search(r"\((\d+) unchanged, linked\)", line) for line in log
                  if "unchanged, linked" in line)
    listed = next(re.search(r"of (\d+) files .*\((\d+) read to hash them\)", line)
                  for line in log if "read to hash them" in line)
    assert linked and listed and int(linked.group(1)) >= 8, log
    total, read = int(listed.group(1)), int(listed.group(2))
    assert read == total - int(linked.group(1))  # the pages linked are not read again


def files(count: int, prefix: str, size: int = 10_000, suffix: str = ".html") -> list[SiteFile]:
    return [SiteFile(f"{prefix}{n}{suffix}", size, "") for n in range(count)]


ESSENTIALS = [*files(20, "assets/a", suffix=".js"), SiteFile("index.html", 5_000, ""),
              SiteFile("materials.html", 5_000, ""), SiteFile("404.html", 3_000, ""),
              SiteFile("networking/index.html", 5_000, ""),
              SiteFile("networking/checklists/network.html", 50_000, ""),
              SiteFile("networking/checklists/network.json", 25_000, "")]


def paths(chosen: list[SiteFile]) -> list[str]:
    return sorted(file.path for file in chosen)


def test_a_small_site_is_stored_whole() -> None:
    site = ESSENTIALS + files(MAX_FILES - len(ESSENTIALS), "page")
    assert paths(precached(site)) == paths(site)


def test_a_large_site_stores_its_essentials_and_pdfs_and_the_rest_as_visited() -> None:
    pdfs = files(40, "pdf/p", 200_000, ".pdf")
    site = ESSENTIALS + pdfs + files(10_000, "networking/page") + files(500, "images/i", 5, ".png")
    assert paths(precached(site)) == paths(ESSENTIALS + pdfs)


def test_pdfs_beyond_the_bound_are_stored_as_opened() -> None:
    pdfs = files(10, "pdf/p", MAX_BYTES // 8, ".pdf")
    assert paths(precached(ESSENTIALS + pdfs + files(5, "page"))) == paths(ESSENTIALS)
    many = files(MAX_FILES, "pdf/p", 1_000, ".pdf")
    assert paths(precached(ESSENTIALS + many)) == paths(ESSENTIALS)


def test_a_kit_file_with_the_workers_name_is_refused_where_it_is(run_cli: RunCli,
                                                                 tmp_path: Path) -> None:
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    assert run_cli("build", "--kit", str(kit)).exit_code == 0
    before = (kit / "output" / "index.html").read_bytes()
    (kit / "content" / WORKER_URL).write_text("self.addEventListener('fetch', () => {});\n")
    result = run_cli("build", "--kit", str(kit))
    assert result.exit_code == 1
    assert f"content/{WORKER_URL}: error: '{WORKER_URL}' is the name of the site's own file " \
        "that keeps the site on phones for use offline; rename this file" in result.stderr
    assert "Traceback" not in result.stderr
    assert (kit / "output" / "index.html").read_bytes() == before
    assert "addEventListener('fetch'" not in (kit / "output" / WORKER_URL).read_text()
