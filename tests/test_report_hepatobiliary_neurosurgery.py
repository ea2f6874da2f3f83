"""Habits of a hepatobiliary-pancreatic centre and a neurosurgery and spine centre the CT checks learned from a
sixteenth author's reports (handwritten-dev13): British spellings of imaging words, dictation slips of the
portal-hypertension and biliary vocabulary, spinal levels, parts of the pancreas, the gut as a whole; each test states
the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import spelling
from report_cases import run


# spelling -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Findings:\nClip at the right MCA bifurcation with streak artefact limiting assessment.\nImpression:\nClipped aneurysm.",
    "Findings:\nA disc osteophyte complex and ligamentum flavum buckling efface the contrast column.\n"
    "Impression:\nSevere C5-6 canal stenosis.",
])
def test_british_artefact_and_the_verb_efface_are_words(text):
    """"artefact" is the British spelling of artifact, "efface" the verb whose participles the lexicon knows."""
    assert run(spelling.check, text) == set()


@pytest.mark.parametrize("text, slip", [
    ("Findings:\nDistal oesophageal vertices and a large left gastric vein.\nImpression:\nOesophageal vertices.",
     "vertices"),
    ("Findings:\nEnhancing soft tissue encases the hepatic duct confluence.\nImpression:\nMalignant hilar structure, "
     "Bismuth-Corlette type IV.", "hilar structure"),
    ("Clinical: Status post evaluation of the right chronic subdural haematoma.\nFindings:\nResidual collection.\n"
     "Impression:\nResidual collection.", "evaluation"),
])
def test_dictation_slips_of_varices_stricture_and_evacuation(text, slip):
    """A speech recogniser writes real words for the hepatobiliary and neurosurgical ones: "vertices" after a gut
    wall's name are varices, a "malignant hilar structure" a stricture, "status post evaluation" an evacuation."""
    assert any(slip in evidence for _, evidence in run(spelling.check, text))


@pytest.mark.parametrize("text", [
    "Findings:\nThe mediastinal and hilar structures are normal.\nImpression:\nNormal.",
    "Clinical: Referred for evaluation of the right subdural haematoma.\nFindings:\nCollection.\nImpression:\nCollection.",
    "Findings:\nThe vertices of the triangle.\nImpression:\nNormal.",
])
def test_the_same_words_in_their_own_sense_are_no_slip(text):
    """Hilar structures of a chest, an evaluation asked for, and vertices not of a gut wall are what they say."""
    assert run(spelling.check, text) == set()


def test_a_skull_table_typed_with_a_homophone_is_a_slip():
    """颅版 is 颅板 (the skull's inner table) typed by pinyin input."""
    text = "检查所见：\n　　右侧额颞顶部颅版下残余积液。\n诊断意见：\n　　硬膜下积液。"
    assert ("spelling", "颅版") in run(spelling.check, text, "zh")
