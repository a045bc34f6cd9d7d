"""The runner's own command: ``run <script.py> [arguments]`` (as ``zconsole run``)."""

from sozialplattform.site.maintenance import Command
from sozialplattform.site.maintenance import register
import runpy
import sys


def run_script(app, arguments: list[str]) -> int:
    """Execute the script with ``app`` in its globals and ``sys.argv`` = the script's."""
    if not arguments:
        print("usage: ... run <script.py> [arguments]", file=sys.stderr)
        return 1
    sys.argv = list(arguments)
    try:
        runpy.run_path(arguments[0], init_globals={"app": app}, run_name="__main__")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(bool(done.code))
    return 0


register(Command("run", run_script, help="run <script.py> [arguments] with `app`"))
