"""Reports of treated patients (after surgery, radiotherapy or chemotherapy) and the Chinese wordings they use: what is
left after an operation, what a treatment was for, a state the report denies, and the surgical words a dictation mishears."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, mismatch, omission, spelling
from report_cases import run


def test_a_state_denied_by_bu_is_no_finding_to_carry_to_the_impression():
    """"不扩张" denies the dilatation as "未见扩张" would; "不规则" (a quality of what is seen) stays no denial."""
    text = "检查所见：胰头见低密度肿块，约2.8cm。胆总管不扩张。\n诊断意见：胰头癌。"
    assert not any(kind == "omission" for kind, _ in run(omission.check, text, "zh"))
    text = "检查所见：胰头见低密度肿块，约2.8cm。胆总管扩张。\n诊断意见：胰头癌。"
    assert ("omission", "胆总管扩张。") in run(omission.check, text, "zh")


def test_a_finding_now_gone_is_denied():
    text = "检查所见：左侧胸腔积液现未见。右肺下叶见结节，约0.8cm。\n诊断意见：右肺下叶结节。"
    assert run(omission.check, text, "zh") == set()


def test_the_uterine_body_called_normal_says_nothing_of_a_cervical_mass():
    text = ("检查所见：宫颈见软组织肿块，约4.1cm×3.0cm，增强不均匀强化。子宫体未见异常。\n"
            "诊断意见：宫颈癌。")
    assert run(insertion.check, text, "zh", "F") == set()
    text = text.replace("子宫体未见异常", "子宫未见异常")
    assert ("insertion", "子宫未见异常。") in run(insertion.check, text, "zh", "F")


def test_the_vaginal_vault_is_what_a_hysterectomy_leaves():
    text = ("FINDINGS: Status post hysterectomy. An enhancing 1.8 cm soft-tissue nodule sits at the vaginal vault.\n"
            "IMPRESSION: Vaginal vault nodule, suspicious for recurrence.")
    assert run(insertion.check, text, "en", "F") == set()
    text = ("FINDINGS: Status post hysterectomy. An enhancing 1.8 cm soft-tissue nodule sits in the uterine fundus.\n"
            "IMPRESSION: Uterine nodule.")
    assert any(kind == "insertion" for kind, _ in run(insertion.check, text, "en", "F"))


def test_a_cancer_named_as_what_radiotherapy_treated_is_history():
    text = "检查所见：直肠壁稍增厚，未见明确肿块，考虑放疗后改变。\n诊断意见：直肠癌放疗后改变。"
    assert run(mismatch.check, text, "zh") == set()
    text = "检查所见：直肠壁稍增厚，未见明确肿块。\n诊断意见：直肠癌。"
    assert ("findings_impression_mismatch", "癌") in run(mismatch.check, text, "zh")


def test_an_impression_calling_the_operated_site_normal_meets_the_findings_there():
    """"After lobectomy, the stump is normal" is a normal statement: the operation it opens with is history."""
    text = ("FINDINGS: Status post left upper lobectomy. A new 1.6 cm enhancing nodule abuts the bronchial stump.\n"
            "IMPRESSION: Status post left upper lobectomy, the bronchial stump is unremarkable.")
    assert ("findings_impression_mismatch", "Status post left upper lobectomy, the bronchial stump is unremarkable."
            ) in run(mismatch.check, text)
    text = text.replace("A new 1.6 cm enhancing nodule abuts the bronchial stump", "The bronchial stump is intact")
    assert run(mismatch.check, text) == set()


def test_the_organ_an_operation_removed_is_not_where_a_later_clause_is():
    """"胃癌根治术后，未见转移" denies metastases anywhere, not in the stomach alone: a liver metastasis contradicts it."""
    text = ("检查所见：胃癌根治术后。肝右叶见多发环形强化灶，大者约1.9cm，考虑转移。\n"
            "诊断意见：胃大部切除术后，未见转移征象。")
    assert any(kind == "findings_impression_mismatch" for kind, _ in run(mismatch.check, text, "zh"))
    text = text.replace("肝右叶见多发环形强化灶，大者约1.9cm，考虑转移", "肝脏未见异常")
    assert run(mismatch.check, text, "zh") == set()


def test_dictation_sound_alikes_of_surgical_and_staging_words():
    """A speech recogniser writes real words ("flab", "correction", "serial") for the surgical and staging words
    it mishears; the membrane itself ("serosa") is a word."""
    text = "FINDINGS: The free flab reconstructing the floor of mouth is well perfused. Small extra-axial correction.\n"
    assert {e for _, e in run(spelling.check, text)} >= {"free flab", "extra-axial correction"}
    text = "FINDINGS: Tumour breaches the serosa, in keeping with serial invasion.\nIMPRESSION: Gastric cancer, T4a."
    assert {e for _, e in run(spelling.check, text)} == {"serial invasion"}
    text = "检查所见：奔门区胃壁增厚。左侧皮辨术后改变。\n诊断意见：胃癌。"
    assert {e for _, e in run(spelling.check, text, "zh")} >= {"奔门", "皮辨"}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：前列腺癌根治术后，前列腺未显示。前列腺体积增大。\n诊断意见：未见复发。", "前列腺体积增大。"),
    ("zh", "检查所见：根治性膀胱全切术后，右下腹见回肠通道。膀胱充盈，壁光滑。\n诊断意见：术后改变。", "膀胱充盈，壁光滑。"),
    ("zh", "检查所见：Miles术后，左下腹见结肠造口。直肠壁未见增厚。\n诊断意见：术后改变。", "直肠壁未见增厚。"),
    ("en", "FINDINGS: Abdominoperineal resection with an end colostomy. The rectum is unremarkable.\nIMPRESSION: No recurrence.",
     "The rectum is unremarkable."),
    ("en", "FINDINGS: Status post Whipple procedure. Pneumobilia. The gallbladder is normal.\nIMPRESSION: Expected changes.",
     "The gallbladder is normal."),
])
def test_an_organ_a_named_operation_took_is_not_described_again(language, text, evidence):
    """The radical prostatectomy, the cystectomy, and the operations known by a surgeon's name remove whole organs."""
    assert ("insertion", evidence) in run(insertion.check, text, language)


