"""Blind fault simulator "J" for chest radiographs.

Design note
-----------
Written blind: without reading the project's detectors, its other simulators, benchmarks, docs,
evaluation code or tests, and without running any of them on these images. Sources: the taxonomy
definitions (``/work/shared/spec/taxonomy.json``), the project's domain notes (EC/RCR acceptance
criteria for chest films, IEC 62494-1 exposure and deviation index), a look at untouched real films
(MHH bedside/ICU films at 640 px, NIH PA samples), and general knowledge of radiography physics
(Poisson quantum noise and the electronic noise floor, film characteristic curves, detector saturation,
kVp and subject contrast, motion and geometric unsharpness, collimation and scatter) and of how QC
teaching files describe each fault.

Angle: a team building a public QC benchmark from a hospital archive. They only have finished 8-bit
images, so an exposure fault is applied to a pseudo-raw signal read back from the display values and
then "processed" again. Each call draws a different vendor look (tone curve, edge enhancement, noise
texture), kept mild so that it is never a fault of its own, and stores the result the way archives do
(8 bit, JPEG re-compression about half the time, varying resampling filters when geometry changes).
Burned-in console annotations (the archive's side markers: a flat grey box with a light letter) are
found and treated as what they are: added after processing, so faults of the patient or the exposure
and the vendor look leave them alone. ``wrong_display`` is an exact array transform, because a display
error does not touch the stored pixels.

The lungs are located only roughly (intensity profiles anchored to a prior), so everything that must
land "in the lung" is placed conservatively: cut-offs always go at least a fixed fraction into the
image (deep enough to reach the lung on any usual framing, so mild cut-offs are rarer than severe
ones), annotations go near the usual lung centre. Out-painted surroundings (neck, shoulders, arms,
abdomen) are schematic.

Mechanisms (one drawn per call, each with a random severity from "a reviewer would fail this" to severe):

underexposure
  * quantum_mottle: auto-ranged low dose; Poisson-like noise grows where fewer photons arrive and
    the densest parts sink into the noise floor.
  * under_penetrated_low_kvp: too low kVp stretches subject contrast; heart, spine and diaphragm run
    into white, so the vertebrae vanish behind the heart, with extra noise.
  * film_curve_too_light: a fixed (film-like) characteristic curve with too little exposure; the film
    lands on the toe, light grey with flattened contrast and mottle.
  * noise_reduced_low_dose: low dose that the vendor's noise reduction turned into blotchy
    low-frequency mottle with lost fine detail.
overexposure
  * detector_saturation: the detector saturated under the lungs; those parts become flat black with
    their markings gone, the rest is auto-ranged.
  * film_curve_too_dark: a fixed characteristic curve with too much exposure; lungs on the shoulder,
    black and featureless.
  * over_penetrated_high_kvp: very high kVp flattens subject contrast; a fixed window leaves the lungs
    burnt out and bone faint.
  * exposure_recognition_dark: the processing misjudged the exposure and applied a crushing gamma;
    the dark half of the scale is clipped to black.
lung_field_cutoff
  * apex_cut: detector or field too low; the apices leave the top edge (abdomen fills the bottom, or the
    archive kept the shorter image).
  * base_cut: too high; bases and costophrenic angles leave the bottom (neck and shoulders above).
  * lateral_cut: off to one side; a lateral chest wall and its costophrenic angle leave the image.
  * collimator_blade: over-collimation; a slightly tilted shutter blade inside a lung, the covered part
    unexposed (bright, scatter only) or electronically shuttered black.
  * corner_cut: diagonal misplacement; an apex or base and the lateral wall of one side are lost.
collimation_centering
  * wide_field: field far larger than the thorax, thorax centred, neck, shoulders, arms and abdomen
    around it (sometimes with the collimator edges in view).
  * low_centring_abdomen: central ray too low; the thorax is pushed to the top above a large abdomen.
  * lateral_offset: thorax flush against one side of a large field, arm and air on the other.
  * diagonal_offset_tilted_field: thorax in a corner of a large field whose collimator edges are
    visible and rotated a few degrees.
motion_blur
  * breathing_diaphragm: vertical motion growing towards the bases; diaphragm and lower ribs smear,
    the apices stay sharp.
  * cardiac_border: pulsation blurs and doubles the left heart border and the nearby lung.
  * gross_linear: whole-patient movement, a linear blur in a random direction.
  * double_contour: the patient was in two positions during the exposure; contours are doubled.
  * rotational_twist: a twist about the spine; the blur grows with distance from the midline.
  Detector noise is re-added after the motion, because quantum noise arises after it.
foreign_object (all metal: supersampled, brighter than bone, slightly unsharp, optional edge halo)
  * necklace: a ball or link chain from the neck with a pendant over the upper chest.
  * buttons_snaps: a placket line of metal snaps or dense buttons.
  * bra_wire_hooks: underwires under the breasts, strap sliders and a hook-and-eye clasp.
  * hair_clips: bobby pins and a barrette from long hair over the apices and upper chest.
  * zipper_or_pocket: a clothing zipper with its pull tab, or coins and a key in a breast pocket.
marker_annotation
  * wrong_side_marker: a side letter that contradicts its side (the archive's marker swapped in place
    or moved across, or a new L/R on the wrong side).
  * marker_missing: the burned-in side marker removed (only offered when one is found).
  * text_over_lung: burned-in text (position, ward, time, device) over a lung field.
  * graphic_over_lung: burned-in PACS graphics (arrow, ROI ellipse, measurement) over a lung.
  * marker_over_lung: the side marker, correct letter, placed over the lung field.
orientation_photometric (``wrong_display``)
  mirrored, upside_down, rotated_90_cw, rotated_180, rotated_270_cw, inverted, and four combinations.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

from radqc.agents.cxr.augment import SIMULABLE, border_bands

__all__ = [
    "SIMULABLE",
    "simulate",
    "simulate_with_mechanism",
    "wrong_display",
]

_MECHANISMS: dict[str, tuple[str, ...]] = {
    "underexposure": (
        "quantum_mottle", "under_penetrated_low_kvp", "film_curve_too_light", "noise_reduced_low_dose"),
    "overexposure": (
        "detector_saturation", "film_curve_too_dark", "over_penetrated_high_kvp",
        "exposure_recognition_dark"),
    "lung_field_cutoff": ("apex_cut", "base_cut", "lateral_cut", "collimator_blade", "corner_cut"),
    "collimation_centering": (
        "wide_field", "low_centring_abdomen", "lateral_offset", "diagonal_offset_tilted_field"),
    "motion_blur": (
        "breathing_diaphragm", "cardiac_border", "gross_linear", "double_contour", "rotational_twist"),
    "foreign_object": ("necklace", "buttons_snaps", "bra_wire_hooks", "hair_clips", "zipper_or_pocket"),
    "marker_annotation": (
        "wrong_side_marker", "marker_missing", "text_over_lung", "graphic_over_lung", "marker_over_lung"),
}

# faults that leave the geometry alone and concern the patient or the exposure only
_FILM_ONLY = ("underexposure", "overexposure", "motion_blur", "foreign_object")

# Single display errors are commoner than compound ones, hence the weights.
_WRONG_DISPLAY_KINDS: tuple[str, ...] = (
    "mirrored", "upside_down", "rotated_90_cw", "rotated_180", "rotated_270_cw", "inverted",
    "mirrored+inverted", "upside_down+inverted", "rotated_90_cw+inverted", "rotated_90_cw+mirrored",
)
_WRONG_DISPLAY_WEIGHTS = np.array([3, 2, 2, 2, 2, 3, 1, 1, 1, 1], dtype=float)


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------

def _check(pixels: np.ndarray) -> np.ndarray:
    x = np.asarray(pixels)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {x.shape}")
    if min(x.shape) < 32:
        raise ValueError("image too small")
    return np.clip(np.nan_to_num(x.astype(np.float32)), 0.0, 1.0)


def _g(x: np.ndarray, s: float) -> np.ndarray:
    return ndi.gaussian_filter(x, s, mode="nearest") if np.max(s) > 0 else x


_RESAMPLERS = (Image.BILINEAR, Image.BICUBIC, Image.LANCZOS, Image.BOX)


def _resize(x: np.ndarray, shape: tuple[int, int], method=Image.BILINEAR) -> np.ndarray:
    """Resize through PIL's float mode (anti-aliased, the filters archives actually use)."""
    h, w = int(shape[0]), int(shape[1])
    im = Image.fromarray(np.ascontiguousarray(x, dtype=np.float32), mode="F")
    return np.asarray(im.resize((max(1, w), max(1, h)), method), dtype=np.float32)


def _noise_sigma(x: np.ndarray) -> float:
    """Robust estimate of the film's own fine-grain noise, used to make synthetic parts match."""
    d = (x - _g(x, 1.0))[::2, ::2]  # a quarter of the pixels is plenty for a median
    return float(np.clip(1.4826 * np.median(np.abs(d - np.median(d))), 0.002, 0.04))


def _field(rng: np.random.Generator, shape, sigma: float) -> np.ndarray:
    """Unit-variance Gaussian random field with correlation length ``sigma``.

    Coarse fields are made on a reduced grid and interpolated up (same look, a fraction of the cost)."""
    shape = tuple(int(v) for v in shape)
    if sigma > 3.0:
        f = sigma / 2.0
        small = tuple(max(2, int(np.ceil(v / f)) + 2) for v in shape)
        n = _g(rng.standard_normal(small).astype(np.float32), 1.0)
        n = _resize(n, (int(round(small[0] * f)), int(round(small[1] * f))), Image.BILINEAR)[: shape[0], : shape[1]]
        if n.shape != shape:  # guard against rounding
            n = np.pad(n, [(0, shape[0] - n.shape[0]), (0, shape[1] - n.shape[1])], mode="edge")
    else:
        n = rng.standard_normal(shape).astype(np.float32)
        if sigma > 0.3:
            n = _g(n, sigma)
    n = n - float(n.mean())
    sd = float(n.std())
    return n / sd if sd > 0 else n


