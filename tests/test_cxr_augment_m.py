"""Tests for the blind augmentation-pipeline fault simulator M (agents/cxr/augment_m.py).

Every check measures the output with statistics written here (noise, clipped fractions,
gradient energy, texture maps, exact array equality), not with the simulator's helpers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage as ndi

from radqc.agents.cxr.augment import SIMULABLE
from radqc.agents.cxr.augment_m import (
    DISPLAY_ERRORS,
    MECHANISMS,
    simulate,
    simulate_with_mechanism,
    wrong_display,
)

FILMS_DIR = Path(__file__).resolve().parents[1] / "data" / "cxr" / "train-extra" / "images"
# mhh-35b446ce: "L" marker box in the top-right corner (rows ~10-52, cols ~576-603)
MARKER_FILM = "mhh-35b446ce.jpg"
FILM_NAMES = [MARKER_FILM, "mhh-3c8a0876.jpg", "mhh-976b6ee3.jpg"]
FAULTS = [f for f in SIMULABLE if f != "orientation_photometric"]


def _load(name: str) -> np.ndarray:
    return np.asarray(Image.open(FILMS_DIR / name).convert("L"), dtype=np.float32) / 255.0


@pytest.fixture(scope="module")
def films() -> dict[str, np.ndarray]:
    return {n: _load(n) for n in FILM_NAMES}


# ------------------------------------------------------------------ phantom
PH_H, PH_W = 400, 480


def _lung_ellipses(h=PH_H, w=PH_W) -> np.ndarray:
    rr, cc = np.mgrid[0:h, 0:w]
    m = np.zeros((h, w), bool)
    for cx in (0.3 * w, 0.7 * w):
        m |= ((rr - 0.45 * h) / (0.28 * h)) ** 2 + ((cc - cx) / (0.13 * w)) ** 2 <= 1.0
    return m


def _phantom(seed: int = 0) -> np.ndarray:
    """Textured chest phantom: soft tissue 0.62, two dark lungs 0.3, bright mediastinum and abdomen,
    rib-like stripes (period 10 px) everywhere in the body, vessel texture in the lungs, mild noise."""
    rng = np.random.default_rng(seed)
    h, w = PH_H, PH_W
    rr, cc = np.mgrid[0:h, 0:w].astype(np.float32)
    x = np.full((h, w), 0.62, np.float32)
    x[np.abs(cc - 0.5 * w) < 0.07 * w] = 0.8
    x[rr > 0.8 * h] = 0.8
    lungs = _lung_ellipses()
    vessels = ndi.gaussian_filter(rng.standard_normal((h, w)).astype(np.float32), 2.0)
    vessels *= 0.05 / vessels.std()
    x[lungs] = 0.3 + vessels[lungs]
    x += 0.04 * np.sin(2 * np.pi * rr / 10.0)
    x += 0.01 * rng.standard_normal((h, w)).astype(np.float32)
    return np.clip(x, 0, 1).astype(np.float32)


@pytest.fixture(scope="module")
def phantom() -> np.ndarray:
    return _phantom()


# ------------------------------------------------------------ independent stats
def _noise(img: np.ndarray, region=None) -> float:
    """Noise sigma: MAD of the residual after a small Gaussian blur (robust to edges and to mild resampling)."""
    r = img.astype(np.float64) - ndi.gaussian_filter(img.astype(np.float64), 1.5)
    if region is not None:
        r = r[region]
    r = r.ravel()
    return float(1.4826 * np.median(np.abs(r - np.median(r))))


def _central(shape, frac=0.15) -> np.ndarray:
    h, w = shape
    m = np.zeros(shape, bool)
    m[int(frac * h):int((1 - frac) * h), int(frac * w):int((1 - frac) * w)] = True
    return m


def _smooth_corr(a: np.ndarray, b: np.ndarray, sigma: float = 6.0) -> float:
    sa, sb = ndi.gaussian_filter(a, sigma).ravel(), ndi.gaussian_filter(b, sigma).ravel()
    return float(np.corrcoef(sa, sb)[0, 1])


def _tile_grad_ratio(before: np.ndarray, after: np.ndarray, n: int = 4) -> float:
    """Smallest per-tile ratio of gradient energy (after light smoothing) after/before."""
    def energy(img):
        g = ndi.gaussian_filter(img.astype(np.float64), 1.0)
        gy, gx = np.gradient(g)
        return gy ** 2 + gx ** 2
    eb, ea = energy(before), energy(after)
    h, w = before.shape
    ratios = []
    for i in range(n):
        for j in range(n):
            sl = (slice(i * h // n, (i + 1) * h // n), slice(j * w // n, (j + 1) * w // n))
            if eb[sl].mean() > 1e-6:
                ratios.append(ea[sl].mean() / eb[sl].mean())
    return float(min(ratios))


def _texture_mask(img: np.ndarray) -> np.ndarray:
    """Pixels carrying the phantom's stripe texture (high band-pass energy)."""
    hp = img - ndi.gaussian_filter(img, 3.0)
    return np.sqrt(ndi.gaussian_filter(hp * hp, 4.0)) > 0.012


