"""Candidates the checks produce, and evidence spans that point at one place in the report.

Evidence is compared with gold labels by position, and a string that occurs twice in a report (a side
word, "1.2 cm") cannot say which occurrence is meant, so a span is widened word by word until its text
occurs once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from radqc.agents.report.document import ParsedReport

_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|\S")


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
    """The smallest widening of text[start:end] by whole tokens that occurs exactly once in the report:
    within its sentence first, then beyond it. A verbatim repeated passage may stay ambiguous."""
    text = report.text
    if text.count(text[start:end]) <= 1:
        return start, end
    sentence = next((s for s in report.sentences if s.start <= start and end <= s.end), None)
    bounds = [(sentence.start, sentence.end)] if sentence else []
    steps = 0
    for low, high in bounds + [(max(0, start - 400), min(len(text), end + 400))]:
        tokens = [(low + m.start(), low + m.end()) for m in _TOKEN.finditer(text[low:high])]
        left = [t for t in tokens if t[1] <= start][::-1]
        right = [t for t in tokens if t[0] >= end]
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
