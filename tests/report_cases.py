"""The offline CT report auditor on a folder of synthetic cases under tests/fixtures, at the operating
points of the workflow's roles: what the case-based report tests share."""

from __future__ import annotations

from pathlib import Path

from radqc.agents.base import AuditContext
from radqc.agents.report.checks import CheckInput
from radqc.agents.report.document import parse_report
from radqc.agents.report.engine import ReportRulesAuditor
from radqc.dataset import Dataset, load_dataset
from radqc.eval.matching import match_case
from radqc.profiles import load_profile
from radqc.schemas import Case

RECALL, PRECISION = (getattr(load_profile("offline"), role).min_confidence for role in ("recall", "precision"))
OPERATING_POINT = (RECALL + PRECISION) / 2  # the evidence verifier's bar for a finding only the recall role keeps


def fixture_cases(name: str) -> Dataset:
    """tests/fixtures/NAME, read as `radqc eval` reads a dataset."""
    return load_dataset(Path(__file__).parent / "fixtures" / name)


def findings(case: Case):
    """Everything the whole offline auditor finds in CASE, with its confidence."""
    return ReportRulesAuditor(embeddings=False).audit(case, AuditContext()).findings


def case_named(cases: Dataset, case_id: str) -> Case:
    return next(c for c in cases.cases if c.case_id == case_id)


def misread(case: Case) -> tuple[list, list[str]]:
    """What the whole auditor gets wrong in CASE at the workflow's operating point, matched as `radqc eval`
    matches (same type, overlapping evidence): the gold labels it misses and the evidence of its extra findings."""
    found = [f for f in findings(case) if f.confidence >= OPERATING_POINT]
    matching = match_case(case.report, case.labels, found)
    return matching.unmatched_labels, [found[i].evidence for i in matching.unmatched_findings]


def run(check, text: str, language: str = "en", sex_: str = "U", exam_: str | None = None, embed=None):
    """The errors CHECK finds in TEXT at the 0.3 bar as (type, evidence) pairs; every evidence span must lie inside
    the report, as the scorer matches it there."""
    found = check(CheckInput(parse_report(text, language), sex=sex_, exam=exam_, embed=embed))
    for c in found:
        assert text[c.start:c.end] in text and c.end > c.start
    return {(c.error_type, text[c.start:c.end]) for c in found if c.confidence >= 0.3}


def confident(check, text: str, language: str = "en", age: float | None = None) -> set:
    """The errors CHECK finds in TEXT at the workflow's effective operating point (0.5) as (type, evidence) pairs."""
    return {(c.error_type, text[c.start:c.end]) for c in check(CheckInput(parse_report(text, language), age=age))
            if c.confidence >= 0.5}
