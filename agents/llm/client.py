"""The one place radqc calls a language model: litellm at temperature 0, with retries, a disk cache,
JSON extraction, pydantic validation, and token/cost accounting.

Auditors ask `complete(messages, AnswerModel, tally)` and get back a validated answer or the reason
there is none; they never see provider errors, so a flaky endpoint degrades one case instead of
stopping an evaluation run.
"""

from __future__ import annotations

import email.utils
import errno
import html
import os
import re
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from radqc.agents.llm.cache import ResponseCache
from radqc.agents.llm.credentials import UNPLACED_PROVIDER, Missing, in_words, missing_key_variables, package_of
from radqc.agents.llm.endpoint import call_time_endpoint, shown_endpoint, stays_on_this_machine
from radqc.agents.llm.jsonrepair import extract_json_object
from radqc.agents.llm.outage import OutageBreaker
from radqc.agents.llm.redact import Redactor
from radqc.agents.llm.usage import UsageTally
from radqc.plural import counted
from radqc.profiles import HIDDEN, is_secret_option
from radqc.prompts import load_prompt, render

Answer = TypeVar("Answer", bound=BaseModel)

# An option value "os.environ/NAME" is read from the environment variable NAME (litellm itself resolves
# these only in its proxy's configuration: it would send the reference as the key).
ENV_PREFIX = "os.environ/"
# Shorter values of credential-named options or variables ("none", "1") are no keys, and hiding them
# would garble the message.
MIN_SECRET_CHARS = 8
# How much of an unusable reply goes back with the request to answer in the format asked: enough to
# see what went wrong, not megabytes of a runaway reply paid for a second time.
MAX_ECHOED_REPLY_CHARS = 8000

# HTTP statuses worth retrying: timeouts, conflicts, rate limits and server errors. Auth and bad
# requests (400, 401, 403, 404, 422) fail the same way every time.
_TRANSIENT_STATUSES = {408, 409, 425, 429}
# What providers say when an account has no credit left, which waiting does not heal, unlike a rate limit
# (both come as 429): OpenAI's error code (in the error's body, or in its text where litellm keeps only
# that) and Anthropic's message (a 400). HTTP 402 Payment Required says it for the rest (DeepSeek,
# OpenRouter). Not "You exceeded your current quota" alone: Gemini words a per-minute limit that way.
_OUT_OF_CREDIT_WORDS = ("insufficient_quota", "credit balance is too low")
# What the OpenAI client says when it has no key to send (litellm passes it on as a 500).
_NO_CREDENTIAL_WORDS = ("Missing credentials", "api_key client option must be set")
# How litellm says a call lacks a setting it checks before anything is sent ("Missing CLOUDFLARE_ACCOUNT_ID - set
# CLOUDFLARE_ACCOUNT_ID in the environment or pass api_base explicitly", "Missing API Base - ...", "Missing Cloudflare
# API Key - ...", "Missing Eden AI API key: set EDENAI_API_KEY ...", "Missing Predibase Tenant ID - ..."): a variable's
# name, or a key, an endpoint, credentials or an id, which it raises as a connection or server error (a 500) that
# retries meet again. Read up to the end of its line, as _DAILY_QUOTA is (its traceback follows).
_MISSING_SETTING = re.compile(r"\bMissing (?:(?-i:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b|[\w ]{0,40}?\b(?:API[ _]?(?:key|base)|credentials|ID)\b)"
                              r"[^\\\n]*", re.IGNORECASE)
