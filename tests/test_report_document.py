"""Section and sentence parsing of CT reports in the layouts real reports use."""

from __future__ import annotations

import pytest

from radqc.agents.report.document import parse_report, report_notes
from radqc.agents.report.mentions import entities


def kinds(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(s.section, s.text) for s in parse_report(text, language).sentences]


def test_english_headings_numbered_lists_and_decimals():
    text = ("EXAMINATION: CT chest with contrast\nFINDINGS:\n1. A 1.2 x 0.8 cm nodule. Dr. Smith was told.\n"
            "2. No effusion.\nIMPRESSION:\n1. Nodule, 1.2 cm.")
    assert kinds(text) == [
        ("technique", "CT chest with contrast"),
        ("findings", "A 1.2 x 0.8 cm nodule."),
        ("findings", "Dr. Smith was told."),
        ("findings", "No effusion."),
        ("impression", "Nodule, 1.2 cm."),
    ]


def test_an_impression_starting_with_a_decimal_is_not_a_list_marker():
    assert kinds("FINDINGS: Mass.\nIMPRESSION:\n3.2 cm mass.")[-1] == ("impression", "3.2 cm mass.")


@pytest.mark.parametrize("findings_heading, impression_heading", [
    ("Findings:", "Conclusion:"), ("REPORT:", "OPINION:"), ("Observations:", "IMPRESSION"), ("Findings", "Summary:"),
    ("Findings:", "IMP:"), ("Findings:", "Imp."),
])
def test_heading_variants(findings_heading, impression_heading):
    text = f"Clinical details: cough.\n{findings_heading}\nNodule in the lung.\n{impression_heading}\nLung nodule."
    assert kinds(text) == [("other", "cough."), ("findings", "Nodule in the lung."), ("impression", "Lung nodule.")]


@pytest.mark.parametrize("findings_heading, impression_heading", [
    ("FINDINGS -", "IMPRESSION -"), ("**Findings**", "**Impression:**"), ("Findings.", "Impression."),
    ("1. FINDINGS:", "2. IMPRESSION"), ("FINDINGS / REPORT:", "IMPRESSION/CONCLUSION:"),
])
def test_dashed_bold_numbered_and_paired_headings(findings_heading, impression_heading):
    """Each of these left the whole report one findings section, and the audit found nothing."""
    text = f"Clinical details: cough.\n{findings_heading}\nNodule in the lung.\n{impression_heading}\nLung nodule."
    assert kinds(text) == [("other", "cough."), ("findings", "Nodule in the lung."), ("impression", "Lung nodule.")]


@pytest.mark.parametrize("findings_heading, impression_heading", [
    ("一、检查所见", "二、诊断意见"), ("CT表现：", "CT诊断："), ("影像学所见：", "影像学诊断："), ("【检查所见】", "检查结论："),
    ("检查所见 FINDINGS：", "诊断意见 IMPRESSION："), ("FINDINGS 检查所见:", "IMPRESSION/诊断意见:"), ("影像所见Findings", "诊断Impression"),
])
def test_numbered_and_ct_chinese_headings(findings_heading, impression_heading):
    text = f"{findings_heading}\n右肺上叶见结节。\n{impression_heading}\n右肺结节。"
    assert kinds(text, "zh") == [("findings", "右肺上叶见结节。"), ("impression", "右肺结节。")]


@pytest.mark.parametrize("text, language", [
    ("Findings: Right lower lobe consolidation. Impression: Left lower lobe pneumonia.", "en"),
    ("检查所见：右肺下叶实变影。诊断意见：左肺下叶肺炎。", "zh"),
])
def test_a_report_exported_as_one_line_keeps_its_impression(text, language):
    """A heading inside the line was not seen: the impression was read as findings, nothing compared."""
    assert [section for section, _ in kinds(text, language)] == ["findings", "impression"]


def test_a_numbered_item_with_a_heading_word_stays_in_its_list():
    text = "FINDINGS: Nodule.\nIMPRESSION:\n1. Nodule.\n2. Recommendation: CT in 3 months.\n3. Emphysema."
    assert [section for section, _ in kinds(text)] == ["findings", "impression", "impression", "impression"]


