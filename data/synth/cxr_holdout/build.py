"""Build the blind, EVALUATION-ONLY chest radiograph holdout set `data/cxr/holdout`.

    python -m radqc.data.synth.cxr_holdout.build --source /work/shared/data/cxr/mhh-covid19 --out data/cxr/holdout

For each source image (the MHH images of radqc's test-split patients not used elsewhere): one untouched
original and two faulted copies, each with one simulated fault (a second one with probability ~0.25).
Primary faults go round the 8 simulable criteria. Every image goes through the same pipeline (float,
same 0.8 down-scaling, dither, 8-bit, JPEG quality 90), so the file format gives nothing away. Deterministic
for a given seed. Never fit or tune anything on the result: see data/cxr/holdout/CARD.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from .simulate import EXCLUSIVE, SIMULABLE, apply_faults

DEFAULT_SEED = 20240917
SECOND_FAULT_P = 0.25
JPEG_QUALITY = 90
# Every image (original or faulted, whatever its orientation) is scaled by this same factor before
# encoding, to keep the set under 9 MB: 640 px wide sources become 512 px wide.
OUTPUT_SCALE = 0.8
USED_DIR = Path(__file__).resolve().parents[2] / "cxr" / "source" / "mhh-covid19" / "png"
TEST_MANIFEST = Path(__file__).resolve().parents[2] / "cxr" / "test" / "manifest.jsonl"
ATTRIBUTION = ("COVID-19 Image Repository, Institute for Diagnostic and Interventional Radiology, Hannover "
               "Medical School, DOI 10.6084/m9.figshare.12275009, licensed CC BY 3.0")


def select_sources(source: Path) -> list[dict]:
    """MHH images of patients in radqc's test split that radqc does not already use."""
    rows = list(csv.DictReader(open(source / "data.csv", encoding="utf-8")))
    used = {f[:-4] for f in os.listdir(USED_DIR) if f.endswith(".png")}
    test = {json.loads(line)["meta"]["patient_id"].removeprefix("mhh-")
            for line in open(TEST_MANIFEST, encoding="utf-8") if line.strip()}
    return [r for r in rows if r["image_id"] not in used and r["patient_id"] in test]


def assign_faults(n_images: int, rng: np.random.Generator) -> list[list[list[str]]]:
    """For each image, two fault lists (primary first). Primaries cycle through the 8 criteria in a
    shuffled order; the two copies of one image never share a primary."""
    slots = 2 * n_images
    cycle: list[str] = []
    while len(cycle) < slots:
        block = list(SIMULABLE)
        rng.shuffle(block)
        cycle += block
    cycle = cycle[:slots]
    # pair them up; repair the rare pair with equal primaries by swapping with a later slot
    for i in range(0, slots, 2):
        if cycle[i] == cycle[i + 1]:
            for j in range(i + 2, slots):
                if cycle[j] != cycle[i] and (j % 2 == 0 or cycle[j - 1] != cycle[i]) and (j % 2 == 1 or cycle[j + 1] != cycle[i]):
                    cycle[i + 1], cycle[j] = cycle[j], cycle[i + 1]
                    break
    out = []
    for k in range(n_images):
        pair = []
        for primary in cycle[2 * k:2 * k + 2]:
            faults = [primary]
            if rng.random() < SECOND_FAULT_P:
                options = [c for c in SIMULABLE if c != primary and frozenset({c, primary}) not in EXCLUSIVE]
                faults.append(str(options[int(rng.integers(len(options)))]))
            pair.append(faults)
        out.append(pair)
    return out


def encode(img: np.ndarray, rng: np.random.Generator, path: Path) -> None:
    """The one encoding path for every image: same down-scaling, sub-LSB dither, 8-bit, greyscale JPEG
    quality 90."""
    h, w = img.shape
    size = (int(round(w * OUTPUT_SCALE)), int(round(h * OUTPUT_SCALE)))
    pil = Image.fromarray(np.clip(img, 0, 1).astype(np.float32), mode="F").resize(size, Image.Resampling.LANCZOS)
    small = np.asarray(pil, dtype=np.float64)
    arr = np.clip(np.round(small * 255.0 + rng.uniform(-0.5, 0.5, small.shape)), 0, 255).astype(np.uint8)
    Image.fromarray(arr, mode="L").save(path, format="JPEG", quality=JPEG_QUALITY, optimize=True)