def _smoothstep(t):
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _logit(p):
    p = np.clip(p, 1e-3, 1 - 1e-3)
    return np.log(p / (1 - p))


def _sig(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def _font(size: float):
    size = int(max(6, round(size)))
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # very old Pillow without scalable default font
        return ImageFont.load_default()


# ----------------------------------------------------------------------------------------------
# anatomy layout (rough, prior-anchored: only used to place and size the faults)
# ----------------------------------------------------------------------------------------------

@dataclass
class _Layout:
    H: int
    W: int
    mid: float
    a: tuple[float, float, float, float]  # image-left lung (patient's right): y0, y1, x0, x1
    b: tuple[float, float, float, float]  # image-right lung (patient's left)

    @property
    def lung(self):
        return (min(self.a[0], self.b[0]), max(self.a[1], self.b[1]),
                min(self.a[2], self.b[2]), max(self.a[3], self.b[3]))

    @property
    def scale(self) -> float:
        return max(self.H, self.W) / 640.0


def _otsu(v: np.ndarray) -> float:
    h, e = np.histogram(v, 64, (0, 1))
    c = (e[:-1] + e[1:]) / 2
    w0 = np.cumsum(h)
    w1 = w0[-1] - w0
    m0 = np.cumsum(h * c) / np.maximum(w0, 1)
    m1 = (np.sum(h * c) - np.cumsum(h * c)) / np.maximum(w1, 1)
    return float(c[np.argmax(w0 * w1 * (m0 - m1) ** 2)])


def _layout(x: np.ndarray) -> _Layout:
    H, W = x.shape
    sw = 128
    sh = max(16, int(round(H * sw / W)))
    s = _resize(x, (sh, sw), Image.BOX)
    g = _g(s, 1.5)
    r0, r1 = int(0.25 * sh), int(0.7 * sh)
    p = ndi.gaussian_filter1d(g[r0:r1].mean(0), 3)
    lo_, hi_ = int(0.32 * sw), int(0.68 * sw)
    mid = lo_ + int(np.argmax(p[lo_:hi_]))
    by0, by1, bx0, bx1 = int(0.03 * sh), int(0.9 * sh), int(0.03 * sw), int(0.97 * sw)
    box = g[by0:by1, bx0:bx1]
    floor = np.percentile(box, 3)
    vals = box[box > floor]
    t = _otsu(vals) if vals.size > 50 else float(np.median(box))
    cand = np.zeros_like(g, bool)
    cand[by0:by1, bx0:bx1] = (box < t) & (box > floor + 0.04)
    cand = ndi.binary_opening(cand, np.ones((3, 3)))
    lab, n = ndi.label(cand)
    fy, fx = H / sh, W / sw
    out = {}
    for side in "ab":
        if side == "a":
            prior = (0.07 * sh, 0.78 * sh, 0.07 * sw, mid - 0.05 * sw)
        else:
            prior = (0.07 * sh, 0.78 * sh, mid + 0.05 * sw, 0.93 * sw)
        est = None
        if n:
            sub = lab.copy()
            if side == "a":
                sub[:, mid:] = 0
            else:
                sub[:, :mid] = 0
            areas = np.bincount(sub.ravel(), minlength=n + 1)
            areas[0] = 0
            if areas.max() > 0.015 * sh * sw:
                m = (areas >= 0.3 * areas.max())[sub]
                ys, xs = np.nonzero(m)
                est = (ys.min(), ys.max() + 1.0, xs.min(), xs.max() + 1.0)
                if (est[1] - est[0]) < 0.3 * sh or (est[3] - est[2]) < 0.12 * sw:
                    est = None
        bb = prior if est is None else tuple(0.5 * pe + 0.5 * ee for pe, ee in zip(prior, est))
        # apex and diaphragm from the vertical profile of the darkest third of the inner hemithorax:
        # lung rows are darker than the shoulders above and the abdomen below
        if side == "a":
            c0, c1 = int(0.18 * sw), int(mid - 0.07 * sw)
        else:
            c0, c1 = int(mid + 0.07 * sw), int(0.82 * sw)
        if c1 - c0 >= 6:
            seg = np.sort(s[:, c0:c1], axis=1)
            prof = ndi.gaussian_filter1d(seg[:, : max(2, (c1 - c0) // 3)].mean(1), 1.5)
            lung_lvl = float(np.median(prof[int(0.3 * sh):int(0.6 * sh)]))
            top_lvl = float(prof[: int(0.18 * sh)].max())
            bot_lvl = float(prof[int(0.75 * sh):].max())
            r = int(0.45 * sh)
            t, b = r, r
            while t > 0 and prof[t - 1] < 0.5 * (lung_lvl + top_lvl):
                t -= 1
            while b < sh - 1 and prof[b + 1] < 0.5 * (lung_lvl + bot_lvl):
                b += 1
            bb = list(bb)
            if top_lvl - lung_lvl > 0.06:
                bb[0] = 0.8 * t + 0.2 * prior[0]
            if bot_lvl - lung_lvl > 0.06:
                bb[1] = 0.8 * (b + 1) + 0.2 * prior[1]
        out[side] = (bb[0] * fy, bb[1] * fy, bb[2] * fx, bb[3] * fx)
    return _Layout(H, W, mid * fx, out["a"], out["b"])


# ----------------------------------------------------------------------------------------------
# burned-in side markers (flat grey box with a light letter, as on the archive's films)
# ----------------------------------------------------------------------------------------------

def _find_markers(x: np.ndarray) -> list[tuple[int, int, int, int, float]]:
    """Flat uniform boxes with a bright glyph: the software side markers of the source archive.

    Only used to treat markers honestly (remove, swap, keep sharp); returns (y, x, h, w, grey)."""
    H, W = x.shape
    sc = max(H, W) / 640.0
    m = ndi.uniform_filter(x, 5)
    m2 = ndi.uniform_filter(x * x, 5)
    sd = np.sqrt(np.maximum(m2 - m * m, 0))
    flat = (sd < 0.012) & (x > 0.2) & (x < 0.88)
    flat = ndi.binary_closing(flat, np.ones((3, 3)))
    lab, _ = ndi.label(flat)
    found = []
    for i, sl in enumerate(ndi.find_objects(lab)):
        if sl is None:
            continue
        h = sl[0].stop - sl[0].start
        w = sl[1].stop - sl[1].start
        if not (12 * sc <= h <= 48 * sc and 12 * sc <= w <= 40 * sc and 0.4 < h / w < 2.5):
            continue
        comp = lab[sl] == i + 1
        if comp.mean() < 0.42:
            continue
        grey = float(np.median(x[sl][comp]))
        bright = x[sl] > grey + 0.12
        if bright.sum() < 25 * sc * sc or bright.mean() > 0.45:
            continue
        # the flat test window (5 px) eats 2 px of the box on each side: report the whole box
        y0, x0 = max(0, sl[0].start - 2), max(0, sl[1].start - 2)
        found.append((y0, x0, min(H, sl[0].stop + 2) - y0, min(W, sl[1].stop + 2) - x0, grey))
    return found


def _box_slice(by, bx, h, w, pad=2):
    """The detected flat area plus the thin outline some marker boxes carry."""
    return np.s_[max(0, by - pad):by + h + pad, max(0, bx - pad):bx + w + pad]


def _letter_of(x: np.ndarray, box) -> str:
    """L has nothing in the upper right of its glyph, R has its bowl there."""
    y, xx, h, w, grey = box
    crop = x[y + 3:y + h - 3, xx + 3:xx + w - 3] > grey + 0.12  # inside any lighter frame
    lab, n = ndi.label(crop)
    if n == 0 or crop.sum() < 5:
        return "L" if xx + w / 2 > x.shape[1] / 2 else "R"
    crop = lab == 1 + int(np.argmax(np.bincount(lab.ravel())[1:]))
    ys, xs = np.nonzero(crop)
    c = crop[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    ch, cw = c.shape
    q = c[: ch // 2, cw // 2:].mean() if ch > 1 and cw > 1 else 0
    return "R" if q > 0.12 else "L"


def _inpaint(x: np.ndarray, mask: np.ndarray, rng, sigma_n: float) -> np.ndarray:
    """Fill a small region from its surroundings (normalised convolution) plus matching grain."""
    out = x.copy()
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return out
    pad = 24
    y0, y1 = max(0, ys.min() - pad), min(x.shape[0], ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(x.shape[1], xs.max() + pad + 1)
    sub = x[y0:y1, x0:x1]
    m = mask[y0:y1, x0:x1]
    known = (~ndi.binary_dilation(m, iterations=2)).astype(np.float32)
    fill = None
    for s in (12.0, 6.0, 3.0, 1.5):  # coarse to fine: the finest scale with enough support wins
        num = _g(sub * known, s)
        den = _g(known, s)
        est = num / np.maximum(den, 1e-4)
        wgt = np.clip((den - 0.1) / 0.3, 0, 1)
        fill = est if fill is None else fill * (1 - wgt) + est * wgt
    fill = fill + sigma_n * _field(rng, sub.shape, 0.6) + 0.6 * sigma_n * _field(rng, sub.shape, 3.0)
    region = ndi.binary_dilation(m, iterations=2)
    soft = np.clip(_g(region.astype(np.float32), 1.0) * 1.5, 0, 1)
    out[y0:y1, x0:x1] = sub * (1 - soft) + fill * soft
    return out


def _draw_marker(letter: str, box_hw, style: str, ss: int = 3, outline: bool = False):
    """Render a side marker at supersampling; returns (alpha_box, alpha_letter) in image resolution."""
    h, w = box_hw
    H, W = int(h * ss), int(w * ss)
    box = Image.new("L", (W, H), 0)
    let = Image.new("L", (W, H), 0)
    db = ImageDraw.Draw(box)
    dl = ImageDraw.Draw(let)
    if style == "box":
        db.rectangle([0, 0, W - 1, H - 1], fill=255)
        if outline:
            # some consoles draw a lighter frame round the box
            dl.rectangle([0, 0, W - 1, H - 1], outline=255, width=max(1, ss))
    # console boxes leave a margin round a letter about half the box high, like the archive's
    size = 0.72 * H if style == "box" else 0.95 * H
    font = _font(size)
    bb = dl.textbbox((0, 0), letter, font=font)
    tw, th = bb[2] - bb[0], bb[3] - bb[1]
    if style == "box":
        k = min(0.52 * H / max(th, 1), 0.4 * W / max(tw, 1))
        font = _font(size * k)
        bb = dl.textbbox((0, 0), letter, font=font)
        tw, th = bb[2] - bb[0], bb[3] - bb[1]
    stroke = max(1, int(round(0.015 * H))) if style == "box" else max(1, ss)
    dl.text(((W - tw) / 2 - bb[0], (H - th) / 2 - bb[1]), letter, font=font, fill=255,
            stroke_width=stroke, stroke_fill=255)
    if style == "lead_ring":
        r = min(W, H) / 2 - 1
        db.ellipse([W / 2 - r, H / 2 - r, W / 2 + r, H / 2 + r], outline=255, width=max(2, ss))
    a_box = np.asarray(box.resize((int(w), int(h)), Image.BOX), np.float32) / 255
    a_let = np.asarray(let.resize((int(w), int(h)), Image.BOX), np.float32) / 255
    return a_box, a_let


def _paste_marker(x, letter, y, xx, box_hw, grey, style, rng):
    h, w = box_hw
    H, W = x.shape
    y = int(np.clip(y, 0, H - h))
    xx = int(np.clip(xx, 0, W - w))
    a_box, a_let = _draw_marker(letter, (h, w), style, outline=bool(rng.random() < 0.4))
    out = x.copy()
    sub = out[y:y + h, xx:xx + w]
    if style == "box":
        bright = min(0.97, grey + rng.uniform(0.2, 0.3))
        sub = sub * (1 - a_box) + grey * a_box
        sub = sub * (1 - a_let) + bright * a_let
    else:
        # lead letter: strongly attenuating, slightly unsharp
        a = np.clip(a_let + a_box, 0, 1)
        a = _g(a, 0.5)
        sub = sub + (1 - sub) * a * rng.uniform(0.9, 1.0)
    out[y:y + h, xx:xx + w] = sub
    return out, (y, xx, h, w)


# ----------------------------------------------------------------------------------------------
# vendor look and archive (drawn per call, mild on purpose)
# ----------------------------------------------------------------------------------------------

@dataclass
class _Look:
    gamma: float
    contrast: float
    sharpen: float
    sharpen_r: float
    noise: float
    noise_corr: float
    jpeg: int | None
    resample: int


def _draw_look(rng: np.random.Generator) -> _Look:
    plain = rng.random() < 0.25  # same vendor as the source film
    return _Look(
        gamma=1.0 if plain else float(np.exp(rng.uniform(-0.07, 0.07))),
        contrast=1.0 if plain else float(rng.uniform(0.95, 1.06)),
        sharpen=0.0 if plain else float(rng.choice([0.0, rng.uniform(0.1, 0.45)])),
        sharpen_r=float(rng.uniform(0.8, 2.5)),
        noise=0.0 if plain else float(rng.uniform(0.0, 0.006)),
        noise_corr=float(rng.choice([0.0, 0.6, 1.0])),
        jpeg=int(rng.integers(72, 96)) if rng.random() < 0.5 else None,
        resample=int(rng.integers(0, len(_RESAMPLERS))),
    )


def _finish(x: np.ndarray, look: _Look, rng: np.random.Generator, keep=None) -> np.ndarray:
    """Vendor look, then 8-bit archive (JPEG sometimes). ``keep``: burned-in overlays, which the
    console adds after processing, so they get no tone curve, sharpening or noise."""
    x = np.clip(x, 0, 1).astype(np.float32)
    y = x
    if look.gamma != 1.0 or look.contrast != 1.0:
        y = np.clip(0.5 + (y - 0.5) * look.contrast, 0, 1) ** look.gamma
    if look.sharpen > 0:
        y = y + look.sharpen * (y - _g(y, look.sharpen_r))
    if look.noise > 0:
        y = y + look.noise * _field(rng, y.shape, look.noise_corr)
    if keep is not None:
        y = np.where(keep, x, y)
    y8 = np.clip(np.round(y * 255.0), 0, 255).astype(np.uint8)
    if look.jpeg is not None:
        buf = io.BytesIO()
        Image.fromarray(y8, mode="L").save(buf, format="JPEG", quality=look.jpeg)
        buf.seek(0)
        y8 = np.asarray(Image.open(buf).convert("L"), dtype=np.uint8)
    return (y8.astype(np.float32) / 255.0).astype(np.float32)


# ----------------------------------------------------------------------------------------------
# exposure faults
# ----------------------------------------------------------------------------------------------

def _lung_values(x, lay: _Layout) -> np.ndarray:
    vals = []
    for (y0, y1, x0, x1) in (lay.a, lay.b):
        vals.append(x[int(y0):int(y1), int(x0):int(x1)].ravel())
    v = np.concatenate(vals)
    return v if v.size > 100 else x.ravel()


def _autorange(new: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Vendor exposure recognition: map the new image's 2nd/98th percentiles onto the reference's."""
    a0, a1 = np.percentile(new, [2, 98])
    b0, b1 = np.percentile(ref, [2, 98])
    if a1 - a0 < 1e-3:
        return new
    return (new - a0) * (b1 - b0) / (a1 - a0) + b0


def _quantum_noise(x, rng, lung_sigma, c, corr, lung_level, floor_counts=2.5):
    """Signal-dependent noise of a low-dose exposure in display units.

    Counts per pixel follow exp(-c*v); lung_sigma fixes the noise at the lung level, denser parts get
    more (sigma ~ 1/sqrt(counts)) and those below a few counts hit the floor and go white."""
    n_lung = 1.0 / (c * lung_sigma) ** 2  # counts at the lung level
    counts = n_lung * np.exp(-c * (x - lung_level))
    sig = 1.0 / (c * np.sqrt(np.maximum(counts, 0.25)))
    y = x + np.minimum(sig, 0.25) * _field(rng, x.shape, corr)
    floor_v = lung_level + np.log(n_lung / floor_counts) / c
    y = np.where(counts < floor_counts, np.maximum(y, floor_v + 0.02 * _field(rng, x.shape, 1.0)), y)
    return y, floor_v


def _underexposure(x, lay, rng, mech, sev):
    lv = float(np.median(_lung_values(x, lay)))
    c = rng.uniform(3.5, 5.0)
    if mech == "quantum_mottle":
        sigma = 0.055 + 0.06 * sev
        y, _ = _quantum_noise(x, rng, sigma, c, rng.uniform(0.4, 0.8), lv, floor_counts=2.0 + 4 * sev)
        y = _autorange(y, x)
    elif mech == "under_penetrated_low_kvp":
        # attenuation above the lung level grows faster than linearly at low kVp; steep enough that
        # the denser fifth of the film (heart, spine, diaphragm) runs into white
        knee = lv + rng.uniform(0.0, 0.06)
        # the heart shadow: central columns, lower half of the lungs
        c0, c1 = int(lay.mid - 0.07 * lay.W), int(lay.mid + 0.07 * lay.W)
        r0, r1 = int(0.5 * (lay.lung[0] + lay.lung[1])), int(lay.lung[1])
        heart = float(np.median(x[r0:r1, max(0, c0):c1])) if r1 > r0 + 4 else 1.0
        levels = [v for v in (float(np.percentile(x, 80)), heart) if v > knee + 0.05]
        dense = min(levels) if levels else knee + 0.05
        k = min(6.0, max(1.8 + 1.2 * sev, (1.03 + 0.1 * sev - knee) / (dense - knee)))
        y = np.where(x > knee, knee + k * (x - knee), x - 0.15 * (knee - x))
        y, _ = _quantum_noise(np.clip(y, 0, 1), rng, 0.015 + 0.03 * sev, c, rng.uniform(0.5, 1.0), lv)
    elif mech == "film_curve_too_light":
        # the lungs land on the toe of the curve: light grey instead of dark
        gfilm = rng.uniform(0.8, 1.1)
        target = min(0.92, max(lv + 0.18, 0.72) + 0.14 * sev)
        shift = _logit(1.0 - target) - gfilm * _logit(1.0 - lv)
        y = 1.0 - _sig(_logit(1.0 - x) * gfilm + shift)
        # film/screen mottle at low exposure, coarser than detector noise
        y = y + (0.012 + 0.02 * sev) * _field(rng, x.shape, rng.uniform(0.7, 1.5))
    elif mech == "noise_reduced_low_dose":
        base = _g(x, rng.uniform(0.8, 1.4))
        y, _ = _quantum_noise(base, rng, 0.025 + 0.045 * sev, c, rng.uniform(1.6, 3.0), lv,
                              floor_counts=2.0 + 4 * sev)
        y = _autorange(y, x)
    else:  # pragma: no cover
        raise AssertionError(mech)
    return np.clip(y, 0, 1)


def _overexposure(x, lay, rng, mech, sev):
    lungs = _lung_values(x, lay)
    lm = float(np.median(lungs))
    if mech == "detector_saturation":
        thr = float(np.percentile(lungs, 55 + 35 * sev))
        black = rng.uniform(0.0, 0.03)
        # soft knee a few grey levels wide, like the detector's roll-off into saturation
        k = 0.015
        y = thr + k * np.logaddexp(0, (x - thr) / k)
        y = black + (y - thr) * (1 - black) / max(1e-3, 1 - thr)
        # saturated pixels carry no noise or texture: smooth them out completely
        sat = x < thr
        y = np.where(sat, black, y)
    elif mech == "film_curve_too_dark":
        # the lungs land on the shoulder of the curve: black, markings gone
        gfilm = rng.uniform(0.85, 1.2)
        target = 0.065 - 0.035 * sev
        shift = _logit(1.0 - target) - gfilm * _logit(1.0 - lm)
        y = 1.0 - _sig(_logit(1.0 - x) * gfilm + shift)
    elif mech == "over_penetrated_high_kvp":
        # flat subject contrast and a dark film: lungs near black, heart and spine only mid grey
        dense = float(np.percentile(x, 95))
        t_lung = rng.uniform(0.02, 0.06)
        t_dense = 0.45 - 0.2 * sev
        gain = min(0.7, (t_dense - t_lung) / max(0.05, dense - lm))
        y = t_lung + gain * (x - lm)
    elif mech == "exposure_recognition_dark":
        lift = rng.uniform(0.0, 0.06)
        target = 0.1 - 0.06 * sev
        gam = max(1.8, np.log(target) / np.log(max(0.05, lm - lift)))
        y = np.clip(x - lift, 0, 1) ** gam
        y = np.where(y < 0.02, 0.0, y)
    else:  # pragma: no cover
        raise AssertionError(mech)
    return np.clip(y, 0, 1)


# ----------------------------------------------------------------------------------------------
# geometry: out-painting the body around a film that the field or detector moved over
# ----------------------------------------------------------------------------------------------

def _trim_bands(x: np.ndarray) -> tuple[int, int, int, int]:
    """Bounds (top, bottom, left, right) without full-length black/white border bands (old shutters),
    so that they are not extended or moved into the middle of a new field."""
    lim = int(0.08 * max(x.shape))

    def band(v):
        return (np.mean(v < 0.08) > 0.9) or (np.mean(v > 0.95) > 0.9)

    return border_bands(x, band, lim, lim)


def _outpaint(src, H, W, oy, ox, mid_src, rng, sigma_n, arm_prob=0.5):
    """Place ``src`` at (oy, ox) on an H x W canvas and synthesise what the detector saw around it.

    One torso silhouette is drawn round the film: body wall bulging a little beyond its lateral
    edges, shoulders sloping into the neck (cervical spine, trachea) above, abdomen narrowing to the
    waist below (lumbar spine, bowel gas), arms alongside, air elsewhere. Parts of ``src`` outside
    the canvas are lost (that is what the cut-off faults need)."""
    h, w = src.shape
    sc = max(H, W) / 640.0
    Y = np.arange(H, dtype=np.float32)
    X = np.arange(W, dtype=np.float32)
    r = Y - oy                      # row in film coordinates
    rr = np.clip(r, 0, h - 1).astype(int)
    # continue from a few pixels inside the film: processing often leaves edge bands
    k = int(max(2, 0.02 * max(h, w)))
    sm = _g(src, max(2.0, 0.015 * max(h, w)))
    cont = sm[np.clip(r, k, h - 1 - k).astype(int)][:, np.clip(X - ox, k, w - 1 - k).astype(int)]
    above = np.maximum(-r, 0)[:, None]
    below = np.maximum(r - (h - 1), 0)[:, None]
    xx = X[None, :]
    mid_c = ox + mid_src
    air = float(np.clip(np.percentile(src, 0.5), 0.0, 0.1)) + rng.uniform(0.0, 0.04)
    body_thr = air + 0.12

    # --- torso outline per canvas row (left and right skin lines, canvas x)
    col_l = sm[:, min(k, w - 1)]
    col_r = sm[:, max(0, w - 1 - k)]
    touch_l = col_l > body_thr
    touch_r = col_r > body_thr
    rows = np.arange(h)

    def inner_extent(row):
        idx = np.nonzero(row > body_thr)[0]
        return (float(idx[0]), float(idx[-1] + 1)) if idx.size >= 3 else (0.3 * w, 0.7 * w)

    ext = np.array([inner_extent(sm[j]) for j in range(0, h, max(1, h // 64))])
    ext_rows = np.arange(0, h, max(1, h // 64))
    inl = np.interp(rows, ext_rows, ext[:, 0])
    inr = np.interp(rows, ext_rows, ext[:, 1])
    bulge = np.sin(np.pi * np.clip(rows / h, 0, 1)) ** 0.7
    g_l = rng.uniform(0.01, 0.07) * w * (0.5 + 0.5 * bulge)
    g_r = rng.uniform(0.01, 0.07) * w * (0.5 + 0.5 * bulge)
    sk_l = np.where(touch_l, -g_l, inl) + ox
    sk_r = np.where(touch_r, w + g_r, inr) + ox
    sk_l = ndi.gaussian_filter1d(sk_l, 3 * sc)
    sk_r = ndi.gaussian_filter1d(sk_r, 3 * sc)
    waist = rng.uniform(0.03, 0.12) * w
    flare = rng.uniform(0.0, 0.08) * w
    dn = np.clip(r - (h - 1), 0, None)
    wt = _smoothstep(dn / (0.3 * h)) * waist - _smoothstep((dn - 0.4 * h) / (0.35 * h)) * flare
    left_line = np.interp(rr, rows, sk_l) + wt
    right_line = np.interp(rr, rows, sk_r) - wt
    # above the film: shoulders rounding off, trapezius sloping up into the neck
    hw0 = max(right_line[max(0, min(H - 1, oy))] - mid_c, mid_c - left_line[max(0, min(H - 1, oy))])
    neck_hw = rng.uniform(0.09, 0.13) * w
    d_sh = rng.uniform(0.06, 0.12) * h
    d_tr = rng.uniform(0.12, 0.25) * h
    ab = np.maximum(-r, 0)
    shoulder = hw0 * np.sqrt(np.clip(1 - (ab / d_sh) ** 2, 0, 1))
    slope = neck_hw + (0.85 * hw0 - neck_hw) * np.clip(1 - ab / d_tr, 0, 1) ** 1.4
    hw_up = np.maximum(np.maximum(neck_hw, shoulder), slope)
    left_line = np.where(ab > 0, mid_c - hw_up, left_line)[:, None]
    right_line = np.where(ab > 0, mid_c + hw_up, right_line)[:, None]
    edge_soft = 3.0 * sc
    d_in = np.minimum(xx - left_line, right_line - xx)   # distance inside the skin line
    body = _smoothstep(d_in / edge_soft + 0.5)

    # --- values inside the body
    val = cont.copy()
    # soft tissue thins towards the skin line beyond the film's lateral edges
    outside_x = (xx < ox) | (xx > ox + w - 1)
    thin = np.clip(d_in / np.maximum(8 * sc, 0.03 * w), 0, 1) ** 0.6
    val = np.where(outside_x, air + (val - air) * (0.55 + 0.45 * thin), val)
    if below.max() > 0:
        a0 = float(np.clip(np.percentile(src[max(0, h - 6 * k):h - k], 55), 0.45, 0.9))
        half = np.maximum(1.0, 0.5 * (right_line - left_line))
        centre = 0.5 * (right_line + left_line)
        rel = (xx - centre) / half
        prof = a0 * (1 - 0.25 * np.clip(np.abs(rel), 0, 1) ** 3)
        spine = 0.05 * np.exp(-0.5 * ((xx - mid_c) / (0.035 * w)) ** 2)
        tgt = prof + spine + 0.012 * _field(rng, (H, W), 10 * sc)
        wgt = _smoothstep(below / (0.15 * h))
        val = np.where(below > 0, val * (1 - wgt) + tgt * wgt, val)
        gas = np.zeros((H, W), np.float32)
        for _ in range(int(rng.integers(3, 12))):
            gy = oy + h + rng.uniform(0.08, 0.55) * h
            gx = mid_c + rng.uniform(-0.3, 0.3) * w
            ry, rx = rng.uniform(0.015, 0.04) * w, rng.uniform(0.02, 0.07) * w
            gas += np.exp(-0.5 * (((Y[:, None] - gy) / ry) ** 2 + ((xx - gx) / rx) ** 2) ** 2) * rng.uniform(0.05, 0.14)
        val = val - gas * _smoothstep(below / (0.08 * h))
    if above.max() > 0:
        n0 = float(np.clip(np.percentile(src[:6, int(max(0, mid_src - 0.1 * w)):int(mid_src + 0.1 * w)], 50),
                           0.35, 0.85))
        wgt = 1 - np.exp(-above / (0.04 * h))
        period = rng.uniform(0.035, 0.05) * h
        spine = (0.05 + 0.025 * np.cos(2 * np.pi * above / period)) * np.exp(-0.5 * ((xx - mid_c) / (0.03 * w)) ** 2)
        trach = 0.08 * np.exp(-0.5 * ((xx - mid_c - rng.uniform(-0.01, 0.01) * w) / (0.016 * w)) ** 2)
        thick = 1 - 0.12 * np.clip(np.abs(xx - mid_c) / neck_hw, 0, 1.5) ** 2
        muscle = _g(rng.standard_normal((H, W)).astype(np.float32), (7 * sc, 2 * sc))
        muscle = 0.015 * muscle / max(1e-6, float(muscle.std()))
        tgt = n0 * thick + (spine - trach) * _smoothstep(above / (0.03 * h)) + muscle
        val = np.where(above > 0, val * (1 - wgt) + tgt * wgt, val)

    # --- arms alongside the torso (supine bedside films), from the shoulder to about the elbow
    for sgn, line in ((-1, left_line), (1, right_line)):
        rows_film = slice(max(0, oy), min(H, oy + h))
        outer = line[rows_film, 0].min() if sgn < 0 else line[rows_film, 0].max()
        room = outer if sgn < 0 else W - outer
        aw = rng.uniform(0.2, 0.28) * w
        if room < 0.5 * aw or rng.random() >= arm_prob:
            continue
        gap = rng.uniform(0.005, 0.03) * w
        tilt = rng.uniform(-0.06, 0.06)
        x_in = outer + sgn * gap + tilt * (Y[:, None] - oy)
        u = (sgn * (xx - x_in)) / aw  # 0..1 across the arm
        prof = np.where((u > 0) & (u < 1), np.maximum(np.sin(np.pi * np.clip(u, 0, 1)), 0) ** 0.5, 0.0)
        y_top = oy - rng.uniform(0.0, 0.1) * h
        y_elb = oy + rng.uniform(0.85, 1.3) * h
        span = _smoothstep((Y[:, None] - y_top) / (0.05 * h)) * _smoothstep((y_elb - Y[:, None]) / (0.06 * h))
        bu = (u - rng.uniform(0.4, 0.6)) / rng.uniform(0.1, 0.14)
        bone = np.where(np.abs(bu) < 1, 0.1 + 0.08 * np.abs(bu) ** 8, 0.0)
        lvl = rng.uniform(0.4, 0.55)
        arm_v = air + (lvl - air) * prof + bone + 0.01 * _field(rng, (H, W), 4 * sc)
        amask = np.clip(prof * 3, 0, 1) * span
        val = val * (1 - amask) + arm_v * amask
        body = np.maximum(body, amask)

    texture = 0.01 * _field(rng, (H, W), 5 * sc)
    ext = air * (1 - body) + (val + texture) * body
    ext = ext + sigma_n * (0.5 + 0.5 * body) * _field(rng, (H, W), 0.6)
    # paste the film back with a feather, except where it runs off the canvas
    out = ext
    ys0, ys1 = max(0, oy), min(H, oy + h)
    xs0, xs1 = max(0, ox), min(W, ox + w)
    if ys1 > ys0 and xs1 > xs0:
        inner = np.zeros((H, W), np.float32)
        inner[ys0:ys1, xs0:xs1] = 1
        ins = np.pad(inner, 1, constant_values=0)
        if oy <= 0:
            ins[0, :] = ins[1, :]
        if oy + h >= H:
            ins[-1, :] = ins[-2, :]
        if ox <= 0:
            ins[:, 0] = ins[:, 1]
        if ox + w >= W:
            ins[:, -1] = ins[:, -2]
        dist_in = ndi.distance_transform_cdt(ins).astype(np.float32)[1:-1, 1:-1]
        feather = 4.0 + 6.0 * sc
        alpha = np.clip(dist_in / feather, 0, 1)
        full = np.zeros((H, W), np.float32)
        full[ys0:ys1, xs0:xs1] = src[ys0 - oy:ys1 - oy, xs0 - ox:xs1 - ox]
        out = full * alpha + ext * (1 - alpha)
    return np.clip(out, 0, 1).astype(np.float32)


def _blade_mask(H, W, side, pos, tilt_deg, rng):
    """Soft mask (1 = covered by the collimator blade) for a blade edge at ``pos`` on ``side``."""
    yy = np.arange(H, dtype=np.float32)[:, None]
    xx = np.arange(W, dtype=np.float32)[None, :]
    t = np.tan(np.deg2rad(tilt_deg))
    if side == "top":
        d = pos + t * (xx - W / 2) - yy
    elif side == "bottom":
        d = yy - (pos + t * (xx - W / 2))
    elif side == "left":
        d = pos + t * (yy - H / 2) - xx
    else:
        d = xx - (pos + t * (yy - H / 2))
    pen = rng.uniform(1.0, 2.5) * max(H, W) / 640.0
    return _sig(d / pen * 1.7)


def _shutter_fill(x, covered, rng):
    """What sits behind a blade: unexposed (scatter only: bright, faint anatomy) or software black."""
    if rng.random() < 0.6:
        lvl = rng.uniform(0.82, 0.96)
        ghost = rng.uniform(0.03, 0.1) * (_g(x, 3) - 0.5)
        fill = lvl + ghost + 0.01 * _field(rng, x.shape, 1.0)
    else:
        fill = np.full_like(x, rng.uniform(0.0, 0.03))
    return np.clip(x * (1 - covered) + fill * covered, 0, 1)


def _cutoff(film, lay, rng, mech, sev, sigma_n):
    H0, W0 = film.shape
    t0, b0, l0, r0 = 0, H0, 0, W0
    if mech != "collimator_blade":
        # old shutter bands would end up inside the moved field: drop them first
        t0, b0, l0, r0 = _trim_bands(film)
        if (t0, b0, l0, r0) != (0, H0, 0, W0):
            lay = _layout(film[t0:b0, l0:r0])
    x = film[t0:b0, l0:r0]
    H, W = x.shape
    y0, y1, _, _ = lay.lung
    top = max(y0, 0.06 * H)
    bot = min(y1, 0.85 * H)
    hl = max(bot - top, 0.45 * H)
    la = (max(lay.a[2], 0.1 * W), min(lay.a[3], lay.mid))
    lb = (max(lay.b[2], lay.mid), min(lay.b[3], 0.9 * W))

    # Cut lines ``fr`` of the way into the lung. The layout is only a guess, so each line is also
    # pushed at least a fixed fraction into the image: the cut then reaches lung on any usual framing.
    def cut_top(fr):
        return max(top + fr * hl, (0.1 + 0.4 * fr) * H)

    def cut_bot(fr):
        return min(bot - fr * hl, (0.87 - 0.4 * fr) * H)

    def cut_left(fr):
        return max(la[0] + fr * (la[1] - la[0]), (0.14 + 0.5 * fr) * W)

    def cut_right(fr):
        return min(lb[1] - fr * (lb[1] - lb[0]), (0.86 - 0.5 * fr) * W)

    f = 0.14 + 0.2 * sev
    fl = 0.2 + 0.2 * sev
    mid = lay.mid
    if mech in ("apex_cut", "base_cut", "lateral_cut", "corner_cut"):
        dy = dx = 0.0
        if mech == "apex_cut":
            dy = -cut_top(f)
        elif mech == "base_cut":
            dy = H - cut_bot(f)
        elif mech == "lateral_cut":
            dx = -cut_left(fl) if rng.random() < 0.5 else W - cut_right(fl)
        else:
            g = 0.1 + 0.15 * sev
            dy = -cut_top(g) if rng.random() < 0.5 else H - cut_bot(g)
            dx = -cut_left(g) if rng.random() < 0.5 else W - cut_right(g)
        oy, ox = int(round(dy)), int(round(dx))
        if ox == 0 and abs(oy) < 0.3 * H and (W >= H or abs(oy) < 0.1 * H) and rng.random() < 0.4:
            # archive kept the shorter image the detector produced (no synthetic fill)
            if oy < 0:
                return film[t0 - oy:, :].copy()
            return film[: t0 + H - oy, :].copy()
        return _outpaint(x, H0, W0, t0 + oy, l0 + ox, mid, rng, sigma_n)
    if mech == "collimator_blade":
        side = ["top", "bottom", "left", "right"][int(rng.integers(0, 4))]
        pos = {"top": lambda: cut_top(f), "bottom": lambda: cut_bot(f),
               "left": lambda: cut_left(fl), "right": lambda: cut_right(fl)}[side]()
        # a small tilt: the edge stays inside the lung across its extent
        cov = _blade_mask(H, W, side, pos, rng.uniform(-3, 3), rng)
        return _shutter_fill(x, cov, rng)
    raise AssertionError(mech)  # pragma: no cover


def _collimation(x, lay, rng, mech, sev, sigma_n, look):
    H, W = x.shape
    t0, b0, l0, r0 = _trim_bands(x)
    src = x[t0:b0, l0:r0]
    sh_, sw_ = src.shape
    mid_src = _layout(src).mid if src.shape != x.shape else lay.mid
    method = _RESAMPLERS[look.resample]
    if mech == "wide_field":
        s = 0.72 - 0.2 * sev
    elif mech == "low_centring_abdomen":
        s = 0.7 - 0.16 * sev
    elif mech == "lateral_offset":
        s = 0.68 - 0.13 * sev
    else:
        s = 0.7 - 0.14 * sev
    # fit the scaled film into the canvas whatever its aspect
    s = s * min(H / sh_, W / sw_)
    h, w = max(16, int(round(sh_ * s))), max(16, int(round(sw_ * s)))
    small = _resize(src, (h, w), method)
    small = small + 0.4 * sigma_n * _field(rng, small.shape, 0.6)  # downsampling removed the grain
    mid_small = mid_src * w / sw_
    if mech == "wide_field":
        oy = int((H - h) / 2 + rng.uniform(-0.03, 0.03) * H)
        ox = int((W - w) / 2 + rng.uniform(-0.03, 0.03) * W)
    elif mech == "low_centring_abdomen":
        oy = int(rng.uniform(0.0, 0.02) * H)
        ox = int((W - w) / 2 + rng.uniform(-0.04, 0.04) * W)
    elif mech == "lateral_offset":
        oy = int((H - h) / 2 + rng.uniform(-0.05, 0.05) * H)
        ox = int(rng.uniform(0.0, 0.02) * W) if rng.random() < 0.5 else int(W - w - rng.uniform(0.0, 0.02) * W)
    else:
        oy = int(rng.uniform(0.0, 0.03) * H) if rng.random() < 0.5 else int(H - h - rng.uniform(0.0, 0.03) * H)
        ox = int(rng.uniform(0.0, 0.03) * W) if rng.random() < 0.5 else int(W - w - rng.uniform(0.0, 0.03) * W)
    oy = int(np.clip(oy, 0, H - h))
    ox = int(np.clip(ox, 0, W - w))
    out = _outpaint(small, H, W, oy, ox, mid_small, rng, sigma_n, arm_prob=0.6)
    if mech == "diagonal_offset_tilted_field" or (mech == "wide_field" and rng.random() < 0.35):
        # visible collimator edges just inside the canvas, rotated a little, never over the film
        tilt = rng.uniform(2.0, 7.0) * (1 if rng.random() < 0.5 else -1)
        if mech == "wide_field":
            tilt = rng.uniform(-2.0, 2.0)
        cov = np.zeros((H, W), np.float32)
        for side in ("top", "bottom", "left", "right"):
            if side == "top":
                room = oy
                pos = rng.uniform(0.2, 0.6) * room - abs(np.tan(np.deg2rad(tilt))) * W / 2
            elif side == "bottom":
                room = H - oy - h
                pos = H - rng.uniform(0.2, 0.6) * room + abs(np.tan(np.deg2rad(tilt))) * W / 2
            elif side == "left":
                room = ox
                pos = rng.uniform(0.2, 0.6) * room - abs(np.tan(np.deg2rad(tilt))) * H / 2
            else:
                room = W - ox - w
                pos = W - rng.uniform(0.2, 0.6) * room + abs(np.tan(np.deg2rad(tilt))) * H / 2
            if room < 0.06 * min(H, W):
                continue
            cov = np.maximum(cov, _blade_mask(H, W, side, pos, tilt, rng))
        protect = np.zeros((H, W), np.float32)
        protect[oy:oy + h, ox:ox + w] = 1
        cov = cov * (1 - protect)
        out = _shutter_fill(out, cov, rng)
    return out


# ----------------------------------------------------------------------------------------------
# motion
# ----------------------------------------------------------------------------------------------

class _Shifter:
    """Bilinear sub-pixel shifts with edge replication, as slices of one padded copy (fast)."""

    def __init__(self, x: np.ndarray, reach: float):
        self.p = int(np.ceil(abs(reach))) + 2
        self.xp = np.pad(x, self.p, mode="edge")
        self.H, self.W = x.shape

    def __call__(self, dy: float, dx: float) -> np.ndarray:
        iy, ix = int(np.floor(dy)), int(np.floor(dx))
        fy, fx = dy - iy, dx - ix
        p, H, W, xp = self.p, self.H, self.W, self.xp

        def sl(oy, ox):
            return xp[p - oy:p - oy + H, p - ox:p - ox + W]

        return ((sl(iy, ix) * (1 - fx) + sl(iy, ix + 1) * fx) * (1 - fy)
                + (sl(iy + 1, ix) * (1 - fx) + sl(iy + 1, ix + 1) * fx) * fy).astype(np.float32)


def _motion_profile(rng, k):
    """Positions along the path: uniform (steady drift) or weighted to the ends (to-and-fro)."""
    t = (np.arange(k) + 0.5) / k
    if rng.random() < 0.4:
        t = 0.5 - 0.5 * np.cos(np.pi * t)
    return t


def _motion(x, lay, rng, mech, sev, sigma_n):
    H, W = x.shape
    sc = lay.scale
    y0 = lay.lung[0]
    dia = 0.5 * (lay.a[1] + lay.b[1])
    yy = np.arange(H, dtype=np.float32)
    if mech == "breathing_diaphragm":
        amp = (13 + 14 * sev) * sc * (1 if rng.random() < 0.5 else -1)
        ramp = _smoothstep((yy - (y0 + 0.15 * (dia - y0))) / max(1.0, 0.75 * (dia - y0)))
        ramp = ramp * (0.9 + 0.2 * rng.random())
        k = 14
        acc = np.zeros_like(x)
        for t in _motion_profile(rng, k):
            src_y = np.clip(yy - amp * t * ramp, 0, H - 1)
            i0 = np.floor(src_y).astype(int)
            i1 = np.minimum(i0 + 1, H - 1)
            fr = (src_y - i0)[:, None]
            acc += x[i0] * (1 - fr) + x[i1] * fr
        y = acc / k
    elif mech == "cardiac_border":
        # left heart border (image right of the spine, lower half of the lungs); the layout is
        # rough, so the prior position weighs in and the moving zone is generous
        hx = 0.5 * (lay.b[2] + 0.15 * (lay.b[3] - lay.b[2])) + 0.5 * (lay.mid + 0.14 * W)
        hy = 0.5 * (y0 + 0.7 * (dia - y0)) + 0.5 * 0.58 * H
        ry, rx = 0.2 * H, 0.12 * W
        w = np.exp(-0.5 * (((yy[:, None] - hy) / ry) ** 2 + ((np.arange(W)[None, :] - hx) / rx) ** 2))
        w = np.clip(w * 1.6, 0, 1).astype(np.float32)
        amp = (8 + 10 * sev) * sc
        ang = rng.uniform(-0.5, 0.5)
        k = 10
        acc = np.zeros_like(x)
        shift = _Shifter(x, amp)
        for t in 0.5 - 0.5 * np.cos(np.pi * (np.arange(k) + 0.5) / k):
            acc += shift(amp * t * np.sin(ang), amp * t * np.cos(ang))
        y = x * (1 - w) + (acc / k) * w
    elif mech == "gross_linear":
        ln = (11 + 15 * sev) * sc
        ang = rng.uniform(0, np.pi)
        k = max(8, int(ln) + 1)
        acc = np.zeros_like(x)
        shift = _Shifter(x, ln)
        for t in _motion_profile(rng, k):
            acc += shift((t - 0.5) * ln * np.sin(ang), (t - 0.5) * ln * np.cos(ang))
        y = acc / k
    elif mech == "double_contour":
        d = (9 + 12 * sev) * sc
        # mostly a vertical jump (slumping, a breath), sometimes any direction
        ang = np.pi / 2 + rng.uniform(-0.35, 0.35) if rng.random() < 0.7 else rng.uniform(0, np.pi)
        wgt = rng.uniform(0.42, 0.5)
        shift = _Shifter(x, d)
        sec = shift(d * np.sin(ang), d * np.cos(ang))
        if rng.random() < 0.5:  # some smear between the two positions
            sec = 0.7 * sec + 0.3 * shift(0.5 * d * np.sin(ang), 0.5 * d * np.cos(ang))
        y = (1 - wgt) * x + wgt * sec
    elif mech == "rotational_twist":
        arc = (18 + 16 * sev) * sc
        py, px = 0.5 * (y0 + dia), lay.mid
        theta = arc / max(1.0, 0.45 * W)
        k = 7
        gy, gx = np.mgrid[0:H, 0:W].astype(np.float32)
        ry_, rx_ = gy - py, gx - px
        acc = np.zeros_like(x)
        for t in _motion_profile(rng, k):
            a = (t - 0.5) * theta
            ca, sa = np.cos(a), np.sin(a)
            acc += ndi.map_coordinates(x, [py + ca * ry_ - sa * rx_, px + sa * ry_ + ca * rx_],
                                       order=1, mode="nearest")
        y = acc / k
    else:  # pragma: no cover
        raise AssertionError(mech)
    # quantum noise is added after the motion, so the blurred film keeps its grain
    if mech == "cardiac_border":
        y = y + w * 0.8 * sigma_n * _field(rng, x.shape, 0.6)
    else:
        y = y + 0.8 * sigma_n * _field(rng, x.shape, 0.6)
    return np.clip(y, 0, 1)


# ----------------------------------------------------------------------------------------------
# foreign objects
# ----------------------------------------------------------------------------------------------

def _objects(x, lay, rng, mech, sev):
    H, W = x.shape
    sc = lay.scale
    ss = 3
    im = Image.new("L", (W * ss, H * ss), 0)
    d = ImageDraw.Draw(im)
    y0, y1 = lay.lung[:2]
    hl = y1 - y0
    mid = lay.mid

    def S(v):  # to supersampled coordinates
        return v * ss

    def disc(cx, cy, r, fill=255):
        d.ellipse([S(cx - r), S(cy - r), S(cx + r), S(cy + r)], fill=fill)

    def ring(cx, cy, r, wdt, fill=255):
        d.ellipse([S(cx - r), S(cy - r), S(cx + r), S(cy + r)], outline=fill, width=max(1, int(S(wdt))))

    def poly_line(pts, wdt, fill=255):
        d.line([(S(px), S(py)) for px, py in pts], fill=fill, width=max(1, int(S(wdt))), joint="curve")

    alpha = rng.uniform(0.9, 1.0)
    size = 0.8 + 0.5 * sev  # larger and more numerous items when more severe
    if mech == "necklace":
        ncx = mid + rng.uniform(-0.04, 0.04) * W
        half = rng.uniform(0.07, 0.12) * W
        ytop = max(0.0, y0 - 0.03 * H)
        drop = (0.18 + 0.2 * rng.random()) * hl
        tx = np.linspace(-1, 1, 200)
        sway = rng.uniform(-0.25, 0.25) * half
        px = ncx + half * tx + sway * (1 - tx ** 2)
        py = ytop + drop * (1 - tx ** 2)
        ball = rng.random() < 0.5
        bead = (1.3 if ball else 1.0) * sc * size
        seg = np.hypot(np.diff(px), np.diff(py))
        arc = np.concatenate([[0], np.cumsum(seg)])
        step = (3.2 if ball else 2.6) * sc
        for i, s in enumerate(np.arange(0, arc[-1], step)):
            cx = np.interp(s, arc, px)
            cy = np.interp(s, arc, py)
            if ball:
                disc(cx, cy, bead)
            else:
                r = bead * 1.3
                if i % 2:
                    d.ellipse([S(cx - r), S(cy - r * 0.6), S(cx + r), S(cy + r * 0.6)], outline=255,
                              width=max(1, int(S(0.7 * sc))))
                else:
                    d.ellipse([S(cx - r * 0.6), S(cy - r), S(cx + r * 0.6), S(cy + r)], outline=255,
                              width=max(1, int(S(0.7 * sc))))
        bx, by = ncx + sway, ytop + drop
        pr = rng.uniform(7, 13) * sc * size
        kind = int(rng.integers(0, 4))
        if kind == 0:
            disc(bx, by + pr, pr)
        elif kind == 1:  # cross
            d.rectangle([S(bx - pr * 0.22), S(by), S(bx + pr * 0.22), S(by + 2.4 * pr)], fill=255)
            d.rectangle([S(bx - pr * 0.8), S(by + 0.5 * pr), S(bx + pr * 0.8), S(by + 0.95 * pr)], fill=255)
        elif kind == 2:  # heart
            disc(bx - 0.45 * pr, by + 0.6 * pr, 0.55 * pr)
            disc(bx + 0.45 * pr, by + 0.6 * pr, 0.55 * pr)
            d.polygon([(S(bx - pr), S(by + 0.75 * pr)), (S(bx + pr), S(by + 0.75 * pr)),
                       (S(bx), S(by + 2.0 * pr))], fill=255)
        else:  # locket ring
            ring(bx, by + pr, pr, 2.0 * sc)
    elif mech == "buttons_snaps":
        lx = mid + rng.uniform(-0.2, 0.2) * W
        n = int(rng.integers(3, 7))
        ys = np.linspace(y0 + 0.08 * hl, y0 + (0.6 + 0.3 * rng.random()) * hl, n)
        tilt = rng.uniform(-0.08, 0.08)
        snap = rng.random() < 0.5
        for yb in ys:
            cx = lx + tilt * (yb - y0) + rng.normal(0, 1.0) * sc
            r = rng.uniform(6.0, 9.5) * sc * size
            if snap:
                ring(cx, yb, r, 1.6 * sc)
                disc(cx, yb, 0.4 * r)
            else:
                disc(cx, yb, r, fill=int(255 * rng.uniform(0.85, 1.0)))
                for k in range(int(rng.choice([2, 4]))):
                    a = np.pi / 4 + k * np.pi / 2 if k < 4 else 0
                    disc(cx + 0.35 * r * np.cos(a), yb + 0.35 * r * np.sin(a), 0.16 * r, fill=0)
    elif mech == "bra_wire_hooks":
        bw = rng.uniform(0.2, 0.28) * W
        bh = rng.uniform(0.06, 0.1) * H
        yb = y0 + rng.uniform(0.5, 0.72) * hl
        for sgn in (-1, 1):
            cx = mid + sgn * rng.uniform(0.17, 0.24) * W
            t = np.linspace(0.05 * np.pi, 0.95 * np.pi, 60)
            pts = [(cx + 0.5 * bw * np.cos(tt), yb + bh * np.sin(tt)) for tt in t]
            poly_line(pts, rng.uniform(1.6, 2.6) * sc)
        if rng.random() < 0.8:  # strap adjusters (slider rings) over the upper lungs
            for sgn in (-1, 1):
                cx = mid + sgn * rng.uniform(0.17, 0.26) * W
                cy = y0 + rng.uniform(0.08, 0.25) * hl
                rw, rh = 5 * sc * size, 3.5 * sc * size
                d.rectangle([S(cx - rw), S(cy - rh), S(cx + rw), S(cy + rh)], outline=255,
                            width=max(1, int(S(1.4 * sc))))
                d.line([(S(cx), S(cy - rh)), (S(cx), S(cy + rh))], fill=255, width=max(1, int(S(1.2 * sc))))
        # hook-and-eye clasp at the back, projected over the spine
        cy = y0 + rng.uniform(0.45, 0.65) * hl
        for k in range(int(rng.integers(2, 4))):
            yy_ = cy + k * 4.5 * sc
            d.rectangle([S(mid - 7 * sc), S(yy_), S(mid + 7 * sc), S(yy_ + 2 * sc)], fill=255)
            ring(mid - 9 * sc, yy_ + 1 * sc, 2 * sc, 1 * sc)
    elif mech == "hair_clips":
        n = int(rng.integers(1, 4)) + int(sev > 0.5)
        for _ in range(n):
            cx = mid + rng.uniform(-0.22, 0.22) * W
            cy = rng.uniform(max(0, y0 - 0.02 * H), y0 + 0.3 * hl)
            ln = rng.uniform(38, 65) * sc * size
            a = rng.uniform(0, np.pi)
            u = np.array([np.cos(a), np.sin(a)])
            v = np.array([-u[1], u[0]])
            gap = 2.8 * sc
            p0 = np.array([cx, cy])
            straight = [tuple(p0 + v * gap / 2), tuple(p0 + v * gap / 2 + u * ln)]
            wav = [tuple(p0 - v * gap / 2 + u * ln * t - v * 1.3 * sc * np.sin(t * 10 * np.pi) * (t > 0.15))
                   for t in np.linspace(0, 0.93, 50)]
            poly_line(straight, 2.0 * sc)
            poly_line(wav, 2.0 * sc)
            ring(*(p0 + u * ln), gap / 2 + 0.4 * sc, 1.0 * sc)
            disc(*(p0 - u * 0.8 * sc), gap * 0.7)
        if rng.random() < 0.5:  # barrette: spring bar with a clasp
            cx = mid + rng.uniform(-0.2, 0.2) * W
            cy = rng.uniform(max(0, y0), y0 + 0.25 * hl)
            L = rng.uniform(45, 75) * sc
            d.rectangle([S(cx - L / 2), S(cy - 2 * sc), S(cx + L / 2), S(cy + 2 * sc)], outline=255,
                        width=max(1, int(S(1.2 * sc))))
            d.rectangle([S(cx - L / 2), S(cy - 0.6 * sc), S(cx + L / 2), S(cy + 0.6 * sc)], fill=255)
            disc(cx + L / 2, cy, 3 * sc)
    elif mech == "zipper_or_pocket":
        if rng.random() < 0.6:
            zx = mid + rng.uniform(-0.12, 0.12) * W
            zl = rng.uniform(0.35, 0.75) * hl
            zt = y0 - rng.uniform(0.0, 0.05) * H
            curv = rng.uniform(-0.04, 0.04) * W
            tw = 4.5 * sc * size
            for k, yy_ in enumerate(np.arange(zt, zt + zl, 2.6 * sc)):
                t = (yy_ - zt) / zl
                cx = zx + curv * 4 * t * (1 - t)
                off = tw * 0.5 if k % 2 else -tw * 0.5
                d.rectangle([S(cx + off - tw / 2), S(yy_), S(cx + off + tw / 2), S(yy_ + 1.6 * sc)], fill=255)
            cx = zx + curv * 0.0
            ty = zt + zl
            d.rectangle([S(cx - 4 * sc), S(ty), S(cx + 4 * sc), S(ty + 16 * sc * size)], fill=255)
            disc(cx, ty + 12 * sc * size, 1.6 * sc, fill=0)
        else:
            sgn = -1 if rng.random() < 0.5 else 1
            px = mid + sgn * rng.uniform(0.15, 0.28) * W
            py = y0 + rng.uniform(0.15, 0.4) * hl
            for _ in range(int(rng.integers(2, 6))):
                r = rng.uniform(10, 16) * sc
                disc(px + rng.normal(0, 6) * sc, py + rng.normal(0, 6) * sc, r,
                     fill=int(255 * rng.uniform(0.9, 1.0)))
            if rng.random() < 0.6:  # a key
                kx, ky = px + rng.uniform(10, 25) * sc, py + rng.uniform(-10, 10) * sc
                ring(kx, ky, 6 * sc, 2.5 * sc)
                a = rng.uniform(0, 2 * np.pi)
                ex, ey = kx + 30 * sc * np.cos(a), ky + 30 * sc * np.sin(a)
                poly_line([(kx + 6 * sc * np.cos(a), ky + 6 * sc * np.sin(a)), (ex, ey)], 3.5 * sc)
    else:  # pragma: no cover
        raise AssertionError(mech)
    t = np.asarray(im.resize((W, H), Image.BOX), np.float32) / 255.0
    t = _g(t, rng.uniform(0.3, 0.7))  # focal-spot (geometric) unsharpness
    y = x + (1 - x) * np.clip(t * alpha * 1.25, 0, 1)
    halo = rng.uniform(0.0, 0.15)
    if halo > 0.02:  # edge-enhancement overshoot: dark rim around the metal
        y = y - halo * np.clip(_g(t, 2.5 * sc) - t, 0, 1)
    return np.clip(y, 0, 1)


# ----------------------------------------------------------------------------------------------
# markers and annotations
# ----------------------------------------------------------------------------------------------

_TEXTS = (
    "AP SUPINE", "AP SITTING", "PORTABLE", "Bettaufnahme", "liegend", "sitzend", "ICU 3", "ITS 2",
    "SEMI-ERECT", "INSP.", "nach ZVK", "Kontrolle", "re. Drainage", "14:27", "03:55", "12.04.2020",
    "MOBILE", "Station 44", "TUBUS", "CHEST AP",
)


def _text_layer(H, W, items, ss=2):
    """items: (x, y, text, size); returns supersampled-then-reduced coverage."""
    im = Image.new("L", (W * ss, H * ss), 0)
    d = ImageDraw.Draw(im)
    for (tx, ty, txt, size) in items:
        d.text((tx * ss, ty * ss), txt, font=_font(size * ss), fill=255)
    return np.asarray(im.resize((W, H), Image.BOX), np.float32) / 255.0


def _burn(x, cov, rng, allow_box=True):
    """Burn graphics into pixels the way PACS exports do: white (sometimes on a dark box)."""
    lvl = rng.uniform(0.88, 1.0)
    y = x.copy()
    ov = ndi.binary_dilation(cov > 0.02, iterations=1)
    if allow_box and rng.random() < 0.3:
        box = ndi.binary_dilation(cov > 0.1, iterations=3)
        y = np.where(box, rng.uniform(0.0, 0.15), y)
        ov |= box
    return np.clip(y * (1 - cov) + lvl * cov, 0, 1), ov


def _lung_centre_box(lay: _Layout, side: str):
    """The lung box pulled towards the usual lung centre and shrunk: a safe place to be 'over the
    lung' when the layout is only a guess."""
    ly0, ly1, lx0, lx1 = getattr(lay, side)
    px = (0.29 if side == "a" else 0.71) * lay.W
    py = 0.42 * lay.H
    cx = 0.3 * 0.5 * (lx0 + lx1) + 0.7 * px
    cy = 0.5 * (0.5 * (ly0 + ly1) + py)
    hw = 0.15 * min(lx1 - lx0, 0.3 * lay.W)
    hh = 0.25 * min(ly1 - ly0, 0.6 * lay.H)
    return cy - hh, cy + hh, cx - hw, cx + hw


def _marker(x, lay, rng, mech, sev, sigma_n, markers):
    """Returns the image and a mask of the burned-in overlays it now carries (kept out of the
    vendor look, since consoles burn annotations in after processing)."""
    H, W = x.shape
    sc = lay.scale
    overlay = np.zeros((H, W), bool)
    if markers:
        bh, bw, grey = max(markers[0][2], int(30 * sc)), markers[0][3], markers[0][4]
    else:
        bh, bw, grey = int(rng.uniform(30, 42) * sc), int(rng.uniform(20, 26) * sc), rng.uniform(0.35, 0.75)
    style = "box" if (markers or rng.random() < 0.5) else ("lead" if rng.random() < 0.5 else "lead_ring")
    if style == "lead_ring":
        bw = bh = int(rng.uniform(22, 32) * sc)
    y = x.copy()
    untouched = list(markers)

    def remove(mk):
        nonlocal y
        m = np.zeros((H, W), bool)
        m[_box_slice(*mk[:4])] = True
        y = _inpaint(y, m, rng, sigma_n)
        untouched.remove(mk)

    def paste(letter, top, left, hw, g, sty):
        nonlocal y
        y, (py, px, ph, pw) = _paste_marker(y, letter, top, left, hw, g, sty, rng)
        overlay[_box_slice(py, px, ph, pw, pad=1)] = True

    if mech == "marker_missing":
        for mk in list(markers):
            remove(mk)
    elif mech == "wrong_side_marker":
        correct = [mk for mk in markers if (_letter_of(x, mk) == "L") == (mk[1] + mk[3] / 2 > W / 2)]
        if correct and rng.random() < 0.75:
            mk = correct[0]
            by, bx, h, w, g = mk
            letter = _letter_of(x, mk)
            remove(mk)
            if rng.random() < 0.5:
                # the technologist picked the other side on the console: letter swapped in place
                paste("R" if letter == "L" else "L", by, bx, (h, w), g, "box")
            else:
                # the same letter, placed on the other side
                on_right = bx + w / 2 > W / 2
                nx = W - bx - w + int(rng.uniform(-0.02, 0.02) * W)
                nx = int(np.clip(nx, 0, W / 2 - w - 2)) if on_right else int(np.clip(nx, W / 2 + 2, W - w))
                paste(letter, by + int(rng.uniform(-0.05, 0.05) * H), nx, (h, w), g, "box")
        else:
            # a new marker whose letter contradicts its side, on the side without a marker
            # (so it neither touches nor hides one that is there)
            on_left = [mk[1] + mk[3] / 2 < W / 2 for mk in markers]
            go_left = (not any(on_left)) if markers else rng.random() < 0.5
            if go_left:
                letter, left = "L", rng.uniform(0.005, 0.07) * W
            else:
                letter, left = "R", W - bw - rng.uniform(0.005, 0.07) * W
            paste(letter, rng.uniform(0.02, 0.5) * H, left, (bh, bw), grey, style)
    elif mech == "marker_over_lung":
        side = "a" if rng.random() < 0.5 else "b"
        ly0, ly1, lx0, lx1 = _lung_centre_box(lay, side)
        letter = "R" if side == "a" else "L"
        for mk in list(markers):
            if _letter_of(x, mk) == letter:  # move the existing one rather than duplicating it
                remove(mk)
        k = 1.0 + 0.8 * sev
        bh2, bw2 = int(bh * k), int(bw * k)
        cy = rng.uniform(ly0, ly1) - bh2 / 2
        cx = rng.uniform(lx0, lx1) - bw2 / 2
        paste(letter, cy, cx, (bh2, bw2), grey, style)
    elif mech == "text_over_lung":
        items = []
        n = 1 + int(rng.random() < 0.3 + 0.5 * sev)
        side = "a" if rng.random() < 0.5 else "b"
        ly0, ly1, lx0, lx1 = _lung_centre_box(lay, side)
        cx, cy = 0.5 * (lx0 + lx1), rng.uniform(ly0, ly1)
        for i in range(n):
            txt = str(rng.choice(_TEXTS))
            size = (13 + 15 * sev) * sc
            # keep the line about as wide as the lung's central part
            size = min(size, size * 0.26 * W / max(1.0, _font(size).getlength(txt)))
            tw = _font(size).getlength(txt)
            tx = float(np.clip(cx - tw / 2 + rng.uniform(-0.3, 0.3) * (lx1 - lx0), 2, W - tw - 2))
            ty = cy - size / 2 + i * size * 1.25
            items.append((tx, ty, txt, size))
        cov = _text_layer(H, W, items)
        y, ov = _burn(y, cov, rng)
        overlay |= ov
    elif mech == "graphic_over_lung":
        ss = 3
        im = Image.new("L", (W * ss, H * ss), 0)
        d = ImageDraw.Draw(im)
        items = []
        lw = max(1, int(round(rng.uniform(1.2, 2.5) * sc * ss)))
        for _ in range(1 + int(rng.integers(0, 2)) + int(sev > 0.6)):
            side = "a" if rng.random() < 0.5 else "b"
            ly0, ly1, lx0, lx1 = _lung_centre_box(lay, side)
            cx, cy = rng.uniform(lx0, lx1), rng.uniform(ly0, ly1)
            kind = int(rng.integers(0, 3))
            if kind == 0:  # arrow pointing at something
                a = rng.uniform(0, 2 * np.pi)
                L = rng.uniform(30, 55) * sc
                sx, sy = cx + L * np.cos(a), cy + L * np.sin(a)
                d.line([(sx * ss, sy * ss), (cx * ss, cy * ss)], fill=255, width=lw)
                for da in (0.45, -0.45):
                    hx, hy = cx + 10 * sc * np.cos(a + da), cy + 10 * sc * np.sin(a + da)
                    d.line([(cx * ss, cy * ss), (hx * ss, hy * ss)], fill=255, width=lw)
            elif kind == 1:  # ROI ellipse with a label
                rx, ry = rng.uniform(14, 32) * sc, rng.uniform(12, 30) * sc
                d.ellipse([(cx - rx) * ss, (cy - ry) * ss, (cx + rx) * ss, (cy + ry) * ss], outline=255, width=lw)
                items.append((cx + rx + 3 * sc, cy - ry, str(rng.choice(["1", "A", "?", "ROI 1"])), 14 * sc))
            else:  # measurement line with end ticks and value
                a = rng.uniform(0, np.pi)
                L = rng.uniform(30, 60) * sc
                cx, cy = cx - 0.5 * L * np.cos(a), cy - 0.5 * L * np.sin(a)
                ex, ey = cx + L * np.cos(a), cy + L * np.sin(a)
                d.line([(cx * ss, cy * ss), (ex * ss, ey * ss)], fill=255, width=lw)
                for (px, py) in ((cx, cy), (ex, ey)):
                    tx, ty = -np.sin(a) * 5 * sc, np.cos(a) * 5 * sc
                    d.line([((px - tx) * ss, (py - ty) * ss), ((px + tx) * ss, (py + ty) * ss)], fill=255, width=lw)
                items.append((0.5 * (cx + ex) + 6 * sc, 0.5 * (cy + ey), f"{rng.uniform(8, 95):.1f} mm", 13 * sc))
        cov = np.asarray(im.resize((W, H), Image.BOX), np.float32) / 255.0
        if items:
            cov = np.maximum(cov, _text_layer(H, W, items))
        y, ov = _burn(y, cov, rng, allow_box=False)
        overlay |= ov
    else:  # pragma: no cover
        raise AssertionError(mech)
    for mk in untouched:
        overlay[_box_slice(*mk[:4])] = True
    return y, overlay


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------

def simulate_with_mechanism(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Return the faulty image and the name of the mechanism that produced it."""
    if fault not in _MECHANISMS:
        raise ValueError(f"cannot simulate {fault!r}; simulable here: {tuple(_MECHANISMS)}")
    x = _check(pixels)
    markers = _find_markers(x)
    mechs = _MECHANISMS[fault]
    if fault == "marker_annotation" and not markers:
        # removing a marker is only honest when there is one to remove
        mechs = tuple(m for m in mechs if m != "marker_missing")
    mech = mechs[int(rng.integers(0, len(mechs)))]
    sev = float(rng.uniform(0.0, 1.0))
    look = _draw_look(rng)
    lay = _layout(x)
    sigma_n = _noise_sigma(x)
    if fault == "underexposure":
        y = _underexposure(x, lay, rng, mech, sev)
    elif fault == "overexposure":
        y = _overexposure(x, lay, rng, mech, sev)
    elif fault == "lung_field_cutoff":
        y = _cutoff(x, lay, rng, mech, sev, sigma_n)
    elif fault == "collimation_centering":
        y = _collimation(x, lay, rng, mech, sev, sigma_n, look)
    elif fault == "motion_blur":
        y = _motion(x, lay, rng, mech, sev, sigma_n)
    elif fault == "foreign_object":
        y = _objects(x, lay, rng, mech, sev)
    else:
        y, keep = _marker(x, lay, rng, mech, sev, sigma_n, markers)
        return _finish(y, look, rng, keep), mech
    keep = None
    if markers and y.shape == x.shape and fault in _FILM_ONLY:
        # these faults happen to the patient or the exposure, not to the console's burned-in marker
        keep = np.zeros(x.shape, bool)
        for mk in markers:
            keep[_box_slice(*mk[:4])] = True
        y = np.where(keep, x, y)
    return _finish(y, look, rng, keep), mech


def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    return simulate_with_mechanism(pixels, fault, rng)[0]


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A display error leaves the stored pixels alone: exact flips/rotations/inversion, no re-encoding."""
    x = _check(pixels)
    p = _WRONG_DISPLAY_WEIGHTS / _WRONG_DISPLAY_WEIGHTS.sum()
    kind = _WRONG_DISPLAY_KINDS[int(rng.choice(len(_WRONG_DISPLAY_KINDS), p=p))]
    y = x
    for part in kind.split("+"):
        if part == "mirrored":
            y = y[:, ::-1]
        elif part == "upside_down":
            y = y[::-1, :]
        elif part == "rotated_90_cw":
            y = np.rot90(y, -1)
        elif part == "rotated_180":
            y = np.rot90(y, 2)
        elif part == "rotated_270_cw":
            y = np.rot90(y, 1)
        elif part == "inverted":
            y = 1.0 - y
    return np.ascontiguousarray(y, dtype=np.float32), kind
