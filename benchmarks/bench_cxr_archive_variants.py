"""How often does the radiograph auditor flag an untouched film stored or processed the way another
archive or hospital would?

The 56 MHH renditions in `data/cxr/lungs` (real films; nothing is fitted on them) are audited as they
are, in common archive variations (a frame of digital padding, black or white; black bars beside or
above and below the film, as a letterboxed export; a turn by a few degrees with black corners; strong
JPEG compression; a small copy; a 12-bit detector's values written unscaled into a 16-bit PNG) and in
another site's processing (softer, darker, histogram-equalised or edge-enhanced). Each variation is a
clean dataset (`labels: []`) audited by the offline graph as `radqc eval` audits it: against the
batch's own baseline (`agents/cxr/site.py`), and, for comparison, on the fitted scale alone
(`--no-site-baseline`). Printed: the clean false-alarm rate (`radqc.eval.metrics`) both ways and the
criteria that raised the alarms with the baseline. None of these films is faulted, so every finding is
a false alarm (or a fault the film really has).

Run: .venv/bin/python benchmarks/bench_cxr_archive_variants.py [variant ...]   (about 3 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

from radqc.offline import apply_offline_env

RENDITIONS = Path(__file__).resolve().parents[1] / "data" / "cxr" / "lungs"


def _pad(film: np.ndarray, vertical: float, horizontal: float, level: int) -> np.ndarray:
    height, width = film.shape
    return np.pad(film, ((int(vertical * height),) * 2, (int(horizontal * width),) * 2), constant_values=level)


def _turned(film: np.ndarray) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.fromarray(film).rotate(5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=0))


def _recompressed(film: np.ndarray) -> np.ndarray:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(film).save(buffer, "JPEG", quality=40)
    return np.asarray(Image.open(buffer))


def _processed(film: np.ndarray, how: str) -> np.ndarray:
    from PIL import Image, ImageOps
    from scipy import ndimage as ndi

    pixels = film.astype(np.float32) / 255
    if how == "equalised":
        return np.asarray(ImageOps.equalize(Image.fromarray(film)))
    if how == "softer":
        pixels = ndi.gaussian_filter(pixels, 1.2)
    elif how == "darker":
        pixels = pixels**1.4
    elif how == "edge-enhanced":
        pixels = pixels + 0.8 * (pixels - ndi.gaussian_filter(pixels, 3))
    return np.uint8(np.round(np.clip(pixels, 0, 1) * 255))


def _twelve_bit(film: np.ndarray) -> np.ndarray:
    """The film's values on a 12-bit detector's scale, stored unscaled (a 16-bit PNG exported from DICOM)."""
    return np.round(film.astype(np.float32) * 4095 / 255).astype(np.uint16)


def _small(film: np.ndarray) -> np.ndarray:
    from PIL import Image

    height, width = film.shape
    return np.asarray(Image.fromarray(film).resize((256, round(256 * height / width)), Image.Resampling.LANCZOS))


VARIANTS = {
    "as stored": lambda film: film,
    "black frame 4%": lambda film: _pad(film, 0.04, 0.04, 0),
    "white frame 4%": lambda film: _pad(film, 0.04, 0.04, 255),
    "black bars left/right 12%": lambda film: _pad(film, 0.0, 0.12, 0),
    "black bars top/bottom 12%": lambda film: _pad(film, 0.12, 0.0, 0),
    "turned 5 degrees": _turned,
    "JPEG quality 40": _recompressed,
    "256 px": _small,
    "12-bit values in a 16-bit PNG": _twelve_bit,
    "softer (blur 1.2 px)": lambda film: _processed(film, "softer"),
    "darker (gamma 1.4)": lambda film: _processed(film, "darker"),
    "histogram equalised": lambda film: _processed(film, "equalised"),
    "edge-enhanced": lambda film: _processed(film, "edge-enhanced"),
}


def write_variant(name: str, films: list[Path], folder: Path) -> Path:
    """A clean dataset of FILMS changed by VARIANTS[NAME], in FOLDER."""
    from PIL import Image

    (folder / "images").mkdir(parents=True)
    lines = []
    for path in films:
        pixels = VARIANTS[name](np.asarray(Image.open(path).convert("L")))
        Image.fromarray(pixels).save(folder / "images" / f"{path.stem}.png")
        lines.append({
            "case_id": path.stem, "modality": "cxr", "image_path": f"images/{path.stem}.png", "labels": [],
            "meta": {"synthetic": False, "variant": name},
        })
    (folder / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder


def main(names: list[str]) -> None:
    apply_offline_env()
    from radqc.agents.cxr.site import measure_site
    from radqc.dataset import load_dataset
    from radqc.eval.metrics import compute_metrics
    from radqc.graphs.workflow import AuditWorkflow
    from radqc.profiles import load_profile
    from radqc.schemas import AuditResult

    films = sorted(RENDITIONS.glob("*/images/*.jpg"))
    profile = load_profile("offline")
    print(f"{len(films)} untouched renditions ({RENDITIONS}), offline profile")
    print(f"{'variant':<27} {'false alarm':>11} {'(fitted scale)':>14}  criteria flagged")
    with tempfile.TemporaryDirectory() as scratch:
        for index, name in enumerate(names):
            dataset = load_dataset(write_variant(name, films, Path(scratch) / str(index)))
            site = measure_site([case.image_file for case in dataset.cases], workers=2)
            rates, flags = [], []
            for workflow in (AuditWorkflow(profile, site=site), AuditWorkflow(profile)):
                answers = {}
                for case in dataset.cases:
                    state = workflow.graph.invoke({"case": case.model_dump()})
                    answers[case.case_id] = AuditResult.model_validate(state["result"])
                rates.append(compute_metrics(dataset, answers)["cxr"]["false_alarm_rate"])
                flags.append(Counter(f.error_type for result in answers.values() for f in result.findings))
            flagged = flags[0]
            print(f"{name:<27} {rates[0]:>11.3f} {rates[1]:>14.3f}  " + ", ".join(f"{c} {n}" for c, n in flagged.most_common()), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help=f"variants to audit (default: all of {', '.join(VARIANTS)})".replace("%", "%%"))
    names = parser.parse_args().variants
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:  # argparse's `choices` refuses an empty list here, the default
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    main(names or list(VARIANTS))
