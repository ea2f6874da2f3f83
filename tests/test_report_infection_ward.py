"""Infectious-disease and respiratory hospital habits the CT checks learned from an eleventh author's reports:
tuberculosis and pneumoconiosis wording, ICU follow-ups, CT-guided procedure notes; each test states the habit in
its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, laterality, measurement, mismatch, omission, spelling
from report_cases import run


# spelling -----------------------------------------------------------------------------------------

def test_spelling_knows_the_infection_ward_sound_alikes_and_the_words_of_a_procedure_note():
    """A dictated halo comes out as the greeting, 晕征 as 云征 and 孢子菌 as the steamed bun 包子菌; a procedure
    note names the patient's position and its kit, which are no typos ("supine" is not "spine")."""
    text = ("FINDINGS: Cavitating nodule with a hello of ground-glass. Patient supine; a coaxial introducer and a "
            "guidewire were used, and a pigtail drain placed under lidocaine.")
    assert run(spelling.check, text) == {("spelling", "hello of")}
    text = "检查所见：左肺结节伴云征。诊断意见：考虑肺包子菌肺炎，晕征不明显。"
    assert run(spelling.check, text, "zh") == {("spelling", "云征"), ("spelling", "包子菌")}



def test_the_names_of_opportunistic_infections_are_words():
    text = ("FINDINGS: Features of invasive aspergillosis or mucormycosis; pneumocystis less likely. Tuberculous "
            "lymphadenitis. No bronchopleural fistula. IMPRESSION: Angioinvasive fungal infection.")
    assert run(spelling.check, text) == set()


# laterality ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：左肺上叶尖段见厚壁空洞，约3.0cm，周围见树芽征。右肺下叶少许纤维灶。\n"
           "诊断意见：右肺上叶浸润性肺结核伴空洞形成；右肺下叶纤维灶。", "右肺上叶浸润性肺结核伴空洞"),
    ("en", "Findings: A thick-walled cavity of 2.5 cm in the apical segment of the right upper lobe. Left lower "
           "lobe scarring.\nImpression: Left upper lobe cavitation, in keeping with active tuberculosis.",
     "Left upper lobe cavitation"),
])
def test_a_tuberculous_cavity_placed_on_the_other_side_by_the_impression(language, text, evidence):
    """A cavity ("空洞", "cavitation") was no finding, so its side was never compared."""
    assert ("laterality", evidence) in run(laterality.check, text, language)



def test_a_cavity_of_the_body_or_of_an_operation_is_no_lesion():
    """A lung's cavity is a finding; the resection cavity, the peritoneal or the nasal cavity are places."""
    text = ("Findings: Resection cavity in the left temporal lobe with a little air. Fluid in the peritoneal cavity.\n"
            "Impression: Expected appearances after resection; small volume ascites.")
    assert run(omission.check, text) == set()


# exam ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, exam_, text, expected", [
    ("en", "CT neck with contrast", "Findings: Retropharyngeal abscess. Septic nodules at both lung bases.",
     {("exam_mismatch", "Septic nodules at both lung bases.")}),
    ("zh", "颈部CT增强", "检查所见：咽旁间隙脓肿。双肺下叶多发结节。", {("exam_mismatch", "双肺下叶多发结节。")}),
    ("en", "CT neck with contrast", "Findings: Supraglottic mass. Clear lung apices; no apical nodule.", set()),
    ("en", "CT chest with contrast", "Findings: Cavitating nodules in both lower lobes.", set()),
])
def test_a_neck_scan_reaches_the_lung_apices_and_not_the_lower_lobes(language, exam_, text, expected):
    assert run(exam.check, text, language, exam_=exam_) == expected


# omission -----------------------------------------------------------------------------------------

def test_an_empyema_in_the_impression_sums_up_the_pus_collection_of_the_pleura():
    """积脓 (pus collected in the pleura) was an abscess to the lexicon and 脓胸 (empyema) nothing."""
    text = "检查所见：左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。\n诊断意见：左侧脓胸，较前好转。"
    assert run(omission.check, text, "zh") == set()
    text = "检查所见：左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。\n诊断意见：左肺下叶少许纤维灶。"
    assert run(omission.check, text, "zh") == {("omission", "左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。")}


