"""Throughput of each page vs a bare view, served by gunicorn (2 workers, PostgreSQL, DEBUG=0)
under wrk (1 thread, 4 connections, 127.0.0.1 only). Writes bench/results/throughput.json.

The bare view (bench/urls.py) returns a constant response through the same middleware stack; it
is measured right before and right after each page (the machine is shared and its speed drifts
by 2x within minutes), and each ratio uses the mean of those two neighbouring measurements; the
table shows both, so a drifting pair is visible. wrk's timeout is set per page, well above that
page's own response time (wrk's default of 2 s counted slow feeds as "0 req/s").
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import RESULTS, print_table, setup_django, write_result
from bench.server import ensure_wrk, gunicorn

DURATION = "5s"
CONNECTIONS = 4
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p95_ms": %f}\\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""
DIRECTORY_TARGET = 0.5


def wrk(binary, url, cookie=None, duration=DURATION, timeout=10):
    script = RESULTS / "wrk_report.lua"
    script.write_text(LUA)
    command = [binary, "-t1", f"-c{CONNECTIONS}", f"-d{duration}", f"--timeout={timeout}s",
               "-s", str(script), url]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    result = json.loads(line[4:])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def status_of(url, cookie=None) -> tuple[int, float]:
    """The page's status and how long one request took alone (seconds)."""
    request = urllib.request.Request(
        url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        return response.status, time.perf_counter() - started


def timeout_for(alone: float) -> int:
    """wrk's timeout for a page taking ``alone`` seconds by itself: with CONNECTIONS requests
    queued on 2 workers a request waits for about two others, so 10x with a 10 s floor."""
    return max(10, math.ceil(10 * alone))


def main():
    setup_django("full")
    from bench.pages import Fixture, session_cookie

    fixture = Fixture()
    pages = fixture.pages()
    cookies = {who: session_cookie(fixture.user(who)) for who in ("member", "coordinator")}
    binary = ensure_wrk()
    results = {}
    with gunicorn() as base:
        bare_url = base + "/bench/bare/"
        wrk(binary, bare_url, duration="2s")  # warm up both workers
        for page in pages:
            cookie = cookies.get(page.who)
            url = base + page.path
            status, alone = status_of(url, cookie)
            timeout = timeout_for(alone)
            wrk(binary, url, cookie, duration="1s", timeout=timeout)  # warm up (fill any cache)
            # The bare view right before and right after each page: the machine is shared and
            # its speed drifts, so each ratio compares measurements taken seconds apart.
            before = wrk(binary, bare_url)
            measured = wrk(binary, url, cookie, timeout=timeout)
            after = wrk(binary, bare_url)
            bare_rps = (before["rps"] + after["rps"]) / 2
            results[page.name] = {
                "status": status,
                "directory": page.directory,
                **measured,
                "alone_ms": alone * 1000,
                "wrk_timeout_s": timeout,
                "bare_rps_before": before["rps"],
                "bare_rps_after": after["rps"],
                "bare_rps": bare_rps,
                "ratio": measured["rps"] / bare_rps,
            }
    rows = []
    for name, r in results.items():
        verdict = ""
        if r["directory"] and "logged in" not in name:
            verdict = "met" if r["ratio"] >= DIRECTORY_TARGET else "MISSED"
        rows.append([name, r["status"], f"{r['rps']:.0f}", f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}",
                     r["errors"], f"{r['bare_rps_before']:.0f} / {r['bare_rps_after']:.0f}",
                     f"{r['ratio']:.2f}", verdict])  # fmt: skip
    print_table(
        f"Throughput (gunicorn 2 workers, wrk -t1 -c{CONNECTIONS} -d{DURATION}, bare view measured just before and after each page)",
        [
            "page",
            "status",
            "req/s",
            "p50 ms",
            "p95 ms",
            "errors",
            "bare req/s before / after",
            "÷ bare (mean)",
            "≥ 0.5 (directory)",
        ],
        rows,
    )
    write_result("throughput", {"pages": results})


if __name__ == "__main__":
    main()
