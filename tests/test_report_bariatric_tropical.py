"""Bariatric surgery and tropical medicine habits the CT checks learned from a nineteenth author's reports: oral
contrast without intravenous contrast, urographic phases, the peritoneum's parietal layer, reference ranges in
brackets, sizes bracketed after their finding; each test states the habit in its own words, with the trap beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, measurement, mismatch, omission
from report_cases import run


# exam ---------------------------------------------------------------------------------------------

def test_enhancement_on_a_scan_with_oral_contrast_only_needs_contrast_that_was_not_given():
    """"With oral contrast, no intravenous contrast" orders an unenhanced scan: oral contrast fills the bowel and
    enhances no wall, so an arterial phase has no place in it; one with intravenous contrast may describe it."""
    text = ("FINDINGS: The sleeve narrows at the incisura. The gastric wall at the incisura enhances avidly in the "
            "arterial phase.\nIMPRESSION: Sleeve stenosis at the incisura.")
    unenhanced = "CT abdomen with oral contrast, no intravenous contrast"
    assert ("exam_mismatch", "enhances") in run(exam.check, text, exam_=unenhanced)
    assert run(exam.check, text, exam_="CT abdomen with oral and intravenous contrast") == set()


def test_a_urogram_s_parenchymal_and_excretory_phases_after_its_plain_scan_are_a_contrast_study():
    text = ("检查方法：平扫、实质期及排泄期扫描。\n检查所见：右肾实质内见多发无强化低密度区，排泄期右侧集合系统显影差。\n"
            "诊断意见：右肾结核。")
    assert run(exam.check, text, "zh", exam_="泌尿系CT增强（CTU）") == set()
    plain = "检查方法：平扫。\n检查所见：右肾实质内见多发低密度区。\n诊断意见：右肾结核。"
    assert ("exam_mismatch", "平扫") in run(exam.check, plain, "zh", exam_="泌尿系CT增强（CTU）")


@pytest.mark.parametrize("lining", ["parietal peritoneum", "parietal peritoneal lining", "visceral peritoneal surfaces"])
def test_the_parietal_peritoneum_is_the_abdomen_s_not_the_brain_s_parietal_lobe(lining):
    """"Parietal" of the peritoneum, as noun or adjective ("parietal peritoneal lining"), is the abdomen's wall, not
    the brain's parietal lobe."""
    text = (f"FINDINGS: Smooth, uniform thickening and enhancement of the {lining}; nodular omental "
            "thickening.\nIMPRESSION: Peritoneal tuberculosis.")
    assert run(exam.check, text, exam_="CT abdomen and pelvis with intravenous contrast") == set()
    brain = ("FINDINGS: A ring-enhancing lesion in the right parietal lobe.\nIMPRESSION: Tuberculoma.")
    assert any(t == "exam_mismatch" for t, _ in run(exam.check, brain, exam_="CT abdomen and pelvis with contrast"))


# insertion ----------------------------------------------------------------------------------------

def test_a_denial_of_free_gas_elsewhere_leaves_the_locules_the_report_describes():
    """"No free gas elsewhere" denies gas beyond the locules just described, as "no other" does; a bare "No free gas"
    under a label beside them is still template text left in."""
    text = ("FINDINGS: Anastomosis: Two small locules of free gas lie anterior to the anastomosis.\n"
            "Peritoneum: Small amount of free fluid in the pelvis. No free gas elsewhere.\n"
            "IMPRESSION: Marginal ulcer with a contained perforation.")
    assert run(insertion.check, text) == set()
    bare = text.replace("No free gas elsewhere.", "No free gas.")
    assert any(t == "insertion" for t, _ in run(insertion.check, bare))


