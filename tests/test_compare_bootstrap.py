"""`radqc compare`'s interval of the change: a paired bootstrap over the cases two runs of one dataset scored,
from run folders that `radqc eval` wrote."""

import json
import shutil

import pytest
from typer.testing import CliRunner

import radqc.cli.render  # noqa: F401  (the console made at the wide COLUMNS below, as in test_cli_output)
from radqc.cli.main import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
WIDE = {"COLUMNS": "400"}
BOOTSTRAPPED = ("f1", "macro_f1", "false_alarm_rate")
# A profile whose auditors keep only findings of full confidence: on these reports it finds none.
BLIND = """name: blind
description: Keeps no finding the offline rules report.
offline: true
retrieval: {enabled: false}
recall: {auditor: rules, min_confidence: 1.0}
precision: {auditor: rules, min_confidence: 1.0}
verifier: intersection
"""


def chest(findings_side: str, impression_side: str, size: int, lobe: str) -> str:
    return (f"EXAM: CT chest without contrast.\nFINDINGS:\nThere is a {size} mm nodule in the {findings_side} {lobe} lobe. "
            f"No pleural effusion.\nIMPRESSION:\n{size} mm nodule in the {impression_side} {lobe} lobe.")


def write_dataset(folder, sizes=(8, 11, 14, 17, 21, 25)) -> str:
    """Laterality errors the offline rules find (two per size), spelling errors they do not (labels on
    correctly spelt words, so the better run is not perfect and its F1 varies between resamples), and
    clean reports."""
    cases = [(f"lat-{size}-{lobe}", chest("right", "left", size, lobe), [{"error_type": "laterality", "evidence": f"left {lobe} lobe"}])
             for size in sizes for lobe in ("upper", "lower")]
    cases += [(f"spell-{size}", chest("right", "right", size, "upper"), [{"error_type": "spelling", "evidence": "effusion"}])
              for size in sizes[::2]]
    cases += [(f"clean-{size}", chest("left", "left", size, "lower"), []) for size in sizes[::2]]
    folder.mkdir(parents=True)
    (folder / "manifest.jsonl").write_text("".join(
        json.dumps({"case_id": case_id, "modality": "ct_report", "language": "en", "exam": "CT chest without contrast",
                    "patient": {"sex": "M", "age": 60}, "report": report, "labels": labels}) + "\n"
        for case_id, report, labels in cases), encoding="utf-8")
    return str(folder)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run folders by name: "offline" and "again" (the offline profile twice over one dataset), "blind"
    (the same dataset, a profile that finds nothing) and "other" (the offline profile on another dataset)."""
    root = tmp_path_factory.mktemp("bootstrap")
    (root / "profiles").mkdir()
    (root / "profiles" / "blind.yaml").write_text(BLIND, encoding="utf-8")
    dataset, other = write_dataset(root / "data"), write_dataset(root / "other-data", sizes=(9, 13))
    folders = {}
    for name, data, profile in (("offline", dataset, "offline"), ("again", dataset, "offline"), ("blind", dataset, "blind"),
                                ("other", other, "offline")):
        folders[name] = str(root / name)
        result = runner.invoke(app, ["eval", data, "--out", folders[name], "--no-rag", "--no-html", "--profile", profile],
                               env={"RADQC_PROFILES_DIR": str(root / "profiles")})
        assert result.exit_code == 0, result.output
    return folders


def compare(*args: str, env: dict | None = None) -> dict:
    result = runner.invoke(app, ["compare", *args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def intervals(document: dict) -> dict[str, list[float]]:
    return {row["metric"]: row["interval"] for row in document["rows"] if "interval" in row}


def test_two_identical_runs_change_by_nothing_and_their_interval_holds_zero(runs):
    document = compare(runs["offline"], runs["again"])
    assert set(intervals(document)) == set(BOOTSTRAPPED), document["rows"]
    assert all(low <= 0 <= high for low, high in intervals(document).values()), intervals(document)
    assert document["bootstrap"] == {"resamples": 2000, "seed": 0, "level": 0.95, "runs": [runs["offline"], runs["again"]],
                                     "cases": {"ct_report": 18}, "no_interval": None}
    table = runner.invoke(app, ["compare", runs["offline"], runs["again"]], env=WIDE)
    assert "95% interval ┃" in table.output and "[+0.000, +0.000]" in table.output, table.output
    assert (f"95% interval of the change from {runs['offline']} to {runs['again']}: a paired bootstrap over the 18 ct_report "
            "cases (2000 resamples, seed 0)") in table.output


def test_a_clearly_better_run_has_an_interval_that_excludes_zero(runs, tmp_path):
    document = compare(runs["offline"], runs["blind"])
    found = {metric: row["values"] for row in document["rows"] if (metric := row["metric"]) in ("f1", "macro_f1")}
    assert all(values[runs["offline"]] >= 0.5 and values[runs["blind"]] == 0.0 for values in found.values()), found
    bounds = intervals(document)
    assert bounds["f1"][1] < 0 and bounds["macro_f1"][1] < 0, bounds
    # Not a point: the better run misses the spelling errors, so its F1 varies with the cases drawn.
    assert bounds["f1"][0] < bounds["f1"][1], bounds
    # Its rows in the page too, after the change.
    page = tmp_path / "page.html"
    assert runner.invoke(app, ["compare", runs["offline"], runs["blind"], "--html", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    low, high = bounds["f1"]
    assert f"<th>change</th><th>95% interval</th>" in html and f"<td>[{low:+.3f}, {high:+.3f}]</td></tr>" in html
    assert "a paired bootstrap over the 18 ct_report cases (2000 resamples, seed 0)" in html


def test_the_resampling_is_reproducible_with_its_seed_and_its_count_is_an_option(runs):
    from pathlib import Path

    from radqc.eval.bootstrap import change_intervals

    first = compare(runs["offline"], runs["blind"])
    assert compare(runs["offline"], runs["blind"]) == first
    pair = [(name, Path(runs[name]), json.loads((Path(runs[name]) / "metrics.json").read_text())) for name in ("offline", "blind")]
    assert change_intervals(*pair, seed=3) == change_intervals(*pair, seed=3)
    assert change_intervals(*pair, seed=3) != change_intervals(*pair, seed=4)
    fewer = compare(runs["offline"], runs["blind"], env={"RADQC_COMPARE_BOOTSTRAP": "200"})
    assert fewer["bootstrap"]["resamples"] == 200 and intervals(fewer) != intervals(first)
    off = compare(runs["offline"], runs["blind"], "--bootstrap", "0")
    assert off["bootstrap"] is None and not intervals(off)
    table = runner.invoke(app, ["compare", runs["offline"], runs["blind"], "--bootstrap", "0"], env=WIDE)
    assert "interval" not in table.output, table.output


def test_runs_of_different_datasets_get_no_interval_and_say_why(runs):
    document = compare(runs["offline"], runs["other"])
    assert not intervals(document)
    assert document["bootstrap"]["no_interval"] == "the runs scored different datasets, so no case can be drawn for both"
    table = runner.invoke(app, ["compare", runs["offline"], runs["other"]], env=WIDE)
    assert "no interval of the change: the runs scored different datasets" in table.output, table.output
    assert "95% interval ┃" not in table.output


def test_gold_labels_that_changed_or_went_missing_since_the_runs_give_no_interval(runs, tmp_path):
    """The run folders keep the answers, not the gold labels: those are the recorded dataset's, and an
    interval of numbers other than the table's (labels corrected since) would mislead."""
    copies = {}
    for name in ("offline", "blind"):
        copies[name] = tmp_path / name
        shutil.copytree(runs[name], copies[name])
    dataset = json.loads((copies["offline"] / "metrics.json").read_text())["run"]["dataset"]
    shutil.copytree(dataset, tmp_path / "data")
    manifest = tmp_path / "data" / "manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text("\n".join([json.dumps({**json.loads(lines[0]), "labels": []}), *lines[1:]]) + "\n", encoding="utf-8")
    for copy in copies.values():
        metrics = json.loads((copy / "metrics.json").read_text())
        (copy / "metrics.json").write_text(json.dumps({**metrics, "run": {**metrics["run"], "dataset": str(tmp_path / "data")}}))
    changed = compare(str(copies["offline"]), str(copies["blind"]))
    assert not intervals(changed)
    assert changed["bootstrap"]["no_interval"] == (
        f"{copies['offline']}'s answers no longer score as its metrics.json says: the cases or gold labels of {tmp_path / 'data'} "
        "changed since it was scored; run `radqc eval` on it again")
    shutil.rmtree(tmp_path / "data")
    missing = compare(str(copies["offline"]), str(copies["blind"]))
    assert missing["bootstrap"]["no_interval"].startswith(
        f"the interval needs the gold labels of {tmp_path / 'data'}, the dataset the runs scored (their folders keep only the "
        "answers), and it cannot be read: not found:")
