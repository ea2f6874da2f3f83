"""`radqc compare --html`: an ablation as a page to share (RAG vs no-RAG, one model against another), with
the same rows as the terminal table and each type's F1 drawn run beside run, so that where one setting
wins and the other loses is seen at a glance rather than read off 20 rows."""

from __future__ import annotations

import html
from typing import Any

from radqc.eval.compare import (TYPE_F1, VARYING_SETTINGS, bootstrap_legend, change_headers, change_legend, interval_text,
                                not_applicable_legends, setting_text, shown_changes, shown_values)
from radqc.eval.html_report import bar_chart, cell, page_head


def render_comparison(
    runs: dict[str, dict[str, Any]], settings: dict[str, dict[str, Any]], differing: list[str], rows: list[dict[str, Any]],
    notes: list[str], bootstrap: dict[str, Any] | None = None,
) -> str:
    """RUNS: each run's metrics.json by name; SETTINGS: `compare.run_settings` per run; DIFFERING: the
    settings shown besides profile and rag (`compare.differing_settings`); ROWS: `compare.comparison_rows`;
    NOTES: why the numbers may not be comparable; BOOTSTRAP: `compare.change_bootstrap`, whose intervals
    are in ROWS."""
    names = list(runs)
    parts = [page_head("radqc compare"), "<table><tr><th>run</th><th>profile</th><th>rag</th>"
             + "".join(f"<th>{VARYING_SETTINGS[key].words}</th>" for key in differing) + "<th class='text'>dataset</th></tr>"]
    for name in names:
        rag = settings[name]["rag"]
        dataset = (runs[name].get("run") or {}).get("dataset")
        parts.append(f"<tr><td>{html.escape(name)}</td><td>{cell(settings[name]['profile'])}</td>"
                     f"<td>{'&ndash;' if rag is None else 'yes' if rag else 'no'}</td>"
                     + "".join(f"<td>{cell(setting_text(key, settings[name][key]))}</td>" for key in differing)
                     + f"<td class='text'>{cell(dataset)}</td></tr>")
    parts.append("</table>")
    parts += [f"<p><strong>{html.escape(note)}</strong></p>" for note in notes]
    if bootstrap:
        parts.append(f"<p>{html.escape(bootstrap_legend(bootstrap))}</p>")
    level = f"{bootstrap['level']:.0%} interval" if any("interval" in row for row in rows) else None
    for modality in dict.fromkeys(row["modality"] for row in rows):
        mine = [row for row in rows if row["modality"] == modality]
        parts.append(f"<h2>{html.escape(modality)}</h2>")
        per_type = [row for row in mine if row["metric"].startswith(TYPE_F1)]
        if per_type:
            labels = [row["metric"][len(TYPE_F1):-1] for row in per_type]
            shown = [shown_values(row, runs) for row in per_type]
            series = {name: [values[name] for values in shown] for name in names}
            parts.append(f"<p><img alt='F1 per type and run' src='data:image/png;base64,"
                         f"{bar_chart(f'{modality}: case-level F1 per type', labels, series)}'></p>")
        parts.append(_table(mine, runs, level))
    return "\n".join(parts)


def _table(rows: list[dict[str, Any]], runs: dict[str, dict[str, Any]], level: str | None) -> str:
    """ROWS as a table of RUNS' values, with a column of the change's intervals headed LEVEL when there are any,
    and the legend of n/a under it when it shows one."""
    head = ("".join(f"<th>{html.escape(name)}</th>" for name in [*runs, *change_headers(list(runs))])
            + (f"<th>{level}</th>" if level else ""))
    body, values_shown, changes_shown = [], [], []
    for row in rows:
        shown = shown_values(row, runs)
        moved = shown_changes(row, shown)
        values_shown += shown.values()
        changes_shown += moved
        moved_cells = "".join(f"<td>{_signed(value)}</td>" for value in moved)
        body.append(f"<tr><td>{html.escape(row['metric'])}</td>" + "".join(f"<td>{cell(value)}</td>" for value in shown.values())
                    + moved_cells + (f"<td>{interval_text(row.get('interval'))}</td>" if level else "") + "</tr>")
    lines = [change_legend(list(runs)), *not_applicable_legends(values_shown, changes_shown)]
    legend = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return f"<table><tr><th>metric</th>{head}</tr>{''.join(body)}</table>{legend}"


def _signed(moved: Any) -> str:
    """A change as the page shows it, signed: "-" when missing, a share of nothing as `shown_changes` words it."""
    return cell(moved) if moved is None or isinstance(moved, str) else f"{moved:+.3f}" if isinstance(moved, float) else f"{moved:+d}"
