"""What the `radqc` command prints, end to end: untrusted text (report text, evidence, model output,
file names, case ids, labels) is shown exactly and harmlessly, and bad input is one clear error
(exit 2) instead of a traceback."""

import json
import re
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

# Imported now, not first inside a test's invoke: Rich fixes a console's width to the COLUMNS it is made
# under, and the commands' console would keep that test's width for every later one.
import radqc.cli.render  # noqa: F401
from radqc.cli.entry import INCOMPLETE
from radqc.cli.main import app
from permissions import radqc_bound_by_permissions, read_only  # noqa: F401  (read_only: a fixture)

pytestmark = pytest.mark.e2e
runner = CliRunner()

FINDINGS = "FINDINGS: 14 mm nodule in the right upper lobe.\n"
IMAGE = "00000001_000.png"  # a sample film radqc finds nothing wrong with


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """A console wide enough that table cells are not wrapped, so printed text can be searched whole. Set as
    a terminal sets it: setting console.width would leave it set, at its old value, for every later test."""
    monkeypatch.setenv("COLUMNS", "400")


def report(tmp_path, impression: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(FINDINGS + f"IMPRESSION: {impression}\n", encoding="utf-8")
    return path


def one_line(output: str) -> str:
    """An error box's text on one line (the box wraps long messages)."""
    return " ".join(output.replace("│", " ").split())


def unwrapped(output: str) -> str:
    """An error box's text without any blank, for a long path the box may break anywhere."""
    return "".join(output.replace("│", " ").split())


# 1. Square brackets and control characters


def test_evidence_with_a_closing_tag_is_printed_not_read_as_markup(tmp_path):
    result = runner.invoke(app, ["audit", str(report(tmp_path, "14 mm nodule [/] in the left upper lobe.")), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert "nodule [/] in the left upper lobe" in result.output


def test_bracketed_report_text_and_file_names_are_shown_exactly(tmp_path):
    path = report(tmp_path, "14 mm nodule in the left [sic] upper lobe.", name="[bold]x.txt")
    result = runner.invoke(app, ["audit", str(path), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert "left [sic] upper lobe" in result.output
    assert "[bold]x.txt (ct_report)" in result.output


def test_escape_sequences_in_a_report_never_reach_the_terminal(tmp_path):
    path = report(tmp_path, "\x1b]0;owned\x07 14 mm nodule \x1b[2J in the left upper lobe :warning:.")
    result = runner.invoke(app, ["audit", str(path), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "nodule \\x1b[2J in the left upper lobe" in result.output



def test_audit_reads_a_ct_report_from_stdin_as_from_a_file(samples_dir, tmp_path):
    """PATH "-" said "input file not found: -": a report copied from a RIS had to be saved to a file first."""
    path = report(tmp_path, "14 mm nodule in the left upper lobe.")
    options = ["--exam", "CT chest", "--sex", "F", "--no-rag", "--json"]
    from_file = json.loads(runner.invoke(app, ["audit", str(path), *options]).stdout)
    piped = runner.invoke(app, ["audit", "-", *options], input=path.read_bytes())
    assert piped.exit_code == 0, piped.output
    from_stdin = json.loads(piped.stdout)
    assert from_stdin["case_id"] == "stdin" and from_stdin["findings"] == from_file["findings"] != []
    shown = runner.invoke(app, ["audit", "-", "--no-rag"], input=path.read_bytes())
    assert shown.exit_code == 0 and shown.output.startswith("stdin (ct_report)"), shown.output
    empty = runner.invoke(app, ["audit", "-"], input=b"")
    assert empty.exit_code == 2 and "stdin is empty: pipe a CT report into it" in one_line(empty.output), empty.output
    film = runner.invoke(app, ["audit", "-"], input=(samples_dir / "images" / IMAGE).read_bytes())
    assert film.exit_code == 2 and "a radiograph is audited from its file" in one_line(film.output), film.output


def test_validate_shows_a_manifests_escape_sequences_as_text(tmp_path):
    """A manifest is untrusted too: a path in it may carry an escape sequence, which the problem names."""
    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "case_id": "c1", "modality": "cxr", "image_path": "images/\x1b[2Jx.png", "labels": []}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    assert result.exit_code == 1 and "\x1b" not in result.output
    assert "\\x1b[2Jx.png" in result.output

def test_model_output_is_shown_exactly(tmp_path, monkeypatch):
    """An LLM's finding (litellm's mock_response) whose explanation carries markup and an escape sequence."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    reply = {"reasoning": "checked", "findings": [{
        "error_type": "measurement", "evidence": "14 mm nodule [/]", "confidence": 0.9,
        "explanation": "says [bold]left[/bold] \x1b[2J here"}]}
    profile = tmp_path / "mocked.yaml"
    profile.write_text(json.dumps({
        "name": "mocked", "offline": False, "retrieval": {"enabled": False}, "verifier": "union",
        "recall": {"auditor": "llm", "model": "gpt-4o-mini", "options": {"backoff_seconds": 0, "mock_response": json.dumps(reply)}},
        "precision": {"auditor": "rules", "min_confidence": 0.7}}))
    result = runner.invoke(app, ["audit", str(report(tmp_path, "14 mm nodule [/] in the left upper lobe.")), "-p", str(profile)])
    assert result.exit_code == 0, result.output
    assert "says [bold]left[/bold] \\x1b[2J here" in result.output and "\x1b" not in result.output


DOWN = "litellm.InternalServerError"  # litellm's mock_response raises it: a model that fails on every call
NOTHING_FOUND = json.dumps({"reasoning": "checked", "findings": []})


def failing_model_profile(tmp_path, roles: tuple[str, ...], mock_response: str = DOWN):
    """A profile whose ROLES call a model that answers MOCK_RESPONSE (litellm's mock_response; by default a server
    error on every call), the other role the offline rules."""
    model = {"auditor": "llm", "model": "gpt-4o-mini",
             "options": {"backoff_seconds": 0, "max_attempts": 1, "mock_response": mock_response}}
    profile = tmp_path / "down.yaml"
    profile.write_text(json.dumps({"name": "down", "offline": False, "retrieval": {"enabled": False}, "verifier": "union",
                                   **{role: model if role in roles else {"auditor": "rules"} for role in ("recall", "precision")}}))
    return profile


def test_an_audit_the_model_failed_while_the_rules_answered_exits_3(tmp_path, monkeypatch):
    """The rules' answer alone, the model down, exited 0 as a full audit: a QC script could not tell it from one."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    path = report(tmp_path, "Left upper lobe nodule.")
    result = runner.invoke(app, ["audit", str(path), "-p", str(failing_model_profile(tmp_path, ("recall",)))])
    assert result.exit_code == 3 and "status: degraded" in result.output and "recall: model call failed" in result.output, result.output
    as_json = runner.invoke(app, ["audit", str(path), "--json", "-p", str(failing_model_profile(tmp_path, ("recall",)))])
    answer = json.loads(as_json.stdout)
    assert as_json.exit_code == 3 and answer["status"] == "degraded" and answer["failed_roles"] == ["recall"], as_json.output


def test_an_audit_no_role_answered_exits_1_and_one_only_the_input_degraded_exits_0(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    path = report(tmp_path, "Left upper lobe nodule.")
    result = runner.invoke(app, ["audit", str(path), "-p", str(failing_model_profile(tmp_path, ("recall", "precision")))])
    assert result.exit_code == 1 and "status: error" in result.output, result.output
    mistagged = runner.invoke(app, ["audit", str(path), "--no-rag", "--language", "zh", "--json"])  # the tag is overruled: degraded
    answer = json.loads(mistagged.stdout)
    assert mistagged.exit_code == 0 and answer["status"] == "degraded" and answer["failed_roles"] == [], mistagged.output


def test_the_findings_table_names_types_and_finders_in_words_and_json_keeps_the_ids(tmp_path):
    """The table showed "sex_mismatch" (at 80 columns "orientation_photometric" folded mid-word) and
    "verifier(recall+precision)", the workflow's jargon: a QC lead reads the words, a script the --json ids."""
    path = tmp_path / "report.txt"
    path.write_text("FINDINGS: The uterus is normal in size.\nIMPRESSION: Normal pelvis.\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--no-rag", "--sex", "M"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "uterus" in line)
    assert "sex mismatch" in row and "both auditors" in row, row
    assert "sex_mismatch" not in result.output and "verifier(" not in result.output, result.output
    finding = json.loads(runner.invoke(app, ["audit", str(path), "--no-rag", "--sex", "M", "--json"]).stdout)["findings"][0]
    assert (finding["error_type"], finding["source"]) == ("sex_mismatch", "verifier(recall+precision)")
    help_text = one_line(runner.invoke(app, ["audit", "--help"]).output)
    assert '"both auditors"' in help_text and '"recall auditor only"' in help_text, help_text


def test_audit_help_gives_an_unreadable_film_the_exit_status_it_exits_with(samples_dir, tmp_path):
    """`radqc audit --help` put an unreadable film under exit status 1, a failed audit, while such a film is
    refused before any audit, exit 2: a script written from the help took a refused film for a model down."""
    film = tmp_path / "cut.png"
    film.write_bytes((samples_dir / "images" / IMAGE).read_bytes()[:2000])
    result = runner.invoke(app, ["audit", str(film), "--no-rag"])
    assert result.exit_code == 2 and "truncated PNG" in one_line(result.output), result.output
    help_text = one_line(runner.invoke(app, ["audit", "--help"]).output)
    by_status = dict(re.findall(r"(\d) (?:when|for) (.*?)(?=; \d (?:when|for)|\. Examples|$)", help_text))
    assert "film" in by_status["2"] and "film" not in by_status["1"], by_status


def ct_dataset(dataset, case_ids: tuple[str, ...], missing_film: str | None = None, impression: str = "Right upper lobe nodule."):
    """A DATASET folder of CT reports, one per CASE_IDS, clean unless IMPRESSION says otherwise, and with MISSING_FILM a
    radiograph case whose file is not there (it fails whatever the profile)."""
    dataset.mkdir(parents=True)
    lines = [{"case_id": case_id, "modality": "ct_report", "report": FINDINGS + f"IMPRESSION: {impression}\n",
              "labels": []} for case_id in case_ids]
    lines += [{"case_id": missing_film, "modality": "cxr", "image_path": "gone.png", "labels": []}] if missing_film else []
    (dataset / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    return dataset


def test_an_eval_a_model_left_to_the_rules_exits_3_and_so_does_its_re_run_while_the_model_is_down(tmp_path, monkeypatch):
    """Every case answered by the rules alone, the model down, exited 0 as a full run. A re-run audits such cases again
    (it kept them, and exited 3 for good): the model still down, it is as incomplete as the first."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    run = ["eval", str(ct_dataset(tmp_path / "data", ("a", "b"))), "--out", str(tmp_path / "run"), "--no-html",
           "-p", str(failing_model_profile(tmp_path, ("recall",)))]
    result = runner.invoke(app, run)
    assert result.exit_code == 3 and "2 cases were audited in part" in one_line(result.output), result.output
    assert "Re-run the same command to audit them again" in one_line(result.output), result.output
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["run"]["partly_audited"] == 2
    again = runner.invoke(app, run)
    assert again.exit_code == 3 and "2 audited, 0 resumed" in one_line(again.output), again.output
    assert "2 cases were audited in part" in one_line(again.output), again.output


def test_a_re_run_audits_again_the_cases_a_model_left_half_done(tmp_path, monkeypatch):
    """A re-run kept the cases audited in part (the model down, the findings the other role's alone), so the summary's
    advice to re-run did nothing for them and the folder exited 3 even once the model was back. They are now audited
    again, each scored once; the role that answered is asked again with the same prompt, at no call (the reply cache)."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    # One profile file for both runs (a changed one is another run's): the environment says what its recall model answers.
    profile = failing_model_profile(tmp_path, ("recall",), "os.environ/RADQC_TEST_RECALL_REPLY")
    answering = {"auditor": "llm", "model": "gpt-4o", "options": {"backoff_seconds": 0, "mock_response": NOTHING_FOUND}}
    profile.write_text(json.dumps(json.loads(profile.read_text()) | {"precision": answering}))
    run = ["eval", str(ct_dataset(tmp_path / "data", ("a", "b"))), "--out", str(tmp_path / "run"), "--no-html", "-p", str(profile)]
    monkeypatch.setenv("RADQC_TEST_RECALL_REPLY", DOWN)
    down = runner.invoke(app, run)
    assert down.exit_code == 3 and "2 cases were audited in part" in one_line(down.output), down.output
    monkeypatch.setenv("RADQC_TEST_RECALL_REPLY", NOTHING_FOUND)  # the model is back
    back = runner.invoke(app, run)
    assert back.exit_code == 0 and "2 audited, 0 resumed" in one_line(back.output), back.output
    assert "audited in part" not in one_line(back.output), back.output
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["run"]["partly_audited"] == 0 and metrics["ct_report"]["n_cases"] == 2, metrics
    assert [line["case_id"] for line in map(json.loads, (tmp_path / "run" / "predictions.jsonl").read_text().splitlines())] == ["a", "b"]
    assert metrics["run"]["llm_usage"]["gpt-4o"]["api_calls"] == 0 and metrics["run"]["llm_usage"]["gpt-4o"]["cache_hits"] == 2


def test_a_reviewed_case_audited_again_after_a_part_audit_keeps_its_verdicts_and_waits_only_for_new_findings(tmp_path, monkeypatch):
    """A case audited in part (the recall model down) and reviewed was audited again by every re-run, as it should be,
    and then waited for review again although the rules found again exactly what the reviewer had judged."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    profile = failing_model_profile(tmp_path, ("recall",), "os.environ/RADQC_TEST_RECALL_REPLY")
    profile.write_text(json.dumps(json.loads(profile.read_text()) | {"review": True}))
    out = tmp_path / "run"
    run = ["eval", str(ct_dataset(tmp_path / "data", ("a",), impression="Left upper lobe nodule.")), "--out", str(out),
           "--no-html", "-p", str(profile)]
    verdicts = tmp_path / "verdicts.jsonl"
    wrong_side = {"case_id": "a", "error_type": "laterality", "evidence": "Left upper lobe nodule", "verdict": "confirmed"}
    verdicts.write_text(json.dumps(wrong_side) + "\n")
    monkeypatch.setenv("RADQC_TEST_RECALL_REPLY", DOWN)
    assert "1 case waits for review" in one_line(runner.invoke(app, run).output)
    assert runner.invoke(app, ["review", str(out), "--verdicts", str(verdicts)]).exit_code == 0

    still_down = runner.invoke(app, run)  # the rules find what was reviewed: nothing to ask
    assert still_down.exit_code == 3 and "1 audited, 0 resumed" in one_line(still_down.output), still_down.output
    assert "waits for review" not in one_line(still_down.output), still_down.output
    answer = json.loads((out / "predictions.jsonl").read_text())
    assert [(f["error_type"], f["evidence"]) for f in answer["findings"]] == [("laterality", "Left upper lobe nodule")]
    assert json.loads((out / "traces.jsonl").read_text())["trace"]["review"]["carried_over"] == 1
    assert len((out / "adjudications.jsonl").read_text().splitlines()) == 1

    measured = {"error_type": "measurement", "evidence": "14 mm nodule", "confidence": 0.9, "explanation": "size"}
    monkeypatch.setenv("RADQC_TEST_RECALL_REPLY", json.dumps({"reasoning": "checked", "findings": [measured]}))
    back = runner.invoke(app, run)  # the model's finding is new: it alone waits
    assert "1 case waits for review" in one_line(back.output), back.output
    listed = runner.invoke(app, ["review", str(out), "--list"])
    assert "a: 1 finding" in one_line(listed.output), listed.output
    verdicts.write_text(verdicts.read_text() + json.dumps(measured | {"case_id": "a", "verdict": "rejected"}) + "\n")
    reviewed = runner.invoke(app, ["review", str(out), "--verdicts", str(verdicts)])  # the first line: applied before
    assert reviewed.exit_code == 0 and "1 case reviewed and written; 0 still pending" in one_line(reviewed.output), reviewed.output
    done = runner.invoke(app, run)
    assert done.exit_code == 0 and "0 audited, 1 resumed" in one_line(done.output), done.output
    answer = json.loads((out / "predictions.jsonl").read_text())
    assert [(f["error_type"], f["evidence"]) for f in answer["findings"]] == [("laterality", "Left upper lobe nodule")]
    assert [line["verdict"] for line in map(json.loads, (out / "adjudications.jsonl").read_text().splitlines())] == ["confirmed", "rejected"]


def test_a_reviewed_part_audit_whose_audit_again_is_killed_keeps_its_verdicts(tmp_path, monkeypatch):
    """The mark of a case audited in part went with its answer when a re-run began to audit it again: killed then
    (kill -9), the next run saw a case never audited, and the reviewer's verdicts waited for a whole review again."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    profile = failing_model_profile(tmp_path, ("recall",), "os.environ/RADQC_TEST_RECALL_REPLY")
    settings = json.loads(profile.read_text())
    settings["recall"]["options"]["mock_delay"] = 120  # an answer, not a failure, takes this long: the kill comes first
    profile.write_text(json.dumps(settings | {"review": True}))
    out = tmp_path / "run"
    run = ["eval", str(ct_dataset(tmp_path / "data", ("a",), impression="Left upper lobe nodule.")), "--out", str(out),
           "--no-html", "-p", str(profile)]
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text(json.dumps({"case_id": "a", "error_type": "laterality", "evidence": "Left upper lobe nodule",
                                    "verdict": "confirmed"}) + "\n")
    monkeypatch.setenv("RADQC_TEST_RECALL_REPLY", DOWN)
    assert "1 case waits for review" in one_line(runner.invoke(app, run).output)
    assert runner.invoke(app, ["review", str(out), "--verdicts", str(verdicts)]).exit_code == 0

    radqc_script = str(Path(sys.executable).with_name("radqc"))
    again = subprocess.Popen([radqc_script, *run], env=os.environ | {"RADQC_TEST_RECALL_REPLY": NOTHING_FOUND},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while '"a"' in (out / "predictions.jsonl").read_text():  # the answer audited in part goes as its audit again begins
        assert again.poll() is None, again.stderr.read().decode()
        assert time.monotonic() < deadline, "the re-run did not begin to audit the case again"
        time.sleep(0.05)
    time.sleep(1)  # mid-case: the recall model takes mock_delay to answer
    assert again.poll() is None, again.stderr.read().decode()
    os.kill(again.pid, signal.SIGKILL)
    again.wait()

    still_down = runner.invoke(app, run)  # the rules find again what was reviewed: nothing to ask
    assert still_down.exit_code == 3 and "1 audited, 0 resumed" in one_line(still_down.output), still_down.output
    assert "waits for review" not in one_line(still_down.output), still_down.output
    assert json.loads((out / "traces.jsonl").read_text())["trace"]["review"]["carried_over"] == 1


def test_a_run_folder_from_before_failed_roles_keeps_its_answers(tmp_path, monkeypatch):
    """traces.jsonl written before radqc recorded the failed roles tells no case audited in part: a re-run keeps every
    answer, as radqc did then, rather than audit the whole folder again."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    run = ["eval", str(ct_dataset(tmp_path / "data", ("a", "b"))), "--out", str(tmp_path / "run"), "--no-html",
           "-p", str(failing_model_profile(tmp_path, ("recall",)))]
    assert runner.invoke(app, run).exit_code == 3
    traces = tmp_path / "run" / "traces.jsonl"
    traces.write_text("".join(json.dumps({key: value for key, value in json.loads(line).items() if key != "failed_roles"}) + "\n"
                              for line in traces.read_text().splitlines()))
    again = runner.invoke(app, run)
    assert again.exit_code == 0 and "0 audited, 2 resumed" in one_line(again.output), again.output


def test_an_eval_exits_0_when_every_case_was_answered_3_when_one_failed_and_1_when_all_did(tmp_path, monkeypatch):
    """A case failed among answered ones exited 0, as a complete run did."""
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path / "cache"))
    answering = failing_model_profile(tmp_path, ("recall",), NOTHING_FOUND)
    answered = runner.invoke(app, ["eval", str(ct_dataset(tmp_path / "answered", ("a", "b"))), "--out", str(tmp_path / "answered-run"),
                                   "--no-html", "-p", str(answering)])
    assert answered.exit_code == 0, answered.output
    one_failed = runner.invoke(app, ["eval", str(ct_dataset(tmp_path / "one-failed", ("a", "b"), missing_film="c")), "--no-html",
                                     "--out", str(tmp_path / "one-failed-run"), "-p", str(answering)])
    assert one_failed.exit_code == 3 and "1 case failed" in one_line(one_failed.output), one_failed.output
    every_failed = runner.invoke(app, ["eval", str(ct_dataset(tmp_path / "all-failed", ("a", "b"))), "--out", str(tmp_path / "all-failed-run"),
                                       "--no-html", "-p", str(failing_model_profile(tmp_path, ("recall", "precision")))])
    assert every_failed.exit_code == 1 and "every case failed" in every_failed.output, every_failed.output


def test_interactive_review_shows_bracketed_evidence(tmp_path):
    dataset = tmp_path / "data"
    dataset.mkdir()
    (dataset / "manifest.jsonl").write_text(json.dumps({
        "case_id": "c1", "modality": "ct_report", "labels": [],
        "report": FINDINGS + "IMPRESSION: 14 mm nodule [/] in the left [sic] upper lobe.\n"}) + "\n")
    run = tmp_path / "run"
    evaluated = runner.invoke(app, ["eval", str(dataset), "--out", str(run), "--profile", "offline-review", "--no-html"])
    assert evaluated.exit_code == 0, evaluated.output
    result = runner.invoke(app, ["review", str(run), "--reviewer", "dr-a"], input="c\n" * 5)
    assert result.exit_code == 0, result.output
    assert "14 mm nodule [/] in the left [sic] upper lobe" in result.output
    assert "c1: 1 finding\n" in result.output and "1 case reviewed and written" in result.output


def write_metrics(folder, f1: float):
    folder.mkdir(parents=True)
    block = {"macro_f1": f1, "per_type": {"laterality": {"f1": f1}, "[bold]x": {"f1": f1}}}
    (folder / "metrics.json").write_text(json.dumps({"ct_report": block, "cxr": None}))
    return folder


def test_compare_shows_per_type_rows_and_tells_runs_with_one_name_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_metrics(tmp_path / "rag" / "run", 0.5)
    write_metrics(tmp_path / "norag" / "run", 0.25)
    result = runner.invoke(app, ["compare", "rag/run", "norag/run"])
    assert result.exit_code == 0, result.output
    assert re.search(r"f1\[laterality\] +│ +0\.500 │ +0\.250 │ +-0\.250", result.output), result.output
    assert "f1[[bold]x]" in result.output
    assert re.search(r"rag/run +┃ +norag/run", result.output), result.output


def write_runs_with_settings(tmp_path) -> list[str]:
    """Runs a, b and old: offline with retrieval, offline-union without, and one whose metrics.json does
    not say (an older radqc's)."""
    runs = []
    for name, settings in (("a", {"profile": "offline", "rag": True}), ("b", {"profile": "offline-union", "rag": False}), ("old", {})):
        folder = write_metrics(tmp_path / name, 0.5)
        metrics = json.loads((folder / "metrics.json").read_text())
        (folder / "metrics.json").write_text(json.dumps({**metrics, "run": settings}))
        runs.append(str(folder))
    return runs


def test_compare_heads_each_run_with_its_profile_and_rag_flag(tmp_path):
    """In a RAG vs no-RAG ablation the columns were told apart only by their folders' names."""
    runs = write_runs_with_settings(tmp_path)
    result = runner.invoke(app, ["compare", *runs])
    assert result.exit_code == 0, result.output
    assert re.search(r"┃ profile +┃ +offline ┃ +offline-union ┃ +- ┃", result.output), result.output
    assert re.search(r"┃ rag +┃ +yes ┃ +no ┃ +- ┃", result.output), result.output
    assert re.search(r"┃ modality +┃ metric +┃ +a ┃ +b ┃ +old ┃ +Δ b ┃ +Δ old ┃", result.output), result.output


def write_site_run(folder, films: int, radiographs: bool = True) -> str:
    """A run of `write_metrics` whose site baseline was measured on FILMS films (0: none), scoring
    radiographs too when RADIOGRAPHS."""
    write_metrics(folder, 0.5)
    metrics = json.loads((folder / "metrics.json").read_text())
    cxr = {"macro_f1": 0.5, "per_type": {"motion_blur": {"f1": 0.5}}} if radiographs else None
    (folder / "metrics.json").write_text(json.dumps({**metrics, "cxr": cxr, "run": {"profile": "offline", "rag": True, "site_baseline_films": films}}))
    return str(folder)


def test_compare_heads_each_run_with_the_other_settings_the_runs_differ_in(tmp_path):
    """A run with `--no-site-baseline` judges radiographs on another scale; its column was headed like
    the run with the baseline, so the change read as the auditors' doing."""
    runs = [write_site_run(tmp_path / name, films) for name, films in (("site", 40), ("fitted", 0))]
    result = runner.invoke(app, ["compare", *runs])
    assert result.exit_code == 0, result.output
    assert re.search(r"┃ site baseline +┃ +40 films ┃ +none ┃", result.output), result.output
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["compare", *runs, "--html", str(page)]).exit_code == 0
    assert re.search(r"<th>site baseline</th>.*<td>offline</td><td>yes</td><td>40 films</td>", page.read_text(), re.S)
    # Runs alike in it are not headed with it.
    same = runner.invoke(app, ["compare", runs[0], runs[0]])
    assert same.exit_code == 0 and "site baseline" not in same.output, same.output


def test_compare_heads_runs_with_the_site_baseline_only_where_runs_that_scored_radiographs_differ_in_it(tmp_path):
    """A CT-only run (no films, so no baseline) beside a radiograph run was headed "none" against "40
    films", a difference that changed none of the numbers compared."""
    ct_only, site, fitted = (write_site_run(tmp_path / "ct", 0, radiographs=False), write_site_run(tmp_path / "site", 40),
                             write_site_run(tmp_path / "fitted", 0))
    result = runner.invoke(app, ["compare", ct_only, site])
    assert result.exit_code == 0 and "site baseline" not in result.output, result.output
    as_json = runner.invoke(app, ["compare", ct_only, site, "--json"])
    assert [run["site_baseline"] for run in json.loads(as_json.stdout)["runs"].values()] == [0, 40]  # the settings as recorded
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["compare", ct_only, site, "--html", str(page)]).exit_code == 0
    assert "site baseline" not in page.read_text()
    # Two radiograph runs that differ in it head every column with it, the CT-only one's included.
    result = runner.invoke(app, ["compare", ct_only, site, fitted])
    assert re.search(r"┃ site baseline +┃ +none ┃ +40 films ┃ +none ┃", result.output), result.output


def test_compare_html_writes_a_page_with_each_runs_settings_rows_and_f1_chart(tmp_path):
    runs = write_runs_with_settings(tmp_path)
    page = tmp_path / "ablation.html"
    result = runner.invoke(app, ["compare", *runs, "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert f"wrote {page}" in result.stderr
    html = page.read_text(encoding="utf-8")
    assert re.search(r"<td>[^<]*/a</td><td>offline</td><td>yes</td>", html), html
    assert re.search(r"<td>[^<]*/old</td><td>&ndash;</td><td>&ndash;</td>", html), html
    assert "<tr><td>f1[laterality]</td><td>0.500</td><td>0.500</td><td>0.500</td><td>+0.000</td><td>+0.000</td></tr>" in html
    assert "<th>Δ " in html and re.search(r"<p>Δ RUN: the change from the first run, [^<]*/a, to RUN</p>", html), html
    assert html.count("data:image/png;base64,") == 1  # one modality scored, one chart
    assert "f1[[bold]x]" in html


def test_compare_html_escapes_run_names_and_says_when_it_cannot_write(tmp_path):
    first, second = write_metrics(tmp_path / "a<script>", 0.5), write_metrics(tmp_path / "b", 0.25)
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["compare", str(first), str(second), "--html", str(page)]).exit_code == 0
    assert "<script>" not in page.read_text(encoding="utf-8") and "a&lt;script&gt;" in page.read_text(encoding="utf-8")
    result = runner.invoke(app, ["compare", str(first), str(second), "--html", str(tmp_path / "missing" / "page.html")])
    assert result.exit_code == 2 and "cannot write" in result.output


def test_compare_json_gives_each_runs_profile_and_rag_flag_apart_from_the_rows(tmp_path):
    """The table heads each run with its profile and rag flag; --json gave the numeric rows alone."""
    runs = write_runs_with_settings(tmp_path)
    result = runner.invoke(app, ["compare", *runs, "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    unsaid = {"site_baseline": None, "knowledge_base": None}
    assert output["runs"] == {runs[0]: {"profile": "offline", "rag": True, **unsaid},
                              runs[1]: {"profile": "offline-union", "rag": False, **unsaid},
                              runs[2]: {"profile": None, "rag": None, **unsaid}}
    assert not {"profile", "rag"} & {row["metric"] for row in output["rows"]}


def test_compare_json_gives_each_later_runs_change_from_the_first_as_the_table_does(tmp_path):
    """The table's change columns had no counterpart in --json: a script comparing an ablation subtracted itself."""
    runs = [str(write_metrics(tmp_path / name, f1)) for name, f1 in (("base", 0.5), ("more", 0.75), ("less", 0.25))]
    runs.append(str(tmp_path / "none"))
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "metrics.json").write_text(json.dumps({"ct_report": {"per_type": {}}, "cxr": None}))
    result = runner.invoke(app, ["compare", *runs, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["metric"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["macro_f1"]["changes"] == {runs[1]: 0.25, runs[2]: -0.25, runs[3]: None}, rows["macro_f1"]
    assert rows["f1[laterality]"]["changes"] == {runs[1]: 0.25, runs[2]: -0.25, runs[3]: None}
    table = runner.invoke(app, ["compare", *runs])
    assert re.search(r"f1\[laterality\] +│ +0\.500 │ +0\.750 │ +0\.250 │ +- │ +\+0\.250 │ +-0\.250 │ +-", table.output), table.output


def test_compare_a_run_with_itself_keeps_both_columns(tmp_path):
    run = str(write_metrics(tmp_path / "run", 0.5))
    table = runner.invoke(app, ["compare", run, run])
    assert table.exit_code == 0, table.output
    assert re.search(r"run +┃ +run \(2\) +┃ +change", table.output), table.output
    rows = json.loads(runner.invoke(app, ["compare", run, run, "--json"]).output)["rows"]
    assert list(rows[0]["values"]) == [run, f"{run} (2)"]


def write_run(folder, dataset: str, n_gold: int, discovery_rate: float | None = None) -> str:
    folder.mkdir(parents=True)
    block = {"n_cases": 4, "n_gold": n_gold, "macro_f1": 0.5, "additional_discovery_rate": discovery_rate, "per_type": {}}
    (folder / "metrics.json").write_text(json.dumps({"ct_report": block, "cxr": None, "run": {"dataset": dataset}}))
    return str(folder)


def test_compare_shows_the_discovery_rate_and_says_when_runs_scored_different_data(tmp_path):
    rag, norag = write_run(tmp_path / "rag", "/data/test", 6), write_run(tmp_path / "norag", "/data/test", 6, 0.25)
    same = runner.invoke(app, ["compare", rag, norag], env={"COLUMNS": "400"})
    assert same.exit_code == 0, same.output
    assert re.search(r"additional_discovery_rate +│ +- +│ +0\.250", same.output), same.output
    assert "different" not in same.output
    other = runner.invoke(app, ["compare", rag, write_run(tmp_path / "dev", "/data/dev", 7)], env={"COLUMNS": "400"})
    assert other.exit_code == 0, other.output
    assert f"the runs scored different datasets: {rag}: /data/test" in other.output
    assert "ct_report: the runs scored different cases or gold labels (n_cases, n_gold)" in other.output
    # --json keeps them in its document, as `radqc eval --json` does, not on stderr where a script reads none of them
    as_json = runner.invoke(app, ["compare", rag, str(tmp_path / "dev"), "--json"])
    document = json.loads(as_json.stdout)
    assert document["rows"][0]["metric"] == "n_cases" and as_json.stderr == ""
    assert document["notes"][0] == f"the runs scored different datasets: {rag}: /data/test, {tmp_path / 'dev'}: /data/dev"
    assert document["notes"][1].startswith("ct_report: the runs scored different cases or gold labels (n_cases, n_gold)")
    assert json.loads(runner.invoke(app, ["compare", rag, norag, "--json"]).stdout)["notes"] == []


CT_TYPES = ("laterality", "findings_impression_mismatch", "omission", "insertion", "measurement", "sex_mismatch", "spelling",
            "exam_mismatch")


@pytest.mark.parametrize("width, widest", [(80, 73), (60, 60), (40, 53)])
def test_compare_tables_narrower_than_their_width_cut_metric_names_never_numbers(tmp_path, width, widest):
    """Below its width Rich narrowed every column of `radqc compare`'s table alike: at 40 columns the
    changes read "-0.…" and the modality "ct_r…". As in `radqc eval`, the metrics' names are cut first
    (to 12 characters); narrower still, the table keeps that width and the terminal wraps it."""
    runs = []
    for name, f1 in (("rag", 0.5), ("norag", 0.25)):
        block = {"n_cases": 204, "n_failed": 0, "n_pending": 0, "macro_f1": f1, "additional_discovery_rate": None,
                 "per_type": {error_type: {"f1": f1} for error_type in CT_TYPES}}
        (tmp_path / name).mkdir()
        (tmp_path / name / "metrics.json").write_text(json.dumps({"ct_report": block, "cxr": None}))
        runs.append(str(tmp_path / name))
    # The table alone: the line on the bootstrap below it (no interval for these runs) is wrapped to the terminal.
    result = runner.invoke(app, ["compare", *runs], env={"COLUMNS": str(width), "RADQC_COMPARE_BOOTSTRAP": "0"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert len(rows) == 11 + len(CT_TYPES) and {len(row) for row in rows} == {5}, result.output
    assert {row[0] for row in rows} == {"ct_report"}, result.output
    assert all(re.fullmatch(r"-|[+-]?\d+|[+-]?\d\.\d{3}", number) for row in rows for number in row[2:]), result.output
    assert ("f1[findings_impression_mismatch]" in result.output) == (width == 80)
    assert min(len(row[1]) for row in rows if row[1].endswith("…")) >= 12 if width < 80 else "…" not in result.output
    assert max(len(line) for line in lines) == widest, result.output


def test_compare_of_more_than_two_runs_gives_each_later_runs_change_from_the_first(tmp_path):
    """The change column compared the first run with the last alone: CT with and without retrieval, then a
    radiograph run, read "-" on every row."""
    runs = []
    for name, ct, cxr in (("ct-rag", 0.5, None), ("ct-norag", 0.25, None), ("cxr", None, 0.6)):
        block = {"ct_report": ct and {"macro_f1": ct, "per_type": {"laterality": {"f1": ct}}},
                 "cxr": cxr and {"macro_f1": cxr, "per_type": {"rotation": {"f1": cxr}}}}
        (tmp_path / name).mkdir()
        (tmp_path / name / "metrics.json").write_text(json.dumps(block))
        runs.append(str(tmp_path / name))
    result = runner.invoke(app, ["compare", *runs], env={"RADQC_COMPARE_BOOTSTRAP": "0"})
    assert result.exit_code == 0, result.output
    assert re.search(r"┃ metric +┃ +ct-rag ┃ +ct-norag ┃ +cxr ┃ +Δ ct-norag ┃ +Δ cxr ┃", result.output), result.output
    assert re.search(r"│ ct_report │ f1\[laterality\] +│ +0\.500 │ +0\.250 │ +- │ +-0\.250 │ +- │", result.output), result.output
    assert re.search(r"│ cxr +│ f1\[rotation\] +│ +- │ +- │ +0\.600 │ +- │ +- │", result.output), result.output
    assert "Δ RUN: the change from the first run, ct-rag, to RUN" in result.output
    # Two runs keep their one "change" column.
    two = runner.invoke(app, ["compare", *runs[:2]], env={"RADQC_COMPARE_BOOTSTRAP": "0"})
    assert re.search(r"┃ +ct-norag ┃ change ┃", two.output) and "Δ" not in two.output, two.output


def test_compare_keeps_metric_names_whole_beside_runs_with_different_knowledge_bases(tmp_path):
    """Each run headed by its knowledge base in words ("27 shipped + 1 of yours, 0 past cases") widened
    its column until a 100-column table cut the metrics' names ("f1[inadequa…"); the note below says it."""
    runs = []
    for name, held in (("shipped", {"shipped": 27}), ("ours", {"shipped": 27, "user": 1}), ("norag", None)):
        block = {"n_cases": 204, "macro_f1": 0.5, "false_alarm_rate": 0.1, "per_type": {error_type: {"f1": 0.5} for error_type in CT_TYPES}}
        knowledge_base = held and {"guidelines": held, "past_cases": 0, "hash": f"hash-{name}"}
        (tmp_path / name).mkdir()
        (tmp_path / name / "metrics.json").write_text(json.dumps(
            {"ct_report": block, "cxr": None, "run": {"profile": "offline", "rag": held is not None, "knowledge_base": knowledge_base}}))
        runs.append(str(tmp_path / name))
    result = runner.invoke(app, ["compare", *runs], env={"COLUMNS": "100", "RADQC_COMPARE_BOOTSTRAP": "0"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output and "f1[findings_impression_mismatch]" in result.output, result.output
    assert "guidelines 27 shipped vs 27 shipped + 1 of yours" in " ".join(result.output.split()), result.output


@pytest.mark.parametrize("content", ["[1, 2]", '{"ct_report": 5}', '{"cxr": {"f1": 0.5}}'])
def test_compare_refuses_json_that_is_no_metrics_file(tmp_path, content):
    run = str(write_metrics(tmp_path / "run", 0.5))
    other = tmp_path / "other.json"
    other.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["compare", run, str(other)])
    assert result.exit_code == 2 and "is not the metrics.json of a `radqc eval` run" in one_line(result.output), result.output


def test_compare_says_what_a_folder_without_metrics_is(tmp_path):
    """A run stopped by Ctrl-C has no metrics.json yet; compare answered "[Errno 2] No such file"."""
    run = str(write_metrics(tmp_path / "run", 0.5))
    (tmp_path / "stopped").mkdir()
    result = runner.invoke(app, ["compare", run, str(tmp_path / "stopped")])
    assert result.exit_code == 2
    assert "holds no metrics.json: it is not a `radqc eval` run folder, or its run has not finished" in one_line(result.output)


def test_compare_names_a_run_folder_that_is_not_there(tmp_path):
    run = str(write_metrics(tmp_path / "run", 0.5))
    result = runner.invoke(app, ["compare", run, str(tmp_path / "typo")])
    assert result.exit_code == 2 and f"run folder not found: {tmp_path / 'typo'}" in one_line(result.output)
    assert "Errno" not in result.output


def test_kb_output_shows_no_escape_sequences(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    guideline = tmp_path / "rules.md"
    guideline.write_text("---\ntitle: \"Local \\e[2J rules\"\nmodality: ct_report\n---\nCompare both sides.\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "add", str(guideline)])
    assert result.exit_code == 0, result.output
    assert "Local \\x1b[2J rules" in result.output and "\x1b" not in result.output


# 2. Clear errors instead of tracebacks


def test_audit_of_a_folder_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in one_line(result.output)


DATASET_COMMANDS = [["eval"], ["data", "validate"], ["data", "apply-verdicts"]]


def dataset_command_options(command: list[str], tmp_path) -> list[str]:
    """The options a command of DATASET_COMMANDS needs besides its DATASET."""
    if command == ["eval"]:
        return ["--out", str(tmp_path / "run")]
    if command == ["data", "apply-verdicts"]:
        (tmp_path / "verdicts.jsonl").write_text("", encoding="utf-8")
        return ["--verdicts", str(tmp_path / "verdicts.jsonl")]
    return []


@pytest.mark.parametrize("command", DATASET_COMMANDS)
@pytest.mark.parametrize("name", [IMAGE, "report.txt"])
def test_a_dataset_command_given_one_film_or_report_points_to_audit(samples_dir, tmp_path, name, command):
    """`radqc eval chest.png`, a newcomer's first try on a file of their own, said only "not a dataset
    manifest"; `radqc data validate chest.png` still did, and `radqc data apply-verdicts` said only
    "need chest.png/manifest.jsonl"."""
    path = samples_dir / "images" / IMAGE if name == IMAGE else report(tmp_path, "Normal.")
    result = runner.invoke(app, [*command, str(path), *dataset_command_options(command, tmp_path)])
    assert result.exit_code == 2 and "is not a dataset manifest" in one_line(result.output), result.output
    assert "to audit one radiograph or report, use `radqc audit" in one_line(result.output)
    assert f"`radqcaudit{path}`" in unwrapped(result.output)  # the box may break the path anywhere


@pytest.mark.parametrize("command", DATASET_COMMANDS)
@pytest.mark.parametrize("name, table", [
    ("cases.csv", "case_id,modality,report_path\nb1,ct_report,ct1.txt\n"),
    ("cases.tsv", "\ufeffcase_id\tmodality\treport_path\nb1\tct_report\tct1.txt\n"),  # with Excel's byte-order mark
])
def test_a_dataset_command_given_a_table_of_cases_says_how_to_write_it_as_a_manifest(tmp_path, command, name, table):
    """A QC lead's list of cases as a spreadsheet's CSV was sent to `radqc audit`, to be audited as a report: the
    message now says it is a table, where the manifest goes and how its first row reads as a manifest line."""
    path = tmp_path / name
    path.write_text(table, encoding="utf-8")
    result = runner.invoke(app, [*command, str(path), *dataset_command_options(command, tmp_path)])
    said = one_line(result.output)
    assert result.exit_code == 2 and "it reads as a table (CSV or TSV)" in said, result.output
    assert '{"case_id": "b1", "modality": "ct_report", "report_path": "ct1.txt"}' in said and "radqc audit" not in said, said
    assert "manifest.jsonl" in unwrapped(result.output)


@pytest.mark.parametrize("command", DATASET_COMMANDS)
def test_a_folder_of_files_without_a_manifest_points_to_data_index(samples_dir, tmp_path, command):
    """A folder of the day's films said only "no manifest.jsonl found", not that `radqc data index` writes one."""
    out = dataset_command_options(command, tmp_path)
    films, empty, hidden_only = tmp_path / "today", tmp_path / "empty", tmp_path / "hidden"
    (films / "ward-3").mkdir(parents=True)
    (films / "ward-3" / IMAGE).write_bytes((samples_dir / "images" / IMAGE).read_bytes())
    empty.mkdir()
    (hidden_only / ".cache").mkdir(parents=True)
    (hidden_only / ".cache" / "notes.txt").write_text("FINDINGS: none.\n", encoding="utf-8")
    result = runner.invoke(app, [*command, str(films), *out])
    assert result.exit_code == 2 and "no manifest.jsonl found" in one_line(result.output), result.output
    assert "to audit the files in it, write one with `radqc data index" in one_line(result.output), result.output
    assert f"`radqcdataindex{films}`" in unwrapped(result.output)
    for folder, said in ((empty, "no manifest.jsonl found"), (hidden_only, "no manifest.jsonl found"), (tmp_path / "nowhere", "not found:")):
        result = runner.invoke(app, [*command, str(folder), *out])  # nothing that `radqc data index` would look at
        assert result.exit_code == 2 and said in one_line(result.output), result.output
        assert "radqc data index" not in one_line(result.output), result.output


def test_a_site_baseline_not_found_is_refused_naming_the_option(samples_dir, tmp_path):
    result = runner.invoke(app, ["audit", str(samples_dir / "images" / IMAGE), "--site", str(tmp_path / "nothere")])
    assert result.exit_code == 2 and "Invalid value for --site: site baseline not found" in one_line(result.output), result.output


@pytest.mark.parametrize("name, side, label", [
    ("film.tif", 256, "TIFF"), ("film.bmp", 256, "BMP"), ("film.gif", 256, "GIF"), ("film.webp", 256, "RIFF (WebP?)"),
    ("large.tif", 1100, "TIFF"),  # over the size of a report
])
def test_a_film_in_a_format_radqc_does_not_read_is_named_as_one(samples_dir, tmp_path, name, side, label):
    """Archives export TIFF, BMP, GIF: audited, such a film was read as a report and the user told to save
    it as UTF-8, or asked whether it was really a report."""
    from PIL import Image

    film = tmp_path / name
    Image.open(samples_dir / "images" / IMAGE).convert("L").resize((side, side)).save(film)
    result = runner.invoke(app, ["audit", str(film)], env={"COLUMNS": "400"})
    assert result.exit_code == 2, result.output
    assert f"{name} is a {label} image; radqc reads PNG, JPEG and DICOM (convert it first)" in one_line(result.output)


@pytest.mark.parametrize("films", [1, 5])
def test_indexing_a_folder_of_tiff_films_says_why_each_was_skipped(samples_dir, tmp_path, films):
    """A folder that yields no case was refused as "no radiograph or .txt report found" alone: the files
    were there, and the one thing to do (convert the TIFFs) went unsaid. The first three are named."""
    from PIL import Image

    for n in range(films):
        Image.open(samples_dir / "images" / IMAGE).convert("L").resize((256, 256)).save(tmp_path / f"film{n}.tif")
    result = runner.invoke(app, ["data", "index", str(tmp_path)], env={"COLUMNS": "400"})
    said = one_line(result.output)
    assert result.exit_code == 2 and f"no radiograph or .txt report found under {tmp_path}; {films} file" in said, said
    assert said.count("a TIFF image; radqc reads PNG, JPEG and DICOM (convert it first)") == min(films, 3), said
    assert ("... and 2 more" in said) == (films == 5) and not (tmp_path / "manifest.jsonl").exists()


def test_a_report_that_begins_like_a_bitmap_is_still_a_report(tmp_path):
    """Only a file that is not report text is named as another image format ("BM" starts a BMP)."""
    path = tmp_path / "report.txt"
    path.write_text("BMI 31. " + FINDINGS + "IMPRESSION: normal.\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--no-rag"])
    assert result.exit_code == 0 and "(ct_report) status: ok" in result.output, result.output


@pytest.mark.parametrize("target, problem", [("missing/o.png", "folder not found"), (".", "is a folder")])
def test_an_overlay_that_cannot_be_written_is_refused_before_auditing(samples_dir, tmp_path, target, problem):
    result = runner.invoke(app, ["audit", str(samples_dir / "images" / IMAGE), "--overlay", str(tmp_path / target)])
    assert result.exit_code == 2 and problem in one_line(result.output), result.output
    assert "status:" not in result.output  # refused before the audit ran


def test_an_overlay_over_the_radiograph_itself_is_refused(samples_dir, tmp_path):
    """It replaced the film (a DICOM, say) with a PNG drawing of it."""
    film = tmp_path / "chest.dcm"
    film.write_bytes((samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm").read_bytes())
    (tmp_path / "link.dcm").symlink_to(film)
    before = film.read_bytes()
    for target in ("chest.dcm", "link.dcm"):
        result = runner.invoke(app, ["audit", str(film), "--overlay", str(tmp_path / target), "--no-rag"])
        assert result.exit_code == 2 and "is the radiograph being audited" in one_line(result.output)
    assert film.read_bytes() == before


@pytest.mark.parametrize("name, image_format", [("o.png", "PNG"), ("o.jpg", "JPEG"), ("O.JPEG", "JPEG")])
def test_an_overlay_is_written_in_the_format_its_name_says(samples_dir, tmp_path, name, image_format):
    """PNG bytes under a .jpg name were what --overlay o.jpg wrote."""
    from PIL import Image

    result = runner.invoke(app, ["audit", str(samples_dir / "images" / IMAGE), "--overlay", str(tmp_path / name), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert Image.open(tmp_path / name).format == image_format


def test_an_overlay_named_as_another_format_is_refused_before_auditing(samples_dir, tmp_path):
    result = runner.invoke(app, ["audit", str(samples_dir / "images" / IMAGE), "--overlay", str(tmp_path / "o.tif")])
    assert result.exit_code == 2 and "name the overlay .png, .jpg or .jpeg" in one_line(result.output)
    assert "status:" not in result.output and not (tmp_path / "o.tif").exists()


def test_overlay_of_a_report_is_refused(tmp_path):
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "--overlay", str(tmp_path / "o.png")])
    assert result.exit_code == 2 and "drawn on radiographs only" in one_line(result.output)


def write_profile(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_profiles_list_shows_the_good_profiles_and_names_the_bad_files(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_PROFILES_DIR", str(tmp_path))
    write_profile(tmp_path, "broken", "recall: [\n")
    write_profile(tmp_path, "words", "just a string\n")
    write_profile(tmp_path, "mine", "description: my [bold]own\n")
    result = runner.invoke(app, ["profiles", "list"])
    assert result.exit_code == 1
    assert "my [bold]own" in result.output and "offline " in result.output
    assert f"profile 'broken' ({tmp_path / 'broken.yaml'}) cannot be read: not valid YAML" in result.output
    assert "profile 'words'" in result.output and "holds a str" in result.output


def test_audit_with_a_profile_that_is_a_string_is_a_clear_error(tmp_path):
    profile = write_profile(tmp_path, "words", "just a string\n")
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "-p", str(profile)])
    assert result.exit_code == 2 and "holds a str, not the keys of a profile" in one_line(result.output)


# 3. Unknown auditors and roles


def test_a_profile_with_an_unknown_auditor_is_refused_everywhere(tmp_path, samples_dir):
    profile = str(write_profile(tmp_path, "nosuch", "recall: {auditor: nosuchauditor}\n"))
    commands = (["profiles", "show", profile], ["audit", str(report(tmp_path, "normal.")), "-p", profile],
                ["eval", str(samples_dir), "--out", str(tmp_path / "run"), "-p", profile])
    for command in commands:
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "recall.auditor: unknown auditor 'nosuchauditor'; installed: llm, rules" in one_line(result.output)
    assert not (tmp_path / "run" / "predictions.jsonl").exists()


def test_a_value_where_a_profile_block_belongs_is_refused_with_the_keys_it_takes(tmp_path):
    """`recall: rules` (the auditor written where its block goes) was refused as "Input should be a valid dictionary or
    instance of RoleConfig", a class no profile file names; the refusal says a block belongs there, and its keys."""
    profile = write_profile(tmp_path, "flat", "recall: rules\n")
    result = runner.invoke(app, ["profiles", "show", str(profile)])
    shown = one_line(result.output)
    assert result.exit_code == 2 and "RoleConfig" not in shown and "Input should be" not in shown, shown
    assert "recall: 'rules' where a block of `key: value` lines belongs, indented under it (keys: auditor, model," in shown, shown


def test_a_misspelt_role_is_refused_with_the_known_keys(tmp_path):
    profile = write_profile(tmp_path, "typo", "recal: {auditor: rules}\n")
    result = runner.invoke(app, ["profiles", "show", str(profile)])
    assert result.exit_code == 2
    assert "unknown key(s) recal; known: name, description, offline, retrieval, recall, precision" in one_line(result.output)


# 4. --overlay without findings


def test_overlay_is_written_when_nothing_is_found(samples_dir, tmp_path):
    from PIL import Image

    overlay = tmp_path / "overlay.png"
    result = runner.invoke(app, ["audit", str(samples_dir / "images" / IMAGE), "--overlay", str(overlay), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output and f"overlay written to {overlay}: no findings" in one_line(result.output)
    assert Image.open(overlay).size == Image.open(samples_dir / "images" / IMAGE).size


# 5. Options and case ids


def test_a_flags_variable_holding_neither_yes_nor_no_is_refused_naming_the_words_it_takes(tmp_path):
    """RADQC_HTML=no-html or RADQC_DATA_INDEX_FORCE=perhaps got pydantic's "Input should be a valid boolean, unable to
    interpret input", naming no value a flag's variable takes; the refusal names them, and each of them is taken."""
    from radqc.cli.options import FLAG_WORDS

    report(tmp_path, "Right upper lobe nodule.")
    for word in FLAG_WORDS + tuple(word.upper() for word in FLAG_WORDS):
        taken = runner.invoke(app, ["data", "index", str(tmp_path)], env={"RADQC_DATA_INDEX_FORCE": word})
        assert taken.exit_code == (0 if word.lower() in ("1", "true", "yes", "on", "y", "t") else 2), (word, taken.output)
    for variable, value, command in [("RADQC_DATA_INDEX_FORCE", "perhaps", ["data", "index", str(tmp_path)]),
                                     ("RADQC_DATA_INDEX_FORCE", " yes ", ["data", "index", str(tmp_path)]),
                                     ("RADQC_HTML", "no-html", ["eval", str(tmp_path), "--out", str(tmp_path / "run")])]:
        refused = runner.invoke(app, command, env={variable: value})
        shown = one_line(refused.output)
        assert refused.exit_code == 2 and "Input should be" not in shown, shown
        assert f"{value!r}: set it to 1 or 0 (also true or false, yes or no, on or off), or unset it" in shown, shown
    assert not (tmp_path / "run").exists()


def test_an_unknown_sex_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "--sex", "X"])
    assert result.exit_code == 2 and "'X': use M, F or U (unknown)" in one_line(result.output)
    assert "validation error" not in result.output


def test_language_and_view_are_read_as_datasets_read_them(tmp_path):
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "--language", "EN-us", "--view", "pa", "--json", "--no-rag"])
    assert result.exit_code == 0 and json.loads(result.stdout)["status"] == "ok", result.output


def test_non_ascii_file_names_get_readable_distinct_case_ids(tmp_path):
    ids = []
    for name in ("报告.txt", "报告二.txt", "rapport été.txt"):
        result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.", name=name)), "--json", "--no-rag"])
        assert result.exit_code == 0, result.output
        ids.append(json.loads(result.output)["case_id"])
    assert ids[0] != ids[1] and ids[2].startswith("rapport_ete-")
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+-[0-9a-f]{8}", case_id) for case_id in ids), ids


def _commands(command, words=()):
    """Every command under COMMAND with the words that call it (`data index`, `kb eval`, ...)."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*words, name))
    else:
        yield words, command


def _description(help_text: str) -> list[str]:
    """The lines of a --help between the usage line and the first panel (arguments, options)."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next((i for i, line in enumerate(lines) if line.startswith("╭")), len(lines))
    return [line.rstrip() for line in lines[start:end]]


@pytest.mark.parametrize("width", [80, 120])
def test_every_commands_help_wraps_its_paragraphs_to_the_terminal_and_indents_its_examples(width):
    """Typer's rich help kept each docstring line break: "...a chest radiograph, text a" ended a line at
    80 columns, and `kb search`'s examples printed flush with the prose. Every line of a paragraph but
    its last is now filled (its next word would not fit), and every example is indented."""
    import typer

    ragged, flush = [], []
    for words in [(), *(words for words, _ in _commands(typer.main.get_command(app)))]:
        lines = _description(runner.invoke(app, [*words, "--help"], env={"COLUMNS": str(width)}).output)
        for line, following in zip(lines, lines[1:]):
            if line.lstrip().removeprefix("• ").startswith("radqc "):
                if not line.startswith("  "):
                    flush.append((words, line))
            elif line.strip() and following.strip() and not following.startswith("  "):
                if len(line) + 1 + len(following.split()[0]) <= width - 1:
                    ragged.append((words, line))
    assert not ragged and not flush, (ragged, flush)
    audit = " ".join(_description(runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "80"}).output))
    assert "radiograph, text a CT report" in " ".join(audit.split())


def test_no_help_page_cuts_a_word_short_at_80_columns():
    """`radqc eval --help` showed --adjudications' default as "DATASET/adjudications…" at 80 columns: a word longer than
    the options' description column is cut, not wrapped, and the file it named could not be read off the page."""
    import typer

    cut = [(" ".join(words), line.strip("│ ")) for words, _ in _commands(typer.main.get_command(app))
           for line in runner.invoke(app, [*words, "--help"], env={"COLUMNS": "80"}).output.splitlines() if "…" in line]
    assert not cut, cut


def test_no_help_page_has_two_blank_lines_in_a_row():
    """Every example block was printed under two blank lines and followed by two more: Rich pads a code block with a
    blank line above and below, besides the one between paragraphs. Examples are now an indented list."""
    import typer

    command = typer.main.get_command(app)
    doubled = []
    for words in [*_groups(command), *(words for words, _ in _commands(command))]:
        lines = [line.strip() for line in runner.invoke(app, [*words, "--help"], env={"COLUMNS": "100"}).output.splitlines()]
        doubled += [" ".join(words) or "radqc" for line, following in zip(lines, lines[1:]) if not line and not following][:1]
    assert not doubled, doubled


def _groups(command, words=()):
    """Every command group under COMMAND, itself included, with the words that call it (`data`, `kb`, ...)."""
    if hasattr(command, "commands"):
        yield words
        for name, sub in command.commands.items():
            yield from _groups(sub, (*words, name))


def test_every_command_and_groups_help_has_an_example():
    """`radqc data --help` and `radqc profiles --help` listed their commands with no example of one, where
    `radqc kb --help` and every command's own help give some."""
    import typer

    command = typer.main.get_command(app)
    without = [" ".join(words) for words in [*_groups(command), *(words for words, _ in _commands(command))]
               if not any(line.startswith("  • radqc ") for line in
                          _description(runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"}).output))]
    assert not without, without


def test_the_profiles_help_examples_make_a_profile_of_ones_own_on_a_fresh_install(tmp_path):
    """`radqc profiles --help` wrote a copy of a shipped profile into ~/.radqc/profiles, which nothing creates: on a
    fresh install the shell refused the redirection ("No such file or directory"). Its examples are run as given,
    in a shell whose home holds no ~/.radqc yet."""
    import os
    import subprocess
    import sys

    lines = [line.strip().removeprefix("• ") for line in _description(runner.invoke(app, ["profiles", "--help"], env={"COLUMNS": "200"}).output)]
    setup = [line for line in lines if line.startswith("mkdir ") or "> ~/.radqc/profiles/" in line]
    assert any("> ~/.radqc/profiles/mine.yaml" in line for line in setup), lines
    home = tmp_path / "home"
    home.mkdir()
    env = {name: value for name, value in os.environ.items() if not name.startswith("RADQC_")}
    env |= {"HOME": str(home), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}
    made = subprocess.run(["bash", "-c", " && ".join(setup)], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    mine = subprocess.run(["radqc", "profiles", "show", "mine"], env=env, capture_output=True, text=True)
    assert mine.returncode == 0 and mine.stdout.startswith("name: mine\n"), mine.stderr


def test_every_commands_arguments_are_named_alike_in_its_usage_line_its_panel_and_its_errors():
    """The usage line wrote `radqc eval [OPTIONS] {dataset}` (a template left unfilled, to a newcomer) where the
    arguments panel wrote `dataset` and a bad value was "Invalid value for DATASET": each argument is now
    its name in capitals in all of them, in brackets only when it may be left out."""
    import typer

    unlike = []
    for words, command in _commands(typer.main.get_command(app)):
        output = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"}).output
        usage = next(line for line in output.splitlines() if "Usage:" in line)
        panel = [line.split()[2] for line in output.splitlines() if line.startswith("│ *")]
        for param in command.params:
            if param.param_type_name == "argument":
                name = param.name.upper() + ("..." if param.nargs != 1 else "")
                if f" {name}" not in usage or "{" in usage or (param.required and name not in panel):
                    unlike.append((words, usage, panel))
    assert not unlike, unlike
    missing = runner.invoke(app, ["eval", "--out", "runs/x"])
    assert missing.exit_code == 2 and "Missing argument 'DATASET'" in missing.output


@pytest.mark.parametrize("name, content", [
    ("missing.txt", None), ("folder", "folder"), ("empty.txt", b""), ("film.png", b"not a PNG at all"), ("tiny.png", "image"),
])
def test_audit_names_its_argument_when_it_refuses_the_file(tmp_path, name, content):
    """`radqc audit` on a file it refuses said "Invalid value: /path is ...", naming no argument where
    `radqc eval` says "Invalid value for DATASET"."""
    from PIL import Image

    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content == "image":
        Image.new("L", (8, 8)).save(path)  # a PNG too small to hold a chest
    elif content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 2 and "Invalid value for PATH: " in one_line(result.output), result.output


def test_audit_names_its_argument_when_the_case_it_makes_of_the_file_is_invalid(tmp_path):
    """The last of `radqc audit`'s refusals of PATH (the case made of it failing validation) named no argument
    and was pydantic's many-line dump. The options' own checks leave no way to reach it from the command line,
    so the case is given a sex --sex would refuse."""
    import typer

    from radqc.cli.audit import _case_for

    path = report(tmp_path, "normal.")
    with pytest.raises(typer.BadParameter) as refused:
        _case_for(path, None, None, "X", None)
    assert refused.value.param_hint == "PATH" and "\n" not in refused.value.message, refused.value.message
    assert refused.value.message.startswith(f"{path} is no case to audit: patient.sex: "), refused.value.message


@pytest.mark.parametrize("command, named", [
    (["compare", "{folder}/run"], "RUNS: give at least two runs"),
    (["compare", "{folder}/run", "{folder}/other"], "RUNS: run folder not found"),
    (["data", "apply-verdicts", "{folder}", "--verdicts", "{folder}/verdicts.jsonl"], "DATASET: "),
])
def test_compare_and_data_name_the_argument_they_refuse(tmp_path, command, named):
    """`radqc compare` and `radqc data apply-verdicts` said "Invalid value: ..." where `radqc audit` and `radqc eval`
    name the argument at fault."""
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": FINDINGS}) + "\n{ broken\n")
    (tmp_path / "verdicts.jsonl").write_text(json.dumps({"case_id": "a", "error_type": "laterality", "evidence": "nodule",
                                                         "verdict": "confirmed"}) + "\n")
    result = runner.invoke(app, [arg.format(folder=tmp_path) for arg in command])
    assert result.exit_code == 2 and f"Invalid value for {named}" in one_line(result.output), result.output


def test_every_option_has_an_environment_variable_twin_shown_in_its_help():
    """The README promises an environment-variable twin for every option, and --help is where users
    find its name: each option (but --help and --version) has one, and its command's help shows it. A hidden option
    is no option to set but a refusal that says what to do instead (`radqc data index --sex`): it has none."""
    import typer

    missing, unshown = [], []
    for words, command in _commands(typer.main.get_command(app)):
        options = [p for p in command.params if p.param_type_name == "option" and not p.is_eager and p.name != "help" and not p.hidden]
        shown_help = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"}).output  # names unwrapped
        for option in options:
            where = f"radqc {' '.join(words)} {option.opts[0]}"
            if not (option.envvar and option.envvar.startswith("RADQC_") and (option.help or "").strip()):
                missing.append(where)
            elif option.envvar not in shown_help:
                unshown.append(where)
    assert not missing and not unshown, (missing, unshown)
    # a flag's row shows its variable's name alone, "[env var: RADQC_NO_RAG]": what such a variable holds was said only by
    # the refusal of a wrong word
    said = one_line(runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).output)
    assert "a flag's holds 1 or 0, also true or false, yes or no, on or off" in said, said


def _option_placeholders():
    """Each option of every command, with the placeholder its command's help writes for it ("" for none),
    and whether it is a flag; not a hidden one, which its help does not show."""
    import typer

    for words, command in _commands(typer.main.get_command(app)):
        shown_help = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"}).output  # rows unwrapped
        options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
        for option in options + [command.get_help_option(typer.Context(command))]:
            row = next(line for line in shown_help.splitlines() if re.match(rf"│\s*\*?\s*{re.escape(option.opts[0])}\s", line))
            placeholder = re.match(rf"│\s*\*?\s*{re.escape(option.opts[0])}(?:\s+-[-\w]+)*\s+(<[^>]*>)?", row).group(1) or ""
            yield f"radqc {' '.join(words)} {option.opts[0]}", placeholder, option.is_flag


def test_no_flag_shows_a_placeholder_and_every_option_taking_a_value_does():
    """Typer's help wrote `--no-rag <bool>`, `--json <bool>`, even `--help <bool>`, as if each took a value."""
    wrong = [(where, placeholder) for where, placeholder, is_flag in _option_placeholders() if bool(placeholder) == is_flag]
    assert not wrong, wrong


def test_option_placeholders_are_written_in_one_style():
    """`radqc eval --out` was `<Path>` where every other path is `<path>`."""
    other = [(where, placeholder) for where, placeholder, _ in _option_placeholders() if placeholder != placeholder.lower()]
    assert not other, other


def test_a_repeatable_option_shows_one_values_placeholder_and_names_the_values_it_takes():
    """`radqc kb add --error-type` was `<list[str]>`, a Python type where every other option names one value, and
    its help named no valid id."""
    from radqc.schemas import MODALITIES
    from radqc.taxonomy import error_types

    typed = [(where, placeholder) for where, placeholder, _ in _option_placeholders() if "[" in placeholder]
    assert not typed, typed
    said = one_line(runner.invoke(app, ["kb", "add", "--help"], env={"COLUMNS": "200"}).output)
    assert re.search(r"--error-type\s+-e\s+<type>\s+Error type", said) and "may be repeated" in said, said
    unnamed = [i for m in MODALITIES for i in error_types(m) if re.search(rf"\b{i}\b", said) is None]
    assert not unnamed, unnamed


def test_every_path_argument_is_typed_as_a_path_however_many_it_takes():
    """`radqc compare RUNS...` and `radqc kb add PATHS...` were `<list[Path]>` where `radqc eval DATASET` is `<path>`."""
    import typer

    shown = {}
    for words, command in _commands(typer.main.get_command(app)):
        help_text = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200"}).output
        for argument in [p for p in command.get_params(typer.Context(command)) if p.param_type_name == "argument"]:
            annotation = argument.type_descriptor.annotation
            if Path in (annotation, *typing.get_args(annotation)):
                row = re.search(rf"│\s*\*?\s*{re.escape(argument.metavar)}\s+(<[^>]*>)", help_text)
                shown[f"radqc {' '.join(words)} {argument.metavar}"] = row and row.group(1)
    assert {"radqc compare RUNS...", "radqc kb add PATHS...", "radqc eval DATASET"} <= set(shown), shown
    assert set(shown.values()) == {"<path>"}, shown


def test_every_commands_summary_in_its_groups_help_is_one_short_sentence():
    """A group's --help lists each command with its help's first paragraph: `data index`'s filled six lines
    of `radqc data --help`, and `compare`'s four of `radqc --help`."""
    import typer

    long = {" ".join(words): first for words, command in _commands(typer.main.get_command(app))
            if len(first := " ".join((command.help or "").strip().split("\n\n")[0].split())) > 100}
    assert not long, long


def test_the_workers_default_is_shown_as_its_rule_not_as_this_machines_count():
    """--help showed "[default: 2]", this machine's core count, as if it were a fixed number."""
    shown = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"}).output
    assert "[default: (one per core, at most 4)]" in shown, shown


@pytest.mark.parametrize("variable, value", [("RADQC_MAX_REPORT_BYTES", "2MB"), ("RADQC_TORCH_THREADS", "two")])
def test_a_number_in_the_environment_that_is_none_is_one_clear_error(tmp_path, variable, value):
    """It was a traceback, or (RADQC_TORCH_THREADS, read when the embedding model loads) every case's
    retrieval failing while the command went on. Run as the installed command runs, through main()."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-c", "from radqc.cli.main import main; main()", "audit", str(report(tmp_path, "normal."))]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, variable: value}, timeout=600)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert f"{variable}='{value}' is not a whole number" in run.stderr


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_size_limit_of_no_bytes_is_one_clear_error(tmp_path, value):
    """RADQC_KB_MAX_FILE_BYTES=-5 refused every guideline, "3107 bytes, over the -5-byte limit", as if the files were at fault."""
    import os
    import subprocess
    import sys

    guidance = tmp_path / "guide.md"
    guidance.write_text("# Laterality\nName the side of every finding.\n", encoding="utf-8")
    command = [sys.executable, "-c", "from radqc.cli.main import main; main()", "kb", "add", str(guidance), "-m", "ct_report"]
    env = {**os.environ, "RADQC_KB_MAX_FILE_BYTES": value, "RADQC_KB_DIR": str(tmp_path / "kb")}
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 2 and f"RADQC_KB_MAX_FILE_BYTES='{value}' is below 1 (the default is 20000000)" in run.stderr, run.stderr
    limit = subprocess.run(command, capture_output=True, text=True, env={**env, "RADQC_KB_MAX_FILE_BYTES": "100000"}, timeout=600)
    assert limit.returncode == 0 and "1 document" in limit.stdout, limit.stderr  # the clean guard: a limit of some bytes is taken


# Run as the installed `radqc` script, with a Ctrl-C (SIGINT to itself) landing when MODULE is first imported.
CTRL_C_AT_IMPORT = """
import os, runpy, signal, sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

signal.signal(signal.SIGINT, signal.default_int_handler)
sys.meta_path.insert(0, CtrlC())
sys.argv = [{script!r}, "--version"]
runpy.run_path({script!r}, run_name="__main__")
"""


@pytest.mark.parametrize("module", ["typer", "radqc.limits"])  # while the commands load; once main() runs
def test_ctrl_c_while_the_command_loads_is_one_line(module):
    """The installed script imported radqc.cli.main, and with it typer and every command's module, before
    anything caught a KeyboardInterrupt: a Ctrl-C in those first ~0.2 s was a traceback."""
    import subprocess
    import sys
    from pathlib import Path

    script = str(Path(sys.executable).with_name("radqc"))
    command = [sys.executable, "-c", CTRL_C_AT_IMPORT.format(module=module, script=script)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert (run.returncode, run.stdout, run.stderr) == (130, "", "radqc: stopped (Ctrl-C)\n"), run.stderr


@pytest.mark.parametrize("args, message", [
    (["--view", "XYZ"], "'XYZ': use PA, AP or LAT"),
    (["--language", "fr"], "'fr': use en or zh"),
])
def test_an_unknown_view_or_language_is_refused_not_ignored(tmp_path, args, message):
    """A dataset ignores a view or language it cannot read; on the command line it is a typo to point out."""
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), *args])
    assert result.exit_code == 2 and message in one_line(result.output), result.output


@pytest.mark.parametrize("command, env, message", [
    (["kb", "add", "{guidance}", "--modality", "banana"], {}, "'banana' is no modality: use cxr (a chest radiograph) or ct_report"),
    (["kb", "search", "laterality", "--modality", "CT"], {}, "'CT' is no modality: use cxr (a chest radiograph) or ct_report (a CT report); did you mean ct_report?"),
    (["eval", "{folder}", "--out", "{folder}/run", "--workers", "0"], {}, "0: audits at least 1 case at a time"),
    (["eval", "{folder}", "--out", "{folder}/run"], {"RADQC_WORKERS": "0"}, "0: audits at least 1 case at a time"),
    (["kb", "add", "{guidance}", "-e", "laterality", "-e", "banana"], {}, "'banana' is no error type (cxr: inadequate_inspiration,"),
    (["kb", "add", "{guidance}", "-m", "ct_report"], {"RADQC_KB_ERROR_TYPES": "banana"}, "ct_report: laterality,"),
    # a number option given a word or a value out of its range: pydantic's "Input should be a valid integer, unable to
    # parse string as an integer" and "Input should be greater than or equal to 1" named neither the value nor the range
    (["eval", "{folder}", "--out", "{folder}/run"], {"RADQC_WORKERS": "abc"}, "'abc': give a whole number"),
    (["compare", "{folder}", "{folder}", "--bootstrap", "x"], {}, "'x': give a whole number from 0 to 50000"),
    (["kb", "search", "laterality", "-k", "0"], {}, "'0': give a whole number from 1 to 50"),
    (["kb", "eval"], {"RADQC_KB_EVAL_K": "2.5"}, "'2.5': give a whole number from 1 to 50"),
    (["data", "synth", "--seed", "x", "--out", "{folder}"], {}, "'x': give a whole number"),
])
def test_a_value_outside_an_options_set_is_a_usage_error_naming_the_set(tmp_path, command, env, message):
    """Given as option or as its variable, a value radqc cannot read is refused before anything runs (exit 2),
    saying what it takes: a bad kb add option was blamed on each file (exit 1)."""
    guidance = tmp_path / "guide.md"
    guidance.write_text("# Laterality\nName the side of every finding.\n", encoding="utf-8")
    paths = {"report": report(tmp_path, "normal."), "folder": tmp_path, "guidance": guidance}
    result = runner.invoke(app, [arg.format(**paths) for arg in command], env=env)
    assert result.exit_code == 2 and message in one_line(result.output), result.output


@pytest.mark.parametrize("written, meant", [("CT", "ct_report"), ("ct", "ct_report"), ("CXR", "cxr"), ("x-ray", None)])
def test_a_manifests_unknown_modality_is_named_with_the_one_meant(tmp_path, written, meant):
    """A manifest's "CT" or "CXR" got pydantic's "Input should be 'cxr' or 'ct_report'", with no word of which."""
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": written, "report": FINDINGS}) + "\n")
    result = runner.invoke(app, ["data", "validate", str(tmp_path)])
    said = one_line(result.output)
    assert result.exit_code == 1 and f"a: line 1: invalid case: modality: {written!r} is no modality: use cxr" in said, said
    assert ("did you mean" not in said) if meant is None else said.endswith(f"did you mean {meant}?")


def test_an_exam_naming_a_region_or_contrast_is_taken_in_either_language(tmp_path):
    for exam in ("CT chest", "腹部CT平扫", "CT with contrast"):
        result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "--exam", exam, "--no-rag", "--json"])
        assert result.exit_code == 0 and "names no body region" not in result.output, (exam, result.output)


@pytest.mark.parametrize("command, env", [
    (["audit", "{report}", "--exam", "banana", "--no-rag"], {}),
    (["audit", "{report}", "--no-rag"], {"RADQC_EXAM": "CT"}),
    (["data", "index", "{folder}", "--exam", "banana"], {}),
])
def test_an_exam_radqc_reads_nothing_in_is_taken_with_a_note(tmp_path, command, env):
    """--exam is free text ("CT aortogram" is a real order radqc reads no region in): refused, such an order stopped
    the run; taken silently, it stood in for the report's technique line and silenced the exam check."""
    paths = {"report": report(tmp_path, "normal."), "folder": tmp_path}
    result = runner.invoke(app, [arg.format(**paths) for arg in command], env=env)
    assert result.exit_code == 0 and "names no body region radqc reads" in one_line(result.output), result.output


def test_eval_notes_the_manifest_exams_radqc_reads_nothing_in_once_for_the_run(tmp_path):
    """The same order in a manifest's `exam` stood in for the technique line without the note --exam gets; one note
    for the run names how many cases and the first few, not a line a case."""
    dataset = ct_dataset(tmp_path / "set", tuple(f"c{i}" for i in range(5)) + ("chest",))
    lines = [json.loads(line) for line in (dataset / "manifest.jsonl").read_text().splitlines()]
    for line in lines:
        line["exam"] = "CT chest" if line["case_id"] == "chest" else "XYZ"
    (dataset / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(tmp_path / "run"), "--no-rag", "--json"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "names no body region radqc reads" in line]
    assert notes == [f"note: the manifest's `exam` of 5 cases (c0 'XYZ', c1 'XYZ', c2 'XYZ', and 2 more) "
                     "names no body region radqc reads (" + notes[0].split(" reads (", 1)[1]], result.stderr
    assert notes[0].endswith("the exam check reads the report's technique line instead")
    json.loads(result.stdout)  # stdout holds the document alone


def test_views_are_read_alike_by_audit_and_data_index(tmp_path):
    """`data index --view` takes the spellings a manifest may use (lateral -> LAT) and refuses the rest."""
    report(tmp_path, "normal.")
    assert runner.invoke(app, ["data", "index", str(tmp_path), "--view", "XYZ"]).exit_code == 2
    result = runner.invoke(app, ["data", "index", str(tmp_path), "--view", "lateral"])
    assert result.exit_code == 0, result.output


def test_indexing_a_read_only_folder_says_what_to_do(samples_dir, tmp_path, read_only):
    """A day's films often sit on a read-only export or share: `data index` ended in a traceback."""
    films = tmp_path / "films"
    films.mkdir()
    (films / IMAGE).write_bytes((samples_dir / "images" / IMAGE).read_bytes())
    read_only(films)
    run = radqc_bound_by_permissions("data", "index", str(films))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "cannot write" in one_line(run.stderr) and "index a copy of the folder" in one_line(run.stderr)


def test_a_read_only_run_folder_is_refused_with_what_to_do(tmp_path, read_only):
    """Scoring a run again or listing its reviews in a folder that is read-only (a colleague's share, a
    run protected with chmod) was a traceback, or called its intact checkpoints damaged, to be moved aside."""
    dataset, out = tmp_path / "set", tmp_path / "run"
    dataset.mkdir()
    (dataset / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": FINDINGS, "labels": []}) + "\n")
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag", "--no-html"]).exit_code == 0
    read_only(out)
    for args in (["eval", str(dataset), "--out", str(out), "--no-rag", "--no-html"], ["review", str(out), "--list"]):
        run = radqc_bound_by_permissions(*args)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert f"{out} is read-only" in one_line(run.stderr) and "damaged" not in run.stderr, run.stderr


def test_a_bad_query_file_for_kb_eval_names_its_line(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"query": "left or right?", "modality": "ct_report", "relevant": ["ct-laterality-en"]}\n{"query":\n',
                       encoding="utf-8")
    result = runner.invoke(app, ["kb", "eval", "--queries", str(queries)])
    assert result.exit_code == 2 and "queries.jsonl line 2: line: Invalid JSON" in one_line(result.output), result.output
    result = runner.invoke(app, ["kb", "eval", "--queries", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and "not found" in one_line(result.output), result.output


def test_data_synth_refuses_a_source_without_radiographs_and_an_out_it_cannot_create(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["data", "synth", "--only", "cxr", "--source", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no source radiographs found" in one_line(result.output), result.output
    result = runner.invoke(app, ["data", "synth", "--only", "ct", "--out", str(tmp_path / "file" / "o")])
    assert result.exit_code == 2 and "cannot create" in one_line(result.output), result.output



def test_data_synth_says_what_it_wrote_in_words_not_as_a_python_dict(tmp_path):
    result = runner.invoke(app, ["data", "synth", "--only", "ct", "--seed", "7", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "{" not in result.output, result.output
    for split in ("dev", "test"):
        lines = (tmp_path / "ct_reports" / split / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        languages = [json.loads(line)["language"] for line in lines]
        said = f"wrote {tmp_path / 'ct_reports' / split}: {len(lines)} reports ({languages.count('en')} en, {languages.count('zh')} zh)"
        assert said in result.output, result.output
    assert "error labels: laterality " in result.output, result.output


def test_data_synth_refuses_to_replace_existing_splits_without_force(tmp_path, monkeypatch, repo_root):
    """By default --out is the clone's own data/: a run with another seed rewrote the committed datasets."""
    split = tmp_path / "ct_reports" / "dev"
    split.mkdir(parents=True)
    (split / "manifest.jsonl").write_text('{"case_id": "mine", "modality": "ct_report", "report": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["data", "synth", "--only", "ct", "--seed", "7", "--out", str(tmp_path)])
    assert result.exit_code == 2 and f"{split}exists" in unwrapped(result.output) and "--force" in one_line(result.output)
    assert (split / "manifest.jsonl").read_text(encoding="utf-8").startswith('{"case_id": "mine"')
    assert not (tmp_path / "ct_reports" / "test").exists()
    result = runner.invoke(app, ["data", "synth", "--only", "ct"])  # the defaults: the committed data
    assert result.exit_code == 2 and f"{repo_root / 'data' / 'ct_reports' / 'dev'}exists" in unwrapped(result.output)
    monkeypatch.setenv("RADQC_DATA_SYNTH_FORCE", "1")
    result = runner.invoke(app, ["data", "synth", "--only", "ct", "--seed", "7", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "mine" not in (split / "manifest.jsonl").read_text(encoding="utf-8") and (tmp_path / "ct_reports" / "test").is_dir()

def test_dicom_header_issues_are_printed_beside_the_findings(tmp_path, samples_dir):
    """They were in the --json trace only: an odd ViewPosition changes how the film is judged."""
    import pydicom

    dataset = pydicom.dcmread(samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm")
    dataset.ViewPosition = "OBLIQUE"
    dataset.save_as(tmp_path / "odd.dcm")
    result = runner.invoke(app, ["audit", str(tmp_path / "odd.dcm"), "--view", "PA", "--no-rag"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "DICOM header: ViewPosition 'OBLIQUE' is not a known chest view" in result.output



@pytest.mark.parametrize("slope, intercept, named", [
    ("0", "0", "RescaleSlope '0.0' with RescaleIntercept '0.0'"),
    ("1", "abc", "RescaleSlope '1.0' with RescaleIntercept 'abc'"),
    ("", "0", "RescaleSlope empty with RescaleIntercept '0.0'"),
    ("1", "", "RescaleSlope '1.0' with RescaleIntercept empty"),
])
def test_a_dicom_whose_rescale_cannot_map_its_pixels_is_audited_from_them_with_a_note(tmp_path, samples_dir, slope, intercept, named):
    """A RescaleSlope of 0 was refused as "the image is blank", an intercept that is no number as
    "corrupt or unsupported dicom file (UFuncTypeError ...)", and an element present with no value
    (zero length) as a TypeError, though the pixels are sound: the film is read from its stored values,
    and the header value is named as other unusable ones are."""
    import numpy as np
    import pydicom
    from pydicom.dataelem import DataElement

    from radqc.agents.cxr.image_io import load_radiograph

    original = samples_dir / "images" / "nih_siim_chest_pa_mono2.dcm"
    dataset = pydicom.dcmread(original)
    dataset.RescaleSlope = slope
    # RescaleIntercept, written as text where the standard wants a number (DS): pydicom reads it as text
    dataset.add(DataElement(0x00281052, "LO" if intercept == "abc" else "DS", intercept))
    dataset.save_as(tmp_path / "rescaled.dcm")
    result = runner.invoke(app, ["audit", str(tmp_path / "rescaled.dcm"), "--no-rag"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"DICOM header: {named} cannot map the pixel values: the stored values are read as they are" in result.output
    assert np.array_equal(load_radiograph(tmp_path / "rescaled.dcm").pixels, load_radiograph(original).pixels)

# 6. Readable output: tables that fit 80 columns, counts in words, notes on what retrieval will miss

SLIP = "FINDINGS: 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule.\n"
PLAIN = "FINDINGS: The lungs are clear.\nIMPRESSION: No acute abnormality.\n"


def labelled_set(tmp_path, n_slips: int = 1):
    """A CT dataset of N_SLIPS reports with a laterality slip and one clean report, all labelled."""
    folder = tmp_path / "set"
    folder.mkdir()
    cases = [{"case_id": f"slip{i}", "modality": "ct_report", "report": SLIP, "labels": [{"error_type": "laterality", "evidence": "Left"}]}
             for i in range(n_slips)] + [{"case_id": "plain", "modality": "ct_report", "report": PLAIN, "labels": []}]
    (folder / "manifest.jsonl").write_text("".join(json.dumps(case) + "\n" for case in cases), encoding="utf-8")
    return folder


@pytest.mark.parametrize("overlapping", [False, True])
def test_eval_scores_a_finding_whose_verdicts_disagree_as_unreviewed_and_lists_it(tmp_path, overlapping):
    """With two reviewers' verdicts that disagree on a finding, the first verdict read was the one scored
    (here a discovery), and nothing said the reviewers disagreed. Verdicts on overlapping evidence that
    disagree were then scored as unreviewed too, but not listed: nothing told the reviewers which finding
    waited for them to settle."""
    dataset, out = labelled_set(tmp_path), tmp_path / "run"
    manifest = dataset / "manifest.jsonl"  # one more case: a slip no gold label names, so its finding is a discovery
    manifest.write_text(manifest.read_text() + json.dumps({"case_id": "extra", "modality": "ct_report", "report": SLIP, "labels": []}) + "\n")
    first = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag", "--no-html"])
    assert first.exit_code == 0, first.output
    found = next(json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines() if '"extra"' in line)["findings"][0]
    evidence = found["evidence"]
    # overlapping: each verdict's evidence overlaps the finding's, neither is it
    confirmed, rejected = (evidence[:-2], evidence[2:]) if overlapping else (evidence, evidence)
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text("".join(json.dumps({"case_id": "extra", "error_type": found["error_type"], "evidence": said,
                                            "verdict": verdict, "reviewer": reviewer}) + "\n"
                                for said, verdict, reviewer in ((confirmed, "confirmed", "dr-a"), (rejected, "rejected", "dr-b"))))
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag", "--no-html", "--adjudications", str(verdicts)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())["ct_report"]
    assert (metrics["additional_discovery_rate"], metrics["unreviewed_discoveries"]) == (0.0, 1)
    assert "1 finding both confirmed and rejected, scored as unreviewed until the reviewers keep one verdict:" in result.stderr
    listed = (f"has verdicts that disagree (confirmed {confirmed!r} by dr-a; rejected {rejected!r} by dr-b)" if overlapping else
              f"is both confirmed and rejected ({verdicts}: confirmed by dr-a; {verdicts}: rejected by dr-b)")
    assert f"case 'extra': its {found['error_type']!r} finding {evidence!r} {listed}" in result.stderr, result.stderr


def test_a_case_reviewed_again_keeps_both_verdicts_and_apply_verdicts_leaves_the_disagreement_to_decide(tmp_path, monkeypatch):
    """A report corrected after review is audited and reviewed again. The second reviewer's "rejected"
    was dropped from adjudications.jsonl, which still said "confirmed": `radqc data apply-verdicts` then
    added as gold the very finding the latest review had rejected."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    dataset, out = labelled_set(tmp_path), tmp_path / "run"
    manifest = dataset / "manifest.jsonl"
    cases = [json.loads(line) for line in manifest.read_text().splitlines()]
    manifest.write_text("".join(json.dumps({**case, "labels": []} if case["case_id"] == "slip0" else case) + "\n" for case in cases))
    for decision, reviewer in (("confirmed", "dr-a"), ("rejected", "dr-b")):
        audited = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--profile", "offline-review", "--no-rag", "--no-html"])
        assert audited.exit_code == 0, audited.output
        template = tmp_path / f"{reviewer}.jsonl"
        assert runner.invoke(app, ["review", str(out), "--template", str(template), "--reviewer", reviewer]).exit_code == 0
        template.write_text(template.read_text().replace('"verdict": ""', f'"verdict": "{decision}"'))
        reviewed = runner.invoke(app, ["review", str(out), "--verdicts", str(template)])
        assert reviewed.exit_code == 0 and "1 case reviewed and written" in reviewed.output, reviewed.output
        if reviewer == "dr-a":  # the report is corrected after its review, and so audited again
            cases = [json.loads(line) for line in manifest.read_text().splitlines()]
            manifest.write_text("".join(json.dumps({**case, "report": case["report"] + "Follow-up advised.\n"}) + "\n" for case in cases))
    log = [json.loads(line) for line in (out / "adjudications.jsonl").read_text().splitlines()]
    assert [(line["verdict"], line["reviewer"]) for line in log] == [("confirmed", "dr-a"), ("rejected", "dr-b")]
    before = manifest.read_bytes()
    applied = runner.invoke(app, ["data", "apply-verdicts", str(dataset), "--verdicts", str(out / "adjudications.jsonl")])
    assert applied.exit_code == 1, applied.output
    assert "is both confirmed and rejected (verdict 1: confirmed by dr-a; verdict 2: rejected by dr-b)" in applied.output
    assert manifest.read_bytes() == before


def test_ctrl_c_a_command_does_not_handle_ends_with_one_line_and_status_130(tmp_path, monkeypatch):
    """Typer ended such a Ctrl-C (here while the report is read) with status 130 and not a word."""
    import radqc.report_text

    def interrupted(raw):
        raise KeyboardInterrupt

    monkeypatch.setattr(radqc.report_text, "report_text", interrupted)
    result = runner.invoke(app, ["audit", str(report(tmp_path, "normal.")), "--no-rag"])
    assert result.exit_code == 130 and result.stderr == "radqc: stopped (Ctrl-C)\n", (result.stdout, result.stderr)


def test_ctrl_c_during_evals_start_up_does_not_claim_answers_it_has_not(tmp_path, monkeypatch):
    """A Ctrl-C while a run started (its models loading, ~14 s), before any case was done, said "the answers
    so far are kept" of none; one after cases were answered says how many."""
    import radqc.eval.runner

    dataset, out = labelled_set(tmp_path), tmp_path / "run"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(radqc.eval.runner, "run_dataset", interrupted)
        fresh = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"])
    assert fresh.exit_code == 130 and "before any case was answered" in fresh.stderr and "kept" not in fresh.stderr
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"]).exit_code == 0
    monkeypatch.setattr(radqc.eval.runner, "run_dataset", interrupted)
    again = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"])
    assert again.exit_code == 130 and "stopped: 2 of 2 cases audited, kept in " in one_line(again.stderr), again.stderr
    assert "retried" not in again.stderr


def test_ctrl_c_during_eval_does_not_count_a_failed_case_as_done(tmp_path, monkeypatch):
    """A Ctrl-C counted a case whose audit failed among the answers kept, although a re-run audits it again."""
    import radqc.eval.runner
    from radqc.graphs.workflow import AuditWorkflow

    dataset, out = labelled_set(tmp_path, n_slips=2), tmp_path / "run"
    run_case = AuditWorkflow.run_case

    def broken_on_plain(self, case, *args, **kwargs):  # a bug costs that case alone, as a model down would
        if case.case_id == "plain":
            raise RuntimeError("broken")
        return run_case(self, case, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(AuditWorkflow, "run_case", broken_on_plain)
        assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"]).exit_code == INCOMPLETE

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(radqc.eval.runner, "run_dataset", interrupted)
    again = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"])
    said = one_line(again.stderr)
    assert again.exit_code == 130 and "stopped: 2 of 3 cases audited, kept in " in said, said
    assert ", 1 failed and will be retried; run the same command again" in said, said


def test_eval_tables_fit_80_columns_with_every_name_whole(tmp_path):
    """At 80 columns Rich cut the error types' names ("findings_…") and the headline headers short."""
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(tmp_path / "run"), "--no-rag"],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output and max(len(line) for line in result.output.splitlines()) <= 80
    names = {line.split("│")[1].strip() for line in result.output.splitlines() if line.count("│") == 8}
    assert names == {"laterality", "findings_impression_mismatch", "omission", "insertion", "measurement", "sex_mismatch",
                     "spelling", "exam_mismatch"}
    for headline in ("macro f1", "false alarm rate", "additional discovery rate", "unreviewed discoveries"):
        assert f"│ {headline} " in result.output
    assert "inst. R, inst. P: instance recall and precision" in result.output  # the short labels' legend


def test_eval_table_shows_a_type_without_gold_cases_as_not_applicable_not_zero(tmp_path):
    """A type no gold case has (n=0) read 0.000 throughout, as if scored and wholly missed; macro F1 leaves it out.
    The set's one slip is found and its clean case is not, so laterality scores 1.000 and no other type has a finding."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(out), "--no-rag", "--no-html"],
                           env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    rows = {cells[0]: cells[1:] for line in result.output.splitlines() if line.count("│") == 8
            for cells in [[cell.strip() for cell in line.split("│")[1:-1]]]}
    assert rows["laterality"] == ["1", "1.000", "1.000", "1.000", "1.000", "1.000"], result.output
    assert rows["omission"] == ["0", "n/a", "n/a", "n/a", "n/a", "n/a"], result.output
    assert NOT_APPLICABLE_WORDS in one_line(result.output)
    block = json.loads((out / "metrics.json").read_text())["ct_report"]
    assert block["per_type"]["omission"]["f1"] == 0.0 and block["macro_f1"] == 1.0  # the JSON keeps the spec's numbers


NOT_APPLICABLE_WORDS = ("n/a: a share of none (recall, F1: no gold case of the type, n=0, which macro F1 leaves out; "
                        "precision: no finding of it; macro F1: no type has a gold case; micro F1: no gold case and no "
                        "finding of any type; instance recall: no gold error; instance precision: no finding; instance F1: neither)")


def test_report_html_shows_a_type_without_gold_cases_as_not_applicable_as_the_terminal_does(tmp_path):
    """The terminal read n/a where report.html read 0.000 for the same share of nothing."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(out), "--no-rag"])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<tr><td>laterality</td><td>1</td>" + "<td>1.000</td>" * 5 + "</tr>" in page
    assert "<tr><td>omission</td><td>0</td>" + "<td>n/a</td>" * 5 + "</tr>" in page
    assert "<tr><td>macro_f1</td><td>1.000</td>" in page and f"<p>{NOT_APPLICABLE_WORDS}</p>" in page


def test_eval_shows_the_macro_f1_of_a_set_without_gold_errors_as_not_applicable(tmp_path):
    """Macro F1 is a mean over the types with a gold case: with none it read 0.000, as if every one were missed."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(ct_dataset(tmp_path / "clean", ("a", "b"))), "--out", str(out), "--no-rag"],
                           env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert re.search(r"│ macro f1 +│ +n/a │", result.output) and NOT_APPLICABLE_WORDS in one_line(result.output), result.output
    assert "<tr><td>macro_f1</td><td>n/a</td>" in (out / "report.html").read_text(encoding="utf-8")
    assert json.loads((out / "metrics.json").read_text())["ct_report"]["macro_f1"] == 0.0

CHANGE_NOT_APPLICABLE_WORDS = "a change is n/a where either run's value is: none is taken from or to a share of none"


def test_compare_shows_a_share_of_nothing_as_not_applicable_as_eval_does(tmp_path):
    """`radqc eval` read n/a where `radqc compare` and its page read 0.000 for the same metrics.json, and a change
    from a type no gold case has read as a gain."""
    runs = []
    for name, supports in (("before", {"laterality": 0, "omission": 0}), ("after", {"laterality": 2, "omission": 0})):
        folder = tmp_path / name
        folder.mkdir()
        per_type = {error_type: {"f1": 0.5 if n else 0.0, "support": n} for error_type, n in supports.items()}
        block = {"macro_f1": 0.5 if any(supports.values()) else 0.0, "per_type": per_type}
        (folder / "metrics.json").write_text(json.dumps({"ct_report": block, "cxr": None}))
        runs.append(str(folder))
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["compare", *runs, "--html", str(page)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert re.search(r"macro_f1 +│ +n/a │ +0\.500 │ +n/a", result.output), result.output
    assert re.search(r"f1\[laterality\] +│ +n/a │ +0\.500 │ +n/a", result.output), result.output
    assert re.search(r"f1\[omission\] +│ +n/a │ +n/a │ +n/a", result.output), result.output
    assert NOT_APPLICABLE_WORDS in one_line(result.output)
    # the change column's n/a beside a run's 0.500 said no word of why
    assert CHANGE_NOT_APPLICABLE_WORDS in one_line(result.output), result.output
    html = page.read_text(encoding="utf-8")
    assert "<tr><td>f1[laterality]</td><td>n/a</td><td>0.500</td><td>n/a</td></tr>" in html
    assert "<tr><td>macro_f1</td><td>n/a</td><td>0.500</td><td>n/a</td></tr>" in html and f"<p>{NOT_APPLICABLE_WORDS}</p>" in html
    assert f"<p>{CHANGE_NOT_APPLICABLE_WORDS.replace(chr(39), '&#x27;')}</p>" in html
    rows = {row["metric"]: row["values"] for row in json.loads(runner.invoke(app, ["compare", *runs, "--json"]).stdout)["rows"]}
    assert list(rows["f1[laterality]"].values()) == [0.0, 0.5]  # the numbers of metrics.json


def test_eval_shows_the_instance_scores_and_micro_f1_of_a_set_without_errors_or_findings_as_not_applicable(tmp_path):
    """Instance recall, precision and F1 and micro F1 with no gold error and no finding under them read 0.000, as if
    every error had been missed, where the per-type shares of nothing read n/a."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(ct_dataset(tmp_path / "clean", ("a", "b"))), "--out", str(out), "--no-rag"],
                           env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for headline in ("micro f1", "recall", "precision", "f1"):
        assert re.search(rf"│ {headline} +│ +n/a │", result.output), result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    for headline in ("micro_f1", "recall", "precision", "f1"):
        assert f"<tr><td>{headline}</td><td>n/a</td>" in page
    block = json.loads((out / "metrics.json").read_text())["ct_report"]
    assert [block[key] for key in ("micro_f1", "recall", "precision", "f1")] == [0.0] * 4  # the spec's numbers


def test_compare_shows_instance_precision_without_findings_as_not_applicable_and_recall_and_f1_as_scored(tmp_path):
    """Gold errors and no finding: recall and F1 are 0, every error missed, but precision is a share of no finding."""
    folder = tmp_path / "run"
    folder.mkdir()
    per_type = {"laterality": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2, "tp": 0, "fp": 0, "fn": 2}}
    block = {"n_gold": 2, "n_findings": 0, "recall": 0.0, "precision": 0.0, "f1": 0.0, "micro_f1": 0.0, "macro_f1": 0.0,
             "per_type": per_type}
    (folder / "metrics.json").write_text(json.dumps({"ct_report": block, "cxr": None}))
    result = runner.invoke(app, ["compare", str(folder), str(folder)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert re.search(r"│ precision +│ +n/a │ +n/a │ +n/a", result.output), result.output
    for headline in ("recall", "f1", "micro_f1"):
        assert re.search(rf"│ {headline} +│ +0\.000 │ +0\.000 │", result.output), result.output


def _drawn_charts(monkeypatch) -> list:
    """The figures radqc's pages draw, each kept as it is closed."""
    import matplotlib.pyplot as plt

    figures, close = [], plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: (figures.append(fig), close(fig))[1])
    return figures


def test_report_html_chart_draws_no_bar_for_a_share_of_nothing_and_labels_it(tmp_path, monkeypatch):
    """The per-type chart drew a type no gold case has as a 0 bar, as if scored and wholly missed, where the table read
    n/a. The set's one slip is found, so laterality's precision and recall are 1; no other type has a gold case or a finding."""
    figures = _drawn_charts(monkeypatch)
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(tmp_path / "run"), "--no-rag"])
    assert result.exit_code == 0, result.output
    (axes,) = figures[0].axes
    assert sorted(bar.get_width() for bar in axes.patches) == [1.0, 1.0]  # laterality's two bars, no other
    labels = [text for text in axes.texts if text.get_text() == "n/a"]
    assert sorted(text.get_text() for text in axes.texts if text not in labels) == ["1.000", "1.000"]  # each bar's value
    assert len(labels) == 2 * 7, [text.get_text() for text in axes.texts]
    assert all(text.get_position()[1] > 0.5 for text in labels)  # none on laterality's row, the first


def test_compare_page_chart_labels_a_share_of_nothing_rather_than_drawing_a_0_bar(tmp_path, monkeypatch):
    """`radqc compare --html` drew a type no gold case has as an F1 bar of 0 where its table read n/a."""
    figures = _drawn_charts(monkeypatch)
    runs = []
    for name in ("before", "after"):
        folder = tmp_path / name
        folder.mkdir()
        per_type = {"laterality": {"f1": 0.5, "support": 2}, "omission": {"f1": 0.0, "support": 0}}
        (folder / "metrics.json").write_text(json.dumps({"ct_report": {"macro_f1": 0.5, "per_type": per_type}, "cxr": None}))
        runs.append(str(folder))
    result = runner.invoke(app, ["compare", *runs, "--html", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    (axes,) = figures[0].axes
    assert sorted(bar.get_width() for bar in axes.patches) == [0.5, 0.5]
    assert sorted(text.get_text() for text in axes.texts) == ["0.500", "0.500", "n/a", "n/a"]


def test_eval_of_unlabelled_cases_points_to_no_score_meanings(tmp_path):
    """A run of `radqc data index`'s cases printed no score, then "what each score is a share of", as if a
    table had gone missing."""
    folder = tmp_path / "today"
    folder.mkdir()
    (folder / "manifest.jsonl").write_text(json.dumps({"case_id": "a", "modality": "ct_report", "report": SLIP}) + "\n",
                                           encoding="utf-8")
    result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / "run"), "--no-rag"])
    assert result.exit_code == 0 and "no score covers" in one_line(result.output), result.output
    assert "what each score is a share of" not in result.output


@pytest.mark.parametrize("html", [True, False])
def test_eval_points_to_what_its_scores_mean_and_its_help_says(tmp_path, html):
    """Only report.html said what the headline numbers are shares of; the terminal did not say where to look."""
    options = [] if html else ["--no-html"]
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(tmp_path / "run"), "--no-rag", *options])
    assert result.exit_code == 0, result.output
    pointer = "what each score is a share of: `radqc eval --help`" + (" or report.html" if html else "")
    assert [line for line in result.output.splitlines() if line.startswith("what each score")] == [pointer]
    shown = one_line(runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "100"}).output)
    for meaning in ("macro F1 is the mean of the per-type F1 over the types some gold case has",
                    "micro F1 the F1 of every type's counts pooled", "Instance level (the CT report task) matches each gold error",
                    "False alarm rate: the share of clean cases (no gold error) with any finding",
                    "Additional discovery rate: findings outside the gold labels that a reviewer confirmed"):
        assert meaning in shown, meaning


@pytest.mark.parametrize("width, instance, widest", [(64, True, 64), (50, False, 50), (30, False, 44)])
def test_eval_tables_narrower_than_80_columns_give_up_names_then_columns_never_numbers(tmp_path, width, instance, widest):
    """Below 80 columns Rich narrowed every column alike: scores read "0…", headers split over two lines
    and, at 45, the numbers were gone. Names are cut first (to 12 characters), then the instance columns
    go; narrower still, the table keeps its smallest readable width and the terminal wraps it."""
    result = runner.invoke(app, ["eval", str(labelled_set(tmp_path)), "--out", str(tmp_path / "run"), "--no-rag", "--no-html"],
                           env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line[:1] in "┏┃┡│└" and line.count(line[0] if line[0] in "┃│" else "━") > 4]
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert len(rows) == 8 and {len(row) for row in rows} == {7 if instance else 5}, result.output
    assert all(re.fullmatch(r"\d+|\d\.\d{3}|n/a", number) for row in rows for number in row[1:]), result.output
    assert {"laterality", "omission", "sex_mismatch"} <= {row[0] for row in rows}
    assert max(len(line) for line in lines) == widest, result.output
    assert ("inst. R, inst. P: instance recall" in result.output) == instance


def test_a_reviewing_runs_summary_counts_the_cases_that_paused_as_audited(tmp_path):
    """The summary said "1 audited" when 3 were audited and 2 of them paused for review; a re-run that
    audits nothing claimed "0.00 cases/s"."""
    dataset, out = labelled_set(tmp_path, n_slips=2), tmp_path / "run"
    first = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--profile", "offline-review", "--no-rag"])
    assert first.exit_code == 0, first.output
    assert "3 audited (2 of them wait for review), 0 resumed from an earlier run, " in first.output
    again = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--profile", "offline-review", "--no-rag"])
    assert again.exit_code == 0, again.output
    assert "0 audited, 3 resumed from an earlier run; wrote" in again.output and "cases/s" not in again.output
    assert "2 cases wait for review" in " ".join(again.output.split())


def test_report_html_of_a_rescore_shows_no_pace_and_gives_the_case_counts(tmp_path):
    """A re-score's report.html said "cases_per_second: 0.000", and it lacked the clean and gold counts
    the terminal shows."""
    dataset, out = labelled_set(tmp_path), tmp_path / "run"
    for _ in range(2):  # the second run audits nothing: it re-scores the first run's answers
        result = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"])
        assert result.exit_code == 0, result.output
    assert json.loads((out / "metrics.json").read_text())["run"]["cases_per_second"] == 0.0  # the spec's field stays a number
    page = (out / "report.html").read_text()
    assert "cases_per_second" not in page
    assert "2 scored cases (1 clean, 0 failed), 1 gold error</p>" in page  # "1 gold errors" was printed
    assert "2 scored cases (1 clean, 0 failed), 1 gold error\n" in result.output


def test_report_html_words_the_run_flags_as_compare_does(tmp_path):
    """report.html's run settings read "rag True" (Python's word) where `radqc compare` says yes or no."""
    dataset, out = labelled_set(tmp_path), tmp_path / "run"
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-rag"])
    assert result.exit_code == 0, result.output
    assert "<tr><td>rag</td><td>no</td></tr>" in (out / "report.html").read_text()


PLUGIN_ORIGIN = "plugin:our-hospital-radiology-protocols"  # longer than the 16 characters `kb list` gave origins


@pytest.fixture
def kb_with_a_plugin_document(tmp_path, monkeypatch):
    """A knowledge base holding the shipped guidelines and one document of a plug-in with a long name,
    installed (else `kb list` and `kb stats` add a note that it is not)."""
    from radqc.knowledge import open_knowledge_base
    from radqc.knowledge.documents import KnowledgeDocument

    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    installed = {PLUGIN_ORIGIN.removeprefix("plugin:"): None}
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: installed)
    document = KnowledgeDocument(id="hospital-laterality", text="Check both sides.", modality="ct_report",
                                 title="Hospital laterality", origin=PLUGIN_ORIGIN)
    assert not open_knowledge_base().sync_origin(PLUGIN_ORIGIN, [document]).refused


def test_kb_list_lines_up_its_columns_whatever_the_origins_length(kb_with_a_plugin_document):
    """`kb list` padded origins to 16 characters, so a plug-in's longer name pushed its row out of line."""
    listed = runner.invoke(app, ["kb", "list"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(runner.invoke(app, ["kb", "list", "--json"]).output)
    lines = {line.split()[0]: line for line in listed.output.splitlines()}  # by the id each begins with
    assert PLUGIN_ORIGIN in lines["hospital-laterality"] and "ct-laterality-en" in lines
    assert len({lines[row["doc_id"]].index(row["title"]) for row in rows}) == 1  # every title in one column


def test_kb_stats_reads_as_words_not_python_dicts(kb_with_a_plugin_document):
    stats = runner.invoke(app, ["kb", "stats"])
    assert stats.exit_code == 0, stats.output
    assert "{" not in stats.output and "'" not in stats.output
    assert f"{PLUGIN_ORIGIN} 1" in next(line for line in stats.output.splitlines() if line.startswith("chunks by origin: "))


def test_kb_add_notes_a_radiograph_guideline_no_audit_would_retrieve(tmp_path, monkeypatch):
    """A cxr guideline without error_types is never retrieved for a film (a film's guidelines are those
    on the faults its measurements put first), and it was accepted without a word."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    untyped = tmp_path / "positioning.md"
    untyped.write_text("# Positioning\nThe scapulae should be rotated clear of the lung fields.\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "add", str(untyped), "-m", "cxr"])
    assert result.exit_code == 0, result.output
    assert "has no error_types" in one_line(result.stderr) and "--error-type" in one_line(result.stderr)
    result = runner.invoke(app, ["kb", "add", str(untyped), "-m", "cxr", "-e", "scapula_overlap"])
    assert result.exit_code == 0 and "note:" not in result.stderr, result.output


def test_kb_add_refuses_a_file_whose_text_is_stored_under_another_name(tmp_path, monkeypatch):
    """The same guidance saved under another file name was stored as a second document, and then took two of
    the guideline slots an audit retrieves; re-adding the file itself, or a translation, is no copy."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    text = "# Sides\nEvery left or right in the impression must match the side in the findings.\n"
    original, copy, respaced = tmp_path / "sides.md", tmp_path / "sides-copy.md", tmp_path / "sides-crlf.md"
    original.write_text(text, encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    respaced.write_bytes(text.replace("\n", "  \r\n").encode("utf-8"))
    added = runner.invoke(app, ["kb", "add", str(original), "-m", "ct_report"])
    assert added.exit_code == 0, added.output
    [stored_id] = [line.split("\t")[0] for line in added.stdout.splitlines() if "\t" in line]
    for duplicate in (copy, respaced):
        refused = runner.invoke(app, ["kb", "add", str(duplicate), "-m", "ct_report"])
        said = one_line(refused.stderr)
        assert refused.exit_code == 1 and f"its text is that of {stored_id}, from {original}" in said, refused.output
        assert f"radqc kb remove {stored_id}" in said
    listed = runner.invoke(app, ["kb", "list", "--json"])
    assert [row["doc_id"] for row in json.loads(listed.stdout) if row["origin"] == "user"] == [stored_id]
    # Two new copies given at once: the first is added, the second refused naming it.
    first, second = tmp_path / "sizes.md", tmp_path / "sizes-2.md"
    for path in (first, second):
        path.write_text("# Sizes\nA size in the impression must be one the findings give.\n", encoding="utf-8")
    both = runner.invoke(app, ["kb", "add", str(first), str(second), "-m", "ct_report"])
    [first_id] = [line.split("\t")[0] for line in both.stdout.splitlines() if "\t" in line]
    assert both.exit_code == 1 and first_id.startswith("sizes-") and f"its text is that of {first_id}, from {first}" in one_line(both.stderr)
    again = runner.invoke(app, ["kb", "add", str(original), "-m", "ct_report", "-e", "laterality"])
    assert again.exit_code == 0, again.output
    # A shipped guideline's text: retrieval has it already.
    from radqc.knowledge.sources import shipped_documents

    shipped = shipped_documents()[0]
    (tmp_path / "guideline.md").write_text(shipped.text, encoding="utf-8")
    refused = runner.invoke(app, ["kb", "add", str(tmp_path / "guideline.md"), "-m", shipped.modality])
    assert refused.exit_code == 1 and f"its text is that of {shipped.id}, one of the shipped guidelines" in one_line(refused.stderr)


def test_kb_add_notes_a_translation_of_a_document_not_in_the_knowledge_base(tmp_path, monkeypatch):
    """A translation_of naming no document (a typo, say) pairs with nothing, and was accepted without a
    word. A note, not a refusal: the original may be added later, and pairs then."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    english, chinese = tmp_path / "sides.md", tmp_path / "sides-zh.md"
    english.write_text("---\nid: local-sides\nmodality: ct_report\n---\nCompare both sides.\n", encoding="utf-8")
    chinese.write_text("---\nid: local-sides-zh\nmodality: ct_report\nlanguage: zh\ntranslation_of: local-side\n---\n比较双侧。\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["kb", "add", str(english), str(chinese)])
    assert result.exit_code == 0, result.output
    assert "local-sides-zh is a translation_of 'local-side', which is not in the knowledge base" in one_line(result.stderr)
    chinese.write_text(chinese.read_text(encoding="utf-8").replace("local-side\n", "local-sides\n"), encoding="utf-8")
    result = runner.invoke(app, ["kb", "add", str(chinese)])
    assert result.exit_code == 0 and "note:" not in result.stderr, result.output


def test_kb_search_refuses_a_blank_query(tmp_path, monkeypatch):
    """An empty query listed four guidelines with scores, in no useful order."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    result = runner.invoke(app, ["kb", "search", "  "])
    assert result.exit_code == 2 and "give a question or report text to search for" in one_line(result.output)


def test_kb_search_shows_each_guidelines_citation(tmp_path, monkeypatch):
    """`kb add --source` is "Citation shown with results", but only --json showed it: a guideline owner could
    not see which policy a result came from."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    guideline = tmp_path / "contrast-rule.md"
    guideline.write_text("# Contrast rule\nA plain CT report must not describe an enhancing lesion.\n", encoding="utf-8")
    added = runner.invoke(app, ["kb", "add", str(guideline), "-m", "ct_report", "--source", "Dept. policy 2026"])
    assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["kb", "search", "plain CT report describes an enhancing lesion", "-m", "ct_report", "-k", "1"])
    assert result.exit_code == 0 and "source: Dept. policy 2026" in result.stdout, result.stdout


def test_kb_search_without_a_modality_searches_both_and_names_each_results(tmp_path, monkeypatch):
    """--modality defaulted silently to ct_report: a radiograph question ("shoulder blades over the lungs") was
    answered from the CT guidelines alone."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    result = runner.invoke(app, ["kb", "search", "shoulder blades over the lungs", "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found[0]["id"] == "cxr-scapula-overlap" and found[0]["modality"] == "cxr", found
    table = runner.invoke(app, ["kb", "search", "shoulder blades over the lungs", "-k", "1"])
    assert table.exit_code == 0 and "1. cxr-scapula-overlap  (cxr, score" in table.stdout, table.stdout


@pytest.mark.parametrize("option, env", [(["-m", "ct_report"], {}), ([], {"RADQC_KB_MODALITY": "ct_report"})])
def test_kb_search_with_a_modality_searches_only_its_guidelines(tmp_path, monkeypatch, option, env):
    """The clean guard: --modality, or its variable, still keeps a search to that modality's guidelines."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    result = runner.invoke(app, ["kb", "search", "shoulder blades over the lungs", "-k", "4", "--json", *option], env=env)
    assert result.exit_code == 0, result.output
    assert {row["modality"] for row in json.loads(result.stdout)} == {"ct_report"}, result.stdout


def test_kb_search_shows_it_is_working_on_a_terminal(tmp_path, monkeypatch):
    """A search waited about 12 s for the embedding model with nothing on the screen, as if hung."""
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    result = runner.invoke(app, ["kb", "search", "shoulder blades over the lungs", "-m", "cxr", "--json"],
                           env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0 and "searching" in result.stderr, result.stderr
    assert json.loads(result.stdout)  # the spinner is on stderr: stdout is the document alone


def test_audit_says_which_options_the_files_kind_leaves_unused(tmp_path, samples_dir, monkeypatch):
    """A --view given to a report (perhaps from RADQC_VIEW) or an --exam given to a film was dropped without
    a word, as if it had been taken into account."""
    path = report(tmp_path, "No acute abnormality.")
    monkeypatch.setenv("RADQC_VIEW", "AP")
    result = runner.invoke(app, ["audit", str(path), "--exam", "CT chest", "--no-rag"])
    assert result.exit_code == 0 and "note: report.txt is a CT report, so --view is not used" in one_line(result.stderr)
    monkeypatch.delenv("RADQC_VIEW")
    assert "note:" not in runner.invoke(app, ["audit", str(path), "--exam", "CT chest", "--no-rag"]).stderr
    film = samples_dir / "images" / "00000001_000.png"
    result = runner.invoke(app, ["audit", str(film), "--exam", "CT chest", "--language", "zh", "--no-rag"])
    assert result.exit_code == 0 and "so --language and --exam are not used" in one_line(result.stderr)


def test_audit_shows_it_is_working_on_a_terminal_and_nothing_elsewhere(tmp_path):
    """A CT report's audit waited about 12 s for the embedding model with nothing on the screen, as if hung."""
    path = report(tmp_path, "Left upper lobe nodule.", name="[x].txt")
    on_terminal = runner.invoke(app, ["audit", str(path), "--no-rag", "--json"], env={"TTY_COMPATIBLE": "1"})
    assert on_terminal.exit_code == 0 and "auditing [x].txt" in on_terminal.stderr, on_terminal.stderr
    assert json.loads(on_terminal.stdout)["findings"]  # the spinner is on stderr: stdout is the document alone
    in_a_log = runner.invoke(app, ["audit", str(path), "--no-rag"])
    assert in_a_log.exit_code == 0 and in_a_log.stderr == "", in_a_log.stderr


def test_compare_heads_a_metrics_file_with_its_run_folders_name(tmp_path):
    rag, norag = write_metrics(tmp_path / "rag", 0.5), write_metrics(tmp_path / "norag", 0.25)
    result = runner.invoke(app, ["compare", str(rag), str(norag / "metrics.json")])
    assert result.exit_code == 0, result.output
    assert re.search(r"rag +┃ +norag +┃ +change", result.output), result.output


def missed_films(samples_dir, tmp_path):
    """Two sample films labelled with a rotation and an under-exposure radqc does not find: recall 0,
    precision of no finding."""
    dataset = tmp_path / "films"
    (dataset / "images").mkdir(parents=True)
    lines = []
    for name, fault in ((IMAGE, "rotation"), ("00000013_003.png", "underexposure")):
        (dataset / "images" / name).write_bytes((samples_dir / "images" / name).read_bytes())
        lines.append(json.dumps({"case_id": name, "modality": "cxr", "image_path": f"images/{name}", "view": "PA",
                                 "labels": [{"error_type": fault}]}))
    (dataset / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return dataset


def test_eval_marks_the_radiograph_criteria_the_offline_rules_never_decide(samples_dir, tmp_path):
    """Inspiration, rotation and scapulae read "P n/a, R 0.000" beside the others, and the Macro-F1 counted
    them, unlike README's "8 simulable" figure: the table, report.html and the figure left out now say so."""
    result = runner.invoke(app, ["eval", str(missed_films(samples_dir, tmp_path)), "--out", str(tmp_path / "run"), "--no-rag"])
    assert result.exit_code == 0, result.output
    marked = {line.split()[2] for line in result.output.splitlines() if line.startswith("│ * ")}
    assert marked == {"inadequate_inspiration", "rotation", "scapula_overlap"}, result.output
    assert "│ macro f1 decided" in result.output and "macro F1 decided leaves it out" in " ".join(result.output.split())
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["cxr"]["undecided"] == ["inadequate_inspiration", "rotation", "scapula_overlap"]
    assert metrics["cxr"]["macro_f1"] == 0.0  # the spec's figure is kept: both types scored, neither found
    page = (tmp_path / "run" / "report.html").read_text()
    assert "<td>* rotation</td>" in page and "<td>underexposure</td>" in page and "<td>macro_f1_decided</td>" in page


def test_a_turned_film_says_in_words_how_its_display_matches_and_what_to_do(samples_dir, tmp_path):
    """The evidence read "layout matches a chest template best after 'rotated_270' (margin -0.39; ...)": a
    variable's name, quoted, and no word of what to do."""
    from PIL import Image

    film = tmp_path / "turned.png"
    Image.open(samples_dir / "images" / IMAGE).rotate(90, expand=True).save(film)
    result = runner.invoke(app, ["audit", str(film), "--no-rag", "--json"])
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["error_type"] == "orientation_photometric")
    assert finding["evidence"].startswith("the image matches a correctly displayed chest best once rotated 270 degrees anticlockwise")
    assert "rotated_270" not in finding["evidence"] and "What to do: correct the display" in finding["explanation"]


def test_report_html_chart_labels_a_recall_of_0_beside_a_precision_of_none(samples_dir, tmp_path, monkeypatch):
    """A type with gold cases and no finding showed only "n/a" (its precision's), its recall's bar of 0 being
    invisible: the recall read as n/a too."""
    figures = _drawn_charts(monkeypatch)
    result = runner.invoke(app, ["eval", str(missed_films(samples_dir, tmp_path)), "--out", str(tmp_path / "run"), "--no-rag"])
    assert result.exit_code == 0, result.output
    (axes,) = figures[0].axes
    rows = [label.get_text() for label in axes.get_yticklabels()]
    found = {(rows[round(text.get_position()[1])], text.get_text()) for text in axes.texts}
    for name in ("* rotation (n=1)", "underexposure (n=1)"):
        assert {(name, "n/a"), (name, "0.000")} <= found, found


@pytest.mark.parametrize("command", [["audit", "README.md"], ["eval", "data/samples", "--out", "unused"]])
def test_an_unknown_profile_is_blamed_on_where_its_name_came_from(repo_root: Path, command: list[str], monkeypatch):
    """A RADQC_PROFILE left in a shell's start-up file was reported as "Invalid value for --profile", an option
    the user had not typed: they looked for it on their command line."""
    monkeypatch.chdir(repo_root)
    from_environment = runner.invoke(app, command, env={"RADQC_PROFILE": "nosuch"})
    said = " ".join(from_environment.stderr.replace("│", " ").split())
    assert from_environment.exit_code == 2, from_environment.output
    assert ("Invalid value for the environment variable RADQC_PROFILE (unset it, or give --profile): unknown profile "
            "'nosuch'") in said, said
    from_option = runner.invoke(app, [*command, "--profile", "nosuch"], env={"RADQC_PROFILE": "offline"})
    said = " ".join(from_option.stderr.replace("│", " ").split())
    assert from_option.exit_code == 2 and "Invalid value for --profile: unknown profile 'nosuch'" in said, said


@pytest.mark.parametrize("args", [
    ["--help"],                                  # Rich's help, of the group
    ["eval", "--help"],                          # ... and of a command
    ["audit", "{report}", "--no-rag"],           # a findings table (Rich)
    ["audit", "{report}", "--no-rag", "--json"],  # JSON (typer.echo)
])
def test_output_into_a_pipe_its_reader_closed_ends_quietly_with_the_status_for_it(tmp_path, args):
    """`radqc audit x | head` exited 1, a failed case's status (typer's and Rich's answer to a closed pipe), where
    `git log | head` ends quietly with the shell's status for it, 141 (128 + SIGPIPE)."""
    import os
    import subprocess
    import sys

    from radqc.cli.entry import CLOSED_PIPE

    script = str(Path(sys.executable).with_name("radqc"))
    command = [script, *(arg.format(report=report(tmp_path, "normal.")) for arg in args)]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before radqc writes a byte: as `| head` is once it has its lines
    try:
        run = subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=600)
    finally:
        os.close(write_end)
    assert (run.returncode, run.stderr) == (CLOSED_PIPE, ""), run.stderr


def test_data_index_help_says_why_it_takes_no_sex():
    """A QC lead looked for `radqc data index --sex`, as `radqc audit` has: one sex for a folder of patients of both sexes
    would make every other patient's anatomy a sex mismatch, so the help says so, and where a report's sex goes instead."""
    shown = " ".join(runner.invoke(app, ["data", "index", "--help"]).output.split())
    assert "There is no --sex: a folder holds patients of both sexes" in shown, shown
    assert '"patient": {"sex": "F"}' in shown and "radqc audit REPORT --sex F" in shown, shown


def test_data_index_refuses_sex_saying_where_a_reports_sex_goes(tmp_path, monkeypatch):
    """`radqc data index --sex F` got click's bare "No such option: --sex (Possible options: --exam)": the refusal now
    says why there is none and what to do instead; a RADQC_SEX set for `radqc audit` does not stop an index."""
    (tmp_path / "r1.txt").write_text(FINDINGS + "IMPRESSION: Right upper lobe nodule.\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "index", str(tmp_path), "--sex", "F"])
    shown = one_line(result.output)
    assert result.exit_code == 2 and "No such option" not in shown and "Possible options" not in shown, shown
    assert "has no such option: a folder holds patients of both sexes" in shown, shown
    assert '"patient": {"sex": "F"}' in shown and "radqc audit REPORT --sex F" in shown, shown
    assert not (tmp_path / "manifest.jsonl").exists()
    monkeypatch.setenv("RADQC_SEX", "F")
    assert runner.invoke(app, ["data", "index", str(tmp_path)]).exit_code == 0


def test_a_report_in_traditional_characters_is_quoted_as_written_in_its_explanations(tmp_path):
    """The rules read a Hong Kong or Taiwan report in simplified characters, and the explanation quoted that reading
    ("右肾见一结石") beside evidence as written ("左腎結石"): words the report never held."""
    path = tmp_path / "報告.txt"
    path.write_text("檢查所見：右腎見一結石，直徑約6mm，左腎未見異常。\n診斷意見：左腎結石。\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--no-rag", "--json"])
    assert result.exit_code == 0, result.output
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["error_type"] == "laterality")
    assert finding["evidence"] == "左腎結石"
    assert "右腎見一結石" in finding["explanation"] and "肾" not in finding["explanation"], finding["explanation"]


def test_a_film_cropped_on_its_left_has_its_cut_drawn_on_the_left(samples_dir, tmp_path):
    """The lung mask of a film cut at a side edge stops short of the cut and touched the other side (the shoulder):
    a film cropped on its left was called cut off with its region, in `--overlay` too, drawn along the right edge."""
    from PIL import Image

    film = Image.open(samples_dir / "images" / IMAGE)
    cropped = tmp_path / "cropped.png"
    film.crop((int(0.3 * film.width), 0, film.width, film.height)).save(cropped)
    result = runner.invoke(app, ["audit", str(cropped), "--no-rag", "--json", "--overlay", str(tmp_path / "drawn.png")])
    assert result.exit_code == 0, result.output
    cut = next(f for f in json.loads(result.stdout)["findings"] if f["error_type"] == "lung_field_cutoff")
    assert cut["region"][0] == 0 and cut["region"][2] < 0.1 * film.width, cut["region"]
    assert "cut off at the left edge" in cut["explanation"], cut["explanation"]
    assert (tmp_path / "drawn.png").exists()


@pytest.mark.parametrize("command, option, variable, value", [
    (["audit", "README.md"], "--sex", "RADQC_SEX", "X"),                            # refused by the option's own check
    (["audit", "README.md"], "--view", "RADQC_VIEW", "XX"),
    (["eval", "data/samples", "--out", "unused"], "--workers", "RADQC_WORKERS", "abc"),  # refused as no number
    (["audit", "README.md"], "--overlay", "RADQC_OVERLAY", "unused.png"),          # refused inside the command
])
def test_a_refused_value_is_blamed_on_where_it_came_from(repo_root: Path, command, option, variable, value, monkeypatch):
    """click wrote "Invalid value for '--sex' (env var: 'RADQC_SEX')" for a value typed on the command line, as if the
    variable had held it, and radqc's own refusals blamed --overlay for a value RADQC_OVERLAY held."""
    monkeypatch.chdir(repo_root)
    typed = runner.invoke(app, [*command, option, value])
    said = " ".join(typed.stderr.replace("│", " ").split())
    assert typed.exit_code == 2 and f"Invalid value for {option}" in said and variable not in said, said
    from_variable = runner.invoke(app, command, env={variable: value})
    said = " ".join(from_variable.stderr.replace("│", " ").split())
    assert from_variable.exit_code == 2, said
    assert f"Invalid value for the environment variable {variable} (unset it, or give {option}): " in said, said


@pytest.mark.parametrize("count", ["99999999999999999999999", "50001"])
def test_a_bootstrap_count_beyond_what_memory_holds_is_refused_in_words(tmp_path, count):
    """`radqc compare --bootstrap` with a huge count ended in numpy's "Maximum allowed dimension exceeded" traceback."""
    result = runner.invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--bootstrap", count])
    said = " ".join(result.stderr.replace("│", " ").split())
    assert result.exit_code == 2 and f"Invalid value for --bootstrap: '{count}': give a whole number from 0 to 50000" in said, said


def test_the_largest_bootstrap_count_is_taken(tmp_path):
    """The clean guard: the ceiling itself passes the option, and the command goes on to its runs."""
    result = runner.invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--bootstrap", "50000"])
    assert result.exit_code == 2 and "Invalid value for RUNS: run folder not found" in one_line(result.output), result.output


def test_a_required_option_given_neither_way_names_both(repo_root: Path, monkeypatch):
    """Neither typed nor set: the refusal names the option and its variable as two ways to give it, in radqc's
    words, where click's "(env var: 'RADQC_OUT')" read as the source of a value."""
    monkeypatch.chdir(repo_root)
    result = runner.invoke(app, ["eval", "data/samples"])
    said = " ".join(result.stderr.replace("│", " ").split())
    assert result.exit_code == 2 and "Missing option --out / -o (or the environment variable RADQC_OUT)." in said, said
