"""Bad input is named, never read as something else: gold that is not valid for its case, images that
cannot be read as radiographs, verdicts that cannot become gold, a manifest that is not one, and a
language tag the report's script contradicts. Through the real `radqc` command where a user meets it."""

import codecs
import json
import shutil

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from radqc.cli.main import app
from radqc.dataset import DatasetError, broken_gold_message, load_dataset
from radqc.folder_index import index_folder

pytestmark = pytest.mark.e2e
runner = CliRunner()
LATERALITY_REPORT = "FINDINGS: 14 mm nodule in the right upper lobe.\nIMPRESSION: 14 mm nodule in the left upper lobe."
ZH_LATERALITY_REPORT = "检查所见：右肾见一结石，直径约6mm，左肾未见异常。\n诊断意见：左肾结石。"


def write_manifest(folder, cases, prefix=b""):
    folder.mkdir(exist_ok=True)
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    (folder / "manifest.jsonl").write_bytes(prefix + lines.encode("utf-8"))
    return folder


def predictions(out):
    return {line["case_id"]: line for line in map(json.loads, (out / "predictions.jsonl").read_text().splitlines())}


def said(result):
    """The command's output in one line (rich wraps error boxes)."""
    return " ".join(result.output.replace("│", " ").split())


# --- gold labels -------------------------------------------------------------------------------------

BROKEN_GOLD = {
    "typo": [{"error_type": "lateraliy", "evidence": "left upper lobe"}],
    "string": "laterality",
    "not-objects": ["laterality", 3],
    "cxr-type": [{"error_type": "rotation"}],
    "evidence-elsewhere": [{"error_type": "laterality", "evidence": "right lower lobe"}],
}


@pytest.mark.parametrize("name", BROKEN_GOLD)
def test_gold_not_valid_for_the_modality_is_never_a_clean_case(tmp_path, name):
    data = load_dataset(write_manifest(tmp_path, [
        {"case_id": "bad", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": BROKEN_GOLD[name]},
        {"case_id": "clean", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
    ]))
    [error] = data.errors
    assert error.case_id == "bad" and error.gold_problems and not error.scored
    message = broken_gold_message(data)
    assert "1 case has gold labels" in message and "bad:" in message and "radqc data validate" in message


def test_broken_gold_is_named_with_a_hint_and_listed_by_validate(tmp_path):
    folder = write_manifest(tmp_path, [
        {"case_id": f"c{name}", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": labels}
        for name, labels in BROKEN_GOLD.items()
    ] + [{"case_id": "missing-image", "modality": "cxr", "image_path": "nope.png", "labels": [{"error_type": "banana"}]}])
    result = runner.invoke(app, ["data", "validate", str(folder)])
    output = said(result)
    assert result.exit_code == 1 and "6 problems" in output
    assert "unknown ct_report error type 'lateraliy' (did you mean 'laterality'?)" in output
    assert "labels must be a list of label objects, not str 'laterality'" in output
    assert "labels[0]: str 'laterality' is not a label object" in output and "labels[1]: int 3" in output
    assert "'rotation' is a cxr error type, not a ct_report one" in output
    assert "evidence 'right lower lobe' (laterality) is not a substring of the report" in output
    assert "file not found: nope.png; invalid gold labels: labels[0]: unknown cxr error type 'banana'" in output


def test_a_missing_file_is_named_by_its_path_in_the_dataset_and_its_case_listed_by_eval(tmp_path):
    """"file not found: missing.png" did not say which of a dataset's folders to look in, and `radqc
    eval` only counted the failed case: its id was in predictions.jsonl alone."""
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "p17", "modality": "cxr", "image_path": "ward3/2024/missing.png", "labels": []},
        {"case_id": "r1", "modality": "ct_report", "report_path": "ward3/reports/gone.txt", "labels": []},
        {"case_id": "ok", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
    ])
    (folder / "ward3" / "2024").mkdir(parents=True)
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"])
    assert result.exit_code == 3, result.output  # finished, incomplete: two of its cases failed
    assert predictions(tmp_path / "run")["p17"]["error"] == "file not found: ward3/2024/missing.png"
    assert "2 cases failed, scored as misses" in said(result), result.output
    assert "p17: file not found: ward3/2024/missing.png" in said(result)
    assert "r1: file not found: ward3/reports/gone.txt" in said(result)


def test_a_path_written_with_windows_separators_is_named_with_the_fix(tmp_path):
    """"file not found: reports\\r1.txt" beside an existing reports/r1.txt left the user to spot why."""
    folder = write_manifest(tmp_path, [{"case_id": "r1", "modality": "ct_report", "report_path": "reports\\r1.txt"}])
    (folder / "reports").mkdir()
    (folder / "reports" / "r1.txt").write_text(LATERALITY_REPORT, encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", str(folder)])
    assert result.exit_code == 1
    assert "r1: file not found: reports\\r1.txt (separate folders with /, not \\)" in said(result), result.output


def test_failed_cases_without_gold_labels_are_not_said_to_be_scored_as_misses(tmp_path):
    """A folder `radqc data index` wrote has no gold labels, so no score holds its failures; the summary
    said "scored as misses" beside "no score covers them"."""
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "today", "modality": "cxr", "image_path": "gone.png"},
        {"case_id": "gone", "modality": "ct_report", "report_path": "gone.txt"},
        {"case_id": "p17", "modality": "cxr", "image_path": "missing.png", "labels": []},
    ])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"])
    assert result.exit_code == 1, result.output
    assert "3 cases failed, 1 scored as a miss (every error is in" in said(result), result.output
    (folder / "manifest.jsonl").write_text("".join(line for line in (folder / "manifest.jsonl").read_text().splitlines(True)
                                                   if "p17" not in line))
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"])
    assert "2 cases failed, in no score: they have no gold labels (every error is in" in said(result), result.output
    (folder / "manifest.jsonl").write_text("".join(line for line in (folder / "manifest.jsonl").read_text().splitlines(True)
                                                   if "gone.txt" not in line))
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"])
    assert "1 case failed, in no score: it has no gold labels (every error is in" in said(result), result.output
    assert "1 case has no gold labels, so no score covers it: audited" in said(result), result.output


