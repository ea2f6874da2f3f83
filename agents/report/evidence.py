"""Candidates the checks produce, and evidence spans that point at one place in the report.

Evidence is compared with gold labels by position, and a string that occurs twice in a report (a side
word, "1.2 cm") cannot say which occurrence is meant, so a span is widened word by word until its text
occurs once. It stays the sentence or a phrase of it, as the dataset spec asks of evidence
(docs/dataset-format.md): widened by words, not by a full stop ("nodule."), and never into the section
heading or the sentence before it ("IMPRESSION: No pneumothorax."). Chinese writes no spaces, so a
widened span ends only where a word the lexicon knows, a negation or the clause does (`_edges`), and
takes in the negation its words stand under: "未见积液", never "见积液", which reads as the opposite; nor
does it part a side from the word after it: "双侧胸腔积液", never "胸腔积液".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from radqc.agents.report.document import ParsedReport, Span
from radqc.agents.report.lexicon import known_words
from radqc.agents.report.mentions import cues, sides
from radqc.language import is_chinese_character

# The words a span widens by: a word, a number, or one character of a script without spaces ("结"),
# whose characters `_edges` keeps together as the lexicon's words or the runs between them.
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


QUOTE_CHARACTERS = 80  # an explanation quotes the report's words up to about a line of them


def quoted(text: str) -> str:
    """TEXT as an explanation quotes it: on one line, and when longer than `QUOTE_CHARACTERS` cut after a whole word
    with an ellipsis. Cut by count, a quotation ended mid-word or ran across a heading's line break ("IMPRESSION:
    Prostatom"). A script without spaces is cut by count, each character being a word's part."""
    flat = " ".join(text.split())
    if len(flat) <= QUOTE_CHARACTERS:
        return flat
    cut = flat[:QUOTE_CHARACTERS]
    if flat[QUOTE_CHARACTERS].isalnum() and cut[-1].isalnum() and not is_chinese_character(cut[-1]):
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:") + "…"


def unique_span(report: ParsedReport, start: int, end: int) -> tuple[int, int]:
    """The smallest widening of text[start:end] by whole words (`_edges`) that occurs exactly once in the
    report: within its clause first ("大小约6cm", not "6cm，建"), then its sentence; else the widest, so
    that a sentence written twice ("No pneumothorax." in both sections) stays ambiguous rather than take
    in a heading, and the matching of evidence (eval/matching.py) reads its best occurrence. Widened to
    the left, it reaches back to the negation or exclusion its clause states it under ("no pulmonary
    nodule", "未见明显积液"). A span across sentences is left as it is."""
    text = report.text
    if text.count(text[start:end]) <= 1:
        return start, end
    sentence = next((s for s in report.sentences if s.start <= start and end <= s.end), None)
    if sentence is None:
        return start, end
    clauses = [c for c in sentence.clauses() if c.start <= start and end <= c.end]
    # A negation reads forward to the words after it: widened to the left, the span takes it in whole
    # rather than stop between it and them.
    cue = max((a for clause in clauses for a, b, _ in cues(clause, report.language) if b <= start), default=None)
    scopes = [(c.start, c.end) for c in clauses] + [(sentence.start, sentence.end)]
    steps = 0
    for low, high in scopes:
        starts, ends = _edges(report, low, high)
        left = [p for p in starts if p < start and (cue is None or p <= cue)][::-1]
        right = [p for p in ends if p > end]
        for step in range(max(len(left), len(right))):
            for side, edges in ((1, right), (0, left)):
                if step >= len(edges) or steps >= MAX_WIDENING_STEPS:
                    continue
                steps += 1
                start, end = (start, edges[step]) if side else (edges[step], end)
                if text.count(text[start:end]) == 1:
                    return start, end
    return start, end


def _edges(report: ParsedReport, low: int, high: int) -> tuple[list[int], list[int]]:
    """Where a span within text[low:high] may start and end: at the edges of its words (`_WORD`), never
    inside a word the lexicon knows ("ground-glass", "少量"), a negation or exclusion ("未见", "negative
    for") or a side and its word (`_sided`). Between two Chinese characters only the edges of those and of
    the clause count: where the lexicon knows no word, the words are unknown ("可见", "大小约") and the run
    is not cut."""
    text = report.text
    scope = Span(low, high, text[low:high])
    known = [(a, b) for _, a, b in known_words(report.language).find(scope.text, low)]
    known += [(a, b) for a, b, _ in cues(scope, report.language)]
    known += _sided(report, scope, known)
    inside = {p for a, b in known for p in range(a + 1, b)}
    cuts = {low, high} | {p for word in known for p in word}

    def allowed(p: int) -> bool:
        in_run = low < p < high and is_chinese_character(text[p - 1]) and is_chinese_character(text[p])
        return p not in inside and (not in_run or p in cuts)

    words = [(low + m.start(), low + m.end()) for m in _WORD.finditer(scope.text)]
    return [a for a, _ in words if allowed(a)], [b for _, b in words if allowed(b)]


def _sided(report: ParsedReport, scope: Span, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each side word with the word after it ("右肺", "双侧胸腔", "左侧额叶", "right kidney"), as one word: the
    side says where the words after it are ("胸腔积液" of "双侧胸腔积液" hides which side the report gives)."""
    word_end = {a: b for a, b in words}
    bound = []
    for side in sides(scope, report.language):
        after = side.end + len(re.match(r"侧?\s*", report.text[side.end : scope.end]).group())
        if after in word_end:
            bound.append((side.start, word_end[after]))
    return bound


def candidate(
    report: ParsedReport, error_type: str, start: int, end: int, explanation: str, confidence: float, rule: str
) -> Candidate:
    start, end = unique_span(report, start, end)
    return Candidate(error_type, start, end, explanation, round(min(max(confidence, 0.0), 1.0), 3), rule)
