"""The state one case carries through the audit graph. Plain JSON-like dicts only, so that the SQLite
checkpointer can store it and a resumed run sees exactly what the interrupted one had."""

from __future__ import annotations

from typing import Any, TypedDict


class AuditState(TypedDict, total=False):
    case: dict[str, Any]  # radqc.schemas.Case.model_dump()
    findings: list[dict[str, Any]]  # radqc.schemas.Finding dumps
    status: str
    error: str | None
    trace: dict[str, Any]
