"""`radqc eval` into a run folder that already holds something: a changed dataset, another dataset, a
second run at the same time, a damaged file, a path that is no folder. Through the real command, on
tiny datasets written here."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from radqc.cli.main import app

pytestmark = pytest.mark.e2e
runner = CliRunner()

WRONG_SIDE = "FINDINGS: 14 mm nodule in the right upper lobe.\nIMPRESSION: 14 mm nodule in the left upper lobe."
RIGHT_SIDE = "FINDINGS: 14 mm nodule in the right upper lobe.\nIMPRESSION: 14 mm nodule in the right upper lobe."


def ct_case(case_id: str, report: str = RIGHT_SIDE) -> dict:
    return {"case_id": case_id, "modality": "ct_report", "report": report, "labels": []}


def write_manifest(folder: Path, *lines) -> Path:
    """A dataset whose manifest holds LINES (dicts become JSON, strings are written as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join((json.dumps(line) if isinstance(line, dict) else line) + "\n" for line in lines)
    (folder / "manifest.jsonl").write_text(text, encoding="utf-8")
    return folder


def evaluate(dataset: Path, out: Path, *options: str):
    """`radqc eval` on a terminal wide enough for its messages to stay on one line."""
    return runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-html", *options], env={"COLUMNS": "400"})


def predictions(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]


def metrics(out: Path) -> dict:
    return json.loads((out / "metrics.json").read_text(encoding="utf-8"))


def test_a_case_whose_report_changed_is_audited_again_and_an_unchanged_one_is_resumed(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("c1", WRONG_SIDE), ct_case("c2"))
    assert evaluate(dataset, out).exit_code == 0
    assert [f["error_type"] for f in predictions(out)[0]["findings"]] == ["laterality"]

    write_manifest(dataset, ct_case("c1", RIGHT_SIDE), ct_case("c2"))  # the user fixes the report
    again = evaluate(dataset, out)
    assert again.exit_code == 0, again.output
    assert "1 audited, 1 resumed" in again.output
    assert [(p["case_id"], p["findings"]) for p in predictions(out)] == [("c1", []), ("c2", [])]
    assert metrics(out)["ct_report"]["false_alarm_rate"] == 0.0  # as a fresh run says


def test_a_radiograph_replaced_under_the_same_name_is_audited_again(samples_dir, tmp_path):
    out, film = tmp_path / "run", tmp_path / "data" / "images" / "film.png"
    dataset = write_manifest(tmp_path / "data", {"case_id": "f", "modality": "cxr", "image_path": "images/film.png"})
    film.parent.mkdir()
    shutil.copyfile(samples_dir / "images" / "00000001_000.png", film)
    assert evaluate(dataset, out).exit_code == 0
    shutil.copyfile(samples_dir / "images" / "00000013_003.png", film)
    again = evaluate(dataset, out)
    assert again.exit_code == 0 and "1 audited, 0 resumed" in again.output


def test_cases_that_left_the_manifest_are_neither_kept_nor_scored(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"), ct_case("b", WRONG_SIDE), ct_case("c"))
    assert evaluate(dataset, out).exit_code == 0
    write_manifest(dataset, ct_case("a"), ct_case("c"))
    again = evaluate(dataset, out)
    assert again.exit_code == 0 and "0 audited, 2 resumed" in again.output
    assert [p["case_id"] for p in predictions(out)] == ["a", "c"]
    assert metrics(out)["ct_report"]["n_cases"] == 2 and metrics(out)["ct_report"]["false_alarm_rate"] == 0.0


def test_another_dataset_is_refused_and_the_first_run_kept(tmp_path):
    out = tmp_path / "run"
    assert evaluate(write_manifest(tmp_path / "one", ct_case("a")), out).exit_code == 0
    before = (out / "predictions.jsonl").read_text(encoding="utf-8")
    other = evaluate(write_manifest(tmp_path / "two", ct_case("z")), out)
    assert other.exit_code == 2 and "holds a run over the dataset" in other.output
    assert (out / "predictions.jsonl").read_text(encoding="utf-8") == before



def test_a_folder_from_before_fingerprints_keeps_its_answers(tmp_path):
    """Run folders written before radqc stored fingerprints resume as they did then."""
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"), ct_case("b", WRONG_SIDE))
    assert evaluate(dataset, out).exit_code == 0
    (out / "case_inputs.json").unlink()
    again = evaluate(dataset, out)
    assert again.exit_code == 0 and "0 audited, 2 resumed" in again.output
    assert [line["case_id"] for line in predictions(out)] == ["a", "b"]


def test_predictions_follow_the_manifest_file_that_was_loaded(tmp_path):
    """A manifest given by its file name is the order, not a manifest.jsonl lying beside it."""
    folder = write_manifest(tmp_path / "data", ct_case("c"), ct_case("b"), ct_case("a"))
    other = folder / "other.jsonl"
    other.write_text("".join(json.dumps(ct_case(case_id)) + "\n" for case_id in "abc"), encoding="utf-8")
    assert evaluate(other, tmp_path / "run", "--workers", "2").exit_code == 0
    assert [line["case_id"] for line in predictions(tmp_path / "run")] == ["a", "b", "c"]


def test_a_folder_of_another_runs_settings_names_what_differs(tmp_path):
    """"holds a run of profile 'offline' with other settings" left a researcher who gave the RAG run's --out to the
    --no-rag run to guess which setting; another profile is named as such."""
    dataset, out = write_manifest(tmp_path / "data", ct_case("a")), tmp_path / "run"
    assert evaluate(dataset, out).exit_code == 0
    refused = evaluate(dataset, out, "--no-rag")
    said = " ".join(refused.output.replace("│", " ").split())
    assert refused.exit_code == 2, refused.output
    assert "holds a run of profile 'offline', with other settings (retrieval.enabled was True, now False); use a new --out" in said
    other = evaluate(dataset, out, "-p", "offline-union")
    said = " ".join(other.output.replace("│", " ").split())
    assert other.exit_code == 2 and "holds a run of profile 'offline', not of 'offline-union'; use a new --out" in said, said
    assert evaluate(dataset, out).exit_code == 0  # the clean guard: the run's own settings resume it


def workers_given(tmp_path: Path, monkeypatch, *options: str, env: dict | None = None):
    """`radqc eval` of a two-case dataset with OPTIONS and ENV on a machine of 2 cores: the result, and the
    workers the run was given."""
    from radqc.eval import runner as eval_runner

    monkeypatch.setattr("radqc.settings.usable_cores", lambda: 2)
    given = []
    run_dataset = eval_runner.run_dataset
    monkeypatch.setattr(eval_runner, "run_dataset", lambda *args, **kwargs: given.append(kwargs["workers"]) or run_dataset(*args, **kwargs))
    dataset = write_manifest(tmp_path / "data", ct_case("a"), ct_case("b"))
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(tmp_path / "run"), "--no-html", *options],
                           env={"COLUMNS": "400", **(env or {})})
    return result, given


