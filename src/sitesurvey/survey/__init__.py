"""The site survey record: file format, loading, validation and the typed object.

An installer measures the site and writes what he finds into one survey file (TOML, or
JSON with the same structure). :func:`load_survey` reads a file, :func:`parse_survey` a
mapping; both validate everything and return an immutable :class:`Survey`, whose
:meth:`Survey.to_dict` gives the canonical JSON form (quantities as ``{"value", "unit"}``
in canonical units) that the design sheet embeds and that :func:`parse_survey` reads
back unchanged.

The format, version 1 (``templates/survey-example.toml`` documents every key):

=================== ========================================================================
section             keys
=================== ========================================================================
(top)               ``format = 1`` — the version of the format, required
``[customer]``      ``name``, ``phone``, ``address`` — all required
``[job]``           ``work_order``, ``date`` (ISO), ``appointment`` (``"14:00-15:00"``) —
                    required; ``service_network``, ``distance_from_urban_area`` [length]
``[job.installer]`` ``name``, ``employee_number``
``[heater]``        ``model``, ``power`` [power], ``supply_voltage`` [voltage] — required
``[site]``          ``supply_voltage`` (measured), ``water_pressure``, ``ceiling_height``,
                    ``rcd`` (yes/no), ``earth`` (good/poor/absent) and the tables
                    ``dedicated_line`` (``present``, ``wire``), ``breaker`` (``rating``,
                    ``poles``), ``meter`` (``kind``, ``marking``), ``main_switch``
                    (``rating``), ``[[site.appliances]]`` (``name``, ``power``),
                    ``wiring`` (``length``, ``method``, ``ambient_temperature``,
                    ``grouping``, ``[[site.wiring.runs]]`` with ``orientation``,
                    ``length``, ``height``, ``damp``), ``socket`` (``height``,
                    ``distance_to_opening``), ``heater`` (``display_height``), ``shower``
                    (``head_height``, ``offset_from_axis``)
``[usage]``         ``user_heights`` (list, first = the main user), ``bathtub``,
                    ``special_needs``, ``mixing_valve``
``[confirmations]`` one key per rule of spec §2 that no measurement decides
                    (:data:`CONFIRMATION_RULES`): ``"yes"``, ``"no"`` or ``"not yet"``
``[drilling]``      ``points``: the three fixing points, ``x`` (signed, from the heater's
                    axis, + to the right) and ``y`` (above the floor)
``[signature]``     ``image`` (a PNG file, relative to the survey file), ``captured_at``
=================== ========================================================================

Every measurement is optional: a missing one makes its rule ``not_checked``, never
``pass``. Measurements are strings with units (``"2.6 m"``, ``"260 cm"``, ``"3 bar"``)
read by :func:`sitesurvey.units.parse`; they are stored as floats in the canonical unit
of their kind (m, mm², V, A, W, MPa, °C), rounded to 12 significant digits so that two
spellings of one measurement compare equal (``"115 cm"`` and ``"1.15 m"``).

Errors name the path inside the file (``site.socket.height: expected a length like
"2.6 m" or "260 cm", got "2,6m" — use a decimal point ...``); all problems of a file are
reported together in one :class:`~sitesurvey.errors.SurveyFileError`, whose ``problems``
attribute lists them one by one.

Versions. A reader of version *n* reads every older version: :data:`UPGRADES` maps a
version to the function that turns a file of that version into the next one, and
:func:`parse_survey` applies them in turn. A file newer than this reader is refused
with a message saying to upgrade sitesurvey.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sitesurvey.errors import InputError, SurveyFileError
from sitesurvey.text import normalise_text
from sitesurvey.units import parse, parse_count, quantity_json

__all__ = [
    "CONFIRMATION_RULES",
    "CURRENT_FORMAT",
    "SUPPORTED_FORMATS",
    "TEXT_FIELDS",
    "UPGRADES",
    "Appliance",
    "AppointmentWindow",
    "BreakerReading",
    "Confirmations",
    "Customer",
    "DedicatedLine",
    "DrillPoint",
    "HeaterSpec",
    "Installer",
    "Job",
    "MainSwitchReading",
    "MeterReading",
    "ShowerPosition",
    "Signature",
    "Site",
    "SocketPosition",
    "Survey",
    "Usage",
    "Wiring",
    "WiringRun",
    "load_survey",
    "parse_meter_marking",
    "parse_survey",
]

#: The version of the survey format this module writes.
CURRENT_FORMAT = 1
#: Versions this module reads.
SUPPORTED_FORMATS = (1,)
#: version -> function turning a file of that version into the next version's layout.
#: Empty while there is one version; format 2 adds ``UPGRADES[1] = _upgrade_1_to_2``.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

#: Rules of spec §2 that no measurement decides: the installer confirms them.
CONFIRMATION_RULES = (
    "E-POLARITY",
    "W-FLUSH",
    "C-MODEL",
    "H-LEVEL",
    "H-DRILL",
    "H-PIPES",
    "U-ORIGINAL-SHOWER",
    "U-BATH",
    "U-MIXER",
    "U-SHUTDOWN",
    "C-PLAN",
    "C-TRIAL",
    "C-SIGN",
)

Confirmation = Literal["yes", "no", "not_yet"]
EarthState = Literal["good", "poor", "absent"]
MeterKind = Literal["electronic", "mechanical"]
Orientation = Literal["horizontal", "vertical", "other"]

#: Installation methods of IEC 60364-5-52 the wiring route may name.
INSTALLATION_METHODS = ("A1", "A2", "B1", "B2", "C", "E")

_YES = ("yes", "y", "true", "是", "有")
_NO = ("no", "n", "false", "否", "无", "没有")
_NOT_YET = ("not yet", "not_yet", "notyet", "pending", "未", "尚未")

_SIGNIFICANT = 12


def _canonical(value: float) -> float:
    """Round to 12 significant digits: ``115 cm`` and ``1.15 m`` become the same float."""
    return float(f"{value:.{_SIGNIFICANT}g}")


def _q(value: float | None, unit: str) -> dict[str, Any] | None:
    return None if value is None else quantity_json(value, unit)


# ------------------------------------------------------------------------ the record


@dataclass(frozen=True, slots=True)
class Customer:
    """The customer: name, phone and address (personal data; see the sheet's notice)."""

    name: str
    phone: str
    address: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "phone": self.phone, "address": self.address}


