"""Lymph node stations in the CT report auditor: the words before a node word name where the nodes are, and the
omission, mismatch, insertion and laterality checks compare nodes by that station, however the nodes are spelled."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import insertion, laterality, mismatch, omission, spelling
from radqc.agents.report.document import parse_report
from radqc.agents.report.mentions import entities
from report_cases import run


def nodes(sentence: str, language: str = "en") -> list[tuple[str, str | None]]:
    """(station, side) of each lymph node statement of SENTENCE, a findings line."""
    report = parse_report(f"FINDINGS: {sentence}" if language == "en" else f"检查所见：{sentence}", language)
    return [(e.site(report.text, language), e.side) for s in report.sentences
            for e in entities(s, language) if e.organ == "lymph_node"]


@pytest.mark.parametrize("sentence, language, expected", [
    # the whole name, not its last word, and the side apart from it
    ("Enlarged right paratracheal lymph nodes.", "en", [("paratracheal", "right")]),
    ("Enlarged left supraclavicular lymph nodes.", "en", [("supraclavicular", "left")]),
    ("Enlarged internal mammary nodes, up to 12 mm.", "en", [("internal mammary", None)]),
    ("Para-aortic and aortocaval lymph nodes are enlarged.", "en", [("para-aortic and aortocaval", None)]),
    ("Enlarged porta hepatis lymph nodes.", "en", [("porta hepatis", None)]),
    ("Enlarged right lower paratracheal (4R) node, 15 mm.", "en", [("lower paratracheal", "right")]),
    ("Enlarged paratracheal (4L) node, 15 mm.", "en", [("paratracheal", "left")]),
    ("Enlarged right level IB and IIA nodes up to 11 mm.", "en", [("level ib and level iia", "right")]),
    # a station the lymph node word itself holds, or an adenopathy, is still one
    ("Mediastinal lymphadenopathy.", "en", [("mediastinal", None)]),
    ("Hilar adenopathy.", "en", [("hilar", None)]),
    # Chinese: the station words before 淋巴结, with what is said of the nodes between them
    ("右侧气管旁淋巴结肿大。", "zh", [("气管旁", "right")]),
    ("纵隔内多发肿大淋巴结，最大约1.5cm。", "zh", [("纵隔", None)]),
    ("腹主动脉旁及下腔静脉旁淋巴结增大。", "zh", [("腹主动脉旁 and 下腔静脉旁", None)]),
    ("左侧锁骨上窝淋巴结肿大。", "zh", [("锁骨上", "left")]),
    # the side of an organ the nodes lie on is the station's, no side of the patient's
    ("胃小弯侧见数枚肿大淋巴结。", "zh", [("胃小弯", None)]),
])
def test_a_station_is_read_whole_with_its_side(sentence, language, expected):
    """Only an organ word straight before the node word named the station: "right paratracheal", "porta hepatis",
    "para-aortic and aortocaval" and "纵隔内多发肿大淋巴结" were nodes nowhere in particular, and "Mediastinal
    lymphadenopathy" named no station at all."""
    assert nodes(sentence, language) == expected


@pytest.mark.parametrize("denial", ["No enlarged mediastinal nodes.", "No enlarged mediastinal lymph nodes.",
                                    "No mediastinal lymphadenopathy.", "No mediastinal adenopathy."])
def test_a_station_is_one_whatever_the_node_word(denial):
    """"mediastinal nodes" and "mediastinal lymph nodes" were two sites, so that a template's denial of one stood
    beside the other's enlargement uncontradicted."""
    assert nodes(denial) == [("mediastinal", None)]
    text = f"FINDINGS: Enlarged mediastinal nodes, up to 18 mm. {denial}\nIMPRESSION: Sarcoidosis."
    assert run(insertion.check, text) == {("insertion", denial)}
    # another station's denial contradicts nothing
    assert run(insertion.check, text.replace(denial, denial.replace("mediastinal", "hilar"))) == set()


@pytest.mark.parametrize("language, findings, impression, omitted", [
    # the region's name, another spelling or a wider name of the station: the nodes are reported
    ("en", "Enlarged right paratracheal lymph nodes, the largest 15 mm.", "Mediastinal lymphadenopathy.", False),
    ("en", "Enlarged mediastinal nodes, the largest 15 mm.", "Mediastinal adenopathy.", False),
    ("en", "Enlarged left external iliac nodes, the largest 15 mm.", "Pelvic lymphadenopathy.", False),
    ("en", "Necrotic left level IIA node, 2.4 cm.", "Left level II nodal metastasis.", False),
    ("zh", "右侧气管旁淋巴结肿大，短径约1.5cm。", "纵隔淋巴结肿大。", False),
    # nodes at another station are not
    ("en", "Enlarged para-aortic and aortocaval lymph nodes, the largest 25 mm.", "Mediastinal lymphadenopathy.", True),
    ("en", "Enlarged porta hepatis lymph nodes, the largest 25 mm.", "Lung mass with mediastinal lymphadenopathy.",
     True),
    ("zh", "腹主动脉旁多发肿大淋巴结，最大约2.5cm。", "纵隔淋巴结肿大。", True),
    ("zh", "腹膜后见多发肿大淋巴结，最大约2.1cm。", "胃癌，胃小弯侧淋巴结转移可能。", True),
    ("zh", "胃小弯侧见多发肿大淋巴结，最大约1.2cm。", "胃癌，胃小弯侧淋巴结转移可能。", False),
])
def test_the_impression_reports_nodes_at_their_station(language, findings, impression, omitted):
    """Any lymphadenopathy of the impression accounted for nodes anywhere: the para-aortic nodes of a staging report
    were taken as reported by "Mediastinal lymphadenopathy"."""
    heads = ("FINDINGS: ", "\nIMPRESSION: ") if language == "en" else ("检查所见：", "\n诊断意见：")
    text = heads[0] + findings + heads[1] + impression
    assert run(omission.check, text, language) == ({("omission", findings)} if omitted else set())


