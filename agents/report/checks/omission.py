"""Significant findings the impression leaves out.

A findings statement is significant when it asserts an abnormality whose lexicon weight, adjusted for
the words around it (larger, acute, new vs small, stable, simple, incidental), passes a threshold. It is
covered when the impression names the same or a related abnormality in that organ, restates its size, or says
something close in meaning: sentence-embedding similarity in English (MiniLM is English-only), character-bigram
overlap in Chinese.
"""

from __future__ import annotations

import re

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.checks.exam import examination
from radqc.agents.report.checks.mismatch import operated_for
from radqc.agents.report import grades
from radqc.agents.report.document import Sentence, Span
from radqc.agents.report.evidence import Candidate, candidate
from radqc.agents.report.lexicon import anatomy, organ_matcher
from radqc.agents.report.mentions import (
    CHANGE_WORDS, MADE_OPENING_ZH, STABLE_WORDS, Entity, Mention, doubted, entities, family, organs, readings, sides,
    sizes, states_normal,
)
from radqc.agents.report.relations import (
    group, kind, organs_compatible, other_stations, related, same_abnormality, sides_compatible, significance,
    simple_cyst, site_bound,
)
from radqc.agents.report.stations import apart as stations_apart
from radqc.agents.report.stations import read_station, region_names

SIGNIFICANT = 0.55
EMBEDDING_COVERED = 0.62
BIGRAM_COVERED = 0.45
# Words that make a finding minor: about its size (in its own clause), or about its nature (anywhere in
# the sentence: "spondylosis with foraminal narrowing" is degenerative throughout).
_MINOR = {
    # The degree as an adverb too ("Heart mildly enlarged", "minimally dilated", "slightly prominent"), but not before
    # a density or enhancement, which it grades instead of the finding ("slightly hypodense lesion", as "稍低密度灶").
    "en": re.compile(r"\b(small|tiny|minimal|mild|trace|subcentimeter|simple|stable|unchanged|incidental|"
                     r"too small to characteri[sz]e|nonspecific|punctate|resolving|regressing|"
                     r"(?:minimally|mildly|slightly)(?!\s+(?:hypo|hyper|iso|low|high|enhanc|attenuat|dense)))\b", re.I),
    # "大小" is "size", not "small"; "稍" is "slightly" ("肠壁稍水肿"), but "稍低密度灶" names a density, not a degree
    "zh": re.compile(r"少许|少量|微小|(?<!大)小|轻度|轻微|稍(?![低高长短等])|稳定|无变化|点状|(?:部分|逐渐|较前)吸收"),
}  # a finding resolving ("Resolving peripancreatic stranding", "较前吸收") is on its way out: minor
_BENIGN = {
    # "acute-on-chronic" is a fresh bleed into an old one: acute, not chronic
    "en": re.compile(r"\b(benign|adenoma|lipid-rich|fat-containing|cystic|"
                     r"reactive|(?<!acute-on-)(?<!acute on )chronic|calcified|bosniak (?:i|ii|1|2)\b|likely|"
                     r"probably|lacunar|lacunes?|postpartum state)", re.I),
    "zh": re.compile(r"良性|腺瘤|囊性|脂肪(?!间隙|密度增高)|反应性|慢性|腔隙|产后改变"),
}  # a fat-containing lesion is benign; the fat plane around an organ blurred ("脂肪间隙模糊") is inflammation
# Physiological uptake or activity (`grades.physiological`) is benign too, but only what the word describes: the finding of
# its own clause or one before it ("FDG-avid axillary node, likely physiological"), not one a later clause goes on to
# ("Physiological uptake in the bowel, and an FDG-avid node in the left axilla", "肠道生理性摄取，左侧腋窝淋巴结...").
# Words that settle a finding as done with or as what age brings: old, healed, degenerative, age-related ("Age-appropriate
# volume loss with white matter hypodensities", "老年性脑改变"). Benign too, and beside an organ called normal no
# contradiction of it (`incidental`).
_SETTLED = {
    "en": re.compile(r"\b(old|healed|degenerative|spondylosis|spondylotic|age[- ](?:related|appropriate)|senile|involutional|"
                     r"(?:normal|appropriate|expected) for (?:the patient's |his |her )?age|"
                     r"in keeping with (?:the patient's |his |her )?age)", re.I),
    "zh": re.compile(r"陈旧|退行性|退变|骨质增生|老年性|增龄性|年龄相关|与年龄相符|符合年龄"),
}
# Words that deny a finding is one at all: an artefact, a finding the sentence itself calls what is expected
# ("free gas, expected 6 days after laparotomy"), a change radiotherapy leaves ("post-radiation oedema of the
# supraglottic larynx", "会厌放疗后水肿": its expected effect, not a radiation pneumonitis), or one named only as what
# another organ is clear of ("膀胱壁与肿块分界清", "the fat plane with the mass is preserved", "病灶与降主动脉间脂肪间隙
# 尚存在": the tumour's staging, which the impression gives as its T category, not another finding).
_NOT_A_FINDING = {
    "en": re.compile(r"\b(mimic(?:s|king)?|simulat(?:es|ing)|artefact|artifact|pseudo-?\w*|expected|"
                     r"(?:post-?)?(?:radiation|radiotherapy)\s+(?:changes?|o?edema|fibrosis)|"
                     r"(?:fat )?planes? (?:\w+ ){0,4}(?:is |are )?(?:preserved|maintained|clear))\b", re.I),
    "zh": re.compile(r"伪影|假象|分界(?:尚|较|均)?清|脂肪间隙(?:尚|仍|均)?(?:存在|清晰|清楚|保留)|(?:放疗|放化疗)后(?:改变|水肿|纤维化)|放射性(?:改变|水肿|纤维化)"),
}
# A sentence opening on what surrounds something ("Surrounding consolidation slightly increased", "周围见卫星灶") goes on
# describing the lesion of the sentence before: the impression reporting that lesion sums it up.
_SURROUNDING = {"en": re.compile(r"^\s*(?:the\s+)?(?:surrounding|adjacent|perilesional)\b", re.I),
                "zh": re.compile(r"^\s*(?:其)?(?:周围|周边|邻近)")}
# So does a sentence whose subject is the lesion just described, named by a pronoun ("It extends into the right paraglottic
# space ... with tumour in the strap muscles") or left out before its enhancement ("增强后软组织成分明显强化，内见迂曲增粗
# 血管影", "After contrast it enhances avidly"): its extent, its enhancement, what it holds. One naming an organ of its own
# ("增强扫描肝S8见一强化结节") describes something else (`_goes_on`).
_PRONOUN_SUBJECT = {"en": re.compile(r"^\s*(?:it|its|they|their)\b", re.I),
                    "zh": re.compile(r"^\s*(?:其(?![余他它])|该病[灶变])")}  # not "其余", the rest
# "It is noted that ..." stands for nothing before it; "其" right before an organ ("其右侧肾上腺见...") names that organ.
_IT_STANDS_FOR_NOTHING = re.compile(r"^\s*it\s+(?:is|was)\s+(?:also\s+)?(?:noted|seen|observed|evident|worth|notable)\b", re.I)
_ITS_ORGAN_ZH = re.compile(r"^\s*其(?:左右|双侧|两侧|左侧|右侧|左|右|双)?$")
_ENHANCEMENT_FIRST = {"en": re.compile(r"^\s*(?:(?:after|following|on|with)\s+(?:iv\s+)?contrast|post-?contrast)\b", re.I),
                      "zh": re.compile(r"^\s*增强")}
_ENLARGEMENT_MATTERS = {"spleen", "liver", "heart", "lymph_node"}
_CONSEQUENCES = {"mass_effect", "midline_shift"}
# Fat stranding ("perinephric fat stranding", "周围脂肪间隙模糊", "渗出") is the fat's answer to a disease of the organ it
# surrounds: an impression reporting a disease of that organ's family on its side has said it (`_sign_reported`).
_SIGNS = {"inflammatory_change"}
_LOW_HU = re.compile(r"(-?\d+(?:\.\d+)?)\s*HU", re.I)
_MAJOR = {
    "en": re.compile(r"\b(large|acute|new|enlarging|increased|increasing|suspicious|concerning|malignant|"
                     r"spiculated|obstructing|severe|extensive|massive|displaced|complex)\b", re.I),
    "zh": re.compile(r"大量|急性|新发|可疑|恶性|分叶|毛刺|梗阻|重度|广泛|移位"),
}


