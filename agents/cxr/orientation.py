"""Is the radiograph displayed the right way round? Compared with a mean chest template.

A frontal chest radiograph has a strong, stable layout at coarse scale (dark lungs either side of a
bright mediastinum, bright abdomen below, shoulders above). Correlating a 32 x 32 thumbnail with the
template in all 16 display variants (4 rotations x mirror x grey-scale inversion) tells whether the image
as displayed matches better than any wrongly displayed variant. This is reliable for inversion,
upside-down and 90-degree rotations; a left-right mirror changes the coarse layout too little to be
caught this way (the heart side is weak at 32 px and disturbed by disease and off-centre bedside films).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

TEMPLATE_FILE = Path(__file__).with_name("orientation_template.json")
THUMB_SIDE = 32
AS_DISPLAYED = "as_displayed"
MIRRORED = "mirrored"


def normalised_thumbnail(pixels: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    """Block-mean the image to SIDE x SIDE and standardise it (zero mean, unit variance)."""
    rows = np.array_split(np.arange(pixels.shape[0]), side)
    cols = np.array_split(np.arange(pixels.shape[1]), side)
    row_means = np.stack([pixels[r].mean(axis=0) for r in rows])
    thumb = np.stack([row_means[:, c].mean(axis=1) for c in cols], axis=1)
    return (thumb - thumb.mean()) / (thumb.std() + 1e-6)


def display_variants(thumb: np.ndarray) -> dict[str, np.ndarray]:
    """The 16 ways a radiograph can be displayed, named by what was done to the correct display."""
    variants = {}
    for quarter_turns in range(4):
        turned = np.rot90(thumb, quarter_turns)
        base = AS_DISPLAYED if quarter_turns == 0 else f"rotated_{90 * quarter_turns}"
        variants[base] = turned
        variants[MIRRORED if quarter_turns == 0 else f"{base}_mirrored"] = turned[:, ::-1]
    for name, image in list(variants.items()):
        variants["inverted" if name == AS_DISPLAYED else f"{name}_inverted"] = -image
    return variants


def build_template(pixel_arrays) -> np.ndarray:
    return np.mean([normalised_thumbnail(p) for p in pixel_arrays], axis=0)


@lru_cache(maxsize=1)
def load_template() -> np.ndarray:
    data = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return np.asarray(data["template"], dtype=np.float32)


def orientation_scores(pixels: np.ndarray, template: np.ndarray | None = None) -> dict:
    """Correlation of each display variant with the template and the margin of the image as displayed.

    The variants are undone on the image: the best-matching variant names the fault that would explain
    the image (e.g. `inverted`: inverting the image makes it match the template best).
    """
    template = load_template() if template is None else template
    thumb = normalised_thumbnail(pixels, template.shape[0])
    scores = {name: float((variant * template).mean()) for name, variant in display_variants(thumb).items()}
    upright = max(scores[AS_DISPLAYED], scores[MIRRORED])
    best_fault = max((n for n in scores if n not in (AS_DISPLAYED, MIRRORED)), key=scores.get)
    return {
        "orientation_match": round(scores[AS_DISPLAYED], 4),
        "orientation_best_fault": best_fault,
        # Upright (mirrored or not) against the best other display: negative means wrongly displayed.
        "orientation_margin": round(upright - scores[best_fault], 4),
        # As displayed against mirrored: weak evidence only (see the module docstring).
        "mirror_margin": round(scores[AS_DISPLAYED] - scores[MIRRORED], 4),
    }
