"""Inject the eight CT report error types into a draft, each only where it fits the report's context.

Every injector looks for a place the error can plausibly sit (a sided finding for laterality, pelvic
anatomy and a known sex for sex_mismatch, ...), changes one untouched line, marks the wrong words with
the label's marker and returns True; it returns False, changing nothing, when the report offers no place.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

from radqc.taxonomy import error_types

from .compose import instantiate
from .draft import Draft, Instance, Line
from .exams import EXAMS
from .findings import FINDINGS
from .lexicon import WORDS, Size, lobe_abbreviation, render_size, word
from .markup import mark
from .normals import BY_ORGAN, NORMALS
from .styles import NORMAL_IMPRESSION, TECHNIQUE
from .typos import TYPOS
from .variants import for_split, pick

ERROR_TYPES = tuple(error_types("ct_report"))  # taxonomy order; INJECTORS below has one function per type
# Finding kinds that some wording of their organ's "normal" sentence does not contradict (calcified
# coronaries and "heart size is normal"): that sentence then proves nothing wrong, so these kinds are
# never used for contradicting insertions or normal-versus-impression mismatches.
COMPATIBLE_WITH_NORMAL = {
    "coronary_calcification", "emphysema", "lobectomy", "sternotomy", "renal_cyst", "lacunes", "rib_fractures",
    "steatosis", "basal_atelectasis",
}
# Organs whose normal sentence is ambiguous outside their region ("No hernia." could be a hiatal hernia
# on a chest CT), so they never serve as exam_mismatch content.
_AMBIGUOUS_ELSEWHERE = {"abdominal_wall"}

LEFTOVERS = {
    "en": ("No [***] is identified.", "Findings were discussed with Dr. ___ at ___.",
           "The appendix is [normal/abnormal].", "[Insert comparison here.]", "XXX mm lesion."),
    "zh": ("（此处填写描述）", "XX侧未见明显异常。", "病灶大小约__mm。", "【模板】请描述病灶。"),
}
ENHANCEMENT = {
    "en": ("No abnormal enhancement after contrast administration.",
           "The lesion enhances avidly in the arterial phase.",
           "Post-contrast images show homogeneous parenchymal enhancement.",
           "On the portal venous phase there is no enhancing lesion."),
    "zh": ("增强扫描未见异常强化。", "增强后病灶呈明显不均匀强化。", "动脉期未见异常强化灶。", "增强后实质强化均匀。"),
}
# Comparisons with a prior study, for an insertion when the report says there is none.
INVENTED_COMPARISON = {
    "en": ("Stable compared with the prior examination.", "No interval change since the previous CT.",
           "Unchanged from the prior study.", "Compared with the previous scan, there is no significant change."),
    "zh": ("与前片比较无明显变化。", "较前片大致相仿。", "与旧片对比未见明显变化。", "与前次检查比较，病灶无明显变化。"),
}
NO_CONTRAST = {
    "en": ("No intravenous contrast was administered.", "This study was performed without IV contrast.",
           "Images were acquired without contrast."),
    "zh": ("本次检查未注射对比剂。", "本次为平扫，未行增强。", "未使用对比剂。"),
}


def inject(draft: Draft, count: int, used: Counter) -> None:
    """Inject COUNT errors, trying the rarest types so far (USED) first so the dataset stays balanced,
    and a type already in this report last."""
    rng = draft.rng
    injected: list[str] = []
    for _ in range(count):
        order = sorted(ERROR_TYPES, key=lambda t: (used[t] + (3 if t in injected else 0), rng.random()))
        for error_type in order:
            if INJECTORS[error_type](draft, rng):
                used[error_type] += 1
                injected.append(error_type)
                break


# --- helpers ----------------------------------------------------------------------------------------

def _free(line: Line | None) -> bool:
    return line is not None and not line.touched


def _readable(key: str) -> str:
    return key.replace("_", " ")


def _name(instance: Instance) -> str:
    return _readable(instance.spec.key)


def _in_language(draft: Draft, english: tuple[str, ...], chinese: tuple[str, ...]) -> str:
    """One of the wordings of the draft's language that its split may use."""
    return pick(draft.rng, chinese if draft.language == "zh" else english, draft.split)


def _fresh(draft: Draft, options: tuple[str, ...]) -> str | None:
    """A wording the split may use that the report does not contain yet (a sentence inserted twice would
    make two errors share one evidence), or None."""
    lines = draft.findings + draft.impression
    unused = [text for text in for_split(options, draft.split) if not any(text in line.text for line in lines)]
    return draft.rng.choice(unused) if unused else None


