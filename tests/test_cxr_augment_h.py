"""Tests for the blind chest-radiograph fault simulator radqc.agents.cxr.augment_h.

Every fault is drawn over seeds until each of its mechanisms has appeared, on a small synthetic
chest and on real dev films, and each draw must show the property that makes it that fault.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from radqc.agents.cxr import augment_h as ah

DEV_IMAGES = Path(__file__).resolve().parents[1] / "data" / "cxr" / "dev" / "images"
DEV_FILMS = ("mhh-00870a9c-a.jpg", "mhh-2c35005f-a.jpg")
MECHANISMS = {
    "underexposure": {"low_mas_mottle", "under_penetration", "unrescaled_low_dose", "grid_cutoff"},
    "overexposure": {"detector_saturation", "unrescaled_high_dose", "over_penetration"},
    "lung_field_cutoff": {"detector_edge", "patient_broader_than_detector", "landscape_detector",
                          "collimator_blade"},
    "collimation_centering": {"field_too_wide", "off_centre", "wide_field_with_blades"},
    "motion_blur": {"patient_motion", "breathing", "jerk_double_contour", "tremor"},
    "foreign_object": {"necklace", "buttons", "coins", "hair_clips", "underwire_bra", "zip", "phone",
                       "piercings"},
    "marker_annotation": {"burned_in_text", "graphic_annotation", "wrong_side_marker", "marker_over_lung"},
}
MAX_SEEDS = 80


def synthetic_chest(h: int = 420, w: int = 512, seed: int = 0) -> np.ndarray:
    """Body ellipse with two textured lungs, heart, spine, ribs and diaphragm; air outside."""
    rng = np.random.default_rng(seed)
    v, u = np.mgrid[0:h, 0:w].astype(np.float32)
    v, u = v / h, u / w
    img = np.full((h, w), 0.62, np.float32)
    body = ((u - 0.5) / 0.52) ** 2 + ((v - 0.55) / 0.75) ** 2 < 1
    img[~body] = 0.08
    texture = ndimage.gaussian_filter(rng.standard_normal((h, w)).astype(np.float32), 3) * 0.6
    for cx in (0.3, 0.7):
        lung = ((u - cx) / 0.17) ** 2 + ((v - 0.45) / 0.33) ** 2 < 1
        img[lung] = 0.28 + texture[lung]
    img[((u - 0.55) / 0.14) ** 2 + ((v - 0.62) / 0.16) ** 2 < 1] = 0.78
    img[np.abs(u - 0.5) < 0.04] = 0.85
    img[v > 0.8] = np.maximum(img[v > 0.8], 0.75)
    for k in range(8):
        rib = np.abs(v - (0.18 + 0.075 * k) - 0.08 * ((u - 0.5) * 2) ** 2) < 0.008
        img[rib & body] += 0.08
    img += rng.normal(0, 0.01, img.shape).astype(np.float32)
    return np.clip(ndimage.gaussian_filter(img, 0.7), 0, 1).astype(np.float32)


@lru_cache(maxsize=None)
def film(name: str) -> np.ndarray:
    if name == "synthetic":
        return synthetic_chest()
    path = DEV_IMAGES / name
    if not path.exists():
        pytest.skip(f"dev film {name} not available")
    return np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255.0


FILMS = ("synthetic",) + DEV_FILMS


@lru_cache(maxsize=None)
def draws(name: str, fault: str) -> tuple[tuple[np.ndarray, str], ...]:
    """(image, mechanism) for seeds 0, 1, ... until every mechanism of the fault was drawn."""
    pixels = film(name)
    seen, out = set(), []
    for seed in range(MAX_SEEDS):
        image, mechanism = ah._FAULT_MAKERS[fault](ah._checked(pixels), np.random.default_rng(seed))
        out.append((image, mechanism))
        seen.add(mechanism)
        if seen == MECHANISMS[fault]:
            break
    assert seen == MECHANISMS[fault], f"{fault}: only {sorted(seen)} drawn in {MAX_SEEDS} seeds"
    return tuple(out)


def band_energy(a: np.ndarray) -> float:
    return float(np.mean(np.abs(ndimage.gaussian_filter(a, 1.0) - ndimage.gaussian_filter(a, 3.0))))


def flat_dark_share(a: np.ndarray) -> float:
    """Share of pixels that are darker than the median and flat (no structure, no noise)."""
    mean = ndimage.uniform_filter(a, 5)
    spread = np.sqrt(np.maximum(ndimage.uniform_filter(a * a, 5) - mean * mean, 0))
    return float(((spread < 0.004) & (a < np.median(a))).mean())


def lower_half_band_correlation(a: np.ndarray, b: np.ndarray) -> float:
    def band(x):
        return ndimage.gaussian_filter(x, 1.5) - ndimage.gaussian_filter(x, 4.0)
    h = a.shape[0]
    return float(np.corrcoef(band(a)[h // 2:].ravel(), band(b)[h // 2:].ravel())[0, 1])


# --- public API ------------------------------------------------------------------------------------
def test_shared_fault_list_and_display_kinds():
    assert ah.SIMULABLE == ("underexposure", "overexposure", "lung_field_cutoff", "collimation_centering",
                            "motion_blur", "foreign_object", "marker_annotation", "orientation_photometric")
    assert set(ah._FAULT_MAKERS) == set(ah.SIMULABLE) - {"orientation_photometric"}
    assert "mirrored" in ah.DISPLAY_KINDS


@pytest.mark.parametrize("fault", ah.SIMULABLE)
def test_output_range_dtype_shape_and_determinism(fault):
    pixels = film("synthetic")
    before = pixels.copy()
    first = ah.simulate(pixels, fault, np.random.default_rng(7))
    again = ah.simulate(pixels, fault, np.random.default_rng(7))
    other = ah.simulate(pixels, fault, np.random.default_rng(8))
    assert first.dtype == np.float32 and first.ndim == 2
    assert 0.0 <= first.min() and first.max() <= 1.0 and np.isfinite(first).all()
    for side, original in zip(sorted(first.shape), sorted(pixels.shape)):
        assert 0.5 <= side / original <= 1.5
    np.testing.assert_array_equal(first, again)
    assert first.shape != other.shape or not np.array_equal(first, other)
    np.testing.assert_array_equal(pixels, before)          # input untouched


def test_bad_input_raises():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        ah.simulate(film("synthetic"), "rotation", rng)
    with pytest.raises(ValueError):
        ah.simulate(np.zeros((64, 64, 3), np.float32), "motion_blur", rng)
    with pytest.raises(ValueError):
        ah.simulate(np.zeros(64, np.float32), "motion_blur", rng)
    with pytest.raises(ValueError):
        ah.wrong_display(np.zeros((4, 64, 64), np.float32), rng)


def test_wrong_display_kinds_are_exact_transforms():
    pixels = film("synthetic")
    expected = {
        "mirrored": pixels[:, ::-1], "upside_down": pixels[::-1], "rotated_180": pixels[::-1, ::-1],
        "rotated_90_clockwise": np.rot90(pixels, -1), "rotated_90_counterclockwise": np.rot90(pixels, 1),
        "inverted": 1 - pixels, "inverted_mirrored": 1 - pixels[:, ::-1],
    }
    assert set(expected) == set(ah.DISPLAY_KINDS)
    seen = set()
    for seed in range(60):
        shown, kind = ah.wrong_display(pixels, np.random.default_rng(seed))
        seen.add(kind)
        np.testing.assert_allclose(shown, expected[kind], atol=1e-6)
    assert seen == set(ah.DISPLAY_KINDS)
    via_simulate = ah.simulate(pixels, "orientation_photometric", np.random.default_rng(3))
    np.testing.assert_array_equal(via_simulate, ah.wrong_display(pixels, np.random.default_rng(3))[0])


def test_wrong_display_avoids_quarter_turns_of_long_films():
    wide = np.random.default_rng(0).uniform(size=(200, 400)).astype(np.float32)
    for seed in range(40):
        shown, kind = ah.wrong_display(wide, np.random.default_rng(seed))
        assert not kind.startswith("rotated_90") and shown.shape == wide.shape


# --- each fault shows itself, for every mechanism, on synthetic and real films ----------------------
@pytest.mark.parametrize("name", FILMS)
def test_underexposure(name):
    pixels = film(name)
    for image, mechanism in draws(name, "underexposure"):
        if mechanism in ("low_mas_mottle", "under_penetration"):       # quantum mottle after rescaling
            assert band_energy(image) > 1.3 * band_energy(pixels), mechanism
        elif mechanism == "unrescaled_low_dose":                       # pale film
            assert image.mean() > pixels.mean() + 0.08
        else:                                                          # one or both sides fade
            profile = ndimage.uniform_filter1d((image - pixels).mean(axis=0), pixels.shape[1] // 8)
            assert profile.max() - profile.min() > 0.25


@pytest.mark.parametrize("name", FILMS)
def test_overexposure_darkens_and_flattens(name):
    pixels = film(name)
    for image, mechanism in draws(name, "overexposure"):
        assert image.mean() < pixels.mean() - 0.1, mechanism
        if mechanism == "detector_saturation":                         # a burnt-out, flat dark area
            assert flat_dark_share(image) > flat_dark_share(pixels) + 0.1


@pytest.mark.parametrize("name", FILMS)
def test_lung_field_cutoff(name):
    pixels = film(name)
    for image, mechanism in draws(name, "lung_field_cutoff"):
        if mechanism == "collimator_blade":                            # white shadow from an edge
            assert image.shape == pixels.shape
            strips = (image[:3], image[-3:], image[:, :3], image[:, -3:])
            assert max((s >= 0.97).mean() for s in strips) > 0.5
            assert (image >= 0.97).mean() > 0.05
        else:                                                          # the detector ended early
            assert image.shape[0] < 0.97 * pixels.shape[0] or image.shape[1] < 0.97 * pixels.shape[1]


def test_cuts_reach_into_the_lungs_of_the_synthetic_chest():
    h, w = film("synthetic").shape
    box = ah._lung_box(film("synthetic"))
    lungs_rows = (0.12 * h, 0.78 * h)                                  # lung ellipses of the phantom
    lungs_cols = (0.13 * w, 0.87 * w)
    for side in ("top", "bottom"):
        for depth in ah.CUT_DEPTH_VERTICAL:
            assert lungs_rows[0] < ah._cut_position(box, side, depth) < lungs_rows[1]
    for side in ("left", "right"):
        for depth in ah.CUT_DEPTH_LATERAL + ah.CUT_DEPTH_BOTH_SIDES:
            assert lungs_cols[0] < ah._cut_position(box, side, depth) < lungs_cols[1]


@pytest.mark.parametrize("name", FILMS)
def test_collimation_centering_shrinks_or_moves_the_thorax(name):
    pixels = film(name)
    for image, mechanism in draws(name, "collimation_centering"):
        assert image.shape == pixels.shape
        assert np.corrcoef(image.ravel(), pixels.ravel())[0, 1] < 0.6, mechanism


@pytest.mark.parametrize("name", FILMS)
def test_motion_blur_loses_fine_structure(name):
    pixels = film(name)
    for image, mechanism in draws(name, "motion_blur"):
        assert lower_half_band_correlation(image, pixels) < 0.97, mechanism


@pytest.mark.parametrize("name", FILMS)
def test_foreign_object_adds_bright_attenuating_items(name):
    pixels = film(name)
    for image, mechanism in draws(name, "foreign_object"):
        assert int(((image - pixels) > 0.2).sum()) >= 20, mechanism


@pytest.mark.parametrize("name", FILMS)
def test_marker_annotation_marks_the_film(name):
    pixels = film(name)
    h, w = pixels.shape
    for image, mechanism in draws(name, "marker_annotation"):
        marked = np.abs(image - pixels) > 0.15
        assert int(marked.sum()) >= 30, mechanism
        rows, cols = np.nonzero(marked)
        if mechanism == "wrong_side_marker":                            # at a lateral edge
            assert abs(np.median(cols) / w - 0.5) > 0.25
        else:                                                          # over the chest, not a corner
            assert 0.05 < np.median(rows) / h < 0.95 and 0.05 < np.median(cols) / w < 0.95


def test_processing_alone_is_no_fault():
    """The shared modality processing, applied to an untouched film, keeps it close to itself -
    so the properties asserted above come from the faults, not from the processing."""
    for name in FILMS:
        pixels = ah._checked(film(name))
        field = ah._exposed_field(pixels)
        for seed in range(4):
            plain = ah._processed(ah._log_exposure(pixels), ah._Window(pixels, field),
                                  np.random.default_rng(seed), field)
            assert abs(plain.mean() - pixels.mean()) < 0.02
            assert np.corrcoef(plain.ravel(), pixels.ravel())[0, 1] > 0.98
            assert band_energy(plain) < 1.3 * band_energy(pixels)
            assert lower_half_band_correlation(plain, pixels) > 0.985
            assert int((np.abs(plain - pixels) > 0.15).sum()) < 20
