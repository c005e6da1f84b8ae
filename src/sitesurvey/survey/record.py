"""The typed survey record: frozen dataclasses, one per section of the survey file.

:class:`Survey` holds one validated site survey (built by
:func:`sitesurvey.survey.reader.parse_survey`); :meth:`Survey.to_dict` gives its canonical
JSON form: quantities as ``{"value", "unit"}`` in canonical units, dates in ISO 8601,
every key present (``None`` for a missing value).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from sitesurvey._dataclasses import dataclass, field
from sitesurvey.units import quantity_json

if TYPE_CHECKING:  # pathlib (with urllib.parse, ipaddress) only where a path is made
    from pathlib import Path

__all__ = [
    "APPOINTMENT_NOT_AGREED",
    "ARRANGEMENTS",
    "CONFIRMATION_RULES",
    "CURRENT_FORMAT",
    "HIDDEN_KINDS",
    "INSTALLATION_METHODS",
    "PHOTO_SUBJECTS",
    "SIGNATURE_POINTS",
    "Actions",
    "Appliance",
    "AppointmentWindow",
    "BreakerReading",
    "Confirmation",
    "Confirmations",
    "Customer",
    "DedicatedLine",
    "DrillPoint",
    "EarthState",
    "Handover",
    "HeaterSpec",
    "HiddenRun",
    "Installer",
    "Job",
    "MainSwitchReading",
    "Material",
    "MeterKind",
    "MeterReading",
    "Network",
    "Orientation",
    "Phase",
    "Photo",
    "PhotoSubject",
    "ShowerPosition",
    "Signature",
    "Signatures",
    "Site",
    "SocketPosition",
    "Survey",
    "Usage",
    "Wall",
    "WaterConnections",
    "Wiring",
    "WiringRun",
]

#: The version of the survey format this package writes (2: existing vs design, spec §6).
CURRENT_FORMAT = 2

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
Phase = Literal["L1", "L2", "L3"]
ActionState = Literal["done", "not_yet"]

#: How the route's cables lie, by the rows of IEC 60364-5-52 Table B.52.17: bunched
#: (item 1), a single layer on a wall or floor, a single layer on a perforated tray.
ARRANGEMENTS = ("bunched", "wall", "tray")

#: What a known run behind the shower wall carries (``[[existing.hidden]] kind``).
HIDDEN_KINDS = ("water pipe", "cable", "gas pipe")

#: What a photo shows (``[[photos]] subject``): the meter's nameplate, the air switch,
#: the indoor main switch, the water-pressure gauge, the wall the heater goes on, other.
PHOTO_SUBJECTS = ("meter", "breaker", "main_switch", "water_pressure", "wall", "other")
PhotoSubject = Literal["meter", "breaker", "main_switch", "water_pressure", "wall", "other"]

#: Installation methods of IEC 60364-5-52 the wiring route may name.
INSTALLATION_METHODS = ("A1", "A2", "B1", "B2", "C", "E")


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


#: The placeholder of an appointment not agreed yet (``sitesurvey init``, a work order
#: created without one); read as a window that is not agreed, never as a time.
APPOINTMENT_NOT_AGREED = "（未约定 not agreed yet）"


@dataclass(frozen=True, slots=True)
class AppointmentWindow:
    """The agreed visit window, e.g. 14:00-15:00 (004 ch.5 §1: "须写明正确时间").

    Without ``start`` and ``end`` the window is not agreed yet: the survey holds the
    placeholder :data:`APPOINTMENT_NOT_AGREED` (a work order created without one), which
    keeps the survey incomplete (:func:`sitesurvey.survey.template.unfilled`) and which
    no output prints as a time.
    """

    start: dt.time | None = None
    end: dt.time | None = None

    @property
    def agreed(self) -> bool:
        """Whether a window is agreed (not the placeholder)."""
        return self.start is not None and self.end is not None

    @property
    def text(self) -> str:
        """``"14:00-15:00"``, or :data:`APPOINTMENT_NOT_AGREED`."""
        if self.start is None or self.end is None:
            return APPOINTMENT_NOT_AGREED
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
    """The air switch protecting the heater's circuit: rating [A], poles, and the
    tripping curve ("B", "C", "D") where the marking gives it (``"C32"``)."""

    rating: float | None = None
    poles: int | None = None
    curve: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rating": _q(self.rating, "A"), "curve": self.curve, "poles": self.poles}


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
    """A household appliance that may run at the same time as the heater: power [W],
    and on a three-phase supply the phase it is on ("L1", "L2", "L3") where known."""

    name: str
    power: float
    phase: Phase | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "power": quantity_json(self.power, "W"), "phase": self.phase}


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
    ceiling_height : float or None
        Height of the ceiling of the space this run passes [m] (a hallway above the
        bathroom's suspended ceiling); ``None``: the bathroom's ceiling.
    place : str or None
        Where the run goes, in words ("hallway, above the suspended ceiling").
    """

    orientation: Orientation | None = None
    length: float | None = None
    height: float | None = None
    damp: bool | None = None
    ceiling_height: float | None = None
    place: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "orientation": self.orientation,
            "length": _q(self.length, "m"),
            "height": _q(self.height, "m"),
            "ceiling_height": _q(self.ceiling_height, "m"),
            "damp": self.damp,
            "place": self.place,
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
    runs : tuple of WiringRun or None
        The route's runs; ``None`` when not recorded.
    arrangement : {"bunched", "wall", "tray"} or None
        How the grouped cables lie (:data:`ARRANGEMENTS`); ``None`` when not recorded
        (the engineering check then takes bunched, the safe side).
    """

    length: float | None = None
    method: str | None = None
    ambient_temperature: float | None = None
    grouping: int | None = None
    runs: tuple[WiringRun, ...] | None = None
    arrangement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": _q(self.length, "m"),
            "method": self.method,
            "ambient_temperature": _q(self.ambient_temperature, "°C"),
            "grouping": self.grouping,
            "arrangement": self.arrangement,
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
    """What the installer found on site (``[existing]``) and designs (``[design]``).
    Every field is optional. The attribute names are those of format 1; the file's
    sections of format 2 are :meth:`existing_dict` and :meth:`design_dict`.

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

    def existing_dict(self) -> dict[str, Any]:
        """What is there: the ``existing`` section of the canonical form."""
        return {
            "supply_voltage": _q(self.supply_voltage, "V"),
            "water_pressure": _q(self.water_pressure, "MPa"),
            "ceiling_height": _q(self.ceiling_height, "m"),
            "rcd": self.rcd,
            "earth": self.earth,
            "line": self.dedicated_line.to_dict(),
            "breaker": self.breaker.to_dict(),
            "meter": self.meter.to_dict(),
            "main_switch": self.main_switch.to_dict(),
            "appliances": (
                None if self.appliances is None else [a.to_dict() for a in self.appliances]
            ),
        }

    def design_dict(self) -> dict[str, Any]:
        """What the installer plans (without the drilling points, which :class:`Survey`
        holds): the ``design`` section of the canonical form."""
        return {
            "route": self.wiring.to_dict(),
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
class Actions:
    """Actions the installer records (spec §6).

    Attributes
    ----------
    report_to_company : {"done", "not_yet"} or None
        Where the plan departs from the maker's table, the "report to the company" of
        004 ch.5 §3 ("特殊情况则打电话回企业汇报情况"); ``None`` when not recorded.
    """

    report_to_company: ActionState | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"report_to_company": self.report_to_company}


