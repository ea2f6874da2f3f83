"""Run files and crashes: read JSONL files that a crash may have left with a torn last line, and
write whole files so that a crash never leaves half of one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable


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


def numbered_lines(path: Path) -> list[tuple[int, str]]:
    """The non-blank lines of PATH with their 1-based line numbers, for messages that point at a line.
    A UTF-8 byte-order mark (Windows editors add one) is dropped: it would make line 1 not JSON."""
    lines = enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1)
    return [(number, line) for number, line in lines if line.strip()]


def jsonl_text(records: Iterable[dict[str, Any]]) -> str:
    """RECORDS as JSONL text, one line each."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def write_atomically(path: Path, text: str) -> None:
    """Write TEXT to PATH via a temporary file: a reader sees the old file or the new one, never half.
    The text is synced before it replaces the old file, so a power cut cannot leave an empty file
    where run files (predictions rewritten in manifest order) were."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as sink:
        sink.write(text)
        sink.flush()
        os.fsync(sink.fileno())
    tmp.replace(path)
