"""Acquisition faults simulated on a finished chest radiograph, one pure function per criterion.

Every function takes a display-convention float image (dense bright, air dark, values in [0, 1]), a
numpy Generator and a severity in [0, 1] (0 = subtle but real, 1 = obvious), and returns the faulted
image with the parameters it drew, so that a case can say exactly what was done to it. Geometry
faults also return where the thorax now sits (`thorax_box`, x0, y0, x1, y1) so that later faults
(annotations) can still aim at the lung fields.

Only faults that can be produced on a finished image are here. Inspiration, rotation and scapula
position are properties of the patient's pose: they cannot be simulated, only judged on real images.
A missing side marker cannot be simulated either (removing a burned-in marker would need inpainting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

Box = tuple[int, int, int, int]

# Display brightness is treated as proportional to the attenuation line integral: a brightness of 1
# stands for MU_FULL_SCALE (transmission e^-4, about the densest part of a chest), and an unfaulted
# image is taken to have been made with BASE_QUANTA photons per (working) pixel of unattenuated beam,
# enough that its own quantum noise stays at about two grey levels.
MU_FULL_SCALE = 4.0
BASE_QUANTA = 20_000.0
# The detector saturates at this multiple of the unfaulted image's unattenuated signal.
DETECTOR_HEADROOM = 2.0


@dataclass
class Faulted:
    image: np.ndarray
    params: dict[str, Any]
    thorax_box: Box | None = None  # set by geometry faults
    extra: dict[str, Any] = field(default_factory=dict)


def _between(rng: np.random.Generator, severity: float, subtle: float, obvious: float, jitter: float = 0.1) -> float:
    """A parameter between its subtle and obvious value according to severity, with a little jitter."""
    t = float(np.clip(severity + rng.uniform(-jitter, jitter), 0.0, 1.0))
    return subtle + t * (obvious - subtle)


# --- exposure ---------------------------------------------------------------------------------------


def expose(image: np.ndarray, rng: np.random.Generator, dose: float, penetration: float, autorange: float) -> np.ndarray:
    """Re-acquire IMAGE with a changed dose and beam penetration, displayed with the original mapping.

    Brightness is turned back into attenuation, scaled by `penetration` (above 1: softer beam, dense
    parts attenuate more), turned into expected photon counts at `dose` times the base exposure, sampled
    with Poisson quantum noise, saturated at the detector's range and logged back to brightness. A
    fixed display mapping makes too little dose look too bright and noisy and too much dose dark and
    burnt out (as on film); `autorange` (0..1) gives back that share of the mean brightness shift, as a
    workstation's automatic ranging partly would, so that noise and contrast remain the evidence.
    """
    attenuation = image.astype(np.float64) * MU_FULL_SCALE * penetration
    expected = BASE_QUANTA * dose * np.exp(-attenuation)
    counts = rng.poisson(expected).astype(np.float64)
    counts = np.clip(counts, 1.0, DETECTOR_HEADROOM * BASE_QUANTA)  # at least one photon; saturation above
    brightness = np.log(BASE_QUANTA / counts) / MU_FULL_SCALE
    brightness += autorange * np.log(dose) / MU_FULL_SCALE
    return np.clip(brightness, 0.0, 1.0).astype(np.float32)


# Subtle -> obvious parameter ranges: dose factor, penetration factor; and the share of the brightness
# shift that automatic ranging gives back (drawn uniformly, independent of severity).
EXPOSURE_FAULTS = {
    "underexposure": {"dose_factor": (0.35, 0.08), "penetration_factor": (1.05, 1.3)},
    "overexposure": {"dose_factor": (1.8, 4.5), "penetration_factor": (0.95, 0.8)},
}
AUTORANGE = (0.2, 0.6)


def underexposure(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    return _exposure_fault("underexposure", image, rng, severity)


def overexposure(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    return _exposure_fault("overexposure", image, rng, severity)


def _exposure_fault(kind: str, image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    params = {name: round(_between(rng, severity, *bounds), 4) for name, bounds in EXPOSURE_FAULTS[kind].items()}
    params["autorange"] = round(float(rng.uniform(*AUTORANGE)), 4)
    faulted = expose(image, rng, params["dose_factor"], params["penetration_factor"], params["autorange"])
    return Faulted(faulted, params)


# --- geometry ---------------------------------------------------------------------------------------


def lung_field_cutoff(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    """Crop so that the apices, the costophrenic angles or one lateral lung border fall outside.

    The fractions are set so that they remove lung even on images with a generous margin (lungs
    usually span about 8-80% of the height and 10-90% of the width of these films).
    """
    height, width = image.shape
    side = str(rng.choice(["top", "bottom", "left", "right"]))
    if side in ("top", "bottom"):
        fraction = _between(rng, severity, 0.20, 0.34) if side == "top" else _between(rng, severity, 0.30, 0.42)
        cut = int(round(height * fraction))
        box = (0, cut, width, height) if side == "top" else (0, 0, width, height - cut)
    else:
        fraction = _between(rng, severity, 0.19, 0.30)
        cut = int(round(width * fraction))
        box = (cut, 0, width, height) if side == "left" else (0, 0, width - cut, height)
    x0, y0, x1, y1 = box
    params = {"removed_side": side, "removed_fraction": round(fraction, 4), "removed_pixels": cut}
    return Faulted(np.ascontiguousarray(image[y0:y1, x0:x1]), params, thorax_box=(0, 0, x1 - x0, y1 - y0))


def collimation_centering(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    """Open the field far beyond the thorax (symmetric margins) or move the thorax off-centre
    (margin on one side), filling the new area with directly exposed, scatter-shaded background."""
    height, width = image.shape
    mode = str(rng.choice(["wide_field", "off_centre"]))
    if mode == "wide_field":
        margin = _between(rng, severity, 0.18, 0.40)
        pads = {side: int(round((width if side in ("left", "right") else height) * margin)) for side in ("left", "right", "top", "bottom")}
        pads["top"] = int(round(pads["top"] * rng.uniform(0.3, 0.8)))
        params = {"mode": mode, "margin_fraction": round(margin, 4)}
    else:
        side = str(rng.choice(["left", "right", "top", "bottom"]))
        margin = _between(rng, severity, 0.25, 0.55)
        pads = {"left": 0, "right": 0, "top": 0, "bottom": 0}
        pads[side] = int(round((width if side in ("left", "right") else height) * margin))
        params = {"mode": mode, "shifted_towards": {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}[side], "margin_fraction": round(margin, 4)}
    canvas_h = height + pads["top"] + pads["bottom"]
    canvas_w = width + pads["left"] + pads["right"]
    canvas = _exposed_background(image, rng, canvas_h, canvas_w)
    canvas[pads["top"] : pads["top"] + height, pads["left"] : pads["left"] + width] = image
    box = (pads["left"], pads["top"], pads["left"] + width, pads["top"] + height)
    params["added_pixels"] = pads
    return Faulted(canvas, params, thorax_box=box)


def _exposed_background(image: np.ndarray, rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """Directly exposed detector: as dark as the image's own darkest areas, with a smooth scatter
    gradient and quantum noise so that the added area does not look pasted on."""
    level = float(np.percentile(image, 1))
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    centre_distance = np.hypot((yy - height / 2) / height, (xx - width / 2) / width)
    scatter = float(rng.uniform(0.02, 0.08)) * np.clip(1.0 - 1.6 * centre_distance, 0.0, 1.0)
    noise = rng.normal(0.0, 0.008, size=(height, width))
    return np.clip(level + scatter + noise, 0.0, 1.0).astype(np.float32)


# --- motion -----------------------------------------------------------------------------------------


def motion_blur(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    """Movement during the exposure: a directional smear (line kernel) and, for a sudden movement, a
    faint second copy of the contours (double contour of diaphragm, heart border and ribs)."""
    from scipy import ndimage

    scale = max(image.shape) / 640.0
    length = _between(rng, severity, 3.0, 13.0) * scale
    # Breathing and cardiac motion are mostly cranio-caudal: favour near-vertical directions.
    angle = float(rng.choice([rng.uniform(60, 120), rng.uniform(0, 180)], p=[0.7, 0.3]))
    kernel = _line_kernel(length, angle)
    blurred = ndimage.convolve(image.astype(np.float32), kernel, mode="nearest")
    params: dict[str, Any] = {"blur_length_px": round(length, 2), "blur_angle_deg": round(angle, 1)}
    if rng.random() < 0.6:
        shift = _between(rng, severity, 3.0, 9.0) * scale
        weight = _between(rng, severity, 0.25, 0.45)
        radians = np.deg2rad(angle)
        offset = (shift * np.sin(radians), shift * np.cos(radians))
        ghost = ndimage.shift(blurred, offset, order=1, mode="nearest")
        blurred = (1 - weight) * blurred + weight * ghost
        params.update({"double_contour_shift_px": round(shift, 2), "double_contour_weight": round(weight, 3)})
    return Faulted(np.clip(blurred, 0.0, 1.0).astype(np.float32), params)


def _line_kernel(length: float, angle_deg: float) -> np.ndarray:
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), dtype=np.float32)
    centre = size // 2
    radians = np.deg2rad(angle_deg)
    for t in np.linspace(-length / 2, length / 2, num=max(2, int(length * 3))):
        row = int(round(centre + t * np.sin(radians)))
        col = int(round(centre + t * np.cos(radians)))
        kernel[np.clip(row, 0, size - 1), np.clip(col, 0, size - 1)] = 1.0
    return kernel / kernel.sum()


# --- objects and text -------------------------------------------------------------------------------


def foreign_object(image: np.ndarray, rng: np.random.Generator, severity: float, thorax_box: Box | None = None) -> Faulted:
    """Compact radiopaque objects over the chest: a necklace chain, coat buttons, a coin or a hair clip.

    Objects are added as extra attenuation, so tissue texture shows through partly radiolucent ones
    (plastic buttons) and metal nearly saturates.
    """
    height, width = image.shape
    x0, y0, x1, y1 = thorax_box or (0, 0, width, height)
    box_w, box_h = x1 - x0, y1 - y0
    pixel_cm = box_w / 40.0  # these films show about 40 cm of patient across
    kind = str(rng.choice(["necklace", "buttons", "coin", "hair_clip"]))
    opacity = _between(rng, severity, 0.35, 0.95)
    mask = np.zeros((height, width), dtype=np.float32)
    yy, xx = np.mgrid[0:height, 0:width]
    placed: list[list[int]] = []

    def disc(cx: float, cy: float, radius: float, hole: float = 0.0) -> None:
        distance = np.hypot(xx - cx, yy - cy)
        ring = np.clip(radius + 0.5 - distance, 0.0, 1.0)
        if hole:
            ring = ring * np.clip(distance - hole + 0.5, 0.0, 1.0)
        np.maximum(mask, ring, out=mask)
        placed.append([int(cx - radius), int(cy - radius), int(cx + radius), int(cy + radius)])

    if kind == "necklace":
        cx = x0 + box_w * rng.uniform(0.42, 0.58)
        top = y0 + box_h * rng.uniform(0.05, 0.15)
        half_width = box_w * rng.uniform(0.10, 0.18)
        depth = box_h * rng.uniform(0.12, 0.25)
        bead = max(1.2, pixel_cm * rng.uniform(0.12, 0.25))
        for t in np.linspace(-1, 1, 40):
            disc(cx + t * half_width, top + depth * (1 - t * t), bead)
        if rng.random() < 0.6:  # pendant
            disc(cx, top + depth + 2.5 * bead, pixel_cm * rng.uniform(0.5, 0.9))
    elif kind == "buttons":
        cx = x0 + box_w * rng.uniform(0.45, 0.55)
        radius = pixel_cm * rng.uniform(0.5, 0.8)
        count = int(rng.integers(3, 6))
        start = y0 + box_h * rng.uniform(0.15, 0.3)
        step = box_h * rng.uniform(0.1, 0.14)
        for index in range(count):
            disc(cx + rng.normal(0, 1.5), start + index * step, radius, hole=radius * 0.25)
    elif kind == "coin":
        for _ in range(int(rng.integers(1, 3))):
            disc(x0 + box_w * rng.uniform(0.2, 0.8), y0 + box_h * rng.uniform(0.25, 0.7), pixel_cm * rng.uniform(0.9, 1.3))
    else:  # hair clip: a thin bent bar at the top of the chest or over the neck
        cx = x0 + box_w * rng.uniform(0.3, 0.7)
        cy = y0 + box_h * rng.uniform(0.04, 0.2)
        length = pixel_cm * rng.uniform(4.0, 6.0)
        thickness = max(1.5, pixel_cm * 0.2)
        angle = rng.uniform(0, np.pi)
        along = (xx - cx) * np.cos(angle) + (yy - cy) * np.sin(angle)
        across = -(xx - cx) * np.sin(angle) + (yy - cy) * np.cos(angle)
        bar = (np.abs(along) <= length / 2) & (np.abs(across - 0.002 * along**2) <= thickness)
        np.maximum(mask, bar.astype(np.float32), out=mask)
        placed.append([int(cx - length / 2), int(cy - length / 2), int(cx + length / 2), int(cy + length / 2)])
    faulted = np.clip(image + opacity * mask * (1.0 - image * 0.3), 0.0, 1.0).astype(np.float32)
    params = {"object": kind, "opacity": round(opacity, 3), "regions": _merge_boxes(placed, width, height)}
    return Faulted(faulted, params)


def ecg_leads(image: np.ndarray, rng: np.random.Generator) -> Faulted:
    """Thin, gently curving wires over the chest: monitoring leads are not foreign objects, so clean
    cases carry them as traps for checks that flag every bright line."""
    height, width = image.shape
    mask = np.zeros((height, width), dtype=np.float32)
    count = int(rng.integers(2, 5))
    for _ in range(count):
        start = np.array([rng.uniform(0.2, 0.8) * width, rng.uniform(0.1, 0.6) * height])
        direction = rng.uniform(0, 2 * np.pi)
        curvature = rng.uniform(-0.01, 0.01)
        point = start.copy()
        for _ in range(int(max(height, width) * rng.uniform(0.3, 0.7))):
            direction += curvature
            point += (np.cos(direction), np.sin(direction))
            col, row = int(point[0]), int(point[1])
            if not (0 <= row < height - 1 and 0 <= col < width - 1):
                break
            mask[row : row + 2, col : col + 1] = 1.0
    opacity = float(rng.uniform(0.15, 0.35))
    faulted = np.clip(image + opacity * mask, 0.0, 1.0).astype(np.float32)
    return Faulted(faulted, {"trap": "ecg_leads", "wires": count, "opacity": round(opacity, 3)})


ANNOTATION_TEXTS = ("PORTABLE", "SUPINE", "AP SITTING", "ICU 3", "L", "R", "14:32", "BED 7", "EXP 2", "sitzend", "liegend", "INSP")


def marker_annotation(image: np.ndarray, rng: np.random.Generator, severity: float, thorax_box: Box | None = None) -> Faulted:
    """Burned-in text over a lung field (where it hides anatomy), as a workstation or technologist
    annotation would appear."""
    from PIL import Image, ImageDraw, ImageFont

    height, width = image.shape
    x0, y0, x1, y1 = thorax_box or (0, 0, width, height)
    box_w, box_h = x1 - x0, y1 - y0
    text = str(rng.choice(ANNOTATION_TEXTS))
    size = int(round(box_h * _between(rng, severity, 0.03, 0.07)))
    lung = str(rng.choice(["right_lung", "left_lung"]))  # patient's side: image left is patient right
    cx_fraction = rng.uniform(0.22, 0.34) if lung == "right_lung" else rng.uniform(0.66, 0.78)
    x = int(x0 + box_w * cx_fraction - size * len(text) * 0.3)
    y = int(y0 + box_h * rng.uniform(0.3, 0.55))
    brightness = _between(rng, severity, 0.75, 1.0)
    layer = Image.new("L", (width, height), 0)
    ImageDraw.Draw(layer).text((x, y), text, fill=255, font=ImageFont.load_default(size=max(size, 8)))
    mask = np.asarray(layer, dtype=np.float32) / 255.0
    faulted = (image * (1 - mask) + brightness * mask).astype(np.float32)
    rows, cols = np.nonzero(mask > 0.2)
    region = [int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1] if rows.size else None
    params = {"text": text, "over": lung, "font_px": size, "brightness": round(brightness, 3), "regions": [region] if region else []}
    return Faulted(faulted, params)


def _merge_boxes(boxes: list[list[int]], width: int, height: int) -> list[list[int]]:
    """One bounding box around all placed parts, clipped to the image (a finding points at one region)."""
    if not boxes:
        return []
    array = np.array(boxes)
    return [[max(0, int(array[:, 0].min())), max(0, int(array[:, 1].min())), min(width, int(array[:, 2].max())), min(height, int(array[:, 3].max()))]]


# --- display ----------------------------------------------------------------------------------------

ORIENTATION_ERRORS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "mirrored": np.fliplr,
    "upside_down": np.flipud,
    "rotated_90_clockwise": lambda image: np.rot90(image, k=-1),
    "rotated_90_counterclockwise": lambda image: np.rot90(image, k=1),
    "inverted_grey_scale": lambda image: 1.0 - image,
}


def orientation_photometric(image: np.ndarray, rng: np.random.Generator, severity: float) -> Faulted:
    """A display error: these are all-or-nothing, so severity plays no part."""
    error = str(rng.choice(list(ORIENTATION_ERRORS)))
    return Faulted(np.ascontiguousarray(ORIENTATION_ERRORS[error](image), dtype=np.float32), {"error": error})
