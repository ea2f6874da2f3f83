"""Field measurements (agents/cxr/cutoff.py): featureless margins of any grey level, the field's size
and offset, the chest's symmetry axis."""

import numpy as np

from radqc.agents.cxr.cutoff import field_box, field_edges, flat_mask, _quarter


def _textured(shape, seed=0):
    rng = np.random.default_rng(seed)
    from scipy import ndimage as ndi

    return np.clip(0.5 + ndi.gaussian_filter(rng.normal(0, 0.25, shape), 3), 0, 1).astype(np.float32)


def test_full_textured_image_is_all_field():
    features = field_edges(_textured((420, 512)))
    assert features["field_fraction"] > 0.95
    assert features["field_offset"] < 0.02


def test_film_on_grey_canvas_off_centre():
    rng = np.random.default_rng(1)
    image = (0.4 + rng.normal(0, 0.012, (420, 512))).astype(np.float32)  # grey canvas with noise
    image[100:420, 200:512] = _textured((320, 312))  # film in the bottom-right part
    features = field_edges(image)
    assert abs(features["field_fraction"] - (320 * 312) / (420 * 512)) < 0.06
    # Centre at (356/512, 260/420): offset from the image centre about 0.21.
    assert 0.15 < features["field_offset"] < 0.27


def test_dark_canvas_centred_is_small_but_centred():
    image = np.full((420, 512), 0.03, np.float32)
    image[105:315, 128:384] = _textured((210, 256), seed=2)
    features = field_edges(image)
    assert features["field_fraction"] < 0.35
    assert features["field_offset"] < 0.03


def test_tilted_white_shutter_band_ends_field_at_its_middle():
    image = _textured((420, 512), seed=3)
    yy, xx = np.mgrid[0:420, 0:512]
    band = yy < 120 + 0.1 * (xx - 256)  # oblique edge, 120 rows deep in the middle
    image[band] = 0.9
    small = _quarter(image)
    x0, y0, x1, y1 = field_box(flat_mask(small))
    scale = 420 / small.shape[0]
    assert abs(y0 * scale - 120) < 20
    assert x0 == 0 and x1 == small.shape[1] and y1 == small.shape[0]


def test_margin_whose_brightness_drifts_is_still_outside_the_field():
    """Exposed detector is never uniform (heel effect, scatter from the body): a margin that brightens
    steadily across the image is as featureless as a flat one."""
    rng = np.random.default_rng(4)
    ramp = np.linspace(0.05, 0.95, 512, dtype=np.float32)[None, :].repeat(420, axis=0)
    image = ramp + rng.normal(0, 0.01, (420, 512)).astype(np.float32)
    image[105:315, 128:384] = _textured((210, 256), seed=5)
    features = field_edges(image)
    assert abs(features["field_fraction"] - (210 * 256) / (420 * 512)) < 0.06
    assert features["field_offset"] < 0.03
