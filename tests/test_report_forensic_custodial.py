"""Wordings of forensic, post-mortem and custodial CT reports read as a radiologist reads them: the glottis is the
larynx's, the face's and the leg's adjectives (malar, crural) are words, and the slips a dictation system makes of the
orbit's rectus and of a transection are spelling errors, each with the correct sentence beside it that must stay
silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import omission, spelling
from report_cases import run


@pytest.mark.parametrize("language, text, impression, left_out", [
    ("en", "FINDINGS: Airway: A soft-tissue bolus, 3.8 x 2.6 cm, with a denser centre (meat with bone fragment), lodged "
           "in the laryngeal vestibule and obstructing the glottis.",
     "IMPRESSION: Food bolus obstructing the larynx.", "IMPRESSION: Coronary artery calcification."),
])
def test_the_glottis_is_the_larynx(language, text, impression, left_out):
    """The glottis and the laryngeal vestibule are the larynx's: the bolus obstructing them was put in the bone its
    sentence named in brackets, which the impression's larynx did not cover."""
    assert run(omission.check, f"{text}\n{impression}", language) == set()
    assert run(omission.check, f"{text}\n{left_out}", language) == {("omission", text.split("FINDINGS: ")[1])}


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Fracture of the right orbital floor with herniation of orbital fat and the inferior rectum into the "
           "maxillary sinus.\nIMPRESSION: Trapdoor fracture with entrapment of the inferior rectus.", "rectum"),
    ("en", "FINDINGS: The aorta is transacted at the isthmus.\nIMPRESSION: Aortic transection.", "transacted"),
])
def test_a_dictated_or_typed_slip_of_a_forensic_word_is_a_spelling_error(language, text, slip):
    assert ("spelling", slip) in run(spelling.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Fracture of the right orbital floor with herniation of orbital fat and the inferior rectus into the "
           "maxillary sinus.\nIMPRESSION: Trapdoor fracture."),
    ("en", "FINDINGS: Orbits normal. Tumour of the lower rectum, 4 cm from the anal verge.\nIMPRESSION: Rectal tumour."),
    ("en", "FINDINGS: The aorta is transected at the isthmus.\nIMPRESSION: Aortic transection."),
    ("en", "FINDINGS: Left periorbital and malar soft-tissue swelling. Crural haematoma of the right leg.\n"
           "IMPRESSION: Soft-tissue injuries."),
])
def test_the_right_forensic_words_are_no_spelling_errors(language, text):
    assert run(spelling.check, text, language) == set()
