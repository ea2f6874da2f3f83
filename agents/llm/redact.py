"""Replace patient identifiers with placeholders before text goes to a model provider, and put them back.

Reports carry headers such as "Name: John Smith, MRN 00123456" or "姓名：张三 住院号：123456". The model
needs none of it to audit the report, so identifiers are swapped for stable placeholders (`[NAME_1]`):
the same value always gets the same placeholder within a case, which keeps cross-references intact,
and `restore` turns anything the model quotes back into the original text for evidence mapping.

Finding a value is label-driven (a value after "Name:", "住院号：", ...) plus a few formats that are
identifiers on their own (phone numbers, e-mail, national id numbers): free-text names without a label
cannot be found reliably by pattern, which docs/llm-providers.md states plainly. But once a value is
found it is hidden everywhere in the case, label or not: "Mr. Quixotefrank" in the findings, the
exam field or a past case gets the placeholder of "Patient Name: Zebulon Quixotefrank" (`aliases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_SEP = r"[ \t]*(?:#[ \t]*)?[:：\-–=]?[ \t]*"
# Words that start the next header field, so a name or address stops before them.
_LABEL_WORDS = r"(?:MRN|DOB|ID|SEX|GENDER|AGE|ACC|ACCESSION|NHS|SSN|DATE|TEL|PHONE|EXAM|CT|ADDRESS|BORN)\b"
_LETTERS = r"[^\W\d_]+"  # Unicode letters: "Núñez", "Ærlingsson", "李"
_WORD = rf"(?!{_LABEL_WORDS}){_LETTERS}(?:['’\-]{_LETTERS})*\.?"
_PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|du|la|le|bin|al|ten|ter|st\.?)"
# "John Smith", "SMITH,JOHN", "van der Berg, Hendrika": up to five words joined by a space or a comma.
_NAME = rf"{_WORD}(?:(?:, ?| ){_WORD}){{0,4}}"
# After "Patient:" prose may follow ("Patient: is a 63 year old male"): there the name must look like
# one, capitalised, possibly after lower-case particles.
_CAPITAL = r"(?-i:[A-ZÀ-ÖØ-Þ])"
_PROPER_NAME = rf"(?:{_PARTICLE} ){{0,2}}(?={_CAPITAL}){_WORD}(?:(?:, ?| )(?:{_PARTICLE} )?(?={_CAPITAL}){_WORD}){{0,4}}"
_ZH_LABEL_WORDS = r"(?:姓名|性别|年龄|患者|病人|住院|门诊|病案|病历|出生|电话|手机|住址|地址|身份|检查|床号|科室|医生|医师)"
# Han characters, one space or a middle dot allowed between them ("李 雷", "司马·相如"), never a label.
_ZH_NAME = rf"(?!{_ZH_LABEL_WORDS})[\u4e00-\u9fff](?:[ \u3000·]?(?!{_ZH_LABEL_WORDS})[\u4e00-\u9fff]){{1,4}}"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{_MONTH}\.? {_DAY},? \d{{4}}|{_DAY} (?:of )?{_MONTH}\.?,? \d{{4}}"
)
# Record, accession and id numbers: letters, digits and dashes with at least one digit ("ABCDE12345").
_ID_VALUE = r"(?=[A-Za-z\d\-/]*\d)[A-Za-z\d][A-Za-z\d\-/]{2,24}(?![A-Za-z\d])"
_EN_ID_LABEL = (
    r"MRN|medical record(?: number| no\.?)?|record (?:number|no\.?)|patient id|hospital (?:number|no\.?)|"
    r"accession(?: number| no\.?)?|acc(?: no\.?)?|case (?:number|no\.?)|study id|visit (?:number|no\.?)|"
    r"ID(?: number| no\.?)?|NHS(?: number)?|SSN"
)
_TITLES = r"(?:Dr|Prof|Mr|Mrs|Ms|Miss)"
_TITLE = rf"(?:{_TITLES}\.?[ \t]+)?"
# An address runs to the end of its line or to a wide gap before the next header field.
_EN_ADDRESS = r"[^\s].*?(?=[ \t]{2,}|\n|$)"
_COLON = r"[ \t]*[:：][ \t]*"  # labels that are also ordinary words ("address", "patient") need one

# (kind, pattern): group "value" is what gets replaced; labels stay so the text still reads naturally.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("DOB", re.compile(rf"(?i)\b(?:date of birth|d\.?o\.?b\.?|birth ?date|born(?: on)?){_SEP}(?P<value>{_DATE})")),
    ("DOB", re.compile(rf"(?:出生日期|出生年月日?|生日){_SEP}(?P<value>{_DATE})")),
    (
        "NAME",
        re.compile(rf"(?i)\b(?:patient(?:'s)? name|full name|(?:first |last |given |family |sur)name|name){_COLON}{_TITLE}(?P<value>{_NAME})"),
    ),
    ("NAME", re.compile(rf"(?i)\b(?:patient|pt){_COLON}{_TITLE}(?P<value>{_PROPER_NAME})")),
    (
        "NAME",
        re.compile(
            rf"(?i)\b(?:(?:referring|ordering|requesting|attending) (?:physician|doctor|clinician|provider)|"
            rf"referred by|ordered by){_SEP}{_TITLE}(?P<value>{_PROPER_NAME})"
        ),
    ),
    # A title is a label too: "Mr. Quixotefrank", "seen by Dr. Vorpalblade".
    ("NAME", re.compile(rf"\b{_TITLES}\.?[ \t]+(?P<value>{_PROPER_NAME})")),
    ("NAME", re.compile(rf"(?:姓名|患者姓名|病人姓名|申请医生|申请医师|送检医生|送检医师|开单医生){_SEP}(?P<value>{_ZH_NAME})")),
    ("NAME", re.compile(rf"(?:患者|病人){_COLON}(?P<value>{_ZH_NAME})")),  # a colon, or "患者右肺..." would match
    ("ID", re.compile(rf"(?i)\b(?:{_EN_ID_LABEL}){_SEP}(?P<value>{_ID_VALUE})")),
    (
        "ID",
        re.compile(
            rf"(?:住院号|门诊号|病案号|病历号|影像号|检查号|登记号|放射号|ID号|身份证号?|医保号|床号){_SEP}(?P<value>{_ID_VALUE})"
        ),
    ),
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{17}[\dXx])(?![\dA-Za-z])")),  # PRC resident id number
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{3}-\d{2}-\d{4})(?!\d)")),  # US SSN
    ("EMAIL", re.compile(r"(?P<value>[\w.+-]+@[\w-]+\.[\w.-]+)")),
    ("ADDRESS", re.compile(rf"(?i)\b(?:home address|address|addr\.?){_COLON}(?P<value>{_EN_ADDRESS})")),
    ("ADDRESS", re.compile(rf"(?:家庭住址|现住址|住址|地址){_COLON}(?P<value>[^\s]+)")),
    ("PHONE", re.compile(r"(?<!\d)(?P<value>1[3-9]\d{9})(?!\d)")),  # PRC mobile
    ("PHONE", re.compile(rf"(?i:\b(?:tel|phone|telephone|mobile|cell|fax)|联系电话|电话|手机){_SEP}(?P<value>\+?[\d][\d\s().-]{{5,18}}\d)")),
    ("PHONE", re.compile(r"(?<![\d.])(?P<value>\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?![\d.])")),  # NANP
]
_PLACEHOLDER = r"\[[A-Z]+_\d+\]"
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Name words that are not the person: titles and particles stay readable, initials identify no one.
_NOT_A_NAME_PART = re.compile(rf"(?i)(?:{_PARTICLE}|{_TITLES}|[^\W\d_])\.?")


@dataclass
class Redactor:
    """Redacts the texts of one case consistently; `restore` inverts it on anything the model returns.
    A disabled redactor (for a provider allowed to see identifiers) passes text through unchanged.

    Call `learn` on every text of the case before redacting any, so that a value labelled in one text
    (the report header) is hidden in the texts redacted before it (the exam field) too."""

    enabled: bool = True
    placeholders: dict[str, str] = field(default_factory=dict)  # original value -> placeholder
    counts: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # casefolded spelling of a found value -> placeholder

    def learn(self, *texts: str) -> None:
        """Find the labelled identifiers of TEXTS, so that `redact` hides them wherever they appear."""
        for text in texts:
            self.redact(text)

    def redact(self, text: str) -> str:
        if not self.enabled:
            return text
        for kind, pattern in _PATTERNS:
            text = pattern.sub(lambda match, kind=kind: self._replace(match, kind), text)
        return self._replace_known(text)

    def restore(self, text: str) -> str:
        for original, placeholder in self.placeholders.items():
            text = text.replace(placeholder, original)
        return text

    def _replace(self, match: re.Match[str], kind: str) -> str:
        value = match.group("value")
        if value.startswith("["):  # already a placeholder
            return match.group(0)
        placeholder = self.aliases.get(value.casefold()) or self._new_placeholder(value, kind)
        whole, offset = match.group(0), match.start()
        return whole[: match.start("value") - offset] + placeholder + whole[match.end("value") - offset :]

    def _new_placeholder(self, value: str, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        placeholder = self.placeholders[value] = f"[{kind}_{self.counts[kind]}]"
        for alias in spellings(value, kind):
            self.aliases.setdefault(alias.casefold(), placeholder)
        return placeholder

    def _replace_known(self, text: str) -> str:
        """TEXT with every spelling of an identifier found so far replaced by its placeholder."""
        if not self.aliases:
            return text
        return _alias_pattern(tuple(self.aliases)).sub(lambda match: self.aliases.get(match.group(0).casefold(), match.group(0)), text)


def spellings(value: str, kind: str) -> list[str]:
    """The ways VALUE can appear elsewhere in a case: itself, and for names its parts ("Quixotefrank"
    of "Zebulon Quixotefrank") and, for Han names, the value without its spaces ("李雷" of "李 雷")."""
    found = [value]
    if kind != "NAME":
        return found
    if _HAN.search(value):
        return found + [re.sub(r"[ \u3000]", "", value)]
    words = [word.strip(".") for word in re.split(r"[\s,]+", value) if word]
    parts = [word for word in words if not _NOT_A_NAME_PART.fullmatch(word)]
    hyphenated = [piece for word in parts if "-" in word for piece in word.split("-") if len(piece) > 2]
    return found + parts + hyphenated


@lru_cache(maxsize=64)
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all known spellings, longest first; placeholders match first and stay as they
    are. Latin spellings match on word boundaries, so "Lee" does not hit "sleep"; Han text has no
    spaces to bound words with, so Han spellings match anywhere."""
    bounded = [rf"(?<!\w){re.escape(alias)}(?!\w)" for alias in sorted(aliases, key=len, reverse=True) if not _HAN.match(alias)]
    han = [re.escape(alias) for alias in sorted(aliases, key=len, reverse=True) if _HAN.match(alias)]
    return re.compile("|".join([_PLACEHOLDER, *bounded, *han]), re.IGNORECASE)
