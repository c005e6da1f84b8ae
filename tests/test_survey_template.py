"""The survey templates (survey/template.py): one example, and the blank survey from it."""

from __future__ import annotations

import datetime as dt
import tomllib

from sitesurvey.survey import parse_survey
from sitesurvey.survey.template import IDENTITY_SECTIONS, blank_survey, example_text


def test_every_example_line_is_in_the_blank_survey_commented_out():
    example = example_text().splitlines()
    blank = blank_survey(today=dt.date(2024, 5, 18)).splitlines()
    section = ""
    for line in example:
        if line.startswith("["):
            section = line.strip("[] ").split("]")[0].strip("[]")
        if not line or line.startswith(("#", "format", "example")) or "=" not in line:
            continue
        if section in IDENTITY_SECTIONS:
            continue
        assert f"# {line}" in blank, line


def test_blank_survey_reads_with_nothing_measured():
    survey = parse_survey(tomllib.loads(blank_survey(today=dt.date(2024, 5, 18))))
    assert survey.example is False and survey.job.date == dt.date(2024, 5, 18)
    site = survey.site
    assert (site.supply_voltage, site.breaker.rating, site.wiring.runs, site.appliances) == (
        None,
        None,
        None,
        None,
    )
    assert survey.drilling is None and survey.usage.user_heights == ()
    assert {answer for _, answer in survey.confirmations.values} == {"not_yet"}
    assert survey.actions.report_to_company is None


def test_the_example_is_marked_and_complete():
    survey = parse_survey(tomllib.loads(example_text()))
    assert survey.example is True
    assert survey.site.breaker.rating == 32.0 and len(survey.drilling) == 3


def test_the_appointment_placeholder_is_read_as_not_agreed_and_written_back():
    from sitesurvey.survey.record import APPOINTMENT_NOT_AGREED
    from sitesurvey.survey.template import unfilled

    data = tomllib.loads(blank_survey(today=dt.date(2024, 5, 18)))
    assert data["job"]["appointment"] == APPOINTMENT_NOT_AGREED
    survey = parse_survey(data)
    assert not survey.job.appointment.agreed
    assert "job.appointment" in unfilled(survey)
    assert survey.job.to_dict()["appointment"] == APPOINTMENT_NOT_AGREED
    data["job"]["appointment"] = "09:00-10:00"  # once agreed, a real window
    agreed = parse_survey(data)
    assert agreed.job.appointment.agreed and "job.appointment" not in unfilled(agreed)