def _has(line: Line | None, name: str) -> bool:
    """Whether LINE's wording has a {name} placeholder, i.e. whether re-rendering it can change that value."""
    return line is not None and f"{{{name}}}" in line.template.lower()


def _insert_finding(draft: Draft, rng: random.Random, line: Line) -> None:
    draft.findings.insert(rng.randint(0, len(draft.findings)), line)


def _reword(draft: Draft, instance: Instance, line: Line, overrides: dict[str, str], marked: dict[str, int]) -> None:
    if any(line is other for other in draft.impression):
        line.text = instance.impression_text(draft.language, overrides, marked)
    else:
        line.text = instance.render(line.template, draft.language, overrides, marked)


# --- the eight types --------------------------------------------------------------------------------

def _side_key(line: Line | None) -> str | None:
    """The placeholder that carries the side in LINE's wording: {side}, or {lobeabbr} ("RUL")."""
    return next((key for key in ("side", "lobeabbr") if _has(line, key)), None)


def _within_findings(draft: Draft, rng: random.Random) -> bool:
    """A finding sentence that names its side twice gets the other side the second time ("right
    nephrectomy; the left kidney is surgically absent"): a contradiction inside the findings."""
    lines = [line for line in draft.findings if _free(line) and line.instance and line.instance.side
             and len(re.findall(r"\{[sS]ide\}", line.template)) >= 2]
    if not lines:
        return False
    line = rng.choice(lines)
    instance = line.instance
    last = max(line.template.rfind("{side}"), line.template.rfind("{Side}"))
    placeholder = "{Wrongside}" if line.template[last + 1] == "S" else "{wrongside}"
    template = line.template[:last] + placeholder + line.template[last + len("{side}"):]
    wrong = instance.opposite_side
    label_id = draft.add_label(
        "laterality", f"The findings put the {_name(instance)} on the {instance.side}, then call it {wrong}."
    )
    line.text = instance.render(template, draft.language, {"wrongside": word("side", wrong, draft.language)},
                                {"wrongside": label_id})
    return True


def laterality(draft: Draft, rng: random.Random) -> bool:
    if rng.random() < 0.25 and _within_findings(draft, rng):
        return True
    targets = []
    for instance in draft.instances():
        finding, impression = draft.finding_line(instance), draft.impression_line(instance)
        sided = _side_key(finding) or _side_key(impression)
        if instance.side and sided and _free(finding) and _free(impression):
            targets.append((instance, finding, impression))
    if not targets:
        return False
    instance, finding, impression = rng.choice(targets)
    in_impression = bool(_side_key(impression)) and (not _side_key(finding) or rng.random() < 0.7)
    line = impression if in_impression else finding
    wrong = instance.opposite_side
    label_id = draft.add_label(
        "laterality",
        f"The {'impression gives' if in_impression else 'findings give'} the {wrong} side; "
        f"the {'findings' if in_impression else 'impression'} put the {_name(instance)} on the {instance.side}.",
    )
    overrides = {"side": word("side", wrong, draft.language)}
    if "lobe" in instance.values:
        overrides["lobeabbr"] = lobe_abbreviation(wrong, instance.values["lobe"])
    _reword(draft, instance, line, overrides, {_side_key(line): label_id})
    return True


