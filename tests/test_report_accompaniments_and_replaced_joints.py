"""What a reported lesion brings with it, and what an operation leaves no more: the soft-tissue bleed and swelling
around a reported fracture are the fracture's (no omission), while a native joint or disc described normal where a
prosthesis or an interbody cage now sits is a template's line (an insertion), as is a skull or a sternum called intact
after a craniotomy, a burr hole or a sternotomy opened it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, omission
from report_cases import confident, run


# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings: Non-displaced fracture of the left iliac wing. Small iliacus haematoma.\n"
           "Impression: Non-displaced left iliac wing fracture."),
    ("en", "Findings: Split-depression fracture of the lateral tibial plateau.\nSoft tissues: oedema laterally.\n"
           "Impression: Lateral tibial plateau fracture."),
    ("zh", "所见：右侧桡骨远端骨折，断端轻度移位。周围肌间血肿。\n诊断：右侧桡骨远端骨折。"),
])
def test_a_soft_tissue_bleed_or_swelling_comes_with_the_fracture_the_impression_reports(language, text):
    """A haematoma or oedema of the muscles around a fracture is the injury's own: the impression has said it."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("text, left_out", [
    ("Findings: Fracture of the left iliac wing. Large iliacus haematoma with active extravasation.\n"
     "Impression: Left iliac wing fracture.", "Large iliacus haematoma with active extravasation."),
    ("Findings: Left 7th rib fracture. Splenic laceration with perisplenic haematoma.\n"
     "Impression: Left 7th rib fracture.", "Splenic laceration with perisplenic haematoma."),
    ("Findings: Fracture of the right iliac wing. Haematoma in the gluteus medius, 7 x 3 cm.\n"
     "Impression: Right iliac wing fracture.", "Haematoma in the gluteus medius, 7 x 3 cm."),
    ("Findings: Small haematoma in the right gluteus medius.\nAcute appendicitis.\nImpression: Acute appendicitis.",
     "Small haematoma in the right gluteus medius."),
])
def test_a_bleed_large_active_in_an_organ_or_beside_no_fracture_is_still_left_out(text, left_out):
    assert run(omission.check, text) == {("omission", left_out)}



def test_an_impression_reporting_the_organ_only_on_the_other_side_sums_up_nothing_of_this_side():
    """"Right lower lobe pneumonia" says nothing of the left upper lobe nodule: its omission is as sure as if the
    impression named no lung at all."""
    text = ("Findings:\nLungs: Dense consolidation in the right lower lobe. A 1.2 cm solid nodule in the left upper lobe.\n"
            "Impression:\nRight lower lobe pneumonia.")
    assert confident(omission.check, text) == {("omission", "A 1.2 cm solid nodule in the left upper lobe.")}


@pytest.mark.parametrize("text", [
    "Findings:\nLungs: Thick-walled cavity in the left upper lobe with surrounding consolidation.\n"
    "Impression:\nCavitating right upper lobe consolidation.",
    "Findings:\nLeft main bronchus: a 7 mm dense intraluminal nodule, lumen nearly occluded. Right lung clear.\n"
    "Impression:\nRight main bronchus foreign body with right lung air trapping.",
])
def test_an_impression_putting_the_finding_on_the_other_side_is_a_side_slip_not_a_sure_omission(text):
    """The findings describe nothing on the impression's side: its statement is this finding with the side slipped
    (the laterality check's), which may still sum it up."""
    assert confident(omission.check, text) == set()

# insertion ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, template", [
    ("en", "Indication: Right total hip arthroplasty 2014.\nFindings:\nAcetabular cup inclination 58 degrees.\n"
           "The right hip joint space is preserved with no osteophytes.\nImpression:\nSteep acetabular inclination.",
     "The right hip joint space is preserved with no osteophytes."),
    ("zh", "病史：右膝人工全膝关节置换术后5年。\n影像表现：\n胫骨假体周围透亮带。右膝关节间隙未见狭窄，关节面光整，未见骨赘形成。\n"
           "影像诊断：\n胫骨假体周围透亮带，考虑松动。", "右膝关节间隙未见狭窄，关节面光整，未见骨赘形成。"),
    ("en", "FINDINGS:\nPedicle screws at L4 and L5. Interbody cage at L4-5.\nThe L4-5 disc space is normal in height.\n"
           "IMPRESSION:\nL4-5 fusion.", "The L4-5 disc space is normal in height."),
    ("zh", "所见：\nL4、L5椎弓根螺钉内固定，L4/5椎间融合器在位。L4/5椎间隙未见狭窄。\n诊断：\n腰椎术后改变。", "L4/5椎间隙未见狭窄。"),
])
def test_a_native_joint_or_disc_described_where_an_implant_replaced_it_is_a_template_line(language, text, template):
    assert run(insertion.check, text, language) == {("insertion", template)}


@pytest.mark.parametrize("language, text", [
    ("en", "Indication: Right total hip arthroplasty.\nFindings:\nRight hip: femoral stem in neutral alignment.\n"
           "The left hip joint space is preserved with no osteophytes.\nImpression:\nWell-seated right hip arthroplasty."),
    ("en", "FINDINGS:\nInterbody cage at L5-S1.\nThe L3-4 disc space is normal in height.\nIMPRESSION:\nL5-S1 fusion."),
    ("zh", "病史：左膝关节置换术后。\n所见：\n左膝假体在位。右膝关节间隙未见狭窄，关节面光整。\n诊断：\n左膝关节置换术后。"),
])
def test_the_other_joint_or_another_level_may_still_be_called_normal(language, text):
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, template", [
    ("en", "Findings: Right frontoparietal subdural collection, 14 mm, acute-on-chronic.\nIMPRESSION:\n"
           "1. Acute-on-chronic right subdural haematoma, 14 mm.\n2. No acute intracranial abnormality.",
     "No acute intracranial abnormality."),
    ("zh", "所见：左侧基底节区见团片状高密度影，大小约3.1cm×2.4cm。\n诊断：\n左侧基底节区脑出血。\n颅内未见明显异常。", "颅内未见明显异常。"),
])
def test_the_inside_of_the_skull_called_normal_beside_the_impressions_own_brain_finding_is_a_template_line(
        language, text, template):
    """An acute-on-chronic haematoma is a fresh bleed: no chronic finding "no acute abnormality" may leave aside."""
    assert run(insertion.check, text, language) == {("insertion", template)}


