"""Terminal output shared by the subcommands (rich tables).

Much of what radqc prints did not come from radqc: report text, evidence, explanations and model
output, file names, case ids, error-type labels read from datasets and run folders. Rich would read
"[sic]" or "[/]" in such text as markup (dropping it, or failing with MarkupError), and a terminal
obeys the escape sequences a report could carry. So every piece of untrusted text goes through
`shown` before it is put into a string Rich prints, and through `visible` before it is echoed plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from radqc.eval.metrics import scored_counts
from radqc.eval.shares import (
    NOT_APPLICABLE,
    NOT_APPLICABLE_LEGEND,
    UNDECIDED_LEGEND,
    marked_type,
    shown_decided_macro,
    shown_headline,
    shown_type_scores,
)
from radqc.graphs.verifier import source_in_words
from radqc.schemas import AuditResult
from radqc.taxonomy import type_name

# Emoji codes off: ":warning:" in a report stays ":warning:".
console = Console(emoji=False)

# C0 and C1 control characters (all but newline and tab) and the bidirectional overrides/isolates,
# which would let text recolour, move the cursor, retitle the terminal or reorder what is displayed.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(value: Any) -> str:
    """VALUE as text a terminal only displays: each control character is written out as its escape
    (ESC becomes the four characters \\x1b), so nothing in it can act on the terminal."""
    return _TERMINAL_CONTROLS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), str(value))


def shown(value: Any) -> str:
    """VALUE ready to embed in a Rich markup string: `visible`, with its square brackets escaped so that
    Rich displays them as they are."""
    return escape(visible(value))


def working(label: str):
    """A spinner with LABEL (Rich markup) on stderr while a command works, when stderr is a terminal: a
    CT report's audit or a knowledge-base search first waits about 12 s for the embedding model to load
    (an LLM profile, for the model's answer) and printed nothing meanwhile, as if hung. Elsewhere nothing,
    so that a log or a script's captured output stays clean."""
    status = Console(stderr=True, emoji=False)
    return status.status(label) if status.is_terminal else nullcontext()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (when it is a terminal), fed with (done, total)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    status = Console(stderr=True)
    with Progress(*columns, console=status, transient=True, disable=not status.is_terminal) as progress:
        task = progress.add_task("", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def aligned(rows: list[list[str]]) -> list[str]:
    """ROWS as lines whose columns line up: each column as wide as its widest cell (a plug-in's origin
    can be any length), the last one unpadded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)] if rows else []
    return ["  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + row[-1:]) for row in rows]


def print_findings(result: AuditResult, title: str) -> None:
    status = {"ok": "green", "degraded": "yellow", "error": "red"}[result.status]
    console.print(f"[bold]{shown(title)}[/] ({result.modality}) status: [{status}]{result.status}[/]")
    if result.error:
        console.print(f"  [{status}]{shown(result.error)}[/]")
    for issue in header_issues(result):
        console.print(f"  [yellow]DICOM header: {shown(issue)}[/]")
    if not result.findings:
        console.print("  no findings")
        return
    table = Table(show_lines=False)
    for column in ("type", "evidence", "confidence", "source", "explanation"):
        table.add_column(column, overflow="fold")
    for finding in sorted(result.findings, key=lambda f: -f.confidence):
        table.add_row(shown(type_name(finding.error_type)), shown(finding.evidence), f"{finding.confidence:.2f}",
                      shown(source_in_words(finding.source)), shown(finding.explanation))
    console.print(table)


def header_issues(result: AuditResult) -> list[str]:
    """What the auditors noted about a DICOM header (an unknown ViewPosition, a PixelSpacing of "0\\0",
    frames left unread), once each: it explains a finding or its absence, so it belongs beside them, not
    only in the --json trace."""
    roles = (part for part in result.trace.values() if isinstance(part, dict))
    issues = (issue for part in roles for issue in (part.get("usage") or {}).get("header_issues") or [])
    return list(dict.fromkeys(str(issue) for issue in issues))


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else shown(value)


# The per-type columns go under short labels, spelled out below the table: with the full words the
# seven columns need about 105 terminal columns, and at 80 Rich cut the error types' names short.
CASE_LEGEND = "n: gold cases with the error; P, R, F1: case-level precision, recall, F1;"
INSTANCE_LEGEND = "inst. R, inst. P: instance recall and precision (evidence matched)"
# Fewer characters leave a name (an error type, a metric) unrecognisable: a terminal too narrow even for
# the table with names cut to this gets it at this width (its lines wrap) rather than names and numbers cut to "…".
MIN_NAME_CHARS = 12


def print_metrics(metrics: dict[str, Any]) -> None:
    for modality in ("cxr", "ct_report"):
        block = metrics.get(modality)
        if block is None:
            continue
        console.print(f"[bold]{modality}[/]: {scored_counts(block)}")
        # One headline number a row: eight of them side by side do not fit an 80-column terminal.
        summary = Table(show_header=False)
        summary.add_column("metric")
        summary.add_column("value", justify="right")
        for key in ("macro_f1", "micro_f1", "recall", "precision", "f1", "false_alarm_rate", "additional_discovery_rate",
                    "unreviewed_discoveries"):
            summary.add_row(key.replace("_", " "), _fmt(shown_headline(block, key)))
            if key == "macro_f1" and (decided := shown_decided_macro(block)) is not None:
                summary.add_row("macro f1 decided", _fmt(decided))
        console.print(summary)
        # Narrower than the whole table (COLUMNS, else the terminal's width: what Rich renders to; piped,
        # 80), the type names are cut short, then the instance columns go; the numbers are never cut.
        per_type = fitted(_per_type_table(modality, block, instance=True))
        instance = _natural_width(per_type) <= console.width
        if not instance:
            per_type = fitted(_per_type_table(modality, block, instance=False))
        console.print(per_type, crop=False)
        console.print(CASE_LEGEND)
        if instance:
            console.print(INSTANCE_LEGEND)
        if block.get("undecided"):
            console.print(UNDECIDED_LEGEND)
        if any(NOT_APPLICABLE in column.cells for column in [*summary.columns[1:], *per_type.columns[1:]]):
            console.print(NOT_APPLICABLE_LEGEND)


def _per_type_table(modality: str, block: dict[str, Any], instance: bool) -> Table:
    """One modality's per-type scores, with or without the INSTANCE columns."""
    table = Table(title=f"{modality} per type")
    for column in ("type", "n", "P", "R", "F1", "inst. R", "inst. P")[: 7 if instance else 5]:
        table.add_column(column, justify="right" if column != "type" else "left", no_wrap=True, overflow="ellipsis")
    for name, row in block["per_type"].items():
        scores = shown_type_scores(block, name)
        cells = [shown(marked_type(block, name)), _fmt(row["support"]), *(_fmt(scores[key]) for key in ("precision", "recall", "f1"))]
        table.add_row(*cells, *([_fmt(scores["instance_recall"]), _fmt(scores["instance_precision"])] if instance else []))
    return table


def _natural_width(table: Table) -> int:
    """How many terminal columns TABLE takes with nothing cut short (measured as if the terminal had no end)."""
    return console.measure(table, options=console.options.update_width(10_000)).maximum


def fitted(table: Table, names: int = 0) -> Table:
    """TABLE made to fit the terminal (`console.width`: COLUMNS, else its width; piped, 80) by narrowing
    its column NAMES alone (names end in "…"), never below MIN_NAME_CHARS. Rich would narrow every
    column alike, cutting numbers to "0…"; a table that does not fit even so keeps its width (print it
    with crop=False: the terminal wraps it). Its columns must be no_wrap, or Rich wraps cells instead."""
    excess = _natural_width(table) - console.width
    if excess > 0:
        column = table.columns[names]
        # Measured as Rich renders them: an escaped bracket in a cell's markup takes one column, not two.
        widest = max(console.render_str(str(cell)).cell_len for cell in [column.header, *column.cells])
        column.width = max(MIN_NAME_CHARS, widest - excess)
        table.width = _natural_width(table)
    return table
