"""The steps of the audit graph, one method per node, each named for what it does.

Every node reads the plain-dict state, does one thing, and returns only the keys it changes. Failures
of a dependency (knowledge base, an auditor) become a reason in the state, never an exception: the
case is then "degraded" or "error", and the run goes on.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from radqc.agents.base import AuditContext, Auditor, RetrievedCase, RetrievedGuideline
from radqc.agents.cxr.site import SiteBaseline
from radqc.agents.registry import AuditorFactory, make_auditor
from radqc.eval.adjudications import AdjudicationError
from radqc.graphs.review import REFUSED, apply_verdicts, finding_key, parse_verdicts, settled
from radqc.graphs.state import AuditState
from radqc.graphs.verifier import distinct, evidence_holds, merge_findings, second_look, with_source
from radqc.knowledge import NOT_STORED, PastCase
from radqc.profiles import Profile
from radqc.schemas import AuditResult, Case, Finding
from radqc.taxonomy import error_types, load_taxonomy

ROLES = ("recall", "precision")
MAX_QUERY_CHARS = 2000  # the embedding model reads ~256 tokens; more text only costs time
REVIEW_REPORT_CHARS = 20_000
# Opens the problem a case records when its retrieval failed: `radqc eval` counts those cases.
RETRIEVAL_UNAVAILABLE = "retrieval unavailable"


def report_query(case: Case) -> str:
    return (case.report or "")[:MAX_QUERY_CHARS]


def measure_radiograph(case: Case) -> dict[str, float]:
    """The image features the offline radiograph auditor computes, at its working resolution; they are
    the radiograph's query for similar past cases and what a reviewed radiograph is stored with."""
    from radqc.agents.cxr.features import WORKING_SIDE, image_features
    from radqc.agents.cxr.image_io import load_radiograph

    return image_features(load_radiograph(case.image_file or "", max_side=WORKING_SIDE))


def past_case(
    case: Case, findings: list[Finding], features: dict[str, float] | None = None, query_vector: dict[str, Any] | None = None
) -> PastCase:
    """CASE with its verified FINDINGS as the past-case store keeps it: a report by its text, a
    radiograph by its measurements (FEATURES when they were taken already), since that is what later
    cases find it by. QUERY_VECTOR: what retrieval embedded for the case (`radqc.knowledge.TextVector`),
    which the store uses if it is the stored text's."""
    if case.modality == "cxr":
        stored = {"text": "", "features": features or measure_radiograph(case)}
    else:
        stored = {"text": case.report or ""}
    return PastCase(case_id=case.case_id, modality=case.modality, findings=findings, text_vector=query_vector, **stored)


def cxr_query(case: Case, suspected: list[str]) -> str:
    """A radiograph has no text: its view and the definitions of the criteria its measurements put
    first (`decide.likely_faults`), in the words guidelines use. (Never `meta`: synthetic datasets keep
    their ground truth there.)"""
    definitions = "; ".join(load_taxonomy().get("cxr", criterion).definition for criterion in suspected)
    return f"chest radiograph, {case.view or 'unknown'} view: {definitions or 'technical quality'}"[:MAX_QUERY_CHARS]


def dumps(items: list[Any], model: type[BaseModel]) -> list[dict[str, Any]]:
    """Validate what a collaborator returned (models or dicts) into plain dicts for the state."""
    return [model.model_validate(i.model_dump() if isinstance(i, BaseModel) else i).model_dump() for i in items]