def test_a_reference_range_in_brackets_calls_nothing_normal():
    """"（正常约4°-58°）" gives the range a measurement is read against; the sentence calls the band displaced, not
    the stomach normal. A normal statement in its place still contradicts the dilated pouch."""
    text = ("检查所见：胃束带位置下移，束带与脊柱长轴夹角（phi角）约72°（正常约4°-58°）。束带上方胃囊扩张，约7.5cm×6.0cm，"
            "内见对比剂潴留。\n诊断意见：胃束带滑脱，胃囊扩张。")
    assert run(insertion.check, text, "zh") == set()
    normal = text.replace("（正常约4°-58°）", "，胃壁未见异常")
    assert any(t == "insertion" for t, _ in run(insertion.check, normal, "zh"))


# measurement --------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, wall, size", [
    ("en", "FINDINGS: In the right lower lobe, a 6.2 x 5.5 cm thick-walled cavity with an air-fluid level.\n"
           "IMPRESSION: Ruptured hydatid cyst of the right lower lobe.",
     "FINDINGS: In the right lower lobe, a cavity whose wall is 6.2 cm thick.\n"
     "IMPRESSION: Ruptured hydatid cyst of the right lower lobe.", "6.2 cm"),
    ("zh", "检查所见：右肺下叶见一5.8cm厚壁空洞，内见气液平面。\n诊断意见：右肺下叶包虫囊肿破裂。",
     "检查所见：右肺下叶见一空洞，其壁5.8cm厚，内见气液平面。\n诊断意见：右肺下叶包虫囊肿破裂。", "5.8cm"),
])
def test_a_size_before_thick_walled_measures_the_lesion_not_its_wall(language, text, wall, size):
    """"A 6.2 x 5.5 cm thick-walled cavity", "5.8cm厚壁空洞" measure the cavity; "thick-walled" describes it. A size
    followed by "thick" or "厚" alone is its wall's ("a wall 6.2 cm thick", "其壁5.8cm厚") and stays held to a
    thickness."""
    assert run(measurement.check, text, language) == set()
    assert ("measurement", size) in run(measurement.check, wall, language)


def test_the_prior_size_an_impression_gives_for_comparison_is_not_today_s():
    """"(now 4.2 x 3.1 cm, previously 8.6 x 7.0 cm)" compares today's size with the prior study's, which the findings
    give only on the comparison line; today's size still has to match the findings'."""
    text = ("Comparison: CT 3 weeks ago (gas-containing abscess of 8.6 x 7.0 cm in segment VI).\n"
            "FINDINGS: Liver: The segment VI abscess has decreased to 42 x 31 mm, with a thin enhancing wall.\n"
            "IMPRESSION: Marked reduction of the segment VI liver abscess (now 4.2 x 3.1 cm, previously 8.6 x 7.0 cm).")
    assert run(measurement.check, text) == set()
    slipped = text.replace("now 4.2 x 3.1 cm", "now 2.4 x 3.1 cm")
    assert ("measurement", "2.4 x 3.1 cm") in run(measurement.check, slipped)


# omission -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Liver: A 6.8 cm multiloculated abscess in segment VIII. A filling defect extends 2.3 cm into the "
           "middle hepatic vein, in keeping with septic thrombophlebitis.\n"
           "IMPRESSION: Pyogenic liver abscess with thrombophlebitis of the middle hepatic vein."),
    ("en", "FINDINGS: Panniculus: Skin thickening and stranding in its inferior fold, in keeping with intertrigo; no "
           "collection.\nIMPRESSION: Large panniculus with intertrigo; no collection."),
    ("zh", "检查所见：肝右叶脓肿，约6.8cm。肝中静脉内见充盈缺损，长约2.3cm，符合脓毒性血栓性静脉炎。\n"
           "诊断意见：肝右叶脓肿伴脓毒性血栓性静脉炎。"),
])
def test_a_finding_its_sentence_interprets_is_reported_by_the_interpretation(language, text):
    """A sentence that says what its finding is ("in keeping with septic thrombophlebitis", "符合……") hands the
    impression the name to report it by; an impression without that name still leaves it out."""
    assert not any(t == "omission" for t, _ in run(omission.check, text, language))
    left_out = text.split("\n")[0] + ("\nIMPRESSION: Large panniculus." if "intertrigo" in text else
                                      "\nIMPRESSION: Pyogenic liver abscess." if language == "en" else "\n诊断意见：肝右叶脓肿。")
    assert any(t == "omission" for t, _ in run(omission.check, left_out, language))



