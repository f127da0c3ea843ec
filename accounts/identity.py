"""A person as an identity provider describes them, whatever the protocol, and who may sign in.

SAML attributes and OIDC claims are mapped (settings ``SAML_ATTRIBUTES`` / ``OIDC_CLAIMS``) onto
one ``Identity``; the eligibility rules and the sign-in service only ever see that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings

from .models import Profile


class SignInRefused(Exception):
    """Raised when a person authenticated at the IdP may not sign in here.

    ``reason`` is a sentence for that person; ``code`` is ``not_eligible`` or
    ``missing_identifier``.
    """

    def __init__(self, reason: str, code: str):
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class Identity:
    """One sign-in's worth of facts from the IdP. ``subject`` is the stable identifier
    (eduPersonPrincipalName for SAML, ``sub`` for OIDC); ``idp`` the entity ID or issuer."""

    protocol: str
    idp: str
    subject: str
    email: str = ""
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    unit: str = ""
    title: str = ""
    affiliations: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    email_verified: bool = True
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def sso_id(self) -> str:
        """The key a person is matched by: the eduPersonPrincipalName for SAML (scoped, so
        unique across IdPs by design), issuer plus ``sub`` for OIDC (``sub`` is only unique per
        issuer)."""
        if self.protocol == Profile.Protocol.SAML:
            return f"saml:{self.subject}"
        return f"oidc:{self.idp}|{self.subject}"


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable):
        return [str(v) for v in raw if v is not None and str(v) != ""]
    return [str(raw)]


def _first(source: Mapping, name: str | None) -> str:
    values = _values(source.get(name)) if name else []
    return values[0].strip() if values else ""


def _affiliations(values: list[str]) -> tuple[str, ...]:
    # eduPersonScopedAffiliation sends "staff@example.edu": the part before "@" is the affiliation.
    seen: list[str] = []
    for value in values:
        for part in value.replace(";", ",").split(","):
            word = part.split("@", 1)[0].strip().lower()
            if word and word not in seen:
                seen.append(word)
    return tuple(seen)


def _identity(protocol: str, idp: str, source: Mapping, mapping: Mapping[str, str], **extra):
    return Identity(
        protocol=protocol,
        idp=idp,
        subject=_first(source, mapping.get("subject")),
        email=_first(source, mapping.get("email")).lower(),
        given_name=_first(source, mapping.get("given_name")),
        family_name=_first(source, mapping.get("family_name")),
        display_name=_first(source, mapping.get("display_name")),
        unit=_first(source, mapping.get("unit")),
        title=_first(source, mapping.get("title")),
        affiliations=_affiliations(_values(source.get(mapping.get("affiliation", "")))),
        groups=tuple(_values(source.get(mapping.get("groups", "")))),
        **extra,
    )


def identity_from_saml(session_info: Mapping) -> Identity:
    """Map a pysaml2 ``session_info`` (``issuer``, ``ava`` = attribute name → list of values)."""
    return _identity(
        Profile.Protocol.SAML,
        str(session_info.get("issuer", "")),
        session_info.get("ava", {}),
        settings.SAML_ATTRIBUTES,
    )


def identity_from_oidc(claims: Mapping, issuer: str) -> Identity:
    """Map OIDC userinfo ``claims``. An ``email_verified`` of false means the e-mail domain does
    not count towards eligibility."""
    return _identity(
        Profile.Protocol.OIDC,
        issuer,
        claims,
        settings.OIDC_CLAIMS,
        email_verified=claims.get("email_verified", True) is not False,
    )


def _domain_allowed(email: str, domains: list[str]) -> bool:
    domain = email.rpartition("@")[2]
    return bool(domain) and any(domain == d or domain.endswith(f".{d}") for d in domains)


def check_eligibility(identity: Identity) -> None:
    """Raise SignInRefused unless ``identity`` may sign in.

    Needs a stable identifier. Then, when ``SSO_ALLOWED_AFFILIATIONS`` and/or
    ``SSO_ALLOWED_EMAIL_DOMAINS`` are set, one of the person's affiliations must be allowed or
    their (verified) e-mail must be at an allowed domain or a subdomain of one. With neither set,
    everyone the IdP authenticates may sign in.
    """
    if not identity.subject:
        name = (settings.SAML_ATTRIBUTES if identity.protocol == "saml" else settings.OIDC_CLAIMS)[
            "subject"
        ]
        raise SignInRefused(
            f"Your identity provider did not send “{name}”, which this site needs to recognise "
            "you from one visit to the next. Ask your IT service desk to release it to this site.",
            code="missing_identifier",
        )
    affiliations = settings.SSO_ALLOWED_AFFILIATIONS
    domains = settings.SSO_ALLOWED_EMAIL_DOMAINS
    if not affiliations and not domains:
        return
    if set(identity.affiliations) & set(affiliations):
        return
    if identity.email_verified and _domain_allowed(identity.email, domains):
        return
    rules = []
    if affiliations:
        rules.append("people whose affiliation is " + ", ".join(affiliations))
    if domains:
        rules.append("people with an e-mail address at " + ", ".join(domains))
    yours = ", ".join(identity.affiliations) or "none"
    raise SignInRefused(
        f"This site is open to {' and to '.join(rules)}. "
        f"Your identity provider gives your affiliation as: {yours}"
        + (f", and your e-mail as {identity.email}." if identity.email else "."),
        code="not_eligible",
    )
