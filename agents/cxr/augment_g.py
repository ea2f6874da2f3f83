"""Held-out ("blind") fault simulator G for chest radiographs.

Design note
-----------
Written without looking at the project's detectors or its other simulators, so that faults made here
test whether the detectors generalise.  Each fault has several mechanisms, one drawn at random per
call, each with a random severity from "clearly a fail" to "severe".  Grey values follow the display
convention (bone and metal bright, air dark) and are treated as roughly linear in the logarithm of the
transmitted quanta: a display range of about ``DISPLAY_EFOLDS`` attenuation e-folds.  That single
model explains most mechanisms below.

* A coarse *layout* (lung boxes found as dark basins enclosed by brighter tissue, plus the midline)
  tells each mechanism where the lungs are: cut-offs must cut lung, objects and text must lie over it.
* **underexposure** - too few quanta.  ``quantum_mottle``: auto-windowing restores brightness but not
  the signal-to-noise ratio, so noise appears whose variance grows with attenuation (the spine behind
  the heart drowns first).  ``under_penetration``: kVp too low, dense parts burn in to white and the
  lungs turn grey.  ``fixed_lut``: low dose shown without rescaling (film-like) - a light, flat, noisy
  image.  ``readout_limited``: so little signal that the detector's electronic noise and row-wise
  readout stripes dominate and the densest parts sink to the signal floor.
* **overexposure** - too many quanta.  ``saturation``: the detector clips in the lungs, which become a
  flat black without markings while re-windowing keeps the bones.  ``dark_film``: no rescaling, the
  whole film is dark and the lungs clip.  ``over_penetration``: kVp too high, a tone curve that crushes
  the dark lung markings.  ``peripheral_burnout``: thin tissue at the lung periphery saturates first, so
  markings vanish towards the chest wall.  None of these adds noise (that is under-exposure).
* **lung_field_cutoff** - the detector does not cover a lung.  Crops through an ``apex``, the
  ``bases`` or one ``lateral`` costophrenic angle; ``broad_patient`` (chest broader than the
  detector, both lateral angles lost); ``tilted`` (detector rotated against the patient and too
  high); ``shutter`` (a collimator blade, possibly oblique, inside a lung: unexposed and bright, not
  black, so it cannot pass for burn-out).
* **collimation_centering** - the field is enlarged with synthesised surroundings, not flat padding.
  New pixels continue the film's edge (chest wall, shoulders, cervical spine and trachea, abdomen),
  then the body closes towards air with the chord profile of a rounded cross-section (skin laterally,
  sloping shoulders beside the neck); arms with a tubular humerus stand in the air beside the chest
  and bowel gas lies below.  ``wide_field`` adds margins on all sides, ``off_centre`` mostly on one or
  two sides so the thorax sits clearly off the field centre.  The field is shown at the original long
  side, as a detector of fixed matrix would show it, sometimes with visible collimator blades.
* **motion_blur** - averages of the image over the positions taken during the exposure:
  ``linear_drift`` (patient drift with uneven speed), ``jerk`` (a sudden move, doubled contours),
  ``breathing`` (cranio-caudal, growing towards the bases, sinusoidal so positions pile up at the
  extremes), ``twist`` (rotation about a shoulder or the lower spine) and ``cardiac`` (radial
  pulsation of the heart borders).
* **foreign_object** - objects *add* attenuation to the anatomy beneath (soft saturation to white),
  with projected thickness profiles (spheres, round wires, flat plates): necklaces, buttons, coins,
  hair pins or clips, underwired bras, zips and phones, sized in millimetres.  Never text, and never
  ECG leads or lines, which may be needed for care.
* **marker_annotation** - burned-in overlays *replace* pixels (flat, unlike metal): words, dates,
  numbers, arrows, circles and measurement lines in several DejaVu fonts, sizes and grey levels over
  the lungs; or a lead side marker on the wrong side (a missing marker cannot be simulated blind
  because the original one would first have to be found and removed).
* **orientation_photometric** - ``wrong_display``: flips, rotations and an inverted grey scale,
  sometimes re-windowed, as after MONOCHROME1/2 confusion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage, signal

from radqc.agents.cxr.augment import SIMULABLE  # the shared list of faults (the only import from the others)

DISPLAY_KINDS: tuple[str, ...] = (
    "mirrored", "upside_down", "rotated_90", "rotated_180", "rotated_270", "inverted",
)

REFERENCE_LONG_SIDE = 512  # pixel sizes below are given for this long side and scaled
DETECTOR_LONG_SIDE_MM = 430.0  # a 43 cm detector: object sizes in mm -> pixels
DISPLAY_EFOLDS = 4.0  # attenuation range (natural-log units) spanned by the display window
LAYOUT_LONG_SIDE = 128  # the lung layout is estimated on a small copy
BASIN_LEVELS = 24  # grey levels used to measure how deeply a dark region is enclosed
LUNG_DEPTH_SHARE = 0.25  # a lung core's basin depth, relative to the deepest basins
LUNG_EDGE_SHARE = 0.1  # lung edges (bases over the diaphragm, apices) are shallower basins
BORDER_BAND = 0.04  # lungs of a film without cut-off stay this far (fraction) from the border
PADDING_PTP = 0.02  # an edge row/column varying less than this is letterbox padding, not film
JERK_TRANSIT = 0.1  # share of the exposure spent moving during a sudden jerk
MIN_KEPT = 0.4  # a cut-off never keeps less than this fraction of a dimension
FILM_INSET = 0.015  # trimmed from each film edge before widening the field: frame lines, never lung
MIN_INK_CONTRAST = 0.3  # burned-in marks must stand out from what lies beneath them
WRONG_MARKER_SHARE = 0.2  # of marker faults, the share that is a wrong side marker
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSans-Oblique.ttf",
)
ANNOTATION_WORDS = (
    "PORTABLE", "AP SUPINE", "ERECT", "SITTING", "SEMI-ERECT", "INSP", "EXSP", "BEDSIDE", "ICU",
    "STAT", "PRE-OP", "POST DRAIN", "CHEST", "TRAUMA", "LIEGEND", "SITZEND", "Bettaufnahme", "mobile",
    "Ward 7", "COPY", "?PTX", "Dr. K", "NOTE", "follow-up", "Stat. 4", "Exp. 2",
)

Box = tuple[float, float, float, float]  # top, bottom, left, right in pixels
Placed = tuple[np.ndarray, float, float]  # an object's density patch and its centre (y, x)


# --------------------------------------------------------------------------------------- public API


def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    """Return a copy of ``pixels`` showing ``fault``; see the module docstring for the mechanisms."""
    if fault not in _SIMULATORS:
        raise ValueError(f"unknown or non-simulable fault {fault!r}; expected one of {SIMULABLE}")
    image = _as_image(pixels)
    return _finish(_SIMULATORS[fault](image, rng))


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Return the image displayed wrongly and the kind of error (one of ``DISPLAY_KINDS``).

    Rotations follow ``np.rot90`` (counter-clockwise): "rotated_90" is ``np.rot90(pixels, 1)``.
    """
    image = _as_image(pixels)
    kind = DISPLAY_KINDS[int(rng.integers(len(DISPLAY_KINDS)))]
    if kind == "inverted":
        return _finish(_inverted(image, rng)), kind
    if kind == "mirrored":
        return _finish(np.fliplr(image)), kind
    if kind == "upside_down":
        return _finish(np.flipud(image)), kind
    quarter_turns = {"rotated_90": 1, "rotated_180": 2, "rotated_270": 3}[kind]
    return _finish(np.rot90(image, quarter_turns)), kind


# ----------------------------------------------------------------------------------- shared helpers


def _as_image(pixels: np.ndarray) -> np.ndarray:
    image = np.asarray(pixels, dtype=np.float32)
    if image.ndim != 2 or min(image.shape) < 16:
        raise ValueError(f"expected a 2-D grey image of at least 16x16 pixels, got shape {image.shape}")
    return np.clip(image, 0.0, 1.0)


def _finish(image: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.clip(image, 0.0, 1.0), dtype=np.float32)


def _scale(image: np.ndarray) -> float:
    """Pixel lengths are specified for a 512-pixel long side."""
    return max(image.shape) / REFERENCE_LONG_SIDE


def _px_per_mm(image: np.ndarray) -> float:
    return max(image.shape) / DETECTOR_LONG_SIDE_MM


