"""accounts.sso_settings: what operators set, and the loud errors for what they forgot."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.sso_settings import sso_settings

SITE = {"site_url": "https://cop.example.edu", "site_name": "CoP", "debug": False}


def test_with_nothing_set_both_protocols_are_off():
    values = sso_settings({}, **SITE)
    assert (values["SAML_ENABLED"], values["OIDC_ENABLED"]) == (False, False)
    assert "SAML_CONFIG" not in values


def test_saml_from_a_metadata_url_builds_the_sp_endpoints_from_site_url(tmp_path):
    key, crt = tmp_path / "sp.key", tmp_path / "sp.crt"
    key.write_text("k")
    crt.write_text("c")
    values = sso_settings(
        {
            "SAML_IDP_METADATA_URL": "https://idp.example.edu/idp/shibboleth",
            "SAML_SP_KEY_FILE": str(key),
            "SAML_SP_CERT_FILE": str(crt),
            "SSO_ALLOWED_AFFILIATIONS": "Staff, faculty",
        },
        **SITE,
    )
    config = values["SAML_CONFIG"]
    assert config["entityid"] == "https://cop.example.edu/saml2/metadata/"
    acs = config["service"]["sp"]["endpoints"]["assertion_consumer_service"][0][0]
    assert acs == "https://cop.example.edu/saml2/acs/"
    assert config["metadata"] == {"remote": [{"url": "https://idp.example.edu/idp/shibboleth"}]}
    assert config["service"]["sp"]["want_assertions_signed"] is True
    assert values["SSO_ALLOWED_AFFILIATIONS"] == ["staff", "faculty"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SAML_ENABLED": "1"}, "SAML_IDP_METADATA_URL"),
        ({"SAML_IDP_METADATA_URL": "https://idp"}, "SAML_SP_KEY_FILE"),
        ({"SAML_IDP_METADATA_FILE": "/nonexistent.xml", "SAML_SP_KEY_FILE": "/k"}, "both"),
        ({"OIDC_RP_CLIENT_ID": "cop"}, "OIDC_RP_CLIENT_SECRET"),
        ({"OIDC_RP_CLIENT_ID": "cop", "OIDC_RP_CLIENT_SECRET": "s"}, "OIDC_ISSUER"),
        (
            {
                "OIDC_RP_CLIENT_ID": "cop",
                "OIDC_RP_CLIENT_SECRET": "s",
                "OIDC_ISSUER": "https://op",
                "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://op/auth",
                "OIDC_OP_TOKEN_ENDPOINT": "https://op/token",
            },
            "OIDC_OP_USER_ENDPOINT",
        ),
        ({"OIDC_CLAIM_MAP": '{"shoe_size": "x"}'}, "unknown keys"),
        ({"SAML_ATTRIBUTE_MAP": "not json"}, "JSON"),
    ],
)
def test_incomplete_settings_fail_at_start_up_naming_what_is_missing(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        sso_settings(environ, **SITE)


def test_a_toml_settings_file_is_read_like_the_environment(tmp_path):
    path = tmp_path / "sso.toml"
    path.write_text(
        'OIDC_ISSUER = "https://login.example.edu"\n'
        'OIDC_RP_CLIENT_ID = "cop"\n'
        'OIDC_RP_CLIENT_SECRET = "from-the-file"\n'
        'SSO_ALLOWED_EMAIL_DOMAINS = ["example.edu", "@med.example.edu"]\n'
        'OIDC_CLAIM_MAP = {unit = "ou"}\n'
    )
    values = sso_settings({"SSO_SETTINGS_FILE": str(path)}, **SITE)
    assert values["OIDC_ENABLED"] is True
    assert values["OIDC_RP_CLIENT_SECRET"] == "from-the-file"
    assert values["OIDC_USE_PKCE"] is True
    assert values["OIDC_USE_DISCOVERY"] is True
    assert values["SSO_ALLOWED_EMAIL_DOMAINS"] == ["example.edu", "med.example.edu"]
    assert values["OIDC_CLAIMS"]["unit"] == "ou"
