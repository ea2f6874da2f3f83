"""The knowledge base under damage and conflict: a corrupted folder, an ingestion killed half-way,
two sources claiming one document id; and how runs that could not be scored are reported."""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

import radqc.knowledge as knowledge
from radqc.cli.main import app
from radqc.file_lock import exclusive_lock
from radqc.knowledge import store
from radqc.knowledge.documents import KnowledgeDocument
from permissions import radqc_bound_by_permissions, read_only  # noqa: F401  (read_only: a fixture)

runner = CliRunner()
REPORT = "FINDINGS: 9 mm stone in the left ureter.\nIMPRESSION: Right ureteric stone."


@pytest.fixture
def kb_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "kb"
    monkeypatch.setenv("RADQC_KB_DIR", str(folder))
    return folder


@pytest.fixture
def corrupted_kb(kb_dir: Path) -> Path:
    """A knowledge-base folder whose database is random bytes (a disk fault, a bad copy)."""
    kb_dir.mkdir()
    (kb_dir / "chroma.sqlite3").write_bytes(bytes(range(256)) * 200)
    return kb_dir


def _guideline(doc_id: str, text: str) -> KnowledgeDocument:
    return KnowledgeDocument(id=doc_id, modality="ct_report", text=text)


def _sections(word: str, n: int) -> str:
    return "\n".join(f"## Part {i}\n{word} rule number {i}." for i in range(n))


def _dataset(folder: Path) -> Path:
    folder.mkdir()
    case = {"case_id": "c1", "modality": "ct_report", "report": REPORT,
            "labels": [{"error_type": "laterality", "evidence": "Right ureteric stone"}]}
    (folder / "manifest.jsonl").write_text(json.dumps(case) + "\n")
    return folder


# --- a corrupted knowledge base --------------------------------------------------------------------


def test_kb_search_names_the_unusable_folder_and_the_remedy_every_time(corrupted_kb: Path):
    for _ in range(2):  # the second open once met Chroma's cached half-started client: an AttributeError
        result = runner.invoke(app, ["kb", "search", "left right"])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert str(corrupted_kb) in result.stderr and "radqc kb rebuild" in result.stderr
        assert "--no-rag" in result.stderr and "file is not a database" in result.stderr


def test_eval_refuses_a_rag_run_without_a_usable_knowledge_base(corrupted_kb: Path, tmp_path: Path):
    result = runner.invoke(app, ["eval", str(_dataset(tmp_path / "data")), "--out", str(tmp_path / "run"), "--no-html"])
    assert result.exit_code == 2, result.output
    assert str(corrupted_kb) in result.stderr and "radqc kb rebuild" in result.stderr
    assert not (tmp_path / "run" / "predictions.jsonl").exists()


def test_rebuild_moves_an_unusable_knowledge_base_aside_and_builds_a_fresh_one(corrupted_kb: Path):
    result = runner.invoke(app, ["kb", "rebuild", "--no-plugins"])
    assert result.exit_code == 0, result.output
    [aside] = corrupted_kb.parent.glob("kb.unusable-*")
    assert (aside / "chroma.sqlite3").read_bytes() == bytes(range(256)) * 200
    assert runner.invoke(app, ["kb", "search", "left right", "--json"]).exit_code == 0


@pytest.mark.parametrize("error, placed_by, remedy", [
    (errno.EROFS, "RADQC_KB_DIR", "set RADQC_KB_DIR to a folder it may write to"),
    (errno.EACCES, "RADQC_KB_DIR", "set RADQC_KB_DIR to a folder it may write to"),
    # The clean guard: with RADQC_KB_DIR unset, RADQC_HOME places the knowledge base and is named first.
    (errno.EROFS, "RADQC_HOME", "set RADQC_HOME (or RADQC_KB_DIR for the knowledge base alone) to a folder it may write to"),
])
def test_a_knowledge_base_radqc_may_not_write_says_where_to_move_it_not_to_rebuild(kb_dir: Path, tmp_path: Path, monkeypatch,
                                                                                  error, placed_by, remedy):
    """A container's read-only home: every command said to run `radqc kb rebuild`, which then ended in a traceback
    (renaming aside a folder that could not even be made). The folder is written as a read-only file system refuses.
    The message names the setting that places the knowledge base: with RADQC_KB_DIR set, moving RADQC_HOME (which it
    once said first) does nothing. There is no knowledge base there yet (the folder cannot even be made), so none can be
    read from a copy either (the next tests): the message says radqc cannot build one there."""
    if placed_by == "RADQC_HOME":
        monkeypatch.delenv("RADQC_KB_DIR")
        monkeypatch.setenv("RADQC_HOME", str(tmp_path / "home"))
        kb_dir = tmp_path / "home" / "kb"
    made = Path.mkdir

    def refused(path, *args, **kwargs):
        if path == kb_dir or kb_dir in path.parents:
            raise OSError(error, os.strerror(error), str(path))
        return made(path, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refused)
    remedy += ", or run without retrieval (--no-rag)"
    read_only = "radqc may not write there, so it cannot build a knowledge base there (one built before is read from a copy, read-only)"
    for command in (["kb", "rebuild"], ["kb", "search", "left right"]):
        result = runner.invoke(app, command)
        said = " ".join(result.stderr.split())
        assert result.exit_code == 2, result.exception  # a traceback exits 1
        assert f"the knowledge base in {kb_dir} cannot be opened" in said and remedy in said and "kb rebuild" not in said, said
        assert read_only in said and ("RADQC_HOME" in said) == (placed_by == "RADQC_HOME"), said
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    audited = runner.invoke(app, ["audit", str(report)], env={"COLUMNS": "400"})
    assert audited.exit_code == 0 and "status: degraded" in audited.stdout and remedy in " ".join(audited.output.split()), audited.output


# --- a knowledge base radqc may not write -----------------------------------------------------------

