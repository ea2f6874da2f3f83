"""The fourth fault simulator (agents/cxr/augment_d.py): every fault does what its name means."""

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr import augment_d
from radqc.agents.cxr.augment import DISPLAY_FAULTS
from radqc.agents.cxr.augment_d import simulate, wrong_display

from image_checks import central_thorax, changed_pixels, fine_noise


def test_underexposure_adds_noise_washes_out_or_burns_the_mediastinum_white(chest):
    for seed in range(20):
        out = simulate(chest, "underexposure", np.random.default_rng(seed))
        noisier = fine_noise(out) > 2.0 * fine_noise(chest)
        brighter = np.percentile(central_thorax(out), 20) > np.percentile(central_thorax(chest), 20) + 0.08
        burnt_white = (central_thorax(out) > 0.97).mean() > (central_thorax(chest) > 0.97).mean() + 0.1
        assert noisier or brighter or burnt_white, seed


def test_overexposure_darkens_the_lungs_and_flattens_them(chest):
    lung = np.percentile(central_thorax(chest), 20)
    flat = 0
    for seed in range(30):
        out = simulate(chest, "overexposure", np.random.default_rng(seed))
        assert np.percentile(central_thorax(out), 20) < lung - 0.08, seed
        darkest = central_thorax(out) <= np.percentile(central_thorax(out), 10)
        flat += np.std(central_thorax(out)[darkest]) < 0.5 * np.std(central_thorax(chest)[central_thorax(chest) <= np.percentile(central_thorax(chest), 10)])
    assert flat >= 10  # detector saturation: the aerated lung loses its texture


def test_lung_field_cutoff_moves_or_hides_part_of_the_field():
    ramp = np.add.outer(np.linspace(0.1, 0.5, 400), np.linspace(0.0, 0.4, 512)).astype(np.float32)
    for seed in range(30):
        out = simulate(ramp, "lung_field_cutoff", np.random.default_rng(seed))
        assert out.shape == ramp.shape  # the detector keeps its size
        assert np.abs(out - ramp).mean() > 0.03, seed


def test_collimation_centering_puts_the_thorax_off_centre_or_in_a_wider_field(chest):
    for seed in range(30):
        out = simulate(chest, "collimation_centering", np.random.default_rng(seed))
        assert out.shape == chest.shape
        # the thorax is shrunk: the film's own detail (fine edges) fills a smaller share of the frame
        def detail(a):
            return np.abs(a - ndi.gaussian_filter(a, 1.5)) > 0.02
        ys, xs = np.nonzero(detail(out))
        ys0, xs0 = np.nonzero(detail(chest))
        shifted = abs(ys.mean() - ys0.mean()) > 0.05 * chest.shape[0] or abs(xs.mean() - xs0.mean()) > 0.05 * chest.shape[1]
        smaller = detail(out).mean() < 0.8 * detail(chest).mean()
        assert shifted or smaller, seed


def test_motion_blur_removes_detail_but_not_everywhere(chest):
    def detail(image):
        return float(np.mean(ndi.laplace(ndi.gaussian_filter(image, 1.0)) ** 2))

    kept = [detail(simulate(chest, "motion_blur", np.random.default_rng(seed))) / detail(chest) for seed in range(20)]
    assert max(kept) < 0.9 and np.median(kept) < 0.6
    # the organ kind leaves the apices (top rows) sharp while the base is smeared
    out = augment_d.motion_blur(chest, np.random.default_rng(0), kind="organs")
    h = chest.shape[0]
    top, base = slice(int(0.05 * h), int(0.3 * h)), slice(int(0.7 * h), int(0.95 * h))
    assert detail(out[top]) / detail(chest[top]) > 1.5 * detail(out[base]) / detail(chest[base])


def test_foreign_objects_are_compact_radiopaque_and_not_wires(chest):
    width = chest.shape[1]
    for seed in range(40):
        out = simulate(chest, "foreign_object", np.random.default_rng(seed))
        diff = out - chest
        changed = np.abs(diff) > 0.08
        assert changed.sum() >= 10, seed
        assert diff[changed].mean() > 0, seed
        labels, count = ndi.label(ndi.binary_dilation(changed, iterations=3))
        for box in ndi.find_objects(labels):
            long, short = sorted((box[0].stop - box[0].start, box[1].stop - box[1].start), reverse=True)
            assert long <= 0.28 * width, seed
            assert long <= 6 * short, seed


def test_annotations_are_visible_and_over_the_chest(chest):
    height, width = chest.shape
    for seed in range(30):
        out = simulate(chest, "marker_annotation", np.random.default_rng(seed))
        ys, xs = changed_pixels(out, chest, 0.2)
        assert ys.size >= 20, seed
        assert 0.1 * width < np.median(xs) < 0.9 * width and 0.15 * height < np.median(ys) < 0.85 * height, seed


def test_wrong_display_names_its_transformation_and_mirrored_is_a_pure_mirror(chest):
    names = set()
    for seed in range(60):
        out, name = wrong_display(chest, np.random.default_rng(seed))
        names.add(name)
        assert name in DISPLAY_FAULTS and out.dtype == np.float32
        exact = DISPLAY_FAULTS[name](chest)
        if name == "mirrored":
            assert np.array_equal(out, np.fliplr(chest))
        elif out.shape == exact.shape:
            assert np.corrcoef(out.ravel(), exact.ravel())[0, 1] > 0.9, name
        else:  # a turn letterboxed into the original frame
            assert name in ("rotated_90", "rotated_270") and out.shape == chest.shape
    assert "mirrored" in names and len(names) >= 6
