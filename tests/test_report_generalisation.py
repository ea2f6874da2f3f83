"""Handwritten reports in wordings the development sets do not use: the rules should follow the report's
logic, not its phrasing. Findings are read at the workflow's operating point (confidence 0.5)."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, exam, insertion, laterality, measurement, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities

OPERATING_POINT = 0.5


def confident(check, text: str, language: str = "en") -> set[tuple[str, str]]:
    found = check(CheckInput(parse_report(text, language)))
    return {(c.error_type, text[c.start:c.end]) for c in found if c.confidence >= OPERATING_POINT}


def test_an_impression_size_equal_to_another_lesion_still_disagrees_with_its_own():
    text = ("FINDINGS: A 12 mm stone in the lower pole of the right kidney. A 6 mm stone in the left distal "
            "ureter with mild hydronephrosis.\nIMPRESSION: 12 mm left ureteric stone. Right renal stone.")
    assert ("measurement", "12 mm left") in {(t, e[:len("12 mm left")]) for t, e in confident(measurement.check, text)}
    same = text.replace("12 mm left", "6 mm left")
    assert confident(measurement.check, same) == set()


def test_a_normal_property_of_an_organ_is_no_template_sentence_beside_its_lesion():
    text = ("FINDINGS: Vertebral alignment is maintained. At L5-S1 a right paracentral disc extrusion "
            "compresses the S1 root.\nIMPRESSION: L5-S1 disc extrusion.")
    assert confident(insertion.check, text) == set()
    text = "检查所见：腹主动脉管径正常。腹主动脉下段见附壁血栓。\n诊断意见：腹主动脉附壁血栓。"
    assert confident(insertion.check, text, "zh") == set()


def test_a_real_word_slip_still_names_its_finding():
    report = parse_report("FINDINGS: Right rib fracture.\nIMPRESSION: Right sixth rib fraction.", "en")
    concluded = [e.finding for s in report.in_section("impression") for e in entities(s, "en")]
    assert concluded == ["fracture"]
    text = "FINDINGS: Right rib fracture.\nIMPRESSION: Right sixth rib fraction."
    assert confident(omission.check, text) == set()
    assert confident(mismatch.check, text) == set()


def test_a_denial_narrowed_by_a_quality_contradicts_nothing():
    text = ("FINDINGS: Stable 4 mm nodule in the right upper lobe. No new pulmonary nodule.\n"
            "IMPRESSION: Stable right upper lobe nodule.")
    assert confident(insertion.check, text) == set()
    text = "FINDINGS: Stable 4 mm nodule in the right upper lobe. No pulmonary nodule.\nIMPRESSION: Stable nodule."
    assert confident(insertion.check, text) == {("insertion", "No pulmonary nodule.")}
    text = "FINDINGS: Simple cyst in the left kidney.\nIMPRESSION: No suspicious renal lesion. Left renal cyst."
    assert confident(mismatch.check, text) == set()
    text = "检查所见：右肺上叶见小结节，大小约4mm，较前无变化。\n诊断意见：右肺上叶小结节，未见新发结节。"
    assert confident(mismatch.check, text, "zh") == set()


def test_after_a_one_sided_removal_an_unsided_normal_statement_is_about_the_remaining_organ():
    text = ("HISTORY: s/p right nephrectomy.\nFINDINGS: Nephrectomy bed clear. The left kidney enhances normally; "
            "no hydronephrosis.\nIMPRESSION: No recurrence.")
    assert confident(insertion.check, text) == set()
    text = "HISTORY: Hysterectomy.\nFINDINGS: Vaginal cuff unremarkable. The uterus is normal.\nIMPRESSION: Normal."
    assert confident(insertion.check, text) == {("insertion", "The uterus is normal.")}


def test_a_sum_of_target_lesions_is_no_lesion_size():
    text = ("FINDINGS: Target lesion 1: 1.6 cm. Target lesion 2: liver lesion 1.2 cm.\n"
            "IMPRESSION: Partial response (sum of diameters 2.8 cm from 4.1 cm). Liver lesion 1.2 cm.")
    assert confident(measurement.check, text) == set()


def test_a_size_too_small_for_the_organ_beside_it_is_probably_an_unnamed_lesion():
    text = "FINDINGS: Liver: capsular implant in segment 6, 12 mm.\nIMPRESSION: Capsular implant."
    assert confident(measurement.check, text) == set()
    text = "FINDINGS: The liver measures 150 cm.\nIMPRESSION: Normal."
    assert ("measurement", "150 cm") in confident(measurement.check, text)


def test_omission_leaves_a_contradicted_organ_and_a_lesion_s_consequences_alone():
    text = ("FINDINGS: The appendix is dilated to 13 mm with periappendiceal fat stranding.\n"
            "IMPRESSION: Normal appendix.")
    assert confident(omission.check, text) == set()
    assert {t for t, _ in confident(mismatch.check, text)} == {"findings_impression_mismatch"}
    text = ("FINDINGS: Large right MCA territory infarct. Mild mass effect on the right lateral ventricle.\n"
            "IMPRESSION: Acute right MCA infarct.")
    assert confident(omission.check, text) == set()
    text = "FINDINGS: A 3 cm mass in the right lower lobe. Left rib fracture.\nIMPRESSION: Right lower lobe mass."
    assert confident(omission.check, text) == {("omission", "Left rib fracture.")}


def test_an_impression_statement_answered_on_its_own_side_covers_no_lesion_on_the_other():
    text = ("FINDINGS: Small right frontal contusion. Thin left temporal extradural haematoma, 4 mm.\n"
            "IMPRESSION: Right frontal contusion.")
    assert confident(omission.check, text) == {("omission", "Thin left temporal extradural haematoma, 4 mm.")}
    text = "FINDINGS: Small right frontal contusion.\nIMPRESSION: Left frontal contusion."
    assert confident(omission.check, text) == set()  # a side slip: the laterality check's finding


def test_a_normal_property_denies_only_abnormalities_of_that_property():
    text = "FINDINGS: Normal calibre abdominal aorta. Infrarenal abdominal aortic aneurysm, 5.1 cm.\nIMPRESSION: AAA 5.1 cm."
    assert confident(insertion.check, text) == {("insertion", "Normal calibre abdominal aorta.")}
    text = ("FINDINGS: Dilated small bowel loops up to 4 cm. Normal enhancement of the bowel wall.\n"
            "IMPRESSION: Small bowel obstruction.")
    assert confident(insertion.check, text) == set()


def test_a_bracketed_instruction_is_a_template_remnant():
    text = "FINDINGS: Nodes stable.\nIMPRESSION: 1. Stable disease. 2. [Describe non-target disease here]"
    assert confident(insertion.check, text) == {("insertion", "[Describe non-target disease here]")}


def test_an_impression_about_one_lung_does_not_cover_a_nodule_in_the_other():
    text = ("FINDINGS: Dense consolidation in the right lower lobe. A 1.2 cm solid nodule in the left upper lobe.\n"
            "IMPRESSION: Right lower lobe pneumonia.")
    data = CheckInput(parse_report(text, "en"))
    assert [text[c.start:c.end] for c in omission.check(data)] == [
        "A 1.2 cm solid nodule in the left upper lobe."]
    text = text.replace("Right lower lobe pneumonia.", "Right lower lobe pneumonia. Left upper lobe nodule.")
    assert omission.check(CheckInput(parse_report(text, "en"))) == []


def test_a_misplaced_phrase_leaves_the_lesion_of_its_sentence_to_the_omission_check():
    from radqc.agents.base import AuditContext
    from radqc.agents.report.engine import ReportRulesAuditor
    from radqc.schemas import Case

    report = ("FINDINGS: Right middle lobe consolidation. Multiple liver lesions up to 2.3 cm with rim enhancement "
              "after contrast.\nIMPRESSION: Right middle lobe pneumonia.")
    case = Case(case_id="t", modality="ct_report", report=report, exam="CT chest without contrast")
    findings = ReportRulesAuditor(embeddings=False).audit(case, AuditContext()).findings
    assert {f.error_type for f in findings if f.confidence >= OPERATING_POINT} == {"exam_mismatch", "omission"}


def test_an_impression_naming_another_distinct_diagnosis_than_the_findings():
    text = "FINDINGS: Acute infarct in the left basal ganglia.\nIMPRESSION: Acute left basal ganglia haemorrhage."
    assert {t for t, _ in confident(mismatch.check, text)} == {"findings_impression_mismatch"}
    text = ("FINDINGS: Hypodense lesion in the left frontal lobe with surrounding oedema.\n"
            "IMPRESSION: Left frontal haemorrhage.")
    assert confident(mismatch.check, text) == set()  # a "lesion" may be named either way


def test_an_addendum_restating_a_size_is_compared_but_its_new_lesions_are_not():
    text = ("FINDINGS: Pancreatic head mass, 3.2 x 2.7 cm.\nIMPRESSION: 3.2 cm pancreatic head mass.\n"
            "ADDENDUM: A 7 mm hypodense lesion in segment 3 is too small to characterise. The pancreatic mass "
            "measures 32 cm on the coronal images.")
    assert {e for _, e in confident(measurement.check, text)} == {"32 cm"}


def test_a_statement_repeated_with_one_measurement_changed():
    text = ("检查所见：食管中段管壁增厚，最厚处约1.5cm，长度约5cm。纵隔淋巴结肿大。食管中段管壁增厚，最厚处约15cm。\n"
            "诊断意见：食管癌。")
    assert confident(measurement.check, text, "zh") == {("measurement", "15cm")}
    assert confident(insertion.check, text, "zh") == {("insertion", "食管中段管壁增厚，最厚处约15cm。")}
    text = ("FINDINGS: Segment 5 lesion: 1.4 x 1.2 cm (prior 2.1 x 1.8 cm). Segment 7 lesion: 2.3 x 1.9 cm "
            "(prior 3.3 x 2.6 cm).\nIMPRESSION: Treated liver metastases, smaller.")
    assert confident(measurement.check, text) == set() and confident(insertion.check, text) == set()


def test_a_sentence_written_under_each_side_label_is_no_repeat():
    text = ("History: Conductive hearing loss.\nRight: Lucent focus at the fissula ante fenestram, 2 mm. Ossicular "
            "chain intact. Mastoid air cells are clear.\nLeft: Lucent focus at the fissula ante fenestram, 3 mm. "
            "Ossicular chain intact. Mastoid air cells are clear.\nIMPRESSION: Bilateral fenestral otosclerosis.")
    assert confident(insertion.check, text) == set()
    text = "检查所见：\n右侧：\n听小骨链完整，乳突气化良好。\n左侧：\n听小骨链完整，乳突气化良好。\n诊断意见：双侧未见异常。"
    assert confident(insertion.check, text, "zh") == set()
    # must stay: a copy under the same side label is still a repeat
    text = ("FINDINGS:\nRight kidney:\nSimple cortical cyst in the lower pole.\nLeft kidney:\nSimple cortical cyst "
            "in the lower pole.\nSimple cortical cyst in the lower pole.\nIMPRESSION: Bilateral renal cysts.")
    found = insertion.check(CheckInput(parse_report(text)))
    assert [(c.start, c.confidence) for c in found] == [(text.rindex("Simple"), 0.5)]


def test_the_disease_an_operation_treated_is_history_in_the_impression():
    text = ("盆腔CT增强\n直肠癌术后1年，CEA升高。\n所见：吻合口未见明确增厚或异常强化，盆腔未见肿大淋巴结。\n"
            "结论：直肠癌术后，未见明确复发征象。")
    assert confident(mismatch.check, text, "zh") == set()
    text = ("Findings: Surgical clips in the left breast. The left breast is normal.\n"
            "Impression: Status post left lumpectomy for breast carcinoma, without local recurrence.")
    assert confident(mismatch.check, text) == set()
    # must stay: a cancer the impression diagnoses in an organ the findings call normal
    assert confident(mismatch.check, "检查所见：直肠未见异常。\n诊断意见：直肠癌。", "zh") == {
        ("findings_impression_mismatch", "癌")}
    assert confident(mismatch.check, "Findings: The kidneys are normal.\nImpression: Left renal cell carcinoma.") == {
        ("findings_impression_mismatch", "carcinoma")}


def test_an_organ_named_as_a_neighbour_is_not_where_the_finding_is():
    text = ("FINDINGS: Small extraperitoneal haematoma anterior to the bladder. The bladder wall is intact.\n"
            "IMPRESSION: Extraperitoneal haematoma.")
    assert confident(insertion.check, text) == set()
    text = "FINDINGS: A fluid collection displacing the right kidney. The right kidney is normal.\nIMPRESSION: Collection."
    assert confident(insertion.check, text) == set()
    text = "检查所见：膀胱前方见血肿。膀胱未见异常。\n诊断意见：盆腔血肿。"
    assert confident(insertion.check, text, "zh") == set()
    # must stay: a finding in the organ the report then calls normal
    text = "FINDINGS: Haematoma in the bladder wall. The bladder is normal.\nIMPRESSION: Bladder wall haematoma."
    assert confident(insertion.check, text) == {("insertion", "The bladder is normal.")}


def test_zh_not_enlarged_and_smooth_wall_are_normal_statements():
    text = "检查所见：胆囊已切除。胆囊不大，壁光滑。肝脏未见异常。\n诊断意见：胆囊切除术后。"
    assert confident(insertion.check, text, "zh") == {("insertion", "胆囊不大，壁光滑。")}


def test_an_impression_diagnosis_in_an_organ_the_findings_never_name():
    text = ("检查所见：腰椎生理曲度存在，L4/5椎间盘向后突出。\n"
            "诊断意见：L4/5椎间盘突出。双肺下叶少许炎症。")
    assert confident(mismatch.check, text, "zh") == {("findings_impression_mismatch", "炎症")}
    text = "FINDINGS: T12 vertebral body wedging with 25% height loss.\nIMPRESSION: T12 compression fracture."
    assert confident(mismatch.check, text) == set()  # "fracture" implies its bone; the findings describe it


def test_a_denial_about_the_rest_contradicts_no_finding_beside_it():
    text = ("FINDINGS: A 2.1 cm hypodense lesion in segment 4 of the liver. No other liver lesions.\n"
            "IMPRESSION: Indeterminate 2.1 cm hepatic lesion.")
    assert confident(insertion.check, text) == set()


def test_omission_is_unsure_of_hedged_findings_and_ignores_mimics():
    text = ("FINDINGS: Questionable 8 mm nodule in the right lower lobe, may represent a vessel seen end-on.\n"
            "IMPRESSION: No acute cardiopulmonary process.")
    assert confident(omission.check, text) == set()
    assert confident(omission.check, text.replace("Questionable 8 mm", "A 12 mm").replace(
        ", may represent a vessel seen end-on", "")) == {("omission", "A 12 mm nodule in the right lower lobe.")}
    text = ("FINDINGS: Focal fat sparing adjacent to the gallbladder fossa, mimicking a lesion.\n"
            "IMPRESSION: No acute abnormality.")
    assert confident(omission.check, text) == set()


def test_a_thickness_of_many_centimetres_is_a_slip_but_a_length_is_not():
    text = ("FINDINGS: Circumferential wall thickening of the distal oesophagus over 6 cm, max thickness 18 cm.\n"
            "IMPRESSION: Oesophageal carcinoma.")
    assert confident(measurement.check, text) == {("measurement", "18 cm")}
    assert confident(measurement.check, text.replace("18 cm", "18 mm")) == set()
    assert confident(measurement.check, "检查所见：食管壁增厚，最厚处约15cm。\n诊断意见：食管癌。", "zh") == {
        ("measurement", "15cm")}


def test_a_qualified_denial_contradicts_a_finding_with_that_quality():
    text = ("FINDINGS: Right upper lobe nodule, 1.6 cm (prior 2.2 cm). New 1.1 cm hypodense lesion in the spleen.\n"
            "IMPRESSION: Partial response. No new metastatic disease.")
    assert {t for t, _ in confident(mismatch.check, text)} == {"findings_impression_mismatch"}
    assert confident(mismatch.check, text.replace("New 1.1 cm", "Stable 1.1 cm")) == set()


def test_anatomy_words_and_present_tense_verbs_are_no_typos():
    from radqc.agents.report.checks.spelling import is_known

    for word in ("rectus", "recti", "enema", "fissula", "calcifies", "deviates", "opacifies"):
        assert is_known(word), word
    text = "FINDINGS: The septum deviates to the right. The medial recti are thickened.\nIMPRESSION: Orbitopathy."
    assert confident(spelling.check, text) == set()


def test_misheard_muscle_and_strain_are_spelling_slips_not_other_anatomy():
    text = "FINDINGS: The right medial rectum muscle is enlarged.\nIMPRESSION: Right orbital myositis."
    assert confident(spelling.check, text) == {("spelling", "rectum")}
    ctpa = "FINDINGS: Saddle embolus with right heart train.\nIMPRESSION: Pulmonary embolism with right heart strain."
    assert confident(spelling.check, ctpa) == {("spelling", "heart train")}
    orbits = CheckInput(parse_report(text, "en"), exam="CT orbits")
    assert [c for c in exam.check(orbits) if c.error_type == "exam_mismatch"] == []
    pelvis = "FINDINGS: Thickened rectum wall.\nIMPRESSION: Proctitis."
    assert [c.rule for c in exam.check(CheckInput(parse_report(pelvis, "en"), exam="CT orbits"))] == ["other-region"]


def test_chinese_coronary_branch_and_air_bronchogram_homophones():
    text = "所见：左肺下叶实变，内见支气管冲气征。回旋枝近段钙化斑块。\n结论：左肺下叶肺炎。"
    assert {e for _, e in confident(spelling.check, text, "zh")} >= {"冲气征", "回旋枝"}
    assert confident(spelling.check, text.replace("冲气征", "充气征").replace("回旋枝", "回旋支"), "zh") == set()


def test_a_fistula_a_large_polyp_and_arterial_bleeding_are_findings():
    text = ("FINDINGS: Erosion of the tegmen. A tract between the sigmoid colon and the bladder (fistula).\n"
            "IMPRESSION: Tegmen erosion.")
    assert ("omission", "A tract between the sigmoid colon and the bladder (fistula).") in confident(omission.check, text)
    text = "FINDINGS: 14 mm pedunculated polyp in the caecum.\nIMPRESSION: Simple hepatic cyst."
    assert confident(omission.check, text) == {("omission", "14 mm pedunculated polyp in the caecum.")}
    text = ("FINDINGS: Splenic laceration with active contrast extravasation.\n"
            "IMPRESSION: Splenic injury with active arterial bleeding.")
    assert confident(omission.check, text) == set()


def test_a_side_written_before_an_unpaired_organs_removal_is_not_its_side():
    text = ("History: left iliac fossa pain, prior appendicectomy.\nFINDINGS: The appendix is normal.\n"
            "IMPRESSION: No acute abnormality.")
    assert confident(insertion.check, text) == {("insertion", "The appendix is normal.")}


def test_a_denied_finding_does_not_make_an_organ_measurement_a_lesion_size():
    text = "FINDINGS: The common bile duct measures 9 cm with no stone.\nIMPRESSION: Normal."
    found = {(c.error_type, text[c.start:c.end]) for c in measurement.check(CheckInput(parse_report(text, "en")))}
    assert found == {("measurement", "9 cm")}


def test_a_stone_in_a_pole_is_the_kidney_s():
    """A "right lower pole stone" is a renal stone (only the kidney, of the organs with poles, forms stones): the right
    VUJ stone the impression reports is the left one with its side slipped, not that one."""
    text = ("FINDINGS: 7 mm calculus at the left vesicoureteric junction with mild left hydroureteronephrosis. 2 mm "
            "non-obstructing right lower pole stone.\nIMPRESSION: 7 mm obstructing right VUJ calculus. Tiny right "
            "renal calculus.")
    assert ("laterality", "right VUJ calculus") in confident(laterality.check, text)


def test_a_size_copied_from_the_same_organ_on_the_other_side_is_a_side_slip_not_a_size_slip():
    """The 7 mm of the right UVJ stone is the left UVJ stone's: its side slipped (the laterality check's), and the 2 mm
    renal stone written first on the right is no lesion of its to compare."""
    text = ("FINDINGS: Kidneys: 2 mm non-obstructing calculus in the right lower pole. Moderate left hydronephrosis.\n"
            "Ureters: 7 mm calculus at the left ureterovesical junction.\n"
            "IMPRESSION: Obstructing 7 mm right UVJ calculus. 2 mm right renal calculus.")
    assert confident(measurement.check, text) == set()


def test_a_percentage_band_is_a_grade_s_definition_not_a_measurement():
    """"Moderate (50-69%)" names the band of a grade, which the mismatch check holds to the 75% measured; a single
    percentage in the impression is a measurement and still has to agree."""
    text = ("FINDINGS: Right ICA: mixed plaque at the origin with 75% stenosis by NASCET criteria.\n"
            "IMPRESSION: Moderate (50-69%) right ICA stenosis.")
    assert confident(measurement.check, text) == set()
    assert ("findings_impression_mismatch", "Moderate (50-69%) right ICA stenosis") in confident(mismatch.check, text)
    assert ("measurement", "60%") in confident(measurement.check, text.replace("Moderate (50-69%)", "60%"))


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：T12椎体楔形变，前缘高约1.2cm，后缘高约2.4cm，前缘压缩约25%。", {("measurement", "压缩约25%")}),
    ("zh", "检查所见：T12椎体楔形变，前缘高约1.2cm，后缘高约2.4cm，前缘压缩约50%。", set()),
    ("zh", "检查所见：L4椎体向前滑移约0.9cm，L5椎体上终板前后径约3.6cm，滑脱约50%。", {("measurement", "滑脱约50%")}),
    ("zh", "检查所见：L4椎体向前滑移约0.9cm，L5椎体上终板前后径约3.6cm，滑脱约25%。", set()),
    ("en", "FINDINGS: L1 wedge fracture, anterior height 1.1 cm and posterior height 2.2 cm, 25% height loss.",
     {("measurement", "25% height loss")}),
    ("en", "FINDINGS: L1 wedge fracture, anterior height 1.1 cm and posterior height 2.2 cm, 50% height loss.", set()),
])
def test_a_height_loss_or_slip_in_per_cent_is_held_to_its_two_measurements(language, text, expected):
    """1.2 of 2.4 cm is a 50% loss, a 0.9 cm slip of a 3.6 cm endplate 25%: the share the sentence's own numbers give."""
    assert confident(measurement.check, text, language) == expected


