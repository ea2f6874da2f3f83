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
