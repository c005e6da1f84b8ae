"""Where the sheet is written: nothing is lost to a bad -o, the HTML is portable, and a
redacted copy carries no personal data (sheet.write_sheet, cli/sheet.py)."""

from __future__ import annotations

import base64
import os
import shutil

import pytest
from click.testing import CliRunner

from sitesurvey.cli import main
from sitesurvey.errors import SiteSurveyError
from sitesurvey.sheet import render_html, write_sheet
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def survey_file(tmp_path):
    path = tmp_path / "survey.toml"
    shutil.copy(data_dir("templates") / "survey-example.toml", path)
    return path


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("{tmp}", "is a directory"),
        ("{tmp}/missing/sheet.pdf", "does not exist"),
        ("{survey}", "is the survey itself"),
    ],
)
def test_an_output_that_would_lose_something_is_refused_before_rendering(
    survey_file, tmp_path, target, fragment
):
    target = target.format(tmp=tmp_path, survey=survey_file)
    before = survey_file.read_bytes()
    result = CliRunner().invoke(main, ["sheet", str(survey_file), "-o", target, "--html"])
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert survey_file.read_bytes() == before


def test_device_is_never_replaced(survey_file):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(SiteSurveyError, match="not a regular file"):
        write_sheet(load_survey(survey_file), "/dev/null", html=True)
    assert not os.path.isfile("/dev/null")


def test_unwritable_folder_is_a_clear_error(survey_file, tmp_path, monkeypatch):
    """A read-only or full folder: an error naming it, exit 2, no traceback."""
    import errno

    from sitesurvey import _files

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(_files.os, "open", refuse)
    result = CliRunner().invoke(
        main, ["sheet", str(survey_file), "-o", str(tmp_path / "s.html"), "--html"]
    )
    assert result.exit_code == 2
    assert "cannot write in" in result.stderr and "Read-only file system" in result.stderr
    assert "Traceback" not in result.stderr


def _sheet(*args, cwd, stdout=None):
    """Run the installed command line as a user would (real file descriptors)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "sitesurvey", "sheet", *args],
        cwd=cwd,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="no /dev/stdout link")
def test_dev_stdout_is_refused_and_never_replaced(survey_file, tmp_path):
    """`sheet s.toml -o /dev/stdout > x.pdf` said "wrote", left x.pdf empty and, as
    root, replaced /dev/stdout by a regular file."""
    out = tmp_path / "x.html"
    with out.open("wb") as handle:
        result = _sheet(
            str(survey_file), "-o", "/dev/stdout", "--html", cwd=tmp_path, stdout=handle
        )
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "wrote" not in stderr and "Traceback" not in stderr
    assert "/dev/stdout is a symbolic link" in stderr and "(-o -)" in stderr
    assert os.path.islink("/dev/stdout")
    assert out.read_bytes() == b""


def test_dash_writes_the_sheet_to_stdout_and_nothing_else(survey_file, tmp_path):
    result = _sheet(str(survey_file), "-o", "-", "--html", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<!DOCTYPE html>") and b"wrote" not in result.stdout
    assert b"wrote" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.toml"]
    expected = write_sheet(load_survey(survey_file), tmp_path / "s.html", html=True, lang="en")
    assert result.stdout == expected.read_bytes()


def test_a_link_as_output_is_refused_and_left_alone(survey_file, tmp_path):
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(b"not mine")
    link = tmp_path / "sheet.html"
    link.symlink_to(theirs)
    result = CliRunner().invoke(main, ["sheet", str(survey_file), "-o", str(link), "--html"])
    assert result.exit_code == 2
    assert "is a symbolic link" in result.stderr and "-o -" in result.stderr
    assert "wrote" not in result.stderr
    assert link.is_symlink() and theirs.read_bytes() == b"not mine"


@pytest.mark.slow  # renders a PDF
def test_dash_writes_a_verifiable_pdf(survey_file, tmp_path):
    from sitesurvey.sheet.integrity import verify_pdf

    result = _sheet(str(survey_file), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.startswith(b"%PDF-") and verify_pdf(result.stdout).ok


_NO_PANGO = """
import sys

class _NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            print("WeasyPrint could not import some external libraries", flush=True)
            raise OSError(
                "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
                "object file: No such file or directory"
            )
        return None

sys.meta_path.insert(0, _NoPango())
"""


def test_without_pango_pdf_is_exit_2_naming_packages_and_html_still_works(survey_file, tmp_path):
    """weasyprint's import raises OSError (cffi dlopen) when Pango is missing."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_NO_PANGO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    import subprocess
    import sys

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "sitesurvey", "sheet", str(survey_file), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )

    pdf = run("-o", "-")
    stderr = pdf.stderr.decode()
    assert pdf.returncode == 2, stderr
    assert stderr.startswith("Error: ") and stderr.strip().count("\n") == 0
    assert "Traceback" not in stderr
    assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in stderr
    assert "--html" in stderr
    assert pdf.stdout == b""  # WeasyPrint's own notice never reaches a sheet on stdout
    html = run("-o", "s.html", "--html")
    assert html.returncode == 0, html.stderr
    assert (tmp_path / "s.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_html_sheet_names_no_local_file(survey_file, tmp_path):
    out = write_sheet(load_survey(survey_file), tmp_path / "sheet.html", html=True)
    text = out.read_text(encoding="utf-8")
    assert "file:" not in text and str(data_dir("templates")) not in text
    assert "Noto Sans CJK SC" in text and "@font-face" not in text


def test_redacted_copy_leaves_out_the_signature(survey_file, tmp_path):
    (tmp_path / "sig.png").write_bytes(PNG)
    text = survey_file.read_text(encoding="utf-8").replace(
        '# [signature]\n# image = "signature.png"\n# captured_at = 2024-05-18T15:20:00+08:00',
        '[signature]\nimage = "sig.png"\ncaptured_at = 2024-05-18T15:20:00+08:00',
    )
    assert "[signature]\nimage" in text
    survey_file.write_text(text, encoding="utf-8")
    survey = load_survey(survey_file)
    assert "data:image/png;base64," in render_html(survey, lang="en")
    redacted = render_html(survey, lang="en", redact=True)
    assert "data:image/png;base64," not in redacted
    assert "signature image is left out" in redacted