_ADRENAL = ("FINDINGS: Left adrenal: Well-defined 2.2 x 1.9 cm nodule.\nUnenhanced: 32 HU\nPortal venous (60 s): 96 HU\n"
            "Delayed (15 min): 48 HU\nAbsolute washout: 57%\nRelative washout: 50%\n"
            "IMPRESSION: Left adrenal nodule with absolute washout above 60%: adenoma.")


def test_a_washout_is_held_to_the_three_phase_attenuations_beside_it():
    """(96 - 48) / (96 - 32) is 75% absolute washout, (96 - 48) / 96 50% relative: 57% is a slip; "above 60%" is the
    threshold, no result."""
    assert confident(measurement.check, _ADRENAL) == {("measurement", "Absolute washout: 57%")}
    assert confident(measurement.check, _ADRENAL.replace("57%", "75%")) == set()
    text = "检查所见：右侧肾上腺结节，约2.3cm。平扫CT值约15HU，增强门脉期约80HU，延迟15分钟约60HU，绝对廓清率约69%。\n诊断意见：右侧肾上腺结节。"
    assert confident(measurement.check, text, "zh") == {("measurement", "绝对廓清率约69%")}


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：右侧胸腔积液较前增多，现最大深度约5.2cm。左肺清晰。左侧胸腔未见积液。\n诊断意见：左侧胸腔中量积液，较前增多。"),
    ("en", "FINDINGS: Moderate right pleural effusion, increased. No left pleural effusion.\n"
           "IMPRESSION: Moderate left pleural effusion, increased."),
])
def test_a_finding_the_impression_moves_to_the_side_the_findings_deny_is_one_side_slip(language, text):
    """The left effusion the findings deny is their right one with its side slipped: a laterality error, not also a
    mismatch; with no effusion on either side the impression's is unsupported."""
    assert {t for t, _ in confident(laterality.check, text, language)} == {"laterality"}
    assert confident(mismatch.check, text, language) == set()
    lone = text.replace("右侧胸腔积液较前增多，现最大深度约5.2cm。", "").replace("Moderate right pleural effusion, increased. ", "")
    assert {t for t, _ in confident(mismatch.check, lone, language)} == {"findings_impression_mismatch"}


