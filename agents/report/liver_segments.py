"""Couinaud's liver segments as reports number them: "segment 7", "segments VI/VII", "S8", "肝S6、S7", "第2段".

Two checks read them. A segment lies in one lobe (anatomy.json's liver `segments`: 2-3 left, 5-8 right), so one given the
other lobe is a side slipped; and two liver statements naming segments, none the same, are about two lesions, which may
change apart.
"""

from __future__ import annotations

import re

NUMBER = r"(?:[1-8]|VIII|VII|VI|IV[ab]?|V|III|II|I)(?![A-Za-z0-9]|\.\d)"
# One segment or several ("segments 7 and 8", "S6、S7", "seg. IVb"); the capital S alone, so that "s" is no segment.
LIST = (rf"(?:segments?|seg\.?|(?-i:S))\s*{NUMBER}"
        rf"(?:\s*(?:,|/|&|-|and|or|、|，)\s*(?:segments?\s*|(?-i:S))?{NUMBER})*")
_NAMED = re.compile(rf"(?<![A-Za-z0-9]){LIST}", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "IVA": 4, "IVB": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}


def numbers(written: str) -> set[int]:
    """The segment numbers WRITTEN holds, a `LIST` match or a Chinese group ("S2、S3段", "第2段"): "segments VI/VII" is
    {6, 7}."""
    bare = re.sub(r"(?i)segments?|seg\.?|S(?=\s*\w)|第|段", " ", written)
    return {int(n) if n.isdigit() else _ROMAN[n.upper()] for n in re.findall(NUMBER, bare, re.I)}


def named(text: str) -> set[int]:
    """Every segment number TEXT names."""
    return {n for match in _NAMED.finditer(text) for n in numbers(match.group(0))}


def apart(first: str, second: str) -> bool:
    """FIRST and SECOND each name liver segments, none the same ("肝S6段消融区" and "肝S4段新见一结节"): two places, so
    two lesions."""
    here, there = named(first), named(second)
    return bool(here and there and not here & there)
