"""Tests for the held-out fault simulator G (radqc.agents.cxr.augment_g).

Most tests use a synthetic chest: dark rib-striped lungs on a soft-tissue body with a bright
mediastinum and heart, air in the corners and mild noise.  Each fault is checked over several seeds
so that every mechanism is drawn at least once, against a property that an unchanged or wrongly
faulted image would fail.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from radqc.agents.cxr import augment_g
from radqc.agents.cxr.augment_g import DISPLAY_KINDS, SIMULABLE, simulate, wrong_display

SEEDS = range(12)
LUNG_RANGE = (0.12, 0.4)  # grey levels of the synthetic lungs (air is darker, tissue brighter)
DEV_IMAGE = Path(__file__).resolve().parents[1] / "data/cxr/dev/images/mhh-18017511-a.jpg"


def _synthetic_chest(height: int = 256, width: int = 224) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2026)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.full((height, width), 0.05, dtype=np.float32)
    body = ((xs - width / 2) / (0.46 * width)) ** 2 + ((ys - 0.55 * height) / (0.6 * height)) ** 2 < 1
    image[body] = 0.6
    lungs = np.zeros_like(body)
    for cx in (0.3 * width, 0.7 * width):
        lungs |= ((xs - cx) / (0.15 * width)) ** 2 + ((ys - 0.42 * height) / (0.28 * height)) ** 2 < 1
    ribs = 0.05 * np.sin(2 * np.pi * ys / (0.07 * height))
    image[lungs] = 0.25 + ribs[lungs]
    image[(np.abs(xs - width / 2) < 0.09 * width) & (ys > 0.12 * height) & (ys < 0.8 * height)] = 0.85
    heart = ((xs - 0.58 * width) / (0.12 * width)) ** 2 + ((ys - 0.62 * height) / (0.1 * height)) ** 2 < 1
    image[heart] = 0.8
    image = ndimage.gaussian_filter(image, 0.8) + rng.normal(0.0, 0.01, image.shape)
    return np.clip(image, 0, 1).astype(np.float32), lungs


@pytest.fixture(scope="module")
def chest() -> np.ndarray:
    return _synthetic_chest()[0]


@pytest.fixture(scope="module")
def lungs() -> np.ndarray:
    return _synthetic_chest()[1]


def _run(image: np.ndarray, fault: str, seed: int) -> np.ndarray:
    return simulate(image, fault, np.random.default_rng(seed))


def _noise(image: np.ndarray, region: np.ndarray) -> float:
    residual = image - ndimage.gaussian_filter(image, 1.5)
    return float(np.median(np.abs(residual[region])))


def _gradient_energy(image: np.ndarray, region: np.ndarray | None = None) -> float:
    gy, gx = np.gradient(image)
    energy = gy**2 + gx**2
    return float(energy.mean() if region is None else energy[region].mean())


def _lung_grey(image: np.ndarray) -> np.ndarray:
    """Pixels at the lungs' grey level, without thin rings (the smoothed skin edge crosses it too)."""
    smooth = ndimage.gaussian_filter(image, 1.5)
    return ndimage.binary_opening((smooth > LUNG_RANGE[0]) & (smooth < LUNG_RANGE[1]), iterations=2)


def _enclosed_lungs(image: np.ndarray) -> list[np.ndarray]:
    """Lung-grey regions enclosed by brighter tissue, largest first (arms and air are not enclosed).

    A 3 % frame is ignored so that a bright collimator border does not enclose the whole field.
    """
    height, width = image.shape
    band_y, band_x = max(1, int(0.03 * height)), max(1, int(0.03 * width))
    frame = np.zeros(image.shape, dtype=bool)
    frame[band_y:-band_y, band_x:-band_x] = True
    tissue = (ndimage.gaussian_filter(image, 1.5) > 0.45) & frame
    labels, count = ndimage.label(ndimage.binary_fill_holes(tissue) & ~tissue & _lung_grey(image))
    regions = [labels == index for index in range(1, count + 1)]
    return sorted(regions, key=lambda region: -int(region.sum()))


def _touches_border(mask: np.ndarray, band: int = 2) -> bool:
    return bool(mask[:band].any() or mask[-band:].any() or mask[:, :band].any() or mask[:, -band:].any())


# ------------------------------------------------------------------------------------------ contract


def test_simulable_is_exact():
    assert SIMULABLE == (
        "underexposure", "overexposure", "lung_field_cutoff", "collimation_centering",
        "motion_blur", "foreign_object", "marker_annotation", "orientation_photometric",
    )


@pytest.mark.parametrize("fault", SIMULABLE)
def test_returns_valid_image_and_leaves_input_alone(chest, fault):
    before = chest.copy()
    for seed in range(4):
        out = _run(chest, fault, seed)
        assert out.ndim == 2 and out.dtype == np.float32
        assert np.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0
        assert min(out.shape) >= 0.3 * min(chest.shape)
    assert np.array_equal(chest, before)


@pytest.mark.parametrize("fault", SIMULABLE)
def test_deterministic_for_a_seed_and_varied_across_seeds(chest, fault):
    assert np.array_equal(_run(chest, fault, 7), _run(chest, fault, 7))
    outputs = [_run(chest, fault, seed) for seed in range(1, 7)]
    assert any(o.shape != outputs[0].shape or not np.array_equal(o, outputs[0]) for o in outputs[1:])


@pytest.mark.parametrize("fault", ["rotation", "scapula_overlap", "nonsense", ""])
def test_unknown_or_non_simulable_fault_raises(chest, fault):
    with pytest.raises(ValueError):
        simulate(chest, fault, np.random.default_rng(0))


def test_rejects_non_2d_input():
    with pytest.raises(ValueError):
        simulate(np.zeros((32, 32, 3), np.float32), "underexposure", np.random.default_rng(0))


