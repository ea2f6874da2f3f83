"""Metrics against values computed by hand from the definitions in docs/dataset-format.md."""

import json

import pytest

from radqc.dataset import load_dataset
from radqc.eval.metrics import compute_metrics
from radqc.schemas import Adjudication, AuditResult, Finding

REPORT_A = "FINDINGS: Right upper lobe nodule 12 mm. Left kidney cyst.\nIMPRESSION: Left upper lobe nodule 12 mm."
REPORT_B = "FINDINGS: Nodule nodule nodule.\nIMPRESSION: Normal."


def write_dataset(tmp_path, cases):
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n")
    return load_dataset(tmp_path)


def ct(case_id, report, labels):
    return {"case_id": case_id, "modality": "ct_report", "report": report, "labels": labels}


def result(case_id, *findings, status="ok", modality="ct_report"):
    return AuditResult(case_id=case_id, modality=modality, status=status, findings=list(findings))


def finding(error_type, evidence="", confidence=0.5):
    return Finding(error_type=error_type, evidence=evidence, confidence=confidence)


@pytest.fixture
def dataset(tmp_path):
    return write_dataset(
        tmp_path,
        [
            ct("a", REPORT_A, [{"error_type": "laterality", "evidence": "Left upper lobe"},
                               {"error_type": "omission", "evidence": "Left kidney cyst"}]),
            ct("b", REPORT_B, [{"error_type": "spelling", "evidence": "nodule"}]),
            ct("clean1", "FINDINGS: Bilateral effusions.\nIMPRESSION: Bilateral effusions.", []),
            ct("clean2", "FINDINGS: Normal.\nIMPRESSION: Normal.", []),
            ct("unlabelled", "FINDINGS: x", None) | {"labels": None},
        ],
    )


