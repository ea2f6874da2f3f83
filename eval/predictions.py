"""Read predictions.jsonl back, tolerating what a crash can leave behind (a torn last line)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from radqc.jsonl import read_jsonl
from radqc.schemas import AuditResult


def read_predictions(path: Path) -> dict[str, AuditResult]:
    """Predictions by case id. The first answer for a case wins, so a case is never scored twice."""
    results: dict[str, AuditResult] = {}
    for record in read_jsonl(path):
        try:
            result = AuditResult.model_validate(record)
        except ValidationError:
            continue
        results.setdefault(result.case_id, result)
    return results
