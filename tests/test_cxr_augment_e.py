"""The fifth fault simulator (agents/cxr/augment_e.py): every fault does what its name means."""

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.augment_e import simulate, wrong_display

from image_checks import central_thorax, underexposed_look

SEEDS = range(12)


def test_underexposure_adds_noise_or_washes_the_film_out(chest):
    for seed in SEEDS:
        assert underexposed_look(simulate(chest, "underexposure", np.random.default_rng(seed)), chest, 1.5, 0.05), seed


def test_overexposure_darkens_the_lungs(chest):
    lung = np.percentile(central_thorax(chest), 20)
    for seed in range(20):
        out = simulate(chest, "overexposure", np.random.default_rng(seed))
        assert np.percentile(central_thorax(out), 20) < lung - 0.05, seed


def test_lung_field_cutoff_crops_or_reframes_the_film(chest):
    for seed in range(20):
        out = simulate(chest, "lung_field_cutoff", np.random.default_rng(seed))
        if out.shape != chest.shape:  # a crop kept small
            assert out.size < 0.95 * chest.size, seed
            continue
        assert np.abs(out - chest).mean() > 0.01, seed  # enlarged back, shifted or a corner cut


def test_collimation_centering_draws_the_thorax_smaller_or_off_centre(chest):
    """The thorax's detail (above the grain's scale) moves away from where it was or shrinks."""
    def detail(image):
        return np.abs(ndi.laplace(ndi.gaussian_filter(image, 2.0)))

    for seed in range(20):
        out = simulate(chest, "collimation_centering", np.random.default_rng(seed))
        assert out.shape == chest.shape, seed
        assert np.corrcoef(detail(out).ravel(), detail(chest).ravel())[0, 1] < 0.5, seed


def test_motion_blur_removes_anatomical_detail(chest):
    def detail(image):
        return float(np.mean(ndi.laplace(ndi.gaussian_filter(image, 2.0)) ** 2))

    kept = [detail(simulate(chest, "motion_blur", np.random.default_rng(seed))) / detail(chest) for seed in range(20)]
    assert max(kept) < 0.97 and np.median(kept) < 0.8


def test_foreign_objects_are_brighter_than_what_they_cover(chest):
    for seed in range(20):
        out = simulate(chest, "foreign_object", np.random.default_rng(seed))
        diff = out - chest
        changed = np.abs(diff) > 0.08
        assert changed.sum() >= 10, seed
        assert diff[changed].mean() > 0, seed  # radiopaque


def test_a_mirrored_display_is_an_exact_flip_and_other_kinds_occur(chest):
    kinds = set()
    for seed in range(40):
        out, kind = wrong_display(chest, np.random.default_rng(seed))
        kinds.add(kind)
        if kind == "mirrored":
            assert np.array_equal(out, chest[:, ::-1])
    assert "mirrored" in kinds and len(kinds) >= 5
