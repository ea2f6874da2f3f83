"""End to end through the real `radqc` command on the bundled samples (real images, real DICOM)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from radqc.cli.main import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
HEAVY = ("torch", "chromadb", "litellm", "langgraph", "sentence_transformers", "matplotlib", "pydicom")


def test_help_imports_no_heavy_library():
    """`radqc --help` must answer at once: it may not import the heavy stack (timed in benchmarks/)."""
    code = "import sys, radqc.cli.main; print(','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def test_eval_samples_writes_spec_outputs(samples_dir, tmp_path):
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(samples_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in (out / "predictions.jsonl").read_text().splitlines()]
    assert len(lines) == 11 and len({l["case_id"] for l in lines}) == 11
    for line in lines:
        assert set(line) == {"case_id", "modality", "status", "findings", "error"}
        assert line["status"] in ("ok", "degraded", "error")
    metrics = json.loads((out / "metrics.json").read_text())
    ct = metrics["ct_report"]
    for key in ("n_cases", "recall", "precision", "f1", "macro_f1", "micro_f1", "false_alarm_rate",
                "additional_discovery_rate", "unreviewed_discoveries", "per_type"):
        assert key in ct
    assert ct["n_cases"] == 8 and metrics["cxr"] is None  # the sample radiographs carry no labels
    assert {"profile", "rag", "seconds", "cases_per_second"} <= set(metrics["run"])
    page = (out / "report.html").read_text()
    assert page.startswith("<!doctype html>") and "<h3>Cases to look at</h3>" in page
    assert "metrics.json and report.html" in " ".join(result.output.split())  # the summary names the page it wrote
    # Re-running resumes: nothing is audited twice.
    again = runner.invoke(app, ["eval", str(samples_dir), "--out", str(out), "--no-html"])
    assert again.exit_code == 0 and "0 audited, 11 resumed" in again.output
    assert len((out / "predictions.jsonl").read_text().splitlines()) == 11
    # Cases audited one at a time, in manifest order, get the same answers as the default workers.
    serial = runner.invoke(app, ["eval", str(samples_dir), "--out", str(tmp_path / "serial"), "--no-html", "--workers", "1"])
    assert serial.exit_code == 0, serial.output
    serial_lines = [json.loads(l) for l in (tmp_path / "serial" / "predictions.jsonl").read_text().splitlines()]
    assert [l["case_id"] for l in serial_lines] == [json.loads(l)["case_id"] for l in (samples_dir / "manifest.jsonl").read_text().splitlines() if l.strip()]
    assert {l["case_id"]: l for l in serial_lines} == {l["case_id"]: l for l in lines}


def test_eval_survives_a_broken_dataset(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(
        '{"case_id": "a", "modality": "ct_report", "report": "FINDINGS: normal.", "labels": []}\n'
        "not json\n"
        '{"case_id": "b", "modality": "cxr", "image_path": "../../etc/passwd", "labels": []}\n'
    )
    result = runner.invoke(app, ["eval", str(tmp_path), "--out", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 3, result.output  # finished, incomplete: case b failed
    by_id = {json.loads(l)["case_id"]: json.loads(l) for l in (tmp_path / "out" / "predictions.jsonl").read_text().splitlines()}
    assert by_id["line-2"]["status"] == "error" and by_id["b"]["status"] == "error"
    assert "leaves the dataset folder" in by_id["b"]["error"]


def test_audit_report_and_image(samples_dir, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: 12 mm left upper lobe nodule.")
    result = runner.invoke(app, ["audit", str(report), "--exam", "CT chest", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["modality"] == "ct_report" and payload["status"] in ("ok", "degraded")
    image = runner.invoke(app, ["audit", str(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm"), "--json"])
    assert image.exit_code == 0, image.output
    assert json.loads(image.output)["modality"] == "cxr"


def test_a_report_without_an_impression_is_audited_degraded_saying_nothing_was_compared(tmp_path):
    """"status ok, no findings" read as a report found consistent, when the checks between findings and
    impression had nothing to compare; the note says so in the CLI, --json and the eval trace, and the
    findings are those of the report's own checks (the exit status stays 0)."""
    reports = {
        "en": "FINDINGS:\nA 2 cm mass in the left kidney. The liver is normal.\n",
        "zh": "检查所见：\n左肾见一2cm肿块。肝脏未见异常。\n",
        "both": "FINDINGS:\nA 2 cm mass in the left kidney.\nIMPRESSION:\nLeft renal mass.\n",
    }
    for name, text in reports.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    answer = runner.invoke(app, ["audit", str(tmp_path / "en.txt"), "--exam", "CT abdomen", "--no-rag", "--json"])
    assert answer.exit_code == 0, answer.output
    payload = json.loads(answer.output)
    assert payload["status"] == "degraded" and "no impression section (such as IMPRESSION:) found" in payload["error"]
    assert payload["trace"]["input_notes"] == [payload["error"]]
    shown = runner.invoke(app, ["audit", str(tmp_path / "zh.txt"), "--exam", "CT 腹部", "--no-rag"])
    assert shown.exit_code == 0 and "no impression section (such as 诊断意见：) found" in " ".join(shown.output.split())
    manifest = [{"case_id": name, "modality": "ct_report", "report_path": f"{name}.txt", "labels": []} for name in reports]
    (tmp_path / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest))
    validated = " ".join(runner.invoke(app, ["data", "validate", str(tmp_path)]).output.split())
    assert "note: en: no impression section" in validated and "note: zh: no impression section" in validated
    assert "note: both:" not in validated
    run = runner.invoke(app, ["eval", str(tmp_path), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"])
    assert run.exit_code == 0, run.output
    traces = {json.loads(line)["case_id"]: json.loads(line)["trace"] for line in (tmp_path / "run" / "traces.jsonl").read_text().splitlines()}
    assert "诊断意见" in traces["zh"]["input_notes"][0] and "input_notes" not in traces["both"]
    predictions = {json.loads(line)["case_id"]: json.loads(line) for line in (tmp_path / "run" / "predictions.jsonl").read_text().splitlines()}
    assert predictions["both"]["status"] == "ok" and predictions["en"]["error"] == payload["error"]
    assert predictions["en"]["findings"] == payload["findings"]


@pytest.mark.parametrize("tag, value", [("Modality", "CT"), ("BodyPartExamined", "HAND"), ("BodyPartExamined", "THORAX")])
def test_a_dicom_declaring_another_examination_is_audited_degraded_with_the_reason(samples_dir, tmp_path, tag, value):
    """A CT slice or a hand film exported as DICOM is audited as a chest film, but the answer says the
    header disagrees (status degraded); a chest film's own header values say nothing."""
    import pydicom

    dataset = pydicom.dcmread(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm")
    setattr(dataset, tag, value)
    dataset.save_as(tmp_path / "film.dcm")
    result = runner.invoke(app, ["audit", str(tmp_path / "film.dcm"), "--no-rag", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    if value == "THORAX":
        assert answer["status"] == "ok" and answer["error"] is None
    else:
        assert answer["status"] == "degraded" and f"declares {tag} {value!r}" in answer["error"]



def test_data_validate_notes_a_dicom_declaring_another_examination(samples_dir, tmp_path):
    """`radqc audit` marked such a film degraded, but `radqc data validate` said nothing of it."""
    import pydicom

    lines = []
    for case_id, tags in {"ct-slice": {"Modality": "CT"}, "hand": {"BodyPartExamined": "HAND"}, "chest": {"BodyPartExamined": "THORAX"}}.items():
        dataset = pydicom.dcmread(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm")
        for tag, value in tags.items():
            setattr(dataset, tag, value)
        dataset.save_as(tmp_path / f"{case_id}.dcm")
        lines.append(json.dumps({"case_id": case_id, "modality": "cxr", "image_path": f"{case_id}.dcm"}))
    (tmp_path / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    assert result.exit_code == 0 and "0 problems" in result.output, result.output
    notes = [line.strip() for line in result.output.splitlines() if line.strip().startswith("note:")]
    assert [note.split(":")[1].strip() for note in notes] == ["ct-slice", "hand"]
    assert "declares Modality 'CT'" in notes[0] and "declares BodyPartExamined 'HAND'" in notes[1]

def test_audit_rejects_binary_junk_clearly(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["audit", str(junk)])
    assert result.exit_code != 0 and "neither an image" in result.output


def test_bad_dataset_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "not found:" in result.output


def test_compare_two_runs(samples_dir, tmp_path):
    for name, extra in (("rag", []), ("norag", ["--no-rag"])):
        assert runner.invoke(app, ["eval", str(samples_dir), "--out", str(tmp_path / name), "--no-html", *extra]).exit_code == 0
    result = runner.invoke(app, ["compare", str(tmp_path / "rag"), str(tmp_path / "norag"), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    macro = next(r for r in rows if r["modality"] == "ct_report" and r["metric"] == "macro_f1")
    assert set(macro["values"]) == {str(tmp_path / "rag"), str(tmp_path / "norag")}
    assert all(0.0 <= v <= 1.0 for v in macro["values"].values())


def test_data_synth_reproduces_the_committed_datasets(tmp_path, repo_root):
    """`radqc data synth` with the default seed rebuilds data/ct_reports and data/cxr byte for byte."""
    import filecmp

    REPO = repo_root
    result = runner.invoke(app, ["data", "synth", "--out", str(tmp_path), "--source", str(REPO / "data" / "cxr" / "source")])
    assert result.exit_code == 0, result.output
    for folder in ("ct_reports/dev", "ct_reports/test", "cxr/dev", "cxr/test"):
        comparison = filecmp.dircmp(tmp_path / folder, REPO / "data" / folder)
        stack = [comparison]
        while stack:
            node = stack.pop()
            assert not (node.left_only or node.right_only or node.diff_files), (folder, node.left_only, node.right_only, node.diff_files)
            stack += node.subdirs.values()


def test_data_validate_flags_bad_evidence(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "case_id": "a", "modality": "ct_report", "report": "FINDINGS: left lung nodule.",
        "labels": [{"error_type": "laterality", "evidence": "right lung"}]}) + "\n")
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    assert result.exit_code == 1 and "not a substring" in result.output


def test_data_validate_names_a_bad_lines_number_once(tmp_path):
    """A line with no case id of its own is listed as "line-2", and its message said "line 2: " again."""
    (tmp_path / "manifest.jsonl").write_bytes(
        json.dumps({"case_id": "a", "modality": "ct_report", "report": "FINDINGS: normal.\nIMPRESSION: normal."}).encode()
        + b"\n{not json\n[1, 2]\n")
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "  line-2: not valid UTF-8 JSON (" in result.output and "  line-3: expected a JSON object" in result.output
    assert "line 2" not in result.output and "line 3" not in result.output


def test_a_hand_written_manifests_broken_lines_say_where_and_what_to_do(tmp_path):
    """A report pasted into a manifest with its line breaks, two cases on one line, or a line in Latin-1 was named by
    Python's parser or codec alone: "Invalid control character at: line 1 column 64 (char 63)" for the manifest's line 2, or "Expecting ','
    delimiter: line 2 column 1" for a line cut short (the line's own end counted as a second line)."""
    case = {"case_id": "a", "modality": "ct_report", "report": "FINDINGS: normal.\nIMPRESSION: normal."}
    pasted = json.dumps(case | {"case_id": "pasted"}).replace("\\n", "\n")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps(case) + "\n" + pasted + "\n" + json.dumps(case | {"case_id": "b"}) + " " + json.dumps(case | {"case_id": "c"}) + "\n",
        encoding="utf-8")
    with (tmp_path / "manifest.jsonl").open("ab") as manifest:
        manifest.write('{"case_id": "café"}\n'.encode("latin-1"))  # saved by an editor in Latin-1
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "line-5: not valid UTF-8 JSON (byte 17 is not UTF-8: save the manifest as UTF-8)" in said, said
    first_part = len(pasted.split("\n")[0])
    assert (f"line-2: not valid UTF-8 JSON (Invalid control character at column {first_part + 1}, where the line ends: a case is "
            "one line, and a report's line breaks are written \\n inside its string (or the report kept in a file, report_path))") in said
    assert "line-3: not valid UTF-8 JSON (Expecting value at column 1)" in said, said
    assert f"line-4: not valid UTF-8 JSON (Extra data at column {len(json.dumps(case)) + 2}: more follows the case's closing brace" in said
    assert "(char " not in said, said


@pytest.mark.parametrize("name, content", [("chest.png", b"not a png"), ("scan.dcm", b"%PDF-1.4"), ("report.txt", b"")])
def test_audit_rejects_an_empty_file_or_a_non_image_named_as_one(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 2
    said = " ".join(result.output.replace("│", " ").split())  # the error box wraps long paths
    assert ("is empty" if not content else "is not a PNG, JPEG or DICOM file") in said


def test_audit_rejects_a_radiograph_that_does_not_decode(samples_dir, tmp_path):
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes((samples_dir / "images" / "00000001_000.png").read_bytes()[:3000])
    result = runner.invoke(app, ["audit", str(truncated), "--no-rag"])
    said = " ".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2 and "truncated.png: truncated PNG" in said


def test_audit_rejects_a_radiograph_too_small_to_hold_a_chest(tmp_path):
    tiny = tmp_path / "tiny.png"
    Image.fromarray(np.full((20, 20), 128, np.uint8)).save(tiny)
    result = runner.invoke(app, ["audit", str(tiny), "--no-rag"])
    said = " ".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2 and "tiny.png: image too small or too narrow to audit (20 x 20 px" in said


def test_auditors_never_see_meta(tmp_path):
    """A dataset may keep its answers in `meta`; the workflow hands auditors the case without it."""
    from radqc.agents.base import AuditorOutput
    from radqc.dataset import load_dataset
    from radqc.eval.runner import run_dataset
    from radqc.profiles import load_profile

    seen = []

    class Spy:
        name, modality = "spy", "ct_report"

        def audit(self, case, context):
            seen.append(case.meta)
            return AuditorOutput()

    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "case_id": "a", "modality": "ct_report", "report": "FINDINGS: normal.", "labels": [],
        "meta": {"answer": "laterality"}}) + "\n")
    profile = load_profile("offline").model_copy(update={"retrieval": load_profile("offline").retrieval.model_copy(update={"enabled": False})})
    run_dataset(load_dataset(tmp_path), tmp_path / "out", profile, auditor_factory=lambda modality, role: Spy())
    assert seen == [{}, {}]


def test_audit_overlay_draws_findings_on_the_radiograph(samples_dir, tmp_path):
    """A grey-scale-inverted radiograph gets an orientation finding; --overlay writes a PNG of the same size."""
    from PIL import Image, ImageOps

    source = Image.open(samples_dir / "images" / "00000001_000.png")
    inverted = tmp_path / "inverted.png"
    ImageOps.invert(source.convert("L")).save(inverted)
    overlay = tmp_path / "overlay.png"
    result = runner.invoke(app, ["audit", str(inverted), "--overlay", str(overlay), "--json", "--no-rag"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert "orientation_photometric" in {f["error_type"] for f in findings}
    assert Image.open(overlay).size == source.size


def test_an_overlay_labels_a_region_along_the_right_edge_on_the_image(samples_dir, tmp_path):
    """A film cut off on the right gets a cut-off region along that edge; its label was drawn from the region's left
    edge onwards, off the image, so the overlay showed an unnamed line: it is now moved left onto the image."""
    from PIL import Image

    from radqc.agents.cxr.overlay import COLOURS

    film = Image.open(samples_dir / "images" / "00000001_000.png")
    cut = tmp_path / "cut.png"
    film.crop((0, 0, int(film.width * 0.72), film.height)).save(cut)
    overlay = tmp_path / "overlay.png"
    result = runner.invoke(app, ["audit", str(cut), "--overlay", str(overlay), "--json", "--no-rag"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    [(index, region)] = [(i, f["region"]) for i, f in enumerate(findings) if f["error_type"] == "lung_field_cutoff"]
    drawn = Image.open(overlay).convert("RGB")
    assert drawn.size == Image.open(cut).size and region[0] > drawn.width - 40, region  # along the right edge
    # The label's letters are in the region's colour, left of its box (the box itself is drawn at x0 and beyond).
    pixels = drawn.load()
    lettered = [(x, y) for x in range(region[0] - 1) for y in range(min(drawn.height, 60)) if pixels[x, y] == COLOURS[index % len(COLOURS)]]
    assert lettered, "the cut-off's label is not on the image"


def test_a_side_marker_on_the_wrong_side_is_a_marker_finding_that_says_where(samples_dir, tmp_path):
    """A lead "R" in the right-hand columns of a real PA film (the patient's left): `radqc audit` reports
    a marker finding naming the letter and boxing it; declared lateral, the marker may sit anywhere."""
    from PIL import Image, ImageDraw, ImageFont

    film = Image.open(samples_dir / "images" / "00000001_000.png").convert("L")
    ImageDraw.Draw(film).text((film.width - 70, 150), "R", fill=255, font=ImageFont.load_default(size=44))
    marked = tmp_path / "marked.png"
    film.save(marked)
    result = runner.invoke(app, ["audit", str(marked), "--json", "--no-rag"])
    assert result.exit_code == 0, result.output
    [marker] = [f for f in json.loads(result.output)["findings"] if f["error_type"] == "marker_annotation"]
    assert 'reads "R"' in marker["evidence"] and marker["region"][0] > 0.78 * film.width  # boxed where it is
    lateral = runner.invoke(app, ["audit", str(marked), "--json", "--no-rag", "--view", "LAT"])
    assert "marker_annotation" not in {f["error_type"] for f in json.loads(lateral.output)["findings"]}


def test_a_confirmed_radiograph_reaches_a_later_copy_of_it_through_the_past_case_store(samples_dir, tmp_path, monkeypatch):
    """The closed loop on real films: a reviewer confirms what radqc found on two grey-scale-inverted
    films; a later JPEG copy of one of them retrieves that film first, as nearest in its measurements,
    and the vote follows what was confirmed on that film."""
    from PIL import Image, ImageOps

    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    first, later = tmp_path / "first", tmp_path / "later"
    (first / "images").mkdir(parents=True)
    (later / "images").mkdir(parents=True)
    manifest = []
    for stem in ("00000001_000", "00000013_003"):
        film = ImageOps.invert(Image.open(samples_dir / "images" / f"{stem}.png").convert("L"))
        film.save(first / "images" / f"{stem}.png")
        manifest.append({"case_id": f"film-{stem}", "modality": "cxr", "image_path": f"images/{stem}.png", "view": "PA", "labels": []})
        if stem == "00000001_000":
            film.save(later / "images" / "copy.jpg", quality=90)
    (first / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest))
    (later / "manifest.jsonl").write_text(json.dumps({"case_id": "copy", "modality": "cxr", "image_path": "images/copy.jpg", "view": "PA", "labels": []}) + "\n")

    run = tmp_path / "run-first"
    assert runner.invoke(app, ["eval", str(first), "--out", str(run), "--profile", "offline-review", "--no-html"]).exit_code == 0
    template = tmp_path / "verdicts.jsonl"
    assert runner.invoke(app, ["review", str(run), "--template", str(template), "--reviewer", "dr-a"]).exit_code == 0
    verdicts = [{**json.loads(line), "verdict": "confirmed"} for line in template.read_text().splitlines()]
    assert {v["case_id"] for v in verdicts} == {"film-00000001_000", "film-00000013_003"}
    template.write_text("".join(json.dumps(v) + "\n" for v in verdicts))
    reviewed = runner.invoke(app, ["review", str(run), "--verdicts", str(template)])
    assert reviewed.exit_code == 0 and "2 cases reviewed and written" in reviewed.output, reviewed.output

    later_run = tmp_path / "run-later"
    assert runner.invoke(app, ["eval", str(later), "--out", str(later_run), "--no-html"]).exit_code == 0
    [trace] = [json.loads(line)["trace"] for line in (later_run / "traces.jsonl").read_text().splitlines()]
    assert trace["retrieval"]["past_cases"][0] == "film-00000001_000"
    # Both reviewed films are retrieved (k_cases is 3), but only the near copy votes: what the reviewer
    # confirmed on that film.
    votes = trace["precision"]["usage"]["past_case_votes"]
    confirmed = {v["error_type"] for v in verdicts if v["case_id"] == "film-00000001_000"}
    assert votes and all(rate == (1.0 if criterion in confirmed else 0.0) for criterion, rate in votes.items())
    assert votes["orientation_photometric"] == 1.0


def test_a_folder_of_files_is_indexed_and_audited(samples_dir, tmp_path):
    folder = tmp_path / "today"
    folder.mkdir()
    (folder / "chest.png").write_bytes((samples_dir / "images" / "00000013_003.png").read_bytes())
    (folder / "ct.txt").write_text("FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n", encoding="utf-8")
    indexed = runner.invoke(app, ["data", "index", str(folder), "--exam", "CT chest"])
    assert indexed.exit_code == 0 and "1 radiograph, 1 report; 0 files skipped" in indexed.output, indexed.output
    again = runner.invoke(app, ["data", "index", str(folder)])
    assert again.exit_code == 2 and "--force" in again.output
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-html", "--json"])
    assert result.exit_code == 0, result.output
    predictions = {json.loads(l)["case_id"]: json.loads(l) for l in (tmp_path / "run" / "predictions.jsonl").read_text().splitlines()}
    assert {p["status"] for p in predictions.values()} == {"ok"} and set(predictions) == {"chest", "ct"}
    assert "laterality" in {f["error_type"] for f in predictions["ct"]["findings"]}


def test_eval_of_unlabelled_cases_says_they_were_audited_not_scored_and_where_their_findings_are(tmp_path):
    """`radqc data index` makes every case unlabelled: the run scores nothing, and its summary and
    report.html must not read as if nothing had been found."""
    folder = tmp_path / "today"
    folder.mkdir()
    (folder / "flagged.txt").write_text("FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n", encoding="utf-8")
    (folder / "plain.txt").write_text("FINDINGS: The lungs are clear.\nIMPRESSION: No acute abnormality.\n", encoding="utf-8")
    assert runner.invoke(app, ["data", "index", str(folder), "--exam", "CT chest"]).exit_code == 0
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    predictions = [json.loads(l) for l in (out / "predictions.jsonl").read_text().splitlines()]
    flagged = sum(1 for p in predictions if p["findings"])
    assert flagged == 1  # the laterality slip; the plain report has none
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["ct_report"] is None
    assert metrics["run"]["unlabelled"] == {"cases": 2, "with_findings": 1, "failed": 0, "pending": 0}
    summary = " ".join(result.output.split())
    assert "2 cases have no gold labels" in summary and "1 with findings" in summary
    assert str(out / "predictions.jsonl") in "".join(result.output.split())  # a long path may wrap anywhere
    assert f"{out / 'report.html'}liststhosewithfindings" in "".join(result.output.split())
    page = (out / "report.html").read_text()
    assert "2 cases have no gold labels" in page and "1 with findings" in page and "with_findings" not in page
    # and which case that is, linked to its file (it was only counted)
    listed = page.split("<h2>Cases without gold labels, with findings</h2>")[-1]
    assert f"<a href='{(folder / 'flagged.txt').resolve().as_uri()}'>flagged</a>" in listed and "plain" not in listed


def test_eval_counts_lines_that_are_no_case_instead_of_leaving_them_out_of_every_number(tmp_path):
    """A report deleted after `radqc data index`, and a case whose id was copied from the line above,
    were in no score and no count: the summary read as if the dataset had been audited whole, the
    copied case's gold labels dropped without a word."""
    folder = tmp_path / "today"
    folder.mkdir()
    for name in ("kept", "deleted"):
        (folder / f"{name}.txt").write_text("FINDINGS: The lungs are clear.\nIMPRESSION: No acute abnormality.\n", encoding="utf-8")
    assert runner.invoke(app, ["data", "index", str(folder)]).exit_code == 0
    (folder / "deleted.txt").unlink()
    copied = {"case_id": "kept", "modality": "ct_report", "report": "FINDINGS: Clear.\nIMPRESSION: Normal.", "labels": []}
    with (folder / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(copied) + "\n")
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(folder), "--out", str(out), "--no-html"])
    assert result.exit_code == 3, result.output  # finished, incomplete: the deleted report's case failed
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["run"]["unlabelled"] == {"cases": 2, "with_findings": 0, "failed": 1, "pending": 0}
    assert metrics["run"]["unread_lines"] == 1
    summary = " ".join(result.output.split())
    assert "2 cases have no gold labels" in summary and "1 failed" in summary
    assert "1 manifest line could not be read as a case and is in no score or count" in summary
    assert "kept#line3: duplicate case_id 'kept' (line 3)" in summary


def test_eval_lists_a_line_that_is_no_case_once_with_its_number_and_not_as_a_failed_case(tmp_path):
    """A line that was not JSON was listed twice, under "could not be read" and under "1 case failed",
    while `run.unlabelled` said 0 failed; a line of an unknown modality was listed without its number."""
    folder = tmp_path / "today"
    folder.mkdir()
    report = "FINDINGS: The lungs are clear.\nIMPRESSION: No acute abnormality."
    (folder / "manifest.jsonl").write_text("\n".join([
        json.dumps({"case_id": "a1", "modality": "ct_report", "report": report}),
        "this is not json {",
        json.dumps({"case_id": "a2", "modality": "mri", "report": report}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(folder), "--out", str(out), "--no-rag", "--no-html"])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["run"]["unlabelled"]["failed"] == 0 and metrics["run"]["unread_lines"] == 2
    summary = " ".join(result.output.split())
    assert "2 manifest lines could not be read as cases" in summary and "failed," not in summary
    assert summary.count("not valid UTF-8 JSON") == 1 and "line-2: not valid UTF-8 JSON" in summary  # not "line-2: line 2: ..."
    assert "a2: line 3: invalid case: modality" in summary


def test_unlabelled_cases_waiting_for_review_are_not_said_to_be_scored_as_misses(tmp_path):
    """A reviewing run of a `radqc data index` folder warned that its waiting cases "are scored as
    misses (a clean one as a false alarm)": unlabelled cases are in no score."""
    folder = tmp_path / "today"
    folder.mkdir()
    (folder / "flagged.txt").write_text("FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n", encoding="utf-8")
    assert runner.invoke(app, ["data", "index", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--profile", "offline-review", "--no-html"])
    assert result.exit_code == 0, result.output
    message = " ".join(result.output.split())
    assert "1 case waits for review" in message and "scored as" not in message
    # Re-running scores none of them (it said "to score them" of one unlabelled case).
    assert "then re-run this command to bring metrics.json up to date." in message
    # the unlabelled cases' own line: the waiting case is one with findings ("0 with findings" read as nothing found)
    assert "audited, 1 with findings (1 of them waiting for review), 0 failed" in message


def test_rescoring_without_html_leaves_no_page_that_disagrees_with_metrics_json(tmp_path):
    """`--no-html` after a run with it left the earlier report.html beside the new metrics.json, its
    numbers those of the old gold labels."""
    dataset = tmp_path / "set"
    dataset.mkdir()
    report = "FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n"
    case = {"case_id": "c1", "modality": "ct_report", "report": report, "labels": [{"error_type": "laterality", "evidence": "Left"}]}
    (dataset / "manifest.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out)]).exit_code == 0
    assert "<td>1.000</td>" in (out / "report.html").read_text()  # the slip is found: recall 1
    case["labels"] = [{"error_type": "omission", "evidence": "12 mm nodule"}]  # corrected gold: now a miss
    (dataset / "manifest.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "metrics.json").read_text())["ct_report"]["recall"] == 0.0
    assert not (out / "report.html").exists()


def test_a_datasets_licence_readme_and_attribution_files_are_skipped_not_indexed_as_reports(samples_dir, tmp_path):
    """A downloaded dataset's LICENSE-CC-BY-3.0.txt was indexed (and audited) as a CT report."""
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "chest.png").write_bytes((samples_dir / "images" / "00000013_003.png").read_bytes())
    (folder / "ct.txt").write_text("FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n", encoding="utf-8")
    documentation = ["LICENSE-CC-BY-3.0.txt", "Licence.txt", "readme.txt", "NOTICE.txt", "copying.txt", "Attribution.txt",
                     "SOURCE.txt", "changelog.txt"]
    for name in documentation:
        (folder / name).write_text("Creative Commons Attribution 3.0 Unported. You are free to share and adapt.\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "index", str(folder)])
    assert result.exit_code == 0 and f"1 radiograph, 1 report; {len(documentation)} files skipped" in result.output, result.output
    for name in documentation:
        assert f"skipped {name}: licence, readme or attribution text" in result.output
    indexed = [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [case.get("report_path") or case.get("image_path") for case in indexed] == ["chest.png", "ct.txt"]


def test_data_synth_defaults_do_not_depend_on_the_current_folder(tmp_path, monkeypatch, repo_root):
    """Run outside the clone, `radqc data synth` wrote ./data/ct_reports, then failed on --source."""
    import click
    import typer.main

    monkeypatch.chdir(tmp_path)
    synth = typer.main.get_command(app).commands["data"].commands["synth"]
    defaults = {param.name: param.get_default(click.Context(synth)) for param in synth.params}
    assert Path(defaults["out"]) == repo_root / "data" and Path(defaults["source"]) == repo_root / "data" / "cxr" / "source"


@pytest.mark.parametrize("source", ["missing", "empty"])
def test_data_synth_without_source_radiographs_writes_nothing(tmp_path, source):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["data", "synth", "--out", str(tmp_path / "out"), "--source", str(tmp_path / source)])
    assert result.exit_code == 2 and "no source radiographs found" in result.output, result.output
    assert not (tmp_path / "out").exists()
