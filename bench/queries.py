"""Query counts per page, on the database given by --size (small or full).

Run by run.py once per size; it writes bench/results/queries_<size>.json and run.py compares them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import print_table, setup_django, write_result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "full"], default="full")
    size = parser.parse_args().size
    setup_django(size)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import Fixture
    from communities.models import Community

    fixture = Fixture()
    rows, results = [], {}
    for page in fixture.pages():
        client = Client()
        user = fixture.user(page.who)
        if user:
            client.force_login(user)
        client.get(page.path)  # warm what lives for the process (content types, templates)
        cache.clear()  # "cold": the page built from the database
        with CaptureQueriesContext(connection) as cold:
            response = client.get(page.path)
        with CaptureQueriesContext(connection) as warm:  # served again, cache filled if any
            client.get(page.path)
        results[page.name] = {
            "path": page.path,
            "who": page.who,
            "status": response.status_code,
            "queries": len(cold),
            "queries_cached": len(warm),
            "sql": [q["sql"][:300] for q in cold.captured_queries],
        }
        rows.append([page.name, page.who, response.status_code, len(cold), len(warm)])
    communities = Community.objects.count()
    print_table(
        f"Query counts ({size}: {communities} communities)",
        ["page", "as", "status", "queries", "repeat visit"],
        rows,
    )
    write_result(f"queries_{size}", {"communities": communities, "pages": results})


if __name__ == "__main__":
    main()
