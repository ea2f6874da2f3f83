"""Quality checks that need only the DICOM header: exposure index bands, the effective view, odd values.

The header is read by `image_io.header_values` into plain values, but it is still untrusted: numbers
may be strings, lists, huge or nonsense. Every value goes through `_number`/`_text`, and a value that
cannot be understood is reported as an issue, never raised.

Only exposure turns into taxonomy findings (underexposure / overexposure, IEC 62494-1). A view that
disagrees with the declared one, a colour or missing photometric interpretation, or an unusable pixel
spacing are not among the 11 criteria: they are returned as `issues` for the trace and the reviewer,
so that no finding of an unknown type reaches the metrics. A header that declares another examination
(a CT slice, a hand film) questions the whole audit rather than one measurement: `other_examination`
says so, and the workflow marks the case degraded with its notes.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, Field

from radqc.schemas import Finding, normalise_view

SOURCE = "dicom-header"
View = Literal["PA", "AP", "LAT"]

# IEC 62494-1 action bands on the deviation index DI = 10 log10(EI / EI_T).
DI_ACCEPTABLE = 1.0
DI_ACT = 3.0
# Beyond these the header is more likely wrong than the exposure (DI 20 = a hundredfold dose).
DI_PLAUSIBLE = 20.0
EI_PLAUSIBLE = (1e-3, 1e6)
# A detector pixel outside this range (mm) is not a radiograph's spacing.
PIXEL_SPACING_PLAUSIBLE = (0.01, 5.0)
CONFIDENCE_REVIEW = 0.6
CONFIDENCE_ACT = 0.9

# DICOM ViewPosition's decubitus terms (patient lying on one side, horizontal beam): a frontal film,
# taken at the bedside like an AP one; read as LAT, it lost every frontal check (the side marker's
# place among them). Other terms are read as datasets read a view (`schemas.normalise_view`).
DECUBITUS_VIEWS = ("LLD", "RLD")
GREYSCALE = ("MONOCHROME1", "MONOCHROME2")
# Modality values a chest film is stored under (DICOM PS3.3 C.7.3.1.1.1): CR and DX, DR (retired, still
# written by older detectors) and RG (film/screen radiography, digitised). OT ("other") declares no
# examination, so it contradicts nothing. Any other value (CT, MR, MG mammography, PX dental panoramic,
# ...) is another examination.
CHEST_FILM_MODALITIES = ("CR", "DX", "DR", "RG", "OT")
# BodyPartExamined values naming the chest, matched within the value: DICOM's defined term CHEST (PS3.16
# CID 4031 and Annex L, which also has the combined regions CHESTABDOMEN, NECKCHEST, ...) and what
# vendors and local protocols write instead: THORAX (also German), TORAX/TÓRAX (Spanish, Portuguese),
# TORACE (Italian), LUNG(S), HEART and MEDIASTINUM, the organs a chest film is taken for.
CHEST_BODY_PARTS = ("CHEST", "THORAX", "TORAX", "TÓRAX", "TORACE", "LUNG", "HEART", "MEDIASTINUM")
MAX_TEXT = 64


class HeaderQC(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    effective_view: View | None = None
    pixel_spacing_mm: tuple[float, float] | None = None
    issues: list[str] = Field(default_factory=list)
    measurements: dict[str, Any] = Field(default_factory=dict)


def check_header(header: dict[str, Any] | None, declared_view: str | None = None) -> HeaderQC:
    """All header checks for one image (`Radiograph.header`) and the case's declared view."""
    header = header if isinstance(header, dict) else {}
    result = HeaderQC(effective_view=effective_view(declared_view, header), pixel_spacing_mm=pixel_spacing_mm(header))
    if not header:  # PNG and JPEG have no header: nothing to check
        return result
    exposure, exposure_issues = _exposure(header)
    result.issues += exposure_issues
    if exposure:
        result.measurements.update(exposure)
        finding = _exposure_finding(exposure)
        if finding:
            result.findings.append(finding)
    result.issues += _view_issues(declared_view, header)
    result.issues += _photometric_issues(header)
    result.issues += _other_issues(header, result.pixel_spacing_mm)
    return result


