"""Fault simulator E: stages one technical fault on an untouched chest radiograph.

Used only to fit the auditor's decision model on dev images, never to evaluate it. Each simulator
added to the fit raised how well the decisions transfer to a simulator they were not fitted on; this
one was written from first principles (radiographic physics and how a QC team would stage each
fault) without reading the other simulators or the auditor's measurement code, so that its
mechanisms differ from theirs.
Images are float32 in [0, 1], bright = dense; lengths scale with the long side / 512.

Mechanisms per fault:
- underexposure: the display value is read as log attenuation; either photons are drawn
  from a Poisson law at a low tube output with electronic noise and a detector floor (the
  densest regions saturate to flat white), or a correlated Gaussian noise whose std grows
  as exp(attenuation / 2) is added after a soft knee that flattens the mediastinum; then a
  raw brightness lift, partial auto-windowing and contrast compression.
- overexposure: either a log-domain offset (more mAs) with a soft clip at the detector's
  saturation, or a high-kVp look (all attenuation scaled down, lung vessel detail removed,
  then saturation); the display window partly restores the bright end.
- lung_field_cutoff: a cut 7-30 % of one lung's extent into an apex, a lateral
  costophrenic angle or the bases, made as a plain crop (smaller image), a crop enlarged
  back to the original size, a patient shift with the vacated strip filled with air or
  featureless body, or an oblique corner cut by a blade or the detector edge.
- collimation_centering: the thorax shrunk into a much larger field, or placed 15-35 % off
  centre with the lungs kept in view; the new area is grainy exposed detector or a fading
  continuation of the body; sometimes tilted collimator blades in the empty margins.
- motion_blur: a sum of shifted copies along a straight or curved path with uniform or
  arcsine (oscillation) dwell, sometimes weighted toward heart and diaphragm; a faint
  displaced double exposure; or a rotational smear about a pivot; fresh grain added after.
- foreign_object: 1-4 objects drawn at 2x (coin, button, snap, ring, bobby pin, zip, key,
  phone, underwire, necklace with pendant) as thickness maps added to the density.
- marker_annotation: burned-in words, letters, dates and times (DejaVu fonts, 10-40 px,
  white/black/grey, plain, boxed, framed or stroked), arrows and measurement lines over a
  lung field; and/or a lead side marker on the wrong side, outside the lungs (sometimes
  reversed).
- orientation_photometric: wrong_display (mirror, 90/180 degree rotation, vertical flip,
  inverted grey scale with a random display gamma, or inverted and mirrored).
"""
import glob

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from radqc.agents.cxr.augment import SIMULABLE, simulator

_FONTS = sorted(glob.glob("/usr/share/fonts/**/*.ttf", recursive=True))
_WORDS = ("AP", "PA", "SUPINE", "ERECT", "SEMI-ERECT", "PORTABLE", "ICU", "CCU", "BEDSIDE",
          "MOBILE", "SITTING", "UPRIGHT", "INSP", "EXP", "CXR", "CHEST", "STAT", "POST OP",
          "ETT", "NGT", "PICC", "LINE CHECK", "AM", "PM", "WARD 7", "#2", "LT", "RT", "L", "R",
          "PORTABLE AP", "SUPINE AP", "X-TABLE", "DECUB", "TRAUMA", "REPEAT")


def _scale(img):
    return max(img.shape) / 512.0


def _out(a):
    return np.clip(a, 0.0, 1.0).astype(np.float32)


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _grain(rng, shape, sigma, corr=0.0):
    noise = rng.standard_normal(shape, dtype=np.float32)
    if corr > 0:
        noise = ndimage.gaussian_filter(noise, corr)
        noise /= noise.std() + 1e-9
    return sigma * noise


def _noise_level(img):
    """Robust std of the fine grain (median absolute high-pass residual)."""
    r = (img - ndimage.gaussian_filter(img, 1.0))[::2, ::2]
    return float(np.clip(1.4826 * np.median(np.abs(r - np.median(r))), 0.003, 0.02))


