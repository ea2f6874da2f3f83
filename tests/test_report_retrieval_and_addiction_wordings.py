"""Wordings of retrieval and addiction-service reports that the auditor misread as errors: a pseudoaneurysm is an aneurysm
(a contained rupture, no mimic) and a sentence giving the total size of the lesion before it goes on describing it; a
CT angiogram "from the aortic bifurcation" is no chest CT; an ileus is no obstruction, so "ileus without obstruction"
contradicts nothing; a finding restated in the organ's whole word ("骨坏死") is about the part its sentence names;
intravascular gas is the gas embolism the impression names; and "thrombin" and "injecting" are words. Each beside the
text that must still be flagged."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, measurement, mismatch, omission, spelling
from report_cases import confident, run


PSEUDOANEURYSM = "FINDINGS: Right groin: pseudoaneurysm of the right common femoral artery, sac 2.8 cm, with a 2 mm neck."


def test_a_pseudoaneurysm_left_out_is_an_omission():
    """A pseudoaneurysm needs treatment: an impression naming only scarring in the other groin has left it out, one naming it
    has not. "pseudo-" marks a mimic ("pseudolesion") but not this contained rupture."""
    assert ("omission", PSEUDOANEURYSM[len("FINDINGS: "):]) in run(
        omission.check, f"{PSEUDOANEURYSM}\nIMPRESSION: Left groin scarring.")
    assert run(omission.check, f"{PSEUDOANEURYSM}\nIMPRESSION: Right common femoral artery pseudoaneurysm.") == set()


def test_a_pseudolesion_is_still_no_finding():
    """The guard: a pseudolesion the findings name is a mimic, which the impression may leave out."""
    text = ("FINDINGS: Perfusion pseudolesion in segment 4 adjacent to the falciform ligament, 12 mm.\n"
            "IMPRESSION: No focal liver lesion.")
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("impression, flagged", [
    ("IMPRESSION: Left common femoral artery pseudoaneurysm, sac 2.1 cm, with a surrounding haematoma.", False),
    ("IMPRESSION: Chronic right common femoral vein occlusion.", True),
])
def test_the_total_size_of_the_lesion_before_goes_on_describing_it(impression, flagged):
    """"Total mass including thrombus ..." measures the whole of the pseudoaneurysm just described: reported with it,
    not a mass of its own; an impression reporting nothing of that lesion has left both out."""
    text = ("FINDINGS: Left groin: a 21 mm contrast-filled sac arises from the left common femoral artery through a 3 mm "
            "neck, with surrounding haematoma. Total mass including thrombus 4.5 x 3.8 cm.\n"
            "Right groin: chronic occlusion of the right common femoral vein.\n" + impression)
    assert (("omission", "Total mass including thrombus 4.5 x 3.8 cm.") in run(omission.check, text)) == flagged


@pytest.mark.parametrize("order, technique, flagged", [
    ("CT angiography of the pelvis and thighs", "Arterial phase CTA from the aortic bifurcation to the knees.", False),
    ("CT pelvis", "CT angiogram of the aortic arch and great vessels.", True),
])
def test_the_aortic_bifurcation_is_no_chest(order, technique, flagged):
    """A run-off CTA starts at the aortic bifurcation, at the level of the pelvis; the aortic arch is still the chest's."""
    text = f"TECHNIQUE: {technique}\nFINDINGS: Iliac arteries patent.\nIMPRESSION: Normal study."
    assert (("exam_mismatch", technique) in run(exam.check, text, exam_=order)) == flagged


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


@pytest.mark.parametrize("findings, flagged", [
    ("FINDINGS: Tiny foci of gas within right frontal cortical vessels, in keeping with intravascular gas.", False),
    ("FINDINGS: No intracranial abnormality. No haemorrhage.", True),
])
def test_intravascular_gas_is_the_gas_embolism_the_impression_names(findings, flagged):
    """The impression's arterial gas embolism is the intravascular gas the findings describe, not a finding of its own;
    findings describing nothing of it do not support it."""
    text = f"{findings}\nIMPRESSION: Cerebral arterial gas embolism over the right convexity."
    found = {t for t, _ in run(mismatch.check, text)}
    assert ("findings_impression_mismatch" in found) == flagged


