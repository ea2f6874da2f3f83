"""Correct reports from a district hospital and a sports clinic that the rules must leave silent, each beside the
neighbouring slip they must still catch: a normal line about the background liver, the other hemisphere or an organ's
parenchyma beside a finding it does not cover, and a pars defect without a slip."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, measurement, mismatch, omission
from report_cases import run


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Liver: Four hyperenhancing lesions, the largest 5.6 cm in segment VII. Background liver normal.\n"
           "IMPRESSION: Multiple hepatic adenomas."),
    ("zh", "检查所见：肝内见多发结节，动脉期明显强化。背景肝实质未见异常。\n诊断意见：肝多发腺瘤。"),
    ("zh", "检查所见：左侧颞部颅骨内板下见梭形高密度影。左侧侧脑室受压变窄，中线结构向右移位约0.6cm。右侧大脑半球未见异常。\n"
           "诊断意见：左侧颞部硬膜外血肿。"),
    ("zh", "检查所见：右侧腰大肌血肿。右肾向前外侧轻度推移，肾周间隙少量渗出。双肾实质密度未见异常。\n"
           "诊断意见：右侧腰大肌血肿。"),
    ("en", "FINDINGS: Right psoas haematoma with perirenal stranding. The renal parenchyma is normal.\n"
           "IMPRESSION: Right psoas haematoma."),
])
def test_a_normal_line_about_what_the_finding_spares_is_no_template_slip(language, text):
    """The background liver is the liver apart from its lesions; the right hemisphere says nothing of a shift told
    with the left ventricle's compression; an organ's parenchyma says nothing of the fat around it."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Liver: Four hyperenhancing lesions, the largest 5.6 cm in segment VII. Liver normal.\n"
           "IMPRESSION: Multiple hepatic adenomas.", "Liver normal."),
    ("zh", "检查所见：左侧侧脑室受压变窄，中线结构向右移位约0.6cm。左侧大脑半球未见异常。\n诊断意见：中线结构右移。",
     "左侧大脑半球未见异常。"),
    ("zh", "检查所见：右肾下极见软组织肿块，约3.0cm。双肾实质密度未见异常。\n诊断意见：右肾肿块。", "双肾实质密度未见异常。"),
])
def test_guard_a_normal_line_about_the_organ_the_finding_lies_in_is_still_a_template_slip(language, text, slip):
    assert ("insertion", slip) in run(insertion.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Bilateral L5 pars defects. No spondylolisthesis.\n"
           "IMPRESSION: Bilateral L5 spondylolysis without spondylolisthesis."),
    ("zh", "检查所见：L5双侧椎弓峡部骨质不连续。L5椎体未见滑脱。\n诊断意见：1．L5双侧椎弓峡部裂。\n2．L5椎体未见滑脱。"),
    ("zh", "检查所见：左侧L5椎弓峡部骨质连续，骨皮质增厚硬化，为应力反应。L5椎体未见滑脱。\n诊断意见：L5椎弓峡部应力反应，未见滑脱。"),
])
def test_a_pars_defect_is_no_slip_of_the_vertebra(language, text):
    """Spondylolysis (a defect of the pars interarticularis) is not spondylolisthesis (the vertebra's slip): a report
    may state the one and deny the other, and "椎弓峡部" alone names the pars, intact or not."""
    assert run(mismatch.check, text, language) == set()
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, slip", [
    ("zh", "检查所见：L5椎体向前I度滑脱，双侧椎弓峡部裂。\n诊断意见：L5双侧峡部裂，L5椎体未见滑脱。", "未见滑脱"),
    ("en", "FINDINGS: Grade 1 anterolisthesis of L5 on S1 with bilateral pars defects.\n"
           "IMPRESSION: Bilateral L5 spondylolysis without spondylolisthesis.", "without spondylolisthesis"),
])
def test_guard_a_slip_the_impression_denies_beside_the_findings_slip_is_still_a_mismatch(language, text, slip):
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Within the vastus intermedius there is a 48 x 22 x 30 mm mass with a peripheral shell of "
           "mineralisation.\nIMPRESSION: Maturing myositis ossificans. No features of a bone-forming tumour."),
    ("zh", "检查所见：右侧股中间肌内见类椭圆形肿块，周边呈蛋壳样钙化。\n诊断意见：右股中间肌骨化性肌炎，未见骨源性肿瘤征象。"),
])
def test_an_impression_denying_a_tumours_features_characterises_the_mass_described(language, text):
    """"No features of a tumour" beside a described mass says what the mass is, not that there is none."""
    assert run(mismatch.check, text, language) == set()


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: A 48 mm tumour within the vastus intermedius.\nIMPRESSION: No features of a tumour.",
     "No features of a tumour"),
    ("en", "FINDINGS: A 48 mm mass within the vastus intermedius.\nIMPRESSION: No tumour.", "No tumour"),
])
def test_guard_denying_the_findings_own_term_or_the_lesion_itself_is_still_a_mismatch(language, text, slip):
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text, language)


