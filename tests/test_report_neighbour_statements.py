"""Statements beside a finding that say nothing against it: a normal kidney parenchyma beside a collection around the
kidney, and a tumour of a tissue the findings deny the mass holds; and neighbouring statements that still leave a slip
standing: an impression denial repeating the findings' own denial of what they affirm, an implant's side beside a change
made to it, and an intact sternum after a sternotomy beside wires outside its sentence, denied, or not the sternum's."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, insertion, laterality, mismatch
from radqc.agents.report.document import parse_report
from report_cases import run


def test_a_normal_renal_parenchyma_says_nothing_of_a_perinephric_collection():
    """"Perinephric", like "perirenal", names the space around the whole kidney, outside its parenchyma."""
    text = ("FINDINGS: Small right perinephric collection. The renal parenchyma is normal.\n"
            "IMPRESSION: Right perinephric collection.")
    assert run(insertion.check, text) == set()


def test_guard_a_normal_kidney_beside_a_perinephric_collection_is_still_a_template_line():
    text = ("FINDINGS: Small right perinephric collection. The kidneys are normal.\n"
            "IMPRESSION: Right perinephric collection.")
    assert ("insertion", "The kidneys are normal.") in run(insertion.check, text)


def test_no_features_of_a_tumour_of_the_tissue_the_findings_deny_characterises_the_mass():
    text = ("FINDINGS: A 4 cm soft tissue mass within the thigh muscles, with no fatty component.\n"
            "IMPRESSION: Soft tissue mass in the thigh. No features of a fatty tumour.")
    assert run(mismatch.check, text) == set()


def test_guard_no_features_of_a_tumour_of_the_tissue_the_findings_name_still_denies_the_mass():
    text = ("FINDINGS: A 4 cm fatty mass within the thigh muscles, with no soft tissue component.\n"
            "IMPRESSION: No features of a fatty tumour.")
    assert ("findings_impression_mismatch", "No features of a fatty tumour") in run(mismatch.check, text)


@pytest.mark.parametrize("language, text, denial", [
    ("en", "FINDINGS: Large acute left subdural haematoma with midline shift. No intracranial haemorrhage.\n"
           "IMPRESSION: No intracranial haemorrhage.", "No intracranial haemorrhage"),
    ("en", "FINDINGS: Large acute left subdural haematoma with midline shift. No intracranial haemorrhage.\n"
           "IMPRESSION: Left subdural haematoma. No intracranial haemorrhage.", "No intracranial haemorrhage"),
    ("en", "FINDINGS: Right lower lobe consolidation. No pneumonia.\nIMPRESSION: No pneumonia.", "No pneumonia"),
    ("en", "FINDINGS: 2 cm mass in the head of the pancreas. No pancreatic tumour.\nIMPRESSION: No pancreatic tumour.",
     "No pancreatic tumour"),
    ("en", "FINDINGS: Splenic laceration. No haematoma around the spleen.\nIMPRESSION: Splenic laceration; no haematoma.",
     "no haematoma"),
    ("zh", "检查所见：左侧额颞部硬膜下血肿，中线结构右移。颅内未见出血。\n诊断意见：颅内未见出血。", "颅内未见出血"),
    ("zh", "检查所见：右肺下叶实变。未见肺炎。\n诊断意见：未见肺炎。", "未见肺炎"),
    ("zh", "检查所见：胰头见一2cm肿块。未见胰腺肿瘤。\n诊断意见：未见胰腺肿瘤。", "未见胰腺肿瘤"),
    ("zh", "检查所见：脾脏撕裂伤。脾周未见血肿。\n诊断意见：脾脏撕裂伤，未见血肿。", "裂伤，未见血肿"),
])
def test_an_impression_denial_the_findings_also_wrote_beside_what_they_affirm_still_denies_it(language, text, denial):
    """A template's denial left in the findings and copied to the impression is the commonest slip: that the findings
    say it too does not make it true of the haematoma, consolidation or mass they describe."""
    assert ("findings_impression_mismatch", denial) in run(mismatch.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right frontal ventriculoperitoneal shunt catheter, tip in the right lateral ventricle. Ventricles "
           "stable.\nIMPRESSION: Left VP shunt with valve setting changed to 1.5; stable ventricles."),
    ("en", "FINDINGS: Right chest wall port, tip in the SVC. No pneumothorax.\n"
           "IMPRESSION: Left chest wall port, catheter exchanged for a longer one; tip in the SVC."),
    ("en", "FINDINGS: Right chest wall port, tip in the SVC. No pneumothorax.\n"
           "IMPRESSION: Left chest wall port, needle changed to a new one; tip in the SVC."),
    ("en", "FINDINGS: Right chest wall port, tip in the SVC. No pneumothorax.\n"
           "IMPRESSION: Left chest wall port, should be exchanged for a new one."),
    ("en", "FINDINGS: Right chest wall port, tip in the SVC.\nIMPRESSION: Left port, replaced last year; tip in the SVC."),
    ("en", "FINDINGS: Left-sided chest wall port, tip at the cavoatrial junction. No pneumothorax.\n"
           "IMPRESSION: Left port replaced by a right-sided port; tip at the cavoatrial junction."),
    ("zh", "检查所见：右侧胸壁输液港留置，导管尖端位于上腔静脉。\n诊断意见：左侧输液港导管已更换为新导管，位置良好。"),
    ("zh", "检查所见：右侧脑室腹腔分流术后，分流管位于右侧侧脑室。\n诊断意见：左侧脑室腹腔分流管阀门压力改为1.5，脑室稳定。"),
])
def test_an_implant_given_the_other_side_beside_a_change_made_to_it_is_still_a_side_slip(language, text):
    """A valve setting, catheter or needle changed, or an exchange recommended, is done to the implant in place, and a
    new implant the sentence names is the one in place: its side is still the findings' to agree with."""
    assert "implant-other-side" in {c.rule for c in laterality.check(CheckInput(parse_report(text, language)))}


