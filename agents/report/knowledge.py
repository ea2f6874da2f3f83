"""What retrieval contributes to the rules: known wrong strings from confirmed past cases, and the ids
of guidelines that back each error type.

Past cases are the team's verified audits. A spelling slip or template remnant confirmed there is a
string whose mere presence is an error, so it extends the lexicons for this run; context-dependent
findings (a side, a size) do not transfer between reports and are not used. Retrieved guidelines are
cited by the findings of the error types they cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from radqc.agents.base import AuditContext

# Error types whose confirmed evidence is an error wherever it appears.
CONTEXT_FREE_TYPES = ("spelling", "insertion")
_MIN_KNOWN_LENGTH = {"en": 4, "zh": 2}


@dataclass
class Knowledge:
    known_errors: dict[str, str] = field(default_factory=dict)  # wrong string -> error type
    guideline_ids: dict[str, list[str]] = field(default_factory=dict)  # error type -> guideline ids

    def cite(self, error_type: str) -> list[str]:
        return list(self.guideline_ids.get(error_type, []))


def from_context(context: AuditContext, language: str) -> Knowledge:
    knowledge = Knowledge()
    if not context.rag:
        return knowledge
    for guideline in context.guidelines:
        for error_type in guideline.error_types:
            knowledge.guideline_ids.setdefault(error_type, []).append(guideline.id)
    for past in context.past_cases:
        for finding in past.findings:
            evidence = finding.evidence.strip()
            if finding.error_type in CONTEXT_FREE_TYPES and _usable(evidence, language, finding.error_type):
                knowledge.known_errors[evidence] = finding.error_type
    return knowledge


def _usable(evidence: str, language: str, error_type: str) -> bool:
    """A confirmed string is reusable when it is a short word-like piece, not a sentence; for insertion
    only template-like text ("[***]", "XXX") is, since a sentence is wrong only in its own report."""
    if not evidence or len(evidence) > 40 or "\n" in evidence:
        return False
    if error_type == "insertion" and not re.search(r"[\[\]{}_*#<>?]|XX|××", evidence):
        return False
    limit = 6 if language == "zh" else 40
    return _MIN_KNOWN_LENGTH.get(language, 3) <= len(evidence) <= limit and len(evidence.split()) <= 3
