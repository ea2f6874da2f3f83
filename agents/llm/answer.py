"""The JSON answer both LLM auditors ask for, and its conversion into radqc findings.

The answer model is lenient where models are sloppy (a confidence as a word or a numeric string, a
missing explanation) and strict where it matters (a findings list must be there); what the model cannot
know for sure (that an error type exists, that a cited guideline was shown) is checked against what we
gave it. A confidence that is no number in [0, 1] (7.5, -3, "NaN", true) says the model did not answer
the question asked; clamping it would turn nonsense into certainty, so such a finding is dropped.
"""

from __future__ import annotations

import math

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
    confidence: float | None = 0.5  # None: the model gave no usable confidence (see _usable_confidence)
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
    def _usable_confidence(cls, value: object) -> float | None:
        """A number in [0, 1] (a word such as "high", or a numeric string, is read as one); None for
        anything else, booleans included, so that `known_findings` drops the finding."""
        if isinstance(value, str):
            word = value.strip().lower()
            value = _CONFIDENCE_WORDS.get(word, word)
            try:
                value = float(value)
            except ValueError:
                return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if math.isfinite(value) and 0.0 <= value <= 1.0 else None


class LlmAnswer(BaseModel):
    """`reasoning` gives chain-of-thought a place inside JSON mode; it is kept for the trace only."""

    model_config = ConfigDict(extra="ignore")

    reasoning: str = ""
    findings: list[LlmFinding]


def known_findings(answer: LlmAnswer, modality: Modality) -> tuple[list[LlmFinding], list[str]]:
    """The findings whose type exists in the taxonomy and whose confidence is usable, and what was
    dropped: an unknown type by its name, an unusable confidence as "TYPE (no confidence in [0, 1])".

    The auditors report the dropped list as it is, and the workflow's trace counts it, so the two
    always agree."""
    known = set(error_types(modality))
    kept, dropped = [], []
    for finding in answer.findings:
        if finding.error_type not in known:
            dropped.append(finding.error_type)
        elif finding.confidence is None:
            dropped.append(f"{finding.error_type} (no confidence in [0, 1])")
        else:
            kept.append(finding)
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
