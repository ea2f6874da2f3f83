"""A run with retrieval records what its knowledge base held, `radqc compare` tells runs against different
ones apart, and a resumed run says when the knowledge base changed under it; through the CLI, each test
with a RADQC_HOME of its own."""

import json

import pytest
from typer.testing import CliRunner

import radqc.cli.render  # noqa: F401  (the console made at the wide COLUMNS below, as in test_cli_output)
from radqc.cli.main import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
GUIDELINE = "---\nid: our-laterality\ntitle: Our side rule\nmodality: ct_report\nerror_types: laterality\n---\nName the side in both sections.\n"


def report(side: str) -> str:
    return f"EXAM: CT chest.\nFINDINGS:\nA 9 mm nodule in the right upper lobe.\nIMPRESSION:\n9 mm nodule in the {side} upper lobe."


def write_dataset(folder, impression_sides=("left", "right")) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.jsonl").write_text("".join(
        json.dumps({"case_id": f"c{n}", "modality": "ct_report", "language": "en", "exam": "CT chest",
                    "report": report(side), "labels": [{"error_type": "laterality", "evidence": "left upper lobe"}] if side == "left" else []})
        + "\n" for n, side in enumerate(impression_sides)), encoding="utf-8")
    return str(folder)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "400")
    return tmp_path


def radqc(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def run_record(metrics_folder) -> dict:
    return json.loads((metrics_folder / "metrics.json").read_text(encoding="utf-8"))["run"]


def test_compare_names_how_the_knowledge_bases_of_two_rag_runs_differ(home):
    data = write_dataset(home / "data")
    radqc("eval", data, "--out", str(home / "shipped"), "--no-html")
    (home / "ours.md").write_text(GUIDELINE, encoding="utf-8")
    radqc("kb", "add", str(home / "ours.md"))
    radqc("eval", data, "--out", str(home / "ours"), "--no-html")
    radqc("kb", "add-cases", write_dataset(home / "dev", ("left", "left", "right")))
    radqc("eval", data, "--out", str(home / "cases"), "--no-html")
    radqc("eval", data, "--out", str(home / "norag"), "--no-rag", "--no-html")

    shipped, ours, cases = (run_record(home / name)["knowledge_base"] for name in ("shipped", "ours", "cases"))
    assert ours["guidelines"] == {**shipped["guidelines"], "user": 1} and ours["past_cases"] == shipped["past_cases"] == 0
    assert cases["guidelines"] == ours["guidelines"] and cases["past_cases"] == 3
    assert len({shipped["hash"], ours["hash"], cases["hash"]}) == 3
    assert run_record(home / "norag")["knowledge_base"] is None

    document = json.loads(radqc("compare", *(str(home / name) for name in ("shipped", "ours", "cases", "norag")), "--json").stdout)
    assert document["runs"][str(home / "ours")]["knowledge_base"] == ours
    n = shipped["guidelines"]["shipped"]
    assert (f"knowledge base ({home / 'shipped'} vs {home / 'ours'} vs {home / 'cases'}): guidelines {n} shipped vs "
            f"{n} shipped + 1 of yours vs {n} shipped + 1 of yours; past cases 0 vs 0 vs 3") in document["notes"]
    table = radqc("compare", str(home / "shipped"), str(home / "ours")).output
    assert f"knowledge base ({home / 'shipped'} vs {home / 'ours'}): guidelines {n} shipped vs {n} shipped + 1 of yours" in table


def test_runs_against_one_knowledge_base_show_no_difference(home):
    data = write_dataset(home / "data")
    radqc("eval", data, "--out", str(home / "one"), "--no-html")
    radqc("eval", data, "--out", str(home / "two"), "--no-html")
    radqc("eval", data, "--out", str(home / "norag"), "--no-rag", "--no-html")
    document = json.loads(radqc("compare", str(home / "one"), str(home / "two"), str(home / "norag"), "--json").stdout)
    assert not any(note.startswith("knowledge base") for note in document["notes"])
    assert "knowledge base" not in radqc("compare", str(home / "one"), str(home / "norag")).output


def test_a_resumed_run_that_audits_cases_against_a_changed_knowledge_base_says_so(home):
    data = write_dataset(home / "data")
    out = home / "run"
    radqc("eval", data, "--out", str(out), "--no-html")
    started = run_record(out)["knowledge_base"]
    (home / "ours.md").write_text(GUIDELINE, encoding="utf-8")
    radqc("kb", "add", str(home / "ours.md"))

    rescored = radqc("eval", data, "--out", str(out), "--no-html")  # nothing audited: every answer is still the first one's
    assert "knowledge base changed" not in rescored.output and run_record(out)["knowledge_base_changed"] is None

    write_dataset(home / "data", ("left", "left"))  # a corrected report: audited again, against the new knowledge base
    resumed = radqc("eval", data, "--out", str(out), "--no-html")
    run = run_record(out)
    assert run["knowledge_base"] == started and run["knowledge_base_changed"]["guidelines"]["user"] == 1
    assert "the knowledge base changed since this run started" in " ".join(resumed.output.split())
    assert any("knowledge base changed" in note for note in json.loads((out / "metrics.json").read_text())["notes"])
    again = radqc("eval", data, "--out", str(out), "--no-html")  # re-scored later, the run still says it is mixed
    assert "the knowledge base changed since this run started" in " ".join(again.output.split())


def test_knowledge_bases_that_differ_in_contents_alone_are_told_apart_by_their_hashes(home):
    data = write_dataset(home / "data")
    (home / "ours.md").write_text(GUIDELINE, encoding="utf-8")
    radqc("kb", "add", str(home / "ours.md"))
    radqc("eval", data, "--out", str(home / "before"), "--no-html")
    (home / "ours.md").write_text(GUIDELINE.replace("both sections", "findings and impression"), encoding="utf-8")
    radqc("kb", "add", str(home / "ours.md"))  # the same document, edited: the same counts
    radqc("eval", data, "--out", str(home / "after"), "--no-html")
    before, after = (run_record(home / name)["knowledge_base"] for name in ("before", "after"))
    document = json.loads(radqc("compare", str(home / "before"), str(home / "after"), "--json").stdout)
    assert (f"knowledge base ({home / 'before'} vs {home / 'after'}): the same counts, other contents "
            f"(hash {before['hash']} vs {after['hash']})") in document["notes"]
