"""Spinal levels a statement names: the vertebrae ("L1", "T12", "寰椎" for C1, "the dens" for C2) and the discs between
two of them ("L4-5", "L4/L5", "C5-6"), as a spine surgeon reports level by level.

Two statements about the spine that each name levels, and no level of one touches a level of the other, are about
different places: "L3-4椎间盘未见突出" says nothing of the L4-5 herniation, "No fracture at C3-C7" nothing of the C1 one. A
disc touches the two vertebrae it lies between; a range ("L4-S1 fusion") names every vertebra and disc in it. A level
naming a nerve root ("左侧L5神经根", "the right L5 root") is the root's, which leaves its foramen at another disc, and is
no place of the spine here; nor is a liver segment written as S6 ("肝S6").
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The vertebrae top to bottom: C1-C7, T1-T12, L1-L5, S1-S5.
_ORDER = tuple(f"C{i}" for i in range(1, 8)) + tuple(f"T{i}" for i in range(1, 13)) + tuple(
    f"L{i}" for i in range(1, 6)) + tuple(f"S{i}" for i in range(1, 6))
_ROOT_AFTER = re.compile(r"\s*(?:神经根|神经|(?:nerve\s+)?roots?\b|nerves?\b)", re.I)
# Couinaud's liver segments are written S1-S8 too ("肝S6、S7切除术后", "右叶S8", "segment S4").
_LIVER_BEFORE = re.compile(r"肝|叶|segments?\b", re.I)
# "L4-5", "L4/L5", "l4-5": a disc when the two are neighbours, else a range.
# Not an MRI weighting ("T2WI", "T1-weighted"), a TNM stage ("T2N1M0") or an artery's segment ("颈内动脉C4段").
SPAN = re.compile(r"(?<![A-Za-z0-9])(?P<upper>[CTLS]\d{1,2})(?:\s*[-/]\s*(?P<lower>[CTLS]?\d{1,2}))?(?![0-9])"
                  r"(?!\s*(?:WI(?![A-Za-z])|W(?![A-Za-z])|-?\s*weighted|N\d|M\d|段))", re.I)
# The first two vertebrae by name, and a Chinese vertebra by its segment and number ("第1腰椎", "腰4椎体").
_NAMED = {"en": re.compile(r"\b(?:(?P<c1>atlas|atlantal)|(?P<c2>dens|odontoid))\b", re.I),
          "zh": re.compile(r"(?P<c1>寰椎)|(?P<c2>枢椎|齿突)|第?(?P<number>\d{1,2})(?P<segment>[颈胸腰骶])椎|"
                           r"(?P<segment_first>[颈胸腰骶])(?P<number_after>\d{1,2})(?=椎)")}
_SEGMENT = {"颈": "C", "胸": "T", "腰": "L", "骶": "S"}


class Level(NamedTuple):
    """A vertebra (upper == lower) or the disc between two neighbouring vertebrae."""
    upper: str
    lower: str


def span(match: re.Match) -> tuple[str, str]:
    """The vertebrae a `SPAN` match names as (upper, lower): "L4-5", "L4/L5" and "l4-5" are ("L4", "L5"), "T12" is
    ("T12", "T12")."""
    upper = match.group("upper").upper()
    lower = (match.group("lower") or upper).upper()
    return upper, lower if lower[0].isalpha() else upper[0] + lower


def spinal_levels(text: str, language: str) -> frozenset[Level]:
    """The vertebrae and discs TEXT names (see the module's docstring); a range is every vertebra and disc in it."""
    found: set[Level] = set()
    for match in SPAN.finditer(text):
        if _ROOT_AFTER.match(text, match.end()) or _LIVER_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
            continue
        upper, lower = span(match)
        if upper not in _ORDER or lower not in _ORDER:
            continue
        top, bottom = sorted((_ORDER.index(upper), _ORDER.index(lower)))
        if bottom - top == 1:
            found.add(Level(_ORDER[top], _ORDER[bottom]))  # "L4-5" is the disc, not either vertebra
            continue
        found |= {Level(_ORDER[i], _ORDER[i]) for i in range(top, bottom + 1)}
        found |= {Level(_ORDER[i], _ORDER[i + 1]) for i in range(top, bottom)}
    for match in _NAMED[language].finditer(text):
        vertebra = "C1" if match.group("c1") else "C2" if match.group("c2") else None
        if vertebra is None:
            segment = match.group("segment") or match.group("segment_first")
            vertebra = _SEGMENT[segment] + (match.group("number") or match.group("number_after"))
        if vertebra in _ORDER:
            found.add(Level(vertebra, vertebra))
    return frozenset(found)


def _touch(a: Level, b: Level) -> bool:
    """A and B are one level, or one is a vertebra of the other disc."""
    return a == b or (a.upper == a.lower and a.upper in b) or (b.upper == b.lower and b.upper in a)


def levels_apart(first: str, second: str, language: str) -> bool:
    """FIRST and SECOND each name spinal levels, and none of one touches one of the other."""
    one, other = spinal_levels(first, language), spinal_levels(second, language)
    return bool(one) and bool(other) and not any(_touch(a, b) for a in one for b in other)
