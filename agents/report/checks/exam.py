"""Content that the examination performed cannot have produced: organs of another body region (a head CT
describing the liver) or another joint than a joint CT's (an elbow CT describing the knee), enhancement or
contrast phases in a non-contrast scan, a contrast study reported as unenhanced, or a report header naming
another examination than the one ordered.

Adjacent regions are seen on every scan (a chest CT shows the upper abdomen, an abdominal CT the lung
bases), so only regions a scan of the ordered region cannot include are flagged. Pre-contrast images of
a contrast study are normal and never flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.evidence import Candidate, candidate
from radqc.agents.report.checks.spelling import typos
from radqc.agents.report.document import Sentence
from radqc.agents.report.lexicon import anatomy, findings, organ_matcher, simplified
from radqc.agents.report.mentions import Entity, Mention, in_a_longer_organ_name, organs
from radqc.language import detect_language

_REGIONS = {
    "head": (r"\b(?:head|brain|cranial|intracranial|skull|cerebral|neurocranium|sinus(?:es)?|paranasal|facial|face|"
             r"orbits?|temporal bones?|maxillofacial|iac|internal auditory)\b", r"头颅|颅脑|头部|头颈|脑|颅|鼻窦|眼眶|颞骨|颌面"),
    "neck": (r"\b(?:neck|cervical soft tissue|thyroid|larynx|pharynx|head and neck)\b", r"颈部|甲状腺|喉|咽|头颈"),
    # The aortic bifurcation (at L4) is where a CT of the pelvis and legs starts, no part of the chest ("from the aortic
    # bifurcation to the knees", "自主动脉分叉至足底"): the abdomen's and the pelvis's word, as "aorta" is the chest's and the
    # abdomen's.
    "chest": (r"\b(?:chest|thorax|thoracic|lungs?|pulmonary|ctpa|coronary|cardiac|heart|tap|cap|c/a/p|"
              r"thoracoabdominal|aorta|aortic(?!\s+bifurcation))\b", r"胸部|胸|肺|心脏|冠脉|冠状动脉|主动脉(?!分叉)"),
    "abdomen": (r"\b(?:abdomen|abdominal|a/p|liver|hepatic|renal|kidneys?|pancrea\w*|urogra\w*|kub|enterograph\w*|tap|"
                r"cap|c/a/p|thoracoabdominal|aorta|aortic bifurcation)\b", r"腹部|上腹|全腹|腹|肝|胆|胰|脾|肾|泌尿|尿路|CTU|主动脉"),
    "pelvis": (r"\b(?:pelvis|pelvic|a/p|kub|urogra\w*|prostate|bladder|tap|cap|c/a/p|aortic bifurcation)\b", r"盆腔|盆部|全腹|下腹|膀胱|前列腺|子宫|尿路|CTU|主动脉分叉"),
    "spine": (r"\b(?:spine|spinal|lumbar|c-spine|l-spine|t-spine|vertebra\w*)\b", r"脊柱|腰椎|颈椎|胸椎|骶椎"),
}
REGIONS = tuple(_REGIONS)
# The joints a CT of a limb is ordered for. A joint's scan shows the bones meeting there and nothing of another joint:
# a knee CT's "踝穴对位良好" or an elbow CT's "右膝关节诸骨未见骨折" is another examination's text. The ankle's own parts
# (malleoli, talus, mortise) name it; the knee's tibial plateau or the elbow's distal humerus are shared with a long
# bone and name no joint. The calcaneus and Böhler's angle, measured on it, lie in an ankle CT's field.
_JOINTS = {
    "shoulder": (r"\b(?:shoulders?|glenohumeral)\b", r"肩关节|肩部"),
    "elbow": (r"\belbows?\b", r"肘关节|肘部|肘"),
    "wrist": (r"\b(?:wrists?|carpal|carpus)\b", r"腕关节|腕部|腕骨|腕"),
    "hip": (r"\bhips?\b", r"髋关节|髋部|髋臼|髋"),
    "knee": (r"\bknees?\b", r"膝关节|膝部|膝"),
    "ankle": (r"\b(?:ankles?|malleol\w*|talus|talar|mortise|calcane\w*|b[oö]hler'?s?)\b",
              r"踝关节|踝部|踝穴|内踝|外踝|距骨|跟骨|Böhler角|贝勒角|踝"),
}
JOINTS = tuple(_JOINTS)
# A spine exam sees the body region at its level: a lumbar spine CT shows the kidneys, not the neck. The
# head stays when ordered with it ("CT head and cervical spine").
_SPINE_LEVELS = (
    (r"\b(?:cervical spine|c-spine|cervical)\b", r"颈椎", "neck"),
    (r"\b(?:thoracic spine|t-spine|dorsal spine)\b", r"胸椎", "chest"),
    (r"\b(?:lumbar|l-spine|lumbosacral|sacral)\b", r"腰椎|骶椎", "abdomen"),
)
# Which organ regions a scan of a region cannot show (only what it surely cannot: neighbours are allowed).
_INCOMPATIBLE = {
    "head": {"chest", "abdomen", "pelvis"},
    "neck": {"abdomen", "pelvis"},
    "chest": {"head", "pelvis"},
    "abdomen": {"head", "neck"},
    "pelvis": {"head", "neck", "chest"},
}
_CONTRAST_YES = (r"\b(?:with(?: iv| intravenous)? contrast|w/? ?(?:iv )?contrast|w iv|with and without|contrast[- ]enhanced|(?<!non-)enhanced|cta|angiogra\w*|urogra\w*|"
                 r"ctpa|arterial|venous phase|multiphas\w*|triphasic|biphasic|post-?contrast)\b",
                 r"增强|CTA|血管成像|造影|动脉期|静脉期|实质期|排泄期")
_CONTRAST_NO = (r"\b(?:without(?: iv| intravenous)? contrast|no (?:iv |intravenous )contrast|non-?contrast|unenhanced|non-?enhanced|plain|wo|low-?dose|ldct)\b|w/o",
                r"平扫|低剂量")

# Opacification of an air space (a sinus, mastoid cells, the lung) is fluid or tissue filling it, seen
# without contrast; of a vessel or the urinary tract it is contrast.
_AIR_SPACE = (r"(?:\s+[\w-]+){0,3}?\s+(?:sinus(?:es)?|ethmoid\w*|maxillary|frontal|sphenoid\w*|mastoid\w*|"
              r"(?:air\s+)?cells?|middle ear|tympanic|antr(?:um|a)|lungs?|lobes?|airspaces?|alveol\w*|bronch\w*)\b"
              r"(?![\s-]+(?:\w+[\s-]+)?(?:arter|vein|vessel|branch))")
_ENHANCEMENT = (
    r"\b(?:arterial phase|portal venous phase|venous phase|delayed phase|nephrographic phase|excretory phase|"
    r"post-?contrast|contrast-enhanced|after (?:the )?(?:administration|injection) of (?:iv |intravenous )?contrast|"
    r"(?<!non-)(?<!non)(?<!un)enhanc(?:e|ing|ement|es|ed)|wash-?out|avidly enhancing|"
    r"(?:after|following) (?:the )?(?:intravenous |iv )?(?:administration|injection|bolus)|iodinated contrast|"
    r"contrast (?:was )?(?:administered|injected|given)|(?:contrast|active) extravasation|extravasation of contrast|"
    rf"(?:well|adequately|optimally|densely|poorly) opacified|opacification of the(?!{_AIR_SPACE})|filling defects?|"
    r"(?<!oral )(?<!rectal )contrast (?:filling|fills|opacif\w*)|(?:filling|filled|fills) with contrast)\b",
    r"增强扫描|增强后|增强检查示|动脉期|静脉期|门脉期|门静脉期|延迟期|实质期|排泄期|分泌期(?!改变|变化|表现|样|子宫内膜|内膜)(?<!内膜分泌期)(?<!内膜呈分泌期)(?<!内膜处于分泌期)|强化|注射对比剂|注射造影剂|团注|对比剂后|造影剂后|"
    r"对比剂外渗|对比剂外溢|充盈缺损|显影良好|(?<!口服)(?:对比剂|造影剂)(?:充盈|填充)",
)
# 分泌期 is the urinary tract's excretory phase, and the endometrium's secretory phase too ("子宫内膜增厚，考虑分泌期改变",
# "内膜呈分泌期"): the menstrual cycle's phase says nothing of contrast.
# A recommendation ("suggest contrast-enhanced CT", "is suggested") excuses a contrast word; an inference ("enhances less
# than the left, suggesting reduced function") does not: it reads the enhancement as seen. So does contrast another
# study left or showed ("residual contrast from this morning's angiogram fills the bladder", "no filling on the prior
# CTA", "on Monday's CT", "对比剂残留", "为昨日增强CT后排泄"): it was given then, not for this scan; and contrast given
# into a hollow organ rather than a vein ("per rectum", "via the urinary catheter", "CT cystogram", "经肛门注入", "灌肠",
# "经导尿管", "膀胱造影"), which enhances nothing.
_ENHANCEMENT_EXCUSED = (
    r"\b(?:cannot|can ?not|could not|not (?:be )?assessed|not evaluated|limited|without (?:iv |intravenous )?contrast|"
    r"non-?contrast|unenhanced|recommend\w*|suggest(?:ed)?|consider\w*|further evaluation|if clinically|could be|"
    r"oral contrast (?:was )?(?:given|administered)|(?:residual|retained) contrast|"
    r"rectal|per rectum|enema|(?:urinary|bladder|foley|urethral) catheter|cystogra\w*|"
    r"(?:on|from|at|after|following) (?:the |this |last )?(?:[\w-]+'s |prior |previous |earlier |recent )"
    r"(?:contrast[- ]enhanced |enhanced |contrast )?(?:ct\w*|angiogra\w*|myelogra\w*|urogra\w*|dsa|study|scan|exam\w*)|"
    r"(?:on|from|at|after|following) (?:the |an? )?(?:cta|ct angiogra\w*|angiogra\w*|myelogra\w*|urogra\w*|dsa))\b",
    r"建议|必要时|进一步|无法评估|未能评估|不能评估|可考虑|口服|(?:残留|滞留)的?(?:对比剂|造影剂)|(?:对比剂|造影剂)(?:残留|滞留)|"
    r"经肛门|经直肠|灌肠|导尿管|膀胱造影|排泄(?!期)|"
    r"(?:前次|上次|既往|术前|术中|昨日|昨天|今晨|前日|此前|之前|先前)的?(?:增强)?(?:CTA|CT|DSA|造影|增强)",
)
# In the technique section any mention of a non-contrast acquisition counts (not only "non-contrast CT").
_NO_CONTRAST_TECHNIQUE = (r"\b(?:non-?contrast|unenhanced|non-?enhanced|without (?:iv |intravenous )?contrast)\b",
                          r"平扫")
_NO_CONTRAST_CLAIM = (
    r"\b(?:without (?:iv |intravenous |oral )?contrast|no (?:iv |intravenous )?contrast (?:was |were )?"
    r"(?:administered|given|used)|non-?contrast (?:ct|study|exam\w*|scan)|unenhanced (?:ct|study|exam\w*|scan))\b",
    r"未行增强|仅行平扫|未(?:经静脉|静脉)?(?:注射|使用)(?:对比剂|造影剂)",
)
# A multiphase protocol lists its unenhanced phase first: "unenhanced, venous, 15-min delayed" is a contrast study.
_UNENHANCED_THEN_PHASES = (r"(?:unenhanced|non-?contrast)\b[^.;]{0,40}\b(?:arterial|venous|portal|nephrographic|excretory|"
                           r"delayed|post-?contrast)")
_BOTH_PHASES = (r"with and without|before and after|pre- and post|pre and post|followed by|prior to (?:contrast|injection)|"
                r"pre-?contrast (?:images|phase|series|scan)|non-?contrast (?:phase|images|series) (?:and|followed|then)|"
                r"then post|oral contrast|" + _UNENHANCED_THEN_PHASES,
                r"平扫(?:\+|＋|及|和|加|与)增强|增强前|平扫后|口服")


@dataclass
class Exam:
    regions: set[str]
    contrast: bool | None  # None: not stated
    joints: set[str] = field(default_factory=set)  # a limb CT's joint ("CT right elbow", "右肘关节CT")


def parse_exam(text: str, language: str) -> Exam:
    column = 0 if language == "en" else 1
    lowered = text.lower() if language == "en" else text
    regions = {r for r, patterns in _REGIONS.items() if re.search(patterns[column], lowered, re.IGNORECASE)}
    if "spine" in regions:
        regions = {"spine"} | (regions & {"head"}) | {level for en, zh, level in _SPINE_LEVELS
                               if re.search(en if language == "en" else zh, lowered, re.IGNORECASE)}
    if re.search(r"\bstaging\b|分期", lowered) and not regions - {"spine"}:
        regions = {"chest", "abdomen", "pelvis"}
    says_yes = bool(re.search(_CONTRAST_YES[column], text, re.IGNORECASE))
    says_no = bool(re.search(_CONTRAST_NO[column], text, re.IGNORECASE))
    if language == "en" and re.search(rf"with and without|without and with|{_UNENHANCED_THEN_PHASES}", text, re.IGNORECASE):
        says_no = False
    if language == "zh" and re.search(_BOTH_PHASES[1], text):
        says_no = False
    contrast = True if says_yes and not says_no else False if says_no and not says_yes else None
    joints = {joint for joint, patterns in _JOINTS.items() if re.search(patterns[column], lowered, re.IGNORECASE)}
    return Exam(regions, contrast, joints)


def ordered_exam(text: str) -> Exam:
    """The examination as ordered, read in its own language: a RIS names exams one way for reports in
    either language, and `radqc data index --exam` gives one name to a folder's English and Chinese reports alike. A
    Chinese order is read in simplified characters, as the report is (`parse_report`): a Hong Kong or Taiwan RIS
    writes "頭顱CT平掃"."""
    language = detect_language(text)
    return parse_exam(simplified(text) if language == "zh" else text, language)


def read_order(text: str) -> Exam | None:
    """The order TEXT as the exam check uses it: None when radqc reads nothing in it, no region, joint nor contrast
    ("CT aortogram", a typo), which the report's technique line then stands in for (`radqc audit --exam` and
    `radqc eval` say so)."""
    exam = ordered_exam(text)
    return exam if exam.regions or exam.joints or exam.contrast is not None else None


def _ordered(data: CheckInput) -> Exam | None:
    """None as well when radqc reads nothing in the order: standing in for the technique line, an order that
    names no region nor contrast silenced both checks the technique could feed."""
    return read_order(data.exam) if data.exam else None


def _performed(data: CheckInput) -> Exam | None:
    technique = " ".join(s.text for s in data.report.in_section("technique"))
    return parse_exam(technique, data.language) if technique else None


def examination(data: CheckInput) -> Exam | None:
    """The examination as ordered, else as the report's technique names it; None when neither says."""
    return _ordered(data) or _performed(data)


