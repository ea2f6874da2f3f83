"""Reports of a burns, plastic and maxillofacial unit and of a gynaecology imaging centre: the jaw, flap and
reconstruction vocabulary, the pelvic organs' words and the orbit's gas of facial trauma, each slip beside the
correct wording that must stay silent."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import exam, insertion, laterality, measurement, mismatch, omission, spelling
from report_cases import confident, run


@pytest.mark.parametrize("language, text, evidence", [
    ("en", "FINDINGS: Both mandibular condoles are seated in the glenoid fossae.\nIMPRESSION: No condylar fracture.",
     "condoles"),
    ("zh", "检查所见：尾骨骨皮质破坏，周围见骨膜反应，考虑骨随炎。\n诊断意见：尾骨骨髓炎。", "骨随炎"),
    ("zh", "检查所见：左侧宫骶韧带结节。\n诊断意见：深部浸润型子宫内膜异味症。", "内膜异味症"),
])
def test_a_dictated_sound_alike_of_a_jaw_or_pelvic_word_is_a_spelling_slip(language, text, evidence):
    """Condoling is sympathy; 骨髓炎, 组织扩张器 and 子宫内膜异位症 typed with a pinyin homophone."""
    assert confident(spelling.check, text, language) == {("spelling", evidence)}


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Both mandibular condyles are seated in the glenoid fossae. Sagittal split of the hard palate.\n"
           "IMPRESSION: Palatal fracture."),
    ("en", "FINDINGS: A 2.2 cm collection deep to the plate at the posterior osteotomy junction; the osteotomised "
           "segments are aligned.\nIMPRESSION: Collection at the osteotomy."),
    ("en", "FINDINGS: The fibroid is classified as FIGO type 2. A calcified fibroid lies posteriorly.\n"
           "IMPRESSION: Fibroid uterus."),
    ("en", "FINDINGS: Gas tracks along the superficial perineal fascia; the perineal body is thinned. Small peritoneal "
           "deposits along the gutter.\nIMPRESSION: Fournier gangrene; peritoneal deposits."),
    ("zh", "检查所见：尾骨骨髓腔密度增高，考虑骨髓炎。左侧胸大肌深面见组织扩张器。\n诊断意见：子宫内膜异位症。"),
    ("en", "FINDINGS: New soft-tissue nodules in the perineal wound, in keeping with perineal deposits.\n"
           "IMPRESSION: Perineal recurrence."),
    ("en", "FINDINGS: All previously classified nodules are stable.\nIMPRESSION: Stable nodules."),
    ("zh", "临床资料：白带增多伴异味症状1月。\n检查所见：子宫及双侧附件未见异常。\n诊断意见：盆腔CT未见异常。"),
])
def test_guard_the_right_words_of_the_same_reports_stay_silent(language, text):
    """The hard palate, an osteotomy, classification "as" a type or of nodules already seen, the perineal fascia, body
    and a deposit in a perineal wound, and a symptom of odour (异味症状) are correct words."""
    assert confident(spelling.check, text, language) == set()


def test_sinus_inflammation_fits_a_head_exam():
    """The maxillary sinuses' inflammation (双侧上颌窦轻度炎症) is the head's sinus disease, no pneumonia."""
    text = "检查所见：左眼球摘除、义眼台植入术后改变。双侧上颌窦黏膜增厚。\n诊断意见：1．左眼球摘除术后。2．双侧上颌窦轻度炎症。"
    assert run(exam.check, text, "zh", exam_="眼眶CT平扫") == set()


@pytest.mark.parametrize("text", [
    "FINDINGS: Blow-out fracture of the left orbital floor. A little orbital emphysema on the left.\n"
    "IMPRESSION: Left orbital floor blow-out fracture.",
    "FINDINGS: Small foci of orbital emphysema in the left extraconal fat.\nIMPRESSION: Left orbital floor fracture.",
])
def test_gas_in_the_orbit_fits_a_face_exam(text):
    """Orbital emphysema is gas in the orbit, which a facial-bones CT shows: no lung."""
    assert run(exam.check, text, "en", exam_="CT facial bones without contrast") == set()


def test_guard_subcutaneous_emphysema_of_the_chest_wall_on_a_face_exam_is_still_another_region():
    """Subcutaneous emphysema may lie on the chest wall, outside a face CT (a review's probe)."""
    text = "FINDINGS: Subcutaneous emphysema of the anterior chest wall.\nIMPRESSION: No facial fracture."
    assert "exam_mismatch" in {kind for kind, _ in run(exam.check, text, "en", exam_="CT facial bones without contrast")}


@pytest.mark.parametrize("language, exam_, text, slip", [
    ("en", "CT facial bones without contrast",
     "FINDINGS: Left orbital floor fracture. Paraseptal emphysema in both upper lobes.\nIMPRESSION: Orbital fracture.",
     "Paraseptal emphysema in both upper lobes."),
    ("en", "CT face without contrast",
     "FINDINGS: Cheek laceration. The central airways are patent.\nIMPRESSION: Cheek laceration.",
     "The central airways are patent."),
    ("zh", "眼眶CT平扫", "检查所见：左眼球摘除术后。右肺下叶炎症。\n诊断意见：左眼球摘除术后。", "右肺下叶炎症。"),
    ("en", "CT neck and chest without contrast",
     "Technique: Non-contrast CT of the head.\nFINDINGS: Supraglottic oedema.\nIMPRESSION: Supraglottic oedema.",
     "Non-contrast CT of the head."),
    ("en", "CT neck without contrast",
     "Technique: Non-contrast CT of the head from the skull base to the vertex.\nFINDINGS: No acute haemorrhage.\n"
     "IMPRESSION: No acute intracranial abnormality.", "Non-contrast CT of the head from the skull base to the vertex."),
    ("en", "CT head without contrast",
     "FINDINGS: No intracranial haemorrhage. The airways are clear.\nIMPRESSION: No acute intracranial abnormality.",
     "The airways are clear."),
])
def test_guard_lung_emphysema_the_lower_airways_pneumonia_and_another_region_scanned_still_mismatch(
        language, exam_, text, slip):
    assert ("exam_mismatch", slip) in run(exam.check, text, language, exam_=exam_)


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Marked fat stranding in the right iliac fossa around the caecum.\n"
           "IMPRESSION: Left ovarian torsion.", "Marked fat stranding in the right iliac fossa around the caecum."),
    ("zh", "检查所见：右侧颊部皮下脂肪间隙模糊，皮肤增厚。\n诊断意见：未见脓肿及感染征象。", "右侧颊部皮下脂肪间隙模糊，皮肤增厚。"),
    ("en", "FINDINGS: Marked fat stranding in the right iliac fossa.\nIMPRESSION: Ovarian torsion is not seen.",
     "Marked fat stranding in the right iliac fossa."),
    ("en", "FINDINGS: Extensive subcutaneous oedema of both legs.\nIMPRESSION: Left foot osteomyelitis.",
     "Extensive subcutaneous oedema of both legs."),
])
def test_guard_stranding_beside_a_process_on_the_other_side_or_a_denied_infection_is_still_omitted(
        language, text, slip):
    assert ("omission", slip) in run(omission.check, text, language)


