"""The error taxonomy (stable ids shared by datasets, findings and metrics), loaded once from package data."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, Field

from radqc.schemas import Modality


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
