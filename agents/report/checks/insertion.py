"""Statements that do not belong: template remnants, an organ described although the report says it was
removed, a findings statement contradicted by another one about the same thing (a central midline beside its
shift), an impression line calling the study normal beside the impression's own finding, verbatim repeats, and
instructions addressed to a machine rather than a clinician."""

from __future__ import annotations

import re

from radqc.agents.report import organ_parts
from radqc.agents.report.checks import CheckInput
from radqc.agents.report.checks.mismatch import operated_for
from radqc.agents.report.checks.omission import PERI_WORD, SIGNIFICANT, incidental, weight
from radqc.agents.report.document import ParsedReport, Sentence, Span, repeats
from radqc.agents.report.evidence import Candidate, candidate, quoted
from radqc.agents.report.levels import SPAN, levels_apart, span
from radqc.agents.report.lexicon import anatomy
from radqc.agents.report.mentions import (
    VESSEL_AFTER, Entity, about_the_rest, count, family, organs, qualified_denial, severity, sides, sides_given, site_of,
    sizes, states_normal, subject_sites, vessel_of_the_organ,
)
from radqc.agents.report.relations import (
    FREE_IN_A_SPACE, group, same_abnormality, sides_compatible, spared_by_focal_denial,
)

# A template's slot: asterisks or underscores in brackets ("[***]", "left main [__] mm"), a blank before a unit, a choice
# between bracketed words left unmade, placeholder letters, instructions to fill in.
_TEMPLATE = re.compile(
    r"\[\s*(?:\*+|_+)\s*\]|\*{3,}|_{3,}|_{2,}\s*(?:mm|cm|毫米|厘米|HU)|\[[A-Za-z ]{2,20}(?:/[A-Za-z ]{2,20})+\]|(?<![A-Za-z])[Xx]{3,}(?![A-Za-z])|[×Ｘ]{2,}(?=[\s。.;；，,、)）]|$)|[Xx×Ｘ]{2,}\s*(?:mm|cm|毫米|厘米)|\{\{[^}]{0,40}\}\}"
    r"|<\s*(?:insert|enter|type|select|specify|size|side|organ|date|name|finding)[^>]{0,30}>"
    r"|\[\s*(?:insert|enter|type|select|specify|size|side|organ|date|name|finding|tbd|todo|describe|add|list|fill)"
    r"\b[^\]]{0,40}\]"
    r"|\b(?:TBD|TODO|lorem ipsum)\b|[（(\[【]\s*(?:请填写|待填|填写|待补充|此处)[^）)\]】]{0,20}[）)\]】]|某某|\?{3,}",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"ignore (?:all |any )?(?:previous|prior|above|earlier) (?:instructions|prompts?)|disregard (?:the|all|any) "
    r"(?:previous|above|prior)|system prompt|you are (?:an? )?(?:ai|assistant|language model|chatbot)|"
    r"(?:output|return|respond with) (?:only )?(?:json|an empty)|忽略(?:以上|之前|上述)(?:所有)?(?:指令|提示)|系统提示词",
    re.IGNORECASE,
)

# "已切除", and with when or at what operation it was removed: "已于2018年切除", "已于移植术中切除" (not "部分切除").
_ALREADY = r"(?:已(?:于(?:(?!部分)[^，。；,;]){0,12}?)?)?"
# Operations and what they remove: organ id -> English and Chinese wordings.
_REMOVED = {
    "gallbladder": (r"cholecystectomy|lap\.? chole\b|gallbladder (?:is |has been )?(?:surgically )?(?:absent|removed)", rf"胆囊{_ALREADY}切除|胆囊术后缺如|胆囊缺如"),
    # a failed graft removed (a transplant nephrectomy, "移植肾已切除") leaves the native kidneys and any new graft
    "kidney": (r"(?<!transplant )(?<!graft )nephrectomy|kidney (?:is |has been )?(?:surgically )?(?:absent|removed)",
               rf"(?<!移植)肾(?:脏)?{_ALREADY}切除|肾(?:脏)?缺如|肾(?:脏)?术后缺如"),
    "spleen": (r"splenectomy|spleen (?:is |has been )?(?:surgically )?(?:absent|removed)", rf"脾(?:脏)?{_ALREADY}切除|脾(?:脏)?缺如"),
    "uterus": (r"hysterectomy|uterus (?:is |has been )?(?:surgically )?(?:absent|removed)", rf"子宫(?:及双侧?附件)?{_ALREADY}切除|子宫全切|子宫缺如|子宫术后缺如|宫颈癌根治术"),
    # a right hemicolectomy or ileocaecal resection takes the caecum and its appendix
    "appendix": (r"appendectomy|appendicectomy|appendix (?:is |has been )?(?:surgically )?(?:absent|removed)|"
                 r"right hemicolectomy|ileoca?ecal resection", rf"阑尾{_ALREADY}切除|右半结肠切除|回盲部切除"),
    "prostate": (r"prostatectomy", rf"前列腺{_ALREADY}切除|前列腺癌?根治"),
    "bladder": (r"(?<!chole)cystectomy|cystoprostatectomy", rf"膀胱{_ALREADY}全?切除|膀胱全切"),
    "ovary": (r"oophorectomy", rf"卵巢{_ALREADY}切除"),
    "thyroid": (r"(?<!para)thyroidectomy", rf"甲状腺{_ALREADY}切除|甲状腺全切"),
    "lung": (r"pneumonectomy", r"全肺切除"),
    # a total gastrectomy only: a distal or subtotal one leaves the gastric remnant to describe
    "stomach": (r"(?<![\w-])(?<!near )total gastrectomy", rf"全胃{_ALREADY}切除"),
    # a mastectomy, simple or modified radical ("左乳改良根治术"); a lumpectomy or breast-conserving surgery leaves it, as
    # does a partial or segmental one (`_PARTIAL`)
    "breast": (r"mastectomy", rf"乳(?:腺|房)?{_ALREADY}(?:全?切除|(?:癌)?改良根治)|乳(?:腺|房)?缺如"),
}
# Operations named after their surgeon, in either language, and the whole organs they take (as standard
# surgical texts describe them): Whipple's pancreaticoduodenectomy takes the gallbladder with the duodenum
# and the head of the pancreas, Miles' abdominoperineal resection the rectum and anus, Wertheim's radical
# hysterectomy the uterus. Hartmann's (a rectal stump stays), Ivor Lewis (the upper oesophagus stays, the
# stomach becomes a conduit) and Dixon's (a low anterior resection) take no organ whole and are not listed.
_EPONYMOUS = {
    r"whipple|pancreatico-?duodenectomy|胰十二指肠切除": ("gallbladder",),
    r"(?<![a-z])miles(?:'s?)?(?:\s*(?:procedure|operation|resection|手?术))|abdomino-?perineal resection|腹会阴联合切除":
        ("rectum",),
    r"wertheim": ("uterus",),
}
# (organ, the operations removing it) in each language, compiled once: every sentence of every report is searched for
# each of them.
_OPERATIONS = {
    language: [(organ, re.compile(patterns[column], re.IGNORECASE)) for organ, patterns in _REMOVED.items()]
    + [(organ, re.compile(operation, re.IGNORECASE)) for operation, taken in _EPONYMOUS.items() for organ in taken]
    for column, language in enumerate(("en", "zh"))
}
# A partial operation leaves part of the organ to describe ("s/p left partial nephrectomy ... cyst in the
# left kidney", "hemithyroidectomy ... the remaining lobe", a segmental mastectomy or cystectomy): its word written just
# before the operation's.
# Chinese writes the part after the organ ("甲状腺次全切除", "甲状腺左叶部分切除"), which `_REMOVED`'s
# wordings then do not match; lobectomy, segmentectomy, hepatectomy and 半肝切除 remove no organ there (a lobe
# removed is `_LOBECTOMY`'s).
_PARTIAL = re.compile(r"\b(?:partial|segmental|subtotal|sub-total|near[\s-]*total|hemi)[\s-]*$|(?:部分|次全|大部分?)$", re.I)
# An operation still to come removes nothing yet: planned or recommended ("staging before radical prostatectomy",
# "work-up for nephrectomy", "建议根治性肾切除", "拟行胆囊切除"), or a work-up named for it ("肾切除术前评估"); nor does one
# the patient is not fit for or declined ("not fit for cystectomy", "declined nephrectomy", "不能耐受膀胱切除"). The words
# stand in the operation's clause, before it (`_PLANNED_BEFORE`) or right after it (`_PLANNED_AFTER`): Chinese "术前", and
# an English plan written after the operation ("nephrectomy is recommended", "nephrectomy before listing, as per MDT").
# 拟诊 is the provisional diagnosis ("拟诊胆囊切除术后改变": the operation done), not 拟 "planned", but an operation after
# it ("拟诊后行胆囊切除术", done once the diagnosis is made) is still to come.
# Declining or refusing is the operation's only when it is what was declined (`_DECLINED`): "renal function declined
# after nephrectomy" and "refused chemotherapy after cystectomy" follow one done.
_DECLINED = (r"\b(?:declined|refused)\s+(?:(?!(?:after|following|since|post|from|with|due|because)\b)[\w-]+\s+){0,4}"
             r"|拒绝[^，。；：后\n]{0,6}")
