"""Hand-edited chest-radiograph faults: the "image editor" simulator (augment_l).

Design note
===========
Written blind.  The author did not read the project's detectors, its other fault simulators, its
benchmarks, tests, docs or synthetic data.  Sources used: the `cxr` criteria of
``shared/spec/taxonomy.json`` (definitions of each fault), ``shared/domain-notes.md`` (EC / RCR
acceptance criteria for a PA chest film, exposure index notes, MONOCHROME1/2), the tuple
``SIMULABLE`` imported from ``radqc.agents.cxr.augment``, a look at untouched films in
``data/cxr/train-extra/images`` (MHH COVID-19 AP portable films, 640 x 524, with burnt-in grey
side-marker boxes "L"/"R") and ``data/cxr/source/nih-sample`` (NIH ChestX-ray14), and the
numpy / scipy / Pillow documentation.

Angle.  A radiography lecturer builds a teaching set of "films a QC reviewer must reject" by
hand in GIMP or Photoshop.  Every fault is made with the tools such a person reaches for: Levels,
Curves, Brightness/Contrast and Exposure dialogs, the Noise filters, the Burn tool, the Crop
tool and the Canvas Size dialog (with its anchor widget and its fill colour), Image Size, the
Move tool, Motion / Zoom blur and "blur a selection only", the Clone Stamp and Healing brush,
the Text tool with the fonts a PACS or a person uses (DejaVu Sans / Sans Mono / Serif, Pillow's
default font as fall-back), the Pencil / Brush / Shape tools, and cut-out photographs of objects
pasted in with their X-ray look faked by Levels.  The typical shortcuts and slips of a person are
part of the design: crops that keep the canvas and leave a flat fill, a Canvas Size enlargement
filled with black or with the foreground colour, a sloppy cut-out that leaves a light fringe
round a pasted object, text in the default font, a blur applied to a feathered selection only.

Before editing, the lecturer looks for the film's side marker: a small flat burnt-in plate holding
a letter, or an isolated flat-grey letter near the edge (top-hat filter, shape and isolation
tests; at most one per film).  On the 80 MHH films looked at it finds the marker on about 70.

Rules kept so that each fault is only that fault:
* the film's own side marker (burnt-in grey box with a white letter, or an isolated lead
  letter) is found first and kept on "its own layer": exposure faults restore it unchanged,
  motion blur leaves it out of the selection, a cut-off moves it back inside the kept field,
  foreign objects are never pasted over it;
* exposure faults never crop or move anything; cut-offs add no marker or text; collimation
  faults shrink the film into a larger field but never push a lung out of the frame; foreign
  objects contain no letters; annotation faults change no geometry and no grey scale.
Each call draws one mechanism (uniformly) and a continuous severity s in [0, 1]; s = 0 is a film
a radiographer doing QC would already reject, s = 1 is severe.  Lengths scale with the film
(``k = longest side / 640``).

Mechanisms per fault
--------------------
underexposure (too little signal: noisy, flat, dense areas without detail)
  levels_output_lift_noise    Levels: output black point raised to 0.18-0.40, gamma brightened,
                              output white slightly lowered; then Noise > Gaussian (at least
                              0.035-0.08, and above the film's own noise).
  curves_whiteout_noise       Curves: shadows lifted, input white point pulled down so the
                              mediastinum / spine / diaphragm burn to white (vertebrae lost
                              behind the heart), midtones brightened; then signal noise.
  brightness_contrast_grain   Brightness/Contrast dialog (contrast -35..-65, brightness up),
                              then a clumpy "film grain" (noise drawn at 1/2-1/3 size, scaled up).
  posterize_autolevels        Signal squeezed into a narrow band and stored at 8 bit with
                              noise, then Auto Levels stretched it partly back: banding and
                              amplified mottle, lower contrast.
  fog_layer_signal_noise      A light grey fill layer at 30-60 % opacity over the film (veil),
                              then noise whose size grows with density (few photons behind
                              bone and heart).
overexposure (burnt out: lung markings lost, dark areas saturated)
  levels_black_point          Levels: input black point set at the 12-37th percentile, gamma
                              darkened.
  curves_crush_shadows        Curves: black clip plus a steep concave curve (power 1.6-3).
  brightness_contrast_dark    Brightness/Contrast: brightness down, contrast up, chosen so that
                              12-37 % of the film clips to black.
  burn_tool_shadows           Burn tool, range "Shadows", huge soft brush worked over the lung
                              fields until they go black; dense structures survive.
  exposure_dialog             Colors > Exposure in linear light: exposure down 0.3-1.2 EV
                              with a black-level offset that clips the lungs.
lung_field_cutoff (an apex, a costophrenic angle or the bases outside the image)
  crop_tool                   Crop tool, one side: apices (top 19-37 % of the body), bases
                              (everything below 66-52 %), or one chest wall with its
                              costophrenic angle (19-32 % of the width) removed; image smaller.
  crop_keep_canvas_fill       The same crop done with "keep canvas": the removed band is a flat
                              fill (black, white, or an eyedropper grey); size kept.
  lasso_corner_delete         Free-select a corner triangle (legs 40-60 % of the width, 44-64 %
                              of the height) over a costophrenic angle or an apex and press
                              Delete; flattened to a flat colour.
  zoom_keep_canvas            Image Size up 30-65 % with the canvas kept and the layer moved
                              so that one side of the thorax falls off the canvas.
  canvas_shrink_anchor        Canvas Size made smaller with the anchor in a corner: two
                              adjacent sides cut (apex + chest wall, or base + chest wall).
  In all of them the film's side marker is moved back inside the kept field.
collimation_centering (field far larger than the thorax, or thorax off-centre in it)
  canvas_enlarge_black        Canvas Size enlarged about the centre, filled with black (direct
                              exposure) plus fine noise, then Image Size back: the film now
                              covers 30-64 % of the field area (f = 0.55-0.80 per side).
  canvas_anchor_offcentre     Canvas Size enlarged with the anchor on a side or corner (f =
                              0.60-0.80), filled with black, white (background colour) or an
                              eyedropper grey: the thorax sits clearly off-centre.
  smudge_extend_soft_tissue   Canvas enlarged and the edge of the body smudged outwards
                              (edge-stretch, blur, fading to air) as if soft tissue, arms and
                              neck were in the field.
  collimator_blades_wide      Large dark exposed field round a small thorax, with the shadows
                              of the collimator blades (white, blurred penumbra, one tilted) at
                              the far edges.
  abdomen_included            Canvas extended mostly downwards with the abdomen smeared down
                              (Clone/Smudge of the lowest rows): field runs far below the
                              diaphragm, thorax high in the field.
motion_blur (blurred or doubled contours)
  motion_blur_filter          Filters > Blur > Motion Blur (linear, 5-20 px, mostly
                              cranio-caudal) inside a feathered selection of the thorax.
  ghost_duplicate_layer       Duplicate layer moved 4-16 px at 30-50 % opacity: doubled
                              diaphragm, heart border and ribs.
  zoom_blur_breathing         Motion Blur "zoom" about the hila (3.5-7.5 %): breathing
                              expansion, bases and chest wall smeared radially.
  selection_gaussian_lower    Gaussian blur applied to a feathered selection of the lower chest
                              only (heart and diaphragm), apices sharp.
  shake_path                  Several nudged copies along a random hand-shake path
                              (5-19 px): jittery multiple contours.
  Most of the time the lecturer then puts the grain back inside the selection with Add Noise
  (the blur had wiped the film's noise out there).
foreign_object (object over the chest that should have been removed)
  pasted_coins                1-3 cut-out coins (rim, relief) levelled to metal white.
  pasted_jewellery            Necklace chain with a pendant, or a ring / earring.
  pasted_buttons              A placket of 3-6 buttons with holes, plastic (partial density,
                              Screen mode) or metal.
  pasted_clips_pins           Bobby pins, paper clips, safety pins, hair-clip springs.
  pasted_clothing_metal       Zip teeth and slider, or bra underwires, hooks and strap slides.
  Objects are pasted only over the chest, never over the side marker; a sloppy cut-out
  sometimes leaves a light fringe.  Compositing never darkens a pixel (metal is the densest).
marker_annotation (side marker missing or wrong, or annotations over the lungs)
  clone_heal_marker_out       Clone Stamp / Healing brush removes the film's side marker
                              (falls back to wrong_side_marker when none is found).
  wrong_side_marker           The marker letter replaced by the opposite side in the same
                              PACS style, or an opposite-side marker added on the wrong side.
  text_over_lungs             Text tool over a lung field: PACS strings, dates, kV/mAs, ward
                              words, in default fonts at 13-36 px, white, black or grey.
  shapes_over_lungs           Pencil / Shape tools: arrows, circles, boxes, a measuring ruler
                              with ticks and a label, a freehand loop.
  watermark_stamp             Large semi-transparent rotated stamp ("COPY", "TEACHING FILE",
                              ...) across the chest.
orientation_photometric (``wrong_display``; exact array transforms)
  mirror_lr, upside_down, rotate180, rotate90_cw, rotate90_ccw (= 270 cw), invert,
  transpose, antitranspose, invert+mirror_lr, invert+upside_down, invert+rotate90_cw,
  invert+rotate180.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi
from scipy.signal import fftconvolve

from radqc.agents.cxr.augment import SIMULABLE

__all__ = ["simulate", "simulate_with_mechanism", "wrong_display", "MECHANISMS", "DISPLAY_MECHANISMS"]

ORIENTATION_FAULT = "orientation_photometric"

MECHANISMS: dict[str, tuple[str, ...]] = {
    "underexposure": (
        "levels_output_lift_noise",
        "curves_whiteout_noise",
        "brightness_contrast_grain",
        "posterize_autolevels",
        "fog_layer_signal_noise",
    ),
    "overexposure": (
        "levels_black_point",
        "curves_crush_shadows",
        "brightness_contrast_dark",
        "burn_tool_shadows",
        "exposure_dialog",
    ),
    "lung_field_cutoff": (
        "crop_tool",
        "crop_keep_canvas_fill",
        "lasso_corner_delete",
        "zoom_keep_canvas",
        "canvas_shrink_anchor",
    ),
    "collimation_centering": (
        "canvas_enlarge_black",
        "canvas_anchor_offcentre",
        "smudge_extend_soft_tissue",
        "collimator_blades_wide",
        "abdomen_included",
    ),
    "motion_blur": (
        "motion_blur_filter",
        "ghost_duplicate_layer",
        "zoom_blur_breathing",
        "selection_gaussian_lower",
        "shake_path",
    ),
    "foreign_object": (
        "pasted_coins",
        "pasted_jewellery",
        "pasted_buttons",
        "pasted_clips_pins",
        "pasted_clothing_metal",
    ),
    "marker_annotation": (
        "clone_heal_marker_out",
        "wrong_side_marker",
        "text_over_lungs",
        "shapes_over_lungs",
        "watermark_stamp",
    ),
}

FAULTS: tuple[str, ...] = tuple(f for f in SIMULABLE if f != ORIENTATION_FAULT)
for _f in FAULTS:  # every simulable fault must have mechanisms here
    if _f not in MECHANISMS:
        raise ImportError(f"augment_l has no mechanisms for simulable fault {_f!r}")


# ----------------------------------------------------------------------------------------------
# Small utilities
# ----------------------------------------------------------------------------------------------


def _prep(pixels) -> np.ndarray:
    a = np.asarray(pixels)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grey-scale array, got shape {a.shape}")
    if a.shape[0] < 16 or a.shape[1] < 16:
        raise ValueError(f"image too small: {a.shape}")
    a = np.array(a, dtype=np.float32, copy=True)
    np.nan_to_num(a, copy=False, nan=0.0, posinf=1.0, neginf=0.0)
    np.clip(a, 0.0, 1.0, out=a)
    return a


def _finish(a: np.ndarray) -> np.ndarray:
    a = np.nan_to_num(np.asarray(a, dtype=np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    return np.ascontiguousarray(np.clip(a, 0.0, 1.0), dtype=np.float32)


def _resize(a: np.ndarray, h: int, w: int, resample=Image.BILINEAR) -> np.ndarray:
    h, w = max(1, int(h)), max(1, int(w))
    if a.shape == (h, w):
        return a.astype(np.float32, copy=True)
    im = Image.fromarray(np.ascontiguousarray(a, dtype=np.float32))
    return np.array(im.resize((w, h), resample), dtype=np.float32)


def _noise_sigma(a: np.ndarray) -> float:
    """Immerkaer's fast noise estimate (sigma of additive white noise)."""
    k = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
    step = max(1, int(round(max(a.shape) / 640)))
    b = a[::step, ::step]
    r = ndi.convolve(b, k, mode="reflect")[1:-1, 1:-1]
    return float(math.sqrt(math.pi / 2.0) * np.mean(np.abs(r)) / 6.0)


