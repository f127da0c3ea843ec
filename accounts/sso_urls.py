"""Single sign-on URLs. Not namespaced: djangosaml2 and mozilla-django-oidc reverse these names.

``accounts/logout/`` takes over Django's logout (same URL and name) so SSO users are logged out
at their identity provider too.
"""

from django.urls import path

from . import oidc, saml, views

urlpatterns = [
    path("accounts/logout/", views.logout, name="logout"),
    # Thin views: pysaml2 is imported when one is first used with SAML enabled (accounts.saml).
    path("saml2/login/", saml.login, name="saml2_login"),
    path("saml2/acs/", saml.assertion_consumer_service, name="saml2_acs"),
    path("saml2/ls/", saml.logout_service, name="saml2_ls"),
    path("saml2/ls/post/", saml.logout_service, name="saml2_ls_post"),
    path("saml2/metadata/", saml.metadata, name="saml2_metadata"),
    path("oidc/authenticate/", oidc.OidcLoginView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_authentication_callback"),
]
