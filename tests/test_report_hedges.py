"""Hedges, exclusions and organ sub-headings in CT reports: how a term is read, and the synthetic cases
of tests/fixtures/hedges (see its SOURCE.md).

What a form says about its finding, by what it means:

- a hedge is an uncertain assertion, the finding may be there: a negated exclusion ("cannot exclude X",
  "X cannot be ruled out", "X not excluded", "unable to exclude", "不排除X", "X不能除外", "无法排除",
  "未除外") or a pending one ("X待排", "待排除X");
- a settled exclusion is a denial: "X was ruled out", "X has been excluded", "已排除X", "X可除外";
- an exclusion the reader is asked to make raises the finding as a possibility, a hedge too: "X should be
  excluded", "X needs to be ruled out", "please exclude X", "exclusion of X is recommended", "需除外X",
  "请（结合临床）除外X", "建议排除X";
- a request asks a question and says neither: the bare verb ("Rule out pneumonia", "排除肺栓塞": an
  indication's wording) or the purpose of a test ("to rule out PE", "for exclusion of malignancy",
  "以排除肿瘤"). Its term is no statement about the patient.

The cases' gold labels were written from the definitions in core/taxonomy.json before the auditor was
run. A hedged impression follows the mismatch check's rule for differentials (tests/
test_report_normal_findings.py): over findings that call its organ normal it is a mismatch, beside a
related finding it is not; a side it gives still counts against the findings' side (laterality). In the
findings, a hedge beside a denial ("No pneumothorax. A tiny pneumothorax cannot be excluded.") or a
normal statement is how radiologists qualify it, no contradiction (insertion); a plain assertion there
is one. An organ sub-heading on its own line ("Liver:", "肝脏：") is the subject of the statements under
it that name no organ: "Normal." there calls the liver normal as "The liver is normal." does, "Surgically
absent." says the organ was removed, and "A 2 cm lesion" is a liver lesion (and "Right kidney:" then
"A 5 mm calculus." a right renal one) for every check.
"""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, insertion, laterality, mismatch, omission
from radqc.agents.report.checks.mismatch import HEDGED_DENIED
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities

from report_cases import OPERATING_POINT, PRECISION, RECALL, case_named, findings, fixture_cases, misread

CASES = fixture_cases("hedges")


def reading(text: str, language: str, term: str, occurrence: int = 0) -> str:
    """How the OCCURRENCE-th TERM of TEXT is read: "denied", "hedged", "asserted", or "asked" when it
    is no statement at all (no entity)."""
    report = parse_report(text, language)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(term, start + 1)
    found = [e for s in report.sentences for e in entities(s, language) if e.start <= start < e.end]
    if not found:
        return "asked"
    return "denied" if found[0].negated else "hedged" if found[0].hedged else "asserted"