_PLANNED_BEFORE = re.compile(
    r"(?:(?:\b(?:before|ahead of|planned|planning|scheduled for|candidate for|work-?up for|consider(?:ed|ing)?|"
    r"recommend(?:ed|ing)?|suggest(?:ed|ing)?|awaiting|pre-?op(?:erative)?(?: for)?|"
    r"(?:not|un)\s*(?:fit|suitable|a candidate)\s+for)\b|建议|拟(?!诊(?!后))行?|计划|准备|待|(?:无法|不能)耐受|未行)"
    rf"[^.;,:，。；：\n]{{0,40}}|{_DECLINED})$", re.IGNORECASE)
_PLANNED_AFTER = re.compile(
    r"^术?前(?!列腺)"  # not "膀胱切除前列腺..."
    r"|^\s+(?:is |was )?(?:planned|recommended|advised|proposed)\b"
    r"|^[^.;:\n]{0,40}?\b(?:before listing|as (?:per|agreed (?:at|by)) (?:the )?(?:[\w-]+ ){0,2}MDT)\b", re.IGNORECASE)
# A sentence about what the operation left or put in the organ's place: its bed, clips, stump or a remnant, an accessory
# spleen or splenule (which grows after a splenectomy, "Accessory spleen 1.5 cm", "副脾，大小约1.2cm"); none is the
# removed organ (a transplanted kidney is an organ of its own in the lexicon).
_ABSENCE_CONTEXT = {
    "en": re.compile(r"absent|removed|resect|-ectomy|ectomy|surgical|post-?operative|status post|s/p|clips?|bed|fossa|"
                     r"cuff|vault|stump|remnant|anastomos|staple|accessory\s+splee?n\w*|splenul\w*|splenunculi?|"
                     r"splenosis|not (?:seen|visuali[sz]ed|identified)", re.I),
    "zh": re.compile(r"切除|缺如|术后|术区|残端|吻合口|新膀胱|代膀胱|副脾|脾种植|未见显示|未显示|"
                     r"未见(?:胆囊|肾|脾|子宫|阑尾|前列腺|卵巢|甲状腺)"),
}


# A lobectomy removes one lobe of one lung, which the lexicon does not hold as an organ of its own: "right upper
# lobectomy", "RUL lobectomy", "lobectomy of the left lower lobe", "左肺上叶切除", "右上肺叶已于2019年切除". A wedge or a
# segmental resection leaves the lobe ("左肺上叶楔形切除", "wedge resection of the right upper lobe").
_LOBECTOMY = {
    "en": re.compile(r"\b(?<!wedge )(?<!segmental )(?:(?P<side>left|right)\s+(?P<lobe>upper|middle|lower)\s+(?:lobe\s+)?"
                     r"(?:lobectomy|resection)|(?P<abbr>[RL][UML]L)\s+(?:lobectomy|resection)|lobectomy\s+of\s+the\s+"
                     r"(?P<side_of>left|right)\s+(?P<lobe_of>upper|middle|lower)\s+lobe)\b", re.I),
    "zh": re.compile(rf"(?P<side>[左右])(?:肺(?P<lobe>[上中下])叶|(?P<lobe_of>[上中下])肺叶?){_ALREADY}切除"),
}
# A lobe named by side and position: "left upper lobe", "LUL", "左肺上叶", "左上肺".
_LOBE = {
    "en": re.compile(r"\b(?:(?P<side>left|right)\s+(?P<lobe>upper|middle|lower)\s+lobe|(?P<abbr>[RL][UML]L))\b", re.I),
    "zh": re.compile(r"(?P<side>[左右])(?:肺(?P<lobe>[上中下])叶|(?P<lobe_of>[上中下])肺)"),
}
_LOBE_WORDS = {"l": "left", "r": "right", "u": "upper", "m": "middle", "左": "left", "右": "right", "上": "upper",
               "中": "middle", "下": "lower"}


def _lobe(match: re.Match) -> tuple[str, str]:
    """(side, position) of the lobe MATCH names, in English words: "LUL" and "左肺上叶" are ("left", "upper")."""
    found = {k: v.lower() for k, v in match.groupdict().items() if v}
    if "abbr" in found:
        return _LOBE_WORDS[found["abbr"][0]], _LOBE_WORDS[found["abbr"][1]]
    side = found.get("side") or found["side_of"]
    lobe = found.get("lobe") or found["lobe_of"]
    return _LOBE_WORDS.get(side, side), _LOBE_WORDS.get(lobe, lobe)


def check(data: CheckInput) -> list[Candidate]:
    return (_template_text(data) + _instructions(data) + _described_after_removal(data)
            + _lobe_described_after_lobectomy(data) + _native_joint_after_replacement(data)
            + _bone_intact_after_its_opening(data) + _complete_dentition_beside_missing_teeth(data)
            + _contradictions(data)
            + _normal_despite_finding(data) + _midline_central_despite_shift(data) + _impression_normal_beside_its_finding(data)
            + _comparison_without_prior(data) + _recounts(data) + _repeats(data))


# A header's identifier written as asterisks ("姓名：***", "门诊号：***", "MRN: ***"), also after the letters of its series
# ("检查号：CT********"), a person's name after a title ("Dr ***", "医师：***") and the date or number of a prior study in
# brackets after it ("较前片（***）", "与3周前CT（***）对比", "prior CT (***)") or named by "of", "on", "from" or "dated"
# ("compared with the CT of ***", "the study dated ***") are the record de-identified, as a synthetic or shared report
# prints it, not a field the radiologist left unfilled.
_REDACTED_IDENTIFIER = re.compile(
    r"(?:(?:姓名|患者|门诊号|住院号|影像号|检查号|病案号|病历号|床号|登记号|\b(?:patient(?: name| id)?|name|mrn|id|"
    r"accession(?: no\.?| number)?|dob|date of birth|hospital (?:no\.?|number)))\s*[:：]\s*[A-Za-z]{0,4}"  # a header field
    r"|(?:\b(?:dr|prof|doctor)\.?|医师|医生)\s*[:：]?\s*"  # a person's name after a title
    r"|(?:片|CT|MRI?|PET|\b(?:study|scan|exam(?:ination)?|radiograph|dated?))\s*[（(]\s*"  # a prior study's date
    r"|\b(?:CT|MRI?|PET|study|scan|exam(?:ination)?|radiograph)\s+(?:of|on|from|dated)\s+)$",
    re.IGNORECASE)
# The report's own description: its findings and impression. Bare asterisks anywhere else (the header's hospital
# "***五官科医院", a history's "CT（***）", a comparison line read as a heading, "对比：***日CT") stand where the header's
# identifiers are printed.
_DESCRIPTION = ("findings", "impression")


