"""Marking the exact place of an injected error while a report is assembled, and turning the mark into
gold `evidence` once the final text exists.

An error is injected into one sentence long before the report's layout is chosen, so character offsets
are not known yet. The injected words are wrapped in invisible private-use markers instead; after
rendering, `extract_evidence` removes them and widens each marked span until it occurs exactly once in
the report, so that an evaluator locating the evidence by search lands on the injected error and not on
an identical correct phrase elsewhere.
"""

from __future__ import annotations

import re

_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARK = re.compile(f"{_OPEN}(\\d+){_MID}(.*?){_CLOSE}", re.S)
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
# A single Chinese character (左) is a poor quotation: evidence spans at least two.
_MIN_CHINESE_CHARS = 2
# Where a sentence ends: Chinese full stop or semicolon, or an English full stop/semicolon before a space.
_SENTENCE_END = re.compile(r"[。；]|[.;](?= )")
_COMMAS = "，、：,:"


def mark(text: str, label_id: int) -> str:
    return f"{_OPEN}{label_id}{_MID}{text}{_CLOSE}"


def has_mark(text: str) -> bool:
    return _OPEN in text


def fill(template: str, values: dict[str, str], marked: dict[str, int] | None = None) -> str:
    """Replace {name} placeholders; {Name} gives the value with a capital first letter. A name listed in
    MARKED is wrapped in that label's marker where it first occurs."""
    pending = dict(marked or {})

    def replace(match: re.Match) -> str:
        name = match.group(1)
        key = name.lower()
        value = values[key]
        if name[0].isupper():
            value = value[:1].upper() + value[1:]
        return mark(value, pending.pop(key)) if key in pending else value

    return PLACEHOLDER.sub(replace, template)


def extract_evidence(marked_text: str) -> tuple[str, dict[int, str]]:
    """The clean report text and, per label id, its evidence: an exact, unique substring of that text."""
    spans: dict[int, tuple[int, int]] = {}
    clean: list[str] = []
    position = 0
    cursor = 0
    for match in _MARK.finditer(marked_text):
        before = marked_text[cursor : match.start()]
        clean.append(before)
        position += len(before)
        inner = match.group(2)
        clean.append(inner)
        spans[int(match.group(1))] = (position, position + len(inner))
        position += len(inner)
        cursor = match.end()
    clean.append(marked_text[cursor:])
    text = "".join(clean)
    return text, {label_id: _widen_until_unique(text, *span) for label_id, span in spans.items()}


def _widen_until_unique(text: str, start: int, end: int) -> str:
    """Grow [start, end) a word (or, in Chinese, a character) at a time, right then left, until the
    substring occurs once in TEXT: within its sentence first, then, if need be, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    sentence_start = max([line_start] + [m.end() for m in _SENTENCE_END.finditer(text, line_start, start)])
    following = _SENTENCE_END.search(text, end, line_end)
    sentence_end = following.end() if following else line_end
    for low, high in ((sentence_start, sentence_end), (line_start, line_end)):
        start, end = _widen(text, start, end, low, high)
    return text[start:end].strip()


def _widen(text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    grow_right = True
    while _too_vague(text, text[start:end]) and (start > low or end < high):
        # A comma on the left is a poor place to start a quotation: grow right while it can.
        left_is_comma = start > low and text[start - 1] in _COMMAS
        if ((grow_right or left_is_comma) and end < high) or start == low:
            end = _next_boundary(text, end, high)
        else:
            start = _previous_boundary(text, start, low)
        grow_right = not grow_right
    return start, end


def _too_vague(text: str, piece: str) -> bool:
    return text.count(piece) > 1 or (len(piece) < _MIN_CHINESE_CHARS and not piece.isascii())


def _next_boundary(text: str, end: int, limit: int) -> int:
    """END moved past the next Chinese character, or past the spaces and the word after them."""
    if end < limit and not text[end].isascii():
        return end + 1
    while end < limit and text[end] == " ":
        end += 1
    while end < limit and text[end] != " " and text[end].isascii():
        end += 1
    return end


def _previous_boundary(text: str, start: int, limit: int) -> int:
    if start > limit and not text[start - 1].isascii():
        return start - 1
    while start > limit and text[start - 1] == " ":
        start -= 1
    while start > limit and text[start - 1] != " " and text[start - 1].isascii():
        start -= 1
    return start
