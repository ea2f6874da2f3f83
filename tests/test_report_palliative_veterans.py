"""Palliative care and veterans' hospital habits the CT checks learned from a twentieth author's reports: drains and
nephrostomies given a side, aneurysmal dilatation, a position word before the side, operations not done, a woman's
pelvic pouch, a fracture named as a risk, perivesical fat and a local recurrence named as such; each test states the
habit in its own words, with the correct report beside it."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import CheckInput, exam, insertion, laterality, mismatch, omission, sex
from radqc.agents.report.document import parse_report
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
    assert "implant-other-side" in _rules(text, language)
    right = slip.replace("Right", "Left") if language == "en" else slip.replace("左", "右")
    assert run(laterality.check, f"{head[0]}{findings}{head[1]}{right}", language) == set()
    both = ("FINDINGS: Bilateral nephrostomies, the left pigtail in the renal pelvis, the right in the upper pole "
            "calyx.\nIMPRESSION: Right nephrostomy well sited; left nephrostomy also in place." if language == "en" else
            "检查所见：双肾造瘘管，左侧猪尾端位于肾盂，右侧位于上极肾盏。\n诊断意见：右肾造瘘管位置良好；左肾造瘘管亦在位。")
    assert run(laterality.check, both, language) == set()


def _rules(text: str, language: str) -> set[str]:
    """The rules of the laterality check that fire on TEXT."""
    return {c.rule for c in laterality.check(CheckInput(parse_report(text, language)))}


def test_aneurysmal_dilatation_of_an_artery_is_an_aneurysm_whose_side_the_impression_keeps():
    """"左侧髂总动脉瘤样扩张" is a left common iliac aneurysm: an impression naming a right one contradicts it, beside a
    right common iliac artery the findings measure as normal."""
    text = ("检查所见：左侧髂总动脉瘤样扩张，直径约2.3cm（前次约2.1cm）；右侧髂总动脉直径约1.3cm。\n"
            "诊断意见：右侧髂总动脉瘤，直径约2.3cm。")
    assert {t for t, _ in run(laterality.check, text, "zh")} == {"laterality"}
    assert run(laterality.check, text.replace("诊断意见：右侧", "诊断意见：左侧"), "zh") == set()


def test_a_position_word_before_the_side_names_the_same_place():
    """"The inferior left frontal lobe" is the left inferior frontal lobe: an impression naming the right inferior
    frontal lobe puts the findings' abnormality on the other side. The right one beside a right cyst stays silent."""
    text = ("FINDINGS: A 2.4 cm area of encephalomalacia in the inferior left frontal lobe. A 3 cm arachnoid cyst in the "
            "right middle cranial fossa.\nIMPRESSION: 1. Old contusion of the {} inferior frontal lobe.\n"
            "2. Right middle cranial fossa arachnoid cyst.")
    assert {t for t, _ in run(laterality.check, text.format("right"))} == {"laterality"}
    assert run(laterality.check, text.format("left")) == set()


# insertion -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("history", ["Muscle-invasive bladder cancer, not fit for cystectomy.",
                                     "Bladder cancer; the patient declined cystectomy.",
                                     "Bladder cancer; refused radical cystectomy."])
def test_an_operation_the_patient_is_not_fit_for_removed_nothing(history):
    """"Not fit for cystectomy" or a declined operation leaves the organ in place: the report describing it inserts
    nothing. After a cystectomy the bladder described is still inserted."""
    text = (f"Clinical: {history}\nFINDINGS: Bladder: Irregular wall thickening up to 2.3 cm along the left wall.\n"
            "IMPRESSION: Slight growth of the bladder tumour.")
    assert run(insertion.check, text) == set()
    done = text.replace(history, "Bladder cancer, cystectomy and ileal conduit 2 years ago.")
    assert {t for t, _ in run(insertion.check, done)} == {"insertion"}


@pytest.mark.parametrize("history", ["宫颈癌根治术后（全子宫及双附件切除）并盆腔放疗后2年。", "宫颈癌根治术后2年。"])
def test_a_uterus_described_after_a_radical_hysterectomy_written_as_its_organs(history):
    """"全子宫及双附件切除" and a radical operation for cervical cancer (a radical hysterectomy) remove the uterus: a normal
    uterus described after them is a template's sentence. The vaginal vault is what such a report describes instead."""
    text = (f"临床：{history}\n检查所见：阴道残端未见肿块。子宫大小形态正常，宫腔内未见异常密度。\n"
            "诊断意见：未见肿瘤复发征象。")
    assert ("insertion", "子宫大小形态正常，宫腔内未见异常密度。") in run(insertion.check, text, "zh")
    vault = text.replace("子宫大小形态正常，宫腔内未见异常密度。", "膀胱充盈良好。")
    assert run(insertion.check, vault, "zh") == set()


# exam ----------------------------------------------------------------------------------------------

def test_contrast_not_injected_through_a_vein_is_no_contrast_study():
    """"未静脉注射对比剂" says no intravenous contrast was given, as "未注射对比剂" does: no enhancement word on a plain
    scan. Injected contrast-alcohol seen after a nerve block is no enhancement either; an arterial phase still is."""
    text = ("检查方法：平扫，未静脉注射对比剂。\n检查所见：腹腔干两侧见条片状高密度影，为注入的对比剂与乙醇混合液。\n"
            "诊断意见：腹腔神经丛毁损术后，药液分布满意。")
    assert run(exam.check, text, "zh", exam_="上腹部CT平扫") == set()
    phase = text.replace("为注入的对比剂与乙醇混合液", "动脉期明显强化")
    assert {t for t, _ in run(exam.check, phase, "zh", exam_="上腹部CT平扫")} == {"exam_mismatch"}


