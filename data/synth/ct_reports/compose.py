"""Compose a plausible, correct report draft for one exam: patient, findings, normal statements, header
sections and impression. Errors are injected afterwards (`errors.py`); traps arise here."""

from __future__ import annotations

import random

from .draft import Draft, Instance, Line
from .exams import Exam
from .findings import CONFLICTS, FINDINGS, FindingSpec
from .lexicon import OPPOSITE_SIDE, WORDS, Size, new_size
from .markup import PLACEHOLDER, fill
from .normals import NORMALS
from .styles import CLINICAL, COMPARISON, NORMAL_IMPRESSION, PATIENT_PREFIX, PRIOR_SIZE, SEX_WORDS, TECHNIQUE
from .variants import Split, pick

def compose(rng: random.Random, split: Split, language: str, exam: Exam) -> Draft:
    names = exam.zh_names if language == "zh" else exam.en_names
    draft = Draft(rng, split, language, exam, pick(rng, names, split), _sex(rng, exam), rng.randint(18, 89))
    draft.british = language == "en" and rng.random() < 0.2
    instances = _instances(draft)
    _header(draft, names)
    _findings(draft, instances)
    _impression(draft, instances)
    _collect_traps(draft)
    return draft


def _sex(rng: random.Random, exam: Exam) -> str:
    if not exam.covers_pelvis and rng.random() < 0.04:
        return "U"
    return rng.choice(["M", "F"])


def _fits(spec: FindingSpec, draft: Draft, region_pool: set[str]) -> bool:
    exam = draft.exam
    if not set(spec.regions) & region_pool:
        return False
    if spec.needs == "contrast" and not exam.contrasted:
        return False
    if spec.needs in ("multiphase", "cta") and exam.contrast != spec.needs:
        return False
    return not spec.sex or spec.sex == draft.sex


def _instances(draft: Draft) -> list[Instance]:
    rng = draft.rng
    if rng.random() < 0.18:
        return []
    wanted = rng.choices([1, 2, 3, 4], weights=[35, 30, 22, 13])[0]
    pool = set(draft.exam.regions)
    if draft.exam.incidental and rng.random() < 0.3:
        pool |= set(draft.exam.incidental)
    candidates = [spec for spec in FINDINGS if _fits(spec, draft, pool)]
    rng.shuffle(candidates)
    chosen: list[FindingSpec] = []
    for spec in candidates:
        if len(chosen) == wanted:
            break
        removed = {c.removes for c in chosen if c.removes}
        if spec.organ in removed or (spec.removes and spec.removes in {c.organ for c in chosen}):
            continue
        if any(frozenset((spec.key, c.key)) in CONFLICTS for c in chosen):
            continue
        chosen.append(spec)
    return [instantiate(spec, draft) for spec in chosen]


def _placeholders(spec: FindingSpec) -> set[str]:
    texts = spec.en_find + spec.en_imp + spec.zh_find + spec.zh_imp
    return {name.lower() for text in texts for name in PLACEHOLDER.findall(text)}


def instantiate(spec: FindingSpec, draft: Draft, in_impression: bool | None = None) -> Instance:
    """Sample SPEC's values and wordings for DRAFT; IN_IMPRESSION forces whether it gets an impression line."""
    rng, split = draft.rng, draft.split
    names = _placeholders(spec)
    values: dict = {}
    if "side" in names:
        values["side"] = rng.choice(["right", "left"])
        values["otherside"] = OPPOSITE_SIDE[values["side"]]
    if "lobe" in names or "lobeabbr" in names:
        values["lobe"] = rng.choice(["upper", "middle", "lower"] if values["side"] == "right" else ["upper", "lower"])
    for kind in ("amount", "severity", "count"):
        if kind in names:
            values[kind] = rng.choice(sorted(WORDS[kind]))
    if "size" in names and spec.size:
        values["size"] = new_size(rng, *spec.size, split)
    for name, options in spec.choices.items():
        values[name] = rng.randrange(len(options))
    zh = draft.language == "zh"
    find_template = pick(rng, spec.zh_find if zh else spec.en_find, split)
    impression_options = spec.zh_imp if zh else spec.en_imp
    if in_impression is None:
        in_impression = spec.significant or rng.random() < 0.35
    in_impression = bool(impression_options) and in_impression
    instance = Instance(spec, values, find_template, pick(rng, impression_options, split) if in_impression else None)
    size = values.get("size")
    if isinstance(size, Size) and rng.random() < 0.2:
        instance.impression_unit = "mm" if size.unit == "cm" else "cm"
    return instance


