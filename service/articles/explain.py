"""Why each block of a page was kept or dropped: the record behind ``newsreader extract --explain``.

Several parts decide what the article is (the noise table, trafilatura, recover.py's second
opinion, the LINE rules and de-duplication in blocks.py). When a page comes out wrong, the
question is always "which of them decided this paragraph, and on what grounds?". Each part
calls ``note()`` at the moment it decides; outside ``tracing()`` that is one context-variable
lookup and nothing is kept, so the service pays nothing for the debug view.
"""
from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

KEPT, DROPPED = "kept", "dropped"
_SNIPPET = 90  # characters of a block shown in the listing

_trace: contextvars.ContextVar[list | None] = contextvars.ContextVar("explain_trace",
                                                                     default=None)


@dataclass
class Decision:
    verdict: str  # KEPT or DROPPED
    stage: str  # "noise", "trafilatura", "recover", "line", "repeat", "link-run", ...
    reason: str  # the rule or the score that decided
    text: str  # the block's text (whole; shortened only when printed)


def active() -> bool:
    return _trace.get() is not None


def note(verdict: str, stage: str, reason: str, text: str) -> None:
    """Record one decision (a no-op unless a trace is being collected)."""
    trace = _trace.get()
    if trace is not None:
        trace.append(Decision(verdict, stage, reason, " ".join((text or "").split())))


@contextlib.contextmanager
def tracing():
    """Collect every decision taken inside the block: ``with tracing() as decisions: ...``."""
    trace: list[Decision] = []
    token = _trace.set(trace)
    try:
        yield trace
    finally:
        _trace.reset(token)


def format_decisions(decisions: list[Decision]) -> str:
    """One line per decision: verdict, stage, rule or score, and the start of the text."""
    lines = []
    for d in decisions:
        text = d.text if len(d.text) <= _SNIPPET else d.text[:_SNIPPET - 1] + "…"
        lines.append(f"{d.verdict:<8}{d.stage:<12}{d.reason:<44} {text}")
    return "\n".join(lines)
