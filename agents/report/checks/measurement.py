"""Numbers and units: sizes implausible for what they measure (a 45 cm nodule, a 3 mm aorta, a wall thicker than
its lesion, a 25 cm defect in a neonate), sizes and volumes that disagree between findings and impression, attenuation
values that contradict their tissue, results that their own written calculation, the ABC/2 of the report's own axes,
the ellipsoid of the axes written beside a volume or the distances of a lesion's two ends from one landmark do not give,
a solid component larger than its nodule, and a change since a prior, or its absence, that the sizes written beside it
contradict."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator
from dataclasses import replace

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.grades import KEROS_NAMES, contradicts, keros_contradicted, keros_type, stenoses
from radqc.agents.report.document import Sentence, Span, repeats
from radqc.agents.report.evidence import Candidate, candidate
from radqc.agents.report.lexicon import anatomy, calibre_matcher, plausible_sizes
from radqc.agents.report.mentions import (CHANGE_WORDS, STABLE_WORDS, VESSEL_AFTER, Entity, Size, angles, entities,
                                          hounsfield, organs, percents, site_of, sizes, vessel_of_the_organ)
from radqc.agents.report.relations import group, related, sides_compatible
from radqc.plural import counted

# Fat tissue an attenuation can measure ("fat density", "lipoma", "脂肪密度"): not the fat around an organ ("fat stranding", "fat
# planes", "脂肪间隙"), fat infiltrating an organ ("fatty liver", "脂肪肝", "脂肪浸润"), whose attenuation is the organ's, nor
# a lesion short of fat ("fat-poor").
_FAT = re.compile(r"\bfat(?:ty)?\b(?![\s-]+(?:stranding|planes?|poor|liver|infiltration|infiltrated|change|deposition|"
                  r"containing))|\blipoma|脂肪(?!间隙|肝|浸润|变|含量)", re.IGNORECASE)
_WATER = re.compile(r"simple cyst|fluid attenuation|water attenuation|water density|水样密度|液性密度|单纯囊肿", re.IGNORECASE)
_TISSUE_DENIED = re.compile(r"(?:\b(?:no|without|nor)\s+(?:\w+\s+){0,2}|(?:未见|无|不含|未含)[^，,。；;]{0,4})$", re.IGNORECASE)
_HU_RANGE = (-1024.0, 3100.0)
# A lesion called low-density is darker than the soft tissue around it, which measures under about 100 HU unenhanced:
# "低密度灶 ... CT值约350HU" is bone's or contrast's density, a slip (35 HU meant). An enhanced phase ("增强动脉期约120HU")
# and bone, which is denser than any soft tissue, are no such measure.
_LOW_DENSITY = re.compile(r"低密度|\bhypo-?(?:dense|attenuating)\b|\blow[- ](?:density|attenuation)\b", re.I)
_ENHANCED_PHASE = re.compile(r"增强|动脉期|门脉期|静脉期|延迟|实质期|\b(?:enhanc\w*|arterial|venous|portal|delayed|"
                             r"nephrographic|post-?contrast)\b", re.I)
_SOFT_TISSUE_MAX_HU = 100.0


def check(data: CheckInput) -> list[Candidate]:
    pairs = sized_entities(data)
    return (_implausible(data, pairs) + _thicker_than_its_lesion(data, pairs) + _disagreeing(data, pairs)
            + _prior_size_kept(data) + _value_disagreeing(data) + _named_length_slipped(data, pairs) + _attenuation(data)
            + _mixed_units(data, pairs) + _altered_copies(data, pairs) + _repeated_with_other_sizes(data)
            + _miscalculated(data) + _derived_diameter(data) + _length_between_its_ends(data) + _distance_slipped(data)
            + _solid_part_larger_than_its_nodule(data) + _score_total(data) + _keros_depth(data)
            + _share_of_two_sizes(data) + _washout(data) + _abc2_volume(data) + _abc2_written_out(data)
            + _volume_beside_its_axes(data)
            + _volume_change_share(data) + _total_of_its_sides(data) + _volume_disagreeing(data)
            + _index_against_its_inputs(data) + _contradicted_change(data))


# A calculation written out with its result: "(110 - 78) / (110 - 32) x 100 = 41%" (adrenal washout),
# "4.0 x 3.0 x 3.5 / 2 = 21 ml" (ABC/2), "(1 - 1.4/5.0) x 100 = 72%" (NASCET). Chains ("= 32/78 = 41%")
# hold the result last.
_OPERAND = r"[(（]*\s*\d+(?:\.\d+)?\s*[)）]*"
_OPERATOR = r"\s*[-−–+×xX*/÷]\s*"
_CALCULATION = re.compile(rf"(?<![\w.])(?P<expression>{_OPERAND}(?:{_OPERATOR}{_OPERAND})+)\s*%?"
                          rf"(?P<chain>(?:\s*[=≈＝]\s*{_OPERAND}(?:{_OPERATOR}{_OPERAND})+\s*%?)*)"
                          r"\s*[=≈＝]\s*(?P<result>\d+(?:\.\d+)?)(?![\d.])(?:\s*(?P<percent>%))?")
# A score with its share in brackets ("total 15/25 (60%)", "阳性3/12（25%）") is the same calculation without "=".
_FRACTION = re.compile(r"(?<![\w./])(?P<expression>\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)\s*[(（]\s*"
                       r"(?P<result>\d+(?:\.\d+)?)\s*(?P<percent>%)\s*[)）]")


def _value(expression: str) -> float | None:
    """The value of an arithmetic expression of numbers, + - × / and brackets; None when it is not one."""
    written = re.sub(r"[xX×]", "*", expression.replace("÷", "/").replace("−", "-").replace("–", "-"))
    written = written.replace("（", "(").replace("）", ")")
    try:
        tree = ast.parse(written.strip(), mode="eval")
    except SyntaxError:
        return None
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub)
    if not all(isinstance(node, allowed) for node in ast.walk(tree)):
        return None
    try:
        return float(eval(compile(tree, "<calculation>", "eval"), {"__builtins__": {}}))
    except ZeroDivisionError:
        return None


def _miscalculated(data: CheckInput) -> list[Candidate]:
    """A result that its own written calculation does not give. A percentage may be written as the fraction
    (32/78 = 41%) or with its factor (x 100); the stated result may be rounded to its last digit."""
    found = []
    for sentence in data.report.body:
        for match in [*_CALCULATION.finditer(sentence.text), *_FRACTION.finditer(sentence.text)]:
            if not re.search(r"[/÷]|[×xX*]\s*[(（]*\s*\d", match.group("expression")):
                continue  # "2.4 x 2.0 cm = ..." sizes and date-like "3-6 = ..." runs are no calculation
            value = _value(match.group("expression"))
            if value is None:
                continue
            stated = float(match.group("result"))
            decimals = len(match.group("result").partition(".")[2])
            candidates = [value, value * 100] if match.group("percent") else [value]
            if any(abs(v - stated) <= max(0.5 * 10 ** -decimals, 0.02 * abs(stated)) + 1e-9 for v in candidates):
                continue
            start = sentence.start + match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            shown = f"{value * 100:.3g}%" if match.group("percent") and value < 1.5 else f"{value:.3g}"
            found.append(candidate(data.report, "measurement", start, sentence.start + match.end(),
                                   f"{match.group('expression').strip()} gives {shown}, not {match.group('result')}"
                                   f"{match.group('percent') or ''}.", 0.8, "miscalculated"))
    return found


# A diameter derived from the perimeter or the area of a round structure (a TAVI annulus's "perimeter-derived diameter",
# "周长衍生直径", "area-derived diameter", "面积衍生直径") is the perimeter over pi, or twice the root of the area over
# pi: one that the perimeter or area written before it on its line does not give is a slip in one of them. Software
# derives it from the unrounded value, so a tenth of a millimetre's rounding is no slip.
_DERIVED_DIAMETER = {
    "en": re.compile(r"\b(?P<kind>perimeter|circumference|area)[\s-]+(?:derived|based)\s+(?:diameter|D)\b"
                     r"[^\d;]{0,12}?(?P<value>\d+(?:\.\d+)?)\s*mm\b", re.I),
    "zh": re.compile(r"(?P<kind>周长|面积)(?:衍生|推导|导出|计算|换算)的?直径[^\d；;。]{0,6}?(?P<value>\d+(?:\.\d+)?)\s*(?:mm|毫米)"),
}
_DERIVED_FROM = {
    "perimeter": re.compile(r"(?:\b(?:perimeter|circumference)|周长)(?![\s-]*(?:derived|based|衍生|推导|导出|计算|换算))"
                            r"[^\d;；。]{0,12}?(?P<value>\d+(?:\.\d+)?)\s*(?:mm|毫米)(?![²2\w])", re.I),
    "area": re.compile(r"(?:\barea|面积)(?![\s-]*(?:derived|based|衍生|推导|导出|计算|换算))[^\d;；。]{0,12}?"
                       r"(?P<value>\d+(?:\.\d+)?)\s*(?:mm\s*[²2]|mm\^2|平方毫米)", re.I),
}
_DERIVED_KIND = {"circumference": "perimeter", "周长": "perimeter", "面积": "area"}
_DERIVED_ERROR = (0.3, 0.02)  # millimetres, share: the rounding of the written perimeter or area


def _derived_diameter(data: CheckInput) -> list[Candidate]:
    found = []
    language = data.language if data.language in _DERIVED_DIAMETER else "en"
    text = data.report.text
    for match in _DERIVED_DIAMETER[language].finditer(text):
        written = match.group("kind").lower()
        kind = _DERIVED_KIND.get(written, written)
        line_start = text.rfind("\n", 0, match.start()) + 1
        sources = list(_DERIVED_FROM[kind].finditer(text, line_start, match.start()))
        if len(sources) != 1:
            continue  # none written on its line, or two structures' measured there
        source = float(sources[0].group("value"))
        expected = source / math.pi if kind == "perimeter" else 2 * math.sqrt(source / math.pi)
        stated = float(match.group("value"))
        if abs(stated - expected) > max(_DERIVED_ERROR[0], _DERIVED_ERROR[1] * expected):
            found.append(candidate(data.report, "measurement", match.start(), match.end(),
                                   f"The {kind} written before it, {sources[0].group(0)}, gives a diameter of {expected:.1f} mm, not "
                                   f"{match.group('value')} mm.", 0.75, "derived-diameter"))
    return found


# A distance is written with the landmark it is measured from: after it in English ("6 mm below the carina", "6 cm from
# the anal verge"), before it in Chinese ("距肛缘约6cm").
_LANDMARK_AFTER = re.compile(r"\s*(?P<relation>from|above|below|beyond|proximal to|distal to)\s+(?:the\s+)?"
                             r"(?P<landmark>[a-z][a-z ]*?)\s*(?=[,;.()]|\band\b|$)", re.I)
_LANDMARK_BEFORE = re.compile(r"(?P<relation>距)(?P<landmark>[^\d，,。；;约]{1,6})(?:约|为)?\s*$")


def _landmark(data: CheckInput, sentence: Sentence, size: Size) -> tuple[str, str] | None:
    """How and from what SIZE is a distance (`_is_distance`): ("below", "carina") of "6 mm below the carina", ("from",
    "anal verge") of "6 cm from the anal verge", ("距", "肛缘") of "距肛缘约6cm"; None for no landmark."""
    text = data.report.text
    match = (_LANDMARK_AFTER.match(text, size.end, sentence.end) if data.language != "zh"
             else _LANDMARK_BEFORE.search(text, sentence.start, size.start))
    return None if match is None else (match.group("relation").lower(), match.group("landmark").lower())


# A lesion's length written beside the distances of its two ends from one landmark ("lower edge 6 cm from the anal verge,
# upper edge 11 cm from the anal verge (tumour length 5 cm)", "下缘距肛缘约5cm，上缘距肛缘约10cm，病变长约5cm", "距门齿25-31cm，
# 长约6cm"): the two distances' difference (`_landmark`). An end is named as one (upper, lower, proximal, distal; 上缘, 下缘, 近端,
# 远端), or the two are a range of distances; a length is a size after "length" or before "long", after "长" or "长度".
_END_WORD = {
    "en": re.compile(r"\b(?:upper|lower|proximal|distal|superior|inferior|cranial|caudal)\b", re.I),
    "zh": re.compile(r"[上下]缘|[上下近远]端|[上下]界"),
}
_LENGTH_BEFORE = {
    "en": re.compile(r"\blength\b(?:\s+(?:of|is|was|measures?|measuring|about|approximately|approx\.?|~))*\s*:?\s*$", re.I),
    "zh": re.compile(r"长度?(?:约|为|达)?\s*[:：]?\s*$"),
}
_LENGTH_AFTER = re.compile(r"\s*(?:long\b|in length\b)", re.I)


def _length_between_its_ends(data: CheckInput) -> list[Candidate]:
    """A length that the distances of its sentence's two ends from one landmark do not give, beyond the rounding of the
    three numbers to their last digits. A sentence with another length, or ends from two landmarks, is left alone."""
    language = data.language if data.language in _END_WORD else "en"
    text = data.report.text
    found = []
    for sentence in data.report.body:
        ends: dict[str, list[tuple[float, float]]] = {}  # landmark -> (distance, rounding) of each end, in mm
        lengths = []
        for size in sizes(sentence):
            written, before = text[size.start : size.end], text[sentence.start : size.start]
            rounding = _last_digit_mm(written)
            landmark = _landmark(data, sentence, size)
            if landmark is None or landmark[0] not in ("from", "距"):
                if _LENGTH_BEFORE[language].search(before[-40:]) or language == "en" and _LENGTH_AFTER.match(
                        text, size.end, sentence.end):
                    lengths.append((size, written))
                continue
            at = ends.setdefault(landmark[1], [])
            shared = _SHARED_UNIT.search(before)  # "from 28 to 34 cm from the incisors"
            if shared is not None:
                at += [(float(shared.group(1)) * (10.0 if re.search(r"cm|厘米", written) else 1.0), rounding),
                       (size.largest_mm, rounding)]
            elif size.least_mm is not None:  # "距门齿25-31cm"
                at += [(size.least_mm, rounding), (size.largest_mm, rounding)]
            elif _END_WORD[language].search(text, sentence.clause_at(size.start).start, size.start):
                at.append((size.largest_mm, rounding))
        measured = [(landmark, at) for landmark, at in ends.items() if len(at) == 2]
        if len(measured) != 1 or len(lengths) != 1:
            continue
        (landmark, ((near, near_rounding), (far, far_rounding))), (length, written) = measured[0], lengths[0]
        between = abs(far - near)
        if abs(between - length.largest_mm) > (near_rounding + far_rounding + _last_digit_mm(written)) / 2:
            found.append(candidate(data.report, "measurement", length.start, length.end,
                                   f"Its ends at {min(near, far) / 10:g} and {max(near, far) / 10:g} cm from the {landmark} "
                                   f"give a length of {between / 10:g} cm, not {written}.", 0.75, "length-between-ends"))
    return found


# A part-solid nodule's solid component lies within it, so it measures no more than the whole nodule written beside it
# ("total 14 mm with a 15 mm solid component", "部分实性结节，大小约12mm，实性成分约16mm"): one larger is a slip in either.
_SOLID_BEFORE = {
    "en": re.compile(r"\bsolid\s+(?:component|part|portion)\b(?:\s+(?:of|measuring|measures|measured|is|about|"
                     r"approximately))*\s*:?\s*$", re.I),
    "zh": re.compile(r"实性(?:成分|部分)(?:大小|直径|最大径)?(?:约|为)?\s*[:：]?\s*$"),
}
_SOLID_AFTER = {"en": re.compile(r"\s*solid\s+(?:component|part|portion)\b", re.I), "zh": re.compile(r"(?!)")}
# Another component's size ("cystic component 12 mm", "a 12 mm ground-glass part", "囊性成分约12mm") is not the nodule's.
_COMPONENT_BEFORE = {
    "en": re.compile(r"\b(?:component|part|portion)\b(?:\s+(?:of|measuring|measures|measured|is|about|"
                     r"approximately))*\s*:?\s*$", re.I),
    "zh": re.compile(r"(?:成分|部分)(?:大小|直径|最大径)?(?:约|为)?\s*[:：]?\s*$"),
}
_COMPONENT_AFTER = {"en": re.compile(r"\s*[\w-]+\s+(?:component|part|portion)\b", re.I), "zh": re.compile(r"(?!)")}


def _solid_part_larger_than_its_nodule(data: CheckInput) -> list[Candidate]:
    """A sentence's one solid component measured larger than its one other present size, the nodule's. The prior
    study's sizes beside them (`_marked_prior`) are neither, nor a distance ("4 mm from the fissure", "距胸膜约5mm",
    `_is_distance`) or another component's size ("cystic component 12 mm"); a sentence of two nodules is left alone."""
    language = data.language if data.language in _SOLID_BEFORE else "en"
    text = data.report.text
    found = []
    for sentence in data.report.body:
        solid, whole = [], []
        for size in sizes(sentence):
            if _marked_prior(data, size):
                continue
            is_solid = (_SOLID_BEFORE[language].search(text, max(sentence.start, size.start - 40), size.start)
                        or _SOLID_AFTER[language].match(text, size.end, sentence.end))
            if is_solid:
                solid.append(size)
            elif not (_COMPONENT_BEFORE[language].search(text, max(sentence.start, size.start - 40), size.start)
                      or _COMPONENT_AFTER[language].match(text, size.end, sentence.end) or _is_distance(text, size)):
                whole.append(size)
        if len(solid) == 1 and len(whole) == 1 and solid[0].largest_mm > whole[0].largest_mm:
            part, nodule = solid[0], whole[0]
            found.append(candidate(data.report, "measurement", part.start, part.end,
                                   f"A solid component of {text[part.start:part.end]} is larger than the "
                                   f"{text[nodule.start:nodule.end]} nodule it lies in.", 0.75, "solid-part-larger"))
    return found