@pytest.mark.parametrize("language, text, term, occurrence, expected", [
    ("en", "Cannot rule out pulmonary embolism.", "embolism", 0, "hedged"),
    ("en", "Pulmonary embolism cannot be ruled out.", "embolism", 0, "hedged"),
    ("en", "Pulmonary embolism not ruled out.", "embolism", 0, "hedged"),
    ("en", "Cannot exclude pneumonia.", "pneumonia", 0, "hedged"),
    ("en", "Can not exclude pneumonia.", "pneumonia", 0, "hedged"),
    ("en", "Pneumonia cannot be entirely excluded.", "Pneumonia", 0, "hedged"),
    ("en", "Metastases are not excluded.", "Metastases", 0, "hedged"),
    ("en", "Unable to exclude a fracture.", "fracture", 0, "hedged"),
    ("en", "This does not rule out a fracture.", "fracture", 0, "hedged"),
    ("en", "It is not possible to rule out a fracture.", "fracture", 0, "hedged"),
    ("en", "Pulmonary embolism was ruled out.", "embolism", 0, "denied"),
    ("en", "Pulmonary embolism has been excluded.", "embolism", 0, "denied"),
    ("en", "The study excludes pulmonary embolism.", "embolism", 0, "denied"),
    ("en", "No pneumonia.", "pneumonia", 0, "denied"),
    ("en", "Recommend CT angiography to rule out pulmonary embolism.", "embolism", 0, "asked"),
    ("en", "Rule out pneumonia.", "pneumonia", 0, "asked"),
    ("en", "Follow-up in 3 months to exclude a mass.", "mass", 0, "asked"),
    ("en", "Pulmonary embolism should be excluded.", "embolism", 0, "hedged"),
    ("en", "Pulmonary embolism needs to be excluded.", "embolism", 0, "hedged"),
    ("en", "A fracture must be ruled out.", "fracture", 0, "hedged"),
    ("en", "Please exclude pneumonia.", "pneumonia", 0, "hedged"),
    ("en", "Pulmonary embolism is considered to be excluded.", "embolism", 0, "denied"),
    ("en", "Appendicitis was felt to be ruled out.", "Appendicitis", 0, "denied"),
    ("en", "Pulmonary embolism was confirmed to be excluded.", "embolism", 0, "denied"),
    ("en", "Pulmonary embolism appeared to be excluded.", "embolism", 0, "denied"),
    ("en", "Pulmonary embolism is considered   to be excluded.", "embolism", 0, "denied"),
    ("en", "The fracture was found to be excluded from the field of view.", "fracture", 0, "asserted"),
    ("en", "Exclusion of liver metastases is recommended.", "metastases", 0, "hedged"),
    ("en", "Recommend exclusion of liver metastases.", "metastases", 0, "hedged"),
    ("en", "Indication: rule out pulmonary embolism.", "embolism", 0, "asked"),
    ("en", "Biopsy is recommended for exclusion of malignancy.", "malignancy", 0, "asked"),
    ("en", "No effusion, cannot exclude pneumonia.", "effusion", 0, "denied"),
    ("en", "No effusion, cannot exclude pneumonia.", "pneumonia", 0, "hedged"),
    ("en", "No displaced fracture although a nondisplaced fracture cannot be excluded.", "fracture", 0, "denied"),
    ("en", "No displaced fracture although a nondisplaced fracture cannot be excluded.", "fracture", 1, "hedged"),
    ("en", "Right lower lobe pneumonia.", "pneumonia", 0, "asserted"),
    ("zh", "不排除肺栓塞。", "栓塞", 0, "hedged"),
    ("zh", "肺栓塞不能排除。", "栓塞", 0, "hedged"),
    ("zh", "不能除外肺栓塞。", "栓塞", 0, "hedged"),
    ("zh", "不除外肺炎。", "肺炎", 0, "hedged"),
    ("zh", "肺炎不除外。", "肺炎", 0, "hedged"),
    ("zh", "无法排除骨折。", "骨折", 0, "hedged"),
    ("zh", "未能排除骨折。", "骨折", 0, "hedged"),
    ("zh", "未除外骨折。", "骨折", 0, "hedged"),
    ("zh", "尚不能完全除外转移。", "转移", 0, "hedged"),
    ("zh", "转移待排。", "转移", 0, "hedged"),
    ("zh", "待排除转移。", "转移", 0, "hedged"),
    ("zh", "肺栓塞已排除。", "栓塞", 0, "denied"),
    ("zh", "可排除肺栓塞。", "栓塞", 0, "denied"),
    ("zh", "肺栓塞可除外。", "栓塞", 0, "denied"),
    ("zh", "未见结节。", "结节", 0, "denied"),
    ("zh", "建议增强扫描以排除肿瘤。", "肿瘤", 0, "asked"),
    ("zh", "排除肺栓塞。", "栓塞", 0, "asked"),
    ("zh", "临床：排除肺栓塞。", "栓塞", 0, "asked"),
    ("zh", "需除外肺栓塞。", "栓塞", 0, "hedged"),
    ("zh", "请除外肺炎。", "肺炎", 0, "hedged"),
    ("zh", "需排除转移。", "转移", 0, "hedged"),
    ("zh", "建议除外肿瘤。", "肿瘤", 0, "hedged"),
    ("zh", "肺栓塞需除外。", "栓塞", 0, "hedged"),
    ("zh", "请结合临床除外肿瘤。", "肿瘤", 0, "hedged"),
    ("zh", "未见气胸，不除外肺炎。", "气胸", 0, "denied"),
    ("zh", "未见气胸，不除外肺炎。", "肺炎", 0, "hedged"),
    ("zh", "右肺下叶肺炎。", "肺炎", 0, "asserted"),
])
def test_exclusions_are_read_by_what_they_mean(language, text, term, occurrence, expected):
    assert reading(text, language, term, occurrence) == expected


