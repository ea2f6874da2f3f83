"""Findings minor enough to leave out of the impression, and to leave beside an organ called normal: how radiologists
write an older patient's or a check-up report, where incidentals (a mildly enlarged heart, age-related white matter
change, a calcified granuloma, an old rib fracture) stand beside the findings that matter."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, omission
from report_cases import run


@pytest.mark.parametrize("finding", ["Heart mildly enlarged.", "Mildly enlarged heart.",
                                     "The ascending aorta is slightly dilated, 4.1 cm.",
                                     "Common bile duct minimally dilated, 7 mm."])
def test_a_degree_written_as_an_adverb_makes_a_finding_minor(finding):
    """"mild" made a finding minor, "mildly" did not: "Heart mildly enlarged" beside a pneumonia was an omission."""
    text = f"FINDINGS: Dependent consolidation in both lower lobes. {finding}\nIMPRESSION: Bilateral lower lobe pneumonia."
    assert run(omission.check, text) == set()
    # without its degree the finding is the impression's to give
    unqualified = finding.replace("mildly ", "").replace("Mildly enlarged", "Enlarged").replace("slightly ", "") \
        .replace("minimally ", "")
    assert {f[0] for f in run(omission.check, text.replace(finding, unqualified))} == {"omission"}


def test_an_adverb_grading_a_density_does_not_make_the_lesion_minor():
    """"slightly hypodense" grades the lesion's density, as "稍低密度灶" does, not the lesion."""
    text = ("FINDINGS: Dependent consolidation in both lower lobes. A 2.5 cm slightly hypodense lesion in the liver.\n"
            "IMPRESSION: Bilateral lower lobe pneumonia.")
    assert run(omission.check, text) == {("omission", "A 2.5 cm slightly hypodense lesion in the liver.")}


@pytest.mark.parametrize("language, text, age_words", [
    ("en", "FINDINGS: No acute intracranial haemorrhage. Age-appropriate generalised volume loss with periventricular "
           "white matter hypodensities, in keeping with small vessel ischaemic change. No extra-axial collection.\n"
           "IMPRESSION: No acute intracranial abnormality.", "Age-appropriate "),
    ("zh", "检查所见：颅内未见出血。双侧脑室旁白质见斑片状缺血灶，为老年性改变。中线结构居中。\n诊断意见：颅内未见出血。",
     "，为老年性改变"),
])
def test_a_change_the_report_puts_down_to_age_is_no_omission(language, text, age_words):
    """White matter change the report calls age-appropriate or "老年性" is what age brings, not an ischaemia to report."""
    assert run(omission.check, text, language) == set()
    assert {f[0] for f in run(omission.check, text.replace(age_words, ""), language)} == {"omission"}
