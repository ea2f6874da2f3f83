"""Terminal output shared by the subcommands (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from radqc.schemas import AuditResult

console = Console()


def print_findings(result: AuditResult, title: str) -> None:
    status = {"ok": "green", "degraded": "yellow", "error": "red"}[result.status]
    console.print(f"[bold]{title}[/] ({result.modality}) status: [{status}]{result.status}[/]")
    if result.error:
        console.print(f"  [{status}]{result.error}[/]")
    if not result.findings:
        console.print("  no findings")
        return
    table = Table(show_lines=False)
    for column in ("type", "evidence", "confidence", "source", "explanation"):
        table.add_column(column, overflow="fold")
    for finding in sorted(result.findings, key=lambda f: -f.confidence):
        table.add_row(finding.error_type, finding.evidence, f"{finding.confidence:.2f}", finding.source, finding.explanation)
    console.print(table)


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def print_metrics(metrics: dict[str, Any]) -> None:
    for modality in ("cxr", "ct_report"):
        block = metrics.get(modality)
        if block is None:
            continue
        summary = Table(title=f"{modality}: {block['n_cases']} scored cases ({block['n_clean']} clean, {block['n_failed']} failed)")
        keys = ("macro_f1", "micro_f1", "recall", "precision", "f1", "false_alarm_rate", "additional_discovery_rate", "unreviewed_discoveries")
        for key in keys:
            summary.add_column(key.replace("_", " "), justify="right")
        summary.add_row(*(_fmt(block[k]) for k in keys))
        console.print(summary)
        per_type = Table(title=f"{modality} per type (case level; instance recall/precision)")
        for column in ("type", "support", "precision", "recall", "f1", "inst. recall", "inst. precision"):
            per_type.add_column(column, justify="right" if column != "type" else "left")
        for name, row in block["per_type"].items():
            inst = block["per_type_instance"][name]
            per_type.add_row(name, str(row["support"]), _fmt(row["precision"]), _fmt(row["recall"]), _fmt(row["f1"]),
                             _fmt(inst["recall"]), _fmt(inst["precision"]))
        console.print(per_type)
