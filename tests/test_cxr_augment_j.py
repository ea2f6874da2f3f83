"""Tests for the blind fault simulator J (``radqc.agents.cxr.augment_j``).

Each fault is drawn over seeds until every one of its mechanisms has appeared, on a synthetic chest
(whose anatomy is known exactly) and on two real bedside films (lung extents, heart and side marker
annotated by hand below). Every output is then checked with simple measurements written here,
independently of the simulator, for the property that makes it that fault."""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

from radqc.agents.cxr import augment_j as A
from radqc.agents.cxr.augment import SIMULABLE

IMAGES = Path(__file__).resolve().parents[1] / "data" / "cxr" / "train-extra" / "images"

# Hand annotation of two real films: full lung extents (y0, y1, x0, x1) for the image-left and
# image-right lung, a box on the heart/mediastinum, and the letter of the burned-in side marker.
REAL = {
    "mhh-7a9ec606.jpg": {"lungs": [(65, 355, 118, 300), (65, 370, 340, 497)],
                         "heart": (255, 365, 295, 360), "marker": "R"},
    "mhh-7a17a765.jpg": {"lungs": [(90, 470, 135, 300), (85, 500, 400, 615)],
                         "heart": (290, 430, 300, 450), "marker": "L"},
}
NAMES = ["synthetic", *REAL]
# the mechanisms the design note promises, per fault, and the display errors
MECHANISMS = {
    "underexposure": {"quantum_mottle", "under_penetrated_low_kvp", "film_curve_too_light",
                      "noise_reduced_low_dose"},
    "overexposure": {"detector_saturation", "film_curve_too_dark", "over_penetrated_high_kvp",
                     "exposure_recognition_dark"},
    "lung_field_cutoff": {"apex_cut", "base_cut", "lateral_cut", "collimator_blade", "corner_cut"},
    "collimation_centering": {"wide_field", "low_centring_abdomen", "lateral_offset",
                              "diagonal_offset_tilted_field"},
    "motion_blur": {"breathing_diaphragm", "cardiac_border", "gross_linear", "double_contour",
                    "rotational_twist"},
    "foreign_object": {"necklace", "buttons_snaps", "bra_wire_hooks", "hair_clips", "zipper_or_pocket"},
    "marker_annotation": {"wrong_side_marker", "marker_missing", "text_over_lung", "graphic_over_lung",
                          "marker_over_lung"},
}
DISPLAY_KINDS = {"mirrored", "upside_down", "rotated_90_cw", "rotated_180", "rotated_270_cw", "inverted",
                 "mirrored+inverted", "upside_down+inverted", "rotated_90_cw+inverted",
                 "rotated_90_cw+mirrored"}
# First seed drawn. Any start works; this one happens to meet every mechanism within a few draws,
# which keeps the file fast. Other values give a fresh sample of draws.
SEED0 = 22
SEVEN = tuple(SIMULABLE[:7])


# ----------------------------------------------------------------------------------------------
# inputs
# ----------------------------------------------------------------------------------------------

