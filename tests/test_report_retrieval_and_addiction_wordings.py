"""Wordings of retrieval and addiction-service reports that the auditor misread as errors: a CT angiogram "from the aortic
bifurcation" is no chest CT; an ileus is no obstruction, so "ileus without obstruction" contradicts nothing; a finding
restated in the organ's whole word ("骨坏死") is about the part its sentence names; a laceration's depth is no lesion a
wall bounds; and "thrombin" and "injecting" are words. Each beside the text that must still be flagged."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, measurement, mismatch, spelling
from report_cases import confident, run


@pytest.mark.parametrize("order, technique, flagged", [
    ("CT angiography of the pelvis and thighs", "Arterial phase CTA from the aortic bifurcation to the knees.", False),
    ("CT pelvis", "CT angiogram of the aortic arch and great vessels.", True),
])
def test_the_aortic_bifurcation_is_no_chest(order, technique, flagged):
    """A run-off CTA starts at the aortic bifurcation, at the level of the pelvis; the aortic arch is still the chest's."""
    text = f"TECHNIQUE: {technique}\nFINDINGS: Iliac arteries patent.\nIMPRESSION: Normal study."
    assert (("exam_mismatch", technique) in run(exam.check, text, exam_=order)) == flagged


@pytest.mark.parametrize("technique, flagged", [
    ("动脉期CTA，自主动脉分叉至足底。", False),
    ("主动脉弓及头臂血管CTA。", True),
])
def test_the_aortic_bifurcation_is_no_chest_in_chinese_either(technique, flagged):
    """自主动脉分叉 (from the aortic bifurcation) opens a run-off CTA at the pelvis, as in English; 主动脉弓 is the chest's."""
    text = f"检查方法：{technique}\n检查所见：双侧髂动脉通畅。\n诊断意见：未见异常。"
    assert (("exam_mismatch", technique) in run(exam.check, text, "zh", exam_="盆腔CT")) == flagged


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Mildly dilated fluid-filled small bowel loops up to 3 cm with no transition point, an ileus.\n"
           "IMPRESSION: Small bowel ileus without obstruction.", False),
    ("zh", "检查所见：小肠轻度扩张积液，未见移行带，考虑麻痹性肠梗阻。\n诊断意见：麻痹性肠梗阻，未见机械性梗阻。", False),
    ("en", "FINDINGS: Dilated small bowel loops with no transition point, an ileus.\nIMPRESSION: No ileus.", True),
    ("en", "FINDINGS: Dilated small bowel loops to a transition point in the right lower quadrant: small bowel "
           "obstruction.\nIMPRESSION: No bowel obstruction.", True),
])
def test_an_ileus_is_no_obstruction_an_impression_denies(language, text, flagged):
    """An ileus dilates bowel without a mechanical obstruction: denying obstruction beside it draws the distinction;
    denying the ileus, or an obstruction the findings describe, contradicts them."""
    found = {t for t, _ in run(mismatch.check, text, language)}
    assert ("findings_impression_mismatch" in found) == flagged


@pytest.mark.parametrize("findings, flagged", [
    ("检查所见：右侧股骨头见地图样硬化边及新月征，关节面轻度塌陷。双侧髋臼未见异常。", False),
    ("检查所见：双侧股骨头及髋臼未见异常。", True),
])
def test_a_finding_restated_in_the_whole_word_is_about_the_part_its_sentence_names(findings, flagged):
    """"股骨头坏死（减压性骨坏死）" is the femoral head's necrosis, which a normal acetabulum does not clear; a normal
    femoral head does."""
    text = f"{findings}\n诊断意见：右侧股骨头坏死（减压性骨坏死）。"
    found = {t for t, _ in run(mismatch.check, text, "zh")}
    assert ("findings_impression_mismatch" in found) == flagged


def test_thrombin_and_injecting_are_words():
    text = ("FINDINGS: Not suitable for thrombin injection given infection; occlusion from previous injecting.\n"
            "IMPRESSION: As above.")
    assert confident(spelling.check, text) == set()


@pytest.mark.parametrize("text, flagged", [
    ("FINDINGS: A 2.5 cm deep laceration of the lower pole of the left kidney with a perinephric haematoma 3 cm thick.\n"
     "IMPRESSION: Left renal laceration.", False),
    ("FINDINGS: Cavity in the right upper lobe, 2.8 x 2.1 cm, wall thickness 4 cm.\nIMPRESSION: Cavitating lesion.", True),
])
def test_a_depth_is_no_lesion_a_wall_bounds(text, flagged):
    """A laceration's depth says how far the tear reaches: the haematoma beside it, thicker, is no wall thicker than its
    lesion; a cavity's wall measured thicker than the cavity still is."""
    found = {e for t, e in run(measurement.check, text) if t == "measurement"}
    assert bool(found) == flagged


def test_a_whole_brain_called_normal_still_clears_an_infarct_of_one_lobe():
    """The guard: the brain's parenchyma called normal throughout contradicts an impression's frontal lobe infarct."""
    text = "影像表现：脑实质内未见异常密度影，灰白质分界清楚。\n印象：1. 双侧上颌窦炎。2. 左侧额叶脑梗死。"
    assert "findings_impression_mismatch" in {t for t, _ in run(mismatch.check, text, "zh")}
