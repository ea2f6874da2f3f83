"""`radqc review RUN_DIR`: confirm or reject the findings of cases a run paused for human review.

Verdicts come interactively or from a JSONL file in the adjudications format; each reviewed case
resumes in the workflow, is written to the run's predictions, and joins the past-case store.
"""

from __future__ import annotations

import getpass
import json
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from radqc.cli.options import HELP_MARKUP, Typer, existing_path
from radqc.plural import counted

CHOICES = {"c": "confirmed", "r": "rejected"}
ANSWERS = {"c": "c", "confirm": "c", "r": "r", "reject": "r", "u": "u", "unsure": "u", "s": "s", "skip": "s"}


def review(
    run_dir: Path = typer.Argument(..., help="The --out folder of a `radqc eval` run whose profile has review: true."),
    verdicts: Optional[Path] = typer.Option(
        None, "--verdicts", envvar="RADQC_VERDICTS",
        help="JSONL verdicts {case_id, error_type, evidence, verdict: confirmed|rejected, reviewer} to apply "
        "instead of asking (the adjudications.jsonl format; --template writes one to fill in).",
    ),
    template: Optional[Path] = typer.Option(
        None, "--template", envvar="RADQC_REVIEW_TEMPLATE", help="Write the pending findings as a verdicts file to fill in, then stop.",
    ),
    list_only: bool = typer.Option(
        False, "--list", envvar="RADQC_REVIEW_LIST",
        help="Only list the pending cases, each with its findings' type and evidence (as a verdict names them) and a radiograph's file.",
    ),
    reviewer: Optional[str] = typer.Option(
        None, "--reviewer", envvar="RADQC_REVIEWER",
        help="Your name, recorded with each verdict (default: your login); with --verdicts, with each line that names none "
             "(a --template line names the reviewer only when --template is given one).",
    ),
) -> None:
    """Review pending cases interactively, or apply verdicts from a file.

    A reviewed case is written to RUN_DIR/predictions.jsonl (rejected findings leave its answer), its
    verdicts are appended to RUN_DIR/adjudications.jsonl, and its confirmed findings join the past-case
    store, 32 cases at a time; a case given no verdict stays pending. Cases answered in a review that
    was stopped (Ctrl-C, kill) are written by the next `radqc review` or `radqc eval`. Re-run `radqc
    eval` with the same --out to score them.

    Exit status: 0 when done; 1 when --verdicts has bad lines, or both confirms and rejects a finding
    (listed by line number; their cases stay pending: fix them and give the file again, its lines
    already applied are left as written); 2 for a bad argument (--verdicts or --template for a run
    whose profile has no review step, say) or a folder that is no run; 130 when stopped at a
    question (Ctrl-C), the cases answered so far written.

    Examples:

    - `radqc review runs/ct --list`
    - `radqc review runs/ct --template verdicts.jsonl   (fill in "verdict", then:)`
    - `radqc review runs/ct --verdicts verdicts.jsonl --reviewer dr-li`
    """
    from radqc.cli.render import console, progress_bar, shown
    from radqc.eval.runner import RunFolder, RunFolderError, complete_reviews, pending_reviews
    from radqc.graphs.review import REFUSED

    existing_path(run_dir, "run folder")
    named_reviewer, reviewer = reviewer, reviewer or _login()
    try:
        pending = pending_reviews(run_dir)
        profile = RunFolder(run_dir).profile()
    except RunFolderError as exc:
        raise typer.BadParameter(str(exc), param_hint="RUN_DIR") from exc
    console.print(f"{counted(len(pending), 'case')} waiting for review in {shown(run_dir)}")
    if not profile.review:  # "0 waiting" alone reads as if every case had been reviewed
        console.print(f"This run's profile, {shown(profile.name)}, does not pause cases for review. For a reviewer to "
                      f"confirm flagged cases, run `radqc eval` into a new --out with a profile that has `review: true` "
                      f"(--profile offline-review, or your own profile with that line).")
        # Ignored with exit 0, a verdicts file would read as applied, and a template as written (to be
        # filled in, then refused).
        if verdicts:
            raise typer.BadParameter(f"{verdicts} cannot apply: no case of this run waits for review", param_hint="--verdicts")
        if template:
            raise typer.BadParameter(f"{template} not written: no case of this run waits for review", param_hint="--template")
        return
    if not (template or verdicts):  # asked for a file, the count will do: the cases are in the file
        for item in pending:
            # A case whose last answer the workflow refused waits again: without the reason it reads as never answered.
            refused = f"; its last answer was refused: {shown(item.payload[REFUSED])}" if REFUSED in item.payload else ""
            console.print(f"  {shown(item.payload['case_id'])}: {counted(len(item.payload['findings']), 'finding')}{refused}",
                          highlight=False, soft_wrap=True)
            if list_only:  # the interactive review shows each finding as it asks about it
                for line in _waiting_for(item.payload):
                    console.print(f"    {shown(line)}", highlight=False, soft_wrap=True)
    if list_only or (template and not pending):
        return
    if template:
        try:
            _write_template(template, pending, named_reviewer or "")
        except OSError as exc:
            raise typer.BadParameter(f"cannot write {template}: {exc.strerror or exc}", param_hint="--template") from exc
        console.print(f"wrote {shown(template)}: set each \"verdict\" to confirmed or rejected, then use --verdicts")
        return
    applied = 0
    if not pending:  # nothing to decide; a review stopped half way may still have answered cases to write
        decide, problems = (lambda item: None), []
    elif verdicts:
        decide, problems, applied = _from_file(existing_path(verdicts, "verdicts file"), reviewer, pending, _written_verdicts(run_dir))
    else:
        decide, problems = _ask(console, reviewer), []
    if applied:
        console.print(f"{counted(applied, 'line')} of {shown(verdicts)} already applied by an earlier review, left as written")
    if problems:
        console.print(f"{counted(len(problems), 'problem')} in {shown(verdicts)}; their cases stay pending:")
        for problem in problems:
            console.print(f"  {shown(problem)}", highlight=False, soft_wrap=True)
    # A file's verdicts on a large run take minutes (12-25 cases/s, most of it storing past cases) without a word.
    bar = progress_bar("applying verdicts") if verdicts and pending else nullcontext(lambda done, total: None)
    try:
        with bar as progress:
            finished = complete_reviews(run_dir, _advancing(decide, len(pending), progress))
    except RunFolderError as exc:  # a run writing to the folder, say
        raise typer.BadParameter(str(exc), param_hint="RUN_DIR") from exc
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C, or the end of piped input, at a prompt
        # The cases answered so far would otherwise be neither pending nor in adjudications.jsonl
        # until some later command wrote them: write them now, as `radqc eval` keeps its answers.
        finished = complete_reviews(run_dir, lambda item: None)
        console.print(f"stopped: {_tally(pending, finished)}; run the same command again to go on")
        _note_unstored(finished)
        raise typer.Exit(130) from None
    console.print(_tally(pending, finished))
    _note_unstored(finished)
    if problems:
        raise typer.Exit(code=1)


