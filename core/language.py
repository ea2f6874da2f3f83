"""Which language a report is written in, for datasets and files that do not say, or say wrongly.

The spec's default is English, but a Chinese report audited as English would be checked with the
wrong lexicons and find nothing; the script of the text is a far better guess than the default, and
better than a tag it plainly contradicts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

Language = str  # "en" | "zh"

_ALIASES = {"zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh", "en": "en", "english": "en"}


def normalise_language(value: object) -> str | None:
    """"zh-CN", "Chinese", "EN-us"... as "zh"/"en"; None for anything else."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    return _ALIASES.get(key) or _ALIASES.get(key.split("-")[0].split("_")[0])


def is_chinese_character(ch: str) -> bool:
    """Whether CH is one of the CJK Unified Ideographs (the Chinese characters of everyday text)."""
    return "\u4e00" <= ch <= "\u9fff"


def _letter_counts(text: str) -> tuple[int, int]:
    """(Chinese characters, Latin letters) in TEXT."""
    han = sum(1 for ch in text if is_chinese_character(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return han, latin


def detect_language(text: str) -> str:
    """"zh" when Chinese characters make up a fair share of the letters, else "en"."""
    han, latin = _letter_counts(text)
    return "zh" if han and han >= 0.2 * (han + latin) else "en"


_NAMES = {"en": "English", "zh": "Chinese"}


def script_language(text: str) -> str | None:
    """The language TEXT's script leaves no doubt about: "zh" when Chinese characters are most of its
    letters, "en" when it has Latin letters and no Chinese character at all; None when mixed (an
    English report quoting a Chinese name, a Chinese one full of abbreviations) or without letters."""
    han, latin = _letter_counts(text)
    if han and han >= latin:
        return "zh"
    return "en" if latin and not han else None


def _script(ch: str) -> str:
    """The script a letter is written in, as Unicode names it ("LATIN", "CJK", "CYRILLIC", "HIRAGANA")."""
    words = unicodedata.name(ch, "").split()
    return "LATIN" if "LATIN" in words else next((word for word in words if word not in ("FULLWIDTH", "HALFWIDTH")), "")


def foreign_script(text: str) -> str | None:
    """The script, neither Latin nor Chinese, that a tenth or more of TEXT's letters are in (a Russian or
    Korean report; a Japanese one, whose kana are that share even among its Chinese characters), by its
    Unicode name; None for English or Chinese text, whose Greek letters (β-hCG) are fewer."""
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    foreign = Counter({script: n for script, n in scripts.items() if script not in ("LATIN", "CJK")})
    if foreign.total() < max(3, 0.1 * scripts.total()):
        return None
    return foreign.most_common(1)[0][0]


# The commonest function words (articles, prepositions, conjunctions, auxiliaries) of the languages in Latin script
# a report besides English is most often written in. Left out: English words ("die" stays: rare in a report),
# Latin ones English reports use ("per", "et al", "in situ", "de novo") and words abbreviations spell ("IL-6",
# "IM", "Na", "non-contrast", "para-aortic", "no"), since a drug or anatomy term must not make a report foreign.
_FUNCTION_WORDS = {
    "German": frozenset("der die das den dem des ein eine einer eines einem einen und oder mit von vom zum zur bei auf "
                        "nach für über unter ist sind wird werden wurde nicht kein keine keinen sowie sich auch als wie zu ohne".split()),
    "French": frozenset("le la les un une des du est sont pas dans sur avec pour par sans au aux ce cette ces qui que "
                        "elle ou ni été également mais".split()),
    "Spanish": frozenset("el la los las un una unos unas del es está están son con sin por que se lo su sus como pero "
                         "hay sobre entre desde hasta muy también ni".split()),
    "Italian": frozenset("lo la gli le un una della delle dei degli del nel nella nei alla allo è sono di da con che "
                         "anche senza si come ma".split()),
    "Portuguese": frozenset("os um uma dos das da ao aos pelo pela não são está também por que mas se com".split()),
}
_ENGLISH_WORDS = frozenset("the of and is are was were with without to for on at by from there this that no not or an "
                           "as be has have".split())
# A share of the words (and a count) the commonest words of a language make up in its own text, which English text
# quoting a drug, an anatomical term or a Latin phrase comes nowhere near.
_MIN_SHARE, _MIN_WORDS = 0.15, 4


def latin_language(text: str) -> str | None:
    """The language other than English, in Latin script, that TEXT is written in by its common words (German,
    French, Spanish, Italian, Portuguese), or None: its letters alone call it English."""
    words = [word.lower() for word in re.findall(r"[^\W\d_]+", text)]
    hits = Counter({language: sum(word in common for word in words) for language, common in _FUNCTION_WORDS.items()})
    language, count = hits.most_common(1)[0]
    english = sum(word in _ENGLISH_WORDS for word in words)
    return language if count >= max(_MIN_WORDS, _MIN_SHARE * len(words)) and count > english else None


def _foreign_writing(text: str) -> str | None:
    """How TEXT is written when in neither English nor Chinese: another script, or Latin letters whose
    common words are another language's; else None."""
    if script := foreign_script(text):
        return f"{script.title()} script in part or whole"
    if other := latin_language(text):
        return f"{other}, by its common words"
    return None


def reading_language(tag: object, text: str | None) -> tuple[str, str | None]:
    """The language to read TEXT in, given the case's language TAG, and a note when the text overrules
    the tag. A missing or unknown tag is read off the script silently (the spec allows leaving it out);
    a tag the script plainly contradicts ("en" on a Chinese report) would make the auditors find
    nothing, so the script wins and the note says so. Text in another script (Cyrillic, kana, Hangul)
    is read all the same, but radqc's auditors know only English and Chinese words, and its "no
    findings" was read as a clean report: the note says so, as it does of one in Latin letters whose
    common words are another language's (German, French: `latin_language`)."""
    told = normalise_language(tag)
    if text is None:
        return told or "en", None
    if foreign := _foreign_writing(text):
        language = told or detect_language(text)
        return language, (f"the report is written in {foreign}, in neither English nor Chinese, "
                          f"the only languages radqc reads: read as {_NAMES[language]} ({language}), its findings and their "
                          "absence mean little")
    if told is None:
        return detect_language(text), None
    seen = script_language(text)
    if seen is None or seen == told:
        return told, None
    return seen, f"language tag {tag!r} disagrees with the report's script: read as {_NAMES[seen]} ({seen})"
