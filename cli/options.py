"""Options shared by several subcommands, each with its environment-variable twin."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import get_args

import typer
from typer.core import TyperCommand, TyperGroup

from radqc.plural import counted
from radqc.settings import PROFILE_VARIABLE, WORKERS_PER_CORE, default_profile_name, most_workers

# Help texts are Markdown: a docstring's single line breaks join into paragraphs that wrap to the
# terminal (typer's default "rich" mode kept them, so descriptions broke mid-sentence at 80 columns), and
# examples are a list of inline code, indented under their heading: a code block, which Rich pads with a blank line
# above and below, left two blank lines under "Examples:" and after the last.
HELP_MARKUP = "markdown"


class _FlagsWithoutPlaceholder:
    """Typer's rich help wrote a flag's type where an option's value goes (`--no-rag <bool>`, even
    `--help <bool>`), as if it took one; a flag's metavar is what is written there instead, so flags
    get an empty one. Options that take a value keep theirs."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class _ArgumentsNamedAlike:
    """Typer's usage line wrote a required argument in braces (`radqc eval [OPTIONS] {dataset}`, read as a
    template left unfilled) while the arguments panel wrote it bare and errors as `'dataset'` or `DATASET`:
    an argument's metavar is now its name in capitals, as click writes it, in all three places."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if param.param_type_name == "argument" and param.metavar is None:
                param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
        return params

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(param.metavar if param.required else f"[{param.metavar}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


class _PathArgumentsTypedAlike:
    """An argument taking several paths showed their list's type (`radqc compare RUNS... <list[Path]>`) where
    one taking a single path shows `<path>`: its name's "..." already says there may be several, so its type
    is written as one path's."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if param.param_type_name == "argument" and descriptor is not None and descriptor.is_list \
                    and issubclass(get_args(descriptor.annotation)[0], Path):
                param.display_type_rich = lambda ctx, shown=f"<{descriptor.path_type}>": shown
        return params


# What a flag's environment variable may hold, as typer reads it (pydantic's words for true and false, in any case).
FLAG_WORDS = ("1", "true", "yes", "on", "y", "t", "0", "false", "no", "off", "n", "f")


class _FlagVariablesRefusedInWords:
    """A flag's environment twin holding neither a yes nor a no (RADQC_NO_RAG=maybe, RADQC_HTML=no-html) was refused
    in pydantic's words, "Input should be a valid boolean, unable to interpret input", which named no value it takes,
    and nothing else says what a flag's variable holds: the refusal now names them."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.envvar and not getattr(param, "flag_words_checked", False):
                param.value_from_envvar = partial(_flag_word, param.value_from_envvar, param)
                param.flag_words_checked = True
        return params


def _flag_word(read, param, ctx):
    """What READ gives for PARAM, a flag, from its environment variable; refused unless it is one of `FLAG_WORDS`."""
    value = read(ctx)
    if value is not None and value.lower() not in FLAG_WORDS:  # " yes " would pass here and fail in pydantic's words
        raise typer.BadParameter(f"{value!r}: set it to 1 or 0 (also true or false, yes or no, on or off), or unset it",
                                 ctx=ctx, param=param, param_hint=variable_hint(param))
    return value


class _NumbersRefusedInWords:
    """A number option given a word or a value out of its range (`RADQC_WORKERS=abc`, `--bootstrap x`, `-k 0`) was refused
    in pydantic's words, "Input should be a valid integer, unable to parse string as an integer", "Input should be greater
    than or equal to 1", which read as a programmer's: the refusal now names the value given and the numbers taken."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and descriptor.annotation in (int, float) and not getattr(param, "number_words_checked", False):
                param.process_value = partial(_number_in_words, param.process_value, param)
                param.number_words_checked = True
        return params


def _number_in_words(process, param, ctx, value):
    """What PROCESS gives for PARAM, a number option, from VALUE; its refusal in pydantic's words said again in radqc's."""
    try:
        return process(ctx, value)
    except typer.BadParameter as exc:
        if not hasattr(exc.__cause__, "errors"):  # a refusal radqc already words (a callback's)
            raise
        given = exc.__cause__.errors()[0].get("input", value)
        info = param.type_descriptor.parameter_info
        kind = "a whole number" if param.type_descriptor.annotation is int else "a number"
        taken = (f" from {info.min} to {info.max}" if info.min is not None and info.max is not None
                 else f" of {info.min} or more" if info.min is not None
                 else f" of {info.max} or less" if info.max is not None else "")
        raise typer.BadParameter(f"{given!r}: give {kind}{taken}", ctx=ctx, param=param) from None


