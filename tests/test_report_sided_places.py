"""A sided place the impression names that the findings name only on the other side: the impression restates the
findings, so the side it alone gives is the slip, whatever finding it puts there."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, laterality
from radqc.agents.report.document import parse_report
from report_cases import run


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nBones: sclerotic lesions in L2 and the right iliac bone.\nImpression:\nSclerotic osseous "
           "metastases in L2 and the left iliac bone.", "left iliac bone"),
    ("en", "Findings:\nLeft upper lobe: 22 mm solid nodule with a halo. Right lower lobe: 9 mm nodule.\nImpression:\n"
           "Multiple nodules, the largest 22 mm in the right upper lobe with a halo sign.", "right upper lobe"),
    ("en", "Findings:\nThe right upper pulmonary vein drains into the SVC; both left pulmonary veins drain normally.\n"
           "Impression:\nPartial anomalous drainage of the left upper pulmonary vein into the SVC.",
     "left upper pulmonary vein"),
    ("zh", "所见：\n左侧声门上区见软组织肿块，累及左侧杓会厌襞。\n结论：\n声门上型喉癌，累及右侧杓会厌襞。", "右侧杓会厌襞"),
    ("zh", "所见：\n左肺下叶背段见结节伴晕征；右肺上叶见数枚小结节。\n结论：\n右肺下叶背段结节伴晕征。", "右肺下叶背段结节"),
])
def test_a_place_the_findings_name_only_on_the_other_side(language, text, evidence):
    """The findings put the lesion at the right iliac bone, the left arytenoid fold; the impression the other one."""
    assert any(kind == "laterality" and evidence in found for kind, found in run(laterality.check, text, language))


def test_a_parts_last_word_on_that_side_about_another_organ_is_no_agreement():
    """"Lungs: ... the right upper lobe" names no right thyroid lobe: the last word alone counts only in a sentence about
    the organ."""
    text = ("Findings:\nA 9 mm colloid cyst in the left thyroid lobe. Lungs: a 4 mm nodule in the right upper lobe.\n"
            "Impression:\nBenign-appearing right thyroid lobe lesion.")
    rules = {c.rule for c in laterality.check(CheckInput(parse_report(text, "en")))}
    assert "place-other-side" in rules


def test_a_place_the_findings_call_normal_on_that_side_is_no_agreement():
    """"Left maxillary ... sinuses clear" names the left maxillary sinus as normal, not as the fungal ball's."""
    text = ("Findings:\nRight maxillary sinus opacified with hyperdense material. Left maxillary and frontal sinuses "
            "clear.\nImpression:\nLeft maxillary sinus fungal ball.")
    assert ("laterality", "Left maxillary sinus fungal ball") in run(laterality.check, text)


@pytest.mark.parametrize("language, text", [
    # a change of side between priors: the findings name both
    ("en", "Findings:\nThe previous right lower lobe consolidation has resolved. New consolidation in the left lower "
           "lobe.\nImpression:\nNew left lower lobe pneumonia; resolved right lower lobe consolidation."),
    # the other side called normal or denied in the impression
    ("en", "Findings:\nLeft lower lobe consolidation. The right lung is clear.\nImpression:\nLeft lower lobe pneumonia; "
           "right lower lobe clear."),
    ("en", "Findings:\n5 mm calculus in the left renal pelvis.\nImpression:\nLeft renal calculus. No right renal "
           "calculus."),
    # a bilateral finding, larger on one side
    ("en", "Findings:\nBilateral pleural effusions, larger on the right; right lower lobe atelectasis.\nImpression:\n"
           "Bilateral effusions with right lower lobe collapse."),
    ("zh", "所见：\n左肺上叶尖后段结节，较前增大；右肺上叶结节同前。\n结论：\n左肺上叶结节增大，右肺上叶结节同前。"),
    # the impression's side named in the findings beside a function done normally, or leading a list
    ("en", "Findings:\nThe right renal artery arises from the true lumen; the left renal artery arises from the false "
           "lumen and the left kidney enhances normally.\nImpression:\nLeft renal artery supplied by the false lumen."),
    # the impression's side named in the findings by the part's last word in a sentence about its organ
    ("en", "Findings:\nBehind the lower pole of the left thyroid lobe, an 11 mm enhancing nodule.\nThyroid: a 9 mm "
           "colloid cyst in the right lobe.\nImpression:\nLeft inferior parathyroid adenoma. 9 mm cyst in the right "
           "thyroid lobe."),
    ("en", "Findings:\nBehind the left thyroid lobe, an 11 mm enhancing nodule.\nThyroid: small colloid cysts in both "
           "lobes.\nImpression:\nLeft inferior parathyroid adenoma. Colloid cysts, including the right thyroid lobe."),
    ("zh", "所见：\n左侧颈总动脉分叉及颈内动脉起始部见混合斑块，管腔重度狭窄。右侧颈内动脉起始部完全闭塞。\n结论：\n"
           "左侧颈内动脉起始部重度狭窄，右侧颈内动脉闭塞。"),
    # a place the findings name on both sides is named on each
    ("en", "Findings:\nCentrilobular emphysema in both upper lobes. A 4 mm nodule in the right upper lobe.\nImpression:\n"
           "Emphysema, most severe in the left upper lobe."),
    ("zh", "所见：\n双肺上叶见小叶中心型肺气肿。右肺上叶见一小结节，直径约4mm。\n结论：\n双肺上叶肺气肿，以左肺上叶为著。"),
])
def test_a_place_named_on_its_side_or_denied_is_silent(language, text):
    """Clean guard: the findings name the impression's side too, or the impression denies the place's finding."""
    assert run(laterality.check, text, language) == set()


