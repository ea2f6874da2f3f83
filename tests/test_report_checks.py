"""One or more handwritten reports per error type, English and Chinese: each check fires on its error
with the right evidence, and stays silent on the trap next to it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from radqc.agents.report.checks import CheckInput, exam, insertion, laterality, measurement, mismatch, omission
from radqc.agents.report.checks import sex, spelling
from radqc.agents.report.document import parse_report
from report_cases import run
from radqc.agents.report.evidence import QUOTE_CHARACTERS, quoted, unique_span
from radqc.agents.report.mentions import entities, site_of




# laterality ---------------------------------------------------------------------------------------

def test_laterality_majority_and_impossible_lobes():
    text = ("FINDINGS: A 9 mm nodule in the left lower lobe. The left lower lobe nodule is solid.\n"
            "IMPRESSION: 9 mm right lower lobe nodule.")
    assert run(laterality.check, text) == {("laterality", "right lower lobe nodule")}
    assert run(laterality.check, "FINDINGS: Consolidation in the left middle lobe.") == {
        ("laterality", "left middle lobe")}
    assert run(laterality.check, "检查所见：右肺舌段见斑片影。", "zh") == {("laterality", "右肺舌段")}


def test_sides_of_a_bracketed_per_side_measurement_list_give_no_finding_its_side():
    """"Both kidneys are small (right 8.2 cm, left 8.6 cm) and contain cysts" puts the cysts in both kidneys: the
    bracket's sides belong to its measurements. A cyst put on the other side is still a contradiction."""
    text = ("FINDINGS: Both native kidneys are small (right 8.2 cm, left 8.6 cm) and contain multiple cysts, more than "
            "three in each kidney, among them a hyperdense cyst of 1.4 cm in the right upper pole.\n"
            "IMPRESSION: Acquired cystic kidney disease. The hyperdense right upper-pole cyst cannot be characterised.")
    assert run(laterality.check, text) == set()
    slip = ("FINDINGS: The native kidneys are small (right 8.2 cm, left 8.6 cm). A hyperdense cyst of 1.4 cm in the left "
            "upper pole.\nIMPRESSION: The hyperdense right upper-pole cyst cannot be characterised.")
    assert {t for t, _ in run(laterality.check, slip)} == {"laterality"}


def test_a_shift_direction_written_leftward_is_its_own_side():
    """A midline shift's side is where it points, never the side of the haematoma pushing it."""
    text = ("FINDINGS: Left convexity subdural haematoma with 7 mm rightward midline shift.\n"
            "IMPRESSION: Left convexity subdural haematoma with mass effect and midline shift.")
    assert run(laterality.check, text) == set()
    text = ("FINDINGS: Left convexity subdural haematoma, 11 mm. Midline shift of 5 mm to the right.\n"
            "IMPRESSION: Left subdural haematoma with 5 mm rightward midline shift.")
    assert run(laterality.check, text) == set()
    text = text.replace("rightward midline", "leftward midline")
    assert ("laterality", "leftward midline shift") in run(laterality.check, text)


@pytest.mark.parametrize("side, expected", [("left", {("laterality", "left nephrectomy")}), ("right", set())])
def test_the_side_of_an_operated_bed_counts_under_a_denial(side, expected):
    """"No recurrence in the left nephrectomy bed" denies the recurrence, not the nephrectomy: the bed is where the
    operation was, and its side is a fact the history and the findings give."""
    text = ("HISTORY: Renal cell carcinoma, right nephrectomy 3 years ago.\n"
            "FINDINGS: Status post right nephrectomy. The right renal fossa contains fat and clips only.\n"
            f"IMPRESSION: No recurrence in the {side} nephrectomy bed.")
    assert confident(laterality.check, text) == expected


@pytest.mark.parametrize("language, findings, impression, evidence", [
    ("en", "Postsurgical absence of the left kidney. The renal bed is clear.", "Prior right nephrectomy; no recurrence.",
     "right nephrectomy"),
    ("en", "Left kidney surgically absent; the renal bed is clear.", "Status post right nephrectomy.", "right nephrectomy"),
    ("zh", "左肾术后缺如，术区未见异常软组织影。", "右肾切除术后，未见复发。", "右肾切除术后"),
])
def test_an_organ_written_surgically_absent_gives_its_operation_s_side(language, findings, impression, evidence):
    """"Left kidney surgically absent" says a left nephrectomy as plainly as the operation's name does: an impression
    naming the other side's operation contradicts it."""
    heads = {"en": ("FINDINGS: ", "\nIMPRESSION: "), "zh": ("检查所见：", "\n诊断意见：")}[language]
    text = f"{heads[0]}{findings}{heads[1]}{impression}"
    assert confident(laterality.check, text, language) == {("laterality", evidence)}
    same_side = text.replace("right nephrectomy", "left nephrectomy").replace("右肾切除", "左肾切除")
    assert confident(laterality.check, same_side, language) == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: A 3 cm mass in the right upper lobe. A 2 cm metastasis in the left hepatic lobe.\n"
           "IMPRESSION: Right upper lobe carcinoma, with a liver metastasis."),
    ("zh", "检查所见：右肺上叶见肿块，约3cm。肝左叶见转移瘤，约2cm。\n诊断意见：右肺上叶癌，肝转移。"),
])
def test_a_side_stays_with_its_organ_when_a_later_clause_names_another(language, text):
    """The right of "right upper lobe" is the lung's: the liver metastasis of the next clause has no side, and its
    left hepatic lobe in the findings is no slip."""
    assert run(laterality.check, text, language) == set()


def test_nodes_keep_the_side_of_the_organ_they_drain():
    """"Left breast mass, axillary lymphadenopathy": the nodes are the left axilla's, as the sentence was read before."""
    text = "FINDINGS: Left breast mass, 3 cm. Enlarged right axillary nodes.\nIMPRESSION: Left breast mass, axillary lymphadenopathy."
    assert ("laterality", "Left breast mass, axillary lymphadenopathy") in run(laterality.check, text)


@pytest.mark.parametrize("question", ["Left flank pain, ?left renal calculus.", "Left flank pain. Query left renal calculus.",
                                      "?left renal calculus"])
def test_a_side_the_request_asks_about_settles_no_side(question):
    """"?left renal calculus" and "query left renal calculus" ask, as "r/o" does: the side is the referrer's guess, not a
    fact that could blame the findings for the impression's slip."""
    text = (f"INDICATION: {question}\nFINDINGS: A 6 mm calculus in the right renal pelvis. No hydronephrosis.\n"
            "IMPRESSION: 6 mm left renal calculus.")
    assert confident(laterality.check, text) == {("laterality", "mm left renal calculus")}
    assert confident(laterality.check, text.replace(question, "Known left renal calculus.")) == {
        ("laterality", "calculus in the right renal")}


@pytest.mark.parametrize("text, expected", [
    ("INDICATION: Right iliac fossa pain, ?appendicitis.", ["Right iliac fossa pain, ?appendicitis."]),
    ("INDICATION: Is there appendicitis? Pain.", ["Is there appendicitis?", "Pain."]),
])
def test_a_question_mark_opening_a_word_ends_no_sentence(text, expected):
    assert [s.text for s in parse_report(text, "en").sentences] == expected


def test_laterality_traps_two_lesions_and_bilateral():
    text = ("FINDINGS: Right renal cyst. Left renal cyst.\nIMPRESSION: Bilateral renal cysts.")
    assert run(laterality.check, text) == set()
    text = "检查所见：双侧胸腔积液，右侧为著。\n诊断意见：双侧胸腔积液。"
    assert run(laterality.check, text, "zh") == set()


# findings vs impression ---------------------------------------------------------------------------

def test_mismatch_impression_contradicts_findings():
    text = "FINDINGS: The spleen is normal in size. Small left pleural effusion.\nIMPRESSION: Splenomegaly. No effusion."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "Splenomegaly"),
                                         ("findings_impression_mismatch", "No effusion")}


def test_a_mass_like_opacity_states_no_mass():
    """"A mass-like opacity" is an opacity shaped like a mass (rounded atelectasis looks like one): an impression denying
    a tumour does not contradict it, but it still contradicts a mass the findings state."""
    text = ("FINDINGS: In the left lower lobe a 4.5 x 3.2 cm subpleural oval mass-like opacity abuts the thickened pleura, "
            "with the comet-tail sign.\nIMPRESSION: Rounded atelectasis of the left lower lobe; no features of a tumour.")
    assert run(mismatch.check, text) == set()
    stated = text.replace("oval mass-like opacity", "oval mass")
    assert {t for t, _ in run(mismatch.check, stated)} == {"findings_impression_mismatch"}


def test_an_endoleak_after_aneurysm_repair_is_a_finding_of_its_own():
    """An endoleak is what EVAR surveillance looks for: an impression denying the one the findings describe
    contradicts them, and one naming it sums up the contrast outside the graft its findings sentence shows."""
    findings = ("FINDINGS: Stent graft in place. On delayed images contrast pools in the sac behind the graft from an "
                "inferior mesenteric artery branch, a type II endoleak. Sac 5.2 cm.\n")
    assert run(mismatch.check, findings + "IMPRESSION: No endoleak. Sac 5.2 cm.") == {
        ("findings_impression_mismatch", "No endoleak")}
    assert run(mismatch.check, findings + "IMPRESSION: Type II endoleak. Sac 5.2 cm.") == set()
    extravasation = ("检查所见：EVAR术后，延迟期瘤囊左侧见斑片状对比剂外溢，邻近腰动脉，符合II型内漏。\n")
    assert run(omission.check, extravasation + "诊断意见：EVAR术后，II型内漏。", "zh") == set()
    assert run(mismatch.check, extravasation + "诊断意见：EVAR术后，未见内漏。", "zh") == {
        ("findings_impression_mismatch", "未见内漏")}


def test_a_side_slip_in_traditional_characters_is_found_and_quoted_as_written():
    text = "檢查所見：\n右腎上極見約1.5cm低密度結節，左腎未見異常。\n印象：\n左腎上極低密度結節。"
    assert ("laterality", "左腎上極低密度結節") in run(laterality.check, text, "zh")


def test_a_multiphase_protocol_listing_its_unenhanced_phase_is_no_non_contrast_exam():
    """A protocol named by its phases ("unenhanced, venous, 15-min delayed") read as unenhanced, and every washout and
    phase its findings gave as enhancement in a non-contrast study."""
    assert exam.parse_exam("CT kidneys (unenhanced, nephrographic and excretory phases)", "en").contrast is not False
    text = ("FINDINGS: Right adrenal nodule, 18 mm. Unenhanced 30 HU, portal venous 90 HU, delayed 50 HU; washout 67%.\n"
            "IMPRESSION: Right adrenal adenoma.")
    assert run(exam.check, text, exam_="CT adrenal protocol (unenhanced, portal venous, 15 min delayed)") == set()
    assert run(exam.check, text, exam_="CT abdomen, unenhanced") != set()


@pytest.mark.parametrize("language, text, expected", [
    ("en", "FINDINGS: Right upper lobe nodule now 14 mm, increased from 9 mm.\nIMPRESSION: Right upper lobe nodule, "
           "stable.", {("findings_impression_mismatch", "Right upper lobe nodule, stable")}),
    ("zh", "检查所见：左肾上腺结节约2.5cm，较前增大。\n诊断意见：左肾上腺结节，较前缩小。",
     {("findings_impression_mismatch", "左肾上腺结节，较前缩小")}),
    # the same direction, or findings whose lesions of one kind changed apart, contradict nothing
    ("en", "FINDINGS: Right upper lobe nodule now 14 mm, increased from 9 mm.\nIMPRESSION: Enlarging right upper lobe "
           "nodule, increased since the prior study.", set()),
    ("en", "FINDINGS: Right upper lobe nodule increased to 14 mm. Left lower lobe nodule smaller, 4 mm.\nIMPRESSION: "
           "Pulmonary nodules, stable.", set()),
    ("zh", "检查所见：脾脏增大，约8个肋单元。\n诊断意见：脾大，较前相仿。", set()),
    # a lesion in another part of the organ is another lesion: its stability says nothing of this one's growth
    ("en", "FINDINGS: Left inguinal hernia containing sigmoid colon, neck 4.5 cm; larger than before. Small umbilical "
           "hernia, unchanged.\nIMPRESSION: Increasing left inguinal hernia.", set()),
    # "进一步" before a shrinkage as before a growth
    ("zh", "检查所见：右肺下叶结节较前进一步缩小，现约0.6cm。\n诊断意见：右肺下叶结节，较前增大。",
     {("findings_impression_mismatch", "右肺下叶结节，较前增大")}),
    ("zh", "检查所见：右肺下叶结节较前进一步缩小，现约0.6cm。\n诊断意见：右肺下叶结节，较前缩小。", set()),
    # a shrinkage the impression reports where the findings call the lesion stable, unless it calls it slight
    ("en", "FINDINGS: Left adrenal nodule measures 2.1 cm, unchanged from the prior study.\nIMPRESSION: Left adrenal "
           "nodule, decreased in size.", {("findings_impression_mismatch", "Left adrenal nodule, decreased in size")}),
    ("zh", "检查所见：肝右叶低密度结节约1.8cm，较前相仿。\n诊断意见：肝右叶结节，较前缩小。",
     {("findings_impression_mismatch", "肝右叶结节，较前缩小")}),
    ("en", "FINDINGS: Left adrenal nodule measures 2.1 cm, unchanged from the prior study.\nIMPRESSION: Left adrenal "
           "nodule, slightly smaller.", set()),
    ("zh", "检查所见：肝右叶低密度结节约1.8cm，较前相仿。\n诊断意见：肝右叶结节，较前略缩小。", set()),
])
def test_an_impression_change_opposite_to_the_findings_change_is_a_mismatch(language, text, expected):
    """"Stable" in the impression beside a growth the findings state, or "较前缩小" beside "较前增大", went unflagged:
    the impression contradicts the findings' comparison with the prior study."""
    found = {f for f in run(mismatch.check, text, language) if f[0] == "findings_impression_mismatch"}
    assert found == expected


@pytest.mark.parametrize("language, findings, contradicted", [
    # a shrinkage or growth the findings measure beyond a reader's measurement error (2 mm and 20%)
    ("en", "Right lower lobe nodule has decreased from 2.0 to 1.4 cm.", True),
    ("zh", "右肺下叶结节较前缩小，由2.0cm缩小至1.4cm。", True),
    ("en", "Right lower lobe nodule has decreased, now 1.4 cm (previously 2.0 cm).", True),
    ("en", "Right lower lobe nodule has increased from 1.0 to 1.6 cm.", True),
    # a shrinkage stated plainly; growth however slight
    ("en", "Right lower lobe nodule has decreased.", True),
    ("en", "Right lower lobe nodule has slightly increased.", True),
    # within the error of the measurement, or a slight shrinkage the findings do not measure
    ("en", "Right lower lobe nodule has increased from 1.0 to 1.1 cm.", False),
    ("en", "Right lower lobe nodule has decreased from 2.0 to 1.9 cm.", False),
    ("en", "Right lower lobe nodule has slightly decreased.", False),
    ("zh", "右肺下叶结节较前略缩小。", False),
])
def test_stable_in_the_impression_is_held_to_the_change_the_findings_measure(language, findings, contradicted):
    """"Stable" beside a nodule the findings measured shrinking from 2.0 to 1.4 cm went unflagged, while beside one
    measured growing 1 mm it was flagged: a reader calls stable what changed within a measurement's error, and a
    slight shrinkage it does not measure, but not a change beyond that error either way."""
    if language == "en":
        text = f"FINDINGS: {findings}\nIMPRESSION: Stable right lower lobe nodule."
        flagged = ("findings_impression_mismatch", "Stable right lower lobe nodule")
    else:
        text = f"检查所见：{findings}\n诊断意见：右肺下叶结节，较前相仿。"
        flagged = ("findings_impression_mismatch", "右肺下叶结节，较前相仿")
    assert (flagged in run(mismatch.check, text, language)) is contradicted


def test_the_bare_verb_enhance_in_a_non_contrast_exam_is_an_exam_mismatch():
    text = "FINDINGS: Left renal mass; its solid part does enhance avidly. No hydronephrosis.\nIMPRESSION: Left renal mass."
    assert run(exam.check, text, exam_="CT abdomen without contrast") == {("exam_mismatch", "enhance")}
    assert run(exam.check, text.replace("does enhance", "cannot be assessed for enhance"),
               exam_="CT abdomen without contrast") == set()


def test_a_denied_follow_up_does_not_deny_the_finding_it_is_for():
    text = ("FINDINGS: Simple cyst of 18 mm in the left kidney.\n"
            "IMPRESSION: Left renal cyst, benign; no imaging follow-up is required for the cyst.")
    assert run(mismatch.check, text) == set()
    denied = [e.negated for s in parse_report(text).body for e in entities(s, "en") if e.finding == "cyst"]
    assert denied == [False, False, False]
    assert [e.negated for e in entities(parse_report("IMPRESSION: No cyst.").body[0], "en")] == [True]


def test_fibrosis_without_honeycombing_is_still_fibrosis():
    text = "FINDINGS: Reticulation under the pleura of both lower lobes. No honeycombing.\nIMPRESSION: Pulmonary fibrosis."
    assert run(mismatch.check, text) == set()
    text = "检查所见：双肺下叶胸膜下网格影。未见蜂窝影。\n诊断意见：双肺间质纤维化。"
    assert run(mismatch.check, text, "zh") == set()
    text = "FINDINGS: Basal honeycombing in both lungs.\nIMPRESSION: No honeycombing."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "No honeycombing")}


def test_a_scalp_haematoma_is_no_intracranial_bleed():
    text = "检查所见：左侧顶部头皮下血肿，颅内未见出血。\n诊断意见：左侧顶部头皮血肿，颅内未见出血。"
    assert run(mismatch.check, text, "zh") == set()
    text = ("FINDINGS: Right occipital scalp haematoma. No intracranial haemorrhage.\n"
            "IMPRESSION: Scalp haematoma. No intracranial haemorrhage.")
    assert run(mismatch.check, text) == set()


def test_a_denial_limited_to_the_resolved_levels_leaves_smaller_ones_open():
    text = ("FINDINGS: Breathing artefact degrades the basal subsegmental branches; a small embolus there cannot be "
            "excluded.\nIMPRESSION: No pulmonary embolism to the segmental level.")
    assert run(mismatch.check, text) == set()
    text = text.replace(" to the segmental level", "")
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "No pulmonary embolism")}
    text = "检查所见：右肺下叶亚段肺动脉显示欠清，小栓子不除外。\n诊断意见：未见肺段以上肺动脉栓塞。"
    assert run(mismatch.check, text, "zh") == set()
    text = text.replace("诊断意见：未见肺段以上肺动脉栓塞", "诊断意见：未见肺动脉栓塞")
    assert {t for t, _ in run(mismatch.check, text, "zh")} == {"findings_impression_mismatch"}


def test_no_occlusion_says_nothing_of_a_stenosis():
    text = ("FINDINGS: Calcified plaque narrows the proximal right ICA; NASCET stenosis 75%.\n"
            "IMPRESSION: Severe right ICA stenosis. No intracranial occlusion.")
    assert run(mismatch.check, text) == set()
    text = "FINDINGS: The right M1 segment is occluded.\nIMPRESSION: No intracranial occlusion."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "No intracranial occlusion")}


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：肝周及盆腔见少量液性密度影。\n诊断意见：腹腔未见积液。", {("findings_impression_mismatch", "未见积液")}),
    ("zh", "检查所见：脾周围见少量液性密度影。\n诊断意见：无腹水。", {("findings_impression_mismatch", "无腹水")}),
    ("zh", "检查所见：盆腔未见液性密度影。\n诊断意见：盆腔积液。", {("findings_impression_mismatch", "盆腔积液")}),
    ("en", "FINDINGS: Small volume perihepatic fluid.\nIMPRESSION: No ascites.",
     {("findings_impression_mismatch", "No ascites")}),
    ("en", "FINDINGS: Trace fluid in the pelvis.\nIMPRESSION: No ascites.", {("findings_impression_mismatch", "No ascites")}),
    # fluid in an organ, or around one outside the peritoneum, is no free fluid
    ("zh", "检查所见：肝内见一类圆形液性密度影，直径约1.2cm。\n诊断意见：肝囊肿；无腹水。", set()),
    ("zh", "检查所见：右肾周见少量液性密度影。\n诊断意见：无腹水。", set()),
    ("en", "FINDINGS: Small perinephric fluid on the right.\nIMPRESSION: No ascites.", set()),
])
def test_fluid_around_an_organ_of_the_peritoneal_cavity_is_free_fluid(language, text, expected):
    """Fluid named by the organ it surrounds ("肝周", "perihepatic"), a recess or the pelvis lies in the peritoneal
    cavity: ascites, as "肝肾隐窝积液" is. Fluid inside an organ is a cyst's."""
    assert run(mismatch.check, text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("zh", "检查所见：肝右叶见一囊性低密度影，直径约1.5cm。胆囊不大。脾脏不大。腹膜后未见肿大淋巴结。\n"
           "诊断意见：1.肝右叶囊肿。2.腹腔少量积液。", {("findings_impression_mismatch", "腹腔少量积液")}),
    # fluid in an organ is no free fluid
    ("zh", "检查所见：肝右叶见类圆形液性密度影，直径约2.0cm。胆囊不大。\n诊断意见：1.肝右叶囊肿。2.腹腔少量积液。",
     {("findings_impression_mismatch", "腹腔少量积液")}),
    ("en", "FINDINGS: The liver contains a 1.5 cm simple cyst. The spleen and kidneys are unremarkable.\n"
           "IMPRESSION: 1. Hepatic cyst. 2. Small volume ascites.", {("findings_impression_mismatch", "ascites")}),
    # fluid around an organ of the peritoneal cavity is the impression's ascites
    ("zh", "检查所见：肝右叶见类圆形低密度影，直径约2.0cm。肝周见少量液性密度影。\n诊断意见：1.肝右叶囊肿。2.腹腔少量积液。",
     set()),
    ("en", "FINDINGS: The liver contains a 1.5 cm simple cyst. Small amount of perihepatic fluid.\n"
           "IMPRESSION: 1. Hepatic cyst. 2. Small volume ascites.", set()),
    # nor as a pneumothorax does anything but air in the pleural space
    ("en", "FINDINGS: Consolidation in the right lower lobe. The heart is normal in size.\n"
           "IMPRESSION: Right lower lobe pneumonia. Small right pneumothorax.",
     {("findings_impression_mismatch", "pneumothorax")}),
    ("en", "FINDINGS: Small right apical pneumothorax. Consolidation in the right lower lobe.\n"
           "IMPRESSION: Right lower lobe pneumonia. Small right pneumothorax.", set()),
])
def test_an_impression_ascites_needs_free_fluid_in_the_findings(language, text, expected):
    """"腹腔少量积液" in the impression of findings describing only a liver cyst stayed below the operating point, as
    an impression term the findings may have named otherwise: nothing but free fluid sums up as ascites."""
    assert confident(mismatch.check, text, language) == expected


