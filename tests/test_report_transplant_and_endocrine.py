"""Report checks on the wordings of transplant, dialysis and endocrine reports: a lesion's own make-up denied beside
it, dialysate named as the fluid it is, and the impression's names and grades held to the findings' own figures;
in English and Chinese, with the correct wordings that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, exam, measurement, mismatch, omission
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left kidney, upper pole: a 2.2 cm solid lesion, 28 HU unenhanced and 94 HU nephrographic, "
           "homogeneous, without fat or calcification.\nIMPRESSION: 2.2 cm enhancing solid left renal lesion: renal "
           "cell carcinoma until proven otherwise."),
    ("zh", "检查所见：左肾上极见一囊性灶，大小约3.2×2.9cm，内见5条纤细光滑分隔，未见壁结节及增厚。\n"
           "诊断意见：左肾上极Bosniak IIF类囊性病变，建议随访。"),
])
def test_a_lesions_make_up_denied_beside_it_is_no_denial_of_the_lesion(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"findings-deny"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: A 1.6 cm simple cyst in the left kidney, with no renal mass.\nIMPRESSION: Left renal mass.",
     "Left renal mass"),
    ("zh", "检查所见：左肾见一单纯囊肿，直径约1.6cm，左肾未见肿块。\n诊断意见：左肾肿块。", "左肾肿块"),
])
def test_a_denial_of_the_impressions_own_finding_beside_a_lesion_still_contradicts(language, text, evidence):
    assert ("findings-deny", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Peritoneal dialysis catheter with its tip in the pouch of Douglas; a small amount of dialysate in "
           "the pelvis.\nIMPRESSION: Peritoneal dialysis catheter in the pelvis; the pelvic fluid is dialysate."),
    ("zh", "检查所见：腹透管末端位于盆腔，腹腔内见少量透析液。\n诊断意见：腹透管位置可，盆腔积液为透析液。"),
])
def test_dialysate_in_the_findings_is_the_impressions_fluid(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"not-in-findings"}


def test_fluid_in_the_pelvis_the_findings_never_describe_still_contradicts():
    text = ("FINDINGS: Peritoneal dialysis catheter with its tip in the pouch of Douglas.\n"
            "IMPRESSION: Peritoneal dialysis catheter in the pelvis; pelvic fluid.")
    assert ("not-in-findings", "fluid") in flagged(text)


def omitted(text: str, language: str = "en") -> set[str]:
    """Evidence of each omission the check reports at the workflow's operating point (0.5), without embeddings."""
    return {text[c.start:c.end] for c in omission.check(CheckInput(parse_report(text, language))) if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Severe panlobular emphysema in the lower lobes. Bronchial wall thickening and a few cylindrical "
           "bronchiectases in the lower lobes. No consolidation.\nIMPRESSION: Severe panlobular emphysema, lower-lobe "
           "predominant."),
    ("zh", "检查所见：双肺透亮度增高，双肺下叶见全小叶型肺气肿。双肺支气管壁增厚。\n诊断意见：双肺全小叶型肺气肿。"),
])
def test_bronchial_wall_thickening_is_a_minor_airway_sign_the_impression_may_leave_out(language, text):
    assert not omitted(text, language)


def test_the_wall_thickening_of_a_bowel_segment_still_belongs_in_the_impression():
    text = ("FINDINGS: Severe panlobular emphysema in the lower lobes. Wall thickening of the sigmoid colon over 12 cm "
            "with pericolic fat stranding.\nIMPRESSION: Severe panlobular emphysema, lower-lobe predominant.")
    assert omitted(text) == {"Wall thickening of the sigmoid colon over 12 cm with pericolic fat stranding."}


_GRAFT_ARTERY = {
    "zh": "影像所见：移植肾动脉与右髂外动脉端侧吻合，吻合口以远约8mm处管腔局限性狭窄，最窄处直径约1.5mm，邻近正常段直径约5.8mm，"
          "狭窄程度约75%。\n影像诊断：移植肾动脉吻合口以远管腔{grade}。",
    "en": "FINDINGS: The transplant renal artery, anastomosed end-to-side to the right external iliac artery, narrows "
          "focally 8 mm beyond the anastomosis, a 75% stenosis.\nIMPRESSION: {grade} of the transplant renal artery "
          "beyond the anastomosis.",
}


