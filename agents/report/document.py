"""A report as sections and sentences with character offsets into the original text.

Every check works on these spans, so the evidence it reports is always a slice of the text the user
gave us (never a normalised copy), and a report without any headings still gets audited. A Chinese
report is read in simplified characters (`simplified`), which keeps every offset: the spans still
slice the text as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from radqc.agents.report.headings import HEADING_WORD, SectionKind, headings, kind_of
from radqc.agents.report.lexicon import organ_matcher, simplified
from radqc.agents.report.memo import remembered

_ALWAYS_SPLIT = "。；;！？!?\n"
# A question mark opening a word ("?appendicitis", "Right iliac fossa pain, ?abscess") asks about it, as a request
# writes it: no sentence ends there (`mentions._EXCLUSIONS` reads it).
_QUESTION_PREFIX = re.compile(r"(?<![\w?])\?(?=[A-Za-z])")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "eg", "ie", "approx", "no", "fig", "st", "cf", "sr", "jr"}
_LIST_MARKER = re.compile(r"^(?:\(?\d{1,2}[.、)）](?!\d)|（\d{1,2}）|[-•*·▪●]|[a-z][.)]\s)\s*", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[,，:：]|\s(?:and|but|with|while|whereas)\s|伴|并|但", re.IGNORECASE)
_SAID_MARK = re.compile(r"[ \t]*(?:comma|逗号|冒号)$", re.IGNORECASE)  # a dictated comma or colon ends its clause


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Span):
    section: SectionKind
    index: int  # position in the report, counting all sections
    layout: str = field(default="", compare=False, repr=False)  # TEXT with dictated marks written (`_spoken_marks`)

    def clause_at(self, position: int) -> Span:
        """The clause holding POSITION, where a negation, a degree or a qualifier of a term there is read; the
        sentence itself when POSITION is in none (a separator)."""
        clauses = self.clauses()
        at = bisect_right(clauses, position, key=lambda c: c.start)  # the clauses are in order and apart
        return clauses[at - 1] if at and position < clauses[at - 1].end else self

    # Asked for each term of a sentence, by several checks: worked out once per report (a long sentence of many
    # clauses took seconds when split again for each of its terms).
    @remembered(lambda self: (self.start, self.text, self.layout))
    def clauses(self) -> list[Span]:
        """Comma/conjunction-separated parts: a side word binds to the lesion in its own clause, and a negation
        reaches no further ("no hydronephrosis, a 2 cm mass"), a dictated comma as a written one."""
        parts, begin, layout = [], 0, self.layout or self.text
        for match in _CLAUSE_SPLIT.finditer(layout):
            spoken = layout[match.start()] != self.text[match.start()]
            said = _SAID_MARK.search(self.text, 0, match.end()) if spoken else None
            parts.append((begin, said.start() if said else match.start()))
            begin = match.end()
        parts.append((begin, len(self.text)))
        return [
            Span(self.start + a, self.start + b, self.text[a:b]) for a, b in parts if self.text[a:b].strip()
        ]


@dataclass
class Section:
    kind: SectionKind
    heading: str
    start: int
    end: int


@dataclass
class ParsedReport:
    text: str
    language: str
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def in_section(self, kind: SectionKind) -> list[Sentence]:
        return [s for s in self.sentences if s.section == kind]

    def heading_of(self, span: Span) -> Span:
        """The heading of the section SPAN is in, where the text writes it (empty before any heading, or
        where the heading's subject has ended): a sub-heading on its own line ("Liver:") is the subject of
        the lines under it up to a blank line or a line opening with another organ (`_subject_ends`)."""
        section = next((s for s in self.sections if s.start <= span.start < s.end), None)
        if section is None or not section.heading:
            return Span(0, 0, "")
        start = self.text.rfind(section.heading, 0, section.start)  # the heading ends where its section starts
        heading = Span(start, start + len(section.heading), section.heading)
        under = self.text[section.start : span.end]  # to SPAN's end: its line's opening is in it
        return Span(0, 0, "") if _subject_ends(under, heading.text, self.language) else heading

    def line_label(self, span: Span) -> Span:
        """The label opening the line SPAN is on ("Left kidney:" of "Left kidney: 4 mm stone at the UVJ. Mild
        hydronephrosis."), where the text writes it; empty when the line opens with none. A label is no subject of
        the sentences after it (a value's label, "冠状动脉钙化积分：156", names none): `entities` takes only the side it
        gives the organ it names."""
        line = self.text.rfind("\n", 0, span.start) + 1
        found = _LINE_LABEL.match(self.text, line)
        return Span(found.start("label"), found.end("label"), found.group("label")) if found else Span(0, 0, "")

    @property
    def has_impression(self) -> bool:
        return any(s.section == "impression" for s in self.sentences)

    @property
    def body(self) -> list[Sentence]:
        """Findings and impression sentences: what the radiologist described (not history or technique)."""
        return [s for s in self.sentences if s.section in ("findings", "impression")]

    @property
    def addenda(self) -> list[Sentence]:
        """Sentences of an addendum: written after the impression, they restate or add measurements."""
        spans = [(s.start, s.end) for s in self.sections if _ADDENDUM.match(s.heading.strip())]
        return [s for s in self.sentences if s.section == "other" and any(a <= s.start < b for a, b in spans)]


# Where a sub-heading stops being the subject of the lines under it, as reports lay them out. Its section
# runs to the next heading, but its lines end with their paragraph (a blank line: "CHEST:" and its lines,
# a blank line, then a paragraph about the abdomen), and an organ sub-heading's lines end where a line
# opens with another organ, labelled or not ("Liver:" ... "Lungs: No nodules.", "The spleen is normal.").
# A region sub-heading ("ABDOMEN:") names no organ and lists its organs line by line: only a blank line
# ends it. `_OPENING`: what a line may start with before its organ (list marks, articles, sides).
_OPENING = {
    "en": re.compile(r"^(?:[\W\d_]|\b(?:the|a|an|left|right|both|bilateral|visuali[sz]ed)\b)*$", re.I),
    "zh": re.compile(r"^(?:[\W\d_]|左右|双侧|两侧|左侧|右侧|双|两|左|右)*$"),
}


def _subject_ends(under: str, heading: str, language: str) -> bool:
    """Whether UNDER, the text from the end of a sub-heading HEADING to the end of a sentence, has
    left the heading's subject: a blank line once the lines under it have begun, or a line opening with
    an organ HEADING does not name."""
    matcher = organ_matcher(language)
    named = {key for key, _, _ in matcher.find(heading)}
    started = False
    for line in _LINE_END.sub("\n", under).split("\n"):
        if not line.strip():
            if started:
                return True
            continue
        started = True
        first = _first_organ(line, language)
        if named and first and first[0] not in named and _OPENING[language].match(line[: first[1]]):
            return True
    return False


@lru_cache(maxsize=4096)
def _first_organ(line: str, language: str) -> tuple[str, int, int] | None:
    """(organ, start, end) of the organ LINE names first: `heading_of` reads the lines under a sub-heading again for
    each sentence below it, and searching each anew was a sixth of the rule engine's time."""
    return min(organ_matcher(language).find(line), key=lambda m: m[1], default=None)


_ADDENDUM = re.compile(r"addend|补充|更正", re.I)
_MIN_REPEAT = {"en": 15, "zh": 10}  # characters: shorter stock phrases ("No effusion.") recur legitimately
_MEASURE = re.compile(r"\d+(?:\.\d+)?(?:\s*[x×X*]\s*\d+(?:\.\d+)?)*\s*(?:mm|cm|毫米|厘米)", re.I)


def repeats(report: ParsedReport) -> list[tuple[Sentence, Sentence]]:
    """(first, later copy) for each sentence a section writes twice, also when the copy changed one
    measurement ("wall thickening, 1.5 cm" ... "wall thickening, 15 cm"); one pair per repeated sentence.
    Two lesions listed alike ("Segment 5 lesion: 1.4 cm (prior 2.1 cm)") differ in more than one value, and
    a sentence under "Right:" and again under "Left:" (`_side_under`) speaks of each side once."""
    pairs, seen_by_side, flagged = [], {}, set()
    for sentence in report.body:
        key = re.sub(r"\W+", " ", _MEASURE.sub("_", sentence.text)).strip().lower()
        side = _side_under(report, sentence)
        seen = seen_by_side.setdefault(side, {})
        first = seen.get(key) or _restated(key, sentence, seen)
        long_enough = len(key) >= _MIN_REPEAT.get(report.language, 15)
        if long_enough and first is not None and first.section == sentence.section and (side, key) not in flagged:
            changed = sum(a != b for a, b in zip(_MEASURE.findall(first.text), _MEASURE.findall(sentence.text)))
            if changed <= 1:
                flagged.add((side, key))
                pairs.append((first, sentence))
        seen.setdefault(key, sentence)
    return pairs


_LINE_LABEL = re.compile(r"[ \t]*(?:[#*\-•]+[ \t]*)?(?P<label>[^:：\n.。;；]{1,30})[:：]")


# A line opening with a side as its label ("Right:", "LEFT EAR:", "左侧：", "右肾：") heads what is written about
# that side, up to the next such label or the end of its section.
_SIDE_LABEL = re.compile(r"^[ \t]*(?:[#*\-•]+[ \t]*)?(?P<side>left|right|bilateral|左|右|双)[^:：\n.。]{0,25}[:：]",
                         re.IGNORECASE | re.MULTILINE)


def _side_under(report: ParsedReport, sentence: Sentence) -> str | None:
    """The side of the last side label (`_SIDE_LABEL`) before SENTENCE in its section, or None. A label alone
    on its line ("Right kidney:") opens a section of its own that continues the one before (`find_sections`):
    the section's run of its kind is searched."""
    at = next((i for i, s in enumerate(report.sections) if s.start <= sentence.start < s.end), 0)
    while at > 0 and report.sections[at - 1].kind == sentence.section:
        at -= 1
    begin = report.sections[at - 1].end if at > 0 else 0
    labels = list(_SIDE_LABEL.finditer(report.text, begin, sentence.start + 1))
    return labels[-1].group("side").lower() if labels else None


def _restated(key: str, sentence: Sentence, seen: dict[str, Sentence]) -> Sentence | None:
    """An earlier sentence this one repeats the start of with one measurement changed ("...最厚处约1.5cm，长度约5cm"
    ... "...最厚处约15cm")."""
    if "_" not in key:
        return None
    for earlier_key, earlier in seen.items():
        if earlier_key.startswith(key) or key.startswith(earlier_key):
            changed = sum(a != b for a, b in zip(_MEASURE.findall(earlier.text), _MEASURE.findall(sentence.text)))
            if changed == 1:
                return earlier
    return None


# A line holding only an unknown title ("Observations:", "检查结果："): a section of unknown kind.
_OTHER_TITLE_RE = re.compile(r"^[ \t]*(?P<word>[A-Z][A-Za-z /&-]{2,30}|[\u4e00-\u9fff]{2,8})[ \t]*[:：][ \t]*$", re.MULTILINE)


def find_sections(text: str) -> list[Section]:
    """Sections from heading lines. Text before the first heading counts as findings, unless a findings
    heading follows (then it is the unlabelled history or request). A line holding an
    unknown title continues the section before it when that is findings or impression (organ
    sub-headings), and is findings when the report has no findings heading ("Observations:"). A
    report without any heading whose last paragraph is short gets that paragraph as the impression."""
    known = [(m.start(), m.end(), kind_of(m), m.group("word")) for m in headings(text)]
    unknown = [
        (m.start(), m.end(), None, m.group("word"))
        for m in _OTHER_TITLE_RE.finditer(text)
        if not any(a <= m.start() < b for a, b, _, _ in known)
    ]
    heads = sorted(known + unknown, key=lambda h: h[0])
    has_findings = any(kind == "findings" for _, _, kind, _ in known)
    sections: list[Section] = []
    if not heads or text[: heads[0][0]].strip():
        lead = text[: heads[0][0] if heads else len(text)]
        first_line = lead.split("\n", 1)[0]
        title = _TITLE_LINE.match(first_line) if heads else None  # "CT CHEST WITHOUT CONTRAST - follow-up nodule"
        if title and not lead[title.end():].strip():
            sections.append(Section("technique", "", 0, len(lead)))
        elif has_findings:
            # The description has its own heading further on: what comes before it is the history or
            # the request written without one ("65M, RUQ pain, prior appendectomy.").
            sections.append(Section("other", "", 0, len(lead)))
        elif title:
            # A template's exam title over unheaded organ lines ("CT LIVER - CIRRHOSIS SURVEILLANCE" then
            # "Liver: ..."): the title names the exam, the lines under it are the description.
            sections.append(Section("technique", "", 0, len(first_line)))
            sections.append(Section("findings", "", len(first_line), len(lead)))
        else:
            sections.append(Section("findings", "", 0, len(lead)))
    for i, (_, end_of_head, kind, word) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        if kind is None:
            previous = sections[-1].kind if sections else None
            kind = previous if previous in ("findings", "impression") else "other" if has_findings else "findings"
        if kind in ("other", "technique") and not has_findings:
            # "Indication: weight loss" followed by unheaded lines: the heading owns its line, the rest
            # is the description a report without a findings heading still has.
            line_end = text.find("\n", end_of_head, end)
            if line_end != -1 and text[end_of_head:line_end].strip() and text[line_end:end].strip():
                sections.append(Section(kind, word, end_of_head, line_end))
                kind, end_of_head = "findings", line_end
        sections.append(Section(kind, word, end_of_head, end))
    if not any(s.kind == "findings" for s in sections):
        others = [s for s in sections if s.kind == "other"]
        if others:
            max(others, key=lambda s: s.end - s.start).kind = "findings"
    if not heads:
        sections = _headless_layout(text, sections)
    return sections


_TITLE_LINE = re.compile(r"^[ \t]*(?=[^\n]*(?:\bCT\b|CTA|scan|imaging|images|扫描|检查|成像|CT))[^\n.。]{2,100}$", re.IGNORECASE)


def _headless_layout(text: str, sections: list[Section]) -> list[Section]:
    """A report without headings: a first line naming the exam or technique is technique, and the last
    paragraph (or, without blank lines, the last line) is the impression when it is short."""
    blocks = list(re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text)) if re.search(r"\n[ \t]*\n", text.strip()) else \
        list(re.finditer(r"[^\n]*\S[^\n]*", text))
    if len(blocks) < 2:
        return sections
    layout: list[Section] = []
    body_start = 0
    first = blocks[0]
    if len(blocks) >= 3 and _TITLE_LINE.match(first.group(0)) and "\n" not in first.group(0):
        layout.append(Section("technique", "", first.start(), first.end()))
        body_start = first.end()
    last = blocks[-1]
    if len(last.group(0)) * 2 > last.start() - body_start:
        return sections if not layout else layout + [Section("findings", "", body_start, len(text))]
    return layout + [Section("findings", "", body_start, last.start()), Section("impression", "", last.start(), len(text))]


def _is_sentence_dot(text: str, i: int, line_start: int) -> bool:
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False  # "1.2 cm", "e.g.x", "s/p."
    word = re.search(r"([A-Za-z.]+)$", text[line_start:i])
    if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
        return False
    if re.fullmatch(r"\s*\(?\d{1,2}", text[line_start:i]):
        return False  # numbered list "1. "
    return True


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] with list markers and surrounding blanks trimmed."""
    spans, begin, line_start = [], start, start
    for i in range(start, end):
        char = text[i]
        if char in _ALWAYS_SPLIT and not _QUESTION_PREFIX.match(text, i) or (
                char == "." and _is_sentence_dot(text, i, line_start)):
            spans.append((begin, i + (0 if char == "\n" else 1)))
            begin = i + 1
            if char == "\n":
                line_start = i + 1
            elif char == ".":
                line_start = i + 1
    spans.append((begin, end))
    trimmed = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        a += lead
        marker = _LIST_MARKER.match(text[a:b])
        if marker:
            a += marker.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        if re.search(r"\w", text[a:b]):
            trimmed.append((a, b))
    return trimmed


# Line ends other than "\n": Windows' "\r\n" (a heading without a colon must still end its line), a
# lone "\r" (old Mac files, HL7 report segments) and the rarer Unicode ones.
_LINE_END = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")


def _layout(text: str) -> str:
    """TEXT with every line end written "\n" (a "\r\n" as " \n") and dictated punctuation as marks
    (`_spoken_marks`), the same length: the layout is read on it, and the offsets it gives point into TEXT,
    which the spans slice."""
    return _spoken_marks(_LINE_END.sub(lambda m: " \n" if m.group() == "\r\n" else "\n", text))


# Punctuation a voice-recognition dictation left as spoken words ("the liver is normal period", "Impression colon ...",
# "new paragraph", "肝脏形态正常句号", "下一段"), read by the words around each: a report may write stops of its own and
# still carry a dictated one. A mark takes the last character of its word, so that a sentence ends where the spoken
# word does and keeps it as written.
# - A stop ("period", "full stop", "句号"), comma ("comma", "逗号") or colon ("冒号") is the word itself after a
#   determiner ("the period", "a comma", "一个逗号", "听写中的句号"), and "period" before "of" ("a period of 3 months").
#   In a report writing stops of its own, "period" is a word too ("the follow-up period was uneventful") unless it
#   ends a sentence: what follows it starts one (a capital, a line end, the end of the text, a spoken paragraph).
# - A paragraph or line ("new paragraph", "换行", "下一段") stands between sentences: after a stop, written or spoken, or
#   a line end, or before a heading; "下一段" before an organ word is "the next segment" of it ("下一段肠管"), and words
#   ending where a mark's word begins are no mark ("置换行CT": 置换, then 行; "肾门以下一段输尿管": 以下, then 一段).
# - "Colon" is the organ ("the sigmoid colon is normal period") except right after a heading word opening a line or a
#   sentence ("Findings colon the colon is normal"), and only in a report writing no stop of its own.
_WRITTEN_STOP = re.compile(r"[.!?](?=\s|$)|[。！？]")
_SPOKEN_MARK = re.compile(r"(?<=\S)(?P<before>[ \t]+)(?P<word>period|full stop|comma)\b(?![ \t]+of\b)", re.I)
_SPOKEN_PARAGRAPH = re.compile(r"[ \t]*\b(?:new|next) paragraph\b|换行|下一段", re.I)
_SPOKEN_COLON = re.compile(rf"(?:^|(?<=[.\n]))[ \t]*(?:{HEADING_WORD})[ \t]+(?P<word>colon)\b", re.I | re.M)
_SPOKEN_NUMBER = re.compile(r"(?:^|\n)[ \t]*\(?\d{1,2}$")
_NOT_A_MARK = {"a", "the", "this", "that", "each", "every"}  # "the period", "a comma": the words themselves
_SPOKEN_MARK_ZH = re.compile(r"(?<![一个这该的])(?:句号|逗号|冒号)")
_MARK_ZH = {"句号": "句。", "逗号": "逗，", "冒号": " ：", "换行": " \n", "下一段": " \n\n"}
_SENTENCE_STARTS = re.compile(r"[ \t]*(?:$|\n|[A-Z]|(?:new|next) paragraph\b)")
_SENTENCE_ENDS = ".。!！?？;；:：\n"
_HEADING_NEXT = re.compile(rf"[ \t\n]*(?:{HEADING_WORD})[ \t]*(?:[:：]|colon\b|\n|$)", re.I)


def _spoken_marks(layout: str) -> str:
    """LAYOUT with dictated punctuation (`_SPOKEN_MARK`, `_SPOKEN_MARK_ZH`, `_SPOKEN_PARAGRAPH`) written as its marks
    where the words around it say it is one, the same length."""
    stops_written = bool(_WRITTEN_STOP.search(layout))
    layout = _SPOKEN_MARK_ZH.sub(lambda m: _MARK_ZH[m.group()], layout)

    def mark(m: re.Match) -> str:
        said = layout[max(0, m.start() - 20): m.start()].split()
        word = m.group("word").lower()
        if said and said[-1].lower() in _NOT_A_MARK:
            return m.group(0)
        if word != "comma" and stops_written and not _SENTENCE_STARTS.match(layout, m.end()):
            return m.group(0)  # "the follow-up period was uneventful" in a report writing its own stops
        if word != "comma" and _SPOKEN_NUMBER.search(layout, max(0, m.start() - 12), m.start()):
            return "." + " " * (len(m.group(0)) - 1)  # "1 period Gastric carcinoma": a list number's "1."
        return m.group("before") + m.group("word")[:-1] + ("," if word == "comma" else ".")

    layout = _SPOKEN_MARK.sub(mark, layout)
    layout = _SPOKEN_PARAGRAPH.sub(lambda m: _paragraph(layout, m), layout)
    if stops_written:
        return layout
    return _SPOKEN_COLON.sub(lambda m: m.group(0)[: m.start("word") - m.start()] + ":    ", layout)


def _paragraph(layout: str, said: re.Match) -> str:
    """The line or paragraph end SAID writes, where it stands between sentences (`_spoken_marks`), else SAID as it is."""
    before = layout[: said.start()].rstrip(" \t")
    after = layout[said.end() :]
    between = not before or before[-1] in _SENTENCE_ENDS or bool(_HEADING_NEXT.match(after))
    measured = said.group() == "下一段" and any(start == 0 for _, start, _ in organ_matcher("zh").find(after[:8]))
    if not between or measured:
        return said.group()
    return _MARK_ZH.get(said.group()) or "\n\n" + " " * (len(said.group()) - 2)


def parse_report(text: str, language: str = "en") -> ParsedReport:
    if language == "zh":
        text = simplified(text)
    report = ParsedReport(text=text, language=language)
    layout = _layout(text)
    report.sections = find_sections(layout)
    for section in report.sections:
        for a, b in split_sentences(layout, section.start, section.end):
            report.sentences.append(Sentence(a, b, text[a:b], section.kind, len(report.sentences), layout[a:b]))
    return report


# The heading a report would give each section, as its language writes it, to name the one it lacks.
_SECTION_EXAMPLES = {"en": {"findings": "FINDINGS:", "impression": "IMPRESSION:"},
                     "zh": {"findings": "检查所见：", "impression": "诊断意见："}}


def report_notes(text: str, language: str) -> list[str]:
    """What an audit of the report TEXT notes about its case, the case then "degraded": a report without a
    findings or an impression section (none headed, nor a last short paragraph a report without headings
    concludes with, `find_sections`) leaves nothing to compare between the two, so the mismatch,
    omission, insertion, measurement and laterality errors between them go unlooked-for, and "no
    findings" read as a report found consistent. One function for the workflow and `radqc data validate`,
    as `radiograph_notes` is for a radiograph."""
    report = parse_report(text, language if language in _SECTION_EXAMPLES else "en")
    missing = [kind for kind in ("findings", "impression") if not report.in_section(kind)]
    if not missing:
        return []
    examples = _SECTION_EXAMPLES[report.language]
    named = " nor ".join(f"{kind} section (such as {examples[kind]})" for kind in missing)
    return [f"no {named} found: findings and impression not compared (no check of mismatch, omission, insertion, "
            f"measurement or laterality between them)"]