# The socket errors of a network with no way to the host (Linux's "Network is unreachable", "No route to host").
_NO_ROUTE = (errno.ENETUNREACH, errno.EHOSTUNREACH)
# How litellm and google-auth say a Vertex AI call found no Google Cloud project, or no credentials, where they looked
# (litellm's "Could not resolve project_id", google-auth's DefaultCredentialsError "Your default credentials were not
# found"): a connection or server error (a 500) that retries meet again. Read up to the end of its line, as _DAILY_QUOTA is.
_GOOGLE_PROJECT_UNSET = re.compile(r"Could not resolve project_id[^\\\n]*")
_GOOGLE_CREDENTIALS_UNSET = re.compile(r"(?:DefaultCredentialsError|Your default credentials were not found)[^\\\n]*")
# How Google says a 429 hit a quota counted per day (Gemini, on AI Studio or Vertex), which does not come back
# during a run, unlike the per-minute limits worded the same way ("You exceeded your current quota"): the
# id of a quota it names (QuotaFailure's "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
# ErrorInfo's "quota_limit"), or its message ("Quota exceeded for metric: .../generate_requests_per_model_per_day",
# "... and limit 'Gemini 2.5 Pro Requests per day per user per tier'"). litellm keeps only the body's text.
# A message is read up to the end of its line (a newline, or a backslash: JSON's "\n"), so that one
# quota's words are not taken for another's.
_DAILY_QUOTA = re.compile(r"quota_?(?:id|limit)\W+[\w-]*PerDay|quota exceeded for[^\\\n]*?per[ _]?day", re.IGNORECASE)
# How Google says a 429 hit a quota of zero: a free tier that does not include the model ("Quota exceeded for
# metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro").
# No wait ever brings such a call through, though the same body asks for one ("Please retry in 38s") and may
# name per-minute quotas. Read up to the end of its line, as _DAILY_QUOTA is; "limit: 0.5" is no zero.
_ZERO_QUOTA = re.compile(r"quota exceeded for[^\\\n]*?\blimit:\s*0(?![\d.])", re.IGNORECASE)
# The start of a web page: what a proxy or gateway in front of a provider answers in its stead (a company's
# "Access Denied", a "502 Bad Gateway"), where the provider's API answers JSON. Its code and comments are no text.
_WEB_PAGE = re.compile(r"<!doctype html|<html\b", re.IGNORECASE)
_PAGE_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# How much of a web page's first line of text an error keeps: its title, not kilobytes of HTML.
MAX_PAGE_LINE_CHARS = 120
# provider -> how its server is started on this machine, told when nothing answers at its endpoint (a
# profile's `start_server` option says it for the rest: llama.cpp, vLLM, LM Studio all speak OpenAI's API).
_START_COMMANDS = {"ollama": "`ollama serve`", "ollama_chat": "`ollama serve`"}
# The wait Google's RetryInfo asks for ("retryDelay": "26s"), sent in the body, not as a Retry-After header.
_RETRY_DELAY = re.compile(r"retryDelay\W+(\d+(?:\.\d+)?)s")


def litellm_module():
    """litellm, imported on first use with the offline switches set (it reads them at import); the one way radqc
    imports it, so that no caller forgets the switches."""
    from radqc.offline import apply_offline_env

    apply_offline_env()
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def is_transient(error: Exception) -> bool:
    litellm = litellm_module()
    if isinstance(error, (litellm.Timeout, litellm.APIConnectionError)):
        return True
    status = getattr(error, "status_code", None)
    return isinstance(status, int) and (status in _TRANSIENT_STATUSES or status >= 500)


def _text_of_error(error: Exception | None) -> str:
    """What ERROR says: its message and the provider's body, where litellm kept it apart."""
    return f"{error} {getattr(error, 'body', '')}"


def _response_text(error: Exception | None) -> str:
    """The body of the HTTP response ERROR kept, where litellm left it there alone (OpenAI's "Error code: 403")."""
    response = getattr(error, "response", None)
    try:
        return response.text if response is not None else ""
    except Exception:  # a response never read (a stream), or none of httpx's
        return ""


def web_page_line(error: Exception | None) -> str | None:
    """The first line of text of the web page ERROR brought back instead of the provider's answer (a proxy's
    "Access Denied"), or None when it brought none."""
    for text in (_text_of_error(error), _response_text(error)):
        page = _WEB_PAGE.search(text)
        if page:
            words = html.unescape(_TAG.sub("\n", _PAGE_CODE.sub("", text[page.start():].replace("\\n", "\n"))))
            lines = (" ".join(line.split()) for line in words.splitlines())
            return next((line for line in lines if line), "")[:MAX_PAGE_LINE_CHARS]
    return None


