"""Tests for the blind chest-radiograph fault simulator (radqc.agents.cxr.augment_i).

Every fault is drawn over seeds until each of its mechanisms has appeared, on a synthetic chest (whose
lung mask is known) and on two real bedside films, and each result is checked with a simple measurement
of the property that makes it that fault.  The measurements are written here, independently of the
simulator's own anatomy estimate, so that a simulator that stopped producing the fault would fail.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage as ndi

from radqc.agents.cxr import augment_i as A

ROOT = Path(__file__).resolve().parents[1]
REAL_FILMS = ("mhh-35b446ce.jpg", "mhh-1e534853.jpg")
FAULTS = tuple(f for f in A.SIMULABLE if f != "orientation_photometric")


# --------------------------------------------------------------------------------------------------
# inputs


def synthetic_chest(h=440, w=520, seed=0):
    """A crude frontal chest: dark ribbed lungs, bright mediastinum/spine/heart, abdomen, air."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    y, x = yy / h, xx / w
    img = np.full((h, w), 0.04, np.float32)
    body = ((x - 0.5) / 0.49) ** 2 + ((y - 0.55) / 0.75) ** 2 < 1
    img[body] = 0.55
    lungs = np.zeros((h, w), bool)
    for cx in (0.3, 0.7):
        lungs |= ((x - cx) / 0.15) ** 2 + ((y - 0.45) / 0.33) ** 2 < 1
    heart = ((x - 0.56) / 0.14) ** 2 + ((y - 0.66) / 0.13) ** 2 < 1
    lungs &= ~heart & (np.abs(x - 0.5) > 0.07)
    ribs = (np.sin(2 * np.pi * (y + 0.35 * np.abs(x - 0.5)) / 0.075) > 0.55).astype(np.float32)
    marks = ndi.gaussian_filter(rng.standard_normal((h, w)).astype(np.float32), 2.0)
    marks /= marks.std()
    img = np.where(lungs, 0.24 + 0.07 * ndi.gaussian_filter(ribs, 1.0) + 0.025 * marks, img)
    img = np.where(heart | ((np.abs(x - 0.5) < 0.075) & (y > 0.1) & (y < 0.9)), 0.76, img)
    spine = np.abs(x - 0.5) < 0.035
    vert = (np.sin(2 * np.pi * y / 0.06) > -0.6).astype(np.float32)
    img = np.where(spine & body, img + 0.08 * ndi.gaussian_filter(vert, 1.0), img)
    abdomen = body & (y > 0.8 + 0.03 * np.cos(2 * np.pi * (x - 0.3) / 0.4)) & ~lungs
    img = np.where(abdomen, np.maximum(img, 0.72), img)
    img += 0.012 * rng.standard_normal((h, w)).astype(np.float32)
    return np.clip(img, 0, 1).astype(np.float32), lungs


def _load(name):
    a = np.asarray(Image.open(ROOT / "data" / "cxr" / "train-extra" / "images" / name).convert("L"), np.float32)
    return a / 255.0


# Lung outlines of the two real films, drawn by hand for these tests (x, y in pixels of the 640 x 524
# film); they include the consolidated bases that a darkness threshold would miss.
LUNG_OUTLINES = {
    "mhh-35b446ce.jpg": (
        [(200, 55), (260, 50), (300, 70), (300, 330), (270, 355), (200, 350), (140, 375), (110, 360), (100, 300),
         (110, 200), (140, 120)],
        [(355, 60), (400, 40), (460, 50), (520, 120), (550, 250), (565, 385), (530, 360), (470, 330), (420, 300),
         (380, 250), (355, 200)],
    ),
    "mhh-1e534853.jpg": (
        [(230, 70), (290, 80), (295, 380), (260, 380), (200, 370), (125, 400), (120, 300), (150, 150), (190, 90)],
        [(360, 80), (410, 65), (460, 100), (500, 170), (520, 280), (535, 420), (480, 400), (420, 380), (365, 370),
         (355, 200)],
    ),
}


def _outline_mask(name, shape):
    im = Image.new("L", (shape[1], shape[0]), 0)
    d = ImageDraw.Draw(im)
    for poly in LUNG_OUTLINES[name]:
        d.polygon(poly, fill=255)
    return np.asarray(im) > 0


