"""Fast binary-mask operations the measurements share (scipy's generic ones iterate; these do not)."""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """MASK with every enclosed hole filled: the same result as `ndi.binary_fill_holes`, in one
    labelling pass instead of an iterated dilation (several times faster on a 512-px image)."""
    outside, _ = ndi.label(~mask)
    border = np.unique(np.concatenate([outside[0], outside[-1], outside[:, 0], outside[:, -1]]))
    return ~np.isin(outside, border[border > 0])

