"""Human review in the graph: cases pause, verdicts resume them, confirmed findings flow back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from test_graph_support import RecordingKnowledge, finding, profile, table_factory, write_report_dataset
from typer.testing import CliRunner

import radqc.knowledge
from radqc.cli import review
from radqc.dataset import load_dataset
from radqc.eval.adjudications import AdjudicationError
from radqc.eval.runner import ADJUDICATIONS, CHECKPOINTS, PREDICTIONS, complete_reviews, pending_reviews, run_dataset
from radqc.graphs.review import apply_verdicts
from radqc.jsonl import read_jsonl
from radqc.schemas import Adjudication, Finding

TESTS = Path(__file__).resolve().parent

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
    assert (stats.audited, stats.paused, stats.pending_review) == (3, 2, 2)
    assert [r["case_id"] for r in read_jsonl(out / PREDICTIONS)] == ["c01"]
    pending = pending_reviews(out)
    assert sorted(p.payload["case_id"] for p in pending) == ["c00", "c02"]
    assert {f["error_type"] for f in next(p for p in pending if p.payload["case_id"] == "c00").payload["findings"]} == {"laterality", "omission"}
    # Running again leaves the paused cases paused, writes nothing twice and audits nothing again.
    again = run_dataset(data, out, run_profile, auditor_factory=table_factory(fail=True), knowledge=RecordingKnowledge())
    assert (again.audited, again.paused, again.pending_review, again.resumed) == (0, 0, 2, 3)


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


def test_a_finding_given_both_verdicts_through_the_library_is_refused_and_its_case_stays_pending(tmp_path):
    """`radqc review --verdicts` refuses a finding both confirmed and rejected, but a caller of
    `complete_reviews` (and so of `apply_verdicts`) had it settled by whichever verdict came last, in silence."""
    _, _, out, _ = reviewed_run(tmp_path)
    split = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "confirmed"), verdict("c00", WRONG_SIDE, "rejected", "dr-b")]
    with pytest.raises(AdjudicationError, match=r"case 'c00': its 'laterality' finding 'left upper lobe nodule' is both confirmed and "
                                                r"rejected \(verdict 1: confirmed by dr-a; verdict 3: rejected by dr-b\)"):
        complete_reviews(out, lambda item: split if item.payload["case_id"] == "c00" else None, knowledge=RecordingKnowledge())
    assert sorted(p.payload["case_id"] for p in pending_reviews(out)) == ["c00", "c02"]
    assert [r["case_id"] for r in read_jsonl(out / PREDICTIONS)] == ["c01"] and not (out / ADJUDICATIONS).exists()
    settled = [verdict("c00", WRONG_SIDE, "rejected"), verdict("c00", OMISSION, "confirmed")]
    finished = complete_reviews(out, lambda item: settled if item.payload["case_id"] == "c00" else None, knowledge=RecordingKnowledge())
    assert [r.case_id for r in finished] == ["c00"] and [f.error_type for f in finished[0].findings] == ["omission"]


def test_the_graph_resumed_directly_refuses_a_finding_given_both_verdicts_and_takes_a_settled_answer_later(tmp_path):
    """Only `AuditWorkflow.resume` checked for conflicts: a caller resuming the compiled graph with
    `Command(resume=...)` had the node raise, and its answer, kept in the thread, failed every later one."""
    from langgraph.types import Command

    from radqc.eval.runner import RunFolder

    _, run_profile, out, _ = reviewed_run(tmp_path)
    split = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", WRONG_SIDE, "rejected", "dr-b")]
    with RunFolder(out).workflow(run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge()) as workflow:
        waiting = next(p for p in workflow.pending_reviews() if p.payload["case_id"] == "c00")
        config = {"configurable": {"thread_id": waiting.thread_id}}
        workflow.graph.invoke(Command(resume={waiting.interrupt_id: split}), config, durability="exit")
        again = next(p for p in workflow.pending_reviews() if p.payload["case_id"] == "c00")
        assert "both confirmed and rejected (verdict 1: confirmed by dr-a; verdict 2: rejected by dr-b)" in again.payload["refused"]
        with pytest.raises(AdjudicationError, match="both confirmed and rejected"):
            workflow.resume(again, split)
        settled = [verdict("c00", WRONG_SIDE, "rejected"), verdict("c00", OMISSION, "confirmed")]
        result = workflow.resume(next(p for p in workflow.pending_reviews() if p.payload["case_id"] == "c00"), settled)
    assert [f.error_type for f in result.findings] == ["omission"] and result.trace["review"]["confirmed"] == 1


def test_apply_verdicts_refuses_a_finding_both_confirmed_and_rejected():
    """It kept the last verdict on a finding (a dict by finding), where `radqc review` refuses the file."""
    found = Finding.model_validate(WRONG_SIDE)
    split = [Adjudication.model_validate(verdict("c00", WRONG_SIDE, decision)) for decision in ("rejected", "confirmed")]
    with pytest.raises(AdjudicationError, match="both confirmed and rejected"):
        apply_verdicts("c00", [found], split)
    assert apply_verdicts("c00", [found], split[1:]) == ([found], [found], split[1:])


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
    assert listed.exit_code == 0 and "2 cases waiting" in listed.output


def test_review_cli_lists_writes_a_template_and_applies_verdicts(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(radqc_cli(), ["review", str(out), "--list"])
    assert listed.exit_code == 0 and "2 cases waiting" in listed.output and "c00: 2 findings" in listed.output

    template = tmp_path / "verdicts.jsonl"
    assert runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template), "--reviewer", "dr-b"]).exit_code == 0
    lines = read_jsonl(template)
    assert len(lines) == 3 and {line["reviewer"] for line in lines} == {"dr-b"}
    for line in lines:
        line["verdict"] = "rejected" if line["error_type"] == "omission" else "confirmed"
    template.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template)])
    assert applied.exit_code == 0, applied.output
    assert "2 cases reviewed and written; 0 still pending" in applied.output
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert sorted(predictions) == ["c00", "c01", "c02"]
    assert [f["error_type"] for f in predictions["c00"]["findings"]] == ["laterality"]
    assert {a["reviewer"] for a in read_jsonl(out / ADJUDICATIONS)} == {"dr-b"}
    # The closed loop reached the real past-case store: the reviewed report is now retrievable.
    traces = {r["case_id"]: r["trace"] for r in read_jsonl(out / "traces.jsonl")}
    assert traces["c00"]["closed_loop"] == "stored with 1 confirmed finding"
    from radqc.knowledge import similar_cases

    stored = {c.case_id: c for c in similar_cases("left upper lobe nodule", "ct_report", 3)}
    assert [f.error_type for f in stored["c00"].findings] == ["laterality"]


def test_verdicts_from_a_template_are_recorded_as_the_reviewer_who_applies_them_names(tmp_path, monkeypatch):
    """The help's own example, `--template verdicts.jsonl`, then `--verdicts verdicts.jsonl --reviewer dr-li`, recorded
    every verdict as the login of whoever wrote the template: the template named it on each line, and a line's
    reviewer wins over --reviewer. A line that names its own reviewer (files of two reviewers merged) keeps it."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    runner = CliRunner()
    template = tmp_path / "verdicts.jsonl"
    assert runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template)]).exit_code == 0
    lines = read_jsonl(template)
    assert {line["reviewer"] for line in lines} == {""}
    for line in lines:
        line["verdict"] = "confirmed"
        if line["case_id"] == "c02":
            line["reviewer"] = "dr-wang"
    template.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template), "--reviewer", "dr-li"])
    assert applied.exit_code == 0, applied.output
    recorded = {(a["case_id"], a["error_type"]): a["reviewer"] for a in read_jsonl(out / ADJUDICATIONS)}
    assert recorded == {("c00", "laterality"): "dr-li", ("c00", "omission"): "dr-li", ("c02", "laterality"): "dr-wang"}


