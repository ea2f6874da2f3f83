"""Merge the high-recall and the high-precision role into one answer.

The reference study asks whether a high-precision and a high-discovery auditor can be combined; these
are the three answers radqc offers (profile key `verifier`):

- `union`: everything either role reports (recall-first);
- `intersection`: only what both roles report (precision-first);
- `evidence`: what both report, what the precision role reports, and a recall-only finding when its
  evidence holds up on a second look (`admit`, supplied by the caller because it needs the case and
  the precision auditor).

Pure functions on findings, so each strategy is testable on hand-made examples.
"""

from __future__ import annotations

import re
from typing import Callable, Literal

from radqc.eval.matching import evidence_overlap
from radqc.schemas import Finding

Strategy = Literal["union", "intersection", "evidence"]


def regions_overlap(first: list[int], second: list[int]) -> bool:
    ax0, ay0, ax1, ay1 = first
    bx0, by0, bx1, by1 = second
    return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1


def same_finding(first: Finding, second: Finding, report: str) -> bool:
    """Same error type at the same place; a finding without a place matches on type alone."""
    if first.error_type != second.error_type:
        return False
    if first.region and second.region:
        return regions_overlap(first.region, second.region)
    if first.evidence and second.evidence:
        return evidence_overlap(report, first.evidence, second.evidence) is not None
    return True


def distinct(findings: list[Finding]) -> list[Finding]:
    """One finding per (type, evidence, region), the surest kept: a role repeating itself is one claim."""
    best: dict[tuple, Finding] = {}
    for finding in sorted(findings, key=lambda f: -f.confidence):
        best.setdefault((finding.error_type, finding.evidence, tuple(finding.region or ())), finding)
    return list(best.values())


def pair_up(
    recall: list[Finding], precision: list[Finding], report: str
) -> tuple[list[tuple[Finding, Finding]], list[Finding], list[Finding]]:
    """(agreed pairs, recall-only, precision-only); each finding pairs at most once, surest first."""
    unpaired = sorted(precision, key=lambda f: -f.confidence)
    agreed, recall_only = [], []
    for finding in sorted(recall, key=lambda f: -f.confidence):
        partner = next((p for p in unpaired if same_finding(finding, p, report)), None)
        if partner is None:
            recall_only.append(finding)
        else:
            unpaired.remove(partner)
            agreed.append((finding, partner))
    return agreed, recall_only, unpaired


# What each `source` the merge writes means to a reader of `radqc audit`'s table (--json keeps the value).
SOURCE_WORDS = {
    "recall+precision": "both auditors",
    "recall": "recall auditor only",
    "precision": "precision auditor only",
    "recall+recheck": "recall auditor only, evidence rechecked",
}


def with_source(finding: Finding, roles: str, confidence: float | None = None) -> Finding:
    update = {"source": f"verifier({roles})"}
    if confidence is not None:
        update["confidence"] = confidence
    return finding.model_copy(update=update)


def source_in_words(source: str) -> str:
    """SOURCE as a QC lead reads it: "verifier(recall+precision)" names the workflow's roles, not who found
    the fault. A source the merge did not write (a reviewer's, a gold label's) stays as it is."""
    roles = re.fullmatch(r"verifier\((.+)\)", source)
    return SOURCE_WORDS.get(roles.group(1), source) if roles else source


def merge_findings(
    strategy: Strategy,
    recall: list[Finding],
    precision: list[Finding],
    report: str = "",
    admit: Callable[[Finding], bool] = lambda finding: False,
) -> list[Finding]:
    """The merged answer. Agreed findings keep the precision role's wording (its evidence is the
    tighter one) and the higher confidence of the two."""
    agreed, recall_only, precision_only = pair_up(distinct(recall), distinct(precision), report)
    merged = [with_source(p, "recall+precision", max(r.confidence, p.confidence)) for r, p in agreed]
    if strategy == "union":
        merged += [with_source(f, "recall") for f in recall_only]
        merged += [with_source(f, "precision") for f in precision_only]
    elif strategy == "evidence":
        merged += [with_source(f, "precision") for f in precision_only]
        merged += [with_source(f, "recall+recheck") for f in recall_only if admit(f)]
    return merged


def evidence_holds(finding: Finding, modality: str, report: str) -> bool:
    """The finding points at something checkable: report evidence that really occurs in the report
    (auditors paraphrase and invent), or for a radiograph the measurements or region behind it."""
    if modality == "ct_report":
        return bool(finding.evidence) and finding.evidence in report
    return bool(finding.measurements) or finding.region is not None


def second_look(finding: Finding, precision_candidates: list[Finding], floor: float, report: str) -> bool:
    """The agreement rule used when the precision auditor offers no `recheck`: it saw the same finding
    among its own candidates (below its operating point, else the roles would already agree) with at
    least FLOOR confidence."""
    return any(c.confidence >= floor and same_finding(finding, c, report) for c in precision_candidates)