@dataclass(frozen=True, slots=True)
class Installer:
    """The installer (service engineer) who made the survey."""

    name: str | None = None
    employee_number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "employee_number": self.employee_number}


@dataclass(frozen=True, slots=True)
class AppointmentWindow:
    """The agreed visit window, e.g. 14:00-15:00 (004 ch.5 §1: "须写明正确时间")."""

    start: dt.time
    end: dt.time

    @property
    def text(self) -> str:
        """``"14:00-15:00"``."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Job:
    """The work order.

    Attributes
    ----------
    work_order : str
    date : datetime.date
        Survey date.
    appointment : AppointmentWindow
    service_network : str or None
        The service network (服务网点) doing the job.
    distance_from_urban_area : float or None
        Distance of the site from the urban area [m] (fees: free within 30 km).
    installer : Installer
    """

    work_order: str
    date: dt.date
    appointment: AppointmentWindow
    service_network: str | None = None
    distance_from_urban_area: float | None = None
    installer: Installer = field(default_factory=Installer)

    def to_dict(self) -> dict[str, Any]:
        return {
            "work_order": self.work_order,
            "date": self.date.isoformat(),
            "appointment": self.appointment.text,
            "service_network": self.service_network,
            "distance_from_urban_area": _q(self.distance_from_urban_area, "m"),
            "installer": self.installer.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class HeaterSpec:
    """The heater to install: model, rated power [W] and rated supply voltage [V]."""

    model: str
    power: float
    supply_voltage: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "power": quantity_json(self.power, "W"),
            "supply_voltage": quantity_json(self.supply_voltage, "V"),
        }


@dataclass(frozen=True, slots=True)
class DedicatedLine:
    """The existing dedicated line from the indoor main switch (专线).

    Attributes
    ----------
    present : bool or None
        Whether the heater has its own line from the indoor main switch.
    wire : float or None
        Its conductor cross-section [mm²].
    """

    present: bool | None = None
    wire: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"present": self.present, "wire": _q(self.wire, "mm²")}


@dataclass(frozen=True, slots=True)
class BreakerReading:
    """The air switch protecting the heater's circuit: rating [A] and poles."""

    rating: float | None = None
    poles: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rating": _q(self.rating, "A"), "poles": self.poles}


