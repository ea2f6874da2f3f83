"""The resumable dataset runner: files written case by case, resume after kill -9, run folder checks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from test_graph_support import RecordingKnowledge, finding, profile, table_factory, write_report_dataset

from radqc.dataset import load_dataset
from radqc.eval.runner import PREDICTIONS, RunFolderError, run_dataset
from radqc.jsonl import read_jsonl

TESTS = Path(__file__).resolve().parent


def ids(path: Path) -> list[str]:
    return [record["case_id"] for record in read_jsonl(path)]


def test_writes_each_case_once_with_its_trace_and_skips_answered_cases(tmp_path):
    data = load_dataset(write_report_dataset(tmp_path / "data", 4))
    answers = {"answers": {"c01": [finding()]}}
    run_profile = profile(recall=answers, precision=answers)
    out = tmp_path / "run"
    first = run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    again = run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    assert (first.audited, first.resumed, again.audited, again.resumed) == (4, 0, 0, 4)
    assert sorted(ids(out / PREDICTIONS)) == ["c00", "c01", "c02", "c03"]
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert [f["error_type"] for f in predictions["c01"]["findings"]] == ["laterality"]
    assert set(predictions["c01"]) == {"case_id", "modality", "status", "findings", "error"}
    traces = {r["case_id"]: r["trace"] for r in read_jsonl(out / "traces.jsonl")}
    assert traces["c01"]["verifier"]["strategy"] == "evidence"


def test_a_re_run_audits_the_cases_that_failed_again(tmp_path):
    """A case that failed (a model that was down, a bug) is no answer to keep: resuming tries it again."""
    data = load_dataset(write_report_dataset(tmp_path / "data", 3))
    answers = {"answers": {"c01": [finding()]}}
    run_profile = profile(recall=answers, precision=answers)
    out = tmp_path / "run"
    down = run_dataset(data, out, run_profile, auditor_factory=table_factory(fail=True), knowledge=RecordingKnowledge())
    assert {r["status"] for r in read_jsonl(out / PREDICTIONS)} == {"error"} and down.audited == 3
    again = run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    assert (again.audited, again.resumed) == (3, 0)
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert list(predictions) == ["c00", "c01", "c02"] and {r["status"] for r in predictions.values()} == {"ok"}
    assert [f["error_type"] for f in predictions["c01"]["findings"]] == ["laterality"]
    settled = run_dataset(data, out, run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    assert (settled.audited, settled.resumed) == (0, 3)


def test_finished_cases_leave_no_checkpoints_behind(tmp_path):
    from radqc.eval.runner import RunFolder

    data = load_dataset(write_report_dataset(tmp_path / "data", 2))
    out = tmp_path / "run"
    run_dataset(data, out, profile(), auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    with RunFolder(out).workflow(profile()) as workflow:
        assert list(workflow.checkpointer.list(None)) == []


def test_workers_audit_cases_at_once_with_the_same_results(tmp_path):
    data = load_dataset(write_report_dataset(tmp_path / "data", 6))
    answers = {"answers": {"c01": [finding()], "c04": [finding()]}}
    run_profile = profile(recall=answers, precision=answers)
    run_dataset(data, tmp_path / "one", run_profile, auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    # Both roles of three cases must be auditing at the same moment to pass the barrier.
    barrier = threading.Barrier(6, timeout=20)
    stats = run_dataset(data, tmp_path / "three", run_profile, auditor_factory=table_factory(barrier=barrier),
                        knowledge=RecordingKnowledge(), workers=3)
    assert stats.audited == 6 and not barrier.broken
    one, three = ({r["case_id"]: r for r in read_jsonl(tmp_path / name / PREDICTIONS)} for name in ("one", "three"))
    assert one == three and all(r["status"] == "ok" for r in three.values())


def test_bad_manifest_lines_become_error_predictions(tmp_path):
    folder = write_report_dataset(tmp_path / "data", 1)
    with (folder / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write('{"case_id": "bad", "modality": "ct_report", "report_path": "../../etc/passwd", "labels": []}\n')
    out = tmp_path / "run"
    run_dataset(load_dataset(folder), out, profile(), auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert predictions["bad"]["status"] == "error" and "leaves the dataset folder" in predictions["bad"]["error"]


def test_a_folder_of_another_profile_is_refused(tmp_path):
    data = load_dataset(write_report_dataset(tmp_path / "data", 1))
    out = tmp_path / "run"
    run_dataset(data, out, profile("union"), auditor_factory=table_factory(), knowledge=RecordingKnowledge())
    with pytest.raises(RunFolderError):
        run_dataset(data, out, profile("intersection"), auditor_factory=table_factory(), knowledge=RecordingKnowledge())


def test_a_damaged_run_record_is_a_clear_error(tmp_path):
    from radqc.eval.runner import RunFolder

    (tmp_path / "run.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RunFolderError, match="unreadable"):
        RunFolder(tmp_path).claim(profile(), tmp_path)
    with pytest.raises(RunFolderError, match="not a run folder"):
        RunFolder(tmp_path / "elsewhere").profile()


RUN_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_graph_support import RecordingKnowledge, finding, profile, table_factory
from radqc.dataset import load_dataset
from radqc.eval.runner import run_dataset

answers = {{"answers": {{"c03": [finding()]}}}}
run_dataset(load_dataset({data!r}), Path({out!r}), profile(recall=answers, precision=answers),
            auditor_factory=table_factory(delay=0.15, call_log={log!r}), knowledge=RecordingKnowledge(), workers={workers})
"""