def _phantom_lungs_in(img: np.ndarray) -> np.ndarray:
    """The phantom's lungs as they appear in an output image: dark basins carrying the isotropic
    vessel texture (the body's rib stripes are horizontal, so they have no left-right gradient),
    kept only as blobs at least 30 px in both directions (edges and bands are thin)."""
    s = ndi.gaussian_filter(img, 3.0)
    gx = ndi.sobel(ndi.gaussian_filter(img, 1.0), axis=1)
    e = np.sqrt(ndi.gaussian_filter(gx * gx, 4.0))
    m = (s > 0.18) & (s < 0.45) & (e > 0.02)
    lab, n = ndi.label(m)
    keep = np.zeros_like(m)
    for i, sl in enumerate(ndi.find_objects(lab)):
        if sl is not None and sl[0].stop - sl[0].start >= 30 and sl[1].stop - sl[1].start >= 30:
            keep |= lab == i + 1
    return keep


# ----------------------------------------------------------------- contract
def test_unknown_fault_raises(phantom):
    rng = np.random.default_rng(0)
    for bad in ("foo", "rotation", "inadequate_inspiration", ""):
        with pytest.raises(ValueError):
            simulate(phantom, bad, rng)
        with pytest.raises(ValueError):
            simulate_with_mechanism(phantom, bad, rng)
    with pytest.raises(ValueError):
        simulate_with_mechanism(phantom, "motion_blur", rng, mechanism="no_such_mechanism")


def test_mechanism_menu_covers_simulable():
    assert set(MECHANISMS) == set(FAULTS)
    assert all(len(v) >= 2 for v in MECHANISMS.values())


@pytest.mark.parametrize("fault", FAULTS)
def test_output_contract_and_determinism(fault, phantom, films):
    for img in (phantom, films["mhh-3c8a0876.jpg"]):
        y1, n1 = simulate_with_mechanism(img, fault, np.random.default_rng(123))
        y2, n2 = simulate_with_mechanism(img, fault, np.random.default_rng(123))
        assert y1.dtype == np.float32 and y1.shape == img.shape
        assert np.isfinite(y1).all() and y1.min() >= 0.0 and y1.max() <= 1.0
        assert n1 == n2 and np.array_equal(y1, y2)
        assert n1.split("|")[0].split("+")[0].startswith(MECHANISMS[fault]), n1
        assert "|" in n1  # store step named
        assert not np.array_equal(y1, img)
        y3 = simulate(img, fault, np.random.default_rng(123))
        assert np.array_equal(y1, y3)
    # different seeds give different images
    outs = [simulate(phantom, fault, np.random.default_rng(s)) for s in (1, 2)]
    assert not np.array_equal(outs[0], outs[1])


def test_input_not_modified(phantom):
    before = phantom.copy()
    for fault in FAULTS:
        simulate(phantom, fault, np.random.default_rng(5))
    assert np.array_equal(before, phantom)


def test_accepts_uint8_like_float64_input(films):
    img = films["mhh-976b6ee3.jpg"].astype(np.float64)
    y = simulate(img, "foreign_object", np.random.default_rng(0))
    assert y.dtype == np.float32 and y.shape == img.shape