def test_a_fault_written_in_short_is_pointed_to_its_id_not_to_a_like_spelt_other_fault(tmp_path):
    """A user who wrote "motion" or "orientation" for a radiograph was asked "did you mean 'rotation'?",
    another fault: taking the hint mislabels the case. The id holding the word is named, and every one
    when several do."""
    folder = write_manifest(tmp_path, [
        {"case_id": "film", "modality": "cxr", "image_path": "a.png",
         "labels": [{"error_type": "motion"}, {"error_type": "orientation"}, {"error_type": "markers"}]},
        {"case_id": "report", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [{"error_type": "mismatch"}]},
    ])
    output = said(runner.invoke(app, ["data", "validate", str(folder)]))
    assert "unknown cxr error type 'motion' (did you mean 'motion_blur'?)" in output
    assert "'orientation' (did you mean 'orientation_photometric'?)" in output
    assert "'markers' (did you mean 'marker_annotation'?)" in output
    assert "'rotation'" not in output
    assert ("unknown ct_report error type 'mismatch' (did you mean 'findings_impression_mismatch' or 'sex_mismatch' or "
            "'exam_mismatch'?)") in output


def test_judged_criteria_that_would_drop_gold_or_silence_findings_are_broken_gold(tmp_path):
    label = [{"error_type": "laterality", "evidence": "left upper lobe"}]
    folder = write_manifest(tmp_path, [
        {"case_id": f"c{index}", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": labels, "meta": {"judged_criteria": criteria}}
        for index, (labels, criteria) in enumerate([(label, ["laterality"]), (label, ["omission"]), ([], "laterality"), ([], ["rotation"])])
    ])
    assert [error.case_id for error in load_dataset(folder).errors] == ["c1", "c2", "c3"]
    output = said(runner.invoke(app, ["data", "validate", str(folder)]))
    assert "c1: invalid gold labels: labels[0]: 'laterality' is not in meta.judged_criteria, so it would not be scored" in output
    assert "c2: invalid gold labels: meta.judged_criteria must be a list of error type ids, not str 'laterality'" in output
    assert "c3: invalid gold labels: meta.judged_criteria: 'rotation' is a cxr error type, not a ct_report one" in output


def test_refusal_names_at_most_ten_cases(tmp_path):
    data = load_dataset(write_manifest(tmp_path, [
        {"case_id": f"c{index:02d}", "modality": "ct_report", "report": "x", "labels": [{"error_type": "typo"}]}
        for index in range(12)
    ]))
    message = broken_gold_message(data)
    assert "12 cases have gold labels" in message and "c09:" in message and "c10:" not in message and "and 2 more" in message



def test_eval_refuses_a_dataset_with_broken_gold_before_auditing(tmp_path):
    """A typo in one case's error type would make it a clean case and its finding a false alarm: eval
    says which case and writes nothing, rather than print plausible wrong scores."""
    folder = write_manifest(tmp_path / "data", [
        {"case_id": "typo", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [{"error_type": "lateraliy"}]},
        {"case_id": "clean", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
    ])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-html"])
    assert result.exit_code == 2
    assert "typo: labels[0]: unknown ct_report error type 'lateraliy' (did you mean 'laterality'?)" in said(result)
    assert not (tmp_path / "run").exists()

# --- radiographs that cannot be read -----------------------------------------------------------------

def bad_images(folder, samples_dir):
    """name -> what the error must say, for files that are no radiograph radqc can audit."""
    import pydicom

    images = folder / "images"
    images.mkdir(parents=True)
    png = (samples_dir / "images" / "00000001_000.png").read_bytes()
    (images / "zero.png").write_bytes(b"")
    (images / "text.png").write_text("not an image\n")
    (images / "trunc.png").write_bytes(png[:90000])
    film = Image.open(samples_dir / "images" / "00000001_000.png").convert("L")
    film.save(images / "whole.jpg", quality=90)
    (images / "trunc.jpg").write_bytes((images / "whole.jpg").read_bytes()[:20000])
    film.save(images / "film.bmp")
    film.save(images / "film.tiff")
    Image.fromarray(np.zeros((1, 1), np.uint8)).save(images / "dot.png")
    Image.fromarray(np.zeros((20000, 20), np.uint8)).save(images / "strip.png")
    Image.new("1", (20000, 20000)).save(images / "bomb.png")
    Image.fromarray(np.full((1024, 1024), 255, np.uint8)).save(images / "blank.png")  # was audited: 3 faults
    dicom = pydicom.dcmread(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm")
    dicom.Rows = dicom.Rows * 2
    dicom.save_as(images / "rows.dcm")
    del dicom.PixelData
    dicom.save_as(images / "nopixels.dcm")
    (images / "whole.jpg").unlink()
    return {
        "zero.png": "zero.png is empty (0 bytes)",
        "text.png": "text.png is not a PNG, JPEG or DICOM file",
        "trunc.png": "trunc.png: truncated PNG",
        "trunc.jpg": "trunc.jpg: truncated JPEG",
        "film.bmp": "film.bmp is a BMP image; radqc reads PNG, JPEG and DICOM",
        "film.tiff": "film.tiff is a TIFF image",
        "dot.png": "dot.png: image too small or too narrow to audit (1 x 1 px; a radiograph needs at least 64 px",
        "strip.png": "strip.png: image too small or too narrow to audit (20 x 20000 px",
        "bomb.png": "bomb.png: image has too many pixels",
        "blank.png": "blank.png: the image is blank (every pixel has the same value)",
        "rows.dcm": "rows.dcm: DICOM pixel data does not decode as its header describes (2048 x 1024 px",
        "nopixels.dcm": "nopixels.dcm: DICOM file without pixel data",
    }


def test_unreadable_radiographs_are_errors_scored_as_misses(tmp_path, samples_dir):
    expected = bad_images(tmp_path / "set", samples_dir)
    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / "set" / "images" / "good.png")
    folder = write_manifest(tmp_path / "set", [
        {"case_id": name.replace(".", "-"), "modality": "cxr", "image_path": f"images/{name}", "labels": [{"error_type": "motion_blur"}]}
        for name in [*expected, "good.png"]
    ])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--workers", "1"])
    assert result.exit_code == 3, result.output  # a run with one readable radiograph finished incomplete (1 only if every case failed)
    found = predictions(tmp_path / "out")
    assert found["good-png"]["status"] != "error"
    for name, message in expected.items():
        line = found[name.replace(".", "-")]
        assert line["status"] == "error" and line["findings"] == [], line
        assert message in line["error"] and "index -1" not in line["error"], line
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())["cxr"]
    assert (metrics["n_cases"], metrics["n_failed"]) == (len(expected) + 1, len(expected))


def test_validate_reads_every_radiograph(tmp_path, samples_dir):
    expected = bad_images(tmp_path, samples_dir)
    shutil.copy(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm", tmp_path / "images" / "good.dcm")
    cases = [{"case_id": name.replace(".", "-"), "modality": "cxr", "image_path": f"images/{name}"} for name in [*expected, "good.dcm"]]
    result = runner.invoke(app, ["data", "validate", str(write_manifest(tmp_path, cases))])
    assert result.exit_code == 1 and f"{len(expected)} problems" in said(result)
    for name, message in expected.items():
        assert f"{name.replace('.', '-')}: {message}" in said(result)
    assert "good-dcm" not in result.output


# --- reviewer verdicts -------------------------------------------------------------------------------

def verdict(case_id, error_type="laterality", evidence="left upper lobe", verdict="confirmed"):
    return {"case_id": case_id, "error_type": error_type, "evidence": evidence, "verdict": verdict, "reviewer": "dr-a"}


def test_apply_verdicts_rejects_verdicts_that_are_no_valid_gold_and_writes_nothing(tmp_path):
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "ct", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
        {"case_id": "chest", "modality": "cxr", "image_path": "chest.png", "labels": []},
        {"case_id": "judged", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [], "meta": {"judged_criteria": ["omission"]}},
    ])
    before = (folder / "manifest.jsonl").read_bytes()
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(json.dumps(v) + "\n" for v in [
        verdict("ct"),  # valid
        verdict("ct", "banana"),
        verdict("ct", "rotation"),
        verdict("ct", evidence="right lower lobe"),
        verdict("ghost"),
        verdict("chest", "laterality", ""),
        verdict("phantom", verdict="rejected"),  # a rejected verdict writes nothing, so it is not checked
        verdict("judged"),
    ]))
    result = runner.invoke(app, ["data", "apply-verdicts", str(folder), "--verdicts", str(verdicts)])
    output = said(result)
    assert result.exit_code == 1 and "6 problems with the verdicts; nothing written" in output
    assert "verdict 8 (judged, 'laterality'): 'laterality' is not in the case's meta.judged_criteria" in output
    assert "verdict 2 (ct, 'banana'): unknown ct_report error type 'banana'" in output
    assert "verdict 3 (ct, 'rotation'): 'rotation' is a cxr error type, not a ct_report one" in output
    assert "verdict 4 (ct, 'laterality'): evidence 'right lower lobe' (laterality) is not a substring" in output
    assert "verdict 5 (ghost, 'laterality'): no such case in the dataset" in output
    assert "verdict 6 (chest, 'laterality'): the case cannot be read (file not found: chest.png)" in output
    assert (folder / "manifest.jsonl").read_bytes() == before and not (folder / "manifest.jsonl.bak").exists()


