"""Every page and every printed page, as pictures to look at, by one command:

    .venv/bin/python -m tests.pictures [FOLDER]

builds the default kit, the second kit (tests/fixtures/kits/second: number and text
questions, no chart) and the library (three workshops as sections), makes the first two's
reports from the sample form exports, and writes into FOLDER (default: `pictures/`, which git
ignores):

    <kit>/pages/<page>-1280.png, -390.png   every HTML page, full length, in Chromium
    <kit>/pdf/<file>-<n>.png                every page of every PDF, at 60 dpi
    index.html                              all of them on one page, to scroll through

Needs Chromium (Debian's `chromium`, or CHROMIUM=path) and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from site_builder.build import build
from site_builder.report import make_reports
from tests.kits import FIXTURE_KITS, FIXTURES, ROOT

KITS = {
    "default": (ROOT, [FIXTURES / "responses" / "network-30.csv"], "Your name"),
    "second": (FIXTURE_KITS / "second", [FIXTURES / "responses" / "habits-numbers.csv"], None),
    "library": (FIXTURE_KITS / "library", [], None),  # three workshops as sections; no reports
}
WIDTHS = (1280, 390)
DPI = "60"


def main(folder: Path) -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    pdftoppm = shutil.which("pdftoppm")
    if not chromium or not pdftoppm:
        print("needs Chromium (`chromium`) and pdftoppm (poppler-utils)", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    pictures: dict[str, list[Path]] = {}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, (root, responses, name_column) in KITS.items():
            kit = Path(scratch) / name
            shutil.copytree(root, kit, ignore=shutil.ignore_patterns(".site-builder-cache"))
            site = Path(scratch) / f"{name}-site"
            build(kit, site, use_cache=False)
            reports = Path(scratch) / f"{name}-reports"
            if responses:
                make_reports(kit, responses, None, reports, name_column, None)
            out = folder / name
            shutil.rmtree(out, ignore_errors=True)
            shots = _pages(browser, site, out / "pages")
            prints = [p for top in (site, reports) for pdf in sorted(top.rglob("*.pdf"))
                      for p in _pdf_pages(pdftoppm, pdf, top, out / "pdf")]
            pictures[name] = shots + prints
        browser.close()
    _index(folder, pictures)
    total = sum(len(found) for found in pictures.values())
    print(f"wrote {total} pictures to {folder}/ (open {folder / 'index.html'})")
    return 0


def _pages(browser: Browser, site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in sorted(site.rglob("*.html")):
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            name = str(path.relative_to(site).with_suffix("")).replace(os.sep, "_")
            shot = out / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            written.append(shot)
        page.close()
    return written


def _pdf_pages(pdftoppm: str, pdf: Path, top: Path, out: Path) -> list[Path]:
    """Each page of a PDF as a PNG, named by its path (fr/pdf/x.pdf apart from pdf/x.pdf)."""
    out.mkdir(parents=True, exist_ok=True)
    name = str(pdf.relative_to(top).with_suffix("")).replace(os.sep, "_")
    subprocess.run([pdftoppm, "-png", "-r", DPI, str(pdf), str(out / name)], check=True)
    return sorted(out.glob(f"{name}-*.png"))


def _index(folder: Path, pictures: dict[str, list[Path]]) -> None:
    rows = []
    for kit, found in pictures.items():
        rows.append(f"<h1>{html.escape(kit)}</h1>")
        for path in found:
            relative = html.escape(path.relative_to(folder).as_posix())
            rows.append(f'<figure><figcaption>{relative}</figcaption>'
                        f'<img src="{relative}" alt="{relative}" loading="lazy"></figure>')
    (folder / "index.html").write_text(
        "<!DOCTYPE html><meta charset='utf-8'><title>site-builder pictures</title>"
        "<style>body{font-family:sans-serif}img{max-width:100%;border:1px solid #ccc}"
        "figure{display:inline-block;vertical-align:top;width:45%;margin:1em}</style>"
        + "\n".join(rows), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pictures")))
