"""Reading a survey: files (TOML or JSON), format versions and upgrades, the sections.

:func:`load_survey` reads a file, :func:`parse_survey` a mapping; both validate
everything and return an immutable :class:`~sitesurvey.survey.record.Survey`.

Versions. A reader of version *n* reads every older version: :data:`UPGRADES` maps a
version to the function that turns a file of that version into the next one, and
:func:`parse_survey` applies them in turn. A file newer than this reader is refused
with a message saying to upgrade sitesurvey.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from sitesurvey import fmt
from sitesurvey._dataclasses import compile_pattern
from sitesurvey.bands import PERSON_HEIGHT, supply_voltage_band
from sitesurvey.errors import InputError, SurveyFileError
from sitesurvey.survey.fields import (
    _NO,
    _NOT_YET,
    _TOP_KEYS,
    _YES,
    _read_date,
    _read_datetime,
    _Reader,
    _shown,
)
from sitesurvey.survey.marking import format_marking, parse_meter_marking
from sitesurvey.survey.record import (
    APPOINTMENT_NOT_AGREED,
    ARRANGEMENTS,
    CONFIRMATION_RULES,
    CURRENT_FORMAT,
    HIDDEN_KINDS,
    INSTALLATION_METHODS,
    PHOTO_SUBJECTS,
    Actions,
    Appliance,
    AppointmentWindow,
    BreakerReading,
    Confirmation,
    Confirmations,
    Customer,
    DedicatedLine,
    DrillPoint,
    Handover,
    HeaterSpec,
    HiddenRun,
    Installer,
    Job,
    MainSwitchReading,
    Material,
    MeterReading,
    Network,
    Photo,
    ShowerPosition,
    Site,
    SocketPosition,
    Survey,
    Usage,
    Wall,
    WaterConnections,
    Wiring,
    WiringRun,
)
from sitesurvey.survey.signature import (
    _read_image_name,
    read_image_file,
    read_signature,
    read_signatures,
)
from sitesurvey.units import fold_keyboard, parse_breaker_rating, parse_poles

if TYPE_CHECKING:  # pathlib (with urllib.parse, ipaddress) only where a path is made
    from pathlib import Path

__all__ = [
    "FORMAT_1_PATHS",
    "FORMAT_2_ONLY",
    "MAX_PHOTOS",
    "SUPPORTED_FORMATS",
    "UPGRADES",
    "format_1_path",
    "format_2_path",
    "load_network",
    "load_survey",
    "parse_survey",
    "read_survey_data",
    "upgrade_data",
]

#: Versions this module reads.
SUPPORTED_FORMATS = (1, 2)

#: Where each table of format 1 went in format 2 (``site`` split into what is there,
#: ``existing``, and what the installer designs, ``design``; spec §6), as
#: (format-1 path, format-2 path). Keys under a table move with it. Read in this order
#: by :func:`_upgrade_1_to_2`; read backwards by :func:`format_1_path`, so that a
#: problem in a format-1 file names the key as that file spells it.
FORMAT_1_PATHS: tuple[tuple[str, str], ...] = (
    ("site.dedicated_line", "existing.line"),
    ("site.breaker", "existing.breaker"),
    ("site.meter", "existing.meter"),
    ("site.main_switch", "existing.main_switch"),
    ("site.appliances", "existing.appliances"),
    ("site.supply_voltage", "existing.supply_voltage"),
    ("site.water_pressure", "existing.water_pressure"),
    ("site.ceiling_height", "existing.ceiling_height"),
    ("site.rcd", "existing.rcd"),
    ("site.earth", "existing.earth"),
    ("site.wiring", "design.route"),
    ("site.socket", "design.socket"),
    ("site.heater", "design.heater"),
    ("site.shower", "design.shower"),
    ("drilling.points", "design.drilling"),
)


#: Tables that format 1 did not have (issue 11): a file of either format writes them as
#: format 2 does (``[design.wall]`` ...), and messages name them so.
FORMAT_2_ONLY = ("design.wall", "design.water", "existing.hidden")


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: ``[site]`` splits into ``[existing]`` and ``[design]``,
    ``[site.wiring]`` becomes ``[design.route]``, ``[site.dedicated_line]``
    ``[existing.line]``, ``[[drilling.points]]`` ``[[design.drilling]]``.

    Only the layout changes; every value is kept as written. A key of ``[site]`` that
    format 1 does not know goes to ``[existing]``, where the reader reports it (as
    ``site.KEY``: :func:`format_1_path`).
    """
    out = {k: v for k, v in data.items() if k not in ("site", "drilling")}
    out["format"] = 2
    rest: dict[str, dict[str, Any]] = {}
    for top in ("site", "drilling"):
        value = data.get(top)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            out[top] = value  # reported as it is: not a table
            continue
        rest[top] = dict(value)
    for old, new in FORMAT_1_PATHS:
        top, key = old.split(".")
        if top not in rest or key not in rest[top]:
            continue
        section, new_key = new.split(".")
        target = out.setdefault(section, {})
        if isinstance(target, dict):
            target[new_key] = rest[top].pop(key)
    left = rest.get("site")
    if left and isinstance(out.setdefault("existing", {}), dict):
        out["existing"].update(left)  # unknown keys: reported, as site.KEY (format_1_path)
    if rest.get("drilling"):
        out["drilling"] = rest["drilling"]
    # The sections in the order of format 2 (what a written file shows), others after.
    order = {key: i for i, key in enumerate(_TOP_KEYS)}
    return dict(sorted(out.items(), key=lambda item: order.get(item[0], len(order))))


