"""Children's hospital and maternal-and-child hospital habits the CT checks learned from a thirteenth author's
reports (handwritten-dev9): staging reports of one-sided childhood tumours, obstetric and neonatal wording; each test
states the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, exam, insertion, laterality, measurement, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.schemas import Case
from report_cases import findings, run


def audit(report: str, language: str = "en", sex: str = "U", exam: str | None = None,
          age: float | None = None) -> set[tuple[str, str]]:
    """What the whole offline auditor finds at the evidence verifier's bar (0.5), as (type, evidence) pairs."""
    case = Case(case_id="t", modality="ct_report", report=report, language=language, exam=exam,
                patient={"sex": sex, "age": age})
    return {(f.error_type, f.evidence) for f in findings(case) if f.confidence >= 0.5}


# spelling -----------------------------------------------------------------------------------------

def test_comparatives_present_tenses_and_a_pancreatic_cleft_are_words():
    """"denser" is dense's comparative and "displaces" the verb of "displaced"; a laceration is a "cleft"."""
    text = ("Findings: Right suprarenal mass with denser, coarser calcification; it displaces the bowel to the left. "
            "Linear low-attenuation cleft through the pancreatic neck; the collection is hazier.")
    assert run(spelling.check, text) == set()
    assert run(spelling.check, "Findings: Densr calcification.") == {("spelling", "Densr")}


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: Healing posterior rib fractures with callous formation.", {("spelling", "callous")}),
    ("en", "Findings: Dilated left ureter, in keeping with the known grade III vesicoureteric reflex. "
           "Hyperactive reflexes are clinical.", {("spelling", "vesicoureteric reflex")}),
    ("zh", "诊断意见：左侧先天性隔疝（Bochdalek疝），疝内容物为胃。", {("spelling", "隔疝")}),
    ("zh", "检查所见：前纵隔疝入少许肺组织。诊断意见：纵隔疝。", set()),
])
def test_the_sound_alikes_of_healing_bone_reflux_and_the_diaphragm(language, text, expected):
    """Callus is what a healing fracture forms (callous is unfeeling), urine refluxes (a reflex is a nerve's), and
    膈疝 is the diaphragm's hernia, which a slip of 膈 to 隔 writes 隔疝; a mediastinal hernia (纵隔疝) is a word."""
    assert run(spelling.check, text, language) == expected


# mismatch -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: Large solid mass arising from the right kidney, 12.4 cm. Left kidney 8.3 cm, normal.\n"
           "Impression: Right renal mass, most in keeping with Wilms tumour. Normal left kidney.", set()),
    ("en", "Findings: Large solid mass arising from the right kidney, 12.4 cm. Left kidney 8.3 cm, normal.\n"
           "Impression: Wilms tumour. Normal right kidney.", {("findings_impression_mismatch", "Normal right kidney.")}),
    ("zh", "检查所见：左肾区见巨大肿块，大小约10.6cm×8.9cm，边界清。右肾大小形态正常。\n"
           "诊断意见：左肾巨大占位，考虑肾母细胞瘤。右肾未见异常。", set()),
    ("zh", "检查所见：左肾区见巨大肿块，大小约10.6cm×8.9cm，边界清。右肾大小形态正常。\n"
           "诊断意见：考虑肾母细胞瘤。左肾未见异常。", {("findings_impression_mismatch", "左肾未见异常。")}),
])
def test_an_impression_calling_the_other_kidney_normal_beside_a_one_sided_tumour(language, text, expected):
    """A Wilms tumour staging impression names the contralateral kidney normal: that side's kidney, not the tumour's."""
    assert run(mismatch.check, text, language) == expected


