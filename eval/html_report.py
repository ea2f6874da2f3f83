"""A self-contained report.html for a run: the headline numbers with what each means, per-type plots,
and the cases behind the misses and false alarms, readable offline (plots are embedded as PNG data, no
external assets). Report text and findings are untrusted input: everything shown is escaped."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from radqc.eval.case_errors import CaseErrors
from radqc.eval.compare import HEADLINE  # the same numbers as `radqc compare`, in the same order
from radqc.agents.llm.outage import failed_case_line, taken_out
from radqc.eval.llm_usage import answered, usage_line
from radqc.eval.metrics import scored_counts, unlabelled_note, unscored_note
from radqc.eval.shares import (
    NOT_APPLICABLE,
    NOT_APPLICABLE_LEGEND,
    UNDECIDED_LEGEND,
    marked_type,
    shown_decided_macro,
    shown_headline,
    shown_type_scores,
)
from radqc.plural import counted
from radqc.schemas import Finding, Label

# What each headline number is a share of, in the words of docs/dataset-format.md: a reader of the
# report should not need the spec open to tell a case-level F1 from an instance-level one.
MEANINGS = {
    "n_cases": "cases with gold labels, the ones scored",
    "n_failed": "cases whose input was unreadable or whose audit broke; scored as misses",
    "n_pending": "cases waiting for a reviewer (radqc review); scored as misses",
    "macro_f1": "case level: the mean of the per-type F1 below, over the types with at least one gold error (n/a when none has one)",
    "macro_f1_decided": "case level: the same mean over the types this run's auditors can report (those marked * below left out)",
    "micro_f1": "case level: F1 of every type's counts pooled (n/a with no gold case and no finding)",
    "recall": "instance level: share of gold errors a finding matched (same type; for reports, overlapping evidence; n/a with no gold error)",
    "precision": "instance level: share of findings that matched a gold error (n/a with no finding)",
    "f1": "instance level: F1 of that recall and precision (n/a with neither a gold error nor a finding)",
    "false_alarm_rate": "share of clean cases (no gold error) with at least one finding",
    "additional_discovery_rate": "findings outside the gold labels that a reviewer confirmed, over all gold errors (– before review)",
    "unreviewed_discoveries": "findings outside the gold labels that no reviewer has judged yet",
}
# Beyond this many cases the table would outgrow the page; predictions.jsonl holds every answer.
MAX_CASES_SHOWN = 300
EVIDENCE_SHOWN = 160


def bar_chart(title: str, labels: list[str], series: dict[str, list[float]]) -> str:
    """Horizontal bars, one group per label and one bar per series, as base64 PNG for an <img> in a page
    that must open offline; values are shares (0 to 1), a None draws no bar, and neither does a share of
    nothing (`shares.NOT_APPLICABLE`), labelled so: a bar of 0 would read as a type scored and wholly missed.
    Every bar is labelled with its own value, as a bar of 0 draws nothing: beside another series' "n/a"
    (recall 0, precision of no finding), that 0 read as n/a too."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, (0.2 + 0.15 * len(series)) * len(labels) + 1.2))
    height = 0.8 / len(series)
    for number, (name, values) in enumerate(series.items()):
        offset = (number - (len(series) - 1) / 2) * height
        drawn = [(p + offset, v) for p, v in enumerate(values) if v is not None and v != NOT_APPLICABLE]
        ax.barh([p for p, _ in drawn], [v for _, v in drawn], height=height, label=name)
        for position, value in drawn:
            ax.text(value + 0.005, position, f"{value:.3f}", va="center", fontsize=7, color="#555")
        for position in (p + offset for p, v in enumerate(values) if v == NOT_APPLICABLE):
            ax.text(0.005, position, NOT_APPLICABLE, va="center", fontsize=7, color="#555")
    ax.set_yticks(list(range(len(labels))), labels)
    ax.set_xlim(0, 1.08)  # room for the label of a bar of 1
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.invert_yaxis()
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=min(len(series), 3 if max(map(len, series)) < 24 else 1), frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _per_type_plot(modality: str, block: dict[str, Any]) -> str:
    labels = [f"{marked_type(block, name)} (n={row['support']})" for name, row in block["per_type"].items()]
    scores = [shown_type_scores(block, name) for name in block["per_type"]]
    return bar_chart(f"{modality}: case-level precision and recall per type", labels,
                     {key: [s[key] for s in scores] for key in ("precision", "recall")})


