"""Exposure measured on the film (agents/cxr/exposure.py: film_box, film_exposure) on small synthetic chests."""

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.exposure import exposure_stats, film_box, film_exposure


def _chest(size=256, seed=0):
    """A crude frontal chest: textured soft tissue, two darker lungs with markings, a bright mediastinum.
    Returns (pixels, lung mask)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    texture = ndi.gaussian_filter(rng.normal(0, 1, (size, size)), 2.0)
    texture /= texture.std()
    lungs = (((x - 0.3) / 0.14) ** 2 + ((y - 0.45) / 0.28) ** 2 < 1) | (((x - 0.7) / 0.14) ** 2 + ((y - 0.45) / 0.28) ** 2 < 1)
    pixels = 0.62 + 0.04 * texture
    pixels[lungs] = 0.35 + 0.05 * texture[lungs]
    pixels += rng.normal(0, 0.01, pixels.shape)
    return np.clip(pixels, 0, 1).astype(np.float32), lungs


def _on_canvas(pixels, lungs, level=0.02, side=400, seed=1):
    """The film pasted into a flat (slightly noisy) canvas, off-centre; the lung mask moved with it."""
    rng = np.random.default_rng(seed)
    canvas = np.clip(level + rng.normal(0, 0.008, (side, side)), 0, 1).astype(np.float32)
    mask = np.zeros((side, side), bool)
    h, w = pixels.shape
    canvas[20 : 20 + h, 30 : 30 + w] = pixels
    mask[20 : 20 + h, 30 : 30 + w] = lungs
    return canvas, mask


def test_film_box_finds_the_film_on_a_noisy_canvas():
    pixels, lungs = _chest()
    canvas, _ = _on_canvas(pixels, lungs)
    y0, y1, x0, x1 = film_box(canvas)
    assert abs(y0 - 20) <= 8 and abs(y1 - 276) <= 8
    assert abs(x0 - 30) <= 8 and abs(x1 - 286) <= 8


def test_film_box_ignores_a_step_between_canvas_bands():
    pixels, lungs = _chest()
    canvas, _ = _on_canvas(pixels, lungs)
    canvas[340:, :] = 0.6  # a flat grey band below the dark canvas: one step edge, no film
    y0, y1, _, _ = film_box(canvas)
    assert y1 <= 290


def test_film_box_of_a_full_film_is_the_whole_image():
    pixels, _ = _chest()
    y0, y1, x0, x1 = film_box(pixels)
    assert y0 <= 4 and x0 <= 4 and y1 >= pixels.shape[0] - 8 and x1 >= pixels.shape[1] - 8


def test_canvas_does_not_make_the_film_look_burnt_out():
    pixels, lungs = _chest()
    alone = film_exposure(pixels, lungs, 0.01)
    # On a black canvas and with the lung mask lost (as on many shrunk films): still the film's levels.
    canvas, _ = _on_canvas(pixels, lungs)
    lost = film_exposure(canvas, np.zeros(canvas.shape, bool), 0.01)
    assert abs(lost["film_lung_level"] - alone["film_lung_level"]) < 0.08
    assert abs(lost["film_median"] - alone["film_median"]) < 0.05
    assert lost["lung_at_floor"] < 0.05
    # The whole-image median the old features used does fall onto the canvas.
    assert float(np.median(canvas)) < 0.2


def test_a_lung_mask_that_swallowed_the_canvas_is_not_trusted():
    pixels, lungs = _chest()
    canvas, _ = _on_canvas(pixels, lungs)
    # A mask covering (almost) everything inside the film box is not lungs.
    assert film_exposure(canvas, np.ones(canvas.shape, bool), 0.01)["film_lung_level"] > 0.2


def test_burnt_out_lungs_sit_at_the_floor():
    pixels, lungs = _chest()
    normal = film_exposure(pixels, lungs, 0.01)
    burnt = pixels.copy()
    burnt[lungs] = np.minimum(burnt[lungs], 0.38) - 0.33  # the darker part of the lungs clipped flat
    burnt = np.clip(burnt, 0.05, 1)  # saturation at a grey floor, not at black
    over = film_exposure(burnt, lungs, 0.01)
    assert normal["lung_at_floor"] < 0.05
    assert over["lung_at_floor"] > 0.5
    assert over["film_lung_level"] < normal["film_lung_level"] - 0.2


def test_white_saturated_centre_counts_as_dense_white():
    pixels, lungs = _chest()
    washed = np.clip((pixels - 0.1) / 0.5, 0, 1)  # window lowered: the mediastinum clips to white
    assert film_exposure(pixels, lungs)["dense_white"] == 0.0
    assert film_exposure(washed, lungs)["dense_white"] > 0.2
    assert "film_noise" not in film_exposure(pixels, lungs)


def test_film_noise_is_relative_to_the_film_not_the_canvas():
    pixels, lungs = _chest()
    canvas, mask = _on_canvas(pixels, lungs, level=0.0)
    a = film_exposure(pixels, lungs, 0.02)["film_noise"]
    b = film_exposure(canvas, mask, 0.02)["film_noise"]
    assert abs(a - b) < 0.2 * a
    flat = 0.5 + 0.3 * (pixels - 0.5)  # contrast compressed: the same noise weighs more
    assert film_exposure(flat.astype(np.float32), lungs, 0.02)["film_noise"] > 2 * a


def test_exposure_stats_carries_the_film_features():
    pixels, lungs = _chest()
    stats = exposure_stats(pixels, lungs)
    for name in ("film_lung_level", "lung_at_floor", "film_median", "dense_white", "film_noise", "noise", "dense_noise_ratio"):
        assert name in stats
