"""Stopping a session: KeyboardInterrupt with the runs that completed; the next session runs."""

import os
import signal
import threading
import time

import pytest

import memfrag
from conftest import PLUGINS, WORKLOAD

LONG = {"workload.ops": 50_000_000}


def interrupt_in_second_run(run_index: int, *_: object) -> None:
    if run_index == 1:
        raise KeyboardInterrupt


def test_an_exception_from_progress_stops_the_session() -> None:
    small = {"workload.ops": 20_000}
    with pytest.raises(KeyboardInterrupt) as raised:
        memfrag.run(
            plugins=PLUGINS, workloads=[WORKLOAD], params=small, progress=interrupt_in_second_run
        )
    partial = raised.value.results
    assert not partial.complete
    assert [run["plugin"] for run in partial.runs] == PLUGINS[:1]
    again = memfrag.run(plugins=PLUGINS[:1], workloads=[WORKLOAD], params=small, progress=False)
    assert again.complete


def test_ctrl_c_stops_a_long_run() -> None:
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt) as raised:
        memfrag.run(plugins=["buddy"], workloads=[WORKLOAD], params=LONG, progress=False)
    assert time.monotonic() - started < 10
    assert raised.value.results.runs == []
