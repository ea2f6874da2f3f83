"""How far a word of a CT report reaches, and what it belongs to: a physiological-uptake phrase naming its own site is
an item of its own, and one the sentence denies says the opposite; a wall belongs to the cyst, not to the organ the cyst
abuts; a recommended exchange acts on the implant in place, where a recommended insertion is a new one; 拟诊 is a
provisional diagnosis, not a plan; "suspicious" as a finding's adjective asserts it and hedges nothing else in its
sentence; "肺结合" before an infection is 肺结核 mistyped. Each test sets the faulty report beside the correct one that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, insertion, laterality, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from report_cases import run


# 拟诊 ----------------------------------------------------------------------------------------------

def test_a_provisional_diagnosis_of_an_operation_done_is_no_plan():
    """拟诊 names the provisional diagnosis: "拟诊胆囊切除术后改变" says the gallbladder is gone, so describing it is
    the error; 拟行 is a plan, which removes nothing yet."""
    findings = "检查所见：胆囊大小正常，壁不厚。\n诊断意见："
    assert run(insertion.check, findings + "拟诊胆囊切除术后改变。", "zh") == {("insertion", "胆囊大小正常，壁不厚。")}
    assert run(insertion.check, findings + "拟行胆囊切除。", "zh") == set()