#: version -> function turning a file of that version into the next version's layout.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def format_1_path(path: str) -> str:
    """The format-1 spelling of a format-2 path (``existing.line.wire`` ->
    ``site.dedicated_line.wire``); other paths unchanged.

    Examples
    --------
    >>> format_1_path("design.route.runs[2].height")
    'site.wiring.runs[2].height'
    """
    for old, new in FORMAT_1_PATHS:
        if path == new or path.startswith((new + ".", new + "[")):
            return old + path[len(new) :]
    if path.startswith(FORMAT_2_ONLY):
        return path  # no format-1 spelling: a format-1 file writes these as in format 2
    for section in ("existing.", "design."):
        if path.startswith(section):
            return "site." + path[len(section) :]
    return path


def format_2_path(path: str) -> str:
    """The format-2 spelling of a format-1 path, which is also the record's attribute
    path (``site.dedicated_line.wire`` -> ``existing.line.wire``); other paths unchanged.
    Messages about the record name the key as the current file spells it.

    Examples
    --------
    >>> format_2_path("site.wiring.runs[2].height"), format_2_path("usage.bathtub")
    ('design.route.runs[2].height', 'usage.bathtub')
    """
    for old, new in FORMAT_1_PATHS:
        if path == old or path.startswith((old + ".", old + "[")):
            return new + path[len(old) :]
    return path


