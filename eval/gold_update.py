"""Fold confirmed reviewer verdicts back into a dataset's gold labels (the closed loop).

A finding an expert confirmed is a real error the gold standard missed; once folded in, later runs
score it like any other label. Works on the raw manifest records so that fields radqc does not know
are kept untouched.
"""

from __future__ import annotations

from typing import Any

from radqc.dataset import Dataset, label_problem
from radqc.eval.matching import labels_match
from radqc.schemas import Adjudication, Finding


def verdict_problems(dataset: Dataset, verdicts: list[Adjudication]) -> list[str]:
    """Why each confirmed verdict cannot become a gold label of DATASET; [] when every one can.

    A verdict must name a case of DATASET that loads (for a CT report, its text is needed to check the
    evidence) and be valid gold for that case's modality (`label_problem`). A verdict from another
    dataset's run, or a hand-edited file with a typo, would otherwise be dropped in silence or write
    labels `radqc eval` then refuses. Rejected verdicts become no label and are not checked."""
    cases = {case.case_id: case for case in dataset.cases}
    unreadable = {error.case_id: error.message for error in dataset.errors}
    problems = []
    for number, verdict in enumerate(verdicts, start=1):
        if verdict.verdict != "confirmed":
            continue
        where = f"verdict {number} ({verdict.case_id}, {verdict.error_type!r})"
        case = cases.get(verdict.case_id)
        if case is None:
            why = unreadable.get(verdict.case_id)
            problems.append(f"{where}: " + (f"the case cannot be read ({why})" if why else "no such case in the dataset"))
            continue
        label = {"error_type": verdict.error_type, "evidence": verdict.evidence}
        problem = label_problem(label, case.modality, case.report)
        if problem:
            problems.append(f"{where}: {problem}")
    return problems


def add_confirmed_labels(
    records: list[dict[str, Any]], verdicts: list[Adjudication], reports: dict[str, str | None]
) -> tuple[list[dict[str, Any]], int, int]:
    """Records with each confirmed verdict added as a label unless gold already holds that error;
    returns (records, labels added, verdicts already in gold).

    "Already in gold" is the evaluator's own instance match (same type, overlapping evidence in the
    case's report from REPORTS), so a confirmed `nodule in the left upper lobe` next to a gold `left
    upper lobe` adds nothing: a second label for one error would turn every correct prediction into a
    missed label. Re-applying the same verdicts therefore adds nothing either.
    Unlabelled cases stay unlabelled: one verdict does not make a case fully judged.
    """
    confirmed: dict[str, list[Adjudication]] = {}
    for verdict in verdicts:
        if verdict.verdict == "confirmed":
            confirmed.setdefault(verdict.case_id, []).append(verdict)
    added = already = 0
    updated = []
    for record in records:
        labels = record.get("labels")
        case_verdicts = confirmed.get(record.get("case_id"), [])
        if not isinstance(labels, list) or not case_verdicts:
            updated.append(record)
            continue
        new_labels = list(labels)
        for verdict in case_verdicts:
            if _in_gold(verdict, new_labels, reports.get(verdict.case_id)):
                already += 1
                continue
            new_labels.append({"error_type": verdict.error_type, "evidence": verdict.evidence,
                               "note": f"confirmed on review by {verdict.reviewer or 'a reviewer'}"})
            added += 1
        updated.append({**record, "labels": new_labels})
    return updated, added, already


def _in_gold(verdict: Adjudication, labels: list[Any], report: str | None) -> bool:
    """Whether a label of LABELS is the error VERDICT confirms, matched as the evaluator matches."""
    finding = Finding(error_type=verdict.error_type, evidence=verdict.evidence, source="review")
    return any(
        labels_match(report, label.get("error_type"), label.get("evidence") or "", finding) is not None
        for label in labels
        if isinstance(label, dict)
    )
