"""Blind fault simulator "M" for chest radiographs (augmentation-pipeline angle).

Design note
-----------
Written blind.  The author read only:

* ``/work/shared/spec/taxonomy.json`` (the ``cxr`` criteria: ids and definitions);
* ``/work/shared/domain-notes.md`` (EC/RCR acceptance criteria, exposure index and
  deviation index notes, MONOCHROME1/MONOCHROME2);
* the tuple ``SIMULABLE`` imported from ``radqc.agents.cxr.augment`` (nothing else of
  that file);
* untouched real films, looked at as pixels and PNG renders only:
  ``data/cxr/train-extra/images`` (MHH bedside films) and ``data/cxr/source/nih-sample``
  (NIH ChestX-ray14 PNGs);
* general knowledge of numpy / scipy / Pillow and of radiography (no documentation
  search was needed).

No radqc detector, other simulator, benchmark, evaluation code, synthetic data or
dev/test/holdout film was read or run, and no radqc measuring code was run on the
output of this module.  Incidental exposure, not used for the design: directory
listings (file names only) of ``tests/``, ``data/cxr/train-extra/`` and
``data/cxr/source/nih-sample/``, and a grep of ``pyproject.toml`` for its pytest
settings; ``tests/conftest.py`` is executed by pytest but was not read.

Angle
~~~~~
A deep-learning team building a training set for a QC classifier, with a
data-augmentation-library mindset (Albumentations / TorchIO / MONAI style).  Each
fault is produced by a randomly parameterised *pipeline* of one to three composable
transforms drawn from a per-fault menu.  A severity ``sev`` in [0, 1] is drawn per
call and spans "a QC radiographer would clearly reject this" (0) to severe (1).  After
every fault a mild "store" step is drawn (JPEG quality 70-95 through Pillow, 8-bit
quantisation, or resize down to 85-95 % and back, Lanczos), never strong enough to be a fault
on its own.  ``wrong_display`` has no store step: the stored pixels are fine, only the
viewer shows them wrongly.

Mechanisms (the first name of the returned mechanism string; ``+`` joins the further
transforms of the pipeline, ``|`` precedes the store step):

* ``underexposure`` - a brightening / flattening tone transform
  (``random_gamma`` with gamma < 1, ``brightness_contrast`` with a positive shift and
  reduced contrast, ``tone_curve`` lifted Bezier curve, ``histmatch_washed`` histogram
  matching to a washed-out Beta target, ``clahe_then_shift`` CLAHE applied to the noisy
  raw image then a bright shift) always combined with a quantum-noise transform
  (sigma 0.045-0.085 at mid-grey, applied after the contrast-compressing transforms)
  (``poisson_noise``, ``gauss_noise`` with signal-dependent sigma, or
  ``downscale_noise`` = correlated noise made at low resolution and upscaled, plus a
  white part).  The
  noise is strongest in the bright (low-dose) mediastinum, so the spine is lost behind
  the heart.
* ``overexposure`` - a darkening tone transform (``random_gamma`` gamma > 1,
  ``brightness_contrast`` negative shift, ``tone_curve`` crushed shadows,
  ``histmatch_dark`` histogram matching to a target with a spike at black,
  ``clahe_then_shift`` CLAHE then a dark shift) followed by ``burn_out``: a black point
  chosen so that 25-60 % of the (crudely found) lung pixels saturate to black.  No
  noise is added.
* ``lung_field_cutoff`` - ``random_resized_crop`` (aspect kept) or
  ``shift_scale_rotate`` (shift, zoom >= 1, tilt <= 2 deg, border mode reflect /
  replicate / constant for the narrow band left on the far side) whose window edge lies
  *inside* the lungs found, on the top (apices), bottom
  (bases / costophrenic angles), image-left or image-right lateral side, sometimes two
  adjacent sides; depth 8-22 % of the lung height (10-30 % of one lung's width).
* ``collimation_centering`` - ``large_field`` (PadIfNeeded + off-centre CenterCrop =
  scale 0.55-0.78 into a larger exposed field), ``off_centre`` (scale 0.6-0.78, pushed
  towards one or two edges so the thorax is clearly off-centre), ``tilted_field``
  (affine scale-down plus a 3-8 deg tilt).  The exposed area around the thorax is filled
  with ``air`` (dark, film-matched noise), ``tissue_fade`` (edge values fading into
  air) and optionally a bright collimator ``shutter`` band; the whole original image
  stays inside the frame.
* ``motion_blur`` - ``motion_blur_line`` (straight kernel, uniform or ramped),
  ``motion_blur_curved`` (random smooth trajectory kernel), ``zoom_blur`` (breathing:
  average of zoomed copies about the heart), ``glass_blur`` (directional per-pixel
  random displacement then light Gaussian), ``ghost`` (double exposure with a shifted
  copy), ``local_motion`` (blur confined to a soft region at a heart border or a
  hemidiaphragm); optionally ``+gauss_noise`` restores part of the quantum noise the
  blur removed.
* ``foreign_object`` - object-shaped bright "CoarseDropout": ``coin``, ``button_row``,
  ``device_can`` (pacemaker-like can with a lead), ``chain`` (beads or links with a
  pendant), ``clip`` (bobby pin, paper clip or safety pin), ``jewellery`` (ring, hoop,
  studs), ``bra_hooks`` (hook-and-eye row, sometimes with underwire arcs),
  ``lead_snap`` (ECG snap with its wire).  Metal is near white with soft edges and an
  optional processing halo; plastic buttons are semi-transparent.
* ``marker_annotation`` - ``text_over_lung``, ``arrow_over_lung``, ``label_box``
  (burned-in label), ``caliper_measurement`` (line with ticks and "NN mm"), and side
  marker errors ``marker_wrong_side`` (film's marker moved to the mirror position, or a
  wrong-side letter rendered), ``marker_mirrored`` (marker letter mirrored in place),
  ``marker_wrong_letter`` (letter in the film's marker box swapped R<->L) and
  ``marker_removed`` (marker patched with nearby texture).
* ``orientation_photometric`` (``wrong_display``) - ``flip_lr``, ``flip_ud``, ``rot180``,
  ``rot90_cw``, ``rot90_ccw``, ``transpose``, ``invert`` and ``invert+<geometric>``
  combinations, all exact array operations (rotations by 90 deg swap the shape).

Rules kept so each fault is only that fault
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
* The film's own side marker is found crudely (a flat box or compact bright glyph near
  an edge).  Motion faults paste it back unblurred (it sits on the detector, not on the
  patient); cut-offs paste it back at its original place when the crop would lose it;
  foreign objects and annotations avoid it; collimation keeps it (scaled with the film).
* Exposure faults are pure grey-level and noise transforms: nothing is cropped or
  moved.
* Cut-offs cut through lung pixels found by a crude finder (dark basins inside the body
  weighted by a two-ellipse prior) and add no text.
* Collimation faults keep the whole original image (so both lungs) inside the frame.
* Motion faults use normalised kernels / averages with reflecting borders, so the mean
  grey level is unchanged.
* Foreign objects contain no letters and at least half their mass lies over the lungs.
* Annotation faults change only the pixels they draw on (plus the mild store step):
  no geometry, no grey-scale change elsewhere.
* The store step is mild (JPEG >= 70, 8-bit, Lanczos resize >= 0.85).

``simulate_with_mechanism`` also accepts keyword-only ``mechanism=`` (force a menu
entry, see ``MECHANISMS``) and ``store=False`` (skip the store step) for testing.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi
from scipy import stats
from scipy.signal import fftconvolve

from radqc.agents.cxr.augment import SIMULABLE

__all__ = ["simulate", "simulate_with_mechanism", "wrong_display", "MECHANISMS", "DISPLAY_ERRORS"]

MECHANISMS: dict[str, tuple[str, ...]] = {
    "underexposure": ("random_gamma", "brightness_contrast", "tone_curve", "histmatch_washed", "clahe_then_shift"),
    "overexposure": ("random_gamma", "brightness_contrast", "tone_curve", "histmatch_dark", "clahe_then_shift"),
    "lung_field_cutoff": ("random_resized_crop", "shift_scale_rotate"),
    "collimation_centering": ("large_field", "off_centre", "tilted_field"),
    "motion_blur": ("motion_blur_line", "motion_blur_curved", "zoom_blur", "glass_blur", "ghost", "local_motion"),
    "foreign_object": ("coin", "button_row", "device_can", "chain", "clip", "jewellery", "bra_hooks", "lead_snap"),
    "marker_annotation": (
        "text_over_lung", "arrow_over_lung", "label_box", "caliper_measurement",
        "marker_wrong_side", "marker_mirrored", "marker_wrong_letter", "marker_removed",
    ),
}

DISPLAY_ERRORS: tuple[str, ...] = (
    "flip_lr", "flip_ud", "rot180", "rot90_cw", "rot90_ccw", "transpose",
    "invert", "invert+flip_lr", "invert+flip_ud", "invert+rot180", "invert+rot90_cw",
)
_DISPLAY_WEIGHTS = np.array([3, 2, 2, 2, 2, 1, 3, 1, 1, 1, 1], dtype=float)


# --------------------------------------------------------------------------- basics
def _lerp(a: float, b: float, t: float) -> float:
    return float(a + (b - a) * t)


def _prep(pixels: np.ndarray) -> np.ndarray:
    x = np.asarray(pixels, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {x.shape}")
    if min(x.shape) < 16:
        raise ValueError("image too small")
    x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(x, 0.0, 1.0).astype(np.float32, copy=True)


def _finish(y: np.ndarray) -> np.ndarray:
    return np.clip(np.nan_to_num(y, nan=0.0), 0.0, 1.0).astype(np.float32)


def _pil_resize(x: np.ndarray, shape: tuple[int, int], box=None, resample=Image.BILINEAR) -> np.ndarray:
    im = Image.fromarray(np.ascontiguousarray(x, dtype=np.float32))
    out = im.resize((int(shape[1]), int(shape[0])), resample, box=box)
    return np.array(out, dtype=np.float32)


def _mask_resize(m: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    im = Image.fromarray(m.astype(np.uint8) * 255)
    return np.asarray(im.resize((int(shape[1]), int(shape[0])), Image.NEAREST)) > 127


def _noise_sigma(x: np.ndarray) -> float:
    """Robust pixel-noise estimate from horizontal neighbour differences."""
    step = max(1, x.shape[0] // 400)
    d = np.diff(x[::step], axis=1).ravel()
    mad = np.median(np.abs(d - np.median(d)))
    return float(1.4826 * mad / math.sqrt(2.0))


# ------------------------------------------------------------------ crude anatomy
@dataclass
class _Anatomy:
    shape: tuple[int, int]
    small: np.ndarray  # bool lung mask at working scale
    left: tuple[float, float, float, float]  # image-left lung box (y0, y1, x0, x1) as fractions
    right: tuple[float, float, float, float]
    mid: float  # midline column fraction
    marker: Optional[tuple[int, int, int, int]]  # (y0, y1, x0, x1) px or None
    _full: Optional[np.ndarray] = None

    def lung_full(self) -> np.ndarray:
        if self._full is None:
            self._full = _mask_resize(self.small, self.shape)
        return self._full

    def lung_points(self, side: Optional[str] = None) -> np.ndarray:
        """(n, 2) array of lung pixel centres (row, col) in full-resolution pixels."""
        h, w = self.small.shape
        H, W = self.shape
        ys, xs = np.nonzero(self.small)
        if side is not None:
            midc = self.mid * w
            sel = xs < midc if side == "left" else xs >= midc
            if sel.sum() > 10:
                ys, xs = ys[sel], xs[sel]
        return np.stack([(ys + 0.5) * H / h, (xs + 0.5) * W / w], axis=1)


def _find_lungs(x: np.ndarray):
    """Crude lung finder: dark basins inside the body, weighted by a two-ellipse prior."""
    H, W = x.shape
    f = 192.0 / max(H, W)
    if f < 1:
        small = _pil_resize(x, (max(8, round(H * f)), max(8, round(W * f))))
    else:
        small = x.copy()
    h, w = small.shape
    g = ndi.gaussian_filter(small, 2.0)
    dark = g < max(0.06, float(np.percentile(g, 1)) + 0.03)
    lab, _ = ndi.label(dark)
    border = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    air = np.isin(lab, border[border > 0])
    body = ~ndi.binary_dilation(air, iterations=2)
    if body.sum() < 0.2 * h * w:
        body = np.ones_like(body)
    rr, cc = np.mgrid[0:h, 0:w].astype(np.float32)
    r0, r1 = int(0.25 * h), max(int(0.25 * h) + 1, int(0.7 * h))
    band = np.where(body[r0:r1], g[r0:r1], 0.0)
    cnt = body[r0:r1].sum(0)
    prof = band.sum(0) / np.maximum(cnt, 1)
    prof = ndi.uniform_filter1d(prof, max(3, w // 16))
    c0, c1 = int(0.35 * w), max(int(0.35 * w) + 1, int(0.65 * w))
    mid = c0 + int(np.argmax(prof[c0:c1]))
    vals = g[body]
    med = float(np.median(vals))
    iqr = float(np.subtract(*np.percentile(vals, [75, 25]))) + 1e-3
    zg = (med - g) / iqr
    loc = ndi.gaussian_filter(g, 0.1 * w) - g
    zl = loc / (float(np.std(loc[body])) + 1e-3)
    prior = np.zeros_like(g)
    for cx in (mid - 0.22 * w, mid + 0.22 * w):
        r2 = ((rr - 0.45 * h) / (0.33 * h)) ** 2 + ((cc - cx) / (0.19 * w)) ** 2
        prior = np.maximum(prior, np.exp(-0.5 * r2 * r2))
    score = zg + 0.6 * zl + 2.0 * (prior - 0.5)
    score[~body] = -9.0
    thr = float(np.percentile(score[body], 70))
    cand = ndi.binary_opening(score > thr, iterations=2)
    mask = np.zeros((h, w), dtype=bool)
    boxes = {}
    for side, sl in (("left", cc < mid - 1), ("right", cc > mid + 1)):
        m = cand & sl
        lab, n = ndi.label(m)
        ok = False
        if n:
            sizes = ndi.sum(m, lab, range(1, n + 1))
            k = int(np.argmax(sizes)) + 1
            comp = lab == k
            ys, xs = np.nonzero(comp)
            if sizes[k - 1] > 0.02 * h * w and ys.max() - ys.min() > 0.2 * h:
                ok = True
                comp = ndi.binary_fill_holes(ndi.binary_closing(comp, iterations=2))
                mask |= comp
                ys, xs = np.nonzero(comp)
                boxes[side] = (ys.min() / h, (ys.max() + 1) / h, xs.min() / w, (xs.max() + 1) / w)
        if not ok:
            cx = (mid / w - 0.22) if side == "left" else (mid / w + 0.22)
            b = (0.15, 0.75, max(0.02, cx - 0.14), min(0.98, cx + 0.14))
            boxes[side] = b
            mask[int(b[0] * h):int(b[1] * h), int(b[2] * w):int(b[3] * w)] = True
    return mask, boxes["left"], boxes["right"], mid / w


def _find_marker(x: np.ndarray) -> Optional[tuple[int, int, int, int]]:
    """Crude side-marker finder: a flat box holding a contrasting glyph near an edge,
    else a compact bright glyph on a quiet background near an edge."""
    H, W = x.shape
    f = min(1.0, 900.0 / max(H, W))
    xs_ = _pil_resize(x, (round(H * f), round(W * f))) if f < 1 else x
    h, w = xs_.shape
    s = max(h, w)
    k = 5
    m = ndi.uniform_filter(xs_, k)
    v = ndi.uniform_filter(xs_ * xs_, k) - m * m
    flat = v < 0.012 ** 2
    lab, _ = ndi.label(flat)
    best = None
    for i, sl in enumerate(ndi.find_objects(lab)):
        if sl is None:
            continue
        ys, xs = sl
        hh, ww = ys.stop - ys.start, xs.stop - xs.start
        if not (0.02 * s <= hh <= 0.12 * s and 0.02 * s <= ww <= 0.12 * s and 0.4 <= ww / hh <= 2.5):
            continue
        comp = lab[sl] == i + 1
        if comp.mean() < 0.2:
            continue
        per = np.concatenate([comp[0], comp[-1], comp[:, 0], comp[:, -1]]).mean()
        if per < 0.5:
            continue
        bg = float(np.median(xs_[sl][comp]))
        inner = xs_[sl][~comp]
        if inner.size < 0.05 * comp.size:
            continue
        contrast = max(float(np.percentile(inner, 95)) - bg, bg - float(np.percentile(inner, 5)))
        if contrast < 0.15:
            continue
        cy, cx = (ys.start + ys.stop) / 2 / h, (xs.start + xs.stop) / 2 / w
        edge = min(cy, 1 - cy, cx, 1 - cx)
        if edge > 0.3 or 0.3 < cx < 0.7 and 0.15 < cy < 0.85:
            continue
        score = contrast + per - edge
        if best is None or score > best[0]:
            e = k // 2
            best = (score, (max(0, ys.start - e), min(h, ys.stop + e), max(0, xs.start - e), min(w, xs.stop + e)))
    if best is None:
        return None
    y0, y1, x0, x1 = best[1]
    return (int(y0 / f), min(H, int(math.ceil(y1 / f))), int(x0 / f), min(W, int(math.ceil(x1 / f))))


def _anatomy(x: np.ndarray) -> _Anatomy:
    small, left, right, mid = _find_lungs(x)
    return _Anatomy(x.shape, small, left, right, mid, _find_marker(x))


def _paste_marker(y: np.ndarray, x: np.ndarray, an: _Anatomy) -> np.ndarray:
    if an.marker is None or y.shape != x.shape:
        return y
    y0, y1, x0, x1 = an.marker
    y = y.copy()
    y[y0:y1, x0:x1] = x[y0:y1, x0:x1]
    return y


# ------------------------------------------------------------------- store step
def _store(y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    k = int(rng.integers(3))
    y = _finish(y)
    if k == 0:
        q = int(rng.integers(70, 96))
        buf = io.BytesIO()
        Image.fromarray(np.round(y * 255).astype(np.uint8)).save(buf, format="JPEG", quality=q)
        buf.seek(0)
        out = np.asarray(Image.open(buf).convert("L"), dtype=np.float32) / 255.0
        return out, f"jpeg_q{q}"
    if k == 1:
        return (np.round(y * 255.0) / 255.0).astype(np.float32), "quant8"
    f = float(rng.uniform(0.85, 0.95))
    H, W = y.shape
    small = _pil_resize(y, (max(8, round(H * f)), max(8, round(W * f))), resample=Image.LANCZOS)
    back = _pil_resize(small, (H, W), resample=Image.LANCZOS)
    return _finish(back), f"resize_{f:.2f}"


# ------------------------------------------------------------ tone / noise menu
def _apply_lut(x: np.ndarray, grid: np.ndarray, lut: np.ndarray) -> np.ndarray:
    return np.interp(x.ravel(), grid, lut).reshape(x.shape).astype(np.float32)


def _tone_curve_lut(low_y: float, high_y: float) -> tuple[np.ndarray, np.ndarray]:
    t = np.linspace(0, 1, 1025)
    bx = 3 * (1 - t) ** 2 * t * 0.25 + 3 * (1 - t) * t ** 2 * 0.75 + t ** 3
    by = 3 * (1 - t) ** 2 * t * low_y + 3 * (1 - t) * t ** 2 * high_y + t ** 3
    return bx, np.clip(by, 0, 1)


def _histmatch(x: np.ndarray, target_ppf) -> np.ndarray:
    p = np.linspace(0.0, 1.0, 257)
    sub = x[:: max(1, x.shape[0] // 300), :: max(1, x.shape[1] // 300)].ravel()
    qs = np.quantile(sub, p)
    qs = qs + np.arange(qs.size) * 1e-7  # strictly increasing
    qt = np.clip(target_ppf(p), 0, 1)
    return _apply_lut(x, qs, qt)


def _clahe(x: np.ndarray, tiles: int = 8, clip: float = 2.5, bins: int = 256) -> np.ndarray:
    H, W = x.shape
    q = np.clip(np.round(x * (bins - 1)), 0, bins - 1).astype(np.int32)
    ty = np.linspace(0, H, tiles + 1).astype(int)
    tx = np.linspace(0, W, tiles + 1).astype(int)
    maps = np.empty((tiles, tiles, bins), np.float32)
    for i in range(tiles):
        for j in range(tiles):
            t = q[ty[i]:ty[i + 1], tx[j]:tx[j + 1]]
            hist = np.bincount(t.ravel(), minlength=bins).astype(np.float64)
            limit = clip * max(t.size, 1) / bins
            excess = np.clip(hist - limit, 0, None).sum()
            hist = np.minimum(hist, limit) + excess / bins
            cdf = np.cumsum(hist)
            maps[i, j] = cdf / cdf[-1]
    cy = (ty[:-1] + ty[1:]) / 2.0
    cx = (tx[:-1] + tx[1:]) / 2.0
    fy = np.interp(np.arange(H), cy, np.arange(tiles))
    fx = np.interp(np.arange(W), cx, np.arange(tiles))
    y0 = np.clip(np.floor(fy).astype(int), 0, tiles - 2)
    x0 = np.clip(np.floor(fx).astype(int), 0, tiles - 2)
    wy = (fy - y0).astype(np.float32)[:, None]
    wx = (fx - x0).astype(np.float32)[None, :]
    Y0, X0 = y0[:, None], x0[None, :]
    out = ((1 - wy) * ((1 - wx) * maps[Y0, X0, q] + wx * maps[Y0, X0 + 1, q])
           + wy * ((1 - wx) * maps[Y0 + 1, X0, q] + wx * maps[Y0 + 1, X0 + 1, q]))
    return out.astype(np.float32)


def _quantum_noise(x: np.ndarray, rng: np.random.Generator, kind: str, sigma_mid: float) -> np.ndarray:
    """Signal-dependent noise: detector counts N ~ exp(-k x), so bright (low-dose) areas are noisier."""
    k = float(rng.uniform(1.5, 3.0))
    if kind == "poisson_noise":
        n_mid = 1.0 / (k * sigma_mid) ** 2
        n0 = n_mid * math.exp(0.5 * k)
        lam = n0 * np.exp(-k * x.astype(np.float64))
        counts = rng.poisson(lam).astype(np.float64)
        y = -np.log(np.maximum(counts, 0.5) / n0) / k
        return y.astype(np.float32)
    sig = sigma_mid * np.exp(0.5 * k * (x - 0.5))
    if kind == "gauss_noise":
        return (x + sig * rng.standard_normal(x.shape).astype(np.float32)).astype(np.float32)
    # downscale_noise: correlated mottle made at low resolution and upscaled, plus a white part
    f = float(rng.uniform(1.5, 2.5))
    H, W = x.shape
    n = rng.standard_normal((max(4, int(H / f)), max(4, int(W / f)))).astype(np.float32)
    n = _pil_resize(n, (H, W), resample=Image.BILINEAR)
    n /= float(n.std()) + 1e-6
    n = 0.75 * n + 0.66 * rng.standard_normal((H, W)).astype(np.float32)
    return (x + sig * n).astype(np.float32)


def _underexposure(x, an, rng, sev, mech):
    tone = mech or MECHANISMS["underexposure"][int(rng.integers(5))]
    noise = ("poisson_noise", "gauss_noise", "downscale_noise")[int(rng.integers(3))]
    sigma = _lerp(0.045, 0.085, sev) * float(rng.uniform(0.9, 1.1))
    # pipeline order: CLAHE always processes the noisy raw image; gamma / tone curve in random
    # order; the contrast-compressing transforms come first so they do not hide the noise
    if tone == "clahe_then_shift":
        noise_first = True
        sigma *= 0.6  # CLAHE amplifies the raw noise
    elif tone in ("random_gamma", "tone_curve"):
        noise_first = bool(rng.random() < 0.5)
        sigma *= 1.3 if noise_first else 1.0  # the brightening curve flattens the bright end
    else:
        noise_first = False
    y = x
    if noise_first:
        y = np.clip(_quantum_noise(y, rng, noise, sigma), 0, 1)
    if tone == "random_gamma":
        y = np.power(np.clip(y, 0, 1), _lerp(0.75, 0.45, sev) * float(rng.uniform(0.95, 1.05)))
    elif tone == "brightness_contrast":
        a, b = _lerp(0.9, 0.7, sev), _lerp(0.07, 0.18, sev)
        m = float(y.mean())
        y = (y - m) * a + m + b
    elif tone == "tone_curve":
        gx, gy = _tone_curve_lut(0.25 + _lerp(0.12, 0.28, sev), min(1.0, 0.75 + _lerp(0.08, 0.2, sev)))
        y = _apply_lut(np.clip(y, 0, 1), gx, gy)
    elif tone == "histmatch_washed":
        mu, kap = _lerp(0.64, 0.76, sev), _lerp(14, 26, sev)
        y = _histmatch(y, lambda p: stats.beta.ppf(p, mu * kap, (1 - mu) * kap))
    elif tone == "clahe_then_shift":
        y = _clahe(np.clip(y, 0, 1), tiles=8, clip=float(rng.uniform(1.2, 2.0)))
        m = float(y.mean())
        y = (y - m) * _lerp(0.85, 0.7, sev) + m + _lerp(0.06, 0.16, sev)
    else:
        raise ValueError(f"unknown underexposure mechanism {tone!r}")
    y = np.clip(y, 0, 1)
    if not noise_first:
        y = np.clip(_quantum_noise(y, rng, noise, sigma), 0, 1)
    return y, f"{tone}+{noise}"


def _overexposure(x, an, rng, sev, mech):
    tone = mech or MECHANISMS["overexposure"][int(rng.integers(5))]
    y = x
    if tone == "random_gamma":
        y = np.power(y, _lerp(1.6, 2.8, sev) * float(rng.uniform(0.95, 1.05)))
    elif tone == "brightness_contrast":
        a, b = _lerp(1.05, 1.3, sev), -_lerp(0.1, 0.28, sev)
        m = float(y.mean())
        y = (y - m) * a + m + b
    elif tone == "tone_curve":
        gx, gy = _tone_curve_lut(max(0.0, 0.25 - _lerp(0.12, 0.24, sev)), 0.75 - _lerp(0.06, 0.2, sev))
        y = _apply_lut(y, gx, gy)
    elif tone == "histmatch_dark":
        p0, mu, kap = _lerp(0.12, 0.3, sev), _lerp(0.42, 0.3, sev), float(rng.uniform(5, 9))

        def ppf(p):
            pp = np.clip((p - p0) / (1 - p0), 0, 1)
            return np.where(p <= p0, 0.0, stats.beta.ppf(pp, mu * kap, (1 - mu) * kap))

        y = _histmatch(y, ppf)
    elif tone == "clahe_then_shift":
        y = _clahe(y, tiles=8, clip=float(rng.uniform(1.3, 2.2)))
        m = float(y.mean())
        y = (y - m) * _lerp(1.05, 1.2, sev) + m - _lerp(0.15, 0.3, sev)
    else:
        raise ValueError(f"unknown overexposure mechanism {tone!r}")
    y = np.clip(y, 0, 1)
    # burn_out: lungs saturate to black
    lung = an.lung_full()
    vals = y[lung][:: max(1, int(lung.sum() // 200000) + 1)]
    if vals.size < 100:
        vals = y.ravel()
    frac = _lerp(0.25, 0.6, sev)
    b = float(np.quantile(vals, frac))
    if b > 0.004:
        y = (y - b) / (1.0 - b)
    return np.clip(y, 0, 1).astype(np.float32), f"{tone}+burn_out"


# ------------------------------------------------------------------- geometry
def _rot(theta: float) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s], [s, c]])


def _affine(x, z, theta, c_in, c_out, mode="nearest", cval=0.0, order=1):
    """Forward map out = z R (in - c_in) + c_out in (row, col) coordinates."""
    R = _rot(theta)
    mat = R.T / z
    off = np.asarray(c_in, float) - mat @ np.asarray(c_out, float)
    return ndi.affine_transform(x, mat, off, output_shape=x.shape, order=order, mode=mode, cval=cval)


def _forward(pts, z, theta, c_in, c_out):
    R = _rot(theta)
    return (z * (R @ (np.asarray(pts, float) - np.asarray(c_in, float)).T)).T + np.asarray(c_out, float)



def _window_start(sides, lim, ends: tuple[str, str], size: float, full: float, centre: float, rng) -> float:
    """Start of a crop window of SIZE along one axis (FULL long): against the limit of the cut side
    ENDS names (low end, high end), else around the thorax's CENTRE with a little jitter."""
    low, high = ends
    if low in sides:
        return lim[low]
    if high in sides:
        return lim[high] - size
    return min(max(0.0, centre - size / 2 + rng.uniform(-0.05, 0.05) * size), full - size)