# A chronic diffuse disease of an organ the request gives as known, the reason for the study ("CIRRHOSIS
# SURVEILLANCE", "Known cirrhosis", "肝硬化复查"), is the referrer's own background: an impression that leaves it out
# omits nothing unless the findings say it changed since the prior study. A disease the request asks about
# ("?appendicitis", "除外肺炎") is the question the impression answers, and a lesion under surveillance (a nodule,
# an aneurysm) the one whose state it must give.
_BACKGROUND = {"cirrhosis", "steatosis", "fibrosis", "emphysema", "bronchiectasis", "diverticulosis", "degeneration"}
_KNOWN = {
    "en": re.compile(r"\b(?:known|surveillance|follow[- ]?up|history of|hx of)\b", re.I),
    "zh": re.compile(r"复查|随访|病史|已知"),
}
_CHANGED = {
    "en": re.compile(rf"\b(?:{CHANGE_WORDS['en']['up']}|{CHANGE_WORDS['en']['down']}|progress\w*|worse\w*|new)\b", re.I),
    "zh": re.compile(r"较前|进展|加重|新发|新见"),  # "缩小" alone is a state: "肝脏体积缩小"
}


# A finding its sentence calls unchanged since the prior study ("Left hilar mass 4.3 cm, unchanged", "sclerotic focus in
# T10 unchanged since baseline", "甲状腺右叶结节，较前相仿") is the known disease an earlier report gave: an impression
# answering the study's own question (a stent's position, a new complaint) may leave it to the body. A sentence calling
# something new or grown as well (`_GREW`) is not only about the known finding.
_UNCHANGED = {"en": re.compile(rf"\b(?:{STABLE_WORDS['en']})\b", re.I), "zh": re.compile(STABLE_WORDS["zh"])}
_GREW = {
    "en": re.compile(rf"\b(?:{CHANGE_WORDS['en']['up']}|new|newly|progress\w*|worse\w*)\b", re.I),
    "zh": re.compile(rf"{CHANGE_WORDS['zh']['up']}|新发|新见|新出现|新增|进展|加重"),
}


# The lexicon's highest significance is an acute, critical finding (an embolism, a haemorrhage, free air, a dissection,
# active bleeding): unchanged since a study hours earlier ("Pulmonary embolism ... unchanged from the CTPA 2 hours
# earlier"), it is still today's emergency, which the impression must carry.
_CRITICAL = 1.0


def _goes_on(sentence: Sentence, language: str) -> bool:
    """SENTENCE's subject is the lesion of the sentence before: a pronoun opens it (`_PRONOUN_SUBJECT`), or its enhancement
    does (`_ENHANCEMENT_FIRST`) and it names no organ."""
    return _pronoun_subject(sentence, language) or (
        bool(_ENHANCEMENT_FIRST[language].search(sentence.text)) and not organs(sentence, language))


def _pronoun_subject(sentence: Sentence, language: str) -> bool:
    """A pronoun opens SENTENCE (`_PRONOUN_SUBJECT`) and stands for something before it: not "It is noted that"
    (`_IT_STANDS_FOR_NOTHING`), nor "其" right before an organ (`_ITS_ORGAN_ZH`)."""
    if not _PRONOUN_SUBJECT[language].search(sentence.text):
        return False
    if language == "en":
        return not _IT_STANDS_FOR_NOTHING.search(sentence.text)
    return not any(_ITS_ORGAN_ZH.search(sentence.text[: m.start - sentence.start]) for m in organs(sentence, language))


def _stated_unchanged(entity: Entity, language: str) -> bool:
    """ENTITY's sentence calls it unchanged since the prior study (`_UNCHANGED`) and calls nothing new or grown, and it
    is no critical finding (`_CRITICAL`)."""
    text = entity.sentence.text
    return (bool(_UNCHANGED[language].search(text)) and not _GREW[language].search(text)
            and significance(entity.finding) < _CRITICAL)


# A denial of visceral disease ("No visceral metastatic disease", "未见内脏转移") speaks of the organs of the chest and
# abdomen, not of the skeleton or the lymph nodes: a new bone lesion or an enlarged node is nothing it denies.
_VISCERAL = {"en": re.compile(r"\bvisceral\b", re.I), "zh": re.compile(r"内脏|脏器")}
_BEYOND_THE_VISCERA = {"skeleton", "lymph_node"}


def _beyond_the_viscera(entity: Entity, denial: Entity, language: str) -> bool:
    """DENIAL's clause denies only visceral disease (`_VISCERAL`), and ENTITY lies in a bone or a lymph node."""
    return (entity.organ is not None and family(entity.organ) in _BEYOND_THE_VISCERA
            and bool(_VISCERAL[language].search(denial.clause.text)))


def _known_background(data: CheckInput) -> list[Entity]:
    """The background diseases the request, before the findings, gives as known (`_BACKGROUND`)."""
    body = [s.start for s in data.report.sentences if s.section in ("findings", "impression")]
    return [e for s in data.report.sentences if s.section in ("technique", "other") and s.end <= min(body, default=0)
            and _KNOWN[data.language].search(s.text) for e in entities(s, data.language)
            if not e.negated and e.finding in _BACKGROUND]


def weight(entity: Entity, language: str) -> float:
    """How much the impression should mention this finding: the lexicon weight moved by its wording and size."""
    clause = entity.clause
    value = significance(entity.finding)
    if entity.finding == "enlargement" and entity.organ in _ENLARGEMENT_MATTERS:
        value += 0.15  # splenomegaly or hepatomegaly belongs in the impression, a large prostate rarely
    if _MINOR[language].search(clause.text):
        value -= 0.25
    benign = (_BENIGN[language].search(entity.sentence.text) or _SETTLED[language].search(entity.sentence.text)
              or _fat_or_fluid_density(entity) or _physiological(entity))
    if benign:
        value -= 0.4
    if _MAJOR[language].search(entity.sentence.text):
        value += 0.2
    if group(entity.finding) == "focal":  # a focal lesion matters more the larger it is
        largest = max((s.largest_mm for s in sizes(entity.sentence)), default=0.0)
        if largest >= 10:
            value += 0.1
        elif 0 < largest < 5:
            value -= 0.2
    if entity.hedged or doubted(entity.sentence, language):
        value -= 0.2  # an uncertain finding may be left to the report body
    if benign or _NOT_A_FINDING[language].search(entity.sentence.text):
        value = min(value, SIGNIFICANT - 0.05)  # "severe degenerative narrowing" is still degenerative
    return max(0.0, min(1.0, value))


# A lexicon weight below this is a finding incidental by its kind: a calcification, degenerative change, diverticulosis
# (not a cyst, which is one only when called simple: one with an enhancing septum is a lesion).
INCIDENTAL = 0.2


def incidental(entity: Entity, language: str) -> bool:
    """ENTITY is benign by its nature, which an organ called normal ("Lungs clear", "骨质未见异常") leaves beside it
    as radiologists write: an incidental kind (`INCIDENTAL`), a simple cyst, one its clause settles as old, healed,
    degenerative or age-related (`_SETTLED`), or a change its sentence says is no finding (`_NOT_A_FINDING`: radiation
    fibrosis). A finding only small, or only probably benign ("likely"), is still one of the organ's."""
    clause = entity.clause
    return (significance(entity.finding) < INCIDENTAL or simple_cyst(entity, language)
            or bool(_SETTLED[language].search(clause.text)) or bool(_NOT_A_FINDING[language].search(entity.sentence.text)))


def _physiological(entity: Entity) -> bool:
    """ENTITY's clause, or the rest of its list item after it, calls it physiological (`grades.physiological`): a word in
    a clause before its own describes what that clause names."""
    return grades.physiological(entity.sentence, entity.clause.start)


def _fat_or_fluid_density(entity: Entity) -> bool:
    """An adrenal or renal nodule of 10 HU or less is a lipid-rich adenoma or a cyst: benign."""
    values = [float(v) for v in _LOW_HU.findall(entity.sentence.text)]
    return entity.organ in ("adrenal", "kidney") and bool(values) and max(values) <= 10


