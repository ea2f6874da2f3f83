"""The rule engine's shortcuts find what the plain way finds: they only make it faster."""

from __future__ import annotations

import pytest

from radqc.agents.report.lexicon import finding_matcher, known_words, organ_matcher

_ENGLISH = [
    "Mild LEFT Hydronephrosis and a 2 cm Renal Cyst.",
    "Thickening of the Sigmoid Colon wall, and of the DISTAL ESOPHAGUS.",
    "No pleural effusion; Right-sided pneumothorax. Non-obstructing lower pole stone.",
    "IMPRESSION: Acute Appendicitis with Periappendiceal Abscess.",
]


def _case_blind(matcher, text: str) -> list[tuple[str, int, int]]:
    return [(matcher._key(m.group(0)), m.start(), m.end()) for m in matcher.pattern.finditer(text)]


@pytest.mark.parametrize("matcher", [finding_matcher("en"), organ_matcher("en"), known_words("en")])
def test_english_terms_are_searched_in_lower_case_with_the_same_result(matcher):
    assert matcher.lower_case is not None
    for text in _ENGLISH:
        assert matcher.find(text, 7) == [(key, 7 + a, 7 + b) for key, a, b in _case_blind(matcher, text)]
        assert matcher.find(text)  # every text names terms of each lexicon


def test_a_text_beyond_ascii_is_searched_case_blind():
    """A Kelvin sign ("\u212a") is the letter k to a case-blind pattern, and stays no ASCII letter in lower case."""
    text = "Left \u212aidney cyst."
    found = organ_matcher("en").find(text)
    assert found == _case_blind(organ_matcher("en"), text)
    assert [key for key, _, _ in found] == ["kidney"]


def test_a_letter_the_pattern_folds_and_lower_case_does_not_names_its_term():
    """A long s ("effu\u017fion") is the letter s to a case-blind pattern but not in lower case: looking its term up
    raised StopIteration, and a report holding one failed both auditors."""
    found = finding_matcher("en").find("Small right pleural effu\u017fion.")
    assert [key for key, _, _ in found] == [key for key, _, _ in finding_matcher("en").find("Small right pleural effusion.")]
    assert found


def test_chinese_terms_keep_their_pattern():
    assert finding_matcher("zh").lower_case is None
    assert organ_matcher("zh").find("左肾囊肿") == _case_blind(organ_matcher("zh"), "左肾囊肿")


def test_a_question_is_answered_once_per_report():
    from radqc.agents.report.memo import one_report, remembered

    asked = []

    @remembered(lambda text: (text,))
    def words(text: str) -> list[str]:
        asked.append(text)
        return text.split()

    with one_report():
        first = words("left renal cyst")
        first.append("changed by its caller")
        assert words("left renal cyst") == ["left", "renal", "cyst"]  # a list of its own for each caller
    with one_report():
        words("left renal cyst")  # the next report remembers nothing of the last
    words("left renal cyst")  # nor does a question asked outside any report
    assert asked == ["left renal cyst"] * 3


def test_the_confusion_table_finds_in_one_pass_what_its_rows_find():
    from radqc.agents.report.checks import spelling

    texts = ["Plural effusion on the left.", "Enlarged prostrate.", "Fraction of the left ileum.",
             "Ejection fraction 60%. No effusion.", "Nothing confusable here."]
    for text in texts:
        rows = [(m.span(), right) for pattern, right, _ in spelling._confusion_patterns_en()
                for m in pattern.finditer(text)]
        assert [(m.span(), right) for m, right, _ in spelling._confusion_matches_en(text)] == rows
        assert bool(rows) == (spelling._any_confusion_en().search(text) is not None)
    assert spelling._any_confusion_en().search("Plural effusion") is not None


def test_warm_up_loads_what_a_slip_or_an_evidence_span_reads():
    from radqc.agents.report.engine import ReportRulesAuditor
    from radqc.agents.report.lexicon import chinese_dictionary_words, known_words

    chinese_dictionary_words.cache_clear()
    known_words.cache_clear()
    ReportRulesAuditor(embeddings=False).warm_up()
    assert chinese_dictionary_words.cache_info().currsize == 1
    assert known_words.cache_info().currsize == 2
