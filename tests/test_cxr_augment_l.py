"""Tests for radqc.agents.cxr.augment_l (the blind "image editor" fault simulator).

Every fault is checked with a measure that does not reuse the simulator's own code: noise and
contrast statistics, clipped-pixel counts, a texture-based lung mask on a phantom whose lungs are
known, exact array equality for the display transforms, and the pixels of a side marker whose
position was read off one real film by eye.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage as ndi

from radqc.agents.cxr import augment_l as A
from radqc.agents.cxr.augment import SIMULABLE

FILMS = Path(__file__).resolve().parents[1] / "data" / "cxr" / "train-extra" / "images"
# One real film with a burnt-in grey "L" box in its top-right corner: box rows 0-36, columns
# 554-576, letter about 0.9 on a 0.71 box (read off the pixels by eye).
MARKED = "mhh-183af0d0.jpg"
MARKER_BOX = (slice(0, 38), slice(552, 579))
OTHER = ("mhh-3fd337c1.jpg", "mhh-90070cbc.jpg")

SIM_FAULTS = [f for f in SIMULABLE if f != "orientation_photometric"]


def _load(name: str) -> np.ndarray:
    path = FILMS / name
    if not path.exists():
        pytest.skip(f"film {name} not available")
    return np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255.0


@pytest.fixture(scope="module")
def marked() -> np.ndarray:
    return _load(MARKED)


@pytest.fixture(scope="module")
def films(marked) -> list[np.ndarray]:
    return [marked] + [_load(n) for n in OTHER]


def phantom(h: int = 420, w: int = 512, seed: int = 0) -> np.ndarray:
    """A chest-like phantom: noisy soft tissue, two textured dark lungs well inside the frame
    (narrow apices at 12 % of the height, costophrenic angles at about 77 % height and 12 % from
    the sides, domed diaphragm), a bright mediastinum and a burnt-in grey 'L' box top right."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = 0.66 + 0.08 * (yy / h)
    y = yy / h
    lungs = np.zeros((h, w), dtype=bool)
    for side in (0, 1):
        x = xx / w if side == 0 else 1.0 - xx / w  # distance from the film's own side
        grow = np.sqrt(np.clip((y - 0.12) / 0.62, 0, 1))
        lateral = 0.30 - 0.18 * grow  # apex at x=0.30, chest wall at x=0.12 lower down
        dome = 0.78 - 0.10 * np.sin(np.pi * np.clip((x - 0.12) / 0.33, 0, 1))
        lungs |= (y > 0.12) & (x > lateral) & (x < 0.45) & (y < dome)
    texture = 0.05 * np.sin(xx / 2.5) * np.sin(yy / 3.0)
    img[lungs] = 0.30 + texture[lungs]
    img[(np.abs(xx - 0.5 * w) < 0.05 * w) & (yy > 0.15 * h)] = 0.85
    img += rng.normal(0, 0.015, (h, w)).astype(np.float32)
    img[8:44, w - 44:w - 18] = 0.60
    img[14:38, w - 37:w - 33] = 0.93
    img[34:38, w - 37:w - 25] = 0.93
    return np.clip(img, 0, 1).astype(np.float32)


def lung_mask(img: np.ndarray) -> np.ndarray:
    """Mid-dark pixels with the lung texture's scale of detail = the phantom's lungs; flat fills,
    black, smooth gradients and fine noise are excluded (band-pass energy)."""
    sm = ndi.gaussian_filter(img, 1.0)
    band = ndi.gaussian_filter(img, 1.5) - ndi.gaussian_filter(img, 5.0)
    energy = np.sqrt(np.maximum(ndi.uniform_filter(band * band, 9), 0))
    mask = (sm > 0.15) & (sm < 0.45) & (energy > 0.008)
    mask = ndi.binary_opening(mask, iterations=2)
    lab, n = ndi.label(mask)
    if n == 0:
        return mask
    sizes = np.asarray(ndi.sum(mask, lab, range(1, n + 1)))
    keep = np.zeros(n + 1, dtype=bool)
    keep[1:] = (sizes >= 0.002 * img.size) & (sizes >= 0.3 * sizes.max())  # the lungs, not specks
    return keep[lab]


def flat_mask(img: np.ndarray) -> np.ndarray:
    m = ndi.uniform_filter(img, 7)
    sd = np.sqrt(np.maximum(ndi.uniform_filter(img * img, 7) - m * m, 0))
    return sd < 0.004


def touches_edge(mask: np.ndarray, margin: int = 2) -> bool:
    return bool(mask[:margin].any() or mask[-margin:].any() or mask[:, :margin].any() or mask[:, -margin:].any())


def noise_sigma(img: np.ndarray) -> float:
    r = img - ndi.median_filter(img, size=3)
    return float(1.4826 * np.median(np.abs(r - np.median(r))))


