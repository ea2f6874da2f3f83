"""Which plain faults does the radiograph auditor see? Recall of three criteria on faults made the
simplest way, without any of radqc's simulators.

The decisions are fitted on faults from simulators with their own habits; a fault drawn by someone
else may be milder or plainer. This draws three plain kinds on the 56 MHH renditions in
`data/cxr/lungs` (real films nothing is fitted on), measures them and decides with the shipped model at
its decision point (confidence 0.5, no workflow, no past cases):

- marker_annotation: a label in Pillow's default font, 2.5-5 % of the width tall, centred on a random
  lung pixel, in white, black or a grey 0.35 above the lungs' median, by the label's length;
- collimation_centering: the film shrunk onto a black or mid-grey canvas (a field wider than the
  thorax), or shifted sideways or up/down with the vacated band filled (an off-centre thorax);
- lung_field_cutoff: a strip cut off one side (the image gets smaller), scored only where the strip
  holds at least 2 % of the lungs as outlined by hand (`masks/`): only those are cut-off faults.

The untouched renditions give each criterion's false-alarm rate. Dev data only.

Run: .venv/bin/python benchmarks/bench_cxr_plain_faults.py   (about 3 minutes on 2 cores)
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
from bench_cxr_fault_kinds import RENDITIONS, films
from PIL import Image, ImageDraw, ImageFont

LABELS = {
    "1 letter": ("L", "R"),
    "2 letters": ("AP", "PA"),
    "3-4 characters": ("ICU", "INSP", "EXP"),
    "5 or more": ("PORTABLE", "SUPINE", "14:32"),
}
INKS = ("white", "black", "grey")
FILLS = ("black", "grey")
SIDES = ("top", "bottom", "left", "right")


def labelled(pixels: np.ndarray, lungs: np.ndarray, text: str, ink: str, rng: np.random.Generator) -> np.ndarray:
    """PIXELS with TEXT drawn in INK, centred on a random pixel of LUNGS."""
    image = Image.fromarray(np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8))
    font = ImageFont.load_default(size=max(8, int(image.width * rng.uniform(0.025, 0.05))))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    rows, cols = np.nonzero(lungs)
    at = rng.integers(len(rows))
    level = {"white": 255, "black": 0, "grey": int(255 * min(1.0, float(np.median(pixels[lungs])) + 0.35))}[ink]
    draw.text((cols[at] - (right - left) / 2 - left, rows[at] - (bottom - top) / 2 - top), text, fill=level, font=font)
    return np.asarray(image, np.float32) / 255


def _canvas(pixels: np.ndarray, fill: str) -> np.ndarray:
    return np.full(pixels.shape, 0.0 if fill == "black" else float(np.median(pixels)), np.float32)


def shrunk(pixels: np.ndarray, scale: float, fill: str) -> np.ndarray:
    """PIXELS shrunk by SCALE, centred on a canvas of the original size."""
    height, width = pixels.shape
    small = np.asarray(Image.fromarray(pixels).resize((round(width * scale), round(height * scale)), Image.Resampling.BILINEAR))
    out = _canvas(pixels, fill)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    out[top : top + small.shape[0], left : left + small.shape[1]] = small
    return out


def shifted(pixels: np.ndarray, dy: float, dx: float, fill: str) -> np.ndarray:
    """PIXELS moved by DY, DX (fractions of the height and width), the vacated band filled."""
    height, width = pixels.shape
    sy, sx = round(dy * height), round(dx * width)
    out = _canvas(pixels, fill)
    source = pixels[max(0, -sy) : height - max(0, sy), max(0, -sx) : width - max(0, sx)]
    out[max(0, sy) : max(0, sy) + source.shape[0], max(0, sx) : max(0, sx) + source.shape[1]] = source
    return out


def cropped(pixels: np.ndarray, side: str, share: float) -> np.ndarray:
    """PIXELS without a strip of SHARE of the height or width on SIDE."""
    height, width = pixels.shape
    cut_y, cut_x = round(share * height), round(share * width)
    return {"top": pixels[cut_y:], "bottom": pixels[: height - cut_y], "left": pixels[:, cut_x:], "right": pixels[:, : width - cut_x]}[side]


def outlines() -> list[np.ndarray]:
    """The hand-drawn lung masks of the renditions, in `films()`' order (both 512 x 512)."""
    return [np.asarray(Image.open(path.parent.parent / "masks" / f"{path.stem}.png")) > 0 for path in sorted(RENDITIONS.glob("*/images/*.jpg"))]


def main() -> None:
    from radqc.agents.cxr.decide import confidences, load_model
    from radqc.agents.cxr.features import measure

    model, rng = load_model(), np.random.default_rng(0)
    originals = films()
    start = time.perf_counter()
    measured = [measure(pixels) for pixels in originals]

    def recall(criterion: str, make: Callable[[np.ndarray, object], np.ndarray]) -> float:
        return float(np.mean([confidences(measure(make(p, m)).features, model)[criterion] >= 0.5 for p, m in zip(originals, measured)]))

    untouched = {c: np.mean([confidences(m.features, model)[c] >= 0.5 for m in measured]) for c in ("marker_annotation", "collimation_centering", "lung_field_cutoff")}
    print(f"{len(originals)} untouched renditions; flagged: " + ", ".join(f"{c} {rate:.3f}" for c, rate in untouched.items()))

    print(f"\nmarker_annotation, a label over a lung   {' '.join(f'{ink:>6s}' for ink in INKS)}")
    for group, texts in LABELS.items():
        recalls = [recall("marker_annotation", lambda p, m, ink=ink: labelled(p, m.lungs, str(rng.choice(texts)), ink, rng) if m.lungs.any() else p) for ink in INKS]
        print(f"  {group:38s} " + " ".join(f"{r:6.2f}" for r in recalls))

    print(f"\ncollimation_centering                    {' '.join(f'{fill:>6s}' for fill in FILLS)}")
    for scale in (0.85, 0.75):
        print(f"  shrunk to {scale:.2f}, centred                " + " ".join(f"{recall('collimation_centering', lambda p, m, f=f: shrunk(p, scale, f)):6.2f}" for f in FILLS))
    for share in (0.15, 0.25):
        for axis in ("sideways", "up/down"):
            def make(p, m, f, axis=axis, share=share):
                move = share * rng.choice([-1, 1])
                return shifted(p, 0.0, move, f) if axis == "sideways" else shifted(p, move, 0.0, f)
            print(f"  shifted {share:.0%} {axis:8s}                 " + " ".join(f"{recall('collimation_centering', lambda p, m, f=f: make(p, m, f)):6.2f}" for f in FILLS))

    print(f"\nlung_field_cutoff, a strip cut off    {' '.join(f'{side:>9s}' for side in SIDES)}  (recall, films cut)")
    lungs = outlines()
    for share in (0.1, 0.2):
        cells = []
        for side in SIDES:
            cut = [k for k, mask in enumerate(lungs) if cropped(mask, side, share).sum() <= 0.98 * mask.sum()]
            found = [confidences(measure(cropped(originals[k], side, share)).features, model)["lung_field_cutoff"] >= 0.5 for k in cut]
            cells.append(f"{np.mean(found):5.2f} {len(cut):3d}" if cut else "    -   0")
        print(f"  {share:.0%} of the side                   " + " ".join(f"{cell:>9s}" for cell in cells))
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