def test_apply_verdicts_refuses_a_finding_both_confirmed_and_rejected_and_writes_nothing(tmp_path):
    """Two reviewers' adjudications.jsonl files put together disagreed on one finding: the confirmed
    verdict became a gold label whatever the other reviewer said, in silence."""
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "ct", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
        {"case_id": "ct2", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
    ])
    before = (folder / "manifest.jsonl").read_bytes()
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(json.dumps(v) + "\n" for v in [
        verdict("ct"), verdict("ct2"), {**verdict("ct", verdict="rejected"), "reviewer": "dr-b"}, verdict("ct2"),
    ]))
    result = runner.invoke(app, ["data", "apply-verdicts", str(folder), "--verdicts", str(verdicts)])
    assert result.exit_code == 1, result.output
    assert ("1 problem with the verdicts; nothing written to" in said(result)
            and "case 'ct': its 'laterality' finding 'left upper lobe' is both confirmed and rejected (verdict 1: confirmed by "
                "dr-a; verdict 3: rejected by dr-b); keep one of them" in said(result)), result.output
    assert (folder / "manifest.jsonl").read_bytes() == before and not (folder / "manifest.jsonl.bak").exists()


def test_a_dispute_on_an_unlabelled_case_is_listed_and_holds_back_no_other_case(tmp_path):
    """Neither verdict of a finding both confirmed and rejected on an unlabelled case can become a label
    (such a case stays unlabelled), yet the dispute refused every labelled case's confirmed labels."""
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "ct", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
        {"case_id": "today", "modality": "ct_report", "report": LATERALITY_REPORT},
    ])
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text("".join(json.dumps(v) + "\n" for v in [
        verdict("ct"), verdict("today"), {**verdict("today", verdict="rejected"), "reviewer": "dr-b"},
    ]))
    result = runner.invoke(app, ["data", "apply-verdicts", str(folder), "--verdicts", str(verdicts)])
    assert result.exit_code == 0, result.output
    assert "1 confirmed label added" in said(result) and "1 confirmed verdict on unlabelled cases not added" in said(result)
    assert ("1 finding of unlabelled cases both confirmed and rejected, for the reviewers to settle before the case is labelled: "
            "case 'today': its 'laterality' finding 'left upper lobe' is both confirmed and rejected (verdict 2: confirmed by "
            "dr-a; verdict 3: rejected by dr-b); keep one of them" in said(result)), result.output
    cases = {case.case_id: case for case in load_dataset(folder).cases}
    assert [label.evidence for label in cases["ct"].labels] == ["left upper lobe"] and cases["today"].labels is None


