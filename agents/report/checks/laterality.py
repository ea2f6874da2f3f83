"""Left/right errors: a side that contradicts the rest of the report, or a side the anatomy does not have.

For each abnormality stated with a side, the report's other statements of the same abnormality (same
finding in the same organ) vote; a side nobody else uses while the opposite side is stated is flagged.
When one statement stands against one, a side the history gives decides; otherwise the impression is the
one flagged with confidence: it is written last, from the findings, so a slip there is the usual mistake.
Also: an operation on the other side than the history gives, a diagnosis or any organ's part at a sided place the
findings name only on the other side (less sure), a side under a sided heading, an implant the impression puts on the
side the findings never give it, a disc herniation pressing on the other side's root, the other limb in a CT of one,
and sides anatomy does not have.
"""

from __future__ import annotations

import re
from functools import lru_cache

from radqc.agents.report import liver_segments
from radqc.agents.report.checks import CheckInput
from radqc.agents.report.checks.exam import OUTSIDE_THE_SCAN
from radqc.agents.report.checks.insertion import planned
from radqc.agents.report.document import Sentence, Span
from radqc.agents.report.evidence import Candidate, candidate, quoted
from radqc.agents.report.lexicon import anatomy, one_sided_device_matcher, organ_matcher
from radqc.agents.report.mentions import (SIDE_KEY, Entity, Mention, cues, entities, in_a_longer_organ_name, organs,
                                          sides, site_of, states_normal)
from radqc.agents.report.relations import group, other_stations

OPPOSITE = {"left": "right", "right": "left"}
_SIDE_WORDS = {"en": {"left": r"left", "right": r"right", "both": r"(?:both|bilateral)"},
               "zh": {"left": "左", "right": "右", "both": "(?:双|两)"}}


def check(data: CheckInput) -> list[Candidate]:
    impossible = _impossible_sides(data)
    contradictions = _contradicting_sides(data, impossible)
    roots = _root_across_the_herniation(data)
    return (impossible + contradictions + _against_the_heading(data) + _against_the_surgery(data)
            + _diagnosis_on_the_other_side(data, impossible + contradictions) + _segment_of_the_other_lobe(data)
            + _implant_on_the_other_side(data) + roots + _place_on_the_other_side(data, impossible + contradictions + roots)
            + _other_limb(data))


def _against_the_surgery(data: CheckInput) -> list[Candidate]:
    """An operation the history gives one side ("post left mastectomy") that the report body only ever
    describes on the other side: the side of a past operation is a fact, not a finding."""
    sided = [e for e in data.entities if e.side in OPPOSITE and _stated(data, e) and e.side_span
             and group(e.finding) == "resection"]
    found = []
    for entity in sided:
        if _history_sides(data, entity) != {OPPOSITE[entity.side]}:
            continue
        if any(_same_thing(data, e, entity) and e.side == OPPOSITE[entity.side] for e in sided):
            continue  # the body names the history's side too: the contradiction check decides
        start, end = entity.phrase
        found.append(candidate(data.report, "laterality", start, end,
                               f"The history gives this operation on the {OPPOSITE[entity.side]}; the report "
                               f"describes it on the {entity.side}.", 0.7, "against-history"))
    return found


def _diagnosis_on_the_other_side(data: CheckInput, flagged: list[Candidate]) -> list[Candidate]:
    """The impression names a diagnosis at a sided place ("left temporal lobe haemorrhage") that the
    findings describe, in other words, only on the other side ("right temporal lobe hyperdensity"). Findings
    naming the side's first abnormality by its word on that side, at a place named otherwise, agree with it:
    "左侧颈后三角区见多房囊性病变" for "左侧颈部多房囊性病变，...伴囊内出血", beside small right cervical nodes."""
    findings_text = " ".join(s.text for s in data.report.in_section("findings"))
    found = []
    for entity in data.entities:
        if (entity.sentence.section != "impression" or entity.negated or entity.side not in OPPOSITE
                or not entity.side_span or entity.side_span[1] > entity.start or _inside_any(entity, flagged)):
            continue
        if _named_on_its_side(data, entity) or _organ_abnormal_on_its_side(data, entity):
            continue
        places = _places(data.report.text[entity.side_span[1] : _place_end(entity)], data.language)
        place = next((p for p in places if _sided_place(findings_text, OPPOSITE[entity.side], p, data.language)), None)
        if place is None or any(_on_the_side_or_both(findings_text, entity.side, p, data.language) for p in places):
            continue
        start, end = entity.phrase
        found.append(candidate(data.report, "laterality", start, end,
                               f"The findings put the {place} abnormality on the {OPPOSITE[entity.side]}; the "
                               f"impression puts the {entity.finding.replace('_', ' ')} on the {entity.side}.",
                               0.6, "diagnosis-other-side"))
        flagged = flagged + [found[-1]]
    return found


