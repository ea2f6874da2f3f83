"""How good the lung masks are, against lung fields outlined by hand on real films (data/cxr/lungs/test:
18 films of test patients, mostly severe COVID-19 bedside films; see its CARD)."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from radqc.agents.cxr.features import WORKING_SIDE, _half
from radqc.agents.cxr.field import background_mask
from radqc.agents.cxr.image_io import load_radiograph
from radqc.agents.cxr.lungs import lung_mask

OUTLINED = Path(__file__).resolve().parents[1] / "data" / "cxr" / "lungs" / "test"


def _dice(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float(2 * (predicted & truth).sum() / max(1, predicted.sum() + truth.sum()))


@pytest.fixture(scope="module")
def dice_per_film() -> dict[str, float]:
    scores = {}
    for image_file in sorted(OUTLINED.glob("images/*.jpg")):
        half = _half(np.asarray(load_radiograph(image_file, max_side=WORKING_SIDE).pixels, dtype=np.float32))
        outline = Image.open(OUTLINED / "masks" / f"{image_file.stem}.png").convert("L")
        truth = np.asarray(outline.resize(half.shape[::-1], Image.Resampling.NEAREST)) > 127
        scores[image_file.stem] = _dice(lung_mask(half, background_mask(half)), truth)
    return scores


def test_lung_masks_overlap_the_outlined_lungs(dice_per_film):
    """Measured 0.757 mean Dice (lowest film 0.32): a rough mask, as lungs.py says, which the checks
    built on it may only use coarsely. The bound catches a segmentation that got worse."""
    assert len(dice_per_film) == 18
    assert np.mean(list(dice_per_film.values())) > 0.72


def test_no_outlined_film_loses_its_lungs_entirely(dice_per_film):
    assert min(dice_per_film.values()) > 0.25
