"""``sitesurvey size``: the table's answer for one heater, and the engineering cross-check.

The table answer is computed first and stays the answer; the engineering verdict
(``sitesurvey.engineering``, spec §3) is always shown beside it, with the defaults it
used when site conditions are not given. The exit status is 0 whatever the verdict.
"""

from __future__ import annotations

import click

from sitesurvey.cli._common import (
    CountParam,
    QuantityParam,
    echo,
    echo_json,
    fail_on_errors,
    json_option,
    lang_option,
    pad,
    table_option,
)

__all__ = ["command", "defaults_text", "format_engineering", "format_sizing"]

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
        "current_value": "{ib:.1f} A at {u:g} V; {ib_max:.1f} A at {u_max:g} V "
        "(top of normal range)",
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
    return pad(label, width) + value


def format_sizing(result, lang: str = "en") -> str:
    """The readable answer an installer understands at a glance."""
    t = LABELS[lang]
    row = result.row
    supply = f"{result.supply.label} ({result.supply.conductors})"
    if lang == "zh":
        supply = f"{result.supply.label_zh}({result.supply.conductors})"
    width = 16 if lang == "en" else 12
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


ENGINEERING_LABELS = {
    "en": {
        "heading": "Engineering cross-check (IEC 60364) — beside the table answer, which stays "
        "the answer",
        "site": "Site",
        "site_value": "route {length} · method {method} ({description}) · ambient {ambient} · "
        "{grouping} · supply {supply}{worst} · drop limit {max_drop}",
        "circuits": "{n} circuit(s) in the group",
        "measured": "{u:g} V measured",
        "nominal": "{u:g} V nominal (not measured)",
        "worst": " · Ib at the top of the normal range",
        "defaults": "Defaults used",
        "no_defaults": "none",
        "verdict": "Verdict",
        "ok": "OK — the table's {answer} is sufficient on this site",
        "insufficient": "INSUFFICIENT — the table's {answer} fails {codes} on this site",
        "answer": "{wire:g} mm² / {breaker:g} A / {meter}",
        "not_checked": " (not checked: {codes})",
        "checks": "Checks",
        "status": {"pass": "pass", "fail": "FAIL", "warn": "warn", "not_checked": "not checked"},
        "recommended": "Recommended",
        "recommended_value": "{wire} copper, {breaker}; meters: IC-card electronic {electronic}, "
        "mechanical {mechanical}",
        "same": " (same as the table)",
        "none": "none",
        "no_wire": "none: no standard wire size passes every check on this site (see Why); "
        "report to the company",
        "breaker": "{rating:g} A {poles}-pole air switch",
        "changes": "Why",
        "working": "Working",
        "sources": "Data",
    },
    "zh": {
        "heading": "工程校核(IEC 60364)— 与数据表答案并列,数据表答案仍为答案",
        "site": "现场条件",
        "site_value": "线路 {length} · 敷设方式 {method}({description}) · 环境温度 {ambient} · "
        "{grouping} · 电源 {supply}{worst} · 压降限值 {max_drop}",
        "circuits": "成束回路数 {n}",
        "measured": "实测 {u:g}V",
        "nominal": "额定 {u:g}V(未实测)",
        "worst": " · Ib 取正常电压上限",
        "defaults": "采用的默认值",
        "no_defaults": "无",
        "verdict": "结论",
        "ok": "满足 — 数据表的 {answer} 在本现场足够",
        "insufficient": "不足 — 数据表的 {answer} 在本现场不满足 {codes}",
        "answer": "{wire:g}mm² / {breaker:g}A / {meter}",
        "not_checked": "(未校核:{codes})",
        "checks": "校核项",
        "status": {"pass": "通过", "fail": "不通过", "warn": "警告", "not_checked": "未校核"},
        "recommended": "建议",
        "recommended_value": "{wire} 铜线,{breaker};电表:磁卡电子表 {electronic},"
        "机械表 {mechanical}",
        "same": "(与数据表相同)",
        "none": "无",
        "no_wire": "无:没有能在本现场通过全部校核的标准线径(见原因),请报告企业",
        "breaker": "{rating:g}A {poles_zh}空气开关",
        "changes": "原因",
        "working": "计算过程",
        "sources": "数据文件",
    },
}