def findings_impression_mismatch(draft: Draft, rng: random.Random) -> bool:
    options = []
    for instance in draft.instances():
        impression, finding = draft.impression_line(instance), draft.finding_line(instance)
        if not (_free(impression) and _free(finding)):
            continue
        for kind in ("amount", "severity", "count"):
            if _has(impression, kind) and _has(finding, kind):
                options.append(("grade", instance, kind))
        if instance.spec.misdiagnosis:
            options.append(("misdiagnosis", instance, None))
    for line in draft.findings:
        if line.instance is None and _free(line) and line.organ:
            specs = [
                spec for spec in FINDINGS
                if spec.organ == line.organ and spec.en_imp and spec.key not in COMPATIBLE_WITH_NORMAL
                and not (spec.removes or spec.sex or spec.needs)
            ]
            if specs:
                options.append(("normal_called_abnormal", line, specs))
    if not options:
        return False
    kind, target, detail = rng.choice(options)
    if kind == "grade":
        instance: Instance = target
        wrong = rng.choice([v for v in sorted(WORDS[detail]) if v != instance.values[detail]])
        label_id = draft.add_label(
            "findings_impression_mismatch",
            f"Impression grades the {_name(instance)} as {wrong}; findings say {instance.values[detail]}.",
        )
        _reword(draft, instance, draft.impression_line(instance), {detail: word(detail, wrong, draft.language)},
                {detail: label_id})
        return True
    if kind == "misdiagnosis":
        instance = target
        english, chinese = pick(rng, instance.spec.misdiagnosis, draft.split)
        wrong = instance.render(chinese if draft.language == "zh" else english, draft.language)
        label_id = draft.add_label(
            "findings_impression_mismatch",
            f"Impression names another diagnosis than the {_name(instance)} in the findings.",
        )
        impression = draft.impression_line(instance)
        impression.text = mark(wrong, label_id)
        return True
    spec = rng.choice(detail)
    invented = instantiate(spec, draft, in_impression=True)
    label_id = draft.add_label(
        "findings_impression_mismatch",
        f"Impression reports {_readable(spec.key)}, but the findings call the {_readable(target.organ)} normal.",
    )
    text = invented.impression_text(draft.language)
    # Drop a "no acute abnormality" line: the invented item must contradict the findings, not the impression.
    draft.impression = [line for line in draft.impression if line.instance or line.touched]
    draft.impression.insert(rng.randint(0, len(draft.impression)), Line(mark(text, label_id), spec.organ))
    return True


def omission(draft: Draft, rng: random.Random) -> bool:
    targets = [
        instance for instance in draft.instances()
        if instance.spec.significant and _free(draft.impression_line(instance)) and _free(draft.finding_line(instance))
    ]
    if not targets:
        return False
    instance = rng.choice(targets)
    draft.impression.remove(draft.impression_line(instance))
    if not draft.impression:
        draft.impression = [Line(pick(rng, NORMAL_IMPRESSION[draft.language], draft.split))]
    finding = draft.finding_line(instance)
    label_id = draft.add_label(
        "omission", f"Findings describe {_name(instance)}; the impression leaves it out."
    )
    finding.text = mark(finding.text, label_id)
    return True


def insertion(draft: Draft, rng: random.Random) -> bool:
    language = draft.language
    options: list[tuple[str, object]] = []
    for instance in draft.instances():
        if not _free(draft.finding_line(instance)):
            continue
        if instance.spec.removes and instance.spec.removes in BY_ORGAN:
            options.append(("removed_organ", instance))
        elif instance.spec.organ in BY_ORGAN and instance.spec.key not in COMPATIBLE_WITH_NORMAL:
            options.append(("contradiction", instance))
        if any(_has(draft.finding_line(instance), k) for k in ("amount", "severity", "count")):
            options.append(("duplicate", instance))
    options.append(("leftover", None))
    if draft.comparison and not draft.has_prior:
        options.append(("invented_comparison", None))
    kind, instance = rng.choice(options)
    if kind in ("invented_comparison", "leftover"):
        text = _fresh(draft, (INVENTED_COMPARISON if kind == "invented_comparison" else LEFTOVERS)[language])
        if text is None:
            return False
        label_id = draft.add_label(
            "insertion", "Compares with a prior study, but the report says there is none." if kind == "invented_comparison"
            else "Dictation template text left in the report."
        )
        _insert_finding(draft, rng, Line(mark(text, label_id)))
        return True
    if kind == "duplicate":
        finding = draft.finding_line(instance)
        kind_word = next(k for k in ("amount", "severity", "count") if _has(finding, k))
        wrong = rng.choice([v for v in sorted(WORDS[kind_word]) if v != instance.values[kind_word]])
        label_id = draft.add_label(
            "insertion", f"A second, contradicting statement about the {_name(instance)} ({wrong})."
        )
        text = instance.render(instance.find_template, language, {kind_word: word(kind_word, wrong, language)})
        _insert_finding(draft, rng, Line(mark(text, label_id), instance.spec.organ))
        return True
    organ = instance.spec.removes if kind == "removed_organ" else instance.spec.organ
    normal = BY_ORGAN[organ]
    why = "was surgically removed" if kind == "removed_organ" else f"has {_name(instance)}"
    text = _fresh(draft, normal.zh if language == "zh" else normal.en)
    if text is None:
        return False
    label_id = draft.add_label("insertion", f"Normal statement about the {_readable(organ)}, which {why}.")
    _insert_finding(draft, rng, Line(mark(text, label_id), organ))
    return True


