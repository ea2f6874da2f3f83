"""Read a dataset folder (`manifest.jsonl` + files) into cases, turning every bad line into a per-case
error instead of a crash: other people's datasets arrive here, and one bad line must not stop a run."""

from __future__ import annotations

import codecs
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from radqc.language import reading_language
from radqc.limits import (
    IMAGE_BYTES_VARIABLE, MANIFEST_LINE_BYTES_VARIABLE, MAX_IMAGE_BYTES, MAX_MANIFEST_LINE_BYTES, MAX_REPORT_BYTES,
    REPORT_BYTES_VARIABLE, over_limit,
)
from radqc.plural import counted
from radqc.report_text import ReportTextError, check_report_text, report_text
from radqc.schemas import MODALITIES, Case, Label, Modality, validation_summary
from radqc.taxonomy import error_types, unknown_type

MANIFEST = "manifest.jsonl"
# A manifest line's fields and its `patient`'s, as docs/dataset-format.md lists them.
FIELDS = ("case_id", "modality", "image_path", "view", "report", "report_path", "language", "exam", "patient", "labels", "meta")
PATIENT_FIELDS = ("sex", "age")
MAX_LISTED = 10  # cases named when `radqc eval` refuses a dataset's gold


class DatasetError(Exception):
    """The dataset as a whole cannot be read (no folder, no manifest, a file that is not one)."""


@dataclass
class CaseError:
    """A manifest line that could not become a case. Scored as a case with no findings when its
    modality and labels could still be read (an error is a miss, never a free pass). Gold labels that
    are not valid for the case's modality are kept out (`labels` None) and listed in `gold_problems`:
    read leniently they would turn a positive case into a clean one."""

    case_id: str
    line: int
    message: str
    modality: Modality | None = None
    labels: list[Label] | None = None
    gold_problems: list[str] = field(default_factory=list)

    @property
    def scored(self) -> bool:
        return self.modality is not None and self.labels is not None


@dataclass
class Dataset:
    root: Path
    manifest: Path  # the file read: a tool that writes labels back writes there
    cases: list[Case] = field(default_factory=list)
    errors: list[CaseError] = field(default_factory=list)
    # Every case's and bad line's id in the order the manifest lists them (cases and errors are kept
    # apart above): what a run's predictions are written back in.
    order: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.cases) + len(self.errors)

    @property
    def unread(self) -> list[CaseError]:
        """The manifest lines no case could be read from (not JSON, no known modality, a case_id used
        before): their modality unknown, no score or count covers them."""
        return [error for error in self.errors if error.modality is None]


def broken_gold_message(dataset: Dataset, limit: int = MAX_LISTED) -> str | None:
    """Why DATASET must not be scored, or None when every gold label is valid for its case.

    A typo in an error type, a label that is no object or evidence that is not in the report makes
    every metric of the run wrong (the positive case counts as clean, its finding as a false alarm),
    so `radqc eval` refuses before auditing anything rather than print plausible wrong numbers; the
    first LIMIT such cases are named, and `radqc data validate` lists them all."""
    broken = [error for error in dataset.errors if error.gold_problems]
    if not broken:
        return None
    return "\n".join([
        f"{counted(len(broken), 'case has', 'cases have')} gold labels (or field names) that are not valid for their modality; scores "
        "on them would be wrong:",
        *listed_cases(broken, limit, lambda error: "; ".join(error.gold_problems)),
        f"Fix them (`radqc data validate {dataset.root}` lists every problem) and run again.",
    ])


def unread_lines(dataset: Dataset, limit: int = MAX_LISTED) -> str | None:
    """`Dataset.unread` in words, or None when every line is a case. `radqc eval` names them: in no
    score and no count, a case given an id already used lost its gold labels without a word."""
    unread = dataset.unread
    if not unread:
        return None
    return "\n".join([
        f"{counted(len(unread), 'manifest line could not be read as a case and is', 'manifest lines could not be read as cases and are')} "
        f"in no score or count (`radqc data validate {dataset.root}` lists every problem):",
        *listed_cases(unread, limit, unread_problem),
    ])


def unread_problem(error: CaseError) -> str:
    """ERROR's message as listed under its id (a run's summary, `radqc data validate`): a line with no id of
    its own is listed as "line-2", and its message's "line 2: " said the line twice."""
    return error.message.removeprefix(f"line {error.line}: ") if error.case_id == f"line-{error.line}" else error.message