def test_a_denied_focus_denies_focal_lesions_not_a_diffuse_change():
    """"未见异常强化灶" denies an abnormal enhancing focus, a focal lesion: the hydronephrosis beside it is no focus, and
    the sentence calling the kidneys' enhancement even is no template line; "双肾未见异常" would deny it."""
    text = ("检查所见：右肾盂及肾盏明显扩张积水，右肾实质变薄。双肾强化均匀，未见异常强化灶。\n诊断意见：右肾积水。")
    assert confident(insertion.check, text, "zh") == set()
    assert {t for t, _ in confident(insertion.check, text.replace("双肾强化均匀，未见异常强化灶", "双肾未见异常"), "zh")} == {
        "insertion"}


def test_a_finding_named_again_with_the_definite_article_is_the_one_described_before():
    """"Away from the collection" speaks of the collection of the sentence before: one omission, its own sentence's."""
    text = ("FINDINGS: There is a 4.5 x 3.2 cm rim-enhancing collection containing gas bubbles beside the anastomosis. "
            "Surgical drain in the right paracolic gutter, away from the collection.\n"
            "IMPRESSION: Expected postoperative appearances. Drain in situ.")
    assert confident(omission.check, text) == {
        ("omission", "There is a 4.5 x 3.2 cm rim-enhancing collection containing gas bubbles beside the anastomosis.")}