GUIDANCE = "---\nid: stones\n---\n# Kidney stones\n\nName the side of every urinary tract stone in the impression as the findings name it.\n"


@pytest.fixture
def built_kb(kb_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    """A knowledge base built with a guideline of the user's and a past case, as a container image ships one; the
    temporary folder is the test's own (TMPDIR), so that what radqc leaves there can be seen."""
    guidance = tmp_path / "stones.md"
    guidance.write_text(GUIDANCE, encoding="utf-8")
    assert runner.invoke(app, ["kb", "add", str(guidance), "-m", "ct_report"]).exit_code == 0
    assert runner.invoke(app, ["kb", "add-cases", str(_dataset(tmp_path / "labelled"))]).exit_code == 0
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    return kb_dir


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_read_only_knowledge_base_is_searched_audited_and_evaluated_from_a_copy(built_kb: Path, tmp_path: Path, read_only):
    """A knowledge base shipped read-only (a container image, a shared mount) could not be read at all: radqc wrote a
    lock file into its folder, and Chroma writes to its database, even to read it. It is read from a private copy
    now, which goes when the command ends; the folder is left as it was."""
    before = _files(built_kb)
    read_only(built_kb)
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    searched = radqc_bound_by_permissions("kb", "search", "which side is the stone on", "-m", "ct_report", "--json")
    assert searched.returncode == 0, searched.stderr
    assert "stones" in [hit["id"] for hit in json.loads(searched.stdout)]
    cases = radqc_bound_by_permissions("kb", "search", "a stone in the ureter", "--cases", "--json")
    assert cases.returncode == 0 and [hit["case_id"] for hit in json.loads(cases.stdout)] == ["c1"], cases.stderr
    audited = radqc_bound_by_permissions("audit", str(report), "--json")
    assert audited.returncode == 0 and json.loads(audited.stdout)["status"] == "ok", audited.stdout + audited.stderr
    dataset, out = _dataset(tmp_path / "data"), tmp_path / "run"
    evaluated = radqc_bound_by_permissions("eval", str(dataset), "--out", str(out), "--no-html")
    assert evaluated.returncode == 0, evaluated.stderr
    held = json.loads((out / "run.json").read_text())["knowledge_base"]
    assert held["guidelines"]["user"] == 1 and held["past_cases"] == 1, held
    stats = radqc_bound_by_permissions("kb", "stats", "--json")
    assert json.loads(stats.stdout)["path"] == str(built_kb) and json.loads(stats.stdout)["read_only"] is True
    assert _files(built_kb) == before and not list((tmp_path / "tmp").iterdir())


def _refusal(refused) -> str:
    """REFUSED's message on one line, after checking it is a refusal (exit 2) and not a crash (a traceback)."""
    said = " ".join(refused.stderr.split())
    assert refused.returncode == 2 and "Traceback" not in said, said
    return said


@pytest.mark.parametrize("command", [
    ["kb", "add", "{guidance}", "-m", "ct_report"],
    ["kb", "remove", "stones"],
    ["kb", "add-cases", "{labelled}"],
    ["kb", "rebuild", "--no-plugins"],
])
def test_changing_a_read_only_knowledge_base_is_refused_with_what_to_do(built_kb: Path, tmp_path: Path, read_only, command):
    """Written into the copy a read-only knowledge base is read from, a change would vanish with it as if stored: each
    command that changes the knowledge base exits 2 saying so and how to get one it may change (not a traceback). It
    refuses before any copy (a file here radqc may not read would fail a copy, with another message), and advises
    `cp -r`, since a copy made with `cp -a` keeps the read-only modes and is refused again."""
    unreadable = built_kb / "unreadable.bin"
    unreadable.write_bytes(b"x")
    unreadable.chmod(0)
    read_only(built_kb)
    given = [word.format(guidance=tmp_path / "stones.md", labelled=tmp_path / "labelled") for word in command]
    try:
        refused = radqc_bound_by_permissions(*given)
    finally:
        unreadable.chmod(0o600)
    said = _refusal(refused)
    assert (f"the knowledge base in {built_kb} is read-only to radqc (audits read it from a copy), so nothing can be "
            "added to it or removed from it: to change it, copy the folder to one radqc may write to (`cp -r`; a copy made "
            "with `cp -a` keeps the read-only modes, so run `chmod -R u+w` on it) and set RADQC_KB_DIR to that copy") in said, said


def test_a_knowledge_base_whose_database_file_alone_is_read_only_is_read_from_a_copy(built_kb: Path, tmp_path: Path, read_only):
    """A folder radqc may write holding a database file it may not (copied from a read-only medium): Chroma's "attempt
    to write a readonly database" was taken for a damaged knowledge base, and `radqc kb rebuild` advised. It is read
    from a copy, left unchanged, and a change is refused with the one chmod that mends it."""
    before = _files(built_kb)
    read_only(built_kb / "chroma.sqlite3")
    searched = radqc_bound_by_permissions("kb", "search", "which side is the stone on", "-m", "ct_report", "--json")
    assert searched.returncode == 0 and "kb rebuild" not in searched.stderr, searched.stderr
    assert "stones" in [hit["id"] for hit in json.loads(searched.stdout)]
    stats = radqc_bound_by_permissions("kb", "stats", "--json")
    assert json.loads(stats.stdout)["read_only"] is True and json.loads(stats.stdout)["path"] == str(built_kb), stats.stderr
    refused = radqc_bound_by_permissions("kb", "remove", "stones")
    said = " ".join(refused.stderr.split())
    assert refused.returncode == 2 and f"make that file writable (`chmod u+w {built_kb / 'chroma.sqlite3'}`)" in said, said
    assert _files(built_kb) == before and not list((tmp_path / "tmp").iterdir())


def test_a_knowledge_base_folder_radqc_may_not_enter_says_so_not_a_traceback(built_kb: Path, tmp_path: Path):
    """Another user's folder, or one of mode 0444: looking for its database file raised PermissionError, a traceback."""
    mode = built_kb.stat().st_mode
    built_kb.chmod(0o444)
    try:
        refused = radqc_bound_by_permissions("kb", "search", "which side is the stone on")
    finally:
        built_kb.chmod(mode)
    said = _refusal(refused)
    assert f"the knowledge base in {built_kb} cannot be opened" in said and "radqc may not read that folder" in said, said


def test_a_link_in_a_read_only_knowledge_base_is_refused_not_followed(built_kb: Path, tmp_path: Path, read_only):
    """A link to a parent folder (or /dev/zero) on an untrusted mount was followed: the copy went ~40 levels deep, or
    filled the temporary folder. A link is refused, with what to do, and nothing is left in the temporary folder."""
    (built_kb / "up").symlink_to("..")
    read_only(built_kb)
    refused = radqc_bound_by_permissions("kb", "search", "which side is the stone on")
    said = _refusal(refused)
    assert "a link or special file in a knowledge-base folder is not copied" in said and str(built_kb / "up") in said, said
    assert "make the folder writable, or set RADQC_KB_DIR to a folder it may write to" in said, said
    assert not list((tmp_path / "tmp").iterdir())


def test_a_knowledge_base_larger_than_the_copy_limit_is_refused(built_kb: Path, monkeypatch):
    """Copied on every command, a large knowledge base would fill the temporary folder: one over the limit is refused."""
    monkeypatch.setattr(store, "MAX_COPIED_BYTES", 1024)
    with pytest.raises(store.CopyRefused, match="more than the"):
        store.private_copy(built_kb)
    assert not list(Path(os.environ["TMPDIR"]).iterdir())


def test_a_copy_that_fails_partway_is_removed_and_says_why(built_kb: Path, tmp_path: Path, read_only):
    """A file radqc may not read stops the copy partway: the copy (past cases' report text) stayed in the temporary
    folder, its folders read-only, and the message said only that radqc may not write the knowledge base."""
    unreadable = built_kb / "chroma.sqlite3"
    read_only(built_kb)
    mode = unreadable.stat().st_mode
    unreadable.chmod(0)
    try:
        refused = radqc_bound_by_permissions("kb", "search", "which side is the stone on")
    finally:
        unreadable.chmod(mode)
    said = _refusal(refused)
    assert f"that copy could not be made (radqc may not read {unreadable})" in said, said
    assert not list((tmp_path / "tmp").iterdir())


def test_copies_left_by_ended_processes_are_removed_by_the_next_copy(built_kb: Path, tmp_path: Path, read_only):
    """A Ctrl-C or a kill ends a command before its copy is removed, and the copies piled up: the next copy removes
    those whose process is gone, and leaves a running one's."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())
    left = tmp_path / "tmp" / f"radqc-kb-{host}-{ended.pid}-abc"
    running = tmp_path / "tmp" / f"radqc-kb-{host}-{os.getpid()}-def"
    # Another host's (a container sharing TMPDIR: its process ids are not ours) and an id no process could have.
    elsewhere = tmp_path / "tmp" / f"radqc-kb-another.host-{ended.pid}-ghi"
    impossible = tmp_path / "tmp" / f"radqc-kb-{host}-99999999999999999999-jkl"
    for folder in (left, running, elsewhere, impossible):
        (folder / "kb").mkdir(parents=True)
        (folder / "kb" / "chroma.sqlite3").write_text("a past case's report")
    read_only(built_kb)
    searched = radqc_bound_by_permissions("kb", "search", "which side is the stone on")
    assert searched.returncode == 0, searched.stderr
    assert not left.exists() and running.exists() and elsewhere.exists() and impossible.exists()


def test_a_damaged_read_only_knowledge_base_is_not_sent_to_a_rebuild_that_cannot_run(corrupted_kb: Path, read_only):
    """Its copy does not open either; a rebuild could not set the folder aside, so the message names the setting that
    moves the knowledge base instead, not as if it were read from a copy, and `kb rebuild` refuses before any copy, as
    it does any read-only knowledge base, not in a traceback."""
    read_only(corrupted_kb)
    searched = radqc_bound_by_permissions("kb", "search", "left right")
    said = " ".join(searched.stderr.split())
    assert searched.returncode == 2 and "Traceback" not in said and "kb rebuild" not in said, said
    assert f"the knowledge base in {corrupted_kb} cannot be opened" in said and "file is not a database" in said, said
    assert "It is damaged, and radqc may not write there, so a rebuild could not replace it: set RADQC_KB_DIR to a folder it may write to" in said, said
    assert "from a copy" not in said, said
    rebuilt = radqc_bound_by_permissions("kb", "rebuild", "--no-plugins")
    said = " ".join(rebuilt.stderr.split())
    assert rebuilt.returncode == 2 and "Traceback" not in said and f"the knowledge base in {corrupted_kb} is read-only" in said, said


def test_a_review_says_which_cases_a_read_only_knowledge_base_did_not_store(built_kb: Path, tmp_path: Path, read_only):
    """A reviewed case is stored as a past case for retrieval; a read-only knowledge base refuses it, and the review
    said only "reviewed and written" (the refusal was in traces.jsonl alone). The verdicts are still written."""
    dataset, out = tmp_path / "unlabelled", tmp_path / "run"
    dataset.mkdir()
    (dataset / "manifest.jsonl").write_text(json.dumps({"case_id": "c2", "modality": "ct_report", "report": REPORT}) + "\n")
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-html", "-p", "offline-review"]).exit_code == 0
    verdicts = tmp_path / "verdicts.jsonl"
    assert runner.invoke(app, ["review", str(out), "--template", str(verdicts)]).exit_code == 0
    verdicts.write_text(verdicts.read_text().replace('"verdict": ""', '"verdict": "confirmed"'))
    read_only(built_kb)
    reviewed = radqc_bound_by_permissions("review", str(out), "--verdicts", str(verdicts))
    said = " ".join(reviewed.stderr.split())
    assert reviewed.returncode == 0 and "1 case reviewed and written" in reviewed.stdout, reviewed.stdout + said
    assert ("note: 1 reviewed case not stored as past cases, so retrieval will not offer it (the verdicts are written): "
            f"KnowledgeBaseReadOnly: the knowledge base in {built_kb} is read-only to radqc") in said, said


def test_a_stopped_review_says_which_cases_it_wrote_were_not_stored(built_kb: Path, tmp_path: Path, monkeypatch):
    """A review stopped at a prompt writes the cases answered so far, storing them as past cases: a store that refused
    them went unsaid there, as it once did at a review's end."""
    dataset, out = tmp_path / "unlabelled", tmp_path / "run"
    dataset.mkdir()
    (dataset / "manifest.jsonl").write_text("".join(json.dumps({"case_id": case_id, "modality": "ct_report", "report": REPORT}) + "\n"
                                                    for case_id in ("c2", "c3")))
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-html", "-p", "offline-review"]).exit_code == 0

    def refused(cases):
        raise RuntimeError("the store refused it")

    monkeypatch.setattr(knowledge, "add_past_cases", refused)
    stopped = runner.invoke(app, ["review", str(out), "--reviewer", "dr-d"], input="c\n")  # the second case unanswered
    assert stopped.exit_code == 130 and "stopped: 1 case reviewed and written" in " ".join(stopped.stdout.split()), stopped.output
    assert ("note: 1 reviewed case not stored as past cases, so retrieval will not offer it (the verdicts are written): "
            "RuntimeError: the store refused it") in " ".join(stopped.stderr.split()), stopped.stderr


def test_a_review_stored_in_a_writable_knowledge_base_says_nothing_of_storing(built_kb: Path, tmp_path: Path):
    """The clean guard: a review whose cases were stored prints no note."""
    dataset, out = tmp_path / "unlabelled", tmp_path / "run"
    dataset.mkdir()
    (dataset / "manifest.jsonl").write_text(json.dumps({"case_id": "c2", "modality": "ct_report", "report": REPORT}) + "\n")
    assert runner.invoke(app, ["eval", str(dataset), "--out", str(out), "--no-html", "-p", "offline-review"]).exit_code == 0
    verdicts = tmp_path / "verdicts.jsonl"
    assert runner.invoke(app, ["review", str(out), "--template", str(verdicts)]).exit_code == 0
    verdicts.write_text(verdicts.read_text().replace('"verdict": ""', '"verdict": "confirmed"'))
    reviewed = runner.invoke(app, ["review", str(out), "--verdicts", str(verdicts)])
    assert reviewed.exit_code == 0 and "1 case reviewed and written" in reviewed.stdout, reviewed.output
    assert "not stored" not in reviewed.stderr, reviewed.stderr
    assert json.loads(runner.invoke(app, ["kb", "stats", "--json"]).stdout)["past_cases"] == 2


def test_metrics_record_the_cases_that_ran_without_retrieval(kb_dir: Path, tmp_path: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index vanished")

    monkeypatch.setattr(knowledge, "retrieve_guidelines", broken)
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", str(_dataset(tmp_path / "data")), "--out", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    run = json.loads((out / "metrics.json").read_text())["run"]
    assert run["rag"] is False and run["cases_without_retrieval"] == 1
    assert "1 case ran without retrieval" in result.output


# --- ingestion: progress, all or nothing -----------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (a BaseException, so no `except Exception` catches it)."""


def test_ingestion_reports_its_progress(kb_dir: Path, monkeypatch):
    monkeypatch.setattr(store, "EMBED_BATCH", 2)
    seen: list[tuple[int, int]] = []
    store.KnowledgeBase(kb_dir).add_documents([_guideline("progress", _sections("Progress", 5))], progress=lambda *p: seen.append(p))
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_kb_add_says_beforehand_how_many_chunks_a_large_file_makes_and_about_how_long_they_take(kb_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("radqc.knowledge.embedding.CHUNKS_PER_SECOND", 0.05)  # a 3-chunk file now "takes" a minute
    large, small = tmp_path / "large.md", tmp_path / "small.md"
    large.write_text(_sections("Large", 3), encoding="utf-8")
    small.write_text(_sections("Small", 2), encoding="utf-8")
    first = runner.invoke(app, ["kb", "add", str(large), str(small), "-m", "cxr"])
    assert first.exit_code == 0, first.output
    notes = [line for line in first.stderr.splitlines() if "to embed" in line]  # not the notes on retrieval
    assert notes == [f"note: {large.resolve()} makes 3 chunks to embed: about 1 min at the 0.05 chunks/s measured on 2 "
                     "busy CPU cores (Ctrl-C leaves the knowledge base as it was)"]
    again = runner.invoke(app, ["kb", "add", str(large), "-m", "cxr"])  # stored already: nothing to embed
    assert again.exit_code == 0 and "to embed" not in again.stderr, again.output


def test_a_killed_ingestion_leaves_the_old_version_of_the_document(kb_dir: Path, monkeypatch):
    base = store.KnowledgeBase(kb_dir)
    base.add_documents([_guideline("proto", _sections("Old", 2))])
    monkeypatch.setattr(store, "EMBED_BATCH", 1)

    def kill_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Killed

    with pytest.raises(Killed):
        base.add_documents([_guideline("proto", _sections("New", 6))], progress=kill_after_two)
    reopened = store.KnowledgeBase(kb_dir)  # the next process to open the folder
    texts = reopened.guidelines.collection.get(where={"doc_id": "proto"})["documents"]
    assert len(texts) == 2 and all("Old rule" in text for text in texts)
    assert not (kb_dir / store.INGEST_JOURNAL).exists()


def test_a_kill_after_all_new_chunks_were_written_completes_the_new_version(kb_dir: Path, monkeypatch):
    base = store.KnowledgeBase(kb_dir)
    base.add_documents([_guideline("proto", _sections("Old", 3))])

    def killed(self, ids):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(store.StoredCollection, "delete", killed)
        with pytest.raises(Killed):
            base.add_documents([_guideline("proto", _sections("New", 2))])
    texts = store.KnowledgeBase(kb_dir).guidelines.collection.get(where={"doc_id": "proto"})["documents"]
    assert len(texts) == 2 and all("New rule" in text for text in texts)


def _shown(base: store.KnowledgeBase) -> tuple[dict[str, int], list[str]]:
    """What a reader of BASE sees: chunks by document id, and the texts a search for the words of the
    test's documents retrieves."""
    chunks = {row["doc_id"]: row["chunks"] for row in base.documents() if row["doc_id"] in ("proto", "fresh")}
    hits = base.search_guidelines("rule number Old New Fresh", "ct_report", k=10, dense=False)
    return chunks, sorted(hit.text for hit in hits if hit.metadata["doc_id"] in ("proto", "fresh"))


def test_a_reader_sees_a_document_whole_while_it_is_added_and_never_an_interrupted_one(kb_dir: Path, monkeypatch):
    base = store.KnowledgeBase(kb_dir)
    base.ensure_shipped()
    base.add_documents([_guideline("proto", _sections("Old", 2))])
    before, fingerprint = _shown(base), base.fingerprint()
    monkeypatch.setattr(store, "EMBED_BATCH", 1)
    seen_while_writing, fingerprints = [], []

    def look_then_crash(done: int, total: int) -> None:
        reader = store.KnowledgeBase(kb_dir)  # another reader, as `kb list` or a starting `radqc eval` would be
        seen_while_writing.append(_shown(reader))
        fingerprints.append(reader.fingerprint())
        if done == 3:
            raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(store.KnowledgeBase, "_settle_journal", lambda self: None)  # a crash cleans nothing up
        with pytest.raises(Killed):
            base.add_documents([_guideline("proto", _sections("New", 6)), _guideline("fresh", _sections("Fresh", 2))],
                               progress=look_then_crash)
    assert before[0] == {"proto": 2} and seen_while_writing == [before] * 3 and fingerprints == [fingerprint] * 3
    assert _shown(base) == before and base.guidelines.collection.count() > sum(row["chunks"] for row in base.documents())
    reopened = store.KnowledgeBase(kb_dir)  # the next run cleans up what the crash left
    assert _shown(reopened) == before
    assert reopened.guidelines.collection.count() == sum(row["chunks"] for row in reopened.documents())
    assert not (kb_dir / store.INGEST_JOURNAL).exists()

    seen_while_writing.clear()
    reopened.add_documents([_guideline("proto", _sections("New", 6)), _guideline("fresh", _sections("Fresh", 2))],
                           progress=lambda done, total: seen_while_writing.append(_shown(store.KnowledgeBase(kb_dir))))
    assert seen_while_writing == [before] * 8
    chunks, texts = _shown(store.KnowledgeBase(kb_dir))
    assert chunks == {"proto": 6, "fresh": 2} and not any("Old rule" in text for text in texts)


def test_an_ingestion_that_fails_keeps_the_old_version_also_for_the_next_add(kb_dir: Path, monkeypatch):
    base = store.KnowledgeBase(kb_dir)
    base.add_documents([_guideline("proto", _sections("Old", 2))])
    monkeypatch.setattr(store, "EMBED_BATCH", 1)
    calls: list[int] = []
    real_embed = store.embed

    def embed_fails_half_way(texts: list[str]):
        calls.append(len(texts))
        if len(calls) == 3:
            raise RuntimeError("the embedding model ran out of memory")
        return real_embed(texts)

    monkeypatch.setattr(store, "embed", embed_fails_half_way)
    with pytest.raises(RuntimeError):
        base.add_documents([_guideline("proto", _sections("New", 6))])
    base.add_documents([_guideline("other", _sections("Other", 1))])  # once overwrote the journal
    for opened in (base, store.KnowledgeBase(kb_dir)):
        texts = opened.guidelines.collection.get(where={"doc_id": "proto"})["documents"]
        assert len(texts) == 2 and all("Old rule" in text for text in texts)
    assert not (kb_dir / store.INGEST_JOURNAL).exists()


def test_the_id_claims_are_checked_under_the_ingestion_lock(kb_dir: Path, monkeypatch):
    """Two `kb add` runs giving one id to different files must not both pass the one-source check."""
    base = store.KnowledgeBase(kb_dir)
    claims = store.KnowledgeBase._claims
    locked: list[bool] = []

    def claims_seeing_the_lock(self, documents):
        with exclusive_lock(self.path / store.INGEST_LOCK, wait=False) as obtained:  # a second handle: refused while held
            locked.append(not obtained)
        return claims(self, documents)

    monkeypatch.setattr(store.KnowledgeBase, "_claims", claims_seeing_the_lock)
    base.add_documents([_guideline("proto", _sections("Old", 1))])
    assert locked == [True]


def test_a_knowledge_base_is_opened_under_a_lock_other_processes_wait_for(kb_dir: Path, monkeypatch):
    """Chroma creates a new folder's tables without a lock of its own: radqc commands started together
    on a new RADQC_HOME raced ("table collections already exists"), and the loser was told to rebuild."""
    client = store.chromadb.PersistentClient
    locked: list[bool] = []

    def client_seeing_the_lock(path, **options):
        with exclusive_lock(Path(path) / "open.lock", wait=False) as obtained:  # a second handle: refused while held
            locked.append(not obtained)
        return client(path=path, **options)

    monkeypatch.setattr(store.chromadb, "PersistentClient", client_seeing_the_lock)
    store.KnowledgeBase(kb_dir)
    assert locked == [True]


# --- one id, one source --------------------------------------------------------------------------


def _write(path: Path, doc_id: str, modality: str, body: str) -> Path:
    path.write_text(f"---\nid: {doc_id}\nmodality: {modality}\ntitle: {path.stem}\n---\n{body}\n", encoding="utf-8")
    return path


def test_kb_add_refuses_an_id_another_file_or_the_shipped_corpus_uses(kb_dir: Path, tmp_path: Path):
    first = _write(tmp_path / "ours.md", "our-rule", "ct_report", "Check the side.")
    assert runner.invoke(app, ["kb", "add", str(first)]).exit_code == 0
    other = _write(tmp_path / "theirs.md", "our-rule", "cxr", "Something else entirely.")
    clash = _write(tmp_path / "clash.md", "ct-omission-en", "ct_report", "Override.")
    result = runner.invoke(app, ["kb", "add", str(other), str(clash)])
    assert result.exit_code == 1
    assert str(other) in result.stderr and str(first) in result.stderr
    assert str(clash) in result.stderr and "shipped" in result.stderr
    rows = {row["doc_id"]: row for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)}
    assert rows["our-rule"]["title"] == "ours" and rows["ct-omission-en"]["origin"] == "shipped"
    _write(first, "our-rule", "ct_report", "Check the side, twice.")  # the same file again: an update
    updated = runner.invoke(app, ["kb", "add", str(first)])
    assert updated.exit_code == 0 and "1 removed" in updated.stdout


def test_a_moved_file_is_refused_with_the_remedy_that_works(kb_dir: Path, tmp_path: Path):
    first = _write(tmp_path / "rules.md", "our-rule", "ct_report", "Check the side.")
    assert runner.invoke(app, ["kb", "add", str(first)]).exit_code == 0
    moved = tmp_path / "moved" / "rules.md"
    moved.parent.mkdir()
    _write(moved, "our-rule", "ct_report", "Check the side, twice.")
    first.unlink()
    refused = runner.invoke(app, ["kb", "add", str(moved)])
    assert refused.exit_code == 1 and "radqc kb remove our-rule" in refused.stderr
    assert runner.invoke(app, ["kb", "remove", "our-rule"]).exit_code == 0
    assert runner.invoke(app, ["kb", "add", str(moved)]).exit_code == 0


def test_a_shipped_id_is_refused_without_the_remedy_that_would_lose_the_shipped_guideline(kb_dir: Path, tmp_path: Path):
    """Shipped ids stay reserved after `kb remove`: the advice to remove and add again removed the shipped
    guideline, and the file was refused again."""
    clash = _write(tmp_path / "clash.md", "ct-omission-en", "ct_report", "Override.")
    refused = runner.invoke(app, ["kb", "add", str(clash)])
    assert refused.exit_code == 1 and "shipped guidelines, whose ids are reserved" in refused.stderr
    assert "kb remove" not in refused.stderr


def test_a_document_moved_from_a_file_into_a_plugin_is_refused_with_the_remedy_that_works(kb_dir: Path, tmp_path: Path, monkeypatch):
    """A plug-in's documents are read by `kb rebuild`, not added: "add it again" named no command that would."""
    assert runner.invoke(app, ["kb", "add", str(_write(tmp_path / "rules.md", "our-rule", "ct_report", "Check the side."))]).exit_code == 0
    plugin = SimpleNamespace(load=lambda: lambda: [{"id": "our-rule", "text": "Check the side.", "modality": "ct_report"}])
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: {"hospital": plugin})
    refused = runner.invoke(app, ["kb", "rebuild"])
    assert refused.exit_code == 1 and "run `radqc kb remove our-rule`, then `radqc kb rebuild`" in refused.stderr
    assert runner.invoke(app, ["kb", "remove", "our-rule"]).exit_code == 0
    assert runner.invoke(app, ["kb", "rebuild"]).exit_code == 0
    rows = {row["doc_id"]: row for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)}
    assert rows["our-rule"]["origin"] == "plugin:hospital"


