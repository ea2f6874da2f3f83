"""`radqc profiles`: list and show the model profiles."""

from __future__ import annotations

import typer

from radqc.cli.options import HELP_MARKUP, Typer

app = Typer(
    rich_markup_mode=HELP_MARKUP,
    help=(
        "List and show profiles (which auditor and model play each role).\n\n"
        "Your own are NAME.yaml files in RADQC_PROFILES_DIR (default RADQC_HOME/profiles): copy a shipped one "
        "and set its name to NAME (docs/llm-providers.md).\n\n"
        "Examples:\n\n"
        "- `radqc profiles list`\n"
        "- `mkdir -p ~/.radqc/profiles`\n"
        "- `radqc profiles show openai | sed 's/^name: openai/name: mine/' > ~/.radqc/profiles/mine.yaml`\n"
        "- `radqc eval data/samples --profile mine --out runs/mine`"
    ),
    no_args_is_help=True,
)


@app.command("list")
def list_profiles() -> None:
    """List the shipped profiles and your own.

    Your own are NAME.yaml or NAME.yml files in RADQC_PROFILES_DIR (default RADQC_HOME/profiles, i.e.
    ~/.radqc/profiles).

    A profile file that cannot be used is named on stderr with what is wrong, after the good ones
    (exit code 1).

    Example:

    - `radqc profiles list`
    """
    from radqc.cli.render import visible
    from radqc.profiles import ProfileError, available_profiles, load_profile

    problems = []
    for name in available_profiles():
        try:
            typer.echo(visible(f"{name:24} {load_profile(name).description}"))
        except ProfileError as exc:
            problems.append(str(exc))
    for problem in problems:
        typer.secho(visible(f"skipped: {problem}"), fg="red", err=True)
    if problems:
        raise typer.Exit(1)


@app.command("show")
def show(name: str = typer.Argument(..., help="Profile name or YAML path.")) -> None:
    """Print a profile (YAML) with all defaults filled in.

    It says what each role runs, with which model and operating point, how the verifier merges them,
    and whether retrieval and review are on.

    A profile that cannot be used is refused with what is wrong (exit status 2).

    Example:

    - `radqc profiles show openai`
    """
    import yaml

    from radqc.cli.render import visible
    from radqc.profiles import ProfileError, load_profile

    try:
        profile = load_profile(name)
    except ProfileError as exc:
        raise typer.BadParameter(str(exc), param_hint="NAME") from exc
    typer.echo(visible(yaml.safe_dump(profile.public_dump(), sort_keys=False, allow_unicode=True)))
