"""Impressions that sum findings up under the diagnosis they make: portal hypertension for its signs, pancreatitis for its
fluid and stranding, a haemopneumothorax for its pneumothorax, body packing or an ingested razor blade for the foreign
bodies, a Malgaigne or pelvic ring injury for its fractures; in English and Chinese, each beside the impression that
leaves the finding out and must still be flagged."""

from __future__ import annotations

import pytest

from radqc.agents.report import mentions
from radqc.agents.report.checks import CheckInput, omission
from radqc.agents.report.document import parse_report
from report_cases import run


@pytest.mark.parametrize("language, findings, sign, summed_up, left_out", [
    ("en", "FINDINGS: Liver small and nodular. Splenomegaly 15 cm. Large volume ascites.",
     "Splenomegaly 15 cm.", "IMPRESSION: Cirrhosis with portal hypertension and large ascites.",
     "IMPRESSION: Cirrhosis with large ascites."),
    ("en", "FINDINGS: Liver nodular. Recanalised paraumbilical vein running to dilated periumbilical veins.",
     "Recanalised paraumbilical vein running to dilated periumbilical veins.",
     "IMPRESSION: Cirrhosis with portal hypertension.", "IMPRESSION: Cirrhosis."),
    ("zh", "检查所见：肝脏表面呈结节状。脾脏增大，长径约15cm。胆囊壁水肿增厚。",
     "胆囊壁水肿增厚。", "诊断意见：肝硬化，门静脉高压（脾大）。", "诊断意见：肝硬化，脾大。"),
])
def test_portal_hypertension_sums_up_its_signs(language, findings, sign, summed_up, left_out):
    """Splenomegaly, dilated collateral veins and an oedematous gallbladder wall are how CT shows portal hypertension: an
    impression affirming it has reported them; one that does not name it has left them out."""
    assert run(omission.check, f"{findings}\n{summed_up}", language) == set()
    assert ("omission", sign) in run(omission.check, f"{findings}\n{left_out}", language)


def test_portal_hypertension_denied_sums_up_nothing():
    """"未见门静脉高压征象" contradicts the signs (a mismatch), and reports none of them."""
    text = "检查所见：肝脏表面呈结节状。脾脏增大，长径约16cm。\n诊断意见：肝硬化，未见门静脉高压征象。"
    assert ("omission", "脾脏增大，长径约16cm。") in run(omission.check, text, "zh")


@pytest.mark.parametrize("language, text, left_out", [
    ("en", "FINDINGS: Moderate ascites. Splenomegaly.\nIMPRESSION: Possible portal hypertension.", "Moderate ascites."),
    ("en", "FINDINGS: Moderate ascites. Splenomegaly.\nIMPRESSION: Portal hypertension is unlikely.", "Moderate ascites."),
    ("zh", "检查所见：腹腔积液。脾脏增大。\n诊断意见：门静脉高压可能性不大。", "腹腔积液。"),
    ("en", "FINDINGS: Moderate ascites. Splenomegaly.\nIMPRESSION: Portal hypertension cannot be excluded.",
     "Moderate ascites."),
    ("en", "FINDINGS: Moderate ascites. Splenomegaly.\nIMPRESSION: ?Portal hypertension, correlate clinically.",
     "Moderate ascites."),
    ("zh", "检查所见：腹腔积液。脾脏增大。\n诊断意见：肝硬化，门静脉高压待排。", "腹腔积液。"),
    # A bile duct widened beside the portal vein is no sign of the pressure.
    ("zh", "检查所见：门静脉及胆总管扩张。\n诊断意见：肝硬化，门静脉高压。", "门静脉及胆总管扩张。"),
])
def test_portal_hypertension_left_open_or_a_bile_duct_beside_it_sums_up_nothing(language, text, left_out):
    """An impression that only raises portal hypertension has not reported the signs it should weigh, and a common bile
    duct dilated with the portal vein is a finding of its own."""
    assert ("omission", left_out) in run(omission.check, text, language)


@pytest.mark.parametrize("language, findings, fluid, pancreatitis, other", [
    ("zh", "检查所见：胰腺体积增大，边缘模糊。双侧肾前间隙积液。", "双侧肾前间隙积液。",
     "诊断意见：急性胰腺炎。", "诊断意见：脂肪肝。"),
    ("en", "FINDINGS: The pancreas is swollen. Free fluid in the left anterior pararenal space.",
     "Free fluid in the left anterior pararenal space.", "IMPRESSION: Acute pancreatitis.", "IMPRESSION: Fatty liver."),
])
def test_pancreatitis_sums_up_fluid_in_the_spaces_about_the_pancreas(language, findings, fluid, pancreatitis, other):
    """Fluid in the anterior pararenal space is the spread of acute pancreatitis, not a disease of the kidney: the
    impression reporting pancreatitis has said it, an impression reporting something else has not."""
    assert run(omission.check, f"{findings}\n{pancreatitis}", language) == set()
    assert ("omission", fluid) in run(omission.check, f"{findings}\n{other}", language)


