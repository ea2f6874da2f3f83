"""The cases behind the numbers: each scored case's gold errors that no finding matched and its findings
that match no gold error, paired exactly as the instance metrics pair them (docs/dataset-format.md), so
that a reader of report.html can open the cases that cost recall or precision instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radqc.dataset import Dataset, resolve_inside
from radqc.eval.matching import match_case, uses_evidence
from radqc.eval.metrics import has_findings, scored_cases
from radqc.schemas import AuditResult, Finding, Label, Modality


@dataclass(frozen=True)
class CaseErrors:
    case_id: str
    modality: Modality
    missed: list[Label]  # gold errors no finding matched: recall's losses
    unmatched: list[Finding]  # findings no gold error matched: false alarms, or discoveries a reviewer may confirm
    file: Path | None  # the film or report file (absolute, as the loader resolved it), for a link; None for an inline report
    failed: bool  # its input was bad or its audit broke, so every gold error is missed
    pending: bool  # it waits for a reviewer, so every gold error is missed
    error: str | None = None  # why it failed, as recorded


def _files(dataset: Dataset) -> dict[str, Path | None]:
    found = {case.case_id: case.image_file or (case.report_path and resolve_inside(dataset.root, case.report_path))
             for case in dataset.cases}
    return {case_id: Path(file) if file else None for case_id, file in found.items()}


def case_errors(dataset: Dataset, predictions: dict[str, AuditResult]) -> list[CaseErrors]:
    """Every scored case the auditor got at least partly wrong, in the dataset's order."""
    files = _files(dataset)
    wrong = []
    for case in scored_cases(dataset, predictions):
        matching = match_case(case.text, case.labels, case.findings, uses_evidence(case.modality))
        if not matching.unmatched_labels and not matching.unmatched_findings:
            continue
        wrong.append(CaseErrors(
            case_id=case.case_id,
            modality=case.modality,
            missed=[case.labels[i] for i in matching.unmatched_labels],
            unmatched=[case.findings[i] for i in matching.unmatched_findings],
            file=files.get(case.case_id),
            failed=case.failed,
            pending=case.pending,
            error=getattr(predictions.get(case.case_id), "error", None),
        ))
    return wrong


def unlabelled_findings(dataset: Dataset, predictions: dict[str, AuditResult]) -> list[CaseErrors]:
    """The cases without gold labels that got findings (the ones `metrics.unlabelled_summary` counts), in
    the dataset's order. In no score, they were only counted: a folder `radqc data index` made, audited
    for its faults, showed how many films had one but not which."""
    files = _files(dataset)
    return [CaseErrors(case_id=case.case_id, modality=case.modality, missed=[], unmatched=result.findings,
                       file=files.get(case.case_id), failed=False, pending=False)
            for case in dataset.cases
            if case.labels is None and has_findings(result := predictions.get(case.case_id))]