def _synthetic():
    """Chest with known lungs, ribs, heart, spine, abdomen and a burned-in 'L' marker box."""
    H, W = 520, 640
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    img = np.full((H, W), 0.05, np.float32)
    body = ((xx - 0.5 * W) / (0.47 * W)) ** 2 + ((yy - 0.62 * H) / (0.75 * H)) ** 2 < 1
    img[body] = 0.55
    img[body & (yy > 0.7 * H)] = 0.72  # abdomen below the diaphragm
    lungs = np.zeros((H, W), bool)
    for cx in (0.3 * W, 0.7 * W):
        lungs |= ((xx - cx) / (0.15 * W)) ** 2 + ((yy - 0.42 * H) / (0.3 * H)) ** 2 < 1
    ribs = np.cos(2 * np.pi * (yy + 0.0015 * (xx - W / 2) ** 2) / 34) > 0.7
    img[lungs] = 0.25
    img[lungs & ribs] = 0.4
    spine = (np.abs(xx - 0.5 * W) < 0.035 * W) & body
    img[spine] = 0.78 + 0.07 * (np.cos(2 * np.pi * yy[spine] / 22) > 0.3)
    heart = ((xx - 0.56 * W) / (0.13 * W)) ** 2 + ((yy - 0.6 * H) / (0.16 * H)) ** 2 < 1
    img[heart] = np.maximum(img[heart], 0.74)
    img = ndi.gaussian_filter(img, 1.0) + rng.normal(0, 0.02, (H, W)).astype(np.float32)
    # burned-in marker box after the noise: flat, like a console annotation
    box = Image.new("L", (23, 38), int(0.66 * 255))
    ImageDraw.Draw(box).text((6, 7), "L", font=ImageFont.load_default(size=20), fill=int(0.88 * 255))
    img[30:68, 590:613] = np.asarray(box, np.float32) / 255
    lung_mask = lungs & ~heart & ~spine
    return np.clip(img, 0, 1).astype(np.float32), {"lung_mask": lung_mask, "heart_mask": heart,
                                                   "marker": "L"}


@functools.lru_cache(maxsize=None)
def load(name):
    if name == "synthetic":
        return _synthetic()
    x = np.asarray(Image.open(IMAGES / name).convert("L"), np.float32) / 255.0
    ann = REAL[name]
    H, W = x.shape
    m = np.zeros((H, W), bool)
    for (y0, y1, x0, x1) in ann["lungs"]:
        m[y0:y1, x0:x1] = True
    hm = np.zeros((H, W), bool)
    y0, y1, x0, x1 = ann["heart"]
    hm[y0:y1, x0:x1] = True
    return x, {"lung_mask": m, "heart_mask": hm, "marker": ann["marker"]}


@functools.lru_cache(maxsize=None)
def draws(fault, name):
    """First draw (seed, image) of each mechanism."""
    x, _ = load(name)
    seen = {}
    for seed in range(SEED0, SEED0 + 300):
        out, mech = A.simulate_with_mechanism(x, fault, np.random.default_rng(seed))
        assert mech in MECHANISMS[fault], (fault, mech)
        seen.setdefault(mech, (seed, out))
        if len(seen) == len(MECHANISMS[fault]):
            break
    return seen


# ----------------------------------------------------------------------------------------------
# independent measurements
# ----------------------------------------------------------------------------------------------

