"""Impression vs findings: an abnormality the impression asserts that the findings deny or call normal,
one the impression denies that the findings describe, severity, number or change since the prior that differ, a
haemorrhage put in another compartment than the findings' or called so beside only a low-density lesion, a pancreatic
mass put in another part of the organ, a diagnosis ruled out or called acute beside the signs the findings state for it,
a state of an organ denied in the findings' own words, or a grade,
RECIST, CAD-RADS, Lung-RADS, Bosniak, LI-RADS or Deauville category the impression gives that the stated percentage,
size or features contradict, or a liver diagnosis the described enhancement rules out (`grades`), an adrenal adenoma
the stated washout rules out, a vessel called patent that the findings describe shut, or a tube's or line's tip placed
elsewhere (`devices`).

Side and size disagreements belong to the laterality and measurement checks, and a finding the
impression leaves out to the omission check; this one compares what both sections do say.
"""

from __future__ import annotations

import re

from radqc.agents.report.checks import CheckInput
from radqc.agents.report import grades, liver_segments, organ_parts
from radqc.agents.report.checks.measurement import (
    measured_beyond_error, measured_change, phase_attenuations, washouts)
from radqc.agents.report.devices import placements
from radqc.agents.report.document import Sentence, Span
from radqc.agents.report.evidence import Candidate, candidate, quoted
from radqc.agents.report.lexicon import anatomy, findings, organ_matcher, word_matcher
from radqc.agents.report.mentions import (
    CHANGE_WORDS, STABLE_WORDS, Entity, about_the_rest, apart, count, cues, denial_qualifier, doubted, encloses,
    every_region, family, in_a_compartment, leaves_out, named_regions, organs, qualified_denial, regions_called_normal,
    severity, sides, sides_given, site_of, states_normal, subject, subject_sites,
)
from radqc.agents.report.relations import (
    FREE_IN_A_SPACE, group, kind, other_stations, related, same_abnormality, sides_compatible, significance, spared_by_focal_denial,
)

MANY = 9  # "multiple", "多发": compatible with any count above one
# Words of a differential diagnosis: the whole statement is uncertain. A hedged exclusion ("cannot rule
# out", "不排除") makes its own term uncertain (`Entity.hedged`). "Suspicious" and "concerning" hedge as what a finding
# is suspicious for or a predicate ("suspicious for malignancy", "appearances are concerning"), not as the adjective
# of the finding named ("suspicious 8 mm nodule", "concerning features"), which asserts it; so does 可疑 before the
# size of the finding it describes ("可疑8mm结节", "可疑 8 mm结节": one measured is there), a number with its length unit,
# where a count ("可疑2枚小结节") is no size and leaves the statement uncertain.
_LENGTH_ZH = r"\d+(?:\.\d+)?(?:\s*[x×X*]\s*\d+(?:\.\d+)?)*\s*(?:mm|cm|毫米|厘米)"
_HEDGED = {
    "en": re.compile(r"\b(?:differential|versus|vs\.?|may represent|"
                     r"possibly|possible|considerations? include|or|"
                     r"(?:suspicious|concerning)(?=\s+(?:for|of|and|or)\b|\s*(?:[.,;:)]|$))|suggestive|likely|probable|"
                     r"could|may)\b", re.I),
    "zh": re.compile(rf"鉴别|可能|或|考虑|(?<!可)疑|可疑(?!\s*约?\s*{_LENGTH_ZH})|倾向"),
}


# A disease named as what an operation treated ("status post nephrectomy for renal cell carcinoma", "post-surgical
# changes of gastrectomy for gastric cancer", "前列腺癌根治术后", "胃癌术后改变"), or as what radiotherapy or
# chemotherapy treated ("宫颈癌放化疗后改变"), is the patient's history, which the findings need not describe again
# nor the impression carry. So is the target a procedure note names ("CT-guided core biopsy of the left lower lobe
# nodule", "a drain placed into the abscess", "右肺结节穿刺活检", "脓肿引流术"): its request gives the lesion, its
# numbered steps the needle's path, not a description of the lesion.
_OPERATED_BEFORE = re.compile(r"\b(?:status post|s/p|post-?(?:operative|surgical)|after)\b[^.;,]{0,60}\bfor\b[^.;,]{0,30}$"
                              r"|\b(?:biops(?:y|ies)|biopsied|aspiration|drainage|drain|ablation)\s+(?:\w+\s+){0,2}?"
                              r"(?:of|into|from)\s+[^.;,]{0,40}$", re.I)
_OPERATED_AFTER = re.compile(r"^[^，。；,;\s]{0,6}?(?:术后|放化疗后|放疗后|化疗后|穿刺|活检|消融|引流术)")


def operated_for(data: CheckInput, entity: Entity) -> bool:
    text = data.report.text
    if data.language == "en":
        return bool(_OPERATED_BEFORE.search(text[entity.sentence.start : entity.start]))
    return bool(_OPERATED_AFTER.match(text[entity.end : entity.sentence.end]))


def check(data: CheckInput) -> list[Candidate]:
    if not data.report.has_impression:
        return []
    stated = [e for e in data.entities if e.sentence.section == "findings"]
    concluded = [e for e in data.entities if e.sentence.section == "impression"]
    found = []
    found += _impression_calls_normal(data, stated)
    found += _stenosis_graded_against_percent(data) + _response_against_sum(data) + _lung_rads_against_size(data)
    found += _cad_rads_against_stenosis(data) + _deauville_against_uptake(data)
    found += _category_against_features(data) + _change_against_findings(data, stated, concluded)
    found += _adenoma_against_washout(data) + _patent_vessel_the_findings_occlude(data)
    found += _recurrence_denied_beside_new_mass(data, stated, concluded) + _progression_denied_beside_new_lesion(data, stated)
    found += _haemorrhage_beside_low_density(data, stated, concluded) + _in_another_part(data, stated, concluded)
    found += _pneumoconiosis_against_large_opacity(data) + _larynx_understaged(data) + _device_placed_otherwise(data)
    found += _diagnosis_against_its_features(data) + _diagnosis_against_its_signs(data)
    found += _feature_the_findings_deny(data) + _state_the_findings_affirm(data)
    found += _unseen_organ_the_findings_describe(data)
    for entity in concluded:
        if group(entity.finding) == "resection" or operated_for(data, entity):
            continue  # "s/p nephrectomy" is history, not a diagnosis
        if _denies_the_others(data, entity, concluded):
            continue  # "Displaced left femoral neck fracture. ... no other pelvic fracture."
        # A differential hedges its statement; a denial in a clause of its own stays flat ("考虑麻痹性肠梗阻，未见肠缺血征象"
        # weighs the ileus, and rules the ischaemia out).
        if entity.hedged or _HEDGED[data.language].search(_hedged_by(data, entity)):
            # A differential diagnosis is not an assertion, but even a "likely pneumonia" needs findings.
            if not entity.negated and not any(related(f, entity) and not f.negated for f in stated):
                found += _called_normal(data, entity, stated)
            continue
        # Nodes at another station are other nodes: "mediastinal lymphadenopathy" is none of the para-aortic ones.
        peers = [f for f in stated if same_abnormality(f, entity) and sides_compatible(f, entity)
                 and not other_stations(f, entity, data.report.text, data.language)]
        affirmed = [f for f in peers if not f.negated]
        qualifier = denial_qualifier(entity, data.language)
        if qualifier:  # "no new nodule" says nothing of a stable one, but contradicts a "new" one
            echoed = [f for f in stated if not f.negated and related(f, entity)
                      and re.search(rf"(?<![A-Za-z]){re.escape(qualifier)}(?![A-Za-z])", f.clause.text, re.I)]
            if echoed:
                found.append(_flag(data, entity, f"The impression denies {qualifier} {_name(data, entity)}; the "
                                                 f"findings describe \"{quoted(echoed[0].sentence.text)}\".", 0.6,
                                   "impression-denies"))
            continue
        # A denial only counts for the organ the impression names ("no extra-axial collection" says
        # nothing of a parenchymal abscess).
        denied = [f for f in stated if f.negated and not about_the_rest(f.sentence, data.language)
                  and not qualified_denial(f, data.language) and not _gone_as_said(data, f, entity)
                  and sides_compatible(f, entity) and f.organ is not None
                  and f.organ == entity.organ and (f.finding in (entity.finding, kind(entity.finding)) or group(
                      f.finding) == group(entity.finding) == "focal") and _denied_there(data, f, entity)
                  and not _feature_of_a_described_lesion(f, entity, stated)]
        what = _name(data, entity)
        affirmed = _at_the_site_denied(data, entity, _in_the_region_denied(data, entity, affirmed))
        if entity.negated and affirmed and not _features_denied_of_another_name(data, entity, affirmed) \
                and not _echoes_a_denial(data, entity, affirmed, stated):
            found += _denies_described(data, entity, affirmed, denied, what)
        elif not entity.negated and (moved := _moved_into_an_organ_called_normal(data, entity, affirmed, stated)):
            found += moved
        elif not entity.negated and denied and not affirmed and not _described_on_the_other_side(entity, stated):
            found.append(_flag(data, entity, f"The impression reports {what}; the findings state its absence: "
                                             f"\"{quoted(denied[0].sentence.text)}\".", 0.85, "findings-deny"))
        elif not entity.negated and not affirmed:
            found += _unsupported(data, entity, stated, what)
            # Named differently in the findings ("multiple low-density lesions" ... "a single cyst"): the
            # count can still disagree when that is the one related statement about the organ.
            kin = [f for f in stated if not f.negated and f.organ == entity.organ and related(f, entity)]
            if entity.organ and len(kin) == 1:
                found += [c for c in _grade_or_count(data, entity, kin[0], what, stated) if c.rule == "count"]
            found += _graded_apart_from_its_organ(data, entity, stated, what)
        elif not entity.negated and _in_another_compartment(data, entity, affirmed):
            found.append(_flag(data, entity, f"The impression puts {what} in the "
                                             f"{entity.site(data.report.text, data.language)}; the findings describe "
                                             f"it in the {affirmed[0].site(data.report.text, data.language)}: "
                                             f"\"{quoted(affirmed[0].sentence.text)}\".", 0.6, "other-compartment"))
        elif not entity.negated and _one_statement(own := _own_organ(entity, affirmed)):
            # One findings statement, which may name it more than once ("腹盆腔见大量积液，肝周、脾周及盆腔均见积液").
            found += _grade_or_count(data, entity, own[0], what, stated)
    return _one_per_sentence(data, found)


# A hedged finding ("possible nodule", "a tiny pneumothorax cannot be excluded") that the impression
# flatly denies: the impression contradicts what the findings leave open, its certainty rather than its
# observation, so a weaker mismatch than a denied finding (0.85). It weighs as the other contradictions
# resting on one qualifying word ("no new nodule" beside a new one, 0.6): above the evidence verifier's
# bar (0.5), so the default profile reports it, and below the precision role's (0.7), which alone does not.
HEDGED_DENIED = 0.6


def _hedged_by(data: CheckInput, entity: Entity) -> str:
    """The words whose hedge makes ENTITY uncertain (`_HEDGED`): an asserted term's whole sentence; a denied term's own
    statement to the end of its clause, as the hedge before it qualifies the diagnosis the denial is a feature of
    ("Probable UIP pattern without honeycombing" denies the honeycombing flatly)."""
    if not entity.negated:
        return entity.sentence.text
    return data.report.text[entity.statement[0] : entity.clause.end]


def _one_statement(stated: list[Entity]) -> bool:
    """STATED all stand in one findings sentence."""
    return len({f.sentence.index for f in stated}) == 1


def _own_organ(entity: Entity, affirmed: list[Entity]) -> list[Entity]:
    """The statements of AFFIRMED not naming another organ than ENTITY's, when there are any: a grade or count is
    its organ's ("右肾轻度积水" is graded against the kidney's "明显扩张积水", not the dilated ureter above a stone, which
    the same abnormality in a neighbouring organ of its tract also names)."""
    own = [f for f in affirmed if f.organ in (entity.organ, None)]
    return own or affirmed


def _in_another_compartment(data: CheckInput, entity: Entity, affirmed: list[Entity]) -> bool:
    """The impression puts ENTITY in a compartment whose name is its diagnosis (`in_a_compartment`: "epidural
    haematoma"), and the findings describe it, each time, in another part of the organ ("subdural haematoma",
    "第四脑室内少量积血"): another diagnosis than the findings', not a summary of theirs."""
    text, language = data.report.text, data.language
    return bool(affirmed) and in_a_compartment(entity, text, language) and all(
        apart(f, entity, text, language) for f in affirmed)


# The uncinate process is the head's ("钩突" of "胰头").
_HEAD_OF = {"uncinate": "head", "钩突": "头"}


def _pancreas_parts(span: Span, language: str) -> set[str]:
    """The parts of the pancreas SPAN, a statement about it, names (`_parts_named`), the uncinate process as the head."""
    return {_HEAD_OF.get(part, part) for part in _parts_named(span.text, language)}


def _parts_put_in(data: CheckInput, entity: Entity) -> set[str]:
    """The pancreatic parts an impression ENTITY's clause puts it in, with those its phrase lists beside them: "Pancreatic
    head and neck mass" puts the mass in both parts, though its clause begins at "neck". An entity whose clause names no
    part is put in none (a duct dilated beside a head mass is no head lesion)."""
    here = _pancreas_parts(entity.clause, data.language)
    start, end = entity.phrase
    return here | _pancreas_parts(Span(start, end, data.report.text[start:end]), data.language) if here else here


