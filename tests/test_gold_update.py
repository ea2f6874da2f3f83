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
    updated, added = add_confirmed_labels(records, [verdict("a"), verdict("a"), verdict("b"), verdict("c", "rejected")])
    assert added == 1
    assert updated[0]["labels"] == [{"error_type": "measurement", "evidence": "12 mm", "note": "confirmed on review by dr-a"}]
    assert updated[0]["extra"] == 1 and "labels" not in updated[1] and updated[2]["labels"] == []
    again, added_again = add_confirmed_labels(updated, [verdict("a")])
    assert added_again == 0 and again == updated


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
