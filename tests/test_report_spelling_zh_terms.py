"""Wrong characters (同音字, 形近字) in the words of an older person's or a check-up's Chinese report: degenerative and
age-related findings ("退形性变", "脑委缩", "骨质疏送", "脱髓稍") and the words describing them ("边界清处", "充盈良号"), read by
the spelling check through the public check, and the same report written right left alone."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import spelling
from report_cases import confident


@pytest.mark.parametrize("wrong, right", [
    ("检查所见：腰椎退形性变，椎体骨质增身。", "检查所见：腰椎退行性变，椎体骨质增生。"),
    ("检查所见：双侧基底节区腔隙性脑梗死。脑白质变姓。脑委缩。", "检查所见：双侧基底节区腔隙性脑梗死。脑白质变性。脑萎缩。"),
    ("检查所见：左侧股骨颈骨折。骨质疏送。", "检查所见：左侧股骨颈骨折。骨质疏松。"),
    ("检查所见：双侧侧脑室旁白质脱髓稍改变。", "检查所见：双侧侧脑室旁白质脱髓鞘改变。"),
    ("检查所见：右下肺见条锁影。左肺下叶见钙化躁。", "检查所见：右下肺见条索影。左肺下叶见钙化灶。"),
    ("检查所见：主动脉及冠状动脉粥样硬华。", "检查所见：主动脉及冠状动脉粥样硬化。"),
    ("检查所见：右肺上叶见磨玻璃结节，边界清处。膀胱充盈良号。", "检查所见：右肺上叶见磨玻璃结节，边界清楚。膀胱充盈良好。"),
    ("检查所见：肝右叶见低密度影，动脉期边缘结节状强化，门脉期向心性填冲。",
     "检查所见：肝右叶见低密度影，动脉期边缘结节状强化，门脉期向心性填充。"),
])
def test_a_wrong_character_in_an_age_related_finding_is_a_spelling_error(wrong, right):
    found = {evidence for _, evidence in confident(spelling.check, wrong, "zh")}
    assert found and all(evidence in wrong and evidence not in right for evidence in found)
    assert confident(spelling.check, right, "zh") == set()
