"""Misspelled or substituted words.

English: a word that is in neither the medical lexicon nor everyday English and is one or two edits
from a lexicon word ("nodlue", "effsuion"), and real-word substitutions that only context reveals
("plural effusion", "prostrate"). Chinese: homophone and look-alike characters from a confusion table
("节结", "钙华", "纵膈"), and any term with one character typed as another of the same pinyin ("国动脉" for "腘动脉",
"髋旧" for "髋臼"). Strings confirmed as spelling errors in retrieved past cases extend both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from anyascii import anyascii

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.eponyms import EPONYM_NOUNS, GRADING_NOUNS
from radqc.agents.report.evidence import Candidate, candidate
from radqc.agents.report.lexicon import (
    chinese_dictionary_words,
    chinese_terms,
    confusable_chars,
    confusions,
    general_english_words,
    medical_words,
    simplified,
)

_WORD = re.compile(r"[A-Za-z]+")
_SUFFIXES = ("'s", "s", "es", "ed", "d", "ing", "ly")
# Where English puts a suffix: "-s" not after a hissing end, which takes "-es" ("glasses", never "glasss"); "-es" and
# "-ed" not after an "e", which takes "-s" and "-d" ("lobes", "delayed": never "lobees", "delayeed"); "-d" only after one
# ("displaced", never "recommendd"). A doubled or dropped letter at a word's end is no inflection. A "ch" said /k/
# ("stomachs", "epochs", "techs") is no hissing end.
_NO_SUFFIX_AFTER = {"s": re.compile(r"(?:s|x|z|(?<!stoma)(?<!epo)(?<!te)ch|sh)$"), "es": re.compile(r"e$"),
                    "ed": re.compile(r"e$"), "d": re.compile(r"[^e]$")}
# Prefixes radiology builds words with freely ("hypoenhancement", "peripancreatic", "nonobstructing").
_PREFIXES = ("hypo", "hyper", "iso", "peri", "para", "intra", "extra", "inter", "sub", "supra", "infra", "retro",
             "non", "pre", "post", "multi", "un", "re", "pseudo", "trans", "micro", "macro")
# Characters that need context: "肿" after a side and before a lobe is "肺"; "锥体" in the spine is "椎体".
_ZH_PATTERNS = [
    (re.compile(r"(?<=[左右双两])肿(?![大块瘤胀物])"), "肺", "形近字"),
    (re.compile(r"[颈胸腰骶]\d{0,2}锥体|锥体(?=[前后]缘|压缩|骨质|边缘|终板|高度|变扁|楔形)"), "椎体", "形近字"),
]


def check(data: CheckInput) -> list[Candidate]:
    if data.language == "zh":
        found = _confusions_zh(data) + _substituted_terms_zh(data)
    else:
        found = _confusions_en(data) + _non_words(data)
    return found + _known_from_past_cases(data)


def _overlaps_right_word(text: str, start: int, end: int, right: str) -> bool:
    """True when the intended word is actually there, overlapping the match ("结节结构" holds "节结")."""
    low = max(0, start - len(right))
    for match in re.finditer(re.escape(right), text[low : end + len(right)]):
        a, b = low + match.start(), low + match.end()
        if a < end and start < b:
            return True
    return False


@lru_cache(maxsize=None)
def _substitutions_zh() -> tuple[re.Pattern, dict[str, str]]:
    """Every one-character substitution of a Chinese term by a confusable character that is not itself a
    term ("牌脏" for "脾脏", "肾上线" for "肾上腺"), and one pattern finding them."""
    terms, table = chinese_terms(), confusable_chars()
    variants = {}
    for term in terms:
        for i, char in enumerate(term):
            for wrong in table.get(char, ""):
                variant = term[:i] + wrong + term[i + 1 :]
                if variant not in terms:
                    variants.setdefault(variant, term)
    pattern = re.compile("|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)))
    return pattern, variants


@lru_cache(maxsize=None)
def _terms_pattern_zh() -> re.Pattern:
    return re.compile("|".join(re.escape(t) for t in sorted(chinese_terms(), key=len, reverse=True)))


def _substituted_spans_zh(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term meant) for each substituted term of TEXT that no real term as long covers: "淋巴结结构"
    is not "结节" misspelled, nor "纵隔下方" "膈下". Substitutions are the confusion table's and any homophone of one
    character of a longer term (`_homophone_spans_zh`)."""
    pattern, variants = _substitutions_zh()
    real = [m.span() for m in _terms_pattern_zh().finditer(text)]
    found = [(m.start(), m.end(), variants[m.group(0)]) for m in pattern.finditer(text)]
    found += [(start, end, meant) for start, end, meant in _homophone_spans_zh(text)
              if not any(a < end and start < b for a, b, _ in found)]
    return [(start, end, meant) for start, end, meant in found
            if not any(a < end and start < b and b - a >= end - start for a, b in real)]