def test_apply_verdicts_checks_evidence_against_a_report_file_and_keeps_a_bom_manifest(tmp_path):
    folder = tmp_path / "set"
    (folder / "reports").mkdir(parents=True)
    (folder / "reports" / "r.txt").write_text(LATERALITY_REPORT, encoding="utf-8")
    write_manifest(folder, [{"case_id": "ct", "modality": "ct_report", "report_path": "reports/r.txt", "labels": []}], codecs.BOM_UTF8)
    before = (folder / "manifest.jsonl").read_bytes()
    verdicts = tmp_path / "adjudications.jsonl"
    verdicts.write_text(json.dumps(verdict("ct")) + "\n")
    result = runner.invoke(app, ["data", "apply-verdicts", str(folder), "--verdicts", str(verdicts)])
    assert result.exit_code == 0 and "1 confirmed label added" in result.output, result.output
    assert load_dataset(folder).cases[0].labels[0].evidence == "left upper lobe"
    assert (folder / "manifest.jsonl.bak").read_bytes() == before


# --- the manifest itself -----------------------------------------------------------------------------

def test_a_manifest_with_a_byte_order_mark_reads_its_first_case(tmp_path):
    folder = write_manifest(tmp_path, [
        {"case_id": "first", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [{"error_type": "laterality", "evidence": "left upper lobe"}]},
        {"case_id": "second", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": []},
    ], codecs.BOM_UTF8)
    result = runner.invoke(app, ["data", "validate", str(folder)])
    assert result.exit_code == 0 and "2 ct_report, 0 problems" in result.output, result.output
    assert [case.case_id for case in load_dataset(folder).cases] == ["first", "second"]


@pytest.mark.parametrize("content, message", [
    (b"", "holds no cases"),
    (b"\n  \n", "holds no cases"),
    (LATERALITY_REPORT.encode(), "is not a dataset manifest"),
    (b'[{"case_id": "a"}]\n', "is not a dataset manifest"),
])
def test_an_empty_manifest_or_another_file_is_refused(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        load_dataset(path)
    validate = runner.invoke(app, ["data", "validate", str(path)])
    evaluate = runner.invoke(app, ["eval", str(path), "--out", str(tmp_path / "out"), "--no-html"])
    assert validate.exit_code == evaluate.exit_code == 2 and message in said(validate) and message in said(evaluate)
    assert not (tmp_path / "out").exists()


def test_a_manifest_whose_every_line_is_too_long_names_the_limit_and_its_variable(tmp_path):
    """An over-long line said only "longer than N bytes", unlike every other limit, and a manifest of
    nothing else was called "no line is a JSON object" though each line may well be a case."""
    from radqc.limits import MAX_MANIFEST_LINE_BYTES
    report = "FINDINGS: Normal. " * (MAX_MANIFEST_LINE_BYTES // 18 + 1)
    folder = write_manifest(tmp_path / "long", [
        {"case_id": f"c{number}", "modality": "ct_report", "report": report, "labels": []} for number in (1, 2)
    ])
    size = len((folder / "manifest.jsonl").read_bytes().splitlines(keepends=True)[0])
    over = f"{size} bytes, over the {MAX_MANIFEST_LINE_BYTES}-byte limit (raise RADQC_MAX_MANIFEST_LINE_BYTES to allow it)"
    validate = runner.invoke(app, ["data", "validate", str(folder)])
    evaluate = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "out"), "--no-html"])
    for result in (validate, evaluate):
        assert "no line is a JSON object" not in said(result), result.output
        assert f"line-1: {over}" in said(result) and f"line-2: {over}" in said(result), result.output
    assert validate.exit_code == 1 and evaluate.exit_code == 2