def test_fluid_in_the_abdomen_and_pelvis_is_ascites_not_a_pleural_effusion():
    """"腹盆腔见中等量积液" is free peritoneal fluid: the impression's 腹水 reports it, and the chest's "no effusion"
    does not contradict it."""
    text = ("检查所见：盆腔内见约10.2cm囊实性肿块。腹盆腔见中等量积液。所见双侧胸腔未见积液。\n"
            "诊断意见：1．右侧附件区囊实性肿块，考虑卵巢癌。2．中等量腹水。")
    assert run(mismatch.check, text, "zh") == set()
    assert run(insertion.check, text, "zh") == set()
    assert run(omission.check, text, "zh") == set()


def test_guard_a_pleural_effusion_the_chest_line_denies_is_still_a_contradiction():
    text = "检查所见：右侧胸腔见中等量积液。双侧胸腔未见积液。\n诊断意见：右侧胸腔积液。"
    assert ("insertion", "双侧胸腔未见积液。") in run(insertion.check, text, "zh")


@pytest.mark.parametrize("text", [
    "检查所见：\n左侧附件区见约5.4cm×4.6cm囊实性肿块，边界清楚，内见脂肪密度影，并见结节状钙化。\n"
    "右侧卵巢大小正常，内见数个小卵泡。子宫大小形态正常，内膜不厚。\n\n诊断意见：\n左侧卵巢成熟性囊性畸胎瘤（约5.4cm）。",
])
def test_a_diagnosis_the_findings_give_on_its_side_in_other_words_keeps_its_side(text):
    """The left adnexal mass is the left ovarian teratoma; a normal right ovary puts no abnormality on the other
    side."""
    assert run(laterality.check, text, "zh") == set()


