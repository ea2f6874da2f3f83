"""Human review verdicts: what a reviewer sends back to a paused case, and what it does to the findings.

A verdict has the spec's adjudications.jsonl shape, so one file serves three readers: `radqc review
--verdicts` takes it as input, the run folder keeps it as the record, and the evaluator reads it for the
additional discovery rate.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from radqc.eval.adjudications import AdjudicationError, conflict_message, conflicts
from radqc.schemas import Adjudication, Finding


# The key of a pause's payload saying why the reviewer's last answer was refused (`refuse_conflicts`).
REFUSED = "refused"


def finding_key(case_id: str, finding: Finding) -> tuple[str, str, str]:
    return (case_id, finding.error_type, finding.evidence)


def parse_verdicts(answer: Any, case_id: str) -> list[Adjudication]:
    """The reviewer's answer for one case; malformed items and other cases' verdicts are dropped
    (the answer crosses a process boundary and may come from a hand-edited file)."""
    verdicts = []
    for item in answer if isinstance(answer, list) else []:
        try:
            verdict = Adjudication.model_validate(item)
        except ValidationError:
            continue
        if verdict.case_id == case_id:
            verdicts.append(verdict)
    return verdicts


def settled(verdicts: list[Adjudication]) -> list[Adjudication]:
    """VERDICTS without those on a finding they both confirm and reject (`conflicts`): such a finding is the
    reviewers' to settle, so an earlier review that left it so judges nothing about it."""
    disputed = {position for positions in conflicts(verdicts) for position in positions}
    return [verdict for position, verdict in enumerate(verdicts) if position not in disputed]


def refuse_conflicts(case_id: str, verdicts: list[Adjudication]) -> None:
    """Raise AdjudicationError naming each finding VERDICTS both confirm and reject, as `radqc review
    --verdicts` refuses it: their order would otherwise settle in silence what the reviewers must decide."""
    if disputed := conflicts(verdicts):
        raise AdjudicationError("; ".join(conflict_message(verdicts, positions, lambda p: f"verdict {p + 1}")
                                          for positions in disputed), case_id)


def apply_verdicts(
    case_id: str, findings: list[Finding], verdicts: list[Adjudication]
) -> tuple[list[Finding], list[Finding], list[Adjudication]]:
    """(findings kept, findings confirmed, verdicts that matched a finding). A rejected finding leaves the
    answer; a finding without a verdict stays in it, unconfirmed.

    A finding both confirmed and rejected is refused (`refuse_conflicts`)."""
    refuse_conflicts(case_id, verdicts)
    by_key = {verdict.key(): verdict for verdict in verdicts}
    kept, confirmed, used = [], [], []
    for finding in findings:
        verdict = by_key.get(finding_key(case_id, finding))
        if verdict is not None:
            used.append(verdict)
        if verdict is None or verdict.verdict == "confirmed":
            kept.append(finding)
        if verdict is not None and verdict.verdict == "confirmed":
            confirmed.append(finding)
    return kept, confirmed, used
