"""Reports of an interventional radiology service and of a spinal-injury and amputee rehabilitation hospital: needle
paths, test injections through a needle, bone cement, cervical fixation and post-biopsy pneumothorax worded as gas in the
pleural space, each correct wording beside a slip or a neighbouring finding that must still be reported."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import finding_terms, states_normal
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


_NEUROLYSIS = ("FINDINGS: The pancreatic body mass (4.5 cm{}) encases the origin of the coeliac trunk. Needle tips anterior "
               "to the crura.\nIMPRESSION: Technically successful coeliac plexus neurolysis with no complication.")


def test_a_mass_given_as_on_the_prior_study_is_the_known_disease_a_procedure_report_may_leave_out():
    """"As on the staging CT", "as before" say unchanged, as "同前" does."""
    assert run(omission.check, _NEUROLYSIS.format(", as on the staging CT")) == set()


def test_guard_the_same_mass_not_called_unchanged_is_an_omission():
    assert [t for t, _ in run(omission.check, _NEUROLYSIS.format(""))] == ["omission"]


@pytest.mark.parametrize("language, text, exam_", [
    ("en", "Procedure: Test injection of 3 mL iodinated contrast through each needle, then 20 mL dehydrated alcohol.\n"
           "FINDINGS: After injection the alcohol-contrast mixture stays in the antecrural space.\n"
           "IMPRESSION: Successful neurolysis.", "CT-guided coeliac plexus neurolysis (no IV contrast)"),
    ("zh", "方法：经针注射对比剂2ml确认位置后，注入布比卡因10ml。\n检查所见：注入的对比剂沿L3椎体前外侧缘分布。\n诊断意见：阻滞术顺利完成。",
     "CT引导下腰交感神经节阻滞术（平扫）"),
])
def test_contrast_injected_through_a_needle_is_no_intravenous_contrast(language, text, exam_):
    assert run(exam.check, text, language, exam_=exam_) == set()


@pytest.mark.parametrize("language, text, exam_, evidence", [
    ("en", "FINDINGS: After injection of contrast the wall of the collection enhances.\nIMPRESSION: Abscess.",
     "CT pelvis (no IV contrast)", "After injection of contrast"),
    ("zh", "检查所见：注射对比剂后窦道壁明显强化。\n诊断意见：窦道形成。", "骨盆CT平扫", "注射对比剂"),
])
def test_guard_contrast_given_without_a_needle_on_a_plain_study_is_still_flagged(language, text, exam_, evidence):
    assert ("exam_mismatch", evidence) in run(exam.check, text, language, exam_=exam_)


def test_a_path_clear_of_an_organ_calls_nothing_normal():
    """A needle path kept "clear of the kidney and the aorta" keeps away from them; "Lungs clear of consolidation" is
    the lungs' normal statement."""
    path, lungs = parse_report("FINDINGS: Path clear of the left kidney and the aorta.\nLungs clear of consolidation.",
                               "en").in_section("findings")
    assert not states_normal(path, "en") and states_normal(lungs, "en")
    text = ("FINDINGS: Left para-aortic nodal mass, 5.8 cm, posterior to the aorta. Skin-to-target distance 6.5 cm along a "
            "paravertebral path, clear of the left kidney and the aorta.\nIMPRESSION: Biopsy of the left para-aortic "
            "nodal mass.")
    assert run(insertion.check, text) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：术后复扫：右侧胸腔见少量气体，肺组织压缩约5%。\n诊断意见：右侧少量气胸，建议复查胸片。"),
    ("zh", "检查所见：左侧胸腔内积气，肺组织压缩约10%。\n诊断意见：左侧少量气胸。"),
    ("en", "FINDINGS: A little air in the right pleural space at the apex after the biopsy.\n"
           "IMPRESSION: Small right pneumothorax."),
])
def test_gas_in_the_pleural_space_is_the_pneumothorax_the_impression_reports(language, text):
    assert run(mismatch.check, text, language) == set()


def test_guard_a_pneumothorax_the_findings_do_not_describe_is_still_a_mismatch():
    text = "检查所见：穿刺针道周围见少许出血影。纵隔未见肿大淋巴结。\n诊断意见：针道少量出血，右侧少量气胸。"
    assert ("findings_impression_mismatch", "气胸") in run(mismatch.check, text, "zh")


def test_a_mass_shaped_density_called_cement_is_no_mass():
    text = ("检查所见：L2椎体压缩变扁。椎体内见团块状高密度骨水泥影，双侧对称分布，与骨小梁交织良好。\n"
            "诊断意见：L2椎体压缩骨折椎体后凸成形术后，骨水泥分布满意。")
    assert run(omission.check, text, "zh") == set()


def test_guard_a_soft_tissue_mass_beside_the_cemented_vertebra_is_still_an_omission():
    text = ("检查所见：L2椎体压缩变扁。椎体内见骨水泥影。椎旁见团块状软组织密度影，大小约4.5cm×3.2cm，邻近骨质破坏。\n"
            "诊断意见：L2椎体压缩骨折椎体后凸成形术后，骨水泥分布满意。")
    assert [t for t, _ in run(omission.check, text, "zh")] == ["omission"]


def test_a_normal_line_about_other_vertebrae_does_not_contradict_the_treated_one():
    text = ("检查所见：T12椎体楔形变，前缘高度约为后缘的60%，椎体内见骨水泥充填。\nT11、L1椎体形态及密度未见异常。\n"
            "诊断意见：T12椎体压缩性骨折椎体成形术后，骨水泥充填满意。")
    assert run(insertion.check, text, "zh") == set()


def test_guard_a_normal_line_about_the_fractured_vertebra_is_still_an_insertion():
    text = ("检查所见：T12椎体楔形变，前缘高度约为后缘的60%，椎体内见骨水泥充填。\nT11、T12椎体形态及密度未见异常。\n"
            "诊断意见：T12椎体压缩性骨折椎体成形术后，骨水泥充填满意。")
    assert [t for t, _ in run(insertion.check, text, "zh")] == ["insertion"]


_ABLATION_FOLLOW_UP = ("检查所见：肝S6段见类圆形低密度消融区，大小约3.6cm×3.2cm，增强各期未见强化，周边未见结节样强化。\n"
                       "肝{}段新见一结节，大小约1.3cm×1.1cm，动脉期明显强化，门静脉期强化减退。\n"
                       "诊断意见：肝S6段肝癌微波消融术后，未见肿瘤残留；肝{}段新发结节，考虑肝癌。")


def test_a_denial_at_one_liver_segment_does_not_contradict_a_nodule_in_another():
    assert run(insertion.check, _ABLATION_FOLLOW_UP.format("S4", "S4"), "zh") == set()


def test_guard_a_denial_and_a_nodule_in_the_same_liver_segment_still_contradict():
    assert [t for t, _ in run(insertion.check, _ABLATION_FOLLOW_UP.format("S6", "S6"), "zh")] == ["insertion"]
