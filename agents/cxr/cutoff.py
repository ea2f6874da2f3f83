"""What lies at the edges of the exposed field: is anatomy that belongs inside the field missing?

A lung field is cut off when lung continues beyond the field: the field ends (at the image border or
at the inner edge of a uniform shutter band or padding) while still crossing lung. A well-framed film
instead ends in the anatomy around the lungs: neck and shoulders above the apices, the abdomen below the
domes, soft tissue at the sides. Bedside films often have lungs close to the film edge, so the lung mask
touching a border (field.py) alone flags ordinary films; these measurements look at the field instead:

* the field itself: image minus featureless margins of any grey level connected to a border (directly
  exposed detector, a grey export canvas, a black or white shutter band, straight or tilted, sharp or
  soft), found per line so that a tilted edge or a rotated film's black corner does not matter;
* (measured and dropped: the share of a thin strip inside each field edge that is as dark as lung. On
  these bedside films the top strip is as dark on untouched originals (median 0.60) as on cut-offs, and
  the other sides overlap as much: no separation, so it is not computed);
* (measured and dropped: `midline_offset`. A frontal chest is roughly mirror-symmetric about the spine. How far the symmetry
  axis of the field's column profile lies from the field's centre (fraction of the field width): a
  lateral cut-off removes one side's chest wall and lung, so the axis moves towards the cut side,
  whatever removed it (a crop, a zoom, a shutter). Measured, it did not help: untouched bedside films
  are often asymmetric themselves (patient rotated or lying off-centre), and only about a third of the
  cut-offs are lateral; added to the cut-off model the leave-one-simulator-out F1 went 0.356 -> 0.344,
  so it is not computed either;
* (measured and not used: the lungs' contact with each side as four features instead of the largest
  contact (`lung_at_max`). Bottom contact is rare on untouched films (2 %) and common on cut-offs, top
  contact is not (41 % of untouched films: the mask leaks into the air above the shoulders on 16 % of
  the outlined dev films). It raised cut-off F1 on the cross-simulator benchmark (+0.03 on A/B/C, +0.04
  on D) but not on test, and on the blind holdout it flagged three more untouched originals;
* `frame_cut`: how far the image's shape lies outside every detector format, along the axis it is
  short on, times the share of that axis's image edges that lung runs into. A detector or cassette
  delivers one of a few formats; an image far wider or taller than any of them lost a strip: it was
  cropped, and lung running into the cropped axis's edge says the strip held lung. It does not see a
  crop that kept a plausible shape or was resized back to the full frame (decide.FRAME_CUT_MIN);
* `field_fraction`, `field_offset`: the field's share of the image and its centre's offset from the
  image centre (collimation: a film far larger than the field, a field off-centre; margins of any
  grey level, unlike field.background_mask which finds only near-black exposed detector).

Everything runs on a quarter-size copy (about 128 px on the long side) in about 3 ms per 512-px image.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.field import SIDES
from radqc.agents.cxr.masks import block_mean, coarse_factor

# Local standard deviation (after light smoothing and removing the local linear trend, on the
# quarter-size copy) below which a pixel is featureless: a pad, a shutter shadow or exposed detector
# with quantum noise, not anatomy.
FLAT_LOCAL_STD = 0.006
# A field narrower than this (fraction of the image) is not trusted: the image is then mostly flat.
MIN_FIELD = 0.3
# Width over height of the image formats chest detectors and cassettes deliver (18 x 24, 24 x 30,
# 35 x 43 and 43 x 43 cm, either way up: 0.75 to 1.33). A prior from the formats, not fitted.
DETECTOR_ASPECT = (0.75, 1.34)


def short_axis(aspect: float) -> tuple[str, str] | None:
    """The two edges an image ASPECT (width over height) times as wide as high lost a strip from, when its shape lies
    outside every detector format (`DETECTOR_ASPECT`): one too wide lost height (top or bottom), one too tall lost
    width (left or right). None within the formats: the shape then says nothing of a crop."""
    if aspect > DETECTOR_ASPECT[1]:
        return ("top", "bottom")
    if aspect < DETECTOR_ASPECT[0]:
        return ("left", "right")
    return None


def _quarter(pixels: np.ndarray) -> np.ndarray:
    """Block mean down to about 128 px on the long side (coarse anatomy only)."""
    return block_mean(pixels, coarse_factor(pixels.shape))


def flat_mask(small: np.ndarray) -> np.ndarray:
    """Featureless pixels: low local standard deviation in a 5x5 window after light smoothing, once
    the window's linear trend is taken out. A directly exposed or collimated margin is never uniform
    (heel effect, scatter from the body, processing): its brightness drifts slowly, and the raw
    standard deviation called such a drift anatomy (a thorax shrunk into a field whose brightness
    fades away from the body was not seen as collimated at all). Anatomy does not lie on a plane."""
    smooth = ndi.gaussian_filter(small, 0.7)
    mean = ndi.uniform_filter(smooth, 5)
    var = ndi.uniform_filter(smooth * smooth, 5) - mean * mean
    slope_y, slope_x = np.gradient(mean)
    # A plane with these slopes explains 2 * slope^2 of the variance over a 5x5 window (the variance
    # of the offsets -2..2 is 2).
    return np.sqrt(np.maximum(var - 2 * (slope_x**2 + slope_y**2), 0)) < FLAT_LOCAL_STD


def field_box(flat: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the exposed field: on each side the median, over the lines crossing that
    side, of how deep featureless pixels reach in contiguously from the border. The median ignores a
    rotated film's black corners and follows a tilted shutter edge to its middle. (Exposure levels use
    `exposure.film_box` instead: see there why the two differ.)"""
    height, width = flat.shape

    def depth(lines: np.ndarray) -> int:
        # lines: (n_lines, length) from the border inwards; depth of the leading run of True.
        run = np.cumprod(lines, axis=1).sum(axis=1)
        return int(np.median(run))

    top = depth(flat.T)
    bottom = depth(flat[::-1].T)
    left = depth(flat)
    right = depth(flat[:, ::-1])
    x0, x1 = left, width - right
    y0, y1 = top, height - bottom
    if x1 - x0 < MIN_FIELD * width:
        x0, x1 = 0, width
    if y1 - y0 < MIN_FIELD * height:
        y0, y1 = 0, height
    return x0, y0, x1, y1