def _distance_slipped(data: CheckInput) -> list[Candidate]:
    """A distance the impression gives from a landmark at ten times, or a tenth of, the one the findings give from it
    (`_landmark`), and that they give nowhere: "the proximal end 6 mm below the carina", then "6 cm below the carina";
    "下缘距肛缘约5cm", then "距肛缘约50cm". A factor of exactly ten is a slipped unit; another distance may be another end's."""
    def distances(section: str) -> list[tuple[Size, tuple[str, str] | None]]:
        return [(size, _landmark(data, sentence, size)) for sentence in data.report.in_section(section)
                for size in sizes(sentence) if len(size.dims_mm) == 1 and size.least_mm is None]

    stated = [(size, landmark) for size, landmark in distances("findings") if landmark is not None]
    text = data.report.text
    found = []
    for size, landmark in distances("impression"):
        peers = [other for other, other_landmark in stated if other_landmark == landmark]
        if landmark is None or any(_close(size.largest_mm, other.largest_mm) for other in peers):
            continue
        peer = next((other for other in peers if any(abs(size.largest_mm - other.largest_mm * factor) < 1e-6
                                                     for factor in (10, 0.1))), None)
        if peer is not None:
            found.append(candidate(data.report, "measurement", size.start, size.end,
                                   f"The impression gives {text[size.start:size.end]} {' '.join(landmark)}, the findings "
                                   f"{text[peer.start:peer.end]} (a factor of 10: a slipped unit).", 0.75,
                                   "distance-slipped"))
    return found


def _keros_depth(data: CheckInput) -> list[Candidate]:
    """An olfactory fossa depth outside the Keros type the report gives its side (`grades.keros_contradicted`): the type
    is read from the depth, so the depth is the number in doubt (an 18 mm fossa beside "Keros type II" is 1.8 mm or 8 mm
    mistyped, or deeper than Keros measured at all)."""
    return [candidate(data.report, "measurement", depth.start, depth.end,
                      f"A depth of {depth.text} is Keros type {KEROS_NAMES[keros_type(sizes(depth)[0].largest_mm)]}, but the "
                      f"report gives this side type {KEROS_NAMES[given]}.", 0.7, "keros-depth")
            for depth, given in keros_contradicted(data.report, data.language)]


# A score written as its components and their total ("TLICS: morphology 3, neurology 2, PLC 0 = total 4", "形态1分，神经0分，
# 后方韧带复合体2分，总分5分"): each component a name and a whole number, the total after "=" or a total's word; one the
# components do not add up to is a slip in one of them.
# The name's characters take the spaces before the number (one way to read "abc 1", so a long list is read in linear
# time; a lazy name beside "\s*" had two, which doubled the work with each item), and a part has up to three digits
# (a calcium score's "LAD 120").
_SCORE_NUMBERED = r"[^\W\d_][^,，;；:：=\d\n]*\d{1,3}(?!\d)"  # a part to the end of its number
_SCORE_PART = rf"{_SCORE_NUMBERED}\s*分?"
# A total may be named for its score ("total Agatston score 535", "总积分535": a calcium score's vessels add up to it).
_TOTAL_WORD = r"total(?:\s+(?:Agatston|calcium))?(?:\s+score)?|总(?:钙化)?积?分|合计|共计?"
_SCORE_TOTAL = re.compile(rf"(?P<parts>(?:{_SCORE_PART}\s*[,，、+＋]\s*)+{_SCORE_PART})\s*(?:[=＝]\s*(?:sum|{_TOTAL_WORD})?|"
                          rf"[,，]\s*(?:{_TOTAL_WORD}))\s*(?:score\s*)?[:：]?\s*(?:约|为)?\s*"
                          r"(?P<total>\d{1,3})(?!\d|\.\d)\s*分?(?!\s*(?:mm|cm|%|HU|毫米|厘米))", re.I)


# A calcium score's vessels are each rounded to a whole number from the scanner's fractional scores, and its total is
# rounded from their unrounded sum: the total may differ from the written parts' sum by up to half a point per vessel
# ("LM 0, LAD 120, LCx 35, RCA 80, total Agatston score 236"). A score of whole points (TLICS, 总分) adds up exactly.
_CALCIUM_SCORE = re.compile(r"agatston|calcium|钙化|\b(?:LM|LAD|LCx|RCA)\b", re.I)


# What ends a part's name (`_SCORE_PART`): its number, or a character no name holds. Every letter between two of these
# starts a name that runs to the same end, so all of them match or fail as the first does (`_score_totals`).
_SCORE_NAME_END = re.compile(r"[,，;；:：=\d\n]")
_LETTER = re.compile(r"[^\W\d_]")
# The parts a name opens and those joined after it, to the end of the last one's number (`_score_totals`).
_SCORE_PARTS = re.compile(rf"(?:{_SCORE_PART}\s*[,，、+＋]\s*)*{_SCORE_NUMBERED}")


def _score_totals(text: str) -> Iterator[re.Match]:
    """`_SCORE_TOTAL.finditer(TEXT)`, tried at the first letter of each stretch a name can run over rather than at every
    letter: each try reads to the stretch's end, so trying every letter took time growing with the square of a long
    sentence without commas or numbers. Likewise a try that fails is not made again inside the parts it read
    (`_SCORE_PARTS`): a name there leads into the same parts, so its totals would be tried among those just tried, and
    a long list of named scores without a total ("GCS 15, NIHSS 3, mRS 1, ...") took time growing with its square."""
    at = 0
    while letter := _LETTER.search(text, at):
        if match := _SCORE_TOTAL.match(text, letter.start()):
            yield match
            at = match.end()
        elif parts := _SCORE_PARTS.match(text, letter.start()):
            at = parts.end()
        elif name_end := _SCORE_NAME_END.search(text, letter.start()):
            at = name_end.end()
        else:
            return


def _score_total(data: CheckInput) -> list[Candidate]:
    found = []
    for sentence in data.report.body:
        for match in _score_totals(sentence.text):
            parts = [int(n) for n in re.findall(r"(\d{1,3})\s*分?\s*(?:[,，、+＋]|$)", match.group("parts"))]
            slack = len(parts) / 2 if _CALCIUM_SCORE.search(match.group(0)) else 0
            if len(parts) < 2 or abs(sum(parts) - int(match.group("total"))) <= slack:
                continue
            found.append(candidate(data.report, "measurement", sentence.start + match.start(), sentence.start + match.end(),
                                   f"The components {' + '.join(map(str, parts))} add up to {sum(parts)}, not "
                                   f"{match.group('total')}.", 0.75, "score-total"))
    return found


def _repeated_with_other_sizes(data: CheckInput) -> list[Candidate]:
    """A findings sentence written again with a size changed: the later value contradicts the first."""
    found = []
    for first, later in repeats(data.report):
        for before, after in zip(sizes(first), sizes(later)):
            if before.dims_mm != after.dims_mm:
                found.append(candidate(data.report, "measurement", after.start, after.end,
                                       f"{data.report.text[after.start:after.end]} repeats the earlier "
                                       f"{data.report.text[before.start:before.end]} of the same sentence.", 0.7,
                                       "altered-repeat"))
    return found


_MM_AND_CM = re.compile(r"(?:mm|毫米).*(?:cm|厘米)|(?:cm|厘米).*(?:mm|毫米)")


def _mixed_units(data: CheckInput, pairs) -> list[Candidate]:
    """One lesion measured "1.8 mm x 1.5 cm": axes of one lesion are rarely 5 times apart, so the units
    mixed in one measurement are a slip of one of them."""
    found = []
    for size, _, _ in pairs:
        written = data.report.text[size.start : size.end]
        if len(size.dims_mm) >= 2 and _MM_AND_CM.search(written) and max(size.dims_mm) >= 5 * min(size.dims_mm):
            found.append(candidate(data.report, "measurement", size.start, size.end,
                                   f"{written} mixes millimetres and centimetres in one measurement.", 0.75,
                                   "mixed-units"))
    return found


