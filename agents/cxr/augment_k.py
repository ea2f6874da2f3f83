"""Fault simulator "K" for frontal chest radiographs: a corruption benchmark in the spirit of ImageNet-C.

Design note
-----------
Written blind.  The author saw only the criterion definitions in ``shared/spec/taxonomy.json``,
``shared/domain-notes.md`` (EC / RCR acceptance criteria, IEC 62494-1 deviation index), the
``SIMULABLE`` tuple of ``augment.py`` (imported, nothing else of that file), untouched real films
(``data/cxr/train-extra/images`` and ``data/cxr/source/nih-sample``) and the numpy / scipy / Pillow
documentation.  No detector, other simulator, benchmark, test, document or synthetic case of the project
was read, and radqc was never run on the output.

Angle.  The author of a public robustness benchmark (ImageNet-C style): every fault is a short
composition of common image operations (tone curves, noise fields, convolution kernels, crops, canvases,
vector drawing), with five severity levels chosen so that level 1 is already a film a radiographer would
reject for that reason and level 5 is severe.  Each call draws one of 4-5 mechanisms, a level 1-5 and a
continuous position inside the level (``t = (level - 1 + u) / 5``), and maps ``t`` linearly onto the
mechanism's parameters.  The mechanisms of a fault are chosen to *look* different, so that a
detector tuned to one look does not pass the benchmark by accident.  Every mechanism touches one criterion only
(an exposure fault never crops, a cut-off keeps the side marker, a collimation fault never cuts the
lungs, an object is never a letter, an annotation is never an attenuating object).

Image model: display values in [0, 1], bright = dense.  Rough anatomy comes from a fast lung-box
estimate on a 160 px thumbnail (air outside the body removed, Otsu threshold of the body, the two largest
dark blobs left and right of the midline), blended with an anatomical prior for placement; crops use the
estimate but never less than an anatomical floor, so they still cut lung when the estimate fails.
Physical sizes use ``px_per_mm = lung-box width / 270``.  Burned-in side-marker boxes (a flat box with a
glyph near an edge) are found by a flatness test; exposure and motion faults leave them untouched (they
are digital overlays) and a cut-off pastes a marker it cut away back at the new edge, so these faults
never create a marker fault as well.

Mechanisms per fault
~~~~~~~~~~~~~~~~~~~~
underexposure (deviation index about -4 to -13):
  ``quantum_mottle``   signal-dependent, slightly correlated Gaussian noise (denser = noisier) for a dose
                       fraction 0.40 .. 0.05 of target; tone curve unchanged.  In every underexposure
                       mechanism the added noise is at least 0.9-3.5 x the grain already in the film,
                       so it stays visible on grainy films.
  ``washed_out_film``  film-like characteristic-curve shift towards the toe (the median is moved to a
                       brightness of 0.72-0.86): lighter, lungs grey and flat, mediastinum and spine
                       white; mild mottle.
  ``underpenetrated``  low-kV look: the densest 40-60 % (mediastinum, spine, abdomen) pushed to white while
                       the lungs keep their contrast; noise strongest in the dense parts.
  ``low_signal_processed``  auto-ranged low-dose image: contrast squeezed to a flat grey, blotchy
                       (correlated) plus fine noise, coarse quantisation (few grey levels).
  ``readout_banding``  low dose on a flat-panel: row and column line noise plus quantum noise, slight
                       lightening.
overexposure (deviation index well above target):
  ``burnout_clip``     black point raised to the 12-45 % quantile: lungs clip to flat black.
  ``film_dark``        characteristic-curve shift towards the shoulder: darker overall, lungs saturate.
  ``overpenetrated``   high-kV look: lung markings smoothed away in dark regions, black clip, greyer
                       mediastinum (spine very visible).
  ``gamma_darken``     black clip at the 8-35 % quantile followed by a darkening gamma 1.4-2.6.
  ``regional_saturation``  only the darkest regions (lungs, periphery) saturate to flat black with a soft
                       edge; the rest of the film is unchanged.
lung_field_cutoff (crop measured against the lung box, with an anatomical floor; side markers that fall
in the removed part are pasted back at the new edge; the crop is kept as is, stretched back to the input
shape, or resized to the input's longest side):
  ``apex_crop``        top removed: both apices lost (10-40 % of lung height).
  ``base_crop``        bottom removed: bases and costophrenic angles lost (10-38 %).
  ``lateral_crop``     one side removed: one lateral costophrenic angle and lateral lung (9-24 % of the
                       lung-box width).
  ``corner_crop``      top or bottom plus one side: one apex or one costophrenic angle region.
  ``bilateral_crop``   both sides removed: both lateral angles lost.
collimation_centering (output keeps the input shape except ``asymmetric_field``; the thorax is never cut):
  ``wide_field_raw_beam``  thorax shrunk to 80-48 % (linear) of a raw-beam field (dark, heel-effect
                       gradient, noise), soft tissue faded out beyond the original field edge.
  ``off_centre``       thorax shrunk to 78-60 % and pushed 9-20 % off the field centre.
  ``asymmetric_field`` field opened far (35-95 % of the size in all) on one or two sides only (e.g. the
                       abdomen or one arm included), then resized to the input's longest side.
  ``shutter_edges``    wide field whose collimator blades show as bright, slightly oblique unexposed
                       bands at 2-4 edges, well outside the thorax.
  ``empty_padded``     thorax shrunk into a uniform empty field (black, grey or white) with hard edges,
                       centred or not.
motion_blur (every kernel keeps the mean; edges are padded by replication):
  ``linear``           straight motion kernel, 5-22 px at 640 px, mostly vertical (breathing) or any
                       direction (patient movement).
  ``rotational``       average of 7 copies rotated by 1-4 degrees in all about a pivot (hips, one
                       shoulder, or the centre).
  ``double_contour``   one or two ghost copies 4-16 px away with weight 0.3-0.5: doubled diaphragm and
                       heart borders.
  ``partial_region``   strong directional blur only over the lower thorax, the heart region or one
                       hemithorax, with a soft mask.
  ``shake``            random-walk (jerky) trajectory kernel of extent 5-18 px.
foreign_object (attenuating objects composed as x + (1 - x) * a, never text, never medical leads):
  ``necklace``         bead chain or plain chain from the neck over the upper chest with a pendant.
  ``buttons_zip``      a column of 2-7 buttons with holes, or a metal zip with its slider.
  ``clips_pins``       bobby pins, safety pins, paper clips, hair slides over the lungs.
  ``coins_keys``       a cluster of coins (rim brighter than the face) and possibly a key.
  ``wire``             bra underwires (arcs under the breasts, with a hook clasp) or an earphone cable
                       with its plug.
marker_annotation (burned-in flat white or black graphics):
  ``marker_missing``   the side marker box found on the film is removed and the area in-painted
                       (normalised convolution plus matched grain); only when a marker is found,
                       otherwise one of the other four mechanisms is drawn and reported.
  ``marker_wrong``     the side marker is replaced by the opposite letter (or, when none is found, a
                       wrong-side letter box is added at the edge).
  ``text_overlay``     1-3 technologist text labels (PORTABLE, SUPINE, dates, ...) over the lungs.
  ``measurement_overlay``  calipers with ticks and a length label, ROI ellipses with statistics, angles,
                       across the lung fields.
  ``arrow_graphics``   arrows, circles and short labels drawn over the lungs.
orientation_photometric (``wrong_display``, exact array transforms): mirrored, upside down, turned
  90 / 180 / 270 degrees, transposed, grey scale inverted, and inversion combined with a geometric
  transform.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi
from scipy.signal import fftconvolve

from radqc.agents.cxr.augment import SIMULABLE

__all__ = ["FAULTS", "MECHANISMS", "simulate", "simulate_with_mechanism", "wrong_display"]

MECHANISMS: dict[str, tuple[str, ...]] = {
    "underexposure": (
        "quantum_mottle",
        "washed_out_film",
        "underpenetrated",
        "low_signal_processed",
        "readout_banding",
    ),
    "overexposure": (
        "burnout_clip",
        "film_dark",
        "overpenetrated",
        "gamma_darken",
        "regional_saturation",
    ),
    "lung_field_cutoff": ("apex_crop", "base_crop", "lateral_crop", "corner_crop", "bilateral_crop"),
    "collimation_centering": (
        "wide_field_raw_beam",
        "off_centre",
        "asymmetric_field",
        "shutter_edges",
        "empty_padded",
    ),
    "motion_blur": ("linear", "rotational", "double_contour", "partial_region", "shake"),
    "foreign_object": ("necklace", "buttons_zip", "clips_pins", "coins_keys", "wire"),
    "marker_annotation": (
        "marker_missing",
        "marker_wrong",
        "text_overlay",
        "measurement_overlay",
        "arrow_graphics",
    ),
}
FAULTS: tuple[str, ...] = tuple(MECHANISMS)

DISPLAY_FAULTS: tuple[str, ...] = (
    "flip_lr",
    "flip_ud",
    "rot90_ccw",
    "rot180",
    "rot90_cw",
    "transpose",
    "anti_transpose",
    "invert",
    "invert+flip_lr",
    "invert+flip_ud",
    "invert+rot90_ccw",
    "invert+rot180",
    "invert+rot90_cw",
)


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------


def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    """Return a faulted copy of ``pixels`` (2-D float32 in [0, 1])."""
    return simulate_with_mechanism(pixels, fault, rng)[0]


def simulate_with_mechanism(
    pixels: np.ndarray, fault: str, rng: np.random.Generator
) -> tuple[np.ndarray, str]:
    """Like :func:`simulate`, also returning the name of the mechanism drawn."""
    if fault not in MECHANISMS:
        raise ValueError(
            f"cannot simulate fault {fault!r}; expected one of {', '.join(FAULTS)}"
            + (" (use wrong_display for orientation_photometric)" if fault == "orientation_photometric" else "")
        )
    x = _as_image(pixels)
    if min(x.shape) < 32:
        raise ValueError(f"image too small to simulate {fault}: {x.shape}")
    mechs = MECHANISMS[fault]
    mech = mechs[int(rng.integers(len(mechs)))]
    level = int(rng.integers(1, 6))
    t = (level - 1 + float(rng.uniform())) / 5.0
    out, mech = _DISPATCH[fault](x, mech, t, rng)
    if fault in _KEEPS_OVERLAYS and out.shape == x.shape:
        # burned-in side-marker boxes are digital overlays: exposure and motion do not touch them,
        # so these faults never make a marker unreadable (which would be a marker fault as well)
        for r0, r1, c0, c1, _ in _find_markers(x):
            out[r0:r1, c0:c1] = x[r0:r1, c0:c1]
    out = np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0).astype(np.float32)
    return out, mech


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Display the film wrongly (orientation_photometric): exact array transforms."""
    x = _as_image(pixels)
    name = DISPLAY_FAULTS[int(rng.integers(len(DISPLAY_FAULTS)))]
    out = x
    for part in name.split("+"):
        if part == "invert":
            out = np.float32(1.0) - out
        elif part == "flip_lr":
            out = out[:, ::-1]
        elif part == "flip_ud":
            out = out[::-1, :]
        elif part == "rot90_ccw":
            out = np.rot90(out, 1)
        elif part == "rot180":
            out = np.rot90(out, 2)
        elif part == "rot90_cw":
            out = np.rot90(out, -1)
        elif part == "transpose":
            out = out.T
        elif part == "anti_transpose":
            out = out[::-1, ::-1].T
    return np.ascontiguousarray(out, dtype=np.float32), name