def check(data: CheckInput) -> list[Candidate]:
    ordered, performed = _ordered(data), _performed(data)
    exam = ordered or performed
    if exam is None:
        return []
    found = _other_region(data, exam) + _other_spine_segment(data, exam) + _other_joint(data, exam)
    if exam.contrast is False:
        found += _enhancement_without_contrast(data)
    elif exam.contrast is True:
        found += _unenhanced_claim(data)
    if ordered and performed:
        found += _header_disagrees(data, ordered, performed)
    return found


OUTSIDE_THE_SCAN = {
    "en": re.compile(r"\bnot (?:imaged|included|covered|in the field|scanned)\b|\boutside the (?:field|scan)", re.I),
    "zh": re.compile(r"未包括|未扫及|未包含|不在扫描范围"),
}


# A scan reaches into the region below it, but not far: a neck CT shows the lung apices, not the lower and middle
# lobes or the lung bases; a chest CT the upper abdomen, not the appendix, caecum or sigmoid of the iliac fossae.
_BELOW_THE_FIELD = {
    "neck": {"en": re.compile(r"\b(?:lower|middle)\s+lobes?\b|\blung bases?\b|\b(?:RLL|LLL|RML)\b", re.I),
             "zh": re.compile(r"肺[下中]叶|肺底")},
    "chest": {"en": re.compile(r"\b(?:appendix|appendiceal|ca?ecum|caecal|cecal|sigmoid)\b", re.I),
              "zh": re.compile(r"阑尾|盲肠|乙状结肠")},
}


