"""Independent fault simulator for the chest radiograph HOLDOUT set. EVALUATION ONLY - NEVER FOR FITTING.

This module exists to build `data/cxr/holdout`, a proxy for an outside party's hidden test set. It was
written blind to how radqc measures image quality and to how radqc's own training/dev simulators work:
only the taxonomy definitions, the domain notes and general radiographic knowledge were used. Its
purpose is lost the moment anything is tuned, thresholded, calibrated or selected on its output, so do
not import it from auditor code, do not generate extra data with it for fitting, and do not look at its
parameter ranges when tuning an engine.

Conventions: every simulator takes a float image in [0, 1] as displayed (bright = dense, i.e. a
MONOCHROME2 rendering) and a `numpy.random.Generator`, and returns `(faulted_image, params)` where
`params` is a JSON-serialisable dict describing what was done. Sizes are in pixels of the working image
(the sources are 640 px wide, about 0.6 mm per pixel).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from radqc.data.synth.cxr_images.build import SIMULATED_CRITERIA as SIMULABLE

# Order in which faults are applied when a case has two: what happens in the beam first, then the
# field/detector geometry, then exposure/processing, then burned-in annotation, then the display.
APPLY_ORDER = (
    "foreign_object",
    "motion_blur",
    "lung_field_cutoff",
    "collimation_centering",
    "underexposure",
    "overexposure",
    "marker_annotation",
    "orientation_photometric",
)

# Pairs that are not combined in one case (contradictory or ambiguous together).
EXCLUSIVE = {
    frozenset({"underexposure", "overexposure"}),
    frozenset({"lung_field_cutoff", "collimation_centering"}),
}

_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
)


# ----------------------------------------------------------------------------------------------- helpers


def _r(x: float, nd: int = 4) -> float:
    return round(float(x), nd)


def _choice(rng: np.random.Generator, options: list[str], p: list[float] | None = None) -> str:
    return str(options[int(rng.choice(len(options), p=p))])


def noise_sigma(img: np.ndarray) -> float:
    """Robust estimate of the image's own fine-grain noise (MAD of a high-pass residual)."""
    resid = img - ndimage.gaussian_filter(img, 1.0)
    return float(1.4826 * np.median(np.abs(resid - np.median(resid))))


def _grain(rng: np.random.Generator, shape: tuple[int, ...], sigma: float, corr: float = 0.6) -> np.ndarray:
    """Slightly correlated Gaussian grain with standard deviation ~sigma."""
    n = rng.standard_normal(shape)
    if corr > 0:
        n = ndimage.gaussian_filter(n, corr)
        n /= max(n.std(), 1e-6)
    return n * sigma


def _thorax_box(shape: tuple[int, int]) -> tuple[float, float, float, float]:
    """Rough thorax box (x0, y0, x1, y1) for a frontal film filling most of the frame."""
    h, w = shape
    return 0.12 * w, 0.08 * h, 0.88 * w, 0.80 * h


def _lung_point(rng: np.random.Generator, shape: tuple[int, int], side: str | None = None) -> tuple[float, float, str]:
    """A point well inside one lung field (image left or right), for a frontal chest film."""
    h, w = shape
    side = side or _choice(rng, ["image_left", "image_right"])
    cx = rng.uniform(0.22, 0.38) if side == "image_left" else rng.uniform(0.62, 0.78)
    cy = rng.uniform(0.25, 0.58)
    return cx * w, cy * h, side


def _font(size: int, index: int = 0) -> tuple[Any, str]:
    for path in _FONT_FILES[index:] + _FONT_FILES[:index]:
        try:
            return ImageFont.truetype(path, size), path.rsplit("/", 1)[-1]
        except OSError:
            continue
    return ImageFont.load_default(size=size), "pil-default"


def _attenuate(img: np.ndarray, thickness: np.ndarray, k: float) -> np.ndarray:
    """Add an absorber of relative thickness map `thickness` (0..1) and strength `k` in display space.

    Display value is treated as log-attenuation; an extra absorber brightens towards white without
    ever exceeding it: v' = 1 - (1 - v) * exp(-k t)."""
    return 1.0 - (1.0 - img) * np.exp(-k * thickness)


def _supersampled_mask(shape: tuple[int, int], draw_fn: Callable[[ImageDraw.ImageDraw, int], None], ss: int = 4) -> np.ndarray:
    """Draw with PIL at `ss` times the resolution (value 255 = full thickness), return an anti-aliased map."""
    h, w = shape
    canvas = Image.new("L", (w * ss, h * ss), 0)
    draw_fn(ImageDraw.Draw(canvas), ss)
    small = canvas.resize((w, h), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float64) / 255.0


def _resize(img: np.ndarray, size_wh: tuple[int, int]) -> np.ndarray:
    pil = Image.fromarray(np.clip(img, 0, 1).astype(np.float32), mode="F")
    return np.asarray(pil.resize(size_wh, Image.Resampling.LANCZOS), dtype=np.float64).clip(0, 1)


# ------------------------------------------------------------------------------------------ exposure


