"""Tests for the blind ImageNet-C-style fault simulator ``radqc.agents.cxr.augment_k``.

Every fault is checked by a measurement that does not reuse the simulator's own code: noise from a
median-filter residual, clipping from a pixel count, sharpness from a Laplacian, lungs of a synthetic
phantom from their intensity and stripe texture, wrong displays from plain slicing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

from radqc.agents.cxr import augment_k as K
from radqc.agents.cxr.augment import SIMULABLE

ROOT = Path(__file__).resolve().parents[1]
FILM_DIR = ROOT / "data" / "cxr" / "train-extra" / "images"
FILM_NAMES = ("mhh-183af0d0.jpg", "mhh-35b446ce.jpg")
FAULTS = tuple(f for f in SIMULABLE if f != "orientation_photometric")


def _load(name: str) -> np.ndarray:
    return np.asarray(Image.open(FILM_DIR / name).convert("L"), dtype=np.float32) / 255.0


@pytest.fixture(scope="module")
def films() -> list[np.ndarray]:
    paths = [FILM_DIR / n for n in FILM_NAMES]
    if not all(p.exists() for p in paths):
        pytest.skip("real films of data/cxr/train-extra not available")
    return [_load(n) for n in FILM_NAMES]


# ------------------------------------------------------------------------------------------------
# independent measurements
# ------------------------------------------------------------------------------------------------


def _inner(a: np.ndarray) -> np.ndarray:
    h, w = a.shape
    return a[h // 10 : h - h // 10, w // 10 : w - w // 10]


def noise_level(a: np.ndarray) -> float:
    return float(_inner(a - ndi.median_filter(a, 3)).std())


def dark_clipped(a: np.ndarray) -> float:
    return float((_inner(a) <= 2.0 / 255.0).mean())


def sharpness(a: np.ndarray) -> float:
    return float((ndi.laplace(ndi.gaussian_filter(a.astype(np.float64), 0.7)) ** 2).mean())


def phantom(h: int = 420, w: int = 500, marker: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic frontal chest: bright body, two striped dark lungs well inside the frame."""
    rng = np.random.default_rng(123)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = 0.70 + 0.12 * np.exp(-(((xx - w / 2) / (0.08 * w)) ** 2))
    lungs = np.zeros((h, w), bool)
    for cx in (0.31 * w, 0.69 * w):
        lungs |= ((yy - 0.47 * h) / (0.30 * h)) ** 2 + ((xx - cx) / (0.15 * w)) ** 2 <= 1.0
    ribs = 0.07 * np.sin(2 * np.pi * yy / 14.0)
    img[lungs] = 0.32 + ribs[lungs]
    img += 0.01 * ndi.gaussian_filter(rng.standard_normal((h, w)), 1.0) / 0.28
    img = np.clip(img, 0, 1).astype(np.float32)
    if marker:
        r0, r1, c0, c1 = 20, 60, w - 50, w - 22
        img[r0:r1, c0:c1] = 0.45
        lay = Image.new("L", (c1 - c0, r1 - r0), 0)
        ImageDraw.Draw(lay).text(((c1 - c0) / 2, (r1 - r0) / 2), marker, fill=255, font=ImageFont.load_default(size=30), anchor="mm")
        a = np.asarray(lay, np.float32) / 255.0
        img[r0:r1, c0:c1] = 0.45 * (1 - a) + 0.95 * a
    return img, lungs


def lung_mask(a: np.ndarray) -> np.ndarray:
    """Phantom lungs: mid-dark and striped (high local variance); thin edges removed."""
    m = ndi.uniform_filter(a.astype(np.float64), 15)
    sd = np.sqrt(np.maximum(ndi.uniform_filter(a.astype(np.float64) ** 2, 15) - m * m, 0))
    mask = (m > 0.15) & (m < 0.5) & (sd > 0.018)
    mask = ndi.binary_opening(mask, iterations=2)
    lab, n = ndi.label(mask)
    if n == 0:
        return mask
    keep = np.zeros_like(mask)
    for i, sl in enumerate(ndi.find_objects(lab)):
        comp = lab[sl] == i + 1
        bh, bw = comp.shape
        # lungs are large compact blobs; the edge of a pasted film is a thin strip
        if comp.sum() >= 0.004 * a.size and comp.mean() > 0.45 and max(bh, bw) < 4 * min(bh, bw):
            keep[sl] |= comp
    return keep