def collect(img, fault, n_seeds, per_mech=2, base=0):
    """Run seeds until every mechanism of `fault` has been seen `per_mech` times (or n_seeds
    have been used); returns {mechanism: [images]}."""
    out: dict[str, list[np.ndarray]] = {}
    for seed in range(base, base + n_seeds):
        res, mech = A.simulate_with_mechanism(img, fault, np.random.default_rng(seed))
        if len(out.get(mech, [])) < per_mech:
            out.setdefault(mech, []).append(res)
        if len(out) == len(A.MECHANISMS[fault]) and all(len(v) >= per_mech for v in out.values()):
            break
    return out


# --------------------------------------------------------------------------------------------
# Contract
# --------------------------------------------------------------------------------------------


def test_faults_follow_simulable():
    assert set(A.FAULTS) == set(SIM_FAULTS)
    for f in SIM_FAULTS:
        assert 4 <= len(A.MECHANISMS[f]) <= 6


@pytest.mark.parametrize("fault", SIM_FAULTS)
def test_contract_real_films(films, fault):
    for i, img in enumerate(films):
        before = img.copy()
        for seed in (3, 11):
            out, mech = A.simulate_with_mechanism(img, fault, np.random.default_rng(seed))
            assert mech in A.MECHANISMS[fault]
            assert out.dtype == np.float32 and out.ndim == 2
            assert np.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0
            if fault == "lung_field_cutoff":
                assert out.shape[0] <= img.shape[0] and out.shape[1] <= img.shape[1]
            else:
                assert out.shape == img.shape
            again, mech2 = A.simulate_with_mechanism(img, fault, np.random.default_rng(seed))
            assert mech2 == mech and np.array_equal(again, out)
            plain = A.simulate(img, fault, np.random.default_rng(seed))
            assert np.array_equal(plain, out)
            assert not np.array_equal(out, img) if out.shape == img.shape else True
        assert np.array_equal(img, before), "input modified in place"


def test_rejects_other_faults(marked):
    rng = np.random.default_rng(0)
    for bad in ("orientation_photometric", "rotation", "nonsense", ""):
        with pytest.raises(ValueError):
            A.simulate(marked, bad, rng)
        with pytest.raises(ValueError):
            A.simulate_with_mechanism(marked, bad, rng)


def test_uses_no_global_random_state(marked):
    np.random.seed(1)
    a = A.simulate(marked, "foreign_object", np.random.default_rng(5))
    np.random.seed(2)
    b = A.simulate(marked, "foreign_object", np.random.default_rng(5))
    assert np.array_equal(a, b)


def test_different_seeds_differ(marked):
    outs = [A.simulate(marked, "underexposure", np.random.default_rng(s)) for s in range(3)]
    assert not np.array_equal(outs[0], outs[1]) and not np.array_equal(outs[1], outs[2])


def test_small_and_large_inputs_run():
    small = phantom(96, 120, seed=2)
    big = np.asarray(Image.fromarray(phantom(420, 512, seed=3)).resize((1100, 900)), dtype=np.float32)
    for img in (small, big):
        for fault in SIM_FAULTS:
            out = A.simulate(img, fault, np.random.default_rng(1))
            assert out.dtype == np.float32 and out.min() >= 0 and out.max() <= 1


# --------------------------------------------------------------------------------------------
# Exposure
# --------------------------------------------------------------------------------------------


def _contrast(img):
    sm = ndi.gaussian_filter(img, 4.0)
    p5, p95 = np.percentile(sm, [5, 95])
    return float(p95 - p5)


def test_underexposure_noisier_and_flatter(films):
    for img in films[:2]:
        n0, c0 = noise_sigma(img), _contrast(img)
        by_mech = collect(img, "underexposure", 30)
        assert len(by_mech) >= 4
        for mech, outs in by_mech.items():
            for out in outs:
                assert noise_sigma(out) > 1.3 * n0, mech
                assert _contrast(out) < 0.95 * c0, mech
                assert (out <= 0.02).mean() <= (img <= 0.02).mean() + 0.01, mech  # not burnt black


def test_overexposure_burns_out_dark_areas(films):
    for img in films[:2]:
        black0 = (img <= 0.02).mean()
        by_mech = collect(img, "overexposure", 30)
        assert len(by_mech) >= 4
        for mech, outs in by_mech.items():
            for out in outs:
                assert (out <= 0.02).mean() >= black0 + 0.08, mech
                assert out.mean() < img.mean() - 0.05, mech
                # lung markings burnt out: much of the darkest third of the film is now black
                dark = img < np.percentile(img, 30)
                assert (out[dark] <= 0.02).mean() >= 0.3, mech


