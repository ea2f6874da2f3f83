"""Candidates the checks produce, and evidence spans that point at one place in the report.

Evidence is compared with gold labels by position, and a string that occurs twice in a report (a side
word, "1.2 cm") cannot say which occurrence is meant, so a span is widened word by word until its text
occurs once. It stays the sentence or a phrase of it, as the dataset spec asks of evidence
(docs/dataset-format.md): widened by words, not by a full stop ("nodule."), and never into the section
heading or the sentence before it ("IMPRESSION: No pneumothorax.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from radqc.agents.report.document import ParsedReport

# What a span widens by: a word, a number, or one character of a script without spaces ("结").
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|[^\W_]")


@dataclass
class Candidate:
    error_type: str
    start: int
    end: int
    explanation: str
    confidence: float
    rule: str  # which rule fired: used for calibration and in the trace
    guideline_ids: list[str] = field(default_factory=list)


MAX_WIDENING_STEPS = 40  # each step scans the whole text: bounded for huge, repetitive reports


def unique_span(report: ParsedReport, start: int, end: int) -> tuple[int, int]:
    """The smallest widening of text[start:end] by whole words that occurs exactly once in the report:
    within its clause first ("约6cm", not "6cm，建"), then its sentence; else the widest, so that a
    sentence written twice ("No pneumothorax." in both sections) stays ambiguous rather than take in a
    heading, and the matching of evidence (eval/matching.py) reads its best occurrence. A span across
    sentences is left as it is."""
    text = report.text
    if text.count(text[start:end]) <= 1:
        return start, end
    sentence = next((s for s in report.sentences if s.start <= start and end <= s.end), None)
    if sentence is None:
        return start, end
    scopes = [(c.start, c.end) for c in sentence.clauses() if c.start <= start and end <= c.end]
    scopes.append((sentence.start, sentence.end))
    steps = 0
    for low, high in scopes:
        words = [(low + m.start(), low + m.end()) for m in _WORD.finditer(text[low:high])]
        left = [w for w in words if w[1] <= start][::-1]
        right = [w for w in words if w[0] >= end]
        for step in range(max(len(left), len(right))):
            for side, edges in ((1, right), (0, left)):
                if step >= len(edges) or steps >= MAX_WIDENING_STEPS:
                    continue
                steps += 1
                start, end = (start, edges[step][1]) if side else (edges[step][0], end)
                if text.count(text[start:end]) == 1:
                    return start, end
    return start, end


def candidate(
    report: ParsedReport, error_type: str, start: int, end: int, explanation: str, confidence: float, rule: str
) -> Candidate:
    start, end = unique_span(report, start, end)
    return Candidate(error_type, start, end, explanation, round(min(max(confidence, 0.0), 1.0), 3), rule)
