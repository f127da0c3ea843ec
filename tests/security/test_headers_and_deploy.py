"""Production settings pass Django's deploy checklist; every page sends the security headers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from django.conf import settings

from tests.world import build_world

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qz!v2Lr9@xW4p$Nc8&Ty1^Hd6*Bm3(Fs5)Gj0_Ua-Ee+Oi=Yo~Pl?Zx<Vb>Rn",
    "ALLOWED_HOSTS": "cop.example.edu",
    "CSRF_TRUSTED_ORIGINS": "https://cop.example.edu",
}


def run_production(*args: str) -> subprocess.CompletedProcess:
    """Run ``python <args>`` in the project with DEBUG=0 and production-like settings."""
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_finds_nothing_with_production_settings():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
# Production serves collectstatic's hashed files; this probe has not run collectstatic.
settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
response = Client().get("/about/", secure=True, headers={"host": "cop.example.edu"})
insecure = Client().get("/about/", headers={"host": "cop.example.edu"})
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "http_redirect": [insecure.status_code, insecure.get("Location", "")],
    "cookies": {
        "session_secure": settings.SESSION_COOKIE_SECURE,
        "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
        "csrf_secure": settings.CSRF_COOKIE_SECURE,
    },
}))
"""


def test_production_sends_hsts_redirects_to_https_and_uses_secure_cookies():
    result = run_production("-c", PROBE)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    hsts = probe["headers"]["Strict-Transport-Security"]
    # At least a year, compared as a number: "max-age=4" must fail, "max-age=63072000" pass.
    assert int(re.search(r"max-age=(\d+)", hsts)[1]) >= 31_536_000, hsts
    assert "includeSubDomains" in hsts
    assert probe["http_redirect"] == [301, "https://cop.example.edu/about/"]
    assert probe["cookies"] == {
        "session_secure": True,
        "session_httponly": True,
        "csrf_secure": True,
    }


def test_every_page_sends_a_strict_content_security_policy_and_safe_headers(client, db):
    response = client.get("/")
    csp = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert csp["script-src"] == "'self'" and "unsafe" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# A JSON-LD data block (schema.org, issue 15) is never executed, so CSP does not apply to it.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)
ON_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def test_no_page_needs_inline_scripts_or_styles(client, db):
    """The strict CSP blocks them, so a page that has one is broken in the browser."""
    world = build_world()
    paths = [
        "/",
        "/?q=nothing-matches",
        world.community.get_absolute_url(),
        world.restricted.get_absolute_url(),
        "/about/",
        "/accounts/login/",
        "/propose/",
        "/me/",
        "/me/proposals/",
        "/c/no-such-community/",
    ]
    client.force_login(world.users["employee"])
    offending = []
    for path in paths:
        html = client.get(path).content.decode()
        for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, ON_HANDLER):
            offending += [f"{path}: {m[0][:80]}" for m in pattern.finditer(html)]
    assert offending == []