def _de_identified(report: ParsedReport, placeholder: re.Match) -> bool:
    """Whether PLACEHOLDER, a `_TEMPLATE` match, is asterisks standing for an identifier rather than a field left
    unfilled: after an identifier's label, a title or a prior study (`_REDACTED_IDENTIFIER`), or outside the
    description (`_DESCRIPTION`), where the radiologist writes no statement to leave unfinished. Bracketed
    asterisks ("No [***] is identified") are a template's slot wherever they are."""
    if not placeholder.group(0).startswith("*"):
        return False
    if _REDACTED_IDENTIFIER.search(report.text, max(0, placeholder.start() - 30), placeholder.start()):
        return True
    return not any(s.start <= placeholder.start() < s.end and s.kind in _DESCRIPTION for s in report.sections)


def _template_text(data: CheckInput) -> list[Candidate]:
    """Placeholders, one finding per sentence ("discussed with [NAME] on [DATE]" is one leftover), but for the
    asterisks of a de-identified record (`_de_identified`): "Dr [NAME]" is still the template's."""
    by_sentence: dict[int, list[re.Match]] = {}
    for m in _TEMPLATE.finditer(data.report.text):
        if _de_identified(data.report, m):
            continue
        where = next((s.index for s in data.report.sentences if s.start <= m.start() < s.end), -m.start() - 1)
        by_sentence.setdefault(where, []).append(m)
    return [
        candidate(data.report, "insertion", found[0].start(), found[-1].end(),
                  f"\"{found[0].group(0)}\" is a template placeholder left in the report.", 0.85, "template")
        for found in by_sentence.values()
    ] + [
        candidate(data.report, "insertion", m.start(), m.end(), f"\"{m.group(0)}\" is a template placeholder "
                  "confirmed in a past case.", 0.85, "past-case")
        for wrong, kind in data.knowledge.known_errors.items() if kind == "insertion"
        for m in re.finditer(re.escape(wrong), data.report.text)
    ]


def _instructions(data: CheckInput) -> list[Candidate]:
    found = []
    for sentence in data.report.sentences:
        match = _INSTRUCTION.search(sentence.text)
        if match:
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   "Text addressed to a machine, not part of a clinical report.", 0.6, "instruction"))
    return found


def _read_under_heading(data: CheckInput, sentence: Sentence) -> Span:
    """SENTENCE as it reads with its subject: one naming no organ under an organ's sub-heading (`subject`)
    reads with the sub-heading written before it, so "Gallbladder:" then "Surgically absent." reads
    "Gallbladder Surgically absent." and "左肾：" then "术后缺如。" reads "左肾术后缺如。", organ and side
    included. Its offsets count from 0, not in the report."""
    heading = data.report.heading_of(sentence)
    if organs(sentence, data.language) or not organs(heading, data.language):
        text = sentence.text
    else:
        text = heading.text + (" " if data.language == "en" else "") + sentence.text
    return Span(0, len(text), text)


def removed_organs(data: CheckInput) -> dict[str, tuple[str | None, Sentence]]:
    """Organ id -> (side or None, the sentence saying so) for organs the report says were removed."""
    result = {}
    for sentence in data.report.sentences:
        read = _read_under_heading(data, sentence)
        for organ, pattern in _OPERATIONS[data.language]:
            match = pattern.search(read.text)
            if (match and not _PARTIAL.search(read.text[: match.start()])
                    and not planned(read.text, match.start(), match.end())):
                before = [s for s in sides(read, data.language) if s.end <= match.start() + 2]
                # Only a paired organ's operation has a side: "right upper quadrant pain, prior appendectomy"
                # removed the whole appendix.
                paired = anatomy()[organ].get("paired", False)
                side = before[-1].key if paired and before and before[-1].key in ("left", "right") else None
                if organ not in result or (side and not result[organ][0]):
                    result[organ] = (side, sentence)  # the statement naming the side wins
    return result


def planned(text: str, start: int, end: int) -> bool:
    """Whether the operation or device named at TEXT[START:END] is still to come (`_PLANNED_BEFORE`, `_PLANNED_AFTER`):
    it removed no organ, and put nothing in place."""
    return bool(_PLANNED_BEFORE.search(text[:start]) or _PLANNED_AFTER.match(text[end:]))


def _described_after_removal(data: CheckInput) -> list[Candidate]:
    """A statement about an organ the report says was removed: calling it normal, measuring it ("The spleen measures 11 cm"
    after a splenectomy), denying something in it ("No thyroid nodule." after a thyroidectomy) or describing an abnormality
    of it ("Gallbladder: wall thickening" after a cholecystectomy). Its surgical bed, clips or stump, and the bladder the
    operation built in its place ("新膀胱", which names the bladder), are another matter (`_ABSENCE_CONTEXT`)."""
    found = []
    for organ, (side, where) in removed_organs(data).items():
        measured = _measured_in_the_findings(data, organ, side, where)
        if measured is not None:
            found.append(candidate(data.report, "insertion", where.start, where.end,
                                   f"The findings measure the {organ} (\"{quoted(measured.text)}\"), but this sentence "
                                   "says it was removed.", 0.75, "removal-of-a-measured-organ"))
            continue
        for sentence in data.report.body:
            if sentence.index == where.index or _ABSENCE_CONTEXT[data.language].search(sentence.text):
                continue
            read = _read_under_heading(data, sentence)
            described = states_normal(sentence, data.language) or _measures(sentence, organ, data.language) or any(
                e.sentence.index == sentence.index and e.organ == organ for e in data.entities)
            if organ not in {m.key for m in organs(read, data.language)} or not described:
                continue
            stated_sides = {s.key for s in sides(read, data.language) if not _DIRECTION[data.language].search(
                read.text, s.start, s.end)}
            if side and side not in stated_sides and "both" not in stated_sides:
                continue  # "s/p left nephrectomy ... the right kidney is normal; no hydronephrosis": the one left
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"The report describes the {organ}, but also says it was removed "
                                   f"(\"{quoted(where.text)}\").", 0.8, "described-after-removal"))
    return found


# A side word saying which way something moved ("shift of the mediastinum to the left", "leftward", "纵隔向左移位") names
# no organ's side: after a left pneumonectomy, "herniation of the right upper lobe with shift to the left" describes the
# lung that is left.
_DIRECTION = {"en": re.compile(r"(?<=\bto the )\w+|(?<=\btowards the )\w+|\w+wards?\b", re.I),
              "zh": re.compile(r"(?<=向)[左右]")}


def _measured_in_the_findings(data: CheckInput, organ: str, side: str | None, where: Sentence) -> Sentence | None:
    """The findings sentence giving ORGAN (on SIDE, for a paired one) a size of its own ("左肾：大小约11.5cm"), when WHERE,
    the sentence saying ORGAN was removed, stands in the findings too: an organ measured is there, and the removal is
    the sentence left from another patient's report. A removal the history gives is the fact the findings answer to."""
    if where.section != "findings":
        return None
    for sentence in data.report.in_section("findings"):
        if sentence.index == where.index or _ABSENCE_CONTEXT[data.language].search(sentence.text):
            continue
        stated_sides = {s.key for s in sides(_read_under_heading(data, sentence), data.language)}
        if _measures(sentence, organ, data.language) and (side is None or side in stated_sides):
            return sentence
    return None


def _measures(sentence: Sentence, organ: str, language: str) -> bool:
    """SENTENCE gives ORGAN a size of its own: its first size follows the organ's first word within a few characters
    ("左肾：大小约11.5cm", "The spleen measures 11 cm"), not a lesion's further on."""
    measured = sizes(sentence)
    named = [m for m in organs(sentence, language) if m.key == organ]
    return bool(measured and named) and 0 <= measured[0].start - named[0].end <= 12


def _lobe_described_after_lobectomy(data: CheckInput) -> list[Candidate]:
    """A statement about a lobe the report says was resected, as `_described_after_removal` reads one about a removed
    organ: the lung is still there, its other lobes to describe, so only a statement naming the resected lobe itself
    ("左肺上叶未见实变及结节" after "左肺上叶切除术后") describes what is gone. Its bronchial stump, staple line or
    resection bed are the operation's (`_ABSENCE_CONTEXT`)."""
    resected = {}
    for sentence in data.report.sentences:
        for match in _LOBECTOMY[data.language].finditer(sentence.text):
            resected.setdefault(_lobe(match), sentence)
    found = []
    for lobe, where in resected.items():
        for sentence in data.report.body:
            if sentence.index == where.index or _ABSENCE_CONTEXT[data.language].search(sentence.text):
                continue
            named = {_lobe(m) for m in _LOBE[data.language].finditer(sentence.text)}
            described = states_normal(sentence, data.language) or any(
                e.sentence.index == sentence.index for e in data.entities)
            if lobe in named and described:
                found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                       f"The report describes the {' '.join(lobe)} lobe, but also says it was resected "
                                       f"(\"{quoted(where.text)}\").", 0.8, "described-after-removal"))
    return found