@pytest.mark.parametrize("language, text, side_error", [
    ("zh", "影像表现：\n右侧卵巢静脉增粗，腔内见条状充盈缺损。左侧卵巢静脉显影良好，未见充盈缺损。\n影像诊断：\n左侧卵巢静脉血栓形成。",
     "左侧卵巢静脉血栓"),
    ("en", "Findings: The right ovarian vein is distended to 1.2 cm with a central filling defect up to the IVC. The left "
           "ovarian vein opacifies normally, with no filling defect.\nImpression: Left ovarian vein thrombosis extending "
           "into the IVC.", "Left ovarian vein thrombosis"),
])
def test_a_thrombosis_put_on_the_other_side_is_one_error_the_side(language, text, side_error):
    """The impression's left ovarian vein thrombosis meets the findings' normal left vein: the side slipped, the
    findings' denial of that side follows from it and is no mismatch of its own."""
    found = audit(text, language, sex="F")
    assert ("laterality", side_error) in found
    assert not {f for f in found if f[0] == "findings_impression_mismatch"}



def test_a_transition_point_is_a_mechanical_obstruction_the_impression_cannot_deny():
    """An adhesive obstruction after appendicectomy: the transition point is its sign, as pneumatosis is ischaemia's."""
    text = ("Findings: Dilated small bowel loops up to 3.4 cm with an abrupt transition point in the right lower quadrant; "
            "distal ileum collapsed.\nImpression: Generalised ileus, no mechanical obstruction.")
    assert ("findings_impression_mismatch", "no mechanical obstruction") in run(mismatch.check, text)
    text = "Findings: Dilated small bowel loops; no transition point.\nImpression: Ileus, no mechanical obstruction."
    assert run(mismatch.check, text) == set()


def test_a_large_volume_the_impression_calls_small_when_the_findings_name_it_twice_in_one_statement():
    """Ovarian hyperstimulation: "腹盆腔见大量积液，肝周、脾周及盆腔均见积液" is one statement of the ascites, whose grade the
    impression's 少量 contradicts."""
    text = ("检查所见：\n双侧卵巢明显增大，内见多发囊状低密度影。腹盆腔见大量积液，肝周、脾周及盆腔均见积液，盆腔最深约8.5cm。\n"
            "诊断意见：\n1. 双侧卵巢多囊样增大。\n2. 腹盆腔少量积液。")
    assert run(mismatch.check, text, "zh") == {("findings_impression_mismatch", "腹盆腔少量积液。")}

# insertion ----------------------------------------------------------------------------------------

def test_a_de_identified_header_is_no_template_placeholder_and_an_unfilled_cross_field_is():
    """A hospital header prints the patient's identifiers, which a shared report writes as asterisks; a field the
    reporter left as crosses ("××××") is the template's own placeholder. A place name written "××市" is neither."""
    text = ("姓名：***　性别：女　年龄：8岁　门诊号：***\n检查项目：全腹部CT平扫\nCT表现：\n阑尾增粗，直径约10mm。\n"
            "诊断：\n急性阑尾炎。")
    assert run(insertion.check, text, "zh") == set()
    text = ("××市儿童医院 CT报告\n检查所见：\n心脏位置正常。心脏各房室大小：××××。主动脉弓峡部局限性狭窄。\n"
            "诊断意见：\n主动脉弓峡部缩窄。")
    assert run(insertion.check, text, "zh") == {("insertion", "××××")}
    text = "Name: ***  MRN: ***\nFindings: No [***] is identified.\nImpression: Normal."
    assert run(insertion.check, text) == {("insertion", "[***]")}