# Paired organs, one whole organ on each side: a focal lesion the findings give one of them on a side is the one the
# impression names on that side, whatever word the findings name the organ by ("附件区" for the ovary).
_ONE_ON_EACH_SIDE = {"ovary", "kidney", "adrenal", "testis", "breast"}


def _organ_abnormal_on_its_side(data: CheckInput, entity: Entity) -> bool:
    """ENTITY is a focal lesion of a paired organ (`_ONE_ON_EACH_SIDE`) and the findings describe a focal lesion of that
    organ on ENTITY's side: a "左侧附件区囊实性肿块" is the "左侧卵巢畸胎瘤" of the impression, beside a normal right ovary."""
    return entity.organ in _ONE_ON_EACH_SIDE and group(entity.finding) == "focal" and any(
        f.sentence.section == "findings" and not f.negated and f.organ == entity.organ and f.side == entity.side
        and group(f.finding) == "focal" for f in data.entities)


def _place_end(entity: Entity) -> int:
    """Where the place written after ENTITY's side word ends: at its term, or, when the term holds its organ's word
    ("上颌窦炎", "maxillary sinusitis" written as one word), at the end of that word: "右侧上颌窦炎" is at the right
    maxillary sinus, as "right maxillary sinus mucosal thickening" is."""
    if entity.organ_span and not entity.organ_named:
        return max(entity.start, entity.organ_span[1])
    return entity.start


def _named_on_its_side(data: CheckInput, entity: Entity) -> bool:
    """The first abnormality ENTITY's side word names in the impression is written with the same word, on that side,
    in the findings."""
    text = data.report.text
    lead = min((e for e in data.entities if e.sentence.index == entity.sentence.index and e.side_span == entity.side_span),
               key=lambda e: e.start)
    word = text[lead.start : lead.end].lower()
    return any(e.sentence.section == "findings" and not e.negated and e.side == lead.side
               and text[e.start : e.end].lower() == word for e in data.entities)


def _places(between: str, language: str) -> list[str]:
    """The place named between a side word and its finding, then shorter forms of it ("temporal lobe
    parenchymal" -> "temporal lobe" -> "temporal"; "颞叶脑" -> "颞叶"), keeping at least one real word, but
    none within a word naming the whole of an unpaired organ or space (`_unsided`)."""
    between = between.strip(" -侧的")
    if len(between) > 30:
        return []
    if language == "en":
        words = between.split()
        places = [" ".join(words[:n]) for n in range(len(words), 0, -1) if len(" ".join(words[:n])) >= 4]
    else:
        places = [between[:n] for n in range(len(between), 1, -1)]
    unsided = _unsided(between, language)
    return [p for p in places if not any(start == 0 and len(p) <= end for start, end in unsided)]


def _unsided(place: str, language: str) -> list[tuple[int, int]]:
    """The words of PLACE naming the whole of an unpaired organ or space ("retroperitoneal", "mediastinal", "腹膜后"),
    which has no left and right of its own: a side word before it says which side of it its finding lies on, and
    "left retroperitoneal haematoma" and "right retroperitoneal lymph nodes" are two findings on two sides. A paired
    organ ("renal") and a part of an organ ("temporal lobe", "hepatic lobe") have sides."""
    return [(start, end) for key, start, end in organ_matcher(language).find(place)
            if not anatomy()[key].get("paired") and site_of(place[start:end], key, language) == key]


# How many words (Chinese characters) may stand between a side word and the place it gives a side: a modifier or two
# ("right temporal lobe", "右侧颞叶"), or, for a side word leading a list, the items before it ("左侧颈总动脉分叉及颈内动脉
# 起始部", "left common carotid bifurcation and internal carotid origin").
_MODIFIER_REACH, _LIST_REACH = (2, 3), (6, 12)
# A position word opening a place, which writers also put before the side word: "inferior left frontal lobe".
_POSITION_FIRST = re.compile(r"(inferior|superior|anterior|posterior|medial|lateral)\s+(?=\S)", re.I)


def _sided_place(text: str, side: str, place: str, language: str, reach: tuple[int, int] = _MODIFIER_REACH) -> bool:
    """TEXT names PLACE on SIDE: "right temporal lobe", "右侧颞叶", or with the place's position word written before the
    side ("the inferior left frontal lobe" is the left inferior frontal lobe: `_POSITION_FIRST`)."""
    if language == "en":
        pattern = rf"\b{_SIDE_WORDS['en'][side]}\s+(?:[\w-]+\s+){{0,{reach[0]}}}{re.escape(place)}\b"
        position = _POSITION_FIRST.match(place)
        if position:
            pattern += (rf"|\b{position.group(1)}\s+{_SIDE_WORDS['en'][side]}\s+(?:[\w-]+\s+){{0,{reach[0]}}}"
                        rf"{re.escape(place[position.end():])}\b")
    else:
        pattern = rf"{_SIDE_WORDS['zh'][side]}侧?[^，。；,;]{{0,{reach[1]}}}{re.escape(place)}"
    return bool(re.search(pattern, text, re.IGNORECASE))