# follow-up of treated tuberculosis ----------------------------------------------------------------

def test_a_denial_of_new_lesions_does_not_call_the_organ_normal_beside_an_old_one():
    text = "检查所见：右肺上叶陈旧纤维条索及钙化灶，同前。双肺未见新发病灶。\n诊断意见：右肺上叶陈旧性肺结核。"
    assert run(insertion.check, text, "zh") == set()
    text = "检查所见：右肺上叶陈旧纤维条索及钙化灶，同前。双肺未见异常。\n诊断意见：右肺上叶陈旧性肺结核。"
    assert run(insertion.check, text, "zh") == {("insertion", "双肺未见异常。")}


# severity scores ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: CT severity score 12/20 (80%), previously 6/20 (30%).", {("measurement", "12/20 (80%)")}),
    ("zh", "检查所见：肺部受累评分9/25（36%），较前16/25（64%）降低。", set()),
])
def test_a_score_is_held_to_the_share_written_beside_it(language, text, expected):
    assert run(measurement.check, text, language) == expected



@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：左侧胸腔积液引流前约600mL，现约150mL，减少约40%。", {("measurement", "减少约40%")}),
    ("zh", "检查所见：左侧胸腔积液引流前约600mL，现约150mL，减少约75%。", set()),
    ("en", "Findings: The collection, 90 mL on admission, now measures 30 mL, a reduction of 33%.",
     {("measurement", "reduction of 33%")}),
    ("en", "Findings: The collection grew from 40 mL to 60 mL, an increase of 50%.", set()),
])
def test_a_volume_change_in_per_cent_is_held_to_its_two_volumes(language, text, expected):
    """A fall is a share of the volume before, a rise likewise: 600 to 150 mL is 75% less, 40 to 60 mL 50% more."""
    assert run(measurement.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: Residual moderate left pleural effusion, estimated volume 1.2 L.\n"
           "Impression: Residual left pleural effusion, approximately 120 mL.", {("measurement", "120 mL")}),
    ("zh", "检查所见：右侧胸腔中量积液，估计约0.8升。\n诊断意见：右侧胸腔积液，约80mL。", {("measurement", "80mL")}),
    ("en", "Findings: Residual moderate left pleural effusion, estimated volume 1.2 L.\n"
           "Impression: Residual left pleural effusion, approximately 1200 mL.", set()),
    ("en", "Findings: The effusion measured 800 mL before drainage and now 200 mL.\n"
           "Impression: Effusion reduced from 800 mL to 200 mL.", set()),
    ("en", "Findings: On 2 L/min oxygen. Small left effusion, about 200 mL. L4 vertebra intact.\n"
           "Impression: Small left effusion, 200 mL.", set()),
])
def test_the_impression_gives_a_volume_the_findings_give_in_any_unit(language, text, expected):
    """A volume written in litres in the findings and in millilitres in the impression is one volume if the numbers
    agree: 1.2 L and 120 mL are a unit slip; a prior volume quoted, a rate of oxygen and a vertebra are none."""
    assert run(measurement.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：左肺下叶背段见一空洞，大小约2.8cm×2.1cm，壁厚约4cm，内壁光整。", {("measurement", "4cm")}),
    ("en", "Findings: A 2.5 cm cavity in the right upper lobe, wall thickness 3 cm.", {("measurement", "3 cm")}),
    ("zh", "检查所见：左肺下叶背段见一空洞，大小约2.8cm×2.1cm，壁厚约4mm，内壁光整。", set()),
    ("en", "Findings: A thick-walled 3.2 cm cavity in the right upper lobe, its wall 12 mm thick.", set()),
    ("en", "Findings: Sigmoid wall thickening over 12 cm, up to 8 mm thick.", set()),
])
def test_a_wall_is_no_thicker_than_the_lesion_it_bounds(language, text, expected):
    """A cavity's wall of 4 cm around a 2.8 cm cavity is 4 mm written in the wrong unit."""
    assert run(measurement.check, text, language) == expected


