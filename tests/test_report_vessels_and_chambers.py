"""Words read as the wrong organ: a vessel named after an organ ("pulmonary artery", "锁骨下动脉") is a vessel, not the
organ it runs to or beside; the heart's chambers, however written ("Ventricles" beside a right ventricle, "RV", "atria"), are
the heart's."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, exam, insertion, laterality, omission
from radqc.agents.report.document import Span, parse_report
from radqc.agents.report.mentions import organs
from report_cases import run


def _keys(text: str, language: str) -> list[str]:
    return [m.key for m in organs(Span(0, len(text), text), language)]


def _side_flagged_at(text: str, language: str, evidence: str) -> bool:
    """The laterality check flags a side at EVIDENCE (or a span within it) in TEXT."""
    found = {e for t, e in run(laterality.check, text, language) if t == "laterality"}
    return any(evidence in e or e in evidence for e in found)


@pytest.mark.parametrize("language, text, expected", [
    ("en", "The main pulmonary artery is dilated.", ["pulmonary_vessels"]),
    ("en", "Both renal veins are patent.", ["named_vessel"]),
    ("en", "Occlusion of the left anterior tibial artery.", ["named_vessel"]),
    ("en", "Thrombus in the cerebral arteries.", ["brain_vessels"]),
    ("en", "Pulmonary embolism in the right lung.", ["lung", "lung"]),  # the embolism's place: `entities`
    ("en", "Superficial temporal artery calcified.", ["named_vessel"]),  # named after a lobe, no brain vessel
    ("en", "Ovarian vein thrombosis.", ["ovary"]),  # female anatomy still
    ("en", "Right coronary artery patent.", ["coronary_artery"]),
    ("zh", "四支肺静脉均回流入左心房。", ["pulmonary_vessels", "heart"]),
    ("zh", "左锁骨下动脉开口远端狭窄。", ["named_vessel"]),
    ("zh", "双侧胸廓内动脉增粗迂曲。", ["named_vessel"]),
    ("zh", "双肺未见异常。", ["lung"]),
])
def test_a_vessel_named_after_an_organ_is_a_vessel(language, text, expected):
    assert _keys(text, language) == expected


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：双侧胸廓内动脉明显增粗迂曲，形成广泛侧支循环。双肺未见异常。\n诊断意见：主动脉缩窄伴侧支循环形成。"),
    ("en", "FINDINGS: The main pulmonary artery is dilated to 36 mm. Lungs: no abnormality.\n"
           "IMPRESSION: Dilated main pulmonary artery."),
])
def test_a_normal_lung_says_nothing_of_the_vessels_named_after_it(language, text):
    assert not {t for t, _ in run(insertion.check, text, language)} & {"insertion"}
    diseased = text.replace("胸廓内动脉", "肺").replace("main pulmonary artery is", "right upper lobe is")
    assert ("insertion", "双肺未见异常。" if language == "zh" else "Lungs: no abnormality.") in run(
        insertion.check, diseased, language)


def test_ventricles_beside_a_word_of_the_heart_are_its_chambers():
    text = ("FINDINGS: Pericardium thickened to 6 mm.\nVentricles: tubular, narrowed right ventricle.\n"
            "IMPRESSION: Constrictive pericarditis.")
    assert run(exam.check, text, exam_="Cardiac CT with contrast") == set()
    assert _keys("Ventricles: tubular, narrowed right ventricle.", "en") == ["heart", "heart"]
    assert _keys("Ventricles: normal in size.", "en") == ["brain"]  # a head CT's


@pytest.mark.parametrize("text", ["RV dilated.", "LV normal.", "RVOT aneurysmal.",
                                  "Both atria dilated."])
def test_the_heart_s_chambers_by_their_abbreviations_and_plural(text):
    assert _keys(text, "en") == ["heart"]



@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Type B dissection of the descending aorta. The coeliac trunk and right renal artery arise from the "
           "true lumen. The left renal artery arises from the false lumen; the left kidney is hypoperfused.\n"
           "IMPRESSION: Type B dissection with a hypoperfused right kidney.", "hypoperfused right kidney"),
    ("zh", "检查所见：降主动脉见内膜片，延伸至腹主动脉。右肾动脉起自真腔。左肾动脉起自假腔，左肾灌注减低。\n"
           "诊断意见：主动脉夹层（Stanford B型），右肾灌注减低。", "右肾灌注减低"),
])
def test_an_underperfused_kidney_is_ischaemic_on_its_side(language, text, evidence):
    """Underperfusion ("hypoperfused", "灌注减低") is ischaemia of the organ: an impression putting it on the other side
    than the findings contradicts them."""
    assert _side_flagged_at(text, language, evidence)
    same_side = text.replace("hypoperfused right kidney", "hypoperfused left kidney").replace(
        "B型），右肾灌注", "B型），左肾灌注")
    assert not {t for t, _ in run(laterality.check, same_side, language)} & {"laterality"}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Filling defects in the right main pulmonary artery extending into the lower lobe branches.\n"
           "IMPRESSION: Acute right pulmonary emboli."),
    ("zh", "检查所见：右肺动脉主干及下叶分支见充盈缺损。\n诊断意见：右肺动脉栓塞。"),
    ("zh", "检查所见：右肺动脉主干及下叶分支见充盈缺损。\n诊断意见：右肺栓塞。"),
])
def test_a_pulmonary_embolism_is_in_the_pulmonary_arteries_the_findings_describe(language, text):
    """A clot named by the lung lies in its arteries: the impression's pulmonary embolism answers the filling defect in
    the pulmonary artery, and both statements are of one organ, the pulmonary vessels."""
    data = CheckInput(parse_report(text, language))
    assert {e.organ for e in data.entities} == {"pulmonary_vessels"}
    assert run(omission.check, text, language) == set()
    template = text.replace("IMPRESSION", "No pulmonary embolism.\nIMPRESSION").replace("诊断意见", "未见肺栓塞。\n诊断意见")
    assert {t for t, _ in run(insertion.check, template, language)} == {"insertion"}


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS:\nLeft: Soft-tissue mass in the epitympanum eroding the scutum and the incus.\n"
           "Right: Middle ear and mastoid well aerated.\nIMPRESSION: Right middle ear cholesteatoma with ossicular erosion.",
     "Right middle ear cholesteatoma"),
    ("zh", "检查所见：左侧上鼓室见软组织肿块，听小骨破坏。右侧乳突气化良好。\n诊断意见：右侧中耳胆脂瘤。", "右侧中耳胆脂瘤"),
])
def test_a_middle_ear_mass_is_the_cholesteatoma_the_impression_puts_on_a_side(language, text, evidence):
    """The middle ear's parts are the ear's (anatomy.json's ear), and its soft-tissue mass is the cholesteatoma the
    impression names: the two sections' sides meet."""
    assert _side_flagged_at(text, language, evidence)
    assert run(laterality.check, text.replace("Right middle ear", "Left middle ear").replace("右侧中耳胆脂瘤", "左侧中耳胆脂瘤"),
               language) == set()


def test_a_structure_s_bony_wall_is_the_structure_s():
    assert _keys("右侧外半规管骨壁局部变薄。", "zh") == ["inner_ear"]
    assert _keys("右侧上颌窦骨壁增厚。", "zh") == ["skull"]


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS:\nLeft: Soft tissue in the epitympanum eroding the scutum and the long process of the incus. The bony "
           "covering of the lateral semicircular canal is eroded (labyrinthine fistula). Tegmen intact.\nRight: Normal.\n"
           "IMPRESSION: Left cholesteatoma of the attic eroding the scutum and the incus."),
    ("zh", "检查所见：左侧上鼓室软组织影，盾板及砧骨侵蚀。左侧外半规管骨壁侵蚀，提示迷路瘘。鼓室天盖完整。\n"
           "诊断意见：左侧上鼓室胆脂瘤伴盾板及砧骨侵蚀。"),
])
def test_an_inner_ear_fistula_is_not_covered_by_a_middle_ear_impression(language, text):
    """The labyrinth (cochlea, semicircular canals) is the inner ear, not the middle ear a cholesteatoma fills: a fistula
    into it is a finding of its own, which an impression about the middle ear leaves out."""
    assert "omission" in {t for t, _ in run(omission.check, text, language)}


@pytest.mark.parametrize("language, text, organ", [
    ("en", "A 2 cm hepatic arterial phase hyperenhancing observation.", "liver"),
    ("en", "The renal venous phase shows no filling defect.", "kidney"),
    ("zh", "肝动脉期病灶明显强化。", "liver"),
])
def test_a_contrast_phase_named_after_an_organ_is_the_organ_s(language, text, organ):
    """"Arterial phase" names when the organ was imaged, not one of its vessels."""
    assert organ in _keys(text, language)
