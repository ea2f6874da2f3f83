"""Measurements the simulator tests share to check that a fault did what its name says."""

import numpy as np
from scipy import ndimage as ndi


def central_thorax(image: np.ndarray) -> np.ndarray:
    """The middle 60 % of IMAGE in both directions: chest, not margins."""
    height, width = image.shape
    return image[int(0.2 * height) : int(0.8 * height), int(0.2 * width) : int(0.8 * width)]


def fine_noise(image: np.ndarray) -> float:
    """Standard deviation of what a 2-px Gaussian smooths away: grain, not anatomy."""
    return float(np.std(image - ndi.gaussian_filter(image, 2)))


def changed_pixels(image: np.ndarray, before: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) where IMAGE departs from BEFORE by more than STEP: where a fault drew something."""
    return np.nonzero(np.abs(image - before) > step)


def underexposed_look(image: np.ndarray, before: np.ndarray, noise_factor: float, lift: float) -> bool:
    """Whether IMAGE shows under-exposure against BEFORE: its grain grew by NOISE_FACTOR, or the
    aerated lungs (the thorax's 20th percentile) were lifted by LIFT, as auto-windowing a film washed
    out by too few photons does."""
    lungs_lifted = np.percentile(central_thorax(image), 20) > np.percentile(central_thorax(before), 20) + lift
    return fine_noise(image) > noise_factor * fine_noise(before) or bool(lungs_lifted)
