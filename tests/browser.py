"""Browser fixtures shared by every browser test: Debian's Chromium driven by Playwright.

- One Chromium per test process (per xdist worker), launched on first use; each test gets fresh
  browser contexts (cookies, storage) from ``open_page``, so tests never share a session.
- Chromium missing: the browser tests skip on a developer machine and FAIL when ``CI`` is set, so
  CI never passes without having run them. Playwright's own browser download is never used.
- On failure every page the test opened is saved to ``test-artifacts/<worker>/`` as a PNG and
  its HTML.
- ``axe_check(page)`` runs axe-core (node_modules/axe-core/axe.min.js, from ``npm install``) with
  the WCAG 2.0/2.1 A and AA tags and returns the violations.

Loaded as a pytest plugin from tests/conftest.py.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Django admin's pages are also held to WCAG 2.2 AA (target size): coordinators work there all day.
AXE_TAGS_ADMIN = [*AXE_TAGS, "wcag22aa"]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def artifacts_dir() -> Path:
    """``test-artifacts/<xdist worker>/`` ("main" without xdist): workers never overwrite each
    other's screenshots."""
    return (
        Path(settings.BASE_DIR) / "test-artifacts" / os.environ.get("PYTEST_XDIST_WORKER", "main")
    )


def missing(what: str) -> None:
    """Skip locally; in CI a missing tool is a failure, not a silent skip."""
    if IN_CI:
        pytest.fail(f"{what} is missing and CI is set: browser tests must run in CI.")
    pytest.skip(f"{what} is missing (install it, see .ci/run)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright instance of the test process: its sync API refuses a second one while
    the first is running."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(request):
    """Chromium, launched once per test process and shared by all its browser tests."""
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(
        CHROMIUM
    ):
        missing(f"Chromium ({CHROMIUM})")
    playwright = request.getfixturevalue("playwright_session")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


def session_cookie(user, base_url: str) -> dict:
    """A logged-in session cookie for ``user`` on ``base_url`` (skips the login form where it is
    not under test)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


@pytest.fixture
def new_context(browser, request):
    """``new_context(base_url=None, user=None, bypass_csp=False)`` → a fresh browser context,
    logged in as ``user``; closed after the test, its pages saved first if the test failed.

    ``bypass_csp`` is only for axe, which such a context loads into every page it opens (an init
    script costs about half of injecting it after each navigation); journeys run under the real
    Content-Security-Policy.
    """
    contexts = []

    def open_(base_url: str | None = None, *, user=None, bypass_csp: bool = False):
        context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp)
        context.set_default_timeout(10_000)
        if bypass_csp:
            context.add_init_script(script=request.getfixturevalue("axe_source"))
        if user is not None:
            context.add_cookies([session_cookie(user, base_url)])
        contexts.append(context)
        return context

    yield open_
    failed = any(
        getattr(request.node, f"report_{when}", None) is not None
        and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    for n, context in enumerate(contexts):
        if failed:
            _save_artifacts(request.node.nodeid, n, context)
        context.close()


@pytest.fixture
def open_page(new_context, live_server):
    """``open_page(user=None, bypass_csp=False)`` → a new page on the live server, logged in as
    ``user``, that records Content-Security-Policy errors in ``page.csp_errors``."""

    def open_(user=None, *, bypass_csp: bool = False):
        page = new_context(live_server.url, user=user, bypass_csp=bypass_csp).new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda msg: (
                page.csp_errors.append(msg.text)
                if "Content Security Policy" in msg.text or "Refused to" in msg.text
                else None
            ),
        )
        return page

    return open_


def _save_artifacts(nodeid: str, n: int, context) -> None:
    folder = artifacts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w-]+", "_", nodeid)[-150:]
    for m, page in enumerate(context.pages):
        base = f"{stem}-{n}-{m}"
        try:
            page.screenshot(path=folder / f"{base}.png", full_page=True)
            (folder / f"{base}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the test's own failure
            (folder / f"{base}.txt").write_text(f"could not save the page: {error}")


@pytest.fixture(scope="session")
def axe_source():
    """The text of axe-core's ``axe.min.js``."""
    if not AXE_JS.exists():
        missing(f"axe-core ({AXE_JS}; run `npm install`)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(axe_source):
    """``axe_check(page)`` → list of "rule-id: help (n nodes: selectors)" strings, [] when clean.

    The page's context must have been opened with ``bypass_csp=True``.
    """

    def check(page, tags: list[str] = AXE_TAGS) -> list[str]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            tags,
        )
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            + ")"
            for v in result["violations"]
        ]

    return check