def cell(value: Any) -> str:
    """A value as a table shows it: rates to three places, "–" when missing, a flag as yes or no (as `radqc
    compare` words `rag`, where Python's "True" read as code), text escaped."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "&ndash;" if value is None else f"{value:.3f}" if isinstance(value, float) else html.escape(str(value))


def _unscored_note(block: dict[str, Any]) -> str:
    """`metrics.unscored_note` as a warning above the numbers ("" when there is none)."""
    note = unscored_note(block)
    return f"<p><strong>{html.escape(note)} (see predictions.jsonl).</strong></p>" if note else ""


def render_html(metrics: dict[str, Any], title: str, errors: list[CaseErrors] | None = None,
                unlabelled: list[CaseErrors] | None = None) -> str:
    """ERRORS: the cases to list under each modality's numbers (`case_errors.case_errors`); UNLABELLED: the
    cases without gold labels to list at the end (`case_errors.unlabelled_findings`); None lists none."""
    parts = [page_head(title)]
    run = metrics.get("run", {})
    # The run's plain values on one line; its tallies (dicts) each in their own words below.
    # A re-score audits nothing: it has no pace, not a pace of 0 (metrics.json keeps the spec's number).
    no_pace = {"cases_per_second"} if run.get("audited") == 0 else set()
    plain = [(k, v) for k, v in run.items() if k not in no_pace and v is not None and not isinstance(v, dict)]
    if plain:
        parts.append("<details><summary>Run settings and counts</summary><table>"
                     + "".join(f"<tr><td>{html.escape(str(k))}</td><td>{cell(v)}</td></tr>" for k, v in plain)
                     + "</table></details>")
    if note := unlabelled_note(run.get("unlabelled")):  # in no table below: without it a run of them reads as empty
        where = "those with findings are listed at the end" if unlabelled else "see predictions.jsonl"
        parts.append(f"<p><strong>{html.escape(note)} ({where}).</strong></p>")
    for model, total in (run.get("llm_usage") or {}).items():
        parts.append(f"<p>{html.escape(usage_line(model, total))}</p>")
    models_down = run.get("models_down") or {}
    for model, why in models_down.items():
        # A page of metrics without the count (an earlier radqc's) keeps the words it was written with.
        failed = (run.get("failed_unasked") or {}).get(model, 1) > 0
        parts.append(f"<p><strong>{html.escape(taken_out(model, why, answered(model, run.get('llm_usage')), failed))}</strong></p>")
    for modality in ("cxr", "ct_report"):
        block = metrics.get(modality)
        if block is None:
            continue
        headline = {key: shown_headline(block, key) for key in HEADLINE}
        if (decided := shown_decided_macro(block)) is not None:  # beside macro F1, which counts the undecided types
            rows, at = list(headline.items()), list(headline).index("macro_f1") + 1
            headline = dict([*rows[:at], ("macro_f1_decided", decided), *rows[at:]])
        parts.append(f"<h2>{modality}</h2><p>{html.escape(scored_counts(block))}</p>" + _unscored_note(block)
                     + "<table><tr><th>metric</th><th>value</th><th class='meaning'>what it is</th></tr>"
                     + "".join(f"<tr><td>{k}</td><td>{cell(v)}</td><td class='meaning'>{html.escape(MEANINGS[k])}</td></tr>"
                               for k, v in headline.items()) + "</table>")
        parts.append(f"<p><img alt='per-type scores' src='data:image/png;base64,{_per_type_plot(modality, block)}'></p>")
        parts.append("<table><tr><th>type</th><th>support</th><th>precision</th><th>recall</th><th>F1</th>"
                     "<th>instance recall</th><th>instance precision</th></tr>")
        scores = {name: shown_type_scores(block, name) for name in block["per_type"]}
        for name, row in block["per_type"].items():
            parts.append(f"<tr><td>{html.escape(marked_type(block, name))}</td><td>{row['support']}</td>"
                         + "".join(f"<td>{cell(value)}</td>" for value in scores[name].values()) + "</tr>")
        parts.append("</table>")
        if block.get("undecided"):
            parts.append(f"<p>{html.escape(UNDECIDED_LEGEND)}</p>")
        if NOT_APPLICABLE in [*headline.values(), *(value for row in scores.values() for value in row.values())]:
            parts.append(f"<p>{html.escape(NOT_APPLICABLE_LEGEND)}</p>")
        if errors is not None:
            parts.append(_cases_to_look_at([e for e in errors if e.modality == modality], models_down))
    if unlabelled:
        parts.append(_unlabelled_cases(unlabelled))
    return "\n".join(parts)


def _cases_to_look_at(errors: list[CaseErrors], models_down: dict[str, str]) -> str:
    """The scored cases with a missed gold error or a finding outside the gold labels, one row each, a failed
    one with why as the summary lists it (MODELS_DOWN: the run's models taken out of it, their why above)."""
    if not errors:
        return "<h3>Cases to look at</h3><p>None: every gold error was found and every finding matched one.</p>"
    shown = errors[:MAX_CASES_SHOWN]
    more = f" (the first {len(shown)} shown; every answer is in predictions.jsonl)" if len(errors) > len(shown) else ""
    rows = "".join(f"<tr><td class='case'>{_case_cell(e, models_down)}</td><td class='text'>{_items(e.missed)}</td>"
                   f"<td class='text'>{_items(e.unmatched)}</td></tr>" for e in shown)
    return (f"<h3>Cases to look at</h3><p>{html.escape(counted(len(errors), 'case'))} with a missed error or a finding "
            f"outside the gold labels{html.escape(more)}. A finding outside the gold labels is a false alarm, or a "
            "discovery once a reviewer confirms it.</p><table><tr><th>case</th><th class='text'>missed (gold)</th>"
            f"<th class='text'>found, not in gold</th></tr>{rows}</table>")


def _unlabelled_cases(flagged: list[CaseErrors]) -> str:
    """The cases without gold labels that got findings, one row each: in no score, so in no list above."""
    shown = flagged[:MAX_CASES_SHOWN]
    more = f" (the first {len(shown)} shown; every answer is in predictions.jsonl)" if len(flagged) > len(shown) else ""
    rows = "".join(f"<tr><td class='case'>{_case_cell(e)}</td><td class='text'>{e.modality}</td>"
                   f"<td class='text'>{_items(e.unmatched)}</td></tr>" for e in shown)
    return (f"<h2>Cases without gold labels, with findings</h2><p>{html.escape(counted(len(flagged), 'case'))}{html.escape(more)}. "
            "No gold label says whether a finding is right: each is for a reviewer to confirm or reject.</p>"
            f"<table><tr><th>case</th><th class='text'>modality</th><th class='text'>found</th></tr>{rows}</table>")


def _case_cell(errors: CaseErrors, models_down: dict[str, str] | None = None) -> str:
    name = html.escape(errors.case_id)
    link = f"<a href='{html.escape(errors.file.as_uri())}'>{name}</a>" if errors.file else name
    status = " (failed)" if errors.failed else " (waits for review)" if errors.pending else ""
    # Why, as the summary's list of failed cases says it: "(failed)" alone sent the reader to predictions.jsonl.
    why = failed_case_line(errors.error, models_down or {}, "above") if errors.failed else None
    return link + status + (f"<div class='why'>{html.escape(why)}</div>" if why else "")


def _items(items: list[Label] | list[Finding]) -> str:
    return "<br>".join(_item(item) for item in items)


def _item(item: Label | Finding) -> str:
    evidence = item.evidence if len(item.evidence) <= EVIDENCE_SHOWN else item.evidence[:EVIDENCE_SHOWN] + "…"
    confidence = f" ({item.confidence:.2f})" if isinstance(item, Finding) else ""
    return html.escape(item.error_type + confidence) + (f": “{html.escape(evidence)}”" if evidence else "")


def page_head(title: str) -> str:
    """The opening of every page radqc writes: its title and one style sheet, inline so it opens offline."""
    return (f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right;vertical-align:top}"
            "th:first-child,td:first-child{text-align:left}.text{text-align:left}td.case{white-space:nowrap}"
            ".why{white-space:normal;max-width:30em;color:#a00}"
            f".meaning{{color:#555;text-align:left}}</style>\n<h1>{html.escape(title)}</h1>")


REPORT = "report.html"


def write_html_report(out_dir: Path, metrics: dict[str, Any], title: str, errors: list[CaseErrors] | None = None,
                      unlabelled: list[CaseErrors] | None = None) -> Path:
    path = out_dir / REPORT
    path.write_text(render_html(metrics, title, errors, unlabelled), encoding="utf-8")
    return path
