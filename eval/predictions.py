"""Read predictions.jsonl back, tolerating what a crash can leave behind (a torn last line)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from radqc.schemas import AuditResult


def read_predictions(path: Path) -> dict[str, AuditResult]:
    """Predictions by case id. The first answer for a case wins, so a case is never scored twice."""
    results: dict[str, AuditResult] = {}
    if not path.is_file():
        return results
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            result = AuditResult.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError):
            continue
        results.setdefault(result.case_id, result)
    return results
