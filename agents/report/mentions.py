"""What a sentence says: organs, abnormalities, sides, sizes, negation, severity and counts.

Small pure functions over `Sentence` spans; offsets are absolute positions in the report text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Literal

from radqc.agents.report.document import Sentence, Span
from radqc.agents.report.lexicon import (
    anatomy,
    finding_matcher,
    findings,
    organ_matcher,
    vessel_after_organ,
    word_matcher,
)
from radqc.agents.report.memo import remembered
from radqc.agents.report.stations import holds, node_word, read_station, station_start

# Side words. Chinese side characters bind to the organ that follows them ("右肺", "左侧肾上腺"); a direction
# ("leftward midline shift", "rightward deviation") is a side word of its own, and so is the letter of a lobe's
# abbreviation ("RLL") or of a lymph node station's IASLC code in brackets ("paratracheal (4R) node"), or, in Chinese,
# before the word for station or region ("纵隔4R组淋巴结", "2L区").
_SIDE_EN = re.compile(r"\b(left|right|bilateral(?:ly)?|both)(?:wards?)?\b|\b([RL])(?:UL|ML|LL)\b"
                      r"|\(\s*(?:station\s*)?\d{1,2}([RL])\s*\)", re.IGNORECASE)
_SIDE_ZH = re.compile(r"(左右|双侧|两侧|双|两|左|右)(?!移|偏|旋|心[房室]|[侧]?下腹|上腹)|(?<![\dA-Za-z])\d{1,2}([RL])(?=[组区站])")
# Which side a side word names, for the checks that read a side word out of their own patterns too.
SIDE_KEY = {"left": "left", "right": "right", "左": "left", "右": "right", "l": "left", "r": "right"}

# "Resolved" says a finding is gone, unless a degree leaves some of it: "partially resolved effusion".
_PARTLY_EN = ("partially", "partly", "largely", "mostly", "nearly", "almost", "incompletely")
_NEGATION_EN = re.compile(
    r"\b(no|not|without|negative for|free of|absence of|absent|" + "".join(rf"(?<!{w} )" for w in _PARTLY_EN)
    + r"resolved|no evidence of|no convincing|neither|nor|none)\b",
    re.IGNORECASE,
)
# "未达" ("未达大肿块标准", "肿块未达盆壁") denies that a finding reaches a threshold or a place, not the finding. "不"
# alone also opens "不规则" and "不均匀" (qualities of a lesion seen); before a state ("输尿管不扩张", "淋巴结不大") it
# denies that state.
_NEGATION_ZH = re.compile(r"未见|未发现|未显示|未(?!达)|无|没有|不伴|否认|消失|不明显|不(?=扩张|增厚|增大|肿大|积液|积水)")
# Ruling a finding out, read by what the words mean (`Reading`); the first kind that matches claims the words:
# - a negated or pending exclusion is a hedge, an uncertain assertion: "cannot exclude X", "X cannot be
#   ruled out", "X not excluded", "unable to exclude", "不排除X", "X不能除外", "无法排除", "未除外", "X待排";
#   so is an exclusion the reader is asked to make, which raises X as a possibility: "X should be excluded",
#   "X needs to be ruled out", "please exclude X", "exclusion of X is recommended", "需除外X", "请（结合临床）除外X",
#   "建议排除X";
# - a settled one (past or third person) is a denial: "X was ruled out", "X has been excluded", "CT
#   excludes X", "已排除X", "X可除外";
# - the bare verb, or an exclusion that is the purpose of a test, asks a question and says neither: "Rule
#   out pneumonia", "排除肺栓塞" (an indication's words), "CTA to rule out PE", "biopsy for exclusion of
#   malignancy", "建议增强扫描以排除肿瘤" (the test will answer it); so does a question the request puts: "?appendicitis",
#   "query PE", and a question mark closing a finding ("Appendicitis?": `_asked_at_the_end`).
# The negation inside a hedge ("can not", "无法", "未能") is part of it and denies nothing.
# A finding the study cannot show ("Occlusion cannot be assessed on CT", "咬合关系无法评估") is neither seen nor denied:
# the words after it read back to it as a question left open (`_UNASSESSED`).
_UNASSESSED = {
    "en": re.compile(r"\b(?:cannot|can ?not|could ?not|not)\s+(?:be\s+)?(?:(?:reliably|adequately|fully)\s+)?"
                     r"(?:assessed|evaluated)\b", re.I),
    "zh": re.compile(r"(?:无法|不能|未能|难以)(?:准确|充分)?(?:评估|评价)"),
}
_EXCLUSIONS = {
    "en": [("hedged", re.compile(r"\b(?:cannot|can't|can ?not|could ?not|couldn't|would ?not|does ?not|doesn't|"
                                 r"did ?not|didn't|not|unable to|difficult to|hard to|impossible to)"
                                 r"(?:\s+(?:be|been|able|possible|to|yet|completely|entirely|fully|definitely|"
                                 r"confidently|reliably|safely))*\s+(?:exclude[ds]?|rule[ds]? out)\b"
                                 r"|\b(?:should|must|needs? to|has to|have to|is to|are to|ought to)\s+(?:be\s+)?"
                                 r"(?:(?:also|further|clinically)\s+)*(?:excluded|ruled out)\b"
                                 r"|\bplease\s+(?:exclude|rule out)\b"
                                 r"|\b(?:recommend(?:ed|s)?|advise[ds]?|suggest(?:ed|s)?)\s+(?:clinical\s+)?exclusion of\b"
                                 r"|(?<!\bfor )(?<!\bfor the )\bexclusion of\b(?=[^.;]*\b(?:is|are)\s+(?:recommended|advised|"
                                 r"suggested|required|needed|necessary|warranted)\b)", re.I)),
           ("denied", re.compile(r"\b(?:excluded|excludes|ruled out|rules out)\b(?!\s+from)", re.I)),
           ("asked", re.compile(r"\b(?:exclude|rule out|r/o|exclusion of)\b|(?<![\w?])\?(?=[a-z])|\bquery\b(?!\s*:)",
                                re.I))],
    "zh": [("hedged", re.compile(r"(?:不能|不可|无法|未能|难以|不|未)(?:完全|彻底|确切|明确)?(?:排除|除外)"
                                 r"|待(?:进一步)?(?:排除|除外|排)"
                                 r"|(?:需要?|须|必须|应当?|请|建议|宜)(?:进一步)?(?:结合临床|临床)?(?:予以?)?(?:排除|除外)")),
           ("denied", re.compile(r"(?:已经?|可以?|能|基本)(?:完全)?(?:排除|除外)")),
           ("asked", re.compile(r"排除|除外"))],
}
# A negation of what is to be done ("no follow-up is needed for the cyst", "not requiring treatment", "无需随访")
# denies the management, not the finding it is about: its words are no negation cue (`cues`).
_MANAGEMENT_DENIED = {
    "en": re.compile(r"\b(?:no|not|without)\s+(?:(?:further|additional|routine|dedicated|imaging|need(?:s|ed)?|"
                     r"requir(?:e|es|ed|ing)|warrant(?:s|ed)?|indicated)\s+(?:for\s+)?){0,3}"
                     r"(?:follow[- ]?up|surveillance|treatment|intervention|action|work-?up|biopsy|imaging)\b", re.I),
    "zh": re.compile(r"(?:无需|无须|不需要?|不必)(?:进一步)?(?:随访|复查|处理|治疗|干预|活检)"),
}
# A negated displacement before the fracture it qualifies ("无移位骨折", "无明显错位的骨折": a non-displaced fracture)
# describes the fracture, as "non-displaced" does: its words are no negation cue (`cues`).
# English writes "non-displaced", "undisplaced": no negation word.
_QUALITY_DENIED = {"zh": re.compile(r"(?:无|未见)(?:明显)?(?:移位|错位|分离)的?(?=(?:撕脱)?骨折)")}
# A tissue compared with the normal one ("enhancing less than normal renal parenchyma", "低于正常肾实质",
# "与正常肝实质相仿") is described, not called normal. An organ doing what it should "normally" ("The uterus is involuting
# normally", "Both kidneys enhance and excrete normally") is called normal.
_NORMAL_EN = re.compile(
    r"\b(?<!than )(normal(?:ly)?|unremarkable|within normal limits|no abnormality|no abnormalities|clear|intact|"
    r"no focal|no significant)\b",
    re.IGNORECASE,
)
# A hollow organ's wall called smooth or not thickened ("壁光滑", "直肠壁未见增厚") is its normal statement; "正常" before
# a number ("（正常约4°-58°）", "正常值<10mm") gives the range a measurement is read against and calls nothing normal.
_NORMAL_ZH = re.compile(r"未见异常|未见明显异常|未见明确异常|(?<![于似近同与较])正常(?!(?:值|范围|参考值?)?[约为：:]?[<>≤≥＜＞]?\d)|如常|无异常|无殊|未见.{0,6}(?:病灶|占位|异常)|壁光滑|"
                        r"壁(?:未见|无)(?:明显|明确)?增厚|(?<!大小)不大")

_NUMBER = r"\d+(?:\.\d+)?"
# A length, not a volume or an area: "120 mm³" (a nodule's volume) and "23.0 cm²" (a sum of products of diameters) are
# no size of a lesion.
_SIZE = re.compile(
    rf"(?P<dims>{_NUMBER}(?:\s*(?:mm|cm|毫米|厘米))?(?:\s*[x×X*]\s*{_NUMBER}(?:\s*(?:mm|cm|毫米|厘米))?){{0,2}})"
    r"\s*(?P<unit>mm|cm|毫米|厘米)(?![A-Za-z0-9²³])"
)
_DIM = re.compile(_NUMBER)
# Words saying something did not change since the prior study ("stable", "no interval change", "较前相仿"): the size
# check holds them to the two sizes (`checks.measurement`), the impression check to the findings' own change words
# (`checks.mismatch`); one list, so that both read the same statements as stability.
STABLE_WORDS = {
    "en": r"stable|unchanged|not changed|similar in size|no (?:\w+ ){0,2}(?:change|progression)",
    "zh": r"无明显变化|未见明显变化|无变化|变化不大|相仿|同前|稳定",
}
# Words saying something grew or shrank since the prior study ("increased", "has grown", "较前缩小"), by direction: the
# size check holds them to the two sizes (`checks.measurement`), the impression check to the findings' own change
# (`checks.mismatch`); one list, so that both read the same statements as a change. Each adds what it alone reads.
CHANGE_WORDS = {
    "en": {"up": r"increas(?:ed|ing|e)|enlarg(?:ed|ing)|grow(?:n|ing|th)|grew|expand(?:ed|ing)",
           "down": r"decreas(?:ed|ing|e)|reduc(?:ed|ing|tion)|shr(?:ank|inking|unken|unk)|regress(?:ed|ing)|"
                   r"diminish(?:ed|ing)"},
    "zh": {"up": "增大|增加|增长|扩大", "down": "缩小|减小|减少|变小"},
}
# A size range writes its unit once, after its high end: "2.1-2.4 cm", "1.2~1.5cm", "约1.2～1.5cm" measure one lesion (or
# a set of them) between the two numbers; the first is no size of its own.
_RANGE_LOW = re.compile(rf"(?<![A-Za-z\d.])(?P<range>(?P<low>{_NUMBER})\s*(?P<unit>mm|cm|毫米|厘米)?\s*[-~～–])\s*$")
# So does one written from its low end to its high one, its "from" part of it: "cysts ranging from 0.5 to 1.5 cm",
# "大小从0.5至1.5cm". Chinese writes a change since the prior study the same way ("由1.2cm增大至1.5cm", "较前缩小，由1.9至
# 1.2cm"), which a change word in the sentence (`CHANGE_WORDS`) tells apart: its two numbers are a prior and a present size.
_RANGE_FROM = re.compile(rf"(?:\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying))(?:\s+in\s+(?:size|diameter))?\s+(?=from\b)|(?=[从由]))"
                         rf"(?P<range>(?:from\s+|(?P<zh>[从由])约?)(?P<low>{_NUMBER})\s*(?P<unit>mm|cm|毫米|厘米)?"
                         r"\s*(?:to|[至到]约?))\s*$", re.I)
_HU = re.compile(rf"(?P<value>(?:-\s?)?{_NUMBER})\s*(?:HU|Hu|hu|H\.U\.|亨氏单位)")


@dataclass(frozen=True)
class Mention:
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Size:
    """A measurement: its largest dimension in millimetres and where it is written."""

    largest_mm: float
    dims_mm: tuple[float, ...]
    start: int
    end: int
    least_mm: float | None = None  # the low end of a range ("2.1-2.4 cm"), whose high end is the largest


@dataclass(frozen=True)
class Entity:
    """An abnormality as stated in one sentence: what, where, which side, denied or not. A hedged one
    ("cannot exclude pneumonia") is asserted, uncertainly: it is not negated."""

    finding: str
    organ: str | None
    side: str | None  # "left" | "right" | "both" | None
    negated: bool
    sentence: Sentence
    start: int
    end: int
    side_span: tuple[int, int] | None
    organ_span: tuple[int, int] | None = None
    hedged: bool = False
    cue_span: tuple[int, int] | None = None  # the negation or exclusion the term is stated under (`readings`)

    @property
    def clause(self) -> Span:
        """The clause of its sentence the term stands in: where a negation, a degree or a qualifier of it is read."""
        return self.sentence.clause_at(self.start)

    def site(self, text: str, language: str) -> str | None:
        """Where in its organ the statement is: the organ itself ("liver", "hepatic", "splenomegaly"
        all give the organ), or a named part ("ventricles", "frontal lobe"): two statements about one
        organ may still be about different parts of it. None when no organ is known."""
        if not self.organ_named:
            return self.organ  # no organ word, or the term names its organ itself ("splenomegaly")
        return site_of(text[self.organ_span[0] : self.organ_span[1]], self.organ, language)

    @property
    def organ_named(self) -> bool:
        """An organ word stands beside the term, rather than none or one word holding the other ("splenomegaly",
        "肝硬化", "lymphadenopathy"). Chinese may write the two sharing characters: "腹主动脉瘤" names the abdominal
        aorta. A lymph node station written before the term holding its node word names the nodes' place:
        "mediastinal lymphadenopathy" is at "mediastinal" (`stations`)."""
        if not self.organ_span:
            return False
        station = self.organ == "lymph_node" and self.organ_span[0] < self.start
        return station or not _holds(Mention("", *self.organ_span), Mention("", self.start, self.end))

    @property
    def statement(self) -> tuple[int, int]:
        """The term with the cue it is stated under: "No intracranial haemorrhage", "pneumonia cannot be
        excluded", "未见积液". A denied term without its negation reads as the opposite."""
        spans = [(self.start, self.end)] + ([self.cue_span] if self.cue_span else [])
        return min(a for a, _ in spans), max(b for _, b in spans)

    @property
    def phrase(self) -> tuple[int, int]:
        """From the first to the last of side word, organ and term: "nodule in the right upper lobe"."""
        spans = [(self.start, self.end)] + [s for s in (self.side_span, self.organ_span) if s]
        near = [s for s in spans if abs(s[0] - self.start) <= 40]
        return min(a for a, _ in near), max(b for _, b in near)


