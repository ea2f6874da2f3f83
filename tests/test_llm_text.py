"""Pure text helpers of the LLM auditors: JSON repair, redaction, evidence mapping, prompt rendering,
per-modality options. No model, no litellm."""

from __future__ import annotations

import pytest

from radqc.agents.llm.answer import LlmAnswer
from radqc.agents.llm.evidence import locate_evidence
from radqc.agents.llm.jsonrepair import extract_json_object
from radqc.agents.llm.options import options_for
from radqc.agents.llm.redact import Redactor
from radqc.prompts import load_prompt, render

# --- JSON repair -------------------------------------------------------------------------------------


def test_plain_json_object():
    assert extract_json_object('{"findings": []}') == {"findings": []}


def test_last_object_after_chain_of_thought_with_stray_braces():
    reply = 'Step 1: the set {left, right} must agree. Draft: {"findings": [1]}\nFinal:\n{"findings": [{"a": "}{"}]}'
    assert extract_json_object(reply) == {"findings": [{"a": "}{"}]}


def test_code_fence_and_trailing_commas_are_repaired():
    reply = 'Here it is:\n```json\n{"findings": [{"error_type": "spelling",},],}\n```\nDone.'
    assert extract_json_object(reply) == {"findings": [{"error_type": "spelling"}]}


@pytest.mark.parametrize("reply", ["", "no json here", '{"findings": [{"error_type": "lat', "[1, 2]"])
def test_no_object_raises(reply):
    with pytest.raises(ValueError):
        extract_json_object(reply)


def test_answer_model_is_lenient_where_models_are_sloppy():
    answer = LlmAnswer.model_validate(
        {"findings": [{"error_type": "Findings Impression-Mismatch", "confidence": "high", "evidence": None},
                      {"error_type": "spelling", "confidence": 7}]}
    )
    assert answer.findings[0].error_type == "findings_impression_mismatch"
    assert answer.findings[0].confidence == 0.8 and answer.findings[0].evidence == ""
    assert answer.findings[1].confidence is None  # 7 is no probability: known_findings drops it
    with pytest.raises(ValueError):
        LlmAnswer.model_validate({"answer": "no errors"})


# --- redaction ---------------------------------------------------------------------------------------

HEADER_EN = "Patient Name: John Smith   MRN: 00123456  DOB: 03/04/1955  Tel: (555) 123-4567\n"
HEADER_ZH = "姓名：张三 性别：男 住院号：ZY123456 出生日期：1960-05-01 联系电话：13812345678 身份证号：110101196005011234\n"
BODY = "FINDINGS: 12 x 8 mm nodule in the right upper lobe. Compared with CT of 2023-01-02.\n检查所见：右肺上叶见结节，大小约12mm×8mm。"


@pytest.mark.parametrize(
    "header, identifiers",
    [
        (HEADER_EN, ["John Smith", "00123456", "03/04/1955", "(555) 123-4567"]),
        (HEADER_ZH, ["张三", "ZY123456", "1960-05-01", "13812345678", "110101196005011234"]),
        ("Name: SMITH, JOHN A.  Accession No. A-778899  e-mail j.smith@example.org\n", ["SMITH, JOHN A.", "A-778899", "j.smith@example.org"]),
    ],
)
def test_identifiers_are_replaced_and_clinical_text_kept(header, identifiers):
    redactor = Redactor()
    text = header + BODY
    redacted = redactor.redact(text)
    for identifier in identifiers:
        assert identifier not in redacted
    assert BODY in redacted  # measurements, exam dates and clinical words survive
    assert redactor.restore(redacted) == text


def test_same_value_gets_the_same_placeholder_across_texts_of_a_case():
    redactor = Redactor()
    first = redactor.redact("Name: Jane Doe")
    second = redactor.redact("Patient: Jane Doe, follow-up")
    assert first == "Name: [NAME_1]" and second.startswith("Patient: [NAME_1]")


def test_unlabelled_words_are_not_taken_for_names():
    text = "Patient: is a 63 year old male. Patient tolerated the procedure. 患者右肺上叶见结节。"
    assert Redactor().redact(text) == text


def test_disabled_redactor_passes_text_through():
    assert Redactor(enabled=False).redact(HEADER_EN) == HEADER_EN


# --- evidence mapping --------------------------------------------------------------------------------

REPORT = (
    "FINDINGS: A 12 mm nodule in the Right upper lobe.\nIMPRESSION:   Left upper   lobe nodule, 12 mm.\n"
    "检查所见：右肺上叶见结节，大小约12mm×8mm。诊断意见：左肺上叶结节。"
)


@pytest.mark.parametrize(
    "quote, expected, how",
    [
        ("Left upper   lobe nodule", "Left upper   lobe nodule", "exact"),
        ("left upper lobe nodule", "Left upper   lobe nodule", "normalised"),
        ("“左肺上叶结节”", "左肺上叶结节", "exact"),
        ("Left upper lobe nodle, 12mm", "Left upper   lobe nodule, 12 mm", "fuzzy"),
        ("左肺上叶的结节", "左肺上叶结节", "fuzzy"),
        ("pulmonary embolism in the main artery", "", "missing"),
        ("", "", "missing"),
    ],
)
def test_quotes_map_to_exact_substrings(quote, expected, how):
    located = locate_evidence(quote, REPORT)
    assert (located.text, located.how) == (expected, how)
    assert located.text in REPORT
    assert (located.similarity == 1.0) == (how in ("exact", "normalised"))


@pytest.mark.parametrize(
    "quote, expected, how",
    [("pper lobe nodule, 1", "upper   lobe nodule, 12", "normalised"), ("pper lobe nodle", "upper   lobe nodule", "fuzzy")],
)
def test_recovered_matches_never_cut_words(quote, expected, how):
    located = locate_evidence(quote, REPORT)
    assert (located.text, located.how) == (expected, how)


# --- prompts and options -----------------------------------------------------------------------------


def test_render_fills_slots_once_so_braces_in_values_cannot_break_it():
    template = 'Report:\n{report}\nAnswer {"findings": []} for {exam}.'
    value = "text with {exam} and {\"json\": 1} and {unknown}"
    assert render(template, report=value, exam="CT") == f'Report:\n{value}\nAnswer {{"findings": []}} for CT.'


def test_render_refuses_a_missing_slot():
    with pytest.raises(KeyError):
        render("{report} {exam}", report="x")


@pytest.mark.parametrize(
    "name", ["report_audit_system", "report_audit_user", "cxr_audit_system", "cxr_audit_user", "answer_format_retry", "role_recall"]
)
def test_shipped_prompts_load(name):
    assert len(load_prompt(name)) > 40


def test_modality_sections_override_shared_options():
    options = {"json_mode": True, "timeout": 10, "cxr": {"send_image": False, "timeout": 60}, "ct_report": {"max_report_chars": 9}}
    assert options_for("cxr", options) == {"json_mode": True, "timeout": 60, "send_image": False}
    assert options_for("ct_report", options) == {"json_mode": True, "timeout": 10, "max_report_chars": 9}
    with pytest.raises(ValueError):
        options_for("cxr", {"cxr": "yes"})
