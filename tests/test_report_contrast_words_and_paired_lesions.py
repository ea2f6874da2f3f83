"""Mechanisms behind misses and false alarms of the two newest development sets (an orthopaedic / vascular and an
ENT / dental / urology service) that are no habit of one hospital: a statement that no contrast was given, an
inference drawn from an enhancement, two lesions of one organ listed side by side in one sentence, a side as a line's
label, a finding the study cannot assess, signs the impression's diagnosis holds, a lesion named by its look or its
disease, and a removal stated beside the organ measured."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, laterality, measurement, omission
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import confident, run


# contrast -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "检查项目：盆腔CT平扫（肾功能不全，未注射对比剂）\nCT所见：\n移植肾位于左髂窝，周围见积液。\n诊断：\n移植肾周积液。"),
    ("en", "Technique: axial CT of the abdomen; no contrast was administered (renal failure).\nFindings:\nSmall "
           "perinephric collection.\nImpression:\nPerinephric collection."),
])
def test_a_statement_that_no_contrast_was_given_needs_no_contrast(language, text):
    """"未注射对比剂" holds the words "注射对比剂", as "no contrast was administered" holds "contrast was administered":
    a technique line saying no contrast was given is the non-contrast examination ordered, no contrast described."""
    assert run(exam.check, text, language, exam_="CT abdomen without contrast" if language == "en" else "盆腔CT平扫") == set()


def test_an_inference_drawn_from_an_enhancement_does_not_excuse_it():
    """"suggest contrast CT" recommends a study not done; "enhances less than the left, suggesting reduced function"
    reads an enhancement on a scan without contrast."""
    text = ("CT KUB, non-contrast.\nFindings:\nRight kidney: 11 mm calculus. The right renal cortex enhances less than "
            "the left, suggesting reduced function.\nImpression:\nRight renal calculus.")
    assert run(exam.check, text, exam_="CT abdomen without contrast") == {("exam_mismatch", "enhances")}
    recommended = text.replace(", suggesting reduced function", ", a contrast-enhanced CT is suggested to confirm it")
    assert run(exam.check, recommended, exam_="CT abdomen without contrast") == set()


# laterality ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "所见：\n下颌骨左侧体部骨质不连续，断端轻度错位；右侧髁突颈部骨折，髁突头向前内侧移位。左侧髁突位置正常。\n"
           "结论：\n下颌骨双发骨折：左侧体部骨折，右侧髁突颈部骨折。"),
    ("en", "Findings:\nDiscontinuity of the left mandibular body cortex; right condylar neck fracture with anteromedial "
           "displacement.\nImpression:\nTwo mandibular fractures: left body fracture and right condylar neck fracture."),
])
def test_two_fractures_of_one_bone_listed_side_by_side_are_no_side_contradiction(language, text):
    """An impression sentence listing a fracture on each side answers the findings' right fracture with its own right
    one; its left one contradicts nothing, though the findings describe that one in other words."""
    assert run(laterality.check, text, language) == set()


def test_an_impression_naming_one_side_only_still_contradicts_the_findings():
    text = ("所见：\n右侧髁突颈部骨折，髁突头向前内侧移位。左侧髁突位置正常。\n结论：\n左侧髁突颈部骨折。")
    assert {error for error, _ in run(laterality.check, text, "zh")} == {"laterality"}


# attenuation --------------------------------------------------------------------------------------

def test_an_attenuation_after_an_enhanced_phase_named_in_an_earlier_clause_is_no_unenhanced_density():
    """The phase may stand a clause before its value: "低密度坏死区，增强动脉期明显强化，CT值约150HU" measures the
    enhancing mass, not the necrosis called low-density; without the phase it is a slip."""
    text = ("CT所见：\n右侧肾上腺区见肿块，大小约4.5cm，平扫CT值约42HU，内见小片状低密度坏死区，增强动脉期明显不均匀强化，"
            "CT值约150HU。\n诊断：\n右侧肾上腺占位。")
    assert run(measurement.check, text, "zh") == set()
    unenhanced = text.replace("增强动脉期明显不均匀强化，", "")
    assert run(measurement.check, unenhanced, "zh") == {("measurement", "150HU")}


# what the study cannot show -----------------------------------------------------------------------

def _asserted_terms(text: str, language: str) -> list[str]:
    report = parse_report(text, language)
    return [report.text[e.start:e.end] for s in report.body for e in entities(s, language) if not e.negated]


@pytest.mark.parametrize("language, template, unassessed, term", [
    ("en", "Findings:\nOcclusion{} on CT; no dental fracture seen.\nImpression:\nNormal.", " cannot be assessed",
     "Occlusion"),
    ("en", "Findings:\nBowel wall thickening{} without oral contrast.\nImpression:\nNormal.",
     " could not be reliably evaluated", "wall thickening"),
    ("zh", "所见：\n胰管扩张{}。\n诊断：\n未见异常。", "无法评估", "扩张"),
])
def test_a_finding_the_study_cannot_assess_is_neither_seen_nor_denied(language, template, unassessed, term):
    """"X cannot be assessed" says the study could not show X: no finding of X for the impression to carry; the same
    words without it state one."""
    assert term not in _asserted_terms(template.format(unassessed), language)
    assert term in _asserted_terms(template.format(""), language)


# a side as a line's label -------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, slip", [
    ("en", "Findings:\nRight: CFA patent. Superficial femoral artery occluded over 14 cm. Popliteal patent.\n"
           "Left: CFA and SFA patent with mild plaque. Three-vessel run-off.\nImpression:\n"
           "14 cm occlusion of the left SFA.", "occlusion of the left"),
    ("zh", "检查所见：\n右侧：股浅动脉起始部闭塞，长约14cm，腘动脉通畅。\n左侧：股浅动脉通畅，散在钙化斑块。\n诊断意见：\n"
           "左侧股浅动脉闭塞。", "左侧股浅动脉闭塞"),
])
def test_a_bare_side_label_gives_its_side_to_every_finding_on_its_line(language, text, slip):
    """A run-off, an ear or a sinus report lays its sides out as "Right: ... Left: ...": the occlusion on the "Right:"
    line is the right one, which the impression then puts on the left."""
    assert confident(laterality.check, text, language) == {("laterality", slip)}
    right = text.replace("left SFA.", "right SFA.").replace("左侧股浅动脉闭塞。", "右侧股浅动脉闭塞。")
    assert run(laterality.check, right, language) == set()


# omission: a sign the impression's diagnosis holds ------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "CT表现：\n　　T12椎体变扁，椎体后缘骨折块向后突入椎管。双侧椎弓根间距增宽。\n诊断：\n　　T12椎体爆裂骨折。"),
    ("zh", "检查所见：\n　　左侧腓骨远端斜行骨折。内侧间隙增宽约6mm，下胫腓间隙增宽约7mm。\n诊断意见：\n　　左踝骨折。"),
    ("en", "Findings:\nOblique fracture of the distal fibula. The medial clear space is widened to 6 mm.\nImpression:\n"
           "Weber B ankle fracture."),
])
def test_a_gap_between_bones_widened_is_the_displacement_of_the_reported_fracture(language, text):
    """A widened clear space, syndesmosis or interpedicular distance is how far the fracture pulled the bones apart,
    reported with the fracture; a widened duct is a finding of its own."""
    assert run(omission.check, text, language) == set()
    duct = text.replace("双侧椎弓根间距增宽", "胆总管增宽约15mm").replace("内侧间隙增宽约6mm，下胫腓间隙增宽约7mm",
                                                                 "胆总管增宽约15mm").replace(
        "The medial clear space is widened to 6 mm", "The common bile duct is dilated to 15 mm")
    assert {error for error, _ in run(omission.check, duct, language)} == {"omission"}


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nNear-complete opacification of both maxillary and ethmoid sinuses with polypoid soft tissue. Both "
           "ostiomeatal units occluded.\nImpression:\nPansinusitis with sinonasal polyposis."),
    ("zh", "CT所见：\n双侧上颌窦及筛窦黏膜明显增厚，双侧窦口鼻道复合体闭塞。\n诊断：\n双侧上颌窦及筛窦炎。"),
])
def test_a_sinus_drainage_pathway_blocked_is_the_pattern_of_the_reported_sinus_disease(language, text):
    """The ostiomeatal unit occluded is how the sinusitis drains (or fails to): the impression reporting the sinus
    disease has said it; "pansinusitis" and "rhinosinusitis" are sinusitis."""
    assert run(omission.check, text, language) == set()


def test_an_avulsion_is_a_fracture():
    """"Tibial spine avulsion" names the avulsion fracture the findings describe."""
    text = ("Findings:\nAvulsion fracture of the anterior tibial spine, fragment 16 x 11 mm, elevated anteriorly 5 mm.\n"
            "Impression:\nMeyers-McKeever II tibial spine avulsion, right knee.")
    assert run(omission.check, text) == set()


# measurement: a lesion named by its look ----------------------------------------------------------

def test_a_density_outside_the_lung_is_the_lesion_the_impression_names_and_measures():
    """"膨胀性低密度影，大小约3.2cm" in the mandible is the cyst the impression names: its 5.2 cm there disagrees with the
    findings; the same 3.2 cm agrees."""
    text = ("所见：\n左侧下颌骨体部见膨胀性低密度影，边界清晰，大小约3.2cm×2.6cm×2.4cm。\n"
            "结论：\n左侧下颌骨含牙囊肿，大小约5.2cm。")
    assert confident(measurement.check, text, "zh") == {("measurement", "5.2cm")}
    assert confident(measurement.check, text.replace("5.2cm", "3.2cm"), "zh") == set()


# insertion: a removal stated beside the organ measured ---------------------------------------------

@pytest.mark.parametrize("language, text, removal", [
    ("zh", "检查所见：\n　　左肾：大小约11.5cm，单支肾动脉。\n　　右肾：大小约11.0cm，两支肾动脉。\n　　双肾未见结石及占位。\n"
           "　　左肾已切除，术区未见复发征象。\n诊断意见：\n　　右肾适合作为供肾。", "左肾已切除，术区未见复发征象。"),
    ("en", "Findings:\nLeft kidney: 11.8 cm, single artery, normal enhancement.\nRight kidney: 11.4 cm, normal.\n"
           "Status post left nephrectomy, no recurrence in the bed.\nImpression:\nNormal donor anatomy.",
     "Status post left nephrectomy, no recurrence in the bed."),
])
def test_a_removal_in_the_findings_beside_the_organ_measured_is_the_inserted_sentence(language, text, removal):
    """The findings measure the left kidney, so it is there: the findings sentence saying it was removed is the one
    from another patient's report, not the descriptions of the kidney."""
    assert run(insertion.check, text, language) == {("insertion", removal)}


