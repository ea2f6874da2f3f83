"""An impression size marked as today's ("now 3.2 cm", "现约3.2cm") is held to the findings' present size, never excused
as a copy of the prior's written beside it: digits transposed between findings and impression (2.3 written 3.2) landed
near the prior's 3.3 cm and passed as a rounded copy of it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import measurement
from report_cases import confident


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Target lesions: Segment 7 lesion: 2.3 x 1.9 cm (prior 3.3 x 2.6 cm). Segment 5 lesion: 1.4 x 1.2 cm "
           "(prior 2.1 x 1.8 cm).\nIMPRESSION: Partial response. Segment 7 lesion now 3.2 cm.", "3.2 cm"),
    ("zh", "检查所见：肝右叶病灶，现大小约2.3cm×1.9cm（前次约3.3cm×2.6cm）。\n诊断意见：肝右叶病灶，现约3.2cm，较前缩小。",
     "3.2cm"),
])
def test_today_s_size_near_only_the_prior_s_is_no_copy(language, text, flagged):
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Target lesions: Segment 7 lesion: 2.3 x 1.9 cm (prior 3.3 x 2.6 cm).\n"
           "IMPRESSION: Partial response. Segment 7 lesion now 2.3 cm, previously 3.3 cm."),
    ("en", "FINDINGS: Segment 7 lesion: 2.3 x 1.9 cm (prior 3.3 x 2.6 cm).\nIMPRESSION: Segment 7 lesion, 3.3 cm on the prior."),
    ("zh", "检查所见：肝右叶病灶，现大小约2.3cm×1.9cm（前次约3.3cm×2.6cm）。\n诊断意见：肝右叶病灶，现约2.3cm，较前缩小。"),
])
def test_today_s_size_and_a_size_given_as_the_prior_s_agree(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("zh", "检查所见：\n靶1 肝S5转移灶：3.6cm→2.7cm\n靶2 肝S7转移灶：2.2cm→1.5cm\n诊断意见：肝S5靶病灶现约3.6cm。", "现约3.6cm"),
    ("en", "FINDINGS:\nTarget 1, liver segment 5 metastasis: 3.6 cm → 2.7 cm.\nIMPRESSION: Segment 5 metastasis now 3.6 cm.",
     "now 3.6 cm"),
])
def test_a_lesion_table_s_arrow_runs_from_the_prior_s_size_to_today_s(language, text, flagged):
    """"3.6cm→2.7cm": the size before the arrow is the prior's, so today's size given as it is no copy."""
    assert confident(measurement.check, text, language) == {("measurement", flagged)}


def test_today_s_size_after_a_lesion_table_s_arrow_is_a_copy():
    text = "检查所见：\n靶1 肝S5转移灶：3.6cm→2.7cm\n诊断意见：肝S5靶病灶现约2.7cm，较前缩小。"
    assert confident(measurement.check, text, "zh") == set()
