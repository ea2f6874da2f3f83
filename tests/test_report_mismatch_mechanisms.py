"""Findings/impression mismatches the impression makes by a mechanism rather than a word: a haemorrhage put in
another compartment than the findings', a grade read against the statement of another organ of the same tract,
and a liver diagnosis the described enhancement rules out; in English and Chinese, with the wordings that must
stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Left convexity subdural haematoma, 8 mm thick. No midline shift.\n"
           "IMPRESSION: Left epidural haematoma.", "Left epidural haematoma"),
    ("en", "FINDINGS: Blood in the suprasellar cistern and right sylvian fissure: subarachnoid haemorrhage. "
           "Ventricles normal.\nIMPRESSION: Acute subdural haemorrhage.", "subdural haemorrhage"),
    ("zh", "检查所见：右侧额颞部硬膜外见梭形血肿，厚约1.2cm，中线结构居中。\n诊断意见：右侧额颞部硬膜下血肿。", "血肿"),
])
def test_a_haemorrhage_in_another_compartment_is_another_diagnosis(language, text, evidence):
    assert any(rule == "other-compartment" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left convexity subdural haematoma, 8 mm thick.\nIMPRESSION: Left subdural haematoma."),
    # the space holding the findings' compartment, and the parenchyma's lobes, which are places, not diagnoses
    ("en", "FINDINGS: Left convexity subdural haematoma, 8 mm thick.\nIMPRESSION: Left extra-axial haematoma."),
    ("en", "FINDINGS: Haemorrhage in the left frontal lobe, 3 cm.\nIMPRESSION: Left frontoparietal haemorrhage."),
    ("zh", "检查所见：右侧额颞部硬膜外见梭形血肿，厚约1.2cm。\n诊断意见：右侧额颞部硬膜外血肿。"),
])
def test_a_haemorrhage_in_the_findings_compartment_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"other-compartment"}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：左肾盂肾盏明显扩张积水。左输尿管上段见一结石，大小约6mm，其上方输尿管扩张。\n"
           "诊断意见：1.左输尿管上段结石；2.左肾轻度积水。", "左肾轻度积水。"),
])
def test_a_grade_is_read_against_its_own_organ_not_the_tract_beside_it(language, text, evidence):
    assert ("severity", evidence) in flagged(text, language)


def test_grades_of_statements_naming_no_organ_stay_open():
    """Two vessels graded apart in two sentences, one naming no organ: no single statement to hold the grade to."""
    text = ("检查所见：前降支近段见混合斑块，管腔中度狭窄（约50%-69%）。右冠状动脉中段见钙化斑块，管腔轻度狭窄。\n"
            "诊断意见：前降支近段混合斑块，管腔中度狭窄；右冠状动脉中段钙化斑块，管腔轻度狭窄。")
    assert not {r for r, _ in flagged(text, "zh")} & {"severity"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Cirrhotic liver. A 2.4 cm segment 7 liver lesion shows peripheral nodular enhancement in the arterial "
           "phase with centripetal fill-in on delayed images; no washout.\n"
           "IMPRESSION: Segment 7 hepatocellular carcinoma.", "hepatocellular carcinoma"),
    ("en", "FINDINGS: A 3 cm segment 4 liver lesion with arterial phase hyperenhancement and washout on the portal "
           "venous phase.\nIMPRESSION: Segment 4 hepatic haemangioma.", "haemangioma"),
    ("zh", "检查所见：肝S5见一低密度灶，大小约2.6cm，动脉期边缘见结节状强化，延迟期逐渐向中心填充，未见廓清。\n"
           "诊断意见：肝S5肝细胞癌（LR-5）。", "肝细胞癌（LR-5"),
    ("zh", "检查所见：肝右叶见一肿块，大小约3.1cm，动脉期明显强化，门脉期廓清。\n诊断意见：肝右叶血管瘤。", "血管瘤"),
])
def test_a_liver_diagnosis_its_enhancement_rules_out(language, text, evidence):
    assert ("liver-enhancement", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: A 2.4 cm segment 7 liver lesion shows peripheral nodular enhancement with centripetal "
           "fill-in.\n"
           "IMPRESSION: Segment 7 haemangioma."),
    # washout in the liver says nothing of a vertebral haemangioma, and two observations described apart
    ("en", "FINDINGS: A 3 cm segment 4 liver lesion with arterial phase hyperenhancement and washout. T12 vertebral "
           "body haemangioma.\nIMPRESSION: Segment 4 LR-5 observation. T12 vertebral haemangioma."),
    ("en", "FINDINGS: Right adrenal nodule, 8 HU unenhanced. Absolute washout 70%. A 1 cm peripheral liver lesion.\n"
           "IMPRESSION: Right adrenal adenoma. Hepatic haemangioma."),
    ("zh", "检查所见：肝S8见肿块，动脉期明显强化，门脉期廓清。肝S2见小结节，动脉期边缘结节状强化，延迟期向中心填充。\n"
           "诊断意见：肝S8肝细胞癌；肝S2血管瘤。"),
    # the carcinoma as what a cirrhotic liver is watched for, or as the patient's past, diagnoses no lesion
    ("en", "FINDINGS: Cirrhotic liver. A 2.1 cm segment 6 lesion shows peripheral nodular enhancement with centripetal "
           "fill-in on delayed images, no washout.\n"
           "IMPRESSION: 1. Segment 6 haemangioma. 2. Cirrhosis; continue HCC surveillance every 6 months."),
    ("en", "FINDINGS: A 1.5 cm segment 2 lesion with peripheral nodular enhancement filling in centripetally; no washout.\n"
           "IMPRESSION: Haemangioma in a patient with a history of treated HCC."),
    ("zh", "检查所见：肝硬化。肝S6见一结节，动脉期边缘结节状强化，延迟期逐渐向中心填充，未见廓清。\n"
           "诊断意见：肝S6血管瘤；肝硬化，建议继续肝癌筛查。"),
])
def test_liver_diagnoses_their_enhancement_allows_stay_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"liver-enhancement"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Target 1, left axillary node: 2.8 cm (interim 1.1 cm).\nNew lesions: New 1.6 cm left external "
           "iliac node.\nIMPRESSION: Continued response; no evidence of progression.", {"no evidence of progression"}),
    ("en", "FINDINGS: Liver: a new 12 mm hypodense mass in segment 6. Lungs clear.\n"
           "IMPRESSION: No progressive disease.", {"No progressive disease"}),
    ("zh", "检查所见：肝S6新发结节，约1.2cm，增强呈环形强化。\n诊断意见：与前片比较未见明显进展。", {"未见明显进展"}),
    ("zh", "检查所见：肝S6新增结节，约1.2cm，增强呈环形强化。\n诊断意见：与前片比较未见明显进展。", {"未见明显进展"}),
    # no new lesion, a new finding the findings hedge or call benign, and no denial of progression
    ("en", "FINDINGS: Target 1: 2.0 cm.\nNew lesions: None.\nIMPRESSION: No evidence of progression.", set()),
    ("en", "FINDINGS: No new lesions. New small simple cyst of the right kidney.\nIMPRESSION: No evidence of progression.",
     set()),
    ("en", "FINDINGS: New 4 mm nodule in the right lower lobe, possibly inflammatory.\n"
           "IMPRESSION: No evidence of progression.", set()),
    ("zh", "检查所见：肝内未见新发结节。\n诊断意见：未见明显进展。", set()),
    ("en", "FINDINGS: New 1.5 cm hypodense lesion in segment 6 of the liver.\nIMPRESSION: Marked response.", set()),
])
def test_progression_denied_beside_a_new_lesion(language, text, evidence):
    """No rule held an impression's denial of progression to a new lesion the findings describe (RECIST 1.1)."""
    assert {found for rule, found in flagged(text, language) if rule == "progression-denied"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Appendix: normal calibre (6 mm), no periappendiceal stranding. Terminal ileum: mural thickening "
           "with mucosal hyperenhancement.\nIMPRESSION: Acute appendicitis.", {"appendicitis"}),
    ("zh", "检查所见：阑尾未见异常。回肠末段肠壁增厚，周围脂肪间隙模糊。\n诊断意见：急性阑尾炎。", {"阑尾炎"}),
    # the organ's own abnormality, and a normal statement about the region only
    ("en", "FINDINGS: Appendix: dilated to 11 mm with periappendiceal stranding. Terminal ileum normal.\n"
           "IMPRESSION: Acute appendicitis.", set()),
    ("en", "FINDINGS: Terminal ileum: mural thickening. Abdomen otherwise unremarkable.\nIMPRESSION: Acute appendicitis.",
     set()),
    # the other side's organ called normal, and an organ the finding only defaults to (a fracture's bone)
    ("en", "FINDINGS: 6 mm calculus in the proximal right ureter with mild hydroureteronephrosis. Left kidney "
           "unremarkable.\nIMPRESSION: Obstructing right ureteric calculus with mild hydronephrosis.", set()),
    ("en", "FINDINGS: Fractures of the left orbital floor and zygomatic arch. Nasal bones intact.\n"
           "IMPRESSION: Displaced left ZMC fracture.", set()),
])
def test_a_disease_moved_from_a_neighbouring_organ_into_one_the_findings_clear(language, text, evidence):
    """A related abnormality of another organ of the family (the terminal ileum's) hid the findings' normal
    statement of the impression's own organ (the appendix's)."""
    assert {found for rule, found in flagged(text, language) if rule == "findings-normal"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：双肺胸膜下网格影、磨玻璃影，伴牵拉性支气管扩张，范围较前增大。\n诊断意见：双肺间质性病变，较前好转。",
     {"双肺间质性病变，较前好转"}),
    ("zh", "检查所见：右肺下叶实变影较前吸收减少。\n诊断意见：右肺病变较前进展。", {"右肺病变较前进展"}),
    ("en", "FINDINGS: Right lower lobe consolidation has increased in extent.\nIMPRESSION: Right lung lesions, improved.",
     {"Right lung lesions, improved"}),
    # the same way, and findings whose abnormalities changed apart
    ("zh", "检查所见：双肺胸膜下网格影、磨玻璃影，伴牵拉性支气管扩张，范围较前增大。\n诊断意见：双肺间质性病变，较前进展。", set()),
    ("zh", "检查所见：双肺网格影较前增多，磨玻璃影较前吸收。\n诊断意见：双肺间质性病变，较前好转。", set()),
])
def test_an_organs_disease_named_generically_changes_as_its_findings_do(language, text, evidence):
    """A generic word for the organ's disease ("间质性病变") found no findings statement of the same word, so its
    change was held to nothing."""
    assert {found for rule, found in flagged(text, language) if rule == "change-direction"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # a solid part or an enhancing mural nodule in the organ the impression calls simply cystic
    ("zh", "检查所见：右侧附件区见一囊实性肿块，约9cm，内见壁结节，实性部分增强扫描明显强化。\n诊断意见：右侧附件区单纯囊肿。", {"单纯囊肿"}),
    ("zh", "检查所见：胰体部见多房囊性病灶，约3.6cm，与主胰管相通，囊内见强化壁结节约7mm。\n诊断意见：胰体部囊性病变，考虑浆液性囊腺瘤。",
     {"浆液性囊腺瘤"}),
    ("en", "FINDINGS: Pancreatic body cyst, 3 cm, with an enhancing 6 mm mural nodule.\n"
           "IMPRESSION: Pancreatic body cyst, no high-risk stigmata.", {"no high-risk stigmata"}),
    # an aggressive bone lesion called a bone cyst or an enchondroma
    ("en", "FINDINGS: Lesion in the left distal femur with chondroid matrix, a focal cortical breach and a small "
           "soft-tissue component.\nIMPRESSION: Benign-appearing enchondroma of the left distal femur.", {"enchondroma"}),
    ("zh", "检查所见：左侧胫骨近端骨质破坏，见Codman三角及日光状骨膜反应。\n诊断意见：左胫骨近端骨囊肿。", {"骨囊肿"}),
    # no solid part, a nodule in another organ or on the other side, a benign bone lesion, an aneurysmal bone cyst
    ("en", "FINDINGS: Right ovary: 4 cm thin-walled cyst without enhancing nodule or solid component.\n"
           "IMPRESSION: Right ovarian simple cyst.", set()),
    ("en", "FINDINGS: Left kidney: cystic mass with an enhancing mural nodule. Right kidney: a 2 cm cyst.\n"
           "IMPRESSION: Left renal cystic mass, Bosniak IV. Right renal simple cyst.", set()),
    ("zh", "检查所见：肝内见一囊性灶，约2cm，未见强化。胰头见一强化结节，约1.5cm。\n诊断意见：肝单纯囊肿；胰头结节。", set()),
    ("en", "FINDINGS: Lesion in the proximal humerus with chondroid matrix, mild endosteal scalloping, intact cortex.\n"
           "IMPRESSION: Enchondroma.", set()),
    ("en", "FINDINGS: Expansile lytic lesion with fluid levels, cortical thinning and a Codman triangle.\n"
           "IMPRESSION: Aneurysmal bone cyst.", set()),
    # a renal mass with macroscopic fat and no calcification is an angiomyolipoma, not a carcinoma
    ("zh", "检查所见：左肾下极见一混杂密度肿块，约3.8cm，内见成片脂肪密度，CT值约-45HU，未见钙化。\n诊断意见：左肾占位，考虑肾透明细胞癌。",
     {"肾透明细胞癌"}),
    ("en", "FINDINGS: Right kidney: 3 cm exophytic mass with macroscopic fat (-60 HU), no calcification.\n"
           "IMPRESSION: Right renal cell carcinoma.", {"renal cell carcinoma"}),
    # fat beside calcification, fat in the other kidney, and a mass without fat
    ("en", "FINDINGS: Right kidney: 5 cm mass with fat attenuation and coarse calcification.\n"
           "IMPRESSION: Right renal cell carcinoma.", set()),
    ("en", "FINDINGS: Left kidney: 1 cm lesion with macroscopic fat. Right kidney: 4 cm heterogeneously enhancing mass.\n"
           "IMPRESSION: Right renal cell carcinoma. Left renal angiomyolipoma.", set()),
    ("zh", "检查所见：右肾见一肿块，约4cm，增强后不均匀强化，未见脂肪密度。\n诊断意见：右肾癌。", set()),
    # a typical UIP pattern needs honeycombing
    ("en", "FINDINGS: Basal ground-glass opacity with fine reticulation and subpleural sparing. No honeycombing.\n"
           "IMPRESSION: Definite UIP pattern.", {"Definite UIP"}),
    ("zh", "检查所见：双肺下叶胸膜下网格影及磨玻璃影，伴牵拉性支气管扩张，未见蜂窝影。\n诊断意见：典型UIP表现。", {"典型UIP"}),
    ("en", "FINDINGS: Subpleural reticulation with traction bronchiectasis. No honeycombing.\n"
           "IMPRESSION: Probable UIP pattern.", set()),
    ("en", "FINDINGS: Basal reticulation with honeycombing in both lower lobes.\nIMPRESSION: Typical UIP pattern.", set()),
    # gas in an organ against an impression denying any
    ("en", "FINDINGS: Swollen transplant kidney with perinephric stranding. Gas locules within the collecting system.\n"
           "IMPRESSION: Graft pyelonephritis; no gas.", {"no gas"}),
    ("zh", "检查所见：胆囊增大，壁增厚，胆囊壁内见积气。\n诊断意见：急性胆囊炎，未见积气。", {"未见积气"}),
    ("en", "FINDINGS: Gallbladder wall thickening. Normal bowel gas pattern.\nIMPRESSION: Acute cholecystitis; no gas.",
     set()),
    ("en", "FINDINGS: Pneumatosis with bubbles of gas in the caecal wall.\nIMPRESSION: Pneumatosis; no gas in the portal "
           "veins.", set()),
])
def test_a_diagnosis_that_the_stated_features_rule_out(language, text, evidence):
    """No rule held a simple cyst to its stated solid part, a bone cyst or enchondroma to aggressive features, a
    renal cell carcinoma to an angiomyolipoma's macroscopic fat, a typical UIP to the honeycombing it needs, nor a
    denial of gas to the gas the findings describe in an organ."""
    assert {found for rule, found in flagged(text, language) if rule == "diagnosis-against-features"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # a denial narrowed to the contralateral side says nothing of the ipsilateral nodes
    ("en", "FINDINGS: Right upper lobe mass, 38 mm. Right paratracheal node 14 mm. No contralateral mediastinal or hilar "
           "adenopathy.\nIMPRESSION: Right upper lobe cancer. Enlarged ipsilateral mediastinal nodes.", set()),
    ("zh", "检查所见：右肺上叶见一肿块，约4cm。对侧纵隔未见肿大淋巴结。\n诊断意见：右肺上叶肺癌，同侧纵隔淋巴结肿大。", set()),
    # a plain denial still contradicts the impression
    ("zh", "检查所见：右肺上叶见一肿块，约4cm。纵隔未见肿大淋巴结。\n诊断意见：右肺上叶肺癌，同侧纵隔淋巴结肿大。", {"淋巴结肿大"}),
])
def test_a_denial_narrowed_to_the_contralateral_side(language, text, evidence):
    assert {found for rule, found in flagged(text, language) if rule == "findings-deny"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # the impression's grade is the other side's: a side slipped (laterality), not a second grade
    ("en", "FINDINGS: Right common femoral artery: severe circumferential calcification. Left common femoral artery: "
           "mild calcification.\nIMPRESSION: Left common femoral artery with severe calcification.", set()),
    ("zh", "检查所见：右肾盂肾盏中度扩张积水。左肾轻度积水。\n诊断意见：左肾中度积水。", set()),
    # no such grade on the other side: the grade differs
    ("en", "FINDINGS: Left common femoral artery: mild calcification.\nIMPRESSION: Left common femoral artery with "
           "severe calcification.", {"severe calcification."}),
])
def test_a_grade_the_findings_give_the_other_side(language, text, evidence):
    assert {found for rule, found in flagged(text, language) if rule == "severity"} == evidence


