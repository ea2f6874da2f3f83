"""Findings/impression mismatch: impressions that sum the findings up correctly in other words (a bone named by its
adjective, a diagnosis made on the sign the findings describe, a bone's mineral density) stay silent, and an impression
whose change over time the findings contradict is reported, also when it names the lesion by a shorter word or says
"not significantly changed"; in English and Chinese, each beside the wording that must keep its finding."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text", [
    # the bone named by its adjective is the fracture's own organ, not the mediastinum of the haematoma beside it
    ("en", "FINDINGS: Transverse fracture of the sternal body with 4 mm posterior displacement. Retrosternal haematoma "
           "up to 11 mm thick.\nIMPRESSION: Minimally displaced sternal body fracture with a small retrosternal "
           "haematoma."),
    ("zh", "检查所见：胸骨体横行骨折，后移约4mm。胸骨后血肿，厚约11mm。\n诊断意见：胸骨体骨折伴胸骨后少量血肿。"),
    # another bone called intact says nothing of the sacrum the impression names
    ("en", "FINDINGS: A band of sclerosis with a fine lucent line in the left sacral ala. Pubic rami and femoral necks "
           "intact.\nIMPRESSION: Left sacral alar stress fracture."),
    ("zh", "检查所见：左侧骶骨翼见带状硬化及细线状透亮影。耻骨支及股骨颈骨质完整。\n诊断意见：左侧骶骨应力性骨折。"),
    # a bone's mineral density is measured by densitometry: no opacity
    ("en", "FINDINGS: A band of sclerosis in the left sacral ala. Right sacral ala normal. Pubic rami intact.\n"
           "IMPRESSION: Left sacral stress fracture. Bone density assessment advised."),
    ("en", "FINDINGS: A band of sclerosis in the left sacral ala. Right sacral ala normal. Pubic rami intact.\n"
           "IMPRESSION: Left sacral stress fracture; low bone mineral density is likely."),
])
def test_an_impression_naming_the_bone_it_sums_up_stays_silent(language, text):
    assert flagged(text, language) == set()


@pytest.mark.parametrize("language, text, rule", [
    ("en", "FINDINGS: Retrosternal haematoma. The sternum is intact.\nIMPRESSION: Sternal fracture.", "findings-normal"),
    ("en", "FINDINGS: Retrosternal haematoma. Sternum intact.\nIMPRESSION: Sternal body fracture with a small "
           "retrosternal haematoma.", "findings-normal"),
    ("en", "FINDINGS: Left sacral ala intact. Pubic rami intact.\nIMPRESSION: Left sacral fracture.", "findings-normal"),
    ("en", "FINDINGS: Lungs clear.\nIMPRESSION: Increased density in the right lower lobe.", "findings-normal"),
])
def test_guard_a_fracture_or_opacity_of_an_organ_the_findings_call_normal_is_still_flagged(language, text, rule):
    assert rule in {r for r, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Several tiny foci of gas within cortical and sulcal vessels over the right frontal convexity, in "
           "keeping with intravascular gas. No haemorrhage.\nIMPRESSION: Small volume of intravascular gas, in keeping "
           "with arterial gas embolism in this clinical setting."),
    ("en", "FINDINGS: Intravascular air in the right frontal cortical veins.\nIMPRESSION: Cerebral air embolism."),
    ("zh", "检查所见：左侧额顶叶皮层血管内见多发小点状气体密度影。未见出血。\n诊断意见：左侧大脑半球脑动脉气体栓塞。"),
    # misspelt, the spelling check reports the slip; the diagnosis still rests on the gas in the vessels
    ("zh", "检查所见：左侧额顶叶皮层血管内见多发小点状气体密度影。未见出血。\n诊断意见：左侧大脑半球脑动脉气体拴塞。"),
])
def test_a_gas_embolism_made_on_gas_in_the_vessels_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"not-in-findings", "other-diagnosis"}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: No intracranial abnormality. No haemorrhage.\nIMPRESSION: Cerebral arterial gas embolism."),
    ("en", "FINDINGS: No gas within the cerebral vessels. No haemorrhage.\nIMPRESSION: Cerebral arterial gas embolism."),
    ("zh", "检查所见：脑实质未见异常密度影，脑血管内未见气体。\n诊断意见：脑动脉气体栓塞。"),
])
def test_guard_a_gas_embolism_without_gas_in_the_vessels_is_still_unsupported(language, text):
    assert flagged(text, language)


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Pericardial effusion now 26 mm deep (previously 7 mm after drainage), with flattening of the right "
           "atrial free wall.\nIMPRESSION: Small residual pericardial effusion, not significantly changed.",
     "not significantly changed"),
    ("zh", "检查所见：肝内多发转移灶，较前缩小，最大者约2.1cm×1.8cm（前次约3.4cm×2.9cm）。\n"
           "诊断意见：肝转移较前进展。", "肝转移较前进展"),
])
def test_a_change_the_findings_contradict_is_a_mismatch(language, text, evidence):
    assert any(rule == "change-direction" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Pericardial effusion 7 mm deep (previously 7 mm).\nIMPRESSION: Small pericardial effusion, not "
           "significantly changed."),
    ("zh", "检查所见：肝内多发转移灶，较前增大，最大者约3.4cm×2.9cm（前次约2.1cm×1.8cm）。\n诊断意见：肝转移较前进展。"),
    # a cyst's stability says nothing of the metastases the impression calls progressing
    ("zh", "检查所见：肝内多发转移灶，最大约3.4cm。肝囊肿，同前。\n诊断意见：肝转移较前进展。"),
])
def test_guard_a_change_the_findings_share_stays_silent(language, text):
    assert "change-direction" not in {r for r, _ in flagged(text, language)}
