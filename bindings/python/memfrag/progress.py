"""Progress of a session as it runs: a tqdm bar when tqdm is installed, else one line on stderr
rewritten in place (terminals and notebooks both understand a carriage return)."""

import sys
import time
from collections.abc import Callable
from typing import Protocol, TextIO

# on_progress(run_index, run_count, run, ops_done, expected_ops), about ten times a second.
ProgressCallback = Callable[[int, int, str, int, int], None]


class ProgressDisplay(Protocol):
    def __call__(
        self, run_index: int, run_count: int, run: str, ops_done: int, expected_ops: int
    ) -> None: ...

    def close(self) -> None: ...


def fraction_done(ops_done: int, expected_ops: int) -> float:
    return min(1.0, ops_done / expected_ops) if expected_ops else 0.0


class LineProgress:
    """"[2/6] buddy x mixed-70 seed 7 #1  43%" on one line, at most four times a second."""

    min_interval = 0.25

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self._stream = stream
        self._last_shown = 0.0
        self._shown = False

    def __call__(
        self, run_index: int, run_count: int, run: str, ops_done: int, expected_ops: int
    ) -> None:
        now = time.monotonic()
        if now - self._last_shown < self.min_interval:
            return
        self._last_shown = now
        percent = round(100 * fraction_done(ops_done, expected_ops))
        self._stream.write(f"\r[{run_index + 1}/{run_count}] {run} {percent:3d}%")
        self._stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self._stream.write("\n")
            self._stream.flush()


class TqdmProgress:
    """One tqdm bar over the runs of the session, advancing by fractions of a run."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=None, unit="run", leave=True)

    def __call__(
        self, run_index: int, run_count: int, run: str, ops_done: int, expected_ops: int
    ) -> None:
        self._bar.total = run_count
        self._bar.n = round(run_index + fraction_done(ops_done, expected_ops), 2)
        self._bar.set_description(run, refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


class CallbackProgress:
    """A caller's own callable, with nothing to close."""

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback

    def __call__(
        self, run_index: int, run_count: int, run: str, ops_done: int, expected_ops: int
    ) -> None:
        self._callback(run_index, run_count, run, ops_done, expected_ops)

    def close(self) -> None:
        pass


def is_interactive() -> bool:
    """A terminal on stderr, or a Jupyter kernel (whose stderr is not a terminal)."""
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def default_display() -> ProgressDisplay:
    try:
        return TqdmProgress()
    except ImportError:
        return LineProgress()


def progress_display(progress: bool | ProgressCallback | None) -> ProgressDisplay | None:
    """What run(progress=...) asks for: True or False, None for "when interactive", or a
    callable of its own."""
    if callable(progress):
        return CallbackProgress(progress)
    if progress is None:
        progress = is_interactive()
    return default_display() if progress else None