def upgrade_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Bring survey data of any supported format to the current one (layout only).

    Parameters
    ----------
    data : mapping
        A survey file's content, with its ``format``.

    Returns
    -------
    dict
        The same values in the layout of :data:`CURRENT_FORMAT`.

    Raises
    ------
    SurveyFileError
        ``format`` missing, not a whole number, unknown or newer than this reader.
    """
    return _upgrade(dict(data), _format_of(data, "survey"))


_TIME_RE = compile_pattern(
    __name__, r"^\s*([0-9]{1,2}):([0-9]{2})\s*[-–—~〜～至到]\s*([0-9]{1,2}):([0-9]{2})\s*$"
)
_TIME_CHARS = frozenset("0123456789: -–—~〜～至到")


def _read_customer(r: _Reader, data: Mapping[str, Any]) -> Customer | None:
    m = r.section(data, "customer", "customer", required=True)
    if m is None:
        return None
    name = r.text(m, "name", "customer.name", required=True)
    phone = r.text(m, "phone", "customer.phone", required=True)
    address = r.text(m, "address", "customer.address", required=True)
    if name is None or phone is None or address is None:
        return None
    return Customer(name, phone, address)


def _read_appointment(r: _Reader, value: Any, path: str) -> AppointmentWindow | None:
    if isinstance(value, str) and value.strip() == APPOINTMENT_NOT_AGREED:
        return AppointmentWindow()  # the placeholder: not agreed yet (an unfilled key)
    # A phone keyboard types １４：００-１５：００ with full-width digits and colons.
    match = _TIME_RE.match(fold_keyboard(value)) if isinstance(value, str) else None
    if match is not None:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60:
            start, end = dt.time(h1, m1), dt.time(h2, m2)
            if start < end:
                return AppointmentWindow(start, end)
            r.problem(path, f"the window must end after it starts, got {_shown(value)}")
            return None
    hint = ""
    if isinstance(value, str):
        odd = next((c for c in fold_keyboard(value) if c not in _TIME_CHARS), None)
        if odd is not None:
            from sitesurvey.units import _char_name

            hint = f" — {_char_name(odd)} is not accepted; write the times with 0-9 and a colon"
    r.problem(path, f'expected a time window like "14:00-15:00", got {_shown(value)}{hint}')
    return None


def _read_job(r: _Reader, data: Mapping[str, Any]) -> Job | None:
    m = r.section(data, "job", "job", required=True)
    if m is None:
        return None
    work_order = r.text(m, "work_order", "job.work_order", required=True)
    raw_date = r._get(m, "date", "job.date", True)
    date = None if raw_date is None else _read_date(r, raw_date, "job.date")
    raw_window = r._get(m, "appointment", "job.appointment", True)
    window = None if raw_window is None else _read_appointment(r, raw_window, "job.appointment")
    network = r.text(m, "service_network", "job.service_network")
    distance = r.quantity(m, "distance_from_urban_area", "job.distance_from_urban_area", "length")
    inst = r.section(m, "installer", "job.installer")
    installer = Installer(
        r.text(inst, "name", "job.installer.name"),
        r.text(inst, "employee_number", "job.installer.employee_number"),
    )
    if work_order is None or date is None or window is None:
        return None
    return Job(work_order, date, window, network, distance, installer)


def _read_heater(r: _Reader, data: Mapping[str, Any]) -> HeaterSpec | None:
    m = r.section(data, "heater", "heater", required=True)
    if m is None:
        return None
    model = r.text(m, "model", "heater.model", required=True)
    power = r.quantity(m, "power", "heater.power", "power", required=True)
    voltage = r.quantity(m, "supply_voltage", "heater.supply_voltage", "voltage", required=True)
    if model is None or power is None or voltage is None:
        return None
    return HeaterSpec(model, power, voltage)


_EARTH = {"good": "good", "poor": "poor", "absent": "absent", "良好": "good", "不良": "poor"}
_EARTH.update({"无": "absent", "none": "absent", "no": "absent", "bad": "poor"})
_METER_KINDS = {
    "electronic": "electronic",
    "ic-card": "electronic",
    "ic card": "electronic",
    "ic-card electronic": "electronic",
    "磁卡电子表": "electronic",
    "电子表": "electronic",
    "mechanical": "mechanical",
    "机械表": "mechanical",
}
_ORIENTATIONS = {
    "horizontal": "horizontal",
    "vertical": "vertical",
    "other": "other",
    "diagonal": "other",
    "横": "horizontal",
    "竖": "vertical",
    "斜": "other",
}
_METHODS = {m: m for m in INSTALLATION_METHODS} | {m.lower(): m for m in INSTALLATION_METHODS}


_ARRANGEMENTS = {a: a for a in ARRANGEMENTS} | {
    "single layer on a wall": "wall",
    "on a wall": "wall",
    "on a tray": "tray",
    "成束": "bunched",
    "墙面": "wall",
    "桥架": "tray",
}
_PHASES = {p: p for p in ("L1", "L2", "L3")} | {"l1": "L1", "l2": "L2", "l3": "L3"}
_PHASES |= {"A": "L1", "B": "L2", "C": "L3", "a": "L1", "b": "L2", "c": "L3"}


def _read_meter(r: _Reader, existing: Mapping[str, Any] | None) -> MeterReading:
    m = r.section(existing, "meter", "existing.meter")
    if m is None:
        return MeterReading()
    kind = r.choice(m, "kind", "existing.meter.kind", _METER_KINDS)
    marking = r._get(m, "marking", "existing.meter.marking", False)
    basic = imax = None
    phases = None
    if marking is not None:
        try:
            basic, imax, phases = parse_meter_marking(marking, "existing.meter.marking")
        except InputError as exc:
            r.problems.append(str(exc))
            marking = None
    # The canonical form repeats the marking's numbers; they must agree with it.
    for key, parsed, kind_name in (("basic", basic, "current"), ("max", imax, "current")):
        given = r.quantity(m, key, f"existing.meter.{key}", kind_name)
        if given is not None and parsed is not None and given != parsed:
            r.problem(f"existing.meter.{key}", f"{given:g} A disagrees with the marking {marking}")
    given_phases = r.integer(m, "phases", "existing.meter.phases", (1, 3))
    if given_phases is not None and phases is not None and given_phases != phases:
        r.problem("existing.meter.phases", f"{given_phases} disagrees with the marking {marking}")
    if marking is not None and basic is not None and imax is not None and phases is not None:
        marking = format_marking(basic, imax, phases)
    return MeterReading(kind, marking, basic, imax, phases)  # type: ignore[arg-type]


def _read_breaker(r: _Reader, existing: Mapping[str, Any] | None) -> BreakerReading:
    """The existing air switch: ``rating`` as ``"32 A"`` or as marked (``"C32"``, the
    curve recorded), ``poles`` as ``2``, ``"2P"`` or ``"二极"``; ``curve`` B/C/D."""
    m = r.section(existing, "breaker", "existing.breaker")
    if m is None:
        return BreakerReading()
    rating = curve = poles = None
    raw = r._get(m, "rating", "existing.breaker.rating", False)
    if isinstance(raw, Mapping):  # the canonical form {"value": 32.0, "unit": "A"}
        rating = r.quantity_value(raw, "existing.breaker.rating", "current")
    elif raw is not None:
        try:
            rating, curve = parse_breaker_rating(raw, "existing.breaker.rating")
        except InputError as exc:
            r.problems.append(str(exc))
        else:
            rating = r.in_band(rating, raw, "existing.breaker.rating")
    given_curve = r.choice(m, "curve", "existing.breaker.curve", _CURVES)
    if given_curve is not None and curve is not None and given_curve != curve:
        r.problem(
            "existing.breaker.curve", f"{given_curve} disagrees with the rating {_shown(raw)}"
        )
    raw_poles = r._get(m, "poles", "existing.breaker.poles", False)
    if raw_poles is not None:
        try:
            poles = parse_poles(raw_poles, "existing.breaker.poles")
        except InputError as exc:
            r.problems.append(str(exc))
    return BreakerReading(rating, poles, curve or given_curve)


_CURVES = {"B": "B", "C": "C", "D": "D", "b": "B", "c": "C", "d": "D"}


def _read_appliances(
    r: _Reader, existing: Mapping[str, Any] | None
) -> tuple[Appliance, ...] | None:
    items = r.table_list(existing, "appliances", "existing.appliances")
    if items is None:
        return None
    return tuple(
        Appliance(
            r.text(item, "name", f"{p}.name", required=True) or "",
            r.quantity(item, "power", f"{p}.power", "power", required=True) or 0.0,
            r.choice(item, "phase", f"{p}.phase", _PHASES),  # type: ignore[arg-type]
        )
        for p, item in items
    )


def _read_route(r: _Reader, design: Mapping[str, Any] | None) -> Wiring:
    m = r.section(design, "route", "design.route")
    if m is None:
        return Wiring()
    runs = None
    items = r.table_list(m, "runs", "design.route.runs")
    if items is not None:
        runs = tuple(
            WiringRun(
                r.choice(item, "orientation", f"{p}.orientation", _ORIENTATIONS),  # type: ignore[arg-type]
                r.quantity(item, "length", f"{p}.length", "length"),
                r.quantity(item, "height", f"{p}.height", "length"),
                r.flag(item, "damp", f"{p}.damp"),
                r.quantity(item, "ceiling_height", f"{p}.ceiling_height", "length"),
                r.text(item, "place", f"{p}.place") or None,
            )
            for p, item in items
        )
    return Wiring(
        length=r.quantity(m, "length", "design.route.length", "length"),
        method=r.choice(m, "method", "design.route.method", _METHODS),
        ambient_temperature=r.quantity(
            m, "ambient_temperature", "design.route.ambient_temperature", "temperature"
        ),
        grouping=r.integer(m, "grouping", "design.route.grouping"),
        runs=runs,
        arrangement=r.choice(m, "arrangement", "design.route.arrangement", _ARRANGEMENTS),
    )


def _read_site(r: _Reader, data: Mapping[str, Any]) -> Site:
    """``[existing]`` (what is there) and ``[design]`` (the installer's plan) into one
    :class:`Site` (the record keeps format 1's attribute names)."""
    e = r.section(data, "existing", "existing")
    d = r.section(data, "design", "design")
    line = r.section(e, "line", "existing.line")
    main = r.section(e, "main_switch", "existing.main_switch")
    socket = r.section(d, "socket", "design.socket")
    heater = r.section(d, "heater", "design.heater")
    shower = r.section(d, "shower", "design.shower")
    return Site(
        supply_voltage=r.quantity(e, "supply_voltage", "existing.supply_voltage", "voltage"),
        water_pressure=r.quantity(e, "water_pressure", "existing.water_pressure", "pressure"),
        ceiling_height=r.quantity(e, "ceiling_height", "existing.ceiling_height", "length"),
        rcd=r.flag(e, "rcd", "existing.rcd"),
        earth=r.choice(e, "earth", "existing.earth", _EARTH),  # type: ignore[arg-type]
        dedicated_line=DedicatedLine(
            r.flag(line, "present", "existing.line.present"),
            r.quantity(line, "wire", "existing.line.wire", "area"),
        ),
        breaker=_read_breaker(r, e),
        meter=_read_meter(r, e),
        main_switch=MainSwitchReading(
            r.quantity(main, "rating", "existing.main_switch.rating", "current")
        ),
        appliances=_read_appliances(r, e),
        wiring=_read_route(r, d),
        socket=SocketPosition(
            r.quantity(socket, "height", "design.socket.height", "length"),
            r.quantity(
                socket, "distance_to_opening", "design.socket.distance_to_opening", "length"
            ),
        ),
        display_height=r.quantity(
            heater, "display_height", "design.heater.display_height", "length"
        ),
        shower=ShowerPosition(
            r.quantity(shower, "head_height", "design.shower.head_height", "length"),
            r.quantity(shower, "offset_from_axis", "design.shower.offset_from_axis", "length"),
        ),
    )


def _read_usage(r: _Reader, data: Mapping[str, Any]) -> Usage:
    m = r.section(data, "usage", "usage")
    if m is None:
        return Usage()
    heights: list[float] = []
    raw = m.get("user_heights")
    if raw is not None:
        if not isinstance(raw, list):
            r.problem("usage.user_heights", f'expected a list like ["1.75 m"], got {_shown(raw)}')
            raw = []
        for i, item in enumerate(raw, 1):
            path = f"usage.user_heights[{i}]"
            height = r.quantity_value(item, path, "length")
            if height is None:
                continue
            low, high, unit, example = PERSON_HEIGHT
            if not low <= height <= high:
                r.problem(
                    path,
                    f"{height:g} {unit} is not a person's height (expected {low:g}-{high:g} "
                    f"{unit}) — check the unit, e.g. {example}",
                )
                continue
            heights.append(height)
    return Usage(
        user_heights=tuple(heights),
        bathtub=r.flag(m, "bathtub", "usage.bathtub"),
        special_needs=r.text(m, "special_needs", "usage.special_needs") or None,
        mixing_valve=r.flag(m, "mixing_valve", "usage.mixing_valve"),
    )


def _read_confirmations(r: _Reader, data: Mapping[str, Any]) -> Confirmations:
    m = r.section(data, "confirmations", "confirmations")
    if m is None:
        return Confirmations()
    values: list[tuple[str, Confirmation]] = []
    for rule in CONFIRMATION_RULES:
        value = m.get(rule)
        if value is None:
            continue
        path = f"confirmations.{rule}"
        word = fold_keyboard(value).strip().lower() if isinstance(value, str) else None
        if value is True or word in _YES:
            values.append((rule, "yes"))
        elif value is False or word in _NO:
            values.append((rule, "no"))
        elif word in _NOT_YET:
            values.append((rule, "not_yet"))
        else:
            r.problem(path, f'expected "yes", "no" or "not yet", got {_shown(value)}')
    return Confirmations(tuple(values))


def _read_drilling(r: _Reader, data: Mapping[str, Any]) -> tuple[DrillPoint, ...] | None:
    design = data.get("design")
    if not isinstance(design, Mapping):
        return None
    items = r.table_list(design, "drilling", "design.drilling")
    if items is None:
        return None
    points = []
    for p, item in items:
        x = r.quantity(item, "x", f"{p}.x", "length", required=True, signed=True)
        y = r.quantity(item, "y", f"{p}.y", "length", required=True)
        if x is not None and y is not None:
            points.append(DrillPoint(x, y))
    if len(items) != 3:
        r.problem(
            "design.drilling",
            f"expected the three fixing points of the heater (004 ch.5 §5 A), got {len(items)}",
        )
    return tuple(points)


_HIDDEN_KINDS = {k: k for k in HIDDEN_KINDS} | {
    "water": "water pipe",
    "pipe": "water pipe",
    "水管": "water pipe",
    "电线": "cable",
    "电缆": "cable",
    "wire": "cable",
    "gas": "gas pipe",
    "燃气管": "gas pipe",
    "煤气管": "gas pipe",
}


def _read_wall(r: _Reader, data: Mapping[str, Any]) -> tuple[Wall, WaterConnections]:
    """``[design.wall]`` (the heater's place from a wall reference) and
    ``[design.water]`` (the water inlet and outlet, from the same reference)."""
    design = data.get("design")
    design = design if isinstance(design, Mapping) else None
    w = r.section(design, "wall", "design.wall")
    reference = r.text(w, "reference", "design.wall.reference") or None
    axis = r.quantity(w, "heater_axis", "design.wall.heater_axis", "length", signed=True)
    if axis is not None and reference is None and w is not None and w.get("reference") is None:
        r.problem(
            "design.wall.reference",
            "missing — design.wall.heater_axis is measured from it; name it, e.g. "
            'reference = "left corner"',
        )
    m = r.section(design, "water", "design.water")
    water = WaterConnections(
        r.quantity(m, "inlet_x", "design.water.inlet_x", "length", signed=True),
        r.quantity(m, "outlet_x", "design.water.outlet_x", "length", signed=True),
        r.quantity(m, "height", "design.water.height", "length"),
    )
    return Wall(reference, axis), water


def _read_hidden(r: _Reader, data: Mapping[str, Any]) -> tuple[HiddenRun, ...] | None:
    """``[[existing.hidden]]``: the known pipes and cables behind the shower wall."""
    existing = data.get("existing")
    if not isinstance(existing, Mapping):
        return None
    items = r.table_list(existing, "hidden", "existing.hidden")
    if items is None:
        return None
    runs = []
    for p, item in items:
        kind = r.choice(item, "kind", f"{p}.kind", _HIDDEN_KINDS)
        if kind is None and item.get("kind") is None:
            r.problem(f"{p}.kind", 'missing — write kind = "water pipe", "cable" or "gas pipe"')
        x = r.quantity(item, "x", f"{p}.x", "length", required=True, signed=True)
        low = r.quantity(item, "from_height", f"{p}.from_height", "length", required=True)
        high = r.quantity(item, "to_height", f"{p}.to_height", "length", required=True)
        if low is not None and high is not None and low > high:
            r.problem(
                f"{p}.to_height",
                f"{high:g} m is below from_height ({low:g} m) — give the lower end first",
            )
            continue
        if kind is not None and x is not None and low is not None and high is not None:
            runs.append(HiddenRun(kind, x, low, high))  # type: ignore[arg-type]
    return tuple(runs)


def _check_reference(r: _Reader, wall: Wall, water: WaterConnections, hidden) -> None:
    """Positions measured from the wall reference need the reference to be recorded."""
    if wall.reference is not None and wall.heater_axis is not None:
        return
    paths = [
        path
        for path, value in (
            ("design.water.inlet_x", water.inlet_x),
            ("design.water.outlet_x", water.outlet_x),
        )
        if value is not None
    ]
    paths += [f"existing.hidden[{i}].x" for i, _ in enumerate(hidden or (), 1)]
    for path in paths:
        r.problem(
            path,
            "measured from the wall reference, which is not recorded — write [design.wall] "
            'reference (e.g. "left corner") and heater_axis (the heater\'s axis from it, '
            'e.g. "62 cm")',
        )


_ACTION_STATES = {"done": "done", "yes": "done", "已": "done", "已完成": "done", "是": "done"}
_ACTION_STATES |= {s: "not_yet" for s in _NOT_YET} | {"no": "not_yet", "否": "not_yet"}


def _read_actions(r: _Reader, data: Mapping[str, Any]) -> Actions:
    m = r.section(data, "actions", "actions")
    if m is None:
        return Actions()
    value = m.get("report_to_company")
    if value is None:
        return Actions()
    if isinstance(value, str):
        state = _ACTION_STATES.get(fold_keyboard(value).strip().lower())
        if state is not None:
            return Actions(report_to_company=state)  # type: ignore[arg-type]
    r.problem("actions.report_to_company", f'expected "done" or "not yet", got {_shown(value)}')
    return Actions()


def read_network(r: _Reader, data: Mapping[str, Any]) -> Network:
    """``[network] name, phone``: the service network on page 1 (also the keys of a
    ``sitesurvey sheet --network FILE`` profile)."""
    m = r.section(data, "network", "network")
    if m is None:
        return Network()
    return Network(r.text(m, "name", "network.name"), r.text(m, "phone", "network.phone"))


def _read_materials(r: _Reader, data: Mapping[str, Any]) -> tuple[Material, ...]:
    """``[[materials]] item, quantity, unit``: priced from the tariff's price list."""
    items = r.table_list(data, "materials", "materials")
    materials = []
    for p, m in items or ():
        item = r.text(m, "item", f"{p}.item", required=True)
        quantity = m.get("quantity")
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int | float)
            or not (0 < quantity <= 10_000)
        ):
            r.problem(
                f"{p}.quantity",
                f"expected a number above 0 and at most 10000, got {_shown(quantity)} "
                "— e.g. quantity = 12",
            )
            continue
        unit = r.text(m, "unit", f"{p}.unit")
        if item is not None:
            materials.append(Material(item, float(quantity), unit))
    return tuple(materials)


