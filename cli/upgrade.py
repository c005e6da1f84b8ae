"""``sitesurvey upgrade``: rewrite a survey file of an older format in the current one."""

from __future__ import annotations

import click

from sitesurvey.cli._common import echo, fail_on_errors

__all__ = ["command", "upgrade_text"]

_HEADER = (
    "# Site survey — sitesurvey format {version}, upgraded from format {old} by\n"
    "# `sitesurvey upgrade`. [existing] is what is there, [design] what the installer\n"
    "# plans (spec §6). The comments of the original are not kept; `sitesurvey init\n"
    "# --example` writes a commented example of this format.\n\n"
)


def upgrade_text(data, source) -> tuple[str, int]:
    """The current format's TOML text for survey data of any format.

    The data is validated first (a file that does not read is never rewritten) and the
    text is read back and compared: it holds the same survey.

    Parameters
    ----------
    data : mapping
        The file's content (:func:`sitesurvey.survey.reader.read_survey_data`).
    source : str or pathlib.Path
        The file, for messages and to resolve a signature image.

    Returns
    -------
    text : str
        TOML of :data:`~sitesurvey.survey.CURRENT_FORMAT`.
    old : int
        The format the data was in.

    Raises
    ------
    SurveyFileError
        The data does not read as a survey (every problem listed).
    """
    import tomllib

    from sitesurvey.errors import SiteSurveyError
    from sitesurvey.survey import CURRENT_FORMAT, parse_survey
    from sitesurvey.survey.reader import upgrade_data
    from sitesurvey.survey.writer import dumps

    survey = parse_survey(data, source=source)
    old = data["format"]
    text = _HEADER.format(version=CURRENT_FORMAT, old=old) + dumps(upgrade_data(data))
    if parse_survey(tomllib.loads(text), source=source) != survey:  # pragma: no cover
        raise SiteSurveyError(f"{source}: the upgraded survey does not read back the same")
    return text, old


def _relative_signature_image(data) -> str | None:
    """The signature image's path where the survey gives it relative to its folder."""
    import os

    signature = data.get("signature")
    image = signature.get("image") if isinstance(signature, dict) else None
    return image if isinstance(image, str) and not os.path.isabs(image) else None


@click.command(name="upgrade")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    default="-",
    show_default=True,
    help="Where to write the upgraded survey (TOML); - is standard output.",
)
@click.option("--in-place", is_flag=True, help="Replace FILE itself (atomically).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@fail_on_errors
def command(file: str, output: str, in_place: bool, force: bool) -> None:
    """Rewrite a survey FILE of an older format (1) in the current format (2).

    Format 2 keeps what is there ([existing]) apart from what the installer designs
    ([design]); every value is kept as written. The file is validated first, and the
    result is read back and compared with it. FILE itself is never overwritten unless
    --in-place is given (comments are not kept).

    \b
    Examples:
      sitesurvey upgrade old.toml -o survey.toml
      sitesurvey upgrade old.toml > survey.toml
      sitesurvey upgrade survey.toml --in-place

    Exit 0 when written (or already current), 2 for a bad file or a refused output.
    """
    import os
    import sys

    from sitesurvey._files import write_atomic
    from sitesurvey.survey import CURRENT_FORMAT
    from sitesurvey.survey.reader import read_survey_data

    def refuse(message: str) -> None:
        echo(f"Error: {message}", err=True)
        sys.exit(2)

    if in_place and output != "-":
        refuse("give either --in-place or -o OUTPUT, not both; nothing was written.")
    target = file if in_place else output
    if not in_place and target != "-":
        if os.path.lexists(target) and os.path.exists(file) and os.path.samefile(target, file):
            refuse(
                f"{target} is the survey being upgraded; add --in-place to replace it, or "
                "write to another file with -o. Nothing was written."
            )
        if os.path.lexists(target) and not force:
            refuse(
                f"{target} already exists; nothing was written. Choose another name, or add "
                "--force to overwrite it."
            )
    data = read_survey_data(file)
    text, old = upgrade_text(data, file)
    image = _relative_signature_image(data)
    if image is not None and target != "-":
        here = os.path.dirname(os.path.abspath(file))
        if os.path.dirname(os.path.abspath(target)) != here:
            refuse(
                f'{file}: the signature image "{image}" is relative to the survey\'s folder '
                f"({here}); write {target} into that folder, or give the image's absolute "
                "path in the survey first. Nothing was written."
            )
    if old == CURRENT_FORMAT:
        echo(f"{file} is already survey format {CURRENT_FORMAT}; nothing to upgrade.", err=True)
        if target == "-" or in_place:
            return
    write_atomic(target, text.encode("utf-8"), field="OUTPUT", allow_stdout=True)
    if target != "-":
        echo(f"Wrote {target} (survey format {CURRENT_FORMAT}, from format {old}).", err=True)