def _on_the_side_or_both(text: str, side: str, place: str, language: str,
                         reach: tuple[int, int] = _MODIFIER_REACH) -> bool:
    """TEXT names PLACE on SIDE, or on both sides ("both upper lobes" names the left upper lobe): a place named on both
    is no place named only across from SIDE. (Named on both sides, it is not thereby named across from SIDE alone:
    "双肺下叶未见异常" gives no right lower lobe to set against a left one.)"""
    return _sided_place(text, side, place, language, reach) or _sided_place(text, "both", place, language, reach)


# Where the place a side word names ends: at punctuation or at a word joining it to something else ("the left iliac
# bone and L2", "right upper lobe with a halo sign", "右肺下叶背段结节伴晕征").
_PLACE_END = {
    "en": re.compile(r"[,.;:()]|\s(?:with|and|or|in|into|from|to|at|on|is|are|was|were|without|which|that|for|by|as|"
                     r"measuring|versus|vs)\b", re.I),
    "zh": re.compile(r"[，。；：、（）(),;:\s]|伴|及|和|与|并|见|约|为|呈|较"),
}


def _place_on_the_other_side(data: CheckInput, flagged: list[Candidate]) -> list[Candidate]:
    """The impression names an organ's part on one side ("sclerotic metastases in the left iliac bone", "累及右侧杓会厌襞")
    that the findings name only on the other ("right iliac bone", "左侧杓会厌襞"), whatever finding goes with it: the
    impression restates the findings, so the side it alone gives is the slip. Not a place the impression calls normal
    or denies; a findings sentence calling the place normal ("Left maxillary ... sinuses clear") does not name it as the
    abnormality's."""
    findings = data.report.in_section("findings")
    named_anywhere = " ".join(s.text for s in findings)
    abnormal = [s for s in findings if not _only_normal(data, s)]
    named_abnormal = " ".join(s.text for s in abnormal)
    language, found = data.language, []
    for sentence in data.report.in_section("impression"):
        for side in sides(sentence, language):
            if (side.key not in OPPOSITE or any(c.start <= side.start < c.end for c in flagged + found)
                    or _denied_or_normal(data, sentence, side)):
                continue
            if any(e.side_span == (side.start, side.end) and _organ_abnormal_on_its_side(data, e) for e in data.entities):
                continue  # "左侧卵巢畸胎瘤" beside the findings' "左侧附件区囊实性肿块"
            rest = data.report.text[side.end : sentence.end]
            stop = _PLACE_END[language].search(rest, 1)
            between = rest[: stop.start() if stop else len(rest)].rstrip()
            places = _places(between, language)
            place = next((p for p in places if organ_matcher(language).find(p)
                          and _sided_place(named_anywhere, OPPOSITE[side.key], p, language)), None)
            if place is None:
                continue
            if (any(_on_the_side_or_both(named_abnormal, side.key, p, language, _LIST_REACH) for p in places)
                    or _part_named_under_its_organ(abnormal, side.key, place, language)):
                continue
            found.append(candidate(data.report, "laterality", side.start, side.end + len(between),
                                   f"The findings name the {place} only on the {OPPOSITE[side.key]}; the impression "
                                   f"puts it on the {side.key}.", 0.6, "place-other-side"))
    return found


def _part_named_under_its_organ(sentences: list[Sentence], side: str, place: str, language: str) -> bool:
    """A findings sentence about the organ names the part on SIDE by its last word alone: "Thyroid: a cyst in the right
    lobe." names the right thyroid lobe the impression gives, as "right thyroid lobe" would, and "Thyroid: cysts in both
    lobes." names it too (`_on_the_side_or_both`)."""
    words = place.split()
    if language != "en" or len(words) < 2:
        return False
    organ = re.compile(rf"\b{re.escape(' '.join(words[:-1]))}\b", re.IGNORECASE)
    part = words[-1]
    return any(organ.search(s.text) and any(_on_the_side_or_both(s.text, side, named, language) for named in (part, part + "s"))
               for s in sentences)


# A place called normal ("Left maxillary ... sinuses clear"), not a function done normally ("the left kidney enhances
# normally" beside the left renal artery's origin from the false lumen).
_PLACE_CALLED_NORMAL = re.compile(r"\b(?:normal|unremarkable|clear|intact)\b", re.I)


def _only_normal(data: CheckInput, sentence: Sentence) -> bool:
    """SENTENCE calls the places it names normal and asserts no abnormality."""
    normal = (_PLACE_CALLED_NORMAL.search(sentence.text) if data.language == "en"
              else states_normal(sentence, data.language))
    return bool(normal) and not any(e.sentence.index == sentence.index and not e.negated for e in data.entities)


