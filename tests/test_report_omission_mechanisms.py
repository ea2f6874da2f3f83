"""Omissions decided by how an impression statement relates to a findings statement rather than by a word: a finding the
findings call new beside an impression speaking of a known one, a duct the findings call dilated upstream of the mass
the impression reports, a carcinoma named by its cell type, and the bare Chinese word for a lesion, which refers back to
the lesion described before it; in English and Chinese, each with the sentence that must stay silent beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import omission
from report_cases import run


@pytest.mark.parametrize("language, findings, new, known, reported", [
    ("en", "FINDINGS: Liver: a new 2.0 cm hypoattenuating lesion in segment 7 with rim enhancement, not present on the "
           "prior CT. Also a stable 8 mm cyst in segment 3.",
     "Liver: a new 2.0 cm hypoattenuating lesion in segment 7 with rim enhancement, not present on the prior CT.",
     "IMPRESSION: Stable hepatic cyst.",
     "IMPRESSION: New segment 7 liver lesion, suspicious for a metastasis. Stable hepatic cyst."),
    ("en", "FINDINGS: Right parietal burr holes with a drain in situ. Residual right subdural collection, 11 mm thick "
           "(26 mm pre-operatively). New hyperdense acute subdural blood along the right frontal convexity, 9 mm thick.",
     "New hyperdense acute subdural blood along the right frontal convexity, 9 mm thick.",
     "IMPRESSION: Residual right subdural collection, reduced from 26 to 11 mm.",
     "IMPRESSION: Residual right subdural collection reduced to 11 mm, with new acute subdural blood frontally."),
    ("zh", "检查所见：右侧额顶部硬膜下残余血肿，最厚约8mm。右侧额部新见急性硬膜下出血，厚约9mm。",
     "右侧额部新见急性硬膜下出血，厚约9mm。",
     "诊断意见：右侧慢性硬膜下血肿引流术后，残余血肿较前减少。",
     "诊断意见：右侧慢性硬膜下血肿引流术后，残余血肿较前减少；右侧额部新发急性硬膜下出血。"),
])
def test_a_statement_about_a_known_finding_does_not_sum_up_a_new_one(language, findings, new, known, reported):
    """A stable cyst or a shrinking residual collection is what the prior study showed; a lesion or a bleed the findings
    call new is not it, though of the same group in the same organ, and the impression naming only the known one has
    left the new one out."""
    assert run(omission.check, f"{findings}\n{known}", language) == {("omission", new)}
    assert run(omission.check, f"{findings}\n{reported}", language) == set()


def test_an_acute_bleed_into_a_chronic_one_is_no_known_finding():
    """"acute-on-chronic" states the new bleed: the impression saying so has reported it."""
    text = ("FINDINGS: Left subdural collection with new hyperdense acute blood layering within it, 24 mm thick.\n"
            "IMPRESSION: Left acute-on-chronic subdural haematoma.")
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("language, text, upstream, unrelated", [
    ("en", "FINDINGS: Pancreas: 3.2 cm hypoattenuating mass in the pancreatic head. Upstream main duct dilated to 6 mm "
           "with body and tail atrophy.\nIMPRESSION: Pancreatic head carcinoma.",
     "Upstream main duct dilated to 6 mm with body and tail atrophy.", "Fatty liver."),
    ("zh", "检查所见：胰头见低密度肿块，大小约3.2cm。其上游管腔扩张，宽约6mm。\n诊断意见：胰头癌。",
     "其上游管腔扩张，宽约6mm。", "脂肪肝。"),
])
def test_a_duct_called_dilated_upstream_is_the_reported_mass_obstructing_it(language, text, upstream, unrelated):
    """"Upstream" says the duct is dilated behind what blocks it, the mass the sentence before described: the impression
    reporting that mass has said it. An impression reporting no mass or stricture has not."""
    assert run(omission.check, text, language) == set()
    impression = "Pancreatic head carcinoma." if language == "en" else "胰头癌。"
    assert ("omission", upstream) in run(omission.check, text.replace(impression, unrelated), language)


def test_a_dilated_duct_the_findings_do_not_call_upstream_is_a_finding_of_its_own():
    """Without the word nothing ties the dilatation to the mass: it may have another cause the impression must give."""
    text = ("FINDINGS: Pancreas: 3.2 cm hypoattenuating mass in the pancreatic head. Main duct dilated to 6 mm with body "
            "and tail atrophy.\nIMPRESSION: Pancreatic head carcinoma.")
    assert run(omission.check, text) == {("omission", "Main duct dilated to 6 mm with body and tail atrophy.")}


def test_an_upstream_dilatation_of_another_organ_is_still_its_own_finding():
    """A cervical mass obstructing the ureter leaves the kidney dilated upstream: the hydronephrosis is the kidney's, which
    the impression naming the cervical cancer has not said."""
    text = ("FINDINGS: A 5 cm mass of the uterine cervix encases the distal left ureter. Upstream left hydronephrosis "
            "and hydroureter.\nIMPRESSION: Cervical carcinoma.")
    assert run(omission.check, text) == {("omission", "Upstream left hydronephrosis and hydroureter.")}


@pytest.mark.parametrize("impression", ["Gastric adenocarcinoma of the antrum.",
                                        "Cholangiocarcinoma at the confluence of the hepatic ducts."])
def test_a_carcinoma_named_by_its_cell_type_is_a_malignant_mass(impression):
    """"adenocarcinoma" and "cholangiocarcinoma" are carcinomas: the impression naming one reports the mass its findings
    describe; an impression that names none has left it out."""
    organ = "antrum of the stomach" if "Gastric" in impression else "common hepatic duct"
    text = f"FINDINGS: A 4 cm enhancing mass at the {organ}.\nIMPRESSION: {impression}"
    assert run(omission.check, text) == set()
    assert {f[0] for f in run(omission.check, text.replace(impression, "Cholelithiasis."))} == {"omission"}


def test_the_bare_chinese_word_for_a_lesion_refers_back_to_the_lesion_described():
    """"病灶未见强化" says how the lesion just described enhances: the impression reporting that lesion has answered it.
    A lesion a verb of seeing introduces ("另见一病灶") is another one, which it has not."""
    findings = "检查所见：左侧基底节区见小片状低密度影。增强扫描病灶未见强化。中线结构居中。"
    impression = "\n诊断意见：左侧基底节区腔隙性脑梗死。"
    assert run(omission.check, findings + impression, "zh") == set()
    other = findings.replace("增强扫描病灶未见强化", "另见一病灶，大小约2.0cm")
    assert run(omission.check, other + impression, "zh") == {("omission", "另见一病灶，大小约2.0cm。")}


@pytest.mark.parametrize("language, text, lesion", [
    ("en", "FINDINGS: Liver and adrenals unremarkable. Bones: New 1.4 cm sclerotic lesion in the T10 vertebral body.\n"
           "IMPRESSION: No visceral metastatic disease.", "Bones: New 1.4 cm sclerotic lesion in the T10 vertebral body."),
    ("zh", "检查所见：肝脏及双侧肾上腺未见异常。T10椎体见新发成骨性病灶，大小约1.4cm。\n诊断意见：未见内脏转移。",
     "T10椎体见新发成骨性病灶，大小约1.4cm。"),
])
def test_a_denial_of_visceral_disease_does_not_account_for_a_bone_lesion(language, text, lesion):
    """The viscera are the organs of the chest and abdomen: a denial of visceral metastases leaves a new bone lesion
    unreported, where a denial of metastases without the word denies it too (a mismatch, no omission)."""
    assert run(omission.check, text, language) == {("omission", lesion)}
    unqualified = text.replace("visceral ", "").replace("内脏", "")
    assert run(omission.check, unqualified, language) == set()


@pytest.mark.parametrize("language, text, clot, reported", [
    ("zh", "检查所见：肝脏体积缩小，表面呈波浪状。肝右叶S8见肿块，大小约4.6cm，动脉期强化，门脉期廓清。门静脉右支及主干增宽，"
           "腔内见软组织密度充盈缺损。脾脏增大。\n诊断意见：1. 肝硬化，门静脉高压，脾大。2. 肝右叶S8肝细胞癌。",
     "门静脉右支及主干增宽，腔内见软组织密度充盈缺损。", ("2. 肝右叶S8肝细胞癌。", "2. 肝右叶S8肝细胞癌，伴门静脉癌栓。")),
    ("en", "FINDINGS: Nodular cirrhotic liver. Filling defect in the main portal vein. Splenomegaly, 15 cm.\n"
           "IMPRESSION: Cirrhosis with portal hypertension and splenomegaly.",
     "Filling defect in the main portal vein.",
     ("Cirrhosis with portal hypertension and splenomegaly.",
      "Cirrhosis with portal hypertension, splenomegaly and portal vein thrombosis.")),
])
def test_a_clot_in_a_vessel_is_reported_only_by_a_clot(language, text, clot, reported):
    """A thrombus is treated in its own right (and a tumour's stages the cancer): an impression naming its vessel only
    in another disease's name ("portal hypertension", "门静脉高压") or reporting a weightier finding of its organ has not
    reported it; one naming the thrombus, a tumour thrombus too ("癌栓"), has."""
    assert run(omission.check, text, language) == {("omission", clot)}
    assert run(omission.check, text.replace(*reported), language) == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: A 4.5 cm arterially enhancing mass in segment 8 with washout. Tumour thrombus in the right portal "
           "vein.\nIMPRESSION: LR-5 hepatocellular carcinoma in segment 8 with tumour in vein (right portal vein invasion)."),
    ("en", "FINDINGS: A 4.5 cm arterially enhancing mass in segment 8 with washout. Enhancing filling defect in the right "
           "portal vein.\nIMPRESSION: Hepatocellular carcinoma in segment 8, LR-TIV."),
    ("zh", "检查所见：肝右叶S8见肿块，大小约4.6cm，动脉期强化，门脉期廓清。门静脉右支腔内见强化充盈缺损。\n"
           "诊断意见：肝右叶S8肝细胞癌（LR-TIV）。"),
])
def test_a_tumour_in_vein_in_the_impression_reports_the_clot(language, text):
    """LI-RADS's tumour in vein (LR-TIV) names the clot the findings describe in the vein: it was read as no clot."""
    assert run(omission.check, text, language) == set()


def test_a_tumour_in_vein_the_impression_denies_leaves_the_clot_unreported():
    text = ("FINDINGS: A 4.5 cm arterially enhancing mass in segment 8 with washout. Tumour thrombus in the right portal "
            "vein.\nIMPRESSION: LR-5 hepatocellular carcinoma in segment 8; no tumour in vein.")
    assert run(omission.check, text) == {("omission", "Tumour thrombus in the right portal vein.")}


def test_a_filling_defect_outside_a_vessel_is_summed_up_by_its_organ_s_mass():
    """A filling defect in the renal pelvis is no clot: the impression's urothelial tumour of that kidney sums it up."""
    text = ("FINDINGS: A 2.5 cm enhancing mass in the left renal pelvis, with a filling defect in the left renal pelvis "
            "on the excretory phase.\nIMPRESSION: Left renal pelvis mass, likely urothelial carcinoma.")
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("language, text, new", [
    ("en", "FINDINGS: Left main bronchus stent in satisfactory position. Left hilar mass 4.3 cm, unchanged. New 2.5 cm "
           "right adrenal mass.\nIMPRESSION: Left main bronchus stent in satisfactory position.",
     "New 2.5 cm right adrenal mass."),
    ("zh", "检查所见：左主支气管支架位置良好。左肺门肿块约4.3cm，较前相仿。右侧肾上腺新见肿块，大小约2.5cm。\n"
           "诊断意见：左主支气管支架位置良好。", "右侧肾上腺新见肿块，大小约2.5cm。"),
])
def test_a_finding_the_findings_call_unchanged_is_the_known_one(language, text, new):
    """A finding its sentence calls unchanged since the prior study ("Left hilar mass 4.3 cm, unchanged", "较前相仿") is
    the known disease, which an impression answering the study's own question may leave to the body; a new finding beside
    it is still left out, as is one that grew."""
    assert run(omission.check, text, language) == {("omission", new)}
    grown = ("Left hilar mass 4.3 cm, unchanged.", "Left hilar mass 4.3 cm, increased from 3.1 cm.") if language == "en" \
        else ("左肺门肿块约4.3cm，较前相仿。", "左肺门肿块约4.3cm，较前增大。")
    assert run(omission.check, text.replace(*grown), language) == {("omission", new), ("omission", grown[1])}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Filling defects in the right lower lobe segmental pulmonary arteries, pulmonary embolism, unchanged "
           "from the CTPA 2 hours earlier.\nIMPRESSION: No acute abnormality.",
     "Filling defects in the right lower lobe segmental pulmonary arteries, pulmonary embolism, unchanged from the CTPA 2 "
     "hours earlier."),
    ("zh", "检查所见：右肺下叶肺动脉分支内见充盈缺损，考虑肺栓塞，较前相仿。\n诊断意见：未见急性异常。",
     "右肺下叶肺动脉分支内见充盈缺损，考虑肺栓塞，较前相仿。"),
])
def test_an_unchanged_critical_finding_is_still_reported(language, text, evidence):
    """An acute, critical finding unchanged since a study hours earlier is still today's emergency: the impression must
    carry it."""
    assert ("omission", evidence) in run(omission.check, text, language)


