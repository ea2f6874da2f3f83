"""The words a report heads its sections with, and where a text writes one as a heading.

One home for them: `document` splits a report into sections at its headings, and the redactor
(`agents.llm.redact`) must not take a heading for a name ("审核医师：意见：同意", an empty sign-off before the
next section's heading) nor hide a heading word wherever a case says it.
"""

from __future__ import annotations

import re
from typing import Literal

SectionKind = Literal["findings", "impression", "technique", "other"]

# Heading words by section kind. Longer alternatives come first so that "临床诊断" is not read as "诊断".
_HEADINGS: list[tuple[SectionKind, str]] = [
    ("other", r"clinical (?:history|information|indications?|data|details|notes|question)|history|indications?|"
              r"comparisons?|priors?|prior studies|reason for (?:exam|study|examination|request)|request|clinical|"
              r"patient history|referring diagnosis|recommendations?|addendum\b[^:：\n]{0,30}|hx|reason|ind"),
    ("other", r"临床资料|临床诊断|临床病史|病史摘要|病史|临床信息|检查目的|对比|临床症状|主诉|申请目的|既往检查|建议|临床"),
    ("technique", r"exam(?:ination)?|technique|procedure|protocol|study"),
    ("technique", r"检查项目|检查方法|检查技术|扫描方法|扫描技术|检查部位|检查名称|项目|技术|方法"),
    ("findings", r"findings?|description|report|body|detailed findings|observations?|results?|details|narrative|"
                 r"ct findings|discussion|post-?procedure (?:ct|scan|images?|imaging)"),
    ("findings", r"检查所见|影像所见|影像学所见|影像表现|影像学表现|CT表现|CT所见|所见|表现|描述"),
    ("impression", r"impressions?|imp|conclusions?|opinion|diagnos[ie]s|summary|assessment|interpretation|"
                   r"radiological (?:opinion|diagnosis)|final (?:impression|diagnosis)"),
    ("impression", r"诊断意见|影像诊断|影像学诊断|CT诊断|诊断结论|检查结论|印象|结论|诊断|意见|提示"),
]
_WORD = "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_HEADINGS))  # kind: `kind_of`
# A heading word as reports write it: in brackets, bold ("**Findings**"), numbered ("1. FINDINGS",
# "一、检查所见"), paired with a synonym or a translation (`_PAIRED`), ended by a colon, a dash, a full
# stop or the end of its line. A numbered one counts alone on its line only (`headings`): "2. Recommendation:
# CT in 3 months" is an item of the impression's list.
HEADING_WORD = "|".join(pattern for _, pattern in _HEADINGS)
_LATIN_WORD = "|".join(pattern for _, pattern in _HEADINGS if pattern.isascii())
CHINESE_HEADING_WORD = "|".join(pattern for _, pattern in _HEADINGS if not pattern.isascii())
# The second word of a paired heading: a synonym after a slash, or a translation right after a word in
# the other script (bilingual templates: "检查所见 FINDINGS", "IMPRESSION 诊断意见"). Not any word after a
# space: "Study findings" would read as a technique heading.
_PAIRED = (rf"[ \t]*/[ \t]*(?:{HEADING_WORD})|(?<=[\u4e00-\u9fff])[ \t]*(?:{_LATIN_WORD})"
           rf"|(?<=[A-Za-z])[ \t]*(?:{CHINESE_HEADING_WORD})")
_HEADING_LINE = re.compile(
    r"^[ \t]*(?:[#*]{1,3}[ \t]*)?(?P<number>(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．][ \t]*)?[\[【(（]?[ \t]*(?P<word>"
    + _WORD
    + r")(?:" + _PAIRED + r")?"
    + r"[ \t]*[\]】)）]?\**[ \t]*(?:[:：]\**|[-–—](?=\s|\Z)|\.?\**[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# A findings or impression heading inside a line, after the end of a sentence (not a list number's "2.")
# and with its colon: reports exported as one line ("Findings: ... consolidation. Impression: ...",
# "检查所见：...。诊断意见：..."). Other headings there ("... w contrast. Indication: pain.") are left to the
# layout of a report without headings, which finds the impression in the last line.
_INLINE_HEADING = re.compile(r"(?<=[^\d\s][.。;；!?！？])[ \t]*(?P<word>" + _WORD + r")[ \t]*[:：]", re.IGNORECASE)


def headings(text: str) -> list[re.Match]:
    """The headings of TEXT in order: heading lines (`_HEADING_LINE`), a numbered one only when nothing
    follows it on its line, and findings and impression headings inside a line (`_INLINE_HEADING`)."""
    lines = [
        m for m in _HEADING_LINE.finditer(text)
        if not m.group("number") or not text[m.end():].split("\n", 1)[0].strip()
    ]
    inline = [
        m for m in _INLINE_HEADING.finditer(text)
        if kind_of(m) in ("findings", "impression") and not any(h.start() <= m.start() < h.end() for h in lines)
    ]
    return sorted(lines + inline, key=lambda m: m.start())


def is_heading_word(word: str) -> bool:
    """Whether WORD before a colon alone heads a section ("Impression:", "诊断意见："): such a word found after a
    label is no name, and hidden as one it would be hidden wherever a case says it."""
    return bool(_HEADING_LINE.fullmatch(word + ":"))


def kind_of(match: re.Match) -> SectionKind:
    """The section kind of a heading MATCH of `headings`, by the group of `_HEADINGS` its word matched."""
    for i, (kind, _) in enumerate(_HEADINGS):
        if match.group(f"k{i}") is not None:
            return kind
    return "other"
