"""The sheet's template context (sheet/context.py): redaction, the embedded data, and the
words and numbers each language shows."""

from __future__ import annotations

import json

import pytest

from sitesurvey.rules import check_survey
from sitesurvey.sheet import context, render
from sitesurvey.sheet.integrity import canonical_json
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

EXAMPLE = data_dir("templates") / "survey-example.toml"


@pytest.fixture(scope="module")
def survey():
    return load_survey(EXAMPLE)


def test_redact_masks_personal_data(survey):
    for lang in ("zh", "en"):
        html = render.render_html(survey, lang=lang, redact=True)
        assert "王丽" not in html and "0013" not in html and "天河路" not in html
        assert "王*" in html and "+** *** ****8 *000" not in html
    redacted = context.redact_survey(survey)
    assert redacted.customer.phone.endswith("00") and "138" not in redacted.customer.phone


def test_results_name_the_table_by_file_name_not_folder(survey):
    """The embedded, hashed data must not hold the installation's folder (cause 14)."""
    data = canonical_json(context.sheet_data(survey, check_survey(survey))).decode()
    table = json.loads(data)["results"]["sizing"]["table"]
    assert table["path"] == "ot-h3002_ch5_circuit_conditions.toml"
    assert set(table) == {"id", "path", "sha256"}
    assert str(data_dir()) not in data and str(data_dir().parent) not in data