@pytest.mark.parametrize("workers", [1, 3])
def test_a_run_killed_with_sigkill_resumes_without_losing_or_repeating_a_case(tmp_path, workers):
    n_cases = 12
    data = write_report_dataset(tmp_path / "data", n_cases)
    out, log = tmp_path / "run", tmp_path / "calls.jsonl"
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(RUN_SCRIPT.format(tests=str(TESTS), data=str(data), out=str(out), log=str(log), workers=workers)))
    process = subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(ids(out / PREDICTIONS)) < 3:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written_before = len(ids(out / PREDICTIONS))
    assert written_before < n_cases, "the run finished before it could be killed"

    rerun = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()
    answered = Counter(ids(out / PREDICTIONS))
    assert sorted(answered) == [f"c{i:02d}" for i in range(n_cases)] and set(answered.values()) == {1}
    predictions = {r["case_id"]: r for r in read_jsonl(out / PREDICTIONS)}
    assert [f["error_type"] for f in predictions["c03"]["findings"]] == ["laterality"]
    # Cases answered before the kill were not audited again; at most the cases in flight were.
    calls = Counter(record["case_id"] for record in read_jsonl(log))
    repeated = [case_id for case_id, count in calls.items() if count > 2]
    assert len(repeated) <= workers


class CrashOnce:
    """An auditor factory whose auditors crash the process-like way (KeyboardInterrupt) on the first
    call of the precision role, as Ctrl-C in the middle of a case would."""

    def __init__(self):
        self.crashed = False
        self.inner = table_factory()

    def __call__(self, modality, role):
        auditor = self.inner(modality, role)
        if role.options["tag"] != "precision":
            return auditor
        original = auditor.audit

        def audit(case, context):
            if not self.crashed:
                self.crashed = True
                raise KeyboardInterrupt
            return original(case, context)

        auditor.audit = audit
        return auditor


def test_ctrl_c_mid_case_resumes_that_case_from_its_checkpoint(tmp_path):
    data = load_dataset(write_report_dataset(tmp_path / "data", 2))
    out, knowledge, factory = tmp_path / "run", RecordingKnowledge(), CrashOnce()
    with pytest.raises(KeyboardInterrupt):
        run_dataset(data, out, profile(), auditor_factory=factory, knowledge=knowledge)
    assert ids(out / PREDICTIONS) == [] and len(knowledge.queries) == 2  # c00 retrieved, then Ctrl-C
    stats = run_dataset(data, out, profile(), auditor_factory=factory, knowledge=knowledge)
    assert stats.audited == 2 and sorted(ids(out / PREDICTIONS)) == ["c00", "c01"]
    # c00 continued after its retrieval step instead of starting over: only c01 retrieved again.
    assert len(knowledge.queries) == 4