# --------------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------------


def _as_image(pixels: np.ndarray) -> np.ndarray:
    x = np.asarray(pixels)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D grey-scale image, got shape {x.shape}")
    return np.clip(np.nan_to_num(x.astype(np.float32, copy=True)), 0.0, 1.0)


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _scale(x: np.ndarray) -> float:
    """Pixel-size factor relative to the 640 px working size."""
    return max(x.shape) / 640.0


def _resize(x: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    h, w = int(shape[0]), int(shape[1])
    if (h, w) == x.shape:
        return x.astype(np.float32, copy=True)
    im = Image.fromarray(np.ascontiguousarray(x, dtype=np.float32))
    return np.asarray(im.resize((w, h), Image.BILINEAR), dtype=np.float32)


def _smoothstep(a: float, b: float, x: np.ndarray) -> np.ndarray:
    u = np.clip((x - a) / max(b - a, 1e-6), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _noise(rng: np.random.Generator, shape: tuple[int, int], corr: float = 0.0) -> np.ndarray:
    """Unit-variance Gaussian noise, optionally correlated with a Gaussian of sigma ``corr`` px."""
    n = rng.standard_normal(shape).astype(np.float32)
    if corr > 0.3:
        n = ndi.gaussian_filter(n, corr)
        n /= max(float(n.std()), 1e-6)
    return n


def _interior(x: np.ndarray) -> np.ndarray:
    h, w = x.shape
    return x[int(0.08 * h) : int(0.92 * h), int(0.08 * w) : int(0.92 * w)]


def _quantile(x: np.ndarray, q: float) -> float:
    v = _interior(x)[::2, ::2]
    v = v[(v > 0.02) & (v < 0.98)]
    if v.size < 50:
        v = x.ravel()
    return float(np.quantile(v, q))


def _thumb(x: np.ndarray, target: int = 160) -> tuple[np.ndarray, int]:
    h, w = x.shape
    f = max(1, int(round(max(h, w) / target)))
    hh, ww = (h // f) * f, (w // f) * f
    return x[:hh, :ww].reshape(hh // f, f, ww // f, f).mean(axis=(1, 3)), f


def _otsu(vals: np.ndarray) -> float:
    hist, edges = np.histogram(vals, bins=64, range=(0.0, 1.0))
    p = hist / max(hist.sum(), 1)
    c = np.cumsum(p)
    m = np.cumsum(p * (edges[:-1] + edges[1:]) / 2)
    between = (m[-1] * c - m) ** 2 / (c * (1.0 - c) + 1e-12)
    return float(edges[int(np.argmax(between)) + 1])


def _lung_box_estimate(x: np.ndarray) -> tuple[float, float, float, float] | None:
    """(top, bottom, left, right) of the two lungs in pixels, or None."""
    sm, f = _thumb(x)
    sh, sw = sm.shape
    g = ndi.gaussian_filter(sm, 1.5)
    valid = (g > 0.04) & (g < 0.97)
    reg = np.zeros_like(valid)
    reg[int(0.02 * sh) : int(0.92 * sh), int(0.03 * sw) : int(0.97 * sw)] = True
    if valid.sum() < 100:
        return None
    # air outside the body: very dark and connected to the film edge
    air0 = g < 0.5 * _otsu(g[valid])
    lab0, _ = ndi.label(air0)
    edge_labels = np.unique(np.concatenate([lab0[0], lab0[-1], lab0[:, 0], lab0[:, -1]]))
    air = np.isin(lab0, edge_labels[edge_labels > 0])
    body = valid & ~air
    if body.sum() < 100:
        return None
    thr = _otsu(g[body & reg])
    dark = ndi.binary_opening((g < thr) & body & reg, iterations=2)
    lab, n = ndi.label(dark)
    if n == 0:
        return None
    idx = np.arange(1, n + 1)
    sizes = ndi.sum(dark, lab, idx)
    coms = ndi.center_of_mass(dark, lab, idx)
    objs = ndi.find_objects(lab)
    cands = []
    for s, (cy, cx), sl in zip(sizes, coms, objs):
        if s < 0.01 * sh * sw:
            continue
        if not (0.08 * sw < cx < 0.92 * sw and 0.1 * sh < cy < 0.75 * sh):
            continue
        cands.append((float(s), sl, cx))
    if not cands:
        return None
    cands.sort(key=lambda k: -k[0])
    chosen = [cands[0]]
    for s, sl, cx in cands[1:]:
        if s > 0.25 * cands[0][0] and (cx < sw / 2) != (chosen[0][2] < sw / 2):
            chosen.append((s, sl, cx))
            break
    t = min(k[1][0].start for k in chosen) * f
    b = max(k[1][0].stop for k in chosen) * f
    left = min(k[1][1].start for k in chosen) * f
    r = max(k[1][1].stop for k in chosen) * f
    h, w = x.shape
    if (b - t) < 0.2 * h or (r - left) < 0.3 * w:
        return None
    return float(t), float(b), float(left), float(r)


_PRIOR = (0.06, 0.86, 0.06, 0.94)


def _lung_boxes(x: np.ndarray) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """(estimate-or-prior, placement box) in pixels; the placement box is blended with the prior."""
    h, w = x.shape
    prior = (_PRIOR[0] * h, _PRIOR[1] * h, _PRIOR[2] * w, _PRIOR[3] * w)
    est = _lung_box_estimate(x)
    if est is None:
        return prior, prior
    place = tuple(0.5 * a + 0.5 * b for a, b in zip(est, prior))
    return est, place  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------------
# exposure
# --------------------------------------------------------------------------------------------------


def _signal_sigma(x: np.ndarray) -> np.ndarray:
    """Relative quantum-noise level: fewer photons behind dense (bright) parts."""
    return np.exp(1.2 * (x - 0.5)).astype(np.float32)


def _logit(v: float) -> float:
    return float(np.log(v / (1.0 - v)))


def _curve_shift(x: np.ndarray, delta: float, slope: float = 1.0) -> np.ndarray:
    """Shift along a logistic characteristic curve; darkness y = 1 - x."""
    y = np.clip(1.0 - x, 0.004, 0.996)
    e = np.log(y / (1.0 - y)) * slope + delta
    return (1.0 - 1.0 / (1.0 + np.exp(-e))).astype(np.float32)


def _noise_estimate(x: np.ndarray) -> float:
    """Robust level of the noise already in the film (MAD of a fine high-pass)."""
    v = _interior(x)
    hp = v - ndi.gaussian_filter(v, 1.0)
    return float(1.4826 * np.median(np.abs(hp[::2, ::2])))


def _underexposure(x, mech, t, rng):
    s = _scale(x)
    n0 = _noise_estimate(x)  # added noise is made visible against the grain already present
    if mech == "quantum_mottle":
        di = _lerp(-4.0, -13.0, t)
        dose = 10.0 ** (di / 10.0)
        sig = max(0.022 * np.sqrt(1.0 / dose - 1.0), _lerp(1.2, 3.5, t) * n0)
        out = x + sig * _signal_sigma(x) * _noise(rng, x.shape, 0.6 * s)
    elif mech == "washed_out_film":
        # shift so that the median lands on a target brightness: adapts to films that are light already
        slope = _lerp(0.95, 0.8, t)
        med = float(np.clip(np.median(_interior(x)[::2, ::2]), 0.05, 0.95))
        target = max(_lerp(0.72, 0.86, t), med + 0.08)
        delta = min(-0.4, _logit(1.0 - min(target, 0.95)) - slope * _logit(1.0 - med))
        out = _curve_shift(x, delta, slope=slope)
        out += max(_lerp(0.014, 0.03, t), _lerp(1.2, 2.2, t) * n0) * _signal_sigma(out) * _noise(rng, x.shape, 0.6 * s)
    elif mech == "underpenetrated":
        a = _quantile(x, _lerp(0.6, 0.4, t))
        b = _quantile(x, 0.9)
        h = _lerp(0.5, 0.88, t)
        out = 1.0 - (1.0 - x) * (1.0 - h * _smoothstep(a, max(b, a + 0.05), x))
        dense = _smoothstep(a - 0.1, a + 0.1, x)
        out += max(_lerp(0.014, 0.035, t), _lerp(0.9, 1.8, t) * n0) * (0.5 + dense) * _noise(rng, x.shape, 0.6 * s)
        out = np.where(out > 0.9, 0.9 + 0.1 * np.tanh((out - 0.9) / 0.1), out)
    elif mech == "low_signal_processed":
        mu = float(_interior(x).mean())
        out = mu + (x - mu) * _lerp(0.72, 0.42, t)
        out += _lerp(0.02, 0.09, t) * (1.0 - out)  # lighter
        out += _lerp(0.012, 0.035, t) * _noise(rng, x.shape, 2.2 * s)
        out += max(_lerp(0.012, 0.03, t), _lerp(1.3, 2.4, t) * n0) * _signal_sigma(out) * _noise(rng, x.shape, 0.5 * s)
        levels = _lerp(48.0, 16.0, t)
        out = np.round(np.clip(out, 0, 1) * levels) / levels
    elif mech == "readout_banding":
        h, w = x.shape
        rows = rng.standard_normal((h, 1)).astype(np.float32) * _lerp(0.008, 0.022, t)
        cols = rng.standard_normal((1, w)).astype(np.float32) * _lerp(0.004, 0.012, t)
        out = x + _lerp(0.05, 0.15, t) * (1.0 - x)
        sig = max(_lerp(0.016, 0.05, t), _lerp(1.1, 2.4, t) * n0)
        out = out + rows + cols + sig * _signal_sigma(x) * _noise(rng, x.shape, 0.5 * s)
    else:  # pragma: no cover
        raise AssertionError(mech)
    # under-exposure never burns out to black: keep dark pixels above the black clip
    out = np.where(x > 0.06, np.maximum(out, 0.03), out)
    return out, mech


def _overexposure(x, mech, t, rng):
    s = _scale(x)
    if mech == "burnout_clip":
        c = min(_quantile(x, _lerp(0.12, 0.45, t)), 0.9)
        out = (x - c) / (1.0 - c)
    elif mech == "film_dark":
        out = _curve_shift(x, _lerp(1.0, 2.8, t), slope=_lerp(1.05, 1.25, t))
        c = min(_quantile(out, _lerp(0.1, 0.3, t)), 0.9)
        out = (out - c) / (1.0 - c)
    elif mech == "overpenetrated":
        c = min(_quantile(x, _lerp(0.1, 0.4, t)), 0.9)
        sm = ndi.gaussian_filter(x, _lerp(1.5, 3.5, t) * s)
        wdark = 1.0 - _smoothstep(c, c + 0.18, sm)
        y = x * (1.0 - wdark) + sm * wdark
        out = (y - c) / (1.0 - c) * _lerp(0.9, 0.72, t)
    elif mech == "gamma_darken":
        c = min(_quantile(x, _lerp(0.08, 0.35, t)), 0.9)
        out = np.clip((x - c) / (1.0 - c), 0.0, 1.0) ** _lerp(1.4, 2.6, t)
    elif mech == "regional_saturation":
        c = min(_quantile(x, _lerp(0.15, 0.45, t)), 0.9)
        sm = ndi.gaussian_filter(x, 2.0 * s)
        wsat = _smoothstep(c - 0.04, c + 0.12, sm)
        out = x * wsat * _lerp(0.95, 0.85, t)
        out = np.where(wsat < 0.03, 0.0, out)
    else:  # pragma: no cover
        raise AssertionError(mech)
    return out, mech


# --------------------------------------------------------------------------------------------------
# side markers: detection, in-painting, drawing
# --------------------------------------------------------------------------------------------------


def _find_markers(x: np.ndarray) -> list[tuple[int, int, int, int, float]]:
    """Boxed side markers near the edges: (r0, r1, c0, c1, box value)."""
    h, w = x.shape
    md = min(h, w)
    m = ndi.uniform_filter(x, 3)
    m2 = ndi.uniform_filter(x * x, 3)
    sd = np.sqrt(np.maximum(m2 - m * m, 0.0))
    flat = sd < 0.01
    b = int(0.22 * md)
    flat[b : h - b, b : w - b] = False
    lab, _ = ndi.label(flat)
    found = []
    for i, sl in enumerate(ndi.find_objects(lab)):
        if sl is None:
            continue
        bh = sl[0].stop - sl[0].start
        bw = sl[1].stop - sl[1].start
        if not (0.025 * md <= bh <= 0.14 * md and 0.025 * md <= bw <= 0.14 * md):
            continue
        if not 0.4 <= bh / bw <= 2.5:
            continue
        comp = lab[sl] == i + 1
        if comp.mean() < 0.45:
            continue
        vals = x[sl][comp]
        if vals.std() > 0.012:
            continue
        bg = float(np.median(vals))
        frac = float((np.abs(x[sl] - bg) > 0.15).mean())
        if not 0.04 <= frac <= 0.5:
            continue
        # the 3 x 3 flatness window eats one pixel of the box on each side
        found.append((max(0, sl[0].start - 1), min(h, sl[0].stop + 1), max(0, sl[1].start - 1), min(w, sl[1].stop + 1), bg))
    return found


def _inpaint(x: np.ndarray, r0: int, r1: int, c0: int, c1: int, rng: np.random.Generator) -> None:
    """Fill x[r0:r1, c0:c1] in place from its surroundings (normalised convolution + matched noise)."""
    h, w = x.shape
    pad = 2
    r0, r1, c0, c1 = max(0, r0 - pad), min(h, r1 + pad), max(0, c0 - pad), min(w, c1 + pad)
    m = max(6, max(r1 - r0, c1 - c0))
    R0, R1, C0, C1 = max(0, r0 - m), min(h, r1 + m), max(0, c0 - m), min(w, c1 + m)
    patch = x[R0:R1, C0:C1].astype(np.float32)
    known = np.ones_like(patch)
    known[r0 - R0 : r1 - R0, c0 - C0 : c1 - C0] = 0.0
    sigma = max(2.0, 0.35 * max(r1 - r0, c1 - c0))
    num = ndi.gaussian_filter(patch * known, sigma, mode="nearest")
    den = ndi.gaussian_filter(known, sigma, mode="nearest")
    est = num / np.maximum(den, 1e-4)
    hp = patch - ndi.gaussian_filter(patch, 1.0)
    tex = float(hp[known > 0].std()) if (known > 0).any() else 0.01
    fill = est + tex * 1.3 * _noise(rng, patch.shape, 0.7)
    # feather the seam over 2 px
    wgt = 1.0 - np.clip(ndi.distance_transform_edt(1.0 - known) / 2.0, 0.0, 1.0)
    blended = patch * wgt + fill * (1.0 - wgt)
    hole = known == 0
    patch[hole] = blended[hole]
    x[R0:R1, C0:C1] = np.clip(patch, 0.0, 1.0)


def _font(px: int):
    px = max(6, int(px))
    try:
        return ImageFont.load_default(size=px)
    except Exception:  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


class _Layer:
    """A super-sampled 8-bit drawing layer in image coordinates."""

    def __init__(self, shape: tuple[int, int]):
        self.h, self.w = shape
        self.ss = 3 if max(shape) <= 900 else 2 if max(shape) <= 1600 else 1
        self.im = Image.new("L", (self.w * self.ss, self.h * self.ss), 0)
        self.draw = ImageDraw.Draw(self.im)

    def p(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.ss, y * self.ss)

    def pts(self, xy) -> list[tuple[float, float]]:
        return [self.p(a, b) for a, b in xy]

    def v(self, a: float) -> int:
        return int(round(np.clip(a, 0.0, 1.0) * 255))

    def line(self, xy, width: float, val: float = 1.0) -> None:
        self.draw.line(self.pts(xy), fill=self.v(val), width=max(1, int(round(width * self.ss))), joint="curve")

    def ellipse(self, cx, cy, rx, ry, val=1.0, outline=None, width=1.0) -> None:
        box = [self.p(cx - rx, cy - ry), self.p(cx + rx, cy + ry)]
        if outline is None:
            self.draw.ellipse(box, fill=self.v(val))
        else:
            self.draw.ellipse(box, outline=self.v(outline), width=max(1, int(round(width * self.ss))))

    def polygon(self, xy, val=1.0) -> None:
        self.draw.polygon(self.pts(xy), fill=self.v(val))

    def rect(self, x0, y0, x1, y1, val=1.0) -> None:
        self.draw.rectangle([self.p(x0, y0), self.p(x1, y1)], fill=self.v(val))

    def text(self, x, y, s, size_px, val=1.0, anchor="mm") -> tuple[float, float, float, float]:
        f = _font(size_px * self.ss)
        self.draw.text(self.p(x, y), s, font=f, fill=self.v(val), anchor=anchor)
        bb = self.draw.textbbox(self.p(x, y), s, font=f, anchor=anchor)
        return tuple(c / self.ss for c in bb)  # type: ignore[return-value]

    def text_size(self, s, size_px) -> tuple[float, float]:
        f = _font(size_px * self.ss)
        bb = self.draw.textbbox((0, 0), s, font=f)
        return (bb[2] - bb[0]) / self.ss, (bb[3] - bb[1]) / self.ss

    def array(self, blur: float = 0.0) -> np.ndarray:
        im = self.im if self.ss == 1 else self.im.resize((self.w, self.h), Image.BOX)
        a = np.asarray(im, dtype=np.float32) / 255.0
        if blur > 0:
            a = ndi.gaussian_filter(a, blur)
        return a


def _draw_marker_box(
    x: np.ndarray, letter: str, r0: int, c0: int, size: int, box: float, ink: float, width: int | None = None
) -> None:
    h, w = x.shape
    bh, bw = size, width if width else int(round(size * 0.72))
    r0 = int(np.clip(r0, 0, h - bh))
    c0 = int(np.clip(c0, 0, w - bw))
    x[r0 : r0 + bh, c0 : c0 + bw] = box
    lay = _Layer((bh, bw))
    lay.text(bw / 2, bh / 2, letter, size_px=0.8 * bh, val=1.0)
    a = lay.array()
    x[r0 : r0 + bh, c0 : c0 + bw] = box * (1 - a) + ink * a


# --------------------------------------------------------------------------------------------------
# lung field cut-off
# --------------------------------------------------------------------------------------------------


def _cutoff(x, mech, t, rng):
    h, w = x.shape
    (top, bot, lft, rgt), _ = _lung_boxes(x)
    lh, lw = bot - top, rgt - lft
    markers = _find_markers(x)

    def apex(f):
        return int(min(0.45 * h, max(top + f * lh, (0.05 + 0.75 * f) * h)))

    def base(f):
        return int(max(0.55 * h, min(bot - f * lh, (0.90 - 0.75 * f) * h)))

    def left(g):
        return int(min(0.35 * w, max(lft + g * lw, (0.06 + 0.9 * g) * w)))

    def right(g):
        return int(max(0.65 * w, min(rgt - g * lw, (0.94 - 0.9 * g) * w)))

    r0, r1, c0, c1 = 0, h, 0, w
    if mech == "apex_crop":
        r0 = apex(_lerp(0.10, 0.40, t))
    elif mech == "base_crop":
        r1 = base(_lerp(0.10, 0.38, t))
    elif mech == "lateral_crop":
        g = _lerp(0.09, 0.24, t)
        if rng.uniform() < 0.5:
            c0 = left(g)
        else:
            c1 = right(g)
    elif mech == "corner_crop":
        f, g = _lerp(0.08, 0.30, t), _lerp(0.07, 0.18, t)
        if rng.uniform() < 0.5:
            r0 = apex(f)
        else:
            r1 = base(f)
        if rng.uniform() < 0.5:
            c0 = left(g)
        else:
            c1 = right(g)
    elif mech == "bilateral_crop":
        g = _lerp(0.07, 0.18, t)
        c0, c1 = left(g), right(g * float(rng.uniform(0.8, 1.2)))
    else:  # pragma: no cover
        raise AssertionError(mech)
    out = x[r0:r1, c0:c1].copy()
    # keep the side marker: paste markers that were cut away back at the new edge
    oh, ow = out.shape
    for mr0, mr1, mc0, mc1, _ in markers:
        inside = mr0 >= r0 and mr1 <= r1 and mc0 >= c0 and mc1 <= c1
        if inside:
            continue
        patch = x[mr0:mr1, mc0:mc1]
        ph, pw = patch.shape
        if ph >= oh or pw >= ow:
            continue
        nr = int(np.clip(mr0 - r0, 2, oh - ph - 2))
        nc = int(np.clip(mc0 - c0, 2, ow - pw - 2))
        out[nr : nr + ph, nc : nc + pw] = patch
    mode = rng.uniform()
    if mode < 0.4:
        return out, mech
    if mode < 0.7:
        return _resize(out, (h, w)), mech
    k = max(h, w) / max(oh, ow)
    return _resize(out, (max(16, round(oh * k)), max(16, round(ow * k)))), mech


# --------------------------------------------------------------------------------------------------
# collimation / centring
# --------------------------------------------------------------------------------------------------


def _raw_beam(shape, rng, t) -> np.ndarray:
    h, w = shape
    base = float(rng.uniform(0.0, 0.06))
    yy = np.linspace(-1.0, 1.0, h, dtype=np.float32)[:, None]
    xx = np.linspace(-1.0, 1.0, w, dtype=np.float32)[None, :]
    ang = rng.uniform(0, 2 * np.pi)
    grad = 0.025 * (np.cos(ang) * xx + np.sin(ang) * yy)
    bg = base + 0.025 + grad + 0.008 * _noise(rng, (h, w), 0.6)
    return np.clip(bg, 0.0, 1.0).astype(np.float32)


def _compose(
    content: np.ndarray,
    canvas_shape: tuple[int, int],
    r0: int,
    c0: int,
    bg: np.ndarray,
    fade: float | None,
    rng: np.random.Generator,
) -> np.ndarray:
    """Put ``content`` at (r0, c0) on ``bg``; if ``fade`` (px), extend its edges fading into bg."""
    H, W = canvas_shape
    ch, cw = content.shape
    out = bg.copy()
    if fade:
        pt, pb, pl, pr = r0, H - r0 - ch, c0, W - c0 - cw
        ext = np.pad(content, ((pt, pb), (pl, pr)), mode="edge")
        sig = max(2.0, 0.04 * max(ch, cw))
        small, f = _thumb(ext, 200)
        sm = _resize(ndi.gaussian_filter(small, sig / f, mode="nearest"), (H, W))
        inside = np.zeros((H, W), bool)
        inside[r0 : r0 + ch, c0 : c0 + cw] = True
        dy = np.maximum(np.maximum(r0 - np.arange(H), np.arange(H) - (r0 + ch - 1)), 0)[:, None]
        dx = np.maximum(np.maximum(c0 - np.arange(W), np.arange(W) - (c0 + cw - 1)), 0)[None, :]
        fv, fh = max(1.5 * fade, 1.0), max(0.6 * fade, 1.0)  # body continues up and down, ends sideways
        d = np.sqrt((dy.astype(np.float32) / fv) ** 2 + (dx.astype(np.float32) / fh) ** 2)
        wgt = np.exp(-d) * 0.92
        tissue = sm + 0.012 * _noise(rng, (H, W), 0.7)
        out = bg * (1 - wgt) + tissue * wgt
        out[inside] = ext[inside]
    else:
        out[r0 : r0 + ch, c0 : c0 + cw] = content
    return out.astype(np.float32)


def _collimation(x, mech, t, rng):
    h, w = x.shape
    if mech in ("wide_field_raw_beam", "off_centre", "shutter_edges", "empty_padded"):
        if mech == "wide_field_raw_beam":
            s = _lerp(0.80, 0.48, t)
        elif mech == "off_centre":
            s = _lerp(0.78, 0.60, t)
        elif mech == "shutter_edges":
            s = _lerp(0.76, 0.50, t)
        else:
            s = _lerp(0.80, 0.50, t)
        ch, cw = max(8, round(h * s)), max(8, round(w * s))
        content = _resize(x, (ch, cw))
        mr, mc = h - ch, w - cw
        if mech == "off_centre":
            d = min(_lerp(0.09, 0.20, t), (1 - s) / 2)
            ang = rng.choice([0.0, 0.5, 1.0, 1.5]) * np.pi + rng.uniform(-0.35, 0.35)
            r0 = round(mr / 2 + np.sin(ang) * d * h)
            c0 = round(mc / 2 + np.cos(ang) * d * w)
        elif mech == "empty_padded" and rng.uniform() < 0.5:
            r0, c0 = round(rng.uniform(0, 1) * mr), round(rng.uniform(0, 1) * mc)
        else:
            r0 = round(mr / 2 + rng.uniform(-0.15, 0.15) * mr)
            c0 = round(mc / 2 + rng.uniform(-0.15, 0.15) * mc)
        r0, c0 = int(np.clip(r0, 0, mr)), int(np.clip(c0, 0, mc))
        if mech == "empty_padded":
            bgv = float(rng.choice([0.0, rng.uniform(0.15, 0.5), rng.uniform(0.9, 1.0)]))
            out = _compose(content, (h, w), r0, c0, np.full((h, w), bgv, np.float32), None, rng)
        else:
            fade = _lerp(0.05, 0.10, float(rng.uniform())) * max(ch, cw)
            out = _compose(content, (h, w), r0, c0, _raw_beam((h, w), rng, t), fade, rng)
        if mech == "shutter_edges":
            out = _shutters(out, (r0, r0 + ch, c0, c0 + cw), rng)
        return out, mech
    if mech == "asymmetric_field":
        total = _lerp(0.35, 0.95, t)
        sides = ["top", "bottom", "left", "right"]
        k = 1 if rng.uniform() < 0.5 else 2
        pick = list(rng.choice(4, size=k, replace=False))
        pads = {sd: float(rng.uniform(0.0, 0.04)) for sd in sides}
        for j in pick:
            pads[sides[j]] = total / k * float(rng.uniform(0.8, 1.2))
        pt, pb = round(pads["top"] * h), round(pads["bottom"] * h)
        pl, pr = round(pads["left"] * w), round(pads["right"] * w)
        H, W = h + pt + pb, w + pl + pr
        fade = _lerp(0.06, 0.14, float(rng.uniform())) * max(h, w)
        canvas = _compose(x, (H, W), pt, pl, _raw_beam((H, W), rng, t), fade, rng)
        k2 = max(h, w) / max(H, W)
        return _resize(canvas, (max(16, round(H * k2)), max(16, round(W * k2)))), mech
    raise AssertionError(mech)  # pragma: no cover


def _shutters(out: np.ndarray, content_box, rng) -> np.ndarray:
    """Bright, slightly oblique collimator-blade bands inside the margins around the thorax."""
    h, w = out.shape
    r0, r1, c0, c1 = content_box
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    n = int(rng.integers(2, 5))
    sides = rng.permutation(4)[:n]
    mask = np.zeros((h, w), np.float32)
    for sd in sides:
        tilt = np.tan(np.deg2rad(rng.uniform(-3.0, 3.0)))
        if sd == 0:  # top: band from edge to y0
            room = r0
            coord, across, size = yy, xx - w / 2, h
        elif sd == 1:  # bottom
            room = h - r1
            coord, across, size = (h - 1) - yy, xx - w / 2, h
        elif sd == 2:  # left
            room = c0
            coord, across, size = xx, yy - h / 2, w
        else:  # right
            room = w - c1
            coord, across, size = (w - 1) - xx, yy - h / 2, w
        if room < 0.03 * size:
            continue
        depth = rng.uniform(0.25, 0.6) * room
        edge = depth + tilt * across
        edge = np.minimum(edge, 0.85 * room)
        mask = np.maximum(mask, np.clip(edge - coord + 0.5, 0.0, 1.0))
    if mask.max() == 0:
        return out
    mask = ndi.gaussian_filter(mask, 0.8)
    val = float(rng.uniform(0.82, 0.98))
    blade = val + 0.01 * _noise(rng, (h, w), 1.0)
    return (out * (1 - mask) + blade * mask).astype(np.float32)


# --------------------------------------------------------------------------------------------------
# motion blur
# --------------------------------------------------------------------------------------------------


def _path_kernel(points: np.ndarray) -> np.ndarray:
    """Bilinear splat of (dy, dx) samples into an odd-sized, normalised kernel centred on the mean."""
    pts = np.asarray(points, np.float64)
    pts = pts - pts.mean(axis=0)
    rad = int(np.ceil(np.abs(pts).max())) + 1
    k = np.zeros((2 * rad + 1, 2 * rad + 1), np.float64)
    for dy, dx in pts:
        y, x = dy + rad, dx + rad
        y0, x0 = int(np.floor(y)), int(np.floor(x))
        fy, fx = y - y0, x - x0
        k[y0, x0] += (1 - fy) * (1 - fx)
        k[y0 + 1, x0] += fy * (1 - fx)
        k[y0, x0 + 1] += (1 - fy) * fx
        k[y0 + 1, x0 + 1] += fy * fx
    return (k / k.sum()).astype(np.float32)


def _convolve(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    xp = np.pad(x, ((ry, ry), (rx, rx)), mode="edge")
    return fftconvolve(xp, k, mode="valid").astype(np.float32)


def _line_points(length: float, angle: float) -> np.ndarray:
    n = max(3, int(np.ceil(length * 2)))
    u = np.linspace(-0.5, 0.5, n) * length
    return np.stack([u * np.sin(angle), u * np.cos(angle)], axis=1)


def _motion(x, mech, t, rng):
    s = _scale(x)
    h, w = x.shape

    def breathing_angle():
        if rng.uniform() < 0.6:
            return np.pi / 2 + rng.uniform(-0.45, 0.45)
        return rng.uniform(0, np.pi)

    if mech == "linear":
        k = _path_kernel(_line_points(_lerp(5.0, 22.0, t) * s, breathing_angle()))
        return _convolve(x, k), mech
    if mech == "rotational":
        theta = _lerp(1.0, 4.0, t)
        pivots = [(0.5 * w, 0.98 * h), (0.2 * w, 0.15 * h), (0.8 * w, 0.15 * h), (0.5 * w, 0.5 * h)]
        cx, cy = pivots[int(rng.integers(len(pivots)))]
        if cy == 0.5 * h:
            theta *= 1.6  # a central pivot moves the film edges less
        p = int(0.08 * max(h, w))
        xp = np.pad(x, p, mode="edge")
        im = Image.fromarray(np.ascontiguousarray(xp, np.float32))
        acc = np.zeros_like(xp)
        n = 7
        for a in np.linspace(-theta / 2, theta / 2, n):
            acc += np.asarray(im.rotate(float(a), resample=Image.BILINEAR, center=(cx + p, cy + p)), np.float32)
        return acc[p : p + h, p : p + w] / n, mech
    if mech == "double_contour":
        d = _lerp(4.0, 16.0, t) * s
        ang = breathing_angle()
        a = _lerp(0.3, 0.5, t)
        pts = [(0.0, 0.0), (d * np.sin(ang), d * np.cos(ang))]
        wts = [1 - a, a]
        if rng.uniform() < 0.35:  # a third, fainter position on the way (a jerk in two steps)
            pts.append((0.5 * d * np.sin(ang + 0.3), 0.5 * d * np.cos(ang + 0.3)))
            wts = [1 - 1.25 * a, a, 0.25 * a]
        pts = np.array(pts)
        pts -= (pts * np.array(wts)[:, None]).sum(axis=0)
        rad = int(np.ceil(np.abs(pts).max())) + 1
        k = np.zeros((2 * rad + 1, 2 * rad + 1), np.float64)
        for (dy, dx), wt in zip(pts, wts):
            y, xx = dy + rad, dx + rad
            y0, x0 = int(np.floor(y)), int(np.floor(xx))
            fy, fx = y - y0, xx - x0
            k[y0, x0] += wt * (1 - fy) * (1 - fx)
            k[y0 + 1, x0] += wt * fy * (1 - fx)
            k[y0, x0 + 1] += wt * (1 - fy) * fx
            k[y0 + 1, x0 + 1] += wt * fy * fx
        return _convolve(x, (k / k.sum()).astype(np.float32)), mech
    if mech == "partial_region":
        (top, bot, lft, rgt), _ = _lung_boxes(x)
        region = int(rng.integers(3))
        yy = np.arange(h, dtype=np.float32)[:, None]
        xx = np.arange(w, dtype=np.float32)[None, :]
        if region == 0:  # lower thorax: diaphragm and heart
            y0 = top + 0.45 * (bot - top)
            m = np.broadcast_to(yy >= y0, (h, w)).astype(np.float32)
        elif region == 1:  # heart region (patient's left = image right in the usual display)
            cy, cx = top + 0.68 * (bot - top), lft + 0.58 * (rgt - lft)
            ry, rx = 0.32 * (bot - top), 0.28 * (rgt - lft)
            m = (((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1.0).astype(np.float32)
        else:  # one hemithorax
            mid = 0.5 * (lft + rgt)
            m = np.broadcast_to((xx < mid) if rng.uniform() < 0.5 else (xx >= mid), (h, w)).astype(np.float32)
        m = ndi.gaussian_filter(m, 0.03 * max(h, w))
        k = _path_kernel(_line_points(_lerp(9.0, 28.0, t) * s, breathing_angle()))
        b = _convolve(x, k)
        return x * (1 - m) + b * m, mech
    if mech == "shake":
        n = 40
        vel = np.zeros(2)
        pos = np.zeros(2)
        path = []
        for _ in range(n):
            vel = 0.7 * vel + rng.standard_normal(2)
            pos = pos + vel
            path.append(pos.copy())
        path = np.array(path)
        path -= path.mean(axis=0)
        ext = np.abs(path).max()
        path *= (_lerp(5.0, 18.0, t) * s / 2) / max(ext, 1e-6)
        # dense resampling along the path
        fine = []
        for a, b in zip(path[:-1], path[1:]):
            m = max(2, int(np.ceil(np.linalg.norm(b - a) * 2)))
            fine.extend(a + (b - a) * u for u in np.linspace(0, 1, m, endpoint=False))
        return _convolve(x, _path_kernel(np.array(fine))), mech
    raise AssertionError(mech)  # pragma: no cover


# --------------------------------------------------------------------------------------------------
# foreign objects
# --------------------------------------------------------------------------------------------------


def _rot(pts, ang, cx, cy):
    c, s = np.cos(ang), np.sin(ang)
    return [(cx + c * px - s * py, cy + s * px + c * py) for px, py in pts]


def _foreign(x, mech, t, rng):
    h, w = x.shape
    _, (top, bot, lft, rgt) = _lung_boxes(x)
    ppm = (rgt - lft) / 270.0  # px per mm
    lay = _Layer((h, w))
    lung_w = rgt - lft

    def lung_point(upper=False, side=None):
        sd = side if side is not None else int(rng.integers(2))
        cx = lft + lung_w * (0.25 if sd == 0 else 0.75) + rng.uniform(-0.1, 0.1) * lung_w
        fy = rng.uniform(0.15, 0.45) if upper else rng.uniform(0.2, 0.75)
        return cx, top + fy * (bot - top)

    if mech == "necklace":
        cx = w / 2 + rng.uniform(-0.05, 0.05) * w
        half = _lerp(40, 65, t) * ppm * rng.uniform(0.9, 1.1)
        y0 = top - 0.05 * (bot - top)
        depth = _lerp(70, 150, t) * ppm
        u = np.linspace(-1.0, 1.0, 200)
        curve = [(cx + half * a, y0 + depth * (1 - a * a)) for a in u]
        if rng.uniform() < 0.5:  # beads
            d = _lerp(3.0, 5.5, t) * ppm
            arc = np.cumsum([0] + [np.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(curve[:-1], curve[1:])])
            for s_ in np.arange(0, arc[-1], 1.25 * d):
                i = int(np.searchsorted(arc, s_))
                px, py = curve[min(i, len(curve) - 1)]
                lay.ellipse(px, py, d / 2, d / 2, val=0.93)
        else:
            lay.line(curve, width=max(1.2, _lerp(1.2, 2.5, t) * ppm), val=0.9)
        # pendant
        px, py = cx, y0 + depth
        r = _lerp(6.0, 14.0, t) * ppm
        kind = int(rng.integers(3))
        if kind == 0:
            lay.ellipse(px, py + r, r, r, val=0.97)
        elif kind == 1:  # cross
            a = r * 0.35
            lay.rect(px - a, py, px + a, py + 2.6 * r, val=0.97)
            lay.rect(px - 1.1 * r, py + 0.6 * r, px + 1.1 * r, py + 0.6 * r + 2 * a, val=0.97)
        else:  # heart
            lay.ellipse(px - 0.5 * r, py + 0.6 * r, 0.55 * r, 0.55 * r, val=0.97)
            lay.ellipse(px + 0.5 * r, py + 0.6 * r, 0.55 * r, 0.55 * r, val=0.97)
            lay.polygon([(px - 1.02 * r, py + 0.8 * r), (px + 1.02 * r, py + 0.8 * r), (px, py + 2.0 * r)], val=0.97)
        if t > 0.6:  # a second, shorter chain
            curve2 = [(cx + 0.7 * half * a, y0 + 0.6 * depth * (1 - a * a)) for a in u]
            lay.line(curve2, width=max(1.0, 1.2 * ppm), val=0.88)
    elif mech == "buttons_zip":
        side = int(rng.integers(2))
        cx = lft + lung_w * (0.5 + (1 if side else -1) * rng.uniform(0.08, 0.3))
        y_start = top + rng.uniform(0.05, 0.2) * (bot - top)
        if rng.uniform() < 0.6:  # buttons
            n = int(round(_lerp(2, 7, t)))
            d = _lerp(10.0, 18.0, t) * ppm
            gap = _lerp(55.0, 40.0, t) * ppm
            val = rng.uniform(0.6, 0.95)
            holes = 2 if rng.uniform() < 0.5 else 4
            for i in range(n):
                by = y_start + i * gap
                if by > bot:
                    break
                bx = cx + rng.uniform(-1.5, 1.5) * ppm
                lay.ellipse(bx, by, d / 2, d / 2, val=val)
                hr = 0.09 * d
                offs = [(-0.2, 0), (0.2, 0)] if holes == 2 else [(-0.17, -0.17), (0.17, -0.17), (-0.17, 0.17), (0.17, 0.17)]
                for ox, oy in offs:
                    lay.ellipse(bx + ox * d, by + oy * d, hr, hr, val=0.15 * val)
        else:  # zip
            length = _lerp(90, 260, t) * ppm
            tw = _lerp(3.0, 4.5, t) * ppm
            pitch = 2.6 * ppm
            val = 0.92
            y = y_start
            i = 0
            while y < y_start + length:
                off = -tw * 0.45 if i % 2 == 0 else tw * 0.45
                lay.rect(cx + off - tw / 2, y, cx + off + tw / 2, y + 0.55 * pitch, val=val)
                y += pitch / 2
                i += 1
            lay.rect(cx - 5 * ppm, y_start - 2 * ppm, cx + 5 * ppm, y_start + 14 * ppm, val=0.97)
            lay.rect(cx - 1.8 * ppm, y_start + 10 * ppm, cx + 1.8 * ppm, y_start + 26 * ppm, val=0.97)
    elif mech == "clips_pins":
        n = 1 + int(round(_lerp(0, 3, t)))
        for _ in range(n):
            px, py = lung_point(upper=rng.uniform() < 0.6)
            ang = rng.uniform(0, np.pi)
            L = _lerp(35, 60, t) * ppm * rng.uniform(0.9, 1.1)
            lw = max(1.0, _lerp(1.0, 1.8, t) * ppm)
            kind = int(rng.integers(4))
            if kind == 0:  # bobby pin: one straight and one wavy prong
                a = [(-L / 2, -1.5 * ppm), (L / 2, -1.5 * ppm)]
                b = [(-L / 2 + i * L / 30, 1.5 * ppm + (0.8 * ppm if i % 4 < 2 else 0)) for i in range(31)]
                lay.line(_rot(a, ang, px, py), lw, 0.97)
                lay.line(_rot(b, ang, px, py), lw, 0.97)
                lay.line(_rot([(-L / 2, -1.5 * ppm), (-L / 2 - 1.5 * ppm, 0), (-L / 2, 1.5 * ppm)], ang, px, py), lw, 0.97)
            elif kind == 1:  # safety pin
                wdt = 0.18 * L
                lay.line(_rot([(-L / 2, 0), (L / 2, 0)], ang, px, py), lw, 0.97)
                lay.line(_rot([(-L / 2, 0), (L / 2 - 0.12 * L, wdt)], ang, px, py), lw, 0.97)
                cxx, cyy = _rot([(-L / 2 - 0.05 * L, 0.5 * wdt)], ang, px, py)[0]
                lay.ellipse(cxx, cyy, 0.09 * L, 0.09 * L, outline=0.97, width=lw)
                hx, hy = _rot([(L / 2 - 0.05 * L, 0.45 * wdt)], ang, px, py)[0]
                lay.polygon(_rot([(-0.09 * L, -0.6 * wdt), (0.09 * L, -0.6 * wdt), (0.09 * L, 0.6 * wdt), (-0.09 * L, 0.6 * wdt)], ang, hx, hy), 0.97)
            elif kind == 2:  # paper clip: nested rounded loops
                r1, r2 = 0.2 * L, 0.13 * L
                path = []
                for cxa, rr, a0, a1 in ((L / 2 - r1, r1, -np.pi / 2, np.pi / 2), (-L / 2 + r2 + 0.1 * L, r2, np.pi / 2, 1.5 * np.pi)):
                    path += [(cxa + rr * np.cos(a), rr * np.sin(a)) for a in np.linspace(a0, a1, 12)]
                path += [(L / 2 - r1 - 0.1 * L, 0.06 * L), (L / 2 - r1 - 0.1 * L, -0.06 * L)]
                lay.line(_rot([(-L / 2 + 0.1 * L, -r1)] + path, ang, px, py), lw, 0.97)
            else:  # hair slide: a long narrow plate with a spring bar
                lay.polygon(_rot([(-L / 2, -0.07 * L), (L / 2, -0.07 * L), (L / 2, 0.07 * L), (-L / 2, 0.07 * L)], ang, px, py), 0.75)
                lay.line(_rot([(-L / 2, 0.0), (L / 2, 0.0)], ang, px, py), lw, 0.98)
    elif mech == "coins_keys":
        cx, cy = lung_point(upper=rng.uniform() < 0.6)
        n = 1 + int(round(_lerp(0, 4, t)))
        for _ in range(n):
            d = rng.uniform(16, 28) * ppm * _lerp(0.9, 1.1, t)
            ox, oy = rng.normal(0, 8 * ppm, 2)
            lay.ellipse(cx + ox, cy + oy, d / 2, d / 2, val=0.9)
            lay.ellipse(cx + ox, cy + oy, d / 2 - 0.6 * ppm, d / 2 - 0.6 * ppm, outline=0.98, width=max(1.0, 0.9 * ppm))
        if t > 0.4 or rng.uniform() < 0.3:  # a key
            kx, ky = lung_point()
            ang = rng.uniform(0, np.pi)
            L = rng.uniform(45, 60) * ppm
            r = 0.2 * L
            lay.ellipse(kx, ky, r, r, val=0.95)
            lay.ellipse(kx, ky, 0.3 * r, 0.3 * r, val=0.2)
            shaft = [(r * 0.8, -0.06 * L), (L, -0.06 * L), (L, 0.06 * L), (r * 0.8, 0.06 * L)]
            lay.polygon(_rot(shaft, ang, kx, ky), 0.95)
            for j in range(4):
                tx = r + (0.25 + 0.17 * j) * (L - r)
                tooth = [(tx, 0.06 * L), (tx + 0.08 * L, 0.06 * L), (tx + 0.04 * L, 0.06 * L + rng.uniform(0.05, 0.1) * L)]
                lay.polygon(_rot(tooth, ang, kx, ky), 0.95)
    elif mech == "wire":
        lw = max(1.0, _lerp(1.4, 2.6, t) * ppm)
        if rng.uniform() < 0.6:  # bra underwires over the lower zones
            for sd in (0, 1):
                cx = lft + lung_w * (0.27 if sd == 0 else 0.73) + rng.uniform(-0.04, 0.04) * lung_w
                cy = top + _lerp(0.5, 0.6, rng.uniform()) * (bot - top)
                rx = _lerp(45, 65, t) * ppm
                ry = 0.85 * rx
                arc = [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in np.linspace(0.05 * np.pi, 0.95 * np.pi, 60)]
                lay.line(arc, lw, 0.97)
            if t > 0.4:  # hook-and-eye clasp over the spine
                mx, my = (lft + rgt) / 2, top + 0.55 * (bot - top)
                for j in range(3):
                    lay.rect(mx - 12 * ppm, my + j * 5 * ppm, mx + 12 * ppm, my + j * 5 * ppm + 1.6 * ppm, 0.95)
        else:  # earphone / charger cable with its plug
            pts = [lung_point(side=int(rng.integers(2))) for _ in range(4)]
            pts = np.array(pts)
            u = np.linspace(0, 1, 80)[:, None]
            bez = ((1 - u) ** 3) * pts[0] + 3 * ((1 - u) ** 2) * u * pts[1] + 3 * (1 - u) * u * u * pts[2] + u ** 3 * pts[3]
            lay.line([tuple(p) for p in bez], lw, 0.9)
            ex, ey = bez[-1]
            dx, dy = bez[-1] - bez[-2]
            ang = np.arctan2(dy, dx)
            plug = [(0, -3 * ppm), (18 * ppm, -3 * ppm), (18 * ppm, 3 * ppm), (0, 3 * ppm)]
            lay.polygon(_rot(plug, ang, ex, ey), 0.97)
            if t > 0.5:  # an earbud at the start
                lay.ellipse(bez[0][0], bez[0][1], 8 * ppm, 8 * ppm, val=0.8)
    else:  # pragma: no cover
        raise AssertionError(mech)
    a = lay.array(blur=0.5 * _scale(x))
    return x + (1.0 - x) * a, mech


# --------------------------------------------------------------------------------------------------
# markers and annotations
# --------------------------------------------------------------------------------------------------

_TEXTS = (
    "PORTABLE",
    "SUPINE",
    "AP SITTING",
    "ERECT",
    "ICU BED 4",
    "INSP",
    "EXP",
    "MOBILE",
    "07:42",
    "2020-04-13",
    "CHEST AP",
    "SEMI-ERECT",
    "BEDSIDE",
    "ZVK",
    "REPEAT",
    "POST DRAIN",
)


def _overlay(x: np.ndarray, lay: _Layer, ink: float) -> np.ndarray:
    a = lay.array()
    return x * (1 - a) + ink * a


def _markers(x, mech, t, rng):
    h, w = x.shape
    s = _scale(x)
    _, (top, bot, lft, rgt) = _lung_boxes(x)
    found = _find_markers(x)
    if mech == "marker_missing" and not found:
        others = MECHANISMS["marker_annotation"][1:]
        mech = others[int(rng.integers(len(others)))]
    if mech == "marker_missing":
        out = x.copy()
        for r0, r1, c0, c1, _ in found:
            _inpaint(out, r0, r1, c0, c1, rng)
        return out, mech
    if mech == "marker_wrong":
        out = x.copy()
        if found:
            for r0, r1, c0, c1, bg in found:
                cx = (c0 + c1) / 2
                letter = "R" if cx > w / 2 else "L"
                patch = x[r0:r1, c0:c1]
                glyph = patch[np.abs(patch - bg) > 0.15]
                ink = float(np.median(glyph)) if glyph.size else (1.0 if bg < 0.6 else 0.0)
                _inpaint(out, r0, r1, c0, c1, rng)
                _draw_marker_box(out, letter, r0, c0, r1 - r0, bg, ink, width=c1 - c0)
            return out, mech
        size = int(round(rng.uniform(0.045, 0.07) * min(h, w)))
        right = rng.uniform() < 0.6
        letter = "R" if right else "L"
        c0 = int(w - size - rng.uniform(0.01, 0.04) * w) if right else int(rng.uniform(0.01, 0.04) * w)
        r0 = int(rng.uniform(0.03, 0.3) * h)
        box = float(rng.uniform(0.3, 0.6))
        _draw_marker_box(out, letter, r0, c0, size, box, float(rng.uniform(0.85, 1.0)))
        return out, mech
    lay = _Layer((h, w))
    ink = 1.0 if rng.uniform() < 0.85 else 0.0
    lh, lw = bot - top, rgt - lft

    def in_lung(side=None):
        sd = side if side is not None else int(rng.integers(2))
        cx = lft + lw * (0.26 if sd == 0 else 0.74) + rng.uniform(-0.07, 0.07) * lw
        return cx, top + rng.uniform(0.25, 0.7) * lh

    if mech == "text_overlay":
        n = 1 + (t > 0.4) + (t > 0.8)
        size = _lerp(0.035, 0.075, t) * h
        sides = rng.permutation(2).tolist() + [int(rng.integers(2))]
        rows = rng.permutation([0.3, 0.5, 0.7])
        for i in range(n):
            txt = _TEXTS[int(rng.integers(len(_TEXTS)))]
            cx, _ = in_lung(sides[i])
            cy = top + (rows[i] + rng.uniform(-0.05, 0.05)) * lh
            tw, th = lay.text_size(txt, size)
            cx = float(np.clip(cx, tw / 2 + 2, w - tw / 2 - 2))
            lay.text(cx, cy, txt, size, val=1.0)
        return _overlay(x, lay, ink), mech
    if mech == "measurement_overlay":
        lwid = max(1.0, _lerp(1.0, 2.5, t) * s)
        fsize = _lerp(0.03, 0.05, t) * h
        n = 1 + int(round(_lerp(0, 2, t)))
        kinds = rng.permutation(3)
        for i in range(n):
            kind = int(kinds[i % 3])
            if kind == 0:  # caliper across the lungs (thoracic / cardiac width)
                y = top + rng.uniform(0.45, 0.8) * lh
                x0 = lft + rng.uniform(0.0, 0.15) * lw
                x1 = rgt - rng.uniform(0.0, 0.15) * lw
                tick = 0.02 * h
                lay.line([(x0, y), (x1, y)], lwid)
                lay.line([(x0, y - tick), (x0, y + tick)], lwid)
                lay.line([(x1, y - tick), (x1, y + tick)], lwid)
                mm = (x1 - x0) / max(lw / 270.0, 1e-3)
                lay.text((x0 + x1) / 2, y - 0.035 * h, f"{mm / 10:.1f} cm", fsize)
            elif kind == 1:  # ROI ellipse with statistics
                cx, cy = in_lung()
                rx, ry = _lerp(0.06, 0.1, t) * w, _lerp(0.05, 0.09, t) * h
                lay.ellipse(cx, cy, rx, ry, outline=1.0, width=lwid)
                tx = float(np.clip(cx, 0.12 * w, 0.88 * w))
                lay.text(tx, cy + ry + 0.035 * h, f"Mean {rng.integers(300, 3000)}  SD {rng.integers(20, 300)}", 0.8 * fsize)
            else:  # angle / oblique distance
                cx, cy = in_lung()
                ln = _lerp(0.12, 0.22, t) * w
                a1, a2 = rng.uniform(0, np.pi), rng.uniform(0, np.pi)
                p1 = (cx + ln * np.cos(a1), cy + ln * np.sin(a1) * 0.6)
                p2 = (cx + ln * np.cos(a2), cy - ln * np.sin(a2) * 0.6)
                lay.line([p1, (cx, cy), p2], lwid)
                deg = abs(np.degrees(a1 + a2)) % 180
                lay.text(float(np.clip(cx + 0.04 * w, 0.08 * w, 0.92 * w)), cy, f"{deg:.1f}\u00b0", fsize)
        return _overlay(x, lay, ink), mech
    if mech == "arrow_graphics":
        n = 1 + int(round(_lerp(0, 3, t)))
        lwid = max(1.0, _lerp(1.5, 3.0, t) * s)
        for i in range(n):
            cx, cy = in_lung(i % 2 if n > 1 else None)
            if rng.uniform() < 0.55:  # arrow
                ln = _lerp(0.08, 0.16, t) * w
                ang = rng.uniform(0, 2 * np.pi)
                tail = (cx - ln * np.cos(ang), cy - ln * np.sin(ang))
                lay.line([tail, (cx, cy)], lwid)
                hl = max(5.0, 0.3 * ln)
                left = (cx - hl * np.cos(ang - 0.4), cy - hl * np.sin(ang - 0.4))
                right = (cx - hl * np.cos(ang + 0.4), cy - hl * np.sin(ang + 0.4))
                lay.polygon([(cx, cy), left, right])
            else:  # circle round a finding
                r = _lerp(0.04, 0.08, t) * w
                lay.ellipse(cx, cy, r, r * rng.uniform(0.8, 1.2), outline=1.0, width=lwid)
            if rng.uniform() < 0.5:
                label = ["?", "1", "2", "PTX?", "!", "A"][int(rng.integers(6))]
                lay.text(float(np.clip(cx + 0.06 * w, 0.05 * w, 0.95 * w)), cy - 0.05 * h, label, _lerp(0.035, 0.06, t) * h)
        return _overlay(x, lay, ink), mech
    raise AssertionError(mech)  # pragma: no cover


_KEEPS_OVERLAYS = ("underexposure", "overexposure", "motion_blur")

# SIMULABLE's order; its last fault, orientation_photometric, is `wrong_display`.
_DISPATCH = dict(zip(SIMULABLE, (_underexposure, _overexposure, _cutoff, _collimation, _motion, _foreign, _markers)))
