"""Run files and crashes: read JSONL files that a crash may have left with a torn last line, and
write whole files so that a crash never leaves half of one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file; a torn or foreign line is skipped."""
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def write_atomically(path: Path, text: str) -> None:
    """Write TEXT to PATH via a temporary file: a reader sees the old file or the new one, never half."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
