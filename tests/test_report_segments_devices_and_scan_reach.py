"""What a report cannot say of the anatomy or the scan: a numbered liver segment given the lobe it is not in, an implant
put on the side the findings never describe it on, contrast filling read on a scan without contrast, and the lower end
of the spinal canal in a cervical spine CT."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, laterality
from report_cases import run


# a segment and its lobe ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nLiver: new 28 mm observation in segment 7 of the right lobe.\nImpression:\n28 mm observation in "
           "segment 7 of the left hepatic lobe: HCC.", "segment 7 of the left hepatic lobe"),
    ("en", "Findings:\nHepatic cyst in the right lobe (segments II/III).\nImpression:\nHepatic cyst.",
     "right lobe (segments II/III"),
    ("zh", "所见：\n肝右叶S2段见低密度灶，边界清。\n结论：\n肝囊肿。", "肝右叶S2段"),
])
def test_a_liver_segment_given_the_other_lobe_is_a_side_error(language, text, evidence):
    """Segments 5 to 8 make the right lobe, 2 and 3 the left: "segment 7 of the left hepatic lobe" is no place."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nLiver: cyst in segment VII of the right lobe; a second in the left lobe, segments 2/3. Segment 4 "
           "haemangioma of the left hepatic lobe.\nImpression:\nHepatic cysts."),
    ("en", "Findings:\nConsolidation in segment 6 of the left lower lobe; scarring in segment 3 of the right upper lobe."
           "\nImpression:\nLeft lower lobe pneumonia."),
    ("zh", "所见：\n肝左外叶S2、S3段及肝右后叶S7段见低密度灶。\n结论：\n肝多发囊肿。"),
    ("en", "Findings:\nLiver: cyst in the right lobe, segment 7, 2 cm, simple.\nImpression:\nHepatic cyst."),
    ("zh", "所见：\n肝右叶S7，2.5cm低密度灶。\n结论：\n肝囊肿。"),
])
def test_segments_named_with_their_own_lobe_or_a_lungs_lobe_are_silent(language, text):
    """Clean guard: each segment with its own lobe, segment 4 (left by its vessels, right of the falciform ligament)
    with either, and a lung's numbered segments, whose lobes are no liver's."""
    assert run(laterality.check, text, language) == set()