def check(data: CheckInput) -> list[Candidate]:
    impression = data.report.in_section("impression")
    if not impression:
        return []
    concluded = [e for e in data.entities if e.sentence.section == "impression" and not e.negated]
    best: dict[int, tuple[float, Entity]] = {}  # one candidate per findings sentence, its weightiest finding
    covered_sentences = set()
    summed_up: dict[int, Entity] = {}  # findings sentence -> its main finding, which the impression reports
    # The organs each impression sentence names: one asserting an abnormality covers them all
    # ("metastatic disease involving the lungs, hilar nodes and liver").
    organs_named = {s.index: organs(s, data.language) for s in impression}
    # A denied recurrence is about the treated site ("no local recurrence at the staple line"): the new nodule the
    # findings describe may be elsewhere.
    denied = [e for e in data.entities if e.sentence.section == "impression" and e.negated
              and not site_bound(e.finding)]
    # An impression calling the organ normal ("Normal appendix.") contradicts its findings: a mismatch.
    called_normal = {
        m.key for s in impression if states_normal(s, data.language)
        and not any(c.sentence.index == s.index for c in concluded) for m in organs(s, data.language)
    }
    # The first finding a sentence asserts is its subject; what follows may be a detail of it or a
    # second finding ("hydronephrosis with the ureter tapering at the adnexal mass").
    main_finding: dict[int, Entity] = {}
    for entity in data.entities:
        if not entity.negated:
            main_finding.setdefault(entity.sentence.index, entity)
    # A response category ("Partial response", "疾病稳定") sums up the target lesions its findings table measures.
    responded = any(grades.responses(s, data.language) for s in impression)
    known = _known_background(data)
    for entity in data.entities:
        if entity.sentence.section != "findings" or entity.negated:
            continue
        if operated_for(data, entity):
            continue  # "胃癌术后改变", "post-surgical changes of gastrectomy for cancer": the history, no finding
        if _named_again(data, entity) or _compared_again(data, entity):
            continue  # the finding's own sentence is the one the impression has to answer
        if _made_by_treatment(data, entity) or _treated_site_reported(data, entity, impression):
            continue
        if responded and (grades.target_line(entity.sentence) or _restated_response(data, entity)):
            covered_sentences.add(entity.sentence.index)
            continue
        # An impression denying the finding contradicts it (a findings/impression mismatch, not an omission); one giving
        # its organ's change the way its own sentence gives it has reported it.
        if any(related(entity, d) and not _beyond_the_viscera(entity, d, data.language) for d in denied) \
                or entity.organ in called_normal or _change_given(data, entity, impression, concluded):
            covered_sentences.add(entity.sentence.index)
            continue
        if (_lines_a_reported_aneurysm(data, entity, concluded) or _joint_effusion(data, entity)
                or _soft_tissue_reaction_to_a_reported_fracture(data, entity, concluded)
                or _gap_of_a_reported_injury(data, entity, concluded)
                or _drainage_of_a_reported_sinus_disease(data, entity, concluded)
                or _dilated_behind_a_reported_obstruction(entity, concluded, data.language)):
            continue
        # Mass effect and midline shift follow from the lesion the impression reports in that region, or from the one
        # their sentence names ("Mild mass effect from the collection" beside the impression's abscess).
        if entity.finding in _CONSEQUENCES and (_cause_reported(data, entity, concluded) or entity.organ and any(
                c.organ and family(c.organ) == family(entity.organ) for c in concluded)):
            continue
        if entity.finding in _SIGNS and _sign_reported(data, entity, concluded):
            continue
        if _interpretation_reported(data, entity, impression):
            continue
        if _local_recurrence_reported(entity, concluded, data.language):
            continue
        if _backpressure_reported(data, entity, concluded):
            continue
        if _sign_of_reported_portal_hypertension(data, entity, impression):
            continue
        if _spread_of_reported_pancreatitis(data, entity, concluded):
            continue
        # Sides are not compared: a side slip between sections is the laterality check's finding. A
        # sentence whose main finding the impression reports is covered as a whole (its edema, its
        # stranding are details of that finding), but for a complication of it (`_complication_of`).
        covering = [c for c in concluded if not _answered_elsewhere(data, entity, c)
                    and not other_stations(entity, c, data.report.text, data.language)
                    and not _new_beside_a_known_one(entity, c, data.language)]
        # A clot in a vessel is reported only by a clot or an occlusion of its vessel (`_clot_in_a_vessel`).
        clot = _clot_in_a_vessel(entity)
        summing_up = [] if clot else _summing_up(data, entity, covering)
        named = {c.sentence.index: set() if clot else _named_for(data, entity, organs_named[c.sentence.index])
                 for c in covering}
        if clot and _tumour_in_vein_stated(data, entity, impression) or any(
                related(entity, c) or clot and c.finding == "occlusion" and c.organ == entity.organ
                for c in covering) or (
            entity.organ and any(c.organ == entity.organ and (sides_compatible(entity, c) or _side_slipped(data, entity, c))
                                 for c in summing_up)
        ) or any(entity.organ in named[c.sentence.index] and _may_summarise(entity, c)
                 and (c.organ != entity.organ or c in summing_up) for c in covering) or any(
                _station_organs(data, entity) & named[c.sentence.index] and _may_summarise(entity, c)
                for c in covering) or _size_restated(
                    entity, impression, {s.index: _named_for(data, entity, organs_named[s.index]) for s in impression}):
            if entity is main_finding[entity.sentence.index]:
                summed_up[entity.sentence.index] = entity
            continue
        if any(same_abnormality(entity, k) for k in known) and not _CHANGED[data.language].search(entity.sentence.text):
            continue
        if _stated_unchanged(entity, data.language):
            continue
        value = weight(entity, data.language)
        if value >= SIGNIFICANT and value > best.get(entity.sentence.index, (0.0, None))[0]:
            best[entity.sentence.index] = (value, entity)
    covered_sentences |= {s.index for s in data.report.in_section("findings")
                          if (s.index - 1 in covered_sentences or s.index - 1 in summed_up)
                          and (_SURROUNDING[data.language].search(s.text) or _goes_on(s, data.language))}
    # A sentence of mass effect alone ("Mild mass effect on the stomach.") right after the lesion the impression reports
    # is that lesion's effect, as one opening on its surroundings is.
    covered_sentences |= {index for index, (_, entity) in best.items() if entity.finding in _CONSEQUENCES
                          and (index - 1 in covered_sentences or index - 1 in summed_up)}
    best = {index: (value, entity) for index, (value, entity) in best.items() if index not in covered_sentences
            and not (index in summed_up and not _complication_of(entity, summed_up[index])
                     and not _in_another_organ(entity, summed_up[index]) and not _clot_in_a_vessel(entity))}
    if not best:
        return _unreported_breaches(data, impression)
    uncovered = _not_paraphrased(data, [e.sentence for _, e in best.values()], impression)
    found = []
    for value, entity in best.values():
        if entity.sentence.index not in uncovered:
            continue
        sentence = entity.sentence
        # The impression speaks of the organ without naming this finding: perhaps a summary, so less sure. A
        # sentence naming the organ, on the finding's side, for an incidental of its own ("Sigmoid
        # diverticulosis" beside the polyp) sums it up no more than that incidental does, nor one reporting the organ
        # only on the other side ("Right lower lobe pneumonia" beside the left upper lobe nodule).
        summing = _summing_up(data, entity, concluded)
        lighter = {c.sentence.index for c in concluded
                   if c.organ == entity.organ and sides_compatible(entity, c) and c not in summing}
        hedge = 0.25 if any(entity.organ in _named_for(data, entity, organs_named[s.index]) and s.index not in lighter
                            and not _only_the_other_side(data, entity, s, concluded) for s in impression) else 0.0
        found.append(
            candidate(
                data.report, "omission", sentence.start, sentence.end,
                f"The findings describe {data.report.text[entity.start:entity.end]!r}, which the impression "
                "does not mention.",
                _confidence(value) - hedge, "not-in-impression",
            )
        )
    flagged = {(c.start, c.end) for c in found}
    return found + [c for c in _unreported_breaches(data, impression) if (c.start, c.end) not in flagged]


# A breach of a bronchial stump or a bowel anastomosis ("a 3 mm defect in the right main bronchial stump with a gas track
# communicating with the pneumonectomy space", "支气管残端见宽约4mm的裂隙样缺损，与残腔相通", "anastomotic dehiscence") is a
# leak, a bronchopleural fistula or an anastomotic leak: an emergency the impression must carry. No finding term reads a
# "defect", so the clause naming the suture line is read for it (`_SUTURE_LINE`, `_BREACH`), denied by a word before it
# ("no anastomotic leak", "吻合口未见瘘及狭窄") or not. An impression naming a fistula, a leak or the defect has reported it;
# one calling the appearance expected contradicts it (a mismatch, not an omission).
_SUTURE_LINE = {"en": re.compile(r"\b(?:stump|anastomo\w*|staple line|suture line)\b", re.I),
                "zh": re.compile(r"残端|吻合口|缝合线")}
# A filling defect is a clot in a vessel's stump, no breach; a stoma (造瘘口, `MADE_OPENING_ZH`) is made, no fistula.
_BREACH = {"en": re.compile(r"\b(?:(?<!filling )defects?|dehiscen\w*|disruption|leak\w*|fistul\w*)\b", re.I),
           "zh": re.compile(rf"(?<!充盈)缺损|裂隙|裂开|(?<!{MADE_OPENING_ZH})瘘|漏")}
