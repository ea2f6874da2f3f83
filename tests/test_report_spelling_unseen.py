"""Misspellings no list names: an English word that is one slip from a medical word and is a word only when taken
apart into fragments of the everyday word-piece list ("artey": "arte" + "y"), and a Chinese term with one character
typed as another of the same sound ("国动脉" for "腘动脉"). Correct words beside them (derivations, rare medical
words, ordinary Chinese words at a term's edge, traditional characters) stay unflagged."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import spelling
from report_cases import confident


@pytest.mark.parametrize("text, slip", [
    ("FINDINGS: Small pericardal effusion.\nIMPRESSION: Small effusion.", "pericardal"),
    ("FINDINGS: The left renal artey is patent.\nIMPRESSION: Patent vessels.", "artey"),
    ("FINDINGS: The tube tip is in satisfactory postion.\nIMPRESSION: Tube in place.", "postion"),
])
def test_a_slip_that_only_fragments_of_the_word_piece_list_explain_is_a_misspelling(text, slip):
    assert confident(spelling.check, text) == {("spelling", slip)}


def test_derivations_and_rare_medical_words_taken_apart_stay_words():
    text = ("FINDINGS: Congestive changes. Loculation of the perianal collection; insular cortex normal. Contrast "
            "opacifies the bladder. History of a tonic-clonic seizure.\nIMPRESSION: Perianal abscess.")
    assert confident(spelling.check, text) == set()


@pytest.mark.parametrize("text, slip", [
    ("检查所见：右侧国动脉通畅。\n诊断意见：未见异常。", "国动脉"),
    ("检查所见：骶前软组织肿块，考虑脊锁瘤。\n诊断意见：脊索瘤可能。", "脊锁瘤"),
])
def test_a_term_with_one_character_of_the_same_sound_is_a_spelling_error(text, slip):
    assert confident(spelling.check, text, "zh") == {("spelling", slip)}


def test_sound_alikes_that_are_words_of_their_own_stay_unflagged():
    """"梗死早期": 早 (zao, as 灶 of 梗死灶) makes "早期"; "经静脉" (intravenous) is a term; "附壁" is two characters;
    "樹芽征" is "树芽征" in a report written in traditional characters ("葉")."""
    text = "检查所见：左侧基底节区梗死早期改变。经静脉注射对比剂。附壁血栓。\n诊断意见：脑梗死。"
    assert confident(spelling.check, text, "zh") == set()
    assert confident(spelling.check, "檢查所見：右肺下葉樹芽征。\n印象：感染。", "zh") == set()


def test_latin_bone_names_and_negated_adjectives_of_the_lexicon_stay_words():
    """"pubis" is the bone ("body of pubis", "osteitis pubis"), not a slip for "pubic"; "avascular" is "vascular"
    negated ("avascular necrosis"), a word of its own."""
    text = ("FINDINGS: Sclerosis of the left body of pubis. The proximal pole is dense.\n"
            "IMPRESSION: Osteitis pubis. Possible avascular necrosis of the proximal pole.")
    assert confident(spelling.check, text) == set()