_HANDOVER_STATES = {s: "yes" for s in _YES} | {"done": "yes", "已完成": "yes"}
_HANDOVER_STATES |= {s: "not_yet" for s in _NOT_YET}


def _read_handover(r: _Reader, data: Mapping[str, Any]) -> Handover:
    """``[handover] protected_belongings, site_cleaned``: "yes" or "not yet"."""
    m = r.section(data, "handover", "handover")
    if m is None:
        return Handover()
    states: dict[str, Any] = {}
    for key in ("protected_belongings", "site_cleaned"):
        value = m.get(key)
        if value is None:
            continue
        word = fold_keyboard(value).strip().lower() if isinstance(value, str) else value
        state = (
            "yes"
            if value is True
            else _HANDOVER_STATES.get(word)
            if isinstance(word, str)
            else None
        )
        if state is None:
            r.problem(f"handover.{key}", f'expected "yes" or "not yet", got {_shown(value)}')
        else:
            states[key] = state
    return Handover(**states)


#: The most photos one survey lists: far above a visit's dozen, and a bound on the bytes
#: read (each photo at most ``CAPS["photo"]``).
MAX_PHOTOS = 100

#: A photo's subject as the file may spell it (the canonical name, or with a space).
_PHOTO_SUBJECTS = {s: s for s in PHOTO_SUBJECTS} | {
    s.replace("_", " "): s for s in PHOTO_SUBJECTS if "_" in s
}


