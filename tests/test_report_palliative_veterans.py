"""Palliative care and veterans' hospital habits the CT checks learned from a twentieth author's reports: drains,
nephrostomies, amputations and the known cancer given a side, aneurysmal dilatation, a position word before the side,
operations not done, what an upper-abdomen CT reaches, a woman's pelvic pouch, a fracture named as a risk, the primary
and a local recurrence named as such; each test states the habit in its own words, with the correct report beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import laterality
from report_cases import run


# laterality ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, findings, slip", [
    ("en", "The left indwelling pleural catheter tip lies in the oblique fissure.",
     "Right indwelling pleural catheter malpositioned in the fissure."),
    ("en", "Left nephrostomy: the pigtail is coiled in the renal pelvis.",
     "Right nephrostomy well sited."),
    ("zh", "右肾造瘘管猪尾端退至肾周，肾周见液体密度影。", "左肾造瘘管移位，肾周尿性囊肿。"),
])
def test_a_drain_or_nephrostomy_the_impression_puts_on_the_other_side(language, findings, slip):
    """A tunnelled pleural catheter or a nephrostomy is placed on one side: the findings say where it lies, so an
    impression giving it the other side is the slip. Both sides described (bilateral nephrostomies) leave it alone."""
    head = ("FINDINGS: ", "\nIMPRESSION: ") if language == "en" else ("检查所见：", "\n诊断意见：")
    text = f"{head[0]}{findings}{head[1]}{slip}"
    assert {t for t, _ in run(laterality.check, text, language)} == {"laterality"}
    right = slip.replace("Right", "Left") if language == "en" else slip.replace("左", "右")
    assert run(laterality.check, f"{head[0]}{findings}{head[1]}{right}", language) == set()
    both = ("FINDINGS: Bilateral nephrostomies, the left pigtail in the renal pelvis, the right in the upper pole "
            "calyx.\nIMPRESSION: Right nephrostomy well sited; left nephrostomy also in place.")
    assert run(laterality.check, both) == set()


def test_aneurysmal_dilatation_of_an_artery_is_an_aneurysm_whose_side_the_impression_keeps():
    """"左侧髂总动脉瘤样扩张" is a left common iliac aneurysm: an impression naming a right one contradicts it, beside a
    right common iliac artery the findings measure as normal."""
    text = ("检查所见：左侧髂总动脉瘤样扩张，直径约2.3cm（前次约2.1cm）；右侧髂总动脉直径约1.3cm。\n"
            "诊断意见：右侧髂总动脉瘤，直径约2.3cm。")
    assert {t for t, _ in run(laterality.check, text, "zh")} == {"laterality"}
    assert run(laterality.check, text.replace("诊断意见：右侧", "诊断意见：左侧"), "zh") == set()


@pytest.mark.parametrize("language, text", [
    ("en", "Clinical: Right transtibial amputation after a blast injury; stump pain.\nFINDINGS: Right transtibial "
           "amputation stump with heterotopic ossification at the tibial end.\nIMPRESSION: Left transtibial amputation "
           "with heterotopic ossification of the stump."),
    ("zh", "临床：右小腿截肢术后多年，残端疼痛。\n检查所见：右胫腓骨中段截肢术后改变，胫骨残端见骨刺样异位骨化。\n"
           "诊断意见：左小腿截肢术后，胫骨残端异位骨化。"),
])
def test_an_amputation_on_the_other_side_from_the_history_and_findings(language, text):
    """An amputation is an operation with a side, a fact of the history: the impression giving it the other side from
    the history and the findings is the slip. Correct sides stay silent."""
    assert {t for t, _ in run(laterality.check, text, language)} == {"laterality"}
    right = text.replace("Left transtibial", "Right transtibial") if language == "en" else text.replace("左小腿", "右小腿")
    assert run(laterality.check, right, language) == set()


def test_a_position_word_before_the_side_names_the_same_place():
    """"The inferior left frontal lobe" is the left inferior frontal lobe: an impression naming the right inferior
    frontal lobe puts the findings' abnormality on the other side. The right one beside a right cyst stays silent."""
    text = ("FINDINGS: A 2.4 cm area of encephalomalacia in the inferior left frontal lobe. A 3 cm arachnoid cyst in the "
            "right middle cranial fossa.\nIMPRESSION: 1. Old contusion of the {} inferior frontal lobe.\n"
            "2. Right middle cranial fossa arachnoid cyst.")
    assert {t for t, _ in run(laterality.check, text.format("right"))} == {"laterality"}
    assert run(laterality.check, text.format("left")) == set()


@pytest.mark.parametrize("language, text", [
    ("zh", "临床：左乳癌改良根治术后多发转移，化疗后复查。\n检查所见：左侧乳腺缺如，左侧胸壁术后改变。右侧乳腺未见肿块。"
           "肝内多发转移灶。\n诊断意见：{}乳癌术后多发转移。"),
    ("en", "Clinical: Left breast cancer, mastectomy 2 years ago; restaging.\nFINDINGS: Left mastectomy, no mass in "
           "the left breast bed. The right breast shows no mass. Multiple liver metastases.\nIMPRESSION: Metastatic {} "
           "breast cancer with liver metastases."),
])
def test_the_known_cancer_s_side_comes_from_the_history(language, text):
    """The impression naming the known breast cancer on the other side from the history is the slip; a new cancer the
    findings describe on that side is not."""
    other, own = ("右", "左") if language == "zh" else ("right", "left")
    assert {t for t, _ in run(laterality.check, text.format(other), language)} == {"laterality"}
    assert run(laterality.check, text.format(own), language) == set()
    new = (text.replace("右侧乳腺未见肿块。", "右侧乳腺见新发肿块，约2.1cm。") if language == "zh"
           else text.replace("The right breast shows no mass.", "A new 2.1 cm mass in the right breast."))
    assert run(laterality.check, new.format(other), language) == set()