# A segment of the spine, named as such, lies in the body region at its level (`_SPINE_LEVELS`): a neck CT shows the
# cervical spine, not the lumbar ("Normal study of the lumbar spine" in a neck CT is another study's text). The spine
# word is required: "cervical nodes" and "lumbar arteries" are no vertebrae.
_SPINE_SEGMENT_NAMED = {
    "en": (("neck", re.compile(r"\b(?:cervical|c)[\s-]spine\b|\bcervical vertebra\w*", re.I)),
           ("chest", re.compile(r"\b(?:thoracic|dorsal|t)[\s-]spine\b|\bthoracic vertebra\w*", re.I)),
           ("abdomen", re.compile(r"\b(?:lumbar|lumbosacral|l)[\s-]spine\b|\blumbar vertebra\w*", re.I))),
    "zh": (("neck", re.compile(r"颈椎")), ("chest", re.compile(r"胸椎")), ("abdomen", re.compile(r"腰椎"))),
}


# Gas in the orbit is called emphysema after where it lies ("orbital emphysema" beside a blow-out fracture): it lies in
# the scanned face, and implies no lung. Subcutaneous or surgical emphysema can lie on the chest wall, so it still
# implies the chest. Only the region it implies is read so; the other checks still read the word as the finding it
# names.
_ORBIT_BEFORE_EN = re.compile(r"\b(?:orbital|periorbital|intraorbital|extraconal)\s+$", re.I)