SOURCE_MD = """# Source of the holdout images

Real adult chest radiographs (mostly AP bedside films) of COVID-19 patients from the MHH COVID-19 image
repository: {n} images from `/work/shared/data/cxr/mhh-covid19/png` (640 px wide, 8-bit), those whose
patient is in radqc's test split and which radqc does not use anywhere else.

Upstream: github.com/ml-workgroup/covid-19-image-repository (commit ad7ab099b425f16e06bba22322336b7d6a732965).

Changes made: scaled by 0.8 (640 -> 512 px wide) and re-encoded as JPEG (quality 90); for the faulted copies, simulated technical faults
(see CARD.md and `data/synth/cxr_holdout/simulate.py`). The `-o` cases are the unmodified radiographs,
re-encoded only.

Licence: Creative Commons Attribution 3.0 Unported (text in LICENSE-CC-BY-3.0.txt).
Attribution: "{attribution}."
"""


def build(source: Path, out: Path, seed: int = DEFAULT_SEED) -> dict:
    rows = select_sources(source)
    master = np.random.default_rng(seed)
    plan = assign_faults(len(rows), master)
    letters = [list(master.permutation(["a", "b", "c"])) for _ in rows]
    images_dir = out / "images"
    if images_dir.exists():
        shutil.rmtree(images_dir)
    images_dir.mkdir(parents=True)
    judged = sorted(SIMULABLE)
    lines = []
    counts: Counter = Counter()
    for k, row in enumerate(rows):
        image_id = row["image_id"]
        src = np.asarray(Image.open(source / "png" / f"{image_id}.png").convert("L"), dtype=np.float64) / 255.0
        base = {"modality": "cxr", "view": row["projection"].upper(),
                "patient": {"sex": {"m": "M", "f": "F"}.get(row["sex"].lower(), "U"), "age": None}}
        variants = [("o", [])] + [(f"f{i + 1}", plan[k][i]) for i in range(2)]
        for (suffix, faults), letter in zip(variants, letters[k]):
            rng = np.random.default_rng([seed, int(image_id, 16), {"o": 0, "f1": 1, "f2": 2}[suffix]])
            img, params = apply_faults(src, faults, rng) if faults else (src, {})
            rel = f"images/{image_id}-{letter}.jpg"
            encode(img, rng, out / rel)
            counts.update(faults)
            if not faults:
                counts["(clean)"] += 1
            lines.append({
                "case_id": f"{image_id}-{suffix}",
                **base,
                "image_path": rel,
                "labels": [{"error_type": f, "note": "simulated"} for f in faults],
                "meta": {"synthetic": bool(faults), "source_image": f"mhh-covid19/png/{image_id}.png",
                         "patient_id": f"mhh-{row['patient_id']}", "simulated": params,
                         "simulator": "radqc.data.synth.cxr_holdout (blind, evaluation only)", "seed": seed,
                         "judged_criteria": judged},
            })
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    shutil.copy(source / "LICENSE-CC-BY-3.0.txt", out / "LICENSE-CC-BY-3.0.txt")
    (out / "SOURCE.md").write_text(SOURCE_MD.format(n=len(rows), attribution=ATTRIBUTION), encoding="utf-8")
    return {"images": len(rows), "cases": len(lines), "counts": dict(sorted(counts.items())),
            "two_fault_cases": sum(1 for line in lines if len(line["labels"]) == 2)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True, help="the mhh-covid19 folder (data.csv, png/)")
    ap.add_argument("--out", type=Path, required=True, help="dataset folder to write")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    summary = build(args.source, args.out, args.seed)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
