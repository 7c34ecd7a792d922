"""The terminal: diagnostics on standard error, `--verbose` lines, colour when it helps.

Every command prints through here, so they all look alike: `file:line:col: error: ...`,
one line a problem, colour only on a terminal and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from site_builder.diagnostics import Diagnostic, Log, plural


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


def say(verbose: bool) -> Log:
    """A logger for `--verbose`: lines on standard error, or nothing at all."""
    def log(message: str) -> None:
        click.echo(click.style(message, dim=True) if use_colour() else message, err=True)

    return log if verbose else (lambda message: None)


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    colour = {"error": "red", "warning": "yellow"}
    for diagnostic in sorted(set(diagnostics)):
        label: str = diagnostic.severity
        if use_colour():
            label = click.style(label, fg=colour[diagnostic.severity], bold=True)
        click.echo(f"{diagnostic.location}: {label}: {diagnostic.message}", err=True)


def fail(diagnostics: Iterable[Diagnostic], outcome: str = "") -> NoReturn:
    items = list(diagnostics)
    print_diagnostics(items)
    errors = sum(1 for d in items if d.severity == "error")
    click.echo(f"{plural(errors, 'error')}{outcome}", err=True)
    sys.exit(1)


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative when it is under the current folder."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
