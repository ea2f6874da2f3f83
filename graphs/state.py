"""The state one case carries through the audit graph. Plain JSON-like dicts only, so that the SQLite
checkpointer can store it and a resumed run sees exactly what the interrupted one had.

The two auditing roles run in parallel branches of the same step, so every key both may write has a
reducer that combines their updates instead of letting one overwrite the other.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    return {**(left or {}), **(right or {})}


class AuditState(TypedDict, total=False):
    case: dict[str, Any]  # radqc.schemas.Case dump
    guidelines: list[dict[str, Any]]  # radqc.agents.base.RetrievedGuideline dumps
    past_cases: list[dict[str, Any]]  # radqc.agents.base.RetrievedCase dumps
    features: dict[str, float]  # a radiograph's measured image features (its retrieval query)
    query_vector: dict[str, Any]  # radqc.knowledge.TextVector dump: the query's vector, with review on
    # Per role ("recall", "precision"): every candidate the auditor returned, before the role's threshold.
    candidates: Annotated[dict[str, list[dict[str, Any]]], merge_dicts]
    findings: list[dict[str, Any]]  # the merged answer (radqc.schemas.Finding dumps)
    verdicts: list[dict[str, Any]]  # reviewer verdicts in the adjudications.jsonl format
    # Verdicts an earlier review gave this same input (a case audited in part, audited again): the findings they
    # judge are not asked about again.
    reviewed: list[dict[str, Any]]
    past_case: dict[str, Any]  # radqc.knowledge.PastCase dump: a reviewed case, for the run to store
    problems: Annotated[list[str], operator.add]  # why the case is "degraded"
    errors: Annotated[list[str], operator.add]  # what failed outright
    trace: Annotated[dict[str, Any], merge_dicts]
    result: dict[str, Any]  # radqc.schemas.AuditResult dump, written by the last node
