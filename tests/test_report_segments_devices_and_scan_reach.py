"""What a report cannot say of the anatomy: a numbered liver segment given the lobe it is not in, an implant put on the
side the findings never describe it on."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import laterality
from report_cases import run


# a segment and its lobe ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nLiver: new 28 mm observation in segment 7 of the right lobe.\nImpression:\n28 mm observation in "
           "segment 7 of the left hepatic lobe: HCC.", "segment 7 of the left hepatic lobe"),
    ("en", "Findings:\nHepatic cyst in the right lobe (segments II/III).\nImpression:\nHepatic cyst.",
     "right lobe (segments II/III"),
    ("zh", "所见：\n肝右叶S2段见低密度灶，边界清。\n结论：\n肝囊肿。", "肝右叶S2段"),
])
def test_a_liver_segment_given_the_other_lobe_is_a_side_error(language, text, evidence):
    """Segments 5 to 8 make the right lobe, 2 and 3 the left: "segment 7 of the left hepatic lobe" is no place."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nLiver: cyst in segment VII of the right lobe; a second in the left lobe, segments 2/3. Segment 4 "
           "haemangioma of the left hepatic lobe.\nImpression:\nHepatic cysts."),
    ("en", "Findings:\nConsolidation in segment 6 of the left lower lobe; scarring in segment 3 of the right upper lobe."
           "\nImpression:\nLeft lower lobe pneumonia."),
    ("zh", "所见：\n肝左外叶S2、S3段及肝右后叶S7段见低密度灶。\n结论：\n肝多发囊肿。"),
])
def test_segments_named_with_their_own_lobe_or_a_lungs_lobe_are_silent(language, text):
    """Clean guard: each segment with its own lobe, segment 4 (left by its vessels, right of the falciform ligament)
    with either, and a lung's numbered segments, whose lobes are no liver's."""
    assert run(laterality.check, text, language) == set()


# an implant one patient has one of ---------------------------------------------------------------

@pytest.mark.parametrize("language, text, evidence", [
    ("en", "Findings:\nRight frontal approach ventricular catheter with its tip in the frontal horn of the right lateral "
           "ventricle.\nImpression:\nVentricular enlargement with the left frontal shunt catheter in unchanged position.",
     "left frontal shunt catheter"),
    ("en", "Findings:\nPort: the reservoir lies in the right infraclavicular pocket.\nImpression:\nLeft-sided chest port "
           "with a fibrin sheath.", "Left-sided chest port"),
    ("zh", "所见：\n分流管经右额叶进入右侧侧脑室，末端位于右侧侧脑室前角。\n诊断意见：\n左侧脑室腹腔分流术后，分流管位置良好。",
     "左侧脑室腹腔分流"),
])
def test_an_implant_put_on_the_side_the_findings_never_give_it(language, text, evidence):
    """A patient has one shunt, one port: the findings say where it lies, so an impression giving the other side slips."""
    assert ("laterality", evidence) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "Findings:\nRight frontal approach ventricular catheter with its tip in the right lateral ventricle.\n"
           "Impression:\nRight frontal shunt catheter in satisfactory position."),
    ("en", "Findings:\nRight frontal shunt catheter crossing the septum, its tip in the left lateral ventricle.\n"
           "Impression:\nLeft ventricular shunt catheter tip; ventricles stable."),
    ("en", "Findings:\nChest port in the right infraclavicular pocket, tip in the SVC. Small hernia at the left lower "
           "quadrant laparoscopic scar.\nImpression:\nLeft port site hernia."),
    ("zh", "所见：\n分流管经右额叶进入右侧侧脑室。\n诊断意见：\n右侧脑室腹腔分流术后。"),
])
def test_an_implant_on_its_own_side_or_described_on_both_is_silent(language, text):
    """Clean guard: the impression agrees; the findings follow the catheter across to the other side; a laparoscopic
    port site is no implanted port."""
    assert run(laterality.check, text, language) == set()

