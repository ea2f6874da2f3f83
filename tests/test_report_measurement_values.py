"""Values the measurement check holds to the rest of the report: an angle or a percentage the impression changes from the
value the findings give under the same name, a size of "the canal" at a vertebral level, and a total of the two sides
that their volumes do not add up to."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, measurement
from radqc.agents.report.document import parse_report
from report_cases import confident


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Left calcaneus: depressed posterior facet. Bohler angle 9 degrees.\n"
           "IMPRESSION: Left calcaneal fracture, Bohler angle 19 degrees.", "19 degrees"),
    ("en", "FINDINGS: Thoracolumbar junction: wedge fracture of L1, focal kyphotic angulation of 24°.\n"
           "IMPRESSION: L1 wedge fracture; kyphotic angulation 14°.", "14°"),
    ("zh", "检查所见：L2椎体楔形变，后缘高度减少约30%，骨皮质欠连续。\n诊断意见：\n1. L2椎体压缩骨折。\n2. L2椎体后缘高度减少约60%。", "60%"),
])
def test_a_value_the_impression_names_alike_but_changes_is_flagged(language, text, flagged):
    """No finding names these values in the impression (or a fracture has several angles): the words written before the
    value, the same in both sections, say it is the same measurement."""
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    # the same value restated
    ("en", "FINDINGS: Bohler angle 9 degrees.\nIMPRESSION: Calcaneal fracture, Bohler angle 9 degrees."),
    # one side's value of two: the impression's matches one
    ("en", "FINDINGS: Right calcaneus: Bohler angle 8 degrees. Left calcaneus: Bohler angle 30 degrees.\n"
           "IMPRESSION: Right calcaneal fracture; Bohler angle 8 degrees."),
    # named on the other side: another measurement
    ("en", "FINDINGS: Right hip: acetabular index angle 30 degrees.\nIMPRESSION: Left hip acetabular index angle 18 degrees."),
    # a re-measured value a few points apart
    ("en", "FINDINGS: Cobb angle of the lumbar curve 42 degrees.\nIMPRESSION: Scoliosis, Cobb angle of the lumbar curve 45 degrees."),
    # a name too short to tell one thing from another
    ("zh", "检查所见：左肾动脉狭窄约40%。\n诊断意见：右侧椎动脉起始部，狭窄约70%。"),
])
def test_a_value_named_alike_and_not_changed_or_named_for_another_thing_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("text, flagged", [
    ("FINDINGS: At L4 a disc extrusion narrows the canal to an AP diameter of 7 cm.\nIMPRESSION: Canal stenosis at L4.",
     "7 cm"),
    ("FINDINGS: An epidural abscess at T9 narrows the canal to 5 cm.\nIMPRESSION: Epidural abscess at T9.", "5 cm"),
])
def test_the_canal_at_a_vertebral_level_is_the_spinal_canal(text, flagged):
    assert confident(measurement.check, text, "en") == {("measurement", flagged)}


def test_a_canal_named_with_no_vertebral_level_is_left_alone():
    text = "FINDINGS: A fluid collection tracks along the canal over 6 cm.\nIMPRESSION: Collection."
    assert confident(measurement.check, text, "en") == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Right kidney ellipsoid volume 1450 mL. Left kidney ellipsoid volume 1320 mL. Total kidney volume "
           "3770 mL.\nIMPRESSION: Polycystic kidneys.", "3770 mL"),
    ("zh", "检查所见：右肾体积约820ml，左肾体积约760ml，双肾总体积约1080ml。\n诊断意见：多囊肾。", "1080ml"),
])
def test_a_total_its_two_sides_do_not_add_up_to_is_flagged(language, text, flagged):
    found = confident(measurement.check, text, language)
    assert {t for t, _ in found} == {"measurement"} and any(flagged in evidence for _, evidence in found)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right kidney volume 1450 mL. Left kidney volume 1320 mL. Total kidney volume 2770 mL.\n"
           "IMPRESSION: Polycystic kidneys."),
    # the parts rounded, the total of the unrounded ones
    ("zh", "检查所见：右肾体积约820ml，左肾体积约760ml，双肾总体积约1583ml。\n诊断意见：多囊肾。"),
    # one side's volume only: no two parts to add
    ("en", "FINDINGS: Right kidney volume 1450 mL. Total kidney volume 3770 mL.\nIMPRESSION: Polycystic kidneys."),
])
def test_a_total_that_adds_up_or_has_no_two_sides_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：\n36缺失区：牙槽嵴顶至下颌管骨高度约4.5mm，骨宽度约6.0mm。\n诊断意见：36区骨高度约45mm，不足。", "45mm"),
    ("en", "FINDINGS: Site 46: mandibular residual bone height 4.5 mm, bone width 6.0 mm.\n"
           "IMPRESSION: Site 46 residual bone height 45 mm, insufficient for a standard implant.", "45 mm"),
])
def test_a_length_the_impression_names_alike_at_ten_times_its_size_is_a_slip(language, text, flagged):
    """The names need only end alike ("牙槽嵴顶至下颌管骨高度", "36区骨高度"): a factor of exactly ten is the slip."""
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：\n36缺失区：牙槽嵴顶至下颌管骨高度约4.5mm，骨宽度约6.0mm。\n诊断意见：36区骨高度约4.5mm，不足。"),
    # ten times another value under another name is a coincidence
    ("en", "FINDINGS: Site 46: residual bone height 4.5 mm, bone width 6.0 mm.\n"
           "IMPRESSION: Site 46: implant length 45 mm not feasible."),
    ("en", "FINDINGS: Left renal stone 2 mm. Right renal cyst 20 mm.\nIMPRESSION: Right renal cyst 2 cm, left renal stone."),
    # the findings' length is the one implausible for what it measures: `_implausible` reports it, not the impression's
    ("zh", "影像表现：\n腹主动脉下段局限性扩张，最大径约52cm。\n结论：\n腹主动脉瘤，最大径约52mm。"),
])
def test_a_length_restated_or_named_for_another_thing_is_left_alone(language, text):
    assert not any("a factor of 10" in c.explanation for c in measurement.check(CheckInput(parse_report(text, language))))


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：C5-6椎间盘向后突出约5mm，椎管矢状径约8mm。\n诊断意见：C5-6椎间盘突出，椎管矢状径约5mm。", "5mm"),
    ("en", "FINDINGS: L3-4: disc extrusion of 7 mm; central canal AP diameter 10 mm.\n"
           "IMPRESSION: L3-4 disc extrusion, central canal AP diameter 7 mm.", "7 mm"),
])
def test_a_length_the_impression_names_alike_but_changes_is_flagged(language, text, flagged):
    """The same name in both sections ("椎管矢状径", "canal AP diameter") is the same measurement, whatever other length
    of the findings the impression's value happens to equal (the disc's)."""
    found = confident(measurement.check, text, language)
    assert len(found) == 1 and {t for t, _ in found} == {"measurement"} and all(flagged in e for _, e in found)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：C5-6椎间盘向后突出约4mm，椎管矢状径约11mm。\n诊断意见：C5-6椎间盘突出，椎管矢状径约11mm。"),
    # the name alike, the structure another: the impression restates the other structure's length
    ("en", "FINDINGS: Ascending aorta maximal diameter 45 mm. Infrarenal abdominal aortic aneurysm measuring 56 mm.\n"
           "IMPRESSION: AAA, maximal diameter 56 mm."),
    ("en", "FINDINGS: Ascending aorta maximal diameter 45 mm. Infrarenal abdominal aortic aneurysm measuring 56 mm.\n"
           "IMPRESSION: Abdominal aortic aneurysm, maximal diameter 56 mm."),
    # rounded in the impression
    ("en", "FINDINGS: L3-4: central canal AP diameter 11.6 mm.\nIMPRESSION: L3-4 central canal AP diameter 12 mm."),
    # two levels measured under one name: the impression gives one of them
    ("zh", "检查所见：L4-5水平椎管矢状径约9mm，L5-S1水平椎管矢状径约13mm。\n诊断意见：L5-S1水平椎管矢状径约13mm。"),
    # named on the other side: another measurement
    ("zh", "检查所见：左侧侧隐窝宽约2mm，右侧侧隐窝宽约5mm。\n诊断意见：右侧侧隐窝宽约5mm。"),
    # a change's amount is no length of the lesion: the impression's size after the same change word is today's
    ("zh", "检查所见：腹主动脉瘤，现最大外径约4.6cm，前片约4.1cm，较前增大约0.5cm。\n诊断意见：腹主动脉瘤，较前增大（4.6cm）。"),
])
def test_a_length_named_alike_and_restated_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Left lower lobe part-solid nodule, 14 mm, with a solid component of 6 mm.\n"
           "IMPRESSION: Left lower lobe part-solid nodule, 14 mm with a 15 mm solid component. Lung-RADS 4A.", "15 mm"),
    ("zh", "检查所见：右肺上叶见部分实性结节，大小约15mm，实性成分约6mm。\n诊断意见：右肺上叶部分实性结节，大小约15mm，"
           "其内实性部分约16mm。", "16mm"),
])
def test_a_solid_component_larger_than_its_nodule_is_flagged(language, text, flagged):
    """The slipped component is near the nodule's own size, which the impression may give rounded: only its being larger
    than the nodule beside it shows the slip."""
    found = confident(measurement.check, text, language)
    assert {t for t, _ in found} == {"measurement"} and any(flagged in e for _, e in found)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right upper lobe part-solid nodule, total mean diameter 14 mm (previously 13 mm), solid component "
           "5 mm (previously 4 mm).\nIMPRESSION: Part-solid nodule, total 14 mm with a 5 mm solid component."),
    # two nodules in one sentence: the solid component is the second one's
    ("en", "FINDINGS: A 4 mm solid nodule in the right lower lobe and a 20 mm part-solid nodule in the left upper lobe "
           "with an 8 mm solid component.\nIMPRESSION: Left upper lobe part-solid nodule, 20 mm."),
    ("zh", "检查所见：右肺上叶见部分实性结节，大小约15mm，实性成分约6mm。\n诊断意见：右肺上叶部分实性结节，实性成分约6mm。"),
    # a distance, or another component's size, is not the nodule's
    ("en", "FINDINGS: Right upper lobe ground-glass nodule with a solid component of 6 mm, 4 mm from the fissure.\n"
           "IMPRESSION: Part-solid nodule."),
    ("zh", "检查所见：右肺上叶部分实性结节，实性成分约8mm，距胸膜约5mm。\n诊断意见：右肺上叶部分实性结节。"),
    ("en", "FINDINGS: Left kidney mixed lesion: solid component 18 mm, cystic component 12 mm.\nIMPRESSION: Mixed renal lesion."),
])
def test_a_solid_component_within_its_nodule_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Covered stent in the left main bronchus, 40 mm long, the proximal end 5 mm below the carina.\n"
           "IMPRESSION: Left main bronchus stent in position, proximal end 5 cm below the carina.", "5 cm"),
    ("zh", "检查所见：食管下段管壁增厚，上缘距门齿约32cm。\n诊断意见：食管下段癌，上缘距门齿约32mm。", "32mm"),
])
def test_a_distance_from_a_landmark_the_impression_gives_in_the_other_unit_is_flagged(language, text, flagged):
    found = confident(measurement.check, text, language)
    assert {t for t, _ in found} == {"measurement"} and any(flagged in e for _, e in found)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Stent in the left main bronchus, the proximal end 5 mm below the carina.\n"
           "IMPRESSION: Stent in position, proximal end 5 mm below the carina."),
    # a distance from another landmark
    ("en", "FINDINGS: ETT tip 5 cm above the carina. Oesophageal tube tip 50 cm from the incisors.\n"
           "IMPRESSION: ETT tip 5 cm above the carina."),
    # the same distance in the other unit
    ("zh", "检查所见：食管下段管壁增厚，上缘距门齿约32cm。\n诊断意见：食管下段癌，上缘距门齿约320mm。"),
])
def test_a_distance_from_a_landmark_restated_is_left_alone(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    # areas derived from the findings' (a sum, a difference) or a normal limit, and areas of different structures
    ("en", "FINDINGS: L3 level: visceral fat area 178 cm2, subcutaneous fat area 352 cm2.\nIMPRESSION: Total fat area 530 cm2."),
    ("zh", "检查所见：L3层面内脏脂肪面积约178cm²，皮下脂肪面积约352cm²。\n诊断意见：总脂肪面积约530cm²。"),
    ("zh", "检查所见：左侧腰大肌面积约8.1cm²，右侧腰大肌面积约8.3cm²。\n诊断意见：双侧腰大肌总面积约16.4cm²，提示肌少症。"),
    ("en", "FINDINGS: Ulcer area 4.2 cm2, previously 6.1 cm2.\nIMPRESSION: Ulcer area decreased by 1.9 cm2."),
    ("zh", "检查所见：病灶面积约4.2cm²，前片约6.1cm²。\n诊断意见：病灶面积较前缩小约1.9cm²。"),
    ("en", "FINDINGS: Visceral fat area 178 cm2 at L3.\nIMPRESSION: Visceral obesity: visceral fat area 178 cm2 (normal < 100 cm2)."),
    ("zh", "检查所见：内脏脂肪面积约178cm²。\n诊断意见：内脏型肥胖：内脏脂肪面积约178cm²（正常<100cm²）。"),
    ("en", "FINDINGS: Left atrial appendage ostium area 3.2 cm2.\nIMPRESSION: Left ventricular outflow tract area 4.1 cm2 suits "
           "the device."),
    # "mm 2 weeks ago" is a length and a time, no area
    ("en", "FINDINGS: Aneurysm sac 61 mm, previously 58 mm. Aneurysm sac area 29 cm2.\n"
           "IMPRESSION: Aneurysm sac grew from 58 mm 2 weeks ago to 61 mm."),
    # thickening over a length of bowel: an extent, not a thickness
    ("en", "FINDINGS: Terminal ileal wall thickening up to 8 mm with mural hyperenhancement.\n"
           "IMPRESSION: Active Crohn disease: terminal ileal wall thickening involving up to 20 cm of ileum."),
    ("en", "FINDINGS: Sigmoid wall thickening, 9 mm.\nIMPRESSION: Sigmoid wall thickening spanning up to 10 cm, likely "
           "diverticulitis."),
    # the same digits measuring another organ, or the same value in the same unit
    ("en", "FINDINGS: Spleen 12 cm. Liver segment 6: 12 mm hypodensity, too small to characterise.\n"
           "IMPRESSION: Segment 6 liver, 12 mm, too small to characterise."),
    ("en", "FINDINGS: Pancreatic duct 3 mm. Pancreatic head 3 cm.\nIMPRESSION: Pancreas head 3 cm, duct 3 mm: normal."),
    ("zh", "检查所见：左肾长径约11cm，左肾下极见一小稍低密度灶，约11mm。\n诊断意见：左肾下极小灶（约11mm），建议随访。"),
])
def test_guard_correct_sizes_and_areas_stay_silent(language, text):
    """A guard (it passes without any rule of its own): correct sizes and areas that earlier readings of areas, of
    'thickening up to' and of a number in the other unit flagged, which a new such reading must leave alone."""
    assert confident(measurement.check, text, language) == set()