def test_a_modality_written_as_a_department_writes_it_is_refused_naming_the_one_meant(kb_dir: Path, tmp_path: Path, monkeypatch):
    """A plug-in's document and a file's front matter with modality "CT" were refused in pydantic's words ("Input should be
    'cxr' or 'ct_report'"), naming neither kind nor the one meant; they now read as a manifest's bad modality does."""
    plugin = SimpleNamespace(load=lambda: lambda: [{"id": "ward-rule", "text": "Check the side.", "modality": "CT"}])
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: {"ward": plugin})
    rebuilt = runner.invoke(app, ["kb", "rebuild"])
    added = runner.invoke(app, ["kb", "add", str(_write(tmp_path / "rule.md", "our-rule", "ct", "Check the side."))])
    for result in (rebuilt, added):
        refusal = " ".join(result.stderr.split())
        assert result.exit_code == 1 and "Input should be" not in refusal, refusal
        assert "is no modality: use cxr (a chest radiograph) or ct_report (a CT report); did you mean ct_report?" in refusal, refusal
    assert "document 1 ('ward-rule'): modality: 'CT' is no modality" in " ".join(rebuilt.stderr.split())


def test_rebuild_refuses_plugin_documents_that_clash_and_ingests_the_rest(kb_dir: Path, monkeypatch):
    plugins = {
        "dup": lambda: [{"id": "dup-doc", "text": "first", "modality": "ct_report"},
                        {"id": "dup-doc", "text": "second", "modality": "ct_report"}],
        "hijack": lambda: [{"id": "ct-omission-en", "text": "Plug-in text.", "modality": "ct_report"}],
        "fine": lambda: [{"id": "fine-doc", "text": "Contrast rule.", "modality": "ct_report"}],
    }
    sources = {name: SimpleNamespace(load=lambda f=function: f) for name, function in plugins.items()}
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: sources)
    result = runner.invoke(app, ["kb", "rebuild"])
    assert result.exit_code == 1
    assert "dup-doc" in result.stderr and "knowledge source 'dup'" in result.stderr
    assert "ct-omission-en" in result.stderr and "knowledge source 'hijack'" in result.stderr
    rows = {row["doc_id"]: row for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)}
    assert "dup-doc" not in rows and rows["fine-doc"]["origin"] == "plugin:fine"
    assert rows["ct-omission-en"]["origin"] == "shipped"


