"""The organ a finding is of when the word beside it names another structure of its region: an infarct written by
its artery is the brain's, and the two sections' statements of one infarct meet (and disagree on its side)."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import laterality
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
