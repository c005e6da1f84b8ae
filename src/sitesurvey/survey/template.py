"""The survey templates ``sitesurvey init`` writes: a blank survey, and the example.

There is one source, ``templates/survey-example.toml``: a complete, commented example
marked ``example = true`` (``sitesurvey init --example`` writes it as it is).
:func:`blank_survey` derives from it the file an installer fills in on site, so that the
two never drift apart:

- every key of the measurements, the design, the usage, the confirmations and the
  actions is commented out, its example value left beside it (``# supply_voltage =
  "223 V"   # E-VOLTAGE: ...``): only what the installer writes is measured, and an
  untouched file gives every measured rule ``not_checked`` (spec §6);
- the lists of tables (``[[existing.appliances]]`` ...) are commented out with them;
- ``example = true`` is left out;
- ``[customer]``, ``[job]`` and ``[heater]``, which the reader requires, hold
  :data:`PLACEHOLDERS` in brackets (the survey's date is the day it is written), and
  their optional keys are commented out.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from sitesurvey.survey.record import APPOINTMENT_NOT_AGREED

__all__ = ["IDENTITY_SECTIONS", "PLACEHOLDERS", "blank_survey", "example_text", "unfilled"]

#: The sections a survey must have; the blank survey keeps them, with placeholders.
IDENTITY_SECTIONS = ("customer", "job", "job.installer", "heater")

#: What the blank survey writes for each required key, as TOML values. Brackets mark a
#: text to replace (the appointment: not agreed yet); the heater's power and voltage
#: are the example's (a valid row).
PLACEHOLDERS: dict[str, str] = {
    "customer.name": '"（客户姓名 customer name）"',
    "customer.phone": '"（电话 phone）"',
    "customer.address": '"（地址 address）"',
    "job.work_order": '"（工作单号 work order）"',
    "job.appointment": f'"{APPOINTMENT_NOT_AGREED}"',
    "heater.model": '"（型号 model）"',
}


@cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A table's header, an array of tables' header and a key line: compiled on first
    use, not on ``check``'s path (it imports this module for :func:`unfilled` only)."""
    return (
        re.compile(r"^\s*\[(?P<name>[^\[\]]+)\]\s*(?:#.*)?$"),
        re.compile(r"^\s*\[\[(?P<name>[^\[\]]+)\]\]\s*(?:#.*)?$"),
        re.compile(r"^(?P<key>[A-Za-z0-9_-]+)(?P<eq>\s*=\s*)(?P<value>.*?)(?P<comment>\s+#.*)?$"),
    )


_REQUIRED = {"customer.name", "customer.phone", "customer.address", "job.work_order"}
_REQUIRED |= {"job.date", "job.appointment", "heater.model", "heater.power"}
_REQUIRED |= {"heater.supply_voltage"}


def example_text() -> str:
    """The example survey (``templates/survey-example.toml``) as text."""
    from sitesurvey._files import data_dir

    return (data_dir("templates") / "survey-example.toml").read_text(encoding="utf-8")


def blank_survey(example: str | None = None, *, today: dt.date | None = None) -> str:
    r"""The survey ``sitesurvey init`` writes: the example with nothing measured.

    Parameters
    ----------
    example : str, optional
        The example's text; by default :func:`example_text`.
    today : datetime.date, optional
        The survey's date; by default today.

    Returns
    -------
    str
        TOML text of format 2 that reads, with every measurement and confirmation absent.

    Examples
    --------
    >>> text = blank_survey(today=dt.date(2024, 5, 18))
    >>> '\n# supply_voltage = "223 V"' in text, "\nexample = true" in text
    (True, False)
    """
    text = example_text() if example is None else example
    date = (today or dt.date.today()).isoformat()
    section = ""
    out: list[str] = []
    header_re, array_re, key_re = _line_patterns()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            out.append(line)
            continue
        array = array_re.match(line)
        if array is not None:
            section = array["name"].strip()
            out.append(f"# {line}")
            continue
        header = header_re.match(line)
        if header is not None:
            section = header["name"].strip()
            out.append(line)
            continue
        key = key_re.match(line)
        if key is None:  # a value over several lines does not occur in the example
            out.append(f"# {line}")
            continue
        path = f"{section}.{key['key']}" if section else key["key"]
        if not section:
            if key["key"] == "example":
                continue
            out.append(line)  # format
        elif section in IDENTITY_SECTIONS and path in _REQUIRED:
            value = date if path == "job.date" else PLACEHOLDERS.get(path, key["value"])
            out.append(f"{key['key']}{key['eq']}{value}{key['comment'] or ''}")
        else:
            out.append(f"# {line}")
    return "\n".join(out) + "\n"


def unfilled(survey: object) -> tuple[str, ...]:
    """The keys of ``survey`` that still hold the placeholder ``sitesurvey init`` wrote.

    A placeholder is read (so an untouched survey can be checked and says what is
    missing) but is never information: while one is left the survey is incomplete and
    its sheet a draft that nothing signs.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> s = N(customer=N(name="（客户姓名 customer name）", phone="138", address="广州"),
    ...       job=N(work_order="W-1", appointment=None), heater=N(model="QX-55A"))
    >>> unfilled(s)
    ('customer.name',)
    """
    found = []
    for path, toml_value in PLACEHOLDERS.items():
        text = toml_value.strip('"')
        section, key = path.split(".")
        value = getattr(getattr(survey, section, None), key, None)
        # the appointment is read as a window; its placeholder as one not agreed
        if getattr(value, "agreed", True) is False or value == text:
            found.append(path)
    return tuple(found)