def test_a_removal_the_history_gives_still_makes_the_organ_s_description_the_inserted_one():
    text = ("History: status post left nephrectomy.\nFindings:\nLeft kidney: 11.8 cm, normal enhancement.\nRight kidney: "
            "11.4 cm, normal.\nImpression:\nNo recurrence.")
    assert run(insertion.check, text) == {("insertion", "Left kidney: 11.8 cm, normal enhancement.")}


# omission: a lesion named by its disease ---------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nLeft: Soft-tissue mass in Prussak's space extending into the epitympanum, with blunting of the scutum "
           "and erosion of the long process of incus.\nRight: middle ear and mastoid normally aerated.\nImpression:\n"
           "Left pars flaccida cholesteatoma with scutum and incus erosion."),
    ("zh", "检查所见：\n右侧上鼓室见软组织肿块，鼓室盾板变钝，听小骨破坏。\n左侧中耳乳突未见异常。\n诊断意见：\n右侧中耳胆脂瘤。"),
])
def test_a_cholesteatoma_is_the_middle_ear_mass_the_findings_describe(language, text):
    """The impression names the attic mass by its disease: a cholesteatoma is a focal lesion, the mass described."""
    assert run(omission.check, text, language) == set()


def test_a_vertebra_s_lateral_mass_is_no_mass():
    """The lateral masses of C1 are the atlas's own parts ("Lateral masses of C1 aligned on C2"); a lateral mass of the
    neck is a mass."""
    def terms(text):
        report = parse_report(f"Findings:\n{text}\nImpression:\nNo acute fracture.", "en")
        return [e.finding for s in report.body for e in entities(s, "en")]
    assert "mass" not in terms("Lateral masses of C1 aligned on C2. Right C1 lateral mass intact.")
    assert "mass" in terms("A 3 cm lateral mass of the neck.")
