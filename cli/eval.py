"""`radqc eval DATASET --out DIR`: audit every case, then score against the gold labels."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Optional

import typer

from radqc.cli.entry import INCOMPLETE
from radqc.cli.options import (JsonOption, NoRagOption, ProfileOption, checked_workers, load_run_profile, note_unread_exams,
                               require_credentials, run_folder_path)
from radqc.plural import counted
from radqc.settings import default_workers


def evaluate(
    dataset: Path = typer.Argument(..., help="Dataset folder holding manifest.jsonl (docs/dataset-format.md)."),
    out: Path = typer.Option(
        ..., "--out", "-o", envvar="RADQC_OUT", parser=run_folder_path,
        metavar="<path>",  # as typer writes a Path option's; with a parser it wrote the annotation's name, <Path>
        help="Output folder; re-running with the same folder resumes (cases whose input changed are audited again).",
    ),
    adjudications: Optional[Path] = typer.Option(
        None, "--adjudications", envvar="RADQC_ADJUDICATIONS",
        help="Expert verdicts on extra findings (default: the dataset's adjudications.jsonl and the verdicts "
        "given with `radqc review` in --out, when present).",
    ),
    html: bool = typer.Option(
        True, "--html/--no-html", envvar="RADQC_HTML",
        help="Also write report.html with plots (--no-html removes an earlier one, which would disagree with metrics.json).",
    ),
    workers: int = typer.Option(
        default_workers(), "--workers", "-w", envvar="RADQC_WORKERS", callback=checked_workers, show_default="one per core, at most 4",
        help="Cases audited at once (threads; more than 8 per core is lowered to 8 per core, with a note). The results do not depend on it; 1 audits in manifest order.",
    ),
    site_baseline: bool = typer.Option(
        True, "--site-baseline/--no-site-baseline", envvar="RADQC_SITE_BASELINE",
        help="Radiographs: judge each film against how the dataset's own films measure (median sharpness, "
        "exposure and noise of up to 60 of them; 20 or more needed), so that a hospital's processing is not "
        "read as faults. Kept in --out as site_baseline.json; `radqc audit --site` reuses it.",
    ),
    profile: str = ProfileOption,
    no_rag: bool = NoRagOption,
    as_json: bool = JsonOption,
) -> None:
    """Audit a dataset and write predictions.jsonl, metrics.json (and report.html) into --out.

    Interrupted runs (Ctrl-C, a crash) resume where they stopped when re-run with the same --out.
    One run at a time may write to a --out, and a --out holds one dataset's run with one profile.

    Scores, per modality (report.html gives each with what it is a share of). Case level asks whether a case
    has an error type in its gold labels and among its findings: per type P, R, F1 (n: gold cases with it;
    n/a: a share of none); macro F1 is the mean of the per-type F1 over the types some gold case has (n/a
    when none has; macro F1 decided leaves out the radiograph criteria marked *, which the run's auditors never
    report), micro F1 the F1 of every type's counts pooled (n/a with no gold case nor finding). Instance level (the CT
    report task) matches each gold error to at most one finding of its type whose evidence overlaps it: recall, precision and f1
    (inst. R, inst. P per type; n/a with no gold error, no finding, neither). False alarm rate: the share of clean cases (no gold error) with any finding. Additional
    discovery rate: findings outside the gold labels that a reviewer confirmed (`radqc review`,
    --adjudications) over all gold errors; "-" until then, and unreviewed discoveries counts those waiting.

    Exit status: 0 when the run finished complete (manifest lines that are no case are listed; cases
    waiting for review are not missing); 1 when every case failed; 2 for a bad argument (a manifest none
    of whose lines is a case too), an unusable --out, or a model whose key is not set; 3 when the run
    finished incomplete: some cases failed (bad input, a model down: errors in predictions.jsonl, scored as
    misses) or were audited in part (an auditor gave no answer, the findings are the other's alone); 130
    when stopped by Ctrl-C (re-run the same command to resume). A re-run or re-scoring exits as the
    folder's answers stand: failed cases and cases audited in part are audited again, so it exits 0 once
    every case is answered in full.

    Examples:

    - `radqc eval data/samples --out runs/samples`
    - `radqc eval data/ct_reports/test --out runs/ct-norag --no-rag`
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from radqc.agents.llm.outage import failed_unasked
    from radqc.agents.cxr.decide import undecided
    from radqc.cli.render import console, print_metrics, shown, visible
    from radqc.cli.dataset_argument import load_dataset_argument
    from radqc.dataset import broken_gold_message, unread_lines
    from radqc.eval.metrics import compute_metrics, unlabelled_summary
    from radqc.eval.predictions import read_predictions
    from radqc.eval.llm_usage import usage_totals
    from radqc.eval.runner import ADJUDICATIONS, PREDICTIONS, TRACES, RunFolder, RunFolderError, run_dataset
    from radqc.jsonl import read_jsonl
    from radqc.schemas import MODALITIES

    data = load_dataset_argument(dataset)
    if len(data.unread) == len(data):  # exiting 1 after a run, "every case failed", sent the user to predictions.jsonl
        raise typer.BadParameter(f"{data.manifest} holds no case: {unread_lines(data)}", param_hint="DATASET")
    if broken := broken_gold_message(data):
        raise typer.BadParameter(broken, param_hint="DATASET")
    note_unread_exams(data.cases)
    run_profile = load_run_profile(profile, no_rag)
    try:
        to_audit = RunFolder(out).cases_to_audit(data, run_profile)
    except RunFolderError as exc:
        raise typer.BadParameter(str(exc), param_hint="--out") from exc
    # Only the cases audited now call a model: re-scoring a run, or one whose other cases wait for review, needs no key.
    require_credentials(run_profile, {case.modality for case in to_audit})
    knowledge_base = _knowledge_base_held() if run_profile.retrieval.enabled else None
    if adjudications and not adjudications.is_file():
        raise typer.BadParameter(f"not found: {adjudications}", param_hint="--adjudications")
    # Verdicts written by hand are checked before auditing, which may take hours; the run's own (from
    # `radqc review`) are read after it, once the run has cut a last line a crash may have torn.
    hand_made_verdicts = [adjudications] if adjudications else [data.root / ADJUDICATIONS]
    _read_verdicts(hand_made_verdicts)

    # On stderr when it is a terminal, as `radqc kb add` shows its bar: on stdout, stopping it left a blank
    # line above --json's document when stdout is no terminal; in a log it would only be its last frame.
    bar_console = Console(stderr=True, emoji=False)
    progress = Progress(
        TextColumn("[bold]auditing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=bar_console, transient=as_json, disable=not bar_console.is_terminal,
    )
    task = progress.add_task("", total=None)

    try:
        with ExitStack() as bar:
            def start(total: int) -> None:
                """Show the bar once the run folder is claimed: a refused --out (a file, another run's folder,
                one in use) is then the only thing printed, not a bar stopped at 0/? above it."""
                bar.enter_context(progress)
                progress.update(task, total=total)

            stats = run_dataset(
                data, out, run_profile,
                on_case=lambda result: progress.update(task, advance=1, description=f"{shown(result.case_id)} {result.status}"),
                on_start=start,
                on_pending=lambda case_id: progress.update(task, advance=1, description=f"{shown(case_id)} waits for review"),
                workers=workers,
                site_baseline=site_baseline,
                knowledge_base=knowledge_base,
            )
    except RunFolderError as exc:
        raise typer.BadParameter(str(exc), param_hint="--out") from exc
    except KeyboardInterrupt:  # Ctrl-C: each finished case is already written, and its checkpoint kept
        typer.echo(_stopped_message(data, out), err=True)
        raise typer.Exit(130) from None
    verdicts, disputed = _read_verdicts(hand_made_verdicts + ([] if adjudications else [out / ADJUDICATIONS]))
    predictions = read_predictions(out / PREDICTIONS)
    metrics = compute_metrics(data, predictions, verdicts)
    if metrics["cxr"]:
        metrics["cxr"]["undecided"] = undecided([(role.auditor, role.min_confidence) for role in (run_profile.recall, run_profile.precision)])
    # and the findings whose verdicts on overlapping evidence disagree (scored as unreviewed too)
    disputed += [dispute for modality in MODALITIES for dispute in (metrics[modality] or {}).get("disputed_discoveries", [])]
    without_retrieval = _cases_without_retrieval(predictions)
    metrics["run"] = {"dataset": str(data.root), **stats.model_dump(), "cases_without_retrieval": without_retrieval,
                      "llm_usage": usage_totals(read_jsonl(out / TRACES)), "unlabelled": unlabelled_summary(data, predictions)}
    metrics["run"]["rag"] = stats.rag and not without_retrieval
    metrics["run"]["unread_lines"] = len(data.unread)
    metrics["run"]["failed_unasked"] = failed_unasked([result.error for result in _failed(data, predictions)], stats.models_down)
    summary_notes = _summary_notes(data, predictions, metrics, stats, out, html)
    review_notes = _review_notes(disputed, metrics, stats, out)
    # In words too, for --json: its document alone held none of what the summary says below its tables.
    metrics["notes"] = [text for text, _ in summary_notes] + review_notes
    _write_json(out / "metrics.json", metrics)
    from radqc.eval.case_errors import case_errors, unlabelled_findings
    from radqc.eval.html_report import REPORT, write_html_report

    if html:
        write_html_report(out, metrics, title=f"radqc eval: {data.root.name}", errors=case_errors(data, predictions),
                          unlabelled=unlabelled_findings(data, predictions))
    else:  # an earlier run's page would show numbers this metrics.json no longer holds
        (out / REPORT).unlink(missing_ok=True)
    if as_json:
        typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
    else:
        print_metrics(metrics)
        if any(metrics[modality] for modality in MODALITIES):  # a run of unlabelled cases prints no score to explain
            console.print(f"what each score is a share of: `radqc eval --help`{f' or {REPORT}' if html else ''}")
        for text, style in summary_notes:
            console.print(shown(text), style=style or None, highlight=not style)
        page = f" and {REPORT}" if html else ""
        console.print(f"{_run_counts(stats)}; wrote {shown(out)}/metrics.json{page}")
    for note in review_notes:  # on stderr: with --json, stdout holds the metrics alone
        typer.secho(visible(note), fg="yellow", err=True)
    failed = _failed(data, predictions)
    if len(failed) == len(data) - len(data.unread):  # a line that is no case is no failed case
        typer.echo(f"every case failed; their messages are in {visible(out / PREDICTIONS)}", err=True)
        raise typer.Exit(1)
    if failed or stats.partly_audited:  # the summary lists them
        raise typer.Exit(INCOMPLETE)


def _stopped_message(data, out: Path) -> str:
    """What a Ctrl-C leaves in OUT for DATA's cases, said as it is: a Ctrl-C during the run's start-up (the
    models loading, the site baseline measured) was told "the answers so far are kept" of none."""
    from radqc.cli.render import visible
    from radqc.eval.predictions import read_predictions
    from radqc.eval.runner import PREDICTIONS, RunFolder

    predictions = read_predictions(out / PREDICTIONS)
    answered = {case.case_id for case in data.cases if case.case_id in predictions}
    if not answered:
        return "stopped before any case was answered; run the same command again to start the run."
    retried = answered & RunFolder(out).retried(predictions)
    failed = {case_id for case_id in retried if predictions[case_id].status == "error"}
    again = (f", {len(retried)} {'failed' if retried == failed else 'failed or audited in part'} and will be retried"
             if retried else "")
    return (f"stopped: {len(answered - retried)} of {counted(len(data.cases), 'case')} audited, kept in {visible(out)}{again}; "
            "run the same command again to resume where it stopped.")


def _summary_notes(data, predictions: dict, metrics: dict, stats, out: Path, html: bool) -> list[tuple[str, str]]:
    """What the summary says below its tables, as (plain text, the Rich style it is shown in)."""
    from radqc.agents.llm.outage import taken_out
    from radqc.dataset import unread_lines
    from radqc.eval.html_report import REPORT
    from radqc.eval.llm_usage import answered, usage_line
    from radqc.eval.metrics import unlabelled_note
    from radqc.eval.runner import PREDICTIONS

    notes = []
    if note := unlabelled_note(metrics["run"]["unlabelled"]):
        listed = f"{out / REPORT} lists those with findings, " if html and metrics["run"]["unlabelled"]["with_findings"] else ""
        notes.append((f"{note}; {listed}their answers are in {out / PREDICTIONS}", ""))
    if unread := unread_lines(data):
        notes.append((unread, "yellow"))
    if failed := _failed_cases(data, predictions, out / PREDICTIONS, stats.models_down):
        notes.append((failed, "yellow"))
    if stats.partly_audited:
        notes.append((f"{counted(stats.partly_audited, 'case was', 'cases were')} audited in part: an auditor gave no answer and the "
                      f"findings are the other's alone (status \"degraded\"; why in {out / PREDICTIONS}). Re-run the same command "
                      "to audit them again.", "yellow"))
    if without_retrieval := metrics["run"]["cases_without_retrieval"]:
        notes.append((f"{counted(without_retrieval, 'case')} ran without retrieval (the knowledge base failed; see their error in "
                      f"{out / PREDICTIONS}): this is not a RAG result (\"rag\": false).", "yellow"))
    if stats.site_baseline_films:
        notes.append((_site_summary(out, stats.site_baseline_films), ""))
    if stats.knowledge_base_changed:
        from radqc.knowledge import knowledge_base_words

        then, now = (knowledge_base_words(held) for held in (stats.knowledge_base, stats.knowledge_base_changed))
        if then == now:  # a guideline edited, a case reviewed again: only the contents' hashes tell them apart
            then, now = (f"{words}, hash {held['hash']}" for words, held in ((then, stats.knowledge_base), (now, stats.knowledge_base_changed)))
        notes.append((f"the knowledge base changed since this run started ({then}; now {now}): the cases audited since retrieved "
                      "from the new one. For answers from one knowledge base, run again with a new --out.", "yellow"))
    notes += [(usage_line(model, total), "") for model, total in (metrics["run"]["llm_usage"] or {}).items()]
    failed = metrics["run"]["failed_unasked"]
    notes += [(f"{taken_out(model, why, answered(model, metrics['run']['llm_usage']), failed[model] > 0)}. Re-run the same command to "
               "audit them again.", "red")  # else only predictions.jsonl says why its calls failed
              for model, why in stats.models_down.items()]
    return notes


def _review_notes(disputed: list[str], metrics: dict, stats, out: Path) -> list[str]:
    """What waits for the reviewers: findings both confirmed and rejected, cases not yet reviewed."""
    from radqc.schemas import MODALITIES

    notes = []
    if disputed:
        notes.append("\n".join([f"{counted(len(disputed), 'finding')} both confirmed and rejected, scored as unreviewed until the "
                                 "reviewers keep one verdict:", *(f"  {conflict}" for conflict in disputed)]))
    if stats.pending_review:
        # The two kinds of waiting case are told apart because the review changes different things. A labelled one is
        # scored already, with no answer: as a miss, or as a false alarm when clean (it was flagged), so the note says
        # so, and re-running after the review scores its answer instead. An unlabelled one is in no score (its own line
        # says so): re-running only brings the run's counts up to date.
        scored = sum((metrics.get(modality) or {}).get("n_pending", 0) for modality in MODALITIES)
        misses = f" ({counted(scored, 'scored as a miss', 'scored as misses')} until then, a clean one as a false alarm)" if scored else ""
        then = f"score {'it' if scored == 1 else 'them'}" if scored else "bring metrics.json up to date"
        notes.append(f"{counted(stats.pending_review, 'case waits', 'cases wait')} for review{misses}: `radqc review {out}`, then "
                     f"re-run this command to {then}.")
    return notes


def _run_counts(stats) -> str:
    """What the run did, in words: the cases it audited (those that paused for review among them, which
    are audited even though no answer is written yet), those it took from an earlier run, and its pace
    (none when it audited nothing: a re-score)."""
    paused = f" ({counted(stats.paused, 'of them waits', 'of them wait')} for review)" if stats.paused else ""
    pace = f", {stats.cases_per_second:.2f} cases/s" if stats.audited else ""
    return f"{stats.audited} audited{paused}, {stats.resumed} resumed from an earlier run{pace}"


def _failed(data, predictions: dict) -> list:
    """The answers of the cases whose audit failed; the lines that are no case are not among them."""
    unread = {error.case_id for error in data.unread}
    return [result for result in predictions.values() if result.status == "error" and result.case_id not in unread]


def _failed_cases(data, predictions: dict, where: Path, models_down: dict[str, str]) -> str | None:
    """The cases whose audit failed, by id and error (a missing file, a model that was down), or None:
    counted alone, they left a user of a large dataset to search WHERE for them. Only those with gold
    labels are scored as misses: a folder `radqc data index` wrote was told its failures were. A manifest
    line that is no case is not one of them: `unread_lines` names it, and no count holds it. A model
    taken out of the run (MODELS_DOWN: model -> why) is named alone, its why said once below the list:
    repeated for every case and role, it buried the one thing to do (start the server, top up the account)."""
    from radqc.agents.llm.outage import failed_case_line
    from radqc.dataset import MAX_LISTED, listed_cases
    from radqc.eval.metrics import scored_cases

    failed = _failed(data, predictions)
    if not failed:
        return None
    scored = sum(case.failed for case in scored_cases(data, predictions))
    if scored == len(failed):
        how = ", scored as a miss" if scored == 1 else ", scored as misses"
    else:
        how = (f", {counted(scored, 'scored as a miss', 'scored as misses')}" if scored
               else f", in no score: {'it has' if len(failed) == 1 else 'they have'} no gold labels")
    return "\n".join([f"{counted(len(failed), 'case')} failed{how} (every error is in {where}):",
                      *listed_cases(failed, MAX_LISTED, lambda result: failed_case_line(result.error, models_down, "below"))])


def _knowledge_base_held() -> dict:
    """What the knowledge base holds (`KnowledgeBase.fingerprint`), for the run to record. It is opened
    before auditing: a RAG evaluation without retrieval would measure something else, so an unusable
    one stops the run (exit 2) with the folder and the remedy."""
    from radqc.knowledge import KnowledgeBaseError, open_knowledge_base

    try:
        return open_knowledge_base().fingerprint()
    except KnowledgeBaseError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


def _cases_without_retrieval(predictions: dict) -> int:
    """How many audited cases the retrieval step failed for (their error says so: `AuditSteps._retrieve`)."""
    from radqc.graphs.nodes import RETRIEVAL_UNAVAILABLE

    return sum(1 for result in predictions.values() if RETRIEVAL_UNAVAILABLE in (result.error or ""))


def _read_verdicts(files: list[Path]):
    """(the verdicts in FILES that exist, or None when none does: no adjudications at all; the findings
    they both confirm and reject, in words). Such a finding's verdicts are left out, so that it counts
    as unreviewed rather than as whichever verdict came first. A bad file stops the command with a
    message naming its line."""
    from radqc.eval.adjudications import AdjudicationError, conflict_message, conflicts, read_adjudications

    present = [path for path in files if path.is_file()]
    if not present:
        return None, []
    try:
        read = [(path, verdict) for path in present for verdict in read_adjudications(path)]
    except AdjudicationError as exc:
        raise typer.BadParameter(str(exc), param_hint="--adjudications") from exc
    verdicts = [verdict for _, verdict in read]
    disputed = conflicts(verdicts)
    left_out = {position for positions in disputed for position in positions}
    return ([verdict for position, verdict in enumerate(verdicts) if position not in left_out],
            [conflict_message(verdicts, positions, lambda p: str(read[p][0])) for positions in disputed])


def _site_summary(out: Path, films: int) -> str:
    """What the radiographs were judged against, and how far the dataset's look departs from the
    fitted films' (a fault most films share would show here, taken for the site's look)."""
    from radqc.agents.cxr.decide import load_model
    from radqc.agents.cxr.site import SITE_FEATURES, departures
    from radqc.eval.runner import SITE_FILE, read_site_file

    differs = departures(read_site_file(out / SITE_FILE), load_model().reference)
    look = (", ".join(f"{SITE_FEATURES[name]} {ratio}x" for name, ratio in differs.items()) + " those of the films radqc was fitted on"
            if differs else "close to the films radqc was fitted on")
    return (f"radiographs judged against this dataset's own look, measured on {films} of its films ({look}; "
            f"{out / SITE_FILE}). If most films share one fault, use --no-site-baseline.")


def _write_json(path: Path, payload: dict) -> None:
    from radqc.jsonl import write_atomically

    write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=2))
