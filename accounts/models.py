"""What the site holds about a person beyond Django's User: their identity at the organisation's
identity provider and the directory details it sends (unit, title, affiliation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """One per user who signed in through SAML or OpenID Connect (local accounts may have none).

    ``sso_id`` is the stable identifier a person is matched by on every sign-in, never their
    e-mail: ``saml:<eduPersonPrincipalName>`` or ``oidc:<issuer>|<sub>``. It is unique; it is
    cleared when the account is anonymised, so the same person signing in again starts afresh.
    """

    class Protocol(models.TextChoices):
        SAML = "saml", "SAML 2.0"
        OIDC = "oidc", "OpenID Connect"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    sso_id = models.CharField(
        "identity provider identifier", max_length=600, unique=True, null=True, blank=True
    )
    protocol = models.CharField(max_length=10, choices=Protocol.choices, blank=True)
    idp = models.CharField(
        "identity provider", max_length=500, blank=True, help_text="SAML entity ID or OIDC issuer."
    )
    display_name = models.CharField(max_length=200, blank=True)
    unit = models.CharField("unit or department", max_length=200, blank=True)
    title = models.CharField("job title", max_length=200, blank=True)
    affiliations = models.CharField(
        max_length=300, blank=True, help_text="As sent by the identity provider, comma-separated."
    )
    coordinator_from_idp = models.BooleanField(
        default=False,
        help_text="Coordinator rights granted because of an identity-provider group; removed "
        "at the next sign-in without that group.",
    )
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sso_id__isnull=True) | ~models.Q(protocol=""),
                name="profile_sso_id_has_protocol",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def affiliation_list(self) -> list[str]:
        return [a for a in self.affiliations.split(",") if a]
