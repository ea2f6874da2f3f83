"""Sharpness of the chest's contours: is the image blurred or doubled by motion?

Four measures over the lung region, inside the exposed field: how much fine-scale edge energy
survives relative to coarse-scale edges (blur removes the fine scale first), the same for the
strongest edges only (robust to grain; also for the region's upper and lower halves apart), how
directional the fine edges are (linear motion blurs along one direction only), and a secondary peak
in the autocorrelation of the detail image (a doubled contour repeats itself at the displacement of
the motion; also in the lower half alone).
"""

from __future__ import annotations

import numpy as np
from scipy import fft
from scipy import ndimage as ndi

from radqc.agents.cxr.annotations import INK_STEP, local_background

GHOST_MIN_SHIFT, GHOST_MAX_SHIFT = 3, 16
# The detail image the double-contour search reads: the region minus its blur at this sigma.
DETAIL_SIGMA = 3.0
# The double-contour search looks at the central part of the region only: enough contours, a quarter of the cost.
GHOST_WINDOW = 256
# The lower half is searched for a double contour of its own only when it has this many rows.
LOWER_GHOST_MIN_ROWS = 40
# Working pixels kept clear of a field edge: the coarse gradient (sigma 2.5) reaches 3 sigma, and the
# field's box is found at quarter scale (steps of 4 px).
FIELD_EDGE_MARGIN = 12


def _inside_field(box, field, shape) -> tuple[int, int, int, int]:
    """BOX kept FIELD_EDGE_MARGIN inside every edge of FIELD that lies within the image. A field edge
    (a shutter band, digital padding) is a long straight step that dominates the strongest edges and
    reads as blur: a black frame of 4 % around the 56 never-fitted renditions drew a motion false alarm
    on 14 of them. An edge at the image border has no step, so the box may reach it. A box that would
    vanish is left as it was."""
    height, width = shape
    fx0, fy0, fx1, fy1 = field
    margin = FIELD_EDGE_MARGIN
    x0 = max(box[0], fx0 + margin) if fx0 > 0 else box[0]
    y0 = max(box[1], fy0 + margin) if fy0 > 0 else box[1]
    x1 = min(box[2], fx1 - margin) if fx1 < width else box[2]
    y1 = min(box[3], fy1 - margin) if fy1 < height else box[3]
    return (x0, y0, x1, y1) if x1 - x0 >= 32 and y1 - y0 >= 32 else box


