"""Shared helpers for the benchmarks: environment, Django set-up, tables and result files."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DB = "postgres://cop:cop@127.0.0.1:5432/cop_bench"
# A fixed secret is fine: these servers listen on 127.0.0.1 only and hold benchmark data.
BENCH_SECRET = "bench-only-secret-" + "x" * 40


def database_url(size: str = "full") -> str:
    """The benchmark database URL: BENCH_DATABASE_URL (default cop_bench); "small" adds _small."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    return url + "_small" if size == "small" else url


def bench_env(size: str = "full") -> dict[str, str]:
    """Environment for a production-like process (DEBUG=0) on the benchmark database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(size),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=BENCH_SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def setup_django(size: str = "full") -> None:
    """Configure this process like the benchmark servers and call django.setup()."""
    os.environ.update(bench_env(size))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine() -> dict:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
    }


def print_table(title: str, headers: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    print(f"\n## {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2, default=str))
    return path