# --- report text -------------------------------------------------------------------------------------

UNREADABLE_REPORTS = {
    "blank.txt": (b"  \r\n\t\n", "empty"),
    "utf16_no_bom.txt": (LATERALITY_REPORT.encode("utf-16-le"), "not UTF-8 text (UTF-16 without a byte-order mark: save it as UTF-8)"),
}


@pytest.mark.parametrize("name", UNREADABLE_REPORTS)
def test_a_report_with_nothing_to_audit_is_an_input_error_everywhere(tmp_path, monkeypatch, name):
    """Blanks, or UTF-16 without its byte-order mark (valid UTF-8 with a NUL after every letter), were
    audited as a report with no findings: a clean pass. Each way in now says what is wrong."""
    content, reason = UNREADABLE_REPORTS[name]
    (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)  # a short path: the error box does not break it
    audit = runner.invoke(app, ["audit", name, "--no-rag"])
    assert audit.exit_code == 2 and f"{name} is neither an image (PNG/JPEG/DICOM) nor a report to audit: {reason}" in said(audit)
    assert index_folder(tmp_path).skipped == [(name, reason)]
    write_manifest(tmp_path, [{"case_id": "file", "modality": "ct_report", "report_path": name, "labels": []},
                              {"case_id": "inline", "modality": "ct_report", "report": content.decode("utf-8", "replace"), "labels": []}])
    errors = {error.case_id: error.message for error in load_dataset(tmp_path).errors}
    inline = reason if reason == "empty" else (f"not plain text: it holds {len(LATERALITY_REPORT)} NUL characters (\\u0000), "
                                               "the first at line 1, column 2: remove them")
    assert errors == {"file": f"{name} is {reason}", "inline": f"report is {inline}"}


