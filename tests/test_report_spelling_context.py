"""Spelling by mechanism, on sentences no development set holds: a real English word one slip from a medical word, where
a radiologist would only ever write the medical one ("spinal chord", "ureteric stunt", "the graft is potent"), each
beside a clean sentence with the same word used rightly; a two-character Chinese term typed with a character of the
same sound ("髋旧" for "髋臼"), beside ordinary words that hold a term's sound-alike ("附壁血栓", "耻骨下支骨折"); and
correct words a report writes that are not in the lexicon as written: Latin anatomical names ("sinus venosus",
"tegmen tympani"), combining forms before a hyphen ("aorto-", "thoraco-"), eponyms ("Pott disease") and a
radiotherapy course counted in fractions."""

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
    ("Myelogram: the roots of the cauda equine are clumped at L3.", "equine",
     "The roots of the cauda equina are clumped at L3; no equine encephalitis pattern."),
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


def test_a_slip_that_starts_a_sentence_before_an_eponym_noun_is_still_found():
    """A sentence's first word is capitalised whatever it is, so only a possessive shows it to be a name there."""
    text = _report("Calcifid nodes in the mediastinum. Liver: Hypodence lesion in segment 6. Pott's spine.")
    assert confident(spelling.check, text) == {("spelling", "Calcifid"), ("spelling", "Hypodence")}


def test_slips_beside_those_forms_are_still_found():
    """The exemptions hold for a name's or a compound's own shape, not for any word beside them."""
    text = _report("Aorto-iliac nodlue. T10 in keeping with Pott disease with a small efusion-like collection. Two rib "
                   "fractions.")
    assert confident(spelling.check, text) == {("spelling", "nodlue"), ("spelling", "efusion"),
                                               ("spelling", "fractions")}


@pytest.mark.parametrize("wrong, evidence, right", [
    ("检查所见：右侧髋旧缘骨质增生，关节间隙变窄。", "髋旧", "检查所见：右侧髋臼缘骨质增生，关节间隙变窄。"),
    ("检查所见：胰头沟突部见低密度灶，边界不清。", "沟突", "检查所见：胰头钩突部见低密度灶，边界不清。"),
    ("检查所见：门静脉高压，胃底见侧肢循环形成。", "侧肢循环", "检查所见：门静脉高压，胃底见侧支循环形成。"),
])
def test_a_two_character_term_typed_with_a_character_of_the_same_sound_is_a_spelling_error(wrong, evidence, right):
    assert confident(spelling.check, wrong, "zh") == {("spelling", evidence)}
    assert confident(spelling.check, right, "zh") == set()


def test_sound_alikes_of_two_character_terms_inside_ordinary_words_stay_unflagged():
    """"附壁血栓" (a mural thrombus) beside "腹壁"; "趾骨" and "骨质" straddled by "下支骨折"; "质骨" in "松质骨"; "气管" across
    "排泄期管腔"; "肺炎" in "双肺沿支气管"; "脊柱" beside "剂柱" in "对比剂柱" (a medical word reaching past it)."""
    text = ("检查所见：腹主动脉瘤伴附壁血栓。左侧耻骨下支骨折。L1椎体松质骨CT值约60HU。排泄期管腔未见充盈缺损。"
            "双肺沿支气管血管束见微结节。L4-5水平对比剂柱明显变细。\n诊断意见：腹主动脉瘤。")
    assert confident(spelling.check, text, "zh") == set()


@pytest.mark.parametrize("slip, evidence", [
    ("Nodules in the Uper lobes bilaterally.", "Uper"),
    ("Lesion in Hepatc segments 7 and 8.", "Hepatc"),
    ("Assess the Hounsfeld index.", "Hounsfeld"),
])
def test_a_slip_before_a_noun_only_the_redactor_reads_as_an_eponyms_is_found(slip, evidence):
    """The spelling check read the redactor's eponym nouns too ("lobes", "segments", "index") and took a capitalised
    slip before them for a name: it reads only the nouns a name comes before as an eponym's (eponyms.py)."""
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    # A name before a noun it does read stays a name.
    assert confident(spelling.check, _report("Consistent with a Bochdalek hernia.")) == set()


