"""The CLI's text renderers (cli/render.py): one word per status and per term, lazy catalog.

Issue 9: ``size`` said 通过/不通过/警告/未校核 and 成束回路数 where ``check`` and the sheet say
合格/不合格/注意/未检查 and 成组回路数; ``check`` said 空开 … 2 极 where ``size`` said
空气开关 … 二极. The renderers now take every word from the catalog.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitesurvey import i18n
from sitesurvey.cli import render
from sitesurvey.engineering import SiteConditions, check_engineering
from sitesurvey.rules import check_survey
from sitesurvey.sizing import size
from sitesurvey.sizing.table import data_dir
from sitesurvey.survey import load_survey

CLI = Path(render.__file__).resolve().parent
EXAMPLE = data_dir("templates") / "survey-example.toml"
STATUSES = ("pass", "warn", "fail", "not_checked")
#: The words of issue 9's drift, which no output may use for a status or for grouping.
DRIFTED = ("通过", "不通过", "警告", "未校核", "成束回路数")


@pytest.fixture(scope="module")
def verdict():
    survey = load_survey(EXAMPLE)
    return survey, check_survey(survey)


def _checks_column(text: str) -> list[str]:
    """The status words of the "Checks" block of ``size``'s text, in order."""
    lines = text.splitlines()
    start = lines.index(i18n.tr("Checks", "zh")) + 1
    block = lines[start : lines.index("", start)]
    return [line.split()[0] for line in block]


@pytest.mark.parametrize("status", STATUSES)
def test_status_text_is_the_one_word_per_status(status: str) -> None:
    assert render.status_text(status, "zh") == i18n.status_word(status, "zh")
    english = i18n.status_word(status, "en")
    assert render.status_text(status, "en") == (english if status == "pass" else english.upper())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    power=st.sampled_from([2500.0, 3500.0, 5500.0, 7500.0, 8500.0]),
    length=st.one_of(st.none(), st.floats(1.0, 150.0)),
    grouping=st.one_of(st.none(), st.integers(1, 6)),
    supply=st.one_of(st.none(), st.floats(200.0, 240.0)),
)
def test_size_chinese_status_column_is_the_status_words(power, length, grouping, supply) -> None:
    eng = check_engineering(
        size(power, 220.0),
        SiteConditions(length=length, grouping=grouping, supply_voltage=supply),
    )
    text = render.format_engineering(eng, "zh")
    assert _checks_column(text) == [i18n.status_word(c.status, "zh") for c in eng.checks]
    site_and_defaults = "\n".join(text.splitlines()[:5])
    assert f"成组回路数 {eng.conditions.grouping}" in site_and_defaults
    assert not [word for word in DRIFTED if word in site_and_defaults]


def test_size_english_status_column_shouts_what_is_not_a_pass() -> None:
    eng = check_engineering(size(5500.0, 220.0), SiteConditions())
    text = render.format_engineering(eng, "en")
    column = [line.split()[0] for line in text.splitlines() if line.startswith("  ")]
    assert "NOT" in column and "not" not in column  # "NOT CHECKED", as in check


def test_check_chinese_names_the_air_switch_and_its_poles_as_size_does(verdict) -> None:
    survey, result = verdict
    text = render.format_verdict(survey, result, "zh")
    plan = text.split("方案 — 将安装或更改的内容")[1].split("\n\n")[0]
    assert "现有空气开关，32A，二极（保留）" in plan
    assert "空开" not in plan.replace("空气开关", "") and "2 极" not in plan
    sizing_lines = render.format_sizing(result.sizing, "zh").splitlines()
    assert "空气开关    32A，二极" in sizing_lines


@pytest.mark.parametrize(
    ("poles", "en", "zh"),
    [
        (1, "1-pole", "单极"),
        (2, "2-pole", "二极"),
        (3, "3-pole", "三极"),
        (4, "4-pole", "四极"),
        (6, "6-pole", "6极"),
    ],
)
def test_pole_word(poles: int, en: str, zh: str) -> None:
    assert (render.pole_word(poles, "en"), render.pole_word(poles, "zh")) == (en, zh)


def test_a_label_as_wide_as_its_column_keeps_a_space() -> None:
    """采用的默认值 fills the 12 columns of the Chinese labels: it ran into its value."""
    eng = check_engineering(size(5500.0, 220.0), SiteConditions())
    line = next(
        line
        for line in render.format_engineering(eng, "zh").splitlines()
        if line.startswith("采用的默认值")
    )
    assert line.startswith("采用的默认值 线路长度 0 m，")
    assert (
        render.format_sizing(eng.sizing, "en").splitlines()[2].startswith("Table row       5500 W")
    )


def test_defaults_are_listed_with_each_language_s_separator() -> None:
    eng = check_engineering(size(5500.0, 220.0), SiteConditions(length=10.0))
    assert render.defaults_text(eng, "en") == (
        "method B1, ambient 30 °C, grouping 1, arrangement bunched, drop limit 5 %, "
        "supply voltage 220 V (nominal, not measured)"
    )
    assert render.defaults_text(eng, "zh").split("，")[0] == "敷设方式 B1"


def test_english_text_never_opens_the_catalog(monkeypatch, verdict) -> None:
    """The ``size`` path must not open the catalog in English (start-up); nor does check's."""
    survey, result = verdict

    def no_catalog():
        raise AssertionError("the catalog was opened for English text")

    monkeypatch.setattr(i18n, "catalog", no_catalog)
    eng = result.engineering
    assert render.format_size(result.sizing, eng, None, "en").startswith("Instant electric")
    assert render.format_verdict(survey, result, "en").startswith("Site survey")
    with pytest.raises(AssertionError, match="catalog was opened"):
        render.format_size(result.sizing, eng, None, "zh")


def test_the_cross_check_not_possible_is_said_in_each_language(verdict) -> None:
    sizing = verdict[1].sizing
    assert render.format_size(sizing, None, "why", "en").endswith(
        "\n\nEngineering cross-check not possible: why"
    )
    assert render.format_size(sizing, None, "why", "zh").endswith("\n\n工程校核无法进行：why")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(
    "module", sorted(p.stem for p in CLI.glob("*.py") if not p.stem.startswith("_"))
)
def test_no_command_imports_another_and_render_imports_none(module: str) -> None:
    commands = {p.stem for p in CLI.glob("*.py")} - {"__init__", "_common", "render"}
    imported = _imported_modules(CLI / f"{module}.py")
    others = {f"sitesurvey.cli.{name}" for name in commands - {module}}
    assert not imported & others, f"cli/{module}.py imports {sorted(imported & others)}"
