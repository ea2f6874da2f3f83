"""The per-case audit workflow as a LangGraph StateGraph: load the case -> audit -> record.

Later stages (retrieval, a second auditor, a verifier, human review) are added as nodes here, so that
`radqc audit` and `radqc eval` never need rewiring.
"""

from __future__ import annotations

from typing import Any

from radqc.agents.base import AuditContext
from radqc.agents.registry import make_auditor
from radqc.graphs.state import AuditState
from radqc.profiles import Profile
from radqc.schemas import AuditResult, Case, Finding


class AuditWorkflow:
    """Builds the graph once per run and audits cases one at a time."""

    def __init__(self, profile: Profile):
        from langgraph.graph import END, START, StateGraph

        self.profile = profile
        self._auditors: dict[str, Any] = {}
        graph = StateGraph(AuditState)
        graph.add_node("load_case", self._load_case)
        graph.add_node("audit", self._audit)
        graph.add_node("record", self._record)
        graph.add_edge(START, "load_case")
        graph.add_edge("load_case", "audit")
        graph.add_edge("audit", "record")
        graph.add_edge("record", END)
        self.graph = graph.compile()

    def audit(self, case: Case) -> AuditResult:
        state = self.graph.invoke({"case": case.model_dump()})
        return AuditResult(
            case_id=case.case_id,
            modality=case.modality,
            status=state.get("status", "ok"),
            findings=[Finding.model_validate(f) for f in state.get("findings", [])],
            error=state.get("error"),
            trace=state.get("trace", {}),
        )

    def _auditor(self, modality: str):
        if modality not in self._auditors:
            self._auditors[modality] = make_auditor(modality, self.profile.precision)
        return self._auditors[modality]

    def _load_case(self, state: AuditState) -> AuditState:
        Case.model_validate(state["case"])
        return {"status": "ok", "error": None, "trace": {}}

    def _audit(self, state: AuditState) -> AuditState:
        case = Case.model_validate(state["case"])
        role = self.profile.precision
        try:
            output = self._auditor(case.modality).audit(case, AuditContext(role="precision", rag=False))
        except Exception as exc:  # one bad case must not stop a run; the message says what broke
            return {"status": "error", "error": f"{type(exc).__name__}: {exc}", "findings": []}
        kept = [f for f in output.findings if f.confidence >= role.min_confidence]
        return {
            "findings": [f.model_dump() for f in kept],
            "status": "degraded" if output.degraded else "ok",
            "error": output.degraded,
        }

    def _record(self, state: AuditState) -> AuditState:
        return {"trace": {**state.get("trace", {}), "profile": self.profile.name}}
