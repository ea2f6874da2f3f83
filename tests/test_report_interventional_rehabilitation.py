"""Reports of an interventional radiology service and of a spinal-injury and amputee rehabilitation hospital: a cervical
fixation's lateral masses, liver segments treated apart, a spelling of the procedure reports, and the wordings a review
took back as guards (a mass beside cement, contrast on a plain study, an undescribed pneumothorax, a normal line about the
fractured vertebra), each beside a slip or a neighbouring finding that must still be reported."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import finding_terms
from report_cases import confident, run


def test_encased_is_a_word_and_a_near_miss_of_it_is_still_a_slip():
    """"Displaced but not encased" is how a vessel beside a mass is written."""
    clean = "FINDINGS: The femoral neurovascular bundle is displaced medially but not encased.\nIMPRESSION: As above."
    assert confident(spelling.check, clean) == set()
    slip = "FINDINGS: The femoral vessels are displaced but not encassed.\nIMPRESSION: As above."
    assert ("spelling", "encassed") in {(t, e.split()[-1]) for t, e in confident(spelling.check, slip)}


def test_a_cervical_lateral_mass_and_its_screws_are_no_mass():
    text = ("FINDINGS: Lateral mass screws at C4, C5 and C6 on the right, connected by rods. Rods intact.\n"
            "IMPRESSION: Stable C4-C6 posterior fixation without hardware failure.")
    assert run(omission.check, text) == set()
    (sentence,) = parse_report("FINDINGS: The left C6 lateral mass is not instrumented.", "en").in_section("findings")
    assert finding_terms(sentence, "en") == []


def test_guard_a_neck_mass_beside_the_fixation_is_still_an_omission():
    text = ("FINDINGS: Lateral mass screws at C4 and C5, connected by rods. A 3 cm enhancing right lateral neck mass "
            "displaces the carotid sheath.\nIMPRESSION: Stable C4-C5 posterior fixation without hardware failure.")
    assert [t for t, _ in run(omission.check, text)] == ["omission"]


def test_guard_a_mass_a_procedure_report_leaves_out_is_an_omission():
    text = ("FINDINGS: The pancreatic body mass (4.5 cm) encases the origin of the coeliac trunk. Needle tips anterior "
            "to the crura.\nIMPRESSION: Technically successful coeliac plexus neurolysis with no complication.")
    assert [t for t, _ in run(omission.check, text)] == ["omission"]


@pytest.mark.parametrize("language, text, exam_, evidence", [
    ("en", "FINDINGS: After injection of contrast the wall of the collection enhances.\nIMPRESSION: Abscess.",
     "CT pelvis (no IV contrast)", "After injection of contrast"),
    ("zh", "检查所见：注射对比剂后窦道壁明显强化。\n诊断意见：窦道形成。", "骨盆CT平扫", "注射对比剂"),
])
def test_guard_contrast_given_without_a_needle_on_a_plain_study_is_still_flagged(language, text, exam_, evidence):
    assert ("exam_mismatch", evidence) in run(exam.check, text, language, exam_=exam_)


def test_guard_a_pneumothorax_the_findings_do_not_describe_is_still_a_mismatch():
    text = "检查所见：穿刺针道周围见少许出血影。纵隔未见肿大淋巴结。\n诊断意见：针道少量出血，右侧少量气胸。"
    assert ("findings_impression_mismatch", "气胸") in run(mismatch.check, text, "zh")


def test_guard_a_soft_tissue_mass_beside_the_cemented_vertebra_is_still_an_omission():
    text = ("检查所见：L2椎体压缩变扁。椎体内见骨水泥影。椎旁见团块状软组织密度影，大小约4.5cm×3.2cm，邻近骨质破坏。\n"
            "诊断意见：L2椎体压缩骨折椎体后凸成形术后，骨水泥分布满意。")
    assert [t for t, _ in run(omission.check, text, "zh")] == ["omission"]


def test_guard_a_normal_line_about_the_fractured_vertebra_is_still_an_insertion():
    text = ("检查所见：T12椎体楔形变，前缘高度约为后缘的60%，椎体内见骨水泥充填。\nT11、T12椎体形态及密度未见异常。\n"
            "诊断意见：T12椎体压缩性骨折椎体成形术后，骨水泥充填满意。")
    assert [t for t, _ in run(insertion.check, text, "zh")] == ["insertion"]


@pytest.mark.parametrize("segment", ["S6", "S4"])
def test_guard_a_liver_wide_denial_beside_a_segment_named_in_its_sentence_still_contradicts(segment):
    """A liver-wide denial ("肝内未见结节样强化") in a sentence that also names a segment contradicts a new nodule in any
    segment (a review's probe of a reading taken back: whole sentences naming segments apart are not two places)."""
    text = ("检查所见：肝S6段见类圆形低密度消融区，增强各期未见强化，肝内未见结节样强化。\n"
            f"肝{segment}段新见一结节，大小约1.3cm×1.1cm，动脉期明显强化，门静脉期强化减退。\n"
            f"诊断意见：肝S6段肝癌微波消融术后；肝{segment}段新发结节，考虑肝癌。")
    assert "insertion" in [t for t, _ in run(insertion.check, text, "zh")]
