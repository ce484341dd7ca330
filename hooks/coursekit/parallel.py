"""Work done in a forked child process while the build goes on with its own.

A first build reads every quiz bank (at 10x content ~50 ms, most of it libyaml, which holds Python's lock) and
scans every page (~55 ms): with two cores the two can overlap. Only where that is safe and worth it: os.fork
exists, no other thread runs (`mkdocs serve` has its server's threads, and a fork copies any lock they hold),
there is more than one core, and the work is big enough to pay for the fork and for sending the results back
(~6 ms, and both processes then copy each memory page they write to: at 10x on_files went from ~137 to ~112 ms).
Otherwise, or when the child fails in any way, the work is done here, in order, as it always was: the results are
the same either way.
"""

from __future__ import annotations

import os
import pickle
import threading

MIN_BYTES = 256 * 1024  # of input: below this (today's six banks are ~90 KB) the fork costs what it saves
# Set (to anything) for work all in one process: `scripts/bench.py --instructions` counts only the build's own process.
NO_FORK = "COURSEKIT_NO_FORK"


def can_fork() -> bool:
    if not hasattr(os, "fork") or threading.active_count() > 1 or os.environ.get(NO_FORK):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


class Pending:
    """[fn(*args) for args in calls], begun in a child when `size` (bytes of input) is worth it; results() waits."""

    def __init__(self, fn, calls: list[tuple], size: int):
        self.fn, self.calls, self.pid, self.pipe = fn, calls, None, None
        if calls and size >= MIN_BYTES and can_fork():
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave at once (no exit handlers, no flush of the parent's buffers)
            status = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    pickle.dump([self.fn(*args) for args in self.calls], out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.pipe = pid, read

    def results(self) -> list:
        if self.pid is not None:
            with os.fdopen(self.pipe, "rb") as fh:
                data = fh.read()
            _pid, status = os.waitpid(self.pid, 0)
            self.pid = None
            if status == 0:  # else it failed or was killed, maybe half-way through writing: done here instead
                return pickle.loads(data)
        return [self.fn(*args) for args in self.calls]
