"""Wire the audit steps into a LangGraph StateGraph. This file reads like the diagram in docs/workflow.md:

    load_case -> (by modality) retrieve_report_context | retrieve_cxr_context    (skipped with --no-rag)
              -> recall_audit || precision_audit                                 (parallel branches)
              -> verify -> (review on and findings) human_review -> remember_confirmed
              -> record
"""

from __future__ import annotations

from typing import Any

from radqc.graphs.nodes import AuditSteps
from radqc.graphs.state import AuditState
from radqc.profiles import Profile

NODES = (
    "load_case",
    "retrieve_report_context",
    "retrieve_cxr_context",
    "recall_audit",
    "precision_audit",
    "verify",
    "human_review",
    "remember_confirmed",
    "record",
)


def build_graph(steps: AuditSteps, checkpointer: Any = None) -> Any:
    from langgraph.graph import END, START, StateGraph

    graph = StateGraph(AuditState)
    for name in NODES:
        graph.add_node(name, getattr(steps, name))
    graph.add_edge(START, "load_case")
    graph.add_conditional_edges(
        "load_case",
        steps.route_after_load,
        ["retrieve_report_context", "retrieve_cxr_context", "recall_audit", "precision_audit", "record"],
    )
    for retrieve in ("retrieve_report_context", "retrieve_cxr_context"):
        graph.add_edge(retrieve, "recall_audit")
        graph.add_edge(retrieve, "precision_audit")
    graph.add_edge(["recall_audit", "precision_audit"], "verify")  # waits for both roles
    graph.add_conditional_edges("verify", steps.route_after_verify, ["human_review", "record"])
    graph.add_edge("human_review", "remember_confirmed")
    graph.add_edge("remember_confirmed", "record")
    graph.add_edge("record", END)
    return graph.compile(checkpointer=checkpointer)


def mermaid() -> str:
    """The graph as a Mermaid flowchart; docs/workflow.md embeds it (a test keeps the two in step)."""
    return build_graph(AuditSteps(Profile(name="diagram"))).get_graph().draw_mermaid()
