"""Bariatric surgery and tropical medicine habits the CT checks learned from a nineteenth author's reports: oral
contrast without intravenous contrast, urographic phases, the peritoneum's parietal layer, reference ranges in
brackets, sizes bracketed after their finding; each test states the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion
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


# insertion ----------------------------------------------------------------------------------------

def test_a_denial_of_free_gas_elsewhere_leaves_the_locules_the_report_describes():
    """"No free gas elsewhere" denies gas beyond the locules just described, as "no other" does; a bare "No free gas"
    under a label beside them is still template text left in."""
    text = ("FINDINGS: Anastomosis: Two small locules of free gas lie anterior to the anastomosis.\n"
            "Peritoneum: Small amount of free fluid in the pelvis. No free gas elsewhere.\n"
            "IMPRESSION: Marginal ulcer with a contained perforation.")
    assert run(insertion.check, text) == set()
    bare = text.replace("No free gas elsewhere.", "No free gas.")
    assert any(t == "insertion" for t, _ in run(insertion.check, bare))


def test_a_reference_range_in_brackets_calls_nothing_normal():
    """"（正常约4°-58°）" gives the range a measurement is read against; the sentence calls the band displaced, not
    the stomach normal. A normal statement in its place still contradicts the dilated pouch."""
    text = ("检查所见：胃束带位置下移，束带与脊柱长轴夹角（phi角）约72°（正常约4°-58°）。束带上方胃囊扩张，约7.5cm×6.0cm，"
            "内见对比剂潴留。\n诊断意见：胃束带滑脱，胃囊扩张。")
    assert run(insertion.check, text, "zh") == set()
    normal = text.replace("（正常约4°-58°）", "，胃壁未见异常")
    assert any(t == "insertion" for t, _ in run(insertion.check, normal, "zh"))
