"""What retrieval adds to the CT report rules: confirmed misspellings and placeholders of past cases,
and guideline citations; and nothing at all when retrieval is off."""

from __future__ import annotations

from radqc.agents.base import AuditContext, RetrievedCase, RetrievedGuideline
from radqc.agents.report.engine import ReportRulesAuditor
from radqc.schemas import Case, Finding

REPORT = "检查所见：双肺纹理增初，右肺上叶见结节，约6mm。模板<<待填>>。\n诊断意见：右肺上叶结节。"


def audit(context: AuditContext):
    case = Case(case_id="r", modality="ct_report", report=REPORT, language="zh", patient={"sex": "F"})
    return ReportRulesAuditor(embeddings=False).audit(case, context).findings


def context(rag: bool = True) -> AuditContext:
    past = RetrievedCase(case_id="p1", modality="ct_report", text="……纹理增初……", findings=[
        Finding(error_type="spelling", evidence="增初", explanation="增粗"),
        Finding(error_type="insertion", evidence="<<待填>>"),
        Finding(error_type="insertion", evidence="右肺上叶见结节"),  # a sentence: never reused
    ])
    guideline = RetrievedGuideline(id="ct-spelling-zh", text="错别字", error_types=["spelling"], language="zh")
    return AuditContext(rag=rag, past_cases=[past], guidelines=[guideline])


def test_confirmed_strings_of_past_cases_are_found_and_guidelines_cited():
    found = {(f.error_type, f.evidence): f for f in audit(context())}
    assert ("spelling", "增初") in found
    assert found[("spelling", "增初")].guideline_ids == ["ct-spelling-zh"]
    assert ("insertion", "<<待填>>") in found
    assert not any(f.evidence == "右肺上叶见结节" for f in found.values())


def test_without_retrieval_the_same_report_gets_only_the_rule_findings():
    found = {(f.error_type, f.evidence) for f in audit(context(rag=False))}
    assert ("spelling", "增初") not in found and ("insertion", "<<待填>>") not in found
    assert all(not f.guideline_ids for f in audit(AuditContext()))


def test_past_cases_change_nothing_but_their_confirmed_strings():
    """Context-dependent past findings (a side, a size) do not transfer to another report."""
    report = "FINDINGS: A 7 mm nodule.\nIMPRESSION: 7 cm nodule."
    case = Case(case_id="m", modality="ct_report", report=report)
    auditor = ReportRulesAuditor(embeddings=False)
    plain = auditor.audit(case, AuditContext()).findings
    measured = RetrievedCase(case_id="p", modality="ct_report",
                             findings=[Finding(error_type="measurement", evidence="7 cm")])
    assert auditor.audit(case, AuditContext(past_cases=[measured])).findings == plain