def _in_another_part(data: CheckInput, stated: list[Entity], concluded: list[Entity]) -> list[Candidate]:
    """Each impression abnormality of the pancreas put in one of its parts ("pancreatic tail mass") when every findings
    sentence stating it or a related one (a nodule beside the mass) names only other parts ("mass in the pancreatic
    head"): the part decides a pancreatic tumour's operation, so the impression names another lesion than the findings'.
    A differential ("likely adenocarcinoma") hedges what the lesion is, not where."""
    found = []
    for entity in concluded:
        if entity.negated or entity.organ != "pancreas" or not (here := _parts_put_in(data, entity)):
            continue
        peers = [f for f in stated if not f.negated and f.organ == "pancreas" and related(f, entity)]
        there = [_pancreas_parts(f.sentence, data.language) for f in peers]
        if peers and all(there) and not any(parts & here for parts in there):
            found.append(_flag(data, entity, f"The impression puts {_name(data, entity)} in the pancreatic "
                                             f"{'/'.join(sorted(here))}; the findings describe it in the "
                                             f"{'/'.join(sorted(set().union(*there)))}: "
                                             f"\"{quoted(peers[0].sentence.text)}\".", 0.6, "other-part"))
    return found


def _denies_the_others(data: CheckInput, entity: Entity, concluded: list[Entity]) -> bool:
    """ENTITY is the impression's denial of any other such finding ("no other pelvic fracture", "余骨质未见骨折")
    beside its own statement of one: it sets the finding reported apart, and denies only the rest."""
    return entity.negated and about_the_rest(entity.clause, data.language) and any(
        not c.negated and same_abnormality(c, entity) for c in concluded)


# A filling defect that the delayed phase fills ("incomplete filling of the appendage ... fills completely on the delayed
# acquisition", "动脉期远端见充盈缺损，延迟期充盈完全") is slow flow, not a thrombus: an impression denying thrombus
# reads it as radiologists do.
_FILLS_LATER = {
    "en": re.compile(r"\b(?:fills?|filling|opacif\w+|resolv\w+)\b[^.;]{0,30}\bon the (?:delayed|late|venous)\b"
                     r"|\bslow flow\b", re.I),
    "zh": re.compile(r"延迟(?:期|扫描)[^。；]{0,6}(?:充盈|填充|显影)(?:完全|良好|均匀)|延迟(?:期|扫描)[^。；]{0,6}缺损消失|血流缓慢|慢血流"),
}


# An ileus is bowel dilated without a mechanical obstruction ("an ileus likely related to hypothermia", "麻痹性肠梗阻"),
# though the lexicon files it with obstruction: an impression denying obstruction beside it ("Small bowel ileus without
# obstruction") draws that very distinction, while one denying the ileus itself contradicts it.
_ILEUS = {"en": re.compile(r"\b(?:ileus|pseudo-?obstruction)$", re.I), "zh": re.compile(r"(?:麻痹性|动力性)(?:肠梗阻|梗阻)$")}


def _ileus(data: CheckInput, entity: Entity) -> bool:
    """ENTITY, an obstruction, is written as an ileus (`_ILEUS`)."""
    return bool(_ILEUS[data.language].search(data.report.text[entity.sentence.start : entity.end]))


def _denies_described(data: CheckInput, entity: Entity, affirmed: list[Entity], denied: list[Entity],
                      what: str) -> list[Candidate]:
    """The impression denies ENTITY, which findings statements assert (AFFIRMED). When they only hedge it,
    the denial is weaker evidence of a mismatch (`HEDGED_DENIED`), and none when the findings deny it as
    well (DENIED): "No pneumothorax. A tiny pneumothorax cannot be excluded." then "No pneumothorax."
    repeats the findings' denial without its reservation. A filling defect the delayed phase fills (`_FILLS_LATER`)
    asserts no thrombus, nor one the findings call gone since the prior (`_called_gone`), nor one in an organ the
    impression denies it outside of ("no extrahepatic cysts")."""
    outside = _organs_outside(data, entity)
    affirmed = [f for f in affirmed if not _FILLS_LATER[data.language].search(f.sentence.text)
                and not _called_gone(data, f) and not _in_organs(data, f, outside)
                and not (_ileus(data, f) and not _ileus(data, entity))]
    if not affirmed:
        return []
    plain = [f for f in affirmed if not f.hedged and not doubted(f.clause, data.language)]
    if plain:
        return [_flag(data, entity, f"The impression denies {what}, which the findings describe: "
                                    f"\"{quoted(plain[0].sentence.text)}\".", 0.85, "impression-denies")]
    if denied:
        return []
    return [_flag(data, entity, f"The impression denies {what}, which the findings call possible: "
                                f"\"{quoted(affirmed[0].sentence.text)}\".", HEDGED_DENIED, "impression-denies-hedged")]


# Two readings of a finding's course since the prior study. `_RESOLVING` is a word of it going away: wholly in English
# ("The segment 8 lesion has resolved", "is no longer seen"), wholly or in part in Chinese ("原脾内低密度灶消失",
# "较前吸收", where 吸收 is said of both); read where the finding's
# absence is already stated (a denial's own cue) or where no part of it may be reported as present, it says the finding
# was there before: an impression calling it smaller ("脾脏病灶较前明显缩小") reports the same response, and a state the
# findings describe resolving is no state they affirm. `_GONE_SINCE` is the finding wholly gone, read after a finding its
# clause names as present, where a word of partial resolution leaves it there.
_RESOLVING = {"en": re.compile(r"\bresolved\b|\bno\s+longer\b", re.I), "zh": re.compile(r"消失|吸收")}


# The words after a finding that say it is wholly gone since the prior study, though its clause names it first ("The 3 mm
# nodule seen at baseline is no longer visible", "右肺上叶结节已消失"): what remains of one "partially resolved" or
# "较前吸收" (absorbed, in part) is still there, and so is one that "has not resolved" ("未完全吸收", "未消失").
_GONE_SINCE = {
    "en": re.compile(r"^(?:(?!\b(?:partial|partly|largely|mostly|almost|nearly|incomplete|not|never|yet)\b|"
                     r"\b(?:partial|incomplete)\w*|n't\b)[^.;])*?"
                     r"\b(?:resolved|no\s+longer\s+(?:seen|visible|present|identified|evident|demonstrated|detected))\b",
                     re.I),
    "zh": re.compile(r"^[^，。；,;]*?(?<!部分)(?<!大部)(?<!未)(?<!未见)(?<!尚未)(?<!没有)(?<!不)(?<!未完全)(?<!不完全)(?:消失|完全吸收)"),
}


def _called_gone(data: CheckInput, stated: Entity) -> bool:
    """STATED's clause says, after it, that the finding is gone since the prior (`_GONE_SINCE`), or, STATED ending a
    label ("Previous collection: resolved."), the clause after the label does: the findings describe a finding that was
    there, which an impression denying it ("The previous nodule has resolved") reports as they do."""
    clause = stated.clause
    after_label = data.report.text[clause.end : clause.end + 1] in (":", "：")
    if after_label and not data.report.text[stated.end : clause.end].strip(" :："):
        return bool(_GONE_SINCE[data.language].search(stated.sentence.clause_at(clause.end + 1).text))
    return bool(_GONE_SINCE[data.language].search(data.report.text[stated.end : clause.end]))


def _in_organs(data: CheckInput, entity: Entity, keys: set[str]) -> bool:
    """ENTITY lies in one of the organs KEYS: its own organ, or its line's label's ("Liver: ... It contains daughter cysts.
    The cyst displaces the right hepatic vein.")."""
    return entity.organ in keys or any(m.key in keys for m in organs(data.report.line_label(entity.sentence),
                                                                     data.language))


# A denial outside an organ ("no extrahepatic cysts", "肝外未见囊肿") leaves the organ's own lesion to the impression's
# other statements. Chinese writes the organ's character before 外; one before a word that begins with 外 ("肺外带", the
# lung's outer zone, "左肝外叶", "外侧", "外缘") names a part of the organ, and "脑外间隙" a space of its own, not what lies
# outside it. A word naming no organ may name the space that encloses one (anatomy.json's "encloses"): outside it is
# outside that organ ("No extracranial metastases", "颅外未见转移" beside brain metastases: the denial is of the rest of
# the body, as "intracranial", "颅内" name the brain's space).
_OUTSIDE = {"en": re.compile(r"\bextra-?([a-z]+)", re.I),
            "zh": re.compile(r"([\u4e00-\u9fff])外(?![带帶侧側缘緣周围圍形观觀科伤傷院压壓膜层層突翻凸叶葉段间間])")}
_INSIDE = {"en": "intra{}", "zh": "{}内"}  # the word for the inside of the space a word of `_OUTSIDE` is outside of


def _organs_outside(data: CheckInput, entity: Entity) -> set[str]:
    """The organs ENTITY's clause denies it outside of (`_OUTSIDE`), their words read whole by the organ reader, or
    enclosed by the space named (`_enclosed_by`)."""
    matcher = organ_matcher(data.language)
    words = [m.group(1) for m in _OUTSIDE[data.language].finditer(entity.clause.text)]
    return {key for word in words for key, start, end in matcher.find(word) if (start, end) == (0, len(word))} | {
        key for word in words for key in _enclosed_by(_INSIDE[data.language].format(word.lower()), data.language)}


def _enclosed_by(space: str, language: str) -> set[str]:
    """The organs whose every site SPACE holds (anatomy.json's "encloses": "intracranial", "颅内" the brain's)."""
    return {key for key, entry in anatomy().items()
            if space in (w.lower() for w in entry.get("encloses", {}).get(language, []))}


def _gone_as_said(data: CheckInput, denial: Entity, entity: Entity) -> bool:
    """DENIAL calls its finding gone since the prior (`_RESOLVING`), and the impression's ENTITY calls it smaller
    (`_direction`): a response both sections report, not a finding the findings deny."""
    return (denial.cue_span is not None and _direction(data, entity) == "down"
            and bool(_RESOLVING[data.language].search(data.report.text[denial.cue_span[0] : denial.cue_span[1]])))


# The features of a tumour of one tissue of origin denied ("No features of a bone-forming tumour", "未见骨源性肿瘤征象"):
# the impression weighs which tissue the described lesion comes from, not whether it is there. The features of the
# bare diagnosis ("no features of a tumour"), or of it still there, back or of any kind ("residual", "recurrent", "any",
# "malignant", 复发性, 恶性), deny the lesion itself.
_FEATURES_OF_A_KIND = {
    "en": re.compile(r"\b(?:features?|signs?|appearances?)\s+(?:of|to suggest|suggesting)\s+(?:an?\s+)?"
                     r"(?P<kind>bone-forming|osteogenic|osteoid|osseous|bony|cartilaginous|cartilage|chondroid|fatty|"
                     r"fat-containing|lipomatous|fibrous|vascular|neurogenic|nerve sheath|(?:smooth\s+)?muscle|myogenic)"
                     r"\s+$", re.I),
    "zh": re.compile(r"(?P<kind>(?:成骨|骨|软骨|脂肪|纤维|血管|神经|肌)源性)$"),
}
_SIGNS_AFTER = re.compile(r"征象")


def _features_denied_of_another_name(data: CheckInput, entity: Entity, affirmed: list[Entity]) -> bool:
    """The impression denies the features of a tumour of one tissue of origin (`_FEATURES_OF_A_KIND`) while the
    findings never call the mass described of that tissue ("a 48 x 22 x 30 mm mass with a peripheral shell of
    mineralisation" ... "No features of a bone-forming tumour"): it characterises the mass, and contradicts no
    statement. Denying the features of what the findings call the mass ("a bone-forming tumour" ... "no features of a
    bone-forming tumour") still does, and so do the features of a diagnosis other than a tumour ("no CT features of
    bowel ischaemia" beside pneumatosis and portal venous gas)."""
    text = data.report.text
    kind = _FEATURES_OF_A_KIND[data.language].search(text, entity.clause.start, entity.start)
    if entity.finding != "mass" or kind is None:
        return False
    if data.language == "zh" and _SIGNS_AFTER.match(text, entity.end, entity.clause.end) is None:
        return False
    return not any(_affirms_the_kind(f.sentence, kind.group("kind"), data.language) for f in affirmed)


def _affirms_the_kind(sentence: Sentence, kind: str, language: str) -> bool:
    """SENTENCE names the tissue KIND outside a denial of its clause: "a fatty mass" calls the mass fatty, "a soft
    tissue mass, with no fatty component" says it holds none."""
    for match in re.finditer(re.escape(kind.lower()), sentence.text.lower()):
        at = sentence.start + match.start()
        if not any(how == "negation" and start < at for start, _, how in cues(sentence.clause_at(at), language)):
            return True
    return False


def _echoes_a_denial(data: CheckInput, entity: Entity, affirmed: list[Entity], stated: list[Entity]) -> bool:
    """The impression calls ENTITY gone (`_RESOLVING`) in the very word a findings statement of the same side and
    site calls it gone ("The perisplenic haematoma has resolved" ... "healing laceration with resolved haematoma"), and
    the findings affirm it only under other words (the laceration): the impression repeats that statement, the
    laceration is another. A plain denial ("No renal stone", "no haematoma") repeats nothing: the findings' "No stone in
    the right kidney" or "No subcapsular haematoma" leave the left calculus and the perisplenic clot standing."""
    text, term = data.report.text, data.report.text[entity.start : entity.end].lower()
    site = entity.site(text, data.language)

    def resolved(e: Entity) -> bool:
        return e.cue_span is not None and bool(_RESOLVING[data.language].search(text[e.cue_span[0] : e.cue_span[1]]))

    return resolved(entity) and all(text[f.start : f.end].lower() != term for f in affirmed) and any(
        f.negated and resolved(f) and text[f.start : f.end].lower() == term and f.side == entity.side
        and f.site(text, data.language) in (None, site) for f in stated)


