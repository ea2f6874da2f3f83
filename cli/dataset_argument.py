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

    if dataset.is_file() and dataset.name != MANIFEST:
        return f"; to audit one radiograph or report, use `radqc audit {dataset}`"
    if dataset.is_dir() and not (dataset / MANIFEST).exists() and next(folder_files(dataset), None):
        return f"; to audit the files in it, write one with `radqc data index {dataset}`"
    return ""
