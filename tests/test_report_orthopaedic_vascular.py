"""Orthopaedic, sports-medicine and vascular-surgery habits the CT checks learned from a fourteenth author's reports
(handwritten-dev10): fracture classifications, hardware, measurement tables, run-off and aortic work; each test
states the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, measurement, mismatch, omission, sex, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import run


# insertion ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings: SMA embolus.\nImpression: Acute mesenteric ischaemia. Vascular surgery (Dr ***) informed 14:05."),
    ("en", "Findings: SMA embolus.\nImpression: Acute mesenteric ischaemia. Discussed with Dr. *** at 02:40."),
    ("zh", "检查号：CT********\n检查所见：左内踝骨折。\n诊断：左内踝骨折。报告医师：***"),
])
def test_asterisks_for_a_name_after_a_title_or_an_identifier_after_its_series_letters_are_de_identification(
        language, text):
    """A shared report writes the doctor's name it was discussed with, and an examination number after the letters of
    its series, as asterisks: the record de-identified, not a placeholder left unfilled."""
    assert run(insertion.check, text, language) == set()


def test_a_title_before_a_bracketed_placeholder_is_still_the_templates():
    text = "Findings: SMA embolus.\nImpression: Acute mesenteric ischaemia. Discussed with Dr [NAME] at 02:40."
    assert run(insertion.check, text) == {("insertion", "[NAME]")}


# spelling -----------------------------------------------------------------------------------------

def test_the_growth_plate_and_the_regions_of_a_long_bone_are_words():
    """A child's knee has open physes; a lesion lies in the metadiaphysis; an apophysis avulses. "Physes" is no slip
    for "phases"."""
    text = ("Findings: Open physes; no physeal fracture. Lesion in the distal femoral metadiaphysis, sparing the "
            "epiphysis and the diaphyses. Avulsed ischial apophysis.")
    assert run(spelling.check, text) == set()
    assert run(spelling.check, "Findings: Open phises.") == {("spelling", "phises")}


def test_arterial_segments_and_bypasses_are_words_and_a_slip_in_them_is_not():
    """Vascular surgeons write segments and bypasses as one word: iliofemoral, femoropopliteal, aortobifemoral; an
    endograft's endoleak. "Ileofemoral" puts the ileum in the leg."""
    text = ("Findings: Patent left femoropopliteal and right axillofemoral bypass grafts after aortobifemoral repair. "
            "Iliofemoral DVT. No endoleak around the endograft.")
    assert run(spelling.check, text) == set()
    assert run(spelling.check, "Impression: Left ileofemoral DVT.") == {("spelling", "ileofemoral")}


@pytest.mark.parametrize("text", [
    "Findings:\nAorto-iliac: Infrarenal aorta calcified, no aneurysm.",
    "Findings: Long ilio-femoral thrombus and a patent femoro-popliteal graft.",
])
def test_the_first_half_of_a_hyphenated_vascular_compound_is_a_word(text):
    """"Aorto-iliac" is the aortoiliac segment written with a hyphen: "Aorto" is no slip for "aorta"."""
    assert run(spelling.check, text) == set()


def test_a_slip_beside_a_hyphen_is_still_a_slip():
    assert run(spelling.check, "Findings: Aortta-iliac calcification.") == {("spelling", "Aortta")}


# negation and the bones' own words -------------------------------------------------------------

@pytest.mark.parametrize("text", ["右侧跟骨结节无移位骨折。", "左侧桡骨头无明显移位的骨折。", "右侧第5跖骨基底部无错位撕脱骨折。"])
def test_a_non_displaced_fracture_is_a_fracture(text):
    """"无移位骨折" is a non-displaced fracture: the negation is the displacement's."""
    sentence = parse_report("诊断：\n" + text, "zh").sentences[-1]
    assert [(e.finding, e.negated) for e in entities(sentence, "zh")] == [("fracture", False)]


def test_a_displacement_denied_after_the_fracture_and_a_fracture_denied_are_still_read_so():
    sentence = parse_report("所见：\n右侧跟骨未见骨折。", "zh").sentences[-1]
    assert [(e.finding, e.negated) for e in entities(sentence, "zh")] == [("fracture", True)]


def test_an_impression_naming_a_non_displaced_fracture_does_not_deny_it():
    text = ("CT表现：\n右侧跟骨后关节面完整，跟骨结节见线样骨折，无移位。\n诊断：\n右侧跟骨结节无移位骨折。")
    assert run(mismatch.check, text, "zh") == set()


