"""Read a dataset folder (`manifest.jsonl` + files) into cases, turning every bad line into a per-case
error instead of a crash: other people's datasets arrive here, and one bad line must not stop a run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from radqc.language import detect_language, normalise_language
from radqc.limits import MAX_IMAGE_BYTES, MAX_MANIFEST_LINE_BYTES, MAX_REPORT_BYTES
from radqc.schemas import Case, Label, Modality
from radqc.taxonomy import error_types

MANIFEST = "manifest.jsonl"


class DatasetError(Exception):
    """The dataset as a whole cannot be read (no folder, no manifest)."""


@dataclass
class CaseError:
    """A manifest line that could not become a case. Scored as a case with no findings when its
    modality and labels could still be read (an error is a miss, never a free pass)."""

    case_id: str
    line: int
    message: str
    modality: Modality | None = None
    labels: list[Label] | None = None

    @property
    def scored(self) -> bool:
        return self.modality is not None and self.labels is not None


@dataclass
class Dataset:
    root: Path
    cases: list[Case] = field(default_factory=list)
    errors: list[CaseError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.cases) + len(self.errors)


def load_dataset(path: str | Path) -> Dataset:
    """Load DATASET/manifest.jsonl (PATH may be the folder or the manifest file itself)."""
    path = Path(path)
    manifest = path / MANIFEST if path.is_dir() else path
    if not manifest.is_file():
        raise DatasetError(f"no {MANIFEST} found at {path}")
    dataset = Dataset(root=manifest.parent.resolve())
    seen: set[str] = set()
    with manifest.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            outcome = _read_line(raw, number, dataset.root)
            case_id = outcome.case_id
            if case_id in seen:
                dataset.errors.append(
                    CaseError(f"{case_id}#line{number}", number, f"duplicate case_id {case_id!r} (line {number})")
                )
                continue
            seen.add(case_id)
            (dataset.errors if isinstance(outcome, CaseError) else dataset.cases).append(outcome)
    return dataset


def _read_line(raw: bytes, number: int, root: Path) -> Case | CaseError:
    fallback_id = f"line-{number}"
    if len(raw) > MAX_MANIFEST_LINE_BYTES:
        return CaseError(fallback_id, number, f"line {number}: longer than {MAX_MANIFEST_LINE_BYTES} bytes")
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return CaseError(fallback_id, number, f"line {number}: not valid UTF-8 JSON ({exc})")
    if not isinstance(record, dict):
        return CaseError(fallback_id, number, f"line {number}: expected a JSON object")
    case_id = record.get("case_id")
    case_id = case_id if isinstance(case_id, str) and case_id else fallback_id
    modality = record.get("modality") if record.get("modality") in ("cxr", "ct_report") else None
    try:
        case = Case.model_validate(record)
    except ValidationError as exc:
        return CaseError(case_id, number, _describe(exc), modality, _labels_or_none(record))
    problem = _check_labels(case) or _resolve_inputs(case, root)
    if problem:
        return CaseError(case.case_id, number, problem, case.modality, _valid_labels(case))
    if case.report is not None and normalise_language(record.get("language")) is None:
        case.language = detect_language(case.report)
    return case


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "invalid case: " + "; ".join(parts)


def _labels_or_none(record: dict) -> list[Label] | None:
    labels = record.get("labels")
    if not isinstance(labels, list):
        return None
    valid = []
    for item in labels:
        try:
            valid.append(Label.model_validate(item))
        except ValidationError:
            continue
    return valid


def _check_labels(case: Case) -> str | None:
    if case.labels is None:
        return None
    known = set(error_types(case.modality))
    unknown = sorted({label.error_type for label in case.labels} - known)
    if unknown:
        return f"unknown {case.modality} error type(s) in labels: {', '.join(unknown)}"
    return None


def _valid_labels(case: Case) -> list[Label] | None:
    if case.labels is None:
        return None
    known = set(error_types(case.modality))
    return [label for label in case.labels if label.error_type in known]


def resolve_inside(root: Path, relative: str) -> Path:
    """The file RELATIVE names inside ROOT; ValueError when it is absolute or leaves ROOT (also via links)."""
    if not relative or Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise ValueError(f"path {relative!r} must be relative to the dataset folder")
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        raise ValueError(f"path {relative!r} leaves the dataset folder")
    return candidate


def _resolve_inputs(case: Case, root: Path) -> str | None:
    try:
        if case.modality == "cxr":
            if not case.image_path:
                return "cxr case without image_path"
            image = resolve_inside(root, case.image_path)
            _check_file(image, MAX_IMAGE_BYTES)
            case.image_file = str(image)
        else:
            if case.report is None:
                if not case.report_path:
                    return "ct_report case needs report or report_path"
                report_file = resolve_inside(root, case.report_path)
                _check_file(report_file, MAX_REPORT_BYTES)
                case.report = report_file.read_bytes().decode("utf-8-sig")
            elif len(case.report.encode("utf-8")) > MAX_REPORT_BYTES:
                return f"report longer than {MAX_REPORT_BYTES} bytes"
    except (ValueError, OSError) as exc:
        return str(exc)
    return None


def _check_file(path: Path, max_bytes: int) -> None:
    if not path.is_file():
        raise ValueError(f"file not found: {path.name}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"{path.name} is {size} bytes, over the {max_bytes}-byte limit")