@pytest.mark.parametrize("language, text, expected", [
    ("en", "FINDINGS: Mild pelvicalyceal dilatation (renal pelvis AP 14 mm).\nIMPRESSION: Mild hydronephrosis.", set()),
    ("zh", "检查所见：移植肾位于右侧髂窝。肾盂轻度扩张，前后径约1.3cm。\n印象：移植肾轻度积水。", set()),
    ("en", "FINDINGS: Pelvicalyceal dilatation (renal pelvis AP 14 cm).\nIMPRESSION: Hydronephrosis.",
     {("measurement", "14 cm")}),
])
def test_a_dilated_kidney_is_measured_by_its_pelvis(language, text, expected):
    """A hydronephrosis is measured across the renal pelvis, 14 mm, not along the kidney (9-13 cm); 14 cm is a slip."""
    assert confident(measurement.check, text, language) == expected


def test_an_aneurysm_sac_is_an_aneurysm_and_a_tumour_s_cystic_change_is_not():
    """"瘤囊" is the sac an EVAR leaves: its growth the findings state and the impression reverses is a mismatch, its
    62 cm a slip of 6.2; "瘤囊右后方" is where an endoleak lies, and "胶质瘤囊变" a glioma's cystic change, no aneurysm."""
    text = ("检查所见：腹主动脉瘤EVAR术后。瘤囊最大径约62cm，前次约5.7cm，较前增大。\n诊断意见：1. EVAR术后。2. 瘤囊较前缩小。")
    assert ("findings_impression_mismatch", "瘤囊较前缩小") in confident(mismatch.check, text, "zh")
    assert ("measurement", "62cm") in confident(measurement.check, text, "zh")
    for place in ("检查所见：左额叶胶质瘤囊变。", "检查所见：延迟期瘤囊右后方见片状对比剂外溢，考虑II型内漏。"):
        assert not any(e.finding == "aneurysm" for e in entities(parse_report(place, "zh").sentences[0], "zh"))


