"""Page weight: HTML bytes per page (raw and gzipped) and the full first load of ``/``, with the
static files' compression and cache headers as whitenoise serves them (DEBUG=0, collectstatic).
Writes bench/results/page_weight.json.
"""

from __future__ import annotations

import gzip
import re
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import print_table, setup_django, write_result
from bench.server import gunicorn

DIRECTORY_LIMIT = 30 * 1024
HASHED = re.compile(r"\.[0-9a-f]{12}\.")
FAR_FUTURE = 365 * 24 * 3600


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(url, cookie=None, encoding="gzip, br"):
    headers = {"Accept-Encoding": encoding}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.status, dict(r.headers), r.read()


def max_age(cache_control):
    found = re.search(r"max-age=(\d+)", cache_control or "")
    return int(found.group(1)) if found else 0


def main():
    setup_django("full")
    from bench.pages import Fixture, session_cookie

    fixture = Fixture()
    cookies = {who: session_cookie(fixture.user(who)) for who in ("member", "coordinator")}
    pages, assets = {}, {}
    with gunicorn() as base:
        for page in fixture.pages():
            status, headers, body = fetch(base + page.path, cookies.get(page.who), "identity")
            pages[page.name] = {
                "status": status,
                "raw_bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, 6)),
                "directory": page.directory,
            }
        _, _, html = fetch(base + "/", encoding="identity")
        parser = Assets()
        parser.feed(html.decode())
        for url in parser.urls:
            status, headers, body = fetch(base + url)
            assets[url] = {
                "status": status,
                "bytes_transferred": len(body),
                "content_encoding": headers.get("Content-Encoding", "none"),
                "cache_control": headers.get("Cache-Control", ""),
                "hashed_name": bool(HASHED.search(url)),
            }
    rows = []
    for name, p in pages.items():
        verdict = ""
        if p["directory"]:
            verdict = "met" if p["gzip_bytes"] <= DIRECTORY_LIMIT else "MISSED"
        rows.append([name, p["status"], p["raw_bytes"], p["gzip_bytes"], verdict])
    print_table(
        "HTML weight (gzip level 6)",
        ["page", "status", "raw bytes", "gzipped bytes", "≤ 30 KB"],
        rows,
    )
    first_load = pages["directory"]["gzip_bytes"] + sum(
        a["bytes_transferred"] for a in assets.values()
    )
    rows = [[url, a["bytes_transferred"], a["content_encoding"], a["cache_control"],
             a["hashed_name"]] for url, a in assets.items()]  # fmt: skip
    rows.append(["TOTAL first load of / (HTML gzipped + assets as served)", first_load, "", "", ""])
    print_table(
        "First load of /", ["resource", "bytes", "encoding", "cache-control", "hashed"], rows
    )
    static_ok = all(
        a["hashed_name"]
        and a["content_encoding"] in ("gzip", "br")
        and max_age(a["cache_control"]) >= FAR_FUTURE
        for a in assets.values()
    )
    print(
        f"\nStatic files hashed, compressed and cached ≥ 1 year: {'met' if static_ok else 'MISSED'}"
    )
    write_result(
        "page_weight",
        {"pages": pages, "assets": assets, "first_load_bytes": first_load, "static_ok": static_ok},
    )


if __name__ == "__main__":
    main()
