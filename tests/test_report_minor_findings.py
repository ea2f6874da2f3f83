"""Findings minor enough to leave out of the impression, and to leave beside an organ called normal: how radiologists
write an older patient's or a check-up report, where incidentals (a mildly enlarged heart, age-related white matter
change, a calcified granuloma, an old rib fracture) stand beside the findings that matter; and a finding that is no
incidental, a foreign body, which the lexicon did not read."""

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


@pytest.mark.parametrize("language, normal, incidental, significant", [
    ("en", "Lungs: clear.", "A 3 mm calcified granuloma in the right upper lobe.",
     "A 3 cm spiculated mass in the right upper lobe."),
    ("en", "Lungs clear.", "Radiation fibrosis in the anterior left upper lobe, unchanged.",
     "Consolidation in the anterior left upper lobe."),
    ("en", "Kidneys: normal.", "Simple cyst in the left kidney.", "A 4 cm solid mass in the left kidney."),
    ("zh", "胸廓对称，骨质未见异常。", "右侧第5肋陈旧性骨折。", "右侧第5肋见骨折线。"),
    ("zh", "双肺未见明显异常。", "右肺上叶见钙化灶。", "右肺上叶见肿块，约3cm。"),
    ("zh", "双肺纹理清晰，肺实质内未见异常密度影。", "左肺上叶见少许陈旧性纤维灶。", "左肺上叶见实变。"),
])
def test_an_organ_called_normal_beside_its_incidental_is_no_insertion(language, normal, incidental, significant):
    """A normal line ("Lungs clear", "骨质未见异常") beside a finding benign by its nature (a calcified granuloma, radiation
    fibrosis, a simple cyst, an old fracture, degenerative change) is how a normal organ is written with its incidentals;
    beside a finding of consequence it is a template line left in."""
    findings, impression = ("FINDINGS: ", "\nIMPRESSION: No acute abnormality.") if language == "en" else (
        "检查所见：", "\n诊断意见：未见急性病变。")
    kept = {f for f in run(insertion.check, f"{findings}{normal} {incidental}{impression}", language)
            if f[0] == "insertion"}
    assert kept == set()
    flagged = {f for f in run(insertion.check, f"{findings}{normal} {significant}{impression}", language)
               if f[0] == "insertion"}
    assert flagged == {("insertion", normal)}


def test_a_finding_only_probably_benign_still_contradicts_its_organ_called_normal():
    """"likely" lowers how much the impression must say of a finding, not whether it is one."""
    text = "FINDINGS: Liver: normal. A 2 cm liver lesion, likely a metastasis.\nIMPRESSION: Liver lesion."
    assert run(insertion.check, text) == {("insertion", "Liver: normal.")}


@pytest.mark.parametrize("language, text, normal", [
    ("en", "FINDINGS: Lungs: clear. A 3 mm calcified granuloma in the right upper lobe.\n"
           "IMPRESSION: Calcified granuloma in the right upper lobe.", "Lungs: clear."),
    ("zh", "检查所见：双肺未见明显异常。右肺上叶见钙化灶。\n诊断意见：右肺上叶钙化灶。", "双肺未见明显异常。"),
])
def test_an_incidental_the_impression_reports_still_contradicts_its_organ_called_normal(language, text, normal):
    """The impression reporting the incidental shows the author counts it a finding of the organ: the normal line is
    then a template's."""
    assert run(insertion.check, text, language) == {("insertion", normal)}


@pytest.mark.parametrize("text", [
    "FINDINGS: A 4 mm calculus at the right ureterovesical junction with mild right hydroureter. Perinephric fat "
    "stranding on the right.\nIMPRESSION: 4 mm obstructing calculus at the right ureterovesical junction.",
    "FINDINGS: Left kidney enlarged. In the upper pole there is a 2.4 cm rim-enhancing collection, consistent with a "
    "renal abscess. Perinephric fat stranding, no perinephric collection.\nIMPRESSION: Left renal abscess, 2.4 cm.",
])
def test_fat_stranding_is_a_sign_of_the_disease_the_impression_reports_in_its_organ(text):
    """Fat stranding around an organ is the fat's answer to the disease the impression reports there (the obstructing
    stone of the ureter, the kidney's abscess), though another findings sentence describes that disease."""
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("text, stranding", [
    # the impression reports the stone on the other side
    ("FINDINGS: A 4 mm calculus at the right ureterovesical junction. Perinephric fat stranding on the left.\n"
     "IMPRESSION: 4 mm calculus at the right ureterovesical junction.", "Perinephric fat stranding on the left."),
    # an incidental of the organ is no disease the fat answers
    ("FINDINGS: Pericolic fat stranding around the sigmoid colon. Simple cyst in the liver.\n"
     "IMPRESSION: Sigmoid diverticulosis.", "Pericolic fat stranding around the sigmoid colon."),
])
def test_fat_stranding_beside_no_reported_disease_of_its_organ_is_left_out(text, stranding):
    assert run(omission.check, text) == {("omission", stranding)}


@pytest.mark.parametrize("language, text, finding", [
    ("zh", "检查所见：食管上段见条状高密度异物影，长约2.5cm。双肺未见实变。\n诊断意见：双肺未见实变。", "食管上段见条状高密度异物影，长约2.5cm。"),
    ("en", "FINDINGS: A 2.5 cm linear metallic foreign body in the upper oesophagus. Lungs clear.\nIMPRESSION: Clear lungs.",
     "A 2.5 cm linear metallic foreign body in the upper oesophagus."),
])
def test_a_foreign_body_is_a_finding_the_impression_has_to_carry(language, text, finding):
    """"异物" and "foreign body" were no finding words: a swallowed or inhaled object left out of the impression went
    unseen. Not an incidental: an impression naming it covers the findings' description of it."""
    assert run(omission.check, text, language) == {("omission", finding)}
    named = text.replace("双肺未见实变。\n诊断意见：双肺未见实变。", "双肺未见实变。\n诊断意见：食管上段异物。").replace(
        "IMPRESSION: Clear lungs.", "IMPRESSION: Upper oesophageal foreign body.")
    assert run(omission.check, named, language) == set()
