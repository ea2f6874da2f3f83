"""A self-contained report.html for a run: the headline numbers and per-type plots, readable offline
(plots are embedded as PNG data, no external assets)."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from radqc.eval.compare import HEADLINE  # the same numbers as `radqc compare`, in the same order
from radqc.eval.llm_usage import usage_line
from radqc.eval.metrics import scored_counts, unlabelled_note, unscored_note


def _per_type_plot(modality: str, block: dict[str, Any]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(block["per_type"])
    rows = [block["per_type"][n] for n in names]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(names) + 1.2))
    positions = range(len(names))
    ax.barh([p - 0.2 for p in positions], [r["precision"] for r in rows], height=0.4, label="precision")
    ax.barh([p + 0.2 for p in positions], [r["recall"] for r in rows], height=0.4, label="recall")
    ax.set_yticks(list(positions), [f"{n} (n={r['support']})" for n, r in zip(names, rows)])
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_title(f"{modality}: case-level precision and recall per type")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _cell(value: Any) -> str:
    return "&ndash;" if value is None else f"{value:.3f}" if isinstance(value, float) else html.escape(str(value))


def _unscored_note(block: dict[str, Any]) -> str:
    """`metrics.unscored_note` as a warning above the numbers ("" when there is none)."""
    note = unscored_note(block)
    return f"<p><strong>{html.escape(note)} (see predictions.jsonl).</strong></p>" if note else ""


def render_html(metrics: dict[str, Any], title: str) -> str:
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}th:first-child,td:first-child{text-align:left}</style>",
             f"<h1>{html.escape(title)}</h1>"]
    run = metrics.get("run", {})
    # The run's plain values on one line; its tallies (dicts) each in their own words below.
    # A re-score audits nothing: it has no pace, not a pace of 0 (metrics.json keeps the spec's number).
    no_pace = {"cases_per_second"} if run.get("audited") == 0 else set()
    parts.append("<p>" + ", ".join(f"{html.escape(str(k))}: {_cell(v)}" for k, v in run.items()
                                   if k not in no_pace and v is not None and not isinstance(v, dict)) + "</p>")
    if note := unlabelled_note(run.get("unlabelled")):  # in no table below: without it a run of them reads as empty
        parts.append(f"<p><strong>{html.escape(note)} (see predictions.jsonl).</strong></p>")
    for model, total in (run.get("llm_usage") or {}).items():
        parts.append(f"<p>{html.escape(usage_line(model, total))}</p>")
    for model, why in (run.get("models_down") or {}).items():
        parts.append(f"<p><strong>Model taken out of the run (its later cases failed without a call): {html.escape(model)}, "
                     f"{html.escape(why)}</strong></p>")
    for modality in ("cxr", "ct_report"):
        block = metrics.get(modality)
        if block is None:
            continue
        parts.append(f"<h2>{modality}</h2><p>{html.escape(scored_counts(block))}</p>" + _unscored_note(block) + "<table><tr>" + "".join(f"<th>{k}</th>" for k in HEADLINE) + "</tr><tr>"
                     + "".join(f"<td>{_cell(block[k])}</td>" for k in HEADLINE) + "</tr></table>")
        parts.append(f"<p><img alt='per-type scores' src='data:image/png;base64,{_per_type_plot(modality, block)}'></p>")
        parts.append("<table><tr><th>type</th><th>support</th><th>precision</th><th>recall</th><th>F1</th>"
                     "<th>instance recall</th><th>instance precision</th></tr>")
        for name, row in block["per_type"].items():
            inst = block["per_type_instance"][name]
            parts.append(f"<tr><td>{html.escape(name)}</td><td>{row['support']}</td><td>{_cell(row['precision'])}</td>"
                         f"<td>{_cell(row['recall'])}</td><td>{_cell(row['f1'])}</td>"
                         f"<td>{_cell(inst['recall'])}</td><td>{_cell(inst['precision'])}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


REPORT = "report.html"


def write_html_report(out_dir: Path, metrics: dict[str, Any], title: str) -> Path:
    path = out_dir / REPORT
    path.write_text(render_html(metrics, title), encoding="utf-8")
    return path