def test_mismatch_severity_and_zh_negation():
    text = "FINDINGS: Mild hydronephrosis of the right kidney.\nIMPRESSION: Severe right hydronephrosis."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "Severe right hydronephrosis.")}
    text = "检查所见：右侧胸腔见少量积液。\n诊断意见：双侧胸腔未见积液。"
    assert run(mismatch.check, text, "zh") == {("findings_impression_mismatch", "未见积液")}


@pytest.mark.parametrize("language, text, evidence", [
    # the term occurs in both sections: widened by words, not by the full stop ("nodule."), back to the
    # denial ("pulmonary nodule" would read as the opposite)
    ("en", "FINDINGS: A 6 mm nodule in the right lower lobe.\nIMPRESSION: No pulmonary nodule.", "No pulmonary nodule"),
    # within its clause first: not across the comma ("pneumothorax, no")
    ("en", "FINDINGS: Small right pneumothorax.\nIMPRESSION: No pneumothorax, no effusion.", "No pneumothorax"),
    # the whole sentence occurs in both sections: it stays the sentence, without the heading before it
    ("en", "FINDINGS: No pneumothorax. Small left pneumothorax.\nIMPRESSION: No pneumothorax.", "No pneumothorax"),
    ("zh", "检查所见：未见气胸。左侧少量气胸。\n诊断意见：未见气胸。", "未见气胸"),
])
def test_mismatch_evidence_is_a_phrase_of_its_sentence(language, text, evidence):
    """Evidence that occurs twice is widened within its sentence by words until it is unique, or to the
    sentence's words: never into the heading ("IMPRESSION: No pneumothorax.", "意见：未见气胸。")."""
    assert run(mismatch.check, text, language) == {("findings_impression_mismatch", evidence)}


@pytest.mark.parametrize("language, text, evidence", [
    # the denied term occurs once in the report: it was shown alone ("haemorrhage", "出血"), or widened to
    # the right ("effusion is"), reading as the opposite of what the impression says
    ("en", "FINDINGS: Acute subdural haematoma along the left convexity.\nIMPRESSION: No intracranial haemorrhage.",
     "No intracranial haemorrhage"),
    ("en", "FINDINGS: Small left pleural effusion.\nIMPRESSION: No pleural effusion is seen.", "No pleural effusion"),
    ("en", "FINDINGS: Small left pleural effusion.\nIMPRESSION: Pleural effusion has been excluded.",
     "effusion has been excluded"),
    ("zh", "检查所见：右侧额顶部硬膜下血肿，厚约8mm。\n诊断意见：颅内未见出血。", "未见出血"),
])
def test_a_denial_the_findings_contradict_is_shown_with_its_negation(language, text, evidence):
    assert run(mismatch.check, text, language) == {("findings_impression_mismatch", evidence)}


@pytest.mark.parametrize("language, text, word, occurrence, evidence", [
    # a span widened to the left takes in the negation its clause states it under: not "见积液" (the 未 of
    # 未见 dropped), "明显结节" (the 无 of 无明显), "evidence of pneumothorax" or "for pneumothorax"
    ("zh", "检查所见：右侧胸腔见少量积液。\n诊断意见：双侧胸腔未见积液。", "积液", 1, "未见积液"),
    ("zh", "检查所见：右肺可见结节。\n诊断意见：右肺无明显结节。", "结节", 1, "无明显结节"),
    ("en", "FINDINGS: Small right pneumothorax.\nIMPRESSION: There is no evidence of pneumothorax.", "pneumothorax", 1,
     "no evidence of pneumothorax"),
    ("en", "FINDINGS: Small right pneumothorax.\nIMPRESSION: Negative for pneumothorax.", "pneumothorax", 1,
     "Negative for pneumothorax"),
    # by whole known words ("少量", "ground-glass", with the side before it) and whole runs of unknown ones
    # ("可见", not "见结节")
    ("zh", "检查所见：右侧胸腔少量积液。\n诊断意见：右侧胸腔积液。", "积液", 0, "少量积液"),
    ("zh", "检查所见：右肺可见结节。\n诊断意见：右肺结节。", "结节", 0, "可见结节"),
    ("en", "FINDINGS: Right ground-glass nodule.\nIMPRESSION: Glass nodule.", "nodule", 0, "Right ground-glass nodule"),
    # a side stays with the word it is the side of: not "胸腔积液" of "双侧胸腔积液", "肾结石" of "右肾结石"
    ("zh", "检查所见：双侧胸腔积液。\n诊断意见：双侧胸腔未见积液。", "积液", 0, "双侧胸腔积液"),
    ("zh", "检查所见：右肾结石。\n诊断意见：双肾未见结石。", "结石", 0, "右肾结石"),
])
def test_evidence_widens_by_whole_words_and_keeps_its_negation(language, text, word, occurrence, evidence):
    """WORD occurs twice; its OCCURRENCE-th is widened until it is unique."""
    at = [m.start() for m in re.finditer(word, text)][occurrence]
    start, end = unique_span(parse_report(text, language), at, at + len(word))
    assert text[start:end] == evidence


@pytest.mark.parametrize("text, evidence", [
    ("检查所见：双侧胸腔未见积液。\n诊断意见：双侧胸腔积液。", "双侧胸腔积液"),
    ("检查所见：右肾未见结石。\n诊断意见：右肾结石。", "右肾结石"),
])
def test_a_widened_span_keeps_the_side_of_its_words(text, evidence):
    """"胸腔积液" or "肾结石" alone hides which side the impression gives its finding."""
    assert run(mismatch.check, text, "zh") == {("findings_impression_mismatch", evidence)}


def test_mismatch_traps_summary_and_differential():
    text = ("FINDINGS: Dilated appendix with periappendiceal stranding.\n"
            "IMPRESSION: Acute appendicitis; differential includes abscess.")
    assert run(mismatch.check, text) == set()


@pytest.mark.parametrize("findings, flagged", [
    ("Head: Non-displaced right parietal bone fracture. Chest: Fractures of the left 7th to 9th ribs.", False),
    ("Pelvis: Fracture of the left superior pubic ramus.", True),
    ("Fracture of the left superior pubic ramus.", True),  # a bone may be in any region when no region is named
])
def test_a_denial_naming_a_region_contradicts_findings_in_that_region_only(findings, flagged):
    """"No pelvic fracture" names no organ (a fracture is a bone's anywhere) but a region: the skull and rib fractures of
    the same trauma report are not denied by it."""
    text = f"FINDINGS: {findings}\nIMPRESSION: No pelvic fracture."
    expected = {("findings_impression_mismatch", "No pelvic fracture")} if flagged else set()
    assert run(mismatch.check, text) == expected


# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, request_, findings, omitted", [
    ("en", "CT ABDOMEN - KNOWN CIRRHOSIS, SURVEILLANCE", "Cirrhotic liver with a nodular surface.", False),
    ("zh", "临床诊断：肝硬化复查。", "肝脏体积缩小，表面呈波浪状，肝硬化表现。", False),
    # a disease the request asks about, or a known one the findings say changed, the impression must give
    ("en", "Indication: ?cirrhosis, abnormal liver tests.", "Cirrhotic liver with a nodular surface.", True),
    ("en", "CT ABDOMEN - KNOWN CIRRHOSIS, SURVEILLANCE", "Cirrhotic liver with a nodular surface, progressed.", True),
    ("zh", "临床诊断：腹痛待查。", "肝脏体积缩小，表面呈波浪状，肝硬化表现。", True),
    ("zh", "临床诊断：肝硬化复查。", "肝脏体积缩小，表面呈波浪状，肝硬化表现，较前加重。", True),
])
def test_a_known_background_disease_the_request_names_is_no_omission(language, request_, findings, omitted):
    """The cirrhosis of a cirrhosis surveillance study, left out of an impression that reports its portal
    hypertension, was an omission: the referrer knows it, and the impression gives what the study found of it."""
    if language == "en":
        text = f"{request_}\nFINDINGS: {findings} Spleen 15 cm. Portal vein patent.\nIMPRESSION: Splenomegaly."
    else:
        text = f"{request_}\n检查所见：{findings}脾脏增大，约8个肋单元。门静脉通畅。\n诊断意见：脾大。"
    assert (("omission", findings) in confident(omission.check, text, language)) is omitted


def test_a_lesion_under_surveillance_is_no_background_disease():
    """Only a diffuse disease is the request's background: an aneurysm under surveillance is what the impression
    reports on, and its details stay covered by the impression that does."""
    findings = ("FINDINGS: Infrarenal aortic aneurysm, 5.4 cm (previously 5.0 cm), with eccentric mural thrombus. "
                "Liver normal.\n")
    text = f"History: Known AAA, surveillance.\n{findings}IMPRESSION: "
    assert confident(omission.check, text + "Infrarenal AAA now 5.4 cm.") == set()
    assert confident(omission.check, text + "Normal liver.") == {
        ("omission", "Infrarenal aortic aneurysm, 5.4 cm (previously 5.0 cm), with eccentric mural thrombus.")}


def test_omission_of_a_significant_finding():
    text = ("FINDINGS: Small hiatal hernia. Large right pneumothorax with mediastinal shift.\n"
            "IMPRESSION: Small hiatal hernia.")
    assert run(omission.check, text) == {("omission", "Large right pneumothorax with mediastinal shift.")}
    text = "检查所见：右肾见一囊肿。左侧股骨颈骨折，断端移位。\n诊断意见：右肾囊肿。"
    assert run(omission.check, text, "zh") == {("omission", "左侧股骨颈骨折，断端移位。")}


@pytest.mark.parametrize("collection", ["9 mm blood collection", "9 mm collection of blood",
                                        "9 mm haemorrhagic collection", "9 mm hemorrhagic collection",
                                        "thin collection of 9 mm, in keeping with postoperative blood",
                                        "9 mm extra-axial correction, in keeping with postoperative blood"])
def test_a_collection_of_blood_is_the_haematoma_the_impression_names(collection):
    """A collection the findings call blood is a haematoma, not the abscess a bare "collection" is read as."""
    text = (f"FINDINGS: There is a {collection} over the left convexity. No midline shift.\n"
            "IMPRESSION: Left convexity subdural haematoma without midline shift.")
    assert run(omission.check, text) == set()
    sentence = parse_report(text, "en").sentences[0]
    assert [e.finding for e in entities(sentence, "en")] == ["hemorrhage"]


@pytest.mark.parametrize("text", ["Pelvic collection with gas, no blood products.",
                                  "Pelvic abscess with gas and blood products."])
def test_a_collection_beside_denied_blood_or_an_abscess_stays_an_abscess(text):
    sentence = parse_report(f"FINDINGS: {text}", "en").sentences[0]
    assert [e.finding for e in entities(sentence, "en")] == ["abscess"]


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Post-surgical changes of partial gastrectomy for gastric cancer, the anastomosis unremarkable. "
           "An 8 mm solid nodule in the right lower lobe.\nIMPRESSION: Right lower lobe nodule, follow-up advised."),
    ("zh", "检查所见：胃癌术后改变，吻合口未见增厚。右肺下叶见实性结节，直径约8mm。\n诊断意见：右肺下叶结节，建议随访。"),
])
def test_the_cancer_an_operation_treated_is_history_the_impression_need_not_carry(language, text):
    """"胃癌术后改变" and "post-surgical changes of ... for gastric cancer" were flagged as an omitted cancer: the line
    gives what was operated on, as "s/p nephrectomy for renal cell carcinoma" in an impression does (`operated_for`)."""
    assert run(omission.check, text, language) == set()
    # a finding the same line adds is still the impression's to give
    assert {f[0] for f in run(omission.check, text.replace("未见增厚", "壁增厚，见软组织肿块，约3cm")
                              .replace("the anastomosis unremarkable", "a 3 cm mass at the anastomosis"),
                              language)} == {"omission"}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Status post low anterior resection. A 3 cm enhancing soft tissue mass at the anastomosis has "
           "grown.\nIMPRESSION: Local recurrence."),
    ("zh", "检查所见：直肠术后改变，吻合口旁见软组织肿块，约3.0cm，明显强化。肝脏未见异常。\n诊断意见：考虑局部复发。"),
])
def test_a_recurrence_in_the_impression_sums_up_the_mass_at_the_operated_site(language, text):
    """"Recurrence" and "复发" were no finding, so the mass the impression names so was read as left out."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Post left lower lobectomy, staple line smooth. New 8 mm solid nodule in the right upper lobe.\n"
           "IMPRESSION: No evidence of local recurrence at the staple line."),
    ("zh", "检查所见：左肺下叶切除术后，残端光整。右肺上叶新见实性结节，约0.8cm。\n诊断意见：左肺下叶切除术后，残端未见复发征象。"),
])
def test_a_denied_recurrence_at_the_operated_site_leaves_a_new_nodule_elsewhere_unreported(language, text):
    """"No local recurrence" is about the treated site, which the lexicon does not place: the new nodule the findings
    describe elsewhere is still left out of the impression."""
    assert {f[0] for f in run(omission.check, text, language)} == {"omission"}


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Post anterior resection. A new 3 cm enhancing soft-tissue mass abuts the anastomotic staple line.\n"
           "IMPRESSION: No evidence of local recurrence or metastatic disease.", "No evidence of local recurrence"),
    ("zh", "检查所见：直肠癌术后，吻合口旁新见软组织肿块，约2.3cm，明显强化。\n诊断意见：直肠癌术后，未见复发征象。", "未见复发"),
    # soft tissue there not called new or growing may be post-operative
    ("en", "FINDINGS: Post anterior resection. 1.5 cm soft-tissue mass at the anastomosis, unchanged for 2 years.\n"
           "IMPRESSION: No evidence of local recurrence.", None),
    ("zh", "检查所见：直肠癌术后，吻合口旁软组织影，约1.0cm，与前相仿。\n诊断意见：直肠癌术后，未见复发征象。", None),
    # a new mass elsewhere, beside a quiet anastomosis, is no recurrence at the site
    ("en", "FINDINGS: New 2 cm mass in the liver; the anastomosis is unremarkable.\n"
           "IMPRESSION: No local recurrence. New liver mass.", None),
])
def test_a_denied_recurrence_beside_a_new_mass_at_the_treated_site(language, text, flagged):
    """A new or growing mass at the anastomosis is a local recurrence until proven otherwise: denying recurrence
    beside it contradicts the findings."""
    assert run(mismatch.check, text, language) == ({("findings_impression_mismatch", flagged)} if flagged else set())


@pytest.mark.parametrize("language, text, expected", [
    ("en", "IMPRESSION: No local recurrence.", [("recurrence", True)]),
    ("en", "IMPRESSION: Recurrent tumour in the surgical bed.", [("recurrence", False)]),
    ("zh", "诊断意见：吻合口局部复发。", [("recurrence", False)]),
    ("zh", "诊断意见：未见复发征象。", [("recurrence", True)]),
    # a nerve, not a tumour
    ("en", "IMPRESSION: Recurrent laryngeal nerve intact.", []),
    # "复发性" names a disease that keeps coming back, but a tumour's return
    ("zh", "诊断意见：复发性多软骨炎。", []),
    ("zh", "诊断意见：复发性口腔溃疡，肝内复发灶。", [("recurrence", False)]),
    ("zh", "诊断意见：复发性胶质母细胞瘤。", [("recurrence", False)]),
])
def test_a_recurrence_is_read_as_a_finding(language, text, expected):
    report = parse_report(text, language)
    assert [(e.finding, e.negated) for s in report.sentences for e in entities(s, language)] == expected


def test_a_response_category_sums_up_the_target_lesion_table():
    """An impression giving a response category speaks for every target lesion its table measures; without one,
    a target lesion the impression does not name is left out. A new lesion is no target: the category does not
    cover it."""
    text = ("FINDINGS:\nTarget lesion 1 (hepatic segment 7 mass): baseline 6.0 cm, now 3.9 cm.\n"
            "Target lesion 2 (right adrenal nodule): baseline 2.4 cm, now 1.5 cm.\nIMPRESSION:\nPartial response.")
    assert run(omission.check, text) == set()
    assert len(run(omission.check, text.replace("Partial response", "Treated disease"))) == 2
    text = "检查所见：\n靶病灶1（肝S7段肿块）：基线6.0cm，本次5.8cm。\n诊断意见：\n疾病稳定。"
    assert run(omission.check, text, "zh") == set()
    assert run(omission.check, text.replace("疾病稳定", "治疗后改变"), "zh") == {
        ("omission", "靶病灶1（肝S7段肿块）：基线6.0cm，本次5.8cm。")}
    text = ("FINDINGS:\nTarget lesion 1 (hepatic segment 7 mass): baseline 6.0 cm, now 5.8 cm.\n"
            "New 2.5 cm mass in the spleen.\nIMPRESSION:\nStable disease.")
    assert run(omission.check, text) == {("omission", "New 2.5 cm mass in the spleen.")}



@pytest.mark.parametrize("language, category", [
    ("en", "Progressive disease"), ("en", "Complete response"), ("zh", "疾病进展"), ("zh", "完全缓解"),
])
def test_every_recist_category_sums_up_the_target_lesion_table(language, category):
    """Progression and a complete response are assessed on the same table as a partial response: its lines are
    summed up, though neither is held to the sum alone. A trend ("Continued response") is no category."""
    if language == "en":
        text = ("FINDINGS:\nTarget lesion 1 (left lower lobe mass): baseline 3.0 cm, now 4.1 cm.\n"
                "Target lesion 2 (segment 6 liver metastasis): baseline 2.0 cm, now 2.6 cm.\n"
                f"IMPRESSION:\n{category} by RECIST 1.1.")
        trend = "Continued response"
    else:
        text = f"检查所见：\n靶病灶1（左肺下叶肿块）：基线3.0cm，本次4.1cm。\n诊断意见：\n{category}。"
        trend = "治疗后改变"
    assert run(omission.check, text, language) == set()
    assert run(omission.check, text.replace(category, trend), language) != set()

def test_a_stricture_is_a_stenosis_and_a_denied_one_takes_its_with_clause_along():
    """"No stricture with proximal dilatation" denies the stricture and the dilatation it would cause; a stricture
    stated with its dilatation is a finding the impression has to carry."""
    text = ("FINDINGS: Long segment of descending colon wall thickening. No stricture with proximal dilatation.\n"
            "IMPRESSION: Descending colon wall thickening, likely colitis.")
    assert run(omission.check, text) == set()
    text = text.replace("No stricture with", "A stricture with")
    assert ("omission", "A stricture with proximal dilatation.") in run(omission.check, text)


def test_omission_traps_minor_findings_and_summaries():
    text = ("FINDINGS: Simple 1 cm cyst in the left kidney. Degenerative changes of the spine. "
            "Appendix dilated to 12 mm with surrounding fat stranding.\nIMPRESSION: Acute appendicitis.")
    assert run(omission.check, text) == set()


def test_omission_asks_the_embedder_only_about_uncovered_findings():
    text = ("FINDINGS: Free intraperitoneal air beneath the diaphragm.\n"
            "IMPRESSION: Pneumoperitoneum, likely from a perforated viscus.")
    asked = []

    def paraphrase_embedder(texts):  # a stand-in model that calls the two sentences synonyms
        asked.append(list(texts))
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    assert run(omission.check, text, embed=paraphrase_embedder) == set()
    text = "FINDINGS: Large left pleural effusion.\nIMPRESSION: Pneumoperitoneum."
    orthogonal = lambda texts: np.eye(len(texts), dtype=np.float32)  # noqa: E731
    assert run(omission.check, text, embed=orthogonal) == {("omission", "Large left pleural effusion.")}


# insertion ----------------------------------------------------------------------------------------

def test_insertion_template_text_and_organ_after_removal():
    text = "FINDINGS: Status post cholecystectomy. The gallbladder is unremarkable. The appendix is [normal/abnormal]."
    assert run(insertion.check, text) == {("insertion", "The gallbladder is unremarkable."),
                                          ("insertion", "[normal/abnormal]")}
    assert run(insertion.check, "检查所见：病灶大小约__mm。", "zh") == {("insertion", "__mm")}


def test_insertion_blank_in_brackets_is_a_template_slot():
    """Underscores in brackets ("[__] mm") are a field the template left to fill, as asterisks in brackets are; a
    reference number in brackets ("[1]") is none."""
    text = ("FINDINGS: Coronary heights: left main [__] mm; right coronary 14 mm. Annulus perimeter 78 mm [1].\n"
            "IMPRESSION: Annulus suitable for a 26 mm valve.")
    assert run(insertion.check, text) == {("insertion", "[__]")}


def test_insertion_an_organ_measured_after_its_removal():
    """An organ given a size ("The spleen measures 11 cm") is described, like one called normal, after the history says
    it was removed; the nodes of its bed and the other kidney are not it."""
    text = ("CLINICAL: Splenectomy 2 years ago.\nFINDINGS: Surgical clips in the splenic bed. Splenic bed nodes up to 15 mm. "
            "The spleen measures 11 cm and is homogeneous.\nIMPRESSION: Enlarging splenic bed nodes.")
    assert run(insertion.check, text) == {("insertion", "The spleen measures 11 cm and is homogeneous.")}
    text = ("CLINICAL: Left nephrectomy 2 years ago.\nFINDINGS: The right kidney measures 11 cm.\n"
            "IMPRESSION: No recurrence.")
    assert run(insertion.check, text) == set()
    text = "临床：脾切除术后2年。\n检查所见：脾区见金属夹。脾脏大小约11cm，密度均匀。\n诊断意见：脾切除术后。"
    assert run(insertion.check, text, "zh") == {("insertion", "脾脏大小约11cm，密度均匀。")}


def test_insertion_a_spleen_measured_after_splenectomy_with_an_accessory_fissure():
    """"Accessory" counts as the operation's trace only for an accessory spleen, not any accessory structure."""
    text = ("CLINICAL: Status post splenectomy.\nFINDINGS: The spleen measures 12 cm with an accessory fissure.\n"
            "IMPRESSION: Normal.")
    assert run(insertion.check, text) == {("insertion", "The spleen measures 12 cm with an accessory fissure.")}