def touches_border(mask: np.ndarray, px: int = 3) -> bool:
    return bool(mask[:px].any() or mask[-px:].any() or mask[:, :px].any() or mask[:, -px:].any())


def bbox_fraction_and_centre(mask: np.ndarray) -> tuple[float, np.ndarray]:
    rows, cols = np.nonzero(mask)
    h, w = mask.shape
    area = (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1) / (h * w)
    return float(area), np.array([rows.mean() / h, cols.mean() / w])


def runs(img: np.ndarray, fault: str, seeds=range(60)):
    """(seed, output, mechanism) for many rng seeds."""
    for s in seeds:
        out, mech = K.simulate_with_mechanism(img, fault, np.random.default_rng(s))
        yield s, out, mech


# ------------------------------------------------------------------------------------------------
# contract
# ------------------------------------------------------------------------------------------------


def test_fault_list_matches_simulable():
    assert set(K.FAULTS) == set(FAULTS)
    for fault in FAULTS:
        assert 4 <= len(K.MECHANISMS[fault]) <= 5


@pytest.mark.parametrize("fault", FAULTS)
def test_contract(films, fault):
    for img in films:
        before = img.copy()
        for s in range(4):
            out, mech = K.simulate_with_mechanism(img, fault, np.random.default_rng(s))
            assert out.ndim == 2 and out.dtype == np.float32
            assert np.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0
            assert mech in K.MECHANISMS[fault]
            assert not np.array_equal(out, img)
            if fault not in ("lung_field_cutoff", "collimation_centering"):
                assert out.shape == img.shape
            again, mech2 = K.simulate_with_mechanism(img, fault, np.random.default_rng(s))
            assert mech2 == mech and np.array_equal(again, out)
            assert np.array_equal(K.simulate(img, fault, np.random.default_rng(s)), out)
        assert np.array_equal(img, before), "input modified"


def test_rejects_other_faults(films):
    rng = np.random.default_rng(0)
    for bad in ("orientation_photometric", "rotation", "nonsense"):
        with pytest.raises(ValueError):
            K.simulate(films[0], bad, rng)
        with pytest.raises(ValueError):
            K.simulate_with_mechanism(films[0], bad, rng)


def test_no_global_random_state(films):
    np.random.seed(1)
    a = K.simulate(films[0], "underexposure", np.random.default_rng(5))
    np.random.seed(2)
    b = K.simulate(films[0], "underexposure", np.random.default_rng(5))
    assert np.array_equal(a, b)


def test_large_input_runs():
    img, _ = phantom(1400, 1200)
    for fault in FAULTS:
        out = K.simulate(img, fault, np.random.default_rng(1))
        assert out.dtype == np.float32 and out.ndim == 2 and max(out.shape) <= 1400


# ------------------------------------------------------------------------------------------------
# exposure
# ------------------------------------------------------------------------------------------------


def test_underexposure_adds_noise_without_black_clipping(films):
    seen = set()
    for img in films:
        n0, c0 = noise_level(img), dark_clipped(img)
        for _, out, mech in runs(img, "underexposure", range(30)):
            seen.add(mech)
            assert out.shape == img.shape
            assert noise_level(out) > 1.15 * n0, mech
            assert dark_clipped(out) <= c0 + 0.005, mech
            assert out.mean() > img.mean() - 0.02, mech  # never darker: not an over-exposure
    assert seen == set(K.MECHANISMS["underexposure"])


def test_overexposure_burns_out_dark_areas(films):
    seen = set()
    for img in films:
        c0 = dark_clipped(img)
        for _, out, mech in runs(img, "overexposure", range(30)):
            seen.add(mech)
            assert out.shape == img.shape
            assert dark_clipped(out) > c0 + 0.03, mech
            assert out.mean() < img.mean() - 0.03, mech
    assert seen == set(K.MECHANISMS["overexposure"])


# ------------------------------------------------------------------------------------------------
# geometry: cut-off and collimation
# ------------------------------------------------------------------------------------------------


def test_phantom_measure_is_sane():
    img, lungs = phantom()
    m = lung_mask(img)
    assert not touches_border(m)
    assert (m & lungs).sum() > 0.8 * lungs.sum()


