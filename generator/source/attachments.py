"""A campaign's attachment: found under content/attachments/ and checked by the output gate's
attachment policy, so `check` reports at `attachment.file` what `build` would refuse."""

from __future__ import annotations

from pathlib import Path

from generator.gate.attachments import MAX_BYTES, check_attachment, check_type
from generator.gate.errors import GateError
from generator.gate.names import RENAME_ADVICE, path_problem
from generator.gate.raster import too_big
from generator.source.load import file_inside


def attachment_file(attachments_dir: Path, name: str) -> Path | str:
    """The file ``name`` names, or the message for the `attachment.file` line."""
    # load.py names the unsafe spellings (../, absolute, drive); this also catches symlinks out.
    source = file_inside(attachments_dir, name)
    if source is None:
        return f"附件“{name}”不存在：请把文件放到 content/attachments/ 下。"
    try:
        check_type(source.name)
        problem = path_problem(source.name)
        if problem:
            return f"附件“{name}”的文件名{problem}：{RENAME_ADVICE}"
        problem = too_big(source.stat().st_size, MAX_BYTES, "附件")
        if problem:
            raise GateError(problem)
        check_attachment(source.name, source.read_bytes())
    except GateError as error:
        return f"附件“{name}”{error}"
    return source