# an implant one patient has one of ---------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nRight frontal approach ventricular catheter with its tip in the frontal horn of the right lateral "
           "ventricle.\nImpression:\nVentricular enlargement with the left frontal shunt catheter in unchanged position.",
     "left frontal shunt catheter"),
    ("en", "Findings:\nPort: the reservoir lies in the right infraclavicular pocket.\nImpression:\nLeft-sided chest port "
           "with a fibrin sheath.", "Left-sided chest port"),
    ("zh", "所见：\n分流管经右额叶进入右侧侧脑室，末端位于右侧侧脑室前角。\n诊断意见：\n左侧脑室腹腔分流术后，分流管位置良好。",
     "左侧脑室腹腔分流"),
])
def test_an_implant_put_on_the_side_the_findings_never_give_it(language, text, evidence):
    """A patient has one shunt, one port: the findings say where it lies, so an impression giving the other side slips."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nRight frontal approach ventricular catheter with its tip in the right lateral ventricle.\n"
           "Impression:\nRight frontal shunt catheter in satisfactory position."),
    ("en", "Findings:\nRight frontal shunt catheter crossing the septum, its tip in the left lateral ventricle.\n"
           "Impression:\nLeft ventricular shunt catheter tip; ventricles stable."),
    ("en", "Findings:\nChest port in the right infraclavicular pocket, tip in the SVC. Small hernia at the left lower "
           "quadrant laparoscopic scar.\nImpression:\nLeft port site hernia."),
    ("zh", "所见：\n分流管经右额叶进入右侧侧脑室。\n诊断意见：\n右侧脑室腹腔分流术后。"),
])
def test_an_implant_on_its_own_side_or_described_on_both_is_silent(language, text):
    """Clean guard: the impression agrees; the findings follow the catheter across to the other side; a laparoscopic
    port site is no implanted port."""
    assert run(laterality.check, text, language) == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nRight chest port, tip in the SVC, with a small left pleural effusion.\nImpression:\nLeft chest "
           "port; small left pleural effusion.", "Left chest port"),
    ("zh", "所见：\n右侧胸壁输液港，导管尖端位于上腔静脉，左侧胸腔少量积液。\n结论：\n左侧输液港植入术后；左侧胸腔少量积液。",
     "左侧输液港"),
])
def test_an_implant_takes_no_side_from_another_finding_of_its_sentence(language, text, evidence):
    """The side of the effusion written beside the port is the effusion's: the findings give the port the right only."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nChest port with the left pleural effusion.\nImpression:\nRight chest port in satisfactory "
           "position."),
    ("zh", "所见：\n左侧胸腔积液，输液港导管尖端位于上腔静脉。\n结论：\n右侧输液港植入术后，左侧胸腔积液。"),
])
def test_an_implant_beside_a_sided_finding_is_silent(language, text):
    """Clean guard: the findings give the port no side of its own, so the impression's side contradicts nothing."""
    assert run(laterality.check, text, language) == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nTransplant kidney: right iliac fossa, 11.8 cm, mild pelvicalyceal dilatation.\nImpression:\n"
           "Mild hydronephrosis of the left iliac fossa transplant kidney.", "left iliac fossa transplant kidney"),
    ("zh", "所见：\n移植肾位于左髂窝，大小约11.5cm，肾盂轻度扩张。\n结论：\n右髂窝移植肾肾盂轻度扩张。", "右髂窝移植肾"),
    ("en", "Findings:\nEnd colostomy in the left lower quadrant with a parastomal hernia containing small bowel.\n"
           "Impression:\nParastomal hernia at the right-sided colostomy.", "right-sided colostomy"),
])
def test_a_graft_or_stoma_put_on_the_side_the_findings_never_give_it(language, text, evidence):
    """A transplanted kidney lies in one iliac fossa, a colostomy opens in one quadrant: one to a patient, like a port."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nTransplant kidney in the right iliac fossa, 11 cm. Native kidneys atrophic bilaterally, a cyst "
           "in the left.\nImpression:\nNormal right iliac fossa transplant kidney."),
    ("en", "Findings:\nRight iliac fossa renal transplant, previously in the left iliac fossa a failed graft now "
           "removed.\nImpression:\nLeft iliac fossa graft removed; functioning right renal transplant."),
])
def test_a_graft_on_its_own_side_or_after_another_graft_is_silent(language, text):
    """Clean guard: the impression agrees; a second graft in the other fossa puts both sides in the findings."""
    assert run(laterality.check, text, language) == set()


# contrast filling without contrast ----------------------------------------------------------------

@pytest.mark.parametrize("language, order, text, evidence", [
    ("en", "CT head without contrast", "Findings:\nDense coil mass at the basilar tip. No contrast filling of the aneurysm "
                                       "sac or neck is seen.\nImpression:\nCoiled aneurysm.", "contrast filling"),
    ("zh", "头颅CT平扫", "所见：\n前交通动脉区见弹簧圈高密度影。瘤腔内未见对比剂充盈。\n结论：\n动脉瘤栓塞术后。", "对比剂充盈"),
    ("zh", "冠状动脉钙化积分CT平扫", "所见：\n前降支近段点状钙化。前降支管腔对比剂充盈良好，未见狭窄。\n结论：\n冠脉钙化。",
     "对比剂充盈"),
])
def test_contrast_filling_read_on_a_scan_without_contrast(language, order, text, evidence):
    """Whether contrast fills a vessel or a coiled aneurysm (or fails to) is read only when contrast was given."""
    assert ("exam_mismatch", evidence) in run(exam.check, text, language, exam_=order)


@pytest.mark.parametrize("language, order, text", [
    ("en", "CT head without contrast", "Findings:\nCoiled aneurysm. No contrast filling of the sac was seen on the prior "
                                       "CTA.\nImpression:\nCoiled aneurysm."),
    ("en", "CT abdomen without contrast", "Findings:\nResidual contrast from this morning's angiogram fills the bladder. "
                                          "Oral contrast fills the small bowel.\nImpression:\nNo acute finding."),
    ("zh", "腹部CT平扫", "所见：\n膀胱内见造影剂残留。口服对比剂充盈小肠。\n结论：\n未见急性病变。"),
    # contrast given into the rectum or the bladder, and contrast another day's study left
    ("zh", "盆腔CT平扫", "所见：\n经肛门注入造影剂充盈直肠及乙状结肠，未见外漏。\n结论：\n未见吻合口瘘。"),
    ("en", "CT pelvis without contrast", "Findings:\nCT cystogram: contrast filling of the bladder via the urinary "
                                         "catheter, no leak.\nImpression:\nNo bladder injury."),
    ("zh", "腹部CT平扫", "所见：\n膀胱内见对比剂充盈，为昨日增强CT后排泄。\n结论：\n未见急性病变。"),
    ("en", "CT abdomen without contrast", "Findings:\nContrast filling of the bladder from Monday's CT.\n"
                                          "Impression:\nNo acute finding."),
])
def test_contrast_given_by_mouth_or_for_another_study_is_silent(language, order, text):
    """Clean guard: contrast drunk for this scan, left over from an angiogram, or seen on a prior CTA is no contrast
    given for this one."""
    assert run(exam.check, text, language, exam_=order) == set()


# the lower end of the canal in a cervical spine CT ------------------------------------------------

@pytest.mark.parametrize("language, order, text, evidence", [
    ("en", "CT myelography cervical spine", "Findings:\nSevere C5-6 canal stenosis.\nThe roots of the cauda equine are "
                                            "evenly distributed without clumping.\nImpression:\nC5-6 stenosis.",
     "The roots of the cauda equine are evenly distributed without clumping."),
    ("zh", "颈椎CT平扫", "所见：\nC5-6椎间盘突出。马尾神经分布均匀。\n结论：\nC5-6椎间盘突出。", "马尾神经分布均匀。"),
])
def test_the_cauda_equina_in_a_cervical_spine_ct(language, order, text, evidence):
    """The cord ends at L1: a CT of the cervical spine (C1 to T2) shows neither the conus nor the cauda equina."""
    assert ("exam_mismatch", evidence) in run(exam.check, text, language, exam_=order)


@pytest.mark.parametrize("language, order, text", [
    ("en", "CT myelography cervical spine", "Clinical: cauda equina syndrome excluded on MRI; hand numbness.\nTechnique: "
                                            "lumbar puncture, intrathecal contrast.\nFindings:\nSevere C5-6 canal stenosis."
                                            "\nImpression:\nC5-6 stenosis."),
    ("en", "CT lumbar spine without contrast", "Findings:\nThe conus medullaris ends at L1. The cauda equina roots are not "
                                               "clumped.\nImpression:\nNormal."),
])
def test_the_cauda_equina_in_the_history_or_a_lumbar_ct_is_silent(language, order, text):
    """Clean guard: a region named in the history or technique, and the cauda equina of a lumbar spine CT."""
    assert run(exam.check, text, language, exam_=order) == set()


# a segment of the spine in another region's CT ----------------------------------------------------

@pytest.mark.parametrize("language, order, text, evidence", [
    ("en", "CT neck with contrast", "Findings:\nEnhancing right tonsillar mass.\nNormal study of the lumbar spine, no disc "
                                    "herniation.\nImpression:\nTonsillar carcinoma.",
     "Normal study of the lumbar spine, no disc herniation."),
    ("zh", "头颅CT平扫", "所见：\n脑实质未见异常密度。\n胸椎骨质未见异常。\n结论：\n颅脑CT平扫未见异常。", "胸椎骨质未见异常。"),
])
def test_a_segment_of_the_spine_another_region_holds(language, order, text, evidence):
    """The spine runs through every region, but each segment lies at its own level: a neck CT ends above the lumbar
    spine, a head CT above the thoracic."""
    assert ("exam_mismatch", evidence) in run(exam.check, text, language, exam_=order)


@pytest.mark.parametrize("language, order, text", [
    ("en", "CT neck with contrast", "Findings:\nDegenerative change of the cervical spine. Lumbar arteries not imaged."
                                    "\nImpression:\nNo mass."),
    ("en", "CT abdomen with contrast", "Findings:\nDegenerative change of the lower thoracic and lumbar spine.\n"
                                       "Impression:\nNo acute finding."),
    ("en", "CT chest with contrast", "Findings:\nOld compression fracture of the L1 vertebra; lumbar spine otherwise "
                                     "unremarkable in view.\nImpression:\nNo acute finding."),
    ("zh", "头颅CT平扫", "所见：\n脑实质未见异常。所及上颈椎未见异常。\n结论：\n未见异常。"),
])
def test_a_segment_of_the_spine_the_scan_reaches_is_silent(language, order, text):
    """Clean guard: the segment at the scan's own level or the neighbouring one (a chest CT reaches the upper lumbar
    spine, a head CT the upper cervical)."""
    assert run(exam.check, text, language, exam_=order) == set()