def test_an_exclusion_a_verb_of_judgement_settles_is_a_denial_the_findings_contradict():
    """"Pulmonary embolism is considered to be excluded" is the reader's verdict against it, not one still to be made:
    the emboli the findings describe contradict it."""
    text = ("FINDINGS: Filling defects in the segmental arteries of both lower lobes, consistent with acute pulmonary "
            "embolism.\nIMPRESSION: Pulmonary embolism is considered to be excluded.")
    assert ("findings_impression_mismatch", "embolism is considered to be excluded") in flagged(mismatch.check, text)


def test_a_new_lesion_beside_another_diagnosis_judged_unlikely_contradicts_a_denied_progression():
    """"A haemangioma unlikely" weighs another reading of the new metastasis, not the metastasis itself: the new lesion
    stays stated, and "No progression" denies it."""
    text = ("FINDINGS: New 12 mm metastasis in segment 6 of the liver, a haemangioma unlikely.\n"
            "IMPRESSION: No progression.")
    assert ("findings_impression_mismatch", "No progression") in flagged(mismatch.check, text)


def test_filling_defects_are_emboli_in_the_plural_too():
    """"Filling defects in ... both lower lobes" describes emboli as "Filling defect" does (hg-en-07)."""
    text = "Filling defects in the segmental arteries of both lower lobes."
    assert reading(text, "en", "Filling defects") == "asserted"


def test_the_cases_are_valid_gold():
    assert not CASES.errors and len(CASES.cases) >= 20


@pytest.mark.parametrize("case", CASES.cases, ids=[c.case_id for c in CASES.cases])
def test_hedges_exclusions_and_sub_headings(case):
    """At the workflow's operating point every gold label is found and nothing else, matched as
    `radqc eval` matches them (same type, overlapping evidence)."""
    assert misread(case) == ([], [])


@pytest.mark.parametrize("case_id", ["hg-en-12", "hg-en-13", "hg-zh-10"])
def test_a_normal_line_under_an_organ_sub_heading_contradicts_an_impression_disease_for_both_roles(case_id):
    """"Liver:" then "Normal." calls the liver normal as plainly as "The liver is normal.": the precision
    role reports the contradicted impression too, not only the recall role."""
    found = findings(case_named(CASES, case_id))
    assert [f.error_type for f in found if f.confidence >= PRECISION] == ["findings_impression_mismatch"]


def flagged(check, text: str, language: str = "en") -> set[tuple[str, str]]:
    """What CHECK alone flags in TEXT at the recall role's bar: (error type, evidence)."""
    return {(c.error_type, text[c.start:c.end]) for c in check(CheckInput(parse_report(text, language)))
            if c.confidence >= RECALL}


@pytest.mark.parametrize("language, text, expected", [
    ("en", "FINDINGS: No pneumothorax. A tiny pneumothorax cannot be excluded.\nIMPRESSION: No pneumothorax.", set()),
    ("en", "FINDINGS: The lungs are clear. Subtle consolidation in the right lower lobe cannot be excluded.\n"
           "IMPRESSION: No definite pneumonia.", set()),
    ("en", "FINDINGS: No pneumothorax. Small left pneumothorax.\nIMPRESSION: Small left pneumothorax.",
     {("insertion", "No pneumothorax.")}),
    ("zh", "检查所见：未见气胸。左侧少量气胸不能除外。\n诊断意见：未见气胸。", set()),
    ("zh", "检查所见：未见气胸。左侧少量气胸。\n诊断意见：左侧少量气胸。", {("insertion", "未见气胸。")}),
])
def test_a_hedge_beside_a_denial_qualifies_it_and_an_assertion_contradicts_it(language, text, expected):
    assert flagged(insertion.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    # removed under its sub-heading, then described
    ("en", "FINDINGS:\nGallbladder:\nSurgically absent.\nLiver:\nNormal.\nGallbladder: wall thickening.\n"
           "IMPRESSION: Status post cholecystectomy.", {("insertion", "Gallbladder: wall thickening.")}),
    ("zh", "检查所见：\n胆囊：\n术后缺如。\n胆囊：\n壁增厚。\n诊断意见：胆囊切除术后。", {("insertion", "壁增厚。")}),
    # removed, then called normal under its sub-heading
    ("en", "HISTORY: Cholecystectomy.\nFINDINGS:\nGallbladder:\nUnremarkable.\nIMPRESSION: Normal.",
     {("insertion", "Unremarkable.")}),
    # denied under the sub-heading, described beside it
    ("en", "FINDINGS:\nKidneys:\nNo calculi.\nA 6 mm calculus in the left renal pelvis.\nIMPRESSION: Left renal calculus.",
     {("insertion", "No calculi.")}),
    # the sub-heading's side counts: the other kidney, left after the operation, or the other stone
    ("en", "FINDINGS:\nLeft kidney:\nSurgically absent.\nRight kidney:\nA 5 mm calculus.\nIMPRESSION: Right renal calculus.",
     set()),
    ("en", "FINDINGS:\nLeft kidney:\nNo calculi.\nRight kidney:\nA 5 mm calculus.\nIMPRESSION: Right renal calculus.",
     set()),
    ("zh", "检查所见：\n左肾：\n术后缺如。\n右肾：\n大小形态正常，未见异常。\n诊断意见：左肾切除术后。", set()),
    # a partial operation leaves the organ to describe
    ("en", "FINDINGS: Status post left partial nephrectomy. The left kidney is otherwise normal.\n"
           "IMPRESSION: No recurrence.", set()),
])
def test_insertion_reads_an_organ_sub_heading_as_the_subject_of_the_lines_under_it(language, text, expected):
    assert flagged(insertion.check, text, language) == expected