def listed_cases(cases: list, limit: int, problem) -> list[str]:
    """The first LIMIT CASES (anything with a case_id: bad lines, failed results) as message lines,
    "case_id: PROBLEM(case)", and how many more."""
    listed = [f"  {case.case_id}: {problem(case)}" for case in cases[:limit]]
    return listed + ([f"  ... and {len(cases) - limit} more"] if len(cases) > limit else [])


def load_dataset(path: str | Path) -> Dataset:
    """Load DATASET/manifest.jsonl (PATH may be the folder or the manifest file itself). A UTF-8 byte
    order mark (Windows editors write one) is skipped; an empty file, or one with no JSON object on
    any line (a report or a JSON array given by mistake), is a DatasetError, not a dataset of errors."""
    path = Path(path)
    manifest = path / MANIFEST if path.is_dir() else path
    if not path.exists():  # a mistyped path: "no manifest.jsonl found at" sent the user looking in a folder that is not there
        raise DatasetError(f"not found: {path}")
    if not manifest.is_file():
        raise DatasetError(f"no {MANIFEST} found at {path}")
    dataset = Dataset(root=manifest.parent.resolve(), manifest=manifest)
    seen: set[str] = set()
    objects = 0
    with manifest.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
            if not raw.strip():
                continue
            record = _parse_line(raw, number)
            # A line too long to read may well be a case (a long inline report): not proof of "no JSON object".
            objects += isinstance(record, dict) or len(raw) > MAX_MANIFEST_LINE_BYTES
            outcome = _read_case(record, number, dataset.root) if isinstance(record, dict) else record
            case_id = outcome.case_id
            if case_id in seen:
                outcome = CaseError(f"{case_id}#line{number}", number, f"duplicate case_id {case_id!r} (line {number})")
            seen.add(case_id)
            (dataset.errors if isinstance(outcome, CaseError) else dataset.cases).append(outcome)
            dataset.order.append(outcome.case_id)
    if not len(dataset):
        raise DatasetError(f"{manifest} holds no cases (it is empty)")
    if not objects:
        raise DatasetError(f"{manifest} is not a dataset manifest: no line is a JSON object (one case per line, see docs/dataset-format.md)")
    return dataset