# lines and tubes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("en", "Lines/tubes: ETT tip 3 cm above the carina. Left subclavian CVC tip in the SVC.\nFindings: Multifocal "
           "consolidation.\nImpression:\n1. Endotracheal tube in the right main bronchus; recommend withdrawal.\n"
           "2. Multifocal pneumonia.", {("findings_impression_mismatch", "Endotracheal tube in the right main bronchus")}),
    ("zh", "检查所见：气管插管末端位于隆突上约4cm。鼻空肠管末端位于空肠上段。双肺多发实变。\n"
           "诊断意见：1. 气管插管末端位于右主支气管，建议调整。2. 双肺炎症。", {("findings_impression_mismatch", "气管插管末端位于右主支气管")}),
    ("en", "Lines/tubes: Right IJ central venous catheter tip at the cavoatrial junction. ETT 4 cm above the carina and "
           "enteric tube in the stomach.\nFindings: Small effusions.\nImpression: CVC tip in the SVC, ETT in the mid "
           "trachea. Lines and tubes satisfactory.", set()),
])
def test_the_impression_places_a_tube_where_the_report_describes_it(language, text, expected):
    """A tube's tip above the carina is in the trachea, not a main bronchus; the superior vena cava and the
    cavoatrial junction are one place on CT, and an impression calling the lines satisfactory places none."""
    assert {(t, e) for t, e in run(mismatch.check, text, language) if t == "findings_impression_mismatch"} == expected


# pneumoconiosis -----------------------------------------------------------------------------------

def test_small_opacities_are_no_large_opacity_a_pneumoconiosis_report_denies():
    """大阴影 (a large opacity) and 小阴影 (small opacities) are the two counted signs of pneumoconiosis, not one
    "阴影": denying the first says nothing of the second."""
    text = ("检查所见：双肺散在类圆形小阴影，以中上肺区为著；未见大阴影。\n"
            "诊断意见：双肺小阴影，符合矽肺，尘肺贰期，未见大阴影。")
    for check in (mismatch.check, insertion.check, omission.check):
        assert run(check, text, "zh") == set()


@pytest.mark.parametrize("language, text, stage", [
    ("zh", "检查所见：双肺弥漫小阴影。左肺上叶见融合大阴影，约3.1cm×1.6cm。\n诊断意见：矽肺壹期。", "矽肺壹期"),
    ("zh", "检查所见：双肺弥漫小阴影。双上肺见团块状大阴影，大者约2.4cm×1.2cm。\n诊断意见：贰期尘肺。", "贰期尘肺"),
    ("en", "Findings: Profuse small nodules. A conglomerate mass of 1.8 x 1.1 cm in the right upper lobe.\n"
           "Impression: Simple silicosis.", "Simple silicosis"),
])
def test_a_measured_large_opacity_rules_out_simple_or_early_pneumoconiosis(language, text, stage):
    assert run(mismatch.check, text, language) == {("findings_impression_mismatch", stage)}


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：双肺弥漫小阴影。右上肺见大阴影，约1.6cm×0.9cm。\n诊断意见：尘肺贰期。"),  # under 20 x 10 mm
    ("zh", "检查所见：双肺弥漫小阴影，右上肺见大阴影，约4.0cm×2.2cm。\n诊断意见：尘肺叁期。"),
    ("en", "Findings: Profuse small nodules. A conglomerate mass of 3.2 x 2.0 cm in the left upper lobe.\n"
           "Impression: Complicated silicosis with progressive massive fibrosis."),
])
def test_a_stage_the_large_opacity_allows_stands(language, text):
    assert run(mismatch.check, text, language) == set()


def test_an_impression_denying_massive_fibrosis_beside_conglomerate_masses_is_a_mismatch():
    text = ("Findings: Small upper zone nodules. Conglomerate masses in both upper lobes.\n"
            "Impression: Silicosis; no progressive massive fibrosis.")
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "no progressive massive fibrosis")}
    assert run(omission.check, text) == set()