def test_chinese_headings_and_sentence_marks():
    text = "检查方法：胸部CT平扫。\n影像所见：\n右肺上叶见结节，大小约1.2cm；左肺未见异常。\n诊断意见：\n1、右肺上叶结节。"
    assert kinds(text, "zh") == [
        ("technique", "胸部CT平扫。"),
        ("findings", "右肺上叶见结节，大小约1.2cm；"),
        ("findings", "左肺未见异常。"),
        ("impression", "右肺上叶结节。"),
    ]


@pytest.mark.parametrize("heading", ["检查所见", "影像表现", "CT表现"])
def test_chinese_findings_heading_variants(heading):
    assert kinds(f"{heading}：\n肝内见囊肿。\n印象：\n肝囊肿。", "zh") == [("findings", "肝内见囊肿。"),
                                                                    ("impression", "肝囊肿。")]


def test_organ_subheadings_stay_in_the_findings():
    text = "FINDINGS:\nLungs:\nClear.\nLiver:\nNormal.\nIMPRESSION:\nNormal study."
    assert [k for k, _ in kinds(text)] == ["findings", "findings", "impression"]


def test_a_report_without_headings_ends_with_its_impression():
    text = "CT chest without contrast\nA nodule in the right upper lobe. No effusion.\nRight upper lobe nodule."
    assert kinds(text) == [
        ("technique", "CT chest without contrast"),
        ("findings", "A nodule in the right upper lobe."),
        ("findings", "No effusion."),
        ("impression", "Right upper lobe nodule."),
    ]
    zh = "左肺下叶见实变影。右侧第5肋骨折。\n\n左肺下叶炎症。"
    assert [k for k, _ in kinds(zh, "zh")] == ["findings", "findings", "impression"]


def test_a_single_paragraph_without_headings_is_all_findings():
    assert {k for k, _ in kinds("A nodule in the right upper lobe. No effusion.")} == {"findings"}


def test_sentence_offsets_point_into_the_text():
    text = "FINDINGS:\n  - A nodule.\n  - No effusion.\nIMPRESSION: Nodule."
    for sentence in parse_report(text).sentences:
        assert text[sentence.start:sentence.end] == sentence.text


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\u2028"])
def test_windows_old_mac_and_unicode_line_ends_read_as_newlines(line_end):
    """A lone "\r" (old Mac files, HL7 segments) was no line end at all, so the whole report was one
    technique line and nothing was audited; under "\r\n" a heading without a colon went unseen."""
    text = "EXAMINATION: CT chest\n\nFindings\nRight upper lobe nodule. No effusion.\n\nImpression\nLeft upper lobe nodule."
    given = text.replace("\n", line_end)
    parsed = parse_report(given)
    assert [(s.section, s.text) for s in parsed.sentences] == kinds(text)
    assert all(given[s.start:s.end] == s.text for s in parsed.sentences)


def test_an_exam_title_line_before_the_first_heading_is_not_findings():
    report = parse_report("CT CHEST WITHOUT CONTRAST - follow-up pulmonary nodule\nFindings: RUL nodule, 11 mm.\n"
                          "Impression: Growing nodule.")
    assert [s.section for s in report.sentences] == ["technique", "findings", "impression"]


def test_a_report_in_traditional_characters_is_read_as_simplified_with_its_offsets_kept():
    given = "影像所見：\n右腎下極見囊腫，約2.0cm。膽囊壁增厚。\n診斷意見：\n1. 右腎囊腫。\n2. 膽囊炎。"
    report = parse_report(given, "zh")
    assert [s.section for s in report.sentences] == ["findings", "findings", "impression", "impression"]
    assert report.sentences[0].text == "右肾下极见囊肿，约2.0cm。"
    assert all(len(given[s.start:s.end]) == len(s.text) for s in report.sentences)
    assert given[report.sentences[1].start:report.sentences[1].end] == "膽囊壁增厚。"


def test_an_exam_title_over_unheaded_organ_lines_is_technique_and_the_lines_findings():
    report = parse_report("CT ABDOMEN - RENAL CYST FOLLOW-UP\nKidneys: 3 cm left renal cyst, stable.\n"
                          "Spleen: Normal.\nIMPRESSION:\nStable left renal cyst.")
    assert [s.section for s in report.sentences] == ["technique", "findings", "findings", "impression"]


