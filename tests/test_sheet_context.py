"""The sheet's template context (sheet/context.py): redaction, the embedded data, and the
words and numbers each language shows."""

from __future__ import annotations

import json
import re

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


def _template_messages() -> list[str]:
    text = (data_dir("templates") / "sheet.html.j2").read_text(encoding="utf-8")
    return re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', text)


def test_the_chinese_sheet_has_every_template_word_translated(survey):
    """The template's English message ids never reach the Chinese sheet."""
    html = render.render_html(survey, lang="zh")
    messages = _template_messages()
    assert len(messages) > 80
    # (a message of a few characters, ": " or "no", occurs in any text)
    left = [m for m in messages if len(m) > 3 and m in html]
    assert not left


def test_the_english_sheet_prints_the_message_ids_escaped(survey):
    html = render.render_html(survey, lang="en")
    assert "Instant electric water heater — installation sheet" in html
    # translations are escaped like every other value (old-style gettext, not Markup)
    assert "Customer&#39;s signature" in html and "Customer's signature" not in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", {"合格", "注意", "不合格", "未检查"}), ("en", {"pass", "warn", "FAIL", "not checked"})],
)
def test_status_words_are_the_catalog_words(survey, lang, words):
    result = check_survey(survey)
    rows = context.build_context(survey, result, lang=lang)["checks"]
    assert {row["status_text"] for row in rows} <= words


def test_defaults_and_breaker_in_chinese_come_from_the_catalog(survey):
    result = check_survey(survey)
    ctx = context.build_context(survey, result, lang="zh")
    assert ctx["sizing"]["breaker"].endswith(" 极") and ",2 极" in ctx["sizing"]["breaker"]
    en = context.build_context(survey, result, lang="en")
    assert en["sizing"]["breaker"].endswith(", 2-pole")
    assert "{" not in ctx["drawing"]["caption"] and "1:25" in ctx["drawing"]["caption"]
