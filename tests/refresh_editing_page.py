"""Rewrite the quoted output in content/editing-the-rules.md from what site-builder prints now.

    python -m tests.refresh_editing_page

Each ```text block keeps its first line (the command) and gets the output that
tests/test_editing_page.py expects: the command run on a fresh copy of the default kit
with every example above the block applied. Use it after changing the page's examples,
the default kit or a message, then read `git diff content/editing-the-rules.md`: the
prose around each block must still describe what it shows.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.editing_page import PAGE, one_language_kit, produce, read_page
from tests.kits import ROOT


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    _, outputs = read_page(text)
    for output in reversed(outputs):  # from the end, so earlier line numbers hold
        with tempfile.TemporaryDirectory() as scratch:
            _, block = produce(one_language_kit(Path(scratch) / "kit"), output)
        start = output.line  # the index of the block's first line, after the fence
        end = start + len(output.text.splitlines())
        lines[start:end] = [block]
    new = "".join(lines)
    if new != text:
        PAGE.write_text(new, encoding="utf-8")
        print(f"rewrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
