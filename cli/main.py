"""The `radqc` command. Subcommands live in one module each; heavy libraries load inside commands so
that `radqc --help` answers at once."""

from __future__ import annotations

import os
import sys

import typer

from radqc import __version__
from radqc.cli import audit, compare, data, eval as eval_command, kb, profiles, review
from radqc.cli.entry import CLOSED_PIPE, INTERRUPTED, STOPPED
from radqc.cli.options import HELP_MARKUP, Group, Typer
from radqc.offline import apply_offline_env
from radqc.settings import SettingError, torch_threads


class _RadqcGroup(Group):
    """The `radqc` command group. A Ctrl-C no command handles ends with one line: typer turned it into
    exit status 130 without a word, or, where it stopped the loading of a library, a traceback. Output
    whose reader went away (`radqc audit x | head`, `radqc --help | head`) ends quietly with status
    `CLOSED_PIPE`: typer exited 1, a failed case's status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            typer.echo(STOPPED, err=True)
            raise typer.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            raise typer.Exit(_closed_pipe()) from None


def _closed_pipe() -> int:
    """Send what is left of stdout and stderr nowhere, since their reader may be gone, and give the status for it:
    Python flushing them at exit would otherwise fail again, printing "Exception ignored ... BrokenPipeError"."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(nowhere, stream.fileno())
        except (OSError, ValueError):  # a stream that is no file (a test's capture)
            pass
    return CLOSED_PIPE


app = Typer(
    cls=_RadqcGroup,
    rich_markup_mode=HELP_MARKUP,
    name="radqc",
    help=(
        "Quality control for chest radiographs and CT reports with retrieval-augmented auditors.\n\n"
        "Runs offline by default (profile `offline`). Every option can also be set by the environment "
        "variable shown beside it in each command's --help (a flag's holds 1 or 0, also true or false, yes or no, on or off); "
        "state (knowledge base, caches, your profiles) "
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
        if _rich_at_a_closed_pipe(exc):
            raise SystemExit(_closed_pipe()) from None
        raise


def _rich_at_a_closed_pipe(stop: SystemExit) -> bool:
    """Whether STOP is Rich's end at a closed pipe (a table or --help printed into `| head`): its
    `Console.on_broken_pipe` sends stdout to /dev/null and raises SystemExit(1), which nothing else tells
    apart from radqc's own exit 1. Told by the function that raised it; rich is not imported to ask, since
    a command that printed nothing through it has not loaded it (`radqc --version` would wait for it)."""
    console = sys.modules.get("rich.console")
    if console is None or stop.code != 1 or stop.__traceback__ is None:
        return False
    frame = stop.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    return frame.tb_frame.f_code is console.Console.on_broken_pipe.__code__


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
