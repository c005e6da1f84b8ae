"""``sitesurvey table``: the spec table with its provenance."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, echo_json, fail_on_errors, json_option, table_option

__all__ = ["command", "format_table"]


def format_table(table) -> str:
    """The table as text: provenance first, then one line per row."""
    prov = table.provenance
    lines = [
        f"{table.title}",
        f"id {table.id}  ·  {table.path}",
        f"sha256 {table.sha256}",
        "",
        f"Source:   {prov.get('source', '')}",
        f"Document: {prov.get('document', '')}",
        f"Chapter:  {prov.get('chapter', '')}",
    ]
    if prov.get("reading"):
        lines.append(f"Reading:  {prov['reading']}")
    header = (
        f"{'power':>8}  {'supply':<25} {'wire':>8}  {'IC-card meter':<14}"
        f"{'mech. meter':<14}{'air switch':<14}water pressure"
    )
    lines += ["", header, "-" * len(header)]
    for row in table.rows:
        flag = "  *assumed" if row.assumed else ""
        lines.append(
            f"{row.power:>6g} W  {row.supply.label:<25} {row.wire:>5g} mm²  "
            f"{row.electronic_meter.marking:<14}{row.mechanical_meter.marking:<14}"
            f"{row.breaker.rating:g} A {row.breaker.poles}-pole{'':<4}"
            f"{row.water_pressure.min:g}–{row.water_pressure.max:g} MPa{flag}"
        )
    for row in table.rows:
        if row.assumed:
            lines += ["", f"*{row.power:g} W: {row.assumed_reason}"]
    if prov.get("notes"):
        lines += ["", "Notes:"]
        lines += [f"  - {note}" for note in prov["notes"]]
    if prov.get("other_reading"):
        lines += ["", f"Other reading (not used): {prov['other_reading']}"]
    return "\n".join(lines)


@click.command(name="table")
@table_option
@json_option
@fail_on_errors
def command(table_path: str | None, as_json: bool) -> None:
    """Print the manufacturer's spec table with its provenance.

    \b
    Examples:
      sitesurvey table
      sitesurvey table --json
      sitesurvey table --table my_table.toml   # validate and show your own table
    """
    from sitesurvey.sizing.table import default_table, load_table

    table = load_table(table_path) if table_path else default_table()
    if as_json:
        echo_json(table.to_dict())
    else:
        echo(format_table(table))