@pytest.mark.parametrize("language, text, left, right", [
    ("zh", "检查所见：左肺上叶见一枚部分实性结节，直径约12mm，边缘可见毛刺。右肺中叶见一枚3mm实性微结节，与前片相仿。\n"
           "诊断意见：1. 右肺上叶部分实性结节，Lung-RADS 4B类。2. 右肺中叶微结节，同前。",
     "左肺上叶见一枚部分实性结节，直径约12mm，边缘可见毛刺。", "右肺下叶见一枚6mm实性结节。"),
    ("en", "FINDINGS: A 12 mm part-solid nodule in the left upper lobe with spiculated margins. A 3 mm solid nodule in the "
           "right middle lobe.\nIMPRESSION: 1. Right upper lobe part-solid nodule, Lung-RADS 4B. 2. Right middle lobe 3 mm "
           "nodule.",
     "A 12 mm part-solid nodule in the left upper lobe with spiculated margins.", "A 6 mm solid nodule in the right lower lobe."),
])
def test_an_impression_statement_with_its_side_slipped_sums_up_its_finding(language, text, left, right):
    """An impression giving the finding on the other side ("右肺上叶" for the left upper lobe nodule) has reported it with
    its side slipped (the laterality check's error), when the findings on that side are each answered by an impression
    statement of their own; where the findings describe as many findings on that side as the impression reports there
    (a second right nodule), it answers those, and the finding on the other side is left out."""
    assert run(omission.check, text, language) == set()
    second = text.replace("\n", " " + right + "\n") if language == "en" else text.replace("\n", right + "\n")
    assert ("omission", left) in run(omission.check, second, language)


