"""The data contract of `docs/dataset-format.md` as pydantic models: cases, gold labels, findings, results.

Everything that crosses a boundary (a manifest line, an auditor's output, a line of predictions.jsonl)
goes through these models, so a malformed value fails loudly at the edge instead of deep in a check.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from radqc.language import reading_language

Modality = Literal["cxr", "ct_report"]
MODALITIES: tuple[Modality, ...] = ("cxr", "ct_report")
Status = Literal["ok", "degraded", "error"]
CASE_ID_PATTERN = r"^[A-Za-z0-9._-]{1,128}$"


def case_id_for(name: str, limit: int = 128) -> str:
    """NAME (a file's stem or path) as a valid case id of at most LIMIT characters: other characters
    become "_". The spec's ids are ASCII, so a name with letters outside it is transliterated ("rapport
    été" -> "rapport_ete", "报告" -> "BaoGao": Han characters as pinyin, where dropping them left "case"
    for every Chinese file name) and gets a hash of the whole name: transliteration loses tones and
    accents (报告 and 宝高 read alike), and the hash keeps their ids apart whatever other files the folder
    holds. A name too long for LIMIT is cut and gets the hash too, after the cut: cut from the end, the
    hash of a long Chinese name was lost, and long names sharing a beginning read alike. The name is
    taken in its composed (NFC) form: macOS writes "é" as "e" and a combining accent (NFD), Linux as one
    character, and one file copied between them must keep its id."""
    name = unicodedata.normalize("NFC", name)
    readable = _id_characters(name) if name.isascii() else _id_characters(_transliterated(name).strip())
    if name.isascii() and len(readable) <= limit:
        return readable or "case"
    # surrogateescape: a file name that is not UTF-8 reaches here with its bytes as lone surrogates
    return f"{readable[:limit - 9] or 'case'}-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def _transliterated(name: str) -> str:
    from anyascii import anyascii

    return anyascii(name)


def _id_characters(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)



def validation_summary(error: ValidationError, whole: str, limit: int | None = None, with_input: bool = False) -> str:
    """ERROR in one line a user can act on: each problem's field (WHOLE when it is the object itself) and
    what is wrong, without pydantic's "Value error," prefix and documentation links; the first LIMIT
    problems; WITH_INPUT: also what the field held (a hand-written file's typo is then plain to see)."""
    return "; ".join(
        f"{'.'.join(map(str, item['loc'])) or whole}: {item['msg'].removeprefix('Value error, ')}"
        + (f" (got {item['input']!r})" if with_input and item["type"] != "missing" else "")
        for item in error.errors()[:limit]
    )

class Patient(BaseModel):
    model_config = ConfigDict(extra="ignore")

    sex: Literal["M", "F", "U"] = "U"
    age: float | None = Field(default=None, ge=0, le=130)

    @field_validator("age", mode="before")
    @classmethod
    def _lenient_age(cls, value: Any) -> Any:
        """"63", "63Y", "63岁" are 63; an age that cannot be read is unknown rather than an error."""
        if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            return value if value is None or 0 <= value <= 130 else None
        digits = "".join(ch for ch in str(value) if ch.isdigit() or ch == ".")
        try:
            age = float(digits)
        except ValueError:
            return None
        return age if 0 <= age <= 130 else None

    @field_validator("sex", mode="before")
    @classmethod
    def _normalise_sex(cls, value: Any) -> Any:
        """Sex as records write it. DICOM's PatientSex "O" (other) and "other" are read as unknown: no
        organ is then out of place, rather than the whole case refused."""
        if value is None:
            return "U"
        if isinstance(value, str):
            return _SEXES.get(value.strip().lower(), value.strip().upper())
        return value


_SEXES = {"male": "M", "female": "F", "unknown": "U", "other": "U", "o": "U", "男": "M", "女": "F", "男性": "M", "女性": "F"}


class Label(BaseModel):
    """One gold error instance."""

    model_config = ConfigDict(extra="ignore")

    error_type: str
    evidence: str = ""
    note: str = ""


class Finding(BaseModel):
    """One error an auditor reports. `evidence` is an exact substring of the report for ct_report."""

    model_config = ConfigDict(extra="ignore")

    error_type: str
    evidence: str = ""
    explanation: str = ""
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    source: str = ""
    guideline_ids: list[str] = Field(default_factory=list)
    # CXR findings point at a region (x0, y0, x1, y1 in original pixel coordinates) and carry the
    # measured values that led to them, so a reviewer can check the decision.
    region: list[int] | None = None
    measurements: dict[str, Any] = Field(default_factory=dict)


def normalise_view(value: Any) -> str | None:
    """A radiograph's view as PA, AP or LAT ("pa", "posteroanterior", "lateral" ...); None for anything
    else. Shared by datasets, which ignore a view they cannot read, and the command line, which refuses it."""
    if not isinstance(value, str):
        return None
    view = value.strip().upper()
    view = {"POSTEROANTERIOR": "PA", "ANTEROPOSTERIOR": "AP", "LATERAL": "LAT", "LL": "LAT", "RL": "LAT"}.get(view, view)
    return view if view in ("PA", "AP", "LAT") else None


def unknown_modality(value: Any) -> str:
    """Why VALUE is no modality, naming the one probably meant: "CT", "ct" or "CXR" (the words a radiology
    department uses) got pydantic's "Input should be 'cxr' or 'ct_report'", with no word of which."""
    written = str(value).strip().lower()
    meant = [m for m in MODALITIES if written and m.startswith(written)] or difflib.get_close_matches(written, MODALITIES, n=1)
    hint = f"; did you mean {meant[0]}?" if len(meant) == 1 else ""
    return f"{value!r} is no modality: use cxr (a chest radiograph) or ct_report (a CT report){hint}"


def _known_modality(value: Any) -> Any:
    if value not in MODALITIES:
        raise ValueError(unknown_modality(value))
    return value


# A modality as people write it in files radqc reads (a manifest line, a guideline's front matter, a plug-in's
# document), refused in `unknown_modality`'s words: pydantic's own ("Input should be 'cxr' or 'ct_report'") named
# neither kind nor the one meant.
KnownModality = Annotated[Modality, BeforeValidator(_known_modality)]


class Case(BaseModel):
    """One manifest line, with paths resolved and report text loaded by the dataset loader."""

    model_config = ConfigDict(extra="ignore")

    case_id: str = Field(pattern=CASE_ID_PATTERN)
    modality: KnownModality
    image_path: str | None = None
    view: Literal["PA", "AP", "LAT"] | None = None
    report: str | None = None
    report_path: str | None = None
    language: Literal["en", "zh"] = "en"
    exam: str | None = None
    patient: Patient | None = None
    labels: list[Label] | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    # Filled by the loader: the absolute, checked image file.
    image_file: str | None = None
    # Filled by radqc: what it changed about the input as given (a language tag the report's script
    # overrules, a report file's encoding guessed). The workflow reports such a case "degraded" with these notes.
    input_notes: list[str] = Field(default_factory=list)

    @field_validator("view", mode="before")
    @classmethod
    def _normalise_view(cls, value: Any) -> Any:
        """Optional hints are read leniently: an unknown view is no view, not a broken case."""
        return normalise_view(value)

    @model_validator(mode="before")
    @classmethod
    def _language(cls, data: Any) -> Any:
        """A given language is normalised ("zh-CN" -> "zh"); a missing or unknown one, or one the
        report's script plainly contradicts, is read off the script, the latter with a note
        (`reading_language`; the loader repeats this once a report_path has been read)."""
        if isinstance(data, dict):
            report = data.get("report")
            language, note = reading_language(data.get("language"), report if isinstance(report, str) else None)
            notes = [*(data.get("input_notes") or []), *([note] if note else [])]
            data = {**data, "language": language, "input_notes": notes}
        return data

    @property
    def scored(self) -> bool:
        return self.labels is not None

    @property
    def sex(self) -> str:
        return self.patient.sex if self.patient else "U"


class Adjudication(BaseModel):
    """An expert's verdict on one finding (spec: adjudications.jsonl). The same record is a reviewer's
    answer to a paused case, the run folder's review log, and the evaluator's input for the ADR."""

    model_config = ConfigDict(extra="ignore")

    case_id: str
    error_type: str
    evidence: str = ""
    verdict: Literal["confirmed", "rejected"]
    reviewer: str = ""

    @field_validator("verdict", mode="before")
    @classmethod
    def _filled_in(cls, value: Any) -> Any:
        """A `radqc review --template` line whose verdict was left as written was refused in pydantic's words
        ("Input should be 'confirmed' or 'rejected'"), which read as a wrong word rather than one not yet given. A verdict
        typed as a reviewer writes a word, "Confirmed", "REJECTED ", says the same and is read so rather than refused."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("left blank: set it to confirmed or rejected")
        return value.strip().lower() if isinstance(value, str) else value

    def key(self) -> tuple[str, str, str]:
        return (self.case_id, self.error_type, self.evidence)


class AuditResult(BaseModel):
    """The outcome of auditing one case: one line of predictions.jsonl, plus a trace for humans."""

    case_id: str
    modality: Modality | None
    status: Status = "ok"
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = None
    # The roles whose auditor gave no answer while the other's did: the findings are one role's alone, which a
    # "degraded" status does not tell apart from a doubtful input the auditors both read (`radqc audit` exits 3).
    failed_roles: list[str] = Field(default_factory=list)
    trace: dict[str, Any] = Field(default_factory=dict)

    def prediction_line(self) -> dict[str, Any]:
        """The spec's predictions.jsonl record (the trace goes to its own file)."""
        return self.model_dump(include={"case_id", "modality", "status", "findings", "error"})
