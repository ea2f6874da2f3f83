"""Habits of a cancer hospital and a cardiac centre the CT checks learned from a fifteenth author's reports
(handwritten-dev12): de-identified comparison dates, coronary segments and cardiac chambers reported one by one, the
signs of a raised right heart pressure, fat planes kept around a tumour; each test states the habit in its own words,
with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, laterality, mismatch, omission
from report_cases import run


# insertion ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "CANCER HOSPITAL\nFindings:\nTwo 5 mm nodules in the right lower lobe, unchanged compared with CT of ***. "
           "A 4 mm nodule in the left upper lobe, new since the study dated ***.\nImpression:\nStable small nodules."),
    ("zh", "***肿瘤医院 影像科\n腹盆腔CT增强\n性别：女　年龄：57岁　检查号：***\n病史：卵巢癌术后。\n对比：***日CT。\n\nCT所见：\n"
           "　　子宫及双侧附件已切除，阴道残端光整。\n诊断：\n　　卵巢癌术后，未见复发。"),
])
def test_a_prior_study_s_date_named_by_of_or_on_a_comparison_line_is_de_identification(language, text):
    """"the CT of ***", "the study dated ***" and a comparison line ("对比：***日CT", which the parser files between
    sections) print the prior study's date de-identified, as "prior CT (***)" does."""
    assert run(insertion.check, text, language) == set()


def test_asterisks_for_a_finding_after_of_are_still_an_unfilled_field():
    """Only a study's date stands after "CT of": asterisks after another noun are a slot left empty."""
    text = "Findings:\nA nodule of *** in the right upper lobe.\nImpression:\nRight upper lobe nodule."
    assert run(insertion.check, text) == {("insertion", "***")}


# omission -----------------------------------------------------------------------------------------

def test_a_fat_plane_kept_between_a_tumour_and_an_organ_is_no_finding_of_its_own():
    """"病灶与降主动脉间脂肪间隙尚存在" says the aorta is clear of the tumour, which the impression reports: nothing
    left out. The tumour itself still has to be reported."""
    kept = ("检查所见：\n　　左肺下叶见肿块，大小约4.1cm×3.2cm。\n　　病灶与降主动脉间脂肪间隙尚存在。\n"
            "诊断：\n　　左肺下叶癌。")
    assert run(omission.check, kept, "zh") == set()
    left_out = kept.replace("左肺下叶癌", "肺气肿")
    assert run(omission.check, left_out, "zh") == {("omission", "左肺下叶见肿块，大小约4.1cm×3.2cm。")}


# insertion: the parts of the heart ----------------------------------------------------------------

def test_each_coronary_artery_is_reported_on_its_own():
    """A coronary CTA reports artery by artery: "LM: normal." and "D1 normal." say nothing of the plaque in the LAD,
    under one "Coronary arteries:" heading. A normal line naming the diseased artery itself still contradicts it."""
    text = ("Findings:\nCoronary arteries:\nLM: normal.\nLAD: mixed plaque in the proximal LAD causing 70-99% stenosis. "
            "D1 normal.\nRCA: normal.\nImpression:\nSevere proximal LAD stenosis.")
    assert run(insertion.check, text) == set()
    contradicted = text.replace("RCA: normal.", "The LAD is normal.")
    assert run(insertion.check, contradicted) == {("insertion", "The LAD is normal.")}


