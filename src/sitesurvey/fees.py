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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitesurvey.errors import TableError

__all__ = ["FeeLine", "Fees", "Tariff", "compute_fees", "load_tariff"]

#: File name of the shipped tariff in ``tables/``.
DEFAULT_TARIFF = "tariff.toml"


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

    def to_dict(self) -> dict[str, Any]:
        return {
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
    ),
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
    )


def _money(x: float) -> str:
    return f"{x:.2f}"


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
    cur = tariff.currency
    lines = [
        FeeLine(
            "design",
            "Design consultation and installation drawing",
            "设计咨询及安装图纸",
            0.0,
            "free",
            "免费",
        )
    ]
    length = survey.site.wiring.length
    rate = f"{tariff.labour_rate:g} {cur}/m"
    if tariff.free_length is None:
        lines.append(
            FeeLine(
                "dedicated_line_labour",
                "Dedicated line labour (indoor main switch → heater)",
                "专线人工费(屋内总开关至热水器)",
                0.0,
                "free: the run from the indoor main switch to the heater; "
                f"any length beyond it {rate}",
                f"免费:屋内总开关处到热水器安装距离;超出部分 {tariff.labour_rate:g} 元/米",
            )
        )
    elif length is None:
        lines.append(
            FeeLine(
                "dedicated_line_labour",
                "Dedicated line labour",
                "专线人工费",
                None,
                f"route length not measured; first {tariff.free_length:g} m free, then {rate}",
                f"线路长度未测量;前 {tariff.free_length:g} 米免费,超出 "
                f"{tariff.labour_rate:g} 元/米",
            )
        )
    else:
        extra = max(0.0, length - tariff.free_length)
        lines.append(
            FeeLine(
                "dedicated_line_labour",
                "Dedicated line labour",
                "专线人工费",
                round(extra * tariff.labour_rate, 2),
                f"{length:g} m − {tariff.free_length:g} m free = {extra:g} m × {rate}",
                f"{length:g} 米 − 免费 {tariff.free_length:g} 米 = {extra:g} 米 × "
                f"{tariff.labour_rate:g} 元/米",
            )
        )
    lines.append(
        FeeLine(
            "materials",
            "Materials (wire, switch, terminal block …)",
            "材料费(电线、开关、接线柱等)",
            None if tariff.materials_apart else 0.0,
            "charged apart, at the price list of the service network",
            "另行收取,按网点材料价目",
        )
    )
    distance = survey.job.distance_from_urban_area
    radius_km = tariff.free_radius / 1000.0
    if distance is None:
        lines.append(
            FeeLine(
                "remote_service",
                "Remote-service fee",
                "远程服务费",
                None,
                f"distance from the urban area not recorded; free within {radius_km:g} km",
                f"距市区距离未记录;{radius_km:g} 公里内免费",
            )
        )
    elif distance <= tariff.free_radius:
        lines.append(
            FeeLine(
                "remote_service",
                "Remote-service fee",
                "远程服务费",
                0.0,
                f"{distance / 1000:g} km from the urban area: within {radius_km:g} km, free",
                f"距市区 {distance / 1000:g} 公里:{radius_km:g} 公里内免费",
            )
        )
    else:
        amount = tariff.remote_fee
        lines.append(
            FeeLine(
                "remote_service",
                "Remote-service fee",
                "远程服务费",
                amount,
                f"{distance / 1000:g} km from the urban area: beyond {radius_km:g} km; "
                + (
                    f"{_money(amount)} {cur} set by the service network"
                    if amount is not None
                    else "amount set by the service network — the manual gives none"
                ),
                f"距市区 {distance / 1000:g} 公里:超出 {radius_km:g} 公里;"
                + (
                    f"{_money(amount)} 元(网点规定)"
                    if amount is not None
                    else "金额由服务网点规定 — 服务手册未给出金额"
                ),
            )
        )
    return Fees(tariff=tariff, lines=tuple(lines))