_SHRUNK = "RECIST 1.1 target sum: 40 mm from 64 mm at baseline, change -38%. {}\nFINDINGS: {}\nIMPRESSION: Progressive disease."


@pytest.mark.parametrize("language, text, evidence", [
    ("en", _SHRUNK.format("No new lesions.", "Liver metastases smaller."), {"Progressive disease"}),
    ("zh", "靶病灶（RECIST 1.1）直径总和由60 mm减小至40 mm，较基线缩小33%。\n检查所见：肝内转移灶缩小，未见新发病灶。\n"
           "诊断意见：疾病进展。", {"疾病进展"}),
    # a new lesion, non-target growth or a nadir below today's sum can each make it progression
    ("en", _SHRUNK.format("New 12 mm liver lesion.", "Liver metastases smaller."), set()),
    ("en", _SHRUNK.format("No new lesions.", "Peritoneal non-target disease has increased."), set()),
    ("en", _SHRUNK.format("Nadir 30 mm. No new lesions.", "Liver metastases smaller."), set()),
])
def test_progression_beside_a_falling_sum_and_nothing_new(language, text, evidence):
    """RECIST progression was never held to the sum: it may rest on new or non-target lesions, which the report
    can rule out."""
    assert {found for rule, found in flagged(text, language) if rule == "recist-category"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # the findings describe the disease by its signs, graded at the other end of the scale
    ("en", "FINDINGS: Pancreas: Marked parenchymal atrophy with numerous coarse calcifications. Main pancreatic duct "
           "dilated to 9 mm.\nIMPRESSION: Mild chronic pancreatitis.", {"Mild chronic pancreatitis."}),
    ("zh", "检查所见：胰腺实质显著萎缩，见多发粗大钙化，主胰管扩张约9mm。\n诊断意见：轻度慢性胰腺炎。", {"轻度慢性胰腺炎。"}),
    # a neighbouring grade, the same grade, a grade of another organ, and "明显" that says "evident"
    ("en", "FINDINGS: Pancreas: Moderate parenchymal atrophy with coarse calcifications.\n"
           "IMPRESSION: Mild chronic pancreatitis.", set()),
    ("zh", "检查所见：胰腺实质轻度萎缩，见少许钙化。\n诊断意见：轻度慢性胰腺炎。", set()),
    ("en", "FINDINGS: Pancreas: coarse calcifications. Liver: severe steatosis.\n"
           "IMPRESSION: Mild chronic pancreatitis. Severe hepatic steatosis.", set()),
    ("zh", "检查所见：肝脏表面呈波浪状，肝裂增宽，见多发钙化灶，未见明显占位。\n诊断意见：轻度肝硬化。", set()),
])
def test_a_grade_against_the_signs_of_its_organ(language, text, evidence):
    """The impression's grade was only ever read against a findings statement naming the same disease; findings
    describing it by its signs left any grade open."""
    assert {found for rule, found in flagged(text, language) if rule == "severity"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: LAD: mixed plaque in the proximal LAD causing 70-99% stenosis. RCA: calcified plaque, 25-49%.\n"
           "IMPRESSION: Mild non-obstructive coronary artery disease, CAD-RADS 2.", {"CAD-RADS 2"}),
    ("zh", "检查所见：前降支近段混合斑块，管腔狭窄约60%；右冠近段钙化斑块，狭窄约30%。\n诊断意见：冠状动脉粥样硬化，CAD-RADS 2。",
     {"CAD-RADS 2"}),
    # the band of the highest stenosis, a range read at its gentler end, a stenosis of no coronary artery
    ("en", "FINDINGS: LAD: 50-69% stenosis. RCA: 25-49% stenosis.\nIMPRESSION: CAD-RADS 3.", set()),
    ("zh", "检查所见：前降支近段非钙化斑块，狭窄约20-30%。\n诊断意见：CAD-RADS 1。", set()),
    ("en", "FINDINGS: LAD: minimal (<25%) plaque. Right renal artery 70% stenosis.\nIMPRESSION: CAD-RADS 1.", set()),
])
def test_a_cad_rads_category_below_the_highest_stenosis(language, text, evidence):
    assert {found for rule, found in flagged(text, language) if rule == "cad-rads-stenosis"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Acute wedge fracture of T12 with 25% anterior height loss; posterior cortex intact, no retropulsion.\n"
           "IMPRESSION: Acute T12 burst fracture with retropulsion.", {"with retropulsion"}),
    ("en", "FINDINGS: Liver: 25 mm segment 7 observation with arterial hyperenhancement, without washout.\n"
           "IMPRESSION: Segment 7 liver observation with washout, LR-4.", {"with washout"}),
    ("zh", "检查所见：L1椎体楔形变，椎体后缘完整，未见骨块后突。\n诊断意见：L1椎体爆裂骨折伴骨块后突。", {"伴骨块后突"}),
    # other words, the other side, another organ
    ("en", "FINDINGS: Right kidney: no hydronephrosis. 4 mm distal right ureteric calculus.\n"
           "IMPRESSION: Distal right ureteric calculus with mild hydronephrosis.", set()),
    ("en", "FINDINGS: Left pleura: no pleural thickening. Right pleura: effusion.\n"
           "IMPRESSION: Right pleural effusion with pleural thickening.", set()),
    ("zh", "检查所见：肝脏未见钙化。胰头见一肿块，约3cm。\n诊断意见：胰头肿块伴钙化。", set()),
])
def test_a_feature_the_findings_deny_in_the_same_words(language, text, evidence):
    assert {found for rule, found in flagged(text, language) if rule == "feature-denied"} == evidence


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: An intimal flap extends from the ascending aorta through the arch into the descending aorta.\n"
           "IMPRESSION: Stanford type B aortic dissection.", {"Stanford type B"}),
    ("en", "FINDINGS: Aortic dissection to the left common iliac artery (DeBakey I).\nIMPRESSION: Type B aortic dissection.",
     {"Type B aortic dissection"}),
    ("zh", "检查所见：升主动脉至腹主动脉内见内膜片，真假两腔形成。\n诊断意见：主动脉夹层（Stanford B型）。", {"Stanford B型"}),
    # a flap beyond the ascending aorta, one the findings say spares it, and the type it does make
    ("en", "FINDINGS: Intimal flap arising just distal to the left subclavian artery, sparing the ascending aorta and arch.\n"
           "IMPRESSION: Acute type B aortic dissection.", set()),
    ("en", "FINDINGS: Dissection flap begins distal to the left subclavian artery. The ascending aorta is normal in calibre "
           "without a flap (DeBakey III).\nIMPRESSION: Stanford type B aortic dissection.", set()),
    ("zh", "检查所见：左锁骨下动脉远端降主动脉内见内膜片，升主动脉未见夹层。\n诊断意见：主动脉夹层（Stanford B型）。", set()),
    ("en", "FINDINGS: Intimal flap from the ascending aorta to the iliac arteries (DeBakey I).\n"
           "IMPRESSION: Stanford type A aortic dissection.", set()),
])
def test_a_type_b_dissection_the_ascending_aorta_rules_out(language, text, evidence):
    """Stanford type B was read as any other words of the impression: a flap the findings put in the ascending aorta
    never contradicted it."""
    assert {found for rule, found in flagged(text, language) if rule == "diagnosis-against-features"} == evidence


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Ascending aorta 36 mm, descending aorta dissected from the left subclavian artery to the coeliac "
           "axis.\nIMPRESSION: Stanford type B dissection."),
    ("en", "FINDINGS: Intimal flap in the descending thoracic aorta. The ascending aorta is uninvolved by the dissection.\n"
           "IMPRESSION: Stanford type B dissection."),
    ("en", "FINDINGS: Intimal flap in the descending aorta. Ascending aorta free of dissection.\n"
           "IMPRESSION: Stanford type B dissection."),
    ("zh", "检查所见：降主动脉内见内膜片，内膜片累及范围不包括升主动脉。\n诊断意见：主动脉夹层（Stanford B型）。"),
])
def test_a_type_b_dissection_the_findings_keep_from_the_ascending_aorta(language, text):
    """Any flap or dissection word within reach of "ascending aorta" was read as one in it: an ascending aorta called
    uninvolved or free, or measured beside a dissected descending aorta, contradicted a correct type B."""
    assert "diagnosis-against-features" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：房间隔缺损，约2.2cm。肺动脉主干增宽，约3.3cm。\n诊断意见：房间隔缺损。肺动脉未见异常。",
     {"肺动脉未见异常。"}),
    # a vein called normal says nothing of its artery, nor the other way round
    ("zh", "检查所见：肺动脉主干增宽，约3.3cm。四支肺静脉均回流入左心房。\n诊断意见：肺动脉增宽。肺静脉回流正常。", set()),
    ("zh", "检查所见：移植肾动脉吻合口远端管腔局限性狭窄，狭窄率约70%。移植肾静脉通畅。\n诊断意见：移植肾静脉通畅，未见异常。", set()),
    ("en", "FINDINGS: The main pulmonary artery is dilated to 34 mm. Pulmonary veins drain normally.\n"
           "IMPRESSION: Dilated pulmonary artery. Pulmonary veins are normal.", set()),
])
def test_an_impression_calling_a_vein_normal_beside_a_diseased_artery(language, text, evidence):
    """The impression's normal vein was read as the organ's vessels as a whole, which the findings' artery disease
    contradicted."""
    assert {found for rule, found in flagged(text, language) if rule == "impression-normal"} == evidence


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Avulsion fracture of the anterior tibial spine, fragment elevated 5 mm, hinge posteriorly intact. "
           "No physeal fracture.\nIMPRESSION: Tibial spine avulsion fracture, right knee."),
    ("zh", "影像表现：左侧股骨颈前倾角约35°。双侧股骨近端髓腔未见异常。\n影像诊断：左股骨颈前倾角增大（约35°）。"),
])
def test_a_structure_named_like_another_organ_or_a_measurement_stays_silent(language, text):
    """The tibial spine read as the vertebral column, and an angle grown larger as an enlarged bone, made the
    findings' normal statements contradict a correct impression."""
    assert not {rule for rule, _ in flagged(text, language)} & {"findings-normal", "impression-normal"}