# A term with one character typed as another of the same sound is a pinyin-input slip ("腘动脉" as "国动脉", "脊索瘤" as
# "脊锁瘤", "髋臼" as "髋旧"). A two-character term has many sound-alike neighbours that are words or pieces of words
# ("腹壁" beside "附壁", "趾骨" in "耻骨下支骨折"): its run counts only where neither character belongs to a word reaching
# past it (`_in_a_longer_word_zh`); a longer term's run, only where its changed character does not (`_is_word_zh`).
_SHORTEST_HOMOPHONE_TERM = 3
_LONGEST_NEIGHBOUR_WORD = 4  # characters of a dictionary word `_in_a_longer_word_zh` looks for around a run
_NEGATING_PREFIX_ZH = "非"  # "non-": 非 before a word is that word negated, not a slip for a sound-alike (肺, 腓)
# What a report weighs a finding with, the object of a verb such as 结合 or 对照, whichever the dictionary lacks as a word
# ("结合前片", "对照旧片", "结合感染指标"): after one of these a run reads on too ("双肺结合前片" is 双肺 + 结合前片).
_WEIGHED_WITH_ZH = re.compile(r"临床|病史|既往|前片|旧片|老片|前次|上次|实验室|化验|相关检查|其他检查|症状|体征|病理|标志物|指标|"
                              r"会诊")
# What may follow a diagnosis but never a verb's object: a hedge or the clause's end. A run whose last two characters
# are a word (a verb such as 结合 or 降至) reads on before a word or a number ("双肺结合增强扫描", "较前降至轻度",
# "较前降至3.2"), but not before these, where the noun the run meant ends its clause ("肺结合可能" is a slip for
# "肺结核可能", "肺结合（活动期）" for "肺结核（活动期）"), nor before what only a disease has: its activity, its spread,
# its focus or cavity, its treatment done, or a finding joined to it ("右肺结合活动期", "两肺结合播散", "肺结合治疗后"), nor
# before the infection it is ("双肺结合感染" for "双肺结核感染"), unless the infection's history, its markers, its
# department, what relates to it or marks it, or another thing the verb weighs with follows (`_WEIGHED_WITH_ZH`:
# "结合感染指标", "结合感染症状", "结合感染科会诊", "结合感染相关指标", "结合感染标志"). 相关 and 标志 stand here only: the
# table's other reader takes whole objects ("相关检查", "标志物").
_ENDS_A_DIAGNOSIS_ZH = re.compile(r"可能|不除外|不排除|可疑|待排|待查|活动|播散|病灶|空洞|治疗后|伴|并|"
                                  rf"感染(?!史|相关|标志|(?:性|科)?(?:{_WEIGHED_WITH_ZH.pattern}))|[（(。，,；;、？?：:\s]|$")


@lru_cache(maxsize=None)
def _sound(char: str) -> str:
    """CHAR's toneless pinyin (anyascii, a pinned dependency: one reading per character)."""
    return anyascii(char).lower()


@lru_cache(maxsize=None)
def _terms_by_pair_zh() -> dict[tuple[str, int], tuple[tuple[str, int], ...]]:
    """(two characters of a term, or its first and third with the gap marked, and the distance between them) -> (term,
    where the pair starts) for the terms of `_SHORTEST_HOMOPHONE_TERM` characters or more: a term with one character
    changed keeps one such pair ("国动脉" keeps "动脉"; "脊锁瘤" keeps "脊_瘤"), which finds where it may start."""
    index: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for term in sorted(chinese_terms()):
        if len(term) >= _SHORTEST_HOMOPHONE_TERM:
            for j in range(len(term) - 1):
                index.setdefault((term[j : j + 2], 1), []).append((term, j))
            index.setdefault((term[0] + term[2], 2), []).append((term, 0))
    return {pair: tuple(terms) for pair, terms in index.items()}


