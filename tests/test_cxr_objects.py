"""object_evidence: contrast-free evidence of a compact foreign object (objects.py)."""

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.objects import EVIDENCE_NAMES, compact_objects, object_evidence, object_tophat


def _film(seed: int = 0, shape=(256, 256), low: float = 0.2, high: float = 0.7) -> np.ndarray:
    """Smooth anatomy-like texture between LOW and HIGH."""
    rng = np.random.default_rng(seed)
    texture = ndi.gaussian_filter(rng.random(shape), 16)  # anatomy broader than the top-hat
    texture = (texture - texture.min()) / (texture.max() - texture.min())
    return (low + (high - low) * texture).astype(np.float32)


def _disc(image: np.ndarray, cy: int, cx: int, radius: float, level: float, hole: float = 0.0) -> np.ndarray:
    yy, xx = np.mgrid[0 : image.shape[0], 0 : image.shape[1]]
    distance = np.hypot(yy - cy, xx - cx)
    out = image.copy()
    out[(distance <= radius) & (distance >= hole)] = level
    return out


def _evidence(image: np.ndarray, **kwargs) -> dict:
    return object_evidence(image, np.ones(image.shape, bool), object_tophat(image), **kwargs)


def test_a_clean_film_has_little_evidence_and_all_names_are_reported():
    evidence = _evidence(_film())
    assert set(evidence) == set(EVIDENCE_NAMES)
    assert evidence["object_step"] < 0.5


def test_a_metal_coin_is_a_sharp_step_denser_than_bone():
    film = _film()
    coin = _disc(film, 120, 130, 10, 1.0)
    evidence = _evidence(coin)
    assert evidence["object_step"] > 0.8
    assert evidence["object_sharpness"] > 0.3
    assert evidence["object_density"] > 0.2
    assert evidence["object_step"] > _evidence(film)["object_step"] + 0.4


def test_a_blurred_blob_of_the_same_height_is_less_sharp():
    film = _film()
    coin = _disc(film, 120, 130, 10, 1.0)
    soft = film + ndi.gaussian_filter(coin - film, 4.0)
    assert _evidence(soft)["object_sharpness"] < _evidence(coin)["object_sharpness"] - 0.1


def test_the_step_does_not_depend_on_the_films_contrast():
    coin = _disc(_film(), 120, 130, 10, 0.95)
    squashed = 0.3 + 0.5 * coin  # the same film, half the contrast (a display curve, an exposure fault)
    a, b = _evidence(coin), _evidence(squashed)
    assert abs(a["object_step"] - b["object_step"]) < 0.1
    assert abs(a["object_sharpness"] - b["object_sharpness"]) < 0.1


def test_a_button_with_holes_and_a_ring_count_whole():
    film = _film(1)
    ring = _disc(film, 100, 100, 12, 1.0, hole=8)
    assert _evidence(ring)["object_step"] > 0.8


def test_thin_leads_are_not_objects():
    film = _film(2)
    wired = film.copy()
    wired[60:62, 20:240] = 1.0  # a straight lead, 2 px wide
    rows = (128 + 60 * np.sin(np.linspace(0, 3, 220))).astype(int)
    wired[rows, np.arange(20, 240)] = 1.0  # a curving one
    assert _evidence(wired)["object_step"] < _evidence(_disc(film, 128, 128, 9, 1.0))["object_step"] - 0.4


def test_objects_off_the_chest_and_in_text_boxes_are_ignored():
    film = _film(3)
    marker = _disc(film, 20, 20, 8, 1.0)  # where side markers and labels sit
    chest = (60, 60, 200, 240)
    assert _evidence(marker, chest=chest)["object_step"] < _evidence(marker)["object_step"] - 0.4
    assert _evidence(marker, exclude=[(10, 10, 30, 30)])["object_step"] < _evidence(marker)["object_step"] - 0.4
    over = _disc(film, 130, 130, 8, 1.0)
    assert _evidence(over, chest=chest)["object_step"] > 0.8


def test_a_shared_tophat_gives_the_same_objects():
    coin = _disc(_film(), 120, 130, 10, 1.0)
    region = np.ones(coin.shape, bool)
    assert compact_objects(coin, region) == compact_objects(coin, region, tophat=object_tophat(coin))
    assert object_evidence(coin, region) == object_evidence(coin, region, object_tophat(coin))