@dataclass(frozen=True, slots=True)
class MeterReading:
    """The electricity meter: kind and marking, with the marking's numbers.

    Attributes
    ----------
    kind : {"electronic", "mechanical"} or None
        IC-card electronic meter (磁卡电子表) or mechanical meter (机械表).
    marking : str or None
        As printed, normalised (``"10(40)A"``, ``"3×10(40)A"``).
    basic, max : float or None
        Basic current Ib and maximum current Imax of the marking [A].
    phases : int or None
        1, or 3 for a ``3×`` marking.
    """

    kind: MeterKind | None = None
    marking: str | None = None
    basic: float | None = None
    max: float | None = None
    phases: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "marking": self.marking,
            "basic": _q(self.basic, "A"),
            "max": _q(self.max, "A"),
            "phases": self.phases,
        }


@dataclass(frozen=True, slots=True)
class MainSwitchReading:
    """The indoor main switch (总开关): rating [A]."""

    rating: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rating": _q(self.rating, "A")}


@dataclass(frozen=True, slots=True)
class Appliance:
    """A household appliance that may run at the same time as the heater: power [W]."""

    name: str
    power: float
    phase: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "power": quantity_json(self.power, "W")}


@dataclass(frozen=True, slots=True)
class WiringRun:
    """One straight run of the dedicated line's route.

    Attributes
    ----------
    orientation : {"horizontal", "vertical", "other"} or None
    length : float or None
        [m].
    height : float or None
        Height above the floor of a horizontal run [m].
    damp : bool or None
        Whether the run passes a damp place.
    """

    orientation: Orientation | None = None
    length: float | None = None
    height: float | None = None
    damp: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "orientation": self.orientation,
            "length": _q(self.length, "m"),
            "height": _q(self.height, "m"),
            "damp": self.damp,
        }


@dataclass(frozen=True, slots=True)
class Wiring:
    """The dedicated line's route and the conditions of the engineering check.

    Attributes
    ----------
    length : float or None
        Total route length from the indoor main switch to the heater [m].
    method : str or None
        IEC 60364-5-52 reference installation method (A1, A2, B1, B2, C, E).
    ambient_temperature : float or None
        [°C].
    grouping : int or None
        Number of circuits bunched together along the route.
    arrangement : {"bunched", "wall", "tray"} or None
        How those circuits lie (IEC 60364-5-52 Table B.52.17 row); ``None`` = not
        recorded (the engineering check then uses "bunched", the safe side).
    runs : tuple of WiringRun or None
        The route's runs; ``None`` when not recorded.
    """

    length: float | None = None
    method: str | None = None
    ambient_temperature: float | None = None
    grouping: int | None = None
    arrangement: str | None = None
    runs: tuple[WiringRun, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": _q(self.length, "m"),
            "method": self.method,
            "ambient_temperature": _q(self.ambient_temperature, "°C"),
            "grouping": self.grouping,
            "runs": None if self.runs is None else [r.to_dict() for r in self.runs],
        }


@dataclass(frozen=True, slots=True)
class SocketPosition:
    """The socket / connection point: height above the floor and distance to the
    nearest door frame or window edge [m]."""

    height: float | None = None
    distance_to_opening: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "height": _q(self.height, "m"),
            "distance_to_opening": _q(self.distance_to_opening, "m"),
        }


@dataclass(frozen=True, slots=True)
class ShowerPosition:
    """The shower head: height above the floor and horizontal distance from the
    heater's vertical axis [m]."""

    head_height: float | None = None
    offset_from_axis: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "head_height": _q(self.head_height, "m"),
            "offset_from_axis": _q(self.offset_from_axis, "m"),
        }


