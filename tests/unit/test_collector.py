"""The cyclic collector's pauses: the list's pass on the app's loop, ask next's in a worker
thread and the list worker's hold until its verdicts are out overlap; the collector must run
again when the last of them ends (not when the first does, which let it walk a pass's objects
in the middle of that pass), and never be turned on by a pause that found it off."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from trialview.model.collector import pause_gc, paused_gc, resume_gc


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_overlapping_pauses_keep_the_collector_off_until_the_last_one_ends() -> None:
    pause_gc()                      # the list worker's hold
    with paused_gc():               # its pass
        assert not gc.isenabled()
    assert not gc.isenabled()       # the pass ended, the hold has not
    resume_gc()
    assert gc.isenabled()


def test_a_pause_that_began_first_and_ends_in_another_thread_leaves_a_running_one_paused() -> None:
    # ask next's pause (a worker thread) began before the list's pass and ends during it
    started, finish = threading.Event(), threading.Event()

    def ask_next() -> None:
        with paused_gc():
            started.set()
            finish.wait(5)

    worker = threading.Thread(target=ask_next)
    worker.start()
    assert started.wait(5)
    with paused_gc():
        finish.set()
        worker.join(5)
        assert not gc.isenabled()   # the thread's pause ended; the pass's has not
    assert gc.isenabled()


def test_a_pause_leaves_the_collector_off_when_it_found_it_off() -> None:
    gc.disable()                    # a one-shot command turns it off for good (tui/cli.py)
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_an_extra_resume_does_not_end_a_later_pause() -> None:
    resume_gc()                     # nothing paused: nothing to end
    with paused_gc():
        resume_gc()                 # one too many, inside a pause: it ends that pause
        assert gc.isenabled()
    pause_gc()
    assert not gc.isenabled()       # the count did not go below zero
    resume_gc()
    assert gc.isenabled()