def _altered_copies(data: CheckInput, pairs) -> list[Candidate]:
    """The impression repeating a findings measurement of two or more axes with one change: every axis in
    another unit ("2.2 x 1.5 cm" becomes "2.2 x 1.5 mm"), or one axis mistyped ("3.1 x 2.4 cm" becomes
    "3.1 x 4.2 cm"). The copy that is odd for its lesion is the slip, else the impression's (written last)."""
    findings_sizes = [(s, e) for s, e, sentence in pairs if sentence.section == "findings" and len(s.dims_mm) >= 2]
    copied = {s.dims_mm for s, _ in findings_sizes}
    found = []
    for size, subject, sentence in pairs:
        if sentence.section != "impression" or len(size.dims_mm) < 2 or size.dims_mm in copied:
            continue
        for peer, peer_subject in findings_sizes:
            if len(peer.dims_mm) != len(size.dims_mm):
                continue
            ratios = {round(a / b, 6) for a, b in zip(size.dims_mm, peer.dims_mm) if b}
            unit_swap = ratios in ({10.0}, {0.1})
            one_axis = sum(a != b for a, b in zip(size.dims_mm, peer.dims_mm)) == 1
            if not (unit_swap or one_axis):
                continue
            lesion = subject or peer_subject
            wrong = peer if lesion and _oddness(data, lesion, peer) > _oddness(data, lesion, size) else size
            found.append(candidate(data.report, "measurement", wrong.start, wrong.end,
                                   f"{data.report.text[size.start:size.end]} repeats {data.report.text[peer.start:peer.end]} "
                                   + ("in another unit." if unit_swap else "with one axis changed."),
                                   0.85 if unit_swap else 0.7, "altered-copy"))
            break
    return found


def sized_entities(data: CheckInput) -> list[tuple[Size, Entity | None, Sentence]]:
    """Each size with the abnormality it measures: the nearest one in its clause, else the nearest one
    written before it in the sentence (None when the sentence measures an organ)."""
    result = []
    addenda = data.report.addenda
    for sentence in data.report.body + addenda:
        here = [e for e in (entities(sentence, data.language) if sentence in addenda else data.entities)
                if e.sentence.index == sentence.index and not e.negated]
        clauses = sentence.clauses()
        for size in sizes(sentence):
            clause = next((c for c in clauses if c.start <= size.start < c.end), sentence)
            in_clause = [e for e in here if clause.start <= e.start < clause.end]
            before = [e for e in here if e.end <= size.start]
            subject = min(in_clause, key=lambda e: abs(e.start - size.start)) if in_clause else (
                before[-1] if before else None
            )
            result.append((size, subject, sentence))
    return result


# A thickness (of a wall, the pleura, a collection's rim) is a few millimetres to a few centimetres.
# ("max thickness 18 cm", "8 mm thick", "最厚处约15cm"; not "thickening over 6 cm", a length).
# A thinned parenchyma or cortex is measured so too ("cortex thinned to 3 mm", "实质变薄，最薄处约3mm").
# A size before "thick-walled" or "厚壁" measures the lesion the word describes ("a 6.2 cm thick-walled cavity").
_THICKNESS_BEFORE = re.compile(r"(?:\bthickness\b|\bthick\b|\bthin(?:ned|ning|nest)?\b|厚|薄)[^\d.;。，,]{0,12}$", re.I)
_THICKNESS_AFTER = re.compile(r"^\s*(?:thick(?![\w-])|厚(?!壁))", re.I)
THICKNESS_RANGE = (0.5, 40.0)
# A displacement (a fracture fragment's, a joint's, the midline's) is bounded by the body: a bone end or the
# midline moves millimetres to a few centimetres, never tens of them ("displaced by 45 cm", "5 cm midline
# shift", "移位约45cm"). A distance is not: it runs along a path, "45 cm from the anal verge" at colonoscopy,
# a line inserted to 45 cm (`_is_distance`).
_DISPLACEMENT_BEFORE = re.compile(r"(?:\b(?:displaced|shifted|dislocated|subluxed|translated|displacement|shift)"
                                  r"(?:\s+(?:by|of))?|移位|[左右前后上下]移)\s*(?:about|approximately|约)?\s*$", re.I)
_DISPLACEMENT_AFTER = re.compile(r"^\s*(?:(?:leftward|rightward|left|right)\s+)?(?:(?:midline|mediastinal)\s+)?"
                                 r"(?:shift|displacement)\b", re.I)
DISPLACEMENT_RANGE = (0.0, 100.0)
# The spinal canal's diameter is a few millimetres at its narrowest (severe stenosis) to about two and a half
# centimetres ("椎管矢状径约1.0mm" is 1.0 cm written in the wrong unit, whatever disc narrows it).
_CANAL_BEFORE = re.compile(r"\b(?:spinal|central)\s+canal\b[^\d.;。，,]{0,25}$|椎管[^\d.;。，,]{0,8}$", re.I)
# A sentence at a vertebral level ("Epidural tumour at T8 narrows the canal to an AP diameter of 6 mm") calls the
# spinal canal just "the canal".
_BARE_CANAL_BEFORE = re.compile(r"\bthe\s+canal\b[^\d.;。，,]{0,25}$", re.I)
_VERTEBRAL_LEVEL = re.compile(r"\b[CTLS]\d{1,2}\b")
CANAL_RANGE = (3.0, 40.0)
# An aortic aneurysm's neck is the healthy aorta between the lowest renal artery (or the left subclavian) and the sac: the
# whole infrarenal aorta is about 10 cm long and the sac takes several centimetres of it, so a neck is none to a few
# centimetres long ("瘤颈长度：15cm" is 15 mm written in the wrong unit; EVAR asks for 10-15 mm).
_NECK_LENGTH_BEFORE = re.compile(r"\bneck\s+length\b[^\d.;。，,]{0,25}$|\blength\s+of\s+the\s+(?:aneurysm(?:al)?\s+|"
                                 r"proximal\s+)?neck\b[^\d.;。，,]{0,25}$|瘤颈(?:长度?|的长度)[^\d.;。，,]{0,8}$", re.I)
NECK_LENGTH_RANGE = (0.0, 60.0)
# A neck length is an aneurysm's only where the sentence, its line label or its heading speaks of one (or of its repair,
# or names the neck by the renal arteries): a femoral neck is long ("Right hip: femoral neck length 65 mm").
_ANEURYSM_CONTEXT = re.compile(r"\baneurysm|\bAAA\b|\bT?EVAR\b|\bendograft|\bstent[- ]?graft|\b(?:infra|supra|juxta)renal\b|瘤",
                               re.I)


# What a thickness of an organ's part measures: its wall, capsule or cortex ("胆囊壁厚约4mm", "肾皮质厚约1.2cm").
_WALL = re.compile(r"\b(?:wall|capsule|cortex|cortical|rim|septum|septa)\b|壁|包膜|被膜|皮质|分隔", re.I)


def _organ_sized_by_thickness(data: CheckInput, size: Size, subject: Entity | None, sentence: Sentence) -> str | None:
    """The solid organ (plausible_sizes.json's "sized_by_thickness") whose thickness SIZE gives as its size ("脾脏增大，厚约
    5.2cm", "the spleen is 5.5 cm thick"): the organ the sentence measures or calls enlarged, with no wall named before the
    size. A spleen of 5 cm is normal or enlarged, never a wall 5 cm thick."""
    if subject is not None and subject.finding != "enlargement":
        return None
    text = data.report.text
    named = organs(Span(sentence.start, size.start, text[sentence.start : size.start]), data.language)
    organ = subject.organ if subject is not None else (named[-1].key if named else None)
    if organ not in plausible_sizes()["sized_by_thickness"] or _WALL.search(text[sentence.start : size.start]):
        return None
    return organ


def _is_displacement(text: str, size: Size) -> bool:
    return bool(_DISPLACEMENT_BEFORE.search(text[max(0, size.start - 30) : size.start])
                or _DISPLACEMENT_AFTER.match(text[size.end : size.end + 40]))


def _is_spinal_canal(before: str, sentence: Sentence) -> bool:
    """The size after BEFORE measures the spinal canal: named so, or "the canal" in a sentence at a vertebral level."""
    return bool(_CANAL_BEFORE.search(before)
                or _BARE_CANAL_BEFORE.search(before) and _VERTEBRAL_LEVEL.search(sentence.text))


def _range_for(data: CheckInput, size: Size, subject: Entity | None, sentence: Sentence):
    table = plausible_sizes()
    text = data.report.text
    if _is_displacement(text, size):
        return "displacement", DISPLACEMENT_RANGE
    if _is_thickness(text, sentence, size):
        organ = _organ_sized_by_thickness(data, size, subject, sentence)
        if organ is not None:
            return f"{organ} thickness", tuple(table["organs"][organ])
        return "thickness", THICKNESS_RANGE
    if _is_spinal_canal(text[max(sentence.start, size.start - 45) : size.start], sentence):
        return "spinal canal", CANAL_RANGE
    if _NECK_LENGTH_BEFORE.search(text[max(sentence.start, size.start - 45) : size.start]) and any(
            _ANEURYSM_CONTEXT.search(span.text) for span in (sentence, data.report.line_label(sentence),
                                                              data.report.heading_of(sentence))):
        return "aneurysm neck length", NECK_LENGTH_RANGE
    calibre = _calibre_measured(data, size, subject, sentence)
    if calibre is not None:
        return calibre.replace("_", " "), table["calibres"][calibre]["range"]
    # A vessel named by its organ ("子宫周围静脉丛明显扩张，最宽约7mm", "子宫周围静脉曲张，最宽约7mm") is measured, not the organ.
    alone = subject is not None and sum(
        1 for e in data.entities if e.sentence.index == sentence.index and not e.negated) == 1 \
        and not vessel_of_the_organ(subject, text, data.language)
    if alone and subject.finding == "dilatation" and subject.organ in table["dilated_lumen"]:
        # "renal pelvis AP 14 mm", "肾盂扩张，前后径约1.3cm": a dilated kidney's pelvis is measured, not the kidney
        return f"dilated {subject.organ.replace('_', ' ')}", table["dilated_lumen"][subject.organ]
    if alone and subject.finding in ("enlargement", "dilatation") and subject.organ in table["organs"]:
        # "the spleen is enlarged, 15 cm", "the aorta is dilated to 43 mm": the organ is what is measured
        return subject.organ.replace("_", " "), table["organs"][subject.organ]
    if subject is not None:
        low, high = table["findings"].get(subject.finding, table["findings"]["any"])
        organ_cap = table["lesion_max_by_organ"].get(subject.organ or "", high)
        if group(subject.finding) == "focal":
            high = min(high, organ_cap)
        return f"{subject.finding} ({subject.organ})" if subject.organ else subject.finding, (low, high)
    if any(e.sentence.index == sentence.index and not e.negated for e in data.entities):
        return "structure", table["findings"]["any"]  # a finding is measured here, not the organ ("no stone" is none)
    clause = sentence.clause_at(size.start)
    named = [m for m in organs(clause, data.language) or organs(sentence, data.language)
             if not VESSEL_AFTER[data.language].match(text, m.end)]
    if named and named[0].key in table["organs"]:
        return named[0].key.replace("_", " "), table["organs"][named[0].key]
    return "structure", table["findings"]["any"]


# A segmental or lobar branch of a vessel is a fraction of its trunk's calibre: "segmental pulmonary artery 4 mm".
# So is one end of a channel joining it: "主肺动脉与降主动脉之间见管状异常连接，肺动脉端内径约4.5mm" (a ductus arteriosus).
_BRANCH = {"en": re.compile(r"\b(?:segmental|subsegmental|lobar|interlobar|branch(?:es)?|end|ostium|orifice)\b", re.I),
           "zh": re.compile(r"段|叶|分支|端|开口")}


def _calibre_measured(data: CheckInput, size: Size, subject: Entity | None, sentence: Sentence) -> str | None:
    """The duct or vessel (plausible_sizes.json's "calibres") whose calibre SIZE gives: the last one named before it in its
    sentence, with no other size, organ or lesion named between them ("The pancreatic duct measures 4 cm", "肺动脉主干增宽，
    直径约3.5mm", "the pancreatic duct is dilated to 8 mm"; not "the pancreatic duct is obstructed by a 4 cm mass") and no
    branch of it. The anatomy names these with their organ, whose size is another (a pancreas of 40 mm is plausible, its
    duct is not)."""
    text = data.report.text
    named = calibre_matcher(data.language).find(text[sentence.start : size.start], sentence.start)
    if not named:
        return None
    key, start, end = named[-1]
    between = Span(end, size.start, text[end : size.start])
    if (subject is not None and subject.start > start and subject.finding not in ("dilatation", "enlargement")
            or organs(between, data.language) or sizes(between)):
        return None
    if _BRANCH[data.language if data.language in _BRANCH else "en"].search(text[max(sentence.start, start - 15) : end + 10]):
        return None
    return key


# An organ written as what its size measures, only measuring words between the two: "The spleen measures 12 mm", "Right
# kidney 10.5 mm", "the abdominal aorta has a maximal diameter of 3.2 mm", "肝脏大小约15mm", "右肾长约10.5mm".
_ORGAN_MEASURED = {
    "en": re.compile(r"(?:\s*(?:(?:is|was|has|a|an|the|its|measures?|measuring|measured|of|in|maximal|maximum|max|"
                     r"diameter|calibre|caliber|length|size|width|thickness|AP|transverse|craniocaudal|long|axis|about|"
                     r"approximately)\b|approx\.?|~|:))*\s*", re.I),
    "zh": re.compile(r"脏?的?(?:大小|[长宽厚高]度?|直径|[横纵长短斜]?径|前后径|上下径|左右径|内径|管径|最大径)?(?:约|为|[:：])?\s*"),
}


