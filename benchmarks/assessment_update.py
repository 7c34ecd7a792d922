"""How long one answer change takes to re-evaluate and re-render the assessment's results.

    python benchmarks/assessment_update.py [--runs 200] [--kit DIR]

Builds the kit (the repository's default kit unless --kit names another) into a temporary
folder, opens its first checklist's assessment page from disk in Debian's Chromium through
Playwright, and times, inside the page, `runs` answer changes. Each one is a synchronous
`click()` on a radio that changes an answer (its input and change handlers evaluate the
rules and update the results panel) followed by a forced layout read, between two
`performance.now()` calls. Prints the median, p95 and max in milliseconds, and the machine.
The target is a median under 5 ms. Not a test: run it by hand, and record the figures in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import machine, summary

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 5.0
WARM_UP = 30

# Runs in the page. Question i % n moves to its next option, so every click is a change.
MEASURE = """([runs, warmUp]) => {
  const form = document.getElementById('assessment');
  const groups = [...form.querySelectorAll('fieldset.question')]
    .map(fieldset => [...fieldset.querySelectorAll('input[type=radio]')])
    .filter(radios => radios.length > 1);
  const results = document.getElementById('results-summary');
  const times = [];
  for (let i = 0; i < warmUp + runs; i++) {
    const radios = groups[i % groups.length];
    const current = radios.findIndex(radio => radio.checked);
    const next = radios[(current + 1) % radios.length];
    const start = performance.now();
    next.click();
    void results.offsetHeight;  // force style and layout of the updated results
    const elapsed = performance.now() - start;
    if (i >= warmUp) times.push(elapsed);
  }
  return times;
}"""


def build_site(kit: Path, out: Path) -> Path:
    """The kit's site, built as `site-builder build` builds it; its first assessment page."""
    from site_builder.build import build
    from site_builder.kit.load import load_kit

    build(kit, out)
    checklist = next(iter(load_kit(kit).checklists.values()))
    return out / checklist.url


def measure(page_path: Path, runs: int) -> tuple[list[float], str]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("Chromium is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri())
        page.wait_for_selector("#results:not([hidden])")
        times: list[float] = page.evaluate(MEASURE, [runs, WARM_UP])
        errors: Any = page.evaluate("() => document.querySelectorAll('#results [data-rule-id]')"
                                    ".length")
        version = str(browser.version)
        browser.close()
    assert errors > 0, "the results panel showed no advice: is the page working?"
    return times, version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="answer changes to time")
    parser.add_argument("--kit", type=Path, default=ROOT, help="the kit (default: this one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = build_site(options.kit.resolve(), Path(tmp) / "site")
        times, version = measure(page, options.runs)
    print(f"assessment update, {len(times)} answer changes on {page.relative_to(page.parents[1])}"
          f" (after {WARM_UP} to warm up):")
    sample = summary(times)
    print(f"  median {sample.median:.2f} ms   p95 {sample.p95:.2f} ms   "
          f"max {sample.max:.2f} ms   (target: median < {TARGET_MS:g} ms)")
    print("  " + "; ".join(f"{key}: {value}" for key, value in
                           machine({"Chromium": version}).items())
          + " (other work on the machine slows every figure)")
    if sample.median >= TARGET_MS:
        sys.exit(f"the median is over the {TARGET_MS:g} ms target")


if __name__ == "__main__":
    main()
