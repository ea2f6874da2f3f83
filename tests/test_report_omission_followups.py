"""Omissions the impression answers through another statement: a sentence going on about the lesion before it (its
pronoun, its enhancement), an impression line giving an organ's change in size; in English and Chinese, each with the
sentence that must stay silent beside it and the one that must still be reported."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, omission
from radqc.agents.report.document import parse_report
from report_cases import run


@pytest.mark.parametrize("language, text, goes_on, unrelated", [
    ("en", "FINDINGS: Enhancing tumour of the right true vocal cord, 2.6 cm. It extends into the right paraglottic space "
           "and through the thyroid cartilage lamina, with tumour in the strap muscles anterolaterally.\n"
           "IMPRESSION: Right glottic carcinoma confined to the larynx.",
     "It extends into the right paraglottic space and through the thyroid cartilage lamina, with tumour in the strap "
     "muscles anterolaterally.", "Fatty liver."),
    ("zh", "检查所见：左肾下极见一外生性肿块，大小约3.8cm×3.5cm。增强后软组织成分明显强化，内见迂曲增粗血管影。\n"
           "诊断意见：左肾下极占位。",
     "增强后软组织成分明显强化，内见迂曲增粗血管影。", "脂肪肝。"),
])
def test_a_sentence_going_on_about_the_reported_lesion_is_summed_up_with_it(language, text, goes_on, unrelated):
    """A pronoun for its subject, or its enhancement first and no organ of its own: the sentence describes the lesion before
    it (its extent, what it holds), which the impression reports. An impression that does not report that lesion has
    left this sentence out too."""
    assert run(omission.check, text, language) == set()
    impression = text.split("\n")[1].split("：")[-1].split(": ")[-1]
    assert ("omission", goes_on) in run(omission.check, text.replace(impression, unrelated), language)


@pytest.mark.parametrize("language, text, own", [
    ("en", "FINDINGS: 3 cm mass in the right kidney. After contrast the liver shows a new 2 cm enhancing mass in "
           "segment 8.\nIMPRESSION: Right renal mass.",
     "After contrast the liver shows a new 2 cm enhancing mass in segment 8."),
    ("zh", "检查所见：左肾见一肿块，大小约3.8cm。增强扫描肝S8见一新发强化肿块，大小约2.0cm。\n诊断意见：左肾占位。",
     "增强扫描肝S8见一新发强化肿块，大小约2.0cm。"),
    ("zh", "检查所见：左肾见一肿块，大小约3.8cm。其余肝内见一新发肿块，大小约2.0cm。\n诊断意见：左肾占位。",
     "其余肝内见一新发肿块，大小约2.0cm。"),
    # "it" standing for nothing before it ("It is noted that ..."), "其" before an organ of its own
    ("en", "FINDINGS: 3 cm mass in the right kidney. It is also noted that there is a 2 cm enhancing mass in liver "
           "segment 8.\nIMPRESSION: Right renal mass.",
     "It is also noted that there is a 2 cm enhancing mass in liver segment 8."),
    ("zh", "检查所见：左肾见一肿块，大小约3.8cm。其右侧肾上腺见一结节，大小约2.0cm。\n诊断意见：左肾占位。",
     "其右侧肾上腺见一结节，大小约2.0cm。"),
])
def test_a_sentence_naming_an_organ_of_its_own_goes_on_about_nothing_before_it(language, text, own):
    """Enhancement first, but in another organ ("增强扫描肝S8见..."), "其余" (the rest, not "its"), "it" standing for
    nothing ("It is noted that"), "其" before an organ of its own: a finding of its own, which the impression naming the
    kidney's mass has left out."""
    assert ("omission", own) in run(omission.check, text, language)