@lru_cache(maxsize=None)
def _two_character_terms_by_sound() -> dict[tuple[str, int, str], tuple[str, ...]]:
    """(one character of a two-character term, its place in the term, the other character's sound) -> the terms: a
    term typed with its other character changed for one of the same sound keeps both, which finds it in one look-up."""
    index: dict[tuple[str, int, str], list[str]] = {}
    for term in sorted(chinese_terms()):
        if len(term) == 2:
            for j, char in enumerate(term):
                index.setdefault((char, j, _sound(term[1 - j])), []).append(term)
    return {key: tuple(terms) for key, terms in index.items()}


def _homophone_spans_zh(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term meant) for each run of TEXT that is a term but for one character of the same sound, and
    is no word itself. A character at the run's edge that makes a word with the text beside it belongs to that word
    ("梗死早期" is no slip for "梗死灶": "早期"); either character of a two-character run may (`_in_a_longer_word_zh`)."""
    by_pair, by_sound = _terms_by_pair_zh(), _two_character_terms_by_sound()
    places = {(p - j, term) for p in range(len(text) - 1) for step in (1, 2)
              for term, j in by_pair.get((text[p] + text[p + step : p + step + 1], step), ())}
    places |= {(p - j, term) for p, char in enumerate(text) for j in (0, 1) if 0 <= p + 1 - 2 * j < len(text)
               for term in by_sound.get((char, j, _sound(text[p + 1 - 2 * j])), ())}
    found = []
    for start, term in sorted(places):
        end = start + len(term)
        run = text[start:end] if start >= 0 else ""
        changed = [i for i, (char, right) in enumerate(zip(run, term)) if char != right]
        if len(run) == len(term) and len(changed) == 1 and _sounds_alike(run[changed[0]], term[changed[0]]) \
                and run not in chinese_terms() and not (_in_a_longer_word_zh(text, start, end) if len(term) == 2
                                                        else _is_word_zh(text, start, end, changed[0])):
            found.append((start, end, term))
    return found


def _in_a_longer_word_zh(text: str, start: int, end: int) -> bool:
    """Whether TEXT[start:end] is a word of the general dictionary, or a character of it one of a word, general or
    medical, reaching past it ("松质骨" holds "质骨", "坐骨支骨折" "支骨": "骨折", "对比剂柱" "剂柱": "对比剂")."""
    words, terms = chinese_dictionary_words(), chinese_terms()
    return text[start:end] in words or any(
        text[a:b] in words or text[a:b] in terms
        for a in range(max(0, start - _LONGEST_NEIGHBOUR_WORD + 1), end)
        for b in range(max(a + 2, start + 1), min(len(text), a + _LONGEST_NEIGHBOUR_WORD) + 1)
        if (a < start or b > end) and a < end and b > start)


def _sounds_alike(written: str, right: str) -> bool:
    """Whether WRITTEN, in place of RIGHT, is another character of the same sound, and not RIGHT's traditional form."""
    return simplified(written) != right and _sound(written) == _sound(right) != ""


def _is_word_zh(text: str, start: int, end: int, changed: int) -> bool:
    """Whether TEXT[start:end] is a word of the general dictionary, or its CHANGED character, at an edge, one with
    the character beside it; or the run reads on as words: its last two characters a word that the text after it
    continues ("肺结合部" is 肺 + 结合部) or a verb before a word or number that no hedge or clause end
    (`_ENDS_A_DIAGNOSIS_ZH`) stands for, or before what a report weighs a finding with (`_WEIGHED_WITH_ZH`: "肺结合前片"
    is 肺 + 结合前片), or its changed first character the prefix 非 ("non-")
    before a word ("非结核分枝杆菌", non-tuberculous)."""
    words = chinese_dictionary_words()
    before = text[start - 1 : start + 1] if changed == 0 and start > 0 else ""
    after = text[end - 1 : end + 1] if changed == end - start - 1 and end < len(text) else ""
    tail = text[end - 2 : end]
    reads_on = changed >= end - start - 2 and tail in words and (
        any(tail + text[end : end + n] in words for n in range(1, _LONGEST_NEIGHBOUR_WORD - 1))
        or _WEIGHED_WITH_ZH.match(text, end)
        or not _ENDS_A_DIAGNOSIS_ZH.match(text, end) and (
            text[end : end + 1].isdigit() or any(text[end : end + n] in words
                                                 for n in range(2, _LONGEST_NEIGHBOUR_WORD + 1))))
    negated = changed == 0 and text[start] == _NEGATING_PREFIX_ZH and text[start + 1 : end] in words
    return text[start:end] in words or before in words or after in words or reads_on or negated