def _denied_or_normal(data: CheckInput, sentence: Sentence, side: Mention) -> bool:
    """The clause of SENTENCE holding SIDE denies something or calls its place normal ("no right effusion", "right
    lower lobe clear")."""
    bounds = [0] + [m.end() for m in re.finditer(r"[,;，；]", sentence.text)] + [len(sentence.text) + 1]
    at = side.start - sentence.start
    start = max(b for b in bounds if b <= at)
    end = min(b for b in bounds if b > at)
    clause = Span(sentence.start + start, sentence.start + min(end, len(sentence.text)),
                  sentence.text[start:end])
    return states_normal(clause, data.language) or any(kind != "asked" for _, _, kind in cues(clause, data.language))


_SIDED_HEADING = {
    "en": re.compile(r"^\s*(?P<side>left|right)\s+(?P<organ>[a-z ]{3,30}?)\s*:", re.IGNORECASE),
    "zh": re.compile(r"^\s*(?P<side>左|右)(?:侧)?(?P<organ>[\u4e00-\u9fff]{1,6}?)\s*[:：]"),
}


def _against_the_heading(data: CheckInput) -> list[Candidate]:
    """A line headed "Right kidney:" that then puts its finding in the left kidney."""
    found = []
    for sentence in data.report.body:
        heading = _SIDED_HEADING[data.language].match(sentence.text)
        if not heading:
            continue
        side = "left" if heading.group("side").lower() in ("left", "左") else "right"
        head_organs = {m.key for m in organs(Span(sentence.start, sentence.start + heading.end(), heading.group(0)),
                                              data.language)}
        for entity in data.entities:
            if (entity.sentence.index == sentence.index and entity.side == OPPOSITE[side] and entity.organ in head_organs
                    and entity.side_span and entity.side_span[0] >= sentence.start + heading.end()):
                start, end = entity.phrase
                found.append(candidate(data.report, "laterality", start, end,
                                       f"Under the heading \"{heading.group(0).strip()}\" the finding is put on the "
                                       f"{entity.side}.", 0.75, "against-heading"))
    return found


# Names one focal lesion goes by between sections (a cyst and a mass are two lesions, not one): a middle ear's soft-tissue
# mass is the cholesteatoma the impression names.
_ONE_LESION_NAMES = {"nodule", "ground_glass_nodule", "lesion", "mass", "metastasis", "cholesteatoma"}


def _same_thing(data: CheckInput, a: Entity, b: Entity) -> bool:
    """The same abnormality: same finding, or two names of one focal lesion in one named organ
    ("left adrenal nodule" / "right adrenal adenoma"); nodes at two stations are two ("right paratracheal" and
    "left hilar": `relations.other_stations`)."""
    if other_stations(a, b, data.report.text, data.language) or _other_lobes(data, a, b):
        return False
    if a.finding == b.finding:
        return a.organ is None or b.organ is None or a.organ == b.organ
    return a.organ is not None and a.organ == b.organ and {a.finding, b.finding} <= _ONE_LESION_NAMES


# The level of the lung lobe written after a side word ("left lower lobe", "右肺上叶").
_LOBE_AFTER_SIDE = {"en": re.compile(r"\s*(upper|middle|lower)\s+lobe\b", re.I), "zh": re.compile(r"侧?肺?(上|中|下)叶")}


def _other_lobes(data: CheckInput, a: Entity, b: Entity) -> bool:
    """A and B are placed in lung lobes of two levels ("left lower lobe primary", "right upper lobe nodule"): a side
    slip changes the side word only, so these are two lesions."""
    lobes = [_LOBE_AFTER_SIDE[data.language].match(data.report.text, e.side_span[1]) if e.side_span else None
             for e in (a, b)]
    return all(lobes) and lobes[0].group(1).lower() != lobes[1].group(1).lower()


def _contradicting_sides(data: CheckInput, impossible: list[Candidate]) -> list[Candidate]:
    """Flag a side that the other statements of the same abnormality contradict. One statement against
    one cannot say which is the slip: both are flagged at a confidence that says so (the recall role
    keeps them, the precision role does not). A side already flagged as impossible settles it."""
    sided = [e for e in data.entities if e.side in OPPOSITE and _stated(data, e) and e.side_span]
    found, flagged = [], set()
    for entity in sided:
        peers = [e for e in data.entities if _same_thing(data, e, entity) and e.sentence.index != entity.sentence.index]
        if any(e.side == "both" and not e.negated for e in peers + [entity]):
            continue  # "bilateral effusions ... larger on the left" is consistent
        agree = {e.sentence.index for e in peers if e.side == entity.side and _stated(data, e)}
        disagree = [e for e in peers if e.side == OPPOSITE[entity.side] and _stated(data, e) and e.side_span]
        # A peer that has its own same-side partner in this statement's section is another lesion: in
        # "right frontal contusion, left temporal haematoma" / "Right frontal contusion." the impression's
        # right contusion answers the findings' right one, not the left haematoma. The partner may stand in this
        # statement's own sentence: "下颌骨双发骨折：左侧体部骨折，右侧髁突颈部骨折" lists two fractures of one bone,
        # and the findings' right condylar one is the impression's right one, not a contradiction of its left one.
        disagree = [e for e in disagree if not any(
            _same_thing(data, p, e) and p.side == e.side and not p.negated
            and p.sentence.section == entity.sentence.section
            and p.sentence.index != e.sentence.index for p in data.entities)]
        if not disagree or agree or entity.side_span in flagged:
            continue
        if not any(e.sentence.section != entity.sentence.section for e in disagree):
            continue  # two lesions on two sides within the findings are ordinary
        if _inside_any(entity, impossible):
            continue  # reported by the impossible-side rule
        if any(_inside_any(e, impossible) for e in disagree):
            continue  # the other statement names an impossible side: this one is right
        tie = len({e.sentence.index for e in disagree}) == 1
        flagged.add(entity.side_span)
        other = disagree[0]
        start, end = entity.phrase
        found.append(
            candidate(
                data.report, "laterality", start, end,
                f"The report places this {entity.finding.replace('_', ' ')} on the {entity.side}, "
                f"but elsewhere on the {other.side}: \"{quoted(other.sentence.text)}\".",
                _tie_confidence(entity, other, _history_sides(data, entity)) if tie else 0.85, "side-contradiction",
            )
        )
    return found