def exposed_box(pixels: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the exposed field in PIXELS' coordinates (`field_box`, found at the coarse scale)."""
    factor = coarse_factor(pixels.shape)
    height, width = pixels.shape
    x0, y0, x1, y1 = field_box(flat_mask(_quarter(pixels)))
    return x0 * factor, y0 * factor, min(width, x1 * factor), min(height, y1 * factor)


def exposed_field(pixels: np.ndarray, box: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """PIXELS cut to the exposed field: BOX, when already found, else `exposed_box`."""
    x0, y0, x1, y1 = box or exposed_box(pixels)
    return pixels[y0:y1, x0:x1]


def field_edges(pixels: np.ndarray) -> dict[str, float]:
    """The cut-off and collimation measurements described in the module docstring (pixels float [0, 1])."""
    small = _quarter(pixels)
    height, width = small.shape
    x0, y0, x1, y1 = field_box(flat_mask(small))
    features = {}
    features["field_fraction"] = round((x1 - x0) * (y1 - y0) / (height * width), 4)
    features["field_offset"] = round(float(np.hypot((x0 + x1) / 2 / width - 0.5, (y0 + y1) / 2 / height - 0.5)), 4)
    return features


def frame_cut(shape: tuple[int, int], contact: dict[str, float], frame: dict[str, int]) -> tuple[float, str]:
    """(`frame_cut` of the module docstring, the side cut) for an image of SHAPE with lung CONTACT per
    side (`field.border_contact`). A side with a flat FRAME (`field.flat_frame`) does not count: there
    the film was put on a canvas, so its shape says nothing of a crop (simulator C's collimation faults
    on canvases of another aspect had drawn 9 of the first version's 101 dev flags)."""
    height, width = shape
    aspect = width / height
    # An image is short on at most one axis: too wide lost height, too tall lost width.
    excess, sides = (math.log(aspect / DETECTOR_ASPECT[1]), ("top", "bottom")) if aspect > 1 else (math.log(DETECTOR_ASPECT[0] / aspect), ("left", "right"))
    edge = {side: 0.0 if frame.get(side) else contact[f"lung_at_{side}"] for side in sides}
    side = max(sides, key=edge.__getitem__)
    return round(max(0.0, excess) * edge[side], 4), side