@dataclass(frozen=True, slots=True)
class DrillPoint:
    """A fixing/drilling point: ``x`` from the heater's vertical axis (positive to the
    right, facing the wall) and ``y`` above the floor [m]."""

    x: float
    y: float

    def to_dict(self) -> dict[str, Any]:
        return {"x": quantity_json(self.x, "m"), "y": quantity_json(self.y, "m")}


@dataclass(frozen=True, slots=True)
class Wall:
    """Where the heater goes on the wall, from a reference the installer can find again
    (``[design.wall]``).

    Attributes
    ----------
    reference : str or None
        The reference, in words: "left corner", "door frame", "左墙角", …
    heater_axis : float or None
        Horizontal distance of the heater's vertical axis from the reference [m],
        positive to the right, facing the wall. A drilling point lies at
        ``heater_axis + x`` from the reference.
    """

    reference: str | None = None
    heater_axis: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "heater_axis": _q(self.heater_axis, "m")}


@dataclass(frozen=True, slots=True)
class WaterConnections:
    """The heater's water inlet and outlet on the wall (``[design.water]``): their
    horizontal distances from the wall reference (positive to the right) and their
    height above the floor [m]."""

    inlet_x: float | None = None
    outlet_x: float | None = None
    height: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "inlet_x": _q(self.inlet_x, "m"),
            "outlet_x": _q(self.outlet_x, "m"),
            "height": _q(self.height, "m"),
        }