def _holds(a: Mention, b: Mention) -> bool:
    """One of the two words holds the other ("hydronephrosis" the organ word and the term)."""
    return a.start <= b.start and b.end <= a.end or b.start <= a.start and a.end <= b.end


def site_of(written: str, organ: str | None, language: str) -> str:
    """The site a written organ word names: the organ key for a word naming the whole organ (anatomy.json's
    "whole": "kidney", "renal", "肺"), else the word itself ("frontal lobe", "额叶", "肺门" are parts), its
    words in the form anatomy.json's "forms" gives them ("bronchial" and "bronchi" are the "bronchus") and
    a plural read as its singular ("lateral ventricles", not "bronchus"); for lymph nodes, the name of their
    station (`stations.Station.name`: "mediastinal nodes" and "mediastinal lymphadenopathy" are at "mediastinal")."""
    if organ == "lymph_node":
        station = read_station(written, language)
        if station is not None:
            return station.name  # "mediastinal" of "mediastinal nodes" and "mediastinal lymphadenopathy" alike
    entry = anatomy()[organ] if organ else {}
    forms = entry.get("forms", {}).get(language, {})

    def form(words: str) -> str:
        words = words.lower()
        if language == "zh":
            return forms.get(words, words)
        *head, last = words.split()
        return " ".join([forms.get(w, w) for w in head] + [forms.get(last) or re.sub(r"(?<![us])s$", "", last)])

    site = form(written)
    return organ if site in {form(t) for t in entry.get("whole", {}).get(language, [])} else site


def encloses(outer: Entity, inner: Entity, text: str, language: str) -> bool:
    """OUTER's site is INNER's, or OUTER names the space that holds every site of the organ ("intracranial":
    anatomy.json's "encloses"); for lymph nodes, OUTER's station holds INNER's (`stations.holds`: "no thoracic
    nodes" speaks of the paratracheal ones)."""
    if outer.site(text, language) == inner.site(text, language):
        return True
    if stations := _at_stations(outer, inner, text, language):
        return holds(*stations, language)
    written = text[outer.organ_span[0] : outer.organ_span[1]].lower() if outer.organ_named else None
    return written in (w.lower() for w in anatomy()[outer.organ].get("encloses", {}).get(language, []))


def within(inner: Entity, outer: Entity, text: str, language: str) -> bool:
    """INNER's site lies in OUTER's: `encloses`, or OUTER names a space the lexicon says holds INNER's
    ("extra-axial" holds "subdural": anatomy.json's "holds"), or INNER names a narrower site under OUTER's
    name ("lateral ventricles" in "ventricles", "frontal lobe" in "frontal", "乙状结肠" in "结肠"). The
    lexicon has no other hierarchy: the whole organ lies in none of its parts, and none of them lies in it
    but through its enclosing space. Lymph node stations lie in one another as `encloses` reads them."""
    if outer.organ is None or inner.organ != outer.organ:
        return False
    if encloses(outer, inner, text, language):
        return True
    if _at_stations(outer, inner, text, language):
        return False
    here, there = inner.site(text, language), outer.site(text, language)
    if inner.organ in (here, there):
        return False
    for space in anatomy()[outer.organ].get("holds", {}).get(language, []):
        named = {side: {site_of(w, outer.organ, language) for w in space[side]} for side in ("space", "parts")}
        if there in named["space"] and here in named["parts"]:
            return True
    return there in here if language == "zh" else set(there.split()) < set(here.split())


def in_a_compartment(entity: Entity, text: str, language: str) -> bool:
    """ENTITY's site is one of the compartments anatomy.json's "distinct" spaces hold ("subdural", "硬膜外"): where
    a collection is names which one it is, as a lobe does not."""
    site = entity.site(text, language)
    return entity.organ is not None and any(
        site in {site_of(w, entity.organ, language) for w in space["parts"]}
        for space in anatomy()[entity.organ].get("holds", {}).get(language, []) if space.get("distinct"))


def _at_stations(outer: Entity, inner: Entity, text: str, language: str) -> tuple | None:
    """The stations (`stations.read_station`) two lymph node statements name, or None unless both name one."""
    if not (outer.organ == inner.organ == "lymph_node" and outer.organ_named and inner.organ_named):
        return None
    found = tuple(read_station(text[e.organ_span[0] : e.organ_span[1]], language) for e in (outer, inner))
    return found if None not in found else None


def apart(a: Entity, b: Entity, text: str, language: str) -> bool:
    """A and B name two different parts of one organ, neither within the other (`within`): "subdural" and
    "subarachnoid", "额叶" and "枕叶". A statement about one says nothing about the other."""
    return (a.organ == b.organ and a.organ_named and b.organ_named
            and a.organ not in (a.site(text, language), b.site(text, language))
            and not within(a, b, text, language) and not within(b, a, text, language))


# An organ word giving where a measurement was taken ("prevertebral soft tissues 5 mm at C2") is no subject.
_MEASURED_AT = re.compile(r"\d\s*(?:mm|cm)\s+at\s+(?:the\s+)?(?:level\s+of\s+)?$", re.I)


def subject(span: Span, language: str, heading: Span | None = None) -> list[Mention]:
    """The organs a statement is about: the ones it names, else the ones named by HEADING, the sub-heading
    it stands under on a line of its own ("Liver:" then "Normal.", "肝脏：" then "未见异常"); not the places
    its measurements were taken (`_MEASURED_AT`)."""
    named = [m for m in organs(span, language) if not _MEASURED_AT.search(span.text[: m.start - span.start])]
    return named or (organs(heading, language) if heading else [])


def subject_sites(span: Span, text: str, language: str, heading: Span | None = None,
                  part: tuple[str, str] | None = None) -> set[str]:
    """The sites of the organs a statement is about (`subject`, `site_of`); SPAN and HEADING are spans of TEXT.
    PART, the (organ, site) the statement is compared with: a word naming that organ by a segment that leaves
    the site out ("thoracic aorta" beside the abdominal aorta, `leaves_out`) names no site of it."""
    return {site_of(text[m.start : m.end], m.key, language) for m in subject(span, language, heading)
            if not (part and m.key == part[0] and leaves_out(text[m.start : m.end], *part, language))}


def leaves_out(written: str, organ: str, site: str, language: str) -> bool:
    """WRITTEN names ORGAN by the segment a scan shows and says nothing of SITE, a part outside it
    (anatomy.json's "leaves_out": the thoracic aorta leaves out the abdominal aorta)."""
    return any(written.lower() in (w.lower() for w in segment["words"])
               and site in {site_of(w, organ, language) for w in segment["parts"]}
               for segment in anatomy()[organ].get("leaves_out", {}).get(language, []))


# The dural spaces line the spinal canal as well as the skull: the lexicon files them under the brain, but a
# statement that names the spine too ("epidural collection at L4-L5"), or any statement of a spine
# examination ("No epidural collection." in a lumbar spine CT), is about the spine's.
_DURAL_SPACE = {"en": re.compile(r"(?:epidural|extradural|subdural)\b", re.I), "zh": re.compile(r"硬膜[外下]")}


# An organ word written straight after another organ's name and before a segment or level word is a landmark
# naming a segment of that organ, not an organ of its own: "腹主动脉肾下段" is the infrarenal abdominal aorta,
# "腹主动脉肾动脉水平以下" the aorta below the renal arteries, "胆总管胰腺段" the intrapancreatic duct. So is one
# before a recess word: a peritoneal recess is named by the organs it lies between, the first giving where it is
# ("肝肾隐窝" under the liver, "脾肾隐窝", "膀胱直肠陷凹", "直肠子宫陷凹"), so fluid in it is ascites as perihepatic
# or pelvic fluid is (`_NAMED_BY_ORGAN`), not the kidney's or the rectum's. A preposition may stand between the
# two names ("腹主动脉于肾动脉开口以下", "腹主动脉自肾动脉水平"), and the level be given as above or below the landmark.
_LANDMARK_AFTER = re.compile(r"^[^\s，。；、,;:：]{0,4}?(?:段|水平|平面|以下|以上|隐窝|陷凹)")
_LANDMARK_JOINER = re.compile(r"[于在自至平]?")


def _landmark(span: Span, keys_ending: dict[int, list[str]], mention: Mention) -> bool:
    """KEYS_ENDING: the keys of the organs found, by where each ends; only one ending right before MENTION, or a joiner
    (one character) before it, is looked at, not every organ of the span (which took seconds on a long list)."""
    return bool(_LANDMARK_AFTER.match(span.text[mention.end - span.start :])) and any(
        key != mention.key and _LANDMARK_JOINER.fullmatch(span.text[end - span.start : mention.start - span.start])
        for end in (mention.start - 1, mention.start) for key in keys_ending.get(end, ()))


def _keys_by_end(found: list[Mention]) -> dict[int, list[str]]:
    keys: dict[int, list[str]] = {}
    for m in found:
        keys.setdefault(m.end, []).append(m.key)
    return keys


def _stations(span: Span, found: list[Mention], language: str) -> list[Mention]:
    """FOUND with the station words written before a lymph node word (`stations.station_start`) taken into it: "enlarged
    mediastinal lymph nodes", "para-aortic and aortocaval nodes", "纵隔淋巴结肿大" are lymph nodes at their station
    (`site_of`), not an abnormal mediastinum or aorta, of which a mediastinal mass says nothing."""
    kept: list[Mention] = []
    for m in found:
        written = span.text[m.start - span.start : m.end - span.start]
        start = station_start(span.text, m.start - span.start, language) if (
            m.key == "lymph_node" and node_word(written, language)) else None
        if start is None:
            kept.append(m)
            continue
        begin = span.start + start
        kept = [k for k in kept if k.end <= begin]  # the station's organ words name it
        kept.append(Mention("lymph_node", begin, m.end))
    return kept


# "附件" after a vertebra or its posterior part ("椎体及附件", "后方附件", "椎弓及附件"), or before its fracture ("附件骨折"), is
# the vertebra's posterior elements, not the adnexa.
_VERTEBRAL_APPENDAGES_ZH = re.compile(r"(?:椎体?|椎弓|后方|后部|脊柱)(?:及其?|和|、)?(?P<after>附件)|(?P<before>附件)(?=骨折|骨质)")


# "m2" after a unit and a slash is per square metre ("78 ml/m2", "BMI 31 kg/m2", "70 g/m2": an indexed volume or mass, a
# body mass index), not the middle cerebral artery's M2 segment.
_PER_SQUARE_METRE = re.compile(r"(?<=[A-Za-z]/)m2\b", re.I)


def _vessel_named_after(span: Span, mention: Mention, language: str) -> Mention:
    """MENTION, an organ's word, with the vessel word written after it (`lexicon.vessel_after_organ`) taken into it: a
    vessel named after an organ ("pulmonary artery", "renal vein", "肺静脉", "锁骨下动脉", "胸廓内动脉") runs to or beside
    that organ and is no part of it, so a normal lung says nothing of a dilated pulmonary artery. Named after the whole
    organ ("pulmonary", "肺", "cerebral"), it is the organ's own vessels' entry when anatomy.json gives one (the lung's, the
    brain's); else, or named after a part or a neighbour ("胸廓内动脉", "superficial temporal artery"), a vessel of any
    region (`named_vessel`); a word that
    names a vessel itself ("right coronary artery") and a vessel of an organ only one sex has (an ovarian vein, female
    anatomy still) stay as they are."""
    entry = anatomy()[mention.key]
    if entry.get("vessel") or entry.get("sex"):
        return mention
    vessel = vessel_after_organ(language).match(span.text, mention.end - span.start)
    if vessel is None:
        return mention
    whole = site_of(span.text[mention.start - span.start : mention.end - span.start], mention.key, language) == mention.key
    return Mention(entry.get("vessels", "named_vessel") if whole else "named_vessel", mention.start,
                   span.start + vessel.end())


# A vessel named by its organ ("uterine artery", "renal vein", "子宫动脉", "肾静脉", also by its upper or lower branch or
# its trunk: "肠系膜上动脉", "肠系膜下静脉", "腹腔干"), or the veins around it ("子宫周围静脉丛"): what is said of it is the
# vessel's, not the organ's.
VESSEL_AFTER = {"en": re.compile(r"\s*(?:arter(?:y|ies)|veins?)\b", re.I),
                "zh": re.compile(r"(?:周围|旁)?[上下]?(?:动脉|静脉)|干")}


def vessel_of_the_organ(entity: Entity, text: str, language: str) -> bool:
    """ENTITY's organ word in TEXT names a vessel (`VESSEL_AFTER`: "右侧卵巢静脉", "the left ovarian vein", "子宫周围静脉丛"):
    its dilatation or clot is no abnormality of the organ, nor its calibre the organ's size."""
    return bool(entity.organ_span and VESSEL_AFTER[language].match(text, entity.organ_span[1]))


# "Ventricles" is a word the brain and the heart share: beside a word of the heart ("Ventricles: tubular, narrowed right
# ventricle") the chambers are the heart's, as the heart's own "ventricle" and "atria" are.
_SHARED_CHAMBERS = re.compile(r"ventricles", re.I)


def _chambers_of_the_heart(found: list[Mention], span: Span) -> list[Mention]:
    if not any(m.key == "heart" for m in found):
        return found
    return [Mention("heart", m.start, m.end)
            if m.key == "brain" and _SHARED_CHAMBERS.fullmatch(span.text, m.start - span.start, m.end - span.start) else m
            for m in found]


# "骨壁" written straight after a structure's word is that structure's bony wall ("半规管骨壁", "上颌窦骨壁", "眼眶骨壁"): its "骨"
# names no bone of its own, and a defect in the wall is the structure's.
def _bony_wall(span: Span, found: list[Mention], mention: Mention) -> bool:
    return (span.text.startswith("骨壁", mention.start - span.start) and mention.end - mention.start == 1
            and any(m.end == mention.start for m in found))


@remembered(lambda span, language, spine=False: (span.start, span.text, language, spine))
def organs(span: Span, language: str, spine: bool = False) -> list[Mention]:
    """The organs SPAN names, but for a Chinese landmark (`_LANDMARK_AFTER`), a unit per square metre (`_PER_SQUARE_METRE`)
    and a lymph node station (`_stations`), with
    a vertebra's "附件" read as the spine's (`_VERTEBRAL_APPENDAGES_ZH`), no bone in a structure's bony wall
    (`_bony_wall`), a vessel named after an organ read as the vessel
    (`_vessel_named_after`) and the ventricles beside a word of the heart as its chambers (`_chambers_of_the_heart`);
    SPINE: the examination is of the spine (`CheckInput.spine_exam`)."""
    found = [Mention(k, a, b) for k, a, b in organ_matcher(language).find(span.text, span.start)
             if not (language == "en" and _PER_SQUARE_METRE.match(span.text, a - span.start))]
    if language == "zh":
        vertebral = {(span.start + m.start(g), span.start + m.end(g)) for m in _VERTEBRAL_APPENDAGES_ZH.finditer(span.text)
                     for g in ("after", "before") if m.group(g)}
        keys_ending = _keys_by_end(found)
        found = [Mention("spine", m.start, m.end) if (m.start, m.end) in vertebral else m
                 for m in found if not _landmark(span, keys_ending, m) and not _bony_wall(span, found, m)]
    found = _chambers_of_the_heart([_vessel_named_after(span, m, language) for m in found], span)
    found = _stations(span, found, language)
    if not spine and not any(m.key == "spine" for m in found):
        return found
    return [Mention("spine", m.start, m.end) if _DURAL_SPACE[language].match(span.text, m.start - span.start) else m
            for m in found]