def _substituted_terms_zh(data: CheckInput) -> list[Candidate]:
    text = data.report.text
    return [candidate(data.report, "spelling", start, end, f"\"{text[start:end]}\" should be \"{meant}\" (同音/形近字).",
                      0.75, "char-substitution")
            for start, end, meant in _substituted_spans_zh(text)]


def _confusions_zh(data: CheckInput) -> list[Candidate]:
    text, found = data.report.text, []
    for wrong, right, kind in confusions("zh"):
        for match in re.finditer(re.escape(wrong), text):
            if not _overlaps_right_word(text, match.start(), match.end(), right):
                found.append(candidate(data.report, "spelling", match.start(), match.end(),
                                       f"\"{wrong}\" should be \"{right}\" ({kind}).", 0.85, "confusion-table"))
    for pattern, right, kind in _ZH_PATTERNS:
        for match in pattern.finditer(text):
            found.append(candidate(data.report, "spelling", match.start(), match.end(),
                                   f"\"{match.group(0)}\" should read \"{right}\" here ({kind}).", 0.8, "confusion-context"))
    return found


def _whole_words_en(body: str) -> str:
    return rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])"


def _confusion_body_en(wrong: str) -> str:
    """Rows are whole-word phrases, or regular expressions when written "re:..." (for exceptions such
    as "ejection fraction"); a regular expression may read the words before its slip, which its group `_SLIP` holds."""
    return wrong[3:] if wrong.startswith("re:") else re.escape(wrong)


# The group of a row's regular expression holding the slip, where the words matched before it are its context ("after a
# sleeve gastrectomy the stable line ...": the staple line, as a lookbehind of fixed width cannot read).
_SLIP = "slip"


def _slip_span(match: re.Match) -> tuple[int, int]:
    """Where MATCH, a confusion row's, holds its slip: its group `_SLIP` when that took part, else the whole match."""
    return match.span(_SLIP) if _SLIP in match.re.groupindex and match.group(_SLIP) is not None else match.span()


@lru_cache(maxsize=None)
def _confusion_patterns_en() -> tuple[tuple[re.Pattern, str, str], ...]:
    return tuple((re.compile(_whole_words_en(_confusion_body_en(wrong)), re.IGNORECASE), right, note)
                 for wrong, right, note in confusions("en"))


@lru_cache(maxsize=None)
def _any_confusion_en() -> re.Pattern | None:
    """One pattern matching wherever a row of the confusion table does, its rows' bodies alternatives between one
    pair of word edges, so that a text it finds nothing in (most sentences) needs no row tried one by one; None when
    a row holds a group, whose number would change in it (a row's `_SLIP` group is read in it as no group)."""
    bodies = [_confusion_body_en(wrong).replace(f"(?P<{_SLIP}>", "(?:") for wrong, _, _ in confusions("en")]
    if any(re.compile(body).groups for body in bodies):
        return None
    return re.compile(_whole_words_en("|".join(bodies)), re.IGNORECASE)


def confusion_matches_en(text: str) -> Iterator[tuple[re.Match, str, str]]:
    """(match, right word, note) for each match in TEXT of each row of the confusion table, row by row (public: the
    benchmark times it on the table's worst case)."""
    union = _any_confusion_en()
    if union is not None and union.search(text) is None:
        return
    for pattern, right, note in _confusion_patterns_en():
        for match in pattern.finditer(text):
            yield match, right, note


