"""A third, independent fault simulator, for fitting only (never for evaluation).

The dev datasets were faulted by data/synth/cxr_images/faults.py (A: a dose/penetration model with a
fixed display mapping, crops of one side, padded canvases, line blur with a ghost, necklaces, buttons,
coins and a hair clip, one default-font label) and `augment.py` (B: photon counts with a percentile
auto-window, crops padded back or not, a shrunk or shifted thorax, linear/rotational/double/tremor
blur, rings, chains, zips and pins blended in, labels, rulers and arrows). An auditor fitted on one of
them transfers poorly to the other, and the judged set was faulted by somebody else's simulator. This
one thinks like a QC-benchmark team that edits finished 8-bit images, and so makes the same eight
faults with the mechanisms A and B do not use:

- exposure: display curves (gamma, window/level with white or black clipping, contrast compression,
  histogram re-stretching), additive, speckle and 8-bit-quantised noise, low-dose noise with the
  brightness fully auto-windowed back (only the noise is left), burnt-out lungs clipped to black;
- lung_field_cutoff: corner crops and zoomed crops resized back to the full frame, oblique or soft
  shutter bands over an edge (black or white) that hide part of a lung;
- collimation_centering: the film shrunk onto a larger canvas of another aspect ratio (dark exposed or
  mid-grey background, with or without collimator-blade shadows), diagonal shifts, a tilted field;
- motion_blur: gaussian and defocus (disc) blur, blur of the lower chest only, two or three ghost
  copies, a breathing smear that grows towards the diaphragm, a twist about a pivot near the hips;
- foreign_object: keys, buttons with holes, coins, rings, paper clips, safety pins, bra hooks, short
  heaps of chain, piercings, phone or monitor boxes, drawn antialiased or soft, composited as flat
  saturated metal, partly lucent plastic, or a brightness maximum; one to three at a time;
- marker_annotation: text in any DejaVu font, white or black, bare or boxed, L/R lead-marker letters,
  filled arrows, measurement callipers with a length, date/time stamps, all over a lung field;
- orientation_photometric: augment.py's wrong displays plus transposition and inverted turns, the
  wrong display sometimes with a slightly different window (a re-exported image).

Apply it to DEV images only. Every function takes display pixels (float [0, 1], bright = dense, about
512 px on the long side) and a numpy Generator, and uses only numpy, scipy and PIL.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi
from scipy.signal import fftconvolve

from radqc.agents.cxr.augment import DISPLAY_FAULTS as B_DISPLAY_FAULTS
from radqc.agents.cxr.augment import SIMULABLE, simulator

FONT_FILES = sorted(p for p in Path("/usr/share/fonts").rglob("*.ttf") if "Math" not in p.name)


def _f32(a) -> np.ndarray:
    return np.clip(np.asarray(a, np.float32), 0, 1).astype(np.float32)


def _resize(pixels: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    height, width = shape
    return np.asarray(Image.fromarray(np.asarray(pixels, np.float32)).resize((int(width), int(height)), Image.Resampling.BILINEAR))


def _lung_point(pixels: np.ndarray, rng, side: str | None = None) -> tuple[float, float]:
    """A point (x, y) likely inside a lung field: the darker of a few candidates in the usual lung
    boxes (patient's right lung on the image's left), so that objects and text hide lung."""
    height, width = pixels.shape
    side = side or str(rng.choice(["left", "right"]))
    xs = rng.uniform(0.2, 0.4, 6) if side == "left" else rng.uniform(0.6, 0.8, 6)
    ys = rng.uniform(0.28, 0.62, 6)
    small = pixels[::4, ::4]
    values = [small[min(int(y * height) // 4, small.shape[0] - 1), min(int(x * width) // 4, small.shape[1] - 1)] for x, y in zip(xs, ys)]
    best = int(np.argmin(values)) if rng.random() < 0.7 else int(rng.integers(6))
    return float(xs[best] * width), float(ys[best] * height)


# --- exposure -------------------------------------------------------------------------------------


def _thorax(pixels) -> np.ndarray:
    """The central part of the film (mostly thorax: borders, canvases and shutters left out), for levels."""
    height, width = pixels.shape
    return pixels[int(0.2 * height):int(0.8 * height), int(0.2 * width):int(0.8 * width)]


def _noise(pixels, rng, sigma: float, kind: str) -> np.ndarray:
    """Added noise: GAUSSIAN (uniform), SPECKLE (multiplicative) or DOSE (grows with density, as fewer
    quanta reach the detector behind dense parts), sometimes slightly correlated (detector blur)."""
    white = rng.normal(0, 1, pixels.shape).astype(np.float32)
    if rng.random() < 0.4:
        width = rng.uniform(0.5, 0.9)
        white = ndi.gaussian_filter(white, width) * (2 * np.sqrt(np.pi) * width)  # keep its sd about 1
    if kind == "speckle":
        return pixels * (1 + sigma * 2.2 * white)
    if kind == "dose":
        return pixels + sigma * (0.5 + pixels) * white
    return pixels + sigma * white


def _quantise(pixels, rng) -> np.ndarray:
    """A low-dose image stretched from few grey levels: visible banding (sometimes)."""
    if rng.random() < 0.3:
        levels = rng.integers(24, 64)
        return np.round(pixels * levels) / levels
    return pixels


def underexposure(pixels, rng):
    """Too few quanta: noisy, washed-out (too bright / grey) or both."""
    kind = rng.choice(["autowindow_noise", "gamma", "window", "compress", "speckle"])
    noise_kind = str(rng.choice(["gaussian", "dose", "speckle"]))
    if kind == "autowindow_noise":  # brightness fully restored by auto-windowing: only the noise tells
        out = _noise(pixels, rng, rng.uniform(0.045, 0.11), "dose")
        return _quantise(out, rng)
    if kind == "gamma":  # a brightening curve: lungs grey, low contrast, plus noise
        out = pixels ** rng.uniform(0.35, 0.65)
        return _noise(out, rng, rng.uniform(0.015, 0.06), noise_kind)
    if kind == "window":  # level lowered with white clipping: mediastinum and abdomen burn to white
        low = rng.uniform(-0.35, -0.1)
        high = float(np.percentile(_thorax(pixels), rng.uniform(65, 92)))
        out = (pixels - low) / max(high - low, 1e-3)
        return _noise(out, rng, rng.uniform(0.01, 0.05), noise_kind)
    if kind == "compress":  # contrast squeezed into the upper part of the scale, then noise
        floor = rng.uniform(0.35, 0.6)
        out = floor + (1 - floor - rng.uniform(0, 0.05)) * pixels
        return _quantise(_noise(out, rng, rng.uniform(0.02, 0.07), noise_kind), rng)
    # speckle with a mild brightening
    out = pixels ** rng.uniform(0.6, 0.85)
    return _noise(out, rng, rng.uniform(0.05, 0.1), "speckle")


def overexposure(pixels, rng):
    """Too many quanta / too hard a beam: dark image, lungs burnt out to black, flat contrast. Levels
    are taken from the thorax, so that a film on a dark canvas is burnt out too."""
    kind = rng.choice(["gamma", "black_clip", "compress", "stretch"])
    centre = _thorax(pixels)
    p01, lung, p99 = (float(v) for v in np.percentile(centre, [1, 20, 99.5]))
    if kind == "gamma":  # darkening curve on the thorax's range, lung tissue crushed towards black
        out = np.clip((pixels - p01) / max(p99 - p01, 1e-3), 0, 1) ** rng.uniform(2.0, 4.0) * rng.uniform(0.8, 1.0)
    elif kind == "black_clip":  # window raised with black clipping: the lungs lose their vessels
        low = float(np.percentile(centre, rng.uniform(25, 50)))
        out = (pixels - low) / max(p99 - low + rng.uniform(0.0, 0.15), 1e-3)
    elif kind == "compress":  # everything squeezed into the dark end, lung clipped
        out = rng.uniform(0.45, 0.75) * (pixels - lung * rng.uniform(0.95, 1.1)) / max(p99 - lung, 1e-3)
    else:  # histogram re-stretch: a crushing curve at the low end and full range above
        low = float(np.percentile(centre, rng.uniform(20, 40)))
        out = np.clip((pixels - low) / max(p99 - low, 1e-3), 0, 1) ** rng.uniform(1.4, 2.2)
    # Severity: part of the way from the original display to the fully burnt-out one (the milder
    # end still darkens the lungs well past their usual grey and clips their darkest parts).
    severity = rng.uniform(0.6, 1.0)
    out = pixels + severity * (np.clip(out, 0, 1) - pixels)
    if rng.random() < 0.5:  # high dose: smoother than the original
        out = ndi.gaussian_filter(out, rng.uniform(0.4, 0.8))
    if rng.random() < 0.5:
        out = out + rng.normal(0, rng.uniform(0.002, 0.008), pixels.shape)
    return out


# --- geometry -------------------------------------------------------------------------------------


def _band_mask(shape, rng, side: str, depth: float, oblique: bool, soft: float) -> np.ndarray:
    """1 inside a shutter band DEPTH (fraction) deep from SIDE, its edge oblique or straight, soft or hard."""
    height, width = shape
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    if side in ("top", "bottom"):
        along, across, extent = xx / width, (yy if side == "top" else height - 1 - yy), height
    else:
        along, across, extent = yy / height, (xx if side == "left" else width - 1 - xx), width
    tilt = rng.uniform(-0.15, 0.15) if oblique else 0.0
    edge = extent * (depth + tilt * (along - 0.5))
    return np.clip((edge - across) / max(soft, 0.5) + 0.5, 0, 1)


def lung_field_cutoff(pixels, rng):
    height, width = pixels.shape
    kind = rng.choice(["corner", "zoom", "band", "crop_resize"])
    if kind == "corner":  # a corner missing: apex or costophrenic angle and a lateral border
        fy, fx = rng.uniform(0.18, 0.35), rng.uniform(0.15, 0.3)
        top, left = rng.random() < 0.5, rng.random() < 0.5
        ys = slice(int(fy * height), None) if top else slice(0, height - int(fy * height))
        xs = slice(int(fx * width), None) if left else slice(0, width - int(fx * width))
        crop = pixels[ys, xs]
        return _resize(crop, pixels.shape) if rng.random() < 0.6 else crop
    if kind == "zoom":  # a tight field: zoomed in so that apices, angles and lateral borders are lost
        zoom = rng.uniform(1.4, 1.9)
        ch, cw = int(height / zoom), int(width / zoom)
        y0 = int((height - ch) * np.clip(rng.normal(0.5, 0.2), 0, 1))
        x0 = int((width - cw) * np.clip(rng.normal(0.5, 0.2), 0, 1))
        crop = pixels[y0:y0 + ch, x0:x0 + cw]
        return _resize(crop, pixels.shape) if rng.random() < 0.7 else crop
    if kind == "band":  # a shutter band over an edge, hiding part of a lung, image size unchanged
        side = str(rng.choice(["top", "bottom", "left", "right"], p=[0.3, 0.3, 0.2, 0.2]))
        depth = rng.uniform(0.2, 0.38) if side in ("top", "bottom") else rng.uniform(0.18, 0.3)
        if side == "bottom":
            depth += 0.08
        mask = _band_mask(pixels.shape, rng, side, depth, rng.random() < 0.6, rng.uniform(0.5, 6))
        fill = rng.uniform(0.0, 0.08) if rng.random() < 0.5 else rng.uniform(0.8, 1.0)
        filler = fill + rng.normal(0, 0.01, pixels.shape)
        return (1 - mask) * pixels + mask * filler
    # crop of one side then stretched back to the original frame (a changed aspect ratio)
    side = str(rng.choice(["top", "bottom", "left", "right"]))
    k = int((rng.uniform(0.2, 0.38) if side in ("top", "bottom") else rng.uniform(0.18, 0.3)) * (height if side in ("top", "bottom") else width))
    if side == "bottom":
        k = int(k * 1.2)
    crop = {"top": pixels[k:], "bottom": pixels[:-k], "left": pixels[:, k:], "right": pixels[:, :-k]}[side]
    return _resize(crop, pixels.shape)


def _canvas(rng, shape, pixels) -> np.ndarray:
    """Background outside the thorax: dark directly exposed detector or a flat mid-grey (a padded export)."""
    height, width = shape
    if rng.random() < 0.6:
        level = float(np.percentile(pixels, 0.5)) * rng.uniform(0.0, 1.0)
    else:
        level = rng.uniform(0.25, 0.55)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = rng.uniform(0, 0.06) * ((xx / width) * np.cos(angle) + (yy / height) * np.sin(angle))
    return (level + ramp + rng.normal(0, rng.uniform(0.0, 0.015), shape)).astype(np.float32)


def _blades(canvas, rng, box) -> np.ndarray:
    """Collimator-blade shadows (bright) on some canvas edges, still well outside BOX (x0, y0, x1, y1)."""
    height, width = canvas.shape
    x0, y0, x1, y1 = box
    mask = np.zeros(canvas.shape, np.float32)
    for side in rng.choice(["top", "bottom", "left", "right"], size=rng.integers(1, 5), replace=False):
        if side == "top" and y0 > 8:
            mask[: int(y0 * rng.uniform(0.1, 0.6))] = 1
        elif side == "bottom" and height - y1 > 8:
            mask[height - int((height - y1) * rng.uniform(0.1, 0.6)):] = 1
        elif side == "left" and x0 > 8:
            mask[:, : int(x0 * rng.uniform(0.1, 0.6))] = 1
        elif side == "right" and width - x1 > 8:
            mask[:, width - int((width - x1) * rng.uniform(0.1, 0.6)):] = 1
    if rng.random() < 0.5:
        mask = ndi.gaussian_filter(mask, rng.uniform(1, 4))
    return (1 - mask) * canvas + mask * rng.uniform(0.7, 0.95)


def collimation_centering(pixels, rng):
    height, width = pixels.shape
    kind = rng.choice(["canvas", "canvas", "diagonal", "tilted"])
    if kind == "canvas":  # film on a larger canvas of another shape, off-centre or centred, resized back
        grow_x, grow_y = rng.uniform(1.3, 1.9), rng.uniform(1.2, 1.8)
        ch, cw = int(height * grow_y), int(width * grow_x)
        canvas = _canvas(rng, (ch, cw), pixels)
        centred = rng.random() < 0.35
        fy = 0.5 if centred else rng.choice([rng.uniform(0, 0.25), rng.uniform(0.75, 1.0), rng.uniform(0, 1)])
        fx = 0.5 if centred else rng.choice([rng.uniform(0, 0.25), rng.uniform(0.75, 1.0), rng.uniform(0, 1)])
        top, left = int((ch - height) * fy), int((cw - width) * fx)
        canvas[top:top + height, left:left + width] = pixels
        if rng.random() < 0.4:
            canvas = _blades(canvas, rng, (left, top, left + width, top + height))
        if rng.random() < 0.7:  # displayed in the original frame size (long side kept)
            factor = max(height, width) / max(ch, cw)
            canvas = _resize(canvas, (round(ch * factor), round(cw * factor)))
        return canvas
    canvas = _canvas(rng, pixels.shape, pixels)
    if kind == "diagonal":  # thorax pushed towards a corner: one side far from the centre
        dx = int(rng.choice([-1, 1]) * rng.uniform(0.2, 0.38) * width)
        dy = int(rng.choice([-1, 1]) * rng.uniform(0.12, 0.3) * height)
        src = pixels[max(0, -dy):height - max(0, dy), max(0, -dx):width - max(0, dx)]
        canvas[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
        return canvas
    # tilted, shrunk and off-centre field: a crooked cassette
    scale = rng.uniform(0.6, 0.8)
    small = _resize(pixels, (int(height * scale), int(width * scale)))
    angle = rng.uniform(4, 12) * rng.choice([-1, 1])
    inside = ndi.rotate(np.ones_like(small), angle, reshape=True, order=1) > 0.5
    small = ndi.rotate(small, angle, reshape=True, order=1)
    sh, sw = min(small.shape[0], height), min(small.shape[1], width)
    top = int((height - sh) * rng.uniform(0, 1))
    left = int((width - sw) * rng.choice([rng.uniform(0, 0.2), rng.uniform(0.8, 1.0)]))
    region = canvas[top:top + sh, left:left + sw]
    region[inside[:sh, :sw]] = small[:sh, :sw][inside[:sh, :sw]]
    return canvas


# --- motion ---------------------------------------------------------------------------------------


def _disc_kernel(radius: float) -> np.ndarray:
    r = int(np.ceil(radius))
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    kernel = np.clip(radius + 0.5 - np.hypot(yy, xx), 0, 1).astype(np.float32)
    return kernel / kernel.sum()


def _lower_mask(shape, rng) -> np.ndarray:
    """0 above, 1 below a soft boundary across the mid or lower chest (where the heart and diaphragm move)."""
    height, width = shape
    start = rng.uniform(0.35, 0.6) * height
    rows = np.clip((np.arange(height) - start) / (rng.uniform(0.05, 0.15) * height), 0, 1)
    return np.repeat(rows[:, None], width, axis=1).astype(np.float32)


def motion_blur(pixels, rng):
    """Blur, and in half the cases the detector's own grain laid back on top: patient motion blurs
    the anatomy, not the quantum noise recorded after it, so a moved film need not look smooth."""
    blurred = _blur(pixels, rng)
    if rng.random() < 0.5:
        grain = float(np.std(pixels - ndi.gaussian_filter(pixels, 1.0)))
        blurred = blurred + rng.normal(0.0, grain * rng.uniform(0.8, 1.5), pixels.shape)
    return np.clip(blurred, 0, 1)


def _blur(pixels, rng):
    scale = max(pixels.shape) / 512
    kind = rng.choice(["gaussian", "defocus", "lower", "ghosts", "breathing", "twist"])
    if kind == "gaussian":
        return ndi.gaussian_filter(pixels, rng.uniform(1.8, 4.5) * scale)
    if kind == "defocus":
        padded = np.pad(pixels, 8, mode="edge")
        return fftconvolve(padded, _disc_kernel(rng.uniform(2.5, 6.0) * scale), mode="same")[8:-8, 8:-8]
    if kind == "lower":  # heart and diaphragm moved, the upper chest sharp
        blurred = ndi.gaussian_filter(pixels, (rng.uniform(3, 7) * scale, rng.uniform(1.5, 4) * scale))
        mask = _lower_mask(pixels.shape, rng)
        return (1 - mask) * pixels + mask * blurred
    if kind == "ghosts":  # two or three faint copies (the patient moved in steps)
        count = int(rng.integers(2, 4))
        direction = np.radians(rng.choice([rng.uniform(70, 110), rng.uniform(0, 180)]))
        step = rng.uniform(4, 10) * scale
        weights = np.array([1.0] + [rng.uniform(0.35, 0.7) for _ in range(count)])
        weights /= weights.sum()
        out = weights[0] * pixels
        for i in range(1, count + 1):
            out = out + weights[i] * ndi.shift(pixels, (i * step * np.sin(direction), i * step * np.cos(direction)), order=1, mode="nearest")
        return out
    if kind == "breathing":  # vertical smear growing towards the diaphragm (apex still, base moving)
        height = pixels.shape[0]
        travel = rng.uniform(8, 20) * scale  # at the bottom row
        rows = np.arange(height, dtype=np.float32)
        profile = (rows / height) ** rng.uniform(1.0, 2.0)
        out = np.zeros_like(pixels)
        for t in np.linspace(0, 1, 7):
            source = np.clip(rows - t * travel * profile, 0, height - 1)
            below = np.floor(source).astype(int)
            weight = (source - below)[:, None]
            out += (1 - weight) * pixels[below] + weight * pixels[np.minimum(below + 1, height - 1)]
        return out / 7
    # twist about a pivot near the hips (off the image's centre)
    height, width = pixels.shape
    pad = int(0.06 * max(height, width))
    padded = Image.fromarray(np.pad(pixels, pad, mode="edge").astype(np.float32))
    pivot = (pad + width * rng.uniform(0.3, 0.7), pad + height * rng.uniform(0.9, 1.3))
    copies = [np.asarray(padded.rotate(float(a), resample=Image.Resampling.BILINEAR, center=pivot))
              for a in np.linspace(-1, 1, 7) * rng.uniform(1.2, 2.5)]
    return np.mean(copies, axis=0)[pad:pad + height, pad:pad + width]


# --- foreign objects ------------------------------------------------------------------------------

OBJECT_KINDS = ("ring", "key", "coin", "button", "paper_clip", "safety_pin", "bra_hooks", "chain_heap", "piercing", "device", "pendant")


def _draw_object(kind: str, rng, unit: float) -> np.ndarray:
    """One object drawn at 4x on its own patch, density 0-1 (antialiased), rotated at random."""
    s = 4.0 * unit  # supersampled pixels per cm
    size = int(s * 9)
    img = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(img)
    c = size / 2

    def ellipse(x, y, rx, ry, fill=255, width=0):
        box = [x - rx, y - ry, x + rx, y + ry]
        if width:
            d.ellipse(box, outline=fill, width=max(1, int(width)))
        else:
            d.ellipse(box, fill=fill)

    if kind == "ring":
        r = rng.uniform(0.8, 1.2) * s
        ellipse(c, c, r, r * rng.uniform(0.4, 1.0), width=rng.uniform(0.15, 0.35) * s)
        if rng.random() < 0.5:
            ellipse(c, c - r, 0.3 * s, 0.3 * s)  # a stone
    elif kind == "key":
        r = rng.uniform(0.8, 1.1) * s
        ellipse(c - 1.8 * s, c, r, r)
        ellipse(c - 1.8 * s, c, 0.3 * s, 0.3 * s, fill=0)
        shaft = rng.uniform(2.5, 3.5) * s
        d.rectangle([c - 1.8 * s + r * 0.8, c - 0.25 * s, c - 1.8 * s + r + shaft, c + 0.25 * s], fill=255)
        for x in np.arange(c - 1.8 * s + r + shaft * 0.4, c - 1.8 * s + r + shaft, 0.4 * s):
            d.rectangle([x, c + 0.2 * s, x + 0.25 * s, c + rng.uniform(0.45, 0.75) * s], fill=255)
    elif kind == "coin":
        for _ in range(int(rng.integers(1, 4))):
            r = rng.uniform(0.8, 1.3) * s
            ellipse(c + rng.normal(0, 0.8) * s, c + rng.normal(0, 0.8) * s, r, r)
    elif kind == "button":
        r = rng.uniform(0.5, 1.0) * s
        ellipse(c, c, r, r)
        holes = int(rng.choice([2, 4]))
        for k in range(holes):
            a = 2 * np.pi * k / holes + np.pi / 4
            ellipse(c + 0.35 * r * np.cos(a), c + 0.35 * r * np.sin(a), 0.13 * r, 0.13 * r, fill=0)
    elif kind == "paper_clip":
        w, h, t = rng.uniform(0.8, 1.0) * s, rng.uniform(3.0, 4.5) * s, max(2, int(0.14 * s))
        d.rounded_rectangle([c - w / 2, c - h / 2, c + w / 2, c + h / 2], radius=w / 2, outline=255, width=t)
        d.rounded_rectangle([c - w / 3.5, c - h / 2 + 0.4 * s, c + w / 3.5, c + h / 3], radius=w / 3.5, outline=255, width=t)
    elif kind == "safety_pin":
        length, t = rng.uniform(2.5, 4.0) * s, max(2, int(0.15 * s))
        d.line([c - length / 2, c - 0.3 * s, c + length / 2, c - 0.3 * s], fill=255, width=t)
        d.line([c - length / 2, c + 0.3 * s, c + length / 2, c], fill=255, width=t)
        ellipse(c - length / 2, c, 0.35 * s, 0.35 * s, width=t)
        d.rectangle([c + length / 2 - 0.6 * s, c - 0.55 * s, c + length / 2 + 0.1 * s, c + 0.1 * s], fill=255)
    elif kind == "bra_hooks":
        w, h = rng.uniform(2.5, 4.0) * s, rng.uniform(1.2, 2.0) * s
        d.rectangle([c - w / 2, c - h / 2, c + w / 2, c + h / 2], outline=255, width=max(2, int(0.15 * s)))
        for k in range(int(rng.integers(2, 4))):
            y = c - h / 3 + k * h / 3
            d.rectangle([c - w / 2, y - 0.12 * s, c + w / 3, y + 0.12 * s], fill=255)
            ellipse(c + w / 3, y, 0.2 * s, 0.2 * s)
    elif kind == "chain_heap":  # a short chain dropped in a heap (not a long necklace)
        x, y = c, c
        a = rng.uniform(0, 2 * np.pi)
        for _ in range(int(rng.integers(10, 22))):
            a += rng.normal(0, 0.9)
            x = np.clip(x + 0.35 * s * np.cos(a), c - 2 * s, c + 2 * s)
            y = np.clip(y + 0.35 * s * np.sin(a), c - 2 * s, c + 2 * s)
            ellipse(x, y, 0.25 * s, 0.16 * s, width=max(2, int(0.08 * s)))
    elif kind == "piercing":
        if rng.random() < 0.5:  # barbell
            gap = rng.uniform(0.6, 1.2) * s
            d.line([c - gap / 2, c, c + gap / 2, c], fill=255, width=max(2, int(0.1 * s)))
            ball = rng.uniform(0.3, 0.45) * s
            ellipse(c - gap / 2, c, ball, ball)
            ellipse(c + gap / 2, c, ball, ball)
        else:  # a small ring with a bead
            r = rng.uniform(0.4, 0.7) * s
            ellipse(c, c, r, r, width=max(2, int(0.15 * s)))
            ellipse(c, c + r, 0.3 * s, 0.3 * s)
    elif kind == "device":  # a phone or a monitor box: a dense rounded box with components inside
        w, h = rng.uniform(2.5, 4.0) * s, rng.uniform(4.0, 7.0) * s
        h = min(h, size * 0.95)
        d.rounded_rectangle([c - w / 2, c - h / 2, c + w / 2, c + h / 2], radius=0.4 * s, fill=int(rng.uniform(140, 200)))
        d.rectangle([c - w / 3, c - h / 3, c + w / 3, c + h / 8], fill=255)  # battery
        for k in range(int(rng.integers(2, 6))):
            ellipse(c + rng.uniform(-w / 3, w / 3), c + h / 4 + rng.uniform(-0.3, 0.3) * s, 0.2 * s, 0.2 * s)
    else:  # pendant: a solid shape with a few links above it
        r = rng.uniform(0.6, 1.2) * s
        if rng.random() < 0.5:
            ellipse(c, c, r, r)
        else:
            d.polygon([(c, c - r), (c + r, c), (c, c + 1.3 * r), (c - r, c)], fill=255)
        for k in range(4):
            ellipse(c + rng.normal(0, 0.1) * s, c - r - 0.4 * s * (k + 1), 0.18 * s, 0.25 * s, width=max(2, int(0.07 * s)))
    img = img.rotate(float(rng.uniform(0, 360)), resample=Image.Resampling.BILINEAR)
    small = img.resize((size // 4, size // 4), Image.Resampling.BOX)
    return np.asarray(small, np.float32) / 255.0


def foreign_object(pixels, rng):
    """One to three compact radiopaque objects over the chest (not wires or leads)."""
    height, width = pixels.shape
    unit = width / rng.uniform(36, 46)  # pixels per cm
    out = np.array(pixels, np.float32)
    for i in range(int(rng.choice([1, 1, 1, 2, 3]))):
        kind = str(rng.choice(OBJECT_KINDS))
        density = _draw_object(kind, rng, unit)
        if rng.random() < 0.35:  # soft edges (motion, or out of the focal plane)
            density = ndi.gaussian_filter(density, rng.uniform(0.6, 1.5))
        density = np.clip(density / max(float(density.max()), 1e-6) * 1.15, 0, 1)  # solid core even when small or soft
        if i == 0 or rng.random() < 0.6:
            cx, cy = _lung_point(pixels, rng)
        else:
            cx, cy = width * rng.uniform(0.2, 0.8), height * rng.uniform(0.15, 0.8)
        ph, pw = density.shape
        y0, x0 = int(cy - ph / 2), int(cx - pw / 2)
        ys, xs = slice(max(0, y0), min(height, y0 + ph)), slice(max(0, x0), min(width, x0 + pw))
        patch = density[ys.start - y0:ys.stop - y0, xs.start - x0:xs.stop - x0]
        region = out[ys, xs]
        mode = rng.choice(["metal", "plastic", "max"], p=[0.45, 0.3, 0.25])
        if mode == "metal":  # flat, nearly saturated: no tissue shows through
            level = rng.uniform(0.9, 1.0)
            region[:] = (1 - patch) * region + patch * level
        elif mode == "plastic":  # partly lucent: tissue texture shows through
            lift = max(rng.uniform(0.2, 0.45) * (1.1 - float(region.mean())), 0.15)  # visible even on a bright film
            region[:] = region + patch * lift
        else:
            region[:] = np.maximum(region, patch * max(rng.uniform(0.75, 1.0), float(region.mean()) + 0.2))
    return out


# --- annotations ----------------------------------------------------------------------------------

TEXTS = ("PA", "AP", "LIEGEND", "SUPINE", "SEMI-ERECT", "MOBILE", "PORT", "EXP", "INSP", "TRAUMA", "Stat", "POST OP",
         "ITS 2", "Rm 4", "NEURO", "CHEST", "Thorax ap", "DX", "POST TUBE", "re", "li", "WARD 5B")


def _font(rng, size: int):
    if FONT_FILES:
        return ImageFont.truetype(str(rng.choice(FONT_FILES)), size)
    return ImageFont.load_default(size=size)


def marker_annotation(pixels, rng):
    """Burned-in text, L/R letters, arrows, callipers or date stamps over a lung field."""
    height, width = pixels.shape
    ink = Image.new("L", (width, height), 0)
    box = Image.new("L", (width, height), 0)
    draw, draw_box = ImageDraw.Draw(ink), ImageDraw.Draw(box)
    size = int(max(12, width * rng.uniform(0.028, 0.08)))
    font = _font(rng, size)
    x, y = _lung_point(pixels, rng)
    kind = rng.choice(["text", "text", "letter", "arrow", "calliper", "stamp"])
    if kind in ("text", "stamp", "letter"):
        if kind == "text":
            text = " ".join(rng.choice(TEXTS, size=rng.integers(1, 3)))
        elif kind == "stamp":
            text = f"20{rng.integers(15, 25)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d} {rng.integers(0, 24):02d}:{rng.integers(0, 60):02d}"
            if rng.random() < 0.5:
                text = text.split(" ")[1] + ":" + f"{rng.integers(0, 60):02d}"
        else:
            text = str(rng.choice(["L", "R", "LT", "RT", "D", "S"]))
            font = _font(rng, int(size * rng.uniform(1.3, 2.2)))
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        x0 = int(np.clip(x - (right - left) / 2, 2, width - (right - left) - 2))
        y0 = int(np.clip(y - (bottom - top) / 2, 2, height - (bottom - top) - 2))
        draw.text((x0 - left, y0 - top), text, fill=255, font=font)
        if rng.random() < 0.4 or kind == "letter" and rng.random() < 0.5:
            pad = max(2, size // 5)
            frame = [x0 - pad, y0 - pad, x0 + right - left + pad, y0 + bottom - top + pad]
            if rng.random() < 0.5:
                draw_box.rectangle(frame, fill=255)  # a filled label box (opposite ink)
            else:
                draw.rectangle(frame, outline=255, width=max(1, size // 10))
    elif kind == "arrow":  # a filled block arrow pointing at something
        length, half = rng.uniform(2.0, 4.0) * size, rng.uniform(0.12, 0.25) * size
        head = rng.uniform(0.35, 0.6) * size
        pts = np.array([(0, -half), (length - head, -half), (length - head, -2.2 * half), (length, 0),
                        (length - head, 2.2 * half), (length - head, half), (0, half)])
        a = rng.uniform(0, 2 * np.pi)
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        pts = pts @ rot.T + [x - length / 2 * np.cos(a), y - length / 2 * np.sin(a)]
        draw.polygon([tuple(p) for p in pts], fill=255)
    else:  # a measurement calliper: a line with end crosses and its length
        length = rng.uniform(0.12, 0.3) * width
        a = rng.uniform(-0.6, 0.6) + (np.pi / 2 if rng.random() < 0.3 else 0)
        p0 = np.array([x - length / 2 * np.cos(a), y - length / 2 * np.sin(a)])
        p1 = p0 + length * np.array([np.cos(a), np.sin(a)])
        lw = max(1, int(rng.uniform(1, 3)))
        if rng.random() < 0.5:
            for t in np.arange(0, 1, 0.06):  # dashed
                q0, q1 = p0 + (p1 - p0) * t, p0 + (p1 - p0) * min(1, t + 0.035)
                draw.line([tuple(q0), tuple(q1)], fill=255, width=lw)
        else:
            draw.line([tuple(p0), tuple(p1)], fill=255, width=lw)
        tick = size * 0.4
        for p in (p0, p1):
            draw.line([(p[0] - tick, p[1] - tick), (p[0] + tick, p[1] + tick)], fill=255, width=lw + 1)
            draw.line([(p[0] - tick, p[1] + tick), (p[0] + tick, p[1] - tick)], fill=255, width=lw + 1)
        unit = str(rng.choice(["mm", "cm"]))
        value = length / width * rng.uniform(350, 450) * (1 if unit == "mm" else 0.1)
        draw.text(tuple(p1 + [4, 4]), f"{value:.1f} {unit}", fill=255, font=_font(rng, max(12, int(size * 0.7))))
    ink_a = np.asarray(ink, np.float32) / 255.0
    box_a = np.asarray(box, np.float32) / 255.0
    white = rng.random() < 0.7
    bright, dark = rng.uniform(0.88, 1.0), rng.uniform(0.0, 0.08)
    under = ink_a > 0.5
    if under.any() and not box_a.any():  # bare ink must stand out from what it covers
        local = float(np.median(pixels[under]))
        white = white if abs((bright if white else dark) - local) >= 0.3 else not white
    fg, bg = (bright, dark) if white else (dark, bright)
    out = (1 - box_a) * pixels + box_a * bg
    return (1 - ink_a) * out + ink_a * fg


# --- display --------------------------------------------------------------------------------------

DISPLAY_FAULTS = {
    **B_DISPLAY_FAULTS,
    "transposed": lambda a: a.T,
    "inverted_upside_down": lambda a: 1.0 - np.flipud(a),
    "inverted_rotated_90": lambda a: 1.0 - np.rot90(a, 1),
}


def wrong_display(pixels, rng) -> tuple[np.ndarray, str]:
    """PIXELS displayed wrongly (sometimes with a slightly different window, as after a re-export),
    and which of DISPLAY_FAULTS did it ("mirrored" is the only mirror-only kind)."""
    name = "mirrored" if rng.random() < 0.4 else str(rng.choice(list(DISPLAY_FAULTS)))
    out = DISPLAY_FAULTS[name](np.asarray(pixels, np.float32))
    if rng.random() < 0.4:  # a mild, harmless window change (not an exposure fault)
        out = np.clip(out, 0, 1) ** rng.uniform(0.9, 1.1)
    return _f32(np.ascontiguousarray(out)), name


def orientation_photometric(pixels, rng):
    return wrong_display(pixels, rng)[0]


FAULTS = {name: globals()[name] for name in SIMULABLE}


simulate = simulator(FAULTS)
