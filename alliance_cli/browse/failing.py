"""How the browser fails: one line from the command's error boundary, never Textual's traceback.

Textual catches an error inside an app, quits, and prints a traceback. `FailingQuietly` keeps the
error for `alliance browse` to raise once the terminal is restored, so that `cli.boundary` reports
it as every error is reported; the traceback is printed only with ALLIANCE_DEBUG=1. These are
Textual's private hooks `App._handle_exception` and `App._print_error_renderables` (one reason the
textual release is pinned in pyproject.toml).
"""
from __future__ import annotations

import os
from typing import Any

from textual.app import App


class FailingQuietly(App[int]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failure: Exception | None = None  # an error inside the app, raised again by the command

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an error inside the app (it then quits): kept for the command to raise."""
        if self.failure is None:
            self.failure = error
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if os.environ.get("ALLIANCE_DEBUG"):
            super()._print_error_renderables()