@pytest.mark.parametrize("text, slip", [
    ("检查所见：\n右侧卵巢见约5.4cm囊实性肿块，内见脂肪密度影。\n左侧卵巢大小正常。\n\n诊断意见：\n左侧卵巢成熟性囊性畸胎瘤。",
     "左侧卵巢成熟性囊性畸胎瘤"),
    ("检查所见：\n右侧颞部颅骨内板下见梭形高密度影，最厚约1.2cm。\n左侧颞叶未见异常。\n\n诊断意见：\n左侧颞部硬膜外血肿。",
     "左侧颞部硬膜外血肿"),
    # the other side's rest called normal in the same sentence leaves the abscess there
    ("检查所见：\n右侧颌下间隙见约30mm环形强化液性区，内含气体，余右侧颈部软组织未见异常。\n\n诊断意见：\n左侧颌下间隙脓肿。",
     "左侧颌下间隙脓肿"),
])
def test_guard_a_diagnosis_the_findings_give_only_on_the_other_side_is_still_a_side_slip(text, slip):
    assert any(t == "laterality" and slip in e for t, e in run(laterality.check, text, "zh"))


@pytest.mark.parametrize("text", [
    "检查所见：右侧卵巢静脉明显增粗迂曲，最宽处直径约9mm。左侧宫旁及子宫周围静脉丛明显扩张迂曲，最宽约7mm。\n"
    "子宫大小正常，双侧卵巢未见异常。\n诊断意见：卵巢静脉及子宫周围静脉丛扩张，考虑盆腔淤血综合征。",
    "检查所见：子宫前壁见约3.0cm低密度肿块。子宫大小正常，双侧卵巢未见异常。\n诊断意见：子宫肌瘤。",
])
def test_a_normal_size_beside_a_mass_or_a_normal_organ_beside_its_veins_is_no_template_slip(text):
    """"子宫大小正常" speaks of the uterus's size only, the ovaries' clause of the ovaries; the ovarian veins and the
    plexus around the uterus are vessels, no abnormality of the organs."""
    assert run(insertion.check, text, "zh") == set()


@pytest.mark.parametrize("text", [
    "检查所见：左侧宫旁及子宫周围静脉丛明显扩张迂曲，最宽约7mm，与对侧宫旁静脉交通。子宫大小正常。\n"
    "诊断意见：子宫周围静脉丛扩张，考虑盆腔淤血综合征。",
    "检查所见：子宫周围静脉曲张，最宽约7mm。子宫大小正常。\n诊断意见：盆腔静脉曲张。",
])
def test_the_calibre_of_the_veins_around_an_organ_is_no_size_of_the_organ(text):
    """A plexus "最宽约7mm" is the calibre of the veins named by the uterus around which they run, not a uterus of 7 mm,
    whether a finding term names their dilatation or none does (曲张)."""
    assert run(measurement.check, text, "zh", sex_="F") == set()


def test_guard_an_organ_given_a_size_too_small_for_it_is_still_a_measurement_slip():
    text = "检查所见：子宫明显增大，最大径约7mm，宫旁静脉丛未见扩张。\n诊断意见：子宫增大。"
    assert ("measurement", "7mm") in run(measurement.check, text, "zh", sex_="F")


