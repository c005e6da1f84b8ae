"""``python -m sitesurvey`` runs the command line."""

from sitesurvey.cli import main

if __name__ == "__main__":
    main()
