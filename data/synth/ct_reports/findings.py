"""The library of abnormal findings a synthetic report can describe, each with several wordings per
language for the findings section and for the impression.

Placeholders: {side} {otherside} {lobe} {lobeabbr} {amount} {severity} {count} {size} take abstract values
(see `lexicon.py`; {lobeabbr} is the lobe as radiologists abbreviate it, "RUL"); any other {name} is one of the finding's own `choices` (pairs of English and Chinese text).
A capitalised placeholder ({Side}) starts a sentence. Keep the most common wording of each list first: the
variants are divided between dev and test by position (`variants.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Choices = dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True, eq=False)
class FindingSpec:
    key: str
    regions: tuple[str, ...]
    organ: str  # the organ whose "normal" sentence this finding replaces
    en_find: tuple[str, ...]
    en_imp: tuple[str, ...]
    zh_find: tuple[str, ...]
    zh_imp: tuple[str, ...]
    significant: bool = True  # must appear in the impression (else its absence is an omission)
    size: tuple[int, int, int] | None = None  # low mm, high mm, number of axes
    choices: Choices = field(default_factory=dict)
    needs: str = ""  # "", "contrast" (any enhanced scan), "multiphase" or "cta"
    sex: str = ""  # "M" or "F" for sex-specific anatomy
    removes: str = ""  # the organ a post-surgical state removed
    trap: str = ""  # what makes this finding a trap for auditors, if anything
    # Impressions (English, Chinese) that contradict this finding: another diagnosis or organ. Same
    # placeholders as the finding, so that the side, level or segment still agree.
    misdiagnosis: tuple[tuple[str, str], ...] = ()
    # Other organs whose normal sentence this finding would contradict ("lung bases clear" beside a
    # pleural effusion): they are left out of a report that has the finding.
    hides: tuple[str, ...] = ()


SEGMENTS = (("VI", "右叶S6"), ("VII", "右叶S7"), ("IVa", "左内叶S4"), ("II", "左外叶S2"), ("VIII", "右叶S8"))
LUMBAR = (("L4-L5", "L4/5"), ("L5-S1", "L5/S1"), ("L3-L4", "L3/4"))
PERCENT = (("50%", "50%"), ("70%", "70%"), ("60%", "60%"), ("80%", "80%"))

# Findings that must not appear together: their wordings contradict each other.
CONFLICTS = {
    frozenset(pair) for pair in (
        ("pleural_effusion", "bilateral_effusions"), ("gallstones", "cholecystitis"), ("lung_nodule", "lung_nodules"),
        ("ich", "infarct"),
    )
}

FINDINGS: tuple[FindingSpec, ...] = (
    # --- chest ---------------------------------------------------------------------------------------
    FindingSpec(
        "lung_nodule", ("chest",), "lungs",
        (
            "There is a {size} solid nodule in the {side} {lobe} lobe.",
            "A {size} pulmonary nodule is seen in the {side} {lobe} lobe.",
            "Solid noncalcified nodule in the {side} {lobe} lobe measuring {size}.",
            "{Side} {lobe} lobe: {size} solid nodule with smooth margins.",
            "{lobeabbr} nodule, {size}, solid, smooth margins.",
            "{size} solid nodule, {lobeabbr}.",
        ),
        (
            "{size} {side} {lobe} lobe pulmonary nodule; follow-up CT per Fleischner Society guidelines.",
            "Indeterminate {size} nodule in the {side} {lobe} lobe.",
            "{Side} {lobe} lobe nodule measuring {size}; recommend follow-up chest CT.",
            "Solitary {side} {lobe} lobe pulmonary nodule, {size}.",
            "{size} {lobeabbr} nodule; CT follow-up per Fleischner.",
            "{lobeabbr} pulmonary nodule ({size}).",
        ),
        (
            "{side}肺{lobe}叶见一实性结节，大小约{size}，边界清楚。",
            "{side}肺{lobe}叶可见结节影，直径约{size}。",
            "{side}肺{lobe}叶见类圆形结节灶，约{size}，边缘光整。",
            "{side}肺{lobe}叶胸膜下见小结节，约{size}。",
        ),
        (
            "{side}肺{lobe}叶结节（约{size}），建议定期复查。",
            "{side}肺{lobe}叶实性结节，建议随访。",
            "{side}肺{lobe}叶小结节，大小约{size}，请结合临床。",
            "{side}肺{lobe}叶结节，约{size}，建议3-6个月复查。",
        ),
        size=(4, 18, 1),
        misdiagnosis=(
            ("{Side} {lobe} lobe calcified granuloma.", "{side}肺{lobe}叶钙化灶。"),
            ("{Side} {lobe} lobe mass, suspicious for malignancy.", "{side}肺{lobe}叶肿块，考虑恶性。"),
        ),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "lung_nodules", ("chest",), "lungs",
        (
            "There are {count} solid nodules in the {side} lung, the largest in the {lobe} lobe measuring {size}.",
            "{Count} noncalcified pulmonary nodules in the {side} lung; the dominant {lobe} lobe nodule measures {size}.",
            "Multiple ({count}) small nodules in the {side} lung, up to {size} in the {lobe} lobe.",
            "{Count} {side}-sided pulmonary nodules are seen, largest {size} ({lobe} lobe).",
        ),
        (
            "{Count} {side} pulmonary nodules, largest {size}; follow-up CT recommended.",
            "{Count} indeterminate nodules in the {side} lung.",
            "Multiple {side} lung nodules ({count}), the largest {size}.",
            "{Count} {side} lung nodules; metastases not excluded.",
        ),
        (
            "{side}肺见{count}个实性结节，较大者位于{lobe}叶，约{size}。",
            "{side}肺可见{count}枚结节影，最大者约{size}，位于{lobe}叶。",
            "{side}肺多发小结节（{count}个），大者约{size}。",
            "{side}肺内散在{count}个结节，较大者直径约{size}。",
        ),
        (
            "{side}肺{count}个结节，建议随访。",
            "{side}肺多发结节（{count}个），较大者约{size}。",
            "{side}肺{count}枚实性结节，转移不除外。",
            "{side}肺多发结节，请结合临床随访。",
        ),
        size=(4, 14, 1),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "ground_glass_nodule", ("chest",), "lungs",
        (
            "A {size} pure ground-glass nodule is present in the {side} {lobe} lobe.",
            "{Side} {lobe} lobe ground-glass opacity measuring {size}.",
            "Ground-glass nodule, {side} {lobe} lobe, {size}, without solid component.",
            "There is a {size} nonsolid nodule in the {side} {lobe} lobe.",
        ),
        (
            "{size} ground-glass nodule in the {side} {lobe} lobe; follow-up recommended.",
            "{Side} {lobe} lobe ground-glass nodule ({size}).",
            "Nonsolid {side} {lobe} lobe nodule measuring {size}; annual follow-up.",
            "{size} pure ground-glass opacity, {side} {lobe} lobe.",
        ),
        (
            "{side}肺{lobe}叶见磨玻璃密度结节，大小约{size}。",
            "{side}肺{lobe}叶可见纯磨玻璃结节，约{size}，边界尚清。",
            "{side}肺{lobe}叶见淡薄磨玻璃影，直径约{size}，其内未见实性成分。",
            "{side}肺{lobe}叶磨玻璃结节，约{size}，边缘模糊。",
        ),
        (
            "{side}肺{lobe}叶磨玻璃结节，建议随访复查。",
            "{side}肺{lobe}叶磨玻璃结节（约{size}）。",
            "{side}肺{lobe}叶磨玻璃结节，建议年度复查。",
            "{side}肺{lobe}叶纯磨玻璃结节（{size}），随访。",
        ),
        size=(5, 16, 1),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "lung_mass", ("chest",), "lungs",
        (
            "A {size} spiculated mass is present in the {side} {lobe} lobe.",
            "Irregular soft-tissue mass in the {side} {lobe} lobe measuring {size}, abutting the pleura.",
            "There is a lobulated {size} mass in the {side} {lobe} lobe.",
            "{Side} {lobe} lobe mass measuring {size} with spiculated margins and adjacent pleural retraction.",
            "{lobeabbr} spiculated mass, {size}.",
            "{size} mass in the {lobeabbr} with pleural tethering.",
        ),
        (
            "{Side} {lobe} lobe mass, {size}, suspicious for primary lung malignancy.",
            "Spiculated {side} {lobe} lobe mass concerning for bronchogenic carcinoma; tissue sampling recommended.",
            "{size} {side} {lobe} lobe mass, highly suspicious for malignancy.",
            "{Side} {lobe} lobe mass ({size}), likely primary lung cancer; PET-CT and biopsy advised.",
            "{lobeabbr} mass ({size}), suspicious for malignancy.",
            "Spiculated {lobeabbr} mass, likely primary lung cancer.",
        ),
        (
            "{side}肺{lobe}叶见不规则软组织肿块，大小约{size}，边缘可见毛刺。",
            "{side}肺{lobe}叶可见分叶状肿块影，约{size}，邻近胸膜牵拉。",
            "{side}肺{lobe}叶见团块状软组织密度影，约{size}，可见分叶及毛刺征。",
            "{side}肺{lobe}叶肿块，大小约{size}，邻近支气管截断。",
        ),
        (
            "{side}肺{lobe}叶占位，考虑肺癌可能，建议进一步检查。",
            "{side}肺{lobe}叶肿块（约{size}），恶性可能大。",
            "{side}肺{lobe}叶周围型肺癌可能大。",
            "{side}肺{lobe}叶肿块，建议穿刺活检。",
        ),
        size=(32, 75, 2),
        misdiagnosis=(
            ("{Side} {lobe} lobe pneumonia.", "{side}肺{lobe}叶肺炎。"),
        ),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "consolidation", ("chest",), "lungs",
        (
            "Airspace consolidation with air bronchograms in the {side} {lobe} lobe.",
            "Patchy consolidation is present in the {side} {lobe} lobe.",
            "Dense consolidation occupies the {side} {lobe} lobe with air bronchograms.",
            "{Side} {lobe} lobe airspace opacity with surrounding ground-glass.",
            "{lobeabbr} consolidation with air bronchograms.",
            "Airspace disease in the {lobeabbr}.",
        ),
        (
            "{Side} {lobe} lobe consolidation, likely pneumonia.",
            "Findings consistent with {side} {lobe} lobe pneumonia.",
            "{Side} {lobe} lobe pneumonia.",
            "Consolidation of the {side} {lobe} lobe, infectious in appearance; follow-up after treatment.",
            "{lobeabbr} pneumonia.",
            "{lobeabbr} consolidation, likely infectious.",
        ),
        (
            "{side}肺{lobe}叶见大片状实变影，内见支气管充气征。",
            "{side}肺{lobe}叶可见斑片状高密度影，边界模糊。",
            "{side}肺{lobe}叶见片状实变影，边缘模糊。",
            "{side}肺{lobe}叶大片高密度影，其内可见空气支气管征。",
        ),
        (
            "{side}肺{lobe}叶炎症，肺炎可能。",
            "{side}肺{lobe}叶实变，考虑感染性病变。",
            "{side}肺{lobe}叶肺炎。",
            "{side}肺{lobe}叶感染，建议抗炎治疗后复查。",
        ),
        misdiagnosis=(
            ("{Side} {lobe} lobe mass.", "{side}肺{lobe}叶肿块。"),
            ("{Side} {lobe} lobe atelectasis without pneumonia.", "{side}肺{lobe}叶肺不张，未见炎症。"),
        ),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "pleural_effusion", ("chest",), "pleura",
        (
            "{Amount} {side} pleural effusion.",
            "There is a {amount} {side}-sided pleural effusion with adjacent compressive atelectasis.",
            "A {amount} effusion layers in the {side} pleural space.",
            "{Side} pleural effusion, {amount}, with passive atelectasis of the adjacent lung.",
        ),
        (
            "{Amount} {side} pleural effusion.",
            "{Side} pleural effusion, {amount}.",
            "{Amount} {side}-sided pleural effusion with adjacent atelectasis.",
            "{Side} {amount} pleural effusion.",
        ),
        (
            "{side}侧胸腔见{amount}积液。",
            "{side}侧胸腔可见{amount}液性密度影，邻近肺组织膨胀不全。",
            "{side}侧胸膜腔内见{amount}积液，{side}肺下叶受压。",
            "{side}侧胸腔积液，量{amount}。",
        ),
        (
            "{side}侧胸腔{amount}积液。",
            "{side}侧胸腔积液（{amount}）。",
            "{side}侧{amount}胸腔积液。",
            "{side}侧胸腔{amount}积液伴邻近肺组织膨胀不全。",
        ),
        misdiagnosis=(
            ("{Side} pneumothorax.", "{side}侧气胸。"),
            ("{Side} hemothorax.", "{side}侧血胸。"),
        ),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "bilateral_effusions", ("chest",), "pleura",
        (
            "Small bilateral pleural effusions, right greater than left.",
            "Bilateral pleural effusions, slightly larger on the left.",
            "Bilateral layering pleural effusions, right more than left.",
            "Small effusions on both sides, the left slightly larger than the right.",
        ),
        (
            "Bilateral pleural effusions.",
            "Small bilateral pleural effusions.",
            "Small bilateral effusions, right greater than left.",
            "Bilateral small pleural effusions.",
        ),
        (
            "双侧胸腔少量积液，右侧为著。",
            "双侧胸腔见少量积液，左侧略多。",
            "两侧胸腔可见少量液性密度影，左侧稍多。",
            "双侧胸膜腔少量积液，右侧较左侧明显。",
        ),
        (
            "双侧胸腔少量积液。",
            "双侧胸腔积液。",
            "两侧胸腔少量积液。",
            "双侧少量胸腔积液。",
        ),
        trap="bilateral",
        hides=("lung_bases",),
    ),
    FindingSpec(
        "pneumothorax", ("chest",), "pleura",
        (
            "There is a {side} apical pneumothorax with a pleural separation of {size}.",
            "{Side} pneumothorax measuring {size} at the apex.",
            "{Side} pneumothorax, {size} at its widest, without mediastinal shift.",
            "There is a {size} {side} apical pneumothorax.",
        ),
        (
            "Small {side} pneumothorax.",
            "{Side}-sided pneumothorax; clinical follow-up advised.",
            "{Side} pneumothorax ({size}).",
            "{size} {side} pneumothorax, no tension.",
        ),
        (
            "{side}侧胸腔见气胸，肺尖部胸膜线与胸壁间距约{size}。",
            "{side}侧胸腔可见无肺纹理透亮区，宽约{size}。",
            "{side}侧气胸，最宽处约{size}，纵隔未见移位。",
            "{side}肺尖见气胸，宽约{size}。",
        ),
        (
            "{side}侧少量气胸。",
            "{side}侧气胸。",
            "{side}侧气胸（约{size}）。",
            "{side}侧少量气胸，建议复查。",
        ),
        size=(5, 25, 1),
        misdiagnosis=(
            ("{Side} pleural effusion.", "{side}侧胸腔积液。"),
        ),
        hides=("lung_bases",),
    ),
    FindingSpec(
        "emphysema", ("chest",), "lungs",
        (
            "{Severity} centrilobular emphysema, upper lobe predominant.",
            "There is {severity} centrilobular emphysema.",
            "{Severity} paraseptal and centrilobular emphysema.",
            "Emphysematous changes, {severity}, most marked in the upper lobes.",
        ),
        (
            "{Severity} emphysema.",
            "{Severity} centrilobular emphysema.",
            "Emphysema, {severity}.",
            "{Severity} upper lobe predominant emphysema.",
        ),
        (
            "双肺见{severity}小叶中心型肺气肿，以上叶为著。",
            "双肺透亮度增高，呈{severity}肺气肿改变。",
            "双肺上叶见{severity}肺气肿改变。",
            "两肺可见多发低密度无壁透亮区，{severity}肺气肿。",
        ),
        (
            "双肺{severity}肺气肿。",
            "{severity}肺气肿。",
            "慢性支气管炎、{severity}肺气肿。",
            "双肺{severity}小叶中心型肺气肿。",
        ),
        significant=False,
    ),
    FindingSpec(
        "mediastinal_nodes", ("chest",), "mediastinum",
        (
            "Enlarged {station} lymph node measuring {size} in short axis.",
            "A {station} lymph node is enlarged to {size} (short axis).",
            "{station} lymphadenopathy, {size} short axis.",
            "There is an enlarged {station} node ({size} in short axis).",
        ),
        (
            "Mediastinal lymphadenopathy, {station} node {size}.",
            "Enlarged {station} lymph node, nonspecific.",
            "{station} lymph node enlargement ({size}).",
            "Mediastinal adenopathy; largest {station} node {size}.",
        ),
        (
            "{station}见肿大淋巴结，短径约{size}。",
            "纵隔{station}可见增大淋巴结，短径约{size}。",
            "{station}淋巴结增大，短径约{size}。",
            "纵隔内{station}可见肿大淋巴结影，约{size}。",
        ),
        (
            "纵隔淋巴结肿大。",
            "{station}淋巴结肿大（短径约{size}）。",
            "纵隔{station}淋巴结增大。",
            "纵隔淋巴结肿大（{station}，约{size}）。",
        ),
        size=(11, 25, 1), choices={"station": (("subcarinal", "隆突下"), ("prevascular", "血管前间隙"), ("aortopulmonary window", "主肺动脉窗"))},
        misdiagnosis=(
            ("Mediastinal mass.", "纵隔占位。"),
        ),
    ),
    FindingSpec(
        "pericardial_effusion", ("chest",), "heart",
        (
            "{Amount} pericardial effusion.",
            "There is a {amount} pericardial effusion without signs of tamponade.",
            "A {amount} pericardial effusion is present.",
            "Pericardial effusion, {amount} in volume.",
        ),
        (
            "{Amount} pericardial effusion.",
            "Pericardial effusion, {amount}.",
            "{Amount} volume pericardial effusion.",
            "{Amount} pericardial effusion without tamponade physiology.",
        ),
        (
            "心包腔内见{amount}积液。",
            "心包可见{amount}液性密度影。",
            "心包腔可见{amount}积液密度影。",
            "心包积液，量{amount}。",
        ),
        (
            "心包{amount}积液。",
            "心包积液（{amount}）。",
            "{amount}心包积液。",
            "心包腔{amount}积液。",
        ),
    ),
    FindingSpec(
        "coronary_calcification", ("chest",), "heart",
        (
            "{Severity} coronary artery calcification.",
            "Coronary arterial calcifications, {severity}.",
            "There is {severity} calcification of the coronary arteries.",
            "{Severity} calcified coronary atherosclerosis.",
        ),
        (
            "{Severity} coronary artery calcification.",
            "Coronary artery disease ({severity} calcification).",
            "{Severity} coronary atherosclerosis.",
            "{Severity} coronary calcification.",
        ),
        (
            "冠状动脉可见{severity}钙化。",
            "冠状动脉走行区见{severity}钙化斑块。",
            "冠状动脉壁见{severity}钙化。",
            "左前降支及右冠状动脉见{severity}钙化。",
        ),
        (
            "冠状动脉{severity}钙化。",
            "冠脉{severity}钙化。",
            "冠状动脉粥样硬化（{severity}钙化）。",
            "冠脉{severity}钙化，请结合临床。",
        ),
        significant=False,
    ),
    FindingSpec(
        "rib_fractures", ("chest",), "chest_bones",
        (
            "Acute fractures of the {side} {ribs} ribs.",
            "Nondisplaced fractures involving the {side} {ribs} ribs.",
            "There are acute fractures of the {side} {ribs} ribs.",
            "{Side} {ribs} rib fractures, minimally displaced.",
        ),
        (
            "Acute {side} {ribs} rib fractures.",
            "Fractures of the {side} {ribs} ribs.",
            "{Side} {ribs} rib fractures without pneumothorax.",
            "Acute fractures, {side} {ribs} ribs.",
        ),
        (
            "{side}侧{ribs}骨折，断端对位可。",
            "{side}侧{ribs}骨皮质不连续，见骨折线影。",
            "{side}侧{ribs}见骨折线，断端轻度错位。",
            "{side}{ribs}骨质断裂。",
        ),
        (
            "{side}侧{ribs}骨折。",
            "{side}{ribs}骨折。",
            "{side}侧{ribs}骨折，未见气胸。",
            "{side}侧{ribs}多发骨折。",
        ),
        choices={"ribs": (("5th and 6th", "第5、6肋"), ("7th to 9th", "第7-9肋"), ("4th", "第4肋"), ("8th", "第8肋"))},
    ),
    FindingSpec(
        "lobectomy", ("chest",), "lungs",
        (
            "Postsurgical changes of {side} upper lobectomy with an intact staple line.",
            "Status post {side} upper lobectomy; no nodularity along the resection margin.",
            "{Side} upper lobectomy; postoperative volume loss in the {side} hemithorax.",
            "Postsurgical changes from {side} upper lobe resection.",
        ),
        (
            "Status post {side} upper lobectomy without evidence of recurrence.",
            "{Side} upper lobectomy, no recurrence.",
            "Postoperative changes of {side} upper lobectomy; no recurrent tumor.",
            "{Side} upper lobe resection without recurrence.",
        ),
        (
            "{side}肺上叶切除术后改变，术区见金属缝合线影。",
            "{side}肺上叶切除术后，残端未见结节。",
            "{side}肺上叶术后缺如，{side}侧胸廓容积减小。",
            "{side}肺上叶切除术后，术区可见条索影。",
        ),
        (
            "{side}肺上叶切除术后，未见复发征象。",
            "{side}肺上叶术后改变。",
            "{side}肺上叶切除术后，未见复发。",
            "{side}肺上叶术后，术区未见新发结节。",
        ),
        trap="post_surgical",
    ),
    FindingSpec(
        "sternotomy", ("chest",), "chest_bones",
        (
            "Median sternotomy wires and coronary bypass graft clips.",
            "Postoperative changes of prior CABG.",
            "Postoperative sternum with intact sternotomy wires.",
            "Sternotomy wires are intact.",
        ),
        (),
        (
            "胸骨正中切开术后，见金属固定丝影。",
            "冠脉搭桥术后改变。",
            "胸骨术后见钢丝影，位置良好。",
            "胸骨正中见多发金属缝线影。",
        ),
        (),
        significant=False, trap="post_surgical",
    ),
    FindingSpec(
        "pulmonary_embolism", ("pulmonary_arteries",), "pulmonary_arteries",
        (
            "Filling defects in the {side} lower lobe segmental pulmonary arteries consistent with acute emboli.",
            "Acute pulmonary emboli are seen in the {side} main and interlobar pulmonary arteries.",
            "Occlusive thrombus in the {side} lower lobe pulmonary artery extending into segmental branches.",
            "Intraluminal filling defects in the {side} pulmonary arterial tree.",
        ),
        (
            "Acute {side} pulmonary embolism.",
            "{Side}-sided pulmonary emboli; no CT evidence of right heart strain.",
            "Acute pulmonary embolism in the {side} pulmonary arteries.",
            "{Side} lobar and segmental pulmonary emboli.",
        ),
        (
            "{side}肺下叶动脉分支内见充盈缺损。",
            "{side}肺动脉干及叶间动脉内见条状充盈缺损。",
            "{side}下肺动脉见充盈缺损，延伸至段级分支。",
            "{side}肺动脉分支内见低密度充盈缺损影。",
        ),
        (
            "{side}肺动脉栓塞。",
            "{side}侧肺动脉分支栓塞。",
            "{side}肺动脉多发栓塞。",
            "{side}下肺动脉栓塞。",
        ),
        needs="cta",
        misdiagnosis=(
            ("No pulmonary embolism.", "未见肺动脉栓塞。"),
        ),
    ),
    FindingSpec(
        "basal_atelectasis", ("lung_base",), "lung_bases",
        (
            "Mild dependent atelectasis at both lung bases.",
            "Bibasilar subsegmental atelectasis.",
            "Subsegmental atelectasis at both lung bases.",
            "Linear atelectasis in both lower lobes.",
        ),
        (),
        (
            "双肺下叶背侧见少许条索状影。",
            "双下肺坠积性改变。",
            "两下肺见线状肺不张。",
            "双肺下叶少许盘状肺不张。",
        ),
        (),
        significant=False, trap="bilateral",
        hides=("lungs",),
    ),
    FindingSpec(
        "basal_nodule", ("lung_base",), "lung_bases",
        (
            "A {size} nodule in the {side} lower lobe at the lung base.",
            "{size} nodule at the {side} lung base.",
            "At the {side} lung base there is a {size} nodule.",
            "Partially imaged {size} nodule, {side} lower lobe.",
        ),
        (
            "{Side} lower lobe nodule ({size}), partially imaged; dedicated chest CT suggested.",
            "{size} {side} basal pulmonary nodule.",
            "Incidental {size} {side} lower lobe nodule; chest CT advised.",
            "{Side} lower lobe nodule, {size}.",
        ),
        (
            "{side}肺下叶见一小结节，约{size}。",
            "扫及{side}肺下叶结节，大小约{size}。",
            "所见{side}肺下叶见结节影，直径约{size}。",
            "{side}下肺基底段小结节，约{size}。",
        ),
        (
            "{side}肺下叶结节，建议胸部CT检查。",
            "{side}下肺小结节（约{size}）。",
            "{side}肺下叶小结节，建议胸部CT复查。",
            "扫及{side}肺下叶结节（约{size}）。",
        ),
        size=(4, 12, 1),
        hides=("lungs",),
    ),
    # --- upper abdomen -------------------------------------------------------------------------------
    FindingSpec(
        "liver_cyst", ("upper_abdomen",), "liver",
        (
            "A {size} simple cyst in hepatic segment {segment}.",
            "Well-circumscribed fluid-density lesion in segment {segment} of the liver measuring {size}, consistent with a cyst.",
            "Segment {segment} hepatic cyst, {size}.",
            "There is a {size} water-attenuation lesion in hepatic segment {segment}.",
        ),
        (
            "Simple hepatic cyst.",
            "Benign {size} hepatic cyst; no follow-up needed.",
            "Hepatic cyst in segment {segment}.",
            "Simple liver cyst ({size}).",
        ),
        (
            "肝{segment}段见类圆形低密度影，大小约{size}，边界清楚。",
            "肝{segment}段可见水样密度灶，约{size}。",
            "肝{segment}段见囊性低密度灶，直径约{size}，边缘光整。",
            "肝{segment}段小圆形水样密度影，约{size}。",
        ),
        (
            "肝囊肿。",
            "肝{segment}段囊肿。",
            "肝{segment}段小囊肿。",
            "肝囊肿（约{size}）。",
        ),
        significant=False, size=(8, 45, 1), choices={"segment": SEGMENTS},
        misdiagnosis=(
            ("Hepatic metastasis in segment {segment}.", "肝{segment}段转移瘤。"),
            ("Segment {segment} hemangioma.", "肝{segment}段血管瘤。"),
        ),
    ),
    FindingSpec(
        "hcc", ("upper_abdomen",), "liver",
        (
            "A {size} mass in segment {segment} demonstrates arterial phase hyperenhancement and washout on the portal venous phase.",
            "Segment {segment} lesion measuring {size} with arterial enhancement, washout and an enhancing capsule.",
            "In segment {segment} there is a {size} arterially enhancing mass with portal venous washout.",
            "Segment {segment}: {size} LR-5 observation (APHE, washout, capsule).",
        ),
        (
            "{size} segment {segment} liver lesion, LI-RADS 5, consistent with hepatocellular carcinoma.",
            "LR-5 observation in segment {segment} ({size}), compatible with HCC.",
            "Hepatocellular carcinoma in segment {segment}, {size} (LI-RADS 5).",
            "{size} LR-5 lesion of segment {segment}.",
        ),
        (
            "肝{segment}段见团块状低密度影，大小约{size}，动脉期明显强化，门脉期及延迟期强化减退。",
            "肝{segment}段见肿块，约{size}，增强呈“快进快出”表现。",
            "肝{segment}段见肿块，大小约{size}，动脉期不均匀明显强化，静脉期廓清。",
            "肝{segment}段占位，约{size}，呈快进快出强化。",
        ),
        (
            "肝{segment}段占位，考虑肝细胞癌。",
            "肝{segment}段肝癌可能（约{size}）。",
            "肝{segment}段原发性肝癌（约{size}）。",
            "肝{segment}段肝细胞癌可能大。",
        ),
        size=(20, 60, 2), choices={"segment": SEGMENTS}, needs="multiphase",
        misdiagnosis=(
            ("Benign hemangioma in segment {segment}.", "肝{segment}段血管瘤。"),
            ("Simple cyst in segment {segment}.", "肝{segment}段囊肿。"),
        ),
    ),
    FindingSpec(
        "liver_metastases", ("upper_abdomen",), "liver",
        (
            "{Count} hypoenhancing hepatic lesions, the largest in segment {segment} measuring {size}.",
            "There are {count} ill-defined hypoattenuating liver lesions; the largest, in segment {segment}, is {size}.",
            "{Count} hypoattenuating hepatic lesions; the largest (segment {segment}) measures {size}.",
            "Multiple liver lesions ({count}), largest {size} in segment {segment}.",
        ),
        (
            "{Count} hepatic lesions, the largest {size}, consistent with metastases.",
            "Hepatic metastatic disease ({count} lesions).",
            "{Count} liver metastases, up to {size}.",
            "Metastatic liver disease: {count} lesions.",
        ),
        (
            "肝内见{count}个低强化结节，最大者位于{segment}段，约{size}。",
            "肝实质内见{count}个环形强化灶，较大者约{size}。",
            "肝内见{count}个类圆形低密度灶，边缘强化，大者位于{segment}段，约{size}。",
            "肝内多发低密度结节（{count}个），最大约{size}。",
        ),
        (
            "肝内{count}个病灶，考虑转移瘤。",
            "肝多发转移瘤（{count}个）。",
            "肝内{count}个转移灶。",
            "肝内多发转移（{count}个），最大约{size}。",
        ),
        size=(12, 40, 1), choices={"segment": SEGMENTS}, needs="contrast",
    ),
    FindingSpec(
        "steatosis", ("upper_abdomen",), "liver",
        (
            "Diffuse {severity} hepatic steatosis.",
            "The liver is {severity}ly hypoattenuating, consistent with fatty infiltration.",
            "{Severity} diffuse fatty infiltration of the liver.",
            "Hepatic attenuation is {severity}ly decreased, consistent with steatosis.",
        ),
        (
            "{Severity} hepatic steatosis.",
            "{Severity} fatty liver.",
            "{Severity} diffuse hepatic steatosis.",
            "Steatosis, {severity}.",
        ),
        (
            "肝实质密度{severity}减低，符合脂肪浸润。",
            "肝脏密度弥漫性{severity}减低，低于脾脏。",
            "肝脏密度{severity}弥漫性降低。",
            "肝实质{severity}脂肪浸润，肝内血管影显示清楚。",
        ),
        (
            "{severity}脂肪肝。",
            "{severity}脂肪肝，请结合临床。",
            "{severity}脂肪肝改变。",
            "肝脏{severity}脂肪浸润。",
        ),
        significant=False,
    ),
    FindingSpec(
        "gallstones", ("upper_abdomen",), "gallbladder",
        (
            "Multiple calcified gallstones without gallbladder wall thickening.",
            "Cholelithiasis; no pericholecystic fluid.",
            "Several gallstones are present; the gallbladder wall is not thickened.",
            "Calcified stones within the gallbladder lumen.",
        ),
        (
            "Cholelithiasis without CT evidence of cholecystitis.",
            "Gallstones.",
            "Uncomplicated cholelithiasis.",
            "Gallstones without cholecystitis.",
        ),
        (
            "胆囊内见多发结节状高密度影，胆囊壁不厚。",
            "胆囊腔内见数枚高密度结石影。",
            "胆囊腔内见多发结石，胆囊壁光滑。",
            "胆囊内见多枚结节状致密影。",
        ),
        (
            "胆囊多发结石。",
            "胆囊结石。",
            "胆囊结石，未见胆囊炎征象。",
            "胆石症。",
        ),
        misdiagnosis=(
            ("Choledocholithiasis.", "胆总管结石。"),
            ("Gallbladder polyp.", "胆囊息肉。"),
        ),
    ),
    FindingSpec(
        "cholecystitis", ("upper_abdomen",), "gallbladder",
        (
            "The gallbladder is distended with wall thickening to {size} and pericholecystic fat stranding.",
            "Gallbladder wall thickening ({size}) with pericholecystic fluid.",
            "Distended gallbladder with {size} wall thickening and surrounding inflammatory stranding.",
            "The gallbladder wall is thickened to {size} with pericholecystic fluid.",
        ),
        (
            "Acute cholecystitis.",
            "Findings compatible with acute cholecystitis.",
            "Acute calculous cholecystitis.",
            "Acute cholecystitis; correlate with ultrasound.",
        ),
        (
            "胆囊增大，壁增厚约{size}，周围脂肪间隙模糊。",
            "胆囊壁增厚，厚约{size}，周围见渗出。",
            "胆囊体积增大，壁增厚约{size}，胆囊周围见渗出。",
            "胆囊壁水肿增厚，厚约{size}。",
        ),
        (
            "急性胆囊炎。",
            "胆囊炎。",
            "急性胆囊炎，请结合超声。",
            "胆囊炎表现。",
        ),
        size=(4, 9, 1),
        misdiagnosis=(
            ("Gallbladder carcinoma.", "胆囊癌。"),
        ),
    ),
    FindingSpec(
        "cholecystectomy", ("upper_abdomen",), "gallbladder",
        (
            "Status post cholecystectomy.",
            "The gallbladder is surgically absent.",
            "Cholecystectomy clips in the gallbladder fossa.",
            "Post cholecystectomy.",
        ),
        (),
        (
            "胆囊切除术后，胆囊未见显示。",
            "胆囊术后缺如，胆囊窝区见金属夹影。",
            "胆囊已切除。",
            "胆囊切除术后改变，胆囊窝未见积液。",
        ),
        (),
        significant=False, removes="gallbladder", trap="post_surgical",
    ),
    FindingSpec(
        "splenomegaly", ("upper_abdomen",), "spleen",
        (
            "The spleen is enlarged, measuring {size} in craniocaudal length.",
            "Splenomegaly, spleen length {size}.",
            "Enlarged spleen measuring {size} craniocaudally.",
            "Splenic enlargement ({size}).",
        ),
        (
            "Splenomegaly ({size}).",
            "Enlarged spleen.",
            "Splenomegaly, {size}.",
            "Mild splenomegaly.",
        ),
        (
            "脾脏增大，长径约{size}。",
            "脾脏体积增大，上下径约{size}。",
            "脾脏体积增大，下缘超过肝下缘，长约{size}。",
            "脾大，上下径约{size}。",
        ),
        (
            "脾大。",
            "脾脏增大。",
            "脾脏肿大（约{size}）。",
            "脾大，请结合临床。",
        ),
        size=(140, 190, 1),
    ),
    FindingSpec(
        "splenectomy", ("upper_abdomen",), "spleen",
        (
            "Splenectomy; small splenules in the left upper quadrant.",
            "The spleen has been removed.",
            "Status post splenectomy.",
            "Absent spleen (splenectomy).",
        ),
        (),
        (
            "脾切除术后，脾区见小结节样副脾。",
            "脾脏切除术后改变。",
            "脾切除术后，脾窝未见异常。",
            "脾脏术后缺如。",
        ),
        (),
        significant=False, removes="spleen", trap="post_surgical",
    ),
    FindingSpec(
        "pancreatitis", ("upper_abdomen",), "pancreas",
        (
            "Peripancreatic fat stranding and fluid around the pancreatic head and body.",
            "The pancreas is edematous with surrounding inflammatory stranding.",
            "Pancreatic enlargement with peripancreatic stranding and a small amount of fluid.",
            "Diffuse pancreatic edema and peripancreatic inflammatory change.",
        ),
        (
            "Acute interstitial edematous pancreatitis.",
            "Acute pancreatitis without necrosis.",
            "Acute pancreatitis.",
            "Findings consistent with acute edematous pancreatitis.",
        ),
        (
            "胰腺肿胀，周围脂肪间隙模糊，可见少量渗出。",
            "胰腺体积增大，胰周见渗出影。",
            "胰腺弥漫性肿大，胰周脂肪间隙模糊，见少许积液。",
            "胰腺边缘毛糙，周围可见渗出影。",
        ),
        (
            "急性胰腺炎。",
            "急性水肿型胰腺炎。",
            "胰腺炎。",
            "急性胰腺炎，请结合淀粉酶。",
        ),
    ),
    FindingSpec(
        "adrenal_nodule", ("upper_abdomen",), "adrenals",
        (
            "{Side} adrenal nodule measuring {size} with attenuation of {hu} HU, consistent with a lipid-rich adenoma.",
            "A {size} low-attenuation ({hu} HU) nodule in the {side} adrenal gland.",
            "{Side} adrenal nodule, {size}, attenuation {hu} HU.",
            "There is a {size} {side} adrenal nodule measuring {hu} HU.",
        ),
        (
            "{Side} adrenal adenoma ({size}).",
            "Benign {side} adrenal adenoma.",
            "{size} {side} adrenal adenoma; no follow-up required.",
            "{Side} adrenal nodule, likely adenoma.",
        ),
        (
            "{side}侧肾上腺见结节，大小约{size}，CT值约{hu}HU。",
            "{side}侧肾上腺结节，约{size}，CT值约{hu}HU。",
            "{side}侧肾上腺结节，大小约{size}，CT值{hu}HU。",
            "{side}侧肾上腺结节样增粗，约{size}，CT值约{hu}HU。",
        ),
        (
            "{side}侧肾上腺腺瘤可能。",
            "{side}侧肾上腺结节，考虑腺瘤。",
            "{side}侧肾上腺腺瘤。",
            "{side}肾上腺结节，腺瘤可能。",
        ),
        significant=False, size=(10, 30, 1), choices={"hu": (("-5", "-5"), ("4", "4"), ("8", "8"), ("2", "2"))},
    ),
    FindingSpec(
        "renal_stone", ("upper_abdomen",), "kidneys",
        (
            "A {size} nonobstructing calculus in the lower pole of the {side} kidney.",
            "{Side} renal calculus measuring {size} in the interpolar region.",
            "Nonobstructing {side} nephrolithiasis, largest stone {size}.",
            "Punctate {size} calculus in the {side} renal pelvis without hydronephrosis.",
        ),
        (
            "{Side} nephrolithiasis ({size}), nonobstructing.",
            "Nonobstructing {side} renal stone.",
            "{size} {side} renal calculus.",
            "Small {side} renal stone ({size}) without obstruction.",
        ),
        (
            "{side}肾下盏见结节状高密度影，大小约{size}。",
            "{side}肾内见点状致密影，约{size}。",
            "{side}肾盂内见结石影，大小约{size}，未见积水。",
            "{side}肾中盏见高密度结石，约{size}。",
        ),
        (
            "{side}肾结石。",
            "{side}肾小结石（约{size}）。",
            "{side}肾结石，未见梗阻。",
            "{side}肾结石（约{size}）。",
        ),
        size=(3, 14, 1),
        misdiagnosis=(
            ("{Side} ureteral calculus.", "{side}输尿管结石。"),
            ("{Side} renal cyst.", "{side}肾囊肿。"),
        ),
    ),
    # --- lower abdomen and pelvis --------------------------------------------------------------------
    FindingSpec(
        "ureteral_stone", ("lower_abdomen",), "ureters",
        (
            "A {size} calculus in the distal {side} ureter with {severity} upstream hydroureteronephrosis.",
            "Obstructing {size} stone at the {side} ureterovesical junction; {severity} hydronephrosis.",
            "{size} obstructing calculus in the {side} distal ureter; {severity} hydroureteronephrosis proximally.",
            "There is a {size} stone in the {side} ureter at the pelvic brim causing {severity} hydronephrosis.",
        ),
        (
            "Obstructing {size} distal {side} ureteral calculus with {severity} hydronephrosis.",
            "{Side} ureteral stone causing {severity} hydronephrosis.",
            "{size} {side} ureteral stone with {severity} hydroureteronephrosis.",
            "Obstructing {side} ureterolithiasis, {severity} hydronephrosis.",
        ),
        (
            "{side}侧输尿管下段见高密度结石影，约{size}，其上方输尿管及肾盂{severity}扩张积水。",
            "{side}输尿管膀胱入口处见结石，大小约{size}，上段输尿管{severity}扩张。",
            "{side}侧输尿管盆段见结石，约{size}，以上输尿管及肾盂{severity}扩张。",
            "{side}输尿管下段结石（约{size}）伴{severity}肾盂积水。",
        ),
        (
            "{side}侧输尿管下段结石伴{severity}肾积水。",
            "{side}输尿管结石，{severity}积水。",
            "{side}输尿管结石伴{severity}肾积水。",
            "{side}侧输尿管盆段结石，{severity}积水。",
        ),
        size=(3, 9, 1),
        hides=("kidneys",),
    ),
    # --- upper abdomen -------------------------------------------------------------------------------
    FindingSpec(
        "renal_cyst", ("upper_abdomen",), "kidneys",
        (
            "Bosniak I cyst in the {side} kidney, {size}.",
            "Simple cortical cyst of the {side} kidney measuring {size}.",
            "{size} simple cyst arising from the {side} kidney.",
            "A {size} fluid-attenuation cyst in the {side} kidney.",
        ),
        (
            "{Side} renal cyst, benign.",
            "Simple {side} renal cyst.",
            "Benign {side} renal cyst ({size}).",
            "{Side} Bosniak I cyst.",
        ),
        (
            "{side}肾见类圆形水样低密度影，直径约{size}。",
            "{side}肾皮质见囊性灶，约{size}，边界清。",
            "{side}肾见圆形低密度影，约{size}，CT值约10HU。",
            "{side}肾囊性病灶，约{size}。",
        ),
        (
            "{side}肾囊肿。",
            "{side}肾单纯囊肿。",
            "{side}肾囊肿（Bosniak I类）。",
            "{side}肾小囊肿。",
        ),
        significant=False, size=(8, 40, 1),
        misdiagnosis=(
            ("{Side} renal calculus.", "{side}肾结石。"),
        ),
    ),
    FindingSpec(
        "renal_mass", ("upper_abdomen",), "kidneys",
        (
            "A {size} heterogeneously enhancing solid mass arises from the {side} kidney upper pole.",
            "Solid enhancing {side} renal mass, {size}.",
            "There is a {size} enhancing solid lesion in the {side} kidney.",
            "{Side} renal mass measuring {size} with heterogeneous enhancement.",
        ),
        (
            "{size} enhancing {side} renal mass, suspicious for renal cell carcinoma.",
            "{Side} renal mass concerning for RCC.",
            "{Side} renal cell carcinoma likely ({size}).",
            "Solid {size} {side} renal mass; urology referral.",
        ),
        (
            "{side}肾上极见不均匀强化软组织肿块，大小约{size}。",
            "{side}肾见实性肿块，约{size}，增强后明显不均匀强化。",
            "{side}肾见类圆形肿块，约{size}，强化不均匀。",
            "{side}肾中极见软组织肿块，大小约{size}，明显强化。",
        ),
        (
            "{side}肾占位，考虑肾癌。",
            "{side}肾肿块，肾细胞癌可能。",
            "{side}肾癌可能（约{size}）。",
            "{side}肾实性占位，建议泌尿外科就诊。",
        ),
        size=(25, 70, 2), needs="contrast",
    ),
    FindingSpec(
        "nephrectomy", ("upper_abdomen",), "kidneys",
        (
            "Status post {side} nephrectomy; the {side} kidney is surgically absent. The {otherside} kidney is unremarkable.",
            "{Side} nephrectomy. No mass in the {side} renal fossa. The {otherside} kidney is normal.",
            "Postsurgical absence of the {side} kidney. The {otherside} kidney shows no abnormality.",
            "The {side} kidney has been removed; the {otherside} kidney is normal.",
        ),
        (
            "Status post {side} nephrectomy without evidence of local recurrence.",
            "{Side} nephrectomy, no recurrence.",
            "Prior {side} nephrectomy; no recurrence.",
            "{Side} nephrectomy bed clear.",
        ),
        (
            "{side}肾切除术后，{side}肾区未见肾脏结构，{otherside}肾未见异常。",
            "{side}肾缺如（术后），{otherside}肾形态、密度正常。",
            "{side}肾切除术后，术区未见肿块，{otherside}肾未见明显异常。",
            "{side}肾区空虚（术后），{otherside}肾代偿性增大。",
        ),
        (
            "{side}肾切除术后改变。",
            "{side}肾术后，未见复发征象。",
            "{side}肾切除术后，术区未见复发。",
            "{side}肾切除术后。",
        ),
        removes="kidneys", trap="post_surgical",
    ),
    # --- lower abdomen and pelvis --------------------------------------------------------------------
    FindingSpec(
        "appendicitis", ("lower_abdomen",), "appendix",
        (
            "The appendix is dilated to {size} with periappendiceal fat stranding.",
            "Fluid-filled appendix measuring {size} in diameter with an appendicolith and surrounding inflammation.",
            "Dilated appendix ({size}) with wall thickening and periappendiceal stranding.",
            "The appendix measures {size} in diameter with surrounding inflammation.",
        ),
        (
            "Acute appendicitis.",
            "Acute appendicitis without perforation.",
            "Acute appendicitis; no abscess.",
            "Findings of acute appendicitis.",
        ),
        (
            "阑尾增粗，直径约{size}，周围脂肪间隙模糊。",
            "阑尾管径增宽约{size}，腔内见粪石，周围渗出。",
            "阑尾肿胀增粗，直径约{size}，周围脂肪密度增高。",
            "阑尾增粗约{size}，周围见渗出。",
        ),
        (
            "急性阑尾炎。",
            "急性阑尾炎，阑尾粪石。",
            "阑尾炎。",
            "急性阑尾炎，未见穿孔征象。",
        ),
        size=(9, 15, 1),
        misdiagnosis=(
            ("Normal appendix; no acute process.", "阑尾未见异常。"),
            ("Acute diverticulitis.", "憩室炎。"),
        ),
    ),
    FindingSpec(
        "diverticulitis", ("lower_abdomen",), "bowel",
        (
            "Sigmoid diverticulosis with focal wall thickening and pericolic fat stranding.",
            "Inflamed diverticulum of the sigmoid colon with adjacent stranding; no abscess.",
            "Focal sigmoid wall thickening with adjacent diverticula and pericolic stranding.",
            "Sigmoid diverticula with inflammatory stranding of the surrounding fat.",
        ),
        (
            "Acute uncomplicated sigmoid diverticulitis.",
            "Sigmoid diverticulitis.",
            "Uncomplicated acute sigmoid diverticulitis.",
            "Sigmoid diverticulitis without abscess or perforation.",
        ),
        (
            "乙状结肠多发憩室，局部肠壁增厚，周围脂肪间隙模糊。",
            "乙状结肠憩室伴周围炎性渗出。",
            "乙状结肠壁节段性增厚，可见多发憩室，周围脂肪间隙模糊。",
            "乙状结肠憩室，周围见索条状渗出。",
        ),
        (
            "乙状结肠憩室炎。",
            "乙状结肠憩室炎，未见脓肿。",
            "乙状结肠憩室伴炎症。",
            "憩室炎（乙状结肠）。",
        ),
        misdiagnosis=(
            ("Acute appendicitis.", "急性阑尾炎。"),
            ("Sigmoid colon carcinoma.", "乙状结肠癌。"),
        ),
    ),
    FindingSpec(
        "bowel_obstruction", ("lower_abdomen",), "bowel",
        (
            "Dilated small bowel loops up to {size} with a transition point in the {side} lower quadrant.",
            "Small bowel dilatation to {size}, air-fluid levels and a transition in the {side} lower quadrant.",
            "Small bowel loops are dilated to {size} with a transition point in the {side} lower quadrant.",
            "Dilated fluid-filled small bowel ({size}) with decompressed distal loops; transition in the {side} lower quadrant.",
        ),
        (
            "Small bowel obstruction with a transition point in the {side} lower quadrant.",
            "Small bowel obstruction.",
            "Small bowel obstruction, transition in the {side} lower quadrant.",
            "Mechanical small bowel obstruction.",
        ),
        (
            "小肠肠管扩张积液，最宽约{size}，可见气液平面，{side}下腹部见移行带。",
            "小肠扩张，宽约{size}，{side}下腹部见鸟嘴样移行。",
            "小肠肠腔扩张，最宽约{size}，{side}下腹部见移行区，远端肠管空虚。",
            "中下腹小肠扩张积液，宽约{size}，见多发气液平。",
        ),
        (
            "小肠梗阻。",
            "小肠机械性梗阻。",
            "小肠梗阻，移行区位于{side}下腹部。",
            "肠梗阻。",
        ),
        size=(30, 45, 1),
    ),
    FindingSpec(
        "aaa", ("lower_abdomen", "aorta",), "abdominal_aorta",
        (
            "Infrarenal abdominal aortic aneurysm with maximal diameter of {size} and mural thrombus.",
            "Fusiform aneurysm of the infrarenal aorta measuring {size}.",
            "The infrarenal aorta is aneurysmal, measuring {size} in maximal diameter.",
            "Infrarenal AAA, {size}, with eccentric mural thrombus.",
        ),
        (
            "{size} infrarenal abdominal aortic aneurysm.",
            "Infrarenal AAA, {size}; vascular surgery referral.",
            "Abdominal aortic aneurysm, {size}.",
            "{size} AAA; refer to vascular surgery.",
        ),
        (
            "肾下腹主动脉瘤样扩张，最大直径约{size}，伴附壁血栓。",
            "腹主动脉肾下段梭形扩张，最大径约{size}。",
            "腹主动脉下段局限性扩张，最大径约{size}。",
            "肾动脉水平以下腹主动脉瘤，最大径约{size}，腔内见附壁血栓。",
        ),
        (
            "腹主动脉瘤（最大径约{size}）。",
            "肾下腹主动脉瘤。",
            "腹主动脉瘤伴附壁血栓。",
            "肾下腹主动脉瘤，约{size}。",
        ),
        size=(32, 65, 1),
        misdiagnosis=(
            ("Aortic dissection.", "主动脉夹层。"),
            ("Normal-calibre abdominal aorta.", "腹主动脉未见扩张。"),
        ),
    ),
    FindingSpec(
        "retroperitoneal_nodes", ("lower_abdomen",), "abdominal_nodes",
        (
            "Enlarged retroperitoneal lymph nodes, the largest para-aortic node measuring {size} in short axis.",
            "Retroperitoneal lymphadenopathy; largest node {size}.",
            "Multiple enlarged para-aortic lymph nodes, the largest {size} in short axis.",
            "Retroperitoneal nodes up to {size}.",
        ),
        (
            "Retroperitoneal lymphadenopathy.",
            "Enlarged retroperitoneal nodes (up to {size}).",
            "Para-aortic lymphadenopathy (up to {size}).",
            "Retroperitoneal adenopathy.",
        ),
        (
            "腹膜后见多发肿大淋巴结，较大者短径约{size}。",
            "腹主动脉旁见肿大淋巴结，短径约{size}。",
            "腹主动脉旁多发增大淋巴结，最大短径约{size}。",
            "腹膜后淋巴结增多、增大，较大者约{size}。",
        ),
        (
            "腹膜后淋巴结肿大。",
            "腹膜后多发淋巴结增大。",
            "腹膜后多发淋巴结肿大。",
            "腹主动脉旁淋巴结肿大（约{size}）。",
        ),
        size=(12, 30, 1),
    ),
    FindingSpec(
        "ascites", ("lower_abdomen",), "free_fluid",
        (
            "{Amount} volume ascites.",
            "There is {amount} ascites throughout the abdomen and pelvis.",
            "{Amount} ascites in the abdomen and pelvis.",
            "There is {amount} free fluid.",
        ),
        (
            "{Amount} ascites.",
            "Ascites ({amount}).",
            "{Amount} volume ascites.",
            "{Amount} free fluid.",
        ),
        (
            "腹腔内见{amount}积液。",
            "腹盆腔可见{amount}液性密度影。",
            "肝周、脾周及盆腔见{amount}积液。",
            "腹腔{amount}积液。",
        ),
        (
            "腹腔{amount}积液。",
            "腹水（{amount}）。",
            "{amount}腹水。",
            "腹盆腔{amount}积液。",
        ),
    ),
    FindingSpec(
        "inguinal_hernia", ("pelvis",), "abdominal_wall",
        (
            "A fat-containing {side} inguinal hernia.",
            "{Side} inguinal hernia containing only fat.",
            "{Side} inguinal hernia containing fat.",
            "There is a small {side} fat-containing inguinal hernia.",
        ),
        (
            "{Side} inguinal hernia containing fat only.",
            "Fat-containing {side} inguinal hernia.",
            "Small {side} inguinal hernia.",
            "{Side} fat-containing inguinal hernia.",
        ),
        (
            "{side}侧腹股沟区见疝囊，内含脂肪。",
            "{side}侧腹股沟疝，疝内容物为脂肪。",
            "{side}侧腹股沟管内见脂肪密度疝入。",
            "{side}侧腹股沟疝，内容物为网膜脂肪。",
        ),
        (
            "{side}侧腹股沟疝。",
            "{side}腹股沟斜疝。",
            "{side}侧腹股沟疝（含脂肪）。",
            "{side}腹股沟疝。",
        ),
        significant=False,
    ),
    FindingSpec(
        "fibroid", ("pelvis",), "uterus",
        (
            "An enlarged uterus with a {size} intramural fibroid.",
            "Lobulated uterus with a {size} calcified leiomyoma.",
            "The uterus contains a {size} fibroid.",
            "A {size} uterine leiomyoma is present.",
        ),
        (
            "Uterine fibroid ({size}).",
            "Fibroid uterus.",
            "Uterine leiomyoma, {size}.",
            "Fibroid uterus ({size}).",
        ),
        (
            "子宫增大，肌层内见类圆形等密度结节，大小约{size}。",
            "子宫体积增大，见肌瘤样结节，约{size}。",
            "子宫体积增大，见等密度肌瘤结节，约{size}。",
            "子宫肌层见结节，约{size}，内见钙化。",
        ),
        (
            "子宫肌瘤。",
            "子宫肌瘤（约{size}）。",
            "子宫肌瘤可能。",
            "子宫肌瘤伴钙化。",
        ),
        significant=False, size=(20, 60, 1), sex="F",
    ),
    FindingSpec(
        "ovarian_cyst", ("pelvis",), "uterus",
        (
            "A {size} simple-appearing {side} ovarian cyst.",
            "{Side} adnexal cystic lesion measuring {size}.",
            "There is a {size} cystic lesion in the {side} adnexa.",
            "{Side} ovary contains a {size} thin-walled cyst.",
        ),
        (
            "{Side} ovarian cyst; pelvic ultrasound recommended.",
            "{size} {side} adnexal cyst.",
            "{size} {side} ovarian cyst; follow-up ultrasound.",
            "{Side} adnexal cyst.",
        ),
        (
            "{side}侧附件区见囊性低密度影，大小约{size}。",
            "{side}卵巢见囊性灶，约{size}，壁薄。",
            "{side}侧附件区见薄壁囊性灶，大小约{size}。",
            "{side}卵巢区囊性低密度影，约{size}。",
        ),
        (
            "{side}侧附件区囊性灶，建议超声检查。",
            "{side}卵巢囊肿。",
            "{side}侧卵巢囊肿，建议超声随访。",
            "{side}附件区囊肿。",
        ),
        size=(25, 60, 1), sex="F",
        misdiagnosis=(
            ("{Side} ovarian solid mass.", "{side}侧卵巢实性肿块。"),
        ),
    ),
    FindingSpec(
        "hysterectomy", ("pelvis",), "uterus",
        (
            "Status post hysterectomy. No adnexal mass.",
            "The uterus is surgically absent; the vaginal cuff is unremarkable.",
            "Status post hysterectomy.",
            "Post hysterectomy; no pelvic mass.",
        ),
        (),
        (
            "子宫切除术后，盆腔未见子宫结构，双侧附件区未见肿块。",
            "子宫缺如（术后），阴道残端未见异常。",
            "子宫已切除，盆腔未见肿块。",
            "子宫切除术后改变。",
        ),
        (),
        significant=False, sex="F", removes="uterus", trap="post_surgical",
    ),
    FindingSpec(
        "prostatomegaly", ("pelvis",), "prostate",
        (
            "The prostate is enlarged, measuring {size} transversely.",
            "Enlarged prostate ({size}) indenting the bladder base.",
            "Prostatic enlargement, {size} in transverse dimension.",
            "The prostate measures {size} transversely and is enlarged.",
        ),
        (
            "Prostatomegaly.",
            "Enlarged prostate.",
            "Benign prostatic enlargement.",
            "Prostatomegaly ({size}).",
        ),
        (
            "前列腺增大，横径约{size}，其内见钙化灶。",
            "前列腺体积增大，约{size}，突入膀胱底部。",
            "前列腺增大，约{size}。",
            "前列腺体积增大，横径约{size}，密度不均。",
        ),
        (
            "前列腺增生伴钙化。",
            "前列腺增生。",
            "前列腺增大。",
            "前列腺增生（约{size}）。",
        ),
        significant=False, size=(50, 70, 1), sex="M",
    ),
    FindingSpec(
        "prostatectomy", ("pelvis",), "prostate",
        (
            "Status post prostatectomy with surgical clips in the prostatectomy bed.",
            "The prostate has been resected.",
            "Prostatectomy; no mass in the surgical bed.",
            "Status post radical prostatectomy.",
        ),
        (),
        (
            "前列腺切除术后改变，术区见金属夹影。",
            "前列腺术后缺如。",
            "前列腺切除术后，术区未见肿块。",
            "前列腺已切除。",
        ),
        (),
        significant=False, sex="M", removes="prostate", trap="post_surgical",
    ),
    FindingSpec(
        "bladder_thickening", ("pelvis",), "bladder",
        (
            "Diffuse bladder wall thickening and trabeculation.",
            "The urinary bladder wall is thickened and trabeculated.",
            "Bladder wall thickening with trabeculation.",
            "The bladder is trabeculated with diffuse wall thickening.",
        ),
        (
            "Trabeculated bladder, likely chronic outlet obstruction.",
            "Bladder wall thickening; correlate with urinalysis.",
            "Bladder wall thickening.",
            "Thick-walled, trabeculated bladder.",
        ),
        (
            "膀胱壁弥漫性增厚、毛糙。",
            "膀胱充盈可，壁不均匀增厚。",
            "膀胱壁增厚，内壁毛糙。",
            "膀胱壁弥漫增厚，见小梁形成。",
        ),
        (
            "膀胱壁增厚，请结合临床。",
            "膀胱炎可能。",
            "膀胱壁增厚。",
            "膀胱壁增厚，建议膀胱镜检查。",
        ),
    ),
    # --- head ----------------------------------------------------------------------------------------
    FindingSpec(
        "ich", ("head",), "brain",
        (
            "Acute intraparenchymal hemorrhage in the {side} basal ganglia measuring {size}, with surrounding edema.",
            "A {size} hyperdense hematoma centred in the {side} basal ganglia.",
            "There is an acute {size} hemorrhage in the {side} basal ganglia with surrounding edema.",
            "{Side} basal ganglia hematoma, {size}, with mild mass effect.",
        ),
        (
            "Acute {side} basal ganglia hemorrhage, {size}.",
            "{Side} basal ganglia intraparenchymal hematoma.",
            "{Side} basal ganglia hemorrhage ({size}).",
            "Acute intracerebral hemorrhage, {side} basal ganglia, {size}.",
        ),
        (
            "{side}侧基底节区见团片状高密度影，大小约{size}，周围见低密度水肿带。",
            "{side}基底节区见血肿，约{size}，CT值约65HU。",
            "{side}侧基底节区见高密度出血灶，约{size}，周围低密度水肿。",
            "{side}侧豆状核区见团状高密度影，大小约{size}。",
        ),
        (
            "{side}侧基底节区脑出血。",
            "{side}基底节区血肿（约{size}）。",
            "{side}侧基底节区急性脑出血（约{size}）。",
            "{side}侧基底节区出血。",
        ),
        size=(15, 45, 2),
        misdiagnosis=(
            ("{Side} basal ganglia infarct.", "{side}侧基底节区脑梗死。"),
            ("{Side} basal ganglia calcification.", "{side}侧基底节区钙化。"),
        ),
        hides=("white_matter",),
    ),
    FindingSpec(
        "subdural", ("head",), "extra_axial",
        (
            "A {size} thick acute {side} convexity subdural hematoma without significant midline shift.",
            "Crescentic hyperdense {side} subdural collection measuring {size} in maximal thickness.",
            "{Side} holohemispheric subdural hematoma, {size} thick.",
            "Acute subdural blood over the {side} convexity, maximal thickness {size}.",
        ),
        (
            "Acute {side} subdural hematoma measuring {size}.",
            "{Side} acute subdural hematoma.",
            "{Side} subdural hematoma, {size}.",
            "Acute {side} convexity subdural hematoma ({size}).",
        ),
        (
            "{side}侧额颞顶部颅板下见新月形高密度影，最厚处约{size}。",
            "{side}侧颅板下见弧形高密度影，厚约{size}。",
            "{side}侧额顶部颅板下新月形高密度影，厚约{size}。",
            "{side}侧大脑凸面硬膜下血肿，最厚约{size}。",
        ),
        (
            "{side}侧额颞顶部急性硬膜下血肿。",
            "{side}侧硬膜下血肿。",
            "{side}侧硬膜下血肿（厚约{size}）。",
            "{side}侧急性硬膜下血肿。",
        ),
        size=(4, 15, 1),
        misdiagnosis=(
            ("{Side} epidural hematoma.", "{side}侧硬膜外血肿。"),
            ("{Side} subarachnoid hemorrhage.", "{side}侧蛛网膜下腔出血。"),
        ),
        hides=("brain",),
    ),
    FindingSpec(
        "infarct", ("head",), "brain",
        (
            "Hypodensity in the {side} MCA territory with loss of grey-white differentiation, consistent with an evolving infarct.",
            "Wedge-shaped hypoattenuation of the {side} frontal and temporal lobes with sulcal effacement.",
            "Loss of grey-white matter differentiation in the {side} MCA territory.",
            "Hypoattenuation involving the {side} insula and frontal operculum.",
        ),
        (
            "Acute to subacute {side} MCA territory infarct.",
            "Evolving {side} middle cerebral artery infarct.",
            "{Side} MCA territory infarct.",
            "Acute {side} MCA infarct.",
        ),
        (
            "{side}侧额颞叶见大片状低密度影，灰白质分界不清。",
            "{side}侧大脑中动脉供血区见片状低密度影，脑沟变浅。",
            "{side}侧额颞岛叶见片状低密度影，边界模糊。",
            "{side}侧颞叶及基底节区低密度灶，灰白质界限不清。",
        ),
        (
            "{side}侧大脑中动脉供血区脑梗死。",
            "{side}侧额颞叶急性脑梗死。",
            "{side}侧大脑中动脉区急性梗死。",
            "{side}侧额颞叶脑梗死。",
        ),
        misdiagnosis=(
            ("{Side} MCA territory hemorrhage.", "{side}侧大脑中动脉供血区脑出血。"),
        ),
        hides=("white_matter",),
    ),
    FindingSpec(
        "lacunes", ("head",), "white_matter",
        (
            "Small chronic lacunar infarcts in the bilateral basal ganglia.",
            "Periventricular white matter hypodensities, both hemispheres, likely chronic small vessel disease.",
            "Old lacunar infarcts in both basal ganglia.",
            "Scattered bilateral periventricular white matter hypodensities.",
        ),
        (
            "Chronic small vessel ischemic changes.",
            "Chronic microangiopathy.",
            "Small vessel ischemic disease.",
            "Chronic lacunar infarcts.",
        ),
        (
            "双侧基底节区见多发小斑点状低密度影。",
            "双侧侧脑室旁白质密度减低。",
            "双侧基底节区及侧脑室旁见多发腔隙性低密度灶。",
            "两侧放射冠区见小片状低密度影。",
        ),
        (
            "双侧基底节区腔隙性脑梗死。",
            "脑白质变性。",
            "多发腔隙性脑梗死。",
            "双侧放射冠区缺血灶。",
        ),
        significant=False, trap="bilateral",
        hides=("brain",),
    ),
    FindingSpec(
        "ring_enhancing", ("head",), "brain",
        (
            "A {size} ring-enhancing lesion in the {side} parietal lobe with surrounding vasogenic edema.",
            "{Side} parietal rim-enhancing lesion measuring {size}.",
            "{Side} parietal lesion measuring {size} with peripheral ring enhancement and surrounding edema.",
            "There is a {size} rim-enhancing lesion in the {side} parietal lobe.",
        ),
        (
            "{Side} parietal ring-enhancing lesion; differential includes metastasis and abscess.",
            "{size} ring-enhancing {side} parietal lesion.",
            "Ring-enhancing {side} parietal lesion ({size}).",
            "{Side} parietal enhancing lesion, likely metastasis.",
        ),
        (
            "{side}侧顶叶见环形强化灶，大小约{size}，周围见大片水肿。",
            "{side}顶叶见环状强化结节，约{size}。",
            "{side}侧顶叶见类圆形病灶，约{size}，增强扫描呈环形强化。",
            "{side}顶叶环形强化结节，大小约{size}，周围水肿明显。",
        ),
        (
            "{side}顶叶环形强化病灶，转移瘤与脓肿鉴别。",
            "{side}侧顶叶占位，转移瘤可能。",
            "{side}侧顶叶环形强化灶，建议MRI检查。",
            "{side}顶叶占位性病变（约{size}）。",
        ),
        size=(12, 35, 1), needs="contrast",
        hides=("white_matter",),
    ),
    FindingSpec(
        "skull_fracture", ("head",), "skull",
        (
            "Nondisplaced fracture of the {side} temporal bone.",
            "Linear fracture through the {side} parietal bone.",
            "There is a nondisplaced {side} temporal bone fracture.",
            "Fracture line through the {side} temporal squama.",
        ),
        (
            "{Side} temporal bone fracture.",
            "Nondisplaced {side} skull fracture.",
            "{Side} temporal fracture, nondisplaced.",
            "Nondisplaced fracture of the {side} temporal bone.",
        ),
        (
            "{side}侧颞骨骨质连续性中断。",
            "{side}顶骨见线样骨折线。",
            "{side}侧颞骨见线状透亮影。",
            "{side}颞骨鳞部骨折，断端无明显移位。",
        ),
        (
            "{side}侧颞骨骨折。",
            "{side}顶骨线样骨折。",
            "{side}颞骨骨折。",
            "{side}侧颞骨线形骨折。",
        ),
    ),
    FindingSpec(
        "sinus_disease", ("head",), "sinuses",
        (
            "Mucosal thickening of the {side} maxillary sinus.",
            "Air-fluid level in the {side} maxillary sinus.",
            "{Side} maxillary sinus mucosal thickening.",
            "Mucosal disease in the {side} maxillary sinus.",
        ),
        (
            "{Side} maxillary sinusitis.",
            "{Side} maxillary sinus disease.",
            "{Side} maxillary sinus mucosal disease.",
            "Sinusitis, {side} maxillary.",
        ),
        (
            "{side}侧上颌窦黏膜增厚。",
            "{side}上颌窦内见气液平面。",
            "{side}上颌窦内见软组织密度影。",
            "{side}侧上颌窦黏膜肥厚。",
        ),
        (
            "{side}上颌窦炎。",
            "{side}侧上颌窦炎症。",
            "{side}侧上颌窦炎。",
            "{side}上颌窦黏膜增厚。",
        ),
        significant=False,
    ),
    # --- neck ----------------------------------------------------------------------------------------
    FindingSpec(
        "thyroid_nodule", ("neck",), "thyroid",
        (
            "A {size} hypodense nodule in the {side} thyroid lobe.",
            "{Side} thyroid lobe nodule measuring {size}.",
            "There is a {size} nodule in the {side} lobe of the thyroid.",
            "{size} hypoattenuating {side} thyroid nodule.",
        ),
        (
            "{size} {side} thyroid nodule; thyroid ultrasound recommended.",
            "{Side} thyroid nodule.",
            "{Side} thyroid nodule ({size}); ultrasound advised.",
            "{size} {side} thyroid lobe nodule.",
        ),
        (
            "甲状腺{side}叶见低密度结节，大小约{size}。",
            "甲状腺{side}侧叶见结节，约{size}。",
            "甲状腺{side}侧叶见类圆形低密度影，约{size}。",
            "甲状腺{side}叶低密度结节，直径约{size}，边界清。",
        ),
        (
            "甲状腺{side}叶结节，建议超声检查。",
            "甲状腺{side}叶结节。",
            "甲状腺{side}叶结节（约{size}）。",
            "甲状腺{side}侧叶结节，建议超声检查。",
        ),
        size=(10, 35, 1),
        misdiagnosis=(
            ("{Side} parotid nodule.", "{side}侧腮腺结节。"),
        ),
    ),
    FindingSpec(
        "neck_nodes", ("neck",), "neck_nodes",
        (
            "Enlarged {side} level II lymph node measuring {size} with central necrosis.",
            "Necrotic {side} level II node, {size}.",
            "{Side} level II lymphadenopathy, {size}, with central necrosis.",
            "There is a necrotic {size} {side} level II lymph node.",
        ),
        (
            "Necrotic {side} level II lymphadenopathy, suspicious for metastatic disease.",
            "{Side} cervical lymphadenopathy.",
            "{Side} level II necrotic node, suspicious for metastasis.",
            "Necrotic {side} cervical lymph node ({size}).",
        ),
        (
            "{side}侧颈部II区见肿大淋巴结，大小约{size}，中央见坏死。",
            "{side}颈II区淋巴结肿大，约{size}，内见低密度坏死。",
            "{side}颈部II区淋巴结肿大，约{size}，内见坏死。",
            "{side}侧颈深上组见坏死性淋巴结，大小约{size}。",
        ),
        (
            "{side}颈部II区淋巴结肿大伴坏死，转移可能。",
            "{side}侧颈部淋巴结肿大。",
            "{side}颈II区淋巴结转移可能。",
            "{side}侧颈部坏死性淋巴结（约{size}）。",
        ),
        size=(12, 30, 1),
    ),
    FindingSpec(
        "peritonsillar_abscess", ("neck",), "pharynx",
        (
            "Rim-enhancing fluid collection in the {side} peritonsillar space measuring {size}.",
            "{Side} peritonsillar abscess, {size}, with rim enhancement.",
            "{size} rim-enhancing collection in the {side} peritonsillar region.",
            "There is a {side} peritonsillar abscess measuring {size}.",
        ),
        (
            "{Side} peritonsillar abscess.",
            "{size} {side} peritonsillar abscess.",
            "{Side} peritonsillar abscess, {size}.",
            "Abscess in the {side} peritonsillar space.",
        ),
        (
            "{side}侧扁桃体周围间隙见环形强化液性密度影，约{size}。",
            "{side}扁桃体周围见脓腔，约{size}，壁强化。",
            "{side}侧扁桃体周围见液性低密度灶，约{size}，边缘环形强化。",
            "{side}侧扁桃体周围间隙脓肿，约{size}。",
        ),
        (
            "{side}侧扁桃体周围脓肿。",
            "{side}扁桃体周脓肿。",
            "{side}侧扁桃体周围脓肿（约{size}）。",
            "{side}扁周脓肿。",
        ),
        size=(12, 30, 1), needs="contrast",
    ),
    FindingSpec(
        "thyroidectomy", ("neck",), "thyroid",
        (
            "Status post total thyroidectomy; no soft tissue in the thyroid bed.",
            "The thyroid gland has been resected.",
            "Thyroidectomy; empty thyroid bed.",
            "Post total thyroidectomy.",
        ),
        (),
        (
            "甲状腺切除术后，甲状腺区未见腺体结构。",
            "甲状腺术后缺如。",
            "甲状腺已切除，术区未见异常。",
            "甲状腺切除术后改变。",
        ),
        (),
        significant=False, removes="thyroid", trap="post_surgical",
    ),
    # --- spine ---------------------------------------------------------------------------------------
    FindingSpec(
        "cspine_fracture", ("spine_cervical",), "cspine",
        (
            "Acute nondisplaced fracture of the {side} {level} lamina.",
            "Fracture line through the {side} lamina of {level}.",
            "There is a nondisplaced fracture of the {side} {level} lamina.",
            "{level} {side} laminar fracture without malalignment.",
        ),
        (
            "Acute {side} {level} laminar fracture.",
            "{Side} {level} lamina fracture; no malalignment.",
            "{level} {side} lamina fracture.",
            "Nondisplaced {side} {level} laminar fracture.",
        ),
        (
            "{level}椎体{side}侧椎板骨质断裂。",
            "{level}{side}侧椎板见透亮骨折线。",
            "{level}椎{side}侧椎板骨折，断端无移位。",
            "{level}{side}侧椎板见骨折线影。",
        ),
        (
            "{level}{side}侧椎板骨折。",
            "{level}椎板骨折（{side}侧）。",
            "{level}椎{side}侧椎板骨折。",
            "{level}{side}侧椎板骨折，对位可。",
        ),
        choices={"level": (("C5", "C5"), ("C6", "C6"), ("C4", "C4"))},
    ),
    FindingSpec(
        "cspine_spondylosis", ("spine_cervical",), "cspine_discs",
        (
            "Multilevel degenerative disc disease, worst at C5-C6 with {severity} neural foraminal narrowing.",
            "Disc osteophyte complexes at C5-C6 and C6-C7 with {severity} foraminal stenosis.",
            "Multilevel cervical spondylosis with {severity} foraminal narrowing at C5-C6.",
            "Degenerative disc disease at C5-C6 and C6-C7; {severity} neural foraminal stenosis.",
        ),
        (
            "Multilevel cervical spondylosis.",
            "Cervical spondylosis, {severity} foraminal narrowing.",
            "Degenerative cervical spine disease.",
            "Cervical spondylosis with {severity} foraminal stenosis.",
        ),
        (
            "颈椎退行性变，C5/6椎间隙变窄，{severity}椎间孔狭窄。",
            "颈椎骨质增生，C5/6、C6/7{severity}椎间孔变窄。",
            "颈椎骨质增生，C5/6椎间隙狭窄，{severity}椎间孔狭窄。",
            "颈椎退变，C5/6、C6/7椎体缘骨赘形成，{severity}椎间孔变窄。",
        ),
        (
            "颈椎退行性变。",
            "颈椎病，{severity}椎间孔狭窄。",
            "颈椎骨质增生。",
            "颈椎退行性变，{severity}椎间孔狭窄。",
        ),
        significant=False,
    ),
    FindingSpec(
        "disc_protrusion", ("spine_lumbar",), "lspine_discs",
        (
            "At {level}, a {side} paracentral disc protrusion extends {size} posteriorly and narrows the {side} lateral recess.",
            "{level}: {side} paracentral protrusion ({size}) contacting the traversing nerve root.",
            "{level} disc protrusion, {side} paracentral, {size}, narrowing the {side} lateral recess.",
            "There is a {size} {side} paracentral disc protrusion at {level}.",
        ),
        (
            "{level} {side} paracentral disc protrusion.",
            "{Side} paracentral {level} disc protrusion with lateral recess narrowing.",
            "{level} disc protrusion ({side} paracentral).",
            "{level}: {side} paracentral protrusion, {size}.",
        ),
        (
            "{level}椎间盘向{side}后方突出约{size}，{side}侧隐窝变窄。",
            "{level}椎间盘{side}后突出，约{size}，压迫硬膜囊。",
            "{level}椎间盘向{side}后方突出，约{size}，硬膜囊受压。",
            "{level}椎间盘{side}后方局限性突出约{size}。",
        ),
        (
            "{level}椎间盘突出（{side}后型）。",
            "{level}椎间盘{side}后突出。",
            "{level}椎间盘{side}后突出（约{size}）。",
            "{level}椎间盘突出，{side}侧隐窝狭窄。",
        ),
        size=(3, 8, 1), choices={"level": LUMBAR},
        misdiagnosis=(
            ("{level} disc extrusion with severe canal stenosis.", "{level}椎间盘脱出伴重度椎管狭窄。"),
        ),
    ),
    FindingSpec(
        "compression_fracture", ("spine_lumbar",), "lspine",
        (
            "Acute compression fracture of {vert} with approximately {loss} loss of anterior vertebral body height.",
            "{vert} superior endplate fracture, about {loss} height loss, no retropulsion.",
            "{vert} compression fracture with about {loss} anterior height loss.",
            "There is an acute {vert} wedge compression fracture ({loss} height loss).",
        ),
        (
            "Acute {vert} compression fracture.",
            "{vert} compression fracture ({loss} height loss).",
            "{vert} compression fracture, {loss} height loss.",
            "Acute {vert} wedge compression fracture.",
        ),
        (
            "{vert}椎体楔形变，前缘高度丢失约{loss}。",
            "{vert}椎体上终板骨折，椎体压缩约{loss}。",
            "{vert}椎体楔形压缩变扁，前缘高度减少约{loss}。",
            "{vert}椎体压缩性骨折，压缩约{loss}。",
        ),
        (
            "{vert}椎体压缩性骨折。",
            "{vert}椎体压缩骨折。",
            "{vert}椎体压缩骨折（约{loss}）。",
            "{vert}椎体楔形变。",
        ),
        choices={"vert": (("L1", "L1"), ("L2", "L2"), ("T12", "T12")), "loss": (("25%", "25%"), ("40%", "40%"), ("30%", "30%"))},
        misdiagnosis=(
            ("{vert} burst fracture with retropulsion.", "{vert}椎体爆裂骨折伴骨块后突。"),
            ("Chronic {vert} compression deformity.", "{vert}椎体陈旧性压缩变形。"),
        ),
    ),
    FindingSpec(
        "spondylolisthesis", ("spine_lumbar",), "lspine",
        (
            "Grade 1 anterolisthesis of L4 on L5 with bilateral pars defects.",
            "Bilateral L5 spondylolysis with grade 1 anterolisthesis.",
            "Grade I anterolisthesis of L4 on L5; bilateral pars interarticularis defects.",
            "L4-L5 grade 1 spondylolisthesis with bilateral spondylolysis.",
        ),
        (
            "Grade 1 L4-L5 spondylolisthesis with bilateral spondylolysis.",
            "Grade 1 spondylolisthesis.",
            "L4 on L5 grade 1 spondylolisthesis.",
            "Bilateral L4 pars defects with grade 1 anterolisthesis.",
        ),
        (
            "L4椎体向前I度滑脱，双侧椎弓峡部不连。",
            "L5双侧峡部裂，椎体I度前滑脱。",
            "L4椎体I度前滑脱，两侧峡部骨质不连。",
            "腰4椎体前移I度，双侧峡部裂。",
        ),
        (
            "L4椎体I度滑脱伴双侧峡部裂。",
            "腰椎I度滑脱。",
            "L4椎体滑脱（I度）。",
            "腰椎峡部裂并滑脱。",
        ),
        trap="bilateral",
    ),
    # --- vessels -------------------------------------------------------------------------------------
    FindingSpec(
        "carotid_stenosis", ("head_neck_vessels",), "carotids",
        (
            "Mixed plaque at the {side} ICA origin causing approximately {pct} luminal stenosis.",
            "Calcified and soft plaque narrows the proximal {side} internal carotid artery by about {pct}.",
            "{Side} ICA origin plaque with approximately {pct} stenosis.",
            "There is approximately {pct} narrowing of the proximal {side} internal carotid artery by mixed plaque.",
        ),
        (
            "{pct} stenosis of the proximal {side} internal carotid artery.",
            "{Side} ICA origin stenosis, approximately {pct}.",
            "Approximately {pct} {side} ICA stenosis.",
            "{pct} stenosis at the {side} carotid bifurcation.",
        ),
        (
            "{side}侧颈内动脉起始部见混合斑块，管腔狭窄约{pct}。",
            "{side}颈内动脉近段斑块形成，管腔狭窄约{pct}。",
            "{side}侧颈内动脉起始处斑块，管腔狭窄约{pct}。",
            "{side}颈动脉分叉处混合斑块，颈内动脉狭窄约{pct}。",
        ),
        (
            "{side}颈内动脉起始部狭窄（约{pct}）。",
            "{side}侧颈内动脉近段中度狭窄。",
            "{side}侧颈内动脉狭窄约{pct}。",
            "{side}颈内动脉起始段狭窄（约{pct}）。",
        ),
        choices={"pct": PERCENT}, needs="cta",
        misdiagnosis=(
            ("Occlusion of the {side} internal carotid artery.", "{side}侧颈内动脉闭塞。"),
        ),
    ),
    FindingSpec(
        "intracranial_aneurysm", ("head_neck_vessels",), "circle_of_willis",
        (
            "A {size} saccular aneurysm arises from the {side} MCA bifurcation.",
            "Saccular aneurysm of the {side} middle cerebral artery bifurcation, {size}.",
            "There is a {size} saccular aneurysm at the {side} MCA bifurcation.",
            "{Side} MCA bifurcation aneurysm, {size}.",
        ),
        (
            "{size} {side} MCA bifurcation aneurysm.",
            "{Side} middle cerebral artery aneurysm.",
            "{Side} MCA aneurysm, {size}.",
            "Saccular aneurysm of the {side} MCA bifurcation ({size}).",
        ),
        (
            "{side}侧大脑中动脉分叉处见囊状突起，大小约{size}。",
            "{side}大脑中动脉M1分叉部见动脉瘤，约{size}。",
            "{side}侧大脑中动脉分叉部见囊状动脉瘤，约{size}。",
            "{side}侧MCA分叉处囊样突起，大小约{size}。",
        ),
        (
            "{side}侧大脑中动脉分叉处动脉瘤。",
            "{side}大脑中动脉动脉瘤（约{size}）。",
            "{side}侧大脑中动脉动脉瘤（约{size}）。",
            "{side}侧MCA分叉部动脉瘤。",
        ),
        size=(3, 9, 1), needs="cta",
        misdiagnosis=(
            ("{Side} MCA occlusion.", "{side}侧大脑中动脉闭塞。"),
        ),
    ),
    FindingSpec(
        "aortic_dissection", ("aorta",), "thoracic_aorta",
        (
            "An intimal flap extends from just beyond the left subclavian artery origin to the infrarenal aorta, consistent with a Stanford type B dissection.",
            "Type B aortic dissection beginning distal to the left subclavian artery; the renal arteries arise from the true lumen.",
            "Dissection flap from distal to the left subclavian artery to the aortic bifurcation (Stanford B).",
            "Stanford type B dissection; the ascending aorta is spared.",
        ),
        (
            "Stanford type B aortic dissection.",
            "Type B dissection of the descending thoracic and abdominal aorta.",
            "Type B aortic dissection extending to the aortic bifurcation.",
            "Stanford B dissection, ascending aorta spared.",
        ),
        (
            "主动脉腔内见内膜片，自左锁骨下动脉开口以远延伸至肾下腹主动脉，呈双腔改变。",
            "降主动脉见内膜片影，真假腔形成，双肾动脉起自真腔。",
            "左锁骨下动脉开口远端主动脉见内膜片，延伸至腹主动脉分叉。",
            "胸降主动脉及腹主动脉见撕裂内膜片，升主动脉未受累。",
        ),
        (
            "主动脉夹层（Stanford B型）。",
            "B型主动脉夹层。",
            "Stanford B型主动脉夹层。",
            "主动脉夹层（B型），升主动脉未累及。",
        ),
        needs="cta", trap="anatomic_side",
    ),
    FindingSpec(
        "thoracic_aneurysm", ("aorta",), "thoracic_aorta",
        (
            "The ascending aorta is aneurysmal, measuring {size}.",
            "Aneurysmal dilatation of the ascending aorta to {size}.",
            "Ascending aortic dilatation to {size}.",
            "The ascending thoracic aorta measures {size}, aneurysmal.",
        ),
        (
            "Ascending aortic aneurysm, {size}.",
            "Ascending thoracic aortic aneurysm.",
            "Ascending aorta aneurysm ({size}).",
            "{size} ascending aortic aneurysm; surveillance recommended.",
        ),
        (
            "升主动脉瘤样扩张，最大径约{size}。",
            "升主动脉增宽，直径约{size}。",
            "升主动脉扩张，最大径约{size}。",
            "升主动脉瘤样扩张，直径约{size}。",
        ),
        (
            "升主动脉瘤。",
            "升主动脉瘤样扩张（约{size}）。",
            "升主动脉扩张（约{size}）。",
            "升主动脉瘤，建议随访。",
        ),
        size=(45, 60, 1),
    ),
)