@pytest.mark.parametrize("language, text", [
    ("en", "CLINICAL: Splenectomy 2 years ago.\nFINDINGS: Accessory spleen 1.5 cm in the left upper quadrant.\n"
           "IMPRESSION: Splenule, no recurrence."),
    ("zh", "临床：脾切除术后2年。\n检查所见：副脾，大小约1.2cm。\n诊断意见：副脾。"),
    ("en", "CLINICAL: Left nephrectomy 2 years ago.\nFINDINGS: Transplant kidney in the left iliac fossa measures 11 cm.\n"
           "IMPRESSION: Normal transplant kidney."),
])
def test_insertion_an_accessory_spleen_or_a_transplant_is_not_the_removed_organ(language, text):
    """Clean guard: a splenule grows after a splenectomy, and a transplanted kidney is another organ than the one removed."""
    assert run(insertion.check, text, language) == set()


def test_insertion_traps_other_kidney_and_surgical_bed():
    text = ("FINDINGS: Status post left nephrectomy; no mass in the nephrectomy bed. The right kidney is normal.\n"
            "IMPRESSION: No recurrence.")
    assert run(insertion.check, text) == set()


def test_insertion_a_parathyroidectomy_leaves_the_thyroid():
    """A parathyroidectomy removes a gland behind the thyroid, not the thyroid; a thyroidectomy does remove it."""
    text = ("FINDINGS: A 11 mm nodule behind the left thyroid lobe. Thyroid: a 9 mm cyst in the right lobe.\n"
            "IMPRESSION: Left inferior parathyroid adenoma, suitable for focused parathyroidectomy.")
    assert run(insertion.check, text) == set()
    removed = text.replace("suitable for focused parathyroidectomy", "status post total thyroidectomy")
    assert run(insertion.check, removed) != set()


def test_insertion_a_removed_graft_leaves_the_native_kidneys():
    """A failed transplant kidney removed ("移植肾已切除") leaves the native kidneys, and the new graft, to describe;
    the native kidneys removed leave none of them."""
    text = ("检查所见：\n移植肾位于左髂窝（既往右髂窝移植肾已切除），肾盂无扩张。\n双侧自体肾萎缩，多发小囊肿。\n"
            "诊断意见：\n双侧自体肾萎缩伴多发囊肿。")
    assert run(insertion.check, text, "zh") == set()
    native = text.replace("既往右髂窝移植肾已切除", "双侧自体肾已切除")
    assert run(insertion.check, native, "zh") != set()


def test_insertion_an_operation_the_mdt_plans_has_removed_nothing():
    """"Nephrectomy before listing, as per transplant MDT" is the plan the impression recommends, written after the
    operation's name; "Status post nephrectomy" is done."""
    text = ("FINDINGS: Both native kidneys small with multiple cysts. Left kidney: a 2.2 cm solid lesion.\n"
            "IMPRESSION: Renal cell carcinoma until proven otherwise. Left native nephrectomy before listing, "
            "as per transplant MDT.")
    assert run(insertion.check, text) == set()
    done = text.replace("Left native nephrectomy before listing, as per transplant MDT.", "Status post left nephrectomy.")
    assert run(insertion.check, done) != set()


def test_insertion_a_normal_volume_is_no_normal_organ():
    """"Liver volume normal" beside liver cysts says only the volume is normal, as "normal in size" does; "The liver is
    normal" beside them is still the template's line."""
    text = ("FINDINGS: Liver: Multiple simple cysts, the largest 4.2 cm in segment VII. Liver volume normal.\n"
            "IMPRESSION: Polycystic liver.")
    assert run(insertion.check, text) == set()
    normal = text.replace("Liver volume normal.", "The liver is normal.")
    assert run(insertion.check, normal) == {("insertion", "The liver is normal.")}


def test_insertion_contradicting_statement_in_the_findings():
    text = ("FINDINGS: Small right pleural effusion. The heart is normal. No pleural effusion.\n"
            "IMPRESSION: Small right pleural effusion.")
    assert run(insertion.check, text) == {("insertion", "No pleural effusion.")}


# measurement --------------------------------------------------------------------------------------

def test_measurement_slips():
    assert run(measurement.check, "FINDINGS: A 45 cm nodule in the right upper lobe.") == {("measurement", "45 cm")}
    text = "检查所见：左肾见一结石，大小约6mm。\n诊断意见：左肾结石（6cm）。"
    assert run(measurement.check, text, "zh") == {("measurement", "6cm")}
    assert run(measurement.check, "FINDINGS: Adrenal lipoma, fat density of 60 HU.") == {("measurement", "60 HU")}


def test_measurement_traps_two_units_and_axes():
    text = ("FINDINGS: A 1.2 x 0.8 cm (12 x 8 mm) nodule in the left upper lobe. The aorta measures 3.1 cm.\n"
            "IMPRESSION: 12 mm left upper lobe nodule.")
    assert run(measurement.check, text) == set()


# sex mismatch -------------------------------------------------------------------------------------

def test_sex_mismatch_both_ways_and_trap():
    assert run(sex.check, "FINDINGS: Status post hysterectomy.", sex_="M") == {("sex_mismatch", "hysterectomy")}
    assert run(sex.check, "检查所见：精囊腺对称。", "zh", sex_="F") == {("sex_mismatch", "精囊")}
    assert run(sex.check, "FINDINGS: The uterus and ovaries are normal.", sex_="F") == set()


def test_an_explanation_quotes_whole_words_on_one_line():
    """Quotations were cut by count: "... IMPRESSION: Prostatom", a heading's line break inside the quotes."""
    sentence = ("The prostate is enlarged measuring 5.2 cm with heterogeneous enhancement of the peripheral zone "
                "and Prostatomegaly")
    quote = quoted(sentence.replace(" with", "\nwith"))
    assert "\n" not in quote and quote.endswith("…") and len(quote) <= QUOTE_CHARACTERS + 1
    assert sentence.startswith(quote[:-1]) and sentence[len(quote) - 1] == " "  # ends after a whole word
    assert quoted("Small left renal cyst.") == "Small left renal cyst."
    chinese = "前列腺增大" * 20  # no spaces: cut by count
    assert quoted(chinese) == chinese[:QUOTE_CHARACTERS] + "…"
    text = "FINDINGS: The prostate is enlarged.\nProstatic calcifications."
    found = sex.check(CheckInput(parse_report(text, "en"), sex="F"))
    assert found and all("\n" not in c.explanation for c in found)


def test_sex_mismatch_in_the_findings_and_the_impression_are_two_spans_not_one_across_the_heading():
    """The last findings sentence and the impression's first were merged as one statement: the evidence took in the
    heading ("prostate is enlarged measuring 5.2 cm.\nIMPRESSION: Prostatomegaly"), which evidence never does."""
    text = "FINDINGS: The liver is normal. The prostate is enlarged measuring 5.2 cm.\nIMPRESSION: Prostatomegaly."
    assert run(sex.check, text, sex_="F") == {("sex_mismatch", "prostate"), ("sex_mismatch", "Prostatomegaly")}
    one_statement = "FINDINGS: The prostate is enlarged. Prostatic calcifications."
    assert run(sex.check, one_statement, sex_="F") == {("sex_mismatch", "prostate is enlarged. Prostatic")}


# spelling -----------------------------------------------------------------------------------------

def test_spelling_english_non_words_and_real_word_substitutions():
    text = "FINDINGS: Small plural effusion. A 4 mm nodlue. The portal vein is patient. Ejection fraction normal."
    assert run(spelling.check, text) == {("spelling", "plural effusion"), ("spelling", "nodlue"),
                                         ("spelling", "is patient")}


def test_spelling_chinese_confusions_and_traps():
    text = "检查所见：纵膈居中，牌脏不大，右肺见节结。淋巴结结构清晰，肾上线未见异常。"
    assert run(spelling.check, text, "zh") == {("spelling", "纵膈"), ("spelling", "牌脏"), ("spelling", "节结"),
                                               ("spelling", "肾上线")}


def test_spelling_sound_alikes_of_neck_knee_spine_and_sinus_terms():
    text = ("FINDINGS: Soft plaque narrows the right parotid bulb. The parotid glands are normal. "
            "Tear of the posterior crucial ligament, a crucial finding.")
    assert run(spelling.check, text) == {("spelling", "parotid bulb"), ("spelling", "crucial ligament")}
    text = "检查所见：硬模囊前缘受压。双侧上额窦黏膜增厚，额窦清晰。回肠未端壁厚，颌下腺未见异常。"
    assert run(spelling.check, text, "zh") == {("spelling", "硬模囊"), ("spelling", "上额窦"), ("spelling", "未端")}


def test_spelling_leaves_british_spellings_and_jargon_alone():
    text = ("FINDINGS: Oedema and haemorrhage. Hypoattenuating peripancreatic collection. Saccular aneurysm. "
            "Heterogeneous enhancement; nonobstructing calculi.")
    assert run(spelling.check, text) == set()


def test_a_result_its_own_written_calculation_does_not_give():
    text = ("FINDINGS: Left adrenal nodule. Unenhanced 20 HU, venous 100 HU, delayed 60 HU. Absolute washout "
            "(100 - 60) / (100 - 20) x 100 = 80%. Relative washout 40/100 = 40%. Volume 3 x 2 x 2 / 2 = 6 mL.\n"
            "IMPRESSION: Left adrenal nodule.")
    assert run(measurement.check, text) == {("measurement", "(100 - 60) / (100 - 20) x 100 = 80%")}
    text = "检查所见：血肿量按ABC/2估算：5.0×4.0×3.0/2≈60ml。CT值平扫10HU，增强70HU，延迟34HU。\n诊断意见：脑出血。"
    assert run(measurement.check, text, "zh") == {("measurement", "5.0×4.0×3.0/2≈60")}


def test_an_abc2_volume_its_axes_do_not_give():
    text = ("FINDINGS: Right thalamic haematoma, 3.0 x 2.0 x 2.0 cm, with surrounding oedema.\n"
            "IMPRESSION: Right thalamic haemorrhage, volume by ABC/2 about 12 mL.")
    assert run(measurement.check, text) == {("measurement", "12 mL")}
    assert run(measurement.check, text.replace("12 mL", "6 mL")) == set()
    text = "所见：右侧颞叶血肿，大小约5.0cm×4.0cm×2.0cm。\n意见：右侧颞叶脑出血，多田公式估算约20ml。"
    assert run(measurement.check, text, "zh") == set()


def test_a_change_since_a_prior_that_its_own_two_sizes_contradict():
    text = ("FINDINGS: The right upper lobe nodule has increased from 2.1 cm to 1.8 cm. The hepatic cyst is "
            "enlarged, now 12 mm (previously 15 mm).\nIMPRESSION: Growing lung nodule.")
    assert run(measurement.check, text) == {("measurement", "increased from 2.1 cm to 1.8 cm"),
                                            ("measurement", "enlarged, now 12 mm (previously 15 mm")}
    # the direction agrees with the sizes; a past participle before its noun names a state, not the change
    text = ("FINDINGS: Growing right upper lobe nodule, now 1.1 x 0.8 cm (previously 0.9 x 0.7 cm). Enlarged right "
            "hilar node, 12 mm (previously 15 mm). Omental caking reduced from 2.4 cm to 0.9 cm.\nIMPRESSION: Nodule.")
    assert run(measurement.check, text) == set()
    text = "检查所见：右肺上叶结节，较前缩小（前次1.5cm，本次2.0cm）。\n诊断意见：右肺结节。"
    assert run(measurement.check, text, "zh") == {("measurement", "较前缩小（前次1.5cm，本次2.0cm")}
    # the stated amount against the two sizes, rounded to their last digits
    text = "检查所见：腹主动脉瘤，现最大径约4.6cm，前片约3.9cm，较前增大约0.2cm，瘤颈长约1.5cm。\n诊断意见：腹主动脉瘤。"
    assert run(measurement.check, text, "zh") == {("measurement", "较前增大约0.2cm")}
    assert run(measurement.check, text.replace("0.2cm", "0.7cm"), "zh") == set()
    assert run(measurement.check, "检查所见：结节由1.0cm增大至1.2cm，较前增大约0.3cm。\n诊断意见：结节。", "zh") == set()


def test_a_change_whose_prior_size_shares_the_present_size_s_unit():
    """"from 2.1 to 1.8 cm" writes the unit once, after the second number: the first number is a size too."""
    text = "FINDINGS: The right upper lobe nodule has increased from 2.1 to 1.8 cm.\nIMPRESSION: Growing lung nodule."
    assert run(measurement.check, text) == {("measurement", "increased from 2.1 to 1.8 cm")}
    assert run(measurement.check, text.replace("2.1 to 1.8", "1.8 to 2.1")) == set()
    # the shared unit is the present size's: 1.0 to 1.2 cm is 2 mm, "about 0.3 cm" within rounding
    text = "检查所见：结节较前增大，由1.9至1.2cm。\n诊断意见：结节。"
    assert run(measurement.check, text, "zh") == {("measurement", "较前增大，由1.9至1.2cm")}
    assert run(measurement.check, "检查所见：结节由1.0至1.2cm，较前增大约0.3cm。\n诊断意见：结节。", "zh") == set()


def test_a_size_range_is_one_measurement_not_two_sizes_or_a_change():
    """"2.1-2.4 cm", "1.2~1.5cm" and "ranging from 0.5 to 1.5 cm" give one size between two numbers: the impression may
    give either end, and "from" there marks no prior size. A size outside the range still disagrees with it."""
    text = "FINDINGS: A right upper lobe mass measures 2.1-2.4 cm.\nIMPRESSION: 2.1 cm right upper lobe mass."
    assert run(measurement.check, text) == set()
    assert ("measurement", "3.5 cm") in run(measurement.check, text.replace("IMPRESSION: 2.1 cm", "IMPRESSION: 3.5 cm"))
    text = "FINDINGS: A right upper lobe mass measures 2.2 cm.\nIMPRESSION: Right upper lobe mass, 2.1-2.4 cm."
    assert run(measurement.check, text) == set()
    text = "检查所见：右肺上叶见一结节，大小约1.2～1.5cm。\n诊断意见：右肺上叶结节，约1.2cm。"
    assert run(measurement.check, text, "zh") == set()
    text = "FINDINGS: Multiple liver cysts ranging from 0.5 to 1.5 cm, unchanged.\nIMPRESSION: Liver cysts."
    assert run(measurement.check, text) == set()
    # one lesion now and before, in one sentence, is a change pair; two lesions' sizes are not
    text = ("FINDINGS: The right lower lobe mass has decreased, measuring 2.3 x 1.8 cm (previously 1.9 x 1.5 cm).\n"
            "IMPRESSION: Right lower lobe mass.")
    assert run(measurement.check, text) == {("measurement", "decreased, measuring 2.3 x 1.8 cm (previously 1.9 x 1.5 cm")}
    text = "FINDINGS: The liver contains a 2 cm cyst and a 5 mm nodule, unchanged.\nIMPRESSION: Liver cyst."
    assert run(measurement.check, text) == set()


def test_a_chinese_size_range_written_from_its_low_end_is_one_measurement_not_a_change():
    """"大小从0.5至1.5cm" spans several cysts as "ranging from 0.5 to 1.5 cm" does; "由1.2cm增大至1.5cm", with its change
    word, is a prior and a present size."""
    text = "检查所见：肝内见多发囊性灶，大小从0.5至1.5cm，较前无明显变化。\n诊断意见：肝内多发囊肿，同前。"
    assert run(measurement.check, text, "zh") == set()
    text = "检查所见：肝内见多发囊性灶，大小由0.5cm至1.5cm。\n诊断意见：肝内多发囊肿，小者约0.5cm。"
    assert run(measurement.check, text, "zh") == set()
    assert ("measurement", "2.5cm") in run(measurement.check, text.replace("小者约0.5cm", "小者约2.5cm"), "zh")
    text = "检查所见：右肺下叶结节由1.5cm增大至1.2cm。\n诊断意见：右肺下叶结节。"
    assert run(measurement.check, text, "zh") == {("measurement", "1.5cm增大至1.2cm")}


def test_a_size_called_stable_that_its_prior_and_present_sizes_contradict():
    """Beyond rounding, a stable size may still differ by a reader's measurement error: more than 2 mm and 20%."""
    text = "FINDINGS: The hepatic cyst is stable, now 15 mm (previously 10 mm).\nIMPRESSION: Hepatic cyst."
    assert run(measurement.check, text) == {("measurement", "stable, now 15 mm (previously 10 mm")}
    assert run(measurement.check, text.replace("15 mm", "12 mm")) == set()
    text = "FINDINGS: Unchanged left adrenal nodule, 3.4 cm (previously 3.0 cm).\nIMPRESSION: Adrenal adenoma."
    assert run(measurement.check, text) == set()
    text = "检查所见：右肺上叶结节，较前相仿（前次1.5cm，本次2.0cm）。\n诊断意见：右肺结节。"
    assert run(measurement.check, text, "zh") == {("measurement", "较前相仿（前次1.5cm，本次2.0cm")}
    text = "检查所见：左肾囊肿无明显变化，现约2.6cm，前片约2.5cm。\n诊断意见：左肾囊肿。"
    assert run(measurement.check, text, "zh") == set()


def test_a_change_word_under_a_negation_says_the_size_did_not_go_that_way():
    """"Not increased" beside a smaller present size, or "stable, without decrease" beside a larger one, agrees with
    the sizes: only a size that went the denied way beyond a reader's measurement error contradicts the words."""
    text = ("FINDINGS: The right upper lobe nodule is stable, not increased, now 1.3 cm (previously 1.5 cm).\n"
            "IMPRESSION: Stable nodule.")
    assert run(measurement.check, text) == set()
    assert run(measurement.check, text.replace("1.3 cm", "1.8 cm").replace("1.5 cm", "1.2 cm").replace(
        "stable, ", "")) == {("measurement", "not increased, now 1.8 cm (previously 1.2 cm")}
    text = ("FINDINGS: The hepatic cyst is stable without interval decrease, now 13 mm (previously 11 mm).\n"
            "IMPRESSION: Hepatic cyst.")
    assert run(measurement.check, text) == set()
    text = "检查所见：右肺上叶结节较前相仿，未见明显增大，现大小约1.3cm，前片约1.5cm。\n诊断意见：右肺上叶结节。"
    assert run(measurement.check, text, "zh") == set()
    # a change asserted beside the stability word is still held to the sizes
    text = "检查所见：右肺上叶结节较前相仿，略增大，现大小约1.3cm，前片约1.5cm。\n诊断意见：右肺上叶结节。"
    assert run(measurement.check, text, "zh") == {("measurement", "增大，现大小约1.3cm，前片约1.5cm")}
    text = "FINDINGS: The nodule is stable, slightly increased from 1.1 to 1.3 cm.\nIMPRESSION: Nodule."
    assert run(measurement.check, text) == set()


# exam mismatch ------------------------------------------------------------------------------------

def test_an_air_space_opacified_needs_no_contrast_but_a_vessel_does():
    text = ("FINDINGS: Near-complete opacification of the right frontal sinus and of the mastoid air cells. "
            "No bone erosion.\nIMPRESSION: Right frontal sinusitis.")
    assert run(exam.check, text, exam_="CT sinuses without contrast") == set()
    text = "FINDINGS: Dense opacification of the left lower lobe segmental arteries.\nIMPRESSION: Normal."
    assert {t for t, _ in run(exam.check, text, exam_="CT chest without contrast")} == {"exam_mismatch"}