# ------------------------------------------------------------------ exposure
@pytest.mark.parametrize("mech", MECHANISMS["underexposure"])
def test_underexposure_noisier_not_darker_not_moved(mech, phantom, films):
    for img in (phantom, films[MARKER_FILM]):
        y, _ = simulate_with_mechanism(img, "underexposure", np.random.default_rng(7), mechanism=mech)
        c = _central(img.shape)
        assert _noise(y, c) > 1.4 * _noise(img, c), mech
        assert y[c].mean() >= img[c].mean() - 0.01, mech
        assert (y <= 0.02).mean() <= (img <= 0.02).mean() + 0.01  # no burnt-out blacks
        assert _smooth_corr(img, y) > 0.8, mech  # nothing cropped or moved


@pytest.mark.parametrize("mech", MECHANISMS["overexposure"])
def test_overexposure_burns_out_blacks_not_moved(mech, phantom, films):
    for img in (phantom, films["mhh-3c8a0876.jpg"]):
        y, _ = simulate_with_mechanism(img, "overexposure", np.random.default_rng(3), mechanism=mech)
        black_before, black_after = (img <= 0.03).mean(), (y <= 0.03).mean()
        assert black_after >= black_before + 0.06, (mech, black_before, black_after)
        assert y.mean() < img.mean() - 0.03, mech
        assert _smooth_corr(img, y) > 0.8, mech
    # on the phantom the saturated pixels are mostly lung
    y, _ = simulate_with_mechanism(phantom, "overexposure", np.random.default_rng(3), mechanism=mech, store=False)
    black = y <= 0.01
    assert (black & _lung_ellipses()).sum() >= 0.7 * black.sum()


# ------------------------------------------------------------------- cut-off
@pytest.mark.parametrize("mech", MECHANISMS["lung_field_cutoff"])
def test_cutoff_cuts_lung_on_phantom(mech, phantom):
    lungs0 = _phantom_lungs_in(phantom)
    edge0 = lungs0[0].sum() + lungs0[-1].sum() + lungs0[:, 0].sum() + lungs0[:, -1].sum()
    assert edge0 == 0  # phantom lungs lie inside the frame
    for seed in range(4):
        y, name = simulate_with_mechanism(phantom, "lung_field_cutoff", np.random.default_rng(seed), mechanism=mech)
        lungs = _phantom_lungs_in(y)
        b = 3  # lung tissue reaching the outermost rows/columns = lung cut by the frame
        touching = max(lungs[:b].sum(), lungs[-b:].sum(), lungs[:, :b].sum(), lungs[:, -b:].sum())
        assert touching >= 0.05 * b * min(PH_H, PH_W), (name, touching)
        # no new bright graphics (text) appear
        assert (y > 0.97).mean() <= (phantom > 0.97).mean() + 0.002, name


