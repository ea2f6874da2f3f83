"""`radqc profiles`: list and show the model profiles."""

from __future__ import annotations

import typer

app = typer.Typer(help="List and show profiles (which auditor and model play each role).", no_args_is_help=True)


@app.command("list")
def list_profiles() -> None:
    """Shipped profiles and your own (in RADQC_PROFILES_DIR, default ~/.radqc/profiles)."""
    from radqc.profiles import available_profiles, load_profile

    for name in available_profiles():
        typer.echo(f"{name:24} {load_profile(name).description}")


@app.command("show")
def show(name: str = typer.Argument(..., help="Profile name or YAML path.")) -> None:
    """Print a profile with all defaults filled in."""
    import yaml

    from radqc.cli.options import load_run_profile

    typer.echo(yaml.safe_dump(load_run_profile(name, no_rag=False).model_dump(), sort_keys=False, allow_unicode=True))
