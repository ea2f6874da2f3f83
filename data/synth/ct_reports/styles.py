"""Phrase pools for the parts of a report around the findings: headings, technique, clinical history,
comparison, normal impressions, numbering. Lists are divided between dev and test by position."""

from __future__ import annotations

HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "exam": ("EXAMINATION:", "Exam:", "STUDY:", "Procedure:", "EXAM:"),
        "clinical": ("CLINICAL HISTORY:", "Indication:", "CLINICAL INFORMATION:", "History:", "Clinical details:"),
        "technique": ("TECHNIQUE:", "Technique:", "PROTOCOL:", "Scan technique:"),
        "comparison": ("COMPARISON:", "Comparison:", "PRIORS:", "Comparison study:"),
        "findings": ("FINDINGS:", "Findings:", "REPORT:", "Report:", "FINDINGS", "Description:", "Observations:"),
        "impression": ("IMPRESSION:", "Impression:", "CONCLUSION:", "Conclusion:", "IMPRESSION", "Opinion:", "OPINION:",
                       "Summary:"),
    },
    "zh": {
        "exam": ("检查项目：", "检查名称：", "项目：", "检查部位："),
        "clinical": ("临床诊断：", "病史摘要：", "临床资料：", "申请目的："),
        "technique": ("检查方法：", "扫描方法：", "检查技术：", "扫描技术："),
        "comparison": ("对比：", "比较：", "与前片比较：", "对照："),
        "findings": ("检查所见：", "影像所见：", "影像表现：", "CT所见：", "所见：", "CT表现："),
        "impression": ("诊断意见：", "印象：", "结论：", "影像诊断：", "诊断：", "意见："),
    },
}

# How impression items are numbered; "{n}" is the item's number.
NUMBERING: dict[str, tuple[str, ...]] = {
    "en": ("{n}. ", "{n}) ", "({n}) ", "{n} - ", "{n}.  "),
    "zh": ("{n}、", "{n}.", "（{n}）", "{n}．"),
}

# Bullets of the bulleted layout (English reports only).
BULLETS = ("- ", "• ", "* ", "-- ")

TECHNIQUE: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "none": ("Axial CT images were obtained without intravenous contrast.",
                 "Helical acquisition without IV contrast with multiplanar reformats.",
                 "Non-contrast helical images with coronal and sagittal reconstructions.",
                 "Unenhanced 1.25 mm axial images; no IV contrast given."),
        "contrast": ("Images were obtained after intravenous administration of 80 mL iodinated contrast in the portal venous phase.",
                     "Helical CT after IV contrast (iohexol 350, 90 mL) with coronal reformats.",
                     "Contrast-enhanced axial images in the venous phase; oral contrast not given.",
                     "Post-contrast imaging following 100 mL Omnipaque 300 IV."),
        "multiphase": ("Non-contrast, late arterial and portal venous phase images were acquired.",
                       "Unenhanced images followed by arterial, portal venous and 3-minute delayed phases after IV contrast.",
                       "Pre-contrast images, then post-contrast images after 90 mL IV iodinated contrast.",
                       "Multiphase protocol: non-enhanced, arterial, venous and excretory phases."),
        "cta": ("CT angiography was performed after a bolus of 70 mL IV contrast with bolus tracking; MIP and 3D reconstructions.",
                "Arterial-phase CTA with multiplanar, MIP and volume-rendered reformats.",
                "Angiographic acquisition timed to arterial opacification after IV contrast; 0.625 mm reconstructions.",
                "Bolus-tracked CT angiogram with curved planar reformats."),
    },
    "zh": {
        "none": ("常规CT平扫，层厚5mm，并行多平面重建。", "行CT平扫，薄层重建。", "平扫，1mm薄层MPR重建。"),
        "contrast": ("经静脉注射对比剂（碘海醇80ml）后行增强扫描。", "平扫后经肘静脉注入对比剂行增强扫描。",
                     "静脉团注碘对比剂后行门脉期扫描。"),
        "multiphase": ("行平扫及动脉期、门脉期、延迟期三期增强扫描。", "先行平扫，再经静脉注入对比剂行多期增强扫描。",
                       "平扫+动脉期+静脉期+延迟期扫描。"),
        "cta": ("经肘静脉团注对比剂后行CTA扫描，并行MIP、VR重建。", "采用团注追踪技术行血管成像，后处理包括MPR、MIP及VR。",
                "高压注射器注入对比剂70ml后行动脉期薄层扫描及三维重建。"),
    },
}