def _altered(size: Size, rng: random.Random) -> Size:
    """SIZE with its first axis misdictated: a dropped decimal point ("1.8 cm" -> "18 cm"), digits swapped
    as shown ("18 mm" -> "81 mm", "1.8 cm" -> "8.1 cm"), or else another value."""
    first = size.dims_mm[0]
    digits = str(round(first)) if size.unit == "mm" else f"{first / 10:.1f}".replace(".", "")
    swapped = digits[::-1]
    has_decimal = size.unit == "cm" and first % 10 != 0
    # Both spellings read back as millimetres: "18" mm, or "1.8" cm = 18 mm.
    if has_decimal and rng.random() < 0.4:
        new_first = round(first) * 10
    elif swapped != digits and not swapped.startswith("0"):
        new_first = int(swapped)
    else:
        new_first = round(first * rng.choice([0.5, 1.6, 2.0]))
    return replace(size, dims_mm=(max(1, new_first),) + size.dims_mm[1:], dual=False)


def _slip_is_implausible(instance: Instance) -> bool:
    """Whether a mm/cm slip gives a size far outside the finding's range (a 3 cm kidney stone is possible,
    an 8 cm "nodule" or a 2 mm "enlarged" node is not): only then can the findings alone show the error."""
    low, high, _ = instance.spec.size
    first = instance.values["size"].dims_mm[0]
    slipped = first * 10 if instance.values["size"].unit == "mm" else first / 10
    return slipped > 3 * high or slipped < low / 3


def measurement(draft: Draft, rng: random.Random) -> bool:
    options = []
    for instance in draft.instances():
        finding, impression = draft.finding_line(instance), draft.impression_line(instance)
        size = instance.values.get("size")
        if isinstance(size, Size) and _free(finding) and _has(finding, "size"):
            both_sections = _free(impression) and _has(impression, "size")
            if both_sections or _slip_is_implausible(instance):
                options.append(("unit", instance, finding))
            if both_sections:
                options.append(("number", instance, impression))
        for name in ("pct", "loss"):
            if name in instance.values and _free(finding) and _free(impression) and _has(impression, name):
                options.append((name, instance, impression))
    if not options:
        return False
    kind, instance, line = rng.choice(options)
    language = draft.language
    if kind == "unit":
        size = instance.values["size"]
        wrong_unit = "cm" if size.unit == "mm" else "mm"
        plain = replace(size, dual=False)
        shown = render_size(plain, language, unit=wrong_unit)
        label_id = draft.add_label(
            "measurement",
            f"Unit slip: {render_size(plain, 'en')} written as {render_size(plain, 'en', unit=wrong_unit)}.",
        )
        _reword(draft, instance, line, {"size": shown}, {"size": label_id})
        return True
    if kind == "number":
        size = instance.values["size"]
        plain = replace(size, dual=False)
        wrong = _altered(replace(plain, unit=instance.impression_unit or size.unit), rng)
        label_id = draft.add_label(
            "measurement",
            f"Impression gives {render_size(wrong, 'en')}; findings measure {render_size(plain, 'en')}.",
        )
        _reword(draft, instance, line, {"size": render_size(wrong, language)}, {"size": label_id})
        return True
    options_text = instance.spec.choices[kind]
    wrong_index = rng.choice([i for i in range(len(options_text)) if i != instance.values[kind]])
    english, chinese = options_text[wrong_index]
    label_id = draft.add_label(
        "measurement", f"Impression gives {english}; findings give {options_text[instance.values[kind]][0]}."
    )
    _reword(draft, instance, line, {kind: chinese if language == "zh" else english}, {kind: label_id})
    return True