@pytest.mark.parametrize("fault", ["underexposure", "overexposure", "motion_blur"])
def test_side_marker_survives_exposure_and_motion(marked, fault):
    box = marked[MARKER_BOX]
    letter = box > 0.85
    plate = (box > 0.65) & (box < 0.78)
    assert letter.sum() > 40 and plate.sum() > 200
    for seed in range(12):
        out = A.simulate(marked, fault, np.random.default_rng(seed))[MARKER_BOX]
        assert out[letter].mean() - out[plate].mean() > 0.12
        assert np.abs(out - box)[letter | plate].max() < 0.02  # left untouched


# --------------------------------------------------------------------------------------------
# Geometry: cut-off and collimation
# --------------------------------------------------------------------------------------------


def test_phantom_lungs_are_found_and_inside():
    ph = phantom()
    lm = lung_mask(ph)
    assert lm.mean() > 0.15 and not touches_edge(lm)
    ys, xs = np.nonzero(lm)
    assert abs(xs.mean() / ph.shape[1] - 0.5) < 0.03


def test_cutoff_removes_part_of_a_lung():
    ph = phantom(seed=1)
    lm0 = lung_mask(ph)
    by_mech = collect(ph, "lung_field_cutoff", 40)
    assert len(by_mech) >= 4
    for mech, outs in by_mech.items():
        for out in outs:
            lm = lung_mask(out)
            assert lm.any(), mech
            fm = flat_mask(out)
            lab, n = ndi.label(fm)
            big = np.isin(lab, 1 + np.nonzero(ndi.sum(fm, lab, range(1, n + 1)) > 0.01 * out.size)[0])
            near_fill = (ndi.binary_dilation(lm, iterations=10) & big).sum() > 20
            assert touches_edge(lm) or near_fill, mech
            if out.shape != ph.shape:  # cropped: less lung than before
                assert lm.sum() < 0.93 * lm0.sum(), mech


def test_cutoff_keeps_the_side_marker(marked):
    tpl = marked[9:31, 560:574]  # the letter and a little of its box
    assert (tpl > 0.85).sum() > 30
    for seed in range(16):
        out = A.simulate(marked, "lung_field_cutoff", np.random.default_rng(seed))
        th, tw = tpl.shape
        ys, xs = np.nonzero(out[: out.shape[0] - th + 1, : out.shape[1] - tw + 1] == tpl[0, 0])
        found = any(np.array_equal(out[y:y + th, x:x + tw], tpl) for y, x in zip(ys, xs))
        assert found, seed


def test_collimation_makes_field_larger_or_offcentre_without_cutting():
    ph = phantom(seed=2)
    lm0 = lung_mask(ph)
    ys, xs = np.nonzero(lm0)
    area0 = (np.ptp(ys) + 1) * (np.ptp(xs) + 1) / ph.size
    by_mech = collect(ph, "collimation_centering", 40)
    assert len(by_mech) >= 4
    for mech, outs in by_mech.items():
        for out in outs:
            assert out.shape == ph.shape
            lm = lung_mask(out)
            assert not touches_edge(lm, margin=3), mech  # no lung cut off
            ys, xs = np.nonzero(lm)
            area = (np.ptp(ys) + 1) * (np.ptp(xs) + 1) / out.size
            off = max(abs(ys.mean() / out.shape[0] - 0.5) - abs(np.nonzero(lm0)[0].mean() / ph.shape[0] - 0.5),
                      abs(xs.mean() / out.shape[1] - 0.5))
            assert area < 0.72 * area0 or off > 0.08, (mech, area / area0, off)


# --------------------------------------------------------------------------------------------
# Motion blur
# --------------------------------------------------------------------------------------------


def _edge_energy(img, rows, cols):
    dog = ndi.gaussian_filter(img, 1.2) - ndi.gaussian_filter(img, 3.5)
    return float(np.mean(dog[rows, cols] ** 2))


def test_motion_blurs_contours(films):
    for img in films[:2]:
        h, w = img.shape
        rows, cols = slice(int(0.45 * h), int(0.85 * h)), slice(int(0.2 * w), int(0.8 * w))
        e0 = _edge_energy(img, rows, cols)
        by_mech = collect(img, "motion_blur", 30)
        assert len(by_mech) >= 4
        for mech, outs in by_mech.items():
            for out in outs:
                assert _edge_energy(out, rows, cols) < 0.8 * e0, mech
                # grey levels of the film kept (not an exposure change)
                assert abs(float(out.mean()) - float(img.mean())) < 0.02, mech


# --------------------------------------------------------------------------------------------
# Foreign objects
# --------------------------------------------------------------------------------------------


