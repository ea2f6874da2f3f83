"""A grade or RECIST category the impression gives that the report's own number contradicts (NASCET-style
stenosis bands, RECIST 1.1 sum of diameters), in English and Chinese, and the wordings that must stay
silent: agreeing grades, ranges, approximate values, percentages of something else, open grades."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, mismatch, omission
from radqc.agents.report.document import parse_report
from report_cases import run


def flagged(text: str, language: str = "en") -> set[str]:
    data = CheckInput(parse_report(text, language))
    return {text[c.start:c.end] for c in mismatch.check(data)
            if c.rule in {"stenosis-grade", "recist-category"} and c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    # the findings' percentage for the vessel, the impression's word for it
    ("en", "FINDINGS: Left ICA: soft plaque at the bulb causing 80% stenosis (NASCET). Right ICA: patent.\n"
           "IMPRESSION: Moderate left internal carotid artery stenosis.",
     "Moderate left internal carotid artery stenosis"),
    # a range wholly in another band, and a grade that the impression's own percentage contradicts
    ("en", "FINDINGS: The proximal LAD has a non-calcified plaque with 50-69% stenosis.\n"
           "IMPRESSION: Severe proximal LAD stenosis.", "Severe proximal LAD stenosis"),
    ("en", "FINDINGS: Right carotid bulb plaque.\nIMPRESSION: Mild (60%) stenosis of the right ICA.",
     "Mild (60%) stenosis of the right ICA"),
    ("en", "FINDINGS: Right ICA: less than 50% stenosis.\nIMPRESSION: Severe right ICA stenosis.",
     "Severe right ICA stenosis"),
    ("zh", "检查所见：左侧颈内动脉起始部见混合斑块，管腔狭窄约80%。\n诊断意见：左侧颈内动脉轻度狭窄。", "左侧颈内动脉轻度狭窄"),
    ("zh", "检查所见：右冠状动脉中段见钙化斑块，管腔狭窄50%-69%。\n诊断意见：右冠状动脉中段钙化斑块，管腔重度狭窄。",
     "右冠状动脉中段钙化斑块，管腔重度狭窄"),
])
def test_a_stenosis_graded_outside_its_percentage_band(language, text, evidence):
    assert flagged(text, language) == {evidence}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left ICA: 80% stenosis.\nIMPRESSION: Severe left ICA stenosis."),
    ("en", "FINDINGS: Right ICA: 50-60% stenosis.\nIMPRESSION: Moderate right ICA stenosis."),
    # approximately 70% may be either side of the cut-off
    ("en", "FINDINGS: Right ICA: approximately 70% stenosis.\nIMPRESSION: Moderate right ICA stenosis."),
    ("en", "FINDINGS: Right ICA: approximately 70% stenosis.\nIMPRESSION: Severe right ICA stenosis."),
    # the grade is about the other side's vessel, or another vessel
    ("en", "FINDINGS: Right ICA: 75% stenosis. Left ICA: 55% stenosis.\nIMPRESSION: Moderate left ICA stenosis. "
           "Severe right ICA stenosis."),
    ("en", "FINDINGS: LAD: 80% stenosis. RCA: 30% stenosis.\nIMPRESSION: Mild RCA stenosis."),
    # percentages of something else
    ("en", "TECHNIQUE: Prospectively gated at 70% of the R-R interval.\nFINDINGS: Mild LAD stenosis.\n"
           "IMPRESSION: Mild LAD stenosis."),
    ("en", "FINDINGS: Emphysema involving 30% of the lungs. Right ICA: 80% stenosis.\n"
           "IMPRESSION: Severe right ICA stenosis."),
    # an open or two-word grade
    ("en", "FINDINGS: Left ICA: 80% stenosis.\nIMPRESSION: At least moderate left ICA stenosis."),
    ("en", "FINDINGS: Left ICA: 75% stenosis.\nIMPRESSION: Moderate to severe left ICA stenosis."),
    ("zh", "检查所见：左侧颈内动脉管腔狭窄约60%。\n诊断意见：左侧颈内动脉中度狭窄。"),
    ("zh", "检查所见：前降支近段管腔狭窄约75%。\n诊断意见：前降支近段可能重度狭窄，建议进一步检查。"),
    ("zh", "检查所见：回旋支近段管腔轻微狭窄（<25%）。\n诊断意见：回旋支近段管腔轻微狭窄。"),
])
def test_agreeing_or_open_stenosis_grades_stay_silent(language, text):
    assert flagged(text, language) == set()


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "TARGET LESIONS (RECIST 1.1): Sum of diameters 58 mm (baseline 72 mm), -19%.\n"
           "FINDINGS: Liver metastases smaller.\nIMPRESSION: Partial response by RECIST 1.1.", "Partial response"),
    ("en", "RECIST 1.1 target sum: 40 mm from 64 mm at baseline, change -38%.\n"
           "FINDINGS: Hepatic metastases smaller.\nIMPRESSION: Stable disease.", "Stable disease"),
    # a rise of 20% that is also 5 mm is progression
    ("en", "RECIST 1.1. Change of the sum from baseline: +25% (+8 mm).\nFINDINGS: Lung metastases larger.\n"
           "IMPRESSION: Stable disease.", "Stable disease"),
    ("zh", "靶病灶（RECIST 1.1）直径总和由60 mm减小至50 mm，较基线缩小17%。\n检查所见：肝内转移灶缩小。\n诊断意见：部分缓解。",
     "部分缓解"),
])
def test_a_recist_category_the_sum_contradicts(language, text, evidence):
    assert flagged(text, language) == {evidence}


@pytest.mark.parametrize("language, text", [
    ("en", "RECIST 1.1 sum: 40 mm (baseline 64 mm), -38%.\nFINDINGS: Smaller.\nIMPRESSION: Partial response."),
    ("en", "RECIST 1.1 sum: 52 mm (baseline 56 mm), -7%.\nFINDINGS: Similar.\nIMPRESSION: Stable disease."),
    # under 5 mm a rise of 20% is still stable disease
    ("en", "RECIST 1.1. Change of the sum from baseline: +25% (+3 mm).\nFINDINGS: Slightly larger.\n"
           "IMPRESSION: Stable disease."),
    # progression can come from a new lesion whatever the sum did
    ("en", "RECIST 1.1 sum: 50 mm (baseline 56 mm), -11%.\nFINDINGS: New liver lesion.\n"
           "IMPRESSION: Progressive disease (new hepatic metastasis)."),
    # qualified or denied categories
    ("en", "RECIST 1.1 sum: 52 mm (baseline 72 mm), -28%.\nFINDINGS: Smaller.\n"
           "IMPRESSION: Near partial response; stable disease by RECIST 1.1."),
    ("en", "RECIST 1.1 sum: 60 mm (baseline 70 mm), -14%.\nFINDINGS: Smaller.\nIMPRESSION: Not a partial response."),
    # a percentage without a RECIST sum
    ("en", "FINDINGS: The nodule is 20% smaller than before.\nIMPRESSION: Partial response."),
    ("zh", "靶病灶（RECIST 1.1）直径总和由60 mm减小至36 mm，较基线缩小40%。\n检查所见：肝内转移灶缩小。\n诊断意见：部分缓解。"),
])
def test_agreeing_or_qualified_recist_categories_stay_silent(language, text):
    assert flagged(text, language) == set()


def lung_rads_flagged(text: str, language: str = "en") -> set[str]:
    data = CheckInput(parse_report(text, language))
    return {text[c.start:c.end] for c in mismatch.check(data) if c.rule == "lung-rads-size" and c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    # a 9 mm mean solid nodule on a first screen is 4A at least
    ("en", "FINDINGS: Solid nodule in the left upper lobe, 10 x 8 mm. No other nodule.\n"
           "IMPRESSION: Left upper lobe nodule, Lung-RADS 3. LDCT in 6 months.", {"Lung-RADS 3"}),
    ("zh", "检查所见：右肺下叶见一实性结节，大小约17mm×15mm。\n诊断意见：右肺下叶实性结节，Lung-RADS 4A类。", {"Lung-RADS 4A"}),
    # the category of the size, or above it (suspicious features may raise it): silent
    ("en", "FINDINGS: Solid nodule in the left upper lobe, 10 x 8 mm.\nIMPRESSION: Lung-RADS 4A.", set()),
    ("en", "FINDINGS: Solid nodule in the left upper lobe, 5 x 4 mm, spiculated.\nIMPRESSION: Lung-RADS 4X.", set()),
    # benign features, other nodule types, and follow-up screens set the category otherwise: silent
    ("en", "FINDINGS: Solid perifissural nodule along the right minor fissure, 9 x 7 mm.\nIMPRESSION: Lung-RADS 2.",
     set()),
    ("en", "FINDINGS: Part-solid nodule, 12 mm, solid component 4 mm.\nIMPRESSION: Lung-RADS 3.", set()),
    ("en", "FINDINGS: Solid nodule in the right lower lobe, 10 x 9 mm, unchanged from the prior screen.\n"
           "IMPRESSION: Lung-RADS 2.", set()),
])
def test_lung_rads_category_below_the_band_of_its_solid_nodule(language, text, evidence):
    assert lung_rads_flagged(text, language) == evidence


def test_lung_rads_is_held_to_the_findings_size_not_the_impression_slip():
    text = ("FINDINGS: Solid nodule in the right middle lobe, 7 x 6 mm (mean 6.5 mm).\n"
            "IMPRESSION: Lung-RADS 3: 17 mm solid nodule in the right middle lobe.")
    assert lung_rads_flagged(text) == set()


def category_flagged(text: str, language: str = "en") -> set[str]:
    data = CheckInput(parse_report(text, language))
    return {text[c.start:c.end] for c in mismatch.check(data)
            if c.rule in {"bosniak-enhancement", "bosniak-nodule", "lr5-features", "lr5-undercalled", "larynx-t-category"}
            and c.confidence >= 0.5}


@pytest.mark.parametrize("language, text, evidence", [
    # Bosniak III and IV need enhancement the findings deny
    ("en", "FINDINGS: Right kidney: 3.5 cm cystic mass with two thin septa; no measurable enhancement.\n"
           "IMPRESSION: Right renal cystic mass, Bosniak IV.", {"Bosniak IV"}),
    ("zh", "检查所见：右肾中部见一囊性灶，约3.0cm，内见分隔，增强扫描囊壁及分隔均未见强化。\n诊断意见：右肾囊性病变，Bosniak III类。",
     {"Bosniak III类"}),
    # enhancement stated, or a category that needs none
    ("en", "FINDINGS: Right kidney: 3.5 cm cystic mass with an enhancing 7 mm mural nodule; the septa do not enhance.\n"
           "IMPRESSION: Right renal cystic mass, Bosniak IV.", set()),
    ("en", "FINDINGS: Right kidney: 3.5 cm cyst with one thin septum; no enhancement.\nIMPRESSION: Bosniak II cyst.", set()),
    ("zh", "检查所见：右肾见一囊实性肿块，约4.0cm，实性部分不均匀强化。\n诊断意见：右肾囊性肿块，Bosniak IV类。", set()),
    # LR-5 needs 10 mm or more and arterial phase hyperenhancement
    ("en", "FINDINGS: Cirrhosis. A 7 mm segment 4 observation with APHE and washout.\nIMPRESSION: Segment 4 observation, LR-5.",
     {"LR-5"}),
    ("en", "FINDINGS: Cirrhosis. A 26 mm segment 7 observation without arterial phase hyperenhancement; washout present.\n"
           "IMPRESSION: 26 mm segment 7 observation, LI-RADS 5.", {"LI-RADS 5"}),
    ("zh", "检查所见：肝硬化。肝S2见一结节，约7mm，动脉期明显强化，门脉期廓清。\n诊断意见：肝S2结节，LI-RADS 5类。", {"LI-RADS 5类"}),
    ("zh", "检查所见：肝硬化。肝S5见一结节，约2.3cm，动脉期未见明显强化，门脉期低密度。\n诊断意见：肝S5结节，LR-5。", {"LR-5"}),
    # a category its features allow, and two observations the sizes cannot be told apart for
    ("en", "FINDINGS: A 23 mm segment 8 observation with APHE, washout and an enhancing capsule.\n"
           "IMPRESSION: 23 mm segment 8 observation, LR-5.", set()),
    ("en", "FINDINGS: A 23 mm segment 8 observation with APHE and washout. A 6 mm segment 2 arterial focus.\n"
           "IMPRESSION: Segment 8 observation, LR-5. Segment 2 focus, LR-3.", set()),
])
def test_a_bosniak_or_li_rads_category_its_own_stated_features_rule_out(language, text, evidence):
    """No rule held a Bosniak or LI-RADS category to the features the report states for it."""
    assert category_flagged(text, language) == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # an enhancing nodule makes a cystic renal mass Bosniak III or IV
    ("en", "FINDINGS: Left kidney: 3.4 cm cystic lesion with thick septa and a 9 mm enhancing mural nodule.\n"
           "Right kidney: two simple cysts, no enhancement.\n"
           "IMPRESSION: 1. Left renal cystic lesion: Bosniak II. 2. Simple right renal cysts (Bosniak I).", {"Bosniak II"}),
    ("en", "FINDINGS: Right renal cystic mass, 4 cm, with a mural nodule that enhances from 30 to 80 HU.\n"
           "IMPRESSION: Bosniak IIF cystic mass, follow-up in 6 months.", {"Bosniak IIF"}),
    ("zh", "检查所见：右肾见一囊性肿块，约3.5cm，内见分隔，壁结节约8mm，增强后明显强化。\n诊断意见：右肾囊性病变，Bosniak II类。",
     {"Bosniak II类"}),
    # a nodule denied or not enhancing, a category that allows it, and the other kidney's simple cyst
    ("en", "FINDINGS: Right kidney: 3 cm cyst with a thin septum, no enhancing nodule.\nIMPRESSION: Bosniak II.", set()),
    ("en", "FINDINGS: Right kidney: 3 cm cyst with a calcified nodule without enhancement.\nIMPRESSION: Bosniak IIF.",
     set()),
    ("zh", "检查所见：右肾囊性灶，约3cm，壁结节未见强化。\n诊断意见：右肾囊肿，Bosniak II类。", set()),
    ("en", "FINDINGS: Right kidney: 3.8 cm cystic mass with an enhancing 6 mm mural nodule. Left kidney: a simple cyst.\n"
           "IMPRESSION: Right renal cystic mass, Bosniak IV. Left renal cyst, Bosniak I.", set()),
])
def test_a_bosniak_category_below_the_iii_or_iv_its_enhancing_nodule_makes(language, text, evidence):
    """No rule held a Bosniak I, II or IIF to a cystic renal mass its findings give an enhancing nodule."""
    assert category_flagged(text, language) == evidence


@pytest.mark.parametrize("language, text, evidence", [
    # non-rim APHE with washout or a capsule from 20 mm, with washout from 10 mm: LR-5, which no ancillary feature
    # lowers to LR-3
    ("en", "FINDINGS: Cirrhosis. Segment 6 observation 2.4 cm with non-rim arterial phase hyperenhancement, "
           "non-peripheral washout and an enhancing capsule. No tumour in vein.\n"
           "IMPRESSION: Segment 6 observation 2.4 cm: LR-3 (intermediate probability of HCC).", {"LR-3"}),
    ("en", "FINDINGS: A 15 mm segment 2 observation with APHE and washout.\nIMPRESSION: Segment 2 observation, LR-3.",
     {"LR-3"}),
    ("zh", "检查所见：肝硬化。肝S8见一结节，约2.5cm，动脉期明显强化，门脉期廓清，可见包膜。\n诊断意见：肝S8结节，LI-RADS 3类。",
     {"LI-RADS 3"}),
    # LR-4 by the table, an LR-4 an ancillary feature may have demoted, denied features, rim APHE (LR-M)
    ("en", "FINDINGS: A 15 mm segment 2 observation with APHE and an enhancing capsule.\nIMPRESSION: LR-3.", set()),
    ("en", "FINDINGS: A 24 mm segment 8 observation with APHE and washout.\nIMPRESSION: Segment 8 observation, LR-4.", set()),
    ("en", "FINDINGS: A 24 mm segment 8 observation with APHE, no washout and no capsule.\nIMPRESSION: LR-3.", set()),
    ("en", "FINDINGS: A 24 mm segment 8 observation with rim arterial phase hyperenhancement and peripheral washout.\n"
           "IMPRESSION: LR-3.", set()),
    ("zh", "检查所见：肝S8见一结节，约2.5cm，动脉期未见明显强化，门脉期廓清。\n诊断意见：肝S8结节，LI-RADS 3类。", set()),
])
def test_an_li_rads_category_below_the_lr5_its_stated_features_make(language, text, evidence):
    """No rule held an LR-3 to an observation its findings describe as LR-5 (size, non-rim APHE, washout, capsule)."""
    assert category_flagged(text, language) == evidence


def test_a_response_category_sums_up_its_lesions_change_told_in_prose_but_not_a_new_lesion():
    """"Partial response" is the table's verdict, and the prose restating the table's shrinkage is covered by it; a new
    lesion is progression, which the category does not account for."""
    text = ("Target lesions (RECIST 1.1):\nT1 Liver segment 8: 22 mm (baseline 30 mm)\nT2 Liver segment 3: 19 mm "
            "(baseline 25 mm)\nSum: 41 mm (baseline 55 mm), -25%.\nNarrative: The segment 8 metastasis has decreased in "
            "size and is more hypodense centrally. The other lesions are smaller as tabulated.\n"
            "IMPRESSION: Partial response per RECIST 1.1.")
    assert run(omission.check, text) == set()
    text = text.replace("The other lesions are smaller as tabulated.", "A new 12 mm lesion in segment 6, smaller "
                                                                        "than the others.")
    assert {t for t, _ in run(omission.check, text)} == {"omission"}


@pytest.mark.parametrize("language, text, evidence", [
    # through the thyroid cartilage, or into the strap muscles or the thyroid gland: T4a; a fixed cord: T3
    ("en", "FINDINGS: Tumour of the right true vocal cord extending through the thyroid cartilage lamina into the strap "
           "muscles. Right vocal cord fixed.\nIMPRESSION: Right glottic carcinoma, confined to the larynx: T2 N0.", {"T2"}),
    ("en", "FINDINGS: Left supraglottic mass, 3 cm. Left vocal cord fixed. Thyroid cartilage intact.\n"
           "IMPRESSION: Supraglottic carcinoma, T2.", {"T2"}),
    ("zh", "影像表现：左侧声带不规则肿块，约2.5cm，左侧甲状软骨板内外侧骨皮质均破坏，肿块突出至带状肌内。\n影像诊断：左侧声门型喉癌，考虑T1b期。",
     {"T1b"}),
    ("zh", "影像表现：右侧梨状窝肿块，约3cm，向外突破甲状软骨板后缘侵入甲状腺右叶。\n影像诊断：右侧梨状窝癌，T2。", {"T2"}),
    # features denied, a category that fits them, a vertebra, and a tumour of another site
    ("en", "FINDINGS: Right glottic tumour, 1.5 cm. Thyroid cartilage intact; no extralaryngeal spread. Cords mobile.\n"
           "IMPRESSION: Right glottic carcinoma, T1a.", set()),
    ("zh", "影像表现：左侧声带肿块，未侵犯甲状软骨，未侵入带状肌。\n影像诊断：左侧声门型喉癌，T1a期。", set()),
    ("en", "FINDINGS: Glottic tumour through the thyroid cartilage into the strap muscles.\n"
           "IMPRESSION: Glottic carcinoma, T4a. Degenerative change at C6-T1.", set()),
    ("en", "FINDINGS: Tongue base mass invading the strap muscles.\nIMPRESSION: Oropharyngeal carcinoma, T2.", set()),
])
def test_a_larynx_t_category_below_the_one_its_stated_extent_sets(language, text, evidence):
    """No rule held a laryngeal or hypopharyngeal T category to the extent its findings state (AJCC 8th)."""
    assert category_flagged(text, language) == evidence
