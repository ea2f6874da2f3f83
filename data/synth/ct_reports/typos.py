"""Misspellings and wrong-word substitutions of the kind dictation produces: typos, homophones and
speech-recognition slips in English; 形近字/同音字 confusions and transposed words in Chinese.

Pairs are (correct, wrong). They are divided between dev and test by position (`variants.py`), so the test
split's spelling errors are in words the dev split never misspells.
"""

from __future__ import annotations

TYPOS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("pleural", "plural"), ("prostate", "prostrate"), ("effusion", "effussion"), ("nodule", "nodual"),
        ("pulmonary", "pulmonery"), ("consolidation", "consolodation"), ("atelectasis", "atelectesis"),
        ("hepatic", "heptic"), ("ureteral", "urethral"), ("hemorrhage", "hemorrage"), ("aneurysm", "aneursym"),
        ("lesion", "legion"), ("mediastinal", "mediastinial"), ("vertebral", "verterbral"), ("gallbladder",
         "gallbaldder"),
        ("lymphadenopathy", "lymphadenopothy"), ("stenosis", "stenossis"), ("carotid", "carotic"), ("adrenal",
         "adrenel"),
        ("hydronephrosis", "hydronephosis"), ("kidney", "kidny"), ("subdural", "subdual"), ("calculus", "calculous"),
        ("appendix", "appendicks"), ("pancreas", "pancrease"), ("parenchyma", "parenchima"), ("fracture", "fraction"),
        ("hematoma", "hematomma"), ("spleen", "spleeen"), ("thyroid", "thyriod"), ("abscess", "absess"),
        ("bilateral", "bilaterial"), ("enhancement", "enhancment"), ("diverticulosis", "diverticulosus"),
        ("protrusion", "protrution"), ("lobe", "lob"), ("cyst", "cist"), ("infarct", "infract"),
        ("stranding", "standing"), ("ascites", "acites"), ("calcification", "calcificaton"), ("uterus", "uterous"),
        ("ovarian", "overian"), ("periventricular", "periventicular"), ("diverticulitis", "diverticulits"),
        ("anterolisthesis", "anterolysthesis"), ("intraparenchymal", "intraparenchimal"), ("adnexa", "adnexia"),
        ("seminal", "seminel"), ("pericholecystic", "pericholecistic"),
    ),
    "zh": (
        ("结节", "节结"), ("淋巴结", "淋巴节"), ("钙化", "钙华"), ("积液", "积夜"), ("囊肿", "襄肿"), ("胆囊", "胆襄"),
        ("扩张", "扩涨"), ("未见", "末见"), ("低密度", "底密度"), ("强化", "强华"), ("增厚", "增后"), ("骨折", "骨拆"),
        ("肾上腺", "肾上线"), ("椎间盘", "椎间盆"), ("狭窄", "狭搾"), ("动脉瘤", "动脉留"), ("血肿", "血肘"), ("水肿", "水肘"),
        ("占位", "站位"), ("纵隔", "纵膈"), ("脾脏", "牌脏"), ("胰腺", "胰线"), ("膀胱", "膀光"), ("附件", "附伴"),
        ("肝脏", "肝藏"), ("阑尾", "兰尾"), ("憩室", "息室"), ("腹股沟", "腹骨沟"), ("充盈缺损", "充盈缺陷"),
        ("支气管", "支气官"), ("气胸", "气凶"), ("分叶", "分页"), ("毛刺", "毛次"), ("腺瘤", "线瘤"), ("右肺", "右肿"),
        ("左肺", "左肿"), ("密度影", "密度彰"), ("梗死", "埂死"),
        ("钙化", "钙花"), ("肾盂", "肾孟"), ("输尿管", "输尿官"), ("椎体", "锥体"), ("腔隙", "腔歇"), ("坏死", "怀死"),
        ("渗出", "渗初"), ("脂肪", "脂防"), ("结石", "结实"), ("硬膜下", "硬模下"), ("积水", "积氺"), ("梗阻", "埂阻"),
    ),
}