@pytest.mark.parametrize("options, env, named", [
    (["--workers", "100000"], {}, "--workers 100000"), ([], {"RADQC_WORKERS": "100000"}, "RADQC_WORKERS=100000"),
])
def test_more_workers_than_the_machine_bears_are_lowered_with_a_note(tmp_path, monkeypatch, options, env, named):
    """`--workers 100000` was taken as given: every case (and every film of the site baseline) at once."""
    result, given = workers_given(tmp_path, monkeypatch, *options, env=env)
    assert result.exit_code == 0 and given == [16], result.output
    assert (f"note: {named} lowered to 16 cases at a time, 8 per core of the 2 cores radqc may use: "
            "more would only wait, each holding its case in memory\n") in result.stderr


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs a CPU affinity mask of 2 or more cores to narrow")
def test_workers_are_bounded_by_the_cores_the_process_may_run_on_not_the_machines(tmp_path):
    """In a container or under `taskset` limited to some of a host's cores, `os.cpu_count()` counted the host's,
    so the bound (and the default) grew with the host. Pinned here to one core of several, the bound is 8."""
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    one_core = min(os.sched_getaffinity(0))
    result = subprocess.run([sys.executable, "-c", "from radqc.cli.main import main; main()", "eval", str(dataset),
                             "--out", str(tmp_path / "run"), "--no-html", "--workers", "100000"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "400"}, preexec_fn=lambda: os.sched_setaffinity(0, {one_core}))
    assert result.returncode == 0, result.stderr
    assert "note: --workers 100000 lowered to 8 cases at a time, 8 per core of the 1 core radqc may use" in result.stderr