def is_out_of_credit(error: Exception) -> bool:
    """Whether ERROR says the account has no credit left: no retry or wait can help, so none is made."""
    if getattr(error, "status_code", None) == 402:
        return True
    text = _text_of_error(error).lower()
    return any(words in text for words in _OUT_OF_CREDIT_WORDS)


def is_daily_quota_spent(error: Exception) -> bool:
    """Whether ERROR is a 429 for a quota counted per day: retrying in seconds, or case after case, only
    meets it again until the quota resets."""
    return getattr(error, "status_code", None) == 429 and bool(_DAILY_QUOTA.search(_text_of_error(error)))


def is_model_outside_tier(error: Exception) -> bool:
    """Whether ERROR is a 429 for a quota of zero: the account's tier does not include the model, so every
    call is refused alike until the account is upgraded, not only until a minute or a day is over."""
    return getattr(error, "status_code", None) == 429 and bool(_ZERO_QUOTA.search(_text_of_error(error)))


def is_refused_credential(error: Exception) -> bool:
    """Whether ERROR says the call had no valid key: a 401 (litellm's AuthenticationError), or the OpenAI
    client's "Missing credentials", which litellm reports as a server error (500) and would be retried."""
    return getattr(error, "status_code", None) == 401 or any(words in _text_of_error(error) for words in _NO_CREDENTIAL_WORDS)


def missing_setting(error: Exception) -> str | None:
    """litellm's own sentence when ERROR says the call lacks a setting it needs (`_MISSING_SETTING`), else None: the
    sentence alone, where the error's text runs on into a traceback."""
    return _sentence(_MISSING_SETTING, error)


def _sentence(pattern: re.Pattern[str], error: Exception) -> str | None:
    """What PATTERN finds in ERROR's message, else in the provider's body, each read on its own (not run into the other)."""
    found = (pattern.search(str(text)) for text in (error, getattr(error, "body", None)) if text)
    return next((match.group(0).strip() for match in found if match), None)


def google_setup_missing(error: Exception) -> str | None:
    """What to set when ERROR says a Vertex AI call found no Google Cloud project or no Google credentials, quoting
    the sentence that says so; else None."""
    if said := _sentence(_GOOGLE_PROJECT_UNSET, error):
        return (f"finds no Google Cloud project (litellm: \"{said}\"): export VERTEXAI_PROJECT=... or give "
                "`vertex_project` in the profile's options")
    if said := _sentence(_GOOGLE_CREDENTIALS_UNSET, error):
        return (f"finds no Google credentials (\"{said}\"): export GOOGLE_APPLICATION_CREDENTIALS=<a service "
                "account's key file> (or run `gcloud auth application-default login`)")
    return None


def missing_module(error: Exception | None) -> str | None:
    """The module ERROR comes of a failure to import (a package litellm needs for this provider and this install
    lacks), named as Python names it, or None."""
    imports = [cause for cause in _causes(error) if isinstance(cause, ImportError)]
    return next((cause.name for cause in reversed(imports) if cause.name), None)


def is_permission_denied(error: Exception) -> bool:
    """Whether ERROR is a 403 (litellm's PermissionDeniedError): the key is valid but the account may not
    use this model or region (OpenAI's unsupported country, Anthropic's permission_error, Google's
    PERMISSION_DENIED, Bedrock's AccessDeniedException for a model not enabled). Only the account's
    owner can change that, so every later call would be refused alike (litellm itself maps some
    providers' 403 to an AuthenticationError)."""
    return getattr(error, "status_code", None) == 403


def is_refused_connection(error: Exception | None) -> bool:
    """Whether ERROR comes of a connection refused: nothing listens at the endpoint. litellm words it by
    provider ("[Errno 111] Connection refused", OpenAI's "Connection error.") but keeps the socket's own
    error in the chain of causes."""
    return any(isinstance(cause, ConnectionRefusedError) for cause in _causes(error))


