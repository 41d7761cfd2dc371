"""Legacy Word .doc (and RTF) through LibreOffice, as CI installs it (libreoffice-writer-nogui);
without it, a clear message."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EVALDATA
from tests.importcheck import EXAMPLE_OF, document_problems, example
from yuqing.errors import InputError
from yuqing.report.importer import read_report
from yuqing.report.readers.legacy import office_program

OFFICE = office_program()


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if OFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test legacy .doc import: LibreOffice (libreoffice-writer-nogui) is missing")
        pytest.skip("LibreOffice is not installed (scripts/setup installs libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("legacy")
    source = EVALDATA / "zh_report_forms" / "000" / "aN.docx"
    out = {}
    for target in ("doc", "rtf"):
        subprocess.run(
            [OFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
             target, "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        out[target] = folder / f"aN.{target}"
    return out


@pytest.mark.parametrize("kind", ["doc", "rtf"])
def test_a_legacy_file_imports_as_its_example(legacy_files: dict[str, Path], kind: str) -> None:
    path = legacy_files[kind]
    parsed = read_report(path)
    assert document_problems(example(EXAMPLE_OF["000"]), parsed.document, path) == []
    assert any(f"converted from .{kind} by LibreOffice" in w for w in parsed.warnings)


def test_without_libreoffice_the_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(InputError) as caught:
        read_report(path, office="no-such-soffice")
    assert str(caught.value) == (
        f"{path}: a .doc file needs LibreOffice to be read, and report.office 'no-such-soffice' is not a "
        "program (Debian: apt-get install libreoffice-writer-nogui); or save it as .docx in Word or WPS"
    )
