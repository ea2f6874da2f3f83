"""Confirmed verdicts become gold labels once; rejected ones and unlabelled cases are left alone."""

import json

from typer.testing import CliRunner

from radqc.cli.main import app
from radqc.dataset import load_dataset
from radqc.eval.gold_update import add_confirmed_labels
from radqc.schemas import Adjudication, Case, Label


def verdict(case_id, verdict="confirmed", evidence="12 mm"):
    return Adjudication(case_id=case_id, error_type="measurement", evidence=evidence, verdict=verdict, reviewer="dr-a")


def test_confirmed_verdicts_become_labels_once():
    records = [{"case_id": "a", "labels": [], "extra": 1}, {"case_id": "b"}, {"case_id": "c", "labels": []}]
    texts = {"a": "12 mm nodule.", "b": "12 mm nodule.", "c": "12 mm nodule."}
    cases = {case_id: Case(case_id=case_id, modality="ct_report", report=text, labels=record.get("labels"))
               for (case_id, text), record in zip(texts.items(), records)}
    updated, added, already = add_confirmed_labels(records, [verdict("a"), verdict("a"), verdict("b"), verdict("c", "rejected")], cases)
    assert (added, already) == (1, 1)
    assert updated[0]["labels"] == [{"error_type": "measurement", "evidence": "12 mm", "note": "confirmed on review by dr-a"}]
    assert updated[0]["extra"] == 1 and "labels" not in updated[1] and updated[2]["labels"] == []
    cases["a"] = cases["a"].model_copy(update={"labels": [Label(error_type="measurement", evidence="12 mm")]})
    again, added_again, already_again = add_confirmed_labels(updated, [verdict("a")], cases)
    assert (added_again, already_again) == (0, 1) and again == updated


def test_apply_verdicts_command(tmp_path):
    data = tmp_path / "set"
    data.mkdir()
    (data / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: 12 mm nodule.", "labels": []}) + "\n")
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(verdict("a").model_dump_json() + "\n")
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0 and "1 confirmed label added" in result.output
    assert load_dataset(data).cases[0].labels[0].evidence == "12 mm"
    assert (data / "manifest.jsonl.bak").is_file()


def test_apply_verdicts_says_what_it_left_out_for_unlabelled_cases(tmp_path):
    """A `radqc data index` set is all unlabelled: applying its review read "0 confirmed labels added;
    0 already in gold", the confirmed findings left out without a word."""
    data = tmp_path / "set"
    data.mkdir()
    (data / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: 12 mm nodule."}) + "\n")
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(verdict("a").model_dump_json() + "\n" + verdict("a", "rejected", "nodule").model_dump_json() + "\n")
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0, result.output
    message = " ".join(result.output.split())
    assert "0 confirmed labels added" in message and "1 confirmed verdict on unlabelled cases not added" in message
    assert load_dataset(data).cases[0].labels is None and not (data / "manifest.jsonl.bak").exists()


def test_apply_verdicts_says_how_to_label_an_unlabelled_case_and_that_way_works(tmp_path):
    """"give such a case its "labels" first" left a QC lead who had indexed a folder, run it and reviewed it at a dead
    end: which cases, and labels how? The step it now names is followed here, and the confirmed finding becomes a label."""
    data = tmp_path / "set"
    data.mkdir()
    lines = [{"case_id": name, "modality": "ct_report", "report": "FINDINGS: 12 mm nodule."} for name in ("a", "b", "c", "d", "e")]
    (data / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(verdict(name).model_dump_json() + "\n" for name in ("a", "b", "c", "d", "e", "a")))
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0, result.output
    assert ("6 confirmed verdicts on unlabelled cases not added: a verdict on some findings does not make a case fully "
            "labelled. Once a reviewer has read a case in full (a, b, c and 2 more), add \"labels\": [] to its manifest line "
            "(no error beyond those confirmed) and apply the verdicts again: its confirmed findings become its labels"
            ) in " ".join(result.output.split()), result.output
    lines[0]["labels"] = []
    (data / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    again = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert again.exit_code == 0 and "1 confirmed label added" in again.output, again.output
    assert [label.evidence for label in load_dataset(data).cases[0].labels] == ["12 mm"]


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
    assert "1 confirmed label added" in result.output and "2 already in gold" in result.output
    labels = [(label.error_type, label.evidence) for label in load_dataset(data).cases[0].labels]
    assert labels == [(g["error_type"], g["evidence"]) for g in gold] + [("laterality", "right upper lobe")]
    again = CliRunner().invoke(app, command)
    assert "0 confirmed labels added" in again.output and "3 already in gold" in again.output
    assert len(load_dataset(data).cases[0].labels) == 3


def _radiograph_set(folder, labels):
    from PIL import Image

    folder.mkdir()
    Image.new("L", (64, 64), 128).save(folder / "chest.png")
    case = {"case_id": "chest", "modality": "cxr", "image_path": "chest.png", "labels": labels}
    (folder / "manifest.jsonl").write_text(json.dumps(case) + "\n")
    return folder


def test_apply_verdicts_matches_radiograph_labels_on_type_alone_as_eval_does(tmp_path):
    """`radqc eval` ignores evidence for radiographs: a second rotation label, worded otherwise, would
    leave one label missed by the one correct prediction."""
    data = _radiograph_set(tmp_path / "set", [{"error_type": "rotation", "evidence": "clavicles asymmetric"}])
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(
        Adjudication(case_id="chest", error_type=t, evidence=e, verdict="confirmed").model_dump_json() + "\n"
        for t, e in [("rotation", "spinous processes off centre"), ("motion_blur", "blurred diaphragm")]))
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0, result.output
    assert "1 confirmed label added" in result.output and "1 already in gold" in result.output
    assert [label.error_type for label in load_dataset(data).cases[0].labels] == ["rotation", "motion_blur"]


def test_apply_verdicts_reads_a_verdict_file_with_a_byte_order_mark_and_writes_atomically(tmp_path, monkeypatch):
    import radqc.jsonl

    data = tmp_path / "set"
    data.mkdir()
    (data / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: 12 mm nodule.", "labels": []}) + "\n")
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(verdict("a").model_dump_json() + "\n", encoding="utf-8-sig")
    written = []
    atomic = radqc.jsonl.write_atomically
    monkeypatch.setattr(radqc.jsonl, "write_atomically", lambda path, text: (written.append(path), atomic(path, text)))
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(data), "--verdicts", str(verdicts)])
    assert result.exit_code == 0, result.output
    assert "1 confirmed label added" in result.output and written == [data / "manifest.jsonl"]
    assert load_dataset(data).cases[0].labels[0].evidence == "12 mm"


def test_apply_verdicts_writes_to_a_manifest_given_as_the_file_itself(tmp_path):
    """`radqc eval` reads a dataset from its manifest file as from its folder; apply-verdicts refused the
    file ("need .../manifest.jsonl/manifest.jsonl")."""
    data = tmp_path / "set"
    data.mkdir()
    manifest = data / "tuesday.jsonl"
    manifest.write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: 12 mm nodule.", "labels": []}) + "\n")
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(verdict("a").model_dump_json() + "\n")
    result = CliRunner().invoke(app, ["data", "apply-verdicts", str(manifest), "--verdicts", str(verdicts)])
    assert result.exit_code == 0 and "1 confirmed label added" in result.output, result.output
    assert load_dataset(manifest).cases[0].labels[0].evidence == "12 mm" and (data / "tuesday.jsonl.bak").is_file()
