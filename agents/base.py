"""What every auditor is: a function from a case (plus retrieved knowledge) to findings.

Auditors return every candidate they can justify, each with a calibrated confidence; the workflow
applies the role's operating point (`min_confidence`) so that one engine can serve both the high-recall
and the high-precision role, and a verifier can re-weigh what only one role saw.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from radqc.agents.cxr.site import SiteBaseline
from radqc.schemas import Case, Finding, Modality

Role = Literal["recall", "precision", "single"]


class RetrievedGuideline(BaseModel):
    id: str
    text: str
    modality: str = ""
    error_types: list[str] = Field(default_factory=list)
    language: str = "en"
    source: str = ""
    score: float = 0.0
    # The id of the guidance this translates: retrieval lists it beside that one, whatever their scores.
    translation_of: str | None = None


class RetrievedCase(BaseModel):
    """A verified past case: its text (report) or feature summary (image) and confirmed findings."""

    case_id: str
    modality: Modality
    text: str = ""
    findings: list[Finding] = Field(default_factory=list)
    features: dict[str, Any] = Field(default_factory=dict)
    score: float = 0.0


class AuditContext(BaseModel):
    role: Role = "single"
    rag: bool = True
    guidelines: list[RetrievedGuideline] = Field(default_factory=list)
    past_cases: list[RetrievedCase] = Field(default_factory=list)
    # Radiographs: how ordinary films of this source measure, when a batch of them told it (`radqc eval`).
    site: SiteBaseline | None = None


class AuditorOutput(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    # Set when the auditor produced a partial answer (e.g. a report cut to fit a model): the case's
    # status becomes "degraded", never silently "ok".
    degraded: str | None = None
    # Set when the auditor has no answer at all (a model that never replied usably): its role then
    # counts as failed, as if the auditor had raised, and still reports its usage. "Found nothing"
    # would be a false answer: an intersection with it drops the other role's findings, and a case no
    # role answered would be scored as audited and clean instead of as an error.
    failed: str | None = None
    usage: dict[str, Any] = Field(default_factory=dict)


@runtime_checkable
class Auditor(Protocol):
    name: str
    modality: Modality

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput: ...
