"""Replace patient identifiers with placeholders before text goes to a model provider, and put them back.

Reports carry headers such as "Name: John Smith, MRN 00123456" or "姓名：张三 住院号：123456". The model
needs none of it to audit the report, so identifiers are swapped for stable placeholders (`[NAME_1]`):
the same value always gets the same placeholder within a case, which keeps cross-references intact,
and `restore` turns anything the model quotes back into the original text for evidence mapping.

Patterns are deliberately label-driven (a value after "Name:", "住院号：", ...) plus a few formats that
are identifiers on their own (phone numbers, e-mail, national id numbers): free-text names without a
label cannot be found reliably by pattern, which docs/llm-providers.md states plainly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEP = r"\s*[:：#]?\s*"
_LABEL_WORDS = r"(?:MRN|DOB|ID|SEX|AGE|ACC|NHS|SSN|DATE|TEL|PHONE|EXAM|CT)\b"
_EN_WORD = rf"(?!{_LABEL_WORDS})[A-Z](?:[A-Za-z'\-]*[A-Za-z])?\.?"
# "John Smith", "Smith, John", "JOHN A. SMITH": words joined by single spaces, a comma only after the first.
_EN_NAME = rf"{_EN_WORD}(?:,? {_EN_WORD})?(?: {_EN_WORD}){{0,2}}"
_ZH_NAME = r"[\u4e00-\u9fff·]{2,5}"
_DATE = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}"
_ID_VALUE = r"[A-Za-z]{0,4}[-\d][\dA-Za-z\-/]{2,24}"

# (kind, pattern): group "value" is what gets replaced; labels stay so the text still reads naturally.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("DOB", re.compile(rf"(?i:\b(?:date of birth|d\.?o\.?b\.?|birth ?date|born)){_SEP}(?P<value>{_DATE})")),
    ("DOB", re.compile(rf"(?:出生日期|出生年月日?|生日){_SEP}(?P<value>{_DATE})")),
    ("NAME", re.compile(rf"(?i:\b(?:patient(?:'s)? name|patient|name|pt))\s*[:：]\s*(?P<value>(?-i:{_EN_NAME}))")),
    ("NAME", re.compile(rf"(?:姓名|患者姓名|病人姓名){_SEP}(?P<value>{_ZH_NAME})")),
    ("NAME", re.compile(rf"(?:患者|病人)\s*[:：]\s*(?P<value>{_ZH_NAME})")),  # a colon, or "患者右肺..." would match
    (
        "ID",
        re.compile(
            rf"(?i:\b(?:MRN|medical record (?:number|no\.?)|patient id|hospital (?:number|no\.?)|"
            rf"accession(?: number| no\.?)?|ID(?: number| no\.?)?|NHS(?: number)?|SSN)){_SEP}(?P<value>{_ID_VALUE})"
        ),
    ),
    (
        "ID",
        re.compile(
            rf"(?:住院号|门诊号|病案号|病历号|影像号|检查号|登记号|放射号|ID号|身份证号?|医保号|床号){_SEP}(?P<value>{_ID_VALUE})"
        ),
    ),
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{17}[\dXx])(?![\dA-Za-z])")),  # PRC resident id number
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{3}-\d{2}-\d{4})(?!\d)")),  # US SSN
    ("EMAIL", re.compile(r"(?P<value>[\w.+-]+@[\w-]+\.[\w.-]+)")),
    ("PHONE", re.compile(r"(?<!\d)(?P<value>1[3-9]\d{9})(?!\d)")),  # PRC mobile
    ("PHONE", re.compile(rf"(?i:\b(?:tel|phone|telephone|mobile|cell|fax)|联系电话|电话|手机){_SEP}(?P<value>\+?[\d][\d\s().-]{{5,18}}\d)")),
    ("PHONE", re.compile(r"(?<![\d.])(?P<value>\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?![\d.])")),  # NANP
]


@dataclass
class Redactor:
    """Redacts the texts of one case consistently; `restore` inverts it on anything the model returns.
    A disabled redactor (for a provider allowed to see identifiers) passes text through unchanged."""

    enabled: bool = True
    placeholders: dict[str, str] = field(default_factory=dict)  # original value -> placeholder
    counts: dict[str, int] = field(default_factory=dict)

    def redact(self, text: str) -> str:
        if not self.enabled:
            return text
        for kind, pattern in _PATTERNS:
            text = pattern.sub(lambda match, kind=kind: self._replace(match, kind), text)
        return text

    def restore(self, text: str) -> str:
        for original, placeholder in self.placeholders.items():
            text = text.replace(placeholder, original)
        return text

    def _replace(self, match: re.Match[str], kind: str) -> str:
        value = match.group("value")
        if value.startswith("["):  # already a placeholder
            return match.group(0)
        if value not in self.placeholders:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.placeholders[value] = f"[{kind}_{self.counts[kind]}]"
        whole, offset = match.group(0), match.start()
        return whole[: match.start("value") - offset] + self.placeholders[value] + whole[match.end("value") - offset :]
