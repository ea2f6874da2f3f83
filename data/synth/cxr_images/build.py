"""Build the chest X-ray QC datasets (dev and test) from real radiographs and simulated faults.

Each source image yields two cases: the first is often the untouched original (sometimes with
monitoring leads drawn in as a trap), the second always has one or two simulated faults.
Gold labels only speak for criteria that were actually judged: simulated faults, and what was judged
by looking at the source image (`judgements.csv`) as long as the simulation cannot have changed it.
`meta.judged_criteria` lists them, so an evaluation can leave the other criteria out.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from radqc.data.synth.cxr_images import faults
from radqc.data.synth.cxr_images.sources import DEFAULT_SOURCE_DIR, SourceImage, load_sources

SIMULATED_CRITERIA = (
    "underexposure",
    "overexposure",
    "lung_field_cutoff",
    "collimation_centering",
    "motion_blur",
    "foreign_object",
    "marker_annotation",
    "orientation_photometric",
)
ANATOMY_CRITERIA = ("inadequate_inspiration", "rotation", "scapula_overlap")
# Pairs that cannot both be simulated on one image (one exposure, one field geometry).
EXCLUSIVE = ({"underexposure", "overexposure"}, {"lung_field_cutoff", "collimation_centering"})
# A simulated fault can hide or create these criteria, so their judgement on the source no longer holds.
INVALIDATES = {
    "underexposure": {"underexposure", "overexposure"},
    "overexposure": {"underexposure", "overexposure"},
    "lung_field_cutoff": {"lung_field_cutoff", "collimation_centering", "foreign_object", "marker_annotation"},
    "collimation_centering": {"collimation_centering"},
}
# The order faults happen in: field set-up, patient, exposure, then workstation display.
PIPELINE = (
    "lung_field_cutoff",
    "collimation_centering",
    "foreign_object",
    "motion_blur",
    "underexposure",
    "overexposure",
    "marker_annotation",
    "orientation_photometric",
)
# The first case of an image whose anatomy was judged is always the untouched original (anatomy labels
# exist only there); for the other images it is untouched with this probability. About 37 % of all
# cases end up untouched.
UNTOUCHED_SHARE = 0.3
SECOND_FAULT_SHARE = 0.35
TRAP_SHARE = 0.3
JPEG_QUALITY = 90
SPLITS = ("dev", "test")


def synthesize(seed: int, out_dir: Path, source_dir: Path | None = None) -> dict[str, Any]:
    """Write OUT_DIR/dev and OUT_DIR/test (replacing earlier ones) and return counts per split.

    Deterministic byte for byte for a seed and a source folder. The dev/test split is by patient and
    does not depend on the seed.
    """
    out_dir = Path(out_dir)
    sources = load_sources(source_dir)
    if not sources:
        raise FileNotFoundError(f"no source radiographs found in {source_dir or DEFAULT_SOURCE_DIR}")
    plans = _plan_cases(seed, sources)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"seed": seed, "splits": {}}
    with tempfile.TemporaryDirectory(dir=out_dir) as staging:
        for split in SPLITS:
            split_plans = [plan for plan in plans if plan.source.split == split]
            folder = Path(staging) / split
            records = [_render_case(plan, folder) for plan in split_plans]
            _write_manifest(folder / "manifest.jsonl", records)
            summary["splits"][split] = _counts(records)
        foreign = [out_dir / s for s in SPLITS if (out_dir / s).exists() and not (out_dir / s / "manifest.jsonl").is_file()]
        if foreign:
            raise FileExistsError(f"{foreign[0]} exists and is not a dataset: refusing to replace it")
        for split in SPLITS:
            if (out_dir / split).exists():
                shutil.rmtree(out_dir / split)
            shutil.move(str(Path(staging) / split), out_dir / split)
    return summary


# --- planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CasePlan:
    source: SourceImage
    case_id: str
    rng_seed: tuple[int, ...]  # the case's own random stream: rendering one case never shifts another
    faults: tuple[str, ...]  # in PIPELINE order; empty for an untouched original
    trap: bool  # draw ECG leads on an untouched original


def _plan_cases(seed: int, sources: list[SourceImage]) -> list[CasePlan]:
    """Which case gets which faults. Primary faults go round a seeded cycle of the eight criteria so
    every criterion is about equally common; everything else is drawn per image."""
    cycle_rng = np.random.default_rng([seed, 0])
    cycle = list(cycle_rng.permutation(SIMULATED_CRITERIA))
    plans = []
    faulted_so_far = 0
    for source in sources:
        rng = np.random.default_rng([seed, _stable_int(source.image_id)])
        for variant in ("a", "b"):
            case_seed = (seed, _stable_int(source.image_id), ord(variant))
            anatomy_judged = any(c in source.judgements for c in ANATOMY_CRITERIA)
            if variant == "a" and (rng.random() < UNTOUCHED_SHARE or anatomy_judged):
                trap = bool(rng.random() < TRAP_SHARE)
                plans.append(CasePlan(source, f"{source.image_id}-{variant}", case_seed, (), trap))
                continue
            primary = str(cycle[faulted_so_far % len(cycle)])
            faulted_so_far += 1
            chosen = [primary]
            if rng.random() < SECOND_FAULT_SHARE:
                options = [c for c in SIMULATED_CRITERIA if c != primary and not any({c, primary} <= pair for pair in EXCLUSIVE)]
                chosen.append(str(rng.choice(options)))
            ordered = tuple(c for c in PIPELINE if c in chosen)
            plans.append(CasePlan(source, f"{source.image_id}-{variant}", case_seed, ordered, False))
    return plans


def _stable_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


# --- rendering --------------------------------------------------------------------------------------


def _render_case(plan: CasePlan, folder: Path) -> dict[str, Any]:
    from PIL import Image

    source = plan.source
    rng = np.random.default_rng(list(plan.rng_seed))
    with Image.open(source.file) as opened:
        image = np.asarray(opened.convert("L"), dtype=np.float32) / 255.0
    simulated: dict[str, Any] = {}
    traps: dict[str, Any] = {}
    thorax_box = None
    if plan.trap:
        result = faults.ecg_leads(image, rng)
        image, traps["ecg_leads"] = result.image, result.params
    for criterion in plan.faults:
        severity = float(rng.uniform(0.0, 1.0))
        function = getattr(faults, criterion)
        if criterion in ("foreign_object", "marker_annotation"):
            result = function(image, rng, severity, thorax_box=thorax_box)
        else:
            result = function(image, rng, severity)
        image = result.image
        thorax_box = result.thorax_box or thorax_box
        simulated[criterion] = {"severity": round(severity, 3), **result.params}
    relative = f"images/{plan.case_id}.jpg"
    (folder / "images").mkdir(parents=True, exist_ok=True)
    _save_jpeg(image, folder / relative)
    labels, judged = _gold(source, plan.faults)
    return {
        "case_id": plan.case_id,
        "modality": "cxr",
        "image_path": relative,
        "view": source.view,
        "patient": {"sex": source.sex, "age": source.age},
        "labels": labels,
        "meta": {
            "synthetic": bool(plan.faults or traps),
            "source_image": source.relative_path,
            "patient_id": source.patient_id,
            "simulated": simulated,
            "traps": traps,
            "judged_criteria": judged,
            "visual_judgement_note": source.judgement_note,
        },
    }


def _gold(source: SourceImage, simulated: tuple[str, ...]) -> tuple[list[dict[str, str]] | None, list[str]]:
    """Labels for the judged criteria only; None (unscored) when nothing about the case was judged."""
    invalid = set().union(*(INVALIDATES.get(c, set()) for c in simulated)) if simulated else set()
    carried = {c: present for c, present in source.judgements.items() if c not in invalid and (not simulated or c not in ANATOMY_CRITERIA)}
    judged = sorted(set(simulated) | set(carried))
    if not judged:
        return None, []
    labels = [{"error_type": c, "note": "simulated"} for c in simulated]
    labels += [{"error_type": c, "note": "present on the original image (visual judgement)"} for c, present in sorted(carried.items()) if present and c not in simulated]
    return labels, judged


def _save_jpeg(image: np.ndarray, path: Path) -> None:
    """8-bit greyscale JPEG: the same format for every case, so the file type gives nothing away."""
    from PIL import Image

    pixels = np.clip(np.round(image * 255.0), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    path.write_bytes(buffer.getvalue())


def _write_manifest(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=False) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _counts(records: list[dict[str, Any]]) -> dict[str, Any]:
    per_criterion = {c: 0 for c in SIMULATED_CRITERIA + ANATOMY_CRITERIA}
    judged = {c: 0 for c in per_criterion}
    for record in records:
        for label in record["labels"] or []:
            per_criterion[label["error_type"]] += 1
        for criterion in record["meta"]["judged_criteria"]:
            judged[criterion] += 1
    return {
        "cases": len(records),
        "patients": len({r["meta"]["patient_id"] for r in records}),
        "untouched": sum(1 for r in records if not r["meta"]["simulated"]),
        "clean": sum(1 for r in records if r["labels"] == []),
        "unscored": sum(1 for r in records if r["labels"] is None),
        "positives": per_criterion,
        "judged": judged,
    }
