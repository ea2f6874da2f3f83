"""How far a word of a CT report reaches, and what it belongs to: a wall belongs to the cyst, not to the organ the cyst
abuts; a recommended exchange acts on the implant in place, where a recommended insertion is a new one; 拟诊 is a
provisional diagnosis, not a plan; "suspicious" as a finding's adjective asserts it and hedges nothing else in its
sentence; "肺结合" before an infection is 肺结核 mistyped. Each test sets the faulty report beside the correct one that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, insertion, laterality, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from report_cases import run


# a Bosniak class's wall ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, given", [
    ("en", "FINDINGS: Cystic lesion of the left kidney abutting the spleen, with a wall thickened to 5 mm and enhancing.\n"
           "IMPRESSION: Bosniak IIF cyst of the left kidney.", "Bosniak IIF"),
    ("zh", "检查所见：左肾囊性病灶，紧邻脾脏，囊壁增厚约5mm，可见强化。\n诊断意见：左肾囊肿，Bosniak IIF类。", "Bosniak IIF类"),
])
def test_a_thick_enhancing_wall_stays_the_cysts_beside_the_organ_it_abuts(language, text, given):
    """The spleen the cyst abuts (紧邻) is its neighbour, no owner of the wall: the wall measured 5 mm and enhancing is the
    cyst's, which makes it Bosniak III."""
    assert ("findings_impression_mismatch", given) in run(mismatch.check, text, language)
    thin = text.replace("5 mm", "2 mm").replace("5mm", "2mm")
    assert run(mismatch.check, thin, language) == set()


def test_a_wall_of_another_organ_described_after_the_cyst_is_that_organs():
    """Clean guard: a bladder wall measured after a renal cyst is the bladder's."""
    text = ("FINDINGS: Cystic lesion of the left kidney abutting the spleen. The bladder wall is thickened to 5 mm and "
            "enhancing.\nIMPRESSION: Bosniak IIF cyst of the left kidney.")
    assert run(mismatch.check, text) == set()


def test_an_organ_a_finding_lies_against_elsewhere_leaves_the_findings_own_organ():
    """Clean guard: outside a wall's owner, the lobe before 紧邻 is still the nodule's own organ, so an impression naming
    only the other lung leaves the nodule out."""
    text = "检查所见：右肺上叶紧邻胸膜见一实性结节，大小约12mm。肝内见囊肿。\n诊断意见：右肺炎症。"
    assert ("omission", "右肺上叶紧邻胸膜见一实性结节，大小约12mm。") in run(omission.check, text, "zh")


# an implant's exchange ----------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right nephrostomy tube in situ, its pigtail in the renal pelvis.\n"
           "IMPRESSION: Recommend exchange of the left nephrostomy."),
    ("zh", "检查所见：右肾造瘘管留置，猪尾端位于肾盂。\n诊断意见：建议更换左侧肾造瘘管。"),
])
def test_a_recommended_exchange_names_the_side_of_the_implant_in_place(language, text):
    """An exchange is done to the nephrostomy in place: the impression's left is the right one's side slipped."""
    assert "implant-other-side" in {c.rule for c in laterality.check(CheckInput(parse_report(text, language)))}
    right = text.replace("left", "right") if language == "en" else text.replace("左侧", "右侧")
    assert run(laterality.check, right, language) == set()