def _read_photos(r: _Reader, data: Mapping[str, Any], base: str | None) -> tuple[Photo, ...]:
    """``[[photos]] subject, image, sha256, taken_at, note``: photos taken on site.

    Each image is read (bounded by ``CAPS["photo"]``), must be a JPEG or PNG by its first
    bytes, and is hashed; a ``sha256`` given in the file must match the bytes, so a
    swapped image is refused. Photos are evidence: no rule reads them.
    """
    items = r.table_list(data, "photos", "photos")
    if not items:
        return ()
    if len(items) > MAX_PHOTOS:
        r.problem(
            "photos",
            f"{len(items)} photos listed; at most {MAX_PHOTOS} are read — keep the ones "
            "that show a measurement",
        )
        return ()
    photos = []
    for p, m in items:
        subject = m.get("subject")
        if subject is None:
            r.problem(
                f"{p}.subject",
                f'missing — write subject = "meter" (one of {", ".join(PHOTO_SUBJECTS)})',
            )
        else:
            subject = r.choice(m, "subject", f"{p}.subject", _PHOTO_SUBJECTS)
        raw_time = m.get("taken_at")
        taken = None if raw_time is None else _read_datetime(r, raw_time, f"{p}.taken_at")
        note = r.text(m, "note", f"{p}.note")
        image = _read_image_name(r, m, f"{p}.image")
        read = None if image is None else read_image_file(r, m, p, image, base, what="photo")
        if subject is not None and image is not None and read is not None:
            photos.append(Photo(subject, image, read[1], taken, note, read[0]))
    return tuple(photos)