@pytest.mark.parametrize("check, language, text, expected", [
    (mismatch.check, "en", "FINDINGS:\nLiver:\nA 2 cm hypodense lesion in segment 6.\nIMPRESSION: Normal liver.",
     {("findings_impression_mismatch", "Normal liver.")}),
    (mismatch.check, "zh", "检查所见：\n肝脏：\n右叶见一低密度灶，大小约2.0cm。\n诊断意见：肝脏未见异常。",
     {("findings_impression_mismatch", "肝脏未见异常。")}),
    (omission.check, "en", "FINDINGS:\nKidneys:\nA 2.5 cm enhancing solid mass in the upper pole.\n"
                           "IMPRESSION: Cholelithiasis. 2.5 cm gallbladder mass.",
     {("omission", "A 2.5 cm enhancing solid mass in the upper pole.")}),
])
def test_a_finding_under_an_organ_sub_heading_is_in_that_organ_for_mismatch_and_omission(check, language, text, expected):
    """"Liver:" then "A 2 cm lesion": a liver lesion, which a normal liver in the impression contradicts
    and a gallbladder mass there does not cover."""
    assert flagged(check, text, language) == expected


def test_a_finding_under_a_sided_sub_heading_is_on_that_side():
    text = "FINDINGS:\nRight kidney:\nA 5 mm calculus.\nIMPRESSION: 5 mm left renal calculus."
    assert ("laterality", "left renal calculus") in flagged(laterality.check, text)


@pytest.mark.parametrize("language, text, confidence", [
    # hedged in the findings, flatly denied in the impression: a weaker mismatch
    ("en", "FINDINGS: Possible 4 mm nodule in the right lower lobe.\nIMPRESSION: No pulmonary nodule.", HEDGED_DENIED),
    ("en", "FINDINGS: A tiny left pneumothorax cannot be excluded.\nIMPRESSION: No pneumothorax.", HEDGED_DENIED),
    ("zh", "检查所见：右肺下叶疑似微小结节。\n诊断意见：双肺未见结节。", HEDGED_DENIED),
    ("zh", "检查所见：右肺下叶微小结节可能。\n诊断意见：双肺未见结节。", HEDGED_DENIED),
    # the hedge is about the nodule's nature, not its presence: a flat contradiction
    ("en", "FINDINGS: A 6 mm nodule in the right lower lobe, possibly a granuloma.\nIMPRESSION: No pulmonary nodule.", 0.85),
    ("en", "FINDINGS: A 6 mm solid nodule in the right lower lobe.\nIMPRESSION: No pulmonary nodule.", 0.85),
    # the findings deny it too, and only qualify their denial: the impression repeats it
    ("en", "FINDINGS: No pneumothorax. A tiny pneumothorax cannot be excluded.\nIMPRESSION: No pneumothorax.", None),
    ("zh", "检查所见：未见气胸。右侧少量气胸不能除外。\n诊断意见：未见气胸。", None),
])
def test_a_hedged_finding_denied_by_the_impression_is_a_weaker_mismatch(language, text, confidence):
    """A hedge in the findings with a flat denial in the impression: the impression contradicts the
    findings' uncertainty, not an observation. Reported by the default profile (above the evidence
    verifier's bar), not by the precision role alone."""
    found = [c.confidence for c in mismatch.check(CheckInput(parse_report(text, language)))]
    assert found == ([] if confidence is None else [confidence])
    assert OPERATING_POINT <= HEDGED_DENIED < PRECISION
