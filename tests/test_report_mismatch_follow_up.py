"""Findings/impression mismatches of a follow-up study: a change the impression calls against the prior and present
sizes the findings write, and the wordings of a follow-up that must stay silent: a finding both sections call gone, a
new lesion beside known stable ones, and a thrombosed false lumen beside its dissection; in English and Chinese."""

from __future__ import annotations

import re

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：肝S6段低密度灶，现大小约3.1cm×2.7cm，前片约2.2cm×1.9cm，增强呈环形强化。\n"
           "诊断意见：肝S6段转移灶较前缩小，提示治疗有效。", "转移灶较前缩小"),
    ("en", "FINDINGS: Segment 6 liver lesion, now 31 mm, previously 22 mm.\n"
           "IMPRESSION: Segment 6 liver lesion, smaller than before.", "lesion, smaller than before"),
    ("en", "FINDINGS: Right upper lobe nodule, now 14 mm, previously 8 mm.\nIMPRESSION: Stable right upper lobe nodule.",
     "nodule"),
])
def test_a_change_against_the_sizes_the_findings_write(language, text, evidence):
    """A change the findings state only by their prior and present sizes was compared with nothing."""
    assert any(rule == "change-direction" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：肝S6段低密度灶，现大小约1.8cm×1.5cm，前片约2.6cm×2.2cm。\n诊断意见：肝S6段转移灶较前缩小。"),
    # within a reader's measurement error, and two lesions whose sizes are each their own
    ("en", "FINDINGS: Right upper lobe nodule, now 9 mm, previously 8 mm.\nIMPRESSION: Stable right upper lobe nodule."),
    ("zh", "检查所见：肝S6段低密度灶，大小约2.0cm；肝S8段结节，现约3.1cm，前片约2.2cm。\n诊断意见：肝S6段病灶较前缩小。"),
])
def test_a_change_the_written_sizes_bear_out_stays_silent(language, text):
    assert "change-direction" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: New 5 mm solid nodule in the left lower lobe. The 3 mm right upper lobe nodule seen at baseline "
           "is no longer visible.\nIMPRESSION: New left lower lobe nodule. The previous right upper lobe nodule has "
           "resolved."),
    ("en", "FINDINGS: The right pleural effusion seen on the prior study has resolved.\nIMPRESSION: No pleural effusion."),
    ("zh", "检查所见：原右侧胸腔积液较前已完全吸收。\n诊断意见：未见胸腔积液。"),
])
def test_a_finding_both_sections_call_gone_stays_silent(language, text):
    """A finding the findings call gone after words about it ("seen at baseline") was read as one they describe."""
    assert not {rule for rule, _ in flagged(text, language)} & {"impression-denies", "impression-denies-hedged"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: The right upper lobe nodule seen at baseline has partially resolved, now 2 mm.\n"
           "IMPRESSION: The right upper lobe nodule has resolved.", "nodule has resolved"),
    ("en", "FINDINGS: The right upper lobe nodule seen at baseline is again visible.\n"
           "IMPRESSION: The right upper lobe nodule has resolved.", "nodule has resolved"),
])
def test_a_finding_still_there_that_the_impression_calls_gone(language, text, evidence):
    assert ("impression-denies", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: The right pleural effusion seen on the prior study has not resolved.\nIMPRESSION: No pleural effusion."),
    ("en", "FINDINGS: The right pleural effusion seen on the prior study hasn't resolved.\nIMPRESSION: No pleural effusion."),
    ("zh", "检查所见：右侧胸腔积液未完全吸收。\n诊断意见：未见胸腔积液。"),
    ("zh", "检查所见：右侧胸腔积液未消失。\n诊断意见：未见胸腔积液。"),
    ("zh", "检查所见：右侧胸腔积液未完全消失。\n诊断意见：未见胸腔积液。"),
])
def test_a_finding_the_findings_say_is_not_gone_that_the_impression_denies(language, text):
    assert {rule for rule, _ in flagged(text, language)} & {"impression-denies", "impression-denies-hedged"}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Known lytic lesions in the skull and both iliac wings are unchanged. New 34 mm lytic lesion in the "
           "left acetabular roof.\nIMPRESSION: New left acetabular lytic lesion: progressive myeloma. Other lesions "
           "stable."),
    ("zh", "检查所见：肝内多发低密度灶，较前相仿。肝S4新见一低密度灶，约1.2cm。\n诊断意见：肝S4新发病灶，较前进展。"),
])
def test_a_new_lesion_beside_known_stable_ones_stays_silent(language, text):
    """The known lesions' stability was held against the growth the impression gives a new one."""
    assert "change-direction" not in {rule for rule, _ in flagged(text, language)}


