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
    table_option,
)

__all__ = ["MethodParam", "command"]


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
    "--arrangement",
    type=click.Choice(["bunched", "wall", "tray"], case_sensitive=False),
    default=None,
    help="How the grouped circuits lie (IEC 60364-5-52 Table B.52.17): bunched (in conduit "
    "or trunking, the safe side), wall (single layer on a wall), tray (single layer on a "
    "perforated tray). Default bunched.",
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
@lang_option()
@fail_on_errors
def command(
    power: float,
    voltage: float,
    length: float | None,
    method: str | None,
    ambient: float | None,
    grouping: int | None,
    arrangement: str | None,
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
        arrangement=None if arrangement is None else arrangement.lower(),
        supply_voltage=supply_voltage,
        max_drop=max_drop,
        worst_case_voltage=worst_case_voltage,
    )
    # The conditions were checked above; what can still fail here is the table's own
    # answer (a custom table's wire size that IEC 60364-5-52 does not list). The table
    # answer stands then, with the reason the cross-check could not be made.
    try:
        # English text never reads the Chinese: the catalog stays closed (start-up).
        english_only = not as_json and lang == "en"
        engineering = check_engineering(result, conditions, english_only=english_only)
        not_possible = None
    except InputError as exc:
        if exc.field != "cross_section":
            raise  # the user's own input (e.g. --supply-voltage): exit 2
        engineering, not_possible = None, str(exc)
    plan = None
    if engineering is not None:
        # The one plan (a new line on these conditions), quoted by the text and the JSON.
        from sitesurvey.i18n import english_only as english
        from sitesurvey.plan import build_plan

        if english_only:
            with english():
                plan = build_plan(None, result, {}, engineering)
        else:
            plan = build_plan(None, result, {}, engineering)
    if as_json:
        data = result.to_dict()
        data["engineering"] = engineering.to_dict() if engineering else None
        data["plan"] = None if plan is None else plan.to_dict()
        if engineering is None:
            data["engineering_error"] = not_possible
        echo_json(data)
    else:
        from sitesurvey.cli.render import format_size

        echo(format_size(result, engineering, not_possible, lang, plan))