# A breach denied after its word: "An anastomotic leak is not seen", "吻合口瘘未见"; not by a clause about something
# else ("a new leak, which was not present before") nor by a hedge ("a leak cannot be excluded").
_DENIED_AFTER = {"en": re.compile(r"^(?:(?!\b(?:which|that|than)\b)[^.;,])*?\b(?:(?:is|are|was|were)\s+(?:not|no\s+longer)|"
                                  r"not\s+(?:seen|identified|demonstrated|evident|present)|absent|(?<!cannot be )"
                                  r"(?<!can't be )(?<!not be )excluded)\b", re.I),
                 "zh": re.compile(r"^[^，。；,;]{0,4}?(?:未见|未显示|不明显|消失|已闭合)")}
_EXPECTED_APPEARANCE = {"en": re.compile(r"\bexpected\b", re.I), "zh": re.compile(r"预期")}


def _breach_stated(span: Span, language: str) -> bool:
    """SPAN states a breach (`_BREACH`) no denial before or after it in its clause takes back."""
    return any(not _DENIAL_BEFORE[language].search(span.text[: m.start()])
               and not _DENIED_AFTER[language].search(span.text[m.end():]) for m in _BREACH[language].finditer(span.text))


def _unreported_breaches(data: CheckInput, impression: list[Sentence]) -> list[Candidate]:
    """Findings sentences with a clause stating a breach of a suture line (`_breach_stated`), when no impression
    sentence states a breach or calls the appearance expected (`_EXPECTED_APPEARANCE`)."""
    language = data.language
    if any(_breach_stated(s, language) or _EXPECTED_APPEARANCE[language].search(s.text) for s in impression):
        return []
    return [candidate(data.report, "omission", s.start, s.end, "The findings describe a breach of the suture line (a "
                      "fistula or a leak), which the impression does not mention.", _confidence(_CRITICAL),
                      "not-in-impression")
            for s in data.report.in_section("findings")
            if any(_SUTURE_LINE[language].search(c.text) and _breach_stated(c, language) for c in s.clauses())]


def _side_slipped(data: CheckInput, entity: Entity, concluded: Entity) -> bool:
    """CONCLUDED, an impression finding of ENTITY's organ, lies on the other side, where the findings describe nothing of
    that organ, and ENTITY's sentence is the only one describing the organ on its own side: the impression's statement is
    this one with its side slipped (the laterality check's error), which sums it up as it would on its side ("右主支气管
    异物" beside "左主支气管...管腔几近闭塞")."""
    described = [f for f in data.entities if f.sentence.section == "findings" and not f.negated
                 and f.organ == entity.organ]
    return (not sides_compatible(entity, concluded)
            and not any(f.side == concluded.side for f in described)
            and all(f.sentence.index == entity.sentence.index for f in described if sides_compatible(f, entity)))


def _only_the_other_side(data: CheckInput, entity: Entity, sentence: Sentence, concluded: list[Entity]) -> bool:
    """Every finding SENTENCE, an impression sentence, reports in ENTITY's organ lies on the other side from ENTITY, where
    another findings statement describes that organ: it answers that statement. One the findings describe nowhere on its
    side, or a finding of ENTITY's own sentence, is rather this one with its side slipped (the laterality check's error),
    which may still sum it up."""
    there = [c for c in concluded if c.sentence.index == sentence.index and c.organ == entity.organ]
    own = [f for f in data.entities if f.sentence.index == entity.sentence.index and not f.negated]
    described = [f for f in data.entities if f.sentence.section == "findings" and not f.negated
                 and f.sentence.index != entity.sentence.index]
    return bool(there) and all(
        not sides_compatible(entity, c) and not any(related(f, c) for f in own)
        and any(f.organ == c.organ and f.side == c.side for f in described) for c in there)


# An occlusion a treatment made ("Left subclavian origin is occluded with a plug", "the aneurysm sac is coiled", "胃十二指肠
# 动脉弹簧圈栓塞", "左心耳封堵器") is what the operation meant to do: the impression reporting the repair has said it, and an
# impression leaving it out omits no disease.
_MADE_BY_TREATMENT = {
    "en": re.compile(r"\b(?:with|by)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:plugs?|coils?|occluders?|embolisation|"
                     r"embolization|ligation|ligatures?|clips?|glue)\b|\b(?:coiled|embolised|embolized|ligated|clipped)\b",
                     re.I),
    "zh": re.compile(r"弹簧圈|封堵器|封堵术|结扎|夹闭|栓塞术后"),
}


_MADE_BY_REACH = 40  # characters after the occlusion's word in which its device is named ("occluded with a plug")


