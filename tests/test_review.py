"""Human review in the graph: cases pause, verdicts resume them, confirmed findings flow back."""

from __future__ import annotations

import json

from test_graph_support import RecordingKnowledge, finding, profile, table_factory, write_report_dataset
from typer.testing import CliRunner

from radqc.cli import review
from radqc.dataset import load_dataset
from radqc.eval.runner import ADJUDICATIONS, PREDICTIONS, complete_reviews, pending_reviews, run_dataset
from radqc.jsonl import read_jsonl

def radqc_cli():
    """The review app mounted the way the `radqc` command mounts it."""
    import typer

    root = typer.Typer()
    root.command("version")(lambda: None)
    root.command("review")(review.review)
    return root


WRONG_SIDE = finding("laterality", "left upper lobe nodule", 0.9)
OMISSION = finding("omission", "12 mm nodule", 0.8)


def reviewed_run(tmp_path, n_cases: int = 3):
    """A review-enabled run where c00 and c02 have findings and c01 is clean."""
    data = load_dataset(write_report_dataset(tmp_path / "data", n_cases))
    answers = {"answers": {"c00": [WRONG_SIDE, OMISSION], "c02": [WRONG_SIDE]}}
    run_profile = profile(review=True, recall=answers, precision=answers)
    out = tmp_path / "run"
    stats = run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    return data, run_profile, out, stats


def verdict(case_id, found, decision, reviewer="dr-a"):
    return {"case_id": case_id, "error_type": found["error_type"], "evidence": found["evidence"], "verdict": decision, "reviewer": reviewer}


def test_cases_with_findings_wait_for_review_and_clean_ones_are_written(tmp_path):
    data, run_profile, out, stats = reviewed_run(tmp_path)
    assert (stats.audited, stats.pending_review) == (1, 2)
    assert [r["case_id"] for r in read_jsonl(out / PREDICTIONS)] == ["c01"]
    pending = pending_reviews(out)
    assert sorted(p.payload["case_id"] for p in pending) == ["c00", "c02"]
    assert {f["error_type"] for f in next(p for p in pending if p.payload["case_id"] == "c00").payload["findings"]} == {"laterality", "omission"}
    # Running again leaves the paused cases paused, writes nothing twice and audits nothing again.
    again = run_dataset(data, out, run_profile, auditor_factory=table_factory(fail=True), knowledge=RecordingKnowledge())
    assert (again.audited, again.pending_review, again.resumed) == (0, 2, 1)