def _parse_line(raw: bytes, number: int) -> dict | CaseError:
    fallback_id = f"line-{number}"
    if len(raw) > MAX_MANIFEST_LINE_BYTES:
        return CaseError(fallback_id, number, f"line {number}: {over_limit(len(raw), MAX_MANIFEST_LINE_BYTES, MANIFEST_LINE_BYTES_VARIABLE)}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return CaseError(fallback_id, number, f"line {number}: not valid UTF-8 JSON (byte {exc.start + 1} is not UTF-8: save the manifest as UTF-8)")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return CaseError(fallback_id, number, f"line {number}: not valid UTF-8 JSON ({json_problem(text, exc)})")
    if not isinstance(record, dict):
        return CaseError(fallback_id, number, f"line {number}: expected a JSON object")
    return record


def json_problem(line: str, error: json.JSONDecodeError) -> str:
    """ERROR, raised for the manifest line LINE, as the line's own column (the parser counted the line's end as a line
    of its own: "line 2 column 1" of a manifest's line 3), with what to do for the two ways a hand-written manifest
    breaks: a case run over several lines (a report pasted with its line breaks) and two cases on one line."""
    where = f"{error.msg.removesuffix(' at')} at column {error.pos + 1}"
    if error.pos >= len(line.rstrip("\r\n")):
        return (f"{where}, where the line ends: a case is one line, and a report's line breaks are written \\n inside its "
                "string (or the report kept in a file, report_path)")
    if error.msg == "Extra data":
        return f"{where}: more follows the case's closing brace; put each case on a line of its own"
    return where


def _read_case(record: dict, number: int, root: Path) -> Case | CaseError:
    """RECORD as a case with its inputs resolved; its gold labels are checked on their own (not by
    the Case model) so that a broken label is named as such, and never dropped in silence."""
    case_id = record.get("case_id")
    case_id = case_id if isinstance(case_id, str) and case_id else f"line-{number}"
    modality = record.get("modality") if record.get("modality") in MODALITIES else None
    try:
        case = Case.model_validate({**record, "labels": None})
    except ValidationError as exc:
        inline_report = record.get("report") if isinstance(record.get("report"), str) else None
        gold = _gold_problems(record, modality, inline_report) if modality else []
        return _case_error(case_id, number, f"line {number}: invalid case: {validation_summary(exc, 'record', limit=3)}", modality, record, gold)
    problem = _resolve_inputs(case, root)
    gold = _gold_problems(record, case.modality, case.report)
    if problem or gold:
        return _case_error(case.case_id, number, problem, case.modality, record, gold)
    case.labels = _labels(record)
    if record.get("report") is None and case.report is not None:  # read from report_path only now
        case.language, note = reading_language(record.get("language"), case.report)
        case.input_notes += [note] if note else []
    return case


def _case_error(
    case_id: str, number: int, problem: str | None, modality: Modality | None, record: dict, gold: list[str]
) -> CaseError:
    """The error for a case that cannot be audited; scored on its gold labels when they are valid."""
    misspelt = misspelt_fields(record)  # among GOLD, named as they are: not a label's problem
    labels_wrong = [item for item in gold if item not in misspelt]
    gold_message = f"invalid gold labels: {'; '.join(labels_wrong)}" if labels_wrong else None
    message = "; ".join(part for part in (problem, *misspelt, gold_message) if part)
    labels = None if gold or modality is None else _labels(record)
    return CaseError(case_id, number, message, modality, labels, gold)


def _labels(record: dict) -> list[Label] | None:
    """The gold labels of a record `label_problems` passed (None: an unlabelled case)."""
    labels = record.get("labels")
    return None if labels is None else [Label.model_validate(label) for label in labels]


def _gold_problems(record: dict, modality: Modality, report: str | None) -> list[str]:
    """What keeps a manifest line's gold from being scored as written: its labels, the criteria it says
    they were judged on, and field names misspelt (`misspelt_fields`)."""
    return (misspelt_fields(record) + label_problems(record.get("labels"), modality, report)
            + judged_criteria_problems(record, modality))


def misspelt_fields(record: dict) -> list[str]:
    """RECORD's field names that miss one of the spec's by a slip ("lables", "Report", "sex" outside `patient`),
    each with the field meant, or []. Extra fields are allowed and ignored, so such a line was read without
    it: a labelled case scored as unlabelled, a patient's sex or the ordered exam unknown, and no word said."""
    patient = record.get("patient")
    named = [(name, FIELDS, "") for name in record] + [
        (name, PATIENT_FIELDS, "patient.") for name in (patient if isinstance(patient, dict) else {})]
    problems = []
    for name, fields, prefix in named:
        meant = prefix + meant if (meant := _meant(name, fields)) else (
            f"patient.{name.lower()}" if not prefix and name.lower() in PATIENT_FIELDS else None)
        if name not in fields and meant:
            problems.append(f"field {prefix + name!r} is not in the format: did you mean {meant!r}?")
    return problems


def _meant(name: str, fields: tuple[str, ...]) -> str | None:
    """The one of FIELDS NAME misspells (its case aside, a letter or two slipped), or None: "patient_id" or
    "labels_v2" is a field of its own."""
    close = difflib.get_close_matches(name.lower(), fields, n=1, cutoff=0.8)
    return close[0] if close and abs(len(close[0]) - len(name)) <= 2 else None


def judged_criteria_problems(record: dict, modality: Modality) -> list[str]:
    """What is wrong with a line's `meta.judged_criteria` (radqc extension: the error types its gold
    speaks for, the only ones the evaluator scores it on), or []. A label of a type not listed would be
    dropped, reading a positive case as clean; an id that is no error type of MODALITY silences the
    findings of the type meant; a value that is no list is not read at all."""
    meta = record.get("meta")
    criteria = meta.get("judged_criteria") if isinstance(meta, dict) else None
    if criteria is None:
        return []
    if not isinstance(criteria, list) or not all(isinstance(item, str) for item in criteria):
        return [f"meta.judged_criteria must be a list of error type ids, not {_shown(criteria)}"]
    known = error_types(modality)
    problems = [f"meta.judged_criteria: {unknown_type(item, modality)}" for item in criteria if item not in known]
    labels = record.get("labels") if isinstance(record.get("labels"), list) else []
    return problems + [
        f"labels[{index}]: {label['error_type']!r} is not in meta.judged_criteria, so it would not be scored"
        for index, label in enumerate(labels)
        if isinstance(label, dict) and label.get("error_type") in known and label["error_type"] not in criteria
    ]


def label_problems(labels: object, modality: Modality, report: str | None) -> list[str]:
    """What keeps LABELS (a manifest line's raw `labels` value) from being gold for a case of MODALITY
    with REPORT (None: not read, so evidence goes unchecked); [] when they are, or the case is
    unlabelled."""
    if labels is None:
        return []
    if not isinstance(labels, list):
        return [f"labels must be a list of label objects, not {_shown(labels)}"]
    return [
        f"labels[{index}]: {problem}"
        for index, label in enumerate(labels)
        if (problem := label_problem(label, modality, report))
    ]


def label_problem(label: object, modality: Modality, report: str | None) -> str | None:
    """Why LABEL (one raw gold label, or a reviewer's verdict as one) is not valid gold for a case of
    MODALITY, or None: the spec asks for an object whose `error_type` is an id of the modality in
    taxonomy.json and whose `evidence`, for a CT report, is an exact substring of REPORT."""
    if not isinstance(label, dict):
        return f"{_shown(label)} is not a label object such as {{\"error_type\": \"laterality\", \"evidence\": \"...\"}}"
    try:
        parsed = Label.model_validate(label)
    except ValidationError as exc:
        return validation_summary(exc, "label", limit=3)
    if parsed.error_type not in error_types(modality):
        return unknown_type(parsed.error_type, modality)
    if modality == "ct_report" and report is not None and parsed.evidence and parsed.evidence not in report:
        return f"evidence {parsed.evidence!r} ({parsed.error_type}) is not a substring of the report"
    return None


def _shown(value: object) -> str:
    """VALUE for a message: its type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"


def resolve_inside(root: Path, relative: str) -> Path:
    """The file RELATIVE names inside ROOT; ValueError when it is absolute or leaves ROOT (also via links)."""
    if not relative or Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise ValueError(f"path {relative!r} must be relative to the dataset folder")
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        # A folder linked to an image store is the usual way in, and "images/a.png leaves the folder"
        # reads as nonsense without the link.
        via = "" if ".." in Path(relative).parts else f" through a symbolic link (to {candidate}); copy the files into the dataset folder"
        raise ValueError(f"path {relative!r} leaves the dataset folder{via}")
    return candidate


def _resolve_inputs(case: Case, root: Path) -> str | None:
    source = "report"  # what a ReportTextError is about: the inline report or the file read
    try:
        if case.modality == "cxr":
            if not case.image_path:
                return "cxr case without image_path"
            image = resolve_inside(root, case.image_path)
            _check_file(image, case.image_path, MAX_IMAGE_BYTES, IMAGE_BYTES_VARIABLE)
            case.image_file = str(image)
        elif case.report is None:
            if not case.report_path:
                return "ct_report case needs report or report_path"
            report_file = resolve_inside(root, case.report_path)
            source = report_file.name
            from radqc.agents.cxr.image_io import foreign_image, sniff_format  # here: image_io brings numpy, which validating text need not load

            # Read as text, a film was told to be saved as plain text ("binary data (a Word document, say)"), or
            # refused for its size as a report. One radqc does not read (TIFF, BMP) is named as `radqc audit` names
            # it: only once it is not report text, since a report may begin "BM...".
            head = _head(report_file)
            if film := sniff_format(head):
                return f"{source} is a {film.upper()} image, not a report: a radiograph is a cxr case's image_path"
            try:
                _check_file(report_file, case.report_path, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)
                case.report, note = report_text(report_file.read_bytes())
            except ValueError:
                if other := foreign_image(head):
                    return f"{source} is not a report but {other}"
                raise
            case.input_notes += [note] if note else []
        elif (size := len(case.report.encode("utf-8"))) > MAX_REPORT_BYTES:
            return f"report of {over_limit(size, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)}"
        else:
            check_report_text(case.report)
    except ReportTextError as exc:
        return f"{source} is {exc}"
    except (ValueError, OSError) as exc:
        return str(exc)
    return None


def _head(path: Path) -> bytes:
    """The first bytes of PATH that tell an image's format, or none when it is no file to read."""
    if not path.is_file():
        return b""
    with path.open("rb") as handle:
        return handle.read(132)


def _check_file(path: Path, relative: str, max_bytes: int, variable: str) -> None:
    """PATH, the file RELATIVE names in the manifest, named as the manifest names it: in a dataset of
    many folders a bare file name ("missing.png") does not say which one to look in."""
    if not path.is_file():
        # A manifest written on Windows separates folders by "\", which Linux and macOS read as part of a name.
        hint = " (separate folders with /, not \\)" if "\\" in relative else ""
        raise ValueError(f"file not found: {relative}{hint}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"{relative} is {over_limit(size, max_bytes, variable)}")
