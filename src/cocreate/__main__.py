"""Run the command line as ``python -m cocreate``."""

from cocreate._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