def test_a_nul_in_an_inline_report_is_named_with_where_it_is(tmp_path):
    """A NUL in a manifest's inline report (JSON "\\u0000") was called UTF-16 without a byte-order mark, to
    be saved as UTF-8: its encoding was not at fault, and nothing said where the NUL was."""
    folder = write_manifest(tmp_path, [{"case_id": "r1", "modality": "ct_report", "labels": [],
                                        "report": LATERALITY_REPORT.replace("left", "le\x00ft")}])
    result = runner.invoke(app, ["data", "validate", str(folder)])
    assert result.exit_code == 1
    assert "r1: report is not plain text: it holds 1 NUL character (\\u0000) at line 2, column 35: remove it" in said(result), result.output


# --- language tags -----------------------------------------------------------------------------------

def test_a_language_tag_the_script_contradicts_is_overruled_with_a_note(tmp_path):
    (tmp_path / "zh.txt").write_text(ZH_LATERALITY_REPORT, encoding="utf-8")
    folder = write_manifest(tmp_path, [
        {"case_id": "zh-as-en", "modality": "ct_report", "report": ZH_LATERALITY_REPORT, "language": "en"},
        {"case_id": "zh-as-english-file", "modality": "ct_report", "report_path": "zh.txt", "language": "English"},
        {"case_id": "en-as-zh", "modality": "ct_report", "report": LATERALITY_REPORT, "language": "zh"},
        {"case_id": "zh-told", "modality": "ct_report", "report": ZH_LATERALITY_REPORT, "language": "zh-CN"},
    ])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--no-rag"])
    assert result.exit_code == 0, result.output
    found = predictions(tmp_path / "out")
    for case_id, tag, language in (("zh-as-en", "'en'", "Chinese"), ("zh-as-english-file", "'English'", "Chinese"), ("en-as-zh", "'zh'", "English")):
        line = found[case_id]
        assert line["status"] == "degraded", line
        assert f"language tag {tag} disagrees with the report's script: read as {language}" in line["error"]
        assert "laterality" in {finding["error_type"] for finding in line["findings"]}
    assert found["zh-told"]["status"] == "ok" and found["zh-told"]["findings"]
    validate = runner.invoke(app, ["data", "validate", str(folder)])
    assert validate.exit_code == 0 and said(validate).count("note:") == 3


