"""Packaging beyond pyproject.toml: the wheel carries the default kit.

The default kit is the repository root, outside the package, and `site-builder new`
copies it. A wheel gets a copy, made at build time, as `site_builder/default_kit/`;
an editable install reads the checkout instead (see site_builder/new.py).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# new.py imports only the standard library and site_builder.diagnostics, so it can
# name the kit's files here, before the package's dependencies are installed.
sys.path.insert(0, str(ROOT))
from site_builder.new import KIT_PARTS, PACKAGED, kit_files  # noqa: E402


class BuildWithDefaultKit(build_py):
    """build_py, then the default kit copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds the kit in the checkout
        missing = [part for part in KIT_PARTS if not (ROOT / part).exists()]
        if missing:
            raise SystemExit(f"cannot package the default kit: {', '.join(missing)} "
                             f"missing from {ROOT}")
        for source, destination in self._kit_copies():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        kit = [] if getattr(self, "editable_mode", False) else \
            [str(destination) for _, destination in self._kit_copies()]
        return [*super().get_outputs(include_bytecode), *kit]

    def _kit_copies(self) -> list[tuple[Path, Path]]:
        target = Path(self.build_lib) / "site_builder" / PACKAGED
        return [(ROOT / name, target / name) for name in kit_files(ROOT)]


setup(cmdclass={"build_py": BuildWithDefaultKit})