# An operation named as the place of what a sentence denies ("no recurrence in the left nephrectomy bed") is denied
# with it by the reading of the words, not in fact: the bed is where the operation was, on its side.
_PLACE_OF_OPERATION = re.compile(r"\s+(?:bed|site|cavity|fossa|scar)\b", re.I)


def _stated(data: CheckInput, entity: Entity) -> bool:
    """ENTITY's side is one the report gives: a finding it asserts, or an operation it names as a place."""
    return not entity.negated or (group(entity.finding) == "resection"
                                  and bool(_PLACE_OF_OPERATION.match(data.report.text, entity.end)))


def _tie_confidence(entity: Entity, other: Entity, history_sides: set[str]) -> float:
    """One statement against one. The clinical history, when it names a side for this abnormality, settles
    it; otherwise the impression is the likelier slip (written last, from the findings), so the impression
    statement passes the precision bar and the findings statement stays below it."""
    if history_sides == {entity.side}:
        return 0.3
    if history_sides == {other.side}:
        return 0.75
    if entity.sentence.section == "impression" and other.sentence.section == "findings":
        return 0.7
    return 0.3


def _history_sides(data: CheckInput, entity: Entity) -> set[str]:
    """Sides the history/indication lines give the same abnormality ("Indication: post left mastectomy")."""
    history = [s for s in data.report.sentences if s.section == "other"]
    return {e.side for s in history for e in entities(s, data.language)
            if e.side in OPPOSITE and not e.negated and _same_thing(data, e, entity)}


def _inside_any(entity: Entity, candidates: list[Candidate]) -> bool:
    return any(c.start <= entity.side_span[0] < c.end for c in candidates if entity.side_span)


@lru_cache(maxsize=None)
def _impossible_side_patterns(language: str) -> tuple[tuple[re.Pattern, str, str], ...]:
    """(pattern, side, structure) for each structure anatomy.json says has no SIDE, compiled once per language."""
    found = []
    for organ in anatomy().values():
        for side, structures in organ.get("impossible_sides", {}).items():
            side_word = _SIDE_WORDS[language][side]
            for structure in structures:
                if language == "en":
                    # "left middle lobe", or the structure placed in a quadrant: "spleen in the right upper quadrant"
                    pattern = (rf"\b{side_word}\s+(?:[\w-]+\s+){{0,1}}{re.escape(structure)}\b|"
                               rf"\b{re.escape(structure)}\s+(?:[\w-]+\s+){{0,3}}{side_word}\s+(?:upper|lower)\s+quadrant\b")
                else:
                    pattern = rf"{side_word}[侧肺上下中叶腹]{{0,4}}{re.escape(structure)}"
                found.append((re.compile(pattern, re.IGNORECASE), side, structure))
    return tuple(found)


def _impossible_sides(data: CheckInput) -> list[Candidate]:
    """A side given to a structure that has none there. Not when the words read as another organ's longer name, whose
    side it is ("the left atrial appendix" is the heart's, no appendix)."""
    found = []
    for pattern, side, structure in _impossible_side_patterns(data.language):
        for match in pattern.finditer(data.report.text):
            at = match.group().lower().find(structure.lower())
            if in_a_longer_organ_name(match.group(), at, at + len(structure), data.language):
                continue
            found.append(
                candidate(
                    data.report, "laterality", match.start(), match.end(),
                    f"There is no {side} {structure}: that structure exists only on the "
                    f"{OPPOSITE[side]}.", 0.9, "impossible-side",
                )
            )
    return found