def _feature_of_a_described_lesion(denial: Entity, entity: Entity, stated: list[Entity]) -> bool:
    """DENIAL denies another focal finding than ENTITY's in a sentence that describes a focal lesion of its organ ("a
    2.2 cm solid lesion ... without fat or calcification", "左肾上极见一囊性灶……未见壁结节及增厚"): it describes that
    lesion's make-up, not an organ free of lesions, so it does not deny the impression's name for the lesion ("renal
    cell carcinoma", "囊性病变"). A denial of the impression's own finding there ("a cyst; no mass") still does, and so
    does one naming the organ again in a clause of its own ("肝S6见一血管瘤，大小约1.5cm，肝内未见转移灶"): the whole
    organ's, not the lesion's make-up."""
    return kind(denial.finding) != kind(entity.finding) and any(
        not f.negated and f.sentence.index == denial.sentence.index and f.organ == denial.organ
        and group(f.finding) == "focal" and (f.clause.start == denial.clause.start or not _the_organ_again(denial))
        for f in stated)


def _the_organ_again(denial: Entity) -> bool:
    """DENIAL's own clause names its organ."""
    return denial.organ_span is not None and denial.clause.start <= denial.organ_span[0] < denial.clause.end


def _described_on_the_other_side(entity: Entity, stated: list[Entity]) -> bool:
    """The findings describe ENTITY on the other side (and deny it on its own: "右侧胸腔积液较前增多 ... 左侧胸腔未见积液"
    beside "左侧胸腔中量积液"): the impression's side slipped, which is the laterality check's error, not a second one."""
    return bool(_on_the_other_side(entity, stated))


def _on_the_other_side(entity: Entity, stated: list[Entity]) -> list[Entity]:
    """The statements of STATED describing ENTITY's abnormality on the other side than ENTITY's."""
    if entity.side not in ("left", "right"):
        return []
    return [f for f in stated if not f.negated and same_abnormality(f, entity) and f.side in ("left", "right")
            and f.side != entity.side]


def _in_the_region_denied(data: CheckInput, entity: Entity, affirmed: list[Entity]) -> list[Entity]:
    """A denial naming no organ but a region ("no thoracic metastases", "no pelvic fracture": a fracture is a bone's
    wherever it is) only contradicts findings in that region, not the liver metastases or the rib fractures of the
    same report. A finding of an organ found in every region (a bone) is in the region its sentence names ("Chest:
    fractures of the left 7th to 9th ribs"), and may be in any when it names none ("fracture of the pubic ramus")."""
    if not entity.negated or entity.organ_named:
        return affirmed
    regions = named_regions(entity.clause, data.language)
    if not regions:
        return affirmed
    return [f for f in affirmed if f.organ is None or anatomy()[f.organ]["region"] in regions
            or anatomy()[f.organ]["region"] == "any" and _in_a_region(f.sentence, regions, data.language)]


def _in_a_region(sentence: Sentence, regions: set[str], language: str) -> bool:
    """SENTENCE names one of REGIONS, or no region at all."""
    named = named_regions(sentence, language)
    return not named or bool(named & regions)


def _one_per_sentence(data: CheckInput, found: list[Candidate]) -> list[Candidate]:
    """Terms of one impression statement that the findings contradict ("gallstones with cholecystitis" beside a
    normal gallbladder) are one error: one candidate spanning them. So are two readings of one statement, for two
    reasons: "Simple silicosis with no progressive massive fibrosis" beside conglomerate masses contradicts them once,
    by its stage and by its denial, and "盆腔少量积液，未见明确脓肿形成" beside an abscess plays it down once."""
    groups: dict[int, list[Candidate]] = {}
    for c in found:
        sentence = next((s.index for s in data.report.sentences if s.start <= c.start < s.end), -1)
        groups.setdefault(sentence, []).append(c)
    merged = []
    for members in groups.values():
        best = max(members, key=lambda c: c.confidence)
        start, end = min(c.start for c in members), max(c.end for c in members)
        merged.append(candidate(data.report, best.error_type, start, end, best.explanation, best.confidence, best.rule))
    return merged


# A change since the prior study, by its direction. A Chinese change is written against the prior ("较前增大"), as
# "增大" alone is a state ("脾脏增大"); "no progression" is stability, and a denied change ("未见增大") none.
_CHANGES = {
    "en": {"up": rf"(?<!no )(?<!not )\b(?:{CHANGE_WORDS['en']['up']}|larger|progressed|progressive|worsened|worsening|"
                 r"more extensive)\b",
           "down": rf"(?<!no )(?<!not )\b(?:{CHANGE_WORDS['en']['down']}|smaller|improved|improving|fewer)\b",
           "same": rf"\b(?:{STABLE_WORDS['en']})\b"},
    "zh": {"up": rf"较前(?:明显|略|稍|进一步)?(?:{CHANGE_WORDS['zh']['up']}|增多|进展|加重)",
           "down": rf"较前(?:明显|略|稍|进一步)?(?:{CHANGE_WORDS['zh']['down']}|好转|吸收|减轻)",
           "same": STABLE_WORDS["zh"]},
}
# The impression's change (first) that the findings' change of the same abnormality (second) contradicts. "Stable"
# beside a change the findings measure holds when the two sizes differ by no more than a reader's measurement error
# (`measured_beyond_error`), and contradicts a shrinkage beyond it as it does a growth; beside an unmeasured change it
# contradicts growth, and a shrinkage unless the findings call it slight ("slightly decreased", "较前略缩小"), which
# a reader may sum up as stable. The other way round, an impression calling smaller what the findings call stable
# reports a response the findings deny, unless the impression calls the shrinkage slight ("slightly smaller"): a
# change within what "stable" allows.
_OPPOSED = {("same", "up"), ("same", "down"), ("up", "same"), ("up", "down"), ("down", "up"), ("down", "same")}
_SLIGHT = {"en": re.compile(r"\b(?:slight(?:ly)?|minimal(?:ly)?|mild(?:ly)?|marginal(?:ly)?)\b", re.I),
           "zh": re.compile(r"较前(?:略|稍|轻度)")}


def _about(data: CheckInput, entity: Entity) -> tuple[int, int]:
    """The words about ENTITY: from its clause to the next abnormality its sentence names, an enlargement after it
    being its growth ("结节，较前增大")."""
    following = [e.start for e in data.entities if e.sentence.index == entity.sentence.index and e.start > entity.start
                 and e.finding != "enlargement"]
    start = entity.clause.start
    end = min(following, default=entity.sentence.end)
    return start, start + len(data.report.text[start:end].rstrip(" .;,。；，"))


def _direction(data: CheckInput, entity: Entity) -> str | None:
    """Which way ENTITY changed (`_about`); None when its words say none or more than one ("stable, slightly
    increased")."""
    start, end = _about(data, entity)
    said = {way for way, words in _CHANGES[data.language].items() if re.search(words, data.report.text[start:end], re.I)}
    return said.pop() if len(said) == 1 else None


def _change_against_findings(data: CheckInput, stated: list[Entity], concluded: list[Entity]) -> list[Candidate]:
    """An impression calling an abnormality stable, larger or smaller when the findings say it changed the other
    way ("fibrosis, stable" beside "extent of fibrosis increased"). Only when every findings statement of it that
    states a change states that one: two lesions of one kind may change apart, and one in another part of the organ
    (an umbilical hernia beside an inguinal one: `apart`) is another lesion."""
    found = []
    for entity in concluded:
        if entity.negated or entity.hedged:
            continue
        claimed = _direction(data, entity)
        peers = [f for f in stated if not f.negated and (same_abnormality(f, entity) or _named_by_its_word(data, f, entity))
                 and sides_compatible(f, entity)
                 and not apart(f, entity, data.report.text, data.language) and not _other_liver_segments(f, entity)
                 and not _new_beside_known(data, entity, f)]
        observed = {_stated_direction(data, f) for f in peers} - {None}
        if not observed and _sums_up_its_organ(data, entity):
            peers = [f for f in stated if not f.negated and f.organ not in (None, "lymph_node")
                     and family(f.organ) == family(entity.organ) and sides_compatible(f, entity)
                     and not _other_liver_segments(f, entity) and not _new_beside_known(data, entity, f)]
            observed = {_stated_direction(data, f) for f in peers} - {None}
        if claimed is None or len(observed) != 1 or (claimed, next(iter(observed))) not in _OPPOSED:
            continue
        if claimed == "same" and not _beyond_stable(data, [f for f in peers if _stated_direction(data, f) in observed]):
            continue
        if claimed == "down" and observed == {"same"} and _SLIGHT[data.language].search(
                data.report.text[slice(*_about(data, entity))]):
            continue
        start, end = _about(data, entity)
        found.append(candidate(data.report, "findings_impression_mismatch", start, end,
                               f"The impression calls {_name(data, entity)} {_WAY[claimed]}; the findings say it "
                               f"{_WAY_SAID[next(iter(observed))]}.", 0.6, "change-direction"))
    return found


def _named_by_its_word(data: CheckInput, stated: Entity, entity: Entity) -> bool:
    """STATED, a related finding (`related`), is written with ENTITY's own word in its term: "肝内多发转移灶" (a lesion
    term, 转移灶, the metastatic focus) names the "肝转移" of the impression, and its change is that one's."""
    text = data.report.text
    return related(stated, entity) and text[entity.start:entity.end].lower() in text[stated.start:stated.end].lower()


def _stated_direction(data: CheckInput, stated: Entity) -> str | None:
    """Which way the findings' STATED changed: by its words (`_direction`), else by its written sizes
    (`_measured_direction`)."""
    return _direction(data, stated) or _measured_direction(data, stated)


def _measured_direction(data: CheckInput, stated: Entity) -> str | None:
    """Which way STATED changed by the prior and present sizes written in the words about it (`_about`, `measured_change`:
    "肝S6段低密度灶，现大小约3.1cm×2.7cm，前片约2.2cm×1.9cm" grew), when no change word says it; None when they name no
    such pair or differ within a reader's measurement error."""
    measured = measured_change(stated.sentence, data.language)
    start, end = _about(data, stated)
    if measured is None or not all(start <= size.start and size.end <= end for size in measured):
        return None
    before, after = measured
    return "up" if after.largest_mm > before.largest_mm else "down"


def _new_beside_known(data: CheckInput, entity: Entity, stated: Entity) -> bool:
    """The impression calls ENTITY new (`grades.NEW_LESION`, not denied) and the findings' STATED is not: a lesion not
    there before is another than the known ones, whose stability ("Known lytic lesions ... are unchanged") says nothing
    of its growth ("New acetabular lytic lesion: progressive myeloma")."""
    new, language = grades.NEW_LESION[data.language], data.language
    return bool(grades.affirmed(new, entity.clause.text, language)) and not grades.affirmed(new, stated.clause.text,
                                                                                           language)


# The generic word for an organ's disease ("双肺间质性病变", "病灶", "lung lesions"): it sums up whatever the findings
# describe in that organ, by whichever name.
_GENERIC_ABNORMALITY = {"en": re.compile(r"lesions?", re.I), "zh": re.compile(r"病变|病灶")}


def _sums_up_its_organ(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is an organ's disease named generically (`_GENERIC_ABNORMALITY`): its change ("双肺间质性病变，较前好转")
    is held to the changes the findings state for that organ's abnormalities ("网格影、磨玻璃影...范围较前增大") when
    no statement of the same word states one."""
    return entity.organ not in (None, "lymph_node") and bool(
        _GENERIC_ABNORMALITY[data.language].fullmatch(data.report.text[entity.start:entity.end]))


def _beyond_stable(data: CheckInput, changed: list[Entity]) -> bool:
    """The findings' change of CHANGED is more than "stable" allows (`_OPPOSED`)."""
    measured = {measured_beyond_error(f.sentence, data.language) for f in changed} - {None}
    if measured:
        return any(measured)
    if _direction(data, changed[0]) == "up":
        return True
    return not any(_SLIGHT[data.language].search(data.report.text[slice(*_about(data, f))]) for f in changed)


def _other_liver_segments(a: Entity, b: Entity) -> bool:
    """A and B, both of the liver, stand in statements naming its segments, none the same ("肝S8靶病灶" and "肝S3小结节"):
    two lesions, which may change apart."""
    if a.organ != "liver" or b.organ != "liver":
        return False
    return liver_segments.apart(a.sentence.text, b.sentence.text)


_WAY = {"up": "larger", "down": "smaller", "same": "unchanged"}
_WAY_SAID = {"up": "increased", "down": "decreased", "same": "did not change"}


def _stenosis_graded_against_percent(data: CheckInput) -> list[Candidate]:
    """An impression grading a stenosis outside the band of the percentage the findings state for that
    vessel ("75% stenosis" then "Moderate right ICA stenosis"), or of its own percentage. Findings that
    name the vessel with percentages in different bands leave its grade open."""
    text, language = data.report.text, data.language
    stated = [s for sentence in data.report.in_section("findings")
              for s in grades.stenoses(sentence, data.report.heading_of(sentence), language) if s.values]
    found = []
    for sentence in data.report.in_section("impression"):
        for claim in grades.stenoses(sentence, data.report.heading_of(sentence), language):
            if not claim.grades:
                continue
            there = [s for s in stated if claim.vessel and s.vessel and s.vessel[0] == claim.vessel[0]
                     and (None in (s.vessel[1], claim.vessel[1]) or s.vessel[1] == claim.vessel[1])]
            values = tuple(v for s in there for v in s.values)
            if grades.contradicts(values, claim.grades):
                why = f"the findings state {grades.band_name(there[0].values)} stenosis there (\"{quoted(there[0].clause.text)}\")"
            elif grades.contradicts(claim.values, claim.grades):
                why = f"its own percentage is {grades.band_name(claim.values)}"
            else:
                continue
            start = min(claim.clause.start, claim.vessel_span[0] if claim.vessel_span else claim.clause.start)
            end = claim.clause.start + len(claim.clause.text.rstrip(" .;。；"))
            found.append(candidate(data.report, "findings_impression_mismatch", start, end,
                                   f"The impression grades \"{text[claim.clause.start:claim.clause.end]}\"; {why}.",
                                   0.75, "stenosis-grade"))
    return found


def _response_against_sum(data: CheckInput) -> list[Candidate]:
    """An impression's RECIST 1.1 category that the report's own change of the target sum contradicts
    ("-25%" then "Partial response"), or progression where the sum fell and nothing else grew (`grades`)."""
    change = grades.recist_change(data.report, data.language)
    if change is None:
        return []
    percent, millimetres = change
    found = []
    for sentence in data.report.in_section("impression"):
        if _HEDGED[data.language].search(sentence.text):
            continue
        for category, start, end in grades.responses(sentence, data.language):
            if grades.response_contradicts(category, percent, millimetres):
                found.append(candidate(data.report, "findings_impression_mismatch", start, end,
                                       f"The impression calls it {category}; the target sum changed by "
                                       f"{percent:+g}% from baseline (RECIST 1.1).", 0.75, "recist-category"))
            elif category == grades.PROGRESSION and grades.progression_ruled_out(data.report, data.language, percent):
                found.append(candidate(data.report, "findings_impression_mismatch", start, end,
                                       f"The impression calls it {category}; the target sum fell by {-percent:g}% "
                                       "from baseline, the report denies new lesions and states no growth "
                                       "(RECIST 1.1).", 0.75, "recist-category"))
    return found


def _cad_rads_against_stenosis(data: CheckInput) -> list[Candidate]:
    """An impression's CAD-RADS category below the band of the highest coronary stenosis the findings state (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"{given} is below the category of the {highest:g}% coronary stenosis the findings state "
                      f"(CAD-RADS {grades.cad_rads_band(highest)}, CAD-RADS 2.0).", 0.7, "cad-rads-stenosis")
            for given, highest, start, end in grades.cad_rads_undercalled(data.report, data.language)]


def _deauville_against_uptake(data: CheckInput) -> list[Candidate]:
    """An impression's Deauville score that the highest lesion uptake the findings state, against their reference regions,
    does not fit (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"Deauville {given} does not fit the highest lesion SUVmax the findings state ({highest:g}) "
                      f"against their mediastinal blood pool and liver: Deauville {fits} (Lugano 2014).", 0.7,
                      "deauville-uptake")
            for given, highest, fits, start, end in grades.deauville_contradicted(data.report)]