def _gas_in_the_orbit(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is an emphysema the word before it places in the orbit ("orbital emphysema")."""
    return (entity.finding == "emphysema" and data.language == "en"
            and bool(_ORBIT_BEFORE_EN.search(data.report.text, entity.sentence.start, entity.start)))


def _other_region(data: CheckInput, exam: Exam) -> list[Candidate]:
    """Sentences about organs (named, or implied by the finding: a pneumothorax is pleural) or a segment of the spine
    of a region the scan cannot include."""
    levels = exam.regions - {"spine"}
    if not levels:
        return []
    banned = set.intersection(*(_INCOMPATIBLE.get(r, set()) for r in levels))
    found = []
    for sentence in data.report.body:
        if OUTSIDE_THE_SCAN[data.language].search(sentence.text):
            continue  # "Paranasal sinuses not imaged" says the region is outside the scan
        level = next(iter(levels)) if len(levels) == 1 else None
        below = next((m for m in _BELOW_THE_FIELD[level][data.language].finditer(sentence.text)
                      if not in_a_longer_organ_name(sentence.text, m.start(), m.end(), data.language)),
                     None) if level in _BELOW_THE_FIELD else None  # not the heart's "atrial appendix"
        if below:
            found.append(candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                                   f"A CT of the {level} reaches just beyond it, not the \"{below.group(0)}\".", 0.8,
                                   "other-region"))
            continue
        segment = None if "spine" in exam.regions else next(
            (m for level, pattern in _SPINE_SEGMENT_NAMED[data.language] if level in banned
             for m in [pattern.search(sentence.text)] if m), None)
        if segment:
            found.append(candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                                   f"A CT of the {'/'.join(sorted(exam.regions))} does not show the "
                                   f"\"{segment.group(0)}\".", 0.8, "other-region"))
            continue
        named = [(m.key, m.start, m.end) for m in _organs_meant(sentence, data)]
        implied = [(e.organ, e.start, e.end) for e in data.entities
                   if e.sentence.index == sentence.index and e.organ and findings()["findings"][e.finding].get("site_specific")
                   and not _gas_in_the_orbit(data, e)]
        wrong = [w for w in named + implied if anatomy()[w[0]]["region"] in banned]
        if wrong:
            organ, start, end = wrong[0]
            found.append(candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                                   f"A CT of the {'/'.join(sorted(exam.regions))} does not show the "
                                   f"{organ.replace('_', ' ')} (\"{data.report.text[start:end]}\").", 0.8, "other-region"))
    return _one_per_passage(data, found)


def _one_per_passage(data: CheckInput, found: list[Candidate]) -> list[Candidate]:
    """Sentences of another region written one after another on a line ("The liver and spleen are intact; no free fluid
    in the pelvis.") are one passage copied from another report: one error, one candidate spanning them."""
    merged: list[Candidate] = []
    for c in sorted(found, key=lambda c: c.start):
        last = merged[-1] if merged else None
        between = data.report.text[last.end : c.start] if last is not None else "\n"
        if not between.strip() and "\n" not in between:
            merged[-1] = candidate(data.report, "exam_mismatch", last.start, c.end, last.explanation, last.confidence,
                                   last.rule)
        else:
            merged.append(c)
    return merged


# Vertebral levels by the spine exam that images them (the region `_SPINE_LEVELS` gives it): a cervical spine
# CT ends at the upper thoracic spine and a lumbar one starts at the lower, so neither shows the other's levels
# ("L4/5 disc protrusion" in a cervical spine CT is another patient's or another template's), nor the cord's lower end
# and the roots below it, at L1 and beyond (the conus, the cauda equina, often written "cauda equine").
_SEGMENT_LEVELS = {
    "neck": re.compile(r"(?<![A-Za-z0-9])(?:L[1-5]|S1)(?:\s*[-/]\s*(?:[LS]?\d))?(?![A-Za-z0-9])|腰椎|骶椎|"
                       r"\b[Cc]auda equin\w*|\b[Cc]onus medullaris\b|马尾|脊髓圆锥"),
    "abdomen": re.compile(r"(?<![A-Za-z0-9])C[1-6](?:\s*[-/]\s*C?\d)?(?![A-Za-z0-9])|颈椎"),
}


def _other_spine_segment(data: CheckInput, exam: Exam) -> list[Candidate]:
    """Sentences about vertebral levels of a segment a spine exam of one segment cannot image."""
    levels = exam.regions & {"neck", "chest", "abdomen"}
    if "spine" not in exam.regions or len(levels) != 1 or not levels <= set(_SEGMENT_LEVELS):
        return []  # a thoracic, whole-spine or two-segment exam reaches both ends
    pattern = _SEGMENT_LEVELS[levels.pop()]
    found = []
    for sentence in data.report.body:
        match = pattern.search(sentence.text)
        if match and not OUTSIDE_THE_SCAN[data.language].search(sentence.text):
            found.append(candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                                   f"A CT of the {'/'.join(sorted(exam.regions))} does not image {match.group(0)}.",
                                   0.75, "other-spine-segment"))
    return found


def _other_joint(data: CheckInput, exam: Exam) -> list[Candidate]:
    """Sentences about a joint other than the one joint a limb CT is of (`_JOINTS`)."""
    if len(exam.joints) != 1:
        return []  # no joint ordered, or two ("CT pelvis and both hips" also shows the hips' neighbours)
    column = 0 if data.language == "en" else 1
    others = [(joint, patterns[column]) for joint, patterns in _JOINTS.items() if joint not in exam.joints]
    found = []
    for sentence in data.report.body:
        other = next((joint for joint, pattern in others if re.search(pattern, sentence.text, re.IGNORECASE)), None)
        if other and not OUTSIDE_THE_SCAN[data.language].search(sentence.text):
            found.append(candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                                   f"A CT of the {next(iter(exam.joints))} does not show the {other}.", 0.75,
                                   "other-joint"))
    return found


