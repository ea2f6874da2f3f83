"""An organ described after an operation on it: the synthetic cases of tests/fixtures/operations (see its
SOURCE.md), and the operations that remove an organ against those that leave part of it.

The taxonomy's insertion includes "an organ described as normal although the report says it was
removed". An operation that leaves part of the organ (hemithyroidectomy, subtotal or near-total
thyroidectomy, heminephrectomy, partial nephrectomy, "甲状腺次全切除", "甲状腺部分切除", "子宫次全切除")
removes nothing the report could not describe afterwards, nor do operations on part of an organ that
`insertion._REMOVED` does not list (lobectomy, segmentectomy, hepatectomy, "半肝切除"). A total removal
(total thyroidectomy, "甲状腺全切除") followed by the organ called normal is an insertion. The cases'
gold labels were written from the taxonomy before the auditor was run; the whole offline auditor runs at
the workflow's operating point.
"""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, insertion
from radqc.agents.report.document import parse_report

from report_cases import RECALL, fixture_cases, misread

CASES = fixture_cases("operations")


def test_the_cases_are_valid_gold():
    assert not CASES.errors and len(CASES.cases) >= 10


@pytest.mark.parametrize("case", CASES.cases, ids=[c.case_id for c in CASES.cases])
def test_partial_and_total_operations(case):
    assert misread(case) == ([], [])


def flagged(text: str, language: str) -> set[str]:
    """The evidence of what the insertion check flags in TEXT at the recall role's bar."""
    return {text[c.start:c.end] for c in insertion.check(CheckInput(parse_report(text, language)))
            if c.confidence >= RECALL}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Status post hemithyroidectomy. The remaining thyroid lobe is normal.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post hemi-thyroidectomy. The thyroid is otherwise normal.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post subtotal thyroidectomy. A 9 mm thyroid nodule.\nIMPRESSION: 9 mm thyroid nodule."),
    ("en", "FINDINGS: Status post near-total thyroidectomy. A 5 mm thyroid nodule.\nIMPRESSION: 5 mm thyroid nodule."),
    ("en", "FINDINGS: Status post heminephrectomy. The kidney is normal.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post subtotal hysterectomy. The cervix is normal.\nIMPRESSION: No pelvic mass."),
    ("en", "FINDINGS: Status post right upper lobectomy. The lungs are clear.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post segmentectomy. The lungs are clear.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post right hepatectomy. The liver is normal.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post left partial mastectomy. Both breasts are unremarkable.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post left segmental mastectomy. Both breasts are unremarkable.\nIMPRESSION: No recurrence."),
    ("en", "FINDINGS: Status post segmental cystectomy. The bladder is normal.\nIMPRESSION: No recurrence."),
    ("zh", "检查所见：甲状腺次全切除术后。甲状腺右叶未见结节。\n诊断意见：未见复发。"),
    ("zh", "检查所见：甲状腺部分切除术后。甲状腺未见结节。\n诊断意见：未见复发。"),
    ("zh", "检查所见：甲状腺大部切除术后。甲状腺未见结节。\n诊断意见：未见复发。"),
    ("zh", "检查所见：子宫次全切除术后。宫颈大小形态正常。\n诊断意见：盆腔未见异常。"),
    ("zh", "检查所见：次全子宫切除术后。宫颈大小形态正常。\n诊断意见：盆腔未见异常。"),
    ("zh", "检查所见：右半肝切除术后。肝左叶未见异常密度灶。\n诊断意见：未见复发。"),
])
def test_an_operation_leaving_part_of_the_organ_removes_nothing(language, text):
    assert flagged(text, language) == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Status post total thyroidectomy. The thyroid is normal.\nIMPRESSION: No recurrence.",
     "The thyroid is normal."),
    ("en", "FINDINGS: Status post thyroidectomy. No thyroid nodule.\nIMPRESSION: No recurrence.", "No thyroid nodule."),
    ("zh", "检查所见：甲状腺全切除术后。甲状腺大小形态正常。\n诊断意见：未见复发。", "甲状腺大小形态正常。"),
    ("zh", "检查所见：全子宫切除术后。子宫大小形态正常。\n诊断意见：盆腔未见异常。", "子宫大小形态正常。"),
])
def test_an_organ_described_after_its_total_removal_is_an_insertion(language, text, evidence):
    assert flagged(text, language) == {evidence}
