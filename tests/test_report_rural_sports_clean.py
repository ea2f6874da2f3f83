"""Correct reports from a district hospital and a sports clinic that the rules must leave silent, each beside the
neighbouring slip they must still catch: a normal line about the background liver, the other hemisphere or an organ's
parenchyma beside a finding it does not cover, and a pars defect without a slip."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, mismatch
from report_cases import run


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Liver: Four hyperenhancing lesions, the largest 5.6 cm in segment VII. Background liver normal.\n"
           "IMPRESSION: Multiple hepatic adenomas."),
    ("zh", "检查所见：肝内见多发结节，动脉期明显强化。背景肝实质未见异常。\n诊断意见：肝多发腺瘤。"),
    ("zh", "检查所见：左侧颞部颅骨内板下见梭形高密度影。左侧侧脑室受压变窄，中线结构向右移位约0.6cm。右侧大脑半球未见异常。\n"
           "诊断意见：左侧颞部硬膜外血肿。"),
    ("zh", "检查所见：右侧腰大肌血肿。右肾向前外侧轻度推移，肾周间隙少量渗出。双肾实质密度未见异常。\n"
           "诊断意见：右侧腰大肌血肿。"),
    ("en", "FINDINGS: Right psoas haematoma with perirenal stranding. The renal parenchyma is normal.\n"
           "IMPRESSION: Right psoas haematoma."),
])
def test_a_normal_line_about_what_the_finding_spares_is_no_template_slip(language, text):
    """The background liver is the liver apart from its lesions; the right hemisphere says nothing of a shift told
    with the left ventricle's compression; an organ's parenchyma says nothing of the fat around it."""
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Liver: Four hyperenhancing lesions, the largest 5.6 cm in segment VII. Liver normal.\n"
           "IMPRESSION: Multiple hepatic adenomas.", "Liver normal."),
    ("zh", "检查所见：左侧侧脑室受压变窄，中线结构向右移位约0.6cm。左侧大脑半球未见异常。\n诊断意见：中线结构右移。",
     "左侧大脑半球未见异常。"),
    ("zh", "检查所见：右肾下极见软组织肿块，约3.0cm。双肾实质密度未见异常。\n诊断意见：右肾肿块。", "双肾实质密度未见异常。"),
])
def test_guard_a_normal_line_about_the_organ_the_finding_lies_in_is_still_a_template_slip(language, text, slip):
    assert ("insertion", slip) in run(insertion.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Bilateral L5 pars defects. No spondylolisthesis.\n"
           "IMPRESSION: Bilateral L5 spondylolysis without spondylolisthesis."),
    ("zh", "检查所见：L5双侧椎弓峡部骨质不连续。L5椎体未见滑脱。\n诊断意见：1．L5双侧椎弓峡部裂。\n2．L5椎体未见滑脱。"),
    ("zh", "检查所见：左侧L5椎弓峡部骨质连续，骨皮质增厚硬化，为应力反应。L5椎体未见滑脱。\n诊断意见：L5椎弓峡部应力反应，未见滑脱。"),
])
def test_a_pars_defect_is_no_slip_of_the_vertebra(language, text):
    """Spondylolysis (a defect of the pars interarticularis) is not spondylolisthesis (the vertebra's slip): a report
    may state the one and deny the other, and "椎弓峡部" alone names the pars, intact or not."""
    assert run(mismatch.check, text, language) == set()
    assert run(insertion.check, text, language) == set()


@pytest.mark.parametrize("language, text, slip", [
    ("zh", "检查所见：L5椎体向前I度滑脱，双侧椎弓峡部裂。\n诊断意见：L5双侧峡部裂，L5椎体未见滑脱。", "未见滑脱"),
    ("en", "FINDINGS: Grade 1 anterolisthesis of L5 on S1 with bilateral pars defects.\n"
           "IMPRESSION: Bilateral L5 spondylolysis without spondylolisthesis.", "without spondylolisthesis"),
])
def test_guard_a_slip_the_impression_denies_beside_the_findings_slip_is_still_a_mismatch(language, text, slip):
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text, language)