def _organs_meant(sentence: Sentence, data: CheckInput) -> list[Mention]:
    """The organs SENTENCE names, an organ word the spelling check reads as a slip for another word taken as
    the word meant: the "lateral rectum muscle" of an orbit CT is the rectus muscle misheard, a spelling
    error, and no bowel in the head."""
    slips = typos(sentence.text, data.language)
    found = []
    for m in organs(sentence, data.language, data.spine_exam):
        slip = next((s for s in slips if sentence.start + s[0] < m.end and m.start < sentence.start + s[1]), None)
        if slip is None:
            found.append(m)
        else:
            found += [Mention(k, m.start, m.end) for k, _, _ in organ_matcher(data.language).find(slip[2])]
    return found


def _enhancement_without_contrast(data: CheckInput) -> list[Candidate]:
    """Enhancement or contrast given, in the findings, impression or technique of a non-contrast exam; not the words of
    contrast inside a statement that none was given ("未注射对比剂", "no contrast was administered"), which says the
    examination was the one ordered."""
    column = 0 if data.language == "en" else 1
    found = []
    for sentence in data.report.body + data.report.in_section("technique"):
        denied = [m.span() for m in re.finditer(_NO_CONTRAST_CLAIM[column], sentence.text, re.IGNORECASE)]
        match = next((m for m in re.finditer(_ENHANCEMENT[column], sentence.text, re.IGNORECASE)
                      if not any(a <= m.start() < b for a, b in denied)), None)
        if match and not re.search(_ENHANCEMENT_EXCUSED[column], sentence.text, re.IGNORECASE):
            start = sentence.start + match.start()
            found.append(candidate(data.report, "exam_mismatch", start, sentence.start + match.end(),
                                   f"\"{match.group(0)}\" needs contrast, but the examination was without contrast.",
                                   0.8, "enhancement-without-contrast"))
    return found