def test_cutoff_loses_part_of_a_lung():
    img, _ = phantom()
    seen, shapes = set(), set()
    for _, out, mech in runs(img, "lung_field_cutoff", range(50)):
        seen.add(mech)
        shapes.add(out.shape)
        m = lung_mask(out)
        assert m.sum() > 0, mech
        assert touches_border(m), mech
        assert out.shape[0] <= img.shape[0] * 1.6 and out.shape[1] <= img.shape[1] * 1.6
    assert seen == set(K.MECHANISMS["lung_field_cutoff"])
    assert img.shape in shapes and len(shapes) > 2  # resized back sometimes, kept as a crop other times


def test_cutoff_of_real_film_is_a_crop(films):
    img = films[1]
    H, W = img.shape
    checked = 0
    for _, out, mech in runs(img, "lung_field_cutoff", range(16)):
        oh, ow = out.shape
        if out.shape == img.shape or oh > H or ow > W:
            continue  # resized back
        checked += 1
        # the output is the input with one or more edges cut away (a pasted-back marker may differ)
        best = min(
            float(np.mean(np.abs(img[r : r + oh, c : c + ow] - out) > 1e-6))
            for r in {0, H - oh}
            for c in range(W - ow + 1)
        )
        assert best < 0.02, mech
        assert oh * ow < 0.95 * H * W, mech
    assert checked > 0


def test_collimation_shrinks_or_shifts_thorax_without_cutting():
    img, _ = phantom()
    area0, centre0 = bbox_fraction_and_centre(lung_mask(img))
    seen = set()
    for _, out, mech in runs(img, "collimation_centering", range(50)):
        seen.add(mech)
        m = lung_mask(out)
        assert m.sum() > 0, mech
        assert not touches_border(m), mech
        area, centre = bbox_fraction_and_centre(m)
        assert area < 0.8 * area0 or np.abs(centre - centre0).max() > 0.06, (mech, area / area0, centre)
        # the film around the thorax is featureless: a wider field, not more anatomy
        assert 0.0 <= out.min() and out.max() <= 1.0
    assert seen == set(K.MECHANISMS["collimation_centering"])


def _frame_texture(a: np.ndarray, px: int = 4) -> float:
    hp = a - ndi.median_filter(a, 3)
    frame = np.concatenate([hp[:px].ravel(), hp[-px:].ravel(), hp[:, :px].ravel(), hp[:, -px:].ravel()])
    return float(frame.std())


def test_collimation_on_real_film_opens_the_field(films):
    img = films[0]
    tex0 = _frame_texture(img)
    for _, out, mech in runs(img, "collimation_centering", range(12)):
        if mech == "asymmetric_field":
            assert abs(out.shape[0] / out.shape[1] - img.shape[0] / img.shape[1]) > 0.1
        else:
            assert out.shape == img.shape, mech
            # the film's own edge (anatomy, grain) is replaced by an empty or raw-beam field
            assert _frame_texture(out) < 0.6 * tex0, mech


# ------------------------------------------------------------------------------------------------
# motion
# ------------------------------------------------------------------------------------------------


def test_motion_blur_lowers_sharpness_keeps_content(films):
    seen = set()
    for img in films:
        coarse0 = ndi.gaussian_filter(img, 6)
        for _, out, mech in runs(img, "motion_blur", range(25)):
            seen.add(mech)
            assert out.shape == img.shape
            # where the film changed, it lost fine detail; and it changed over a large area
            region = ndi.gaussian_filter(np.abs(out - img), 4) > 0.006
            assert region.mean() > 0.15, mech
            ys, xs = np.nonzero(region)
            sl = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
            assert sharpness(out[sl]) < 0.75 * sharpness(img[sl]), mech
            assert abs(float(out.mean()) - float(img.mean())) < 0.02, mech
            r = np.corrcoef(ndi.gaussian_filter(out, 6).ravel(), coarse0.ravel())[0, 1]
            assert r > 0.9, mech
    assert seen == set(K.MECHANISMS["motion_blur"])


def test_double_contour_creates_a_ghost():
    # a single bright dot is copied a few pixels away (a ghost), not smeared along a path
    img = np.full((640, 640), 0.4, np.float32)
    img[320, 320] = 1.0
    hits = 0
    for _, out, mech in runs(img, "motion_blur", range(60)):
        if mech != "double_contour":
            continue
        hits += 1
        resp = (out - 0.4).astype(np.float64)
        lit = resp > 1e-3
        assert abs(resp[lit].sum() - 0.6) < 0.01  # mass kept
        assert lit.sum() <= 12  # two or three point copies, not a smear
        py, px = np.unravel_index(np.argmax(resp), resp.shape)
        yy, xx = np.nonzero(lit)
        far = np.hypot(yy - py, xx - px) >= 3
        assert resp[yy[far], xx[far]].sum() >= 0.2 * 0.6  # a second contour of real weight
    assert hits > 0