@pytest.mark.parametrize("language, grade, evidence", [
    ("zh", "轻度狭窄（约30%）", "移植肾动脉吻合口以远管腔轻度狭窄（约30%）"),
    ("en", "Mild (30%) stenosis", "Mild (30%) stenosis of the transplant renal artery beyond the anastomosis"),
])
def test_a_graft_arterys_stenosis_is_its_own_not_the_artery_it_is_joined_to(language, grade, evidence):
    text = _GRAFT_ARTERY[language].format(grade=grade)
    assert ("stenosis-grade", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, grade", [("zh", "重度狭窄（约75%）"), ("en", "Severe (75%) stenosis")])
def test_a_graft_arterys_stenosis_graded_as_measured_stays_silent(language, grade):
    assert not flagged(_GRAFT_ARTERY[language].format(grade=grade), language)


def measured(text: str, language: str = "en") -> set[str]:
    """Evidence of each measurement the check reports at the workflow's operating point (0.5)."""
    return {text[c.start:c.end] for c in measurement.check(CheckInput(parse_report(text, language))) if c.confidence >= 0.5}


def test_a_stenosis_regraded_with_its_percentage_is_a_mismatch_not_a_measurement():
    assert "30%" not in measured(_GRAFT_ARTERY["zh"].format(grade="轻度狭窄（约30%）"), "zh")


def test_a_stenosis_percentage_changed_within_its_grade_is_still_a_measurement():
    text = ("检查所见：左侧颈内动脉起始部见钙化斑块，管腔轻度狭窄约20%。\n"
            "诊断意见：左侧颈内动脉起始部轻度狭窄（约40%）。")
    assert "40%" in measured(text, "zh")


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：肝S6见一血管瘤，大小约1.5cm，肝内未见转移灶。\n诊断意见：肝转移瘤。", "转移瘤"),
    ("en", "FINDINGS: A 1.5 cm haemangioma in liver segment 6, no liver metastases.\nIMPRESSION: Liver metastasis.",
     "metastasis"),
])
def test_a_denial_naming_the_organ_again_beside_a_lesion_denies_the_organ(language, text, evidence):
    """"肝内未见转移灶" names the liver again in a clause of its own: the whole organ's denial, not the haemangioma's
    make-up."""
    assert ("findings-deny", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Right kidney: a 3.6 cm cystic lesion; fluid attenuation 12 HU unenhanced. It contains two septa: "
           "the posterior septum is smooth and 1 mm thick, the anterior one irregularly thickened to 5 mm and enhancing "
           "from 20 to 48 HU. No enhancing nodule.\nIMPRESSION: 3.6 cm right renal cyst with thin septa, Bosniak II.",
     "Bosniak II"),
    ("zh", "检查所见：左肾见一囊性灶，大小约4.0×3.5cm，囊壁不规则增厚，厚约6mm，增强后可见强化，未见壁结节。\n"
           "诊断意见：左肾囊性病变，Bosniak IIF类，建议随访。", "Bosniak IIF类"),
    ("en", "FINDINGS: Right kidney: a 3.4 cm cystic lesion. Its wall is irregular and 5 mm thick, enhancing from 18 to "
           "52 HU.\nIMPRESSION: Right renal cyst, Bosniak II.", "Bosniak II"),
    ("zh", "检查所见：右肾见一囊性灶，约3.4cm，壁厚约5mm，增强后可见强化。\n诊断意见：右肾囊性病变，Bosniak II类。", "Bosniak II类"),
    ("en", "FINDINGS: Right kidney: a 4.0 cm cystic lesion. The lesion wall is 5 mm thick and enhancing.\n"
           "IMPRESSION: Right renal cyst, Bosniak II.", "Bosniak II"),
    ("zh", "检查所见：右肾见一囊肿，大小约4.0cm，囊肿壁增厚约5mm，增强后明显强化。\n诊断意见：右肾囊肿，Bosniak II类。",
     "Bosniak II类"),
])
def test_a_bosniak_class_below_an_enhancing_thick_wall_or_septum(language, text, evidence):
    assert ("bosniak-thick-wall", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：左肾上极见一囊性灶，大小约3.2×2.9cm，平扫CT值约14HU，内见5条纤细光滑分隔，厚度均≤2mm，分隔可见强化，"
           "未见壁结节及增厚。\n诊断意见：左肾上极Bosniak IIF类囊性病变，建议继续随访。"),
    ("en", "FINDINGS: Right kidney: a 3.6 cm cystic lesion. One septum irregularly thickened to 5 mm and enhancing from "
           "20 to 48 HU.\nIMPRESSION: 3.6 cm right renal cystic mass, Bosniak III; MDT discussion."),
    ("en", "FINDINGS: Right kidney: a 3.6 cm cystic lesion with a smooth septum 1 mm thick that enhances.\n"
           "IMPRESSION: Bosniak II cyst of the right kidney."),
    # a thick enhancing wall of another organ or lesion beside the cyst is not the cyst's
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. No hydronephrosis. The bladder wall is thickened to 6 mm and "
           "enhances avidly.\nIMPRESSION: Right renal cyst, Bosniak I."),
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. The right renal pelvis wall is thickened to 5 mm and enhances.\n"
           "IMPRESSION: Right renal cyst, Bosniak I."),
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. The gallbladder wall is thickened to 5 mm and enhances.\n"
           "IMPRESSION: Right renal cyst, Bosniak I."),
    ("zh", "检查所见：右肾见一单纯囊肿，约3cm。膀胱壁增厚约6mm，增强后明显强化。\n诊断意见：右肾囊肿，Bosniak I类。"),
    ("zh", "检查所见：右肾见一单纯囊肿，约3cm。右侧腰大肌脓肿壁厚约6mm，可见强化。\n诊断意见：右肾囊肿，Bosniak I类。"),
    ("zh", "检查所见：右侧肾上腺见一结节。胆囊壁增厚约5mm，可见强化。\n诊断意见：右肾囊肿，Bosniak I类。"),
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. The right psoas abscess wall is 6 mm thick and enhancing.\n"
           "IMPRESSION: Right renal cyst, Bosniak I."),
    # a lesion's or mass's wall where its sentence names another organ is that organ's lesion's
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. The bladder mass wall is 6 mm thick and enhancing.\n"
           "IMPRESSION: Right renal cyst, Bosniak I. Bladder mass."),
    ("en", "FINDINGS: Right kidney: a 3 cm simple cyst. Liver: a 4 cm cystic lesion in segment 7; the lesion wall is 5 mm "
           "thick and enhancing, likely an abscess.\nIMPRESSION: Right renal cyst, Bosniak I. Hepatic abscess."),
    ("zh", "检查所见：右肾见一单纯囊肿，约3cm。肝内见囊肿，囊肿壁厚约5mm，可见强化。\n诊断意见：右肾囊肿，Bosniak I类。"),
])
def test_a_bosniak_class_its_walls_and_septa_allow_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"bosniak-thick-wall"}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：右侧肾上腺体部见一类圆形结节，大小约3.6×3.1cm。平扫CT值约38HU，门静脉期约90HU，15分钟延迟期约72HU；"
           "绝对廓清率约35%，相对廓清率约20%。\n诊断意见：右侧肾上腺结节，廓清率符合腺瘤，建议1年后复查。", "腺瘤"),
    ("en", "FINDINGS: Left adrenal nodule 2.4 cm, 34 HU unenhanced; absolute washout 30%, relative washout 18%.\n"
           "IMPRESSION: Left adrenal adenoma; no further imaging.", "adenoma"),
])
def test_an_adrenal_adenoma_its_washout_rules_out(language, text, evidence):
    assert ("adenoma-washout", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Left adrenal nodule 1.8 cm, 30 HU unenhanced; absolute washout 72%. Right adrenal mass 3.5 cm, 38 HU "
           "unenhanced; absolute washout 25%, relative washout 15%.\nIMPRESSION: Right adrenal adenoma.", "adenoma"),
    ("zh", "检查所见：左侧肾上腺结节，大小约1.8cm，绝对廓清率约72%。右侧肾上腺肿块，大小约3.5cm，绝对廓清率约25%，相对廓清率约15%。\n"
           "诊断意见：右侧肾上腺腺瘤。", "腺瘤"),
])
def test_a_washout_on_the_other_adrenal_does_not_make_a_mass_an_adenoma(language, text, evidence):
    """Each gland's washout is its own: the left adenoma's 72% says nothing of the right mass's 25%."""
    assert ("adenoma-washout", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left adrenal nodule 1.8 cm, 30 HU unenhanced; absolute washout 72%. Right adrenal mass 3.5 cm, 38 HU "
           "unenhanced; absolute washout 25%, relative washout 15%.\nIMPRESSION: Left adrenal adenoma. Indeterminate right "
           "adrenal mass."),
    ("zh", "检查所见：左侧肾上腺结节，大小约1.8cm，绝对廓清率约72%。右侧肾上腺肿块，大小约3.5cm，绝对廓清率约25%，相对廓清率约15%。\n"
           "诊断意见：左侧肾上腺腺瘤；右侧肾上腺肿块，性质待定。"),
])
def test_an_adenoma_on_the_side_whose_washout_fits_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"adenoma-washout"}


