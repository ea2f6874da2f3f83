"""Exposure statistics of the processed image: noise, and levels measured on the film itself.

A digital radiograph is re-scaled by its processing, so exposure faults show less as overall brightness
than as their side effects: an under-exposed film is noisy and flat, its dense parts saturated white;
an over-exposed one burns the lungs out (lung as dark as open air, faint lung markings).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

# Immerkaer's noise mask: it cancels smooth (up to quadratic) anatomy and leaves white noise with a
# standard deviation of 6 sigma.
NOISE_MASK = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)


def noise_sigma(pixels: np.ndarray, region: np.ndarray | None = None, residual: np.ndarray | None = None) -> float:
    """Robust noise level (Immerkaer 1996, with a median instead of a mean so edges do not count).
    RESIDUAL: the image's noise residual when already computed (`noise_residual`)."""
    residual = noise_residual(pixels) if residual is None else residual
    values = residual[region] if region is not None and region.sum() > 100 else residual
    return float(1.4826 * np.median(np.abs(values)) / 6.0)


def noise_residual(pixels: np.ndarray) -> np.ndarray:
    return ndi.convolve(pixels, NOISE_MASK, mode="nearest")


def exposure_stats(pixels: np.ndarray, lungs: np.ndarray, residual: np.ndarray | None = None) -> dict:
    """RESIDUAL: the image's `noise_residual` when already computed."""
    physics = exposure_physics(pixels, lungs, noise_residual(pixels) if residual is None else residual)
    return {**physics, **film_exposure(pixels, lungs, physics["noise"])}


