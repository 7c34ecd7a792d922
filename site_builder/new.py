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
# Parts a kit may have, copied and packaged when it has them: its translations.
OPTIONAL_PARTS = ("translations",)
PACKAGED = "default_kit"
GITIGNORE = "output/\nreports/\n.site-builder-cache/\n"

# Files that name the sample workshop's maker, replaced in a new kit by texts that say what
# to write: a new kit's footer and About page must not claim to be the sample's. A kit
# started in another language (`new --language fr`) takes them from placeholders/fr/.
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
    for part in (*KIT_PARTS, *OPTIONAL_PARTS):
        path = folder / part
        if not path.exists():
            continue
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


def create_kit(target: Path, language: str | None = None, source: Path | None = None,
               placeholders: Path | None = PLACEHOLDERS_DIR) -> None:
    """Write a copy of the default kit (or of `source`) to `target`, a new or empty folder;
    with `language`, one of the kit's translations, rewritten in that language. The copy
    is made beside it and moved in at the end: a failure leaves nothing behind."""
    _check_target(target)
    source = source or default_kit()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise _cannot_write(target, error) from None
    try:
        copy_kit(source, staging)
        chosen = _localise(staging, language, placeholders) if language else None
        if not chosen:
            # A kit of one language: its placeholders would leave the translations of
            # the sample's texts behind, out of date. A language is added as for any kit.
            drop_translations(staging)
        if placeholders is not None:
            folder = placeholders / chosen if chosen else placeholders
            for relative in PLACEHOLDERS:
                shutil.copyfile(folder / relative, staging / relative)
        if chosen:
            _check_new_kit(staging)
        (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        _move_into(staging, target)
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _localise(staging: Path, language: str, placeholders: Path | None) -> str | None:
    """The copy in `staging` rewritten with `language` as its source language; the
    language as the kit names it (None: it is the kit's source language already)."""
    from site_builder.kit.load import load_kit
    from site_builder.kit.localise import localise_kit

    kit = load_kit(staging)
    wanted = language.strip().lower()
    if wanted == kit.site.language.lower():
        return None
    known = {lang.lower(): lang for lang in kit.languages[1:]
             if placeholders is None or (placeholders / lang).is_dir()}
    if wanted not in known:
        have = ", ".join([kit.site.language, *known.values()])
        raise KitError([Diagnostic(Location("--language"), f"the default kit has no "
                                   f"translation into '{language}'; it can start a kit in: "
                                   f"{have}")])
    chosen = known[wanted]
    localised = localise_kit(kit, chosen)
    for relative, text in localised.files.items():
        (staging / relative).write_text(text, encoding="utf-8")
    for relative in localised.deleted:
        (staging / relative).unlink()
    translations = staging / "translations"
    if translations.is_dir() and not any(translations.iterdir()):
        translations.rmdir()
    return chosen


def drop_translations(kit: Path) -> list[str]:
    """Remove a kit copy's translations (translations/, pages such as about.fr.md);
    the files removed, relative to the kit."""
    import yaml

    settings = yaml.safe_load((kit / "site.yaml").read_text(encoding="utf-8"))
    found = settings.get("languages") if isinstance(settings, dict) else None
    languages = [str(lang) for lang in found] if isinstance(found, list) else []
    others = languages[1:]
    removed = [p for lang in others for p in sorted((kit / "content").rglob(f"*.{lang}.md"))]
    removed += sorted((kit / "translations").glob("*")) if (kit / "translations").is_dir() else []
    for path in removed:
        path.unlink()
    if (kit / "translations").is_dir():
        shutil.rmtree(kit / "translations")
    if others:
        from site_builder.kit.localise import set_languages

        site = kit / "site.yaml"
        site.write_text(set_languages(site.read_text(encoding="utf-8"), languages[0]),
                        encoding="utf-8")
    return [p.relative_to(kit).as_posix() for p in removed]


def _check_new_kit(staging: Path) -> None:
    """A kit rewritten in another language must load as the original did: a mistake in
    the rewriting is said here, and no broken kit is written."""
    from site_builder.kit.load import load_kit

    try:
        load_kit(staging)
    except KitError as error:
        raise KitError([Diagnostic(Location("--language"), "the kit could not be rewritten "
                                   f"in this language: {d}") for d in error.diagnostics]
                       ) from None


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