# A one-command app: mount the command itself (`app.command("review")(review.review)`), since a typer
# group would not accept options after RUN_DIR.
app = Typer(rich_markup_mode=HELP_MARKUP, add_completion=False, no_args_is_help=True)
app.command()(review)


def _advancing(decide: Callable[[Any], Any], total: int, progress: Callable[[int, int], None]) -> Callable[[Any], Any]:
    """DECIDE, telling PROGRESS how many of the TOTAL waiting cases it has decided so far."""
    decided = 0

    def deciding(item):
        nonlocal decided
        answer = decide(item)
        decided += 1
        progress(decided, total)
        return answer

    return deciding


def _note_unstored(finished: list) -> None:
    """Say on stderr how many of the FINISHED cases the past-case store refused, and why (the first one's reason): said
    in traces.jsonl alone, a review against a knowledge base radqc may not write (one it reads from a copy) read as if
    its verdicts had been stored for retrieval."""
    from radqc.cli.render import visible
    from radqc.knowledge import NOT_STORED

    refused = [str(result.trace.get("closed_loop", "")) for result in finished]
    refused = [outcome.removeprefix(NOT_STORED) for outcome in refused if outcome.startswith(NOT_STORED)]
    if refused:
        typer.secho(visible(f"note: {counted(len(refused), 'reviewed case')} not stored as past cases, so retrieval will not "
                            f"offer {'it' if len(refused) == 1 else 'them'} (the verdicts are written): {refused[0]}"),
                    fg="yellow", err=True)