# ------------------------------------------------------------------------------------- wrong display


def test_wrong_display_kinds_and_exact_geometry(chest):
    seen = set()
    for seed in range(60):
        out, kind = wrong_display(chest, np.random.default_rng(seed))
        assert kind in DISPLAY_KINDS
        seen.add(kind)
        expected = {
            "mirrored": np.fliplr(chest), "upside_down": np.flipud(chest), "rotated_90": np.rot90(chest, 1),
            "rotated_180": np.rot90(chest, 2), "rotated_270": np.rot90(chest, 3),
        }.get(kind)
        if expected is not None:
            assert np.array_equal(out, expected)
        else:
            assert out.shape == chest.shape
            assert np.corrcoef(out.ravel(), chest.ravel())[0, 1] < -0.9
    assert seen == set(DISPLAY_KINDS)


def test_orientation_fault_is_wrong_display(chest):
    for seed in range(6):
        expected, _ = wrong_display(chest, np.random.default_rng(seed))
        assert np.array_equal(_run(chest, "orientation_photometric", seed), expected)


# -------------------------------------------------------------------------------------- per fault


def test_underexposure_adds_dose_dependent_noise(chest, lungs):
    body = chest > 0.5
    for seed in SEEDS:
        out = _run(chest, "underexposure", seed)
        assert _noise(out, body & (out < 0.97)) > 2.0 * _noise(chest, body), seed


def test_overexposure_darkens_lungs_without_adding_noise(chest, lungs):
    for seed in SEEDS:
        out = _run(chest, "overexposure", seed)
        assert out[lungs].mean() < chest[lungs].mean() - 0.08, seed
        assert _noise(out, ~lungs) < 1.5 * _noise(chest, ~lungs), seed


def test_cutoff_removes_part_of_a_lung(chest):
    lungs_before = _lung_grey(chest)
    assert not _touches_border(lungs_before)
    for seed in SEEDS:
        out = _run(chest, "lung_field_cutoff", seed)
        lungs_after = _lung_grey(out)
        if out.shape == chest.shape and not _touches_border(lungs_after):  # shutter inside the lung
            assert lungs_after.sum() < 0.96 * lungs_before.sum(), seed
            assert (out[lungs_before & ~lungs_after] > 0.6).mean() > 0.8, seed
        else:
            assert _touches_border(lungs_after), seed


def test_collimation_enlarges_the_field_or_decentres_the_thorax(chest):
    left, right = _enclosed_lungs(chest)[:2]
    share_before = (left.sum() + right.sum()) / chest.size
    for seed in SEEDS:
        out = _run(chest, "collimation_centering", seed)
        assert max(out.shape) == max(chest.shape)
        first, second = _enclosed_lungs(out)[:2]
        assert second.sum() > 0.5 * first.sum(), seed  # both lungs whole: nothing was cut off
        lungs = first | second
        ys, xs = np.nonzero(lungs)
        offset = max(abs(ys.mean() / out.shape[0] - 0.5), abs(xs.mean() / out.shape[1] - 0.5))
        assert lungs.mean() < 0.8 * share_before or offset > 0.1, seed


def test_motion_blur_lowers_gradient_energy_and_keeps_exposure(chest):
    for seed in SEEDS:
        out = _run(chest, "motion_blur", seed)
        assert out.shape == chest.shape
        moved = np.abs(out - chest) > 0.02
        assert moved.mean() > 0.02, seed
        assert _gradient_energy(out, moved) < 0.9 * _gradient_energy(chest, moved), seed
        assert _gradient_energy(out) < 0.95 * _gradient_energy(chest), seed
        assert abs(float(out.mean()) - float(chest.mean())) < 0.02, seed


def test_foreign_object_adds_compact_density_over_the_body(chest):
    body = ndimage.binary_dilation(chest > 0.15, iterations=3)
    for seed in SEEDS:
        out = _run(chest, "foreign_object", seed)
        added = out - chest
        assert added.min() > -1e-5, seed  # objects add attenuation, they never replace anatomy
        marked = added > 0.08
        assert 15 <= marked.sum() <= 0.15 * chest.size, seed
        assert body[marked].mean() > 0.9, seed
        assert added.max() > 0.15, seed


def test_markers_change_pixels_over_the_lungs(chest, lungs):
    over_lungs = 0
    for seed in SEEDS:
        out = _run(chest, "marker_annotation", seed)
        changed = np.abs(out - chest) > 0.2
        assert changed.sum() >= 20, seed
        assert (out == chest).mean() > 0.8, seed  # burned-in marks are local; the rest is untouched
        over_lungs += int((changed & lungs).sum() >= 10)
    assert over_lungs >= 0.7 * len(SEEDS)


@pytest.mark.parametrize("fault", ["underexposure", "overexposure"])
def test_exposure_faults_leave_letterbox_padding_black(chest, fault):
    padded = np.pad(chest, ((20, 20), (0, 0)))
    for seed in range(6):
        out = _run(padded, fault, seed)
        assert np.array_equal(out[:20], padded[:20]) and np.array_equal(out[-20:], padded[-20:])


@pytest.mark.skipif(not DEV_IMAGE.exists(), reason="dev image not available")
@pytest.mark.parametrize("fault", SIMULABLE)
def test_real_dev_image_smoke(fault):
    from PIL import Image

    image = Image.open(DEV_IMAGE).convert("L")
    image.thumbnail((512, 512))
    pixels = np.asarray(image, np.float32) / 255
    out = augment_g.simulate(pixels, fault, np.random.default_rng(3))
    assert out.dtype == np.float32 and out.ndim == 2 and 0.0 <= out.min() and out.max() <= 1.0
    assert out.shape != pixels.shape or not np.allclose(out, pixels)