def test_an_order_radqc_reads_nothing_in_leaves_the_exam_to_the_technique_line():
    text = ("TECHNIQUE: CT of the head without contrast.\nFINDINGS: No intracranial haemorrhage. "
            "A 2 cm hypodense lesion in the liver.\nIMPRESSION: No acute intracranial abnormality.")
    by_technique = run(exam.check, text)
    assert {t for t, _ in by_technique} == {"exam_mismatch"}
    assert run(exam.check, text, exam_="CT study, routine") == by_technique
    assert run(exam.check, text, exam_="CT head and abdomen without contrast") == set()


def test_a_technique_split_at_a_semicolon_still_reads_its_contrast_acquisition():
    """"Unenhanced HRCT, inspiratory and expiratory; then contrast-enhanced CT" is one protocol of two acquisitions,
    although the sentence splits at the semicolon; an unenhanced technique alone on a contrast order is still the slip."""
    text = ("TECHNIQUE: Volumetric unenhanced HRCT, inspiratory and expiratory; then contrast-enhanced CT chest in the "
            "pulmonary arterial phase.\nFINDINGS: Severe emphysema.\nIMPRESSION: Severe emphysema.")
    ordered = "HRCT and contrast-enhanced CT chest"
    assert run(exam.check, text, exam_=ordered) == set()
    alone = text.replace("; then contrast-enhanced CT chest in the pulmonary arterial phase", "")
    assert run(exam.check, alone, exam_=ordered) == {("exam_mismatch", "unenhanced")}
    stopped = text.replace("; then contrast-enhanced CT chest", ". 80 mL iohexol IV, contrast-enhanced CT chest")
    assert run(exam.check, stopped, exam_=ordered) == {("exam_mismatch", "unenhanced")}


def test_the_size_check_and_the_impression_check_read_the_same_words_as_stability():
    text = "FINDINGS: No progression of the right lower lobe nodule, now 3.4 cm (previously 2.0 cm).\nIMPRESSION: Nodule."
    assert {t for t, _ in run(measurement.check, text)} == {"measurement"}
    text = ("FINDINGS: The left adrenal nodule has increased, now 3.1 cm.\n"
            "IMPRESSION: Left adrenal nodule, similar in size.")
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}


@pytest.mark.parametrize("language, changed, grew", [
    ("en", "has enlarged", True), ("en", "grew", True), ("en", "has diminished", False), ("en", "shrank", False),
    ("zh", "较前增长", True), ("zh", "较前变小", False),
])
def test_the_size_check_and_the_impression_check_read_the_same_words_as_a_change(language, changed, grew):
    """A word one check reads as growth or shrinkage the other reads so too."""
    before, after = ("3.1", "2.0") if grew else ("2.0", "3.1")
    if language == "en":
        text = f"FINDINGS: The left adrenal nodule {changed}, now {after} cm (previously {before} cm).\nIMPRESSION: Nodule."
        opposite = (f"FINDINGS: The left adrenal nodule {changed}.\n"
                    f"IMPRESSION: Left adrenal nodule, {'smaller' if grew else 'larger'}.")
    else:
        text = f"检查所见：左肾上腺结节{changed}，前次{before}cm，本次{after}cm。\n诊断意见：左肾上腺结节。"
        opposite = f"检查所见：左肾上腺结节{changed}。\n诊断意见：左肾上腺结节，较前{'缩小' if grew else '增大'}。"
    assert {t for t, _ in run(measurement.check, text, language)} == {"measurement"}
    assert {t for t, _ in run(mismatch.check, opposite, language)} == {"findings_impression_mismatch"}


def test_a_spine_exam_of_one_segment_does_not_image_the_other():
    text = ("FINDINGS: Straightened lordosis. C6/7 disc osteophyte complex. L3/4 broad disc bulge.\n"
            "IMPRESSION: Cervical spondylosis.")
    assert run(exam.check, text, exam_="CT cervical spine without contrast") == {
        ("exam_mismatch", "L3/4 broad disc bulge.")}
    text = "检查所见：L5/S1椎间盘膨出。C5/6椎间盘突出。\n诊断意见：腰椎间盘膨出。"
    assert run(exam.check, text, "zh", exam_="腰椎CT平扫") == {("exam_mismatch", "C5/6椎间盘突出。")}
    assert run(exam.check, text, "zh", exam_="全脊柱CT平扫") == set()
    assert run(exam.check, text, "zh", exam_="胸椎CT平扫") == set()  # the thoracic spine reaches both


def test_exam_mismatch_region_and_contrast():
    text = "FINDINGS: No intracranial hemorrhage. The liver is unremarkable."
    assert run(exam.check, text, exam_="CT head without contrast") == {
        ("exam_mismatch", "The liver is unremarkable.")}
    text = "FINDINGS: The lesion shows arterial phase enhancement.\nIMPRESSION: Hepatic lesion."
    assert ("exam_mismatch", "arterial phase") in run(exam.check, text, exam_="CT abdomen without contrast")
    assert run(exam.check, "检查方法：平扫。\n检查所见：肝脏未见异常。", "zh", exam_="腹部CT增强") == {
        ("exam_mismatch", "平扫")}


def test_an_exam_ordered_in_the_other_language_is_still_read():
    """The order was read in the report's language: "头颅CT平扫" on an English report, or one
    `--exam "CT head"` for a folder's Chinese reports too, was understood as no exam at all."""
    assert run(exam.check, "FINDINGS: The liver is unremarkable.", exam_="头颅CT平扫") == {
        ("exam_mismatch", "The liver is unremarkable.")}
    assert run(exam.check, "检查所见：肝脏未见异常。", "zh", exam_="CT head without contrast") == {
        ("exam_mismatch", "肝脏未见异常。")}


def test_an_exam_ordered_in_traditional_characters_is_read_as_the_report_is():
    """The report was read in simplified characters but the order as written: "頭顱CT平掃" named no exam."""
    assert run(exam.check, "檢查所見：肝臟未見異常。", "zh", exam_="頭顱CT平掃") == {
        ("exam_mismatch", "肝臟未見異常。")}
    assert run(exam.check, "檢查方法：平掃。\n檢查所見：肝臟未見異常。", "zh", exam_="腹部CT增強") == {
        ("exam_mismatch", "平掃")}


def test_exam_mismatch_traps_precontrast_images_and_upper_abdomen():
    text = ("TECHNIQUE: Pre-contrast images, then arterial and portal venous phases.\n"
            "FINDINGS: The lesion enhances in the arterial phase. The visualised lung bases are clear.")
    assert run(exam.check, text, exam_="CT abdomen with and without contrast") == set()
    text = "FINDINGS: Lungs clear. The imaged upper abdomen shows a normal liver and spleen."
    assert run(exam.check, text, exam_="CT chest without contrast") == set()


# rules about the report as a whole ----------------------------------------------------------------

def test_comparison_with_a_prior_that_does_not_exist():
    text = "COMPARISON: None.\nFINDINGS: The 8 mm nodule is unchanged from the prior study.\nIMPRESSION: Stable nodule."
    found = run(insertion.check, text)
    assert ("insertion", "The 8 mm nodule is unchanged from the prior study.") in found
    with_prior = text.replace("None.", "CT of 2023-01-04.")
    assert run(insertion.check, with_prior) == set()


def test_a_template_normal_sentence_beside_a_finding_of_that_organ():
    text = ("FINDINGS: A 2 cm left adrenal nodule. The adrenal glands are normal. The liver is normal in size; "
            "a 1 cm liver cyst.\nIMPRESSION: Left adrenal nodule.")
    assert run(insertion.check, text) == {("insertion", "The adrenal glands are normal.")}


def test_an_impression_calling_an_abnormal_organ_normal():
    text = "FINDINGS: The appendix is dilated to 14 mm with surrounding fat stranding.\nIMPRESSION: Normal appendix."
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "Normal appendix.")}


def test_a_denial_of_focal_lesions_leaves_a_diffuse_process_of_the_organ():
    """"No focal liver lesion" says the liver holds no lesion, not that it is normal: diffuse steatosis or cirrhosis
    beside it is no contradiction, where "The liver is normal" and a liver mass beside the denial still are."""
    text = "FINDINGS: Diffuse hepatic steatosis. No focal liver lesion.\nIMPRESSION: Hepatic steatosis."
    assert run(insertion.check, text) == set()
    assert run(insertion.check, text.replace("No focal liver lesion", "The liver is normal")) == {
        ("insertion", "The liver is normal.")}
    text = "FINDINGS: A 3 cm mass in the liver. No focal liver lesion.\nIMPRESSION: Liver mass."
    assert run(insertion.check, text) == {("insertion", "No focal liver lesion.")}
    text = "检查所见：肝脏密度弥漫性减低，呈脂肪肝改变。肝内未见局灶性异常。\n诊断意见：脂肪肝。"
    assert run(insertion.check, text, "zh") == set()
    assert run(insertion.check, text.replace("肝内未见局灶性异常", "肝脏未见异常"), "zh") == {("insertion", "肝脏未见异常。")}
    text = "FINDINGS: Cirrhotic liver with nodular contour.\nIMPRESSION: Cirrhosis. No focal liver lesion."
    assert run(mismatch.check, text) == set()
    assert run(mismatch.check, text.replace("Cirrhosis. No focal liver lesion", "The liver is normal")) == {
        ("findings_impression_mismatch", "The liver is normal.")}


@pytest.mark.parametrize("language, denial, lesion, flagged", [
    ("en", "Liver, spleen, kidneys: no focal lesions.", "Bilateral simple renal cysts up to 1.4 cm.", False),
    ("en", "Liver, spleen, kidneys: no focal lesions.", "A 3 cm solid enhancing mass in the left kidney.", True),
    ("en", "Liver, spleen, kidneys: no focal lesions.", "A 3 cm cyst with an enhancing septum in the left kidney.", True),
    ("zh", "双肾未见占位。", "左肾见一单纯囊肿，约1.4cm。", False),
    ("zh", "双肾未见占位。", "左肾见一囊肿，约1.4cm。", True),
    ("zh", "双肾未见占位。", "左肾见一实性肿块，约3.0cm。", True),
])
def test_a_denial_of_focal_lesions_leaves_a_simple_cyst(language, denial, lesion, flagged):
    """A simple cyst is benign by definition: a reader takes "no focal lesions" beside it for "no lesion that needs an
    answer". A solid mass, or a cyst not called simple, still contradicts the denial."""
    text = (f"FINDINGS: {denial} {lesion}\nIMPRESSION: No metastatic disease." if language == "en"
            else f"检查所见：{denial}{lesion}\n诊断意见：未见转移。")
    assert run(insertion.check, text, language) == ({("insertion", denial)} if flagged else set())


@pytest.mark.parametrize("denial, flagged", [("Mediastinum: no fluid collection.", True),
                                            ("Mediastinum: no lymphadenopathy.", False)])
def test_a_retrosternal_collection_is_mediastinal(denial, flagged):
    """The retrosternal space is the anterior mediastinum: a mediastinum said free of collections beside a
    retrosternal one is a template line left in."""
    text = ("FINDINGS: A retrosternal collection of 4 cm with gas lies anterior to the ascending aorta.\n"
            f"{denial}\nIMPRESSION: Retrosternal collection, concerning for mediastinitis.")
    assert run(insertion.check, text) == ({("insertion", denial)} if flagged else set())


def test_a_denied_sign_of_inflammation_does_not_deny_the_disease():
    """No exudate around the pancreas rules out acute peripancreatic inflammation, not the chronic pancreatitis the
    impression names; the sign stated still stands against an impression denying the disease."""
    text = "CT所见：\n胰腺萎缩，实质内多发钙化。胰周未见渗出。\nCT诊断：\n慢性胰腺炎。"
    assert run(mismatch.check, text, "zh") == set()
    text = "CT所见：\n阑尾增粗，周围脂肪间隙模糊。\nCT诊断：\n未见阑尾炎。"
    assert run(mismatch.check, text, "zh") == {("findings_impression_mismatch", "未见阑尾炎")}


def test_a_denied_space_occupying_lesion_is_a_focal_denial():
    """"未见占位" denies a mass, which is focal by definition: it leaves a diffuse process of the organ (cirrhosis
    beside it is no contradiction), while an organ called normal outright, or a mass in the findings, still is."""
    text = "检查所见：肝叶比例失调，符合肝硬化。\n诊断意见：1. 肝硬化。2. 肝内未见明显占位。"
    assert run(mismatch.check, text, "zh") == set()
    assert run(mismatch.check, text.replace("肝内未见明显占位", "肝脏未见异常"), "zh") == {
        ("findings_impression_mismatch", "肝脏未见异常。")}
    text = "检查所见：肝右叶见一肿块，约3.2cm。\n诊断意见：肝内未见占位。"
    assert ("findings_impression_mismatch", "肝内未见占位。") in run(mismatch.check, text, "zh")


def test_a_denied_nodule_leaves_a_diffuse_process_of_the_organ():
    """"肝内未见异常强化结节" denies nodules, not every abnormality its "未见异常" would deny: a cirrhotic liver beside it
    is no contradiction, where a nodule stated beside it is."""
    text = "检查所见：肝硬化。肝内未见异常强化结节。\n诊断意见：肝硬化。"
    assert run(insertion.check, text, "zh") == set()
    assert run(insertion.check, text.replace("肝内未见异常强化结节", "肝脏未见异常"), "zh") == {
        ("insertion", "肝脏未见异常。")}


def test_a_nodular_surface_is_a_shape_not_a_nodule():
    """"表面呈结节状" gives a cirrhotic liver's outline: no nodule for "肝内未见结节" to contradict. A nodule stated as
    such still is one."""
    text = "检查所见：肝脏缩小，表面呈结节状。肝内未见结节。\n诊断意见：肝硬化。"
    assert run(insertion.check, text, "zh") == set()
    assert run(insertion.check, text.replace("表面呈结节状", "肝右叶见一结节"), "zh") == {
        ("insertion", "肝内未见结节。")}


def test_an_inline_organ_label_gives_its_side_to_that_organ_s_findings_on_its_line():
    """"Left kidney: 4 mm stone at the UVJ. Mild hydronephrosis." reads as the label alone on its line does: the
    hydronephrosis is the left kidney's. A label without a side gives none, and the side of another sentence on the
    line (the stone's "left UVJ") is that sentence's own."""
    text = ("FINDINGS:\nLeft kidney: 4 mm stone at the UVJ. Mild hydronephrosis.\n"
            "IMPRESSION:\nMild right hydronephrosis.")
    assert ("laterality", "right hydronephrosis") in run(laterality.check, text)
    assert run(laterality.check, text.replace("right hydronephrosis", "left hydronephrosis")) == set()
    text = ("FINDINGS:\nKidneys: 4 mm stone at the left UVJ. Mild hydronephrosis.\n"
            "IMPRESSION:\nMild right hydronephrosis.")
    assert run(laterality.check, text) == set()
    text = "检查所见：\n左肾：肾盂内见结石，约4mm。轻度肾积水。\n诊断意见：\n右肾轻度积水。"
    assert ("laterality", "右肾轻度积水") in run(laterality.check, text, "zh")


def test_lobe_abbreviations_carry_their_side():
    text = "FINDINGS: A 9 mm nodule in the RLL. The RLL nodule is solid.\nIMPRESSION: LLL nodule."
    assert run(laterality.check, text) == {("laterality", "LLL nodule")}


def test_percentages_and_unit_slips_between_sections():
    text = "FINDINGS: 70% stenosis of the left ICA.\nIMPRESSION: 40% left ICA stenosis."
    assert run(measurement.check, text) == {("measurement", "40%")}
    text = "FINDINGS: Hepatic lesion measuring 3.9 mm.\nIMPRESSION: 3.9 cm hepatic lesion."
    assert run(measurement.check, text) == {("measurement", "3.9 mm")}


def test_exam_names_as_ordered_in_practice():
    assert exam.parse_exam("CT HEAD WO", "en").contrast is False
    assert exam.parse_exam("CT A/P W IV CONTRAST", "en") == exam.Exam({"abdomen", "pelvis"}, True)
    assert exam.parse_exam("CT chest with and without contrast", "en").contrast is True
    assert exam.parse_exam("CT C-SPINE WO", "en").regions == {"spine", "neck"}
    assert exam.parse_exam("颅脑CT平扫+增强", "zh") == exam.Exam({"head"}, True)
    assert exam.parse_exam("低剂量胸部CT", "zh") == exam.Exam({"chest"}, False)


def test_laterality_against_a_sided_heading():
    assert run(laterality.check, "FINDINGS:\nRight kidney: 5 mm stone in the left kidney.\nLeft kidney: normal.") == {
        ("laterality", "stone in the left kidney")}
    assert run(laterality.check, "FINDINGS:\nRight lung: nodule in the right upper lobe; the left lung is clear.") == set()


# second pass: patterns from hand-written reports -------------------------------------------------

def test_spelling_accepts_british_forms_latin_plurals_and_derivations_but_not_typos():
    text = ("FINDINGS: Coeliac axis patent. Iliac fossae clear. A subcentimetre node, too small for "
            "characterisation. Mild congestive change; no loculation. The contrast will opacify the ureters.\n"
            "IMPRESSION: Pericolic absess.")
    assert run(spelling.check, text) == {("spelling", "absess")}


def test_spelling_knows_the_noun_mucus_and_the_participle_stenosed():
    """"Mucus" (the noun; "mucous" is its adjective) and "stenosed" (a vessel that has narrowed) are words: both
    were flagged as near-misses of the words the lexicon held."""
    text = ("FINDINGS: Mucus plugging in the left lower lobe bronchi. The stenosed segment of the graft artery is "
            "unchanged.\nIMPRESSION: Mucus plugs.")
    assert run(spelling.check, text) == set()
    assert run(spelling.check, "FINDINGS: Mucsu plugging.\nIMPRESSION: Plugs.") == {("spelling", "Mucsu")}


def test_dictated_sound_alikes_of_hilar_duct_and_varices():
    """Speech recognition writes "hilar" as "higher" and "duct" as "duck", and a pinyin keyboard "曲张" as "屈张": real
    words (or characters) a dictionary passes."""
    text = ("FINDINGS: Bilateral higher lymphadenopathy. The common bile duck measures 9 mm.\n"
            "IMPRESSION: Higher nodes, higher than before.")
    assert run(spelling.check, text) == {("spelling", "higher lymphadenopathy"), ("spelling", "bile duck"),
                                         ("spelling", "Higher nodes")}
    assert run(spelling.check, "检查所见：胃底静脉屈张。\n诊断意见：门脉高压。", "zh") == {("spelling", "屈张")}


def test_spelling_knows_the_latin_singulars_and_plurals_a_report_names_parts_by():
    """"The remaining abdominal viscera are normal" had "viscera" flagged as a typo of "visceral" (0.8), and
    "lumina", "trabeculae", "labra" likewise: the lexicon held only their adjectives."""
    text = ("FINDINGS: Free fluid in the hepatorenal recess. The remaining abdominal viscera are normal; no hollow "
            "viscus is dilated. Both acetabular labra are intact. Thickened trabeculae; the bowel lumina are "
            "patent. The papillae enhance normally.\nIMPRESSION: Small volume ascites.")
    assert run(spelling.check, text) == set()


def test_spelling_ileum_for_ilium_only_where_bone_is_meant_and_chinese_homophones():
    text = "FINDINGS: Fracture of the right ileum. Terminal ileum wall thickening.\nIMPRESSION: Pelvic fracture."
    found = run(spelling.check, text)
    assert len(found) == 1 and text.index(next(iter(found))[1]) < text.index("Terminal")
    assert run(spelling.check, "检查所见：头皮下血种形成，L4/5椎间盘突处。", "zh") == {("spelling", "血种"), ("spelling", "椎间盘突处")}


def test_omission_reads_the_impression_through_its_typos_and_leaves_denials_to_the_mismatch_check():
    typo = "FINDINGS: A 3 cm pericolic abscess with an air-fluid level.\nIMPRESSION: Diverticulitis with a 3 cm absess."
    assert run(omission.check, typo) == set()
    denied = ("FINDINGS: Filling defect in a segmental artery of the right lower lobe, consistent with embolus.\n"
              "IMPRESSION: No pulmonary embolism.")
    assert run(omission.check, denied) == set()
    assert {t for t, _ in run(mismatch.check, denied)} == {"findings_impression_mismatch"}


def test_omission_sees_a_second_finding_behind_a_reported_one_and_nodes_do_not_cover_organs():
    text = ("FINDINGS: New moderate left hydronephrosis with the ureter narrowed beside the known pelvic mass.\n"
            "IMPRESSION: Stable pelvic mass.")
    assert {t for t, _ in run(omission.check, text)} == {"omission"}
    zh = ("检查所见：左肺上叶肿块，大小约4.0cm×3.5cm。左肺门淋巴结肿大。左侧肾上腺见一结节，大小约2.0cm×1.8cm。\n"
          "诊断意见：左肺上叶肺癌伴左肺门淋巴结转移。")
    assert run(omission.check, zh, "zh") == {("omission", "左侧肾上腺见一结节，大小约2.0cm×1.8cm。")}