@pytest.mark.parametrize("language, text, expected", [
    # a history written without its heading, then the findings heading: the history is no finding
    ("en", "72F, chest pain, prior lobectomy.\nFindings: No nodule.\nImpression: Normal.", ["other", "findings", "impression"]),
    ("zh", "男，65岁，腹痛，阑尾切除术后。\n检查所见：肝脏未见异常。\n诊断意见：未见异常。", ["other", "findings", "impression"]),
    # must stay: with no findings heading later the opening lines are the description
    ("en", "No nodule. No effusion.\nImpression: Normal.", ["findings", "findings", "impression"]),
    ("en", "No nodule.\nNo effusion.\n\nNormal chest.", ["findings", "findings", "findings"]),
])
def test_text_before_a_later_findings_heading_is_not_findings(language, text, expected):
    assert [s.section for s in parse_report(text, language).sentences] == expected


def _heading_over(text: str, sentence: str, language: str = "en") -> str:
    report = parse_report(text, language)
    start = text.index(sentence)
    return report.heading_of(next(s for s in report.sentences if s.start <= start < s.end)).text


@pytest.mark.parametrize("language, text, sentence, heading", [
    # the lines under an organ sub-heading, also across a line opening with the same organ
    ("en", "FINDINGS:\nLiver:\nThe liver is enlarged.\nA 3 cm mass in segment 6.\nIMPRESSION: Mass.", "A 3 cm mass", "Liver"),
    ("en", "FINDINGS:\nLiver:\n\nA 3 cm mass in segment 6.\nIMPRESSION: Mass.", "A 3 cm mass", "Liver"),
    ("zh", "检查所见：\n肝脏：\n未见异常密度灶。\n肝右叶见一强化灶。\n诊断意见：占位。", "肝右叶见", "肝脏"),
    # a blank line ends them (the next paragraph), under an organ or a region sub-heading
    ("en", "FINDINGS:\nLiver:\nA 2 cm lesion.\n\nNormal-sized spleen. No focal lesion.\nIMPRESSION: Lesion.",
     "No focal lesion", ""),
    ("en", "FINDINGS:\nCHEST:\nNo nodule.\n\nNo abnormality.\nIMPRESSION: Normal.", "No abnormality", ""),
    ("zh", "检查所见：\n肝脏：\n肝右叶见一低密度灶。\n\n扫描范围内脾脏大小正常。未见异常密度灶。\n诊断意见：占位。", "未见异常密度灶", ""),
    # a line opening with another organ, labelled or not, with an article or a side before it
    ("en", "FINDINGS:\nLiver:\nA 2 cm lesion.\nThe spleen is normal in size. No focal lesion.\nIMPRESSION: Lesion.",
     "No focal lesion", ""),
    ("en", "FINDINGS:\nLiver:\nA 2 cm lesion.\nLungs: No nodules.\nNo effusion.\nIMPRESSION: Lesion.", "No effusion", ""),
    ("en", "FINDINGS:\nKidneys:\nNo calculi.\nLeft adrenal gland: 1 cm nodule.\nIMPRESSION: Nodule.", "1 cm nodule", ""),
    ("zh", "检查所见：\n肝脏：\n肝右叶见一低密度灶。\n脾脏大小正常。实质内未见异常密度灶。\n诊断意见：占位。", "实质内", ""),
    # old Mac line ends ("\r") are line ends too
    ("en", "FINDINGS:\rLiver:\rA 2 cm lesion.\rThe spleen is normal.\rIMPRESSION: Lesion.", "A 2 cm lesion", "Liver"),
    ("en", "FINDINGS:\rLiver:\rA 2 cm lesion.\rThe spleen is normal. No lesion.\rIMPRESSION: Lesion.", "No lesion", ""),
    # a region sub-heading names no organ: its organs' lines stay under it
    ("en", "FINDINGS:\nCHEST:\nLungs: No nodules.\nNo abnormality.\nIMPRESSION: Normal.", "No abnormality", "CHEST"),
])
def test_an_organ_sub_heading_is_the_subject_of_its_lines_until_a_blank_line_or_another_organ(
        language, text, sentence, heading):
    assert _heading_over(text, sentence, language) == heading


