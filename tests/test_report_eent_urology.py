"""Habits of an eye-ear-nose-throat / stomatology hospital and a urology / kidney-transplant centre the CT checks
learned from a fourteenth author's reports (handwritten-dev11): de-identified hospital headers, operations still to
come, urinary diversions built after a cystectomy, a jaw's dentition called complete beside its missing tooth; each test states the habit in its own words, with the trap beside
it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, mismatch, spelling
from report_cases import run


# insertion ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查部位：下颌后牙区（拟种植36）\n所见：\n36缺失区：骨高度约12mm，骨宽度约7mm。\n下颌牙列完整，未见缺失牙。\n"
           "诊断：36区骨量可满足常规种植。", "下颌牙列完整，未见缺失牙。"),
    ("en", "FINDINGS: Missing tooth 46; residual bone height 12 mm.\nThe dentition is complete.\nIMPRESSION: Adequate bone at "
           "site 46.", "The dentition is complete."),
])
def test_a_dentition_called_complete_beside_its_missing_tooth_is_an_insertion(language, text, flagged):
    assert run(insertion.check, text, language) == {("insertion", flagged)}


@pytest.mark.parametrize("language, text", [
    # the other jaw's teeth all there
    ("zh", "检查部位：下颌后牙区（拟种植36）\n所见：\n36缺失区：骨高度约12mm，骨宽度约7mm。\n上颌牙列完整，未见缺失牙。\n"
           "诊断：36区骨量可满足常规种植。"),
    ("en", "FINDINGS: Missing tooth 46; residual bone height 12 mm. The dentition is otherwise complete.\nIMPRESSION: Adequate "
           "bone at site 46."),
])
def test_the_rest_of_a_dentition_or_the_other_jaw_called_complete_is_left_alone(language, text):
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "***口腔医院 放射科\n检查项目：颌面部CT平扫\n临床：与2周前CT（***）对比。\n检查所见：\n右侧下颌角骨折，较前片（***）"
           "对位好转。\n诊断：\n右侧下颌角骨折复查。"),
    ("en", "*** Urology Centre, Department of Radiology\nComparison: prior CT (***).\nFindings:\nA 5 mm stone in the left "
           "kidney, unchanged from the prior study (***).\nImpression:\nStable left renal stone."),
])
def test_a_hospital_name_or_a_prior_study_date_written_as_asterisks_is_de_identification(language, text):
    """A shared report prints its hospital's name and the date of the study it compares with as asterisks, as it does
    the patient's name: the record de-identified, no field the radiologist left unfilled."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, placeholder", [
    ("zh", "***口腔医院 放射科\n检查所见：\n右侧下颌角骨折，断端移位约***。\n诊断：\n右侧下颌角骨折。", "断端移位约***"),
    ("en", "*** Urology Centre\nFindings:\nA *** mm stone in the left kidney.\nImpression:\nLeft renal stone.", "*** mm"),
    ("en", "*** Urology Centre\nFindings:\nNo [***] is identified.\nImpression:\nNormal.", "[***]"),
])
def test_asterisks_in_the_description_are_still_a_template_s_unfilled_field(language, text, placeholder):
    """Where the radiologist writes the findings, asterisks in place of a size or a finding are a slot left empty
    (the evidence widened to the words around it, as for any placeholder)."""
    assert run(insertion.check, text, language) == {("insertion", placeholder)}


