"""Habits of a hepatobiliary-pancreatic centre and a neurosurgery and spine centre the CT checks learned from a
sixteenth author's reports (handwritten-dev13): British spellings of imaging words, dictation slips of the
portal-hypertension and biliary vocabulary, spinal levels, parts of the pancreas, the gut as a whole; each test states
the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, mismatch, omission, spelling
from radqc.agents.report.levels import Level, levels_apart, spinal_levels
from report_cases import confident, run


# spelling -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Findings:\nClip at the right MCA bifurcation with streak artefact limiting assessment.\nImpression:\nClipped aneurysm.",
    "Findings:\nA disc osteophyte complex and ligamentum flavum buckling efface the contrast column.\n"
    "Impression:\nSevere C5-6 canal stenosis.",
])
def test_british_artefact_and_the_verb_efface_are_words(text):
    """"artefact" is the British spelling of artifact, "efface" the verb whose participles the lexicon knows."""
    assert run(spelling.check, text) == set()


@pytest.mark.parametrize("text, slip", [
    ("Findings:\nDistal oesophageal vertices and a large left gastric vein.\nImpression:\nOesophageal vertices.",
     "vertices"),
    ("Findings:\nEnhancing soft tissue encases the hepatic duct confluence.\nImpression:\nMalignant hilar structure, "
     "Bismuth-Corlette type IV.", "hilar structure"),
    ("Clinical: Status post evaluation of the right chronic subdural haematoma.\nFindings:\nResidual collection.\n"
     "Impression:\nResidual collection.", "evaluation"),
])
def test_dictation_slips_of_varices_stricture_and_evacuation(text, slip):
    """A speech recogniser writes real words for the hepatobiliary and neurosurgical ones: "vertices" after a gut
    wall's name are varices, a "malignant hilar structure" a stricture, "status post evaluation" an evacuation."""
    assert any(slip in evidence for _, evidence in run(spelling.check, text))


@pytest.mark.parametrize("text", [
    "Findings:\nThe mediastinal and hilar structures are normal.\nImpression:\nNormal.",
    "Clinical: Referred for evaluation of the right subdural haematoma.\nFindings:\nCollection.\nImpression:\nCollection.",
    "Findings:\nThe vertices of the triangle.\nImpression:\nNormal.",
])
def test_the_same_words_in_their_own_sense_are_no_slip(text):
    """Hilar structures of a chest, an evaluation asked for, and vertices not of a gut wall are what they say."""
    assert run(spelling.check, text) == set()


def test_a_skull_table_typed_with_a_homophone_is_a_slip():
    """颅版 is 颅板 (the skull's inner table) typed by pinyin input."""
    text = "检查所见：\n　　右侧额颞顶部颅版下残余积液。\n诊断意见：\n　　硬膜下积液。"
    assert ("spelling", "颅版") in run(spelling.check, text, "zh")


# spinal levels and the parts of a vertebra ------------------------------------------------------------

def test_a_denial_at_another_spinal_level_is_no_contradiction():
    """A spine surgeon reports level by level: "L3-4椎间盘未见突出" says nothing of the L4-5 herniation above it."""
    text = ("检查所见：\n　　L4-5椎间盘向左后方突出，压迫左侧L5神经根。\n　　L3-4椎间盘未见突出。\n"
            "诊断意见：\n　　L4-5椎间盘突出。")
    assert run(insertion.check, text, "zh") == set()


def test_a_denial_at_the_same_spinal_level_still_contradicts():
    text = ("Findings:\nL4-5: left posterolateral disc herniation compressing the left L5 root.\n"
            "L4-5: no disc herniation.\nImpression:\nL4-5 disc herniation.")
    assert ("insertion", "L4-5: no disc herniation.") in run(insertion.check, text)