@pytest.mark.parametrize("text, language, missing", [
    ("FINDINGS:\nA 2 cm mass in the left kidney. The liver is normal.", "en", "no impression section (such as IMPRESSION:)"),
    ("检查所见：\n左肾见一2cm肿块。肝脏未见异常。", "zh", "no impression section (such as 诊断意见：)"),
    ("IMPRESSION: Left renal mass.", "en", "no findings section (such as FINDINGS:)"),
    ("诊断意见：左肾肿块。", "zh", "no findings section (such as 检查所见：)"),
])
def test_a_report_without_findings_or_impression_is_noted_as_not_compared(text, language, missing):
    """Its audit came back "ok, no findings", as if the two sections had been found consistent."""
    [note] = report_notes(text, language)
    assert note.startswith(missing) and "mismatch, omission, insertion, measurement or laterality" in note


@pytest.mark.parametrize("text, language", [
    ("FINDINGS: A 2 cm mass in the left kidney.\nIMPRESSION: Left renal mass.", "en"),
    ("检查所见：左肾见一2cm肿块。\n诊断意见：左肾肿块。", "zh"),
    # without headings, a short last paragraph is the impression (`_headless_layout`)
    ("A 2 cm hypodense mass in the left kidney, with a thin enhancing wall and no calcification.\n\nLeft renal mass.", "en"),
])
def test_a_report_with_both_sections_has_no_note(text, language):
    assert report_notes(text, language) == []


def test_punctuation_a_dictation_left_spoken_heads_sections_and_ends_sentences():
    """Voice recognition that left "colon", "period" and "new paragraph" as words gave one findings sentence
    and no impression: the spoken marks are read as punctuation, the sentences still slices of the text."""
    text = ("Findings colon the sigmoid colon is normal period there is a 2 cm cyst in the right kidney comma "
            "simple period new paragraph Impression colon right renal cyst period")
    assert kinds(text) == [
        ("findings", "the sigmoid colon is normal period"),
        ("findings", "there is a 2 cm cyst in the right kidney comma simple period"),
        ("impression", "right renal cyst period"),
    ]
    assert all(text[s.start:s.end] == s.text for s in parse_report(text).sentences)
    assert report_notes(text, "en") == []
    # a list number said "1 period" is the list's "1."
    assert kinds("Impression colon\n1 period Right renal cyst period\n2 period No stones period") == [
        ("impression", "Right renal cyst period"), ("impression", "No stones period")]


@pytest.mark.parametrize("text, expected", [
    # the organ after a heading word is still the organ when a spoken colon comes first
    ("Impression colon colon cancer period", [("impression", "colon cancer period")]),
    # "the period", "a period of": words, not marks
    ("Findings colon nodule stable over the period period", [("findings", "nodule stable over the period period")]),
    ("Findings colon stable over a period of weeks period", [("findings", "stable over a period of weeks period")]),
    # a report writing its own stops uses "period" and "colon" as words
    ("FINDINGS: Colon colon is normal. No change over the follow-up period", [
        ("findings", "Colon colon is normal."), ("findings", "No change over the follow-up period")]),
])
def test_spoken_words_that_are_no_punctuation_stay_words(text, expected):
    assert kinds(text) == expected


def test_punctuation_a_chinese_dictation_left_spoken_heads_sections_and_ends_sentences():
    """A Chinese voice-recognition report writing no stop of its own, its marks said as "冒号", "逗号", "句号" and "换行"
    or "下一段", was one findings sentence without an impression."""
    text = "检查所见冒号肝脏形态正常逗号未见占位句号右肾见一结石逗号大小约5mm句号换行诊断意见冒号右肾结石句号"
    assert kinds(text, "zh") == [
        ("findings", "肝脏形态正常逗号未见占位句号"), ("findings", "右肾见一结石逗号大小约5mm句号"),
        ("impression", "右肾结石句号")]
    assert all(text[s.start:s.end] == s.text for s in parse_report(text, "zh").sentences)
    assert report_notes(text, "zh") == []
    assert kinds(text.replace("换行", "下一段"), "zh")[-1] == ("impression", "右肾结石句号")