def lung_boxes(name):
    """(y0, y1, x0, x1) per lung, from the annotation or from the synthetic mask."""
    x, ann = load(name)
    if name != "synthetic":
        return REAL[name]["lungs"]
    m = ann["lung_mask"]
    W = m.shape[1]
    out = []
    for half in (np.s_[:, : W // 2], np.s_[:, W // 2:]):
        ys, xs = np.nonzero(m[half])
        off = 0 if half[1].start is None else W // 2
        out.append((ys.min(), ys.max() + 1, xs.min() + off, xs.max() + 1 + off))
    return out


def find_boxes(img):
    """Burned-in marker boxes: a flat grey rectangle with a brighter glyph. Returns (y, x, h, w, grey)."""
    mean = ndi.uniform_filter(img, 5)
    sq = ndi.uniform_filter(img * img, 5)
    flat = (np.sqrt(np.maximum(sq - mean * mean, 0)) < 0.015) & (img > 0.15) & (img < 0.9)
    lab, n = ndi.label(ndi.binary_closing(flat, np.ones((3, 3))))
    found = []
    for i, sl in enumerate(ndi.find_objects(lab)):
        h, w = sl[0].stop - sl[0].start, sl[1].stop - sl[1].start
        if not (20 <= h <= 90 and 14 <= w <= 60 and 0.9 <= h / w <= 2.8):
            continue
        grey = float(np.median(img[sl][lab[sl] == i + 1]))
        glyph = img[sl] > grey + 0.1
        if not ((lab[sl] == i + 1).mean() > 0.4 and 20 <= glyph.sum() and glyph.mean() < 0.5):
            continue
        # the letter sits inside the box, clear of its edges (unlike ribs crossing a smooth patch)
        gl, _ = ndi.label(glyph)
        big = gl == 1 + np.argmax(np.bincount(gl.ravel())[1:])
        ys, xs = np.nonzero(big)
        if ys.min() >= 2 and xs.min() >= 2 and ys.max() < h - 2 and xs.max() < w - 2:
            found.append((sl[0].start, sl[1].start, h, w, grey))
    return found


def letter(img, box):
    """'R' has its bowl in the upper right of the glyph, 'L' has nothing there."""
    y, x, h, w, grey = box
    g = img[y + 1:y + h - 1, x + 1:x + w - 1] > grey + 0.1
    lab, n = ndi.label(g)
    g = lab == 1 + np.argmax(np.bincount(lab.ravel())[1:])  # the glyph, not a frame or speck
    ys, xs = np.nonzero(g)
    g = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    return "R" if g[: g.shape[0] // 2, g.shape[1] // 2:].mean() > 0.1 else "L"


def sharpness(img, mask, angle=None):
    """Mean squared gradient (whole, or its component along ``angle``) after light smoothing."""
    g = ndi.gaussian_filter(img.astype(np.float64), 1.5)
    gy, gx = np.gradient(g)
    e = gx ** 2 + gy ** 2 if angle is None else (np.cos(angle) * gx + np.sin(angle) * gy) ** 2
    return float(np.mean(e[mask]))


def hf_noise(img, mask):
    d = img - ndi.median_filter(img, 3)
    v = d[mask]
    return float(1.4826 * np.median(np.abs(v - np.median(v))))


def translation(a, b, candidates=1):
    """Integer shift (dy, dx) with b[y, x] ~ a[y - dy, x - dx], by phase correlation on gradients
    (the best ``candidates`` peaks when more than one is asked for)."""
    H = a.shape[0] + b.shape[0]
    W = a.shape[1] + b.shape[1]

    def prep(z):
        z = ndi.gaussian_gradient_magnitude(z.astype(np.float64), 1.0)
        p = np.zeros((H, W))
        p[: z.shape[0], : z.shape[1]] = z - z.mean()
        return p

    Fa, Fb = np.fft.fft2(prep(a)), np.fft.fft2(prep(b))
    r = np.fft.ifft2(Fb * np.conj(Fa) / (np.abs(Fb * np.conj(Fa)) + 1e-9)).real
    peaks = []
    for i in np.argsort(r.ravel())[::-1][:candidates]:
        dy, dx = np.unravel_index(i, r.shape)
        peaks.append(((dy if dy < H // 2 else dy - H), (dx if dx < W // 2 else dx - W)))
    return peaks[0] if candidates == 1 else peaks


def placement(a, b):
    """Where does ``a``, uniformly shrunk, sit inside ``b``? Returns (scale, y0, x0, corr)."""
    f = 4
    small_b = np.asarray(Image.fromarray(b).resize((b.shape[1] // f, b.shape[0] // f), Image.BOX))
    best = None
    for s in np.arange(0.3, 1.0, 0.02):
        h, w = int(round(a.shape[0] * s / f)), int(round(a.shape[1] * s / f))
        if h > small_b.shape[0] or w > small_b.shape[1]:
            continue
        sa = np.asarray(Image.fromarray(a).resize((w, h), Image.BOX))
        for dy, dx in translation(sa, small_b, candidates=5):
            if not (-1 <= dy <= small_b.shape[0] - h + 1 and -1 <= dx <= small_b.shape[1] - w + 1):
                continue
            y0, x0 = max(0, dy), max(0, dx)
            pa = sa[y0 - dy: y0 - dy + min(h, small_b.shape[0] - y0), x0 - dx: x0 - dx + min(w, small_b.shape[1] - x0)]
            pb = small_b[y0:y0 + pa.shape[0], x0:x0 + pa.shape[1]]
            c = float(np.corrcoef(pa.ravel(), pb.ravel())[0, 1])
            if best is None or c > best[3]:
                best = (s, dy * f, dx * f, c)
    return best


# ----------------------------------------------------------------------------------------------
# API and generic properties
# ----------------------------------------------------------------------------------------------

def test_api():
    assert A.SIMULABLE is SIMULABLE
    assert tuple(MECHANISMS) == SEVEN and SIMULABLE[7] == "orientation_photometric"
    assert all(3 <= len(m) <= 5 for m in MECHANISMS.values())
    public = {n for n in dir(A) if not n.startswith("_")} & {n for n in A.__all__}
    assert public == {"SIMULABLE", "simulate", "simulate_with_mechanism", "wrong_display"}


def test_unknown_fault_and_bad_input_raise():
    x, _ = load("synthetic")
    for bad in ("orientation_photometric", "nonsense", "rotation"):
        with pytest.raises(ValueError):
            A.simulate(x, bad, np.random.default_rng(0))
        with pytest.raises(ValueError):
            A.simulate_with_mechanism(x, bad, np.random.default_rng(0))
    with pytest.raises(ValueError):
        A.simulate(np.zeros((4, 64, 64), np.float32), "underexposure", np.random.default_rng(0))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fault", SEVEN)
def test_all_mechanisms_appear_with_valid_deterministic_output(fault, name):
    x, _ = load(name)
    seen = draws(fault, name)
    assert set(seen) == MECHANISMS[fault]
    for mech, (seed, out) in seen.items():
        assert out.dtype == np.float32 and out.ndim == 2, mech
        assert 0.0 <= out.min() and out.max() <= 1.0, mech
        assert 0.9 <= max(out.shape) / max(x.shape) <= 1.1, mech
        assert not np.array_equal(out, x), mech
    # same rng state, same image; ``simulate`` is the same draw
    seed, out = next(iter(seen.values()))
    again, mech = A.simulate_with_mechanism(x, fault, np.random.default_rng(seed))
    assert np.array_equal(again, out)
    assert np.array_equal(A.simulate(x, fault, np.random.default_rng(seed)), out)


# ----------------------------------------------------------------------------------------------
# fault-specific properties
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_underexposure_is_noisy_or_under_penetrated_or_too_light(name):
    x, ann = load(name)
    lung, heart = ann["lung_mask"], ann["heart_mask"]
    for mech, (seed, y) in draws("underexposure", name).items():
        noise = hf_noise(y, lung | heart) / hf_noise(x, lung | heart)
        # blotchy low-frequency mottle, measured over the (nearly flat) heart shadow
        coarse = (np.std(ndi.gaussian_filter(y - ndi.gaussian_filter(y, 6), 1.5)[heart])
                  / np.std(ndi.gaussian_filter(x - ndi.gaussian_filter(x, 6), 1.5)[heart]))
        white_heart = np.mean(y[heart] >= 0.95) - np.mean(x[heart] >= 0.95)
        lighter = np.median(y[lung]) - np.median(x[lung])
        if mech == "quantum_mottle":
            assert noise > 1.35, (mech, noise)
        elif mech == "noise_reduced_low_dose":
            assert coarse > 1.3, (mech, coarse)
        elif mech == "under_penetrated_low_kvp":
            # heart and spine burnt white: vertebrae no longer seen through the heart shadow
            assert white_heart > 0.35, (mech, white_heart)
        elif mech == "film_curve_too_light":
            assert lighter > 0.1, (mech, lighter)
            spread = np.subtract(*np.percentile(y[lung | heart], [95, 5]))
            assert spread < np.subtract(*np.percentile(x[lung | heart], [95, 5])), mech
        else:
            pytest.fail(mech)


@pytest.mark.parametrize("name", NAMES)
def test_overexposure_burns_out_the_lungs(name):
    x, ann = load(name)
    lung = ann["lung_mask"]

    darker_lung = lung & (x <= np.median(x[lung]))  # where the markings sit on dark lung

    def detail(z):
        return np.std((z - ndi.gaussian_filter(z, 4))[darker_lung])

    for mech, (seed, y) in draws("overexposure", name).items():
        dark = np.mean(y[lung] <= 0.08)
        assert dark > 0.25 and dark > np.mean(x[lung] <= 0.08) + 0.2, (mech, dark)
        assert detail(y) < 0.75 * detail(x), (mech, detail(y), detail(x))


def _lost_lung_fraction(name, x, dy, dx, out_shape):
    """Share of each lung (annotated extent or synthetic mask) that falls outside the output."""
    _, ann = load(name)
    H, W = x.shape
    keep = np.zeros((H, W), bool)
    ys0, ys1 = max(0, -dy), min(H, out_shape[0] - dy)
    xs0, xs1 = max(0, -dx), min(W, out_shape[1] - dx)
    keep[ys0:ys1, xs0:xs1] = True
    m = ann["lung_mask"]
    return [np.mean(~keep[m & half]) for half in
            (np.arange(W)[None, :] < W // 2, np.arange(W)[None, :] >= W // 2)]


@pytest.mark.parametrize("name", NAMES)
def test_lung_field_cutoff_removes_lung_at_an_edge(name):
    x, ann = load(name)
    H, W = x.shape
    for mech, (seed, y) in draws("lung_field_cutoff", name).items():
        if mech == "collimator_blade":
            # unexposed (white) or shuttered (black) and featureless, where the film was not
            def shutter(z):
                m = ndi.uniform_filter(z, 7)
                sd = np.sqrt(np.maximum(ndi.uniform_filter(z * z, 7) - m * m, 0))
                return ((z > 0.78) | (z < 0.06)) & (sd < 0.03)

            blade = shutter(y) & ~shutter(x)
            # a band along one image edge that covers part of a lung
            sy = shutter(y)
            edges = [sy[:4].mean(), sy[-4:].mean(), sy[:, :4].mean(), sy[:, -4:].mean()]
            assert max(edges) > 0.7, (mech, edges)
            assert blade[ann["lung_mask"]].mean() > 0.03, mech
            continue
        dy, dx = translation(x, y)
        lost = _lost_lung_fraction(name, x, dy, dx, y.shape)
        if mech == "apex_cut":
            assert dy < 0 and dx == 0, (mech, dy, dx)
        elif mech == "base_cut":
            assert dy > 0 or (y.shape[0] < H and dy == 0), (mech, dy, dx, y.shape)
        elif mech == "lateral_cut":
            assert dx != 0 and abs(dy) <= 1, (mech, dy, dx)
        elif mech == "corner_cut":
            assert dx != 0 and dy != 0, (mech, dy, dx)
        assert max(lost) > 0.03, (mech, lost, dy, dx)
        # the part of the film still shown is the film itself, not a re-rendering
        ys0, xs0 = max(0, dy), max(0, dx)
        a = x[ys0 - dy: ys0 - dy + 100, xs0 - dx: xs0 - dx + 100]
        b = y[ys0:ys0 + a.shape[0], xs0:xs0 + a.shape[1]]
        assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.8, mech


@pytest.mark.parametrize("name", NAMES)
def test_collimation_centering_shows_a_small_or_off_centre_thorax(name):
    x, _ = load(name)
    for mech, (seed, y) in draws("collimation_centering", name).items():
        H, W = y.shape
        s, y0, x0, corr = placement(x, y)
        assert corr > 0.75, (mech, corr)
        h, w = x.shape[0] * s, x.shape[1] * s
        # whole film still inside: no lung was cut to make room
        assert y0 >= -8 and x0 >= -8 and y0 + h <= H + 8 and x0 + w <= W + 8, (mech, s, y0, x0)
        area = (h * w) / (H * W)
        off_y = (y0 + h / 2 - H / 2) / H
        off_x = (x0 + w / 2 - W / 2) / W
        if mech == "wide_field":
            assert area < 0.6, (mech, area)
        elif mech == "low_centring_abdomen":
            assert area < 0.65 and off_y < -0.12, (mech, area, off_y)
        elif mech == "lateral_offset":
            assert abs(off_x) > 0.14, (mech, off_x)
        elif mech == "diagonal_offset_tilted_field":
            assert abs(off_x) > 0.1 and abs(off_y) > 0.1, (mech, off_x, off_y)
        else:
            pytest.fail(mech)


@pytest.mark.parametrize("name", NAMES)
def test_motion_blur_blurs_the_contours_it_concerns(name):
    x, ann = load(name)
    H, W = x.shape
    boxes = lung_boxes(name)
    thorax = np.zeros((H, W), bool)
    upper = np.zeros((H, W), bool)
    lower = np.zeros((H, W), bool)
    for (y0, y1, x0, x1) in boxes:
        thorax[y0:y1, x0:x1] = True
        upper[y0:y0 + (y1 - y0) // 3, x0:x1] = True
        lower[y1 - (y1 - y0) // 3:y1 + 20, x0:x1] = True
    heart = ann["heart_mask"]
    rows, cols = np.nonzero(heart.any(1))[0], np.nonzero(heart.any(0))[0]
    border = np.zeros((H, W), bool)  # a band on the left heart border (image right of the spine)
    border[rows.min():rows.max() + 1, cols.max() - 40:cols.max() + 40] = True
    far = np.zeros((H, W), bool)
    (y0, y1, x0, x1) = boxes[0]
    far[y0:y0 + (y1 - y0) // 3, x0:x1] = True  # upper image-left lung, away from the heart
    for mech, (seed, y) in draws("motion_blur", name).items():
        def ratio(m):
            return sharpness(y, m) / sharpness(x, m)

        # local blur is judged against an untouched region, which takes out the vendor's sharpening
        if mech == "breathing_diaphragm":
            assert ratio(lower) < 0.85 and ratio(lower) / ratio(upper) < 0.7, (mech, ratio(lower), ratio(upper))
        elif mech == "cardiac_border":
            assert ratio(border) < 0.9 and ratio(border) / ratio(far) < 0.8, (mech, ratio(border), ratio(far))
        else:
            # blur or doubling along the motion: contours across it lose most of their gradient
            along = min(sharpness(y, thorax, a) / sharpness(x, thorax, a) for a in np.arange(4) * np.pi / 4)
            assert ratio(thorax) < 0.85 and along < 0.78, (mech, ratio(thorax), along)
        # the burned-in side marker does not move with the patient
        for (by, bx, bh, bw, _) in find_boxes(x):
            d = np.abs(y[by:by + bh, bx:bx + bw] - x[by:by + bh, bx:bx + bw])
            assert np.percentile(d, 95) < 0.1, (mech, "marker blurred")


@pytest.mark.parametrize("name", NAMES)
def test_foreign_object_is_metal_over_the_chest_and_nothing_else_changes(name):
    x, ann = load(name)
    H, W = x.shape
    chest = ann["lung_mask"] | ann["heart_mask"]
    ys, xs = np.nonzero(chest)
    bone = np.percentile(x[chest], 99)
    for mech, (seed, y) in draws("foreign_object", name).items():
        obj = (y - x > 0.2) & (y >= 0.85)
        assert obj.sum() >= 20, (mech, obj.sum())
        assert np.percentile(y[obj], 75) >= min(bone, 0.97), (mech, np.percentile(y[obj], 75), bone)
        oy, ox = np.nonzero(obj)
        assert ys.min() - 0.15 * H <= oy.mean() <= ys.max() and xs.min() <= ox.mean() <= xs.max(), mech
        rest = ~ndi.binary_dilation(obj, iterations=6)
        assert np.median(np.abs(y - x)[rest]) < 0.05, mech
        lab, n = ndi.label(ndi.binary_dilation(obj, iterations=3))  # chains and thin wires as one
        sizes = ndi.find_objects(lab)
        widths = sorted((sl[1].stop - sl[1].start for sl in sizes), reverse=True)
        lengths = sorted((max(sl[0].stop - sl[0].start, sl[1].stop - sl[1].start) for sl in sizes), reverse=True)
        if mech == "buttons_snaps":
            assert n >= 3, (mech, n)
        elif mech == "bra_wire_hooks":
            assert len(widths) >= 2 and widths[1] > 0.1 * W, (mech, widths[:3])
        elif mech == "necklace":  # a chain across the neck line, beads need not touch
            assert np.ptp(ox) > 0.08 * W, (mech, np.ptp(ox))
        elif mech == "hair_clips":
            assert lengths[0] > 20, (mech, lengths[:3])
        elif mech == "zipper_or_pocket":
            assert lengths[0] > 12, (mech, lengths[:3])


@pytest.mark.parametrize("name", NAMES)
def test_marker_annotation(name):
    x, ann = load(name)
    H, W = x.shape
    lung = ann["lung_mask"]
    before = find_boxes(x)
    assert before and letter(x, before[0]) == ann["marker"]  # the measurement itself works here
    for mech, (seed, y) in draws("marker_annotation", name).items():
        after = find_boxes(y)
        if mech == "wrong_side_marker":
            # patient's right is on the image left: an R must sit left of centre, an L right of it
            wrong = [b for b in after if (letter(y, b) == "R") != (b[1] + b[3] / 2 < W / 2)]
            assert wrong, (mech, after)
        elif mech == "marker_missing":
            assert after == [], (mech, after)
            by, bx, bh, bw, _ = before[0]
            assert np.abs(y[by:by + bh, bx:bx + bw] - x[by:by + bh, bx:bx + bw]).max() > 0.15
        elif mech == "marker_over_lung":
            centres = [(b[0] + b[2] // 2, b[1] + b[3] // 2) for b in after]
            assert any(lung[cy, cx] for cy, cx in centres), (mech, after)
        else:
            new = (y - x > 0.25) & (y > 0.8)
            assert new.sum() >= 30, (mech, new.sum())
            assert new[lung].sum() / new.sum() > 0.6, (mech, new[lung].sum() / new.sum())
        if mech in ("text_over_lung", "graphic_over_lung", "wrong_side_marker"):
            # only the annotation changed: the film elsewhere is the same film
            touched = ndi.binary_dilation(np.abs(y - x) > 0.2, iterations=8)
            assert np.median(np.abs(y - x)[~touched]) < 0.05, mech


def _expected_display(x, kind):
    ops = {
        "mirrored": lambda z: z[:, ::-1],
        "upside_down": lambda z: z[::-1, :],
        "rotated_90_cw": lambda z: z[::-1, :].T,
        "rotated_180": lambda z: z[::-1, ::-1],
        "rotated_270_cw": lambda z: z[:, ::-1].T,
        "inverted": lambda z: 1.0 - z,
    }
    for part in kind.split("+"):
        x = ops[part](x)
    return x


@pytest.mark.parametrize("name", NAMES)
def test_wrong_display_matches_independent_array_operations(name):
    x, _ = load(name)
    seen = set()
    for seed in range(300):
        y, kind = A.wrong_display(x, np.random.default_rng(seed))
        assert y.dtype == np.float32 and 0 <= y.min() and y.max() <= 1
        assert np.array_equal(y, _expected_display(x, kind).astype(np.float32)), kind
        assert not np.array_equal(y, x), kind
        seen.add(kind)
        if seen == DISPLAY_KINDS:
            break
    assert seen == DISPLAY_KINDS
    y1, k1 = A.wrong_display(x, np.random.default_rng(7))
    y2, k2 = A.wrong_display(x, np.random.default_rng(7))
    assert k1 == k2 and np.array_equal(y1, y2)