def _header(draft: Draft, names: tuple[str, ...]) -> None:
    rng, split, language, exam = draft.rng, draft.split, draft.language, draft.exam
    if rng.random() < 0.65:
        shown = pick(rng, names, split)
        draft.header_exam = Line(shown)
    if rng.random() < 0.6:
        histories = CLINICAL[language]
        draft.clinical = pick(rng, histories.get(exam.key) or histories[exam.family], split)
        if draft.sex != "U" and rng.random() < 0.35:  # the sex stated in the text: context for sex_mismatch
            sex_word = pick(rng, SEX_WORDS[language][draft.sex], split)
            prefix = fill(pick(rng, PATIENT_PREFIX[language], split), {"age": str(draft.age), "sex": sex_word})
            draft.clinical = prefix + draft.clinical
    if rng.random() < 0.65:
        template = pick(rng, TECHNIQUE[language][exam.contrast], split)
        draft.technique = Line(template, template=template)
    if rng.random() < 0.5:
        draft.has_prior = rng.random() < 0.6
        draft.comparison = pick(rng, COMPARISON[language]["prior" if draft.has_prior else "none"], split)


def _findings(draft: Draft, instances: list[Instance]) -> None:
    rng, split, language, exam = draft.rng, draft.split, draft.language, draft.exam
    covered = {organ for instance in instances for organ in (instance.spec.organ, *instance.spec.hides)}
    removed = {instance.spec.removes for instance in instances if instance.spec.removes}
    instance_lines: list[Line] = []
    for instance in instances:
        template = instance.find_template
        if draft.has_prior and isinstance(instance.values.get("size"), Size) and rng.random() < 0.5:
            instance.values["prior"] = instance.values["size"].scaled(0.8)
            template += pick(rng, PRIOR_SIZE[language], split)
            draft.traps.add("prior_measurement")
        instance_lines.append(Line(instance.render(template, language), instance.spec.organ, instance, template))
    abnormal_first = rng.random() < 0.3
    lines: list[Line] = list(instance_lines) if abnormal_first else []
    show_incidental = rng.random() < 0.5
    skip_normal = 0.8 if rng.random() < 0.12 else 0.12  # some reports are brief: a few lines in all
    for normal in NORMALS:
        if not abnormal_first:
            lines += [line for line in instance_lines if line.organ == normal.organ]
        visible = normal.region in exam.regions or (show_incidental and normal.region in exam.incidental)
        if not visible or normal.organ in covered or normal.organ in removed:
            continue
        if normal.sex and normal.sex != draft.sex:
            continue
        if not normal.sex and rng.random() < skip_normal:
            continue  # radiologists do not mention every organ
        if normal.region in exam.incidental:
            draft.traps.add("incidental_region")
        if normal.sex:
            draft.traps.add("sex_specific_anatomy")
        lines.append(Line(pick(rng, normal.zh if language == "zh" else normal.en, split), normal.organ))
    draft.findings = lines


def _impression(draft: Draft, instances: list[Instance]) -> None:
    rng, split, language = draft.rng, draft.split, draft.language
    ordered = sorted(instances, key=lambda instance: not instance.spec.significant)
    lines = [
        Line(instance.impression_text(language), instance.spec.organ, instance, instance.impression_template or "")
        for instance in ordered
        if instance.impression_template
    ]
    if not lines:
        lines = [Line(pick(rng, NORMAL_IMPRESSION[language], split))]
    draft.impression = lines


def _collect_traps(draft: Draft) -> None:
    instances = draft.instances()
    draft.traps |= {instance.spec.trap for instance in instances if instance.spec.trap}
    if {"right", "left"} <= {instance.side for instance in instances}:
        draft.traps.add("both_sides")
    for instance in instances:
        size = instance.values.get("size")
        if isinstance(size, Size) and size.dual:
            draft.traps.add("dual_units")
        if instance.impression_unit and instance.impression_template and "{size}" in instance.impression_template:
            draft.traps.add("unit_switch")
        if not instance.impression_template:
            draft.traps.add("finding_not_in_impression")
    if draft.technique and draft.exam.contrast == "multiphase":
        draft.traps.add("contrast_study_mentions_unenhanced")
    clinical = draft.clinical or ""
    if draft.british:
        draft.traps.add("british_spelling")
    if any(side in clinical.lower() for side in ("left", "right", "左", "右")):
        draft.traps.add("side_in_history")
