"""Run a profile's workflow over a dataset and keep every answer on disk as soon as it exists.

A run folder (`--out`) holds one profile's run over one dataset:

- `run.json`: the run id, the profile and the dataset, so a re-run or `radqc review` rebuilds the same
  workflow, and a run of another profile or dataset is refused; with retrieval, what the knowledge base
  held when the run started (`KnowledgeBase.fingerprint`), and what it held when a resumed run audited
  cases against a knowledge base changed since;
- `case_inputs.json`: each case's input fingerprint (`case_inputs.py`), so that a re-run reuses an
  answer or a checkpoint only when the case's input is unchanged;
- `audited_in_part.json`: the cases audited in part that a run is auditing again, written before their
  answers are dropped, so that a re-audit stopped half way (`kill -9`) still carries their verdicts over;
- `run.lock`: locked by the process writing to the folder, so that a second run fails at once;
- `checkpoints.sqlite`: LangGraph's checkpoints, one thread per (run, case), for cases in flight or
  waiting for review (a finished case's thread is dropped once its result is written, and the file
  is compacted when a run or review ends with most of it free);
- `predictions.jsonl` (the spec's format), `traces.jsonl` (what each node did, and the roles whose
  auditor gave no answer: the spec's format has no field for them), `adjudications.jsonl` (reviewer
  verdicts, the spec's format);
- `site_baseline.json`: how the dataset's radiographs measure as a batch (`agents/cxr/site.py`),
  measured once before the first case, so that a resumed run judges its films exactly as it began.

Files are appended and fsync'd case by case, so a crash or Ctrl-C loses at most the step in flight;
a re-run with the same folder skips answered cases and resumes the others from their checkpoint (no
case lost or scored twice). A case whose input changed, that failed or that was audited in part (one role's
answer alone) is audited again (the last keeping its reviewer's verdicts on the findings found again), a case
that left the manifest is dropped, and the predictions end in manifest order, one line per case, whatever the workers did.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import closing, contextmanager
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel

from radqc.agents.cxr.site import SiteBaseline, measure_site
from radqc.agents.registry import AuditorFactory, make_auditor
from radqc.dataset import CaseError, Dataset
from radqc.file_lock import exclusive_lock
from radqc.eval.case_inputs import case_fingerprint
from radqc.eval.predictions import read_predictions
from radqc.graphs.workflow import AuditWorkflow, PendingReview
from radqc.knowledge import past_case_batches
from radqc.profiles import Profile, hidden_secrets
from radqc.jsonl import jsonl_text, read_jsonl, write_atomically
from radqc.schemas import Adjudication, AuditResult, Case
from radqc.workers import unwaited_pool

PREDICTIONS = "predictions.jsonl"
TRACES = "traces.jsonl"
ADJUDICATIONS = "adjudications.jsonl"
RUN_FILE = "run.json"
CHECKPOINTS = "checkpoints.sqlite"
SITE_FILE = "site_baseline.json"
INPUTS_FILE = "case_inputs.json"
AGAIN_FILE = "audited_in_part.json"
LOCK_FILE = "run.lock"


class RunStats(BaseModel):
    profile: str
    rag: bool
    seconds: float
    cases_per_second: float  # 0 when the run audited nothing (it re-scored earlier answers): the spec's field is a number
    audited: int  # by this run, those that then paused for review included
    resumed: int  # answers kept from an earlier run, and cases still waiting for the review an earlier run asked
    pending_review: int = 0  # every case waiting for review now
    paused: int = 0  # of the cases this run audited, those waiting for review
    site_baseline_films: int = 0  # the radiographs the run's site baseline was measured on (0: none)
    knowledge_base: dict[str, Any] | None = None  # what it held when the run started (None: no retrieval)
    # What it held when a resumed run last audited cases against a knowledge base changed since it started:
    # the answers then come from two (None: one throughout).
    knowledge_base_changed: dict[str, Any] | None = None
    # Each model the run stopped calling (its provider refused the key, ran out of credit, kept failing),
    # with why: its cases from then on failed without a call.
    models_down: dict[str, str] = {}
    # Answered cases whose findings are one role's alone, the other's auditor having given no answer (a model down):
    # such a run is incomplete, as one with failed cases is, and a re-run audits them again.
    partly_audited: int = 0


class RunFolderError(Exception):
    """The folder cannot hold this run: another run's (profile or dataset), in use by another process,
    damaged, or not a folder at all."""


def error_result(error: CaseError) -> AuditResult:
    return AuditResult(case_id=error.case_id, modality=error.modality, status="error", error=error.message)


class _StoredSite(BaseModel):
    enabled: bool
    baseline: SiteBaseline | None = None  # None: switched off, or too few radiographs to tell


def _read_stored_site(path: Path) -> _StoredSite:
    try:
        return _StoredSite.model_validate_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise RunFolderError(f"{path} is not a readable {SITE_FILE} ({exc})") from exc


def read_site_file(path: Path) -> SiteBaseline | None:
    """The baseline a run folder's SITE_FILE holds (None: that run had it off, or too few films). PATH:
    the file, or the run folder that holds it."""
    path = Path(path)
    return _read_stored_site(path / SITE_FILE if path.is_dir() else path).baseline


class RunFolder:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._verdicts_written: set[tuple[str, ...]] | None = None  # adjudications.jsonl's, read on first write

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder as its only writer. Two runs writing into one folder would audit every case
        twice and interleave their lines, so the second fails at once. The lock is the operating
        system's (`radqc.file_lock`): it goes with the process, also on a crash or kill -9."""
        self._require_writable()
        with exclusive_lock(self.path / LOCK_FILE, wait=False) as obtained:
            if not obtained:
                raise RunFolderError(f"another radqc process is writing to {self.path}; wait until it ends or use another --out")
            yield

    def _require_writable(self) -> None:
        """Refuse, before anything is done, a folder or a file in it that this process may not write: a
        run or a review writes its lock, checkpoints and answers as it goes (and SQLite writes to open its
        checkpoints at all). Read-only, a run folder failed with a traceback, or its intact checkpoint
        file was called damaged and the user told to move it aside."""
        blocked = next((path for path in (self.path, *self.path.iterdir()) if not os.access(path, os.W_OK)), None)
        if blocked is not None:
            raise RunFolderError(
                f"{blocked} is read-only, and radqc writes into a run folder as it works, also to list or score it: "
                f"make the folder and its files writable, or work on a copy"
            )

    def create(self) -> None:
        """Make the folder (and its parents); a clear error when --out is a file or cannot be made."""
        if self.path.exists() and not self.path.is_dir():
            raise RunFolderError(f"{self.path} is a file; --out needs a folder")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunFolderError(f"cannot create the folder {self.path}: {exc.strerror or exc}") from exc

    def claim(self, profile: Profile, dataset_root: Path, knowledge_base: dict[str, Any] | None = None) -> str:
        """The run id, creating run.json on first use (with KNOWLEDGE_BASE, what the knowledge base holds
        now). The folder is one profile's run over one dataset: another profile's predictions would mix
        two systems, and another dataset's would mix two sets of cases. Both are refused rather than merged or overwritten, since a mistyped --out
        must not throw away hours of someone's audit. (A folder from before radqc recorded the dataset
        is taken to be this dataset's.)"""
        dataset = str(dataset_root)
        recorded = profile.public_dump()  # a key written into the profile stays out of run.json
        run = self._run_record() if (self.path / RUN_FILE).exists() else {
            "run_id": uuid.uuid4().hex[:12], "profile": recorded, "dataset": dataset,
            **({"knowledge_base": knowledge_base} if knowledge_base else {}),
        }
        if (held := hidden_secrets(run.get("profile"))) != recorded:
            name = (held or {}).get("name")
            other = f"not of {recorded['name']!r}" if name != recorded["name"] else f"with other settings ({_settings_changed(held, recorded)})"
            raise RunFolderError(f"{self.path} holds a run of profile {name!r}, {other}; use a new --out")
        if run.setdefault("dataset", dataset) != dataset:
            raise RunFolderError(f"{self.path} holds a run over the dataset {run['dataset']}, not {dataset}; use a new --out")
        write_atomically(self.path / RUN_FILE, json.dumps(run | {"profile": recorded}, indent=2))
        return run["run_id"]

    def knowledge_bases(self, now: dict[str, Any] | None, audited: bool) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """What the knowledge base held when the run started, and (or None) what it held when a resumed
        run last audited cases against another one: NOW when this run AUDITED cases and it differs from
        the start, recorded so that a later re-scoring still says so. Such a run is not refused, since a
        run's own `radqc review` adds past cases to the knowledge base it retrieves from, and
        re-running `radqc eval` to audit what is left is how a run goes on."""
        run = self._run_record()
        started = run.get("knowledge_base")
        if audited and started and now and now != started:
            run["knowledge_base_changed"] = now
            write_atomically(self.path / RUN_FILE, json.dumps(run, indent=2))
        return started, run.get("knowledge_base_changed")

    def profile(self) -> Profile:
        try:
            return Profile.model_validate(self._run_record()["profile"])
        except (KeyError, ValueError) as exc:
            raise RunFolderError(f"{self.path / RUN_FILE} does not hold a valid profile: {exc}") from exc

    def _run_record(self) -> dict[str, Any]:
        try:
            record = json.loads((self.path / RUN_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise RunFolderError(f"{self.path} is not a run folder (no {RUN_FILE})") from exc
        except (OSError, ValueError) as exc:
            raise RunFolderError(f"{self.path / RUN_FILE} is unreadable: {exc}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("run_id"), str):
            raise RunFolderError(f"{self.path / RUN_FILE} is not a radqc run record")
        return record

    def site_baseline(self, dataset: Dataset, enabled: bool, workers: int = 1) -> SiteBaseline | None:
        """The run's radiograph baseline: the one stored in the folder, else measured on DATASET's
        radiographs (when ENABLED) and stored. Refuses to switch it on or off half way through a run:
        the two halves would be judged differently. A dataset without radiographs has none."""
        films = [case.image_file for case in dataset.cases if case.modality == "cxr" and case.image_file]
        path = self.path / SITE_FILE
        if not films:
            return None
        if path.is_file():
            try:
                stored = _read_stored_site(path)
            except RunFolderError as exc:
                raise RunFolderError(f"{exc}; delete it to measure the baseline again") from exc
            if stored.enabled != enabled:
                raise RunFolderError(
                    f"{self.path} was audited with the site baseline {'on' if stored.enabled else 'off'}; "
                    f"re-run with {'--site-baseline' if stored.enabled else '--no-site-baseline'} or use a new --out"
                )
            return stored.baseline
        stored = _StoredSite(enabled=enabled, baseline=measure_site(films, workers) if enabled else None)
        write_atomically(path, stored.model_dump_json(indent=2))
        return stored.baseline

    @contextmanager
    def workflow(self, profile: Profile, **collaborators: Any) -> Iterator[AuditWorkflow]:
        """The profile's workflow with this folder's checkpoint file (closed on exit)."""
        connection = self._open_checkpoints()
        try:
            yield AuditWorkflow(profile, checkpointer=_checkpointer(connection), **collaborators)
        finally:
            connection.close()

    def _open_checkpoints(self) -> sqlite3.Connection:
        """The checkpoint database, checked readable now rather than half way through a case. A
        damaged one is the user's to deal with: it holds the cases in flight and those waiting for a
        reviewer, so radqc says how to start them afresh instead of deleting it."""
        path = self.path / CHECKPOINTS
        self._require_writable()
        connection = None
        try:
            connection = sqlite3.connect(path, check_same_thread=False)
            # WAL without a sync per commit: survives kill -9 (what resuming is for) at a fraction of the
            # cost; a power cut may lose the last checkpoints, and those steps simply run again.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            _checkpointer(connection).setup()
        except sqlite3.DatabaseError as exc:
            if connection is not None:
                connection.close()
            raise RunFolderError(
                f"{path} is not a readable checkpoint database ({exc}). It holds the cases that were in flight "
                f"or waiting for review: move it aside (mv {path} {path}.damaged) and re-run to audit those cases afresh"
            ) from exc
        return connection

    def compact_checkpoints(self) -> None:
        """Give the space of dropped checkpoints back. SQLite keeps a deleted row's pages in the file
        for reuse, so a run folder whose thousands of reviewed cases were written kept the file's size
        (137 MB for 3,244 cases, all resolved). VACUUM rewrites what is still live, so it runs only
        when at least half of the file is free: it then copies no more than it gives back. It is one
        transaction: a kill leaves the file as it was. Only the folder's writer may call it."""
        with closing(sqlite3.connect(self.path / CHECKPOINTS)) as connection:
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            free = connection.execute("PRAGMA freelist_count").fetchone()[0]
            if free and 2 * free >= pages:
                connection.execute("VACUUM")

    def keep_unchanged_answers(
        self, dataset: Dataset, workflow: AuditWorkflow, run_id: str
    ) -> tuple[set[str], dict[str, list[dict[str, Any]]]]:
        """Keep what earlier runs left for the cases of DATASET whose input is unchanged, and return
        their ids, with the verdicts to carry over by case id (below). Everything else goes: the answer
        and checkpoint of a case whose input changed (it is audited again), those of cases no longer in
        the manifest, bad lines' errors (written again from today's manifest), duplicate lines (two runs
        at once before runs were locked), and the answers of cases that failed: a model that was down or a bug fixed since is worth another try,
        and a bad input fails again at no cost. So do the answers of cases audited in part (`partly_audited`):
        kept, they left the run incomplete (exit 3) for good once the model was back; the role that
        answered is asked again with the same prompt, which the reply cache answers without a call. Such a
        case a reviewer judged keeps its verdicts (adjudications.jsonl), carried over to the findings they
        name in its new audit (`AuditWorkflow.run_case`): without them it waited for a second review of
        findings the first had settled.
        The fingerprints are stored last, so a crash half way leaves nothing stale behind. A folder
        written before radqc stored fingerprints keeps its answers, as radqc kept them then: throwing
        away hours of audit would be worse than trusting the one check it had (the same profile). So does
        one written before radqc recorded the failed roles: nothing there tells a case audited in part."""
        fingerprints = {case.case_id: case_fingerprint(case) for case in dataset.cases}
        predictions = read_predictions(self.path / PREDICTIONS)
        unchanged = self._reusable(fingerprints, predictions)
        in_part = self._unchanged(fingerprints) & (self._partly_audited_cases() | self._audited_again(predictions))
        # Stored before their answers go (`rewrite_answers`): a re-audit killed half way leaves no answer to tell
        # them by, and without the mark a reviewed case would wait for its whole review again.
        if in_part:
            write_atomically(self.path / AGAIN_FILE, json.dumps(sorted(in_part)))
        else:
            (self.path / AGAIN_FILE).unlink(missing_ok=True)
        carried = self._verdicts_on(in_part)
        _forget_threads_except(workflow, {_thread_id(run_id, case_id) for case_id in unchanged})
        kept = self.rewrite_answers([case_id for case_id in dataset.order if case_id in unchanged])
        write_atomically(self.path / INPUTS_FILE, json.dumps(fingerprints, indent=1))
        return kept, carried

    def cases_to_audit(self, dataset: Dataset, profile: Profile) -> list[Case]:
        """The cases of DATASET a re-run of PROFILE into this folder would hand to its auditors, the only
        ones that may call a model (so `radqc eval` asks for an API key only when there is one): not those
        whose earlier answer it keeps (as `keep_unchanged_answers` keeps them), nor those waiting for a
        reviewer or answered by one, whose workflow goes on without an auditor. Asked before a run, so
        that a missing API key stops it before the first case."""
        if not self.path.is_dir():
            return list(dataset.cases)
        predictions = read_predictions(self.path / PREDICTIONS)
        fingerprints = {case.case_id: case_fingerprint(case) for case in dataset.cases}
        reusable = self._reusable(fingerprints, predictions)
        done = reusable & (set(predictions) | self._in_review(profile))
        return [case for case in dataset.cases if case.case_id not in done]

    def _in_review(self, profile: Profile) -> set[str]:
        """The ids of the cases this folder's checkpoints hold waiting for a reviewer, or answered by one
        and not yet written (only a reviewing profile pauses cases). Read under the folder's lock, so that
        a run or review writing to it is named as such rather than met as a busy checkpoint file."""
        if not (profile.review and (self.path / CHECKPOINTS).is_file() and (self.path / RUN_FILE).is_file()):
            return set()
        prefix = _thread_id(self._run_record()["run_id"], "")
        with self.locked(), self.workflow(profile) as workflow:
            waiting, answered = workflow.review_threads()
        threads = [review.thread_id for review in waiting] + answered
        return {thread.removeprefix(prefix) for thread in threads if thread.startswith(prefix)}

    def _reusable(self, fingerprints: dict[str, str], predictions: dict[str, AuditResult]) -> set[str]:
        """The cases of FINGERPRINTS whose earlier answer or checkpoint may be reused: their input is unchanged
        since the last run, and their answer in PREDICTIONS, if any, is no error and not one role's alone."""
        return self._unchanged(fingerprints) - self.retried(predictions)

    def retried(self, predictions: dict[str, AuditResult]) -> set[str]:
        """The cases answered in PREDICTIONS that a re-run audits again although answered: those whose audit
        failed, and those one role's alone (a Ctrl-C's message counts them apart from the answers it keeps)."""
        return {case_id for case_id, result in predictions.items() if result.status == "error"} | self._partly_audited_cases()

    def _unchanged(self, fingerprints: dict[str, str]) -> set[str]:
        """The cases of FINGERPRINTS whose input is as the last run stored it (every case, when it stored none)."""
        stored = self._stored_fingerprints()
        if stored is None:
            return set(fingerprints)
        return {case_id for case_id, fingerprint in fingerprints.items() if stored.get(case_id) == fingerprint}

    def _verdicts_on(self, case_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The verdicts adjudications.jsonl holds on the cases CASE_IDS, by case id."""
        verdicts: dict[str, list[dict[str, Any]]] = {}
        for record in read_jsonl(self.path / ADJUDICATIONS) if case_ids else ():
            if (verdict := Adjudication.model_validate(record)).case_id in case_ids:
                verdicts.setdefault(verdict.case_id, []).append(verdict.model_dump())
        return verdicts

    def _stored_fingerprints(self) -> dict[str, str] | None:
        """The fingerprints stored by the last run; None when it stored none (a new folder, or one from
        before fingerprints), {} when they cannot be read (then nothing is reused)."""
        path = self.path / INPUTS_FILE
        if not path.exists():
            return None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def rewrite_answers(self, case_ids: list[str]) -> set[str]:
        """Rewrite predictions and traces with the first answer of each of CASE_IDS, in that order, and
        nothing else; returns the ids that have an answer. (A torn last line goes too.)"""
        predictions = read_predictions(self.path / PREDICTIONS)
        traces: dict[str, dict[str, Any]] = {}
        for record in read_jsonl(self.path / TRACES):
            traces.setdefault(record.get("case_id"), record)
        answered = [case_id for case_id in case_ids if case_id in predictions]
        write_atomically(self.path / TRACES, jsonl_text(traces[case_id] for case_id in answered if case_id in traces))
        write_atomically(self.path / PREDICTIONS, jsonl_text(predictions[case_id].prediction_line() for case_id in answered))
        return set(answered)

    def write(self, result: AuditResult, verdicts: list[dict[str, Any]] = ()) -> None:
        """Adjudications first, the prediction last: the prediction line marks the case as done, and
        a crash in between re-writes only adjudications not already there. A verdict that differs from
        one already there (a case reviewed again after its report was corrected) is written too: the
        log keeps the disagreement for `radqc data apply-verdicts` and `radqc eval` to report. One verdict
        judging several findings (they share type and evidence) is written once: a line per finding made
        `radqc data apply-verdicts` count the label it had just added as already in gold."""
        if verdicts:
            known = self._written_verdicts()
            new = []
            for verdict in verdicts:
                if (identity := _verdict_identity(verdict)) not in known:
                    new.append(verdict)
                    known.add(identity)
            _append(self.path / ADJUDICATIONS, new)
        _append(self.path / TRACES, [{"case_id": result.case_id, "trace": result.trace, "failed_roles": result.failed_roles}])
        _append(self.path / PREDICTIONS, [result.prediction_line()])

    def partly_audited(self) -> int:
        """How many answered cases are one role's alone (`AuditResult.failed_roles`)."""
        return len(self._partly_audited_cases())

    def _partly_audited_cases(self) -> set[str]:
        """The ids of the cases whose findings are one role's alone, read from the traces, which `write` gives
        them and `rewrite_answers` keeps in step with the answers: predictions.jsonl has no field for them.
        A re-run audits these cases again (`_reusable`)."""
        return {record.get("case_id") for record in read_jsonl(self.path / TRACES) if record.get("failed_roles")}

    def _audited_again(self, predictions: dict[str, AuditResult]) -> set[str]:
        """The cases audited in part whose audit again, begun by an earlier run (`AGAIN_FILE`), left no answer
        of its own in PREDICTIONS (it was stopped, or failed); an unreadable file marks none."""
        try:
            marked = json.loads((self.path / AGAIN_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        answered = {case_id for case_id, result in predictions.items() if result.status != "error"}
        return {case_id for case_id in marked if isinstance(case_id, str)} - answered if isinstance(marked, list) else set()

    def _written_verdicts(self) -> set[tuple[str, ...]]:
        """The verdicts in adjudications.jsonl (`_verdict_identity`), read once and then kept up to date
        by `write`: re-reading the log for every reviewed case made reviewing thousands of cases
        quadratic (only this process writes the file while it holds the lock)."""
        if self._verdicts_written is None:
            self._verdicts_written = {_verdict_identity(r) for r in read_jsonl(self.path / ADJUDICATIONS)}
        return self._verdicts_written


def _settings_changed(held: Any, given: Any, listed: int = 3) -> str:
    """Which of a profile's settings differ between HELD, a run folder's, and GIVEN, this run's (both as plain data), as
    dotted names with both values, the first LISTED: "with other settings" alone left a researcher who had run
    `--no-rag` into a run with retrieval to guess which setting it meant."""
    def changes(held: Any, given: Any, at: str) -> Iterator[str]:
        if isinstance(held, dict) and isinstance(given, dict):
            for key in [*held, *(key for key in given if key not in held)]:
                yield from changes(held.get(key), given.get(key), f"{at}.{key}" if at else str(key))
        elif held != given:
            yield f"{at or 'profile'} was {_shortened(held)}, now {_shortened(given)}"

    found = list(changes(held, given, ""))
    return "; ".join(found[:listed]) + (f"; and {len(found) - listed} more" if len(found) > listed else "")


def _shortened(value: Any, most: int = 60) -> str:
    """VALUE as Python writes it, cut to MOST characters: a changed description or prompt is named, not printed whole."""
    written = repr(value)
    return written if len(written) <= most else written[: most - 1] + "…"


def _verdict_identity(record: dict[str, Any]) -> tuple[str, ...]:
    """A verdict as the log tells it apart: its finding and what was decided (not who decided it)."""
    verdict = Adjudication.model_validate(record)
    return (*verdict.key(), verdict.verdict)


def run_dataset(
    dataset: Dataset,
    out_dir: Path,
    profile: Profile,
    on_case: Callable[[AuditResult], None] = lambda result: None,
    *,
    on_start: Callable[[int], None] = lambda total: None,
    on_pending: Callable[[str], None] = lambda case_id: None,
    auditor_factory: AuditorFactory = make_auditor,
    knowledge: Any = None,
    workers: int = 1,
    site_baseline: bool = True,
    knowledge_base: dict[str, Any] | None = None,
) -> RunStats:
    """Audit every case not yet answered in OUT_DIR (or whose input changed since), WORKERS cases at
    a time, telling ON_START how many cases this run will go through and ON_CASE each result. With
    `profile.review`, audited cases wait for `radqc review OUT_DIR` and are written when reviewed
    (counted in `pending_review`); ON_PENDING hears each one's id, so that a progress bar counting
    to ON_START's total reaches it. SITE_BASELINE: judge the radiographs against the look of the
    dataset's own films (`RunFolder.site_baseline`). KNOWLEDGE_BASE: what the knowledge base holds now
    (`KnowledgeBase.fingerprint`), for a run with retrieval. The predictions end in manifest order.

    Workers are threads: the image measurements spend most of their time in numpy and scipy, which
    release the GIL (2 threads audit 1.6x as many radiographs per second as one on 2 cores), and an LLM
    profile's cases wait on the network. Only this thread writes to the run folder."""
    folder = RunFolder(out_dir)
    if folder.path.resolve() == dataset.root.resolve():
        # The run's files would mix with the dataset's, and its reviewers' adjudications.jsonl would be
        # read back as the dataset's own verdicts.
        raise RunFolderError(f"{folder.path} is the dataset's own folder; give --out a folder of its own (runs/NAME, say)")
    folder.create()
    with folder.locked():
        run_id = folder.claim(profile, dataset.root, knowledge_base)
        _drop_torn_tail(folder.path / ADJUDICATIONS)
        started = time.perf_counter()
        site = folder.site_baseline(dataset, site_baseline, max(1, workers))
        audited = pending = paused = 0
        with folder.workflow(profile, auditor_factory=auditor_factory, knowledge=knowledge, site=site) as workflow:
            resumed, reviewed = folder.keep_unchanged_answers(dataset, workflow, run_id)
            waiting: set[str] = set()  # threads an earlier run left waiting for review: not audited again
            if profile.review:  # cases a review stopped before writing: answered, so written now
                earlier, answered = workflow.review_threads()
                waiting = {review.thread_id for review in earlier}
                resumed |= {result.case_id for result in _write_reviewed(folder, workflow, answered)}
            cases = [case for case in dataset.cases if case.case_id not in resumed]
            on_start(len(dataset.errors) + len(cases))
            for error in dataset.errors:
                folder.write(error_result(error))
                on_case(error_result(error))
            for case, result in _audited(workflow, cases, run_id, max(1, workers), reviewed):
                if result is None:
                    pending += 1
                    if _thread_id(run_id, case.case_id) in waiting:
                        resumed.add(case.case_id)
                    else:
                        audited, paused = audited + 1, paused + 1
                    on_pending(case.case_id)
                    continue
                audited += 1
                thread_id = _thread_id(run_id, result.case_id)
                if profile.review and workflow.answered(thread_id):  # every finding judged by an earlier review
                    result = _write_reviewed(folder, workflow, [thread_id])[0]
                else:
                    folder.write(result)
                    workflow.forget(thread_id)
                on_case(result)
            models_down = workflow.steps.models_down()
        folder.rewrite_answers(dataset.order)
        partly_audited = folder.partly_audited()
        folder.compact_checkpoints()
        started_with, changed_to = folder.knowledge_bases(knowledge_base, audited > 0)
    seconds = time.perf_counter() - started
    return RunStats(
        profile=profile.name,
        rag=profile.retrieval.enabled,
        seconds=round(seconds, 3),
        cases_per_second=round(audited / seconds, 3) if seconds > 0 else 0.0,
        audited=audited,
        resumed=len(resumed),
        pending_review=pending,
        paused=paused,
        site_baseline_films=site.films if site else 0,
        knowledge_base=started_with,
        knowledge_base_changed=changed_to,
        models_down=models_down,
        partly_audited=partly_audited,
    )


def _audited(
    workflow: AuditWorkflow, cases: list, run_id: str, workers: int, reviewed: dict[str, list[dict[str, Any]]]
) -> Iterator[tuple[Case, AuditResult | None]]:
    """Each case with its result as soon as it exists (None while it waits for review), REVIEWED giving the
    verdicts an earlier review left on its input (`AuditWorkflow.run_case`). One worker audits in
    manifest order in this thread; more keep WORKERS cases in flight. Ctrl-C does not wait for those (a
    worker may be loading a model for seconds): `radqc` then exits without them, and they start over
    on the re-run, as after `kill -9`."""
    if workers == 1:
        yield from ((case, _audit_case(workflow, case, _thread_id(run_id, case.case_id), reviewed)) for case in cases)
        return
    queue = iter(cases)
    with unwaited_pool(workers, "radqc-case") as pool:
        running: dict[Future, Case] = {}
        while True:
            for case in queue:
                running[pool.submit(_audit_case, workflow, case, _thread_id(run_id, case.case_id), reviewed)] = case
                if len(running) >= workers:
                    break
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            yield from ((running.pop(future), future.result()) for future in finished)


def _audit_case(workflow: AuditWorkflow, case, thread_id: str, reviewed: dict[str, list[dict[str, Any]]]) -> AuditResult | None:
    try:
        return workflow.run_case(case, thread_id, reviewed.get(case.case_id, []))
    except Exception as exc:  # a bug must cost one case, not the run
        return AuditResult(case_id=case.case_id, modality=case.modality, status="error", error=f"{type(exc).__name__}: {exc}")


def pending_reviews(out_dir: Path) -> list[PendingReview]:
    folder = RunFolder(out_dir)
    with folder.workflow(folder.profile()) as workflow:
        return workflow.pending_reviews()


def complete_reviews(
    out_dir: Path,
    decide: Callable[[PendingReview], list[dict[str, Any]] | None],
    *,
    knowledge: Any = None,
) -> list[AuditResult]:
    """Resume each paused case with DECIDE's verdicts (None leaves it paused) and write its result;
    cases an earlier review answered but did not write (it was stopped) are written first.
    Holds the folder's lock like a run does: both write its files. A review killed in the middle of
    a line leaves it torn; it is cut before appending, or the next verdict would be glued to it (and
    `radqc eval` would refuse the log)."""
    folder = RunFolder(out_dir)
    profile = folder.profile()
    with folder.locked():
        with folder.workflow(profile, knowledge=knowledge) as workflow:
            for name in (ADJUDICATIONS, TRACES, PREDICTIONS):
                _drop_torn_tail(folder.path / name)
            waiting, answered = workflow.review_threads()
            resumed = (review.thread_id for review in waiting if _resumed(workflow, review, decide(review)))
            finished = _write_reviewed(folder, workflow, chain(answered, resumed))
        folder.compact_checkpoints()
    return finished


def _resumed(workflow: AuditWorkflow, review: PendingReview, verdicts: list[dict[str, Any]] | None) -> bool:
    """Whether REVIEW's case went on with VERDICTS to its result (None: the reviewer gave none)."""
    return verdicts is not None and workflow.resume(review, verdicts) is not None


def _write_reviewed(folder: RunFolder, workflow: AuditWorkflow, thread_ids: Iterable[str]) -> list[AuditResult]:
    """Write the answered cases of THREAD_IDS a batch at a time (`past_case_batches`, read as they
    come): the batch's past cases go to the store in one write, then each case's verdicts, trace and
    prediction, then its checkpoint is dropped. Until then the checkpoint holds the verdicts and the
    past case, so a review or run killed at any point writes them next time: the store keeps a case
    under one id (storing it again replaces it), and a case's first prediction is the one scored."""
    written = []
    for batch in past_case_batches(thread_ids):
        cases = [workflow.reviewed(thread_id) for thread_id in batch]
        storing = [case for case in cases if case.past_case is not None]
        outcomes = dict(zip((case.thread_id for case in storing), workflow.remember([case.past_case for case in storing])))
        for case in cases:
            result = case.result
            if case.thread_id in outcomes:
                result = result.model_copy(update={"trace": {**result.trace, "closed_loop": outcomes[case.thread_id]}})
            folder.write(result, case.verdicts)
            workflow.forget(case.thread_id)
            written.append(result)
    return written


def _thread_id(run_id: str, case_id: str) -> str:
    """The checkpoint thread of one case of one run."""
    return f"{run_id}:{case_id}"


def _checkpointer(connection: sqlite3.Connection):
    from langgraph.checkpoint.sqlite import SqliteSaver

    return SqliteSaver(connection)


def _forget_threads_except(workflow: AuditWorkflow, keep: set[str]) -> None:
    """Drop every checkpoint thread but KEEP's: resuming a case whose input changed would finish the
    old input's audit, or ask a reviewer about it."""
    for thread_id in {checkpoint.config["configurable"]["thread_id"] for checkpoint in workflow.checkpointer.list(None)} - keep:
        workflow.forget(thread_id)


def _append(path: Path, records: list[dict[str, Any]]) -> None:
    if not records:
        return
    with path.open("a", encoding="utf-8") as sink:
        sink.write(jsonl_text(records))
        sink.flush()
        os.fsync(sink.fileno())


def _drop_torn_tail(path: Path) -> None:
    """A kill -9 mid-write can leave a partial last line; cut it so appends stay valid JSONL."""
    if not path.is_file():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])