@pytest.mark.parametrize("language, text, expected", [
    ("en", "Findings: Right upper lobe abscess, 4.2 cm, with an air-fluid level. Surrounding consolidation has "
           "increased.\nImpression: Enlarging right upper lobe abscess.", set()),
    ("en", "Findings: Right upper lobe abscess, 4.2 cm. Large left pleural effusion, new.\n"
           "Impression: Enlarging right upper lobe abscess.", {("omission", "Large left pleural effusion, new.")}),
    ("zh", "检查所见：左肺下叶脓肿，约4.0cm，内见气液平。周围见大片实变影，较前增多。\n诊断意见：左肺下叶肺脓肿。", set()),
])
def test_what_surrounds_the_lesion_the_impression_reports_is_part_of_it(language, text, expected):
    assert run(omission.check, text, language) == expected


# ICU: bowel ischaemia -----------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings: Thrombus occludes the SMA. Small bowel loops show pneumatosis intestinalis.\n"
           "Impression: SMA thrombosis. No evidence of bowel ischaemia.", "No evidence of bowel ischaemia"),
    ("en", "Findings: Occluded SMA origin. Portal venous gas in both liver lobes.\n"
           "Impression: SMA occlusion; no ischemic bowel.", "no ischemic"),
    ("zh", "检查所见：肠系膜上动脉闭塞，回肠肠壁积气。\n诊断意见：肠系膜上动脉闭塞，考虑肠梗阻，未见肠缺血。", "未见肠缺血"),
])
def test_pneumatosis_and_portal_venous_gas_are_signs_of_the_bowel_ischaemia_an_impression_denies(language, text, evidence):
    """Gas in the bowel wall or the portal veins was no finding, and a denial sharing its sentence with a
    differential ("考虑肠梗阻") was read as hedged by it."""
    assert run(mismatch.check, text, language) == {("findings_impression_mismatch", evidence)}


def test_a_denied_management_opens_no_list_of_denied_findings():
    """"no further imaging" denies the imaging; a list after it ("35 or over") does not carry its "no" back to the
    nodule it is about. Once a denial was judged by its own clause's hedges, this read the nodule as denied."""
    text = ("Findings: A 7 mm nodule in the right thyroid lobe.\n"
            "Impression: 7 mm right thyroid nodule: no additional imaging required per the white paper's thyroid nodule "
            "guidance (smaller than 1.5 cm, aged 40 or over, no suspicious features).")
    assert run(mismatch.check, text) == set()


def test_a_hedged_clause_still_hedges_its_own_denial():
    text = "检查所见：回肠肠壁积气。\n诊断意见：肠壁积气，考虑良性，肠缺血不除外。"
    assert run(mismatch.check, text, "zh") == set()


# CT-guided procedure notes ------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "CT-GUIDED BIOPSY\nIndication: right upper lobe mass, 3 cm.\n1. Prone; local anaesthetic.\n"
           "2. 18G coaxial needle advanced, two cores taken.\n3. Check scan: no pneumothorax.\n"
           "Impression: Uneventful CT-guided biopsy of the right upper lobe mass."),
    ("en", "CT-GUIDED DRAINAGE\n1. Supine, right flank approach.\n2. Guidewire, 10 Fr pigtail placed.\n"
           "Post-procedure CT: catheter loop coiled in the cavity.\n"
           "Impression: Pigtail drain placed into the right subphrenic abscess."),
    ("zh", "操作步骤：\n1. 俯卧位，CT定位后局部麻醉。\n2. 同轴针进针，取组织条两条。\n3. 复扫未见气胸。\n"
           "诊断意见：左肺下叶结节穿刺活检术顺利完成。"),
])
def test_the_target_a_procedure_note_names_needs_no_description_in_its_steps(language, text):
    """The lesion a biopsy or a drain is for is the request's, the steps give the needle's path: the impression
    naming it reports no abnormality the findings leave out."""
    assert run(mismatch.check, text, language) == set()


