"""Named profiles: which auditor (and which model) plays each role, how findings are merged, whether
retrieval runs. Shipped profiles live beside this module; users add their own YAML files in
`settings.user_profiles_dir()` or pass a path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from radqc.settings import user_profiles_dir


class RoleConfig(BaseModel):
    """One auditing role. `auditor` names a registered auditor family (`rules`, `llm`, or a plug-in);
    findings below `min_confidence` are dropped for this role."""

    model_config = ConfigDict(extra="forbid")

    auditor: str = "rules"
    model: str | None = None
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    # litellm provider names (e.g. "azure") this role may send patient identifiers to. Everything else,
    # except a server on loopback, receives redacted text: identifiers leave the machine only on opt-in.
    phi_allowed_providers: list[str] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)


class RetrievalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    k_guidelines: int = Field(default=4, ge=0, le=50)
    k_cases: int = Field(default=3, ge=0, le=50)


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    offline: bool = True
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    recall: RoleConfig = Field(default_factory=lambda: RoleConfig(min_confidence=0.3))
    precision: RoleConfig = Field(default_factory=lambda: RoleConfig(min_confidence=0.7))
    verifier: Literal["union", "intersection", "evidence"] = "evidence"
    review: bool = False


class ProfileError(Exception):
    pass


def shipped_profile_names() -> list[str]:
    folder = resources.files("radqc").joinpath("shipped_profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def available_profiles() -> list[str]:
    own = sorted(p.stem for p in user_profiles_dir().glob("*.yaml")) if user_profiles_dir().is_dir() else []
    return sorted(set(shipped_profile_names()) | set(own))


def load_profile(name_or_path: str) -> Profile:
    """A profile by name (user's folder first, then shipped) or by path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        text = candidate.read_text(encoding="utf-8")
    elif (user_profiles_dir() / f"{name_or_path}.yaml").is_file():
        text = (user_profiles_dir() / f"{name_or_path}.yaml").read_text(encoding="utf-8")
    elif name_or_path in shipped_profile_names():
        text = resources.files("radqc").joinpath("shipped_profiles", f"{name_or_path}.yaml").read_text(encoding="utf-8")
    else:
        raise ProfileError(f"unknown profile {name_or_path!r}; available: {', '.join(available_profiles())}")
    try:
        data = yaml.safe_load(text) or {}
        data.setdefault("name", candidate.stem if candidate.suffix else name_or_path)
        return Profile.model_validate(data)
    except (yaml.YAMLError, ValueError) as exc:
        raise ProfileError(f"profile {name_or_path!r} is invalid: {exc}") from exc
