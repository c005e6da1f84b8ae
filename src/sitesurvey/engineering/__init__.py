"""Engineering cross-check of the circuit, beside the manufacturer's table (spec §3).

The table answer of :func:`sitesurvey.size` stays the answer. This module reports, next
to it, what a careful electrical engineer would check for the actual site: a long run,
wire in conduit in a hot wall, several circuits bunched together, a weak supply.

Plain functions first (vectorised over numpy arrays where natural; numpy is imported
only when an array comes in, so the scalar path of ``sitesurvey size`` stays light):

* :func:`ampacity` — current-carrying capacity Iz with the ambient and grouping factors
  (:func:`ambient_factor`, :func:`grouping_factor`), IEC 60364-5-52 Annex B;
* :func:`voltage_drop`, :func:`voltage_drop_percent`, :func:`terminal_voltage` —
  IEC 60364-5-52 Annex G;
* :func:`coordination` — Ib ≤ In ≤ Iz and I2 ≤ 1.45·Iz, IEC 60364-4-43 433.1;
* :func:`meter_sufficient` — meter Imax ≥ Ib;
* :func:`main_switch_check` — spec rule ``E-MAIN``.

A thin layer on top: :class:`SiteConditions` (route length, installation method, ambient
temperature, grouping, measured supply voltage, voltage-drop limit, worst-case voltage)
and :func:`check_engineering`, which returns an :class:`EngineeringResult` with the
checks (:class:`~sitesurvey.results.CheckResult`, codes ``ENG-…``), the verdict, the
recommendation by the fixed algorithm of issue 3 and the working, formula by formula.

Every figure comes from a data file in ``tables/`` (with its provenance), read and
validated on first use by :func:`reference_data`; nothing here holds a copy of a
standard's numbers. The design current is :func:`sitesurvey.sizing.design_current`.

Modules, one per concern:

* ``reference`` — the IEC data files, :class:`ReferenceData`;
* ``ampacity`` — Iz and its correction factors;
* ``drop`` — voltage drop and terminal voltage;
* ``protection`` — coordination, the one breaker choice, the meter, ``E-MAIN``;
* ``conditions`` — :class:`SiteConditions` and their defaults;
* ``circuit`` — one wire with one breaker on the site, and its checks;
* ``recommend`` — the recommendation algorithm;
* ``working`` — the explained steps;
* ``check`` — :func:`check_engineering` and :class:`EngineeringResult`.
"""

from __future__ import annotations

from sitesurvey.engineering.ampacity import ambient_factor, ampacity, grouping_factor
from sitesurvey.engineering.check import EngineeringResult, check_engineering
from sitesurvey.engineering.conditions import SiteConditions
from sitesurvey.engineering.drop import terminal_voltage, voltage_drop, voltage_drop_percent
from sitesurvey.engineering.protection import (
    coordination,
    main_switch_check,
    meter_sufficient,
)
from sitesurvey.engineering.recommend import Recommendation, RecommendationStep
from sitesurvey.engineering.reference import (
    AMBIENT_FILE,
    CAPACITY_FILE,
    GROUPING_FILE,
    RATINGS_FILE,
    DataSource,
    InstallationMethod,
    ReferenceData,
    StandardMeter,
    reference_data,
)
from sitesurvey.engineering.working import WorkingLine
from sitesurvey.sizing.lookup import rated_current

__all__ = [
    "AMBIENT_FILE",
    "CAPACITY_FILE",
    "GROUPING_FILE",
    "RATINGS_FILE",
    "DataSource",
    "EngineeringResult",
    "InstallationMethod",
    "Recommendation",
    "RecommendationStep",
    "ReferenceData",
    "SiteConditions",
    "StandardMeter",
    "WorkingLine",
    "ambient_factor",
    "ampacity",
    "check_engineering",
    "coordination",
    "grouping_factor",
    "main_switch_check",
    "meter_sufficient",
    "rated_current",
    "reference_data",
    "terminal_voltage",
    "voltage_drop",
    "voltage_drop_percent",
]