@pytest.mark.parametrize("fracture, denial", [
    ("寰椎前弓左侧及后弓右侧见骨折线，断端分离。", "枢椎齿突完整，未见骨折。"),
    ("L1双侧椎板骨折，棘间距离增宽。", "双侧第12肋未见骨折。"),
])
def test_the_chinese_names_of_vertebrae_and_their_parts_are_places_of_the_spine(fracture, denial):
    """寰椎 (C1), 枢椎 and 齿突 (C2) and 椎板 are places of the spine: a fracture of one is not denied by a normal statement
    of another vertebra, nor by one of a rib (第12肋)."""
    text = f"CT所见：\n　　{fracture}\n　　{denial}\n诊断：\n　　骨折。"
    assert run(insertion.check, text, "zh") == set()


def test_spinal_levels_read_discs_ranges_and_named_vertebrae():
    """"L4-5" is the disc, a range every level in it; C1 and C2 by name; a nerve root's level and a liver segment
    written S6 are no place of the spine."""
    assert spinal_levels("L4-5 disc bulge", "en") == {Level("L4", "L5")}
    assert Level("L5", "S1") in spinal_levels("L4-S1 posterior fusion", "en")
    assert spinal_levels("寰椎前弓骨折，齿突完整，第1腰椎、腰4椎体", "zh") == {Level("C1", "C1"), Level("C2", "C2"),
                                                                   Level("L1", "L1"), Level("L4", "L4")}
    assert spinal_levels("压迫左侧L5神经根；肝S6、S7切除术后", "zh") == set()
    assert not levels_apart("L4 anterolisthesis", "L4-5 stenosis", "en")
    assert levels_apart("L3-4: mild bulge", "L4-5: severe stenosis", "en")


# the gut as a whole and by its parts ------------------------------------------------------------------

@pytest.mark.parametrize("language, text, denial", [
    ("en", "Findings:\nArterial phase: a blush of contrast in the ascending colon near the hepatic flexure, enlarging on "
           "the portal venous phase, consistent with active extravasation.\nImpression:\n"
           "No active gastrointestinal extravasation.", "No active gastrointestinal extravasation"),
    ("zh", "检查所见：\n　　动脉期近端空肠肠腔内见片状对比剂外溢，门脉期范围增大，提示活动性出血。\n诊断意见：\n"
           "　　腹部CTA未见活动性消化道出血征象。", "未见活动性消化道出血"),
])
def test_an_impression_denying_gastrointestinal_bleeding_denies_the_colon_s_or_jejunum_s(language, text, denial):
    """"gastrointestinal" and 消化道 name the whole gut, the hepatic flexure is the colon's (no liver), and "活动性消化道
    出血" is active bleeding with the gut's name inside: a GI-bleeding CTA's impression denying it contradicts the
    extravasation its findings describe."""
    found = run(mismatch.check, text, language)
    assert any(kind == "findings_impression_mismatch" and denial in evidence for kind, evidence in found)


def test_an_impression_reporting_ileal_disease_covers_the_ileum_s_findings():
    """"ileal", "jejunal", "caecal" are the bowel's adjectives as "colonic" is."""
    text = ("Findings:\nDistal ileum: 8 cm segment of stratified mural enhancement and wall thickening to 6 mm, without "
            "stricture.\nImpression:\n1. Active distal ileal Crohn's disease, 8 cm, no stricture.")
    assert run(omission.check, text) == set()


def test_a_meningeal_space_named_as_a_place_is_no_haemorrhage():
    """A CT myelogram's "contrast fills the subarachnoid space" names the space; "subarachnoid blood" is still a bleed."""
    place = ("Findings:\nContrast fills the cervical subarachnoid space. C4-5: partial effacement of the ventral "
             "subarachnoid space.\nImpression:\nMild C4-5 stenosis.")
    assert run(omission.check, place) == set()
    bleed = "Findings:\nSubarachnoid blood in the left sylvian fissure.\nImpression:\nNo acute abnormality."
    assert run(omission.check, bleed) != set()


# treated lesions, parts of the pancreas, what follows from a reported finding ---------------------------

