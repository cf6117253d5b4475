"""What a gate policy raises when an output fails its kind's rule."""

from __future__ import annotations

from generator.errors import BuildError


class GateError(BuildError, ValueError):
    """The message is a Chinese predicate (“含有 <script>：…”) that reads after the file's name.

    Files an editor supplies (photos, attachments) are checked with the same policies while
    the model is built, where the message gets its file:line; for them the gate never fires.
    For a generated output it would be a generator bug, so the build stops without writing.
    """
