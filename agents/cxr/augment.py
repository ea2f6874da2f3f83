"""A second, independent fault simulator, for fitting only (never for evaluation).

The committed datasets were made by one simulator (data/synth/cxr_images/faults.py). A decision fitted
on its faults alone can learn its exact parameters; the images an auditor meets in practice were
faulted by something else, or by nature. This module makes the same eight simulable faults another
way, with other mechanisms and wider ranges, so that `fit.py` sees both: exposure through a dose/kVp
model with quantum and electronic noise and a percentile auto-window; cut-offs on any side, with or
without a border; wide or off-centre fields with sharp or soft shutter edges; linear, rotational and
double-exposure blur; rings, chains, pendants, zips, safety pins, coins and clips; labels, rulers and
arrows in several fonts; and every wrong display (mirror, flips, turns, inversion, combinations).

Apply it to DEV images only (`fit.py` does): the test split stays untouched for the final measurement.
Every function takes display pixels (float [0, 1], bright = dense) and a numpy Generator and returns
new pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

SIMULABLE = (
    "underexposure", "overexposure", "lung_field_cutoff", "collimation_centering",
    "motion_blur", "foreign_object", "marker_annotation", "orientation_photometric",
)
FONT_FILES = sorted(Path("/usr/share/fonts/truetype/dejavu").glob("DejaVu*.ttf"))
LABEL_TEXTS = ("AP", "PORTABLE", "SUPINE", "ERECT", "R", "L", "SITTING", "08:42", "ICU", "BED 12", "INSP", "STAT", "x2")


def border_bands(image: np.ndarray, is_band, limit_y: int, limit_x: int) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) inside the full-length rows and columns at IMAGE's border that IS_BAND
    accepts (old shutters, padding), at most LIMIT_Y / LIMIT_X deep: a simulator that re-frames a film
    must not extend such bands or move them into the middle of the new field. Shared by the blind
    simulators I and J, which each wrote this loop."""
    height, width = image.shape
    top, bottom, left, right = 0, height, 0, width
    while top < limit_y and is_band(image[top, left:right]):
        top += 1
    while height - bottom < limit_y and is_band(image[bottom - 1, left:right]):
        bottom -= 1
    while left < limit_x and is_band(image[top:bottom, left]):
        left += 1
    while width - right < limit_x and is_band(image[top:bottom, right - 1]):
        right -= 1
    return top, bottom, left, right


# --- exposure -------------------------------------------------------------------------------------


def _expose(pixels, rng, dose: float, contrast: float, saturate: bool) -> np.ndarray:
    """Display -> attenuation -> photon counts (Poisson + electronic noise) -> log -> percentile window.
    CONTRAST scales attenuation (low kVp > 1, high kVp < 1); SATURATE clips the detector so that
    the least attenuated part of the image burns out (over-exposure)."""
    attenuation = 0.5 + 3.5 * pixels * contrast
    expected = dose * 5000.0 * np.exp(-attenuation)
    counts = rng.poisson(expected).astype(np.float32) + rng.normal(0, 2.0, pixels.shape).astype(np.float32)
    if saturate:  # the darkest 1-15 % of the image (aerated lung first) reach the detector's ceiling
        counts = np.minimum(counts, np.percentile(expected, rng.uniform(85, 99)))
    signal = -np.log(np.maximum(counts, 0.5))
    low, high = np.percentile(signal, [rng.uniform(0, 1.5), rng.uniform(98.5, 100)])
    window = np.clip((signal - low) / max(high - low, 1e-6), 0, 1)
    # Some systems auto-window fully, others keep part of the exposure's brightness shift.
    keep = rng.uniform(0.0, 0.5)
    shift = float(np.mean(signal - attenuation + np.log(5000.0))) / 3.5
    return np.clip(window + keep * shift, 0, 1).astype(np.float32)


def underexposure(pixels, rng):
    return _expose(pixels, rng, dose=rng.uniform(0.05, 0.6), contrast=rng.uniform(1.0, 1.3), saturate=False)


def overexposure(pixels, rng):
    return _expose(pixels, rng, dose=rng.uniform(2.5, 12.0), contrast=rng.uniform(0.7, 0.95), saturate=True)


# --- geometry -------------------------------------------------------------------------------------