def _written_as_the_organ_s_size(data: CheckInput, size: Size, sentence: Sentence, what: str) -> bool:
    """SIZE is written as the organ's own measurement, right after the organ's name (`_ORGAN_MEASURED`); not a size of a
    lesion the lexicon does not name ("Liver: capsular implant in segment 6, 12 mm"), nor of a vessel arising from the
    organ ("供血动脉起自腹主动脉，直径约2.5mm")."""
    text = data.report.text
    clause = sentence.clause_at(size.start)
    named = [m for m in organs(Span(clause.start, size.start, text[clause.start : size.start]), data.language)
             if m.key.replace("_", " ") == what]
    language = data.language if data.language in _ORGAN_MEASURED else "en"
    return bool(named) and _ORGAN_MEASURED[language].fullmatch(text, named[-1].end, size.start) is not None


# The organs' and the calibres' lower bounds are an adult's (plausible_sizes.json).
_ADULT_AGE = 18


def _organ_or_calibre(what: str) -> bool:
    table = plausible_sizes()
    return what.replace(" ", "_") in table["organs"] or what.replace(" ", "_") in table["calibres"]


def _child_bound(age: float | None) -> tuple[float, float] | None:
    """(age in years, mm): the body of a child younger than that bounds every measurement of it (plausible_sizes.json's
    "largest_by_age"); None for an adult or an unknown age."""
    if age is None:
        return None
    return next(((under, mm) for under, mm in plausible_sizes()["largest_by_age"] if age < under), None)


def _bounds(data: CheckInput, size: Size, subject: Entity | None, sentence: Sentence) -> tuple[str, float, float]:
    """What SIZE measures and the plausible range of it (`_range_for`), for the patient's age."""
    what, (low, high) = _range_for(data, size, subject, sentence)
    if data.age is not None and data.age < _ADULT_AGE and _organ_or_calibre(what):
        low = 0.0  # a child's organ or vessel is smaller than an adult's: a 3-month-old's aorta is some 6 mm across
    child = _child_bound(data.age)
    if child is not None and child[1] < high:
        what, high = f"{what} in a child under {counted(int(child[0]), 'year')}", child[1]
    return what, low, high


def _implausible(data: CheckInput, pairs) -> list[Candidate]:
    found = []
    for size, subject, sentence in pairs:
        if _is_distance(data.report.text, size):
            continue
        what, low, high = _bounds(data, size, subject, sentence)
        if low <= size.largest_mm <= high:
            # the usual size of the subject is no measure of how far it has moved
            typical = _typical_range(subject) if subject and what != "displacement" else None
            decimal_mm = re.search(r"\d\.\d\s*(?:mm|毫米)", data.report.text[size.start:size.end])
            # Far outside the usual size, or below it and written as a decimal of millimetres (a "2.5 mm"
            # mass is a 2.5 cm mass typed with the wrong unit).
            if typical and (not typical[0] / 3 <= size.largest_mm <= typical[1] * 3
                            or (decimal_mm and size.largest_mm < typical[0])):
                found.append(candidate(data.report, "measurement", size.start, size.end,
                                       f"{data.report.text[size.start:size.end]} is far outside the usual size of a "
                                       f"{what} ({typical[0]:g}-{typical[1]:g} mm).", 0.5, "atypical-size"))
            continue
        far = size.largest_mm > high * 3 or size.largest_mm < low / 3
        organ_only = subject is None and what.replace(" ", "_") not in plausible_sizes()["calibres"]
        # One that is the organ's normal size in the smaller unit ("CBD 6 cm": 6 mm) is a unit slip for certain,
        # as sure as one measuring a named finding.
        # So is one too small that is its normal size in the larger unit ("the aorta measures 3.2 mm": 3.2 cm), where it is
        # written as the organ's own size.
        normal = plausible_sizes()["normal_organs"].get(what.replace(" ", "_"))
        meant = size.largest_mm / 10 if size.largest_mm > high else size.largest_mm * 10
        unit_slip = bool(normal) and normal[0] <= meant <= normal[1] and (
            size.largest_mm > high or _written_as_the_organ_s_size(data, size, sentence, what))
        # Any other size too small for the organ named beside it is most often a lesion the lexicon does not name
        # ("capsular implant, segment 6, 12 mm"); too large for its organ it stays a slip.
        unnamed_lesion = organ_only and size.largest_mm < low and not unit_slip
        found.append(
            candidate(
                data.report, "measurement", size.start, size.end,
                f"{data.report.text[size.start:size.end]} is implausible for a {what} "
                f"(expected {low:g}-{high:g} mm); probably a unit or decimal slip"
                + (f" ({meant:g} mm is its normal size)." if unit_slip else "."),
                0.4 if unnamed_lesion else (0.85 if far else 0.6) - (0.15 if organ_only and not unit_slip else 0.0),
                "implausible-size",
            )
        )
    return found


def _is_thickness(text: str, sentence: Sentence, size: Size) -> bool:
    return bool(_THICKNESS_BEFORE.search(text[max(sentence.start, size.start - 20) : size.start])
                or _THICKNESS_AFTER.match(text[size.end : sentence.end]))


# A depth ("a 2.5 cm deep laceration", "an air-fluid level 8 mm deep", "深约2.5cm") measures how far a tear or a level
# reaches, no lesion a wall bounds: a haematoma 3 cm thick beside it is no wall thicker than a lesion.
_DEPTH_BEFORE = re.compile(r"(?:\bdepth\s+(?:of\s+)?(?:about\s+|approximately\s+)?|深(?:度)?约?)$", re.I)
_DEPTH_AFTER = re.compile(r"^\s*(?:deep|in depth)\b", re.I)


def _is_depth(text: str, sentence: Sentence, size: Size) -> bool:
    return bool(_DEPTH_BEFORE.search(text[max(sentence.start, size.start - 20) : size.start])
                or _DEPTH_AFTER.match(text[size.end : sentence.end]))


def _thicker_than_its_lesion(data: CheckInput, pairs) -> list[Candidate]:
    """A wall measured thicker than the whole lesion it bounds is measured across: "空洞，大小约2.8cm×2.1cm，壁厚约4cm"
    (4 mm meant). The lesion is the last size written before the thickness in its sentence, a size of its own (no
    thickness, distance, displacement or depth)."""
    text = data.report.text
    found = []
    for sentence in data.report.body:
        measured = [size for size, _, where in pairs if where is sentence]
        lesion = None  # the last size of its own read so far: each size is told once, not again for each thickness after it
        for size in measured:
            if not _is_thickness(text, sentence, size):
                if not (_is_distance(text, size) or _is_displacement(text, size) or _is_depth(text, sentence, size)):
                    lesion = size
                continue
            if lesion is not None and size.largest_mm > lesion.largest_mm:
                found.append(candidate(data.report, "measurement", size.start, size.end,
                                       f"A wall of {text[size.start:size.end]} is thicker than the "
                                       f"{text[lesion.start:lesion.end]} it bounds; probably a unit slip.", 0.75,
                                       "thicker-than-lesion"))
    return found


_DISTANCE_BEFORE = re.compile(r"(?:\b(?:by|within|closest|distance|up to|(?:over|along) a length of)\s*(?:about|approximately)?\s*"
                              r"|距[^，。]{0,6}?约?)$", re.I)
# A response assessment's "sum of diameters 5.2 cm from 7.2 cm" adds several lesions: no one lesion's size; nor does
# mRECIST's sum of pleural thicknesses ("sum of six pleural thickness measurements 82 mm", "厚度之和约82mm（基线61mm）").
_SUM_BEFORE = re.compile(r"(?:\b(?:sum|total) of (?:the )?(?:longest |target |\w+ ){0,3}(?:diameters?|lesions?|"
                         r"thickness(?:es)?|measurements?)\b(?:[^.;]|\.\d){0,20}|(?:总和|之和)[^，。；]{0,10})$", re.I)
_DISTANCE_AFTER = re.compile(r"^\s*(?:from|above|below|beyond|proximal to|distal to)\b", re.I)


def _is_distance(text: str, size: Size) -> bool:
    """"4 cm from the anal verge", "extending by 4 mm", a duct dilated "over a length of 5.5 cm": a distance, depth or
    extent, not the size of a lesion or a calibre, nor a
    displacement ("displaced by 4 mm"), which the body bounds (`_range_for`)."""
    if _is_displacement(text, size):
        return False
    return bool(_DISTANCE_BEFORE.search(text[max(0, size.start - 20) : size.start])
                or _DISTANCE_AFTER.match(text[size.end : size.end + 20])) or _is_sum(text, size)


def _is_sum(text: str, size: Size) -> bool:
    return bool(_SUM_BEFORE.search(text[max(0, size.start - 60) : size.start]))


# A bound of a rule rather than a measurement: "under 1.5 cm needs no follow-up", "nodules of 6 mm or more",
# "小于1cm", "1cm以下".
_THRESHOLD_BEFORE = re.compile(r"(?:\b(?:under|over|below|above|less than|more than|greater than|smaller than|"
                               r"larger than|at least|exceeding)\s*|[<>≤≥＜＞]\s*=?\s*|小于|大于|不足|超过|低于|高于)$", re.I)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:or (?:more|less|larger|smaller|greater|above|below)\b|以[上下]|或以[上下])", re.I)


def _no_lesion_size(text: str, size: Size) -> bool:
    """A number that measures no lesion, so that no lesion's size can disagree with it: a distance (also a change
    since a prior, "increased by 5 mm"), a sum, or a rule's threshold. A Chinese change's amount ("较前增大约3mm") needs
    no exception: its subject is the change word, no lesion (`_contradicted_change` reads the amount). (A
    displacement is compared with displacements alone: `_disagreeing`.)"""
    return (_is_distance(text, size)
            or bool(_THRESHOLD_BEFORE.search(text[max(0, size.start - 20) : size.start])
                    or _THRESHOLD_AFTER.match(text[size.end : size.end + 20])))


def _same_thing(a: Entity, b: Entity) -> bool:
    # Related findings (the findings' "hypodense lesion", the impression's "abscess") and no side
    # comparison: a side slip is the laterality check's business, and the size still has to agree
    # with the lesion it was copied from.
    return related(_as_lesion(a), _as_lesion(b))


def _as_lesion(entity: Entity) -> Entity:
    """ENTITY, a density named by its look ("低密度影", "opacity") in an organ other than the lung, as the lesion it is
    there: "左侧下颌骨体部见膨胀性低密度影，大小约3.2cm" measures the cyst the impression names; in the lung it is an airspace
    opacity, no focal lesion."""
    if entity.finding == "opacity" and entity.organ not in (None, "lung"):
        return replace(entity, finding="lesion")
    return entity


def _elsewhere(a: Entity | None, b: Entity) -> bool:
    return a is not None and (not sides_compatible(a, b) or None not in (a.organ, b.organ) and a.organ != b.organ)


def _typical_range(subject: Entity) -> tuple[float, float]:
    table = plausible_sizes()
    return table["typical_by_organ"].get(subject.organ or "", {}).get(
        subject.finding, table["typical_findings"].get(subject.finding, table["typical_findings"]["any"]))


def _typical(subject: Entity, size: Size) -> bool:
    low, high = _typical_range(subject)
    return low <= size.largest_mm <= high


def _close(a: float, b: float) -> bool:
    """Equal, or one is the other rounded to the half or whole centimetre ("5.4 cm" ... "5 cm")."""
    if abs(a - b) <= max(0.5, 0.05 * max(a, b)):
        return True
    return any(abs(round(x / step) * step - y) < 0.01 for x, y in ((a, b), (b, a)) for step in (5.0, 10.0))


def _copied(size: Size, source: Size, axes: bool = True) -> bool:
    """SIZE gives what SOURCE measures: its largest dimension (or, with AXES, any of them), or a size within a range
    either gives ("2.1 cm" of "2.1-2.4 cm", "2.1-2.4 cm" of "2.2 cm")."""
    written = list(source.dims_mm) if axes else [source.largest_mm]
    if any(_close(end, d) for end in (size.largest_mm, size.least_mm) if end is not None for d in written):
        return True
    return any(r.least_mm is not None and r.least_mm <= other.largest_mm <= r.largest_mm
               for r, other in ((size, source), (source, size)))