# An operation through a bone leaves it opened: a craniotomy or a burr hole the skull ("Right parietal craniotomy with the
# flap in place", "右顶部颅骨钻孔术后改变"), a sternotomy, and the coronary bypass done through one, the sternum. A findings
# clause calling that bone intact ("the calvarium is intact without surgical defect", "双侧颅骨完整", "胸骨完整") is a
# template's normal line left in; one about the rest of the bone ("the remaining calvarium is intact"), the other side
# ("左侧颅骨完整" after a right burr hole) or the operation's own hardware ("sternotomy wires intact") is not.
# A bypass done through a thoracotomy (MIDCAB, "minimally invasive", "小切口") leaves the sternum whole; the wires that
# closed a sternotomy, stated in the sentence ("胸骨正中钢丝固定，胸骨完整"), make it the healed, wired sternum, not a
# template's untouched one. Per bone: (the operations opening it, its names, what says it was left whole, its closure).
_OPENED_BONES = {
    "en": {"skull": (r"cranio(?:tomy|tomies|ectomy|ectomies)|burr[- ]?holes?", r"\b(?:skull|calvari(?:um|a))\b(?!\s+base)",
                     None, None),
           "sternum": (r"sternotomy|\bCABG\b|coronary (?:artery )?bypass", r"\bsternum\b",
                       r"\b(?:MIDCAB|minimally invasive|thoracotomy|robotic)\b",
                       r"(?<!no )(?<!no sternal )(?<!no sternotomy )\b(?:wires?|cerclage)\b")},
    "zh": {"skull": (r"开颅|钻孔|去骨瓣", r"颅骨|颅板", None, None),
           "sternum": (r"胸骨正中切[开口]|正中开胸|冠状动脉旁路移植|冠脉旁路移植|冠脉搭桥|冠状动脉搭桥|CABG", r"胸骨",
                       r"MIDCAB|小切口|微创|侧开胸|机器人", r"(?<!未见)(?<!无)钢丝")},
}
_INTACT = {"en": re.compile(r"\bintact\b", re.I), "zh": re.compile(r"完整")}
# What the operation left in the bone, or the operation named again: a clause of these speaks of them, not the bone.
_OPERATION_HARDWARE = {"en": re.compile(r"\b(?:wires?|plates?|screws?|flap|burr|cranio\w+|sternotomy|fixation)\b", re.I),
                       "zh": re.compile(r"钢丝|钢板|螺钉|骨瓣|钻孔|开颅|固定")}


def _bone_intact_after_its_opening(data: CheckInput) -> list[Candidate]:
    """A findings clause calling a bone intact (`_INTACT`) when the report names an operation that opened it
    (`_OPENED_BONES`), on its side or on both."""
    language = data.language
    found = []
    for bone, (operation, named, left_whole, closure) in _OPENED_BONES[language].items():
        opened = [(sentence, match) for sentence in data.report.sentences
                  for match in re.finditer(operation, sentence.text, re.I)
                  if not planned(sentence.text, match.start(), match.end())]
        if not opened or (left_whole and any(re.search(left_whole, s.text, re.I) for s in data.report.sentences)):
            continue
        where = opened[0][0]
        opened_sides = {m.key for s, _ in opened for m in sides(s, language)}
        for sentence in data.report.in_section("findings"):
            for clause in sentence.clauses():
                if not (re.search(named, clause.text, re.I) and _INTACT[language].search(clause.text)) \
                        or _OPERATION_HARDWARE[language].search(clause.text) or about_the_rest(clause, language) \
                        or (closure and re.search(closure, sentence.text, re.I)):
                    continue
                stated = {m.key for m in sides(clause, language)}
                if stated and "both" not in stated and opened_sides and not opened_sides & stated:
                    continue  # the other side's bone, which the operation left
                found.append(candidate(data.report, "insertion", clause.start, clause.end,
                                       f"The report calls the {bone} intact, but also describes an operation through it "
                                       f"(\"{quoted(where.text)}\").", 0.75, "intact-after-opening"))
    return found


# A joint replaced by a prosthesis ("right total hip arthroplasty", "THA", "右膝人工全膝关节置换术后") has no native joint
# space, articular surface or osteophytes left, and a disc space holding an interbody cage or an artificial disc ("Interbody
# cages at L4-5 and L5-S1", "L5/S1椎间融合器") no disc: a statement describing them as a native joint's or disc's is a
# template's normal line left in. Joints by their English and Chinese names.
_JOINTS = {"hip": "髋", "knee": "膝", "shoulder": "肩", "elbow": "肘", "ankle": "踝"}
_JOINT_ABBREVIATIONS = {"tha": "hip", "thr": "hip", "tka": "knee", "tkr": "knee", "tsa": "shoulder"}
_REPLACED_JOINT = {
    "en": re.compile(rf"\b(?P<joint>{'|'.join(_JOINTS)})\s+(?:arthroplasty|replacement|prosthesis)\b|"
                     rf"\b(?P<abbr>{'|'.join(_JOINT_ABBREVIATIONS)})\b", re.I),
    "zh": re.compile(rf"(?P<joint>{'|'.join(_JOINTS.values())})[^，。；,;]{{0,8}}?置换"),
}
# A joint a sentence names, replaced or not ("the right hip joint space is preserved", "右髋关节间隙正常").
_JOINT_NAMED = {"en": re.compile(rf"\b(?P<joint>{'|'.join(_JOINTS)})\b", re.I),
                "zh": re.compile(f"(?P<joint>{'|'.join(_JOINTS.values())})")}
_DISC_REPLACED = {"en": re.compile(r"\b(?:interbody|cages?|disc (?:arthroplasty|replacement|prosthes[ie]s))\b", re.I),
                  "zh": re.compile(r"融合器|人工椎间盘|椎间盘置换")}
_NATIVE_JOINT = {
    "en": re.compile(r"\bjoint spaces? (?:is |are )?(?:preserved|maintained|normal|well maintained)|\bno (?:joint space )?"
                     r"narrowing\b|\bno osteophytes?\b|\barticular surfaces? (?:is |are )?(?:smooth|congruent|intact)", re.I),
    "zh": re.compile(r"关节间隙(?:未见(?:明显)?狭窄|正常|存在|尚可)|关节面(?:光整|光滑|完整)|未见骨赘"),
}
_NATIVE_DISC = {
    "en": re.compile(r"\bdisc (?:space |height )?(?:is )?(?:normal|preserved|maintained)|\b(?:normal|preserved) disc\b|"
                     r"\bdisc space (?:is )?normal in height", re.I),
    "zh": re.compile(r"椎间隙(?:未见(?:明显)?狭窄|正常|等宽)|椎间盘(?:未见异常|正常)"),
}
# The implant's own statement ("femoral stem in neutral alignment", "假体在位") describes what replaced the joint.
_IMPLANT = {"en": re.compile(r"prosthe|arthroplasty|replacement|component|\bcup\b|\bstem\b|\bcages?\b|implant|hardware", re.I),
            "zh": re.compile(r"假体|置换|融合器|内固定")}


def _joint_key(match: re.Match, language: str) -> str:
    """The English name of the joint MATCH names."""
    if match.groupdict().get("abbr"):
        return _JOINT_ABBREVIATIONS[match.group("abbr").lower()]
    joint = match.group("joint").lower()
    return joint if language == "en" else next(k for k, v in _JOINTS.items() if v == joint)


def _side_before(sentence: Sentence, position: int, language: str) -> str | None:
    """The last left or right SENTENCE names before POSITION (an offset in its text), if any."""
    before = [m.key for m in sides(Span(0, position, sentence.text[:position]), language) if m.key in ("left", "right")]
    return before[-1] if before else None


