"""Reports of a thoracic centre and a haematology and rheumatology unit: nodule volumes and response sums beside
sizes, screening and response vocabulary (Lung-RADS, mRECIST), and the findings such reports leave to their
impressions."""

from __future__ import annotations

from radqc.agents.report.checks import insertion, measurement, mismatch, spelling
from report_cases import run


def test_a_volume_or_an_area_is_no_length():
    text = ("FINDINGS: Lungs: 6.5 mm (volume 120 mm³) solid nodule in the right upper lobe.\n"
            "IMPRESSION: Lung-RADS 2.")
    assert run(measurement.check, text) == set()
    text = ("影像所见：右肺下叶见一枚实性结节，大小约7×6mm，体积约140mm³。目标淋巴结SPD约23.0cm²。\n"
            "诊断意见：右肺下叶实性结节。")
    assert run(measurement.check, text, "zh") == set()
    # the same number written as a length is still far too large for a nodule
    text = "FINDINGS: Lungs: 120 mm solid nodule in the right upper lobe.\nIMPRESSION: Lung-RADS 2."
    assert ("measurement", "120 mm") in run(measurement.check, text)


def test_a_sum_of_several_thicknesses_is_no_one_lesion_s_size():
    text = ("检查所见：右侧胸膜弥漫性结节状增厚，mRECIST测量6处胸膜厚度之和约82mm（基线61mm）。\n"
            "诊断意见：右侧胸膜间皮瘤，较前进展。")
    assert run(measurement.check, text, "zh") == set()
    text = "FINDINGS: Left pleural thickening, mRECIST sum of pleural thickness 82 mm.\nIMPRESSION: Progressive disease."
    assert run(measurement.check, text) == set()
    # one thickness of that size is still no pleural thickness
    text = ("检查所见：右侧胸膜弥漫性结节状增厚，最厚处约82mm（基线61mm）。\n"
            "诊断意见：右侧胸膜间皮瘤，较前进展。")
    assert ("measurement", "82mm") in run(measurement.check, text, "zh")
    text = "FINDINGS: Right pleural thickening, thickness 82 mm (baseline 61 mm).\nIMPRESSION: Progressive disease."
    assert ("measurement", "82 mm") in run(measurement.check, text)


def test_thoracic_and_haematology_words_are_words():
    for sentence, word in (("No enhancing pleural rind.", "rind"), ("Rising lymphocyte count.", "lymphocyte"),
                           ("Nodular thickening extends along the fissural pleura.", "fissural"),
                           ("Stage II sarcoidosis (Scadding).", "Scadding")):
        text = f"FINDINGS: {sentence}\nIMPRESSION: As above."
        assert ("spelling", word) not in run(spelling.check, text)
    # a slip of a word just beside them is still one
    text = "FINDINGS: No enhancing pleural rnid.\nIMPRESSION: As above."
    assert ("spelling", "rnid") in run(spelling.check, text)


def test_the_scadding_stage_names_no_fibrosis():
    text = ("FINDINGS: Bilateral hilar lymphadenopathy with perilymphatic micronodules. No fibrosis, no traction "
            "bronchiectasis.\nIMPRESSION: Stage II pulmonary sarcoidosis (Scadding): hilar lymphadenopathy with "
            "perilymphatic nodules. No fibrosis.")
    assert run(mismatch.check, text) == set()
    # fibrosis the impression reports against the findings' denial is still a mismatch
    text = text.replace("(Scadding): hilar", "with fibrosis: hilar").replace("nodules. No fibrosis.", "nodules.")
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, text))


def test_a_cancer_screening_names_no_cancer():
    text = ("影像所见：双肺未见实性、部分实性或磨玻璃结节。前片右肺上叶3mm微结节本次未见显示。纵隔内未见肿大淋巴结。\n"
            "影像诊断：肺癌筛查Lung-RADS 1类（前片微结节已吸收），建议12个月后复查。")
    assert run(mismatch.check, text, "zh") == set()
    text = ("FINDINGS: No pulmonary nodule or mass. No lymphadenopathy.\n"
            "IMPRESSION: Lung cancer screening category Lung-RADS 1. Annual low-dose CT.")
    assert run(mismatch.check, text) == set()
    # a nodule seen now and absent on the prior ("（前片未见）") is new, not denied
    text = ("影像所见：右肺上叶见一实性结节，直径约6mm（前片未见）。\n"
            "影像诊断：右肺上叶新发结节（前片未见），Lung-RADS 3类。")
    assert run(mismatch.check, text, "zh") == set()
    # a cancer the impression diagnoses against findings without any is still one
    text = ("影像所见：双肺未见肿块及结节。纵隔内未见肿大淋巴结。\n"
            "影像诊断：右肺上叶肺癌，建议活检。")
    assert any(t == "findings_impression_mismatch" for t, _ in run(mismatch.check, text, "zh"))