def test_fat_stranding_named_by_its_organ_s_surroundings_answers_to_that_organ_s_disease():
    """Stranding of the fat a word names as around an organ ("periesophageal") is that organ's fat: an impression
    reporting the organ's disease (the oesophageal carcinoma) has said it, one reporting another organ's has not."""
    text = ("FINDINGS: Asymmetric wall thickening of the distal oesophagus up to 15 mm over 5 cm. Periesophageal fat "
            "stranding. Consolidation in the right lower lobe.\nIMPRESSION: Distal oesophageal carcinoma, cT3. Right lower "
            "lobe pneumonia.")
    assert run(omission.check, text) == set()
    other = text.replace("Distal oesophageal carcinoma, cT3. ", "")
    assert ("omission", "Periesophageal fat stranding.") in run(omission.check, other)


@pytest.mark.parametrize("language, text, node", [
    ("en", "FINDINGS: Physiological uptake in the bowel, and an enlarged FDG-avid lymph node in the left axilla, 2.1 cm, "
           "SUVmax 9.5.\nIMPRESSION: Right lung mass, SUVmax 12.",
     "Physiological uptake in the bowel, and an enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5."),
    ("zh", "检查所见：肠道生理性摄取，左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，SUVmax 9.5。\n诊断意见：右肺肿块，SUVmax 12。",
     "肠道生理性摄取，左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，SUVmax 9.5。"),
])
def test_physiological_uptake_named_before_a_lesion_does_not_dismiss_the_lesion(language, text, node):
    """"Physiological" describes the uptake of its own clause (the bowel's); the node a later clause goes on to is still a
    finding the impression must carry."""
    assert run(omission.check, text, language) == {("omission", node)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, likely physiological.\n"
           "IMPRESSION: Right lung mass, SUVmax 12."),
    ("zh", "检查所见：左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，考虑生理性摄取。\n诊断意见：右肺肿块，SUVmax 12。"),
    ("en", "FINDINGS: Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, likely to be physiological.\n"
           "IMPRESSION: Right lung mass, SUVmax 12."),
    ("zh", "检查所见：左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，不除外生理性摄取。\n诊断意见：右肺肿块，SUVmax 12。"),
    ("en", "FINDINGS: Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, thought to be physiological.\n"
           "IMPRESSION: Right lung mass, SUVmax 12."),
    ("en", "FINDINGS: Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, consistent with physiological "
           "uptake.\nIMPRESSION: Right lung mass, SUVmax 12."),
    ("zh", "检查所见：左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，考虑为生理性摄取。\n诊断意见：右肺肿块，SUVmax 12。"),
    ("zh", "检查所见：左侧腋窝见肿大淋巴结，大小约2.1cm，FDG摄取增高，符合生理性摄取。\n诊断意见：右肺肿块，SUVmax 12。"),
    ("en", "FINDINGS: A 1.0 cm nodule in the sigmoid colon, SUVmax 5, physiological as in the remaining bowel.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12."),
    ("zh", "检查所见：乙状结肠见结节，大小约1.0cm，SUVmax 5，同其余肠管为生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。"),
    ("zh", "检查所见：乙状结肠见结节，大小约1.0cm，SUVmax 5，考虑与其余肠道相同之生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。"),
    ("en", "FINDINGS: A 1.0 cm nodule in the sigmoid colon, SUVmax 5, no higher than physiological activity in the "
           "remaining bowel.\nIMPRESSION: Right upper lobe nodule, SUVmax 12."),
    ("en", "FINDINGS: A 1.0 cm nodule in the sigmoid colon, SUVmax 11, not significantly higher than physiological "
           "activity in the remaining bowel.\nIMPRESSION: Right upper lobe nodule, SUVmax 12."),
])
def test_a_lesion_its_own_sentence_goes_on_to_call_physiological_is_benign(language, text):
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text, lesion", [
    ("en", "FINDINGS: Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, and physiological uptake in "
           "the bowel.\nIMPRESSION: Right lung mass, SUVmax 12.",
     "Enlarged FDG-avid lymph node in the left axilla, 2.1 cm, SUVmax 9.5, and physiological uptake in the bowel."),
    ("en", "FINDINGS: A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not physiological.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12.",
     "A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not physiological."),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，非生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，非生理性摄取。"),
    ("en", "FINDINGS: A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, unlikely to be physiological.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12.",
     "A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, unlikely to be physiological."),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑生理性摄取。"),
    ("en", "FINDINGS: A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, unlikely to represent physiological.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12.",
     "A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, unlikely to represent physiological."),
    ("en", "FINDINGS: A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not thought to be physiological.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12.",
     "A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not thought to be physiological."),
    ("en", "FINDINGS: A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not consistent with physiological.\n"
           "IMPRESSION: Right upper lobe nodule, SUVmax 12.",
     "A 2.5 cm mass in the sigmoid colon with intense uptake, SUVmax 11, not consistent with physiological."),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑为生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑为生理性摄取。"),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，不符合生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，不符合生理性摄取。"),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，不似生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，不似生理性摄取。"),
    ("zh", "检查所见：乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑是生理性摄取。\n诊断意见：右肺上叶结节，SUVmax 12。",
     "乙状结肠见肿块，大小约2.5cm，SUVmax 11，不考虑是生理性摄取。"),
    ("zh", "检查所见：C5椎体压缩性骨折，颈椎生理曲度变直。\n诊断意见：颈椎退行性变。", "C5椎体压缩性骨折，颈椎生理曲度变直。"),
    ("zh", "检查所见：左肾盂见结石，大小约1.2cm，伴左肾积水，左侧输尿管生理狭窄处未见结石。\n诊断意见：肝脏未见异常。",
     "左肾盂见结石，大小约1.2cm，伴左肾积水，左侧输尿管生理狭窄处未见结石。"),
])
def test_physiological_negated_in_a_later_list_item_or_of_normal_anatomy_does_not_dismiss_the_lesion(language, text,
                                                                                                   lesion):
    """"Not physiological" (非生理性), "unlikely to be physiological" (不考虑生理性摄取), "not thought to be / not
    consistent with physiological" (不符合, 不似生理性) say the uptake is a lesion's; a physiological word opening the
    list's next item (", and physiological uptake in the bowel") describes that item; Chinese 生理曲度, 生理狭窄 are the
    normal curve and narrowing, no uptake: each leaves the lesion a finding the impression must carry."""
    assert ("omission", lesion) in run(omission.check, text, language)


@pytest.mark.parametrize("text", [
    "检查所见：右下腹见回肠造瘘口，周围未见异常。肝脏未见异常。\n诊断意见：肝脏未见异常。",
    "检查所见：膀胱造瘘管在位。肝脏未见异常。\n诊断意见：肝脏未见异常。",
])
def test_a_stoma_described_as_normal_is_no_finding_to_carry(text):
    """造瘘口 is an opening the surgeon made, not a fistula: the impression need not repeat it."""
    assert run(omission.check, text, "zh") == set()


def test_a_fistula_beside_a_stoma_is_still_a_finding():
    text = "检查所见：右下腹见回肠造瘘口，另见回肠膀胱瘘形成。\n诊断意见：回肠造瘘术后。"
    assert run(omission.check, text, "zh") == {("omission", "右下腹见回肠造瘘口，另见回肠膀胱瘘形成。")}