def _native_joint_after_replacement(data: CheckInput) -> list[Candidate]:
    """A findings statement describing a native joint's space, surfaces or osteophytes where the report says the joint was
    replaced, on the same side, or a native disc at a level holding a cage or an artificial disc: there is none left to
    describe (`_REPLACED_JOINT`, `_DISC_REPLACED`). A statement about the implant itself (`_IMPLANT`) is the operation's."""
    language = data.language
    replaced: dict[tuple[str, str | None], Sentence] = {}
    fused: dict[tuple[str, str], Sentence] = {}
    for sentence in data.report.sentences:
        for match in _REPLACED_JOINT[language].finditer(sentence.text):
            replaced.setdefault((_joint_key(match, language), _side_before(sentence, match.start(), language)), sentence)
        if _DISC_REPLACED[language].search(sentence.text):
            for match in SPAN.finditer(sentence.text):
                if match.group("lower"):  # a disc level, not a vertebra
                    fused.setdefault(span(match), sentence)
    found = []
    for sentence in data.report.in_section("findings"):
        if _IMPLANT[language].search(sentence.text):
            continue
        where = None
        if _NATIVE_JOINT[language].search(sentence.text):
            named = {_joint_key(m, language) for m in _JOINT_NAMED[language].finditer(sentence.text)}
            said = {m.key for m in sides(Span(0, len(sentence.text), sentence.text), language)}
            where = next((s for (joint, side), s in replaced.items() if joint in named
                          and (side in said if side else not said & {"left", "right"})), None)
        if where is None and _NATIVE_DISC[language].search(sentence.text):
            where = next((fused[span(m)] for m in SPAN.finditer(sentence.text) if span(m) in fused), None)
        if where is not None:
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"Describes a native joint or disc, but the report says an implant replaced it "
                                   f"(\"{quoted(where.text)}\").", 0.7, "described-after-removal"))
    return found


# A tooth the report calls missing, by its FDI number (quadrants 1 and 2 the upper jaw, 3 and 4 the lower; "36缺失区",
# "36、46缺失", "missing tooth 46", "tooth 46 is missing"), beside a findings line calling that jaw's teeth all present
# ("下颌牙列完整，未见缺失牙", "the dentition is complete", "no missing teeth"): the complete dentition is a template's line.
_MISSING_TOOTH = {
    "en": re.compile(r"\bmissing\s+(?:tooth|teeth)\s+(?P<teeth>[1-4][1-8](?:\s*(?:,|and)\s*[1-4][1-8])*)\b|"
                     r"\b(?:tooth|teeth)\s+(?P<teeth_before>[1-4][1-8](?:\s*(?:,|and)\s*[1-4][1-8])*)\s+(?:is\s+|are\s+)?"
                     r"missing\b", re.I),
    "zh": re.compile(r"(?<![\d.])(?P<teeth>[1-4][1-8](?:\s*[、,，和及]\s*[1-4][1-8])*)\s*(?:牙)?(?:缺失|缺牙)"),
}
_COMPLETE_DENTITION = {
    "en": re.compile(r"\b(?:(?P<arch>maxillary|mandibular|upper|lower)\s+)?dentition\s+(?:is\s+)?(?:complete|intact)\b|"
                     r"\bno missing teeth\b", re.I),
    "zh": re.compile(r"(?P<arch>上颌|下颌)?牙列完整|未见(?:明显)?(?:缺失牙|牙齿?缺失)"),
}
_UPPER_ARCH = {"maxillary", "upper", "上颌"}


def _complete_dentition_beside_missing_teeth(data: CheckInput) -> list[Candidate]:
    """A findings line calling the dentition, or one jaw's, complete where the report calls a tooth of it missing."""
    language = data.language if data.language in _MISSING_TOOTH else "en"
    missing = {}  # jaw ("upper", "lower") -> the sentence calling one of its teeth missing
    for sentence in data.report.sentences:
        for match in _MISSING_TOOTH[language].finditer(sentence.text):
            for tooth in re.findall(r"[1-4][1-8]", match.group("teeth") or match.group("teeth_before")):
                missing.setdefault("upper" if tooth[0] in "12" else "lower", sentence)
    found = []
    for sentence in data.report.in_section("findings"):
        complete = _COMPLETE_DENTITION[language].search(sentence.text)
        if complete is None:
            continue
        arch = complete.group("arch")
        jaws = [("upper" if arch.lower() in _UPPER_ARCH else "lower")] if arch else ["upper", "lower"]
        where = next((missing[jaw] for jaw in jaws if jaw in missing and missing[jaw].index != sentence.index), None)
        if where is not None:
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"Calls the dentition complete, but the report calls a tooth of it missing "
                                   f"(\"{quoted(where.text)}\").", 0.7, "complete-despite-missing-tooth"))
    return found


def _contradictions(data: CheckInput) -> list[Candidate]:
    """Within the findings, an abnormality both stated and denied for the same organ and side. The
    inserted one is the denial (a template's normal sentence left beside the finding), unless the
    impression denies the finding too: then the positive statement is the odd one. A hedged statement
    beside the denial ("No pneumothorax. A tiny pneumothorax cannot be excluded.") is how radiologists
    qualify a denial, and no contradiction."""
    stated = [e for e in data.entities if e.sentence.section == "findings"]
    concluded = [e for e in data.entities if e.sentence.section == "impression"]
    found, seen = [], set()
    for a in stated:
        for b in stated:
            if a.sentence.index >= b.sentence.index or a.negated == b.negated:
                continue
            if not same_abnormality(a, b) or a.organ is None or a.organ != b.organ or not sides_compatible(a, b):
                continue
            if group(a.finding) == "resection":
                continue  # "s/p nephrectomy ... no mass in the nephrectomy bed"
            positive, negative = (a, b) if b.negated else (b, a)
            if positive.hedged:
                continue  # "No pneumothorax. A tiny one cannot be excluded.": the denial's own reservation
            if qualified_denial(negative, data.language) or about_the_rest(negative.sentence, data.language):
                continue  # "No new nodule" beside a stable one, "no other liver lesion" beside the one
            negative_site = negative.site(data.report.text, data.language)
            whole_organ = negative_site == negative.organ and negative.organ in _SOLID_ORGANS
            # Free fluid beside "Peritoneum: No free fluid" is in the space the label names (`FREE_IN_A_SPACE`).
            own_space = negative.finding in FREE_IN_A_SPACE
            if positive.site(data.report.text, data.language) != negative_site and not (
                    whole_organ or own_space or _denied_anywhere(data, negative)):
                continue  # "no free fluid in the abdomen" and "fluid-filled bowel" are about different places
            if _other_lobes(data, positive, negative) or levels_apart(positive.sentence.text, negative.sentence.text,
                                                                      data.language):
                continue  # "L3-4椎间盘未见突出" beside the L4-5 herniation
            if _bile_ducts_apart(positive, negative, data.language):
                continue  # "肝内胆管扩张" beside "肝外胆管无明显扩张": two parts of the biliary tree
            if negative.side == "both" and positive.side in ("left", "right") and data.language == "en":
                continue  # "no bilateral effusions" does not deny a left one ("双肺未见结节" does: no nodule in either lung)
            denied = any(same_abnormality(c, positive) and c.negated for c in concluded)
            inserted = positive if denied else negative
            if inserted.sentence.index in seen:
                continue
            seen.add(inserted.sentence.index)
            other = a if inserted is b else b
            found.append(candidate(data.report, "insertion", inserted.sentence.start, inserted.sentence.end,
                                   f"This contradicts another findings statement: \"{quoted(other.sentence.text)}\".",
                                   0.5, "self-contradiction"))
    return found


# The biliary tree's two parts, which one disease may dilate apart: a liver fluke or a hilar tumour the intrahepatic
# ducts, sparing the extrahepatic ones ("肝内胆管扩张" beside "肝外胆管无明显扩张"). "肝内外胆管", "intra- and extrahepatic"
# name both; the common bile and hepatic ducts ("the common duct" as reports shorten it) are extrahepatic ones.
_BILE_DUCT_PARTS = {
    "en": re.compile(r"\b(intra)(?:-?hepatic\b|-\s)|\b(extra)-?hepatic\b|\b(common (?:bile |hepatic )?duct|cbd|chd)\b",
                     re.I),
    "zh": re.compile(r"肝(内)|(?<=肝内)(外)|肝(外)|([胆肝]总管)"),
}


