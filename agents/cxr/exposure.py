"""Exposure statistics of the processed image: brightness, clipping and noise.

A digital radiograph is re-scaled by its processing, so exposure faults show less as overall brightness
than as their side effects: an under-exposed film is noisy and flat (lung and mediastinum close together),
an over-exposed one burns the lungs out (many pixels clipped to black, faint lung markings).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

CLIP_LOW, CLIP_HIGH = 0.02, 0.98


# Immerkaer's noise mask: it cancels smooth (up to quadratic) anatomy and leaves white noise with a
# standard deviation of 6 sigma.
NOISE_MASK = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)


def noise_sigma(pixels: np.ndarray, region: np.ndarray | None = None, residual: np.ndarray | None = None) -> float:
    """Robust noise level (Immerkaer 1996, with a median instead of a mean so edges do not count).
    RESIDUAL: the image's noise residual when already computed (`noise_residual`)."""
    residual = noise_residual(pixels) if residual is None else residual
    values = residual[region] if region is not None and region.sum() > 100 else residual
    return float(1.4826 * np.median(np.abs(values)) / 6.0)


def noise_residual(pixels: np.ndarray) -> np.ndarray:
    return ndi.convolve(pixels, NOISE_MASK, mode="nearest")


def exposure_stats(pixels: np.ndarray, lungs: np.ndarray) -> dict:
    p01, p05, p50, p95, p99 = np.percentile(pixels, [1, 5, 50, 95, 99])
    lung_values = pixels[lungs] if lungs.sum() > 100 else pixels[pixels <= p50]
    height, width = pixels.shape
    mediastinum = pixels[height // 3 : height * 3 // 4, width * 9 // 20 : width * 11 // 20]
    lung_level = float(np.median(lung_values))
    return {
        "median": round(float(p50), 4),
        "p01": round(float(p01), 4),
        "p99": round(float(p99), 4),
        "dynamic_range": round(float(p95 - p05), 4),
        "clipped_dark": round(float((pixels <= CLIP_LOW).mean()), 4),
        "clipped_bright": round(float((pixels >= CLIP_HIGH).mean()), 4),
        "lung_level": round(lung_level, 4),
        # Contrast between the mediastinum/spine and the lungs: small when under-penetrated and flat.
        "mediastinum_contrast": round(float(np.median(mediastinum)) - lung_level, 4),
        **exposure_physics(pixels, lungs, float(p99 - p01), noise_residual(pixels)),
    }


def exposure_physics(pixels: np.ndarray, lungs: np.ndarray, spread: float, residual: np.ndarray | None = None) -> dict:
    """Signs of the dose that do not depend on how the image was windowed afterwards.

    Quantum noise relative to the image's contrast rises as the dose falls (`relative_noise`); after
    the log of the detector signal, it is larger behind dense tissue (fewer photons) than in the lungs,
    the more so the fewer photons there were (`dense_noise_ratio`). Over-exposure saturates the
    detector behind the lungs: a flat floor of identical darkest values (`lung_floor`)."""
    height, width = pixels.shape
    dense = np.zeros_like(lungs)
    dense[height // 3 : height * 3 // 4, width * 2 // 5 : width * 3 // 5] = True
    residual = noise_residual(pixels) if residual is None else residual
    lung_noise = noise_sigma(pixels, lungs, residual)
    floor = float(np.percentile(pixels, 0.1))
    lung_values = pixels[lungs] if lungs.sum() > 100 else pixels
    return {
        "noise": round(lung_noise, 5),
        "relative_noise": round(lung_noise / max(spread, 0.05), 5),
        "dense_noise_ratio": round(noise_sigma(pixels, dense, residual) / max(lung_noise, 1e-4), 4),
        "lung_floor": round(float((lung_values <= floor + 0.03).mean()), 4),
    }
