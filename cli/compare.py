"""`radqc compare RUN...`: runs side by side, for ablations and model comparisons."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from radqc.cli.options import JsonOption
from radqc.settings import BOOTSTRAP_RESAMPLES, MAX_BOOTSTRAP_RESAMPLES


def compare(
    runs: list[Path] = typer.Argument(..., help="Two or more `radqc eval --out` folders (or metrics.json files)."),
    as_json: bool = JsonOption,
    html_page: Path | None = typer.Option(
        None, "--html", envvar="RADQC_COMPARE_HTML", dir_okay=False,
        help="Also write the comparison to this file as a page that opens offline, each type's F1 drawn run beside run.",
    ),
    resamples: int = typer.Option(
        BOOTSTRAP_RESAMPLES, "--bootstrap", envvar="RADQC_COMPARE_BOOTSTRAP", min=0, max=MAX_BOOTSTRAP_RESAMPLES,
        help="Resamples of the paired bootstrap over the cases that puts an interval on the change of the headline "
             "numbers, when the first and last runs scored one dataset (0: none).",
    ),
) -> None:
    """Compare runs metric by metric, each later run's change from the first.

    Two runs get one "change" column; more get a column "Δ RUN" for each run after the first (the baseline).

    When the first and last runs scored one dataset, the last one's change of the headline numbers (CT reports: instance F1,
    Macro-F1, false-alarm rate; radiographs: Macro-F1, false-alarm rate) gets its 95% interval: a paired
    bootstrap over the dataset's cases (a fixed seed), each run's answers scored as `radqc eval` scores
    them against the dataset's gold labels, read from the path its metrics.json records. An interval that
    holds 0 is a change the choice of cases alone could give.

    Each run's column is headed by its profile and rag flag and by its site baseline where the runs
    that scored radiographs differ in it; where the runs with retrieval retrieved from different
    knowledge bases, a note below the table says how (the --html page heads the columns with them). With --json: {"runs": each run's {"profile", "rag", "site_baseline",
    "knowledge_base"}, "rows": each metric's value per run and its "changes" from the first run to each later one (null where
    either has none),
    "notes": what the table's notes say (runs of different datasets or cases or knowledge bases, failed or pending cases),
    "bootstrap": its resamples, seed, level, runs, cases per modality and why there is no interval, or null}; a row with
    an interval has it as "interval": [low, high].

    Reads each run's metrics.json (for the interval, the first and last runs' predictions.jsonl and their
    dataset's manifest too) and writes nothing but the --html page. Exit status: 0 with a table; 1 when no run
    scored a case (no gold labels); 2 for a bad argument or a run without a readable metrics.json.

    Example (the RAG ablation):

    - `radqc eval data/ct_reports/test --out runs/rag`
    - `radqc eval data/ct_reports/test --out runs/norag --no-rag`
    - `radqc compare runs/rag runs/norag --html runs/rag-vs-norag.html`
    """
    import json

    from rich.table import Table

    from radqc.cli.render import console, fitted, shown, visible
    from radqc.eval.compare import (VARYING_SETTINGS, CompareError, bootstrap_legend, change_bootstrap, changes, comparison_rows,
                                    change_headers, change_legend, dataset_notes, differing_settings, interval_text,
                                    knowledge_base_note, load_run, not_applicable_legends, run_settings, shown_changes, shown_values,
                                    unscored_notes)

    if len(runs) < 2:
        raise typer.BadParameter("give at least two runs", param_hint="RUNS")
    try:
        loaded = {key: load_run(path) for key, path in zip(_run_keys(runs), runs)}
    except CompareError as exc:
        raise typer.BadParameter(str(exc), param_hint="RUNS") from exc
    rows = comparison_rows(loaded)
    if not rows:
        typer.echo("nothing to compare: no run scored a case (metrics.json has no cxr or ct_report block, which "
                   "happens when no case has gold labels, e.g. unlabelled radiographs audited only)", err=True)
        raise typer.Exit(1)
    settings = {name: run_settings(metrics) for name, metrics in loaded.items()}
    notes = dataset_notes(loaded) + [note for note in [knowledge_base_note(settings)] if note] + unscored_notes(loaded)
    folders = {key: path if path.is_dir() else path.parent for key, path in zip(loaded, runs)}
    bootstrap = change_bootstrap(loaded, folders, rows, resamples)
    differing = differing_settings(loaded, settings)
    if html_page is not None:
        from radqc.eval.compare_html import render_comparison

        try:
            html_page.write_text(render_comparison(loaded, settings, differing, rows, notes, bootstrap), encoding="utf-8")
        except OSError as exc:
            raise typer.BadParameter(f"cannot write {html_page}: {exc.strerror or exc}", param_hint="--html") from exc
        typer.echo(f"wrote {visible(str(html_page))}", err=True)
    if as_json:  # the notes in the document, as `radqc eval --json` gives its own: on stderr a script read no word of them
        # Each row's change from the first run, as the table's change columns give it: a script had to subtract.
        with_changes = [{**row, "changes": changes(row)} for row in rows]
        typer.echo(json.dumps({"runs": settings, "rows": with_changes, "notes": notes, "bootstrap": bootstrap}, indent=2))
        return
    # The knowledge base in words ("27 shipped + 1 of yours, 0 past cases") widened each run's column until the
    # metrics' names were cut: the note below the table names what each run's held.
    headed = [key for key in differing if key != "knowledge_base"]
    table = Table()
    table.add_column("modality", no_wrap=True)
    # Each run's settings head its column, above its name: Rich puts every header at the bottom of the
    # header rows, and so the names stay on the row just above the numbers.
    table.add_column("\n".join(["profile", "rag", *(VARYING_SETTINGS[key].words for key in headed), "metric"]), no_wrap=True,
                     overflow="ellipsis")
    headers = _column_headers(list(loaded), runs)
    for header, run in zip(headers, settings.values()):
        table.add_column(shown(f"{_settings_header(run, headed)}\n{header}"), justify="right", no_wrap=True)
    for header in change_headers(headers):
        table.add_column(shown(header), justify="right", no_wrap=True)
    intervals = any("interval" in row for row in rows)
    if intervals:
        table.add_column(f"{bootstrap['level']:.0%} interval", justify="right", no_wrap=True)
    values_shown, changes_shown = [], []
    for row in rows:
        values = shown_values(row, loaded)
        moved = shown_changes(row, values)
        values_shown += values.values()
        changes_shown += moved
        table.add_row(shown(row["modality"]), shown(row["metric"]), *(_number(v) for v in values.values()),
                      *(_number(change, "+") for change in moved),
                      *([interval_text(row.get("interval"))] if intervals else []))
    # On a narrow terminal the metrics' names are cut short, as in `radqc eval`'s tables, never the numbers.
    console.print(fitted(table, names=1), crop=False)
    if legend := change_legend(headers):
        console.print(shown(legend), highlight=False)
    for line in not_applicable_legends(values_shown, changes_shown):
        console.print(line)
    if bootstrap:
        console.print(shown(bootstrap_legend(bootstrap)), style="dim", highlight=False)
    for note in notes:
        console.print(f"[yellow]{shown(note)}[/]")


def _settings_header(settings: dict, differing: list[str]) -> str:
    """A run's `run_settings` as header lines over its name, its profile and rag flag and the DIFFERING
    others: in a RAG vs no-RAG ablation the columns were told apart only by the names of their folders.
    "-" for a run whose metrics.json does not say (an older radqc's)."""
    from radqc.eval.compare import setting_text

    rag = settings["rag"]
    return "\n".join([settings["profile"] or "-", "-" if rag is None else "yes" if rag else "no",
                      *(setting_text(key, settings[key]) or "-" for key in differing)])


def _number(value: float | int | str | None, sign: str = "") -> str:
    """A metric as shown in the table: counts whole, rates to three places, "-" when missing, a share of
    nothing as `shown_values` words it."""
    if value is None or isinstance(value, str):
        return "-" if value is None else value
    return f"{value:{sign}d}" if isinstance(value, int) else f"{value:{sign}.3f}"


def _run_keys(runs: list[Path]) -> list[str]:
    """Each run's path as given, numbered from its second mention on ("runs/a (2)"): `compare A A` keeps
    both columns instead of folding them into one."""
    mentions: Counter[str] = Counter()
    keys = []
    for path in runs:
        mentions[str(path)] += 1
        keys.append(str(path) if mentions[str(path)] == 1 else f"{path} ({mentions[str(path)]})")
    return keys


def _column_headers(keys: list[str], runs: list[Path]) -> list[str]:
    """A run's folder name as its column header, numbered as its key is, or the whole key where two runs
    share that name (runs/rag/run and runs/norag/run). A metrics.json given for its run is headed by its
    folder: runs/norag/metrics.json beside runs/rag was a column "metrics.json"."""
    names = [((run.parent if run.is_file() else run).name or str(run)) + key[len(str(run)):] for key, run in zip(keys, runs)]
    return [name if names.count(name) == 1 else key for name, key in zip(names, keys)]