def _disagreeing(data: CheckInput, pairs) -> list[Candidate]:
    text = data.report.text
    written = [(s, e) for s, e, sent in pairs if sent.section == "findings"]
    measured = [(s, e) for s, e in written if not _no_lesion_size(text, s)]
    found = []
    for size, subject, sentence in pairs:
        if sentence.section == "findings" or subject is None or _no_lesion_size(text, size):
            continue  # the impression and an addendum restate the findings' sizes
        # A shift of the midline ("中线右移约5mm") is no size of the haematoma that causes it, nor the reverse.
        moved = _is_displacement(text, size)
        # A size the impression marks as today's ("Segment 7 lesion now 3.2 cm") is held to the findings' present sizes: the
        # prior's beside them ("2.3 x 1.9 cm (prior 3.3 x 2.6 cm)") is neither its source nor its peer.
        today = [(s, e) for s, e in written if not (_marked_present(data, size) and _marked_prior(data, s))]
        if _marked_prior(data, size):  # "(previously 8.6 x 7.0 cm)": the comparison, held to the findings' prior sizes
            today = [(s, e) for s, e in written if _marked_prior(data, s)]
        findings_sizes = [(s, e) for s, e in measured if _is_displacement(text, s) == moved and (s, e) in today]
        peers = [s for s, e in findings_sizes if e is not None and e.finding == subject.finding and related(e, subject)]
        peers = peers or [s for s, e in findings_sizes if e is not None and _same_thing(e, subject)]
        here = [s for s, e in findings_sizes if s in peers and not _elsewhere(e, subject)]
        if sentence.section == "impression":
            peers = here or peers  # the lesion on the impression's side and organ, when the findings have it
        else:  # an addendum also adds new lesions: it is compared only with one of the same named organ
            peers = [s for s, e in findings_sizes if s in here and subject.organ and e.organ == subject.organ]
        # A value the findings give to something in this organ and side is a copy; one that equals the size
        # of a lesion elsewhere (the other kidney's stone) is a coincidence.
        copied_from = [s for s, e in today if not _elsewhere(e, subject)]
        if not peers or any(_copied(size, s) for s in copied_from) or _side_slipped(size, subject, written):
            continue
        peer = peers[0]
        same_organ = [s for s, e in findings_sizes if s in peers and e.organ == subject.organ]
        if any(_copied(size, p, axes=False) for p in [peer, *same_organ]):
            continue  # the lesion on the other side, its size copied: the side slipped, not the size
        ratio = max(size.largest_mm / peer.largest_mm, peer.largest_mm / size.largest_mm)
        unit_slip = abs(ratio - 10) < 0.01
        where = "impression" if sentence.section == "impression" else "addendum"
        explanation = (f"The {where} gives {data.report.text[size.start:size.end]} for the "
                       f"{subject.finding.replace('_', ' ')}, the findings {data.report.text[peer.start:peer.end]}"
                       + (" (a factor of 10: unit slip)." if unit_slip else "."))
        # The slip is the value that looks wrong for its finding and unit; when neither does, the
        # impression is the likelier slip (written last, from the findings) and the findings value stays
        # below the precision bar. A millimetre apart is re-measurement, not an error one can be sure of.
        odd_here, odd_there = _oddness(data, subject, size), _oddness(data, subject, peer)
        if odd_here == odd_there:
            sure = 0.4 if abs(size.largest_mm - peer.largest_mm) <= 1.0 else 0.7
            found += [candidate(data.report, "measurement", size.start, size.end, explanation, sure, "size-disagreement"),
                      candidate(data.report, "measurement", peer.start, peer.end, explanation, 0.3, "size-disagreement")]
            continue
        wrong = size if odd_here > odd_there else peer
        found.append(candidate(data.report, "measurement", wrong.start, wrong.end, explanation,
                               0.85 if unit_slip else 0.75, "size-disagreement"))
    return found


def _marked_prior(data: CheckInput, size: Size) -> bool:
    """SIZE is written as the prior study's: "(prior 3.3 x 2.6 cm)", "前次约1.5cm", "1.6 cm a year ago"; a size marked as
    today's is followed by the prior's as often ("现大小约2.3cm（前次约3.3cm）")."""
    language = data.language if data.language in _PRIOR_SIZE else "en"
    text = data.report.text
    return bool(_PRIOR_SIZE[language].search(text[max(0, size.start - 24) : size.start])
                or _PRIOR_AFTER[language].match(text, size.end) and not _marked_present(data, size))


def _marked_present(data: CheckInput, size: Size) -> bool:
    """SIZE is written as today's: "now 3.2 cm", "currently 12 mm", "现约1.5cm"."""
    language = data.language if data.language in _PRESENT_SIZE else "en"
    return bool(_PRESENT_SIZE[language].search(data.report.text[max(0, size.start - 24) : size.start]))


def _prior_size_kept(data: CheckInput) -> list[Candidate]:
    """An impression size that is, to the last axis, only the size the findings give the prior study
    ("现大小约6.8cm×4.2cm（前次约4.2cm×3.0cm）" then "血肿，大小约4.2cm×3.0cm"): copied forward from the last report.
    A size the impression itself marks as the prior's ("3.4 cm (from 8.2 cm)", "(1.6 cm a year ago)") is its
    comparison."""
    language = data.language if data.language in _PRIOR_SIZE else "en"
    priors, present = [], []
    for sentence in data.report.in_section("findings"):
        measured = _prior_and_present(sentence, language, _written_sizes(sentence), {})
        kept = {measured[0]} if measured and not _same_axes(*measured[:2]) else set()
        priors += kept
        present += [size for size in sizes(sentence) if size not in kept]
    found = []
    for sentence in data.report.in_section("impression"):
        for size in sizes(sentence):
            if (_PRIOR_SIZE[language].search(data.report.text[max(sentence.start, size.start - 24) : size.start])
                    or _PRIOR_AFTER[language].match(data.report.text, size.end, sentence.end)):
                continue
            prior = next((p for p in priors if _same_axes(size, p)), None)
            if prior is None or any(_same_axes(size, p) for p in present):
                continue
            found.append(candidate(data.report, "measurement", size.start, size.end,
                                   f"{data.report.text[size.start:size.end]} is the size the findings give the prior "
                                   f"study ({data.report.text[prior.start:prior.end]}), not the present one.", 0.75,
                                   "prior-size-kept"))
    return found


# A size marked as the prior's after it: "(1.6 cm a year ago)", "1.2 cm previously", "1.5cm（前次）", or by the arrow
# a table of lesions writes from the prior's to today's ("靶2 肝S5转移灶：3.6cm→2.7cm", "3.6 cm -> 2.7 cm").
_ARROW = r"(?:→|⟶|-+>)"
_PRIOR_AFTER = {
    "en": re.compile(r"[\s,]*(?:(?:\w+\s+){1,3}ago\b|previously\b|before\b|earlier\b|on the (?:prior|previous)\b|"
                     rf"at the (?:prior|previous|last)\b|{_ARROW})", re.I),
    "zh": re.compile(rf"\s*(?:[（(]?\s*(?:前次|前片|上次|既往|原)|{_ARROW})"),
}


def _same_axes(a: Size, b: Size) -> bool:
    return sorted(a.dims_mm) == sorted(b.dims_mm)


def _side_slipped(size: Size, subject: Entity, written: list[tuple[Size, Entity | None]]) -> bool:
    """SIZE is the size of the same abnormality on the other side, and the findings give it none on SUBJECT's side: the
    impression moved the lesion, not its size ("Macrocystic lesion of the right lower lobe, 4.6 cm" for the left lower
    lobe's 4.6 cm lesion), which the laterality check reports."""
    other_side = [s for s, e in written if e is not None and related(e, subject) and not sides_compatible(e, subject)]
    this_side = [e for _, e in written if e is not None and related(e, subject) and e.side == subject.side]
    return not this_side and any(_copied(size, s) for s in other_side)


def _oddness(data: CheckInput, subject: Entity, size: Size) -> int:
    """How unusual a written size is: outside the finding's usual range, or in an unusual notation
    (a decimal of millimetres such as "3.9 mm", or a whole number of ten or more centimetres)."""
    written = data.report.text[size.start : size.end]
    odd = 0 if _typical(subject, size) else 1
    if re.search(r"\b[1-9]\d*\.\d\s*(?:mm|毫米)", written):
        odd += 1
    if re.search(r"(?<![.\d])[1-9]\d+\s*(?:cm|厘米)", written):
        odd += 1
    return odd


# A percentage written as a band ("Moderate (50-69%) stenosis", "50～69%") is a grade's definition, no measurement: the
# mismatch check holds the grade to the measured percentage (`grades`).
_BAND_LOW = re.compile(r"\d\s*%?\s*[-–~～]\s*$")


def _value_disagreeing(data: CheckInput) -> list[Candidate]:
    """A percentage (stenosis, collapse, height loss), an angle (Böhler's, a kyphosis, a neck's angulation) or a number
    of days (a nodule's volume doubling time) the impression gives differently from every value the findings give the
    same thing: the same finding on its side (each carotid has its own NASCET stenosis, "Left ICA 71% ... Right ICA
    mild (28%) stenosis"), or the same name written before it ("前缘高度丢失约45%" ... "T12椎体前缘高度丢失约25%", "Böhler
    angle 6 degrees" ... "Böhler angle 16 degrees", "体积倍增时间约174天" ... "体积倍增时间约74天"). A finding is no subject
    of an angle or a time: a fracture has several angles, a nodule a size's and a volume's times. Re-measured values
    spread by a few points."""
    def subject_of(sentence, position):
        here = [e for e in data.entities if e.sentence.index == sentence.index and not e.negated]
        return min(here, key=lambda e: abs(e.start - position)) if here else None

    language = data.language if data.language in _VALUE_NAME else "en"
    found = []
    for read, what, by_finding in ((percents, "%", True), (angles, " degrees", False), (_days, " days", False)):
        stated = [(v, subject_of(s, a), _value_name(s, a, language)) for s in data.report.in_section("findings")
                  for v, a, _ in read(s) if not _BAND_LOW.search(data.report.text[:a])]
        for sentence in data.report.in_section("impression"):
            for value, start, end in read(sentence):
                if _BAND_LOW.search(data.report.text[:start]):
                    continue
                subject = subject_of(sentence, start) if by_finding else None
                name = _value_name(sentence, start, language)
                peers = [v for v, e, _ in stated if subject and e and e.finding == subject.finding and related(e, subject)
                         and sides_compatible(e, subject)]
                peers = peers or [v for v, _, n in stated if _same_name(name, n, language)]
                if peers and all(abs(value - v) > 5 for v in peers) and not _regraded_with_its_value(
                        data, sentence, start, peers):
                    found.append(candidate(data.report, "measurement", start, end,
                                           f"The impression gives {value:g}{what}, the findings {peers[0]:g}{what}.",
                                           0.7, "value-disagreement"))
    return found


def _regraded_with_its_value(data: CheckInput, sentence: Sentence, position: int, peers: list[float]) -> bool:
    """The impression's percentage at POSITION grades a stenosis with a word whose band holds it, and no value the
    findings give (PEERS) lies in that band ("轻度狭窄（约30%）" beside "狭窄程度约75%"): the grade moved with the number,
    a classification the findings contradict, which the mismatch check reports (`grades`), not a slip of the number
    alone ("轻度狭窄（约40%）" beside a mild 20%)."""
    return any(claim.clause.start <= position < claim.clause.end and claim.grades
               and not contradicts(claim.values, claim.grades) and contradicts(tuple((v, v) for v in peers), claim.grades)
               for claim in stenoses(sentence, data.report.heading_of(sentence), data.language))


_DAYS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:days?\b|天)", re.I)


def _days(span: Span) -> list[tuple[float, int, int]]:
    """Each number of days SPAN gives ("volume doubling time 174 days", "体积倍增时间约174天"), with its span."""
    return [(float(m.group(1)), span.start + m.start(), span.start + m.end()) for m in _DAYS.finditer(span.text)]


# The words that name a value, written right before it: "Böhler angle 6 degrees", "an AP diameter of 6 mm",
# "前缘高度丢失约45%". A side word is no part of the name (`_same_name` holds the sides apart), nor a verb or "about".
_VALUE_NAME = {
    "en": re.compile(r"(?P<name>(?:[^\W\d_]+(?:['’][^\W\d_]+)?[\s-]+)*[^\W\d_]+(?:['’][^\W\d_]+)?)"
                     r"(?:[\s:=~(]|\b(?:of|is|was|at|measures?|measuring|measured|approximately|about|approx)\b)*$", re.I),
    "zh": re.compile(r"(?P<name>[\u4e00-\u9fff]+?)(?:[\s:：=（(]|约|为|达)*$"),
}
_FILLER_WORDS = re.compile(r"\b(?:of|is|was|at|measures?|measuring|measured|approximately|about|approx)\b", re.I)
_SIDE = {"en": re.compile(r"\b(?:left|right)\b", re.I), "zh": re.compile(r"[左右]")}
# A name shorter than two words or four characters ("stenosis", "狭窄") names too many things to tell them apart.
_LEAST_NAME = {"en": 2, "zh": 4}


def _value_name(sentence: Sentence, position: int, language: str) -> tuple[tuple[str, ...], str | None]:
    """The words naming the value at POSITION in its clause (`_VALUE_NAME`), lower-cased, with the side its sentence
    names before it (None for none): "Right hip: acetabular angle 30 degrees" is the right one's."""
    clause = sentence.clause_at(position)
    before = clause.text[: max(0, position - clause.start)]
    match = _VALUE_NAME[language].search(before)
    side = _SIDE[language].findall(sentence.text[: position - sentence.start])
    side_named = side[-1].lower() if side else None
    if match is None:
        return (), side_named
    name = _SIDE[language].sub(" ", match.group("name").lower())
    words = [w for w in re.split(r"[\s-]+", _FILLER_WORDS.sub(" ", name)) if w] if language == "en" else list(name)
    return tuple(words), side_named


def _same_name(a: tuple[tuple[str, ...], str | None], b: tuple[tuple[str, ...], str | None], language: str) -> bool:
    """Two values named alike: the shorter name ends the longer, and is long enough to name one thing
    (`_LEAST_NAME`); named on two sides, they are two things."""
    shorter = min(len(a[0]), len(b[0]))
    return shorter >= _LEAST_NAME[language] and _shared_ending(a, b) == shorter