# A numbered segment ("segment 7", "segments VI/VII", "S7") and the lobe it is given, either way round: "segment 7 of the
# left hepatic lobe", "left lobe (segment VII)", "肝左叶S7段", "肝右叶第2段". A lung's lobes are segmented too ("segment 6
# of the left lower lobe"), so the lobe is a liver's: named so, or in a sentence or under a heading about the liver.
_LOBE_EN = r"(?P<side>left|right)\s+(?:(?:hepatic|liver)\s+)?lobe"
_SEGMENT_IN_LOBE = {
    "en": (re.compile(rf"\b(?P<segments>{liver_segments.LIST})\s+(?:of|in)\s+(?:the\s+)?{_LOBE_EN}\b", re.I),
           re.compile(rf"\b{_LOBE_EN}\s*(?:\(\s*|,\s*)?(?P<segments>{liver_segments.LIST})", re.I)),
    "zh": (re.compile(r"肝(?:脏)?(?P<side>左|右)[外内前后]?叶[上下]?段?\s*[（(]?\s*"
                      r"(?P<segments>(?:(?:S|第)[1-8]|[1-8](?=段))(?:\s*[、/,，-]\s*(?:S|第)?[1-8])*段?)"),),
}


def _segment_of_the_other_lobe(data: CheckInput) -> list[Candidate]:
    """A numbered liver segment given the lobe it is not in: segments 5 to 8 make the right lobe and 2 and 3 the
    left (anatomy.json's segments), so "segment 7 of the left hepatic lobe" names a place no liver has, whatever
    else the report says. Only when no number read beside it is of the lobe given: in "right lobe, segment 7, 2 cm"
    and "肝右叶S7，2枚" the 2 is a size or a count."""
    lobes = anatomy()["liver"]["segments"]
    found = []
    for sentence in data.report.body:
        for match in (m for pattern in _SEGMENT_IN_LOBE[data.language] for m in pattern.finditer(sentence.text)):
            if data.language == "en" and not _about_the_liver(data, sentence):
                continue
            side = "left" if match.group("side").lower() in ("left", "左") else "right"
            numbers = liver_segments.numbers(match.group("segments"))
            other = sorted(numbers & set(lobes[OPPOSITE[side]]))
            if not other or numbers & set(lobes[side]):
                continue  # a number of the lobe's own beside it: the other one is a size or a count ("segment 7, 2 cm")
            start, end = sentence.start + match.start(), sentence.start + match.end()
            found.append(candidate(data.report, "laterality", start, end,
                                   f"Segment {other[0]} lies in the liver's {OPPOSITE[side]} lobe, not its {side}.",
                                   0.9, "segment-other-lobe"))
    return found


def _about_the_liver(data: CheckInput, sentence: Sentence) -> bool:
    """SENTENCE, the heading over it or its line's label names the liver ("Liver: ... segment 7 of the right lobe")."""
    return any(m.key == "liver" for span in (sentence, data.report.heading_of(sentence), data.report.line_label(sentence))
               for m in organs(span, data.language))


# A laparoscopic "port site" is an incision, one of several, not an implanted port.
_PORT_SITE = re.compile(r"[\s-]+sites?\b", re.I)
# How far a side word reaches forward to the implant it gives a side: "left frontal shunt catheter", "Left-sided chest
# port", "左侧脑室腹腔分流" (the shunt of the left lateral ventricle).
_SIDE_REACH = {"en": re.compile(r"^(?:-sided|-side)?(?:\s+[\w-]+){0,2}\s+$"), "zh": re.compile(r"^[\u4e00-\u9fff]{0,6}$")}


def _implants(span: Span, language: str) -> list[tuple[str, int, int]]:
    return [(key, start, end) for key, start, end in one_sided_device_matcher(language).find(span.text, span.start)
            if not (key == "venous_port" and _PORT_SITE.match(span.text, end - span.start))]


# A recommended exchange, removal or repositioning acts on the implant in place, so its side is still that one's ("Recommend
# exchange of the left nephrostomy", "建议更换左侧肾造瘘管"), where a recommended insertion is a new one, and so is the
# implant an exchange is made with, "with" or 为/成 a few words before it ("replacement with a left port", "更换为左侧输液港"),
# where who does it or how ("exchange by IR of the left nephrostomy", "replacement for the left port") leaves it in place.
# The exchange reaches over its own phrase ("exchange to a larger bore left nephrostomy"), not past "and" or "then" to
# a device placed after it ("remove the right port and place a left port").
_ACTS_ON_THE_ONE_IN_PLACE = {
    "en": re.compile(r"\b(?:exchang\w*|replac\w*|chang(?:e|ing)|remov\w*|reposition\w*|revis\w*|upsiz\w*|withdraw\w*)"
                     r"(?![^.;,:\n]*\bwith\s+(?:[\w-]+\s+){0,3}$)(?:(?!\b(?:and|then)\b)[^.;,:\n]){0,30}$", re.I),
    "zh": re.compile(r"(?:更换|置换|拔除|取出|调整|复位)(?:(?!为|成)[^，。；：\n]){0,8}$"),
}


