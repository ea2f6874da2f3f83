"""A folder of radiographs and reports as a dataset: the manifest `radqc data index` writes, so that a
QC team can audit the day's files with `radqc eval` without writing a manifest by hand.

Files are told apart by their content, not their names: archives export DICOM without a suffix, and a
`.png` that is not one is skipped with a reason instead of failing later in the run. Cases carry no
`labels` (audit only, see docs/dataset-format.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from radqc.dataset import MANIFEST
from radqc.language import detect_language
from radqc.limits import MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE, over_limit
from radqc.report_text import ReportTextError, report_text
from radqc.schemas import case_id_for

REPORT_SUFFIXES = {".txt"}
# A dataset as downloaded or exported carries its licence, readme and attribution beside the files, and
# as .txt they would be audited as CT reports. Told apart by name (any case, any suffix): their text
# is free prose that no content test separates from a report.
# Reports as a word processor or a RIS exports them: "neither an image nor a .txt report" left their owner to guess
# whether radqc reads them at all.
DOCUMENT_KINDS = {".docx": "a Word document", ".doc": "a Word document", ".rtf": "a rich-text document",
                  ".odt": "an OpenDocument text", ".pdf": "a PDF"}
DOCUMENTATION_NAMES = ("LICENSE", "LICENCE", "README", "NOTICE", "COPYING", "ATTRIBUTION", "SOURCE", "CHANGELOG")


class FolderIndex(BaseModel):
    cases: list[dict]
    skipped: list[tuple[str, str]]  # (relative path, why)


def index_folder(folder: Path, exam: str | None = None, view: str | None = None) -> FolderIndex:
    """One case per radiograph (PNG, JPEG or DICOM by content) and per `.txt` report `report_text` reads under
    FOLDER, in path order. EXAM goes with every report, VIEW with every radiograph. Hidden files and
    folders, the manifest itself and files that resolve outside FOLDER (symbolic links) are passed over;
    a dataset's own licence, readme or attribution file (`DOCUMENTATION_NAMES`) is listed as skipped."""
    from radqc.agents.cxr.image_io import foreign_image, misnamed_image, non_image_dicom, sniff_format

    root = folder.resolve()
    cases: list[dict] = []
    skipped: list[tuple[str, str]] = []
    taken: set[str] = set()
    for path in folder_files(root):
        relative = path.relative_to(root).as_posix()
        if not _utf8(relative):
            # bytes an older system wrote in its own encoding: a UTF-8 manifest cannot name the file
            skipped.append((relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
                            "its name is not UTF-8, so no manifest can name it: rename it"))
            continue
        if not path.resolve().is_relative_to(root):
            skipped.append((relative, "links outside the folder"))
            continue
        with path.open("rb") as handle:
            head = handle.read(132)
        if not head:
            # An export or copy that failed: "neither an image nor a report" sent the user to its format.
            skipped.append((relative, "empty"))
            continue
        kind = sniff_format(head)
        held = non_image_dicom(path) if kind == "dicom" else None
        if held:
            skipped.append((relative, f"a DICOM {held} file, not an image"))
            continue
        if kind:
            case = {"modality": "cxr", "image_path": relative} | ({"view": view} if view else {})
        elif path.name.upper().startswith(DOCUMENTATION_NAMES):
            skipped.append((relative, "licence, readme or attribution text (by its name), not a report"))
            continue
        elif path.suffix.lower() in REPORT_SUFFIXES:
            text, why = _report_text(path)
            if text is None:
                skipped.append((relative, foreign_image(head) or why))
                continue
            case = {"modality": "ct_report", "report_path": relative, "language": detect_language(text)} | ({"exam": exam} if exam else {})
        else:
            skipped.append((relative, misnamed_image(path) or foreign_image(head) or _saved_as_a_document(path)
                            or "neither a PNG, JPEG or DICOM image nor a .txt report"))
            continue
        cases.append({"case_id": _unique_case_id(relative, taken), **case})
    return FolderIndex(cases=cases, skipped=skipped)


def folder_files(root: Path) -> Iterator[Path]:
    """The files under ROOT that `index_folder` looks at, in path order: hidden ones and the manifest
    are passed over. Lazily, so that asking whether a folder holds any stops at the first."""
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        yield from (Path(directory) / name for name in sorted(files) if not name.startswith(".") and name != MANIFEST)


def _report_text(path: Path) -> tuple[str | None, str]:
    if path.stat().st_size > MAX_REPORT_BYTES:
        return None, over_limit(path.stat().st_size, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)
    try:
        return report_text(path.read_bytes())[0], ""  # an encoding guessed is noted when the dataset is loaded
    except ReportTextError as exc:
        return None, str(exc)


def _saved_as_a_document(path: Path) -> str | None:
    """Why PATH, by its suffix a word processor's document or a PDF, is no report radqc reads, and what to do; None
    for any other file."""
    kind = DOCUMENT_KINDS.get(path.suffix.lower())
    return f"{kind}: a dataset's reports are plain text, so save a report as .txt (UTF-8) to have it audited" if kind else None


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.walk keeps undecodable bytes as lone surrogates
        return False
    return True


def _unique_case_id(relative: str, taken: set[str]) -> str:
    """The path without its suffix, in the characters a case id allows; numbered when two collide."""
    stem = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
    base = case_id_for(stem, limit=120)  # room for a number
    case_id, number = base, 1
    while case_id in taken:
        number += 1
        case_id = f"{base}-{number}"
    taken.add(case_id)
    return case_id
