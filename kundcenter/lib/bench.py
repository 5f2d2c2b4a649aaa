"""Small helpers shared by the benchmark commands: timing, percentiles, tables, progress."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct`-th percentile (0–100) of `values`, linearly interpolated between ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


class Stopwatch:
    """Wall time from creation until `stop()` (or until now, while running)."""

    def __init__(self):
        self.started = time.perf_counter()
        self.stopped: float | None = None

    def stop(self) -> float:
        self.stopped = time.perf_counter()
        return self.seconds

    @property
    def seconds(self) -> float:
        return (self.stopped or time.perf_counter()) - self.started

    @property
    def ms(self) -> float:
        return self.seconds * 1000


def format_duration(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)} min {secs:.1f} s" if minutes else f"{secs:.1f} s"


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells):
        return "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def progress(total: int, desc: str, *, enabled: bool = True, unit: str = "it"):
    """A tqdm progress bar on stderr (a no-op object when disabled, e.g. in tests)."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
    )


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, log_path, seconds: float) -> None:
    """Until something answers on `port`; RuntimeError when `process` stops or time runs
    out first (with the server's log)."""
    import contextlib
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start-up:\n{log_path.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start within {seconds:.0f} s:\n{log_path.read_text()}")