LATIN_SCRIPT_REPORTS = {
    "de": "BEFUND: Im rechten Oberlappen ein 12 mm großer Rundherd. Kein Pleuraerguss. Die Leber ist unauffällig.\n"
          "BEURTEILUNG: Rundherd im linken Oberlappen, 12 mm, zur Kontrolle.",
    "fr": "RÉSULTATS : Nodule de 12 mm dans le lobe supérieur droit. Pas d'épanchement pleural. Le foie est normal.\n"
          "CONCLUSION : Nodule du lobe supérieur gauche.",
    "es": "HALLAZGOS: Nódulo de 12 mm en el lóbulo superior derecho. No hay derrame pleural. El hígado es normal.\n"
          "IMPRESIÓN: Nódulo en el lóbulo superior izquierdo.",
    # Latin, drug and abbreviated words that the other languages' common words spell: English all the same.
    "en": "FINDINGS: A 12 mm nodule in the right upper lobe, de novo, per protocol. IL-6 raised; IM ceftriaxone, Na 131. "
          "Para-aortic nodes, lesion in situ, vena cava patent, post-contrast. Amoxicilina con clavulanico.\n"
          "IMPRESSION: Right upper lobe nodule, 12 mm.",
}


def test_a_latin_script_report_in_another_language_is_degraded_with_a_note(tmp_path):
    """A German or French report was read as English without a note: "no findings" passed as a clean report."""
    folder = write_manifest(tmp_path, [{"case_id": case_id, "modality": "ct_report", "report": report}
                                       for case_id, report in LATIN_SCRIPT_REPORTS.items()]
                            + [{"case_id": "zh", "modality": "ct_report", "report": ZH_LATERALITY_REPORT}])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--no-rag"])
    assert result.exit_code == 0, result.output
    found = predictions(tmp_path / "out")
    for case_id, language in (("de", "German"), ("fr", "French"), ("es", "Spanish")):
        assert found[case_id]["status"] == "degraded", found[case_id]
        assert (f"the report is written in {language}, by its common words, in neither English nor Chinese, the only "
                "languages radqc reads: read as English (en)") in found[case_id]["error"]
    assert found["en"]["status"] == "ok", found["en"]
    assert found["zh"]["status"] == "ok" and found["zh"]["findings"], found["zh"]
    validate = runner.invoke(app, ["data", "validate", str(folder)])
    # one note per report in another language (the German one, without a heading radqc reads, also has no impression)
    assert validate.exit_code == 0 and said(validate).count("in neither English nor Chinese") == 3, validate.output


def test_a_report_in_another_script_is_degraded_with_a_note_not_passed_as_clean(tmp_path):
    """A Russian or Japanese report was audited "ok" with no findings: read as a clean report, when
    radqc's auditors know only English and Chinese words. Greek letters in an English report are not
    another language."""
    folder = write_manifest(tmp_path, [
        {"case_id": "ru", "modality": "ct_report", "report": "ЗАКЛЮЧЕНИЕ: узел 12 мм в правой нижней доле."},
        {"case_id": "ja", "modality": "ct_report", "report": "所見：右下葉に12mmの結節。\n印象：左下葉に結節。", "language": "zh"},
        {"case_id": "en", "modality": "ct_report", "report": "FINDINGS: Elevated β-hCG. No mass.\nIMPRESSION: Normal."},
    ])
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--no-rag"])
    assert result.exit_code == 0, result.output
    found = predictions(tmp_path / "out")
    for case_id, script, language in (("ru", "Cyrillic", "English (en)"), ("ja", "Hiragana", "Chinese (zh)")):
        assert found[case_id]["status"] == "degraded", found[case_id]
        assert f"in {script} script in part or whole, in neither English nor Chinese" in found[case_id]["error"]
        assert f"read as {language}" in found[case_id]["error"]
    assert found["en"]["status"] == "ok", found["en"]
    validate = runner.invoke(app, ["data", "validate", str(folder)])
    # one note per report in another script (the Russian one, without a heading radqc reads, also has no impression)
    assert validate.exit_code == 0 and said(validate).count("in neither English nor Chinese") == 2, validate.output


