"""More unfaulted radiographs of the DEV patients, for fitting the CXR decision model only.

The dev split holds about 45 source images; the MHH repository has 80 more of the same (dev) patients
that no dataset uses. Fitting on them, unfaulted and faulted by the simulators during the fit, shows the
model many more ordinary films (what an evaluation's untouched originals look like) without touching a
single test patient. They are not judged by anyone: an evaluation counts an untouched original as clean,
and so does the fit.

    python -m radqc.data.synth.cxr_images.extra_originals /path/to/mhh-covid19 data/cxr/train-extra
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np

from radqc.data.synth.cxr_images.build import _save_jpeg, _write_manifest
from radqc.data.synth.cxr_images.sources import DEFAULT_SOURCE_DIR, _mhh_sources, load_sources

CARD_TEXT = "\n".join([
    "# Extra unfaulted radiographs of the dev patients (fitting only; card)",
    "",
    "Re-encoded (JPEG quality 90, like every case of data/cxr/dev) copies of the MHH COVID-19 images of the",
    "dev split's patients that data/cxr/dev does not use. Unjudged (`labels: null`): `radqc.agents.cxr.fit`",
    "treats them as ordinary films and fault-simulates them; no evaluation may use them.",
    "",
    "Attribution: COVID-19 Image Repository, Institute for Diagnostic and Interventional Radiology,",
    "Hannover Medical School, DOI 10.6084/m9.figshare.12275009, licensed CC BY 3.0 (LICENSE-CC-BY-3.0.txt).",
    "Modified: re-encoded as JPEG. Rebuild: python -m radqc.data.synth.cxr_images.extra_originals",
    "UPSTREAM_MHH_FOLDER data/cxr/train-extra",
    "",
])


def build(upstream: Path, out_dir: Path) -> int:
    """Write OUT_DIR (manifest, images, attribution) and return the number of images."""
    from PIL import Image

    used = {source.image_id for source in load_sources(DEFAULT_SOURCE_DIR)}
    extra = [s for s in _mhh_sources(Path(upstream)) if s.split == "dev" and s.image_id not in used]
    if not extra:
        raise FileNotFoundError(f"no unused dev-patient images in {upstream}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "images").mkdir(parents=True)
    records = []
    for source in sorted(extra, key=lambda s: s.image_id):
        with Image.open(source.file) as opened:
            pixels = np.asarray(opened.convert("L"), dtype=np.float32) / 255.0
        relative = f"images/{source.image_id}.jpg"
        _save_jpeg(pixels, out_dir / relative)
        records.append({
            "case_id": source.image_id,
            "modality": "cxr",
            "image_path": relative,
            "view": source.view,
            "patient": {"sex": source.sex, "age": source.age},
            "labels": None,
            "meta": {
                "synthetic": False,
                "source_image": f"mhh-covid19/png/{source.file.name}",
                "patient_id": source.patient_id,
                "simulated": {},
                "judged_criteria": [],
            },
        })
    _write_manifest(out_dir / "manifest.jsonl", records)
    views = sorted({record["view"] for record in records})
    patients = len({record["meta"]["patient_id"] for record in records})
    counts = f"{len(records)} images of {patients} patients; views: {', '.join(views)}.\n"
    (out_dir / "CARD.md").write_text(CARD_TEXT + counts, encoding="utf-8")
    shutil.copy(DEFAULT_SOURCE_DIR / "mhh-covid19" / "LICENSE-CC-BY-3.0.txt", out_dir / "LICENSE-CC-BY-3.0.txt")
    return len(records)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m radqc.data.synth.cxr_images.extra_originals UPSTREAM_MHH_FOLDER OUT_DIR")
    print(f"wrote {build(Path(sys.argv[1]), Path(sys.argv[2]))} images to {sys.argv[2]}")