def _confusions_en(data: CheckInput) -> list[Candidate]:
    found = []
    for match, right, note in confusion_matches_en(data.report.text):
        start, end = _slip_span(match)
        found.append(candidate(data.report, "spelling", start, end,
                               f"\"{data.report.text[start:end]}\" should be \"{right}\" ({note}).", 0.85,
                               "confusion-table"))
    return found


# British spellings and Latin/Greek plurals, rewritten to the American singular the lexicon holds
# ("coeliac" -> "celiac", "characterisation" -> "characterization", "fossae" -> "fossa"), and the Latin adjective of
# an anatomical name in its English form ("sinus venosus", "ductus venosum": "venous"; "ductus arteriosus":
# "arterious", whose sibling is "arterial").
_SPELLING_VARIANTS = [
    (re.compile(r"ae(?=[a-z])"), "e"), (re.compile(r"oe(?=[a-z])"), "e"), (re.compile(r"is(?=ation|e[ds]?$|ing$)"), "iz"),
    (re.compile(r"tre(?=s?$)"), "ter"), (re.compile(r"our(?=s?$|ed$)"), "or"), (re.compile(r"yse(?=[ds]?$)"), "yze"),
    (re.compile(r"ae$"), "a"), (re.compile(r"i$"), "us"), (re.compile(r"es$"), "is"), (re.compile(r"ices$"), "ex"),
    (re.compile(r"a$"), "um"), (re.compile(r"os(?:us|um|a)$"), "ous"),
]
# Derivational endings: a word is known when its stem takes another of them in the lexicon
# ("congestive" from "congestion", "loculation" from "loculated"); a Latin noun's "-us"/"-um" takes the English
# adjective of its root ("tegmen tympani": "tympanus", "tympanic").
_DERIVATIONS = ("ification", "ified", "ify", "ation", "ative", "ated", "ate", "ion", "ive", "al", "ic", "ous", "us", "um",
                "ity", "ar", "ed", "y", "")
# An adjective's "-ous" with its "o" dropped ("heterogeneus", "osseus") is the commonest slip of it, no Latin noun: "-us"
# and "-um" are no siblings of "-ous" (a Latin "-osus" is the variant "-ous", `_SPELLING_VARIANTS`).
_NO_SIBLING = {"us": ("ous",), "um": ("ous",), "ous": ("us", "um")}


def _variants(lower: str) -> set[str]:
    forms = {lower}
    for pattern, replacement in _SPELLING_VARIANTS:
        forms |= {pattern.sub(replacement, form) for form in forms}
    return forms


def _derived(stem: str, shortest_root: int) -> set[str]:
    """STEM's sibling derivations when it ends in a derivational ending after a root of SHORTEST_ROOT letters or
    more; the bare root among them only from `_SHORTEST_BARE_ROOT` letters ("obstruct" of "obstructive", never
    "post" of "postion")."""
    for ending in _DERIVATIONS:
        if ending and stem.endswith(ending) and len(stem) - len(ending) >= shortest_root:
            root = stem[: -len(ending)]
            if root.endswith(ending[0]):
                return set()  # a letter doubled where root and ending meet ("mediaal", "coronaal"): no derivation
            return {root + other for other in _DERIVATIONS
                    if (other or len(root) >= _SHORTEST_BARE_ROOT) and other not in _NO_SIBLING.get(ending, ())}
    return set()


# The everyday vocabulary is a word-piece list: beside words it holds short fragments and foreign words ("arte",
# "card", "post"), which a misspelling taken apart leaves behind ("artey": "arte" + "y"; "pericardal": "peri" + "card"
# + "al"; "postion": "post" + "ion", sibling of "postal"). Taken apart, a word is an everyday word only by a root and
# a stem of five letters or more; the medical lexicon holds no fragments, and its roots may be four letters ("cyst").
_SHORTEST_MEDICAL_ROOT, _SHORTEST_GENERAL_ROOT = 4, 5
# A bare root of four letters is a word of its own more often than the stem of the word read ("post", "card").
_SHORTEST_BARE_ROOT = 5


