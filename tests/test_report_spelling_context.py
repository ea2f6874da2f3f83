"""Spelling by mechanism, on sentences no development set holds: a real English word one slip from a medical word, where
a radiologist would only ever write the medical one ("spinal chord", "ureteric stunt", "the graft is potent"), each
beside a clean sentence with the same word used rightly; and correct words a report writes that are not in the lexicon
as written: Latin anatomical names ("sinus venosus", "tegmen tympani"), combining forms before a hyphen ("aorto-",
"thoraco-"), eponyms ("Pott disease") and a radiotherapy course counted in fractions."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import spelling
from report_cases import confident


def _report(findings: str) -> str:
    return f"FINDINGS: {findings}\nIMPRESSION: As above."


@pytest.mark.parametrize("slip, evidence, clean", [
    ("Retropulsed fragment narrowing the canal with spinal chord compression.", "chord",
     "Thickened chordae tendineae of the mitral valve. Sacral chordoma."),
    ("The left ureteric stunt is in situ with its lower coil in the bladder.", "stunt",
     "The left ureteric stent is in situ. Growth was stunted in childhood."),
    ("A metallic biliary stint across the ampulla, with pneumobilia.", "stint",
     "A metallic biliary stent across the ampulla, with pneumobilia."),
    ("The femoropopliteal bypass graft is potent throughout.", "is potent",
     "The femoropopliteal bypass graft is patent throughout; heparin is a potent anticoagulant."),
    ("Fracture line reaching the inferior orbital fisher.", "fisher",
     "Diffuse subarachnoid blood, modified Fisher grade 3. Fracture reaching the inferior orbital fissure."),
    ("Osteochondral lesion of the medial taller dome, 8 mm.", "taller",
     "The renal cyst is taller than it is wide."),
    ("Tuberculous spondylitis at T11-T12 with a cold access in the right psoas.", "access",
     "Right common femoral access is suitable for a 14 F sheath; vascular access site unremarkable."),
    ("A left psoas access with an enhancing rim, 4 cm.", "access",
     "Left radial access was used for the angiogram."),
    ("Cervical carcinoma with paramedial extension on the right.", "paramedial",
     "A small right paramedial disc protrusion at L5-S1."),
])
def test_a_real_word_where_only_its_medical_neighbour_fits_is_a_spelling_error(slip, evidence, clean):
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    assert confident(spelling.check, _report(clean)) == set()


@pytest.mark.parametrize("words", [
    "Persistent ductus arteriosus and a sinus venosus defect. Thin tegmen tympani.",
    "Aorto-uniiliac stent graft; pancreatico-jejunal anastomosis; thoraco-abdominal aneurysm.",
    "Destruction of T10 and T11 with a paravertebral collection, in keeping with Pott disease (Pott's spine).",
    "Post-radiotherapy change after SBRT, 60 Gy in 8 fractions, and a single fraction to the rib.",
    "Inflamed cervical stroma; no gastrointestinal stromal tumour.",
])
def test_latin_names_combining_forms_eponyms_and_dose_fractions_are_words(words):
    assert confident(spelling.check, _report(words)) == set()


def test_slips_beside_those_forms_are_still_found():
    """The exemptions hold for a name's or a compound's own shape, not for any word beside them."""
    text = _report("Aorto-iliac nodlue. Pott disease with a small efusion-like collection. Two rib fractions.")
    assert confident(spelling.check, text) == {("spelling", "nodlue"), ("spelling", "efusion"),
                                               ("spelling", "fractions")}
