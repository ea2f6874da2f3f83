"""The audit graph: its shape, routing, parallel roles, retrieval and failure handling."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from test_graph_support import REPORT, RecordingKnowledge, finding, profile, report_case, table_factory, write_png

from radqc.agents.base import RetrievedCase, RetrievedGuideline
from radqc.agents.cxr.decide import likely_faults
from radqc.graphs.build import NODES, build_graph, mermaid
from radqc.graphs.nodes import AuditSteps, measure_radiograph
from radqc.graphs.workflow import AuditWorkflow
from radqc.schemas import Case
from radqc.taxonomy import load_taxonomy

DOC = Path(__file__).resolve().parents[1] / "docs" / "workflow.md"


def cxr_case(image: Path, case_id: str = "x1") -> Case:
    return Case(case_id=case_id, modality="cxr", image_path=image.name, image_file=str(image), view="AP",
                meta={"simulated": "rotation"})


def test_graph_has_the_steps_of_the_diagram_and_the_doc_is_current():
    graph = build_graph(AuditSteps(profile())).get_graph()
    assert set(graph.nodes) - {"__start__", "__end__"} == set(NODES)
    edges = {(e.source, e.target) for e in graph.edges}
    assert {("retrieve_report_context", "recall_audit"), ("retrieve_report_context", "precision_audit"),
            ("recall_audit", "verify"), ("precision_audit", "verify"), ("human_review", "remember_confirmed")} <= edges
    fenced = re.search(r"```mermaid\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert fenced and fenced.group(1).strip() == mermaid().strip(), "regenerate the diagram in docs/workflow.md"


def test_routes_reports_and_radiographs_to_their_own_retrieval_query(tmp_path):
    knowledge = RecordingKnowledge()
    workflow = AuditWorkflow(profile(), auditor_factory=table_factory(), knowledge=knowledge)
    workflow.audit(report_case())
    case = cxr_case(write_png(tmp_path / "x1.png"))
    radiograph = workflow.audit(case)
    asked = [(query, modality) for kind, query, modality in knowledge.queries if kind == "cases"]
    assert asked[0] == (REPORT, "ct_report")
    query, modality = asked[1]
    assert modality == "cxr" and "AP view" in query
    # Guidelines on the criteria the measurements put first (never meta's: it holds the ground truth of
    # a synthetic dataset), in their taxonomy's words; past radiographs ranked by the measurements.
    features = knowledge.nearby[1]
    suspected = likely_faults(features, "AP", profile().retrieval.k_guidelines)
    assert knowledge.subjects[1] == suspected and len(suspected) == profile().retrieval.k_guidelines > 0
    assert all(load_taxonomy().get("cxr", criterion).definition in query for criterion in suspected)
    assert features == measure_radiograph(case)
    assert radiograph.status == "ok", radiograph.error


def test_an_unreadable_radiograph_is_an_error_before_retrieval_or_auditing(tmp_path):
    # The spec: bad input is status "error" (scored as a miss), not "degraded" with no findings.
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage")
    knowledge, factory = RecordingKnowledge(), table_factory()
    result = AuditWorkflow(profile(), auditor_factory=factory, knowledge=knowledge).audit(cxr_case(broken))
    assert result.status == "error" and "broken.png" in result.error and result.findings == []
    assert knowledge.queries == [] and not factory.built


def test_both_roles_run_in_parallel_with_their_own_operating_point():
    # Each auditor waits at a two-party barrier: sequential roles would time out and fail the case.
    barrier = threading.Barrier(2, timeout=5)
    factory = table_factory(barrier=barrier)
    weak, strong = finding("omission", "12 mm nodule", 0.4), finding(confidence=0.9)
    answers = {"answers": {"r1": [weak, strong]}}
    result = AuditWorkflow(profile("union", recall=answers, precision=answers), auditor_factory=factory,
                           knowledge=RecordingKnowledge()).audit(report_case())
    assert result.status == "ok", result.error
    assert result.trace["recall"]["candidates"] == result.trace["precision"]["candidates"] == 2
    assert result.trace["verifier"]["kept"] == {"recall": 2, "precision": 1}
    assert [c.role for c in factory.built["recall"].contexts] == ["recall"]
    assert [c.role for c in factory.built["precision"].contexts] == ["precision"]


def test_retrieved_knowledge_reaches_both_auditors_without_the_case_itself():
    guideline = RetrievedGuideline(id="ct-lat-01", text="Laterality must agree.")
    cases = [RetrievedCase(case_id="r1", modality="ct_report", text="itself"),
             RetrievedCase(case_id="old-7", modality="ct_report", text="an earlier report")]
    factory = table_factory()
    result = AuditWorkflow(profile(), auditor_factory=factory, knowledge=RecordingKnowledge([guideline], cases)).audit(report_case())
    for role in ("recall", "precision"):
        context = factory.built[role].contexts[0]
        assert context.rag and [g.id for g in context.guidelines] == ["ct-lat-01"]
        assert [c.case_id for c in context.past_cases] == ["old-7"]
    assert result.trace["retrieval"] == {"guidelines": ["ct-lat-01"], "past_cases": ["old-7"]}


def test_no_rag_skips_retrieval_and_changes_nothing_else():
    knowledge = RecordingKnowledge(fail=True)
    factory = table_factory()
    answers = {"answers": {"r1": [finding()]}}
    result = AuditWorkflow(profile(rag=False, recall=answers, precision=answers), auditor_factory=factory,
                           knowledge=knowledge).audit(report_case())
    assert knowledge.queries == []
    assert result.status == "ok" and "retrieval" not in result.trace
    assert not factory.built["recall"].contexts[0].rag
    assert [f.error_type for f in result.findings] == ["laterality"]


def test_a_failing_knowledge_base_degrades_the_case_with_a_reason():
    answers = {"answers": {"r1": [finding()]}}
    result = AuditWorkflow(profile(recall=answers, precision=answers), auditor_factory=table_factory(),
                           knowledge=RecordingKnowledge(fail=True)).audit(report_case())
    assert result.status == "degraded"
    assert "retrieval unavailable" in result.error and "knowledge base is gone" in result.error
    assert len(result.findings) == 1


def test_one_failing_role_leaves_the_other_and_two_make_an_error():
    answers = {"answers": {"r1": [finding()]}}
    half = AuditWorkflow(profile(recall={"fail": True}, precision=answers), auditor_factory=table_factory(),
                         knowledge=RecordingKnowledge()).audit(report_case())
    assert half.status == "degraded" and "recall auditor failed" in half.error
    assert [f.source for f in half.findings] == ["verifier(precision)"]
    both = AuditWorkflow(profile(recall={"fail": True}, precision={"fail": True}), auditor_factory=table_factory(),
                         knowledge=RecordingKnowledge()).audit(report_case())
    assert both.status == "error" and both.findings == []


def test_unknown_error_types_from_an_auditor_are_dropped():
    answers = {"answers": {"r1": [finding(), finding("made_up_type")]}}
    result = AuditWorkflow(profile(recall=answers, precision=answers), auditor_factory=table_factory(),
                           knowledge=RecordingKnowledge()).audit(report_case())
    assert [f.error_type for f in result.findings] == ["laterality"]
    assert result.trace["recall"]["unknown_types_dropped"] == 1


def test_the_precision_auditors_recheck_hook_decides_recall_only_findings():
    weak = {"answers": {"r1": [finding(confidence=0.5)]}}
    for verdict in (True, False):
        result = AuditWorkflow(profile(recall=weak, precision={"recheck": verdict}), auditor_factory=table_factory(),
                               knowledge=RecordingKnowledge()).audit(report_case())
        assert [f.source for f in result.findings] == (["verifier(recall+recheck)"] if verdict else [])


def test_review_needs_a_checkpointer_so_a_one_shot_audit_does_not_pause():
    answers = {"answers": {"r1": [finding()]}}
    result = AuditWorkflow(profile(review=True, recall=answers, precision=answers), auditor_factory=table_factory(),
                           knowledge=RecordingKnowledge()).audit(report_case())
    assert result.status == "ok" and len(result.findings) == 1 and "review" not in result.trace
