"""The model names README and docs give are names the installed litellm can call: a reader copies one into a
profile, and a name litellm has retired or never had fails only once a run calls it (a cloud model), or is refused
before the first case with a hint to some other name. Checked offline, through litellm's own lookup: which
provider a name is for (`get_llm_provider`) and, for a hosted model, that litellm's local model map lists it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from radqc.agents.llm.client import litellm_module

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# Code: fenced blocks and inline spans, where a name is written to be copied (prose quotes providers' errors).
_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
_MODEL_KEY = re.compile(r"\bmodel:\s*(\w[\w./:@-]*)")
_PROVIDER_NAME = re.compile(r"(?<![\w/.@-])([a-z0-9_]+)/(\w[\w./:@-]*)")
# Providers that serve whatever model their server was started with (an OpenAI-compatible server, Ollama, vLLM):
# litellm lists no model of theirs to check a name against.
SELF_SERVED = {"openai", "ollama", "ollama_chat", "hosted_vllm", "llamafile", "lm_studio"}
# Names the docs give as ones litellm cannot place, to show radqc's refusal.
UNPLACEABLE_EXAMPLES = {"gpt4o"}


def _documented_models(providers: set[str]) -> dict[str, str]:
    """Every model name in the documents' code (a `model:` value, or PROVIDER/NAME with one of litellm's
    PROVIDERS), with the document it is first given in."""
    names: dict[str, str] = {}
    for document in DOCUMENTS:
        for span in _CODE.findall(document.read_text(encoding="utf-8")):
            found = [match.group(1) for match in _MODEL_KEY.finditer(span)]
            found += [match.group(0) for match in _PROVIDER_NAME.finditer(span) if match.group(1) in providers]
            for name in found:
                names.setdefault(name.rstrip(".,:"), document.name)
    return {name: where for name, where in names.items() if name not in UNPLACEABLE_EXAMPLES}


def _providers() -> set[str]:
    return {str(getattr(provider, "value", provider)) for provider in litellm_module().provider_list}


def test_the_documents_give_model_names_to_check():
    """The extraction finds the names the documents are known to give (a test that reads nothing passes)."""
    assert {"gpt-4o", "anthropic/claude-sonnet-4-5", "ollama_chat/qwen2.5vl:7b"} <= set(_documented_models(_providers()))


@pytest.mark.parametrize("name", sorted(_documented_models(_providers())))
def test_a_documented_model_name_is_one_the_installed_litellm_can_call(name: str):
    litellm = litellm_module()
    model, provider, _, _ = litellm.get_llm_provider(name)  # raises for a name it cannot place
    if provider not in SELF_SERVED or "/" not in name:
        assert name in litellm.model_cost or model in litellm.model_cost, (
            f"{name} ({_documented_models(_providers())[name]}): litellm places it with {provider}, but its model map "
            f"lists no such {provider} model")
