"""`radqc data`: regenerate the project's datasets, and check any dataset against the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from radqc.cli.options import HELP_MARKUP, Typer, checked_exam, checked_view
from radqc.data import DATA_DIR
from radqc.plural import counted
from radqc.settings import DATASET_SEED

app = Typer(
    rich_markup_mode=HELP_MARKUP,
    help=(
        "Build and check datasets in the radqc format (docs/dataset-format.md).\n\n"
        "Examples:\n\n"
        "- `radqc data index /data/today`\n"
        "- `radqc data validate path/to/your/dataset`\n"
        "- `radqc data apply-verdicts my-set --verdicts runs/x/adjudications.jsonl`"
    ),
    no_args_is_help=True,
)


@app.command("synth")
def synth(
    seed: int = typer.Option(DATASET_SEED, "--seed", envvar="RADQC_SEED", help="Random seed; the same seed reproduces the same bytes (the committed data uses the default)."),
    out: Path = typer.Option(DATA_DIR, "--out", envvar="RADQC_DATA_DIR", help="Folder to write ct_reports/ and cxr/ into (by default the clone's own data/, whatever the current folder)."),
    only: str = typer.Option(
        "all", "--only", envvar="RADQC_DATA_SYNTH_ONLY", help="Which datasets: all, ct (CT reports) or cxr (radiographs).",
    ),
    source: Path = typer.Option(
        DATA_DIR / "cxr" / "source", "--source", envvar="RADQC_DATA_SYNTH_SOURCE",
        help="Folder of real radiographs the CXR faults are simulated on (with --only all or cxr).",
    ),
    force: bool = typer.Option(False, "--force", envvar="RADQC_DATA_SYNTH_FORCE", help="Replace splits already in OUT (by default the committed data)."),
) -> None:
    """Regenerate the development datasets (dev and test splits) from a seed.

    Writes OUT/ct_reports/{dev,test} and OUT/cxr/{dev,test} (manifest.jsonl and files; OUT/ct_reports also a CARD.md), and prints each split's counts.
    Splits already there are replaced only with --force: by default OUT is the clone's own data/, from
    any folder, and a run with another seed or generator would rewrite the committed data (exit status
    2, nothing written). Nothing is written either when the radiographs are asked for and --source holds none.

    Examples:

    - `radqc data synth --seed 7 --out /tmp/radqc-data`
    - `radqc data synth --only ct --force      # rebuild the committed CT reports`
    """
    if only not in ("all", "ct", "cxr"):
        raise typer.BadParameter("use all, ct or cxr", param_hint="--only")
    datasets = {"all": ("ct_reports", "cxr"), "ct": ("ct_reports",), "cxr": ("cxr",)}[only]
    existing = [out / dataset / split for dataset in datasets for split in ("dev", "test") if (out / dataset / split).exists()]
    if existing and not force:
        raise typer.BadParameter(
            f"{existing[0]} exists (a dataset, maybe the committed one); use --force to replace it, or another --out", param_hint="--out"
        )
    if only in ("all", "cxr"):
        from radqc.data.synth.cxr_images.sources import load_sources

        # Checked before anything is written: the CT reports were written, then the run failed here.
        if not source.is_dir() or not load_sources(source):
            raise typer.BadParameter(f"no source radiographs found in {source} (the clone's data/cxr/source holds them)", param_hint="--source")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise typer.BadParameter(f"cannot create {out}: {exc.strerror or exc}", param_hint="--out") from exc
    if only in ("all", "ct"):
        from radqc.data.synth.ct_reports import synthesize as synth_reports

        for split, counts in synth_reports(seed, out / "ct_reports").items():
            cases, clean = counts["cases"], sum(counts["clean"].values())
            labels = {error_type: sum(by_language.values()) for error_type, by_language in counts["labels"].items()}
            languages = ", ".join(f"{n} {language}" for language, n in cases.items())
            typer.echo(f"wrote {out / 'ct_reports' / split}: {counted(sum(cases.values()), 'report')} ({languages}), "
                       f"{clean} clean; error labels: {_listed(labels)}")
    if only in ("all", "cxr"):
        from radqc.data.synth.cxr_images import synthesize as synth_images

        for split, counts in synth_images(seed, out / "cxr", source)["splits"].items():
            typer.echo(f"wrote {out / 'cxr' / split}: {counted(counts['cases'], 'film')} of {counted(counts['patients'], 'patient')}, "
                       f"{counts['clean']} clean; faults: {_listed(counts['positives'])}")


def _listed(counts: dict[str, int]) -> str:
    """Counts by name in a line ("laterality 13, omission 14"): printed as a Python dict, a split's
    counts were one line of braces and quotes some 900 characters long."""
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def _no_folder_sex(value: str | None) -> None:
    """Refuse `--sex` (VALUE) saying where a report's sex goes instead: click's bare "No such option: --sex
    (Possible options: --exam)" left a QC lead who knows `radqc audit --sex` without a way on, and named an
    option that has nothing to do with it. Hidden from --help, whose text says why there is none; no
    environment twin, since a RADQC_SEX set for `radqc audit` must not stop an index."""
    if value is not None:
        raise typer.BadParameter(
            "radqc data index has no such option: a folder holds patients of both sexes, and one sex given to every report would make "
            "each other patient's anatomy a sex mismatch. Give a report's sex on its manifest line "
            '(\"patient\": {\"sex\": \"F\"}), or audit the report alone with `radqc audit REPORT --sex F`; '
            "without one, the sex check reads the sex a report states", param_hint="--sex")


@app.command("index")
def index(
    folder: Path = typer.Argument(..., help="Folder of radiographs (PNG, JPEG, DICOM, any names) and .txt CT reports."),
    exam: str = typer.Option(
        None, "--exam", envvar="RADQC_EXAM", callback=checked_exam,
        help="The examination as ordered, given to every report.",
    ),
    view: str = typer.Option(
        None, "--view", envvar="RADQC_VIEW", callback=checked_view,
        help="PA, AP or LAT, given to every radiograph (a DICOM ViewPosition wins).",
    ),
    force: bool = typer.Option(False, "--force", envvar="RADQC_DATA_INDEX_FORCE", help="Replace an existing manifest.jsonl."),
    sex: Optional[str] = typer.Option(None, "--sex", hidden=True, callback=_no_folder_sex),
) -> None:
    """Write FOLDER/manifest.jsonl with one unlabelled case per radiograph and report in it.

    Then `radqc eval FOLDER` audits them. Files are recognised by their content; the others are listed, and
    so are licence, readme and attribution files (LICENSE*, README*, NOTICE*, ...), never read as reports.
    An existing manifest is kept unless --force is given (exit status 2, as for a folder with nothing to audit,
    whose first skipped files are named with why).

    Nothing is filtered: every file it recognises is a case, --exam is written into every report and --view into every
    radiograph.
    There is no --sex: a folder holds patients of both sexes, and one sex written into every report would make each
    other patient's anatomy (a prostate, a uterus) a sex-mismatch finding. Without one, the sex check reads the
    sex a report states ("Sex: F", "65-year-old man"); to give it, add `"patient": {"sex": "F"}` to the
    report's manifest line, or audit the report alone with `radqc audit REPORT --sex F`.

    Example:

    - `radqc data index /data/today && radqc eval /data/today --out runs/today`
    """
    import json

    from radqc.cli.render import visible
    from radqc.dataset import MANIFEST
    from radqc.folder_index import index_folder

    if not folder.is_dir():
        raise typer.BadParameter(f"not a folder: {folder}", param_hint="FOLDER")
    manifest = folder / MANIFEST
    if manifest.exists() and not force:
        raise typer.BadParameter(f"{manifest} exists (a dataset, maybe with gold labels); use --force to replace it", param_hint="FOLDER")
    found = index_folder(folder, exam=exam, view=view)
    if not found.cases:
        raise typer.BadParameter(f"no radiograph or .txt report found under {folder}{_skipped_reasons(found.skipped)}", param_hint="FOLDER")
    try:
        manifest.write_text("".join(json.dumps(case, ensure_ascii=False) + "\n" for case in found.cases), encoding="utf-8")
    except OSError as exc:  # a read-only export or share is common: say what to do, not a traceback
        raise typer.BadParameter(
            f"cannot write {manifest}: {exc.strerror or exc}. The manifest must sit in the folder (its paths are "
            "relative to it): index a copy of the folder you may write into", param_hint="FOLDER",
        ) from exc
    counts = {m: sum(case["modality"] == m for case in found.cases) for m in ("cxr", "ct_report")}
    typer.echo(f"wrote {visible(manifest)}: {counted(counts['cxr'], 'radiograph')}, {counted(counts['ct_report'], 'report')}; "
               f"{counted(len(found.skipped), 'file')} skipped")
    for relative, why in found.skipped:
        typer.echo(f"  skipped {visible(relative)}: {visible(why)}")


UNLABELLED_NAMED = 3  # unlabelled cases named with how to label them: an example or three, not the whole run


def _labelling_step(case_ids: list[str]) -> str:
    """How to make the unlabelled cases CASE_IDS take their confirmed findings as labels: "give such a case its
    labels first" left a QC lead who had indexed a folder (`radqc data index` writes none) at a dead end."""
    from radqc.cli.render import visible

    named = list(dict.fromkeys(case_ids))
    more = f" and {len(named) - UNLABELLED_NAMED} more" if len(named) > UNLABELLED_NAMED else ""
    return (f"Once a reviewer has read a case in full ({', '.join(visible(name) for name in named[:UNLABELLED_NAMED])}{more}), add "
            "\"labels\": [] to its manifest line (no error beyond those confirmed) and apply the verdicts again: its confirmed "
            "findings become its labels")