def test_an_enlarged_bone_the_findings_call_normal_still_contradicts():
    text = "影像表现：双侧股骨近端髓腔未见异常。\n影像诊断：左股骨头增大。"
    assert "findings-normal" in {rule for rule, _ in flagged(text, "zh")}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: The gallbladder is distended with an impacted stone. Appendix normal.\n"
           "IMPRESSION: Acute calculous cholecystitis. Appendix not visualised.", {"Appendix not visualised"}),
    ("zh", "检查所见：阑尾未见增粗，周围脂肪间隙清晰，未见异常。\n诊断意见：阑尾未显示。", {"阑尾未显示"}),
    # findings that do not show it either, and an impression naming an abnormality not seen
    ("en", "FINDINGS: The appendix is not visualised. No free fluid.\nIMPRESSION: Appendix not visualised; no secondary "
           "signs of appendicitis.", set()),
    ("zh", "检查所见：阑尾已切除，未显示。肝脏未见异常。\n诊断意见：阑尾未显示。", set()),
    ("en", "FINDINGS: Appendix normal.\nIMPRESSION: Normal appendix; appendicitis not identified.", set()),
    # a part unseen beside the organ's other parts called normal, and the same part called normal
    ("en", "FINDINGS: The pancreatic head and body are normal.\nIMPRESSION: Pancreatic tail not well visualised due to "
           "bowel gas.", set()),
    ("zh", "检查所见：胰头、胰体未见异常。\n诊断意见：胰尾显示不清。", set()),
    ("zh", "检查所见：胰头、胰尾未见异常。\n诊断意见：胰尾显示不清。", {"胰尾显示不清"}),
])
def test_an_organ_the_impression_calls_unseen_that_the_findings_describe(language, text, evidence):
    """An impression saying the study did not show an organ was read as no statement at all."""
    assert {found for rule, found in flagged(text, language) if rule == "unseen-but-described"} == evidence


