"""The size of an organ, a duct or a vessel that no organ of that kind can have: a unit slipped (a 3.2 mm aorta, a 4 cm
pancreatic duct), held to the plausible ranges of plausible_sizes.json through the measurement check."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import measurement
from report_cases import confident, run


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: The abdominal aorta measures 3.2 mm.\nIMPRESSION: Normal calibre aorta.", "3.2 mm"),
    ("en", "FINDINGS: The spleen measures 12 mm.\nIMPRESSION: No splenomegaly.", "12 mm"),
    ("en", "FINDINGS: Right kidney 10.5 mm, left kidney 10.8 cm.\nIMPRESSION: Normal kidneys.", "10.5 mm"),
    ("en", "FINDINGS: The prostate measures 4.8 x 4.2 x 3.9 mm.\nIMPRESSION: Prostatomegaly.", "4.8 x 4.2 x 3.9 mm"),
    ("zh", "检查所见：肝脏大小约15mm，密度均匀。\n诊断意见：肝脏未见异常。", "15mm"),
    ("zh", "检查所见：双肾大小正常，右肾长约10.5mm，左肾长约10.8cm。\n诊断意见：双肾未见异常。", "10.5mm"),
])
def test_an_organ_too_small_by_its_normal_size_in_the_larger_unit_is_a_confident_slip(language, text, flagged):
    """A size too small for its organ stayed below the operating point as a lesion the lexicon may not name; written as
    the organ's own size, or as a decimal of millimetres no one gives an organ, and its normal size in centimetres, it is
    the organ's, with the unit slipped."""
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Liver: capsular implant in segment 6, 12 mm.\nIMPRESSION: Capsular implant."),
    ("en", "FINDINGS: The abdominal aorta measures 3.2 cm.\nIMPRESSION: Normal calibre aorta."),
    ("zh", "检查所见：肝脏大小形态正常，肝右叶见结节，大小约12mm。\n诊断意见：肝右叶结节。"),
])
def test_a_small_size_beside_an_organ_that_is_not_written_as_the_organ_s_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: UIP pattern. Pulmonary artery 3.8 mm in diameter.\nIMPRESSION: Enlarged pulmonary artery.", "3.8 mm"),
    ("en", "FINDINGS: The pancreatic duct in the remnant measures 4 cm, unchanged.\nIMPRESSION: Pancreatic duct 4 mm.",
     "4 cm"),
    ("zh", "检查所见：肺动脉主干增宽，直径约3.5mm。\n诊断意见：肺动脉高压。", "3.5mm"),
    ("zh", "检查所见：主胰管扩张，宽约5cm。\n诊断意见：主胰管扩张。", "5cm"),
    ("en", "FINDINGS: The portal vein measures 12 cm.\nIMPRESSION: Patent portal vein.", "12 cm"),
])
def test_a_duct_or_vessel_calibre_no_such_duct_or_vessel_has(language, text, flagged):
    """The main pulmonary artery and the pancreatic duct are named with their organ, whose size was the only bound: a
    40 mm pancreatic duct passed as a pancreas, a 3.8 mm pulmonary artery as anything in the lung."""
    assert ("measurement", flagged) in confident(measurement.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Main pulmonary artery 3.4 cm. Filling defect in a segmental pulmonary artery branch, 4 mm.\n"
           "IMPRESSION: Segmental pulmonary embolus. Enlarged pulmonary artery."),
    ("en", "FINDINGS: The pancreatic duct is obstructed by a 4 cm mass in the pancreatic head.\nIMPRESSION: Pancreatic mass."),
    ("en", "FINDINGS: The main pancreatic duct is dilated to 8 mm.\nIMPRESSION: Dilated pancreatic duct."),
    ("zh", "检查所见：胰头见肿块，大小约4.0cm，主胰管扩张，宽约6mm。\n诊断意见：胰头占位。"),
])
def test_a_branch_a_lesion_beside_the_duct_and_a_dilated_duct_are_no_slips(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("text", [
    "检查所见：主动脉弓峡部局限性狭窄，最窄处内径约2.1mm，狭窄后降主动脉内径约6.5mm。\n诊断意见：主动脉弓缩窄。",
    "检查所见：其供血动脉起自腹主动脉，直径约2.5mm。\n诊断意见：叶外型肺隔离症。",
    "FINDINGS: The main pulmonary artery measures 9.5 mm. The pancreatic duct measures 0.4 mm.\nIMPRESSION: Normal.",
])
def test_a_child_s_small_organ_or_vessel_is_no_slip(text):
    """The organs' and calibres' lower bounds are an adult's: a 3-month-old's aorta is some 6 mm across."""
    language = "en" if text.startswith("FINDINGS") else "zh"
    assert confident(measurement.check, text, language, age=0) == set()


def test_the_end_of_a_channel_joining_a_vessel_is_no_calibre_of_the_vessel():
    text = ("检查所见：主肺动脉与降主动脉之间见管状异常连接，肺动脉端内径约4.5mm，主动脉端内径约5.2mm。\n"
            "诊断意见：动脉导管未闭。")
    assert confident(measurement.check, text, "zh") == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：其供血动脉起自腹主动脉，直径约2.5mm。\n诊断意见：叶外型肺隔离症。"),
    ("en", "FINDINGS: A feeding artery arises from the descending aorta, 3.5 mm in diameter.\nIMPRESSION: Sequestration."),
])
def test_a_vessel_arising_from_an_organ_is_not_the_organ(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：脾脏增大，厚约5.2cm。\n诊断意见：脾大。", set()),
    ("en", "FINDINGS: The spleen is enlarged, 6.5 cm thick.\nIMPRESSION: Splenomegaly.", set()),
    ("zh", "检查所见：脾脏增大，厚约52cm。\n诊断意见：脾大。", {("measurement", "52cm")}),
])
def test_a_spleen_s_thickness_is_its_size_not_a_wall_s(language, text, flagged):
    """"脾厚" is how a report sizes the spleen: 5.2 cm is an enlarged spleen, not a wall over 4 cm thick."""
    assert confident(measurement.check, text, language) == flagged


