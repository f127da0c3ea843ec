"""The log-in lock-out counts failures per username *and* client address, so nobody can lock
someone else out from another address; X-Forwarded-For counts only behind trusted proxies."""

from __future__ import annotations

from django.test import Client

from tests.personas import PASSWORD, make_person

PROXY = "10.0.0.1"


def _log_in(password, *, remote="192.0.2.10", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**headers).post(
        "/accounts/login/", {"username": "coordinator", "password": password}
    )


def _attack(**where):
    for _ in range(5):
        _log_in("wrong-guess", **where)
    assert _log_in("wrong-guess", **where).status_code == 429


def test_an_attackers_failures_do_not_lock_the_coordinator_out_from_their_address(db):
    make_person("coordinator")
    _attack(remote="203.0.113.66")
    assert _log_in(PASSWORD, remote="198.51.100.7").status_code == 302


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_person("coordinator")
    _attack(remote=PROXY, forwarded="203.0.113.66")
    assert _log_in(PASSWORD, remote=PROXY, forwarded="198.51.100.7").status_code == 302
    # The address the proxy appended counts, not one the client put in front of it.
    assert (
        _log_in(PASSWORD, remote=PROXY, forwarded="198.51.100.7, 203.0.113.66").status_code == 429
    )


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_is_ignored(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    make_person("coordinator")
    for n in range(5):
        _log_in("wrong-guess", remote="203.0.113.66", forwarded=f"198.51.100.{n}")
    locked = _log_in(PASSWORD, remote="203.0.113.66", forwarded="198.51.100.99")
    assert locked.status_code == 429
