"""``sitesurvey check``: the verdict for a site survey, rule by rule."""

from __future__ import annotations

import click

from sitesurvey.cli._common import (
    echo,
    echo_json,
    fail_on_errors,
    json_option,
    lang_option,
    table_option,
)

__all__ = ["command"]


@click.command(name="check")
@click.argument("survey", type=click.Path(dir_okay=False))
@table_option
@json_option
@lang_option()
@fail_on_errors
def command(survey: str, table_path: str | None, as_json: bool, lang: str) -> None:
    """Check a site survey against every rule of the installation spec.

    Prints the results grouped by family, failures first, then the modifications the
    customer must agree to (meter and main switch: consent and signature).

    \b
    Examples:
      sitesurvey check survey.toml
      sitesurvey check survey.toml --lang zh
      sitesurvey check survey.json --json > verdict.json

    Exit 0 when the survey conforms and the installer's design holds; 1 when a rule
    fails, a measured rule is not checked yet (incomplete) or the design must be fixed;
    2 for a bad survey file.
    """
    import sys
    from contextlib import nullcontext

    from sitesurvey.i18n import english_only
    from sitesurvey.rules import check_survey
    from sitesurvey.survey import load_survey

    record = load_survey(survey)
    # English text never reads the Chinese: made English only, the catalog stays closed
    english = not as_json and lang == "en"
    with english_only() if english else nullcontext():
        verdict = check_survey(record, table=table_path)
        if as_json:
            echo_json(verdict.to_dict())
        else:
            from sitesurvey.cli.render import format_verdict

            echo(format_verdict(record, verdict, lang))
    sys.exit(verdict.exit_code)