@pytest.mark.parametrize("language, text, changed", [
    ("zh", "检查所见：左肺下叶见柱状支气管扩张，周围见树芽征。复查对比：较前片树芽征增多。\n诊断意见：左肺下叶支气管扩张并感染。",
     "复查对比：较前片树芽征增多。"),
    ("en", "FINDINGS: Left lower lobe cylindrical bronchiectasis with surrounding tree-in-bud opacities. Compared with "
           "the prior CT, tree-in-bud opacities have increased.\nIMPRESSION: Left lower lobe bronchiectasis with "
           "superimposed infection.",
     "Compared with the prior CT, tree-in-bud opacities have increased."),
])
def test_a_change_of_a_finding_described_before_is_answered_with_it(language, text, changed):
    """The comparison line gives the change of the tree-in-bud the sentence before described, in no organ of its own: the
    impression reporting that sentence's disease has answered it. One calling it new is a finding of its own."""
    assert run(omission.check, text, language) == set()
    new = text.replace("较前片树芽征增多", "较前新见树芽征").replace("tree-in-bud opacities have increased",
                                                                  "new tree-in-bud opacities")
    assert ("omission", changed.replace("较前片树芽征增多", "较前新见树芽征").replace(
        "tree-in-bud opacities have increased", "new tree-in-bud opacities")) in run(omission.check, new, language)


@pytest.mark.parametrize("language, text, node", [
    ("zh", "检查所见：宫颈区未见明确肿块。左侧髂外淋巴结较前增大，短径约2.1cm（前片1.4cm），中心见低密度坏死区。\n"
           "诊断意见：盆腔淋巴结较前增大。",
     "左侧髂外淋巴结较前增大，短径约2.1cm（前片1.4cm），中心见低密度坏死区。"),
    ("en", "FINDINGS: No cervical mass. Left external iliac node enlarged to 21 mm short axis (previously 14 mm), with "
           "central necrosis.\nIMPRESSION: Pelvic nodes larger.",
     "Left external iliac node enlarged to 21 mm short axis (previously 14 mm), with central necrosis."),
])
def test_an_impression_giving_the_organ_s_change_speaks_of_its_finding(language, text, node):
    """"盆腔淋巴结较前增大" gives the pelvic nodes' change as the findings give the node's: it has reported the node. One
    giving the change the other way says nothing true of it, and an impression giving another organ's change says
    nothing of the node."""
    assert run(omission.check, text, language) == set()
    wrong_way = text.replace("盆腔淋巴结较前增大", "盆腔淋巴结较前缩小").replace("Pelvic nodes larger", "Pelvic nodes smaller")
    assert ("omission", node) in run(omission.check, wrong_way, language)
    other = text.replace("盆腔淋巴结较前增大", "子宫较前增大").replace("Pelvic nodes larger", "Uterus larger")
    assert ("omission", node) in run(omission.check, other, language)


@pytest.mark.parametrize("language, text, lesion", [
    ("zh", "检查所见：肝脏体积较前缩小。肝S7见一脓肿，大小约4.2×3.8cm，内含气体。\n诊断意见：肝脏较前缩小。",
     "肝S7见一脓肿，大小约4.2×3.8cm，内含气体。"),
    ("en", "FINDINGS: The liver has decreased in size. A 4 cm abscess containing gas in liver segment 7.\n"
           "IMPRESSION: Liver decreased in size.", "A 4 cm abscess containing gas in liver segment 7."),
])
def test_an_organ_s_change_does_not_report_a_finding_whose_sentence_gives_none(language, text, lesion):
    assert ("omission", lesion) in run(omission.check, text, language)


@pytest.mark.parametrize("language, text, breach, reported, expected", [
    ("en", "FINDINGS: Right pneumonectomy space with a falling fluid level. There is a 3 mm defect in the right main "
           "bronchial stump with a gas track communicating with the space.\nIMPRESSION: Post right pneumonectomy.",
     "There is a 3 mm defect in the right main bronchial stump with a gas track communicating with the space.",
     "Post right pneumonectomy with a bronchopleural fistula.", "Expected post-pneumonectomy appearance."),
    ("zh", "影像所见：左全肺切除术后，残腔内气液平面较前下降。左主支气管残端见宽约4mm的裂隙样缺损，与残腔相通。\n"
           "影像诊断：左全肺切除术后改变。",
     "左主支气管残端见宽约4mm的裂隙样缺损，与残腔相通。", "左全肺切除术后，左主支气管残端瘘。", "左全肺切除术后预期改变。"),
])
def test_a_breach_of_a_stump_is_a_fistula_to_report(language, text, breach, reported, expected):
    """A defect in a bronchial stump communicating with the space is a bronchopleural fistula: the impression giving only
    the operation has left it out, one naming the fistula has not, and one calling the appearance expected contradicts it
    (a mismatch)."""
    assert run(omission.check, text, language) == {("omission", breach)}
    findings, impression = text.split("\n")
    heading = impression.split("：")[0] + "：" if language == "zh" else "IMPRESSION: "
    assert run(omission.check, f"{findings}\n{heading}{reported}", language) == set()
    assert run(omission.check, f"{findings}\n{heading}{expected}", language) == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Bronchial stump closed with staples, no fistula. Ileocolic anastomosis without stricture or leak."
           "\nIMPRESSION: Post left pneumonectomy."),
    ("zh", "检查所见：回肠-结肠吻合口未见狭窄、瘘管及脓肿。左主支气管残端闭合良好。\n诊断意见：术后改变。"),
    # the leak denied after it
    ("en", "FINDINGS: Ileocolic anastomosis intact. An anastomotic leak is not seen.\nIMPRESSION: Right hemicolectomy."),
])
def test_a_suture_line_without_a_breach_is_no_finding(language, text):
    """The stump or the anastomosis described intact, its leak denied, is nothing to report."""
    assert run(omission.check, text, language) == set()


