"""Findings/impression mismatch: an impression whose change over time the findings contradict is reported also when the
findings write the lesion with the impression's own word in a longer term (转移灶 for 转移), beside the wordings that
must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch
from radqc.agents.report.document import parse_report


def flagged(text: str, language: str = "en") -> set[tuple[str, str]]:
    """(rule, evidence) of each mismatch the check reports at the workflow's operating point (0.5)."""
    return {(c.rule, text[c.start:c.end]) for c in mismatch.check(CheckInput(parse_report(text, language)))
            if c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    ("zh", "检查所见：肝内多发转移灶，较前缩小，最大者约2.1cm×1.8cm（前次约3.4cm×2.9cm）。\n"
           "诊断意见：肝转移较前进展。", "肝转移较前进展"),
])
def test_a_change_the_findings_contradict_is_a_mismatch_when_written_with_the_impressions_word(language, text, evidence):
    assert any(rule == "change-direction" and evidence in found for rule, found in flagged(text, language))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：肝内多发转移灶，较前增大，最大者约3.4cm×2.9cm（前次约2.1cm×1.8cm）。\n诊断意见：肝转移较前进展。"),
    # a cyst's stability says nothing of the metastases the impression calls progressing
    ("zh", "检查所见：肝内多发转移灶，最大约3.4cm。肝囊肿，同前。\n诊断意见：肝转移较前进展。"),
])
def test_guard_a_change_the_findings_share_stays_silent(language, text):
    assert "change-direction" not in {r for r, _ in flagged(text, language)}