class _RefusalsNameWhereTheValueCameFrom:
    """click named an option with an environment twin as "'--sex' (env var: 'RADQC_SEX')" in every refusal, which read as
    if the value had come from the variable when it was typed, and radqc's own refusals ("Invalid value for --overlay")
    blamed an option the user never typed when the variable held the value: each now names the one it came from
    (`variable_hint`, else the option as given), for a value refused while the options are read and for one refused
    inside the command alike."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if param.param_type_name == "option" and param.envvar and not getattr(param, "hint_names_source", False):
                param.handle_parse_result = partial(_named_by_source, param.handle_parse_result, param)
                param.hint_names_source = True
        return params

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            named = next((p for p in ctx.command.params if p.param_type_name == "option" and exc.param_hint in p.opts), None)
            if named is not None and _from_environment(ctx, named):
                exc.param_hint = variable_hint(named)
            raise


def _named_by_source(handle, param, ctx, opts, args):
    """What HANDLE, PARAM's reading of its value, gives; a refusal of the value names where it came from."""
    try:
        return handle(ctx, opts, args)
    except typer.BadParameter as exc:
        if exc.param_hint is None and hasattr(exc, "param_type"):  # click's MissingParameter, given neither way: both named
            exc.param_hint = f"{' / '.join(param.opts)} (or the environment variable {param.envvar})"
        elif exc.param_hint is None:
            exc.param_hint = variable_hint(param) if _from_environment(ctx, param) else " / ".join(param.opts)
        raise


def _from_environment(ctx, option) -> bool:
    """Whether OPTION's value came from its environment variable (a variable set in a shell's start-up file long ago
    is not on the command line the user looks at for the value refused)."""
    source = ctx.get_parameter_source(option.name)
    return source is not None and source.name == "ENVIRONMENT"


def variable_hint(option) -> str:
    """OPTION named as its environment variable, in a refusal of the value the variable holds."""
    return f"the environment variable {option.envvar} (unset it, or give {option.opts[0]})"


class Command(_RefusalsNameWhereTheValueCameFrom, _NumbersRefusedInWords, _FlagVariablesRefusedInWords, _PathArgumentsTypedAlike, _ArgumentsNamedAlike, _FlagsWithoutPlaceholder, TyperCommand):
    pass


class Group(_RefusalsNameWhereTheValueCameFrom, _NumbersRefusedInWords, _FlagVariablesRefusedInWords, _PathArgumentsTypedAlike, _ArgumentsNamedAlike, _FlagsWithoutPlaceholder, TyperGroup):
    pass


class Typer(typer.Typer):
    """typer.Typer whose groups and commands are the ones above, unless given others: the help option
    typer adds to each is a flag too, so its placeholder can only be left out there."""

    def __init__(self, *, cls: type[TyperGroup] = Group, **kwargs):
        super().__init__(cls=cls, **kwargs)

    def command(self, *args, cls: type[TyperCommand] = Command, **kwargs):
        return super().command(*args, cls=cls, **kwargs)


ProfileOption = typer.Option(
    default_profile_name(), "--profile", "-p", envvar=PROFILE_VARIABLE,
    help="Profile name (see `radqc profiles`) or path to a profile YAML file.",
)
NoRagOption = typer.Option(
    False, "--no-rag", envvar="RADQC_NO_RAG",
    help="Switch retrieval off (for RAG vs no-RAG ablations); nothing else changes.",
)
JsonOption = typer.Option(False, "--json", envvar="RADQC_JSON", help="Print machine-readable JSON instead of tables.")


def checked_view(value: str | None) -> str | None:
    """--view read as datasets read it (PA, AP, LAT; also pa, lateral, ...), but refused when it names
    no view: in a manifest an unreadable view is ignored, on the command line it is a typo to point out."""
    from radqc.schemas import normalise_view

    if value is None:
        return None
    if (view := normalise_view(value)) is None:
        raise typer.BadParameter(f"{value!r}: use PA, AP or LAT")
    return view