@pytest.mark.parametrize("text, language, expected", [
    ("FINDINGS: The liver is normal period The spleen is enlarged, 14 cm.\nIMPRESSION: Splenomegaly.", "en", [
        ("findings", "The liver is normal period"), ("findings", "The spleen is enlarged, 14 cm."),
        ("impression", "Splenomegaly.")]),
    ("FINDINGS: No effusion full stop A 6 mm nodule in the right upper lobe.\nIMPRESSION: Nodule.", "en", [
        ("findings", "No effusion full stop"), ("findings", "A 6 mm nodule in the right upper lobe."),
        ("impression", "Nodule.")]),
    ("检查所见：肝脏形态正常句号脾脏增大，约14cm。\n诊断意见：脾大。", "zh", [
        ("findings", "肝脏形态正常句号"), ("findings", "脾脏增大，约14cm。"), ("impression", "脾大。")]),
    # "period" going on with its sentence is the word, a stop or no stop written
    ("FINDINGS: Stable over the follow-up period when compared with the prior study.\nIMPRESSION: Stable.", "en", [
        ("findings", "Stable over the follow-up period when compared with the prior study."),
        ("impression", "Stable.")]),
])
def test_a_stop_dictated_into_a_report_writing_its_own_ends_its_sentence(text, language, expected):
    """A report writing any stop of its own read no spoken mark at all: a dictated "period" or "句号" left two
    sentences one, the second's finding under the first's negation or organ."""
    assert kinds(text, language) == expected


@pytest.mark.parametrize("text, expected", [
    # "下一段肠管" is the next segment of bowel, after a dictated stop as anywhere
    ("小肠扩张积液句号下一段肠管未见扩张句号", [("findings", "小肠扩张积液句号"), ("findings", "下一段肠管未见扩张句号")]),
    ("小肠扩张积液。下一段肠管未见扩张。", [("findings", "小肠扩张积液。"), ("findings", "下一段肠管未见扩张。")]),
    # a paragraph said after a stop, or before a heading, is one
    ("检查所见冒号小肠扩张积液句号下一段诊断意见冒号小肠梗阻句号", [
        ("findings", "小肠扩张积液句号"), ("impression", "小肠梗阻句号")]),
    ("检查所见冒号小肠扩张积液下一段诊断意见冒号小肠梗阻句号", [
        ("findings", "小肠扩张积液"), ("impression", "小肠梗阻句号")]),
])
def test_the_next_segment_of_bowel_is_no_dictated_paragraph(text, expected):
    """"下一段" was a dictated paragraph but after "以", "之", "向" or "往": "下一段肠管" after a dictated stop made a
    paragraph, whose last one a report without headings reads as its impression."""
    assert kinds(text, "zh") == expected


@pytest.mark.parametrize("text, language, clauses", [
    ("Findings colon no hydronephrosis comma a 2 cm mass in the left kidney period", "en",
     ["no hydronephrosis", " a 2 cm mass in the left kidney period"]),
    ("检查所见冒号右肾未见积水逗号右肾见一肿块逗号大小约2cm句号", "zh", ["右肾未见积水", "右肾见一肿块", "大小约2cm句号"]),
    # dictated into a report writing its own stops
    ("FINDINGS: No hydronephrosis comma a 2 cm mass in the left kidney.\nIMPRESSION: Left renal mass.", "en",
     ["No hydronephrosis", " a 2 cm mass in the left kidney."]),
    ("检查所见：右肾未见积水逗号右肾见一肿块，大小约2cm。\n诊断意见：右肾肿块。", "zh", ["右肾未见积水", "右肾见一肿块", "大小约2cm。"]),
])
def test_a_dictated_comma_ends_its_clause_and_the_negation_in_it(text, language, clauses):
    """A spoken comma was read as a word inside one clause, so "no hydronephrosis comma a 2 cm mass" denied the mass."""
    sentence = parse_report(text, language).sentences[0]
    assert [c.text for c in sentence.clauses()] == clauses
    assert {(e.finding, e.negated) for e in entities(sentence, language)} == {("dilatation", True), ("mass", False)}


@pytest.mark.parametrize("text, expected", [
    # words ending where a mark's word begins: 置换 then 行, 以下 then 一段
    ("检查所见冒号右髋关节置换行CT检查逗号假体位置可句号肾门以下一段输尿管扩张句号", [
        ("findings", "右髋关节置换行CT检查逗号假体位置可句号"), ("findings", "肾门以下一段输尿管扩张句号")]),
    # a report writing its own stops says "句号" as a word
    ("检查所见：听写中的句号未转换。\n诊断意见：未见异常。", [
        ("findings", "听写中的句号未转换。"), ("impression", "未见异常。")]),
])
def test_chinese_words_holding_a_spoken_mark_stay_words(text, expected):
    assert kinds(text, "zh") == expected