@pytest.mark.parametrize("findings, impression, flagged", [
    # the findings deny the impression's nodes, in the region holding them or under another spelling
    ("No mediastinal lymphadenopathy. Enlarged para-aortic nodes up to 2 cm.", "Mediastinal lymphadenopathy.",
     {("findings_impression_mismatch", "Mediastinal lymphadenopathy")}),
    ("No enlarged thoracic lymph nodes.", "Right paratracheal lymphadenopathy.",
     {("findings_impression_mismatch", "lymphadenopathy")}),
    ("Enlarged right paratracheal lymph nodes, up to 18 mm.", "No mediastinal lymphadenopathy.",
     {("findings_impression_mismatch", "No mediastinal lymphadenopathy")}),
    # a denial at another station denies nothing the findings describe
    ("Enlarged mediastinal lymph nodes, up to 18 mm.", "No hilar lymphadenopathy.", set()),
])
def test_the_impression_and_findings_meet_at_a_station(findings, impression, flagged):
    text = f"FINDINGS: {findings}\nIMPRESSION: {impression}"
    assert {f for f in run(mismatch.check, text) if f[0] == "findings_impression_mismatch"} == flagged


def test_nodes_at_two_stations_are_no_side_slip():
    """Right paratracheal and left hilar nodes are two findings, on their own sides."""
    text = "FINDINGS: Enlarged right paratracheal node, 15 mm.\nIMPRESSION: Left hilar lymphadenopathy."
    assert run(laterality.check, text) == set()
    assert ("laterality", "Left paratracheal lymphadenopathy") in run(
        laterality.check, text.replace("Left hilar", "Left paratracheal"))


def test_a_chinese_station_code_gives_the_nodes_their_side():
    """"4R组", "2L区": Chinese reports write the IASLC station's code, its letter the side, as English writes "(4R)"."""
    text = "检查所见：右肺上叶见肿块。纵隔4R组淋巴结肿大，短径约1.5cm。\n诊断意见：右肺上叶癌伴纵隔4L组淋巴结肿大。"
    assert ("laterality", "4L组淋巴结肿大") in run(laterality.check, text, "zh")
    assert run(laterality.check, text.replace("4L组", "4R组"), "zh") == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Enlarged right retroperitoneal lymph nodes. A 4 cm haematoma beside the left psoas.\n"
           "IMPRESSION: Left retroperitoneal haematoma. Retroperitoneal lymphadenopathy."),
    ("zh", "检查所见：右侧腹膜后淋巴结肿大。左侧腰大肌旁见血肿，大小约4cm。\n诊断意见：左侧腹膜后血肿。腹膜后淋巴结肿大。"),
])
def test_the_retroperitoneum_has_no_side_of_its_own(language, text):
    """"retroperitoneal" (腹膜后) before a finding was a sided place: the right retroperitoneal nodes put "the
    retroperitoneal abnormality" on the right, and the left haematoma of the impression was called a side slip."""
    assert run(laterality.check, text, language) == set()
    # a part of an unpaired organ has its sides
    text = "FINDINGS: Right hepatic lobe hypodensity, 3 cm.\nIMPRESSION: Left hepatic lobe abscess."
    assert run(laterality.check, text) == {("laterality", "Left hepatic lobe abscess")}


def test_the_porta_hepatis_is_spelled_right():
    text = "FINDINGS: Enlarged porta hepatis lymph nodes.\nIMPRESSION: Porta hepatis lymphadenopathy."
    assert run(spelling.check, text) == set()


def test_perilymphatic_nodules_are_the_lungs_beside_a_station():
    """Nodules named by their distribution in the lung ("perilymphatic", "centrilobular") took the organ of the nodes
    the sentence names at a station: the lung nodules the findings describe were no longer summed up."""
    report = parse_report("IMPRESSION: Smaller hilar and mediastinal nodes and fewer perilymphatic nodules.", "en")
    assert {e.organ for e in entities(report.sentences[0], "en") if e.finding == "nodule"} == {"lung"}