def test_an_impression_repeating_the_findings_resolved_haematoma_beside_a_healing_laceration_contradicts_nothing():
    text = ("FINDINGS: Spleen: The laceration in the lower pole has largely healed, 1.4 cm long. The perisplenic "
            "haematoma has resolved.\nIMPRESSION: Near-complete healing of the splenic laceration, with resolved "
            "haematoma and no pseudoaneurysm.")
    assert run(mismatch.check, text) == set()


def test_guard_an_impression_calling_a_haematoma_resolved_that_the_findings_describe_is_still_a_mismatch():
    text = ("FINDINGS: Spleen: The laceration in the lower pole has largely healed. A 3 cm perisplenic haematoma "
            "persists.\nIMPRESSION: Healing splenic laceration with resolved haematoma.")
    assert ("findings_impression_mismatch", "resolved haematoma") in run(mismatch.check, text)


def test_the_injury_an_impression_says_a_finding_followed_is_history_not_a_finding_to_describe():
    text = ("FINDINGS: Within the vastus intermedius there is a 48 mm mass with a peripheral shell of mineralisation.\n"
            "IMPRESSION: Maturing myositis ossificans in the right vastus intermedius, with a cleft from the femur, "
            "after an old quadriceps contusion.")
    assert run(mismatch.check, text) == set()


@pytest.mark.parametrize("text", [
    "FINDINGS: Free fluid in the pelvis.\nIMPRESSION: Haemoperitoneum after a splenic laceration.",
    "FINDINGS: Within the vastus intermedius there is a 48 mm mass with a peripheral shell of mineralisation.\n"
    "IMPRESSION: Maturing myositis ossificans in the right vastus intermedius, with a cleft from the femur, after a "
    "quadriceps contusion.",
])
def test_an_injury_the_impression_does_not_call_past_is_a_finding_to_describe(text):
    """Only an injury said to be past (old, previous, prior) is history; "after a splenic laceration" reports one."""
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}


def test_guard_an_impression_injury_the_findings_never_describe_is_still_unsupported():
    text = ("FINDINGS: Within the vastus intermedius there is a 48 mm mass with a peripheral shell of mineralisation.\n"
            "IMPRESSION: Maturing myositis ossificans in the right vastus intermedius, with a cleft from the femur "
            "and a quadriceps contusion.")
    assert ("findings_impression_mismatch", "contusion") in run(mismatch.check, text)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Intraparenchymal haematoma in the right parietal lobe, 32 x 25 mm axially and 30 mm "
           "craniocaudally. ABC/2 volume: 32 x 25 x 30 / 2 = about 12 mL.\nIMPRESSION: Right parietal haemorrhage."),
    ("en", "FINDINGS: Right parietal haematoma. ABC/2 volume: 3.2 x 2.5 x 3.0 / 2 = 12 mL.\n"
           "IMPRESSION: Right parietal haemorrhage."),
    ("zh", "检查所见：右侧顶叶血肿。多田公式：3.2×2.5×3.0/2＝约12ml。\n诊断意见：右顶叶脑出血。"),
])
def test_guard_an_abc2_written_out_in_either_unit_stays_silent(language, text):
    assert run(measurement.check, text, language) == set()