def test_an_indication_line_does_not_swallow_an_unheaded_body():
    report = parse_report("CT abdomen\nIndication: weight loss\nUterus and ovaries unremarkable.\n"
                          "Impression: No cause for weight loss.")
    assert [s.text for s in report.in_section("findings")][-1] == "Uterus and ovaries unremarkable."
    assert run(sex.check, "CT abdomen\nHx: weight loss\nUterus unremarkable.\nImpression: Normal.", sex_="M") == {
        ("sex_mismatch", "Uterus")}


def confident(check, text: str, language: str = "en") -> set:
    """What passes the workflow's effective operating point (0.5)."""
    return {(c.error_type, text[c.start:c.end]) for c in check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


def test_measurement_blames_the_impression_copy_and_spares_distances():
    text = ("FINDINGS: Saccular aneurysm of the left MCA bifurcation, 6 x 4 mm.\n"
            "IMPRESSION: Left MCA aneurysm, 16 x 4 mm.")
    assert confident(measurement.check, text) == {("measurement", "16 x 4 mm")}
    unit = "FINDINGS: Mediastinal mass now 2.4 x 1.6 cm.\nIMPRESSION: Responding lymphoma, now 2.4 x 1.6 mm."
    assert confident(measurement.check, unit) == {("measurement", "2.4 x 1.6 mm")}
    assert confident(measurement.check, "检查所见：甲状腺左叶结节，大小约2.1mm×1.7cm。\n诊断意见：甲状腺左叶结节。", "zh") == {
        ("measurement", "2.1mm×1.7cm")}
    distance = ("FINDINGS: Rectal tumour 5 cm from the anal verge, extending into the mesorectal fat by 3 mm.\n"
                "IMPRESSION: Rectal cancer.")
    assert confident(measurement.check, distance) == set()


def test_a_millimetre_between_sections_is_not_a_confident_error():
    text = "FINDINGS: Solid nodule in the right upper lobe, 7 mm.\nIMPRESSION: 8 mm right upper lobe nodule."
    data = CheckInput(parse_report(text))
    assert all(c.confidence < 0.5 for c in measurement.check(data))


def test_exam_contrast_only_statements_and_regions_outside_the_scan():
    text = "FINDINGS: Pelvic fractures. No active contrast extravasation.\nIMPRESSION: Pelvic fractures."
    assert {t for t, _ in run(exam.check, text, exam_="CT pelvis without contrast")} == {"exam_mismatch"}
    hrct = "FINDINGS: Basal fibrosis. The pulmonary arteries are well opacified.\nIMPRESSION: Fibrosis."
    assert {t for t, _ in run(exam.check, hrct, exam_="HRCT chest without contrast")} == {"exam_mismatch"}
    sinus = "FINDINGS: Maxillary mucosal thickening. Both lungs are clear.\nIMPRESSION: Sinusitis."
    assert run(exam.check, sinus, exam_="CT paranasal sinuses") == {("exam_mismatch", "Both lungs are clear.")}
    chest = "FINDINGS: Right lower lobe consolidation. Paranasal sinuses not imaged.\nIMPRESSION: Pneumonia."
    assert run(exam.check, chest, exam_="CT chest with contrast") == set()


@pytest.mark.parametrize("removal", ["脾脏已于外伤后切除。", "脾已于2018年手术切除。"])
def test_an_organ_said_removed_with_when_or_how_still_counts_as_removed(removal):
    """"已于……切除" (removed at some time or operation) was not read as a removal: the normal spleen described after
    it went unflagged."""
    text = f"检查所见：{removal}脾脏大小形态正常，密度均匀。肝脏未见异常。\n诊断意见：未见明显异常。"
    assert {t for t, _ in run(insertion.check, text, "zh")} == {"insertion"}


def test_insertion_organ_after_removal_and_post_operative_absence_is_not_normal():
    text = "病史：胆囊切除术后。\n检查所见：胆囊大小正常，壁不厚，腔内未见结石。\n诊断意见：未见异常。"
    assert {t for t, _ in run(insertion.check, text, "zh")} == {"insertion"}
    abbreviated = "s/p lap chole.\nFindings: Gallbladder: well distended, no stones.\nImpression: Normal."
    assert {t for t, _ in run(insertion.check, abbreviated)} == {"insertion"}
    absent = "前列腺癌根治术后。\n所见：前列腺缺如，术区见金属夹，吻合口未见异常强化。\n结论：未见复发。"
    assert run(insertion.check, absent, "zh") == set()
    template = "FINDINGS: Findings discussed with [NAME] on [DATE].\nIMPRESSION: Normal."
    assert run(insertion.check, template) == {("insertion", "[NAME] on [DATE]")}


def test_mismatch_one_statement_is_one_error_and_active_bleeding_is_its_own_finding():
    text = "检查所见：胆囊不大，壁不厚，腔内未见异常密度影。\n诊断：胆囊结石并胆囊炎。"
    assert {t for t, _ in run(mismatch.check, text, "zh")} == {"findings_impression_mismatch"}
    assert len(run(mismatch.check, text, "zh")) == 1
    trauma = ("FINDINGS: Liver: 2 cm laceration in segment 7 without active extravasation.\n"
              "IMPRESSION: Low-grade liver laceration, no active bleeding.")
    assert run(mismatch.check, trauma) == set()


def test_a_whole_organ_called_normal_beside_a_lesion_in_one_of_its_parts():
    text = "FINDINGS: 1.5 cm nodule in the right lower lobe. Lungs are clear without nodules.\nIMPRESSION: Nodule."
    assert run(insertion.check, text) == {("insertion", "Lungs are clear without nodules.")}
    neck = ("FINDINGS: Left peritonsillar abscess. The parotid and submandibular glands are unremarkable.\n"
            "IMPRESSION: Left peritonsillar abscess.")
    assert run(insertion.check, neck) == set()


def test_a_regional_denial_does_not_contradict_findings_in_another_region():
    text = ("FINDINGS: Chest: no pulmonary nodules. Liver: two hypodense lesions consistent with metastases.\n"
            "IMPRESSION: Two liver metastases. No thoracic metastases.")
    assert run(mismatch.check, text) == set()
    text = "FINDINGS: Lung: 2 cm metastasis in the right lower lobe.\nIMPRESSION: No thoracic metastases."
    assert {t for t, _ in run(mismatch.check, text)} == {"findings_impression_mismatch"}
    # regions named by their nouns too
    text = "FINDINGS: Lung: 2 cm metastasis in the right lower lobe.\nIMPRESSION: No metastases in the abdomen."
    assert run(mismatch.check, text) == set()
    text = "FINDINGS: Liver: two hypodense metastases.\nIMPRESSION: Two liver metastases. No metastases in the thorax."
    assert run(mismatch.check, text) == set()


def test_denials_about_the_rest_and_multiphase_techniques_are_not_contradictions():
    text = "检查所见：L1椎体楔形变，后缘骨皮质完整。余椎体未见骨折。\n诊断意见：L1椎体压缩性骨折。"
    assert run(mismatch.check, text, "zh") == set()
    urogram = ("Technique: Unenhanced, nephrographic and excretory phase imaging.\n"
               "Findings: Filling defect in the right renal pelvis.\nImpression: Right renal pelvic filling defect.")
    assert run(exam.check, urogram, exam_="CT urogram") == set()


def test_a_two_edit_spelling_guess_stays_below_the_operating_point():
    text = "FINDINGS: Medulary thyroid carcinoma.\nIMPRESSION: Thyroid carcinoma."
    data = CheckInput(parse_report(text))
    guesses = [c for c in spelling.check(data) if text[c.start:c.end] == "Medulary"]
    assert guesses and all(c.confidence >= 0.5 for c in guesses)  # one edit from "medullary": confident
    text = "FINDINGS: Pappilarry thyroid carcinoma.\nIMPRESSION: Thyroid carcinoma."
    assert all(c.confidence < 0.5 for c in spelling.check(CheckInput(parse_report(text))))


def test_a_fracture_denied_in_one_bone_beside_a_fracture_of_another():
    text = ("FINDINGS: Fracture of the distal left radius. No fracture of the scaphoid or lunate.\n"
            "IMPRESSION: Left distal radius fracture.")
    assert run(insertion.check, text) == set()
    text = "FINDINGS: Fracture of the C5 lamina. No odontoid fracture.\nIMPRESSION: C5 lamina fracture."
    assert run(insertion.check, text) == set()
    text = "检查所见：右侧胫骨平台见骨折线。腓骨小头未见骨折。骨盆诸骨未见骨折。\n诊断意见：右侧胫骨平台骨折。"
    assert run(insertion.check, text, "zh") == set()
    text = "检查所见：左侧第5肋骨骨折。双侧肋骨未见骨折。\n诊断意见：左侧第5肋骨骨折。"
    assert run(insertion.check, text, "zh") == {("insertion", "双侧肋骨未见骨折。")}


def test_a_level_a_measurement_was_taken_at_is_not_called_normal():
    text = ("FINDINGS: Burst fracture of C5. Prevertebral soft tissue thickness normal, 4 mm at C3 and 16 mm at C5.\n"
            "IMPRESSION: C5 burst fracture.")
    assert run(insertion.check, text) == set()
    text = "FINDINGS: Burst fracture of C5. C5 is normal.\nIMPRESSION: C5 burst fracture."
    assert {t for t, _ in run(insertion.check, text)} == {"insertion"}


def test_the_side_a_listed_organ_is_called_normal_on_is_its_own():
    text = "检查所见：右侧上颌窦内见软组织密度影。左侧上颌窦、双侧额窦及蝶窦气化良好，未见异常密度影。\n诊断意见：右侧上颌窦炎。"
    assert run(insertion.check, text, "zh") == set()
    text = text.replace("左侧上颌窦、双侧额窦", "右侧上颌窦、双侧额窦")
    assert {t for t, _ in run(insertion.check, text, "zh")} == {"insertion"}
    text = ("FINDINGS: Soft tissue density in the left maxillary sinus. The right maxillary sinus and both frontal "
            "sinuses are normal.\nIMPRESSION: Left maxillary sinus disease.")
    assert run(insertion.check, text) == set()


def test_a_whole_organ_denied_beside_a_finding_in_one_of_its_parts():
    text = "FINDINGS: 9 mm nodule in the right upper lobe. No nodules in the lungs.\nIMPRESSION: Right upper lobe nodule."
    assert {t for t, _ in run(insertion.check, text)} == {"insertion"}
    text = "FINDINGS: Small left pleural effusion. No bilateral effusions.\nIMPRESSION: Small left effusion."
    assert run(insertion.check, text) == set()


def test_a_count_disagrees_across_two_names_of_one_lesion():
    text = "检查所见：肝内见多发类圆形低密度灶，较大者约2.0cm。\n诊断意见：肝右叶单发囊肿。"
    assert {t for t, _ in run(mismatch.check, text, "zh")} == {"findings_impression_mismatch"}
    same = "检查所见：肝右叶见一类圆形低密度灶，约2.0cm。\n诊断意见：肝右叶单发囊肿。"
    assert run(mismatch.check, same, "zh") == set()


def test_midline_shift_is_part_of_an_intracranial_finding_the_impression_reports():
    text = ("FINDINGS: Right frontal resection cavity with surrounding vasogenic oedema. 4 mm leftward midline shift.\n"
            "IMPRESSION: Increased oedema around the right frontal resection cavity.")
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：腹膜后血肿，范围约5cm×3cm。肠管未见扩张及积气。\n诊断意见：腹膜后血肿。肠管未见异常。"),
    ("en", "FINDINGS: Hematoma in the retroperitoneum, 5 x 3 cm. No bowel dilatation.\nIMPRESSION: Retroperitoneal "
           "hematoma. Normal bowel."),
])
def test_the_retroperitoneum_is_no_part_of_the_bowel(language, text):
    """"腹膜后" (behind the peritoneum) was read as the bowel's "腹膜": a retroperitoneal haematoma made an impression
    calling the bowel normal a mismatch. The English adjective names it too, but "enlarged retroperitoneal lymph
    nodes" are the nodes', at their station (`test_retroperitoneal_nodes_are_lymph_nodes`)."""
    assert confident(mismatch.check, text, language) == set()
    report = parse_report(text, language)
    assert {e.organ for e in entities(report.sentences[0], language)} == {"retroperitoneum"}



def test_retroperitoneal_nodes_are_lymph_nodes():
    text = "FINDINGS: Enlarged retroperitoneal lymph nodes, the largest 2.5 cm. Liver normal.\nIMPRESSION: Normal liver."
    assert {e for e, _ in confident(omission.check, text)} == {"omission"}
    assert confident(omission.check, "检查所见：腹膜后多发肿大淋巴结，最大约2.5cm。肝脏未见异常。\n诊断意见：肝脏未见异常。",
                     "zh") == {("omission", "腹膜后多发肿大淋巴结，最大约2.5cm。")}


@pytest.mark.parametrize("phrase", ["left subdural collection", "acute extradural collection", "epidural collections",
                                    "subdural fluid collection"])
def test_a_collection_outside_the_dura_or_under_it_is_a_haemorrhage_not_an_abscess(phrase):
    sentence = parse_report(f"FINDINGS: There is a {phrase}.", "en").sentences[0]
    assert [e.finding for e in entities(sentence, "en")] == ["hemorrhage"]
    pelvic = parse_report("FINDINGS: There is a pelvic collection.", "en").sentences[0]
    assert [e.finding for e in entities(pelvic, "en")] == ["abscess"]


def test_an_epidural_collection_in_the_spine_is_a_collection_of_the_spine_not_a_haemorrhage():
    """A dural collection in the head is taken for a haematoma; beside a vertebral level it is read as any
    collection is (an abscess key), in the spine: with discitis it usually is an abscess."""
    sentence = parse_report("FINDINGS: Ventral epidural collection at L4-L5, 12 mm.", "en").sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, "en")] == [("abscess", "spine")]
    text = ("FINDINGS: Endplate erosion at L4-L5. Rim-enhancing epidural collection at L4-L5 compressing the thecal "
            "sac.\nIMPRESSION: L4-L5 discitis-osteomyelitis with epidural abscess. No spinal epidural haematoma.")
    assert run(mismatch.check, text) == set()
    assert run(exam.check, text, exam_="CT lumbar spine with contrast") == set()
    sentence = parse_report("FINDINGS: Left frontal epidural collection, 8 mm.", "en").sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, "en")] == [("hemorrhage", "brain")]


@pytest.mark.parametrize("exam_, language, text", [
    ("CT lumbar spine", "en", "FINDINGS: Disc bulge at L4-L5 with mild canal narrowing. No epidural collection.\n"
                              "IMPRESSION: Degenerative change at L4-L5."),
    ("CT thoracic spine without contrast", "en", "FINDINGS: Wedge compression of T12. No epidural haematoma.\n"
                                                 "IMPRESSION: T12 compression fracture."),
    ("腰椎CT平扫", "zh", "检查所见：腰4/5椎间盘膨出。未见硬膜外血肿。\n诊断意见：腰椎退行性变。"),
])
def test_a_dural_space_in_a_spine_exam_is_the_spinal_canal(exam_, language, text):
    """A dural word without a vertebral level is the spine's in a spine exam, so not the brain a spine CT
    cannot show; in an exam of the head as well, or of another region, it stays the brain's."""
    assert run(exam.check, text, language, exam_=exam_) == set()
    data = CheckInput(parse_report(text, language), exam=exam_)
    assert {e.organ for e in data.entities if e.negated} == {"spine"}
    head_too = CheckInput(parse_report(text, language), exam="CT head and cervical spine")
    assert {e.organ for e in head_too.entities if e.negated} == {"brain"}
    assert {t for t, _ in run(exam.check, text, language, exam_="CT abdomen")} == {"exam_mismatch"}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: No intracranial haemorrhage. The ventricles are normal in size.\n"
           "IMPRESSION: Acute subdural haemorrhage."),
    ("en", "FINDINGS: No intracranial haemorrhage.\nIMPRESSION: Small subarachnoid haemorrhage in the left sylvian "
           "fissure."),
    ("zh", "检查所见：颅内未见出血。\n诊断意见：左侧额顶部硬膜下血肿。"),
])
def test_a_denial_of_an_enclosing_space_denies_what_lies_inside_it(language, text):
    found = mismatch.check(CheckInput(parse_report(text, language)))
    assert [(c.rule, c.confidence) for c in found] == [("findings-deny", 0.85)]


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: No subdural haemorrhage.\nIMPRESSION: Acute intracranial haemorrhage."),
    ("zh", "检查所见：左侧硬膜下未见血肿。\n诊断意见：颅内出血。"),
    # A part is not the whole organ (an organ's first three lexicon terms were taken for its whole-organ names).
    ("zh", "检查所见：额叶未见出血。\n诊断意见：颅内出血。"),
    ("zh", "检查所见：宫颈未见肿块。\n诊断意见：子宫肿块。"),
    ("en", "FINDINGS: No mass in the parotid.\nIMPRESSION: Mass in the larynx."),
    ("en", "FINDINGS: No stenosis of the ACA.\nIMPRESSION: MCA stenosis."),
    # Nor another part, whichever section denies it.
    ("en", "FINDINGS: Subarachnoid haemorrhage in the sylvian fissure.\nIMPRESSION: No subdural haematoma."),
    ("zh", "检查所见：右侧额叶出血。\n诊断意见：蛛网膜下腔未见出血。"),
    # The bronchi are no part of the trachea, though 支气管 holds the characters of 气管.
    ("zh", "检查所见：气管内见肿块。\n诊断意见：支气管未见肿块。"),
    ("zh", "检查所见：左主支气管内见肿块。\n诊断意见：气管未见肿块。"),
    ("en", "FINDINGS: Mass in the trachea.\nIMPRESSION: No bronchial mass."),
    # Nor does a space that holds some of the parts (the parenchyma, the extra-axial space) hold the others.
    ("zh", "检查所见：左侧额叶出血。\n诊断意见：脑外间隙未见出血。"),
    ("zh", "检查所见：左侧硬膜下血肿。\n诊断意见：脑实质未见出血。"),
    ("en", "FINDINGS: Acute subdural haematoma.\nIMPRESSION: No intra-axial haemorrhage."),
    # The thoracic aorta is not the abdominal one.
    ("zh", "检查所见：胸主动脉未见夹层。\n诊断意见：腹主动脉夹层。"),
])
def test_a_denial_of_one_space_leaves_the_enclosing_one_open(language, text):
    """No subdural blood says nothing of subarachnoid or parenchymal blood: not read as a contradiction.
    A denial about one part of an organ says nothing of the whole organ or of another part."""
    data = CheckInput(parse_report(text, language))
    assert all(c.confidence < 0.5 for c in mismatch.check(data))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：双侧额颞部硬膜下腔少量积液。"), ("zh", "检查所见：右侧额部硬膜下积液，宽约4mm。"),
    ("en", "FINDINGS: Small bilateral subdural effusions."), ("en", "FINDINGS: Chronic right subdural hygroma."),
])
def test_fluid_under_the_dura_is_a_subdural_hygroma_not_an_effusion_or_a_haemorrhage(language, text):
    sentence = parse_report(text, language).sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, language)] == [("subdural_hygroma", "brain")]


def test_a_subdural_hygroma_is_not_compared_with_a_pleural_effusion():
    # The impression's pleural effusion has nothing in the findings: it was taken for the subdural
    # "积液" put in another organ (0.45, "other-organ"), below the operating point.
    data = CheckInput(parse_report("检查所见：右侧额部硬膜下积液，宽约4mm。\n诊断意见：1.右侧额部硬膜下积液。2.左侧胸腔积液。",
                                   "zh"), sex="U", exam=None)
    assert [(c.rule, c.confidence) for c in mismatch.check(data)] == [("not-in-findings", 0.55)]
    # A hygroma is no haemorrhage: an impression denying haemorrhage beside it contradicts nothing.
    text = "FINDINGS: Chronic right subdural hygroma, 6 mm.\nIMPRESSION: No intracranial haemorrhage. Right subdural hygroma."
    assert run(mismatch.check, text) == set()


def test_an_impression_naming_the_haematoma_reports_the_subdural_collection():
    text = "FINDINGS: Small right extradural collection.\nIMPRESSION: Right extradural haematoma."
    assert run(omission.check, text) == set()
    text = "FINDINGS: Left subdural collection, 8 mm thick.\nIMPRESSION: No intracranial haemorrhage."
    assert run(omission.check, text) == set()
    assert run(mismatch.check, text) == {("findings_impression_mismatch", "No intracranial haemorrhage")}


def test_the_word_a_misspelling_stands_for_is_the_same_on_every_run():
    """Equally near lexicon words were picked in a set's order, which changes with the process's hash
    seed: "efusion" was read as "fusion" on some runs, and a pleural effusion left out of the
    impression was an omission on those runs only."""
    code = "from radqc.agents.report.checks.spelling import closest_medical_word as c; print(c('acites'), c('efusion'))"
    answers = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                       capture_output=True, text=True, check=True).stdout
        for seed in range(6)
    }
    assert answers == {"('ascites', 1) ('effusion', 1)\n"}


