"""Where the kits the tests use are: the repository root (itself the default kit) and the
small kits under fixtures/kits/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
FIXTURE_KITS = FIXTURES / "kits"
MINIMAL = FIXTURE_KITS / "minimal"
