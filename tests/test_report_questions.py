"""Questions in a CT report: a finding ending in a question mark asks about it, as one opening with it does, so the
report states neither the finding nor its side; a question to the clinician after a finding leaves it stated."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, laterality, mismatch
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import run


def stated(text: str, language: str = "en") -> set[str]:
    """The findings TEXT, one sentence of an impression, states (asserted or denied), by the words naming them."""
    report = parse_report(text, language)
    return {report.text[e.start:e.end] for s in report.sentences for e in entities(s, language)}


@pytest.mark.parametrize("text, language, expected", [
    ("IMPRESSION: Appendicitis?", "en", set()),
    ("IMPRESSION: Pneumonia or atelectasis?", "en", set()),
    ("IMPRESSION: Pneumonia in the right lower lobe?", "en", set()),
    ("IMPRESSION: No appendicitis?", "en", set()),
    # what the question is about ends the clause: the findings before it are stated
    ("IMPRESSION: Periappendiceal stranding, consistent with appendicitis?", "en", {"stranding"}),
    ("IMPRESSION: Bowel wall thickening - colitis?", "en", {"wall thickening"}),
    ("诊断意见：肺炎？", "zh", set()),
    ("诊断意见：阑尾增粗，考虑阑尾炎？", "zh", {"增粗"}),
    # a question to the clinician after a finding asks nothing about it
    ("IMPRESSION: Right lower lobe consolidation, clinical correlation?", "en", {"consolidation"}),
    ("IMPRESSION: Right lower lobe consolidation - clinical correlation?", "en", {"consolidation"}),
])
def test_a_finding_ending_in_a_question_mark_is_asked(text, language, expected):
    """Only a question mark opening a word asked ("?appendicitis"): "Appendicitis?" asserted appendicitis."""
    assert stated(text, language) == expected


@pytest.mark.parametrize("question", ["Left flank pain. Left renal calculus?", "Left flank pain, left renal calculus?"])
def test_a_side_asked_at_the_end_settles_no_side(question):
    """A request's "Left renal calculus?" gave the history a left calculus, which then blamed the findings for the
    impression's slip, as "?left renal calculus" no longer did."""
    text = (f"INDICATION: {question}\nFINDINGS: A 6 mm calculus in the right renal pelvis. No hydronephrosis.\n"
            "IMPRESSION: 6 mm left renal calculus.")
    impression = text.index("IMPRESSION")
    found = [c for c in laterality.check(CheckInput(parse_report(text, "en"))) if c.confidence >= 0.5]
    assert found and all(c.start > impression for c in found)  # the impression's side, not the findings'


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: The appendix is normal in calibre. No free fluid.\nIMPRESSION: Appendicitis?"),
    ("zh", "检查所见：阑尾未见增粗，周围脂肪间隙清晰。\n诊断意见：阑尾炎？"),
])
def test_a_questioned_diagnosis_is_not_asserted(language, text):
    """"Appendicitis?" beside a normal appendix was an impression reporting appendicitis the findings deny."""
    assert run(mismatch.check, text, language) == set()
    # asserted, it is the mismatch it was
    flat = text.replace("Appendicitis?", "Appendicitis.").replace("阑尾炎？", "阑尾炎。")
    assert {e for e, _ in run(mismatch.check, flat, language)} == {"findings_impression_mismatch"}
