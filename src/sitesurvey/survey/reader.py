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
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sitesurvey import fmt
from sitesurvey.bands import PERSON_HEIGHT, supply_voltage_band
from sitesurvey.errors import InputError, SurveyFileError
from sitesurvey.survey.fields import (
    _NO,
    _NOT_YET,
    _TOP_KEYS,
    _YES,
    _read_date,
    _Reader,
    _shown,
)
from sitesurvey.survey.marking import format_marking, parse_meter_marking
from sitesurvey.survey.record import (
    CONFIRMATION_RULES,
    CURRENT_FORMAT,
    INSTALLATION_METHODS,
    Appliance,
    AppointmentWindow,
    BreakerReading,
    Confirmation,
    Confirmations,
    Customer,
    DedicatedLine,
    DrillPoint,
    HeaterSpec,
    Installer,
    Job,
    MainSwitchReading,
    MeterReading,
    ShowerPosition,
    Site,
    SocketPosition,
    Survey,
    Usage,
    Wiring,
    WiringRun,
)
from sitesurvey.survey.signature import read_signature

__all__ = ["SUPPORTED_FORMATS", "UPGRADES", "load_survey", "parse_survey"]

#: Versions this module reads.
SUPPORTED_FORMATS = (1,)
#: version -> function turning a file of that version into the next version's layout.
#: Empty while there is one version; format 2 adds ``UPGRADES[1] = _upgrade_1_to_2``.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至到]\s*(\d{1,2}):(\d{2})\s*$")


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
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match is not None:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60:
            start, end = dt.time(h1, m1), dt.time(h2, m2)
            if start < end:
                return AppointmentWindow(start, end)
            r.problem(path, f"the window must end after it starts, got {_shown(value)}")
            return None
    r.problem(path, f'expected a time window like "14:00-15:00", got {_shown(value)}')
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


def _read_meter(r: _Reader, site: Mapping[str, Any] | None) -> MeterReading:
    m = r.section(site, "meter", "site.meter")
    if m is None:
        return MeterReading()
    kind = r.choice(m, "kind", "site.meter.kind", _METER_KINDS)
    marking = r._get(m, "marking", "site.meter.marking", False)
    basic = imax = None
    phases = None
    if marking is not None:
        try:
            basic, imax, phases = parse_meter_marking(marking, "site.meter.marking")
        except InputError as exc:
            r.problems.append(str(exc))
            marking = None
    # The canonical form repeats the marking's numbers; they must agree with it.
    for key, parsed, kind_name in (("basic", basic, "current"), ("max", imax, "current")):
        given = r.quantity(m, key, f"site.meter.{key}", kind_name)
        if given is not None and parsed is not None and given != parsed:
            r.problem(f"site.meter.{key}", f"{given:g} A disagrees with the marking {marking}")
    given_phases = r.integer(m, "phases", "site.meter.phases", (1, 3))
    if given_phases is not None and phases is not None and given_phases != phases:
        r.problem("site.meter.phases", f"{given_phases} disagrees with the marking {marking}")
    if marking is not None and basic is not None and imax is not None and phases is not None:
        marking = format_marking(basic, imax, phases)
    return MeterReading(kind, marking, basic, imax, phases)  # type: ignore[arg-type]


def _read_wiring(r: _Reader, site: Mapping[str, Any] | None) -> Wiring:
    m = r.section(site, "wiring", "site.wiring")
    if m is None:
        return Wiring()
    runs = None
    items = r.table_list(m, "runs", "site.wiring.runs")
    if items is not None:
        runs = tuple(
            WiringRun(
                r.choice(item, "orientation", f"{p}.orientation", _ORIENTATIONS),  # type: ignore[arg-type]
                r.quantity(item, "length", f"{p}.length", "length"),
                r.quantity(item, "height", f"{p}.height", "length"),
                r.flag(item, "damp", f"{p}.damp"),
            )
            for p, item in items
        )
    return Wiring(
        length=r.quantity(m, "length", "site.wiring.length", "length"),
        method=r.choice(m, "method", "site.wiring.method", _METHODS),
        ambient_temperature=r.quantity(
            m, "ambient_temperature", "site.wiring.ambient_temperature", "temperature"
        ),
        grouping=r.integer(m, "grouping", "site.wiring.grouping"),
        runs=runs,
    )


