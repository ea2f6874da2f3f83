"""Left/right errors: a side that contradicts the rest of the report, or a side the anatomy does not have.

For each abnormality stated with a side, the report's other statements of the same abnormality (same
finding in the same organ) vote; a side nobody else uses while the opposite side is stated is flagged.
When one statement stands against one, a side the history gives decides; otherwise the impression is the
one flagged with confidence: it is written last, from the findings, so a slip there is the usual mistake.
Also: an operation on the other side than the history gives, a diagnosis at a sided place the findings
name only on the other side (less sure), a side under a sided heading, and sides anatomy does not have.
"""

from __future__ import annotations

import re
from functools import lru_cache

from radqc.agents.report import liver_segments
from radqc.agents.report.checks import CheckInput
from radqc.agents.report.document import Sentence, Span
from radqc.agents.report.evidence import Candidate, candidate, quoted
from radqc.agents.report.lexicon import anatomy, one_sided_device_matcher, organ_matcher
from radqc.agents.report.mentions import Entity, entities, in_a_longer_organ_name, organs, sides, site_of
from radqc.agents.report.relations import group, other_stations

OPPOSITE = {"left": "right", "right": "left"}
_SIDE_WORDS = {"en": {"left": r"left", "right": r"right"}, "zh": {"left": "左", "right": "右"}}


def check(data: CheckInput) -> list[Candidate]:
    impossible = _impossible_sides(data)
    contradictions = _contradicting_sides(data, impossible)
    return (impossible + contradictions + _against_the_heading(data) + _against_the_surgery(data)
            + _diagnosis_on_the_other_side(data, impossible + contradictions) + _segment_of_the_other_lobe(data)
            + _implant_on_the_other_side(data))


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
        if _named_on_its_side(data, entity):
            continue
        places = _places(data.report.text[entity.side_span[1] : _place_end(entity)], data.language)
        place = next((p for p in places if _sided_place(findings_text, OPPOSITE[entity.side], p, data.language)), None)
        if place is None or any(_sided_place(findings_text, entity.side, p, data.language) for p in places):
            continue
        start, end = entity.phrase
        found.append(candidate(data.report, "laterality", start, end,
                               f"The findings put the {place} abnormality on the {OPPOSITE[entity.side]}; the "
                               f"impression puts the {entity.finding.replace('_', ' ')} on the {entity.side}.",
                               0.6, "diagnosis-other-side"))
        flagged = flagged + [found[-1]]
    return found


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


def _sided_place(text: str, side: str, place: str, language: str) -> bool:
    """TEXT names PLACE on SIDE: "right temporal lobe", "右侧颞叶"."""
    if language == "en":
        pattern = rf"\b{side}\s+(?:[\w-]+\s+){{0,2}}{re.escape(place)}\b"
    else:
        pattern = rf"{_SIDE_WORDS['zh'][side]}侧?.{{0,3}}{re.escape(place)}"
    return bool(re.search(pattern, text, re.IGNORECASE))


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
    if other_stations(a, b, data.report.text, data.language):
        return False
    if a.finding == b.finding:
        return a.organ is None or b.organ is None or a.organ == b.organ
    return a.organ is not None and a.organ == b.organ and {a.finding, b.finding} <= _ONE_LESION_NAMES


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


def _implant_on_the_other_side(data: CheckInput) -> list[Candidate]:
    """The impression gives an implant a patient has one of (devices.json's one_sided: a ventricular shunt, a venous
    port) a side, and every findings sentence naming that implant names only the other side ("Right frontal approach
    ventricular catheter ... right lateral ventricle" / "left frontal shunt catheter"): the findings describe where it
    lies, so the impression's side is the slip. Findings naming both sides near it, or none, leave it alone."""
    findings_sides: dict[str, set[str]] = {}
    for sentence in data.report.in_section("findings"):
        for key, _, _ in _implants(sentence, data.language):
            findings_sides.setdefault(key, set()).update(s.key for s in sides(sentence, data.language))
    found = []
    for sentence in data.report.in_section("impression"):
        named = sides(sentence, data.language)
        for key, start, end in _implants(sentence, data.language):
            side = next((s for s in reversed(named) if s.end <= start), None)
            if (side is None or side.key not in OPPOSITE or findings_sides.get(key) != {OPPOSITE[side.key]}
                    or not _SIDE_REACH[data.language].match(data.report.text[side.end : start])):
                continue
            found.append(candidate(data.report, "laterality", side.start, end,
                                   f"The findings describe the {key.replace('_', ' ')} on the {OPPOSITE[side.key]} "
                                   f"only; the impression puts it on the {side.key}.", 0.7, "implant-other-side"))
    return found
