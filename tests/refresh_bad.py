"""Rewrite the expected diagnostics of the bad-input cases from what the CLI prints now.

    python -m tests.refresh_bad            # every case
    python -m tests.refresh_bad CASE ...   # only these (folder names under fixtures/bad/)

Use it after deliberately changing a message, then read `git diff tests/fixtures/bad`
line by line: each message must name the right file, line and column and say how to fix
the problem. A new case is a folder with the files its mistake adds or changes (and a
`deleted.txt` naming those of the minimal kit it leaves out), and an empty expected.txt (or
expected-build.txt, for a mistake only the build sees) before its first refresh.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.bad_cases import (
    BAD,
    BUILD_EXPECTED,
    CHECK_EXPECTED,
    build_expected,
    case_dirs,
    diagnostics_of,
    make_kit,
    run,
)


def current_diagnostics(case: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        kit = make_kit(case, Path(scratch) / "kit")
        if build_expected(case) == BUILD_EXPECTED:
            result = run("build", "--kit", kit, "--out", Path(scratch) / "out")
        else:
            result = run("check", "--kit", kit)
    if result.exit_code != 1:
        raise SystemExit(f"{case.name}: exit status {result.exit_code}, not 1:\n{result.output}")
    return diagnostics_of(result)


def main(names: list[str]) -> int:
    cases = [BAD / name for name in names] if names else case_dirs()
    for case in cases:
        if not (case / CHECK_EXPECTED).is_file() and not (case / BUILD_EXPECTED).is_file():
            (case / CHECK_EXPECTED).touch()
        target = case / build_expected(case)
        new = "\n".join(current_diagnostics(case)) + "\n"
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        if new != old:
            target.write_text(new, encoding="utf-8")
            print(f"rewrote {target.relative_to(BAD.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
