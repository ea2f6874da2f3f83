"""`radqc audit PATH`: audit one radiograph or one CT report through the same workflow as `radqc eval`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

from radqc.cli.entry import INCOMPLETE
from radqc.cli.options import (
    JsonOption, NoRagOption, ProfileOption, checked_exam, checked_language, checked_view, existing_path, load_run_profile,
    require_credentials,
)
from radqc.plural import counted


def _sex(value: str) -> str:
    """--sex read as datasets read it (M, F, U; also male, female, 男, 女), refused up front otherwise."""
    from pydantic import ValidationError

    from radqc.schemas import Patient

    try:
        return Patient(sex=value).sex
    except ValidationError as exc:
        raise typer.BadParameter(f"{value!r}: use M, F or U (unknown)") from exc


def audit(
    path: Path = typer.Argument(..., help="A chest radiograph (PNG, JPEG, DICOM) or a CT report: a text file (UTF-8; also UTF-16 or UTF-32 with a byte-order mark, Chinese GB18030/GBK) or a Word .docx; - reads a CT report from stdin."),
    language: Optional[str] = typer.Option(
        None, "--language", "-l", envvar="RADQC_LANGUAGE", callback=checked_language,
        help="Report language: en or zh (default: read off the text).",
    ),
    exam: Optional[str] = typer.Option(
        None, "--exam", envvar="RADQC_EXAM", callback=checked_exam,
        help="The examination as ordered, e.g. 'CT chest without contrast'.",
    ),
    sex: str = typer.Option("U", "--sex", envvar="RADQC_SEX", callback=_sex, help="Patient sex: M, F or U (unknown)."),
    view: Optional[str] = typer.Option(
        None, "--view", envvar="RADQC_VIEW", callback=checked_view, help="Radiograph view: PA, AP or LAT (a DICOM ViewPosition wins).",
    ),
    overlay: Optional[Path] = typer.Option(
        None, "--overlay", envvar="RADQC_OVERLAY",
        help="Radiographs: write an image (PNG or JPEG, as the name ends: .png, .jpg, .jpeg) with each finding's region "
        "drawn on the film (the plain film when nothing is found). Refused for CT reports.",
    ),
    site: Optional[Path] = typer.Option(
        None, "--site", envvar="RADQC_SITE",
        help="Radiographs: a `radqc eval` run folder of films from the same source (or its site_baseline.json), "
        "to judge this film against their look (without it, against the films radqc was fitted on).",
    ),
    profile: str = ProfileOption,
    no_rag: bool = NoRagOption,
    as_json: bool = JsonOption,
) -> None:
    """Audit one file and print its findings.

    The file is told apart by its content: a PNG, JPEG or DICOM is a chest radiograph, text a CT
    report (so is a Word .docx, read as `radqc kb add` reads one); options for the other kind (--exam, --language; --view, --site) are named on stderr as
    not used. PATH - reads a CT report from stdin, as a report file is read (its size limit too); a
    radiograph is given as its file. No file is written but the --overlay image, when asked for.

    The findings table names each fault in words (--json gives its id) and who found it: "both auditors"
    (the high-recall and the high-precision auditor agreed), "recall auditor only" or "precision auditor
    only" (the other did not report it), "recall auditor only, evidence rechecked" (the verifier admitted
    it after its evidence held up on a second look); --json's "source" keeps the raw value
    ("verifier(recall+precision)", ...).

    Exit status: 0 when audited (with or without findings; "degraded" by a doubtful input too); 1 when
    the case could not be audited (status "error": no auditor answered); 2 for a bad argument, a file
    that is neither a usable radiograph (an unreadable film too) nor a report, or a model whose key is not
    set; 3 when audited in part: an auditor gave no answer (a model down) and the findings are the
    other's alone (status "degraded", the failed roles in --json's "failed_roles").

    Examples:

    - `radqc audit chest.png --view AP`
    - `radqc audit report.txt --exam "CT abdomen with contrast" --sex F`
    - `radqc audit 报告.txt --language zh --json`
    - `pbpaste | radqc audit - --exam "CT chest"`
    """
    from radqc.cli.render import print_findings, shown, working
    from radqc.graphs.workflow import AuditWorkflow

    case = _case_for(path if path == STDIN else existing_path(path, "input file", "PATH"), language, exam, sex, view)
    _note_unused_options(case.modality, path, {"--language": language, "--exam": exam, "--view": view, "--site": site})
    if overlay:
        _check_overlay_target(overlay, path, case.modality)
    run_profile = load_run_profile(profile, no_rag)
    require_credentials(run_profile, {case.modality})
    with working(f"auditing {shown(_input_name(path))}"):
        result = AuditWorkflow(run_profile, site=_site(site)).audit(case)
    if as_json:
        typer.echo(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
    else:
        print_findings(result, title=_input_name(path))
    if overlay:
        _write_overlay(case, result, overlay, say=not as_json)
    if result.status == "error":
        raise typer.Exit(code=1)
    if result.failed_roles:
        raise typer.Exit(code=INCOMPLETE)


# PATH "-": a CT report read from stdin, as many CLI tools read "-" (`pbpaste | radqc audit -`).
STDIN = Path("-")


def _input_name(path: Path) -> str:
    return "stdin" if path == STDIN else path.name


def _case_for(path: Path, language: str | None, exam: str | None, sex: str, view: str | None):
    from pydantic import ValidationError

    from radqc.schemas import Case, case_id_for, validation_summary

    named = "stdin" if path == STDIN else str(path)
    fields: dict = {"case_id": case_id_for("stdin" if path == STDIN else path.stem), "patient": {"sex": sex}}
    if path == STDIN:
        fields |= _report_fields(_stdin_report(), named, language, exam)
    else:
        fields |= _file_fields(path, language, exam, view)
    try:
        return Case.model_validate(fields)
    except ValidationError as exc:
        raise typer.BadParameter(f"{named} is no case to audit: {validation_summary(exc, 'case')}", param_hint="PATH") from exc


def _file_fields(path: Path, language: str | None, exam: str | None, view: str | None) -> dict:
    """The case fields of the radiograph or CT report at PATH, told apart by its content."""
    from radqc.agents.cxr.image_io import foreign_image, misnamed_image, sniff_format
    from radqc.knowledge.word_document import WORD_SUFFIX
    from radqc.limits import MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE, over_limit

    if path.is_dir():
        raise typer.BadParameter(f"{path} is a folder: audit one file, or a dataset with `radqc eval` (`radqc data index` makes one of a folder)", param_hint="PATH")
    with path.open("rb") as handle:
        head = handle.read(132)
    if not head:
        raise typer.BadParameter(f"{path} is empty", param_hint="PATH")
    if sniff_format(head):
        _check_decodes(path)
        return {"modality": "cxr", "image_path": path.name, "image_file": str(path.resolve()), "view": view}
    if misnamed := misnamed_image(path):
        raise typer.BadParameter(f"{path} is {misnamed}", param_hint="PATH")
    if path.suffix.lower() == WORD_SUFFIX:
        return _word_report_fields(path, language, exam)
    # A TIFF, BMP, GIF or WebP film is named as one only once it is not report text (a report may
    # begin "BM..."): read as text it was told to be saved as UTF-8, or refused for its size as a report.
    size = path.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise typer.BadParameter(f"{path} is {foreign_image(head) or over_limit(size, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)}", param_hint="PATH")
    return _report_fields(path.read_bytes(), str(path), language, exam)


def _report_fields(data: bytes, name: str, language: str | None, exam: str | None) -> dict:
    """The case fields of a CT report whose bytes are DATA, refused naming NAME when they are no report text."""
    from radqc.agents.cxr.image_io import foreign_image
    from radqc.report_text import ReportTextError, report_text

    try:
        text, note = report_text(data)
    except ReportTextError as exc:
        unread = f"neither an image (PNG/JPEG/DICOM) nor a report to audit: {exc}"
        raise typer.BadParameter(f"{name} is {foreign_image(data[:132]) or unread}", param_hint="PATH") from exc
    return {"modality": "ct_report", "report": text, "language": language, "exam": exam, "input_notes": [note] if note else []}


def _word_report_fields(path: Path, language: str | None, exam: str | None) -> dict:
    """The case fields of a CT report saved from Word (.docx), its text read as `radqc kb add` reads a guideline's
    (`docx_text`): a RIS or a typist hands reports over so, and "save it as plain text" sent its owner to Word for each
    one. Its body is read up to the size limit of a report file, whatever images the file also holds."""
    from radqc.knowledge.word_document import UnreadableWordDocument, docx_text
    from radqc.limits import MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE
    from radqc.report_text import ReportTextError, check_report_text

    try:
        text = docx_text(path, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)
        check_report_text(text)
    except (UnreadableWordDocument, ReportTextError) as exc:
        raise typer.BadParameter(f"{path}: {exc}", param_hint="PATH") from exc
    return {"modality": "ct_report", "report": text, "language": language, "exam": exam}


def _stdin_report() -> bytes:
    """The CT report piped into stdin, under the size limit of a report file. A radiograph is refused: its
    regions, DICOM header and --overlay belong to a file."""
    from radqc.agents.cxr.image_io import sniff_format
    from radqc.limits import MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE, over_limit

    stdin = typer.get_binary_stream("stdin")
    if stdin.isatty():  # typed in, the report ends where the terminal's end of file does
        typer.secho("reading a CT report from stdin: end it with Ctrl-D (Ctrl-Z then Enter on Windows)", fg="yellow", err=True)
    data = stdin.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:  # counted to the end, not kept: the refusal names its size as a file's does
        size = len(data) + sum(len(block) for block in iter(lambda: stdin.read(1 << 20), b""))
        raise typer.BadParameter(f"stdin is {over_limit(size, MAX_REPORT_BYTES, REPORT_BYTES_VARIABLE)}", param_hint="PATH")
    if not data:
        raise typer.BadParameter("stdin is empty: pipe a CT report into it (`radqc audit - < report.txt`)", param_hint="PATH")
    if sniff_format(data[:132]):
        raise typer.BadParameter("stdin holds an image: a radiograph is audited from its file (`radqc audit chest.png`); "
                                 "stdin is read as a CT report", param_hint="PATH")
    return data


# The options that describe only one kind of input; --overlay, which asks for a file, is refused instead.
OPTION_MODALITY = {"--language": "ct_report", "--exam": "ct_report", "--view": "cxr", "--site": "cxr"}


def _note_unused_options(modality: str, path: Path, given: dict) -> None:
    """Say on stderr which options the file's kind leaves unused: dropped without a word, an --exam given
    to a film (or a --view to a report, perhaps from RADQC_VIEW) read as taken into account."""
    unused = [name for name, value in given.items() if value is not None and OPTION_MODALITY[name] != modality]
    if unused:
        kind = "a radiograph" if modality == "cxr" else "a CT report"
        typer.secho(f"note: {_input_name(path)} is {kind}, so {' and '.join(unused)} {'is' if len(unused) == 1 else 'are'} not used",
                    fg="yellow", err=True)


def _check_overlay_target(overlay: Path, path: Path, modality: str) -> None:
    """Refuse an --overlay that cannot be written before auditing, not after: the audit's answer would
    be lost to the error."""
    from radqc.agents.cxr.overlay import OVERLAY_FORMATS

    if modality != "cxr":
        raise typer.BadParameter(f"regions are drawn on radiographs only, and {_input_name(path)} is a CT report", param_hint="--overlay")
    if overlay.is_dir():
        raise typer.BadParameter(f"{overlay} is a folder; give the image file to write (.png or .jpg)", param_hint="--overlay")
    if overlay.exists() and overlay.samefile(path):
        # Written over, the film itself (a DICOM, say) would be lost to a drawing of it.
        raise typer.BadParameter(f"{overlay} is the radiograph being audited; give another file to write", param_hint="--overlay")
    if overlay.suffix.lower() not in OVERLAY_FORMATS:
        raise typer.BadParameter(f"{overlay.name}: name the overlay .png, .jpg or .jpeg (it is written in the format its name says)", param_hint="--overlay")
    folder = overlay.parent
    if not folder.is_dir():
        raise typer.BadParameter(f"folder not found: {folder}", param_hint="--overlay")
    if not os.access(folder, os.W_OK):
        raise typer.BadParameter(f"cannot write into {folder}", param_hint="--overlay")


def _write_overlay(case, result, overlay: Path, say: bool) -> None:
    """Write the overlay even when nothing was found (the image as audited, so the file the user asked
    for exists) and, unless the output is JSON, say what it shows."""
    from radqc.agents.cxr.overlay import draw_overlay
    from radqc.cli.render import console, shown

    try:
        draw_overlay(case.image_file, result.findings, overlay)
    except OSError as exc:
        raise typer.BadParameter(f"cannot write {overlay}: {exc.strerror or exc}", param_hint="--overlay") from exc
    if say:
        drawn = f"{counted(len(result.findings), 'finding')} outlined" if result.findings else "no findings, so no regions drawn"
        console.print(f"overlay written to {shown(overlay)}: {drawn}")


def _site(path: Path | None):
    """The baseline kept in a run folder's site_baseline.json, PATH being the folder or the file (None
    without --site)."""
    if path is None:
        return None
    from radqc.eval.runner import RunFolderError, read_site_file

    try:
        baseline = read_site_file(existing_path(path, "site baseline", "--site"))
    except RunFolderError as exc:
        raise typer.BadParameter(str(exc), param_hint="--site") from exc
    if baseline is None:
        raise typer.BadParameter(f"{path} holds no baseline: that run had it switched off or fewer than 20 radiographs", param_hint="--site")
    return baseline


def _check_decodes(path: Path) -> None:
    """A radiograph that cannot be audited (truncated, corrupt, too small to hold a chest) is an input
    error, not an audit that found nothing: in a dataset it is one error case, here it is the whole
    answer."""
    from radqc.agents.cxr.image_io import unauditable_reason

    if reason := unauditable_reason(str(path)):
        raise typer.BadParameter(reason, param_hint="PATH")