def checked_workers(ctx: typer.Context, param: typer.CallbackParam, value: int) -> int:
    """--workers refused below 1 in words: typer's range check answered "Input should be greater than or
    equal to 1", pydantic's wording, to a `--workers 0` meant as "as many as you like" or "none". One above
    `most_workers` is lowered to it, with a note on stderr: taken as given, it audited every case at once."""
    if value < 1:
        raise typer.BadParameter(f"{value}: audits at least 1 case at a time (leave it out for one per core, at most 4)")
    if value > (most := most_workers()):
        given = f"{param.envvar}={value}" if _from_environment(ctx, param) else f"--workers {value}"
        typer.secho(f"note: {given} lowered to {most} cases at a time, {WORKERS_PER_CORE} per core of the "
                    f"{counted(most // WORKERS_PER_CORE, 'core')} radqc may use: more would only wait, each holding its case in memory",
                    fg="yellow", err=True)
        return most
    return value


def checked_language(value: str | None) -> str | None:
    """--language read as datasets read it (en, zh; also English, zh-CN, ...), refused up front
    otherwise: an unknown tag would be dropped silently and the language read off the text, or end in
    a validation error far from the option that caused it."""
    from radqc.language import normalise_language

    if value is None:
        return None
    if (language := normalise_language(value)) is None:
        raise typer.BadParameter(f"{value!r}: use en or zh (or leave it out to read it off the text)")
    return language


def checked_exam(value: str | None) -> str | None:
    """--exam is free text, as a manifest's `exam` is, so one radqc reads nothing in (a typo, "banana", "CT"
    alone, an exam name it does not know) is taken, with a word on stderr: the exam check then reads the
    report's own technique line, which the user may have meant to overrule."""
    from radqc.agents.report.checks.exam import read_order

    if value is not None and read_order(value) is None:
        note_unread_exam(f"--exam {value!r}")
    return value


def note_unread_exams(cases: list, listed: int = 3) -> None:
    """`checked_exam`'s note for a dataset's CASES whose manifest `exam` radqc reads nothing in, once for them
    all (naming the first LISTED): one line a case would bury the run's output under a batch the RIS named alike."""
    from radqc.agents.report.checks.exam import read_order

    unread = [case for case in cases if case.modality == "ct_report" and case.exam and read_order(case.exam) is None]
    if unread:
        named = ", ".join(f"{case.case_id} {case.exam!r}" for case in unread[:listed])
        more = f", and {len(unread) - listed} more" if len(unread) > listed else ""
        note_unread_exam(f"the manifest's `exam` of {counted(len(unread), 'case')} ({named}{more})")


def note_unread_exam(order: str) -> None:
    """Say on stderr that ORDER, an examination as ordered, names nothing the exam check reads."""
    from radqc.agents.report.checks.exam import JOINTS, REGIONS

    typer.secho(
        f"note: {order} names no body region radqc reads ({', '.join(REGIONS)}; a joint: {', '.join(JOINTS)}) nor contrast "
        "(with or without; 增强, 平扫): the exam check reads the report's technique line instead",
        fg="yellow", err=True,
    )


def load_run_profile(name: str, no_rag: bool):
    """The profile to run, with --no-rag applied; exits with a clear message when it cannot be read (naming where
    NAME came from: `_RefusalsNameWhereTheValueCameFrom`)."""
    from radqc.profiles import ProfileError, load_profile

    try:
        profile = load_profile(name)
    except ProfileError as exc:
        raise typer.BadParameter(str(exc), param_hint="--profile") from exc
    if no_rag:
        profile = profile.model_copy(update={"retrieval": profile.retrieval.model_copy(update={"enabled": False})})
    return profile


def require_credentials(profile, modalities: set) -> None:
    """Stop (exit 2) before any case when a model of PROFILE cannot be called for MODALITIES for want
    of a key, naming the variable and the remedy: otherwise every call fails, case after case."""
    from radqc.agents.llm.credentials import credential_problems

    problems = credential_problems(profile, modalities)
    for problem in problems:
        typer.echo(f"radqc: profile {profile.name!r}: {problem}", err=True)
    if problems:
        raise typer.Exit(2)


def existing_path(path: Path, what: str, param_hint: str | None = None) -> Path:
    """PATH, refused when it does not exist; PARAM_HINT names the option it was given to (a value
    checked inside the command is otherwise reported without it)."""
    if not path.exists():
        raise typer.BadParameter(f"{what} not found: {path}", param_hint=param_hint)
    return path


def run_folder_path(value: str) -> Path:
    """An output folder given on the command line; an empty one is refused, since Path("") is the
    current directory and the run's files would land among the user's own."""
    if not value.strip():
        raise typer.BadParameter("needs a folder; an empty path would write the run's files into the current directory")
    return Path(value)