def test_spine_reformats_of_a_body_ct_name_no_other_examination():
    """"Sagittal spine reformats" of a chest, abdomen and pelvis CT are images of the spine it scanned: no header naming
    another examination. A technique naming a CT of the lumbar spine for a chest order still disagrees."""
    text = ("Technique: Portal venous phase; bone algorithm and sagittal spine reformats.\n"
            "FINDINGS: New pathological fracture of T9.\nIMPRESSION: T9 pathological fracture.")
    assert run(exam.check, text, exam_="CT chest, abdomen and pelvis with contrast") == set()
    other = text.replace("Portal venous phase; bone algorithm and sagittal spine reformats.", "CT lumbar spine.")
    assert {r for r, _ in run(exam.check, other, exam_="CT chest with contrast")} == {"exam_mismatch"}


# sex -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, pouch", [
    ("zh", "检查所见：直肠子宫陷凹内见约2.1cm结节，压迫直肠前壁。\n诊断意见：盆底腹膜转移。", "直肠子宫陷凹"),
    ("en", "FINDINGS: A 2 cm peritoneal nodule in the rectouterine pouch.\nIMPRESSION: Pelvic peritoneal metastasis.",
     "rectouterine pouch"),
])
def test_the_rectouterine_pouch_is_a_woman_s(language, text, pouch):
    """The pouch between the rectum and the uterus exists only in a woman; a man's is the rectovesical pouch."""
    assert run(sex.check, text, language, sex_="M") == {("sex_mismatch", pouch)}
    assert run(sex.check, text, language, sex_="F") == set()
    male = text.replace("直肠子宫陷凹", "直肠膀胱陷凹").replace("rectouterine", "rectovesical")
    assert run(sex.check, male, language, sex_="M") == set()


# mismatch ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("zh", "检查所见：左侧髂骨溶骨性骨质破坏，内侧骨皮质中断，未见骨折线。\n"
           "诊断意见：左侧髂骨溶骨性转移，病理性骨折风险高，建议骨科会诊。"),
    ("en", "FINDINGS: Lytic metastasis of the left femoral neck with cortical destruction; no fracture line.\n"
           "IMPRESSION: Lytic left femoral neck metastasis with a high risk of pathological fracture."),
])
def test_the_risk_of_a_fracture_is_no_fracture(language, text):
    """"病理性骨折风险高", "a high risk of pathological fracture": the impression weighs a fracture to come, which the
    findings' "no fracture line" does not contradict. An impression calling a fracture present still does."""
    assert run(mismatch.check, text, language) == set()
    stated = (text.replace("病理性骨折风险高", "伴病理性骨折") if language == "zh"
              else text.replace("with a high risk of pathological fracture", "with a pathological fracture"))
    assert {t for t, _ in run(mismatch.check, stated, language)} == {"findings_impression_mismatch"}


# omission ------------------------------------------------------------------------------------------

def test_perivesical_stranding_is_the_fat_of_the_bladder_whose_tumour_the_impression_reports():
    """"Perivesical" fat surrounds the bladder: its stranding answers the bladder tumour the impression reports. With
    no bladder disease in the impression it is still left out."""
    text = ("FINDINGS: Bladder: Irregular wall thickening up to 2.3 cm along the left posterolateral wall (previously "
            "2.0 cm). Perivesical fat stranding.\nIMPRESSION: Slight growth of the bladder tumour.")
    assert run(omission.check, text) == set()
    other = text.replace("Slight growth of the bladder tumour.", "Left nephrostomy well sited.")
    assert ("omission", "Perivesical fat stranding.") in run(omission.check, other)


def test_a_local_recurrence_in_the_impression_reports_the_recurrence_at_the_operated_site():
    """"Progressive local recurrence" is the recurrent tumour at the anastomosis, wherever the organ words of either
    sentence point (the structures it invades, the nodes named beside it)."""
    text = ("FINDINGS: Pelvis: Recurrent tumour at the anastomosis, 4.8 x 3.9 cm (previously 3.7 x 3.0 cm), invading the "
            "seminal vesicles.\nNodes: Right internal iliac node 16 mm (previously 10 mm).\n"
            "IMPRESSION: 1. Progressive local recurrence invading anteriorly, with right internal iliac nodal progression.")
    assert run(omission.check, text) == set()
    nodes = text.replace("Progressive local recurrence invading anteriorly, with right", "Progressive right")
    assert {t for t, _ in run(omission.check, nodes)} == {"omission"}


def test_the_femoral_head_and_neck_called_intact_beside_an_intertrochanteric_lesion_are_another_part():
    """The femoral head and neck said to hold no fracture beside an intertrochanteric pathological fracture are another
    part of the bone, no template line denying the fracture the findings describe."""
    text = ("检查所见：右股骨转子间见溶骨性骨质破坏并病理性骨折。\n　　右股骨头及股骨颈未见骨折，右髋关节间隙正常。\n"
            "诊断意见：右股骨转子间病理性骨折。")
    assert run(insertion.check, text, "zh") == set()
    neck = text.replace("右股骨头及股骨颈未见骨折", "右股骨转子间未见骨折")
    assert {t for t, _ in run(insertion.check, neck, "zh")} == {"insertion"}
