"""``sitesurvey size``: the table's answer for one heater."""

from __future__ import annotations

import click

from sitesurvey.cli._common import (
    QuantityParam,
    echo_json,
    fail_on_errors,
    json_option,
    lang_option,
    table_option,
)

__all__ = ["command", "format_sizing"]

LABELS = {
    "en": {
        "heading": "Instant electric water heater {power:g} W on {supply}",
        "row": "Table row",
        "row_value": "{power:g} W (row {number} of {table})",
        "assumed": " — ASSUMED, see notes",
        "wire": "Wire",
        "wire_value": "{wire:g} mm² copper",
        "meter": "Meter",
        "meter_value": "IC-card electronic {electronic}, mechanical {mechanical}",
        "breaker": "Air switch",
        "breaker_value": "{rating:g} A, {poles}-pole",
        "pressure": "Water pressure",
        "current": "Design current",
        "current_value": "{ib:.1f} A at {u:g} V; {ib_max:.1f} A at {u_max:g} V (top of normal range)",
        "notes": "Notes",
        "table": "Table",
    },
    "zh": {
        "heading": "即热式电热水器 {power:g}W,{supply}",
        "row": "选用表行",
        "row_value": "{power:g}W({table} 第 {number} 行)",
        "assumed": " — 推定值,见备注",
        "wire": "电线",
        "wire_value": "{wire:g}mm² 铜线",
        "meter": "电表",
        "meter_value": "磁卡电子表 {electronic},机械表 {mechanical}",
        "breaker": "空气开关",
        "breaker_value": "{rating:g}A,{poles_zh}",
        "pressure": "水压",
        "current": "设计电流",
        "current_value": "{u:g}V 时 {ib:.1f}A;{u_max:g}V(正常范围上限)时 {ib_max:.1f}A",
        "notes": "备注",
        "table": "数据表",
    },
}

POLES_ZH = {1: "单极", 2: "二极", 3: "三极", 4: "四极"}


def _line(label: str, value: str, width: int = 16) -> str:
    return f"{label:<{width}}{value}"


def format_sizing(result, lang: str = "en") -> str:
    """The readable answer an installer understands at a glance."""
    t = LABELS[lang]
    row = result.row
    supply = f"{result.supply.label} ({result.supply.conductors})"
    if lang == "zh":
        supply = f"{result.supply.label_zh}({result.supply.conductors})"
    width = 16 if lang == "en" else 10
    lines = [
        t["heading"].format(power=result.power, supply=supply),
        "",
        _line(
            t["row"],
            t["row_value"].format(power=row.power, number=row.number, table=result.table.id)
            + (t["assumed"] if row.assumed else ""),
            width,
        ),
        _line(t["wire"], t["wire_value"].format(wire=row.wire), width),
        _line(
            t["meter"],
            t["meter_value"].format(
                electronic=row.electronic_meter.marking, mechanical=row.mechanical_meter.marking
            ),
            width,
        ),
        _line(
            t["breaker"],
            t["breaker_value"].format(
                rating=row.breaker.rating,
                poles=row.breaker.poles,
                poles_zh=POLES_ZH.get(row.breaker.poles, f"{row.breaker.poles}极"),
            ),
            width,
        ),
        _line(t["pressure"], f"{row.water_pressure.min:g}–{row.water_pressure.max:g} MPa", width),
        _line(
            t["current"],
            t["current_value"].format(
                ib=result.design_current,
                u=result.supply.voltage,
                ib_max=result.design_current_max_voltage,
                u_max=result.supply.max_voltage,
            ),
            width,
        ),
    ]
    if result.notes:
        lines += ["", t["notes"]]
        for note in result.notes:
            text = note.message_zh if lang == "zh" else note.message
            lines.append(f"  - [{note.code}] {text}")
    lines += ["", f"{t['table']}: {result.table.id}, sha256 {result.table.sha256[:16]}…"]
    return "\n".join(lines)


@click.command(name="size")
@click.option(
    "--power",
    "-p",
    required=True,
    type=QuantityParam("power"),
    help='Heater power: 5500 (watts), "5.5 kW", 5500W.',
)
@click.option(
    "--voltage",
    "-v",
    default=220.0,
    show_default="220V",
    type=QuantityParam("voltage"),
    help="Rated supply voltage: 220V or 380V (a voltage in a supply's normal range is "
    "sized on that supply).",
)
@table_option
@json_option
@lang_option
@fail_on_errors
def command(power: float, voltage: float, table_path: str | None, as_json: bool, lang: str):
    """Size wire, meter and air switch for a heater from the spec table.

    \b
    Examples:
      sitesurvey size --power 5500
      sitesurvey size --power "18 kW" --voltage 380V --json
      sitesurvey size --power 7500 --lang zh

    Exit 0 with the answer (also when notes report disagreements), 2 for bad input.
    """
    from sitesurvey.sizing import size

    result = size(power, voltage, table=table_path)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(format_sizing(result, lang))
