"""Template helpers for sign-in options and people's directory details."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

register = template.Library()


@register.simple_tag
def sso_options() -> list[dict]:
    """The enabled single sign-on options: ``[{"protocol", "label", "url"}]`` (may be empty)."""
    options = []
    if settings.SAML_ENABLED:
        options.append(
            {"protocol": "saml", "label": settings.SAML_LABEL, "url": reverse("saml2_login")}
        )
    if settings.OIDC_ENABLED:
        options.append(
            {
                "protocol": "oidc",
                "label": settings.OIDC_LABEL,
                "url": reverse("oidc_authentication_init"),
            }
        )
    return options


@register.filter
def title_and_unit(user) -> str:
    """ "Title, Unit" from the user's profile; empty when there is no profile or neither is known.
    Reads ``user.profile`` (select_related it to avoid a query per person)."""
    try:
        profile = user.profile
    except (AttributeError, ObjectDoesNotExist):
        return ""
    return ", ".join(part for part in (profile.title, profile.unit) if part)