@pytest.mark.parametrize("text, nodules", [
    ("右侧跟骨结节见线样骨折。", 0), ("胫骨结节撕脱骨折。", 0), ("肱骨大结节骨折块向后上移位。", 0),
    ("肱骨头小结节完整。", 0), ("双肺多发小结节。", 1), ("右肺上叶大结节，约25mm。", 1),
])
def test_a_bones_tubercle_is_no_nodule(text, nodules):
    """The calcaneal, tibial or ischial tubercle and the humerus's greater and lesser tuberosities are "结节" too."""
    sentence = parse_report("所见：\n" + text, "zh").sentences[-1]
    assert sum(e.finding == "nodule" for e in entities(sentence, "zh")) == nodules


def test_a_fracture_denied_in_the_neighbouring_tarsal_bones_does_not_contradict_the_calcaneal_one():
    """A foot CT clears the bones beside the broken one by name ("距骨、骰骨未见骨折", "the cuboid and navicular are
    intact"): each carpal and tarsal bone is a site of its own."""
    text = ("CT表现：\n左侧跟骨粉碎性骨折，骨折线累及后关节面。\n双侧距骨、骰骨未见骨折。\n诊断：\n左侧跟骨粉碎性骨折。")
    assert run(insertion.check, text, "zh") == set()
    text = ("Findings:\nComminuted fracture of the left calcaneus with a fracture line into the posterior facet.\n"
            "No fracture of the talus or cuboid.\nImpression:\nLeft calcaneal fracture.")
    assert run(insertion.check, text) == set()
    text = "CT表现：\n左侧跟骨粉碎性骨折，骨折线累及后关节面。\n双侧跟骨未见骨折。\n诊断：\n左侧跟骨粉碎性骨折。"
    assert run(insertion.check, text, "zh") == {("insertion", "双侧跟骨未见骨折。")}


@pytest.mark.parametrize("text", [
    "影像表现：\n右侧月骨与桡骨远端关节面对应关系正常。舟状骨腰部见横行骨折线。\n影像诊断：\n右侧舟状骨腰部骨折。",
    "所见：\n左侧肱骨近端骨折，骨折线累及肱骨外科颈。肱骨头与关节盂对应关系正常。\n诊断：\n左侧肱骨近端骨折。",
    "所见：\n左侧桡骨头骨折。肱尺关节、肱桡关节对位可。\n诊断：\n左侧桡骨头骨折。",
])
def test_a_joints_alignment_called_normal_beside_a_fracture_is_no_template_line(text):
    """"对应关系正常" and "对位可" speak of the joint's alignment, which a fracture beside it keeps."""
    assert run(insertion.check, text, "zh") == set()


def test_a_bone_called_normal_beside_its_fracture_is_still_a_template_line():
    text = "所见：\n左侧肱骨近端骨折，骨折线累及肱骨外科颈。肱骨未见异常。\n诊断：\n左侧肱骨近端骨折。"
    assert run(insertion.check, text, "zh") == {("insertion", "肱骨未见异常。")}


def test_the_mesenteric_arteries_called_normal_say_nothing_of_the_bowel_or_the_other_mesenteric_artery():
    """"腹腔干、肠系膜下动脉未见异常" speaks of the coeliac trunk and the inferior mesenteric artery, not of the bowel
    the superior one's dissection is filed under."""
    text = ("CT所见：\n肠系膜上动脉起始部以远约1.5cm处见内膜片，假腔部分血栓形成。腹腔干、肠系膜下动脉未见异常。\n"
            "诊断：\n孤立性肠系膜上动脉夹层。")
    assert run(insertion.check, text, "zh") == set()


# mismatch -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings:\nSubcapital fracture of the left femoral neck.\nImpression:\n1. Displaced left femoral neck "
           "fracture.\n2. Osteopenia; no other pelvic fracture.", set()),
    ("zh", "所见：\n左侧股骨颈骨折。\n诊断：\n左侧股骨颈骨折，余骨质未见骨折。", set()),
    ("en", "Findings:\nSubcapital fracture of the left femoral neck.\nImpression:\n1. Osteopenia; no other pelvic "
           "fracture.", {("findings_impression_mismatch", "no other pelvic fracture")}),
])
def test_an_impression_denying_any_other_fracture_beside_the_one_it_reports_contradicts_nothing(language, text, expected):
    """"No other pelvic fracture" sets apart the fracture the impression has just reported; without it, the denial
    meets the findings' fracture."""
    assert run(mismatch.check, text, language) == expected


