"""Classical lung-field segmentation: dark, large regions either side of the midline.

Thresholds, morphology and connected components only, so it runs anywhere in milliseconds. It is a
rough mask: it finds the aerated lung well on ordinary films, misses consolidated (white) lung, and can
include outside air when the body edge is thin. Checks built on it therefore use coarse properties
(extent, where it touches the border, left/right balance), never its exact outline.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.masks import fill_holes

MIN_LUNG_AREA = 0.015  # of the image: smaller dark regions are bowel gas, trachea or noise


def otsu_threshold(values: np.ndarray, bins: int = 128) -> float:
    histogram, edges = np.histogram(values, bins=bins, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(histogram)
    weight_high = weight_low[-1] - weight_low
    mean_low = np.cumsum(histogram * centres) / np.maximum(weight_low, 1)
    mean_high = (np.sum(histogram * centres) - np.cumsum(histogram * centres)) / np.maximum(weight_high, 1)
    between = weight_low * weight_high * (mean_low - mean_high) ** 2
    return float(edges[int(np.argmax(between)) + 1])  # values below it form the darker class


def lung_mask(pixels: np.ndarray, background: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the (aerated) lung fields of a frontal radiograph with air dark; BACKGROUND
    (directly exposed area outside the body) is never lung."""
    height, width = pixels.shape
    smooth = ndi.gaussian_filter(pixels, sigma=max(1.0, width / 256))
    centre = smooth[height // 10 : height * 9 // 10, width // 10 : width * 9 // 10]
    # The threshold between lung and soft tissue is taken in the central region, where little outside
    # air or collimator shadow disturbs the histogram.
    dark = smooth < otsu_threshold(centre.ravel())
    if background is not None:
        dark &= ~background
    radius = max(1, width // 100)
    # Opening with a square (separable min then max filter): cuts thin bridges to outside air.
    size = 2 * radius + 1
    dark = ndi.maximum_filter(ndi.minimum_filter(dark.astype(np.uint8), size=size), size=size).astype(bool)
    labels, count = ndi.label(dark)
    if count == 0:
        return np.zeros_like(pixels, dtype=bool)
    areas = ndi.sum(np.ones_like(labels), labels, index=np.arange(1, count + 1))
    centroids = ndi.center_of_mass(np.ones_like(labels), labels, index=np.arange(1, count + 1))
    keep = [
        index + 1
        for index in np.argsort(areas)[::-1][:3]
        if areas[index] >= MIN_LUNG_AREA * pixels.size
        and 0.1 * width < centroids[index][1] < 0.9 * width
        and centroids[index][0] < 0.8 * height
    ][:2]
    mask = np.isin(labels, keep)
    return fill_holes(mask)

