"""The validating reader of a survey's values: structure, text, quantities, flags, dates.

:class:`_Reader` reads one survey mapping and collects every problem with its path in
the file (``site.socket.height: ...``), so that all problems are reported at once. The
file's structure (the keys of each section, :data:`TEXT_FIELDS`) is declared here;
measurements outside their plausible band (:mod:`sitesurvey.bands`) are problems.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sitesurvey.bands import PLAUSIBLE
from sitesurvey.errors import InputError
from sitesurvey.survey.record import CONFIRMATION_RULES
from sitesurvey.text import normalise_text
from sitesurvey.units import fold_keyboard, parse, parse_count

__all__ = ["TEXT_FIELDS"]

_YES = ("yes", "y", "true", "是", "有")
_NO = ("no", "n", "false", "否", "无", "没有")
_NOT_YET = ("not yet", "not_yet", "notyet", "pending", "未", "尚未")

_SIGNIFICANT = 12

#: How a bare number of a kind that needs a unit may have been meant: (unit, factor to
#: the canonical unit), for the hint of :meth:`_Reader._with_plausible_units`.
_BARE_READINGS: dict[str, tuple[tuple[str, float], ...]] = {
    "length": (("m", 1.0), ("cm", 0.01), ("mm", 0.001)),
    "pressure": (("MPa", 1.0), ("bar", 0.1), ("kPa", 0.001)),
}


def _canonical(value: float) -> float:
    """Round to 12 significant digits: ``115 cm`` and ``1.15 m`` become the same float."""
    return float(f"{value:.{_SIGNIFICANT}g}")


_TOP_KEYS = (
    "format",
    "example",
    "customer",
    "job",
    "heater",
    "existing",
    "design",
    "usage",
    "confirmations",
    "actions",
    "signature",
    "signatures",
    "network",
    "materials",
    "handover",
    "photos",
)
#: Modifications whose consent is a signature point ``[signatures.consent.<item>]``
#: (the meter and the main switch have their own points, with a signature).
CONSENT_ITEMS = ("wire", "breaker", "dedicated_line", "rcd", "earth", "water_pressure")
#: The points of ``[signatures]`` (spec §6); ``final`` is the old ``[signature]``.
_SIGNATURE_POINTS = ("drilling", "meter", "main_switch", "final")
#: The keys of each section of format 2, by path (``[]``: each table of a list).
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
    "existing": (
        "supply_voltage",
        "water_pressure",
        "ceiling_height",
        "rcd",
        "earth",
        "line",
        "breaker",
        "meter",
        "main_switch",
        "appliances",
        "hidden",
    ),
    "existing.line": ("present", "wire"),
    "existing.breaker": ("rating", "curve", "poles"),
    "existing.meter": ("kind", "marking", "basic", "max", "phases"),
    "existing.main_switch": ("rating",),
    "existing.appliances[]": ("name", "power", "phase"),
    "existing.hidden[]": ("kind", "x", "from_height", "to_height"),
    "design": ("route", "socket", "heater", "shower", "drilling", "wall", "water"),
    "design.route": (
        "length",
        "method",
        "ambient_temperature",
        "grouping",
        "arrangement",
        "runs",
    ),
    "design.route.runs[]": (
        "orientation",
        "length",
        "height",
        "ceiling_height",
        "damp",
        "place",
    ),
    "design.socket": ("height", "distance_to_opening"),
    "design.heater": ("display_height",),
    "design.shower": ("head_height", "offset_from_axis"),
    "design.drilling[]": ("x", "y"),
    "design.wall": ("reference", "heater_axis"),
    "design.water": ("inlet_x", "outlet_x", "height"),
    "usage": ("user_heights", "bathtub", "special_needs", "mixing_valve"),
    "confirmations": CONFIRMATION_RULES,
    "actions": ("report_to_company",),
    "signature": ("image", "captured_at", "sha256", "consent"),
    "signatures": (*_SIGNATURE_POINTS, "consent"),
    "signatures.consent": CONSENT_ITEMS,
    "network": ("name", "phone"),
    "materials[]": ("item", "quantity", "unit"),
    "handover": ("protected_belongings", "site_cleaned"),
    "photos[]": ("subject", "image", "sha256", "taken_at", "note"),
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
    "existing.appliances[].name": (64, False),
    "design.route.runs[].place": (200, False),
    "design.wall.reference": (40, False),
    "usage.special_needs": (1000, True),
    "signature.image": (255, False),
    "network.name": (100, False),
    "network.phone": (32, False),
    "materials[].item": (100, False),
    "materials[].unit": (16, False),
    "photos[].note": (500, True),
}


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
            self.problems.append(self._with_plausible_units(exc, value, kind, path))
            return None
        return self.in_band(_canonical(sign * number), value, path)

    def in_band(self, number: float, value: Any, path: str) -> float | None:
        """``number`` if inside the plausible band of ``path`` (:data:`PLAUSIBLE`), else
        ``None`` with a problem naming the band and an example inside it."""
        limits = PLAUSIBLE.get(re.sub(r"\[\d+\]", "[]", path))
        if limits is not None and not limits[0] <= number <= limits[1]:
            low, high, unit, example = limits
            self.problem(
                path,
                f"{_shown(value)} is not a plausible value here (expected {low:g}-{high:g} "
                f"{unit}) — check the unit and the decimal point, e.g. {example}",
            )
            return None
        return number

    @staticmethod
    def _with_plausible_units(exc: InputError, value: Any, kind: str, path: str) -> str:
        """A bare number where a unit is needed: suggest only readings that the band of
        ``path`` accepts, written in the canonical unit ("2900" for a route: "29 m" if
        centimetres, "2.9 m" if millimetres) — a hint never leads to a second refusal."""
        band = PLAUSIBLE.get(re.sub(r"\[\d+\]", "[]", path))
        units = _BARE_READINGS.get(kind)
        if band is None or units is None:
            return str(exc)
        try:
            number = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            return str(exc)
        readings = [
            (unit, _canonical(number * factor))
            for unit, factor in units
            if band.low <= _canonical(number * factor) <= band.high
        ]
        if not readings:
            return (
                f"{path}: expected {band.example}, got {_shown(value)} — give the unit; "
                f"no unit makes {_shown(value)} plausible here (expected {band.low:g}-"
                f"{band.high:g} {band.unit})"
            )
        said = "; ".join(
            f'"{reading:g} {band.unit}" if you measured {number:g} {unit}'
            for unit, reading in readings
        )
        return f"{path}: expected {band.example}, got {_shown(value)} — give the unit: {said}"

    def flag(
        self, mapping: Mapping[str, Any] | None, key: str, path: str, *, required: bool = False
    ) -> bool | None:
        value = self._get(mapping, key, path, required)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        word = fold_keyboard(value).strip().lower() if isinstance(value, str) else None
        if word in _YES:
            return True
        if word in _NO:
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
            word = fold_keyboard(value).strip()
            found = options.get(word) or options.get(word.lower())
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
