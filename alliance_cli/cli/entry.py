"""The `alliance` command: the fast path for the main pipe job, else the full typer command line."""
from __future__ import annotations

import sys


def main() -> int:
    from alliance_cli.cli.fastpath import run

    code = run(sys.argv[1:])
    if code is not None:
        return code
    from alliance_cli.cli.app import main as full_command_line

    return full_command_line()