def test_review_cli_lists_the_pending_cases_only_when_no_file_is_asked_for(tmp_path, monkeypatch):
    """--template and --verdicts printed the whole list of pending cases before doing what they were asked:
    noise on a run with hundreds waiting. They print the count; --list and the interactive review list them."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    runner = CliRunner()
    template = tmp_path / "verdicts.jsonl"
    written = runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template)])
    assert written.exit_code == 0 and "2 cases waiting" in written.output and "c00:" not in written.output, written.output
    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template)])  # no verdict filled in: all stay pending
    assert "2 cases waiting" in applied.output and "c00:" not in applied.output and "c02:" not in applied.output, applied.output
    asked = runner.invoke(radqc_cli(), ["review", str(out)], input="s\ns\ns\n")
    assert "c00: 2 findings" in asked.output and "c02: 1 finding" in asked.output, asked.output


def test_review_list_names_what_each_waiting_case_waits_for(tmp_path):
    """--list gave each case's number of findings alone ("c00: 2 findings"): which type and evidence each needs a verdict
    on, as a verdicts file must name them, was in the run's files only."""
    _, _, out, _ = reviewed_run(tmp_path)
    listed = CliRunner().invoke(radqc_cli(), ["review", str(out), "--list"])
    assert listed.exit_code == 0, listed.output
    assert ("  c00: 2 findings\n    laterality: 'left upper lobe nodule'\n    omission: '12 mm nodule'\n"
            "  c02: 1 finding\n    laterality: 'left upper lobe nodule'\n") in listed.output, listed.output


