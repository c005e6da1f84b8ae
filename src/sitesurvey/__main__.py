"""``python -m sitesurvey`` runs the command line."""

from sitesurvey.cli import console

if __name__ == "__main__":
    console()
