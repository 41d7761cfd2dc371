"""Legacy Word (.doc), RTF, OpenDocument and WPS files, through LibreOffice when it is installed.

LibreOffice converts the file to .docx in a private temporary folder (with a profile of its own,
so a LibreOffice the user has open is not disturbed); the .docx reader does the rest. Without
LibreOffice the error says how to get it or what to do instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from yuqing.errors import InputError
from yuqing.report.readers.source import ReportSource

CONVERT_TIMEOUT = 120  # seconds; a large .doc converts in a few
_PROGRAMS = ("soffice", "libreoffice", "lowriter")


def office_program(configured: str = "") -> str | None:
    """The LibreOffice command: the report.office setting, else soffice on PATH; None if absent."""
    if configured:
        return shutil.which(configured)
    return next((found for name in _PROGRAMS if (found := shutil.which(name))), None)


def read_legacy(path: Path, office: str = "") -> ReportSource:
    from yuqing.report.readers.docx import read_docx

    program = office_program(office)
    if program is None:
        where = f"report.office {office!r} is not a program" if office else "it is not installed"
        raise InputError(
            f"a {path.suffix or 'legacy'} file needs LibreOffice to be read, and {where} "
            "(Debian: apt-get install libreoffice-writer-nogui); or save it as .docx in Word or WPS",
            path=path,
        )
    with tempfile.TemporaryDirectory(prefix="yuqing-office-") as folder:
        work = Path(folder)
        source = work / f"report{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)  # a plain name: LibreOffice trips over some characters
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise InputError(
                f"LibreOffice did not convert it within {CONVERT_TIMEOUT} s", path=path
            ) from None
        converted = work / "out" / "report.docx"
        if done.returncode != 0 or not converted.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise InputError(f"LibreOffice could not convert it ({detail[0]})", path=path)
        result = read_docx(path, converted.read_bytes())
    result.notes.append(f"converted from {path.suffix or 'legacy'} by LibreOffice")
    return result
