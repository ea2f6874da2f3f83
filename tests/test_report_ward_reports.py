"""Emergency and ward report habits the CT checks learned from a sixth author's reports: dental and
dictation words, Chinese homophones of drains and abscesses, and the wordings below; each test states the
habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, measurement, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from report_cases import run
from radqc.agents.report.mentions import entities




# spelling -----------------------------------------------------------------------------------------

def test_dental_surfaces_are_words():
    text = "FINDINGS: Erosion of the lingual plate beside the mesial root of the lower molar. IMPRESSION: Dental abscess."
    assert run(spelling.check, text) == set()


def test_dictation_sound_alikes_of_viscus_and_cisterns():
    text = ("FINDINGS: Free air from a perforated viscous. The basal systems are effaced. Viscous bile in the gallbladder.\n"
            "IMPRESSION: Hollow viscous perforation.")
    assert run(spelling.check, text) == {("spelling", "perforated viscous"), ("spelling", "basal systems"),
                                         ("spelling", "Hollow viscous")}


def test_chinese_homophones_of_pus_diaphragm_and_shunt_tube():
    text = "检查所见：右膈下积浓，盆腔浓肿；隔下少量游离气体。腹腔分留管及引留管在位。纵隔下方食管壁增厚，造影剂浓度均匀，残留少许气体。"
    found = run(spelling.check, text, "zh")
    assert {t for _, t in found} >= {"积浓", "浓肿", "分留管", "引留管"}
    assert any(t.startswith("隔下") for _, t in found)
    assert not any("纵隔" in t or "浓度" in t or "残留" in t for _, t in found)


# measurement --------------------------------------------------------------------------------------

def test_thresholds_changes_and_shifts_are_not_lesion_sizes():
    text = ("FINDINGS: An 8 mm nodule in the right thyroid lobe. Aneurysm of the infrarenal aorta, 4.8 cm.\n"
            "IMPRESSION: Thyroid nodule below 1.5 cm: no follow-up. Aneurysm 4.8 cm, increased by 4 mm.")
    assert run(measurement.check, text) == set()
    # the side slipped in the impression (the laterality check's error): the shift is still no haematoma size
    text = ("影像所见：左侧额部硬膜下血肿，最厚处约1.2cm，中线结构右移约6mm。\n"
            "影像诊断：右侧额部硬膜下血肿（约1.2cm），中线右移。")
    assert run(measurement.check, text, "zh") == set()
    text = "影像所见：右肾积水，右肾实质变薄，最薄处约2mm。\n影像诊断：右肾积水。"
    assert run(measurement.check, text, "zh") == set()
    # a real disagreement is still one
    text = ("FINDINGS: Aneurysm of the infrarenal aorta, 4.8 cm.\n"
            "IMPRESSION: Aneurysm 6.8 cm, increased by 4 mm.")
    assert ("measurement", "6.8 cm") in run(measurement.check, text)
    # a Chinese change's amount is the change word's, no size of the stone it follows
    text = "影像所见：右肾结石，大小约8mm。\n影像诊断：右肾结石约8mm，较前增大约2mm。"
    assert run(measurement.check, text, "zh") == set()
    assert ("measurement", "12mm") in run(measurement.check, text.replace("结石约8mm", "结石约12mm"), "zh")


# findings/impression mismatch and omission ------------------------------------------------------

def test_an_impression_denying_necrosis_or_a_transition_point_the_findings_describe():
    text = ("FINDINGS: The pancreatic tail does not enhance, in keeping with necrosis. Peripancreatic stranding.\n"
            "IMPRESSION: Oedematous pancreatitis, no necrosis.")
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}
    text = ("FINDINGS: Dilated small bowel loops up to 4 cm. A transition point lies in the left lower quadrant.\n"
            "IMPRESSION: Ileus; no transition point.")
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}
    # the impression agreeing with them is no mismatch
    text = ("FINDINGS: The pancreatic tail does not enhance, in keeping with necrosis.\n"
            "IMPRESSION: Necrotising pancreatitis of the tail.")
    assert run(mismatch.check, text) == set()
    text = ("FINDINGS: Dilated small bowel loops without a transition point.\n"
            "IMPRESSION: Adynamic ileus without a transition point.")
    assert run(mismatch.check, text) == set()


@pytest.mark.parametrize("language, findings, covered, left_out", [
    ("zh", "检查所见：胰腺体尾部强化减低。胰周及小网膜囊见包裹性坏死积聚，大小约9.6cm×7.2cm，内见气泡影，壁强化。",
     "急性坏死性胰腺炎，包裹性坏死积聚伴积气，考虑合并感染。", "胆囊结石。"),
    ("en", "FINDINGS: The pancreatic body does not enhance. A 9 cm walled-off necrosis in the omentum below the stomach "
           "contains gas locules.", "Necrotising pancreatitis with infected walled-off necrosis.", "Gallstones."),
])
def test_walled_off_necrosis_is_the_pancreas_s_wherever_it_lies(language, findings, covered, left_out):
    """A necrotic collection of pancreatitis (revised Atlanta classification) may lie in the lesser sac or along the
    omentum, which the lexicon files under the bowel: it is still the pancreas's, and the impression naming it
    there covers it; an impression that leaves it out still omits it."""
    heading = "\n诊断意见：" if language == "zh" else "\nIMPRESSION: "
    assert run(omission.check, findings + heading + covered, language) == set()
    assert {t for t, _ in run(omission.check, findings + heading + left_out, language)} == {"omission"}


def test_free_intraperitoneal_air_left_out_of_the_impression():
    text = ("FINDINGS: Thickened duodenal bulb. Free intraperitoneal air under the right hemidiaphragm.\n"
            "IMPRESSION: Duodenitis.")
    assert ("omission", "Free intraperitoneal air under the right hemidiaphragm.") in run(omission.check, text)


# exam mismatch ------------------------------------------------------------------------------------

def test_a_shunt_named_after_the_peritoneum_and_the_parietal_pleura_stay_in_their_scan():
    text = "检查所见：左侧脑室腹腔分流管置入术后，管头位于左侧侧脑室体部。\n诊断意见：脑室腹腔分流术后，脑室大小同前。"
    assert run(exam.check, text, "zh", exam_="颅脑CT平扫") == set()
    text = "检查所见：脑室腹腔分流术后。腹腔内见分流管末端盘曲。\n诊断意见：分流术后。"
    assert run(exam.check, text, "zh", exam_="颅脑CT平扫") == {("exam_mismatch", "腹腔内见分流管末端盘曲。")}
    text = ("FINDINGS: Left effusion with enhancement of the parietal and visceral pleura.\n"
            "IMPRESSION: Empyema.")
    assert run(exam.check, text, exam_="CT chest with contrast") == set()


def test_a_midline_shift_is_compared_with_the_shift_it_restates():
    text = ("影像所见：左侧颞部硬膜外血肿，最厚约1.4cm，中线结构右移约7mm。\n"
            "影像诊断：左侧颞部硬膜外血肿，中线右移约17mm。")
    assert ("measurement", "17mm") in {(t, e.lstrip("约")) for t, e in run(measurement.check, text, "zh")}


def test_expected_findings_and_organs_clear_of_a_mass_are_not_left_out():
    text = ("FINDINGS: Intact anastomosis. Locules of free air, expected two days after the laparotomy.\n"
            "IMPRESSION: Expected postoperative appearances.")
    assert run(omission.check, text) == set()
    text = "检查所见：宫颈见软组织肿块，约4cm。膀胱后壁与肿块分界清。\n诊断意见：宫颈癌。"
    assert run(omission.check, text, "zh") == set()
    # a plane that is lost is a finding
    text = "检查所见：宫颈见软组织肿块，约4cm。膀胱后壁与肿块分界不清。\n诊断意见：宫颈癌。"
    assert {t for t, _ in run(omission.check, text, "zh")} == {"omission"}


def test_a_perforation_is_free_air_to_cover_and_to_deny():
    text = "检查所见：膈下见游离气体，十二指肠球部周围渗出。\n诊断意见：十二指肠球部穿孔。"
    assert run(omission.check, text, "zh") == set()
    text = ("FINDINGS: Thickened descending colon wall with surrounding stranding. No free air.\n"
            "IMPRESSION: Perforated descending colon diverticulitis.")
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "Perforated")}


def test_a_ureteric_junction_written_short_is_the_ureter():
    report = parse_report("IMPRESSION: 6 mm left VUJ stone. Calculus at the right PUJ. Stone at the UVJ.", "en")
    stones = [e for s in report.body for e in entities(s, "en") if e.finding == "stone"]
    assert [(e.organ, e.side) for e in stones] == [("ureter", "left"), ("ureter", "right"), ("ureter", None)]


# insertion ----------------------------------------------------------------------------------------

def test_the_appendix_described_after_a_right_hemicolectomy():
    text = "临床：右半结肠切除术后。\n检查所见：回结肠吻合口未见异常。阑尾未见增粗。\n诊断意见：右半结肠切除术后改变。"
    assert run(insertion.check, text, "zh") == {("insertion", "阑尾未见增粗。")}
    text = ("History: Right hemicolectomy last year.\nFINDINGS: Normal appendix. Ileocolic anastomosis intact.\n"
            "IMPRESSION: No recurrence.")
    assert run(insertion.check, text) == {("insertion", "Normal appendix.")}
    # a left hemicolectomy leaves it
    text = "History: Left hemicolectomy.\nFINDINGS: Normal appendix.\nIMPRESSION: No recurrence."
    assert run(insertion.check, text) == set()


def test_a_fracture_fragment_belongs_to_the_bone_its_sentence_names():
    text = "所见：右侧桡骨头见骨折线，骨折块轻度移位。尺骨鹰嘴、肱骨远端骨质未见异常。\n诊断：右侧桡骨头骨折。"
    assert run(insertion.check, text, "zh") == set()
    # the fractured bone itself called normal is still template text
    text = "所见：右侧桡骨头见骨折线，骨折块轻度移位。桡骨、尺骨骨质未见异常。\n诊断：右侧桡骨头骨折。"
    assert run(insertion.check, text, "zh") == {("insertion", "桡骨、尺骨骨质未见异常。")}


def test_a_misspelt_shunt_tube_is_named_by_its_own_word():
    text = "检查所见：脑室腹腔分留管置入术后，管头位于右侧侧脑室。\n诊断意见：分流术后。"
    assert run(spelling.check, text, "zh") == {("spelling", "分留管")}


def test_a_slight_change_is_minor_and_a_slightly_low_density_lesion_is_not():
    """"稍水肿" is slight oedema, a detail the impression may leave; "稍低密度灶" is a lesion of slightly low density."""
    text = "检查所见：阑尾增粗，直径约1.3cm。回盲部肠壁稍水肿。\n诊断意见：急性阑尾炎。"
    assert run(omission.check, text, "zh") == set()
    text = "检查所见：阑尾增粗，直径约1.3cm。肝右叶见稍低密度肿块，约3.5cm。\n诊断意见：急性阑尾炎。"
    assert {t for t, _ in run(omission.check, text, "zh")} == {"omission"}