_DEFAULT_NAMES = {
    "en": {
        "length": "length {value}",
        "method": "method {value}",
        "ambient": "ambient {value}",
        "grouping": "grouping {value}",
        "max_drop": "drop limit {value}",
        "supply_voltage": "supply voltage {value} (nominal, not measured)",
    },
    "zh": {
        "length": "线路长度 {value}",
        "method": "敷设方式 {value}",
        "ambient": "环境温度 {value}",
        "grouping": "成束回路数 {value}",
        "max_drop": "压降限值 {value}",
        "supply_voltage": "电源电压 {value}(额定值,未实测)",
    },
}


def _quantity_text(value) -> str:
    if isinstance(value, dict):
        return f"{value['value']:g} {value['unit']}"
    return f"{value}"


def defaults_text(eng, lang: str = "en") -> str:
    """The defaults an engineering result used, in words: "method B1, ambient 30 °C"."""
    return ", ".join(
        _DEFAULT_NAMES[lang][name].format(value=_quantity_text(value))
        for name, value in eng.defaults_dict().items()
    )


def format_engineering(eng, lang: str = "en") -> str:
    """The engineering verdict, the checks, the recommendation and the working, as text."""
    t = ENGINEERING_LABELS[lang]
    width = 16 if lang == "en" else 12
    c = eng.conditions
    row = eng.sizing.row
    from sitesurvey.engineering import reference_data

    method = reference_data().methods[c.method]
    supply = (t["measured"] if c.supply_voltage is not None else t["nominal"]).format(
        u=eng.supply_voltage
    )
    lines = [
        t["heading"],
        "",
        _line(
            t["site"],
            t["site_value"].format(
                length=f"{c.length:g} m",
                method=c.method,
                description=method.description_zh if lang == "zh" else method.description,
                ambient=f"{c.ambient:g} °C",
                grouping=t["circuits"].format(n=c.grouping),
                supply=supply,
                worst=t["worst"] if c.worst_case_voltage else "",
                max_drop=f"{c.max_drop:g} %",
            ),
            width,
        ),
    ]
    lines.append(_line(t["defaults"], defaults_text(eng, lang) or t["no_defaults"], width))
    meters = row.electronic_meter.marking
    if row.mechanical_meter.marking != meters:
        meters += f", {row.mechanical_meter.marking}"
    answer = t["answer"].format(wire=row.wire, breaker=row.breaker.rating, meter=meters)
    failed = [check.rule for check in eng.failed]
    verdict = (
        t["ok"].format(answer=answer)
        if eng.verdict == "ok"
        else t["insufficient"].format(answer=answer, codes=", ".join(failed))
    )
    skipped = [check.rule for check in eng.checks if check.status == "not_checked"]
    if skipped:
        verdict += t["not_checked"].format(codes=", ".join(skipped))
    lines += [_line(t["verdict"], verdict, width), "", t["checks"]]
    for check in eng.checks:
        status = t["status"].get(check.status, check.status)
        message = check.message_zh if lang == "zh" else check.message
        lines.append(f"  {status:<11} {check.rule:<22} {message}")

    rec = eng.recommendation
    if rec.wire is None:
        recommended = t["no_wire"]
    else:
        recommended = t["recommended_value"].format(
            wire=f"{rec.wire:g} mm²",
            breaker=t["breaker"].format(
                rating=rec.breaker.rating,
                poles=rec.breaker.poles,
                poles_zh=POLES_ZH.get(rec.breaker.poles, f"{rec.breaker.poles}极"),
            ),
            electronic=t["none"] if rec.electronic_meter is None else rec.electronic_meter.marking,
            mechanical=t["none"] if rec.mechanical_meter is None else rec.mechanical_meter.marking,
        )
    if not rec.steps:
        recommended += t["same"]
    lines += ["", _line(t["recommended"], recommended, width)]
    if rec.steps:
        lines.append(t["changes"])
        for step in rec.steps:
            text = step.message_zh if lang == "zh" else step.message
            lines.append(f"  - [{step.criterion}] {text}")
    lines += ["", t["working"]]
    for line in eng.working:
        lines.append(f"  {line.text_zh if lang == 'zh' else line.text}")
    lines += [
        "",
        t["sources"]
        + ": "
        + "; ".join(f"{source.file} (sha256 {source.sha256[:12]}…)" for source in eng.sources),
    ]
    return "\n".join(lines)