def test_review_cli_lists_and_templates_a_case_whose_last_answer_was_refused_with_the_reason(tmp_path, monkeypatch):
    """The graph pauses such a case again with the reason (`REFUSED`), but `radqc review` listed it as
    if it had never been answered, and its template lines said nothing either."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    split = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", WRONG_SIDE, "rejected", "dr-b")]
    with pytest.raises(AdjudicationError):
        complete_reviews(out, lambda item: split if item.payload["case_id"] == "c00" else None, knowledge=RecordingKnowledge())
    reason = ("case 'c00': its 'laterality' finding 'left upper lobe nodule' is both confirmed and rejected "
              "(verdict 1: confirmed by dr-a; verdict 2: rejected by dr-b)")
    runner = CliRunner()
    listed = runner.invoke(radqc_cli(), ["review", str(out), "--list"])
    assert listed.exit_code == 0, listed.output
    assert f"c00: 2 findings; its last answer was refused: {reason}" in " ".join(listed.output.split())
    assert "c02: 1 finding\n" in listed.output

    template = tmp_path / "verdicts.jsonl"
    assert runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template)]).exit_code == 0
    lines = read_jsonl(template)
    assert [(line["case_id"], line.get("refused")) for line in lines] == [("c00", reason), ("c00", reason), ("c02", None)]
    # The reason is no part of a verdict: the template filled in is taken as it is.
    for line in lines:
        line["verdict"] = "confirmed"
    template.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template)])
    assert applied.exit_code == 0 and "2 cases reviewed and written; 0 still pending" in applied.output, applied.output
    assert all("refused" not in a for a in read_jsonl(out / ADJUDICATIONS))


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
    assert "1 case reviewed and written; 1 still pending" in result.output
    assert [(a["case_id"], a["verdict"], a["reviewer"]) for a in read_jsonl(out / ADJUDICATIONS)] == [
        ("c00", "confirmed", "dr-c"), ("c00", "rejected", "dr-c")]
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c02"]


def twin_finding_run(tmp_path):
    """A review-enabled run where c00 has one fault found at two places (same type and evidence, regions
    apart: the union verifier keeps both) and c02 one finding."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 3))
    twins = [finding("laterality", "left upper lobe nodule", 0.9, region=[0, 0, 10, 10]),
             finding("laterality", "left upper lobe nodule", 0.8, region=[50, 50, 60, 60])]
    answers = {"answers": {"c00": twins, "c02": [WRONG_SIDE]}}
    out = tmp_path / "run"
    run_dataset(data, out, profile(verifier="union", review=True, recall=answers, precision=answers),
                auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    assert [len(p.payload["findings"]) for p in pending_reviews(out)] == [2, 1]
    return out


def test_findings_sharing_type_and_evidence_are_asked_about_once(tmp_path, monkeypatch):
    """Asked once per finding, a reviewer who rejected one of two such findings and confirmed the other
    got a traceback (AdjudicationError: both confirmed and rejected), the later cases left unasked:
    a verdict names a finding by its type and evidence only, so one verdict judges both."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    out = twin_finding_run(tmp_path)
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--reviewer", "dr-e"], input="r\nc\n")  # c00 once, then c02
    assert result.exit_code == 0, result.output
    assert "one verdict for these 2 findings" in " ".join(result.output.split())
    assert "2 cases reviewed and written; 0 still pending" in result.output
    # The log holds each verdict once, as the reviewer gave it (`test_one_verdict_on_findings_..._round_trip`).
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c00", "rejected"), ("c02", "confirmed")]
    predicted = {r["case_id"]: r["findings"] for r in read_jsonl(out / PREDICTIONS)}
    assert predicted["c00"] == [] and len(predicted["c02"]) == 1


def test_one_verdict_on_findings_sharing_type_and_evidence_is_one_line_through_the_round_trip(tmp_path, monkeypatch):
    """The one verdict was written once per finding it judged: `radqc data apply-verdicts` then added
    its label and counted the twin line as "already in gold" (on an unlabelled case, two verdicts not
    added). Eval matches verdicts to every finding they name, so one line scores both findings."""
    from radqc.cli.main import app
    from radqc.eval.adjudications import read_adjudications
    from radqc.eval.metrics import compute_metrics
    from radqc.eval.predictions import read_predictions

    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    out = twin_finding_run(tmp_path)
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--reviewer", "dr-e"], input="c\nr\n")  # c00 once, then c02
    assert result.exit_code == 0, result.output
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c00", "confirmed"), ("c02", "rejected")]

    def scored():
        ct = compute_metrics(load_dataset(tmp_path / "data"), read_predictions(out / PREDICTIONS), read_adjudications(out / ADJUDICATIONS))["ct_report"]
        return {key: ct[key] for key in ("n_gold", "n_findings", "recall", "precision", "confirmed_discoveries", "unreviewed_discoveries")}

    # Before: both findings of c00 are outside gold and confirmed, one error discovered.
    assert scored() == {"n_gold": 0, "n_findings": 2, "recall": 0.0, "precision": 0.0, "confirmed_discoveries": 1, "unreviewed_discoveries": 0}
    applied = CliRunner().invoke(app, ["data", "apply-verdicts", str(tmp_path / "data"), "--verdicts", str(out / ADJUDICATIONS)])
    assert applied.exit_code == 0, applied.output
    assert "1 confirmed label added" in applied.output and "; 0 already in gold" in applied.output
    assert [len(r["labels"]) for r in read_jsonl(tmp_path / "data" / "manifest.jsonl")] == [1, 0, 0]
    # After: the error is gold; one finding matches it, its twin is no new discovery (scores count findings).
    assert scored() == {"n_gold": 1, "n_findings": 2, "recall": 1.0, "precision": 0.5, "confirmed_discoveries": 0, "unreviewed_discoveries": 0}
    again = CliRunner().invoke(app, ["data", "apply-verdicts", str(tmp_path / "data"), "--verdicts", str(out / ADJUDICATIONS)])
    assert "0 confirmed labels added" in again.output and "; 1 already in gold" in again.output


def test_a_template_has_one_line_for_findings_sharing_type_and_evidence(tmp_path):
    """Two identical lines had both to be filled in alike: one left blank was a bad line."""
    out = twin_finding_run(tmp_path)
    template = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--template", str(template)])
    assert result.exit_code == 0, result.output
    assert [(line["case_id"], line["evidence"]) for line in read_jsonl(template)] == [
        ("c00", "left upper lobe nodule"), ("c02", "left upper lobe nodule")]


def test_an_interactive_review_stopped_at_a_prompt_writes_the_cases_answered_and_says_so(tmp_path, monkeypatch):
    """Ctrl-C (or the end of piped input) at a prompt printed only "Aborted." with exit status 1: the
    case answered before it was neither pending nor written (no verdict in adjudications.jsonl) until
    some later command wrote it, and nothing said so."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    result = CliRunner().invoke(radqc_cli(), ["review", str(out), "--reviewer", "dr-d"], input="c\nr\n")  # c00, then c02 unanswered
    assert result.exit_code == 130, result.output
    assert "stopped: 1 case reviewed and written; 1 still pending" in " ".join(result.output.split())
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c00", "confirmed"), ("c00", "rejected")]
    assert [r["case_id"] for r in read_jsonl(out / PREDICTIONS)] == ["c01", "c00"]
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c02"]


def review_with_file(tmp_path, out, lines):
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return CliRunner().invoke(radqc_cli(), ["review", str(out), "--verdicts", str(verdicts)])


def test_review_cli_rejects_bad_verdict_lines_and_keeps_their_cases_pending(tmp_path, monkeypatch):
    """A misspelt verdict word or another word for one, or evidence that matches no pending finding, is listed with
    its line number; its case stays pending (no half-reviewed case is written), the others go on."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [
        verdict("c00", WRONG_SIDE, "confimed"),
        verdict("c00", OMISSION, "yes"),
        {**verdict("c02", WRONG_SIDE, "confirmed"), "evidence": WRONG_SIDE["evidence"] + " "},
        verdict("c09", WRONG_SIDE, "confirmed"),
    ]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 1, result.output
    assert "4 problems in" in result.output
    for number, said in [(1, "'confimed'"), (2, "'yes'"), (3, "evidence 'left upper lobe nodule '"), (4, "'c09' is not waiting")]:
        assert f"line {number}:" in result.output and said in result.output
    assert "0 cases reviewed and written; 2 still pending" in result.output
    assert sorted(p.payload["case_id"] for p in pending_reviews(out)) == ["c00", "c02"]
    assert not (out / ADJUDICATIONS).exists()


def test_a_template_line_whose_verdict_was_left_blank_is_named_as_left_blank(tmp_path, monkeypatch):
    """A `--template` line given back with its "verdict" as written ("") was refused as "Input should be 'confirmed' or
    'rejected'", as though a wrong word were there: it is named as left blank, its case pending, the other case applied."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    template = tmp_path / "verdicts.jsonl"
    assert CliRunner().invoke(radqc_cli(), ["review", str(out), "--template", str(template)]).exit_code == 0
    lines = read_jsonl(template)
    filled = [{**line, "verdict": "confirmed"} if line["case_id"] == "c02" else line for line in lines]
    result = review_with_file(tmp_path, out, filled)
    assert result.exit_code == 1, result.output
    blank = [f"line {n}: verdict: left blank: set it to confirmed or rejected" for n, line in enumerate(filled, 1) if not line["verdict"]]
    assert blank and all(said in result.output for said in blank) and "Input should be" not in result.output, result.output
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c00"]


def test_a_verdict_typed_with_capitals_or_spaces_is_read_as_its_word(tmp_path, monkeypatch):
    """"Confirmed", as a reviewer types a word at a line's start, was refused ("Input should be 'confirmed' or
    'rejected' (got 'Confirmed')") and its case left pending: it says the same, and is recorded as the lower-case word."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [verdict("c00", WRONG_SIDE, "Confirmed"), verdict("c00", OMISSION, " REJECTED "), verdict("c02", WRONG_SIDE, "confirmed")]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 0, result.output
    assert pending_reviews(out) == []
    assert sorted(a["verdict"] for a in read_jsonl(out / ADJUDICATIONS)) == ["confirmed", "confirmed", "rejected"]


def test_review_cli_applies_the_good_cases_of_a_partly_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "unsure"), verdict("c02", WRONG_SIDE, "rejected")]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 1 and "line 2:" in result.output
    assert "1 case reviewed and written; 1 still pending" in result.output
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c00"]
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c02", "rejected")]



def test_review_cli_leaves_a_case_whose_finding_the_file_both_confirms_and_rejects_pending(tmp_path, monkeypatch):
    """Two reviewers' verdicts merged into one file disagreed on c00's laterality finding: the case was
    resumed with one of them, in silence, and joined the past-case store. Verdicts that agree are fine."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    lines = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "rejected"), verdict("c02", WRONG_SIDE, "confirmed"),
             verdict("c00", WRONG_SIDE, "rejected", reviewer="dr-b"), verdict("c02", WRONG_SIDE, "confirmed", reviewer="dr-b")]
    result = review_with_file(tmp_path, out, lines)
    assert result.exit_code == 1, result.output
    assert "1 problem in" in result.output
    assert ("case 'c00': its 'laterality' finding 'left upper lobe nodule' is both confirmed and rejected (line 1: confirmed by "
            "dr-a; line 4: rejected by dr-b); keep one of them") in " ".join(result.output.split())
    assert "1 case reviewed and written; 1 still pending" in result.output
    assert [p.payload["case_id"] for p in pending_reviews(out)] == ["c00"]
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c02", "confirmed")]
    from radqc.knowledge import similar_cases

    assert {c.case_id for c in similar_cases("left upper lobe nodule", "ct_report", 3)} == {"c02"}