@dataclass(frozen=True, slots=True)
class HiddenRun:
    """A known pipe or cable behind the shower wall (``[[existing.hidden]]``): a vertical
    run at ``x`` from the wall reference (positive to the right), from ``from_height``
    to ``to_height`` above the floor [m]."""

    kind: Literal["water pipe", "cable", "gas pipe"]
    x: float
    from_height: float
    to_height: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "x": quantity_json(self.x, "m"),
            "from_height": quantity_json(self.from_height, "m"),
            "to_height": quantity_json(self.to_height, "m"),
        }


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
    consent: Literal["yes", "no"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "image": self.image or None,
            "captured_at": None if self.captured_at is None else self.captured_at.isoformat(),
            "sha256": self.sha256 or None,
            "consent": self.consent,
        }


#: The signature points of spec §6 besides the final acceptance (``[signature]`` /
#: ``[signatures.final]``, :attr:`Survey.signature`): drilling (H-DRILL), a meter or
#: main-switch change, and ``consent.<item>`` for each other modification.
SIGNATURE_POINTS = ("drilling", "meter", "main_switch")


@dataclass(frozen=True, slots=True)
class Signatures:
    """The captured signature points (``[signatures.<point>]``), by point name.

    The final acceptance is :attr:`Survey.signature`; the others are here:
    ``drilling``, ``meter``, ``main_switch`` and ``consent.<item>`` (a consent carries
    ``consent = "yes"|"no"`` and may come without an image).
    """

    points: tuple[tuple[str, Signature], ...] = ()

    def get(self, point: str) -> Signature | None:
        """The signature captured at ``point``, or ``None``."""
        for name, sig in self.points:
            if name == point:
                return sig
        return None

    def without_images(self) -> Signatures:
        """The recorded consents alone (a redacted copy carries no signature image)."""
        return Signatures(
            tuple(
                (name, Signature("", sig.captured_at, None, "", sig.consent))
                for name, sig in self.points
                if sig.consent is not None
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """As in the file: ``{"drilling": {...}, "consent": {"wire": {...}}}``."""
        out: dict[str, Any] = {}
        for name, sig in sorted(self.points):
            if name.startswith("consent."):
                out.setdefault("consent", {})[name.removeprefix("consent.")] = sig.to_dict()
            else:
                out[name] = sig.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo taken on site (``[[photos]]``): evidence beside a measurement, never a
    measurement itself (no rule reads it).

    Attributes
    ----------
    subject : {"meter", "breaker", "main_switch", "water_pressure", "wall", "other"}
        What it shows (:data:`PHOTO_SUBJECTS`).
    image : str
        The JPEG or PNG file as written in the survey file.
    sha256 : str
        SHA-256 of the image's bytes, always computed from them, so the sheet's
        integrity hash covers the photo itself. Given in the file, it must match.
    taken_at : datetime.datetime or None
        When it was taken.
    note : str or None
        The installer's words about it.
    path : pathlib.Path or None
        ``image`` resolved against the survey file's directory.
    """

    subject: PhotoSubject
    image: str
    sha256: str
    taken_at: dt.datetime | None = None
    note: str | None = None
    path: Path | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "image": self.image,
            "sha256": self.sha256,
            "taken_at": None if self.taken_at is None else self.taken_at.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Network:
    """The service network (``[network]``, or ``sitesurvey sheet --network FILE``)."""

    name: str | None = None
    phone: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "phone": self.phone}


@dataclass(frozen=True, slots=True)
class Material:
    """A material used (``[[materials]]``): priced from the tariff's price list."""

    item: str
    quantity: float
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "quantity": self.quantity, "unit": self.unit}


@dataclass(frozen=True, slots=True)
class Handover:
    """Site care at handover (004 ch.4, ch.5 §4-§5): ``"yes"`` (done) or
    ``"not_yet"``; ``None`` when not recorded (printed as still to do)."""

    protected_belongings: Literal["yes", "not_yet"] | None = None
    site_cleaned: Literal["yes", "not_yet"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "protected_belongings": self.protected_belongings,
            "site_cleaned": self.site_cleaned,
        }


@dataclass(frozen=True, slots=True)
class Survey:
    """One site survey, validated. Build it with :func:`load_survey` or
    :func:`parse_survey`; :meth:`to_dict` gives the canonical form (format 2).

    ``site`` holds both what is there and the installer's design (the file's
    ``[existing]`` and ``[design]``); ``drilling`` the design's drilling points;
    ``example`` marks the example of ``sitesurvey init --example``; ``actions`` the
    recorded actions (report to the company); ``wall`` the heater's place from a wall
    reference, ``water`` the water inlet and outlet, ``hidden`` the known pipes and
    cables behind the wall (``None``: not recorded).
    """

    customer: Customer
    job: Job
    heater: HeaterSpec
    site: Site = field(default_factory=Site)
    usage: Usage = field(default_factory=Usage)
    confirmations: Confirmations = field(default_factory=Confirmations)
    drilling: tuple[DrillPoint, ...] | None = None
    signature: Signature | None = None
    format: int = field(default=CURRENT_FORMAT, compare=False)  # the file's, before upgrading
    source: str | None = field(default=None, compare=False)
    example: bool = False
    actions: Actions = field(default_factory=Actions)
    wall: Wall = field(default_factory=Wall)
    water: WaterConnections = field(default_factory=WaterConnections)
    hidden: tuple[HiddenRun, ...] | None = None
    signatures: Signatures = field(default_factory=Signatures)
    network: Network = field(default_factory=Network)
    materials: tuple[Material, ...] = ()
    handover: Handover = field(default_factory=Handover)
    photos: tuple[Photo, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON data: every key present (``None`` for missing values),
        quantities as ``{"value", "unit"}`` in canonical units, dates in ISO 8601.
        :func:`parse_survey` reads it back to an equal :class:`Survey`."""
        design = self.site.design_dict()
        design["drilling"] = None if self.drilling is None else [p.to_dict() for p in self.drilling]
        design["wall"] = self.wall.to_dict()
        design["water"] = self.water.to_dict()
        existing = self.site.existing_dict()
        existing["hidden"] = None if self.hidden is None else [h.to_dict() for h in self.hidden]
        return {
            "format": CURRENT_FORMAT,
            "example": self.example,
            "customer": self.customer.to_dict(),
            "job": self.job.to_dict(),
            "heater": self.heater.to_dict(),
            "existing": existing,
            "design": design,
            "usage": self.usage.to_dict(),
            "confirmations": self.confirmations.to_dict(),
            "actions": self.actions.to_dict(),
            "signature": None if self.signature is None else self.signature.to_dict(),
            "signatures": self.signatures.to_dict(),
            "network": self.network.to_dict(),
            "materials": [m.to_dict() for m in self.materials],
            "handover": self.handover.to_dict(),
            "photos": [p.to_dict() for p in self.photos],
        }