@pytest.mark.parametrize("language, text", [
    ("en", "Clinical: Gleason 4+3 cancer, staging before radical prostatectomy.\nFindings:\nProstate 45 mm. Seminal "
           "vesicles normal.\nImpression:\nNo nodal or bone metastasis."),
    ("en", "Indication: renal mass, work-up for nephrectomy.\nFindings:\nLeft kidney: 3 cm enhancing mass. Right kidney "
           "normal.\nImpression:\nLeft renal cell carcinoma."),
    ("zh", "检查所见：\n右肾上极见外生性肿块，大小约4.0cm，明显不均匀强化。左肾未见异常。\n诊断意见：\n右肾癌可能，建议行根治性肾切除。"),
    ("zh", "临床：胆囊结石，胆囊切除术前评估。\n检查所见：\n胆囊内见多发结石，胆囊壁不厚。\n诊断：\n胆囊结石。"),
])
def test_an_operation_still_to_come_has_removed_nothing(language, text):
    """Staging "before" an operation, a work-up "for" it, a recommendation ("建议...切除") or a pre-operative
    assessment ("...切除术前") names an operation not yet done: the organ is there to describe."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, described", [
    ("en", "Clinical: status post radical prostatectomy.\nFindings:\nProstate 45 mm. Seminal vesicles normal.\n"
           "Impression:\nNo recurrence.", {"Prostate 45 mm.", "Seminal vesicles normal."}),
    ("zh", "临床：右肾癌根治性肾切除术后。\n检查所见：\n右肾形态、大小及强化未见异常。左肾未见异常。\n诊断：\n术区未见复发。",
     {"右肾形态、大小及强化未见异常。"}),
])
def test_an_operation_done_still_leaves_its_organ_undescribable(language, text, described):
    """The organ measured ("Prostate 45 mm.") or called normal after its removal is described."""
    assert run(insertion.check, text, language) == {("insertion", d) for d in described}


def test_a_neobladder_built_after_a_cystectomy_is_no_bladder_described_after_removal():
    """A neobladder ("新膀胱", "代膀胱") is what a cystectomy built in the bladder's place, described as its bed or stump
    would be, although its Chinese name holds the bladder's."""
    text = ("临床：膀胱癌根治性膀胱切除、原位回肠新膀胱术后。\nCT所见：\n回肠新膀胱未见异常。双肾未见积水。\n"
            "诊断：\n新膀胱术后，未见复发。")
    assert run(insertion.check, text, "zh") == set()
    native = text.replace("回肠新膀胱未见异常", "膀胱未见异常")
    assert run(insertion.check, native, "zh") == {("insertion", "膀胱未见异常。")}


# the transplanted kidney --------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "CT所见：\n移植肾位于左髂窝，强化均匀。双侧自体肾萎缩，右肾下极见一约1.5cm稍高密度结节。\n"
           "诊断：\n1. 移植肾未见异常；\n2. 双侧自体肾萎缩，右肾结节。"),
    ("en", "Findings:\nThe transplant kidney in the right iliac fossa enhances normally. The native kidneys are "
           "atrophic; a 1.5 cm hyperdense nodule in the left kidney.\nImpression:\n1. Normal transplant kidney.\n"
           "2. Atrophic native kidneys, left renal nodule."),
])
def test_a_transplanted_kidney_is_an_organ_of_its_own_beside_the_native_kidneys(language, text):
    """A recipient keeps the native kidneys: the graft called normal says nothing of a nodule in one of them."""
    assert run(mismatch.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "CT所见：\n移植肾位于左髂窝，移植肾中度积水。\n诊断：\n移植肾未见异常。"),
    ("en", "Findings:\nThe transplant kidney in the right iliac fossa shows a 2 cm enhancing mass.\nImpression:\n"
           "Normal transplant kidney."),
])
def test_a_transplanted_kidney_called_normal_beside_its_own_finding_is_a_mismatch(language, text):
    assert {error for error, _ in run(mismatch.check, text, language)} == {"findings_impression_mismatch"}


# spelling -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Findings:\nThe incus and stapes are intact; the ossicular chain is eroded by an epitympanic mass at the fissula "
    "ante fenestram. Fenestral otosclerosis.\nImpression:\nAttic cholesteatoma.",
    "Findings:\nLymphocele beside the renal allograft; neobladder after cystoprostatectomy; pelviureteric junction "
    "normal.\nImpression:\nPerigraft lymphocele.",
])
def test_ear_nose_throat_dental_and_urology_words_are_words(text):
    """The temporal bone's and the urinary diversions' words are no near misses of commoner ones ("stapes" was read as
    "staples"), and their own slips are near misses of them."""
    assert run(spelling.check, text) == set()
    assert run(spelling.check, text.replace("stapes", "stapse").replace("cystoprostatectomy", "cystoprostatectmy")) != set()


def test_a_wrong_character_in_an_ear_nose_throat_or_urology_term_is_a_slip():
    """腭 typed 鄂, 铬 typed 络, 合 typed 和 and 镫 typed 蹬 inside the terms of these services are the commonest
    character slips of them; 和 between two words ("淋巴结和肝脏") is the conjunction."""
    text = ("检查所见：\n左侧鼻咽腔肿块经蝶鄂孔向翼腭窝延伸。左肾上腺嗜络细胞瘤。输尿管新膀胱吻和口狭窄。右侧蹬骨足板增厚。"
            "淋巴结和肝脏未见异常。\n诊断：\n鼻咽纤维血管瘤。")
    assert run(spelling.check, text, "zh") == {("spelling", "蝶鄂孔"), ("spelling", "嗜络细胞瘤"), ("spelling", "吻和口"),
                                               ("spelling", "蹬骨")}
