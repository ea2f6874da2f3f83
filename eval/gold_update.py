"""Fold confirmed reviewer verdicts back into a dataset's gold labels (the closed loop).

A finding an expert confirmed is a real error the gold standard missed; once folded in, later runs
score it like any other label. Works on the raw manifest records so that fields radqc does not know
are kept untouched.
"""

from __future__ import annotations

from typing import Any

from radqc.schemas import Adjudication


def add_confirmed_labels(records: list[dict[str, Any]], verdicts: list[Adjudication]) -> tuple[list[dict[str, Any]], int]:
    """Records with each confirmed verdict added as a label once; returns (records, labels added).

    Unlabelled cases stay unlabelled: one verdict does not make a case fully judged.
    """
    confirmed: dict[str, list[Adjudication]] = {}
    for verdict in verdicts:
        if verdict.verdict == "confirmed":
            confirmed.setdefault(verdict.case_id, []).append(verdict)
    added = 0
    updated = []
    for record in records:
        labels = record.get("labels")
        case_verdicts = confirmed.get(record.get("case_id"), [])
        if not isinstance(labels, list) or not case_verdicts:
            updated.append(record)
            continue
        known = {(l.get("error_type"), l.get("evidence", "")) for l in labels if isinstance(l, dict)}
        new_labels = list(labels)
        for verdict in case_verdicts:
            key = (verdict.error_type, verdict.evidence)
            if key not in known:
                known.add(key)
                new_labels.append({"error_type": verdict.error_type, "evidence": verdict.evidence,
                                   "note": f"confirmed on review by {verdict.reviewer or 'a reviewer'}"})
                added += 1
        updated.append({**record, "labels": new_labels})
    return updated, added
