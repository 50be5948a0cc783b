"""Index folders that keep serving while they are rebuilt, and one writer at a time.

`<root>/<kind>` is a symbolic link to the build in use, `<root>/<kind>.build-<stamp>`. A
rebuild writes a new build beside it and swaps the link with one atomic rename, so readers
use the old build until the swap and a rebuild killed at any point leaves the live one as it
was; the next rebuild removes the builds nobody uses. Each build records in `cursor.json`
the last change it has applied (an id in the application's outbox) and when it was built.

Writers of one kind take `<root>/.<kind>.lock` (flock: every process on the host), so two
workers never write the same folder at once and each reloads what the other saved.
"""

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from datetime import UTC, datetime


class LockTimeout(Exception):
    """Another process held the folder's lock for longer than we wait."""


def link_path(root: str, kind: str) -> str:
    return os.path.join(root, kind)


def live_build(root: str, kind: str) -> str:
    """The build readers use now (the link's target), made on first use."""
    ensure_layout(root, kind)
    return os.path.realpath(link_path(root, kind))


def existing_build(root: str, kind: str) -> str | None:
    """The build readers would use, without creating anything (a health check)."""
    link = link_path(root, kind)
    return os.path.realpath(link) if os.path.isdir(link) else None


def ensure_layout(root: str, kind: str) -> None:
    """A link to a build; a folder from before builds existed becomes the first build."""
    link = link_path(root, kind)
    if os.path.islink(link):
        return
    os.makedirs(root, exist_ok=True)
    if os.path.isdir(link):
        first = new_build(root, kind, create=False)
        os.rename(link, first)
    else:
        first = new_build(root, kind)
    _point(root, kind, first)


def new_build(root: str, kind: str, create: bool = True) -> str:
    path = os.path.join(root, f"{kind}.build-{time.time_ns()}")
    if create:
        os.makedirs(path)
    return path


def swap_in(root: str, kind: str, build: str) -> str | None:
    """Make `build` the live one in one rename; returns the build it replaced."""
    ensure_layout(root, kind)
    previous = live_build(root, kind)
    _point(root, kind, build)
    return previous


def _point(root: str, kind: str, build: str) -> None:
    temporary = os.path.join(root, f".{kind}.link-{time.time_ns()}")
    os.symlink(os.path.basename(build), temporary)
    os.replace(temporary, link_path(root, kind))


def remove_unused_builds(root: str, kind: str, keep=()) -> list[str]:
    """Delete every build of `kind` but the live one and `keep` (a half-written build of a
    killed rebuild, or the one a swap replaced once readers had time to move on)."""
    live = live_build(root, kind)
    kept = {live, *(os.path.realpath(k) for k in keep if k)}
    removed = []
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name.startswith(f"{kind}.build-") and os.path.realpath(path) not in kept:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
    return removed


# where a build stands -----------------------------------------------------------------
def read_cursor(build: str) -> dict:
    try:
        with open(os.path.join(build, "cursor.json"), encoding="utf-8") as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return {"task_id": 0, "built_at": None}


def write_cursor(
    build: str, task_id: int, built_at: str | None = None, gaps: list | None = None
) -> None:
    """The build has applied every task up to `task_id` except the ids in `gaps` ([id, first
    seen], ids not committed yet when younger ones were)."""
    state = read_cursor(build)
    state["task_id"] = task_id
    if built_at is not None:
        state["built_at"] = built_at
    if gaps is not None:
        state["gaps"] = gaps
    temporary = os.path.join(build, "cursor.json.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(temporary, os.path.join(build, "cursor.json"))


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# one writer per kind --------------------------------------------------------------------
@contextmanager
def writer_lock(root: str, kind: str, timeout: float):
    """Hold the kind's write lock, waiting at most `timeout` seconds (LockTimeout)."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, f".{kind}.lock"), "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(kind) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
