"""`site-builder new`: a new kit, copied from the default one, that builds as it is; its
site settings and About page are placeholders that say what to write.

The default kit is the root of the source checkout, outside the package. A wheel
carries a copy of it as `site_builder/default_kit/`, made when the wheel is built
(setup.py reads `KIT_PARTS` from this file); an editable install uses the checkout.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from site_builder.diagnostics import Diagnostic, KitError, Location

# The default kit's files and folders: what a wheel carries and what `new` copies.
KIT_PARTS = ("site.yaml", "content", "rules", "templates/README.md", "schemas")
PACKAGED = "default_kit"
GITIGNORE = "output/\nreports/\n.site-builder-cache/\n"

# Files that name the sample workshop's maker, replaced in a new kit by texts that say what
# to write: a new kit's footer and About page must not claim to be the sample's.
PLACEHOLDERS_DIR = Path(__file__).resolve().parent / "placeholders"
PLACEHOLDERS = ("site.yaml", "content/about.md")


def default_kit() -> Path:
    """The folder holding the default kit: the copy in the package, else the checkout."""
    package = Path(__file__).resolve().parent
    for folder in (package / PACKAGED, package.parent):
        if all((folder / part).exists() for part in KIT_PARTS):
            return folder
    raise KitError([Diagnostic(Location(str(package)), "the default kit is missing from "
                               "this installation of site-builder; reinstall it")])


def kit_files(folder: Path) -> list[str]:
    """The kit's files under KIT_PARTS, relative and with '/'; hidden files and caches
    (.DS_Store, __pycache__) left out."""
    files = []
    for part in KIT_PARTS:
        path = folder / part
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in found:
            relative = file.relative_to(folder).as_posix()
            names = relative.split("/")
            if not any(name.startswith(".") or name == "__pycache__" for name in names):
                files.append(relative)
    return files


def copy_kit(source: Path, target: Path) -> Path:
    """Copy the kit files of `source` (see `kit_files`) into the folder `target`."""
    for relative in kit_files(source):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
    return target


def create_kit(target: Path) -> None:
    """Write a copy of the default kit to `target`, a new or empty folder. The copy is
    made beside it and moved in at the end: a failure leaves nothing behind."""
    _check_target(target)
    source = default_kit()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise _cannot_write(target, error) from None
    try:
        copy_kit(source, staging)
        for relative in PLACEHOLDERS:
            shutil.copyfile(PLACEHOLDERS_DIR / relative, staging / relative)
        (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        _move_into(staging, target)
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_target(target: Path) -> None:
    where = Location(str(target))
    if target.is_dir() and any(target.iterdir()):
        raise KitError([Diagnostic(where, "this folder is not empty; name a new folder "
                                   "(or an empty one) for the kit")])
    if target.exists() and not target.is_dir():
        raise KitError([Diagnostic(where, "this is a file; name a new folder for the kit")])


def _move_into(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    # An existing empty folder stays (it may be the shell's current folder): its
    # entries move in one by one, and back out if one cannot.
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            moved.append(entry.rename(target / entry.name))
    except OSError:
        for entry in moved:
            entry.rename(staging / entry.name)
        raise


def _cannot_write(target: Path, error: OSError) -> KitError:
    return KitError([Diagnostic(Location(str(target)), "cannot write the new kit here: "
                                f"{error.strerror or error}")])
