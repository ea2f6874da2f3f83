"""The JSON answer both LLM auditors ask for, and its conversion into radqc findings.

The answer model is lenient where models are sloppy (a confidence as a string, a missing explanation)
and strict where it matters (a findings list must be there); what the model cannot know for sure
(that an error type exists, that a cited guideline was shown) is checked against what we gave it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from radqc.schemas import Finding, Modality
from radqc.taxonomy import error_types

MAX_REASONING_CHARS = 2000  # of the model's reasoning kept in the trace
_CONFIDENCE_WORDS = {"high": 0.8, "medium": 0.5, "moderate": 0.5, "low": 0.3}


class LlmFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")

    error_type: str
    evidence: str = ""
    explanation: str = ""
    confidence: float = 0.5
    guideline_ids: list[str] = Field(default_factory=list)

    @field_validator("error_type", mode="before")
    @classmethod
    def _normalise_type(cls, value: object) -> object:
        return value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value

    @field_validator("evidence", "explanation", mode="before")
    @classmethod
    def _text_or_empty(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("confidence", mode="before")
    @classmethod
    def _words_to_numbers(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in _CONFIDENCE_WORDS:
            return _CONFIDENCE_WORDS[value.strip().lower()]
        return value

    @field_validator("confidence", mode="after")
    @classmethod
    def _clamp(cls, value: float) -> float:
        return min(1.0, max(0.0, value))


class LlmAnswer(BaseModel):
    """`reasoning` gives chain-of-thought a place inside JSON mode; it is kept for the trace only."""

    model_config = ConfigDict(extra="ignore")

    reasoning: str = ""
    findings: list[LlmFinding]


def known_findings(answer: LlmAnswer, modality: Modality) -> tuple[list[LlmFinding], list[str]]:
    """The findings whose type exists in the taxonomy, and the unknown types that were dropped."""
    known = set(error_types(modality))
    kept = [finding for finding in answer.findings if finding.error_type in known]
    dropped = [finding.error_type for finding in answer.findings if finding.error_type not in known]
    return kept, dropped


def to_finding(finding: LlmFinding, *, evidence: str, confidence: float, source: str, shown_guidelines: set[str]) -> Finding:
    return Finding(
        error_type=finding.error_type,
        evidence=evidence,
        explanation=finding.explanation[:2000],
        confidence=round(confidence, 4),
        source=source,
        guideline_ids=[gid for gid in finding.guideline_ids if gid in shown_guidelines],
    )
