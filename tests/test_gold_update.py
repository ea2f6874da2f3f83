"""Confirmed verdicts become gold labels once; rejected ones and unlabelled cases are left alone."""

import json

from typer.testing import CliRunner

from radqc.cli.main import app
from radqc.dataset import load_dataset
from radqc.eval.gold_update import add_confirmed_labels
from radqc.schemas import Adjudication


def verdict(case_id, verdict="confirmed", evidence="12 mm"):
    return Adjudication(case_id=case_id, error_type="measurement", evidence=evidence, verdict=verdict, reviewer="dr-a")


def test_confirmed_verdicts_become_labels_once():
    records = [{"case_id": "a", "labels": [], "extra": 1}, {"case_id": "b"}, {"case_id": "c", "labels": []}]
    reports = {"a": "12 mm nodule.", "b": "12 mm nodule.", "c": "12 mm nodule."}
    updated, added, already = add_confirmed_labels(records, [verdict("a"), verdict("a"), verdict("b"), verdict("c", "rejected")], reports)
    assert (added, already) == (1, 1)
    assert updated[0]["labels"] == [{"error_type": "measurement", "evidence": "12 mm", "note": "confirmed on review by dr-a"}]
    assert updated[0]["extra"] == 1 and "labels" not in updated[1] and updated[2]["labels"] == []
    again, added_again, already_again = add_confirmed_labels(updated, [verdict("a")], reports)
    assert (added_again, already_again) == (0, 1) and again == updated


def test_apply_verdicts_command(tmp_path):
    data = tmp_path / "set"
    data.mkdir()
    (data / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: 12 mm nodule.", "labels": []}) + "\n")
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(verdict("a").model_dump_json() + "\n")
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0 and "1 confirmed labels added" in result.output
    assert load_dataset(data).cases[0].labels[0].evidence == "12 mm"
    assert (data / "manifest.jsonl.bak").is_file()


REPORT = ("FINDINGS: 14 mm nodule in the right upper lobe. The uterus is unremarkable.\n"
          "IMPRESSION: 14 mm nodule in the left upper lobe.")


def test_apply_verdicts_adds_no_second_label_for_an_error_gold_already_holds(tmp_path):
    """A confirmed finding whose evidence overlaps a gold label of its type is the same error (the
    evaluator would match either to one prediction): adding it would make a perfect audit miss a label."""
    data = tmp_path / "set"
    data.mkdir()
    gold = [{"error_type": "laterality", "evidence": "left upper lobe"},
            {"error_type": "sex_mismatch", "evidence": "The uterus is unremarkable."}]
    (data / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": REPORT,
                                                     "patient": {"sex": "M"}, "labels": gold}) + "\n")
    confirmed = [("laterality", "nodule in the left upper lobe"), ("sex_mismatch", "uterus"), ("laterality", "right upper lobe")]
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(Adjudication(case_id="a", error_type=t, evidence=e, verdict="confirmed").model_dump_json() + "\n"
                                for t, e in confirmed))
    command = ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "1 confirmed labels added" in result.output and "2 already in gold" in result.output
    labels = [(label.error_type, label.evidence) for label in load_dataset(data).cases[0].labels]
    assert labels == [(g["error_type"], g["evidence"]) for g in gold] + [("laterality", "right upper lobe")]
    again = CliRunner().invoke(app, command)
    assert "0 confirmed labels added" in again.output and "3 already in gold" in again.output
    assert len(load_dataset(data).cases[0].labels) == 3