@dataclass(frozen=True, slots=True)
class Site:
    """What the installer measured and saw on site. Every field is optional.

    Attributes
    ----------
    supply_voltage : float or None
        Measured supply voltage [V].
    water_pressure : float or None
        [MPa].
    ceiling_height : float or None
        [m].
    rcd : bool or None
        Whether the circuit has an RCD (漏电开关).
    earth : {"good", "poor", "absent"} or None
    dedicated_line : DedicatedLine
    breaker : BreakerReading
    meter : MeterReading
    main_switch : MainSwitchReading
    appliances : tuple of Appliance or None
        Appliances that may run together with the heater; ``()`` means none,
        ``None`` means not recorded.
    wiring : Wiring
    socket : SocketPosition
    display_height : float or None
        Height of the heater's display above the floor [m] (``site.heater``).
    shower : ShowerPosition
    """

    supply_voltage: float | None = None
    water_pressure: float | None = None
    ceiling_height: float | None = None
    rcd: bool | None = None
    earth: EarthState | None = None
    dedicated_line: DedicatedLine = field(default_factory=DedicatedLine)
    breaker: BreakerReading = field(default_factory=BreakerReading)
    meter: MeterReading = field(default_factory=MeterReading)
    main_switch: MainSwitchReading = field(default_factory=MainSwitchReading)
    appliances: tuple[Appliance, ...] | None = None
    wiring: Wiring = field(default_factory=Wiring)
    socket: SocketPosition = field(default_factory=SocketPosition)
    display_height: float | None = None
    shower: ShowerPosition = field(default_factory=ShowerPosition)

    def to_dict(self) -> dict[str, Any]:
        return {
            "supply_voltage": _q(self.supply_voltage, "V"),
            "water_pressure": _q(self.water_pressure, "MPa"),
            "ceiling_height": _q(self.ceiling_height, "m"),
            "rcd": self.rcd,
            "earth": self.earth,
            "dedicated_line": self.dedicated_line.to_dict(),
            "breaker": self.breaker.to_dict(),
            "meter": self.meter.to_dict(),
            "main_switch": self.main_switch.to_dict(),
            "appliances": (
                None if self.appliances is None else [a.to_dict() for a in self.appliances]
            ),
            "wiring": self.wiring.to_dict(),
            "socket": self.socket.to_dict(),
            "heater": {"display_height": _q(self.display_height, "m")},
            "shower": self.shower.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Usage:
    """How the heater will be used (004 ch.5 §2 B–C).

    Attributes
    ----------
    user_heights : tuple of float
        Body heights of the users [m]; the first is the main user (display height).
    bathtub : bool or None
    special_needs : str or None
        Special flow or temperature needs, in words.
    mixing_valve : bool or None
        Whether a mixing valve (混水阀) is fitted.
    """

    user_heights: tuple[float, ...] = ()
    bathtub: bool | None = None
    special_needs: str | None = None
    mixing_valve: bool | None = None

    @property
    def main_user_height(self) -> float | None:
        """Height of the main user (the first listed) [m]."""
        return self.user_heights[0] if self.user_heights else None

    @property
    def tallest_user_height(self) -> float | None:
        """Height of the tallest user [m]."""
        return max(self.user_heights) if self.user_heights else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_heights": [quantity_json(h, "m") for h in self.user_heights],
            "bathtub": self.bathtub,
            "special_needs": self.special_needs,
            "mixing_valve": self.mixing_valve,
        }


@dataclass(frozen=True, slots=True)
class Confirmations:
    """The installer's yes / no / not yet for each rule in :data:`CONFIRMATION_RULES`."""

    values: tuple[tuple[str, Confirmation], ...] = ()

    def __post_init__(self) -> None:
        # One entry per rule, in CONFIRMATION_RULES order, so equal answers compare equal.
        given = dict(self.values)
        normalised = tuple((rule, given.get(rule, "not_yet")) for rule in CONFIRMATION_RULES)
        object.__setattr__(self, "values", normalised)

    def get(self, rule: str) -> Confirmation:
        """The answer for ``rule``; ``"not_yet"`` when it was not given."""
        for key, value in self.values:
            if key == rule:
                return value
        return "not_yet"

    def to_dict(self) -> dict[str, Any]:
        return {rule: self.get(rule) for rule in CONFIRMATION_RULES}


@dataclass(frozen=True, slots=True)
class DrillPoint:
    """A fixing/drilling point: ``x`` from the heater's vertical axis (positive to the
    right, facing the wall) and ``y`` above the floor [m]."""

    x: float
    y: float

    def to_dict(self) -> dict[str, Any]:
        return {"x": quantity_json(self.x, "m"), "y": quantity_json(self.y, "m")}