def test_progress_counts_the_cases_that_wait_for_review(tmp_path):
    """A progress bar counting results alone stopped at the clean cases' share of its total."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 4))
    answers = {"answers": {"c00": [WRONG_SIDE], "c02": [WRONG_SIDE]}}
    run_profile = profile(review=True, recall=answers, precision=answers)
    seen = {"total": [], "written": [], "pending": []}
    for workers in (1, 2):
        run_dataset(data, tmp_path / f"run-{workers}", run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge(),
                    workers=workers, on_start=seen["total"].append, on_case=lambda result: seen["written"].append(result.case_id),
                    on_pending=seen["pending"].append)
    assert seen["total"] == [4, 4]
    assert sorted(seen["pending"]) == ["c00", "c00", "c02", "c02"]
    assert sorted(seen["written"]) == ["c01", "c01", "c03", "c03"]


def test_verdicts_resume_the_case_and_confirmed_findings_flow_back(tmp_path):
    _, _, out, _ = reviewed_run(tmp_path)
    knowledge = RecordingKnowledge()
    answers = {"c00": [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "rejected")]}
    finished = complete_reviews(out, lambda item: answers.get(item.payload["case_id"]), knowledge=knowledge)
    assert [r.case_id for r in finished] == ["c00"]
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert [f["error_type"] for f in predictions["c00"]["findings"]] == ["laterality"]
    assert [(a["error_type"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("laterality", "confirmed"), ("omission", "rejected")]
    assert len(knowledge.stored) == 1
    stored = knowledge.stored[0]
    assert stored["case_id"] == "c00" and stored["modality"] == "ct_report" and "IMPRESSION" in stored["text"]
    assert [f.error_type for f in stored["findings"]] == ["laterality"]
    # c02 got no verdict: it is still waiting, and c00 is not pending any more.
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c02"]


def test_malformed_or_foreign_verdicts_change_nothing(tmp_path):
    _, _, out, _ = reviewed_run(tmp_path)
    junk = [{"case_id": "c00", "verdict": "maybe"}, verdict("c02", WRONG_SIDE, "rejected"), "not an object"]
    finished = complete_reviews(out, lambda item: junk if item.payload["case_id"] == "c00" else None, knowledge=RecordingKnowledge())
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert [r.case_id for r in finished] == ["c00"] and len(predictions["c00"]["findings"]) == 2
    assert not (out / ADJUDICATIONS).exists()


def test_reviewing_many_cases_reads_the_verdict_log_once(tmp_path, monkeypatch):
    """Each reviewed case used to re-read the whole adjudications.jsonl: quadratic over a large run."""
    import radqc.eval.runner as runner

    _, _, out, _ = reviewed_run(tmp_path, n_cases=6)  # c00 and c02 wait for review
    (out / ADJUDICATIONS).write_text(json.dumps(verdict("c02", WRONG_SIDE, "confirmed")) + "\n", encoding="utf-8")
    reads = []
    monkeypatch.setattr(runner, "read_jsonl", lambda path: reads.append(path.name) or read_jsonl(path))
    answers = {"c00": [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "rejected")],
               "c02": [verdict("c02", WRONG_SIDE, "confirmed")]}
    finished = complete_reviews(out, lambda item: answers.get(item.payload["case_id"]), knowledge=RecordingKnowledge())
    assert sorted(r.case_id for r in finished) == ["c00", "c02"]
    assert reads.count(ADJUDICATIONS) == 1
    # What the log held and what this review added are each written once.
    assert [(a["case_id"], a["error_type"]) for a in read_jsonl(out / ADJUDICATIONS)] == [
        ("c02", "laterality"), ("c00", "laterality"), ("c00", "omission")]


def test_a_review_after_one_killed_mid_line_cuts_the_torn_line_first(tmp_path):
    from radqc.eval.adjudications import read_adjudications
    from radqc.eval.predictions import read_predictions

    _, _, out, _ = reviewed_run(tmp_path)
    with (out / ADJUDICATIONS).open("a", encoding="utf-8") as log:
        log.write('{"case_id": "c00", "error_ty')  # killed mid-line
    with (out / PREDICTIONS).open("a", encoding="utf-8") as predictions:
        predictions.write('{"case_id": "c0')
    answers = {"c00": [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "rejected")]}
    complete_reviews(out, lambda item: answers.get(item.payload["case_id"]), knowledge=RecordingKnowledge())
    assert [(v.case_id, v.error_type) for v in read_adjudications(out / ADJUDICATIONS)] == [("c00", "laterality"), ("c00", "omission")]
    assert sorted(read_predictions(out / PREDICTIONS)) == ["c00", "c01"]


def test_the_review_app_runs_on_its_own(tmp_path):
    _, _, out, _ = reviewed_run(tmp_path)
    listed = CliRunner().invoke(review.app, [str(out), "--list"])
    assert listed.exit_code == 0 and "2 case(s) waiting" in listed.output


def test_review_cli_lists_writes_a_template_and_applies_verdicts(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(radqc_cli(), ["review", str(out), "--list"])
    assert listed.exit_code == 0 and "2 case(s) waiting" in listed.output and "c00: 2 finding(s)" in listed.output

    template = tmp_path / "verdicts.jsonl"
    assert runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template), "--reviewer", "dr-b"]).exit_code == 0
    lines = read_jsonl(template)
    assert len(lines) == 3 and {line["reviewer"] for line in lines} == {"dr-b"}
    for line in lines:
        line["verdict"] = "rejected" if line["error_type"] == "omission" else "confirmed"
    template.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template)])
    assert applied.exit_code == 0, applied.output
    assert "2 case(s) reviewed and written; 0 still pending" in applied.output
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert sorted(predictions) == ["c00", "c01", "c02"]
    assert [f["error_type"] for f in predictions["c00"]["findings"]] == ["laterality"]
    assert {a["reviewer"] for a in read_jsonl(out / ADJUDICATIONS)} == {"dr-b"}
    # The closed loop reached the real past-case store: the reviewed report is now retrievable.
    traces = {r["case_id"]: r["trace"] for r in read_jsonl(out / "traces.jsonl")}
    assert traces["c00"]["closed_loop"] == "stored with 1 confirmed finding(s)"
    from radqc.knowledge import similar_cases

    stored = {c.case_id: c for c in similar_cases("left upper lobe nodule", "ct_report", 3)}
    assert [f.error_type for f in stored["c00"].findings] == ["laterality"]


def test_a_template_that_cannot_be_written_is_a_clear_error(tmp_path):
    _, _, out, _ = reviewed_run(tmp_path)
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--template", str(tmp_path / "missing" / "v.jsonl")])
    message = " ".join(result.output.replace("│", " ").split())  # the error box wraps long lines
    assert result.exit_code == 2 and "cannot write" in message and "No such file or directory" in message, result.output
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c00", "c02"]


def test_review_cli_asks_about_each_finding(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    # c00: an invalid key is asked again (not taken as "unsure"), then confirm, then reject; c02: skip
    # the case (stays pending). Order of cases is by thread id.
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--reviewer", "dr-c"], input="x\nc\nr\ns\n")
    assert result.exit_code == 0, result.output
    assert "please answer c, r, u or s" in result.output
    assert "1 case(s) reviewed and written; 1 still pending" in result.output
    assert [(a["case_id"], a["verdict"], a["reviewer"]) for a in read_jsonl(out / ADJUDICATIONS)] == [
        ("c00", "confirmed", "dr-c"), ("c00", "rejected", "dr-c")]
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c02"]


def review_with_file(tmp_path, out, lines):
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return CliRunner().invoke(radqc_cli(), ["review", str(out), "--verdicts", str(verdicts)])


def test_review_cli_rejects_bad_verdict_lines_and_keeps_their_cases_pending(tmp_path, monkeypatch):
    """A misspelt or miscased verdict word, or evidence that matches no pending finding, is listed with
    its line number; its case stays pending (no half-reviewed case is written), the others go on."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [
        verdict("c00", WRONG_SIDE, "confimed"),
        verdict("c00", OMISSION, "Confirmed"),
        {**verdict("c02", WRONG_SIDE, "confirmed"), "evidence": WRONG_SIDE["evidence"] + " "},
        verdict("c09", WRONG_SIDE, "confirmed"),
    ]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 1, result.output
    assert "4 bad verdict line(s)" in result.output
    for number, said in [(1, "'confimed'"), (2, "'Confirmed'"), (3, "evidence 'left upper lobe nodule '"), (4, "'c09' is not waiting")]:
        assert f"line {number}:" in result.output and said in result.output
    assert "0 case(s) reviewed and written; 2 still pending" in result.output
    assert sorted(p.payload["case_id"] for p in pending_reviews(out)) == ["c00", "c02"]
    assert not (out / ADJUDICATIONS).exists()


def test_review_cli_applies_the_good_cases_of_a_partly_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "unsure"), verdict("c02", WRONG_SIDE, "rejected")]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 1 and "line 2:" in result.output
    assert "1 case(s) reviewed and written; 1 still pending" in result.output
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c00"]
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c02", "rejected")]