def test_no_viable_tumour_beside_a_treated_lesion_is_the_treatment_response():
    """LR-TR nonviable: "未见活性肿瘤" after TACE says the lipiodol-filled lesion is dead, not that there is none."""
    text = ("CT所见：\n　　肝右叶S6病灶内见团块状致密碘油沉积，大小约3.2×2.8cm，病灶边缘动脉期未见结节样强化。\n"
            "诊断：\n　　1. 肝右叶S6肝癌TACE术后，碘油沉积致密，未见活性肿瘤征象（LR-TR 无活性）。")
    assert run(mismatch.check, text, "zh") == set()


def test_no_viable_tumour_beside_a_viable_one_is_still_a_contradiction():
    text = ("Findings:\nSegment 6 lesion after TACE with viable tumour along its margin, arterial enhancement and "
            "washout.\nImpression:\nNo viable tumour.")
    assert any(kind == "findings_impression_mismatch" for kind, _ in run(mismatch.check, text))


@pytest.mark.parametrize("language, text", [
    ("zh", "影像表现：\n　　胰尾部见一单房囊性病灶，大小约4.5×4.0cm，未见壁结节。\n　　胰头、体部未见异常。\n"
           "影像诊断：\n　　胰尾囊性病变，考虑黏液性囊性肿瘤。"),
    ("en", "Findings:\nA 3 cm cystic lesion in the tail of the pancreas.\nThe head and body of the pancreas are normal.\n"
           "Impression:\nCystic lesion of the pancreatic tail."),
])
def test_a_normal_statement_of_other_parts_of_the_pancreas_says_nothing_of_the_tail_s_lesion(language, text):
    assert run(insertion.check, text, language) == set()


def test_a_normal_statement_of_the_pancreatic_part_holding_the_lesion_still_contradicts_it():
    text = ("影像表现：\n　　胰尾部见一囊实性肿块，大小约4.5×4.0cm。\n　　胰体尾部未见异常。\n影像诊断：\n　　胰尾肿块。")
    assert any(kind == "insertion" for kind, _ in run(insertion.check, text, "zh"))


def test_bowel_dilated_behind_a_reported_obstruction_is_said():
    """The dilated loops are the obstruction's upstream side; "Small bowel obstruction" has said them."""
    text = ("Findings:\nDilated jejunal and proximal ileal loops up to 38 mm with air-fluid levels.\nA single transition "
            "point in the right lower quadrant with beaking.\nImpression:\nSmall bowel obstruction with a single "
            "transition point in the right lower quadrant, probably adhesive.")
    assert run(omission.check, text) == set()


@pytest.mark.parametrize("text", [
    "Findings:\nPancreas enhances homogeneously; no necrosis. Resolving peripancreatic stranding.\nImpression:\n"
    "Pancreas without necrosis.",
    "Findings:\nFluid collection abutting the posterior gastric wall, 6.0 x 4.8 cm (7.4 x 5.6 cm before).\nMild mass "
    "effect on the stomach.\nImpression:\nFluid collection, decreasing (6.0 x 4.8 cm).",
])
def test_a_resolving_stranding_and_a_reported_lesion_s_mass_effect_are_no_omission(text):
    """A finding resolving is on its way out; mass effect written right after the collection the impression reports is
    that collection's."""
    assert confident(omission.check, text) == set()


@pytest.mark.parametrize("text, levels", [
    ("T2WI高信号，L4/5椎间盘突出。", {Level("L4", "L5")}),  # an MRI weighting
    ("Right upper lobe mass, T2N1M0; T1-weighted images not obtained.", set()),  # a stage and a weighting
    ("颈内动脉C4段狭窄。", set()),  # an artery's segment
    ("L4椎体压缩骨折，L4/5椎间盘突出。", {Level("L4", "L4"), Level("L4", "L5")}),  # a vertebra kept beside its disc
])
def test_only_the_spine_s_levels_are_levels(text, levels):
    assert spinal_levels(text, "zh") == levels
