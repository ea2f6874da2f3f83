"""CT report auditing by a language model: prompt with taxonomy, guidelines and verified past cases,
the report fenced as data, a JSON answer, and evidence mapped back to the report's own words."""

from __future__ import annotations

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.llm.answer import MAX_REASONING_CHARS, LlmAnswer, known_findings, to_finding
from radqc.agents.llm.client import LlmClient
from radqc.agents.llm.evidence import locate_evidence
from radqc.agents.llm.options import options_for
from radqc.agents.llm.prompt_context import (
    describe_patient,
    fence_token,
    fenced,
    guidelines_block,
    past_case_texts,
    past_cases_block,
    role_instruction,
    taxonomy_block,
)
from radqc.agents.llm.redact import Redactor
from radqc.agents.llm.usage import UsageTally
from radqc.prompts import load_prompt, render
from radqc.schemas import Case, Finding

# A quote the model gives that is nowhere in the report keeps the finding (the error may be real) but
# with less weight, so that the precision role's operating point tends to drop it.
MISSING_EVIDENCE_FACTOR = 0.5


class LlmReportAuditor:
    """Options (see options.py for per-modality sections): `max_report_chars` (longer reports are cut
    and the case marked degraded) and anything `LlmClient` takes (json_mode, api_base, ...)."""

    modality = "ct_report"

    def __init__(self, model: str, **options):
        options = options_for("ct_report", options)
        self.model = model
        self.name = f"llm:{model}"
        self.max_report_chars = int(options.pop("max_report_chars", 30_000))
        self.client = LlmClient(model, **options)

    def messages(self, case: Case, context: AuditContext, redactor: Redactor) -> list[dict]:
        """The chat messages for CASE as the provider will receive them (redacted, report fenced). The
        redactor learns the identifiers of every text first, so a name labelled in the report is hidden
        in the exam field and the past cases too."""
        report = (case.report or "")[: self.max_report_chars]
        exam = case.exam or "not given"
        redactor.learn(report, exam, *past_case_texts(context.past_cases))
        sent_report = redactor.redact(report)
        token = fence_token(sent_report)
        user = render(
            load_prompt("report_audit_user"),
            exam=redactor.redact(exam),
            patient=describe_patient(case.patient),
            language="Chinese" if case.language == "zh" else "English",
            guidelines=guidelines_block(context.guidelines),
            examples=past_cases_block(context.past_cases, token, redactor.redact),
            report=fenced("REPORT", sent_report, token),
            role_instruction=role_instruction(context.role),
        )
        system = render(load_prompt("report_audit_system"), taxonomy=taxonomy_block("ct_report"))
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        tally = UsageTally(self.model)
        report = case.report or ""
        notes = []
        if len(report) > self.max_report_chars:
            notes.append(f"report cut to its first {self.max_report_chars} characters for the model")
        redactor = self.client.new_redactor()
        messages = self.messages(case, context, redactor)
        outcome = self.client.complete(messages, LlmAnswer, tally)
        usage = tally.as_dict() | {"redacted_identifiers": len(redactor.placeholders)}
        if outcome.answer is None:
            return AuditorOutput(failed="; ".join([outcome.problem or "no answer", *notes]), usage=usage)
        kept, dropped = known_findings(outcome.answer, "ct_report")
        shown = {g.id for g in context.guidelines}
        findings: list[Finding] = []
        missing = 0
        for item in kept:
            located = locate_evidence(redactor.restore(item.evidence), report)
            if located.how == "missing":
                missing += 1
                confidence = item.confidence * MISSING_EVIDENCE_FACTOR
            else:
                confidence = item.confidence * located.similarity
            finding = to_finding(item, evidence=located.text, confidence=confidence, source=self.name, shown_guidelines=shown)
            finding.explanation = redactor.restore(finding.explanation)
            if not any(f.error_type == finding.error_type and f.evidence == finding.evidence for f in findings):
                findings.append(finding)
        usage |= {
            "dropped_unknown_types": dropped,
            "evidence_not_found": missing,
            "reasoning": redactor.restore(outcome.answer.reasoning)[:MAX_REASONING_CHARS],
        }
        return AuditorOutput(findings=findings, degraded="; ".join(notes) or None, usage=usage)
