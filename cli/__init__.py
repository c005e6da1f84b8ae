"""The ``sitesurvey`` command line (installed as ``sitesurvey.cli``).

Each command lives in its own module and imports what it needs inside its body, so
``sitesurvey size`` never loads WeasyPrint, and loads pint or numpy only when an input
needs them. Exit codes: 0 ok, 1 checks failed, 2 bad input, bad file or usage.
"""

from __future__ import annotations

from importlib import import_module

import click

from sitesurvey import __version__

__all__ = ["console", "main"]

#: command name -> (module, one-line help). The help is here so that
#: ``sitesurvey --help`` does not import every command.
COMMANDS: dict[str, tuple[str, str]] = {
    "size": ("size", "Size wire, meter and air switch for a heater from the spec table."),
    "batch": ("batch", "Size and cross-check a list of orders (CSV or XLSX), one result each."),
    "table": ("table", "Print the manufacturer's spec table with its provenance."),
    "init": ("init", "Write a survey to fill in on site (nothing measured), or --example."),
    "upgrade": ("upgrade", "Rewrite a survey of an older format in the current format."),
    "check": ("check", "Check a site survey against every rule of the installation spec."),
    "sheet": ("sheet", "Render the installation design sheet (PDF/A-3b or HTML)."),
    "verify": ("verify", "Check a sheet's seal, and that its data matches its printed hash."),
    "sign": ("sign", "Seal a design sheet with the service network's key (PAdES)."),
    "timestamp": ("timestamp", "Add an RFC 3161 document timestamp to a sheet."),
    "keygen": ("keygen", "Make a self-signed network key to try signing sheets."),
    "serve": ("serve", "Run the on-site web form and its JSON API (needs sitesurvey[serve])."),
    "user": ("user", "Add and list the users of `sitesurvey serve`."),
}

#: Commands that run long or loop over many inputs: they keep the garbage collector
#: that :func:`console` turns off for the others.
COLLECTING = frozenset({"batch", "serve"})


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = import_module(f"{__name__}.{entry[0]}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, text) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitesurvey")
def main() -> None:
    """Installation site survey for instant electric water heaters.

    \b
    Examples:
      sitesurvey size --power 5500
      sitesurvey size --power "7.5 kW" --voltage 230V --json
      sitesurvey table

    Exit codes: 0 ok, 1 checks failed, 2 bad input, bad file or usage.
    """


def console() -> None:
    """Run the command line as a program: the ``sitesurvey`` script and ``python -m``.

    The same as :func:`main`, except at the end: once the command has exited with a
    status, its output is flushed, the :mod:`atexit` handlers have run (they remove
    the sheet's temporary font directory and flush the logs) and the process ends at
    once with :func:`os._exit`, skipping the interpreter's teardown (freeing every
    module and object one by one: about 0.1 s after a sheet). A library that calls
    :func:`main`, or click's ``CliRunner``, is never ended this way. When the output
    cannot be flushed (a closed pipe), or the command ended otherwise than with an
    integer status, the interpreter ends as usual and reports it as usual.

    For the same reason Python's cyclic garbage collector is off for a command that
    does one bounded thing (all but those in :data:`COLLECTING`): what it would collect,
    the end of the process frees at once. A sheet's render leaves some 60 000 objects
    in reference cycles, whose collection cost some 60 ms; imports are quicker too.
    """
    import gc
    import os
    import sys

    if not set(sys.argv[1:2]) & COLLECTING:
        gc.disable()
    try:
        main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int) or isinstance(code, bool):
            raise
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            raise exc from None
        import atexit

        atexit._run_exitfuncs()
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            code = code or 120  # what the interpreter returns when the final flush fails
        os._exit(code)
