"""Single sign-on URLs. Not namespaced: djangosaml2 and mozilla-django-oidc reverse these names.

``accounts/logout/`` takes over Django's logout (same URL and name) so SSO users are logged out
at their identity provider too.
"""

from django.urls import path

from . import oidc, saml, views

urlpatterns = [
    path("accounts/logout/", views.logout, name="logout"),
    path("saml2/login/", saml.LoginView.as_view(), name="saml2_login"),
    path("saml2/acs/", saml.AssertionConsumerServiceView.as_view(), name="saml2_acs"),
    path("saml2/ls/", saml.LogoutServiceView.as_view(), name="saml2_ls"),
    path("saml2/ls/post/", saml.LogoutServiceView.as_view(), name="saml2_ls_post"),
    path("saml2/metadata/", saml.MetadataView.as_view(), name="saml2_metadata"),
    path("oidc/authenticate/", oidc.OidcLoginView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_authentication_callback"),
]