def test_an_abc2_written_out_whose_result_its_axes_do_not_give_is_a_measurement_slip():
    """32 x 25 x 30 mm halved is 12 mL (12,000 mm3); 24 mL drops the halving."""
    text = ("FINDINGS: Intraparenchymal haematoma in the right parietal lobe, 32 x 25 mm axially and 30 mm "
            "craniocaudally. ABC/2 volume: 32 x 25 x 30 / 2 = about 24 mL.\nIMPRESSION: Right parietal haemorrhage.")
    assert {t for t, _ in run(measurement.check, text)} == {"measurement"}


def test_a_normal_line_about_the_other_bones_does_not_call_the_fracture_normal():
    text = ("FINDINGS: A sagittal lucent line in the central third of the tarsal navicular with sclerotic margins. Other "
            "tarsal and metatarsal bones normal.\nIMPRESSION: Incomplete stress fracture of the right navicular.")
    assert run(mismatch.check, text) == set()


def test_guard_a_normal_line_about_the_other_side_does_not_call_the_fracture_normal():
    text = ("FINDINGS: A vertical band of sclerosis with a fine lucent line in the left sacral ala. Right sacral ala "
            "normal.\nIMPRESSION: Left sacral alar stress fracture.")
    assert run(mismatch.check, text) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：左侧L5椎弓峡部骨质不连续，见裂隙约0.2cm，提示为较新鲜的峡部骨折。\n诊断意见：左侧L5椎弓峡部裂（新鲜期）。"),
    ("en", "FINDINGS: A fracture line through the left L5 pars interarticularis with sclerotic margins.\n"
           "IMPRESSION: Left L5 spondylolysis."),
])
def test_guard_spondylolysis_in_the_impression_reports_the_pars_fracture_of_the_findings(language, text):
    """A pars defect is a (stress) fracture of the pars: the impression's spondylolysis sums up the fracture line."""
    assert run(omission.check, text, language) == set()


def test_guard_denying_the_features_of_a_diagnosis_the_findings_show_is_still_a_mismatch():
    text = ("FINDINGS: Occlusive embolus in the superior mesenteric artery. Dilated jejunal loops with non-enhancing "
            "walls and pneumatosis intestinalis. Gas in the portal venous branches.\n"
            "IMPRESSION: SMA embolus. Dilated small bowel loops in keeping with ileus; no CT features of bowel ischaemia.")
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}


@pytest.mark.parametrize("text", [
    "FINDINGS: The sternum is intact.\nIMPRESSION: Sternal fracture.",
    "FINDINGS: Sacrum intact.\nIMPRESSION: Sacral insufficiency fracture.",
])
def test_sternal_and_sacral_are_the_sternum_and_the_sacrum_the_findings_call_intact(text):
    """The adjective names the same bone as the noun: an impression's sternal fracture beside "the sternum is intact"
    is the fracture of the bone the findings call normal."""
    assert ("findings_impression_mismatch", "fracture") in run(mismatch.check, text)


@pytest.mark.parametrize("text", [
    "FINDINGS: Sacroiliac joints normal. Sacral insufficiency fracture on the right.\n"
    "IMPRESSION: Right sacral insufficiency fracture.",
    "FINDINGS: Sternal wires from previous sternotomy, intact. Bilateral pleural effusions.\n"
    "IMPRESSION: Bilateral pleural effusions.",
])
def test_guard_sternal_and_sacral_findings_the_findings_describe_stay_silent(text):
    assert run(mismatch.check, text) == set()
    assert run(insertion.check, text) == set()