def _background(rng, shape, level: float) -> np.ndarray:
    """Directly exposed detector: near-black with a gentle scatter gradient and noise."""
    height, width = shape
    ramp = np.linspace(0, rng.uniform(0, 0.08), width)[None, :] + np.linspace(0, rng.uniform(0, 0.06), height)[:, None]
    return np.clip(level + ramp + rng.normal(0, 0.01, shape), 0, 1).astype(np.float32)


def lung_field_cutoff(pixels, rng):
    """Crop 15-40 % off one side (any side), then either keep the smaller image or pad the lost
    strip back as a black or white (shutter) border."""
    height, width = pixels.shape
    side = rng.choice(["top", "bottom", "left", "right"], p=[0.3, 0.35, 0.175, 0.175])
    fraction = rng.uniform(0.15, 0.4) if side in ("top", "bottom") else rng.uniform(0.15, 0.32)
    k = int(fraction * (height if side in ("top", "bottom") else width))
    kept = {"top": pixels[k:], "bottom": pixels[:-k], "left": pixels[:, k:], "right": pixels[:, :-k]}[side]
    if rng.random() < 0.5:
        return kept
    fill = 0.0 if rng.random() < 0.5 else rng.uniform(0.85, 1.0)
    out = np.full(pixels.shape, fill, np.float32)
    where = {"top": (slice(k, None), slice(None)), "bottom": (slice(0, height - k), slice(None)),
             "left": (slice(None), slice(k, None)), "right": (slice(None), slice(0, width - k))}[side]
    out[where] = kept
    return out


def _shutter(image, rng, inner: tuple[int, int, int, int]) -> np.ndarray:
    """Bright, unexposed collimator shadow outside INNER (x0, y0, x1, y1), with a sharp or soft edge."""
    height, width = image.shape
    mask = np.zeros(image.shape, np.float32)
    x0, y0, x1, y1 = inner
    mask[max(0, y0):y1, max(0, x0):x1] = 1
    if rng.random() < 0.5:
        mask = ndi.gaussian_filter(mask, rng.uniform(2, 8))
    shadow = rng.uniform(0.75, 1.0)
    return mask * image + (1 - mask) * shadow