def breaches(text: str, language: str) -> list[str]:
    """The evidence of each breach of a suture line the omission check reports, once for each time it does."""
    return [text[c.start:c.end] for c in omission.check(CheckInput(parse_report(text, language)))
            if "breach of the suture line" in c.explanation]


def test_a_stoma_is_no_breach_and_a_breach_is_reported_once():
    """造瘘口 is a stoma the surgeon made, not a fistula; a fistula sentence the finding terms already flag is not flagged
    a second time as a breach."""
    assert breaches("检查所见：回肠造瘘口及吻合口未见异常。\n诊断意见：结肠术后改变。", "zh") == []
    fistula = "检查所见：左主支气管残端见瘘口，与残腔相通。\n诊断意见：左全肺切除术后。"
    flagged = [fistula[c.start:c.end] for c in omission.check(CheckInput(parse_report(fistula, "zh")))]
    assert flagged.count("左主支气管残端见瘘口，与残腔相通。") == 1


@pytest.mark.parametrize("language, text, slipped, other", [
    ("zh", "影像所见：左主支气管远段管腔内见一结节状稍高密度影，大小约7mm×5mm，管腔几近闭塞。右侧支气管通畅。\n"
           "影像诊断：右主支气管异物。",
     "左主支气管远段管腔内见一结节状稍高密度影，大小约7mm×5mm，管腔几近闭塞。", "左主支气管壁见一肿块，大小约2.0cm。"),
    ("en", "FINDINGS: A 7 mm hyperdense object in the distal left main bronchus, the lumen almost occluded.\n"
           "IMPRESSION: Foreign body in the right main bronchus.",
     "A 7 mm hyperdense object in the distal left main bronchus, the lumen almost occluded.",
     "A 2 cm mass in the wall of the left main bronchus."),
])
def test_an_impression_statement_with_its_side_slipped_sums_up_the_only_finding_there(language, text, slipped, other):
    """The impression puts a finding of the organ on the side the findings leave clear: it is the one finding the findings
    describe there on the other side, its side slipped (the laterality check's error), not left out. With a second
    finding of the organ on that side, which of them it stands for is unknown, and the graver one may be missing."""
    assert run(omission.check, text, language) == set()
    findings, impression = text.split("\n")
    assert run(omission.check, f"{findings} {other}\n{impression}", language) != set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Filling defect in the right pulmonary artery stump, in keeping with thrombus.\n"
           "IMPRESSION: Right pulmonary artery stump thrombus."),
    ("zh", "检查所见：右肺动脉残端见充盈缺损，考虑血栓形成。\n诊断意见：右肺动脉残端血栓。"),
])
def test_a_filling_defect_in_a_vessel_stump_is_a_clot_not_a_breach(language, text):
    """A filling defect is the clot the impression reports, no breach of the stump."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("text", [
    "FINDINGS: A new anastomotic leak is seen which was not present on the prior study.\nIMPRESSION: No acute abnormality.",
    "FINDINGS: An anastomotic leak cannot be excluded.\nIMPRESSION: No acute abnormality.",
])
def test_a_breach_is_not_denied_by_a_clause_about_something_else_or_a_hedge(text):
    """"which was not present on the prior study" and "cannot be excluded" were read as denying the leak."""
    assert breaches(text, "en")