def _check_heights(r: _Reader, site: Site) -> None:
    """Heights cannot be above their ceiling: such a value is a measuring or unit mistake.

    The socket, display and shower head are in the bathroom (``existing.ceiling_height``);
    a run is judged against the ceiling of its own space where the run gives it
    (``ceiling_height`` of the run: a hallway above the bathroom's suspended ceiling),
    else against the bathroom's.
    """
    ceiling = site.ceiling_height
    heights: list[tuple[str, float | None, float | None, str]] = []
    bathroom = "existing.ceiling_height"
    for path, height in (
        ("design.socket.height", site.socket.height),
        ("design.heater.display_height", site.display_height),
        ("design.shower.head_height", site.shower.head_height),
    ):
        heights.append((path, height, ceiling, bathroom))
    for i, run in enumerate(site.wiring.runs or (), 1):
        path = f"design.route.runs[{i}]"
        if run.ceiling_height is not None:
            heights.append(
                (f"{path}.height", run.height, run.ceiling_height, f"{path}.ceiling_height")
            )
        else:
            heights.append((f"{path}.height", run.height, ceiling, bathroom))
    for path, height, limit, named in heights:
        if height is not None and limit is not None and height > limit:
            r.problem(path, f"{height:g} m is above the ceiling ({named} = {limit:g} m)")


