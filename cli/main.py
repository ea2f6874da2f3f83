"""The `radqc` command. Subcommands live in one module each; heavy libraries load inside commands so
that `radqc --help` answers at once."""

from __future__ import annotations

import os
import sys

import typer

from radqc import __version__
from radqc.cli import audit, compare, data, eval as eval_command, kb, profiles, review
from radqc.cli.entry import INTERRUPTED, STOPPED
from radqc.cli.options import HELP_MARKUP, Group, Typer
from radqc.offline import apply_offline_env
from radqc.settings import SettingError, torch_threads


class _RadqcGroup(Group):
    """The `radqc` command group. A Ctrl-C no command handles ends with one line: typer turned it into
    exit status 130 without a word, or, where it stopped the loading of a library, a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            typer.echo(STOPPED, err=True)
            raise typer.Exit(INTERRUPTED) from None


app = Typer(
    cls=_RadqcGroup,
    rich_markup_mode=HELP_MARKUP,
    name="radqc",
    help=(
        "Quality control for chest radiographs and CT reports with retrieval-augmented auditors.\n\n"
        "Runs offline by default (profile `offline`). Every option can also be set by the environment "
        "variable shown beside it in each command's --help; state (knowledge base, caches, your profiles) "
        "lives in RADQC_HOME, default ~/.radqc.\n\n"
        "Examples:\n\n"
        "- `radqc audit chest.dcm`\n"
        "- `radqc audit report.txt --exam 'CT chest'`\n"
        "- `radqc eval data/samples --out runs/samples`"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("audit")(audit.audit)
app.command("eval")(eval_command.evaluate)
app.command("compare")(compare.compare)
app.command("review")(review.review)
app.add_typer(data.app, name="data")
app.add_typer(kb.app, name="kb")
app.add_typer(profiles.app, name="profiles")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"radqc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version.")) -> None:
    """radqc"""


def _check_environment() -> None:
    """Read the numbers radqc takes from the environment before any command runs. Read where they are
    used, a typo (RADQC_MAX_REPORT_BYTES=2MB) was a traceback, or, read in a worker thread, every case's
    retrieval failing with the run going on."""
    import radqc.limits  # noqa: F401  (reads its limits when imported)

    torch_threads()


def main() -> None:
    try:
        apply_offline_env()
        try:
            _check_environment()
        except SettingError as exc:
            typer.echo(f"radqc: {exc}", err=True)
            raise SystemExit(2) from None
        app()
    except KeyboardInterrupt:  # before a command ran
        typer.echo(STOPPED, err=True)
        _leave(INTERRUPTED)
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _leave(INTERRUPTED)
        raise


def _leave(status: int) -> None:
    """Exit at once, not when the threads still auditing a case end: Python waits for them at exit, and
    a worker loading torch or a sentence-transformers model (seconds) or waiting on a model held up a
    Ctrl-C that long, and a second Ctrl-C then printed a traceback. Their cases start over on the re-run,
    as after `kill -9`; everything radqc writes is complete on disk before a command returns."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