def _ends_alike(a: tuple[tuple[str, ...], str | None], b: tuple[tuple[str, ...], str | None], language: str) -> bool:
    """Two values whose names end in the same words, one fewer than `_LEAST_NAME`, on no two sides."""
    return _shared_ending(a, b) >= _LEAST_NAME[language] - 1


def _shared_ending(a: tuple[tuple[str, ...], str | None], b: tuple[tuple[str, ...], str | None]) -> int:
    """How many words the two names end in alike; none when they are named on two sides."""
    (words_a, side_a), (words_b, side_b) = a, b
    if None not in (side_a, side_b) and side_a != side_b:
        return 0
    shared = 0
    while shared < min(len(words_a), len(words_b)) and words_a[-1 - shared] == words_b[-1 - shared]:
        shared += 1
    return shared


_REMEASURED_MM = 1.0  # a length measured again, or copied with a millimetre's slip of the calipers


def _sites(sentence: Sentence, language: str) -> set[str]:
    """The organs and organ parts SENTENCE names (`site_of`: "ascending aorta", "abdominal aorta", "椎管")."""
    return {site_of(sentence.text[m.start - sentence.start : m.end - sentence.start], m.key, language)
            for m in organs(sentence, language)}


def _same_structure(sites: set[str], other_sites: set[str], restated: list[set[str]]) -> bool:
    """Whether an impression length, its sentence naming SITES, and a findings length named alike, its sentence naming
    OTHER_SITES, may measure one structure: a "maximal diameter" of the ascending aorta is no abdominal aorta's. Two
    sentences naming sites share one; an impression naming none ("AAA, maximal diameter 56 mm") measures an unknown
    structure, which is not this one when the findings give its very value in a sentence about another
    (RESTATED: the sites of each findings sentence giving the impression's value)."""
    if sites:
        return not other_sites or bool(sites & other_sites)
    return not any(elsewhere and other_sites and not elsewhere & other_sites for elsewhere in restated)


def _named_length_slipped(data: CheckInput, pairs) -> list[Candidate]:
    """A length the impression gives under the same name (`_same_name`) as the findings, apart from every length they
    give under it by more than a re-measurement's millimetre and the impression's rounding to its last digit ("椎管矢状径约9mm"
    then "椎管矢状径约6mm",
    "central canal AP diameter 10 mm" then "7 mm"): the impression copies its value, and one the findings give another
    thing (the disc's 6 mm) is a coincidence. Or a length the impression gives ten times, or a tenth of, the one the
    findings give under the same name, and that they give nowhere: "骨高度约4.5mm" then "36区骨高度约45mm", "neck length
    1.2 cm" then "neck length 12 cm". A factor of exactly ten is a slipped decimal point or unit, evidence enough that a
    name one word (character) shorter than `_LEAST_NAME` holds the two together; the names need only end alike
    ("牙槽嵴顶至下颌管骨高度", "36区骨高度"). A findings length implausible for what it measures ("最大径约52cm" of an
    aorta, then "52mm") is the slip, `_implausible`'s."""
    language = data.language if data.language in _VALUE_NAME else "en"
    text = data.report.text
    bounds = {size: _bounds(data, size, subject, sentence)[1:] for size, subject, sentence in pairs}
    implausible = {size for size, (low, high) in bounds.items() if not low <= size.largest_mm <= high}

    def lengths(section: str):
        """Each single length SECTION gives, its name and its sentence's sites: those read once per sentence, not once
        per size (a long sentence of many sizes took time growing with its square)."""
        found = []
        for sentence in data.report.in_section(section):
            kept = [size for size in sizes(sentence) if len(size.dims_mm) == 1 and size.least_mm is None
                    and not _no_lesion_size(text, size) and not _marked_prior(data, size)]
            if kept:
                changes, sites = _change_amounts(sentence, language), _sites(sentence, language)
                found += [(size, _value_name(sentence, size.start, language), sites) for size in kept
                          if (size.start, size.end) not in changes]
        return found

    stated = lengths("findings")
    found = []
    for size, name, sites in lengths("impression"):
        restated = [other_sites for other, _, other_sites in stated if _close(size.largest_mm, other.largest_mm)]
        named_alike = [other for other, other_name, other_sites in stated if _same_name(name, other_name, language)
                       and _same_structure(sites, other_sites, restated)]
        slack = _REMEASURED_MM + _last_digit_mm(text[size.start : size.end]) / 2
        if named_alike and not any(other in implausible or abs(size.largest_mm - other.largest_mm) <= slack
                                   for other in named_alike):
            found.append(candidate(data.report, "measurement", size.start, size.end,
                                   f"The impression gives {text[size.start:size.end]}, the findings "
                                   f"{text[named_alike[0].start:named_alike[0].end]} under the same name.", 0.7,
                                   "named-length-changed"))
            continue
        if restated:
            continue  # the findings give this length too
        peer = next((other for other, other_name, _ in stated if other not in implausible
                     and _ends_alike(name, other_name, language) and any(abs(size.largest_mm - other.largest_mm * factor) < 1e-6 for factor in (10, 0.1))), None)
        if peer is not None:
            found.append(candidate(data.report, "measurement", size.start, size.end,
                                   f"The impression gives {text[size.start:size.end]}, the findings "
                                   f"{text[peer.start:peer.end]} under the same name (a factor of 10: a slipped "
                                   "decimal point or unit).", 0.75, "named-length-slipped"))
    return found


def _measures(tissue: re.Pattern, sentence: Sentence, position: int) -> bool:
    """The attenuation at POSITION measures the TISSUE its sentence names: the tissue is named before it, not denied, and no
    other attenuation comes between ("脂肪密度影，CT值约-60HU，实性部分CT值约40HU": the 40 HU is the solid part's). A tissue
    named after the value or denied ("35 HU, with no macroscopic fat", "CT值约35HU，周围脂肪间隙清晰") is another thing's."""
    before = sentence.text[: position - sentence.start]
    named = [m for m in tissue.finditer(before) if not _TISSUE_DENIED.search(before[: m.start()])]
    if not named:
        return False
    return not any(start - sentence.start >= named[-1].end() for _, start, _ in hounsfield(sentence)
                   if start < position)


def _attenuation(data: CheckInput) -> list[Candidate]:
    found = []
    for sentence in data.report.body:
        for value, start, end in hounsfield(sentence):
            problem = None
            if not _HU_RANGE[0] <= value <= _HU_RANGE[1]:
                problem = "outside the Hounsfield scale"
            elif value > 20 and _measures(_FAT, sentence, start):
                problem = "too dense for fat (about -150 to -30 HU)"
            elif value > 30 and _measures(_WATER, sentence, start):
                problem = "too dense for fluid (about 0-20 HU)"
            elif value > _SOFT_TISSUE_MAX_HU and _low_density_lesion(data, sentence, start):
                problem = "too dense for a lesion called low-density (soft tissue is under about 100 HU)"
            if problem:
                found.append(
                    candidate(data.report, "measurement", start, end, f"{data.report.text[start:end]} is {problem}.",
                              0.7, "attenuation")
                )
    return found


# A vertebra's height loss or slip given in per cent beside the two measurements it is a share of: "前缘高约1.2cm，后缘高约
# 2.4cm，前缘压缩约25%" (a loss of 1 - 1.2/2.4, 50%), "L4向前滑移约0.9cm，L5上终板前后径约3.6cm，滑脱约50%" (a slip of
# 0.9/3.6, 25%, Meyerding grade I), "anterior height 1.1 cm, posterior 2.2 cm, 50% height loss".
_SHARE_OF_SIZES = {
    "en": re.compile(r"(?P<share>\d+(?:\.\d+)?)\s*%\s*(?:anterior\s+|vertebral\s+|body\s+)*(?:height\s+loss|loss\s+of\s+"
                     r"(?:vertebral\s+|body\s+)?height|compression|wedging|collapse|slip|(?:antero|retro)?listhesis)\b"
                     r"|\b(?:height\s+loss|compression|slip|(?:antero|retro)?listhesis)\s+(?:of\s+)?(?:about\s+|approximately\s+)?"
                     r"(?P<after>\d+(?:\.\d+)?)\s*%", re.I),
    "zh": re.compile(r"(?:压缩|高度丢失|高度减低|滑脱|滑移)(?:程度)?(?:约|大约)?(?P<after>\d+(?:\.\d+)?)\s*%"),
}


def _share_of_two_sizes(data: CheckInput) -> list[Candidate]:
    """A height loss or slip in per cent that the sentence's own two single measurements give neither as their ratio
    (a slip, of the vertebra below's depth) nor as one less it (a height loss, of the posterior height): read either
    way, so that no wording of which is which is needed; within a rounding of 5 points."""
    found = []
    for sentence in data.report.body:
        measured = [s for s in sizes(sentence) if len(s.dims_mm) == 1 and s.least_mm is None]
        for match in _SHARE_OF_SIZES[data.language].finditer(sentence.text):
            before = [s for s in measured if s.end <= sentence.start + match.start()]
            if len(before) != 2 or min(s.largest_mm for s in before) <= 0:
                continue
            low, high = sorted(s.largest_mm for s in before)
            share = float(match.groupdict().get("share") or match.group("after"))
            ratio = 100 * low / high
            if min(abs(share - ratio), abs(share - (100 - ratio))) > _SHARE_ERROR:
                found.append(candidate(data.report, "measurement", sentence.start + match.start(),
                                       sentence.start + match.end(), f"{low / 10:g} and {high / 10:g} cm give {ratio:.0f}% "
                                       f"(or {100 - ratio:.0f}% less), not {share:g}%.", 0.75, "share-of-sizes"))
    return found


# An adrenal washout given beside the three attenuations it is computed from, each named by its phase ("Unenhanced: 32 HU",
# "Portal venous (60 s): 96 HU", "Delayed (15 min): 48 HU"; "平扫CT值约32HU", "门脉期约96HU", "延迟期约48HU"): absolute
# (E - D) / (E - U), relative (E - D) / E, in per cent (the ACR white paper on incidental adrenal masses). A threshold
# ("washout above 60%") is no result.
_PHASES = {
    "en": {"unenhanced": r"\b(?:unenhanced|non-?contrast|pre-?contrast)\b",
           "enhanced": r"\b(?:portal venous|venous|enhanced|post-?contrast)\b", "delayed": r"\b(?:delayed|15[- ]?min)"},
    "zh": {"unenhanced": r"平扫", "enhanced": r"门脉期|门静脉期|静脉期|增强", "delayed": r"延迟"},
}
_WASHOUT = {
    "en": re.compile(r"\b(?P<kind>absolute|relative)\s+(?:percentage\s+)?washout\s*(?:of|is|was|=|:)?\s*(?:about\s+|"
                     r"approximately\s+|~\s*)?(?P<value>\d+(?:\.\d+)?)\s*%", re.I),
    "zh": re.compile(r"(?P<kind>绝对|相对)(?:廓清率|廓清|洗脱率|清除率)\s*(?:约|为|[:：=])?\s*(?P<value>\d+(?:\.\d+)?)\s*%"),
}


def phase_attenuations(data: CheckInput) -> dict[str, float]:
    """The findings' attenuation in each phase (`_PHASES`), each the value written after its phase's name in its
    sentence; a phase given no value or two is left out."""
    values: dict[str, set[float]] = {}
    for sentence in data.report.in_section("findings"):
        last = 0
        for value, start, _ in hounsfield(sentence):
            before = sentence.text[last : start - sentence.start]
            named = [(m.end(), phase) for phase, pattern in _PHASES[data.language].items()
                     for m in re.finditer(pattern, before, re.I)]
            if named:
                values.setdefault(max(named)[1], set()).add(value)
            last = start - sentence.start
    return {phase: next(iter(found)) for phase, found in values.items() if len(found) == 1}


def _washout(data: CheckInput) -> list[Candidate]:
    """An absolute or relative washout the report's own three phase attenuations do not give, within 5 points. A report
    writing its calculation out is held to it (`_miscalculated`): its result quoted again is the same error."""
    phases = phase_attenuations(data)
    if len(phases) < 3 or any(_CALCULATION.search(s.text) for s in data.report.body):
        return []
    unenhanced, enhanced, delayed = phases["unenhanced"], phases["enhanced"], phases["delayed"]
    expected = {"absolute": 100 * (enhanced - delayed) / (enhanced - unenhanced) if enhanced != unenhanced else None,
                "relative": 100 * (enhanced - delayed) / enhanced if enhanced else None}
    found = []
    for sentence in data.report.body:
        for kind, value, start, end in washouts(sentence, data.language):
            right = expected[kind]
            if right is not None and abs(value - right) > _SHARE_ERROR:
                found.append(candidate(data.report, "measurement", start, end, f"The {kind} washout of {unenhanced:g}, "
                                       f"{enhanced:g} and {delayed:g} HU is {right:.0f}%, not {value:g}%.", 0.75,
                                       "washout"))
    return found


def washouts(span: Span, language: str) -> list[tuple[str, float, int, int]]:
    """Each absolute or relative washout SPAN states (`_WASHOUT`): its kind ("absolute", "relative"), its percentage,
    and where it is written in the report."""
    return [({"绝对": "absolute", "相对": "relative"}.get(m.group("kind"), m.group("kind").lower()),
             float(m.group("value")), span.start + m.start(), span.start + m.end())
            for m in _WASHOUT[language].finditer(span.text)]


