"""`make bench`: prepare the benchmark databases, then run every benchmark and compare.

Steps: create and migrate two PostgreSQL databases (BENCH_DATABASE_URL, default cop_bench, and
the same name + "_small"); seed them with seed_scale unless they already hold that data; collect
static files (DEBUG=0, hashed and compressed); then run queries (both sizes), page_weight,
throughput and join_burst. Each prints a table and writes bench/results/<name>.json.

    .venv/bin/python bench/run.py [--only queries,throughput,join_burst,page_weight] [--reseed]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import RESULTS, ROOT, bench_env, database_url, print_table

SIZES = {
    "full": ["--communities", "2000", "--users", "50000", "--memberships", "100000",
             "--meetings", "20000", "--seed", "1"],
    "small": ["--communities", "10", "--users", "100", "--memberships", "200",
              "--meetings", "40", "--seed", "1"],
}  # fmt: skip
BENCHMARKS = ["queries", "page_weight", "throughput", "join_burst"]
PYTHON = sys.executable


def manage(size, *args, check=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(size), check=check, text=True
    )


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def seeded(url: str, size: str) -> bool:
    """True when the database holds exactly the communities and users seed_scale would make."""
    import psycopg

    args = dict(zip(SIZES[size][::2], SIZES[size][1::2], strict=True))
    with psycopg.connect(url) as conn:
        communities = conn.execute("SELECT count(*) FROM communities_community").fetchone()[0]
        users = conn.execute(
            "SELECT count(*) FROM auth_user WHERE username LIKE 'scale%%'"
        ).fetchone()[0]
    return communities == int(args["--communities"]) and users == int(args["--users"])


def prepare(reseed: bool) -> None:
    for size in ("small", "full"):
        url = database_url(size)
        ensure_database(url)
        manage(size, "migrate", "--noinput", "-v0")
        if reseed or not seeded(url, size):
            print(
                f"Seeding the {size} database (python manage.py seed_scale {' '.join(SIZES[size])} --reset)"
            )
            manage(size, "seed_scale", *SIZES[size], "--reset")
    manage("full", "collectstatic", "--noinput", "-v0")


def compare_queries() -> None:
    small = json.loads((RESULTS / "queries_small.json").read_text())
    full = json.loads((RESULTS / "queries_full.json").read_text())
    targets = {"directory": 6, "community page": 8}
    rows, verdicts = [], {}
    for name, page in full["pages"].items():
        at_small = small["pages"].get(name, {}).get("queries")
        limit = next((v for k, v in targets.items() if name.startswith(k)), None)
        equal = at_small == page["queries"]
        ok = equal and (limit is None or page["queries"] <= limit)
        verdicts[name] = {"small": at_small, "full": page["queries"], "limit": limit, "met": ok,
                          "full_repeat_visit": page["queries_cached"]}  # fmt: skip
        rows.append([name, at_small, page["queries"], page["queries_cached"],
                     "yes" if equal else "NO", limit or "-", "met" if ok else "MISSED"])  # fmt: skip
    print_table(
        f"Query counts: {small['communities']} vs {full['communities']} communities",
        ["page", "small", "full", "full, repeat visit", "equal", "target ≤", "verdict"],
        rows,
    )
    (RESULTS / "queries.json").write_text(json.dumps({"pages": verdicts}, indent=2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument(
        "--port",
        type=int,
        help="port for the benchmark servers (default: a free one, or BENCH_PORT)",
    )
    options = parser.parse_args()
    if options.port:
        os.environ["BENCH_PORT"] = str(options.port)  # bench_env passes it to every benchmark
    chosen = options.only.split(",")
    prepare(options.reseed)
    for name in chosen:
        if name == "queries":
            for size in ("small", "full"):
                subprocess.run(
                    [PYTHON, "bench/queries.py", "--size", size],
                    cwd=ROOT,
                    env=bench_env(size),
                    check=True,
                )
            compare_queries()
        else:
            subprocess.run(
                [PYTHON, f"bench/{name}.py"], cwd=ROOT, env=bench_env("full"), check=True
            )


if __name__ == "__main__":
    main()