@pytest.mark.parametrize("written, organ, language, site", [
    ("额叶", "brain", "zh", "额叶"), ("肺门", "lung", "zh", "肺门"), ("斜裂", "lung", "zh", "斜裂"),
    ("宫颈", "uterus", "zh", "宫颈"), ("阴道", "uterus", "zh", "阴道"), ("parotid", "neck", "en", "parotid"),
    ("axilla", "breast", "en", "axilla"), ("small bowel", "bowel", "en", "small bowel"),
    ("肺", "lung", "zh", "lung"), ("颅内", "brain", "zh", "brain"), ("Renal", "kidney", "en", "kidney"),
    # A report names the aorta its scan shows by that segment, in either word form; the abdominal aorta is a part.
    ("thoracic aortic", "aorta", "en", "aorta"), ("胸主动脉", "aorta", "zh", "aorta"),
    ("abdominal aortic", "aorta", "en", "abdominal aorta"), ("腹主动脉", "aorta", "zh", "腹主动脉"),
])
def test_only_the_words_naming_the_whole_organ_make_its_site_the_organ(written, organ, language, site):
    """An organ's first three lexicon terms used to be taken for its whole-organ names: 额叶 was the brain."""
    assert site_of(written, organ, language) == site


@pytest.mark.parametrize("written, site", [
    ("bronchi", "bronchus"), ("Bronchial", "bronchus"), ("bronchus", "bronchus"), ("main bronchus", "main bronchus"),
])
def test_the_forms_of_a_part_name_one_site(written, site):
    """"bronchi", "bronchial" and "bronchus" were three sites (the last read as a plural, "bronchu"), so a
    denial of a bronchial mass said nothing of a mass in the main bronchus."""
    assert site_of(written, "airway", "en") == site


@pytest.mark.parametrize("language, text", [(language, text) for language, texts in {"en": [
    "FINDINGS: Acute subdural haematoma along the left convexity.\nIMPRESSION: No extra-axial haemorrhage.",
    "FINDINGS: Haemorrhage layering in the lateral ventricles.\nIMPRESSION: No haemorrhage in the ventricles.",
    "FINDINGS: Haemorrhage layering in the ventricles.\nIMPRESSION: No haemorrhage in the lateral ventricles.",
    "FINDINGS: Extra-axial haemorrhage over the left convexity.\nIMPRESSION: No subdural haematoma.",
    "FINDINGS: Acute subdural haematoma.\nIMPRESSION: No intracranial haemorrhage.",
    "FINDINGS: A mass in the left main bronchus.\nIMPRESSION: No bronchial mass.",
    "FINDINGS: Soft tissue mass within the bronchi.\nIMPRESSION: No mass in the bronchus.",
    "FINDINGS: Haemorrhage in the left thalamus.\nIMPRESSION: No intra-axial haemorrhage.",
    "FINDINGS: Left frontal lobe haemorrhage.\nIMPRESSION: No haemorrhage in the brain parenchyma.",
    "FINDINGS: Infrarenal aortic aneurysm, 5.2 cm.\nIMPRESSION: No abdominal aortic aneurysm.",
], "zh": [
    "检查所见：左侧额顶部硬膜下血肿。\n诊断意见：脑外间隙未见出血。",
    "检查所见：脑外间隙少量出血。\n诊断意见：右侧硬膜下未见血肿。",
    "检查所见：左侧额叶出血。\n诊断意见：脑实质未见出血。",
    "检查所见：左侧小脑出血。\n诊断意见：脑实质未见出血。",
    "检查所见：侧脑室内积血。\n诊断意见：脑室未见出血。",
]}.items() for text in texts])
def test_an_impression_denying_a_space_still_contradicts_a_finding_in_a_nested_one(language, text):
    """Nested parts the lexicon knows ("extra-axial" holds the subdural space, 脑实质 the 额叶) or names ("lateral
    ventricles" in "ventricles") still meet, and so do one part's forms ("bronchi", "bronchial")."""
    found = mismatch.check(CheckInput(parse_report(text, language)))
    assert [(c.rule, c.confidence) for c in found] == [("impression-denies", 0.85)]


@pytest.mark.parametrize("language, text, rule", [
    ("en", "FINDINGS: No aortic dissection.\nIMPRESSION: Thoracic aortic dissection.", "findings-deny"),
    ("zh", "检查所见：主动脉未见夹层。\n诊断意见：胸主动脉夹层。", "findings-deny"),
    ("en", "FINDINGS: Thoracic aortic aneurysm, 5.6 cm.\nIMPRESSION: No aortic aneurysm.", "impression-denies"),
])
def test_the_thoracic_aorta_is_the_aorta_a_report_names(language, text, rule):
    """"Thoracic aortic" was a part of the aorta while "thoracic aorta" was the whole organ: a denial of an
    aortic dissection said nothing of a thoracic aortic one."""
    found = mismatch.check(CheckInput(parse_report(text, language)))
    assert [(c.rule, c.confidence) for c in found] == [(rule, 0.85)]


def test_a_normal_thoracic_aorta_beside_an_abdominal_aortic_aneurysm_is_no_insertion():
    """腹主动脉 was a whole-organ word (腹主动脉瘤 read as an aneurysm of the aorta), so the normal thoracic
    aorta of a chest-abdomen CT was template text contradicting it."""
    text = "检查所见：胸主动脉未见异常。腹主动脉瘤，最大径约5.1cm。\n诊断意见：腹主动脉瘤。"
    assert run(insertion.check, text, "zh") == set()


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: No pneumothorax or effusion.", [True, True]),
    ("FINDINGS: The kidneys are normal in size without mass, calculus or hydronephrosis.", [True, True, True]),
    ("FINDINGS: No pleural effusion, and a 7 mm nodule in the right upper lobe, likely granuloma or scar.",
     [True, False, False, False]),
    ("FINDINGS: No pneumothorax, a small left effusion or atelectasis at the base.", [True, False, False]),
])
def test_a_negation_denies_its_or_list_up_to_an_item_it_cannot_govern(text, denied):
    """"No X, and a 7 mm nodule, likely granuloma or scar": "no" governs no item opening with an article or a
    number, so the "or" of a later list does not carry the denial to the nodule."""
    sentence = parse_report(text).sentences[0]
    assert [e.negated for e in entities(sentence, "en")] == denied


def test_a_nodule_after_a_negated_item_is_no_denial_the_impression_contradicts():
    text = ("FINDINGS: No pleural effusion, and a 7 mm nodule in the right upper lobe, stable, likely granuloma or "
            "scar.\nIMPRESSION: Stable 7 mm right upper lobe nodule.")
    assert run(mismatch.check, text) == set()


@pytest.mark.parametrize("text, denied", [
    ("检查所见：未见气胸，胸腔积液或实变。", [True, True, True]),
    ("检查所见：未见气胸，胸腔积液，实变或肿块。", [True, True, True, True]),
    ("检查所见：未见肝内胆管扩张，胆囊结石或胆囊炎。", [True, True, True]),
    # a clause with its own verb, side or site is a statement of its own
    ("检查所见：未见气胸，右肺上叶见结节。", [True, False]),
    ("检查所见：未见气胸，双侧胸腔积液或实变。", [True, False, False]),
    ("检查所见：未见结节，胸腔积液或实变，右肺上叶见肿块。", [True, True, True, False]),
    # without "或" the comma may as well start a statement ("未见气胸，胸腔积液" may report the effusion)
    ("检查所见：未见气胸，胸腔积液。", [True, False]),
    # only a denial opens the list
    ("检查所见：右肺结节，胸腔积液或实变。", [False, False, False]),
])
def test_a_chinese_negation_denies_its_comma_list_of_bare_terms(text, denied):
    """"未见气胸，胸腔积液或实变" denied only 气胸: the comma ended the negation's clause, where the English
    "No pneumothorax, pleural effusion or consolidation" denied all three."""
    sentence = parse_report(text, "zh").sentences[0]
    assert [e.negated for e in entities(sentence, "zh")] == denied


@pytest.mark.parametrize("text, denied", [
    ("检查所见：未见明显气胸伴胸腔积液或实变。", [True, True, True]),
    ("检查所见：未见气胸伴胸腔积液。", [True, True]),
    ("检查所见：右肺上叶见结节，未见实变伴胸腔积液。", [False, True, True]),
    # "伴" after an asserted term, or after a comma, or before a statement of its own, still asserts
    ("检查所见：右肺上叶结节伴钙化。", [False, False]),
    ("检查所见：右肺结节伴钙化，未见气胸。", [False, False, True]),
    ("检查所见：未见气胸，伴胸腔积液。", [True, False]),
    ("检查所见：未见气胸伴少量胸腔积液。", [True, False]),
])
def test_a_chinese_negation_denies_what_its_term_is_written_with(text, denied):
    """"伴" ended the negation's clause, so "未见明显气胸伴胸腔积液或实变" reported the effusion and consolidation
    it denies."""
    sentence = parse_report(text, "zh").sentences[0]
    assert [e.negated for e in entities(sentence, "zh")] == denied


def test_a_finding_denied_with_a_denied_term_contradicts_the_impression():
    text = "检查所见：未见明显气胸伴胸腔积液或实变。\n诊断意见：右肺下叶实变。"
    assert [(c.rule, c.confidence) for c in mismatch.check(CheckInput(parse_report(text, "zh")))] == [
        ("findings-deny", 0.85)]


@pytest.mark.parametrize("text, denied", [
    ("检查所见：气胸未见。", [True]),
    ("检查所见：胸腔积液及气胸均未见。", [True, True]),
    ("检查所见：气胸未见明确。", [True]),
    ("检查所见：胸腔积液未显示。", [True]),
    ("检查所见：胸腔积液不明显。", [True]),
    ("检查所见：右肺上叶结节，气胸未见。", [False, True]),
    # a negation followed by what it denies is about that: the change, not the nodule
    ("检查所见：结节未见明显变化。", [False]),
    ("检查所见：右肺上叶结节未见明显增大。", [False, True]),
    ("检查所见：肝内结节未见缩小。", [False]),
    # only a list of bare terms ends at the negation: here it denies the enhancement, the calcification
    ("检查所见：结节强化不明显。", [False]),
    ("检查所见：结节内钙化未见。", [False, True]),
])
def test_a_chinese_negation_closing_its_clause_denies_the_terms_before_it(text, denied):
    """A negation only read forward, so "气胸未见" and "胸腔积液及气胸均未见" asserted what they deny."""
    sentence = parse_report(text, "zh").sentences[0]
    assert [e.negated for e in entities(sentence, "zh")] == denied


@pytest.mark.parametrize("text, denied", [
    ("检查所见：气胸伴胸腔积液未见。", [True, True]),
    ("检查所见：气胸伴胸腔积液均未见。", [True, True]),
    # a negation closing its clause after something else, or after a comma, is about that
    ("检查所见：右肺上叶结节伴胸腔积液未见明显变化。", [False, False]),
    ("检查所见：结节伴钙化，气胸未见。", [False, False, True]),
])
def test_a_chinese_negation_closing_a_list_joined_by_bing_denies_each_item(text, denied):
    """"伴" ended the clause, so "气胸伴胸腔积液未见" asserted the pneumothorax it denies."""
    sentence = parse_report(text, "zh").sentences[0]
    assert [e.negated for e in entities(sentence, "zh")] == denied


@pytest.mark.parametrize("text, denied", [
    ("检查所见：右肺结节伴钙化未见。", [False, True]),
    ("检查所见：右侧气胸伴胸腔积液未见。", [False, True]),
    ("检查所见：肝脏囊肿伴钙化未见。", [False, True]),
    ("检查所见：右侧胸腔积液伴气胸未见。", [False, True]),
    # unplaced, or joined by "及", the terms are denied together; the organ word of a term's name places nothing
    ("检查所见：结节伴钙化未见。", [True, True]),
    ("检查所见：胸腔积液伴气胸未见。", [True, True]),
    ("检查所见：气胸伴右侧胸腔积液未见。", [True, True]),
    ("检查所见：右肺结节及钙化均未见。", [True, True]),
])
def test_a_placed_lesion_with_what_a_negation_denies_is_seen(text, denied):
    """"右肺结节伴钙化未见" denied the nodule with its calcification: a radiologist placing the nodule reports it,
    and denies only the calcification "伴" adds to it."""
    sentence = parse_report(text, "zh").sentences[0]
    assert [e.negated for e in entities(sentence, "zh")] == denied


@pytest.mark.parametrize("language, text, denied", [
    ("en", "FINDINGS: The pleural effusion has resolved.", [True]),
    ("en", "FINDINGS: The pleural effusion has completely resolved.", [True]),
    ("en", "FINDINGS: Pleural effusion: resolved.", [True]),
    ("en", "IMPRESSION: Pneumothorax resolved.", [True]),
    ("en", "IMPRESSION: Hydronephrosis completely resolved since the prior study.", [True]),
    ("zh", "检查所见：胸腔积液已吸收。", [True]),
    ("zh", "检查所见：胸腔积液完全吸收。", [True]),
    ("zh", "检查所见：胸腔积液消失。", [True]),
    ("zh", "检查所见：胸腔积液及气胸均已吸收。", [True, True]),
    # what is partly gone, or smaller, is still there
    ("en", "FINDINGS: The pleural effusion has partially resolved.", [False]),
    ("en", "FINDINGS: Partially resolved pleural effusion.", [False]),
    ("en", "FINDINGS: Largely resolved right pneumothorax.", [False]),
    ("en", "FINDINGS: The pleural effusion has decreased.", [False]),
    ("en", "FINDINGS: The pleural effusion has not resolved.", [False]),
    ("en", "IMPRESSION: Pneumothorax resolved in part.", [False]),
    ("zh", "检查所见：胸腔积液部分吸收。", [False]),
    ("zh", "检查所见：胸腔积液较前吸收。", [False]),
    ("zh", "检查所见：胸腔积液未完全吸收。", [False]),
])
def test_a_finding_that_has_resolved_is_not_present(language, text, denied):
    """"The pleural effusion has resolved" and "胸腔积液已吸收" read as a present effusion, and "Partially
    resolved pleural effusion" as none."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.negated for e in entities(sentence, language)] == denied


@pytest.mark.parametrize("findings, impression, rules", [
    ("气胸未见。", "右侧气胸。", [("findings-deny", 0.85)]),
    ("胸腔积液及气胸均未见。", "左侧胸腔积液。", [("findings-deny", 0.85)]),
    ("纵隔淋巴结未见肿大。", "纵隔淋巴结肿大。", [("findings-deny", 0.85)]),
    ("纵隔内见肿大淋巴结。", "纵隔淋巴结未见肿大。", [("impression-denies", 0.85)]),
    ("纵隔淋巴结未见肿大。", "未见异常。", []),
    ("右肺上叶结节未见明显变化。", "右肺上叶结节，较前相仿。", []),
])
def test_a_finding_denied_after_its_term_contradicts_the_other_section(findings, impression, rules):
    """"纵隔淋巴结未见肿大" denied an "enlargement" of the nodes, which the impression's lymphadenopathy (淋巴结肿大)
    was not compared with (0.25, merely not described); enlarged lymph nodes are lymphadenopathy however written."""
    found = mismatch.check(CheckInput(parse_report(f"检查所见：{findings}\n诊断意见：{impression}", "zh")))
    assert [(c.rule, c.confidence) for c in found] == rules


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: Pneumothorax is absent.", [True]),
    ("FINDINGS: Pleural effusion: none.", [True]),
    ("FINDINGS: Free air is not seen.", [True]),
    ("FINDINGS: Lymphadenopathy is not present.", [True]),
    ("FINDINGS: A right upper lobe nodule, and pleural effusions are not identified.", [False, True]),
    # denied is only what a verb of finding closing the clause says is not there
    ("FINDINGS: The nodule is not significantly changed.", [False]),
    ("FINDINGS: The mass is not well seen on this study.", [False]),
    ("FINDINGS: The nodule was not seen on the prior study.", [False]),
    ("FINDINGS: Pleural effusion: small, on the left.", [False]),
])
def test_an_english_negation_after_its_term_denies_it(text, denied):
    """A negation only read forward, so "Pneumothorax is absent" and "Pleural effusion: none" asserted what
    they deny."""
    sentence = parse_report(text).sentences[0]
    assert [e.negated for e in entities(sentence, "en")] == denied


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: Pneumothorax and pleural effusion are absent.", [True, True]),
    ("FINDINGS: Pneumothorax, pleural effusion or consolidation are not seen.", [True, True, True]),
    ("FINDINGS: The pneumothorax and the pleural effusion have resolved.", [True, True]),
    # the negation says nothing of a term its own verb states, or of a list it does not close
    ("FINDINGS: Pneumothorax is seen and pleural effusion is absent.", [False, True]),
    ("FINDINGS: Pneumothorax and pleural effusion are not significantly changed.", [False, False]),
])
def test_an_english_negation_after_a_list_denies_every_item(text, denied):
    """"And" ends a clause, so "Pneumothorax and pleural effusion are absent" denied only the effusion."""
    sentence = parse_report(text).sentences[0]
    assert [e.negated for e in entities(sentence, "en")] == denied


@pytest.mark.parametrize("language, text, denied", [
    ("en", "FINDINGS: Right pneumothorax and pleural effusion are absent.", [True, True]),
    ("en", "FINDINGS: Pneumothorax and right-sided pleural effusion are absent.", [True, True]),
    ("en", "FINDINGS: Right upper lobe nodule and left pleural effusion are not seen.", [True, True]),
    ("zh", "检查所见：气胸及右侧胸腔积液均未见。", [True, True]),
    ("zh", "检查所见：左肺结节及右侧胸腔积液均未见。", [True, True]),
    # a side names its term; it does not make a statement whose own verb asserts the term
    ("en", "FINDINGS: Right pneumothorax is present and pleural effusion is absent.", [False, True]),
    ("en", "FINDINGS: Right pneumothorax is seen and left pleural effusion is absent.", [False, True]),
    ("en", "FINDINGS: Right pneumothorax persists and pleural effusion is absent.", [False, True]),
    ("zh", "检查所见：右侧气胸，胸腔积液未见。", [False, True]),
    ("zh", "检查所见：未见气胸，双侧胸腔积液或实变。", [True, False, False]),
])
def test_a_side_word_names_an_item_of_a_list_a_negation_closes(language, text, denied):
    """A side word was a word of a statement of its own, so "Right pneumothorax and pleural effusion are absent"
    denied only the effusion."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.negated for e in entities(sentence, language)] == denied


@pytest.mark.parametrize("language, text, denied", [
    ("en", "FINDINGS: The pleural effusion has resolved since the prior study.", [True]),
    ("en", "FINDINGS: The pleural effusion has completely resolved compared with the previous exam.", [True]),
    ("en", "FINDINGS: The pleural effusion has resolved from the prior study.", [True]),
    ("en", "FINDINGS: Pneumothorax is absent compared to the prior CT.", [True]),
    ("en", "FINDINGS: Pneumothorax and pleural effusion have resolved since the previous examination.", [True, True]),
    ("zh", "检查所见：胸腔积液较前已吸收。", [True]),
    ("zh", "检查所见：胸腔积液较前消失。", [True]),
    ("zh", "检查所见：胸腔积液与前片比较已完全吸收。", [True]),
    ("zh", "检查所见：气胸消失（与前片比较）。", [True]),
    ("zh", "检查所见：胸腔积液及气胸较前均已吸收。", [True, True]),
    # a finding the prior study lacked is new; one smaller than on it, or not yet gone, is still there
    ("en", "FINDINGS: The nodule was not seen on the prior study.", [False]),
    ("en", "FINDINGS: The nodule is absent from the prior study.", [False]),
    ("en", "FINDINGS: The nodule is not seen since the prior study.", [False]),
    ("en", "FINDINGS: The pleural effusion has partially resolved since the prior study.", [False]),
    ("en", "FINDINGS: The pleural effusion has resolved since the prior study in part.", [False]),
    ("zh", "检查所见：胸腔积液较前吸收。", [False]),
    ("zh", "检查所见：胸腔积液较前明显吸收。", [False]),
    ("zh", "检查所见：胸腔积液部分吸收（与前片比较）。", [False]),
    ("zh", "检查所见：结节较前未见。", [False]),
    ("zh", "检查所见：结节前片未见。", [False]),
])
def test_a_finding_gone_since_the_prior_study_is_not_present(language, text, denied):
    """"The pleural effusion has resolved since the prior study" and "胸腔积液较前已吸收" read as a present
    effusion: the comparison after the negating verb was read as the statement it made."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.negated for e in entities(sentence, language)] == denied


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: Pleural effusion - none.", [True]),
    ("FINDINGS: Pleural effusion — none.", [True]),
    ("FINDINGS: Pleural effusion – resolved.", [True]),
    ("FINDINGS: No pneumothorax. Effusion - resolved.", [True, True]),
    ("FINDINGS: Pneumothorax - small, pleural effusion - none.", [False, True]),
    ("FINDINGS: No pneumothorax. Effusion: resolved.", [True, True]),
    # the dash, as the colon, gives the label's answer, whatever it is
    ("FINDINGS: Pleural effusion - small.", [False]),
    ("FINDINGS: Ground-glass nodule - stable.", [False]),
])
def test_a_dash_after_a_label_gives_its_answer(text, denied):
    """"Pleural effusion: none" was denied, "Pleural effusion - none" not."""
    report = parse_report(text)
    assert [e.negated for s in report.sentences for e in entities(s, "en")] == denied


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: Pleural effusion: none seen.", [True]),
    ("FINDINGS: Pleural effusion - none seen", [True]),
    ("FINDINGS: Pleural effusion: none identified.", [True]),
    ("FINDINGS: Pneumothorax — none noted. Pleural effusion: none evident.", [True, True]),
    # "none" and anything else is about that: a nodule smaller than 4 mm may be there
    ("FINDINGS: Nodule: none larger than 4 mm.", [False]),
    ("FINDINGS: Pleural effusion: small.", [False]),
])
def test_a_label_answered_none_seen_is_denied(text, denied):
    """"Pleural effusion: none" was denied, "Pleural effusion: none seen" (or identified) read as an effusion."""
    report = parse_report(text)
    assert [e.negated for s in report.sentences for e in entities(s, "en")] == denied


@pytest.mark.parametrize("text, denied", [
    ("FINDINGS: Nodule with calcification is not seen.", [True, True]),
    ("FINDINGS: The nodule with calcification is not seen.", [True, True]),
    # English places a lesion it denies: "with" binds the calcification into the subject "is not seen" agrees with
    ("FINDINGS: A right upper lobe nodule with calcification is not seen.", [True, True]),
    ("FINDINGS: Right upper lobe nodule with calcification is not seen.", [True, True]),
    # a negation after "with" reads forward only; an article after a comma still opens a statement of its own
    ("FINDINGS: Cardiomegaly with no pleural effusion.", [False, True]),
    ("FINDINGS: Nodule with calcification is not significantly changed.", [False, False]),
    ("FINDINGS: A right upper lobe nodule, and pleural effusions are not identified.", [False, True]),
])
def test_an_english_negation_closing_a_list_joined_by_with_denies_each_item(text, denied):
    """"With" broke the list a closing negation denies, so "Nodule with calcification is not seen" denied only the
    calcification, where "结节伴钙化未见" denied both."""
    sentence = parse_report(text).sentences[0]
    assert [e.negated for e in entities(sentence, "en")] == denied


@pytest.mark.parametrize("text, denied", [
    # "no X with Y" says no X and no Y, or no X that has Y: either way Y is stated nowhere
    ("FINDINGS: No pneumothorax with pleural effusion.", [True, True]),
    ("FINDINGS: Liver normal in size without mass with calcification.", [True, True]),
    # must stay: after a comma, a side or an article, "with" opens a statement of its own
    ("FINDINGS: No pneumothorax, with a small pleural effusion.", [True, False]),
    ("FINDINGS: No nodule with left pleural effusion.", [True, False]),
    ("FINDINGS: No mass with a 2 cm cyst.", [True, False]),
])
def test_a_leading_negation_denies_the_term_with_joins_to_its_own(text, denied):
    """"No pneumothorax with pleural effusion" read as an effusion: "with" ended the negation's reach."""
    sentence = parse_report(text).sentences[0]
    assert [e.negated for e in entities(sentence, "en")] == denied