def _low_density_lesion(data: CheckInput, sentence: Sentence, position: int) -> bool:
    """SENTENCE calls a lesion low-density before POSITION, where an unenhanced attenuation of no bone is given: no
    enhanced phase named in the value's clause, nor between the low-density word and the value ("内见小片状低密度坏死区，
    增强动脉期明显不均匀强化，CT值约150HU" gives the mass's arterial phase, not the necrosis's density)."""
    clause = sentence.clause_at(position)
    bone = any(anatomy()[m.key].get("family") == "skeleton" or m.key in ("bone", "spine")
               for m in organs(sentence, data.language))
    low = [m.end() for m in _LOW_DENSITY.finditer(data.report.text, sentence.start, position)]
    return (bool(low) and not _ENHANCED_PHASE.search(data.report.text[min(clause.start, low[-1]) : position])
            and not bone)


# The ABC/2 (Kothari, 多田公式) estimate of a haematoma's volume: the product of its three axes in centimetres,
# halved, in millilitres; an estimate, so only a result off by more than a quarter is held against the axes.
_ABC2 = re.compile(r"ABC\s*/\s*2|Kothari|Tada|多田", re.I)
# A volume, in millilitres or in litres ("1.2 L", "1.5升"): an "L" after its number, where a vertebra's comes before
# ("L4"), and not a rate ("2 L/min" of oxygen) nor a rise ("升高"); its thousands grouped by commas as English writes
# them ("1,100 mL": not 100 mL).
_VOLUME = re.compile(r"(?<![\d,.])(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
                     r"(?:(?P<ml>ml|mL|cc|毫升|cm3|cm³)|(?P<litre>L|[Ll]it(?:re|er)s?|升(?!高)))(?![A-Za-z/])")


def _volumes(span: Span) -> list[tuple[float, int, int]]:
    """SPAN's volumes in millilitres, with where each is written."""
    return [(float(m.group("value").replace(",", "")) * (1000.0 if m.group("litre") else 1.0), span.start + m.start(),
             span.start + m.end()) for m in _VOLUME.finditer(span.text)]


# A total of the two sides' volumes ("Total kidney volume: 2104 mL" of polycystic kidneys, "双肾总体积约2104ml") written
# after the right one's and the left one's: their sum. The parts are each rounded, so the total may stray by a few per cent.
_TOTAL = {"en": re.compile(r"\b(?:total|combined)\b", re.I), "zh": re.compile(r"总(?:体积|容积|量)|合计|共计")}
_TOTAL_SHARE_ERROR = 0.03


def _total_of_its_sides(data: CheckInput) -> list[Candidate]:
    """A total the findings give after exactly one right and one left volume, beyond their sum by more than their
    rounding: one of the three was mistyped. Volumes written after the total's word belong to it, not to a side."""
    language = data.language if data.language in _TOTAL else "en"
    text = data.report.text
    found, by_side = [], {}
    for sentence in data.report.in_section("findings"):
        total = _TOTAL[language].search(sentence.text)
        for value, start, end in _volumes(sentence):
            if total is None or start < sentence.start + total.end():
                side = _SIDE[language].findall(text[sentence.start : start])
                if side:
                    by_side.setdefault(side[-1].lower(), []).append(value)
                continue
            parts = [values[0] for values in by_side.values() if len(values) == 1]
            if len(by_side) != 2 or len(parts) != 2:
                continue  # one side's volume, or several: no two parts to add
            if abs(value - sum(parts)) > _TOTAL_SHARE_ERROR * sum(parts):
                found.append(candidate(data.report, "measurement", start, end,
                                       f"The right and the left volume, {parts[0]:g} and {parts[1]:g} mL, add up to "
                                       f"{sum(parts):g} mL, not {text[start:end]}.", 0.75, "total-of-sides"))
    return found


# A volume's change written as a share beside its two volumes ("800 mL, now 200 mL, a 75% reduction", "置管前约800mL，
# 现约200mL，减少约75%"): a fall is a share of the larger volume, a rise of the smaller, whichever the sentence names first.
_CHANGE_SHARE = {
    "en": re.compile(rf"\b(?:(?P<down>{CHANGE_WORDS['en']['down']}|fall|fell|drop(?:ped)?)|(?P<up>{CHANGE_WORDS['en']['up']}|"
                     r"rise|rose))\s+(?:of\s+|by\s+)?(?:about\s+|approximately\s+|~\s*)?(?P<share>\d+(?:\.\d+)?)\s*%", re.I),
    "zh": re.compile(rf"(?:(?P<down>{CHANGE_WORDS['zh']['down']}|下降|降低)|(?P<up>{CHANGE_WORDS['zh']['up']}|增多|升高))"
                     r"(?:了)?(?:约|大约)?(?P<share>\d+(?:\.\d+)?)\s*%"),
}
_SHARE_ERROR = 5.0  # percentage points: a share rounded to a round figure ("about 50%")


def _volume_change_share(data: CheckInput) -> list[Candidate]:
    """A change in per cent that the sentence's own two volumes do not give."""
    found = []
    for sentence in data.report.body:
        written = [value for value, _, _ in _volumes(sentence)]
        if len(written) != 2 or min(written) <= 0:
            continue
        low, high = sorted(written)
        for match in _CHANGE_SHARE[data.language].finditer(sentence.text):
            before, after = (high, low) if match.group("down") else (low, high)
            expected = 100 * abs(after - before) / before
            if abs(float(match.group("share")) - expected) > _SHARE_ERROR:
                found.append(candidate(data.report, "measurement", sentence.start + match.start(),
                                       sentence.start + match.end(), f"From {before:g} to {after:g} mL is a change of "
                                       f"{expected:.0f}%, not {match.group('share')}%.", 0.75, "volume-change-share"))
    return found


def _volume_disagreeing(data: CheckInput) -> list[Candidate]:
    """The impression giving a finding a volume the findings give it in no unit: "1.2 L" in the findings, "120 mL" in
    the impression. A volume measures the finding written before it in its sentence; one the findings give to any
    related finding (a prior volume too) is a copy. A factor of ten, a hundred or a thousand is a unit slip."""
    def measured(section: str) -> list[tuple[float, int, int, Entity | None]]:
        found = []
        for sentence in data.report.in_section(section):
            here = [e for e in data.entities if e.sentence.index == sentence.index and not e.negated]
            for value, start, end in _volumes(sentence):
                before = [e for e in here if e.end <= start]
                found.append((value, start, end, before[-1] if before else None))
        return found

    stated = measured("findings")
    found = []
    for value, start, end, subject in measured("impression"):
        peers = [v for v, _, _, e in stated if subject is not None and e is not None and related(e, subject)]
        if not peers or value <= 0 or any(abs(value - v) <= _VOLUME_ERROR * max(value, v) for v in peers):
            continue
        ratio = max(value, peers[0]) / min(value, peers[0])
        unit_slip = any(abs(ratio - factor) <= _VOLUME_ERROR * factor for factor in (10, 100, 1000))
        found.append(candidate(data.report, "measurement", start, end,
                               f"The impression gives {data.report.text[start:end]} for the "
                               f"{subject.finding.replace('_', ' ')}, the findings {peers[0]:g} mL"
                               + (" (a unit slip)." if unit_slip else "."), 0.85 if unit_slip else 0.7,
                               "volume-disagreement"))
    return found


_VOLUME_ERROR = 0.1  # a volume is an estimate: a tenth apart is the same one rounded


def _abc2_volume(data: CheckInput) -> list[Candidate]:
    """A volume said to be ABC/2 that the report's only three-axis measurement does not give."""
    axes = [s for sentence in data.report.in_section("findings") for s in sizes(sentence) if len(s.dims_mm) == 3]
    if len(axes) != 1:
        return []
    a, b, c = (d / 10 for d in axes[0].dims_mm)
    expected = a * b * c / 2
    found = []
    for sentence in data.report.body:
        if not _ABC2.search(sentence.text):
            continue
        for stated, start, end in _volumes(sentence):
            if abs(stated - expected) > 0.25 * expected:
                found.append(candidate(data.report, "measurement", start, end,
                                       f"ABC/2 of {data.report.text[axes[0].start:axes[0].end]} is about {expected:.3g} ml, "
                                       f"not {data.report.text[start:end]}.", 0.75, "abc2-volume"))
    return found


# An ABC/2 written out with its three axes and its result ("ABC/2 volume: 32 x 25 x 30 / 2 = about 24 mL"), the axes
# without a unit of their own: read in centimetres the product halved is the millilitres, read in millimetres a
# thousandth of it; a result neither reading gives (within the estimate's quarter) is a slip in the sum.
_ABC2_WRITTEN = re.compile(r"(?<![\d.])(?P<a>\d+(?:\.\d+)?)\s*[x×X*]\s*(?P<b>\d+(?:\.\d+)?)\s*[x×X*]\s*"
                           r"(?P<c>\d+(?:\.\d+)?)\s*(?:mm|cm)?\s*/\s*2\s*[=≈＝]\s*(?:about|approximately|approx\.?|~|约)?\s*")


def _abc2_written_out(data: CheckInput) -> list[Candidate]:
    """A volume said to be ABC/2 that the three axes written in its own calculation give in neither unit."""
    found = []
    for sentence in data.report.body:
        if not _ABC2.search(sentence.text):
            continue
        for match in _ABC2_WRITTEN.finditer(sentence.text):
            if _CALCULATION.match(sentence.text, match.start()):
                continue  # a plain "A x B x C / 2 = V" is `_miscalculated`'s
            product = float(match.group("a")) * float(match.group("b")) * float(match.group("c")) / 2
            volume = [v for v in _volumes(sentence) if v[1] == sentence.start + match.end()]
            if not volume:
                continue
            stated, start, end = volume[0]
            if all(abs(stated - expected) > 0.25 * expected for expected in (product, product / 1000)):
                found.append(candidate(data.report, "measurement", start, end,
                                       f"{match.group(0).split('/')[0].strip()} / 2 is about {product:g} ml in "
                                       f"centimetres or {product / 1000:g} ml in millimetres, not "
                                       f"{data.report.text[start:end]}.", 0.75, "abc2-volume"))
    return found


# Indices radiologists compute from two measurements, by how: a share of one length in another is below one (Evans'
# index of the frontal horns in the skull, the cardiothoracic ratio, the frontal and occipital horn ratio); the Haller
# index divides the chest's width by its depth, the larger by the smaller; the cephalic index the head's breadth by its
# length, in per cent. An index of a share at one or more is a slipped decimal point (Evans指数约4.2); one its two
# measurements, written before it on its line, do not give is a slip in one of the three.
_INDICES = {
    "share": (r"\bevans(?:'s?)?\s+(?:index|ratio)|\bcardio-?thoracic ratio|\bCTR\b"
              r"|\bfrontal(?:\s+and|-)\s*occipital horn ratio|\bFOHR\b", r"Evans指数|埃文斯指数|心胸比(?:率|例)?|额枕角比"),
    "larger by smaller": (r"\bhaller(?:'s)?\s+index", r"Haller指数|哈勒指数"),
    "smaller by larger, in per cent": (r"\b(?:cephalic|cranial)\s+index", r"头颅指数|颅指数|头指数"),
}
_INDEX_VALUE = re.compile(r"^\s*(?:of|is|was|=|:|：|约|为|measures?|measuring|approximately|about|~|\s)*"
                          r"(?P<value>\d+(?:\.\d+)?)(?!\.?\d|\s*%)", re.I)


def _index_against_its_inputs(data: CheckInput) -> list[Candidate]:
    column = 0 if data.language == "en" else 1
    found = []
    for sentence in data.report.body:
        for how, patterns in _INDICES.items():
            for name in re.finditer(patterns[column], sentence.text, re.I):
                value = _INDEX_VALUE.match(sentence.text[name.end():])
                if value is None:
                    continue
                stated = float(value.group("value"))
                start, end = sentence.start + name.start(), sentence.start + name.end() + value.end()
                expected = _index_of(data, how, start, stated)
                if expected is None:
                    continue
                decimals = len(value.group("value").partition(".")[2])
                if abs(expected - stated) > max(0.5 * 10 ** -decimals, 0.03 * stated):
                    why = ("a share of one length in another is below one" if how == "share"
                           else f"its two measurements give {expected:.3g}")
                    found.append(candidate(data.report, "measurement", start, end, f"{data.report.text[start:end]}: {why}.",
                                           0.75, "index-against-inputs"))
    return found


def _index_of(data: CheckInput, how: str, at: int, stated: float) -> float | None:
    """What the index written at AT should be: for a share, something below one when STATED is a ratio of one or more
    (under ten: a per cent written without its sign is no ratio); else the ratio of the two measurements its line writes
    before it, None when it writes other than two."""
    if how == "share":
        return 0.0 if 1 <= stated < 10 else None
    line_start = data.report.text.rfind("\n", 0, at) + 1
    before = Span(line_start, at, data.report.text[line_start:at])
    lengths = [s.largest_mm for s in sizes(before) if len(s.dims_mm) == 1]
    if len(lengths) != 2 or min(lengths) <= 0:
        return None
    small, large = sorted(lengths)
    return large / small if how == "larger by smaller" else 100 * small / large


