"""Reports of treated patients: the organs an operation takes whole (the stomach, a breast), the sternum a bypass opened, a
treated site the impression
calls the treatment's effect, an occlusion a device made, a distance from a landmark beside a change, a lobe's volume loss,
and the diseases an impression names its findings by (a DVT, a pulsatile mass)."""

from __future__ import annotations

from radqc.agents.report.checks import insertion, measurement, omission
from report_cases import run


def test_a_total_gastrectomy_leaves_no_stomach_to_describe():
    text = ("临床资料：胃体癌行全胃切除、食管空肠吻合术后14个月。\n"
            "影像表现：全胃切除术后改变，吻合口壁光整。胃腔充盈良好，胃壁未见增厚。肝脏未见异常。\n"
            "影像诊断：全胃切除术后，未见复发。")
    assert ("insertion", "胃腔充盈良好，胃壁未见增厚。") in run(insertion.check, text, "zh")
    # a distal gastrectomy leaves the gastric remnant to describe
    text = "FINDINGS: Status post distal gastrectomy. The stomach is unremarkable.\nIMPRESSION: No recurrence."
    assert run(insertion.check, text) == set()
    text = text.replace("distal gastrectomy", "total gastrectomy")
    assert ("insertion", "The stomach is unremarkable.") in run(insertion.check, text)
    for partial in ("subtotal gastrectomy", "sub-total gastrectomy", "near-total gastrectomy"):
        assert run(insertion.check, text.replace("total gastrectomy", partial)) == set()


def test_a_mastectomy_leaves_no_breast_on_its_side():
    text = ("病史：左乳浸润性导管癌行左乳改良根治术后2年。\n"
            "检查所见：左乳缺如，左侧胸壁术后改变。双侧乳腺腺体对称，未见明确肿块。\n"
            "诊断意见：左乳癌术后，未见复发。")
    assert ("insertion", "双侧乳腺腺体对称，未见明确肿块。") in run(insertion.check, text, "zh", "F")
    text = ("FINDINGS: Status post left mastectomy. The right breast is unremarkable.\nIMPRESSION: No recurrence.")
    assert run(insertion.check, text, "en", "F") == set()
    text = text.replace("The right breast", "Both breasts are unremarkable. The right breast")
    assert ("insertion", "Both breasts are unremarkable.") in run(insertion.check, text, "en", "F")


def test_a_sternum_called_intact_after_a_bypass_that_opened_it_is_an_insertion():
    text = ("病史：冠状动脉旁路移植术后3年，再发胸痛。\n"
            "检查所见：左乳内动脉-前降支桥通畅。胸骨完整，未见内固定。双肺未见异常。\n"
            "诊断意见：桥血管通畅。")
    assert run(insertion.check, text, "zh") == {("insertion", "胸骨完整")}
    text = "History: CABG 2019.\nFINDINGS: Patent LIMA to LAD graft. The sternum is intact.\nIMPRESSION: Patent graft."
    assert run(insertion.check, text) == {("insertion", "The sternum is intact.")}


def test_a_sternum_wired_spared_or_not_yet_opened_is_left_alone():
    text = ("病史：冠状动脉旁路移植术后3年。\n检查所见：胸骨正中钢丝固定，胸骨完整。桥血管通畅。\n诊断意见：桥血管通畅。")
    assert run(insertion.check, text, "zh") == set()
    for history in ("History: Three-vessel disease, planned CABG.", "History: MIDCAB via left thoracotomy 2019."):
        text = f"{history}\nFINDINGS: The sternum is intact.\nIMPRESSION: No acute abnormality."
        assert run(insertion.check, text) == set()


def test_a_distance_from_a_landmark_is_no_size_of_a_change():
    text = ("FINDINGS: Oesophagus: the wall thickening from 28 to 34 cm from the incisors has decreased; maximal wall "
            "thickness now 9 mm (previously 18 mm).\nIMPRESSION: Partial response.")
    assert run(measurement.check, text) == set()
    text = text.replace(" from the incisors has decreased", " has decreased")  # now the thickening's own sizes
    assert any(kind == "measurement" for kind, _ in run(measurement.check, text))


def test_a_lobes_volume_loss_is_no_change_in_size():
    text = ("检查所见：左肺上叶原病灶区见片状实变影，范围约3.8cm×2.4cm（前片约3.0cm×2.1cm），伴局部容积缩小及牵拉性支气管扩张。\n"
            "诊断意见：放射性肺纤维化。")
    assert run(measurement.check, text, "zh") == set()
    text = text.replace("伴局部容积缩小", "范围较前缩小")
    assert any(kind == "measurement" for kind, _ in run(measurement.check, text, "zh"))


