"""Turn a draft into report text in one of several layouts: sectioned with headings, headings inline,
organ-by-organ, or no headings at all; impressions numbered or as prose. Layouts are shared by dev and
test; the headings, numbering and closing phrases are split (`variants.py`)."""

from __future__ import annotations

import re

from .draft import Draft, Line
from .markup import has_mark
from .normals import BY_ORGAN
from .styles import BODY_PART_OF_REGION, BODY_PARTS, BULLETS, CLOSING, HEADINGS, NUMBERING
from .variants import pick

LAYOUTS = ("sections", "inline", "structured", "no_headings", "bullets")
LAYOUT_WEIGHTS = {"en": (40, 15, 15, 15, 15), "zh": (45, 20, 15, 20, 0)}
_BRITISH = (("hemorrhage", "haemorrhage"), ("hematoma", "haematoma"), ("edema", "oedema"), ("anemia", "anaemia"))


def render(draft: Draft) -> str:
    rng = draft.rng
    layout = rng.choices(LAYOUTS, weights=LAYOUT_WEIGHTS[draft.language])[0]
    heading = _heading_picker(draft)
    blocks: list[str] = []
    if layout != "no_headings":
        blocks.append(_header(draft, heading))
    else:
        # No headings: at most the technique sentence on top, plus any header line that carries an injected
        # error (its evidence must stay in the text).
        keep = [line for line in (draft.header_exam, draft.technique) if line and line.touched]
        if draft.technique and not draft.technique.touched and rng.random() < 0.5:
            keep.append(draft.technique)
        blocks.append("\n".join(line.text for line in keep))
    blocks.append(_findings(draft, layout, heading))
    blocks.append(_impression(draft, layout, heading))
    joiner = "\n\n" if rng.random() < 0.7 else "\n"
    text = joiner.join(block for block in blocks if block).strip() + "\n"
    if draft.british:
        for american, british in _BRITISH:
            text = text.replace(american, british)
    return text


def _heading_picker(draft: Draft):
    chosen = {part: pick(draft.rng, options, draft.split) for part, options in HEADINGS[draft.language].items()}
    return lambda part: chosen[part]


def _with_heading(heading: str, body: str, same_line: bool, language: str) -> str:
    if not same_line:
        return f"{heading}\n{body}"
    space = "" if language == "zh" or not heading.endswith(":") else " "
    return f"{heading}{space}{body}" if heading.endswith((":", "：")) else f"{heading}\n{body}"


def _header(draft: Draft, heading) -> str:
    parts = [
        ("exam", draft.header_exam.text if draft.header_exam else None),
        ("clinical", draft.clinical),
        ("technique", draft.technique.text if draft.technique else None),
        ("comparison", draft.comparison),
    ]
    return "\n".join(_with_heading(heading(part), text, True, draft.language) for part, text in parts if text)


def _sentence_join(texts: list[str], language: str) -> str:
    return ("" if language == "zh" else " ").join(texts)


def _findings(draft: Draft, layout: str, heading) -> str:
    language, rng = draft.language, draft.rng
    if layout == "structured":
        body = "\n".join(_labelled(line, language) for line in draft.findings)
        return _with_heading(heading("findings"), body, False, language)
    if layout == "sections" and draft.exam.family == "staging":
        return _with_heading(heading("findings"), _by_body_part(draft), False, language)
    if layout == "bullets":
        bullet = pick(rng, BULLETS, draft.split)
        body = "\n".join(bullet + line.text for line in draft.findings)
        return _with_heading(heading("findings"), body, False, language)
    if rng.random() < 0.5 or layout == "no_headings":
        body = _sentence_join([line.text for line in draft.findings], language)
    else:
        body = "\n".join(line.text for line in draft.findings)
    if layout == "no_headings":
        return body
    return _with_heading(heading("findings"), body, layout == "inline", language)


def _by_body_part(draft: Draft) -> str:
    """Findings under CHEST / ABDOMEN / PELVIS sub-headings, as long staging reports are written."""
    parts: dict[str, list[str]] = {}
    for line in draft.findings:
        normal = BY_ORGAN.get(line.organ)
        part = BODY_PART_OF_REGION.get(normal.region, "abdomen") if normal else "abdomen"
        parts.setdefault(part, []).append(line.text)
    blocks = []
    for part in ("chest", "abdomen", "pelvis"):
        if part in parts:
            title = pick(draft.rng, BODY_PARTS[draft.language][part], draft.split)
            blocks.append(title + "\n" + _sentence_join(parts[part], draft.language))
    return "\n".join(blocks)


def _labelled(line: Line, language: str) -> str:
    normal = BY_ORGAN.get(line.organ)
    if normal is None:
        return line.text
    label = normal.label[1] if language == "zh" else normal.label[0]
    if re.match(re.escape(label) + r"\s*[:：]", line.text):
        return line.text
    return f"{label}：{line.text}" if language == "zh" else f"{label}: {line.text}"


def _impression(draft: Draft, layout: str, heading) -> str:
    language, rng = draft.language, draft.rng
    items = [line.text for line in draft.impression]
    if rng.random() < 0.25:
        items.append(pick(rng, CLOSING[language], draft.split))
    numbered = layout != "no_headings" and (len(items) > 1 and rng.random() < 0.75)
    if layout == "bullets":
        bullet = pick(rng, BULLETS, draft.split)
        body = "\n".join(bullet + item for item in items)
    elif numbered:
        number_format = pick(rng, NUMBERING[language], draft.split)
        body = "\n".join(number_format.format(n=n) + item for n, item in enumerate(items, start=1))
    elif language == "zh" and not any(has_mark(item) for item in items) and rng.random() < 0.4:
        body = "；".join(item.rstrip("。") for item in items) + "。"  # one sentence: 诊断一；诊断二。
    else:
        body = _sentence_join(items, language)
    if layout == "no_headings":
        return body
    same_line = layout == "inline" and not numbered
    return _with_heading(heading("impression"), body, same_line, language)
