"""Run a profile's workflow over a dataset and keep every answer on disk as soon as it exists.

predictions.jsonl is appended and flushed case by case, so a crash or Ctrl-C loses at most the case in
flight, and a re-run with the same --out skips what is already there (no case lost or scored twice).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from radqc.dataset import CaseError, Dataset
from radqc.graphs.workflow import AuditWorkflow
from radqc.profiles import Profile
from radqc.schemas import AuditResult

PREDICTIONS = "predictions.jsonl"


class RunStats(BaseModel):
    profile: str
    rag: bool
    seconds: float
    cases_per_second: float
    audited: int
    resumed: int


def done_case_ids(predictions_file: Path) -> set[str]:
    """Case ids already answered; a torn last line (crash mid-write) is ignored and re-done."""
    if not predictions_file.is_file():
        return set()
    done = set()
    for line in predictions_file.read_text(encoding="utf-8").splitlines():
        try:
            done.add(json.loads(line)["case_id"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return done


def error_result(error: CaseError) -> AuditResult:
    return AuditResult(case_id=error.case_id, modality=error.modality, status="error", error=error.message)


def run_dataset(
    dataset: Dataset,
    out_dir: Path,
    profile: Profile,
    on_case: Callable[[AuditResult], None] = lambda result: None,
) -> RunStats:
    out_dir.mkdir(parents=True, exist_ok=True)
    predictions_file = out_dir / PREDICTIONS
    _drop_torn_tail(predictions_file)
    done = done_case_ids(predictions_file)
    started = time.perf_counter()
    audited = 0
    workflow = None
    with predictions_file.open("a", encoding="utf-8") as sink:
        for item in [*dataset.cases, *dataset.errors]:
            if item.case_id in done:
                continue
            if isinstance(item, CaseError):
                result = error_result(item)
            else:
                workflow = workflow or AuditWorkflow(profile)
                result = workflow.audit(item)
                audited += 1
            sink.write(json.dumps(result.prediction_line(), ensure_ascii=False) + "\n")
            sink.flush()
            os.fsync(sink.fileno())
            on_case(result)
    seconds = time.perf_counter() - started
    return RunStats(
        profile=profile.name,
        rag=profile.retrieval.enabled,
        seconds=round(seconds, 3),
        cases_per_second=round(audited / seconds, 3) if seconds > 0 else 0.0,
        audited=audited,
        resumed=len(done),
    )


def _drop_torn_tail(predictions_file: Path) -> None:
    """A kill -9 mid-write can leave a partial last line; cut it so appends stay valid JSONL."""
    if not predictions_file.is_file():
        return
    data = predictions_file.read_bytes()
    if data and not data.endswith(b"\n"):
        predictions_file.write_bytes(data[: data.rfind(b"\n") + 1])