def _read_site(r: _Reader, data: Mapping[str, Any]) -> Site:
    s = r.section(data, "site", "site")
    if s is None:
        return Site()
    line = r.section(s, "dedicated_line", "site.dedicated_line")
    breaker = r.section(s, "breaker", "site.breaker")
    main = r.section(s, "main_switch", "site.main_switch")
    socket = r.section(s, "socket", "site.socket")
    heater = r.section(s, "heater", "site.heater")
    shower = r.section(s, "shower", "site.shower")
    appliances = None
    items = r.table_list(s, "appliances", "site.appliances")
    if items is not None:
        appliances = tuple(
            Appliance(
                r.text(item, "name", f"{p}.name", required=True) or "",
                r.quantity(item, "power", f"{p}.power", "power", required=True) or 0.0,
            )
            for p, item in items
        )
    return Site(
        supply_voltage=r.quantity(s, "supply_voltage", "site.supply_voltage", "voltage"),
        water_pressure=r.quantity(s, "water_pressure", "site.water_pressure", "pressure"),
        ceiling_height=r.quantity(s, "ceiling_height", "site.ceiling_height", "length"),
        rcd=r.flag(s, "rcd", "site.rcd"),
        earth=r.choice(s, "earth", "site.earth", _EARTH),  # type: ignore[arg-type]
        dedicated_line=DedicatedLine(
            r.flag(line, "present", "site.dedicated_line.present"),
            r.quantity(line, "wire", "site.dedicated_line.wire", "area"),
        ),
        breaker=BreakerReading(
            r.quantity(breaker, "rating", "site.breaker.rating", "current"),
            r.integer(breaker, "poles", "site.breaker.poles", (1, 2, 3, 4)),
        ),
        meter=_read_meter(r, s),
        main_switch=MainSwitchReading(
            r.quantity(main, "rating", "site.main_switch.rating", "current")
        ),
        appliances=appliances,
        wiring=_read_wiring(r, s),
        socket=SocketPosition(
            r.quantity(socket, "height", "site.socket.height", "length"),
            r.quantity(socket, "distance_to_opening", "site.socket.distance_to_opening", "length"),
        ),
        display_height=r.quantity(heater, "display_height", "site.heater.display_height", "length"),
        shower=ShowerPosition(
            r.quantity(shower, "head_height", "site.shower.head_height", "length"),
            r.quantity(shower, "offset_from_axis", "site.shower.offset_from_axis", "length"),
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
        if value is True or (isinstance(value, str) and value.strip().lower() in _YES):
            values.append((rule, "yes"))
        elif value is False or (isinstance(value, str) and value.strip().lower() in _NO):
            values.append((rule, "no"))
        elif isinstance(value, str) and value.strip().lower() in _NOT_YET:
            values.append((rule, "not_yet"))
        else:
            r.problem(path, f'expected "yes", "no" or "not yet", got {_shown(value)}')
    return Confirmations(tuple(values))


def _read_drilling(r: _Reader, data: Mapping[str, Any]) -> tuple[DrillPoint, ...] | None:
    m = r.section(data, "drilling", "drilling")
    if m is None:
        return None
    items = r.table_list(m, "points", "drilling.points")
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
            "drilling.points",
            f"expected the three fixing points of the heater (004 ch.5 §5 A), got {len(items)}",
        )
    return tuple(points)


def _check_heights(r: _Reader, site: Site) -> None:
    """Heights cannot be above the ceiling: such a value is a measuring or unit mistake."""
    ceiling = site.ceiling_height
    if ceiling is None:
        return
    heights = [
        ("site.socket.height", site.socket.height),
        ("site.heater.display_height", site.display_height),
        ("site.shower.head_height", site.shower.head_height),
    ]
    for i, run in enumerate(site.wiring.runs or (), 1):
        heights.append((f"site.wiring.runs[{i}].height", run.height))
    for path, height in heights:
        if height is not None and height > ceiling:
            r.problem(
                path, f"{height:g} m is above the ceiling (site.ceiling_height = {ceiling:g} m)"
            )


def _check_supply_voltage(r: _Reader, heater: HeaterSpec | None, site: Site) -> None:
    """The measured supply voltage must be plausible for the heater's rated supply.

    Outside :func:`sitesurvey.bands.supply_voltage_band` of ``heater.supply_voltage`` it
    is a slip (a wrong unit or decimal point, a line-to-neutral reading of a three-phase
    supply), not a weak supply; inside, E-VOLTAGE judges it against the normal range.
    """
    voltage = site.supply_voltage
    if voltage is None or heater is None:
        return
    low, high = supply_voltage_band(heater.supply_voltage)
    if not low <= voltage <= high:
        r.problem(
            "site.supply_voltage",
            f"{fmt.quantity(voltage, 'V')} is not a plausible measured voltage of the "
            f"{fmt.quantity(heater.supply_voltage, 'V')} supply (heater.supply_voltage; "
            f"expected {fmt.number(low)}-{fmt.quantity(high, 'V')}) — check the unit and the "
            'decimal point, e.g. "223 V", and give the voltage at the main switch '
            "(line-to-line for a three-phase supply)",
        )


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
    if not isinstance(data, Mapping):
        raise _error(where, ["expected a table of sections at the top level"])
    fmt = data.get("format")
    supported = ", ".join(map(str, SUPPORTED_FORMATS))
    if fmt is None:
        raise _error(
            where,
            [
                f"format: missing — a survey file starts with format = {CURRENT_FORMAT}, "
                "the version of the survey format"
            ],
        )
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise _error(where, [f"format: expected a whole number like {CURRENT_FORMAT}, got {fmt!r}"])
    if fmt > CURRENT_FORMAT:
        raise _error(
            where,
            [
                f"format: this file is survey format {fmt}, written by a newer sitesurvey; "
                f"this version reads format {supported} — upgrade sitesurvey "
                "(in a clone: git pull, then pip install .)"
            ],
        )
    if fmt not in SUPPORTED_FORMATS:
        raise _error(
            where, [f"format: unknown survey format {fmt}; this version reads {supported}"]
        )
    content = _upgrade(dict(data), fmt)

    r = _Reader()
    r.unknown_keys(content, "", _TOP_KEYS)
    base = Path(source).resolve().parent if source is not None else None
    customer = _read_customer(r, content)
    job = _read_job(r, content)
    heater = _read_heater(r, content)
    site = _read_site(r, content)
    usage = _read_usage(r, content)
    confirmations = _read_confirmations(r, content)
    drilling = _read_drilling(r, content)
    signature = read_signature(r, content, base)
    _check_heights(r, site)
    _check_supply_voltage(r, heater, site)
    if r.problems or customer is None or job is None or heater is None:
        raise _error(where, r.problems or ["incomplete survey"])
    return Survey(
        customer=customer,
        job=job,
        heater=heater,
        site=site,
        usage=usage,
        confirmations=confirmations,
        drilling=drilling,
        signature=signature,
        format=fmt,
        source=None if source is None else str(source),
    )


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
    from sitesurvey._files import FileReadError, decode_text, load_json, load_toml, read_file

    try:
        text = decode_text(read_file(path, what="survey"), path, "survey")
        if Path(path).suffix.lower() == ".json":
            data = load_json(text, path)
        else:
            data = load_toml(text, path)
    except FileReadError as exc:
        raise _error(str(path), [exc.reason]) from None
    return parse_survey(data, source=path)