def test_a_verdicts_file_applied_again_once_its_bad_lines_are_fixed_is_not_refused_for_its_good_ones(tmp_path, monkeypatch):
    """The first go listed the bad line and kept its case pending; fixed and given again, the file's
    good lines, whose cases were written the first time, were each called "not waiting for review"
    (exit 1). They are left as written; a verdict changed since is still refused."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    said = {}
    for second_verdict, exit_code in [("rejected", 0), ("confirmed", 1)]:
        folder = tmp_path / second_verdict
        _, _, out, _ = reviewed_run(folder)
        lines = [verdict("c00", WRONG_SIDE, "confirmed"), verdict("c00", OMISSION, "unsure"), verdict("c02", WRONG_SIDE, "rejected")]
        assert review_with_file(folder, out, lines).exit_code == 1
        lines[1:] = [verdict("c00", OMISSION, "confirmed"), verdict("c02", WRONG_SIDE, second_verdict)]
        result = review_with_file(folder, out, lines)
        assert result.exit_code == exit_code, result.output
        assert "1 case reviewed and written; 0 still pending" in result.output
        assert sorted((a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)) == [
            ("c00", "confirmed"), ("c00", "confirmed"), ("c02", "rejected")]
        said[second_verdict] = " ".join(result.output.split())
    assert "1 line of" in said["rejected"] and "already applied by an earlier review, left as written" in said["rejected"]
    assert "line 3: case 'c02' is not waiting for review" in said["confirmed"] and "already applied" not in said["confirmed"]


def all_pending_run(tmp_path, n_cases: int):
    """A review-enabled run in which every case has one finding, so every case waits for review."""
    data = load_dataset(write_report_dataset(tmp_path / "data", n_cases))
    answers = {"answers": {f"c{i:02d}": [WRONG_SIDE] for i in range(n_cases)}}
    run_profile = profile(review=True, recall=answers, precision=answers)
    out = tmp_path / "run"
    run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    return data, run_profile, out


def confirm_all(item):
    return [verdict(item.payload["case_id"], f, "confirmed") for f in item.payload["findings"]]


def test_reviewed_cases_join_the_past_case_store_a_batch_at_a_time(tmp_path, monkeypatch):
    """One embedding call and one write per reviewed case stored about 14 cases/s."""
    _, _, out = all_pending_run(tmp_path, 5)
    monkeypatch.setattr(radqc.knowledge, "CASES_PER_WRITE", 2)
    knowledge = RecordingKnowledge()
    finished = complete_reviews(out, confirm_all, knowledge=knowledge)
    assert len(finished) == 5 and knowledge.writes == [2, 2, 1]
    assert sorted(case["case_id"] for case in knowledge.stored) == [f"c0{i}" for i in range(5)]
    traces = {r["case_id"]: r["trace"] for r in read_jsonl(out / "traces.jsonl")}
    assert {traces[f"c0{i}"]["closed_loop"] for i in range(5)} == {"stored with 1 confirmed finding"}


class RefusingStore(RecordingKnowledge):
    """Refuses one case's write, as a store would a case it cannot index."""

    def add_past_cases(self, cases):
        if any(case.case_id == "c01" for case in cases):
            raise ValueError("cannot index c01")
        super().add_past_cases(cases)


