"""Values a report derives from its own measurements and gives beside them: a diameter from the perimeter or the area of
a round structure, a score's total from its components, the Keros type of an olfactory fossa from its depth."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import measurement
from report_cases import confident, run


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：\n瓣环：面积452mm²，周长75.9mm，周长衍生直径29.2mm，最小/最大径21.4/26.8mm。\n结论：瓣环周长75.9mm。",
     "周长衍生直径29.2mm"),
    ("en", "FINDINGS:\nAnnulus: area 452 mm2, perimeter 75.9 mm, perimeter-derived diameter 24.2 mm, area-derived diameter "
           "27.0 mm.\nIMPRESSION: Tricuspid aortic valve.", "area-derived diameter 27.0 mm"),
    ("en", "FINDINGS:\nAnnulus: circumference 75.9 mm, Circumference-derived diameter 29.2 mm.\nIMPRESSION: Tricuspid aortic "
           "valve.", "Circumference-derived diameter 29.2 mm"),
])
def test_a_diameter_its_own_perimeter_or_area_does_not_give_is_flagged(language, text, flagged):
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：\n瓣环：面积452mm²，周长75.9mm，周长衍生直径24.2mm，最小/最大径21.4/26.8mm。\n结论：瓣环周长75.9mm。"),
    ("en", "FINDINGS:\nAnnulus: area 452 mm2, perimeter 75.9 mm, perimeter-derived diameter 24.2 mm, area-derived diameter "
           "24.0 mm.\nIMPRESSION: Tricuspid aortic valve."),
    # the perimeter of another structure on another line is no source
    ("en", "FINDINGS:\nLVOT perimeter 80.0 mm.\nAnnulus: perimeter-derived diameter 24.2 mm.\nIMPRESSION: Tricuspid aortic "
           "valve."),
])
def test_a_diameter_its_perimeter_or_area_gives_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: T12 compression fracture.\nTLICS: morphology compression 1, neurology intact 0, PLC indeterminate 2 = "
           "total 5.\nIMPRESSION: T12 compression fracture.", "morphology compression 1, neurology intact 0, PLC indeterminate 2 = total 5"),
    ("zh", "检查所见：L1椎体爆裂骨折。TLICS评分：形态2分，神经1分，后方韧带复合体0分，总分5分。\n诊断意见：L1椎体爆裂骨折。",
     "形态2分，神经1分，后方韧带复合体0分，总分5分"),
    # a calcium score's total under its own name
    ("zh", "检查所见：冠状动脉钙化积分：左主干0，前降支212，回旋支45，右冠状动脉98，总积分535。\n诊断意见：冠状动脉粥样硬化。",
     "左主干0，前降支212，回旋支45，右冠状动脉98，总积分535"),
    ("en", "FINDINGS: Calcium scoring: LM 0, LAD 212, LCx 45, RCA 98, total Agatston score 535.\nIMPRESSION: Coronary "
           "calcification.", "LM 0, LAD 212, LCx 45, RCA 98, total Agatston score 535"),
])
def test_a_total_its_components_do_not_add_up_to_is_flagged(language, text, flagged):
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: T12 compression fracture.\nTLICS: morphology compression 1, neurology intact 0, PLC indeterminate 2 = "
           "total 3.\nIMPRESSION: T12 compression fracture."),
    ("zh", "检查所见：L1椎体爆裂骨折。TLICS评分：形态2分，神经0分，后方韧带复合体3分，总分5分。\n诊断意见：L1椎体爆裂骨折。"),
    # a Gleason sum is a calculation of its own; sizes are no components of a score
    ("en", "FINDINGS: Gleason 4+4=8 adenocarcinoma. Nodes 12, 8 and 6 mm.\nIMPRESSION: Prostate cancer."),
    ("zh", "检查所见：冠状动脉钙化积分：左主干0，前降支212，回旋支45，右冠状动脉98，总积分355。\n诊断意见：冠状动脉粥样硬化。"),
    ("en", "FINDINGS: Calcium scoring: LM 0, LAD 212, LCx 45, RCA 98, total Agatston score 355.\nIMPRESSION: Coronary "
           "calcification."),
    # a calcium score's vessels rounded one by one: the total is a point off their written sum
    ("en", "FINDINGS: Calcium scoring: LM 0, LAD 120, LCx 35, RCA 80, total Agatston score 236.\nIMPRESSION: Coronary "
           "calcification."),
])
def test_a_total_its_components_add_up_to_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Olfactory fossa depth: right 18 mm, left 5 mm.\nIMPRESSION: Pansinusitis. Keros type II bilaterally.",
     "18 mm"),
    ("zh", "检查所见：嗅窝深度：右侧约5mm，左侧约9mm。\n诊断意见：双侧Keros Ⅱ型。", "9mm"),
])
def test_a_depth_outside_the_keros_type_of_its_side_is_flagged(language, text, flagged):
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Olfactory fossa depth: right 5 mm, left 6 mm.\nIMPRESSION: Pansinusitis. Keros type II bilaterally."),
    ("en", "FINDINGS: Olfactory fossa depth: right 5 mm, left 9 mm.\nIMPRESSION: Keros type II on the right.\nKeros type III on "
           "the left."),
    # one sentence naming both sides' types
    ("en", "FINDINGS: Olfactory fossa depth: right 5 mm, left 9 mm.\nIMPRESSION: Keros type II on the right and III on the "
           "left."),
    ("zh", "检查所见：嗅窝深度：右侧约5mm，左侧约9mm。\n诊断意见：右侧Keros Ⅱ型，左侧Ⅲ型。"),
    # a type with no depth measured
    ("en", "FINDINGS: Keros type I bilaterally. Lamina papyracea intact.\nIMPRESSION: Right maxillary sinusitis."),
])
def test_a_depth_within_the_keros_type_of_its_side_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


def test_a_score_part_of_three_digits_is_read_whole():
    """A calcium score's "LAD 120": its parts have three digits, and a total they make is no slip."""
    text = "FINDINGS: Coronary calcium score: LM 0, LAD 120, LCx 35, RCA 60, total 215.\nIMPRESSION: Coronary calcification."
    assert run(measurement.check, text) == set()
    text = "检查所见：冠脉钙化积分：LM 0，LAD 120，LCX 35，RCA 60，总分215。\n诊断意见：冠脉钙化。"
    assert run(measurement.check, text, "zh") == set()
    text = "FINDINGS: Coronary calcium score: LM 0, LAD 120, LCx 35, RCA 60, total 225.\nIMPRESSION: Coronary calcification."
    assert ("measurement", "LM 0, LAD 120, LCx 35, RCA 60, total 225") in run(measurement.check, text)


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Rectal wall thickening: lower edge 4 cm from the anal verge, upper edge 10 cm from the anal verge "
           "(tumour length 9 cm).\nIMPRESSION: Rectal carcinoma.", "9 cm"),
    ("en", "FINDINGS: Oesophageal wall thickening extending from 28 to 33 cm from the incisors, a length of 8 cm.\n"
           "IMPRESSION: Oesophageal carcinoma.", "8 cm"),
    ("zh", "检查所见：直肠壁环周增厚，下缘距肛缘约5cm，上缘距肛缘约9cm，病变长约7cm。\n诊断意见：直肠癌。", "7cm"),
    ("zh", "检查所见：食管中段管壁增厚，距门齿25-30cm，长约9cm。\n诊断意见：食管癌。", "9cm"),
])
def test_a_length_its_two_ends_do_not_give_is_flagged(language, text, flagged):
    found = confident(measurement.check, text, language)
    assert len(found) == 1 and {t for t, _ in found} == {"measurement"} and all(flagged in e for _, e in found)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Rectal wall thickening: lower edge 4 cm from the anal verge, upper edge 10 cm from the anal verge "
           "(tumour length 6 cm).\nIMPRESSION: Rectal carcinoma."),
    ("en", "FINDINGS: Oesophageal wall thickening extending from 28 to 33 cm from the incisors, a length of 5.5 cm.\n"
           "IMPRESSION: Oesophageal carcinoma."),
    ("zh", "检查所见：直肠壁环周增厚，下缘距肛缘约5cm，上缘距肛缘约9cm，病变长约4cm。\n诊断意见：直肠癌。"),
    ("zh", "检查所见：食管中段管壁增厚，距门齿25-30cm，长约5cm。\n诊断意见：食管癌。"),
    # two lesions' distances from one landmark, neither named as an end: a polyp's length is its own
    ("en", "FINDINGS: A polyp 6 cm from the anal verge and a second polyp 11 cm from the anal verge, the larger 2 cm long.\n"
           "IMPRESSION: Two rectal polyps."),
])
def test_a_length_its_two_ends_give_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()
