"""Omissions the impression answers through another statement: a sentence going on about the lesion before it (its
pronoun, its enhancement), an impression line giving an organ's change in size; in English and Chinese, each with the
sentence that must stay silent beside it and the one that must still be reported."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import omission
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
])
def test_a_sentence_naming_an_organ_of_its_own_goes_on_about_nothing_before_it(language, text, own):
    """Enhancement first, but in another organ ("增强扫描肝S8见..."), or "其余" (the rest, not "its"): a finding of its
    own, which the impression naming the kidney's mass has left out."""
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
           "诊断意见：盆腔淋巴结较前缩小。",
     "左侧髂外淋巴结较前增大，短径约2.1cm（前片1.4cm），中心见低密度坏死区。"),
    ("en", "FINDINGS: No cervical mass. Left external iliac node enlarged to 21 mm short axis (previously 14 mm), with "
           "central necrosis.\nIMPRESSION: Pelvic nodes smaller.",
     "Left external iliac node enlarged to 21 mm short axis (previously 14 mm), with central necrosis."),
])
def test_an_impression_giving_the_organ_s_change_speaks_of_its_finding(language, text, node):
    """"盆腔淋巴结较前缩小" gives the pelvic nodes' change, the wrong way: a mismatch with the findings, not an omission.
    A node the findings call new is none the impression measured before; an impression giving another organ's change
    says nothing of the node."""
    assert run(omission.check, text, language) == set()
    new = node.replace("左侧髂外淋巴结较前增大", "左侧髂外新见肿大淋巴结").replace("（前片1.4cm）", "").replace(
        "Left external iliac node enlarged to", "New left external iliac node,").replace(" (previously 14 mm)", "")
    assert ("omission", new) in run(omission.check, text.replace(node, new), language)
    other = text.replace("盆腔淋巴结较前缩小", "子宫较前缩小").replace("Pelvic nodes smaller", "Uterus smaller")
    assert ("omission", node) in run(omission.check, other, language)


@pytest.mark.parametrize("language, text, acute", [
    ("en", "FINDINGS: Left convexity chronic subdural haematoma, 24 mm. Midline shift 8 mm. Small vessel ischaemic change, "
           "generalised atrophy.\nIMPRESSION: Left chronic subdural haematoma with midline shift.",
     "Acute infarct in the left internal capsule beside small vessel ischaemic change."),
    ("zh", "检查所见：左侧额颞顶部硬膜下血肿，最厚约24mm，中线结构右移约8mm。脑白质缺血性改变。\n诊断意见：左侧硬膜下血肿，中线右移。",
     "左侧内囊急性梗死，脑白质缺血性改变。"),
])
def test_small_vessel_disease_of_the_brain_is_no_infarct_to_report(language, text, acute):
    """Chronic small vessel ischaemic change is the white matter's wear, which impressions leave out; an acute infarct
    written beside it in one sentence is still an infarct the impression must give."""
    assert run(omission.check, text, language) == set()
    findings, impression = text.split("\n")
    assert ("omission", acute) in run(omission.check, f"{findings} {acute}\n{impression}", language)