def test_a_case_the_store_refuses_costs_only_its_own_learning_step(tmp_path, monkeypatch):
    _, _, out = all_pending_run(tmp_path, 3)
    monkeypatch.setattr(radqc.knowledge, "CASES_PER_WRITE", 3)
    knowledge = RefusingStore()
    assert len(complete_reviews(out, confirm_all, knowledge=knowledge)) == 3
    assert sorted(case["case_id"] for case in knowledge.stored) == ["c00", "c02"]
    traces = {r["case_id"]: r["trace"]["closed_loop"] for r in read_jsonl(out / "traces.jsonl")}
    assert traces == {"c00": "stored with 1 confirmed finding", "c01": "not stored: ValueError: cannot index c01",
                      "c02": "stored with 1 confirmed finding"}
    assert sorted(a["case_id"] for a in read_jsonl(out / ADJUDICATIONS)) == ["c00", "c01", "c02"]


class StopsAtTheStore(RecordingKnowledge):
    """Stops the process the way Ctrl-C does, at its first store write."""

    def add_past_cases(self, cases):
        raise KeyboardInterrupt


def test_cases_a_stopped_review_answered_are_written_by_the_next_run_or_review(tmp_path, monkeypatch):
    """A review stopped after resuming a case and before writing it left the case neither pending nor
    written: `radqc review` no longer offered it, and `radqc eval` wrote it without its verdicts."""
    monkeypatch.setattr(radqc.knowledge, "CASES_PER_WRITE", 2)
    everyone = {"c00", "c01", "c02"}
    for writer in ("eval", "review"):
        data, run_profile, out = all_pending_run(tmp_path / writer, 3)
        with pytest.raises(KeyboardInterrupt):
            complete_reviews(out, confirm_all, knowledge=StopsAtTheStore())
        answered = everyone - {p.payload["case_id"] for p in pending_reviews(out)}
        assert answered and read_jsonl(out / PREDICTIONS) == []
        knowledge = RecordingKnowledge()
        if writer == "eval":
            run_dataset(data, out, run_profile, auditor_factory=table_factory(fail=True), knowledge=knowledge)
        else:
            complete_reviews(out, lambda item: None, knowledge=knowledge)
        assert {case["case_id"] for case in knowledge.stored} == answered
        assert Counter(r["case_id"] for r in read_jsonl(out / PREDICTIONS)) == Counter(answered)
        assert sorted((a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)) == [(c, "confirmed") for c in sorted(answered)]
        assert {p.payload["case_id"] for p in pending_reviews(out)} == everyone - answered