def test_the_inside_of_the_skull_may_be_normal_beside_a_skull_fracture():
    text = ("Findings: Non-displaced fracture of the left parietal bone.\n"
            "IMPRESSION:\n1. Non-displaced left parietal skull fracture.\n2. No acute intracranial abnormality.")
    assert run(insertion.check, text) == set()


@pytest.mark.parametrize("language, text, template", [
    ("zh", "所见：\n右侧髌骨内侧缘见撕脱骨折块，大小约9mm×4mm。未见骨折。\n诊断：\n右髌骨内侧缘撕脱骨折。", "未见骨折。"),
    ("en", "Findings:\nDisplaced fracture of the left distal radius. No fracture.\nImpression:\nLeft distal radius fracture.",
     "No fracture."),
])
def test_a_bare_denial_beside_the_finding_it_denies_is_a_template_line(language, text, template):
    """"No fracture." names no place: it denies the fracture the findings describe, wherever it is."""
    assert run(insertion.check, text, language) == {("insertion", template)}


@pytest.mark.parametrize("text", [
    "Findings:\nC-spine: No fracture.\nChest: Fractures of the left 7th to 9th ribs.\nImpression:\nLeft rib fractures.",
    "Findings:\nAvulsion fracture of the tibial spine; no physeal fracture.\nImpression:\nTibial spine avulsion.",
])
def test_a_denial_placed_by_its_label_or_its_own_word_is_about_that_place(text):
    assert run(insertion.check, text) == set()


def test_an_organ_doing_normally_what_it_should_is_called_normal_after_its_removal_too():
    """"Involuting normally" calls the uterus normal: after a caesarean hysterectomy there is none to involute."""
    text = ("Clinical information: Day 4 after caesarean hysterectomy.\nFindings:\nRim-enhancing collection at the vaginal "
            "vault.\nThe uterus is involuting normally with a thin endometrial stripe.\nImpression:\nVault abscess.")
    assert ("insertion", "The uterus is involuting normally with a thin endometrial stripe.") in run(insertion.check, text)



def test_an_organ_enhancing_normally_says_nothing_of_a_lesion_in_it():
    """"Enhances normally" calls one property normal, as "normal in enhancement" does: no template line beside the
    lesion."""
    text = ("Findings:\nA 2.1 cm hypodense mass in the pancreatic tail. The pancreatic head enhances normally.\n"
            "Impression:\nPancreatic tail mass.")
    assert run(insertion.check, text) == set()


@pytest.mark.parametrize("language, text, intact", [
    ("en", "FINDINGS: Right parietal craniotomy with the flap in place, fixed with plates; the calvarium is intact "
           "without surgical defect. Small area of encephalomalacia in the resection bed.\n"
           "IMPRESSION: Post-operative changes.", "the calvarium is intact without surgical defect."),
    ("zh", "检查所见：右顶部颅骨钻孔术后改变，硬膜下引流管在位。双侧颅骨完整，未见骨质中断。\n诊断意见：硬膜下血肿引流术后。",
     "双侧颅骨完整"),
    ("zh", "病史：冠状动脉旁路移植术后5年。\n检查所见：桥血管通畅。胸骨完整，未见内固定。\n诊断意见：桥血管通畅。", "胸骨完整"),
])
def test_a_bone_called_intact_after_an_operation_opened_it_is_a_template_line(language, text, intact):
    """A craniotomy or a burr hole opens the skull, a sternotomy (and the coronary bypass done through one) the
    sternum: calling that bone intact is a normal template's line left in."""
    assert {f for f in run(insertion.check, text, language) if f[0] == "insertion"} == {("insertion", intact)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Right frontal burr hole. The remaining calvarium is intact.\nIMPRESSION: Post-operative changes."),
    ("en", "FINDINGS: Median sternotomy wires are intact. Grafts patent.\nIMPRESSION: Patent grafts."),
    ("zh", "检查所见：右侧额部颅骨钻孔术后改变。左侧颅骨完整。\n诊断意见：术后改变。"),
    ("en", "FINDINGS: The calvarium is intact. No intracranial haemorrhage.\nIMPRESSION: Planned craniotomy; no bleed."),
])
def test_the_rest_of_an_opened_bone_its_other_side_or_its_wires_may_be_intact(language, text):
    """The rest of the skull, the other side's, the sternotomy's wires, or a skull before an operation still to come."""
    assert {f for f in run(insertion.check, text, language) if f[0] == "insertion"} == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Post right frontal craniotomy. The skull base is intact.\nIMPRESSION: Post-operative changes."),
    ("zh", "病史：右股腘动脉搭桥术后。\n检查所见：胸骨完整。双肺未见异常。\n诊断意见：未见异常。"),
])
def test_the_skull_base_and_a_leg_bypass_leave_the_bone_rule_alone(language, text):
    """A craniotomy opens the vault, not the skull base; a bypass of a leg's artery (股腘动脉搭桥) opens no sternum."""
    assert {f for f in run(insertion.check, text, language) if f[0] == "insertion"} == set()