def sex_mismatch(draft: Draft, rng: random.Random) -> bool:
    if draft.sex not in ("M", "F") or not draft.exam.covers_pelvis:
        return False
    other = "F" if draft.sex == "M" else "M"
    who = "male" if draft.sex == "M" else "female"
    language = draft.language
    own_normal = [line for line in draft.findings if _free(line) and line.instance is None
                  and BY_ORGAN.get(line.organ) and BY_ORGAN[line.organ].sex == draft.sex]
    if own_normal and rng.random() < 0.6:
        line = rng.choice(own_normal)
        wrong = next(n for n in NORMALS if n.sex == other)
        label_id = draft.add_label("sex_mismatch", f"The patient is {who}; the report describes the {wrong.organ}.")
        line.text = mark(_in_language(draft, wrong.en, wrong.zh), label_id)
        line.organ = wrong.organ
        return True
    specs = [spec for spec in FINDINGS if spec.sex == other and not spec.significant]
    spec = rng.choice(specs)
    invented = instantiate(spec, draft, in_impression=False)
    label_id = draft.add_label("sex_mismatch", f"The patient is {who}; the report describes {_readable(spec.key)}.")
    _insert_finding(draft, rng, Line(mark(invented.render(invented.find_template, language), label_id), spec.organ))
    return True


def spelling(draft: Draft, rng: random.Random) -> bool:
    """Misspell one word; every misspelling present is equally likely (not every occurrence: 未见 is everywhere)."""
    language = draft.language
    lines = [line for line in draft.findings + draft.impression if _free(line)]
    places: dict[tuple[str, str], list] = {}
    for correct, wrong in for_split(TYPOS[language], draft.split):
        pattern = re.compile(re.escape(correct) if language == "zh" else rf"\b{re.escape(correct)}\b")
        for line in lines:
            places.setdefault((correct, wrong), []).extend((line, match) for match in pattern.finditer(line.text))
    present = [pair for pair, found in places.items() if found]
    if not present:
        return False
    correct, wrong = rng.choice(present)
    line, match = rng.choice(places[(correct, wrong)])
    label_id = draft.add_label("spelling", f"'{wrong}' should be '{correct}'.")
    line.text = line.text[: match.start()] + mark(wrong, label_id) + line.text[match.end():]
    return True


def exam_mismatch(draft: Draft, rng: random.Random) -> bool:
    exam, language = draft.exam, draft.language
    options = ["foreign_region"]
    if _free(draft.technique):
        options.append("technique")
    if _free(draft.header_exam):
        options.append("header")
    options.append("no_contrast_sentence" if exam.contrasted else "enhancement_sentence")
    kind = rng.choice(options)
    if kind == "foreign_region":
        normal = rng.choice([
            n for n in NORMALS if n.region in exam.foreign and not n.sex and n.organ not in _AMBIGUOUS_ELSEWHERE
        ])
        text = _fresh(draft, normal.zh if language == "zh" else normal.en)
        if text is None:
            return False
        label_id = draft.add_label(
            "exam_mismatch",
            f"The {_readable(normal.organ)} is outside the region of the ordered exam ({draft.exam_name}).",
        )
        _insert_finding(draft, rng, Line(mark(text, label_id)))
        return True
    if kind == "technique":
        wrong_kind = "none" if exam.contrasted else "contrast"
        described = "non-contrast" if wrong_kind == "none" else "contrast-enhanced"
        label_id = draft.add_label(
            "exam_mismatch", f"Technique describes a {described} scan; the ordered exam is {draft.exam_name}."
        )
        draft.technique.text = mark(pick(rng, TECHNIQUE[language][wrong_kind], draft.split), label_id)
        return True
    if kind == "header":
        # Another body region, or the same family with the other contrast (subtler: "CT chest with contrast").
        others = [e for e in EXAMS if set(e.regions) & set(exam.foreign)
                  or (e.family == exam.family and e.contrasted != exam.contrasted)]
        other = rng.choice(others)
        label_id = draft.add_label(
            "exam_mismatch",
            f"The report is headed as another exam ({other.key}); the ordered exam is {draft.exam_name}.",
        )
        draft.header_exam.text = mark(_in_language(draft, other.en_names, other.zh_names), label_id)
        return True
    pool = NO_CONTRAST if kind == "no_contrast_sentence" else ENHANCEMENT
    text = _fresh(draft, pool[language])
    if text is None:
        return False
    label_id = draft.add_label(
        "exam_mismatch",
        "States that no contrast was given in a contrast-enhanced exam." if pool is NO_CONTRAST
        else "Describes contrast enhancement in a non-contrast exam.",
    )
    _insert_finding(draft, rng, Line(mark(text, label_id)))
    return True


INJECTORS = {
    "laterality": laterality,
    "findings_impression_mismatch": findings_impression_mismatch,
    "omission": omission,
    "insertion": insertion,
    "measurement": measurement,
    "sex_mismatch": sex_mismatch,
    "spelling": spelling,
    "exam_mismatch": exam_mismatch,
}