@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：左肺下叶内后方见一三角形软组织密度影，大小约3.6cm×2.5cm。左肺下叶支气管及肺血管走行正常，未见受压。", set()),
    ("zh", "检查所见：右肱骨髁上见横行骨折线。肱骨小头及内上髁骨化中心位置未见异常。", set()),
    ("zh", "检查所见：左肺下叶内后方见一三角形软组织密度影，大小约3.6cm×2.5cm。左肺未见异常。",
     {("insertion", "左肺未见异常。")}),
])
def test_a_normal_course_or_position_says_nothing_of_a_lesion(language, text, expected):
    """走行正常 (the course of the bronchi and vessels) and 位置未见异常 (the ossification centres' position) are properties,
    as a normal size is; calling the lung itself normal beside its lesion is the template's line."""
    assert run(insertion.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：子宫增大，宫腔内见积血。左侧子宫动脉显示正常，未见对比剂外溢。", set()),
    ("zh", "检查所见：子宫增大，宫腔内见积血。宫腔内未见异常强化团块。", set()),
    ("zh", "检查所见：左肾静脉增粗，腔内见充盈缺损，延伸至下腔静脉肝下段，长约3.5cm，充盈缺损有强化。肝脾未见异常强化灶。", set()),
    ("zh", "检查所见：左肾区见巨大肿块，大小约10.6cm×8.9cm。增强后不均匀强化，低于正常肾实质。", set()),
    ("zh", "检查所见：子宫增大，宫腔内见积血。子宫未见异常。", {("insertion", "子宫未见异常。")}),
    ("zh", "检查所见：肝右叶见低密度结节，大者约1.6cm。肝内未见异常强化灶。", {("insertion", "肝内未见异常强化灶。")}),
])
def test_a_vessel_a_denied_focus_or_a_comparison_with_normal_tissue_calls_no_organ_normal(language, text, expected):
    """The uterine artery normal is not the uterus; "no enhancing mass or focus" denies focal lesions, not blood or a
    vein's thrombus; "lower than normal renal parenchyma" describes the tumour. A focal denial still meets a nodule."""
    assert run(insertion.check, text, language) == expected


@pytest.mark.parametrize("text, expected", [
    ("Findings: Multiloculated cystic lesion in the left lower lobe. Mild mass effect with slight rightward mediastinal "
     "shift.\nMediastinum: Thymus normal for age.\nImpression: CPAM.", set()),
    ("Findings: Left kidney enlarged (11.2 cm) with a striated nephrogram. In the upper pole there is a 2.4 cm "
     "collection, consistent with a renal abscess.\nRight kidney 9.8 cm, normal.\nImpression: Left renal abscess.", set()),
    ("Findings: Left kidney enlarged (11.2 cm) with a striated nephrogram. In the upper pole there is a 2.4 cm "
     "collection, consistent with a renal abscess.\nBoth kidneys normal.\nImpression: Left renal abscess.",
     {("insertion", "Both kidneys normal.")}),
])
def test_a_labelled_organ_and_an_unsided_sentence_after_a_sided_one(text, expected):
    """"Mediastinum: Thymus normal" speaks of the thymus, filed under the mediastinum; a sentence going on about the left
    kidney's upper pole is the left kidney's, which the right kidney's normal line does not deny."""
    assert run(insertion.check, text) == expected


def test_a_haemoperitoneum_is_free_fluid_which_a_peritoneum_line_cannot_deny():
    """British "haemoperitoneum" was no word of the lexicon (the American one was free fluid); "Peritoneum: No free
    fluid" named the peritoneum as a place apart from the fluid in the hepatorenal pouch."""
    text = ("Findings:\nHaemoperitoneum: Moderate fluid in the hepatorenal pouch, both paracolic gutters and pelvis (35 HU)."
            "\nPeritoneum: No free fluid or free intraperitoneal gas.\nImpression:\nModerate haemoperitoneum.")
    assert run(insertion.check, text) == {("insertion", "Peritoneum: No free fluid or free intraperitoneal gas.")}
    assert run(omission.check, text) == set()
    # Lymph nodes are sited by their station, unlike free fluid: the mediastinum's are not the axilla's.
    text = ("Findings:\nTwo enlarged left axillary nodes, up to 1.8 cm short axis.\nMEDIASTINUM/HILA: No lymphadenopathy."
            "\nImpression:\nLeft axillary lymphadenopathy.")
    assert run(insertion.check, text) == set()

