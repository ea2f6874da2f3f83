"""Slips in the words of bariatric surgery and tropical medicine reports, read by the spelling check: dictation's
real-word sound-alikes ("momentum" for omentum, "stable line" for a staple line) and pinyin homophones of terms
("衡结肠", "肺结合", "棘球幼"), each beside the same report written right; and "及" before a gas-fluid level, a
conjunction, not a slip for "积气"."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import spelling
from report_cases import confident


def _report(findings: str) -> str:
    return f"FINDINGS: {findings}\nIMPRESSION: As above."


def _report_zh(findings: str) -> str:
    return f"检查所见：{findings}\n诊断意见：同上。"


@pytest.mark.parametrize("slip, evidence, clean", [
    ("Ventral hernia containing momentum and a loop of transverse colon.", "momentum",
     "Ventral hernia containing omentum and a loop of transverse colon."),
    ("Diffuse momentum caking in the left abdomen.", "momentum", "Diffuse omentum caking in the left abdomen."),
    ("The stable line of the sleeve gastrectomy is intact, with no leak.", "stable line",
     "The staple line of the sleeve gastrectomy is intact, with no leak."),
    ("No extraluminal contrast along the upper stable line.", "stable line",
     "No extraluminal contrast along the upper staple line. The PICC line is stable in position. Stable line position "
     "of the endotracheal tube."),
])
def test_a_dictated_sound_alike_of_a_surgical_word_is_a_spelling_error(slip, evidence, clean):
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    assert confident(spelling.check, _report(clean)) == set()


@pytest.mark.parametrize("slip, evidence, clean", [
    ("Status post sleeve gastrectomy: the stable line is intact.", "stable line",
     "Status post sleeve gastrectomy: the staple line is intact. The PICC line is stable."),
    ("Omental caking, with nodular thickening of the momentum.", "momentum",
     "Omental caking, with nodular thickening of the omentum."),
])
def test_a_surgical_or_abdominal_context_before_the_sound_alike_is_read_too(slip, evidence, clean):
    """The sentence says what the word is on either side of it: a sleeve gastrectomy named first still leaves a staple
    line, and caking named first an omentum."""
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    assert confident(spelling.check, _report(clean)) == set()


def test_a_context_word_far_behind_in_a_long_unbroken_run_finds_what_it_finds_close():
    """A run of text with no period, semicolon or line break, each stretch naming fat or nodules, reads the context
    before a slip within its bounded window: the slip at its end is found as it is in a short sentence, at its place."""
    sentence = "Omental caking, with nodular thickening of the momentum."
    run = "fat stranding and nodular " * 400
    short = confident(spelling.check, _report(sentence))
    assert confident(spelling.check, _report(run + sentence)) == short == {("spelling", "momentum")}


@pytest.mark.parametrize("text", [
    "Stable line position of the ETT.",
    "Stable line-like scarring at the left base.",
    "Stable lines of Kerley B.",
    "The nasogastric tube and central line are stable; stable line placement.",
    "The patient has momentum of disease progression.",
    "Status post gastric bypass; stable line position of the PICC.",
    "After gastric bypass, stable line position of the PICC.",
    "Post CABG with sternotomy wires and bypass grafts, and stable lines and tubes.",
    "Esophagectomy with gastric pull-through and intrathoracic anastomosis, stable lines and tubes.",
])
def test_stable_line_or_momentum_without_a_surgical_or_abdominal_context_is_no_slip(text):
    """"Stable line" is a staple line only in a sentence of a stapled resection or a leak along it, "momentum" the
    omentum only in one of the abdomen's fat, a hernia or a cake; elsewhere they are the words they are."""
    assert confident(spelling.check, _report(text)) == set()


@pytest.mark.parametrize("slip, evidence, clean", [
    ("疝内容为大网膜及部分衡结肠，肠管未见扩张。", "衡结肠", "疝内容为大网膜及部分横结肠，肠管未见扩张。"),
    ("左肺上叶厚壁空洞，考虑继发性肺结合（活动期）。", "肺结合", "左肺上叶厚壁空洞，考虑继发性肺结核（活动期）。"),
    ("肝右叶细粒棘球幼病，WHO CE5型。", "棘球幼", "肝右叶细粒棘球蚴病，WHO CE5型。"),
    ("右肺上叶斑片影伴空洞，考虑肺结合可能。", "肺结合", "右肺上叶斑片影伴空洞，考虑肺结核可能。"),
])
def test_a_homophone_in_a_tropical_or_bowel_term_is_a_spelling_error(slip, evidence, clean):
    assert confident(spelling.check, _report_zh(slip), "zh") == {("spelling", evidence)}
    assert confident(spelling.check, _report_zh(clean), "zh") == set()


@pytest.mark.parametrize("text", [
    "近端小肠扩张，腹腔内肠管未见扩张及气液平面。",
    "小肠未见扩张及气液平，肠系膜未见漩涡征。",
    "束带上方胃囊扩张，内见对比剂潴留及气液平。",
])
def test_and_before_a_gas_fluid_level_is_no_slip_for_gas(text):
    assert confident(spelling.check, _report_zh(text), "zh") == set()


@pytest.mark.parametrize("text", [
    "右肺结合临床考虑炎症。",
    "两肺结合临床，考虑间质性肺炎。",
    "双肺结合病史考虑转移瘤。",
    "右肺结合部见小结节。",
    "双肺结合前片，未见明显变化。",
    "左肺结合既往检查，考虑陈旧性病变。",
    "双肺结合增强扫描，考虑炎性病变。",
    "右肺结合随访，考虑良性结节。",
    "双肺结合胸片，未见明显变化。",
    "左肺结合超声，考虑胸腔积液。",
    "右肺结合本次检查，考虑炎症吸收期。",
    "右肺中叶肺不张，较前降至轻度。",
    "右侧胸腔积液，较前降至中等量。",
    "血清肿瘤标志物较前降至本底水平。",
    "右肺下叶结节，CEA较前降至3.2。",
    "考虑非结核分枝杆菌感染。",
])
def test_lung_before_a_word_read_on_or_a_non_prefix_is_no_slip_for_tuberculosis(text):
    """肺 followed by 结合临床, 结合前片, 结合增强扫描 (lung, judged with the clinical history, the prior film, the
    enhanced scan) or 非结核 (non-tuberculous) is written right, and so is 较前降至 ("fallen since the last study to")
    before a word or a number;
    the slip "考虑继发性肺结合（" above, where nothing reads on, is still found."""
    assert confident(spelling.check, _report_zh(text), "zh") == set()


@pytest.mark.parametrize("slip, clean", [
    ("考虑右肺结合活动期。", "考虑右肺结核活动期。"),
    ("右肺结合治疗后复查，病灶较前吸收。", "右肺结核治疗后复查，病灶较前吸收。"),
    ("两肺结合播散。", "两肺结核播散。"),
    ("右肺结合病灶较前吸收。", "右肺结核病灶较前吸收。"),
    ("右肺结合伴空洞形成。", "右肺结核伴空洞形成。"),
])
def test_a_sound_alike_before_what_only_a_disease_has_is_a_slip(slip, clean):
    """Activity, spread, a focus, a cavity or a treatment done follow a disease, never the verb 结合's object."""
    assert ("spelling", "肺结合") in confident(spelling.check, _report_zh(slip), "zh")
    assert not confident(spelling.check, _report_zh(clean), "zh")
    assert not confident(spelling.check, _report_zh("双肺结合增强扫描，考虑炎性病变。"), "zh")