def is_known(word: str) -> bool:
    """In a vocabulary as written, or after removing one regular suffix and/or one word-building prefix,
    also in its American spelling, singular or a sibling derivation (`_SHORTEST_GENERAL_ROOT`)."""
    written = _variants(word.lower())
    general = general_english_words()
    taken_apart = _stems(written, _SHORTEST_GENERAL_ROOT)
    return (any(stem in medical_words() for stem in _stems(written, _SHORTEST_MEDICAL_ROOT))
            or any(stem in general for stem in _stems(written, None))
            or any(stem in general and len(stem) >= _SHORTEST_GENERAL_ROOT for stem in taken_apart))


def _stems(written: set[str], shortest_root: int | None) -> set[str]:
    """The forms WRITTEN may be looked up as: less one regular suffix and/or one word-building prefix, and
    unless SHORTEST_ROOT is None also the sibling derivations of a root at least that long."""
    def derived(stem: str) -> set[str]:
        return set() if shortest_root is None else _derived(stem, shortest_root)

    # Suffixes come off the word as written, never off a sibling: "posted" of "postion" is no reason for "post".
    inflected = {stem[: -len(s)] for stem in written for s in _SUFFIXES if stem.endswith(s) and len(stem) - len(s) >= 3
                 and not (s in _NO_SUFFIX_AFTER and _NO_SUFFIX_AFTER[s].search(stem[: -len(s)]))}
    inflected |= {stem[:-3] + "y" for stem in written if stem.endswith("ies") and len(stem) >= 6}
    # An adjective's comparative or superlative: "denser", "coarsest" of "dense", "coarse"; "hazier" of "hazy".
    inflected |= {stem[: -len(s)] for stem in written for s in ("r", "st") if stem.endswith("e" + s) and len(stem) >= 6}
    inflected |= {stem[: -len(s)] + "y" for stem in written for s in ("ier", "iest") if stem.endswith(s) and len(stem) >= 6}
    # A verb's present tense takes its derivation from the bare verb ("deviates": "deviate", "deviated";
    # "opacifies": "opacify", "opacified"), and is known when its past is ("displaces": "displaced").
    past = {f"{stem}d" for stem in inflected if stem.endswith("e")}
    # A prefix comes off a form as written or inflected, and the rest takes the derivations: "pericoic" is no "peri" and
    # the "coated" of a sibling "pericoated".
    forms = _unprefixed(written | inflected)
    return forms | _unprefixed(past) | {d for form in forms for d in derived(form)}


def _unprefixed(forms: set[str]) -> set[str]:
    """FORMS, and each less a word-building prefix before four letters or more."""
    return forms | {form[len(p):] for form in forms for p in _PREFIXES if form.startswith(p) and len(form) - len(p) >= 4}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one), or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=None)
def _lexicon_by_initial() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in medical_words():
        if word.isalpha():
            index.setdefault(word[0], []).append(word)
    return {k: tuple(v) for k, v in index.items()}


def closest_medical_word(word: str) -> tuple[str, int] | None:
    """The nearest lexicon word within the edit budget for the word's length (1 edit from 4 letters,
    2 from 8): shorter words have too many innocent neighbours. Among equally near words the one with
    the same first letter and then the longer one is meant (a dropped letter is the commonest slip:
    "acites" is "ascites", not "acutes"; "efusion" is "effusion", not "fusion"), then the first in
    alphabetical order: the lexicon is a set, and the first one found changed from run to run, and
    with it the word the other checks read ("fusion") and so their findings."""
    lower = word.lower()
    limit = 2 if len(lower) >= 8 else 1
    lexicon = _lexicon_by_initial()
    near = [
        (candidate_word, distance)
        for initial in dict.fromkeys(lower[:2])
        for candidate_word in lexicon.get(initial, ())
        if (distance := edit_distance(lower, candidate_word, limit)) <= limit
    ]
    return min(near, key=lambda n: (n[1], n[0][0] != lower[0], -len(n[0]), n[0]), default=None)


@lru_cache(maxsize=4096)
def _misspelling(word: str) -> tuple[str, int] | None:
    if len(word) < 4 or word.isupper() or is_known(word):
        return None
    return closest_medical_word(word)


