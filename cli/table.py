"""``sitesurvey table``: the spec table with its provenance."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, echo_json, fail_on_errors, json_option, table_option

__all__ = ["command"]


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
        from sitesurvey.cli.render import format_table

        echo(format_table(table))