@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：胰腺肿胀，胰周渗出，十二指肠周围渗出。\n诊断意见：急性间质水肿性胰腺炎。"),
    ("en", "FINDINGS: Swollen pancreatic tail with stranding of the adjacent mesentery.\n"
           "IMPRESSION: Acute interstitial oedematous pancreatitis."),
])
def test_spread_named_beside_a_neighbouring_organ_in_the_pancreas_sentence_is_the_pancreatitis(language, text):
    """Exudate about the duodenum or stranding of the mesentery beside a swollen pancreas is the pancreatitis spreading:
    the impression naming it has said them."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Small right haemothorax. Small right pneumothorax anteriorly.\n"
           "IMPRESSION: Small right haemopneumothorax."),
    ("en", "FINDINGS: Ten oval foreign bodies in the stomach and colon, intact.\n"
           "IMPRESSION: Body packing: 10 intact packets. No obstruction."),
    ("zh", "检查所见：胃腔内及结肠内见10枚椭圆形异物。\n诊断意见：体内藏毒：胃至结肠内共10枚完整包装物。"),
    ("en", "FINDINGS: Two linear metallic foreign bodies in the proximal jejunum.\n"
           "IMPRESSION: Two ingested razor blades in the jejunum, not obstructing."),
    ("en", "FINDINGS: Vertical fractures through the right pubic rami and the right sacral ala.\n"
           "IMPRESSION: Vertically unstable right hemipelvic (Malgaigne) injury."),
])
def test_a_diagnosis_named_for_the_finding_reports_it(language, text):
    """A haemopneumothorax holds a pneumothorax, drug packets and razor blades are foreign bodies, and a Malgaigne
    injury is the pelvic fractures: the impression naming them has reported the finding."""
    assert run(omission.check, text, language) == set()


@pytest.mark.parametrize("language, text, finding", [
    ("en", "FINDINGS: Small right pneumothorax anteriorly.\nIMPRESSION: Small right haemothorax.",
     "Small right pneumothorax anteriorly."),
    ("en", "FINDINGS: Ten oval foreign bodies in the stomach and colon.\nIMPRESSION: No obstruction.",
     "Ten oval foreign bodies in the stomach and colon."),
    ("en", "FINDINGS: Vertical fractures through the right pubic rami and the right sacral ala.\n"
           "IMPRESSION: Bladder intact with a catheter in place.",
     "Vertical fractures through the right pubic rami and the right sacral ala."),
])
def test_an_impression_naming_another_finding_still_leaves_it_out(language, text, finding):
    """The clean guards' counterparts: a haemothorax alone, no foreign body, an intact bladder do not report the finding."""
    assert ("omission", finding) in run(omission.check, text, language)


@pytest.mark.parametrize("sentence, side", [
    ("Extraperitoneal haematoma in the space of Retzius displacing the bladder to the left.", None),
    ("Large pelvic haematoma pushing the bladder rightwards.", None),
    ("Left pelvic haematoma displacing the bladder to the right.", "left"),
])
def test_a_haematoma_pushing_an_organ_aside_takes_no_side_from_the_way_it_pushes(sentence, side):
    """"displacing the bladder to the left" is the way the bladder goes, not the haematoma's side; a side written for
    the haematoma itself is still its own."""
    report = parse_report(f"FINDINGS: {sentence}\nIMPRESSION: Pelvic haematoma.", "en")
    haematoma = next(e for e in CheckInput(report).entities if e.finding == "hemorrhage")
    assert haematoma.side == side


@pytest.mark.parametrize("language, findings", [
    ("en", "FINDINGS: Liver small and nodular. Dilated hepatic veins and inferior vena cava."),
    ("zh", "检查所见：肝脏表面呈结节状。肝静脉及下腔静脉扩张。"),
])
def test_a_vein_backed_up_from_the_heart_is_no_sign_of_portal_hypertension(language, findings):
    """Portal hypertension widens the portal system and its collaterals; dilated hepatic veins and inferior vena cava are
    backed up from the right heart, which an impression affirming portal hypertension has not said."""
    impression = {"en": "IMPRESSION: Cirrhosis with portal hypertension.", "zh": "诊断意见：肝硬化，门静脉高压。"}[language]
    sign = findings.split("。" if language == "zh" else ". ")[1].rstrip(".。") + ("。" if language == "zh" else ".")
    assert ("omission", sign) in run(omission.check, f"{findings}\n{impression}", language)


def test_the_displacing_cue_is_read_just_before_each_organ(monkeypatch):
    """A long sentence naming many organs is not read again from its start for each of them: the cue "displacing the"
    is sought only just before an organ, and still gives the way it pushes the bladder."""
    searched, displacing = [], mentions._DISPLACING

    class CountingCue:
        def search(self, text):
            searched.append(len(text))
            return displacing.search(text)

    monkeypatch.setattr(mentions, "_DISPLACING", CountingCue())
    organs_named = "abutting the liver, the spleen and the left kidney, " * 100
    report = parse_report(f"FINDINGS: Haematoma {organs_named}displacing the bladder to the right.\n"
                          "IMPRESSION: Haematoma.", "en")
    sentence = report.in_section("findings")[0]
    ways = mentions._pushed_ways(sentence, "en")
    assert [report.text[start:end] for start, end in ways] == [" to the right"]
    assert len(searched) > 300 and max(searched) <= 40


@pytest.mark.parametrize("text, foreign_body", [
    ("FINDINGS: Several packets of gas in the colon. The bowel is otherwise normal.\nIMPRESSION: No acute abnormality.",
     False),
    ("FINDINGS: Seven dense oval packets in the colon.\nIMPRESSION: No acute abnormality.", True),  # clean guard's pair
    ("FINDINGS: Packets of gas-filled contraband in the rectum.\nIMPRESSION: No acute abnormality.", True),
])
def test_packets_of_gas_are_bowel_gas_not_drug_packets(text, foreign_body):
    """"Packets" alone are a body packer's drug packets; "packets of gas" are pockets of bowel gas, no foreign body."""
    found = {e.finding for s in parse_report(text, "en").sentences for e in mentions.entities(s, "en")}
    assert ("foreign_body" in found) == foreign_body