@pytest.mark.parametrize("text, read", [
    ("FINDINGS: Pleural effusion: none seen on the left.", [(True, "left")]),
    ("FINDINGS: Pneumothorax is not seen on the right side.", [(True, "right")]),
    ("FINDINGS: Pleural effusions are absent bilaterally.", [(True, "both")]),
    # a label's other answers are still about the finding there
    ("FINDINGS: Pleural effusion: small on the left.", [(False, None)]),
    ("FINDINGS: The nodule is not seen on the prior study.", [(False, None)]),
])
def test_a_negation_followed_by_a_side_denies_the_finding_on_that_side(text, read):
    """"Pleural effusion: none seen on the left" read as an effusion: only the end of the clause could follow
    the negation."""
    sentence = parse_report(text).sentences[0]
    assert [(e.negated, e.side) for e in entities(sentence, "en")] == read


@pytest.mark.parametrize("impression, rules", [
    ("Small left pleural effusion.", [("findings-deny", 0.85)]),
    ("Small right pleural effusion.", [("not-in-findings", 0.25)]),
])
def test_a_finding_denied_on_one_side_contradicts_only_that_side_in_the_impression(impression, rules):
    found = mismatch.check(CheckInput(parse_report(f"FINDINGS: Pleural effusion: none seen on the left.\n"
                                                   f"IMPRESSION: {impression}")))
    assert [(c.rule, c.confidence) for c in found] == rules


@pytest.mark.parametrize("language, text, denied", [
    ("zh", "检查所见：右肺结节伴钙化及晕征未见。", [False, True]),
    ("zh", "检查所见：结节伴钙化及晕征未见。", [True, True]),
    ("zh", "检查所见：结节、晕征及钙化均未见。", [True, True]),
    ("zh", "检查所见：未见气胸，晕征或实变。", [True, True]),
    ("en", "FINDINGS: Pneumothorax and pneumatocele are not seen.", [True]),
    # an unknown word inside an item, not an item of its own, is still a statement's
    ("zh", "检查所见：结节强化不明显。", [False]),
    ("zh", "检查所见：结节内钙化未见。", [False, True]),
    ("zh", "检查所见：未见气胸，右肺上叶见晕征或实变。", [True, False]),
    ("en", "FINDINGS: Nodule in the right upper lobe and pleural effusion are not seen.", [False, True]),
])
def test_a_word_the_lexicon_lacks_carries_a_list_on(language, text, denied):
    """"晕征" is no lexicon term, and a list holding it was no list: "右肺结节伴钙化及晕征未见" asserted the
    calcification it denies (the test had "空洞", until a cavity became a finding of its own)."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.negated for e in entities(sentence, language)] == denied


@pytest.mark.parametrize("language, text, read", [
    ("en", "FINDINGS: Right pneumothorax is present and pleural effusion is absent.", [("right", False), (None, True)]),
    ("en", "FINDINGS: Right pneumothorax is present, and pleural effusion is absent.", [("right", False), (None, True)]),
    ("en", "FINDINGS: Right pneumothorax persists, pleural effusion is noted.", [("right", False), (None, False)]),
    ("zh", "检查所见：右侧气胸，胸腔积液未见。", [("right", False), (None, True)]),
    # one list, joined on by "with", "伴" or a label's colon: one side
    ("en", "FINDINGS: Right pneumothorax and pleural effusion.", [("right", False), ("right", False)]),
    ("en", "FINDINGS: Right upper lobe mass with atelectasis.", [("right", False), ("right", False)]),
    ("en", "FINDINGS: Right pneumothorax is present, with a small pleural effusion.", [("right", False), ("right", False)]),
    ("zh", "检查所见：右侧胸腔积液伴肺不张。", [("right", False), ("right", False)]),
    ("zh", "检查所见：右侧气胸，胸腔积液。", [("right", False), ("right", False)]),
    ("en", "FINDINGS: Left kidney: a 2 cm cyst is seen.", [("left", False)]),
    # a statement naming no organ of its own is about the organ before it, on that organ's side
    ("zh", "检查所见：右肾切除术后，右肾区未见肾脏影，术区未见异常软组织密度影。", [("right", False), ("right", True)]),
    # nor is one whose subject is a place the statement before it gives, not its term
    ("zh", "检查所见：右肺上叶切除术后，术区未见积液。", [("right", False), ("right", True)]),
    ("en", "FINDINGS: Right upper lobectomy, and no fluid collection is seen in the surgical bed.",
     [("right", False), ("right", True)]),
])
def test_a_side_word_does_not_cross_into_a_statement_of_its_own(language, text, read):
    """"Right pneumothorax is present and pleural effusion is absent" denied a right effusion: the side word
    reached every clause of its sentence."""
    sentence = parse_report(text, language).sentences[0]
    assert [(e.side, e.negated) for e in entities(sentence, language)] == read


def test_an_effusion_denied_beside_a_sided_pneumothorax_contradicts_an_effusion_on_the_other_side():
    text = ("FINDINGS: Right pneumothorax is present and pleural effusion is absent.\n"
            "IMPRESSION: Right pneumothorax. Small left pleural effusion.")
    assert [(c.rule, c.confidence) for c in mismatch.check(CheckInput(parse_report(text)))] == [
        ("findings-deny", 0.85)]


@pytest.mark.parametrize("findings, impression, rules", [
    ("Pneumothorax is absent.", "Right pneumothorax.", [("findings-deny", 0.85)]),
    ("Pleural effusion: none seen.", "Small left pleural effusion.", [("findings-deny", 0.85)]),
    ("Free air is not seen.", "No free air.", []),
    ("The nodule is not significantly changed.", "Stable nodule.", []),
])
def test_an_english_term_denied_after_it_contradicts_the_impression(findings, impression, rules):
    found = mismatch.check(CheckInput(parse_report(f"FINDINGS: {findings}\nIMPRESSION: {impression}")))
    assert [(c.rule, c.confidence) for c in found] == rules


@pytest.mark.parametrize("language, text, rules", [
    ("en", "FINDINGS: Pneumothorax and pleural effusion are absent.\nIMPRESSION: Right pneumothorax.",
     [("findings-deny", 0.85)]),
    ("en", "FINDINGS: The pleural effusion has resolved.\nIMPRESSION: Small left pleural effusion.",
     [("findings-deny", 0.85)]),
    ("zh", "检查所见：气胸伴胸腔积液未见。\n诊断意见：右侧气胸。", [("findings-deny", 0.85)]),
    ("zh", "检查所见：右侧胸腔积液已吸收。\n诊断意见：右侧胸腔积液。", [("findings-deny", 0.85)]),
    ("en", "FINDINGS: Right pneumothorax and pleural effusion are absent.\nIMPRESSION: Right pneumothorax.",
     [("findings-deny", 0.85)]),
    ("en", "FINDINGS: The pleural effusion has resolved since the prior study.\nIMPRESSION: Small left pleural "
     "effusion.", [("findings-deny", 0.85)]),
    ("zh", "检查所见：右侧胸腔积液较前已吸收。\n诊断意见：右侧胸腔积液。", [("findings-deny", 0.85)]),    ("zh", "检查所见：右肺结节伴钙化未见。\n诊断意见：右肺结节。", []),
])
def test_a_finding_denied_in_a_list_or_resolved_contradicts_the_impression(language, text, rules):
    found = mismatch.check(CheckInput(parse_report(text, language)))
    assert [(c.rule, c.confidence) for c in found] == rules


@pytest.mark.parametrize("text, read", [
    ("FINDINGS: Ascites is not present, but a small effusion is seen.",
     [("ascites", "bowel", True), ("effusion", "pleura", False)]),
    ("FINDINGS: No ascites, small left effusion.", [("ascites", "bowel", True), ("effusion", "pleura", False)]),
    # a term with no usual organ still takes the organ another item's term names, and fluid around the liver
    # is still ascites
    ("FINDINGS: No stone, mass or hydronephrosis.",
     [("stone", "kidney", True), ("mass", "kidney", True), ("dilatation", "kidney", True)]),
    ("FINDINGS: Small effusion around the liver, no ascites.", [("ascites", "bowel", False), ("ascites", "bowel", True)]),
])
def test_an_effusion_beside_ascites_is_not_ascites(text, read):
    """"Ascites", an organ word too, gave the effusion of the next clause the peritoneum, which made it ascites:
    the report seemed to deny and assert ascites at once."""
    sentence = parse_report(text).sentences[0]
    assert [(e.finding, e.organ, e.negated) for e in entities(sentence, "en")] == read


@pytest.mark.parametrize("impression, rules", [
    ("Small ascites.", [("findings-deny", 0.85)]),
    ("Small right pleural effusion.", []),
])
def test_ascites_denied_beside_an_effusion_is_compared_with_the_impression(impression, rules):
    text = f"FINDINGS: Ascites is not present, but a small effusion is seen.\nIMPRESSION: {impression}"
    assert [(c.rule, c.confidence) for c in mismatch.check(CheckInput(parse_report(text)))] == rules


def test_lymph_nodes_called_enlarged_in_english_are_lymphadenopathy():
    sentence = parse_report("FINDINGS: The mediastinal lymph nodes are not enlarged.").sentences[0]
    assert [(e.finding, e.negated) for e in entities(sentence, "en")] == [("lymphadenopathy", True)]


@pytest.mark.parametrize("text", [
    "FINDINGS: No stone, mass or hydronephrosis.\nIMPRESSION: Right renal mass.",
    "FINDINGS: The kidneys are normal in size without mass or hydronephrosis.\nIMPRESSION: Left renal mass.",
])
def test_a_list_item_that_names_its_organ_makes_the_other_items_that_organs_not_a_part_of_it(text):
    """"Hydronephrosis" is a kidney word and a finding: it gave the listed mass the site "hydronephrosis", a
    part of the kidney no renal mass is in, so the denial missed the impression's mass (which then read as
    merely not described, 0.25)."""
    found = mismatch.check(CheckInput(parse_report(text)))
    assert [(c.rule, c.confidence) for c in found] == [("findings-deny", 0.85)]


@pytest.mark.parametrize("language, text, rules", [
    ("en", "FINDINGS: The thoracic aorta is normal.\nIMPRESSION: Abdominal aortic aneurysm.", []),
    ("en", "FINDINGS: The thoracic aorta is normal in calibre.\nIMPRESSION: Infrarenal aortic aneurysm.", []),
    ("zh", "检查所见：胸主动脉未见异常。\n诊断意见：腹主动脉瘤。", []),
    ("en", "FINDINGS: Abdominal aortic aneurysm, 5.2 cm.\nIMPRESSION: Normal thoracic aorta. Abdominal aortic "
           "aneurysm.", []),
    # the aorta, or the thoracic aorta itself, called normal still contradicts the impression
    ("en", "FINDINGS: The aorta is normal.\nIMPRESSION: Abdominal aortic aneurysm.", [("findings-normal", 0.8)]),
    ("zh", "检查所见：主动脉未见异常。\n诊断意见：腹主动脉瘤。", [("findings-normal", 0.8)]),
    ("en", "FINDINGS: The thoracic aorta is normal.\nIMPRESSION: Aortic dissection.", [("findings-normal", 0.8)]),
    ("en", "FINDINGS: Thoracic aortic aneurysm, 5.2 cm.\nIMPRESSION: Normal thoracic aorta.",
     [("impression-normal", 0.75)]),
])
def test_a_normal_thoracic_aorta_says_nothing_of_the_abdominal_aorta(language, text, rules):
    """"Thoracic aorta" names the whole aorta (the one a chest scan shows), and a whole organ called normal
    covered every part of it: the thoracic aorta called normal contradicted an abdominal aortic aneurysm."""
    found = mismatch.check(CheckInput(parse_report(text, language)))
    assert [(c.rule, c.confidence) for c in found if c.confidence >= 0.5] == rules


@pytest.mark.parametrize("language, text, organ", [
    ("en", "FINDINGS: The gallbladder wall is thickened.", "gallbladder"),
    ("en", "FINDINGS: Mural thickening of the sigmoid colon.", "bowel"),
    ("en", "FINDINGS: Thickened wall of the urinary bladder.", "bladder"),
    ("en", "FINDINGS: Thickening of the bowel wall.", "bowel"),
    ("en", "FINDINGS: Mild thickening of the gallbladder wall.", "gallbladder"),
    ("en", "FINDINGS: Thickening of the wall of the sigmoid colon.", "bowel"),
    ("en", "FINDINGS: Thickening of the sigmoid colon wall.", "bowel"),
    ("en", "FINDINGS: Thickening of the small bowel walls.", "bowel"),
    ("en", "FINDINGS: Thickening of the ascending colon wall.", "bowel"),
    ("en", "FINDINGS: Thickening of the transverse colon wall.", "bowel"),
    ("en", "FINDINGS: Thickening of the terminal ileum wall.", "bowel"),
    ("en", "FINDINGS: Thickening of the distal esophagus wall.", "esophagus"),
    ("zh", "检查所见：胆囊壁稍增厚。", "gallbladder"),
    ("zh", "检查所见：胃壁不均匀增厚。", "stomach"),
    ("zh", "检查所见：乙状结肠壁明显增厚。", "bowel"),
])
def test_wall_thickening_is_a_finding_in_its_usual_wordings(language, text, organ):
    """Only "wall thickening" and "壁增厚" word for word were finding terms: a wall "is thickened", "mural
    thickening" and "壁稍增厚" (a degree word inside) described nothing."""
    sentence = parse_report(text, language).sentences[0]
    assert [(e.finding, e.organ, e.negated) for e in entities(sentence, language)] == [("inflammation", organ, False)]


@pytest.mark.parametrize("text", [
    "FINDINGS: Pleural thickening.",
    "FINDINGS: Thickening of the interlobular septa.",
    "FINDINGS: Thickening of the left pleura.",
    "FINDINGS: Thickening of the sigmoid colon and its mesentery.",
    "FINDINGS: Thickening of the ascending colon and its mesentery.",
    "FINDINGS: Thickening of the left wall.",
])
def test_thickening_of_something_other_than_a_wall_is_no_wall_thickening(text):
    """"Thickening of the {organ} wall" takes only organ words between its words."""
    assert [e.finding for e in entities(parse_report(text).sentences[0], "en")] == []


@pytest.mark.parametrize("text, rules", [
    ("FINDINGS: Thickening of the gallbladder wall.\nIMPRESSION: Normal gallbladder.", [("impression-normal", 0.75)]),
    ("FINDINGS: No thickening of the gallbladder wall.\nIMPRESSION: Gallbladder wall thickening.",
     [("findings-deny", 0.85)]),
    ("FINDINGS: Thickening of the sigmoid colon wall.\nIMPRESSION: Normal sigmoid colon.", [("impression-normal", 0.75)]),
    ("FINDINGS: Thickening of the ascending colon wall.\nIMPRESSION: Normal ascending colon.",
     [("impression-normal", 0.75)]),
])
def test_thickening_of_an_organs_wall_is_compared_with_the_impression(text, rules):
    """"Thickening of the gallbladder wall" (the organ inside the wording) described nothing, so a normal
    gallbladder in the impression contradicted no finding."""
    found = mismatch.check(CheckInput(parse_report(text)))
    assert [(c.rule, c.confidence) for c in found] == rules


@pytest.mark.parametrize("text, organ", [("检查所见：右肾周围见血肿。", "kidney"), ("检查所见：膀胱前方见血肿。", None)])
def test_the_space_around_an_organ_is_its_own_where_a_side_of_it_is_a_neighbour(text, organ):
    sentence = parse_report(text, "zh").sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, "zh")] == [("hemorrhage", organ)]


@pytest.mark.parametrize("language, text, read", [
    # a later clause stated the other way keeps its side to itself
    ("en", "FINDINGS: No pneumothorax, with a small left pleural effusion.",
     [("pneumothorax", None, True), ("effusion", "left", False)]),
    ("en", "FINDINGS: No pneumothorax, but a small left pleural effusion.",
     [("pneumothorax", None, True), ("effusion", "left", False)]),
    ("zh", "检查所见：右肺上叶切除术后，术区未见积液，左侧胸腔少量积液。",
     [("resection", "right", False), ("effusion", "right", True), ("effusion", "left", False)]),
    # the side a statement opens with, or a list one negation reads alike, still reaches its terms
    ("en", "FINDINGS: No left pleural effusion.", [("effusion", "left", True)]),
    ("en", "FINDINGS: Small left pleural effusion without pneumothorax.",
     [("effusion", "left", False), ("pneumothorax", "left", True)]),
    ("en", "FINDINGS: No stone, mass or hydronephrosis in the left kidney.",
     [("stone", "left", True), ("mass", "left", True), ("dilatation", "left", True)]),
    ("zh", "检查所见：右肺上叶切除术后，术区未见积液。", [("resection", "right", False), ("effusion", "right", True)]),
])
def test_a_denied_term_takes_no_side_from_a_later_clause_that_asserts_another_finding(language, text, read):
    """A comma or "with" after a denial may open an assertion of its own: its organ word and side name its
    own finding, not the denied one before it (which would read as a left pneumothorax denied)."""
    sentence = parse_report(text, language).sentences[0]
    assert [(e.finding, e.side, e.negated) for e in entities(sentence, language)] == read


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Four-part fracture of the right humerus. The humeral head is displaced by 45 cm.\n"
           "IMPRESSION: Right humeral fracture.", {("measurement", "45 cm")}),
    ("zh", "检查所见：右侧肱骨骨折，断端移位约45cm。\n诊断意见：右侧肱骨骨折。", {("measurement", "45cm")}),
    # displacements the body allows, and distances along a path, however long
    ("en", "FINDINGS: Fracture of the right humerus, fragment displaced by 3 mm. 6 mm leftward midline shift.\n"
           "IMPRESSION: Right humeral fracture.", set()),
    ("en", "FINDINGS: Rectal tumour 45 cm from the anal verge, extending into the mesorectal fat by 3 mm.\n"
           "IMPRESSION: Rectal cancer.", set()),
])
def test_a_displacement_is_bounded_by_the_body_where_a_distance_is_not(language, text, flagged):
    """"Displaced by 45 cm" was read as a distance ("by"), which has no bound, so the slip went unchecked."""
    assert confident(measurement.check, text, language) == flagged


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: The common bile duct measures 6 cm.\nIMPRESSION: No acute abnormality.", {("measurement", "6 cm")}),
    ("zh", "检查所见：胆总管直径约6cm。\n诊断意见：未见异常。", {("measurement", "6cm")}),
    # too large, but no normal organ in the smaller unit: it may measure a lesion the lexicon does not name
    ("en", "FINDINGS: The kidney measures 25 cm.\nIMPRESSION: No acute abnormality.", set()),
])
def test_an_organ_too_large_by_its_normal_size_in_the_other_unit_is_a_confident_slip(language, text, flagged):
    """A sentence measuring an organ alone was held below the operating point, however plain the slip: a
    6 cm common bile duct is a normal 6 mm one written in centimetres."""
    assert confident(measurement.check, text, language) == flagged