def fine_derivatives(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """REGION's Gaussian derivatives at the fine scale (sigma 0.8) along rows and columns: what
    both the fine gradient magnitude and the structure tensor are made of."""
    return ndi.gaussian_filter(region, 0.8, order=(1, 0)), ndi.gaussian_filter(region, 0.8, order=(0, 1))


def gradient_magnitudes(region: np.ndarray, gy: np.ndarray, gx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """REGION's gradient magnitude at the fine scale (from its `fine_derivatives` GY, GX) and at the
    coarse scale (sigma 2.5)."""
    # The same arithmetic as ndi.gaussian_gradient_magnitude, from derivatives already at hand.
    fine = gy * gy
    fine += gx * gx
    np.sqrt(fine, out=fine)
    return fine, ndi.gaussian_gradient_magnitude(region, sigma=2.5)


def sharpness_ratios(fine: np.ndarray, coarse: np.ndarray) -> tuple[float, float]:
    """Fine-scale over coarse-scale gradient magnitude (`gradient_magnitudes`), (on average, at the
    strongest edges).

    The mean ratio drops when the image is blurred. The ratio of the 99th percentiles is about 3 for a
    sharp step and falls towards 1 as motion widens it; unlike the mean it is not fooled by grain laid
    on a blurred film (patient motion blurs the anatomy, not the detector's noise): noise adds small
    gradients everywhere, not at the top of the distribution."""
    return float(fine.mean() / (coarse.mean() + 1e-6)), peak_ratio(fine, coarse)


def peak_ratio(fine: np.ndarray, coarse: np.ndarray) -> float:
    """The 99th percentile of FINE over that of COARSE (see `sharpness_ratios`)."""
    # Percentiles of every other pixel: the same statistic at a quarter of the sorting cost.
    return float(np.percentile(fine[::2, ::2], 99) / (np.percentile(coarse[::2, ::2], 99) + 1e-6))


def half_peak_ratios(fine: np.ndarray, coarse: np.ndarray) -> tuple[float, float]:
    """`peak_ratio` of the upper and of the lower half of the region apart. Breathing moves the
    diaphragm and the heartbeat the heart's border, while the apices and the upper ribs stay still:
    motion confined to the lower chest hides among the upper half's sharp edges in the whole region's
    99th percentile. Read apart, motion F1 on the dev cross-simulator benchmark went 0.691 -> 0.725
    (A/B/C) and 0.442 -> 0.456 (D)."""
    middle = fine.shape[0] // 2
    return peak_ratio(fine[:middle], coarse[:middle]), peak_ratio(fine[middle:], coarse[middle:])


def edge_anisotropy(gy: np.ndarray, gx: np.ndarray) -> float:
    """1 - (smaller / larger eigenvalue) of the fine-scale structure tensor of a region whose
    `fine_derivatives` are GY, GX: 0 isotropic, 1 one direction."""
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    root = np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2)
    large, small = (jxx + jyy + root) / 2, (jxx + jyy - root) / 2
    return float(1 - small / (large + 1e-12))


def ink_reach(region: np.ndarray) -> np.ndarray:
    """Ink (`annotations.INK_STEP` from its local background: burned-in text, metal) and the pixels
    whose detail it reaches (3 DETAIL_SIGMA). Ink is no anatomy, and a row of letters or a string of
    beads repeats itself at its spacing like a doubled contour: on the dev benchmark's films the
    marker faults' median double-contour peak was 2.5 times the untouched films' (0.076 against
    0.031), and motion was flagged on films with text or objects. Left out, motion F1 went 0.623 ->
    0.691 (A/B/C) and 0.404 -> 0.442 (D), its precision 0.54-0.75 -> 0.73-0.91."""
    ink = np.abs(region - local_background(region)) > INK_STEP
    return ndi.binary_dilation(ink, iterations=round(3 * DETAIL_SIGMA))


def ghost_peak(region: np.ndarray) -> float:
    """Height of the strongest autocorrelation peak of the detail image at 3-16 px, above its ring
    neighbourhood (0 for a single contour, ~0.3-0.5 for an image doubled by motion), ink left out
    (`ink_reach`)."""
    top = max(0, (region.shape[0] - GHOST_WINDOW) // 2)
    left = max(0, (region.shape[1] - GHOST_WINDOW) // 2)
    region = region[top : top + GHOST_WINDOW, left : left + GHOST_WINDOW]
    detail = region - ndi.gaussian_filter(region, DETAIL_SIGMA)
    detail[ink_reach(region)] = 0.0
    detail = detail - detail.mean()
    # scipy's FFT: about three times faster than numpy's on this float32 image (a 512-px transform).
    spectrum = fft.rfft2(detail, s=(2 * region.shape[0], 2 * region.shape[1]))
    auto = fft.irfft2(np.abs(spectrum) ** 2)
    auto = np.fft.fftshift(auto) / (auto[0, 0] + 1e-12)
    cy, cx = auto.shape[0] // 2, auto.shape[1] // 2
    window = auto[cy - GHOST_MAX_SHIFT : cy + GHOST_MAX_SHIFT + 1, cx - GHOST_MAX_SHIFT : cx + GHOST_MAX_SHIFT + 1]
    yy, xx = np.mgrid[-GHOST_MAX_SHIFT : GHOST_MAX_SHIFT + 1, -GHOST_MAX_SHIFT : GHOST_MAX_SHIFT + 1]
    radius = np.hypot(yy, xx)
    # A local maximum stands out from the smooth decay of the central peak.
    prominence = window - ndi.uniform_filter(window, size=5)
    ring = (radius >= GHOST_MIN_SHIFT) & (radius <= GHOST_MAX_SHIFT)
    return float(prominence[ring].max())


def lower_ghost_peak(region: np.ndarray) -> float:
    """`ghost_peak` of the region's lower half (of the whole region if that half is too short to search).
    Breathing doubles the diaphragm and the heartbeat the heart's border while the apices stay still:
    in the whole region's central window such a double contour is outweighed by the single contours
    around it. As an extra motion feature, motion F1 on the dev cross-simulator benchmark went 0.456 ->
    0.650 on D, whose motion confined to the diaphragm and heart is local, and stayed at 0.725 on
    A/B/C, whose double contours are global and already found by the whole region's search."""
    middle = region.shape[0] // 2
    return ghost_peak(region[middle:] if region.shape[0] - middle >= LOWER_GHOST_MIN_ROWS else region)


def sharpness_stats(pixels: np.ndarray, box: tuple[int, int, int, int] | None, field: tuple[int, int, int, int] | None = None) -> dict:
    """BOX: the lungs' box; FIELD: the exposed field's box (`cutoff.exposed_box`), whose edges are kept out."""
    height, width = pixels.shape
    x0, y0, x1, y1 = box if box and (box[2] - box[0]) * (box[3] - box[1]) > 0.05 * pixels.size else (
        width // 6, height // 6, width * 5 // 6, height * 5 // 6
    )
    if field:
        x0, y0, x1, y1 = _inside_field((x0, y0, x1, y1), field, pixels.shape)
    region = pixels[y0:y1, x0:x1]
    gy, gx = fine_derivatives(region)
    fine, coarse = gradient_magnitudes(region, gy, gx)
    mean_ratio, whole_peak_ratio = sharpness_ratios(fine, coarse)
    upper, lower = half_peak_ratios(fine, coarse)
    return {
        "sharpness_ratio": round(mean_ratio, 4),
        "edge_peak_ratio": round(whole_peak_ratio, 4),
        "upper_edge_peak_ratio": round(upper, 4),
        "lower_edge_peak_ratio": round(lower, 4),
        "edge_anisotropy": round(edge_anisotropy(gy, gx), 4),
        "ghost_peak": round(ghost_peak(region), 4),
        "lower_ghost_peak": round(lower_ghost_peak(region), 4),
    }
