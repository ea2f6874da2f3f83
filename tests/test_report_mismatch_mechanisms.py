"""Findings/impression mismatches the impression makes by a mechanism rather than a word: a liver diagnosis the
described enhancement rules out; in English and Chinese, with the wordings that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Cirrhotic liver. A 2.4 cm segment 7 liver lesion shows peripheral nodular enhancement in the arterial "
           "phase with centripetal fill-in on delayed images; no washout.\n"
           "IMPRESSION: Segment 7 hepatocellular carcinoma.", "hepatocellular carcinoma"),
    ("en", "FINDINGS: A 3 cm segment 4 liver lesion with arterial phase hyperenhancement and washout on the portal "
           "venous phase.\nIMPRESSION: Segment 4 hepatic haemangioma.", "haemangioma"),
    ("zh", "检查所见：肝S5见一低密度灶，大小约2.6cm，动脉期边缘见结节状强化，延迟期逐渐向中心填充，未见廓清。\n"
           "诊断意见：肝S5肝细胞癌（LR-5）。", "肝细胞癌（LR-5"),
    ("zh", "检查所见：肝右叶见一肿块，大小约3.1cm，动脉期明显强化，门脉期廓清。\n诊断意见：肝右叶血管瘤。", "血管瘤"),
])
def test_a_liver_diagnosis_its_enhancement_rules_out(language, text, evidence):
    assert ("liver-enhancement", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: A 2.4 cm segment 7 liver lesion shows peripheral nodular enhancement with centripetal "
           "fill-in.\n"
           "IMPRESSION: Segment 7 haemangioma."),
    # washout in the liver says nothing of a vertebral haemangioma, and two observations described apart
    ("en", "FINDINGS: A 3 cm segment 4 liver lesion with arterial phase hyperenhancement and washout. T12 vertebral "
           "body haemangioma.\nIMPRESSION: Segment 4 LR-5 observation. T12 vertebral haemangioma."),
    ("en", "FINDINGS: Right adrenal nodule, 8 HU unenhanced. Absolute washout 70%. A 1 cm peripheral liver lesion.\n"
           "IMPRESSION: Right adrenal adenoma. Hepatic haemangioma."),
    ("zh", "检查所见：肝S8见肿块，动脉期明显强化，门脉期廓清。肝S2见小结节，动脉期边缘结节状强化，延迟期向中心填充。\n"
           "诊断意见：肝S8肝细胞癌；肝S2血管瘤。"),
])
def test_liver_diagnoses_their_enhancement_allows_stay_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"liver-enhancement"}