@pytest.mark.parametrize("language, text, intact", [
    ("en", "FINDINGS: Status post CABG. Temporary epicardial pacing wires in situ. Sternum intact. Lungs clear.\n"
           "IMPRESSION: No acute abnormality.", "Sternum intact."),
    ("en", "FINDINGS: Status post CABG. Sternum intact. Lungs clear. ECG monitoring wires overlie the chest.\n"
           "IMPRESSION: No acute abnormality.", "Sternum intact."),
    ("en", "FINDINGS: Previous median sternotomy. Fractured sternal wires with sternal dehiscence. Sternum intact.\n"
           "IMPRESSION: Sternal dehiscence.", "Sternum intact."),
    ("en", "FINDINGS: Previous median sternotomy. No sternal wires are seen. Sternum intact.\n"
           "IMPRESSION: No acute abnormality.", "Sternum intact."),
    ("en", "FINDINGS: Previous median sternotomy without sternal wires. Sternum intact.\n"
           "IMPRESSION: No acute abnormality.", "Sternum intact."),
    ("en", "FINDINGS: Previous median sternotomy. Sternum intact. Lungs clear.\n"
           "IMPRESSION: No acute abnormality. Guide wire in the right femoral vein.", "Sternum intact."),
    ("en", "FINDINGS: Previous median sternotomy. Displaced fracture of the sternal body with intact sternal wires. "
           "Sternum intact.\nIMPRESSION: Sternal fracture.", "Sternum intact."),
    ("zh", "检查所见：冠脉搭桥术后。未见胸骨钢丝。胸骨完整。双肺未见异常。\n诊断意见：未见急性异常。", "胸骨完整。"),
    ("zh", "检查所见：冠脉搭桥术后。右侧锁骨骨折钢丝固定术后。胸骨完整。\n诊断意见：未见急性异常。", "胸骨完整。"),
    ("zh", "检查所见：胸骨正中切开术后，胸骨钢丝断裂，胸骨裂开。胸骨完整。\n诊断意见：胸骨裂开。", "胸骨完整。"),
])
def test_an_intact_sternum_after_a_sternotomy_beside_other_wires_is_still_a_template_line(language, text, intact):
    """Pacing, ECG, guide or clavicle wires, wires denied, and a fractured or dehisced sternum leave an intact sternum
    after its opening the template's line."""
    assert ("insertion", intact) in run(insertion.check, text, language)


def test_an_intact_sternum_in_the_sentence_of_its_wires_is_the_wired_sternum_beside_another_finding_too():
    """The wires named in the sentence make "胸骨完整" the wired sternum, whatever else that sentence goes on to find."""
    text = "病史：冠脉搭桥术后。\n检查所见：胸骨正中钢丝固定，胸骨完整，心包少量积液。\n诊断意见：心包少量积液。"
    assert ("insertion", "胸骨完整") not in run(insertion.check, text, "zh")


def test_an_intact_sternum_in_a_sentence_of_its_own_after_a_sternotomy_is_still_a_template_line():
    """Wires stated intact elsewhere do not make a sentence of its own calling the sternum intact true: beside a
    dehiscence it is the template's line."""
    text = ("HISTORY: CABG 2015.\nFINDINGS: Median sternotomy wires are intact. Sternal dehiscence inferiorly with a 5 mm "
            "gap. Sternum intact.\nIMPRESSION: Sternal dehiscence.")
    assert ("insertion", "Sternum intact.") in run(insertion.check, text, "en")
