"""Lymph node stations: where the words written before a node word place the nodes.

A report names nodes by where they lie, in the words straight before the node word: "right lower paratracheal (4R)
node", "para-aortic and aortocaval lymph nodes", "porta hepatis nodes", "left level IIA node", "纵隔多发肿大淋巴结". Each
station word (anatomy.json's lymph_node "stations", or one organ word: "gastric nodes") names a place; a word narrowing
it ("lower", "external": the stations' "modifiers") belongs to its name, and the lexicon gives the regions holding it
("mediastinal" holds "paratracheal", "thoracic" holds "mediastinal"). Side words and an IASLC code are the nodes'
side (`mentions.sides`), no part of the name; nor is the node word: "mediastinal nodes", "mediastinal lymph nodes",
"mediastinal lymphadenopathy", "mediastinal adenopathy" are one station, as "纵隔淋巴结" and "纵隔淋巴结肿大" are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from radqc.agents.report.lexicon import anatomy

_NODE = "lymph_node"
# Sides inside a station's words: "right lower paratracheal", "bilateral external iliac", "右侧气管旁".
_SIDE = {"en": r"(?:left|right|bilateral|both)(?:-sided)?", "zh": r"(?:左右|双侧|两侧|左侧|右侧|双|两|左|右)"}
# What may join two stations named before one node word: "hilar and mediastinal", "IB/IIA", "肺门及纵隔", "髂内、髂外".
_JOIN = {"en": r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s|/)\s*", "zh": r"\s*(?:以及|[、及和与或/])\s*"}
# Between the station and the node word: an IASLC code in brackets ("paratracheal (4R) node"); in Chinese also where
# the nodes are in it, on its side of an organ, and how many or how large ("纵隔内多发肿大淋巴结", "肺门区未见明显肿大淋巴结",
# "胃小弯侧淋巴结").
_GAP = {"en": r"[ \t-]{0,2}(?:\(\s*(?:station\s*)?\d{1,2}[RLrl]?\s*\)[ \t]*)?",
        "zh": r"(?:区|组|内|周围|侧|可?见|未见|无|明显|明确|多发|多个|数个|数枚|散在|\d+[个枚]|小|稍大|稍?肿大|增大|的)*"}
# Neck levels: "level II", "level IIA", and a level listed after one ("level IB and IIA"); the lexicon puts "level" in
# its region.
_LEVEL_WORD = "level"
_LEVEL = rf"{_LEVEL_WORD}\s+[ivx]{{1,3}}[ab]?\b"
_LISTED_LEVEL = r"(?-i:[IVX]{1,3}[AB]?)\b"
_REACH = 120  # characters before a node word searched for its station words: far more than any list of stations


@dataclass(frozen=True)
class Place:
    """One station a node mention names: its name as the lexicon spells it, with the narrowing words written
    before it ("lower paratracheal", "level iia", "纵隔"), and the regions holding it ("mediastinal", "thoracic")."""

    name: str
    regions: frozenset[str]


@dataclass(frozen=True)
class Station:
    """The places a node mention names: one ("paratracheal"), or the stations of a list ("para-aortic and
    aortocaval")."""

    places: tuple[Place, ...]

    @property
    def name(self) -> str:
        """The site two mentions of these nodes share however the nodes are written (`mentions.site_of`)."""
        return " and ".join(p.name for p in self.places)


def _lexicon() -> dict:
    return anatomy()[_NODE]["stations"]


@lru_cache(maxsize=None)
def _regions(language: str) -> dict[str, frozenset[str]]:
    """Each station name (in its lexicon form) with every region holding it, however deep."""
    held_by: dict[str, set[str]] = {}
    for region, members in _lexicon()[language].items():
        held_by.setdefault(region, set())
        for member in members:
            held_by.setdefault(_form(member, language), set()).add(region)

    def above(name: str, seen: frozenset[str]) -> set[str]:
        direct = held_by.get(name, set()) - seen
        return direct.union(*(above(r, seen | direct) for r in direct)) if direct else set()

    return {name: frozenset(above(name, frozenset({name}))) for name in held_by}


def _form(word: str, language: str) -> str:
    word = word.lower()
    return _lexicon()["forms"].get(language, {}).get(word, word)


@lru_cache(maxsize=None)
def _station_words(language: str) -> list[str]:
    """The words naming a station, longest first: the lexicon's regions, the stations they hold and other spellings."""
    lexicon = _lexicon()
    words = set(lexicon[language]) | {w for members in lexicon[language].values() for w in members}
    words |= set(lexicon["forms"].get(language, {}))
    return sorted(words - {_LEVEL_WORD}, key=len, reverse=True)  # a level names a station with its numeral only


@lru_cache(maxsize=None)
def _organ_words(language: str) -> list[str]:
    return sorted({w for key, organ in anatomy().items() if key != _NODE for w in organ.get(language, [])},
                  key=len, reverse=True)


def _any(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


@lru_cache(maxsize=None)
def _patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    """The station words written before a node word (a list of stations, or one organ word: "gastric nodes"), and
    one place among them."""
    side, words = _SIDE[language], _any(_station_words(language))
    if language == "en":
        narrowing = rf"(?:(?:{side}|{_any(_lexicon()['modifiers']['en'])})[\s-]+)*"
        place = rf"(?P<narrowing>{narrowing})(?P<word>{words}|{_LEVEL}|{_LISTED_LEVEL})(?![A-Za-z])"
        first = rf"{narrowing}(?:{words}|{_LEVEL})(?![A-Za-z])"  # a bare level only after a level: "level IB and IIA"
        organ = rf"(?:{side}[\s-]+)*{_any(_organ_words(language))}"
        edge = r"(?<![A-Za-z-])"
    else:
        place = rf"(?P<narrowing>(?:{side}侧?)?)(?P<word>{words})"
        first = rf"(?:{side}侧?)?{words}"
        organ = rf"(?:{side}侧?)?{_any(_organ_words(language))}"
        edge = ""
    listed = re.sub(r"\(\?P<\w+>", "(?:", place)
    written = rf"{edge}(?:{first}(?:{_JOIN[language]}{listed})*|{organ})(?:{_GAP[language]})$"
    return re.compile(written, re.I), re.compile(edge + place, re.I)


def node_word(written: str, language: str) -> bool:
    """WRITTEN is a word for lymph nodes themselves ("nodes", "lymphadenopathy", "淋巴结"), not a station's."""
    return written.lower() in {w.lower() for w in anatomy()[_NODE]["whole"][language]}


def station_start(text: str, node: int, language: str) -> int | None:
    """Where the station words written before the node word at NODE of TEXT start, past the side words opening
    them ("right paratracheal": the side is the nodes', `mentions.sides`); None when none stand there."""
    written, _ = _patterns(language)
    found = written.search(text, max(0, node - _REACH), node)
    if found is None:
        return None
    opening = re.match(rf"(?:{_SIDE[language]}(?:[\s-]+|侧)?)*", found.group(0), re.I)
    return found.start() + opening.end()


def read_station(written: str, language: str) -> Station | None:
    """The station WRITTEN, the words of a node mention ("lower paratracheal (4R) node", "纵隔淋巴结"), names; None
    when it is a node word alone. An organ word standing as the station ("gastric nodes") is a place the lexicon
    puts in no region."""
    node = next((m for m in _node_words(language).finditer(written) if m.end() == len(written.rstrip())), None)
    before = written[: node.start()] if node else written
    _, place = _patterns(language)
    places = []
    for found in place.finditer(before):
        word = found.group("word")
        if re.fullmatch(_LISTED_LEVEL, word):
            word = f"{_LEVEL_WORD} {word}"
        narrowing = re.sub(rf"{_SIDE[language]}(?:[\s-]+|侧)?", "", found.group("narrowing"), flags=re.I)
        name = " ".join(narrowing.lower().split() + [_form(word, language)])
        name = " ".join(name.split()) if language == "en" else name.replace(" ", "")
        named = _LEVEL_WORD if re.fullmatch(_LEVEL, word, re.I) else _form(word, language)
        places.append(Place(name, _regions(language).get(named, frozenset())))
    if not places:
        bare = re.sub(rf"^(?:{_SIDE[language]}(?:[\s-]+|侧)?)*|{_GAP[language]}$", "", before.strip(), flags=re.I)
        places = [Place(bare.lower(), frozenset())] if bare else []
    return Station(tuple(places)) if places else None


@lru_cache(maxsize=None)
def _node_words(language: str) -> re.Pattern:
    edge = r"(?<![A-Za-z])" if language == "en" else ""
    return re.compile(edge + _any(sorted(anatomy()[_NODE]["whole"][language], key=len, reverse=True)), re.I)


def holds(outer: Station, inner: Station, language: str) -> bool:
    """Every place of INNER lies at one of OUTER's: the same station, a region holding it ("mediastinal" holds
    "lower paratracheal"), or one its name narrows ("lower paratracheal" lies in "paratracheal", "level iia" in
    "level ii")."""
    return all(any(_lies_in(place, there, language) for there in outer.places) for place in inner.places)


def _lies_in(place: Place, there: Place, language: str) -> bool:
    if place.name == there.name or there.name in place.regions:
        return True
    if language != "en":
        return there.name in place.name
    if re.fullmatch(re.escape(there.name) + "[ab]", place.name):
        return True  # a sublevel: "level iia" of "level ii"
    return set(there.name.split()) < set(place.name.split())


def region_names(station: Station) -> set[str]:
    """The names of STATION's places and of every region holding them: where an impression naming an organ
    ("mediastinal", "腹膜后") speaks of these nodes (`checks.omission`)."""
    return {p.name for p in station.places}.union(*(p.regions for p in station.places))


def apart(first: str, second: str, language: str) -> bool:
    """FIRST and SECOND, the words of two node mentions, name stations neither of which holds the other: nodes at the
    one are not the nodes at the other ("paratracheal" and "para-aortic"; "mediastinal" holds "paratracheal")."""
    a, b = read_station(first, language), read_station(second, language)
    return a is not None and b is not None and not holds(a, b, language) and not holds(b, a, language)