@pytest.mark.parametrize("language, text, omitted", [
    ("en", "FINDINGS: A 15 mm pedunculated polyp in the sigmoid colon. Sigmoid diverticulosis without diverticulitis.\n"
           "IMPRESSION: Sigmoid diverticulosis.", "A 15 mm pedunculated polyp in the sigmoid colon."),
    ("en", "FINDINGS: Diffuse hepatic steatosis. A 4 cm enhancing mass in segment 7 of the liver.\n"
           "IMPRESSION: Hepatic steatosis.", "A 4 cm enhancing mass in segment 7 of the liver."),
    ("zh", "检查所见：肝脏密度弥漫性减低。肝右叶见一肿块，大小约4.0cm×3.5cm，不均匀强化。\n诊断意见：脂肪肝。",
     "肝右叶见一肿块，大小约4.0cm×3.5cm，不均匀强化。"),
])
def test_an_incidental_of_the_organ_does_not_stand_for_a_graver_finding_left_out(language, text, omitted):
    """Any impression finding of an organ counted as summing up the organ's other findings, so the polyp
    went unreported behind the diverticulosis. An incidental the impression lists is no summary."""
    assert confident(omission.check, text, language) == {("omission", omitted)}


@pytest.mark.parametrize("language, text", [
    # a graver finding of the organ, or the lexicon's word for it, still sums the lesser one up
    ("en", "FINDINGS: Sigmoid diverticulosis. A 3.5 cm mass in the sigmoid colon.\nIMPRESSION: Sigmoid colon mass."),
    ("zh", "检查所见：肝硬化，肝右叶S8段见一肿块，大小约4.5cm×3.8cm。门静脉右支内见充盈缺损。\n"
           "诊断意见：肝右叶原发性肝癌，伴门静脉右支癌栓。"),
])
def test_a_graver_or_named_summary_of_the_organ_still_covers_its_findings(language, text):
    assert confident(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text, organ", [
    ("zh", "检查所见：腹主动脉肾下段管腔瘤样扩张，最大径约5.6cm。", "aorta"),
    ("zh", "检查所见：腹主动脉肾动脉水平以下见附壁血栓。", "aorta"),
    ("zh", "检查所见：腹主动脉于肾动脉开口以下瘤样扩张，最大径约5.0cm。", "aorta"),
    ("zh", "检查所见：腹主动脉自肾动脉以下见附壁血栓。", "aorta"),
    ("en", "FINDINGS: Perirenal haematoma on the right.", "kidney"),
    # an organ word standing alone before a part of itself is still that organ
    ("zh", "检查所见：右肾下段见一囊肿。", "kidney"),
])
def test_an_organ_named_as_a_landmark_of_another_organs_segment_is_no_site(language, text, organ):
    """"肾" in "腹主动脉肾下段" (the infrarenal abdominal aorta) was read as the kidney, the nearest organ word, so
    the aneurysm became the kidney's; "perirenal" named no organ at all."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.organ for e in entities(sentence, language)] == [organ]


def test_an_infrarenal_aneurysm_is_the_aortas_in_both_sections():
    text = "检查所见：腹主动脉肾下段瘤样扩张，最宽处约5.2cm。双肾未见异常。\n诊断意见：腹主动脉瘤。"
    assert confident(mismatch.check, text, "zh") | confident(omission.check, text, "zh") == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：肝肾隐窝见少量积液。"),
    ("zh", "检查所见：脾肾隐窝积液。"),
    ("zh", "检查所见：膀胱直肠陷凹见积液。"),
    ("zh", "检查所见：子宫直肠陷凹少量积液。"),
])
def test_a_recess_named_by_the_organs_it_lies_between_holds_ascites(language, text):
    """"肾" in "肝肾隐窝" (Morison's pouch) was read as the kidney, the nearest organ word, so the fluid there
    became a renal effusion, contradicted by "双肾未见异常" and left unmatched by the impression's ascites."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.finding for e in entities(sentence, language)] == ["ascites"]


@pytest.mark.parametrize("language, text, read", [
    ("zh", "检查所见：盆腔少量积液。", [("ascites", "bowel")]),
    ("zh", "检查所见：盆腔中等量积液，腹腔少许积液。", [("ascites", "bowel"), ("ascites", "bowel")]),
    ("zh", "检查所见：纵隔淋巴结轻度肿大。", [("lymphadenopathy", "lymph_node")]),
    # a degree before the site, or a pleural effusion, is read as before
    ("zh", "检查所见：大量盆腔积液。", [("ascites", "bowel")]),
    ("zh", "检查所见：左侧胸腔少量积液。", [("effusion", "pleura")]),
    ("en", "FINDINGS: Small volume pelvic free fluid.", [("ascites", "bowel")]),
    ("zh", "检查所见：盆腔见一肿块。", [("mass", None)]),  # the pelvis is still no organ: a pelvic mass is not the bowel's
])
def test_an_amount_between_a_site_and_its_finding_keeps_the_term_whole(language, text, read):
    """"盆腔少量积液" was read as "积液" alone, a pleural effusion, which "双侧胸腔未见积液" then contradicted: the
    amount word split the term "盆腔积液"."""
    sentence = parse_report(text, language).sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, language)] == read


def test_pelvic_fluid_with_an_amount_is_no_pleural_effusion_the_report_denies():
    text = "检查所见：盆腔少量积液。双侧胸腔未见积液。盆腔见一肿块。\n诊断意见：盆腔少量积液，盆腔肿块。"
    assert {c for check in (mismatch.check, omission.check, insertion.check)
            for c in confident(check, text, "zh")} == set()


@pytest.mark.parametrize("language, text, read", [
    ("en", "FINDINGS: Collapse of the T10 vertebral body.", [("fracture", "spine")]),
    ("en", "FINDINGS: Compression collapse of the right femoral head.", [("fracture", "bone")]),
    ("en", "FINDINGS: L2 collapse with retropulsion.", [("fracture", "spine")]),
    ("zh", "检查所见：T12椎体塌陷。", [("fracture", "spine")]),
    # a lobe's collapse, and one beside a bone it does not name as its own, stay the lung's
    ("en", "FINDINGS: Collapse of the right lower lobe.", [("atelectasis", "lung")]),
    ("en", "FINDINGS: Rib fractures with collapse of the lower lobe.", [("fracture", "bone"), ("atelectasis", "lung")]),
])
def test_a_collapse_whose_own_phrase_names_a_bone_is_a_fracture(language, text, read):
    sentence = parse_report(text, language).sentences[0]
    assert [(e.finding, e.organ) for e in entities(sentence, language)] == read


def test_a_collapsed_vertebra_the_impression_denies_is_a_fracture_it_denies():
    text = "FINDINGS: Collapse of the T10 vertebral body with retropulsion. No atelectasis.\nIMPRESSION: No fracture."
    assert confident(mismatch.check, text) == {("findings_impression_mismatch", "No fracture")}
    assert confident(insertion.check, text) == set()  # no lung collapse for "No atelectasis" to contradict


def test_a_side_sub_heading_gives_its_side_to_a_term_that_names_the_organ_itself():
    """"Hydronephrosis" names the kidney itself, so the sub-heading's side was never asked for: the findings'
    hydronephrosis had no side, the impression's right one slipped through, and "Right kidney: Normal." read as
    contradicting it."""
    text = ("FINDINGS:\nLeft kidney:\n4 mm lower pole stone. Mild hydronephrosis.\nRight kidney: Normal.\n"
            "IMPRESSION: Mild right hydronephrosis.")
    assert confident(laterality.check, text) == {("laterality", "right hydronephrosis")}
    assert confident(insertion.check, text.replace("Mild right", "Mild left")) == set()


def test_fluid_in_a_peritoneal_recess_is_the_impressions_ascites_and_no_kidneys():
    text = "检查所见：脾肾隐窝见积液。双肾未见异常。\n诊断意见：腹腔少量积液。"
    assert {c for check in (mismatch.check, omission.check, insertion.check)
            for c in confident(check, text, "zh")} == set()


@pytest.mark.parametrize("text, organ", [
    ("FINDINGS: Abdominal aorta: a 5 cm aneurysm beginning just below the renal arteries.", "aorta"),
    ("FINDINGS: Mural thrombus at the level of the renal arteries in the abdominal aorta.", "aorta"),
    ("FINDINGS: The aorta measures 5 cm at the level of the renal arteries, aneurysmal.", "aorta"),
    ("FINDINGS: There is a 5 cm aneurysm beginning below the renal arteries.", None),
    # an organ the finding is in, not a level it is given by, stays its organ: the renal artery, a vessel named after
    # the kidney (`mentions._vessel_named_after`)
    ("FINDINGS: Thrombus in the right renal artery.", "named_vessel"),
])
def test_an_organ_giving_a_level_is_not_the_findings_organ(text, organ):
    """"Renal" in "below the renal arteries" was the nearest organ word, so the aortic aneurysm became the
    kidney's: a mismatch with the impression's aortic aneurysm and an omission of it."""
    sentence = parse_report(text).sentences[0]
    assert [e.organ for e in entities(sentence, "en")] == [organ]


def test_an_aneurysm_below_the_renal_arteries_is_the_infrarenal_aortic_one():
    text = ("FINDINGS: There is a 5 cm aneurysm beginning below the renal arteries. Kidneys: normal.\n"
            "IMPRESSION: Infrarenal aortic aneurysm.")
    assert {c for check in (mismatch.check, omission.check, insertion.check) for c in confident(check, text)} == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Compression deformity of the L1 vertebral body."),
    ("en", "FINDINGS: Anterior wedge deformity of T8."),
    ("en", "FINDINGS: 40% vertebral body height loss at L2."),
    ("zh", "检查所见：L1椎体压缩变形。"),
    ("zh", "检查所见：T12椎体楔形变。"),
    ("zh", "检查所见：L1椎体压缩约1/3。"),
    # a collapsed vertebra, which "collapse" alone would make an atelectasis of the lung
    ("en", "FINDINGS: Vertebral collapse at T10."),
    ("en", "FINDINGS: Vertebra plana of T7."),
])
def test_a_compression_or_wedge_deformity_of_a_vertebra_is_a_fracture(language, text):
    """The lexicon knew no word for a vertebral fracture but "fracture", so an impression's "compression
    fracture" did not cover the findings' "compression deformity" (nor the reverse): an omission flagged."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.finding for e in entities(sentence, language)] == ["fracture"]


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Compression fracture of the T12 vertebral body.\nIMPRESSION: T12 compression deformity."),
    ("en", "FINDINGS: Wedge deformity of the T8 vertebral body.\nIMPRESSION: T8 vertebral fracture."),
])
def test_a_fracture_and_a_compression_deformity_cover_each_other(language, text):
    assert confident(omission.check, text, language) == set()


def test_a_deformity_or_height_loss_that_is_no_vertebral_collapse_is_no_fracture():
    for text in ("FINDINGS: Pectus excavatum deformity.", "FINDINGS: Loss of disc height at L4-L5."):
        assert entities(parse_report(text).sentences[0], "en") == []


@pytest.mark.parametrize("language, text, finding", [
    ("en", "FINDINGS: A 6 mm ground-glass nodule in the left upper lobe.", "ground_glass_nodule"),
    ("zh", "检查所见：左肺上叶见一磨玻璃结节，直径约6mm。", "ground_glass_nodule"),
    ("zh", "检查所见：左肺上叶见磨玻璃密度结节。", "ground_glass_nodule"),
    ("en", "FINDINGS: Patchy ground-glass opacity in the left upper lobe.", "ground_glass"),
    ("zh", "检查所见：左肺上叶见一实性结节。", "nodule"),
])
def test_a_ground_glass_nodule_is_a_kind_of_its_own(language, text, finding):
    """The head-term rule kept "nodule" and dropped "ground-glass", so a ground-glass nodule read as a plain
    (solid) one."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.finding for e in entities(sentence, language)] == [finding]


@pytest.mark.parametrize("language, text, flagged", [
    # a denial of solid nodules leaves the ground-glass one standing
    ("en", "FINDINGS: A 9 mm pure ground-glass nodule in the right lower lobe.\n"
           "IMPRESSION: Right lower lobe ground-glass nodule. No solid pulmonary nodule.", set()),
    ("zh", "检查所见：右肺下叶见磨玻璃结节，约9mm。\n诊断意见：右肺下叶磨玻璃结节；双肺未见实性结节。", set()),
    # a denial of every nodule still contradicts it
    ("en", "FINDINGS: A 9 mm pure ground-glass nodule in the right lower lobe.\nIMPRESSION: No pulmonary nodule.",
     {("findings_impression_mismatch", "No pulmonary nodule")}),
])
def test_an_impression_denying_solid_nodules_does_not_deny_a_ground_glass_one(language, text, flagged):
    assert confident(mismatch.check, text, language) == flagged


@pytest.mark.parametrize("language, text, omitted", [
    # a finding of another organ, stated in the findings for itself, stands for no lesion of the liver
    ("en", "FINDINGS: A 4 cm enhancing mass in hepatic segment 8. Coarse calcifications in the pancreatic head.\n"
           "IMPRESSION: Pancreatic calcifications.", "A 4 cm enhancing mass in hepatic segment 8."),
    ("en", "FINDINGS: A 4 cm enhancing mass in segment 8. Coarse calcifications in the pancreatic head.\n"
           "IMPRESSION: Pancreatic calcifications.", "A 4 cm enhancing mass in segment 8."),
    ("zh", "检查所见：肝S8段见一肿块，大小约4.0cm×3.6cm，明显强化。胰头区见多发粗大钙化。\n诊断意见：胰腺钙化。",
     "肝S8段见一肿块，大小约4.0cm×3.6cm，明显强化。"),
    # nor does the organ's own enlargement, which the findings state apart
    ("en", "FINDINGS: The spleen is enlarged at 16 cm. A 3 cm solid mass in the lower pole of the spleen.\n"
           "IMPRESSION: Splenomegaly.", "A 3 cm solid mass in the lower pole of the spleen."),
])
def test_an_impression_finding_the_findings_state_apart_covers_no_other_kind(language, text, omitted):
    """An impression finding of the lesion's group ("focal") covered a lesion of another kind whose organ the
    sentence leaves to its words ("segment 8"), and the organ's own enlargement covered any lesion of the organ:
    "Pancreatic calcifications" stood for the liver mass and "Splenomegaly" for the splenic mass, both left out.
    The first and third cases guard that a lesion whose organ is named stays uncovered."""
    assert confident(omission.check, text, language) == {("omission", omitted)}


def test_a_ground_glass_nodule_and_a_nodule_are_one_lesion_between_the_sections():
    text = "FINDINGS: A 7 mm ground-glass nodule in the right upper lobe.\nIMPRESSION: 7 mm left upper lobe nodule."
    assert ("laterality", "left upper lobe nodule") in confident(laterality.check, text)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：子宫增大，前壁见一等密度肿块，约5.0cm，强化与肌层一致。左侧卵巢见一囊肿，约2cm。\n"
           "诊断意见：1. 子宫前壁肌瘤。2. 左侧卵巢囊肿。"),
    ("en", "FINDINGS: Enlarged uterus with a 5 cm anterior wall mass enhancing like the myometrium. A 2 cm left "
           "ovarian cyst.\nIMPRESSION: 1. Anterior wall uterine fibroid. 2. Left ovarian cyst."),
])
def test_a_fibroid_in_the_impression_names_the_uterine_mass(language, text):
    """The lexicon had no word for a fibroid: the uterine mass went uncovered once the ovarian cyst, another
    organ's finding the findings state apart, no longer stood for it."""
    sentence = parse_report(text, language).in_section("impression")[0]
    assert [e.finding for e in entities(sentence, language)] == ["fibroid"]
    assert confident(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Right frontal contusion. 8 mm leftward midline shift. The midline structures are central.\n"
           "IMPRESSION: Right frontal contusion with midline shift.", {("insertion", "The midline structures are central.")}),
    ("zh", "检查所见：右侧额叶脑挫裂伤，中线结构左移约8mm。双侧脑室对称，中线结构居中。\n诊断意见：右额叶脑挫裂伤，中线左移。",
     {("insertion", "双侧脑室对称，中线结构居中。")}),
    # a shift that has resolved leaves the midline central
    ("en", "FINDINGS: The previous midline shift has resolved. Midline structures are central.\n"
           "IMPRESSION: Resolved midline shift.", set()),
    ("zh", "检查所见：双侧脑室对称，中线结构居中。\n诊断意见：颅脑CT平扫未见明显异常。", set()),
])
def test_a_central_midline_beside_a_stated_shift_is_inserted(language, text, flagged):
    """"Midline structures are central" names no shift term, so no rule paired it with the shift beside it."""
    assert {f for f in confident(insertion.check, text, language) if "idline" in f[1] or "中线" in f[1]} == flagged


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: A 3.2 cm spiculated mass in the left upper lobe.\n"
           "IMPRESSION:\n1. Left upper lobe mass, suspicious for primary lung cancer.\n2. No acute abnormality.",
     {("insertion", "No acute abnormality.")}),
    ("zh", "检查所见：左肺上叶见一分叶状肿块，大小约3.2cm×2.8cm。\n诊断意见：\n1. 左肺上叶肿块，考虑肺癌。\n2. 未见明显异常。",
     {("insertion", "未见明显异常。")}),
    # an incidental the impression lists, or a line leaving the rest aside, is no contradiction
    ("en", "FINDINGS: Small hiatal hernia.\nIMPRESSION:\n1. Small hiatal hernia.\n2. No acute abnormality.", set()),
    ("zh", "检查所见：左肺上叶见一分叶状肿块，大小约3.2cm×2.8cm。\n诊断意见：\n1. 左肺上叶肿块，考虑肺癌。\n2. 余未见明显异常。", set()),
])
def test_an_impression_calling_the_study_normal_beside_its_own_finding_is_inserted(language, text, flagged):
    """A normal study line ("No acute abnormality", "未见明显异常") under the impression's own item 1 reporting a
    mass was compared with nothing: the omission and mismatch checks read it as asserting no finding."""
    assert {f for f in confident(insertion.check, text, language) if f[1] in text.split("\n")[-1]} == flagged


# lymph node stations ------------------------------------------------------------------------------

def test_a_site_word_before_lymph_nodes_names_their_station_not_an_abnormal_organ():
    """Enlarged mediastinal nodes are lymphadenopathy, which an impression's "no mediastinal mass" does not
    account for: the nodes must still be reported."""
    findings = "FINDINGS: Enlarged mediastinal lymph nodes up to 17 mm in short axis. The lungs are clear.\n"
    text = findings + "IMPRESSION: No mediastinal mass. Clear lungs."
    assert run(omission.check, text) == {("omission", "Enlarged mediastinal lymph nodes up to 17 mm in short axis.")}
    assert run(omission.check, findings + "IMPRESSION: Mediastinal lymphadenopathy. Clear lungs.") == set()
    report = parse_report("Several enlarged mesenteric nodes are seen.", "en")
    [node] = entities(report.sentences[0], "en")
    assert (node.finding, node.organ, node.site(report.text, "en")) == (
        "lymphadenopathy", "lymph_node", "mesenteric")
    text = "检查所见：纵隔淋巴结肿大，短径约1.7cm。\n诊断意见：纵隔未见占位。"
    assert run(omission.check, text, "zh") == {("omission", "纵隔淋巴结肿大，短径约1.7cm。")}


def test_an_impression_naming_the_station_s_region_speaks_of_its_nodes():
    """Read as lymph nodes, the retroperitoneal mass of a lymphoma follow-up was no longer summed up by an impression
    naming its region ("腹膜后病灶明显缩小"), as it was while the station word was read as the organ."""
    findings = "检查所见：腹膜后淋巴结融合团块，治疗前7.5cm×5.0cm，本次2.0cm×1.6cm。\n"
    assert run(omission.check, findings + "诊断意见：腹膜后病灶明显缩小。", "zh") == set()
    assert run(omission.check, findings + "诊断意见：肝内多发囊肿。", "zh") == {
        ("omission", "腹膜后淋巴结融合团块，治疗前7.5cm×5.0cm，本次2.0cm×1.6cm。")}
    findings = "FINDINGS: Enlarged mediastinal lymph nodes up to 17 mm in short axis.\n"
    assert run(omission.check, findings + "IMPRESSION: Increasing mediastinal metastases.") == set()


def test_chinese_retrosternal_is_the_anterior_mediastinum():
    """胸骨后 is the space behind the sternum, as "retrosternal" is: a mass there is the one a "前纵隔肿块" sums up."""
    text = ("检查所见：胸骨后见软组织肿块，大小约4.5cm×3.2cm。胸骨未见骨折。\n"
            "诊断意见：前纵隔肿块，建议进一步检查。")
    assert run(omission.check, text, "zh") == set()
    report = parse_report("检查所见：胸骨后见软组织肿块。", "zh")
    [mass] = entities(report.sentences[0], "zh")
    assert (mass.organ, mass.site(report.text, "zh")) == ("mediastinum", "mediastinum")


def test_lymph_nodes_called_reactive_are_benign_and_need_no_impression_of_their_own():
    text = ("FINDINGS: The appendix is dilated with periappendiceal stranding. Enlarged reactive mesenteric lymph nodes, "
            "up to 9 mm.\nIMPRESSION: Acute appendicitis.")
    assert run(omission.check, text) == set()
    text = "检查所见：阑尾增粗，周围脂肪间隙模糊。肠系膜淋巴结肿大，考虑反应性增生。\n诊断意见：急性阑尾炎。"
    assert run(omission.check, text, "zh") == set()
