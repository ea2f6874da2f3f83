"""Wordings of forensic, post-mortem and custodial CT reports read as a radiologist reads them: a terse "X absent." and a
clause opening on "非" deny their finding, and the glottis is the larynx's; in English and Chinese, each with the
correct sentence beside it that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import omission
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import run


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