# A volume written beside the three axes it was estimated from ("7.0 x 5.2 x 6.1 cm, estimated volume 115 mL",
# "ellipsoid volume", "体积约9.4cm³（按0.52×长×宽×高计算）"): the ellipsoid the axes span, pi/6 of their product (ABC/2 is near it). A
# volumetric measurement of an irregular collection strays from the ellipsoid, but not by a factor of two; a volume ten
# times its axes' is a slipped decimal point.
_ELLIPSOID = 3.14159 / 6
_VOLUME_FACTOR = 2.0


def _volume_beside_its_axes(data: CheckInput) -> list[Candidate]:
    found = []
    for sentence in data.report.body:
        axes = [s for s in sizes(sentence) if len(s.dims_mm) == 3]
        if len(axes) != 1 or _ABC2.search(sentence.text):
            continue  # two bodies measured, or an ABC/2 volume (`_abc2_volume`)
        a, b, c = (d / 10 for d in axes[0].dims_mm)
        expected = _ELLIPSOID * a * b * c
        for stated, start, end in _volumes(sentence):
            if not expected / _VOLUME_FACTOR <= stated <= expected * _VOLUME_FACTOR:
                found.append(candidate(data.report, "measurement", start, end,
                                       f"An ellipsoid of {data.report.text[axes[0].start:axes[0].end]} holds about "
                                       f"{expected:.3g} mL, not {data.report.text[start:end]}.", 0.75, "volume-against-axes"))
    return found


# A change since a prior study that its own two sizes contradict: "increased from 2.1 cm to 1.8 cm", "enlarged, now
# 12 mm (previously 15 mm)", "较前缩小（前次1.5cm，本次2.0cm）", "较前增大约0.3cm" beside 4.3 and 5.1 cm. The prior size
# is the one its words mark ("previously", "prior", "from", "前次", "前片约", "由"); the present one the one marked
# "now", "to", "本次", "现最大外径约", "至", else the sentence's only other size (a third, "瘤颈长约2.0cm", leaves
# it unknown).
_PRIOR_SIZE = {
    "en": re.compile(r"\b(?:previously|prior|formerly|from|on the (?:prior|previous) (?:study|scan|exam|CT))"
                     r"(?:\s+(?:measuring|measured|about|approximately|approx\.?|~))*\s*:?\s*$", re.I),
    "zh": re.compile(r"(?:(?:前次|前片|上次|既往)[^\d，。；;,、（）()]{0,6}|(?:原|由|从)(?:约|为|是)?)\s*[:：]?\s*$"),
}
_PRESENT_SIZE = {
    "en": re.compile(r"(?:\b(?:now|currently|today|to)(?:\s+(?:measuring|measures|about|approximately|approx\.?|~))*"
                     rf"\s*:?|{_ARROW})\s*$", re.I),
    "zh": re.compile(r"(?:(?:本次|此次|(?<![发出表体])现|目前)[^\d，。；;,、（）()]{0,6}|(?:至|到)(?:约|为)?|"
                     rf"{_ARROW})\s*[:：]?\s*$"),
}
# "容积缩小" is a lung's or a lobe's volume loss ("伴局部容积缩小及牵拉性支气管扩张", as "volume loss" in English): a sign of
# fibrosis or collapse, the state of the lung around the lesion, not the lesion's change in size. "较前" before it still
# compares ("容积较前缩小").
_VOLUME_STATE = r"(?<!容积)"
# The words of a change, and its amount when stated ("increased by 3 mm", "较前增大约0.3cm"). A past participle
# before a noun names a state, not a change ("enlarged node", "increased density", "reduced enhancement"); "较前"
# or a prior size beside the Chinese words says they compare.
_STATE_NOUN = (r"(?!\s+(?!(?:in|of|by|from|to|since|now|and|compared|over|on|at|when|slightly|further|"
               r"interval)\b)[a-z])")
_PARTICIPLE_STATE = rf"(?:(?<!ed)(?<!wn)(?<!unk)(?<!unken)|{_STATE_NOUN})"  # the participles of `CHANGE_WORDS`
_CHANGE = {
    "en": re.compile(rf"\b(?P<word>(?P<up>{CHANGE_WORDS['en']['up']})|{CHANGE_WORDS['en']['down']})\b{_PARTICIPLE_STATE}"
                     r"(?:\s+in\s+size)?(?:\s+(?:by|of)\s+(?:about\s+|approximately\s+)?"
                     r"(?P<amount>\d+(?:\.\d+)?\s*(?:mm|cm)))?", re.I),
    "zh": re.compile(rf"(?:较前[片次]?|{_VOLUME_STATE})(?P<word>(?P<up>{CHANGE_WORDS['zh']['up']})|{CHANGE_WORDS['zh']['down']})(?:了)?(?:约)?"
                     r"(?P<amount>\d+(?:\.\d+)?\s*(?:mm|cm|毫米|厘米))?"),
}


# A size said not to have changed ("stable", "unchanged", "无明显变化", "较前相仿") may still differ from the prior by a
# reader's measurement error, about 2 mm (Fleischner's smallest growth held real) and less than RECIST's 20%: only a
# difference beyond both, and beyond the sizes' rounding, contradicts the word.
_STABLE = {
    "en": re.compile(rf"\b(?P<word>{STABLE_WORDS['en']})\b", re.I),
    "zh": re.compile(rf"(?:较前[片次]?|与前[片次]?)?(?P<word>{STABLE_WORDS['zh']})"),
}
_STABLE_MM = 2.0
_STABLE_SHARE = 0.2
# A change word under a negation ("not increased", "without interval decrease", "较前未见明显增大") says the size did
# not go that way: beside "stable" it is the same statement, and only a size that went that way by more than a
# reader's measurement error contradicts it ("not increased" beside 1.5 then 1.3 cm is no contradiction).
_DENIED_CHANGE = {
    "en": re.compile(r"\b(?:no|not|without|nor)\b(?:\s+(?:significant(?:ly)?|appreciabl[ey]|interval|further|definite|"
                     r"obvious(?:ly)?|substantial(?:ly)?|measurabl[ey]|much|been|changed\s+or))*\s*$", re.I),
    "zh": re.compile(r"(?:未见|未|无|不|没有)(?:明显|显著|明确)?$"),
}


# A number range writes its unit once, after its second number: "from 2.1 to 1.8 cm", "由1.9至1.2cm".
_SHARED_UNIT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:to|至|到)\s*$", re.I)


def _written_sizes(sentence: Sentence) -> dict[Size, str]:
    """A sentence's sizes with their written text, a bare number given the unit of the size its range ends on, so
    that a change written "from 2.1 to 1.8 cm" has its prior size, rounded to its own last digit. A distance from a
    landmark (`_is_distance`: "wall thickening from 28 to 34 cm from the incisors has decreased") says where the
    lesion lies, not how large it is or was: it is no size of a change, nor is the number its range begins on."""
    found = {size: sentence.text[size.start - sentence.start : size.end - sentence.start] for size in sizes(sentence)
             if not _is_distance(sentence.text, replace(size, start=size.start - sentence.start,
                                                        end=size.end - sentence.start))}
    for size, written in list(found.items()):
        match = _SHARED_UNIT.search(sentence.text[: size.start - sentence.start])
        if not match or len(size.dims_mm) != 1:
            continue
        unit = re.search(r"(?:mm|cm|毫米|厘米)$", written).group(0)
        value = float(match.group(1)) * (10.0 if unit in ("cm", "厘米") else 1.0)
        shared = Size(value, (value,), sentence.start + match.start(1), sentence.start + match.end(1))
        found[shared] = f"{match.group(1)} {unit}"
    return found


def _contradicted_change(data: CheckInput) -> list[Candidate]:
    """Only a sentence that names one prior and one present size and changes of one direction is read: two
    lesions' sizes in one sentence cannot be told apart. The sizes may be rounded to their last digit, as may an
    amount, which is written "about" as often as not."""
    language = data.language if data.language in _CHANGE else "en"
    text = data.report.text
    found = []
    for sentence in data.report.body:
        changes, denied = [], []
        for m in _CHANGE[language].finditer(sentence.text):
            (denied if _DENIED_CHANGE[language].search(sentence.text[: m.start("word")]) else changes).append(m)
        stable = _STABLE[language].search(sentence.text)
        if not (changes or stable or denied) or len({bool(m.group("up")) for m in changes + denied}) > 1:
            continue
        amounts = {(sentence.start + m.start("amount"), sentence.start + m.end("amount")): m for m in changes
                   if m.group("amount")}
        written_sizes = _written_sizes(sentence)
        measured = _prior_and_present(sentence, language, written_sizes, amounts)
        if measured is None:
            continue
        before, after, rounding = measured
        change = after.largest_mm - before.largest_mm
        said = changes[0] if changes else stable or denied[0]
        opening = said.start() if said in changes or said is stable else _DENIED_CHANGE[language].search(
            sentence.text[: said.start("word")]).start()
        first = min(opening + sentence.start, before.start, after.start)
        last = max(said.end() + sentence.start, before.end, after.end)
        written = written_sizes[before], written_sizes[after]
        beyond_error = _beyond_error(before, rounding)
        if changes:
            contradicted = (change < -rounding) if said.group("up") else (change > rounding)
        elif stable:
            contradicted = abs(change) > beyond_error
        else:
            contradicted = (change if said.group("up") else -change) > beyond_error
        if contradicted:
            words = sentence.text[opening : said.end("word")] if said in denied else said.group("word")
            found.append(candidate(data.report, "measurement", first, last,
                                   f"Says {words.lower()}, but the size went from {written[0]} to "
                                   f"{written[1]}.", 0.75, "contradicted-change"))
        for (start, end), stated in amounts.items():
            amount = sizes(Span(start, end, text[start:end]))[0]
            slack = rounding + _last_digit_mm(text[start:end]) / 2
            if abs(abs(change) - amount.largest_mm) > slack:
                found.append(candidate(data.report, "measurement", sentence.start + stated.start(), end,
                                       f"{written[0]} to {written[1]} is a change of {abs(change):g} mm, not "
                                       f"{text[start:end]}.", 0.75, "contradicted-change"))
    return found


def _prior_and_present(sentence: Sentence, language: str, written_sizes: dict[Size, str],
                       amounts: dict[tuple[int, int], re.Match]) -> tuple[Size, Size, float] | None:
    """The sentence's one prior and one present size, and their rounding in millimetres; None unless it names
    exactly one of each. A stated amount of change (AMOUNTS) is no size of the lesion."""
    text = sentence.text
    measured = sorted((s for s in written_sizes if (s.start, s.end) not in amounts), key=lambda s: s.start)
    before_size = {s: text[max(0, s.start - sentence.start - 24) : s.start - sentence.start] for s in measured}
    prior = [s for s in measured if _PRIOR_SIZE[language].search(before_size[s])]
    present = [s for s in measured if s not in prior and _PRESENT_SIZE[language].search(before_size[s])]
    present = present or [s for s in measured if s not in prior]
    if len(prior) != 1 or len(present) != 1:
        return None
    return prior[0], present[0], sum(_last_digit_mm(written_sizes[s]) for s in (prior[0], present[0])) / 2


def _change_amounts(sentence: Sentence, language: str) -> dict[tuple[int, int], re.Match]:
    """Where SENTENCE states an amount of change ("increased by 3 mm", "较前增大约0.3cm"), with its change: no size of the
    lesion."""
    language = language if language in _CHANGE else "en"
    return {(sentence.start + m.start("amount"), sentence.start + m.end("amount")): m
            for m in _CHANGE[language].finditer(sentence.text) if m.group("amount")}


def _beyond_error(before: Size, rounding: float) -> float:
    """The largest change a reader's measurement error and the sizes' rounding explain (`_STABLE_MM`)."""
    return rounding + max(_STABLE_MM, _STABLE_SHARE * before.largest_mm)


def measured_beyond_error(sentence: Sentence, language: str) -> bool | None:
    """Whether the sentence's prior and present sizes differ by more than a reader's measurement error; None when
    it does not name one of each. The impression check holds "stable" to it (`checks.mismatch`)."""
    language = language if language in _CHANGE else "en"
    measured = _prior_and_present(sentence, language, _written_sizes(sentence), _change_amounts(sentence, language))
    if measured is None:
        return None
    before, after, rounding = measured
    return abs(after.largest_mm - before.largest_mm) > _beyond_error(before, rounding)


def measured_change(sentence: Sentence, language: str) -> tuple[Size, Size] | None:
    """The sentence's prior and present sizes when they differ by more than a reader's measurement error (as
    `measured_beyond_error` reads them); None otherwise. The impression check holds a change it calls to their direction
    (`checks.mismatch`)."""
    language = language if language in _CHANGE else "en"
    measured = _prior_and_present(sentence, language, _written_sizes(sentence), _change_amounts(sentence, language))
    if measured is None:
        return None
    before, after, rounding = measured
    return (before, after) if abs(after.largest_mm - before.largest_mm) > _beyond_error(before, rounding) else None


def _last_digit_mm(written: str) -> float:
    """One unit of a size's last written digit, in millimetres: "1.5 cm" 1, "15 mm" 1, "2 cm" 10."""
    number = re.search(r"\d+(?:\.(\d+))?", written)
    decimals = len(number.group(1) or "")
    factor = 10.0 if re.search(r"cm|厘米", written) else 1.0
    return factor * 10 ** -decimals