def _feather_rect(h, w, r0, r1, c0, c1, feather) -> np.ndarray:
    """Rectangular selection with a linear feather of `feather` px (1 inside)."""
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    f = max(float(feather), 1e-3)
    my = np.clip(np.minimum(yy - r0, r1 - 1 - yy) / f + 0.5, 0, 1)
    mx = np.clip(np.minimum(xx - c0, c1 - 1 - xx) / f + 0.5, 0, 1)
    return (my * mx).astype(np.float32)


def _feather_ellipse(h, w, cy, cx, ry, rx, feather) -> np.ndarray:
    yy = (np.arange(h, dtype=np.float32)[:, None] - cy) / max(ry, 1.0)
    xx = (np.arange(w, dtype=np.float32)[None, :] - cx) / max(rx, 1.0)
    d = np.sqrt(yy * yy + xx * xx)  # 1 on the ellipse
    f = max(float(feather), 1e-3) / max(min(ry, rx), 1.0)
    return np.clip((1.0 - d) / f + 0.5, 0.0, 1.0).astype(np.float32)


def _conv_same(a: np.ndarray, kern: np.ndarray) -> np.ndarray:
    """Convolution with reflected borders (no dark frame at the edges)."""
    kh, kw = kern.shape
    py, px = kh // 2 + 1, kw // 2 + 1
    p = np.pad(a, ((py, py), (px, px)), mode="reflect")
    out = fftconvolve(p, kern.astype(np.float32), mode="same")
    return out[py:py + a.shape[0], px:px + a.shape[1]].astype(np.float32)


def _splat_kernel(points: list[tuple[float, float]], weights: list[float]) -> np.ndarray:
    """Kernel made of weighted points (dy, dx), bilinear splatting; normalised."""
    pts = np.asarray(points, dtype=np.float64)
    wts = np.asarray(weights, dtype=np.float64)
    rad = int(math.ceil(np.abs(pts).max())) + 2 if len(pts) else 2
    size = 2 * rad + 1
    k = np.zeros((size, size), dtype=np.float64)
    for (dy, dx), wt in zip(pts, wts):
        y, x = dy + rad, dx + rad
        y0, x0 = int(math.floor(y)), int(math.floor(x))
        fy, fx = y - y0, x - x0
        k[y0, x0] += wt * (1 - fy) * (1 - fx)
        k[y0 + 1, x0] += wt * fy * (1 - fx)
        k[y0, x0 + 1] += wt * (1 - fy) * fx
        k[y0 + 1, x0 + 1] += wt * fy * fx
    k /= k.sum()
    return k.astype(np.float32)


@functools.lru_cache(maxsize=128)
def _font(name: str, size: int):
    size = max(6, int(size))
    if name != "default":
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # very old Pillow
        return ImageFont.load_default()


_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSerif.ttf", "default")


def _composite(base: np.ndarray, alpha: np.ndarray, value) -> np.ndarray:
    return base * (1.0 - alpha) + np.asarray(value, dtype=np.float32) * alpha


# ----------------------------------------------------------------------------------------------
# What the lecturer sees before editing: side marker(s) and where the chest is
# ----------------------------------------------------------------------------------------------


class _Film:
    def __init__(self, img: np.ndarray):
        self.img = img
        self.h, self.w = img.shape
        self.k = max(self.h, self.w) / 640.0
        self._markers = None
        self._body = None
        self._sigma = None

    # -- side markers -------------------------------------------------------------------------
    @property
    def markers(self) -> list[tuple[int, int, int, int]]:
        if self._markers is None:
            self._markers = _find_markers(self.img)
        return self._markers

    def marker_mask(self, pad: float = 0.0) -> np.ndarray:
        m = np.zeros((self.h, self.w), dtype=bool)
        p = int(round(pad))
        for r0, r1, c0, c1 in self.markers:
            m[max(0, r0 - p):min(self.h, r1 + p), max(0, c0 - p):min(self.w, c1 + p)] = True
        return m

    def restore_markers(self, out: np.ndarray) -> np.ndarray:
        for r0, r1, c0, c1 in self.markers:
            out[r0:r1, c0:c1] = self.img[r0:r1, c0:c1]
        return out

    # -- chest ----------------------------------------------------------------------------------
    @property
    def body(self) -> tuple[int, int, int, int]:
        """Bounding box of the exposed body (excludes black / flat borders)."""
        if self._body is None:
            self._body = _body_box(self.img)
        return self._body

    @property
    def lungs(self) -> tuple[int, int, int, int]:
        """A generous prior box of the lung fields inside the body box."""
        r0, r1, c0, c1 = self.body
        bh, bw = r1 - r0, c1 - c0
        return (int(r0 + 0.10 * bh), int(r0 + 0.78 * bh), int(c0 + 0.10 * bw), int(c0 + 0.90 * bw))

    @property
    def sigma(self) -> float:
        if self._sigma is None:
            self._sigma = _noise_sigma(self.img)
        return self._sigma


def _body_box(img: np.ndarray) -> tuple[int, int, int, int]:
    h, w = img.shape
    step = max(1, int(round(max(h, w) / 160)))
    sm = img[::step, ::step]
    cols = sm.mean(axis=0)
    rows = sm.mean(axis=1)
    ccols = np.where(cols > 0.16)[0]
    crows = np.where(rows > 0.16)[0]
    if ccols.size < 0.4 * cols.size or crows.size < 0.4 * rows.size:
        return (0, h, 0, w)
    r0, r1 = int(crows[0] * step), int(min(h, (crows[-1] + 1) * step))
    c0, c1 = int(ccols[0] * step), int(min(w, (ccols[-1] + 1) * step))
    if r1 - r0 < 0.5 * h:
        r0, r1 = 0, h
    if c1 - c0 < 0.5 * w:
        c0, c1 = 0, w
    return (r0, r1, c0, c1)


def _merge_boxes(boxes):
    """Merge overlapping (r0, r1, c0, c1, score) boxes, adding scores; best first."""
    boxes = [list(b) for b in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]:
                    boxes[i] = [min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]), a[4] + b[4]]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    boxes.sort(key=lambda b: -b[4])
    return [tuple(int(v) for v in b[:4]) + (float(b[4]),) for b in boxes]