def test_known_lesions_called_larger_against_their_stability():
    text = ("FINDINGS: Known lytic lesions in the skull and both iliac wings are unchanged.\n"
            "IMPRESSION: Lytic lesions of the skull, progressive.")
    assert "change-direction" in {rule for rule, _ in flagged(text)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Stent graft in the descending aorta; the false lumen along it is completely thrombosed. The "
           "dissection persists into the abdominal aorta with a patent false lumen.\n"
           "IMPRESSION: Complete false-lumen thrombosis in the thoracic aorta. Residual abdominal dissection."),
    ("zh", "检查所见：降主动脉支架植入术后，支架旁假腔完全血栓化。腹主动脉夹层持续，假腔通畅。\n"
           "诊断意见：胸主动脉假腔完全血栓形成。腹主动脉残余夹层。"),
])
def test_a_thrombosed_false_lumen_beside_its_dissection_stays_silent(language, text):
    """A false-lumen thrombosis was read as another diagnosis than the dissection it belongs to."""
    assert "other-diagnosis" not in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: The dissection persists into the abdominal aorta with a patent false lumen.\n"
           "IMPRESSION: Thrombosis of the abdominal aorta."),
    ("zh", "检查所见：腹主动脉夹层持续，假腔通畅。\n诊断意见：腹主动脉血栓形成。"),
])
def test_a_thrombosis_beside_a_dissection_is_another_diagnosis(language, text):
    assert "other-diagnosis" in {rule for rule, _ in flagged(text, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Subpleural reticulation with honeycombing in both lower lobes.\n"
           "IMPRESSION: Probable UIP pattern without honeycombing.", "without honeycombing"),
    ("zh", "检查所见：双肺下叶胸膜下网格影伴蜂窝影。\n诊断意见：可能UIP型，未见蜂窝影。", "未见蜂窝"),
])
def test_a_denial_beside_a_hedged_diagnosis_is_flat(language, text, evidence):
    """A hedge before the diagnosis ("Probable UIP") was read as hedging the feature the impression denies with it."""
    assert ("impression-denies", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Subpleural reticulation in both lower lobes. No honeycombing.\n"
           "IMPRESSION: Probable UIP pattern without honeycombing."),
    ("en", "FINDINGS: Subpleural cysts, possibly early honeycombing.\n"
           "IMPRESSION: Probable UIP pattern without definite honeycombing."),
    ("zh", "检查所见：双肺下叶胸膜下网格影，未见蜂窝影。\n诊断意见：可能UIP型，未见蜂窝影。"),
])
def test_a_denial_the_findings_share_or_leave_open_stays_silent(language, text):
    assert not {rule for rule, _ in flagged(text, language)} & {"impression-denies", "impression-denies-hedged"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Reference regions: mediastinal blood pool SUVmax 1.9, liver SUVmax 2.8.\n"
           "Mesenteric mass decreased from 9.4 to 3.2 cm; residual uptake SUVmax 2.6 (baseline 24.3).\n"
           "IMPRESSION: Residual mesenteric mass with uptake above the liver (Deauville 4).", "Deauville 4"),
    ("zh", "所见：参考本底：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。左颈部残余淋巴结约1.5×1.1cm（基线4.2×3.3cm），SUVmax 9.8，明显高于肝脏。\n"
           "诊断：完全代谢缓解（Deauville 2分）。", "Deauville 2分"),
    # a score ending its sentence, and the score given after the five-point scale's name
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 1.2.\n"
           "IMPRESSION: Residual mass, Deauville 5.", "Deauville 5"),
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 9.6.\n"
           "IMPRESSION: Residual mass, Deauville 5-PS score 3.", "Deauville 5-PS score 3"),
    ("zh", "所见：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。左颈部残余淋巴结SUVmax 9.8。\n诊断：残余淋巴结，Deauville 5分法评分3分。",
     "Deauville 5分法评分3分"),
    # a prior study the sentence compares with gives no baseline value
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.6. Compared with the prior study, the mediastinal mass has "
           "decreased in size, SUVmax 8.0.\nIMPRESSION: Complete metabolic response, Deauville 2.", "Deauville 2"),
    ("zh", "所见：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。与前片比较，纵隔肿块缩小，SUVmax 8.0。\n诊断：完全代谢缓解，Deauville 2分。",
     "Deauville 2分"),
    # a new lesion denied excuses no 5
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6. No definite new lesion.\n"
           "IMPRESSION: Progressive disease, Deauville 5", "Deauville 5"),
    # uptake judged not or less likely physiological is a lesion's
    *[("en", f"FINDINGS: Mediastinal blood pool SUVmax 1.8, liver SUVmax 2.6. Sigmoid colon focus, SUVmax 8.2, {judged}. "
             "Residual left axillary node SUVmax 1.5.\nIMPRESSION: Complete metabolic response (Deauville 2).", "Deauville 2")
      for judged in ("less likely physiological", "not likely physiological")],
    ("zh", "所见：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。乙状结肠局灶性摄取，SUVmax 8.2，不考虑是生理性摄取。左腋窝淋巴结SUVmax 1.5。\n"
           "诊断：完全代谢缓解（Deauville 2分）。", "Deauville 2分"),
])
def test_a_deauville_score_the_stated_uptake_does_not_fit(language, text, evidence):
    """A Deauville score was not read against the SUVmax of the lesion and the reference regions."""
    assert ("deauville-uptake", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Mediastinal blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6 (baseline 24.3).\n"
           "IMPRESSION: Residual mass with uptake above the mediastinum and below the liver (Deauville 3)."),
    # within SUVmax's last written digit of the liver, a new lesion (5 whatever its uptake), physiological uptake
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.9.\nIMPRESSION: Deauville 3."),
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6. New right axillary node.\n"
           "IMPRESSION: Progressive disease, Deauville 5."),
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6. Physiological brain uptake, "
           "SUVmax 12.\nIMPRESSION: Complete metabolic response, Deauville 3."),
    ("zh", "所见：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。左颈部残余淋巴结SUVmax 9.8。\n诊断：部分代谢缓解（Deauville 5分）。"),
    # physiological uptake told anywhere in its sentence, a baseline value told far from its cue
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6. Physiological urinary bladder "
           "activity, SUVmax 14.0.\nIMPRESSION: Complete metabolic response, Deauville 3."),
    ("zh", "所见：纵隔血池SUVmax 1.8，肝脏SUVmax 2.6。残余肿块SUVmax 2.2。膀胱内放射性浓聚，SUVmax 14.0，为生理性排泄。\n"
           "诊断：完全代谢缓解，Deauville 3分。"),
    ("en", "FINDINGS: Blood pool SUVmax 1.9, liver SUVmax 2.8. Residual mass SUVmax 2.6. Baseline PET-CT showed a bulky "
           "mediastinal mass with SUVmax 18.6.\nIMPRESSION: Complete metabolic response, Deauville 3."),
    # a focus called physiological "as in" / "同" the rest of the bowel is physiological itself
    ("en", "FINDINGS: Mediastinal blood pool SUVmax 2.0, liver SUVmax 3.0. Left cervical node, SUVmax 2.5. Sigmoid colon "
           "focus, SUVmax 11, physiological as in the remaining bowel.\nIMPRESSION: Deauville 3."),
    ("zh", "所见：纵隔血池SUVmax 2.0，肝脏SUVmax 3.0。左颈部淋巴结，SUVmax 2.5。乙状结肠局灶摄取，SUVmax 11，同其余肠管为生理性摄取。\n"
           "诊断：Deauville 3分。"),
    ("en", "FINDINGS: Mediastinal blood pool SUVmax 2.0, liver SUVmax 3.0. Left cervical node, SUVmax 2.5. Sigmoid colon "
           "focus, SUVmax 11, no higher than physiological activity in the remaining bowel.\nIMPRESSION: Deauville 3."),
])
def test_a_deauville_score_the_stated_uptake_fits_stays_silent(language, text):
    """Silent for the score given, and read: the same report scored 1 (above the blood pool, no score fits it) is
    flagged."""
    assert "deauville-uptake" not in {rule for rule, _ in flagged(text, language)}
    scored_one = re.sub(r"(Deauville\s*)[2-5]", r"\g<1>1", text)
    assert "deauville-uptake" in {rule for rule, _ in flagged(scored_one, language)}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: There are filling defects in the right interlobar artery extending into the basal segmental "
           "arteries of the right lower lobe.\nIMPRESSION: Small isolated subsegmental pulmonary embolus in the right "
           "lower lobe.", "subsegmental pulmonary embolus"),
    ("zh", "检查所见：右肺下叶后基底段动脉内见条状充盈缺损。\n诊断意见：右肺下叶亚段肺动脉栓塞。", "亚段肺动脉栓塞"),
])
def test_an_embolus_called_subsegmental_beside_a_more_proximal_one(language, text, evidence):
    """An embolus the impression called subsegmental was not held to the segmental or lobar arteries the findings name."""
    assert ("diagnosis-against-features", evidence) in flagged(text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: No filling defect in the main, lobar or segmental arteries. A subsegmental filling defect in the "
           "lingula.\nIMPRESSION: Isolated subsegmental pulmonary embolus in the lingula."),
    ("en", "FINDINGS: Filling defects in the right lower lobe segmental arteries.\n"
           "IMPRESSION: Right lower lobe segmental and subsegmental emboli."),
    ("zh", "检查所见：肺动脉主干、左右肺动脉及叶、段动脉未见充盈缺损，右肺下叶外基底亚段分支见小充盈缺损。\n"
           "诊断意见：右肺下叶亚段肺动脉栓塞。"),
    # the proximal arteries denied after the embolus, a lobe's artery named before its subsegmental branch
    ("en", "FINDINGS: Small subsegmental embolus with no clot in the main, lobar or segmental arteries.\n"
           "IMPRESSION: Isolated subsegmental pulmonary embolus."),
    ("zh", "检查所见：右肺下叶肺动脉亚段分支内见小充盈缺损。\n诊断意见：右肺下叶亚段肺动脉栓塞。"),
])
def test_an_embolus_called_subsegmental_at_its_level_stays_silent(language, text):
    assert "diagnosis-against-features" not in {rule for rule, _ in flagged(text, language)}
