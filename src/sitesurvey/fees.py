"""Fees shown on the design sheet, from the tariff file (``tables/tariff.toml``).

Source: installation-spec.md §4 (004 ch.2 §2). The dedicated line is free: the manual
defines it as the run from the indoor main switch to the heater's position; labour for
any length beyond that run is charged per metre (5 CNY/m in the manual), materials
apart. Delivery and installation are free within 30 km of the urban area; beyond, a
remote-service fee applies whose **amount the manual does not give** — the tariff
leaves it unset unless a service network writes its own figure, and the sheet says so.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sitesurvey import fmt
from sitesurvey._dataclasses import dataclass
from sitesurvey.errors import TableError
from sitesurvey.i18n import N_, bi, zh
from sitesurvey.results import Text

__all__ = [
    "FeeLine",
    "Fees",
    "PriceItem",
    "PricedMaterial",
    "Prices",
    "Tariff",
    "compute_fees",
    "currency_text",
    "load_tariff",
    "price_materials",
]

#: File name of the shipped tariff in ``tables/``.
DEFAULT_TARIFF = "tariff.toml"


@dataclass(frozen=True, slots=True)
class PriceItem:
    """One material of a price list: its name in both languages, unit and unit price."""

    name: str
    name_zh: str
    unit: str
    unit_zh: str
    price: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "unit_zh": self.unit_zh,
            "price": self.price,
        }


@dataclass(frozen=True, slots=True)
class Prices:
    """The material price list of a tariff (``[prices]``), with its provenance.

    ``example`` marks prices that are an example, not a network's own (the manual
    gives no material prices); the sheet's annex says so.
    """

    source: str
    example: bool
    items: tuple[PriceItem, ...]

    def find(self, item: str) -> PriceItem | None:
        """The price of ``item``, matched on its English or Chinese name."""
        key = " ".join(item.split()).casefold()
        for p in self.items:
            if key in (" ".join(p.name.split()).casefold(), " ".join(p.name_zh.split())):
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "example": self.example,
            "items": [p.to_dict() for p in self.items],
        }


@dataclass(frozen=True, slots=True)
class Tariff:
    """The fee settings in force, each with its source.

    Attributes
    ----------
    name, name_zh : str
    currency : str
    source : str
    free_length : float or None
        Fixed free length of the dedicated line [m]; ``None`` means the manual's rule:
        the whole run from the indoor main switch to the heater is free.
    labour_rate : float
        Labour for the line beyond the free part [currency/m].
    materials_apart : bool
        Materials are charged apart from labour.
    free_radius : float
        Free delivery and installation within this distance of the urban area [m].
    remote_fee : float or None
        Remote-service fee beyond ``free_radius`` [currency]; ``None`` when not set
        (the manual gives no amount).
    line_source, remote_source, design_source : str
    path : str
        The tariff file, and ``sha256`` its hash.
    """

    name: str
    name_zh: str
    currency: str
    source: str
    free_length: float | None
    labour_rate: float
    materials_apart: bool
    free_radius: float
    remote_fee: float | None
    line_source: str
    remote_source: str
    design_source: str
    path: str
    sha256: str
    prices: Prices | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "prices": None if self.prices is None else self.prices.to_dict(),
            "name": self.name,
            "currency": self.currency,
            "source": self.source,
            "dedicated_line": {
                "free_allowance": (
                    "main_switch_run"
                    if self.free_length is None
                    else {"value": self.free_length, "unit": "m"}
                ),
                "labour_rate": {"value": self.labour_rate, "unit": f"{self.currency}/m"},
                "materials_apart": self.materials_apart,
                "source": self.line_source,
            },
            "remote_service": {
                "free_radius": {"value": self.free_radius, "unit": "m"},
                "fee": (
                    None
                    if self.remote_fee is None
                    else {"value": self.remote_fee, "unit": self.currency}
                ),
                "fee_given_by_manual": False,
                "source": self.remote_source,
            },
            "design": {"free": True, "source": self.design_source},
            "file": self.path,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One line of the fee summary.

    ``amount`` is ``None`` when it cannot be computed (a length not measured, or a fee
    the tariff does not set); ``note``/``note_zh`` then say why.
    """

    item: str
    label: str
    label_zh: str
    amount: float | None
    note: str
    note_zh: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "amount": self.amount,
            "note": self.note,
            "note_zh": self.note_zh,
        }


