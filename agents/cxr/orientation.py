"""Is the radiograph displayed the right way round? Compared with a mean chest template.

A frontal chest radiograph has a strong, stable layout at coarse scale (dark lungs either side of a
bright mediastinum, bright abdomen below, shoulders above). Correlating a 32 x 32 thumbnail with the
template in all 16 display variants (4 rotations x mirror x grey-scale inversion) tells whether the image
as displayed matches better than any wrongly displayed variant. This is reliable for inversion,
upside-down and 90-degree rotations. A left-right mirror changes the coarse layout much less (the
heart side, the aortic knob and the stomach bubble are small, and disease and off-centre bedside
films disturb them), so it only counts when the mirrored image matches clearly better: see
MIRROR_ALLOWANCE. A side marker that reads the right way round or mirrored (`markers.py`) is much
stronger evidence when the film has one, so it shifts the mirror margin by MARKER_WEIGHT.

Wide empty margins, an off-centre thorax or a crop change the whole image's layout too, so that such
films can look turned. The framings (`framing.py`) model that for the whole image;
`field_orientation_margin` instead compares only the exposed field (`cutoff.exposed_field`) with a
template of exposed fields.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

TEMPLATE_FILE = Path(__file__).with_name("orientation_template.json")
THUMB_SIDE = 32
# The stored template is finer than the thumbnail so that framing.py can crop it accurately.
TEMPLATE_SIDE = 64
AS_DISPLAYED = "as_displayed"
MIRRORED = "mirrored"
# How much better the mirrored display must match before it counts as evidence. Chosen on the dev
# split with leave-one-out templates: at 0.03, 2% of correctly displayed films and 55% of mirrored
# ones pass; at 0, 12% and 88%.
MIRROR_ALLOWANCE = 0.03
# Mirror-margin shift per unit of marker chirality (in [-1, 1], typically +-0.8 on a readable marker):
# larger than the template's usual mirror margin (about 0.05), so a readable marker decides. Chosen
# on dev (patient-grouped CV, F1 on the real cases / the augmented copies): 0 gave 0.90 / 0.66,
# 0.1 0.95 / 0.74, 0.2 0.95 / 0.78, 0.3 0.95 / 0.79.
MARKER_WEIGHT = 0.2


def normalised_thumbnail(pixels: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    """Block-mean the image to SIDE x SIDE and standardise it."""
    if min(pixels.shape) < side:  # every block needs a pixel: a small exposed field is repeated up first
        factor = -(-side // min(pixels.shape))
        pixels = np.repeat(np.repeat(pixels, factor, axis=0), factor, axis=1)
    row_edges = np.linspace(0, pixels.shape[0], side + 1).astype(int)
    col_edges = np.linspace(0, pixels.shape[1], side + 1).astype(int)
    row_sums = np.add.reduceat(pixels, row_edges[:-1], axis=0) / np.diff(row_edges)[:, None]
    thumb = np.add.reduceat(row_sums, col_edges[:-1], axis=1) / np.diff(col_edges)[None, :]
    return standardise(thumb)


def standardise(image: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance: correlation then ignores brightness and contrast."""
    return (image - image.mean()) / (image.std() + 1e-6)


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
    return np.mean([normalised_thumbnail(p, TEMPLATE_SIDE) for p in pixel_arrays], axis=0)


