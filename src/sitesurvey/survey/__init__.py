"""The site survey: the typed record, its file format, reading and validation.

=================== =====================================================================
module              concern
=================== =====================================================================
:mod:`.record`      the typed record (:class:`Survey` and its sections), the canonical
                    JSON form, :data:`CONFIRMATION_RULES`, :data:`CURRENT_FORMAT`
:mod:`.reader`      files (TOML, JSON), format versions and upgrades, the sections
:mod:`.fields`      the validating reader of values (every problem with its path)
:mod:`.marking`     meter markings ``"10(40)A"``
:mod:`.signature`   the customer's signature image
:mod:`.template`    the blank survey and the example that ``sitesurvey init`` writes
:mod:`.writer`      survey data written as TOML (``sitesurvey upgrade``)
=================== =====================================================================


An installer measures the site and writes what he finds into one survey file (TOML, or
JSON with the same structure). :func:`load_survey` reads a file, :func:`parse_survey` a
mapping; both validate everything and return an immutable :class:`Survey`, whose
:meth:`Survey.to_dict` gives the canonical JSON form (quantities as ``{"value", "unit"}``
in canonical units) that the design sheet embeds and that :func:`parse_survey` reads
back unchanged.

The format, version 2 (``templates/survey-example.toml`` documents every key; spec §6
keeps what is there apart from what the installer designs):

====================== =====================================================================
section                keys
====================== =====================================================================
(top)                  ``format = 2`` — required; ``example`` (true for the example only)
``[customer]``         ``name``, ``phone``, ``address`` — all required
``[job]``              ``work_order``, ``date`` (ISO), ``appointment`` (``"14:00-15:00"``) —
                       required; ``service_network``, ``distance_from_urban_area`` [length]
``[job.installer]``    ``name``, ``employee_number``
``[heater]``           ``model``, ``power`` [power], ``supply_voltage`` [voltage] — required
``[existing]``         what is there: ``supply_voltage`` (measured), ``water_pressure``,
                       ``ceiling_height`` (the bathroom's), ``rcd``, ``earth`` and the tables
                       ``line`` (``present``, ``wire``), ``breaker`` (``rating`` — ``"32 A"``
                       or ``"C32"`` —, ``poles``, ``curve``), ``meter`` (``kind``,
                       ``marking``), ``main_switch`` (``rating``), ``[[existing.appliances]]``
                       (``name``, ``power``, ``phase``)
``[design]``           what the installer plans: ``route`` (``length``, ``method``,
                       ``ambient_temperature``, ``grouping``, ``arrangement``,
                       ``[[design.route.runs]]`` with ``orientation``, ``length``,
                       ``height``, ``ceiling_height``, ``damp``, ``place``), ``socket``
                       (``height``, ``distance_to_opening``), ``heater``
                       (``display_height``), ``shower`` (``head_height``,
                       ``offset_from_axis``), ``[[design.drilling]]`` (``x`` signed, from
                       the heater's axis, + to the right; ``y`` above the floor)
``[usage]``            ``user_heights`` (list, first = the main user), ``bathtub``,
                       ``special_needs``, ``mixing_valve``
``[confirmations]``    one key per rule of spec §2 that no measurement decides
                       (:data:`CONFIRMATION_RULES`): ``"yes"``, ``"no"`` or ``"not yet"``
``[actions]``          ``report_to_company``: ``"done"`` or ``"not yet"``
``[signature]``        ``image`` (a PNG file, relative to the survey file), ``captured_at``
``[[photos]]``         photos taken on site (evidence; no rule reads them): ``subject``
                       (:data:`~sitesurvey.survey.record.PHOTO_SUBJECTS`), ``image`` (a JPEG
                       or PNG file, relative to the survey file), ``sha256``, ``taken_at``,
                       ``note``
====================== =====================================================================

The record keeps format 1's attribute names (``survey.site.breaker``,
``survey.site.wiring``, ``survey.drilling``); :meth:`Survey.to_dict` writes format 2.
Format 1 (``[site]``, ``[[drilling.points]]``) is read through ``UPGRADES[1]``;
:mod:`.writer` writes TOML for ``sitesurvey upgrade``; :mod:`.template` gives the blank
survey and the example of ``sitesurvey init``.

Every measurement is optional: a missing one makes its rule ``not_checked``, never
``pass``. Measurements are strings with units (``"2.6 m"``, ``"260 cm"``, ``"3 bar"``)
read by :func:`sitesurvey.units.parse`; they are stored as floats in the canonical unit
of their kind (m, mm², V, A, W, MPa, °C), rounded to 12 significant digits so that two
spellings of one measurement compare equal (``"115 cm"`` and ``"1.15 m"``).

Errors name the path inside the file (``design.socket.height: expected a length like
"2.6 m" or "260 cm", got "2,6m" — use a decimal point ...``); all problems of a file are
reported together in one :class:`~sitesurvey.errors.SurveyFileError`, whose ``problems``
attribute lists them one by one.

Versions. A reader of version *n* reads every older version: :data:`UPGRADES` maps a
version to the function that turns a file of that version into the next one, and
:func:`parse_survey` applies them in turn. A file newer than this reader is refused
with a message saying to upgrade sitesurvey.
"""

from __future__ import annotations

from sitesurvey.survey.fields import TEXT_FIELDS
from sitesurvey.survey.marking import parse_meter_marking
from sitesurvey.survey.reader import (
    SUPPORTED_FORMATS,
    UPGRADES,
    load_network,
    load_survey,
    parse_survey,
)
from sitesurvey.survey.record import (
    ARRANGEMENTS,
    CONFIRMATION_RULES,
    CURRENT_FORMAT,
    INSTALLATION_METHODS,
    PHOTO_SUBJECTS,
    Actions,
    Appliance,
    AppointmentWindow,
    BreakerReading,
    Confirmations,
    Customer,
    DedicatedLine,
    DrillPoint,
    Handover,
    HeaterSpec,
    Installer,
    Job,
    MainSwitchReading,
    Material,
    MeterReading,
    Network,
    Photo,
    ShowerPosition,
    Signature,
    Signatures,
    Site,
    SocketPosition,
    Survey,
    Usage,
    Wiring,
    WiringRun,
)

__all__ = [
    "ARRANGEMENTS",
    "CONFIRMATION_RULES",
    "CURRENT_FORMAT",
    "INSTALLATION_METHODS",
    "PHOTO_SUBJECTS",
    "SUPPORTED_FORMATS",
    "TEXT_FIELDS",
    "UPGRADES",
    "Actions",
    "Appliance",
    "AppointmentWindow",
    "BreakerReading",
    "Confirmations",
    "Customer",
    "DedicatedLine",
    "DrillPoint",
    "Handover",
    "HeaterSpec",
    "Installer",
    "Job",
    "MainSwitchReading",
    "Material",
    "MeterReading",
    "Network",
    "Photo",
    "ShowerPosition",
    "Signature",
    "Signatures",
    "Site",
    "SocketPosition",
    "Survey",
    "Usage",
    "Wiring",
    "WiringRun",
    "load_network",
    "load_survey",
    "parse_meter_marking",
    "parse_survey",
]