def _cutoff(x, an, rng, sev, mech):
    H, W = x.shape
    mech = mech or MECHANISMS["lung_field_cutoff"][int(rng.integers(2))]
    first = ("top", "bottom", "left", "right")[int(rng.choice(4, p=[0.3, 0.3, 0.2, 0.2]))]
    sides = [first]
    if rng.random() < 0.35 * sev:
        sides.append(("left", "right")[int(rng.integers(2))] if first in ("top", "bottom")
                     else ("top", "bottom")[int(rng.integers(2))])
    d = _lerp(0.08, 0.22, sev) * float(rng.uniform(0.9, 1.1))  # cut depth, fraction of lung height
    dl = _lerp(0.1, 0.3, sev) * float(rng.uniform(0.9, 1.1))  # lateral: fraction of one lung's width
    allp = an.lung_points()
    top, bottom = np.quantile(allp[:, 0], [0.01, 0.99])
    lim = {"top": 0.0, "bottom": float(H), "left": 0.0, "right": float(W)}
    if "top" in sides:
        lim["top"] = float(top + d * (bottom - top))
    if "bottom" in sides:
        lim["bottom"] = float(bottom - d * (bottom - top))
    if "left" in sides:
        a, b = np.quantile(an.lung_points("left")[:, 1], [0.01, 0.99])
        lim["left"] = float(a + dl * (b - a))
    if "right" in sides:
        a, b = np.quantile(an.lung_points("right")[:, 1], [0.01, 0.99])
        lim["right"] = float(b - dl * (b - a))
    avail_h = lim["bottom"] - lim["top"]
    avail_w = lim["right"] - lim["left"]
    zoom = max(H / avail_h, W / avail_w)  # zoom so that the window fits inside the limits
    thorax_cx = an.mid * W
    thorax_cy = 0.5 * H
    name = mech
    if mech == "random_resized_crop":
        h, w = H / zoom, W / zoom
        y0 = _window_start(sides, lim, ("top", "bottom"), h, H, thorax_cy, rng)
        x0 = _window_start(sides, lim, ("left", "right"), w, W, thorax_cx, rng)
        y0, x0 = float(np.clip(y0, 0.0, H - h)), float(np.clip(x0, 0.0, W - w))
        y = _pil_resize(x, (H, W), box=(x0, y0, min(float(W), x0 + w), min(float(H), y0 + h)))
        z, theta, c_in, c_out = zoom, 0.0, (y0, x0), (0.0, 0.0)
    else:
        u = float(rng.uniform(0.85, 1.0))  # u < 1 leaves a narrow filled band on the far side
        z = 1.0 + u * (zoom - 1.0)
        theta = math.radians(float(rng.uniform(-2, 2)))
        cy_in, cy_out = thorax_cy, H / 2
        cx_in, cx_out = thorax_cx, W / 2
        if "top" in sides:
            cy_in, cy_out = lim["top"], 0.0
        elif "bottom" in sides:
            cy_in, cy_out = lim["bottom"], float(H)
        if "left" in sides:
            cx_in, cx_out = lim["left"], 0.0
        elif "right" in sides:
            cx_in, cx_out = lim["right"], float(W)
        mode = ("reflect", "nearest", "constant")[int(rng.integers(3))]
        cval = float(np.median(np.concatenate([x[-max(1, H // 50):].ravel(), x[:, :max(1, W // 50)].ravel(),
                                               x[:, -max(1, W // 50):].ravel()])))
        c_in, c_out = (cy_in, cx_in), (cy_out, cx_out)
        # rotate about the anchor at the cut edge so the cut stays on the lung
        y = _affine(x, z, theta, c_in, c_out, mode=mode, cval=cval)
        name = f"{mech}_{mode}"
    # marker: it is on the detector; keep it where it was if the crop lost it
    if an.marker is not None:
        my0, my1, mx0, mx1 = an.marker
        corners = _forward([(my0, mx0), (my0, mx1), (my1, mx0), (my1, mx1)], z, theta, c_in, c_out)
        inside = (corners[:, 0] >= 0).all() and (corners[:, 0] <= H).all() and \
                 (corners[:, 1] >= 0).all() and (corners[:, 1] <= W).all()
        if not inside:
            y = _paste_marker(y, x, an)
    return y, name + "+" + "_".join(sides)


def _field_fill(content_nearest, cover, rng, noise_sigma, margins, style):
    """Fill of the exposed area outside the thorax: air, fading tissue, optional shutter band."""
    H, W = cover.shape
    f = min(1.0, 256.0 / max(H, W))
    hs, ws = max(8, round(H * f)), max(8, round(W * f))
    cov_s = _pil_resize(cover.astype(np.float32), (hs, ws)) > 0.5
    air = float(rng.uniform(0.02, 0.1))
    rr, cc = np.mgrid[0:hs, 0:ws].astype(np.float32)
    grad = float(rng.uniform(-0.03, 0.03)) * (cc / ws - 0.5) + float(rng.uniform(-0.02, 0.02)) * (rr / hs - 0.5)
    fill_s = air + grad
    if style == "tissue_fade":
        edge = ndi.gaussian_filter(_pil_resize(content_nearest, (hs, ws)), 5.0)
        d = ndi.distance_transform_edt(~cov_s)
        lam = float(rng.uniform(0.02, 0.05)) * max(hs, ws)
        amp = float(rng.uniform(0.35, 0.75))
        fill_s = fill_s + amp * (edge - fill_s) * np.exp(-d / lam)
    fill = _pil_resize(fill_s.astype(np.float32), (H, W))
    fill += noise_sigma * rng.standard_normal((H, W)).astype(np.float32)
    name = style
    # bright collimator shutter band on 1-2 sides with enough free margin
    if rng.random() < 0.4:
        top, bottom, left, right = margins
        opts = [s for s, m, n in (("top", top, H), ("bottom", bottom, H), ("left", left, W), ("right", right, W))
                if m > 0.05 * n]
        if opts:
            rng.shuffle(opts)
            lvl = float(rng.uniform(0.8, 0.95))
            band = np.zeros((H, W), np.float32)
            for s in opts[: int(rng.integers(1, 3))]:
                m = {"top": top, "bottom": bottom, "left": left, "right": right}[s]
                bw = int(m * float(rng.uniform(0.3, 0.7)))
                if s == "top":
                    band[:bw] = 1
                elif s == "bottom":
                    band[H - bw:] = 1
                elif s == "left":
                    band[:, :bw] = 1
                else:
                    band[:, W - bw:] = 1
            band = ndi.gaussian_filter(band, 1.0)
            fill = fill * (1 - band) + (lvl + 0.3 * noise_sigma * rng.standard_normal((H, W))) * band
            name += "+shutter"
    return fill.astype(np.float32), name


def _collimation(x, an, rng, sev, mech):
    H, W = x.shape
    mech = mech or MECHANISMS["collimation_centering"][int(rng.integers(3))]
    if mech == "large_field":
        s, theta = _lerp(0.78, 0.55, sev), math.radians(float(rng.uniform(-1, 1)))
    elif mech == "off_centre":
        s, theta = _lerp(0.78, 0.6, sev), 0.0
    elif mech == "tilted_field":
        s = _lerp(0.8, 0.6, sev)
        theta = math.radians(_lerp(3, 8, sev) * (1 if rng.random() < 0.5 else -1))
    else:
        raise ValueError(f"unknown collimation mechanism {mech!r}")
    c, sn = abs(math.cos(theta)), abs(math.sin(theta))
    hs, ws = s * (H * c + W * sn), s * (W * c + H * sn)
    shrink = min(1.0, 0.97 * H / hs, 0.97 * W / ws)
    s, hs, ws = s * shrink, hs * shrink, ws * shrink
    fy, fx = H - hs, W - ws
    if mech == "large_field":
        ty = fy * float(np.clip(0.5 + rng.uniform(-0.25, 0.25), 0, 1))
        tx = fx * float(np.clip(0.5 + rng.uniform(-0.25, 0.25), 0, 1))
    elif mech == "off_centre":
        ax = int(rng.choice(3, p=[0.5, 0.2, 0.3]))  # 0: horizontal, 1: vertical, 2: both
        def push():
            return float(rng.uniform(0.0, 0.08)) if rng.random() < 0.5 else float(rng.uniform(0.92, 1.0))
        ty = fy * (push() if ax in (1, 2) else float(rng.uniform(0.35, 0.65)))
        tx = fx * (push() if ax in (0, 2) else float(rng.uniform(0.35, 0.65)))
    else:
        ty, tx = fy * float(rng.uniform(0.2, 0.8)), fx * float(rng.uniform(0.2, 0.8))
    c_in = (H / 2.0, W / 2.0)
    c_out = (ty + hs / 2.0, tx + ws / 2.0)
    content = _affine(x, s, theta, c_in, c_out, mode="nearest")
    cover = _affine(np.ones_like(x), s, theta, c_in, c_out, mode="constant", cval=0.0)
    cover = np.clip(cover, 0, 1)
    style = ("air", "tissue_fade")[int(rng.integers(2))]
    fill, fname = _field_fill(content, cover, rng, max(0.003, _noise_sigma(x)), (ty, fy - ty, tx, fx - tx), style)
    y = cover * content + (1 - cover) * fill
    return y, f"{mech}+{fname}"


# --------------------------------------------------------------------- motion
def _splat_kernel(pts: np.ndarray, wts: Optional[np.ndarray] = None) -> np.ndarray:
    pts = np.asarray(pts, float)
    wts = np.ones(len(pts)) if wts is None else np.asarray(wts, float)
    pts = pts - (pts * wts[:, None]).sum(0) / wts.sum()
    r = int(math.ceil(np.abs(pts).max())) + 2
    k = np.zeros((2 * r + 1, 2 * r + 1))
    yy, xx = pts[:, 0] + r, pts[:, 1] + r
    y0, x0 = np.floor(yy).astype(int), np.floor(xx).astype(int)
    fy, fx = yy - y0, xx - x0
    for dy, dx, ww in ((0, 0, (1 - fy) * (1 - fx)), (1, 0, fy * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 1, fy * fx)):
        np.add.at(k, (y0 + dy, x0 + dx), wts * ww)
    return (k / k.sum()).astype(np.float32)


def _convolve(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    r0, r1 = k.shape[0] // 2, k.shape[1] // 2
    xp = np.pad(x, ((r0, r0), (r1, r1)), mode="reflect")
    return fftconvolve(xp, k, mode="valid").astype(np.float32)


def _line_points(length: float, angle: float, n: Optional[int] = None) -> np.ndarray:
    n = n or max(8, int(length * 3))
    t = np.linspace(-0.5, 0.5, n) * length
    return np.stack([t * math.sin(angle), t * math.cos(angle)], 1)


def _breathing_angle(rng) -> float:
    # mostly cranio-caudal (vertical) motion, sometimes any direction
    if rng.random() < 0.6:
        return math.pi / 2 + math.radians(float(rng.uniform(-25, 25)))
    return float(rng.uniform(0, math.pi))


def _motion(x, an, rng, sev, mech):
    H, W = x.shape
    S = max(H, W)
    mech = mech or MECHANISMS["motion_blur"][int(rng.integers(6))]
    L = _lerp(0.012, 0.032, sev) * S * float(rng.uniform(0.9, 1.1))
    name = mech
    if mech == "motion_blur_line":
        pts = _line_points(L, _breathing_angle(rng))
        wts = None
        if rng.random() < 0.4:
            wts = np.linspace(1.0, float(rng.uniform(0.2, 0.6)), len(pts))
            name += "_ramp"
        y = _convolve(x, _splat_kernel(pts, wts))
    elif mech == "motion_blur_curved":
        n = max(16, int(L * 3))
        ang = _breathing_angle(rng)
        turn = np.cumsum(rng.normal(0, 0.15, n))
        turn = ndi.gaussian_filter1d(turn, n / 8.0)
        a = ang + turn - turn.mean()
        step = L / n
        pts = np.cumsum(np.stack([np.sin(a) * step, np.cos(a) * step], 1), 0)
        y = _convolve(x, _splat_kernel(pts))
    elif mech == "zoom_blur":
        zmax = _lerp(0.02, 0.05, sev)
        n = 8
        cy = H * float(rng.uniform(0.45, 0.6))
        cx = W * (an.mid + float(rng.uniform(-0.05, 0.05)))
        acc = np.zeros_like(x)
        for fz in np.linspace(1.0, 1.0 + zmax, n):
            box = (cx - cx / fz, cy - cy / fz, cx + (W - cx) / fz, cy + (H - cy) / fz)
            acc += _pil_resize(x, (H, W), box=box)
        y = acc / n
    elif mech == "glass_blur":
        ang = _breathing_angle(rng)
        t = rng.uniform(-0.5, 0.5, size=(H, W)).astype(np.float32) * (0.8 * L)
        t = ndi.gaussian_filter(t, 0.7) * 1.8
        rr, cc = np.mgrid[0:H, 0:W].astype(np.float32)
        coords = np.stack([rr + t * math.sin(ang), cc + t * math.cos(ang)])
        y = ndi.map_coordinates(x, coords, order=1, mode="reflect")
        y = ndi.gaussian_filter(y, _lerp(0.6, 1.2, sev) * max(1.0, S / 1000.0))
        y = _convolve(y, _splat_kernel(_line_points(0.5 * L, ang)))
    elif mech == "ghost":
        d = _lerp(0.012, 0.03, sev) * S
        ang = _breathing_angle(rng)
        w = _lerp(0.32, 0.5, sev)
        sh = ndi.shift(x, (d * math.sin(ang), d * math.cos(ang)), order=1, mode="nearest")
        y = (1 - w) * x + w * sh
        # keep overall brightness exactly: the shifted copy repeats an edge row/column
        y = y + (float(x.mean()) - float(y.mean()))
    elif mech == "local_motion":
        site = ("left_heart_border", "left_hemidiaphragm", "right_hemidiaphragm")[int(rng.integers(3))]
        # image-right lung is the patient's left
        if site == "left_heart_border":
            cy = H * _lerp(an.right[0], an.right[1], 0.65)
            cx = W * (an.mid + 0.06)
            ang = float(rng.uniform(0, math.pi))
        else:
            b = an.right if site == "left_hemidiaphragm" else an.left
            cy = H * b[1]
            cx = W * (b[2] + b[3]) / 2
            ang = math.pi / 2 + math.radians(float(rng.uniform(-20, 20)))
        ry, rx = _lerp(0.12, 0.2, sev) * H, _lerp(0.12, 0.2, sev) * W
        L2 = 1.5 * L
        pad = int(L2) + 4
        y0, y1 = max(0, int(cy - ry - pad)), min(H, int(cy + ry + pad))
        x0, x1 = max(0, int(cx - rx - pad)), min(W, int(cx + rx + pad))
        crop = x[y0:y1, x0:x1]
        blur = _convolve(crop, _splat_kernel(_line_points(L2, ang)))
        rr, cc = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        m = np.clip(1.5 - np.sqrt(((rr - cy) / ry) ** 2 + ((cc - cx) / rx) ** 2), 0, 1)
        y = x.copy()
        y[y0:y1, x0:x1] = crop + m * (blur - crop)
        name += "_" + site
    else:
        raise ValueError(f"unknown motion mechanism {mech!r}")
    if rng.random() < 0.4:
        sig = 0.6 * _noise_sigma(x)
        y = y + sig * rng.standard_normal(y.shape).astype(np.float32)
        name += "+gauss_noise"
    y = _paste_marker(y, x, an)
    return y, name


# -------------------------------------------------------------- drawing helpers
class _Pen:
    """Supersampled Pillow canvas returning a soft alpha mask."""

    def __init__(self, h: int, w: int, ss: int = 3):
        self.h, self.w, self.ss = max(2, int(h)), max(2, int(w)), ss
        self.img = Image.new("L", (self.w * ss, self.h * ss), 0)
        self.d = ImageDraw.Draw(self.img)

    def P(self, pts):
        return [(float(px) * self.ss, float(py) * self.ss) for px, py in pts]

    def ellipse(self, cx, cy, rx, ry, fill=255, outline=None, width=0):
        s = self.ss
        self.d.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=fill,
                       outline=outline, width=int(round(width * s)))

    def line(self, pts, width, fill=255):
        w = max(1, int(round(width * self.ss)))
        self.d.line(self.P(pts), fill=fill, width=w, joint="curve")
        r = width / 2.0
        for px, py in (pts[0], pts[-1]):
            self.ellipse(px, py, r, r, fill=fill)

    def polygon(self, pts, fill=255):
        self.d.polygon(self.P(pts), fill=fill)

    def rrect(self, x0, y0, x1, y1, rad, fill=255, outline=None, width=0):
        s = self.ss
        self.d.rounded_rectangle([x0 * s, y0 * s, x1 * s, y1 * s], radius=rad * s, fill=fill, outline=outline,
                                 width=int(round(width * s)))

    def mask(self, angle_deg: float = 0.0) -> np.ndarray:
        img = self.img
        if angle_deg:
            img = img.rotate(angle_deg, resample=Image.BILINEAR, expand=True)
        w, h = img.size[0] // self.ss, img.size[1] // self.ss
        img = img.resize((max(1, w), max(1, h)), Image.BOX)
        return np.asarray(img, dtype=np.float32) / 255.0


def _bezier(p0, p1, p2, n=60):
    t = np.linspace(0, 1, n)[:, None]
    p0, p1, p2 = (np.asarray(p, float) for p in (p0, p1, p2))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def _font(size: int):
    size = max(6, int(size))
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # old Pillow: bitmap font only
        return ImageFont.load_default()


def _text_masks(lines: list[str], size: int, stroke: int = 0, spacing: float = 0.25, mirror: bool = False):
    font = _font(size)
    probe = ImageDraw.Draw(Image.new("L", (4, 4)))
    boxes = [probe.textbbox((0, 0), t, font=font, stroke_width=stroke) for t in lines]
    lh = max(b[3] - b[1] for b in boxes)
    tw = max(b[2] - b[0] for b in boxes)
    pad = stroke + 2
    H = int(len(lines) * lh + (len(lines) - 1) * spacing * lh + 2 * pad)
    W = int(tw + 2 * pad)
    fill = Image.new("L", (W, H), 0)
    strk = Image.new("L", (W, H), 0)
    df, ds = ImageDraw.Draw(fill), ImageDraw.Draw(strk)
    y = pad
    for t, b in zip(lines, boxes):
        org = (pad - b[0] + (tw - (b[2] - b[0])) / 2.0, y - b[1])
        df.text(org, t, fill=255, font=font)
        if stroke:
            ds.text(org, t, fill=255, font=font, stroke_width=stroke, stroke_fill=255)
        y += lh * (1 + spacing)
    f = np.asarray(fill, np.float32) / 255.0
    s = np.asarray(strk, np.float32) / 255.0 if stroke else None
    if mirror:
        f = f[:, ::-1]
        s = s[:, ::-1] if s is not None else None
    return f, s


def _blend(y: np.ndarray, alpha: np.ndarray, value, top: int, left: int) -> None:
    """In place: y[region] = (1 - alpha) * y + alpha * value (value scalar or array)."""
    H, W = y.shape
    h, w = alpha.shape
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(H, top + h), min(W, left + w)
    if y1 <= y0 or x1 <= x0:
        return
    a = alpha[y0 - top:y1 - top, x0 - left:x1 - left]
    v = value if np.isscalar(value) else value[y0 - top:y1 - top, x0 - left:x1 - left]
    reg = y[y0:y1, x0:x1]
    y[y0:y1, x0:x1] = reg * (1 - a) + a * v


def _inside_fraction(alpha: np.ndarray, top: int, left: int, mask: np.ndarray) -> float:
    H, W = mask.shape
    h, w = alpha.shape
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(H, top + h), min(W, left + w)
    tot = float(alpha.sum()) + 1e-6
    if y1 <= y0 or x1 <= x0:
        return 0.0
    a = alpha[y0 - top:y1 - top, x0 - left:x1 - left]
    return float((a * mask[y0:y1, x0:x1]).sum()) / tot


def _overlaps_box(top, left, h, w, box, margin=4) -> bool:
    if box is None:
        return False
    y0, y1, x0, x1 = box
    return not (top + h < y0 - margin or top > y1 + margin or left + w < x0 - margin or left > x1 + margin)


def _place(alpha, an, rng, lung, zone=None, min_inside=0.6, tries=40, side=None):
    """Pick a top-left so that at least min_inside of alpha lies over lung and the marker is avoided."""
    H, W = lung.shape
    h, w = alpha.shape
    pts = an.lung_points(side)
    if zone is not None:
        q0, q1 = np.quantile(pts[:, 0], zone[0]), np.quantile(pts[:, 0], zone[1])
        sel = (pts[:, 0] >= q0) & (pts[:, 0] <= q1)
        if sel.sum() > 20:
            pts = pts[sel]
    best, best_f = None, -1.0
    for _ in range(tries):
        cy, cx = pts[int(rng.integers(len(pts)))]
        top, left = int(cy - h / 2), int(cx - w / 2)
        if top < 0 or left < 0 or top + h > H or left + w > W:
            continue
        if _overlaps_box(top, left, h, w, an.marker):
            continue
        fr = _inside_fraction(alpha, top, left, lung)
        if fr > best_f:
            best, best_f = (top, left), fr
        if fr >= min_inside:
            return best, fr
    return best, best_f


# -------------------------------------------------------------- foreign objects
def _obj_coin(ppm, rng):
    d = float(rng.uniform(16, 28)) * ppm
    r = d / 2
    n = int(2 * r + 6)
    pen = _Pen(n, n)
    pen.ellipse(n / 2, n / 2, r, r)
    a = pen.mask()
    rim = _Pen(n, n)
    rim.ellipse(n / 2, n / 2, r * 0.86, r * 0.86)
    inner = rim.mask()
    lvl = float(rng.uniform(0.94, 1.0))
    relief = ndi.gaussian_filter(rng.standard_normal(a.shape).astype(np.float32), max(1.0, r / 6)) * 0.02
    level = lvl - 0.025 * inner + relief * inner
    return a, level, "metal"


def _obj_button_row(ppm, rng):
    nb = int(rng.integers(1, 4))
    d = float(rng.uniform(10, 20)) * ppm
    gap = float(rng.uniform(55, 85)) * ppm
    n_holes = int(rng.choice([2, 4]))
    w = int(d + 6)
    h = int(d + (nb - 1) * gap + 6)
    pen = _Pen(h, w)
    for i in range(nb):
        cy, cx = 3 + d / 2 + i * gap, w / 2
        pen.ellipse(cx, cy, d / 2, d / 2, fill=255)
        hr = max(0.6, 0.09 * d)
        offs = [(-0.18, 0), (0.18, 0)] if n_holes == 2 else [(-0.16, -0.16), (0.16, -0.16), (-0.16, 0.16), (0.16, 0.16)]
        for ox, oy in offs:
            pen.ellipse(cx + ox * d, cy + oy * d, hr, hr, fill=0)
    a = pen.mask(float(rng.uniform(-15, 15)))
    if rng.random() < 0.6:
        return a, float(rng.uniform(0.2, 0.35)), "plastic"
    return a, float(rng.uniform(0.9, 0.98)), "metal"


def _obj_device_can(ppm, rng):
    cw, ch = float(rng.uniform(40, 52)) * ppm, float(rng.uniform(44, 58)) * ppm
    lead_len = float(rng.uniform(60, 110)) * ppm
    n = int(max(cw, ch) + lead_len + 8)
    pen = _Pen(n, n)
    x0, y0 = n / 2 - cw / 2, n / 2 - ch / 2
    pen.rrect(x0, y0, x0 + cw, y0 + ch, 0.3 * min(cw, ch), fill=255)
    # lead leaving the header
    start = (n / 2 + cw * 0.1, y0)
    ang = float(rng.uniform(-2.4, -0.7))
    end = (start[0] + lead_len * math.cos(ang), start[1] + lead_len * math.sin(ang))
    ctrl = (start[0] + 0.5 * lead_len * math.cos(ang + 0.8), start[1] + 0.5 * lead_len * math.sin(ang + 0.8))
    pen.line([tuple(p) for p in _bezier(start, ctrl, end)], width=max(1.2, 2.0 * ppm))
    a = pen.mask(float(rng.uniform(-30, 30)))
    lvl = float(rng.uniform(0.95, 1.0))
    hdr = _Pen(n, n)
    hdr.rrect(x0 + 0.15 * cw, y0 + 0.08 * ch, x0 + 0.85 * cw, y0 + 0.3 * ch, 2, fill=255)
    level = np.full(a.shape, lvl, np.float32)
    hm = hdr.mask()
    if hm.shape == a.shape:
        level -= 0.06 * hm
    return a, level, "metal"


def _obj_chain(ppm, rng):
    span = float(rng.uniform(45, 90)) * ppm
    sag = float(rng.uniform(15, 40)) * ppm
    bead = rng.random() < 0.5
    unit = float(rng.uniform(3, 5.5)) * ppm
    pend = float(rng.uniform(9, 16)) * ppm
    n_w, n_h = int(span + 2 * unit + 8), int(sag + pend * 1.6 + 2 * unit + 8)
    pen = _Pen(n_h, n_w)
    p0, p2 = (unit + 4, unit + 4), (n_w - unit - 4, unit + 4)
    p1 = (n_w / 2, unit + 4 + 2 * sag)
    curve = _bezier(p0, p1, p2, 400)
    seg = np.r_[0, np.cumsum(np.hypot(*np.diff(curve, axis=0).T))]
    k = 0.0
    wire = max(0.8, 0.8 * ppm)
    while k < seg[-1]:
        i = int(np.searchsorted(seg, k))
        i = min(i, len(curve) - 1)
        cx, cy = curve[i]
        if bead:
            pen.ellipse(cx, cy, unit / 2, unit / 2)
        else:
            pen.ellipse(cx, cy, unit / 2, unit / 3.2, fill=None, outline=255, width=wire)
        k += unit * (1.0 if bead else 0.8)
    bottom = curve[len(curve) // 2]
    py = bottom[1] + pend * 0.6
    if rng.random() < 0.5:
        pen.ellipse(bottom[0], py, pend / 2, pend / 2)
    else:
        pen.polygon([(bottom[0], py + pend * 0.55), (bottom[0] - pend * 0.45, py - pend * 0.1),
                     (bottom[0], py - pend * 0.45), (bottom[0] + pend * 0.45, py - pend * 0.1)])
    a = pen.mask(float(rng.uniform(-25, 25)))
    return a, float(rng.uniform(0.9, 0.99)), "metal"


def _obj_clip(ppm, rng):
    kind = ("bobby_pin", "paper_clip", "safety_pin")[int(rng.integers(3))]
    wire = max(1.0, float(rng.uniform(0.9, 1.4)) * ppm)
    if kind == "bobby_pin":
        ln = float(rng.uniform(45, 60)) * ppm
        gap = float(rng.uniform(2.5, 4)) * ppm
        n_w, n_h = int(ln + 8), int(3 * gap + 8)
        pen = _Pen(n_h, n_w)
        y_a, y_b = 4 + gap * 0.5, 4 + gap * 2
        pen.line([(4 + gap, y_a), (n_w - 4, y_a + gap * 0.4)], wire)
        xs = np.linspace(4 + gap, n_w - 4, 60)
        wave = y_b + 0.35 * gap * np.sin((xs - xs[0]) / (ln / 5) * 2 * math.pi)
        pen.line(list(zip(xs, wave)), wire)
        pen.d.arc([4 * pen.ss, y_a * pen.ss, (4 + 2 * gap) * pen.ss, y_b * pen.ss], 90, 270, fill=255,
                  width=max(1, int(wire * pen.ss)))
    elif kind == "paper_clip":
        ln, wd = float(rng.uniform(30, 48)) * ppm, float(rng.uniform(8, 11)) * ppm
        n_w, n_h = int(ln + 8), int(wd + 8)
        pen = _Pen(n_h, n_w)
        pen.rrect(4, 4, 4 + ln, 4 + wd, wd / 2, fill=None, outline=255, width=wire)
        pen.rrect(4 + 0.15 * ln, 4 + 0.22 * wd, 4 + 0.85 * ln, 4 + 0.78 * wd, wd / 3.5, fill=None, outline=255,
                  width=wire)
    else:
        ln, wd = float(rng.uniform(35, 55)) * ppm, float(rng.uniform(6, 9)) * ppm
        n_w, n_h = int(ln + 8), int(wd + 8)
        pen = _Pen(n_h, n_w)
        pen.line([(4 + wd / 2, 4 + wd / 2), (4 + ln - wd, 4)], wire)
        pen.line([(4 + wd / 2, 4 + wd / 2), (4 + ln - wd, 4 + wd)], wire)
        pen.ellipse(4 + wd / 2, 4 + wd / 2, wd / 2, wd / 2, fill=None, outline=255, width=wire)
        pen.rrect(4 + ln - wd, 2, 4 + ln, 6 + wd, 2, fill=255)
    a = pen.mask(float(rng.uniform(0, 180)))
    return a, float(rng.uniform(0.9, 0.99)), "metal"


def _obj_jewellery(ppm, rng):
    kind = ("ring", "hoop", "studs")[int(rng.integers(3))]
    if kind == "ring":
        d = float(rng.uniform(17, 23)) * ppm
        band = max(1.2, float(rng.uniform(2, 4)) * ppm)
        n = int(d + 3 * band + 8)
        pen = _Pen(n, n)
        pen.ellipse(n / 2, n / 2, d / 2, d / 2 * float(rng.uniform(0.55, 1.0)), fill=None, outline=255, width=band)
        if rng.random() < 0.6:
            pen.ellipse(n / 2, n / 2 - d / 2, 1.3 * band, 1.3 * band)
    elif kind == "hoop":
        d = float(rng.uniform(15, 30)) * ppm
        wire = max(1.0, 1.5 * ppm)
        n = int(d + 8)
        pen = _Pen(n, n)
        s = pen.ss
        pen.d.arc([(n / 2 - d / 2) * s, (n / 2 - d / 2) * s, (n / 2 + d / 2) * s, (n / 2 + d / 2) * s], 290, 250,
                  fill=255, width=max(1, int(wire * s)))
    else:
        d = float(rng.uniform(5, 8)) * ppm
        sep = float(rng.uniform(12, 25)) * ppm
        n = int(sep + d + 8)
        pen = _Pen(int(d + 8), n)
        pen.ellipse(4 + d / 2, 4 + d / 2, d / 2, d / 2)
        pen.ellipse(4 + d / 2 + sep, 4 + d / 2, d / 2, d / 2)
    a = pen.mask(float(rng.uniform(0, 180)))
    return a, float(rng.uniform(0.93, 1.0)), "metal"


def _obj_bra_hooks(ppm, rng):
    nh = int(rng.integers(2, 4))
    hw, hh = float(rng.uniform(5, 7)) * ppm, float(rng.uniform(8, 11)) * ppm
    pitch = hh * 1.25
    wire = max(1.0, 1.0 * ppm)
    n_w, n_h = int(3.2 * hw + 8), int(nh * pitch + 8)
    pen = _Pen(n_h, n_w)
    for i in range(nh):
        top = 4 + i * pitch
        pen.rrect(4, top, 4 + hw, top + hh * 0.8, 1.5, fill=None, outline=255, width=wire)  # eye plate
        cx = 4 + 1.9 * hw
        pen.line([(4 + hw, top + hh * 0.4), (cx + hw, top + hh * 0.4)], wire)
        pen.d.arc([cx * pen.ss, (top + 0.1 * hh) * pen.ss, (cx + hw) * pen.ss, (top + 0.7 * hh) * pen.ss], 270, 90,
                  fill=255, width=max(1, int(wire * pen.ss)))
    a = pen.mask(float(rng.uniform(-20, 20)))
    return a, float(rng.uniform(0.88, 0.97)), "metal"


def _obj_underwire(ppm, rng, mirror=False):
    span = float(rng.uniform(90, 130)) * ppm
    depth = float(rng.uniform(30, 50)) * ppm
    wire = max(1.2, float(rng.uniform(1.5, 2.2)) * ppm)
    n_w, n_h = int(span + 8), int(depth + 8)
    pen = _Pen(n_h, n_w)
    pts = _bezier((4, 4), (n_w / 2, 4 + 2 * depth), (n_w - 4, 4 + depth * 0.3), 80)
    pen.line([tuple(p) for p in pts], wire)
    a = pen.mask(float(rng.uniform(-10, 10)))
    if mirror:
        a = a[:, ::-1].copy()
    return a, float(rng.uniform(0.88, 0.97)), "metal"


def _obj_lead_snap(ppm, rng):
    d = float(rng.uniform(10, 14)) * ppm
    ln = float(rng.uniform(80, 170)) * ppm
    wire = max(1.0, float(rng.uniform(1.2, 2.0)) * ppm)
    n = int(d + ln * 0.8 + 8)
    pen = _Pen(n, n)
    c = (4 + d / 2, 4 + d / 2)
    pen.ellipse(c[0], c[1], d / 2, d / 2, fill=None, outline=255, width=max(1.0, 0.18 * d))
    pen.ellipse(c[0], c[1], 0.18 * d, 0.18 * d)
    ang = float(rng.uniform(0.3, 1.2))
    end = (c[0] + ln * 0.75 * math.cos(ang), c[1] + ln * 0.75 * math.sin(ang))
    ctrl = (c[0] + ln * 0.5 * math.cos(ang - 0.6), c[1] + ln * 0.5 * math.sin(ang - 0.6))
    pen.line([tuple(p) for p in _bezier(c, ctrl, end)], wire)
    a = pen.mask(float(rng.uniform(0, 360)))
    return a, float(rng.uniform(0.88, 0.96)), "metal"


_OBJECTS = {
    "coin": (_obj_coin, None),
    "button_row": (_obj_button_row, None),
    "device_can": (_obj_device_can, (0.0, 0.45)),
    "chain": (_obj_chain, (0.0, 0.5)),
    "clip": (_obj_clip, None),
    "jewellery": (_obj_jewellery, None),
    "bra_hooks": (_obj_bra_hooks, (0.3, 0.9)),
    "lead_snap": (_obj_lead_snap, None),
}


def _composite_object(y, a, level, material, top, left, rng, S):
    soft = float(rng.uniform(0.3, 0.9)) * max(1.0, S / 1000.0)
    pad = int(4 * soft) + 2
    a = np.pad(a, pad)
    if not np.isscalar(level):
        level = np.pad(level, pad, mode="edge")
    a = np.clip(ndi.gaussian_filter(a, soft), 0, 1)
    top, left = top - pad, left - pad
    H, W = y.shape
    h, w = a.shape
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(H, top + h), min(W, left + w)
    reg = y[y0:y1, x0:x1]
    aa = a[y0 - top:y1 - top, x0 - left:x1 - left]
    if material == "plastic":
        val = np.clip(reg + float(level), 0, 1)
    else:
        lv = level if np.isscalar(level) else level[y0 - top:y1 - top, x0 - left:x1 - left]
        val = np.maximum(lv, reg)
    out = reg * (1 - aa) + aa * val
    if material == "metal" and rng.random() < 0.5:  # edge-enhancement halo from image processing
        sh = 3.0 * max(1.0, S / 1000.0)
        halo = np.clip(ndi.gaussian_filter(aa, sh) - aa, 0, None)
        out = out - float(rng.uniform(0.05, 0.15)) * halo
    y[y0:y1, x0:x1] = out


def _foreign(x, an, rng, sev, mech):
    H, W = x.shape
    S = max(H, W)
    ppm = W / float(rng.uniform(380, 430)) * float(rng.uniform(0.9, 1.1))  # ~40 cm field width
    ppm *= _lerp(1.0, 1.25, sev)
    lung = an.lung_full()
    first = mech or tuple(_OBJECTS)[int(rng.integers(len(_OBJECTS)))]
    kinds = [first]
    if rng.random() < 0.5 * sev:
        kinds.append(tuple(_OBJECTS)[int(rng.integers(len(_OBJECTS)))])
    y = x.copy()
    names = []
    for kind in kinds:
        fn, zone = _OBJECTS[kind]
        items = [fn(ppm, rng)]
        sides = [None]
        if kind == "bra_hooks" and rng.random() < 0.5:
            items.append(_obj_underwire(ppm, rng))
            items.append(_obj_underwire(ppm, rng, mirror=True))
            sides += ["left", "right"]  # one underwire under each breast
            names_extra = "+underwire"
        else:
            names_extra = ""
        for j, (a, level, material) in enumerate(items):
            zz = (0.45, 1.0) if j > 0 else zone
            min_in = 0.5 if kind in ("chain", "lead_snap", "device_can") or j > 0 else 0.6
            for _shrink in range(4):
                pos, fr = _place(a, an, rng, lung, zz, min_in, side=sides[j])
                if pos is not None and fr >= min_in:
                    break
                a = _pil_resize(a, (max(3, int(a.shape[0] * 0.8)), max(3, int(a.shape[1] * 0.8))))
                if not np.isscalar(level):
                    level = _pil_resize(level, a.shape)
            if pos is None:
                continue
            _composite_object(y, a, level, material, pos[0], pos[1], rng, S)
        names.append(kind + names_extra)
    return y, "+".join(names)


# ----------------------------------------------------------------- annotations
_WORDS = ["PORTABLE", "SUPINE", "AP SITTING", "ERECT", "BEDSIDE", "ICU 3", "BED 12", "INSP.", "POST OP", "STAT",
          "ZVK", "LIEGEND", "SITZEND", "Bettaufnahme", "CVC TIP", "NG TUBE", "DRAIN", "?PNEU", "PORT", "AP"]


def _random_text(rng) -> list[str]:
    k = int(rng.integers(4))
    if k == 0:
        return [f"{int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}"]
    if k == 1:
        return [f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.20{int(rng.integers(10, 25))}"]
    lines = [_WORDS[int(rng.integers(len(_WORDS)))]]
    if rng.random() < 0.4:
        lines.append(_WORDS[int(rng.integers(len(_WORDS)))])
    return lines


def _lung_width(an, W) -> float:
    return W * min(an.left[3] - an.left[2], an.right[3] - an.right[2])


def _ink(rng, background: Optional[float] = None) -> tuple[float, float]:
    """(fill, stroke) grey levels for burned-in graphics, legible on the given background."""
    bright = rng.random() < 0.7
    if background is not None and background < 0.45:
        bright = True
    elif background is not None and background > 0.75:
        bright = False
    if bright:
        return float(rng.uniform(0.92, 1.0)), float(rng.uniform(0.0, 0.15))
    return float(rng.uniform(0.0, 0.08)), float(rng.uniform(0.85, 1.0))


def _under(y, alpha, pos) -> float:
    """Median grey level under a mask placed at pos."""
    h, w = alpha.shape
    reg = y[pos[0]:pos[0] + h, pos[1]:pos[1] + w]
    m = alpha[:reg.shape[0], :reg.shape[1]] > 0.3
    return float(np.median(reg[m])) if m.any() else float(np.median(reg))


def _draw_text_in_lung(y, an, rng, lines, size, lung, stroke):
    fmask, smask = _text_masks(lines, size, stroke=stroke)
    lw = _lung_width(an, y.shape[1])
    if fmask.shape[1] > 0.95 * lw:  # shrink to fit a lung
        f = 0.95 * lw / fmask.shape[1]
        fmask, smask = _text_masks(lines, max(6, int(size * f)), stroke=stroke)
    pos, _ = _place(fmask, an, rng, lung, None, 0.7)
    if pos is None:
        return False
    fill, edge = _ink(rng, _under(y, fmask, pos))
    if smask is not None:
        _blend(y, smask, edge, pos[0], pos[1])
    _blend(y, fmask, fill, pos[0], pos[1])
    return True


def _texture_patch(y, box, rng, avoid=None):
    """Replace box by texture from a nearby donor patch, mean-matched and feathered."""
    H, W = y.shape
    y0, y1, x0, x1 = box
    e = max(4, int(0.2 * min(y1 - y0, x1 - x0)))
    y0, y1, x0, x1 = max(0, y0 - e), min(H, y1 + e), max(0, x0 - e), min(W, x1 + e)
    h, w = y1 - y0, x1 - x0
    offs = []
    for k in (1.2, 1.6, 2.2, 3.0):
        offs += [(0, int(k * w)), (0, -int(k * w)), (int(k * h), 0), (-int(k * h), 0)]
    order = rng.permutation(len(offs))
    donor = None
    for i in order:
        dy, dx = offs[i]
        a0, b0 = y0 + dy, x0 + dx
        if a0 < 0 or b0 < 0 or a0 + h > H or b0 + w > W:
            continue
        if avoid is not None and _overlaps_box(a0, b0, h, w, avoid, margin=0):
            continue
        donor = y[a0:a0 + h, b0:b0 + w].copy()
        break
    if donor is None:
        donor = np.full((h, w), float(np.median(y[max(0, y0 - 2 * e):y1 + 2 * e, max(0, x0 - 2 * e):x1 + 2 * e])))

    def ring_mean(arr):
        return float(np.mean(np.concatenate([arr[:2].ravel(), arr[-2:].ravel(), arr[:, :2].ravel(), arr[:, -2:].ravel()])))

    donor = donor + (ring_mean(y[y0:y1, x0:x1]) - ring_mean(donor))
    iy, ix = np.arange(h)[:, None], np.arange(w)[None, :]
    big = 10 ** 6  # sides on the image border are not seams: no feathering there
    dist = np.minimum(np.minimum(iy if y0 > 0 else big, (h - 1 - iy) if y1 < H else big),
                      np.minimum(ix if x0 > 0 else big, (w - 1 - ix) if x1 < W else big))
    wgt = np.broadcast_to(np.clip(dist / (0.5 * e), 0, 1), (h, w)).astype(np.float32)
    y[y0:y1, x0:x1] = wgt * donor + (1 - wgt) * y[y0:y1, x0:x1]


def _render_marker(y, an, rng, letter, image_side, mirror, lung):
    """Render a side-marker letter near an edge of the given image side."""
    H, W = y.shape
    bh = int(_lerp(0.06, 0.085, float(rng.random())) * H)
    fmask, _ = _text_masks([letter], int(bh * 0.6), mirror=mirror)
    boxed = rng.random() < 0.6
    bw = max(fmask.shape[1] + 6, int(bh * 0.65))
    bh = max(bh, fmask.shape[0] + 4)
    for _ in range(30):
        cx = W * (float(rng.uniform(0.03, 0.14)) if image_side == "left" else float(rng.uniform(0.86, 0.97)))
        cy = H * float(rng.uniform(0.03, 0.6))
        top, left = int(cy - bh / 2), int(cx - bw / 2)
        if top < 0 or left < 0 or top + bh > H or left + bw > W:
            continue
        if lung[top:top + bh, left:left + bw].mean() < 0.1 and not _overlaps_box(top, left, bh, bw, an.marker):
            break
    else:
        top, left = max(0, int(0.03 * H)), (int(0.02 * W) if image_side == "left" else int(W - bw - 0.02 * W))
    if boxed:
        y[top:top + bh, left:left + bw] = float(rng.uniform(0.3, 0.5))
    ft, fl = top + (bh - fmask.shape[0]) // 2, left + (bw - fmask.shape[1]) // 2
    _blend(y, fmask, float(rng.uniform(0.85, 0.97)), ft, fl)
    return (top, top + bh, left, left + bw)


def _annotation(x, an, rng, sev, mech):
    H, W = x.shape
    S = max(H, W)
    lung = an.lung_full()
    menu = MECHANISMS["marker_annotation"]
    if mech is None:
        p = np.array([3, 2, 2, 1, 1.5, 1, 1, 1.5])
        if an.marker is None:
            p[6] = p[7] = 0  # need a film marker to swap its letter or remove it
        mech = menu[int(rng.choice(len(menu), p=p / p.sum()))]
    y = x.copy()
    name = mech
    if mech in ("marker_wrong_letter", "marker_removed") and an.marker is None:
        mech = name = "marker_wrong_side"
    if mech == "text_over_lung":
        lines = _random_text(rng)
        size = int(_lerp(0.05, 0.08, sev) * H)
        stroke = int(rng.integers(0, 3)) * max(1, S // 900)
        _draw_text_in_lung(y, an, rng, lines, size, lung, stroke)
    elif mech == "arrow_over_lung":
        n_arrows = 1 + int(rng.random() < 0.3 * sev)
        for _ in range(n_arrows):
            ln = _lerp(0.1, 0.18, sev) * S
            wd = max(1.5, _lerp(0.004, 0.008, sev) * S)
            ang = float(rng.uniform(0, 2 * math.pi))
            n = int(ln + 6 * wd + 8)
            pen = _Pen(n, n)
            c = n / 2
            hx, hy = c + ln / 2 * math.cos(ang), c + ln / 2 * math.sin(ang)
            tx, ty = c - ln / 2 * math.cos(ang), c - ln / 2 * math.sin(ang)
            hl = 4 * wd
            bx, by = hx - hl * math.cos(ang), hy - hl * math.sin(ang)
            pen.line([(tx, ty), (bx, by)], wd)
            px, py = -math.sin(ang), math.cos(ang)
            pen.polygon([(hx, hy), (bx + 1.6 * wd * px, by + 1.6 * wd * py), (bx - 1.6 * wd * px, by - 1.6 * wd * py)])
            a = pen.mask()
            pos, _ = _place(a, an, rng, lung, None, 0.6)
            if pos is not None:
                _blend(y, a, _ink(rng, _under(y, a, pos))[0], pos[0], pos[1])
        if rng.random() < 0.4:
            _draw_text_in_lung(y, an, rng, [str(int(rng.integers(1, 10)))], int(0.055 * H), lung, 0)
            name += "+label"
    elif mech == "label_box":
        lines = _random_text(rng)
        size = int(_lerp(0.04, 0.06, sev) * H)
        fmask, _ = _text_masks(lines, size)
        lw = _lung_width(an, W)
        if fmask.shape[1] > 0.85 * lw:
            fmask, _ = _text_masks(lines, max(6, int(size * 0.85 * lw / fmask.shape[1])))
        padd = int(0.3 * size) + 2
        bh, bw = fmask.shape[0] + 2 * padd, fmask.shape[1] + 2 * padd
        box = np.ones((bh, bw), np.float32)
        pos, _ = _place(box, an, rng, lung, None, 0.7)
        if pos is not None:
            dark = rng.random() < 0.6
            bg = float(rng.uniform(0.02, 0.2)) if dark else float(rng.uniform(0.82, 0.95))
            fg = float(rng.uniform(0.9, 1.0)) if dark else float(rng.uniform(0.0, 0.1))
            top, left = pos
            y[top:top + bh, left:left + bw] = bg
            if rng.random() < 0.5:
                bd = max(1, S // 500)
                fr = np.zeros((bh, bw), np.float32)
                fr[:bd], fr[-bd:], fr[:, :bd], fr[:, -bd:] = 1, 1, 1, 1
                _blend(y, fr, fg, top, left)
                name += "+border"
            _blend(y, fmask, fg, top + padd, left + padd)
    elif mech == "caliper_measurement":
        ln = _lerp(0.08, 0.15, sev) * S
        ang = float(rng.uniform(0, math.pi))
        wd = max(1.0, 0.003 * S)
        n = int(ln + 0.06 * S + 8)
        pen = _Pen(n, n)
        c = n / 2
        p1 = (c - ln / 2 * math.cos(ang), c - ln / 2 * math.sin(ang))
        p2 = (c + ln / 2 * math.cos(ang), c + ln / 2 * math.sin(ang))
        pen.line([p1, p2], wd)
        tk = 0.015 * S
        px, py = -math.sin(ang) * tk, math.cos(ang) * tk
        for q in (p1, p2):
            pen.line([(q[0] - px, q[1] - py), (q[0] + px, q[1] + py)], wd)
        a = pen.mask()
        pos, _ = _place(a, an, rng, lung, None, 0.6)
        if pos is not None:
            _blend(y, a, _ink(rng, _under(y, a, pos))[0], pos[0], pos[1])
        mm = int(rng.integers(12, 95))
        _draw_text_in_lung(y, an, rng, [f"{mm} mm" if rng.random() < 0.7 else f"{mm / 10:.1f} cm"],
                           int(0.05 * H), lung, 0)
    elif mech == "marker_wrong_side":
        if an.marker is not None and abs((an.marker[2] + an.marker[3]) / 2 - W / 2) > 0.25 * W:
            y0, y1, x0, x1 = an.marker
            patch = x[y0:y1, x0:x1].copy()
            _texture_patch(y, an.marker, rng)
            nx0 = W - x1  # mirror position
            y[y0:y1, nx0:nx0 + (x1 - x0)] = patch
            name += "_moved"
        else:
            letter = "L" if rng.random() < 0.5 else "R"
            side = "left" if letter == "L" else "right"  # patient's left shown on the image left: wrong
            _render_marker(y, an, rng, letter, side, False, lung)
            name += "_rendered"
    elif mech == "marker_mirrored":
        if an.marker is not None:
            y0, y1, x0, x1 = an.marker
            y[y0:y1, x0:x1] = x[y0:y1, x0:x1][:, ::-1]
            name += "_in_place"
        else:
            letter = "L" if rng.random() < 0.5 else "R"
            side = "right" if letter == "L" else "left"
            _render_marker(y, an, rng, letter, side, True, lung)
            name += "_rendered"
    elif mech == "marker_wrong_letter":
        y0, y1, x0, x1 = an.marker
        patch = x[y0:y1, x0:x1]
        bg = float(np.median(patch))
        fg_hi = float(np.percentile(patch, 97))
        fg_lo = float(np.percentile(patch, 3))
        fg = fg_hi if fg_hi - bg >= bg - fg_lo else fg_lo
        letter = "R" if (x0 + x1) / 2 > W / 2 else "L"  # a marker on the image right should read L
        y[y0:y1, x0:x1] = bg
        fmask, _ = _text_masks([letter], max(6, int(0.6 * (y1 - y0))))
        fh, fw = fmask.shape
        if fh > y1 - y0 or fw > x1 - x0:
            fmask = _pil_resize(fmask, (min(fh, y1 - y0), min(fw, x1 - x0)))
            fh, fw = fmask.shape
        _blend(y, fmask, fg, y0 + (y1 - y0 - fh) // 2, x0 + (x1 - x0 - fw) // 2)
    elif mech == "marker_removed":
        _texture_patch(y, an.marker, rng)
    else:
        raise ValueError(f"unknown annotation mechanism {mech!r}")
    return y, name


# ------------------------------------------------------------------ public API
_FAULTS = {
    "underexposure": _underexposure,
    "overexposure": _overexposure,
    "lung_field_cutoff": _cutoff,
    "collimation_centering": _collimation,
    "motion_blur": _motion,
    "foreign_object": _foreign,
    "marker_annotation": _annotation,
}


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """orientation_photometric: the image as a mis-configured viewer would show it.

    Exact array operations; no store step (the stored pixels are fine).  Rotations by
    90 degrees swap the image shape, as a real viewer would.
    """
    x = _prep(pixels)
    name = DISPLAY_ERRORS[int(rng.choice(len(DISPLAY_ERRORS), p=_DISPLAY_WEIGHTS / _DISPLAY_WEIGHTS.sum()))]
    y = x
    for step in name.split("+"):
        if step == "invert":
            y = 1.0 - y
        elif step == "flip_lr":
            y = y[:, ::-1]
        elif step == "flip_ud":
            y = y[::-1, :]
        elif step == "rot180":
            y = y[::-1, ::-1]
        elif step == "rot90_cw":
            y = np.rot90(y, -1)
        elif step == "rot90_ccw":
            y = np.rot90(y, 1)
        elif step == "transpose":
            y = y.T
    return np.ascontiguousarray(y, dtype=np.float32), name


def simulate_with_mechanism(pixels: np.ndarray, fault: str, rng: np.random.Generator, *,
                            mechanism: Optional[str] = None, store: bool = True) -> tuple[np.ndarray, str]:
    """Return (faulty image, mechanism) for one fault.

    The mechanism string is ``<menu entry>[+<further transforms>]|<store step>``.
    ``mechanism`` forces a menu entry of ``MECHANISMS[fault]``; ``store=False`` skips
    the store step (both for testing).
    """
    if fault == "orientation_photometric":
        return wrong_display(pixels, rng)
    if fault not in _FAULTS:
        raise ValueError(f"unknown or unsupported fault {fault!r}; expected one of {sorted(set(SIMULABLE))}")
    if mechanism is not None and mechanism not in MECHANISMS[fault]:
        raise ValueError(f"unknown mechanism {mechanism!r} for {fault!r}")
    x = _prep(pixels)
    an = _anatomy(x)
    sev = float(rng.uniform(0.0, 1.0))
    y, name = _FAULTS[fault](x, an, rng, sev, mechanism)
    y = _finish(y)
    if y.shape != x.shape:  # safety: keep the input size
        y = _finish(_pil_resize(y, x.shape))
    if store:
        y, sname = _store(y, rng)
        name = f"{name}|{sname}"
    return _finish(y), name


def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    """Return the image showing exactly ``fault`` (one of SIMULABLE)."""
    return simulate_with_mechanism(pixels, fault, rng)[0]