@dataclass(frozen=True, slots=True)
class Fees:
    """The fee summary: lines, total of the known amounts, and whether it is complete."""

    tariff: Tariff
    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> float:
        """Sum of the amounts that are known [currency]; materials never included."""
        return sum(line.amount or 0.0 for line in self.lines)

    @property
    def complete(self) -> bool:
        """Whether every line has an amount."""
        return all(line.amount is not None for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.to_dict() for line in self.lines],
            "total": self.total,
            "complete": self.complete,
            "currency": self.tariff.currency,
        }


#: The keys a tariff file may hold, by section ("" is the top level).
_TARIFF_KEYS = {
    "": (
        "format",
        "name",
        "name_zh",
        "currency",
        "source",
        "dedicated_line",
        "remote_service",
        "design",
        "prices",
    ),
    "prices": ("source", "example", "items"),
    "prices.items": ("name", "name_zh", "unit", "unit_zh", "price"),
    "dedicated_line": ("free_allowance", "labour_rate_per_m", "materials", "source"),
    "remote_service": ("free_radius_km", "fee", "fee_given_by_manual", "source"),
    "design": ("free", "source"),
}


def _shown(value: Any) -> str:
    """A value for a message, bounded: a 400-digit number or a long list is cut."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text)} characters)"


class _TariffReader:
    """Reads a tariff file; every error names the file and the key, and how to fix it."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, key: str, reason: str) -> None:
        raise TableError(self.where, reason, column=key)

    def section(self, content: dict[str, Any], name: str, *, required: bool = True) -> dict:
        value = content.get(name)
        if value is None and not required:
            value = {}
        if not isinstance(value, dict):
            self.fail(
                name,
                f"missing section [{name}] — add it as in the shipped tables/tariff.toml"
                if value is None
                else f"expected a table, got {_shown(value)} — write it as a [{name}] section",
            )
        self.known_keys(value, name)
        return value

    def known_keys(self, mapping: dict[str, Any], section: str) -> None:
        import difflib

        allowed = _TARIFF_KEYS[section]
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f' — did you mean "{close[0]}"?'
                    if close
                    else f" — remove it; the keys here are {', '.join(allowed)}"
                )
                self.fail(f"{section}.{key}" if section else key, f"unknown key{hint}")

    def text(self, mapping: dict[str, Any], key: str, path: str, default: str | None = None):
        value = mapping.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(
                path,
                f'missing — add {key} = "…"'
                if value is None
                else f'expected text, got {_shown(value)} — write it in quotes: {key} = "…"',
            )
        return value

    def amount(self, mapping: dict[str, Any], key: str, path: str, *, required: bool = True):
        value = mapping.get(key)
        if value is None:
            if required:
                self.fail(path, f"missing — add {key} = a number, e.g. {key} = 5")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fixed = str(value).replace(",", ".").strip()
            try:
                example = fixed if math.isfinite(float(fixed)) else "5"
            except (ValueError, OverflowError):
                example = "5"
            self.fail(
                path,
                f"expected a number, got {_shown(value)} — write {key} = {example} (no quotes)",
            )
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number) or number < 0:
            self.fail(
                path,
                f"expected a number of at least 0, got {_shown(value)} — write the figure "
                f"of your tariff, e.g. {key} = 5",
            )
        return number

    def length(self, value: Any, path: str) -> float:
        from sitesurvey.errors import InputError
        from sitesurvey.units import parse

        try:
            return parse(value, "length", path)
        except InputError as exc:
            self.fail(
                path,
                f"expected {exc.expected}, got {_shown(value)} — "
                + (exc.hint or 'write a length in quotes, such as "10 m"'),
            )
        raise AssertionError  # pragma: no cover - fail() raised


def load_tariff(path: str | Path | None = None) -> Tariff:
    """Read and validate a tariff file (default: the shipped ``tables/tariff.toml``).

    Raises
    ------
    TableError
        A missing or malformed file; the message names the file, the key at fault and
        how to fix it (unknown keys get a did-you-mean).
    """
    from sitesurvey._files import data_dir, read_data_file

    file = Path(path) if path is not None else data_dir() / DEFAULT_TARIFF
    where = str(path) if path is not None else DEFAULT_TARIFF
    content, digest = read_data_file(file, what="tariff")
    try:
        return _build_tariff(content, digest, where, file)
    except TableError:  # from the file itself, never from a bad cache entry
        content, digest = read_data_file(file, what="tariff", fresh=True)
        return _build_tariff(content, digest, where, file)