def collimation_centering(pixels, rng):
    """A field far wider than the thorax (image shrunk into exposed background) or an off-centre
    thorax (shifted, the vacated part exposed background); sometimes with a visible shutter edge."""
    from PIL import Image

    height, width = pixels.shape
    level = float(np.percentile(pixels, 1)) * rng.uniform(0.3, 1.0)
    canvas = _background(rng, pixels.shape, level)
    if rng.random() < 0.5:
        scale = rng.uniform(0.5, 0.75)
        small = np.asarray(Image.fromarray(pixels).resize((int(width * scale), int(height * scale)), Image.Resampling.BILINEAR))
        top = int((height - small.shape[0]) * rng.uniform(0.2, 0.8))
        left = int((width - small.shape[1]) * rng.uniform(0.2, 0.8))
        canvas[top:top + small.shape[0], left:left + small.shape[1]] = small
        inner = (left - int(rng.uniform(5, 0.4 * left + 6)), top - int(rng.uniform(5, 0.4 * top + 6)),
                 width, height)
    else:
        dx = int(rng.choice([-1, 1]) * rng.uniform(0.2, 0.4) * width)
        dy = int(rng.uniform(-0.15, 0.15) * height) if rng.random() < 0.5 else 0
        src = pixels[max(0, -dy):height - max(0, dy), max(0, -dx):width - max(0, dx)]
        canvas[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
        inner = (0, 0, width, height)
    if rng.random() < 0.4:
        x0, y0, _, _ = inner
        return _shutter(canvas, rng, (max(0, x0), max(0, y0), width - max(0, x0), height - max(0, y0)))
    return canvas


# --- motion ---------------------------------------------------------------------------------------


def _line_blur(pixels, length: float, angle: float) -> np.ndarray:
    """Average of shifted copies along a line (sub-pixel shifts, so any angle and length)."""
    steps = max(2, int(np.ceil(length)))
    offsets = np.linspace(-length / 2, length / 2, steps)
    dy, dx = np.sin(np.radians(angle)), np.cos(np.radians(angle))
    return np.mean([ndi.shift(pixels, (o * dy, o * dx), order=1, mode="nearest") for o in offsets], axis=0)


def motion_blur(pixels, rng):
    kind = rng.choice(["linear", "rotational", "double", "tremor"])
    scale = max(pixels.shape) / 512
    if kind == "linear":
        return _line_blur(pixels, rng.uniform(4, 16) * scale, rng.uniform(0, 180))
    if kind == "rotational":
        angles = np.linspace(-1, 1, 7) * rng.uniform(1.0, 3.0)
        return np.mean([ndi.rotate(pixels, a, reshape=False, order=1, mode="nearest") for a in angles], axis=0)
    if kind == "double":
        offset = rng.uniform(4, 14) * scale
        angle = np.radians(rng.uniform(0, 360))
        ghost = ndi.shift(pixels, (offset * np.sin(angle), offset * np.cos(angle)), order=1, mode="nearest")
        weight = rng.uniform(0.3, 0.5)
        return (1 - weight) * ndi.gaussian_filter(pixels, rng.uniform(0, 1.2)) + weight * ghost
    # Tremor: a random short path of shifts.
    path = np.cumsum(rng.normal(0, rng.uniform(1.0, 2.5) * scale, (8, 2)), axis=0)
    return np.mean([ndi.shift(pixels, tuple(p), order=1, mode="nearest") for p in path], axis=0)


# --- foreign objects ------------------------------------------------------------------------------


def _object_mask(rng, shape, cx, cy, unit) -> np.ndarray:
    """One radiopaque object's density (0-1) centred near (CX, CY); UNIT: pixels per centimetre."""
    height, width = shape
    yy, xx = np.mgrid[0:height, 0:width]
    kind = rng.choice(["ring", "chain", "pendant", "zip", "safety_pin", "coins", "clip"])
    density = np.zeros(shape, np.float32)

    def disc(x, y, r, hole=0.0):
        d = np.hypot(xx - x, yy - y)
        density[(d <= r) & (d >= hole * r)] = 1.0

    if kind == "ring":
        disc(cx, cy, rng.uniform(0.8, 1.3) * unit, hole=rng.uniform(0.5, 0.75))
    elif kind == "coins":
        for _ in range(rng.integers(1, 4)):
            disc(cx + rng.normal(0, 2 * unit), cy + rng.normal(0, 2 * unit), rng.uniform(0.9, 1.5) * unit)
    elif kind == "pendant":
        disc(cx, cy, rng.uniform(0.6, 1.4) * unit)
        for t in np.linspace(0, np.pi, 14):  # its chain, an arc of small beads above it
            disc(cx + 5 * unit * np.cos(t), cy - 5 * unit * np.sin(t) * 0.8, 0.18 * unit)
    elif kind == "chain":
        phase = rng.uniform(0, np.pi)
        for t in np.linspace(0, np.pi, 18):
            disc(cx + 6 * unit * np.cos(t + phase), cy - 4 * unit * np.sin(t + phase), rng.uniform(0.3, 0.45) * unit, hole=0.4)
    elif kind == "zip":
        length = rng.uniform(8, 16) * unit
        for y in np.arange(cy - length / 2, cy + length / 2, 0.5 * unit):
            density[(abs(yy - y) < 0.15 * unit) & (abs(xx - cx) < 0.5 * unit)] = 1.0
        density[(abs(yy - (cy - length / 2)) < 0.6 * unit) & (abs(xx - cx) < 0.5 * unit)] = 1.0  # the slider
    elif kind == "safety_pin":
        length, angle = rng.uniform(3, 5) * unit, rng.uniform(0, np.pi)
        for t in np.linspace(-0.5, 0.5, 40):
            for off in (-0.35 * unit, 0.35 * unit):
                x = cx + t * length * np.cos(angle) - off * np.sin(angle)
                y = cy + t * length * np.sin(angle) + off * np.cos(angle)
                density[np.hypot(xx - x, yy - y) <= 0.12 * unit + 1] = 1.0
        disc(cx + 0.5 * length * np.cos(angle), cy + 0.5 * length * np.sin(angle), 0.5 * unit)
    else:  # a clip: a solid rectangle
        half_w, half_h = rng.uniform(0.3, 0.8) * unit, rng.uniform(1.0, 2.5) * unit
        density[(abs(xx - cx) <= half_w) & (abs(yy - cy) <= half_h)] = 1.0
    return ndi.gaussian_filter(density, rng.uniform(0.3, 1.0))


def foreign_object(pixels, rng):
    height, width = pixels.shape
    unit = width / rng.uniform(38, 48)  # the image spans about 40-45 cm
    cx, cy = width * rng.uniform(0.3, 0.7), height * rng.uniform(0.25, 0.7)
    opacity = rng.uniform(0.5, 1.0)
    density = _object_mask(rng, pixels.shape, cx, cy, unit) * opacity
    return np.clip(pixels + (1 - pixels) * density, 0, 1)


# --- annotations ----------------------------------------------------------------------------------


def marker_annotation(pixels, rng):
    """A burned-in label, ruler or arrow over the thorax (white, occasionally black)."""
    from PIL import Image, ImageDraw, ImageFont

    height, width = pixels.shape
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    size = int(width * rng.uniform(0.025, 0.06))
    font = ImageFont.truetype(str(rng.choice(FONT_FILES)), size) if FONT_FILES else ImageFont.load_default(size=size)
    x, y = int(width * rng.uniform(0.15, 0.65)), int(height * rng.uniform(0.15, 0.7))
    kind = rng.choice(["label", "label", "ruler", "arrow"])
    if kind == "label":
        words = " ".join(rng.choice(LABEL_TEXTS, size=rng.integers(1, 3)))
        draw.text((x, y), words, fill=255, font=font)
    elif kind == "ruler":
        length = int(width * rng.uniform(0.15, 0.3))
        draw.line([(x, y), (x + length, y)], fill=255, width=2)
        for i, tick in enumerate(range(0, length + 1, max(4, length // 10))):
            draw.line([(x + tick, y), (x + tick, y - (size // 2 if i % 5 == 0 else size // 4))], fill=255, width=1)
        draw.text((x, y + 3), f"{rng.integers(5, 30)} cm", fill=255, font=font)
    else:
        draw.line([(x, y), (x + 3 * size, y + 2 * size)], fill=255, width=max(2, size // 6))
        draw.polygon([(x, y), (x + size, y + size // 5), (x + size // 5, y + size)], fill=255)
        draw.text((x + 3 * size, y + 2 * size), str(rng.choice(LABEL_TEXTS)), fill=255, font=font)
    ink = np.asarray(canvas, np.float32) / 255.0
    level = rng.uniform(0.85, 1.0) if rng.random() < 0.85 else rng.uniform(0.0, 0.1)
    return (1 - ink) * pixels + ink * level


# --- display --------------------------------------------------------------------------------------

DISPLAY_FAULTS = {
    "mirrored": np.fliplr,
    "upside_down": np.flipud,
    "rotated_90": lambda a: np.rot90(a, 1),
    "rotated_180": lambda a: np.rot90(a, 2),
    "rotated_270": lambda a: np.rot90(a, 3),
    "inverted": lambda a: 1.0 - a,
    "inverted_mirrored": lambda a: 1.0 - np.fliplr(a),
}


def wrong_display(pixels, rng) -> tuple[np.ndarray, str]:
    """PIXELS displayed wrongly, and which of DISPLAY_FAULTS did it (the fit tells the kinds apart)."""
    # Mirrors are the hardest to see and the commonest real display error: half of these.
    name = "mirrored" if rng.random() < 0.5 else str(rng.choice(list(DISPLAY_FAULTS)))
    return np.ascontiguousarray(DISPLAY_FAULTS[name](np.asarray(pixels, np.float32))), name


def orientation_photometric(pixels, rng):
    return wrong_display(pixels, rng)[0]


FAULTS = {name: globals()[name] for name in SIMULABLE}


def simulator(faults: dict) -> Callable[[np.ndarray, str, np.random.Generator], np.ndarray]:
    """The `simulate(pixels, fault, rng)` every fault simulator module offers, over its FAULTS (one
    function per SIMULABLE fault): the fit and the benchmarks call all simulators the same way."""

    def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
        """PIXELS with FAULT (one of SIMULABLE) made by this simulator, as float32 in [0, 1]."""
        faulted = faults[fault](np.asarray(pixels, np.float32), rng)
        return np.ascontiguousarray(np.clip(faulted, 0, 1), dtype=np.float32)

    return simulate


simulate = simulator(FAULTS)