@dataclass(frozen=True, slots=True)
class Signature:
    """The customer's signature image (PNG only) and when it was captured.

    Attributes
    ----------
    image : str
        The path as written in the survey file.
    captured_at : datetime.datetime
        When the signature was captured (required with an image).
    path : pathlib.Path or None
        ``image`` resolved against the survey file's directory.
    sha256 : str
        SHA-256 of the image's bytes, so the sheet's integrity hash covers the image
        itself, not only its file name. Given in the file, it must match the image.
    """

    image: str
    captured_at: dt.datetime | None = None
    path: Path | None = field(default=None, compare=False)
    sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "image": self.image,
            "captured_at": None if self.captured_at is None else self.captured_at.isoformat(),
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class Survey:
    """One site survey, validated. Build it with :func:`load_survey` or
    :func:`parse_survey`; :meth:`to_dict` gives the canonical form."""

    customer: Customer
    job: Job
    heater: HeaterSpec
    site: Site = field(default_factory=Site)
    usage: Usage = field(default_factory=Usage)
    confirmations: Confirmations = field(default_factory=Confirmations)
    drilling: tuple[DrillPoint, ...] | None = None
    signature: Signature | None = None
    format: int = CURRENT_FORMAT
    source: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON data: every key present (``None`` for missing values),
        quantities as ``{"value", "unit"}`` in canonical units, dates in ISO 8601.
        :func:`parse_survey` reads it back to an equal :class:`Survey`."""
        return {
            "format": CURRENT_FORMAT,
            "customer": self.customer.to_dict(),
            "job": self.job.to_dict(),
            "heater": self.heater.to_dict(),
            "site": self.site.to_dict(),
            "usage": self.usage.to_dict(),
            "confirmations": self.confirmations.to_dict(),
            "drilling": (
                None if self.drilling is None else {"points": [p.to_dict() for p in self.drilling]}
            ),
            "signature": None if self.signature is None else self.signature.to_dict(),
        }


# ------------------------------------------------------------------------- meter marking

_MARKING_RE = re.compile(
    r"^\s*(?:(?P<phases>\d)\s*[×xX*]\s*)?(?P<basic>\d+(?:\.\d+)?)\s*"
    r"[((]\s*(?P<max>\d+(?:\.\d+)?)\s*[))]\s*(?:A|a|安)?\s*$"
)


def parse_meter_marking(text: str, field_name: str = "marking") -> tuple[float, float, int]:
    """Read a meter marking ``Ib(Imax)`` into basic current, maximum current, phases.

    Parameters
    ----------
    text : str
        ``"10(40)A"``, ``"5(20)"``, ``"3×10(40)A"``, ``"3*5(30)A"`` or ``"3x10(40)A"``.
    field_name : str
        Name of the input for error messages.

    Returns
    -------
    tuple
        ``(basic [A], max [A], phases)``.

    Raises
    ------
    InputError
        Not a marking, Imax not above Ib, or a phase count other than 1 or 3.

    Examples
    --------
    >>> parse_meter_marking("3×10(40)A")
    (10.0, 40.0, 3)
    """
    match = _MARKING_RE.match(text) if isinstance(text, str) else None
    expected = 'a meter marking like "10(40)A" or "3×10(40)A"'
    if match is None:
        raise InputError(field_name, text, expected, "write the basic and maximum current")
    basic = float(match.group("basic"))
    imax = float(match.group("max"))
    phases = int(match.group("phases") or 1)
    if phases not in (1, 3):
        raise InputError(field_name, text, expected, "a meter is single-phase or 3× (three-phase)")
    if not 0 < basic < imax:
        raise InputError(
            field_name, text, expected, "the maximum current (in brackets) is above the basic"
        )
    return basic, imax, phases


def _marking(basic: float, imax: float, phases: int) -> str:
    text = f"{basic:g}({imax:g})A"
    return f"{phases}×{text}" if phases > 1 else text


# ----------------------------------------------------------------------------- reading

_TOP_KEYS = (
    "format",
    "customer",
    "job",
    "heater",
    "site",
    "usage",
    "confirmations",
    "drilling",
    "signature",
)
_SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "customer": ("name", "phone", "address"),
    "job": (
        "work_order",
        "date",
        "appointment",
        "service_network",
        "distance_from_urban_area",
        "installer",
    ),
    "job.installer": ("name", "employee_number"),
    "heater": ("model", "power", "supply_voltage"),
    "site": (
        "supply_voltage",
        "water_pressure",
        "ceiling_height",
        "rcd",
        "earth",
        "dedicated_line",
        "breaker",
        "meter",
        "main_switch",
        "appliances",
        "wiring",
        "socket",
        "heater",
        "shower",
    ),
    "site.dedicated_line": ("present", "wire"),
    "site.breaker": ("rating", "poles"),
    "site.meter": ("kind", "marking", "basic", "max", "phases"),
    "site.main_switch": ("rating",),
    "site.appliances[]": ("name", "power"),
    "site.wiring": ("length", "method", "ambient_temperature", "grouping", "runs"),
    "site.wiring.runs[]": ("orientation", "length", "height", "damp"),
    "site.socket": ("height", "distance_to_opening"),
    "site.heater": ("display_height",),
    "site.shower": ("head_height", "offset_from_axis"),
    "usage": ("user_heights", "bathtub", "special_needs", "mixing_valve"),
    "confirmations": CONFIRMATION_RULES,
    "drilling": ("points",),
    "drilling.points[]": ("x", "y"),
    "signature": ("image", "captured_at", "sha256"),
}
_REQUIRED_SECTIONS = ("customer", "job", "heater")

#: Free-text fields, by path in the file (``[]`` for any list index): the most
#: characters each may hold, and whether it may span several lines. Every text field is
#: read by :func:`sitesurvey.text.normalise_text`: NFC, no control characters.
TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    "customer.name": (64, False),
    "customer.phone": (32, False),
    "customer.address": (200, False),
    "job.work_order": (64, False),
    "job.service_network": (100, False),
    "job.installer.name": (64, False),
    "job.installer.employee_number": (32, False),
    "heater.model": (64, False),
    "site.appliances[].name": (64, False),
    "usage.special_needs": (1000, True),
    "signature.image": (255, False),
}

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至到]\s*(\d{1,2}):(\d{2})\s*$")


class _Reader:
    """Reads one survey mapping, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # structure ---------------------------------------------------------------------
    def unknown_keys(self, mapping: Mapping[str, Any], path: str, allowed: Sequence[str]):
        import difflib

        for key in mapping:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else str(key)
            lowered = {a.lower(): a for a in allowed}
            guess = lowered.get(str(key).lower())
            if guess is None:
                close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                guess = close[0] if close else None
            if guess is not None:
                self.problem(where, f'unknown key — did you mean "{guess}"?')
            else:
                section = f"[{path}]" if path else "the top level"
                self.problem(where, f"unknown key; the keys of {section} are: {', '.join(allowed)}")

    def section(
        self,
        parent: Mapping[str, Any] | None,
        key: str,
        path: str,
        *,
        required: bool = False,
        schema: str | None = None,
    ) -> Mapping[str, Any] | None:
        """A sub-table; ``None`` when absent (reported if required) or not a table."""
        allowed = _SECTION_KEYS[schema or path]
        if parent is None:
            return None
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(
                    path, f"missing required section [{path}] (keys: {', '.join(allowed)})"
                )
            return None
        if not isinstance(value, Mapping):
            self.problem(path, f"expected a table [{path}], got {_shown(value)}")
            return None
        self.unknown_keys(value, path, allowed)
        return value

    def table_list(
        self, parent: Mapping[str, Any] | None, key: str, path: str
    ) -> list[tuple[str, Mapping[str, Any]]] | None:
        """An array of tables, as ``(path, table)`` pairs with 1-based indices."""
        if parent is None or parent.get(key) is None:
            return None
        value = parent[key]
        if not isinstance(value, list):
            self.problem(path, f"expected an array of tables [[{path}]], got {_shown(value)}")
            return None
        items = []
        for i, item in enumerate(value, 1):
            where = f"{path}[{i}]"
            if not isinstance(item, Mapping):
                self.problem(where, f"expected a table, got {_shown(item)}")
                continue
            self.unknown_keys(item, where, _SECTION_KEYS[f"{path}[]"])
            items.append((where, item))
        return items

    # values ------------------------------------------------------------------------
    def _get(self, mapping: Mapping[str, Any] | None, key: str, path: str, required: bool):
        if mapping is None:
            return None
        value = mapping.get(key)
        if value is None and required:
            self.problem(path, f'missing — write {key} = "…"')
        return value

    def text(
        self, mapping: Mapping[str, Any] | None, key: str, path: str, *, required: bool = False
    ) -> str | None:
        value = self._get(mapping, key, path, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, f'expected text in quotes, got {_shown(value)} — write "{value}"')
            return None
        max_length, multiline = TEXT_FIELDS[re.sub(r"\[\d+\]", "[]", path)]
        try:
            value = normalise_text(value, path, max_length, multiline=multiline)
        except InputError as exc:
            self.problems.append(str(exc))
            return None
        if not value and required:
            self.problem(path, "must not be empty")
            return None
        return value

    def quantity(
        self,
        mapping: Mapping[str, Any] | None,
        key: str,
        path: str,
        kind: str,
        *,
        required: bool = False,
        signed: bool = False,
    ) -> float | None:
        value = self._get(mapping, key, path, required)
        if value is None:
            return None
        return self.quantity_value(value, path, kind, signed=signed)

    def quantity_value(self, value: Any, path: str, kind: str, *, signed: bool = False):
        sign = 1.0
        if isinstance(value, Mapping):  # the canonical form {"value": 2.6, "unit": "m"}
            if set(value) != {"value", "unit"} or isinstance(value["value"], bool):
                self.problem(path, f'expected "2.6 m" or {{value, unit}}, got {_shown(value)}')
                return None
            number, unit = value["value"], value["unit"]
            if signed and isinstance(number, (int, float)) and number < 0:
                sign, number = -1.0, -number
            value = f"{number!r} {unit}"
        elif signed and isinstance(value, str) and value.strip().startswith(("-", "−")):
            sign, value = -1.0, value.strip()[1:]
        try:
            number = parse(value, kind, path)
        except InputError as exc:
            self.problems.append(str(exc))
            return None
        number = _canonical(sign * number)
        limits = _PLAUSIBLE.get(re.sub(r"\[\d+\]", "[]", path))
        if limits is not None and not limits[0] <= number <= limits[1]:
            low, high, unit, example = limits
            self.problem(
                path,
                f"{_shown(value)} is not a plausible value here (expected {low:g}-{high:g} "
                f"{unit}) — check the unit and the decimal point, e.g. {example}",
            )
            return None
        return number

    def flag(
        self, mapping: Mapping[str, Any] | None, key: str, path: str, *, required: bool = False
    ) -> bool | None:
        value = self._get(mapping, key, path, required)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _YES:
            return True
        if isinstance(value, str) and value.strip().lower() in _NO:
            return False
        self.problem(path, f"expected yes or no (true / false), got {_shown(value)}")
        return None

    def choice(
        self, mapping: Mapping[str, Any] | None, key: str, path: str, options: Mapping[str, str]
    ) -> str | None:
        value = self._get(mapping, key, path, False)
        if value is None:
            return None
        if isinstance(value, str):
            found = options.get(value.strip()) or options.get(value.strip().lower())
            if found is not None:
                return found
        names = sorted(set(options.values()), key=list(options.values()).index)
        self.problem(path, f"expected one of {', '.join(names)}, got {_shown(value)}")
        return None

    def integer(
        self,
        mapping: Mapping[str, Any] | None,
        key: str,
        path: str,
        allowed: Sequence[int] | None = None,
    ) -> int | None:
        value = self._get(mapping, key, path, False)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = parse_count(value, path)
            except InputError as exc:
                hint = f" — {exc.hint}" if exc.hint else ""
                self.problem(path, f"expected {exc.expected}, got {_shown(exc.value)}{hint}")
                return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(path, f"expected a whole number of at least 1, got {_shown(value)}")
            return None
        if allowed is not None and value not in allowed:
            self.problem(
                path, f"expected one of {', '.join(map(str, allowed))}, got {_shown(value)}"
            )
            return None
        return value


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# ----------------------------------------------------------------------- section readers


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


