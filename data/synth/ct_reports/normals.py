"""Normal statements per organ: the sentences a report makes about everything that is not abnormal.

Each organ has a region (which exams show it), labels for organ-by-organ layouts and several wordings
per language. A finding about an organ replaces that organ's normal sentence; a post-surgical state
removes it (which is what an `insertion` error puts back).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Normal:
    organ: str
    region: str
    label: tuple[str, str]  # English, Chinese organ label for "Liver: ..." layouts
    en: tuple[str, ...]
    zh: tuple[str, ...]
    sex: str = ""


NORMALS: tuple[Normal, ...] = (
    # chest
    Normal(
        "lungs", "chest", ("Lungs", "肺"),
        (
            "The lungs are clear without focal consolidation or suspicious nodule.",
            "No pulmonary nodule or consolidation.",
            "Lungs: clear.",
            "The lung parenchyma is unremarkable.",
        ),
        (
            "双肺纹理清晰，未见明确实变及结节影。",
            "两肺野清晰，肺内未见异常密度影。",
            "双肺未见明显异常。",
            "两肺透亮度正常，未见结节及实变。",
        ),
    ),
    Normal(
        "pleura", "chest", ("Pleura", "胸膜"),
        (
            "No pleural effusion or pneumothorax.",
            "The pleural spaces are clear.",
            "No effusion. No pneumothorax.",
            "Pleural spaces: no effusion or pneumothorax.",
        ),
        (
            "双侧胸腔未见积液。",
            "胸膜未见增厚，胸腔内未见积液及气胸。",
            "未见胸腔积液。",
            "两侧胸膜腔未见积液、积气。",
        ),
    ),
    Normal(
        "mediastinum", "chest", ("Mediastinum", "纵隔"),
        (
            "No mediastinal or hilar lymphadenopathy.",
            "Mediastinal and hilar nodes are not enlarged.",
            "No enlarged thoracic lymph nodes.",
            "Hilar and mediastinal lymph nodes are within normal limits.",
        ),
        (
            "纵隔及双肺门未见肿大淋巴结。",
            "纵隔居中，其内未见增大淋巴结。",
            "纵隔内未见肿大淋巴结。",
            "纵隔内未见明确增大淋巴结影。",
        ),
    ),
    Normal(
        "heart", "chest", ("Heart", "心脏"),
        (
            "Heart size is normal. No pericardial effusion.",
            "Normal cardiac size without pericardial effusion.",
            "The heart is not enlarged; no pericardial fluid.",
            "The heart and pericardium are unremarkable.",
        ),
        (
            "心影大小正常，心包未见积液。",
            "心脏形态、大小未见异常。",
            "心脏不大，心包未见积液。",
            "心脏及心包未见异常。",
        ),
    ),
    Normal(
        "airways", "chest", ("Airways", "气道"),
        (
            "The central airways are patent.",
            "Trachea and main bronchi are patent.",
            "The trachea and bronchi are clear.",
            "Airways: patent.",
        ),
        (
            "气管及主支气管通畅。",
            "气管、支气管腔通畅。",
            "气管、主支气管及叶段支气管通畅。",
            "各级支气管未见狭窄。",
        ),
    ),
    Normal(
        "chest_bones", "chest", ("Bones", "骨骼"),
        (
            "No acute osseous abnormality.",
            "The visualised bones are intact.",
            "No fracture or aggressive bone lesion.",
            "Bones: no fracture or suspicious lesion.",
        ),
        (
            "所见骨质未见明显异常。",
            "胸廓骨质结构完整。",
            "所示骨骼未见骨折及骨质破坏。",
            "胸椎及肋骨骨质未见异常。",
        ),
    ),
    # lung base
    Normal(
        "lung_bases", "lung_base", ("Lung bases", "肺底"),
        (
            "The visualised lung bases are clear.",
            "Lung bases: no consolidation or effusion.",
            "Clear lung bases.",
            "No consolidation or effusion at the lung bases.",
        ),
        (
            "扫及双肺下叶未见异常。",
            "所见肺底未见明显异常。",
            "双肺底未见实变及积液。",
            "扫及肺底清晰。",
        ),
    ),
    # pulmonary arteries
    Normal(
        "pulmonary_arteries", "pulmonary_arteries", ("Pulmonary arteries", "肺动脉"),
        (
            "No filling defect in the pulmonary arteries to the segmental level.",
            "The pulmonary arteries opacify well with no embolus.",
            "No pulmonary embolism.",
            "Pulmonary arteries: no filling defect.",
        ),
        (
            "肺动脉主干及其分支显影良好，未见充盈缺损。",
            "肺动脉内未见明确充盈缺损。",
            "肺动脉各级分支未见充盈缺损。",
            "肺动脉主干不宽，未见栓子。",
        ),
    ),
    # upper abdomen
    Normal(
        "liver", "upper_abdomen", ("Liver", "肝脏"),
        (
            "The liver is normal in size and attenuation without focal lesion.",
            "Liver: unremarkable.",
            "No focal hepatic lesion.",
            "The liver is of normal size and contour without focal lesion.",
        ),
        (
            "肝脏大小、形态正常，实质密度均匀，未见异常密度灶。",
            "肝脏形态规整，未见局灶性病变。",
            "肝实质未见异常。",
            "肝脏未见异常密度灶。",
        ),
    ),
    Normal(
        "gallbladder", "upper_abdomen", ("Gallbladder", "胆囊"),
        (
            "The gallbladder is unremarkable.",
            "Gallbladder: no stones or wall thickening.",
            "Normal gallbladder.",
            "Gallbladder is normal without stones.",
        ),
        (
            "胆囊不大，壁不厚，腔内未见异常密度影。",
            "胆囊未见异常。",
            "胆囊未见结石，壁不厚。",
            "胆囊形态正常。",
        ),
    ),
    Normal(
        "biliary", "upper_abdomen", ("Bile ducts", "胆管"),
        (
            "No biliary ductal dilatation.",
            "The bile ducts are not dilated.",
            "No intra- or extrahepatic biliary dilatation.",
            "Biliary tree: not dilated.",
        ),
        (
            "肝内外胆管未见扩张。",
            "胆管系统未见扩张。",
            "胆总管不宽。",
            "肝内外胆管无扩张。",
        ),
    ),
    Normal(
        "spleen", "upper_abdomen", ("Spleen", "脾脏"),
        (
            "The spleen is normal in size.",
            "Spleen: unremarkable.",
            "Normal spleen.",
            "Spleen is normal in size and attenuation.",
        ),
        (
            "脾脏大小、密度正常。",
            "脾不大，密度均匀。",
            "脾脏未见异常。",
            "脾脏形态、大小及密度未见异常。",
        ),
    ),
    Normal(
        "pancreas", "upper_abdomen", ("Pancreas", "胰腺"),
        (
            "The pancreas is unremarkable.",
            "Pancreas: normal, no ductal dilatation.",
            "Normal pancreas.",
            "Normal pancreas without ductal dilatation.",
        ),
        (
            "胰腺形态、密度未见异常，胰管无扩张。",
            "胰腺未见异常。",
            "胰腺大小、形态正常，胰周脂肪间隙清晰。",
            "胰腺实质密度均匀。",
        ),
    ),
    Normal(
        "adrenals", "upper_abdomen", ("Adrenals", "肾上腺"),
        (
            "The adrenal glands are normal.",
            "Adrenals: unremarkable.",
            "No adrenal nodule.",
            "Adrenal glands: normal.",
        ),
        (
            "双侧肾上腺未见异常。",
            "双侧肾上腺形态、大小正常。",
            "两侧肾上腺未见结节。",
            "双侧肾上腺未见增粗及结节。",
        ),
    ),
    Normal(
        "kidneys", "upper_abdomen", ("Kidneys", "肾脏"),
        (
            "Both kidneys are normal in size without mass, calculus or hydronephrosis.",
            "Kidneys: no stone, mass or hydronephrosis.",
            "The kidneys are unremarkable.",
            "Normal kidneys bilaterally.",
        ),
        (
            "双肾大小、形态正常，未见结石及积水。",
            "双肾未见明显异常。",
            "双肾实质密度均匀，肾盂肾盏无扩张。",
            "双肾未见结石、肿块及积水。",
        ),
    ),
    # lower abdomen
    Normal(
        "ureters", "lower_abdomen", ("Ureters", "输尿管"),
        (
            "The ureters are not dilated.",
            "No ureteral calculus.",
            "Ureters: normal calibre, no stone.",
            "Both ureters are normal.",
        ),
        (
            "双侧输尿管未见扩张及结石。",
            "输尿管走行区未见高密度影。",
            "双侧输尿管无扩张。",
            "输尿管未见结石及积水。",
        ),
    ),
    Normal(
        "bowel", "lower_abdomen", ("Bowel", "肠道"),
        (
            "No bowel obstruction or bowel wall thickening.",
            "Bowel: unremarkable, no obstruction.",
            "The small and large bowel are normal in calibre and wall thickness.",
            "Bowel loops are normal.",
        ),
        (
            "肠管未见扩张积液，肠壁未见增厚。",
            "胃肠道未见明显异常。",
            "肠管走行自然，未见扩张。",
            "所见肠道未见明显异常。",
        ),
    ),
    Normal(
        "appendix", "lower_abdomen", ("Appendix", "阑尾"),
        (
            "The appendix is normal.",
            "Normal appendix.",
            "Appendix: not dilated.",
            "The appendix is visualised and normal.",
        ),
        (
            "阑尾未见增粗。",
            "阑尾显示正常。",
            "阑尾未见异常。",
            "阑尾形态、管径正常。",
        ),
    ),
    Normal(
        "abdominal_aorta", "lower_abdomen", ("Vessels", "血管"),
        (
            "The abdominal aorta is normal in calibre.",
            "No abdominal aortic aneurysm.",
            "Normal calibre abdominal aorta.",
            "Abdominal aorta: normal.",
        ),
        (
            "腹主动脉管径正常。",
            "腹主动脉未见瘤样扩张。",
            "腹主动脉未见扩张。",
            "腹主动脉及髂动脉管径正常。",
        ),
    ),
    Normal(
        "abdominal_nodes", "lower_abdomen", ("Lymph nodes", "淋巴结"),
        (
            "No retroperitoneal or mesenteric lymphadenopathy.",
            "No enlarged abdominal lymph nodes.",
            "Lymph nodes: none enlarged.",
            "No abdominopelvic lymphadenopathy.",
        ),
        (
            "腹膜后未见肿大淋巴结。",
            "腹腔及腹膜后未见明显肿大淋巴结。",
            "腹腔及腹膜后未见增大淋巴结。",
            "未见肿大淋巴结。",
        ),
    ),
    Normal(
        "free_fluid", "lower_abdomen", ("Peritoneum", "腹膜腔"),
        (
            "No free fluid or free air.",
            "No ascites or pneumoperitoneum.",
            "No free intraperitoneal fluid or air.",
            "Peritoneum: no ascites.",
        ),
        (
            "腹腔内未见积液及游离气体。",
            "腹盆腔未见积液。",
            "腹腔未见游离积液及积气。",
            "未见腹水。",
        ),
    ),
    # pelvis
    Normal(
        "bladder", "pelvis", ("Bladder", "膀胱"),
        (
            "The urinary bladder is unremarkable.",
            "Bladder: normal wall thickness.",
            "Normal urinary bladder.",
            "The bladder is well distended and normal.",
        ),
        (
            "膀胱充盈良好，壁光滑。",
            "膀胱未见异常。",
            "膀胱壁未见增厚。",
            "膀胱充盈可，腔内未见异常密度。",
        ),
    ),
    Normal(
        "prostate", "pelvis", ("Prostate", "前列腺"),
        (
            "The prostate is normal in size.",
            "Prostate and seminal vesicles are unremarkable.",
            "Prostate: not enlarged.",
            "Normal-sized prostate.",
        ),
        (
            "前列腺大小、形态正常。",
            "前列腺及精囊腺未见异常。",
            "前列腺不大，密度均匀。",
            "前列腺形态、大小未见异常。",
        ),
        sex="M",
    ),
    Normal(
        "uterus", "pelvis", ("Uterus/adnexa", "子宫附件"),
        (
            "The uterus and adnexa are unremarkable.",
            "Uterus and ovaries: normal.",
            "No adnexal mass; the uterus is normal.",
            "Normal uterus and ovaries.",
        ),
        (
            "子宫大小、形态正常，双侧附件区未见异常。",
            "子宫及双侧附件未见明显异常。",
            "子宫及附件未见异常。",
            "子宫形态规整，双附件区未见肿块。",
        ),
        sex="F",
    ),
    Normal(
        "abdominal_wall", "pelvis", ("Abdominal wall", "腹壁"),
        (
            "No hernia.",
            "The abdominal wall is intact without hernia.",
            "No abdominal wall or inguinal hernia.",
            "Abdominal wall: no hernia.",
        ),
        (
            "腹壁未见疝。",
            "双侧腹股沟区未见异常。",
            "腹壁完整，未见疝。",
            "腹壁及腹股沟区未见疝。",
        ),
    ),
    # head
    Normal(
        "brain", "head", ("Brain", "脑实质"),
        (
            "No acute intracranial hemorrhage, infarct, mass or midline shift.",
            "The brain parenchyma is normal.",
            "No intracranial hemorrhage, mass or territorial infarct.",
            "Brain: no hemorrhage, mass or infarct.",
        ),
        (
            "脑实质内未见异常密度影，中线结构居中。",
            "双侧大脑半球对称，脑实质密度未见异常。",
            "颅内未见出血、梗死及占位。",
            "脑实质未见出血、梗死及占位。",
        ),
    ),
    Normal(
        "white_matter", "head", ("White matter", "脑白质"),
        (
            "Grey-white matter differentiation is preserved.",
            "No white matter hypodensity.",
            "Grey-white differentiation is maintained.",
            "Normal white matter attenuation.",
        ),
        (
            "灰白质分界清楚。",
            "脑白质未见异常密度。",
            "脑灰白质分界清晰。",
            "双侧脑白质密度均匀。",
        ),
    ),
    Normal(
        "extra_axial", "head", ("Extra-axial spaces", "脑外间隙"),
        (
            "No extra-axial collection.",
            "No subdural or epidural hematoma.",
            "No extra-axial fluid collection.",
            "Extra-axial spaces: no hematoma.",
        ),
        (
            "颅板下未见异常密度影。",
            "脑外间隙未见积液及血肿。",
            "颅板下未见积液及出血。",
            "未见硬膜下及硬膜外血肿。",
        ),
    ),
    Normal(
        "ventricles", "head", ("Ventricles", "脑室"),
        (
            "The ventricles and sulci are normal for age.",
            "Ventricular size is normal.",
            "Ventricles and sulci: normal for age.",
            "No hydrocephalus.",
        ),
        (
            "脑室系统大小、形态正常。",
            "各脑室、脑池未见扩大。",
            "脑室系统未见扩张。",
            "脑沟、脑裂及脑室大小正常。",
        ),
    ),
    Normal(
        "skull", "head", ("Calvarium", "颅骨"),
        (
            "The calvarium is intact.",
            "No skull fracture.",
            "Calvarium: intact.",
            "The skull is intact without fracture.",
        ),
        (
            "颅骨骨质未见异常。",
            "颅骨完整，未见骨折。",
            "颅骨未见骨折。",
            "颅骨骨质连续，未见骨折线。",
        ),
    ),
    Normal(
        "sinuses", "head", ("Sinuses", "鼻窦"),
        (
            "Visualised paranasal sinuses and mastoid air cells are clear.",
            "The paranasal sinuses are clear.",
            "Paranasal sinuses and mastoids are well aerated.",
            "Sinuses: clear.",
        ),
        (
            "所见鼻窦及乳突气化良好。",
            "鼻窦未见异常。",
            "各鼻窦及乳突气房清晰。",
            "鼻窦黏膜未见增厚。",
        ),
    ),
    # neck
    Normal(
        "thyroid", "neck", ("Thyroid", "甲状腺"),
        (
            "The thyroid gland is unremarkable.",
            "Normal thyroid.",
            "No thyroid nodule.",
            "Thyroid: no nodule.",
        ),
        (
            "甲状腺大小、密度未见异常。",
            "甲状腺双叶形态正常。",
            "甲状腺未见结节。",
            "甲状腺密度均匀，未见结节。",
        ),
    ),
    Normal(
        "neck_nodes", "neck", ("Lymph nodes", "淋巴结"),
        (
            "No cervical lymphadenopathy.",
            "No enlarged neck lymph nodes.",
            "No pathologically enlarged cervical lymph nodes.",
            "Lymph nodes: no cervical lymphadenopathy.",
        ),
        (
            "双侧颈部未见肿大淋巴结。",
            "颈部各区未见明显增大淋巴结。",
            "颈部未见肿大淋巴结。",
            "双侧颈部淋巴结未见肿大。",
        ),
    ),
    Normal(
        "pharynx", "neck", ("Pharynx", "咽部"),
        (
            "The nasopharynx, oropharynx and hypopharynx are symmetric.",
            "Pharyngeal mucosal space is unremarkable.",
            "Pharynx: symmetric, no mass.",
            "The pharyngeal walls are symmetric without mass.",
        ),
        (
            "咽部软组织对称，未见肿块。",
            "鼻咽、口咽及喉咽未见异常。",
            "咽腔通畅，咽壁对称。",
            "口咽及喉咽未见肿块。",
        ),
    ),
    Normal(
        "salivary", "neck", ("Salivary glands", "涎腺"),
        (
            "The parotid and submandibular glands are unremarkable.",
            "Salivary glands: normal.",
            "Normal parotid and submandibular glands.",
            "Parotid and submandibular glands: normal.",
        ),
        (
            "双侧腮腺及颌下腺未见异常。",
            "涎腺未见明显异常。",
            "腮腺及颌下腺密度均匀。",
            "双侧涎腺未见异常。",
        ),
    ),
    # spine cervical
    Normal(
        "cspine", "spine_cervical", ("Alignment", "序列"),
        (
            "Cervical alignment is maintained. No acute fracture.",
            "No cervical spine fracture or malalignment.",
            "Normal cervical alignment; no fracture.",
            "Cervical spine: no fracture, alignment normal.",
        ),
        (
            "颈椎序列整齐，椎体骨质未见骨折。",
            "颈椎生理曲度存在，未见骨折征象。",
            "颈椎序列正常，未见骨折。",
            "颈椎椎体及附件骨质完整。",
        ),
    ),
    Normal(
        "cspine_discs", "spine_cervical", ("Discs", "椎间盘"),
        (
            "Disc heights are preserved.",
            "No significant degenerative change.",
            "Cervical disc spaces are maintained.",
            "Discs: preserved heights.",
        ),
        (
            "各椎间隙未见变窄。",
            "椎间盘未见明显突出。",
            "颈椎间盘未见突出。",
            "颈椎椎间隙等宽。",
        ),
    ),
    Normal(
        "prevertebral", "spine_cervical", ("Soft tissues", "软组织"),
        (
            "Prevertebral soft tissues are normal.",
            "Paraspinal soft tissues are unremarkable.",
            "No prevertebral soft tissue swelling.",
            "Soft tissues: unremarkable.",
        ),
        (
            "椎前软组织未见肿胀。",
            "椎旁软组织未见异常。",
            "颈前软组织未见增厚。",
            "椎旁软组织未见肿胀。",
        ),
    ),
    # spine lumbar
    Normal(
        "lspine", "spine_lumbar", ("Alignment", "序列"),
        (
            "Lumbar alignment is normal. Vertebral body heights are maintained.",
            "No lumbar fracture or listhesis.",
            "Normal lumbar alignment and vertebral heights.",
            "Lumbar spine: no fracture or malalignment.",
        ),
        (
            "腰椎序列整齐，椎体高度正常。",
            "腰椎生理曲度存在，椎体未见骨折及滑脱。",
            "腰椎椎体骨质完整，序列正常。",
            "腰椎未见骨折及滑脱。",
        ),
    ),
    Normal(
        "lspine_discs", "spine_lumbar", ("Discs", "椎间盘"),
        (
            "No disc herniation or significant canal stenosis.",
            "Intervertebral discs: no protrusion.",
            "No lumbar disc herniation or stenosis.",
            "Discs: no protrusion or canal stenosis.",
        ),
        (
            "各腰椎间盘未见明显突出，椎管无狭窄。",
            "腰椎间盘未见突出。",
            "腰椎间盘未见突出，硬膜囊未受压。",
            "椎管未见狭窄。",
        ),
    ),
    # head neck vessels
    Normal(
        "carotids", "head_neck_vessels", ("Carotids", "颈动脉"),
        (
            "The common and internal carotid arteries are patent without significant stenosis.",
            "No hemodynamically significant carotid stenosis.",
            "Carotid arteries: patent, no significant stenosis.",
            "No carotid stenosis by NASCET criteria.",
        ),
        (
            "双侧颈总及颈内动脉管腔通畅，未见明显狭窄。",
            "双侧颈动脉未见狭窄。",
            "颈动脉管腔通畅。",
            "双侧颈总、颈内动脉未见狭窄及斑块。",
        ),
    ),
    Normal(
        "vertebrals", "head_neck_vessels", ("Vertebral arteries", "椎动脉"),
        (
            "The vertebral arteries are patent.",
            "Vertebrobasilar system: patent.",
            "Both vertebral arteries are patent.",
            "Vertebral and basilar arteries: patent.",
        ),
        (
            "双侧椎动脉及基底动脉显影良好。",
            "椎基底动脉未见狭窄。",
            "椎动脉显影良好。",
            "双侧椎动脉通畅。",
        ),
    ),
    Normal(
        "circle_of_willis", "head_neck_vessels", ("Intracranial arteries", "颅内动脉"),
        (
            "The circle of Willis is patent. No aneurysm.",
            "No intracranial aneurysm or large vessel occlusion.",
            "Intracranial arteries: patent, no aneurysm.",
            "No aneurysm or occlusion in the circle of Willis.",
        ),
        (
            "Willis环完整，颅内动脉未见动脉瘤。",
            "颅内动脉显影良好，未见动脉瘤及闭塞。",
            "颅内动脉未见狭窄及动脉瘤。",
            "Willis环显影良好，未见动脉瘤。",
        ),
    ),
    # aorta
    Normal(
        "thoracic_aorta", "aorta", ("Thoracic aorta", "胸主动脉"),
        (
            "The thoracic aorta is normal in calibre without dissection.",
            "No thoracic aortic aneurysm or dissection.",
            "Thoracic aorta: normal calibre, no dissection.",
            "The thoracic aorta is normal.",
        ),
        (
            "胸主动脉管径正常，未见夹层。",
            "胸主动脉未见扩张及内膜片。",
            "胸主动脉未见夹层及动脉瘤。",
            "胸主动脉管径正常。",
        ),
    ),
    Normal(
        "aortic_branches", "aorta", ("Branch vessels", "分支血管"),
        (
            "The celiac, superior mesenteric and renal arteries are patent.",
            "Major aortic branches are patent.",
            "Aortic branch vessels: patent.",
            "The visceral arteries are patent.",
        ),
        (
            "腹腔干、肠系膜上动脉及双肾动脉通畅。",
            "主动脉主要分支显影良好。",
            "腹主动脉分支通畅。",
            "腹腔干、肠系膜上动脉显影良好。",
        ),
    ),
)

BY_ORGAN: dict[str, Normal] = {normal.organ: normal for normal in NORMALS}
