"""Hedges, exclusions and organ sub-headings in CT reports: how a term is read, and the synthetic cases
of tests/fixtures/hedges (see its SOURCE.md).

What a form says about its finding, by what it means:

- a hedge is an uncertain assertion, the finding may be there: a negated exclusion ("cannot exclude X",
  "X cannot be ruled out", "X not excluded", "unable to exclude", "不排除X", "X不能除外", "无法排除",
  "未除外") or a pending one ("X待排", "待排除X");
- a settled exclusion is a denial: "X was ruled out", "X has been excluded", "已排除X", "X可除外";
- a request asks a question and says neither: "to rule out PE", "Rule out pneumonia", "以排除肿瘤",
  "排除肺栓塞" (an indication's wording). Its term is no statement about the patient.

The cases' gold labels were written from the definitions in core/taxonomy.json before the auditor was
run. A hedged impression follows the mismatch check's rule for differentials (tests/
test_report_normal_findings.py): over findings that call its organ normal it is a mismatch, beside a
related finding it is not; a side it gives still counts against the findings' side (laterality). An
organ sub-heading on its own line ("Liver:", "肝脏：") is the subject of the bare normal statement under
it, so "Normal." there calls the liver normal as "The liver is normal." does.
"""

from __future__ import annotations

import pytest

from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from radqc.eval.matching import match_case

from report_cases import OPERATING_POINT, PRECISION, case_named, findings, fixture_cases

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
    ("zh", "请结合临床除外肿瘤。", "肿瘤", 0, "asked"),
    ("zh", "排除肺栓塞。", "栓塞", 0, "asked"),
    ("zh", "未见气胸，不除外肺炎。", "气胸", 0, "denied"),
    ("zh", "未见气胸，不除外肺炎。", "肺炎", 0, "hedged"),
    ("zh", "右肺下叶肺炎。", "肺炎", 0, "asserted"),
])
def test_exclusions_are_read_by_what_they_mean(language, text, term, occurrence, expected):
    assert reading(text, language, term, occurrence) == expected


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
    found = [f for f in findings(case) if f.confidence >= OPERATING_POINT]
    matching = match_case(case.report, case.labels, found)
    assert (matching.unmatched_labels, [found[i].evidence for i in matching.unmatched_findings]) == ([], [])


@pytest.mark.parametrize("case_id", ["hg-en-12", "hg-en-13", "hg-zh-10"])
def test_a_normal_line_under_an_organ_sub_heading_contradicts_an_impression_disease_for_both_roles(case_id):
    """"Liver:" then "Normal." calls the liver normal as plainly as "The liver is normal.": the precision
    role reports the contradicted impression too, not only the recall role."""
    found = findings(case_named(CASES, case_id))
    assert [f.error_type for f in found if f.confidence >= PRECISION] == ["findings_impression_mismatch"]
