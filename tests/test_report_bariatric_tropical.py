"""Bariatric surgery and tropical medicine habits the CT checks learned from a nineteenth author's reports: oral
contrast without intravenous contrast, urographic phases, the peritoneum's parietal layer, reference ranges in
brackets, sizes bracketed after their finding; each test states the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam
from report_cases import run


# exam ---------------------------------------------------------------------------------------------

def test_enhancement_on_a_scan_with_oral_contrast_only_needs_contrast_that_was_not_given():
    """"With oral contrast, no intravenous contrast" orders an unenhanced scan: oral contrast fills the bowel and
    enhances no wall, so an arterial phase has no place in it; one with intravenous contrast may describe it."""
    text = ("FINDINGS: The sleeve narrows at the incisura. The gastric wall at the incisura enhances avidly in the "
            "arterial phase.\nIMPRESSION: Sleeve stenosis at the incisura.")
    assert ("exam_mismatch", "enhances") in run(exam.check, text, exam_="CT abdomen with oral contrast, no intravenous contrast")
    assert run(exam.check, text, exam_="CT abdomen with oral and intravenous contrast") == set()


def test_a_urogram_s_parenchymal_and_excretory_phases_after_its_plain_scan_are_a_contrast_study():
    text = ("检查方法：平扫、实质期及排泄期扫描。\n检查所见：右肾实质内见多发无强化低密度区，排泄期右侧集合系统显影差。\n"
            "诊断意见：右肾结核。")
    assert run(exam.check, text, "zh", exam_="泌尿系CT增强（CTU）") == set()
    plain = "检查方法：平扫。\n检查所见：右肾实质内见多发低密度区。\n诊断意见：右肾结核。"
    assert ("exam_mismatch", "平扫") in run(exam.check, plain, "zh", exam_="泌尿系CT增强（CTU）")


def test_the_parietal_peritoneum_is_the_abdomen_s_not_the_brain_s_parietal_lobe():
    text = ("FINDINGS: Smooth, uniform thickening and enhancement of the parietal peritoneum; nodular omental "
            "thickening.\nIMPRESSION: Peritoneal tuberculosis.")
    assert run(exam.check, text, exam_="CT abdomen and pelvis with intravenous contrast") == set()
    brain = ("FINDINGS: A ring-enhancing lesion in the right parietal lobe.\nIMPRESSION: Tuberculoma.")
    assert any(t == "exam_mismatch" for t, _ in run(exam.check, brain, exam_="CT abdomen and pelvis with intravenous contrast"))
