"""Read expert verdicts on findings that matched no gold label (spec: adjudications.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from radqc.schemas import Adjudication


class AdjudicationError(ValueError):
    pass


def read_adjudications(path: Path) -> list[Adjudication]:
    """All verdicts in the file; a malformed line is an error naming its line (verdicts are hand-made
    and a silently dropped one would change the discovery rate)."""
    verdicts = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            verdicts.append(Adjudication.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise AdjudicationError(f"{path.name} line {number}: {exc}") from exc
    return verdicts