# --- a newcomer's slips ------------------------------------------------------------------------------


def test_a_misspelt_field_is_named_with_the_field_meant_and_eval_refuses_it(tmp_path):
    """"lables" was an extra field, ignored: the case was audited as unlabelled and left out of every score, and a
    top-level "sex" left the patient's sex unknown, without a word. A field of its own ("patient_id") is still taken."""
    folder = write_manifest(tmp_path / "set", [
        {"case_id": "a", "modality": "ct_report", "report": LATERALITY_REPORT, "lables": [{"error_type": "laterality"}]},
        {"case_id": "b", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [], "sex": "F"},
        {"case_id": "c", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [], "patient": {"Sexe": "F"}},
        {"case_id": "d", "modality": "ct_report", "report": LATERALITY_REPORT, "labels": [], "patient_id": "p7", "meta": {}},
    ])
    result = runner.invoke(app, ["data", "validate", str(folder)])
    assert result.exit_code == 1 and "3 problems" in said(result), result.output
    assert "a: field 'lables' is not in the format: did you mean 'labels'?" in said(result)
    assert "b: field 'sex' is not in the format: did you mean 'patient.sex'?" in said(result)
    assert "c: field 'patient.Sexe' is not in the format: did you mean 'patient.sex'?" in said(result)
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag"])
    assert result.exit_code == 2 and "did you mean 'labels'?" in said(result) and not (tmp_path / "run").exists(), result.output


def test_a_dataset_path_that_is_not_there_is_named_as_not_found(tmp_path):
    """A mistyped path read "no manifest.jsonl found at PATH", as if the folder were there without one."""
    for command in (["eval", str(tmp_path / "nope"), "--out", str(tmp_path / "run")], ["data", "validate", str(tmp_path / "nope")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and f"not found: {tmp_path / 'nope'}" in said(result), result.output
        assert "no manifest.jsonl" not in said(result)


def test_a_radiograph_given_as_a_reports_file_is_named_as_an_image(tmp_path, samples_dir):
    """A film given as a ct_report's report_path was told to be "binary data (a Word document, say)"."""
    folder = write_manifest(tmp_path / "set", [{"case_id": "p", "modality": "ct_report", "report_path": "film.png", "labels": []}])
    shutil.copy(samples_dir / "images" / "00000001_000.png", folder / "film.png")
    result = runner.invoke(app, ["data", "validate", str(folder)])
    assert result.exit_code == 1, result.output
    assert "p: film.png is a PNG image, not a report: a radiograph is a cxr case's image_path" in said(result)


@pytest.mark.parametrize("name, content, format_", [
    ("scan.tif", b"II*\x00" + bytes(range(256)) * 40, "TIFF"),
    ("scan.bmp", b"BM" + bytes(range(256)) * 5000, "BMP"),  # over 1 MB: a report that large is refused for its size
])
def test_a_tiff_or_bmp_given_as_a_report_is_named_as_radqc_audit_names_it(tmp_path, name, content, format_):
    """A manifest's report_path naming a TIFF or BMP film was "not text but binary data (a Word document, say)",
    or a report too large, where `radqc audit` names the film; a text report beginning "BM" is still a report."""
    (tmp_path / name).write_bytes(content)
    (tmp_path / "bm.txt").write_text("BM report\nFINDINGS: normal.\nIMPRESSION: normal.\n", encoding="utf-8")
    write_manifest(tmp_path, [{"case_id": "film", "modality": "ct_report", "report_path": name},
                              {"case_id": "text", "modality": "ct_report", "report_path": "bm.txt"}])
    film = f"a {format_} image; radqc reads PNG, JPEG and DICOM (convert it first)"
    validated = runner.invoke(app, ["data", "validate", str(tmp_path)])
    assert validated.exit_code == 1 and f"  film: {name} is not a report but {film}\n" in validated.output, validated.output
    assert "text:" not in validated.output and "1 problem" in validated.output
    audited = runner.invoke(app, ["audit", str(tmp_path / name)])
    assert audited.exit_code == 2 and film in " ".join(audited.output.replace("│", " ").split())