def _lung_box(img):
    """Crude lung bounding box (top, bottom, left, right): dark blobs not touching the border.

    Found at quarter resolution, returned in full-resolution pixels."""
    s = ndimage.gaussian_filter(img[::4, ::4], 0.75 * _scale(img))
    h, w = s.shape
    thr = np.percentile(s[int(.15 * h):int(.85 * h), int(.15 * w):int(.85 * w)], 40)
    lab, n = ndimage.label(s < thr)
    border = set(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]).tolist())
    sizes = np.bincount(lab.ravel(), minlength=n + 1)[1:]
    keep = [i + 1 for i in range(n) if sizes[i] > 0.01 * h * w and i + 1 not in border]
    if keep:
        ys, xs = np.nonzero(np.isin(lab, keep))
        t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
        if b - t > 0.25 * h and r - l > 0.3 * w:
            return 4 * int(t), 4 * int(b), 4 * int(l), 4 * int(r)
    h, w = img.shape
    return int(.1 * h), int(.8 * h), int(.15 * w), int(.85 * w)


def _resize(img, shape):
    return np.asarray(Image.fromarray(img.astype(np.float32), "F")
                      .resize((shape[1], shape[0]), Image.BILINEAR))


def _fill(rng, canvas, vacant, sc):
    """Fill the vacant area as exposed detector: dark grainy air, or fading body.

    The slowly varying part is built at quarter resolution for speed; the seam is feathered."""
    h, w = canvas.shape
    dark = rng.uniform(0.0, 0.12)
    small, hole = canvas[::4, ::4], vacant[::4, ::4]
    if rng.random() < 0.5:
        base = np.full(small.shape, dark)
    else:
        dist, (iy, ix) = ndimage.distance_transform_edt(hole, return_indices=True)
        ext = ndimage.gaussian_filter(small[iy, ix], 3 * sc)
        base = dark + (ext - dark) * np.exp(-dist / (rng.uniform(8, 30) * sc))
    yy, xx = np.mgrid[0:base.shape[0], 0:base.shape[1]] / max(base.shape)
    base = (base + rng.uniform(-0.04, 0.04) * (yy - 0.5) + rng.uniform(-0.04, 0.04) * (xx - 0.5)
            + _grain(rng, base.shape, rng.uniform(0.01, 0.04), 5 * sc))
    field = _resize(base, (h, w)) + _grain(rng, canvas.shape, rng.uniform(0.006, 0.025), rng.uniform(0, 0.8))
    soft = _resize(ndimage.gaussian_filter(hole.astype(np.float32), rng.uniform(0.5, 3.0) * sc), (h, w))
    m = np.where(vacant, 1.0, np.minimum(2 * soft, 1))  # feathered seam, no hard rectangle edge
    return canvas * (1 - m) + field * m


def _shift_sum(img, offsets, weights):
    """Weighted sum of copies shifted by integer (dy, dx) offsets (edge-padded)."""
    offsets = np.round(np.asarray(offsets)).astype(int)
    p = int(np.abs(offsets).max()) + 1
    pad = np.pad(img, p, mode="edge")
    h, w = img.shape
    acc = np.zeros_like(img, dtype=np.float64)
    for (dy, dx), wt in zip(offsets, weights):
        acc += wt * pad[p - dy:p - dy + h, p - dx:p - dx + w]
    return acc / np.sum(weights)


def underexposure(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float64)
    a_max = rng.uniform(3.0, 4.5)
    att = img * a_max
    if rng.random() < 0.5:  # photon counting at a low tube output
        n0 = 10 ** rng.uniform(1.5, 3.0)
        counts = rng.poisson(n0 * np.exp(-att)) + rng.normal(0, rng.uniform(0.5, 2.0), img.shape)
        d = np.log(n0 / np.maximum(counts, rng.uniform(0.5, 2.0))) / a_max
    else:  # Gaussian approximation with a soft penetration knee
        n0 = 10 ** rng.uniform(1.7, 3.1)
        # The knee sits below the film's white, so that a mostly white film leaves room above it.
        k = min(float(np.quantile(img, rng.uniform(0.65, 0.85))), 0.95)
        p = rng.uniform(max(k + 0.05, 0.85), 1.0)
        over = np.maximum(img - k, 0)
        flat = k + (p - k) * (1 - np.exp(-over / (p - k)))
        d = np.where(img > k, flat, img)
        sigma = np.exp(att / 2) / np.sqrt(n0) / a_max  # quantum noise of -log(counts), display units
        d += sigma * _grain(rng, img.shape, 1.0, rng.uniform(0.4, 1.0) * _scale(img))
    d += rng.uniform(0.0, 0.2)  # raw film brighter: fewer photons reached the detector
    lo, hi = np.percentile(d, [0.5, 99.5])
    wnd = rng.uniform(0.0, 1.0)  # how much auto-windowing restores the range
    d = (1 - wnd) * d + wnd * (d - lo) / max(hi - lo, 1e-3)
    m = d.mean()
    return _out(m + rng.uniform(0.65, 0.95) * (d - m))


