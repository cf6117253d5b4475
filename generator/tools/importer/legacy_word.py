"""Old Word and WPS files (.doc, .wps) and RTF/ODT → .docx, through LibreOffice when it is installed.

Their binary formats have no well-kept Python reader; LibreOffice reads them all.  Without it,
the editor is told how to save the file as .docx, which WPS and Word both do in two clicks.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.tools.importer.problems import ReadProblem

TIMEOUT_SECONDS = 180  # a first start of LibreOffice sets up its profile: tens of seconds
# The name LibreOffice sees: .wps goes in as .doc, since Kingsoft WPS Writer's .wps is Word 97's
# binary format, while LibreOffice takes the extension .wps for Microsoft Works.
_KEEP_SUFFIX = (".doc", ".rtf", ".odt")


def how_to_convert(display: str) -> str:
    return (f"{display}：这是旧版 Word / WPS 格式（或 RTF、ODT 格式）的文件，需要先转换成 .docx 才能导入。"
            "请用 WPS 或 Word 打开它，点“文件 → 另存为”，文件类型选“Word 文档（*.docx）”，保存后再导入新文件；"
            "或者在这台电脑上安装 LibreOffice，导入时会自动转换。")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def converted_to_docx(path: Path, display: str) -> Iterator[Path]:
    """The document converted to .docx in a temporary folder, removed afterwards."""
    program = soffice()
    if program is None:
        raise ReadProblem(how_to_convert(display))
    suffix = path.suffix.lower() if path.suffix.lower() in _KEEP_SUFFIX else ".doc"
    with tempfile.TemporaryDirectory(prefix="portal-import-") as folder:
        work = Path(folder)
        source = work / f"plan{suffix}"  # a fixed name: the editor's file name could read as an option
        shutil.copyfile(path, source)
        command = [
            program,
            # Its own profile: a LibreOffice already open on the desktop would otherwise take the job and do nothing.
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ReadProblem(f"{display}：LibreOffice 转换超过 {TIMEOUT_SECONDS} 秒仍未完成。"
                              "请用 WPS 或 Word 打开它，另存为 .docx 后再导入。") from None
        except OSError as error:
            raise ReadProblem(f"{display}：无法启动 LibreOffice（{error.strerror or error}）。"
                              "请用 WPS 或 Word 打开它，另存为 .docx 后再导入。") from None
        result = work / "out" / "plan.docx"
        if not result.is_file():
            raise ReadProblem(f"{display}：LibreOffice 没能把它转换成 .docx（文件可能已损坏、设了密码，或不是文字文档）。"
                              "请用 WPS 或 Word 打开它，另存为 .docx 后再导入。")
        yield result