def _technique_gives_contrast(data: CheckInput, sentence: Sentence, column: int) -> bool:
    """Whether the technique SENTENCE, read with the rest of its statement, names a contrast acquisition. A sentence
    ending in a semicolon runs on into the next: "Unenhanced HRCT, inspiratory and expiratory;" then "then
    contrast-enhanced CT in the arterial phase." is one protocol of two acquisitions. A full stop ends it: "Non-contrast
    images of the head were obtained." stays a claim beside the next sentence's contrast."""
    statement = [sentence]
    while statement[-1].text.rstrip().endswith((";", "；")) and statement[-1].index + 1 < len(data.report.sentences):
        statement.append(data.report.sentences[statement[-1].index + 1])
    return any(s.section == "technique" and re.search(_CONTRAST_YES[column], s.text, re.IGNORECASE) for s in statement)


def _unenhanced_claim(data: CheckInput) -> list[Candidate]:
    column = 0 if data.language == "en" else 1
    found = []
    for sentence in data.report.sentences:
        pattern = _NO_CONTRAST_TECHNIQUE if sentence.section == "technique" else _NO_CONTRAST_CLAIM
        match = re.search(pattern[column], sentence.text, re.IGNORECASE)
        if match and not re.search(_BOTH_PHASES[column], sentence.text, re.IGNORECASE) and not (
            sentence.section == "technique" and _technique_gives_contrast(data, sentence, column)
        ):
            start = sentence.start + match.start()
            found.append(candidate(data.report, "exam_mismatch", start, sentence.start + match.end(),
                                   f"\"{match.group(0)}\" contradicts the contrast-enhanced examination ordered.",
                                   0.75, "no-contrast-claim"))
    return found