class MethodParam(click.ParamType):
    """An installation reference method, checked against the capacity data file.

    The file is read only when the option is given, so ``--help`` stays light.
    """

    name = "method"

    def convert(self, value, param, ctx):
        from sitesurvey.engineering import reference_data

        methods = reference_data().methods
        key = str(value).strip().upper()
        if key not in methods:
            listed = "; ".join(f"{name} = {m.description}" for name, m in methods.items())
            self.fail(
                f"{value!r} is not a reference method of IEC 60364-5-52. Use one of: {listed}",
                param,
                ctx,
            )
        return key


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
@click.option(
    "--length",
    type=QuantityParam("length"),
    default=None,
    help="Route length of the dedicated line, one way: 20m, 2000cm. Default 0 m, and then "
    "the voltage drop is not checked.",
)
@click.option(
    "--method",
    type=MethodParam(),
    default=None,
    help="Installation reference method of IEC 60364-5-52: A1, A2 (conduit in an insulated "
    "wall), B1, B2 (conduit on a wall), C (cable on a wall), E (free air). Default B1.",
)
@click.option(
    "--ambient",
    type=QuantityParam("temperature"),
    default=None,
    help='Ambient temperature along the route: 35degC, "35 °C". Default 30 °C; up to 60 °C.',
)
@click.option(
    "--grouping",
    type=CountParam("a whole number of circuits, e.g. 1 or 3"),
    default=None,
    help="Circuits bunched together in the conduit or trunking, this one included. Default 1.",
)
@click.option(
    "--supply-voltage",
    type=QuantityParam("voltage"),
    default=None,
    help="Measured supply voltage at the main switch: 215V (line-to-line for three-phase). "
    "Default: the nominal voltage.",
)
@click.option(
    "--max-drop",
    type=QuantityParam("ratio"),
    default=None,
    help="Voltage-drop limit: 5%. Default from IEC 60364-5-52 Annex G (5 %, other uses).",
)
@click.option(
    "--worst-case-voltage",
    is_flag=True,
    help="Take Ib at the top of the normal supply range (Ib × U_max / U_nom).",
)
@table_option
@json_option
@lang_option
@fail_on_errors
def command(
    power: float,
    voltage: float,
    length: float | None,
    method: str | None,
    ambient: float | None,
    grouping: int | None,
    supply_voltage: float | None,
    max_drop: float | None,
    worst_case_voltage: bool,
    table_path: str | None,
    as_json: bool,
    lang: str,
):
    """Size wire, meter and air switch for a heater from the spec table.

    Beside the table answer, which stays the answer, the engineering cross-check says
    whether it is sufficient on the site (ampacity with derating, Ib ≤ In ≤ Iz, voltage
    drop, meter) and what would be, with the working; missing site conditions take
    documented defaults, listed in the output.

    \b
    Examples:
      sitesurvey size --power 5500
      sitesurvey size --power 8500 --length 20m --method B1 --ambient 35degC
      sitesurvey size --power "18 kW" --voltage 380V --json
      sitesurvey size --power 7500 --lang zh --supply-voltage 205V --length 30m

    Exit 0 with the answer, whatever the engineering verdict (exit 1 belongs to
    `check`); 2 for bad input.
    """
    from sitesurvey.sizing import size

    result = size(power, voltage, table=table_path)

    # The engineering part loads only after the table answer is computed.
    from sitesurvey.engineering import SiteConditions, check_engineering
    from sitesurvey.errors import InputError

    conditions = SiteConditions(
        length=length,
        method=method,
        ambient=ambient,
        grouping=grouping,
        supply_voltage=supply_voltage,
        max_drop=max_drop,
        worst_case_voltage=worst_case_voltage,
    )
    # The conditions were checked above; what can still fail here is the table's own
    # answer (a custom table's wire size that IEC 60364-5-52 does not list). The table
    # answer stands then, with the reason the cross-check could not be made.
    try:
        engineering = check_engineering(result, conditions)
    except InputError as exc:
        if exc.field != "cross_section":
            raise  # the user's own input (e.g. --supply-voltage): exit 2
        engineering, not_possible = None, str(exc)
    if as_json:
        data = result.to_dict()
        data["engineering"] = engineering.to_dict() if engineering else None
        if engineering is None:
            data["engineering_error"] = not_possible
        echo_json(data)
    else:
        echo(format_sizing(result, lang))
        echo("")
        if engineering is None:
            heading = "工程校核无法进行" if lang == "zh" else "Engineering cross-check not possible"
            echo(f"{heading}: {not_possible}")
        else:
            echo(format_engineering(engineering, lang))
