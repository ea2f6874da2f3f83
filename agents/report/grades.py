"""Published scales that tie a stated number to the grade or category a report gives it, so that a
number and its word can be checked against each other without knowing the disease.

- Arterial stenosis (NASCET for the carotids; CAD-RADS for the coronaries uses the same cut-offs from
  50%): under 50% mild, 50-69% moderate, 70-99% severe. Below 50% CAD-RADS splits minimal from mild, so
  every word of mildness is taken as compatible there.
- RECIST 1.1 response of the target lesions' sum of diameters from baseline: a fall of 30% or more is a
  partial response; a rise of 20% and at least 5 mm is progression; in between the disease is stable.
  Progression can also come from new or non-target lesions, and a complete response can leave lymph
  nodes under 10 mm in the sum, so only "partial response" and "stable disease" are held to the sum; and
  "progressive disease" to a sum that fell from baseline in a report naming no nadir, denying new lesions and
  stating no growth outside its impression (`progression_ruled_out`).
- CAD-RADS 2.0 for a coronary CTA: the category of its highest stenosis (0 none, 1 under 25%, 2 25-49%, 3 50-69%,
  4 70-99%, 5 occluded), which its modifiers do not lower; so a category below the band of the highest coronary
  stenosis the findings state is held to it.
- Lung-RADS v2022 for a solid nodule on a baseline screen, by its mean diameter: under 6 mm category 2,
  6 to under 8 mm 3, 8 to under 15 mm 4A, 15 mm or more 4B. Benign features (calcification, fat, a
  perifissural node) lower the category, suspicious ones raise it (4X), and at follow-up a stable nodule falls
  to 2; so only a category below the size band of a plain solid nodule, on a screen that compares with no
  prior, is held to the size.
- Bosniak v2019 for a cystic renal mass: categories III and IV need enhancement (thick or irregular enhancing
  walls or septa, an enhancing nodule), so either is held to a report that states its cystic mass does not
  enhance and names no enhancing part of it.
  The other way, an enhancing nodule makes the mass III at least, so a I, II or IIF is held to findings stating one;
  so does an enhancing wall or septum of 4 mm or more (II allows 2 mm, IIF 3 mm).
- LI-RADS v2018 (CT) for a liver observation: LR-5 needs 10 mm or more and non-rim arterial phase
  hyperenhancement (APHE), so it is held to a stated size under 10 mm and to a stated absence of APHE. The other
  way, an observation the findings measure with non-rim APHE and washout or an enhancing capsule from 20 mm, or
  washout or both from 10 mm, is LR-5, which ancillary features lower by one category at most: an LR-3 or lower
  given to it is held to them (threshold growth, a further major feature, needs the prior and is not read).
  A haemangioma's enhancement (peripheral nodular, discontinuous enhancement filling in towards the centre) is
  LR-1, definitely benign, and a haemangioma does not wash out: so a hepatocellular carcinoma or LR-5 is held to
  findings describing that enhancement and no washout, and a liver haemangioma to findings stating washout and
  not that enhancement.
- Pneumoconiosis (GBZ 70-2015; ILO 2011): a large opacity (大阴影, a conglomerate mass, progressive massive
  fibrosis) makes it complicated, no longer simple, once over 10 mm, and stage III (叁期) once at least 20 mm long
  and 10 mm wide; so "simple silicosis", and a stage I or II, are held to the largest such opacity the findings
  measure. A stage III can also rest on dense small opacities alone, so only the large opacity is checked.
- Deauville five-point scale (Lugano 2014) for a lymphoma's FDG uptake on PET-CT, against the reference regions the
  report measures: 1-2 at or below the mediastinal blood pool, 3 above it and at or below the liver, 4 moderately and 5
  markedly above the liver (or a new lesion); so a score the impression gives is held to the highest lesion SUVmax the
  findings state beside the SUVmax of either reference.
- Keros (1962) for the olfactory fossa, by its depth (the height of the cribriform plate's lateral lamella): type I
  1-3 mm, II 4-7 mm, III 8-16 mm; so a depth the findings measure on a side is held to the type the report gives
  that side, or both.
- Larynx and hypopharynx T category (AJCC 8th): a tumour through the thyroid cartilage, or into the strap muscles or
  the thyroid gland, is T4a; a fixed vocal cord (hemilarynx) T3. A lower T the impression gives is held to them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice, takewhile

from radqc.agents.report.document import ParsedReport, Sentence, Span
from radqc.agents.report.memo import remembered
from radqc.agents.report.mentions import Mention, entities, not_neighbours, organs, sides, sizes, subject

MILD, MODERATE, SEVERE = 1, 2, 3
_BANDS = {MILD: (0.0, 50.0), MODERATE: (50.0, 70.0), SEVERE: (70.0, 100.0)}  # [low, high)
# A single value written as approximate ("approximately 70%", "约70%") may lie this far either side.
APPROXIMATE = 5.0

_GRADE_WORDS = {
    "en": {"minimal": MILD, "mild": MILD, "slight": MILD, "low-grade": MILD, "moderate": MODERATE,
           "severe": SEVERE, "critical": SEVERE, "high-grade": SEVERE},
    "zh": {"轻微": MILD, "轻度": MILD, "中度": MODERATE, "重度": SEVERE, "高度": SEVERE, "严重": SEVERE},
}
_GRADE = {
    "en": re.compile(r"\b(" + "|".join(_GRADE_WORDS["en"]) + r")\b", re.I),
    "zh": re.compile("(" + "|".join(_GRADE_WORDS["zh"]) + ")"),
}
_STENOSIS = {"en": re.compile(r"\b(?:stenos[ie]s|narrowing)\b", re.I), "zh": re.compile(r"狭窄")}
# Words that leave the grade open ("at least moderate", "possibly severe", "可能").
_OPEN = {
    "en": re.compile(r"\b(?:at least|up to|possibl[ey]|probabl[ey]|likely|may|could|cannot|suspected|"
                     r"borderline|indeterminate|overestimated|underestimated)\b", re.I),
    "zh": re.compile(r"可能|至少|不除外|不排除|可疑|疑|待排"),
}
_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
_PERCENT = re.compile(
    r"(?P<approx>approximately|approx\.?|about|around|roughly|estimated|~|约|大约|近)?\s*"
    r"(?P<cmp><|>|≤|≥|less than|under|below|greater than|more than|over|above|小于|低于|不足|大于|超过)?\s*"
    + _NUMBER + r"\s*%?\s*(?:-|–|to|~|至)\s*" + _NUMBER + r"\s*%"
    r"|(?P<approx1>approximately|approx\.?|about|around|roughly|estimated|~|约|大约|近)?\s*"
    r"(?P<cmp1><|>|≤|≥|less than|under|below|greater than|more than|over|above|小于|低于|不足|大于|超过)?\s*"
    + _NUMBER + r"\s*%", re.I)

# Named arteries, most specific first; the key is what two mentions must share to be one vessel.
_VESSELS = {
    "en": [(re.compile(p, re.I), key) for p, key in [
        (r"\b(?:ICA|internal carotid(?: artery)?)\b", "ica"), (r"\b(?:CCA|common carotid(?: artery)?)\b", "cca"),
        (r"\b(?:ECA|external carotid(?: artery)?)\b", "eca"), (r"\bvertebral(?: artery)?\b", "vertebral"),
        (r"\bbasilar(?: artery)?\b", "basilar"), (r"\b(?:MCA|middle cerebral(?: artery)?)\b", "mca"),
        (r"\b(?:LM|left main(?: coronary artery)?)\b", "lm"),
        (r"\b(?:LAD|left anterior descending(?: artery)?)\b", "lad"),
        (r"\b(?:LCx|LCX|circumflex(?: artery)?)\b", "lcx"), (r"\b(?:RCA|right coronary(?: artery)?)\b", "rca"),
        (r"\bdiagonal(?: branch)?\b", "diagonal"), (r"\b(?:OM|obtuse marginal)\b", "om"),
        (r"\bsubclavian(?: artery)?\b", "subclavian"), (r"\brenal artery\b", "renal"),
        (r"\b(?:SFA|superficial femoral(?: artery)?)\b", "sfa"), (r"\bpopliteal(?: artery)?\b", "popliteal"),
        (r"\b(?:common |external |internal )?iliac(?: artery)?\b", "iliac"),
    ]],
    "zh": [(re.compile(p), key) for p, key in [
        (r"颈内动脉", "ica"), (r"颈总动脉", "cca"), (r"颈外动脉", "eca"), (r"椎动脉", "vertebral"),
        (r"基底动脉", "basilar"), (r"大脑中动脉", "mca"), (r"左主干", "lm"), (r"前降支", "lad"),
        (r"回旋支|回旋枝", "lcx"), (r"右冠状动脉|右冠", "rca"), (r"对角支", "diagonal"), (r"钝缘支", "om"),
        (r"锁骨下动脉", "subclavian"), (r"肾动脉", "renal"), (r"股浅动脉", "sfa"), (r"腘动脉", "popliteal"),
        (r"髂(?:总|内|外)?动脉", "iliac"),
    ]],
}
_SIDE = {"en": re.compile(r"\b(right|left)\s+(?:(?:proximal|mid|distal)\s+)?$", re.I),
         "zh": re.compile(r"([左右])侧?$")}


@dataclass(frozen=True)
class Stenosis:
    """A graded stenosis statement: the clause that grades it, its percentages as intervals, its grades,
    and the vessel it is about (key and side, None when not named) with where the vessel is named."""

    clause: Span
    values: tuple[tuple[float, float], ...]
    grades: frozenset[int]
    vessel: tuple[str, str | None] | None
    vessel_span: tuple[int, int] | None


def stenoses(sentence: Sentence, heading: Span, language: str) -> list[Stenosis]:
    """Each clause of SENTENCE about a stenosis that states a percentage or a grade, with the vessel named
    nearest before it in the sentence (else in the sentence's heading). A clause that leaves its grade open
    is left out."""
    found = []
    for clause in sentence.clauses():
        if not _STENOSIS[language].search(clause.text) or _OPEN[language].search(clause.text):
            continue
        grades = frozenset(_GRADE_WORDS[language][m.group(1).lower()] for m in _GRADE[language].finditer(clause.text))
        values = tuple(_interval(m) for m in _PERCENT.finditer(clause.text))
        if not grades and not values:
            continue
        vessel, where = _vessel(sentence, clause.start - sentence.start + len(clause.text), language)
        if vessel is None:
            vessel, _ = _vessel(heading, len(heading.text), language)
        found.append(Stenosis(clause, values, grades, vessel, where))
    return found


def contradicts(values: tuple[tuple[float, float], ...], grades: frozenset[int]) -> bool:
    """Every stated percentage lies outside every band the grade words name."""
    if not values or not grades:
        return False
    return not any(lo < _BANDS[g][1] and hi >= _BANDS[g][0] for lo, hi in values for g in grades)


def band_name(values: tuple[tuple[float, float], ...]) -> str:
    lo, hi = values[0]
    return "/".join(name for g, name in ((MILD, "mild"), (MODERATE, "moderate"), (SEVERE, "severe"))
                    if lo < _BANDS[g][1] and hi >= _BANDS[g][0])


def _interval(match: re.Match) -> tuple[float, float]:
    if match.group(3) is not None:  # a range "50-69%"
        low, high = float(match.group(3)), float(match.group(4))
        return min(low, high), max(low, high)
    value = float(match.group(7))
    comparator = (match.group("cmp1") or "").lower()
    if comparator in {"<", "≤", "less than", "under", "below", "小于", "低于", "不足"}:
        return 0.0, value - (0 if comparator == "≤" else 0.01)
    if comparator in {">", "≥", "greater than", "more than", "over", "above", "大于", "超过"}:
        return value + (0 if comparator == "≥" else 0.01), 100.0
    if match.group("approx1"):
        return value - APPROXIMATE, value + APPROXIMATE
    return value, value


# A vessel named as the one another is joined to ("移植肾动脉与右髂外动脉端侧吻合", "the graft renal artery anastomosed
# end-to-side to the right external iliac artery") is the donor's inflow, not the joined vessel whose narrowing the
# sentence goes on to grade: the stenosis is the subject's, named before it.
_JOINED_TO = {
    "en": (re.compile(r"\banastomos\w*\s+(?:end-to-(?:side|end)\s+|side-to-side\s+)?(?:on)?to\s+(?:the\s+)?"
                      r"(?:(?:right|left)\s+)?$", re.I), re.compile(r"^")),
    "zh": (re.compile(r"与[左右]?侧?$"), re.compile(r"^(?:端侧|端端|侧侧)?吻合")),
}


def _joined_to(span: Span, match: re.Match, language: str) -> bool:
    """The vessel SPAN names at MATCH is the one another is joined to (`_JOINED_TO`)."""
    before, after = _JOINED_TO[language]
    return bool(before.search(span.text[: match.start()])) and bool(after.match(span.text[match.end():]))


def _vessel(span: Span, before: int, language: str):
    """The vessel named last before offset BEFORE of SPAN, with its side, and its span in the report; a vessel named as
    the one another is joined to is passed over (`_JOINED_TO`)."""
    named = [(m, key) for pattern, key in _VESSELS[language] for m in pattern.finditer(span.text[:before])
             if not _joined_to(span, m, language)]
    if not named:
        return None, None
    match, key = max(named, key=lambda item: (item[0].start(), item[0].end()))
    side = _SIDE[language].search(span.text[: match.start()])
    start = span.start + (side.start() if side else match.start())
    return (key, side.group(1).lower() if side else None), (start, span.start + match.end())


# RECIST 1.1 ---------------------------------------------------------------------------------------

# The four categories of RECIST 1.1, each assessing the whole target table (a complete response its every lesion
# gone, progression its sum grown, or else new or non-target lesions): any one sums up the table's lines. A trend
# such as "continued response" names none of them.
COMPLETE, PARTIAL, STABLE, PROGRESSION = "complete response", "partial response", "stable disease", "progressive disease"
_RESPONSE = {
    "en": re.compile(r"\b(complete response|partial response|stable disease|progressive disease)\b", re.I),
    "zh": re.compile(r"(完全缓解|部分缓解|疾病稳定|疾病进展)"),
}
_RESPONSE_KEY = {COMPLETE: COMPLETE, PARTIAL: PARTIAL, STABLE: STABLE, PROGRESSION: PROGRESSION,
                 "完全缓解": COMPLETE, "部分缓解": PARTIAL, "疾病稳定": STABLE, "疾病进展": PROGRESSION}
_RESPONSE_OPEN = {
    "en": re.compile(r"\b(?:no|not|without|near|nearly|approaching|almost|borderline|possible|possibly|"
                     r"likely|probable|suspected|versus|vs\.?|or|unconfirmed|minor)\b", re.I),
    "zh": re.compile(r"未|无|非|接近|可能|或|待"),
}
_RECIST = re.compile(r"RECIST|sum of (?:the )?(?:longest )?diameters|靶病灶|径线总和|直径总和", re.I)
_SUM_WORDS = re.compile(r"\bsum\b|\bchange\b|baseline|总和|基线", re.I)
_SIGNED = re.compile(r"(?<![\w.])([+\-−–])\s*(\d{1,3}(?:\.\d+)?)\s*%")
_WORDED = {
    "en": re.compile(r"\b(increase|rise|growth|decrease|reduction|fall|decline)d?\s+(?:by|of)\s+"
                     r"(?:approximately\s+|about\s+)?(\d{1,3}(?:\.\d+)?)\s*%", re.I),
    "zh": re.compile(r"(增大|增加|增长|缩小|减小|减少|下降)(?:了)?(?:约)?(\d{1,3}(?:\.\d+)?)\s*%"),
}
_UP = {"increase", "rise", "growth", "增大", "增加", "增长"}
_SIGNED_MM = re.compile(r"(?<![\w.])([+\-−–])\s*(\d{1,3}(?:\.\d+)?)\s*mm", re.I)


# The baseline sum written beside today's: "78 mm, from 54 mm at baseline", "之和约82mm（基线61mm）", "from 54 mm to 78 mm".
_BASELINE_BEFORE = re.compile(r"(?:\bbaseline|\bfrom|基线时?)\s*[:：]?\s*(?:of\s+|约|为)?$", re.I)
_TODAY_BEFORE = re.compile(r"(?:\bto|至|->|→)\s*(?:约)?$", re.I)


def _sum_against_baseline(sentence: Sentence) -> tuple[float, float] | None:
    """(percent, millimetres): the change of a sum SENTENCE gives today and at baseline, when it writes no change of its
    own; today's is the size written just before the baseline's, or just after it following "to"."""
    found = sizes(sentence)
    for i, base in enumerate(found):
        if not _BASELINE_BEFORE.search(sentence.text[: base.start - sentence.start]) or not base.largest_mm:
            continue
        after = found[i + 1] if i + 1 < len(found) else None
        if after and _TODAY_BEFORE.search(sentence.text[: after.start - sentence.start]):
            today = after
        elif i > 0:
            today = found[i - 1]
        else:
            return None
        change = today.largest_mm - base.largest_mm
        return round(100 * change / base.largest_mm, 1), abs(change)
    return None


def recist_change(report: ParsedReport, language: str) -> tuple[float, float | None] | None:
    """The change of the target sum from baseline that a RECIST report states, in percent, with its
    change in millimetres when stated beside it; None when the report states none or states several. Sums written
    today and at baseline (`_sum_against_baseline`) give the millimetres beside a stated percentage, and both when the
    report states no change at all (a target line's own baseline is no sum's)."""
    if not _RECIST.search(report.text):
        return None
    changes, computed = set(), set()
    for sentence in report.sentences:
        if not _SUM_WORDS.search(sentence.text):
            continue
        written = _sum_against_baseline(sentence)
        for m in _SIGNED.finditer(sentence.text):
            millimetres = _SIGNED_MM.search(sentence.text)
            sign = 1 if m.group(1) == "+" else -1
            changes.add((sign * float(m.group(2)),
                         float(millimetres.group(2)) if millimetres else written[1] if written else None))
        for m in _WORDED[language].finditer(sentence.text):
            sign = 1 if m.group(1).lower() in _UP else -1
            changes.add((sign * float(m.group(2)), written[1] if written else None))
        if written:
            computed.add(written)
    changes = changes or computed
    percents = {c[0] for c in changes}
    if len(percents) != 1:
        return None
    millimetres = {c[1] for c in changes if c[1] is not None}
    return percents.pop(), (millimetres.pop() if len(millimetres) == 1 else None)


# Progression rests on the sum's growth by 20% over its smallest value (the nadir), on new lesions, or on the
# unequivocal progression of non-target lesions. A sum that fell from baseline, in a report naming no nadir (its
# smallest value is then the baseline's or today's), beside a stated absence of new lesions ("No new lesions", "New
# lesions: none", "未见新发病灶") and no growth the report states outside its impression, leaves none of the three.
_NADIR = re.compile(r"\bnadir\b|最低值|最小值", re.I)
# The words calling a finding new since the prior study, one list for every check that reads them ("New 1.6 cm node",
# "interval development of", "肝内新发结节", "新增病灶").
NEW_WORDS = {"en": r"new|newly|interval development", "zh": "新发|新见|新出现|新增"}
NEW_LESION = {"en": re.compile(rf"\b(?:{NEW_WORDS['en']})\b", re.I), "zh": re.compile(NEW_WORDS["zh"])}
_NO_NEW_LESION = {
    "en": re.compile(r"\bno new (?:\w+ ){0,2}?lesions?\b|\bnew lesions?\s*[:：]\s*(?:none|no|absent)\b", re.I),
    "zh": re.compile(r"(?:未见|无)(?:明确)?新(?:发|增|出现)?(?:病灶|病变)|新(?:发)?病灶\s*[:：]\s*(?:无|未见)"),
}
_GROWTH = {"en": re.compile(r"(?<!no )(?<!not )\b(?:increas\w*|enlarg\w*|progress\w*|grow\w*|grew|larger)\b", re.I),
           "zh": re.compile(r"(?<!未见)(?<!无)(?:增大|增多|增加|进展)")}


def progression_ruled_out(report: ParsedReport, language: str, percent: float) -> bool:
    """PERCENT, the target sum's change from baseline, is a fall, and the report leaves progression no other
    ground: no nadir, new lesions denied, no growth stated outside the impression."""
    if percent >= 0 or _NADIR.search(report.text) or not _NO_NEW_LESION[language].search(report.text):
        return False
    return not any(_GROWTH[language].search(s.text) for s in report.sentences if s.section != "impression")


def responses(sentence: Sentence, language: str) -> list[tuple[str, int, int]]:
    """The RECIST categories SENTENCE asserts (category, start, end in the report); one in a clause that
    negates, hedges or qualifies it is left out."""
    found = []
    for clause in sentence.clauses():
        for m in _RESPONSE[language].finditer(clause.text):
            if _RESPONSE_OPEN[language].search(clause.text[: m.start()]):
                continue
            found.append((_RESPONSE_KEY[m.group(1).lower()], clause.start + m.start(), clause.start + m.end()))
    return found


# A line of the target-lesion table ("Target lesion 1 (retroperitoneal mass): ...", "Target 2, ...", "靶病灶1：...").
_TARGET_LINE = re.compile(r"^\s*(?:target(?:\s+lesion)?|靶病灶)\s*\d", re.I)


def target_line(sentence: Sentence) -> bool:
    """SENTENCE measures a target lesion, which a response category sums up with the rest of its table."""
    return bool(_TARGET_LINE.search(sentence.text))


def response_contradicts(category: str, percent: float, millimetres: float | None) -> bool:
    if category in (COMPLETE, PROGRESSION):
        return False  # not the sum's alone (the module's docstring)
    if category == PARTIAL:
        return percent > -30
    # Stable disease: a fall of 30% is a response, a rise of 20% progression once it is 5 mm or more.
    return percent <= -30 or (percent >= 20 and millimetres is not None and millimetres >= 5)


# CAD-RADS 2.0 --------------------------------------------------------------------------------------

# The category of a coronary CTA is its highest coronary stenosis (SCCT/ACR/NASCI 2022): 0 none, 1 under 25%, 2 25-49%,
# 3 50-69%, 4 70-99% (4A, or 4B for a left main of 50% or three vessels of 70%), 5 an occlusion. Its modifiers (N, HRP,
# S, G) and plaque burden (P1-P4) lower none of it.
_CAD_RADS = re.compile(r"\bCAD-?RADS(?:\s*2\.0)?\s*(?:category\s*)?[:：]?\s*([0-5])(?!\d|\.\d)", re.I)
_CORONARY = {"lm", "lad", "lcx", "rca", "diagonal", "om"}
_CAD_RADS_FLOORS = ((70, 4), (50, 3), (25, 2), (1, 1))


def cad_rads_band(percent: float) -> int:
    return next((category for floor, category in _CAD_RADS_FLOORS if percent >= floor), 0)


def cad_rads_undercalled(report: ParsedReport, language: str) -> list[tuple[str, float, int, int]]:
    """Each CAD-RADS category the impression gives below the band of the highest coronary stenosis the findings
    state, each stated range read at its gentler end ("20-30%" is 20%): (category as written, that stenosis, start,
    end)."""
    stated = [low for sentence in report.in_section("findings")
              for s in stenoses(sentence, report.heading_of(sentence), language)
              if s.vessel and s.vessel[0] in _CORONARY for low, _ in s.values]
    if not stated:
        return []
    highest = max(stated)
    return [(m.group(0), highest, sentence.start + m.start(), sentence.start + m.end())
            for sentence in report.in_section("impression") for m in _CAD_RADS.finditer(sentence.text)
            if int(m.group(1)) < cad_rads_band(highest)]


# Lung-RADS v2022 ----------------------------------------------------------------------------------

_LUNG_RADS = re.compile(r"\bLung-?RADS\s*(?:v?2022\s*)?(?:category\s*|分类\s*|类别\s*)?[:：]?\s*([1-4][ABXabx]?)(?![A-Za-z0-9]|\.\d)", re.I)
_RANK = {"1": 1, "2": 2, "3": 3, "4A": 4, "4B": 5, "4X": 5}
_NODULE = re.compile(r"\bnodules?\b|结节", re.I)
_SOLID = re.compile(r"\bsolid\b|实性", re.I)
# Nodules whose category is not their size's: part-solid or ground-glass ones (other bands), and benign ones.
_NOT_PLAIN_SOLID = re.compile(r"part-?solid|sub-?solid|semi-?solid|ground-?glass|calcif|\bfat|perifissural|juxtapleural|"
                              r"磨玻璃|部分实性|混杂|钙化|脂肪|叶间裂", re.I)
# A screen that compares with a prior: growth, stability and new nodules set the category there.
_FOLLOW_UP = re.compile(r"\b(?:stable|unchanged|prior|previous|compared|since|interval|new|newly|growing|growth|"
                        r"increased|decreased|follow-up (?:screen|ldct|study))\b|较前|对比|前片|复查|新发|新见|增大|缩小|稳定", re.I)
_MEAN = re.compile(r"(?:mean|average)\s+(?:diameter\s+)?(?:of\s+)?(\d+(?:\.\d+)?)\s*mm|平均(?:直径|径)约?(\d+(?:\.\d+)?)\s*mm", re.I)


def lung_rads_band(mean_mm: float) -> str:
    return "2" if mean_mm < 6 else "3" if mean_mm < 8 else "4A" if mean_mm < 15 else "4B"


def _solid_nodule_means(sentences: list[Sentence]) -> list[float]:
    """Mean diameters (mm) of the plain solid nodules SENTENCES measure: as stated, else of the first two axes."""
    means = []
    for sentence in sentences:
        if not (_NODULE.search(sentence.text) and _SOLID.search(sentence.text)) or _NOT_PLAIN_SOLID.search(sentence.text):
            continue
        stated = _MEAN.search(sentence.text)
        if stated:
            means.append(float(stated.group(1) or stated.group(2)))
        else:
            means += [sum(s.dims_mm[:2]) / len(s.dims_mm[:2]) for s in sizes(sentence)]
    return means


def lung_rads_undercalled(report: ParsedReport) -> list[tuple[str, str, float, int, int]]:
    """(category given, category of the size, mean diameter, start, end) for each Lung-RADS category the
    impression gives below the size band of the largest plain solid nodule of a baseline screen, as the findings
    measure it (a size the impression alone gives may be its own slip, the measurement check's)."""
    if _FOLLOW_UP.search(report.text):
        return []
    means = _solid_nodule_means(report.in_section("findings")) or _solid_nodule_means(report.in_section("impression"))
    if not means:
        return []
    largest = max(means)
    band = lung_rads_band(largest)
    found = []
    for sentence in report.in_section("impression"):
        for m in _LUNG_RADS.finditer(sentence.text):
            given = m.group(1).upper()
            if given in _RANK and _RANK[given] < _RANK[band] and given != "1":
                found.append((given, band, largest, sentence.start + m.start(), sentence.start + m.end()))
    return found


# Bosniak v2019 --------------------------------------------------------------------------------------

_BOSNIAK = re.compile(r"\bBosniak\s*(?:category\s*|分类\s*)?[:：]?\s*(IIF|IV|III|II|I|[1-4]F?)(?![A-Za-z0-9])(?:\s*类)?", re.I)
_ENHANCING_CATEGORIES = {"III", "IV", "3", "4"}
# A kidney or cyst named (not the adrenal, 肾上腺, nor the gallbladder, 胆囊).
_RENAL = re.compile(r"\b(?:renal|kidneys?|cyst(?:ic)?|Bosniak)\b|肾(?!上腺)|(?<!胆)囊", re.I)
# Enhancement stated absent ("no measurable enhancement", "non-enhancing", "does not enhance", "均未见强化"), and any
# mention of enhancement at all ("enhancing septa", "不均匀强化"); a sentence whose every mention is a denial says the
# mass does not enhance.
_NO_ENHANCEMENT = {
    "en": re.compile(r"\b(?:no|without)\s+(?:\w+\s+){0,2}enhancement\b|\bnon-?enhancing\b|"
                     r"\b(?:does|do|did)\s*(?:not|n't)\s+enhance\b|\bnot\s+enhanc\w*", re.I),
    "zh": re.compile(r"(?:未见|无|未|没有)(?:明显|明确|确切|异常)?强化"),
}
_ENHANCEMENT = {"en": re.compile(r"\benhanc(?:ing|ement|es|ed)\b", re.I), "zh": re.compile(r"强化")}


def bosniak_without_enhancement(report: ParsedReport, language: str) -> list[tuple[str, int, int]]:
    """(category, start, end) for each Bosniak III or IV the impression gives while the findings describe the
    renal cystic mass as not enhancing: some findings sentence about it (naming it, or going on from one that
    does: "3.5 cm cystic mass with thin septa; no enhancement") denies enhancement and none states any."""
    findings = report.in_section("findings")
    about = [s for i, s in enumerate(findings) if _ENHANCEMENT[language].search(s.text)
             and any(_RENAL.search(t.text) for t in findings[max(i - 1, 0) : i + 1])]
    denied = [len(_NO_ENHANCEMENT[language].findall(s.text)) for s in about]
    stated = [len(_ENHANCEMENT[language].findall(_NO_ENHANCEMENT[language].sub(" ", s.text))) for s in about]
    if not any(denied) or any(stated):
        return []
    return [(m.group(1).upper(), s.start + m.start(), s.start + m.end()) for s in report.in_section("impression")
            for m in _BOSNIAK.finditer(s.text) if m.group(1).upper() in _ENHANCING_CATEGORIES]


# An enhancing nodule of a cystic renal mass, stated ("an enhancing 6 mm mural nodule", "mural nodule that enhances",
# "nodular enhancement", "强化壁结节", "壁结节明显强化", "结节样强化"): Bosniak v2019 makes the mass III at least (a small
# obtuse protrusion) and IV from 4 mm or with an acute margin, so no I, II or IIF fits it.
ENHANCING_NODULE = {
    "en": re.compile(r"\benhancing\s+(?:(?!no\b|without\b)[\w.]+\s+){0,3}?nodul\w*|"
                     r"\bnodul\w*\s+(?:that\s+|which\s+)?enhanc(?:es|ing)\b|\bnodular\s+enhancement\b", re.I),
    "zh": re.compile(r"强化(?:的)?(?:壁|实性)?结节|(?:壁|实性)结节[^。；;未无]{0,12}?强化|结节(?:样|状)强化"),
}
_BELOW_ENHANCING_CATEGORIES = {"I", "II", "IIF", "1", "2", "2F"}


def bosniak_below_enhancing_nodule(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(category, the findings' words, start, end) for each Bosniak I, II or IIF the impression gives to a renal
    cystic mass whose findings state an enhancing nodule (`ENHANCING_NODULE`), on a side the impression's statement
    names, or either when one of them names none: a report describing simple cysts in the other kidney may call
    those Bosniak I."""
    findings = report.in_section("findings")
    nodules = [(s, m) for i, s in enumerate(findings)
               if any(_RENAL.search(t.text) for t in findings[max(i - 1, 0) : i + 1])
               for m in affirmed(ENHANCING_NODULE[language], s.text, language)]
    found = []
    for sentence in report.in_section("impression"):
        there = [m.group(0) for s, m in nodules if same_side(sentence, s, language)]
        found += [(match.group(1).upper(), there[0], sentence.start + match.start(), sentence.start + match.end())
                  for match in _BOSNIAK.finditer(sentence.text)
                  if there and match.group(1).upper() in _BELOW_ENHANCING_CATEGORIES]
    return found


# A wall or septum of a cystic renal mass measured thick ("the anterior septum irregularly thickened to 5 mm and
# enhancing", "分隔增厚约5mm，可见强化"): Bosniak v2019 makes an enhancing wall or septum of 4 mm or more category III,
# where II allows walls and septa of 2 mm at most and IIF of 3 mm, so no I, II or IIF fits it. A thickness under a bound
# ("厚度均≤2mm") is no measure of a thick one.
_WALL_OR_SEPTUM = {"en": re.compile(r"\b(?:sept(?:um|a|ation|ations)|walls?)\b", re.I), "zh": re.compile(r"分隔|间隔|壁")}
# A wall is the cystic mass's own when nothing else owns it: a septum always is, a wall when the word before it is the
# cyst's or the generic name of the mass described, an article, a pronoun or a description ("cyst wall", "lesion wall",
# "its wall", "an irregular wall", "囊壁", "囊肿壁", "，壁厚"), not another organ or lesion ("the bladder wall", "renal
# pelvis wall", "胆囊壁", "膀胱壁", "脓肿壁").
_SEPTUM = {"en": re.compile(r"\bsept", re.I), "zh": re.compile(r"分隔|间隔")}
_OWNED_BY_THE_CYST = {
    "en": re.compile(r"(?:^|[,;:(]\s*|\b(?:cyst(?:ic)?|lesion|mass|its|an?|the|this|whose|irregular(?:ly)?|smooth|thin|"
                     r"thick(?:ened)?|nodular|enhancing)\s+)walls?$", re.I),
    "zh": re.compile(r"(?:^|[，,；;：:、\s]|(?<!胆)囊(?:肿)?|病灶|病变|肿块|其)壁$"),
}
_THICKNESS = {
    "en": re.compile(r"\bthickened\s+(?:up\s+)?to\s+(\d+(?:\.\d+)?)\s*mm|(?<![<≤\d.])(\d+(?:\.\d+)?)\s*mm\s+thick\b", re.I),
    "zh": re.compile(r"(?:厚度?|增厚(?:至)?)(?:约|达|为|均)*\s*(\d+(?:\.\d+)?)\s*(?:mm|毫米)"),
}
THICK_WALL_MM = 4.0
# A description goes on from the sentence naming the mass for a sentence or two ("Right kidney: a 3.6 cm cystic lesion;
# fluid attenuation 12 HU. It contains two septa ...").
_GOING_ON = 2


def bosniak_below_thick_enhancing_wall(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(category, the findings' words, start, end) for each Bosniak I, II or IIF the impression gives to a renal cystic
    mass whose findings measure a wall or septum of it 4 mm thick or more (`_THICKNESS`) and state enhancement after
    that measure in its sentence, which names the kidney or a cyst or goes on from one that does (`_GOING_ON`), on a
    side the impression's statement names (`same_side`)."""
    findings = report.in_section("findings")
    thick = []
    for i, s in enumerate(findings):
        if not (_WALL_OR_SEPTUM[language].search(s.text)
                and any(_RENAL.search(t.text) for t in findings[max(i - _GOING_ON, 0) : i + 1])):
            continue
        for m in _THICKNESS[language].finditer(s.text):
            going_on_from = " ".join(t.text for t in findings[max(i - _GOING_ON, 0) : i])
            if float(next(g for g in m.groups() if g)) >= THICK_WALL_MM and _the_cysts_wall(
                    s.text, m, going_on_from, language) and affirmed(_ENHANCEMENT[language], s.text[m.start():], language):
                thick.append((s, m.group(0)))
    found = []
    for sentence in report.in_section("impression"):
        there = [words for s, words in thick if same_side(sentence, s, language)]
        found += [(match.group(1).upper(), there[0], sentence.start + match.start(), sentence.start + match.end())
                  for match in _BOSNIAK.finditer(sentence.text)
                  if there and match.group(1).upper() in _BELOW_ENHANCING_CATEGORIES]
    return found


def _the_cysts_wall(text: str, measure: re.Match, going_on_from: str, language: str) -> bool:
    """The wall or septum a thickness measures (the last named before the measure's end, else the first after it) is
    the cystic mass's own: a bladder or abscess wall beside a renal cyst says nothing of the cyst, nor does a wall in
    TEXT's sentence, or those GOING_ON_FROM before it, last naming another organ (`_in_the_kidney`)."""
    named = list(_WALL_OR_SEPTUM[language].finditer(text))
    before = [w for w in named if w.start() < measure.end()]
    wall = before[-1] if before else next(iter(named), None)
    described = f"{going_on_from} {text}"
    return wall is not None and _in_the_kidney(described, len(described) - len(text) + wall.start(), language) and bool(
        _SEPTUM[language].match(wall.group(0)) or _OWNED_BY_THE_CYST[language].search(text[:wall.end()]))


def _in_the_kidney(text: str, cut: int, language: str) -> bool:
    """A wall or septum belongs to the organ the description last names before it, in TEXT before CUT ("The bladder
    mass wall", "Liver: a cystic lesion; the lesion wall", "肝内见囊肿，囊肿壁"): the kidney's, or, with no organ named,
    the renal mass's. An organ named as the mass's neighbour ("cyst of the left kidney abutting the spleen", "紧邻脾脏")
    owns no wall (`_owners`). Only the stretch CUT falls in is read for each wall; the stretches before it are read once
    for all of TEXT's walls (`_owners_by_stretch`): reading all of the text before each wall again took time growing
    with the square of a long list of organs each followed by a wall."""
    starts, last_owners = _owners_by_stretch(text, language)
    at = bisect_right(starts, cut) - 1
    owner = _last_owner(Span(starts[at], cut, text[starts[at] : cut]), language)
    if owner is None and at:
        owner = last_owners[at - 1]
    return owner is None or owner.key == "kidney"


# No reading of an organ crosses these stops: an organ's term, a lymph node's station words (an English list of
# stations may run over commas, and an English neighbour's cue over a fullwidth semicolon), a landmark, a vessel
# named after an organ and a neighbour's cue each lie between two of them; so whether the organ a text last names
# is the kidney, its stretches between stops tell one by one.
_ORGAN_STOP = {"en": re.compile(r";"), "zh": re.compile(r"[，,；;。]")}


def _last_owner(span: Span, language: str) -> Mention | None:
    """The organ SPAN names last but for those named as a neighbour (`not_neighbours`; in Chinese also one a mass lies
    against): the organ a wall after it belongs to; None when it names none."""
    named = not_neighbours(span, organs(span, language), language, lying_against=True)
    return max(named, key=lambda m: m.start, default=None)


@remembered(lambda text, language: (text, language))
def _owners_by_stretch(text: str, language: str) -> list[list]:
    """[the starts of TEXT's stretches (`_ORGAN_STOP`: each from a stop's end), for each stretch the organ last named
    (`_last_owner`) in it or any stretch before it (None for none)]."""
    starts = [0] + [m.end() for m in _ORGAN_STOP[language].finditer(text)]
    last_owners: list[Mention | None] = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        owner = _last_owner(Span(start, end, text[start:end]), language)
        last_owners.append(owner if owner is not None else last_owners[-1] if last_owners else None)
    return [starts, last_owners]


def same_side(one: Span, other: Span, language: str) -> bool:
    """Two statements may be about one organ of a pair by the sides they name: one names none, or both, or they
    share one."""
    here, there = {m.key for m in sides(one, language)}, {m.key for m in sides(other, language)}
    return not here or not there or "both" in here | there or bool(here & there)


# LI-RADS v2018 --------------------------------------------------------------------------------------

_LR5 = re.compile(r"(?:\bLI-?RADS\s*(?:v?20\d\d\s*)?(?:category\s*)?[:：]?\s*|\bLR-?)5(?!\d|\.\d)(?:\s*类)?", re.I)
_NO_APHE = {
    "en": re.compile(r"\b(?:no|without)\s+(?:non-?rim\s+)?(?:APHE|arterial(?:\s+phase)?\s+hyper-?enhancement)\b", re.I),
    "zh": re.compile(r"动脉期(?:未见|无)(?:明显|明确)?(?:异常)?(?:高)?强化"),
}
_LR5_SIZE_MM = 10.0
_LR5_ANY_FEATURE_MM = 20.0  # from 20 mm, APHE with any one further major feature is LR-5


def lr5_against_features(report: ParsedReport, language: str) -> list[tuple[str, int, int]]:
    """(why, start, end) for the one LR-5 a report gives (several are several observations, left alone) that its
    own words rule out: a size under 10 mm, stated where the category is given (else in the findings, when they
    measure one observation alone), or a stated absence of arterial phase hyperenhancement."""
    given = [(s, m) for s in report.sentences for m in _LR5.finditer(s.text)]
    if len(given) != 1:
        return []
    sentence, match = given[0]
    measured = sizes(sentence) or [z for s in report.in_section("findings") for z in sizes(s)]
    where = (sentence.start + match.start(), sentence.start + match.end())
    if sizes(sentence) or len(measured) == 1:
        largest = max(z.largest_mm for z in measured) if measured else None
        if largest is not None and largest < _LR5_SIZE_MM:
            return [(f"a {largest:g} mm observation is under the 10 mm LR-5 needs", *where)]
    if any(_NO_APHE[language].search(s.text) for s in report.in_section("findings")):
        return [("the findings state no arterial phase hyperenhancement, which LR-5 needs", *where)]
    return []


# Any LI-RADS category, and the major features the report states one observation with. A feature counts when nothing
# before it in its clause denies it ("no washout", "无包膜"); rim APHE ("rim arterial phase hyperenhancement", "环形强化")
# is an LR-M feature, no APHE. Threshold growth needs a prior size and is not read.
_LI_RADS = re.compile(r"(?:\bLI-?RADS\s*(?:v?20\d\d\s*)?(?:category\s*)?[:：]?\s*|\bLR-?)([1-5]|M|TIV|NC)(?![\dA-Za-z]|\.\d)",
                      re.I)
_UNDERCALLED = {"1", "2", "3"}  # ancillary features move a category by one at most: LR-4 may be a demoted LR-5
_MAJOR = {
    "en": {"aphe": re.compile(r"\bnon-?rim\s+(?:APHE|arterial(?:\s+phase)?\s+hyper-?enhancement)\b|"
                              r"(?<![\w-])(?<!rim )(?:APHE|arterial(?:\s+phase)?\s+hyper-?enhancement)\b", re.I),
           "washout": re.compile(r"\bnon-?peripheral\s+wash-?out\b|(?<!peripheral )\bwash-?out\b", re.I),
           "capsule": re.compile(r"\bcapsules?\b", re.I)},
    "zh": {"aphe": re.compile(r"动脉期(?:呈)?(?:明显|显著)?(?:非环形)?(?:高)?强化|非环形动脉期(?:高)?强化"),
           "washout": re.compile(r"廓清|快进快出|对比剂(?:退出|消退)"),
           "capsule": re.compile(r"包膜")},
}
_RIM_APHE = {"en": re.compile(r"(?<!non-)(?<!non)\brim\s+(?:APHE|arterial|enhancement)|\btargetoid\b", re.I),
             "zh": re.compile(r"(?<!非)环形强化|边缘(?:环形)?强化|靶征")}
_DENIED_BEFORE = {"en": re.compile(r"\b(?:no|without|absent|not)\b", re.I), "zh": re.compile(r"未见|无|未|没有")}
_CLAUSE_END = re.compile(r"[.;。；]")


def _stated(pattern: re.Pattern, text: str, language: str) -> bool:
    """PATTERN occurs in TEXT with no denial before it in its clause."""
    return bool(affirmed(pattern, text, language))


def affirmed(pattern: re.Pattern, text: str, language: str) -> list[re.Match]:
    """The matches of PATTERN in TEXT with no denial before them in their clause."""
    return [match for match in pattern.finditer(text) if not _DENIED_BEFORE[language].search(
        text[max((m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())), default=0) : match.start()])]


def lr5_undercalled(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(category, the features, start, end) for the one LI-RADS category a report gives (several are several
    observations) when it is LR-3 or lower and one findings sentence measures an observation with non-rim APHE and
    the further major features that make it LR-5 (LI-RADS v2018 CT/MRI table): any one of washout and an enhancing
    capsule from 20 mm, washout or both from 10 mm. Ancillary features can lower an LR-5 by one category, to LR-4,
    never to LR-3; rim APHE makes it LR-M, and is left alone."""
    given = [(s, m) for s in report.sentences for m in _LI_RADS.finditer(s.text)]
    if len(given) != 1 or given[0][1].group(1).upper() not in _UNDERCALLED:
        return []
    lr5 = [_lr5_features(s, language) for s in report.in_section("findings")]
    lr5 = [features for features in lr5 if features]
    if len(lr5) != 1:
        return []
    sentence, match = given[0]
    return [(f"LR-{match.group(1)}", lr5[0], sentence.start + match.start(), sentence.start + match.end())]


def _lr5_features(sentence: Sentence, language: str) -> str | None:
    """How SENTENCE describes an LR-5 observation ("24 mm, non-rim APHE, washout"), or None when it does not."""
    major = {name: _stated(pattern, sentence.text, language) for name, pattern in _MAJOR[language].items()}
    measured = sizes(sentence)
    if not major.pop("aphe") or not measured or _RIM_APHE[language].search(sentence.text):
        return None
    largest = max(z.largest_mm for z in measured)
    further = [name for name, stated in major.items() if stated]
    if largest >= _LR5_ANY_FEATURE_MM and further or largest >= _LR5_SIZE_MM and (major["washout"] or len(further) == 2):
        return f"{largest:g} mm with non-rim APHE and {' and '.join(further)}"
    return None


_HAEMANGIOMA_ENHANCEMENT = {
    "en": (re.compile(r"\bperipheral\s+(?:\w+\s+){0,2}?(?:nodular|discontinuous|globular)\s+(?:\w+\s+)?enhancement\b|"
                      r"\b(?:nodular|discontinuous|globular)\s+peripheral\s+enhancement\b", re.I),
           re.compile(r"\bcentripetal(?:ly)?\s+(?:fill(?:-?in|ing|s)?|enhancement|progression)\b|"
                      r"\bfill(?:s|ing)?\s+in\s+(?:\w+\s+){0,2}?centripetal", re.I)),
    "zh": (re.compile(r"边缘[^，。；,;]{0,4}结节[状样]?[^，。；,;]{0,4}强化"),
           re.compile(r"向(?:中心|心)[^，。；,;]{0,4}填充|向心性(?:填充|强化)")),
}
_HCC = {"en": re.compile(r"\b(?:hepatocellular\s+carcinoma|HCC)\b|" + _LR5.pattern, re.I),
        "zh": re.compile(r"肝细胞癌|肝癌|\bHCC\b|" + _LR5.pattern, re.I)}
# The carcinoma named as what a cirrhotic liver is watched for, or as the patient's past ("continue HCC surveillance",
# "at risk of HCC", "history of treated HCC", "肝癌筛查", "肝癌术后"), diagnoses no lesion described.
_HCC_NOT_A_DIAGNOSIS = {
    "en": (re.compile(r"\b(?:risk\s+(?:of|for)|history\s+of|h/o|known|treated|prior|previous|resected|ablated)\s+$", re.I),
           re.compile(r"^\s*(?:surveillance|screening|risk|protocol|follow[- ]?up|programme|program)\b", re.I)),
    "zh": (re.compile(r"(?:既往|病史|高危|术后|消融后)\s*$"),
           re.compile(r"^\s*(?:筛查|监测|随访|高危|病史|术后|消融后|介入术后)")),
}


def liver_diagnosis_against_enhancement(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(diagnosis, the enhancement described, start, end) for each hepatocellular carcinoma or LR-5 the impression
    states while the findings describe a haemangioma's enhancement (peripheral nodular, filling in towards the
    centre) and no washout, and each liver haemangioma it states while they describe washout and not that
    enhancement (washout in a statement about the liver, `_about_the_liver`; the haemangioma's enhancement, which
    is no other organ's, anywhere). A report describing both keeps two observations apart, and is left alone."""
    findings = report.in_section("findings")
    haemangioma_like = all(_stated(p, " ".join(s.text for s in findings), language)
                           for p in _HAEMANGIOMA_ENHANCEMENT[language])
    washout = any(_stated(_MAJOR[language]["washout"], s.text, language) for s in findings
                  if _about_the_liver(s, report, language))
    if haemangioma_like == washout:
        return []
    found = []
    for sentence in report.in_section("impression"):
        if haemangioma_like:
            found += [(m.group(0), "peripheral nodular enhancement filling in towards the centre, without washout",
                       sentence.start + m.start(), sentence.start + m.end())
                      for m in affirmed(_HCC[language], sentence.text, language) if _diagnoses_a_lesion(m, language)]
        else:
            found += [(report.text[e.start:e.end], "washout", e.start, e.end) for e in entities(sentence, language)
                      if e.finding == "hemangioma" and e.organ == "liver" and not e.negated]
    return found


def _diagnoses_a_lesion(hcc: re.Match, language: str) -> bool:
    """Whether the carcinoma HCC names is a diagnosis, not a watch for it or a history (`_HCC_NOT_A_DIAGNOSIS`)."""
    before, after = _HCC_NOT_A_DIAGNOSIS[language]
    return not (before.search(hcc.string[: hcc.start()]) or after.search(hcc.string[hcc.end() :]))


def _about_the_liver(sentence: Sentence, report: ParsedReport, language: str) -> bool:
    """SENTENCE names the liver, or stands under its sub-heading: the washout of an adrenal nodule, and of whatever a
    sentence naming no organ goes on about, is no liver lesion's."""
    return any(m.key == "liver" for m in subject(sentence, language, report.heading_of(sentence)))


# Pneumoconiosis (GBZ 70-2015, ILO 2011) -------------------------------------------------------------

_STAGE_ZH = r"(壹|贰|一|二|Ⅰ|Ⅱ|I{1,2}|[12])\s*期"
_BELOW_STAGE_III = {
    "en": re.compile(r"\b(?:simple|uncomplicated)\s+(?:coal workers'?\s+)?(?:silicosis|pneumoconiosis)\b|"
                     r"\b(?:stage|category)\s+(?:I{1,2}|[12])\s+(?:silicosis|pneumoconiosis)\b|"
                     r"\b(?:silicosis|pneumoconiosis),?\s+(?:stage|category)\s+(?:I{1,2}|[12])\b", re.I),
    "zh": re.compile(rf"(?:尘肺|矽肺|硅肺)病?\s*{_STAGE_ZH}|{_STAGE_ZH}\s*(?:尘肺|矽肺|硅肺)"),
}
_SIMPLE = re.compile(r"simple|uncomplicated", re.I)
_COMPLICATED_MM = 10.0  # ILO: a large opacity is over 10 mm
_STAGE_III_MM = (20.0, 10.0)  # GBZ 70-2015: 长径不小于20mm，短径不小于10mm


def pneumoconiosis_understaged(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(stage given, the large opacity's size, start, end) for each simple or stage I-II pneumoconiosis the
    impression gives while the findings measure a large opacity that rules it out."""
    measured = [z for s in report.in_section("findings")
                if any(e.finding == "large_opacity" and not e.negated for e in entities(s, language))
                for z in sizes(s)]
    if not measured:
        return []
    largest = max(measured, key=lambda z: z.dims_mm)
    long_axis, short_axis = largest.largest_mm, min(largest.dims_mm)
    found = []
    for sentence in report.in_section("impression"):
        for match in _BELOW_STAGE_III[language].finditer(sentence.text):
            ruled_out = (long_axis > _COMPLICATED_MM if _SIMPLE.match(match.group(0))
                         else long_axis >= _STAGE_III_MM[0] and short_axis >= _STAGE_III_MM[1])
            if ruled_out:
                found.append((match.group(0), report.text[largest.start:largest.end],
                              sentence.start + match.start(), sentence.start + match.end()))
    return found


# Larynx and hypopharynx T category (AJCC 8th edition) ----------------------------------------------

# A squamous carcinoma of the larynx or hypopharynx: the report's words for the organ, which the T category below is
# that of (an oral or oropharyngeal T4a reads other structures).
_LARYNX = {"en": re.compile(r"\b(?:laryn\w*|glott\w*|supraglott\w*|subglott\w*|hypopharyn\w*|pyriform|piriform)\b", re.I),
           "zh": re.compile(r"喉癌|声门|下咽|梨状窝|喉部")}
# The features that set the lowest T category the tumour can have, highest first: through the outer cortex of the
# thyroid cartilage or into the strap muscles or the thyroid gland, beyond the larynx, is T4a; a fixed vocal cord
# (a fixed hemilarynx, for the hypopharynx) is T3. The oesophagus is T3 or T4a by its layer, and is not read.
_T_FEATURES = {
    "en": ((4, re.compile(r"\bthrough\s+(?:the\s+)?(?:\w+\s+){0,2}?thyroid\s+cartilage|\bouter\s+cortex\s+of\s+the\s+"
                          r"thyroid\s+cartilage|\b(?:into|in|invad\w*|involv\w*)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
                          r"(?:strap\s+muscles?|thyroid\s+gland|extralaryngeal)|\bextralaryngeal\s+(?:spread|extension)",
                          re.I)),
           (3, re.compile(r"\b(?:vocal\s+)?cord\s+(?:is\s+)?fixed\b|\bfixed\s+(?:\w+\s+)?(?:vocal\s+)?cord\b|"
                          r"\b(?:vocal\s+)?cord\s+fixation\b|\bhemilarynx\s+(?:is\s+)?fixed\b", re.I))),
    "zh": ((4, re.compile(r"(?:突破|穿破|穿透)[^，。；]{0,4}甲状软骨|甲状软骨[^，。；]{0,8}外(?:侧)?(?:骨)?皮质[^，。；]{0,4}破坏|"
                          r"(?:侵入|侵犯|累及|突入|突出至)[^，。；]{0,10}(?:带状肌|甲状腺|喉外)")),
           (3, re.compile(r"声带固定|半喉固定"))),
}
# A T category ("T2", "cT1b", "T1b期"), not a thoracic vertebra ("C6-T1", "T1 vertebral body", "T1椎体").
_T_CATEGORY = re.compile(r"(?<![A-Za-z0-9\-–])[cp]?T([0-4])[a-c]?(?![A-Za-z0-9\-–])(?!\s*(?:vertebra|椎))")


def larynx_t_understaged(report: ParsedReport, language: str) -> list[tuple[str, str, int, int]]:
    """(category given, the feature, start, end) for each T category the impression of a laryngeal or hypopharyngeal
    carcinoma gives below the one its findings' own words set (`_T_FEATURES`, affirmed: "未侵犯甲状软骨" sets none)."""
    if not any(_LARYNX[language].search(s.text) for s in report.sentences):
        return []
    features = [(category, match.group(0)) for s in report.in_section("findings")
                for category, pattern in _T_FEATURES[language] for match in affirmed(pattern, s.text, language)]
    if not features:
        return []
    least, feature = max(features)
    return [(match.group(0), feature, s.start + match.start(), s.start + match.end())
            for s in report.in_section("impression") for match in _T_CATEGORY.finditer(s.text)
            if int(match.group(1)) < least]


# Keros (1962) ------------------------------------------------------------------------------------

_KEROS = re.compile(r"(?<![A-Za-z])Keros\s*(?:type|class(?:ification)?|分型|分类)?\s*[:：]?\s*(III|II|I|Ⅲ|Ⅱ|Ⅰ|[1-3])(?![A-Za-z0-9])",
                    re.I)
# A further type the sentence names after its Keros type ("Keros type II on the right and III on the left", "右侧Keros Ⅱ型，
# 左侧Ⅲ型"): Roman numerals standing alone, an Arabic one only as a type ("type 3", "3型"), never a depth ("3 mm").
_FURTHER_TYPE = re.compile(r"(?<![A-Za-z0-9.])(?:III|II|I|Ⅲ|Ⅱ|Ⅰ)(?![A-Za-z0-9])|\btype\s*[1-3](?![0-9])|(?<![0-9.])[1-3]\s*型",
                           re.I)
_KEROS_TYPES = {"i": 1, "ⅰ": 1, "1": 1, "ii": 2, "ⅱ": 2, "2": 2, "iii": 3, "ⅲ": 3, "3": 3}
# What a Keros depth measures: "Olfactory fossa depth: right 5 mm, left 9 mm", "嗅窝深度：右侧约5mm".
_OLFACTORY_FOSSA = re.compile(r"\bolfactory\s+(?:fossa|fossae|groove)|\blateral\s+lamella|嗅窝|筛板外侧板", re.I)


KEROS_NAMES = {1: "I", 2: "II", 3: "III"}


def keros_type(depth_mm: float) -> int:
    """The Keros type of a depth, a whole millimetre between two bands taken to the nearer."""
    return 1 if depth_mm < 3.5 else 2 if depth_mm < 7.5 else 3


def keros_contradicted(report: ParsedReport, language: str) -> list[tuple[Span, int]]:
    """Each olfactory fossa depth the findings measure on one side whose Keros type is not the one the report gives that
    side ("Keros type II bilaterally", "左侧Keros Ⅲ型"; a type naming no side is both sides'): (the depth, the type
    given). A sentence naming two types (a second Keros, or a further type: `_FURTHER_TYPE`) is left unread: which is
    whose is not written plainly."""
    given: dict[str, int] = {}
    for sentence in report.body:
        written = list(_KEROS.finditer(sentence.text))
        if len(written) != 1 or _FURTHER_TYPE.search(sentence.text, written[0].end()):
            continue
        named = {m.key for m in sides(sentence, language)} & {"left", "right"}
        for side in named or ("left", "right"):
            given[side] = _KEROS_TYPES[written[0].group(1).lower()]
    found = []
    for sentence in report.in_section("findings"):
        named = _OLFACTORY_FOSSA.search(sentence.text)
        if named is None:
            continue
        for size in sizes(sentence):
            before = [m.key for m in sides(sentence, language) if m.end <= size.start and m.key in ("left", "right")]
            if len(size.dims_mm) != 1 or not before or before[-1] not in given:
                continue
            if size.start < sentence.start + named.end() or keros_type(size.largest_mm) == given[before[-1]]:
                continue
            found.append((Span(size.start, size.end, report.text[size.start : size.end]), given[before[-1]]))
    return found


# Deauville five-point scale (Lugano 2014) ---------------------------------------------------------------------------

# "Deauville 4", "Deauville score 3", "Deauville 2分", "Deauville评分4分", "Deauville 5-PS score 3", "Deauville 5分法评分3分":
# the 5 of the five-point scale's name ("5-PS", "5-point", "5分法") is no score, and a full stop may end one ("Deauville 5.").
_DEAUVILLE = re.compile(r"Deauville\s*(?:(?:5|five)[- ]?(?:PS|point(?:\s+scale)?)\b|[5五]分法)?\s*(?:score|评分|分)?\s*[:：=]?\s*"
                        r"([1-5])(?!\d|\.\d|\s*-?\s*(?:PS\b|point\b)|分法)\s*分?", re.I)
# An SUVmax as written ("SUVmax 2.6", "SUV max of 9.8", "SUVmax约9.8"), and the words before it that make it a reference
# region's (the mediastinal blood pool's, the liver's: "Reference regions: mediastinal blood pool SUVmax 1.9, liver
# SUVmax 2.8", "纵隔血池SUVmax 1.8，肝脏SUVmax 2.6") or the baseline's ("baseline SUVmax 24.3", "基线SUVmax 15.2").
_SUV = re.compile(r"(?<![A-Za-z])SUV\s?max(?![A-Za-z])\s*(?:of|=|:|：|约|为)?\s*(\d+(?:\.\d+)?)", re.I)
_MEDIASTINAL_POOL = re.compile(r"(?:\bblood[- ]pool|血池|\bmediastin\w*\s+(?:background|reference)|纵隔本底)[^,，;；。:：]{0,6}$",
                               re.I)
_LIVER_REFERENCE = re.compile(r"(?:\b(?:normal\s+)?(?:liver|hepatic)(?:\s+(?:background|parenchyma|reference))?|"
                              r"肝(?:脏)?(?:本底|实质|参考)?)\s*$", re.I)
# A baseline's value may come anywhere later in its sentence ("Baseline PET-CT showed a bulky mediastinal mass with
# SUVmax 18.6", "基线PET-CT示纵隔巨大肿块，SUVmax 18.6") unless the sentence turns to the present study before it
# ("compared with baseline, the mass now shows SUVmax 2.6") or the baseline is an aside closed before it ("残余淋巴结约
# 1.5cm（基线4.2cm），SUVmax 9.8": the present value). A prior study the sentence compares with ("Compared with the prior
# study, the mass has decreased, SUVmax 8.0", "与前片比较") gives no value of its own.
_BASELINE_VALUE = re.compile(r"(?<!compared with the )(?<!compared to the )(?<!compared with )(?<!compared to )"
                             r"(?<!since the )(?<!than the )(?<!than )(?<!与)(?<!较)"
                             r"(?:\bbaseline|\bprior|\bprevious(?:ly)?|\bpre-?treatment|基线|前片|治疗前)"
                             r"(?:(?!\bnow\b|\bcurrent|\b(?:this|the\s+present)\s+(?:study|scan|exam)|目前|现|本次|此次|较前).)*$",
                             re.I)
_CLOSED_ASIDE = re.compile(r"[（(][^（）()]*[)）]")
# Physiological uptake (brain, urinary tract, bowel) is no lesion's ("Physiological urinary bladder activity, SUVmax
# 14.0", "膀胱内放射性浓聚，SUVmax 14.0，为生理性排泄"); the word right after a negation or a judgement against it
# ("non-physiological", "not physiological", "unlikely physiological", "unlikely to be/to represent physiological", "not
# likely (to be) physiological", "less likely (to be) physiological", "not thought to be physiological", "not consistent
# with physiological", "非生理性摄取", "不生理性", "不考虑(为/是/系)生理性摄取", "不符合生理性", "不似生理性") says the opposite;
# a judgement after the word or worded otherwise ("physiological activity is unlikely", "less likely to represent
# physiological") is not read. Chinese 生理 alone is the normal anatomy's ("生理曲度", "生理狭窄"), not uptake.
_PHYSIOLOGICAL = re.compile(r"(?<!non-)(?<!not )(?<!unlikely )(?<!unlikely to be )(?<!unlikely to represent )"
                            r"(?<!not likely to be )(?<!not thought to be )(?<!not consistent with )"
                            r"(?<!not likely )(?<!less likely )(?<!less likely to be )"
                            r"\bphysiolog\w*|(?<![非不])(?<!不考虑)(?<!不考虑[为是系])(?<!不符合)(?<!不似)生理性", re.I)
# A comma then a conjunction opens a list's next item, with uptake of its own ("node, SUVmax 9.5, and physiological
# uptake in the bowel", "肿块，以及肠道生理性摄取"): a physiological word there describes nothing before it.
_NEXT_ITEM = re.compile(r"[,，;；]\s*(?:(?:and|as well as|plus)\b|以及|及|另)", re.I)


def physiological(sentence: Sentence, start: int) -> bool:
    """SENTENCE calls what it writes from START (an offset in the report) physiological: an unnegated physiological word
    after START in the same item of a list (`_NEXT_ITEM`), the one place both a finding's benignity and an uptake
    value's leaving out are read."""
    offset = start - sentence.start
    item_end = next((m.start() for m in _NEXT_ITEM.finditer(sentence.text, offset)), len(sentence.text))
    words = _physiological_words(sentence)
    return any(_PHYSIOLOGICAL.match(sentence.text, at, item_end)
               for at in takewhile(lambda at: at < item_end, islice(words, bisect_left(words, offset), None)))


@remembered(lambda sentence: (sentence.start, sentence.text))
def _physiological_words(sentence: Sentence) -> list[int]:
    """Where `_PHYSIOLOGICAL` matches in SENTENCE's text, every start in order: `physiological` tries an item's own from
    them. Searching the rest of a long sentence again for each finding or uptake value, through its negated words (each
    failing the chain of lookbehinds), took time growing with the square of its length."""
    return [word.start() for word in _PHYSIOLOGICAL.finditer(sentence.text)]


def _item_start(sentence: Sentence, offset: int) -> int:
    """Where the list item holding OFFSET in SENTENCE's text begins (`_NEXT_ITEM`)."""
    return max((m.end() for m in _NEXT_ITEM.finditer(sentence.text, 0, offset)), default=0)


def _suv_values(sentences: list[Sentence]) -> tuple[list[float], list[float], list[float]]:
    """The SUVmax values SENTENCES write: (mediastinal blood pool, liver, lesions), a baseline's and physiological uptake's
    left out."""
    pool, liver, lesions = [], [], []
    for sentence in sentences:
        for m in _SUV.finditer(sentence.text):
            before, value = sentence.text[: m.start()], float(m.group(1))
            if (_BASELINE_VALUE.search(_CLOSED_ASIDE.sub("", before))
                    or physiological(sentence, sentence.start + _item_start(sentence, m.start()))):
                continue
            if _LIVER_REFERENCE.search(before):
                liver.append(value)
            elif _MEDIASTINAL_POOL.search(before):
                pool.append(value)
            else:
                lesions.append(value)
    return pool, liver, lesions


def deauville_scores(uptake: float, pool: float | None, liver: float | None) -> set[int]:
    """The Deauville scores an uptake fits against the references stated: 1-2 at or below the mediastinal blood pool, 3
    above it and at or below the liver, 4-5 above the liver; without one of the references, the scores on either side
    of it. A value within 0.1 of a reference (SUVmax is written to one decimal) fits the scores on both sides of it."""
    scores = set()
    for value in (uptake - 0.1, uptake, uptake + 0.1):
        if liver is not None and value > liver:
            scores |= {4, 5}
        elif pool is not None and value <= pool:
            scores |= {1, 2}
        elif pool is None:
            scores |= {1, 2, 3}
        else:
            scores |= {3} if liver is not None else {3, 4, 5}
    return scores


def deauville_contradicted(report: ParsedReport) -> list[tuple[int, float, str, int, int]]:
    """(score given, highest lesion SUVmax, the scores it fits, start, end) for the one Deauville score an impression
    gives that the highest lesion uptake the findings state does not fit against the reference regions they state
    (`deauville_scores`). An impression giving several scores (one a site) is left unread, and so is a 5 beside a new
    lesion, which scores 5 whatever its uptake."""
    claims = [(sentence, m) for sentence in report.in_section("impression") for m in _DEAUVILLE.finditer(sentence.text)]
    if len({m.group(1) for _, m in claims}) != 1:
        return []
    pool, liver, lesions = _suv_values(report.in_section("findings"))
    if not lesions or not (pool or liver) or len(set(pool)) > 1 or len(set(liver)) > 1:
        return []
    highest = max(lesions)
    fits = deauville_scores(highest, pool[0] if pool else None, liver[0] if liver else None)
    found = []
    for sentence, m in claims:
        given = int(m.group(1))
        # Lugano 2014 scores a new lesion 5 whatever its uptake; "No definite new lesion" is none.
        if given in fits or given == 5 and any(affirmed(NEW_LESION[report.language], s.text, report.language)
                                               for s in report.in_section("findings")):
            continue
        found.append((given, highest, "/".join(str(s) for s in sorted(fits)), sentence.start + m.start(),
                      sentence.start + m.end()))
    return found
