"""What a reported lesion brings with it, and what an operation leaves no more: the soft-tissue bleed and swelling
around a reported fracture are the fracture's (no omission), while a native joint or disc described normal where a
prosthesis or an interbody cage now sits is a template's line (an insertion)."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import omission
from report_cases import confident, run


# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Findings: Non-displaced fracture of the left iliac wing. Small iliacus haematoma.\n"
           "Impression: Non-displaced left iliac wing fracture."),
    ("en", "Findings: Split-depression fracture of the lateral tibial plateau.\nSoft tissues: oedema laterally.\n"
           "Impression: Lateral tibial plateau fracture."),
    ("zh", "所见：右侧桡骨远端骨折，断端轻度移位。周围肌间血肿。\n诊断：右侧桡骨远端骨折。"),
])
def test_a_soft_tissue_bleed_or_swelling_comes_with_the_fracture_the_impression_reports(language, text):
    """A haematoma or oedema of the muscles around a fracture is the injury's own: the impression has said it."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("text, left_out", [
    ("Findings: Fracture of the left iliac wing. Large iliacus haematoma with active extravasation.\n"
     "Impression: Left iliac wing fracture.", "Large iliacus haematoma with active extravasation."),
    ("Findings: Left 7th rib fracture. Splenic laceration with perisplenic haematoma.\n"
     "Impression: Left 7th rib fracture.", "Splenic laceration with perisplenic haematoma."),
    ("Findings: Fracture of the right iliac wing. Haematoma in the gluteus medius, 7 x 3 cm.\n"
     "Impression: Right iliac wing fracture.", "Haematoma in the gluteus medius, 7 x 3 cm."),
    ("Findings: Small haematoma in the right gluteus medius.\nAcute appendicitis.\nImpression: Acute appendicitis.",
     "Small haematoma in the right gluteus medius."),
])
def test_a_bleed_large_active_in_an_organ_or_beside_no_fracture_is_still_left_out(text, left_out):
    assert run(omission.check, text) == {("omission", left_out)}



def test_an_impression_reporting_the_organ_only_on_the_other_side_sums_up_nothing_of_this_side():
    """"Right lower lobe pneumonia" says nothing of the left upper lobe nodule: its omission is as sure as if the
    impression named no lung at all."""
    text = ("Findings:\nLungs: Dense consolidation in the right lower lobe. A 1.2 cm solid nodule in the left upper lobe.\n"
            "Impression:\nRight lower lobe pneumonia.")
    assert confident(omission.check, text) == {("omission", "A 1.2 cm solid nodule in the left upper lobe.")}