def test_review_with_nothing_waiting_writes_what_a_stopped_review_answered(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out = all_pending_run(tmp_path, 1)
    with pytest.raises(KeyboardInterrupt):
        complete_reviews(out, confirm_all, knowledge=StopsAtTheStore())
    assert pending_reviews(out) == []
    result = CliRunner().invoke(radqc_cli(), ["review", str(out)])
    assert result.exit_code == 0 and "1 case reviewed and written; 0 still pending" in result.output, result.output
    assert [r["case_id"] for r in read_jsonl(out / PREDICTIONS)] == ["c00"]
    assert [(a["case_id"], a["verdict"]) for a in read_jsonl(out / ADJUDICATIONS)] == [("c00", "confirmed")]


def test_reviewing_a_run_whose_profile_has_no_review_says_so_and_how_to_get_one(tmp_path):
    """"0 waiting" alone read as if every case had been reviewed."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 2))
    answers = {"answers": {"c00": [WRONG_SIDE]}}
    run_dataset(data, tmp_path / "run", profile(recall=answers, precision=answers), auditor_factory=table_factory(),
                knowledge=RecordingKnowledge())
    result = CliRunner().invoke(radqc_cli(), ["review", str(tmp_path / "run")])
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and "0 cases waiting" in said, result.output
    assert "does not pause cases for review" in said and "review: true" in said and "--profile offline-review" in said


def test_verdicts_for_a_run_whose_profile_has_no_review_are_refused_with_the_hint(tmp_path):
    """They were ignored with exit 0, as if applied: no case of such a run can take a verdict."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 2))
    answers = {"answers": {"c00": [WRONG_SIDE]}}
    run_dataset(data, tmp_path / "run", profile(recall=answers, precision=answers), auditor_factory=table_factory(),
                knowledge=RecordingKnowledge())
    result = review_with_file(tmp_path, tmp_path / "run", [verdict("c00", WRONG_SIDE, "confirmed")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "does not pause cases for review" in said and "--profile offline-review" in said and "cannot apply" in said
    assert not (tmp_path / "run" / ADJUDICATIONS).exists()


def test_a_template_for_a_run_whose_profile_has_no_review_is_refused_with_the_hint(tmp_path):
    """It printed the hint and exited 0, unlike --verdicts, as if a template had been written."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 2))
    answers = {"answers": {"c00": [WRONG_SIDE]}}
    run_dataset(data, tmp_path / "run", profile(recall=answers, precision=answers), auditor_factory=table_factory(),
                knowledge=RecordingKnowledge())
    template = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(radqc_cli(), ["review", str(tmp_path / "run"), "--template", str(template)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "does not pause cases for review" in said and "--profile offline-review" in said and "not written" in said
    assert not template.exists()


def test_a_review_of_a_folder_in_use_is_a_clear_error(tmp_path):
    from radqc.eval.runner import RunFolder

    _, _, out, _ = reviewed_run(tmp_path)
    with RunFolder(out).locked():  # as a `radqc eval` re-run holds it while it runs
        result = review_with_file(tmp_path, out, [verdict("c00", WRONG_SIDE, "confirmed")])
    message = " ".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2 and "another radqc process is writing to" in message, result.output


def test_the_checkpoint_file_shrinks_after_a_review_and_the_cases_left_still_resume(tmp_path):
    """Resolved cases' checkpoints were deleted, but SQLite kept their pages: 137 MB after 3,244
    cases were reviewed, none pending."""
    _, _, out = all_pending_run(tmp_path, 40)
    before = (out / CHECKPOINTS).stat().st_size
    complete_reviews(out, lambda item: None if item.payload["case_id"] in ("c07", "c31") else confirm_all(item), knowledge=RecordingKnowledge())
    after = sum(path.stat().st_size for path in out.glob(CHECKPOINTS + "*"))  # the -wal and -shm files too
    assert after < before / 4
    assert sorted(p.payload["case_id"] for p in pending_reviews(out)) == ["c07", "c31"]
    knowledge = RecordingKnowledge()
    assert sorted(r.case_id for r in complete_reviews(out, confirm_all, knowledge=knowledge)) == ["c07", "c31"]
    assert [case["case_id"] for case in knowledge.stored] == ["c07", "c31"]
    assert Counter(r["case_id"] for r in read_jsonl(out / PREDICTIONS)) == Counter(f"c{i:02d}" for i in range(40))


REVIEW_SCRIPT = """
import json, sys, time
sys.path.insert(0, {tests!r})
from pathlib import Path
import radqc.knowledge
from radqc.eval.runner import complete_reviews

radqc.knowledge.CASES_PER_WRITE = 3
hang = sys.argv[1] == "hang"


class FileStore:
    \"\"\"Appends each case it is given to a file, and hangs once the file holds 4 or more (at the
    second write), so that the test can kill the review there.\"\"\"

    def add_past_cases(self, cases):
        with open({store!r}, "a", encoding="utf-8") as log:
            for case in cases:
                findings = [finding.model_dump() for finding in case.findings]
                log.write(json.dumps({{"case_id": case.case_id, "text": case.text, "findings": findings}}) + "\\n")
        with open({store!r}, encoding="utf-8") as log:
            if hang and len(log.readlines()) >= 4:
                time.sleep(120)


def confirm_all(item):
    return [{{"case_id": item.payload["case_id"], "error_type": f["error_type"], "evidence": f["evidence"],
              "verdict": "confirmed", "reviewer": "dr-k"}} for f in item.payload["findings"]]


complete_reviews(Path({out!r}), confirm_all, knowledge=FileStore())
"""


def test_a_review_killed_mid_batch_loses_no_case_and_stores_none_differently_when_resumed(tmp_path):
    n_cases = 8
    _, _, out = all_pending_run(tmp_path, n_cases)
    store = tmp_path / "store.jsonl"
    script = tmp_path / "review.py"
    script.write_text(textwrap.dedent(REVIEW_SCRIPT.format(tests=str(TESTS), out=str(out), store=str(store))))
    process = subprocess.Popen([sys.executable, str(script), "hang"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(read_jsonl(store)) < 4:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the review made no progress"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written_before = Counter(r["case_id"] for r in read_jsonl(out / PREDICTIONS))
    assert sum(written_before.values()) < n_cases, "the review finished before it could be killed"

    again = subprocess.run([sys.executable, str(script), "resume"], capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr.decode()
    everyone = [f"c{i:02d}" for i in range(n_cases)]
    assert Counter(r["case_id"] for r in read_jsonl(out / PREDICTIONS)) == Counter(everyone)
    assert Counter(a["case_id"] for a in read_jsonl(out / ADJUDICATIONS)) == Counter(everyone)
    assert pending_reviews(out) == []
    # Every case reached the store with its confirmed finding. The cases the kill caught between the
    # store's write and the run folder's were given to the store again, the same case each time, which
    # the store (keyed by modality, case id and text) keeps as one record.
    stored = read_jsonl(store)
    writes = Counter(case["case_id"] for case in stored)
    assert sorted(writes) == everyone and max(writes.values()) == 2
    assert all(len({json.dumps(case, sort_keys=True) for case in stored if case["case_id"] == case_id}) == 1 for case_id in writes)
    assert {case["findings"][0]["error_type"] for case in stored} == {"laterality"}


RETRIEVED_REPORTS = {
    "c00": "FINDINGS: 12 mm nodule in the right upper lobe. IMPRESSION: left upper lobe nodule.",
    "c01": "FINDINGS: No effusion. Emphysema. A 12 mm nodule in the right upper lobe. IMPRESSION: left upper lobe nodule.",
    # Retrieval embeds a report's first 2,000 characters; the store keeps (and embeds) the whole report.
    "c02": "FINDINGS: 12 mm nodule in the right upper lobe." + " Stable postoperative changes." * 80
    + " IMPRESSION: left upper lobe nodule.",
}


def reviewed_into_a_store(folder: Path, monkeypatch, rag: bool) -> tuple[dict, list[str]]:
    """Audit RETRIEVED_REPORTS with review on and the real knowledge base in FOLDER (retrieving from it
    if RAG), confirm every finding, and return the stored past cases (id -> (text, vector)) and the
    texts the embedding model read during the review."""
    from radqc.knowledge.embedding import _model

    monkeypatch.setenv("RADQC_KB_DIR", str(folder / "kb"))
    (folder / "data").mkdir(parents=True)
    lines = [json.dumps({"case_id": case_id, "modality": "ct_report", "report": text, "labels": []}) for case_id, text in RETRIEVED_REPORTS.items()]
    (folder / "data" / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = {"answers": {case_id: [WRONG_SIDE] for case_id in RETRIEVED_REPORTS}}
    run_profile = profile(rag=rag, review=True, recall=answers, precision=answers)
    run_dataset(load_dataset(folder / "data"), folder / "run", run_profile, auditor_factory=table_factory())
    model, read = _model(), []
    encode = model.encode
    with pytest.MonkeyPatch.context() as spy:
        spy.setattr(model, "encode", lambda texts, **options: read.extend(texts) or encode(texts, **options))
        assert len(complete_reviews(folder / "run", confirm_all)) == 3
    stored = radqc.knowledge.open_knowledge_base().cases.collection.get(include=["documents", "embeddings"])
    return {i: (text, np.asarray(vector)) for i, text, vector in zip(stored["ids"], stored["documents"], stored["embeddings"])}, read


def test_a_reviewed_report_is_stored_with_the_vector_its_retrieval_computed(tmp_path, monkeypatch):
    """Storing a reviewed report embedded it again, though retrieval had embedded the same text during
    `radqc eval`. The vector stored must be exactly the one embedding the report gives: the same run
    without retrieval (nothing to reuse) stores the same bits."""
    reused, read = reviewed_into_a_store(tmp_path / "rag", monkeypatch, rag=True)
    assert read == [RETRIEVED_REPORTS["c02"]]  # only the report longer than its query is embedded
    embedded, read_without_retrieval = reviewed_into_a_store(tmp_path / "no-rag", monkeypatch, rag=False)
    assert sorted(read_without_retrieval) == sorted(RETRIEVED_REPORTS.values())
    assert sorted(reused) == sorted(embedded) and len(reused) == 3
    for record_id, (text, vector) in reused.items():
        assert text == embedded[record_id][0] and np.array_equal(vector, embedded[record_id][1])


def test_a_waiting_case_keeps_only_the_checkpoint_resuming_needs(tmp_path):
    """Each case waiting for review kept a checkpoint per step of its audit (27.8 kB a case, where
    resuming reads only the last)."""
    from radqc.eval.runner import RunFolder

    _, run_profile, out = all_pending_run(tmp_path, 3)
    with RunFolder(out).workflow(run_profile) as workflow:
        threads = Counter(c.config["configurable"]["thread_id"] for c in workflow.checkpointer.list(None))
    assert len(threads) == 3 and set(threads.values()) == {1}
    assert sorted(r.case_id for r in complete_reviews(out, confirm_all, knowledge=RecordingKnowledge())) == ["c00", "c01", "c02"]


REVIEWING_RUN_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_graph_support import RecordingKnowledge, finding, profile, table_factory
from radqc.dataset import load_dataset
from radqc.eval.runner import run_dataset

answers = {{"answers": {{f"c{{i:02d}}": [finding()] for i in range({n_cases})}}}}
run_dataset(load_dataset({data!r}), Path({out!r}), profile(review=True, recall=answers, precision=answers),
            auditor_factory=table_factory(delay=0.15, call_log={log!r}), knowledge=RecordingKnowledge(), workers=2)
"""


def test_a_reviewing_run_killed_with_sigkill_loses_no_waiting_case(tmp_path):
    """A case's checkpoint is written when its audit stops, so a kill mid-audit restarts that case;
    every case already waiting must still be waiting, and is not audited again."""
    n_cases = 10
    data = write_report_dataset(tmp_path / "data", n_cases)
    out, log, script = tmp_path / "run", tmp_path / "calls.jsonl", tmp_path / "run.py"
    script.write_text(textwrap.dedent(REVIEWING_RUN_SCRIPT.format(tests=str(TESTS), n_cases=n_cases, data=str(data), out=str(out), log=str(log))))
    process = subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out / CHECKPOINTS).exists() or len(pending_reviews(out)) < 3:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    waiting_before = {p.payload["case_id"] for p in pending_reviews(out)}
    assert 3 <= len(waiting_before) < n_cases, "the run finished before it could be killed"

    rerun = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert Counter(p.payload["case_id"] for p in pending_reviews(out)) == Counter(f"c{i:02d}" for i in range(n_cases))
    calls = Counter(record["case_id"] for record in read_jsonl(log))
    assert all(calls[case_id] == 2 for case_id in waiting_before)  # one call per role, before the kill
    assert read_jsonl(out / PREDICTIONS) == []


def test_review_verdicts_shows_a_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    """A verdicts file on a large run is applied at 12-25 cases/s (minutes for thousands of cases) and printed nothing
    until it was done; `radqc eval` and `radqc kb add-cases` show a bar on stderr, and so does this now."""
    import re

    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    _, _, out, _ = reviewed_run(tmp_path)
    template = tmp_path / "verdicts.jsonl"
    runner = CliRunner()
    assert runner.invoke(radqc_cli(), ["review", str(out), "--template", str(template)]).exit_code == 0
    template.write_text(template.read_text(encoding="utf-8").replace('"verdict": ""', '"verdict": "confirmed"'), encoding="utf-8")
    applied = runner.invoke(radqc_cli(), ["review", str(out), "--verdicts", str(template)],
                            env={"COLUMNS": "200", "TTY_COMPATIBLE": "1"})  # stderr as a terminal: the bar is shown
    assert applied.exit_code == 0 and "2 cases reviewed and written" in applied.stdout, applied.output
    assert "applying verdicts" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", applied.stderr) and "2/2" in applied.stderr, applied.stderr