def cgroup(root: Path, files: dict[str, str]) -> Path:
    """A cgroup folder as a container sees it at /sys/fs/cgroup, holding FILES (path: text)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
    return root


@pytest.mark.parametrize("files, cores", [
    ({"cpu.max": "150000 100000"}, 2),  # `docker --cpus 1.5` on cgroup v2: rounded up
    ({"cpu.max": "50000 100000"}, 1),  # half a core is still one worker
    ({"cpu/cpu.cfs_quota_us": "300000", "cpu/cpu.cfs_period_us": "100000"}, 3),  # cgroup v1
])
def test_a_cpu_quota_bounds_the_cores_radqc_may_use(tmp_path, monkeypatch, files, cores):
    """A container limited by `docker --cpus` or a Kubernetes CPU limit may run on every core of the host (its
    affinity mask is the host's) but gets only its quota's run time: workers sized from the mask only wait."""
    from radqc import settings

    monkeypatch.setattr(settings, "CGROUP_ROOT", cgroup(tmp_path, files))
    assert settings.usable_cores() == min(cores, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores)
    assert settings.cpu_quota_cores() == cores


@pytest.mark.parametrize("files", [
    {"cpu.max": "max 100000"}, {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, {}, {"cpu.max": "garbled"},
])
def test_no_cpu_quota_leaves_the_cores_the_process_may_run_on(tmp_path, monkeypatch, files):
    """The clean guard: "max", a v1 quota of -1, no cgroup files or an unreadable one are no limit."""
    from radqc import settings

    monkeypatch.setattr(settings, "CGROUP_ROOT", cgroup(tmp_path, files))
    assert settings.cpu_quota_cores() is None
    monkeypatch.setattr(settings, "CGROUP_ROOT", tmp_path / "none")
    unlimited = settings.usable_cores()
    monkeypatch.setattr(settings, "CGROUP_ROOT", cgroup(tmp_path, files))
    assert settings.usable_cores() == unlimited


def test_workers_within_the_machines_bound_are_taken_as_given(tmp_path, monkeypatch):
    """The clean guard: 16 on 2 cores is 8 per core, audited as asked, without a note."""
    result, given = workers_given(tmp_path, monkeypatch, "--workers", "16")
    assert result.exit_code == 0 and given == [16] and "note:" not in result.stderr, result.output


def test_a_second_run_into_a_folder_in_use_fails_at_once(tmp_path):
    from radqc.eval.runner import RunFolder

    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    out.mkdir()
    with RunFolder(out).locked():  # as another `radqc eval` holds it while it runs
        second = evaluate(dataset, out)
    assert second.exit_code == 2 and "another radqc process is writing to" in second.output
    assert not (out / "predictions.jsonl").exists()
    assert evaluate(dataset, out).exit_code == 0  # the lock went with its holder


def test_a_rerun_repairs_duplicate_lines_into_one_line_per_case_in_manifest_order(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"), ct_case("b", WRONG_SIDE), ct_case("c"))
    assert evaluate(dataset, out).exit_code == 0
    lines = (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    # What two unlocked runs into one folder left behind: every case twice, interleaved.
    (out / "predictions.jsonl").write_text("\n".join(lines[::-1] + lines) + "\n", encoding="utf-8")
    again = evaluate(dataset, out)
    assert again.exit_code == 0 and "0 audited, 3 resumed" in again.output
    assert [p["case_id"] for p in predictions(out)] == ["a", "b", "c"]
    assert [json.loads(line)["case_id"] for line in (out / "traces.jsonl").read_text().splitlines()] == ["a", "b", "c"]


def test_predictions_keep_manifest_order_with_bad_lines_among_the_cases(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(
        tmp_path / "data",
        ct_case("a"),
        "",
        {"case_id": "bad", "modality": "ct_report", "report_path": "missing.txt", "labels": []},
        ct_case("b"),
        "not json",
        ct_case("c"),
    )
    result = evaluate(dataset, out, "--workers", "1")
    assert result.exit_code == 3, result.output  # finished, incomplete: "bad" failed
    assert [p["case_id"] for p in predictions(out)] == ["a", "bad", "b", "line-5", "c"]


def test_an_out_that_is_a_file_is_a_clear_error(tmp_path):
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    result = evaluate(dataset, tmp_path / "afile")
    assert result.exit_code == 2 and "is a file; --out needs a folder" in result.output
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"


def test_an_empty_out_is_refused_rather_than_writing_into_the_current_directory(tmp_path, monkeypatch):
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["eval", str(dataset), "--out", "", "--no-html"], env={"COLUMNS": "400"})
    assert result.exit_code == 2 and "empty path" in result.output
    assert not (tmp_path / "predictions.jsonl").exists() and not (tmp_path / "run.json").exists()


def test_a_damaged_checkpoint_database_is_a_clear_error_and_left_alone(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    out.mkdir()
    (out / "checkpoints.sqlite").write_bytes(b"not a database at all")
    result = evaluate(dataset, out)
    assert result.exit_code == 2 and "move it aside" in result.output
    assert (out / "checkpoints.sqlite").read_bytes() == b"not a database at all"


def test_a_bad_adjudications_file_is_refused_before_anything_is_audited(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text('{"case_id": "a", "verdict": "maybe"}\n', encoding="utf-8")
    result = evaluate(dataset, out, "--adjudications", str(verdicts))
    assert result.exit_code == 2 and "verdicts.jsonl line 1" in result.output
    assert not (out / "predictions.jsonl").exists()


def test_eval_exits_non_zero_when_every_case_failed(tmp_path):
    dataset = write_manifest(tmp_path / "data", {"case_id": "gone", "modality": "cxr", "image_path": "gone.png", "labels": []}, "{")
    result = evaluate(dataset, tmp_path / "run")
    assert result.exit_code == 1 and "every case failed" in result.output
    assert {p["status"] for p in predictions(tmp_path / "run")} == {"error"}


@pytest.mark.parametrize("lines, status, said", [
    # no line is a case: refused as DATASET, naming the lines (it ran and said "every case failed")
    (["{", {"case_id": "m", "modality": "mri"}], 2, "Invalid value for DATASET: "),
    # a line that is no case beside cases audited: the run finished
    (["{", {"case_id": "m", "modality": "mri"}, ct_case("a")], 0, "2 manifest lines could not be read as cases"),
    # a line that is no case beside cases that all failed
    (["{", {"case_id": "gone", "modality": "cxr", "image_path": "gone.png", "labels": []}], 1, "every case failed"),
])
def test_eval_exit_status_counts_cases_not_lines_that_are_no_case(tmp_path, lines, status, said):
    result = evaluate(write_manifest(tmp_path / "data", *lines), tmp_path / "run", "--no-rag")
    assert result.exit_code == status and said in " ".join(result.output.replace("│", " ").split()), result.output
    assert (status == 2) is not (tmp_path / "run" / "metrics.json").exists()


def test_cases_waiting_for_review_are_pending_not_failed(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", {**ct_case("a", WRONG_SIDE)}, ct_case("b"))
    result = evaluate(dataset, out, "--profile", "offline-review")
    assert result.exit_code == 0, result.output
    scored = metrics(out)["ct_report"]
    assert (scored["n_cases"], scored["n_failed"], scored["n_pending"]) == (2, 0, 1)
    assert scored["false_alarm_rate"] == 0.5  # "a" is clean and was flagged: an alarm until reviewed
    assert "0 failed, 1 pending review" in " ".join(result.output.split())


def test_json_output_stays_json_when_cases_wait_for_review(tmp_path):
    dataset = write_manifest(tmp_path / "data", ct_case("a", WRONG_SIDE), ct_case("b"))
    result = evaluate(dataset, tmp_path / "run", "--profile", "offline-review", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ct_report"]["n_pending"] == 1
    assert "1 case waits for review" in result.stderr
    assert "then re-run this command to score it." in " ".join(result.stderr.split())  # one case, labelled: "it", not "them"


def test_the_review_note_speaks_of_the_cases_it_scores_not_of_all_that_wait(tmp_path):
    """Three cases waiting, one of them labelled: "(1 scored as a miss ...) ... score them" spoke of the three."""
    unlabelled = [{k: v for k, v in ct_case(case_id, WRONG_SIDE).items() if k != "labels"} for case_id in ("a", "b")]
    dataset = write_manifest(tmp_path / "data", *unlabelled, ct_case("c", WRONG_SIDE))
    said = " ".join(evaluate(dataset, tmp_path / "run", "--profile", "offline-review").output.split())
    assert "3 cases wait for review (1 scored as a miss until then" in said, said
    assert "then re-run this command to score it." in said, said


def test_json_output_is_the_json_document_alone(tmp_path):
    """The progress bar, stopped, left a blank line on stdout above the JSON (stdout not a terminal)."""
    out = tmp_path / "run"
    result = evaluate(write_manifest(tmp_path / "data", ct_case("a")), out, "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout == json.dumps(metrics(out), ensure_ascii=False, indent=2) + "\n", repr(result.stdout[:40])


def test_the_progress_bar_shows_a_case_id_as_written(tmp_path):
    """The bar took the case id as Rich markup: a manifest's "[red]a[/b]" (an id refused as invalid,
    still shown as it fails) stopped the run with a MarkupError traceback, and "[red]" restyled the bar."""
    import re

    dataset = write_manifest(tmp_path / "data", ct_case("[red]a[/b]"))
    result = runner.invoke(app, ["eval", str(dataset), "--out", str(tmp_path / "run"), "--no-html"],
                           env={"COLUMNS": "400", "TTY_COMPATIBLE": "1"})  # stderr as a terminal: the bar is shown
    assert result.exit_code == 1 and "every case failed" in result.stderr, result.exception
    assert "[red]a[/b] error" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)


def test_json_output_holds_the_notes_the_summary_prints(tmp_path):
    """With --json the document held the numbers alone: which cases were unlabelled with findings, which
    manifest lines were unread, what waits for review was on the terminal only, or nowhere."""
    out = tmp_path / "run"
    unlabelled = {"case_id": "u", "modality": "ct_report", "report": WRONG_SIDE}
    dataset = write_manifest(tmp_path / "data", ct_case("a", WRONG_SIDE), unlabelled, "not json")
    result = evaluate(dataset, out, "--profile", "offline-review", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document == metrics(out) and {"cxr", "ct_report", "run"} < set(document)  # the spec's fields stay
    notes = document["notes"]
    # the line that is not JSON once, as unread: not also as a failed case, which `run.unlabelled` does not count
    assert [note.split(" ", 3)[:3] for note in notes] == [["1", "case", "has"], ["1", "manifest", "line"],
                                                          ["2", "cases", "wait"]], notes
    assert "(1 of them waiting for review)" in notes[0] and f"radqc review {out}" in notes[-1]
    plain = evaluate(dataset, out, "--profile", "offline-review")  # scores again: the same notes, in the summary
    assert all(" ".join(note.split()) in " ".join(plain.output.split()) for note in notes), plain.output


def test_a_case_waiting_for_review_whose_report_changed_is_audited_again(tmp_path):
    out = tmp_path / "run"
    dataset = write_manifest(tmp_path / "data", ct_case("a", WRONG_SIDE))
    assert evaluate(dataset, out, "--profile", "offline-review").exit_code == 0
    write_manifest(dataset, ct_case("a", RIGHT_SIDE))  # fixed before anyone reviewed the old text
    again = evaluate(dataset, out, "--profile", "offline-review")
    assert again.exit_code == 0 and "1 audited" in again.output and "for review" not in again.output
    listed = runner.invoke(app, ["review", str(out), "--list"])
    assert listed.exit_code == 0 and WRONG_SIDE.splitlines()[1] not in listed.output


def test_an_out_that_is_the_dataset_folder_is_refused_before_writing(tmp_path):
    dataset = write_manifest(tmp_path / "data", ct_case("a"))
    before = sorted(path.name for path in dataset.iterdir())
    result = evaluate(dataset, tmp_path / "data" / ".." / "data")
    assert result.exit_code == 2 and "the dataset's own folder" in " ".join(result.output.replace("│", " ").split())
    assert sorted(path.name for path in dataset.iterdir()) == before



def _out_of_another_profile(tmp_path, dataset, out):
    assert evaluate(dataset, out, "--profile", "offline-union").exit_code == 0
    return contextlib.nullcontext()


def _out_of_another_dataset(tmp_path, dataset, out):
    assert evaluate(write_manifest(tmp_path / "other", ct_case("a")), out).exit_code == 0
    return contextlib.nullcontext()


def _out_that_is_a_file(tmp_path, dataset, out):
    out.write_text("mine", encoding="utf-8")
    return contextlib.nullcontext()


def _out_in_use(tmp_path, dataset, out):
    from radqc.eval.runner import RunFolder

    out.mkdir()
    return RunFolder(out).locked()  # as another `radqc eval` holds it while it runs


@pytest.mark.parametrize("make_out", [_out_of_another_profile, _out_of_another_dataset, _out_that_is_a_file, _out_in_use])
def test_a_refused_out_is_the_only_thing_printed(tmp_path, make_out):
    """The progress bar was shown first, stopped at "auditing 0/?" above the refusal."""
    out, dataset = tmp_path / "run", write_manifest(tmp_path / "data", ct_case("a"))
    with make_out(tmp_path, dataset, out):
        result = evaluate(dataset, out)
    assert result.exit_code == 2 and result.stdout == "", result.stdout
    assert "Invalid value for --out" in result.stderr and "auditing" not in result.stderr


def test_a_long_changed_setting_is_named_not_printed_whole():
    """A 300-character description that changed made a 600-character refusal."""
    from radqc.eval.runner import _settings_changed

    said = _settings_changed({"description": "a" * 300}, {"description": "b" * 300})
    assert said.startswith("description was 'aaa") and len(said) < 160, said