def underexposure(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Too little dose / too low kVp, as it looks after typical processing: quantum mottle that is worst
    behind the dense structures, a lighter (washed-out) film and/or a mediastinum burnt to flat white so
    the spine disappears behind the heart."""
    mode = _choice(rng, ["quantum_noise", "light_film", "under_penetrated"], [0.4, 0.3, 0.3])
    severity = float(rng.uniform(0.0, 1.0))
    out = img.copy()
    params: dict[str, Any] = {"mode": mode, "severity": _r(severity, 3)}
    if mode == "quantum_noise":
        # display value ~ log attenuation over a range R; photons behind the patient ~ N0 exp(-mu)
        R = float(rng.uniform(2.8, 3.6))
        n0 = float(np.exp(np.interp(severity, [0, 1], [np.log(2500), np.log(180)])))
        mu = img * R
        counts = rng.poisson(n0 * np.exp(-mu)).astype(np.float64)
        mu_noisy = -np.log(np.maximum(counts, 0.5) / n0)
        out = ndimage.gaussian_filter(mu_noisy / R, 0.45)
        lift = float(rng.uniform(0.0, 0.08) + 0.06 * severity)
        out = lift + (1 - lift) * out
        params.update(photons_unattenuated=_r(n0, 1), log_range=_r(R, 3), lift=_r(lift))
    elif mode == "light_film":
        gamma = float(np.interp(severity, [0, 1], [0.74, 0.5]) + rng.uniform(-0.04, 0.04))
        lift = float(np.interp(severity, [0, 1], [0.1, 0.24]) + rng.uniform(-0.03, 0.03))
        gain = float(rng.uniform(1.03, 1.15))
        out = np.clip(gain * (lift + (1 - lift) * np.power(np.clip(img, 0, 1), gamma)), 0, 1)
        sig = float(np.interp(severity, [0, 1], [0.015, 0.035]))
        out = out + _grain(rng, img.shape, sig) * (0.4 + 0.6 * out)
        params.update(gamma=_r(gamma), lift=_r(lift), gain=_r(gain), noise_sigma=_r(sig))
    else:  # under_penetrated: dense parts saturate white, lungs keep some contrast
        pivot = float(np.percentile(img, 35))
        gain = float(np.interp(severity, [0, 1], [1.35, 2.0]) + rng.uniform(-0.08, 0.08))
        shift = float(rng.uniform(0.03, 0.12))
        out = np.clip(pivot + shift + (img - pivot) * gain, 0, 1)
        sig = float(np.interp(severity, [0, 1], [0.015, 0.04]))
        out = out + _grain(rng, img.shape, sig) * (0.3 + 0.7 * out)
        params.update(pivot=_r(pivot), gain=_r(gain), shift=_r(shift), noise_sigma=_r(sig))
    out = np.clip(out, 0, 1)
    params["mean_change"] = _r(out.mean() - img.mean())
    params["white_clipped_fraction"] = _r(float((out >= 0.995).mean()) - float((img >= 0.995).mean()))
    return out, params


def overexposure(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Too much dose / over-penetration: a dark film whose lung periphery is burnt out to pure black
    (lung markings lost), by a darkening curve, a black-level shift or a flat high-kVp look."""
    mode = _choice(rng, ["burn_out", "gamma", "over_penetrated"], [0.4, 0.3, 0.3])
    severity = float(rng.uniform(0.0, 1.0))
    params: dict[str, Any] = {"mode": mode, "severity": _r(severity, 3)}
    # fraction of the image to burn out to black (the hallmark): 8 % (subtle) .. 40 % (obvious)
    burn = float(np.interp(severity, [0, 1], [0.08, 0.40]))
    if mode == "burn_out":
        gamma = float(rng.uniform(1.0, 1.5))
        out = np.power(np.clip(img, 0, 1), gamma)
    elif mode == "gamma":
        gamma = float(np.interp(severity, [0, 1], [1.6, 3.0]) + rng.uniform(-0.15, 0.15))
        out = np.power(np.clip(img, 0, 1), gamma)
        burn *= 0.7
    else:
        gamma = 1.0
        m = float(img.mean())
        contrast = float(rng.uniform(0.55, 0.8))
        out = np.clip(m + (img - m) * contrast, 0, 1)
        burn *= 0.75
        params["contrast"] = _r(contrast)
    thr = float(np.percentile(out, 100 * burn))
    if mode == "over_penetrated":  # flat and dark: dense parts grey, never more contrast than the source
        out = np.clip(out - thr, 0, 1)
        top = float(np.percentile(out, 99.7))
        factor = min(float(rng.uniform(0.7, 0.85)) / max(top, 1e-3), 1.0 / contrast)
        out = out * factor
        params["stretch"] = _r(factor)
    else:
        top = float(np.percentile(out, 99.7))
        stretch = min(1.0 / max(top - thr, 1e-3), 1.35) * float(rng.uniform(0.85, 1.0))
        out = np.clip((out - thr) * stretch, 0, 1)
        params["stretch"] = _r(stretch)
    # more dose means less quantum mottle: take out part of the finest grain
    smooth = ndimage.gaussian_filter(out, 0.8)
    out = smooth + float(np.interp(severity, [0, 1], [0.75, 0.5])) * (out - smooth)
    params.update(gamma=_r(gamma), burn_out_target=_r(burn), black_level=_r(thr))
    params["black_fraction"] = _r(float((out <= 0.005).mean()))
    params["mean_change"] = _r(out.mean() - img.mean())
    return np.clip(out, 0, 1), params


# ------------------------------------------------------------------------------------------- geometry


def _background(rng: np.random.Generator, shape: tuple[int, int], level: float, sigma: float) -> np.ndarray:
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    grad = rng.uniform(-0.04, 0.04) * (xx / w - 0.5) + rng.uniform(-0.04, 0.04) * (yy / h - 0.5)
    return np.clip(level + grad + _grain(rng, shape, sigma), 0, 1)


def lung_field_cutoff(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Part of the lungs outside the image: an apex (top), the bases/costophrenic angles (bottom), one
    lateral angle, or a corner. Either the field is cropped and shown zoomed to the same frame size, or
    a collimator/shutter band (white: unexposed; black: electronic shutter) covers the edge."""
    h, w = img.shape
    side = _choice(rng, ["top", "bottom", "left", "right", "top_corner", "bottom_corner"],
                   [0.22, 0.26, 0.16, 0.16, 0.1, 0.1])
    mode = _choice(rng, ["crop_zoom", "shutter_white", "shutter_black"], [0.55, 0.25, 0.2])
    severity = float(rng.uniform(0.0, 1.0))
    f_top = f_bot = f_left = f_right = 0.0
    lat = _choice(rng, ["left", "right"])
    if side in ("top", "top_corner"):
        f_top = float(np.interp(severity, [0, 1], [0.16, 0.32]))
    if side in ("bottom", "bottom_corner"):
        f_bot = float(np.interp(severity, [0, 1], [0.2, 0.38]))
    if side in ("left", "right"):
        lat = side
    if side in ("left", "right", "top_corner", "bottom_corner"):
        f = float(np.interp(severity, [0, 1], [0.12, 0.28]))
        if lat == "left":
            f_left = f
        else:
            f_right = f
    params: dict[str, Any] = {"side": side, "mode": mode, "severity": _r(severity, 3),
                              "removed_fraction": {"top": _r(f_top), "bottom": _r(f_bot), "left": _r(f_left), "right": _r(f_right)}}
    y0, y1 = int(round(f_top * h)), h - int(round(f_bot * h))
    x0, x1 = int(round(f_left * w)), w - int(round(f_right * w))
    if mode == "crop_zoom":
        # keep the aspect ratio: trim the complementary dimension on the side(s) not being cut
        ch, cw = y1 - y0, x1 - x0
        if cw / ch > w / h:  # too wide -> trim width
            need = cw - int(round(ch * w / h))
            if f_left > 0:
                x1 -= need
            elif f_right > 0:
                x0 += need
            else:
                a = int(rng.integers(0, need + 1))
                x0 += a
                x1 -= need - a
        else:
            need = ch - int(round(cw * h / w))
            if f_top > 0:
                y1 -= need
            elif f_bot > 0:
                y0 += need
            else:
                a = int(rng.integers(0, need + 1))
                y0 += a
                y1 -= need - a
        crop = img[y0:y1, x0:x1]
        out = _resize(crop, (w, h))
        # restore the fine grain lost to the up-sampling
        lost = math.sqrt(max(noise_sigma(img) ** 2 - noise_sigma(out) ** 2, 0.0))
        out = np.clip(out + _grain(rng, out.shape, lost, 0.4), 0, 1)
        params["crop_box"] = [x0, y0, x1, y1]
        params["zoom"] = _r(w / (x1 - x0), 3)
    else:
        level = float(rng.uniform(0.82, 0.97)) if mode == "shutter_white" else float(rng.uniform(0.0, 0.06))
        mask = np.zeros((h, w))
        mask[:y0, :] = 1
        mask[y1:, :] = 1
        mask[:, :x0] = 1
        mask[:, x1:] = 1
        penumbra = float(rng.uniform(0.6, 2.5))
        mask = ndimage.gaussian_filter(mask, penumbra)
        band = _background(rng, (h, w), level, 0.01)
        out = np.clip(img * (1 - mask) + band * mask, 0, 1)
        params.update(shutter_level=_r(level), penumbra_px=_r(penumbra, 2), field_box=[x0, y0, x1, y1])
    return out, params


def _pad_fill(small: np.ndarray, shape: tuple[int, int], ox: int, oy: int, rng: np.random.Generator,
              level: float, sigma: float) -> tuple[np.ndarray, float]:
    """Place `small` at (ox, oy) on a canvas of `shape`; the rest is exposed field: the tissue at the
    edge continues (mirrored texture) and fades out to a dark air background within a few tens of px."""
    h, w = shape
    sh, sw = small.shape
    pads = ((oy, h - sh - oy), (ox, w - sw - ox))
    ext = np.pad(small, pads, mode="symmetric")
    inside = np.zeros((h, w), bool)
    inside[oy:oy + sh, ox:ox + sw] = True
    dist = ndimage.distance_transform_edt(~inside)
    fade_len = float(rng.uniform(4, 12))
    # blurred so that no mirrored detail (a side marker, a letter) can be read in the continuation
    ext_soft = ndimage.gaussian_filter(ext, 2.5)
    # soft-tissue fall-off: the continuation darkens towards air with distance from the original field
    wgt = np.exp(-dist / fade_len)
    bg = _background(rng, (h, w), level, sigma)
    out = np.where(inside, ext, ext_soft * wgt + bg * (1 - wgt))
    return np.clip(out, 0, 1), fade_len


def collimation_centering(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Field much larger than the thorax (unnecessary exposed area around it) or thorax clearly
    off-centre in the field. The film is shown smaller inside the same frame with exposed (dark)
    field around it, optionally with the collimator blade edges visible at the frame border."""
    h, w = img.shape
    mode = _choice(rng, ["wide_field", "off_centre", "wide_low"], [0.4, 0.4, 0.2])
    severity = float(rng.uniform(0.0, 1.0))
    if mode == "wide_field":
        scale = float(np.interp(severity, [0, 1], [0.8, 0.6]))
    elif mode == "off_centre":
        scale = float(np.interp(severity, [0, 1], [0.8, 0.62]))
    else:  # field extends mostly down into the abdomen / up into the neck
        scale = float(np.interp(severity, [0, 1], [0.78, 0.62]))
    sw, sh = int(round(w * scale)), int(round(h * scale))
    small = _resize(img, (sw, sh))
    fx, fy = w - sw, h - sh
    direction = None
    if mode == "wide_field":
        ox = int(round(fx * rng.uniform(0.4, 0.6)))
        oy = int(round(fy * rng.uniform(0.35, 0.6)))
    elif mode == "off_centre":
        direction = _choice(rng, ["left", "right", "up", "down", "up_left", "up_right", "down_left", "down_right"],
                            [0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
        near = lambda: float(rng.uniform(0.0, 0.12))  # noqa: E731
        ox = int(round(fx * (near() if "left" in direction else 1 - near() if "right" in direction else rng.uniform(0.4, 0.6))))
        oy = int(round(fy * (near() if "up" in direction else 1 - near() if "down" in direction else rng.uniform(0.4, 0.6))))
    else:
        direction = _choice(rng, ["down", "up"], [0.7, 0.3])
        ox = int(round(fx * rng.uniform(0.4, 0.6)))
        oy = int(round(fy * (rng.uniform(0.0, 0.1) if direction == "down" else rng.uniform(0.9, 1.0))))
    level = float(rng.uniform(0.0, 0.12))
    sig = max(noise_sigma(img), 0.006)
    out, fade_len = _pad_fill(small, (h, w), ox, oy, rng, level, sig)
    blades = bool(rng.random() < 0.45)
    params: dict[str, Any] = {"mode": mode, "severity": _r(severity, 3), "scale": _r(scale),
                              "thorax_offset_px": [ox, oy], "direction": direction,
                              "exposed_area_increase": _r(1 / scale ** 2 - 1, 3),
                              "centre_shift_fraction": [_r((ox + sw / 2) / w - 0.5), _r((oy + sh / 2) / h - 0.5)],
                              "background_level": _r(level), "tissue_fade_px": _r(fade_len, 2),
                              "collimator_edges": blades}
    if blades:
        mask = np.zeros((h, w))
        # a blade edge lies in the free margin, never over the thorax: top, bottom, left, right
        margins = [oy, h - sh - oy, ox, w - sw - ox]
        b = [min(int(rng.integers(3, max(4, int(0.05 * w)))), max(m - 2, 0)) for m in margins]
        mask[:b[0], :] = 1
        mask[h - b[1]:, :] = 1 if b[1] else 0
        mask[:, :b[2]] = 1
        mask[:, w - b[3]:] = 1 if b[3] else 0
        mask = ndimage.gaussian_filter(mask, 1.0)
        lvl = float(rng.uniform(0.8, 0.95))
        out = np.clip(out * (1 - mask) + _background(rng, (h, w), lvl, 0.008) * mask, 0, 1)
        params["blade_widths_px"] = b
    return out, params


# --------------------------------------------------------------------------------------------- motion


def _line_kernel(length: float, angle_deg: float) -> np.ndarray:
    size = int(math.ceil(length)) | 1
    size = max(size, 3)
    ss = 8
    canvas = Image.new("L", (size * ss, size * ss), 0)
    c = size * ss / 2
    dx = math.cos(math.radians(angle_deg)) * (length * ss / 2)
    dy = math.sin(math.radians(angle_deg)) * (length * ss / 2)
    ImageDraw.Draw(canvas).line([(c - dx, c - dy), (c + dx, c + dy)], fill=255, width=ss)
    k = np.asarray(canvas.resize((size, size), Image.Resampling.BOX), dtype=np.float64)
    return k / k.sum()


def _shake_kernel(rng: np.random.Generator, extent: float) -> tuple[np.ndarray, int]:
    steps = 60
    v = rng.standard_normal((steps, 2)).cumsum(axis=0)
    v -= v.mean(axis=0)
    v *= (extent / 2) / max(np.abs(v).max(), 1e-6)
    size = int(math.ceil(extent)) + 3
    size |= 1
    k = np.zeros((size, size))
    c = size // 2
    for x, y in v:
        xi, yi = c + x, c + y
        x0, y0 = int(math.floor(xi)), int(math.floor(yi))
        ax, ay = xi - x0, yi - y0
        for dx, dy, wgt in ((0, 0, (1 - ax) * (1 - ay)), (1, 0, ax * (1 - ay)), (0, 1, (1 - ax) * ay), (1, 1, ax * ay)):
            if 0 <= y0 + dy < size and 0 <= x0 + dx < size:
                k[y0 + dy, x0 + dx] += wgt
    return k / k.sum(), steps


def motion_blur(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Patient or breathing motion: straight-line smear, doubled (ghost) contours, irregular shake,
    breathing smear limited to the lower chest (diaphragm, heart), or a general unsharpness. The fine
    detector noise (which motion does not blur) is put back afterwards."""
    mode = _choice(rng, ["linear", "ghost", "shake", "breathing", "defocus"], [0.28, 0.2, 0.18, 0.2, 0.14])
    severity = float(rng.uniform(0.0, 1.0))
    params: dict[str, Any] = {"mode": mode, "severity": _r(severity, 3)}
    if mode == "linear":
        length = float(np.interp(severity, [0, 1], [6, 16]))
        angle = float(rng.uniform(60, 120) if rng.random() < 0.6 else rng.uniform(0, 180))
        out = ndimage.convolve(img, _line_kernel(length, angle), mode="reflect")
        params.update(length_px=_r(length, 2), angle_deg=_r(angle, 1))
    elif mode == "ghost":
        d = float(np.interp(severity, [0, 1], [4, 12]))
        angle = float(rng.uniform(0, 360))
        wgt = float(rng.uniform(0.3, 0.5))
        shifted = ndimage.shift(img, (d * math.sin(math.radians(angle)), d * math.cos(math.radians(angle))), order=1, mode="nearest")
        out = (1 - wgt) * img + wgt * shifted
        out = ndimage.convolve(out, _line_kernel(max(2.0, d / 3), angle), mode="reflect")
        params.update(offset_px=_r(d, 2), angle_deg=_r(angle, 1), ghost_weight=_r(wgt, 3))
    elif mode == "shake":
        extent = float(np.interp(severity, [0, 1], [7, 16]))
        k, steps = _shake_kernel(rng, extent)
        out = ndimage.convolve(img, k, mode="reflect")
        params.update(extent_px=_r(extent, 2), trajectory_steps=steps)
    elif mode == "breathing":
        h, w = img.shape
        length = float(np.interp(severity, [0, 1], [8, 20]))
        angle = float(rng.uniform(80, 100))
        blurred = ndimage.convolve(img, _line_kernel(length, angle), mode="reflect")
        start = float(rng.uniform(0.3, 0.45))
        yy = np.linspace(0, 1, h)[:, None]
        wgt = np.clip((yy - start) / 0.2, 0, 1) * np.ones((1, w))
        out = img * (1 - wgt) + blurred * wgt
        params.update(length_px=_r(length, 2), angle_deg=_r(angle, 1), blur_starts_at_height=_r(start, 3))
    else:
        sigma = float(np.interp(severity, [0, 1], [1.6, 3.5]))
        out = ndimage.gaussian_filter(img, sigma)
        params["gaussian_sigma_px"] = _r(sigma, 3)
    s0, s1 = noise_sigma(img), noise_sigma(out)
    add = math.sqrt(max(s0 * s0 - s1 * s1, 0.0)) * float(rng.uniform(0.7, 1.0))
    out = out + _grain(rng, img.shape, add, 0.4)
    params["renoise_sigma"] = _r(add, 5)
    return np.clip(out, 0, 1), params


# ------------------------------------------------------------------------------------- foreign objects


def _disc(d: ImageDraw.ImageDraw, ss: int, cx: float, cy: float, r: float, fill: int = 255) -> None:
    d.ellipse([(cx - r) * ss, (cy - r) * ss, (cx + r) * ss, (cy + r) * ss], fill=fill)


def _ring(d: ImageDraw.ImageDraw, ss: int, cx: float, cy: float, r: float, t: float, fill: int = 255) -> None:
    d.ellipse([(cx - r) * ss, (cy - r) * ss, (cx + r) * ss, (cy + r) * ss], outline=fill, width=max(1, int(t * ss)))


def _rot(points: list[tuple[float, float]], cx: float, cy: float, ang: float) -> list[tuple[float, float]]:
    c, s = math.cos(ang), math.sin(ang)
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in points]


def _obj_coin(rng, shape, d, ss, cx, cy):
    r = float(rng.uniform(13, 21))
    _disc(d, ss, cx, cy, r, 215)
    _ring(d, ss, cx, cy, r - 1.0, 1.6, 255)
    return {"kind": "coin", "diameter_px": _r(2 * r, 1), "metal": True}


def _obj_buttons(rng, shape, d, ss, cx, cy):
    n = int(rng.integers(1, 5))
    r = float(rng.uniform(5.5, 10))
    gap = float(rng.uniform(35, 60))
    holes = int(rng.choice([2, 4]))
    for i in range(n):
        y = cy + (i - (n - 1) / 2) * gap
        x = cx + rng.uniform(-2, 2)
        _disc(d, ss, x, y, r, 255)
        hr = max(0.8, r * 0.16)
        offs = [(-r * 0.3, 0), (r * 0.3, 0)] if holes == 2 else [(-r * .3, -r * .3), (r * .3, -r * .3), (-r * .3, r * .3), (r * .3, r * .3)]
        for ox, oy in offs:
            _disc(d, ss, x + ox, y + oy, hr, 0)
    return {"kind": "buttons", "count": n, "diameter_px": _r(2 * r, 1), "holes": holes}


def _obj_necklace(rng, shape, d, ss, cx, cy):
    h, w = shape
    half = float(rng.uniform(0.12, 0.2)) * w
    top = float(rng.uniform(0.0, 0.08)) * h
    drop = float(rng.uniform(0.18, 0.32)) * h
    cx = w * float(rng.uniform(0.45, 0.55))
    bead = float(rng.uniform(2.2, 3.4))
    n = int(2 * half / (bead * 2.4))
    pts = []
    for i in range(n + 1):
        t = -1 + 2 * i / n
        pts.append((cx + t * half, top + drop * (1 - t * t)))
    for x, y in pts:
        _disc(d, ss, x, y, bead, 255)
    pendant = _choice(rng, ["none", "disc", "cross", "heart"], [0.2, 0.35, 0.25, 0.2])
    px, py = cx, top + drop + 4 + bead
    if pendant == "disc":
        pr = float(rng.uniform(5, 11))
        _disc(d, ss, px, py + pr, pr, 255)
    elif pendant == "cross":
        a, b = float(rng.uniform(14, 26)), float(rng.uniform(3, 5))
        d.rectangle([(px - b / 2) * ss, py * ss, (px + b / 2) * ss, (py + a) * ss], fill=255)
        d.rectangle([(px - a * 0.35) * ss, (py + a * 0.25) * ss, (px + a * 0.35) * ss, (py + a * 0.25 + b) * ss], fill=255)
    elif pendant == "heart":
        s = float(rng.uniform(5, 9))
        _disc(d, ss, px - s * 0.5, py + s * 0.5, s * 0.6, 255)
        _disc(d, ss, px + s * 0.5, py + s * 0.5, s * 0.6, 255)
        d.polygon([((px - s * 1.05) * ss, (py + s * 0.75) * ss), ((px + s * 1.05) * ss, (py + s * 0.75) * ss), (px * ss, (py + s * 2) * ss)], fill=255)
    return {"kind": "necklace", "centre_px": [_r(cx, 1), _r(top + drop / 2, 1)], "bead_radius_px": _r(bead, 2), "span_px": _r(2 * half, 1), "pendant": pendant}


def _obj_zip(rng, shape, d, ss, cx, cy):
    h, w = shape
    length = float(rng.uniform(0.25, 0.5)) * h
    y0 = float(rng.uniform(0.0, 0.2)) * h
    tooth = float(rng.uniform(2.2, 3.2))
    x = cx
    y = y0
    i = 0
    while y < y0 + length:
        off = tooth * 0.9 if i % 2 else -tooth * 0.9
        d.rectangle([(x + off - tooth) * ss, y * ss, (x + off + tooth) * ss, (y + tooth * 0.9) * ss], fill=255)
        y += tooth * 1.1
        i += 1
    sy = y0 + float(rng.uniform(0.1, 0.9)) * length
    d.rectangle([(x - 5) * ss, sy * ss, (x + 5) * ss, (sy + 14) * ss], fill=255)
    d.rectangle([(x - 2) * ss, (sy + 14) * ss, (x + 2) * ss, (sy + 24) * ss], fill=200)
    return {"kind": "zip", "length_px": _r(length, 1), "tooth_px": _r(tooth, 2)}


def _obj_keys(rng, shape, d, ss, cx, cy):
    n = int(rng.integers(1, 4))
    ring_r = float(rng.uniform(7, 12))
    _ring(d, ss, cx, cy, ring_r, 2.0, 255)
    for k in range(n):
        ang = float(rng.uniform(0, 2 * math.pi))
        L = float(rng.uniform(35, 55))
        head = float(rng.uniform(7, 11))
        hx, hy = cx + math.cos(ang) * (ring_r + head), cy + math.sin(ang) * (ring_r + head)
        _disc(d, ss, hx, hy, head, 230)
        _disc(d, ss, hx - math.cos(ang) * head * 0.45, hy - math.sin(ang) * head * 0.45, head * 0.3, 0)
        outline = [(0.0, -2.8), (L, -2.8), (L, 2.8)]
        for j in reversed(range(5)):  # bit teeth along the lower edge, from the tip back
            t = L * (0.4 + 0.11 * j)
            outline += [(t + 5, 2.8), (t + 2.5, 2.8 + float(rng.uniform(1.5, 4))), (t, 2.8)]
        outline.append((0.0, 2.8))
        base_x, base_y = hx + math.cos(ang) * head * 0.8, hy + math.sin(ang) * head * 0.8
        poly = _rot(outline, base_x, base_y, ang)
        d.polygon([(x * ss, y * ss) for x, y in poly], fill=255)
    return {"kind": "keys", "count": n, "ring_radius_px": _r(ring_r, 1)}


def _obj_hair_clip(rng, shape, d, ss, cx, cy):
    h, w = shape
    L, W = float(rng.uniform(30, 50)), float(rng.uniform(7, 11))
    ang = float(rng.uniform(0, math.pi))
    outer = _rot([(-L / 2, -W / 2), (L / 2, -W / 2), (L / 2, W / 2), (-L / 2, W / 2)], cx, cy, ang)
    d.polygon([(x * ss, y * ss) for x, y in outer], fill=235)
    slot = _rot([(-L * 0.35, -W * 0.12), (L * 0.35, -W * 0.12), (L * 0.35, W * 0.12), (-L * 0.35, W * 0.12)], cx, cy, ang)
    d.polygon([(x * ss, y * ss) for x, y in slot], fill=0)
    return {"kind": "hair_clip", "length_px": _r(L, 1), "width_px": _r(W, 1)}


def _obj_ring(rng, shape, d, ss, cx, cy):
    r = float(rng.uniform(6, 11))
    t = float(rng.uniform(2.2, 3.5))
    _ring(d, ss, cx, cy, r, t, 255)
    stone = bool(rng.random() < 0.4)
    if stone:
        _disc(d, ss, cx, cy - r, t * 1.2, 255)
    return {"kind": "ring_or_earring", "diameter_px": _r(2 * r, 1), "wire_px": _r(t, 2), "stone": stone}


def _obj_bra_hooks(rng, shape, d, ss, cx, cy):
    n = int(rng.integers(2, 4))
    for i in range(n):
        y = cy + i * 7
        d.rectangle([(cx - 9) * ss, (y - 2) * ss, (cx - 1) * ss, (y + 2) * ss], fill=255)
        d.rectangle([(cx + 1) * ss, (y - 2) * ss, (cx + 9) * ss, (y + 2) * ss], fill=255)
    d.rectangle([(cx - 12) * ss, (cy - 5) * ss, (cx - 10) * ss, (cy + 7 * n) * ss], fill=200)
    d.rectangle([(cx + 10) * ss, (cy - 5) * ss, (cx + 12) * ss, (cy + 7 * n) * ss], fill=200)
    return {"kind": "bra_hooks", "rows": n}


_OBJECTS = {
    "coin": _obj_coin,
    "buttons": _obj_buttons,
    "necklace": _obj_necklace,
    "zip": _obj_zip,
    "keys": _obj_keys,
    "hair_clip": _obj_hair_clip,
    "ring_or_earring": _obj_ring,
    "bra_hooks": _obj_bra_hooks,
}


def foreign_object(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Radiopaque external objects over the chest: jewellery (necklace with pendant, ring/earring),
    buttons, coins, zip, keys, hair clip, bra hooks. Mostly metal (near white), sometimes a less dense
    material. Never thin lead-like lines (ECG leads are not foreign objects)."""
    h, w = img.shape
    n_obj = 1 if rng.random() < 0.75 else 2
    kinds = list(rng.choice(list(_OBJECTS), size=n_obj, replace=False))
    objects = []
    thickness = np.zeros((h, w))
    for kind in kinds:
        x0, y0, x1, y1 = _thorax_box((h, w))
        if kind in ("zip", "buttons", "bra_hooks"):
            cx = w * float(rng.uniform(0.4, 0.6))
            cy = float(rng.uniform(y0 + 0.15 * h, y1 - 0.25 * h))
        elif kind == "hair_clip":
            cx = w * float(rng.uniform(0.25, 0.75))
            cy = h * float(rng.uniform(0.03, 0.25))
        else:
            cx, cy, _ = _lung_point(rng, (h, w))
        info: dict[str, Any] = {}

        def draw(dr: ImageDraw.ImageDraw, ss: int, kind=kind, cx=cx, cy=cy) -> None:
            info.update(_OBJECTS[kind](rng, (h, w), dr, ss, cx, cy))

        m = _supersampled_mask((h, w), draw)
        material = _choice(rng, ["metal", "dense_alloy", "glass_or_stone"], [0.7, 0.15, 0.15])
        k = {"metal": float(rng.uniform(3.5, 6.0)), "dense_alloy": float(rng.uniform(2.2, 3.5)),
             "glass_or_stone": float(rng.uniform(1.2, 2.2))}[material]
        thickness = np.maximum(thickness, m * (k / 6.0))
        info.setdefault("centre_px", [_r(cx, 1), _r(cy, 1)])
        info.update(material=material, attenuation=_r(k, 3),
                    area_px=int((m > 0.5).sum()))
        objects.append(info)
    thickness = ndimage.gaussian_filter(thickness, 0.5)
    out = _attenuate(img, thickness, 6.0)
    return np.clip(out, 0, 1), {"objects": objects, "n_objects": n_obj}


# ------------------------------------------------------------------------------------ markers / text

_TEXTS = [
    "PORTABLE", "AP SUPINE", "AP SITTING", "SEMI-ERECT", "Bettaufnahme", "liegend", "sitzend", "ITS 3",
    "ICU BED 7", "Rö Thorax ap", "nach ZVK", "Kontrolle", "post intubation", "exp. 2", "STAT",
    "08:42", "23:17", "14.04.2020", "Pat. sitzend", "mobile", "V.a. Pneu", "Thorax 1 Ebene", "inspiration",
]


def _text_layer(shape: tuple[int, int], text: str, x: float, y: float, size: int, font_index: int,
                box: bool, angle: float = 0.0) -> tuple[np.ndarray, np.ndarray, str]:
    """Anti-aliased masks (glyphs, background box) for a text placed with its centre at (x, y)."""
    h, w = shape
    font, font_name = _font(size, font_index)
    tmp = Image.new("L", (1, 1))
    l, t, r, b = ImageDraw.Draw(tmp).textbbox((0, 0), text, font=font)
    tw, th = r - l + 8, b - t + 8
    glyph = Image.new("L", (tw, th), 0)
    ImageDraw.Draw(glyph).text((4 - l, 4 - t), text, fill=255, font=font)
    boxm = Image.new("L", (tw, th), 255 if box else 0)
    if angle:
        glyph = glyph.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        boxm = boxm.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    g = Image.new("L", (w, h), 0)
    bm = Image.new("L", (w, h), 0)
    px, py = int(round(x - glyph.width / 2)), int(round(y - glyph.height / 2))
    g.paste(glyph, (px, py))
    bm.paste(boxm, (px, py))
    return np.asarray(g, dtype=np.float64) / 255, np.asarray(bm, dtype=np.float64) / 255, font_name


def marker_annotation(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Burned-in text or annotations over the lung fields (free text, time/date, a side marker placed
    inside a lung, an arrow with a label, a caliper measurement), or a side marker on the wrong side."""
    h, w = img.shape
    mode = _choice(rng, ["text_over_lung", "marker_over_lung", "arrow_label", "measurement", "wrong_side_marker"],
                   [0.35, 0.2, 0.15, 0.15, 0.15])
    colour = _choice(rng, ["white", "black"], [0.8, 0.2])
    ink = 1.0 if colour == "white" else 0.0
    params: dict[str, Any] = {"mode": mode, "colour": colour}
    out = img.copy()
    if mode == "text_over_lung":
        n = 1 if rng.random() < 0.7 else 2
        texts = []
        for _ in range(n):
            text = _choice(rng, _TEXTS)
            size = int(rng.integers(13, 34))
            x, y, side = _lung_point(rng, (h, w))
            box = bool(rng.random() < 0.25)
            angle = float(rng.choice([0, 0, 0, 90, -90])) if rng.random() < 0.2 else 0.0
            g, bm, font = _text_layer((h, w), text, x, y, size, int(rng.integers(0, 4)), box, angle)
            if box:  # a dark box behind white text, a light one behind black text
                out = out * (1 - bm) + (0.15 if ink == 1.0 else 0.85) * bm
            out = out * (1 - g) + ink * g
            texts.append({"text": text, "font_px": size, "centre_px": [_r(x, 1), _r(y, 1)], "lung": side,
                          "box": box, "angle": angle, "font": font})
        params["texts"] = texts
    elif mode in ("marker_over_lung", "wrong_side_marker"):
        size = int(rng.integers(16, 32))
        if mode == "marker_over_lung":
            letter = _choice(rng, ["L", "R"])
            x, y, side = _lung_point(rng, (h, w))
        else:
            # patient's right is on the image left: an R on the image right or an L on the image left is wrong
            letter = _choice(rng, ["L", "R"])
            side = "image_left" if letter == "L" else "image_right"
            x = w * (rng.uniform(0.04, 0.1) if side == "image_left" else rng.uniform(0.9, 0.96))
            y = h * float(rng.uniform(0.05, 0.45))
        style = _choice(rng, ["lead_letter", "boxed", "plain"], [0.4, 0.35, 0.25])
        g, bm, font = _text_layer((h, w), letter, x, y, size, 0, style == "boxed")
        if style == "boxed":
            out = out * (1 - bm) + 0.3 * bm
            out = out * (1 - g) + 1.0 * g
        elif style == "lead_letter":
            # a lead letter in the beam: dense, not a pure overlay
            out = _attenuate(out, ndimage.gaussian_filter(g, 0.5), 4.0)
        else:
            out = out * (1 - g) + ink * g
        params.update(letter=letter, style=style, font_px=size, centre_px=[_r(x, 1), _r(y, 1)], side=side, font=font)
    elif mode == "arrow_label":
        x, y, side = _lung_point(rng, (h, w))
        ang = float(rng.uniform(0, 2 * math.pi))
        L = float(rng.uniform(30, 70))
        tx, ty = x + math.cos(ang) * L, y + math.sin(ang) * L
        width = float(rng.uniform(2.0, 3.5))

        def draw(d: ImageDraw.ImageDraw, ss: int) -> None:
            d.line([(tx * ss, ty * ss), (x * ss, y * ss)], fill=255, width=int(width * ss))
            a = math.atan2(y - ty, x - tx)
            head = 9
            p1 = (x - head * math.cos(a - 0.45), y - head * math.sin(a - 0.45))
            p2 = (x - head * math.cos(a + 0.45), y - head * math.sin(a + 0.45))
            d.polygon([(x * ss, y * ss), (p1[0] * ss, p1[1] * ss), (p2[0] * ss, p2[1] * ss)], fill=255)

        m = _supersampled_mask((h, w), draw)
        out = out * (1 - m) + ink * m
        label = _choice(rng, ["ZVK", "PICC", "tip", "Tubus", "Pneu?", "CVC", "ETT", "Erguss"])
        size = int(rng.integers(14, 26))
        lx, ly = tx + math.cos(ang) * size * 1.2, ty + math.sin(ang) * size * 0.8
        g, _bm, font = _text_layer((h, w), label, lx, ly, size, int(rng.integers(0, 4)), False)
        out = out * (1 - g) + ink * g
        params.update(label=label, arrow_tip_px=[_r(x, 1), _r(y, 1)], arrow_length_px=_r(L, 1), font_px=size,
                      lung=side, font=font)
    else:  # measurement
        x, y, side = _lung_point(rng, (h, w))
        ang = float(rng.uniform(0, math.pi))
        L = float(rng.uniform(40, 110))
        x0, y0 = x - math.cos(ang) * L / 2, y - math.sin(ang) * L / 2
        x1, y1 = x + math.cos(ang) * L / 2, y + math.sin(ang) * L / 2

        def draw(d: ImageDraw.ImageDraw, ss: int) -> None:
            d.line([(x0 * ss, y0 * ss), (x1 * ss, y1 * ss)], fill=255, width=int(1.6 * ss))
            nx, ny = -math.sin(ang) * 6, math.cos(ang) * 6
            for px, py in ((x0, y0), (x1, y1)):
                d.line([((px - nx) * ss, (py - ny) * ss), ((px + nx) * ss, (py + ny) * ss)], fill=255, width=int(1.6 * ss))

        m = _supersampled_mask((h, w), draw)
        out = out * (1 - m) + ink * m
        label = f"{L * 0.6 / 10:.1f} cm"
        size = int(rng.integers(13, 22))
        g, _bm, font = _text_layer((h, w), label, x - math.sin(ang) * 16, y + math.cos(ang) * 16, size, 0, False)
        out = out * (1 - g) + ink * g
        params.update(label=label, length_px=_r(L, 1), centre_px=[_r(x, 1), _r(y, 1)], lung=side, font_px=size, font=font)
    return np.clip(out, 0, 1), params


# ------------------------------------------------------------------------------ orientation / grey scale


def orientation_photometric(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Wrong display: mirrored left-right, upside down (vertical flip or 180-degree turn), turned by
    90 degrees either way, or the grey scale inverted (MONOCHROME1 shown as MONOCHROME2)."""
    mode = _choice(rng, ["mirror", "flip_vertical", "rotate_180", "rotate_90_cw", "rotate_90_ccw", "invert"],
                   [0.25, 0.12, 0.13, 0.125, 0.125, 0.25])
    if mode == "mirror":
        out = np.fliplr(img)
    elif mode == "flip_vertical":
        out = np.flipud(img)
    elif mode == "rotate_180":
        out = np.rot90(img, 2)
    elif mode == "rotate_90_cw":
        out = np.rot90(img, -1)
    elif mode == "rotate_90_ccw":
        out = np.rot90(img, 1)
    else:
        out = 1.0 - img
    return np.ascontiguousarray(out), {"mode": mode}


SIMULATORS: dict[str, Callable[[np.ndarray, np.random.Generator], tuple[np.ndarray, dict]]] = {
    "underexposure": underexposure,
    "overexposure": overexposure,
    "lung_field_cutoff": lung_field_cutoff,
    "collimation_centering": collimation_centering,
    "motion_blur": motion_blur,
    "foreign_object": foreign_object,
    "marker_annotation": marker_annotation,
    "orientation_photometric": orientation_photometric,
}


def apply_faults(img: np.ndarray, faults: list[str], rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Apply the named faults in the physical order of APPLY_ORDER; returns the image and {fault: params}."""
    params = {}
    out = img
    for name in sorted(faults, key=APPLY_ORDER.index):
        out, params[name] = SIMULATORS[name](out, rng)
    return out, params
