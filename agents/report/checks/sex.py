"""Anatomy of the other sex: a uterus or ovaries described for a man, a prostate for a woman.

The patient's sex comes from the case record, or from the report itself ("Sex: F", "性别：男",
"65-year-old man") when the record does not say. A report that states the other sex than the record is
itself a sex mismatch.
"""

from __future__ import annotations

import re

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.evidence import Candidate, candidate, quoted
from radqc.agents.report.lexicon import anatomy
from radqc.agents.report.mentions import organs

_STATED_SEX = [
    re.compile(r"\b(?:sex|gender)\s*[:：]\s*(?P<s>male|female|m|f)\b", re.IGNORECASE),
    re.compile(r"性别\s*[:：]?\s*(?P<s>男|女)"),
    re.compile(r"\b\d{1,3}[- ](?:year|yr)s?[- ]old\s+(?P<s>man|woman|male|female|boy|girl|gentleman|lady)\b", re.IGNORECASE),
    re.compile(r"(?P<s>男|女)性?(?:患者|病人)"),
]
_SEX_WORD = {"male": "M", "m": "M", "man": "M", "boy": "M", "gentleman": "M", "男": "M",
             "female": "F", "f": "F", "woman": "F", "girl": "F", "lady": "F", "女": "F"}
_OTHER = {"M": "F", "F": "M"}
# Operations only one sex can have had (the organ words themselves come from anatomy.json).
_PROCEDURES = {
    "F": re.compile(r"\b(?:hysterectomy|oophorectomy|salpingo-?oophorectomy|myomectomy|salpingectomy|caesarean|"
                    r"cesarean)\b", re.IGNORECASE),
    "M": re.compile(r"\b(?:prostatectomy|orchiectomy|orchidectomy|vasectomy|turp)\b", re.IGNORECASE),
}
# A peritoneal recess only a woman has, named by the organs it lies between: the rectouterine pouch lies behind the
# uterus (a man's is the rectovesical pouch). The uterus's word inside its name is no organ (`mentions._landmark`).
_FEMALE_RECESS = {"en": re.compile(r"\brecto-?uterine\s+(?:pouch|space|recess)\b", re.IGNORECASE),
                  "zh": re.compile(r"直肠子宫陷凹|子宫直肠陷凹")}
_NAME = {"M": "male", "F": "female"}


def stated_sex(text: str) -> tuple[str, int, int] | None:
    for pattern in _STATED_SEX:
        match = pattern.search(text)
        if match:
            return _SEX_WORD[match.group("s").lower()], match.start("s"), match.end("s")
    return None


def check(data: CheckInput) -> list[Candidate]:
    found = []
    stated = stated_sex(data.report.text)
    sex = data.sex
    if sex in _OTHER and stated and stated[0] == _OTHER[sex]:
        found.append(
            candidate(data.report, "sex_mismatch", stated[1], stated[2],
                      f"The report states a {_NAME[stated[0]]} patient; the record says {_NAME[sex]}.", 0.8, "stated-sex")
        )
    if sex not in _OTHER and stated:
        sex = stated[0]
    if sex not in _OTHER:
        return found
    # (sentence, start, end): merged when consecutive sentences of one section continue one statement; across a
    # heading they are two, as evidence never takes in a heading (`evidence`): "prostate is enlarged.\nIMPRESSION:
    # Prostatomegaly" was one finding.
    hits = []
    for sentence in data.report.body:
        wrong = [(m.start, m.end) for m in organs(sentence, data.language) if anatomy()[m.key].get("sex") == _OTHER[sex]]
        procedures = _PROCEDURES[_OTHER[sex]].finditer(sentence.text) if data.language == "en" else []
        recesses = _FEMALE_RECESS[data.language].finditer(sentence.text) if sex == "M" else []
        wrong = sorted(wrong + [(sentence.start + m.start(), sentence.start + m.end()) for m in (*procedures, *recesses)])
        if wrong:
            if hits and hits[-1][0].index == sentence.index - 1 and hits[-1][0].section == sentence.section:
                hits[-1] = (sentence, hits[-1][1], wrong[-1][1])
            else:
                hits.append((sentence, wrong[0][0], wrong[-1][1]))
    for _, start, end in hits:
        found.append(candidate(data.report, "sex_mismatch", start, end,
                               f"\"{quoted(data.report.text[start:end])}\" is {_NAME[_OTHER[sex]]} anatomy, but the "
                               f"patient is {_NAME[sex]}.", 0.9 if data.sex in _OTHER else 0.7, "other-sex-anatomy"))
    return found