def overexposure(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float64)
    q = rng.uniform(0.12, 0.38)  # log-exposure excess, about 2-20x the target dose
    if rng.random() < 0.5:  # more mAs: everything shifts down the log scale into saturation
        base, shift = img, q
    else:  # high kVp: attenuation and subject contrast scaled down, fine lung detail lost
        c = rng.uniform(0.5, 0.75)
        detail = img - ndimage.gaussian_filter(img, 2.5 * _scale(img))
        lungness = np.clip((q + 0.15 - img) / 0.2, 0, 1)
        base = c * (img - rng.uniform(0.6, 0.95) * lungness * detail)
        shift = c * q
    width = rng.uniform(0.004, 0.03)
    d = width * np.logaddexp(0, (base - shift) / width)  # soft clip at detector saturation
    hi = max(np.percentile(d, 99.5), 1e-3)
    return _out(d / hi ** rng.uniform(0.4, 1.0))  # window partly restores the bright end


def lung_field_cutoff(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float32)
    h, w = img.shape
    t, b, l, r = _lung_box(img)
    frac = rng.uniform(0.07, 0.3)
    side = rng.choice(["top", "bottom", "left", "right", "corner"], p=[.28, .22, .18, .18, .14])
    if side == "corner":
        return _corner_cut(img, rng, (t, b, l, r), frac)
    k = {"top": t + frac * (b - t), "bottom": h - b + frac * (b - t),
         "left": l + frac * (r - l) / 2, "right": w - r + frac * (r - l) / 2}[side]
    k = int(round(min(k, 0.45 * (h if side in ("top", "bottom") else w))))
    ys, xs = slice(k if side == "top" else 0, h - k if side == "bottom" else h), \
        slice(k if side == "left" else 0, w - k if side == "right" else w)
    mech = rng.choice(["crop", "zoom", "shift"])
    if mech == "crop":
        return _out(img[ys, xs])
    if mech == "zoom":  # crop the other axis too to keep the aspect, then enlarge back
        crop = img[ys, xs]
        ch, cw = crop.shape
        if side in ("top", "bottom"):
            m = int((cw - w * ch / h) / 2)
            crop = crop[:, m:cw - m]
        else:
            m = int((ch - h * cw / w) / 2)
            crop = crop[m:ch - m, :]
        return _out(_resize(crop, (h, w)))
    dy = {"top": -k, "bottom": k}.get(side, 0)
    dx = {"left": -k, "right": k}.get(side, 0)
    moved = np.zeros_like(img)
    moved[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    vacant = np.ones_like(img, dtype=bool)
    vacant[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = False
    return _out(_fill(rng, moved, vacant, _scale(img)))


def _corner_cut(img, rng, box, frac):
    """Oblique cut across an apex or a costophrenic angle: detector edge or blade."""
    h, w = img.shape
    t, b, l, r = box
    top, left = rng.random() < 0.5, rng.random() < 0.5
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    yy, xx = (yy if top else h - 1 - yy), (xx if left else w - 1 - xx)
    py, px = (t if top else h - 1 - b), (l if left else w - 1 - r)
    phi = np.deg2rad(rng.uniform(25, 65))
    ny, nx = np.sin(phi), np.cos(phi)
    depth = ny * py + nx * px + frac * min(b - t, (r - l) / 2)
    if rng.random() < 0.5:  # beyond the detector edge: nothing recorded
        m, val = _sigmoid((ny * yy + nx * xx - depth) / 0.6), rng.uniform(0.0, 0.05)
    else:  # collimator blade: unexposed, bright, soft penumbra
        m, val = _sigmoid((ny * yy + nx * xx - depth) / rng.uniform(1.5, 5)), rng.uniform(0.8, 1.0)
    return _out(m * img + (1 - m) * (val + _grain(rng, img.shape, 0.01)))


def collimation_centering(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float64)
    h, w = img.shape
    sc = _scale(img)
    t, b, l, r = _lung_box(img)
    if rng.random() < 0.5:  # field far larger than the thorax
        s, off = rng.uniform(0.5, 0.72), rng.uniform(0.0, 0.12)
        ang = rng.uniform(0, 2 * np.pi)
    else:  # thorax clearly off-centre
        s, off = rng.uniform(0.72, 0.95), rng.uniform(0.15, 0.35)
        ang = rng.integers(0, 4) * np.pi / 2 + rng.uniform(-0.6, 0.6)
    sh, sw = int(round(h * s)), int(round(w * s))
    small = _resize(img, (sh, sw))
    mg = 0.02 * h
    bounds_y = (mg - t * s, h - mg - b * s)
    bounds_x = (mg - l * s, w - mg - r * s)
    y0 = (h - sh) / 2 + off * h * np.sin(ang)
    x0 = (w - sw) / 2 + off * w * np.cos(ang)
    y0 = int(np.clip(y0, *bounds_y) if bounds_y[0] < bounds_y[1] else np.mean(bounds_y))
    x0 = int(np.clip(x0, *bounds_x) if bounds_x[0] < bounds_x[1] else np.mean(bounds_x))
    canvas = np.zeros((h, w))
    vacant = np.ones((h, w), dtype=bool)
    cy0, cy1, cx0, cx1 = max(y0, 0), min(y0 + sh, h), max(x0, 0), min(x0 + sw, w)
    canvas[cy0:cy1, cx0:cx1] = small[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0]
    vacant[cy0:cy1, cx0:cx1] = False
    out = _fill(rng, canvas, vacant, sc)
    if rng.random() < 0.5:
        out = _blades(out, rng, (y0 + t * s, y0 + b * s, x0 + l * s, x0 + r * s))
    return _out(out)


def _blades(img, rng, lung):
    """1-3 tilted collimator blades between the canvas edge and the lungs, at random depths."""
    h, w = img.shape
    yy, xx = np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]
    gaps = {"top": lung[0], "bottom": h - lung[1], "left": lung[2], "right": w - lung[3]}
    sides = [k for k, g in gaps.items() if g > 0.06 * h]
    out = img
    for side in rng.permutation(sides)[:rng.integers(1, 4)]:
        pos = gaps[side] * rng.uniform(0.2, 0.8)
        tilt = np.tan(np.deg2rad(rng.uniform(-4, 4)))
        d = {"top": pos - yy + tilt * (xx - w / 2), "bottom": yy - (h - pos) + tilt * (xx - w / 2),
             "left": pos - xx + tilt * (yy - h / 2), "right": xx - (w - pos) + tilt * (yy - h / 2)}[side]
        m = _sigmoid(d / rng.uniform(1.5, 6.0))
        val = rng.uniform(0.78, 1.0) + 0.1 * (out - out.mean())
        out = (1 - m) * out + m * val
    return out


def motion_blur(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float64)
    h, w = img.shape
    sc = _scale(img)
    grain = _noise_level(img) * rng.uniform(0.7, 1.1)
    mech = rng.choice(["linear", "curved", "double", "rotation"], p=[.35, .2, .25, .2])
    ang = (np.pi / 2 + rng.uniform(-0.5, 0.5)) if rng.random() < 0.7 else rng.uniform(0, np.pi)
    if mech == "rotation":
        a = rng.uniform(0.6, 2.2)
        n = int(3 + 2 * a)  # enough copies that the smear does not break into ghosts
        p = int(np.deg2rad(a) * (h + w)) + 2  # edge padding so that no corner is left empty
        pad = Image.fromarray(np.pad(img, p, mode="edge").astype(np.float32), "F")
        centre = (p + rng.uniform(0.2, 0.8) * w, p + rng.uniform(0.3, 1.0) * h)
        blurred = sum(np.asarray(pad.rotate(th, Image.BILINEAR, center=centre))[p:p + h, p:p + w]
                      for th in np.linspace(-a, a, n)) / n
    elif mech == "double":
        dist, a = rng.uniform(4, 14) * sc, rng.uniform(0.25, 0.45)
        blurred = _shift_sum(img, [(0, 0), (dist * np.sin(ang), dist * np.cos(ang))], [1 - a, a])
    else:
        length = rng.uniform(6, 16) * sc
        u = np.linspace(-1, 1, int(length) + 3)
        if mech == "linear":
            along, across = u * length / 2, np.zeros_like(u)
        else:  # arc of radius R swept so that the path length is about `length`
            radius = rng.uniform(1.0, 3.0) * length
            th = u * length / (2 * radius)
            along, across = radius * np.sin(th), radius * (1 - np.cos(th))
        offsets = np.stack([along * np.sin(ang) + across * np.cos(ang),
                            along * np.cos(ang) - across * np.sin(ang)], 1)
        dwell = np.ones_like(u) if rng.random() < 0.5 else 1 / np.sqrt(1 - 0.9 * u ** 2)
        blurred = _shift_sum(img, offsets, dwell)
        if rng.random() < 0.5:  # motion strongest at heart and diaphragm; grain lost only where blurred
            t, b, l, r = _lung_box(img)
            yy, xx = np.mgrid[0:h, 0:w]
            cy, cx = t + 0.75 * (b - t), (l + r) / 2 + 0.1 * (r - l)
            floor = rng.uniform(0.3, 0.6)
            r2 = ((yy - cy) / (0.3 * h)) ** 2 + ((xx - cx) / (0.3 * w)) ** 2
            wt = floor + (1 - floor) * np.exp(-r2 / 2)
            blurred, grain = wt * blurred + (1 - wt) * img, wt * grain
    return _out(blurred + grain * _grain(rng, img.shape, 1.0))


def _obj_patch(kind, rng, s):
    """Thickness map (0..1) of one object, drawn at 2x its size in pixels."""
    S = max(int(2 * s), 8)
    im = Image.new("L", (S + 4, S + 4), 0)
    d = ImageDraw.Draw(im)
    c = S / 2 + 2
    if kind == "coin":
        d.ellipse([2, 2, S + 2, S + 2], fill=215, outline=255, width=max(2, S // 14))
    elif kind == "button":
        d.ellipse([2, 2, S + 2, S + 2], fill=int(rng.integers(120, 200)), outline=255, width=max(2, S // 10))
        for i in range(rng.choice([2, 4])):
            a = i * 2 * np.pi / 4 + np.pi / 4
            hx, hy, hr = c + S * .15 * np.cos(a), c + S * .15 * np.sin(a), S / 12 + 1
            d.ellipse([hx - hr, hy - hr, hx + hr, hy + hr], fill=0)
    elif kind == "snap":
        d.ellipse([2, 2, S + 2, S + 2], outline=255, width=max(2, S // 6))
        d.ellipse([c - S / 4, c - S / 4, c + S / 4, c + S / 4], fill=200)
        d.ellipse([c - S / 10, c - S / 10, c + S / 10, c + S / 10], fill=0)
    elif kind == "ring":
        e = S * rng.uniform(0.0, 0.25)
        d.ellipse([2, 2 + e, S + 2, S + 2 - e], outline=255, width=max(3, S // 7))
        d.ellipse([c - S / 7, 2, c + S / 7, 2 + S / 3.5], fill=255)
    elif kind == "bobby_pin":
        lw = max(2, S // 30)
        d.line([(4, c - S / 12), (S, c - S / 12)], fill=255, width=lw)
        d.line([(4 + S / 10 * i, c + S / 12 + (S / 25) * (-1) ** i) for i in range(10)], fill=255, width=lw)
        d.arc([S - S / 12, c - S / 12, S + S / 12, c + S / 12], -90, 90, fill=255, width=lw)
    elif kind == "zip":
        tw = max(3, S // 14)
        for i, y in enumerate(np.arange(2, S - S / 4, tw * 1.1)):
            x = c - tw * 1.5 if i % 2 else c
            d.rectangle([x, y, x + tw * 1.5, y + tw * 0.8], fill=255)
        d.polygon([(c - S / 8, S - S / 4), (c + S / 8, S - S / 4),
                   (c + S / 14, S - S / 8), (c - S / 14, S - S / 8)], fill=255)  # slider
        d.rectangle([c - S / 20, S - S / 8, c + S / 20, S + 2], outline=255, width=max(2, S // 40))
    elif kind == "key":
        hr = S * 0.17
        d.ellipse([2, c - hr, 2 + 2 * hr, c + hr], fill=255)
        d.ellipse([2 + hr * 0.6, c - hr * 0.4, 2 + hr * 1.4, c + hr * 0.4], fill=0)
        d.rectangle([2 + 2 * hr, c - S * .06, S + 2, c + S * .06], fill=255)
        for x in np.arange(2 + 2.6 * hr, S, S / 12):
            tooth = c + S * (.06 + rng.uniform(.03, .08))
            d.polygon([(x, c + S * .06), (x + S / 24, tooth), (x + S / 12, c + S * .06)], fill=255)
    elif kind == "phone":
        d.rounded_rectangle([2, c - S / 4, S + 2, c + S / 4], radius=S // 12, fill=70, outline=200,
                            width=max(2, S // 60))
        d.rectangle([S * .3, c - S / 6, S * .8, c + S / 6], fill=175)
        d.ellipse([S * .08, c - S * .15, S * .18, c - S * .05], fill=255)
        for y in np.linspace(c - S / 5, c + S / 5, 4):
            d.line([(S * .12, y), (S * .28, y)], fill=220, width=max(1, S // 80))
    elif kind == "underwire":
        d.arc([2, 2 - S / 3, S + 2, S * 0.6], 10, 170, fill=255, width=max(2, S // 40))
    else:  # necklace: chain of beads on a catenary with a pendant at its lowest point
        sag, br = S * rng.uniform(0.25, 0.45), max(1.5, S / 90)
        xs = np.arange(3, S + 1, 2.6 * br)
        ys = 3 + sag * (np.cosh((xs - c) / (S / 2)) - 1) / (np.cosh(1) - 1)
        ys = ys.max() - ys + 3
        for x, y in zip(xs, ys):
            d.ellipse([x - br, y - br, x + br, y + br], fill=255)
        pr = S * rng.uniform(0.06, 0.1)
        py = ys.max() + pr
        if py + pr < S + 3:
            d.ellipse([c - pr, py - pr, c + pr, py + pr], fill=int(rng.integers(200, 256)))
    ang = rng.uniform(-12, 12) if kind in ("necklace", "underwire") else rng.uniform(0, 360)
    im = im.rotate(ang, resample=Image.BILINEAR, expand=True).reduce(2)
    return np.asarray(im, dtype=np.float64) / 255.0


_OBJECTS = {  # kind: (size range as a fraction of width, opacity range)
    "coin": ((0.035, 0.07), (0.6, 1.3)), "button": ((0.015, 0.035), (0.2, 0.45)),
    "snap": ((0.012, 0.025), (0.5, 1.2)), "ring": ((0.02, 0.035), (0.6, 1.3)),
    "bobby_pin": ((0.04, 0.075), (0.4, 1.0)), "zip": ((0.05, 0.08), (0.4, 1.0)),
    "key": ((0.04, 0.075), (0.6, 1.3)), "phone": ((0.06, 0.08), (0.6, 1.2)),
    "underwire": ((0.07, 0.1), (0.4, 0.9)), "necklace": ((0.08, 0.14), (0.4, 1.0)),
}


def foreign_object(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = pixels.astype(np.float64)
    h, w = img.shape
    t, b, l, r = _lung_box(img)
    dens = np.zeros_like(img)
    for _ in range(rng.choice([1, 2, 3, 4], p=[.4, .3, .2, .1])):
        kind = rng.choice(list(_OBJECTS))
        (s0, s1), (o0, o1) = _OBJECTS[kind]
        patch = _obj_patch(kind, rng, rng.uniform(s0, s1) * w) * rng.uniform(o0, o1)
        if kind == "necklace":  # hangs from the neck over the upper chest
            cy, cx = t + rng.uniform(-0.05, 0.2) * (b - t), (l + r) / 2 + rng.uniform(-0.08, 0.08) * w
        else:
            cy, cx = rng.uniform(t, t + 0.85 * (b - t)), rng.uniform(l, r)
        ph, pw = patch.shape
        y0, x0 = int(cy - ph / 2), int(cx - pw / 2)
        ya, yb, xa, xb = max(y0, 0), min(y0 + ph, h), max(x0, 0), min(x0 + pw, w)
        dens[ya:yb, xa:xb] += patch[ya - y0:yb - y0, xa - x0:xb - x0]
    return _out(img + ndimage.gaussian_filter(dens, 0.5))


def _lung_point(rng, box):
    """A random point inside one lung field, kept lateral of the heart and mediastinum."""
    t, b, l, r = box
    off = rng.uniform(0.1, 0.7) * (r - l) / 2
    return rng.uniform(t + 0.1 * (b - t), t + 0.75 * (b - t)), (l + off if rng.random() < 0.5 else r - off)


def _paint(out, draw_fn, colour, alpha):
    mask = Image.new("L", (out.shape[1], out.shape[0]), 0)
    draw_fn(ImageDraw.Draw(mask))
    a = np.asarray(mask, dtype=np.float64) / 255.0 * alpha
    return out * (1 - a) + colour * a


def _legible(out, colour, cy, cx):
    """Swap a colour too close to the local background for black or white."""
    local = out[max(int(cy) - 6, 0):int(cy) + 6, max(int(cx) - 6, 0):int(cx) + 6].mean()
    return colour if abs(colour - local) >= 0.3 else 1.0 - round(local)


def _font(rng, size):
    return ImageFont.truetype(str(rng.choice(_FONTS)), int(size))


def _text_item(out, rng, box, sc):
    u = rng.random()
    if u < 0.12:
        text = f"{rng.integers(0, 24):02d}:{rng.integers(0, 60):02d}"
    elif u < 0.2:
        text = f"{rng.integers(1, 29):02d}/{rng.integers(1, 13):02d}/{rng.integers(2005, 2025)}"
    else:
        text = str(rng.choice(_WORDS))
    font = _font(rng, rng.uniform(10, 40) * sc)
    cy, cx = _lung_point(rng, box)
    x0, y0, x1, y1 = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
    pos = (cx - (x1 - x0) / 2 - x0, cy - (y1 - y0) / 2 - y0)
    colour = rng.choice([rng.uniform(0.85, 1.0), rng.uniform(0.0, 0.1), rng.uniform(0.35, 0.7)])
    style = rng.choice(["plain", "box", "outline", "stroke"], p=[.45, .25, .15, .15])
    if style in ("plain", "outline"):
        colour = _legible(out, colour, cy, cx)
    back = 1.0 - colour if abs(colour - 0.5) > 0.2 else rng.choice([0.0, 1.0])
    alpha = rng.uniform(0.7, 1.0)
    pad = rng.uniform(2, 6) * sc
    hw, hh = (x1 - x0) / 2 + pad, (y1 - y0) / 2 + pad
    rect = [cx - hw, cy - hh, cx + hw, cy + hh]
    if style == "box":
        out = _paint(out, lambda d: d.rectangle(rect, fill=255), back, alpha)
    elif style == "outline":
        out = _paint(out, lambda d: d.rectangle(rect, outline=255, width=max(1, int(sc))), colour, alpha)
    elif style == "stroke":
        out = _paint(out, lambda d: d.text(pos, text, font=font, fill=255, stroke_width=2), back, alpha)
    return _paint(out, lambda d: d.text(pos, text, font=font, fill=255), colour, alpha)


def _line_item(out, rng, box, sc):
    """An arrow pointing into a lung, or a measurement line with end ticks and a label."""
    y1, x1 = _lung_point(rng, box)
    length, ang = rng.uniform(0.06, 0.15) * max(out.shape), rng.uniform(0, 2 * np.pi)
    y0, x0 = y1 - length * np.sin(ang), x1 - length * np.cos(ang)
    lw = max(1, int(rng.integers(1, 4) * sc))
    colour = _legible(out, rng.choice([rng.uniform(0.85, 1.0), rng.uniform(0.0, 0.1)]), y1, x1)
    ny, nx = np.cos(ang), -np.sin(ang)
    if rng.random() < 0.5:
        hl = rng.uniform(5, 12) * sc
        head = [(x1, y1), (x1 - hl * np.cos(ang) + hl / 2 * nx, y1 - hl * np.sin(ang) + hl / 2 * ny),
                (x1 - hl * np.cos(ang) - hl / 2 * nx, y1 - hl * np.sin(ang) - hl / 2 * ny)]

        def draw(d):
            d.line([(x0, y0), (x1, y1)], fill=255, width=lw)
            d.polygon(head, fill=255)
    else:
        tk = rng.uniform(3, 7) * sc
        label, font = f"{rng.uniform(0.5, 12):.1f} cm", _font(rng, rng.uniform(10, 20) * sc)

        def draw(d):
            d.line([(x0, y0), (x1, y1)], fill=255, width=lw)
            for ex, ey in ((x0, y0), (x1, y1)):
                d.line([(ex - tk * nx, ey - tk * ny), (ex + tk * nx, ey + tk * ny)], fill=255, width=lw)
            d.text(((x0 + x1) / 2 + 3 * tk * nx, (y0 + y1) / 2 + 3 * tk * ny), label, font=font, fill=255)
    return _paint(out, draw, colour, rng.uniform(0.75, 1.0))


def _wrong_side_marker(out, rng, sc):
    """Lead L/R marker on the wrong side (patient's right is on the image left)."""
    h, w = out.shape
    letter = str(rng.choice(["L", "R"]))
    size = int(rng.uniform(16, 36) * sc)
    glyph = Image.new("L", (2 * size, 2 * size), 0)
    gd = ImageDraw.Draw(glyph)
    if rng.random() < 0.5:
        gd.ellipse([1, 1, 2 * size - 2, 2 * size - 2], outline=255, width=max(2, size // 8))
    gd.text((size, size), letter, font=_font(rng, size), fill=255, anchor="mm")
    if rng.random() < 0.3:  # marker placed back to front
        glyph = glyph.transpose(Image.FLIP_LEFT_RIGHT)
    g = np.asarray(glyph, dtype=np.float64) / 255.0
    y0 = int(rng.uniform(0.03, 0.3) * h)
    x0 = int(rng.uniform(0.02, 0.14) * w) if letter == "L" else int(rng.uniform(0.86, 0.98) * w) - 2 * size
    region = out[y0:y0 + 2 * size, x0:x0 + 2 * size]
    g = g[:region.shape[0], :region.shape[1]]
    out[y0:y0 + g.shape[0], x0:x0 + g.shape[1]] = region * (1 - g) + rng.uniform(0.85, 1.0) * g
    return out


def marker_annotation(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = pixels.astype(np.float64)
    sc = _scale(out)
    if rng.random() < 0.2:
        out = _wrong_side_marker(out, rng, sc)
        if rng.random() < 0.5:
            return _out(out)
    box = _lung_box(out)
    for _ in range(rng.choice([1, 2, 3], p=[.5, .35, .15])):
        item = _text_item if rng.random() < 0.7 else _line_item
        out = item(out, rng, box, sc)
    return _out(out)


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    img = pixels.astype(np.float32)
    kind = str(rng.choice(["mirrored", "rotated90", "rotated180", "upside_down", "inverted",
                           "inverted_mirrored"], p=[.26, .2, .14, .14, .2, .06]))
    if kind == "mirrored":
        out = img[:, ::-1]
    elif kind == "rotated90":
        out = np.rot90(img, rng.choice([1, 3]))
    elif kind == "rotated180":
        out = img[::-1, ::-1]
    elif kind == "upside_down":
        out = img[::-1, :]
    else:  # MONOCHROME1 shown as MONOCHROME2, through a display gamma
        out = (1.0 - np.clip(img, 0, 1)) ** rng.uniform(0.8, 1.25)
        out = out[:, ::-1] if kind == "inverted_mirrored" else out
    return _out(np.ascontiguousarray(out)), kind


def orientation_photometric(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return wrong_display(pixels, rng)[0]


FAULTS = {name: globals()[name] for name in SIMULABLE}


simulate = simulator(FAULTS)
