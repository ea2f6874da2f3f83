"""All measurements of one radiograph, computed once: the flat feature dict the decisions, the k-NN vote
over past cases and the knowledge base share, plus the masks and boxes that findings point at."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from radqc.agents.cxr.exposure import exposure_stats
from radqc.agents.cxr.field import SIDES, border_contact, field_geometry, lung_box
from radqc.agents.cxr.lungs import lung_mask
from radqc.agents.cxr.orientation import orientation_scores

WORKING_SIDE = 512


@dataclass
class Measurements:
    features: dict[str, float]
    lungs: np.ndarray
    lung_box: tuple[int, int, int, int] | None
    # Named working-pixel boxes that individual findings point at (objects, text clusters).
    boxes: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def measure(pixels: np.ndarray) -> Measurements:
    lungs = lung_mask(pixels)
    features: dict = {}
    orientation = orientation_scores(pixels)
    notes = {"orientation_best_fault": orientation.pop("orientation_best_fault")}
    features.update(orientation)
    features.update(exposure_stats(pixels, lungs))
    contact = border_contact(lungs)
    features.update(contact)
    features["lung_at_max"] = max(contact.values())
    features.update(field_geometry(lungs))
    features["lung_area_fraction"] = round(float(lungs.mean()), 4)
    return Measurements(features=features, lungs=lungs, lung_box=lung_box(lungs), notes=notes)


def image_features(radiograph) -> dict[str, float]:
    """The numeric features of a loaded radiograph (what the workflow stores with a verified case)."""
    return measure(radiograph.pixels).features


def touched_side(features: dict) -> str:
    return max(SIDES, key=lambda side: features.get(f"lung_at_{side}", 0.0))