def _find_markers(img: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Side markers as a lecturer would spot them: a small flat burnt-in box holding a letter,
    or an isolated bright letter near the edge of the film.  Returns (r0, r1, c0, c1) boxes."""
    h, w = img.shape
    k = max(h, w) / 640.0
    boxes = []
    # (a) flat PACS box containing a contrasting letter
    m = ndi.uniform_filter(img, 5)
    m2 = ndi.uniform_filter(img * img, 5)
    sd = np.sqrt(np.maximum(m2 - m * m, 0.0))
    flat = (sd < 0.013) & (img > 0.1) & (img < 0.95)
    lab, _ = ndi.label(flat)
    for i, sl in enumerate(ndi.find_objects(lab)):
        if sl is None:
            continue
        r0, r1, c0, c1 = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
        bh, bw = r1 - r0, c1 - c0
        if not (8 * k <= bh <= 90 * k and 8 * k <= bw <= 90 * k and 0.3 < bh / bw < 3.5):
            continue
        comp = lab[sl] == i + 1
        area = int(comp.sum())
        if area < 0.3 * bh * bw or area < 50 * k * k:
            continue
        vals = img[sl][comp]
        med = float(np.median(vals))
        if float(np.median(np.abs(vals - med))) > 0.012:
            continue
        lmask = np.abs(img[sl] - med) > 0.15
        letter = float(lmask.mean())
        if letter < 0.05 or letter > 0.45:
            continue
        # the letter sits inside the box, clear of its border
        my, mx = max(1, int(0.07 * bh)), max(1, int(0.07 * bw))
        border = lmask.copy()
        border[my:bh - my, mx:bw - mx] = False
        if border.sum() > 0.12 * lmask.sum():
            continue
        cy, cx = (r0 + r1) / 2 / h, (c0 + c1) / 2 / w
        if min(cy, 1 - cy, cx, 1 - cx) > 0.2:
            continue
        pb = max(2, int(round(3 * k)))  # the std filter ate the box's rim
        boxes.append((max(0, r0 - pb), min(h, r1 + pb), max(0, c0 - pb), min(w, c1 + pb), 1.0 + letter))
    # (b) isolated bright letter (lead marker, or letter in a semi-transparent box)
    step = max(1, int(round(k)))
    small = img[::step, ::step]
    tophat = small - ndi.grey_opening(small, size=(9, 9))
    if step > 1:
        tophat = np.kron(tophat, np.ones((step, step), dtype=np.float32))[:h, :w]
        tophat = np.pad(tophat, ((0, h - tophat.shape[0]), (0, w - tophat.shape[1])))
    lab, _ = ndi.label((tophat > 0.18) & (img > 0.55))
    objs = ndi.find_objects(lab)
    cands = []
    for i, sl in enumerate(objs):
        if sl is None:
            continue
        r0, r1, c0, c1 = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
        lh, lw = r1 - r0, c1 - c0
        if not (9 * k <= lh <= 42 * k and 4 * k <= lw <= 34 * k and 0.9 <= lh / lw <= 3.2):
            continue
        if r0 < 2 or c0 < 2 or r1 > h - 2 or c1 > w - 2:
            continue
        cy, cx = (r0 + r1) / 2 / h, (c0 + c1) / 2 / w
        if min(cy, 1 - cy, cx, 1 - cx) > 0.25:
            continue
        comp = lab[sl] == i + 1
        fill = comp.sum() / float(lh * lw)
        if not (0.18 <= fill <= 0.65):
            continue
        mg = max(3, int(0.3 * lh))
        R0, R1, C0, C1 = max(0, r0 - mg), min(h, r1 + mg), max(0, c0 - mg), min(w, c1 + mg)
        reg = img[R0:R1, C0:C1]
        inner = np.zeros(reg.shape, dtype=bool)
        inner[r0 - R0:r1 - R0, c0 - C0:c1 - C0] = True
        ring = reg[~inner]
        if ring.size == 0:
            continue
        ring_med = float(np.median(ring))
        con = float(img[sl][comp].mean() - ring_med)
        if con < 0.2 or 1.4826 * float(np.median(np.abs(ring - ring_med))) > 0.06:
            continue
        lv = img[sl][comp]
        core = lv[lv >= np.percentile(lv, 40)]
        if float(core.std()) > 0.035:  # a rendered letter has one flat grey value
            continue
        mad = 1.4826 * float(np.median(np.abs(ring - ring_med)))
        cands.append((r0, r1, c0, c1, 1.0 + con + 5.0 * (0.06 - mad)))
    for r0, r1, c0, c1, score in cands:
        lh = r1 - r0
        neighbours = 0
        for sl in objs:
            if sl is None:
                continue
            q0, q1, p0, p1 = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
            if (q0, q1, p0, p1) == (r0, r1, c0, c1):
                continue
            if q1 > r0 and q0 < r1 and (p1 - p0) >= 3 and 0.5 * lh <= (q1 - q0) <= 1.6 * lh \
                    and min(abs(p0 - c1), abs(c0 - p1)) < 1.2 * lh:
                neighbours += 1
        if neighbours:
            continue  # part of a line of text, not a side marker
        mg = int(round(0.42 * lh))
        boxes.append((max(0, r0 - mg), min(h, r1 + mg), max(0, c0 - mg), min(w, c1 + mg), score))
    # one side marker per film: the strongest candidate (both detectors agreeing counts double)
    merged = _merge_boxes(boxes)
    return [merged[0][:4]] if merged else []


# ----------------------------------------------------------------------------------------------
# Under-exposure: Levels / Curves / Brightness-Contrast / Noise filters
# ----------------------------------------------------------------------------------------------


def _gauss_noise(rng, shape, sigma) -> np.ndarray:
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(sigma)


def _u_levels_output_lift_noise(film: _Film, s: float, rng):
    v = film.img
    ob = 0.18 + 0.22 * s + rng.uniform(-0.02, 0.02)
    ow = 1.0 - rng.uniform(0.0, 0.10)
    gamma = rng.uniform(1.1, 1.45)  # GIMP Levels gamma > 1 brightens
    x = ob + (ow - ob) * np.power(v, 1.0 / gamma)
    x = x + _gauss_noise(rng, v.shape, max(0.035 + 0.045 * s, (1.1 + s) * film.sigma))
    return film.restore_markers(np.clip(x, 0, 1))


def _u_curves_whiteout_noise(film: _Film, s: float, rng):
    v = film.img
    lift = 0.10 + 0.18 * s
    in_w = float(np.clip(np.percentile(v, 88 - 25 * s), 0.45, 0.95))
    g = rng.uniform(0.6, 0.85)
    x = lift + (1.0 - lift) * np.power(np.clip(v / in_w, 0, 1), g)
    sig = max(0.03 + 0.035 * s, (1.0 + s) * film.sigma)
    x = x + _gauss_noise(rng, v.shape, 1.0) * (sig * (0.6 + 0.6 * x))
    return film.restore_markers(np.clip(x, 0, 1))


def _u_brightness_contrast_grain(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    c = -(0.35 + 0.30 * s) + rng.uniform(-0.03, 0.03)  # GIMP contrast -35..-65
    slope = math.tan((c + 1.0) * math.pi / 4.0)
    b = rng.uniform(0.05, 0.20)
    x = (v - 0.5) * slope + 0.5 + b
    grain = rng.uniform(2.0, 3.2) * film.k
    gh, gw = max(4, int(h / grain)), max(4, int(w / grain))
    sig = max(0.03 + 0.04 * s, (1.4 + s) * film.sigma)
    coarse = _resize(_gauss_noise(rng, (gh, gw), 1.0), h, w, Image.BICUBIC)
    coarse *= np.float32(0.7 * sig / max(float(coarse.std()), 1e-6))
    x = x + coarse + _gauss_noise(rng, v.shape, sig * 0.9)
    return film.restore_markers(np.clip(x, 0, 1))


def _u_posterize_autolevels(film: _Film, s: float, rng):
    v = film.img
    band = 0.22 - 0.12 * s  # how much of the range the weak signal occupies
    base = rng.uniform(0.25, 0.45)
    x = base + band * v + _gauss_noise(rng, v.shape, rng.uniform(0.010, 0.016))
    x = np.round(np.clip(x, 0, 1) * 255.0) / 255.0  # stored at 8 bit
    lo_in, hi_in = np.percentile(x, [1, 99])
    lo_out = rng.uniform(0.15, 0.30)
    hi_out = rng.uniform(0.80, 0.92)
    x = lo_out + (x - lo_in) / max(hi_in - lo_in, 1e-3) * (hi_out - lo_out)
    return film.restore_markers(np.clip(x, 0, 1).astype(np.float32))


def _u_fog_layer_signal_noise(film: _Film, s: float, rng):
    v = film.img
    grey = rng.uniform(0.70, 0.86)
    alpha = 0.30 + 0.30 * s
    x = v * (1.0 - alpha) + grey * alpha
    sig0 = max(0.06 + 0.05 * s, (1.4 + s) * film.sigma)
    x = x + _gauss_noise(rng, v.shape, 1.0) * (sig0 * np.sqrt(np.clip(x, 0.05, 1)))
    return film.restore_markers(np.clip(x, 0, 1))


# ----------------------------------------------------------------------------------------------
# Over-exposure: Levels / Curves / Brightness-Contrast / Burn tool / Exposure dialog
# ----------------------------------------------------------------------------------------------


def _clip_pct(s: float) -> float:
    return 12.0 + 25.0 * s  # share of the film that ends up black


def _o_levels_black_point(film: _Film, s: float, rng):
    v = film.img
    in_b = float(np.percentile(v, _clip_pct(s)))
    in_w = min(1.0, float(np.percentile(v, 99.7)) + 0.02)
    gamma = rng.uniform(0.75, 1.0)  # < 1 darkens the midtones
    x = np.power(np.clip((v - in_b) / max(in_w - in_b, 1e-3), 0, 1), 1.0 / gamma)
    return film.restore_markers(x)


def _o_curves_crush_shadows(film: _Film, s: float, rng):
    v = film.img
    b = float(np.percentile(v, _clip_pct(s) * rng.uniform(0.85, 1.0)))
    p = 1.6 + 1.4 * s + rng.uniform(-0.1, 0.1)
    x = np.power(np.clip((v - b) / max(1.0 - b, 1e-3), 0, 1), p)
    return film.restore_markers(x)


def _o_brightness_contrast_dark(film: _Film, s: float, rng):
    v = film.img
    c = rng.uniform(0.10, 0.35)
    slope = math.tan((c + 1.0) * math.pi / 4.0)
    q = float(np.percentile(v, _clip_pct(s)))
    b = -((q - 0.5) * slope + 0.5)  # brightness that sends the q-th percentile to black
    x = (v - 0.5) * slope + 0.5 + b
    return film.restore_markers(np.clip(x, 0, 1))


def _o_burn_tool_shadows(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    r0, r1, c0, c1 = film.body
    cy, cx = (r0 + r1) / 2 + rng.uniform(-0.03, 0.03) * h, (c0 + c1) / 2 + rng.uniform(-0.03, 0.03) * w
    ry, rx = 0.52 * (r1 - r0), 0.55 * (c1 - c0)
    brush = _feather_ellipse(h, w, cy, cx, ry, rx, 0.22 * min(ry, rx))
    inside = v[brush > 0.9]
    q = float(np.percentile(inside if inside.size > 100 else v, _clip_pct(s) + 5))
    e = q / max(1.08 - q, 1e-3)  # strength that burns the q-th percentile to black
    x = v - brush * e * np.clip(1.08 - v, 0, None)
    return film.restore_markers(np.clip(x, 0, 1))


def _srgb_to_lin(x):
    return np.where(x <= 0.04045, x / 12.92, np.power((x + 0.055) / 1.055, 2.4))


def _lin_to_srgb(y):
    y = np.clip(y, 0, 1)
    return np.where(y <= 0.0031308, 12.92 * y, 1.055 * np.power(y, 1 / 2.4) - 0.055)


def _o_exposure_dialog(film: _Film, s: float, rng):
    v = film.img
    ev = rng.uniform(0.3, 1.2)
    lin = _srgb_to_lin(v.astype(np.float32)) * np.float32(2.0 ** (-ev))
    black = float(np.percentile(lin, _clip_pct(s)))
    y = (lin - black) / max(1.0 - black, 1e-3)
    return film.restore_markers(_lin_to_srgb(y).astype(np.float32))


# ----------------------------------------------------------------------------------------------
# Lung-field cut-off: Crop tool / keep-canvas fill / lasso delete / zoom / Canvas Size
# ----------------------------------------------------------------------------------------------


def _cut_lines(film: _Film, s: float, rng) -> dict[str, int]:
    """Where a cut removes the apices, the bases or one chest wall (with its CP angle)."""
    r0, r1, c0, c1 = film.body
    bh, bw = r1 - r0, c1 - c0
    j = lambda: rng.uniform(-0.02, 0.02)
    return {
        "top": int(r0 + (0.19 + 0.18 * s + j()) * bh),
        "bottom": int(r0 + (0.66 - 0.14 * s + j()) * bh),
        "left": int(c0 + (0.19 + 0.13 * s + j()) * bw),
        "right": int(c1 - (0.19 + 0.13 * s + j()) * bw),
    }


def _fill_value(film: _Film, rng) -> float:
    choice = rng.integers(4)
    if choice == 0:
        return 0.0  # foreground colour black
    if choice == 1:
        return 1.0  # background colour white
    if choice == 2:
        return float(np.clip(np.median(film.img), 0.05, 0.95))  # eyedropper grey
    return float(rng.uniform(0.02, 0.12))  # "black" picked from the film's darkest area


def _place_marker_patch(out: np.ndarray, patch: np.ndarray, r: int, c: int, allowed: np.ndarray | None = None):
    """Paste the film's own marker patch at (r, c), clamped inside `out` (and inside `allowed`)."""
    H, W = out.shape
    ph, pw = patch.shape
    if ph >= H or pw >= W:
        return out
    r = int(np.clip(r, 2, H - ph - 2)) if H - ph - 2 >= 2 else 0
    c = int(np.clip(c, 2, W - pw - 2)) if W - pw - 2 >= 2 else 0
    if allowed is not None and not allowed[r:r + ph, c:c + pw].all():
        # slide it along the edge of the film (across or down) by the least distance that puts
        # it back in the kept field, so that it stays at the border and off the lungs
        best = None
        step = max(1, min(ph, pw) // 4)
        for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            for n in range(1, max(H, W) // step + 1):
                rr, cc = r + dr * n * step, c + dc * n * step
                if rr < 0 or cc < 0 or rr + ph > H or cc + pw > W:
                    break
                if allowed[rr:rr + ph, cc:cc + pw].all():
                    if best is None or n * step < best[0]:
                        best = (n * step, rr, cc)
                    break
        if best is not None:
            r, c = best[1], best[2]
    out[r:r + ph, c:c + pw] = patch
    return out


def _keep_markers_after_crop(film: _Film, out: np.ndarray, y0: int, x0: int) -> np.ndarray:
    """The marker was on its own layer: put it back inside the cropped film if it was cut."""
    H, W = out.shape
    for r0, r1, c0, c1 in film.markers:
        nr0, nc0 = r0 - y0, c0 - x0
        inside = nr0 >= 0 and nc0 >= 0 and nr0 + (r1 - r0) <= H and nc0 + (c1 - c0) <= W
        if not inside:
            out = _place_marker_patch(out, film.img[r0:r1, c0:c1], nr0, nc0)
    return out


def _pick_sides(rng, options):
    return options[int(rng.integers(len(options)))]


def _kept_box(cut: dict, side: str, h: int, w: int) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1) of an H x W film left after cutting it at CUT's line on SIDE."""
    return (cut["top"] if side == "top" else 0, cut["bottom"] if side == "bottom" else h,
            cut["left"] if side == "left" else 0, cut["right"] if side == "right" else w)


def _c_crop_tool(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    cut = _cut_lines(film, s, rng)
    side = _pick_sides(rng, ("top", "bottom", "left", "right", "top", "left", "right"))
    y0, y1, x0, x1 = _kept_box(cut, side, h, w)
    out = v[y0:y1, x0:x1].copy()
    return _keep_markers_after_crop(film, out, y0, x0)


def _c_crop_keep_canvas_fill(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    cut = _cut_lines(film, s, rng)
    side = _pick_sides(rng, ("top", "bottom", "left", "right"))
    keep = np.zeros((h, w), dtype=bool)
    y0, y1, x0, x1 = _kept_box(cut, side, h, w)
    keep[y0:y1, x0:x1] = True
    out = np.full_like(v, _fill_value(film, rng))
    out[keep] = v[keep]
    for r0, r1, c0, c1 in film.markers:
        if not keep[r0:r1, c0:c1].all():
            out = _place_marker_patch(out, v[r0:r1, c0:c1], r0, c0, allowed=keep)
    return out


def _c_lasso_corner_delete(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    r0, r1, c0, c1 = film.body
    bh, bw = r1 - r0, c1 - c0
    corner = _pick_sides(rng, ("bl", "br", "bl", "br", "tl", "tr"))
    lx = (0.40 + 0.20 * s + rng.uniform(-0.02, 0.02)) * bw  # leg along the horizontal edge
    ly = (0.44 + 0.20 * s + rng.uniform(-0.02, 0.02)) * bh  # leg along the vertical edge
    ex = c0 if corner[1] == "l" else c1
    ey = r1 if corner[0] == "b" else r0
    sx = 1 if corner[1] == "l" else -1
    sy = -1 if corner[0] == "b" else 1
    # hand-clicked polygon: the corner, a point along each edge, and a slightly bent hypotenuse
    bend = rng.uniform(-0.08, 0.08)
    pts = [
        (ex - sx * 5 * w, ey - sy * 5 * h),
        (ex + sx * lx, ey - sy * 5 * h),
        (ex + sx * lx, ey),
        (ex + sx * lx * (0.5 + bend), ey + sy * ly * (0.5 - bend)),
        (ex, ey + sy * ly),
        (ex - sx * 5 * w, ey + sy * ly),
    ]
    im = Image.new("L", (w, h), 0)
    ImageDraw.Draw(im).polygon([(float(x), float(y)) for x, y in pts], fill=255)
    cutm = np.asarray(im, dtype=np.float32) / 255.0
    fill = _fill_value(film, rng)
    out = v * (1.0 - cutm) + fill * cutm
    keep = cutm < 0.5
    for q0, q1, p0, p1 in film.markers:
        if not keep[q0:q1, p0:p1].all():
            out = _place_marker_patch(out, v[q0:q1, p0:p1], q0, p0, allowed=keep)
    return out.astype(np.float32)


def _c_zoom_keep_canvas(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    z = 1.30 + 0.35 * s + rng.uniform(-0.03, 0.03)
    wh, ww = h / z, w / z  # window of the original that stays on the canvas
    cut = _cut_lines(film, s * 0.6, rng)
    side = _pick_sides(rng, ("top", "bottom", "left", "right"))
    # start centred, then push the window so that the chosen side is cut
    y0, x0 = (h - wh) / 2, (w - ww) / 2
    if side == "top":
        y0 = max(y0, cut["top"])
    elif side == "bottom":
        y0 = min(y0, cut["bottom"] - wh)
    elif side == "left":
        x0 = max(x0, cut["left"])
    else:
        x0 = min(x0, cut["right"] - ww)
    y0 += rng.uniform(-0.02, 0.02) * h if side in ("left", "right") else 0.0
    x0 += rng.uniform(-0.02, 0.02) * w if side in ("top", "bottom") else 0.0
    y0 = float(np.clip(y0, 0, h - wh))
    x0 = float(np.clip(x0, 0, w - ww))
    im = Image.fromarray(v)
    out = np.asarray(im.transform((w, h), Image.AFFINE, (1 / z, 0, x0, 0, 1 / z, y0), Image.BILINEAR),
                     dtype=np.float32).copy()
    # the marker layer was not scaled: it stays where it was, at its own size; the enlarged
    # copy that came with the film layer is healed away first
    for r0, r1, c0, c1 in film.markers:
        zr0, zr1 = int(math.floor((r0 - y0) * z)), int(math.ceil((r1 - y0) * z))
        zc0, zc1 = int(math.floor((c0 - x0) * z)), int(math.ceil((c1 - x0) * z))
        zr0, zr1, zc0, zc1 = max(0, zr0), min(h, zr1), max(0, zc0), min(w, zc1)
        if zr1 - zr0 > 2 and zc1 - zc0 > 2:
            out = _heal_out(film, out, (zr0, zr1, zc0, zc1), rng, heal=True)
        out[r0:r1, c0:c1] = v[r0:r1, c0:c1]
    return out


def _c_canvas_shrink_anchor(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    cut = _cut_lines(film, s * 0.75, rng)
    anchor = _pick_sides(rng, ("bl", "br", "tl", "tr"))  # anchor corner = the corner that stays
    y0, y1, x0, x1 = 0, h, 0, w
    if anchor[0] == "b":
        y0 = cut["top"]
    else:
        y1 = cut["bottom"]
    if anchor[1] == "l":
        x1 = cut["right"]
    else:
        x0 = cut["left"]
    out = v[y0:y1, x0:x1].copy()
    return _keep_markers_after_crop(film, out, y0, x0)


# ----------------------------------------------------------------------------------------------
# Collimation / centring: Canvas Size + Image Size, fills, smudged extension, blades
# ----------------------------------------------------------------------------------------------


def _dark_field(rng, h, w, level, sigma) -> np.ndarray:
    return np.clip(level + _gauss_noise(rng, (h, w), sigma), 0, 1)


def _shrink(film: _Film, f: float) -> np.ndarray:
    return _resize(film.img, round(film.h * f), round(film.w * f), Image.BILINEAR)


def _centred_small(film: _Film, f: float, jitter: float, rng):
    """The film shrunk to F of its size, and where it starts (row, column) when centred in the field and
    moved by up to JITTER of the field either way."""
    small = _shrink(film, f)
    return small, _jittered_centre(film.h, small.shape[0], jitter, rng), _jittered_centre(film.w, small.shape[1], jitter, rng)


def _jittered_centre(size: int, inner: int, jitter: float, rng) -> int:
    """Where a part INNER long starts when centred in SIZE, moved by up to JITTER of SIZE either way."""
    return int(np.clip(round((size - inner) / 2 + rng.uniform(-jitter, jitter) * size), 0, size - inner))


def _k_canvas_enlarge_black(film: _Film, s: float, rng):
    h, w = film.h, film.w
    f = 0.80 - 0.25 * s + rng.uniform(-0.02, 0.02)
    small, oy, ox = _centred_small(film, f, 0.03, rng)
    sh, sw = small.shape
    out = _dark_field(rng, h, w, rng.uniform(0.0, 0.06), max(film.sigma * 0.5, 0.004))
    out[oy:oy + sh, ox:ox + sw] = small
    if rng.uniform() < 0.5:  # a soft edge (feathered paste)
        m = _feather_rect(h, w, oy, oy + sh, ox, ox + sw, rng.uniform(2, 6) * film.k)
        out = np.where(m > 0, out * m + out.min() * (1 - m), out)
    return out


def _k_canvas_anchor_offcentre(film: _Film, s: float, rng):
    h, w = film.h, film.w
    f = 0.80 - 0.20 * s + rng.uniform(-0.02, 0.02)
    small = _shrink(film, f)
    sh, sw = small.shape
    anchors = [(ay, ax) for ay in (0, 1, 2) for ax in (0, 1, 2) if (ay, ax) != (1, 1)]
    ay, ax = anchors[int(rng.integers(len(anchors)))]
    oy = (0, (h - sh) // 2, h - sh)[ay]
    ox = (0, (w - sw) // 2, w - sw)[ax]
    choice = rng.integers(3)
    if choice == 0:
        out = _dark_field(rng, h, w, rng.uniform(0.0, 0.05), max(film.sigma * 0.5, 0.004))
    elif choice == 1:
        out = np.full((h, w), 1.0, dtype=np.float32)
    else:
        edge = np.concatenate([film.img[0], film.img[-1], film.img[:, 0], film.img[:, -1]])
        out = np.full((h, w), float(np.median(edge)), dtype=np.float32)
    out[oy:oy + sh, ox:ox + sw] = small
    return out


def _k_smudge_extend_soft_tissue(film: _Film, s: float, rng):
    h, w = film.h, film.w
    f = 0.78 - 0.22 * s + rng.uniform(-0.02, 0.02)
    small, oy, ox = _centred_small(film, f, 0.06, rng)
    sh, sw = small.shape
    ext = np.pad(small, ((oy, h - sh - oy), (ox, w - sw - ox)), mode="edge")
    # smudge: heavy blur of the stretched edge, done at low resolution for speed
    q = 4
    lo = _resize(ext, h // q, w // q, Image.BILINEAR)
    lo = ndi.gaussian_filter(lo, sigma=rng.uniform(3, 6) / (q / 4))
    smear = _resize(lo, h, w, Image.BILINEAR)
    # fade towards air the further from the film (thinner soft tissue, then nothing)
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    dy = np.maximum(np.maximum(oy - yy, yy - (oy + sh - 1)), 0) / max(h * (1 - f) / 2, 1)
    dx = np.maximum(np.maximum(ox - xx, xx - (ox + sw - 1)), 0) / max(w * (1 - f) / 2, 1)
    d = np.clip(np.sqrt(dy * dy + dx * dx), 0, 1.5)
    air = rng.uniform(0.02, 0.08)
    fade = np.clip(1.0 - d * rng.uniform(0.7, 1.0), 0, 1)
    out = air + (smear * 0.85 - air) * fade
    out = out + _gauss_noise(rng, (h, w), max(film.sigma, 0.004))
    out[oy:oy + sh, ox:ox + sw] = small
    return out


def _k_collimator_blades_wide(film: _Film, s: float, rng):
    h, w = film.h, film.w
    f = 0.74 - 0.20 * s + rng.uniform(-0.02, 0.02)
    small, oy, ox = _centred_small(film, f, 0.05, rng)
    sh, sw = small.shape
    out = _dark_field(rng, h, w, rng.uniform(0.03, 0.10), max(film.sigma * 0.6, 0.004))
    out[oy:oy + sh, ox:ox + sw] = small
    # blades: white (unexposed) bands at the far edges, blurred penumbra, one slightly tilted
    blades = np.zeros((h, w), dtype=np.float32)
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    tilt = math.tan(math.radians(rng.uniform(-4, 4)))
    wt = rng.uniform(0.015, 0.05)
    top = (yy - (wt * h + tilt * (xx - w / 2))) < 0
    bot = yy > h * (1 - rng.uniform(0.015, 0.05))
    lef = xx < w * rng.uniform(0.015, 0.05)
    rig = xx > w * (1 - rng.uniform(0.015, 0.05))
    blades[top | bot | lef | rig] = 1.0
    blades = ndi.gaussian_filter(blades, sigma=rng.uniform(1.0, 2.5) * film.k)
    blades[oy:oy + sh, ox:ox + sw] = 0.0  # the blades lie outside the thorax
    shade = rng.uniform(0.80, 0.95)
    return out * (1 - blades) + shade * blades


def _k_abdomen_included(film: _Film, s: float, rng):
    h, w = film.h, film.w
    v = film.img
    f = 0.76 - 0.18 * s + rng.uniform(-0.02, 0.02)
    small = _shrink(film, f)
    sh, sw = small.shape
    oy = int(round((h - sh) * rng.uniform(0.0, 0.2)))  # thorax high in the field
    ox = _jittered_centre(w, sw, 0.04, rng)
    # clone / smudge the abdomen: stretch the lowest rows of the film downwards
    band = max(2, int(0.06 * sh))
    low = small[sh - band:sh]
    below = h - (oy + sh)
    out = np.pad(small, ((oy, below), (ox, w - sw - ox)), mode="edge")
    if below > 0:
        stretched = _resize(low[::-1], below, sw, Image.BILINEAR)
        grad = np.linspace(1.0, rng.uniform(0.85, 1.05), below, dtype=np.float32)[:, None]
        out[oy + sh:, ox:ox + sw] = stretched * grad
    q = 4
    lo = ndi.gaussian_filter(_resize(out, h // q, w // q), sigma=rng.uniform(2, 4))
    smear = _resize(lo, h, w)
    xx = np.arange(w, dtype=np.float32)[None, :]
    dx = np.maximum(np.maximum(ox - xx, xx - (ox + sw - 1)), 0) / max(w * (1 - f) / 2, 1)
    fade = np.clip(1.0 - dx, 0, 1)
    air = rng.uniform(0.02, 0.08)
    out = air + (smear - air) * fade
    out = out + _gauss_noise(rng, (h, w), max(film.sigma, 0.004))
    out[oy:oy + sh, ox:ox + sw] = small
    del v
    return out


# ----------------------------------------------------------------------------------------------
# Motion blur: Motion / zoom blur, ghost layer, blur on a selection, shake
# ----------------------------------------------------------------------------------------------


def _thorax_selection(film: _Film, rng, lower_only: bool = False) -> np.ndarray:
    """Feathered elliptical selection of the chest, the side marker deselected."""
    h, w = film.h, film.w
    r0, r1, c0, c1 = film.body
    cy = (r0 + r1) / 2 + rng.uniform(-0.02, 0.02) * h
    cx = (c0 + c1) / 2 + rng.uniform(-0.02, 0.02) * w
    ry, rx = 0.50 * (r1 - r0), 0.50 * (c1 - c0)
    sel = _feather_ellipse(h, w, cy, cx, ry, rx, 0.12 * min(ry, rx))
    if lower_only:
        ytop = r0 + rng.uniform(0.38, 0.52) * (r1 - r0)
        sel = _feather_rect(h, w, ytop, h + 10 * h, -10 * w, 11 * w, 0.10 * h) * \
            _feather_ellipse(h, w, cy + 0.1 * h, cx, 0.62 * (r1 - r0), 0.55 * (c1 - c0), 0.08 * min(h, w))
    if film.markers:
        pad = 4 * film.k
        mm = film.marker_mask(pad=pad).astype(np.float32)
        mm = ndi.uniform_filter(mm, size=int(2 * pad) | 1)
        mm[film.marker_mask(pad=1)] = 1.0
        sel = sel * (1.0 - np.clip(mm * 1.5, 0, 1))
    return sel.astype(np.float32)


def _blend_sel(v, blurred, sel, film: _Film | None = None, kern: np.ndarray | None = None, rng=None):
    """Paste the blurred copy through the selection; the lecturer then puts the film's grain
    back with Add Noise (the blur had wiped it out inside the selection)."""
    out = v * (1.0 - sel) + blurred * sel
    if film is not None and rng is not None and rng.uniform() < 0.8:
        kept = float(np.sqrt(np.sum(kern.astype(np.float64) ** 2))) if kern is not None else 0.3
        sig = film.sigma * math.sqrt(max(0.0, 1.0 - kept ** 2))
        out = out + _gauss_noise(rng, v.shape, sig) * sel
    return out


def _line_kernel(length: float, angle_deg: float, n: int | None = None):
    n = n or max(3, int(round(length * 1.5)) + 1)
    t = np.linspace(-0.5, 0.5, n)
    a = math.radians(angle_deg)
    pts = [(float(-math.sin(a) * length * u), float(math.cos(a) * length * u)) for u in t]
    return _splat_kernel(pts, [1.0] * n)


def _m_motion_blur_filter(film: _Film, s: float, rng):
    v = film.img
    length = (5.0 + 15.0 * s) * film.k
    angle = 90.0 + rng.uniform(-20, 20) if rng.uniform() < 0.65 else rng.uniform(0, 180)
    kern = _line_kernel(length, angle)
    blurred = _conv_same(v, kern)
    return _blend_sel(v, blurred, _thorax_selection(film, rng), film, kern, rng)


def _m_ghost_duplicate_layer(film: _Film, s: float, rng):
    v = film.img
    d = (4.0 + 12.0 * s) * film.k
    a = math.radians(90.0 + rng.uniform(-30, 30) if rng.uniform() < 0.6 else rng.uniform(0, 360))
    alpha = rng.uniform(0.30, 0.50)
    kern = _splat_kernel([(0.0, 0.0), (float(math.sin(a) * d), float(math.cos(a) * d))], [1 - alpha, alpha])
    ghost = _conv_same(v, kern)
    return _blend_sel(v, ghost, _thorax_selection(film, rng), film, kern, rng)


def _m_zoom_blur_breathing(film: _Film, s: float, rng):
    v = film.img
    h, w = v.shape
    r0, r1, c0, c1 = film.body
    cy = r0 + rng.uniform(0.30, 0.42) * (r1 - r0)  # about the hila: the bases move most
    cx = (c0 + c1) / 2 + rng.uniform(-0.04, 0.04) * w
    amount = 0.035 + 0.04 * s
    n = 9
    im = Image.fromarray(v)
    acc = np.zeros_like(v)
    for t in np.linspace(0.0, 1.0, n):
        z = 1.0 + amount * (t - 0.3)
        # output (x, y) samples input ((x - cx) / z + cx, (y - cy) / z + cy)
        coeffs = (1 / z, 0, cx - cx / z, 0, 1 / z, cy - cy / z)
        acc += np.asarray(im.transform((w, h), Image.AFFINE, coeffs, Image.BILINEAR), dtype=np.float32)
    blurred = acc / n
    return _blend_sel(v, blurred, _thorax_selection(film, rng), film, None, rng)


def _m_selection_gaussian_lower(film: _Film, s: float, rng):
    v = film.img
    sigma = (1.6 + 3.4 * s) * film.k
    # a Gaussian blur, slightly stretched cranio-caudally (diaphragm moving)
    blurred = ndi.gaussian_filter(v, sigma=(sigma * rng.uniform(1.0, 1.6), sigma))
    return _blend_sel(v, blurred, _thorax_selection(film, rng, lower_only=True), film, None, rng)


def _m_shake_path(film: _Film, s: float, rng):
    v = film.img
    extent = (5.0 + 14.0 * s) * film.k
    n = int(rng.integers(4, 8))
    steps = rng.standard_normal((n - 1, 2))
    steps[:, 0] *= 1.5  # more cranio-caudal than sideways
    path = np.vstack([[0.0, 0.0], np.cumsum(steps, axis=0)])
    path -= path.mean(axis=0)
    span = max(float(np.abs(path).max()), 1e-6)
    path *= (extent / 2) / span
    wts = rng.uniform(0.5, 1.0, n)
    wts[int(rng.integers(n))] += 1.0  # where the patient stayed longest
    kern = _splat_kernel([(float(p[0]), float(p[1])) for p in path], list(wts))
    return _blend_sel(v, _conv_same(v, kern), _thorax_selection(film, rng), film, kern, rng)


# ----------------------------------------------------------------------------------------------
# Foreign objects: cut-out photographs pasted in, their X-ray look faked with Levels
# ----------------------------------------------------------------------------------------------


class _Sprite:
    """An object drawn at 3x on its own small canvas (a cut-out 'photograph')."""

    SS = 3

    def __init__(self, size_px: int):
        self.n = int(max(8, size_px))
        self.im = Image.new("L", (self.n * self.SS, self.n * self.SS), 0)
        self.d = ImageDraw.Draw(self.im)

    def xy(self, *pts):
        return [(float(x) * self.SS, float(y) * self.SS) for x, y in pts]

    def ellipse(self, cx, cy, rx, ry, fill=None, outline=None, width=1):
        S = self.SS
        self.d.ellipse([(cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S],
                       fill=fill, outline=outline, width=max(1, int(round(width * S))))

    def line(self, pts, fill=255, width=1.0):
        self.d.line(self.xy(*pts), fill=fill, width=max(1, int(round(width * self.SS))), joint="curve")

    def polygon(self, pts, fill=255):
        self.d.polygon(self.xy(*pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill=255, outline=None, width=1):
        S = self.SS
        self.d.rectangle([x0 * S, y0 * S, x1 * S, y1 * S], fill=fill, outline=outline,
                         width=max(1, int(round(width * S))))

    def alpha(self) -> np.ndarray:
        small = self.im.resize((self.n, self.n), Image.BOX)
        return np.asarray(small, dtype=np.float32) / 255.0


def _free_spot(film: _Film, rng, size_hw, region=None, tries: int = 25):
    """Top-left corner for an object of size_hw inside `region`, clear of the side markers."""
    h, w = film.h, film.w
    oh, ow = size_hw
    r0, r1, c0, c1 = region if region is not None else film.lungs
    mm = film.marker_mask(pad=6 * film.k)
    best = None
    for _ in range(tries):
        cy = rng.uniform(r0, max(r0 + 1, r1))
        cx = rng.uniform(c0, max(c0 + 1, c1))
        y = int(np.clip(cy - oh / 2, 1, max(1, h - oh - 1)))
        x = int(np.clip(cx - ow / 2, 1, max(1, w - ow - 1)))
        best = (y, x)
        if not mm[y:y + oh, x:x + ow].any():
            return best
    return best


def _paste(out: np.ndarray, alpha: np.ndarray, y: int, x: int, mode: str, density: float,
           tex: np.ndarray | None = None, halo: float = 0.0, rng=None) -> np.ndarray:
    """Composite a levelled cut-out: 'normal' paste (opaque metal) or 'screen' (partial
    density).  Never darkens: an object over the chest only adds attenuation."""
    H, W = out.shape
    oh, ow = alpha.shape
    y1, x1 = min(H, y + oh), min(W, x + ow)
    a = alpha[: y1 - y, : x1 - x]
    reg = out[y:y1, x:x1]
    t = 0.0 if tex is None else tex[: y1 - y, : x1 - x]
    if mode == "normal":
        val = np.clip(density + t, 0, 1)
        new = reg * (1 - a) + val * a
    else:  # screen
        new = 1.0 - (1.0 - reg) * (1.0 - np.clip(a * (density + t), 0, 1))
    if halo > 0:
        # sloppy cut-out: a light fringe of the photograph's background round the object
        ring = np.clip(ndi.maximum_filter(a, size=3) - a, 0, 1)
        new = np.maximum(new, reg * (1 - ring) + halo * ring)
    out[y:y1, x:x1] = np.maximum(reg, new)
    return out


def _relief(rng, n, amp) -> np.ndarray:
    t = ndi.gaussian_filter(rng.standard_normal((n, n)).astype(np.float32), sigma=max(1.0, n / 14))
    t /= max(float(np.abs(t).max()), 1e-6)
    return (t * amp).astype(np.float32)


def _f_pasted_coins(film: _Film, s: float, rng):
    out = film.img.copy()
    k = film.k
    ncoins = 1 + int(rng.integers(0, 3)) if s > 0.3 else 1
    for i in range(ncoins):
        d = rng.uniform(28, 46) * k
        n = int(d + 4)
        sp = _Sprite(n)
        c = n / 2
        sp.ellipse(c, c, d / 2, d / 2 * rng.uniform(0.92, 1.0), fill=235)
        sp.ellipse(c, c, d / 2, d / 2, outline=255, width=max(1.0, d * 0.06))  # milled rim
        a = sp.alpha()
        tex = _relief(rng, n, 0.05)
        y, x = _free_spot(film, rng, a.shape)
        if i > 0 and rng.uniform() < 0.5:  # stacked / overlapping coins
            y, x = y0 + int(rng.uniform(-0.5, 0.5) * d), x0 + int(rng.uniform(-0.5, 0.5) * d)
            y, x = int(np.clip(y, 1, film.h - n - 1)), int(np.clip(x, 1, film.w - n - 1))
        y0, x0 = y, x
        out = _paste(out, a, y, x, "normal", rng.uniform(0.90, 0.97), tex,
                     halo=rng.uniform(0.55, 0.8) if rng.uniform() < 0.3 else 0.0)
    return out


def _f_pasted_jewellery(film: _Film, s: float, rng):
    out = film.img.copy()
    k = film.k
    r0, r1, c0, c1 = film.body
    bh, bw = r1 - r0, c1 - c0
    if rng.uniform() < 0.65:  # necklace with pendant
        cx = (c0 + c1) / 2 + rng.uniform(-0.05, 0.05) * bw
        half = rng.uniform(0.12, 0.20) * bw
        ytop = r0 + rng.uniform(0.04, 0.12) * bh
        drop = rng.uniform(0.18, 0.32) * bh
        n = int(2 * half + 40 * k)
        m = int(drop + 40 * k)
        size = max(n, m)
        sp = _Sprite(size)
        ox, oy = size / 2, 6 * k
        bead = rng.uniform(1.3, 2.6) * k
        npts = 140
        ts = np.linspace(-1, 1, npts)
        xs = ox + half * ts
        ys = oy + drop * (1 - ts ** 2) ** rng.uniform(0.8, 1.3)
        seg = np.hypot(np.diff(xs), np.diff(ys))
        arc = np.concatenate([[0], np.cumsum(seg)])
        step = bead * rng.uniform(2.0, 2.8)
        for a_ in np.arange(0, arc[-1], step):
            px, py = np.interp(a_, arc, xs), np.interp(a_, arc, ys)
            sp.ellipse(px, py, bead, bead, fill=255)
        # pendant at the lowest point
        py, px = oy + drop, ox
        kind = rng.integers(3)
        pr = rng.uniform(5, 10) * k
        if kind == 0:
            sp.ellipse(px, py + pr, pr, pr, fill=245)
        elif kind == 1:  # cross
            sp.rect(px - pr * 0.25, py, px + pr * 0.25, py + pr * 2.4, fill=250)
            sp.rect(px - pr, py + pr * 0.5, px + pr, py + pr * 1.0, fill=250)
        else:  # heart
            sp.ellipse(px - pr * 0.45, py + pr * 0.5, pr * 0.55, pr * 0.55, fill=245)
            sp.ellipse(px + pr * 0.45, py + pr * 0.5, pr * 0.55, pr * 0.55, fill=245)
            sp.polygon([(px - pr, py + pr * 0.7), (px + pr, py + pr * 0.7), (px, py + pr * 2.0)], fill=245)
        a = sp.alpha()
        y = int(np.clip(ytop, 1, film.h - size - 1))
        x = int(np.clip(cx - size / 2, 1, film.w - size - 1))
        out = _paste(out, a, y, x, "normal", rng.uniform(0.90, 0.98), _relief(rng, size, 0.03))
    else:  # ring or earring lying on the chest
        n = int(rng.uniform(22, 34) * k)
        sp = _Sprite(n)
        c = n / 2
        r = n * 0.36
        sp.ellipse(c, c, r, r * rng.uniform(0.55, 1.0), outline=255, width=max(1.5, n * 0.08))
        if rng.uniform() < 0.6:  # a stone in a setting
            sp.ellipse(c, c - r, n * 0.12, n * 0.12, fill=255)
        a = sp.alpha()
        for _ in range(1 + int(rng.integers(0, 2))):
            y, x = _free_spot(film, rng, a.shape)
            out = _paste(out, a, y, x, "normal", rng.uniform(0.90, 0.98))
    return out


def _f_pasted_buttons(film: _Film, s: float, rng):
    out = film.img.copy()
    k = film.k
    r0, r1, c0, c1 = film.body
    bh, bw = r1 - r0, c1 - c0
    nb = int(rng.integers(3, 7))
    rad = rng.uniform(5, 9) * k
    gap = rng.uniform(0.12, 0.17) * bh
    x_line = (c0 + c1) / 2 + rng.uniform(-0.18, 0.18) * bw
    tilt = rng.uniform(-0.08, 0.08)
    y_start = r0 + rng.uniform(0.08, 0.25) * bh
    metal = rng.uniform() < 0.5
    holes = 2 if rng.uniform() < 0.5 else 4
    n = int(2 * rad + 6)
    sp = _Sprite(n)
    c = n / 2
    sp.ellipse(c, c, rad, rad, fill=210)
    sp.ellipse(c, c, rad, rad, outline=255, width=max(1.0, rad * 0.22))
    hr = rad * 0.16
    offs = [(-0.3, 0), (0.3, 0)] if holes == 2 else [(-0.3, -0.3), (0.3, -0.3), (-0.3, 0.3), (0.3, 0.3)]
    for dx, dy in offs:
        sp.ellipse(c + dx * rad, c + dy * rad, hr, hr, fill=0)
    a = sp.alpha()
    mm = film.marker_mask(pad=6 * k)
    dens = rng.uniform(0.9, 0.97) if metal else rng.uniform(0.50, 0.80)
    for i in range(nb):
        y = int(y_start + i * gap)
        x = int(x_line + tilt * i * gap - n / 2)
        if y + n >= film.h - 1 or x < 1 or x + n >= film.w - 1 or mm[y:y + n, x:x + n].any():
            continue
        out = _paste(out, a, y, x, "normal" if metal else "screen", dens)
    if np.array_equal(out, film.img):  # nothing landed: one button in the lung field
        y, x = _free_spot(film, rng, a.shape)
        out = _paste(out, a, y, x, "screen", max(dens, 0.5))
    return out


def _f_pasted_clips_pins(film: _Film, s: float, rng):
    out = film.img.copy()
    k = film.k
    nobj = 1 + int(rng.integers(0, 2 + int(s > 0.5)))
    for _ in range(nobj):
        kind = int(rng.integers(4))
        L = rng.uniform(38, 62) * k
        n = int(L + 10 * k)
        sp = _Sprite(n)
        wire = max(1.1, rng.uniform(1.3, 2.2) * k)
        c = n / 2
        x0, x1 = c - L / 2 + 2, c + L / 2 - 2
        if kind == 0:  # bobby pin: straight arm, wavy arm, U bend
            gap = L * 0.08
            sp.line([(x0, c - gap), (x1, c - gap)], width=wire)
            xs = np.linspace(x0 + L * 0.1, x1, 30)
            ys = c + gap + np.sin(np.linspace(0, 5 * math.pi, 30)) * gap * 0.5
            sp.line(list(zip(xs, ys)), width=wire)
            sp.ellipse(x0 + L * 0.05, c, L * 0.05, gap, outline=255, width=wire)
        elif kind == 1:  # paper clip: nested rounded loops
            hgt = L * 0.28
            for j, f in enumerate((1.0, 0.78, 0.58)):
                ww, hh = L * f, hgt * (1 - 0.25 * j)
                sp.d.rounded_rectangle([(c - ww / 2) * sp.SS, (c - hh / 2) * sp.SS,
                                        (c + ww / 2) * sp.SS, (c + hh / 2) * sp.SS],
                                       radius=hh / 2 * sp.SS, outline=255, width=int(wire * sp.SS))
        elif kind == 2:  # safety pin: two arms, coil, head
            sp.line([(x0, c), (x1, c - L * 0.1)], width=wire)
            sp.line([(x0, c), (x1 - L * 0.05, c + L * 0.06)], width=wire)
            sp.ellipse(x0, c, L * 0.06, L * 0.06, outline=255, width=wire)
            sp.rect(x1 - L * 0.14, c - L * 0.14, x1, c + L * 0.08, fill=255)
        else:  # hair clip spring (crocodile clip): wedge with teeth
            sp.polygon([(x0, c - L * 0.04), (x1, c - L * 0.12), (x1, c + L * 0.12), (x0, c + L * 0.04)], fill=200)
            for t in np.linspace(x0 + 3, x1 - 3, 9):
                sp.line([(t, c - L * 0.1), (t, c + L * 0.1)], width=max(1.0, wire * 0.6))
            sp.ellipse(x0 + L * 0.3, c, L * 0.08, L * 0.08, outline=255, width=wire)
        im = sp.im.rotate(rng.uniform(0, 360), resample=Image.BILINEAR)
        a = np.asarray(im.resize((sp.n, sp.n), Image.BOX), dtype=np.float32) / 255.0
        r0, r1, c0, c1 = film.lungs
        region = (r0 - 0.08 * film.h, r1, c0, c1) if rng.uniform() < 0.5 else None
        y, x = _free_spot(film, rng, a.shape, region=region)
        out = _paste(out, a, y, x, "normal", rng.uniform(0.88, 0.98),
                     halo=rng.uniform(0.5, 0.75) if rng.uniform() < 0.25 else 0.0)
    return out


def _f_pasted_clothing_metal(film: _Film, s: float, rng):
    out = film.img.copy()
    k = film.k
    r0, r1, c0, c1 = film.body
    bh, bw = r1 - r0, c1 - c0
    if rng.uniform() < 0.5:  # zip: teeth and slider
        length = rng.uniform(0.30, 0.55) * bh
        n = int(length + 20 * k)
        sp = _Sprite(n)
        c = n / 2
        tw, th = rng.uniform(3, 4.5) * k, rng.uniform(1.6, 2.4) * k
        ys = np.arange(8 * k, length, th * 1.15)
        for i, yy in enumerate(ys):
            off = tw * 0.45 if i % 2 else -tw * 0.45
            sp.rect(c + off - tw / 2, yy, c + off + tw / 2, yy + th * 0.8, fill=240)
        sp.polygon([(c - 5 * k, 2), (c + 5 * k, 2), (c + 3 * k, 12 * k), (c - 3 * k, 12 * k)], fill=255)  # slider
        sp.rect(c - 1.5 * k, 12 * k, c + 1.5 * k, 22 * k, fill=255)  # pull tab
        im = sp.im.rotate(rng.uniform(-12, 12), resample=Image.BILINEAR)
        a = np.asarray(im.resize((sp.n, sp.n), Image.BOX), dtype=np.float32) / 255.0
        cx = (c0 + c1) / 2 + rng.uniform(-0.2, 0.2) * bw
        y = int(np.clip(r0 + rng.uniform(0.05, 0.35) * bh, 1, film.h - n - 1))
        x = int(np.clip(cx - n / 2, 1, film.w - n - 1))
        out = _paste(out, a, y, x, "normal", rng.uniform(0.88, 0.97))
    else:  # bra: two underwires, hook-and-eye and strap slides
        yb = r0 + rng.uniform(0.55, 0.72) * bh
        span = rng.uniform(0.16, 0.22) * bw
        wire = max(1.2, rng.uniform(1.5, 2.4) * k)
        canvas_n = int(max(bh, bw))
        sp = _Sprite(canvas_n)
        ox, oy = c0 - (canvas_n - bw) / 2, r0 - (canvas_n - bh) / 2  # sprite origin in film coords
        for sgn in (-1, 1):
            cx = (c0 + c1) / 2 + sgn * rng.uniform(0.18, 0.26) * bw
            ts = np.linspace(0.05 * math.pi, 0.95 * math.pi, 40)
            xs = cx - ox + span * np.cos(ts)
            ys = yb - oy + span * 0.55 * np.sin(ts) - span * 0.55
            sp.line(list(zip(xs, ys)), width=wire)
            ty = r0 + rng.uniform(0.05, 0.18) * bh - oy  # strap slide
            tx = cx - ox + sgn * span * 0.3
            sp.rect(tx - 5 * k, ty - 2 * k, tx + 5 * k, ty + 2 * k, outline=255, width=wire * 0.8)
        hx = (c0 + c1) / 2 - ox + rng.uniform(-0.05, 0.05) * bw
        hy = yb - oy - span * 0.4
        for j in range(int(rng.integers(2, 4))):  # hooks
            sp.rect(hx - 6 * k, hy + j * 5 * k, hx + 6 * k, hy + j * 5 * k + 2 * k, fill=255)
        a = sp.alpha()
        y, x = int(round(oy)), int(round(ox))
        # crop the sprite to the film
        ys0, xs0 = max(0, -y), max(0, -x)
        a = a[ys0:, xs0:]
        y, x = max(0, y), max(0, x)
        a = a[: film.h - y, : film.w - x].copy()
        a[film.marker_mask(pad=4 * k)[y:y + a.shape[0], x:x + a.shape[1]]] = 0
        out = _paste(out, a, y, x, "normal", rng.uniform(0.88, 0.97))
    return out


# ----------------------------------------------------------------------------------------------
# Marker / annotation: Clone Stamp, Healing brush, Text tool, Pencil and Shape tools
# ----------------------------------------------------------------------------------------------


def _heal_out(film: _Film, out: np.ndarray, box, rng, heal: bool = True) -> np.ndarray:
    """Clone Stamp (heal=False) or Healing brush (heal=True) over a marker box."""
    h, w = out.shape
    b0, b1, b2, b3 = box
    m = max(3, int(round(3 * film.k)))
    r0, r1, c0, c1 = max(0, b0 - m), min(h, b1 + m), max(0, b2 - m), min(w, b3 + m)
    bh, bw = r1 - r0, c1 - c0
    mm = film.marker_mask(pad=m)
    cands = []
    for dy, dx in ((0, bw + m), (0, -(bw + m)), (bh + m, 0), (-(bh + m), 0),
                   (bh + m, bw + m), (-(bh + m), -(bw + m)), (0, 2 * (bw + m)), (0, -2 * (bw + m))):
        s0, s2 = r0 + dy, c0 + dx
        if s0 < 0 or s2 < 0 or s0 + bh > h or s2 + bw > w:
            continue
        if mm[s0:s0 + bh, s2:s2 + bw].any():
            continue
        cands.append((s0, s2))
    ring_t = _ring(out, r0, r1, c0, c1, m)
    if not cands:
        fill = np.full((bh, bw), float(np.median(ring_t)), dtype=np.float32)
        src = fill + _gauss_noise(rng, (bh, bw), film.sigma)
        src_ring_mean = float(np.median(ring_t))
    else:
        def score(p):
            rs = _ring(out, p[0], p[0] + bh, p[1], p[1] + bw, m)
            return abs(float(np.mean(rs)) - float(np.mean(ring_t)))
        cands.sort(key=score)
        s0, s2 = cands[0] if rng.uniform() < 0.7 or len(cands) == 1 else cands[1]
        src = out[s0:s0 + bh, s2:s2 + bw].copy()
        src_ring_mean = float(np.mean(_ring(out, s0, s0 + bh, s2, s2 + bw, m)))
    if heal:  # healing brush: source texture on the destination's tone (membrane from the edges)
        texture = src - ndi.gaussian_filter(src, sigma=max(1.5, 2.5 * film.k), mode="nearest")
        src = _membrane(out, r0, r1, c0, c1, max(2, int(round(2 * film.k)))) + texture
    else:  # clone stamp: the source as it is, a rough tone match by eye
        src = src + 0.5 * (float(np.mean(ring_t)) - src_ring_mean)
    soft = _feather_rect(bh, bw, 0, bh, 0, bw, max(2.0, m * 1.2))
    soft = np.clip(soft * 1.6, 0, 1)
    # the marker itself must be fully covered
    soft[b0 - r0:b1 - r0, b2 - c0:b3 - c0] = 1.0
    out[r0:r1, c0:c1] = out[r0:r1, c0:c1] * (1 - soft) + src * soft
    return out


def _membrane(a, r0, r1, c0, c1, t):
    """Coons patch through the pixels just outside the region: the smooth tone a healing
    brush matches to."""
    h, w = a.shape
    bh, bw = r1 - r0, c1 - c0
    sm = lambda x: ndi.uniform_filter1d(x.astype(np.float32), size=5, mode="nearest")
    top = sm(a[max(0, r0 - t):r0, c0:c1].mean(0)) if r0 > 0 else None
    bot = sm(a[r1:min(h, r1 + t), c0:c1].mean(0)) if r1 < h else None
    left = sm(a[r0:r1, max(0, c0 - t):c0].mean(1)) if c0 > 0 else None
    right = sm(a[r0:r1, c1:min(w, c1 + t)].mean(1)) if c1 < w else None
    uu = np.linspace(0.0, 1.0, bw, dtype=np.float32)
    vv = np.linspace(0.0, 1.0, bh, dtype=np.float32)
    if left is None and right is None:
        if top is None and bot is None:
            top = bot = np.full(bw, float(np.median(a[r0:r1, c0:c1])), dtype=np.float32)
        top = bot if top is None else top
        bot = top if bot is None else bot
    else:
        left = right if left is None else left
        right = left if right is None else right
        if top is None:
            top = left[0] + (right[0] - left[0]) * uu
        if bot is None:
            bot = left[-1] + (right[-1] - left[-1]) * uu
    if left is None:
        left = top[0] + (bot[0] - top[0]) * vv
    if right is None:
        right = top[-1] + (bot[-1] - top[-1]) * vv
    u = uu[None, :]
    v = vv[:, None]
    m = ((1 - v) * top[None, :] + v * bot[None, :] + (1 - u) * left[:, None] + u * right[:, None]
         - ((1 - u) * (1 - v) * top[0] + u * (1 - v) * top[-1] + (1 - u) * v * bot[0] + u * v * bot[-1]))
    return m.astype(np.float32)


def _ring(a, r0, r1, c0, c1, m):
    h, w = a.shape
    R0, R1, C0, C1 = max(0, r0 - m), min(h, r1 + m), max(0, c0 - m), min(w, c1 + m)
    reg = a[R0:R1, C0:C1]
    inner = np.zeros(reg.shape, dtype=bool)
    inner[r0 - R0:r1 - R0, c0 - C0:c1 - C0] = True
    ring = reg[~inner]
    return ring if ring.size else reg.ravel()


def _text_alpha(h, w, items, angle: float = 0.0, center=None) -> np.ndarray:
    """Render text items [(x, y, text, font)] into an alpha map (optionally rotated)."""
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    for x, y, text, font in items:
        d.text((float(x), float(y)), text, fill=255, font=font)
    if angle:
        im = im.rotate(angle, resample=Image.BILINEAR, center=center)
    return np.asarray(im, dtype=np.float32) / 255.0


def _a_clone_heal_marker_out(film: _Film, s: float, rng):
    out = film.img.copy()
    heal = rng.uniform() < 0.6
    for box in film.markers:
        out = _heal_out(film, out, box, rng, heal=heal)
    return out


def _marker_style_draw(out, film: _Film, box, letter, rng, style_from=None):
    """Draw a PACS-style side marker (grey box, light letter) in `box`."""
    r0, r1, c0, c1 = box
    bh, bw = r1 - r0, c1 - c0
    if style_from is not None:
        patch = film.img[style_from[0]:style_from[1], style_from[2]:style_from[3]]
        box_val = float(np.median(patch))
        let_val = float(np.percentile(patch, 97))
        if let_val - box_val < 0.15:
            let_val = min(1.0, box_val + 0.3)
    else:  # a grey plate that stands out from the film round it, a light letter
        bg = float(np.median(out[r0:r1, c0:c1]))
        box_val = bg - rng.uniform(0.15, 0.3) if bg > 0.5 else bg + rng.uniform(0.15, 0.3)
        let_val = max(rng.uniform(0.88, 0.96), box_val + 0.3)
    out[r0:r1, c0:c1] = box_val
    font = _font("DejaVuSans.ttf", int(bh * 0.62))
    im = Image.new("L", (bw, bh), 0)
    d = ImageDraw.Draw(im)
    tb = d.textbbox((0, 0), letter, font=font)
    tx = (bw - (tb[2] - tb[0])) / 2 - tb[0]
    ty = (bh - (tb[3] - tb[1])) / 2 - tb[1]
    d.text((tx, ty), letter, fill=255, font=font)
    a = np.asarray(im, dtype=np.float32) / 255.0
    out[r0:r1, c0:c1] = _composite(out[r0:r1, c0:c1], a, let_val)
    return out


def _a_wrong_side_marker(film: _Film, s: float, rng):
    out = film.img.copy()
    h, w = out.shape
    k = film.k
    if film.markers:
        # the marker says the side of the image it sits on (R on the image's left for a PA/AP
        # film); replace it by the opposite letter in the same style and place
        for box in film.markers:
            r0, r1, c0, c1 = box
            letter = "L" if (c0 + c1) / 2 < w / 2 else "R"
            out = _heal_out(film, out, box, rng, heal=True)
            out = _marker_style_draw(out, film, box, letter, rng, style_from=box)
        return out
    # no marker found: add an opposite-side marker on the wrong side of the film
    bh = int(rng.uniform(30, 40) * k)
    bw = int(bh * rng.uniform(0.58, 0.70))
    left = rng.uniform() < 0.5
    letter = "L" if left else "R"  # wrong: L on the image left (patient's right)
    y = int(rng.uniform(0.02, 0.55) * (h - bh))
    x = int(rng.uniform(0.01, 0.05) * w) if left else int(w - bw - rng.uniform(0.01, 0.05) * w)
    return _marker_style_draw(out, film, (y, y + bh, x, x + bw), letter, rng)


_TEXTS = (
    "PORTABLE", "AP SUPINE", "AP SITTING", "ICU 3 BED 7", "ERECT", "SEMI-ERECT", "INSP?",
    "12.03.2020 07:41", "kV 90  mAs 2.2", "LEFT LUNG", "R LUNG", "pneumonia?", "PICC TIP",
    "SAMPLE", "TEACHING", "Pat-ID 4471193", "CHEST AP 1V", "WARD 5B", "ET tube ok?",
)


def _gray_colour(rng) -> float:
    c = rng.integers(5)
    return (1.0, 0.97, 0.0, 0.05, 0.89)[int(c)]  # white, off-white, black, near-black, yellow->grey


def _a_text_over_lungs(film: _Film, s: float, rng):
    out = film.img.copy()
    h, w = out.shape
    k = film.k
    lr0, lr1, lc0, lc1 = film.lungs
    nlines = 1 + int(rng.integers(0, 2 + int(s > 0.5)))
    fname = _FONTS[int(rng.integers(len(_FONTS)))]
    size = int((13 + 23 * s + rng.uniform(-2, 2)) * k)
    font = _font(fname, size)
    mid = (lc0 + lc1) / 2
    side = rng.uniform() < 0.5
    x = (rng.uniform(lc0, mid - 0.2 * (lc1 - lc0)) if side else rng.uniform(mid + 0.02 * w, lc1 - 0.2 * (lc1 - lc0)))
    y = rng.uniform(lr0, lr0 + 0.55 * (lr1 - lr0))
    items = []
    for i in range(nlines):
        txt = _TEXTS[int(rng.integers(len(_TEXTS)))]
        items.append((x, y + i * size * 1.25, txt, font))
    a = _text_alpha(h, w, items)
    a[film.marker_mask(pad=2)] = 0
    return _composite(out, a, _gray_colour(rng))


def _a_shapes_over_lungs(film: _Film, s: float, rng):
    out = film.img.copy()
    h, w = out.shape
    k = film.k
    lr0, lr1, lc0, lc1 = film.lungs
    SS = 2
    im = Image.new("L", (w * SS, h * SS), 0)
    d = ImageDraw.Draw(im)
    width = int(max(1, rng.uniform(1.5, 4.0) * k) * SS)
    nshapes = 1 + int(rng.integers(0, 2 + int(s > 0.5)))
    P = lambda x, y: (float(x) * SS, float(y) * SS)
    for _ in range(nshapes):
        kind = int(rng.integers(5))
        cx, cy = rng.uniform(lc0 + 0.1 * (lc1 - lc0), lc1 - 0.1 * (lc1 - lc0)), rng.uniform(lr0 + 0.1 * (lr1 - lr0), lr1 - 0.1 * (lr1 - lr0))
        sz = rng.uniform(30, 70) * k
        if kind == 0:  # arrow pointing at something
            ang = rng.uniform(0, 2 * math.pi)
            tx, ty = cx + math.cos(ang) * sz * 1.3, cy + math.sin(ang) * sz * 1.3
            d.line([P(tx, ty), P(cx, cy)], fill=255, width=width)
            hl = max(8 * k, sz * 0.3)
            for da in (0.45, -0.45):
                d.line([P(cx, cy), P(cx + math.cos(ang + da) * hl, cy + math.sin(ang + da) * hl)], fill=255, width=width)
        elif kind == 1:  # circle / ellipse round a "finding"
            d.ellipse([P(cx - sz, cy - sz * rng.uniform(0.6, 1.0)), P(cx + sz, cy + sz * rng.uniform(0.6, 1.0))], outline=255, width=width)
        elif kind == 2:  # rectangle (region of interest)
            d.rectangle([P(cx - sz, cy - sz * 0.7), P(cx + sz, cy + sz * 0.7)], outline=255, width=width)
        elif kind == 3:  # measuring ruler with ticks and a label
            ang = rng.uniform(-0.4, 0.4) + (math.pi / 2 if rng.uniform() < 0.4 else 0)
            L = sz * 2.2
            x0, y0 = cx - math.cos(ang) * L / 2, cy - math.sin(ang) * L / 2
            x1, y1 = cx + math.cos(ang) * L / 2, cy + math.sin(ang) * L / 2
            d.line([P(x0, y0), P(x1, y1)], fill=255, width=width)
            nt = int(rng.integers(5, 11))
            for t in np.linspace(0, 1, nt):
                px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                tl = 5 * k if (round(t * (nt - 1)) % 5) else 9 * k
                d.line([P(px - math.sin(ang) * tl, py + math.cos(ang) * tl), P(px, py)], fill=255, width=max(1, width // 2))
            font = _font(_FONTS[int(rng.integers(len(_FONTS)))], int(rng.uniform(12, 18) * k * SS))
            d.text(P(x1 + 4 * k, y1 - 6 * k), f"{L * rng.uniform(0.45, 0.7):.1f} mm", fill=255, font=font)
        else:  # freehand pencil loop
            n = 24
            th = np.linspace(0, 2 * math.pi * rng.uniform(1.0, 1.25), n)
            rr = sz * (1 + 0.18 * np.cumsum(rng.standard_normal(n)) / np.sqrt(n))
            pts = [P(cx + r_ * math.cos(t_), cy + r_ * 0.8 * math.sin(t_)) for r_, t_ in zip(rr, th)]
            d.line(pts, fill=255, width=width, joint="curve")
    a = np.asarray(im.resize((w, h), Image.BOX), dtype=np.float32) / 255.0
    a[film.marker_mask(pad=2)] = 0
    return _composite(out, a, _gray_colour(rng))


_STAMPS = ("COPY", "TEACHING FILE", "NOT FOR DIAGNOSIS", "ANONYMISED", "SAMPLE", "DRAFT", "REJECTED")


def _a_watermark_stamp(film: _Film, s: float, rng):
    out = film.img.copy()
    h, w = out.shape
    k = film.k
    txt = _STAMPS[int(rng.integers(len(_STAMPS)))]
    fname = _FONTS[int(rng.integers(len(_FONTS)))]
    r0, r1, c0, c1 = film.body
    size = int(rng.uniform(0.55, 0.9) * min(r1 - r0, c1 - c0) / max(3.0, len(txt) * 0.62))
    size = max(int(24 * k), min(size, int(140 * k)))
    font = _font(fname, size)
    tb = ImageDraw.Draw(Image.new("L", (8, 8))).textbbox((0, 0), txt, font=font)
    tw, th = tb[2] - tb[0], tb[3] - tb[1]
    cx = (c0 + c1) / 2 + rng.uniform(-0.08, 0.08) * w
    cy = r0 + rng.uniform(0.35, 0.55) * (r1 - r0)
    a = _text_alpha(h, w, [(cx - tw / 2 - tb[0], cy - th / 2 - tb[1], txt, font)],
                    angle=rng.uniform(-35, 35), center=(cx, cy))
    opacity = 0.30 + 0.35 * s
    a = a * opacity
    a[film.marker_mask(pad=2)] = 0
    return _composite(out, a, 1.0 if rng.uniform() < 0.7 else 0.0)


# ----------------------------------------------------------------------------------------------
# Dispatch
# ----------------------------------------------------------------------------------------------

_IMPL = {
    "levels_output_lift_noise": _u_levels_output_lift_noise,
    "curves_whiteout_noise": _u_curves_whiteout_noise,
    "brightness_contrast_grain": _u_brightness_contrast_grain,
    "posterize_autolevels": _u_posterize_autolevels,
    "fog_layer_signal_noise": _u_fog_layer_signal_noise,
    "levels_black_point": _o_levels_black_point,
    "curves_crush_shadows": _o_curves_crush_shadows,
    "brightness_contrast_dark": _o_brightness_contrast_dark,
    "burn_tool_shadows": _o_burn_tool_shadows,
    "exposure_dialog": _o_exposure_dialog,
    "crop_tool": _c_crop_tool,
    "crop_keep_canvas_fill": _c_crop_keep_canvas_fill,
    "lasso_corner_delete": _c_lasso_corner_delete,
    "zoom_keep_canvas": _c_zoom_keep_canvas,
    "canvas_shrink_anchor": _c_canvas_shrink_anchor,
    "canvas_enlarge_black": _k_canvas_enlarge_black,
    "canvas_anchor_offcentre": _k_canvas_anchor_offcentre,
    "smudge_extend_soft_tissue": _k_smudge_extend_soft_tissue,
    "collimator_blades_wide": _k_collimator_blades_wide,
    "abdomen_included": _k_abdomen_included,
    "motion_blur_filter": _m_motion_blur_filter,
    "ghost_duplicate_layer": _m_ghost_duplicate_layer,
    "zoom_blur_breathing": _m_zoom_blur_breathing,
    "selection_gaussian_lower": _m_selection_gaussian_lower,
    "shake_path": _m_shake_path,
    "pasted_coins": _f_pasted_coins,
    "pasted_jewellery": _f_pasted_jewellery,
    "pasted_buttons": _f_pasted_buttons,
    "pasted_clips_pins": _f_pasted_clips_pins,
    "pasted_clothing_metal": _f_pasted_clothing_metal,
    "clone_heal_marker_out": _a_clone_heal_marker_out,
    "wrong_side_marker": _a_wrong_side_marker,
    "text_over_lungs": _a_text_over_lungs,
    "shapes_over_lungs": _a_shapes_over_lungs,
    "watermark_stamp": _a_watermark_stamp,
}


def simulate_with_mechanism(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Make `fault` on a clean film by hand-editing; return (image, mechanism name)."""
    if fault not in FAULTS:
        if fault == ORIENTATION_FAULT:
            raise ValueError("orientation_photometric is made by wrong_display(), not simulate()")
        raise ValueError(f"unknown or non-simulable fault {fault!r}; expected one of {FAULTS}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator")
    film = _Film(_prep(pixels))
    names = MECHANISMS[fault]
    mech = names[int(rng.integers(len(names)))]
    severity = float(rng.uniform(0.0, 1.0))
    if mech == "clone_heal_marker_out" and not film.markers:
        mech = "wrong_side_marker"  # nothing to clone out: add a wrong marker instead
    out = _IMPL[mech](film, severity, rng)
    return _finish(out), mech


def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    """Make `fault` on a clean film by hand-editing; return the image."""
    return simulate_with_mechanism(pixels, fault, rng)[0]


# ----------------------------------------------------------------------------------------------
# orientation_photometric: exact array transforms
# ----------------------------------------------------------------------------------------------

DISPLAY_MECHANISMS: dict[str, object] = {
    "mirror_lr": lambda a: a[:, ::-1],
    "upside_down": lambda a: a[::-1, :],
    "rotate180": lambda a: a[::-1, ::-1],
    "rotate90_cw": lambda a: np.rot90(a, -1),
    "rotate90_ccw": lambda a: np.rot90(a, 1),
    "invert": lambda a: 1.0 - a,
    "transpose": lambda a: a.T,
    "antitranspose": lambda a: a[::-1, ::-1].T,
    "invert+mirror_lr": lambda a: 1.0 - a[:, ::-1],
    "invert+upside_down": lambda a: 1.0 - a[::-1, :],
    "invert+rotate90_cw": lambda a: 1.0 - np.rot90(a, -1),
    "invert+rotate180": lambda a: 1.0 - a[::-1, ::-1],
}
_DISPLAY_WEIGHTS = np.array([3, 2, 2, 2, 2, 3, 1, 1, 1, 1, 1, 1], dtype=np.float64)


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Display the film wrongly (mirror, upside down, 90/180/270 turn, inverted grey scale or a
    combination): exact array operations, no resampling."""
    a = np.asarray(pixels)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grey-scale array, got shape {a.shape}")
    a = a.astype(np.float32, copy=False)
    names = list(DISPLAY_MECHANISMS)
    p = _DISPLAY_WEIGHTS / _DISPLAY_WEIGHTS.sum()
    name = names[int(rng.choice(len(names), p=p))]
    out = DISPLAY_MECHANISMS[name](a)
    return np.ascontiguousarray(out, dtype=np.float32), name