@pytest.mark.parametrize("text, slip", [
    ("检查所见：子宫前壁见约3.0cm低密度肿块。子宫未见异常，双侧卵巢未见异常。\n诊断意见：子宫肌瘤。", "子宫未见异常，双侧卵巢未见异常。"),
    ("检查所见：肝S8段见约2.5cm低密度肿块，边界不清。肝脏形态、大小正常，肝实质密度均匀，未见异常密度影。\n诊断意见：肝S8段肿块。",
     "肝脏形态、大小正常，肝实质密度均匀，未见异常密度影。"),
    ("检查所见：右侧卵巢见约3.2cm囊性肿块，壁厚。子宫大小正常，双侧卵巢未见异常。\n诊断意见：右侧卵巢囊性肿块。",
     "子宫大小正常，双侧卵巢未见异常。"),
])
def test_guard_a_normal_line_about_the_abnormal_organ_itself_is_still_a_template_slip(text, slip):
    assert ("insertion", slip) in run(insertion.check, text, "zh")


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Left adnexa: A 5.0 x 4.4 cm unilocular thin-walled cyst of simple fluid arising from the left "
           "ovary. The left ovary is normal.\nIMPRESSION: Simple left ovarian cyst.", "The left ovary is normal."),
    ("zh", "检查所见：肝S8段见约2.5cm低密度肿块。肝实质未见异常。\n诊断意见：肝S8段肿块。", "肝实质未见异常。"),
    ("en", "FINDINGS: 4 cm mass in the right kidney. The right kidney is normal with no fluid around it.\n"
           "IMPRESSION: Right renal mass.", "The right kidney is normal with no fluid around it."),
])
def test_guard_the_organ_called_normal_beside_its_lesion_is_still_a_template_slip(language, text, slip):
    assert ("insertion", slip) in run(insertion.check, text, language)


def test_gas_in_the_soft_tissues_the_impression_denies_is_still_a_contradiction():
    """Subcutaneous emphysema the findings describe and the impression denies is a contradiction, whatever tissue the
    gas lies in."""
    text = ("FINDINGS: Subcutaneous emphysema in the left chest wall.\n"
            "IMPRESSION: No subcutaneous emphysema.")
    assert ("findings_impression_mismatch", "No subcutaneous emphysema") in run(mismatch.check, text, "en")


def test_guard_metastases_from_cervical_carcinoma_on_a_chest_exam_name_no_pelvis():
    """"Cervical carcinoma" named as a chest staging CT's primary is no finding in the pelvis (a review's probe of a
    reading taken back)."""
    text = ("FINDINGS: Multiple pulmonary nodules, in keeping with metastases from the known cervical carcinoma.\n"
            "IMPRESSION: Pulmonary metastases from cervical carcinoma.")
    assert run(exam.check, text, "en", exam_="CT chest with contrast") == set()


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: The right orbital floor is displaced 4 mm inferiorly beneath a normal-appearing globe.\n"
           "IMPRESSION: Left orbital floor fracture.", "Left orbital floor fracture"),
    ("zh", "检查所见：右侧颧弓塌陷余颌面骨未见异常。\n诊断意见：左侧颧弓骨折。", "左侧颧弓骨折"),
])
def test_guard_a_normal_word_inside_the_lesions_own_clause_keeps_its_side(language, text, slip):
    """A normal word about another structure in the lesion's own clause leaves the lesion on its side (a review's probe
    of a reading taken back)."""
    assert ("laterality", slip) in run(laterality.check, text, language)


@pytest.mark.parametrize("language, text, slip", [
    ("en", "FINDINGS: Fracture through the waist of the right scaphoid.\nIMPRESSION: Carpal bones intact.",
     "Carpal bones intact."),
    ("zh", "检查所见：右侧舟骨腰部骨折。\n诊断意见：腕骨未见异常。", "腕骨未见异常。"),
])
def test_guard_a_group_of_bones_called_normal_beside_one_of_them_broken_mismatches(language, text, slip):
    assert ("findings_impression_mismatch", slip) in run(mismatch.check, text, language)


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Left orbital floor fracture. The pterygoid plates are intact.\n"
           "IMPRESSION: Left orbital floor blow-out fracture. Pterygoid plates intact."),
    ("en", "FINDINGS: Nasal bone fracture.\nIMPRESSION: Nasal bone fracture. Pterygoid plates intact."),
])
def test_guard_pterygoid_plates_called_intact_beside_another_fracture_stay_silent(language, text):
    """The final review's probe of a bone entry taken back: "Pterygoid plates intact" beside another bone's fracture is
    the usual facial CT's negative, no mismatch."""
    assert run(mismatch.check, text, language) == set()