def _lung_rads_against_size(data: CheckInput) -> list[Candidate]:
    """An impression's Lung-RADS category below the size band of the screen's solid nodule (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"Lung-RADS {given} is below the category of a {mean:g} mm solid nodule on a baseline "
                      f"screen ({band}, Lung-RADS v2022).", 0.7, "lung-rads-size")
            for given, band, mean, start, end in grades.lung_rads_undercalled(data.report)]


def _category_against_features(data: CheckInput) -> list[Candidate]:
    """A Bosniak or LI-RADS category the report's own stated features rule out, either way for Bosniak and LI-RADS,
    or a liver diagnosis its enhancement does (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"Bosniak {given} needs enhancement; the findings state the cystic mass does not enhance "
                      "(Bosniak v2019).", 0.7, "bosniak-enhancement")
            for given, start, end in grades.bosniak_without_enhancement(data.report, data.language)] + [
        candidate(data.report, "findings_impression_mismatch", start, end,
                  f"Bosniak {given} is ruled out by the findings' \"{nodule}\": an enhancing nodule makes a cystic renal "
                  "mass Bosniak III or IV (Bosniak v2019).", 0.7, "bosniak-nodule")
        for given, nodule, start, end in grades.bosniak_below_enhancing_nodule(data.report, data.language)] + [
        candidate(data.report, "findings_impression_mismatch", start, end,
                  f"Bosniak {given} is ruled out by the findings' \"{wall}\": an enhancing wall or septum 4 mm thick or "
                  "more makes a cystic renal mass Bosniak III (Bosniak v2019).", 0.7, "bosniak-thick-wall")
        for given, wall, start, end in grades.bosniak_below_thick_enhancing_wall(data.report, data.language)] + [
        candidate(data.report, "findings_impression_mismatch", start, end,
                  f"LR-5 is ruled out: {why} (LI-RADS v2018).", 0.7, "lr5-features")
        for why, start, end in grades.lr5_against_features(data.report, data.language)] + [
        candidate(data.report, "findings_impression_mismatch", start, end,
                  f"{given} is ruled out: the findings describe {features}, which is LR-5 (LI-RADS v2018).", 0.7,
                  "lr5-undercalled")
        for given, features, start, end in grades.lr5_undercalled(data.report, data.language)] + [
        candidate(data.report, "findings_impression_mismatch", start, end,
                  f"\"{given}\" is ruled out by the findings' {described}: a haemangioma fills in towards the centre "
                  "and does not wash out (LI-RADS v2018, LR-1).",
                  0.7, "liver-enhancement")
        for given, described, start, end in grades.liver_diagnosis_against_enhancement(data.report, data.language)]


# Adrenal washout at 15 minutes (ACR white paper on the incidental adrenal mass, 2017): an adenoma washes out, 60% or
# more absolute or 40% or more relative; one of 10 HU or less unenhanced is a lipid-rich adenoma whatever it does. An
# impression calling the adrenal nodule an adenoma ("廓清率符合腺瘤", "consistent with a lipid-poor adenoma") while every
# washout the findings state lies clearly below its threshold (by more than an approximate value's spread), and the
# findings give it no unenhanced attenuation of 10 HU or less, contradicts their own figures. An adenoma the clause
# denies, doubts or sets against the figures ("不符合腺瘤", "not an adenoma", "可能") is no claim. A washout is its own
# gland's: a left adenoma washing out clears no right adrenal mass (`_washouts_on_its_side`).
_ADENOMA_WASHOUT = {"absolute": 60.0, "relative": 40.0}
_LIPID_RICH_HU = 10.0
_ADENOMA = {"en": re.compile(r"\badenomas?\b", re.I), "zh": re.compile(r"腺瘤")}
_ADRENAL = {"en": re.compile(r"\badrenal\b", re.I), "zh": re.compile(r"肾上腺")}
_NOT_CLAIMED = {"en": re.compile(r"\b(?:not|non|nor|rather than|against|unlike|atypical|indeterminate)\b", re.I),
                "zh": re.compile(r"不|非|除外|待定")}


def _adenoma_against_washout(data: CheckInput) -> list[Candidate]:
    """Each adenoma an impression sentence about the adrenal affirms while the findings' washouts rule one out."""
    language = data.language
    unenhanced = phase_attenuations(data).get("unenhanced")
    if unenhanced is not None and unenhanced <= _LIPID_RICH_HU:
        return []
    found = []
    for sentence in data.report.in_section("impression"):
        if not _ADRENAL[language].search(sentence.text):
            continue
        for match in _ADENOMA[language].finditer(sentence.text):
            clause = sentence.clause_at(sentence.start + match.start())
            if (_NOT_CLAIMED[language].search(clause.text) or _HEDGED[language].search(clause.text)
                    or not grades.affirmed(_ADENOMA[language], clause.text, language)):
                continue
            stated = _washouts_on_its_side(data, clause if sides(clause, language) else sentence)
            if not stated or any(value >= _ADENOMA_WASHOUT[kind] - grades.APPROXIMATE for kind, value in stated):
                continue
            figures = ", ".join(f"{kind} washout {value:g}%" for kind, value in stated)
            found.append(candidate(data.report, "findings_impression_mismatch", sentence.start + match.start(),
                                   sentence.start + match.end(), f"The impression calls the adrenal nodule an adenoma; "
                                   f"the findings state {figures}, below an adenoma's 60% absolute and 40% relative "
                                   "washout (ACR 2017).", 0.7, "adenoma-washout"))
    return found


def _washouts_on_its_side(data: CheckInput, claim: Span) -> list[tuple[str, float]]:
    """(kind, percentage) of each washout a findings sentence states (`washouts`) on a side CLAIM, the impression's
    words calling an adenoma, may be about (`grades.same_side`): the side its sentence names, else the one the sentence
    before it names, which it goes on describing ("Right adrenal mass 3.5 cm; absolute washout 25%")."""
    findings, language = data.report.in_section("findings"), data.language
    return [(kind, value) for i, s in enumerate(findings)
            if grades.same_side(claim, s if sides(s, language) or i == 0 else findings[i - 1], language)
            for kind, value, _, _ in washouts(s, language)]


# A vessel the impression calls patent ("Patent hepatic artery anastomosis", "移植肾动脉及分支通畅") that a findings clause
# describes as shut ("the donor hepatic artery is abruptly cut off", "下极分支动脉起始部突然截断"): the same vessel, by its
# whole name before "artery" or "vein" ("inferior mesenteric" is not "superior mesenteric", "髂内" not "颈内", "上腔" not
# "下腔"; "hepatic" is "donor hepatic", "肾" is "移植肾"), of the same kind, on a side both may share; a branch is its
# clause's vessel's ("门静脉及分支" are the portal vein's), or any of its kind when the clause names none ("下极分支动脉").
# A vessel shut before and open now ("previously occluded, now recanalised", "较前再通") is patent today, and a
# non-occlusive or partial thrombus ("非闭塞性", "部分闭塞") leaves it open.
_PATENT = {"en": re.compile(r"\bpatent\b", re.I), "zh": re.compile(r"通畅")}
_SHUT = {"en": re.compile(r"\bcut[- ]?off\b|(?<!non-)(?<!non)(?<!non )(?<!partial )(?<!partially )(?<!sub)\bocclu(?:ded|sion|sive)\b|"
                          r"\bthrombosed\b|\bnon-?opacif\w*|\b(?:does|do|did)\s+not\s+opacify\b", re.I),
         "zh": re.compile(r"截断|(?<!非)(?<!部分)(?<!不全)(?<!不完全)闭塞|未见显影|未显影|不显影")}
_SHUT_BEFORE = {"en": re.compile(r"\b(?:previous(?:ly)?|prior|formerly|recanali[sz]\w*|resolved|no\s+longer)\b", re.I),
                "zh": re.compile(r"原|既往|再通|较前")}
_VESSEL_NAMED = {"en": re.compile(r"\b(?P<name>(?:[a-z-]+\s+){0,4}?)(?P<kind>arter(?:y|ies|ial)|veins?|venous)\b|"
                                  r"\b(?P<branch>branch)(?:es)?\b", re.I),
                 "zh": re.compile(r"(?P<name>[\u4e00-\u9fff]{0,6}?)(?P<kind>动脉|静脉)|(?P<branch>分支)")}
# The words of a vessel's name end at a word that names none ("in the main portal vein", "及门静脉"); a side is compared
# apart (`grades.same_side`), and "main" or "trunk" names the vessel itself.
_NOT_A_NAME = {"en": re.compile(r"\b(?:the|an?|and|or|of|in|into|within|with|is|are|was|were|no|its|to|from|at|by|on|"
                                r"beyond|patent|occluded|occlusive|thrombosed|remains?|thrombus|clot|both)\b.*", re.I),
               "zh": re.compile(r".*[及和与、见示并伴其且为在于的]")}
_NOT_NAMING = {"en": re.compile(r"\b(?:left|right|bilateral|main)\b", re.I),
               "zh": re.compile(r"^(?:左右|双侧|两侧|左侧|右侧|左|右|双)")}
_BRANCH_NAME = {"en": re.compile(r"\bbranch(?:es)?$", re.I), "zh": re.compile(r"分支$")}


def _vessels_named(span: Span, language: str) -> set[tuple[object, str | None]]:
    """The vessels SPAN names as (name, kind): the words of the name ({"superior", "mesenteric"}, "移植肾") and "artery"
    or "vein" ("art", "vein", "动脉", "静脉"); a branch is its clause's vessel's, or (None, kind) when none is named."""
    named, branches = [], []
    for m in _VESSEL_NAMED[language].finditer(span.text):
        if m.group("branch"):
            branches.append(None)
            continue
        kind = m.group("kind").lower()
        kind = "vein" if kind.startswith("ven") else kind[:3] if language == "en" else kind
        if language == "en":
            # read back from the vessel word, so that a word naming none cuts off what comes before it
            words = _NOT_A_NAME["en"].sub("", " ".join(reversed(m.group("name").split())))
            name = frozenset(_NOT_NAMING["en"].sub("", words).split())
        else:
            name = _NOT_NAMING["zh"].sub("", _NOT_A_NAME["zh"].sub("", m.group("name")))
        if not name or _BRANCH_NAME[language].search(m.group("name").strip()):
            branches.append(kind)
        else:
            named.append((name, kind))
    found = set(named)
    for kind in branches:
        found |= {(n, k) for n, k in named if kind in (None, k)} or {(None, kind)}
    return found


def _same_name(one: object, other: object, language: str) -> bool:
    """One vessel's name and another's: one holds all the other's words ("hepatic" and "donor hepatic"), or in Chinese
    ends the other ("肾" and "移植肾")."""
    if one is None or other is None:
        return True
    if language == "en":
        return one <= other or other <= one
    return one.endswith(other) or other.endswith(one)


def _one_vessel(here: set, there: set, language: str) -> bool:
    return any(_same_name(a, c, language) and (None in (b, d) or b == d) for a, b in here for c, d in there)


def _patent_vessel_the_findings_occlude(data: CheckInput) -> list[Candidate]:
    """Each vessel an impression clause affirms patent (`_PATENT`) that a findings clause names and affirms shut
    (`_SHUT`), and does not say was shut before (`_SHUT_BEFORE`)."""
    language = data.language
    shut = [(clause, _vessels_named(clause, language)) for s in data.report.in_section("findings") for clause in s.clauses()
            if grades.affirmed(_SHUT[language], clause.text, language) and not _SHUT_BEFORE[language].search(clause.text)]
    found = []
    for sentence in data.report.in_section("impression") if shut else []:
        for clause in sentence.clauses():
            if not grades.affirmed(_PATENT[language], clause.text, language) or _HEDGED[language].search(clause.text):
                continue
            here = _vessels_named(clause, language)
            there = [c for c, named in shut if _one_vessel(here, named, language) and grades.same_side(clause, c, language)]
            if there:
                found.append(candidate(data.report, "findings_impression_mismatch", clause.start,
                                       clause.start + len(clause.text.rstrip(" .;。；")),
                                       f"The impression calls it patent; the findings describe it shut: "
                                       f"\"{quoted(there[0].text)}\".", 0.7, "patent-against-occlusion"))
    return found