# The first half of a hyphenated compound is known when the compound written solid is ("Aorto-iliac", "ilio-femoral",
# "femoro-popliteal": "aortoiliac", "iliofemoral", "femoropopliteal"), as vascular segments and bypasses are written.
_HYPHEN_THEN_WORD = re.compile(r"-([A-Za-z]+)")
# ... or when it is a combining form: an organ's adjective with its ending turned into "o" before the hyphen, whatever
# follows it ("aorto-iliofemoral", "thoraco-abdominal", "gastro-oesophageal": "aortic", "thoracic", "gastric").
_COMBINING_ENDINGS = ("ic", "al", "ac", "ar", "eal", "a")
# A name: a capitalised word before the noun an eponym names ("Pott disease", "Schatzki ring", "Bochdalek hernia";
# eponyms.py, which the redactor reads too), or with its possessive ("Pott's").
_EPONYM_HEAD = re.compile(rf"(?:'s?|\s+(?:{EPONYM_NOUNS}|{GRADING_NOUNS}))\b")
# Where any word starts with a capital: a text's start, or after a full stop, colon, semicolon or a line break.
_CAPITALISED_ANYWAY = re.compile(r"(?:^|[.:;!?\n])[\s\"'(\[]*$")


def _misspelled_words(text: str) -> Iterator[tuple[re.Match, tuple[str, int]]]:
    """Each word of TEXT that is no word, with the lexicon word probably meant and its edit distance."""
    for match in _WORD.finditer(text):
        near = _misspelling(match.group(0))
        if near is not None and not _compound_half(text, match) and not _eponym(text, match):
            yield match, near


def _compound_half(text: str, word: re.Match) -> bool:
    """Whether WORD is the first half of a hyphenated compound (`_HYPHEN_THEN_WORD`, `_COMBINING_ENDINGS`)."""
    after = _HYPHEN_THEN_WORD.match(text, word.end())
    written = word.group(0)
    return after is not None and (is_known(written + after.group(1)) or written.lower().endswith("o") and any(
        is_known(written[:-1] + ending) for ending in _COMBINING_ENDINGS))


def _eponym(text: str, word: re.Match) -> bool:
    """Whether WORD is a name (`_EPONYM_HEAD`): capitalised, before an eponym's noun. Where every word is capitalised
    (a sentence's or a label's first) only the possessive shows a name: "Calcifid nodes." is a slip, "Pott's" is not."""
    written = word.group(0)
    head = _EPONYM_HEAD.match(text, word.end())
    return written[0].isupper() and written[1:].islower() and head is not None and (
        head.group(0).startswith("'") or not _CAPITALISED_ANYWAY.search(text, 0, word.start()))


def _non_words(data: CheckInput) -> list[Candidate]:
    found = []
    for sentence in data.report.body:
        for match, (intended, distance) in _misspelled_words(sentence.text):
            start = sentence.start + match.start()
            found.append(candidate(data.report, "spelling", start, start + len(match.group(0)),
                                   f"\"{match.group(0)}\" is not a word; probably \"{intended}\".",
                                   0.8 if distance == 1 else 0.45, "near-miss"))
    return found


def typos(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, word meant) for each misspelled word of TEXT (non-words, confusable characters, and
    real words the confusion table says stand for another: "fraction" for "fracture")."""
    return list(_remembered_typos(text, language))


@lru_cache(maxsize=4096)
def _remembered_typos(text: str, language: str) -> tuple[tuple[int, int, str], ...]:
    """`typos`, read once per text: the finding terms of a sentence (`mentions.finding_terms`) are asked for again
    and again by the checks, each time with its slips, which ran every pattern of the confusion table."""
    if language == "zh":
        return tuple(_substituted_spans_zh(text))
    found = [(*_slip_span(m), right) for m, right, _ in confusion_matches_en(text)]
    found += [(match.start(), match.end(), near[0]) for match, near in _misspelled_words(text)]
    return tuple(found)


def _known_from_past_cases(data: CheckInput) -> list[Candidate]:
    found = []
    for wrong, error_type in data.knowledge.known_errors.items():
        if error_type != "spelling":
            continue
        boundary = r"(?<![A-Za-z]){}(?![A-Za-z])" if data.language == "en" else "{}"
        for match in re.finditer(boundary.format(re.escape(wrong)), data.report.text):
            found.append(candidate(data.report, "spelling", match.start(), match.end(),
                                   f"\"{wrong}\" was confirmed as a spelling error in a similar past report.",
                                   0.9, "past-case"))
    return found
