"""Named profiles: which auditor (and which model) plays each role, how findings are merged, whether
retrieval runs. Shipped profiles live beside this module; users add their own YAML files in
`settings.user_profiles_dir()` or pass a path."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from radqc.schemas import validation_summary
from radqc.settings import user_profiles_dir

# Words in the name of a role option that may hold a credential (api_key, azure_ad_token,
# aws_secret_access_key, vertex_credentials, extra_headers with an Authorization header, ...).
_SECRET_WORDS = ("key", "token", "secret", "password", "credential", "authorization", "headers")
HIDDEN = "<hidden>"


def is_secret_option(name: str) -> bool:
    """Whether a role option called NAME may hold a credential, to be kept out of cache keys, run
    records and printed profiles. A count of tokens (max_tokens, max_completion_tokens) is no
    credential: it is a setting that changes the reply."""
    lower = name.lower()
    return any(word in lower for word in _SECRET_WORDS) and not lower.endswith("tokens")


# A password written into a URL's user part ("https://team:pass@llm.example/v1"), as some gateways take it.
_URL_PASSWORD = re.compile(r"(?<=://)([^/@:\s]*):[^/@\s]+@")


def hidden_secrets(value: Any) -> Any:
    """VALUE (a profile as plain data) with every secret option's value replaced by HIDDEN, and every password in a
    URL, at any depth: the docs ask for keys in the environment, but a key written into a profile must still not
    reach run.json or a terminal."""
    if isinstance(value, dict):
        return {name: HIDDEN if is_secret_option(str(name)) else hidden_secrets(item) for name, item in value.items()}
    if isinstance(value, list):
        return [hidden_secrets(item) for item in value]
    if isinstance(value, str):
        return _URL_PASSWORD.sub(rf"\1:{HIDDEN}@", value)
    return value


class _Settings(BaseModel):
    """A block of a profile file: a misspelt key ("recal:", "modle:") is refused with the keys that exist,
    rather than silently ignored; a value where the block belongs ("recall: rules") with the keys it takes,
    where pydantic said "Input should be a valid dictionary or instance of RoleConfig", a class no file names."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: Any) -> Any:
        if not isinstance(data, (dict, cls)):
            raise ValueError(f"{data!r} where a block of `key: value` lines belongs, indented under it "
                             f"(keys: {', '.join(cls.model_fields)})")
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in set(data) - set(cls.model_fields))
            if unknown:
                raise ValueError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(cls.model_fields)}")
        return data


class RoleConfig(_Settings):
    """One auditing role. `auditor` names a registered auditor family (`rules`, `llm`, or a plug-in);
    findings below `min_confidence` are dropped for this role."""

    auditor: str = "rules"
    model: str | None = None
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    # litellm provider names (e.g. "azure") this role may send patient identifiers to. Everything else,
    # except a server on loopback, receives redacted text: identifiers leave the machine only on opt-in.
    phi_allowed_providers: list[str] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("auditor")
    @classmethod
    def _installed_auditor(cls, auditor: str, info: ValidationInfo) -> str:
        """An auditor that is not installed would fail every case of a run, so a profile naming one is
        refused when it is loaded (`load_profile` passes the installed families as context). Code that
        builds a profile with its own auditor factory (tests, embedding) passes none and may name any."""
        installed = (info.context or {}).get("installed_auditors")
        if installed is not None and auditor not in installed:
            raise ValueError(f"unknown auditor {auditor!r}; installed: {', '.join(installed)}")
        return auditor


class RetrievalConfig(_Settings):
    enabled: bool = True
    k_guidelines: int = Field(default=4, ge=0, le=50)
    k_cases: int = Field(default=3, ge=0, le=50)


class Profile(_Settings):
    name: str
    description: str = ""
    offline: bool = True
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    recall: RoleConfig = Field(default_factory=lambda: RoleConfig(min_confidence=0.3))
    precision: RoleConfig = Field(default_factory=lambda: RoleConfig(min_confidence=0.7))
    verifier: Literal["union", "intersection", "evidence"] = "evidence"
    review: bool = False

    def public_dump(self) -> dict[str, Any]:
        """The profile as plain data without its secrets (`hidden_secrets`): what files and terminals get."""
        return hidden_secrets(self.model_dump())


class ProfileError(Exception):
    pass


def shipped_profile_names() -> list[str]:
    folder = resources.files("radqc").joinpath("shipped_profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def user_profile_files() -> dict[str, Path]:
    """The user's own profile files by name. A NAME.yml was passed over without a word (not listed, an
    "unknown profile" when named); NAME.yaml wins when both are there."""
    folder = user_profiles_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for suffix in ("yml", "yaml") for p in sorted(folder.glob(f"*.{suffix}")) if p.is_file()}


def available_profiles() -> list[str]:
    return sorted(set(shipped_profile_names()) | set(user_profile_files()))


def load_profile(name_or_path: str) -> Profile:
    """A profile by name (user's folder first, then shipped) or by path to a YAML file, checked against
    the installed auditors; ProfileError says in one line what is wrong with it."""
    from radqc.agents.registry import auditor_families  # here: the registry itself imports this module

    candidate = Path(name_or_path)
    own = user_profile_files()
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        source = candidate
    elif name_or_path in own:
        source = own[name_or_path]
    elif name_or_path in shipped_profile_names():
        source = resources.files("radqc").joinpath("shipped_profiles", f"{name_or_path}.yaml")
    else:
        raise ProfileError(f"unknown profile {name_or_path!r}; available: {', '.join(available_profiles())}")
    named = repr(name_or_path) if source == candidate else f"{name_or_path!r} ({source})"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"profile {named} cannot be read: {_unreadable(exc)}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"profile {named} is invalid: it holds a {type(data).__name__}, not the keys of a profile")
    if source == own.get(name_or_path) and data.get("name", name_or_path) != name_or_path:
        # A copied profile kept its original's name: run folders, metrics and `radqc compare` then showed a
        # run of this profile under the other's name, beside a real run of that one.
        raise ProfileError(f"profile {named} says `name: {data['name']}`, which run folders and `radqc compare` would "
                           f"show for it; set `name: {name_or_path}` (or leave the line out)")
    data.setdefault("name", candidate.stem if candidate.suffix else name_or_path)
    try:
        return Profile.model_validate(data, context={"installed_auditors": auditor_families()})
    except ValidationError as exc:
        raise ProfileError(f"profile {named} is invalid: {validation_summary(exc, 'profile')}") from exc


def _unreadable(exc: Exception) -> str:
    """Why a profile file could not be read, in one line: for YAML, the problem and where it is."""
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.YAMLError) and mark is not None:
        return f"not valid YAML: {getattr(exc, 'problem', None) or 'syntax error'} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())