def _tally(pending: list, finished: list) -> str:
    """What a review did: the cases it wrote, and the PENDING ones it left waiting."""
    waiting = {item.payload["case_id"] for item in pending} - {result.case_id for result in finished}
    return f"{counted(len(finished), 'case')} reviewed and written; {len(waiting)} still pending"


def _waiting_for(payload: dict[str, Any]) -> list[str]:
    """What a waiting case (its PAYLOAD) needs a verdict on: a radiograph's file, then one line per finding as a
    verdict names it, its type and evidence exactly as a verdicts file gives them. `--list` gave each case's number
    of findings alone, so a reviewer choosing what to take on, or filling in verdicts by hand, had to open the run's files."""
    lines = [f"film: {payload['image_file']}"] if payload.get("image_file") else []
    for (error_type, evidence), findings in _as_verdicts_name_them(payload["findings"]).items():
        alike = f" ({len(findings)} findings, one verdict)" if len(findings) > 1 else ""
        lines.append(f"{error_type}: {evidence!r}{alike}")
    return lines


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in containers without a passwd entry
        return "reviewer"


def _write_template(path: Path, pending: list, reviewer: str) -> None:
    """Each pending finding as a verdict line to fill in; a case whose last answer was refused carries
    the reason on its lines (`REFUSED`, a key a verdict ignores), for the reviewer filling them in. REVIEWER is
    the name --template was given, else blank: the login of whoever wrote the template was recorded as the
    reviewer of every verdict, over the --reviewer the person who filled it in gave with --verdicts."""
    from radqc.graphs.review import REFUSED

    lines = [
        {"case_id": item.payload["case_id"], "error_type": error_type, "evidence": evidence, "verdict": "", "reviewer": reviewer}
        | ({REFUSED: item.payload[REFUSED]} if REFUSED in item.payload else {})
        for item in pending
        for error_type, evidence in _as_verdicts_name_them(item.payload["findings"])
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def _as_verdicts_name_them(findings: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """FINDINGS by (type, evidence), in order. A verdict names a finding by these alone, so one verdict
    judges findings that share them (a radiograph's fault found at two places, say): asked about one by
    one, a reviewer could confirm one and reject the other, which is refused as both for one finding."""
    named: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        named[finding["error_type"], finding["evidence"]].append(finding)
    return named


def _written_verdicts(run_dir: Path) -> set[tuple[str, str, str, str]]:
    """The verdicts earlier reviews wrote into RUN_DIR's adjudications.jsonl, as (case, type, evidence, verdict)."""
    from radqc.eval.runner import ADJUDICATIONS
    from radqc.jsonl import read_jsonl
    from radqc.schemas import Adjudication

    return {(*(verdict := Adjudication.model_validate(record)).key(), verdict.verdict) for record in read_jsonl(run_dir / ADJUDICATIONS)}


def _from_file(
    path: Path, reviewer: str, pending: list, written: set[tuple[str, str, str, str]]
) -> tuple[Callable[[Any], list[dict[str, Any]] | None], list[str], int]:
    """(verdicts for each case, what is wrong with the file, line by line, how many lines were applied before).

    Each line must be a verdict (confirmed or rejected) on a finding of a case waiting for review,
    named by its exact type and evidence. A case with any bad line is left pending as a whole: a verdict
    that matches nothing would otherwise resume it as if reviewed, its finding unjudged. So is a case
    with a finding the file both confirms and rejects, for the reviewers to settle. A bad line that
    names no case holds back every case. A case without any verdict stays pending too. A line an
    earlier review already WRITTEN for a finding no longer waiting is no mistake: the file applied again
    once its bad lines were fixed, as the message about them invites, named every good line of its
    first go; and a case audited in part and audited again waits only for its new findings, its
    reviewed ones keeping their verdicts."""
    from radqc.eval.adjudications import AdjudicationError, conflict_message, conflicts, numbered_lines, parse_adjudication

    waiting = {item.payload["case_id"]: item.payload["findings"] for item in pending}
    by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
    problems: list[str] = []
    held: set[str | None] = set()
    numbers, matched = [], []
    applied = 0
    for number, line in numbered_lines(path):
        try:
            verdict = parse_adjudication(line, {"reviewer": reviewer})
        except AdjudicationError as exc:
            problems.append(f"line {number}: {exc}")
            held.add(exc.case_id)
            continue
        problem = _unmatched(verdict, waiting)
        if problem and (*verdict.key(), verdict.verdict) in written:
            applied += 1
            continue
        if problem:
            problems.append(f"line {number}: {problem}")
            held.add(verdict.case_id)
            continue
        numbers.append(number)
        matched.append(verdict)
        by_case[verdict.case_id].append(verdict.model_dump())
    for positions in conflicts(matched):
        problems.append(conflict_message(matched, positions, lambda p: f"line {numbers[p]}") + "; keep one of them")
        held.add(matched[positions[0]].case_id)
    if None in held:
        return (lambda item: None), problems, applied
    return (lambda item: None if item.payload["case_id"] in held else by_case.get(item.payload["case_id"])), problems, applied


def _unmatched(verdict, waiting: dict[str, list[dict[str, Any]]]) -> str | None:
    """Why VERDICT names no finding of a case WAITING for review; None when it names one."""
    findings = waiting.get(verdict.case_id)
    if findings is None:
        return f"case {verdict.case_id!r} is not waiting for review in this run"
    if any(f["error_type"] == verdict.error_type and f["evidence"] == verdict.evidence for f in findings):
        return None
    return f"case {verdict.case_id!r} has no pending {verdict.error_type!r} finding with evidence {verdict.evidence!r} (type and evidence must match exactly)"


def _ask(console, reviewer: str):
    """Ask about each finding as verdicts name them (`_as_verdicts_name_them`); a case with no verdict
    at all stays pending."""

    from radqc.cli.render import shown

    def decide(item) -> list[dict[str, Any]] | None:
        payload = item.payload
        console.rule(f"{shown(payload['case_id'])} ({shown(payload['modality'])})")
        console.print(shown(payload.get("report") or f"image: {payload.get('image_file')}"), highlight=False)
        answers = []
        for (error_type, evidence), findings in _as_verdicts_name_them(payload["findings"]).items():
            for finding in findings:
                console.print(
                    f"\n[bold]{shown(error_type)}[/bold] ({finding['confidence']:.2f}, {shown(finding['source'])}): "
                    f"{shown(repr(evidence))}\n  {shown(finding['explanation'])}"
                )
            if len(findings) > 1:
                console.print(f"  (one verdict for these {len(findings)} findings: a verdict names a finding by its type and evidence)")
            choice = _choice()
            if choice == "s":
                return None
            if choice in CHOICES:
                answers.append({"case_id": payload["case_id"], "error_type": error_type,
                                "evidence": evidence, "verdict": CHOICES[choice], "reviewer": reviewer})
        return answers or None

    return decide


def _choice() -> str:
    """One of c, r, u, s; anything else is asked again, since guessing "unsure" would silently
    drop the verdict the reviewer meant to give."""
    while True:
        answer = typer.prompt("[c]onfirm, [r]eject, [u]nsure, [s]kip case", default="u").strip().lower()
        if answer in ANSWERS:
            return ANSWERS[answer]
        typer.echo("please answer c, r, u or s")