@pytest.mark.parametrize("language, text, rules", [
    ("zh", "检查所见：脾脏较前缩小，原脾内低密度灶消失。\n诊断意见：脾脏病灶较前明显缩小。", set()),
    ("en", "FINDINGS: The splenic lesions have resolved.\nIMPRESSION: Splenic lesions decreased since the prior study.", set()),
    # gone, and the impression calls it larger or simply reports it
    ("zh", "检查所见：脾脏较前缩小，原脾内低密度灶消失。\n诊断意见：脾脏病灶较前增大。", {"findings-deny"}),
    ("zh", "检查所见：原脾内低密度灶消失。\n诊断意见：脾脏多发病灶。", {"findings-deny"}),
])
def test_a_finding_gone_since_the_prior_beside_an_impression_calling_it_smaller(language, text, rules):
    """A lesion the findings call gone was read as one they deny, against an impression reporting the same response."""
    assert {rule for rule, _ in flagged(text, language)} & {"findings-deny"} == rules


@pytest.mark.parametrize("language, text, rules", [
    ("zh", "检查所见：靶1 肝S8转移灶：4.1cm→3.2cm。非靶病灶：肝S3小结节，约0.7cm，较前相仿。\n诊断意见：肝S8靶病灶现约3.2cm，较前缩小。",
     set()),
    ("en", "FINDINGS: Segment 8 liver metastasis 32 mm (41 mm). Segment 3 liver lesion unchanged, 7 mm.\n"
           "IMPRESSION: Segment 8 liver lesion decreased.", set()),
    # the same segment, or segments named on one side only
    ("zh", "检查所见：肝S8病灶较前相仿，约3.2cm。\n诊断意见：肝S8病灶较前缩小。", {"change-direction"}),
    ("en", "FINDINGS: Segment 8 liver lesion unchanged at 32 mm.\nIMPRESSION: Liver lesion decreased.", {"change-direction"}),
])
def test_a_change_is_read_against_the_lesion_in_its_own_liver_segment(language, text, rules):
    """A lesion's change was held to a lesion's in another liver segment."""
    assert {rule for rule, _ in flagged(text, language)} & {"change-direction"} == rules


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Dilated small bowel loops up to 4 cm with multiple air-fluid levels; collapsed distal ileum.\n"
           "IMPRESSION: No bowel obstruction.", "No bowel obstruction"),
    ("zh", "检查所见：近端小肠扩张积液，最宽约3.2cm，可见多个气液平面。\n诊断意见：肠套叠，未见肠梗阻征象。", "未见肠梗阻"),
    ("en", "FINDINGS: The gallbladder is distended with wall thickening to 6 mm and an impacted neck stone.\n"
           "IMPRESSION: Cholelithiasis. No evidence of acute cholecystitis.", "No evidence of acute cholecystitis"),
    ("zh", "检查所见：胆囊增大，壁弥漫增厚约6mm，周围脂肪间隙模糊，颈部见结石嵌顿。\n诊断意见：胆囊结石，胆囊未见急性炎症征象。",
     "胆囊未见急性炎症"),
    ("en", "FINDINGS: The pancreas is atrophic with coarse parenchymal calcifications and a beaded duct. No peripancreatic "
           "stranding or fluid.\nIMPRESSION: Acute interstitial pancreatitis.", "Acute interstitial pancreatitis"),
    ("zh", "检查所见：胰腺萎缩，实质内见多发粗大钙化，主胰管串珠样扩张。胰周脂肪间隙清晰，未见渗出。\n诊断意见：急性水肿性胰腺炎。",
     "急性水肿性胰腺炎"),
    # a known acute pancreatitis is a current one
    ("en", "FINDINGS: Atrophic pancreas with coarse calcifications and a beaded duct. No peripancreatic stranding.\n"
           "IMPRESSION: Known acute pancreatitis, now worse.", "Known acute pancreatitis, now worse"),
    # another organ's obstruction stated beside the bowel's denied
    ("en", "FINDINGS: Dilated small bowel loops up to 4 cm with multiple air-fluid levels.\n"
           "IMPRESSION: No bowel obstruction. Non-obstructing left renal calculus.", "No bowel obstruction"),
    ("en", "FINDINGS: Dilated small bowel loops up to 4 cm with multiple air-fluid levels.\n"
           "IMPRESSION: No bowel obstruction. Obstructive uropathy on the left.", "No bowel obstruction"),
    ("zh", "检查所见：近端小肠扩张积液，可见多个气液平面。\n诊断意见：未见肠梗阻。左侧输尿管结石梗阻。", "未见肠梗阻"),
])
def test_a_diagnosis_denied_or_called_acute_beside_the_signs_that_make_it(language, text, evidence):
    """An impression ruling out a bowel obstruction or a cholecystitis, or calling a pancreatitis acute, was
    read against the diagnosis's name alone, which the findings describe by its signs instead."""
    assert any(rule == "diagnosis-against-signs" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    # the signs named and summed up, or one of them denied
    ("en", "FINDINGS: Dilated small bowel loops with air-fluid levels and a transition point in the right lower quadrant.\n"
           "IMPRESSION: Small bowel obstruction."),
    ("en", "FINDINGS: Small bowel loops normal in calibre. No air-fluid levels.\nIMPRESSION: No bowel obstruction."),
    ("zh", "检查所见：胆囊不大，壁未见增厚，周围脂肪间隙清晰。\n诊断意见：未见胆囊炎。"),
    # another cause of the same signs the report states
    ("en", "FINDINGS: Diffusely dilated small and large bowel loops with air-fluid levels, gas to the rectum.\n"
           "IMPRESSION: Paralytic ileus. No mechanical obstruction."),
    ("zh", "检查所见：肝硬化，腹水。胆囊壁水肿增厚，胆囊增大。\n诊断意见：肝硬化腹水，未见胆囊炎。"),
    # an acute attack of a chronic pancreatitis: the fat around it inflamed, or named so
    ("en", "FINDINGS: Atrophic pancreas with parenchymal calcifications. Peripancreatic fat stranding and fluid.\n"
           "IMPRESSION: Acute pancreatitis."),
    ("zh", "检查所见：胰腺萎缩，实质内见多发钙化。胰周脂肪间隙清晰。\n诊断意见：慢性胰腺炎急性发作。"),
    ("en", "FINDINGS: Enlarged oedematous pancreas with peripancreatic stranding.\nIMPRESSION: Acute pancreatitis."),
    # an acute pancreatitis denied or in the past, beside a chronic one
    ("en", "FINDINGS: Atrophic pancreas with coarse calcifications and a beaded duct. No peripancreatic stranding.\n"
           "IMPRESSION: Chronic pancreatitis. No acute pancreatitis."),
    ("en", "FINDINGS: Atrophic pancreas with coarse calcifications.\nIMPRESSION: Chronic pancreatitis without acute pancreatitis."),
    ("en", "FINDINGS: Atrophic pancreas with coarse calcifications.\nIMPRESSION: Chronic pancreatitis. History of acute "
           "pancreatitis in 2019."),
    ("zh", "检查所见：胰腺萎缩，实质内见多发钙化，胰管串珠样扩张。\n诊断意见：慢性胰腺炎，未见急性胰腺炎征象。"),
    ("zh", "检查所见：胰腺萎缩，实质内见多发钙化，胰管串珠样扩张。\n诊断意见：慢性胰腺炎，急性胰腺炎病史。"),
    ("zh", "检查所见：胰腺萎缩，实质内见多发钙化，胰管串珠样扩张。\n诊断意见：慢性胰腺炎，既往有急性胰腺炎。"),
    ("en", "FINDINGS: Atrophic pancreas with coarse calcifications.\nIMPRESSION: Chronic pancreatitis. Prior episode of "
           "acute pancreatitis."),
    # one kind of obstruction stated and another denied
    ("en", "FINDINGS: Dilated small bowel loops with air-fluid levels and a transition point.\n"
           "IMPRESSION: Small bowel obstruction. No large bowel obstruction."),
    # a pancreatitis, or an enteritis with gas throughout the colon, explains the signs
    ("en", "FINDINGS: Oedematous pancreas with peripancreatic fluid. The gallbladder is distended with a thickened wall.\n"
           "IMPRESSION: Acute pancreatitis. No acute cholecystitis."),
    ("en", "FINDINGS: Dilated small bowel loops with air-fluid levels; gas throughout the colon.\n"
           "IMPRESSION: Enteritis. No bowel obstruction."),
])
def test_a_diagnosis_the_signs_make_or_explain_otherwise_stays_silent(language, text):
    assert "diagnosis-against-signs" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：右侧小脑半球见片状低密度影，边界模糊，第四脑室轻度受压。中线结构居中。\n诊断意见：右侧小脑半球出血。", "出血"),
    ("en", "FINDINGS: Wedge-shaped hypodensity in the left MCA territory with loss of grey-white differentiation.\n"
           "IMPRESSION: Left MCA territory haemorrhage.", "haemorrhage"),
    # a subdural denied beside the haemorrhage does not make it a subdural one
    ("en", "FINDINGS: Hypodense lesion in the left frontal lobe.\n"
           "IMPRESSION: Left frontal intraparenchymal haemorrhage, no subdural haematoma.", "haemorrhage"),
])
def test_a_haemorrhage_beside_only_a_low_density_lesion(language, text, evidence):
    """A haemorrhage the impression names where the findings describe a low-density lesion was taken as a summary."""
    assert any(rule == "haemorrhage-low-density" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：右侧基底节区见团块状高密度影，约3.0cm×2.0cm，周围见低密度水肿带。\n诊断意见：右侧基底节区脑出血。"),
    ("en", "FINDINGS: Hypodense crescentic collection over the right convexity, 9 mm thick.\n"
           "IMPRESSION: Chronic right subdural haemorrhage."),
    ("zh", "检查所见：左侧基底节区见斑片状低密度影，边界清。\n诊断意见：左侧基底节区陈旧性出血。"),
    ("zh", "检查所见：右侧小脑半球见片状低密度影。\n诊断意见：右侧小脑半球梗死。"),
    # oedema around a low-density lesion: a haematoma some days old
    ("zh", "检查所见：左侧额叶见类圆形低密度灶，周围见片状水肿带。\n诊断意见：左侧额叶出血。"),
    ("zh", "检查所见：左侧额叶见片状低密度影。\n诊断意见：右侧额叶出血。"),
    ("en", "FINDINGS: Hypodense lesion in the left frontal lobe with oedema around it.\nIMPRESSION: Left frontal haemorrhage."),
    # a subdural collection, low density when chronic, called a haematoma without its age
    ("en", "FINDINGS: Hypodense subdural collection over the left convexity, 12 mm thick.\n"
           "IMPRESSION: Left subdural haematoma."),
    ("zh", "检查所见：左侧额颞部硬膜下见新月形低密度影，厚约12mm。\n诊断意见：左侧额颞部硬膜下血肿。"),
])
def test_a_haemorrhage_beside_dense_blood_or_called_aged_stays_silent(language, text):
    assert "haemorrhage-low-density" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：心包弥漫性增厚，最厚约7mm，伴多发条带状钙化。\n诊断意见：心包未见明显增厚，考虑限制型心肌病可能。", "未见明显增厚"),
    ("en", "FINDINGS: Diffuse pericardial thickening up to 7 mm with calcification.\nIMPRESSION: No pericardial thickening.",
     "No pericardial thickening"),
])
def test_a_state_the_impression_denies_in_the_words_the_findings_affirm(language, text, evidence):
    """A denial in words the lexicon reads no abnormality in was compared with nothing."""
    assert ("state-denied", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：心包未见增厚。\n诊断意见：心包未见明显增厚。"),
    # another organ, the other side, or an organ listed after "no"
    ("zh", "检查所见：左侧胸膜增厚。\n诊断意见：心包未见明显增厚。"),
    ("zh", "检查所见：左侧胸膜增厚。\n诊断意见：右侧胸膜未见增厚。"),
    ("en", "FINDINGS: Liver laceration in segment 6.\nIMPRESSION: Haemoperitoneum. No liver, splenic or renal injury."),
    ("en", "FINDINGS: Pericardial thickening has resolved; no pericardial thickening now.\nIMPRESSION: No pericardial thickening."),
])
def test_a_state_denied_in_both_sections_or_of_another_organ_stays_silent(language, text):
    assert "state-denied" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: 2.8 cm hypoenhancing mass in the pancreatic head causing a double duct sign.\n"
           "IMPRESSION: 2.8 cm pancreatic tail mass, likely adenocarcinoma.", "mass"),
    ("zh", "检查所见：胰头见一低强化肿块，大小约2.8cm，胆总管及胰管扩张。\n诊断意见：胰尾部肿块，考虑胰腺癌。", "肿块"),
])
def test_a_pancreatic_lesion_put_in_another_part_than_the_findings(language, text, evidence):
    """A pancreatic mass the impression put in another part of the organ was taken as the findings' one."""
    assert any(rule == "other-part" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: 2.8 cm mass in the pancreatic head.\nIMPRESSION: Pancreatic head mass."),
    ("en", "FINDINGS: Mass in the uncinate process, 2 cm.\nIMPRESSION: Pancreatic head mass."),
    ("en", "FINDINGS: 4 cm mass in the pancreatic body and tail.\nIMPRESSION: Pancreatic tail mass."),
    ("en", "FINDINGS: 2.8 cm mass in the pancreatic head.\nIMPRESSION: Pancreatic mass."),
    # two lesions, one in each part
    ("zh", "检查所见：胰头见一肿块，约2.8cm；胰尾见另一结节，约1.0cm。\n诊断意见：胰尾部肿块。"),
    # a junction names both its parts, and a list of parts each of them
    ("zh", "检查所见：胰颈体交界区见低密度肿块，约3cm。\n诊断意见：胰体癌。"),
    ("zh", "检查所见：胰体尾交界区见低密度肿块，约3cm。\n诊断意见：胰尾癌。"),
    ("en", "FINDINGS: Pancreas: a 3 cm hypoenhancing mass in the head.\nIMPRESSION: Pancreatic head and neck mass, likely "
           "adenocarcinoma."),
])
def test_a_pancreatic_lesion_in_the_findings_part_stays_silent(language, text):
    assert "other-part" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Brain: two enhancing metastases in the right frontal lobe, 12 mm and 8 mm. Liver: normal. Lungs: clear."
           "\nIMPRESSION: No extracranial metastases."),
    ("zh", "检查所见：右侧额叶见两枚转移瘤，大小约12mm、8mm。肝脏未见异常。双肺未见结节。\n诊断意见：颅外未见转移。"),
])
def test_a_denial_outside_the_skull_says_nothing_of_brain_metastases(language, text):
    """"Extracranial" is outside the space that holds the brain ("intracranial", "颅内"): the denial is of the rest of the
    body, which the findings call clear."""
    assert not {r for r, _ in flagged(text, language)} & {"impression-denies"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Brain: two enhancing metastases in the right frontal lobe. Liver: multiple hypoattenuating "
           "metastases, the largest 3 cm.\nIMPRESSION: No extracranial metastases.", "No extracranial metastases"),
    ("zh", "检查所见：右侧额叶见两枚转移瘤。肝内多发转移瘤，最大约3cm。\n诊断意见：颅外未见转移。", "未见转移"),
])
def test_a_denial_outside_the_skull_still_denies_the_body_s_metastases(language, text, evidence):
    assert ("impression-denies", evidence) in flagged(text, language)