@pytest.mark.parametrize("language, text", [
    ("zh", "CT所见：\n　　右心房、右心室增大，右心室横径约4.8cm。左心房、左心室大小正常。\n诊断：\n　　右心房、右心室增大。"),
    ("en", "Findings:\nThe right atrium and right ventricle are enlarged. The left atrium and left ventricle are normal in "
           "size.\nImpression:\nRight heart enlargement."),
])
def test_a_chamber_called_normal_on_one_side_leaves_the_other_side_s_enlargement(language, text):
    """The heart is one organ, but its chambers have sides: the left ones called normal in size beside the right ones
    enlarged is how a report of right heart volume load reads."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, normal", [
    ("en", "Findings:\nThe right atrium and right ventricle are enlarged. The right ventricle is normal in size.\n"
           "Impression:\nRight heart enlargement.", "The right ventricle is normal in size."),
    ("zh", "CT所见：\n　　右心房、右心室增大。右心室大小正常。\n诊断：\n　　右心房、右心室增大。", "右心室大小正常。"),
])
def test_the_same_chamber_called_normal_and_enlarged_still_contradicts(language, text, normal):
    assert run(insertion.check, text, language) == {("insertion", normal)}


# omission: the signs of a raised right heart pressure ---------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nModerate to large pericardial effusion, new since the prior study. Flattening of the right "
           "ventricular free wall. IVC dilated with contrast reflux.\nImpression:\nNew moderate-to-large pericardial "
           "effusion with signs of early tamponade."),
    ("zh", "检查所见：\n　　心包腔内见中-大量积液，最厚处约2.6cm，较前新出现。右心房侧壁受压变扁，下腔静脉及肝静脉增宽，见对比剂"
           "反流。\n诊断意见：\n　　心包中-大量积液，提示心包填塞可能。"),
])
def test_distended_caval_and_hepatic_veins_are_the_reported_heart_disease_s_sign(language, text):
    """A dilated IVC with contrast reflux is the raised right heart pressure of the tamponade the impression reports,
    not a finding it leaves out."""
    assert {t for t, _ in run(omission.check, text, language)} == set()


def test_distended_caval_veins_beside_an_impression_without_heart_disease_are_still_left_out():
    text = ("Findings:\nThe IVC and hepatic veins are markedly dilated with reflux of contrast.\nLiver: 2 cm cyst.\n"
            "Impression:\nSimple hepatic cyst.")
    assert run(omission.check, text) == {("omission", "The IVC and hepatic veins are markedly dilated with reflux of "
                                                      "contrast.")}


def test_two_coronary_arteries_graded_apart_are_no_recount_of_one_finding():
    """A coronary CTA grades each artery's stenosis on its own line: two arteries, two grades. One artery graded twice
    differently is still a recount."""
    text = ("检查所见：\n　　前降支：近中段见混合斑块，管腔狭窄约50%～69%（中度）。\n　　回旋支：近段少许钙化斑块，轻度狭窄。\n"
            "诊断意见：\n　　前降支中度狭窄，回旋支轻度狭窄。")
    assert run(insertion.check, text, "zh") == set()
    twice = text.replace("回旋支：近段少许钙化斑块", "前降支：近段少许钙化斑块")
    assert run(insertion.check, twice, "zh") == {("insertion", "前降支：近段少许钙化斑块，轻度狭窄。")}


# mismatch -----------------------------------------------------------------------------------------

def test_a_hyphenated_range_of_grades_is_the_same_range_written_out():
    """"moderate-to-large" in the impression restates the findings' "moderate to large" effusion: one grade range, no
    mismatch. An impression grading it small still differs."""
    text = ("Findings:\nPericardium: moderate to large pericardial effusion, up to 24 mm, new since the prior study.\n"
            "Impression:\n1. New moderate-to-large pericardial effusion.")
    assert {t for t, _ in run(mismatch.check, text)} == set()
    small = text.replace("moderate-to-large", "small")
    assert {t for t, _ in run(mismatch.check, small)} == {"findings_impression_mismatch"}


@pytest.mark.parametrize("language, text", [
    ("zh", "影像所见：\n　　左心耳呈鸡翅型，动脉期远端见充盈缺损，延迟期充盈完全，未见残留缺损。\n影像诊断：\n　　左心耳未见血栓。"),
    ("en", "Findings:\nLeft atrial appendage: on the arterial phase there is a filling defect in the distal appendage, "
           "which fills completely on the delayed acquisition.\nImpression:\nNo left atrial appendage thrombus."),
])
def test_a_filling_defect_the_delayed_phase_fills_is_slow_flow_not_thrombus(language, text):
    """The delayed phase of a left atrial CT tells slow flow from thrombus: a defect that fills in later is slow flow,
    which an impression denying thrombus reads rightly."""
    assert run(mismatch.check, text, language) == set()


def test_a_filling_defect_persisting_on_the_delayed_phase_still_contradicts_no_thrombus():
    text = ("影像所见：\n　　左心耳远端见充盈缺损，延迟期仍见充盈缺损。\n影像诊断：\n　　左心耳未见血栓。")
    assert {t for t, _ in run(mismatch.check, text, "zh")} == {"findings_impression_mismatch"}


def test_the_calcium_score_s_name_asserts_no_calcification():
    """"钙化积分：0" measures the calcification and finds none: an impression of no atherosclerotic plaque agrees with it.
    A calcified plaque the findings describe is still contradicted."""
    text = ("所见：\n　　钙化积分：0。冠状动脉呈右优势型。\n　　左主干、回旋支、右冠状动脉管壁光滑，未见斑块及狭窄。\n"
            "结论：\n　　冠状动脉未见粥样硬化斑块（CAD-RADS 0），钙化积分0。")
    assert run(mismatch.check, text, "zh") == set()
    plaque = text.replace("冠状动脉呈右优势型。", "前降支近段见钙化斑块。")
    assert {t for t, _ in run(mismatch.check, plaque, "zh")} == {"findings_impression_mismatch"}


@pytest.mark.parametrize("language, text, normal", [
    ("en", "Findings:\nLAD: Calcified plaque in the proximal LAD with 25-49% stenosis. Mid and distal LAD normal.\n"
           "Impression:\nMild proximal LAD stenosis.", None),
    ("zh", "检查所见：\n　　前降支：近段见钙化斑块，管腔轻度狭窄。前降支中远段未见异常。\n诊断意见：\n　　前降支近段轻度狭窄。", None),
    ("en", "Findings:\nLAD: Calcified plaque in the proximal LAD with 25-49% stenosis. The proximal LAD is normal.\n"
           "Impression:\nMild proximal LAD stenosis.", "The proximal LAD is normal."),
])
def test_an_artery_s_segments_called_normal_say_nothing_of_another_segment_s_plaque(language, text, normal):
    """"Mid and distal LAD normal" beside a plaque of the proximal LAD: the artery reported segment by segment. The
    segment of the plaque called normal still contradicts it."""
    assert run(insertion.check, text, language) == ({("insertion", normal)} if normal else set())


def test_a_mass_short_of_a_threshold_is_still_a_mass():
    """"未达大肿块标准" (a lymphoma's mediastinal mass under the bulky threshold) denies the bulk, not the mass the
    findings measure; "未见肿块" still denies it."""
    text = ("所见：\n　　前上纵隔见软组织肿块，大小约7.4cm×4.8cm。\n结论：\n　　纵隔肿块7.4cm，纵隔比值<1/3，未达大肿块标准。")
    assert run(mismatch.check, text, "zh") == set()
    denied = text.replace("纵隔肿块7.4cm，纵隔比值<1/3，未达大肿块标准", "纵隔未见肿块")
    assert {t for t, _ in run(mismatch.check, denied, "zh")} == {"findings_impression_mismatch"}


# a cardiac CT's own words ---------------------------------------------------------------------------

_CARDIAC = ("EXAM: CT coronary angiography\nFINDINGS: No coronary stenosis. Left ventricular end-diastolic volume index "
            "78 ml/m2, mass index 70 g/m2. The left atrial appendix is free of thrombus. BMI 31 kg/m2.\n"
            "IMPRESSION: Normal coronary arteries. No left atrial appendage thrombus.")


def test_a_left_atrial_appendix_is_the_heart_s_and_may_be_left():
    """"Left atrial appendix", another name of the left atrial appendage, was read as a left appendix: a side the
    appendix cannot have, and an abdominal organ on a chest CT."""
    assert run(laterality.check, _CARDIAC) == set()
    assert run(exam.check, _CARDIAC) == set()
    # the appendix itself keeps both rules
    assert run(laterality.check, "FINDINGS: The left appendix is inflamed.\nIMPRESSION: Appendicitis.")
    assert run(exam.check, "EXAM: CT chest\nFINDINGS: Lungs clear. The appendix is dilated.\nIMPRESSION: Clear lungs.")


def test_per_square_metre_is_no_m2_segment():
    """"78 ml/m2" and "BMI 31 kg/m2" (an indexed volume, a body mass index) were read as the middle cerebral artery's M2
    segment, a brain vessel on a chest CT; an M2 occlusion still names it."""
    assert run(exam.check, _CARDIAC) == set()
    assert run(exam.check, "EXAM: CT abdomen\nFINDINGS: BMI 31 kg/m2. Liver normal.\nIMPRESSION: Normal.") == set()
    assert run(exam.check, "EXAM: CT abdomen\nFINDINGS: Left M2 occlusion. Liver normal.\nIMPRESSION: Normal liver.")