def test_an_organ_pushed_aside_by_a_finding_is_neither_its_place_nor_its_side():
    """"Bladder displaced to the left by haematoma": the haematoma is the right pelvic one, beside the bladder; "to the
    left" is the way the bladder went."""
    text = ("FINDINGS: Large right pelvic sidewall haematoma. Bladder displaced to the left by haematoma.\n"
            "IMPRESSION: Large right pelvic haematoma.")
    assert confident(omission.check, text) == set()
    assert confident(laterality.check, text) == set()
    alone = "FINDINGS: Bladder displaced to the left by haematoma.\nIMPRESSION: Fracture of the right pubic ramus."
    assert {t for t, _ in confident(omission.check, alone)} == {"omission"}


@pytest.mark.parametrize("language, exam_, text, expected", [
    ("en", "CT chest without contrast", "FINDINGS: Emphysema. Upper abdomen: Gallbladder contains small stones. The "
           "appendix is normal in calibre.\nIMPRESSION: Emphysema. Cholelithiasis.",
     {("exam_mismatch", "The appendix is normal in calibre.")}),
    ("zh", "胸部CT平扫", "检查所见：双肺肺气肿。上腹部：胆囊结石。阑尾未见增粗。\n诊断意见：肺气肿，胆囊结石。",
     {("exam_mismatch", "阑尾未见增粗。")}),
    ("en", "CT chest without contrast", "FINDINGS: Emphysema. Upper abdomen: Gallbladder contains small stones; "
           "adrenals normal.\nIMPRESSION: Emphysema. Cholelithiasis.", set()),
])
def test_a_chest_scan_reaches_the_upper_abdomen_and_not_the_iliac_fossa(language, exam_, text, expected):
    """A chest CT shows the gallbladder and adrenals; the appendix lies in the right iliac fossa, far below its field."""
    found = exam.check(CheckInput(parse_report(text, language), exam=exam_))
    assert {(c.error_type, text[c.start:c.end]) for c in found if c.confidence >= OPERATING_POINT} == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：L4/5椎间盘向左后方突出，硬膜囊受压，椎管矢状径约1.0mm。", {("measurement", "1.0mm")}),
    ("zh", "检查所见：L4/5椎间盘向左后方突出，硬膜囊受压，椎管矢状径约1.0cm。", set()),
    ("en", "FINDINGS: Broad-based L4-5 disc bulge narrowing the spinal canal to an AP diameter of 8 mm.", set()),
    ("en", "FINDINGS: Broad-based L4-5 disc bulge narrowing the spinal canal to an AP diameter of 8 cm.",
     {("measurement", "8 cm")}),
])
def test_a_spinal_canal_is_a_few_millimetres_to_a_few_centimetres_wide(language, text, expected):
    """The canal a disc narrows is measured, not the disc: 1.0 mm or 8 cm across is a unit slip."""
    assert confident(measurement.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "肝右叶见一圆形低密度灶，大小约4.0cm×3.6cm，密度均匀，CT值约350HU。\n考虑：肝右叶囊肿。", {("measurement", "350HU")}),
    ("zh", "肝右叶见一圆形低密度灶，大小约4.0cm×3.6cm，密度均匀，CT值约35HU。\n考虑：肝右叶囊肿。", set()),
    ("zh", "检查所见：肝S4段见一类圆形低密度灶，平扫CT值约35HU；增强动脉期CT值约120HU。\n诊断意见：肝S4段富血供病灶。", set()),
    ("en", "FINDINGS: A hypodense 2 cm lesion in segment 7, 320 HU on the unenhanced images.\nIMPRESSION: Liver cyst.",
     {("measurement", "320 HU")}),
])
def test_a_lesion_called_low_density_is_no_denser_than_soft_tissue(language, text, expected):
    """350 HU is bone's or contrast's density, not a low-density cyst's; an enhanced phase may measure more."""
    assert {(t, e) for t, e in confident(measurement.check, text, language) if "HU" in e} == expected
