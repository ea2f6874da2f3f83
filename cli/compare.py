"""`radqc compare RUN...`: runs side by side, for ablations and model comparisons."""

from __future__ import annotations

from pathlib import Path

import typer


def compare(
    runs: list[Path] = typer.Argument(..., help="Two or more `radqc eval --out` folders (or metrics.json files)."),
    as_json: bool = typer.Option(False, "--json", envvar="RADQC_JSON", help="Print the rows as JSON."),
) -> None:
    """Compare runs metric by metric; the last column is the change from the first run to the last.

    Example (the RAG ablation):

      radqc eval data/ct_reports/test --out runs/rag

      radqc eval data/ct_reports/test --out runs/norag --no-rag

      radqc compare runs/rag runs/norag
    """
    import json

    from rich.table import Table

    from radqc.cli.render import console
    from radqc.eval.compare import CompareError, comparison_rows, load_run

    if len(runs) < 2:
        raise typer.BadParameter("give at least two runs")
    try:
        loaded = {str(path): load_run(path) for path in runs}
    except CompareError as exc:
        raise typer.BadParameter(str(exc)) from exc
    rows = comparison_rows(loaded)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table()
    table.add_column("modality")
    table.add_column("metric")
    for name in loaded:
        table.add_column(Path(name).name or name, justify="right")
    table.add_column("change", justify="right")
    for row in rows:
        values = list(row["values"].values())
        change = values[-1] - values[0] if None not in (values[0], values[-1]) else None
        table.add_row(row["modality"], row["metric"], *("-" if v is None else f"{v:.3f}" for v in values),
                      "-" if change is None else f"{change:+.3f}")
    console.print(table)
