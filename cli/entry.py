"""The `radqc` command's entry point. It imports nothing but the standard library, so that a Ctrl-C
while the commands load (typer and every command's module: the first ~0.2 s) ends as any other Ctrl-C
does: the installed script imports its entry point before anything can catch a KeyboardInterrupt, and
with `radqc.cli.main` as the entry point such a Ctrl-C was a traceback."""

from __future__ import annotations

import sys

# What Ctrl-C leaves on the terminal when the command it stopped has nothing more to say.
STOPPED = "radqc: stopped (Ctrl-C)"
INTERRUPTED = 130  # the shell's status for a process Ctrl-C ended (128 + SIGINT)
# The shell's status for a process whose reader went away (128 + SIGPIPE): `radqc ... | head` ends so, quietly, as
# `git log | head` does, where typer exited 1, which `radqc audit` uses for a case no auditor answered.
CLOSED_PIPE = 141
# `radqc audit`'s status for a case audited in part (an auditor gave no answer, the findings are the other's alone) and
# `radqc eval`'s for a run that finished incomplete (some of its cases so audited, or failed): distinct from 0, so that a
# QC script or an ablation loop does not take one role's findings, or a run a model left half way, for a full one, and
# from 1 (nothing audited) and 2 (refused).
INCOMPLETE = 3


def main() -> None:
    try:
        from radqc.cli.main import main as run
    except KeyboardInterrupt:
        sys.stderr.write(f"{STOPPED}\n")
        raise SystemExit(INTERRUPTED) from None
    run()