@lru_cache(maxsize=None)
def _inputs():
    items = []
    p, lungs = synthetic_chest()
    items.append(("synthetic", p, lungs))
    for name in REAL_FILMS:
        q = _load(name)
        items.append((name, q, _outline_mask(name, q.shape)))
    return tuple(items)


def _runs(fault, p, max_seeds=300):
    """One result per mechanism: seeds are scanned until every mechanism has appeared."""
    found = {}
    for seed in range(max_seeds):
        mech = A._draw_mechanism(fault, np.random.default_rng(seed))
        if mech in found:
            continue
        out, mech2, info = A._simulate_detail(p, fault, np.random.default_rng(seed))
        assert mech2 == mech
        found[mech] = (seed, out, info)
        if len(found) == len(A.MECHANISMS[fault]):
            break
    missing = set(A.MECHANISMS[fault]) - set(found)
    assert not missing, f"{fault}: mechanisms never drawn: {missing}"
    return found


@lru_cache(maxsize=None)
def _all_runs(fault):
    return {name: (p, lungs, _runs(fault, p)) for name, p, lungs in _inputs()}


# --------------------------------------------------------------------------------------------------
# measurements


def _noise(a, region):
    r = a - ndi.median_filter(a, 3)
    v = r[region]
    return float(1.4826 * np.median(np.abs(v - np.median(v))))


def _band_std(a, region, s1=1.5, s2=6.0):
    b = ndi.gaussian_filter(a, s1) - ndi.gaussian_filter(a, s2)
    return float(b[region].std())


def _structure_snr(p, out, region, s1=1.5, s2=6.0):
    """How much of the output's fine structure is the input's anatomy rather than added disturbance."""
    bp = (ndi.gaussian_filter(p, s1) - ndi.gaussian_filter(p, s2))[region]
    bo = (ndi.gaussian_filter(out, s1) - ndi.gaussian_filter(out, s2))[region]
    beta = float((bo * bp).sum() / max((bp * bp).sum(), 1e-12))
    resid = bo - beta * bp
    return float((beta * bp).std() / max(resid.std(), 1e-9))


def _dense_region(p):
    """Mediastinum/heart/spine: the brightest smoothed pixels of the central columns."""
    H, W = p.shape
    s = ndi.gaussian_filter(p, 6)
    xx = np.arange(W)[None, :]
    yy = np.arange(H)[:, None]
    central = (np.abs(xx - W / 2) < 0.12 * W) & (yy > 0.15 * H) & (yy < 0.85 * H)
    return central & (s > np.percentile(s[central], 50))


def _thorax(p):
    H, W = p.shape
    m = np.zeros_like(p, bool)
    m[int(0.08 * H):int(0.92 * H), int(0.08 * W):int(0.92 * W)] = True
    return m


def _check_output(out, p):
    assert isinstance(out, np.ndarray) and out.dtype == np.float32 and out.ndim == 2
    assert np.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0
    assert 0.85 <= max(out.shape) / max(p.shape) <= 1.15


# --------------------------------------------------------------------------------------------------
# API


def test_api_constants_and_errors():
    assert A.SIMULABLE == ("underexposure", "overexposure", "lung_field_cutoff", "collimation_centering",
                           "motion_blur", "foreign_object", "marker_annotation", "orientation_photometric")
    p, _ = synthetic_chest(120, 140)
    for bad in ("orientation_photometric", "rotation", "inadequate_inspiration", "nonsense"):
        with pytest.raises(ValueError):
            A.simulate(p, bad, np.random.default_rng(0))
        with pytest.raises(ValueError):
            A.simulate_with_mechanism(p, bad, np.random.default_rng(0))
    for fault in FAULTS:
        assert 3 <= len(A.MECHANISMS[fault]) <= 5


@pytest.mark.parametrize("fault", FAULTS)
def test_deterministic_and_simulate_matches(fault):
    _, p, _ = _inputs()[1]
    a = A.simulate(p, fault, np.random.default_rng(123))
    b, mech = A.simulate_with_mechanism(p, fault, np.random.default_rng(123))
    c, mech2 = A.simulate_with_mechanism(p.copy(), fault, np.random.default_rng(123))
    assert np.array_equal(a, b) and np.array_equal(b, c) and mech == mech2
    assert mech in A.MECHANISMS[fault]
    _check_output(a, p)
    if a.shape == p.shape:
        assert not np.array_equal(a, p)
    p0 = p.copy()
    A.simulate(p, fault, np.random.default_rng(7))
    assert np.array_equal(p, p0), "input must not be modified"


