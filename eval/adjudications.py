"""Read expert verdicts on findings that matched no gold label (spec: adjudications.jsonl)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Sequence

from pydantic import ValidationError

from radqc.jsonl import numbered_lines  # also imported from here by `radqc review`
from radqc.schemas import Adjudication, validation_summary


class AdjudicationError(ValueError):
    """A verdict line that is not a valid verdict; `case_id` is the case it names, if it names one."""

    def __init__(self, message: str, case_id: str | None = None):
        super().__init__(message)
        self.case_id = case_id


def read_adjudications(path: Path) -> list[Adjudication]:
    """All verdicts in the file; a malformed line is an error naming its line (verdicts are hand-made
    and a silently dropped one would change the discovery rate)."""
    verdicts = []
    for number, line in numbered_lines(path):
        try:
            verdicts.append(parse_adjudication(line))
        except AdjudicationError as exc:
            raise AdjudicationError(f"{path.name} line {number}: {exc}", exc.case_id) from exc
    return verdicts


def parse_adjudication(line: str, defaults: dict[str, Any] | None = None) -> Adjudication:
    """One adjudications.jsonl line as a verdict, DEFAULTS filling fields the line leaves out or blank (a
    `radqc review --template` line's reviewer, for the --reviewer its verdicts are applied with).

    Raises AdjudicationError saying briefly what is wrong (a verdict word such as "Confirmed" is not
    guessed at: the reviewer must say what they meant)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise AdjudicationError(f"not JSON ({exc})") from exc
    if not isinstance(record, dict):
        raise AdjudicationError("not a JSON object")
    case_id = record.get("case_id") if isinstance(record.get("case_id"), str) else None
    try:
        given = {key: value for key, value in record.items() if not (value == "" and key in (defaults or {}))}
        return Adjudication.model_validate({**(defaults or {}), **given})
    except ValidationError as exc:
        raise AdjudicationError(validation_summary(exc, 'line', with_input=True), case_id) from exc


def conflicts(verdicts: Sequence[Adjudication]) -> list[list[int]]:
    """The findings VERDICTS both confirm and reject, each as the positions in VERDICTS of all its verdicts.

    A finding is its case, type and exact evidence, as `radqc review` matches a verdict to it. Two
    reviewers' files merged, or a case reviewed again after its report was corrected, can disagree;
    taking the first or the last verdict would settle in silence what the QC team must decide."""
    positions: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for position, verdict in enumerate(verdicts):
        positions[verdict.key()].append(position)
    return [at for at in positions.values() if len({verdicts[p].verdict for p in at}) > 1]


def conflict_message(verdicts: Sequence[Adjudication], positions: list[int], place: Callable[[int], str]) -> str:
    """One conflict of `conflicts` in words, each verdict named by PLACE(its position): a line number, say."""
    case_id, error_type, evidence = verdicts[positions[0]].key()
    given = "; ".join(f"{place(p)}: {verdicts[p].verdict}" + (f" by {verdicts[p].reviewer}" if verdicts[p].reviewer else "")
                      for p in positions)
    return f"case {case_id!r}: its {error_type!r} finding {evidence!r} is both confirmed and rejected ({given})"