# a disc herniation and the root it presses on ------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nAt L4-L5, a left paracentral disc protrusion extends 8 mm posteriorly and narrows the right "
           "lateral recess.\nImpression:\nL4-L5 left paracentral disc protrusion.", "right lateral recess"),
    ("en", "Findings:\nL4-L5: left paracentral extrusion compressing the left L5 nerve root.\nImpression:\nL4-L5 left "
           "paracentral disc extrusion compressing the right L5 traversing nerve root.", "right L5 traversing nerve root"),
    ("zh", "所见：\nL5/S1椎间盘向左后方突出，压迫右侧S1神经根。\n结论：\nL5/S1椎间盘突出。", "右侧S1神经根"),
    # the herniation's own verb or mass between it and the root
    ("en", "Findings:\nLeft paracentral disc protrusion at L4-L5, protruding posteriorly and compressing the right L5 "
           "nerve root.\nImpression:\nL4-L5 disc protrusion.", "right L5 nerve root"),
    ("zh", "所见：\nL4/5椎间盘左后方突出，突出物压迫右侧神经根。\n结论：\nL4/5椎间盘突出。", "右侧神经根"),
])
def test_a_herniation_pressing_on_the_root_of_the_other_side(language, text, evidence):
    """A paracentral or foraminal herniation reaches the lateral recess and the root of its own side."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nL5-S1: right paracentral disc protrusion compressing the right S1 nerve root.\nImpression:\n"
           "Right paracentral L5-S1 protrusion compressing the right S1 root."),
    ("en", "Findings:\nL4-5: left paracentral disc protrusion; facet hypertrophy narrows the right foramen.\n"
           "Impression:\nLeft paracentral L4-5 protrusion."),
    ("en", "Findings:\nL4-5: broad-based disc bulge, larger on the left, narrowing both lateral recesses.\n"
           "Impression:\nL4-5 disc bulge."),
    # another level's lesion, or another component with its own side, presses on the other side
    ("en", "Findings:\nLeft paracentral protrusion at L4-5, and at L5-S1 a broad-based bulge narrowing the right lateral "
           "recess.\nImpression:\nLumbar disc disease."),
    ("zh", "所见：\nL4/5椎间盘向左后突出，L5/S1椎间盘膨出致右侧椎间孔狭窄。\n结论：\n腰椎间盘病变。"),
    ("en", "Findings:\nL4-5: right paracentral protrusion and a left foraminal component compressing the left L5 root.\n"
           "Impression:\nL4-5 disc protrusion."),
    # a second herniation or disc named between them
    ("en", "Findings:\nLeft paracentral protrusion at L4-5 and a second protrusion at L5-S1 compressing the right S1 "
           "root.\nImpression:\nLumbar disc disease."),
    ("zh", "所见：\nL4/5椎间盘左后方突出，另见L5/S1突出压迫右侧神经根。\n结论：\n腰椎间盘突出。"),
])
def test_a_herniation_and_its_own_root_or_another_structure_is_silent(language, text):
    """Clean guard: the root of the herniation's side; the other side narrowed by the facet joint, or by a broad bulge."""
    assert run(laterality.check, text, language) == set()