# A mass the findings place at the treated site ("abuts the anastomotic staple line", "in the nephrectomy bed",
# "吻合口旁") and call new or growing, in its own clause, is a local recurrence until proven otherwise: an impression denying recurrence
# beside it contradicts its findings. Soft tissue there not called new or growing may be post-operative, and a new
# nodule elsewhere is no recurrence at the site (`relations.site_bound`): both are left alone.
_TREATED_SITE = {
    "en": re.compile(r"\b(?:anastomo\w*|staple line|suture line|(?:surgical|operative|resection|tumou?r|\w+ectomy) bed)\b",
                     re.I),
    "zh": re.compile(r"吻合口|术区|术床|残端"),
}
_NEW_OR_GROWING = {
    "en": re.compile(rf"\b(?:{grades.NEW_WORDS['en']}|enlarging|increasing|increased in size|growing|grown)\b", re.I),
    "zh": re.compile(rf"{grades.NEW_WORDS['zh']}|较前增大"),
}
_A_MASS = {"mass", "nodule", "lesion"}


def _recurrence_denied_beside_new_mass(data: CheckInput, stated: list[Entity],
                                       concluded: list[Entity]) -> list[Candidate]:
    growing = [f for f in stated if not f.negated and not f.hedged and kind(f.finding) in _A_MASS
               and _TREATED_SITE[data.language].search(f.clause.text)
               and _NEW_OR_GROWING[data.language].search(f.clause.text)]
    if not growing:
        return []
    return [_flag(data, e, f"The impression denies {_name(data, e)}; the findings describe a new or growing mass at "
                           f"the treated site: \"{quoted(growing[0].sentence.text)}\".", 0.7, "recurrence-denied")
            for e in concluded if e.negated and e.finding == "recurrence"]


# A new lesion is progression (RECIST 1.1; Lugano 2014 for lymphoma): an impression denying progression ("no evidence of
# progression", "no progressive disease", "未见进展") beside a new mass, nodule, lesion, metastasis or node the findings
# describe plainly ("New 1.6 cm left external iliac node", "肝内新发结节") contradicts them. A new lesion the findings
# hedge anywhere in its sentence ("possibly inflammatory", "likely reactive") or call benign by name (a cyst) is left
# alone; so is an impression that sums up the response without denying progression.
_PROGRESSION_DENIED = {
    "en": re.compile(r"\b(?:no|without)\s+(?:\w+\s+){0,3}?(?:progression|progressive\s+disease)\b", re.I),
    "zh": re.compile(r"(?:未见|无|没有)(?:明显|明确)?(?:疾病|病情|肿瘤)?进展"),
}
_A_NEW_LESION = _A_MASS | {"metastasis", "lymphadenopathy"}


def _progression_denied_beside_new_lesion(data: CheckInput, stated: list[Entity]) -> list[Candidate]:
    """Each denial of progression in the impression (`_PROGRESSION_DENIED`), when the findings describe a new lesion
    plainly: its appearance alone is progression, whatever the target sum did."""
    new = [f for f in stated if not f.negated and not f.hedged and kind(f.finding) in _A_NEW_LESION
           and not doubted(f.sentence, data.language) and not _HEDGED[data.language].search(f.sentence.text)
           and grades.affirmed(grades.NEW_LESION[data.language], f.clause.text, data.language)]
    if not new:
        return []
    return [candidate(data.report, "findings_impression_mismatch", sentence.start + m.start(), sentence.start + m.end(),
                      f"The impression denies progression; the findings describe a new lesion, which is progression "
                      f"(RECIST 1.1, Lugano): \"{quoted(new[0].sentence.text)}\".", 0.7, "progression-denied")
            for sentence in data.report.in_section("impression")
            for m in _PROGRESSION_DENIED[data.language].finditer(sentence.text)]


def _larynx_understaged(data: CheckInput) -> list[Candidate]:
    """A laryngeal or hypopharyngeal carcinoma's T category below the one its stated extent sets (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"{given} is below the category the findings' \"{feature}\" sets: through the thyroid cartilage "
                      "or beyond the larynx is T4a, a fixed cord T3 (AJCC 8th).", 0.7,
                      "larynx-t-category")
            for given, feature, start, end in grades.larynx_t_understaged(data.report, data.language)]


# A benign diagnosis the features the findings state rule out. A simple cyst has no solid part, and a cystic lesion
# called a serous cystadenoma or free of high-risk features ("no high-risk stigmata", "未见高危征象") has no enhancing
# mural nodule (Fukuoka 2017: high-risk stigmata): so each is held to an enhancing nodule or solid component the
# findings state in its organ, on its side. A bone cyst or an enchondroma does not break through the cortex into a
# soft-tissue mass nor raise a Codman triangle or a sunburst periosteal reaction, which mark an aggressive lesion.
_BENIGN_CYSTIC = {
    "en": re.compile(r"\bsimple\s+cysts?\b|\bserous\s+cystadenomas?\b|\bno\s+(?:high-risk|worrisome)\s+"
                     r"(?:stigmata|features)\b", re.I),
    "zh": re.compile(r"单纯(?:性)?囊肿|浆液性囊腺瘤|(?:未见|无)(?:明确)?高危(?:征象|特征)"),
}
_SOLID_PART = {
    "en": re.compile(grades.ENHANCING_NODULE["en"].pattern + r"|\benhancing\s+solid\s+(?:component|part)s?\b|"
                     r"\bsolid\s+(?:component|part)s?\s+(?:that\s+)?enhanc\w*", re.I),
    "zh": re.compile(grades.ENHANCING_NODULE["zh"].pattern + r"|实性(?:部分|成分)[^。；;未无]{0,12}?强化"),
}
_BENIGN_BONE = {"en": re.compile(r"(?<!aneurysmal )\bbone\s+cysts?\b|\benchondromas?\b", re.I),
                "zh": re.compile(r"(?<!动脉瘤样)骨囊肿|内生软骨瘤")}
_AGGRESSIVE_BONE = {
    "en": re.compile(r"\bCodman\b|\bsun-?(?:burst|ray)\b|\bcortical\s+(?:breach|destruction|break\w*)\b"
                     r"[^.;]*\bsoft[- ]tissue\s+(?:mass|component)", re.I),
    "zh": re.compile(r"Codman|日光(?:放射)?状|骨皮质(?:中断|破坏)[^。；;]*软组织肿块"),
}
# The other way, a renal mass with macroscopic fat ("fat density", "-45 HU", "脂肪密度") and no calcification is an
# angiomyolipoma, benign (a renal cell carcinoma holds fat only beside calcification, and rarely): a renal cell
# carcinoma named for it is ruled out.
_RENAL_CARCINOMA = {"en": re.compile(r"\b(?:renal\s+cell|clear[- ]cell)\s+carcinoma\b|\bRCC\b", re.I),
                    "zh": re.compile(r"肾(?:透明细胞)?癌|透明细胞癌")}
_NEGATIVE_HU = r"(?<![\d.])[-−]\s?[1-9]\d{1,2}\s*HU\b"
_MACROSCOPIC_FAT = {
    "en": re.compile(rf"\bmacroscopic\s+fat\b|\bfat(?:ty)?\s+(?:attenuation|density)\b|{_NEGATIVE_HU}", re.I),
    "zh": re.compile(rf"脂肪(?:密度|成分)|含脂|{_NEGATIVE_HU}"),
}
_CALCIFICATION = {"en": re.compile(r"\bcalcif\w*", re.I), "zh": re.compile(r"钙化")}
# A typical (definite) UIP pattern needs honeycombing (ATS/ERS/JRS/ALAT 2018, Fleischner 2018): findings denying it
# leave a probable UIP at most, which a "probable" or "indeterminate" impression says.
_TYPICAL_UIP = {"en": re.compile(r"\b(?:definite|typical)\s+(?:UIP|usual interstitial pneumonia)\b|"
                                 r"(?<!probable )(?<!possible )(?<!for )(?<!for a )\bUIP\s+pattern\b", re.I),
                "zh": re.compile(r"(?:典型|确定)(?:的)?(?:UIP|普通型间质性肺炎)")}
_NO_HONEYCOMBING = {"en": re.compile(r"\b(?:no|without)\s+(?:\w+\s+){0,2}?honeycomb\w*", re.I),
                    "zh": re.compile(r"(?:未见|无)(?:明显|明确)?蜂窝")}
_HONEYCOMBING = {"en": re.compile(r"(?<!no )\bhoneycomb\w*", re.I), "zh": re.compile(r"(?<!未见)(?<!无)蜂窝")}
# Gas the findings describe in an organ or its wall ("gas locules within the collecting system", "胆囊壁积气"), the mark
# of an emphysematous infection, against an impression saying there is none ("no gas", "未见积气"); a denial placing
# the gas elsewhere ("no gas in the portal veins") is about that place, and left alone.
_GAS_DENIED = {"en": re.compile(r"\b(?:no|without)\s+(?:intra\w+\s+|parenchymal\s+|mural\s+|abnormal\s+)?gas\b"
                                r"(?!\s+(?:in|within|pattern)\b)", re.I),
               "zh": re.compile(r"(?:未见|无)(?:明显|明确)?(?:异常)?(?:积气|气体)")}
_GAS_DESCRIBED = {"en": re.compile(r"\bgas\s+(?:locules?|bubbles?|foci)\b|\b(?:locules?|foci|bubbles?)\s+of\s+gas\b|"
                                   r"\bemphysematous\b", re.I),
                  "zh": re.compile(r"积气|气体影|气泡影")}
# A Stanford type B dissection spares the ascending aorta: a flap in the ascending aorta, or a DeBakey type I or II
# dissection (which begin there), is Stanford type A by definition (Daily et al. 1970; ESC 2014 aortic guidelines). A
# flap the findings say spares the ascending aorta, or begins beyond it, is no such feature.
_STANFORD_B = {"en": re.compile(r"\bStanford\s+(?:type\s+)?B\b|\btype\s+B\s+(?:aortic\s+)?dissection\b", re.I),
               "zh": re.compile(r"Stanford\s*B型?|B型(?:主动脉)?夹层", re.I)}
_DENIED_THERE = r"\bspar|\bnot\b|\bno\b|\bdistal\b|\bbeyond\b|\bwithout\b|\bnormal\b|\buninvolved\b|\bfree\b|\bclear\b"
# Another segment of the aorta or a branch named between the ascending aorta and "dissected" is what is dissected
# ("Ascending aorta 36 mm, descending aorta dissected from the left subclavian artery").
_OTHER_SEGMENT = r"\bdescending\b|\barch\b|\babdominal\b|\bthoracic\b|\bsubclavian\b|\biliac\b|\bc(?:o)?eliac\b"
_NOT_THERE = rf"(?:(?!{_DENIED_THERE})[^.;])"
_NOR_ELSEWHERE = rf"(?:(?!{_DENIED_THERE}|{_OTHER_SEGMENT})[^.;])"
_ASCENDING_INVOLVED = {
    "en": re.compile(rf"\b(?:intimal\s+flap|flap|dissection){_NOT_THERE}{{0,60}}\b(?:in|into|involv\w*|within|from|of)\s+"
                     rf"(?:the\s+)?(?:proximal\s+|mid\s+)?ascending\s+aorta\b"
                     rf"|\bascending\s+aorta\b{_NOR_ELSEWHERE}{{0,40}}\b(?:intimal\s+)?(?:flap|dissect\w*)"
                     r"|\bDeBakey\s+(?:type\s+)?(?:I{1,2}|[12])(?![IV\d])", re.I),
    "zh": re.compile(r"升主动脉(?:(?!未|无|不|正常)[^。；，,])*?(?:内膜片|内膜瓣|夹层|破口)|(?:内膜片|内膜瓣|破口)[^。；，,未无不]{0,20}升主动脉"
                     r"|DeBakey\s*(?:I{1,2}|Ⅰ|Ⅱ|[12])(?![IVⅠⅡⅢ\d])型?", re.I),
}
# A pulmonary embolus is named by the most proximal artery it reaches: an isolated subsegmental one has none in a segmental,
# lobar or main pulmonary artery (ESC 2019 acute PE guidelines), so an impression calling it subsegmental beside a filling
# defect the findings put in one of those ("filling defects in the right interlobar artery", "右肺下叶段动脉内见充盈缺损")
# understates it. An impression naming the segmental level beside the subsegmental one ("segmental and subsegmental
# emboli") does not, nor do arteries denied between ("embolus with no clot in the main, lobar or segmental arteries") or
# a lobe's artery named before the subsegmental branch that holds the clot ("右肺下叶肺动脉亚段分支内见充盈缺损").
_SUBSEGMENTAL_EMBOLUS = {
    "en": re.compile(r"(?<!\bno )(?<!without )(?<!and )(?<!or )(?<!/)\bsubsegmental\s+(?:pulmonary\s+)?(?:arter(?:y|ial)\s+)?"
                     r"(?:emboli|embolus|embolism|PE|filling\s+defects?|thrombus|thrombi)\b", re.I),
    "zh": re.compile(r"(?<!段及)(?<!段和)(?<!段、)(?<!未见)(?<!无)亚段(?:肺)?(?:动脉)?(?:分支)?(?:肺)?(?:栓塞|栓子|血栓|充盈缺损)"),
}
_PROXIMAL_EMBOLUS = {
    "en": re.compile(r"\b(?:filling\s+defects?|emboli|embolus|embolism|thrombus|thrombi|clot)\b"
                     r"(?:(?!\b(?:no|not|without|nor)\b)[^.;]){0,40}?"
                     r"\b(?:saddle|main|segmental|(?:inter)?lobar|pulmonary\s+trunk)\b|"
                     r"\b(?:saddle|segmental|(?:inter)?lobar|main\s+pulmonary)\s+(?:pulmonary\s+)?(?:arter\w+\s+)?"
                     r"(?:filling\s+defects?|emboli|embolus|embolism|thrombus|thrombi|PE)\b", re.I),
    "zh": re.compile(r"(?:肺动脉(?:主干|干)|[左右]肺动脉|叶(?:间)?(?:肺)?动脉|(?<!亚)段(?:肺)?动脉)(?:(?!未|无|亚段)[^，。；,;]){0,12}"
                     r"(?:充盈缺损|栓子|血栓|栓塞)|(?:充盈缺损|栓子|血栓)[^，。；,;]{0,12}"
                     r"(?:肺动脉(?:主干|干)|[左右]肺动脉|叶(?:间)?(?:肺)?动脉|(?<!亚)段(?:肺)?动脉)"),
}
# (diagnosis, the features ruling it out, whether they must be in an organ the impression names, features that
# reopen it in the same findings sentence): a bone cyst's or enchondroma's words name no organ the lexicon knows
# ("distal femoral metadiaphysis").
_RULED_OUT_BY = ((_BENIGN_CYSTIC, _SOLID_PART, True, None), (_BENIGN_BONE, _AGGRESSIVE_BONE, False, None),
                 (_RENAL_CARCINOMA, _MACROSCOPIC_FAT, True, _CALCIFICATION),
                 (_TYPICAL_UIP, _NO_HONEYCOMBING, False, _HONEYCOMBING), (_GAS_DENIED, _GAS_DESCRIBED, False, None),
                 (_STANFORD_B, _ASCENDING_INVOLVED, False, None), (_SUBSEGMENTAL_EMBOLUS, _PROXIMAL_EMBOLUS, False, None))


def _diagnosis_against_its_features(data: CheckInput) -> list[Candidate]:
    """An impression's diagnosis that features the findings state rule out (`_RULED_OUT_BY`)."""
    language, findings_ = data.language, data.report.in_section("findings")
    found = []
    for sentence in data.report.in_section("impression"):
        for pattern, features, same_organ, unless in _RULED_OUT_BY:
            claim = pattern[language].search(sentence.text)
            if not claim:
                continue
            named = {m.key for m in organs(sentence, language)}
            there = [(s, m) for s in findings_ for m in grades.affirmed(features[language], s.text, language)
                     if grades.same_side(sentence, s, language)
                     and (not same_organ or named & {m.key for m in organs(s, language)})
                     and not (unless and grades.affirmed(unless[language], s.text, language))]
            if there:
                found.append(candidate(data.report, "findings_impression_mismatch", sentence.start + claim.start(),
                                       sentence.start + claim.end(),
                                       f"\"{claim.group(0)}\" is ruled out by the findings' \"{there[0][1].group(0)}\": "
                                       f"\"{quoted(there[0][0].text)}\".", 0.7, "diagnosis-against-features"))
    return found


