"""Text blocks shared by the LLM prompts: the taxonomy, retrieved guidelines, past cases, and the
fence that marks untrusted text as data.

Reports and past cases are untrusted: a report may say "ignore previous instructions". They go inside
a fence whose token is derived from the fenced text itself (a hash), so the token is stable (the
response cache keeps working) yet a text cannot contain its own closing fence: that would need a
string containing its own hash.
"""

from __future__ import annotations

import hashlib
import json

from radqc.agents.base import RetrievedCase, RetrievedGuideline
from radqc.prompts import load_prompt
from radqc.schemas import Modality, Patient
from radqc.taxonomy import load_taxonomy

MAX_PAST_CASE_CHARS = 3000
MAX_GUIDELINE_CHARS = 1500


def fence_token(*texts: str) -> str:
    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
    return f"DATA-{digest[:16]}"


def fenced(label: str, text: str, token: str) -> str:
    return f"<<<{label} {token}>>>\n{text}\n<<<END {label} {token}>>>"


def taxonomy_block(modality: Modality) -> str:
    lines = [f"- {t.id} ({t.zh}): {t.definition}" for t in getattr(load_taxonomy(), modality)]
    return "\n".join(lines)


def guidelines_block(guidelines: list[RetrievedGuideline]) -> str:
    if not guidelines:
        return "(no guidelines retrieved)"
    return "\n".join(f"[{g.id}] {' '.join(g.text.split())[:MAX_GUIDELINE_CHARS]}" for g in guidelines)


def past_cases_block(past_cases: list[RetrievedCase], token: str, redact) -> str:
    """Verified past cases as worked examples: their text (redacted, fenced) and confirmed errors."""
    if not past_cases:
        return "(no similar past cases retrieved)"
    blocks = []
    for number, case in enumerate(past_cases, start=1):
        confirmed = [
            {"error_type": f.error_type, "evidence": redact(f.evidence), "explanation": redact(f.explanation)}
            for f in case.findings
        ]
        body = redact(case.text[:MAX_PAST_CASE_CHARS]) if case.text else json.dumps(case.features, ensure_ascii=False)
        blocks.append(
            f"Example {number}:\n{fenced('EXAMPLE', body, token)}\n"
            f"Confirmed errors: {json.dumps(confirmed, ensure_ascii=False) if confirmed else 'none (a clean case)'}"
        )
    return "\n\n".join(blocks)


def past_case_texts(past_cases: list[RetrievedCase]) -> list[str]:
    """Every text of PAST_CASES that `past_cases_block` puts in a prompt: what a case's redactor must
    `learn` from, so that a name labelled in one of them is hidden in the others too."""
    texts = []
    for case in past_cases:
        texts.append(case.text[:MAX_PAST_CASE_CHARS] if case.text else "")
        texts += [text for finding in case.findings for text in (finding.evidence, finding.explanation)]
    return texts


def describe_patient(patient: Patient | None) -> str:
    """Sex and age only: what the audit needs (sex_mismatch), with ages over 89 grouped as HIPAA asks."""
    if patient is None:
        return "not given"
    sex = {"M": "male", "F": "female"}.get(patient.sex, "sex unknown")
    if patient.age is None:
        return sex
    return f"{sex}, {'90+' if patient.age >= 90 else f'{patient.age:g}'} years"


def role_instruction(role: str) -> str:
    return load_prompt(f"role_{role}") if role in ("recall", "precision") else ""