@pytest.mark.parametrize("text", [
    "FINDINGS: Right nephrostomy tube in situ, its pigtail in the renal pelvis.\n"
    "IMPRESSION: Recommend exchange by IR of the left nephrostomy.",
    "FINDINGS: Right nephrostomy tube in situ, its pigtail in the renal pelvis.\n"
    "IMPRESSION: Recommend exchange to a larger bore left nephrostomy.",
    "FINDINGS: Right chest wall port, catheter tip kinked in the right brachiocephalic vein.\n"
    "IMPRESSION: Recommend replacement for the left port.",
])
def test_who_does_an_exchange_or_what_it_is_for_leaves_it_on_the_implant_in_place(text):
    """"By IR", "to a larger bore", "for the port" say who exchanges the implant in place or how; only "with" right before
    a device names a new one."""
    assert "implant-other-side" in {c.rule for c in laterality.check(CheckInput(parse_report(text, "en")))}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right chest wall port, catheter tip kinked in the right brachiocephalic vein.\n"
           "IMPRESSION: Kinked right port catheter. Recommend replacement with a left port."),
    ("zh", "检查所见：右侧胸壁输液港留置，导管打折。\n诊断意见：右侧输液港导管打折，建议更换为左侧输液港。"),
    ("en", "FINDINGS: Right chest wall port, catheter tip kinked in the right brachiocephalic vein.\n"
           "IMPRESSION: Kinked right port catheter. Recommend revision and placement of a left port."),
    ("en", "FINDINGS: Right chest wall port, catheter tip kinked in the right brachiocephalic vein.\n"
           "IMPRESSION: Kinked right port catheter. Recommend removal and then insertion of a left port."),
])
def test_the_implant_an_exchange_is_made_with_is_a_new_one(language, text):
    """Clean guard: the port a replacement is made with (更换为), or one placed after "and" or "then", is the new one
    recommended, on a side of its own."""
    assert run(laterality.check, text, language) == set()


def test_the_port_the_findings_say_was_replaced_still_gives_them_its_side():
    """"The right chest port was replaced with a new device" leaves a right port in place: the impression's left one
    is the other side."""
    text = ("FINDINGS: The right chest port was replaced with a new device last month; its tip is in the SVC.\n"
            "IMPRESSION: Left chest port, tip in the SVC.")
    assert ("laterality", "Left chest port") in run(laterality.check, text)


@pytest.mark.parametrize("impression", ["Right chest port, tip in the SVC.",
                                        "Right chest port, replaced last year; tip in the SVC."])
def test_guard_a_port_named_in_place_on_the_other_side_is_still_a_side_slip(impression):
    """Clean guard: a port the impression names as the one in place, even one put in as a replacement, is held to the
    findings' side."""
    text = f"FINDINGS: Left-sided chest port with its tip in the SVC. The lungs are clear.\nIMPRESSION: {impression}"
    assert ("laterality", "Right chest port") in run(laterality.check, text)


# 拟诊 ----------------------------------------------------------------------------------------------

def test_a_provisional_diagnosis_of_an_operation_done_is_no_plan():
    """拟诊 names the provisional diagnosis: "拟诊胆囊切除术后改变" says the gallbladder is gone, so describing it is
    the error; 拟行 is a plan, which removes nothing yet."""
    findings = "检查所见：胆囊大小正常，壁不厚。\n诊断意见："
    assert run(insertion.check, findings + "拟诊胆囊切除术后改变。", "zh") == {("insertion", "胆囊大小正常，壁不厚。")}
    assert run(insertion.check, findings + "拟行胆囊切除。", "zh") == set()


@pytest.mark.parametrize("impression", ["胆囊炎，拟诊后行胆囊切除术。", "胆囊炎，临床拟诊后择期胆囊切除。"])
def test_an_operation_after_the_provisional_diagnosis_is_still_to_come(impression):
    """Clean guard: an operation done once the diagnosis is made (拟诊后行) has not removed the gallbladder the findings
    describe."""
    findings = "检查所见：胆囊增大，壁增厚，周围脂肪间隙模糊。\n诊断意见："
    assert run(insertion.check, findings + impression, "zh") == set()


def test_an_elective_operation_done_removed_the_organ():
    """择期 says when an operation was booked, not that it is still to come: "择期胆囊切除术后改变" is one done."""
    findings = "检查所见：胆囊增大，壁增厚。\n诊断意见："
    assert run(insertion.check, findings + "择期胆囊切除术后改变。", "zh") == {("insertion", "胆囊增大，壁增厚。")}


