"""Signed, expiring links for the pulse e-mail, so members can answer without a password.

A token carries only a meeting id and a user id, signed with SECRET_KEY (django.core.signing)
under its own salt: it cannot be forged or moved to another meeting or person, and it expires
after PULSE_TOKEN_MAX_AGE_DAYS. Re-use after answering is stopped by the database (one answer
per member per meeting), not by the token.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from .conf import pulse_token_max_age_days

SALT = "health.pulse"


@dataclass(frozen=True)
class PulseClaim:
    meeting_id: int
    user_id: int


def pulse_token_make(*, meeting_id: int, user_id: int) -> str:
    """A URL-safe token for one member's pulse about one meeting."""
    return signing.dumps({"m": meeting_id, "u": user_id}, salt=SALT, compress=True)


def pulse_token_read(token: str) -> PulseClaim:
    """The claim in ``token``.

    Raises signing.SignatureExpired for an expired token and signing.BadSignature (its parent)
    for anything tampered with or malformed.
    """
    data = signing.loads(token, salt=SALT, max_age=pulse_token_max_age_days() * 24 * 3600)
    try:
        return PulseClaim(meeting_id=int(data["m"]), user_id=int(data["u"]))
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed pulse token.") from error