@pytest.mark.parametrize("language, text", [
    # a lipid-poor adenoma proven by washout
    ("en", "FINDINGS: Right adrenal nodule 1.9 cm. Unenhanced 24 HU, portal venous 88 HU, delayed 36 HU: absolute "
           "washout 81%, relative washout 59%.\nIMPRESSION: Lipid-poor right adrenal adenoma."),
    # a lipid-rich adenoma needs no washout
    ("zh", "检查所见：左侧肾上腺结节，大小约2.0cm，平扫CT值约8HU，门静脉期约60HU，延迟期约50HU；绝对廓清率约19%，相对廓清率约17%。\n"
           "诊断意见：左侧肾上腺富脂腺瘤。"),
    # the impression says the washout does not fit
    ("zh", "检查所见：右侧肾上腺结节，平扫CT值约38HU；绝对廓清率约35%，相对廓清率约20%。\n"
           "诊断意见：右侧肾上腺结节，廓清率不符合腺瘤，建议进一步检查。"),
    ("en", "FINDINGS: Left adrenal nodule 2.4 cm, 34 HU unenhanced; absolute washout 30%, relative washout 18%.\n"
           "IMPRESSION: Left adrenal nodule, washout not that of an adenoma; consider phaeochromocytoma."),
])
def test_an_adrenal_adenoma_its_washout_or_fat_allows_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"adenoma-washout"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: The common hepatic artery opacifies normally to the arterial anastomosis. Beyond it the donor "
           "hepatic artery is abruptly cut off; no intrahepatic arterial branches opacify.\n"
           "IMPRESSION: Patent hepatic artery anastomosis with normal intrahepatic arterial opacification.",
     "Patent hepatic artery anastomosis"),
    ("zh", "检查所见：移植肾动脉主干通畅；下极分支动脉起始部突然截断，远端未见显影。\n诊断意见：移植肾动脉及分支通畅。",
     "移植肾动脉及分支通畅"),
    ("en", "FINDINGS: The proximal superior mesenteric artery is occluded by thrombus.\n"
           "IMPRESSION: Patent superior mesenteric artery.", "Patent superior mesenteric artery"),
    ("zh", "检查所见：门静脉右支分支截断，远端未见显影。\n诊断意见：门静脉及分支通畅。", "门静脉及分支通畅"),
])
def test_a_vessel_called_patent_that_the_findings_describe_shut(language, text, evidence):
    assert ("patent-against-occlusion", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: The right renal artery is occluded at its origin. The left renal artery is patent.\n"
           "IMPRESSION: Occluded right renal artery. Left renal artery patent."),
    ("en", "FINDINGS: The portal vein, previously occluded, is now recanalised.\nIMPRESSION: Patent portal vein."),
    ("en", "FINDINGS: The superior mesenteric vein is occluded at the confluence. The portal vein is patent.\n"
           "IMPRESSION: Superior mesenteric vein occlusion; patent portal vein."),
    ("zh", "检查所见：门静脉主干通畅，脾静脉闭塞。\n诊断意见：脾静脉闭塞，门静脉通畅。"),
    ("zh", "检查所见：移植肾动脉及分支显影良好，未见截断或闭塞。\n诊断意见：移植肾动脉及分支通畅。"),
    # another vessel by a qualifier of its name, a branch of another vessel, a thrombus that leaves the vessel open
    ("en", "FINDINGS: The inferior mesenteric artery is occluded at its origin.\n"
           "IMPRESSION: Patent superior mesenteric artery."),
    ("en", "FINDINGS: The left external carotid artery is occluded.\nIMPRESSION: The left internal carotid artery is patent."),
    ("en", "FINDINGS: Non-occlusive thrombus in the main portal vein.\nIMPRESSION: The portal vein remains patent."),
    ("zh", "检查所见：上腔静脉闭塞，周围见侧支循环。\n诊断意见：上腔静脉闭塞；下腔静脉通畅。"),
    ("zh", "检查所见：肝动脉左支分支截断。\n诊断意见：门静脉及分支通畅。"),
    ("zh", "检查所见：左侧髂内动脉闭塞。\n诊断意见：左侧颈内动脉通畅。"),
    ("en", "FINDINGS: Non occlusive thrombus in the hepatic artery.\nIMPRESSION: Patent hepatic artery."),
    ("zh", "检查所见：移植肝动脉吻合口处管腔不完全闭塞。\n诊断意见：移植肝动脉通畅。"),
])
def test_a_vessel_called_patent_that_the_findings_leave_open_stays_silent(language, text):
    assert not {r for r, _ in flagged(text, language)} & {"patent-against-occlusion"}


