"""What the benchmark-style commands share (scripts/loadtest/run, scripts/faulttest/run): a
free port on 127.0.0.1, a flask command, gunicorn started as `make serve` starts it, and
signing a demo account in.

The scripts put this folder on sys.path and `import serving`."""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict, *args: str, timeout: float | None = None, capture: bool = False):
    """`flask --app app ARGS` in the project folder; raises when it fails."""
    return subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=capture,
        text=capture,
    )


def start_server(env: dict, port: int, log: Path, wait: float = 180) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py on 127.0.0.1:port, a random SECRET_KEY for the run and
    the per-address limits off (every simulated user comes from 127.0.0.1); returns once
    /healthz answers 200 and every worker is warm. The process leads its own group (stop() ends master and workers)."""
    env = dict(env, PORT=str(port), SECRET_KEY=secrets.token_hex(32), RATE_LIMITS_ENABLED="0")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    workers = int(env.get("WEB_CONCURRENCY", "2"))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit {server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200 and _warm_workers(log) >= workers:
                    return server
        except OSError:
            pass
        time.sleep(1)
    stop(server)
    sys.exit(f"/healthz did not answer 200 within {wait:.0f} s; see {log}")


def _warm_workers(log: Path) -> int:
    """Workers that have loaded the encoder and the indexes (gunicorn.conf.py says so): a
    benchmark starts when all of them serve, not when the first does."""
    return log.read_text(encoding="utf-8", errors="replace").count(" warm")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def sign_in(base: str, email: str, password: str) -> dict:
    """Sign one account in; returns its session cookies (exits when the sign-in is refused)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/account/login", timeout=30).read().decode()
    token = CSRF.search(form)
    body = urllib.parse.urlencode(
        {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    ).encode()
    answer = opener.open(f"{base}/account/login", data=body, timeout=30)
    if "/account/login" in answer.geturl():
        sys.exit(f"sign-in refused for {email}")
    return {c.name: c.value for c in jar}