SKIPPED_NAMED = 3  # skipped files named when a folder yields no case: enough to see why, not a screen of them


def _skipped_reasons(skipped: list[tuple[str, str]]) -> str:
    """Why the files of a folder with no case were skipped, the first few: refused alone, a folder of TIFF
    films gave no hint that TIFF is the problem."""
    from radqc.cli.render import visible

    if not skipped:
        return ""
    named = [f"  skipped {visible(relative)}: {visible(why)}" for relative, why in skipped[:SKIPPED_NAMED]]
    more = [f"  ... and {len(skipped) - SKIPPED_NAMED} more"] if len(skipped) > SKIPPED_NAMED else []
    return "\n".join([f"; {counted(len(skipped), 'file')} skipped:", *named, *more])


@app.command("validate")
def validate(dataset: Path = typer.Argument(..., help="Dataset folder holding manifest.jsonl.")) -> None:
    """Check a dataset against the spec, listing every problem; exit code 1 when anything is wrong.

    Every bad line, missing or unreadable file, gold label that is not valid for its case (unknown
    error type, not an object, evidence not in the report) is listed.

    Each radiograph is decoded as the audit reads it, at its working size (a PNG, JPEG or DICOM that is
    complete, with pixel data matching its header, and large enough to audit): a fraction of a second
    a film. Language tags the report's script overrules, reports in a script radqc does not read
    (Cyrillic, kana, Hangul), report encodings guessed (Chinese GB18030/GBK), reports without a findings
    or an impression section (nothing to compare between them), and DICOM headers that declare another
    examination (a CT slice, a hand film) are listed as notes, not problems, as an audit marks such a
    case "degraded". The exit code lets it guard a CI job.

    Example:

    - `radqc data validate data/samples`
    """
    from radqc.agents.cxr.image_io import ImageLoadError, radiograph_notes
    from radqc.agents.report.document import report_notes
    from radqc.cli.dataset_argument import load_dataset_argument
    from radqc.cli.render import visible
    from radqc.dataset import unread_problem

    data = load_dataset_argument(dataset)
    problems = [f"{e.case_id}: {unread_problem(e)}" for e in data.errors]
    notes = []
    for case in data.cases:
        notes += [f"{case.case_id}: {note}" for note in case.input_notes]
        if case.modality == "cxr":
            try:
                notes += [f"{case.case_id}: {note}" for note in radiograph_notes(case.image_file)]
            except ImageLoadError as exc:
                problems.append(f"{case.case_id}: {exc}")
        elif case.report:
            notes += [f"{case.case_id}: {note}" for note in report_notes(case.report, case.language)]
    counts = {m: sum(c.modality == m for c in data.cases) for m in ("cxr", "ct_report")}
    typer.echo(f"{counted(len(data), 'line')}: {counts['cxr']} cxr, {counts['ct_report']} ct_report, {counted(len(problems), 'problem')}")
    for problem in problems:
        typer.echo(f"  {visible(problem)}")
    for note in notes:
        typer.echo(f"  note: {visible(note)}")
    if problems:
        raise typer.Exit(code=1)


