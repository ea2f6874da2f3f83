"""Which labels over the lungs does the radiograph auditor see? Recall of marker_annotation by label length.

The simulators write labels of their own choosing; a label another simulator writes may be shorter,
fainter or darker. This draws plain labels with Pillow's default font (what a quick simulator or a
viewer's annotation tool writes) centred on a random lung pixel of each of the 56 MHH renditions in
`data/cxr/lungs` (real films nothing is fitted on), in white, black or a grey 0.35 above the lungs'
median, 2.5-5 % of the image's width tall, measures them, and decides with the shipped model at its
decision point (confidence 0.5, no workflow, no past cases). The untouched renditions give the
false-alarm rate. Dev data only.

Run: .venv/bin/python benchmarks/bench_cxr_labels.py   (about 1.5 minutes on 2 cores)
"""

from __future__ import annotations

import time

import numpy as np
from bench_cxr_fault_kinds import films
from PIL import Image, ImageDraw, ImageFont

LABELS = {
    "1 letter": ("L", "R"),
    "2 letters": ("AP", "PA"),
    "3-4 characters": ("ICU", "INSP", "EXP"),
    "5 or more": ("PORTABLE", "SUPINE", "14:32"),
}
INKS = ("white", "black", "grey")


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


def main() -> None:
    from radqc.agents.cxr.decide import confidences, load_model
    from radqc.agents.cxr.features import measure

    model, rng = load_model(), np.random.default_rng(0)
    originals = films()
    start = time.perf_counter()
    measured = [measure(pixels) for pixels in originals]
    flagged = np.mean([confidences(m.features, model)["marker_annotation"] >= 0.5 for m in measured])
    print(f"{len(originals)} untouched renditions: marker_annotation flagged on {flagged:.3f}")
    print(f"{'label':16s} " + " ".join(f"{ink:>6s}" for ink in INKS) + "  (recall at confidence 0.5)")
    for group, texts in LABELS.items():
        recalls = []
        for ink in INKS:
            found = [
                confidences(measure(labelled(pixels, m.lungs, str(rng.choice(texts)), ink, rng)).features, model)["marker_annotation"] >= 0.5
                for pixels, m in zip(originals, measured)
                if m.lungs.any()
            ]
            recalls.append(float(np.mean(found)))
        print(f"{group:16s} " + " ".join(f"{r:6.2f}" for r in recalls))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
