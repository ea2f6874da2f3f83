"""Map the passage a model quotes back to an exact substring of the report.

The data contract wants `evidence` to be a verbatim substring (metrics match findings to gold labels by
overlapping spans), but models re-space, re-case, translate punctuation and paraphrase slightly. We try,
in order: the quote as is; the quote with whitespace, case and full-/half-width forms normalised; the
most similar window of the report. A quote that matches nothing yields empty evidence.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

MIN_FUZZY_RATIO = 0.75
_MAX_QUOTE_CHARS = 1000
_MAX_CANDIDATE_STARTS = 3000
_EDGE_PUNCTUATION = ",.;:，。；：、"
_QUOTE_TRIM = " \t\r\n\"'“”‘’「」『』…."


@dataclass(frozen=True)
class Located:
    text: str  # an exact substring of the report, or "" when the quote was not found
    how: Literal["exact", "normalised", "fuzzy", "missing"]
    similarity: float  # 1.0 for exact and normalised matches


def locate_evidence(quote: str, report: str, min_ratio: float = MIN_FUZZY_RATIO) -> Located:
    quote = quote.strip(_QUOTE_TRIM) or quote.strip()
    if not quote or len(quote) > _MAX_QUOTE_CHARS:
        return Located("", "missing", 0.0)
    if quote in report:
        return Located(quote, "exact", 1.0)
    normal_report, positions = _normalise(report)
    normal_quote, _ = _normalise(quote)
    if not normal_quote.strip():
        return Located("", "missing", 0.0)
    found = normal_report.find(normal_quote)
    if found >= 0:
        end = found + len(normal_quote)
        return Located(_snap_to_words(report, positions[found], positions[end - 1] + 1), "normalised", 1.0)
    start, end, ratio = _best_window(normal_report, normal_quote)
    if ratio < min_ratio:
        return Located("", "missing", ratio)
    return Located(_snap_to_words(report, positions[start], positions[end - 1] + 1), "fuzzy", ratio)


def _normalise(text: str) -> tuple[str, list[int]]:
    """TEXT compatibility-normalised, case-folded, whitespace runs collapsed to one space, with the
    original index of every output character (so a match can be cut out of the original)."""
    characters: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if characters and characters[-1] == " ":
                continue
            folded = " "
        else:
            folded = unicodedata.normalize("NFKC", char).casefold()
        for piece in folded:
            characters.append(piece)
            positions.append(index)
    return "".join(characters), positions


def _best_window(text: str, quote: str) -> tuple[int, int, float]:
    """The window of TEXT most similar to QUOTE, searched only where a short piece of QUOTE occurs."""
    gram = 3 if len(quote) >= 6 else 2
    starts: set[int] = set()
    for offset in range(0, max(1, len(quote) - gram + 1)):
        piece = quote[offset : offset + gram]
        position = text.find(piece)
        while position >= 0 and len(starts) < _MAX_CANDIDATE_STARTS:
            starts.add(max(0, position - offset))
            position = text.find(piece, position + 1)
    best = (0, 0, 0.0)
    lengths = sorted({max(1, round(len(quote) * factor)) for factor in (0.85, 1.0, 1.15)})
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in sorted(starts):
        for length in lengths:
            window = text[start : start + length]
            if not window:
                continue
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best[2] or matcher.quick_ratio() <= best[2]:
                continue
            ratio = matcher.ratio()
            if ratio > best[2]:
                best = (start, start + len(window), ratio)
    return best


def _snap_to_words(report: str, start: int, end: int) -> str:
    """Widen a recovered match to whole words (Latin text), so evidence never starts mid-word."""
    while start > 0 and _is_word_char(report[start - 1]) and _is_word_char(report[start]):
        start -= 1
    while end < len(report) and _is_word_char(report[end]) and _is_word_char(report[end - 1]):
        end += 1
    return report[start:end].strip().strip(_EDGE_PUNCTUATION).strip()


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()