def _made_by_treatment(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is an occlusion that a device or a ligation named in its clause, or just after its word, made
    (`_MADE_BY_TREATMENT`)."""
    if entity.finding != "occlusion":
        return False
    after = data.report.text[entity.start : min(entity.sentence.end, entity.end + _MADE_BY_REACH)]
    pattern = _MADE_BY_TREATMENT[data.language]
    return bool(pattern.search(entity.clause.text) or pattern.search(after))


# A finding at a treated site: the sentence places it where the treatment was ("Treated site: the nodule has been replaced
# by a consolidation", "原病灶区见片状实变影", "post-dissection changes with fat stranding", "术区软组织增厚"). An impression
# calling that organ's state the treatment's effect ("Evolving radiation fibrosis at the right lower lobe SBRT site",
# "左肺上叶SBRT后改变，符合放射性肺纤维化演变", "Expected post-surgical and post-radiation appearance of the right neck") has
# answered it, as a radiologist reads the site's change as the treatment's. A new lesion is none of the treatment's.
_TREATED_SITE = {
    "en": re.compile(r"\b(?:treated|treatment|radiation|radiotherapy|irradiated|SBRT|SABR|ablat\w*|post-?(?:operative|"
                     r"surgical|dissection|resection|treatment)|(?:surgical|resection|operative) (?:bed|site))\b", re.I),
    "zh": re.compile(r"原病灶|原发灶区|原瘤床|瘤床|治疗|放疗|术后|术区|消融"),
}
_TREATMENT_EFFECT = {
    "en": re.compile(r"\b(?:radiation|radiotherapy|post-?radiation|post-?radiotherapy)[- ](?:fibrosis|changes?|"
                     r"pneumonitis|appearances?|effects?)|\bpost-?(?:surgical|operative|treatment|radiation|radiotherapy)"
                     r"\s+(?:(?:and|or)\s+post-?\w+\s+)?(?:changes?|appearances?|fibrosis|scarring)|\b(?:treatment|therapy)"
                     r"[- ]related (?:changes?|fibrosis)", re.I),
    "zh": re.compile(r"放射性(?:肺)?(?:纤维化|改变|肺炎|损伤)|(?:放疗|放化疗|SBRT|消融|治疗|术)后改变"),
}


def _treated_site_reported(data: CheckInput, entity: Entity, impression: list[Sentence]) -> bool:
    """ENTITY's sentence places it at a treated site (`_TREATED_SITE`), as no new lesion, and an impression sentence
    calls the state of its organ, on its side, the treatment's effect (`_TREATMENT_EFFECT`)."""
    language = data.language
    text = entity.sentence.text
    if entity.organ is None or not _TREATED_SITE[language].search(text) or _new_lesion_stated(text, language) \
            or re.search(CHANGE_WORDS[language]["up"], text, re.I):
        return False  # a lesion new or growing at the treated site is its recurrence, no effect of the treatment
    return any(_TREATMENT_EFFECT[language].search(s.text) and entity.organ in {m.key for m in organs(s, language)}
               and _side_allowed(entity, {m.key for m in sides(s, language)}) for s in impression)


# A denial before "new" in its clause ("病灶未见外凸性生长及新发结节样强化", "without new nodularity") states no new lesion.
_DENIAL_BEFORE = {"en": re.compile(r"\b(?:no|not|without|nor)\b[^.;,]*$", re.I), "zh": re.compile(r"(?:未见|未|无)[^，。；]*$")}


def _new_lesion_stated(text: str, language: str) -> bool:
    """TEXT calls something new (`grades.NEW_LESION`) that no denial before it in its clause takes back."""
    return any(not _DENIAL_BEFORE[language].search(text[: m.start()])
               for m in grades.NEW_LESION[language].finditer(text))


def _side_allowed(entity: Entity, stated: set[str]) -> bool:
    """ENTITY's side is among the sides STATED, or either names none or both."""
    return entity.side is None or not stated or entity.side in stated or "both" in stated or entity.side == "both"


# "The collection" refers back: a finding named with the definite article after a findings sentence describing one of
# its kind is that one again ("There is a 4.5 cm rim-enhancing collection ... Surgical drain in the right paracolic
# gutter, away from the collection."). Chinese writes no article: there the bare word for a lesion ("病灶", "病变"),
# naming no organ and introduced by no verb of seeing in its clause ("增强扫描动脉期病灶未见强化", "该病灶边界清", not
# "另见一病灶"), is the lesion an earlier findings sentence described, whatever word described it ("低密度影").
_REFERRING_BACK = {"en": re.compile(r"\bthe\s+(?:same\s+|above\s+|aforementioned\s+)?$", re.I)}
_BARE_LESION = {"zh": re.compile(r"病[灶变]")}
_SEEN = {"zh": re.compile(r"[见示有]")}


def _named_again(data: CheckInput, entity: Entity) -> bool:
    """ENTITY refers back (`_REFERRING_BACK`, `_BARE_LESION`) to a finding an earlier findings sentence asserts."""
    earlier = [f for f in data.entities if f.sentence.section == "findings" and f.sentence.index < entity.sentence.index
               and not f.negated]
    if data.language in _BARE_LESION:
        clause_before = data.report.text[entity.clause.start : entity.start]
        word = data.report.text[entity.start : entity.end]
        return (entity.organ is None and bool(_BARE_LESION[data.language].fullmatch(word))
                and not _SEEN[data.language].search(clause_before) and bool(earlier))
    pattern = _REFERRING_BACK.get(data.language)
    before = data.report.text[entity.sentence.start : entity.start]
    return bool(pattern and pattern.search(before)) and any(same_abnormality(f, entity) for f in earlier)


# A findings sentence giving a change since the prior study ("复查对比：较2023年片树芽征增多", "The nodules have increased in
# number") about a finding it places in no organ speaks of the one an earlier findings sentence described: the impression
# answering that sentence has answered this one. `CHANGE_WORDS` with the words for a count or a degree.
_CHANGE_STATED = {
    "en": re.compile(rf"\b(?:{CHANGE_WORDS['en']['up']}|{CHANGE_WORDS['en']['down']}|more|fewer|less|worse\w*|improv\w*)\b",
                     re.I),
    "zh": re.compile(rf"{CHANGE_WORDS['zh']['up']}|{CHANGE_WORDS['zh']['down']}|增多|加重|减轻|好转"),
}


def _compared_again(data: CheckInput, entity: Entity) -> bool:
    """ENTITY names no organ, its sentence gives a change (`_CHANGE_STATED`) and calls nothing new, and an earlier findings
    sentence asserts a finding of its kind."""
    text = entity.sentence.text
    return (entity.organ_span is None and bool(_CHANGE_STATED[data.language].search(text))
            and not _new_lesion_stated(text, data.language)
            and any(f.sentence.section == "findings" and f.sentence.index < entity.sentence.index and not f.negated
                    and kind(f.finding) == kind(entity.finding) for f in data.entities))


def _change_given(data: CheckInput, entity: Entity, impression: list[Sentence], concluded: list[Entity]) -> bool:
    """An impression sentence asserting no finding gives the change in size of ENTITY's organ ("盆腔淋巴结较前增大",
    "Pelvic nodes larger"; `_size_changes`) the way ENTITY's own sentence gives ENTITY's: it has reported that finding.
    A change the other way leaves the finding unreported (the impression says nothing true of it), and so does a
    finding whose sentence gives no change (a new abscess beside a liver the impression calls smaller), or one the
    findings call new: none the impression has measured before."""
    changed = _size_changes(entity.sentence.text, data.language)
    if entity.organ is None or not changed or _new_lesion_stated(entity.sentence.text, data.language):
        return False
    return any(_size_changes(s.text, data.language) == changed and not any(c.sentence.index == s.index for c in concluded)
               and entity.organ in _named_for(data, entity, organs(s, data.language)) for s in impression)


# A response category sums up the change of the lesions it assesses, told in prose as well as in its table: "The
# segment 8 metastasis has decreased to 22 mm", "The other lesions are smaller as tabulated", "肝内转移灶较前缩小". A new
# lesion is none of them: it is progression whatever the sum does.
_SIZE_CHANGE = {
    "en": {way: re.compile(rf"\b(?:{CHANGE_WORDS['en'][way]}|{word})\b", re.I)
           for way, word in (("up", "larger"), ("down", "smaller"))},
    "zh": {way: re.compile(rf"较前(?:{CHANGE_WORDS['zh'][way]})") for way in ("up", "down")},
}


def _size_changes(text: str, language: str) -> set[str]:
    """The ways ("up", "down") TEXT says a size changed since the prior study (`_SIZE_CHANGE`)."""
    return {way for way, pattern in _SIZE_CHANGE[language].items() if pattern.search(text)}


def _restated_response(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is a focal lesion its sentence says changed in size, not a new one (`_size_changes`)."""
    text = entity.sentence.text
    return (group(entity.finding) == "focal" and bool(_size_changes(text, data.language))
            and not grades.NEW_LESION[data.language].search(text))


# Thrombus lining an aneurysm's sac or neck or a dissection's false lumen ("Moderate mural thrombus in the sac",
# "瘤颈附壁血栓：约30%周径", "假腔部分血栓化") is what those hold: the impression reporting the aneurysm or the dissection
# has said it.
_LINING = {"en": re.compile(r"\b(?:mural|sac|neck|false lumen)\b", re.I), "zh": re.compile(r"附壁|瘤腔|瘤囊|瘤颈|假腔")}
_LINED = {"aneurysm", "dissection"}


def _lines_a_reported_aneurysm(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is a thrombus its sentence places in a sac, a neck or a false lumen (`_LINING`), and the impression reports
    an aneurysm or a dissection."""
    return (entity.finding == "embolism" and bool(_LINING[data.language].search(entity.sentence.text))
            and any(c.finding in _LINED for c in concluded))


# An effusion of a joint ("关节腔积液", "joint effusion", or plain "Moderate effusion." in a knee CT) comes with the fracture,
# the tear or the arthropathy the impression reports and says nothing specific of its own on CT.
_JOINT = {"en": re.compile(r"\b(?:joint|intra-?articular|suprapatellar)\b", re.I), "zh": re.compile(r"关节")}


def _joint_effusion(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is an effusion naming no organ of its own, in a sentence naming a joint or in a CT of a limb joint."""
    if entity.finding != "effusion" or entity.organ_span is not None:
        return False
    exam = examination(data)
    return bool(_JOINT[data.language].search(entity.sentence.text)) or exam is not None and bool(exam.joints)


# A bleed or swelling of the muscles and soft tissues around a fracture ("Small iliacus haematoma" beside the iliac wing
# fracture, "Soft tissues: oedema laterally" beside the tibial plateau one, "Paraspinal haematoma" beside a Chance
# fracture) is the injury's own: the impression reporting the fracture has said it. One the findings call large or
# active (`_MAJOR`, `_ACTIVE_BLEEDING`: an expanding or extravasating haematoma needs treatment of its own) or measure at
# 5 cm or more is no detail of it, nor one in an organ (a splenic laceration, a subdural haematoma beside a skull
# fracture).
_SOFT_TISSUE_REACTIONS = {"hemorrhage", "edema"}
_LARGE_HAEMATOMA_MM = 50
_ACTIVE_BLEEDING = {"en": re.compile(r"\b(?:active|extravasat\w*|blush|expanding)\b", re.I),
                    "zh": re.compile(r"活动性|外渗|外溢")}


def _soft_tissue_reaction_to_a_reported_fracture(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is a haematoma or oedema naming no organ (`_SOFT_TISSUE_REACTIONS`), not large or active, and the
    impression reports a fracture."""
    largest = max((s.largest_mm for s in sizes(entity.sentence)), default=0.0)
    return (entity.finding in _SOFT_TISSUE_REACTIONS and entity.organ is None and largest < _LARGE_HAEMATOMA_MM
            and not _MAJOR[data.language].search(entity.sentence.text)
            and not _ACTIVE_BLEEDING[data.language].search(entity.sentence.text)
            and any(group(c.finding) == "fracture" and not c.hedged for c in concluded))


# A gap between two bones widened ("内侧间隙增宽约6mm，下胫腓间隙增宽约7mm", "双侧椎弓根间距增宽", "widened medial clear
# space", "diastasis of the syndesmosis") is how far the fracture has pulled them apart: its displacement, which the
# impression reporting the fracture has said; no duct's dilatation.
_GAP = {"en": re.compile(r"\b(?:clear space|joint space|interval|distance|diastasis|syndesmo\w*|gap)\b", re.I),
        "zh": re.compile(r"间距|间隙|联合分离")}


def _gap_of_a_reported_injury(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is a widening naming no organ in a clause naming a gap between bones (`_GAP`), and the impression reports a
    fracture."""
    return (entity.finding == "dilatation" and entity.organ is None
            and bool(_GAP[data.language].search(entity.clause.text))
            and any(group(c.finding) == "fracture" for c in concluded))


# A sinus's drainage pathway blocked ("Both ostiomeatal units occluded", "窦口鼻道复合体阻塞") is the pattern of the sinus
# disease it drains: the impression reporting that disease (sinusitis, polyposis) has said it.
_SINUS_DRAINAGE = {"en": re.compile(r"\b(?:ostiomeatal|osteomeatal|OMU|OMC|ostium|ostia|infundibul\w*|frontal recess|"
                                    r"sphenoethmoidal recess)\b", re.I),
                   "zh": re.compile(r"窦口|鼻道复合体|筛漏斗|额隐窝|蝶筛隐窝")}
_BLOCKED = {"occlusion", "obstruction"}


def _drainage_of_a_reported_sinus_disease(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is an occlusion or obstruction of a sinus's drainage pathway (`_SINUS_DRAINAGE`), and the impression reports
    a sinus disease."""
    return (entity.finding in _BLOCKED and bool(_SINUS_DRAINAGE[data.language].search(entity.clause.text))
            and any(group(c.finding) == "sinus" for c in concluded))


# A tube dilated behind what blocks it ("Dilated jejunal and proximal ileal loops up to 38 mm" before a transition point,
# "胆总管扩张" above a stone) is the obstruction's upstream side: the impression reporting the obstruction, the stricture,
# the stone or the transition point in that organ has said it. A dilatation its clause itself calls upstream ("Upstream
# main duct dilated to 6 mm", "Right and left ducts upstream dilated", "其上游胆管扩张") is the consequence of the mass
# or stricture the report has just described: the impression reporting one of those, in an organ that may be the duct's,
# has said it.
_OBSTRUCTING = {"obstruction", "stenosis", "stone", "transition_point"}
_UPSTREAM = {"en": re.compile(r"\bupstream\b", re.I), "zh": re.compile(r"上游")}


def _dilated_behind_a_reported_obstruction(entity: Entity, concluded: list[Entity], language: str) -> bool:
    """ENTITY is a dilatation of an organ the impression reports blocked (`_OBSTRUCTING`), or one its clause calls
    upstream (`_UPSTREAM`) beside an impression's obstruction or mass in an organ compatible with its own."""
    if entity.finding != "dilatation":
        return False
    if _UPSTREAM[language].search(entity.clause.text) and any(
            (c.finding in _OBSTRUCTING or kind(c.finding) == "mass") and organs_compatible(entity, c) for c in concluded):
        return True
    return entity.organ is not None and any(c.finding in _OBSTRUCTING and c.organ == entity.organ for c in concluded)


def _in_another_organ(entity: Entity, main: Entity) -> bool:
    """ENTITY lies in an organ of another family than MAIN, its sentence's main finding: no detail of it, but a
    finding of its own ("宫颈...肿块...左侧输尿管下段受包绕，其以上左侧输尿管及左肾盂扩张积水": the hydronephrosis the
    cervical mass causes is the kidney's)."""
    return None not in (entity.organ, main.organ) and family(entity.organ) != family(main.organ)


# A size restated is the lesion reported: "right adrenal primary 3.4 cm (from 8.2 cm)" sums up "Right suprarenal mass now
# 3.4 x 2.8 x 3.0 cm", whatever name the impression gives it, as "血肿，大小约4.2cm×3.0cm" sums up the collection its
# findings measure so (whichever study's size it gives). A size of a few millimetres recurs by chance; one of two or three
# axes, all alike, does not, whatever organs the sentences name.
_RESTATED_MM = 5.0


def _size_restated(entity: Entity, impression: list[Sentence], organs_named: dict[int, set[str]]) -> bool:
    """An impression sentence gives the axes ENTITY's sentence measures, or, naming ENTITY's organ, its largest one."""
    measured = [s for s in sizes(entity.sentence) if s.largest_mm >= _RESTATED_MM]
    axes = {tuple(sorted(s.dims_mm)) for s in measured if len(s.dims_mm) > 1}
    largest = {s.largest_mm for s in measured}
    return any(axes & {tuple(sorted(z.dims_mm)) for z in sizes(s)} or entity.organ is not None
               and entity.organ in organs_named[s.index] and largest & {z.largest_mm for z in sizes(s)}
               for s in impression)


def _sign_reported(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """The impression reports a disease ENTITY, a sign (`_SIGNS`), answers: one of its organ's family, on its side, that
    the impression has to carry ("perinephric fat stranding" beside the obstructing ureteric stone or the renal abscess),
    whichever findings sentence described it. An incidental there ("Sigmoid diverticulosis" beside pericolic stranding)
    is no disease the fat answers. A sign naming no organ of its own is of the organ its fat surrounds (`_surrounded`)."""
    organ = entity.organ or _surrounded(entity, data.language)
    return organ is not None and any(
        c.organ is not None and family(c.organ) == family(organ) and sides_compatible(entity, c)
        and weight(c, data.language) >= SIGNIFICANT for c in concluded)


# A recurrence the impression calls local ("Progressive local recurrence", "局部复发") is the one at the operated site: the
# findings' recurrent tumour at the anastomosis or in the bed, whatever organ either sentence's other words name.
_LOCAL_RECURRENCE = {"en": re.compile(r"\blocal(?:ly)?\s+recurr", re.I), "zh": re.compile(r"局部复发")}


def _local_recurrence_reported(entity: Entity, concluded: list[Entity], language: str) -> bool:
    """ENTITY, a recurrence, is reported by an impression recurrence called local (`_LOCAL_RECURRENCE`)."""
    return entity.finding == "recurrence" and any(
        c.finding == "recurrence" and _LOCAL_RECURRENCE[language].search(c.sentence.text) for c in concluded)


# A finding its own sentence goes on to interpret ("skin thickening and stranding in its fold, in keeping with intertrigo",
# "a filling defect in the middle hepatic vein, in keeping with septic thrombophlebitis", "……，符合阿米巴肝脓肿"): the
# interpretation is what the impression has to carry, and names the finding for it.
_INTERPRETED_AS = {
    "en": re.compile(r"\b(?:in keeping with|consistent with|compatible with|typical of)\s+([^.;,]+)", re.I),
    "zh": re.compile(r"(?:符合|考虑为?)([^，。；、,;（）()]+?)(?:改变|表现|可能)?(?=[，。；、,;（）()]|$)"),
}


def _interpretation_reported(data: CheckInput, entity: Entity, impression: list[Sentence]) -> bool:
    """ENTITY's sentence interprets it (`_INTERPRETED_AS`), in a phrase after it or holding it ("血栓" of "符合血栓性静脉炎"),
    and the impression names that interpretation (`_names_interpretation`) in a sentence naming ENTITY's organ or none
    ("Pelvic nodal metastases" does not report the bone lesions "typical of metastases", "纵隔淋巴结转移" not the liver
    nodule "考虑转移"), and, for a finding called new, not as a finding the prior study showed ("Otherwise stable disease"
    is no report of a new lesion "in keeping with metastatic disease": `_KNOWN_BEFORE`)."""
    sentence = entity.sentence
    match = next((m for m in _INTERPRETED_AS[data.language].finditer(sentence.text)
                  if m.end() >= entity.end - sentence.start), None)
    if match is None:
        return False
    new = _new_lesion_stated(entity.clause.text, data.language)
    return any(
        _names_interpretation(match.group(1), s.text, data.language)
        and (entity.organ is None or not (named := _organs_of_interpretation(match.group(1), s, data.language))
             or entity.organ in named)
        and not (new and _KNOWN_BEFORE[data.language].search(s.text))
        for s in impression)


# A Chinese impression joins its diagnoses in one sentence ("右肺上叶肺癌伴纵隔淋巴结转移", "肝右叶脓肿伴脓毒性血栓性静脉炎"):
# the organ an interpretation there is given is the one its own part names, from the last joining word or mark before it.
_PART_BEFORE_ZH = re.compile(r"[^伴并及和、，,；;]*$")


def _organs_of_interpretation(phrase: str, sentence: Sentence, language: str) -> set[str]:
    """The organs SENTENCE gives the interpretation PHRASE: the whole English sentence's, the Chinese part's that
    holds it (`_PART_BEFORE_ZH`)."""
    if language == "en":
        return {m.key for m in organs(sentence, language)}
    at = sentence.text.find(phrase)
    part = _PART_BEFORE_ZH.search(sentence.text[:at]).group(0) + phrase if at >= 0 else ""
    return {key for key, _, _ in organ_matcher(language).find(part)}


# Words that name no disease of their own, only that there is one ("metastatic disease", "progression of disease",
# "inflammatory change"): an interpretation's head is the last word that is not one of them.
_GENERIC_HEADS = {"disease", "diseases", "change", "changes", "process", "processes", "finding", "findings", "appearance",
                  "appearances", "progression", "abnormality", "abnormalities", "pathology", "aetiology", "etiology"}


def _names_interpretation(phrase: str, text: str, language: str) -> bool:
    """TEXT names the interpretation PHRASE: the whole Chinese phrase, or the English phrase's head, its last word that
    is no generic one (`_GENERIC_HEADS`: "thrombophlebitis" of "septic thrombophlebitis", "metastatic" of "metastatic
    disease")."""
    if language != "en":
        return len(phrase) >= 2 and phrase in text
    heads = [w for w in re.findall(r"[A-Za-z]{4,}", phrase) if w.lower() not in _GENERIC_HEADS]
    return bool(heads) and bool(re.search(rf"\b{re.escape(heads[-1])}\b", text, re.I))


# A word naming what surrounds an organ by the prefix "peri" ("Periesophageal fat stranding", "peripancreatic"): the organ
# reader matches whole words, and the fat it names is that organ's.
PERI_WORD = re.compile(r"\bperi-?([a-z]+)", re.I)


def _surrounded(entity: Entity, language: str) -> str | None:
    """The organ a "peri" word of ENTITY's clause names (`PERI_WORD`), as the organ words of the lexicon give it."""
    if language != "en":
        return None  # Chinese writes the organ before "周围", which the organ reader finds
    matcher = organ_matcher(language)
    found = [key for m in PERI_WORD.finditer(entity.clause.text) for key, start, end in matcher.find(m.group(1))
             if (start, end) == (0, len(m.group(1)))]
    return found[0] if found else None


# Distended caval and hepatic veins ("IVC dilated with contrast reflux", "下腔静脉及肝静脉增宽") are the right heart's raised
# filling pressure, a sign of the heart disease that raises it (a tamponade, a constriction, right heart failure or a
# shunt's volume load): an impression reporting a disease of the heart has said it. The lexicon files no organ for these
# veins ("肝静脉" reads as the liver's), so their names are read in the finding's clause.
_SYSTEMIC_VEINS = {"en": re.compile(r"\b(?:ivc|svc|(?:inferior |superior )?vena cava|hepatic veins?)\b", re.I),
                   "zh": re.compile(r"[上下]?腔静脉|肝静脉")}
_BACKPRESSURE_SIGNS = {"dilatation", "enlargement"}


def _backpressure_reported(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is a distension its clause gives the caval or hepatic veins (`_SYSTEMIC_VEINS`), and the impression reports
    a disease of the heart that it has to carry (weight SIGNIFICANT or more)."""
    return (entity.finding in _BACKPRESSURE_SIGNS and bool(_SYSTEMIC_VEINS[data.language].search(entity.clause.text))
            and any(c.organ is not None and family(c.organ) == "heart" and weight(c, data.language) >= SIGNIFICANT
                    for c in concluded))


# Portal hypertension is read on CT by its signs: an enlarged spleen, varices and portosystemic collaterals (dilated veins,
# "迂曲扩张静脉影", a recanalised paraumbilical vein to dilated periumbilical veins), a widened portal vein, ascites and an
# oedematous gallbladder wall. An impression affirming it ("Cirrhosis with portal hypertension", "门静脉高压（食管胃底静脉
# 曲张、脾大、腹水）") has summed those signs up; one denying it ("未见门静脉高压征象") has not.
_PORTAL_HYPERTENSION = {"en": re.compile(r"\bportal hypertens\w*", re.I), "zh": re.compile(r"门(?:静)?脉高压")}
_PORTAL_HYPERTENSION_SIGNS = {("enlargement", "spleen"), ("edema", "gallbladder"), ("dilatation", "portal_vein")}
# The veins a raised portal pressure widens: the portal system and its portosystemic collaterals. A dilated hepatic vein or
# inferior vena cava is backed up from the heart, no sign of it.
_PORTAL_SYSTEM_VEIN = {
    "en": re.compile(r"\b(?:portal|splenic|(?:superior |inferior )?mesenteric|para-?umbilical|peri-?umbilical|gastric|"
                     r"o?esophageal|gastro-?o?esophageal|coronary)\s+veins?\b|\bvarices\b|\bvariceal\b|\bvarix\b|"
                     r"\bcollateral", re.I),
    "zh": re.compile(r"(?:门|脾|肠系膜上|肠系膜下|脐旁|附脐|胃冠状|胃底|食管|食管胃底|胃短)静脉|曲张|侧支"),
}


def _sign_of_reported_portal_hypertension(data: CheckInput, entity: Entity, impression: list[Sentence]) -> bool:
    """ENTITY is a sign of portal hypertension (`_PORTAL_HYPERTENSION_SIGNS`, ascites, or a dilatation of the portal
    vein or of no other organ, whose clause names the portal system's veins: `_PORTAL_SYSTEM_VEIN`; a bile duct named
    with the portal vein is no sign), and an impression asserts portal hypertension (`_reports_portal_hypertension`)."""
    sign = ((entity.finding, entity.organ) in _PORTAL_HYPERTENSION_SIGNS or entity.finding == "ascites"
            or entity.finding == "dilatation" and entity.organ in (None, "portal_vein")
            and bool(_PORTAL_SYSTEM_VEIN[data.language].search(entity.clause.text)))
    return sign and _reports_portal_hypertension(impression, data.language)


# "Portal hypertension is unlikely" judges it against, which the engine's doubt words (`doubted`) do not read in
# English; Chinese "可能性不大" they read through "可能".
_JUDGED_UNLIKELY = re.compile(r"\bunlikely\b", re.I)


def _reports_portal_hypertension(impression: list[Sentence], language: str) -> bool:
    """Whether an IMPRESSION sentence states portal hypertension as a finding would be read (`readings`, `doubted`): one
    that denies it ("未见门静脉高压征象"), leaves it open ("cannot be excluded", "门静脉高压待排", "possible"), asks it
    ("?Portal hypertension") or judges it unlikely (`_JUDGED_UNLIKELY`) has not said its signs, which are what it
    should have weighed."""
    return any(readings(sentence, clause, [Mention("portal_hypertension", clause.start + m.start(),
                                                   clause.start + m.end())], language)[0][0] == "asserted"
               and not doubted(clause, language) and not _JUDGED_UNLIKELY.search(clause.text)
               for sentence in impression for clause in sentence.clauses()
               for m in _PORTAL_HYPERTENSION[language].finditer(clause.text))


# Acute pancreatitis spreads as fluid and stranding into the fat about the gland and the retroperitoneal spaces it lies in
# (the anterior pararenal spaces, the lesser sac: "peripancreatic stranding", "左侧肾前间隙少量积液"): an impression
# reporting pancreatitis has said them, as the Atlanta classification counts them part of it.
_PANCREATIC_SPACES = {"en": re.compile(r"\b(?:pancrea\w*|peripancreatic|anterior pararenal|lesser sac)\b", re.I),
                      "zh": re.compile(r"胰|肾前间隙|肾旁前间隙|小网膜囊")}
_SPREAD = {"effusion", "ascites", "inflammatory_change", "edema"}


def _spread_of_reported_pancreatitis(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is fluid, stranding or oedema (`_SPREAD`) in a sentence naming the pancreas or the spaces about it
    (`_PANCREATIC_SPACES`), and the impression reports an inflammation of the pancreas."""
    return (entity.finding in _SPREAD and bool(_PANCREATIC_SPACES[data.language].search(entity.sentence.text))
            and any(c.finding == "inflammation" and c.organ == "pancreas" for c in concluded))


def _cause_reported(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY's sentence names another finding, its cause, that the impression reports."""
    return any(e.sentence.index == entity.sentence.index and e is not entity and not e.negated
               and any(related(e, c) for c in concluded) for e in data.entities)


def _summing_up(data: CheckInput, entity: Entity, concluded: list[Entity]) -> list[Entity]:
    """The impression's findings that may stand for ENTITY, a finding of another kind in their organ: one the
    impression has to carry itself (weight SIGNIFICANT or more), or one weighing as much as ENTITY. An
    incidental it lists ("Sigmoid diverticulosis", "Bilateral renal cysts") sums up no graver finding of its
    organ (the colonic polyp, an aneurysm read as the kidney's), nor an inflammation its complication
    (`_complication_of`)."""
    bar = min(weight(entity, data.language), SIGNIFICANT)
    return [c for c in concluded if weight(c, data.language) >= bar and not _complication_of(entity, c)]


# What an inflammation may come to: an abscess, a perforation, a fistula. Each changes what is done (drainage, surgery:
# a perforated or abscess-forming appendicitis is treated apart from a simple one, Hinchey stages diverticulitis by
# them), so an impression naming the inflammation ("急性阑尾炎", "Acute pyelonephritis") has not said it.
_COMPLICATIONS = {"abscess", "perforation", "free_air", "fistula"}


# A clot in a vessel (a thrombus, an embolus, a filling defect: "门静脉右支及主干...腔内见软组织密度充盈缺损", "thrombus in
# the TIPS stent") is treated in its own right, by anticoagulation, by reopening the vessel or, a tumour's, by the
# cancer's stage (a tumour in vein, LI-RADS LR-TIV): only an impression naming a clot or an occlusion of its vessel has
# reported it, not one naming the vessel for another disease ("门静脉高压", "portal hypertension") or a weightier finding
# of its organ, and no other finding of its sentence stands for it.
def _clot_in_a_vessel(entity: Entity) -> bool:
    """ENTITY is a clot (findings.json's group "embolism") in an organ the lexicon holds as a vessel."""
    return (group(entity.finding) == "embolism" and entity.organ is not None
            and bool(anatomy()[entity.organ].get("vessel")))


# An impression giving a liver cancer's tumour in vein ("with tumour in vein", "LR-TIV", "门静脉癌栓", "瘤栓") reports the
# clot the findings describe in a vein: the category names that finding.
_TUMOUR_IN_VEIN = {"en": re.compile(r"\btumou?r\s+in\s+(?:the\s+)?vein\b|\bLR-?TIV\b", re.I),
                   "zh": re.compile(r"癌栓|瘤栓|LR-?TIV", re.I)}
_VEIN = re.compile(r"\bvein|\bvenous\b|\bvena\b|\bIVC\b|静脉", re.I)


def _tumour_in_vein_stated(data: CheckInput, entity: Entity, impression: list[Sentence]) -> bool:
    """ENTITY, a clot in a vessel, is named by a vein, and an impression sentence affirms a tumour in vein
    (`_TUMOUR_IN_VEIN`)."""
    return (entity.organ_span is not None and bool(_VEIN.search(data.report.text[slice(*entity.organ_span)]))
            and any(grades.affirmed(_TUMOUR_IN_VEIN[data.language], s.text, data.language) for s in impression))


def _complication_of(entity: Entity, inflammation: Entity) -> bool:
    """ENTITY is a complication (`_COMPLICATIONS`) and INFLAMMATION an inflammation, which does not stand for it."""
    return entity.finding in _COMPLICATIONS and kind(inflammation.finding) == "inflammation"


# An impression statement about a finding the prior study showed, one it calls stable, unchanged, smaller, residual or
# chronic ("Stable hepatic cyst", "residual collection reduced from 26 to 11 mm", "慢性硬膜下血肿"), speaks of that
# finding: it does not sum up one the findings call new ("new 19 mm lesion in segment 7", "New acute subdural blood"),
# which the prior did not show. An acute bleed into a chronic one ("acute-on-chronic") is no chronic finding.
_KNOWN_BEFORE = {
    "en": re.compile(rf"\b(?:stable|unchanged|residual|persistent|(?<!acute-on-)(?<!acute on )chronic|smaller|"
                     rf"{CHANGE_WORDS['en']['down']})\b", re.I),
    "zh": re.compile(rf"稳定|无变化|未见变化|无明显变化|相仿|同前|残余|残留|慢性|较前(?:明显)?(?:{CHANGE_WORDS['zh']['down']})"),
}


def _new_beside_a_known_one(entity: Entity, concluded: Entity, language: str) -> bool:
    """ENTITY's clause calls it new (`_new_lesion_stated`), and CONCLUDED's clause speaks of a finding the prior study
    showed (`_KNOWN_BEFORE`) and calls nothing new."""
    return (_new_lesion_stated(entity.clause.text, language)
            and bool(_KNOWN_BEFORE[language].search(concluded.clause.text))
            and not _new_lesion_stated(concluded.clause.text, language))


def _station_organs(data: CheckInput, entity: Entity) -> set[str]:
    """The organs a lymph node's station, or a region holding it, is named by ("腹膜后淋巴结", "mediastinal lymph
    nodes", "paratracheal nodes" in the mediastinum: `stations.region_names`): an impression asserting an abnormality
    there ("颈部及腹膜后病灶明显缩小") speaks of the nodes it holds, as it did when the station word was read as the organ
    itself."""
    station = read_station(data.report.text[slice(*entity.organ_span)], data.language) if (
        entity.organ == "lymph_node" and entity.organ_span) else None
    if station is None:
        return set()
    matcher = organ_matcher(data.language)
    return {key for name in region_names(station) for key, start, end in matcher.find(name)
            if (start, end) == (0, len(name))} - {"lymph_node"}


def _named_for(data: CheckInput, entity: Entity, named: list[Mention]) -> set[str]:
    """The organs of NAMED, an impression sentence's organ words, that may stand for ENTITY's: not lymph nodes
    named there only at other stations than ENTITY's (`stations.apart`)."""
    text = data.report.text
    here = text[slice(*entity.organ_span)] if entity.organ == "lymph_node" and entity.organ_span else ""
    return {m.key for m in named if not (here and m.key == "lymph_node"
                                          and stations_apart(here, text[m.start : m.end], data.language))}


def _may_summarise(entity: Entity, concluded: Entity) -> bool:
    """An impression statement may sum up a finding on its side, or the same finding on the other side (a
    side slip, which the laterality check reports); another finding on the other side it does not."""
    return sides_compatible(entity, concluded) or related(entity, concluded)


def _answered_elsewhere(data: CheckInput, entity: Entity, concluded: Entity) -> bool:
    """The impression's statement restates another findings statement than ENTITY's: one on its side when it is
    on the other side ("Right frontal contusion." answers the right contusion, not the left extradural
    haematoma), or one stating its very finding when ENTITY is of another kind ("Pancreatic calcifications"
    answers the pancreas's calcifications, not the liver mass; "Hepatomegaly" the enlarged liver, not the mass
    in it). Each findings statement is answered once: where the impression reports more statements of the kind on that
    side than the findings describe there ("右肺上叶结节" and "右肺中叶微结节" beside the left upper lobe nodule and the
    right middle lobe one), one of them is the other side's finding with its side slipped."""
    others = [f for f in data.entities if f.sentence.section == "findings" and not f.negated
              and f.sentence.index != entity.sentence.index]
    if not sides_compatible(entity, concluded):
        answered = {f.sentence.index for f in others if f.side == concluded.side and related(f, concluded)}
        answering = {c.sentence.index for c in data.entities if c.sentence.section == "impression" and not c.negated
                     and c.side == concluded.side and related(c, concluded)}
        return bool(answered) and len(answered) >= len(answering)
    return kind(entity.finding) != kind(concluded.finding) and any(
        same_abnormality(f, concluded) and sides_compatible(f, concluded)
        and concluded.organ in (None, f.organ) for f in others)


def _confidence(value: float) -> float:
    """A finding just significant enough is a judgement call (near 0.5); an unmistakably important one
    (a mass, a fracture, weight 0.95) left out is an error almost surely (about 0.9)."""
    return 0.45 + 1.1 * (value - SIGNIFICANT)


def _not_paraphrased(data: CheckInput, candidates: list[Sentence], impression: list[Sentence]) -> set[int]:
    """Indexes of the candidate sentences that no impression sentence restates."""
    if data.language == "zh":
        return {s.index for s in candidates if max(_bigram_cover(s.text, i.text) for i in impression) < BIGRAM_COVERED}
    # Only an impression that asserts something can paraphrase a finding ("No acute abnormality" cannot),
    # and only those impression sentences are embedded: the model costs tens of ms a call.
    asserting = [s for s in impression if any(e.sentence.index == s.index and not e.negated for e in data.entities)]
    if data.embed is None or not asserting:
        return {s.index for s in candidates}
    impression = asserting
    vectors = data.embed([s.text for s in candidates] + [s.text for s in impression])
    similarity = vectors[: len(candidates)] @ vectors[len(candidates) :].T
    return {s.index for s, row in zip(candidates, similarity) if row.max() < EMBEDDING_COVERED}


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[\s\d.，。；、,;:：()（）]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def _bigram_cover(finding: str, impression: str) -> float:
    """Share of the finding's character bigrams that the impression sentence repeats."""
    grams = _bigrams(finding)
    return len(grams & _bigrams(impression)) / len(grams) if grams else 1.0
