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
from sitesurvey.survey import load_survey
from sitesurvey.tables import data_dir

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
        ("-", "give a file name"),
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
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(
        main, ["sheet", str(survey_file), "-o", str(tmp_path / "s.html"), "--html"]
    )
    assert result.exit_code == 2
    assert "cannot write in" in result.stderr and "Read-only file system" in result.stderr
    assert "Traceback" not in result.stderr


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
