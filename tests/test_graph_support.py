"""Test doubles for the audit graph: an auditor that answers from a table and a knowledge base that
records what it was asked. Injected through the workflow's public parameters, never patched in."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.profiles import Profile, RetrievalConfig, RoleConfig
from radqc.schemas import Case, Finding

REPORT = "FINDINGS: 12 mm nodule in the right upper lobe. IMPRESSION: left upper lobe nodule."


class TableAuditor:
    """Answers each case id with the findings listed for it in `answers` (all candidates, any
    confidence). Optional: a delay, a barrier both roles must reach (proves they run in parallel), a
    file that logs each call (counts calls across processes), a `recheck` verdict."""

    def __init__(self, modality: str, answers: dict[str, list[dict]] | None = None, fail: bool = False,
                 delay: float = 0.0, barrier: threading.Barrier | None = None, call_log: str | None = None,
                 recheck: bool | None = None):
        self.name = "table"
        self.modality = modality
        self.answers = answers or {}
        self.fail = fail
        self.delay = delay
        self.barrier = barrier
        self.call_log = call_log
        self.contexts: list[AuditContext] = []
        if recheck is not None:
            self.recheck = lambda case, finding: recheck

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        self.contexts.append(context)
        if self.call_log:
            with open(self.call_log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"case_id": case.case_id, "role": context.role}) + "\n")
        if self.barrier is not None:
            self.barrier.wait()
        time.sleep(self.delay)
        if self.fail:
            raise RuntimeError("auditor exploded")
        return AuditorOutput(findings=[Finding.model_validate(f) for f in self.answers.get(case.case_id, [])])


def table_factory(**shared: Any):
    """An auditor factory that builds TableAuditors from each role's `options` plus SHARED arguments,
    and keeps them in `.built` (role config -> auditor) for inspection."""
    built: dict[str, TableAuditor] = {}

    def factory(modality, role: RoleConfig):
        options = {key: value for key, value in role.options.items() if key != "tag"}
        auditor = TableAuditor(modality, **{**options, **shared})
        built[role.options.get("tag", role.auditor)] = auditor
        return auditor

    factory.built = built
    return factory


class RecordingKnowledge:
    """The functions of radqc.knowledge, answering from lists and recording calls."""

    def __init__(self, guidelines=(), past_cases=(), fail: bool = False):
        self.guidelines = list(guidelines)
        self.past_cases = list(past_cases)
        self.fail = fail
        self.queries: list[tuple[str, str, str]] = []
        self.subjects: list[list[str] | None] = []  # the error types each guideline query kept to
        self.nearby: list[dict | None] = []  # the features each case query was ranked by
        self.stored: list[dict] = []
        self.writes: list[int] = []  # how many cases each store write held

    def retrieve_guidelines(self, query, modality, k, error_types=None, dense=True):
        self.queries.append(("guidelines", query, modality))
        self.subjects.append(error_types)
        if self.fail:
            raise ConnectionError("knowledge base is gone")
        return self.guidelines[:k]

    def similar_cases(self, query, modality, k, features=None, scales=None):
        self.queries.append(("cases", query, modality))
        self.nearby.append(features)
        return self.past_cases[:k]

    def query_embedding(self, query):
        return None  # it embeds nothing

    def add_past_cases(self, cases):
        self.writes.append(len(cases))
        self.stored += [case.model_dump() | {"findings": list(case.findings)} for case in cases]


def profile(verifier: str = "evidence", rag: bool = True, review: bool = False,
            recall: dict | None = None, precision: dict | None = None) -> Profile:
    return Profile(
        name=f"test-{verifier}",
        retrieval=RetrievalConfig(enabled=rag, k_guidelines=2, k_cases=2),
        recall=RoleConfig(auditor="table", min_confidence=0.3, options={"tag": "recall", **(recall or {})}),
        precision=RoleConfig(auditor="table", min_confidence=0.7, options={"tag": "precision", **(precision or {})}),
        verifier=verifier,
        review=review,
    )


def report_case(case_id: str = "r1", report: str = REPORT, labels=None) -> Case:
    return Case(case_id=case_id, modality="ct_report", report=report, labels=labels)


def write_report_dataset(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"case_id": f"c{i:02d}", "modality": "ct_report", "report": REPORT, "labels": []}) for i in range(n)]
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_png(path: Path, seed: int = 0) -> Path:
    """A small grey image with a bright blob: enough for the radiograph measurements to run on."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.normal(90, 10, (256, 256))
    pixels[60:200, 40:120] += 80
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels.clip(0, 255).astype("uint8")).save(path)
    return path


def finding(error_type: str = "laterality", evidence: str = "left upper lobe nodule", confidence: float = 0.9, **extra) -> dict:
    return {"error_type": error_type, "evidence": evidence, "confidence": confidence, **extra}