def test_operations_that_leave_the_organ_let_it_be_described():
    """A low anterior resection (Dixon) leaves a rectum; the cancer it was for is history, not a finding beside the wall."""
    text = "检查所见：直肠癌Dixon术后，吻合口光整。直肠壁未见增厚。\n诊断意见：术后改变。"
    assert run(insertion.check, text, "zh") == set()
    text = ("FINDINGS: Status post low anterior resection. The anastomosis is intact. The rectum is unremarkable.\n"
            "IMPRESSION: No recurrence.")
    assert run(insertion.check, text) == set()


def test_a_cholecystectomy_is_no_cystectomy():
    text = ("FINDINGS: Status post cholecystectomy. Bladder: Normal.\nIMPRESSION: No acute abnormality.")
    assert run(insertion.check, text) == set()


def test_a_closing_negation_reaches_over_a_bracketed_aside():
    """"淋巴结（前片…）现未显示": the note of its size on the prior study does not stop the negation that follows."""
    text = "检查所见：原右侧髂血管旁肿大淋巴结（前次约1.5cm）现未显示。肝内未见占位。\n诊断意见：治疗后改变，未见复发。"
    assert run(omission.check, text, "zh") == set()
    text = "检查所见：右肺上叶结节（约0.6cm）伴钙化未见。\n诊断意见：未见异常。"  # a nodule seen, without calcium
    assert run(omission.check, text, "zh") == {("omission", "右肺上叶结节（约0.6cm）伴钙化未见。")}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "病史：左肺上叶结核球切除术后3年。\n检查所见：左肺上叶切除术后改变，左侧支气管残端未见异常。左肺上叶支气管通畅，"
           "左肺上叶未见实变及结节。右肺上叶尖段见数个钙化灶。\n诊断意见：左肺上叶切除术后改变。",
     "左肺上叶支气管通畅，左肺上叶未见实变及结节。"),
    ("en", "HISTORY: RUL lobectomy 2021.\nFINDINGS: Post-surgical changes. The right upper lobe is clear. The left lung "
           "is clear.\nIMPRESSION: No recurrence.", "The right upper lobe is clear."),
])
def test_a_lobe_described_after_its_lobectomy_is_inserted(language, text, evidence):
    """A lobectomy removes one lobe, not the lung: the other lobes are still to describe, the resected one is not."""
    assert ("insertion", evidence) in run(insertion.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：左肺上叶切除术后改变。左肺下叶代偿性膨胀，未见结节。右肺未见异常。\n诊断意见：左肺上叶切除术后改变。"),
    ("en", "FINDINGS: Post right upper lobectomy. No nodularity along the right upper lobe staple line. The right lower "
           "lobe is clear.\nIMPRESSION: No recurrence."),
    ("en", "HISTORY: Wedge resection of the right upper lobe.\nFINDINGS: The right upper lobe is clear.\n"
           "IMPRESSION: No recurrence."),
])
def test_the_lobes_a_lobectomy_leaves_and_its_staple_line_are_described_rightly(language, text):
    """The remaining lobes, the operation's own traces, and a lobe a wedge resection only trimmed."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：右半舌切除术后改变。会厌及杓会厌襞放疗后水肿。\n诊断意见：舌癌术后改变，未见复发征象。"),
    ("en", "FINDINGS: Right partial glossectomy. Post-radiation oedema of the supraglottic larynx.\n"
           "IMPRESSION: Post-treatment appearances without recurrence."),
])
def test_the_oedema_radiotherapy_leaves_is_no_finding_for_the_impression(language, text):
    """Oedema, fibrosis or change after radiotherapy is its expected effect; oedema of another cause is still one."""
    assert run(omission.check, text, language) == set()
    other = text.replace("放疗后水肿", "明显水肿").replace("Post-radiation oedema", "Marked oedema")
    assert {t for t, _ in run(omission.check, other, language)} == {"omission"}


@pytest.mark.parametrize("language, text, denial", [
    ("zh", "检查所见：左肺下叶见柱状及囊状支气管扩张，管壁增厚。右肺及左肺上叶未见支气管扩张。\n诊断意见：左肺下叶支气管扩张。",
     "右肺及左肺上叶未见支气管扩张。"),
    ("en", "FINDINGS: Cylindrical bronchiectasis in the left lower lobe. No bronchiectasis in the right lung or the left "
           "upper lobe.\nIMPRESSION: Left lower lobe bronchiectasis.",
     "No bronchiectasis in the right lung or the left upper lobe."),
])
def test_a_denial_about_other_lobes_contradicts_no_finding_of_this_one(language, text, denial):
    """The other lung and another lobe of the same lung are free of it: no contradiction; the whole lung of its side
    denied is one."""
    assert run(insertion.check, text, language) == set()
    whole = text.replace("右肺及左肺上叶未见", "左肺未见").replace("in the right lung or the left upper lobe", "in the left lung")
    assert {t for t, _ in run(insertion.check, whole, language)} == {"insertion"}


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：宫颈增大，见不规则软组织肿块约5.2cm×4.6cm，向左侧宫旁浸润达盆壁，左侧输尿管下段受包绕，其以上左侧输尿管及"
           "左肾盂扩张积水（肾盂前后径约2.6cm）。\n诊断意见：宫颈癌，左侧宫旁浸润达盆壁。"),
    ("en", "FINDINGS: A 5.2 cm mass in the uterine cervix invades the left parametrium, with moderate left "
           "hydronephrosis from ureteric encasement.\nIMPRESSION: Cervical carcinoma with left parametrial invasion."),
])
def test_a_finding_in_another_organ_is_no_detail_of_its_sentence_s_mass(language, text):
    """The hydronephrosis a cervical mass causes is the kidney's, and stages the cancer (FIGO IIIB): the impression
    naming the mass has not said it. The mass's own spread is its detail."""
    assert {t for t, _ in run(omission.check, text, language)} == {"omission"}
    named = text.replace("宫颈癌，左侧宫旁浸润达盆壁。", "宫颈癌，左侧宫旁浸润达盆壁，左肾积水。").replace(
        "with left parametrial invasion.", "with left parametrial invasion. Left hydronephrosis.")
    assert run(omission.check, named, language) == set()
