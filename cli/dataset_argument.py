"""The DATASET argument of `radqc eval`, `radqc data validate` and `radqc data apply-verdicts`: read, or
refused (exit 2) with the command a newcomer most likely meant when it is no dataset."""

from __future__ import annotations

from pathlib import Path

import typer


def load_dataset_argument(dataset: Path):
    """DATASET read as a `radqc.dataset.Dataset`; a BadParameter naming DATASET, and where to go
    instead, when it cannot be read as a whole."""
    from radqc.dataset import DatasetError, load_dataset

    try:
        return load_dataset(dataset)
    except DatasetError as exc:
        raise typer.BadParameter(f"{exc}{_instead(dataset)}", param_hint="DATASET") from exc


def _instead(dataset: Path) -> str:
    """The command for what DATASET holds, or "" when none fits. A newcomer's first tries are their own
    film (`radqc eval chest.png`), or a folder of the day's files with no manifest yet, which
    `radqc data index` writes."""
    from radqc.dataset import MANIFEST
    from radqc.folder_index import folder_files

    if dataset.is_file() and (first_row := _table_row_as_a_case(dataset)):
        return (f"; it reads as a table (CSV or TSV): write it as {dataset.parent / MANIFEST}, one JSON object a line, "
                f"a row's columns as its fields; the first row: {first_row}")
    if dataset.is_file() and dataset.name != MANIFEST:
        return f"; to audit one radiograph or report, use `radqc audit {dataset}`"
    if dataset.is_dir() and not (dataset / MANIFEST).exists() and next(folder_files(dataset), None):
        return f"; to audit the files in it, write one with `radqc data index {dataset}`"
    return ""


def _table_row_as_a_case(table: Path) -> str | None:
    """TABLE's first row written as a manifest line, when TABLE is a CSV or TSV whose header names a manifest field
    (case_id, modality); else None. A QC lead's list of cases is often a spreadsheet's CSV, and radqc sent it to
    `radqc audit`, as if it were a report."""
    import csv
    import json

    try:
        with table.open(encoding="utf-8-sig", newline="") as handle:
            lines = [handle.readline(), handle.readline()]
    except (OSError, UnicodeDecodeError):
        return None
    delimiter = "\t" if lines[0].count("\t") > lines[0].count(",") else ","
    header, *rows = csv.reader(lines, delimiter=delimiter)
    if not {"case_id", "modality"} & {name.strip() for name in header}:
        return None
    return json.dumps(dict(zip((name.strip() for name in header), rows[0] if rows else [])), ensure_ascii=False)