# exam ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, exam_, text, expected", [
    ("zh", "右肘关节CT平扫+三维重建", "检查所见：右肱骨髁上见横行骨折线。右肘关节腔积液。右膝关节诸骨未见骨折，关节间隙未见狭窄。\n"
                               "诊断意见：右肱骨髁上骨折。", {("exam_mismatch", "右膝关节诸骨未见骨折，关节间隙未见狭窄。")}),
    ("zh", "右膝关节CT平扫", "检查所见：右侧胫骨平台外侧见骨折线。距骨穹窿关节面光整，踝穴对位良好。膝关节腔积液。\n诊断意见：胫骨平台骨折。",
     {("exam_mismatch", "距骨穹窿关节面光整，踝穴对位良好。")}),
    ("en", "CT right elbow without contrast", "Findings: Supracondylar fracture of the right humerus. Elbow joint "
                                             "effusion. The knee joint is normal.\nImpression: Supracondylar fracture.",
     {("exam_mismatch", "The knee joint is normal.")}),
    ("en", "CT left ankle without contrast", "Findings: Weber B fracture of the distal fibula; medial malleolar fracture. "
                                            "Talar dome intact.\nImpression: Trimalleolar ankle fracture.", set()),
    ("en", "CT pelvis and both hips", "Findings: Right femoral neck fracture. Left hip normal. Knee not imaged.", set()),
    # the calcaneus and its Böhler angle are in an ankle CT's field, no wrist CT's
    ("en", "CT left wrist without contrast", "Findings: Scaphoid waist fracture. Böhler angle measures 14 degrees.\n"
                                            "Impression: Scaphoid fracture.",
     {("exam_mismatch", "Böhler angle measures 14 degrees.")}),
    ("zh", "右腕关节CT平扫", "检查所见：右舟骨腰部骨折。跟骨未见骨折。\n诊断意见：右舟骨骨折。", {("exam_mismatch", "跟骨未见骨折。")}),
    ("en", "CT right ankle without contrast", "Findings: Lateral malleolar fracture. Calcaneus intact; Böhler angle 30 "
                                             "degrees.\nImpression: Lateral malleolar fracture.", set()),
])
def test_a_joint_ct_shows_no_other_joint(language, exam_, text, expected):
    """A limb CT is ordered for one joint; another joint's sentence was copied from another report. The ankle's own
    parts are the ankle's, a second joint ordered or one said to lie outside the scan no mismatch."""
    assert run(exam.check, text, language, exam_=exam_) == expected


def test_an_order_naming_only_a_joint_is_read():
    """"CT right elbow" names no region of the trunk nor contrast: read as nothing, it gave way to the technique line."""
    assert exam.read_order("CT right elbow").joints == {"elbow"}
    assert exam.read_order("右膝关节CT").joints == {"knee"}


def test_a_passage_of_another_region_is_one_error():
    """A head and C-spine CT with a trauma abdomen template's line: its two sentences are one copied passage."""
    text = ("Head: No intracranial haemorrhage.\nC-spine: No fracture.\nThe liver and spleen are intact; no free fluid in "
            "the pelvis.\n\nImpression:\nNo acute intracranial injury.")
    assert run(exam.check, text, exam_="CT head and cervical spine without contrast") == {
        ("exam_mismatch", "The liver and spleen are intact; no free fluid in the pelvis.")}

def test_the_fourth_ventricle_of_a_shunt_ct_is_the_brain_s():
    """A head CT's ventricles are the brain's; "ventricle" alone was the heart's, another region."""
    text = ("Findings: The lateral and third ventricles have enlarged. The fourth ventricle is small, as before. Right "
            "frontal horn catheter tip.\nImpression: Shunt malfunction.")
    assert run(exam.check, text, exam_="CT head without contrast") == set()


# measurement --------------------------------------------------------------------------------------

def measured(text: str, language: str = "en", age: float | None = None) -> set[tuple[str, str]]:
    found = measurement.check(CheckInput(parse_report(text, language), age=age))
    return {(c.error_type, text[c.start:c.end]) for c in found if c.confidence >= 0.5}