def exposure_physics(pixels: np.ndarray, lungs: np.ndarray, residual: np.ndarray | None = None) -> dict:
    """Signs of the dose that do not depend on how the image was windowed afterwards: the lungs'
    quantum noise, and how much larger it is behind dense tissue (`dense_noise_ratio`): after the log
    of the detector signal, fewer photons there mean more noise, the more so the lower the dose."""
    height, width = pixels.shape
    dense = np.zeros_like(lungs)
    dense[height // 3 : height * 3 // 4, width * 2 // 5 : width * 3 // 5] = True
    residual = noise_residual(pixels) if residual is None else residual
    lung_noise = noise_sigma(pixels, lungs, residual)
    return {
        "noise": round(lung_noise, 5),
        "dense_noise_ratio": round(noise_sigma(pixels, dense, residual) / max(lung_noise, 1e-4), 4),
    }


# --- exposure of the film itself (not of the canvas around it) -------------------------------------

# The film's content is textured (anatomy and its own noise change between neighbouring pixels of a
# quarter-resolution image by more than TEXTURE_STEP), a canvas, padding or flat shutter band is not.
# A row or column belongs to the film when at least CONTENT_SHARE of it is textured; the film is the
# longest run of such rows (columns), so that a lone step between two canvas bands does not count.
TEXTURE_STEP, CONTENT_SHARE = 0.01, 0.2
# Directly exposed air and burnt-out lung: within FLOOR_BAND of the film's darkest level. Saturated
# white: at least WHITE.
FLOOR_BAND, WHITE = 0.03, 0.98


def _longest_run(flags: np.ndarray, gap: int = 2) -> tuple[int, int]:
    """(start, stop) of the longest run of True in FLAGS, bridging gaps of up to GAP False values."""
    best, start, last = (0, 0), None, None
    for index in np.flatnonzero(flags):
        if start is None or index - last > gap + 1:
            start = index
        last = index
        if last + 1 - start > best[1] - best[0]:
            best = (int(start), int(last) + 1)
    return best


def film_box(pixels: np.ndarray) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1) of the radiograph's content in PIXELS: its textured rows and columns, found on
    a quarter-resolution image (4x4 means, which also average a canvas's own noise away). A film shrunk
    onto a canvas, padded, or cut back to size leaves flat bands around it.

    `cutoff.field_box` answers a near question (the exposed field inside flat margins) for the
    collimation decision. Exposure was tried on it: it finds the film less exactly on a noisy canvas
    or beside a step between two canvas bands (this module's tests fail), while it follows tilted and
    grey shutters better; leave-one-simulator-out F1 was 0.769 / 0.737 against 0.780 / 0.752 here."""
    height, width = pixels.shape[0] // 4 * 4, pixels.shape[1] // 4 * 4
    quarter = pixels[:height, :width].reshape(height // 4, 4, width // 4, 4).mean(axis=(1, 3))
    step = np.abs(np.diff(quarter, axis=1))[:-1, :] + np.abs(np.diff(quarter, axis=0))[:, :-1]
    textured = step > TEXTURE_STEP
    y0, y1 = _longest_run(textured.mean(axis=1) >= CONTENT_SHARE)
    x0, x1 = _longest_run(textured.mean(axis=0) >= CONTENT_SHARE)
    if y1 - y0 < quarter.shape[0] // 5 or x1 - x0 < quarter.shape[1] // 5:
        return 0, pixels.shape[0], 0, pixels.shape[1]
    # The step from canvas to film is textured too: leave out the two quarter-rows/columns at each edge.
    y0, x0 = (y0 + 2 if y0 > 0 else 0), (x0 + 2 if x0 > 0 else 0)
    y1 = y1 - 2 if y1 < step.shape[0] else quarter.shape[0]
    x1 = x1 - 2 if x1 < step.shape[1] else quarter.shape[1]
    return 4 * y0, min(pixels.shape[0], 4 * y1), 4 * x0, min(pixels.shape[1], 4 * x1)


def film_exposure(pixels: np.ndarray, lungs: np.ndarray, noise: float | None = None) -> dict:
    """Exposure measured on the film and its anatomy, in the terms of the taxonomy's definitions.

    Levels of the whole image (median, 1st percentile, share clipped to black) also count the canvas,
    padding or exposed background around a small or off-centre film, which then looks burnt out; and
    the lung mask is empty on many such films. Here every level is taken inside the
    film's content box, and when the lung mask is missing the lungs are stood in for by the darkest
    third of the film's central part (the aerated lung is the darkest tissue of a chest).

    Over-exposure ("lung markings burnt out, saturated dark areas"):
    - `film_lung_level`: the lungs' median brightness (dark when the dose was too high and the display
      kept part of it).
    - `lung_at_floor`: the share of lung within FLOOR_BAND of the film's darkest level, i.e. lung as
      dark as directly exposed air: saturated, its markings gone. Relative to the film's own floor,
      so it holds for a floor clipped to black and for a detector that saturates at a grey.
    - `film_median`: the film's median brightness (the whole film darker when too many quanta arrived).
    Under-exposure ("too little signal, noisy; vertebral bodies not visible through the heart shadow"):
    - `film_median` and `film_lung_level`: too bright / grey when too few quanta arrived.
    - `dense_white`: the share of the film's centre (mediastinum, heart, diaphragm) saturated white:
      behind the dense parts no signal reached the detector, so the spine cannot show through.
    - `film_noise`: the lung noise (NOISE, from `exposure_physics`) relative to the film's grey-level
      range: quantum noise against the contrast that is left, whatever the canvas around.
    (Where the lungs sit in the film's grey-level range was measured too and left out: the simulators
    disagree on its sign, since a fixed display darkens lungs and mediastinum alike.) About 1 ms at
    512 px."""
    y0, y1, x0, x1 = film_box(pixels)
    # Levels do not need full resolution: every other pixel of the film.
    film = pixels[y0:y1:2, x0:x1:2]
    lung_half = lungs[y0:y1:2, x0:x1:2]
    h, w = film.shape
    centre = film[int(0.15 * h) : int(0.85 * h), int(0.15 * w) : int(0.85 * w)]
    f00, f01, f50, f99 = (float(v) for v in np.percentile(film, [0.1, 1, 50, 99]))
    spread = max(f99 - f01, 0.05)
    # A lung mask that fills most of the film has taken in a canvas or outside air: not lungs.
    if 0.005 * lung_half.size < lung_half.sum() < 0.7 * lung_half.size:
        lung_values = film[lung_half]
    else:
        lung_values = centre[centre <= np.percentile(centre, 33)]
    lung_level = float(np.median(lung_values))
    middle = film[int(0.25 * h) : int(0.9 * h), int(0.3 * w) : int(0.7 * w)]
    features = {
        "film_lung_level": round(lung_level, 4),
        "lung_at_floor": round(float((lung_values <= f00 + FLOOR_BAND).mean()), 4),
        "film_median": round(f50, 4),
        "dense_white": round(float((middle >= WHITE).mean()), 4),
    }
    if noise is not None:
        features["film_noise"] = round(noise / spread, 5)
    return features
