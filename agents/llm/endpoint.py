"""Where a model call goes: the endpoint litellm will send it to, and whether that stays on this machine.

The reply cache keys a request by its endpoint (a reply from one server is no reply from another) and the
privacy rule judges it, so both must see the endpoint litellm will use, not only the one a profile names.
A profile's `api_base` (or litellm's alias for it, `base_url`) comes first; without one, litellm finds the
endpoint itself: for most providers in `get_llm_provider` (their defaults, and variables such as
GROQ_API_BASE), for the providers in `CALL_TIME_VARIABLES` only when it sends the call, falling back to
the defaults in `CALL_TIME_DEFAULTS` for a few.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.request
from urllib.parse import urlparse

# provider -> the environment variables litellm reads for the endpoint when it sends the call, in the
# order it reads them, for the providers whose endpoint `get_llm_provider` does not tell. Read from
# litellm's code (main.py, completion) and measured against a loopback server with litellm 1.109.3:
# tests/test_llm_auditors.py checks every entry against the installed litellm.
CALL_TIME_VARIABLES: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "text-completion-openai": ("OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "custom_openai": ("OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "xinference": ("OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "lm_studio": ("LM_STUDIO_API_BASE", "OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "litellm_proxy": ("LITELLM_PROXY_API_BASE", "OPENAI_BASE_URL", "OPENAI_API_BASE"),
    "azure": ("AZURE_API_BASE",),
    "azure_text": ("AZURE_API_BASE",),
    "anthropic": ("ANTHROPIC_API_BASE", "ANTHROPIC_BASE_URL"),
    "ollama_chat": ("OLLAMA_API_BASE",),
    "gemini": ("GEMINI_API_BASE",),
    "openrouter": ("OPENROUTER_API_BASE",),
    "cohere_chat": ("COHERE_API_BASE",),
    "databricks": ("DATABRICKS_API_BASE",),
    "huggingface": ("HF_API_BASE",),
    "cloudflare": ("CLOUDFLARE_API_BASE",),
    "langflow": ("LANGFLOW_API_BASE",),
}

# provider -> the endpoint litellm sends the call to when neither the profile nor the environment names one,
# for the providers whose default `get_llm_provider` does not tell (it tells ollama's, llamafile's,
# lemonade's, ...). Both are servers on this machine, so without this an Ollama chat model counted as remote.
# Read from litellm 1.109.3: main.py line 4849 (`_complete_ollama_chat`: api_base or OLLAMA_API_BASE or
# "http://localhost:11434") and llms/langflow/chat/transformation.py line 58. Found by sending a call for
# every provider litellm lists with no endpoint set, through a recording proxy: no other provider falls
# back to this machine at call time (lm_studio, hosted_vllm and xinference go to api.openai.com).
# tests/test_llm_auditors.py checks every entry against the installed litellm.
CALL_TIME_DEFAULTS: dict[str, str] = {
    "ollama_chat": "http://localhost:11434",
    "langflow": "http://localhost:7860",
}


def call_time_endpoint(provider: str) -> str | None:
    """The endpoint litellm will find for PROVIDER when it sends the call (from the environment, else its
    default), or None."""
    named = (os.environ[name] for name in CALL_TIME_VARIABLES.get(provider, ()) if os.environ.get(name))
    return next(named, CALL_TIME_DEFAULTS.get(provider))


def shown_endpoint(url: str) -> str:
    """URL as a message may show it: without a user name and password written into it
    ("https://user:secret@proxy.example/v1"), which no option names as a secret."""
    parsed = urlparse(url)
    if parsed.username is None and parsed.password is None:
        return url
    return parsed._replace(netloc=parsed.netloc.rpartition("@")[2]).geturl()


def is_loopback_url(url: str | None) -> bool:
    host = urlparse(url).hostname if url else None
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def stays_on_this_machine(url: str | None) -> bool:
    """Whether a request to URL goes no further than this machine: a loopback address that no proxy of
    the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, without a NO_PROXY entry for the host) would
    carry away, since the HTTP client sends even a loopback request, identifiers and all, through it."""
    if not is_loopback_url(url):
        return False
    parsed = urlparse(url)
    proxies = urllib.request.getproxies_environment()
    if not (proxies.get(parsed.scheme) or proxies.get("all")):
        return True
    return bool(urllib.request.proxy_bypass_environment(parsed.hostname or "", proxies))
