"""Render every planned output, each through the gate of its kind, in memory.

A problem while rendering one output (the gate refusing it, an editor's text the renderer
cannot lay out) is an issue at the file:line of the record behind it; the other outputs are
still rendered, so one run reports everything.
"""

from __future__ import annotations

from generator.errors import Issue
from generator.gate.outputs import Outputs
from generator.plan.outputs import CARD, Output, Plan


class RenderFailed(Exception):
    """A renderer's way of saying an editor's content cannot be rendered, in Chinese."""


def render_plan(plan: Plan, draw_cards: bool = True, degraded: bool = False,
                fresh: frozenset[str] = frozenset()) -> Outputs:
    """``degraded``: earlier phases reported errors and left records out, so a renderer may meet a
    site it was never meant to see (no campaign at all, say); its failure then tells the editor
    nothing new, and the other outputs are still rendered for what they can report.

    ``fresh``: outputs whose inputs did not change since the last build (publish/state.py); they
    are on disk already and are not rendered again."""
    outputs = Outputs()
    for output in plan:
        if output.path in fresh:
            continue
        try:
            if output.kind == CARD and not draw_cards and output.check is not None:
                output.check()
                continue
            outputs.add(output.path, output.render(), output.kind)
        except RenderFailed as exc:
            outputs.issues.append(_issue(output, str(exc)))
        except Exception:
            if not degraded:
                raise
    return outputs


def draw_cards(plan: Plan, outputs: Outputs, fresh: frozenset[str] = frozenset()) -> None:
    """The share images, drawn (or taken from the cache) once everything else is known to be sound:
    a failed check leaves no new file in the cache."""
    for output in plan:
        # QR codes have no separate check: render_plan made them already.
        if output.kind == CARD and output.path not in fresh and output.path not in outputs:
            outputs.add(output.path, output.render(), output.kind)


def _issue(output: Output, message: str) -> Issue:
    if output.origin is not None:
        return output.origin.issue(message)
    return Issue(output.path, 1, "", message)