def _check_supply_voltage(r: _Reader, heater: HeaterSpec | None, site: Site) -> None:
    """The measured supply voltage must be plausible for the heater's rated supply.

    Outside :func:`sitesurvey.bands.supply_voltage_band` of ``heater.supply_voltage`` it
    is a slip, not a weak supply; inside, E-VOLTAGE judges it against the normal range.
    Which of the two values is wrong: where the measurement lies in the normal range of
    another supply of the maker's table and the heater's power is a row of that supply
    only (204 V, a 220 V supply, for a 5500 W heater written "380 V"), the heater's
    rated voltage is named — the measurement is right and the rating mistyped, or the
    heater is the wrong one. Otherwise the measurement is named (a wrong unit or
    decimal point, a line-to-neutral reading of a three-phase supply).
    """
    voltage = site.supply_voltage
    if voltage is None or heater is None:
        return
    low, high = supply_voltage_band(heater.supply_voltage)
    if low <= voltage <= high:
        return
    other = _supply_of_the_measurement(heater, voltage)
    if other is not None:
        r.problem(
            "heater.supply_voltage",
            f"{fmt.quantity(heater.supply_voltage, 'V')} does not fit the measured supply: "
            f"existing.supply_voltage = {fmt.quantity(voltage, 'V')} looks like a "
            f"{fmt.quantity(other, 'V')} supply — check the heater's nameplate and write its "
            f'rated voltage, e.g. "{fmt.quantity(other, "V")}" (a heater rated '
            f"{fmt.quantity(heater.supply_voltage, 'V')} does not belong on this supply)",
        )
        return
    r.problem(
        "existing.supply_voltage",
        f"{fmt.quantity(voltage, 'V')} is not a plausible measured voltage of the "
        f"{fmt.quantity(heater.supply_voltage, 'V')} supply (heater.supply_voltage; "
        f"expected {fmt.number(low)}-{fmt.quantity(high, 'V')}) — check the unit and the "
        f'decimal point, e.g. "{fmt.quantity(heater.supply_voltage, "V")}", and give the '
        "voltage at the main switch (line-to-line for a three-phase supply)",
    )


def _supply_of_the_measurement(heater: HeaterSpec, voltage: float) -> float | None:
    """The nominal voltage of the table's supply that both the measured ``voltage`` (in
    its normal range) and the heater's power (a row of it, and of no supply at the
    heater's rated voltage) point to; ``None`` when there is none."""
    from sitesurvey.sizing.table import default_table

    table = default_table()
    rated = table.supply_for(heater.supply_voltage)
    rated_powers = () if rated is None else table.powers_of(rated)
    for supply in table.supplies:
        if (
            supply is not rated
            and supply.min_voltage <= voltage <= supply.max_voltage
            and heater.power in table.powers_of(supply)
            and heater.power not in rated_powers
        ):
            return supply.voltage
    return None


def _upgrade(data: dict[str, Any], version: int) -> dict[str, Any]:
    while version < CURRENT_FORMAT:
        data = UPGRADES[version](data)
        version += 1
    return data