def test_thrombin_and_injecting_are_words():
    text = ("FINDINGS: Not suitable for thrombin injection given infection; occlusion from previous injecting.\n"
            "IMPRESSION: As above.")
    assert confident(spelling.check, text) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Gas lucencies in the left middle cerebral artery branches, measuring +900 HU.\n"
           "IMPRESSION: Cerebral arterial gas embolism.", True),
    ("zh", "检查所见：左侧额叶皮层血管内见条状气体密度影，CT值约850HU。\n诊断意见：脑动脉气体栓塞。", True),
    ("en", "FINDINGS: Gas lucencies in the right cortical vessels, attenuation about -800 HU.\n"
           "IMPRESSION: Cerebral arterial gas embolism.", False),
    ("en", "FINDINGS: A rim-enhancing collection with gas locules and fluid of 25 HU.\nIMPRESSION: Abscess.", False),
    ("zh", "检查所见：胃内见椭圆形异物，周围见薄层气体环，包装物CT值约+150HU。\n诊断意见：体内藏毒。", False),
])
def test_gas_given_a_positive_attenuation_has_lost_its_sign(language, text, flagged):
    """Gas measures about -1000 HU: a positive value for it is a sign slip. A value of another tissue named after the
    gas (the fluid of a collection, a packet inside its gas ring) is that tissue's."""
    found = run(measurement.check, text, language)
    assert any(t == "measurement" and "HU" in e for t, e in found) == flagged


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：右侧第4～17肋骨多发骨折，形成连枷胸。\n诊断意见：右侧第4～7肋骨多发骨折，连枷胸。", "第4～17肋"),
    ("en", "FINDINGS: Fractures of the right 14th to 16th ribs.\nIMPRESSION: Right rib fractures.", "14th to 16th ribs"),
])
def test_a_rib_numbered_beyond_the_twelve_pairs_is_a_slip(language, text, evidence):
    assert ("measurement", evidence) in run(measurement.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：右侧第4～7肋骨多发骨折，第11、12肋未见骨折。\n诊断意见：右侧第4～7肋骨骨折。"),
    ("en", "FINDINGS: Fractures of the right 4th to 7th ribs; ribs 11 and 12 intact. Cervical rib on the left.\n"
           "IMPRESSION: Right 4th to 7th rib fractures."),
])
def test_ribs_within_the_twelve_pairs_are_silent(language, text):
    assert not any(t == "measurement" for t, _ in run(measurement.check, text, language))


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：左侧股总动脉前壁见囊状对比剂充盈影，瘤腔大小约3.2cm×2.5cm。\n诊断意见：左侧股总动脉假性动脉瘤（瘤腔约2.3cm）。",
     True),
    ("zh", "检查所见：左侧股总动脉前壁见囊状对比剂充盈影，瘤腔大小约3.2cm×2.5cm。\n诊断意见：左侧股总动脉假性动脉瘤（瘤腔约3.2cm）。",
     False),
    ("zh", "检查所见：胰体尾部见囊性灶，大小约6.5cm×5.2cm。\n诊断意见：胰腺假性囊肿，直径约6cm。", False),
    ("en", "FINDINGS: Lesser sac pseudocyst measuring 6.5 x 5.2 cm.\nIMPRESSION: Lesser sac pseudocyst 4.5 cm.", True),
    ("en", "FINDINGS: Lesser sac pseudocyst measuring 6.5 x 5.2 cm.\nIMPRESSION: Lesser sac pseudocyst 5.2 cm.", False),
])
def test_a_single_length_the_impression_gives_is_one_of_the_axes_the_findings_give(language, text, flagged):
    """The impression restating a lesion measured on two axes gives one of them: "瘤腔约2.3cm" for "瘤腔大小约3.2cm×2.5cm"
    is none, a slip; the largest or the other axis, or a rounding of one, is correct."""
    found = {e for t, e in run(measurement.check, text, language) if t == "measurement"}
    assert bool(found) == flagged


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


@pytest.mark.parametrize("text, flagged", [
    ("FINDINGS: Left maxillary sinus: mucosal thickening up to 6 mm with an air-fluid level 8 cm deep.\n"
     "IMPRESSION: Left maxillary sinus barotrauma.", True),
    ("FINDINGS: Left maxillary sinus: mucosal thickening up to 6 mm with an air-fluid level 8 mm deep.\n"
     "IMPRESSION: Left maxillary sinus barotrauma.", False),
])
def test_sinus_disease_cannot_outgrow_its_sinus(text, flagged):
    """The largest paranasal sinus is about 4 cm across: a sinus's fluid or thickening of 8 cm is a unit slip."""
    found = {e for t, e in run(measurement.check, text) if t == "measurement"}
    assert bool(found) == flagged


def test_a_whole_brain_called_normal_still_clears_an_infarct_of_one_lobe():
    """The guard: the brain's parenchyma called normal throughout contradicts an impression's frontal lobe infarct."""
    text = "影像表现：脑实质内未见异常密度影，灰白质分界清楚。\n印象：1. 双侧上颌窦炎。2. 左侧额叶脑梗死。"
    assert "findings_impression_mismatch" in {t for t, _ in run(mismatch.check, text, "zh")}