def test_cutoff_keeps_marker_on_real_film(films):
    img = films[MARKER_FILM]
    box = img[14:48, 580:600]
    found = 0
    for seed in range(4):
        y, name = simulate_with_mechanism(img, "lung_field_cutoff", np.random.default_rng(seed), store=False)
        assert _smooth_corr(img, y) < 0.99  # geometry changed
        # the L box is either at its place or the crop kept (zoomed) it; a bright glyph stays top-right
        if np.array_equal(y[14:48, 580:600], box):
            found += 1
        else:
            assert (y[: img.shape[0] // 3, img.shape[1] * 3 // 4:] > 0.8).sum() > 20, name
    assert found >= 1


# -------------------------------------------------------------- collimation
@pytest.mark.parametrize("mech", MECHANISMS["collimation_centering"])
def test_collimation_shrinks_or_offsets_thorax_keeping_lungs(mech, phantom):
    lungs0 = _phantom_lungs_in(phantom).sum()
    assert _texture_mask(phantom).mean() > 0.9
    for seed in range(3):
        y, name = simulate_with_mechanism(phantom, "collimation_centering", np.random.default_rng(seed), mechanism=mech)
        tex = _texture_mask(y)
        lab, n = ndi.label(tex)
        big = lab == (1 + int(np.argmax(ndi.sum(tex, lab, range(1, n + 1)))))
        ys, xs = np.nonzero(big)
        offset = max(abs(ys.mean() / PH_H - 0.5), abs(xs.mean() / PH_W - 0.5))
        assert big.mean() < 0.75 or offset > 0.07, (name, big.mean(), offset)
        # a large exposed area outside the thorax, without the stripe texture
        assert (~tex).mean() > 0.2, name
        lungs = _phantom_lungs_in(y)
        assert lungs.sum() > 0.2 * lungs0, name
        b = 2
        assert lungs[:b].sum() + lungs[-b:].sum() + lungs[:, :b].sum() + lungs[:, -b:].sum() == 0, name


# -------------------------------------------------------------------- motion
@pytest.mark.parametrize("mech", MECHANISMS["motion_blur"])
def test_motion_blurs_keeps_brightness_and_marker(mech, phantom, films):
    for img in (phantom, films[MARKER_FILM]):
        y, name = simulate_with_mechanism(img, "motion_blur", np.random.default_rng(11), mechanism=mech)
        assert _tile_grad_ratio(img, y) < 0.8, name
        assert abs(float(y.mean()) - float(img.mean())) < 0.01, name
        assert y.shape == img.shape
    img = films[MARKER_FILM]
    y, name = simulate_with_mechanism(img, "motion_blur", np.random.default_rng(11), mechanism=mech, store=False)
    assert np.array_equal(y[14:48, 580:600], img[14:48, 580:600]), name  # detector marker stays sharp


# ----------------------------------------------------------- foreign objects
@pytest.mark.parametrize("mech", MECHANISMS["foreign_object"])
def test_foreign_object_bright_and_over_lungs(mech, phantom, films):
    lungs = ndi.binary_dilation(_lung_ellipses(), iterations=6)
    for seed in range(2):
        y, name = simulate_with_mechanism(phantom, "foreign_object", np.random.default_rng(seed), mechanism=mech,
                                          store=False)
        d = y - phantom
        obj = d > 0.15
        assert obj.sum() >= 15, name
        assert (obj & lungs).sum() >= 0.5 * obj.sum(), name
        assert d[obj].mean() > 0.18 and np.percentile(y[obj], 90) > 0.5, name  # radio-opaque: bright
        assert (np.abs(d) > 0.01).mean() < 0.12, name  # nothing else changed
    img = films["mhh-976b6ee3.jpg"]
    y = simulate(img, "foreign_object", np.random.default_rng(4))
    new_bright = (y > 0.85) & (img < 0.75)
    assert new_bright.sum() > 10


# -------------------------------------------------------------- annotations
GRAPHIC = ("text_over_lung", "arrow_over_lung", "label_box", "caliper_measurement")


@pytest.mark.parametrize("mech", GRAPHIC)
def test_annotation_graphics_over_lungs_and_local(mech, phantom):
    lungs = ndi.binary_dilation(_lung_ellipses(), iterations=6)
    for seed in range(2):
        y, name = simulate_with_mechanism(phantom, "marker_annotation", np.random.default_rng(seed), mechanism=mech,
                                          store=False)
        changed = np.abs(y - phantom) > 1e-6
        assert 30 <= changed.sum() <= 0.08 * changed.size, name
        strong = np.abs(y - phantom) > 0.2
        assert strong.sum() >= 20, name
        assert (strong & lungs).sum() >= 0.5 * strong.sum(), name
        # with the store step, the rest of the image keeps its grey scale
        ys, _ = simulate_with_mechanism(phantom, "marker_annotation", np.random.default_rng(seed), mechanism=mech)
        far = ~ndi.binary_dilation(changed, iterations=10)
        assert np.median(np.abs(ys - phantom)[far]) < 0.01, name
        assert abs(float(ys[far].mean()) - float(phantom[far].mean())) < 0.01, name


def test_marker_mirrored_in_place(films):
    img = films[MARKER_FILM]
    y, name = simulate_with_mechanism(img, "marker_annotation", np.random.default_rng(0), mechanism="marker_mirrored",
                                      store=False)
    changed = np.abs(y - img) > 1e-6
    ys, xs = np.nonzero(changed)
    assert ys.max() < 60 and xs.min() > 560  # only the marker corner changed
    reg_in, reg_out = img[0:60, 560:620], y[0:60, 560:620]
    assert not np.array_equal(reg_in, reg_out)
    # a horizontal mirror only rearranges pixels within each row
    assert np.array_equal(np.sort(reg_in, axis=1), np.sort(reg_out, axis=1))


def test_marker_moved_to_wrong_side(films):
    img = films[MARKER_FILM]
    y, name = simulate_with_mechanism(img, "marker_annotation", np.random.default_rng(0),
                                      mechanism="marker_wrong_side", store=False)
    core = img[14:48, 582:598]
    W = img.shape[1]
    # the letter box now sits on the other side (near the mirrored column position)
    hits = [t for t in range(W - 600 - 8, W - 600 + 9) if np.array_equal(y[14:48, t:t + 16], core)]
    assert hits, name
    # and the original corner no longer shows the bright letter
    assert (y[10:52, 576:603] > 0.8).sum() < 0.2 * max(1, (img[10:52, 576:603] > 0.8).sum())


def test_marker_removed_and_wrong_letter(films):
    img = films[MARKER_FILM]
    letter = (img[10:52, 576:603] > 0.8).sum()
    assert letter > 30
    y, _ = simulate_with_mechanism(img, "marker_annotation", np.random.default_rng(0), mechanism="marker_removed",
                                   store=False)
    assert (y[10:52, 576:603] > 0.8).sum() < 0.2 * letter
    assert _noise(y[0:70, 550:630]) > 0.3 * _noise(img[0:70, 550:630])  # patched with texture, not flat
    changed = np.abs(y - img) > 1e-6
    assert changed.sum() < 0.02 * changed.size
    y, _ = simulate_with_mechanism(img, "marker_annotation", np.random.default_rng(0),
                                   mechanism="marker_wrong_letter", store=False)
    reg_in, reg_out = img[10:52, 576:603], y[10:52, 576:603]
    assert (reg_out > 0.7).sum() > 20  # still a letter
    assert np.abs(reg_out - reg_in).max() > 0.3
    assert np.abs(reg_out - reg_in[:, ::-1]).max() > 0.3  # not just mirrored


def test_marker_rendered_when_film_has_none(phantom):
    for mech in ("marker_wrong_side", "marker_mirrored"):
        y, name = simulate_with_mechanism(phantom, "marker_annotation", np.random.default_rng(1), mechanism=mech,
                                          store=False)
        changed = np.abs(y - phantom) > 0.05
        ys, xs = np.nonzero(changed)
        assert changed.sum() > 20, name
        # a side marker sits near a lateral edge, outside the lungs
        assert (xs.max() < 0.2 * PH_W) or (xs.min() > 0.8 * PH_W), name
        assert (changed & _lung_ellipses()).sum() < 0.1 * changed.sum(), name


# ----------------------------------------------------------- wrong display
_EXPECTED = {
    "flip_lr": lambda a: a[:, ::-1],
    "flip_ud": lambda a: a[::-1, :],
    "rot180": lambda a: a[::-1, ::-1],
    "rot90_cw": lambda a: np.rot90(a, -1),
    "rot90_ccw": lambda a: np.rot90(a, 1),
    "transpose": lambda a: a.T,
    "invert": lambda a: 1.0 - a,
}


def _expected(name: str, a: np.ndarray) -> np.ndarray:
    out = a
    for step in name.split("+"):
        out = _EXPECTED[step](out)
    return out


def test_wrong_display_exact_transforms(films):
    img = films["mhh-3c8a0876.jpg"]
    seen = set()
    for seed in range(60):
        y, name = wrong_display(img, np.random.default_rng(seed))
        assert name in DISPLAY_ERRORS
        assert y.dtype == np.float32
        assert np.array_equal(y, _expected(name, img).astype(np.float32)), name
        seen.add(name)
    assert {"flip_lr", "flip_ud", "invert"} <= seen
    assert seen & {"rot90_cw", "rot90_ccw"}
    assert any(n.startswith("invert+") for n in seen)
    # simulate() delegates orientation_photometric to wrong_display
    y1, n1 = wrong_display(img, np.random.default_rng(3))
    y2, n2 = simulate_with_mechanism(img, "orientation_photometric", np.random.default_rng(3))
    assert n1 == n2 and np.array_equal(y1, y2)


def test_wrong_display_deterministic(phantom):
    a = wrong_display(phantom, np.random.default_rng(9))
    b = wrong_display(phantom, np.random.default_rng(9))
    assert a[1] == b[1] and np.array_equal(a[0], b[0])
