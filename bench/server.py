"""Start and stop a production-like gunicorn (2 sync workers, DEBUG=0) on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.common import RESULTS, ROOT, bench_env

WORKERS = 2


def free_port() -> int:
    """BENCH_PORT when set (`make bench BENCH_ARGS=--port=8123`), else a free port."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(workers: int = WORKERS, extra: list[str] | None = None):
    """Yield the base URL of a running gunicorn; stop it (and only it) afterwards."""
    port = free_port()
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = (RESULTS / "gunicorn.log").open("a")
    binary = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(binary), "cop_site.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", *(extra or [])],
        cwd=ROOT, env=bench_env("full"), stdout=log, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start; see bench/results/gunicorn.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package when it is missing."""
    path = shutil.which("wrk")
    if path is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        path = shutil.which("wrk")
        if path is None:
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
            path = shutil.which("wrk")
    return path
