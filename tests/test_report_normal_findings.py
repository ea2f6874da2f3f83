"""Findings that call the study, a body region or a list of organs normal, against an impression that
names a disease: the synthetic cases of tests/fixtures/normal-findings (see its SOURCE.md).

Their gold labels were written from the definitions in core/taxonomy.json before the auditor was run:

- findings_impression_mismatch includes "an abnormality in the impression that the findings call
  normal". A whole-study statement ("No abnormality detected", "本次检查未见明显异常") calls every organ
  normal, a region statement ("胸部CT平扫未见明显异常", "Upper abdomen: ...", a "CHEST:" sub-heading) the
  organs of that region.
- A hedged impression ("cannot exclude", "possible", "可能", "不除外") follows the check's existing rule: a
  differential is no assertion, but it still needs something in the findings to rest on, so over findings
  that call its organ normal it is a mismatch, and beside a related finding it is not.
- Impressions that assert no abnormality (a denial, "no acute findings", a recommendation, a comparison,
  surgical history) contradict nothing.
- A statement about the rest of the study ("Otherwise ...", "余..."), one narrowed by a quality ("未见急性
  异常"), and one about a structure the lexicon does not know or under another organ's sub-heading
  ("Posterior elements intact", "Bones:" then "Normal.") leave the impression's organ alone.
- An impression disease in an organ the findings never mention, with no statement about the whole study:
  not an omission (nothing in the findings is left out) nor one of insertion's kinds; the taxonomy's
  mismatch ("different ... organ than described") takes it, as the check already does
  (test_report_generalisation: an impression diagnosis in an organ the findings never name).

The whole offline auditor runs, at the workflow's operating point, so no other error type is expected.
"""

from __future__ import annotations

import pytest

from report_cases import OPERATING_POINT, PRECISION, case_named, findings, fixture_cases

CASES = fixture_cases("normal-findings")


def test_the_cases_are_valid_gold():
    assert not CASES.errors and len(CASES.cases) >= 20


@pytest.mark.parametrize("case", CASES.cases, ids=[c.case_id for c in CASES.cases])
def test_findings_called_normal_against_the_impression(case):
    found = {(f.error_type, f.evidence) for f in findings(case) if f.confidence >= OPERATING_POINT}
    assert found == {(label.error_type, label.evidence) for label in case.labels}


@pytest.mark.parametrize("case_id", ["nf-en-01", "nf-en-07", "nf-zh-01"])
def test_normal_findings_contradict_an_impression_disease_for_both_roles(case_id):
    """Findings that call the whole study or its region normal deny a disease as plainly as ones that
    call its organ normal: the precision role reports it too, not only the recall role."""
    assert [f.confidence >= PRECISION for f in findings(case_named(CASES, case_id))] == [True]