def test_a_denial_inside_the_skull_denies_the_brain_s_metastases():
    """"Intracranial" is the brain's own space, not outside it: the denial takes back the findings' brain metastases."""
    text = ("FINDINGS: Brain: two enhancing metastases in the right frontal lobe. Liver: normal.\n"
            "IMPRESSION: No intracranial metastases.")
    assert ("impression-denies", "No intracranial metastases") in flagged(text)


@pytest.mark.parametrize("language, text", [
    # a feature the findings affirm in one region and deny in another
    ("en", "FINDINGS: Mediastinum: several enlarged nodes, up to 15 mm. Abdomen: no enlarged nodes.\n"
           "IMPRESSION: Lymphoma with several enlarged nodes: stage II."),
    ("zh", "检查所见：纵隔见多发肿大淋巴结，大者约15mm。腹膜后未见肿大淋巴结。\n诊断意见：淋巴瘤伴多发肿大淋巴结：考虑II期。"),
    # a later hedge explaining the finding away
    ("en", "FINDINGS: Linear lucency at the right apex, which is a skin fold. No pneumothorax.\n"
           "IMPRESSION: Apparent right apical pneumothorax, likely a skin fold artefact."),
    ("zh", "检查所见：右肺尖见线样透亮影，为皮肤皱褶影，未见气胸。\n诊断意见：右肺尖类似气胸影，考虑皮肤皱褶伪影。"),
    ("zh", "检查所见：右肺门淋巴结肿大，约2.5cm，未见明确肿块。\n诊断意见：右肺门肿块，考虑淋巴结肿大。"),
    # a hyperlucent lung of air trapping, no emphysema
    ("zh", "检查所见：双肺透亮度增高，呼气相可见马赛克征。\n诊断意见：小气道病变，空气潴留，未见肺气肿。"),
    # a stump defect healed, or the breach reported in other words
    ("en", "FINDINGS: Left pneumonectomy space filling with fluid. The previously seen 3 mm defect in the bronchial stump has "
           "closed.\nIMPRESSION: Expected post-pneumonectomy appearance."),
    ("zh", "影像所见：左全肺切除术后，残腔积液。左主支气管残端原缺损已愈合。\n影像诊断：左全肺切除术后预期改变。"),
    ("en", "FINDINGS: The bronchial stump has a 3 mm defect communicating with the pleural space.\n"
           "IMPRESSION: BPF at the left main bronchial stump; pneumonectomy space otherwise as expected."),
    ("zh", "影像所见：左主支气管残端见宽约4mm的裂隙样缺损，与残腔相通。\n影像诊断：左主支气管残端愈合不良，与残腔相通，余为术后预期改变。"),
    # tree-in-bud resolved, explained by aspiration, beside a denied bleed, or activity affirmed
    ("en", "FINDINGS: Calcified granulomas. Tree-in-bud nodules are no longer seen.\n"
           "IMPRESSION: Treated tuberculosis; no sign of active disease."),
    ("zh", "检查所见：左肺上叶钙化灶，原树芽征已吸收。\n诊断意见：肺结核治疗后，未见活动性病灶。"),
    ("en", "FINDINGS: Bronchiectasis and tree-in-bud nodules in the right upper lobe. Blood in the right upper lobe bronchi.\n"
           "IMPRESSION: Post-tuberculous bronchiectasis of the right upper lobe, the source of haemoptysis; no active contrast "
           "extravasation."),
    ("zh", "检查所见：右肺上叶支气管扩张，周围见树芽征，支气管内见血性密度。\n诊断意见：右肺上叶结核后支气管扩张并咯血，未见活动性出血。"),
    ("en", "FINDINGS: Cavity in the right upper lobe and tree-in-bud nodules in the right lower lobe.\n"
           "IMPRESSION: Pulmonary tuberculosis with no cavity change but active bronchogenic spread."),
    ("en", "FINDINGS: Calcified granulomas and fibrotic scarring in the left upper lobe. Tree-in-bud nodules in the right lower "
           "lobe with aspirated debris in the right lower lobe bronchi.\nIMPRESSION: Old healed tuberculosis of the left upper "
           "lobe, no sign of active disease. Right lower lobe aspiration bronchiolitis."),
    ("zh", "检查所见：右肺下叶见树芽征，右下叶支气管内见分泌物。左肺上叶见钙化灶。\n"
           "诊断意见：右肺下叶细支气管炎，考虑吸入性；左肺上叶陈旧性结核，未见活动性病灶。"),
])
def test_guard_correct_impressions_stay_silent(language, text):
    """A guard (it passes without any rule of its own): correct impressions that earlier readings of counted features, of
    a later hedge, of a hyperlucent lung, of a breach called expected and of a tuberculosis called inactive flagged,
    which a new such reading must leave alone."""
    assert flagged(text, language) == set()


# A change the findings contradict, also where the findings write the lesion with the impression's own word in a longer
# term (转移灶 for 转移), beside the wordings that must stay silent.
@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：肝内多发转移灶，较前缩小，最大者约2.1cm×1.8cm（前次约3.4cm×2.9cm）。\n"
           "诊断意见：肝转移较前进展。", "肝转移较前进展"),
])
def test_a_change_the_findings_contradict_is_a_mismatch_when_written_with_the_impressions_word(language, text, evidence):
    assert any(rule == "change-direction" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：肝内多发转移灶，较前增大，最大者约3.4cm×2.9cm（前次约2.1cm×1.8cm）。\n诊断意见：肝转移较前进展。"),
    # a cyst's stability says nothing of the metastases the impression calls progressing
    ("zh", "检查所见：肝内多发转移灶，最大约3.4cm。肝囊肿，同前。\n诊断意见：肝转移较前进展。"),
])
def test_guard_a_change_the_findings_share_stays_silent(language, text):
    assert "change-direction" not in {r for r, _ in flagged(text, language)}