def parse_survey(data: Mapping[str, Any], *, source: str | Path | None = None) -> Survey:
    """Validate survey data (as read from TOML or JSON) and build a :class:`Survey`.

    Parameters
    ----------
    data : mapping
        The file's content; also accepts the canonical form of :meth:`Survey.to_dict`.
    source : str or pathlib.Path, optional
        Where the data came from: named in error messages; relative signature image
        paths are resolved against its directory.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyFileError
        Every problem found, each naming its path in the file
        (``site.socket.height: ...``); ``exc.problems`` lists them.
    """
    where = str(source) if source is not None else "survey"
    version = _format_of(data, where)
    content = _upgrade(dict(data), version)

    r = _Reader()
    r.unknown_keys(content, "", _TOP_KEYS)
    # the survey's folder, as Path(source).resolve().parent; pathlib only once an image
    # is named (check and sheet of a survey without images never import it)
    base = os.path.dirname(os.path.realpath(source)) if source is not None else None
    customer = _read_customer(r, content)
    job = _read_job(r, content)
    heater = _read_heater(r, content)
    site = _read_site(r, content)
    usage = _read_usage(r, content)
    confirmations = _read_confirmations(r, content)
    actions = _read_actions(r, content)
    drilling = _read_drilling(r, content)
    wall, water = _read_wall(r, content)
    hidden = _read_hidden(r, content)
    _check_reference(r, wall, water, hidden)
    signature = read_signature(r, content, base)
    signatures = read_signatures(r, content, base)
    network = read_network(r, content)
    materials = _read_materials(r, content)
    handover = _read_handover(r, content)
    photos = _read_photos(r, content, base)
    example = content.get("example", False)
    if not isinstance(example, bool):
        r.problem("example", f"expected true or false, got {_shown(example)}")
    _check_heights(r, site)
    _check_supply_voltage(r, heater, site)
    if r.problems or customer is None or job is None or heater is None:
        problems = r.problems or ["incomplete survey"]
        if version == 1:
            problems = [re.sub(_FORMAT_2_PATH, lambda m: format_1_path(m[0]), p) for p in problems]
        raise _error(where, problems)
    return Survey(
        customer=customer,
        job=job,
        heater=heater,
        site=site,
        usage=usage,
        confirmations=confirmations,
        drilling=drilling,
        signature=signature,
        format=version,
        source=None if source is None else str(source),
        example=example is True,
        actions=actions,
        wall=wall,
        water=water,
        hidden=hidden,
        signatures=signatures,
        network=network,
        materials=materials,
        handover=handover,
        photos=photos,
    )


#: A path of format 2 inside a problem's text (translated back for a format-1 file);
#: compiled by :mod:`re` on first use (only a bad file of format 1 needs it).
_FORMAT_2_PATH = r"\b(?:existing|design)(?:\.[A-Za-z_]+|\[\d+\])+"


def _format_of(data: Mapping[str, Any], where: str) -> int:
    """The file's ``format``, checked: present, a whole number, one this reader reads."""
    if not isinstance(data, Mapping):
        raise _error(where, ["expected a table of sections at the top level"])
    version = data.get("format")
    supported = ", ".join(map(str, SUPPORTED_FORMATS))
    if version is None:
        raise _error(
            where,
            [
                f"format: missing — a survey file starts with format = {CURRENT_FORMAT}, "
                "the version of the survey format"
            ],
        )
    if isinstance(version, bool) or not isinstance(version, int):
        raise _error(
            where, [f"format: expected a whole number like {CURRENT_FORMAT}, got {version!r}"]
        )
    if version > CURRENT_FORMAT:
        raise _error(
            where,
            [
                f"format: this file is survey format {version}, written by a newer sitesurvey; "
                f"this version reads format {supported} — upgrade sitesurvey "
                "(in a clone: git pull, then pip install .)"
            ],
        )
    if version not in SUPPORTED_FORMATS:
        raise _error(
            where, [f"format: unknown survey format {version}; this version reads {supported}"]
        )
    return version


def _error(where: str, problems: list[str]) -> SurveyFileError:
    if len(problems) == 1:
        text = f"{where}: {problems[0]}"
    else:
        text = f"{where}: {len(problems)} problems: " + "; ".join(problems)
    error = SurveyFileError(text)
    error.problems = tuple(problems)  # type: ignore[attr-defined]
    return error


def load_survey(path: str | Path) -> Survey:
    """Read and validate a survey file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML file (``.toml``, or any other suffix) or a JSON file (``.json``).

    Returns
    -------
    Survey

    Raises
    ------
    SurveyFileError
        The file cannot be read, is not valid TOML/JSON (the message gives the line and
        column), or fails validation (the message names each path in the file).

    Examples
    --------
    >>> from sitesurvey.sizing import data_dir
    >>> survey = load_survey(data_dir("templates") / "survey-example.toml")
    >>> survey.heater.power, survey.site.socket.height
    (5500.0, 2.4)
    """
    return parse_survey(read_survey_data(path), source=path)


def load_network(path: str | Path) -> Network:
    """A service network's profile (``sitesurvey sheet --network network.toml``): a TOML
    file with the keys of ``[network]`` at its top level, ``name`` and ``phone``.

    Raises
    ------
    SurveyFileError
        The file cannot be read, or a key is unknown or not text.
    """
    data = read_survey_data(path)
    r = _Reader()
    network = read_network(r, {"network": data})
    if r.problems:
        raise _error(str(path), [p.removeprefix("network.") for p in r.problems])
    return network


def read_survey_data(path: str | Path) -> dict[str, Any]:
    """Read a survey file's content, unvalidated: TOML, or JSON for a ``.json`` file.

    Raises
    ------
    SurveyFileError
        The file cannot be read (too large, empty, not UTF-8) or is not valid TOML/JSON.
    """
    from sitesurvey._files import FileReadError, decode_text, load_json, load_toml, read_file

    try:
        text = decode_text(read_file(path, what="survey"), path, "survey")
        if os.path.splitext(path)[1].lower() == ".json":
            return load_json(text, path)
        return load_toml(text, path)
    except FileReadError as exc:
        raise _error(str(path), [exc.reason]) from None