# ------------------------------------------------------------------------------------------------
# foreign objects
# ------------------------------------------------------------------------------------------------


def test_foreign_objects_add_dense_shapes_over_the_chest(films):
    ph, lungs = phantom()
    rows, cols = np.nonzero(lungs)
    h, w = ph.shape
    r0, r1 = max(0, rows.min() - 0.08 * h), rows.max() + 0.08 * h
    c0, c1 = cols.min() - 0.05 * w, cols.max() + 0.05 * w
    seen = set()
    for img, check_place in ((ph, True), (films[0], False), (films[1], False)):
        for _, out, mech in runs(img, "foreign_object", range(25)):
            seen.add(mech)
            assert out.shape == img.shape
            assert (out >= img - 1e-5).all(), mech  # objects only add attenuation
            changed = (out - img) > 0.08
            assert changed.sum() >= 30, mech
            assert changed.mean() < 0.12, mech
            if check_place:
                rr, cc = np.nonzero(changed)
                inside = (rr >= r0) & (rr <= r1) & (cc >= c0) & (cc <= c1)
                assert inside.mean() > 0.5, mech
    assert seen == set(K.MECHANISMS["foreign_object"])


# ------------------------------------------------------------------------------------------------
# markers and annotations
# ------------------------------------------------------------------------------------------------


def _glyph(a: np.ndarray, r0=20, r1=60, c0=None, c1=None) -> np.ndarray:
    w = a.shape[1]
    c0 = w - 50 if c0 is None else c0
    c1 = w - 22 if c1 is None else c1
    return np.abs(a[r0:r1, c0:c1] - 0.45) > 0.2


def test_marker_missing_removes_the_side_marker():
    img, _ = phantom(marker="L")
    g0 = _glyph(img)
    assert g0.sum() > 20
    hits = 0
    for _, out, mech in runs(img, "marker_annotation", range(40)):
        if mech != "marker_missing":
            continue
        hits += 1
        box, ring = out[20:60, -50:-22], out[8:72, -62:-10]
        assert box.std() < 0.3 * img[20:60, -50:-22].std()  # no letter left
        assert abs(float(box.mean()) - float(np.median(ring))) < 0.08  # blends with its surroundings
        diff = np.abs(out - img) > 1e-6
        rr, cc = np.nonzero(diff)
        assert rr.max() < 90 and cc.min() > img.shape[1] - 90  # nothing else touched
    assert hits > 0


def test_marker_wrong_replaces_the_letter():
    img, _ = phantom(marker="L")
    g0 = _glyph(img)
    hits = 0
    for _, out, mech in runs(img, "marker_annotation", range(40)):
        if mech != "marker_wrong":
            continue
        hits += 1
        g1 = _glyph(out)
        assert g1.sum() > 0.3 * g0.sum()  # a letter is still there
        iou = (g0 & g1).sum() / (g0 | g1).sum()
        assert iou < 0.7  # but a different one
        rr, cc = np.nonzero(np.abs(out - img) > 1e-6)
        assert rr.max() < 90 and cc.min() > img.shape[1] - 90
    assert hits > 0


def test_marker_wrong_without_marker_adds_a_letter_at_the_edge():
    img, _ = phantom()
    hits = 0
    for _, out, mech in runs(img, "marker_annotation", range(60)):
        if mech != "marker_wrong":
            continue
        hits += 1
        _, cc = np.nonzero(np.abs(out - img) > 0.05)
        w = img.shape[1]
        assert cc.size > 20
        assert ((cc < 0.15 * w) | (cc > 0.85 * w)).all()
    assert hits > 0