class AuditSteps:
    """The nodes, bound to what they need: the profile, where auditors come from, the knowledge base.

    `auditor_factory` and `knowledge` are injectable so that tests and plug-ins can supply their own;
    `knowledge` is any object with the functions of `radqc.knowledge` (imported lazily by default,
    because it loads Chroma and an embedding model).
    """

    def __init__(
        self,
        profile: Profile,
        auditor_factory: AuditorFactory = make_auditor,
        knowledge: Any = None,
        review: bool = False,
        site: SiteBaseline | None = None,
    ):
        self.profile = profile
        self.auditor_factory = auditor_factory
        self.knowledge = knowledge
        self.review = review
        self.site = site  # the radiographs' source baseline, the same for every case of a run
        self._auditors: dict[tuple[str, str], Auditor] = {}
        self._auditors_lock = threading.Lock()  # `radqc eval --workers` audits cases in threads

    # --- collaborators -------------------------------------------------------------------------------

    def auditor(self, role: str, modality: str) -> Auditor:
        with self._auditors_lock:
            if (role, modality) not in self._auditors:
                self._auditors[(role, modality)] = self.auditor_factory(modality, getattr(self.profile, role))
            return self._auditors[(role, modality)]

    def models_down(self) -> dict[str, str]:
        """Each model whose provider this run stopped calling (an outage breaker open: it refused the
        key, its credit is spent, its calls kept giving up), with why; auditors without a model have none."""
        from radqc.agents.llm.client import LlmClient

        with self._auditors_lock:
            clients = [getattr(auditor, "client", None) for auditor in self._auditors.values()]
        down = {client.model: client.outage.down() for client in clients if isinstance(client, LlmClient)}
        return {model: why for model, why in down.items() if why}

    def knowledge_base(self) -> Any:
        if self.knowledge is None:
            import radqc.knowledge as knowledge

            self.knowledge = knowledge
        return self.knowledge

    # --- nodes ---------------------------------------------------------------------------------------

    def load_case(self, state: AuditState) -> AuditState:
        """Bad input ends the case here as an error (scored as a miss): an invalid case, or a radiograph
        no auditor can read. What radqc changed about the input (`Case.input_notes`) degrades it, and so
        does a DICOM header that declares another examination (a CT slice, a hand film): every finding,
        and every finding's absence, then stands on a doubtful premise; so does a report without a findings
        or an impression section, whose "no findings" says nothing of the errors between the two."""
        try:
            case = Case.model_validate(state.get("case"))
        except ValidationError as exc:
            return {"errors": [f"invalid case: {exc.errors()[0]['msg']}"]}
        problems = list(case.input_notes)
        if case.modality == "cxr":
            from radqc.agents.cxr.image_io import ImageLoadError, radiograph_notes

            try:
                problems += radiograph_notes(case.image_file)
            except ImageLoadError as exc:
                return {"errors": [str(exc)]}
        elif case.report:
            from radqc.agents.report.document import report_notes

            problems += report_notes(case.report, case.language)
        settings = {"profile": self.profile.name, "rag": self.profile.retrieval.enabled}
        notes = {"input_notes": problems} if problems else {}  # traces.jsonl: why the case is "degraded"
        return {"trace": {**settings, "verifier": self.profile.verifier, **notes}, "problems": problems}

    def retrieve_report_context(self, state: AuditState) -> AuditState:
        case = Case.model_validate(state["case"])
        return self._retrieve(case, report_query(case))

    def retrieve_cxr_context(self, state: AuditState) -> AuditState:
        case = Case.model_validate(state["case"])
        from radqc.agents.cxr.decide import feature_scales, likely_faults

        try:
            features = measure_radiograph(case)
        except Exception as exc:  # the image read in load_case, but a measurement broke: retrieval goes without
            retrieved = self._retrieve(case, cxr_query(case, []))
            return {**retrieved, "problems": [*retrieved.get("problems", []), f"image features unavailable: {exc}"]}
        suspected = likely_faults(features, case.view, self.profile.retrieval.k_guidelines, self.site)
        # Past radiographs are found by their measurements, compared in units of each one's spread.
        nearby = {"features": features, "scales": feature_scales()}
        return {**self._retrieve(case, cxr_query(case, suspected), suspected or None, nearby), "features": features}

    def recall_audit(self, state: AuditState) -> AuditState:
        return self._audit_as("recall", state)

    def precision_audit(self, state: AuditState) -> AuditState:
        return self._audit_as("precision", state)

    def verify(self, state: AuditState) -> AuditState:
        case = Case.model_validate(state["case"])
        candidates = {role: [Finding.model_validate(f) for f in found] for role, found in state.get("candidates", {}).items()}
        kept = {role: self._operating_point(role, found) for role, found in candidates.items()}
        if len(kept) == len(ROLES):
            admit = self._admission_rule(case, candidates["precision"])
            merged = merge_findings(self.profile.verifier, kept["recall"], kept["precision"], case.report or "", admit)
        else:  # one role failed: the other role's answer is all there is (the case is degraded)
            merged = [with_source(f, role) for role, found in kept.items() for f in distinct(found)]
        return {
            "findings": [f.model_dump() for f in merged],
            "trace": {"verifier": {"strategy": self.profile.verifier, "kept": {r: len(f) for r, f in kept.items()}, "merged": len(merged)}},
        }

    def human_review(self, state: AuditState) -> AuditState:
        """Pause for a reviewer. LangGraph re-runs this node from its first line on resume, so nothing
        before `interrupt` may have side effects.

        An answer that both confirms and rejects a finding is refused by pausing again, its refusal
        (`REFUSED`) in the new pause: raised here, the answer would stay the thread's and fail every
        later one. LangGraph keeps each answer and replays them in order, so a re-run refuses it again
        and waits for the next.

        A case audited in part, reviewed, and audited again (`reviewed`: its input unchanged) keeps the earlier
        verdicts on the findings they judge, matched as any verdict is (`apply_verdicts`): the reviewer is asked
        only about the others, and a case with none left does not pause."""
        from langgraph.types import interrupt

        case = Case.model_validate(state["case"])
        findings = [Finding.model_validate(f) for f in state.get("findings", [])]
        earlier = settled(parse_verdicts(state.get("reviewed"), case.case_id))
        judged = {verdict.key() for verdict in earlier}
        asked = [f for f in findings if finding_key(case.case_id, f) not in judged]
        payload = {
            "case_id": case.case_id,
            "modality": case.modality,
            "report": (case.report or "")[:REVIEW_REPORT_CHARS],
            "image_file": case.image_file,
            "findings": [f.model_dump() for f in asked],
        }
        while True:
            verdicts = earlier + (parse_verdicts(interrupt(payload), case.case_id) if asked else [])
            try:
                kept, confirmed, used = apply_verdicts(case.case_id, findings, verdicts)
                break
            except AdjudicationError as exc:
                payload = {**payload, REFUSED: str(exc)}
        review = {"confirmed": len(confirmed), "rejected": len(findings) - len(kept), "unreviewed": len(findings) - len(used)}
        return {
            "findings": [f.model_dump() for f in kept],
            "verdicts": [v.model_dump() for v in used],
            "trace": {"review": review | ({"carried_over": len(findings) - len(asked)} if earlier else {})},
        }

    def remember_confirmed(self, state: AuditState) -> AuditState:
        """The closed loop: the reviewed case with its confirmed findings, as the past-case store will
        keep it. The run stores it with other reviewed cases in one write (`AuditWorkflow.remember`),
        since a write per case cost ~75 ms; until then it waits here, in the case's checkpoint, so a
        review killed before the write still has it to store."""
        case = Case.model_validate(state["case"])
        confirmed_keys = {(v["error_type"], v["evidence"]) for v in state.get("verdicts", []) if v["verdict"] == "confirmed"}
        confirmed = [Finding.model_validate(f) for f in state.get("findings", []) if (f["error_type"], f["evidence"]) in confirmed_keys]
        try:
            remembered = past_case(case, confirmed, state.get("features"), state.get("query_vector"))
        except Exception as exc:  # the review itself stands; only the learning step is lost
            return {"trace": {"closed_loop": f"{NOT_STORED}{type(exc).__name__}: {exc}"}}
        return {"past_case": remembered.model_dump()}

    def record(self, state: AuditState) -> AuditState:
        case = state.get("case") or {}
        errors, problems, candidates = state.get("errors", []), state.get("problems", []), state.get("candidates", {})
        if errors and not candidates:
            status = "error"
        else:
            status = "degraded" if errors or problems else "ok"
        result = AuditResult(
            case_id=str(case.get("case_id", "")),
            modality=case.get("modality") if case.get("modality") in ("cxr", "ct_report") else None,
            status=status,
            findings=[Finding.model_validate(f) for f in state.get("findings", [])],
            error="; ".join(_once(errors + problems)) or None,
            failed_roles=[role for role in ROLES if role not in candidates] if candidates else [],
            trace=state.get("trace", {}),
        )
        return {"result": result.model_dump()}

    # --- routing -------------------------------------------------------------------------------------

    def route_after_load(self, state: AuditState) -> str | list[str]:
        if state.get("errors"):
            return "record"
        if not self.profile.retrieval.enabled:
            return ["recall_audit", "precision_audit"]
        return "retrieve_cxr_context" if state["case"]["modality"] == "cxr" else "retrieve_report_context"

    def route_after_verify(self, state: AuditState) -> str:
        return "human_review" if self.review and state.get("findings") else "record"

    # --- helpers -------------------------------------------------------------------------------------

    def _retrieve(self, case: Case, query: str, subjects: list[str] | None = None, nearby: dict | None = None) -> AuditState:
        """SUBJECTS: the error types the guidelines must be about; NEARBY: the `features` and `scales`
        past radiographs are ranked by (instead of the query's text). A radiograph's guidelines are
        ranked by words alone: its query is the taxonomy's own words, and a radiograph then never
        waits for the embedding model to load."""
        settings = self.profile.retrieval
        try:
            knowledge = self.knowledge_base()
            guidelines = knowledge.retrieve_guidelines(query, case.modality, settings.k_guidelines, subjects, dense=case.modality != "cxr") if settings.k_guidelines else []
            # one extra, because the case itself may be in the store (reviewed earlier) and must not count
            similar = knowledge.similar_cases(query, case.modality, settings.k_cases + 1, **(nearby or {})) if settings.k_cases else []
            # With review on, the query's vector is kept: a confirmed report is stored embedded, by that vector.
            embedded = knowledge.query_embedding(query) if self.review else None
            guideline_dumps = dumps(guidelines, RetrievedGuideline)
            case_dumps = [c for c in dumps(similar, RetrievedCase) if c["case_id"] != case.case_id][: settings.k_cases]
        except Exception as exc:  # a missing or broken knowledge base degrades the case, never stops it
            problem = f"{RETRIEVAL_UNAVAILABLE}: {type(exc).__name__}: {exc}"
            return {"guidelines": [], "past_cases": [], "problems": [problem]}
        retrieved: AuditState = {
            "guidelines": guideline_dumps,
            "past_cases": case_dumps,
            "trace": {"retrieval": {"guidelines": [g["id"] for g in guideline_dumps], "past_cases": [c["case_id"] for c in case_dumps]}},
        }
        if embedded is not None:
            retrieved["query_vector"] = embedded.model_dump()
        return retrieved

    def _audit_as(self, role: str, state: AuditState) -> AuditState:
        # Auditors never see `meta`: a dataset may keep its answers there (the spec carries it through
        # untouched, for the evaluator and the user, not for the auditors).
        case = Case.model_validate({**state["case"], "meta": {}})
        context = AuditContext(
            role=role,
            rag=self.profile.retrieval.enabled,
            guidelines=state.get("guidelines", []),
            past_cases=state.get("past_cases", []),
            site=self.site,
        )
        try:
            auditor = self.auditor(role, case.modality)
            output = auditor.audit(case, context)
        except Exception as exc:  # one role failing leaves the other; the message says what broke
            return {"errors": [f"{role} auditor failed: {type(exc).__name__}: {exc}"]}
        known = set(error_types(case.modality))
        findings = [f for f in output.findings if f.error_type in known]
        # An auditor that drops findings itself (the LLM auditors) lists them in its usage; the count
        # is that list plus what is dropped here, so trace and usage never disagree.
        dropped = len(output.usage.get("dropped_unknown_types", [])) + len(output.findings) - len(findings)
        trace = {role: {"auditor": getattr(auditor, "name", type(auditor).__name__), "candidates": len(findings), "unknown_types_dropped": dropped, "usage": output.usage}}
        if output.failed:
            return {"errors": [f"{role}: {output.failed}"], "trace": trace}
        update: AuditState = {"candidates": {role: [f.model_dump() for f in findings]}, "trace": trace}
        if output.degraded:
            update["problems"] = [f"{role}: {output.degraded}"]
        return update

    def _operating_point(self, role: str, findings: list[Finding]) -> list[Finding]:
        floor = getattr(self.profile, role).min_confidence
        return [f for f in findings if f.confidence >= floor]

    def _admission_rule(self, case: Case, precision_candidates: list[Finding]) -> Callable[[Finding], bool]:
        """When the evidence verifier lets a recall-only finding in: its evidence holds up, and the
        precision auditor agrees on a second look: its `recheck` hook if it has one, else its own
        candidates at a relaxed operating point, halfway between the two roles' (with one engine in
        both roles any lower bar would admit every recall-only finding)."""
        recheck = getattr(self.auditor("precision", case.modality), "recheck", None)
        report = case.report or ""
        floor = (self.profile.recall.min_confidence + self.profile.precision.min_confidence) / 2

        def admit(finding: Finding) -> bool:
            if not evidence_holds(finding, case.modality, report):
                return False
            if callable(recheck):
                try:
                    return bool(recheck(case, finding))
                except Exception:  # a failing re-check is a "no", not a crash
                    return False
            return second_look(finding, precision_candidates, floor, report)

        return admit


def _once(messages: list[str]) -> list[str]:
    """MESSAGES ("role: what happened", or any other) with the roles that say the same thing joined ("recall and
    precision: ..."): one model in both roles that stays down (a server not running, a key refused) was told
    twice over, word for word, and its remedy read as two problems."""
    roles: dict[tuple[str, bool], list[str]] = {}  # (what was said, by a role) -> the roles that said it
    for message in messages:
        role, colon, said = message.partition(": ")
        if colon and role in ROLES:
            roles.setdefault((said, True), []).append(role)
        else:
            roles.setdefault((message, False), [])
    return [f"{' and '.join(sorted(by, key=ROLES.index))}: {said}" if by else said for (said, _), by in roles.items()]