def unreachable_host(error: Exception | None) -> str | None:
    """Why ERROR's call could not leave this machine: a host name that did not resolve (a socket.gaierror among its
    causes: no network, or no DNS for the name), or a network this machine has no route to (ENETUNREACH,
    EHOSTUNREACH: DNS answered from a cache or a local resolver, but the network is down); "cannot reach HOST: ...",
    the host as the request named it; else None. litellm words both "Connection error." alone, which reads the same
    as a provider's server failing."""
    causes = _causes(error)
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        why = "the name does not resolve, so this machine has no network or no DNS for it"
    elif any(isinstance(cause, OSError) and cause.errno in _NO_ROUTE for cause in causes):
        why = "this machine has no route to it (the network is unreachable: offline, or a firewall or VPN in the way)"
    else:
        return None
    host = next(filter(None, map(_requested_host, reversed(causes))), None)  # the socket's own: litellm's wrappers name a stand-in
    return (f"cannot reach {host or 'its server'}: {why}: "
            "check the connection (and any proxy HTTPS_PROXY names), or switch to another profile (--profile offline)")


def _requested_host(error: BaseException) -> str | None:
    """The host of the HTTP request ERROR (httpx's, the OpenAI client's) was raised for, or None."""
    try:
        return str(error.request.url.host) or None  # type: ignore[attr-defined]
    except Exception:  # no request, or httpx's "The .request property has not been set"
        return None


def _causes(error: Exception | None) -> list[BaseException]:
    """ERROR and the chain of exceptions it was raised from or while handling, the first first."""
    chain: list[BaseException] = []
    while error is not None and all(error is not seen for seen in chain):
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def lasting_refusal(error: Exception, missing: list[Missing] | tuple[Missing, ...] = (), endpoint: str | None = None,
                    start: str | None = None) -> str | None:
    """What to do when ERROR says the account may not call the model again today, until it is topped up,
    until its tier includes the model, without a valid key (MISSING: what litellm finds unset for it,
    `missing_key_variables`), a setting litellm needs, a package it imports, Google's project or
    credentials, or at all (a 403, the provider's or a proxy's on the way), or that nothing listens at
    ENDPOINT, a server on this machine (START: how it is started), then no retry is made and the
    provider is taken to be down; None for any other error. A refused connection to a remote endpoint is
    retried as a network's hiccup may be, but a server on this machine that is not running stays so until
    someone starts it."""
    if is_refused_connection(error) and stays_on_this_machine(endpoint):
        return (f"is not served: nothing answers at {shown_endpoint(endpoint)}; start {f'it with {start}' if start else 'the server the profile points to'}, "
                "or switch to another profile (--profile)")
    if is_out_of_credit(error):
        return "has no credit or quota left: top up the account or switch to another profile (--profile)"
    if is_model_outside_tier(error):
        return ("is not included in the account's tier (its quota for this model is 0, which no wait raises): upgrade the "
                "account's plan (enable billing), choose a model the tier includes, or switch to another profile (--profile)")
    if is_daily_quota_spent(error):
        return "has used up the provider's daily quota: switch to another profile (--profile) or wait until it resets"
    if is_refused_credential(error):
        key = f"set {in_words(list(missing))}" if missing else "check its API key"
        return f"refused the call for want of a valid key: {key} (or `api_key` in the profile), or switch to another profile (--profile)"
    if module := missing_module(error):
        package = package_of(module)
        install = f"install {package} (.venv/bin/pip install {package})" if package else "install the package that holds it"
        return f"cannot be called in this install: the Python module {module} is not installed: {install}, or switch to another profile (--profile)"
    if google := google_setup_missing(error):
        return f"{google}, or switch to another profile (--profile)"
    if setting := missing_setting(error):
        return (f"cannot be called as configured (litellm: \"{setting}\"): set it in the environment or in the profile's "
                "options, or switch to another profile (--profile)")
    if is_permission_denied(error) and web_page_line(error) is not None:
        return ("was refused by a proxy or gateway on the way (a web page, not the provider's answer): ask its administrators "
                "to let calls to this endpoint through, or switch to another profile (--profile)")
    if is_permission_denied(error):
        return ("refused the account access to this model (permission denied: the model or region may not be enabled for "
                "it): enable it in the provider's console or switch to another profile (--profile)")
    return None