def test_a_child_s_body_bounds_its_measurements():
    """A neonate's chest is about 10 cm across: a 25 cm diaphragmatic defect is a dropped decimal point, which an
    adult's report could write of a hernia. A five-month-old's head is 16 cm long, as the infant's body allows."""
    text = "检查所见：左侧膈肌后外侧部连续性中断，缺损宽约25cm，胃泡疝入左侧胸腔。\n诊断意见：左侧先天性膈疝。"
    assert measured(text, "zh", age=0) == {("measurement", "25cm")}
    assert measured(text, "zh", age=40) == set() and measured(text, "zh") == set()
    assert ("measurement", "25cm") in audit(text, "zh", age=0)  # the case's age reaches the check
    text = ("Findings: Sagittal synostosis. Biparietal diameter 10.9 cm, occipitofrontal diameter 16.0 cm.\n"
            "Impression: Sagittal synostosis.")
    assert measured(text, age=0) == set()


@pytest.mark.parametrize("text, expected", [
    ("Findings: At the vaginal vault a rim-enhancing collection measuring 7.0 x 5.2 x 6.1 cm, estimated volume 1,100 mL.",
     {("measurement", "1,100 mL")}),
    ("Findings: Bladder flap haematoma, 6.2 x 3.4 x 5.0 cm (estimated volume about 55 mL).", set()),
    ("Findings: Right kidney: 21.0 x 11.0 x 10.0 cm (L x W x D), ellipsoid volume 1209 mL.", set()),
])
def test_a_volume_is_held_to_the_ellipsoid_of_the_axes_beside_it(text, expected):
    """pi/6 of the axes' product: a volume ten times it is a slipped decimal point, one near it an estimate, and a
    thousand written with a comma is a thousand, not the 100 after it."""
    assert measured(text) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: Maximal internal transverse diameter 24.6 cm, minimal anteroposterior distance 8.0 cm; Haller "
           "index 4.1.", {("measurement", "Haller index 4.1")}),
    ("zh", "检查所见：胸廓最大内横径约23.4cm，胸骨后缘至椎体前缘最短距离约6.5cm，Haller指数约3.6。", set()),
    ("en", "Findings: Biparietal diameter 10.9 cm, occipitofrontal diameter 16.0 cm; cephalic index 68.", set()),
    ("en", "Findings: Biparietal diameter 10.9 cm, occipitofrontal diameter 16.0 cm; cephalic index 86.",
     {("measurement", "cephalic index 86")}),
    ("zh", "影像所见：双侧侧脑室及第三脑室较前扩大，Evans指数约4.2（前次约0.31）。", {("measurement", "Evans指数约4.2")}),
    ("zh", "影像所见：双侧侧脑室大小较前相仿，Evans指数约0.33。心胸比约55%。", set()),
])
def test_an_index_is_held_to_what_it_divides(language, text, expected):
    """Evans' index and the cardiothoracic ratio are shares, below one; the Haller index is the chest's width by its
    depth and the cephalic index the head's breadth by its length in per cent, from the two lengths written before it."""
    assert measured(text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：膀胱子宫间隙见混杂密度积液，现大小约6.8cm×4.2cm（前次约4.2cm×3.0cm），壁轻度强化。\n"
           "诊断意见：剖宫产术后，子宫切口前方血肿，大小约4.2cm×3.0cm，较前增大。", {("measurement", "大小约4.2cm×3.0cm")}),
    ("zh", "检查所见：膀胱子宫间隙见混杂密度积液，现大小约6.8cm×4.2cm（前次约4.2cm×3.0cm），壁轻度强化。\n"
           "诊断意见：剖宫产术后，子宫切口前方血肿，大小约6.8cm×4.2cm（前次约4.2cm×3.0cm），较前增大。", set()),
    ("en", "Findings: Cystic lesion in the pancreatic head measuring 1.8 cm, previously 1.6 cm.\n"
           "Impression: Slowly growing 1.8 cm branch-duct IPMN (1.6 cm a year ago).", set()),
])
def test_an_impression_keeping_the_prior_study_s_size(language, text, expected):
    """The impression copied forward gives the size the findings mark as the prior's, beside a present one; giving
    the prior's size as such, in a comparison, is no slip."""
    assert measured(text, language) == expected



# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "CT表现：\n左侧附件区见囊实性肿块，大小约7.6cm×6.2cm，内见脂肪密度及牙齿样钙化。肿块与左侧卵巢关系密切，左侧卵巢未见正常形态。\n"
           "诊断：\n左侧卵巢成熟性囊性畸胎瘤，目前未见扭转征象。"),
    ("en", "Report:\nFusiform dilatation of the extrahepatic common bile duct to 3.2 cm over a length of 5.5 cm. Mild "
           "dilatation of the central right and left hepatic ducts.\nConclusion:\nFusiform choledochal cyst (Todani type IC)."),
    ("en", "Findings:\nPrimary: Right suprarenal mass now 3.4 x 2.8 x 3.0 cm (previously 8.2 x 6.7 x 7.1 cm).\n"
           "Impression:\nPartial response: right adrenal primary 3.4 cm (from 8.2 cm); regressing liver metastases."),
    ("en", "Findings:\nLiver: Segment VI metastasis 0.6 cm (was 1.8 cm); the segment VIII lesion is no longer seen.\n"
           "Impression:\nRegressing liver metastases."),
    ("zh", "检查所见：\n左肾区见巨大肿块，大小约10.6cm×8.9cm。肿块推压胰尾及脾静脉向前移位，腹主动脉受压右移。\n"
           "诊断意见：\n左肾巨大占位，考虑肾母细胞瘤。"),
    ("en", "Findings:\nRim-enhancing fluid collection in the right pelvis, 4.1 x 3.2 x 3.6 cm.\nBLADDER: Normal. Mild mass "
           "effect from the collection.\nImpression:\nPerforated appendicitis with a 4.1 cm pelvic abscess."),
    ("zh", "所见：\n右侧肾上腺区见不规则软组织肿块，大小约4.8cm×3.9cm。肿块包绕右肾动脉约270°，下腔静脉受压变扁，右肾受推压向外下"
           "移位，右肾实质强化未见异常。\n结论：\n右侧肾上腺区占位伴钙化，考虑神经母细胞瘤。"),
    ("zh", "检查所见：\n右侧子宫动脉分支见对比剂外溢。双侧卵巢静脉稍增粗，为产后改变，未见充盈缺损。\n诊断意见：\n右侧子宫动脉分支活动性出血。"),
    ("en", "Findings:\nLarge anterior mediastinal mass, 11.3 cm.\nHila: Without intravenous contrast, hilar lymphadenopathy "
           "cannot be separated from vessels.\nImpression:\nLarge anterior mediastinal mass, most likely lymphoma."),
])
def test_what_the_impression_sums_up_in_a_children_s_or_obstetric_report(language, text):
    """A teratoma is the adnexal mass, a choledochal cyst the duct's dilatation (the hepatic ducts are bile ducts), a
    size restated the mass it measures, whatever the impression calls it; a metastasis no longer seen is gone; a mass
    pushing the pancreas is not the pancreas's, nor one beside a kidney a later clause calls normal; a mass effect from the collection follows from the abscess; prominent
    postpartum ovarian veins are benign; nodes that cannot be told from vessels are not seen."""
    assert run(omission.check, text, language) == set()


def test_a_duct_dilated_over_a_length_and_the_hepatic_ducts_beside_a_normal_liver():
    """The hepatic ducts are bile ducts, not the liver; a dilated segment's length is no calibre of the duct."""
    text = ("Report:\nFusiform dilatation of the extrahepatic common bile duct to 3.2 cm over a length of 5.5 cm. Mild "
            "dilatation of the central right and left hepatic ducts (up to 6 mm).\nLiver, spleen and kidneys normal.\n"
            "Conclusion:\nFusiform choledochal cyst.")
    assert measured(text) == set()
    assert run(insertion.check, text) == set()
    assert run(insertion.check, "检查所见：左右肝管轻度扩张，约6mm。肝脏未见异常。\n诊断意见：胆总管囊肿。", "zh") == set()