def test_the_thickness_of_an_organ_s_capsule_is_a_wall_s():
    assert run(measurement.check, "检查所见：脾脏被膜厚约2mm。\n诊断意见：脾脏未见异常。", "zh") == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：左侧前庭窗前缘见小片状低密度灶，约1.6mm，镫骨足板未见增厚。\n诊断意见：左侧窗型耳硬化症。"),
    ("en", "FINDINGS: Left ear: a 1.5 mm hypodense lesion anterior to the oval window.\nIMPRESSION: Left fenestral "
           "otosclerosis."),
])
def test_a_lesion_of_the_ear_measures_millimetres(language, text):
    """The ear's structures are millimetres across: an otosclerotic focus or an erosion there of 1-2 mm is usual."""
    assert confident(measurement.check, text, language) == set()


def test_a_lesion_of_millimetres_elsewhere_is_still_atypical():
    text = "检查所见：肝右叶见低密度灶，约1.8mm。\n诊断意见：肝右叶低密度灶。"
    assert confident(measurement.check, text, "zh") == {("measurement", "1.8mm")}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Infrarenal abdominal aortic aneurysm, maximum diameter 5.9 cm. Infrarenal neck length 15 cm.\n"
           "IMPRESSION: Infrarenal AAA, 5.9 cm, neck length 15 cm."),
    ("zh", "检查所见：\n肾下腹主动脉瘤最大径：6.2cm\n瘤颈长度：15cm\n诊断意见：肾下腹主动脉瘤，最大径约6.2cm，瘤颈长度15cm。"),
])
def test_an_aneurysm_neck_as_long_as_the_infrarenal_aorta_is_a_unit_slip(language, text):
    assert any(kind == "measurement" and "15" in evidence for kind, evidence in confident(measurement.check, text, language))


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Infrarenal abdominal aortic aneurysm, maximum diameter 5.9 cm. Infrarenal neck length 12 mm.\n"
           "IMPRESSION: Infrarenal AAA, 5.9 cm, neck length 12 mm."),
    ("zh", "检查所见：\n肾下腹主动脉瘤最大径：6.2cm\n瘤颈长度：2.5cm\n诊断意见：肾下腹主动脉瘤，最大径约6.2cm，瘤颈长度2.5cm。"),
])
def test_an_aneurysm_neck_of_millimetres_to_a_few_centimetres_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


def test_a_neck_that_is_no_aneurysm_s_is_not_held_to_its_length():
    """Any "neck length" was read as an aneurysm's, so a femoral neck's was called implausible."""
    text = "FINDINGS:\nRight hip: femoral neck length 65 mm. No fracture.\nIMPRESSION: No acute fracture."
    assert run(measurement.check, text) == set()
