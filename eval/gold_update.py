"""Fold confirmed reviewer verdicts back into a dataset's gold labels (the closed loop).

A finding an expert confirmed is a real error the gold standard missed; once folded in, later runs
score it like any other label. Works on the raw manifest records so that fields radqc does not know
are kept untouched.
"""

from __future__ import annotations

from typing import Any

from radqc.dataset import Dataset, label_problem
from radqc.eval.adjudications import conflict_message, conflicts
from radqc.eval.matching import match_case, uses_evidence
from radqc.eval.metrics import judged
from radqc.schemas import Adjudication, Case, Finding, Label


def verdict_problems(dataset: Dataset, verdicts: list[Adjudication]) -> list[str]:
    """Why each confirmed verdict cannot become a gold label of DATASET; [] when every one can.

    A verdict must name a case of DATASET that loads (for a CT report, its text is needed to check the
    evidence) and be valid gold for that case's modality (`label_problem`). A verdict from another
    dataset's run, or a hand-edited file with a typo, would otherwise be dropped in silence or write
    labels `radqc eval` then refuses (such as a type outside the case's `meta.judged_criteria`). Rejected
    verdicts become no label and are not checked, except that a finding of a labelled case both confirmed
    and rejected (`disputes`) is a problem: its label is for the reviewers to decide, not for the order of the file."""
    cases = {case.case_id: case for case in dataset.cases}
    unreadable = {error.case_id: error.message for error in dataset.errors}
    problems = disputes(verdicts, cases)[0]
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
        if not problem and not judged(case, [Label.model_validate(label)]):
            problem = f"{verdict.error_type!r} is not in the case's meta.judged_criteria, the types its gold speaks for"
        if problem:
            problems.append(f"{where}: {problem}")
    return problems


def disputes(verdicts: list[Adjudication], cases: dict[str, Case]) -> tuple[list[str], list[str]]:
    """The findings VERDICTS both confirm and reject (`conflicts`), in words: (those that hold back every
    label, those that are only listed). A dispute on an unlabelled case of CASES changes nothing written,
    since neither verdict would become a label there (`add_confirmed_labels`): holding back the labels
    of every other case for it would stop the QC team's work on a question the manifest does not hold."""
    blocking: list[str] = []
    listed: list[str] = []
    for positions in conflicts(verdicts):
        case = cases.get(verdicts[positions[0]].case_id)
        message = conflict_message(verdicts, positions, lambda p: f"verdict {p + 1}") + "; keep one of them"
        (listed if case is not None and case.labels is None else blocking).append(message)
    return blocking, listed


def add_confirmed_labels(
    records: list[dict[str, Any]], verdicts: list[Adjudication], cases: dict[str, Case]
) -> tuple[list[dict[str, Any]], int, int]:
    """Records with each confirmed verdict added as a label unless gold already holds that error;
    returns (records, labels added, verdicts already in gold). CASES are the loaded cases by id, which
    every confirmed verdict names (see `verdict_problems`).

    "Already in gold" is the evaluator's own instance match (`match_case`): for a CT report, same type
    and overlapping evidence in the report, so a confirmed `nodule in the left upper lobe` next to a
    gold `left upper lobe` adds nothing; for a radiograph, the same type whatever the evidence, as
    `radqc eval` ignores it there. A second label for one error would turn every correct prediction
    into a missed label. Re-applying the same verdicts therefore adds nothing either.
    Unlabelled cases stay unlabelled: one verdict does not make a case fully judged.
    """
    confirmed: dict[str, list[Adjudication]] = {}
    for verdict in verdicts:
        if verdict.verdict == "confirmed":
            confirmed.setdefault(verdict.case_id, []).append(verdict)
    added = already = 0
    updated = []
    for record in records:
        case = cases.get(record.get("case_id"))
        case_verdicts = confirmed.get(record.get("case_id"), [])
        if not isinstance(record.get("labels"), list) or not case_verdicts or case is None:
            updated.append(record)
            continue
        gold, new_labels = list(case.labels or []), list(record["labels"])
        for verdict in case_verdicts:
            if _in_gold(verdict, gold, case):
                already += 1
                continue
            label = {"error_type": verdict.error_type, "evidence": verdict.evidence,
                     "note": f"confirmed on review by {verdict.reviewer or 'a reviewer'}"}
            new_labels.append(label)
            gold.append(Label.model_validate(label))
            added += 1
        updated.append({**record, "labels": new_labels})
    return updated, added, already


def on_unlabelled_cases(verdicts: list[Adjudication], cases: dict[str, Case]) -> list[Adjudication]:
    """The confirmed VERDICTS that name an unlabelled case of CASES: `add_confirmed_labels` leaves them
    out, and a run of a `radqc data index` folder has only such cases."""
    return [v for v in verdicts if v.verdict == "confirmed" and v.case_id in cases and cases[v.case_id].labels is None]


def _in_gold(verdict: Adjudication, gold: list[Label], case: Case) -> bool:
    """Whether a label of GOLD is the error VERDICT confirms, matched as `radqc eval` matches CASE's."""
    finding = Finding(error_type=verdict.error_type, evidence=verdict.evidence, source="review")
    return bool(match_case(case.report, gold, [finding], uses_evidence(case.modality)).pairs)