def test_every_mechanism_output_is_valid():
    for fault in FAULTS:
        for name, (p, _, runs) in _all_runs(fault).items():
            for mech, (seed, out, _) in runs.items():
                _check_output(out, p)
                assert not (out.shape == p.shape and np.allclose(out, p, atol=1e-4)), (fault, mech, name)


# --------------------------------------------------------------------------------------------------
# per fault


def _aligned(p, out):
    """Exposure faults change grey levels, not geometry: the coarse anatomy stays in place."""
    if out.shape != p.shape:
        return False
    a, b = ndi.gaussian_filter(p, 8).ravel(), ndi.gaussian_filter(out, 8).ravel()
    return abs(float(np.corrcoef(a, b)[0, 1])) > 0.8


def test_underexposure_hides_dense_regions():
    """Vertebrae behind the heart stop being visible: noise swamps them or they wash out white."""
    for name, (p, lungs, runs) in _all_runs("underexposure").items():
        dense = _dense_region(p)
        n0, s0 = _noise(p, dense), _band_std(p, dense, 2.0, 8.0)
        for mech, (seed, out, _) in runs.items():
            n1, s1 = _noise(out, dense), _band_std(out, dense, 2.0, 8.0)
            snr = _structure_snr(p, out, dense)
            ctx = (name, mech, seed, n0, n1, s0, s1, snr)
            assert _aligned(p, out), ctx
            if mech in ("quantum_mottle", "detector_noise_floor"):
                # the anatomy there is no stronger than the added noise, and brightness is auto-ranged
                assert snr < 1.3, ctx
                assert max(n1 / n0, s1 / s0) > 1.5, ctx
                assert abs(float(out.mean()) - float(p.mean())) < 0.08, ctx
            elif mech == "low_kvp_underpenetrated":
                assert np.mean(out[dense] > 0.9) > np.mean(p[dense] > 0.9) + 0.5, ctx
            else:  # film_toe_pale
                assert float(out.mean()) > float(p.mean()) + 0.1, ctx
                assert s1 < 0.75 * s0, ctx


def test_overexposure_burns_out_lungs():
    """Lung markings disappear into dark: flat black pixels appear or lung detail contrast collapses."""
    for name, (p, lungs, runs) in _all_runs("overexposure").items():
        s = ndi.gaussian_filter(p, 4)
        lungs = lungs & (s < np.median(s[lungs]))  # aerated lung, where markings should be seen
        b0 = _band_std(p, lungs, 1.5, 6.0)
        for mech, (seed, out, _) in runs.items():
            b1 = _band_std(out, lungs, 1.5, 6.0)
            black0, black1 = np.mean(p[lungs] < 0.05), np.mean(out[lungs] < 0.05)
            ctx = (name, mech, seed, b0, b1, black0, black1)
            assert _aligned(p, out), ctx
            assert float(out.mean()) < float(p.mean()) - 0.08, ctx
            assert float(np.median(out[lungs])) < 0.65 * float(np.median(p[lungs])), ctx
            assert black1 > black0 + 0.3 or b1 < 0.6 * b0, ctx


def _crop_of(p, info):
    H, W = p.shape
    e, pos = info["edge"], info["pos"]
    return {"top": (slice(pos, H), slice(0, W)), "bottom": (slice(0, pos), slice(0, W)),
            "left": (slice(0, H), slice(pos, W)), "right": (slice(0, H), slice(0, pos))}[e]


def test_lung_field_cutoff_removes_lung_at_an_edge():
    for name, (p, lungs, runs) in _all_runs("lung_field_cutoff").items():
        for mech, (seed, out, info) in runs.items():
            ctx = (name, mech, seed, info.get("edge"), info.get("pos"))
            if mech == "collimator_blade":
                covered = info["blade_mask"]
                assert out.shape == p.shape, ctx
                assert lungs[covered].sum() > 0.04 * lungs.sum(), ctx  # part of a lung is under the blade
                assert out[covered].std() < 0.6 * p[covered].std(), ctx  # anatomy gone there
                far = ~ndi.binary_dilation(covered, iterations=12)
                assert np.abs(out[far] - p[far]).max() < 1e-3, ctx  # nothing else touched
                continue
            sl = _crop_of(p, info)
            kept = np.zeros_like(lungs)
            kept[sl] = True
            removed = lungs & ~kept
            assert removed.sum() > 0.04 * lungs.sum(), ctx
            # the new border runs through lung
            e = info["edge"]
            crop_l = lungs[sl]
            line = {"top": crop_l[0], "bottom": crop_l[-1], "left": crop_l[:, 0], "right": crop_l[:, -1]}[e]
            assert line.mean() > 0.1, ctx
            # and the image is that crop (re-scaled to the old long side when it shrank)
            ref = p[sl]
            if ref.shape != out.shape:
                ref = np.asarray(Image.fromarray(ref, mode="F").resize(out.shape[::-1], Image.BILINEAR))
            r = np.corrcoef(ndi.gaussian_filter(ref, 2).ravel(), ndi.gaussian_filter(out, 2).ravel())[0, 1]
            assert r > 0.97, ctx