def shrink(thumb: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    """Block-mean a square thumbnail down to SIDE (a divisor of its size)."""
    factor = thumb.shape[0] // side
    return standardise(thumb.reshape(side, factor, side, factor).mean(axis=(1, 3)))


# The template file holds the whole-image template and the exposed-field template (both built by fit.py).
LAYOUT = "template"
FIELD = "field_template"


@lru_cache(maxsize=2)
def load_template(which: str) -> np.ndarray:
    data = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return np.asarray(data[which], dtype=np.float32)


def orientation_scores(
    thumb: np.ndarray,
    template: np.ndarray | None = None,
    marker_chirality: float = 0.0,
    framings: np.ndarray | None = None,
) -> dict:
    """THUMB: a standardised thumbnail of the image (`normalised_thumbnail`, TEMPLATE_SIDE);
    MARKER_CHIRALITY: how the side marker reads (`markers.marker_chirality`, 0 without one);
    FRAMINGS: the template as it looks cropped, widened and shifted (`framing.template_framings`),
    THUMB_SIDE square each.

    Correlation of each display variant with the template and the margin of the image as displayed.
    A variant's score is its best match over the FRAMINGS: a thorax small in a wide field, pushed to
    one side or cut off is still the right way up, and compared with the plain template alone such
    films looked turned or mirrored (most wrong-display false alarms came from framing faults).

    The variants are undone on the image: the best-matching variant names the fault that would explain
    the image (e.g. `inverted`: inverting the image makes it match the template best).
    """
    template = load_template(LAYOUT) if template is None else template
    framings = shrink(template)[None] if framings is None else framings
    thumb = shrink(thumb)
    variants = display_variants(thumb)
    # Each variant against every framing; the first framing is the template as it is.
    matches = {name: (framings * variant[None]).mean(axis=(1, 2)) for name, variant in variants.items()}
    scores = {name: float(m.max()) for name, m in matches.items()}
    # Upright (mirrored or not) against the best turned or inverted display: negative means wrongly
    # displayed.
    orientation_margin = _upright_margin(scores)
    turned = max((n for n in scores if n not in (AS_DISPLAYED, MIRRORED)), key=scores.get)
    # As displayed against mirrored, with the allowance (weak evidence), and the side marker.
    mirror_margin = scores[AS_DISPLAYED] - scores[MIRRORED] + MIRROR_ALLOWANCE + MARKER_WEIGHT * marker_chirality
    return {
        "orientation_match": round(scores[AS_DISPLAYED], 4),
        "orientation_best_fault": MIRRORED if mirror_margin < orientation_margin else turned,
        "orientation_margin": round(orientation_margin, 4),
        "mirror_margin": round(mirror_margin, 4),
        # The margin a finding quotes: negative when some wrong display explains the image better. The
        # decision weighs the two margins in separate models (turned, mirrored: see fit.CRITERION_KINDS).
        "display_margin": round(min(orientation_margin, mirror_margin), 4),
    }


def field_orientation_margin(field_thumb: np.ndarray, template: np.ndarray | None = None) -> float:
    """FIELD_THUMB: the standardised thumbnail (TEMPLATE_SIDE) of the exposed field alone; TEMPLATE: the
    field template (default: the shipped one). The upright displays' best match minus the best turned or
    inverted one: negative when the film is turned, upside down or inverted. Of the dev films with a
    simulated collimation or centring fault, 22 % looked turned by this margin against 41 % by the whole
    image's (`orientation_margin`); cut-off films gain nothing (23 % and 24 %), so the turned decision
    weighs both margins (`fit.CRITERION_KINDS`)."""
    template = shrink(load_template(FIELD) if template is None else template)
    variants = display_variants(shrink(field_thumb))
    return round(_upright_margin({name: float((template * v).mean()) for name, v in variants.items()}), 4)


def _upright_margin(scores: dict[str, float]) -> float:
    """The better upright display (as displayed or mirrored) minus the best turned or inverted one."""
    upright = max(scores[AS_DISPLAYED], scores[MIRRORED])
    return upright - max(s for n, s in scores.items() if n not in (AS_DISPLAYED, MIRRORED))


def heart_side(pixels: np.ndarray, lungs: np.ndarray, box: tuple[int, int, int, int] | None) -> float:
    """Lung on the image's left minus lung on its right, below the hila, either side of the spine
    (as a fraction of that lower lung). The heart fills the lower chest on the patient's left, which
    a correctly displayed frontal film shows on the image's right, so there is less aerated lung there:
    positive normally, negative when mirrored. Anatomy, not layout: cropping, framing and the film's
    brightness change it little; the spine (the brightest column between the lungs) is the midline."""
    if box is None:
        return 0.0
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if width < 16 or height < 16:
        return 0.0
    profile = ndi.gaussian_filter1d(pixels[y0 + height // 5 : y1, x0:x1].mean(axis=0), width / 40)
    centre = slice(int(0.3 * width), int(0.7 * width))
    spine = x0 + centre.start + int(np.argmax(profile[centre]))
    lower = lungs[y0 + int(0.45 * height) : y0 + int(0.95 * height)]
    left, right = float(lower[:, :spine].sum()), float(lower[:, spine:].sum())
    return round((left - right) / max(1.0, left + right), 4)