def test_a_suprarenal_mass_is_the_adrenal_s():
    text = "Findings: Right suprarenal mass, 7.3 x 5.8 cm, with coarse calcification.\nImpression: Normal adrenal glands."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "Normal adrenal glands.")}


# laterality ---------------------------------------------------------------------------------------

def test_a_lesion_the_findings_place_on_the_impression_s_side_by_another_name_of_the_place():
    """The lymphatic malformation lies in the left posterior triangle, which the impression calls the left neck; the small
    right cervical nodes are another finding, and the bleeding into the cysts takes no side of its own."""
    text = ("所见：\n左侧颈后三角区见多房囊性病变，大小约6.3cm×4.8cm，部分囊腔内见液-液平面。右侧颈部见数枚小淋巴结，短径小于0.5cm。\n"
            "结论：\n左侧颈部多房囊性病变，考虑淋巴管畸形（巨囊型）伴囊内出血。")
    assert run(laterality.check, text, "zh") == set()
    text = "所见：\n左侧颞部颅板下见梭形高密度影，最厚约1.4cm。\n印象：\n右侧颞部硬膜外血肿。"
    assert ("laterality", "右侧颞部硬膜外血肿") in run(laterality.check, text, "zh")
    # A contusion on the impression's side is another lesion than its subdural haematoma.
    text = ("所见：\n右侧额颞部颅骨内板下见新月形高密度影，最厚约1.2cm。左侧额叶见小片状高密度影（挫伤可能）。\n"
            "印象：\n左侧额颞部急性硬膜下血肿。左额叶脑挫裂伤。")
    assert ("laterality", "左侧额颞部急性硬膜下血肿") in run(laterality.check, text, "zh")



def test_an_impression_size_of_the_lesion_it_moved_to_the_other_side_is_the_side_s_error():
    """The impression's right lower lobe CPAM of 4.6 cm is the findings' left lower lobe lesion of 4.6 cm: the side
    slipped (laterality), not the size, which the lesion's largest cyst of 2.1 cm does not measure."""
    text = ("FINDINGS:\nLungs: Multiloculated cystic lesion in the left lower lobe measuring 4.6 x 3.8 x 4.2 cm. Largest cyst "
            "2.1 cm, with multiple smaller cysts.\nIMPRESSION:\n1. Macrocystic lesion of the right lower lobe, 4.6 cm, "
            "most consistent with CPAM.")
    assert measured(text) == set()


def test_an_impression_restating_a_collection_s_axes_reports_it():
    text = ("检查所见：\n子宫下段切口前方膀胱子宫间隙见混杂密度积液，现大小约6.8cm×4.2cm（前次约4.2cm×3.0cm），CT值约40-62HU。\n"
            "诊断意见：\n剖宫产术后，子宫切口前方血肿，大小约6.8cm×4.2cm，较前增大。")
    assert run(omission.check, text, "zh") == set()


@pytest.mark.parametrize("impression, expected", [
    ("1. 妊娠晚期，宫内单胎。\n2. 盆腔少量积血。", {("omission", "脾脏下极见不规则线状低密度影，深约2.5cm，脾周见新月形稍高密度积血。")}),
    ("1. 脾挫裂伤伴脾周血肿。\n2. 盆腔少量积血。", set()),
])
def test_blood_in_the_pelvis_is_a_haemoperitoneum_which_sums_up_no_splenic_laceration(impression, expected):
    """盆腔积血 is free blood, as "haemoperitoneum" is; read as a haemorrhage of no organ, it stood for the spleen's
    laceration and the blood around it, which a pregnant trauma patient's impression left out."""
    text = ("CT所见：\n脾脏下极见不规则线状低密度影，深约2.5cm，脾周见新月形稍高密度积血。子宫增大，宫内见单胎。"
            "盆腔见少量积血，CT值约42HU。\n诊断意见：\n" + impression)
    assert run(omission.check, text, "zh") == expected
