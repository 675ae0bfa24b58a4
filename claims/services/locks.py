"""One run at a time, across processes: a PostgreSQL advisory lock, or a lock file beside SQLite.

:func:`rematch_lock` keeps two rematches apart (``rematch``, ``--speakers``, ``--claims``): two
regroupings at once move each other's mentions, and the result matches neither. The second run
gets :class:`AlreadyRunning` before it touches anything. The lock is re-entrant within a thread,
so ``rematch --claims``, which regroups at its end, takes it once.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connection
from django.db.backends.utils import CursorWrapper

# The advisory lock's key: any fixed number, the same in every process. Below 2**31, so that
# pg_locks shows it as objid with classid 0 (where _pg_holder looks for it).
REMATCH_KEY = 0x66630001

_held = threading.local()


class AlreadyRunning(Exception):
    """Another process holds the lock; ``pid`` is that process's, when known."""

    def __init__(self, job: str, pid: int | None) -> None:
        who = f" (started by pid {pid})" if pid else ""
        super().__init__(f"another {job} is running{who}; try again when it ends")
        self.pid = pid


@contextmanager
def rematch_lock() -> Iterator[None]:
    """Hold the rematch lock for the block, or raise :class:`AlreadyRunning` at once."""
    depth = getattr(_held, "rematch", 0)
    if depth:
        _held.rematch = depth + 1
        try:
            yield
        finally:
            _held.rematch = depth
        return
    take = _pg_lock if connection.vendor == "postgresql" else _file_lock
    with take("rematch", REMATCH_KEY):
        _held.rematch = 1
        try:
            yield
        finally:
            _held.rematch = 0


@contextmanager
def _pg_lock(job: str, key: int) -> Iterator[None]:
    # Session-level: it outlives the service's transactions, and goes with the session if the
    # process dies.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s), current_setting('application_name')", [key])
        got, name = cursor.fetchone()
        if not got:
            raise AlreadyRunning(job, _pg_holder(cursor, key))
        # What the other run's message names.
        cursor.execute(
            "SELECT set_config('application_name', %s, false)", [f"factcheck {job} pid {os.getpid()}"]
        )
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s), set_config('application_name', %s, false)", [key, name]
                )
        except DatabaseError:
            pass  # the session is gone, and its lock with it


def _pg_holder(cursor: CursorWrapper, key: int) -> int | None:
    cursor.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = %s AND l.objsubid = 1",
        [key],
    )
    row = cursor.fetchone()
    found = re.search(r" pid (\d+)$", row[0]) if row else None
    return int(found.group(1)) if found else None


def lock_path(job: str) -> Path:
    """The lock file: beside the SQLite database file (a temporary one for an in-memory database)."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return Path(tempfile.gettempdir()) / f"factcheck-memory-{os.getpid()}.{job}.lock"
    return Path(f"{name}.{job}.lock")


@contextmanager
def _file_lock(job: str, key: int) -> Iterator[None]:
    # flock, not the file's existence: the lock goes with the process however it ends. The
    # holder removes the file when done, so a run that locked the file just before it was
    # removed finds it gone (or another in its place) and opens it again.
    path = lock_path(job)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            written = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise AlreadyRunning(job, int(written) if written.isdigit() else None) from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        os.ftruncate(fd, 0)  # a run killed before it removed the file left its pid there
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)  # releases the lock