# a joint's label --------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nLeft hip: Subcapital fracture of the left femoral neck. Appearances are of a displaced fracture.\n"
           "Right hip: Moderate joint space narrowing. No fracture.\nImpression:\nDisplaced left femoral neck fracture."),
    ("zh", "所见：\n左髋：左侧股骨颈骨折，断端移位。\n右髋：关节间隙变窄。未见骨折。\n诊断：\n左侧股骨颈骨折。"),
])
def test_a_joint_label_gives_its_side_to_the_bones_on_its_line(language, text):
    """"Right hip:" then "No fracture." clears the right hip's bones, not the left femoral neck its own line breaks."""
    assert run(insertion.check, text, language) == set()


def test_a_fracture_denied_under_the_label_of_the_broken_side_is_still_a_contradiction():
    text = ("Findings:\nLeft hip: Subcapital fracture of the left femoral neck. No fracture.\n"
            "Impression:\nDisplaced left femoral neck fracture.")
    assert run(insertion.check, text) == {("insertion", "No fracture.")}


# measurement --------------------------------------------------------------------------------------

def test_each_carotids_stenosis_is_compared_with_its_own_side():
    """The impression's right ICA 28% is the right carotid's figure, not a slip for the left one's 71%."""
    text = ("Findings:\nLeft carotid: Mixed plaque at the bifurcation. NASCET stenosis 71%.\n"
            "Right carotid: Calcified bulb plaque, minimal lumen 3.6 mm, distal ICA 5.0 mm, NASCET 28%.\n"
            "Impression:\n1. Left ICA NASCET 71% stenosis.\n2. Right ICA mild (28%) stenosis.")
    assert run(measurement.check, text) == set()
    slipped = text.replace("NASCET 71% stenosis", "NASCET 61% stenosis")
    assert run(measurement.check, slipped) == {("measurement", "61%")}


# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nInfrarenal AAA, maximal diameter 5.8 cm. Moderate mural thrombus in the sac, no rupture.\n"
           "Impression:\n5.8 cm infrarenal AAA."),
    ("zh", "CT所见：\n肾下腹主动脉瘤，最大径约5.9cm。瘤颈附壁血栓：约30%周径。瘤腔内大量附壁血栓。\n诊断：\n肾下腹主动脉瘤。"),
    ("zh", "所见：\n降主动脉夹层。真腔受压变窄，假腔较大，部分血栓化。\n诊断：\n主动脉夹层（Stanford B型）。"),
])
def test_thrombus_lining_an_aneurysm_or_a_false_lumen_is_part_of_the_reported_aneurysm(language, text):
    """A sac holds mural thrombus and a false lumen thromboses: the impression's aneurysm or dissection has said it."""
    assert run(omission.check, text, language) == set()


def test_a_thrombus_elsewhere_beside_an_aneurysm_is_still_left_out():
    text = ("Findings:\nInfrarenal AAA, maximal diameter 5.8 cm.\nOcclusive thrombus in the left popliteal artery.\n"
            "Impression:\n5.8 cm infrarenal AAA.")
    assert run(omission.check, text) == {("omission", "Occlusive thrombus in the left popliteal artery.")}


@pytest.mark.parametrize("language, text, exam", [
    ("en", "Findings:\nTibial tunnel widened to 13 mm.\nModerate effusion.\nImpression:\nTibial tunnel widening.",
     "CT left knee without contrast"),
    ("zh", "所见：\n左侧桡骨头骨折（Mason II型）。关节腔积液，周围软组织肿胀。\n诊断：\n左侧桡骨头骨折。", "左肘关节CT平扫"),
])
def test_a_joints_effusion_comes_with_the_injury_the_impression_reports(language, text, exam):
    assert run(omission.check, text, language, exam_=exam) == set()


def test_a_pleural_effusion_on_a_chest_ct_is_still_left_out():
    text = "Findings:\nSpiculated 2.4 cm mass in the right upper lobe.\nModerate effusion.\nImpression:\nRight upper lobe mass."
    assert run(omission.check, text, exam_="CT chest with contrast") == {("omission", "Moderate effusion.")}


# sex ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("所见：\nT12椎体爆裂骨折。后方附件未见骨折，棘突间距未见增宽。\n诊断：\nT12椎体爆裂骨折。", set()),
    ("所见：\nL1椎体及附件未见骨质破坏。\n诊断：\n未见异常。", set()),
    ("所见：\nL2右侧附件骨折。\n诊断：\nL2附件骨折。", set()),
    ("所见：\n腰椎退变。子宫及双侧附件未见异常。\n诊断：\n腰椎退变。", {("sex_mismatch", "子宫及双侧附件")}),
])
def test_a_vertebras_appendages_are_no_adnexa(text, expected):
    """"后方附件", "椎体及附件" are the vertebra's posterior elements, which a man has; "双侧附件" beside the uterus are
    the adnexa."""
    assert run(sex.check, text, "zh", sex_="M") == expected
