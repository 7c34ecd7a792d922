"""The command line: parse options, call one function, print diagnostics.

Exit status: 0 success, 1 a problem in the kit or the input, 2 wrong usage.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click

from site_builder import __version__
from site_builder.console import fail, print_diagnostics, say, shown_path
from site_builder.diagnostics import Diagnostic, KitError, Location, Problems, plural

KIT_OPTION = click.option(
    "--kit", "kit_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default="the current folder", help="The kit folder to use.",
)

NO_CACHE_OPTION = click.option(
    "--no-cache", is_flag=True,
    help="Make everything again, without reading or writing .site-builder-cache/ in the kit.")

VERBOSE_OPTION = click.option("-v", "--verbose", is_flag=True,
                              help="Say what is done, step by step, on standard error.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-builder")
def cli() -> None:
    """Turn a workshop kit into a static website, an offline self-assessment and
    printable PDF worksheets."""


@cli.command()
@KIT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: output/ in the kit).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              show_default="the number of CPUs", help="How many processes make the pages "
              "and PDFs; 1 makes everything in this one. Small sites use one anyway.")
@NO_CACHE_OPTION
@VERBOSE_OPTION
def build(kit_dir: Path, out: Path | None, jobs: int | None, no_cache: bool,
          verbose: bool) -> None:
    """Check the kit, then write the site and its PDFs.

    Warnings (those of `check`) are printed and do not stop the build. What is unchanged
    since the last build is reused from .site-builder-cache/."""
    from site_builder.build import build as run_build

    # A build makes many small objects and no garbage cycles to speak of: the collector
    # need not walk what the imports made, nor run every 700 allocations (3% of a build).
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    try:
        with stopped_by_signals() as stopped:
            result = run_build(kit_dir, out, log=say(verbose), jobs=jobs,
                               use_cache=not no_cache)
    except KitError as error:
        fail(error.diagnostics, "; nothing was written and the previous output is untouched")
    except KeyboardInterrupt:
        # Every folder and worker of the build is gone by now (each has its `finally`).
        exit_stopped("stopped; the output folder holds the last complete build, and nothing "
                     "half-made was left behind", stopped)
    print_diagnostics(result.warnings)
    click.echo(f"built {plural(result.pages, 'page')} and {plural(result.pdfs, 'PDF')} in "
               f"{result.seconds:.1f} s: {shown_path(result.out)}")


@cli.command(short_help="Find mistakes in the kit and gaps in its rules.")
@KIT_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors: exit status 1.")
@VERBOSE_OPTION
def check(kit_dir: Path, strict: bool, verbose: bool) -> None:
    """Validate every file of the kit, run its rule tests, and look for rules that can
    never show, questions no rule reads and answers that get no advice."""
    import dataclasses
    import time

    from site_builder.check import check_folder

    log = say(verbose)
    started = time.perf_counter()
    try:
        kit, result = check_folder(kit_dir)
    except KitError as error:
        fail(error.diagnostics)
    for note in result.notes:
        log(note)
    log(f"checked in {time.perf_counter() - started:.2f} s")
    if not result.ok:
        print_diagnostics(result.diagnostics)
        click.echo(f"{result.cases_failed} of {result.cases_run} rule tests failed.", err=True)
        sys.exit(1)
    warnings = sum(1 for d in result.diagnostics if d.severity == "warning")
    if strict and warnings:
        print_diagnostics([dataclasses.replace(d, severity="error")
                           for d in result.diagnostics])
        for summary in result.summaries:
            click.echo(summary, err=True)
        click.echo(f"{plural(warnings, 'error')} (warnings count as errors with --strict)",
                   err=True)
        sys.exit(1)
    print_diagnostics(result.diagnostics)
    for summary in result.summaries:
        click.echo(summary)
    rules = sum(len(s.rules) for s in kit.rule_sets)
    line = (f"ok: {plural(len(kit.pages), 'page')}, "
            f"{plural(len(kit.checklists), 'checklist')}, {plural(rules, 'rule')}, "
            f"{plural(result.cases_run, 'rule test')} passed")
    click.echo(line + (f", {plural(warnings, 'warning')}" if warnings else ""))


@cli.command(short_help="Show which advice a set of answers gets, and why.")
@click.argument("answers_file", metavar="ANSWERS",
                type=click.Path(dir_okay=False, path_type=Path))
@KIT_OPTION
@click.option("--checklist", "checklist_id", default=None,
              help="The checklist the answers belong to (needed when the kit has several).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--language", default=None, metavar="LANGUAGE",
              help="The kit's language to explain in, for example fr (default: its first).")
def explain(answers_file: Path, kit_dir: Path, checklist_id: str | None, as_json: bool,
            language: str | None) -> None:
    """Show which advice a set of answers gets, and why, condition by condition."""
    from site_builder.explain import explain_answers, format_explanation

    try:
        explanation = explain_answers(kit_dir, answers_file, checklist_id, language)
    except KitError as error:
        fail(error.diagnostics)
    print_diagnostics(explanation.warnings)
    if as_json:
        click.echo(json.dumps(explanation.as_json(), indent=2, ensure_ascii=False))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(format_explanation(explanation, colour=colour))


@cli.command()
@click.argument("responses", metavar="RESPONSES...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@KIT_OPTION
@click.option("--checklist", "checklist_id", default=None,
              help="The checklist the responses belong to (needed when the kit has several).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the reports (default: reports/ in the kit).")
@click.option("--name-column", default=None,
              help="The column holding each participant's name, shown on their report.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              show_default="the number of CPUs", help="How many PDFs to render at once.")
@click.option("--language", default=None, show_default="the kit's source language",
              help="The reports' language, one of the kit's (e.g. fr); a participant's own, "
              "from a 'language' column or an answer file's 'language', wins. The cohort "
              "summary is in this one.")
@VERBOSE_OPTION
def report(responses: tuple[Path, ...], kit_dir: Path, checklist_id: str | None,
           out: Path | None, name_column: str | None, jobs: int | None, language: str | None,
           verbose: bool) -> None:
    """One PDF report per participant and an anonymous cohort summary."""
    from site_builder.report import make_reports

    try:
        with stopped_by_signals() as stopped:
            result = make_reports(kit_dir, responses, checklist_id, out, name_column, jobs,
                                  progress=sys.stderr.isatty() and not verbose,
                                  log=say(verbose), language=language)
    except KitError as error:
        fail(error.diagnostics, "; no reports were written")
    except KeyboardInterrupt:
        # Each report is written whole or not at all (write_atomically), and the workers
        # end with the pool's `finally`.
        exit_stopped("stopped; the reports written so far are complete, and none was left "
                     "half-written", stopped)
    print_diagnostics(result.problems + result.failures)
    summary = "a cohort summary" if result.cohort else "no cohort summary"
    line = (f"wrote {plural(len(result.written), 'report')} and {summary} to "
            f"{shown_path(result.out)}/; {plural(result.skipped, 'row')} skipped")
    if result.failures:
        line += f"; {plural(len(result.failures), 'document')} failed"
    if result.earlier:
        line += (f"; {plural(result.earlier, 'report')} from an earlier run "
                 f"{'is' if result.earlier == 1 else 'are'} also there (delete them, or give "
                 "each run its own --out)")
    click.echo(line, err=not result.ok)
    sys.exit(0 if result.ok else 1)


@cli.command()
@KIT_OPTION
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on; 0 picks a free one.")
@click.option("--host", default=None, show_default="127.0.0.1, this machine only",
              help="The address to listen on. Any other than 127.0.0.1, localhost or ::1 "
              "lets anyone on the network see the site.")
@VERBOSE_OPTION
def serve(kit_dir: Path, port: int, host: str | None, verbose: bool) -> None:
    """Build the kit and serve it, rebuilding on every change.

    The site is built into a private temporary folder, removed when the server stops, so
    output/ is left as it is. Open pages reload by themselves after each rebuild; when a
    change does not build, they keep the last good build and show the errors, and a
    build's warnings show in a bar at the foot of the page. Stop with Ctrl-C.
    """
    from site_builder.serve.rebuild import serve as run_server

    try:
        run_server(kit_dir, host, port, log=say(verbose), log_requests=verbose)
    except KitError as error:
        print_diagnostics(error.diagnostics)
        sys.exit(1)


@cli.command(short_help="Build the site and publish it on a branch (GitHub Pages).")
@KIT_OPTION
@click.option("--branch", "-b", default="gh-pages", show_default=True,
              help="The branch of the kit's repository that receives the site.")
@click.option("--remote", "-r", default="origin", show_default=True,
              help="The remote the branch is pushed to.")
@click.option("--message", "-m", default=None, help="The deploy commit's message (default: "
              "one naming the kit's commit the site was built from).")
@click.option("--force", is_flag=True, help="Deploy even when the kit has uncommitted "
              "changes; the commit message says so.")
@click.option("--no-push", is_flag=True, help="Commit the site to the branch, but do not push.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              show_default="the number of CPUs", help="How many processes make the pages "
              "and PDFs.")
@NO_CACHE_OPTION
@VERBOSE_OPTION
def deploy(kit_dir: Path, branch: str, remote: str, message: str | None, force: bool,
           no_push: bool, jobs: int | None, no_cache: bool, verbose: bool) -> None:
    """Build the kit, commit the site to a branch of the kit's git repository (gh-pages)
    and push it, for GitHub Pages or any host that serves a branch.

    The site is built as `build` builds it, in a temporary folder, so output/ and the
    kit's own branch, index and files are left as they are. Each deploy adds a commit to
    the branch, naming the kit's commit; the kit must have no uncommitted changes (unless
    --force)."""
    from site_builder.deploy import DeployError, Options, pages_address
    from site_builder.deploy import deploy as run_deploy

    options = Options(branch, remote, message, force, push=not no_push)
    try:
        with stopped_by_signals() as stopped:
            result = run_deploy(kit_dir, options, log=say(verbose), jobs=jobs,
                                use_cache=not no_cache)
    except DeployError as error:
        print_diagnostics([error.diagnostic])
        sys.exit(1)
    except KitError as error:
        fail(error.diagnostics, "; nothing was deployed")
    except KeyboardInterrupt:
        exit_stopped("stopped; the kit's own branch, index and files are as they were; deploy "
                     "again to publish the site", stopped)
    print_diagnostics(result.built.warnings)
    source = result.source[:12] + (" and uncommitted changes" if result.dirty else "")
    if result.changed:
        line = (f"deployed {plural(result.built.pages, 'page')} and "
                f"{plural(result.built.pdfs, 'PDF')} built from {source} to the branch "
                f"{branch} (commit {result.commit[:12]})")
    else:
        line = (f"the site built from {source} is the same as the last deploy on the branch "
                f"{branch} (commit {result.commit[:12]}); no new commit")
    if result.pushed:
        line += f"; pushed to {result.pushed}"
    elif no_push:
        line += f"; not pushed (--no-push): 'git push {remote} {branch}' publishes it"
    else:
        line += f"; {remote} already has it"
    click.echo(line)
    address = pages_address(result.remote_url or "")
    if address and result.pushed:
        click.echo(f"on GitHub Pages (Settings > Pages: deploy from the branch {branch}) "
                   f"the site is at {address}")


@cli.command()
@KIT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the schemas (default: schemas/ in the kit).")
def schema(kit_dir: Path, out: Path | None) -> None:
    """Write JSON Schemas for editors to check kit files.

    A YAML file names its schema on its first line, as the default kit's files do.
    """
    from site_builder.kit.json_schema import FOLDER, write_schemas

    folder = out if out is not None else kit_dir / FOLDER
    try:
        written = write_schemas(folder)
    except OSError as error:
        fail([Diagnostic(Location(str(folder)), f"cannot write the schemas here: "
                         f"{error.strerror or error}")])
    click.echo(f"wrote {plural(len(written), 'schema')} to {shown_path(folder)}/")


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--language", default=None, metavar="LANG",
              help="Write the kit in this language (e.g. fr), from the default kit's "
              "translation into it.")
def new(folder: Path, language: str | None) -> None:
    """Start a new kit in DIR, copied from the default one.

    The copy builds as it is. DIR must be new or empty; missing parents are made.
    """
    import shlex

    from site_builder.new import create_kit

    try:
        create_kit(folder, language)
    except KitError as error:
        fail(error.diagnostics, "; nothing was written")
    shown = shown_path(folder.resolve())
    steps = {f"cd {shlex.quote(shown)} && site-builder serve": "preview it as you edit",
             "site.yaml, content/about.md": "replace their placeholders with your own words",
             "site-builder build": "write the site and its PDFs to output/"}
    width = max(map(len, steps))
    click.echo(f"created a new kit in {shown}/; next:")
    for command, why in steps.items():
        click.echo(f"  {command.ljust(width)}   # {why}")


@cli.command(short_help="Make or update each language's file of texts to translate.")
@click.argument("kit_arg", metavar="[KIT]", required=False,
                type=click.Path(file_okay=False, path_type=Path))
@KIT_OPTION
@VERBOSE_OPTION
def translations(kit_arg: Path | None, kit_dir: Path, verbose: bool) -> None:
    """Write translations/LANGUAGE.po for each of the kit's other languages (site.yaml's
    `languages`), with every short text of the kit to translate, or bring it up to date:
    new texts are added, a text changed since it was translated keeps its translation,
    marked fuzzy, and texts gone from the kit are kept at the end. Translated pages
    (about.fr.md) get their `translated_from`. Nothing you translated is lost."""
    from site_builder.translations import update_translations

    try:
        result = update_translations(kit_arg or kit_dir, log=say(verbose))
    except KitError as error:
        fail(error.diagnostics)
    for line in [*result.lines, *result.summaries]:
        click.echo(line)


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, caught by `stopped_by_signals`. Not KeyboardInterrupt itself:
    CPython marks a bare KeyboardInterrupt leaving an `eval`/`exec` of a string (as in
    dataclasses and namedtuple) as unhandled for good, even once caught, and the process
    then ends by SIGINT instead of its exit status."""


def exit_stopped(message: str, stopped: list[int]) -> NoReturn:
    """After Ctrl-C or SIGTERM: one line of our own, and the shell's status for the signal."""
    click.echo(message, err=True)
    sys.exit(128 + (stopped[0] if stopped else signal.SIGINT))


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[list[int]]:
    """Ctrl-C and SIGTERM (`kill`, a service manager) stop the build as a KeyboardInterrupt,
    once: a second signal is ignored while the build removes what it made. The list
    receives the signal's number."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    owner = os.getpid()

    def stop(number: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker, before it set its own handlers
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)  # ends as a worker should, by the signal
            return
        received.append(number)
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)
        raise Stopped(number)

    previous = {each: signal.signal(each, stop) for each in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


def main() -> None:
    """Entry point: never a traceback for a user, whatever goes wrong."""
    try:
        cli.main(prog_name="site-builder", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; the previous output is untouched.", err=True)
        sys.exit(130)
    except Exception as error:  # a bug in site-builder, not in the kit
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        report = Problems()
        report.error(Location("site-builder"), f"internal error: {type(error).__name__}: "
                     f"{error}. Please report it; set SITE_BUILDER_DEBUG=1 to see details")
        print_diagnostics(report)
        sys.exit(1)