def in_a_longer_organ_name(text: str, start: int, end: int, language: str) -> bool:
    """Whether TEXT[START:END], a structure's word a check's own list found, lies inside a longer organ name the lexicon
    knows, another organ's: "appendix" in "left atrial appendix" is the heart's."""
    return any(a <= start and end <= b and b - a > end - start for _, a, b in organ_matcher(language).find(text))


# Fluid lying in the peritoneal cavity is free fluid, ascites, whichever organ names the place: around an organ of
# the abdomen or pelvis ("肝周", "脾周围", "perihepatic", "perisplenic"), in a recess between organs ("肝肾隐窝",
# "结肠旁沟", "hepatorenal recess"), or in the abdomen or pelvis themselves ("盆腔", "fluid in the pelvis"). Fluid in an organ
# ("肝内见液性密度影") is no free fluid: a cyst's, say, which its density term names. Blood in the pelvis or abdomen
# ("盆腔见少量积血") is free too, a haemoperitoneum, as the English word is; blood around an organ ("脾周积血") is the
# haematoma of its injury. "积液" is read so too where a place of the peritoneal cavity stands before it ("腹盆腔见中等量
# 积液"): no pleural effusion.
_FLUID = {"en": re.compile(r"\bfluid\b(?![- ](?:attenuation|density|filled|level|collection))", re.I),
          "zh": re.compile(r"(?:液性|液体|水样)密度影?|(?P<blood>积血)|积液")}
_PLACE_BEFORE = {
    "en": re.compile(r"\b(?:peri(?P<organ>[a-z]+)|pelvic|peritoneal|intraperitoneal|abdominal)"
                     r"(?:\s+(?:free|simple|small|volume|amount|of))*\s+$", re.I),
    "zh": re.compile(r"(?:(?P<organ>[^\s，。；、,;]{1,3}?)周围?|盆腔|腹腔|隐窝|陷凹|旁沟)(?:内|区)?(?:未见|可?见|示|无)?"
                     r"(?:明显|明确)?(?:少量|少许|中等量|中量|大量|多量|小)?$"),
}
_PLACE_BEFORE_CHARS_ZH = 13  # the longest Chinese place before fluid: "胆囊周围区可见明确中等量"
_PLACE_AFTER_EN = re.compile(r"^\s+(?:is\s+|are\s+)?(?:(?:seen|noted|present)\s+)?(?:in|within)\s+(?:the\s+)?"
                             r"(?:(?<!renal )pelvis|abdomen|peritoneal cavity|(?:[\w']+\s+){0,2}(?:recess|pouch|gutters?))\b", re.I)


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _ending_at(pattern: re.Pattern, widest: int, text: str, end: int) -> re.Match | None:
    """PATTERN, ending in "$", never longer than WIDEST characters and looking behind nothing, matched right before END
    in TEXT: searched only from where its widest match there would start (one character sooner, as "$" matches before a
    final line break too), where a search from the text's start read all of a long sentence again before each term."""
    return pattern.search(text, max(0, end - widest - 1), end)


def _free_fluid(span: Span, language: str) -> list[Mention]:
    found = []
    for match in _FLUID[language].finditer(span.text):
        place = (_ending_at(_PLACE_BEFORE["zh"], _PLACE_BEFORE_CHARS_ZH, span.text, match.start()) if language == "zh"
                 else _PLACE_BEFORE["en"].search(span.text[: match.start()]))
        if place and place.group("organ") and match.groupdict().get("blood"):
            continue
        if place and place.group("organ"):
            named = [key for key, _, _ in organ_matcher(language).find(place.group("organ"), 0)]
            place = place if named and named[0] in _ABDOMINAL_ORGANS else None
        if place or (language == "en" and _PLACE_AFTER_EN.match(span.text[match.end() :])):
            found.append(Mention("ascites", span.start + match.start(), span.start + match.end()))
    return found


# "复发性" before a disease is the adjective "recurrent", naming a disease that keeps coming back ("复发性胰腺炎",
# "复发性多软骨炎"), no tumour's recurrence; before a tumour ("复发性胶质母细胞瘤", "复发性肝癌") it is that
# recurrence, as "recurrent tumour" is.
_RECURRING_ZH = re.compile(r"复发性(?![^，。；、,;\s]{0,10}?(?:瘤|癌|恶性|转移))")


# "瘤囊" is an aneurysm's sac, the aneurysm when measured or compared ("瘤囊最大径约6.2cm", "瘤囊较前增大"); followed by a
# place word it is where another finding lies, an endoleak ("瘤囊内", "延迟期瘤囊右后方见对比剂外溢"), and the same two
# characters run on into a tumour's cystic change: "胶质瘤囊变", "肿瘤囊性变".
_NOT_THE_SAC_ZH = re.compile(r"瘤囊(?:性|变|内|[左右前后上下]*(?:侧|方|缘|部|旁|周))")


# "钙化积分" ("冠状动脉钙化积分：0", "钙化积分0分") is the calcium score, a measurement whose value says whether there is
# calcification: its name asserts none.
_CALCIUM_SCORE_ZH = re.compile(r"钙化(?:积分|评分)")


# "增大" after an angle's name ("股骨颈前倾角增大", "颈干角增大", "Cobb角较前增大") is a measurement grown larger, no organ enlarged.
_ANGLE_BEFORE_ZH = re.compile(r"角(?:度)?(?:较前)?(?:明显|略|稍|轻度)?$")
_ANGLE_BEFORE_CHARS_ZH = 6


# "结节" after a bone ("跟骨结节", "胫骨结节", "坐骨结节", "肱骨大结节"), or a greater or lesser tuberosity broken, displaced or
# intact ("大结节骨折块", "小结节完整"), is the bone's tubercle, no nodule.
_BONY_TUBERCLE_ZH = re.compile(r"(?<=骨)[大小]?结节|[大小]结节(?=骨折|撕脱|移位|完整)")


# "瘘" after "造" ("回肠造瘘口", "膀胱造瘘管", "结肠造瘘术后") is a stoma, an opening made by the surgeon, no fistula: the one
# place that says so, read by the finding terms here and by the omission check's breaches.
MADE_OPENING_ZH = "造"
_MADE_OPENING_BEFORE_ZH = re.compile(MADE_OPENING_ZH + "$")
_MADE_OPENING_BEFORE_CHARS_ZH = len(MADE_OPENING_ZH)


# A term written as a likeness ("a mass-like opacity", "tumour-like", "nodule-like") describes the shape of something else,
# which the rest of the phrase names: no mass or tumour is stated.
_LIKENESS_EN = re.compile(r"[\w-]*?-like\b", re.I)
# The lateral masses of the atlas, the axis, the other cervical vertebrae or the sacrum are the bone's own parts, no mass:
# "Lateral masses of C1 aligned on C2", "C1 lateral mass fracture", "the left C6 lateral mass", and the screws of a posterior
# cervical fixation set in them ("Lateral mass screws at C4 and C5").
_VERTEBRAL_LATERAL_MASS_EN = re.compile(r"(?<=lateral )mass(?:es)?\b(?=\s+of\s+(?:the\s+)?(?:C[1-7]|atlas|axis|sacrum)\b)|"
                                        r"(?<=C[1-7] lateral )mass(?:es)?\b|(?<=atlas lateral )mass(?:es)?\b|"
                                        r"(?<=lateral )mass\b(?=\s+screws?\b)", re.I)