def _bile_ducts_apart(positive: Entity, negative: Entity, language: str) -> bool:
    """POSITIVE's sentence names only one part of the biliary tree (`_BILE_DUCT_PARTS`) and NEGATIVE's clause only the
    other: "肝内胆管弥漫性扩张，以包膜下小胆管扩张为主" goes on about the intrahepatic ducts. A sentence dilating the common
    bile duct as well ("胆总管扩张，……肝内胆管轻度扩张") names the extrahepatic part too, whichever of its mentions is read."""
    here = _parts_named(_BILE_DUCT_PARTS, positive.sentence.text, language)
    there = _parts_named(_BILE_DUCT_PARTS, negative.clause.text, language)
    return bool(here) and bool(there) and not here & there


# A denial written alone: "No fracture.", "There is no pneumothorax.", "未见骨折。", "无明显积液。" (the term in between).
_BARE_DENIAL = {"en": re.compile(r"(?:there (?:is|are) )?no(?: (?:acute|definite|evident))?", re.I),
                "zh": re.compile(r"(?:未见|无)(?:明显|明确)?")}


def _denied_anywhere(data: CheckInput, negative: Entity) -> bool:
    """NEGATIVE is a bare denial (`_BARE_DENIAL`) on a line of its own label-free text under no organ's sub-heading: it
    names no place, so it denies the finding wherever the study looked, the bone the findings break as well. A label
    ("C-spine: No fracture.") or a word of its own ("no physeal fracture") places it, even where the lexicon knows no
    organ by that name."""
    text = data.report.text
    sentence = negative.sentence
    around = (text[sentence.start : negative.start] + " " + text[negative.end : sentence.end]).strip(" .。;；,，")
    return (bool(_BARE_DENIAL[data.language].fullmatch(around.strip())) and not data.report.line_label(sentence).text
            and not organs(data.report.heading_of(sentence), data.language))


def _other_lobes(data: CheckInput, positive: Entity, negative: Entity) -> bool:
    """NEGATIVE's sentence denies the finding in named lobes, POSITIVE's clause places it in another, and the denial
    names no whole lung of its side besides: "右肺及左肺上叶未见支气管扩张" beside a left lower lobe bronchiectasis."""
    pattern = _LOBE[data.language]
    clause = positive.clause
    placed = {_lobe(m) for m in pattern.finditer(clause.text)}
    denied = {_lobe(m) for m in pattern.finditer(negative.sentence.text)}
    if not placed or not denied or placed & denied:
        return False
    rest = pattern.sub(" ", negative.sentence.text)
    whole_lungs = {s.key for s in sides(Span(0, len(rest), rest), data.language)}
    return "both" not in whole_lungs and not whole_lungs & {side for side, _ in placed}


# One property of an organ called normal ("normal in size", "lumbar alignment is normal", "enhances normally", "管径正常")
# says nothing of a lesion in it; nor does a joint's alignment ("月骨与桡骨远端关节面对应关系正常", "肱尺关节对位可"),
# which a fracture beside it may keep.
_ASPECT = (r"(?:size|volume|calibre|caliber|contour|position|course|alignment|height|configuration|morphology|enhancement|"
           r"attenuation|density)")
_SIZE_ONLY = {
    "en": re.compile(rf"\b[a-z]+ normally\b|\b(?:normal|unremarkable) in {_ASPECT}\b|\b(?:normal|unremarkable) in appearance\b|\bnormal {_ASPECT}\b|"
                     rf"\b{_ASPECT}s? (?:is |are )?(?:normal|maintained|preserved|within normal limits)\b", re.I),
    "zh": re.compile(r"大小(?:、形态)?正常|形态(?:、大小)?正常|大小形态正常|体积正常|位置(?:正常|未见异常|如常)|管径正常|"
                     r"走行(?:正常|自然|未见异常|如常)|曲度(?:存在|正常)|序列(?:整齐|正常)|(?<!大小)不大|不增大|"
                     r"强化(?:方式)?(?:正常|均匀)|(?:对应)?关系(?:正常|良好|可)|对[位合](?:对线)?(?:正常|良好|尚?可)"),
}


# Organs whose plain name ("the lungs", "liver") covers all their parts; a region ("neck", "skull") or
# the brain (parenchyma vs extra-axial spaces) does not.
_SOLID_ORGANS = {"lung", "liver", "kidney", "spleen", "pancreas", "thyroid", "adrenal", "gallbladder", "bladder",
                 "prostate", "uterus", "ovary"}


def _size_only_about(data: CheckInput, sentence: Sentence, sites: set[str | None]) -> bool:
    """The clauses of SENTENCE about one of SITES (naming it, or naming no organ after one that does) call it normal only
    in size or another property (`_SIZE_ONLY`): in "子宫大小正常，双侧卵巢未见异常" the uterus is normal in size, whatever
    the ovaries' clause says of them; in "肝脏形态、大小正常，肝实质密度均匀，未见异常密度影" every clause is the liver's."""
    language, about, subject = data.language, [], set()
    for clause in sentence.clauses():
        subject = ({m.key for m in organs(clause, language)} | subject_sites(clause, data.report.text, language)) or subject
        if subject & sites:
            about.append(clause)
    return bool(about) and all(
        states_normal(c, language) and not states_normal(Span(c.start, c.end, _SIZE_ONLY[language].sub(" ", c.text)),
                                                         language) for c in about)


def _normal_despite_finding(data: CheckInput) -> list[Candidate]:
    """A findings sentence calling an organ normal while another findings sentence describes an
    abnormality of that organ (named there): the normal sentence is template text left in. A hedged
    abnormality ("subtle consolidation cannot be excluded") is the normal sentence's reservation, not
    a contradiction of it, and a disease named as what was operated on ("直肠癌Dixon术后") is history. Nor is a finding
    benign by its nature (omission's `incidental`) that the impression leaves aside as the normal line does: "Lungs
    clear" beside a calcified granuloma or radiation fibrosis, "骨质未见异常" beside an old rib fracture, is how
    radiologists write a normal organ with its incidentals. One the impression reports, naming its organ ("右肺上叶陈旧性
    肺结核" beside its old fibrosis), the report counts as a finding, which the normal line contradicts."""
    reported = {m.key for s in data.report.in_section("impression") if not states_normal(s, data.language)
                for m in organs(s, data.language)}  # the organs the impression reports on
    stated = [e for e in data.entities if e.sentence.section == "findings" and not e.negated and not e.hedged
              and e.organ_span and group(e.finding) != "resection"  # the organ is named, not assumed
              and not operated_for(data, e) and not (incidental(e, data.language) and e.organ not in reported)
              and not _EXPECTED[data.language].search(e.sentence.text)]
    found = []
    for sentence in data.report.in_section("findings"):
        if any(e.sentence.index == sentence.index and not e.negated for e in data.entities):
            continue
        if not states_normal(sentence, data.language) or about_the_rest(sentence, data.language):
            continue
        if any(e.sentence.index == sentence.index and qualified_denial(e, data.language) for e in data.entities):
            continue  # "双肺未见新发病灶" denies new lesions only: the old scar beside it is no contradiction
        if _ABSENCE_CONTEXT[data.language].search(sentence.text):
            continue  # "prostate absent, surgical clips, no nodule at the anastomosis" is post-operative
        # "The liver is normal in size" does not deny a lesion in it, only a size abnormality.
        property_only = not states_normal(
            Span(sentence.start, sentence.end, _SIZE_ONLY[data.language].sub(" ", sentence.text)), data.language)
        named = subject_sites(_after_its_label(data, sentence), data.report.text, data.language,
                              data.report.heading_of(sentence))
        if _only_vessels(sentence, data.language):
            continue  # "左侧子宫动脉显示正常" beside blood in the uterus: the artery is normal, not the uterus
        for entity in stated:
            if entity.sentence.index == sentence.index or property_only and not (
                    entity.finding in _SIZE_FINDINGS and _SIZE_WORDS.search(sentence.text)):
                continue
            if spared_by_focal_denial(sentence, entity, data.language):
                continue  # "No focal liver lesion" beside diffuse steatosis
            whole_organ = entity.organ in _SOLID_ORGANS and entity.organ in named
            site = _site_in_its_sentence(data, entity, stated)
            if site not in named and not whole_organ:
                continue  # only the same organ word: "ventricles are normal" says nothing of the basal ganglia,
                # while "the lungs are clear" speaks of every lobe
            said = sides_given(sentence, site, data.language)
            if said and entity.side and entity.side not in said and "both" not in said:
                continue  # "the right kidney is normal" beside a left renal stone; "左侧上颌窦、双侧筛窦气化良好"
                # beside a right maxillary sinus lesion
            if said and entity.side is None and _sides_of_organ(entity, stated) - {"both"} - said:
                continue  # "In the upper pole there is an abscess" under "Left kidney enlarged": not the right one
            if said and entity.side is None and _placed_on_other_side(entity, said, data.language):
                continue  # "右侧大脑半球未见异常" beside "左侧侧脑室受压变窄，中线结构向右移位"
            if _other_part_named(sentence, entity, data.language):
                continue  # "左心房、左心室大小正常" beside "右心房、右心室增大"
            if _PARENCHYMA[data.language].search(sentence.text) and _around_the_organ(data, entity):
                continue  # "双肾实质密度未见异常" beside "肾周间隙少量渗出"
            if _size_only_about(data, sentence, {site, entity.organ}) and entity.finding not in _SIZE_FINDINGS:
                continue  # "子宫大小正常，双侧卵巢未见异常" beside a caesarean-scar niche of the uterus
            if vessel_of_the_organ(entity, data.report.text, data.language):
                continue  # "双侧卵巢未见异常" beside "右侧卵巢静脉明显增粗": its dilatation is no abnormality of the organ
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"Calls the {entity.organ.replace('_', ' ')} normal, but the findings describe "
                                   f"\"{quoted(entity.sentence.text)}\".", 0.55, "normal-despite-finding"))
            break
    return found