def _read_date(r: _Reader, value: Any, path: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        r.problem(path, f"expected a date like 2024-05-18, got the date and time {value}")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    r.problem(path, f"expected an ISO date like 2024-05-18, got {_shown(value)}")
    return None


def _read_datetime(r: _Reader, value: Any, path: str) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    r.problem(
        path, f"expected an ISO date and time like 2024-05-18T15:20:00+08:00, got {_shown(value)}"
    )
    return None


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
        marking = _marking(basic, imax, phases)
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


#: Plausible body heights [m]: outside, the unit was probably wrong.
_PERSON_HEIGHT = (0.5, 2.5)

#: Plausible ranges of measurements, in canonical units, by path in the file (``[]``
#: for any list index). Outside, the unit or the decimal point is probably wrong
#: ("260 m" for a ceiling, "22.3 V" for a supply); these are guards against slips,
#: not rules, so a value outside is an error to correct, never a failed check. The
#: upper ends also keep the 1:25 design drawing on an A4 page (5 m of wall ≈ 200 mm).
_PLAUSIBLE: dict[str, tuple[float, float, str, str]] = {
    "site.supply_voltage": (100.0, 500.0, "V", '"223 V"'),
    "site.water_pressure": (0.0, 5.0, "MPa", '"0.3 MPa" or "3 bar"'),
    "site.ceiling_height": (1.8, 5.0, "m", '"2.6 m" or "260 cm"'),
    "site.dedicated_line.wire": (0.5, 50.0, "mm²", '"4 mm2"'),
    "site.breaker.rating": (1.0, 250.0, "A", '"32 A"'),
    "site.main_switch.rating": (1.0, 1000.0, "A", '"63 A"'),
    "site.appliances[].power": (1.0, 50_000.0, "W", '"1.5 kW"'),
    "site.wiring.length": (0.0, 500.0, "m", '"12 m"'),
    "site.wiring.runs[].length": (0.0, 500.0, "m", '"5.8 m"'),
    "site.wiring.runs[].height": (0.0, 5.0, "m", '"2.55 m"'),
    "site.socket.height": (0.0, 5.0, "m", '"2.4 m"'),
    "site.socket.distance_to_opening": (0.0, 2.0, "m", '"18 cm"'),
    "site.heater.display_height": (0.3, 3.0, "m", '"1.6 m"'),
    "site.shower.head_height": (0.5, 4.0, "m", '"2.1 m"'),
    "site.shower.offset_from_axis": (0.0, 2.0, "m", '"2 cm"'),
    "drilling.points[].x": (-1.5, 1.5, "m", '"-12 cm"'),
    "drilling.points[].y": (0.2, 4.0, "m", '"1.85 m"'),
}


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
            low, high = _PERSON_HEIGHT
            if not low <= height <= high:
                r.problem(
                    path,
                    f"{height:g} m is not a person's height (expected {low:g}-{high:g} m) "
                    '— check the unit, e.g. "175 cm" or "1.75 m"',
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


def _read_signature(r: _Reader, data: Mapping[str, Any], base: Path | None) -> Signature | None:
    m = r.section(data, "signature", "signature")
    if m is None:
        return None
    image = r.text(m, "image", "signature.image", required=True)
    raw_time = m.get("captured_at")
    if raw_time is None:
        r.problem(
            "signature.captured_at",
            "missing — the sheet prints when the signature was captured, "
            "e.g. captured_at = 2024-05-18T15:20:00+08:00",
        )
    captured = None if raw_time is None else _read_datetime(r, raw_time, "signature.captured_at")
    if image is None:
        return None
    path = Path(image)
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.suffix.lower() != ".png":
        what = "SVG is markup and is refused" if path.suffix.lower() == ".svg" else "not PNG"
        r.problem("signature.image", f'expected a PNG image, got "{image}" ({what})')
        return None
    from sitesurvey._files import FileReadError, read_file

    try:
        content = read_file(path, what="signature")
    except FileReadError as exc:
        r.problem("signature.image", f'"{image}" {exc.reason}')
        return None
    if content[:8] != _PNG_MAGIC:
        r.problem("signature.image", f'"{image}" is not a PNG file (wrong signature bytes)')
        return None
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    stated = m.get("sha256")
    if stated is not None and stated != digest:
        r.problem(
            "signature.sha256",
            f'"{image}" has changed since this survey recorded it (its SHA-256 is {digest})',
        )
        return None
    return Signature(image, captured, path, digest)


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
    signature = _read_signature(r, content, base)
    _check_heights(r, site)
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
    >>> from sitesurvey.sizing.table import data_dir
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
