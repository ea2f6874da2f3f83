"""The error taxonomy (stable ids shared by datasets, findings and metrics), loaded once from package data."""

from __future__ import annotations

import difflib
import json
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


def unknown_type(error_type: str, modality: Modality) -> str:
    """Why ERROR_TYPE is no MODALITY error type, naming the one probably meant: a typo, or a type of
    the other modality (a gold label, a guideline's error_types)."""
    other = next(m for m in MODALITIES if m != modality)
    if error_type in error_types(other):
        return f"{error_type!r} is a {other} error type, not a {modality} one"
    close = difflib.get_close_matches(error_type, error_types(modality), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {modality} error type {error_type!r}{hint}"