def test_a_doubling_time_the_impression_gives_otherwise():
    text = ("检查所见：左肺下叶实性结节，平均直径约8.5mm（前片6.6mm），间隔182天，体积倍增时间约174天。\n"
            "诊断意见：左肺下叶实性结节较前增大，体积倍增时间约74天，Lung-RADS 4B类。")
    assert any("约74天" in evidence for _, evidence in run(measurement.check, text, "zh"))
    assert run(measurement.check, text.replace("约74天", "约174天"), "zh") == set()
    text = ("FINDINGS: Left lower lobe solid nodule, now 9 mm. Volume doubling time 204 days.\n"
            "IMPRESSION: Growing left lower lobe nodule, volume doubling time 104 days: Lung-RADS 4B.")
    assert any("104 days" in evidence for _, evidence in run(measurement.check, text))
    # the interval between two scans is no doubling time
    text = text.replace("volume doubling time 104 days", "scanned 104 days apart")
    assert run(measurement.check, text) == set()


def test_after_a_pneumonectomy_the_other_lung_shifts_and_herniates_as_expected():
    text = ("Clinical: Left pneumonectomy 3 years ago.\n"
            "FINDINGS: The left pneumonectomy space is filled with fluid. Shift of the mediastinum to the left with "
            "herniation of the right upper lobe across the anterior midline, as expected.\nRight lung: clear.\n"
            "IMPRESSION: Expected appearance after left pneumonectomy.")
    assert run(insertion.check, text) == set()
    # the removed lung described is still an insertion, and so is a normal line beside a herniation not called expected
    described = text.replace("Shift of the mediastinum to the left with herniation of the right upper lobe across the "
                             "anterior midline, as expected.", "The left lung is clear.")
    assert ("insertion", "The left lung is clear.") in run(insertion.check, described)
    unexplained = text.replace(", as expected.", ".")
    assert ("insertion", "Right lung: clear.") in run(insertion.check, unexplained)


def test_a_response_category_against_the_sum_it_writes_today_and_at_baseline():
    text = ("检查所见：右侧胸膜弥漫性结节状增厚，mRECIST测量6处胸膜厚度之和约82mm（基线61mm），右侧胸腔中量积液。\n"
            "诊断意见：右侧胸膜间皮瘤化疗后，疗效评价部分缓解（PR）。")
    assert ("findings_impression_mismatch", "部分缓解") in run(mismatch.check, text, "zh")
    assert run(mismatch.check, text.replace("约82mm", "约40mm"), "zh") == set()  # a third smaller: a partial response
    text = ("FINDINGS: Left pleura: mRECIST sum of pleural thickness measurements 78 mm, from 54 mm at baseline (+44%).\n"
            "IMPRESSION: Left pleural mesothelioma: stable disease by mRECIST.")
    assert ("findings_impression_mismatch", "stable disease") in run(mismatch.check, text)
    assert run(mismatch.check, text.replace("78 mm", "58 mm").replace("+44%", "+7%")) == set()
    text = ("FINDINGS: mRECIST sum of pleural thickness from 54 mm at baseline to 78 mm.\n"
            "IMPRESSION: Stable disease by mRECIST.")
    assert ("findings_impression_mismatch", "Stable disease") in run(mismatch.check, text)


def test_dictation_slips_of_thoracic_and_vasculitis_words():
    for slip, word in (("Patchy ground glass capacity in both lower lobes.", "capacity"),
                       ("Findings in keeping with giant cell arthritis.", "arthritis"),
                       ("Small residual emphysema cavity after decortication.", "emphysema")):
        text = f"FINDINGS: {slip}\nIMPRESSION: As above."
        assert any(t == "spelling" and word in evidence for t, evidence in run(spelling.check, text))
    # the right words, and the same words where they belong, stay silent
    for clean in ("Patchy ground glass opacity in both lower lobes.", "Findings in keeping with giant cell arteritis.",
                  "Small residual empyema cavity after decortication.", "Moderate centrilobular emphysema.",
                  "Rheumatoid arthritis with erosions.", "Reduced lung capacity."):
        assert run(spelling.check, f"FINDINGS: {clean}\nIMPRESSION: As above.") == set()
    for slip, clean in (("前纵隔见胸腺留", "前纵隔见胸腺瘤"), ("多发融骨性骨质破坏", "多发溶骨性骨质破坏")):
        assert any(t == "spelling" for t, _ in run(spelling.check, f"检查所见：{slip}。\n诊断意见：同上。", "zh"))
        assert run(spelling.check, f"检查所见：{clean}。\n诊断意见：同上。", "zh") == set()


def test_each_target_line_s_own_baseline_is_no_sum():
    text = ("FINDINGS: Target lesions (RECIST 1.1):\nT1 Liver segment 8: 22 mm (baseline 30 mm)\n"
            "T2 Liver segment 3: 19 mm (baseline 25 mm)\nSum: 41 mm (baseline 55 mm), -25%.\n"
            "IMPRESSION: Partial response per RECIST 1.1.")
    assert ("findings_impression_mismatch", "Partial response") in run(mismatch.check, text)
    text = text.replace(", -25%.", ".").replace("Sum: 41 mm (baseline 55 mm)", "Sum: 36 mm (baseline 55 mm)")
    assert run(mismatch.check, text) == set()  # 55 to 36 mm is a 35% fall: a partial response
