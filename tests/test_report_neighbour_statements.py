"""Statements a correct report writes beside a finding that say nothing against it: a denial the impression repeats
word for word from the findings, a normal kidney parenchyma beside a collection around the kidney, a tumour of a
tissue the findings deny the mass holds, and an intact sternum beside the wires that closed its sternotomy. Each test
keeps the neighbouring slip the rule must still catch."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, mismatch
from report_cases import run


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Splenic laceration. No perisplenic haematoma.\nIMPRESSION: Splenic laceration; no perisplenic "
           "haematoma."),
    ("zh", "检查所见：脾脏撕裂伤。未见脾周血肿。\n诊断意见：脾脏撕裂伤，未见脾周血肿。"),
])
def test_an_impression_repeating_a_findings_denial_word_for_word_echoes_it(language, text):
    """The findings deny the haematoma around the spleen beside its laceration; the impression says the same words."""
    assert run(mismatch.check, text, language) == set()


def test_guard_a_denial_of_the_finding_anywhere_beside_a_denial_of_one_site_still_denies_it():
    text = "FINDINGS: Splenic laceration. No perisplenic haematoma.\nIMPRESSION: Splenic laceration; no haematoma."
    assert ("findings_impression_mismatch", "no haematoma") in run(mismatch.check, text)


def test_a_normal_renal_parenchyma_says_nothing_of_a_perinephric_collection():
    """"Perinephric", like "perirenal", names the space around the whole kidney, outside its parenchyma."""
    text = ("FINDINGS: Small right perinephric collection. The renal parenchyma is normal.\n"
            "IMPRESSION: Right perinephric collection.")
    assert run(insertion.check, text) == set()


def test_guard_a_normal_kidney_beside_a_perinephric_collection_is_still_a_template_line():
    text = ("FINDINGS: Small right perinephric collection. The kidneys are normal.\n"
            "IMPRESSION: Right perinephric collection.")
    assert ("insertion", "The kidneys are normal.") in run(insertion.check, text)


def test_no_features_of_a_tumour_of_the_tissue_the_findings_deny_characterises_the_mass():
    text = ("FINDINGS: A 4 cm soft tissue mass within the thigh muscles, with no fatty component.\n"
            "IMPRESSION: Soft tissue mass in the thigh. No features of a fatty tumour.")
    assert run(mismatch.check, text) == set()


def test_guard_no_features_of_a_tumour_of_the_tissue_the_findings_name_still_denies_the_mass():
    text = ("FINDINGS: A 4 cm fatty mass within the thigh muscles, with no soft tissue component.\n"
            "IMPRESSION: No features of a fatty tumour.")
    assert ("findings_impression_mismatch", "No features of a fatty tumour") in run(mismatch.check, text)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Previous median sternotomy with intact sternal wires. Sternum intact. Lungs clear.\n"
           "IMPRESSION: No acute abnormality."),
    ("zh", "检查所见：胸骨正中切开术后，胸骨钢丝在位。胸骨完整。双肺未见异常。\n诊断意见：未见急性异常。"),
])
def test_an_intact_sternum_beside_the_wires_that_closed_its_sternotomy_is_the_healed_sternum(language, text):
    """The wires named in a sentence of their own still say the sternotomy was closed and has healed."""
    assert {f for f in run(insertion.check, text, language) if f[0] == "insertion"} == set()


def test_guard_an_intact_sternum_after_a_sternotomy_with_no_wires_is_still_a_template_line():
    text = "FINDINGS: Previous median sternotomy. Grafts patent. Sternum intact.\nIMPRESSION: Patent grafts."
    assert ("insertion", "Sternum intact.") in run(insertion.check, text)