@pytest.mark.parametrize("slip, evidence, clean", [
    # a letter doubled before an inflection: no English word takes "-s" after "s", "-es" or "-ed" after "e", "-d" after "d"
    ("Increased wall thicknesss of the sigmoid colon.", "thicknesss", "Increased wall thickness; the walls thicken."),
    ("Follow-up CT is recommendd in 3 months.", "recommendd", "Follow-up CT is recommended; we recommend it."),
    ("Atelectasis in both lower lobees.", "lobees", "Atelectasis in both lower lobes; knees and degrees."),
    # a "ch" said /k/ takes "-s"
    ("Both branchs of the portal vein are patent.", "branchs", "Stomachs of both twins are distended."),
    ("No delayeed enhancement.", "delayeed", "No delayed enhancement; the bolus was agreed and freed."),
    # an "-ous" with its "o" dropped, a letter doubled where root and ending meet
    ("A heterogeneus mass in the left kidney.", "heterogeneus", "A heterogeneous mass; a sinus venosus defect."),
    ("Thickening of the mediaal wall of the orbit.", "mediaal", "Thickening of the medial wall; media reports."),
    # a prefix off a derivation's sibling ("peri" + "coated" of "pericoated") is no word either
    ("Small pericoic fluid around the descending colon.", "pericoic",
     "Small pericolic fluid; peripancreatic and hypoenhancing; nonobstructing calculus."),
])
def test_a_letter_doubled_or_dropped_where_a_word_takes_its_ending_is_a_slip(slip, evidence, clean):
    """Suffixes and derivations are taken off only where English puts them: "thickness" + "s" or "media" + "al" is no
    word, so a letter slipped at that junction is found like one slipped anywhere else."""
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    assert confident(spelling.check, _report(clean)) == set()


@pytest.mark.parametrize("slip, evidence, clean", [
    ("No thrombus in the left atrial appendix.", "appendix",
     "No thrombus in the left atrial appendage. Normal appendix."),
    ("Patchy ground-grass opacity in the right upper lobe.", "ground-grass",
     "Patchy ground-glass opacity; the grass-like pattern of the lawn."),
    ("Filing defect in the right lower lobe segmental artery.", "Filing",
     "Filling defect in a segmental artery; filing of the report."),
    ("Large subdural haematoma with mass affect.", "mass affect",
     "Large subdural haematoma with mass effect; it may affect the brainstem."),
    ("Dilated aortic route, 48 mm.", "route", "Dilated aortic root, 48 mm; the route of the catheter."),
    ("Aortic route diameter 48 mm.", "route", "Valve implanted via a transfemoral aortic route."),
    ("The aortic route is dilated.", "route", "TAVI via the aortic route; transapical aortic route."),
    ("Dilatation of the aortic route to 45 mm.", "route", "Aortic route access was uneventful."),
    ("The aortic route appears normal.", "route", "The aortic route approach was used for the valve."),
    ("Innumerable military nodules in both lungs.", "military", "Innumerable miliary nodules; a military parade."),
    ("Gas in the biliary track after sphincterotomy.", "track",
     "Gas in the biliary tract; the biopsy needle track is clear."),
    ("Calcified plague at the carotid bifurcation.", "plague", "Calcified plaque at the carotid bifurcation."),
    ("Disc extrusion indenting the thecal sack.", "sack", "Disc extrusion indenting the thecal sac."),
    ("Extravasation of oral contract into the peritoneum.", "contract",
     "Extravasation of oral contrast; the gallbladder is contracted."),
])
def test_a_real_word_one_slip_from_the_phrase_s_medical_word_is_a_spelling_error(slip, evidence, clean):
    assert confident(spelling.check, _report(slip)) == {("spelling", evidence)}
    assert confident(spelling.check, _report(clean)) == set()