# "suspicious" -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, effusion", [
    ("en", "FINDINGS: 8 mm spiculated nodule in the left upper lobe. No pleural effusion.\n"
           "IMPRESSION: Small right pleural effusion and a suspicious 8 mm left upper lobe nodule.", "right pleural effusion"),
    ("zh", "检查所见：左肺上叶见8mm毛刺结节。双侧未见胸腔积液。\n诊断意见：右侧少量胸腔积液，左肺上叶可疑8mm结节。", "右侧少量胸腔积液"),
])
def test_a_suspicious_nodule_hedges_nothing_else_in_its_sentence(language, text, effusion):
    """"A suspicious 8 mm nodule" (可疑8mm结节) asserts the nodule measured; the effusion the same sentence reports, which
    the findings deny, is still a mismatch."""
    assert ("findings_impression_mismatch", effusion) in run(mismatch.check, text, language)


@pytest.mark.parametrize("nodule", ["可疑 8mm结节", "可疑8 mm结节", "可疑约0.8cm结节"])
def test_suspicious_before_a_size_with_a_space_still_asserts(nodule):
    """A size is a number with its length unit, a space or 约 between them or not: 可疑 before it asserts the nodule."""
    text = f"检查所见：左肺上叶见8mm毛刺结节。双侧未见胸腔积液。\n诊断意见：右侧少量胸腔积液，左肺上叶{nodule}。"
    assert ("findings_impression_mismatch", "右侧少量胸腔积液") in run(mismatch.check, text, "zh")


@pytest.mark.parametrize("nodule", ["可疑2枚小结节", "可疑3处结节"])
def test_suspicious_before_a_count_still_hedges_its_sentence(nodule):
    """Clean guard: a number without a length unit (a count) is no size, and 可疑 before it leaves the statement
    uncertain."""
    text = f"检查所见：左肺上叶见8mm毛刺结节。双侧未见胸腔积液。\n诊断意见：右侧少量胸腔积液，左肺上叶{nodule}。"
    assert run(mismatch.check, text, "zh") == set()


def test_a_suspected_diagnosis_still_hedges_its_sentence():
    """Clean guard: 可疑 before what is suspected, no size, leaves the statement uncertain."""
    text = "检查所见：左肺上叶见8mm毛刺结节。双侧未见胸腔积液。\n诊断意见：右侧少量胸腔积液可疑，左肺上叶结节。"
    assert run(mismatch.check, text, "zh") == set()


@pytest.mark.parametrize("text", [
    "FINDINGS: 8 mm spiculated nodule in the left upper lobe. Small right pleural effusion.\n"
    "IMPRESSION: Small right pleural effusion and a suspicious 8 mm left upper lobe nodule.",
    "FINDINGS: Consolidation in the right lower lobe. No pleural effusion.\n"
    "IMPRESSION: Right lower lobe consolidation, suspicious for pneumonia.",
])
def test_suspicious_beside_what_the_findings_describe_is_silent(text):
    """Clean guard: a suspicious nodule the findings describe, and a consolidation suspicious for pneumonia."""
    assert run(mismatch.check, text) == set()


# 结合 for 结核 ------------------------------------------------------------------------------------

def test_an_infection_after_lung_and_the_verb_for_tuberculosis_is_a_slip():
    """"双肺结合感染" is 结核 typed as its homophone 结合 ("combine"), which takes what a report weighs a finding with as its
    object: "结合感染指标" (the infection markers) and "结合感染病史" read on as the verb's."""
    assert run(spelling.check, "检查所见：双肺结合感染，双肺多发斑片影。\n诊断意见：双肺感染。", "zh") == {("spelling", "肺结合")}
    for weighed in ("感染指标", "感染病史", "感染症状", "感染临床表现", "感染实验室检查，", "感染性指标升高，", "感染科会诊意见，"):
        assert run(spelling.check, f"检查所见：双肺结合{weighed}考虑炎症。\n诊断意见：双肺感染。", "zh") == set()


@pytest.mark.parametrize("weighed", ["感染相关指标", "感染相关实验室检查", "感染相关病史", "感染标志"])
def test_what_relates_to_the_infection_or_marks_it_is_what_the_verb_weighs_with(weighed):
    """Clean guard: "结合感染相关指标" (the infection-related markers), "结合感染标志" (its markers) are 结合's objects, no
    slip for 结核."""
    assert run(spelling.check, f"检查所见：双肺结合{weighed}考虑炎症。\n诊断意见：双肺感染。", "zh") == set()
