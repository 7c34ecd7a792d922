"""The golden build: the HTML of a small kit, compared file by file with a committed copy.

    python -m tests.golden     # rewrite tests/golden/ from the current build

Refresh only after a deliberate change to the templates or the renderer, then read
`git diff tests/golden` as a reviewer would: it is exactly what users will see change.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from site_builder.check import check_kit
from site_builder.kit.load import load_kit
from site_builder.render.site import render_site

TESTS = Path(__file__).resolve().parent
KIT = TESTS / "fixtures" / "kits" / "second"
GOLDEN = TESTS / "golden" / "second"
TEXT_SUFFIXES = (".html", ".css", ".json")
# Shipped as they are from site_builder/render/assets/: a copy here would only repeat them.
VERBATIM_ASSETS = frozenset({"assets/site.css"})


def build_html(out: Path) -> dict[str, str]:
    """Render the kit's site (no PDFs) into `out`; its text files by relative path."""
    kit = load_kit(KIT)
    render_site(kit, check_kit(kit).documents, out)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES
            and p.relative_to(out).as_posix() not in VERBATIM_ASSETS}


def refresh() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = build_html(Path(tmp))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {GOLDEN.relative_to(TESTS.parent)}", file=sys.stderr)


if __name__ == "__main__":
    refresh()