# A diagnosis the impression rules out, or calls acute, beside the signs that make it, which the findings state together in
# one sentence: dilated bowel loops with air-fluid levels are a bowel obstruction; a gallbladder's thickened wall with its
# distension or the fat around it stranded is an acute cholecystitis (Tokyo Guidelines 2018); and an atrophic pancreas
# calcified or with a beaded duct, with the fat around it clear, is a chronic pancreatitis, which an acute (oedematous) pancreatitis is not (revised Atlanta 2012: it needs
# peripancreatic inflammation). Each row: (the impression's statement, the signs, what anywhere in the findings or the
# impression explains the signs otherwise, the diagnosis the impression may state elsewhere, which makes its denial one
# of a narrower kind: "Small bowel obstruction. No large bowel obstruction."; another organ's obstruction, "Non-obstructing
# renal calculus", is not one): an ileus, or an enteritis with gas
# throughout the colon, dilates bowel without an obstruction; ascites, cirrhosis, hepatitis, heart failure,
# hypoalbuminaemia or a pancreatitis thicken the gallbladder wall; peripancreatic inflammation stated makes it an
# acute-on-chronic pancreatitis (which "chronic" before "acute" names, left alone). Only an affirmed, current acute
# pancreatitis is a claim: one denied ("No acute pancreatitis") or in the past ("History of acute pancreatitis") is not.
_EVIDENCE_OF = r"(?:(?:CT|radiological|imaging)\s+)?(?:(?:evidence|signs?|features)\s+(?:of|for)\s+)?"
_SIGNS_OF_A_DIAGNOSIS = (
    ({"en": re.compile(rf"\b(?:no|without)\s+{_EVIDENCE_OF}(?:(?:small|large)\s+)?(?:bowel\s+)?obstruction\b", re.I),
      "zh": re.compile(r"(?:未见|无)(?:明显|明确)?(?:肠梗阻|梗阻)")},
     {"en": (re.compile(r"\b(?:dilated|distended)\s+(?:(?:small|large)[- ])?(?:bowel|jejun\w*|ile\w*|loops?)\b|"
                        r"\b(?:bowel|loops?)\s+(?:\w+\s+){0,3}?(?:dilated|distended)\b", re.I),
             re.compile(r"\b(?:air|gas)[- ]fluid\s+levels?\b", re.I)),
      "zh": (re.compile(r"(?:小肠|肠管|肠腔|肠袢)[^，。；]{0,4}(?:扩张|扩大)"), re.compile(r"气液平面?|液气平面?"))},
     {"en": re.compile(r"\b(?:ileus|paralytic|adynamic|pseudo-?obstruction|(?:gastro)?enteritis)\b|"
                       r"\b(?:gas|air)\s+throughout\s+(?:the\s+)?(?:colon|large\s+bowel)\b", re.I),
      "zh": re.compile(r"麻痹|动力性|假性梗阻|肠炎|结肠[^，。；]{0,4}(?:积气|充气)")},
     {"en": re.compile(r"\bbowel\s+obstruct\w*|\bobstructed\s+(?:(?:small|large)\s+)?bowel\b|\b[SL]BO\b", re.I),
      "zh": re.compile(r"肠梗阻")}),
    ({"en": re.compile(rf"\b(?:no|without)\s+{_EVIDENCE_OF}(?:acute\s+)?(?:calculous\s+)?cholecystitis\b", re.I),
      "zh": re.compile(r"(?:未见|无)(?:明显|明确)?(?:急性)?胆囊炎|胆囊(?:未见|无)(?:明显|明确)?(?:急性)?炎(?:症|性)")},
     {"en": (re.compile(r"\bgall\s?bladder\b", re.I),
             re.compile(r"\bwall\s+(?:\w+\s+){0,2}?(?:thickening|thickened|oedema\w*|edema\w*)|\bthickened\s+(?:\w+\s+)?wall", re.I),
             re.compile(r"\b(?:distended|distension|distention|hydrops)\b|\bpericholecystic\s+(?:fat\s+)?(?:stranding|"
                        r"inflammat\w*)|\bstranding\b", re.I)),
      "zh": (re.compile(r"胆囊"), re.compile(r"壁[^，。；]{0,6}增厚"),
             re.compile(r"胆囊(?:明显)?(?:增大|肿大|扩张)|周围[^，。；]{0,6}(?:渗出|模糊)"))},
     {"en": re.compile(r"\bascites\b|\bcirrho\w*|\bhepatitis\b|\bheart\s+failure\b|\bhypoalbumin\w*|\bpancreatitis\b",
                       re.I),
      "zh": re.compile(r"腹水|腹腔积液|肝硬化|肝炎|心衰|心功能不全|低蛋白|胰腺炎")},
     {"en": re.compile(r"\bcholecystitis\b", re.I), "zh": re.compile(r"胆囊炎")}),
    ({"en": re.compile(r"(?<!chronic )\bacute\s+(?:(?:interstitial|oedematous|edematous)\s+)?pancreatitis\b", re.I),
      "zh": re.compile(r"(?<!慢性)急性(?:间质)?(?:水肿性)?胰腺炎")},
     {"en": (re.compile(r"\bpancrea\w*", re.I), re.compile(r"\batroph\w*", re.I),
             re.compile(r"\bcalcif\w*|\bbeaded\b|\bductal\s+(?:stones?|calculi)", re.I)),
      "zh": (re.compile(r"胰"), re.compile(r"萎缩"), re.compile(r"钙化|串珠|胰管[^，。；]{0,6}结石"))},
     {"en": re.compile(r"\b(?:peri)?pancreatic\s+(?:fat\s+)?(?:stranding|oedema|edema|inflammat\w*|fluid)|\bstranding\b",
                       re.I),
      "zh": re.compile(r"渗出|脂肪间隙模糊|胰周[^，。；]{0,4}(?:积液|水肿)|胰腺[^，。；]{0,4}(?:肿胀|水肿)")},
     None),
)
# What the patient had before is no diagnosis of today: (the words before the diagnosis, those after it) that put it in
# the past ("History of acute pancreatitis in 2019", "Prior episode of acute pancreatitis", "既往有急性胰腺炎",
# "急性胰腺炎病史"). A "known" one is still there ("Known acute pancreatitis, now worse").
_IN_THE_PAST = {"en": (re.compile(r"\b(?:history\s+of|h/o|(?:prior|previous|past|recurrent)(?:\s+(?:episodes?|bouts?|"
                                  r"attacks?)\s+of)?)\s+$", re.I),
                       re.compile(r"\s*(?:history\b|in\s+the\s+past\b)", re.I)),
                "zh": (re.compile(r"(?:既往(?:有|患)?|病史|曾患?|曾有)\s*$"), re.compile(r"\s*病?史"))}


def _in_the_past(claim: re.Match, text: str, language: str) -> bool:
    """Whether the words around CLAIM in TEXT put it in the patient's past (`_IN_THE_PAST`)."""
    before, after = _IN_THE_PAST[language]
    return bool(before.search(text[: claim.start()]) or after.match(text, claim.end()))


def _diagnosis_against_its_signs(data: CheckInput) -> list[Candidate]:
    """Each impression sentence ruling out a diagnosis, or calling it acute, beside a findings sentence stating every sign
    that makes it (`_SIGNS_OF_A_DIAGNOSIS`), when nothing stated in either section explains the signs otherwise: the
    whole statement, which the diagnosis's absence or acuteness qualifies ("肠套叠，未见肠梗阻征象")."""
    language, findings_ = data.language, data.report.in_section("findings")
    said = findings_ + data.report.in_section("impression")
    found = []
    impression = data.report.in_section("impression")
    for claimed, signs, otherwise, stated in _SIGNS_OF_A_DIAGNOSIS:
        if any(grades.affirmed(otherwise[language], s.text, language) for s in said) or (
                stated and any(grades.affirmed(stated[language], s.text, language) for s in impression)):
            continue
        there = [s for s in findings_ if all(grades.affirmed(sign, s.text, language) for sign in signs[language])]
        for sentence in impression if there else []:
            # a denial row's claim is its denial; an affirmation row's claim counts only affirmed and current
            claims = claimed[language].finditer(sentence.text) if stated else (
                m for m in grades.affirmed(claimed[language], sentence.text, language)
                if not _in_the_past(m, sentence.text, language))
            for claim in claims:
                found.append(candidate(data.report, "findings_impression_mismatch", sentence.start,
                                       sentence.start + len(sentence.text.rstrip(" .;。；")),
                                       f"\"{claim.group(0)}\" is against the signs the findings state together: "
                                       f"\"{quoted(there[0].text)}\".", 0.7, "diagnosis-against-signs"))
    return found


# A feature the impression gives its diagnosis ("burst fracture with retropulsion", "骨折伴椎体后缘骨块突入椎管"), in words
# the findings deny as they stand ("no retropulsion", "未见椎体后缘骨块突入椎管"), about the same organ on the same side
# (`_may_share_an_organ`).
_WITH_FEATURE = {"en": re.compile(r"\b(?:with|showing)\s+((?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]{4,})\s*(?=[.;,)]|\band\b|$)", re.I),
                 "zh": re.compile(r"伴(?:有)?([^，。；,;、（）()及和]{2,12}?)(?=[，。；,;、（）()及和]|$)")}
_DENIED_FEATURE = {"en": r"\b(?:no|without)\s+{}\b", "zh": r"(?:未见|无)(?:明显|明确)?{}"}


def _feature_the_findings_deny(data: CheckInput) -> list[Candidate]:
    """A feature the impression attributes to its diagnosis that the findings deny in the same words (`_WITH_FEATURE`)."""
    language, findings_ = data.language, data.report.in_section("findings")
    found = []
    for sentence in data.report.in_section("impression"):
        named = {m.key for m in organs(sentence, language)}
        for claim in _WITH_FEATURE[language].finditer(sentence.text):
            denial = re.compile(_DENIED_FEATURE[language].format(re.escape(claim.group(1))), re.I)
            there = [s for s in findings_ if denial.search(s.text) and grades.same_side(sentence, s, language)
                     and _may_share_an_organ(named, {m.key for m in organs(s, language)})]
            if there:
                found.append(candidate(data.report, "findings_impression_mismatch", sentence.start + claim.start(),
                                       sentence.start + claim.end(),
                                       f"The impression gives it \"{claim.group(1)}\", which the findings deny: "
                                       f"\"{quoted(there[0].text)}\".", 0.7, "feature-denied"))
    return found


# The other way round, a state of an organ the impression denies ("心包未见明显增厚", "No pericardial thickening") in the words a
# findings statement about that organ, on its side, affirms ("心包弥漫性增厚，最厚约7mm"). Only words in which the lexicon
# reads no abnormality: a denied abnormality it knows is the main comparison's, with its stations, hedges and qualifiers;
# nor a word other rules read (`_NOT_A_STATE`: "未见明显异常", "no change", "no progression").
_DENIED_STATE = {"en": re.compile(r"\b(?:no|without)\s+(?:(?:significant|definite|obvious|appreciable|evident)\s+)?"
                                  r"((?:[a-z-]+\s+)?[a-z-]{5,})(?=\s*(?:[.;,)]|$))", re.I),
                 "zh": re.compile(r"(?:未见|无)(?:明显|明确)?([\u4e00-\u9fff]{2})(?=[，。；、,;）)]|$)")}