def test_a_plugin_that_exits_at_load_is_named_and_the_rebuild_goes_on_without_it(kb_dir: Path, monkeypatch):
    """A plug-in module calling sys.exit() as it is imported (a missing licence, a script's guard) ended `kb rebuild`
    at once with its status and no word of which plug-in, the other plug-ins not read; any other exception was named."""
    def exits():
        raise SystemExit("ward licence file missing")

    sources = {"ward": SimpleNamespace(load=exits),
               "fine": SimpleNamespace(load=lambda: lambda: [{"id": "fine-doc", "text": "Contrast rule.", "modality": "ct_report"}])}
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: sources)
    result = runner.invoke(app, ["kb", "rebuild"])
    assert result.exit_code == 1, result.output
    assert "knowledge source 'ward' failed: SystemExit: ward licence file missing" in result.stderr
    assert "plugin fine: 1 added" in result.stdout
    rows = {row["doc_id"]: row for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)}
    assert rows["fine-doc"]["origin"] == "plugin:fine"


def test_rebuild_notes_plugin_documents_retrieval_would_not_use_as_meant(kb_dir: Path, monkeypatch):
    """`kb add` said so of a user's file, `kb rebuild` said nothing of a plug-in's: a radiograph guideline
    without error types (no audit retrieves it), a translation of a document no source holds."""
    documents = [{"id": "untagged-cxr", "text": "Check the markers.", "modality": "cxr"},
                 {"id": "rule-zh", "text": "核对左右。", "modality": "ct_report", "language": "zh", "translation_of": "rule-en"},
                 {"id": "paired-zh", "text": "核对大小。", "modality": "ct_report", "language": "zh", "translation_of": "paired-en"}]
    plugins = {"notes": lambda: documents, "pair": lambda: [{"id": "paired-en", "text": "Check sizes.", "modality": "ct_report"}]}
    sources = {name: SimpleNamespace(load=lambda f=function: f) for name, function in plugins.items()}
    monkeypatch.setattr("radqc.knowledge.sources.plugin_sources", lambda: sources)
    result = runner.invoke(app, ["kb", "rebuild"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert [note.split()[1] for note in notes] == ["untagged-cxr", "rule-zh"], result.stderr
    assert "no audit will retrieve it" in notes[0] and "'rule-en', which is not in the knowledge base" in notes[1]
    # A plug-in has no command line or front matter to give them with.
    assert "error_types in the metadata its plug-in returns" in notes[0] and "--error-type" not in notes[0]


def test_an_unreadable_pdf_gets_one_message_without_the_library_log_line(kb_dir: Path, tmp_path: Path):
    """In a real process: pytest's own log capture would swallow the stray line this is about."""
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    command = "from radqc.cli.main import main; main()"
    result = subprocess.run([sys.executable, "-c", command, "kb", "add", str(fake), "-m", "cxr"], capture_output=True, text=True)
    assert result.returncode == 1 and "unreadable PDF" in result.stderr
    assert "EOF marker" not in result.stderr + result.stdout


def test_kb_add_of_an_old_word_document_says_how_to_get_a_file_radqc_reads(kb_dir: Path, tmp_path: Path):
    """A hospital's protocol is most often a Word file: "unsupported file type; use one of .md, .markdown, .txt,
    .pdf" left the owner of a .doc (Word's format before .docx) to find out how to turn it into one. The other
    files of the command are still added."""
    word = tmp_path / "Laterality policy.doc"
    word.write_bytes(b"\xd0\xcf\x11\xe0 an old Word document")
    markdown = tmp_path / "contrast.md"
    markdown.write_text("# Contrast\nEvery enhanced CT report states the agent, volume and route.\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "add", str(word), str(markdown), "-m", "ct_report"])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 1 and "\tct_report\tContrast" in result.stdout, result.output
    assert (f"skipped: {word}: a word processor's document, which radqc does not read: save it as PDF or as plain text "
            "(.txt) from its editor, or convert it (`libreoffice --headless --convert-to pdf 'Laterality policy.doc'`; "
            "`pandoc 'Laterality policy.doc' -o 'Laterality policy.md'` keeps its headings") in said, said


def _installed_plugin(folder: Path, monkeypatch) -> str:
    """A knowledge-source plug-in installed as a package installs one (its entry point in a dist-info folder on
    sys.path), returning one document: what `radqc kb rebuild` reads."""
    (folder / "site").mkdir()
    (folder / "site" / "radqc_test_plugin.py").write_text(
        "def documents():\n    return [{'id': 'plugin-rule', 'text': 'Name the contrast agent.', 'modality': 'ct_report'}]\n")
    info = folder / "site" / "radqc_test_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: radqc-test-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[radqc.knowledge_sources]\nward = radqc_test_plugin:documents\n")
    monkeypatch.syspath_prepend(str(folder / "site"))
    return "plugin-rule"


def test_kb_remove_says_how_each_kind_of_document_comes_back_and_rebuild_does_so(kb_dir: Path, tmp_path: Path, monkeypatch):
    """Removing a shipped guideline (to try audits without it) said only "removed document ...": whether anything
    would ever put it back was left to guess. What it says is checked by doing it."""
    plugin_id = _installed_plugin(tmp_path, monkeypatch)
    assert runner.invoke(app, ["kb", "rebuild"]).exit_code == 0
    said = {doc_id: " ".join(runner.invoke(app, ["kb", "remove", doc_id]).stdout.split()) for doc_id in ("ct-exam-mismatch-en", plugin_id)}
    assert said["ct-exam-mismatch-en"] == (
        "removed document ct-exam-mismatch-en: 3 chunks; it is one of the shipped guidelines: `radqc kb rebuild` puts it "
        "back (so does an update of radqc that changes the shipped guidelines)"), said
    assert said[plugin_id] == ("removed document plugin-rule: 1 chunk; it came from the plug-in ward: `radqc kb rebuild` "
                               "puts it back while that is installed"), said

    def listed() -> set[str]:
        return {row["doc_id"] for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout)}

    assert not listed() & set(said)  # opening the knowledge base again does not put them back
    rebuilt = runner.invoke(app, ["kb", "rebuild"])
    assert rebuilt.exit_code == 0 and set(said) <= listed(), rebuilt.output


def test_kb_remove_of_your_own_file_says_to_add_it_again(kb_dir: Path, tmp_path: Path):
    rule = tmp_path / "contrast.md"
    rule.write_text("---\nid: local-contrast\n---\n# Contrast\nEvery enhanced CT report states the agent.\n", encoding="utf-8")
    assert runner.invoke(app, ["kb", "add", str(rule), "-m", "ct_report"]).exit_code == 0
    removed = runner.invoke(app, ["kb", "remove", "local-contrast"])
    assert removed.stdout.strip() == "removed document local-contrast: 1 chunk; `radqc kb add` its file again to put it back"


# --- runs that could not be scored -------------------------------------------------------------------


def _metrics_file(folder: Path, block: dict | None) -> Path:
    folder.mkdir()
    (folder / "metrics.json").write_text(json.dumps({"cxr": block, "ct_report": None, "run": {}}))
    return folder


def _block(**counts: int) -> dict:
    rates = dict.fromkeys(("macro_f1", "micro_f1", "recall", "precision", "f1", "false_alarm_rate"), 0.286)
    return {"n_cases": 7, "n_clean": 0, "n_failed": 0, "n_pending": 0, "n_gold": 7, **rates, **counts, "per_type": {"rotation": {"f1": 0.5}}}


def test_compare_says_when_nothing_was_scored(tmp_path: Path):
    run = _metrics_file(tmp_path / "run", None)
    result = runner.invoke(app, ["compare", str(run), str(run)])
    assert result.exit_code == 1 and "nothing to compare" in result.stderr and "gold labels" in result.stderr


def test_compare_shows_failed_and_pending_cases(tmp_path: Path):
    first = _metrics_file(tmp_path / "a", _block())
    second = _metrics_file(tmp_path / "b", _block(n_pending=2, n_failed=1))
    result = runner.invoke(app, ["compare", str(first), str(second)])
    assert result.exit_code == 0
    assert "n_pending" in result.stdout and "n_failed" in result.stdout
    assert "cxr: 1 of 7 cases failed and 2 wait for review" in " ".join(result.stdout.split())


@pytest.mark.parametrize("counts, note", [
    ({"n_failed": 2}, "2 of 7 cases failed; they are scored as misses"),
    ({"n_pending": 1}, "1 of 7 cases waits for review; they are scored as misses (a clean one waiting for review as a false alarm)"),
])
def test_compare_names_only_the_unscored_cases_there_are(tmp_path: Path, counts, note):
    """A run whose cases had failed but none waited said "2 of 7 cases failed and 0 wait for review"."""
    result = runner.invoke(app, ["compare", str(_metrics_file(tmp_path / "a", _block())),
                                 str(_metrics_file(tmp_path / "b", _block(**counts)))], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert [line.split(", cxr: ")[1] for line in result.stdout.splitlines() if ", cxr: " in line] == [note], result.stdout


def test_the_html_report_shows_failed_and_pending_cases():
    from radqc.eval.html_report import HEADLINE, render_html

    block = {**_block(n_failed=7), **{key: None for key in HEADLINE if key not in _block()}, "per_type": {}, "per_type_instance": {}}
    page = render_html({"cxr": block}, "all errors")
    assert "<td>n_failed</td>" in page and "7 of 7 cases failed" in page


@pytest.mark.parametrize("api_calls, failed_calls, failed_cases, said", [
    (3, 1, 2, "gpt-4o was taken out of this run, its later cases failed without a call: the account is out of credit"),
    (1, 1, 2, "gpt-4o failed from its first case and was taken out of this run, its later cases failed without a call: the account is out of credit"),
    (3, 1, 0, "gpt-4o was taken out of this run, its later cases were audited without a call to it, by the other role alone: the account is out of credit"),
], ids=["after-answering", "from-the-first-case", "the-rules-answered"])
def test_the_html_report_names_a_model_taken_out_of_the_run_and_why(api_calls, failed_calls, failed_cases, said):
    """The summary says so in red, in the same words; the page printed `models_down` as a raw dict, and said
    "its later cases failed" of a model that had failed from its first case, and of one whose cases the rules answered."""
    from radqc.eval.html_report import render_html

    usage = {"api_calls": api_calls, "failed_calls": failed_calls, "cache_hits": 0, "prompt_tokens": 9, "completion_tokens": 9, "cost_usd": 0.0}
    page = render_html({"run": {"profile": "openai", "models_down": {"gpt-4o": "the account is out of credit"},
                                "failed_unasked": {"gpt-4o": failed_cases}, "llm_usage": {"gpt-4o": usage}}}, "run")
    assert f"<strong>{said}</strong>" in page and "{" not in page.split("</style>")[1]
