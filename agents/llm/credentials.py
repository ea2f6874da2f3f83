"""Whether a profile's models can be called at all: the credentials litellm needs, checked before a run.

Without its key, litellm reports an OpenAI call as a server error (500, "Missing credentials"): each
call was tried 4 times, every case ended "degraded" and the run exited 0, never saying the key was
missing. `litellm.validate_environment` knows which variables each provider reads; asking it before the
first case lets `radqc eval` and `radqc audit` stop at once and name the variable.
"""

from __future__ import annotations

import os
from typing import Any

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


def missing_key_variables(model: str, provider: str, endpoint: str | None, params: dict[str, Any]) -> list[str]:
    """The credential variables (API keys, tokens) litellm needs for MODEL and finds unset, or [] when
    none is missing or the call needs none: PARAMS (the role's options) may give a credential of its own
    (a key in the profile counts), or `mock_response`, with which litellm answers itself; ENDPOINT is
    where the call goes, so that a local server litellm finds without a variable (Ollama's default)
    is not taken for a missing one."""
    from radqc.agents.llm.client import _litellm

    if provider in AMBIENT_CREDENTIALS or "mock_response" in params:
        return []
    if any(is_secret_option(name) and value for name, value in params.items()):
        return []
    if params.get("custom_llm_provider") and not model.startswith(f"{provider}/"):
        # validate_environment reads the provider off the model name alone, so a profile's custom_llm_provider
        # is given to it in litellm's "provider/model" form (else "tiny" needed no key, and "org/model" some other's).
        model = f"{provider}/{model}"
    checked = _litellm().validate_environment(model=model, api_base=endpoint, api_version=params.get("api_version"))
    # Only variables named like a credential: validate_environment also asks for settings litellm has
    # defaults for (VERTEXAI_LOCATION, ...), which are not what makes a call fail.
    missing = [name for name in checked["missing_keys"] if is_secret_option(name)]
    unset = [name for name in missing if not any(os.environ.get(other) for other in KEY_ALTERNATIVES.get(name, ()))]
    return [each for name in unset for each in (name, *KEY_ALTERNATIVES.get(name, ()))]


def credential_problems(profile: Profile, modalities: set[Modality]) -> list[str]:
    """What stops each LLM role of PROFILE from calling its model for MODALITIES (a missing key, an
    unset "os.environ/NAME" option), one line each with the remedy; [] when every role can call."""
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
            if missing := client.missing_credentials():
                problems.append(
                    f"the {role_name} role's model {client.model} ({client.provider}) needs {' or '.join(missing)}, which is "
                    f"not set: export it (export {missing[0]}=...), give `api_key` in the profile's options "
                    f"(api_key: \"os.environ/NAME\"), or switch to another profile (--profile offline)"
                )
                break
    return problems
