"""The verifier strategies on hand-made findings."""

from __future__ import annotations

import pytest

from radqc.graphs.verifier import distinct, evidence_holds, merge_findings, pair_up, same_finding, second_look, source_in_words
from radqc.schemas import Finding

REPORT = "FINDINGS: 12 mm nodule in the right upper lobe. Small left effusion. IMPRESSION: left upper lobe nodule."


def make(error_type="laterality", evidence="left upper lobe nodule", confidence=0.9, **extra) -> Finding:
    return Finding(error_type=error_type, evidence=evidence, confidence=confidence, **extra)


AGREED_R, AGREED_P = make(evidence="left upper lobe", confidence=0.6), make(confidence=0.8)
RECALL_ONLY = make("omission", "Small left effusion", 0.4)
PRECISION_ONLY = make("measurement", "12 mm", 0.95)


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("union", [("laterality", "verifier(recall+precision)"), ("omission", "verifier(recall)"), ("measurement", "verifier(precision)")]),
        ("intersection", [("laterality", "verifier(recall+precision)")]),
        ("evidence", [("laterality", "verifier(recall+precision)"), ("measurement", "verifier(precision)"), ("omission", "verifier(recall+recheck)")]),
    ],
)
def test_each_strategy_keeps_what_it_promises(strategy, expected):
    merged = merge_findings(strategy, [AGREED_R, RECALL_ONLY], [AGREED_P, PRECISION_ONLY], REPORT, admit=lambda f: True)
    assert [(f.error_type, f.source) for f in merged] == expected


def test_every_source_the_merge_writes_reads_in_words_and_others_stay_as_they_are():
    merged = merge_findings("union", [AGREED_R, RECALL_ONLY], [AGREED_P, PRECISION_ONLY], REPORT)
    merged += merge_findings("evidence", [RECALL_ONLY], [], REPORT, admit=lambda f: True)
    assert [source_in_words(f.source) for f in merged] == [
        "both auditors", "recall auditor only", "precision auditor only", "recall auditor only, evidence rechecked"]
    assert source_in_words("review") == "review" and source_in_words("verifier(new-role)") == "verifier(new-role)"


def test_agreed_findings_take_the_precision_wording_and_the_higher_confidence():
    merged = merge_findings("intersection", [make(evidence="left upper lobe", confidence=0.95)], [AGREED_P], REPORT)
    assert merged[0].evidence == "left upper lobe nodule" and merged[0].confidence == 0.95


def test_evidence_strategy_drops_recall_only_findings_the_admission_rule_rejects():
    merged = merge_findings("evidence", [RECALL_ONLY], [], REPORT, admit=lambda f: False)
    assert merged == []


def test_findings_agree_on_type_and_place():
    assert same_finding(make(evidence="upper lobe"), make(evidence="left upper lobe nodule"), REPORT)
    assert not same_finding(make(evidence="right upper lobe"), make(evidence="left upper lobe nodule"), REPORT)
    assert not same_finding(make("omission"), make("laterality"), REPORT)
    assert same_finding(make(evidence=""), make(), REPORT)  # no place: type alone
    # overlapping spans in the report although neither string contains the other
    assert same_finding(make(evidence="right upper lobe. Small"), make(evidence="Small left effusion"), REPORT)
    box = {"evidence": ""}
    assert same_finding(make("rotation", region=[0, 0, 10, 10], **box), make("rotation", region=[5, 5, 20, 20], **box), "")
    assert not same_finding(make("rotation", region=[0, 0, 10, 10], **box), make("rotation", region=[10, 0, 20, 10], **box), "")


def test_each_finding_pairs_at_most_once():
    agreed, recall_only, precision_only = pair_up([make(), make(evidence="left upper")], [make(confidence=0.8)], REPORT)
    assert len(agreed) == 1 and len(recall_only) == 1 and precision_only == []


def test_a_role_repeating_itself_counts_once():
    assert [f.confidence for f in distinct([make(confidence=0.4), make(confidence=0.8), make("omission")])] == [0.9, 0.8]


def test_evidence_must_occur_in_the_report_and_radiograph_findings_need_measurements():
    assert evidence_holds(RECALL_ONLY, "ct_report", REPORT)
    assert not evidence_holds(make(evidence="left lower lobe mass"), "ct_report", REPORT)
    assert not evidence_holds(make(evidence=""), "ct_report", REPORT)
    assert evidence_holds(make("rotation", "", measurements={"offset": 0.2}), "cxr", "")
    assert not evidence_holds(make("rotation", ""), "cxr", "")


def test_second_look_needs_the_precision_auditor_to_have_seen_it_too():
    assert second_look(RECALL_ONLY, [make("omission", "Small left effusion", 0.35)], floor=0.3, report=REPORT)
    assert not second_look(RECALL_ONLY, [make("omission", "Small left effusion", 0.2)], floor=0.3, report=REPORT)
    assert not second_look(RECALL_ONLY, [AGREED_P], floor=0.3, report=REPORT)