# A meningeal space named as a place ("Contrast fills the cervical subarachnoid space", "effacement of the ventral
# subarachnoid space" on a CT myelogram) is anatomy, no haemorrhage: the bare adjective names a bleed only as the
# bleed's own name ("subarachnoid blood", "acute subdural").
# A cancer named as what a screening programme looks for ("lung cancer screening", "肺癌筛查Lung-RADS 1类") is the
# programme's name: it reports no mass.
_SCREENED_FOR = {"en": re.compile(r"(?:cancer|carcinoma)s?\s+screening\b", re.I), "zh": re.compile(r"癌(?:早期)?筛查|癌早筛")}
_MENINGEAL_SPACE_EN = re.compile(r"(?:subarachnoid|subdural|epidural|extradural)\s+spaces?\b", re.I)
# A finding named as a risk ("a high risk of pathological fracture", "fracture risk", "病理性骨折风险高", "有压塞风险") is one
# still to come, weighed by the report: it states none now.
_RISK_BEFORE_EN = re.compile(r"\brisk\s+(?:of|for)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_RISK_WORD_EN = re.compile(r"\brisk", re.I)  # where `_RISK_BEFORE_EN` may start
_RISK_AFTER = {"en": re.compile(r"\s+risks?\b", re.I), "zh": re.compile(r"的?(?:风险|危险)")}
# "Packets" alone are a body packer's drug packets ("Seven dense oval packets remain"); "packets of gas" or "of air" are
# pockets of bowel gas, no foreign body.
_PACKETS_OF_GAS_EN = re.compile(r"\s+of\s+(?:bowel\s+|intraluminal\s+|intestinal\s+)?(?:gas|air)\b(?!-)", re.I)


@remembered(lambda span, language: (span.start, span.text, language))
def finding_terms(span: Span, language: str) -> list[Mention]:
    """Finding terms, also when misspelled ("abcess", "infract", "血种"): the spelling check reports the
    typo, and the other checks should still see the finding it names; free fluid as ascites (`_FLUID`); no
    recurrence in a recurring disease (`_RECURRING_ZH`), no aneurysm in a place in its sac or a tumour's cystic change
    (`_NOT_THE_SAC_ZH`), no nodule in a bone's tubercle (`_BONY_TUBERCLE_ZH`), no calcification in the name of the
    calcium score (`_CALCIUM_SCORE_ZH`), no enlargement in an angle grown larger (`_ANGLE_BEFORE_ZH`), no fistula in a
    stoma (`MADE_OPENING_ZH`), no mass in a
    vertebra's lateral mass (`_VERTEBRAL_LATERAL_MASS_EN`) nor in the name of a cancer screening (`_SCREENED_FOR`), no
    haemorrhage in a meningeal space's name (`_MENINGEAL_SPACE_EN`), nothing in a likeness ("mass-like": `_LIKENESS_EN`) nor in
    a risk (`_RISK_BEFORE_EN`, `_RISK_AFTER`), no foreign body in packets of gas (`_PACKETS_OF_GAS_EN`)."""
    tubercles = [m.end() + span.start for m in _BONY_TUBERCLE_ZH.finditer(span.text)] if language == "zh" else []
    risk_words = [m.start() for m in _RISK_WORD_EN.finditer(span.text)] if language == "en" else []
    found = [Mention(k, a, b) for k, a, b in finding_matcher(language).find(span.text, span.start)
             if not (k == "recurrence" and language == "zh" and _RECURRING_ZH.match(span.text, a - span.start))
             and not (k == "aneurysm" and language == "zh" and _NOT_THE_SAC_ZH.match(span.text, a - span.start))
             and not (k == "nodule" and b in tubercles)
             and not (k == "calcification" and language == "zh" and _CALCIUM_SCORE_ZH.match(span.text, a - span.start))
             and not (k == "enlargement" and language == "zh"
                      and _ending_at(_ANGLE_BEFORE_ZH, _ANGLE_BEFORE_CHARS_ZH, span.text, a - span.start))
             and not (k == "fistula" and language == "zh"
                      and _ending_at(_MADE_OPENING_BEFORE_ZH, _MADE_OPENING_BEFORE_CHARS_ZH, span.text, a - span.start))
             and not (k == "mass" and language == "en" and _VERTEBRAL_LATERAL_MASS_EN.match(span.text, a - span.start))
             and not (k == "hemorrhage" and language == "en" and _MENINGEAL_SPACE_EN.match(span.text, a - span.start))
             and not (k == "mass" and _SCREENED_FOR[language].match(span.text, a - span.start))
             and not (k == "foreign_body" and language == "en" and _PACKETS_OF_GAS_EN.match(span.text, b - span.start))
             and not _RISK_AFTER[language].match(span.text, b - span.start)
             and not (language == "en" and _named_as_a_risk_en(span.text, risk_words, a - span.start))
             and not (language == "en" and _LIKENESS_EN.match(span.text, b - span.start))]
    fluid = [f for f in _free_fluid(span, language) if not any(m.key == f.key and _overlap(m, f) for m in found)]
    found = [m for m in found if not any(_overlap(m, f) for f in fluid)] + fluid
    from radqc.agents.report.checks.spelling import typos  # the spelling check builds on this module

    for start, end, meant in typos(span.text, language):
        if any(m.start < span.start + end and span.start + start < m.end for m in found):
            continue
        for key, _, _ in finding_matcher(language).find(meant):
            found.append(Mention(key, span.start + start, span.start + end))
            break
    return sorted(found, key=lambda m: m.start)


def _named_as_a_risk_en(text: str, risk_words: list[int], end: int) -> bool:
    """`_RISK_BEFORE_EN` ends at END in TEXT, tried only where one of RISK_WORDS (`_RISK_WORD_EN`'s starts) opens it:
    searching all of the text before each term took time growing with the square of a long list, and with the cube
    where each term of an English list closed by a negation reads the list after it again (`_trailing_negation_en`)."""
    return any(_RISK_BEFORE_EN.match(text, start, end) for start in risk_words[: bisect_left(risk_words, end)])


def sides(span: Span, language: str) -> list[Mention]:
    found = []
    pattern = _SIDE_EN if language == "en" else _SIDE_ZH
    for match in pattern.finditer(span.text):
        side = next(word for word in match.groups() if word)  # a side word, or the letter of a lobe or a station
        key = SIDE_KEY.get(side.lower(), "both")
        found.append(Mention(key, span.start + match.start(), span.start + match.end()))
    return found


def sides_given(sentence: Sentence, site: str | None, language: str) -> set[str]:
    """The sides a normal statement SENTENCE speaks of for SITE: the side word standing right before the organ word
    naming SITE in its list item ("左侧上颌窦、双侧筛窦": the left maxillary sinus), else every side it names ("Normal
    left kidney", "右肾未见异常"); empty for a statement naming none. Calling one side normal says nothing of the other's
    abnormality, whichever section says it."""
    said, named = set(), sides(sentence, language)
    for m in organs(sentence, language):
        written = sentence.text[m.start - sentence.start : m.end - sentence.start]
        if site_of(written, m.key, language) != site:
            continue
        before = [s for s in named if s.end <= m.start and not re.search(
            r"[、，,;；]|\band\b", sentence.text[s.end - sentence.start : m.start - sentence.start])]
        if before:
            said.add(before[-1].key)
    return said or {s.key for s in named}


# A negation covers a list closed by "or"/"nor": "No hemorrhage, mass effect, or midline shift",
# "normal in size without mass, calculus or hydronephrosis". An item the negation cannot govern ends the
# list: one opening with an article or a number ("no fracture, and a 2 cm nodule, likely granuloma or scar":
# "no a nodule" is no English), which is a statement of its own.
_LIST_NEGATION_EN = re.compile(r"\b(?:no|without|negative for|no evidence of|free of)\b", re.I)
_LIST_BREAK_EN = re.compile(r"\b(?:but|however|although|except|which|whereas|with|is|are|was|were|measuring)\b|[;:]"
                            r"|,\s*(?:and\s+)?(?:an?|the|\d)\b", re.I)


Reading = Literal["asserted", "denied", "hedged", "asked"]


def readings(sentence: Sentence, clause: Span, terms: list[Mention],
             language: str) -> list[tuple[Reading, tuple[int, int] | None]]:
    """How CLAUSE states each of its TERMS, with the span of the cue that says so (None for a plain
    assertion). The nearest cue decides: a negation ("no nodule", "未见结节") or an exclusion
    (`_EXCLUSIONS`) before the term reads forward to it, and an exclusion after it ("X cannot be ruled
    out", "X已排除") reads back to the term just before it. Without a cue, an English term is still denied
    by a negation that opens a list ("or", "nor") reaching it (`_list_negation`) or says it is absent right
    after it or after the list of bare terms it opens ("Pneumothorax is absent", "Pneumothorax and pleural
    effusion are absent", "The effusion has resolved": `_trailing_negation_en`), a Chinese one by a negation
    closing the list of terms it opens ("胸腔积液及气胸均未见", "气胸伴胸腔积液未见", "胸腔积液已吸收":
    `_trailing_negation_zh`) or opening the list it is in (`_list_negation_zh`). A question closing the clause
    asks about the terms it ends with, whatever else they stand under (`_asked_at_the_end`)."""
    found = cues(clause, language)
    first_asked, mark = _asked_at_the_end(sentence, clause, terms, language)
    result: list[tuple[Reading, tuple[int, int] | None]] = []
    # `_list_negation_zh`'s answer is the same for each term of CLAUSE: read once, when first asked
    clause_list = cache(lambda: _list_negation_zh(sentence, clause))
    clause_closing = cache(lambda: _closing_negation_zh(sentence, clause))  # likewise, the negation closing CLAUSE
    clause_tails = cache(lambda: _list_tails_zh(sentence, clause, clause_closing()))  # and the list it closes
    for i, term in enumerate(terms):
        if mark is not None and i >= first_asked:
            result.append(("asked", mark))
            continue
        before = [(term.start - end, kind, (start, end)) for start, end, kind in found if end <= term.start]
        bound = terms[i + 1].start if i + 1 < len(terms) else clause.end
        after = [(start - term.end, kind, (start, end)) for start, end, kind in found
                 if term.end <= start < bound and kind in ("hedged", "denied", "unassessed")]
        before = [b for b in before if b[1] != "unassessed"]  # it reads back only
        nearest = min(before + after, default=None)
        if nearest is not None:
            result.append(({"negation": "denied", "unassessed": "asked"}.get(nearest[1], nearest[1]), nearest[2]))
        else:
            if language == "en":
                listed = _list_negation(sentence, term.start) or _trailing_negation_en(sentence, term)
            else:
                listed = _trailing_negation_zh(sentence, clause, term, clause_closing(), clause_tails()) or clause_list()
            result.append(("denied", listed) if listed else ("asserted", None))
    return result


# A finding ending in a question mark asks about it, as one opening with it does ("Appendicitis?", "... consistent
# with pneumonia?", "肺炎？", "考虑阑尾炎？"): the question is about the clause's last term and the terms listed with it
# ("Pneumonia or atelectasis?"), with the place it names after it ("Pneumonia in the right lower lobe?"). A term
# before other words ("Bowel wall thickening - colitis?") is stated, and one followed by other words ("Consolidation,
# clinical correlation?", "Consolidation - clinical correlation?") is no question's: the question is the clinician's.
_QUESTION_MARK = re.compile(r"[?？][\s)）\"”'’」]*$")
_PLACE_WORDS = {"en": re.compile(r"(?:\s+|\b(?:in|of|at|on|within|involving|the|a|an)\b)*", re.I),
                "zh": re.compile(r"\s*")}
_LISTED_WITH = {"en": re.compile(r"(?:\s+|,|/|\b(?:or|and|nor)\b)*", re.I), "zh": re.compile(r"[\s、或及和与]*")}


def _asked_at_the_end(sentence: Sentence, clause: Span, terms: list[Mention],
                      language: str) -> tuple[int, tuple[int, int] | None]:
    """The index of the first of TERMS the question closing CLAUSE asks about (`_QUESTION_MARK`), and the span of
    its mark; (len(TERMS), None) when CLAUSE asks about none of them."""
    mark = _QUESTION_MARK.search(clause.text)
    if not mark or not terms:
        return len(terms), None
    end = clause.start + mark.start()
    after = Span(terms[-1].end, end, sentence.text[terms[-1].end - sentence.start : end - sentence.start])
    place = organs(after, language) + sides(after, language)
    unplaced = "".join(" " if any(m.start <= i < m.end for m in place) else ch
                       for i, ch in enumerate(after.text, after.start))
    if not _PLACE_WORDS[language].fullmatch(unplaced):
        return len(terms), None
    first = len(terms) - 1
    while first > 0 and _LISTED_WITH[language].fullmatch(
            sentence.text[terms[first - 1].end - sentence.start : terms[first].start - sentence.start]):
        first -= 1
    return first, (end, end + 1)


def cues(clause: Span, language: str) -> list[tuple[int, int, str]]:
    """The exclusions (`_EXCLUSIONS`), then the negations outside them, with their absolute spans; each
    claims its words first, after a denied management (`_MANAGEMENT_DENIED`) or quality (`_QUALITY_DENIED`), which are
    no cue. A negation reads forward: "结节消失" denies no nodule written after it (only one closing a list of terms reads back to
    them: `_trailing_negation_en`, `_trailing_negation_zh`)."""
    negation = _NEGATION_EN if language == "en" else _NEGATION_ZH
    claimed: list[tuple[int, int, str]] = []
    quality = [("quality", _QUALITY_DENIED[language])] if language in _QUALITY_DENIED else []
    for kind, pattern in [("management", _MANAGEMENT_DENIED[language]), *quality, ("unassessed", _UNASSESSED[language]),
                          *_EXCLUSIONS[language], ("negation", negation)]:
        for m in pattern.finditer(clause.text):
            if not any(a < m.end() and m.start() < b for a, b, _ in claimed):
                claimed.append((m.start(), m.end(), kind))
    return sorted((clause.start + a, clause.start + b, kind) for a, b, kind in claimed
                  if kind not in ("management", "quality"))


def _list_negation(sentence: Sentence, position: int) -> tuple[int, int] | None:
    """The span of a negation opening the sentence whose list ("or", "nor") reaches POSITION without a
    "but", or whose term "with" joins to the one at POSITION ("No pneumothorax with pleural effusion", "no
    nodule with calcification": read as "no X and no Y" or as "no X that has Y", Y is stated nowhere; after
    a comma, "No pneumothorax, with a small effusion" states it); None when there is none."""
    before = sentence.text[: position - sentence.start]
    managed = [m.span() for m in _MANAGEMENT_DENIED["en"].finditer(before)]  # "no further imaging ..." opens no list
    cues = [c for c in _LIST_NEGATION_EN.finditer(before) if not any(a <= c.start() < b for a, b in managed)]
    if not cues:
        return None
    scope = sentence.text[cues[-1].end() :]
    between = before[cues[-1].end() :]
    found = sentence.start + cues[-1].start(), sentence.start + cues[-1].end()
    if re.search(r"\b(?:or|nor)\b", scope, re.I) and not _LIST_BREAK_EN.search(between):
        return found
    joined = Span(found[1], position, between)
    if re.search(r"\bwith\b", between, re.I) and "," not in between and _bare_item(joined, "en"):
        return found
    return None


# An English term may be said to be absent after it: "Pneumothorax is absent", "Free air is not seen", "The segment VIII
# lesion is no longer seen" (gone since the prior study),
# "Pleural effusion: none" or "Pleural effusion - none seen" (a label and its answer, after a colon or a dash),
# "The effusion has resolved" or, tersely, "Splenomegaly resolved" (it was there and is gone). Only a verb of
# finding (seen, present, identified, ...) closing its clause denies the term: "The nodule is not significantly changed" denies a change, "The mass is
# not well seen on this study" says the study shows it poorly, "The nodule was not seen on the prior study" calls
# it new, "Nodule: none larger than 4 mm" speaks of size (smaller ones are there), and "The effusion has
# partially resolved" (or decreased) leaves some of it. Said after a list of bare terms ("Pneumothorax and pleural
# effusion are absent"), it denies each of them, as "胸腔积液及气胸均未见" does. A finding gone may still be compared
# with the study it was on: "The effusion has resolved since the prior study", "Pneumothorax is absent compared
# with the previous CT"; "from" says so after "resolved" alone, where "absent from the prior study" says that
# study lacked it.
# A side after the negation says which side is free of the finding ("Pleural effusion: none seen on the left"): a
# denial still, of that side's finding (`entities`), where "Pleural effusion: small on the left" gives its size.
_SIDE_ONLY_EN = re.compile(r"(?:\s+(?:on\s+(?:the\s+)?(?:left|right)(?:\s+side)?|bilaterally|on\s+(?:both|either)\s+sides?))?"
                           r"[\s.;]*", re.I)
_FOUND_EN = r"(?:seen|present|identified|demonstrated|visuali[sz]ed|evident|detected|appreciated|noted)"
_PRIOR_STUDY_EN = r"\s+(?:the\s+)?(?:prior|previous|preceding|last)\s+(?:study|exam(?:ination)?|scan|CT|imaging)\b"
_TRAILING_NEGATION_EN = re.compile(
    r"(?:\s+(?:is|are|was|were)\s+|\s*:\s*|\s+-\s*|\s*[–—]\s*|\s+(?:(?:has|have)\s+)?(?=(?:completely\s+)?resolved))"
    rf"(?P<cue>absent|none(?:\s+{_FOUND_EN})?|(?:completely\s+)?resolved|not\s+{_FOUND_EN}|no\s+longer\s+(?:{_FOUND_EN}|visible))\b"
    r"(?:(?:(?:(?<=resolved)|(?<=absent))\s+(?:since|compared\s+(?:with|to)|relative\s+to)|(?<=resolved)\s+from)"
    + _PRIOR_STUDY_EN + ")?", re.I)


# The indefinite article opening a subject with no comma in it: "A nodule with calcification is not seen" denies a
# nodule, where in "A right upper lobe nodule, and pleural effusions are not identified" it opens a statement of its own.
_ARTICLE_EN = re.compile(r"\s*(?:an?\b)?", re.I)


def _trailing_negation_en(sentence: Sentence, term: Mention) -> tuple[int, int] | None:
    """The span of the negation that closes TERM's clause right after TERM, or after the list of bare terms
    (`_bare_item`) TERM's clause opens; None when there is none. "With" joins its term to that list as "伴" does
    in Chinese (`_LIST_JOINER`), but it joins a placed term too: "(A) right upper lobe nodule with calcification is
    not seen" denies both. English has no topic a comment follows, as "右肺结节伴钙化未见" has (`_trailing_negation_zh`):
    "with" binds the calcification into the noun phrase the verb "is not seen" agrees with, and a radiologist
    describing the nodule without it writes "without calcification" or "no calcification in the nodule"."""
    found = _TRAILING_NEGATION_EN.search(sentence.text, term.end - sentence.start)
    if not found:
        return None
    start, end = sentence.start + found.start("cue"), sentence.start + found.end("cue")
    clauses = sentence.clauses()
    if sentence.start + found.start() > term.end:  # a list: "Pneumothorax and pleural effusion are absent"
        opening = next(c for c in clauses if c.start <= term.start < c.end)
        begin = opening.start
        if "," not in sentence.text[begin - sentence.start : found.start()]:  # one subject, its article its own
            begin += _ARTICLE_EN.match(opening.text).end()
        listed = sentence.text[begin - sentence.start : found.start()]
        if not _bare_item(Span(begin, sentence.start + found.start(), listed), "en", sided=True):
            return None
    clause = next(c for c in clauses if c.start <= start < c.end)
    rest = sentence.text[found.end() : clause.end - sentence.start]
    return (start, end) if _SIDE_ONLY_EN.fullmatch(rest) else None


# A Chinese negation may also follow its terms and close their clause: "气胸未见", "胸腔积液及气胸均未见",
# "淋巴结肿大不明显", "胸腔积液已吸收" (it was there and is gone), with at most a degree word after it ("未见明确").
# Followed by anything else it is about that: in "结节未见明显变化" (or 增大, 缩小) the change is denied and the
# nodule stays; "部分吸收", "较前吸收", "未完全吸收" leave some of the finding. A finding gone may be compared with the
# study it was on, before or after the words saying so: "胸腔积液较前已吸收", "气胸消失（与前片比较）".
_PRIOR_STUDY_ZH = r"(?:较前[片次]?|与前(?:片|次(?:检查|CT)?)?(?:比较|相比|对比))"
_GONE_ZH = r"(?:已经?)?(?:完全)?(?:吸收)?消失|已经?(?:完全)?吸收|完全吸收"
_TRAILING_NEGATION_ZH = re.compile(rf"(?:{_PRIOR_STUDY_ZH}\s*(?=(?:[均亦也都皆]\s*)?(?:{_GONE_ZH})))?(?:[均亦也都皆]\s*)?"
                                   rf"(?:现|目前|本次)?(?P<cue>未见|未发现|未显示|不明显|{_GONE_ZH})(?:明确|明显|确切)?(?:显示)?"
                                   rf"(?:(?<=[消吸][失收])\s*[（(]{_PRIOR_STUDY_ZH}[)）])?[\s。.；;]*(?P<aside>[)）])?[\s。.；;]*$")


# A bracketed aside after the terms ("肿大淋巴结（前片约1.2cm）现未显示": its size on the prior) is no word of the list:
# the closing negation reaches over it.
_ASIDE_ZH = re.compile(r"[（(][^（）()]{0,30}[)）]")


def _closing_negation_zh(sentence: Sentence, clause: Span) -> tuple[Span, re.Match] | None:
    """The clause closing CLAUSE's list, CLAUSE or one of those "伴" joins to it ("气胸伴胸腔积液未见"), with the negation
    (`_TRAILING_NEGATION_ZH`) closing it; None when there is none. It is the same for each term of CLAUSE, which
    `readings` asks once (each term searching the whole clause again took time growing with the square of a list)."""
    clauses = sentence.clauses()
    last = next(i for i, c in enumerate(clauses) if c.start == clause.start)
    while not (found := _TRAILING_NEGATION_ZH.search(clauses[last].text)):
        if last + 1 == len(clauses) or _joiner(sentence, clauses, last + 1) != "伴":
            return None
        last += 1
    return clauses[last], found


def _trailing_negation_zh(sentence: Sentence, clause: Span, term: Mention,
                          closing_negation: tuple[Span, re.Match] | None,
                          list_tails: _ListTailsZh | None) -> tuple[int, int] | None:
    """The span of the negation closing a list of bare terms (`_bare_item`) that opens with TERM, in CLAUSE or
    over the clauses "伴" joins to it ("气胸伴胸腔积液未见": CLOSING_NEGATION, `_closing_negation_zh`, with the list before it
    read once, LIST_TAILS); None when there is none. A term placed (`_located`) and followed by "伴" is a lesion seen, and the negation denies only what "伴" adds to
    it: "右肺结节伴钙化未见" is a nodule without calcification (a radiologist denying both would not say where the nodule
    is)."""
    after = sentence.text[term.end - sentence.start :]
    if re.match(rf"(?:{_ASIDE_ZH.pattern})?伴", after) and _located(sentence, clause, term):
        return None
    if closing_negation is None:
        return None
    closing, found = closing_negation
    end = closing.start + found.start()
    if end < term.end or found.group("aside") and not _opens_an_aside(sentence.text[: term.start - sentence.start]):
        return None
    named = list_tails.bare(sentence, term.start, end)
    return (closing.start + found.start("cue"), closing.start + found.end("cue")) if named else None


def _blank_asides(text: str) -> str:
    """TEXT with each aside (`_ASIDE_ZH`) written as spaces: no word of a list."""
    return _ASIDE_ZH.sub(lambda m: " " * len(m.group(0)), text)


def _list_tails_zh(sentence: Sentence, clause: Span, closing_negation: tuple[Span, re.Match] | None) -> _ListTailsZh | None:
    """The list from CLAUSE's start to the negation closing it (`_closing_negation_zh`), read once (`_ListTailsZh`)."""
    if closing_negation is None:
        return None
    closing, found = closing_negation
    end = max(clause.start, closing.start + found.start())
    return _ListTailsZh(Span(clause.start, end, _blank_asides(sentence.text[clause.start - sentence.start :
                                                                             end - sentence.start])))


def _opens_an_aside(before: str) -> bool:
    """Whether a bracket left open in BEFORE holds the term after it: a negation closing the bracket ("Lung-RADS 1类
    （前片微结节已吸收）") then denies the term inside it, where "右肺结节（前片未见）" calls a nodule seen now new."""
    return max(before.rfind("（"), before.rfind("(")) > max(before.rfind("）"), before.rfind(")"))


def _located(sentence: Sentence, clause: Span, term: Mention) -> bool:
    """CLAUSE says where TERM lies before it: a side word, or an organ word other than the finding's usual organ
    ("右肺结节", "右侧气胸", "肝脏囊肿"), not the organ word of its name alone ("胸腔积液")."""
    before = Span(clause.start, term.start, sentence.text[clause.start - sentence.start : term.start - sentence.start])
    usual = findings()["findings"][term.key].get("organ")
    return bool(sides(before, "zh")) or any(m.key != usual for m in organs(before, "zh"))


# A Chinese negation covers the comma list closed by "或" that it opens: "未见气胸，胸腔积液或实变". A comma
# also separates statements ("未见气胸，右肺上叶见结节"), so only a clause the negation can govern as an item
# carries it on: bare finding terms with the organ words naming them, joined by "、", "或", "及", "和", "与"
# (no verb, side, size or other word of a statement of its own), after a clause ending in its denied term.
# "伴" right after the denied term joins what would come with it, denied with it without "或": "未见明显气胸伴胸腔积液"
# says neither is there (a radiologist reporting the effusion would not write it under "未见").
_LIST_SEPARATOR_ZH = re.compile(r"\s*(?:[,，]\s*)?伴?\s*")


def _joiner(sentence: Sentence, clauses: list[Span], i: int) -> str | None:
    """What joins clause I of SENTENCE's CLAUSES to the one before it, when a list carries over it ("，", "伴")."""
    between = sentence.text[clauses[i - 1].end - sentence.start : clauses[i].start - sentence.start]
    return between.strip() if _LIST_SEPARATOR_ZH.fullmatch(between) and between.strip() else None


def _list_negation_zh(sentence: Sentence, clause: Span) -> tuple[int, int] | None:
    """The span of the negation whose list (`_LIST_JOINER`) reaches CLAUSE; None when there is none."""
    at = next(i for i, c in enumerate(sentence.clauses()) if c.start == clause.start)
    return _list_negations_zh(sentence)[at]


@remembered(lambda sentence: (sentence.start, sentence.text))
def _list_negations_zh(sentence: Sentence) -> list[tuple[int, int] | None]:
    """`_list_negation_zh` of each clause of SENTENCE, in order. A list runs over bare clauses (`_bare_item`) each joined
    to the one before (`_joiner`), and every clause of such a run has the answer of the run: each run is read once, where
    each clause read its neighbours again back and forth (time growing with the square of a sentence of comma clauses)."""
    clauses = sentence.clauses()
    bare = [_bare_item(c, "zh") for c in clauses]
    joined = [i > 0 and _joiner(sentence, clauses, i) for i in range(len(clauses))]
    answers: list[tuple[int, int] | None] = [None] * len(clauses)
    first = 0
    while first < len(clauses):
        if not bare[first]:
            first += 1
            continue
        last = first
        while last + 1 < len(clauses) and bare[last + 1] and joined[last + 1]:
            last += 1
        answers[first : last + 1] = [_run_negation_zh(sentence, clauses, first, last, joined)] * (last + 1 - first)
        first = last + 1
    return answers


def _run_negation_zh(sentence: Sentence, clauses: list[Span], first: int, last: int,
                     joined: list[str | None]) -> tuple[int, int] | None:
    """The span of the negation opening the list of bare clauses FIRST to LAST of SENTENCE's CLAUSES (JOINED: what joins
    each to the one before, `_joiner`), in the clause before them; None when there is none."""
    if first == 0 or not joined[first]:
        return None  # no clause before the list, or one joined to it by "但", "并", ...
    if not (any("或" in c.text for c in clauses[first : last + 1])
            or all(joined[i] == "伴" for i in range(first, last + 1))):
        return None
    opening = clauses[first - 1]  # its last cue must be a negation of the term that ends it: "未见气胸"
    terms, found = finding_terms(opening, "zh"), cues(opening, "zh")
    if not terms or not found or opening.text[terms[-1].end - opening.start:].strip():
        return None
    start, end, kind = found[-1]
    return (start, end) if kind == "negation" and end <= terms[-1].start else None


# What may join the bare terms of a list (`_bare_item`): "伴" only inside a span running over the clauses it joins
# (`_trailing_negation_zh`), as its English twin "with" ("Nodule with calcification is not seen"); in English also
# "the" ("Pneumothorax and the effusion are absent"), where an indefinite article or a number opens a statement of
# its own ("A nodule, and effusions are not seen").
_LIST_JOINER = {"en": re.compile(r"\b(?:and|or|nor|the|with)\b|[,/\s]", re.I),
                "zh": re.compile(r"或者|以及|[、或及和与伴\s。.；;]")}


# An item of a list the lexicon has no word for ("空洞" in "结节伴钙化及空洞未见", "fistula" in "Pneumothorax and
# fistula are not seen"): words alone, between the separators of list items, without a side, organ or term.
_ITEM_SEPARATOR = {"en": re.compile(r"\b(?:and|or|nor|with)\b|[,/]", re.I), "zh": re.compile(r"或者|以及|[、或及和与伴]")}
_UNKNOWN_ITEM = {"en": re.compile(r"\s*(?:the\s+)?[a-z][a-z\s-]*", re.I),
                 "zh": re.compile(r"\s*[\u4e00-\u9fff]{1,6}[\s。.；;]*")}


def _bare_item(span: Span, language: str, sided: bool = False) -> bool:
    """SPAN is only finding terms, the organ words naming them and list joiners ("胸腔积液或实变", "pneumothorax
    and pleural effusion"), and maybe items the lexicon does not know (`_UNKNOWN_ITEM`): a word it lacks carries
    the list on ("结节伴钙化及空洞未见" denies both terms) as a known one would. SIDED: a side word naming a term
    (`_naming_sides`) is part of the term, as in the list a negation closes ("Right pneumothorax and pleural effusion
    are absent", "气胸及右侧胸腔积液均未见"); a side opening a clause a comma starts may open a statement of its own
    ("未见气胸，双侧胸腔积液或实变")."""
    terms, _, items = _list_items(span, language, sided)
    return all(bare for _, bare in items) and bool(terms)


def _list_items(span: Span, language: str, sided: bool) -> tuple[list[Mention], tuple[list[int], list[int]],
                                                                      list[tuple[int, bool]]]:
    """SPAN read as `_bare_item` reads it: its finding terms, the stretches its words and sides cover (`_covered`), and
    each item between its separators, by where it starts, with whether it is bare."""
    terms = finding_terms(span, language)
    words = terms + organs(span, language)
    if sided:
        words += _naming_sides(span, language, words)
    named, marked = _covered(words), _covered(words + sides(span, language))
    cuts = [m.span() for m in _ITEM_SEPARATOR[language].finditer(span.text)
            if not _meets(named, span.start + m.start(), span.start + m.end())]
    items = []
    for a, b in zip([0] + [end for _, end in cuts], [start for start, _ in cuts] + [len(span.text)]):
        unknown = (_UNKNOWN_ITEM[language].fullmatch(span.text[a:b])
                   and not _meets(marked, span.start + a, span.start + b))
        items.append((span.start + a, bool(unknown) or not _LIST_JOINER[language].sub("", _unnamed(
            Span(span.start + a, span.start + b, span.text[a:b]), _within(named, span.start + a, span.start + b)))))
    return terms, marked, items


# No word the lexicons, the dictionary or the slips know holds a "、", and no reading of a word looks across one further
# than "椎体、附件" (the spine's) does, but a lymph node's station words (`_stations`: "纵隔、肺门淋巴结"), which cover it: a
# "、" no word covers cuts a list into stretches each read alike whatever the text before it, once past this reach.
_LIST_STOP_ZH = "、"
_LIST_STOP_REACH_ZH = 3


class _ListTailsZh:
    """The items of a Chinese list read once for all the lists ending with it: the list from each term of a clause to the
    negation closing it (`_trailing_negation_zh`) is read up to the first "、" past the term by `_LIST_STOP_REACH_ZH` that
    no word covers (`_LIST_STOP_ZH`), and after it as in the longest such list, LISTED. Each term reading all of its list
    again took time growing with the square of a long list (with the cube while a fluid's place was searched for in all
    of the text before it)."""

    def __init__(self, listed: Span):
        terms, marked, items = _list_items(listed, "zh", sided=True)
        self.stops = [listed.start + i for i, ch in enumerate(listed.text) if ch == _LIST_STOP_ZH
                      and not _meets(marked, listed.start + i, listed.start + i + 1)]
        # for each stop, whether every item after it is bare, and whether a term stands after it
        self.bare_after, self.named_after = [], []
        bare, named, at = True, False, len(items)
        term_starts = [t.start for t in terms]
        for stop in reversed(self.stops):
            while at > 0 and items[at - 1][0] > stop:
                at -= 1
                bare = bare and items[at][1]
            self.bare_after.append(bare)
            self.named_after.append(bisect_right(term_starts, stop) < len(term_starts))
        self.bare_after.reverse()
        self.named_after.reverse()

    def bare(self, sentence: Sentence, start: int, end: int) -> bool:
        """`_bare_item` of the list of SENTENCE from START to END (a negation closing LISTED), asides blanked, sided."""
        k = bisect_left(self.stops, start + _LIST_STOP_REACH_ZH)
        head_end = self.stops[k] + 1 if k < len(self.stops) and self.stops[k] < end else end
        head = Span(start, head_end, _blank_asides(sentence.text[start - sentence.start : head_end - sentence.start]))
        if head_end == end:
            return _bare_item(head, "zh", sided=True)
        terms, _, items = _list_items(head, "zh", sided=True)
        return all(bare for _, bare in items) and self.bare_after[k] and (bool(terms) or self.named_after[k])


def _covered(marks: list[Mention]) -> tuple[list[int], list[int]]:
    """The stretches of text MARKS cover, overlapping ones merged, in order: (their starts, their ends). `_bare_item`
    tells a separator or an item apart from the words of a list by them, in a look-up each rather than a test against
    every word (which took time growing with the cube of a long list's length)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(marks, key=lambda m: m.start):
        if starts and m.start < ends[-1]:
            ends[-1] = max(ends[-1], m.end)
        else:
            starts.append(m.start)
            ends.append(m.end)
    return starts, ends


def _meets(covered: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """A stretch of COVERED (`_covered`) and the text from START to END share a character (an empty text: it falls
    inside a stretch), as a mention covering it would."""
    starts, ends = covered
    at = bisect_right(ends, start)
    return at < len(starts) and starts[at] < end


def _within(covered: tuple[list[int], list[int]], start: int, end: int) -> list[Mention]:
    """The stretches of COVERED (`_covered`) meeting the text from START to END, as mentions: what `_unnamed` leaves out of
    it."""
    starts, ends = covered
    return [Mention("", starts[i], ends[i]) for i in range(bisect_right(ends, start), bisect_left(starts, end))]


# What joins a side word to the term or organ word it names: "Right pneumothorax", "right-sided effusion", "右侧气胸".
_SIDE_TO_NAMED = {"en": re.compile(r"(?:-sided)?\s*", re.I), "zh": re.compile(r"侧?\s*")}


def _naming_sides(span: Span, language: str, words: list[Mention]) -> list[Mention]:
    """The side words of SPAN naming one of WORDS (finding terms, organ words) right after them, or a side word
    that does ("左右两侧胸腔积液"), each with what joins it to the word it names."""
    starts = {m.start for m in words}
    found = []
    for side in reversed(sides(span, language)):
        end = span.start + _SIDE_TO_NAMED[language].match(span.text, side.end - span.start).end()
        if end in starts:
            found.append(Mention(side.key, side.start, end))
            starts.add(side.start)
    return found


# The background of an organ ("background liver normal", "背景肝实质未见异常") is the organ apart from its lesions; a
# disease as the background ("肝硬化背景", "on a background of cirrhosis") is the whole organ.
_ABOUT_THE_REST = {"en": re.compile(
                       r"\b(?:otherwise|remainder|remaining|rest of|other|elsewhere|background(?=\s+(?!of\b)[a-z]))\b",
                       re.I),
                   "zh": re.compile(r"余|其他|另|背景(?=[\u4e00-\u9fff])(?!下)")}


def about_the_rest(span: Span, language: str) -> bool:
    """"The remaining vertebrae are intact", "No free gas elsewhere", "余肠管未见扩张", "Background liver normal": a
    statement about everything else, not the site of the finding described beside it."""
    return bool(_ABOUT_THE_REST[language].search(span.text))


# A denial narrowed by a quality ("no new nodule", "no suspicious lesion", "no solid nodule", "未见新发结节") leaves
# room for the finding without that quality (a stable nodule, a simple cyst, a ground-glass nodule) and contradicts none;
# so does one of viable tumour ("no viable tumour", "未见活性肿瘤", LI-RADS treatment response) beside the lesion an
# ablation or TACE has treated, which is still there, filled with lipiodol, and one narrowed to the side relative to a
# tumour ("no contralateral hilar adenopathy", "对侧未见肿大淋巴结"): it says nothing of the ipsilateral nodes that stage
# the tumour N2.
_QUALIFIER = {
    "en": re.compile(r"\b(?:new|newly|acute|suspicious|enlarging|growing|additional|further|discrete|definite|"
                     r"aggressive|destructive|drainable|displaced|significant|worrisome|concerning|measurable|"
                     r"recurrent|interval|solid|viable|contralateral|ipsilateral)\b", re.I),
    "zh": re.compile(r"新发|新的|新增|新出现|可疑|急性|进一步|实性|(?<!无)活性|存活|对侧|同侧"),
}


def qualified_denial(entity: Entity, language: str) -> bool:
    return denial_qualifier(entity, language) is not None


# A denial limited to the levels the study resolves ("No pulmonary embolism to the segmental level",
# "未见肺段以上肺动脉栓塞") leaves the finding open below them.
_LEVEL_LIMIT = {
    "en": re.compile(r"^[^.;,]{0,30}?\b(?P<limit>(?:to|at|down to|as far as)\s+the\s+(?:(?:main|lobar|segmental|"
                     r"sub-?segmental)(?:\s+(?:or|and)\s+)?)+\s+(?:level|arteries))", re.I),
    "zh": re.compile(r"[段叶]以上|[段叶]及以上"),
}


def denial_qualifier(entity: Entity, language: str) -> str | None:
    """The qualifying word between a denial and its term ("new" in "no new nodule"), or the level the
    denial is limited to after or before its term ("to the segmental level"), if any."""
    if not entity.negated:
        return None
    clause = entity.clause
    before = entity.sentence.text[clause.start - entity.sentence.start : entity.start - entity.sentence.start]
    after = entity.sentence.text[entity.end - entity.sentence.start : clause.end - entity.sentence.start]
    found = _QUALIFIER[language].search(before[-40:])
    level = _LEVEL_LIMIT[language].search(after if language == "en" else before[-20:])
    return found.group(0).lower() if found else level.group(level.lastgroup or 0).lower() if level else None


# Words that leave a finding's presence open ("possible nodule", "questionable fracture", "疑似结节", "结节可能",
# "hilar lymphadenopathy cannot be separated from vessels" without contrast), as a hedged exclusion does ("cannot be
# excluded", "待排": `Entity.hedged`).
_DOUBT = {
    "en": re.compile(r"\b(questionable|possible|possibly|may represent|might represent|equivocal|"
                     r"cannot be (?:separated|distinguished|differentiated))\b", re.I),
    "zh": re.compile(r"疑似|可能|(?:无法|不能|难以)(?:与.{0,8})?区分"),
}


def doubted(span: Span, language: str) -> bool:
    return bool(_DOUBT[language].search(span.text))


def states_normal(span: Span, language: str) -> bool:
    pattern = _NORMAL_EN if language == "en" else _NORMAL_ZH
    return bool(pattern.search(span.text))


# Words naming a body region (anatomy.json's regions) rather than an organ: "no thoracic metastases",
# "Upper abdomen: no abnormality", "胸部CT平扫未见明显异常". A region may also be the organ's own word
# ("pulmonary", "brain"); the callers look for organs first.
_REGION_WORDS = {
    "en": [(re.compile(r"\b(?:thoracic|intrathoracic|chest|thorax|pulmonary)\b", re.I), {"chest"}),
           (re.compile(r"\b(?:abdominal|intra-?abdominal|abdominopelvic|abdomen)\b", re.I), {"abdomen", "pelvis"}),
           (re.compile(r"\b(?:pelvic|pelvis)\b", re.I), {"pelvis"}),
           (re.compile(r"\b(?:intracranial|cerebral|brain)\b", re.I), {"head"}),
           (re.compile(r"\b(?:osseous|bony|skeletal)\b", re.I), {"spine", "any"})],
    "zh": [(re.compile(r"胸部|胸内|肺内"), {"chest"}), (re.compile(r"腹部|腹腔内|腹盆腔"), {"abdomen", "pelvis"}),
           (re.compile(r"盆腔"), {"pelvis"}), (re.compile(r"颅内|头颅"), {"head"}),
           (re.compile(r"骨质|骨骼"), {"spine", "any"})],
}


def named_regions(span: Span, language: str) -> set[str]:
    return set().union(*(regions for pattern, regions in _REGION_WORDS[language] if pattern.search(span.text)))


def every_region() -> set[str]:
    return {organ["region"] for organ in anatomy().values()}


# What a statement about the study, or a body region of it, says besides its normal phrase and region
# words: "No abnormality detected", "Unremarkable examination of the abdomen", "上腹部扫描范围内未见明显异常".
_STUDY_WORDS = {
    "en": re.compile(r"\b(?:the|a|an|of|in|on|and|is|are|was|were|this|entire|whole|study|examination|exam|scan|ct|"
                     r"images?|imaged|visuali[sz]ed|portions?|upper|lower|findings?|detected|seen|identified|"
                     r"demonstrated|noted)\b", re.I),
    "zh": re.compile(r"本次|此次|检查|扫描|平扫|增强|CT|所见|所示|示|范围内|上|下", re.I),
}


def regions_called_normal(span: Span, language: str, heading: Span | None = None) -> set[str]:
    """The body regions a normal statement about no organ covers: the ones it names ("Upper abdomen: no
    abnormality"), or all of them (`every_region`) when it names only the study ("No abnormality
    detected"; "胸部CT平扫未见明显异常" names the chest). Empty for any other statement: one naming an organ
    or a finding is about that (`named_sites`, "No focal lesion"), one about the rest ("Otherwise
    unremarkable", "余未见异常") or narrowed by a quality ("未见急性异常") leaves room for an abnormality,
    and one with any other word is about a structure the lexicon does not know ("Posterior elements
    intact", "左叶未见异常"): none of these calls a whole region normal. HEADING, the sub-heading the
    statement stands under on a line of its own, is its subject as well: "Liver:" makes a "Normal." about
    the liver, "CHEST:" about the chest."""
    titled = heading or Span(0, 0, "")
    if (not states_normal(span, language) or organs(span, language) or finding_terms(span, language)
            or about_the_rest(span, language) or _QUALIFIER[language].search(span.text)
            or organs(titled, language) or about_the_rest(titled, language)):
        return set()
    rest = span.text
    for pattern in (_NORMAL_EN if language == "en" else _NORMAL_ZH, *(p for p, _ in _REGION_WORDS[language]),
                    _STUDY_WORDS[language]):
        rest = pattern.sub(" ", rest)
    if re.search(r"[^\W\d_]", rest):  # a word left over
        return set()
    return named_regions(span, language) | named_regions(titled, language) or every_region()


def sizes(span: Span) -> list[Size]:
    found = []
    for match in _SIZE.finditer(span.text):
        factor = 10.0 if match.group("unit") in ("cm", "厘米") else 1.0
        dims = []
        for piece in re.split(r"[x×X*]", match.group("dims")):
            number = _DIM.search(piece)
            unit_here = re.search(r"mm|cm|毫米|厘米", piece)
            piece_factor = (10.0 if unit_here.group(0) in ("cm", "厘米") else 1.0) if unit_here else factor
            if number:
                dims.append(float(number.group(0)) * piece_factor)
        if not dims:
            continue
        start, least = match.start(), None
        low = (_since_the_joiner_before(_RANGE_LOW, span.text[: match.start()], _RANGE_DASHES)
               or _range_from(span.text[: match.start()], span.text)
               if len(dims) == 1 else None)
        if low:
            unit = low.group("unit") or match.group("unit")
            value = float(low.group("low")) * (10.0 if unit in ("cm", "厘米") else 1.0)
            if value < dims[0]:
                start, least = low.start("range"), value
                found = [s for s in found if s.start < span.start + start]  # its low end, when written with a unit
        found.append(Size(max(dims), tuple(dims), span.start + start, span.start + match.end(), least))
    return found


def _range_from(before: str, text: str) -> re.Match | None:
    match = _since_the_joiner_before(_RANGE_FROM, before, _RANGE_TOS)
    if match and match.group("zh") and re.search(f"{CHANGE_WORDS['zh']['up']}|{CHANGE_WORDS['zh']['down']}", text):
        return None
    return match


# The words joining a range's low end to its size (`_RANGE_LOW`, `_RANGE_FROM`), in every case they are written in.
_RANGE_DASHES = ("-", "~", "～", "–")
_RANGE_TOS = ("to", "TO", "To", "tO", "至", "到")


def _since_the_joiner_before(pattern: re.Pattern, before: str, joiners: tuple[str, ...]) -> re.Match | None:
    """`PATTERN.search(BEFORE)` for a range's low end written right before a size, with its joiner, one of JOINERS, last
    (after spaces, and a "约" after "至"): sought only when BEFORE ends so, and only after the joiner before that one,
    which no match can hold. Searching the whole sentence before each size took time growing with the square of a
    sentence of many sizes."""
    tail = before.rstrip().removesuffix("约")
    last = next((len(tail) - len(joiner) for joiner in joiners if tail.endswith(joiner)), None)
    if last is None:
        return None
    return pattern.search(before, max(tail.rfind(joiner, 0, last) for joiner in joiners) + 1)


_PERCENT = re.compile(rf"({_NUMBER})\s*%")


def percents(span: Span) -> list[tuple[float, int, int]]:
    return [(float(m.group(1)), span.start + m.start(), span.start + m.end()) for m in _PERCENT.finditer(span.text)]


# An angle: "Böhler angle 6 degrees", "kyphosis 18°", "瘤颈成角45°", "成角约30度".
_ANGLE = re.compile(rf"({_NUMBER})\s*(?:°|º|degrees?\b|度)")


def angles(span: Span) -> list[tuple[float, int, int]]:
    return [(float(m.group(1)), span.start + m.start(), span.start + m.end()) for m in _ANGLE.finditer(span.text)]


def hounsfield(span: Span) -> list[tuple[float, int, int]]:
    return [
        (float(m.group("value").replace(" ", "")), span.start + m.start(), span.start + m.end())
        for m in _HU.finditer(span.text)
    ]


# A range of grades hyphenated into one word ("moderate-to-large", "mild-or-moderate") is the range written out: its words
# are the grades, as in "moderate to large".
_HYPHENATED_RANGE = re.compile(r"-(to|or)-", re.I)


def severity(span: Span, language: str) -> int | None:
    """The gravest grade SPAN gives (a range "moderate to large" is as grave as its upper end)."""
    table = findings()["severity"][language]
    text = _HYPHENATED_RANGE.sub(r" \1 ", span.text)
    grades = [table[word.lower()] for word, _, _ in word_matcher("severity", language).find(text)]
    return max(grades) if grades else None


def count(span: Span, language: str) -> int | None:
    table = findings()["counts"][language]
    values = [table[word.lower()] for word, _, _ in word_matcher("counts", language).find(span.text)]
    return values[0] if values else None


def _nearest_before(items: list[Mention], position: int) -> Mention | None:
    before = [m for m in items if m.end <= position]
    return before[-1] if before else None


# An organ named as a finding's neighbour: "haematoma anterior to the bladder", "collection displacing the
# kidney", "膀胱前方血肿". The finding is beside that organ, not in it. "周围" is not one: "肾周围血肿" and
# "胰腺周围渗出" are the perirenal and peripancreatic spaces, which belong to their organ's disease. Nor is an
# organ giving the level a finding of another organ starts or stops at: "aneurysm beginning below the renal
# arteries", "thrombus at the level of the renal arteries" are the aorta's ("肾动脉水平" is `_landmark`).
_NEIGHBOUR_BEFORE = re.compile(r"\b(?:(?:anterior|posterior|superior|inferior|lateral|medial|adjacent|next|close)\s+to|"
                               r"below|above|(?:distal|proximal)\s+to|(?:at|to)\s+the\s+level\s+of|"
                               r"abutting|displacing|displaced\s+by|compressing|compressed\s+by|indenting)\s+"
                               r"(?:the\s+)?(?:(?:left|right)\s+)?$", re.I)
_NEIGHBOUR_AFTER = re.compile(r"^(?:旁|前方|后方|受推?压)")
# So is an organ said to be pushed aside by it: "Bladder displaced to the left by haematoma", whose side word gives the
# way it was pushed, not the finding's side (`_pushed_ways`).
_DISPLACED_BY = re.compile(r"^\s+(?:is\s+|are\s+)?(?:displaced|compressed|deviated|pushed|indented|effaced)\b"
                           r"[^.;,]{0,30}?\bby\b", re.I)
# Chinese names what a mass pushes or wraps after the verb, as English does: "肿块推压胰尾及脾静脉", "包绕右肾动脉",
# "压迫下腔静脉"; the organ pushed ("右肾受推压") is named before "受压". After the verb, a list's earlier items and a
# side may stand before the organ (`_CUE_TO_ORGAN_ZH`).
_CUE_TO_ORGAN_ZH = r"(?:[^，。；,;]{0,8}?[及和、与])?(?:左|右|双)?侧?$"
_NEIGHBOUR_BEFORE_ZH = re.compile(rf"(?:推压|推移|压迫|挤压|推挤|包绕){_CUE_TO_ORGAN_ZH}")
# One a mass lies against is named after 紧邻, 毗邻 or 贴近 ("左肾囊肿紧邻脾脏"), as English writes "abutting"; not after
# 邻近, which is as often the adjective "adjacent" of the organ the finding lies in ("邻近肝实质一过性强化"). Read only
# for the organ owning a wall (`neighbour`'s LYING_AGAINST): elsewhere the organ before 紧邻 may be the finding's
# neighbour as much as the organ after it ("右肺上叶紧邻胸膜见一实性结节": the nodule is the lobe's).
_LYING_AGAINST_ZH = re.compile(rf"(?:紧邻|毗邻|贴近){_CUE_TO_ORGAN_ZH}")


# The finding may push the organ as the subject of the verb too: "haematoma in the space of Retzius displacing the bladder
# to the left", "mass pushing the trachea rightwards": the side after the organ is the way it goes (`_DISPLACING_TO`).
_DISPLACING = re.compile(r"\b(?:displacing|pushing|deviating|shifting)\s+(?:the\s+)?$", re.I)
_DISPLACING_TO = re.compile(r"^\s+(?:to(?:wards?)?\s+the\s+(?:left|right)|(?:left|right)wards?)\b", re.I)
# The cue stands right before the organ ("displacing the ", 16 characters): it is sought only in so many characters before
# each organ, so a long sentence is not read again from its start for every organ it names.
_DISPLACING_REACH = 30


def _pushed_ways(sentence: Sentence, language: str) -> list[tuple[int, int]]:
    """The spans of SENTENCE saying which way an organ is pushed by a finding (`_DISPLACED_BY`, `_DISPLACING_TO`)."""
    if language != "en":
        return []
    spans = []
    for m in organs(sentence, language):
        after = sentence.text[m.end - sentence.start :]
        found = _DISPLACED_BY.match(after) or (
            _DISPLACING.search(sentence.text[max(0, m.start - sentence.start - _DISPLACING_REACH) : m.start - sentence.start])
            and _DISPLACING_TO.match(after))
        if found:
            spans.append((m.end + found.start(), m.end + found.end()))
    return spans


# A bracket giving a measurement per side ("(right 8.2 cm, left 8.6 cm)", "（右肾8.2cm，左肾8.6cm）"): two or more side words,
# each followed by its number.
_PER_SIDE_BRACKET = re.compile(r"[(（][^()（）]*[)）]")
_SIDE_THEN_NUMBER = re.compile(r"(?:\b(?:left|right)\b|[左右])[^\d,，;；()（）]{0,8}?\d", re.IGNORECASE)


def _per_side_measures(sentence: Sentence) -> list[tuple[int, int]]:
    """The spans of SENTENCE's per-side measurement brackets: their sides belong to their numbers, so in "Both kidneys
    are small (right 8.2 cm, left 8.6 cm) and contain cysts" the cysts are in both kidneys, not the left one."""
    return [(sentence.start + m.start(), sentence.start + m.end()) for m in _PER_SIDE_BRACKET.finditer(sentence.text)
            if len(_SIDE_THEN_NUMBER.findall(m.group(0))) >= 2]


def neighbour(sentence: Span, organ: Mention, language: str, cue_from: int = 0, lying_against: bool = False) -> bool:
    """ORGAN is named in SENTENCE as a finding's neighbour (`_NEIGHBOUR_BEFORE`, `_NEIGHBOUR_AFTER`), not its site.
    CUE_FROM: where in SENTENCE's text a neighbour's cue before ORGAN may start at the earliest (`not_neighbours`);
    LYING_AGAINST: an organ a Chinese mass lies against (`_LYING_AGAINST_ZH`) is one too."""
    at = organ.start - sentence.start
    if language == "en":
        return bool(_NEIGHBOUR_BEFORE.search(sentence.text[cue_from:at])
                    or _DISPLACED_BY.match(sentence.text[organ.end - sentence.start :]))
    return bool(_NEIGHBOUR_AFTER.match(sentence.text[organ.end - sentence.start :])
                or _NEIGHBOUR_BEFORE_ZH.search(sentence.text[cue_from:at])
                or lying_against and _LYING_AGAINST_ZH.search(sentence.text[cue_from:at]))


# The most words `_NEIGHBOUR_BEFORE` reads before an organ: "at the level of the left", the first maybe the end of a longer
# one ("(at").
_NEIGHBOUR_WORDS = 6
_WORD = re.compile(r"\S+")
# The most characters `_NEIGHBOUR_BEFORE_ZH` reads before an organ: a verb, eight characters and a joining one, a side
# and 侧 (13), and the line break its "$" may stand before.
_NEIGHBOUR_CHARS_ZH = 14


def not_neighbours(sentence: Span, found: list[Mention], language: str, lying_against: bool = False) -> list[Mention]:
    """FOUND but for the organs named as a finding's neighbour (`neighbour`), each read in the few words (Chinese: the
    few characters) before it rather than in all of the sentence before it: searching the whole start again for each
    organ of a long list without stops took time growing with its square. LYING_AGAINST: as `neighbour`'s."""
    if language != "en":
        return [m for m in found
                if not neighbour(sentence, m, language, max(0, m.start - sentence.start - _NEIGHBOUR_CHARS_ZH),
                                 lying_against)]
    starts = [m.start() for m in _WORD.finditer(sentence.text)]
    return [m for m in found
            if not neighbour(sentence, m, language,
                             starts[max(0, bisect_left(starts, m.start - sentence.start) - _NEIGHBOUR_WORDS)]
                             if starts else 0)]


def _by_clause(mentions: list[Mention], clauses: list[Span]) -> list[list[Mention]]:
    """For each of CLAUSES (in order, apart), the MENTIONS starting in it, in their order: placed by bisection rather than
    each clause filtering all of them (a long sentence of many clauses took time growing with its square)."""
    placed: list[list[Mention]] = [[] for _ in clauses]
    starts = [c.start for c in clauses]
    for m in mentions:
        at = bisect_right(starts, m.start) - 1
        if at >= 0 and m.start < clauses[at].end:
            placed[at].append(m)
    return placed


def entities(sentence: Sentence, language: str, heading: Span | None = None, spine: bool = False,
             label: Span | None = None) -> list[Entity]:
    """Each abnormality term in the sentence with the organ and side it belongs to.

    The side is the nearest side word before the term in the same clause (or, failing that, in the
    statement the clause belongs to: `_statement_start`), else the first after it in the clause, else the
    one after a negation answering the term's label ("Pleural effusion: none seen on the left"); the organ
    is the nearest organ in the clause, else in the sentence but for a later clause stated the other way
    (`_stated_otherwise`) or calls its organ normal (`_called_normal`), else the finding's usual organ (an effusion is
    pleural unless said otherwise), else the organ of another clause's term ("No stone, mass or
    hydronephrosis": a term names its organ for itself, so in "Ascites is not present, but a small effusion
    is seen" the effusion stays pleural), else the organ of HEADING, the sub-heading
    the sentence stands under on a line of its own ("Liver:" then "A 2 cm lesion in segment 6."), with
    the side it gives ("Left kidney:"); so too LABEL, the label opening the sentence's line, gives its side to a finding
    of the organ it names ("Left kidney: 4 mm stone at the UVJ. Mild hydronephrosis."), and nothing else: what follows
    a label need not be about it ("冠状动脉钙化积分：156。主动脉壁钙化。"). An organ named as the finding's neighbour (`neighbour`) is none of
    these. The usual organ goes first: a sub-heading's lines run on until
    a blank line or a line opening with another organ (`ParsedReport.heading_of`), and a line naming
    no organ may still be about something else ("Liver:" ... "Small left effusion."). SPINE: the
    examination is of the spine, whose dural spaces its words then name (`organs`).
    """
    result = []
    sentence_organs = not_neighbours(sentence, organs(sentence, language, spine), language)
    not_a_findings_side = _pushed_ways(sentence, language) + _per_side_measures(sentence)
    sentence_sides = [m for m in sides(sentence, language)
                      if not any(a <= m.start < b for a, b in not_a_findings_side)]
    heading_organs = organs(heading, language, spine) if heading else []
    heading_sides = sides(heading, language) if heading else []
    defaults = findings()["findings"]
    sentence_terms = _head_terms(finding_terms(sentence, language), sentence.text, sentence.start)
    stated = []  # each clause with its terms and how it states them
    for clause in sentence.clauses():
        terms = _head_terms(finding_terms(clause, language), sentence.text, sentence.start)
        stated.append((clause, terms, readings(sentence, clause, terms, language)))
    clauses = [clause for clause, _, _ in stated]
    holders = _TermHolders(sentence_terms)
    all_organs = sorted(enumerate(sentence_organs), key=lambda organ: organ[1].start)
    nearest_organ = _NearestKept(all_organs)
    # Organ words no term holds. One only this term holds lies in its own clause, whose organs it reads first.
    nearest_unheld = _NearestKept([(i, m) for i, m in all_organs if not holders.spans(m)])
    resections = [t for t in sentence_terms if defaults[t.key].get("group", t.key) == "resection"]
    for (clause, terms, clause_readings), clause_organs_all, clause_sides in zip(
            stated, _by_clause(sentence_organs, clauses), _by_clause(sentence_sides, clauses)):
        for term, (reading, cue) in zip(terms, clause_readings):
            if reading == "asked":
                continue  # "to rule out PE" asks a question: no statement about the patient
            clause_organs = _named_beside(clause_organs_all, term, sentence, language)

            def another_term(m: Mention) -> bool:
                return any(span != (term.start, term.end) for span in holders.spans(m))

            def stated_otherwise(m: Mention) -> bool:
                return _stated_otherwise(stated, clause, reading, m) or _called_normal(stated, clause, m, language)

            def operated(m: Mention) -> bool:
                """M names what an operation in another clause removed ("右半结肠切除术后，未见转移"): history, not
                where this clause's finding is."""
                return any(t is not term
                           and not clause.start <= t.start < clause.end
                           and re.fullmatch(r"[^\s,，、;；:：]{0,3}", sentence.text[m.end - sentence.start:
                                                                                   t.start - sentence.start])
                           for t in resections if t.start >= m.end)

            def kept(m: Mention) -> bool:
                return not stated_otherwise(m) and not operated(m)

            organ_mention = _nearest(clause_organs, term) or nearest_unheld.of(term, kept)
            if organ_mention is None and defaults[term.key].get("organ") is None:
                organ_mention = nearest_organ.of(term, kept) or next(iter(heading_organs), None)
            organ = organ_mention.key if organ_mention else defaults[term.key].get("organ")
            # An organ word that is another item's term ("No stone, mass or hydronephrosis") gives the organ
            # but names no part of it: the mass is the kidney's, not a "hydronephrosis" site's.
            named = organ_mention is not None and not another_term(organ_mention)
            finding = _NAMED_BY_ORGAN.get(term.key, {}).get(organ, term.key)
            bone = _collapsed_bone(sentence, term, clause_organs) if term.key == "atelectasis" else None
            if bone is not None:
                finding, organ_mention, organ, named = "fracture", bone, bone.key, True
            if finding == "abscess" and _blood_collection(sentence, term, language):
                finding = "hemorrhage"
            if finding in ("opacity", "ascites") and _walled_fluid(sentence, term, language):
                finding = "abscess"
            if finding == "stone" and organ is None and _RENAL_POLE[language].search(clause.text):
                organ = "kidney"  # "2 mm non-obstructing right lower pole stone"
            if organ == "spine":
                finding = _spinal_collection(sentence.text[term.start - sentence.start : term.end - sentence.start],
                                             language) or finding
            if defaults[finding].get("site_specific") and organ != defaults[finding]["organ"]:
                organ = defaults[finding]["organ"]  # "perisplenic ascites" is still peritoneal
                organ_mention, named = None, False
            organ = _vessels_of_the_organ(finding, _bone_of_the_region(finding, _tissue_named_by_its_artery(finding, organ)))
            side = _nearest_before(clause_sides, term.start)
            reach = _statement_start(sentence, clause, term, language)
            reaching = [m for m in sentence_sides if m.start >= reach]
            if side is None and organ_mention is not None:  # an organ from an earlier statement comes with its side
                organ_sides = (heading_sides if organ_mention not in sentence_organs
                               else reaching if organ_mention.start >= reach else sentence_sides)
                side = _nearest_before(organ_sides, organ_mention.start + 1)
            if side is None:
                side = _nearest_before(reaching, term.start)
            if side is not None and _sided_another_organ(side, clause, organ_mention, sentence_organs):
                side = None
            if side is None:  # "fracture of the left C5 lamina"
                side = next((m for m in clause_sides if m.start >= term.end), None)
            if side is None:  # "Left kidney:" then "Mild hydronephrosis.": its organ by name
                side = _labelled_side(heading, organ, language, spine) or _labelled_side(label, organ, language, spine)
            if side is None and cue is not None and cue[0] >= term.end:  # "Pleural effusion: none seen on the left"
                answer = next(c for c in sentence.clauses() if c.start <= cue[0] < c.end)
                side = next((m for m in sentence_sides if cue[1] <= m.start < answer.end), None)
            if finding in _DIRECTED:
                side = _direction(sentence, clause_sides, term)
            result.append(
                Entity(
                    finding=finding,
                    organ=organ,
                    side=side.key if side else None,
                    negated=reading == "denied",
                    sentence=sentence,
                    start=term.start,
                    end=term.end,
                    side_span=(side.start, side.end) if side else None,
                    organ_span=(organ_mention.start, organ_mention.end) if named else None,
                    hedged=reading == "hedged",
                    cue_span=cue,
                )
            )
    return result


class _TermHolders:
    """The spans of a sentence's TERMS that hold a word or that it holds (`_holds`), found by bisection among the terms
    near it: `entities` asked it of every term for each organ word it weighed for each term, which took time growing with
    the cube of a long list ("pneumothorax, pleural effusion and consolidation, ... are absent")."""

    def __init__(self, terms: list[Mention]):
        self.terms = sorted(terms, key=lambda t: t.start)
        self.starts = [t.start for t in self.terms]
        self.longest = max((t.end - t.start for t in terms), default=0)
        self.known: dict[tuple[int, int], set[tuple[int, int]]] = {}

    def spans(self, word: Mention) -> set[tuple[int, int]]:
        """The spans of the terms holding WORD or held by it: a term holding it starts at most `longest` before it."""
        if (word.start, word.end) not in self.known:
            near = self.terms[bisect_left(self.starts, word.start - self.longest) : bisect_right(self.starts, word.end)]
            self.known[(word.start, word.end)] = {(t.start, t.end) for t in near if _holds(t, word)}
        return self.known[(word.start, word.end)]


class _NearestKept:
    """Mentions with their place in a list, INDEXED, in order of start, read outward from a term, nearest first, to the
    first a test keeps: `_nearest` of those it keeps in that list, without testing them all for each term."""

    def __init__(self, indexed: list[tuple[int, Mention]]):
        self.indexed = indexed
        self.starts = [m.start for _, m in indexed]

    def of(self, term: Mention, kept) -> Mention | None:
        """The first (by index) of the nearest to TERM that KEPT keeps."""
        indexed, starts = self.indexed, self.starts
        right = bisect_left(starts, term.start)
        left = right - 1
        while left >= 0 or right < len(indexed):
            distance = min(term.start - starts[left] if left >= 0 else float("inf"),
                           starts[right] - term.start if right < len(indexed) else float("inf"))
            tied = []
            while left >= 0 and term.start - starts[left] == distance:
                tied.append(indexed[left])
                left -= 1
            while right < len(indexed) and starts[right] - term.start == distance:
                tied.append(indexed[right])
                right += 1
            for _, m in sorted(tied, key=lambda organ: organ[0]):
                if kept(m):
                    return m
        return None


def _sided_another_organ(side: Mention, clause: Span, organ: Mention | None, sentence_organs: list[Mention]) -> bool:
    """SIDE, written in an earlier clause of the sentence, is the side of the organ it stands before, of another kind
    than ORGAN, which the term's own clause names: in "Right upper lobe carcinoma, mediastinal nodal metastases and a
    liver metastasis" and "右肺上叶癌，肝脏转移" the liver has no side. Lymph nodes keep it: the nodes draining an organ
    are on its side ("Left breast mass, axillary lymphadenopathy")."""
    if side.start >= clause.start or organ is None or not clause.start <= organ.start < clause.end:
        return False
    if organ.key == "lymph_node":
        return False
    bound = next((m for m in sentence_organs if m.start >= side.end), None)
    return bound is not None and family(bound.key) != family(organ.key)


def _tissue_named_by_its_artery(finding: str, organ: str | None) -> str | None:
    """Where FINDING lies when its organ word is ORGAN. An infarct is written by the artery whose territory died ("right
    MCA territory infarct", "左侧大脑中动脉供血区梗死") and described by the tissue ("loss of grey-white differentiation in
    the right insula"): both are the tissue the artery feeds (anatomy.json's supplies), or the two statements of one
    infarct would be of two organs and never meet."""
    if organ is None or not findings()["findings"][finding].get("in_supplied_tissue"):
        return organ
    return anatomy()[organ].get("supplies", organ)


def _vessels_of_the_organ(finding: str, organ: str | None) -> str | None:
    """Where FINDING lies when its organ word is ORGAN. A clot lies in a vessel (findings.json's in_vessels): "pulmonary
    embolism", "右肺下叶栓塞" are in the pulmonary arteries, the vessels an "embolus in the right pulmonary artery" names
    (`_vessel_named_after`), so the two statements of one embolism meet. An organ whose vessels have no entry of their
    own (anatomy.json's vessels) leaves ORGAN as written: a filling defect in the renal pelvis is no clot."""
    if organ is None or not findings()["findings"][finding].get("in_vessels"):
        return organ
    return anatomy()[organ].get("vessels", organ)


def _bone_of_the_region(finding: str, organ: str | None) -> str | None:
    """Where FINDING lies when its organ word is ORGAN. A fracture is a bone's, and the head's bones share their names
    with the brain's lobes: "right temporal fracture", "parietal fracture" and "no intracranial haemorrhage or
    fracture" speak of the skull, the one bone of that region (findings.json's in_bone). A region with no bone of its
    own, or more than one, leaves ORGAN as written."""
    if organ is None or not findings()["findings"][finding].get("in_bone") or _is_bone(organ):
        return organ
    bones = [key for key, entry in anatomy().items() if _is_bone(key) and entry["region"] == anatomy()[organ]["region"]]
    return bones[0] if len(bones) == 1 else organ


def _is_bone(organ: str) -> bool:
    return family(organ) == "skeleton"


def family(organ: str) -> str:
    """ORGAN's family in anatomy.json: the organs a statement may name interchangeably (lung and pleura)."""
    return anatomy()[organ].get("family", organ)


# A label that is a side and nothing else ("Right:", "LEFT:", "左侧：") heads what a report of paired parts (the ears, the
# sinuses, a limb's arteries) writes about that side, whichever organ each finding on its line names.
_BARE_SIDE_LABEL = {"en": re.compile(r"\s*(?:left|right)(?:\s+side)?\s*", re.I), "zh": re.compile(r"\s*[左右]侧?\s*")}


def _labelled_side(label: Span | None, organ: str | None, language: str, spine: bool) -> Mention | None:
    """The side LABEL gives ORGAN when it names that organ ("Left kidney:"), or, for a bone, the joint its bones meet
    at ("Right hip: Moderate joint space narrowing. No fracture.", "左膝："); to a finding of no organ, the side of the
    organ it names ("Left carotid: ... NASCET stenosis 71%."); the side of a label naming nothing but it ("Right: ...
    Superficial femoral artery occluded", `_BARE_SIDE_LABEL`) to every finding of its line; else None."""
    if not label:
        return None
    if _BARE_SIDE_LABEL[language].fullmatch(label.text):
        return _nearest_before(sides(label, language), label.end)
    from radqc.agents.report.checks.exam import parse_exam  # the exam check builds on this module

    labelled = [m for m in organs(label, language, spine) if organ in (None, m.key)]
    if labelled:
        return _nearest_before(sides(label, language), labelled[0].start + 1)
    joint = organ == "bone" and parse_exam(label.text, language).joints
    return _nearest_before(sides(label, language), label.end) if joint else None


def _stated_otherwise(stated: list[tuple[Span, list[Mention], list]], clause: Span, reading: Reading,
                      organ: Mention) -> bool:
    """ORGAN stands in a clause after CLAUSE whose terms are all stated the other way (denied where the term
    of CLAUSE, read as READING, is not, or the reverse): a statement of its own, whose organ and side are its
    own terms'. In "No pneumothorax, with a small left pleural effusion" and "术区未见积液，左侧胸腔少量积液" the
    left pleura is the effusion's; a list one negation reads alike lends its organ back ("No stone, mass or
    hydronephrosis in the left kidney"), and an earlier clause gives the place the statements after it are
    about ("右肺上叶切除术后，术区未见积液")."""
    later = next((c for c, _, _ in stated if c.start <= organ.start < c.end and c.start > clause.start), None)
    if later is None:
        return False
    told = [r == "denied" for c, _, said in stated if c is later for r, _ in said if r != "asked"]
    return bool(told) and all(denied != (reading == "denied") for denied in told)


def _called_normal(stated: list[tuple[Span, list[Mention], list]], clause: Span, organ: Mention, language: str) -> bool:
    """ORGAN stands in another clause than CLAUSE that names no abnormality and calls it normal: in "肿块包绕右肾动脉，
    右肾实质强化未见异常" the mass is not the kidney's."""
    return any(c.start <= organ.start < c.end and c.start != clause.start and not terms and states_normal(c, language)
               for c, terms, _ in stated)


# A clause joined on by "and" or a comma that opens with its term, the subject its own verb states, is a statement of
# its own ("Right pneumothorax is present and pleural effusion is absent", "右侧气胸，胸腔积液未见"): a side word
# before it names nothing in it. One without a verb is an item of the list the side opens ("Right pneumothorax and
# pleural effusion": both on the right, as "right pneumothorax and effusion" reads); what "with", "伴" or a label's
# colon joins is about the side's statement ("Right upper lobe mass with atelectasis", "Left kidney: a cyst is
# seen"), and so is a clause whose subject is a place the statement before it gives ("右肺上叶切除术后，术区未见积液":
# the operative bed is on the right). A statement naming no organ of its own takes the organ of the one before it
# with that organ's side: in "右肾区未见肾脏影，术区未见异常软组织密度影" the soft tissue is the right kidney's.
_NEW_STATEMENT = {"en": re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.I), "zh": re.compile(r"\s*[,，]\s*")}
_OWN_VERB = {"en": re.compile(rf"\b(?:is|are|was|were|has|have|had|persists?|remains?|appears?|measures?|shows?|"
                              rf"{_FOUND_EN})\b", re.I),
             "zh": re.compile(r"见|示|呈|为|有|存在|消失|吸收")}
_SUBJECT_OPENING = {"en": re.compile(r"\s*(?:(?:the|an?)\b)?\s*", re.I), "zh": re.compile(r"\s*")}


def _statement_start(sentence: Sentence, clause: Span, term: Mention, language: str) -> int:
    """Where the statement TERM's CLAUSE belongs to starts: CLAUSE's own start when it is a statement of its own
    about TERM (`_NEW_STATEMENT`), else the sentence's."""
    clauses = sentence.clauses()
    at = next(i for i, c in enumerate(clauses) if c.start == clause.start)
    if at == 0 or not _OWN_VERB[language].search(clause.text):  # the cheap tests first: the opening costs its length
        return sentence.start
    opening = Span(clause.start, term.start, sentence.text[clause.start - sentence.start : term.start - sentence.start])
    if not _SUBJECT_OPENING[language].fullmatch(_unnamed(opening, organs(opening, language))):
        return sentence.start
    between = sentence.text[clauses[at - 1].end - sentence.start : clause.start - sentence.start]
    return clause.start if _NEW_STATEMENT[language].fullmatch(between) else sentence.start


def _unnamed(span: Span, named: list[Mention]) -> str:
    """SPAN's text without the characters of the NAMED mentions, read gap by gap between them: a test of every
    character against every mention took seconds on a long list of organs."""
    pieces, at = [], span.start
    for m in sorted(named, key=lambda m: m.start):
        if m.start > at:
            pieces.append(span.text[at - span.start : m.start - span.start])
        at = max(at, m.end)
    pieces.append(span.text[at - span.start :])
    return "".join(pieces)


_ABDOMINAL_ORGANS = {"liver", "spleen", "bowel", "bladder", "uterus", "ovary", "gallbladder", "stomach", "rectum"}
# A finding named by where it lies: an effusion ("积液") around the liver or in the pelvis is ascites, under the
# dura ("硬膜下积液", "subdural effusion") a subdural hygroma, neither to be compared with a pleural effusion;
# enlarged lymph nodes, however written ("纵隔淋巴结未见肿大", "the nodes are not enlarged"), are lymphadenopathy;
# inflammation ("炎症", "渗出") of the skull's air spaces ("双侧上颌窦轻度炎症") is sinus disease, no pneumonia.
_NAMED_BY_ORGAN = {"effusion": {**{organ: "ascites" for organ in _ABDOMINAL_ORGANS}, "brain": "subdural_hygroma"},
                   "enlargement": {"lymph_node": "lymphadenopathy"},
                   "consolidation": {"skull": "sinus_disease"}}


# "Collapse" is the lung's (findings.json) unless its own phrase names a bone: "collapse of the T10 vertebral body",
# "compression collapse of the right femoral head", "femoral head collapse" are fractures, where "collapse of the right
# lower lobe" names the lung. A bone elsewhere in the clause ("rib fractures with collapse of the lower lobe") is not it.
_OF_THE_BONE = re.compile(r"\s+of\s+(?:the\s+)?(?:(?:left|right)\s+)?", re.I)


def _collapsed_bone(sentence: Sentence, term: Mention, organ_mentions: list[Mention]) -> Mention | None:
    written = sentence.text[term.start - sentence.start : term.end - sentence.start]
    if written.lower() != "collapse":
        return None
    for organ in organ_mentions:
        if anatomy()[organ.key].get("family") != "skeleton":
            continue
        after = sentence.text[term.end - sentence.start : organ.start - sentence.start] if organ.start >= term.end else None
        before = sentence.text[organ.end - sentence.start : term.start - sentence.start] if organ.end <= term.start else None
        if (after is not None and _OF_THE_BONE.fullmatch(after)) or (before is not None and re.fullmatch(r"\s+", before)):
            return organ
    return None


def _spinal_collection(written: str, language: str) -> str | None:
    """What a dural collection in the spine is, named by its head word as any other collection is:
    "epidural collection" is a "collection" (an abscess, as with discitis), not the haematoma a dural
    collection in the head is taken for. None for a term that is not a dural collection."""
    dural = _DURAL_SPACE[language].match(written)
    rest = finding_matcher(language).find(written[dural.end() :]) if dural else []
    return rest[0][0] if rest else None


# A collection its sentence calls blood ("blood collection", "collection of blood", "haemorrhagic collection", "a
# collection ..., in keeping with postoperative blood", also misspelled: "extra-axial correction ... blood") is a
# haematoma, not the abscess a bare collection is read as; an abscess or empyema named so stays one.
_NAMED_PUS = re.compile(r"ab\w*s|empyema", re.I)
_BLOOD = re.compile(r"\b(?:blood|ha?emorrhagic)\b", re.I)


def _blood_collection(sentence: Sentence, term: Mention, language: str) -> bool:
    """TERM, read as an abscess, is written as a collection, and SENTENCE says, not under a negation, that it is blood."""
    written = sentence.text[term.start - sentence.start : term.end - sentence.start]
    if language != "en" or _NAMED_PUS.match(written):
        return False
    for blood in _BLOOD.finditer(sentence.text):
        at = sentence.start + blood.start()
        clause = next(c for c in sentence.clauses() if c.start <= at <= c.end)
        if not any(kind == "negation" and end <= at for _, end, kind in cues(clause, language)):
            return True
    return False


# A fluid collection with an enhancing wall or gas in it is an abscess, however its density is named: "右肾周间隙见一
# 液性密度影，边缘环形强化，内见少许气体", "直肠子宫陷凹内见包裹性液性密度影，壁厚并环形强化". English names it a
# collection, an abscess already (findings.json); Chinese describes it by its density, which alone says only fluid
# (an opacity, or ascites where it lies: `_FLUID`). A sign denied ("壁未见强化", "内未见气体") is none.
_FLUID_DENSITY_ZH = re.compile(r"(?:液性|液体|水样)密度影?$")
_ABSCESS_SIGN_ZH = re.compile(r"环形强化|环状强化|边缘强化|壁[^，。；,;]{0,4}强化|气体|气泡|积气|气液平")


def _walled_fluid(sentence: Sentence, term: Mention, language: str) -> bool:
    """TERM is written as a fluid density, and SENTENCE, after it, gives it an abscess's wall or gas (`_ABSCESS_SIGN_ZH`)."""
    if language != "zh" or not _FLUID_DENSITY_ZH.search(sentence.text[: term.end - sentence.start]):
        return False
    for sign in _ABSCESS_SIGN_ZH.finditer(sentence.text, term.end - sentence.start):
        if not _NEGATION_ZH.search(re.split(r"[，。；,;]", sentence.text[: sign.end()])[-1]):
            return True
    return False


# A stone in a pole ("right lower pole stone", "calculus in the upper pole", "右肾下极结石" names its kidney anyway) is a
# kidney's: of the organs with poles (the kidney, the spleen, the thyroid, the testis) only the kidney forms stones.
_RENAL_POLE = {"en": re.compile(r"\b(?:upper|lower|mid|inter)[\s-]?pol(?:e|ar)\b", re.I), "zh": re.compile(r"[上中下]极")}


# A term made a shape word that ends its clause ("表面呈结节状，") gives the form of what the clause is about: a cirrhotic
# liver's nodular surface is no nodule.
_SHAPE_ONLY = re.compile(r"[状样](?:[，。；,;]|\s*$)")


def _head_terms(terms: list[Mention], text: str, offset: int) -> list[Mention]:
    """Drop a term that only modifies the next one: "结节影" is a nodule. A kind named by both words is one term of
    its own (findings.json's "ground-glass nodule"), which the matcher takes whole. A term that only modifies
    what its clause is about (`_SHAPE_ONLY`) goes too."""
    kept = []
    for i, term in enumerate(terms):
        following = terms[i + 1] if i + 1 < len(terms) else None
        gap = text[term.end - offset : following.start - offset] if following else None
        if following is not None and gap is not None and re.fullmatch(r"[\s-]?|[状样性]", gap):
            continue
        if _SHAPE_ONLY.match(text, term.end - offset):
            continue
        kept.append(term)
    return kept


# Findings whose side is the direction they point, not the side of the lesion causing them: a right subdural
# haematoma shifts the midline to the left ("leftward midline shift", "midline shift 6 mm to the left").
_DIRECTED = {"midline_shift"}
_TOWARDS = re.compile(r"^\s*(?:of|by|measuring)?[\s\d.,]*(?:mm|cm)?\s*(?:to(?:wards?)?\s+(?:the\s+)?)?$", re.I)


def _direction(sentence: Sentence, clause_sides: list[Mention], term: Mention) -> Mention | None:
    """The side word giving TERM's direction: within the term or written just after it ("to the left")."""
    for m in clause_sides:
        if term.start <= m.start < term.end:
            return m
        if m.start >= term.end and _TOWARDS.match(sentence.text[term.end - sentence.start : m.start - sentence.start]):
            return m
    return None


def _named_beside(organ_mentions: list[Mention], term: Mention, sentence: Sentence, language: str) -> list[Mention]:
    """ORGAN_MENTIONS without a whole-organ word TERM holds when the clause names the organ's kind more
    precisely beside it: the "骨" of "骨折" is no site when "腓骨" or "颅骨" stands in the clause ("腓骨小头未见骨折");
    a part the term names ("grey-white matter" of "loss of grey-white matter differentiation") stays."""
    held = [m for m in organ_mentions if _holds(term, m)
            and site_of(sentence.text[m.start - sentence.start : m.end - sentence.start], m.key, language) == m.key]
    kinds = {family(m.key) for m in organ_mentions if m not in held}
    return [m for m in organ_mentions if m not in held or family(m.key) not in kinds]


def _nearest(items: list[Mention], term: Mention) -> Mention | None:
    if not items:
        return None
    return min(items, key=lambda m: abs(m.start - term.start))
