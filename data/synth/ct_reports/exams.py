"""The examinations a synthetic report can belong to: body regions scanned, contrast, names as ordered.

`regions` are where findings come from; `incidental` regions are legitimately visible at the edge of the
scan (the upper abdomen on a chest CT, the lung bases on an abdominal CT) and are used as traps;
`foreign` regions never belong in the report, which is what an exam_mismatch error injects.
"""

from __future__ import annotations

from dataclasses import dataclass

# Contrast kinds: "none" (non-contrast), "contrast" (one post-contrast phase), "multiphase" (a
# non-contrast phase plus enhanced phases), "cta" (angiographic phase).
CONTRASTED = ("contrast", "multiphase", "cta")


@dataclass(frozen=True)
class Exam:
    key: str
    family: str
    contrast: str
    regions: tuple[str, ...]
    incidental: tuple[str, ...]
    foreign: tuple[str, ...]
    en_names: tuple[str, ...]
    zh_names: tuple[str, ...]

    @property
    def covers_pelvis(self) -> bool:
        return "pelvis" in self.regions

    @property
    def contrasted(self) -> bool:
        return self.contrast in CONTRASTED


EXAMS: tuple[Exam, ...] = (
    Exam("chest_nc", "chest", "none", ("chest", "lung_base"), ("upper_abdomen",), ("head", "pelvis"),
         ("CT chest without contrast", "Non-contrast CT of the chest", "CT CHEST WO CONTRAST",
          "CT thorax, non-enhanced"),
         ("胸部CT平扫", "肺部CT平扫", "胸部平扫CT")),
    Exam("chest_c", "chest", "contrast", ("chest", "lung_base"), ("upper_abdomen",), ("head", "pelvis"),
         ("CT chest with contrast", "Contrast-enhanced CT of the thorax", "CT CHEST W IV CONTRAST",
          "CT thorax with IV contrast"),
         ("胸部CT增强", "胸部增强CT", "胸部CT增强扫描")),
    Exam("chest_ldct", "chest", "none", ("chest", "lung_base"), ("upper_abdomen",), ("head", "pelvis"),
         ("Low-dose CT chest for lung cancer screening", "LDCT lung cancer screening", "Low-dose chest CT"),
         ("低剂量胸部CT", "胸部低剂量CT（肺癌筛查）")),
    Exam("ctpa", "cta", "cta", ("chest", "lung_base", "pulmonary_arteries"), ("upper_abdomen",), ("head", "pelvis"),
         ("CT pulmonary angiogram", "CTA chest (pulmonary embolism protocol)", "CTPA"),
         ("肺动脉CTA", "CT肺动脉造影", "肺动脉CT血管成像")),
    Exam("abdpel_c", "abdomen_pelvis", "contrast", ("upper_abdomen", "lower_abdomen", "pelvis"), ("lung_base",),
         ("head", "neck"),
         ("CT abdomen and pelvis with contrast", "Contrast-enhanced CT of the abdomen and pelvis",
          "CT A/P W IV CONTRAST",
          "CT abdomen/pelvis with IV contrast"),
         ("全腹部CT增强", "腹部及盆腔CT增强扫描", "全腹CT增强")),
    Exam("abdpel_nc", "abdomen_pelvis", "none", ("upper_abdomen", "lower_abdomen", "pelvis"), ("lung_base",),
         ("head", "neck"),
         ("CT abdomen and pelvis without contrast", "CT KUB (renal stone protocol)", "Non-contrast CT abdomen/pelvis",
          "CT A/P WO CONTRAST"),
         ("全腹部CT平扫", "泌尿系CT平扫", "腹部及盆腔CT平扫")),
    Exam("liver_mp", "abdomen_pelvis", "multiphase", ("upper_abdomen",), ("lung_base",), ("head", "neck", "pelvis"),
         ("CT abdomen multiphase (liver protocol)", "Triple-phase CT of the liver", "CT liver, 3-phase"),
         ("上腹部CT三期增强扫描", "肝脏多期增强CT", "上腹部CT平扫+增强")),
    Exam("urogram", "abdomen_pelvis", "multiphase", ("upper_abdomen", "lower_abdomen", "pelvis"), ("lung_base",),
         ("head", "neck"),
         ("CT urogram", "CT urography (multiphase)"),
         ("CT尿路造影（CTU）", "泌尿系CT增强（CTU）")),
    Exam("head_nc", "head", "none", ("head",), (), ("upper_abdomen", "pelvis", "chest"),
         ("CT head without contrast", "Non-contrast CT brain", "CT HEAD WO", "Unenhanced CT of the head"),
         ("头颅CT平扫", "颅脑CT平扫", "头部CT平扫")),
    Exam("head_mp", "head", "multiphase", ("head",), (), ("upper_abdomen", "pelvis", "chest"),
         ("CT head with and without contrast", "CT brain pre- and post-contrast"),
         ("颅脑CT平扫+增强", "头颅CT增强扫描")),
    Exam("neck_c", "neck", "contrast", ("neck",), (), ("upper_abdomen", "pelvis"),
         ("CT neck soft tissue with contrast", "Contrast-enhanced CT of the neck", "CT NECK W CONTRAST"),
         ("颈部CT增强", "颈部软组织CT增强扫描")),
    Exam("cspine_nc", "spine", "none", ("spine_cervical",), ("neck",), ("upper_abdomen", "pelvis"),
         ("CT cervical spine without contrast", "Non-contrast CT C-spine", "CT C-SPINE WO"),
         ("颈椎CT平扫", "颈椎CT平扫+三维重建")),
    Exam("lspine_nc", "spine", "none", ("spine_lumbar",), (), ("head", "neck", "chest"),
         ("CT lumbar spine without contrast", "Non-contrast CT L-spine", "CT LUMBAR SPINE WO"),
         ("腰椎CT平扫", "腰椎间盘CT平扫")),
    Exam("cta_headneck", "cta", "cta", ("head_neck_vessels",), ("head",), ("upper_abdomen", "pelvis"),
         ("CTA head and neck", "CT angiography of the head and neck", "CTA COW AND CAROTIDS"),
         ("头颈部CTA", "头颈联合CTA", "头颈部CT血管成像")),
    Exam("cta_aorta", "cta", "cta", ("aorta",), ("lung_base", "upper_abdomen"), ("head",),
         ("CTA aorta (chest, abdomen and pelvis)", "CT aortogram", "CT angiography of the thoracoabdominal aorta"),
         ("主动脉CTA", "全主动脉CT血管成像", "胸腹主动脉CTA")),
    Exam("staging", "staging", "contrast", ("chest", "lung_base", "upper_abdomen", "lower_abdomen", "pelvis"), (),
         ("head",),
         ("CT chest, abdomen and pelvis with contrast (staging)", "Staging CT CAP with IV contrast",
          "CT TAP staging"),
         ("胸腹盆CT增强（肿瘤分期）", "胸部+全腹部CT增强扫描", "胸腹盆联合增强CT")),
)
