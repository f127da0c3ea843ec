"""Single sign-on settings, read from environment variables or a TOML file (see README "Sign-in").

``sso_settings(environ, site_url=..., site_name=...)`` returns a dict of Django settings that
``cop_site/settings.py`` merges into its own: SAML (djangosaml2 / pysaml2), OpenID Connect
(mozilla-django-oidc) and the rules shared by both (attribute mapping, eligibility, coordinators).
Either protocol, both or neither may be enabled; the local password login always stays.

If ``SSO_SETTINGS_FILE`` names a TOML file, its top-level keys are read as if they were
environment variables of the same names (values in the file win), so secrets can live in a file
only the web server can read.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Our field → the attribute an IdP sends. SAML names are pysaml2's friendly names, which it
# derives from the urn:oid:... names a Shibboleth IdP sends (eduPersonPrincipalName is
# urn:oid:1.3.6.1.4.1.5923.1.1.1.6, ou is urn:oid:2.5.4.11, ...).
SAML_DEFAULT_ATTRIBUTES = {
    "subject": "eduPersonPrincipalName",
    "email": "mail",
    "given_name": "givenName",
    "family_name": "sn",
    "display_name": "displayName",
    "unit": "ou",
    "title": "title",
    "affiliation": "eduPersonAffiliation",
    "groups": "isMemberOf",
}
OIDC_DEFAULT_CLAIMS = {
    "subject": "sub",
    "email": "email",
    "given_name": "given_name",
    "family_name": "family_name",
    "display_name": "name",
    "unit": "department",
    "title": "title",
    "affiliation": "affiliation",
    "groups": "groups",
}
MAPPED_FIELDS = frozenset(SAML_DEFAULT_ATTRIBUTES)


def _merged_environ(environ: Mapping[str, str]) -> dict[str, str]:
    values = dict(environ)
    path = values.get("SSO_SETTINGS_FILE", "")
    if path:
        try:
            with open(path, "rb") as handle:
                from_file = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ImproperlyConfigured(f"SSO_SETTINGS_FILE {path!r}: {error}") from error
        for key, value in from_file.items():
            if isinstance(value, bool):
                value = "1" if value else "0"
            elif isinstance(value, list):
                value = ",".join(str(v) for v in value)
            elif isinstance(value, dict):
                value = json.dumps(value)
            values[key] = str(value)
    return values


def _bool(values: Mapping[str, str], name: str, default: bool) -> bool:
    value = values.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def _list(values: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in values.get(name, "").split(",") if item.strip()]


def _mapping(values: Mapping[str, str], name: str, defaults: dict[str, str]) -> dict[str, str]:
    """Defaults overridden by a JSON object in ``name``, e.g. ``{"unit": "departmentNumber"}``."""
    raw = values.get(name, "").strip()
    if not raw:
        return dict(defaults)
    try:
        override = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {error}") from error
    unknown = set(override) - MAPPED_FIELDS if isinstance(override, dict) else {"(not an object)"}
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: unknown keys {sorted(unknown)}; known: {sorted(MAPPED_FIELDS)}"
        )
    return {**defaults, **override}


def saml_config(
    *,
    site_url: str,
    site_name: str,
    entity_id: str,
    metadata_url: str = "",
    metadata_file: str = "",
    key_file: str = "",
    cert_file: str = "",
    xmlsec_binary: str = "",
    want_response_signed: bool = False,
) -> dict:
    """The pysaml2 SP configuration (djangosaml2's ``SAML_CONFIG``) for one IdP.

    ``metadata_url`` is fetched by pysaml2 (cached, see accounts.saml.config_loader);
    ``metadata_file`` is a local copy. Assertions must be signed by the IdP; logout requests we
    send are signed with ``key_file`` / ``cert_file``, which also decrypt encrypted assertions.
    """
    metadata: dict = {}
    if metadata_url:
        metadata["remote"] = [{"url": metadata_url}]
    if metadata_file:
        metadata["local"] = [metadata_file]
    config = {
        "xmlsec_binary": xmlsec_binary or shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": entity_id,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": site_name,
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{site_url}/saml2/acs/", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
                    ],
                    "single_logout_service": [
                        (
                            f"{site_url}/saml2/ls/",
                            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
                        ),
                        (
                            f"{site_url}/saml2/ls/post/",
                            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                        ),
                    ],
                },
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": want_response_signed,
                "authn_requests_signed": bool(key_file),
                "logout_requests_signed": bool(key_file),
                "requested_attributes": [],
            }
        },
        "metadata": metadata,
        "debug": 0,
    }
    if key_file and cert_file:
        config["key_file"] = key_file
        config["cert_file"] = cert_file
        config["encryption_keypairs"] = [{"key_file": key_file, "cert_file": cert_file}]
    return config


def sso_settings(environ: Mapping[str, str], *, site_url: str, site_name: str, debug: bool) -> dict:
    """Django settings for single sign-on from ``environ`` (see the module docstring).

    Raises ImproperlyConfigured when a protocol is enabled without what it needs.
    """
    values = _merged_environ(environ)
    settings: dict = {
        "SSO_ALLOWED_AFFILIATIONS": [a.lower() for a in _list(values, "SSO_ALLOWED_AFFILIATIONS")],
        "SSO_ALLOWED_EMAIL_DOMAINS": [
            d.lower().lstrip("@") for d in _list(values, "SSO_ALLOWED_EMAIL_DOMAINS")
        ],
        "SSO_COORDINATOR_GROUP": values.get("SSO_COORDINATOR_GROUP", "").strip(),
    }

    metadata_url = values.get("SAML_IDP_METADATA_URL", "").strip()
    metadata_file = values.get("SAML_IDP_METADATA_FILE", "").strip()
    saml_enabled = _bool(values, "SAML_ENABLED", bool(metadata_url or metadata_file))
    settings["SAML_ENABLED"] = saml_enabled
    settings["SAML_LABEL"] = values.get("SAML_LABEL", "Sign in with your organisation account")
    settings["SAML_ATTRIBUTES"] = _mapping(values, "SAML_ATTRIBUTE_MAP", SAML_DEFAULT_ATTRIBUTES)
    if saml_enabled:
        if not (metadata_url or metadata_file):
            raise ImproperlyConfigured(
                "SAML_ENABLED needs SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE."
            )
        key_file = values.get("SAML_SP_KEY_FILE", "").strip()
        cert_file = values.get("SAML_SP_CERT_FILE", "").strip()
        if bool(key_file) != bool(cert_file):
            raise ImproperlyConfigured(
                "Set both SAML_SP_KEY_FILE and SAML_SP_CERT_FILE, or neither."
            )
        if not debug and not key_file:
            raise ImproperlyConfigured(
                "SAML in production needs SAML_SP_KEY_FILE and SAML_SP_CERT_FILE."
            )
        for path in (key_file, cert_file, metadata_file):
            if path and not Path(path).is_file():
                raise ImproperlyConfigured(f"SAML file not found: {path}")
        settings["SAML_CONFIG"] = saml_config(
            site_url=site_url,
            site_name=site_name,
            entity_id=values.get("SAML_SP_ENTITY_ID", f"{site_url}/saml2/metadata/"),
            metadata_url=metadata_url,
            metadata_file=metadata_file,
            key_file=key_file,
            cert_file=cert_file,
            xmlsec_binary=values.get("SAML_XMLSEC_BINARY", ""),
            want_response_signed=_bool(values, "SAML_WANT_RESPONSE_SIGNED", False),
        )

    client_id = values.get("OIDC_RP_CLIENT_ID", "").strip()
    oidc_enabled = _bool(values, "OIDC_ENABLED", bool(client_id))
    settings["OIDC_ENABLED"] = oidc_enabled
    settings["OIDC_LABEL"] = values.get("OIDC_LABEL", "Sign in with OpenID Connect")
    settings["OIDC_CLAIMS"] = _mapping(values, "OIDC_CLAIM_MAP", OIDC_DEFAULT_CLAIMS)
    if oidc_enabled:
        issuer = values.get("OIDC_ISSUER", "").strip().rstrip("/")
        endpoints = {
            name: values.get(name, "").strip()
            for name in (
                "OIDC_OP_AUTHORIZATION_ENDPOINT",
                "OIDC_OP_TOKEN_ENDPOINT",
                "OIDC_OP_USER_ENDPOINT",
                "OIDC_OP_JWKS_ENDPOINT",
                "OIDC_OP_LOGOUT_ENDPOINT",
            )
        }
        explicit = all(
            endpoints[name] for name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT")
        )
        missing = [
            name
            for name in ("OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
            if explicit and not endpoints[name]
        ]
        if missing:
            raise ImproperlyConfigured(f"Explicit OIDC endpoints also need {', '.join(missing)}.")
        if not client_id or not values.get("OIDC_RP_CLIENT_SECRET"):
            raise ImproperlyConfigured("OIDC needs OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET.")
        if not issuer:
            raise ImproperlyConfigured(
                "OIDC needs OIDC_ISSUER (used for discovery and to check the ID token's iss)."
            )
        settings.update(
            {
                "OIDC_ISSUER": issuer,
                "OIDC_RP_CLIENT_ID": client_id,
                "OIDC_RP_CLIENT_SECRET": values["OIDC_RP_CLIENT_SECRET"],
                "OIDC_RP_SCOPES": values.get("OIDC_RP_SCOPES", "openid email profile"),
                "OIDC_RP_SIGN_ALGO": values.get("OIDC_RP_SIGN_ALGO", "RS256"),
                "OIDC_USE_PKCE": _bool(values, "OIDC_USE_PKCE", True),
                "OIDC_USE_NONCE": True,
                "OIDC_STORE_ID_TOKEN": True,
                "OIDC_TIMEOUT": 10,
                "OIDC_USE_DISCOVERY": not explicit,
                "OIDC_OP_LOGOUT_URL_METHOD": "accounts.oidc.provider_logout_url",
                "LOGIN_REDIRECT_URL_FAILURE": "login",
                **{name: value for name, value in endpoints.items() if value},
            }
        )
    return settings
