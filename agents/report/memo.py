"""Answers the checks ask of one report many times, worked out once per report.

The checks ask the same questions of a sentence again and again: its finding terms and its organs, a few hundred times
per report, the same clause for each of its terms and each check. `one_report` opens a memory for the answers while
one report is audited (`ReportRulesAuditor.audit`), and a `remembered` function answers each question from it once
worked out. The memory goes with the report, so it never grows with the reports audited; outside `one_report` every
answer is worked out afresh.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ANSWERS: ContextVar[dict | None] = ContextVar("report_answers", default=None)


@contextmanager
def one_report() -> Iterator[None]:
    """Remember the answers of `remembered` functions until the report's audit ends."""
    token = _ANSWERS.set({})
    try:
        yield
    finally:
        _ANSWERS.reset(token)


def remembered(question: Callable[..., tuple]):
    """Make a function returning a list answer each question once within `one_report`. QUESTION takes the function's
    arguments and returns what its answer depends on (a span's text and start, not the span, whose other fields it
    does not read); every caller gets a list of its own."""

    def decorate(function):
        @functools.wraps(function)
        def answer(*args, **kwargs):
            answers = _ANSWERS.get()
            if answers is None:
                return function(*args, **kwargs)
            key = (function, question(*args, **kwargs))
            if key not in answers:
                answers[key] = function(*args, **kwargs)
            return list(answers[key])

        return answer

    return decorate