def _implant_on_the_other_side(data: CheckInput) -> list[Candidate]:
    """The impression gives an implant a patient has one of (devices.json's one_sided: a ventricular shunt, a venous
    port) a side, and every findings sentence naming that implant names only the other side ("Right frontal approach
    ventricular catheter ... right lateral ventricle" / "left frontal shunt catheter"): the findings describe where it
    lies, so the impression's side is the slip. Findings naming both sides near it, or none, leave it alone, and so does
    an implant the impression recommends or plans (`insertion.planned`): that one is still to be placed, unless what is
    recommended is done to the one in place (`_ACTS_ON_THE_ONE_IN_PLACE`)."""
    findings_sides: dict[str, set[str]] = {}
    for sentence in data.report.in_section("findings"):
        for key, start, _ in _implants(sentence, data.language):
            findings_sides.setdefault(key, set()).update(_implant_sides(data, sentence, start))
    found = []
    for sentence in data.report.in_section("impression"):
        named = sides(sentence, data.language)
        for key, start, end in _implants(sentence, data.language):
            side = _side_before(data, named, start)
            if side is None or side.key not in OPPOSITE or findings_sides.get(key) != {OPPOSITE[side.key]}:
                continue
            if planned(sentence.text, start - sentence.start, end - sentence.start) and not _ACTS_ON_THE_ONE_IN_PLACE[
                    data.language].search(sentence.text[: start - sentence.start]):
                continue  # one recommended or planned ("consider a left pleural catheter") is not the one in place
            found.append(candidate(data.report, "laterality", side.start, end,
                                   f"The findings describe the {key.replace('_', ' ')} on the {OPPOSITE[side.key]} "
                                   f"only; the impression puts it on the {side.key}.", 0.7, "implant-other-side"))
    return found


def _implant_sides(data: CheckInput, sentence: Sentence, start: int) -> set[str]:
    """The sides a findings sentence gives the implant named at START: its side words, but not one written before
    another finding of the sentence as that finding's side ("Chest port with the left pleural effusion" puts no port on
    the left, nor "左侧胸腔积液，右侧输液港" on both), unless it is the implant's own modifier too. The implant's course
    stays its own: "shunt catheter crossing the septum, its tip in the left lateral ventricle" is on both sides, and
    "Transplant kidney: right iliac fossa, ..., mild dilatation" on the right."""
    named = sides(sentence, data.language)
    modifier = _side_before(data, named, start)
    return {s.key for s in named if s == modifier or not any(
        e.sentence.index == sentence.index and e.side_span == (s.start, s.end)
        and _SIDE_REACH[data.language].match(data.report.text[s.end : e.start]) for e in data.entities)}


def _side_before(data: CheckInput, named: list[Mention], start: int) -> Mention | None:
    """The side word that modifies the implant named at START ("left frontal shunt catheter", "左侧脑室腹腔分流"), if any."""
    side = next((s for s in reversed(named) if s.end <= start), None)
    if side is None or not _SIDE_REACH[data.language].match(data.report.text[side.end : start]):
        return None
    return side


# A disc herniation given a side by its position ("left paracentral disc protrusion", "向左后方突出") and the lateral
# recess, foramen or nerve root it presses on in the same clause, at one level and of one herniation. Another structure
# named between them (a facet, a ligament, an osteophyte), another disc lesion or component (a bulge, a second
# protrusion, "a left foraminal component"), another side word, or another level after a comma ("..., and at L5-S1")
# may be what presses on the other side; the herniation's own verb or mass ("protruding posteriorly", "突出物") is no
# second one.
_HERNIATION_AND_ITS_ROOT = {
    "en": re.compile(
        r"\b(?P<side>left|right)(?:-sided)?\s+(?:paracentral|posterolateral|foraminal|subarticular|far[- ]lateral|"
        r"extraforaminal)\s+(?:(?:disc|disk)\s+)?(?:protrusion|extrusion|herniation)"
        r"(?:(?!facet|ligament|osteophyte|arthropathy|hypertrophy|spur|uncovertebral|bulg|protrusion|extrusion|"
        r"herniation|herniated\s+(?:disc|disk)|"
        r"component|\bleft\b|\bright\b|,\s*(?:and\s+)?(?:at\s+)?[CTLS]\d)[^.;]){0,80}?"
        r"\b(?:compress\w*|narrow\w*|abut\w*|contact\w*|indent\w*|displac\w*|imping\w*|effac\w*)\s+(?:on\s+|upon\s+)?"
        r"(?:the\s+)?(?P<root>(?P<other>left|right)\s+(?:(?:[CTLS]\d{1,2})\s+)?(?:(?:traversing|exiting|descending)\s+)?"
        r"(?:nerve\s+root|root|lateral\s+recess|(?:neural\s+)?foramen|subarticular\s+(?:zone|recess)))", re.I),
    "zh": re.compile(r"(?P<side>左|右)(?:后方|后|侧)?(?:旁中央|椎间孔)?型?(?:椎间盘)?(?:突出|脱出)"
                     r"(?:(?!韧带|小关节|骨赘|增生|肥厚|膨出|椎间盘|另[^。；;]{0,6}?(?:突出|脱出)|左|右|[，,]\s*[CTLS]\d)"
                     r"[^。；;]){0,20}?(?:压迫|推压|挤压|致)"
                     r"(?P<root>(?P<other>左|右)侧?(?:[CTLS]\d{1,2})?(?:神经根|侧隐窝|椎间孔))"),
}