def retry_after_seconds(error: Exception | None) -> float | None:
    """How long a provider asked to be left alone, or None: its Retry-After header (seconds or an HTTP
    date), else the retryDelay of Google's RetryInfo in the body. A rate limit's own wait is usually
    longer than the first backoffs, which would spend every attempt inside it."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        delay = _RETRY_DELAY.search(_text_of_error(error))
        return float(delay.group(1)) if delay else None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (email.utils.parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None


class LlmCallError(Exception):
    """No usable reply: the provider kept failing, refused the request, or the client is misconfigured."""


@dataclass
class Outcome(Generic[Answer]):
    answer: Answer | None
    problem: str | None = None  # why there is no answer; None when `answer` is set


class LlmClient:
    """Calls MODEL through litellm. Unknown keyword options (api_base, api_key, max_tokens, ...) go to
    `litellm.completion` as they are, so any provider litellm supports can be configured from a profile.

    `phi_allowed_providers` lists litellm provider names (e.g. "azure") that may receive patient
    identifiers; a server on this machine (the endpoint litellm will call, named in the profile or the
    environment or litellm's default, on a loopback address) may too, since nothing leaves the machine
    (unless a proxy would carry it away). Everything else gets redacted text (see `new_redactor`).
    """

    def __init__(
        self,
        model: str,
        *,
        json_mode: bool = False,
        max_attempts: int = 4,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        format_retries: int = 1,
        timeout: float = 120.0,
        max_tokens: int = 2048,
        use_cache: bool = True,
        outage_calls: int = 3,
        outage_probe_seconds: float = 300.0,
        phi_allowed_providers: list[str] | tuple[str, ...] = (),
        start_server: str | None = None,
        **litellm_params: Any,
    ):
        self.model = model
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.format_retries = max(0, format_retries)
        self.cache = ResponseCache() if use_cache else None
        self.outage = OutageBreaker(outage_calls, outage_probe_seconds)
        self.params: dict[str, Any] = {"timeout": timeout, "max_tokens": max_tokens, "max_retries": 0, **from_environment(litellm_params)}
        self.provider, self.endpoint = self._provider_and_endpoint()
        if json_mode and self._supports("response_format"):
            self.params["response_format"] = {"type": "json_object"}
        self.phi_allowed = self.provider in phi_allowed_providers or stays_on_this_machine(self.endpoint)
        self.start_server = start_server or _START_COMMANDS.get(self.provider)

    def new_redactor(self) -> Redactor:
        """A redactor for one case: active unless this provider may see identifiers."""
        return Redactor(enabled=not self.phi_allowed)

    def complete(self, messages: list[dict[str, Any]], answer_model: type[Answer], tally: UsageTally) -> Outcome[Answer]:
        """A validated answer to MESSAGES, from the cache when this exact request was answered before, or is
        being answered now by another thread (`ResponseCache.claim`)."""
        if not self.cache:
            return self._answer(messages, answer_model, tally, "")
        key = ResponseCache.key(self.model, messages, self._keyed_params())
        with self.cache.claim(key):
            return self._answer(messages, answer_model, tally, key)

    def _answer(self, messages: list[dict[str, Any]], answer_model: type[Answer], tally: UsageTally, key: str) -> Outcome[Answer]:
        shown = _text_of(messages)
        cached = self.cache.get(key) if self.cache else None
        if cached is not None:
            answer, _ = _validate(cached.get("content", ""), answer_model, shown)
            if answer is not None:
                tally.add_cache_hit()
                return Outcome(answer)
        conversation = list(messages)
        problem = "no reply"
        for _ in range(1 + self.format_retries):
            try:
                reply = self._call(conversation, tally)
            except LlmCallError as exc:
                return Outcome(None, f"model call failed: {exc}")
            answer, problem = _validate(reply, answer_model, shown)
            if answer is not None:
                if self.cache:
                    self.cache.put(key, {"model": self.model, "content": reply})
                return Outcome(answer)
            conversation += [
                {"role": "assistant", "content": reply[:MAX_ECHOED_REPLY_CHARS]},
                {"role": "user", "content": render(load_prompt("answer_format_retry"), problem=problem)},
            ]
        return Outcome(None, f"unusable reply: {problem}")

    def _call(self, messages: list[dict[str, Any]], tally: UsageTally) -> str:
        litellm = litellm_module()
        if not self.outage.allow():
            raise LlmCallError(self.outage.why())
        last_error: Exception | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                backoff = max(self.backoff_seconds * 2 ** (attempt - 1), retry_after_seconds(last_error) or 0.0)
                time.sleep(min(self.max_backoff_seconds, backoff))
            try:
                response = _whole(litellm.completion(model=self.model, messages=messages, temperature=0, **self.params), messages)
            except Exception as exc:  # any provider or configuration error must degrade one case, not the run
                tally.add_failure()
                refusal = lasting_refusal(exc, self.missing_credentials(), self.endpoint, self.start_server)
                if refusal:
                    problem = f"{self.model} ({self.provider}) {refusal}; {self._described(exc)}"
                    self.outage.refused(problem)
                    raise LlmCallError(problem) from exc
                if not is_transient(exc):
                    raise LlmCallError(self._described(exc)) from exc
                last_error = exc
                continue
            self.outage.answered()
            usage = getattr(response, "usage", None)
            tally.add_reply(
                getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0, self._cost(response)
            )
            return _reply_text(response)
        unreachable = unreachable_host(last_error)
        self.outage.gave_up(unreachable)
        because = f"{self.model} ({self.provider}) {unreachable}; " if unreachable else ""
        raise LlmCallError(f"gave up after {counted(self.max_attempts, 'attempt')}: {because}{self._described(last_error)}")

    def _described(self, error: Exception | None) -> str:
        """ERROR in one line for the case's record; a web page (a proxy's or gateway's: kilobytes of HTML) as
        its status, where it came from and its first line of text."""
        line = web_page_line(error)
        if line is None:
            return _short(error, self.secrets())
        where = f"{self.provider} at {shown_endpoint(self.endpoint)}" if self.endpoint else self.provider
        text = f"{type(error).__name__}: HTTP {getattr(error, 'status_code', None) or '?'} from {where}, a web page: \"{line}\""
        return _hidden(text, self.secrets())

    def missing_credentials(self) -> list[Missing]:
        """What litellm needs for this model and finds unset (credentials.py)."""
        return missing_key_variables(self.model, self.provider, self.endpoint, self.params)

    def _keyed_params(self) -> dict[str, Any]:
        """The parameters a reply is cached under: the call's, with the endpoint litellm will send it to
        wherever that was set (the profile or the environment), so that a reply from one server is never
        reused for another."""
        return self.params | ({"api_base": self.endpoint} if self.endpoint else {})

    def secrets(self) -> list[str]:
        """The credentials a provider's error message may echo ("Invalid key: Bearer sk-..."), to be
        hidden before the message is recorded: this role's credential options, and the credential
        variables of the environment, which litellm reads itself (OPENAI_API_KEY, ...)."""
        values = [value for name, value in self.params.items() if is_secret_option(name)]
        values += [value for name, value in os.environ.items() if is_secret_option(name)]
        return [text for text in _strings(values) if len(text) >= MIN_SECRET_CHARS]

    def _cost(self, response: Any) -> float | None:
        """The reply's price from litellm's local cost map; None for models it has no price for."""
        try:
            return float(litellm_module().completion_cost(completion_response=response))
        except Exception:  # litellm raises several types for unmapped models
            return None

    def _provider_and_endpoint(self) -> tuple[str, str | None]:
        """The provider, and the endpoint litellm will send the call to (see endpoint.py): the profile's
        (`base_url` wins over `api_base` in litellm), else the one litellm resolves itself."""
        named = self.params.get("base_url") or self.params.get("api_base")
        try:
            _, provider, _, endpoint = litellm_module().get_llm_provider(
                self.model, custom_llm_provider=self.params.get("custom_llm_provider"), api_base=named
            )
        except Exception:  # a model string litellm cannot place: treat as remote and unknown
            return UNPLACED_PROVIDER, named
        return provider, endpoint or call_time_endpoint(provider)

    def _supports(self, parameter: str) -> bool:
        try:
            supported = litellm_module().get_supported_openai_params(model=self.model, custom_llm_provider=self.provider)
        except Exception:
            return False
        return parameter in (supported or [])


def _whole(response: Any, messages: list[dict[str, Any]]) -> Any:
    """RESPONSE itself, or, when a profile asked for a stream (`stream: true`, for a server that only
    streams), the stream read to its end and assembled into one response, so that it is read, priced
    and counted like any other (and a stream cut off half way fails the call, to be retried)."""
    litellm = litellm_module()
    if isinstance(response, litellm.CustomStreamWrapper):
        return litellm.stream_chunk_builder(list(response), messages=messages)
    return response


def _reply_text(response: Any) -> str:
    """The text of the reply's first choice; "" when there is none (no choices, no message, a tool call
    instead of text), so that a malformed response is an unusable reply, asked again, never a crash."""
    choices = getattr(response, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    return getattr(message, "content", None) or ""


def _validate(reply: str, answer_model: type[Answer], shown: str) -> tuple[Answer | None, str | None]:
    """The answer in REPLY: the first JSON object that validates, never one copied from SHOWN (the
    prompt, whose report may hold an answer-shaped injection)."""
    try:
        return answer_model.model_validate(extract_json_object(reply, fits=lambda value: _fits(answer_model, value), quoted=shown)), None
    except ValueError as exc:  # includes pydantic's ValidationError
        return None, _short(exc)


def _fits(answer_model: type[Answer], value: dict[str, Any]) -> bool:
    try:
        answer_model.model_validate(value)
    except ValueError:
        return False
    return True


def _text_of(messages: list[dict[str, Any]]) -> str:
    """The text parts of MESSAGES, joined: what the model was shown."""
    parts = []
    for message in messages:
        content = message.get("content")
        parts += [content] if isinstance(content, str) else [part.get("text", "") for part in content or [] if isinstance(part, dict)]
    return "\n".join(parts)


def from_environment(options: dict[str, Any]) -> dict[str, Any]:
    """OPTIONS with every "os.environ/NAME" value (at any depth, e.g. inside extra_headers) read from
    the environment. An unset variable is an error now, naming it, rather than a reference sent as a
    key and refused by the provider on every case."""
    def value_of(value: Any) -> Any:
        if isinstance(value, dict):
            return {name: value_of(item) for name, item in value.items()}
        if isinstance(value, str) and value.startswith(ENV_PREFIX):
            variable = value[len(ENV_PREFIX):]
            if variable not in os.environ:
                raise ValueError(f"the environment variable {variable} is not set (the profile reads {value!r})")
            return os.environ[variable]
        return value

    return value_of(options)


def _strings(values: list[Any]) -> list[str]:
    """The strings in VALUES, those inside mappings (extra_headers) included."""
    found: list[str] = []
    for value in values:
        found += _strings(list(value.values())) if isinstance(value, dict) else [value] if isinstance(value, str) else []
    return found


def _short(error: Exception | None, secrets: list[str] | tuple[str, ...] = (), limit: int = 300) -> str:
    """ERROR as one line of at most LIMIT characters, each of SECRETS in it hidden (before cutting,
    so that no part of one is left)."""
    return _hidden(f"{type(error).__name__}: {error}" if error else "unknown error", secrets)[:limit]


def _hidden(text: str, secrets: list[str] | tuple[str, ...]) -> str:
    """TEXT on one line, each of SECRETS in it shown as <hidden>."""
    text = " ".join(text.split())
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text
