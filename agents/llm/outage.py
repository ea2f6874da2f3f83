"""A provider that is down: stop waiting for it, case after case.

With the default retries a call to a server that hangs gives up after about 8 minutes (4 attempts of
up to 120 s, plus backoff), per case and per role: a day's archive would take weeks to fail. After
`calls` calls in a row gave up that way, the provider is taken to be down and later calls fail at once,
so the run ends quickly with those cases as errors, which a re-run audits again. Every `probe_seconds`
one call is let through to see whether it is back; one answer closes the breaker again.

A provider that refuses because the account's allowance is spent (no credit left, or a quota counted per
day used up) or is zero (a free tier that does not include the model), its key or another setting litellm needs is missing (or the key invalid), or the account may not use the model (a 403) is down from its
first refusal, and so is a server on this machine that refuses the connection (it is not running): waiting within a run brings none of them back.
"""

from __future__ import annotations

import threading
import time

from radqc.plural import counted


class OutageBreaker:
    def __init__(self, calls: int = 3, probe_seconds: float = 300.0):
        self.calls = max(1, calls)
        self.probe_seconds = probe_seconds
        self._given_up = 0
        self._last_try = 0.0
        self._refusal: str | None = None  # what the provider said when it refused for good (no credit, no valid key, no permission)
        self._cause: str | None = None  # what kept the last call that gave up from being answered, where known (no network)
        self._lock = threading.Lock()  # the workers of a run share one client

    def allow(self) -> bool:
        """Whether to call the provider now: always while it answers, and once per `probe_seconds`
        once it looks down (the probe's own outcome then opens or closes the breaker)."""
        with self._lock:
            if self._given_up < self.calls:
                return True
            if time.monotonic() - self._last_try >= self.probe_seconds:
                self._last_try = time.monotonic()
                return True
            return False

    def gave_up(self, cause: str | None = None) -> None:
        """A call failed on every attempt (timeouts, 5xx, rate limits); CAUSE says why where that is known (a host
        name that does not resolve, a network with no route to the host), so that the run's summary tells a machine without network from a server down."""
        with self._lock:
            self._given_up += 1
            self._last_try = time.monotonic()
            self._cause = cause

    def refused(self, problem: str) -> None:
        """The provider refused for want of credit, of the day's quota, of a tier that includes the model, of a valid key or of the permission
        to use the model (PROBLEM says which): down at once."""
        with self._lock:
            self._given_up = max(self._given_up + 1, self.calls)
            self._last_try = time.monotonic()
            self._refusal = problem

    def answered(self) -> None:
        with self._lock:
            self._given_up = 0
            self._refusal = None
            self._cause = None

    def why(self) -> str:
        """Why a call was not made, for the case it fails."""
        return f"not called: {self._reason()} (tried again every {self.probe_seconds:.0f} s); re-run the same command later to audit this case again"

    def down(self) -> str | None:
        """Why the provider is out of the run, or None while it is called: for the run's summary, since
        each failed case's record alone does not say that every case after the first was failed unasked."""
        with self._lock:
            if self._given_up < self.calls:
                return None
        return self._reason()

    def _reason(self) -> str:
        given_up = f"the last {counted(self._given_up, 'call')} to this provider gave up on every attempt"
        return self._refusal or (f"{given_up}: {self._cause}" if self._cause else f"{given_up}, so it looks down")


def taken_out(model: str, why: str, answered: bool, failed_cases: bool) -> str:
    """MODEL out of the run, as the summary and report.html say it. Whether it ever ANSWERED matters: "its later
    cases failed without a call" alone read as if its first ones had been audited, when it may have failed
    from its first case (a server not running, a key refused). So does whether any case FAILED for it: where
    another role (the rules) answered, the cases were audited without it, and "failed" was untrue."""
    start = f"{model} was taken out of this run" if answered else f"{model} failed from its first case and was taken out of this run"
    later = "its later cases failed without a call" if failed_cases else "its later cases were audited without a call to it, by the other role alone"
    return f"{start}, {later}: {why}"


def failed_case_line(error: str | None, models_down: dict[str, str], why_at: str) -> str | None:
    """A failed case's ERROR as the lists of failed cases show it: the models taken out of the run that it names
    (MODELS_DOWN: model -> why, which every case they failed holds), its why said once, WHY_AT ("below"), else as
    recorded: repeated for every case and role, the why buried the one thing to do (start the server, top up)."""
    down = [model for model, why in models_down.items() if why in (error or "")]
    return f"not audited: {' and '.join(down)} {'was' if len(down) == 1 else 'were'} taken out of this run (why: {why_at})" if down else error


def failed_unasked(errors: list[str | None], models_down: dict[str, str]) -> dict[str, int]:
    """For each model taken out of the run (MODELS_DOWN), how many of the failed cases' ERRORS name its why: the
    cases that failed without a call to it, none where another role answered them."""
    return {model: sum(why in (error or "") for error in errors) for model, why in models_down.items()}