def _build_tariff(content: dict[str, Any], digest: str, where: str, file: Path) -> Tariff:
    r = _TariffReader(where)
    r.known_keys(content, "")
    line = r.section(content, "dedicated_line")
    remote = r.section(content, "remote_service")
    design = r.section(content, "design", required=False)
    allowance = line.get("free_allowance")
    if allowance is None:
        r.fail(
            "dedicated_line.free_allowance",
            'missing — write free_allowance = "main_switch_run" or a length such as "10 m"',
        )
    free_length = (
        None
        if allowance == "main_switch_run"
        else r.length(allowance, "dedicated_line.free_allowance")
    )
    materials = line.get("materials", "charged_apart")
    if materials not in ("charged_apart", "included"):
        r.fail(
            "dedicated_line.materials",
            f'expected "charged_apart" or "included", got {_shown(materials)} — write '
            'materials = "charged_apart" or materials = "included"',
        )
    name = r.text(content, "name", "name")
    prices = _read_prices(r, content) if "prices" in content else None
    radius_km = r.amount(remote, "free_radius_km", "remote_service.free_radius_km")
    return Tariff(
        name=name,
        name_zh=r.text(content, "name_zh", "name_zh", default=name),
        currency=r.text(content, "currency", "currency", default="CNY"),
        source=r.text(content, "source", "source"),
        free_length=free_length,
        labour_rate=r.amount(line, "labour_rate_per_m", "dedicated_line.labour_rate_per_m"),
        materials_apart=materials == "charged_apart",
        free_radius=radius_km * 1000.0,
        remote_fee=r.amount(remote, "fee", "remote_service.fee", required=False),
        line_source=r.text(line, "source", "dedicated_line.source"),
        remote_source=r.text(remote, "source", "remote_service.source"),
        design_source=str(design.get("source", "")),
        path=file.name,
        sha256=digest,
        prices=prices,
    )


#: Most items a price list may hold.
MAX_PRICE_ITEMS = 500


def _read_prices(r: _TariffReader, content: dict[str, Any]) -> Prices:
    """``[prices]``: ``source``, ``example`` and ``[[prices.items]]`` (name, name_zh,
    unit, unit_zh, price)."""
    section = r.section(content, "prices")
    example = section.get("example", False)
    if not isinstance(example, bool):
        r.fail("prices.example", f"expected true or false, got {_shown(example)}")
    raw = section.get("items", [])
    if not isinstance(raw, list) or len(raw) > MAX_PRICE_ITEMS:
        r.fail(
            "prices.items",
            f"expected up to {MAX_PRICE_ITEMS} [[prices.items]] tables, got {_shown(raw)}",
        )
    items = []
    for i, item in enumerate(raw, 1):
        path = f"prices.items[{i}]"
        if not isinstance(item, dict):
            r.fail(path, f"expected a table, got {_shown(item)}")
        r.known_keys(item, "prices.items")
        name = r.text(item, "name", f"{path}.name")
        unit = r.text(item, "unit", f"{path}.unit")
        items.append(
            PriceItem(
                name=name,
                name_zh=r.text(item, "name_zh", f"{path}.name_zh", default=name),
                unit=unit,
                unit_zh=r.text(item, "unit_zh", f"{path}.unit_zh", default=unit),
                price=r.amount(item, "price", f"{path}.price"),
            )
        )
    return Prices(r.text(section, "source", "prices.source"), example, tuple(items))


@dataclass(frozen=True, slots=True)
class PricedMaterial:
    """A material of the survey with its price: ``price`` and ``amount`` are ``None``
    when the price list has no such item (or no price list is given)."""

    name: str
    name_zh: str
    quantity: float
    unit: str
    unit_zh: str
    price: float | None
    amount: float | None


def price_materials(survey: Any, tariff: Tariff) -> tuple[PricedMaterial, ...]:
    """The survey's ``[[materials]]`` priced from ``tariff.prices``.

    An item matches a price-list item by its English or Chinese name; a unit given in
    the survey must be the price list's (else the item is left unpriced, never priced
    per the wrong unit).
    """
    out = []
    for m in getattr(survey, "materials", ()) or ():
        found = None if tariff.prices is None else tariff.prices.find(m.item)
        if found is not None and m.unit not in (None, found.unit, found.unit_zh):
            found = None
        if found is None:
            unit = m.unit or ""
            out.append(PricedMaterial(m.item, m.item, m.quantity, unit, unit, None, None))
        else:
            out.append(
                PricedMaterial(
                    found.name,
                    found.name_zh,
                    m.quantity,
                    found.unit,
                    found.unit_zh,
                    found.price,
                    round(m.quantity * found.price, 2),
                )
            )
    return tuple(out)