@pytest.mark.parametrize("language, text, finding", [
    ("en", "FINDINGS: The navicular is normal, otherwise unremarkable.\nIMPRESSION: Navicular stress fracture.",
     "fracture"),
    ("zh", "检查所见：左侧骶骨翼骨质未见异常，余骨质未见异常。\n诊断意见：左侧骶骨翼骨折。", "骨折"),
    ("zh", "检查所见：肝脏大小形态正常，实质密度均匀，余未见异常。\n诊断意见：肝癌。", "癌"),
])
def test_a_normal_line_going_on_to_the_rest_still_calls_its_own_site_normal(language, text, finding):
    """"Otherwise"/"余" is read clause by clause: the clause before it still calls the named site normal."""
    assert ("findings_impression_mismatch", finding) in run(mismatch.check, text, language)


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: A 3 cm enhancing mass at the resection margin.\nIMPRESSION: No features of residual tumour.",
     "No features of residual tumour"),
    ("en", "FINDINGS: A 3 cm enhancing mass in the pancreatic head.\nIMPRESSION: No signs of any tumour.",
     "No signs of any tumour"),
    ("en", "FINDINGS: A 3 cm enhancing tumour at the resection margin.\nIMPRESSION: No features of residual mass.",
     "No features of residual mass"),
    ("en", "FINDINGS: A 4 cm fatty mass within the thigh muscles.\nIMPRESSION: No features of a fatty tumour.",
     "No features of a fatty tumour"),
    ("zh", "检查所见：左肾见一约3cm强化肿块。\n诊断意见：左肾未见恶性肿瘤征象。", "未见恶性肿瘤"),
    ("zh", "检查所见：术区见一约3cm强化肿块。\n诊断意见：术区未见复发性肿瘤征象。", "未见复发性肿瘤"),
])
def test_denying_a_tumour_left_back_or_of_the_kind_described_still_denies_the_mass(language, text, slip):
    """Only a tissue of origin the findings do not give the mass is a kind weighed: a residual, recurrent, malignant
    or any tumour denied denies the mass described, and so does the very tissue the findings name."""
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: A 5 cm mass of fat attenuation with thin septa in the thigh.\n"
           "IMPRESSION: Lipoma. No features of a cartilaginous tumour."),
    ("zh", "检查所见：右大腿肌间见一约5cm脂肪密度肿块，内见细分隔。\n诊断意见：右大腿脂肪瘤，未见神经源性肿瘤征象。"),
])
def test_guard_denying_another_tissue_of_origin_beside_a_described_mass_stays_silent(language, text):
    assert run(mismatch.check, text, language) == set()


@pytest.mark.parametrize("text, slip", [
    ("FINDINGS: 2 cm calculus in the left renal pelvis. No stone in the right kidney.\nIMPRESSION: No renal stone.",
     "No renal stone"),
    ("FINDINGS: Perisplenic haemorrhage with a 4 cm clot. No subcapsular haematoma.\n"
     "IMPRESSION: Splenic laceration with no haematoma.", "no haematoma"),
])
def test_a_plain_denial_beside_a_findings_denial_of_another_site_still_denies_the_finding(text, slip):
    """Only an impression repeating the findings' "resolved" of the same site and side echoes them."""
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text)


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Perihilar consolidation in the right lung. Lung parenchyma normal.\n"
           "IMPRESSION: Right perihilar pneumonia.", "Lung parenchyma normal."),
    ("zh", "检查所见：右肺周边见一结节，直径约1.2cm。双肺实质未见异常。\n诊断意见：右肺结节。", "双肺实质未见异常。"),
    ("zh", "检查所见：肝周边见一低密度灶，约2cm。肝实质密度未见异常。\n诊断意见：肝囊肿。", "肝实质密度未见异常。"),
])
def test_a_parenchyma_called_normal_beside_a_finding_within_the_organ_is_still_a_template_slip(language, text, slip):
    """"Perihilar" lies around the hilum within the lung, "周边" is the organ's periphery: only a word for the space
    around the whole organ ("perirenal", "肾周") is outside its parenchyma."""
    assert ("insertion", slip) in run(insertion.check, text, language)


def test_a_disease_as_the_background_is_no_statement_about_the_rest():
    """"肝硬化背景" names the whole liver's disease, not "the background liver" apart from a lesion."""
    text = "检查所见：肝硬化背景，肝内未见占位性病变。\n诊断意见：肝癌。"
    assert ("findings_impression_mismatch", "癌") in run(mismatch.check, text, "zh")