# Clinical histories per exam key, or per exam family when the key has none.
CLINICAL: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "chest": ("Cough and weight loss.", "Follow-up of pulmonary nodule.", "Shortness of breath.", "Chest pain after a fall.",
                  "Smoker, 30 pack-years; screening."),
        "abdomen_pelvis": ("Abdominal pain.", "Right lower quadrant pain and fever.", "Left flank pain, hematuria.",
                           "Elevated liver enzymes.", "Epigastric pain radiating to the back."),
        "head": ("Headache.", "Fall with head strike.", "Acute left-sided weakness.", "Confusion.", "Right facial droop."),
        "neck": ("Neck swelling.", "Sore throat and fever.", "Palpable left neck mass.", "Dysphagia."),
        "cspine_nc": ("Neck pain after motor vehicle collision.", "Fall, midline cervical tenderness.", "Neck pain."),
        "lspine_nc": ("Low back pain radiating to the left leg.", "Back pain, osteoporosis.", "Right leg numbness.",
                      "Fall from height, lumbar pain."),
        "ctpa": ("Suspected pulmonary embolism.", "Pleuritic chest pain, raised D-dimer.", "Dyspnoea and tachycardia."),
        "cta_headneck": ("Transient ischemic attack.", "Left-sided weakness, rule out large vessel occlusion.",
                         "Sudden severe headache.", "Right amaurosis fugax."),
        "cta_aorta": ("Tearing chest pain.", "Known aortic aneurysm, surveillance.", "Back pain, hypertension."),
        "staging": ("Known colorectal carcinoma, staging.", "Lymphoma, restaging.", "Lung cancer, staging.",
                    "Melanoma follow-up."),
    },
    "zh": {
        "chest": ("咳嗽、咳痰1周。", "体检发现肺结节。", "胸闷气短。", "摔伤后胸痛。"),
        "abdomen_pelvis": ("腹痛2天。", "右下腹痛伴发热。", "左侧腰痛伴血尿。", "肝功能异常。"),
        "head": ("头痛、头晕。", "外伤后头痛。", "左侧肢体无力3小时。", "意识障碍。"),
        "neck": ("颈部肿物。", "咽痛伴发热。", "左颈部包块。"),
        "cspine_nc": ("车祸后颈部疼痛。", "颈痛伴上肢麻木。", "摔伤后颈部疼痛。"),
        "lspine_nc": ("腰痛伴左下肢放射痛。", "腰背痛，骨质疏松。", "高处坠落后腰痛。"),
        "ctpa": ("胸痛，排除肺栓塞。", "呼吸困难，D-二聚体升高。", "胸闷、心悸。"),
        "cta_headneck": ("短暂性脑缺血发作。", "右侧肢体无力。", "头晕待查。"),
        "cta_aorta": ("撕裂样胸痛。", "主动脉瘤复查。", "高血压，胸背痛。"),
        "staging": ("结肠癌术后复查。", "淋巴瘤治疗后评估。", "肺癌分期。"),
    },
}

# The patient in the history line, in some reports: "{age}" and the sex word are filled in.
PATIENT_PREFIX: dict[str, tuple[str, ...]] = {
    "en": ("{age}-year-old {sex}. ", "{age} y/o {sex}: ", "{Sex}, {age} years. ", "{age}yo {sex} - "),
    "zh": ("患者{sex}，{age}岁。", "{sex}性，{age}岁，", "{age}岁{sex}性患者。"),
}
SEX_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"M": ("man", "male", "male", "M"), "F": ("woman", "female", "female", "F")},
    "zh": {"M": ("男", "男", "男"), "F": ("女", "女", "女")},
}

# Sub-headings of the body parts of a staging report (chest, abdomen, pelvis), by organ region.
BODY_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"chest": ("CHEST:", "Chest:", "THORAX:", "Thorax:"), "abdomen": ("ABDOMEN:", "Abdomen:", "ABDOMEN", "Abdomen -"),
           "pelvis": ("PELVIS:", "Pelvis:", "PELVIS", "Pelvis -")},
    "zh": {"chest": ("胸部：", "【胸部】", "胸部所见："), "abdomen": ("腹部：", "【腹部】", "腹部所见："),
           "pelvis": ("盆腔：", "【盆腔】", "盆腔所见：")},
}
BODY_PART_OF_REGION = {"chest": "chest", "lung_base": "chest", "pulmonary_arteries": "chest", "upper_abdomen": "abdomen",
                       "lower_abdomen": "abdomen", "pelvis": "pelvis"}

COMPARISON: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"none": ("None.", "No prior imaging available.", "None available.", "No previous studies."),
           "prior": ("Prior CT from 14 months ago.", "CT of the same region, 2 years earlier.", "Prior study dated 6 months ago.",
                     "Previous CT, 1 year prior.")},
    "zh": {"none": ("无。", "无旧片。", "无既往影像。"),
           "prior": ("与前次CT（1年前）比较。", "与半年前CT片对比。", "与2年前CT比较。")},
}

# A finding sentence's note on the prior size: two sizes of one lesion that are both right (a trap).
PRIOR_SIZE: dict[str, tuple[str, ...]] = {
    "en": (" It previously measured {prior}.", " Previously {prior}.", " (Prior: {prior}.)", " It measured {prior} on the prior study."),
    "zh": ("前片约{prior}。", "较前（约{prior}）增大。", "前次检查约{prior}。"),
}

# Impressions of a study with nothing significant to report.
NORMAL_IMPRESSION: dict[str, tuple[str, ...]] = {
    "en": ("No acute abnormality.", "Normal CT examination.", "No acute findings.", "Unremarkable study.",
           "No significant abnormality detected.", "No CT evidence of acute pathology."),
    "zh": ("未见明显异常。", "CT检查未见异常。", "所见未见明确异常征象。", "未见明显病变。"),
}

# Lines some radiologists add after the impression items.
CLOSING: dict[str, tuple[str, ...]] = {
    "en": ("Recommend clinical correlation.", "Otherwise unremarkable.", "No other significant abnormality.",
           "Correlate clinically."),
    "zh": ("请结合临床。", "余未见明显异常。", "建议结合临床及其他检查。", "其余所见未见异常。"),
}