def _money(x: float) -> str:
    return f"{x:.2f}"


def _g(x: float) -> str:
    """A figure of the tariff or the survey in a fee note (``20``, ``12.5``)."""
    return fmt.number(x, 6)


#: The Chinese word of a currency code; another code is shown as it is.
_CURRENCY_WORDS = {"CNY": N_("CNY")}


def _currency(code: str) -> Text:
    word = _CURRENCY_WORDS.get(code)
    return Text(code, code if word is None else zh(word, None))


def currency_text(code: str) -> Text:
    """The currency in words, both languages (``CNY`` / ``元``)."""
    return _currency(code)


def _line(item: str, label: Text, amount: float | None, note: Text) -> FeeLine:
    return FeeLine(item, label.en, label.zh, amount, note.en, note.zh)


def _remote_service(distance: float | None, tariff: Tariff, currency: Text) -> FeeLine:
    """The remote-service line: free within the tariff's radius of the urban area."""
    label = bi("Remote-service fee", None)
    radius = _g(tariff.free_radius / 1000.0)
    if distance is None:
        note = bi(
            "distance from the urban area not recorded; free within {radius} km",
            None,
            radius=radius,
        )
        return _line("remote_service", label, None, note)
    km = _g(distance / 1000)
    if distance <= tariff.free_radius:
        note = bi(
            "{distance} km from the urban area: within {radius} km, free",
            None,
            distance=km,
            radius=radius,
        )
        return _line("remote_service", label, 0.0, note)
    amount = tariff.remote_fee
    if amount is None:
        note = bi(
            "{distance} km from the urban area: beyond {radius} km; amount set by the "
            "service network — the manual gives none",
            None,
            distance=km,
            radius=radius,
        )
    else:
        note = bi(
            "{distance} km from the urban area: beyond {radius} km; {amount} {currency} set "
            "by the service network",
            None,
            distance=km,
            radius=radius,
            amount=_money(amount),
            currency=currency,
        )
    return _line("remote_service", label, amount, note)


def compute_fees(survey: Any, tariff: Tariff | None = None) -> Fees:
    """The fee summary for a survey.

    Parameters
    ----------
    survey : Survey
        Uses ``site.wiring.length`` [m] and ``job.distance_from_urban_area`` [m].
    tariff : Tariff, optional
        By default the shipped tariff.

    Returns
    -------
    Fees
        Design (free), dedicated-line labour, materials (charged apart, not priced
        here), remote-service fee.
    """
    tariff = tariff or load_tariff()
    currency = _currency(tariff.currency)
    rate = _g(tariff.labour_rate)
    lines = [
        _line(
            "design",
            bi("Design consultation and installation drawing", None),
            0.0,
            bi("free", None),
        )
    ]
    length = survey.site.wiring.length
    if tariff.free_length is None:
        labour = _line(
            "dedicated_line_labour",
            bi("Dedicated line labour (indoor main switch → heater)", None),
            0.0,
            bi(
                "free: the run from the indoor main switch to the heater; any length beyond "
                "it {rate} {currency}/m",
                None,
                rate=rate,
                currency=currency,
            ),
        )
    elif length is None:
        labour = _line(
            "dedicated_line_labour",
            bi("Dedicated line labour", None),
            None,
            bi(
                "route length not measured; first {free} m free, then {rate} {currency}/m",
                None,
                free=_g(tariff.free_length),
                rate=rate,
                currency=currency,
            ),
        )
    else:
        extra = max(0.0, length - tariff.free_length)
        labour = _line(
            "dedicated_line_labour",
            bi("Dedicated line labour", None),
            round(extra * tariff.labour_rate, 2),
            bi(
                "{length} m − {free} m free = {extra} m × {rate} {currency}/m",
                None,
                length=_g(length),
                free=_g(tariff.free_length),
                extra=_g(extra),
                rate=rate,
                currency=currency,
            ),
        )
    lines.append(labour)
    lines.append(
        _line(
            "materials",
            bi("Materials (wire, switch, terminal block …)", None),
            None if tariff.materials_apart else 0.0,
            bi("charged apart, at the price list of the service network", None),
        )
    )
    lines.append(_remote_service(survey.job.distance_from_urban_area, tariff, currency))
    return Fees(tariff=tariff, lines=tuple(lines))