# A change its own sentence calls expected ("herniation of the right upper lobe across the midline, as expected" after a
# left pneumonectomy, "符合术后预期改变") is what the operation leaves, no abnormality a normal line contradicts.
_EXPECTED = {"en": re.compile(r"\bexpected\b", re.I), "zh": re.compile(r"预期")}


# Parts of an organ its normal statement may name apart from those its finding lies in: the heart's chambers by their
# sides, though the heart is one organ ("右心房", "left ventricle"; the side readers leave Chinese chambers unsided, so that
# no left atrium is compared with a right kidney), a vessel's or a tube's segments ("Mid and distal LAD normal"
# beside a plaque in the proximal LAD, "前降支近中段", "食管下段"), and the pancreas's parts, each word read as one part.
_PARTS = (
    {"en": re.compile(r"\b(left|right)(?=\s+(?:atri|ventric))", re.I), "zh": re.compile(r"([左右])(?=心[房室])")},
    {"en": re.compile(r"\b(proximal|mid|middle|distal|ostial)\b", re.I), "zh": re.compile(r"([近中远上下])(?=[近中远上下]?[段端])")},
    organ_parts.PANCREAS,  # "胰头、体部未见异常" beside a cyst in the tail
    # the proximal femur's parts: "右股骨头及股骨颈骨质未见破坏" beside an intertrochanteric lytic lesion
    {"en": re.compile(r"\bfemoral (head|neck|shaft)\b|\b(intertrochanteric|subtrochanteric)\b", re.I),
     "zh": re.compile(r"股骨(头|颈|干)|(转子间|转子下)")},
)
_PART_KEY = {"左": "left", "右": "right", "middle": "mid", "近": "proximal", "中": "mid", "远": "distal", "上": "upper",
             "下": "lower", "common bile duct": "extra", "common hepatic duct": "extra", "common duct": "extra", "cbd": "extra",
             "chd": "extra",
             "胆总管": "外", "肝总管": "外"}


def _parts_named(pattern: dict[str, re.Pattern], text: str, language: str) -> set[str]:
    named = (next(word for word in m.groups() if word).lower() for m in pattern[language].finditer(text))
    return {_PART_KEY.get(word, word) for word in named}


def _other_part_named(sentence: Sentence, entity: Entity, language: str) -> bool:
    """SENTENCE, a normal statement, names parts of one kind (`_PARTS`) and ENTITY's sentence only others of that kind:
    the left atrium and ventricle normal in size say nothing of the right ones enlarged, the mid and distal LAD nothing
    of the proximal one's plaque."""
    return any((normal := _parts_named(pattern, sentence.text, language))
               and (abnormal := _parts_named(pattern, entity.sentence.text, language)) and not normal & abnormal
               for pattern in _PARTS)


def _placed_on_other_side(entity: Entity, said: set[str], language: str) -> bool:
    """ENTITY, with no side of its own, stands in a sentence that names only sides other than those SAID normal: a
    midline shift told with the left ventricle's compression is the left lesion's mass effect, of which "the right
    hemisphere is normal" says nothing (a shift's direction, "向右移位", is no side)."""
    placed = {s.key for s in sides(entity.sentence, language)}
    return bool(placed) and "both" not in placed | said and not placed & said


# A normal statement of an organ's parenchyma ("双肾实质密度未见异常", "renal parenchyma normal") speaks of the organ's
# substance, not of the fat or space around it, where a finding named by the organ ("肾周间隙少量渗出", "perirenal
# stranding", "肝周积液") lies.
_PARENCHYMA = {"en": re.compile(r"\bparenchym", re.I), "zh": re.compile(r"实质")}
_AROUND_AFTER = re.compile(r"周(?!边)")  # "肾周", "肝周围"; "肝周边" is the liver's periphery, within it


def _around_the_organ(data: CheckInput, entity: Entity) -> bool:
    """Whether ENTITY's organ word names the space around the whole organ: "perirenal" (`PERI_WORD` before a word
    naming the whole kidney), "肾周" (周 after the organ). "Perihilar" and "periventricular" name places around a part
    within the organ, "肺周边" the organ's periphery: the parenchyma holds them."""
    start, end = entity.organ_span
    if data.language == "zh":
        return bool(_AROUND_AFTER.match(data.report.text, end))
    peri = PERI_WORD.match(data.report.text, start)
    return peri is not None and site_of(peri.group(1), entity.organ, data.language) == entity.organ


def _sides_of_organ(entity: Entity, stated: list[Entity]) -> set[str]:
    """The sides the findings give ENTITY's organ where they state abnormalities of it: a sentence going on about
    that organ without a side ("In the upper pole ...") is about the side named before, when they name only one."""
    sided = {e.side for e in stated if e.organ == entity.organ and e.side}
    return sided if len(sided) == 1 else set()


def _after_its_label(data: CheckInput, sentence: Sentence) -> Span:
    """SENTENCE without the label opening its line when it names an organ of its own after it: in "Mediastinum:
    Thymus normal for age." the subject is the thymus, the label only the region it is filed under."""
    label = data.report.line_label(sentence)
    if not (sentence.start <= label.start and label.end < sentence.end):
        return sentence
    rest = Span(label.end, sentence.end, data.report.text[label.end : sentence.end])
    return rest if organs(rest, data.language) else sentence


# A statement about vessels named by their organs alone (`VESSEL_AFTER`) says nothing of the organs they supply or drain.
def _only_vessels(sentence: Sentence, language: str) -> bool:
    named = organs(sentence, language)
    return bool(named) and all(VESSEL_AFTER[language].match(sentence.text, m.end - sentence.start) for m in named)