@pytest.mark.parametrize("language, text, reported", [
    ("en", "FINDINGS: Nodes: left obturator node 14 mm short axis.\nBones: sclerotic lesions in the right iliac bone "
           "(2.2 cm) and L3 vertebral body, typical of metastases.\nIMPRESSION: 1. Pelvic nodal metastases: left "
           "obturator node.", "IMPRESSION: 1. Pelvic nodal and right iliac bone metastases: left obturator node."),
    ("zh", "检查所见：右肺上叶见肿块，约4.2cm，纵隔淋巴结肿大。肝S7见低密度结节，约1.5cm，考虑转移。\n"
           "诊断意见：右肺上叶肺癌伴纵隔淋巴结转移。", "诊断意见：右肺上叶肺癌伴纵隔淋巴结及肝转移。"),
])
def test_an_interpretation_the_impression_gives_another_organ_leaves_the_finding_out(language, text, reported):
    """"Sclerotic lesions in the right iliac bone, typical of metastases" is not reported by "Pelvic nodal
    metastases", nor the liver nodule "考虑转移" by "纵隔淋巴结转移": the impression's metastases are the nodes', not the
    bone's or the liver's. The impression giving the organ its metastases as well reports it."""
    assert any(t == "omission" for t, _ in run(omission.check, text, language))
    written = text.rsplit("\n", 1)[0] + "\n" + reported
    assert not any(t == "omission" for t, _ in run(omission.check, written, language))


@pytest.mark.parametrize("text, reported", [
    ("FINDINGS: Lungs: Stable 1.2 cm nodule in the right upper lobe.\nBones: New 2.5 cm lytic lesion in L2, in keeping "
     "with metastatic disease.\nIMPRESSION: Otherwise stable disease.",
     "IMPRESSION: New L2 metastatic lesion; otherwise stable disease."),
    ("FINDINGS: Liver: New 2.1 cm hypodense lesion in segment 6, consistent with progression of disease.\n"
     "IMPRESSION: Liver disease stable.", "IMPRESSION: Progression of disease with a new liver lesion."),
])
def test_a_new_finding_interpreted_by_a_generic_word_is_not_reported_by_stable_disease(text, reported):
    """"In keeping with metastatic disease" is named by "metastatic", not by "disease", and a new lesion's
    interpretation is not reported by an impression calling it stable: "Otherwise stable disease" leaves the new lesion
    out; an impression calling it new, or its progression, reports it."""
    assert any(t == "omission" for t, _ in run(omission.check, text))
    written = text.rsplit("\n", 1)[0] + "\n" + reported
    assert not any(t == "omission" for t, _ in run(omission.check, written))

# mismatch -----------------------------------------------------------------------------------------

def test_an_impression_calling_a_collection_resolved_agrees_with_findings_saying_it_has_resolved():
    text = ("FINDINGS: Previous collection: The left subphrenic collection seen on the prior CT has resolved. New "
            "small right pleural effusion.\nIMPRESSION: Resolved left subphrenic collection; new small right pleural "
            "effusion.")
    assert not any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, text))
    still = text.replace("seen on the prior CT has resolved", "is still present, 4 cm")
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, still))


def test_a_denial_outside_an_organ_says_nothing_of_the_organ_s_own_lesion():
    """"No extrahepatic cysts" denies cysts beyond the liver, those its "Liver:" line describes too (one displacing the
    hepatic vein is still the liver's); a cyst in the spleen still contradicts it."""
    text = ("FINDINGS:\nLiver: In segment VII there is a 9.4 x 8.1 cm cyst. It contains multiple daughter cysts. "
            "The cyst displaces the right hepatic vein.\nOther: Spleen, kidneys and peritoneum free of cysts.\nIMPRESSION: 1. Hydatid cyst of the right hepatic lobe, WHO "
            "CE3b. 2. No extrahepatic cysts.")
    assert not any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, text))
    spleen = text.replace("Spleen, kidneys and peritoneum free of cysts.", "A 3 cm cyst in the spleen.")
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, spleen))


