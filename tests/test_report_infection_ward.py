"""Infectious-disease and respiratory hospital habits the CT checks learned from an eleventh author's reports:
tuberculosis and pneumoconiosis wording, ICU follow-ups, CT-guided procedure notes; each test states the habit in
its own words, with the trap beside it."""

from __future__ import annotations

from radqc.agents.report.checks import omission, spelling
from report_cases import run


# spelling -----------------------------------------------------------------------------------------

def test_spelling_knows_the_infection_ward_sound_alikes_and_the_words_of_a_procedure_note():
    """A dictated halo comes out as the greeting, 晕征 as 云征 and 孢子菌 as the steamed bun 包子菌; a procedure
    note names the patient's position and its kit, which are no typos ("supine" is not "spine")."""
    text = ("FINDINGS: Cavitating nodule with a hello of ground-glass. Patient supine; a coaxial introducer and a "
            "guidewire were used, and a pigtail drain placed under lidocaine.")
    assert run(spelling.check, text) == {("spelling", "hello of")}
    text = "检查所见：左肺结节伴云征。诊断意见：考虑肺包子菌肺炎，晕征不明显。"
    assert run(spelling.check, text, "zh") == {("spelling", "云征"), ("spelling", "包子菌")}


# omission -----------------------------------------------------------------------------------------

def test_an_empyema_in_the_impression_sums_up_the_pus_collection_of_the_pleura():
    """积脓 (pus collected in the pleura) was an abscess to the lexicon and 脓胸 (empyema) nothing."""
    text = "检查所见：左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。\n诊断意见：左侧脓胸，较前好转。"
    assert run(omission.check, text, "zh") == set()
    text = "检查所见：左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。\n诊断意见：左肺下叶少许纤维灶。"
    assert run(omission.check, text, "zh") == {("omission", "左侧胸腔包裹性积脓，约5.0cm×3.1cm，较前缩小。")}
