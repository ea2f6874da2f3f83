"""The cases report.html lists under the numbers: paired as the instance metrics pair labels and findings."""

import json

from radqc.dataset import load_dataset
from radqc.eval.case_errors import case_errors
from radqc.eval.html_report import render_html
from radqc.eval.metrics import compute_metrics
from radqc.schemas import AuditResult, Finding

REPORT = "FINDINGS: Right upper lobe nodule 12 mm. Left kidney cyst.\nIMPRESSION: Left upper lobe nodule 12 mm."


def _dataset(tmp_path, cases):
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(c) for c in cases) + "\n")
    return load_dataset(tmp_path)


def _ct(case_id, labels, report=REPORT):
    return {"case_id": case_id, "modality": "ct_report", "report": report, "labels": labels}


def _result(case_id, *findings, status="ok"):
    return AuditResult(case_id=case_id, modality="ct_report", status=status, findings=list(findings))


def test_only_cases_with_a_miss_or_an_unmatched_finding_are_listed_with_what_went_wrong(tmp_path):
    dataset = _dataset(tmp_path, [
        _ct("right", [{"error_type": "laterality", "evidence": "Left upper lobe"}]),
        _ct("wrong-place", [{"error_type": "laterality", "evidence": "Left upper lobe"},
                            {"error_type": "omission", "evidence": "Left kidney cyst"}]),
        _ct("clean", []),
        _ct("broken", [{"error_type": "omission", "evidence": "Left kidney cyst"}]),
        _ct("unlabelled", None),
    ])
    predictions = {
        "right": _result("right", Finding(error_type="laterality", evidence="Left upper lobe nodule", confidence=0.9)),
        # the right type on other words is a miss and a finding outside the gold labels, as instance recall counts it
        "wrong-place": _result("wrong-place", Finding(error_type="laterality", evidence="Right upper lobe", confidence=0.7)),
        "clean": _result("clean", Finding(error_type="spelling", evidence="cyst", confidence=0.6)),
        "broken": _result("broken", status="error"),
        "unlabelled": _result("unlabelled", Finding(error_type="spelling", evidence="cyst", confidence=0.6)),
    }
    listed = {e.case_id: e for e in case_errors(dataset, predictions)}
    assert list(listed) == ["wrong-place", "clean", "broken"]
    assert [label.evidence for label in listed["wrong-place"].missed] == ["Left upper lobe", "Left kidney cyst"]
    assert [f.evidence for f in listed["wrong-place"].unmatched] == ["Right upper lobe"]
    assert listed["clean"].missed == [] and [f.error_type for f in listed["clean"].unmatched] == ["spelling"]
    assert listed["broken"].failed and [label.error_type for label in listed["broken"].missed] == ["omission"]


def test_a_report_file_is_linked_and_inline_text_is_not(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r1.txt").write_text(REPORT)
    dataset = _dataset(tmp_path, [
        {"case_id": "file", "modality": "ct_report", "report_path": "reports/r1.txt", "labels": [{"error_type": "omission"}]},
        _ct("inline", [{"error_type": "omission"}]),
    ])
    files = {e.case_id: e.file for e in case_errors(dataset, {})}
    assert files == {"file": (tmp_path / "reports" / "r1.txt").resolve(), "inline": None}
    page = render_html(compute_metrics(dataset, {}), "run", case_errors(dataset, {}))
    assert f"<a href='{(tmp_path / 'reports' / 'r1.txt').resolve().as_uri()}'>file</a>" in page
    assert "<td class='case'>inline (waits for review)</td>" in page


def test_report_text_in_the_case_list_is_escaped(tmp_path):
    """Evidence is a report's own words: untrusted, so it must not become markup in report.html."""
    report = "FINDINGS: <script>alert(1)</script> Left kidney cyst.\nIMPRESSION: Normal."
    dataset = _dataset(tmp_path, [_ct("x", [], report=report)])
    predictions = {"x": _result("x", Finding(error_type="omission", evidence="<script>alert(1)</script>", confidence=0.8))}
    page = render_html(compute_metrics(dataset, predictions), "run", case_errors(dataset, predictions))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "1 case with a missed error or a finding outside the gold labels" in page


def test_report_html_names_the_unlabelled_cases_with_findings(tmp_path):
    """A folder `radqc data index` made has no gold labels: report.html counted the cases with findings
    ("1 with findings") but named none, so finding the flagged film meant reading predictions.jsonl."""
    from radqc.eval.case_errors import unlabelled_findings
    from radqc.eval.metrics import unlabelled_summary

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "flagged.txt").write_text(REPORT)
    dataset = _dataset(tmp_path, [
        {"case_id": "flagged", "modality": "ct_report", "report_path": "reports/flagged.txt"},
        _ct("quiet", None),
        _ct("broken", None),
        _ct("scored", []),
    ])
    finding = Finding(error_type="laterality", evidence="Left upper lobe nodule", confidence=0.7)
    predictions = {"flagged": _result("flagged", finding), "quiet": _result("quiet"),
                   "broken": _result("broken", finding, status="error"), "scored": _result("scored", finding)}
    flagged = unlabelled_findings(dataset, predictions)
    assert [e.case_id for e in flagged] == ["flagged"] and flagged[0].unmatched == [finding]
    assert len(flagged) == unlabelled_summary(dataset, predictions)["with_findings"]
    metrics = compute_metrics(dataset, predictions)
    metrics["run"] = {"unlabelled": unlabelled_summary(dataset, predictions)}
    page = render_html(metrics, "run", case_errors(dataset, predictions), flagged)
    listed = page.split("<h2>Cases without gold labels, with findings</h2>")[1]
    assert f"<a href='{(tmp_path / 'reports' / 'flagged.txt').resolve().as_uri()}'>flagged</a>" in listed
    assert "laterality (0.70): “Left upper lobe nodule”" in listed
    assert "quiet" not in listed and "broken" not in listed and "scored" not in listed
    assert "those with findings are listed at the end" in page