def test_a_chinese_denial_outside_the_liver_leaves_the_liver_s_cyst():
    """"肝外未见囊肿" denies cysts beyond the liver, as "no extrahepatic cysts" does; a denial naming the liver as well
    ("肝内外") still contradicts the liver's cyst."""
    text = ("检查所见：\n肝脏：S7段见一9.4cm×8.1cm囊肿，内见多发子囊，推移肝右静脉。\n其他：脾、肾及腹膜未见囊肿。\n"
            "诊断意见：1.肝右叶包虫囊肿，CE3b型。2.肝外未见囊肿。")
    assert not any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, text, "zh"))
    both = text.replace("肝外未见囊肿", "肝内外未见囊肿")
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, both, "zh"))
    zone = "检查所见：右肺上叶外带见一结节，约1.2cm。\n诊断意见：双肺外带未见结节。"  # the lung's outer zone, not outside it
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, zone, "zh"))


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：肝内胆管弥漫性轻度扩张，以肝包膜下小胆管扩张为主；肝门部及肝外胆管无明显扩张，胆总管宽约6mm。\n"
           "诊断意见：肝内末梢胆管扩张，符合华支睾吸虫病。"),
    ("en", "FINDINGS: Mild diffuse dilatation of the peripheral intrahepatic bile ducts. The extrahepatic bile duct is "
           "not dilated.\nIMPRESSION: Peripheral intrahepatic duct dilatation, in keeping with clonorchiasis."),
])
def test_intrahepatic_ducts_dilated_beside_extrahepatic_ducts_not_dilated_is_no_contradiction(language, text):
    """The intrahepatic and the extrahepatic bile ducts are two parts of the biliary tree: a fluke dilates the first and
    spares the second. The same part called dilated and not dilated still contradicts."""
    assert run(insertion.check, text, language) == set()
    same = text.replace("肝门部及肝外胆管无明显扩张", "肝内胆管无明显扩张").replace(
        "The extrahepatic bile duct is not dilated.", "The intrahepatic bile ducts are not dilated.")
    assert any(t == "insertion" for t, _ in run(insertion.check, same, language))


@pytest.mark.parametrize("language, text, clean", [
    ("en", "FINDINGS: The common bile duct is dilated to 12 mm with mild intrahepatic biliary dilatation. The "
           "extrahepatic bile duct is not dilated.\nIMPRESSION: Biliary obstruction.",
     "FINDINGS: Mild intrahepatic biliary dilatation. The common bile duct is not dilated.\n"
     "IMPRESSION: Biliary obstruction."),
    ("zh", "检查所见：胆总管扩张，宽约12mm，肝内胆管轻度扩张。肝外胆管未见扩张。\n诊断意见：胆道梗阻。",
     "检查所见：肝内胆管轻度扩张。胆总管未见扩张。\n诊断意见：胆道梗阻。"),
])
def test_the_common_bile_duct_is_an_extrahepatic_duct(language, text, clean):
    """A dilated common bile duct contradicts "the extrahepatic bile duct is not dilated", whatever intrahepatic
    dilatation its sentence names as well; intrahepatic ducts dilated beside a common bile duct that is not still do
    not."""
    assert any(t == "insertion" for t, _ in run(insertion.check, text, language))
    assert run(insertion.check, clean, language) == set()



def test_the_common_duct_is_the_common_bile_duct():
    """Reports shorten the common bile duct to "the common duct": an extrahepatic duct all the same."""
    text = ("FINDINGS: The common duct is dilated to 12 mm with mild intrahepatic biliary dilatation. The extrahepatic bile "
            "duct is not dilated.\nIMPRESSION: Biliary obstruction.")
    clean = "FINDINGS: Mild intrahepatic biliary dilatation. The common duct is not dilated.\nIMPRESSION: Biliary obstruction."
    assert any(t == "insertion" for t, _ in run(insertion.check, text, "en"))
    assert run(insertion.check, clean, "en") == set()
