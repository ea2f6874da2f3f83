"""Is the thorax framed like a typical chest radiograph? Compared with cropped, padded and shifted
versions of the mean chest template.

The same coarse-layout idea as `orientation.py`: if the image matches the template better after the
template has lost a strip on one side, lung is probably cut off there; if it matches better after the
template has been shrunk into an empty field or pushed to one side, the field is too large or
off-centre. Any crop or widening of the field changes the layout the same way, whatever produced it,
so this does not depend on a particular simulator or detector. It is coarse: natural variation in
framing between patients is of the same order as a mild fault.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from radqc.agents.cxr.orientation import LAYOUT, THUMB_SIDE, load_template, standardise

CROP_FRACTIONS = (0.08, 0.16, 0.24, 0.32)
PAD_FRACTIONS = (0.1, 0.2, 0.3)
SHIFT_FRACTIONS = (0.15, 0.25, 0.35)


def _resize(image: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    resized = Image.fromarray(image.astype(np.float32)).resize((side, side), Image.Resampling.BILINEAR)
    return standardise(np.asarray(resized))


def framing_variants(template: np.ndarray) -> dict[tuple[str, str, float], np.ndarray]:
    """(kind, side, fraction) -> how the template looks after that framing change, at thumbnail size."""
    n = template.shape[0]
    empty = float(template.min())
    variants = {("as_is", "", 0.0): _resize(template)}
    for fraction in CROP_FRACTIONS:
        k = int(round(fraction * n))
        crops = {"top": template[k:], "bottom": template[: n - k], "left": template[:, k:], "right": template[:, : n - k]}
        variants.update({("cut", side, fraction): _resize(c) for side, c in crops.items()})
    for fraction in PAD_FRACTIONS:
        k = int(round(fraction * n))
        field = np.full((n + 2 * k, n + 2 * k), empty)
        field[k : k + n, k : k + n] = template
        variants[("wide", "all", fraction)] = _resize(field)
    for fraction in SHIFT_FRACTIONS:
        k = int(round(fraction * n))
        for side in ("left", "right", "top", "bottom"):
            field = np.full((n, n), empty)
            moved = {"left": (slice(None), slice(k, None)), "right": (slice(None), slice(0, n - k)),
                     "top": (slice(k, None), slice(None)), "bottom": (slice(0, n - k), slice(None))}[side]
            source = {"left": template[:, : n - k], "right": template[:, k:],
                      "top": template[: n - k], "bottom": template[k:]}[side]
            field[moved] = source
            variants[("shift", side, fraction)] = _resize(field)
    return variants


@lru_cache(maxsize=2)
def _shipped_variants(which: str) -> dict:
    return framing_variants(load_template(which))


def template_framings(template: np.ndarray | None = None) -> np.ndarray:
    """Every framing variant of the template (the shipped one by default), stacked: what
    `orientation.orientation_scores` matches each display variant against."""
    variants = _shipped_variants(LAYOUT) if template is None else framing_variants(template)
    return np.stack(list(variants.values()))


def framing_scores(thumb: np.ndarray, template: np.ndarray | None = None, which: str = LAYOUT) -> dict:
    """How much better the image (a standardised thumbnail, any size) matches a cropped, widened or
    shifted template than the template as it is (positive: evidence for that framing fault).
    TEMPLATE: the template to frame (default: the shipped one named WHICH, `orientation.LAYOUT` or
    `orientation.FIELD`)."""
    variants = _shipped_variants(which) if template is None else framing_variants(template)
    image = _resize(thumb)
    scores = {key: float((image * v).mean()) for key, v in variants.items()}
    base = scores[("as_is", "", 0.0)]
    best = {kind: max((k for k in scores if k[0] == kind), key=scores.get) for kind in ("cut", "wide", "shift")}
    return {
        "features": {f"{kind}_gain": round(scores[key] - base, 4) for kind, key in best.items()},
        "cut_side": best["cut"][1],
        "shift_side": best["shift"][1],
    }
