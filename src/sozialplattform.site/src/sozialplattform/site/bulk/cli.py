"""Shared helpers of the `make import` / `make export` scripts (run by `zconsole run`)."""

from pathlib import Path


def script_args(argv: list[str], script: str) -> list[str]:
    """The arguments after the script's path (zconsole leaves its own in sys.argv)."""
    for position, arg in enumerate(argv):
        if Path(arg).name == script:
            return argv[position + 1 :]
    return argv[1:]
