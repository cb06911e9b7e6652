"""Start the app's server after the checks of ``cli.preflight``: ``python -m cli.serve [streamlit
options]``, which ``make run``, the image and Compose use.

Without ``--server.address`` the server listens on 127.0.0.1 (Streamlit's own default is every
interface). It refuses to start, with the reason on standard error and exit status 2, when the
login's configuration cannot be read, or when it would listen beyond this machine without a
login and without a declared demonstration (``APP_DEMO_NO_LOGIN``). Otherwise it becomes
``streamlit run app.py`` with the same options (exec: the server receives the signals).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

from . import preflight

APP = Path(__file__).resolve().parent.parent / "app.py"


def _option(argv: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value`` in ``argv`` (the last one given)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == f"--{name}" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(f"--{name}="):
            found = arg.split("=", 1)[1]
    return found


def command(argv: Sequence[str]) -> tuple[list[str] | None, preflight.Problem | None, bool]:
    """(the streamlit command to run, or None; what forbids it; a declared demonstration)."""
    argv = list(argv)
    address = _option(argv, "server.address")
    if address is None:
        address = "127.0.0.1"
        argv += ["--server.address", address]
    files = _option(argv, "secrets.files")
    problem, demo = preflight.check(address, files.split(",") if files else None)
    if problem:
        return None, problem, demo
    return [sys.executable, "-m", "streamlit", "run", str(APP), *argv], None, demo


def main(argv: Sequence[str] | None = None) -> int:
    run, problem, demo = command(sys.argv[1:] if argv is None else argv)
    if problem:
        print(f"The app is not started: {problem.english()}.", file=sys.stderr)
        return 2
    if demo:
        print("DEMONSTRATION: no login, every visitor is administrator "
              f"({preflight.DEMO_VARIABLE}={preflight.DEMO_VALUE}).", file=sys.stderr, flush=True)
    os.execv(run[0], run)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