def test_collimation_field_too_large_or_off_centre():
    for name, (p, lungs, runs) in _all_runs("collimation_centering").items():
        H, W = p.shape
        for mech, (seed, out, info) in runs.items():
            ctx = (name, mech, seed, info["scale"], info["oy"], info["ox"])
            assert out.shape == p.shape, ctx
            oy, ox, h, w = info["oy"], info["ox"], info["h"], info["w"]
            assert 0 <= oy and oy + h <= H and 0 <= ox and ox + w <= W, ctx  # the whole film stays in the field
            patch = out[oy:oy + h, ox:ox + w]
            ref = np.asarray(Image.fromarray(p, mode="F").resize((w, h), Image.BILINEAR))
            m = (slice(h // 10, h - h // 10), slice(w // 10, w - w // 10))
            r = np.corrcoef(ndi.gaussian_filter(ref, 2)[m].ravel(), ndi.gaussian_filter(patch, 2)[m].ravel())[0, 1]
            assert r > 0.9, ctx
            # the lungs (mapped into the new field) are entirely inside the image
            ys, xs = np.nonzero(lungs)
            f = h / H
            assert oy + ys.min() * f >= 0 and oy + ys.max() * f < H and ox + xs.min() * f >= 0 and ox + xs.max() * f < W
            outside = np.ones_like(out, bool)
            outside[oy:oy + h, ox:ox + w] = False
            assert out[outside].std() > 0.03, ctx  # synthesised anatomy/air, not a flat pad
            if mech.startswith("open_field"):
                assert h * w < 0.5 * H * W, ctx
            elif mech == "off_centre_lateral":
                assert abs(ox + w / 2 - W / 2) > 0.09 * W, ctx
            else:
                assert abs(oy + h / 2 - H / 2) > 0.09 * H, ctx


def _kept_structure(p, out, region, s1=2.0, s2=6.0):
    """Regression slope of the output's contour band on the input's: 1 = contours intact."""
    bp = (ndi.gaussian_filter(p, s1) - ndi.gaussian_filter(p, s2))[region]
    bo = (ndi.gaussian_filter(out, s1) - ndi.gaussian_filter(out, s2))[region]
    return float((bo * bp).sum() / max((bp * bp).sum(), 1e-12))


def _kept_along(p, out, region, angle_deg):
    """The same along one direction: how much of the input's edges across that direction survive."""
    a = np.radians(angle_deg)

    def deriv(img):
        g = ndi.gaussian_filter(img, 2.0)
        return (np.sin(a) * ndi.sobel(g, 0) + np.cos(a) * ndi.sobel(g, 1))[region]

    bp, bo = deriv(p), deriv(out)
    return float((bo * bp).sum() / max((bp * bp).sum(), 1e-12))


def test_motion_blur_softens_contours_but_keeps_noise():
    for name, (p, lungs, runs) in _all_runs("motion_blur").items():
        H = p.shape[0]
        thorax = _thorax(p)
        lower = thorax.copy()
        lower[:int(0.55 * H)] = False
        upper = thorax.copy()
        upper[int(0.4 * H):] = False
        # a plain 1.5 px Gaussian blur, which is not motion blur, keeps more than these thresholds
        assert _kept_structure(p, ndi.gaussian_filter(p, 1.5), thorax) > 0.8
        for mech, (seed, out, info) in runs.items():
            ctx = (name, mech, seed)
            assert out.shape == p.shape, ctx
            if mech == "cardiac_border":
                band = info["mask"] > 0.5
                quiet = info["mask"] < 1e-3
                assert band.sum() > 0.005 * p.size, ctx
                assert _kept_structure(p, out, band) < 0.75, ctx
                assert np.abs(out[quiet] - p[quiet]).mean() < 0.02, ctx  # ribs/leads elsewhere untouched
                continue
            if mech == "respiratory_vertical":
                lo, up = _kept_along(p, out, lower, 90), _kept_along(p, out, upper, 90)
                assert lo < 0.78 and lo < up, (ctx, lo, up)  # the diaphragm moves most
            elif mech == "rotational":
                assert _kept_structure(p, out, thorax) < 0.76, ctx
            else:
                assert _kept_along(p, out, thorax, info["angle"]) < 0.8, ctx
            # blur does not clean the film: quantum noise is still there
            n0, n1 = _noise(p, thorax), _noise(out, thorax)
            assert 0.6 * n0 < n1 < 1.7 * n0, (ctx, n0, n1)


def test_foreign_object_is_metal_and_changes_nothing_else():
    for name, (p, lungs, runs) in _all_runs("foreign_object").items():
        H, W = p.shape
        bone = float(np.percentile(p[_thorax(p)], 97))
        for mech, (seed, out, info) in runs.items():
            obj = info["object"]
            ctx = (name, mech, seed, info.get("kind"))
            assert out.shape == p.shape and obj.sum() > 20, ctx
            assert float(np.median(out[obj])) > max(bone, 0.88), (ctx, bone, float(np.median(out[obj])))
            assert float(np.median(out[obj] - p[obj])) > 0.05, ctx
            far = ~ndi.binary_dilation(obj, iterations=20)
            assert np.abs(out[far] - p[far]).max() < 1e-5, ctx  # no blur, noise or tone change elsewhere
            ys, xs = np.nonzero(obj)
            assert 0.0 <= ys.mean() < 0.9 * H and 0.1 * W < xs.mean() < 0.9 * W, ctx  # over the chest


def test_marker_annotation_wrong_side_or_over_lungs():
    for name, (p, lungs, runs) in _all_runs("marker_annotation").items():
        H, W = p.shape
        near_lung = ndi.binary_dilation(lungs, iterations=6)
        for mech, (seed, out, info) in runs.items():
            ctx = (name, mech, seed)
            changed = np.abs(out - p) > 0.02
            assert out.shape == p.shape and changed.sum() > 15, ctx
            assert changed.mean() < 0.05, ctx  # a label, not a change of the film
            ys, xs = np.nonzero(changed)
            if mech == "wrong_side_marker":
                # patient's right is displayed on the viewer's left: the marker contradicts that
                assert info["placed"] == ("right" if info["letter_side"] == "R" else "left"), ctx
                cx = xs.mean()
                assert (cx > 0.75 * W) if info["placed"] == "right" else (cx < 0.25 * W), ctx
                assert info["text"][0] in ("RDLS"), ctx
            else:
                assert np.mean(near_lung[changed]) > 0.5, (ctx, np.mean(near_lung[changed]))


# Written with slicing, independently of the simulator's numpy calls (np.rot90 turns counter-clockwise).
WRONG_DISPLAY_REF = {
    "mirror_lr": lambda a: a[:, ::-1],
    "upside_down": lambda a: a[::-1, :],
    "rot90": lambda a: a.T[::-1, :],
    "rot180": lambda a: a[::-1, ::-1],
    "rot270": lambda a: a[::-1, :].T,
    "inverted": lambda a: 1.0 - a,
}


def test_wrong_display_kinds_match_numpy():
    _, p, _ = _inputs()[1]
    seen = set()
    for seed in range(400):
        out, kind = A.wrong_display(p, np.random.default_rng(seed))
        out2, kind2 = A.wrong_display(p, np.random.default_rng(seed))
        assert kind == kind2 and np.array_equal(out, out2)
        assert out.dtype == np.float32 and out.min() >= 0 and out.max() <= 1
        ref = p
        for op in kind.split("+"):
            ref = WRONG_DISPLAY_REF[op](ref)
        assert out.shape == ref.shape and np.allclose(out, ref, atol=1e-6), kind
        if out.shape == p.shape:
            assert not np.allclose(out, p)
        seen.add(kind)
    for single in ("mirror_lr", "upside_down", "rot90", "rot180", "rot270", "inverted"):
        assert single in seen
    assert any("+" in k for k in seen)