# Reformats of the spine ("bone algorithm and sagittal spine reformats", "脊柱矢状位重建") are images made from the volume
# acquired: a chest, abdomen or pelvis CT holds the spine at its levels, so they name no other examination.
_SPINE_REFORMATS = {"en": re.compile(r"\b(?:spine|spinal)\s+(?:reformat|reconstruction|MPR)|"
                                     r"\b(?:reformat|reconstruction|MPR)s?\s+of\s+the\s+(?:\w+\s+)?spine", re.I),
                    "zh": re.compile(r"脊柱[^，。；,;]{0,4}重建")}
_TRUNK = {"chest", "abdomen", "pelvis"}


def _header_disagrees(data: CheckInput, ordered: Exam, performed: Exam) -> list[Candidate]:
    if not ordered.regions or not performed.regions or ordered.regions & performed.regions:
        return []
    if (performed.regions == {"spine"} and ordered.regions & _TRUNK and any(
            _SPINE_REFORMATS[data.language].search(s.text) for s in data.report.in_section("technique"))):
        return []
    sentence = data.report.in_section("technique")[0]
    return [candidate(data.report, "exam_mismatch", sentence.start, sentence.end,
                      f"The report names a CT of the {'/'.join(sorted(performed.regions))}; the order was for the "
                      f"{'/'.join(sorted(ordered.regions))}.", 0.75, "header-region")]
