"""Fast mask and resampling operations the measurements share (scipy's generic ones iterate; these do not)."""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """MASK with every enclosed hole filled: the same result as `ndi.binary_fill_holes`, in one
    labelling pass instead of an iterated dilation (several times faster on a 512-px image)."""
    outside, count = ndi.label(~mask)
    # A lookup by label: a background component is kept unless it reaches the border.
    filled = np.ones(count + 1, dtype=bool)
    filled[np.concatenate([outside[0], outside[-1], outside[:, 0], outside[:, -1]])] = False
    filled[0] = True
    return filled[outside]


# Coarse anatomy (lung fields, the exposed field) is found at about this many pixels on the long side.
COARSE_SIDE = 128


def coarse_factor(shape: tuple[int, ...], side: int = COARSE_SIDE) -> int:
    """The `block_mean` factor that brings SHAPE to about SIDE pixels on its long side."""
    return max(1, int(round(max(shape) / side)))


def block_mean(image: np.ndarray, factor: int) -> np.ndarray:
    """IMAGE shrunk by FACTOR, each pixel the mean of a FACTOR x FACTOR block (a ragged last row or
    column is dropped): the cheapest anti-aliased downsampling."""
    height, width = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    blocks = image[:height, :width].reshape(height // factor, factor, width // factor, factor)
    return blocks.mean(axis=(1, 3)).astype(np.float32)


def repeat_to(mask: np.ndarray, factor: int, shape: tuple[int, int]) -> np.ndarray:
    """A mask found on a `block_mean` copy, back at SHAPE (the ragged edge repeats its neighbour)."""
    full = np.repeat(np.repeat(mask, factor, axis=0), factor, axis=1)[: shape[0], : shape[1]]
    return np.pad(full, ((0, shape[0] - full.shape[0]), (0, shape[1] - full.shape[1])), mode="edge")
