"""The real radiographs the CXR datasets are built from, with their patients and our visual judgements.

The source folder (`data/cxr/source` in the repository) holds unchanged copies of public images, the
upstream metadata, and `judgements.csv`: QC criteria judged by looking at each image. A judgement is
"1" (fault present), "0" (absent) or empty (not judged: could not be told from the image).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from radqc.data import DATA_DIR

DEFAULT_SOURCE_DIR = DATA_DIR / "cxr" / "source"
JUDGEMENTS_FILE = "judgements.csv"


@dataclass(frozen=True)
class SourceImage:
    image_id: str
    file: Path
    patient_id: str
    sex: str  # "M" | "F" | "U"
    age: float | None
    view: str | None  # "PA" | "AP"
    collection: str
    relative_path: str = ""  # inside the source folder; also the key of judgements.csv
    judgements: dict[str, bool] = field(default_factory=dict)  # criterion -> fault present, judged only
    judgement_note: str = ""

    @property
    def split(self) -> str:
        """dev or test, from a hash of the patient id: stable across seeds and never mixing a patient's
        images between the splits."""
        digest = hashlib.sha256(self.patient_id.encode("utf-8")).digest()
        return "dev" if digest[0] % 2 == 0 else "test"


def load_sources(source_dir: Path | None = None) -> list[SourceImage]:
    source_dir = Path(source_dir or DEFAULT_SOURCE_DIR)
    judgements = _read_judgements(source_dir / JUDGEMENTS_FILE)
    sources = _mhh_sources(source_dir / "mhh-covid19") + _nih_sources(source_dir / "nih-sample")
    placed = [replace(source, relative_path=source.file.relative_to(source_dir).as_posix()) for source in sources]
    return sorted((_with_judgements(source, judgements.get(source.relative_path)) for source in placed), key=lambda source: source.image_id)


def _mhh_sources(folder: Path) -> list[SourceImage]:
    if not (folder / "data.csv").is_file():
        return []
    with (folder / "data.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        SourceImage(
            image_id=f"mhh-{row['image_id']}",
            file=folder / "png" / f"{row['image_id']}.png",
            patient_id=f"mhh-{row['patient_id']}",
            sex=(row.get("sex") or "U").strip().upper()[:1] or "U",
            age=float(row["age"]) if row.get("age") else None,
            view=(row.get("projection") or "").strip().upper() or None,
            collection="mhh-covid19",
        )
        for row in rows
        if (folder / "png" / f"{row['image_id']}.png").is_file()
    ]


def _nih_sources(folder: Path) -> list[SourceImage]:
    labels = folder / "labels_Data_Entry_2017_v2020_subset.csv"
    if not labels.is_file():
        return []
    with labels.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        SourceImage(
            image_id=f"nih-{Path(row['Image Index']).stem}",
            file=folder / row["Image Index"],
            patient_id=f"nih-{row['Patient ID']}",
            sex=row["Patient Gender"].strip().upper()[:1] or "U",
            age=float(row["Patient Age"]) if row.get("Patient Age") else None,
            view=row["View Position"].strip().upper() or None,
            collection="nih-sample",
        )
        for row in rows
        if (folder / row["Image Index"]).is_file()
    ]


def _read_judgements(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _with_judgements(source: SourceImage, row: dict[str, str] | None) -> SourceImage:
    if not row:
        return source
    judged = {
        criterion: value.strip() == "1"
        for criterion, value in row.items()
        if criterion not in ("file", "note") and value is not None and value.strip() in ("0", "1")
    }
    return replace(source, judgements=judged, judgement_note=(row.get("note") or "").strip())
