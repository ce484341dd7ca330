"""Work begun in a forked child gives the results the parent would compute, and any failure leaves it to the parent."""

import os
import threading

import pytest

from coursekit import parallel
from coursekit.cache import ResultCache

PARENT = os.getpid()


def double(path, content):
    return path, content * 2, os.getpid()


def fails_in_a_child(path, content):
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return double(path, content)


CALLS = [(f"quizzes/q{i}.yml", f"{i}".encode()) for i in range(40)]


@pytest.fixture
def forking(monkeypatch):
    # pytest may run threads of its own plugins (the browser tests'): the check for them is tested on its own below.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


def test_a_child_computes_the_same_results_in_the_same_order(forking):
    results = parallel.Pending(double, CALLS, parallel.MIN_BYTES).results()
    assert [r[:2] for r in results] == [double(*c)[:2] for c in CALLS]
    assert {r[2] for r in results} != {PARENT}  # computed elsewhere


def test_a_child_that_fails_leaves_the_work_to_the_parent(forking):
    results = parallel.Pending(fails_in_a_child, CALLS, parallel.MIN_BYTES).results()
    assert results == [double(*c) for c in CALLS]  # with the parent's pid


def test_small_work_is_done_here(forking):
    results = parallel.Pending(double, CALLS, parallel.MIN_BYTES - 1).results()
    assert {r[2] for r in results} == {PARENT}


def test_no_fork_when_asked_for_one_process(monkeypatch):
    # A single-threaded process on two cores, whatever runs the tests:
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.delenv(parallel.NO_FORK, raising=False)
    assert parallel.can_fork()
    monkeypatch.setenv(parallel.NO_FORK, "1")
    assert not parallel.can_fork()


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        results = parallel.Pending(double, CALLS, parallel.MIN_BYTES).results()
        assert {r[2] for r in results} == {PARENT}
    finally:
        stop.set()
        thread.join()


def test_results_begun_later_are_kept_and_reused(tmp_path, forking):
    path = str(tmp_path / "checked.pickle")
    first = ResultCache(path, "v1")
    computed = first.get_later("bank", CALLS, double)()
    first.save()
    again = ResultCache(path, "v1")
    files = CALLS[:1] + [("quizzes/new.yml", b"new")] + CALLS[1:]
    reused = again.get_later("bank", files, fails_in_a_child)()  # the kept results are not computed again
    assert reused[:1] + reused[2:] == computed
    assert reused[1] == ("quizzes/new.yml", b"newnew", PARENT)
