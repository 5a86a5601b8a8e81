"""Progress of a run on stderr (the runner's one piece of user interface)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.runner.worker import Result


class Progress:
    """Progress on stderr: a line redrawn in place on a terminal; in a log (cron, a file)
    one line every LOG_EVERY seconds."""

    LOG_EVERY = 10.0

    def __init__(self, total: int, total_bytes: int, enabled: bool, terminal: bool = True):
        self.total, self.total_bytes, self.enabled, self.terminal = total, total_bytes, enabled, terminal
        self.done = self.bytes = self.chars = 0
        self.t0 = self.last = time.monotonic()
        self.drawn = False

    def update(self, res: Result) -> None:
        self.done += 1
        self.bytes += res.size or 0
        self.chars += res.n_chars
        now = time.monotonic()
        every = 0.5 if self.terminal else self.LOG_EVERY
        if not self.enabled or (now - self.last < every and (self.done < self.total or not self.terminal)):
            return
        self.last = now
        elapsed = now - self.t0
        rate = self.chars / elapsed if elapsed else 0.0
        frac = self.bytes / self.total_bytes if self.total_bytes else self.done / max(1, self.total)
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        line = f"{self.done}/{self.total} files  {rate:,.0f} chars/s  ETA {eta:,.0f}s"
        if self.terminal:
            sys.stderr.write(f"\r  {line}   ")
            self.drawn = True
        else:
            sys.stderr.write(f"  {time.strftime('%H:%M:%S')} {line}\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


__all__ = ["Progress"]
