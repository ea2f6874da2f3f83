"""Wordings of forensic, post-mortem and custodial CT reports read as a radiologist reads them: a terse "X absent." and a
clause opening on "非" deny their finding, the glottis is the larynx's, a ureter is held to a ureter's calibre and a
depth "deep to" a landmark is a distance from it, the face's and the leg's adjectives (malar, crural) are words, and the
slips a dictation system or an input method makes of the orbit's rectus, the dens, a transection and the orbit (框 for
眶) are spelling errors; in English and Chinese, each with the correct sentence beside it that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import measurement, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import confident, run


@pytest.mark.parametrize("language, text, denied", [
    ("en", "FINDINGS: Portal venous gas absent.", [True]),
    ("en", "FINDINGS: Pneumothorax and pleural effusion absent.", [True, True]),
    ("en", "FINDINGS: Pneumothorax absent on the left.", [True]),
    ("zh", "检查所见：心腔内血液分层，为死后血液沉降，非血栓。", [True]),
    ("zh", "检查所见：左肺结节，非钙化。", [False, True]),
    # the word says nothing of a finding it does not close, or that a name or a quality holds
    ("en", "FINDINGS: Portal venous gas, with flow absent in the superior mesenteric vein.", [False]),
    ("en", "FINDINGS: Pneumothorax with absent lung sliding.", [False]),
    ("zh", "检查所见：左心室内见血栓。", [False]),
    ("zh", "检查所见：左肺上叶肿块，考虑非小细胞肺癌。", [False, False]),
    ("zh", "检查所见：腹膜后淋巴结肿大，非霍奇金淋巴瘤可能。", [False, False]),
])
def test_a_terse_absent_and_a_clause_opening_on_fei_deny_their_finding(language, text, denied):
    """"Portal venous gas absent." (no verb) and "为死后血液沉降，非血栓" (sedimentation, not thrombus) asserted the gas and
    the thrombus they deny, which the impression then had to report."""
    sentence = parse_report(text, language).sentences[0]
    assert [e.negated for e in entities(sentence, language)] == denied


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Surgical clips in the gallbladder fossa. Portal venous gas absent.\n"
           "IMPRESSION: Post-operative appearances."),
    ("zh", "检查所见：心腔及主动脉内血液分层，背侧密度较高，为死后血液沉降，非血栓。\n诊断意见：血液分层为死后改变。"),
])
def test_a_denied_post_mortem_sign_is_no_omission(language, text):
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text, left_out", [
    ("en", "FINDINGS: Surgical clips in the gallbladder fossa. Portal venous gas is present.\n"
           "IMPRESSION: Post-operative appearances.", "Portal venous gas is present."),
    ("zh", "检查所见：心腔内血液分层。左心室内见血栓，大小约2.1cm。\n诊断意见：血液分层为死后改变。",
     "左心室内见血栓，大小约2.1cm。"),
])
def test_the_sign_asserted_is_still_an_omission(language, text, left_out):
    assert run(omission.check, text, language) == {("omission", left_out)}


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


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: The left ureter is dilated to 9 cm down to a 5 mm calculus at the vesicoureteric junction.\n"
           "IMPRESSION: Obstructing left VUJ calculus.", "9 cm"),
    ("zh", "检查所见：左侧输尿管扩张，宽约9cm，膀胱入口处见结石。\n诊断意见：左侧输尿管结石伴梗阻。", "9cm"),
])
def test_a_ureter_wider_than_any_hydroureter_is_a_unit_slip(language, text, flagged):
    """A ureter is a few millimetres across and a hydroureter a few centimetres at most: the organ's own bound (the
    kidney's) let a 9 cm ureter pass."""
    assert ("measurement", flagged) in confident(measurement.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: The left ureter is dilated to 9 mm down to a 5 mm calculus at the vesicoureteric junction, "
           "4 cm above the bladder.\nIMPRESSION: Obstructing left VUJ calculus."),
    ("en", "FINDINGS: The left ureter has a 3 cm stricture at the vesicoureteric junction.\nIMPRESSION: Ureteric stricture."),
    ("en", "FINDINGS: A double-J stent in the right ureter, 26 cm long.\nIMPRESSION: Stent in place."),
    ("zh", "检查所见：左侧输尿管扩张，宽约9mm，膀胱入口处见结石，大小约5mm。\n诊断意见：左侧输尿管结石伴梗阻。"),
])
def test_a_dilated_ureter_in_millimetres_and_a_lesion_along_it_are_no_slips(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("impression, flagged", [
    ("IMPRESSION: Retained projectile in the left vastus intermedius, 45 cm deep to the entry wound.", {("measurement", "45 cm")}),
    ("IMPRESSION: Retained projectile in the left vastus intermedius, 4.5 cm deep to the entry wound.", set()),
    ("IMPRESSION: Retained projectile in the left vastus intermedius, 4.5 cm deep to the skin of the posterolateral entry "
     "wound, 18 mm from the superficial femoral artery.", set()),
])
def test_a_depth_given_at_ten_times_its_findings_value_is_a_slipped_unit(impression, flagged):
    """A depth "deep to" a landmark is a distance, and the impression may name its landmark more briefly than the
    findings do: "4.5 cm deep to the skin of the posterolateral entry wound", then "45 cm deep to the entry wound"."""
    text = ("FINDINGS: A deformed metallic projectile, 16 x 9 mm, lies in the vastus intermedius muscle of the left "
            "mid-thigh, 4.5 cm deep to the skin of the posterolateral entry wound, and 1.8 cm lateral to the superficial "
            f"femoral artery.\n{impression}")
    assert confident(measurement.check, text, "en") == flagged


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Fracture of the right orbital floor with herniation of orbital fat and the inferior rectum into the "
           "maxillary sinus.\nIMPRESSION: Trapdoor fracture with entrapment of the inferior rectus.", "rectum"),
    ("en", "FINDINGS: Type II fracture through the base of the dense, displaced 2 mm posteriorly.\n"
           "IMPRESSION: Type II odontoid fracture.", "dense"),
    ("en", "FINDINGS: The aorta is transacted at the isthmus.\nIMPRESSION: Aortic transection.", "transacted"),
    ("zh", "检查所见：右侧框内壁骨折，骨折片向筛窦内移位。\n诊断意见：右侧眼眶内壁骨折。", "框内壁"),
])
def test_a_dictated_or_typed_slip_of_a_forensic_word_is_a_spelling_error(language, text, slip):
    assert ("spelling", slip) in run(spelling.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Fracture of the right orbital floor with herniation of orbital fat and the inferior rectus into the "
           "maxillary sinus.\nIMPRESSION: Trapdoor fracture."),
    ("en", "FINDINGS: Orbits normal. Tumour of the lower rectum, 4 cm from the anal verge.\nIMPRESSION: Rectal tumour."),
    ("en", "FINDINGS: Type II fracture through the base of the dens. A dense calcified nodule; the lesion is dense.\n"
           "IMPRESSION: Odontoid fracture."),
    ("en", "FINDINGS: The aorta is transected at the isthmus.\nIMPRESSION: Aortic transection."),
    ("en", "FINDINGS: Left periorbital and malar soft-tissue swelling. Crural haematoma of the right leg.\n"
           "IMPRESSION: Soft-tissue injuries."),
    ("zh", "检查所见：右侧眶内壁骨折，立体定向头框在位。\n诊断意见：右侧眼眶内壁骨折。"),
])
def test_the_right_forensic_words_are_no_spelling_errors(language, text):
    assert run(spelling.check, text, language) == set()
