"""The third fault simulator (agents/cxr/augment_c.py): every fault does what its name means."""

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.augment_c import DISPLAY_FAULTS, simulate, wrong_display

from image_checks import central_thorax, changed_pixels, fine_noise

SEEDS = range(12)


def test_underexposure_adds_noise_or_washes_the_film_out(chest):
    for seed in SEEDS:
        out = simulate(chest, "underexposure", np.random.default_rng(seed))
        noisier = fine_noise(out) > 2.0 * fine_noise(chest)
        brighter = np.percentile(central_thorax(out), 20) > np.percentile(central_thorax(chest), 20) + 0.08
        assert noisier or brighter, seed


def test_overexposure_darkens_the_lungs_and_often_burns_them_out(chest):
    lung = np.percentile(central_thorax(chest), 20)
    burnt = 0
    for seed in range(30):
        out = simulate(chest, "overexposure", np.random.default_rng(seed))
        assert np.percentile(central_thorax(out), 20) < min(lung - 0.05, 0.6 * lung), seed
        burnt += (central_thorax(out) < 0.03).mean() > 0.1
    assert burnt >= 6  # the severe end clips the aerated lung to black


def test_lung_field_cutoff_loses_part_of_the_field():
    ramp = np.add.outer(np.linspace(0.1, 0.5, 400), np.linspace(0.0, 0.4, 512)).astype(np.float32)
    for seed in range(30):
        out = simulate(ramp, "lung_field_cutoff", np.random.default_rng(seed))
        if out.shape != ramp.shape:  # a crop kept small
            assert out.size < 0.85 * ramp.size
            continue
        assert np.abs(out - ramp).mean() > 0.03, seed  # reframed (zoom, stretched crop) or a shutter band


def test_collimation_centering_adds_featureless_background():
    texture = np.random.default_rng(99).uniform(0.3, 0.7, (420, 512)).astype(np.float32)
    texture = ndi.gaussian_filter(texture, 0.7)
    for seed in range(30):
        out = simulate(texture, "collimation_centering", np.random.default_rng(seed))
        local_sd = np.sqrt(np.maximum(ndi.uniform_filter(out**2, 5) - ndi.uniform_filter(out, 5) ** 2, 0))
        assert (local_sd < 0.03).mean() > 0.12, seed


def test_motion_blur_removes_anatomical_detail(chest):
    """Measured above the grain's scale: half the blurred films get unblurred detector noise back."""
    def detail(image):
        return float(np.mean(ndi.laplace(ndi.gaussian_filter(image, 2.0)) ** 2))

    kept = [detail(simulate(chest, "motion_blur", np.random.default_rng(seed))) / detail(chest) for seed in range(20)]
    assert max(kept) < 0.95 and np.median(kept) < 0.6


def test_foreign_objects_are_compact_bright_blobs_not_lines(chest):
    height, width = chest.shape
    for seed in range(40):
        out = simulate(chest, "foreign_object", np.random.default_rng(seed))
        diff = out - chest
        changed = np.abs(diff) > 0.08
        assert changed.sum() >= 10, seed
        assert diff[changed].mean() > 0, seed  # radiopaque: brighter
        labels, count = ndi.label(ndi.binary_dilation(changed, iterations=3))
        for box in ndi.find_objects(labels):
            long, short = sorted((box[0].stop - box[0].start, box[1].stop - box[1].start), reverse=True)
            assert long <= 0.28 * width, seed  # at most about 10 cm
            assert long <= 6 * short, seed  # not a thin wire


def test_annotations_are_high_contrast_and_over_the_chest(chest):
    height, width = chest.shape
    for seed in range(30):
        out = simulate(chest, "marker_annotation", np.random.default_rng(seed))
        ys, xs = changed_pixels(out, chest, 0.3)
        assert ys.size >= 20, seed
        assert 0.1 * width < xs.mean() < 0.9 * width and 0.15 * height < ys.mean() < 0.8 * height, seed


def test_wrong_display_names_its_transformation(chest):
    names = set()
    for seed in range(40):
        out, name = wrong_display(chest, np.random.default_rng(seed))
        names.add(name)
        exact = DISPLAY_FAULTS[name](chest)
        assert out.shape == exact.shape and out.dtype == np.float32
        assert np.corrcoef(out.ravel(), exact.ravel())[0, 1] > 0.98, name
    assert "mirrored" in names and len(names) >= 5
