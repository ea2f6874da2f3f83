"""The per-case audit workflow: the public entry point `radqc audit`, `radqc eval` and `radqc review` use.

Without a checkpointer a case runs start to end in memory (`audit`). With one (a run folder's SQLite
file), each case is a thread that survives a crash (`run_case` resumes it) and can pause for a human
reviewer (`pending_reviews`, `resume`); review needs the checkpointer, because the pause may last days.
A reviewed case's thread is kept until the run folder has written it (`reviewed`, `remember`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from radqc.agents.cxr.site import SiteBaseline
from radqc.agents.registry import AuditorFactory, make_auditor
from radqc.eval.adjudications import AdjudicationError
from radqc.graphs.build import build_graph
from radqc.graphs.nodes import AuditSteps
from radqc.graphs.review import REFUSED
from radqc.knowledge import NOT_STORED, PastCase
from radqc.plural import counted
from radqc.profiles import Profile
from radqc.schemas import AuditResult, Case

# A case's checkpoint is written when its graph run stops (finished, paused for a reviewer, or stopped by
# an exception such as Ctrl-C), not after every step: resuming needs only the last one, and a case
# waiting for review kept all of them (27.8 kB a case; 6.9 kB with the last alone). The SQLite saver
# has no pruning. A case killed outright (kill -9) mid-audit is audited again from its start.
DURABILITY = "exit"


@dataclass
class PendingReview:
    thread_id: str
    interrupt_id: str
    payload: dict[str, Any]  # case_id, modality, report, image_file, findings; REFUSED when its last answer was


@dataclass
class ReviewedCase:
    """A case a reviewer has answered, with what the run folder writes for it."""

    thread_id: str
    result: AuditResult
    verdicts: list[dict[str, Any]]  # the adjudications.jsonl records that matched a finding
    past_case: PastCase | None  # None: it could not be prepared (its trace's closed_loop says why)


class AuditWorkflow:
    """Builds the graph once per run and audits cases one at a time."""

    def __init__(
        self,
        profile: Profile,
        *,
        auditor_factory: AuditorFactory = make_auditor,
        knowledge: Any = None,
        checkpointer: Any = None,
        site: SiteBaseline | None = None,
    ):
        self.profile = profile
        self.checkpointer = checkpointer
        self.steps = AuditSteps(profile, auditor_factory, knowledge, review=profile.review and checkpointer is not None, site=site)
        self.graph = build_graph(self.steps, checkpointer)

    def audit(self, case: Case) -> AuditResult:
        """One case, start to end, nothing kept (review is skipped: it needs a run folder)."""
        if self.checkpointer is not None:
            raise RuntimeError("this workflow keeps checkpoints: use run_case(case, thread_id)")
        return AuditResult.model_validate(self.graph.invoke({"case": case.model_dump()})["result"])

    def run_case(self, case: Case, thread_id: str, reviewed: list[dict[str, Any]] | None = None) -> AuditResult | None:
        """Audit CASE as thread THREAD_ID, picking up where a crashed run left it. None while the case
        waits for a reviewer. REVIEWED: verdicts an earlier review gave this same input, which judge the
        findings they name (`AuditSteps.human_review`); a case they judge whole is `answered` without a pause."""
        snapshot = self.graph.get_state(_config(thread_id))
        if snapshot.interrupts:
            return None
        if snapshot.next:
            self._run(None, thread_id)
        elif "result" not in snapshot.values:
            self._run({"case": case.model_dump(), **({"reviewed": reviewed} if reviewed else {})}, thread_id)
        return self._outcome(thread_id)

    def pending_reviews(self) -> list[PendingReview]:
        return self.review_threads()[0]

    def review_threads(self) -> tuple[list[PendingReview], list[str]]:
        """(the cases waiting for a reviewer, the threads of cases a reviewer has answered). An
        answered case's thread lasts until the run folder has written the case: one found here was
        answered by a review that stopped before writing it (killed, or Ctrl-C)."""
        thread_ids = sorted({c.config["configurable"]["thread_id"] for c in self.checkpointer.list(None)})
        pending, answered = [], []
        for thread_id in thread_ids:
            snapshot = self.graph.get_state(_config(thread_id))
            pending += [PendingReview(thread_id, interrupt.id, interrupt.value) for interrupt in snapshot.interrupts]
            if _answered(snapshot):
                answered.append(thread_id)
        return pending, answered

    def answered(self, thread_id: str) -> bool:
        """Whether THREAD_ID's case has been reviewed and waits to be written (`reviewed`)."""
        return _answered(self.graph.get_state(_config(thread_id)))

    def resume(self, review: PendingReview, verdicts: list[dict[str, Any]]) -> AuditResult | None:
        """Continue a paused case with the reviewer's verdicts (adjudications.jsonl records). Verdicts that
        both confirm and reject a finding are refused (AdjudicationError, the case still waiting): the
        graph refuses them itself (`AuditSteps.human_review`), so a caller resuming it directly is refused too."""
        from langgraph.types import Command

        self._run(Command(resume={review.interrupt_id: verdicts}), review.thread_id)
        snapshot = self.graph.get_state(_config(review.thread_id))
        if refused := next((i.value[REFUSED] for i in snapshot.interrupts if REFUSED in i.value), None):
            raise AdjudicationError(refused, review.payload["case_id"])
        return self._outcome(review.thread_id)

    def reviewed(self, thread_id: str) -> ReviewedCase:
        """An answered case (`review_threads`), its graph run to the end first if a crash stopped it
        after the review."""
        if self.graph.get_state(_config(thread_id)).next:
            self._run(None, thread_id)
        values = self.graph.get_state(_config(thread_id)).values
        remembered = values.get("past_case")
        return ReviewedCase(
            thread_id,
            AuditResult.model_validate(values["result"]),
            values.get("verdicts", []),
            PastCase.model_validate(remembered) if remembered else None,
        )

    def remember(self, cases: list[PastCase]) -> list[str]:
        """Add reviewed CASES to the past-case store in one write (the closed loop), and say for each
        what became of it (its trace's closed_loop). A failed write is tried again case by case, so
        that a case the store refuses costs only its own learning step; the review itself stands."""
        if not cases:
            return []
        try:
            self.steps.knowledge_base().add_past_cases(cases)
        except Exception as exc:
            if len(cases) > 1:
                return [outcome for case in cases for outcome in self.remember([case])]
            return [f"{NOT_STORED}{type(exc).__name__}: {exc}"]
        return [f"stored with {counted(len(case.findings), 'confirmed finding')}" for case in cases]

    def forget(self, thread_id: str) -> None:
        """Drop a finished case's checkpoints (its result is on disk by then)."""
        self.checkpointer.delete_thread(thread_id)

    def _run(self, graph_input: Any, thread_id: str) -> None:
        """Run thread THREAD_ID's graph from GRAPH_INPUT (None: on from its checkpoint) until it ends or pauses."""
        self.graph.invoke(graph_input, _config(thread_id), durability=DURABILITY)

    def _outcome(self, thread_id: str) -> AuditResult | None:
        snapshot = self.graph.get_state(_config(thread_id))
        if snapshot.interrupts or "result" not in snapshot.values:
            return None
        return AuditResult.model_validate(snapshot.values["result"])


def _answered(snapshot: Any) -> bool:
    return not snapshot.interrupts and "verdicts" in snapshot.values


def _config(thread_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread_id}}