def _site_in_its_sentence(data: CheckInput, entity: Entity, stated: list[Entity]) -> str | None:
    """ENTITY's site, or, when its term only holds the organ's word ("骨折" holds "骨"), the part of that organ
    its sentence names for another term: the "骨折块" beside "桡骨头见骨折线" is the radius's, and "尺骨、肱骨骨质
    未见异常" says nothing of it."""
    if entity.organ_named:
        return entity.site(data.report.text, data.language)
    named = [e for e in stated if e.sentence.index == entity.sentence.index and e.organ == entity.organ and e.organ_named]
    return (named[0] if named else entity).site(data.report.text, data.language)


# The midline stated where it belongs ("midline structures are central", "中线结构居中"): a denial of its shift that
# names no shift term, so `_contradictions` cannot pair it with the shift the report states.
_MIDLINE_CENTRAL = {
    "en": re.compile(r"\bmidline(?: structures?)?\s+(?:is|are|remains?)?\s*(?:central|centrally (?:located|placed|positioned)|"
                     r"in the midline|(?:not |un)(?:shifted|displaced)|maintained|preserved)\b", re.I),
    "zh": re.compile(r"中线结构?(?:居中|无(?:明显)?(?:移位|偏移)|未见(?:明显)?(?:移位|偏移))"),
}


def _midline_central_despite_shift(data: CheckInput) -> list[Candidate]:
    """A findings sentence putting the midline in its place while another one states its shift: the central
    midline is a template's normal sentence left in (a shift that has resolved is stated denied, and no shift)."""
    shifted = [e for e in data.entities if e.sentence.section == "findings" and e.finding == "midline_shift"
               and not e.negated and not e.hedged]
    found = []
    for sentence in data.report.in_section("findings"):
        central = _MIDLINE_CENTRAL[data.language].search(sentence.text)
        shift = next((e for e in shifted if not sentence.start + central.start() <= e.start < sentence.start
                      + central.end()), None) if central else None
        if shift is not None:
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"Puts the midline in its place, but the findings describe its shift: "
                                   f"\"{quoted(shift.sentence.text)}\".", 0.55, "normal-despite-finding"))
    return found


# An impression line calling the whole study normal ("No acute abnormality.", "未见明显异常。"), or the inside of the skull
# ("No acute intracranial abnormality.", "颅内未见明显异常。"): it names no organ and leaves nothing aside (not "no other
# abnormality", "余未见明显异常").
_STUDY_NORMAL = {
    "en": re.compile(r"(?:no (?:acute |significant |definite )*(?P<intracranial>intracranial )?(?:abnormality|abnormalities|"
                     r"abnormal findings?)(?: (?:is |are )?(?:seen|detected|identified|demonstrated))?|normal (?:study|examination|ct)|"
                     r"unremarkable (?:study|examination|ct))\s*\.?", re.I),
    "zh": re.compile(r"(?:(?P<intracranial>颅内)?(?:平扫|增强)?(?:CT)?未见(?:明显|明确)?异常(?:征象|改变)?)[。.]?", re.I),
}
# The organ family the inside of the skull holds: the brain and its vessels, not the skull or the scalp around them.
_INTRACRANIAL = "head"


def _impression_normal_beside_its_finding(data: CheckInput) -> list[Candidate]:
    """An impression line calling the study, or the inside of the skull, normal while another impression line reports an
    abnormality there that the impression has to carry (omission's `weight`: not a small or benign incidental, which "no
    acute abnormality" leaves aside): the normal line is a template's, left in. "No acute intracranial abnormality"
    beside a scalp haematoma or a skull fracture is no contradiction: those lie outside (`_INTRACRANIAL`)."""
    reported = [e for e in data.entities if e.sentence.section == "impression" and not e.negated and not e.hedged
                and weight(e, data.language) >= SIGNIFICANT]
    found = []
    for sentence in data.report.in_section("impression"):
        normal = _STUDY_NORMAL[data.language].fullmatch(sentence.text.strip())
        inside = normal is not None and normal.group("intracranial") is not None
        other = next((e for e in reported if e.sentence.index != sentence.index
                      and not (inside and (e.organ is None or family(e.organ) != _INTRACRANIAL))), None)
        if normal is not None and other is not None:
            found.append(candidate(data.report, "insertion", sentence.start, sentence.end,
                                   f"Calls the study normal, but the impression reports "
                                   f"\"{quoted(other.sentence.text)}\".", 0.55, "normal-despite-finding"))
    return found


# Abnormalities of size, calibre or alignment: what a normal size, calibre or alignment does deny.
_SIZE_FINDINGS = {"enlargement", "dilatation", "aneurysm", "listhesis"}
_SIZE_WORDS = re.compile(r"size|calibre|caliber|alignment|height|大小|体积|不大|管径|曲度|序列", re.I)


_NO_PRIOR = {
    "en": re.compile(r"^\s*(?:none|no prior\b|not available|n/a|no previous|no comparison|no relevant prior)", re.I),
    "zh": re.compile(r"^\s*(?:无|首次检查|无对比|无前片|无既往)"),
}
_REFERS_TO_PRIOR = {
    "en": re.compile(r"\b(?:unchanged|stable|compared (?:with|to) (?:the )?(?:prior|previous)|previously|"
                     r"interval(?:ly)? (?:increase|decrease|change|development|growth)|since the (?:prior|previous|last)|"
                     r"new since|no longer seen|again (?:seen|noted|demonstrated))\b", re.I),
    "zh": re.compile(r"较前|与前片|前片|较上次|对比前|与.{0,6}片比较|复查.{0,4}(?:相仿|变化|缩小|增大)|无明显变化"),
}


def _comparison_without_prior(data: CheckInput) -> list[Candidate]:
    """The report says there is no prior study, then compares with one."""
    comparison = [s for s in data.report.sections if s.kind == "other"
                  and re.search(r"compar|prior|对比|既往|前片", s.heading, re.I)]
    if not any(_NO_PRIOR[data.language].search(data.report.text[s.start:s.end].strip(" :：\n")) for s in comparison):
        return []
    return [candidate(data.report, "insertion", s.start, s.end,
                      "Compares with a prior study, but the report says there is none.", 0.7, "comparison-without-prior")
            for s in data.report.body if _REFERS_TO_PRIOR[data.language].search(s.text)]


def _recounts(data: CheckInput) -> list[Candidate]:
    """The same abnormality of the same organ and side counted or graded twice, differently, in the
    findings ("two nodules" ... "four nodules"; "moderate emphysema" ... "severe emphysema"). Two parts of the organ,
    each named, are two places ("前降支：...中度狭窄" and "回旋支：...狭窄<25%" grade two coronary arteries)."""
    stated = [e for e in data.entities if e.sentence.section == "findings" and not e.negated and e.organ]
    found, seen = [], set()
    for a in stated:
        for b in stated:
            if a.sentence.index >= b.sentence.index or a.finding != b.finding or a.organ != b.organ or a.side != b.side:
                continue
            if _parts_apart(data, a, b):
                continue
            first, second = count(a.sentence, data.language), count(b.sentence, data.language)
            if not (first and second and first != second):
                first, second = severity(a.sentence, data.language), severity(b.sentence, data.language)
            if first and second and first != second and b.sentence.index not in seen:
                seen.add(b.sentence.index)
                found.append(candidate(data.report, "insertion", b.sentence.start, b.sentence.end,
                                       f"A second statement about the same finding with another count: "
                                       f"\"{quoted(a.sentence.text)}\".", 0.55, "recount"))
    return found


def _parts_apart(data: CheckInput, a: Entity, b: Entity) -> bool:
    """A and B, findings of one organ, are each at a named part of it, and not the same part: the whole organ's
    name ("lungs", "冠状动脉") is every part of it."""
    sites = {a.site(data.report.text, data.language), b.site(data.report.text, data.language)}
    return len(sites) == 2 and a.organ not in sites and None not in sites


def _repeats(data: CheckInput) -> list[Candidate]:
    """A sentence written twice in one section: the second copy is flagged. A copy with other numbers
    contradicts the first as well, which makes the slip plainer."""
    return [
        candidate(data.report, "insertion", later.start, later.end,
                  "This sentence repeats an earlier one verbatim." if later.text == first.text else
                  f"This sentence repeats an earlier one with other numbers: \"{quoted(first.text)}\".",
                  0.5 if later.text == first.text else 0.6, "repeat")
        for first, later in repeats(data.report)
    ]
