"""Counts in words: "1 case", "2 cases". Every message that prints a count with its noun says it
through `counted`, so that none reads "1 cases" or falls back on "case(s)"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """COUNT followed by SINGULAR when it is 1, else by PLURAL (by default SINGULAR + "s"; 0 takes the
    plural too). The words may go on with a verb that must agree: counted(n, "case waits", "cases wait")."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