def test_hand_computed_scores(dataset):
    predictions = {
        # laterality found with overlapping evidence (TP); a measurement finding with no gold (FP).
        "a": result("a", finding("laterality", "Left upper lobe nodule", 0.9), finding("measurement", "12 mm", 0.4)),
        # repeated evidence string: any occurrence overlapping any occurrence counts.
        "b": result("b", finding("spelling", "Nodule nodule", 0.8)),
        "clean1": result("clean1", finding("laterality", "Bilateral", 0.6)),
        "clean2": result("clean2"),
    }
    ct_metrics = compute_metrics(dataset, predictions)["ct_report"]
    assert ct_metrics["n_cases"] == 4  # the unlabelled case is not scored
    # Case level: laterality TP(a) FP(clean1); omission FN(a); spelling TP(b); measurement FP(a).
    per_type = ct_metrics["per_type"]
    assert per_type["laterality"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1, "tp": 1, "fp": 1, "fn": 0})
    assert per_type["omission"]["f1"] == 0.0 and per_type["omission"]["support"] == 1
    assert per_type["spelling"]["f1"] == 1.0
    assert per_type["measurement"] == pytest.approx({"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "tp": 0, "fp": 1, "fn": 0})
    # Macro over types with gold support (laterality, omission, spelling): (2/3 + 0 + 1) / 3.
    assert ct_metrics["macro_f1"] == pytest.approx((2 / 3 + 0 + 1) / 3)
    # Micro: TP 2, FP 2 (laterality clean1, measurement a), FN 1 -> P 0.5, R 2/3.
    assert ct_metrics["micro_f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # Instance: gold 3, matched 2; findings 4, matched 2.
    assert ct_metrics["recall"] == pytest.approx(2 / 3)
    assert ct_metrics["precision"] == pytest.approx(0.5)
    assert ct_metrics["false_alarm_rate"] == pytest.approx(0.5)
    assert ct_metrics["additional_discovery_rate"] is None
    assert ct_metrics["unreviewed_discoveries"] == 2
    assert compute_metrics(dataset, predictions)["cxr"] is None


def test_non_overlapping_evidence_does_not_match(dataset):
    predictions = {"a": result("a", finding("laterality", "Right upper lobe"))}
    metrics = compute_metrics(dataset, predictions)["ct_report"]
    assert metrics["recall"] == 0.0
    # ...but at case level the type is still right.
    assert metrics["per_type"]["laterality"]["tp"] == 1


def test_finding_without_evidence_matches_by_type_once(dataset):
    predictions = {"a": result("a", finding("laterality"), finding("laterality"))}
    metrics = compute_metrics(dataset, predictions)["ct_report"]
    assert metrics["per_type_instance"]["laterality"] == {"recall": 1.0, "precision": 0.5, "support": 1, "findings": 2}


def test_greedy_matching_gives_the_label_to_the_most_confident_finding(tmp_path):
    data = write_dataset(tmp_path, [ct("x", REPORT_A, [{"error_type": "laterality", "evidence": "Left upper lobe"}])])
    weak, strong = finding("laterality", "Left", 0.2), finding("laterality", "upper lobe nodule 12", 0.9)
    metrics = compute_metrics(data, {"x": result("x", weak, strong)})["ct_report"]
    assert metrics["recall"] == 1.0 and metrics["precision"] == 0.5


def test_empty_predictions_and_errors_are_misses(dataset):
    metrics = compute_metrics(dataset, {"a": result("a", finding("laterality"), status="error")})["ct_report"]
    assert metrics["recall"] == 0.0 and metrics["precision"] == 0.0 and metrics["macro_f1"] == 0.0
    assert metrics["n_failed"] == 1 and metrics["n_pending"] == 3  # no answer yet is not a failure
    # Only a flagged case waits for review: a clean one waiting is an alarm until a reviewer clears it.
    assert metrics["false_alarm_rate"] == 1.0


def test_a_failed_clean_case_is_no_false_alarm(dataset):
    predictions = {"clean1": result("clean1", status="error"), "clean2": result("clean2")}
    assert compute_metrics(dataset, predictions)["ct_report"]["false_alarm_rate"] == 0.0


def test_bad_lines_are_scored_as_misses_when_their_labels_are_readable(tmp_path):
    lines = [
        json.dumps({"case_id": "img", "modality": "cxr", "image_path": "missing.png", "labels": [{"error_type": "rotation"}]}),
        "{not json",
    ]
    (tmp_path / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    data = load_dataset(tmp_path)
    assert len(data.errors) == 2 and not data.cases
    metrics = compute_metrics(data, {})
    assert metrics["cxr"]["n_cases"] == 1 and metrics["cxr"]["recall"] == 0.0
    assert metrics["cxr"]["per_type"]["rotation"]["fn"] == 1


def test_additional_discovery_rate_from_adjudications(dataset):
    predictions = {"a": result("a", finding("measurement", "12 mm")), "clean2": result("clean2", finding("spelling", "Normal"))}
    verdicts = [
        Adjudication(case_id="a", error_type="measurement", evidence="12 mm", verdict="confirmed", reviewer="r1"),
        Adjudication(case_id="clean2", error_type="spelling", evidence="IMPRESSION", verdict="rejected", reviewer="r1"),
    ]
    metrics = compute_metrics(dataset, predictions, verdicts)["ct_report"]
    assert metrics["additional_discovery_rate"] == pytest.approx(1 / 3)
    assert metrics["confirmed_discoveries"] == 1
    # The spelling verdict's evidence does not overlap the finding's: still unreviewed.
    assert metrics["unreviewed_discoveries"] == 1


def test_findings_of_one_confirmed_error_are_one_discovery(dataset):
    # Two findings of one error gold missed (overlapping evidence, both confirmed) and a third
    # elsewhere in the report: two errors discovered, not three.
    predictions = {"a": result("a", finding("measurement", "Right upper lobe nodule", 0.9),
                               finding("measurement", "nodule 12 mm. Left", 0.8),
                               finding("measurement", "IMPRESSION: Left upper lobe", 0.7))}
    verdicts = [Adjudication(case_id="a", error_type="measurement", evidence=evidence, verdict="confirmed", reviewer="r1")
                for evidence in ("Right upper lobe nodule 12 mm", "IMPRESSION: Left")]
    metrics = compute_metrics(dataset, predictions, verdicts)["ct_report"]
    assert metrics["confirmed_discoveries"] == 2 and metrics["additional_discovery_rate"] == pytest.approx(2 / 3)


def test_a_confirmed_second_finding_of_a_labelled_error_is_no_discovery(dataset):
    # Both findings overlap the gold "Left upper lobe"; the less confident one is left unmatched.
    predictions = {"a": result("a", finding("laterality", "Left upper lobe", 0.9), finding("laterality", "upper lobe nodule 12 mm.", 0.5))}
    verdicts = [Adjudication(case_id="a", error_type="laterality", evidence="upper lobe nodule", verdict="confirmed", reviewer="r1")]
    metrics = compute_metrics(dataset, predictions, verdicts)["ct_report"]
    assert metrics["confirmed_discoveries"] == 0 and metrics["additional_discovery_rate"] == 0.0


def measurement_verdict(evidence, decision):
    return Adjudication(case_id="a", error_type="measurement", evidence=evidence, verdict=decision, reviewer="r1")


def discoveries(dataset, findings, verdicts):
    metrics = compute_metrics(dataset, {"a": result("a", *findings)}, verdicts)["ct_report"]
    return metrics["confirmed_discoveries"], metrics["unreviewed_discoveries"]


def test_verdicts_that_overlap_a_finding_and_disagree_leave_it_unreviewed_whatever_their_order(dataset):
    """The first verdict in the files whose evidence overlapped the finding was taken: one order of two
    reviewers' files made it a discovery, the other a rejection."""
    found = [finding("measurement", "Right upper lobe nodule 12 mm", 0.9)]
    verdicts = [measurement_verdict("Right upper lobe", "rejected"), measurement_verdict("nodule 12 mm", "confirmed")]
    assert discoveries(dataset, found, verdicts) == discoveries(dataset, found, verdicts[::-1]) == (0, 1)


def test_a_verdict_on_the_finding_s_exact_evidence_settles_it_before_overlapping_ones(dataset):
    """`radqc review` matched that verdict to this very finding; an earlier line overlapping it won."""
    found = [finding("measurement", "Right upper lobe nodule 12 mm", 0.9)]
    verdicts = [measurement_verdict("Right upper lobe", "rejected"), measurement_verdict("Right upper lobe nodule 12 mm", "confirmed")]
    assert discoveries(dataset, found, verdicts) == discoveries(dataset, found, verdicts[::-1]) == (1, 0)


def test_one_confirmed_verdict_over_two_findings_is_one_discovery(dataset):
    """Two findings that do not overlap each other, both within one confirmed verdict's evidence, counted
    as two errors gold lacks."""
    found = [finding("measurement", "Right upper lobe", 0.9), finding("measurement", "nodule 12 mm", 0.8)]
    assert discoveries(dataset, found, [measurement_verdict("Right upper lobe nodule 12 mm", "confirmed")]) == (1, 0)


def test_cxr_instance_matching_ignores_evidence_text(tmp_path):
    (tmp_path / "i.png").write_bytes(b"\x89PNG")
    data = write_dataset(tmp_path, [{"case_id": "i", "modality": "cxr", "image_path": "i.png",
                                     "labels": [{"error_type": "rotation", "evidence": "clavicles asymmetric"}]}])
    metrics = compute_metrics(data, {"i": result("i", finding("rotation", "spinous process off-centre"), modality="cxr")})["cxr"]
    assert metrics["recall"] == 1.0 and metrics["macro_f1"] == 1.0


def test_only_judged_criteria_are_scored_when_a_case_lists_them(tmp_path):
    (tmp_path / "i.png").write_bytes(b"\x89PNG")
    data = write_dataset(tmp_path, [{"case_id": "i", "modality": "cxr", "image_path": "i.png",
                                     "labels": [{"error_type": "motion_blur"}],
                                     "meta": {"judged_criteria": ["motion_blur", "underexposure"]}}])
    predictions = {"i": result("i", finding("motion_blur"), finding("rotation"), modality="cxr")}
    metrics = compute_metrics(data, predictions)["cxr"]
    # rotation was never judged on this image: neither a true nor a false positive.
    assert metrics["precision"] == 1.0 and metrics["per_type"]["rotation"]["fp"] == 0
    assert metrics["micro_f1"] == 1.0


def test_model_calls_are_summed_per_model_and_an_unknown_price_makes_the_cost_unknown():
    from radqc.eval.llm_usage import total_cost, usage_totals

    def trace(model, calls, cost):
        return {"api_calls": calls, "failed_calls": 0, "cache_hits": 1, "prompt_tokens": 10 * calls, "completion_tokens": calls,
                "cost_usd": cost, "model": model}

    traces = [
        {"case_id": "a", "trace": {"recall": {"usage": trace("gpt-4o", 2, 0.01)}, "precision": {"usage": {"features": {}}}}},
        {"case_id": "b", "trace": {"recall": {"usage": trace("gpt-4o", 1, 0.005)}, "precision": {"usage": trace("local", 1, None)}}},
        {"case_id": "c", "trace": {"recall": "not a role's record"}},
    ]
    totals = usage_totals(traces)
    assert totals["gpt-4o"] == {"api_calls": 3, "failed_calls": 0, "cache_hits": 2, "prompt_tokens": 30, "completion_tokens": 3,
                                "cost_usd": 0.015}
    assert totals["local"]["cost_usd"] is None and total_cost(totals) is None
    assert total_cost({"gpt-4o": totals["gpt-4o"]}) == 0.015
    assert usage_totals([traces[2], {"case_id": "d", "trace": {"precision": {"usage": {"features": {}}}}}]) is None


def test_criteria_are_undecided_only_when_every_role_is_the_rules():
    from radqc.agents.cxr.decide import undecided

    offline = undecided([("rules", 0.3), ("rules", 0.7)])
    assert "scapula_overlap" in offline and "underexposure" not in offline  # scapulae have no model; exposure is fitted
    assert undecided([("llm", 0.3), ("rules", 0.7)]) == []  # a model may report any criterion