def test_annotations_are_drawn_over_the_lungs(films):
    ph, lungs = phantom()
    rows, cols = np.nonzero(lungs)
    h, w = ph.shape
    box = (rows.min() - 0.06 * h, rows.max() + 0.06 * h, cols.min() - 0.06 * w, cols.max() + 0.06 * w)
    seen = set()
    for img, check_place in ((ph, True), (films[0], False)):
        for _, out, mech in runs(img, "marker_annotation", range(30)):
            seen.add(mech)
            assert out.shape == img.shape
            if mech in ("marker_missing", "marker_wrong"):
                continue
            changed = np.abs(out - img) > 0.1
            assert 30 <= changed.sum() < 0.1 * img.size, mech
            # burned-in graphics: one ink (white or black), saturated along the strokes
            up = (out[changed] > img[changed]).mean()
            assert up > 0.9 or up < 0.1, mech
            assert ((out >= 0.97) | (out <= 0.03))[changed].sum() >= 10, mech
            if check_place:
                rr, cc = np.nonzero(changed)
                inside = (rr >= box[0]) & (rr <= box[1]) & (cc >= box[2]) & (cc <= box[3])
                assert inside.mean() > 0.6, mech
    assert {"text_overlay", "measurement_overlay", "arrow_graphics", "marker_wrong"} <= seen


@pytest.mark.parametrize("fault", ["underexposure", "overexposure", "motion_blur"])
def test_image_faults_leave_the_side_marker_readable(fault):
    img, _ = phantom(marker="L")
    for _, out, mech in runs(img, fault, range(8)):
        assert np.array_equal(out[20:60, -50:-22], img[20:60, -50:-22]), mech
        assert not np.array_equal(out, img)


def test_cutoff_keeps_the_side_marker():
    img, _ = phantom(marker="L")
    for _, out, mech in runs(img, "lung_field_cutoff", range(40)):
        oh, ow = out.shape
        corner = out[: oh // 4, 3 * ow // 4 :]
        # the grey marker box (0.45) and its white letter are still in the top-right corner
        assert (np.abs(corner - 0.45) < 0.02).sum() >= 200, mech
        assert (corner > 0.85).sum() >= 15, mech


def test_marker_mechanisms_all_reachable():
    img, _ = phantom(marker="L")
    seen = {mech for _, _, mech in runs(img, "marker_annotation", range(60))}
    assert seen == set(K.MECHANISMS["marker_annotation"])


# ------------------------------------------------------------------------------------------------
# wrong display (orientation_photometric)
# ------------------------------------------------------------------------------------------------


def _expected(x: np.ndarray, name: str) -> np.ndarray:
    geo = {
        "": x,
        "flip_lr": x[:, ::-1],
        "flip_ud": x[::-1, :],
        "rot90_ccw": x.T[::-1, :],
        "rot180": x[::-1, ::-1],
        "rot90_cw": x.T[:, ::-1],
        "transpose": x.T,
        "anti_transpose": x[::-1, ::-1].T,
    }
    if name.startswith("invert"):
        rest = name[len("invert") :].lstrip("+")
        return np.float32(1.0) - geo[rest]
    return geo[name]


def test_wrong_display_exact(films):
    img = films[0]
    names = set()
    for s in range(80):
        out, name = K.wrong_display(img, np.random.default_rng(s))
        names.add(name)
        assert out.dtype == np.float32
        exp = _expected(img, name)
        assert out.shape == exp.shape
        assert np.array_equal(out, exp), name
        assert out.shape != img.shape or not np.array_equal(out, img)
        again, name2 = K.wrong_display(img, np.random.default_rng(s))
        assert name2 == name and np.array_equal(again, out)
    assert {"flip_lr", "flip_ud", "rot90_ccw", "rot180", "rot90_cw", "invert"} <= names
    assert any("+" in n for n in names)


def test_wrong_display_moves_a_corner_where_a_viewer_expects():
    # a film with a mark in its top-right corner, turned or flipped as a viewer would see it
    x = np.full((4, 6), 0.2, np.float32)
    x[0, 5] = 0.9
    where = {
        "flip_lr": (0, 0),
        "flip_ud": (3, 5),
        "rot180": (3, 0),
        "rot90_ccw": (0, 0),  # turned left: top-right goes to top-left of the 6 x 4 result
        "rot90_cw": (5, 3),  # turned right: to bottom-right
        "transpose": (5, 0),
        "anti_transpose": (0, 3),
    }
    seen = set()
    for s in range(120):
        out, name = K.wrong_display(x, np.random.default_rng(s))
        geo = name.replace("invert", "").strip("+")
        seen.add(name)
        if not geo:
            assert np.allclose(out, 1.0 - x)
            continue
        mark = 0.1 if name.startswith("invert") else 0.9
        r, c = np.unravel_index(np.argmin(np.abs(out - mark)), out.shape)
        assert (r, c) == where[geo], name
    assert len(seen) >= 10