def _resize(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Area-correct resampling (PIL antialiases when shrinking)."""
    height, width = shape
    resized = Image.fromarray(np.asarray(image, np.float32), mode="F").resize(
        (int(width), int(height)), Image.BILINEAR
    )
    return np.asarray(resized, dtype=np.float32)


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _noise_sigma(image: np.ndarray) -> float:
    """Robust noise level from horizontal neighbour differences (median absolute deviation)."""
    diff = np.diff(image[:, ::2] if image.shape[1] > 64 else image, axis=1)
    return float(1.4826 * np.median(np.abs(diff - np.median(diff))) / np.sqrt(2.0))


def _film_region(image: np.ndarray) -> tuple[slice, slice]:
    """The film without flat letterbox strips (padding added when the image was resized)."""
    flat_rows = np.ptp(image, axis=1) < PADDING_PTP
    flat_cols = np.ptp(image, axis=0) < PADDING_PTP

    def inner(flat: np.ndarray) -> slice:
        start = int(np.argmin(flat)) if not flat.all() else 0
        stop = len(flat) - int(np.argmin(flat[::-1])) if not flat.all() else len(flat)
        return slice(start, max(stop, start + 1))

    return inner(flat_rows), inner(flat_cols)


def _keep_padding(image: np.ndarray, changed: np.ndarray) -> np.ndarray:
    """Tone changes happen on the detector, never in the letterbox padding around the film."""
    rows, cols = _film_region(image)
    out = image.copy()
    out[rows, cols] = changed[rows, cols]
    return out


def _correlated_noise(shape: tuple[int, int], rng: np.random.Generator, corr_px: float) -> np.ndarray:
    """Unit-variance Gaussian noise blurred to the detector's correlation length."""
    white = rng.standard_normal(shape, dtype=np.float32)
    if corr_px <= 0:
        return white
    blurred = ndimage.gaussian_filter(white, corr_px)
    return blurred / max(float(blurred.std()), 1e-6)


def _choose(rng: np.random.Generator, options: tuple) -> object:
    return options[int(rng.integers(len(options)))]


# ------------------------------------------------------------------------------------------ layout


@dataclass(frozen=True)
class _Layout:
    """Where the lungs are: boxes of the image-left and image-right lung and a coarse lung mask."""

    lungs: tuple[Box, Box]
    midline: float
    lung_mask: np.ndarray

    @property
    def union(self) -> Box:
        (t0, b0, l0, r0), (t1, b1, l1, r1) = self.lungs
        return min(t0, t1), max(b0, b1), min(l0, l1), max(r0, r1)


def _layout(image: np.ndarray) -> _Layout:
    """Find the lungs as the two largest dark basins enclosed by brighter tissue.

    Air outside the body is darker than lung but reaches the image border; lungs of a film without
    cut-off are closed basins (chest wall, clavicles, diaphragm and mediastinum around them).
    Falls back to the typical position of the lungs in a well-framed PA film.
    """
    height, width = image.shape
    factor = max(height, width) / LAYOUT_LONG_SIDE
    small_shape = (max(16, round(height / factor)), max(16, round(width / factor)))
    small = ndimage.gaussian_filter(_resize(image, small_shape), 1.0)
    depth = _basin_depth(small)
    boxes, mask = _lung_boxes(depth, small)
    sy, sx = height / small_shape[0], width / small_shape[1]
    lungs = tuple((t * sy, b * sy, l * sx, r * sx) for t, b, l, r in boxes)
    full_mask = _resize(mask.astype(np.float32), (height, width)) > 0.5
    midline = (lungs[0][3] + lungs[1][2]) / 2.0
    return _Layout(lungs=lungs, midline=midline, lung_mask=full_mask)


def _basin_depth(small: np.ndarray) -> np.ndarray:
    """How far each pixel lies below the lowest rim that separates it from the image border."""
    levels = np.linspace(float(small.min()), float(small.max()), BASIN_LEVELS + 1)[1:]
    step = levels[1] - levels[0] if len(levels) > 1 else 0.0
    depth = np.zeros_like(small)
    for level in levels:
        above = small >= level
        depth += (ndimage.binary_fill_holes(above) & ~above) * step
    return depth


def _lung_regions(depth: np.ndarray) -> np.ndarray:
    """Labelled candidate lungs: deep basin cores grown into their shallower edges."""
    height, width = depth.shape
    smooth = ndimage.gaussian_filter(depth, 2.0)
    reference = float(np.percentile(smooth, 99))
    inner = np.zeros_like(smooth, dtype=bool)
    band_y, band_x = max(1, int(BORDER_BAND * height)), max(1, int(BORDER_BAND * width))
    inner[band_y:-band_y, band_x:-band_x] = True
    core = inner & (smooth > max(0.02, LUNG_DEPTH_SHARE * reference))
    core = ndimage.binary_opening(core, iterations=2)  # cut thin bridges to border wedges
    edge_labels, _ = ndimage.label(inner & (smooth > LUNG_EDGE_SHARE * reference))
    grown = np.isin(edge_labels, np.unique(edge_labels[core])) & (edge_labels > 0)
    grown = ndimage.binary_opening(grown, iterations=3)  # detach gastric bubble and border wedges
    labels, _ = ndimage.label(ndimage.binary_fill_holes(grown))
    return labels


def _lung_boxes(depth: np.ndarray, small: np.ndarray) -> tuple[tuple[Box, Box], np.ndarray]:
    """The largest candidate on each side of the midline; a missing lung mirrors the other."""
    height, width = depth.shape
    labels = _lung_regions(depth)
    midline = _midline_guess(small)
    best, best_size = [0, 0], [0, 0]
    for index, region in enumerate(ndimage.find_objects(labels), start=1):
        ys, xs = np.nonzero(labels[region] == index)
        if ys.size < 0.01 * depth.size or np.mean(ys) + region[0].start > 0.8 * height:
            continue
        side = int(np.mean(xs) + region[1].start > midline)
        if ys.size > best_size[side]:
            best[side], best_size[side] = index, ys.size
    boxes = [_region_box(labels == index) if index else None for index in best]
    if boxes[0] is None and boxes[1] is None:
        boxes = [(0.12 * height, 0.78 * height, 0.1 * width, 0.45 * width),
                 (0.12 * height, 0.8 * height, 0.55 * width, 0.9 * width)]
        mask = np.zeros(depth.shape, dtype=bool)
        for top, bottom, left, right in boxes:
            mask[int(top):int(bottom), int(left):int(right)] = True
        return (boxes[0], boxes[1]), mask
    mask = np.isin(labels, [index for index in best if index])
    if boxes[0] is None or boxes[1] is None:
        top, bottom, left, right = boxes[0] or boxes[1]
        mirrored = (top, bottom, max(2 * midline - right, 0.0), min(2 * midline - left, float(width)))
        boxes = sorted([(top, bottom, left, right), mirrored], key=lambda box: box[2])
    return (boxes[0], boxes[1]), mask


def _region_box(region: np.ndarray) -> Box:
    """Robust bounding box (2nd-98th percentiles) of a boolean region."""
    ys, xs = np.nonzero(region)
    return (float(np.percentile(ys, 2)), float(np.percentile(ys, 98)) + 1,
            float(np.percentile(xs, 2)), float(np.percentile(xs, 98)) + 1)


def _midline_guess(small: np.ndarray) -> float:
    """The mediastinum and spine make the brightest column band in the middle of the chest."""
    height, width = small.shape
    profile = ndimage.uniform_filter1d(small[int(0.25 * height):int(0.7 * height)].mean(axis=0), 5)
    lo, hi = int(0.3 * width), int(0.7 * width)
    return float(lo + np.argmax(profile[lo:hi]))


def _lung_values(image: np.ndarray, layout: _Layout) -> np.ndarray:
    values = image[layout.lung_mask]
    if values.size < 0.02 * image.size:
        t, b, l, r = (int(v) for v in layout.union)
        values = image[t:b, l:r].ravel()
    return values


# ----------------------------------------------------------------------------------- underexposure


def _underexposure(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    mechanism = _choose(rng, (_quantum_mottle, _under_penetration, _fixed_lut, _readout_limited))
    return _keep_padding(image, mechanism(image, rng))


def _dose_noise(image: np.ndarray, rng: np.random.Generator, sigma_dense: float,
                electronic_share: float) -> np.ndarray:
    """Noise of a quantum-starved exposure, in display units.

    The display is linear in log transmitted quanta N, so quantum noise has variance ~ 1/N, which
    grows as exp(DISPLAY_EFOLDS * grey); electronic noise has variance ~ 1/N**2.  ``sigma_dense`` is
    the standard deviation reached at the dense (90th percentile) grey level.
    """
    relative = np.exp(DISPLAY_EFOLDS * (image - np.percentile(image, 90)))
    variance = (1.0 - electronic_share) * relative + electronic_share * relative**2
    sigma = np.minimum(sigma_dense * np.sqrt(variance), 0.3)
    corr_px = rng.uniform(0.4, 1.1) * _scale(image)
    return sigma * _correlated_noise(image.shape, rng, corr_px)


def _quantum_mottle(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dose a quarter to a tenth of target; automatic windowing keeps the brightness."""
    sigma = rng.uniform(0.06, 0.14)
    return image + _dose_noise(image, rng, sigma, rng.uniform(0.0, 0.3))


def _under_penetration(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """kVp too low: dense parts burn in to white (no spine behind the heart), lungs turn grey."""
    toned = 1.0 - (1.0 - image) ** rng.uniform(1.6, 2.6)
    return toned + _dose_noise(image, rng, rng.uniform(0.045, 0.09), rng.uniform(0.0, 0.4))


def _fixed_lut(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Low dose shown through a fixed look-up table: too light, flat and noisy."""
    used_range = rng.uniform(0.4, 0.62)
    light = 1.0 - (1.0 - image) * used_range
    return light + _dose_noise(image, rng, rng.uniform(0.045, 0.08), rng.uniform(0.0, 0.3))


def _readout_limited(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """So few quanta that electronic noise, row stripes and the signal floor dominate."""
    knee = float(np.percentile(image, rng.uniform(72.0, 88.0)))
    floored = np.where(image > knee, knee + (image - knee) * rng.uniform(0.05, 0.25), image)
    sigma = rng.uniform(0.05, 0.11)
    noise = _dose_noise(image, rng, sigma, rng.uniform(0.6, 0.9))
    weight = np.minimum(np.exp(DISPLAY_EFOLDS * (image - np.percentile(image, 90))), 2.0)
    rows = rng.standard_normal(image.shape[0]).astype(np.float32) * sigma * rng.uniform(0.25, 0.5)
    return floored + noise + rows[:, None] * weight


# ------------------------------------------------------------------------------------ overexposure


def _overexposure(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    mechanism = _choose(rng, (_saturation, _dark_film, _over_penetration, _peripheral_burnout))
    return _keep_padding(image, mechanism(image, _layout(image), rng))


def _saturation(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Detector clipped in the lungs; re-windowing keeps bone white but markings are gone."""
    lungs = _lung_values(image, layout)
    clip_level = float(np.percentile(lungs, rng.uniform(40.0, 80.0)))
    top = max(float(np.percentile(image, 99.5)), clip_level + 0.05)
    floor = rng.uniform(0.0, 0.04)
    return floor + (top - floor) * np.clip((image - clip_level) / (top - clip_level), 0.0, 1.0)


def _dark_film(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """No rescaling: the whole film is dark and the lungs clip to black."""
    lungs = _lung_values(image, layout)
    shift = float(np.percentile(lungs, rng.uniform(35.0, 70.0)))
    return np.clip((image - shift) * rng.uniform(0.85, 1.05), 0.0, 1.0)


def _over_penetration(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """High kVp: a tone curve that crushes the dark lung markings towards black."""
    top = max(float(np.percentile(image, 99.5)), 0.2)
    lungs = _lung_values(image, layout)
    black = float(np.percentile(lungs, rng.uniform(10.0, 30.0)))
    lifted = np.clip((image - black) / max(top - black, 1e-6), 0.0, 1.0)  # a featureless film has top == black
    return top * lifted ** rng.uniform(1.8, 3.0)


def _peripheral_burnout(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Thin tissue saturates first: markings vanish towards the chest wall and the apices."""
    top_y, bottom_y, left_x, right_x = layout.union
    height, width = image.shape
    ys = (np.arange(height, dtype=np.float32) - (top_y + bottom_y) / 2) / max((bottom_y - top_y) / 2, 1)
    xs = (np.arange(width, dtype=np.float32) - layout.midline) / max((right_x - left_x) / 2, 1)
    radius = np.sqrt(0.35 * ys[:, None] ** 2 + xs[None, :] ** 2)
    lungs = _lung_values(image, layout)
    centre_clip = float(np.percentile(lungs, rng.uniform(10.0, 30.0)))
    edge_clip = float(np.percentile(lungs, rng.uniform(75.0, 95.0)))
    clip_level = centre_clip + (edge_clip - centre_clip) * _smoothstep(radius / 0.95)
    top = max(float(np.percentile(image, 99.5)), edge_clip + 0.05)
    return top * np.clip((image - clip_level) / (top - clip_level), 0.0, 1.0)


# -------------------------------------------------------------------------------- lung field cut-off


def _lung_field_cutoff(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    mechanism = _choose(rng, (_crop_apex, _crop_bases, _crop_lateral, _broad_patient, _tilted, _shutter))
    return mechanism(image, _layout(image), rng)


def _keep_at_least(cut: float, size: int, from_start: bool) -> int:
    """Clamp a crop so that at least ``MIN_KEPT`` of the dimension survives a poor lung layout."""
    cut = int(round(cut))
    limit = int((1.0 - MIN_KEPT) * size)
    return min(max(cut, 0), limit) if from_start else max(min(cut, size), size - limit)


def _crop_apex(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Detector (or central ray) too low: the apices are above the top edge.

    Cuts are measured from the mean of the two lungs' edges: one box may be loose (a merged gastric
    bubble) or short (an opacity), rarely both in the same direction.
    """
    top = (layout.lungs[0][0] + layout.lungs[1][0]) / 2
    lung_height = layout.union[1] - layout.union[0]
    start = _keep_at_least(top + rng.uniform(0.1, 0.28) * lung_height, image.shape[0], True)
    return image[start:].copy()


def _crop_bases(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Detector too high: costophrenic angles and bases below the bottom edge."""
    bottom = (layout.lungs[0][1] + layout.lungs[1][1]) / 2
    lung_height = layout.union[1] - layout.union[0]
    stop = _keep_at_least(bottom - rng.uniform(0.1, 0.25) * lung_height, image.shape[0], False)
    return image[:stop].copy()


def _crop_lateral(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Detector shifted sideways: one lateral chest wall and costophrenic angle are lost."""
    fraction = rng.uniform(0.12, 0.3)
    width = image.shape[1]
    if rng.random() < 0.5:
        left, right = layout.lungs[0][2:]
        return image[:, _keep_at_least(left + fraction * (right - left), width, True):].copy()
    left, right = layout.lungs[1][2:]
    return image[:, :_keep_at_least(right - fraction * (right - left), width, False)].copy()


def _broad_patient(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Chest broader than the (portrait) detector: both lateral chest walls and angles are lost."""
    (_, _, left0, right0), (_, _, left1, right1) = layout.lungs
    width = image.shape[1]
    most = int(0.5 * (1.0 - MIN_KEPT) * width)  # per side
    start = min(int(round(left0 + rng.uniform(0.08, 0.2) * (right0 - left0))), most)
    stop = max(int(round(right1 - rng.uniform(0.08, 0.2) * (right1 - left1))), width - most)
    return image[:, start:stop].copy()


def _tilted(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Detector rotated against the patient and too high: a tilted frame that loses the bases."""
    angle = rng.uniform(4.0, 9.0) * _choose(rng, (-1.0, 1.0))
    height, width = image.shape
    rad = np.deg2rad(abs(angle))
    keep = min(width / (width * np.cos(rad) + height * np.sin(rad)),
               height / (width * np.sin(rad) + height * np.cos(rad)))
    rotated = ndimage.rotate(image, angle, reshape=False, order=1, mode="nearest")
    h, w = int(height * keep), int(width * keep)
    y0, x0 = (height - h) // 2, (width - w) // 2
    framed = _resize(rotated[y0:y0 + h, x0:x0 + w], image.shape)
    return _crop_bases(framed, _layout(framed), rng)


def _shutter(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """A collimator blade inside a lung: beyond it the detector is unexposed (bright)."""
    height, width = image.shape
    lung = layout.lungs[int(rng.integers(2))]
    top, bottom, left, right = lung
    side = _choose(rng, ("top", "bottom", "outer"))
    fraction = rng.uniform(0.18, 0.35)
    tilt = np.deg2rad(rng.uniform(-10.0, 10.0))
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    if side == "top":
        y_edge = top + fraction * (bottom - top)
        signed = (y_edge - ys) * np.cos(tilt) + (xs - (left + right) / 2) * np.sin(tilt)
    elif side == "bottom":
        y_edge = bottom - fraction * (bottom - top)
        signed = (ys - y_edge) * np.cos(tilt) + (xs - (left + right) / 2) * np.sin(tilt)
    else:
        outer_is_left = (left + right) / 2 < layout.midline
        x_edge = left + fraction * (right - left) if outer_is_left else right - fraction * (right - left)
        direction = 1.0 if outer_is_left else -1.0
        signed = direction * (x_edge - xs) * np.cos(tilt) + (ys - (top + bottom) / 2) * np.sin(tilt)
    penumbra = rng.uniform(1.0, 3.0) * _scale(image)
    blade = _smoothstep(signed / penumbra + 0.5)
    scatter = np.exp(-np.clip(signed, 0, None) / (rng.uniform(8.0, 25.0) * _scale(image)))
    unexposed = rng.uniform(0.82, 0.97) - rng.uniform(0.1, 0.25) * scatter
    unexposed = unexposed + rng.normal(0.0, 0.008, image.shape).astype(np.float32)
    return image * (1.0 - blade) + unexposed * blade


# ---------------------------------------------------------------------------- collimation / centring


def _collimation_centering(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Embed the film in a larger exposed field, then show that field at the original long side."""
    film = image[_film_region(image)]
    fh, fw = film.shape
    inset_y, inset_x = int(FILM_INSET * fh), int(FILM_INSET * fw)
    film = film[inset_y:fh - inset_y, inset_x:fw - inset_x]
    fh, fw = film.shape
    if rng.random() < 0.5:
        fractions = _wide_field_margins(rng)
    else:
        fractions = _off_centre_margins(rng)
    top, bottom, left, right = fractions
    factor = max(image.shape) / max(fh * (1 + top + bottom), fw * (1 + left + right))
    small = _resize(film, (max(16, round(fh * factor)), max(16, round(fw * factor))))
    margins = (round(top * small.shape[0]), round(bottom * small.shape[0]),
               round(left * small.shape[1]), round(right * small.shape[1]))
    field = _surroundings(small, margins, _px_per_mm(image) * factor, rng)
    if rng.random() < 0.4:
        field = _collimator_border(field, rng)
    long_side = max(image.shape)
    ratio = long_side / max(field.shape)
    return _resize(field, (max(16, min(long_side, round(field.shape[0] * ratio))),
                           max(16, min(long_side, round(field.shape[1] * ratio)))))


def _wide_field_margins(rng: np.random.Generator) -> tuple[float, float, float, float]:
    """Margins (fractions of the film's height/width: top, bottom, left, right) on every side."""
    top = rng.uniform(0.12, 0.25)
    bottom, left, right = rng.uniform(0.15, 0.35, size=3)
    return top, bottom, left, right


def _off_centre_margins(rng: np.random.Generator) -> tuple[float, float, float, float]:
    """A large margin on one or two sides only, so the thorax sits clearly off the field centre.

    Sideways the thorax moves by 12-20 % of the field; a central ray too high exposes the neck and
    thyroid, one too low the upper abdomen.
    """
    margins = list(rng.uniform(0.0, 0.04, size=4))
    horizontal = _choose(rng, (None, 2, 3))
    vertical = _choose(rng, (0, 1)) if horizontal is None else _choose(rng, (None, 0, 1))
    if horizontal is not None:
        margins[horizontal] = rng.uniform(0.4, 0.75)
    if vertical is not None:
        margins[vertical] = rng.uniform(0.3, 0.45) if vertical == 0 else rng.uniform(0.4, 0.6)
    return tuple(margins)


def _chord(offset: np.ndarray, half_width: np.ndarray | float) -> np.ndarray:
    """Projected thickness of an elliptical cross-section (0 outside, 1 at the centre)."""
    ratio = np.clip(np.abs(offset) / np.maximum(half_width, 1e-3), 0.0, 1.0)
    return np.sqrt(1.0 - ratio**2)


def _surroundings(film: np.ndarray, margins: tuple[int, int, int, int], ppm: float,
                  rng: np.random.Generator) -> np.ndarray:
    """Air, arms, neck and abdomen around the film.

    Each new pixel starts from the nearest film edge value, so anatomy cut by the edge (chest wall,
    shoulders, cervical spine and trachea, abdomen) continues; the body then closes towards air with
    the chord profile of its rounded cross-section: skin within a few cm laterally, sloping
    shoulders either side of the neck, a narrowing waist below; bowel gas lies in the abdomen.
    """
    top, bottom, left, right = margins
    height, width = film.shape
    layout = _layout(film)
    air = rng.uniform(0.02, 0.1)
    ys = np.arange(height + top + bottom, dtype=np.float32)[:, None] - top
    xs = np.arange(width + left + right, dtype=np.float32)[None, :] - left
    out_y = np.maximum(np.maximum(-ys, ys - (height - 1)), 0.0)
    out_x = np.maximum(np.maximum(-xs, xs - (width - 1)), 0.0)
    union_left, union_right = layout.union[2:]
    mid = layout.midline
    body_half = 0.5 * (union_right - union_left) * rng.uniform(1.15, 1.3)
    neck_half = body_half * rng.uniform(0.28, 0.36)
    from_mid = np.abs(xs - mid)

    closing = np.ones((ys.size, xs.size), dtype=np.float32)
    shoulder = rng.uniform(30.0, 70.0) * ppm * _chord(from_mid - neck_half, body_half * 1.3 - neck_half)
    closing[:top] = np.maximum(_chord(from_mid, neck_half) ** 0.5, _chord(out_y[:top], shoulder + 1e-3))
    closing *= _chord(out_x, rng.uniform(10.0, 35.0) * ppm)
    if bottom > 0:
        closing[top + height:] *= _waist(film, xs, out_y[top + height:], mid, air, bottom, ppm, rng)
    field = air + (_edge_continuation(film, margins, ppm) - air) * closing
    soft = float(np.percentile(film, 60)) - air
    for columns, sign in ((slice(0, left), -1.0), (slice(left + width, None), 1.0)):
        field[:, columns] += _arm(xs[:, columns], ys, sign, width, height, ppm, soft, rng)
    field -= _bowel_gas(field.shape, top + height, mid + left, body_half, ppm, rng) * closing
    texture = ndimage.gaussian_filter(rng.standard_normal(field.shape, dtype=np.float32), 4.0 * ppm)
    texture *= rng.uniform(0.008, 0.018) / max(float(texture.std()), 1e-6)
    grain = rng.standard_normal(field.shape, dtype=np.float32) * max(_noise_sigma(film), 0.004)
    ramp = _smoothstep(np.maximum(out_x, out_y) / (10.0 * ppm))
    field += (texture * closing + grain) * ramp
    field[top:top + height, left:left + width] = film
    return field


def _waist(film: np.ndarray, xs: np.ndarray, below: np.ndarray, mid: float, air: float, depth: int,
           ppm: float, rng: np.random.Generator) -> np.ndarray:
    """Below the film the trunk narrows from the width it has at the film's lower edge to the waist."""
    last_row = ndimage.uniform_filter1d(film[-1], 9)
    tissue = np.nonzero(last_row > air + 0.5 * (float(np.median(last_row)) - air))[0]
    half = max(abs(tissue[0] - mid), abs(tissue[-1] - mid)) if tissue.size else film.shape[1] / 2
    half = half * (1.0 - rng.uniform(0.05, 0.2) * np.clip(below / depth, 0.0, 1.0))
    return _smoothstep((half - np.abs(xs - mid)) / (8.0 * ppm))


def _edge_continuation(film: np.ndarray, margins: tuple[int, int, int, int], ppm: float) -> np.ndarray:
    """The film's edge values repeated outwards, smoothed along the edge so pixel noise does not streak."""
    smooth = ndimage.gaussian_filter(film, max(3.0 * ppm, 0.5))
    top, bottom, left, right = margins
    return np.pad(smooth, ((top, bottom), (left, right)), mode="edge")


def _bowel_gas(shape: tuple[int, int], start_y: int, mid_x: float, body_half: float, ppm: float,
               rng: np.random.Generator) -> np.ndarray:
    """Dark gas pockets of the colon and small bowel below the film's lower edge."""
    gas = np.zeros(shape, dtype=np.float32)
    height, width = shape
    if start_y >= height - 2:
        return gas
    for _ in range(int(rng.integers(3, 8))):
        cy = rng.uniform(start_y, height)
        cx = mid_x + rng.uniform(-0.7, 0.7) * body_half
        ry, rx = rng.uniform(8.0, 25.0, size=2) * ppm
        y0, y1 = int(max(cy - ry, start_y)), int(min(cy + ry + 1, height))
        x0, x1 = int(max(cx - rx, 0)), int(min(cx + rx + 1, width))
        if y1 <= y0 or x1 <= x0:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        blob = _chord(np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2), 1.0)
        gas[y0:y1, x0:x1] = np.maximum(gas[y0:y1, x0:x1], rng.uniform(0.04, 0.1) * blob)
    return gas


def _arm(xs: np.ndarray, ys: np.ndarray, sign: float, film_w: int, film_h: int, ppm: float,
         soft: float, rng: np.random.Generator) -> np.ndarray:
    """An arm beside the chest, clear of the film: soft tissue and a tubular humerus.

    A tube's projected thickness is largest at its walls, so the humerus shows two bright cortices.
    """
    gap = rng.uniform(5.0, 35.0) * ppm
    arm_half = rng.uniform(32.0, 45.0) * ppm
    edge_x = -1.0 if sign < 0 else float(film_w)
    lean = rng.uniform(-0.1, 0.03) * sign
    centre = edge_x + sign * (gap + arm_half) + lean * (ys - film_h / 2)
    offset = xs - centre
    elbow = film_h * rng.uniform(0.75, 1.15)
    along = _smoothstep((elbow - ys) / (20.0 * ppm))
    flesh = soft * rng.uniform(0.45, 0.7) * _chord(offset, arm_half)
    outer, inner = arm_half * rng.uniform(0.3, 0.36), arm_half * rng.uniform(0.17, 0.22)
    cortex = (_chord(offset, outer) * outer - _chord(offset, inner) * inner) / outer
    return (flesh + rng.uniform(0.08, 0.15) * cortex) * along


def _collimator_border(field: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Visible collimator blades: a bright unexposed band round the (still too large) field."""
    height, width = field.shape
    out = field.copy()
    level = rng.uniform(0.82, 0.96)
    for axis, size in ((0, height), (1, width)):
        for at_end in (False, True):
            band = int(rng.uniform(0.008, 0.025) * size)
            if band == 0:
                continue
            index = slice(size - band, size) if at_end else slice(0, band)
            if axis == 0:
                out[index, :] = level
            else:
                out[:, index] = level
    return out


# ------------------------------------------------------------------------------------ motion blur


def _motion_blur(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    mechanism = _choose(rng, (_linear_drift, _jerk, _breathing, _twist, _cardiac))
    return mechanism(image, rng)


def _sinusoidal_phases(count: int) -> np.ndarray:
    """Positions of a sinusoidal movement sampled evenly in time: they pile up at the extremes."""
    return (1.0 - np.cos(np.pi * (np.arange(count) + 0.5) / count)) / 2.0


def _linear_drift(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Patient drifts during the exposure at an even, slowing or stop-and-go speed.

    Where the patient dwells longer, the path point weighs more in the smear kernel.
    """
    length = rng.uniform(6.0, 16.0) * _scale(image)
    angle = rng.uniform(0.0, np.pi)
    steps = max(int(np.ceil(2 * length)), 2)
    time = np.linspace(0.0, 1.0, steps)
    profile = _choose(rng, ("even", "accelerating", "stop_go"))
    if profile == "even":
        dwell = np.ones(steps)
    elif profile == "accelerating":  # slow start, fast end: dwell falls along the path
        dwell = np.linspace(1.0, rng.uniform(0.15, 0.4), steps)
    else:  # pauses at both ends of the path
        dwell = 0.25 + np.exp(-((time - 0.15) / 0.12) ** 2) + np.exp(-((time - 0.85) / 0.12) ** 2)
    radius = int(np.ceil(length / 2)) + 1
    along = (time - 0.5) * length
    ys, xs = radius + along * np.sin(angle), radius + along * np.cos(angle)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    fy, fx = ys - y0, xs - x0
    kernel = np.zeros((2 * radius + 1, 2 * radius + 1))
    corners = ((0, 0, (1 - fy) * (1 - fx)), (1, 0, fy * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 1, fy * fx))
    for oy, ox, share in corners:  # bilinear splat of each path point
        np.add.at(kernel, (y0 + oy, x0 + ox), dwell * share)
    kernel /= kernel.sum()
    padded = np.pad(image, radius, mode="reflect")
    return signal.oaconvolve(padded, kernel.astype(np.float32), mode="valid")


def _jerk(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A sudden move part-way through the exposure: every contour appears twice.

    A small share of the exposure falls during the move itself and smears between the two copies.
    """
    distance = rng.uniform(5.0, 14.0) * _scale(image)
    angle = rng.uniform(0.0, 2 * np.pi)
    after = rng.uniform(0.3, 0.5)
    step = (distance * np.sin(angle), distance * np.cos(angle))
    moved = ndimage.shift(image, step, order=1, mode="nearest")
    halfway = ndimage.shift(image, (step[0] / 2, step[1] / 2), order=1, mode="nearest")
    return (1 - after - JERK_TRANSIT) * image + after * moved + JERK_TRANSIT * halfway


def _gather(flat: np.ndarray, width: int, ys: np.ndarray, xs: np.ndarray | None) -> np.ndarray:
    """Bilinear samples of a raveled image at in-range coordinates; ``xs=None`` keeps each column."""
    y0 = np.floor(ys)
    if xs is None:
        index = (y0 * width + np.arange(width, dtype=np.float32)).astype(np.intp)
        top = flat.take(index)
        return top + (flat.take(index + width) - top) * (ys - y0)
    x0 = np.floor(xs)
    index = (y0 * width + x0).astype(np.intp)
    top, low = flat.take(index), flat.take(index + width)
    fx = xs - x0
    top += (flat.take(index + 1) - top) * fx
    low += (flat.take(index + width + 1) - low) * fx
    low -= top
    low *= ys - y0
    top += low
    return top


def _average_positions(image: np.ndarray, dy: np.ndarray, dx: np.ndarray | None, count: int) -> np.ndarray:
    """Average of the image over a sinusoidal movement from rest to the displacement (dy, dx).

    Coordinates are built in reused float32 buffers: this runs several times per image.
    """
    height, width = image.shape
    flat = image.ravel()
    rows = np.arange(height, dtype=np.float32)[:, None]
    columns = np.arange(width, dtype=np.float32)[None, :]
    ys = np.empty(image.shape, np.float32)
    xs = None if dx is None else np.empty(image.shape, np.float32)
    total = np.zeros(image.shape, dtype=np.float32)
    for phase in _sinusoidal_phases(count).tolist():
        np.multiply(dy, phase, out=ys)
        ys += rows
        np.clip(ys, 0, height - 1.001, out=ys)
        if xs is not None:
            np.multiply(dx, phase, out=xs)
            xs += columns
            np.clip(xs, 0, width - 1.001, out=xs)
        total += _gather(flat, width, ys, xs)
    return total / count


def _breathing(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Breathing during the exposure: the diaphragm and bases move most, the apices hardly."""
    layout = _layout(image)
    top, bottom = layout.union[:2]
    height, width = image.shape
    amplitude = rng.uniform(8.0, 20.0) * _scale(image) * _choose(rng, (-1.0, 1.0))
    apex_share = rng.uniform(0.0, 0.25)
    ys = np.arange(height, dtype=np.float32)[:, None]
    xs = np.arange(width, dtype=np.float32)[None, :]
    ramp = apex_share + (1 - apex_share) * _smoothstep((ys - top) / max(bottom - top, 1))
    asymmetry = rng.uniform(-0.3, 0.3) * np.tanh((xs - layout.midline) / (0.2 * width))
    dy = (amplitude * ramp * (1 + asymmetry)).astype(np.float32)
    return _average_positions(image, dy, None, 7)


def _twist(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The trunk turns about a shoulder or the lower spine: blur grows with distance from the pivot."""
    layout = _layout(image)
    top, bottom, left, right = layout.union
    height, width = image.shape
    pivot_y, pivot_x = _choose(rng, ((top, left), (top, right), (bottom, layout.midline)))
    far = max(np.hypot(height - pivot_y, width - pivot_x), np.hypot(pivot_y, pivot_x),
              np.hypot(height - pivot_y, pivot_x), np.hypot(pivot_y, width - pivot_x))
    angle = rng.uniform(10.0, 22.0) * _scale(image) / far * _choose(rng, (-1.0, 1.0))
    cos_1, sin = float(np.cos(angle)) - 1.0, float(np.sin(angle))  # Python floats keep float32
    ys = np.arange(height, dtype=np.float32)[:, None] - np.float32(pivot_y)
    xs = np.arange(width, dtype=np.float32)[None, :] - np.float32(pivot_x)
    return _average_positions(image, cos_1 * ys + sin * xs, cos_1 * xs - sin * ys, 5)


def _cardiac(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Cardiac pulsation: the heart borders and the lung next to them move radially."""
    layout = _layout(image)
    top, bottom, left, right = layout.union
    height, width = image.shape
    cy = top + rng.uniform(0.6, 0.75) * (bottom - top)
    cx = layout.midline + rng.uniform(0.05, 0.15) * (right - left)
    ys = np.arange(height, dtype=np.float32)[:, None] - cy
    xs = np.arange(width, dtype=np.float32)[None, :] - cx
    border = np.sqrt((ys / (0.3 * (bottom - top))) ** 2 + (xs / (0.3 * (right - left))) ** 2)
    reach = np.exp(-((border - 0.8) / 0.5) ** 2)  # largest at the heart borders
    distance = np.hypot(ys, xs) + 1e-3
    amplitude = rng.uniform(10.0, 18.0) * _scale(image)
    dy = (amplitude * reach * ys / distance).astype(np.float32)
    dx = (amplitude * reach * xs / distance).astype(np.float32)
    return _average_positions(image, dy, dx, 5)


# --------------------------------------------------------------------------------- foreign objects


def _foreign_object(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One or two kinds of object; each renderer returns (density patch, centre y, centre x)."""
    layout = _layout(image)
    ppm = _px_per_mm(image)
    renderers = (_necklace, _buttons, _coins, _hair_pins, _underwire, _zip, _phone)
    count = 2 if rng.random() < 0.25 else 1
    density = np.zeros(image.shape, dtype=np.float32)
    for index in rng.choice(len(renderers), size=count, replace=False):
        patch, cy, cx = renderers[index](layout, ppm, rng)
        cy, cx = _within_chest(layout, patch.shape, cy, cx)
        _paste_add(density, patch, cy, cx)
    density = ndimage.gaussian_filter(density, 0.5 * _scale(image))
    return _add_attenuation(image, density)


def _within_chest(layout: _Layout, shape: tuple[int, int], cy: float, cx: float) -> tuple[float, float]:
    """Move an object's centre so that it lies over the chest (lungs plus part of the chest wall)."""
    top, bottom, left, right = layout.union
    wall = 0.08 * (right - left)
    half_h, half_w = shape[0] / 2, shape[1] / 2
    if 2 * half_w < right - left:
        cx = float(np.clip(cx, left - wall + half_w, right + wall - half_w))
    if 2 * half_h < bottom - top:
        cy = float(np.clip(cy, top - 2 * wall + half_h, bottom + wall - half_h))
    return cy, cx


def _add_attenuation(image: np.ndarray, density: np.ndarray) -> np.ndarray:
    """Add density (display units) to the anatomy beneath, saturating softly at white."""
    room = 1.0 - image
    return image + room * np.tanh(density / (room + 0.02))


def _paste_add(canvas: np.ndarray, patch: np.ndarray, cy: float, cx: float) -> None:
    height, width = canvas.shape
    ph, pw = patch.shape
    y0, x0 = int(round(cy - ph / 2)), int(round(cx - pw / 2))
    ys, xs = max(y0, 0), max(x0, 0)
    ye, xe = min(y0 + ph, height), min(x0 + pw, width)
    if ye > ys and xe > xs:
        canvas[ys:ye, xs:xe] += patch[ys - y0:ye - y0, xs - x0:xe - x0]


def _grid(height: float, width: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates of a patch, origin at its centre."""
    h, w = max(int(np.ceil(height)), 3), max(int(np.ceil(width)), 3)
    ys = np.arange(h, dtype=np.float32)[:, None] - (h - 1) / 2
    xs = np.arange(w, dtype=np.float32)[None, :] - (w - 1) / 2
    return ys, xs


def _coverage(signed_distance: np.ndarray) -> np.ndarray:
    """Anti-aliased inside-ness from a signed distance (negative inside)."""
    return np.clip(0.5 - signed_distance, 0.0, 1.0)


def _disc(ys, xs, cy, cx, radius) -> np.ndarray:
    return _coverage(np.hypot(ys - cy, xs - cx) - radius)


def _sphere(ys, xs, cy, cx, radius) -> np.ndarray:
    """Projected thickness of a ball, relative to its diameter."""
    return _chord(np.hypot(ys - cy, xs - cx), radius)


def _rounded_rect(ys, xs, cy, cx, half_h, half_w, corner) -> np.ndarray:
    qy = np.abs(ys - cy) - (half_h - corner)
    qx = np.abs(xs - cx) - (half_w - corner)
    outside = np.hypot(np.maximum(qy, 0), np.maximum(qx, 0))
    inside = np.minimum(np.maximum(qy, qx), 0)
    return _coverage(outside + inside - corner)


def _polyline_distance(ys, xs, points: np.ndarray) -> np.ndarray:
    """Distance from each pixel to a polyline given as an (n, 2) array of (y, x)."""
    best = np.full(np.broadcast(ys, xs).shape, np.inf, dtype=np.float32)
    for (ay, ax), (by, bx) in zip(points[:-1], points[1:]):
        vy, vx = by - ay, bx - ax
        t = np.clip(((ys - ay) * vy + (xs - ax) * vx) / max(vy * vy + vx * vx, 1e-6), 0, 1)
        best = np.minimum(best, np.hypot(ys - ay - t * vy, xs - ax - t * vx))
    return best


def _wire(ys, xs, points: np.ndarray, radius: float) -> np.ndarray:
    """Round wire along a polyline: thickness follows the chord of its circular section.

    Wires thinner than a pixel are spread over one pixel with the same projected mass.
    """
    effective = max(radius, 0.7)
    return _chord(_polyline_distance(ys, xs, points), effective) * min(radius / effective, 1.0)


def _rotate_patch(patch: np.ndarray, angle_deg: float) -> np.ndarray:
    return np.clip(ndimage.rotate(patch, angle_deg, reshape=True, order=1), 0.0, None)


def _necklace(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """A chain or a string of beads hanging over the upper chest, sometimes with a pendant."""
    top, bottom, left, right = layout.union
    span = rng.uniform(90.0, 150.0) * ppm
    sag = rng.uniform(60.0, 130.0) * ppm
    ys, xs = _grid(sag + 30 * ppm, span + 20 * ppm)
    t = np.linspace(-1.0, 1.0, 25)
    curve = np.stack([ys.min() + 8 * ppm + sag * (1 - t**2), t * span / 2], axis=1)
    if rng.random() < 0.5:
        patch = _wire(ys, xs, curve, rng.uniform(0.4, 0.9) * ppm) * rng.uniform(0.5, 0.9)
    else:
        radius = rng.uniform(2.0, 4.5) * ppm
        lengths = np.cumsum(np.r_[0, np.hypot(*np.diff(curve, axis=0).T)])
        spots = np.arange(0, lengths[-1], 2 * radius * rng.uniform(1.0, 1.3))
        centres = np.stack([np.interp(spots, lengths, curve[:, i]) for i in (0, 1)], axis=1)
        density = rng.uniform(0.3, 0.8)
        patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
        for cy, cx in centres:
            patch = np.maximum(patch, density * _sphere(ys, xs, cy, cx, radius))
    if rng.random() < 0.6:
        pendant_y = curve[:, 0].max() + rng.uniform(6.0, 12.0) * ppm
        shape = _choose(rng, ("disc", "cross", "ring"))
        size = rng.uniform(5.0, 10.0) * ppm
        if shape == "disc":
            piece = _disc(ys, xs, pendant_y, 0.0, size)
        elif shape == "cross":
            upright = _rounded_rect(ys, xs, pendant_y, 0.0, 1.4 * size, 0.25 * size, 0.5)
            beam = _rounded_rect(ys, xs, pendant_y - 0.4 * size, 0.0, 0.25 * size, 0.8 * size, 0.5)
            piece = np.maximum(upright, beam)
        else:
            piece = _disc(ys, xs, pendant_y, 0.0, size) - _disc(ys, xs, pendant_y, 0.0, 0.6 * size)
        patch = patch + rng.uniform(0.6, 1.2) * piece
    cy = top + patch.shape[0] / 2 - rng.uniform(0.0, 0.08) * (bottom - top)
    cx = layout.midline + rng.uniform(-0.05, 0.05) * (right - left)
    return _rotate_patch(patch, rng.uniform(-10.0, 10.0)), cy, cx


def _buttons(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """A shirt's row of buttons: metal ones nearly opaque, plastic ones faint but many."""
    top, bottom, left, right = layout.union
    count = int(rng.integers(3, 7))
    pitch = rng.uniform(55.0, 85.0) * ppm
    radius = rng.uniform(5.0, 9.0) * ppm
    metal = rng.random() < 0.6
    density = rng.uniform(0.5, 1.0) if metal else rng.uniform(0.2, 0.32)
    holes = _choose(rng, (0, 2, 4)) if not metal else _choose(rng, (0, 2))
    ys, xs = _grid(pitch * (count - 1) + 2 * radius + 4, 2 * radius + 6)
    patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
    for k in range(count):
        cy = (k - (count - 1) / 2) * pitch
        button = _disc(ys, xs, cy, 0.0, radius)
        for h in range(holes):
            angle = np.pi / 4 + h * 2 * np.pi / max(holes, 1)
            button -= _disc(ys, xs, cy + 0.3 * radius * np.sin(angle), 0.3 * radius * np.cos(angle),
                            0.13 * radius)
        patch += density * np.clip(button, 0, 1)
    cy = (top + bottom) / 2 + rng.uniform(-0.1, 0.1) * (bottom - top)
    cx = layout.midline + rng.uniform(-0.12, 0.12) * (right - left)
    return _rotate_patch(patch, rng.uniform(-8.0, 8.0)), cy, cx


def _over_a_lung(layout: _Layout, rng: np.random.Generator,
                 height_range: tuple[float, float]) -> tuple[float, float]:
    """A point over either lung, within a band of its height (0 = apex, 1 = base)."""
    top, bottom, left, right = layout.lungs[int(rng.integers(2))]
    cy = top + rng.uniform(*height_range) * (bottom - top)
    return cy, left + rng.uniform(0.25, 0.75) * (right - left)


def _coins(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """Coins left in a shirt pocket; overlapping coins add up to a brighter lens."""
    count = int(rng.integers(1, 4))
    radii = rng.uniform(8.0, 13.5, size=count) * ppm
    spread = 18.0 * ppm
    ys, xs = _grid(2 * radii.max() + 2 * spread + 4, 2 * radii.max() + 2 * spread + 4)
    patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
    for radius in radii:
        cy, cx = rng.uniform(-spread, spread, size=2)
        body = _disc(ys, xs, cy, cx, radius)
        rim = body - _disc(ys, xs, cy, cx, radius - 1.2 * ppm)
        patch += rng.uniform(0.6, 1.2) * (body + 0.15 * rim)
    cy, cx = _over_a_lung(layout, rng, (0.15, 0.55))
    return patch, cy, cx


def _bobby_pin(ys: np.ndarray, xs: np.ndarray, length: float, ppm: float,
               rng: np.random.Generator) -> np.ndarray:
    """Two legs joined by a bend, one wavy, flaring towards the open end with coated ball tips."""
    radius = rng.uniform(0.5, 0.8) * ppm
    t = np.linspace(0.0, 1.0, 24)
    along = (t - 0.5) * length
    half_gap = (0.5 + 1.5 * t) * ppm
    straight = np.stack([along, -half_gap], axis=1)
    wavy = np.stack([along, half_gap + 0.7 * ppm * np.sin(2 * np.pi * 3.5 * t)], axis=1)
    bend = np.array([[along[0], -half_gap[0]], [along[0] - half_gap[0], 0.0], [along[0], half_gap[0]]])
    legs = np.maximum(np.maximum(_wire(ys, xs, straight, radius), _wire(ys, xs, wavy, radius)),
                      _wire(ys, xs, bend, radius))
    tips = np.maximum(_sphere(ys, xs, along[-1], -half_gap[-1], 1.3 * ppm),
                      _sphere(ys, xs, along[-1], wavy[-1, 1], 1.3 * ppm))
    return rng.uniform(0.7, 1.0) * legs + rng.uniform(0.2, 0.4) * tips


def _snap_clip(ys: np.ndarray, xs: np.ndarray, length: float, ppm: float,
               rng: np.random.Generator) -> np.ndarray:
    """A snap hair clip: a thin tapered plate with a long slot."""
    half_w = rng.uniform(4.0, 6.0) * ppm
    plate = _rounded_rect(ys, xs, 0.0, 0.0, 0.45 * length, half_w, half_w * 0.8)
    slot = _rounded_rect(ys, xs, 0.0, 0.0, 0.3 * length, 0.35 * half_w, 0.3 * half_w)
    return np.clip(plate - slot, 0, 1) * rng.uniform(0.35, 0.6)


def _hair_pins(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """One to three bobby pins or snap clips left in long hair, projected over the upper zones."""
    length = rng.uniform(45.0, 60.0) * ppm
    span = 2.2 * length
    ys, xs = _grid(span, span)
    patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
    for _ in range(int(rng.integers(1, 4))):
        piece_ys, piece_xs = _grid(length + 8 * ppm, length + 8 * ppm)
        render = _bobby_pin if rng.random() < 0.6 else _snap_clip
        piece = _rotate_patch(render(piece_ys, piece_xs, length, ppm, rng), rng.uniform(0.0, 360.0))
        cy, cx = rng.uniform(-0.3, 0.3, size=2) * (span - piece.shape[0])
        _paste_add(patch, piece, cy + patch.shape[0] / 2, cx + patch.shape[1] / 2)
    cy, cx = _over_a_lung(layout, rng, (0.0, 0.3))
    return patch, cy, cx


def _underwire(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """Underwired bra: two U-shaped wires under the breasts, with a metal clasp or strap sliders."""
    top, bottom, left, right = layout.union
    semi_x = rng.uniform(45.0, 62.0) * ppm
    semi_y = rng.uniform(35.0, 55.0) * ppm
    separation = rng.uniform(15.0, 35.0) * ppm
    radius = rng.uniform(0.6, 1.0) * ppm
    width = 4 * semi_x + separation + 20 * ppm
    ys, xs = _grid(semi_y + 40 * ppm, width)
    t = np.linspace(0.0, np.pi, 19)
    patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
    density = rng.uniform(0.5, 0.9)
    for sign in (-1.0, 1.0):
        centre_x = sign * (separation / 2 + semi_x)
        arc = np.stack([ys.min() + 10 * ppm + semi_y * np.sin(t), centre_x + semi_x * np.cos(t)], axis=1)
        patch = np.maximum(patch, density * _wire(ys, xs, arc, radius))
    if rng.random() < 0.6:
        for k in range(int(rng.integers(2, 4))):
            hook_y = ys.min() + 12 * ppm + k * 4 * ppm
            hook = _rounded_rect(ys, xs, hook_y, 0.0, 1.2 * ppm, 5 * ppm, 0.8 * ppm)
            patch += rng.uniform(0.4, 0.8) * hook
    cy = top + rng.uniform(0.55, 0.75) * (bottom - top)
    cx = layout.midline + rng.uniform(-0.04, 0.04) * (right - left)
    return _rotate_patch(patch, rng.uniform(-6.0, 6.0)), cy, cx


def _zip(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """A jacket zip: interlocking metal teeth and a dense slider with its pull tab."""
    top, bottom, left, right = layout.union
    length = rng.uniform(0.5, 0.85) * (bottom - top)
    pitch = rng.uniform(2.8, 3.6) * ppm
    ys, xs = _grid(length + 40 * ppm, 30 * ppm)
    patch = np.zeros(np.broadcast(ys, xs).shape, dtype=np.float32)
    density = rng.uniform(0.35, 0.7)
    row = ys - ys.min() - 5 * ppm
    teeth = (np.mod(row, pitch) < 0.55 * pitch) & (row >= 0) & (row <= length)
    half_w = 2.2 * ppm
    offset = np.where(np.mod(row // pitch, 2) == 0, -0.9 * ppm, 0.9 * ppm)
    patch += density * (teeth & (np.abs(xs - offset) <= half_w)).astype(np.float32)
    slider_y = ys.min() + 5 * ppm + rng.uniform(0.1, 0.9) * length
    patch += rng.uniform(0.8, 1.2) * _rounded_rect(ys, xs, slider_y, 0.0, 12 * ppm, 5.5 * ppm, 2 * ppm)
    tab = _rounded_rect(ys, xs, slider_y + 16 * ppm, 0.0, 8 * ppm, 3.5 * ppm, 1.5 * ppm)
    tab -= _rounded_rect(ys, xs, slider_y + 20 * ppm, 0.0, 2 * ppm, 1.5 * ppm, 0.8 * ppm)
    patch += rng.uniform(0.5, 0.9) * np.clip(tab, 0, 1)
    cy = top + patch.shape[0] / 2 - rng.uniform(0.0, 0.1) * (bottom - top)
    cx = layout.midline + rng.uniform(-0.25, 0.25) * (right - left)
    return _rotate_patch(patch, rng.uniform(-12.0, 12.0)), cy, cx


def _phone(layout: _Layout, ppm: float, rng: np.random.Generator) -> Placed:
    """A mobile phone in a breast pocket: glass and frame, battery, board components, cameras."""
    half_w = rng.uniform(33.0, 39.0) * ppm
    half_h = rng.uniform(70.0, 80.0) * ppm
    corner = rng.uniform(6.0, 10.0) * ppm
    ys, xs = _grid(2 * half_h + 4, 2 * half_w + 4)
    body = _rounded_rect(ys, xs, 0.0, 0.0, half_h, half_w, corner)
    inner = _rounded_rect(ys, xs, 0.0, 0.0, half_h - 1.5 * ppm, half_w - 1.5 * ppm, corner)
    patch = rng.uniform(0.15, 0.28) * body + rng.uniform(0.25, 0.45) * np.clip(body - inner, 0, 1)
    battery_y = rng.uniform(0.25, 0.45) * half_h
    battery = _rounded_rect(ys, xs, battery_y, 0.0, 0.5 * half_h, 0.8 * half_w, 2 * ppm)
    patch += rng.uniform(0.15, 0.3) * battery
    for _ in range(int(rng.integers(8, 20))):
        cy = rng.uniform(-0.9, -0.3) * half_h
        cx = rng.uniform(-0.8, 0.8) * half_w
        size_y, size_x = rng.uniform(1.0, 5.0, size=2) * ppm
        patch += rng.uniform(0.2, 0.7) * _rounded_rect(ys, xs, cy, cx, size_y, size_x, 0.5)
    for k in range(int(rng.integers(1, 4))):
        cy, cx = -0.82 * half_h + k * 11 * ppm, -0.55 * half_w
        lens = _disc(ys, xs, cy, cx, 4.5 * ppm) - 0.6 * _disc(ys, xs, cy, cx, 2.5 * ppm)
        patch += rng.uniform(0.4, 0.7) * lens
    cy, cx = _over_a_lung(layout, rng, (0.25, 0.55))
    return _rotate_patch(patch, rng.uniform(-35.0, 35.0) + _choose(rng, (0.0, 90.0))), cy, cx


# ----------------------------------------------------------------------------- markers/annotations


@lru_cache(maxsize=64)
def _font(name: str, size: int) -> ImageFont.ImageFont:
    path = FONT_DIR / name
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _marker_annotation(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One to three burned-in marks over the lungs, or (less often) a side marker on the wrong side."""
    layout = _layout(image)
    if rng.random() < WRONG_MARKER_SHARE:
        return _wrong_side_marker(image, layout, rng)
    out = image
    for _ in range(int(rng.integers(1, 4))):
        draw_one = _choose(rng, (_text_label, _text_label, _arrow, _circle, _ruler))
        out = draw_one(out, layout, rng)
    return out


def _overlay(image: np.ndarray, mask: Image.Image, grey: float, opacity: float) -> np.ndarray:
    """Burn a drawn mask into the image: overlays replace pixels, they do not add density."""
    alpha = np.asarray(mask, dtype=np.float32) / 255.0 * opacity
    return image * (1.0 - alpha) + grey * alpha


def _ink(image: np.ndarray, mask: Image.Image, rng: np.random.Generator) -> float:
    """White, black or grey ink, but always readable against what lies beneath the mark."""
    covered = np.asarray(mask) > 0
    background = float(np.median(image[covered])) if covered.any() else 0.5
    kind = _choose(rng, ("white", "white", "black", "grey"))
    ink = {"white": (0.88, 1.0), "black": (0.0, 0.1), "grey": (0.5, 0.7)}[kind]
    grey = rng.uniform(*ink)
    if abs(grey - background) < MIN_INK_CONTRAST:
        grey = 1.0 if background < 0.5 else 0.0
    return grey


def _burn(image: np.ndarray, mask: Image.Image, rng: np.random.Generator) -> np.ndarray:
    return _overlay(image, mask, _ink(image, mask, rng), rng.uniform(0.85, 1.0))


def _annotation_text(rng: np.random.Generator) -> str:
    kind = _choose(rng, ("word", "word", "time", "date", "number", "measure"))
    if kind == "word":
        return str(_choose(rng, ANNOTATION_WORDS))
    if kind == "time":
        return f"{int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}"
    if kind == "date":
        return f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(18, 27))}"
    if kind == "number":
        return str(_choose(rng, (f"#{int(rng.integers(1, 9))}", str(int(rng.integers(1, 999))),
                                 f"ID {int(rng.integers(100000, 999999))}")))
    return f"{rng.uniform(5, 120):.1f} {_choose(rng, ('mm', 'cm'))}"


def _target_in_lung(layout: _Layout, rng: np.random.Generator) -> tuple[float, float]:
    top, bottom, left, right = layout.lungs[int(rng.integers(2))]
    return top + rng.uniform(0.2, 0.8) * (bottom - top), left + rng.uniform(0.2, 0.8) * (right - left)


def _random_font(image: np.ndarray, rng: np.random.Generator, low: float, high: float):
    return _font(str(_choose(rng, FONT_FILES)), max(int(rng.uniform(low, high) * _scale(image)), 8))


def _inside(image: np.ndarray, y: float, x: float, margin: float) -> tuple[float, float]:
    height, width = image.shape
    return float(np.clip(y, margin, height - margin)), float(np.clip(x, margin, width - margin))


def _text_label(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """Burned-in text over a lung: plain, with a contrasting outline, or on a label box."""
    font = _random_font(image, rng, 14.0, 36.0)
    text = _annotation_text(rng)
    height, width = image.shape
    x0, y0, x1, y1 = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font, anchor="mm")
    cy, cx = _target_in_lung(layout, rng)
    cx = float(np.clip(cx, -x0, width - x1)) if x1 - x0 < width else width / 2
    cy = float(np.clip(cy, -y0, height - y1)) if y1 - y0 < height else height / 2
    glyphs = Image.new("L", (width, height))
    ImageDraw.Draw(glyphs).text((cx, cy), text, font=font, fill=255, anchor="mm")
    ink = _ink(image, glyphs, rng)
    backing = Image.new("L", (width, height))
    style = _choose(rng, ("plain", "outlined", "boxed"))
    if style == "boxed":
        pad = max(2, font.size // 5)
        bx0, by0, bx1, by1 = ImageDraw.Draw(backing).textbbox((cx, cy), text, font=font, anchor="mm")
        ImageDraw.Draw(backing).rectangle((bx0 - pad, by0 - pad, bx1 + pad, by1 + pad), fill=255)
    elif style == "outlined":
        ImageDraw.Draw(backing).text((cx, cy), text, font=font, fill=255, anchor="mm",
                                     stroke_width=max(1, font.size // 12))
    out = _overlay(image, backing, 0.0 if ink > 0.5 else 1.0, rng.uniform(0.8, 1.0))
    return _overlay(out, glyphs, ink, rng.uniform(0.85, 1.0))


def _line_width(image: np.ndarray, rng: np.random.Generator) -> int:
    return max(1, int(round(rng.uniform(1.0, 3.5) * _scale(image))))


def _arrow(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """An arrow pointing at something in a lung, sometimes with a short word at its tail."""
    tip_y, tip_x = _target_in_lung(layout, rng)
    length = rng.uniform(25.0, 70.0) * _px_per_mm(image)
    angle = rng.uniform(0, 2 * np.pi)
    tail_y, tail_x = _inside(image, tip_y + length * np.sin(angle), tip_x + length * np.cos(angle),
                             0.12 * min(image.shape))
    angle = np.arctan2(tail_y - tip_y, tail_x - tip_x)
    width = _line_width(image, rng)
    head = max(6.0, 4.0 * width)
    mask = Image.new("L", image.shape[::-1])
    draw = ImageDraw.Draw(mask)
    draw.line([(tail_x, tail_y), (tip_x, tip_y)], fill=255, width=width)
    wings = [(tip_x + head * np.cos(angle + side * 0.45), tip_y + head * np.sin(angle + side * 0.45))
             for side in (-1, 1)]
    draw.polygon([(tip_x, tip_y), *wings], fill=255)
    if rng.random() < 0.5:
        font = _random_font(image, rng, 12.0, 24.0)
        draw.text((tail_x, tail_y), _annotation_text(rng), font=font, fill=255, anchor="mm")
    return _burn(image, mask, rng)


def _circle(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """An ellipse drawn round a region of a lung (a reader's mark burned into the image)."""
    cy, cx = _target_in_lung(layout, rng)
    ry, rx = rng.uniform(10.0, 30.0, size=2) * _px_per_mm(image)
    mask = Image.new("L", image.shape[::-1])
    width = _line_width(image, rng)
    ImageDraw.Draw(mask).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=width)
    return _burn(image, mask, rng)


def _ruler(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """A measurement line with end ticks and its length in millimetres."""
    ay, ax = _target_in_lung(layout, rng)
    length = rng.uniform(20.0, 80.0) * _px_per_mm(image)
    angle = rng.uniform(0, np.pi)
    margin = 0.05 * min(image.shape)
    by, bx = _inside(image, ay + length * np.sin(angle), ax + length * np.cos(angle), margin)
    width = _line_width(image, rng)
    tick = 5.0 * _scale(image) + 2 * width
    angle = np.arctan2(by - ay, bx - ax)
    ny, nx = np.cos(angle), -np.sin(angle)
    mask = Image.new("L", image.shape[::-1])
    draw = ImageDraw.Draw(mask)
    draw.line([(ax, ay), (bx, by)], fill=255, width=width)
    for py, px in ((ay, ax), (by, bx)):
        ends = [(px - tick * nx, py - tick * ny), (px + tick * nx, py + tick * ny)]
        draw.line(ends, fill=255, width=width)
    label = f"{np.hypot(by - ay, bx - ax) / _px_per_mm(image):.1f} mm"
    label_y, label_x = _inside(image, (ay + by) / 2 + 2.5 * tick * ny, (ax + bx) / 2 + 2.5 * tick * nx,
                               0.08 * min(image.shape))
    draw.text((label_x, label_y), label, font=_random_font(image, rng, 12.0, 22.0), fill=255, anchor="mm")
    return _burn(image, mask, rng)


def _wrong_side_marker(image: np.ndarray, layout: _Layout, rng: np.random.Generator) -> np.ndarray:
    """A side marker contradicting the anatomy: "L" on the patient's right or "R" on the left.

    In a correctly displayed frontal film the patient's left (heart side) is on the image right.
    Lead markers are white; over bright tissue an electronic marker on a dark box is drawn instead.
    """
    height, width = image.shape
    on_image_left = rng.random() < 0.5  # the patient's right side
    letter = str(_choose(rng, ("L", "LT", "LEFT") if on_image_left else ("R", "RT", "RIGHT")))
    size = max(int(rng.uniform(18.0, 34.0) * _scale(image)), 10)
    font = _font(str(_choose(rng, ("DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf",
                                   "DejaVuSerif-Bold.ttf"))), size)
    top, bottom, left, right = layout.union
    if on_image_left:
        x = left * rng.uniform(0.4, 0.8)
    else:
        x = right + (width - right) * rng.uniform(0.2, 0.6)
    half_w = ImageDraw.Draw(Image.new("L", (1, 1))).textlength(letter, font=font) / 2 + size / 4
    y = float(np.clip(top + rng.uniform(-0.05, 0.25) * (bottom - top), size, height - size))
    x = float(np.clip(x, half_w, width - half_w)) if 2 * half_w < width else width / 2
    glyph = Image.new("L", (width, height))
    draw = ImageDraw.Draw(glyph)
    draw.text((x, y), letter, font=font, fill=255, anchor="mm")
    x0, y0, x1, y1 = draw.textbbox((x, y), letter, font=font, anchor="mm")
    pad = max(2, size // 5)
    out = image
    if float(np.median(image[np.asarray(glyph) > 0])) > 1.0 - MIN_INK_CONTRAST - 0.1:
        box = Image.new("L", (width, height))
        ImageDraw.Draw(box).rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill=255)
        out = _overlay(out, box, rng.uniform(0.0, 0.1), 1.0)
    else:
        frame = _choose(rng, ("none", "square", "circle"))
        if frame != "none":
            shape = draw.rectangle if frame == "square" else draw.ellipse
            shape((x0 - pad, y0 - pad, x1 + pad, y1 + pad), outline=255, width=max(1, size // 10))
    return _overlay(out, glyph, rng.uniform(0.9, 1.0), 1.0)


# --------------------------------------------------------------------------- orientation / display


def _inverted(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """MONOCHROME1 shown as MONOCHROME2: negated, sometimes re-windowed by the viewer."""
    negative = 1.0 - image
    if rng.random() < 0.5:
        return negative
    lo, hi = np.percentile(negative, [rng.uniform(0.5, 3.0), rng.uniform(97.0, 99.5)])
    stretched = np.clip((negative - lo) / max(hi - lo, 1e-3), 0.0, 1.0)
    return stretched ** rng.uniform(0.8, 1.25)


def _orientation_photometric(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return wrong_display(image, rng)[0]


_SIMULATORS: dict[str, Callable[[np.ndarray, np.random.Generator], np.ndarray]] = {
    "underexposure": _underexposure,
    "overexposure": _overexposure,
    "lung_field_cutoff": _lung_field_cutoff,
    "collimation_centering": _collimation_centering,
    "motion_blur": _motion_blur,
    "foreign_object": _foreign_object,
    "marker_annotation": _marker_annotation,
    "orientation_photometric": _orientation_photometric,
}