@app.command("apply-verdicts")
def apply_verdicts_command(
    dataset: Path = typer.Argument(..., help="Dataset folder (or its manifest file) whose manifest gets the confirmed labels."),
    verdicts: Path = typer.Option(..., "--verdicts", envvar="RADQC_VERDICTS", help="adjudications.jsonl, e.g. RUN_DIR/adjudications.jsonl written by `radqc review`."),
) -> None:
    """Add the findings reviewers confirmed to the dataset's gold labels.

    manifest.jsonl.bak keeps the old manifest.

    All or nothing: each confirmed verdict must name a case of the dataset and be a valid label for it
    (an error type of its modality; for a CT report, evidence that is a substring of the report), and
    no finding (case, type and evidence) may be both confirmed and rejected: reviewers who disagree
    decide, then keep one of those verdicts. Otherwise every problem is listed, nothing is written,
    and the exit code is 1. A finding both confirmed and rejected on an unlabelled case is listed but
    holds nothing back: neither verdict would become a label there.
    Confirmed verdicts on unlabelled cases add nothing (their count is printed, with the first cases): one verdict
    does not make a case fully judged; give a case a reviewer has read in full `"labels": []` in the manifest and apply
    again to have them added. Nor does a confirmed finding that gold already holds, matched as by
    `radqc eval` (a label of its type: for a CT report one whose evidence overlaps, for a radiograph
    any): it is counted as already in gold, so re-applying changes nothing. A byte-order mark in
    either file is fine.

    Example:

    - `radqc review runs/ct && radqc data apply-verdicts data/my-set --verdicts runs/ct/adjudications.jsonl`
    """
    import json

    from radqc.cli.dataset_argument import load_dataset_argument
    from radqc.cli.render import visible
    from radqc.eval.adjudications import AdjudicationError, read_adjudications
    from radqc.eval.gold_update import add_confirmed_labels, disputes, on_unlabelled_cases, verdict_problems
    from radqc.jsonl import jsonl_text, numbered_lines, write_atomically

    data = load_dataset_argument(dataset)
    manifest = data.manifest
    if not verdicts.is_file():
        raise typer.BadParameter(f"no such file: {verdicts}", param_hint="--verdicts")
    try:
        verdict_list = read_adjudications(verdicts)
    except AdjudicationError as exc:
        raise typer.BadParameter(str(exc), param_hint="--verdicts") from exc
    rejected = verdict_problems(data, verdict_list)
    if rejected:
        typer.echo(f"{counted(len(rejected), 'problem')} with the verdicts; nothing written to {visible(manifest)}:")
        for problem in rejected:
            typer.echo(f"  {visible(problem)}")
        raise typer.Exit(code=1)
    original = manifest.read_bytes()
    records = []
    for number, line in numbered_lines(manifest):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"{manifest} line {number} is not JSON; fix it first ({exc})", param_hint="DATASET") from exc
    cases = {case.case_id: case for case in data.cases}
    updated, added, already = add_confirmed_labels(records, verdict_list, cases)
    if added:
        manifest.with_suffix(".jsonl.bak").write_bytes(original)
        write_atomically(manifest, jsonl_text(updated))
    typer.echo(f"{counted(added, 'confirmed label')} added to {visible(manifest)}; {already} already in gold")
    if unlabelled := on_unlabelled_cases(verdict_list, cases):
        typer.echo(f"{counted(len(unlabelled), 'confirmed verdict')} on unlabelled cases not added: a verdict on some findings does not "
                   f"make a case fully labelled. {_labelling_step([verdict.case_id for verdict in unlabelled])}")
    if undecided := disputes(verdict_list, cases)[1]:
        typer.echo(f"{counted(len(undecided), 'finding')} of unlabelled cases both confirmed and rejected, for the reviewers to "
                   f"settle before the case is labelled:")
        for dispute in undecided:
            typer.echo(f"  {visible(dispute)}")
