"""The organ a finding is of when the word beside it names another structure of its region: an infarct written by
its artery is the brain's, and the two sections' statements of one infarct meet (and disagree on its side); a fracture
written by a lobe's name ("right temporal fracture") is the skull's; a term holding its organ's word ("上颌窦炎") is at
that organ's place."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import laterality, mismatch
from report_cases import run


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Hyperdense left M1 segment. Loss of grey-white differentiation in the left insular ribbon.\n"
           "IMPRESSION: Early acute right MCA territory infarct.", "right MCA territory infarct"),
    ("zh", "检查所见：左侧岛叶及基底节区灰白质分界不清。\n诊断意见：右侧大脑中动脉供血区急性梗死。", "右侧大脑中动脉供血区急性梗死"),
])
def test_an_infarct_named_by_its_artery_is_the_brain_s_whose_side_the_findings_give(language, text, evidence):
    assert ("laterality", evidence) in run(laterality.check, text, language)
    same_side = text.replace("right MCA", "left MCA").replace("右侧大脑", "左侧大脑")
    assert run(laterality.check, same_side, language) == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: No intracranial haemorrhage. Calvarium: intact.\nIMPRESSION: Right temporal fracture, nondisplaced.",
     "fracture"),
    ("en", "FINDINGS: No intracranial haemorrhage. The skull is intact.\nIMPRESSION: Left parietal fracture.", "fracture"),
])
def test_a_fracture_named_by_a_lobe_is_the_skull_s_the_findings_call_intact(language, text, evidence):
    assert run(mismatch.check, text, language) == {("findings_impression_mismatch", evidence)}


def test_a_fracture_named_by_a_lobe_answers_the_findings_skull_fracture():
    text = ("FINDINGS: Non-displaced right parietal bone fracture with a small scalp haematoma.\n"
            "IMPRESSION: Non-displaced right parietal fracture.")
    assert run(mismatch.check, text) == set()
    contusion = "FINDINGS: Right temporal lobe contusion. The skull is intact.\nIMPRESSION: Right temporal contusion."
    assert run(mismatch.check, contusion) == set()  # a contusion is the brain's: no bone is read into it


@pytest.mark.parametrize("impression, expected", [
    ("右侧上颌窦炎。", {("laterality", "右侧上颌窦炎")}),
    ("左侧上颌窦炎。", set()),
])
def test_a_diagnosis_holding_its_organ_s_word_is_at_that_place_on_its_side(impression, expected):
    """"上颌窦炎" names the maxillary sinus inside its term: the findings' opacity in the left maxillary sinus is its
    description, whatever the two call it."""
    text = f"检查所见：左上颌窦内见软组织密度影。\n诊断意见：{impression}"
    assert run(laterality.check, text, "zh") == expected