def _root_across_the_herniation(data: CheckInput) -> list[Candidate]:
    """A paracentral or foraminal disc herniation on one side said to press on the nerve root, lateral recess or
    foramen of the other ("a left paracentral protrusion ... narrows the right lateral recess"): it reaches those of
    its own side, so one of the two sides is the slip, and the root's is the one written after."""
    found = []
    for sentence in data.report.body:
        for match in _HERNIATION_AND_ITS_ROOT[data.language].finditer(sentence.text):
            side, other = (SIDE_KEY[match.group(g).lower()] for g in ("side", "other"))
            if side == other:
                continue
            start, end = sentence.start + match.start("root"), sentence.start + match.end("root")
            found.append(candidate(data.report, "laterality", start, end,
                                   f"A {side} disc herniation presses on the {side} nerve root and lateral recess, "
                                   f"not the {other}.", 0.7, "root-across-herniation"))
    return found


# An order for a CT of one limb's joint or extremity ("CT right knee", "CT arthrogram left shoulder", "左踝关节CT平扫").
# Not the hip's: a hip CT's field holds the pelvis and the other hip.
_ONE_LIMB_ORDER = (re.compile(r"\b(left|right)\s+(knee|ankle|wrist|elbow|shoulder|foot|hand)s?\b", re.I),
                   re.compile(r"(左|右)侧?(膝|踝|腕|肘|肩|足|手)"))
# What of a limb a side word may name besides its bones: the joint itself and its parts, its ligaments (the knee's
# cruciate and collateral ones by their letters), condyles, menisci and tendons ("Left knee joint effusion", "Left ACL
# tear", "左膝关节积液"); the ordered joint's own name is added to them.
_JOINT_PARTS = {"en": r"\b(?:joints?|ligaments?|[AP]CL|[ML]CL|condyl\w*|menisc\w*|tendons?)\b",
                "zh": r"关节|韧带|髁|半月板|肌?腱"}
# A limb named as the subject of another study ("the left knee radiograph", "左膝关节平片") or of the patient's position
# ("left knee flexed") is not one the scan shows.
_NOT_IMAGED_HERE = {"en": re.compile(r"\b(?:radiographs?|x-?rays?|films?|stud(?:y|ies)|scans?|CT|MRI|exam\w*|"
                                     r"position\w*|flexed|extended|raised)\b", re.I),
                    "zh": re.compile(r"(?:平|X线|DR|摄|前)片|CT|MRI|检查|体位|摆位|屈曲|伸直")}


def _other_limb(data: CheckInput) -> list[Candidate]:
    """A CT ordered of one limb's joint images that limb only: a side word of the findings or impression giving the
    other side to a bone of the limb ("left lateral tibial plateau" in a right knee CT), to the ordered joint or to its
    parts (`_JOINT_PARTS`: "left knee joint effusion", "Left ACL tear") is a slip, unless its sentence
    says it lies outside the scan ("right foot not scanned"). A side word before anything else is no limb of its own:
    a direction ("骨折线向左下方延伸"), a prior study ("the left knee radiograph"), the patient's position ("left arm at
    side"); and an order naming both sides ("CT right wrist and left wrist") images both."""
    orders = [m for pattern in _ONE_LIMB_ORDER for m in pattern.finditer(data.exam or "")]
    ordered = {SIDE_KEY[m.group(1).lower()] for m in orders}
    if len(ordered) != 1:
        return []
    other = OPPOSITE[ordered.pop()]
    joints = "|".join(re.escape(m.group(2)) for m in orders)
    joint_or_part = re.compile(rf"\b(?:{joints})s?\b|{_JOINT_PARTS['en']}" if data.language == "en" else
                               rf"{joints}|{_JOINT_PARTS['zh']}", re.I)
    found = []
    for sentence in data.report.body:
        if OUTSIDE_THE_SCAN[data.language].search(sentence.text):
            continue
        bones = organs(sentence, data.language)
        for side in sides(sentence, data.language):
            if side.key != other:
                continue
            rest = data.report.text[side.end : sentence.end]
            stop = _PLACE_END[data.language].search(rest, 1)
            end = side.end + len(rest[: stop.start() if stop else len(rest)].rstrip())
            place = data.report.text[side.end : end]
            if not (any(m.key == "bone" and side.end <= m.start < end for m in bones) or joint_or_part.search(place)):
                continue
            if _NOT_IMAGED_HERE[data.language].search(place):
                continue
            found.append(candidate(data.report, "laterality", side.start, end,
                                   f"The examination is of the {OPPOSITE[other]} limb; the report names the {other}.",
                                   0.75, "other-limb"))
    return found