# lesions in two lobes ------------------------------------------------------------------------------

def test_a_nodule_in_a_lobe_of_another_level_is_another_lesion():
    """The left lower lobe primary and a right upper lobe nodule are two lesions, not one with its side flipped."""
    text = ("Findings:\nLeft lower lobe primary: 22 mm -> 29 mm. A 3 mm right upper lobe nodule is unchanged.\n"
            "Impression:\nProgressive disease driven by the left lower lobe primary lesion.")
    assert run(laterality.check, text) == set()


# a CT of one limb ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, order, text, evidence", [
    ("en", "CT right knee without contrast", "Findings:\nRight knee. Split-depression fracture of the lateral tibial "
                                            "plateau.\nImpression:\nSplit-depression fracture of the left lateral tibial "
                                            "plateau (Schatzker II).", "left lateral tibial plateau"),
    ("zh", "右膝关节CT平扫", "检查所见：\n胫骨平台外侧见塌陷骨折，关节面下陷约7mm。\n诊断意见：\n左胫骨平台外侧塌陷骨折。",
     "左胫骨平台外侧塌陷骨折"),
    # the ordered joint itself or its parts, not only its bones
    ("en", "CT RIGHT KNEE", "Findings:\nLeft knee joint effusion.\nImpression:\nJoint effusion.", "Left knee joint effusion"),
    ("en", "CT RIGHT KNEE", "Findings:\nFracture of the left lateral femoral condyle.\nImpression:\nCondylar fracture.",
     "left lateral femoral condyle"),
    ("en", "CT RIGHT KNEE", "Findings:\nLeft ACL tear.\nImpression:\nACL tear.", "Left ACL tear"),
    ("zh", "右膝关节CT平扫", "检查所见：\n左膝关节积液。\n诊断意见：\n膝关节积液。", "左膝关节积液"),
])
def test_the_other_limb_in_a_ct_of_one_limb(language, order, text, evidence):
    """A CT ordered of the right knee shows the right knee only: a left tibial plateau is a slip."""
    assert ("laterality", evidence) in run(laterality.check, text, language, exam_=order)


@pytest.mark.parametrize("language, order, text", [
    ("en", "CT left foot without contrast", "Findings:\nFracture of the base of the second metatarsal (right foot not "
                                           "scanned).\nImpression:\nLisfranc injury."),
    ("en", "CT right hip without contrast", "Findings:\nRight femoral neck fracture. Left hip native, mild "
                                           "osteoarthritis.\nImpression:\nRight femoral neck fracture."),
    ("en", "CT left knee without contrast", "Findings:\nLeft knee: lateral tibial plateau fracture. Both menisci "
                                           "unremarkable.\nImpression:\nLeft lateral tibial plateau fracture."),
    # a side word giving a direction, a prior study or the patient's position, or an order of both sides
    ("zh", "右膝关节CT平扫", "检查所见：\n右胫骨平台外侧骨折，骨折线向左下方延伸。\n诊断意见：\n右胫骨平台骨折。"),
    ("en", "CT right knee without contrast", "Findings:\nComparison with the left knee radiograph of 2020. Right lateral "
                                            "tibial plateau fracture.\nImpression:\nRight tibial plateau fracture."),
    ("en", "CT right wrist without contrast", "Findings:\nPatient positioned with left arm at side. Distal right radius "
                                             "fracture.\nImpression:\nRight distal radius fracture."),
    ("en", "CT right wrist and left wrist", "Findings:\nRight distal radius fracture. Left wrist normal. Left radius "
                                           "intact.\nImpression:\nRight distal radius fracture."),
    # the other joint named as a prior study's or in the patient's position, beside the ordered side's own joint
    ("zh", "右膝关节CT平扫", "检查所见：\n与左膝关节平片对比。右股骨外侧髁骨折。\n诊断意见：\n右股骨外侧髁骨折。"),
    ("en", "CT right knee without contrast", "Findings:\nPatient positioned with the left knee flexed. Right knee joint "
                                            "effusion.\nImpression:\nRight knee joint effusion."),
])
def test_the_ordered_limb_or_a_hip_cts_pelvis_is_silent(language, order, text):
    """Clean guard: the other limb said to be outside the scan, the other hip a hip CT's field holds, and the ordered
    side throughout."""
    assert run(laterality.check, text, language, exam_=order) == set()
