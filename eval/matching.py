"""Instance matching of findings to gold labels (spec, Metrics 2).

A gold label and a finding match when they have the same error type and their evidence spans overlap
in the report text; when either has no evidence, the type alone matches. Each label and each finding
is used at most once, greedily, highest-confidence finding first.
"""

from __future__ import annotations

from dataclasses import dataclass

from radqc.schemas import Finding, Label

Span = tuple[int, int]


def evidence_spans(text: str, evidence: str) -> list[Span]:
    """Every place EVIDENCE occurs in TEXT (overlapping occurrences included); case-insensitive when
    there is no exact occurrence, because hand-written gold sometimes differs in case only."""
    if not evidence:
        return []
    spans = _occurrences(text, evidence)
    return spans or _occurrences(text.casefold(), evidence.casefold())


def _occurrences(text: str, needle: str) -> list[Span]:
    spans, start = [], text.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def evidence_overlap(text: str | None, a: str, b: str) -> int | None:
    """Characters shared by the best-overlapping occurrences of A and B; None when they do not overlap.
    Without a text (images) or when evidence is not in the text, containment of one string in the
    other counts as overlap."""
    if text:
        spans_a, spans_b = evidence_spans(text, a), evidence_spans(text, b)
        if spans_a and spans_b:
            best = max(min(a1, b1) - max(a0, b0) for a0, a1 in spans_a for b0, b1 in spans_b)
            return best if best > 0 else None
    fa, fb = a.casefold(), b.casefold()
    return min(len(fa), len(fb)) if (fa in fb or fb in fa) else None


def uses_evidence(modality: str) -> bool:
    """Whether instances of MODALITY are matched on evidence too: only a CT report has a text in which
    evidence can be located; a radiograph's labels and findings match on error type alone."""
    return modality == "ct_report"


def labels_match(text: str | None, label_type: str, label_evidence: str, finding: Finding) -> int | None:
    """A match score (higher = more shared evidence) or None. Empty evidence on either side matches by type."""
    if label_type != finding.error_type:
        return None
    if not label_evidence or not finding.evidence:
        return 0
    return evidence_overlap(text, label_evidence, finding.evidence)


@dataclass
class CaseMatching:
    pairs: list[tuple[int, int]]  # (label index, finding index)
    unmatched_labels: list[int]
    unmatched_findings: list[int]


def match_case(text: str | None, labels: list[Label], findings: list[Finding], use_evidence: bool = True) -> CaseMatching:
    order = sorted(range(len(findings)), key=lambda i: -findings[i].confidence)
    free = set(range(len(labels)))
    pairs = []
    for fi in order:
        finding = findings[fi]
        best, best_score = None, -1
        for li in sorted(free):
            label = labels[li]
            evidence = label.evidence if use_evidence else ""
            score = labels_match(text, label.error_type, evidence, finding)
            if score is not None and score > best_score:
                best, best_score = li, score
        if best is not None:
            free.discard(best)
            pairs.append((best, fi))
    matched_findings = {fi for _, fi in pairs}
    return CaseMatching(
        pairs=pairs,
        unmatched_labels=sorted(free),
        unmatched_findings=[i for i in range(len(findings)) if i not in matched_findings],
    )
