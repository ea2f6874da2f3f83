"""`radqc kb`: manage and test the knowledge base the auditors retrieve from.

Chroma and the embedding model are imported inside the commands: `radqc --help` must stay fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import typer

from radqc.cli.options import HELP_MARKUP, Command, Typer, JsonOption, checked_language
from radqc.plural import counted

app = Typer(
    rich_markup_mode=HELP_MARKUP,
    help=(
        "The knowledge base: guidelines and verified past cases, searched offline (MiniLM + BM25).\n\n"
        "It lives in RADQC_KB_DIR (default RADQC_HOME/kb, i.e. ~/.radqc/kb); the shipped guidelines are indexed "
        "on first use. A command exits 2 when the knowledge base cannot be opened (`radqc kb rebuild` "
        "sets it aside and builds a fresh one). One built in a folder radqc may not write (a container image's, a "
        "read-only mount) is read from a copy: searching and auditing work, and the commands that change it (add, "
        "remove, add-cases, rebuild) exit 2 naming what to do.\n\n"
        "Examples:\n\n"
        "- `radqc kb search 'impression says left, findings say right' --modality ct_report`\n"
        "- `radqc kb search '平扫报告写了强化' -m ct_report --json`\n"
        "- `radqc kb add our-protocol.md chest-guideline.pdf --modality cxr`\n"
        "- `radqc kb stats`"
    ),
    no_args_is_help=True,
)

def _check_modality(modality: str | None) -> str | None:
    from radqc.schemas import MODALITIES, unknown_modality

    if modality is not None and modality not in MODALITIES:
        raise typer.BadParameter(unknown_modality(modality))
    return modality


def _check_error_types(ids: list[str]) -> list[str]:
    """--error-type ids refused up front when no modality has them (a typo), naming each modality's: refused with
    each file instead, they cost one "skipped" line a file and exit status 1, as if the files were at fault."""
    from radqc.schemas import MODALITIES
    from radqc.taxonomy import error_types

    if unknown := [i for i in ids if not any(i in error_types(m) for m in MODALITIES)]:
        raise typer.BadParameter(f"{unknown[0]!r} is no error type ({_known_error_types()})")
    return ids


def _known_error_types() -> str:
    """Each modality's error type ids, as --error-type's help and its refusal name them."""
    from radqc.schemas import MODALITIES
    from radqc.taxonomy import error_types

    return "; ".join(f"{m}: {', '.join(error_types(m))}" for m in MODALITIES)


class _AddCommand(Command):
    """`radqc kb add`, whose --error-type help is given the valid ids only when it is shown: the taxonomy read
    as the CLI loads would cost every `radqc --help` the import of pydantic."""

    def format_help(self, ctx, formatter):
        for param in self.params:
            if param.name == "error_type" and _ERROR_TYPE_HELP in param.help:
                param.help = param.help.replace(_ERROR_TYPE_HELP, f"one of {_known_error_types()}")
        super().format_help(ctx, formatter)


_ERROR_TYPE_HELP = "an id of the taxonomy"


def _knowledge_base(changing: bool = False) -> Any:
    """The knowledge base, opened once; an unusable folder ends the command with one message saying
    which folder and what to do, not with Chroma's traceback. CHANGING, for a command that changes it: one radqc may
    not write (read from a copy otherwise, `KnowledgeBase.refuse_changes`) ends it so too, before any work or copy."""
    from radqc.knowledge import KnowledgeBaseError, KnowledgeBaseReadOnly, open_knowledge_base

    try:
        return open_knowledge_base(changing)
    except (KnowledgeBaseError, KnowledgeBaseReadOnly) as exc:
        _echo(exc, fg="red", err=True)
        raise typer.Exit(2) from exc


def _fresh_knowledge_base() -> Any:
    """The knowledge base for a rebuild: an unusable folder is renamed aside (kept for inspection, never
    deleted) and a new one is built in its place. One radqc may not write to ends the command as elsewhere: a
    new one could not be built there either (renaming it aside had ended in a traceback)."""
    import time

    from radqc.knowledge import KnowledgeBaseError, KnowledgeBaseReadOnly, open_knowledge_base

    try:
        return open_knowledge_base(changing=True)
    except KnowledgeBaseReadOnly as exc:
        _echo(exc, fg="red", err=True)
        raise typer.Exit(2) from exc
    except KnowledgeBaseError as exc:
        if exc.unwritable:
            _echo(exc, fg="red", err=True)
            raise typer.Exit(2) from exc
        aside = exc.path.with_name(f"{exc.path.name}.unusable-{time.strftime('%Y%m%d-%H%M%S')}")
        exc.path.rename(aside)
        _echo(f"the knowledge base in {exc.path} could not be opened ({type(exc.cause).__name__}: {exc.cause}); "
              f"moved it to {aside} and building a fresh one", fg="yellow", err=True)
        return open_knowledge_base()


def _report_refused(refused: dict[str, str]) -> None:
    for message in refused.values():
        _echo(message, fg="red", err=True)


# A file whose chunks take longer than this to embed is announced, with the time, before they are.
LONG_EMBEDDING_SECONDS = 60


def _ingest(documents: list[Any]) -> Any:
    """Add DOCUMENTS with a progress bar on stderr: a large file takes minutes to embed."""
    kb = _knowledge_base(changing=True)
    _note_long_embeddings(kb, documents)
    from radqc.cli.render import progress_bar

    with progress_bar("embedding chunks") as progress:
        return kb.add_documents(documents, progress=progress)


def _note_long_embeddings(kb: Any, documents: list[Any]) -> None:
    """Say on stderr, before embedding, how many chunks each large file makes and about how long they will
    take: a 5 MB guideline took 11 minutes, and nothing said so until the progress bar (on a terminal only)."""
    from radqc.knowledge.embedding import CHUNKS_PER_SECOND

    to_embed = kb.chunks_to_embed(documents)
    for document in documents:
        chunks = to_embed.get(document.id, 0)
        if chunks / CHUNKS_PER_SECOND >= LONG_EMBEDDING_SECONDS:
            _echo(f"note: {document.location or document.id} makes {counted(chunks, 'chunk')} to embed: about "
                  f"{round(chunks / CHUNKS_PER_SECOND / 60)} min at the {CHUNKS_PER_SECOND} chunks/s measured on 2 busy "
                  "CPU cores (Ctrl-C leaves the knowledge base as it was)", fg="yellow", err=True)


def _echo(text: Any, **style: Any) -> None:
    """Print a line (styled like typer.secho) that may carry text from documents, past cases or the
    command line, with its control characters made harmless (see render.visible)."""
    from radqc.cli.render import visible

    typer.secho(visible(text), **style)


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _show(value: Any, json_output: bool, as_lines: Callable[[Any], Iterable[str]]) -> None:
    """Print `value` as JSON or as the lines `as_lines` makes of it."""
    if json_output:
        _print_json(value)
        return
    for line in as_lines(value):
        _echo(line)


@app.command("add", cls=_AddCommand)
def add(
    paths: list[Path] = typer.Argument(..., help="Markdown (.md with optional YAML front matter), .txt, .pdf or Word .docx files (an older .doc: save it as .docx or PDF first)."),
    modality: Optional[str] = typer.Option(
        None, "--modality", "-m", envvar="RADQC_KB_MODALITY", callback=_check_modality,
        help="cxr or ct_report, for files whose front matter does not say.",
    ),
    language: Optional[str] = typer.Option(
        None, "--language", envvar="RADQC_KB_LANGUAGE", callback=checked_language,
        help="en or zh (also English, zh-CN, ...), for files whose front matter does not say (default: read off the text).",
    ),
    error_type: list[str] = typer.Option(
        [], "--error-type", "-e", envvar="RADQC_KB_ERROR_TYPES", callback=_check_error_types, metavar="<type>",
        help=f"Error type the file is about, {_ERROR_TYPE_HELP}; may be repeated (-e laterality -e omission; in the "
             "environment variable, ids separated by spaces).",
    ),
    source: Optional[str] = typer.Option(None, "--source", envvar="RADQC_KB_SOURCE", help="Citation shown with results."),
) -> None:
    """Add or update your own guidance. Re-adding an unchanged file changes nothing.

    A file whose text is already stored under another id (the same guidance under another file name, or
    in another encoding or spacing) is refused, naming the document that holds it: stored twice, it took
    two of the guideline slots an audit retrieves (`radqc kb remove` that one first to store it anew).

    Exit status 1 when any file is refused (named on stderr with the reason); the others are still added.
    Text files are decoded as CT reports are (a byte-order mark, else UTF-8, else Chinese GB18030/GBK);
    a file read as GB18030/GBK is named in a note on stderr, since that encoding was guessed.

    Front matter (between --- lines at the top of a .md file) may set id, modality, language,
    error_types, source, title, keywords and translation_of (any other key refuses the file); options
    fill in what it leaves out.
    Without a title, a .md file is titled by its first `# heading` (else, as other files, by its name).
    A Word .docx is read as Markdown without front matter: its Title and Heading styles become its headings (the first
    titles it), its tables' cells paragraphs.

    Example:

    - `radqc kb add protocols/chest-pa.md`
    - `radqc kb add local-rules.txt -m ct_report -e laterality -e omission --source 'Dept. policy 2025'`
    """
    from radqc.knowledge.sources import KnowledgeSourceError, load_file

    defaults: dict[str, Any] = {"error_types": error_type} if error_type else {}
    defaults.update({k: v for k, v in {"modality": modality, "language": language, "source": source}.items() if v})
    documents, failed = [], 0
    for path in paths:
        try:
            document, note = load_file(path, defaults)
        except KnowledgeSourceError as exc:
            _echo(f"skipped: {exc}", fg="red", err=True)
            failed += 1
            continue
        documents.append(document)
        if note:
            _echo(f"note: {note}", fg="yellow", err=True)
    if documents:
        report = _ingest(documents)
        _report_refused(report.refused)
        failed += len(report.refused)
        added = [document for document in documents if document.id not in report.refused]
        stored_ids = _stored_guideline_ids()
        for document in added:
            _echo(f"{document.id}\t{document.modality}\t{document.title}")
            _note_retrieval(document, stored_ids)
        typer.echo(f"{counted(len(added), 'document')}: {counted(report.added, 'chunk')} added, {report.unchanged} unchanged, "
                   f"{report.removed} removed")
    if failed:
        raise typer.Exit(1)


def _stored_guideline_ids() -> set[str]:
    return {row["doc_id"] for row in _knowledge_base().documents()}


def _note_retrieval(document: Any, stored_ids: set[str]) -> None:
    """Say on stderr what will keep retrieval from using DOCUMENT as meant (`retrieval_notes`; STORED_IDS:
    the guideline ids now in the knowledge base), whichever source it came from."""
    from radqc.knowledge.documents import retrieval_notes

    for note in retrieval_notes(document, stored_ids):
        _echo(f"note: {note}", fg="yellow", err=True)


@app.command("search")
def search(
    query: str = typer.Argument(..., help="A question or report text, English or Chinese."),
    modality: Optional[str] = typer.Option(
        None, "--modality", "-m", envvar="RADQC_KB_MODALITY", callback=_check_modality, show_default="both",
        help="cxr or ct_report: search only its guidelines (or past cases), as an audit of one does. Left out, both "
             "are searched, and each result names its modality.",
    ),
    k: int = typer.Option(4, "--k", "-k", min=1, max=50, envvar="RADQC_KB_K", help="How many results."),
    cases: bool = typer.Option(False, "--cases", envvar="RADQC_KB_CASES", help="Search verified past cases instead of guidelines."),
    json_output: bool = JsonOption,
) -> None:
    """Show what the auditors would retrieve for a query.

    Without --modality the guidelines (or past cases) of radiographs and CT reports are searched together, and each
    result names its modality (cxr or ct_report); an audit retrieves only its own modality's, as --modality does.
    Each guideline found is followed by its translations (or original), marked so, which may score lower than the next one.

    Example:

    - `radqc kb search 'shoulder blades over the lungs' -k 3`
    - `radqc kb search '男性患者报告写了子宫' -m ct_report --json`
    """
    from radqc.cli.render import working
    from radqc.knowledge import retrieve_guidelines, similar_cases

    if not query.strip():  # no words to rank by: the guidelines it listed, with scores, came in no useful order
        raise typer.BadParameter("give a question or report text to search for", param_hint="QUERY")
    base = _knowledge_base()
    with working("searching"):
        results = similar_cases(query, modality, k) if cases else retrieve_guidelines(query, modality, k)
    listed = [result.model_dump() for result in results]
    if json_output:
        _print_json(listed)
        return
    if not results and cases and not base.stats()["past_cases"]:
        # A new knowledge base holds none: "nothing found" read as a query that matched nothing.
        typer.echo("nothing found: no past cases are stored yet (`radqc kb add-cases DATASET` stores a labelled "
                   "dataset's cases, `radqc review` a reviewing run's)")
    elif not results:
        typer.echo("nothing found")
    for rank, (result, row) in enumerate(zip(results, listed), 1):
        name = getattr(result, "id", None) or getattr(result, "case_id")
        _echo(f"{rank}. {name}  ({row['modality']}, score {result.score:.4f}{'' if cases else _translation_note(result, results)})",
              bold=True)
        _echo("   " + result.text.strip().replace("\n", "\n   ")[:600])
        if not cases and result.source:  # the citation `kb add --source` promises is shown with results
            _echo("   source: " + result.source)
        if cases:  # what a reviewer (or gold) confirmed in it is what the auditors are given
            _echo("   verified: " + ("; ".join(_verified(f) for f in result.findings) or "no error"))


def _translation_note(guideline: Any, results: list[Any]) -> str:
    """What ties GUIDELINE to a translation among RESULTS: listed side by side, one may score below the next
    guideline, which read as a ranking error unless marked."""
    if guideline.translation_of:
        return f", translation of {guideline.translation_of}"
    translations = [r.id for r in results if r.translation_of == guideline.id]
    return f", translated as {', '.join(translations)}" if translations else ""


def _verified(finding: Any) -> str:
    """A past case's confirmed finding in one phrase (a radiograph's usually has no evidence text)."""
    return f"{finding.error_type} {finding.evidence!r}" if finding.evidence else finding.error_type


@app.command("list")
def list_documents(json_output: bool = JsonOption) -> None:
    """List guideline documents (shipped, yours and plug-ins') with their chunk counts.

    The ids listed are what findings cite in guideline_ids and what `radqc kb remove` takes.

    Example:

    - `radqc kb list --json`
    """
    from radqc.cli.render import aligned

    columns = ("doc_id", "modality", "language", "origin", "chunks", "title")
    kb = _knowledge_base()
    _show(
        kb.documents(),
        json_output,
        lambda rows: aligned([list(columns)] + [[str(row[column]) for column in columns] for row in rows]),
    )
    _note_uninstalled_plugins(kb.stats()["chunks_by"]["origin"])


@app.command("stats")
def stats(json_output: bool = JsonOption) -> None:
    """Counts: documents, chunks, past cases, by modality, language and origin, and the folder in use.

    "read only: True" says radqc may not write the folder and reads the knowledge base from a copy.

    Example:

    - `radqc kb stats`
    """
    values = _knowledge_base().stats()
    _show(values, json_output, _stats_lines)
    _note_uninstalled_plugins(values["chunks_by"]["origin"])


def _note_uninstalled_plugins(chunks_by_origin: dict[str, int]) -> None:
    """Say on stderr (stdout may be JSON) which stored chunks came from plug-ins no longer installed:
    audits still retrieve and cite them until a rebuild removes them."""
    from radqc.knowledge.sources import uninstalled_plugins

    for name, chunks in uninstalled_plugins(chunks_by_origin).items():
        _echo(f"note: plug-in {name!r} is no longer installed, but its documents ({counted(chunks, 'chunk')}) are still "
              "retrieved and cited until `radqc kb rebuild` removes them", fg="yellow", err=True)


def _stats_lines(values: dict[str, Any]) -> Iterator[str]:
    """`KnowledgeBase.stats` in words, a count a line and each tally on its own line ("chunks by
    origin: shipped 120, user 3"), rather than as Python dicts."""
    for key, value in values.items():
        if isinstance(value, dict):
            for name, counts in value.items():
                yield f"{key.replace('_', ' ')} {name}: " + ", ".join(f"{k} {n}" for k, n in counts.items())
        else:
            yield f"{key.replace('_', ' ')}: {value}"


def _meant(identifier: str, ids: list[str]) -> str:
    """What a `radqc kb remove IDENTIFIER` that matched none of IDS may have meant: the ids of a file so named (its name,
    not its id, is what its owner remembers), else ids alike (a typo); "" when none."""
    import difflib

    from radqc.knowledge.sources import ids_of_file

    if files := ids_of_file(identifier, ids):
        return f": a file added without an id is stored under its name and a hash of its text, here {' and '.join(files)}"
    alike = difflib.get_close_matches(identifier, ids, n=3, cutoff=0.8)
    return f"; did you mean {' or '.join(alike)}?" if alike else ""


@app.command("remove")
def remove(identifier: str = typer.Argument(..., help="A guideline id, or a past case's case id or record id.")) -> None:
    """Remove a guideline document or a past case (exit status 1 when nothing has that id).

    A file added without an id in its front matter is stored as its name and a hash of its text (kb add prints it); given
    the file's name instead, or a misspelt id, kb remove names the id meant.

    A shipped guideline, or a plug-in's document, stays removed until `radqc kb rebuild` puts it back (a shipped one
    also comes back when an update of radqc changes the shipped guidelines); a file of yours, until you add it again.

    Example:

    - `radqc kb remove local-rules-1a2b3c4d`
    """
    kb = _knowledge_base(changing=True)
    origins = {row["doc_id"]: row["origin"] for row in kb.documents()}
    removed = kb.remove(identifier)
    if not (removed.chunks or removed.past_cases):
        _echo(f"nothing with id {identifier!r}{_meant(identifier, list(origins))} (see `radqc kb list`)", fg="red", err=True)
        raise typer.Exit(1)
    if removed.chunks:
        _echo(f"removed document {identifier}: {counted(removed.chunks, 'chunk')}; {_how_to_restore(origins.get(identifier, ''))}")
    if removed.past_cases:
        _echo(f"removed {counted(removed.past_cases, 'past case')} with id {identifier}")


def _how_to_restore(origin: str) -> str:
    """How a document of ORIGIN comes back once removed: removing a shipped guideline to try an audit without it
    left the user to guess whether anything would ever restore it."""
    from radqc.knowledge.sources import PLUGIN_ORIGIN

    if origin == "shipped":
        return ("it is one of the shipped guidelines: `radqc kb rebuild` puts it back (so does an update of radqc that "
                "changes the shipped guidelines)")
    if origin.startswith(PLUGIN_ORIGIN):
        return f"it came from the plug-in {origin.removeprefix(PLUGIN_ORIGIN)}: `radqc kb rebuild` puts it back while that is installed"
    return "`radqc kb add` its file again to put it back"


@app.command("add-cases")
def add_cases(
    dataset: Path = typer.Argument(..., help="A labelled dataset (manifest.jsonl); its gold labels become the cases' verified findings."),
) -> None:
    """Store a labelled dataset's cases as verified past cases, so audits retrieve them.

    Use a development split, never the set you report on (its answers would leak into retrieval).
    Cases without gold labels are skipped; a dataset with none stores nothing and exits 2.

    Example (the RAG ablation with past cases):

    - `radqc kb add-cases data/ct_reports/dev`
    - `radqc eval data/ct_reports/test --out runs/rag && radqc eval data/ct_reports/test --out runs/norag --no-rag`
    """
    from radqc.dataset import DatasetError, load_dataset
    from radqc.knowledge import add_past_cases, past_case_batches

    try:
        data = load_dataset(dataset)
    except DatasetError as exc:
        raise typer.BadParameter(str(exc), param_hint="DATASET") from exc
    labelled = [case for case in data.cases if case.labels is not None]
    if not labelled:  # a wrong folder, or labels still to come: storing nothing and saying "done" hid both
        raise typer.BadParameter(
            f"no case of {dataset} has gold labels, so none can be stored as a verified past case: give a labelled "
            "dataset, or first add the findings reviewers confirmed (`radqc data apply-verdicts DATASET --verdicts "
            "RUN/adjudications.jsonl`)", param_hint="DATASET",
        )
    from radqc.cli.render import progress_bar

    _knowledge_base(changing=True)
    stored = 0
    # An interruption loses at most the batch being written (adding the dataset again overwrites).
    with progress_bar("storing past cases") as progress:
        for batch in past_case_batches(labelled):
            add_past_cases([_past_case(case) for case in batch])
            stored += len(batch)
            progress(stored, len(labelled))
    typer.echo(f"{counted(len(labelled), 'past case')} stored, {len(data.cases) - len(labelled)} unlabelled skipped, "
               f"{counted(len(data.errors), 'bad line')} skipped")


def _past_case(case: Any) -> Any:
    """A labelled CASE as a past case: its gold labels are its verified findings."""
    from radqc.graphs.nodes import past_case
    from radqc.schemas import Finding

    return past_case(case, [Finding(error_type=l.error_type, evidence=l.evidence, explanation=l.note, confidence=1.0, source="gold")
                            for l in case.labels])


@app.command("rebuild")
def rebuild(
    plugins: bool = typer.Option(True, "--plugins/--no-plugins", envvar="RADQC_KB_PLUGINS", help="Also ingest installed knowledge-source plug-ins."),
) -> None:
    """Re-index the shipped guidelines and every `radqc.knowledge_sources` plug-in.

    Unchanged chunks are kept, changed ones re-embedded, vanished ones removed, and so are the
    documents of plug-ins no longer installed (unless --no-plugins). Your own added files and past
    cases are left alone. A plug-in document whose id another source uses is refused.
    A knowledge base that cannot be opened (corrupted) is moved aside and built afresh.
    Exit status 1 when a plug-in fails or one of its documents is refused.

    Example:

    - `radqc kb rebuild --no-plugins`
    """
    from radqc.knowledge.sources import (
        PLUGIN_ORIGIN, KnowledgeSourceError, plugin_documents, plugin_sources, shipped_documents, uninstalled_plugins,
    )

    kb = _fresh_knowledge_base()
    report = kb.sync_origin("shipped", shipped_documents())
    typer.echo(f"shipped: {report.added} added, {report.unchanged} unchanged, {report.removed} removed")
    failed = False
    indexed = []  # the plug-ins' documents now in the knowledge base
    for name, entry_point in (plugin_sources() if plugins else {}).items():
        try:
            documents = plugin_documents(name, entry_point)
            report = kb.sync_origin(f"{PLUGIN_ORIGIN}{name}", documents)
            _echo(f"plugin {name}: {report.added} added, {report.unchanged} unchanged, {report.removed} removed")
            _report_refused(report.refused)
            failed = failed or bool(report.refused)
            indexed += [document for document in documents if document.id not in report.refused]
        except KnowledgeSourceError as exc:
            _echo(exc, fg="red", err=True)
            failed = True
    for name in uninstalled_plugins(kb.stats()["chunks_by"]["origin"]) if plugins else {}:
        report = kb.sync_origin(f"{PLUGIN_ORIGIN}{name}", [])
        _echo(f"plugin {name}: no longer installed, {report.removed} removed")
    stored_ids = _stored_guideline_ids()  # after every source: one plug-in's translation may be another's document
    for document in indexed:
        _note_retrieval(document, stored_ids)
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    queries: Optional[Path] = typer.Option(
        None, "--queries", envvar="RADQC_KB_EVAL_QUERIES",
        help="JSONL, one labelled query per line: {query, modality, relevant: the guideline ids that answer it, "
        "language: en or zh, split: dev or test} (language and split optional); default: the shipped set.",
    ),
    k: int = typer.Option(5, "--k", "-k", min=1, max=50, envvar="RADQC_KB_EVAL_K", help="Cut-off for recall@k."),
    split: str = typer.Option("all", "--split", envvar="RADQC_KB_EVAL_SPLIT", help="dev, test or all."),
    json_output: bool = JsonOption,
) -> None:
    """Measure retrieval: recall@k and MRR on a labelled query set, by language.

    Tune on `--split dev`, quote `--split test`.

    Example:

    - `radqc kb eval --split test`
    """
    from radqc.knowledge import retrieve_guidelines
    from radqc.knowledge.evaluation import QueryFileError, load_queries, score_retrieval

    if split not in ("dev", "test", "all"):
        raise typer.BadParameter("use dev, test or all", param_hint="--split")
    if queries and not queries.is_file():
        raise typer.BadParameter(f"not found: {queries}", param_hint="--queries")
    try:
        loaded = load_queries(queries)
    except QueryFileError as exc:
        raise typer.BadParameter(str(exc), param_hint="--queries") from exc
    items = [q for q in loaded if split == "all" or q.split == split]
    _knowledge_base()

    def ranked_ids(query: str, modality: str, limit: int) -> list[str]:
        return [g.id for g in retrieve_guidelines(query, modality, k=limit)]

    results = {
        language: score_retrieval([q for q in items if language == "all" or q.language == language], ranked_ids, k)
        for language in ("all", "en", "zh")
    }
    if json_output:
        _print_json({language: scores.model_dump() for language, scores in results.items()})
        return
    for language, scores in results.items():
        typer.echo(f"{language:4} queries={scores.n_queries:3}  recall@{k}={scores.recall_at_k:.3f}  MRR={scores.mrr:.3f}")
    for missed in results["all"].misses:
        _echo(f"  no relevant guideline in the top {k}: {missed}")
