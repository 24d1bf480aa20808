"""`python -m garrison` runs the same command line as the `garrison` script, for environments where the
script's directory is not on PATH (a virtualenv used without activating it, a cron job)."""
from garrison.cli.main import main

if __name__ == "__main__":
    main()
