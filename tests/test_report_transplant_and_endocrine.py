"""Report checks on the wordings of transplant, dialysis and endocrine reports: a lesion's own make-up denied beside
it, dialysate named as the fluid it is, and the impression's names and grades held to the findings' own figures;
in English and Chinese, with the correct wordings that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left kidney, upper pole: a 2.2 cm solid lesion, 28 HU unenhanced and 94 HU nephrographic, "
           "homogeneous, without fat or calcification.\nIMPRESSION: 2.2 cm enhancing solid left renal lesion: renal "
           "cell carcinoma until proven otherwise."),
    ("zh", "检查所见：左肾上极见一囊性灶，大小约3.2×2.9cm，内见5条纤细光滑分隔，未见壁结节及增厚。\n"
           "诊断意见：左肾上极Bosniak IIF类囊性病变，建议随访。"),
])
def test_a_lesions_make_up_denied_beside_it_is_no_denial_of_the_lesion(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"findings-deny"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: A 1.6 cm simple cyst in the left kidney, with no renal mass.\nIMPRESSION: Left renal mass.",
     "Left renal mass"),
    ("zh", "检查所见：左肾见一单纯囊肿，直径约1.6cm，左肾未见肿块。\n诊断意见：左肾肿块。", "左肾肿块"),
])
def test_a_denial_of_the_impressions_own_finding_beside_a_lesion_still_contradicts(language, text, evidence):
    assert ("findings-deny", evidence) in flagged(text, language)