def test_an_occlusion_a_device_made_is_no_finding_to_carry():
    text = ("FINDINGS: The carotid-subclavian bypass graft is patent. Left subclavian origin is occluded with a plug; "
            "no leak from it.\nIMPRESSION: Satisfactory TEVAR with patent carotid-subclavian bypass.")
    assert run(omission.check, text) == set()
    text = text.replace("occluded with a plug; no leak from it", "occluded")
    assert ("omission", "Left subclavian origin is occluded.") in run(omission.check, text)


def test_a_change_at_the_treated_site_is_what_the_impression_calls_radiation_fibrosis():
    text = ("FINDINGS: Treated site: in the right lower lobe the nodule has been replaced by a consolidation with straight "
            "margins, 41 x 28 mm (previously 33 x 20 mm).\n"
            "IMPRESSION: Evolving radiation fibrosis at the right lower lobe SBRT site.")
    assert run(omission.check, text) == set()
    # a new nodule there is none of the treatment's
    text = text.replace("the nodule has been replaced by a consolidation", "a new spiculated nodule has appeared")
    assert any(kind == "omission" for kind, _ in run(omission.check, text))
    text = ("检查所见：左肺上叶原病灶区见片状实变影，范围约3.8cm×2.4cm，病灶未见新发结节样强化。\n"
            "诊断意见：左肺上叶SBRT后改变，符合放射性肺纤维化。")
    assert run(omission.check, text, "zh") == set()
    # the impression's treatment effect on the other side answers no finding on this one
    text = text.replace("诊断意见：左肺", "诊断意见：右肺")
    assert any(kind == "omission" for kind, _ in run(omission.check, text, "zh"))


def test_an_impression_names_a_thrombosed_vein_a_dvt_and_a_pulsatile_mass_an_aneurysm():
    text = ("FINDINGS: Occlusive thrombus in the left external and common iliac veins.\n"
            "IMPRESSION: Acute left iliofemoral DVT.")
    assert run(omission.check, text) == set()
    text = "FINDINGS: Pulsatile mass, right popliteal fossa.\nIMPRESSION: Right popliteal artery aneurysm, 3.6 cm."
    assert run(omission.check, text) == set()


def test_an_impression_names_findings_by_their_disease():
    """A UIP pattern is the fibrosis its ground glass and reticulation make, an enchondroma the lesion the findings
    describe, cholangitis (胆管炎) the inflammation of the ducts."""
    text = ("FINDINGS: Bilateral lower-lobe predominant ground-glass opacity with fine reticulation and traction "
            "bronchiectasis.\nIMPRESSION: Definite UIP pattern, mildly progressed.")
    assert run(omission.check, text) == set()
    text = ("FINDINGS: Centrally located lesion in the left distal femoral metadiaphysis, 9.4 cm in length, with "
            "chondroid matrix mineralisation.\nIMPRESSION: Enchondroma of the left distal femur.")
    assert run(omission.check, text) == set()
    text = "检查所见：肝右后叶见片状楔形低强化区，考虑胆管炎症。\n诊断意见：右肝后叶胆管炎改变。"
    assert run(omission.check, text, "zh") == set()


def test_a_size_before_the_organ_word_is_a_lesion_s_not_the_removed_organ_s():
    """"A 3 cm cyst in the left kidney" measures the cyst: the sentence describing the removed kidney is the error, not
    the removal; "Left kidney measures 11 cm" measures the kidney itself, and the removal is the sentence left over."""
    text = "FINDINGS: Status post left nephrectomy. A 3 cm simple cyst in the left kidney. Liver normal.\nIMPRESSION: No recurrence."
    assert run(insertion.check, text) == {("insertion", "A 3 cm simple cyst in the left kidney.")}
    text = "FINDINGS: Status post left nephrectomy. Left kidney measures 11 cm.\nIMPRESSION: No recurrence."
    assert run(insertion.check, text) == {("insertion", "Status post left nephrectomy.")}


def test_a_lesion_growing_at_a_treated_site_is_not_the_treatment_s_effect():
    """Growth at the treated site is local recurrence until shown otherwise: an impression calling the site's state the
    radiation's effect leaves it out."""
    text = ("FINDINGS: Treated site: the right lower lobe nodule treated with SBRT has enlarged to 2.4 cm, now solid.\n"
            "IMPRESSION: Post-radiation changes of the right lower lobe.")
    assert {t for t, _ in run(omission.check, text)} == {"omission"}