def test_what_the_scan_after_a_procedure_shows_is_findings_the_impression_must_carry():
    """A "Post-procedure CT:" heading opens the findings of a procedure note; under the steps' heading it was
    technique, so a pneumothorax there was never held against the impression."""
    text = ("CT-GUIDED LUNG BIOPSY\nIndication: left upper lobe nodule.\nProcedure:\n1. Supine, anterior approach.\n"
            "2. Three cores taken.\nPost-procedure CT: Moderate left pneumothorax, 2 cm rim.\n"
            "Impression: CT-guided biopsy of the left upper lobe nodule; samples to histology.")
    assert run(omission.check, text) == {("omission", "Moderate left pneumothorax, 2 cm rim.")}


# abscesses ----------------------------------------------------------------------------------------

_PERINEPHRIC = ("检查所见：右肾上极实质强化减低。右肾周间隙见一不规则液性密度影，范围约6.8cm×4.3cm，边缘环形强化，内见少许气体。\n"
                "诊断意见：右肾急性肾盂肾炎。")


def test_a_fluid_density_with_an_enhancing_rim_or_gas_is_an_abscess_the_impression_must_carry():
    """Chinese names a collection by its density ("液性密度影"); its enhancing wall and gas make it an abscess, a
    septic source the impression has to name. Without them, or with them denied, it is fluid."""
    assert run(omission.check, _PERINEPHRIC, "zh") == {
        ("omission", "右肾周间隙见一不规则液性密度影，范围约6.8cm×4.3cm，边缘环形强化，内见少许气体。")}
    assert run(omission.check, _PERINEPHRIC.replace("边缘环形强化，内见少许气体", "壁未见强化，内未见气体"), "zh") == set()
    assert run(omission.check, _PERINEPHRIC.replace("右肾急性肾盂肾炎。", "右肾急性肾盂肾炎伴肾周脓肿形成。"), "zh") == set()


def test_an_impression_denying_the_abscess_a_walled_gas_containing_collection_is():
    text = ("检查所见：直肠子宫陷凹内见一包裹性液性密度影，大小约4.5cm×3.8cm，壁厚并明显环形强化，内见小气泡。\n"
            "诊断意见：盆腔包裹性积液，未见明确脓肿形成。")
    found = run(mismatch.check, text, "zh")
    assert len(found) == 1 and all(kind == "findings_impression_mismatch" and "未见明确脓肿" in evidence
                                   for kind, evidence in found)
    assert run(mismatch.check, text.replace("壁厚并明显环形强化，内见小气泡", "壁薄，密度均匀"), "zh") == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Acute appendicitis, the appendix 12 mm, with a 3.5 cm rim-enhancing periappendiceal collection "
           "containing gas.\nIMPRESSION: Acute appendicitis.",
     "Acute appendicitis, the appendix 12 mm, with a 3.5 cm rim-enhancing periappendiceal collection containing gas."),
    ("zh", "检查所见：阑尾增粗，直径约1.3cm。阑尾周围脂肪间隙模糊，回盲部旁见一不规则液性密度影，大小约3.6cm×2.9cm，壁环形强化，"
           "内见小气泡。\n诊断意见：急性阑尾炎。",
     "阑尾周围脂肪间隙模糊，回盲部旁见一不规则液性密度影，大小约3.6cm×2.9cm，壁环形强化，内见小气泡。"),
])
def test_an_inflammation_in_the_impression_does_not_stand_for_its_abscess(language, text, evidence):
    """An abscess beside an appendicitis means drainage or a perforation: "Acute appendicitis" has not said it, though
    it sums up the stranding and the thickened wall (and a blurred fat plane, "脂肪间隙模糊", is inflammation, not the
    fat of a benign lesion)."""
    assert run(omission.check, text, language) == {("omission", evidence)}
    named = text.replace("IMPRESSION: Acute appendicitis.", "IMPRESSION: Perforated appendicitis with an abscess.")
    assert run(omission.check, named.replace("诊断意见：急性阑尾炎。", "诊断意见：急性阑尾炎伴阑尾周围脓肿。"), language) == set()