def test_foreign_object_adds_dense_compact_objects_over_the_chest(films):
    for img in films[:2]:
        h, w = img.shape
        by_mech = collect(img, "foreign_object", 30)
        assert len(by_mech) >= 4
        for mech, outs in by_mech.items():
            for out in outs:
                diff = out - img
                assert diff.min() >= -1e-6, mech  # an object only adds attenuation
                dense = diff > 0.1
                assert dense.sum() >= 25, mech
                assert (diff > 0.02).mean() < 0.08, mech
                ys, xs = np.nonzero(dense)
                assert 0.05 * h < ys.mean() < 0.9 * h and 0.1 * w < xs.mean() < 0.9 * w, mech
                assert out[dense].max() > 0.8, mech


def test_foreign_object_leaves_marker_alone(marked):
    for seed in range(15):
        out = A.simulate(marked, "foreign_object", np.random.default_rng(seed))
        assert np.array_equal(out[MARKER_BOX], marked[MARKER_BOX])


# --------------------------------------------------------------------------------------------
# Marker / annotation
# --------------------------------------------------------------------------------------------


def test_marker_annotation_changes_marker_or_writes_over_lungs(marked):
    h, w = marked.shape
    box = marked[MARKER_BOX]
    letter = box > 0.85
    lungs = (slice(int(0.12 * h), int(0.82 * h)), slice(int(0.08 * w), int(0.92 * w)))
    by_mech = collect(marked, "marker_annotation", 40)
    assert len(by_mech) >= 4
    for mech, outs in by_mech.items():
        for out in outs:
            assert out.shape == marked.shape
            assert (out == marked).mean() > 0.8, mech  # a local edit, not a global filter
            ob = out[MARKER_BOX]
            iou = ((ob > 0.85) & letter).sum() / max(1, ((ob > 0.85) | letter).sum())
            marker_changed = np.abs(ob[letter] - box[letter]).mean() > 0.15 or iou < 0.6
            drawn = (np.abs(out - marked)[lungs] > 0.2).sum() >= 60
            assert marker_changed or drawn, mech
            if mech == "clone_heal_marker_out":
                assert (ob > 0.85).sum() < 0.1 * letter.sum()
                plate = (box > 0.65) & (box < 0.78)
                flat_plate = np.abs(ob - np.median(box[plate])) < 0.02
                assert flat_plate.sum() < 0.3 * plate.sum()  # the grey plate is gone too
            if mech == "wrong_side_marker":
                new_letter = ob > 0.85
                iou = (new_letter & letter).sum() / max(1, (new_letter | letter).sum())
                assert new_letter.sum() > 20 and iou < 0.5


def test_marker_annotation_without_a_marker_still_annotates():
    ph = phantom(seed=4)
    ph[8:44, -44:-18] = ph[60:96, -44:-18]  # no side marker on this one
    for seed in range(20):
        out, mech = A.simulate_with_mechanism(ph, "marker_annotation", np.random.default_rng(seed))
        assert mech != "clone_heal_marker_out"
        assert (np.abs(out - ph) > 0.1).sum() >= 100, mech


# --------------------------------------------------------------------------------------------
# orientation_photometric: exact transforms
# --------------------------------------------------------------------------------------------

EXPECTED = {
    "mirror_lr": lambda a: a[:, ::-1],
    "upside_down": lambda a: a[::-1, :],
    "rotate180": lambda a: a[::-1, ::-1],
    "rotate90_cw": lambda a: a.T[:, ::-1],
    "rotate90_ccw": lambda a: a.T[::-1, :],
    "invert": lambda a: 1.0 - a,
    "transpose": lambda a: a.T,
    "antitranspose": lambda a: a[::-1, ::-1].T,
    "invert+mirror_lr": lambda a: 1.0 - a[:, ::-1],
    "invert+upside_down": lambda a: 1.0 - a[::-1, :],
    "invert+rotate90_cw": lambda a: 1.0 - a.T[:, ::-1],
    "invert+rotate180": lambda a: 1.0 - a[::-1, ::-1],
}


def test_wrong_display_is_an_exact_transform(marked):
    seen = set()
    img = marked[:300, :370]  # not square, so turns change the shape
    for seed in range(60):
        out, name = A.wrong_display(img, np.random.default_rng(seed))
        assert name in EXPECTED, name
        assert out.dtype == np.float32
        assert np.array_equal(out, EXPECTED[name](img)), name
        again, name2 = A.wrong_display(img, np.random.default_rng(seed))
        assert name2 == name and np.array_equal(again, out)
        seen.add(name)
    assert len(seen) >= 8
    assert {"mirror_lr", "invert", "rotate180"} <= seen


def test_wrong_display_rotation_direction():
    a = np.zeros((4, 6), dtype=np.float32)
    a[0, 5] = 1.0  # top-right pixel
    for seed in range(80):
        out, name = A.wrong_display(a, np.random.default_rng(seed))
        if name == "rotate90_cw":  # top-right goes to bottom-right
            assert out.shape == (6, 4) and out[5, 3] == 1.0
        if name == "rotate90_ccw":  # top-right goes to top-left
            assert out.shape == (6, 4) and out[0, 0] == 1.0
