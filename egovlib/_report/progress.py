"""Progress of a run: a tqdm bar on a terminal, plain lines otherwise (logs, CI, pipes).

The runner reports two events, :meth:`Progress.started` and :meth:`Progress.finished`. On a
terminal, tqdm draws one bar (done / total, with the running and failed counts) and writes a line
above it per finished notebook; when the stream is not a terminal, each event is one plain line,
so logs stay readable and greppable. ``quiet`` prints nothing.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .execute import Outcome

__all__ = ["Progress"]


class Progress:
    """Counts of done, running and failed notebook runs, shown as tasks start and finish.

    Parameters
    ----------
    total
        Number of notebook runs.
    quiet
        Show nothing (the command line prints only its summary).
    stream
        Where to write; standard error by default.
    """

    def __init__(self, total: int, quiet: bool = False, stream: IO[str] | None = None) -> None:
        self.total, self.quiet, self.stream = total, quiet, stream or sys.stderr
        self.done = self.failed = self.running = 0
        self._bar: Any = None

    def started(self, count: int, reused: int = 0) -> None:
        """``count`` runs have been handed to the workers; ``reused`` runs are copied from an earlier report."""
        self.running = count
        if self.quiet:
            return
        isatty = getattr(self.stream, "isatty", None)
        if isatty is not None and isatty():
            from tqdm.auto import tqdm

            self._bar = tqdm(total=self.total, file=self.stream, unit="notebook", dynamic_ncols=True)
            self._bar.set_postfix(running=self.running, failed=0)
        else:
            self._say(f"running {count} of {self.total} notebook runs"
                      + (f"; {reused} reused from earlier reports (nothing they depend on changed)" if reused else ""))

    def finished(self, outcome: Outcome) -> None:
        """One run has ended, whatever its status."""
        self.done += 1
        reused = outcome.action == "reused"
        if not reused:
            self.running = max(0, min(self.running, self.total - self.done))
        if outcome.status != "ok":
            self.failed += 1
        mark = "ok" if outcome.status == "ok" else outcome.status.upper()
        line = (f"{outcome.run}: reused ({outcome.reason})" if reused else
                f"{outcome.run}: {mark} ({outcome.duration_s:.1f} s{'; ' + outcome.reason if outcome.reason else ''})")
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
            self._bar.set_postfix(running=self.running, failed=self.failed)
            self._bar.update(1)
            if self.done >= self.total:
                self.close()
        else:
            self._say(f"[{self.done}/{self.total} done, {self.running} running, {self.failed} failed] {line}")

    def close(self) -> None:
        """Remove the bar, if one is drawn (also after an interruption)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream, flush=True)