# --- view -------------------------------------------------------------------------------------------


def header_view(header: dict[str, Any]) -> View | None:
    """The view the DICOM header states (ViewPosition), None when absent or not understood."""
    stated = (_text(header.get("ViewPosition")) or "").strip().upper()
    return "AP" if stated in DECUBITUS_VIEWS else normalise_view(stated)


def effective_view(declared_view: str | None, header: dict[str, Any] | None) -> View | None:
    """The view to audit against: a DICOM ViewPosition wins over the dataset's declared view."""
    stated = header_view(header if isinstance(header, dict) else {})
    if stated:
        return stated
    return normalise_view(declared_view)  # type: ignore[return-value]


def _view_issues(declared_view: str | None, header: dict[str, Any]) -> list[str]:
    raw = _text(header.get("ViewPosition"))
    stated = header_view(header)
    issues = []
    if raw and not stated:
        issues.append(f"ViewPosition {raw!r} is not a known chest view; the declared view is used")
    declared = (declared_view or "").strip().upper() or None
    if stated and declared and stated != declared:
        issues.append(f"declared view {declared} but the DICOM header says {stated}; auditing as {stated}")
    return issues


# --- exposure ---------------------------------------------------------------------------------------


def _exposure(header: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """EI, EI_T and DI as far as they can be trusted, plus issues about the ones that cannot."""
    issues: list[str] = []
    ei = _plausible(header, "ExposureIndex", EI_PLAUSIBLE, issues)
    target = _plausible(header, "TargetExposureIndex", EI_PLAUSIBLE, issues)
    reported = _plausible(header, "DeviationIndex", (-DI_PLAUSIBLE, DI_PLAUSIBLE), issues)
    computed = 10.0 * math.log10(ei / target) if ei and target else None
    if reported is None and computed is None:
        if ei is not None and target is None:
            issues.append("ExposureIndex without TargetExposureIndex: deviation index unknown")
        return {}, issues
    measurements: dict[str, Any] = {"exposure_index": ei, "target_exposure_index": target}
    if reported is not None:
        deviation, origin = reported, "header"
        if computed is not None and abs(computed - reported) > 0.5:
            issues.append(f"DeviationIndex {reported:g} disagrees with 10 log10(EI/EI_T) = {computed:.2f}")
    else:
        deviation, origin = computed, "computed from EI and EI_T"
    if abs(deviation) > DI_PLAUSIBLE:
        issues.append(f"deviation index {deviation:.1f} is implausible; exposure not judged from the header")
        return {}, issues
    measurements.update(
        {
            "deviation_index": round(deviation, 3),
            "deviation_index_source": origin,
            "relative_dose": round(10 ** (deviation / 10.0), 3),
            "band": _band(deviation),
        }
    )
    return measurements, issues


def _band(deviation: float) -> str:
    if abs(deviation) <= DI_ACCEPTABLE:
        return "acceptable"
    return "review" if abs(deviation) <= DI_ACT else "act"


def _exposure_finding(measurements: dict[str, Any]) -> Finding | None:
    band = measurements["band"]
    if band == "acceptable":
        return None
    deviation = measurements["deviation_index"]
    error_type = "underexposure" if deviation < 0 else "overexposure"
    action = "outside the action limit, consider a repeat" if band == "act" else "outside the acceptable band, review"
    return Finding(
        error_type=error_type,
        explanation=(
            f"Deviation index {deviation:+.1f} (about {measurements['relative_dose']:.2f} x the target detector dose): "
            f"{action} (IEC 62494-1: |DI| <= {DI_ACCEPTABLE:g} acceptable, > {DI_ACT:g} act)."
        ),
        confidence=CONFIDENCE_ACT if band == "act" else CONFIDENCE_REVIEW,
        source=SOURCE,
        measurements=dict(measurements),
    )


# --- other attributes -------------------------------------------------------------------------------


def pixel_spacing_mm(header: dict[str, Any] | None) -> tuple[float, float] | None:
    """(row, column) spacing in mm, or None when absent or unusable (real files carry "0\\0")."""
    value = (header or {}).get("PixelSpacing") if isinstance(header, dict) else None
    parts = value if isinstance(value, (list, tuple)) else str(value or "").split("\\")
    numbers = [_number(part) for part in list(parts)[:2]]
    if len(numbers) != 2 or any(n is None for n in numbers):
        return None
    low, high = PIXEL_SPACING_PLAUSIBLE
    if not all(low <= n <= high for n in numbers):  # type: ignore[operator]
        return None
    return (float(numbers[0]), float(numbers[1]))  # type: ignore[arg-type]


def _photometric_issues(header: dict[str, Any]) -> list[str]:
    photometric = (_text(header.get("PhotometricInterpretation")) or "").upper()
    if not photometric:
        return ["PhotometricInterpretation missing: grey-scale polarity unknown"]
    if photometric not in GREYSCALE:
        return [f"PhotometricInterpretation {photometric!r} is unusual for a radiograph (expected MONOCHROME1/2)"]
    return []


def _other_issues(header: dict[str, Any], spacing: tuple[float, float] | None) -> list[str]:
    issues = []
    if "PixelSpacing" in header and spacing is None:
        issues.append(f"PixelSpacing {_text(header.get('PixelSpacing'))!r} is unusable: physical sizes unknown")
    laterality = (_text(header.get("ImageLaterality")) or "").upper()
    if laterality in ("L", "R"):
        issues.append(f"ImageLaterality {laterality!r} on a chest radiograph (expected B or absent)")
    frames = _number(header.get("NumberOfFrames"))
    if frames is not None and frames > 1:
        issues.append(f"{frames:g} frames in the file: only the first is audited")
    return issues + ([problem] if (problem := rescale_problem(header)) else [])


def rescale_problem(header: dict[str, Any]) -> str | None:
    """Why the header's RescaleSlope and RescaleIntercept cannot map the stored pixel values (a slope of
    0, or either one no number or empty), or None when they can or are not given as the pair pydicom applies."""
    slope, intercept = header.get("RescaleSlope"), header.get("RescaleIntercept")
    if slope is None or intercept is None or (_number(slope) not in (None, 0.0) and _number(intercept) is not None):
        return None
    return (f"RescaleSlope {_shown(slope)} with RescaleIntercept {_shown(intercept)} cannot map the pixel values: "
            "the stored values are read as they are")


def other_examination(header: dict[str, Any] | None) -> list[str]:
    """What the header declares the file to be when that is not a chest radiograph (another modality,
    another body part), one note each; nothing for an empty or absent value, which declares nothing.
    The film is still audited: a mislabelled header is common, and the measurements may show a chest."""
    header = header if isinstance(header, dict) else {}
    notes = []
    modality = (_text(header.get("Modality")) or "").upper()
    if modality and modality not in CHEST_FILM_MODALITIES:
        notes.append(f"the DICOM header declares Modality {modality!r}, where a chest radiograph has CR, DX, DR or RG: "
                     "audited as a chest radiograph anyway")
    body_part = (_text(header.get("BodyPartExamined")) or "").upper()
    if body_part and not any(term in body_part for term in CHEST_BODY_PARTS):
        notes.append(f"the DICOM header declares BodyPartExamined {body_part!r}, not the chest: audited as a chest radiograph anyway")
    return notes


# --- untrusted values -------------------------------------------------------------------------------


def _plausible(header: dict[str, Any], keyword: str, bounds: tuple[float, float], issues: list[str]) -> float | None:
    if header.get(keyword) in (None, "", []):
        return None
    value = _number(header.get(keyword))
    if value is None or not bounds[0] <= value <= bounds[1]:
        issues.append(f"{keyword} {_text(header.get(keyword))!r} is not a plausible number; ignored")
        return None
    return value


def _number(value: Any) -> float | None:
    """A finite float from a header value (number, numeric string, first item of a list), else None."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value) if isinstance(value, (int, float)) else float(str(value).strip()[:MAX_TEXT])
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _shown(value: Any) -> str:
    """A header value as a note quotes it; an element present with no value is named "empty"."""
    text = _text(value)
    return repr(text) if text is not None else "empty"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = "\\".join(str(v) for v in list(value)[:4])
    text = str(value).strip().replace("\x00", "")
    return text[:MAX_TEXT] or None