def examined(text: str, exam_: str, language: str = "zh") -> set[str]:
    """Evidence of each exam mismatch the check reports for EXAM_ at the workflow's operating point (0.5)."""
    return {text[c.start:c.end] for c in exam.check(CheckInput(parse_report(text, language), exam=exam_))
            if c.confidence >= 0.5}


def test_an_excretory_phase_on_an_unenhanced_urinary_ct():
    text = ("检查所见：右侧输尿管上段见一高密度结石，大小约7×5mm，其上输尿管扩张积水。排泄期对比剂自右肾盂下行至结石上方受阻。\n"
            "诊断意见：右侧输尿管上段结石并右肾积水。")
    assert "排泄期" in examined(text, "泌尿系CT平扫")


@pytest.mark.parametrize("text, exam_", [
    ("检查所见：排泄期对比剂自右肾盂下行至结石上方受阻。\n诊断意见：右侧输尿管上段结石。", "泌尿系CT平扫+增强（CTU）"),
    ("检查所见：右侧输尿管上段见一高密度结石，大小约7×5mm。\n诊断意见：右侧输尿管上段结石，建议行CTU排泄期检查。", "泌尿系CT平扫"),
])
def test_an_excretory_phase_of_a_contrast_study_or_advised_stays_silent(text, exam_):
    assert not examined(text, exam_)


def test_a_secretory_phase_of_the_endometrium_is_no_contrast_phase():
    text = ("检查所见：子宫大小正常，子宫内膜稍厚，约1.2cm，考虑分泌期改变。双侧附件区未见肿块。\n"
            "诊断意见：子宫内膜稍厚，考虑分泌期改变，建议月经后复查。")
    assert not examined(text, "盆腔CT平扫")
    assert not examined(text.replace("考虑分泌期改变", "内膜呈分泌期"), "盆腔CT平扫")
    urinary = "检查所见：分泌期双侧肾盂肾盏显影良好。\n诊断意见：双侧尿路未见异常。"
    assert "分泌期" in examined(urinary, "泌尿系CT平扫")
