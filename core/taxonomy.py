"""The error taxonomy (stable ids shared by datasets, findings and metrics), loaded once from package data."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, Field

from radqc.schemas import MODALITIES, Modality


class ErrorType(BaseModel):
    id: str = Field(pattern=r"^[a-z_]+$")
    zh: str
    definition: str


class Taxonomy(BaseModel):
    version: str
    cxr: list[ErrorType]
    ct_report: list[ErrorType]

    def ids(self, modality: Modality) -> list[str]:
        return [t.id for t in getattr(self, modality)]

    def get(self, modality: Modality, error_type: str) -> ErrorType:
        for t in getattr(self, modality):
            if t.id == error_type:
                return t
        raise KeyError(f"unknown {modality} error type {error_type!r}")


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    text = resources.files("radqc").joinpath("taxonomy.json").read_text(encoding="utf-8")
    taxonomy = Taxonomy.model_validate(json.loads(text))
    for modality in ("cxr", "ct_report"):
        ids = taxonomy.ids(modality)
        if len(ids) != len(set(ids)):
            raise ValueError(f"taxonomy.json: duplicate {modality} ids")
    return taxonomy


def error_types(modality: Modality) -> list[str]:
    return load_taxonomy().ids(modality)


def type_name(error_type: str) -> str:
    """ERROR_TYPE in words ("orientation_photometric" -> "orientation photometric"): the taxonomy gives each
    type an id, a Chinese name and a definition but no English name, and a table folding a long id breaks it
    mid-word where words wrap at their spaces."""
    return error_type.replace("_", " ")


def unknown_type(error_type: str, modality: Modality) -> str:
    """Why ERROR_TYPE is no MODALITY error type, naming the one probably meant: a typo, or a type of
    the other modality (a gold label, a guideline's error_types)."""
    other = next(m for m in MODALITIES if m != modality)
    if error_type in error_types(other):
        return f"{error_type!r} is a {other} error type, not a {modality} one"
    meant = _sharing_words(error_type, error_types(modality)) or difflib.get_close_matches(error_type, error_types(modality), n=1)
    hint = f" (did you mean {' or '.join(repr(m) for m in meant)}?)" if meant else ""
    return f"unknown {modality} error type {error_type!r}{hint}"


def _sharing_words(error_type: str, ids: list[str]) -> list[str]:
    """The IDS that share most words with ERROR_TYPE ("motion" -> motion_blur, "markers" ->
    marker_annotation; a word matches one it begins, or that begins it), all of them when several tie
    ("mismatch"). Spelling similarity alone suggested rotation for "motion" and "orientation", another
    fault: a user who took the hint would mislabel the case."""
    written = _words(error_type)

    def shared(candidate: str) -> int:
        return sum(any(_same_word(word, part) for part in _words(candidate)) for word in written)

    best = max((shared(candidate) for candidate in ids), default=0)
    return [candidate for candidate in ids if best and shared(candidate) == best]


def _words(name: str) -> list[str]:
    return [word for word in re.split(r"[\W_]+", name.lower()) if word]


def _same_word(a: str, b: str) -> bool:
    """A and B are one word, or one begins the other and is 4 letters or more (a plural, "lateral")."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short))