_NOT_A_STATE = {"en": re.compile(r"\b(?:abnormal\w*|changes?|evidence|progression|recurrence|contrast)\b", re.I),
                "zh": re.compile(r"异常|变化|改变|进展|复发")}


def _state_the_findings_affirm(data: CheckInput) -> list[Candidate]:
    """Each state of an organ the impression denies (`_DENIED_STATE`) that a findings statement naming that organ, on a
    side it may share, affirms in the same words, and does not call resolving (`_RESOLVING`: "has resolved", "较前吸收")."""
    language, found = data.language, []
    for sentence in data.report.in_section("impression"):
        mentioned = organs(sentence, language)
        named = {m.key for m in mentioned}
        for denial in _DENIED_STATE[language].finditer(sentence.text) if named else []:
            word, start, end = denial.group(1), sentence.start + denial.start(), sentence.start + denial.end()
            state_start = end - len(word.split()[-1])  # its last word, the state ("thickening"): no organ ("No liver, ...")
            if _NOT_A_STATE[language].search(word) or any(e.start < end and start < e.end for e in data.entities) or any(
                    m.start < end and state_start < m.end for m in mentioned):
                continue
            said = re.compile(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", re.I)
            there = [s for s in data.report.in_section("findings") if grades.affirmed(said, s.text, language)
                     and not _RESOLVING[language].search(s.text)
                     and named & {m.key for m in organs(s, language)} and grades.same_side(sentence, s, language)]
            if there:
                found.append(candidate(data.report, "findings_impression_mismatch", start, end,
                                       f"The impression denies \"{word}\", which the findings state: "
                                       f"\"{quoted(there[0].text)}\".", 0.7, "state-denied"))
    return found


# An organ the impression says the study did not show ("Appendix not visualised", "阑尾未显示") is one the findings cannot
# have described: when they call it normal or describe it ("Appendix normal"), one section misreports what the images
# show. A findings statement that says so as well ("appendix not seen", "阑尾已切除，未显示") is none.
_NOT_SHOWN = {"en": re.compile(r"\b(?:not\s+(?:well\s+)?(?:visuali[sz]ed|seen|identified)|non-?visuali[sz]ed)\b", re.I),
              "zh": re.compile(r"未(?:见)?显示|未显影|显示不清")}
# The part of an organ a statement names ("pancreatic tail", "upper pole", "right lobe", "胰尾", "钩突", "上极"): an impression
# calling one part unseen says nothing of the findings' other parts called normal ("The pancreatic head and body are
# normal" beside "Pancreatic tail not well visualised"). Both statements are about one organ, so a bare part word is its
# part (`organ_parts`).
_ORGAN_PART = {"en": re.compile(rf"\b(?:{organ_parts.PANCREAS_WORDS}|(?:upper|lower)\s+pole|"
                                r"(?:upper|middle|lower|left|right|caudate)\s+lobe)\b", re.I),
               "zh": re.compile(rf"{organ_parts.PANCREAS['zh'].pattern}|[上下]极|(?:[左右上中下]|尾状)叶")}


def _parts_named(text: str, language: str) -> set[str]:
    """The organ parts TEXT names (`_ORGAN_PART`), in one spelling each."""
    return {" ".join(m.group(0).lower().split()) for m in _ORGAN_PART[language].finditer(text)}


def _unseen_organ_the_findings_describe(data: CheckInput) -> list[Candidate]:
    """Each impression sentence naming no abnormality that calls an organ unseen (`_NOT_SHOWN`), when a findings statement
    about that organ (`subject`), and about the part the impression names if it names one, calls it normal or describes
    an abnormality of it."""
    language, found = data.language, []
    for sentence in data.report.in_section("impression"):
        if not _NOT_SHOWN[language].search(sentence.text) or any(e.sentence.index == sentence.index for e in data.entities):
            continue
        named, parts = {m.key for m in organs(sentence, language)}, _parts_named(sentence.text, language)
        described = [s for s in data.report.in_section("findings") if not _NOT_SHOWN[language].search(s.text)
                     and (not parts or parts & _parts_named(s.text, language))
                     and named & {m.key for m in subject(s, language, data.report.heading_of(s))}
                     and (states_normal(s, language)
                          or any(e.sentence.index == s.index and not e.negated and e.organ in named for e in data.entities))]
        if described:
            found.append(candidate(data.report, "findings_impression_mismatch", sentence.start,
                                   sentence.start + len(sentence.text.rstrip(" .;。；")),
                                   f"The impression says the study did not show it; the findings describe it: "
                                   f"\"{quoted(described[0].text)}\".", 0.7, "unseen-but-described"))
    return found


def _may_share_an_organ(here: set[str], there: set[str]) -> bool:
    """Two statements naming organs HERE and THERE may be about one: they share one, or one of them names none (a
    clause of its own: "posterior cortex intact, no retropulsion")."""
    return not here or not there or bool(here & there)


def _pneumoconiosis_against_large_opacity(data: CheckInput) -> list[Candidate]:
    """A simple or stage I-II pneumoconiosis beside a large opacity the findings measure (`grades`)."""
    return [candidate(data.report, "findings_impression_mismatch", start, end,
                      f"\"{given}\" is ruled out by the large opacity the findings measure ({size}): complicated "
                      "pneumoconiosis, stage III from 20 x 10 mm (GBZ 70-2015, ILO).", 0.7, "pneumoconiosis-stage")
            for given, size, start, end in grades.pneumoconiosis_understaged(data.report, data.language)]


def _device_placed_otherwise(data: CheckInput) -> list[Candidate]:
    """The impression puts a tube's or line's tip in another place than the report's description of it does (its
    findings, or a lines-and-tubes block before them): "ETT tip 3 cm above the carina" then "Endotracheal tube in the
    right main bronchus" (`devices`)."""
    described: dict[str, list[str]] = {}
    for sentence in data.report.sentences:
        if sentence.section != "impression":
            for p in placements(sentence, data.language):
                described.setdefault(p.device, []).append(p.place)
    return [candidate(data.report, "findings_impression_mismatch", p.start, p.end,
                      f"The impression places the {p.device.replace('_', ' ')} in the {p.place}; the report's description "
                      f"of it in the {described[p.device][0]}.", 0.7, "device-placed-otherwise")
            for sentence in data.report.in_section("impression") for p in placements(sentence, data.language)
            if p.device in described and p.place not in described[p.device]]


def _impression_calls_normal(data: CheckInput, stated: list[Entity]) -> list[Candidate]:
    """An impression sentence calling an organ normal ("Normal appendix") while the findings describe a
    significant abnormality of it. The operation it opens with ("右肺上叶切除术后，支气管残端未见异常") is history, no
    abnormality of its own that would make the sentence more than a normal statement. A sentence calling one side's
    organ normal ("Normal left kidney", "右肾未见异常") says nothing of the other side's tumour (`sides_given`): a staging
    impression names the contralateral kidney so. Nor does one calling a vein normal of its artery, or the other way round
    (`_artery_and_vein`)."""
    found = []
    for sentence in data.report.in_section("impression"):
        if any(e.sentence.index == sentence.index and not e.negated and group(e.finding) != "resection"
               for e in data.entities):
            continue
        if not states_normal(sentence, data.language):
            continue
        named = organs(sentence, data.language)
        abnormal = [f for f in stated if not f.negated and significance(f.finding) >= 0.5
                    and not spared_by_focal_denial(sentence, f, data.language) and any(
            m.key == f.organ and not leaves_out(data.report.text[m.start : m.end], f.organ,
                                                f.site(data.report.text, data.language), data.language)
            and not _artery_and_vein(data.report.text[m.start : m.end], _organ_word(data, f), data.language)
            for m in named) and _on_a_side_called_normal(data, sentence, f)]
        if abnormal:
            found.append(candidate(data.report, "findings_impression_mismatch", sentence.start, sentence.end,
                                   f"The impression calls the {abnormal[0].organ.replace('_', ' ')} normal; the findings "
                                   f"describe \"{quoted(abnormal[0].sentence.text)}\".", 0.75, "impression-normal"))
    return found


# The two kinds of vessel an organ's or a graft's vessel word names (anatomy.json's vessel_words): "肺静脉回流正常" says
# nothing of a widened pulmonary artery, nor "graft vein patent" of a stenosed graft artery.
_ARTERY = {"en": re.compile(r"\barter(?:y|ies|ial)\b", re.I), "zh": re.compile(r"动脉")}
_VEIN = {"en": re.compile(r"\b(?:veins?|venous)\b", re.I), "zh": re.compile(r"静脉")}


def _artery_and_vein(written: str, other: str, language: str) -> bool:
    """One of the two organ words WRITTEN and OTHER names an artery, the other a vein: two vessels."""
    artery, vein = _ARTERY[language], _VEIN[language]
    return bool(artery.search(written) and vein.search(other) or vein.search(written) and artery.search(other))


def _organ_word(data: CheckInput, entity: Entity) -> str:
    """The organ word ENTITY's statement names, as written ("" when it names none)."""
    return data.report.text[entity.organ_span[0] : entity.organ_span[1]] if entity.organ_span else ""


def _on_a_side_called_normal(data: CheckInput, sentence: Sentence, entity: Entity) -> bool:
    """ENTITY's side is not one SENTENCE leaves out: it names no side, or ENTITY's, or both."""
    said = sides_given(sentence, entity.site(data.report.text, data.language), data.language)
    return not (said and entity.side in ("left", "right") and entity.side not in said and "both" not in said)


def _denied_there(data: CheckInput, denial: Entity, entity: Entity) -> bool:
    """DENIAL is about ENTITY's site: the same one ("No mediastinal lymphadenopathy" does not deny
    retroperitoneal lymphadenopathy), or a space enclosing every site of the organ ("No intracranial
    haemorrhage" denies a subdural one; "No subdural haematoma" leaves room for one in another space).
    Only the organ's enclosing space (`encloses`), not every nesting `within` knows: a denial that flags
    the impression at 0.85 must be plainly about the impression's site. A finding that names its own organ
    denied without an organ word ("No extraluminal gas", "No pneumothorax") is denied wherever it could be:
    the peritoneal cavity around the sigmoid as well."""
    if not denial.organ_named and findings()["findings"][denial.finding].get("site_specific"):
        return True
    return encloses(denial, entity, data.report.text, data.language)


def _at_the_site_denied(data: CheckInput, entity: Entity, affirmed: list[Entity]) -> list[Entity]:
    """A denial naming one part of an organ ("No subdural haematoma") does not contradict findings in
    another part (a subarachnoid haemorrhage, `apart`); nested parts ("extra-axial" and "subdural") and
    findings naming the whole organ or no part of it still meet it."""
    if not entity.negated:
        return affirmed
    return [f for f in affirmed if not apart(f, entity, data.report.text, data.language)]


def _name(data: CheckInput, entity: Entity) -> str:
    return f"\"{data.report.text[entity.start:entity.end]}\""


def _flag(data: CheckInput, entity: Entity, explanation: str, confidence: float, rule: str, span=None) -> Candidate:
    """Evidence is the abnormality term, with the negation it is denied by ("No intracranial haemorrhage":
    "haemorrhage" alone reads as the opposite), or SPAN (the clause, when a grade or count word is the
    error). A hedged term alone still names what the impression raises ("pneumonia" of "cannot exclude
    pneumonia")."""
    if span:
        start, end = span.start, span.end
    else:
        start, end = entity.statement if entity.negated else (entity.start, entity.end)
    return candidate(data.report, "findings_impression_mismatch", start, end, explanation, confidence, rule)


def _unsupported(data: CheckInput, entity: Entity, stated: list[Entity], what: str) -> list[Candidate]:
    """An impression abnormality with no same or related abnormality in its organ in the findings."""
    kin = [f for f in stated if related(f, entity) and not f.negated]
    if kin:
        return _moved_into_an_organ_called_normal(data, entity, kin, stated)
    normal = _called_normal(data, entity, stated)
    if normal or entity.organ is None:
        return normal
    abnormal_there = [f for f in stated if f.organ == entity.organ and not f.negated]
    if abnormal_there:
        return _another_diagnosis(data, entity, abnormal_there, what)
    elsewhere = [f for f in stated if f.finding == entity.finding and not f.negated]
    if elsewhere:
        # Which organ a term belongs to is the parse's weakest guess ("left temporal" bone or lobe): on its
        # own it stays below the operating point.
        return [_flag(data, entity, f"The impression puts {what} in the {entity.organ.replace('_', ' ')}; the "
                                    f"findings describe it elsewhere: \"{quoted(elsewhere[0].sentence.text)}\".",
                      0.45, "other-organ")]
    # Findings that never name the organ at all give the impression's diagnosis nothing to rest on; one they
    # name without this abnormality may just be summed up differently. Fluid or gas free in a body space is
    # described as such or not at all: nothing else in the findings sums up as it, whatever organs they name.
    unmentioned = entity.finding in FREE_IN_A_SPACE or entity.organ_named and not any(
        entity.organ in {m.key for m in organs(s, data.language)} for s in data.report.in_section("findings"))
    cause = _CAUSE_BEFORE.get(data.language)
    if cause and cause.search(data.report.text, entity.clause.start, entity.start):
        return []  # "Maturing myositis ossificans ..., after an old quadriceps contusion": the injury it follows
    return [_flag(data, entity, f"The impression reports {what}, which the findings do not describe.",
                  0.55 if unmentioned else 0.25, "not-in-findings")]


# An injury or illness the impression says is past and names as what the finding it reports followed ("myositis
# ossificans after an old quadriceps contusion", "fibrosis following a previous infection"): the history the findings'
# change comes from, not a finding of this study they would have to describe. An injury not said to be past ("after a
# splenic laceration") is a current finding the findings must support.
_CAUSE_BEFORE = {"en": re.compile(r"\b(?:after|following)\s+(?:an?\s+|the\s+)?(?:previous|prior|old|remote|earlier)\s+"
                                  r"(?:[a-z-]+\s+){0,2}$", re.I)}


# Diagnoses no radiologist names by another: an infarct is never summed up as a haemorrhage, nor a
# fracture as a dissection. Other abnormalities ("lesion", "opacity", "dilatation") may be named either way.
_DISTINCT = {"infarct", "hemorrhage", "fracture", "embolism", "dissection", "pneumothorax", "free_air", "hernia"}


# The false lumen exists only in a dissection: its thrombosis ("complete false-lumen thrombosis", "假腔内血栓形成") is the
# dissection's course, not another diagnosis beside it.
_FALSE_LUMEN = {"en": re.compile(r"\bfalse[- ]lumen\b", re.I), "zh": re.compile(r"假腔")}


def _another_diagnosis(data: CheckInput, entity: Entity, there: list[Entity], what: str) -> list[Candidate]:
    """The impression names one distinct diagnosis where the findings describe only other distinct ones, save a
    thrombus of a dissection's false lumen (`_FALSE_LUMEN`)."""
    here = [f for f in there if sides_compatible(f, entity)]
    if not here or group(entity.finding) not in _DISTINCT or any(group(f.finding) not in _DISTINCT for f in here):
        return []  # the impression may name differently what the findings describe in that organ
    if group(entity.finding) == "embolism" and _FALSE_LUMEN[data.language].search(entity.clause.text) and any(
            group(f.finding) == "dissection" for f in here):
        return []
    return [_flag(data, entity, f"The impression reports {what}; the findings describe another diagnosis there: "
                                f"\"{quoted(here[0].sentence.text)}\".", 0.6, "other-diagnosis")]


# Fresh blood is dense on a CT of the head: an acute intracranial haemorrhage is hyperdense, and a lesion the findings
# describe only as low density there ("右侧小脑半球见片状低密度影") is an infarct or oedema, which an impression calling it a
# haemorrhage misnames. Findings naming anything dense, blood or a haematoma in the report leave it alone, and so does
# an old, chronic or subacute haemorrhage (hypodense or isodense as it ages), or the softening it leaves.
_DENSE = {"en": re.compile(r"\bhyper-?(?:dens|attenuat)\w*|\bhigh[- ](?:density|attenuation)\b|\bblood\b|\bbleed\w*|"
                           r"\bhae?morrhag\w*|\bhae?mato\w*", re.I),
          "zh": re.compile(r"高密度|出血|血肿|积血")}
_LOW_DENSITY = {"en": re.compile(r"\bhypo-?(?:dens|attenuat)\w*|\blow[- ](?:density|attenuation)\b", re.I),
                "zh": re.compile(r"低密度")}
_AGED_BLOOD = {"en": re.compile(r"\b(?:old|chronic|subacute|remote|prior|previous|resolving|evolving)\b|"
                                r"\bencephalomalaci\w*|\bgliosis\b|\bpost-?operative\b", re.I),
               "zh": re.compile(r"陈旧|慢性|亚急性|吸收期|软化|术后|后遗")}
# A haematoma some days old has oedema around it and fades to iso- or low density: a low-density lesion with oedema around
# it ("Hypodense lesion in the left frontal lobe with surrounding oedema", "周围见水肿带") may be an aging haematoma, which
# the impression may call a haemorrhage.
_OEDEMA_AROUND = {"en": re.compile(r"\b(?:surrounding|perilesional|peri\w+)\s+(?:vasogenic\s+)?o?edema\b|"
                                   r"\bo?edema\s+(?:\w+\s+){0,2}?(?:around|surrounding)\b", re.I),
                  "zh": re.compile(r"周围[^，。；]{0,6}水肿|水肿带")}
# A subdural collection is low density from its second week or so, and a report often calls a chronic one a "subdural
# haematoma" without its age ("Hypodense subdural collection" then "Left subdural haematoma"): no fresh blood is claimed.
_SUBDURAL = {"en": re.compile(r"\bsubdural\b|\bSDH\b|\bhygroma\b", re.I), "zh": re.compile(r"硬膜下")}
# The brain, and its vessels' territories ("left MCA territory").
_BRAIN = {"brain", "brain_vessels"}


def _haemorrhage_beside_low_density(data: CheckInput, stated: list[Entity],
                                    concluded: list[Entity]) -> list[Candidate]:
    """Each impression haemorrhage in the brain, not called aged (`_AGED_BLOOD`) nor subdural in its own clause
    (`_SUBDURAL`: a subdural denied beside it, "no subdural haematoma", leaves it a fresh bleed), whose side
    the findings describe only a low-density lesion of the brain on, without oedema around it (`_OEDEMA_AROUND`), when
    no findings sentence names anything dense or any blood (`_DENSE`)."""
    language = data.language
    if any(grades.affirmed(_DENSE[language], s.text, language) for s in data.report.in_section("findings")):
        return []
    found = []
    for entity in concluded:
        if (entity.finding != "hemorrhage" or entity.organ not in _BRAIN or entity.negated or entity.hedged
                or _AGED_BLOOD[language].search(entity.sentence.text)
                or grades.affirmed(_SUBDURAL[language], entity.clause.text, language)):
            continue
        low = [f for f in stated if not f.negated and f.organ in _BRAIN and sides_compatible(f, entity)
               and _LOW_DENSITY[language].search(f.clause.text) and not _OEDEMA_AROUND[language].search(f.sentence.text)]
        if low:
            found.append(_flag(data, entity, f"The impression reports {_name(data, entity)}; the findings describe a "
                                             f"low-density lesion there, and fresh blood is dense on CT: "
                                             f"\"{quoted(low[0].sentence.text)}\".", 0.6, "haemorrhage-low-density"))
    return found


def _moved_into_an_organ_called_normal(data: CheckInput, entity: Entity, kin: list[Entity],
                                       stated: list[Entity]) -> list[Candidate]:
    """KIN, the findings' statements of ENTITY's abnormality or a related one, all name other organs of its family
    ("terminal ileitis" beside "appendicitis"), and a findings statement calls ENTITY's own organ normal by name, on
    its side ("Appendix: normal calibre, no periappendiceal stranding"): the impression put the disease in the organ
    the findings clear, which the kin do not support. Only an organ the impression gives (named, or in its term:
    "appendicitis"), not the one its finding defaults to (a "fracture" is a bone's, which "Nasal bones intact" clears)."""
    if (entity.organ is None or not kin or any(f.organ in (None, entity.organ) for f in kin)
            or not entity.organ_named and entity.organ == findings()["findings"][entity.finding].get("organ")):
        return []
    return _called_normal(data, entity, stated, organ_only=True)


def _called_normal(data: CheckInput, entity: Entity, stated: list[Entity], organ_only: bool = False) -> list[Candidate]:
    """The findings call the impression's organ normal and describe nothing abnormal in it. A normal
    statement about the whole organ covers any part of it; one about a part covers an impression that
    names only the whole organ; two different parts ("ventricles", "subdural space") do not meet. One
    about the study or a body region ("No abnormality detected", "胸部CT平扫未见明显异常") covers every
    organ in it, and an abnormality named without its organ ("Multiple nodules") only when it is about the
    whole study and the findings describe nothing abnormal anywhere; ORGAN_ONLY leaves those out, for findings
    that describe abnormalities in the region, and statements calling the other side's organ normal. A statement
    naming no organ is about the organ of the sub-heading it stands under ("Liver:" then "Normal.")."""
    if any(f.organ == entity.organ or entity.organ is None for f in stated if not f.negated):
        return []
    site = entity.site(data.report.text, data.language)
    if entity.organ is not None and site == entity.organ and family(entity.organ) == "skeleton" \
            and (parts := _parts_named_beside(data, entity)):
        site = parts  # "双侧股骨头坏死（减压性骨坏死）": the bone of "骨坏死" is the femoral head its sentence names
    for sentence in data.report.in_section("findings"):
        if not _normal_apart_from_the_rest(sentence, data.language):
            continue  # "Other tarsal and metatarsal bones normal" beside the navicular's fracture
        heading = data.report.heading_of(sentence)
        sites = subject_sites(sentence, data.report.text, data.language, heading, (entity.organ, site))
        organ_normal = entity.organ is not None and (site in sites or entity.organ in sites or (
            site == entity.organ and any(_part_of(s, entity.organ, data) for s in sites)))
        regions = regions_called_normal(sentence, data.language, heading)
        if organ_only and not organ_normal:
            continue
        if not _on_a_side_called_normal(data, sentence, entity):
            continue  # "Right sacral ala normal" says nothing of the left one the impression calls fractured
        if organ_normal or _in_regions(entity, regions):
            return [_flag(data, entity, f"The impression reports {_name(data, entity)}; the findings call it "
                                        f"normal: \"{quoted(sentence.text)}\".", 0.8, "findings-normal")]
    return []


def _normal_apart_from_the_rest(sentence: Sentence, language: str) -> bool:
    """SENTENCE calls something normal other than "the rest": read statement by statement (each normal clause with
    the clauses listing its subject before it), "Other tarsal and metatarsal bones normal" is about the rest only,
    while "The navicular is normal, otherwise unremarkable" and "左侧骶骨翼骨质未见异常，余骨质未见异常" still call the
    navicular and the left sacral ala normal before going on to the rest."""
    begin = sentence.start
    for clause in sentence.clauses():
        if states_normal(clause, language):
            statement = Span(begin, clause.end, sentence.text[begin - sentence.start : clause.end - sentence.start])
            if not about_the_rest(statement, language):
                return True
            begin = clause.end
    return False


def _in_regions(entity: Entity, regions: set[str]) -> bool:
    if entity.organ is None:
        return regions == every_region()
    return anatomy()[entity.organ]["region"] in regions


def _parts_named_beside(data: CheckInput, entity: Entity) -> str | None:
    """The one part of ENTITY's organ its sentence names, when ENTITY names the organ by its whole word: a finding restated
    in the skeleton's whole word ("femoral head necrosis (dysbaric bone necrosis)", "股骨头坏死（减压性骨坏死）") is about
    that bone, which a normal statement of another bone ("双侧髋臼未见异常") does not clear. Read for the skeleton only,
    whose bones are organs of their own: a brain called normal throughout ("脑实质内未见异常密度影") clears "左侧额叶脑梗死"."""
    text = data.report.text
    parts = {site_of(text[m.start : m.end], entity.organ, data.language) for m in organs(entity.sentence, data.language)
             if m.key == entity.organ} - {entity.organ}
    return parts.pop() if len(parts) == 1 else None


def _part_of(site: str, organ: str, data: CheckInput) -> bool:
    """SITE is one of ORGAN's named parts (its lexicon terms)."""
    return any(site == site_of(t, organ, data.language) for t in anatomy()[organ].get(data.language, []))


def _graded_so_on_the_other_side(data: CheckInput, entity: Entity, grade: str, stated: list[Entity]) -> bool:
    """The findings give ENTITY's abnormality GRADE on the other side ("右侧股总动脉重度钙化 ... 左侧轻度钙化" beside
    "左侧股总动脉重度钙化"): the impression's side slipped, which is the laterality check's error, not a second one
    (`_described_on_the_other_side`)."""
    return any(severity(f.clause, data.language) == grade for f in _on_the_other_side(entity, stated))


# Severity words that grade no disease: "small" and "large" size a nodule or an effusion, "少量" and "大量" an amount of
# fluid, and "明显" also says "evident" ("未见明显异常", "明显强化").
_NOT_A_GRADE = {"small", "tiny", "trace", "large", "massive", "少量", "少许", "中等量", "大量", "明显"}


def _intensity(span: Span, language: str) -> int | None:
    """The gravest grade of disease SPAN gives (`severity`), leaving out the words that grade none (`_NOT_A_GRADE`)."""
    table = findings()["severity"][language]
    levels = [table[word.lower()] for word, _, _ in word_matcher("severity", language).find(span.text)
              if word.lower() not in _NOT_A_GRADE]
    return max(levels, default=None)


def _graded_apart_from_its_organ(data: CheckInput, entity: Entity, stated: list[Entity], what: str) -> list[Candidate]:
    """The impression grades a disease of an organ ("Mild changes of chronic pancreatitis") that the findings describe
    by its signs, not its name, and grade at the other end of the scale in every statement of that organ that grades
    one ("Pancreas: Marked parenchymal atrophy with numerous coarse calcifications"): mild against marked or severe, or
    the other way round. A neighbouring grade (mild and moderate) is a reader's call."""
    grade = _intensity(entity.clause, data.language)
    if grade is None or entity.organ is None or group(entity.finding) == "focal":
        return []
    grades_there = {_intensity(f.sentence, data.language) for f in stated if not f.negated and f.organ == entity.organ}
    grades_there.discard(None)
    if not grades_there or any(abs(g - grade) < 2 for g in grades_there):
        return []
    return [_flag(data, entity, f"The impression grades {what} differently from the findings' description of its organ.",
                  0.6, "severity", entity.clause)]


def _grade_or_count(data: CheckInput, entity: Entity, peer: Entity, what: str, stated: list[Entity]) -> list[Candidate]:
    clause_here, clause_there = entity.clause, peer.clause
    grade_here, grade_there = severity(clause_here, data.language), severity(clause_there, data.language)
    if grade_here and grade_there and grade_here != grade_there:
        if _graded_so_on_the_other_side(data, entity, grade_here, stated):
            return []
        return [_flag(data, entity, f"The impression grades {what} differently from the findings "
                                    f"(\"{quoted(clause_there.text)}\").", 0.7, "severity",
                      clause_here)]
    number_here, number_there = count(entity.sentence, data.language), count(peer.sentence, data.language)
    if number_here and number_there and number_here != number_there and not (
        MANY in (number_here, number_there) and min(number_here, number_there) > 1
    ):
        return [_flag(data, entity, f"The impression counts {what} differently from the findings "
                                    f"(\"{quoted(peer.sentence.text)}\").", 0.75, "count",
                      clause_here)]
    return []


