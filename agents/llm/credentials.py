"""Whether a profile's models can be called at all: the credentials litellm needs, checked before a run.

Without its key, litellm reports an OpenAI call as a server error (500, "Missing credentials"): each
call was tried 4 times, every case ended "degraded" and the run exited 0, never saying the key was
missing. `litellm.validate_environment` knows which variables each provider reads; asking it before the
first case lets `radqc eval` and `radqc audit` stop at once and name the variable.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from radqc.profiles import Profile, is_secret_option
from radqc.schemas import Modality

# Providers whose SDK finds credentials outside the environment (boto3's ~/.aws/credentials and instance
# roles), which validate_environment does not look at: it would call a working set-up unusable.
AMBIENT_CREDENTIALS = frozenset({"bedrock", "sagemaker"})
# A variable validate_environment asks for -> the others litellm's call takes in its place, which
# validate_environment does not know (litellm has no helper that does): a Hugging Face call sends HF_TOKEN,
# else HUGGINGFACE_API_KEY (litellm 1.109.3, main.py `_complete_huggingface`; its docs name HF_TOKEN).
# tests/test_llm_auditors.py checks every entry against the installed litellm.
KEY_ALTERNATIVES: dict[str, tuple[str, ...]] = {"HUGGINGFACE_API_KEY": ("HF_TOKEN",)}
# The same for endpoints: a Cloudflare Workers AI call is sent to CLOUDFLARE_API_BASE, else to the account's
# endpoint built from CLOUDFLARE_ACCOUNT_ID (litellm 1.109.3, llms/cloudflare/chat/transformation.py), the
# variable Cloudflare's own set-up names and litellm's "Missing CLOUDFLARE_ACCOUNT_ID" asks for; validate_environment
# asks for the first alone. What an endpoint is built from is what a user sets (the endpoint variable overrides it), so
# a refusal names it first, and its example exports it. tests/test_llm_auditors.py checks every entry against the
# installed litellm.
ENDPOINT_ALTERNATIVES: dict[str, tuple[str, ...]] = {"CLOUDFLARE_API_BASE": ("CLOUDFLARE_ACCOUNT_ID",)}
# Vertex AI needs a Google Cloud project, which validate_environment lists but radqc cannot simply require: litellm
# takes it from the role's options or VERTEXAI_PROJECT, else from the credentials: Vertex's own (the option
# vertex_credentials, VERTEXAI_CREDENTIALS), else Google's default ones, which read the file GOOGLE_APPLICATION_CREDENTIALS
# names (its project_id, or GOOGLE_CLOUD_PROJECT), else gcloud's login or a cloud machine's metadata server, neither
# of which can be asked offline. Only that file is checked, then: when it is named, Google's credentials read it alone.
# The location has litellm's default (us-central1).
VERTEX_PROJECT_OPTIONS = ("vertex_project", "vertex_ai_project")
VERTEX_CREDENTIAL_OPTIONS = ("vertex_credentials", "vertex_ai_credentials")
PROJECT_VARIABLES = ("VERTEXAI_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT")
_ONLY_THE_FILE = ("Only that file is checked before a run, not gcloud's login or a cloud machine's; the location is "
                  "us-central1 unless VERTEXAI_LOCATION names another")
# provider (its name's start) -> the module litellm imports for every call to it, and the package holding it, which neither
# litellm nor radqc installs. In litellm 1.109.3: each Vertex AI call is signed with google-auth's credentials
# (llms/vertex_ai/vertex_llm_base.py; without it every call fails alike, "Google Cloud SDK not found", naming its `google`
# extra, google-cloud-aiplatform, far more than the call imports), and so is each Google Distributed Cloud one
# (llms/gdc/chat/transformation.py); each OCI call is signed with cryptography's RSA (llms/oci/common_utils.py: only an
# `oci_signer` object, which no profile can hold, does without); `vllm/` runs the model in this process with the vllm
# package (llms/vllm/completion/handler.py; a vLLM server is `hosted_vllm/` or `openai/`). Bedrock's and SageMaker's boto3
# is a dependency of litellm's own. tests/test_llm_auditors.py checks every entry against the installed litellm.
PROVIDER_PACKAGES: dict[str, tuple[str, str]] = {
    "vertex_ai": ("google.auth", "google-auth"),
    "gdc": ("google.auth", "google-auth"),
    "oci": ("cryptography", "cryptography"),
    "vllm": ("vllm", "vllm"),
}
# A stand-in value for asking validate_environment what is needed besides a key or an endpoint; never sent.
_GIVEN = "given"
# The provider of a model string litellm cannot place ("mistrall/mistral-large", "gpt4o", a Hugging Face name without
# "openai/"): every call to it fails alike, litellm's "LLM Provider NOT provided", so a run is refused before its first case.
UNPLACED_PROVIDER = "unknown"
# How many of litellm's own names for a model a refusal offers, and how alike a misspelt name must be to be offered.
_NAMES_OFFERED = 3
_ALIKE = 0.8


class Missing(NamedTuple):
    """One thing a model call lacks: any one of NAMES, unset in the environment, would do."""

    names: tuple[str, ...]
    option: str  # the role option a profile can give it with instead: api_key or api_base


def missing_key_variables(model: str, provider: str, endpoint: str | None, params: dict[str, Any]) -> list[Missing]:
    """What litellm needs for MODEL and finds unset, every item needed ([] when nothing is missing or the
    call needs no credential): the key (API keys, tokens) and, where no endpoint is known, the
    endpoint. PARAMS (the role's options) may give a credential of its own (a key in the profile stands for the
    key, not the endpoint), or `mock_response`, with which litellm answers itself; ENDPOINT is where the call goes, so that a
    local server litellm finds without a variable (Ollama's default) is not taken for a missing one."""
    from radqc.agents.llm.client import litellm_module

    if provider in AMBIENT_CREDENTIALS or "mock_response" in params:
        return []
    if params.get("custom_llm_provider") and not model.startswith(f"{provider}/"):
        # validate_environment reads the provider off the model name alone, so a profile's custom_llm_provider
        # is given to it in litellm's "provider/model" form (else "tiny" needed no key, and "org/model" some other's).
        model = f"{provider}/{model}"

    def unset(api_key: str | None, api_base: str | None) -> list[str]:
        with _blank_variables_hidden():
            return litellm_module().validate_environment(model=model, api_key=api_key, api_base=api_base,
                                                   api_version=params.get("api_version"))["missing_keys"]

    # validate_environment lists a provider's variables as one flat list: Gemini's two names for one key
    # (either will do), Azure's key, endpoint and version (it lists all three while any is unset). Given an
    # api_key (an api_base), it drops the variables that one key (endpoint) stands for, so asking it again
    # tells the names of the key apart from what is needed besides.
    listed = unset(None, endpoint)
    besides_key = unset(_GIVEN, endpoint)
    besides_both = unset(_GIVEN, endpoint or _GIVEN)
    needed = [Missing(tuple(name for name in listed if name not in besides_key), "api_key"),
              Missing(tuple(name for name in besides_key if name not in besides_both), "api_base")]
    # Of the rest only credentials (DATAROBOT_API_TOKEN): the others are settings litellm has defaults
    # for (AZURE_API_VERSION, VERTEXAI_LOCATION, ...), which are not what makes a call fail.
    needed += [Missing((name,), "api_key") for name in besides_both if is_secret_option(name)]
    needed = [Missing(_with_alternatives(item.names), item.option) for item in needed if item.names]
    if any(is_secret_option(name) and value for name, value in params.items()):
        # A credential of the profile's own stands for the key, not for the endpoint (Cloudflare's account id).
        needed = [item for item in needed if item.option != "api_key"]
    # An item listed while one of its names is set is there for the provider's other variables.
    return [item for item in needed if not any(_set(name) for name in item.names)]


def _set(name: str) -> bool:
    """Whether the environment gives NAME a value: a variable set empty or to blanks (`OPENAI_API_KEY=` left in a
    .env file) is no key, and every call with it fails as without one."""
    return bool(os.environ.get(name, "").strip())


_HIDING = threading.Lock()


@contextmanager
def _blank_variables_hidden() -> Iterator[None]:
    """The environment without its blank variables (`_set`) while litellm's validate_environment reads it: that
    asks only whether a variable is in it, so an empty OPENAI_API_KEY passed the check and every case then ended
    "degraded". Another thread's call meanwhile finds such a variable unset instead of blank, which fails alike."""
    with _HIDING:
        blank = {name: value for name, value in os.environ.items() if not value.strip()}
        for name in blank:
            del os.environ[name]
        try:
            yield
        finally:
            os.environ.update(blank)


def missing_package(provider: str, params: dict[str, Any]) -> tuple[str, str] | None:
    """The module litellm imports for every call to PROVIDER and the package holding it (PROVIDER_PACKAGES), when that
    module is not installed; else None, as when the role's options PARAMS hold a `mock_response`, which litellm answers
    itself."""
    if "mock_response" in params:
        return None
    for prefix, (module, package) in PROVIDER_PACKAGES.items():
        if provider.startswith(prefix) and not _importable(module):
            return module, package
    return None


def package_of(module: str) -> str | None:
    """The package of PROVIDER_PACKAGES that holds MODULE (or its parent, or a part of it: Python names the first
    one of a dotted name it cannot find), else None."""
    return next((package for known, package in PROVIDER_PACKAGES.values()
                 if module == known or known.startswith(f"{module}.") or module.startswith(f"{known}.")), None)


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # its parent is not installed, or it is left half-imported
        return False


def vertex_project_problem(provider: str, params: dict[str, Any]) -> str | None:
    """What a Vertex AI call (PROVIDER) with the role's options PARAMS will lack, with the remedy, where that can be
    told offline (see VERTEX_PROJECT_OPTIONS); None when it has what it needs or may find it (gcloud's login, a
    cloud machine's): a check that refused those would call a working set-up unusable."""
    if not provider.startswith("vertex_ai") or "mock_response" in params:
        return None
    path = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path or any(params.get(name) for name in VERTEX_CREDENTIAL_OPTIONS) or os.environ.get("VERTEXAI_CREDENTIALS"):
        return None
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return (f"its credentials: GOOGLE_APPLICATION_CREDENTIALS names {path}, which cannot be read as a JSON credentials "
                f"file ({type(exc).__name__}); fix the file, unset the variable to use gcloud's login, or switch to another "
                f"profile (--profile offline). {_ONLY_THE_FILE}")
    if any(params.get(name) for name in VERTEX_PROJECT_OPTIONS) or any(os.environ.get(name) for name in PROJECT_VARIABLES):
        return None
    if isinstance(content, dict) and (content.get("project_id") or content.get("quota_project_id")):
        return None
    return (f"a Google Cloud project: GOOGLE_APPLICATION_CREDENTIALS names {path}, which holds no project_id, and neither "
            "VERTEXAI_PROJECT nor GOOGLE_CLOUD_PROJECT is set; export VERTEXAI_PROJECT=..., give `vertex_project` in the "
            f"profile's options, or switch to another profile (--profile offline). {_ONLY_THE_FILE}")


def _with_alternatives(names: tuple[str, ...]) -> tuple[str, ...]:
    """NAMES, each with the variables litellm's call takes in its place: a key's after it (KEY_ALTERNATIVES), what an
    endpoint is built from before it (ENDPOINT_ALTERNATIVES)."""
    return tuple(dict.fromkeys(each for name in names
                               for each in (*ENDPOINT_ALTERNATIVES.get(name, ()), name, *KEY_ALTERNATIVES.get(name, ()))))


def in_words(missing: list[Missing]) -> str:
    """MISSING as a reader must supply it: "AZURE_API_KEY and AZURE_API_BASE", "GOOGLE_API_KEY or GEMINI_API_KEY"."""
    return " and ".join(" or ".join(item.names) for item in missing)


def unplaced_model_hint(model: str, providers: list[str], known_models: list[str]) -> str:
    """What MODEL, which litellm cannot place, may have meant: its "provider/" with the provider misspelt (PROVIDERS:
    litellm's), the name litellm knows it by with a provider before it, or a model name of KNOWN_MODELS alike;
    "" when none. A user who wrote "mistrall/" or "gemini-2.0-flash" otherwise had litellm's sentence alone."""
    prefix, slash, rest = model.partition("/")
    if slash and (close := difflib.get_close_matches(prefix.lower(), providers, n=1, cutoff=_ALIKE)):
        return f"did you mean {close[0]}/{rest}?"
    known = set(known_models)
    named = [f"{provider}/{model}" for provider in providers if f"{provider}/{model}" in known][:_NAMES_OFFERED]
    if named:
        return f"litellm knows it as {' or '.join(named)}"
    close = difflib.get_close_matches(model, known_models, n=1, cutoff=_ALIKE)
    return f"did you mean {close[0]}?" if close else ""


def unplaced_model_problem(model: str) -> str:
    """Why a role's MODEL cannot be called when litellm cannot tell its provider, with what to write instead."""
    from radqc.agents.llm.client import litellm_module

    litellm = litellm_module()
    hint = unplaced_model_hint(model, [str(getattr(p, "value", p)) for p in litellm.provider_list], list(litellm.model_cost))
    return (f"names no provider litellm knows{f' ({hint})' if hint else ''}: write it as litellm's PROVIDER/MODEL "
            "(openai/MODEL with the role's api_base for an OpenAI-compatible server such as vLLM or llama.cpp; "
            "https://docs.litellm.ai/docs/providers), or switch to another profile (--profile offline)")


def credential_problems(profile: Profile, modalities: set[Modality]) -> list[str]:
    """What stops each LLM role of PROFILE from calling its model for MODALITIES (a missing key, an
    unset "os.environ/NAME" option, a model litellm cannot place, a package litellm imports for it), one line each with the remedy;
    [] when every role can call."""
    from radqc.agents.factories import make_llm_auditor

    problems = []
    for role_name in ("recall", "precision"):
        role = getattr(profile, role_name)
        if role.auditor != "llm":
            continue
        for modality in sorted(modalities):
            try:
                client = make_llm_auditor(modality, role).client
            except ValueError as exc:  # an "os.environ/NAME" option whose variable is unset
                problems.append(f"the {role_name} role ({role.model}) cannot be set up: {exc}")
                break
            if client.provider == UNPLACED_PROVIDER:
                problems.append(f"the {role_name} role's model {client.model} {unplaced_model_problem(client.model)}")
                break
            if package := missing_package(client.provider, client.params):
                problems.append(f"the {role_name} role's model {client.model} ({client.provider}) needs the Python package "
                                f"{package[1]}, which is not installed (litellm imports {package[0]} for every call): install it "
                                f"(.venv/bin/pip install {package[1]}), or switch to another profile (--profile offline)")
                break
            if vertex := vertex_project_problem(client.provider, client.params):
                problems.append(f"the {role_name} role's model {client.model} ({client.provider}) needs {vertex}")
                break
            if missing := client.missing_credentials():
                one = len(missing) == 1
                options = " and ".join(f"`{item.option}`" for item in missing)
                problems.append(
                    f"the {role_name} role's model {client.model} ({client.provider}) needs {in_words(missing)}, which "
                    f"{'is' if one else 'are'} not set: export {'it' if one else 'them'} (export "
                    f"{' '.join(item.names[0] + '=...' for item in missing)}), give {options} in the profile's options "
                    f"({missing[0].option}: \"os.environ/NAME\"), or switch to another profile (--profile offline)"
                )
                break
    return problems
